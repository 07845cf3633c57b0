/*
 * The KVM accelerator ("-accel kvm").
 *
 * accel/kvm/kvm-all.c owns /dev/kvm, the VM, memory slots (a listener on
 * address_space_memory) and the vCPU run loop; target/i386/kvm/kvm.c the
 * x86 parts (registers, MSRs, CPUID).  Boards route interrupts with
 * kvm_set_irq() or the qemu_irq array from kvm_get_gsi_irqs() when the
 * irqchip (PIC, IOAPIC, LAPICs) is in the kernel.
 *
 * Without CONFIG_KVM the queries below answer "no" and the rest are never
 * called (kvm_enabled() is false).
 */
#ifndef SYSEMU_KVM_H
#define SYSEMU_KVM_H

#include "qemu/osdep.h"
#include "hw/irq.h"
#include "sysemu/accel.h"

#define TYPE_KVM_ACCEL ACCEL_CLASS_NAME("kvm")
#define TYPE_KVM_ACCEL_OPS "kvm-accel-ops"

typedef struct KVMState KVMState;
typedef struct MachineState MachineState;
extern KVMState *kvm_state;

/* In-kernel irqchip: PIC + IOAPIC + LAPIC (and the PIT) live in KVM. */
extern bool kvm_kernel_irqchip;
static inline bool kvm_irqchip_in_kernel(void)
{
    return kvm_enabled() && kvm_kernel_irqchip;
}

/* Number of GSIs the in-kernel IOAPIC routes (24). */
#define KVM_IOAPIC_NUM_PINS 24

/*
 * Drive an in-kernel irqchip input: GSI 0-15 reach both the PIC and the
 * IOAPIC, 16-23 the IOAPIC.  Returns 0, or -errno (bad gsi: -EINVAL).
 */
int kvm_set_irq(int gsi, int level);
/* KVM_IOAPIC_NUM_PINS lines calling kvm_set_irq (allocated once). */
qemu_irq *kvm_get_gsi_irqs(void);

/*
 * Machine setup, for the board and for tests: open /dev/kvm, create the
 * VM (with the irqchip per ms->kernel_irqchip_*) and start following
 * address_space_memory.  Also the accel class's init_machine.
 */
int kvm_init(MachineState *ms, Error **errp);
/* Create the KVM vCPU for cpu (in the calling thread) and set it up. */
int kvm_init_vcpu(CPUState *cpu, Error **errp);
/*
 * Run the vCPU until something needs the outer loop.  Called with the
 * BQL held (dropped while in the guest).  Returns EXCP_INTERRUPT (kicked
 * or exit_request), EXCP_HLT (guest halted, userspace irqchip only),
 * EXCP_DEBUG, or -1 after a fatal error (already reported, VM stopped).
 */
int kvm_cpu_exec(CPUState *cpu);
/* Interrupt a vCPU that may be inside KVM_RUN (any thread). */
void kvm_cpu_kick(CPUState *cpu);

/* Register synchronisation (AccelOpsClass hooks). */
void kvm_cpu_synchronize_state(CPUState *cpu);
void kvm_cpu_synchronize_post_reset(CPUState *cpu);
void kvm_cpu_synchronize_post_init(CPUState *cpu);

/* ioctl wrappers: -errno on failure. */
int kvm_ioctl(KVMState *s, unsigned long type, ...);
int kvm_vm_ioctl(KVMState *s, unsigned long type, ...);
int kvm_vcpu_ioctl(CPUState *cpu, unsigned long type, ...);
/* KVM_CHECK_EXTENSION on the VM (falls back to /dev/kvm). */
int kvm_check_extension(KVMState *s, unsigned int extension);
bool kvm_has_immediate_exit(void);

/* Levels for KVM_PUT_*: how much state to write. */
#define KVM_PUT_RUNTIME_STATE 1
#define KVM_PUT_RESET_STATE 2
#define KVM_PUT_FULL_STATE 3

/* Architecture hooks (target/i386/kvm/kvm.c). */
struct kvm_run;
int kvm_arch_init(MachineState *ms, KVMState *s, Error **errp);
int kvm_arch_init_vcpu(CPUState *cpu, Error **errp);
void kvm_arch_reset_vcpu(CPUState *cpu);
int kvm_arch_put_registers(CPUState *cpu, int level);
int kvm_arch_get_registers(CPUState *cpu);
void kvm_arch_pre_run(CPUState *cpu, struct kvm_run *run);
void kvm_arch_post_run(CPUState *cpu, struct kvm_run *run);
/* Exits not handled generically; returns 0 to continue, else as exec. */
int kvm_arch_handle_exit(CPUState *cpu, struct kvm_run *run);
/* Before entering: pending INIT/SIPI/halt; true means "don't run". */
bool kvm_arch_process_async_events(CPUState *cpu);
/* Register of a CPUID leaf the kernel can provide (reg: R_EAX..R_EDX). */
uint32_t kvm_arch_get_supported_cpuid(KVMState *s, uint32_t function,
                                      uint32_t index, int reg);

#endif
