/*
 * TYPE_CPU: the generic vCPU object, the CPU list, interrupt requests and
 * the run_on_cpu work queue.  Thread management is in system/cpus.c.
 */
#include "qemu/osdep.h"
#include "hw/core/cpu.h"
#include "sysemu/accel.h"
#include "exec/memory.h"
#include "qemu/error.h"
#include "qemu/main-loop.h"

GList *cpus_list;
__thread CPUState *current_cpu;
static int next_cpu_index;

typedef struct QemuWorkItem {
    struct QemuWorkItem *next;
    run_on_cpu_func func;
    void *data;
    bool free;                       /* async: freed after running */
    bool done;
} QemuWorkItem;

/* Waiters of run_on_cpu sleep here with the BQL as mutex. */
static QemuCond qemu_work_cond;

static void __attribute__((constructor)) cpu_common_init_conds(void)
{
    qemu_cond_init(&qemu_work_cond);
}

CPUState *first_cpu_get(void)
{
    return cpus_list ? cpus_list->data : NULL;
}

CPUState *qemu_get_cpu(int index)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpu->cpu_index == index) {
            return cpu;
        }
    }
    return NULL;
}

static gint cpu_index_cmp(gconstpointer a, gconstpointer b)
{
    const CPUState *x = a, *y = b;

    return x->cpu_index - y->cpu_index;
}

void cpu_list_add(CPUState *cpu)
{
    if (g_list_find(cpus_list, cpu)) {
        return;
    }
    if (cpu->cpu_index < 0) {
        cpu->cpu_index = next_cpu_index++;
    }
    cpus_list = g_list_insert_sorted(cpus_list, cpu, cpu_index_cmp);
    cpu->link = g_list_find(cpus_list, cpu);
}

void cpu_list_remove(CPUState *cpu)
{
    cpus_list = g_list_remove(cpus_list, cpu);
    cpu->link = NULL;
}

void cpu_interrupt(CPUState *cpu, int mask)
{
    const AccelOpsClass *ops = cpus_get_accel();

    if (ops && ops->handle_interrupt) {
        ops->handle_interrupt(cpu, mask);
        return;
    }
    __atomic_fetch_or(&cpu->interrupt_request, (uint32_t)mask,
                      __ATOMIC_SEQ_CST);
    if (!qemu_cpu_is_self(cpu)) {
        qemu_cpu_kick(cpu);
    }
}

void cpu_reset_interrupt(CPUState *cpu, int mask)
{
    __atomic_fetch_and(&cpu->interrupt_request, ~(uint32_t)mask,
                       __ATOMIC_SEQ_CST);
}

void cpu_reset(CPUState *cpu)
{
    /* Direct call: targets reset their CPU during realize, before the
     * device counts as realized. */
    DeviceClass *dc = DEVICE_GET_CLASS(cpu);

    if (dc->reset) {
        dc->reset(DEVICE(cpu));
    }
}

bool cpu_has_work(CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    return cc->has_work ? cc->has_work(cpu) : false;
}

void cpu_dump_state(CPUState *cpu, GString *out, int flags)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (cc->dump_state) {
        cpu_synchronize_state(cpu);
        cc->dump_state(cpu, out, flags);
    }
}

hwaddr cpu_get_phys_page_debug(CPUState *cpu, uint64_t addr)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    return cc->get_phys_page_debug ? cc->get_phys_page_debug(cpu, addr)
                                   : (hwaddr)-1;
}

int cpu_memory_rw_debug(CPUState *cpu, uint64_t addr, void *buf,
                        size_t len, bool is_write)
{
    uint8_t *p = buf;

    cpu_synchronize_state(cpu);
    while (len > 0) {
        uint64_t page = addr & ~(uint64_t)0xfff;
        size_t l = MIN(len, (size_t)(page + 0x1000 - addr));
        hwaddr phys = cpu_get_phys_page_debug(cpu, page);

        if (phys == (hwaddr)-1) {
            return -1;
        }
        phys = (phys & ~(hwaddr)0xfff) + (addr & 0xfff);
        if (address_space_rw(cpu->as ? cpu->as : &address_space_memory,
                             phys, MEMTXATTRS_UNSPECIFIED, p, l,
                             is_write) != MEMTX_OK) {
            return -1;
        }
        len -= l;
        addr += l;
        p += l;
    }
    return 0;
}

/* ---- work queue ---- */

static void queue_work_on_cpu(CPUState *cpu, QemuWorkItem *wi)
{
    QemuWorkItem **p;

    qemu_mutex_lock(&cpu->work_mutex);
    for (p = &cpu->work_list; *p; p = &(*p)->next) {
    }
    *p = wi;
    qemu_mutex_unlock(&cpu->work_mutex);
    qemu_cpu_kick(cpu);
}

