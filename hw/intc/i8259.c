/*
 * Intel 8259A Programmable Interrupt Controller.
 * Datasheet: Intel 8259A Programmable Interrupt Controller, order 231468.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/intc/i8259.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(PICState, I8259)

struct PICState {
    ISADevice parent_obj;

    MemoryRegion base_io;
    MemoryRegion elcr_io;
    qemu_irq int_out;
    uint8_t last_irr;        /* input levels, for edge detection */
    uint8_t irr;
    uint8_t imr;
    uint8_t isr;
    uint8_t priority_add;    /* IR number with highest priority */
    uint8_t irq_base;
    uint8_t read_reg_select; /* OCW3 RR/RIS: 0 IRR, 1 ISR */
    bool poll;
    bool special_mask;
    uint8_t init_state;      /* 0 ready, 1-3: expecting ICW2-ICW4 */
    bool auto_eoi;
    bool rotate_on_auto_eoi;
    bool special_fully_nested_mode;
    bool init4;
    bool single_mode;
    uint8_t elcr;            /* 1 = level triggered */
    /* properties */
    uint32_t iobase;
    uint32_t elcr_addr;
    uint8_t elcr_mask;
    bool master;
};

DeviceState *isa_pic;
static PICState *slave_pic;

/* Priority of the highest bit in mask, relative to priority_add; 8: none. */
static int pic_get_priority(PICState *s, uint8_t mask)
{
    int priority = 0;

    if (!mask) {
        return 8;
    }
    while (!(mask & (1 << ((priority + s->priority_add) & 7)))) {
        priority++;
    }
    return priority;
}

/* The IR line that should be delivered now, or -1. */
static int pic_get_irq(PICState *s)
{
    int priority = pic_get_priority(s, s->irr & ~s->imr);
    uint8_t in_service;

    if (priority == 8) {
        return -1;
    }
    in_service = s->isr;
    if (s->special_mask) {
        in_service &= ~s->imr;
    }
    /* In SFNM the master lets further slave interrupts nest. */
    if (s->special_fully_nested_mode && s->master) {
        in_service &= ~(1 << 2);
    }
    if (priority < pic_get_priority(s, in_service)) {
        return (priority + s->priority_add) & 7;
    }
    return -1;
}

static void pic_update_irq(PICState *s)
{
    qemu_set_irq(s->int_out, pic_get_irq(s) >= 0);
}

static void pic_set_irq(void *opaque, int n, int level)
{
    PICState *s = opaque;
    uint8_t mask;

    if (n < 0 || n > 7) {
        return;
    }
    mask = 1 << n;
    if (s->elcr & mask) {
        if (level) {
            s->irr |= mask;
            s->last_irr |= mask;
        } else {
            s->irr &= ~mask;
            s->last_irr &= ~mask;
        }
    } else {
        if (level) {
            if (!(s->last_irr & mask)) {
                s->irr |= mask;
            }
            s->last_irr |= mask;
        } else {
            s->last_irr &= ~mask;
        }
    }
    pic_update_irq(s);
}

static void pic_intack(PICState *s, int irq)
{
    if (s->auto_eoi) {
        if (s->rotate_on_auto_eoi) {
            s->priority_add = (irq + 1) & 7;
        }
    } else {
        s->isr |= 1 << irq;
    }
    /* A level-triggered request stays in IRR while the line is high. */
    if (!(s->elcr & (1 << irq))) {
        s->irr &= ~(1 << irq);
    }
    pic_update_irq(s);
}

int pic_read_irq(DeviceState *d)
{
    PICState *s = I8259(d);
    int irq, irq2, intno;

    irq = pic_get_irq(s);
    if (irq < 0) {
        /* Request vanished before INTA: spurious IR7. */
        return s->irq_base + 7;
    }
    if (irq == 2 && slave_pic) {
        irq2 = pic_get_irq(slave_pic);
        if (irq2 >= 0) {
            pic_intack(slave_pic, irq2);
        } else {
            irq2 = 7;        /* spurious IRQ15 */
        }
        intno = slave_pic->irq_base + irq2;
    } else {
        intno = s->irq_base + irq;
    }
    pic_intack(s, irq);
    return intno;
}

