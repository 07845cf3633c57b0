/*
 * TCG vCPU execution, round-robin (QEMU's "thread=single"): ONE thread runs
 * every vCPU in turn.  A vCPU runs until it halts, raises an exit, or its
 * time slice ends (a QEMU_CLOCK_VIRTUAL timer kicks the running vCPU every
 * 100 ms when there is more than one).
 *
 * BQL: the thread holds it except while in cpu_exec(); generated code runs
 * unlocked and the soft-MMU takes it around MMIO, cpu-exec.c around the
 * interrupt/exception hooks (see exec-all.h).  All vCPUs share the thread
 * and one halt condition; they idle there when every vCPU is halted or
 * stopped.
 *
 * Kick: set exit_request on the vCPU currently running; the next TB start
 * checks it (gen_tb_start) and the loop returns EXCP_INTERRUPT.
 */
#include "qemu/osdep.h"
#include <sys/syscall.h>
#include "qemu/error.h"
#include "qemu/thread.h"
#include "qemu/timer.h"
#include "sysemu/accel.h"
#include "accel/tcg/internal.h"

#define TCG_KICK_PERIOD (NANOSECONDS_PER_SECOND / 10)

static QemuCond *rr_halt_cond;
static CPUState *rr_current_cpu;
static QEMUTimer *rr_kick_timer;

static CPUState *cpu_next(CPUState *cpu)
{
    return cpu->link && cpu->link->next ? cpu->link->next->data : NULL;
}

static void rr_kick_running_cpu(void)
{
    CPUState *cpu;

    do {
        cpu = __atomic_load_n(&rr_current_cpu, __ATOMIC_ACQUIRE);
        if (cpu) {
            cpu_exit(cpu);
        }
    } while (cpu != __atomic_load_n(&rr_current_cpu, __ATOMIC_ACQUIRE));
}

static void rr_kick_timer_cb(void *opaque)
{
    timer_mod(rr_kick_timer,
              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + TCG_KICK_PERIOD);
    rr_kick_running_cpu();
}

static void rr_start_kick_timer(void)
{
    if (!first_cpu || !cpu_next(first_cpu)) {
        return;
    }
    if (!rr_kick_timer) {
        rr_kick_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, rr_kick_timer_cb,
                                     NULL);
    }
    if (!timer_pending(rr_kick_timer)) {
        timer_mod(rr_kick_timer,
                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + TCG_KICK_PERIOD);
    }
}

static void rr_stop_kick_timer(void)
{
    if (rr_kick_timer) {
        timer_del(rr_kick_timer);
    }
}

static bool all_cpu_threads_idle(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (!cpu_thread_is_idle(cpu)) {
            return false;
        }
    }
    return true;
}

/* Stop requests and queued work of every vCPU (never blocks). */
static void rr_process_io_events(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpu->thread == tcg_rr_thread && !cpu_thread_is_idle(cpu)) {
            current_cpu = cpu;
            qemu_wait_io_event(cpu);
        }
    }
}

static void rr_wait_io_event(void)
{
    while (all_cpu_threads_idle()) {
        rr_stop_kick_timer();
        qemu_cond_wait_iothread(rr_halt_cond);
    }
    rr_start_kick_timer();
    rr_process_io_events();
}

static void *rr_cpu_thread_fn(void *arg)
{
    CPUState *cpu = arg;

    qemu_mutex_lock_iothread();
    tcg_exec_init(CPU_GET_CLASS(cpu)->tcg_ops, tcg_tb_size);
    cpu->thread_id = (int)syscall(SYS_gettid);
    current_cpu = cpu;
    cpu_thread_signal_created(cpu);

    /* Wait for the machine to start. */
    while (first_cpu->stopped) {
        qemu_cond_wait_iothread(rr_halt_cond);
        rr_process_io_events();
    }

    rr_start_kick_timer();
    cpu = first_cpu;
    /* Process pending work before running anything. */
    cpu->exit_request = 1;

    for (;;) {
        if (!cpu) {
            cpu = first_cpu;
        }
        while (cpu && cpu_work_list_empty(cpu) && !cpu->exit_request) {
            __atomic_store_n(&rr_current_cpu, cpu, __ATOMIC_RELEASE);
            current_cpu = cpu;
            if (cpu_can_run(cpu)) {
                int r;

                qemu_mutex_unlock_iothread();
                r = cpu_exec(cpu);
                qemu_mutex_lock_iothread();
                if (r == EXCP_DEBUG) {
                    cpu->stopped = true;
                    break;
                }
            } else if (cpu->stop) {
                break;
            }
            cpu = cpu_next(cpu);
        }
        __atomic_store_n(&rr_current_cpu, NULL, __ATOMIC_RELEASE);
        if (cpu && cpu->exit_request) {
            __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELEASE);
        }
        rr_wait_io_event();
    }
    return NULL;
}

static void rr_start_vcpu_thread(CPUState *cpu)
{
    if (!CPU_GET_CLASS(cpu)->tcg_ops) {
        error_report("CPU type %s does not support TCG",
                     object_get_typename(OBJECT(cpu)));
        exit(1);
    }
    if (!tcg_rr_thread) {
        rr_halt_cond = g_new0(QemuCond, 1);
        qemu_cond_init(rr_halt_cond);
        tcg_rr_thread = g_new0(QemuThread, 1);
        cpu->thread = tcg_rr_thread;
        cpu->halt_cond = rr_halt_cond;
        qemu_thread_create(tcg_rr_thread, "CPU 0/TCG", rr_cpu_thread_fn, cpu);
        return;
    }
    /* Later vCPUs join the one thread. */
    cpu->thread = tcg_rr_thread;
    cpu->halt_cond = rr_halt_cond;
    cpu->thread_id = first_cpu->thread_id;
    cpu_thread_signal_created(cpu);
}

static void tcg_kick_vcpu_thread(CPUState *cpu)
{
    rr_kick_running_cpu();
}

static void tcg_handle_interrupt(CPUState *cpu, int mask)
{
    __atomic_fetch_or(&cpu->interrupt_request, (uint32_t)mask,
                      __ATOMIC_SEQ_CST);
    /* Leave the TB chain so the loop sees the request. */
    cpu_exit(cpu);
    if (!qemu_cpu_is_self(cpu)) {
        qemu_cpu_kick(cpu);
    }
}

static bool tcg_cpu_thread_is_idle(CPUState *cpu)
{
    return true;
}

static void tcg_accel_ops_class_init(ObjectClass *oc, void *data)
{
    AccelOpsClass *ops = ACCEL_OPS_CLASS(oc);

    ops->create_vcpu_thread = rr_start_vcpu_thread;
    ops->kick_vcpu_thread = tcg_kick_vcpu_thread;
    ops->cpu_thread_is_idle = tcg_cpu_thread_is_idle;
    ops->handle_interrupt = tcg_handle_interrupt;
}

static const TypeInfo tcg_accel_ops_type = {
    .name = "tcg-accel-ops",
    .parent = TYPE_ACCEL_OPS,
    .class_init = tcg_accel_ops_class_init,
    .abstract = true,
};

static void tcg_accel_ops_register_types(void)
{
    type_register_static(&tcg_accel_ops_type);
}

type_init(tcg_accel_ops_register_types)
