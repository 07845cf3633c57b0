/*
 * I/O APIC with 24 redirection entries (version 0x20, with EOI register).
 * Datasheet: Intel 82093AA I/O Advanced Programmable Interrupt Controller
 * (IOAPIC), order 290566.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/intc/ioapic.h"
#include "hw/intc/apic.h"
#include "hw/intc/i8259.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(IOAPICState, IOAPIC)

#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_EOI 0x40

#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REG_ARB 0x02
#define IOAPIC_REG_REDTBL_BASE 0x10

#define IOAPIC_LVT_DELIV_MODE_SHIFT 8
#define IOAPIC_LVT_DEST_MODE (1ULL << 11)
#define IOAPIC_LVT_DELIV_STATUS (1ULL << 12)
#define IOAPIC_LVT_REMOTE_IRR (1ULL << 14)
#define IOAPIC_LVT_TRIGGER_MODE (1ULL << 15)
#define IOAPIC_LVT_MASKED (1ULL << 16)
#define IOAPIC_RO_BITS (IOAPIC_LVT_REMOTE_IRR | IOAPIC_LVT_DELIV_STATUS)
/* Writable bits: vector, modes, polarity, trigger, mask, destination. */
#define IOAPIC_RW_BITS (0xff000000000000ffULL | 0x7ULL << 8 |                 \
                        IOAPIC_LVT_DEST_MODE | (1ULL << 13) |                  \
                        IOAPIC_LVT_TRIGGER_MODE | IOAPIC_LVT_MASKED)
#define IOAPIC_DM_EXTINT 7

struct IOAPICState {
    SysBusDevice parent_obj;
    MemoryRegion io_memory;
    uint8_t id;
    uint8_t ioregsel;
    uint32_t irr;
    uint64_t ioredtbl[IOAPIC_NUM_PINS];
    uint8_t version;
};

static GSList *ioapics;

static void ioapic_service(IOAPICState *s)
{
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        uint32_t mask = 1u << i;
        uint64_t entry = s->ioredtbl[i];
        uint8_t trig, mode, vector;

        if (!(s->irr & mask) || (entry & IOAPIC_LVT_MASKED)) {
            continue;
        }
        trig = !!(entry & IOAPIC_LVT_TRIGGER_MODE);
        if (trig && (entry & IOAPIC_LVT_REMOTE_IRR)) {
            continue;            /* still being serviced: wait for EOI */
        }
        mode = (entry >> IOAPIC_LVT_DELIV_MODE_SHIFT) & 7;
        if (mode == IOAPIC_DM_EXTINT) {
            vector = isa_pic ? pic_read_irq(isa_pic) : 0;
        } else {
            vector = entry & 0xff;
        }
        if (trig) {
            s->ioredtbl[i] |= IOAPIC_LVT_REMOTE_IRR;
        } else {
            s->irr &= ~mask;
        }
        apic_deliver_irq(entry >> 56, !!(entry & IOAPIC_LVT_DEST_MODE), mode,
                         vector, trig);
    }
}

static void ioapic_set_irq(void *opaque, int pin, int level)
{
    IOAPICState *s = opaque;
    uint32_t mask;

    if (pin < 0 || pin >= IOAPIC_NUM_PINS) {
        return;
    }
    mask = 1u << pin;
    if (s->ioredtbl[pin] & IOAPIC_LVT_TRIGGER_MODE) {
        if (level) {
            s->irr |= mask;
            ioapic_service(s);
        } else {
            s->irr &= ~mask;
        }
    } else if (level) {
        /* Edge: a masked edge stays pending until unmasked (as QEMU). */
        s->irr |= mask;
        ioapic_service(s);
    }
}

static void ioapic_eoi_one(IOAPICState *s, int vector)
{
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        uint64_t entry = s->ioredtbl[i];

        if ((entry & 0xff) != vector || !(entry & IOAPIC_LVT_REMOTE_IRR)) {
            continue;
        }
        s->ioredtbl[i] &= ~IOAPIC_LVT_REMOTE_IRR;
    }
    /* A line still asserted is delivered again. */
    ioapic_service(s);
}

void ioapic_eoi_broadcast(int vector)
{
    for (GSList *l = ioapics; l; l = l->next) {
        ioapic_eoi_one(l->data, vector);
    }
}

