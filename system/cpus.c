/*
 * Generic vCPU management: creating vCPU threads through the registered
 * accelerator, pausing and resuming them, and the idle loop they sleep in.
 *
 * Protocol: the main loop sets cpu->stop and kicks; the vCPU leaves guest
 * code, reaches qemu_wait_io_event(), sets cpu->stopped and signals
 * qemu_pause_cond.  All flags are read and written under the BQL.
 */
#include "qemu/osdep.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "hw/core/cpu.h"
#include "qemu/error.h"
#include "qemu/main-loop.h"

static const AccelOpsClass *cpus_accel;
static QemuCond qemu_cpu_cond;       /* thread created / destroyed */
static QemuCond qemu_pause_cond;     /* a vCPU stopped */

static void __attribute__((constructor)) cpus_init_conds(void)
{
    qemu_cond_init(&qemu_cpu_cond);
    qemu_cond_init(&qemu_pause_cond);
}

void cpus_register_accel(const AccelOpsClass *ops)
{
    assert(ops != NULL);
    assert(ops->create_vcpu_thread != NULL);
    cpus_accel = ops;
}

const AccelOpsClass *cpus_get_accel(void)
{
    return cpus_accel;
}

bool qemu_cpu_is_self(CPUState *cpu)
{
    return cpu->thread && cpu->created && qemu_thread_is_self(cpu->thread);
}

static bool cpu_is_stopped(CPUState *cpu)
{
    return cpu->stopped || !runstate_is_running();
}

bool cpu_can_run(CPUState *cpu)
{
    return !cpu->stop && !cpu_is_stopped(cpu);
}

bool cpu_thread_is_idle(CPUState *cpu)
{
    if (cpu->stop || !cpu_work_list_empty(cpu)) {
        return false;
    }
    if (cpu_is_stopped(cpu)) {
        return true;
    }
    /* qtest vCPUs never run guest code. */
    if (qtest_enabled()) {
        return true;
    }
    if (!cpu->halted || cpu_has_work(cpu)) {
        return false;
    }
    if (cpus_accel && cpus_accel->cpu_thread_is_idle) {
        return cpus_accel->cpu_thread_is_idle(cpu);
    }
    return true;
}

void qemu_cpu_kick(CPUState *cpu)
{
    if (cpu->halt_cond) {
        qemu_cond_broadcast(cpu->halt_cond);
    }
    if (cpus_accel && cpus_accel->kick_vcpu_thread) {
        cpus_accel->kick_vcpu_thread(cpu);
    } else {
        __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
    }
}

void cpu_thread_signal_created(CPUState *cpu)
{
    cpu->created = true;
    qemu_cond_broadcast(&qemu_cpu_cond);
}

void cpu_thread_signal_destroyed(CPUState *cpu)
{
    cpu->created = false;
    qemu_cond_broadcast(&qemu_cpu_cond);
}

void qemu_init_vcpu(CPUState *cpu)
{
    bool locked = qemu_mutex_iothread_locked();

    if (cpu->nr_cores <= 0) {
        cpu->nr_cores = 1;
    }
    if (cpu->nr_threads <= 0) {
        cpu->nr_threads = 1;
    }
    /* Runs only once the VM starts (resume_all_vcpus). */
    cpu->stopped = true;
    if (!cpus_accel) {
        /* No accelerator (unit tests, -cpu help): a CPU without thread. */
        return;
    }
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    cpus_accel->create_vcpu_thread(cpu);
    while (!cpu->created) {
        qemu_cond_wait_iothread(&qemu_cpu_cond);
    }
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
}

static void qemu_wait_io_event_common(CPUState *cpu)
{
    if (cpu->stop) {
        cpu->stop = false;
        cpu->stopped = true;
        qemu_cond_broadcast(&qemu_pause_cond);
    }
    process_queued_cpu_work(cpu);
}

void qemu_wait_io_event(CPUState *cpu)
{
    while (cpu_thread_is_idle(cpu)) {
        qemu_cond_wait_iothread(cpu->halt_cond);
    }
    qemu_wait_io_event_common(cpu);
}

bool all_vcpus_paused(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (!cpu->stopped) {
            return false;
        }
    }
    return true;
}

void pause_all_vcpus(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (qemu_cpu_is_self(cpu) || !cpu->created) {
            cpu->stop = false;
            cpu->stopped = true;
        } else {
            cpu->stop = true;
            qemu_cpu_kick(cpu);
        }
    }
    /* Kicks can race with a vCPU entering the guest: repeat them. */
    while (!all_vcpus_paused()) {
        qemu_cond_timedwait_iothread(&qemu_pause_cond, 50);
        CPU_FOREACH(cpu) {
            if (!cpu->stopped) {
                qemu_cpu_kick(cpu);
            }
        }
    }
}

void resume_all_vcpus(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        cpu->stop = false;
        cpu->stopped = false;
        qemu_cpu_kick(cpu);
    }
}

void cpu_synchronize_state(CPUState *cpu)
{
    if (cpus_accel && cpus_accel->synchronize_state) {
        cpus_accel->synchronize_state(cpu);
    }
}

void cpu_synchronize_all_states(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        cpu_synchronize_state(cpu);
    }
}

void cpu_synchronize_all_post_reset(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpus_accel && cpus_accel->synchronize_post_reset) {
            cpus_accel->synchronize_post_reset(cpu);
        }
    }
}

void cpu_synchronize_all_post_init(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpus_accel && cpus_accel->synchronize_post_init) {
            cpus_accel->synchronize_post_init(cpu);
        }
    }
}

void cpu_synchronize_all_pre_loadvm(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpus_accel && cpus_accel->synchronize_pre_loadvm) {
            cpus_accel->synchronize_pre_loadvm(cpu);
        }
    }
}

/* Leave the guest loop at the next check (TCG polls exit_request). */
void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
}
