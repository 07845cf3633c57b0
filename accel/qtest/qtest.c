/*
 * The qtest accelerator: CPUs exist (so boards build as usual) but never
 * run guest code; each vCPU thread only waits for work, and the virtual
 * clock stands still until the qtest client moves it (clock_step).
 */
#include "qemu/osdep.h"
#include "sysemu/qtest.h"
#include "sysemu/accel.h"
#include "hw/boards.h"
#include "hw/core/cpu.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "qemu/thread.h"
#include <sys/syscall.h>

bool qtest_allowed;

static int qtest_init_accel(MachineState *ms, Error **errp)
{
    qemu_clock_set_manual_virtual(true);
    return 0;
}

static void qtest_accel_class_init(ObjectClass *oc, void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "QTest";
    ac->init_machine = qtest_init_accel;
    ac->allowed = &qtest_allowed;
}

static void *qtest_vcpu_thread_fn(void *arg)
{
    CPUState *cpu = arg;

    qemu_mutex_lock_iothread();
    cpu->thread_id = (int)syscall(SYS_gettid);
    current_cpu = cpu;
    cpu_thread_signal_created(cpu);
    while (!cpu->unplug) {
        qemu_wait_io_event(cpu);
    }
    cpu_thread_signal_destroyed(cpu);
    qemu_mutex_unlock_iothread();
    return NULL;
}

static void qtest_create_vcpu_thread(CPUState *cpu)
{
    g_autofree char *name = g_strdup_printf("CPU %d/QTest", cpu->cpu_index);

    if (!cpu->halt_cond) {
        cpu->halt_cond = g_new0(QemuCond, 1);
        qemu_cond_init(cpu->halt_cond);
    }
    cpu->thread = g_new0(QemuThread, 1);
    qemu_thread_create(cpu->thread, name, qtest_vcpu_thread_fn, cpu);
}

/* Nothing ever runs: idle unless asked to stop or to do queued work. */
static bool qtest_cpu_thread_is_idle(CPUState *cpu)
{
    return !cpu->stop && cpu_work_list_empty(cpu);
}

static void qtest_kick_vcpu_thread(CPUState *cpu)
{
    if (cpu->halt_cond) {
        qemu_cond_broadcast(cpu->halt_cond);
    }
}

static void qtest_accel_ops_class_init(ObjectClass *oc, void *data)
{
    AccelOpsClass *ops = ACCEL_OPS_CLASS(oc);

    ops->create_vcpu_thread = qtest_create_vcpu_thread;
    ops->cpu_thread_is_idle = qtest_cpu_thread_is_idle;
    ops->kick_vcpu_thread = qtest_kick_vcpu_thread;
}

static const TypeInfo qtest_accel_types[] = {
    {
        .name = ACCEL_CLASS_NAME("qtest"),
        .parent = TYPE_ACCEL,
        .class_init = qtest_accel_class_init,
    },
    {
        .name = "qtest-accel-ops",
        .parent = TYPE_ACCEL_OPS,
        .class_init = qtest_accel_ops_class_init,
    },
};

DEFINE_TYPES(qtest_accel_types)