static uint64_t ioapic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    IOAPICState *s = opaque;
    int index;

    switch (addr & 0xff) {
    case IOAPIC_IOREGSEL:
        return s->ioregsel;
    case IOAPIC_IOWIN:
        switch (s->ioregsel) {
        case IOAPIC_REG_ID:
        case IOAPIC_REG_ARB:
            return (uint32_t)s->id << 24;
        case IOAPIC_REG_VER:
            return s->version | ((IOAPIC_NUM_PINS - 1) << 16);
        default:
            index = (s->ioregsel - IOAPIC_REG_REDTBL_BASE) >> 1;
            if (s->ioregsel >= IOAPIC_REG_REDTBL_BASE &&
                index < IOAPIC_NUM_PINS) {
                return (s->ioregsel & 1) ? s->ioredtbl[index] >> 32
                                         : (uint32_t)s->ioredtbl[index];
            }
            return 0;            /* unimplemented register */
        }
    default:
        return 0;
    }
}

static void ioapic_mem_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    IOAPICState *s = opaque;
    uint32_t val = val64;
    int index;
    uint64_t old;

    switch (addr & 0xff) {
    case IOAPIC_IOREGSEL:
        s->ioregsel = val;
        break;
    case IOAPIC_IOWIN:
        if (s->ioregsel == IOAPIC_REG_ID) {
            s->id = (val >> 24) & 0x0f;
            break;
        }
        index = (s->ioregsel - IOAPIC_REG_REDTBL_BASE) >> 1;
        if (s->ioregsel < IOAPIC_REG_REDTBL_BASE ||
            index >= IOAPIC_NUM_PINS) {
            break;               /* version/arbitration are read-only */
        }
        old = s->ioredtbl[index];
        if (s->ioregsel & 1) {
            s->ioredtbl[index] = (old & 0xffffffffULL) | ((uint64_t)val << 32);
        } else {
            s->ioredtbl[index] = (old & ~0xffffffffULL) | val;
        }
        s->ioredtbl[index] = (s->ioredtbl[index] & IOAPIC_RW_BITS) |
                             (old & IOAPIC_RO_BITS);
        /* Remote IRR only exists for level-triggered entries. */
        if (!(s->ioredtbl[index] & IOAPIC_LVT_TRIGGER_MODE)) {
            s->ioredtbl[index] &= ~IOAPIC_LVT_REMOTE_IRR;
        }
        ioapic_service(s);
        break;
    case IOAPIC_EOI:
        if (s->version >= 0x20) {
            ioapic_eoi_one(s, val & 0xff);
        }
        break;
    default:
        break;
    }
}

static const MemoryRegionOps ioapic_io_ops = {
    .read = ioapic_mem_read,
    .write = ioapic_mem_write,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 4, .max_access_size = 4},
};

static void ioapic_reset(DeviceState *d)
{
    IOAPICState *s = IOAPIC(d);

    s->id = 0;
    s->ioregsel = 0;
    s->irr = 0;
    for (int i = 0; i < IOAPIC_NUM_PINS; i++) {
        s->ioredtbl[i] = IOAPIC_LVT_MASKED;
    }
}

static void ioapic_realize(DeviceState *dev, Error **errp)
{
    IOAPICState *s = IOAPIC(dev);

    if (s->version != 0x11 && s->version != 0x20) {
        error_setg(errp, "ioapic: version %d is not supported (0x11 or "
                   "0x20)", s->version);
        return;
    }
    memory_region_init_io(&s->io_memory, OBJECT(dev), &ioapic_io_ops, s,
                          "ioapic", 0x1000);
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->io_memory);
    qdev_init_gpio_in(dev, ioapic_set_irq, IOAPIC_NUM_PINS);
    ioapics = g_slist_append(ioapics, s);
    ioapic_reset(dev);
}

static void ioapic_unrealize(DeviceState *dev)
{
    ioapics = g_slist_remove(ioapics, dev);
}

DeviceState *ioapic_create(Object *parent)
{
    DeviceState *dev = qdev_new(TYPE_IOAPIC);

    if (parent) {
        object_property_add_child(parent, "ioapic", OBJECT(dev));
    }
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, IO_APIC_DEFAULT_ADDRESS);
    return dev;
}

static Property ioapic_properties[] = {
    DEFINE_PROP_UINT8("version", IOAPICState, version, IOAPIC_VERSION),
    DEFINE_PROP_END_OF_LIST(),
};

static void ioapic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = ioapic_realize;
    dc->unrealize = ioapic_unrealize;
    dc->reset = ioapic_reset;
    dc->desc = "I/O APIC";
    dc->user_creatable = false;
    device_class_set_props(dc, ioapic_properties);
}

static const TypeInfo ioapic_info = {
    .name = TYPE_IOAPIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IOAPICState),
    .class_init = ioapic_class_init,
};

static void ioapic_register_types(void)
{
    type_register_static(&ioapic_info);
}

type_init(ioapic_register_types)
