/*
 * The generic vCPU.  Each CPUState runs in its own thread (created by the
 * accelerator's AccelOpsClass).  Other threads ask it to do things through
 * flags it checks at safe points: interrupt_request (hardware interrupt
 * lines), exit_request/stop (leave the guest loop), and run_on_cpu work.
 */
#ifndef HW_CORE_CPU_H
#define HW_CORE_CPU_H

#include "hw/qdev-core.h"
#include "qemu/thread.h"

#define TYPE_CPU "cpu"
OBJECT_DECLARE_TYPE(CPUState, CPUClass, CPU)

typedef struct AccelCPUState AccelCPUState;
typedef struct CPUArchState CPUArchState;
typedef struct AddressSpace AddressSpace;
typedef struct MemoryRegion MemoryRegion;

/* interrupt_request bits */
#define CPU_INTERRUPT_HARD 0x0002   /* external interrupt pending */
#define CPU_INTERRUPT_EXITTB 0x0004 /* leave the current TB */
#define CPU_INTERRUPT_HALT 0x0020
#define CPU_INTERRUPT_INIT 0x0400
#define CPU_INTERRUPT_SIPI 0x0800
#define CPU_INTERRUPT_SMI 0x1000
#define CPU_INTERRUPT_NMI 0x0200
#define CPU_INTERRUPT_POLL 0x0080   /* APIC poll */
#define CPU_INTERRUPT_TGT_EXT_0 0x0008
#define CPU_INTERRUPT_TGT_EXT_1 0x0010
#define CPU_INTERRUPT_TGT_EXT_2 0x0040
#define CPU_INTERRUPT_TGT_EXT_3 0x0100
#define CPU_INTERRUPT_TGT_INT_0 0x0100

struct CPUClass {
    DeviceClass parent_class;
    ObjectClass *(*class_by_name)(const char *cpu_model);
    bool (*has_work)(CPUState *cpu);
    int64_t (*get_arch_id)(CPUState *cpu);
    void (*dump_state)(CPUState *cpu, GString *out, int flags);
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    uint64_t (*get_pc)(CPUState *cpu);
    /* Translate a virtual address with the current paging mode;
     * -1 if unmapped.  Used by debuggers and HMP "x". */
    hwaddr (*get_phys_page_debug)(CPUState *cpu, uint64_t addr);
    /* TCG hooks of the target (hw/core/tcg-cpu-ops.h); NULL: no TCG. */
    const struct TCGCPUOps *tcg_ops;
    DeviceReset *parent_reset;
    DeviceRealize *parent_realize;
};

typedef void (*run_on_cpu_func)(CPUState *cpu, void *data);

struct CPUState {
    DeviceState parent_obj;
    int cpu_index;               /* 0..smp.max_cpus-1 */
    int nr_cores;
    int nr_threads;
    QemuThread *thread;
    int thread_id;
    bool created;
    bool stop;                   /* requested to stop */
    bool stopped;                /* is stopped */
    bool unplug;
    bool running;
    bool halted;                 /* in HLT, waiting for an interrupt */
    bool crash_occurred;
    bool vcpu_dirty;             /* accel registers must be re-written */
    volatile int exit_request;
    volatile uint32_t interrupt_request;
    int exception_index;
    QemuCond *halt_cond;
    struct QemuWorkItem *work_list;
    QemuMutex work_mutex;
    CPUArchState *env_ptr;
    AccelCPUState *accel;
    int kvm_fd;
    struct kvm_run *kvm_run;
    void *opaque;
    bool singlestep_enabled;
    int64_t icount_budget;
    /* TCG: per-vCPU translation-block jump cache, owned by accel/tcg */
    void *tb_jmp_cache;
    /* TCG: the TLB fast part (env + tcg_ops->tlb_fast_ofs) and the
     * accel's private TLB state. */
    struct CPUTLBDescFast *tlb_fast;
    void *tlb_priv;
    void *jmp_env;               /* sigjmp_buf * of the running loop */
    /* Set when this CPU's TLB must be flushed before next use. */
    uint32_t pending_tlb_flush;
    AddressSpace *as;
    MemoryRegion *memory;
    GList *link;                 /* in the global CPU list */
};

/* The list of CPUs, in cpu_index order. */
extern GList *cpus_list;
#define CPU_FOREACH(cpu)                                                       \
    for (GList *_l = cpus_list; _l && ((cpu) = _l->data, 1); _l = _l->next)
CPUState *first_cpu_get(void);
#define first_cpu first_cpu_get()
CPUState *qemu_get_cpu(int index);
extern __thread CPUState *current_cpu;

void cpu_list_add(CPUState *cpu);
void cpu_list_remove(CPUState *cpu);
/* Raise/clear interrupt_request bits and kick the vCPU out of the guest. */
void cpu_interrupt(CPUState *cpu, int mask);
void cpu_reset_interrupt(CPUState *cpu, int mask);
void cpu_reset(CPUState *cpu);
bool cpu_has_work(CPUState *cpu);
void cpu_dump_state(CPUState *cpu, GString *out, int flags);
#define CPU_DUMP_FPU 1
#define CPU_DUMP_CODE 2
hwaddr cpu_get_phys_page_debug(CPUState *cpu, uint64_t addr);
/* Read/write guest virtual memory for debuggers; -1 on unmapped. */
int cpu_memory_rw_debug(CPUState *cpu, uint64_t addr, void *buf,
                        size_t len, bool is_write);
/* Run func on cpu's thread and wait (BQL held by caller, dropped while
 * waiting). */
void run_on_cpu(CPUState *cpu, run_on_cpu_func func, void *data);
void async_run_on_cpu(CPUState *cpu, run_on_cpu_func func, void *data);
/* Called by the vCPU thread at safe points. */
void process_queued_cpu_work(CPUState *cpu);
bool cpu_work_list_empty(CPUState *cpu);
/* Create a CPU of a type ("qemu64-x86_64-cpu"), realized. */
CPUState *cpu_create(const char *typename);

#endif
