/*
 * The ISA bus: one per machine, holding the legacy I/O port space and the
 * 16 IRQ lines the board wires to the interrupt controllers.
 * Reference: IBM PC/AT Technical Reference, "I/O Channel".
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/isa/isa.h"
#include "hw/qdev-properties.h"

static ISABus *isabus;

/* A bus with no parent device is outside the reset tree: reset it here. */
static void isa_bus_reset(void *opaque)
{
    BusState *bus = opaque;

    for (GList *l = bus->children; l; l = l->next) {
        device_cold_reset(((BusChild *)l->data)->child);
    }
}

ISABus *isa_bus_new(DeviceState *dev, MemoryRegion *address_space_io,
                    Error **errp)
{
    if (isabus) {
        error_setg(errp, "Can't create a second ISA bus");
        return NULL;
    }
    if (!address_space_io) {
        error_setg(errp, "ISA bus needs an I/O address space");
        return NULL;
    }
    BusState *bus = qbus_new(TYPE_ISA_BUS, dev, NULL);
    isabus = ISA_BUS(bus);
    isabus->address_space_io = address_space_io;
    if (!dev) {
        qemu_register_reset(isa_bus_reset, bus);
    }
    return isabus;
}

void isa_bus_irqs(ISABus *bus, qemu_irq *irqs)
{
    bus->irqs = irqs;
}

ISABus *isa_bus_get_default(void)
{
    return isabus;
}

static ISABus *isa_bus_of(ISADevice *dev)
{
    BusState *bus = dev ? qdev_get_parent_bus(DEVICE(dev)) : NULL;

    return bus ? ISA_BUS(bus) : isabus;
}

qemu_irq isa_get_irq(ISADevice *dev, unsigned isairq)
{
    ISABus *bus = isa_bus_of(dev);

    if (isairq >= ISA_NUM_IRQS) {
        error_report("ISA IRQ %u out of range (0-%d)", isairq,
                     ISA_NUM_IRQS - 1);
        return NULL;
    }
    if (dev && dev->nirqs < (int)ARRAY_SIZE(dev->isairq)) {
        dev->isairq[dev->nirqs++] = isairq;
    }
    if (!bus || !bus->irqs) {
        return NULL;        /* not wired yet: raising it is a no-op */
    }
    return bus->irqs[isairq];
}

void isa_register_ioport(ISADevice *dev, MemoryRegion *io, uint16_t start)
{
    MemoryRegion *space = isa_address_space_io(dev);

    memory_region_add_subregion(space, start, io);
    if (dev && !dev->ioport_id) {
        dev->ioport_id = start;
    }
}

MemoryRegion *isa_address_space_io(ISADevice *dev)
{
    ISABus *bus = isa_bus_of(dev);

    return bus ? bus->address_space_io : get_system_io();
}

ISADevice *isa_new(const char *name)
{
    return ISA_DEVICE(qdev_new(name));
}

bool isa_realize_and_unref(ISADevice *dev, ISABus *bus, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), bus ? &bus->parent_obj : NULL,
                                  errp);
}

ISADevice *isa_create_simple(ISABus *bus, const char *name)
{
    ISADevice *dev = isa_new(name);

    isa_realize_and_unref(dev, bus, &error_fatal);
    return dev;
}

static void isa_bus_print_dev(GString *out, DeviceState *qdev, int indent)
{
    ISADevice *d = ISA_DEVICE(qdev);

    if (d->nirqs >= 2) {
        g_string_append_printf(out, "%*sisa irqs %d,%d\n", indent, "",
                               d->isairq[0], d->isairq[1]);
    } else if (d->nirqs == 1) {
        g_string_append_printf(out, "%*sisa irq %d\n", indent, "",
                               d->isairq[0]);
    }
}

static char *isa_bus_get_dev_path(DeviceState *qdev)
{
    ISADevice *d = ISA_DEVICE(qdev);

    return g_strdup_printf("/isa/%x", d->ioport_id);
}

static void isa_bus_class_init(ObjectClass *klass, void *data)
{
    BusClass *bc = BUS_CLASS(klass);

    bc->print_dev = isa_bus_print_dev;
    bc->get_dev_path = isa_bus_get_dev_path;
}

static void isa_device_init(Object *obj)
{
    ISADevice *dev = ISA_DEVICE(obj);

    dev->isairq[0] = -1;
    dev->isairq[1] = -1;
}

static void isa_device_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->bus_type = TYPE_ISA_BUS;
}

static const TypeInfo isa_types[] = {
    {
        .name = TYPE_ISA_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(ISABus),
        .class_init = isa_bus_class_init,
    },
    {
        .name = TYPE_ISA_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(ISADevice),
        .instance_init = isa_device_init,
        .abstract = true,
        .class_size = sizeof(ISADeviceClass),
        .class_init = isa_device_class_init,
    },
};

DEFINE_TYPES(isa_types)
