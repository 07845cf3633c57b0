/*
 * PC port 0x61 (System Control Port B): PIT channel 2 gate, speaker data
 * enable, the memory refresh toggle and OUT2.  No sound is produced.
 * Reference: IBM PC/AT Technical Reference, "Speaker" and port 61h.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "hw/timer/i8254.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(PCSpkState, PCSPK)

struct PCSpkState {
    ISADevice parent_obj;
    MemoryRegion ioport;
    uint32_t iobase;
    uint8_t control;         /* bits 3:0 as written */
    Object *pit;
};

/* Refresh requests toggle bit 4 every 15.085 us. */
#define REFRESH_PERIOD_NS 15085

static uint64_t pcspk_read(void *opaque, hwaddr addr, unsigned size)
{
    PCSpkState *s = opaque;
    PITChannelInfo ch = {0};
    int refresh;

    if (s->pit) {
        pit_get_channel_info(ISA_DEVICE(s->pit), 2, &ch);
    }
    refresh = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) / REFRESH_PERIOD_NS) & 1;
    return (ch.out << 5) | (refresh << 4) | (s->control & 0x0f);
}

static void pcspk_write(void *opaque, hwaddr addr, uint64_t val,
                        unsigned size)
{
    PCSpkState *s = opaque;

    s->control = val & 0x0f;
    if (s->pit) {
        pit_set_gate(ISA_DEVICE(s->pit), 2, val & 1);
    }
}

static const MemoryRegionOps pcspk_ops = {
    .read = pcspk_read,
    .write = pcspk_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void pcspk_realize(DeviceState *dev, Error **errp)
{
    PCSpkState *s = PCSPK(dev);

    if (s->iobase > 0xffff) {
        error_setg(errp, "isa-pcspk: iobase 0x%x out of range", s->iobase);
        return;
    }
    if (!s->pit) {
        /* No link given: use the machine's PIT if it has one. */
        s->pit = object_resolve_path_type("", TYPE_I8254, NULL);
    }
    if (s->pit && !object_dynamic_cast(s->pit, TYPE_I8254)) {
        error_setg(errp, "isa-pcspk: 'pit' must be an %s", TYPE_I8254);
        return;
    }
    memory_region_init_io(&s->ioport, OBJECT(dev), &pcspk_ops, s, "pcspk",
                          1);
    isa_register_ioport(ISA_DEVICE(dev), &s->ioport, s->iobase);
}

static void pcspk_reset(DeviceState *dev)
{
    PCSPK(dev)->control = 0;
}

ISADevice *pcspk_init(ISABus *bus, ISADevice *pit)
{
    ISADevice *d = isa_new(TYPE_PCSPK);

    if (pit) {
        object_property_set_link(OBJECT(d), "pit", OBJECT(pit), &error_abort);
    }
    isa_realize_and_unref(d, bus, &error_fatal);
    return d;
}

static Property pcspk_properties[] = {
    DEFINE_PROP_UINT32("iobase", PCSpkState, iobase, 0x61),
    DEFINE_PROP_LINK("pit", PCSpkState, pit, TYPE_I8254, Object *),
    DEFINE_PROP_END_OF_LIST(),
};

static void pcspk_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = pcspk_realize;
    dc->reset = pcspk_reset;
    dc->desc = "PC speaker / port 0x61";
    dc->user_creatable = false;
    device_class_set_props(dc, pcspk_properties);
}

static const TypeInfo pcspk_info = {
    .name = TYPE_PCSPK,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PCSpkState),
    .class_init = pcspk_class_init,
};

static void pcspk_register_types(void)
{
    type_register_static(&pcspk_info);
}

type_init(pcspk_register_types)
