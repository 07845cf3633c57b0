/*
 * Intel 82093AA-style I/O APIC ("ioapic", sysbus MMIO at 0xfec00000,
 * version 0x20, 24 pins as anonymous GPIO inputs).  Pins deliver through
 * apic_deliver_irq(); the local APIC calls ioapic_eoi_broadcast() on the
 * EOI of a level-triggered vector to clear Remote IRR.
 */
#ifndef HW_INTC_IOAPIC_H
#define HW_INTC_IOAPIC_H

#include "hw/sysbus.h"

#define TYPE_IOAPIC "ioapic"
#define IOAPIC_NUM_PINS 24
#define IO_APIC_DEFAULT_ADDRESS 0xfec00000
#define IOAPIC_VERSION 0x20

/*
 * Create an IOAPIC as child "ioapic" of parent (qtest finds it by that
 * name), map it at 0xfec00000 and return it; its pins are
 * qdev_get_gpio_in(dev, 0..23).
 */
DeviceState *ioapic_create(Object *parent);
void ioapic_eoi_broadcast(int vector);

#endif
