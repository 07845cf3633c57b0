/*
 * Ports 0x80 (POST code / I/O delay) and 0xed (alternate delay port):
 * writes are accepted and dropped, reads return 0xff as on most boards.
 * Reference: IBM PC/AT BIOS listing (manufacturing test port 80h).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/isa/isa.h"
#include "hw/qdev-properties.h"

#define TYPE_IOPORT80 "ioport80"
OBJECT_DECLARE_SIMPLE_TYPE(IOPort80State, IOPORT80)

struct IOPort80State {
    ISADevice parent_obj;
    MemoryRegion io80;
    MemoryRegion ioed;
    uint8_t last_post_code;
};

static uint64_t ioport80_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0xff;
}

static void ioport80_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    IOPort80State *s = opaque;

    s->last_post_code = val;
}

static void ioported_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
}

static const MemoryRegionOps ioport80_ops = {
    .read = ioport80_read,
    .write = ioport80_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static const MemoryRegionOps ioported_ops = {
    .read = ioport80_read,
    .write = ioported_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void ioport80_realize(DeviceState *dev, Error **errp)
{
    IOPort80State *s = IOPORT80(dev);

    memory_region_init_io(&s->io80, OBJECT(dev), &ioport80_ops, s,
                          "ioport80", 1);
    memory_region_init_io(&s->ioed, OBJECT(dev), &ioported_ops, s,
                          "ioportED", 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io80, 0x80);
    isa_register_ioport(ISA_DEVICE(dev), &s->ioed, 0xed);
    object_property_add_uint8_ptr(OBJECT(dev), "post-code",
                                  &s->last_post_code, OBJ_PROP_FLAG_READ);
}

static void ioport80_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = ioport80_realize;
    dc->desc = "POST code port 0x80 and delay port 0xed";
    dc->user_creatable = false;
}

static const TypeInfo ioport80_info = {
    .name = TYPE_IOPORT80,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(IOPort80State),
    .class_init = ioport80_class_init,
};

static void ioport80_register_types(void)
{
    type_register_static(&ioport80_info);
}

type_init(ioport80_register_types)
