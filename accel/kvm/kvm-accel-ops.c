/*
 * KVM vCPU threads: one thread per vCPU, running kvm_cpu_exec() and
 * idling in qemu_wait_io_event() between runs.
 *
 * Kicks are SIG_IPI sent with pthread_kill.  The signal is blocked in the
 * vCPU thread except inside KVM_RUN (KVM_SET_SIGNAL_MASK), so a kick that
 * arrives just before KVM_RUN stays pending and makes KVM_RUN return
 * EINTR at once: no kick is lost.
 */
#include "qemu/osdep.h"
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include "qemu/error.h"
#include "qemu/thread.h"
#include "accel/kvm/kvm-int.h"
#include "target/i386/cpu.h"

static void sig_ipi_handler(int sig)
{
    /* Only reached if SIG_IPI is delivered outside KVM_RUN: nothing to do */
}

static int kvm_init_cpu_signals(CPUState *cpu)
{
    struct sigaction sa;
    sigset_t set;

    /* A kick must never kill the process. */
    if (sigaction(SIG_IPI, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = sig_ipi_handler;
        sigaction(SIG_IPI, &sa, NULL);
    }

    pthread_sigmask(SIG_BLOCK, NULL, &set);
    sigdelset(&set, SIG_IPI);
    /* The kernel's sigset_t is 8 bytes on x86-64. */
    struct kvm_signal_mask *mask = g_malloc0(sizeof(*mask) + sizeof(set));
    mask->len = 8;
    memcpy(mask->sigset, &set, 8);
    int ret = kvm_vcpu_ioctl(cpu, KVM_SET_SIGNAL_MASK, mask);
    g_free(mask);
    if (ret < 0) {
        return ret;
    }

    sigemptyset(&set);
    sigaddset(&set, SIG_IPI);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    return 0;
}

static void *kvm_vcpu_thread_fn(void *arg)
{
    CPUState *cpu = arg;
    Error *err = NULL;

    qemu_mutex_lock_iothread();
    cpu->thread_id = (int)syscall(SYS_gettid);
    current_cpu = cpu;

    if (kvm_init_vcpu(cpu, &err) < 0) {
        error_report_err(err);
        exit(1);
    }
    int r = kvm_init_cpu_signals(cpu);
    if (r < 0) {
        error_report("kvm_init_vcpu: failed to set signal mask: %s",
                     strerror(-r));
        exit(1);
    }
    cpu_thread_signal_created(cpu);

    do {
        if (cpu_can_run(cpu)) {
            r = kvm_cpu_exec(cpu);
            if (r == EXCP_DEBUG) {
                cpu->stopped = true;
            }
        }
        qemu_wait_io_event(cpu);
    } while (!cpu->unplug || cpu_can_run(cpu));

    cpu_thread_signal_destroyed(cpu);
    qemu_mutex_unlock_iothread();
    return NULL;
}

static void kvm_start_vcpu_thread(CPUState *cpu)
{
    char name[32];

    if (!cpu->thread) {
        cpu->thread = g_new0(QemuThread, 1);
    }
    if (!cpu->halt_cond) {
        cpu->halt_cond = g_new0(QemuCond, 1);
        qemu_cond_init(cpu->halt_cond);
    }
    snprintf(name, sizeof(name), "CPU %d/KVM", cpu->cpu_index);
    qemu_thread_create(cpu->thread, name, kvm_vcpu_thread_fn, cpu);
}

static bool kvm_vcpu_thread_is_idle(CPUState *cpu)
{
    /* With the in-kernel irqchip, HLT never leaves KVM_RUN. */
    return !kvm_irqchip_in_kernel();
}

static void kvm_accel_ops_class_init(ObjectClass *oc, void *data)
{
    AccelOpsClass *ops = ACCEL_OPS_CLASS(oc);

    ops->create_vcpu_thread = kvm_start_vcpu_thread;
    ops->kick_vcpu_thread = kvm_cpu_kick;
    ops->cpu_thread_is_idle = kvm_vcpu_thread_is_idle;
    ops->synchronize_state = kvm_cpu_synchronize_state;
    ops->synchronize_post_reset = kvm_cpu_synchronize_post_reset;
    ops->synchronize_post_init = kvm_cpu_synchronize_post_init;
    ops->synchronize_pre_loadvm = kvm_cpu_synchronize_state;
}

static const TypeInfo kvm_accel_ops_type = {
    .name = TYPE_KVM_ACCEL_OPS,
    .parent = TYPE_ACCEL_OPS,
    .class_init = kvm_accel_ops_class_init,
    .abstract = true,
};

static void kvm_accel_ops_register_types(void)
{
    type_register_static(&kvm_accel_ops_type);
}

type_init(kvm_accel_ops_register_types)