bool cpu_work_list_empty(CPUState *cpu)
{
    bool empty;

    qemu_mutex_lock(&cpu->work_mutex);
    empty = cpu->work_list == NULL;
    qemu_mutex_unlock(&cpu->work_mutex);
    return empty;
}

void run_on_cpu(CPUState *cpu, run_on_cpu_func func, void *data)
{
    QemuWorkItem wi = { .func = func, .data = data };
    bool locked = qemu_mutex_iothread_locked();

    /* No thread to ask (yet), or we are it: just call. */
    if (!cpu->created || qemu_cpu_is_self(cpu)) {
        func(cpu, data);
        return;
    }
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    queue_work_on_cpu(cpu, &wi);
    while (!__atomic_load_n(&wi.done, __ATOMIC_ACQUIRE)) {
        qemu_cond_wait_iothread(&qemu_work_cond);
    }
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}

void async_run_on_cpu(CPUState *cpu, run_on_cpu_func func, void *data)
{
    QemuWorkItem *wi;

    if (!cpu->created) {
        func(cpu, data);
        return;
    }
    wi = g_new0(QemuWorkItem, 1);
    wi->func = func;
    wi->data = data;
    wi->free = true;
    queue_work_on_cpu(cpu, wi);
}

void process_queued_cpu_work(CPUState *cpu)
{
    bool locked = qemu_mutex_iothread_locked();

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    for (;;) {
        QemuWorkItem *wi;

        qemu_mutex_lock(&cpu->work_mutex);
        wi = cpu->work_list;
        if (wi) {
            cpu->work_list = wi->next;
        }
        qemu_mutex_unlock(&cpu->work_mutex);
        if (!wi) {
            break;
        }
        wi->func(cpu, wi->data);
        if (wi->free) {
            g_free(wi);
        } else {
            __atomic_store_n(&wi->done, true, __ATOMIC_RELEASE);
        }
    }
    qemu_cond_broadcast(&qemu_work_cond);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}

/* ---- creation ---- */

CPUState *cpu_create(const char *typename)
{
    Error *err = NULL;
    DeviceState *dev = qdev_new(typename);

    if (!qdev_realize(dev, NULL, &err)) {
        error_report_err(err);
        object_unref(OBJECT(dev));
        exit(1);
    }
    return CPU(dev);
}

static void cpu_common_reset(DeviceState *dev)
{
    CPUState *cpu = CPU(dev);

    cpu->interrupt_request = 0;
    cpu->halted = false;
    cpu->exception_index = -1;
    cpu->exit_request = 0;
    cpu->crash_occurred = false;
    cpu->pending_tlb_flush = 0;
}

static void cpu_common_realize(DeviceState *dev, Error **errp)
{
    cpu_list_add(CPU(dev));
}

static void cpu_common_unrealize(DeviceState *dev)
{
    cpu_list_remove(CPU(dev));
}

static void cpu_common_initfn(Object *obj)
{
    CPUState *cpu = CPU(obj);

    /* Assigned here, not at realize: targets use it before their
     * parent realize (APIC ids). */
    cpu->cpu_index = next_cpu_index++;
    cpu->nr_cores = 1;
    cpu->nr_threads = 1;
    cpu->exception_index = -1;
    cpu->stopped = true;
    cpu->kvm_fd = -1;
    qemu_mutex_init(&cpu->work_mutex);
    cpu->halt_cond = g_new0(QemuCond, 1);
    qemu_cond_init(cpu->halt_cond);
}

static void cpu_common_finalize(Object *obj)
{
    CPUState *cpu = CPU(obj);

    cpu_list_remove(cpu);
    /* A probe object (help, introspection) gives its index back. */
    if (cpu->cpu_index == next_cpu_index - 1) {
        next_cpu_index--;
    }
    qemu_mutex_destroy(&cpu->work_mutex);
}

static void cpu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = cpu_common_realize;
    dc->unrealize = cpu_common_unrealize;
    dc->reset = cpu_common_reset;
    dc->categories |= 1UL << DEVICE_CATEGORY_CPU;
    /* CPUs come from -smp/-cpu, not -device. */
    dc->user_creatable = false;
}

static const TypeInfo cpu_type_info = {
    .name = TYPE_CPU,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CPUState),
    .instance_init = cpu_common_initfn,
    .instance_finalize = cpu_common_finalize,
    .abstract = true,
    .class_size = sizeof(CPUClass),
    .class_init = cpu_class_init,
};

static void cpu_register_types(void)
{
    type_register_static(&cpu_type_info);
}

type_init(cpu_register_types)
