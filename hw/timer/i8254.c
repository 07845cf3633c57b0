/*
 * Intel 8254 Programmable Interval Timer: three 16-bit down counters
 * clocked at 1.193182 MHz, counting computed from QEMU_CLOCK_VIRTUAL.
 * Datasheet: Intel 8254 Programmable Interval Timer, order 231164.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "hw/timer/i8254.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"

OBJECT_DECLARE_SIMPLE_TYPE(PITState, I8254)

/* Access modes (control word bits 5:4), and the MSB-next state. */
enum { RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_WORD0 = 3, RW_WORD1 = 4 };

typedef struct PITChannel {
    struct PITState *pit;
    int count;               /* reload value, 1..0x10000 (binary) */
    uint16_t latched_count;
    uint8_t count_latched;   /* RW_* of the pending latch, 0 if none */
    bool status_latched;
    uint8_t status;
    uint8_t read_state;
    uint8_t write_state;
    uint8_t write_latch;
    uint8_t rw_mode;
    uint8_t mode;
    uint8_t bcd;
    uint8_t gate;
    bool null_count;         /* control word written, no count yet */
    int64_t count_load_time;
    int64_t next_transition_time;
    QEMUTimer *irq_timer;    /* channel 0 only */
    qemu_irq irq;
} PITChannel;

struct PITState {
    ISADevice parent_obj;
    MemoryRegion ioports;
    uint32_t iobase;
    PITChannel channels[3];
};

static uint64_t muldiv64(uint64_t a, uint32_t b, uint32_t c)
{
    return (uint64_t)(((unsigned __int128)a * b) / c);
}

static uint64_t pit_ticks(PITChannel *s, int64_t now)
{
    if (now < s->count_load_time) {
        return 0;
    }
    return muldiv64(now - s->count_load_time, PIT_FREQ,
                    NANOSECONDS_PER_SECOND);
}

static int pit_get_count(PITChannel *s)
{
    uint64_t d = pit_ticks(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));

    switch (s->mode) {
    case 0:
    case 1:
    case 4:
    case 5:
        return (s->count - d) & 0xffff;
    case 3:
        /* Square wave: decrements by two, reloading every half period. */
        return s->count - ((2 * d) % s->count);
    default:
        return s->count - (d % s->count);
    }
}

static int pit_get_out(PITChannel *s, int64_t now)
{
    uint64_t d = pit_ticks(s, now);

    switch (s->mode) {
    default:
    case 0:
        return d >= (uint64_t)s->count;
    case 1:
        return d < (uint64_t)s->count;
    case 2:
        /* A pulse at each period end: what the edge-triggered PIC sees. */
        return (d % s->count) == 0 && d != 0;
    case 3:
        return (d % s->count) < (uint64_t)((s->count + 1) >> 1);
    case 4:
    case 5:
        return d == (uint64_t)s->count;
    }
}

/* Next time OUT changes, or -1 if it stays put. */
static int64_t pit_next_transition(PITChannel *s, int64_t now)
{
    uint64_t d = pit_ticks(s, now), next, base, period2;
    int64_t t;

    switch (s->mode) {
    default:
    case 0:
    case 1:
        if (d >= (uint64_t)s->count) {
            return -1;
        }
        next = s->count;
        break;
    case 2:
        base = d / s->count * s->count;
        next = (d - base == 0 && d != 0) ? base + 1 : base + s->count;
        break;
    case 3:
        base = d / s->count * s->count;
        period2 = (s->count + 1) >> 1;
        next = (d - base < period2) ? base + period2 : base + s->count;
        break;
    case 4:
    case 5:
        if (d < (uint64_t)s->count) {
            next = s->count;
        } else if (d == (uint64_t)s->count) {
            next = s->count + 1;
        } else {
            return -1;
        }
        break;
    }
    /* Round up so the timer fires once the tick has really elapsed. */
    t = s->count_load_time +
        (int64_t)((next * NANOSECONDS_PER_SECOND + PIT_FREQ - 1) / PIT_FREQ);
    return t <= now ? now + 1 : t;
}

static void pit_irq_timer_update(PITChannel *s, int64_t now)
{
    int64_t expire;

    if (!s->irq_timer) {
        return;
    }
    expire = pit_next_transition(s, now);
    qemu_set_irq(s->irq, pit_get_out(s, now));
    s->next_transition_time = expire;
    if (expire != -1) {
        timer_mod(s->irq_timer, expire);
    } else {
        timer_del(s->irq_timer);
    }
}

