/*
 * System Control Port A (port 0x92): bit 0 fast reset, bit 1 fast A20.
 * Reference: IBM PS/2 Technical Reference, "System Control Port A".
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/input/i8042.h"
#include "hw/irq.h"
#include "sysemu/runstate.h"

OBJECT_DECLARE_SIMPLE_TYPE(Port92State, PORT92)

struct Port92State {
    ISADevice parent_obj;
    MemoryRegion io;
    uint8_t outport;
    qemu_irq a20_out;
};

static void port92_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    Port92State *s = opaque;
    uint8_t old = s->outport;

    s->outport = val & 0x03;
    qemu_set_irq(s->a20_out, (val >> 1) & 1);
    /* Reset on the 0 -> 1 edge of bit 0. */
    if ((val & 1) && !(old & 1)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static uint64_t port92_read(void *opaque, hwaddr addr, unsigned size)
{
    Port92State *s = opaque;

    return s->outport;
}

static const MemoryRegionOps port92_ops = {
    .read = port92_read,
    .write = port92_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void port92_reset(DeviceState *d)
{
    Port92State *s = PORT92(d);

    s->outport &= ~1;
}

static void port92_realize(DeviceState *dev, Error **errp)
{
    Port92State *s = PORT92(dev);

    memory_region_init_io(&s->io, OBJECT(dev), &port92_ops, s, "port92", 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, 0x92);
    qdev_init_gpio_out_named(dev, &s->a20_out, PORT92_A20_LINE, 1);
}

static void port92_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = port92_realize;
    dc->reset = port92_reset;
    dc->desc = "System Control Port A (fast A20 and reset)";
    dc->user_creatable = false;
}

static const TypeInfo port92_info = {
    .name = TYPE_PORT92,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(Port92State),
    .class_init = port92_class_init,
};

static void port92_register_types(void)
{
    type_register_static(&port92_info);
}

type_init(port92_register_types)
