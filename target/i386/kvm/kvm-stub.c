/*
 * Builds without KVM: kvm_enabled() is always false, so these are only
 * here to satisfy the linker.
 */
#include "qemu/osdep.h"
#include "sysemu/kvm.h"

KVMState *kvm_state;
bool kvm_kernel_irqchip;

int kvm_set_irq(int gsi, int level)
{
    return -ENOSYS;
}

qemu_irq *kvm_get_gsi_irqs(void)
{
    return NULL;
}

uint32_t kvm_arch_get_supported_cpuid(KVMState *s, uint32_t function,
                                      uint32_t index, int reg)
{
    return 0;
}
