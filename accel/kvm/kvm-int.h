/*
 * KVM accelerator internals shared by accel/kvm and target/i386/kvm.
 */
#ifndef ACCEL_KVM_INT_H
#define ACCEL_KVM_INT_H

#include "qemu/osdep.h"
#include <linux/kvm.h>
#include "exec/memory.h"
#include "sysemu/kvm.h"

typedef struct KVMSlot {
    bool used;
    uint32_t flags;          /* KVM_MEM_READONLY */
    hwaddr start_addr;
    uint64_t memory_size;
    void *ram;
} KVMSlot;

struct KVMState {
    int fd;                  /* /dev/kvm */
    int vmfd;
    int vcpu_mmap_size;
    int nr_slots;
    KVMSlot *slots;
    bool readonly_mem;
    bool immediate_exit;
    bool irq_inject_status;
    bool pit_in_kernel;
    MemoryListener listener;
    /* x86 */
    struct kvm_cpuid2 *supported_cpuid;
    struct kvm_msr_list *msr_list;
    bool has_xsave, has_xcrs, has_mp_state, has_vcpu_events;
    bool has_debugregs, has_tsc_control;
    /* Userspace irqchip: IA32_TSC_DEADLINE exits to the software APIC. */
    bool tsc_deadline_filtered;
    /* In-kernel irqchip: PICs, IOAPIC and PIT as created (reset state). */
    struct kvm_irqchip *irqchip_reset;    /* [3] */
    struct kvm_pit_state2 *pit_reset;
};

/* x86: irq routing (ISA IRQ0 -> IOAPIC pin 2, as on a PC) and the PIT. */
int kvm_arch_irqchip_create(KVMState *s, MachineState *ms, Error **errp);
bool kvm_arch_msr_supported(KVMState *s, uint32_t index);
/* x86: after the irqchip choice, without an in-kernel irqchip. */
void kvm_arch_userspace_irqchip_init(KVMState *s);

#endif
