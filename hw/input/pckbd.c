/*
 * Intel 8042 keyboard controller as used in the PC/AT and PS/2.
 * References: IBM PS/2 Technical Reference, "Keyboard and Auxiliary
 * Device Controller"; Intel UPI-41/42 (8042) datasheet.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/input/i8042.h"
#include "hw/input/ps2.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "sysemu/runstate.h"

OBJECT_DECLARE_SIMPLE_TYPE(ISAKBDState, I8042)

/* Status register (port 0x64 read) */
#define KBD_STAT_OBF 0x01
#define KBD_STAT_IBF 0x02
#define KBD_STAT_SELFTEST 0x04
#define KBD_STAT_CMD 0x08
#define KBD_STAT_UNLOCKED 0x10
#define KBD_STAT_MOUSE_OBF 0x20

/* Command byte ("mode") */
#define KBD_MODE_KBD_INT 0x01
#define KBD_MODE_MOUSE_INT 0x02
#define KBD_MODE_SYS 0x04
#define KBD_MODE_DISABLE_KBD 0x10
#define KBD_MODE_DISABLE_MOUSE 0x20
#define KBD_MODE_KCC 0x40        /* translate to scan code set 1 */

/* Output port */
#define KBD_OUT_RESET 0x01       /* active low */
#define KBD_OUT_A20 0x02
#define KBD_OUT_OBF 0x10
#define KBD_OUT_MOUSE_OBF 0x20
#define KBD_OUT_ONES 0xcc

/* Controller commands (port 0x64 write) */
#define KBD_CCMD_READ_MODE 0x20
#define KBD_CCMD_WRITE_MODE 0x60
#define KBD_CCMD_GET_VERSION 0xa1
#define KBD_CCMD_MOUSE_DISABLE 0xa7
#define KBD_CCMD_MOUSE_ENABLE 0xa8
#define KBD_CCMD_TEST_MOUSE 0xa9
#define KBD_CCMD_SELF_TEST 0xaa
#define KBD_CCMD_KBD_TEST 0xab
#define KBD_CCMD_KBD_DISABLE 0xad
#define KBD_CCMD_KBD_ENABLE 0xae
#define KBD_CCMD_READ_INPORT 0xc0
#define KBD_CCMD_READ_OUTPORT 0xd0
#define KBD_CCMD_WRITE_OUTPORT 0xd1
#define KBD_CCMD_WRITE_OBUF 0xd2
#define KBD_CCMD_WRITE_AUX_OBUF 0xd3
#define KBD_CCMD_WRITE_MOUSE 0xd4
#define KBD_CCMD_DISABLE_A20 0xdd
#define KBD_CCMD_ENABLE_A20 0xdf
#define KBD_CCMD_READ_TEST_INPUTS 0xe0
#define KBD_CCMD_RESET 0xfe

#define CTRL_QUEUE_SIZE 4

struct ISAKBDState {
    ISADevice parent_obj;
    MemoryRegion io_data;
    MemoryRegion io_cmd;
    uint8_t write_cmd;       /* command awaiting a data byte, 0 if none */
    uint8_t status;
    uint8_t mode;
    uint8_t outport;
    uint8_t obdata;          /* the output buffer */
    uint8_t ctrl_q[CTRL_QUEUE_SIZE];
    int ctrl_q_count;
    PS2State kbd;
    PS2State mouse;
    qemu_irq irq_kbd;
    qemu_irq irq_mouse;
    qemu_irq a20_out;
    /* properties */
    uint8_t kbd_irq;
    uint8_t mouse_irq;
    bool extended_state;
    bool kbd_throttle;
};

static void kbd_update_irq_lines(ISAKBDState *s)
{
    bool kbd = false, mouse = false;

    s->outport &= ~(KBD_OUT_OBF | KBD_OUT_MOUSE_OBF);
    if (s->status & KBD_STAT_OBF) {
        if (s->status & KBD_STAT_MOUSE_OBF) {
            s->outport |= KBD_OUT_MOUSE_OBF;
            mouse = s->mode & KBD_MODE_MOUSE_INT;
        } else {
            s->outport |= KBD_OUT_OBF;
            kbd = s->mode & KBD_MODE_KBD_INT;
        }
    }
    qemu_set_irq(s->irq_kbd, kbd);
    qemu_set_irq(s->irq_mouse, mouse);
}

/* Refill an empty output buffer: controller replies, then kbd, then aux. */
static void kbd_update(ISAKBDState *s)
{
    if (!(s->status & KBD_STAT_OBF)) {
        if (s->ctrl_q_count) {
            s->obdata = s->ctrl_q[0];
            memmove(s->ctrl_q, s->ctrl_q + 1, --s->ctrl_q_count);
            s->status |= KBD_STAT_OBF;
            s->status &= ~KBD_STAT_MOUSE_OBF;
        } else if (!(s->mode & KBD_MODE_DISABLE_KBD) &&
                   ps2_has_data(&s->kbd)) {
            s->obdata = ps2_read_data(&s->kbd);
            s->status |= KBD_STAT_OBF;
            s->status &= ~KBD_STAT_MOUSE_OBF;
        } else if (!(s->mode & KBD_MODE_DISABLE_MOUSE) &&
                   ps2_has_data(&s->mouse)) {
            s->obdata = ps2_read_data(&s->mouse);
            s->status |= KBD_STAT_OBF | KBD_STAT_MOUSE_OBF;
        }
    }
    kbd_update_irq_lines(s);
}

