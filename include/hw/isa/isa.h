/*
 * The ISA bus: legacy devices at fixed I/O ports with IRQs 0-15.
 * isa_get_irq(dev, n) returns the line to the interrupt controllers (the
 * board wires ISA IRQs to both the PIC and the IOAPIC).
 */
#ifndef HW_ISA_H
#define HW_ISA_H

#include "hw/qdev-core.h"
#include "exec/memory.h"

#define ISA_NUM_IRQS 16
#define TYPE_ISA_DEVICE "isa-device"
#define TYPE_ISA_BUS "ISA"
OBJECT_DECLARE_TYPE(ISADevice, ISADeviceClass, ISA_DEVICE)
OBJECT_DECLARE_SIMPLE_TYPE(ISABus, ISA_BUS)

struct ISADeviceClass {
    DeviceClass parent_class;
};

struct ISABus {
    BusState parent_obj;
    MemoryRegion *address_space_io;
    qemu_irq *irqs;                  /* ISA_NUM_IRQS inputs */
};

struct ISADevice {
    DeviceState parent_obj;
    int8_t isairq[2];
    int nirqs;
    int ioport_id;
};

ISABus *isa_bus_new(DeviceState *dev, MemoryRegion *address_space_io,
                    Error **errp);
void isa_bus_irqs(ISABus *bus, qemu_irq *irqs);
ISABus *isa_bus_get_default(void);
qemu_irq isa_get_irq(ISADevice *dev, unsigned isairq);
/* Add an I/O region at port start in the ISA I/O space. */
void isa_register_ioport(ISADevice *dev, MemoryRegion *io, uint16_t start);
ISADevice *isa_new(const char *name);
ISADevice *isa_create_simple(ISABus *bus, const char *name);
bool isa_realize_and_unref(ISADevice *dev, ISABus *bus, Error **errp);
MemoryRegion *isa_address_space_io(ISADevice *dev);

#endif
