/*
 * Machines: the board type chosen with -M.  MachineClass describes it;
 * MachineState carries what the command line asked for (RAM, CPUs,
 * kernel, firmware) and is the /machine object in the composition tree.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "qom/object.h"
#include "exec/memory.h"
#include "sysemu/runstate.h"
#include "sysemu/accel.h"

#define TYPE_MACHINE_SUFFIX "-machine"
#define MACHINE_TYPE_NAME(machinename) (machinename TYPE_MACHINE_SUFFIX)
#define TYPE_MACHINE "machine"
OBJECT_DECLARE_TYPE(MachineState, MachineClass, MACHINE)

/* Which -smp parameters this board's topology knows (others must be 1). */
typedef struct SMPCompatProps {
    bool prefer_sockets;             /* fill sockets before cores (< 6.2) */
    bool dies_supported;
    bool clusters_supported;
} SMPCompatProps;

typedef struct CpuTopology {
    unsigned int cpus;
    unsigned int sockets;
    unsigned int dies;
    unsigned int clusters;
    unsigned int cores;
    unsigned int threads;
    unsigned int max_cpus;
} CpuTopology;

struct MachineClass {
    ObjectClass parent_class;
    const char *family;
    const char *name;                 /* without the -machine suffix */
    const char *alias;                /* "pc" */
    const char *desc;
    const char *deprecation_reason;
    void (*init)(MachineState *ms);
    void (*reset)(MachineState *ms, ShutdownCause reason);
    int max_cpus;
    int min_cpus;
    int default_cpus;
    bool is_default;
    bool no_serial, no_parallel, no_floppy, no_cdrom, no_sdcard;
    bool default_kernel_irqchip_split;
    const char *default_machine_opts;
    const char *default_display;
    const char *default_cpu_type;
    uint64_t default_ram_size;
    const char *default_ram_id;      /* NULL: the board makes its RAM */
    const char *default_boot_order;  /* "cad" for the PC */
    /* Can this machine have a device on its default bus? */
    const char *default_bus_type;
    SMPCompatProps smp_props;
    /* -kernel/-initrd/-append are refused (the none machine). */
    bool no_kernel;
};

typedef enum OnOffAuto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
} OnOffAuto;

struct MachineState {
    Object parent_obj;
    char *dtb;
    char *dumpdtb;
    char *firmware;                  /* -bios */
    bool kernel_irqchip_allowed;
    bool kernel_irqchip_required;
    bool kernel_irqchip_split;
    bool usb;
    bool suppress_vmdesc;
    bool enable_graphics;
    char *memory_encryption;
    uint64_t ram_size;
    uint64_t maxram_size;
    uint64_t ram_slots;
    MemoryRegion *ram;               /* all of guest RAM */
    char *boot_order;
    char *kernel_filename;
    char *kernel_cmdline;
    char *initrd_filename;
    const char *cpu_type;
    AccelState *accelerator;
    CpuTopology smp;
    char *name;                      /* -name guest= */
    uint8_t uuid[16];
    bool has_uuid;
};

MachineState *qdev_get_machine(void);       /* /machine, NULL before -M */
extern MachineState *current_machine;
/* "-machine help" in QEMU's format. */
void machine_print_help(FILE *out);
MachineClass *machine_find_class(const char *name); /* name or alias */
MachineClass *machine_find_default(void);
/*
 * -smp parsing and checks, QEMU's messages: "cpus=N,sockets=..,dies=..,
 * clusters=..,cores=..,threads=..,maxcpus=.." with "cpus" implied.
 * Fills ms->smp; the topology is checked against the class limits.
 */
bool machine_parse_smp(MachineState *ms, const char *optarg, Error **errp);
/* Several -smp options merged, later keys winning (NULL-terminated). */
bool machine_parse_smp_list(MachineState *ms, char **optargs, Error **errp);
/* ms->smp from the class defaults (no -smp). */
void machine_smp_defaults(MachineState *ms);
/* "sockets (2) * dies (1) * cores (2) * threads (1)"; caller frees. */
char *cpu_hierarchy_to_string(MachineState *ms);
/* -m size=..,slots=..,maxmem=.. after suffix handling. */
typedef struct MemorySizeConfiguration {
    bool has_size;
    uint64_t size;
    bool has_max_size;
    uint64_t max_size;
    bool has_slots;
    uint64_t slots;
} MemorySizeConfiguration;
/* Check and store into ram_size/maxram_size/ram_slots (QEMU's messages). */
bool machine_set_memory(MachineState *ms, const MemorySizeConfiguration *mem,
                        Error **errp);
/* "-machine TYPE,help": the properties of the machine type. */
void machine_print_props(FILE *out, MachineClass *mc);
/*
 * Create guest RAM (ms->ram, named mc->default_ram_id, ms->ram_size bytes)
 * when the board asks for it, then run mc->init.  false with errp set on
 * failure; nothing of the guest has run yet.
 */
bool machine_run_board_init(MachineState *ms, Error **errp);
#define machine_ram_size(ms) ((ms)->ram_size)

#endif