static void kbd_ctrl_reply(ISAKBDState *s, uint8_t b)
{
    if (s->ctrl_q_count < CTRL_QUEUE_SIZE) {
        s->ctrl_q[s->ctrl_q_count++] = b;
    }
    kbd_update(s);
}

static void kbd_set_outport(ISAKBDState *s, uint8_t val)
{
    uint8_t obf_bits = s->outport & (KBD_OUT_OBF | KBD_OUT_MOUSE_OBF);

    s->outport = (val & ~(KBD_OUT_OBF | KBD_OUT_MOUSE_OBF)) | obf_bits;
    qemu_set_irq(s->a20_out, (val >> 1) & 1);
    if (!(val & KBD_OUT_RESET)) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

static void kbd_write_command(void *opaque, hwaddr addr, uint64_t val64,
                              unsigned size)
{
    ISAKBDState *s = opaque;
    uint8_t val = val64;

    s->status |= KBD_STAT_CMD;
    /* 0x21-0x3f / 0x61-0x7f: controller RAM, not modelled. */
    if (val > KBD_CCMD_READ_MODE && val < 0x40) {
        kbd_ctrl_reply(s, 0);
        return;
    }
    if (val > KBD_CCMD_WRITE_MODE && val < 0x80) {
        s->write_cmd = val;      /* its data byte is swallowed */
        return;
    }
    /* 0xf0-0xff pulse output port bits 3:0 low; bit 0 is reset. */
    if (val >= 0xf0) {
        if (!(val & 1)) {
            qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        }
        return;
    }
    switch (val) {
    case KBD_CCMD_READ_MODE:
        kbd_ctrl_reply(s, s->mode);
        break;
    case KBD_CCMD_WRITE_MODE:
    case KBD_CCMD_WRITE_OUTPORT:
    case KBD_CCMD_WRITE_OBUF:
    case KBD_CCMD_WRITE_AUX_OBUF:
    case KBD_CCMD_WRITE_MOUSE:
        s->write_cmd = val;
        break;
    case KBD_CCMD_GET_VERSION:
        kbd_ctrl_reply(s, 0);
        break;
    case KBD_CCMD_MOUSE_DISABLE:
        s->mode |= KBD_MODE_DISABLE_MOUSE;
        break;
    case KBD_CCMD_MOUSE_ENABLE:
        s->mode &= ~KBD_MODE_DISABLE_MOUSE;
        kbd_update(s);
        break;
    case KBD_CCMD_TEST_MOUSE:
        kbd_ctrl_reply(s, 0x00);
        break;
    case KBD_CCMD_SELF_TEST:
        s->status |= KBD_STAT_SELFTEST;
        kbd_ctrl_reply(s, 0x55);
        break;
    case KBD_CCMD_KBD_TEST:
        kbd_ctrl_reply(s, 0x00);
        break;
    case KBD_CCMD_KBD_DISABLE:
        s->mode |= KBD_MODE_DISABLE_KBD;
        kbd_update(s);
        break;
    case KBD_CCMD_KBD_ENABLE:
        s->mode &= ~KBD_MODE_DISABLE_KBD;
        kbd_update(s);
        break;
    case KBD_CCMD_READ_INPORT:
        kbd_ctrl_reply(s, 0x80);  /* keyboard not inhibited */
        break;
    case KBD_CCMD_READ_OUTPORT:
        kbd_ctrl_reply(s, s->outport);
        break;
    case KBD_CCMD_DISABLE_A20:
        kbd_set_outport(s, s->outport & ~KBD_OUT_A20);
        break;
    case KBD_CCMD_ENABLE_A20:
        kbd_set_outport(s, s->outport | KBD_OUT_A20);
        break;
    case KBD_CCMD_READ_TEST_INPUTS:
        kbd_ctrl_reply(s, 0x00);
        break;
    default:
        break;                   /* unknown commands are ignored */
    }
}

static uint64_t kbd_read_status(void *opaque, hwaddr addr, unsigned size)
{
    ISAKBDState *s = opaque;

    return s->status;
}

static void kbd_write_data(void *opaque, hwaddr addr, uint64_t val64,
                           unsigned size)
{
    ISAKBDState *s = opaque;
    uint8_t val = val64;
    uint8_t cmd = s->write_cmd;

    s->status &= ~KBD_STAT_CMD;
    s->write_cmd = 0;
    switch (cmd) {
    case 0:
        /* Talking to the keyboard re-enables its interface. */
        s->mode &= ~KBD_MODE_DISABLE_KBD;
        ps2_write(&s->kbd, val);
        break;
    case KBD_CCMD_WRITE_MODE:
        s->mode = val;
        s->kbd.translate = val & KBD_MODE_KCC;
        s->status = (s->status & ~KBD_STAT_SELFTEST) |
                    ((val & KBD_MODE_SYS) ? KBD_STAT_SELFTEST : 0);
        break;
    case KBD_CCMD_WRITE_OUTPORT:
        kbd_set_outport(s, val);
        break;
    case KBD_CCMD_WRITE_OBUF:
        ps2_queue_bytes(&s->kbd, &val, 1);
        break;
    case KBD_CCMD_WRITE_AUX_OBUF:
        ps2_queue_bytes(&s->mouse, &val, 1);
        break;
    case KBD_CCMD_WRITE_MOUSE:
        s->mode &= ~KBD_MODE_DISABLE_MOUSE;
        ps2_write(&s->mouse, val);
        break;
    default:
        break;                   /* controller RAM writes are dropped */
    }
    kbd_update(s);
}

static uint64_t kbd_read_data(void *opaque, hwaddr addr, unsigned size)
{
    ISAKBDState *s = opaque;
    uint8_t val = s->obdata;     /* stale data if OBF is clear */

    s->status &= ~(KBD_STAT_OBF | KBD_STAT_MOUSE_OBF);
    kbd_update_irq_lines(s);
    kbd_update(s);
    return val;
}

static const MemoryRegionOps kbd_data_ops = {
    .read = kbd_read_data,
    .write = kbd_write_data,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static const MemoryRegionOps kbd_cmd_ops = {
    .read = kbd_read_status,
    .write = kbd_write_command,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void i8042_setup_a20_line(ISADevice *dev, qemu_irq a20_out)
{
    qdev_connect_gpio_out_named(DEVICE(dev), I8042_A20_LINE, 0, a20_out);
}

void i8042_put_kbd_bytes(ISADevice *dev, const uint8_t *buf, int len)
{
    ISAKBDState *s = I8042(dev);

    ps2_queue_bytes(&s->kbd, buf, len);
    kbd_update(s);
}

static void kbd_reset(DeviceState *dev)
{
    ISAKBDState *s = I8042(dev);

    s->mode = KBD_MODE_KBD_INT | KBD_MODE_MOUSE_INT;
    s->status = KBD_STAT_CMD | KBD_STAT_UNLOCKED;
    s->outport = KBD_OUT_RESET | KBD_OUT_A20 | KBD_OUT_ONES;
    s->write_cmd = 0;
    s->obdata = 0;
    s->ctrl_q_count = 0;
    ps2_reset(&s->kbd);
    ps2_reset(&s->mouse);
    s->kbd.translate = false;
    kbd_update_irq_lines(s);
}

static void kbd_realize(DeviceState *dev, Error **errp)
{
    ISAKBDState *s = I8042(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    if (s->kbd_irq >= ISA_NUM_IRQS || s->mouse_irq >= ISA_NUM_IRQS) {
        error_setg(errp, "i8042: kbd-irq %u or mouse-irq %u out of range "
                   "(0-%d)", s->kbd_irq, s->mouse_irq, ISA_NUM_IRQS - 1);
        return;
    }
    ps2_init(&s->kbd, false);
    ps2_init(&s->mouse, true);
    memory_region_init_io(&s->io_data, OBJECT(dev), &kbd_data_ops, s,
                          "i8042-data", 1);
    memory_region_init_io(&s->io_cmd, OBJECT(dev), &kbd_cmd_ops, s,
                          "i8042-cmd", 1);
    isa_register_ioport(isa, &s->io_data, 0x60);
    isa_register_ioport(isa, &s->io_cmd, 0x64);
    s->irq_kbd = isa_get_irq(isa, s->kbd_irq);
    s->irq_mouse = isa_get_irq(isa, s->mouse_irq);
    qdev_init_gpio_out_named(dev, &s->a20_out, I8042_A20_LINE, 1);
}

static Property kbd_properties[] = {
    DEFINE_PROP_BOOL("extended-state", ISAKBDState, extended_state, true),
    DEFINE_PROP_BOOL("kbd-throttle", ISAKBDState, kbd_throttle, false),
    DEFINE_PROP_UINT8("kbd-irq", ISAKBDState, kbd_irq, 1),
    DEFINE_PROP_UINT8("mouse-irq", ISAKBDState, mouse_irq, 12),
    DEFINE_PROP_END_OF_LIST(),
};

static void kbd_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = kbd_realize;
    dc->reset = kbd_reset;
    dc->desc = "i8042 keyboard controller";
    dc->categories |= 1ul << DEVICE_CATEGORY_INPUT;
    device_class_set_props(dc, kbd_properties);
}

static const TypeInfo kbd_info = {
    .name = TYPE_I8042,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISAKBDState),
    .class_init = kbd_class_init,
};

static void kbd_register_types(void)
{
    type_register_static(&kbd_info);
}

type_init(kbd_register_types)