int pic_get_output(DeviceState *d)
{
    return pic_get_irq(I8259(d)) >= 0;
}

/* ICW1 puts the PIC back in its initial state; ELCR is separate. */
static void pic_init_reset(PICState *s)
{
    s->last_irr = 0;
    s->irr &= s->elcr;
    s->imr = 0;
    s->isr = 0;
    s->priority_add = 0;
    s->irq_base = 0;
    s->read_reg_select = 0;
    s->poll = false;
    s->special_mask = false;
    s->init_state = 0;
    s->auto_eoi = false;
    s->rotate_on_auto_eoi = false;
    s->special_fully_nested_mode = false;
    s->init4 = false;
    s->single_mode = false;
    pic_update_irq(s);
}

static void pic_reset(DeviceState *dev)
{
    PICState *s = I8259(dev);

    s->elcr = 0;
    s->irr = 0;
    pic_init_reset(s);
}

static void pic_write_ocw2(PICState *s, uint8_t val)
{
    int cmd = val >> 5;
    int priority, irq;

    switch (cmd) {
    case 0: /* rotate in automatic EOI: clear */
    case 4: /* rotate in automatic EOI: set */
        s->rotate_on_auto_eoi = cmd == 4;
        break;
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
        priority = pic_get_priority(s, s->isr);
        if (priority != 8) {
            irq = (priority + s->priority_add) & 7;
            s->isr &= ~(1 << irq);
            if (cmd == 5) {
                s->priority_add = (irq + 1) & 7;
            }
            pic_update_irq(s);
        }
        break;
    case 3: /* specific EOI */
        s->isr &= ~(1 << (val & 7));
        pic_update_irq(s);
        break;
    case 6: /* set priority: IR(val&7) becomes the lowest */
        s->priority_add = (val + 1) & 7;
        pic_update_irq(s);
        break;
    case 7: /* rotate on specific EOI */
        irq = val & 7;
        s->isr &= ~(1 << irq);
        s->priority_add = (irq + 1) & 7;
        pic_update_irq(s);
        break;
    default: /* 2: no operation */
        break;
    }
}

static void pic_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    PICState *s = opaque;
    uint8_t val = val64;

    if ((addr & 1) == 0) {
        if (val & 0x10) {                 /* ICW1 */
            pic_init_reset(s);
            s->init_state = 1;
            s->init4 = val & 1;
            s->single_mode = val & 2;
            /* LTIM (bit 3) is ignored: the ELCR decides, as on PIIX. */
        } else if (val & 0x08) {          /* OCW3 */
            if (val & 0x04) {
                s->poll = true;
            }
            if (val & 0x02) {
                s->read_reg_select = val & 1;
            }
            if (val & 0x40) {
                s->special_mask = (val >> 5) & 1;
                pic_update_irq(s);
            }
        } else {                          /* OCW2 */
            pic_write_ocw2(s, val);
        }
        return;
    }
    switch (s->init_state) {
    case 0:                               /* OCW1: interrupt mask */
        s->imr = val;
        pic_update_irq(s);
        break;
    case 1:                               /* ICW2: vector base */
        s->irq_base = val & 0xf8;
        s->init_state = s->single_mode ? (s->init4 ? 3 : 0) : 2;
        break;
    case 2:                               /* ICW3: cascade wiring */
        s->init_state = s->init4 ? 3 : 0;
        break;
    case 3:                               /* ICW4 */
        s->special_fully_nested_mode = (val >> 4) & 1;
        s->auto_eoi = (val >> 1) & 1;
        s->init_state = 0;
        break;
    }
}

/* Poll command: acknowledge the highest request as an INTA would. */
static uint8_t pic_poll_read(PICState *s)
{
    int irq = pic_get_irq(s);

    s->poll = false;
    if (irq < 0) {
        return 0;
    }
    pic_intack(s, irq);
    return 0x80 | irq;
}