static void pit_irq_timer(void *opaque)
{
    PITChannel *s = opaque;

    pit_irq_timer_update(s, s->next_transition_time);
}

static int bcd_to_count(int v)
{
    int r = 0, mul = 1;

    for (int i = 0; i < 4; i++, v >>= 4, mul *= 10) {
        r += MIN(v & 0xf, 9) * mul;   /* non-BCD digits are clamped */
    }
    return r ? r : 10000;
}

static int count_to_bcd(int v)
{
    int r = 0;

    v %= 10000;
    for (int i = 0; i < 4; i++, v /= 10) {
        r |= (v % 10) << (4 * i);
    }
    return r;
}

static void pit_load_count(PITChannel *s, int val)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (s->bcd) {
        val = bcd_to_count(val);
    } else if (val == 0) {
        val = 0x10000;
    }
    /* Mode 2 and 3 need at least 2 (1 is illegal on the real part). */
    if (val == 1 && (s->mode == 2 || s->mode == 3)) {
        val = 2;
    }
    s->count_load_time = now;
    s->count = val;
    s->null_count = false;
    pit_irq_timer_update(s, now);
}

static uint16_t pit_read_counter(PITChannel *s)
{
    int c = pit_get_count(s);

    return s->bcd ? count_to_bcd(c) : (uint16_t)c;
}

static void pit_latch_count(PITChannel *s)
{
    if (!s->count_latched) {
        s->latched_count = pit_read_counter(s);
        s->count_latched = s->rw_mode;
    }
}

static void pit_latch_status(PITChannel *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (!s->status_latched) {
        /* bit 6 (null count) is 1 until a written count is loaded */
        s->status = (pit_get_out(s, now) << 7) | (s->null_count << 6) |
                    (s->rw_mode << 4) | (s->mode << 1) | s->bcd;
        s->status_latched = true;
    }
}

static void pit_write_control(PITState *pit, uint8_t val)
{
    int channel = val >> 6;
    PITChannel *s;
    int access;

    if (channel == 3) {
        /* Read-back: bits 3:1 select channels; COUNT/STATUS active low. */
        for (int i = 0; i < 3; i++) {
            if (!(val & (2 << i))) {
                continue;
            }
            s = &pit->channels[i];
            if (!(val & 0x20)) {
                pit_latch_count(s);
            }
            if (!(val & 0x10)) {
                pit_latch_status(s);
            }
        }
        return;
    }
    s = &pit->channels[channel];
    access = (val >> 4) & 3;
    if (access == RW_LATCH) {
        pit_latch_count(s);
        return;
    }
    s->rw_mode = access;
    s->read_state = access;
    s->write_state = access;
    s->mode = (val >> 1) & 7;
    if (s->mode > 5) {
        s->mode -= 4;            /* 6 and 7 are aliases of 2 and 3 */
    }
    s->bcd = val & 1;
    s->count_latched = 0;
    s->status_latched = false;
    s->null_count = true;
}

static void pit_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                             unsigned size)
{
    PITState *pit = opaque;
    uint8_t val = val64;
    PITChannel *s;

    addr &= 3;
    if (addr == 3) {
        pit_write_control(pit, val);
        return;
    }
    s = &pit->channels[addr];
    switch (s->write_state) {
    default:
    case RW_LSB:
        pit_load_count(s, val);
        break;
    case RW_MSB:
        pit_load_count(s, val << 8);
        break;
    case RW_WORD0:
        s->write_latch = val;
        s->write_state = RW_WORD1;
        break;
    case RW_WORD1:
        pit_load_count(s, s->write_latch | (val << 8));
        s->write_state = RW_WORD0;
        break;
    }
}

static uint64_t pit_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *pit = opaque;
    PITChannel *s;
    int ret = 0;
    uint16_t count;

    addr &= 3;
    if (addr == 3) {
        return 0;                /* the control word is write-only */
    }
    s = &pit->channels[addr];
    if (s->status_latched) {
        s->status_latched = false;
        return s->status;
    }
    if (s->count_latched) {
        switch (s->count_latched) {
        default:
        case RW_LSB:
            ret = s->latched_count & 0xff;
            s->count_latched = 0;
            break;
        case RW_MSB:
            ret = s->latched_count >> 8;
            s->count_latched = 0;
            break;
        case RW_WORD0:
            ret = s->latched_count & 0xff;
            s->count_latched = RW_MSB;
            break;
        }
        return ret;
    }
    count = pit_read_counter(s);
    switch (s->read_state) {
    default:
    case RW_LSB:
        ret = count & 0xff;
        break;
    case RW_MSB:
        ret = count >> 8;
        break;
    case RW_WORD0:
        ret = count & 0xff;
        s->read_state = RW_WORD1;
        break;
    case RW_WORD1:
        ret = count >> 8;
        s->read_state = RW_WORD0;
        break;
    }
    return ret;
}

