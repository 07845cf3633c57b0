/*
 * Accelerators: how guest code runs.  An accelerator object ("kvm",
 * "tcg", "qtest") is chosen from -accel / -machine accel=, tried in order;
 * init_machine() failing with a clear error moves to the next one.
 * Its AccelOpsClass creates vCPU threads and moves register state.
 */
#ifndef SYSEMU_ACCEL_H
#define SYSEMU_ACCEL_H

#include "qom/object.h"
#include "exec/memory.h"
#include "hw/core/cpu.h"

#define TYPE_ACCEL "accel"
#define ACCEL_CLASS_SUFFIX "-" TYPE_ACCEL
#define ACCEL_CLASS_NAME(a) (a ACCEL_CLASS_SUFFIX)
OBJECT_DECLARE_TYPE(AccelState, AccelClass, ACCEL)

typedef struct MachineState MachineState;

struct AccelState {
    Object parent_obj;
};

struct AccelClass {
    ObjectClass parent_class;
    const char *name;
    /* Return 0, or a negative errno after setting errp. */
    int (*init_machine)(MachineState *ms, Error **errp);
    void (*setup_post)(MachineState *ms, AccelState *accel);
    bool (*has_memory)(MachineState *ms, AddressSpace *as, hwaddr start,
                       hwaddr size);
    bool *allowed;
};

#define TYPE_ACCEL_OPS "accel-ops"
OBJECT_DECLARE_TYPE(AccelOpsState, AccelOpsClass, ACCEL_OPS)
struct AccelOpsState { Object parent_obj; };

struct AccelOpsClass {
    ObjectClass parent_class;
    void (*create_vcpu_thread)(CPUState *cpu);
    void (*kick_vcpu_thread)(CPUState *cpu);
    bool (*cpu_thread_is_idle)(CPUState *cpu);
    /* Registers: accel <-> CPUState copies. */
    void (*synchronize_state)(CPUState *cpu);      /* accel -> env */
    void (*synchronize_post_reset)(CPUState *cpu); /* env -> accel */
    void (*synchronize_post_init)(CPUState *cpu);
    void (*synchronize_pre_loadvm)(CPUState *cpu);
    /* Interrupt_request handling for accels that need it (TCG). */
    void (*handle_interrupt)(CPUState *cpu, int mask);
    int64_t (*get_virtual_clock)(void);
};

AccelState *current_accel(void);
const char *current_accel_name(void);
/* "kvm" -> the kvm-accel class, NULL if not built in. */
AccelClass *accel_find(const char *name);
/*
 * Bind accel to the machine and run its init_machine(); sets *allowed.
 * Returns 0 or the negative errno of the failure (errp set).
 */
int accel_init_machine(AccelState *accel, MachineState *ms, Error **errp);
/* After machine init (accel-specific late setup). */
void accel_setup_post(MachineState *ms);
/*
 * One -accel (or one name of -machine accel=a:b) to try: name plus the
 * "prop=value" settings; loc_opt/loc_arg give the error location
 * ("-accel", "kvm,thread=x"; NULL when the accel came from elsewhere).
 */
typedef struct AccelOption {
    char *name;
    GPtrArray *props;                /* "key=value" strings */
    const char *loc_opt;
    char *loc_arg;
} AccelOption;
/*
 * Try each AccelOption of the list in order; the first whose init
 * succeeds wins.  Failures are reported like QEMU ("failed to initialize
 * kvm: ..."); falling back prints "falling back to tcg".  Exits(1) when
 * none works, before any guest code exists.
 */
void accel_setup_from_list(MachineState *ms, GList *accel_opts);
void cpus_register_accel(const AccelOpsClass *ops);
const AccelOpsClass *cpus_get_accel(void);
/* "-accel help": "Accelerators supported in QEMU binary:" + names. */
void accel_print_help(FILE *out);

/* Per-accelerator knobs set before machine init. */
extern bool kvm_allowed;
extern bool tcg_allowed;
extern bool qtest_allowed;
static inline bool kvm_enabled(void) { return kvm_allowed; }
static inline bool tcg_enabled(void) { return tcg_allowed; }
static inline bool qtest_enabled(void) { return qtest_allowed; }

/* Generic vCPU management (system/cpus.c). */
void qemu_init_vcpu(CPUState *cpu);
void cpu_synchronize_state(CPUState *cpu);
void cpu_synchronize_all_states(void);
void cpu_synchronize_all_post_reset(void);
void cpu_synchronize_all_post_init(void);
void qemu_cpu_kick(CPUState *cpu);
bool cpu_can_run(CPUState *cpu);
void qemu_wait_io_event(CPUState *cpu);       /* vCPU thread idles here */
void cpu_thread_signal_created(CPUState *cpu);
void cpu_thread_signal_destroyed(CPUState *cpu);
void pause_all_vcpus(void);
void resume_all_vcpus(void);
bool all_vcpus_paused(void);
bool qemu_cpu_is_self(CPUState *cpu);
/* Nothing to do: stopped, or halted with no work (see the accel hook). */
bool cpu_thread_is_idle(CPUState *cpu);
void cpu_synchronize_all_pre_loadvm(void);
/* Ask the vCPU to leave guest code at its next check. */
void cpu_exit(CPUState *cpu);

#endif
