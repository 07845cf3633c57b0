/*
 * "isa-serial": a 16550A at one of the PC's COM port addresses.
 * Reference: IBM PC/AT Technical Reference, "Serial/Parallel Adapter";
 * the UART itself is TI PC16550D (SNLS378).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/char/serial.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(ISASerialState, ISA_SERIAL)

struct ISASerialState {
    ISADevice parent_obj;
    uint32_t index;
    uint32_t iobase;
    uint32_t isairq;
    uint8_t wakeup;
    SerialState state;
};

static const uint16_t isa_serial_io[MAX_ISA_SERIAL_PORTS] = {
    0x3f8, 0x2f8, 0x3e8, 0x2e8
};
static const uint8_t isa_serial_irq[MAX_ISA_SERIAL_PORTS] = {4, 3, 4, 3};

static uint32_t next_index;

static void serial_isa_realize(DeviceState *dev, Error **errp)
{
    ISASerialState *isa = ISA_SERIAL(dev);
    SerialState *s = &isa->state;

    if (isa->index == UINT32_MAX) {
        isa->index = next_index;
    }
    if (isa->index >= MAX_ISA_SERIAL_PORTS) {
        error_setg(errp, "Max. supported number of ISA serial ports is %d.",
                   MAX_ISA_SERIAL_PORTS);
        return;
    }
    if (isa->iobase == UINT32_MAX) {
        isa->iobase = isa_serial_io[isa->index];
    }
    if (isa->isairq == UINT32_MAX) {
        isa->isairq = isa_serial_irq[isa->index];
    }
    if (isa->iobase > 0xfff8) {
        error_setg(errp, "isa-serial: iobase 0x%x out of range", isa->iobase);
        return;
    }
    if (isa->isairq >= ISA_NUM_IRQS) {
        error_setg(errp, "isa-serial: irq %u out of range (0-%d)",
                   isa->isairq, ISA_NUM_IRQS - 1);
        return;
    }
    if (s->baudbase == 0) {
        error_setg(errp, "isa-serial: baudbase must not be 0");
        return;
    }
    next_index = MAX(next_index, isa->index + 1);
    s->irq = isa_get_irq(ISA_DEVICE(dev), isa->isairq);
    serial_realize_core(s, errp);
    memory_region_init_io(&s->io, OBJECT(dev), &serial_io_ops, s, "serial",
                          8);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, isa->iobase);
}

static void serial_isa_unrealize(DeviceState *dev)
{
    ISASerialState *isa = ISA_SERIAL(dev);

    memory_region_del_subregion(isa_address_space_io(ISA_DEVICE(dev)),
                                &isa->state.io);
    serial_exit_core(&isa->state);
}

static void serial_isa_reset(DeviceState *dev)
{
    serial_reset(&ISA_SERIAL(dev)->state);
}

ISADevice *serial_isa_init(ISABus *bus, int index, Chardev *chr)
{
    ISADevice *isa = isa_new(TYPE_ISA_SERIAL);
    DeviceState *dev = DEVICE(isa);

    qdev_prop_set_uint32(dev, "index", index);
    qdev_prop_set_chr(dev, "chardev", chr);
    isa_realize_and_unref(isa, bus, &error_fatal);
    return isa;
}

static Property serial_isa_properties[] = {
    DEFINE_PROP_UINT32("index", ISASerialState, index, -1),
    DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, -1),
    DEFINE_PROP_UINT32("irq", ISASerialState, isairq, -1),
    DEFINE_PROP_CHR("chardev", ISASerialState, state.chr),
    DEFINE_PROP_UINT32("baudbase", ISASerialState, state.baudbase, 115200),
    DEFINE_PROP_UINT8("wakeup", ISASerialState, wakeup, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void serial_isa_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = serial_isa_realize;
    dc->unrealize = serial_isa_unrealize;
    dc->reset = serial_isa_reset;
    dc->desc = "16550A UART on the ISA bus";
    dc->user_creatable = true;
    dc->categories |= 1ul << DEVICE_CATEGORY_INPUT;
    device_class_set_props(dc, serial_isa_properties);
}

static const TypeInfo serial_isa_info = {
    .name = TYPE_ISA_SERIAL,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISASerialState),
    .class_init = serial_isa_class_init,
};

static void serial_isa_register_types(void)
{
    type_register_static(&serial_isa_info);
}

type_init(serial_isa_register_types)