static const MemoryRegionOps pit_ioport_ops = {
    .read = pit_ioport_read,
    .write = pit_ioport_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void pit_set_gate(ISADevice *dev, int channel, int val)
{
    PITState *pit = I8254(dev);
    PITChannel *s;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (channel < 0 || channel > 2) {
        return;
    }
    s = &pit->channels[channel];
    val = !!val;
    switch (s->mode) {
    case 1:
    case 2:
    case 3:
    case 5:
        /* A rising gate edge restarts the count from the reload value. */
        if (s->gate < val) {
            s->count_load_time = now;
            pit_irq_timer_update(s, now);
        }
        break;
    default:
        /* Modes 0 and 4: the gate only suspends counting; not modelled. */
        break;
    }
    s->gate = val;
}

void pit_get_channel_info(ISADevice *dev, int channel, PITChannelInfo *info)
{
    PITState *pit = I8254(dev);
    PITChannel *s;

    if (channel < 0 || channel > 2) {
        memset(info, 0, sizeof(*info));
        return;
    }
    s = &pit->channels[channel];
    info->gate = s->gate;
    info->mode = s->mode;
    info->initial_count = s->count;
    info->out = pit_get_out(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void pit_reset(DeviceState *dev)
{
    PITState *pit = I8254(dev);

    for (int i = 0; i < 3; i++) {
        PITChannel *s = &pit->channels[i];

        s->mode = 3;
        s->gate = i != 2;
        s->count_load_time = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        s->count = 0x10000;
        s->rw_mode = s->read_state = s->write_state = RW_WORD0;
        s->count_latched = 0;
        s->status_latched = false;
        s->bcd = 0;
        s->null_count = false;
        /* Like QEMU: channel 0 ticks at 18.2 Hz from reset on. */
        pit_irq_timer_update(s, s->count_load_time);
    }
}

static void pit_realize(DeviceState *dev, Error **errp)
{
    PITState *pit = I8254(dev);

    if (pit->iobase > 0xfffc) {
        error_setg(errp, "isa-pit: iobase 0x%x out of range", pit->iobase);
        return;
    }
    for (int i = 0; i < 3; i++) {
        pit->channels[i].pit = pit;
    }
    pit->channels[0].irq_timer =
        timer_new_ns(QEMU_CLOCK_VIRTUAL, pit_irq_timer, &pit->channels[0]);
    qdev_init_gpio_out(dev, &pit->channels[0].irq, 1);
    memory_region_init_io(&pit->ioports, OBJECT(dev), &pit_ioport_ops, pit,
                          "pit", 4);
    isa_register_ioport(ISA_DEVICE(dev), &pit->ioports, pit->iobase);
}

ISADevice *i8254_pit_init(ISABus *bus, int base, int isa_irq,
                          qemu_irq alt_irq)
{
    ISADevice *d = isa_new(TYPE_I8254);
    DeviceState *dev = DEVICE(d);

    qdev_prop_set_uint32(dev, "iobase", base);
    isa_realize_and_unref(d, bus, &error_fatal);
    qdev_connect_gpio_out(dev, 0, alt_irq ? alt_irq : isa_get_irq(d, isa_irq));
    return d;
}

static Property pit_properties[] = {
    DEFINE_PROP_UINT32("iobase", PITState, iobase, 0x40),
    DEFINE_PROP_END_OF_LIST(),
};

static void pit_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = pit_realize;
    dc->reset = pit_reset;
    dc->desc = "Intel 8254 PIT";
    dc->user_creatable = false;
    device_class_set_props(dc, pit_properties);
}

static const TypeInfo pit_info = {
    .name = TYPE_I8254,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PITState),
    .class_init = pit_class_init,
};

static void pit_register_types(void)
{
    type_register_static(&pit_info);
}

type_init(pit_register_types)