static uint64_t pic_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PICState *s = opaque;

    if (s->poll) {
        return pic_poll_read(s);
    }
    if ((addr & 1) == 0) {
        return s->read_reg_select ? s->isr : s->irr;
    }
    return s->imr;
}

static const MemoryRegionOps pic_base_ops = {
    .read = pic_ioport_read,
    .write = pic_ioport_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void elcr_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    PICState *s = opaque;

    s->elcr = val & s->elcr_mask;
    pic_update_irq(s);
}

static uint64_t elcr_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PICState *s = opaque;

    return s->elcr;
}

static const MemoryRegionOps pic_elcr_ops = {
    .read = elcr_ioport_read,
    .write = elcr_ioport_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static void pic_realize(DeviceState *dev, Error **errp)
{
    PICState *s = I8259(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    if (s->iobase > 0xfffe || s->elcr_addr > 0xffff) {
        error_setg(errp, "i8259: iobase 0x%x or elcr_addr 0x%x out of range",
                   s->iobase, s->elcr_addr);
        return;
    }
    memory_region_init_io(&s->base_io, OBJECT(dev), &pic_base_ops, s, "pic",
                          2);
    memory_region_init_io(&s->elcr_io, OBJECT(dev), &pic_elcr_ops, s, "elcr",
                          1);
    isa_register_ioport(isa, &s->base_io, s->iobase);
    if (s->elcr_addr != 0xffff) {
        isa_register_ioport(isa, &s->elcr_io, s->elcr_addr);
    }
    qdev_init_gpio_in(dev, pic_set_irq, 8);
    qdev_init_gpio_out(dev, &s->int_out, 1);
}

static Property pic_properties[] = {
    DEFINE_PROP_UINT32("iobase", PICState, iobase, -1),
    DEFINE_PROP_UINT32("elcr_addr", PICState, elcr_addr, -1),
    DEFINE_PROP_UINT8("elcr_mask", PICState, elcr_mask, -1),
    DEFINE_PROP_BOOL("master", PICState, master, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void pic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = pic_realize;
    dc->reset = pic_reset;
    dc->desc = "Intel 8259A PIC";
    dc->user_creatable = false;   /* the board creates the pair */
    device_class_set_props(dc, pic_properties);
}

static DeviceState *pic_create(ISABus *bus, bool master, uint32_t iobase,
                               uint32_t elcr_addr, uint8_t elcr_mask)
{
    ISADevice *isa = isa_new(TYPE_I8259);
    DeviceState *dev = DEVICE(isa);

    qdev_prop_set_uint32(dev, "iobase", iobase);
    qdev_prop_set_uint32(dev, "elcr_addr", elcr_addr);
    qdev_prop_set_uint8(dev, "elcr_mask", elcr_mask);
    qdev_prop_set_bit(dev, "master", master);
    isa_realize_and_unref(isa, bus, &error_fatal);
    return dev;
}

qemu_irq *i8259_init(ISABus *bus, qemu_irq parent_irq)
{
    qemu_irq *irqs = g_new0(qemu_irq, ISA_NUM_IRQS);
    DeviceState *master, *slave;

    /* IRQ0-2 and IRQ8/13 are edge-only on the PIIX ELCR. */
    master = pic_create(bus, true, 0x20, 0x4d0, 0xf8);
    qdev_connect_gpio_out(master, 0, parent_irq);
    slave = pic_create(bus, false, 0xa0, 0x4d1, 0xde);
    qdev_connect_gpio_out(slave, 0, qdev_get_gpio_in(master, 2));
    for (int i = 0; i < 8; i++) {
        irqs[i] = qdev_get_gpio_in(master, i);
        irqs[i + 8] = qdev_get_gpio_in(slave, i);
    }
    isa_pic = master;
    slave_pic = I8259(slave);
    return irqs;
}

static const TypeInfo pic_info = {
    .name = TYPE_I8259,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PICState),
    .class_init = pic_class_init,
};

static void pic_register_types(void)
{
    type_register_static(&pic_info);
}

type_init(pic_register_types)
