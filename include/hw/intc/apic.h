/*
 * Software local APIC (xAPIC; "apic"), one per vCPU, for TCG and
 * kernel-irqchip=off.  The MMIO page sits at the APIC base (0xfee00000,
 * moved by cpu_set_apic_base) and acts on the APIC of the vCPU doing the
 * access (the first APIC when no vCPU is running, e.g. under qtest); its
 * 1 MiB window also takes MSI writes from devices.
 *
 * The CPU side (target/i386):
 *  - creates the APIC with apic_create() and forwards the APIC_BASE MSR
 *    (cpu_set/get_apic_base), CR8 (cpu_set/get_apic_tpr) and the
 *    TSC-deadline MSR (apic_set/get_tsc_deadline);
 *  - on CPU_INTERRUPT_HARD takes the vector with apic_get_interrupt(); if
 *    that is -1 and apic_accept_pic_intr(), with pic_read_irq(isa_pic);
 *  - on CPU_INTERRUPT_INIT resets itself and calls apic_init_reset();
 *  - on CPU_INTERRUPT_SIPI calls apic_sipi_vector() and, if >= 0, starts
 *    at vector << 12;
 *  - on CPU_INTERRUPT_POLL calls apic_poll_irq();
 *  - the board routes the PIC's INT line to apic_deliver_pic_intr() of
 *    every APIC that apic_accept_pic_intr(), else to CPU_INTERRUPT_HARD.
 */
#ifndef HW_INTC_APIC_H
#define HW_INTC_APIC_H

#include "hw/qdev-core.h"
#include "hw/core/cpu.h"

#define TYPE_APIC "apic"
#define APIC_DEFAULT_ADDRESS 0xfee00000
#define APIC_SPACE_SIZE 0x100000

#ifndef MSR_IA32_APICBASE_BSP     /* also in target/i386/cpu.h */
#define MSR_IA32_APICBASE_BSP (1 << 8)
#define MSR_IA32_APICBASE_ENABLE (1 << 11)
#define MSR_IA32_APICBASE_BASE (0xfffffU << 12)
#endif

/* Also installed as target/i386's x86_cpu_apic_create_fn hook, which sets
 * X86CPU.apic_state.  The CPU's reset must call device_cold_reset() on it
 * (the APIC is on no bus, so the machine-wide reset does not reach it). */
DeviceState *apic_create(CPUState *cpu, uint32_t apic_id);

/* Interrupt message on the APIC bus (IOAPIC pins, MSI). */
void apic_deliver_irq(uint8_t dest, uint8_t dest_mode, uint8_t delivery_mode,
                      uint8_t vector, uint8_t trigger_mode);

int apic_get_interrupt(DeviceState *dev);
int apic_accept_pic_intr(DeviceState *dev);
void apic_deliver_pic_intr(DeviceState *dev, int level);
void apic_poll_irq(DeviceState *dev);
void apic_init_reset(DeviceState *dev);
int apic_sipi_vector(DeviceState *dev);
bool apic_is_bsp(DeviceState *dev);

void cpu_set_apic_base(DeviceState *dev, uint64_t val);
uint64_t cpu_get_apic_base(DeviceState *dev);
void cpu_set_apic_tpr(DeviceState *dev, uint8_t val);   /* CR8 value */
uint8_t cpu_get_apic_tpr(DeviceState *dev);
/* IA32_TSC_DEADLINE: tsc is the MSR value, expire_ns the time on
 * QEMU_CLOCK_VIRTUAL the CPU computed for it; tsc 0 disarms. */
void apic_set_tsc_deadline(DeviceState *dev, uint64_t tsc, int64_t expire_ns);
uint64_t apic_get_tsc_deadline(DeviceState *dev);

#endif
