/*
 * Motorola MC146818A real-time clock with 128 bytes of CMOS RAM.
 * Datasheet: Motorola MC146818A Real-Time Clock plus RAM (RTC), DS1069.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "sysemu/sysemu.h"
#include <time.h>

OBJECT_DECLARE_SIMPLE_TYPE(RTCState, MC146818_RTC)

#define RTC_SECONDS 0x00
#define RTC_SECONDS_ALARM 0x01
#define RTC_MINUTES 0x02
#define RTC_MINUTES_ALARM 0x03
#define RTC_HOURS 0x04
#define RTC_HOURS_ALARM 0x05
#define RTC_DAY_OF_WEEK 0x06
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_REG_A 0x0a
#define RTC_REG_B 0x0b
#define RTC_REG_C 0x0c
#define RTC_REG_D 0x0d

#define REG_A_UIP 0x80
#define REG_A_DV_MASK 0x70
#define REG_A_DV_NORMAL 0x20      /* 32.768 kHz time base, running */
#define REG_B_SET 0x80
#define REG_B_PIE 0x40
#define REG_B_AIE 0x20
#define REG_B_UIE 0x10
#define REG_B_DM 0x04             /* 1: binary, 0: BCD */
#define REG_B_24H 0x02
#define REG_C_IRQF 0x80
#define REG_C_PF 0x40
#define REG_C_AF 0x20
#define REG_C_UF 0x10
#define REG_D_VRT 0x80

#define CMOS_SIZE 128
#define UIP_WINDOW_NS 244000      /* UIP rises 244 us before an update */
#define RTC_FREQ 32768

struct RTCState {
    ISADevice parent_obj;
    MemoryRegion io;
    uint8_t cmos_data[CMOS_SIZE];
    uint8_t cmos_index;
    int64_t offset_ns;            /* guest calendar = rtc_clock + offset */
    int64_t last_update_sec;      /* guest second of the last update */
    QEMUTimer *update_timer;      /* rtc_clock, once a second */
    QEMUTimer *periodic_timer;    /* QEMU_CLOCK_VIRTUAL */
    int64_t next_periodic_ns;
    int64_t last_pf_ns;           /* for PF when PIE is clear */
    qemu_irq irq;
    /* properties */
    int32_t base_year;
    uint32_t iobase;
    uint32_t isairq;
    char *lost_tick_policy;
};

static bool rtc_running(RTCState *s)
{
    return !(s->cmos_data[RTC_REG_B] & REG_B_SET) &&
           (s->cmos_data[RTC_REG_A] & REG_A_DV_MASK) == REG_A_DV_NORMAL;
}

static int64_t rtc_guest_ns(RTCState *s)
{
    return qemu_clock_get_ns(rtc_clock) + s->offset_ns;
}

static int rtc_to_reg(RTCState *s, int v)
{
    if (s->cmos_data[RTC_REG_B] & REG_B_DM) {
        return v;
    }
    return ((v / 10) << 4) | (v % 10);
}

static int rtc_from_reg(RTCState *s, int v)
{
    if (s->cmos_data[RTC_REG_B] & REG_B_DM) {
        return v;
    }
    return ((v >> 4) & 0x0f) * 10 + (v & 0x0f);
}

/* Fill the time registers from the calendar (regs are frozen while SET). */
static void rtc_fill_time(RTCState *s)
{
    time_t t = rtc_guest_ns(s) / NANOSECONDS_PER_SECOND;
    struct tm tm;
    int hour, year;

    if (!rtc_running(s)) {
        return;
    }
    gmtime_r(&t, &tm);
    s->cmos_data[RTC_SECONDS] = rtc_to_reg(s, tm.tm_sec);
    s->cmos_data[RTC_MINUTES] = rtc_to_reg(s, tm.tm_min);
    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        s->cmos_data[RTC_HOURS] = rtc_to_reg(s, tm.tm_hour);
    } else {
        hour = tm.tm_hour % 12;
        s->cmos_data[RTC_HOURS] = rtc_to_reg(s, hour ? hour : 12) |
                                  (tm.tm_hour >= 12 ? 0x80 : 0);
    }
    s->cmos_data[RTC_DAY_OF_WEEK] = rtc_to_reg(s, tm.tm_wday + 1);
    s->cmos_data[RTC_DAY_OF_MONTH] = rtc_to_reg(s, tm.tm_mday);
    s->cmos_data[RTC_MONTH] = rtc_to_reg(s, tm.tm_mon + 1);
    year = tm.tm_year + 1900;
    s->cmos_data[RTC_YEAR] =
        rtc_to_reg(s, ((year - s->base_year) % 100 + 100) % 100);
    s->cmos_data[RTC_REG_CENTURY] = rtc_to_reg(s, year / 100);
}

/* Registers -> calendar: the guest set the clock. */
static void rtc_set_from_regs(RTCState *s)
{
    struct tm tm = {0};
    int hour = s->cmos_data[RTC_HOURS];
    int year;
    time_t t;

    tm.tm_sec = MIN(rtc_from_reg(s, s->cmos_data[RTC_SECONDS]), 59);
    tm.tm_min = MIN(rtc_from_reg(s, s->cmos_data[RTC_MINUTES]), 59);
    if (s->cmos_data[RTC_REG_B] & REG_B_24H) {
        tm.tm_hour = rtc_from_reg(s, hour & 0x7f) % 24;
    } else {
        tm.tm_hour = rtc_from_reg(s, hour & 0x7f) % 12;
        if (hour & 0x80) {
            tm.tm_hour += 12;
        }
    }
    tm.tm_mday = CLAMP(rtc_from_reg(s, s->cmos_data[RTC_DAY_OF_MONTH]), 1,
                       31);
    tm.tm_mon = CLAMP(rtc_from_reg(s, s->cmos_data[RTC_MONTH]), 1, 12) - 1;
    year = rtc_from_reg(s, s->cmos_data[RTC_YEAR]) % 100;
    if (s->base_year % 100 == 0) {
        /* PC layout: the century register holds the upper digits. */
        int century = rtc_from_reg(s, s->cmos_data[RTC_REG_CENTURY]);

        year += (century >= 19 && century <= 99) ? century * 100
                                                 : s->base_year;
    } else {
        year += s->base_year;
    }
    tm.tm_year = year - 1900;
    t = timegm(&tm);
    s->offset_ns = (int64_t)t * NANOSECONDS_PER_SECOND -
                   qemu_clock_get_ns(rtc_clock);
    s->last_update_sec = t;
}

static void rtc_update_irq(RTCState *s)
{
    uint8_t c = s->cmos_data[RTC_REG_C];
    uint8_t b = s->cmos_data[RTC_REG_B];

    if (((c & REG_C_PF) && (b & REG_B_PIE)) ||
        ((c & REG_C_AF) && (b & REG_B_AIE)) ||
        ((c & REG_C_UF) && (b & REG_B_UIE))) {
        if (!(c & REG_C_IRQF)) {
            s->cmos_data[RTC_REG_C] |= REG_C_IRQF;
            qemu_irq_raise(s->irq);
        }
    }
}

/* Period of the periodic interrupt in ns, 0 if off (register A RS). */
static int64_t rtc_periodic_ns(RTCState *s)
{
    int rs = s->cmos_data[RTC_REG_A] & 0x0f;
    int64_t cycles;

    if (!rs || (s->cmos_data[RTC_REG_A] & REG_A_DV_MASK) != REG_A_DV_NORMAL) {
        return 0;
    }
    cycles = rs <= 2 ? 1 << (rs + 6) : 1 << (rs - 1);
    return cycles * NANOSECONDS_PER_SECOND / RTC_FREQ;
}

static void rtc_periodic_update(RTCState *s)
{
    int64_t period = rtc_periodic_ns(s);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (period && (s->cmos_data[RTC_REG_B] & REG_B_PIE)) {
        if (!timer_pending(s->periodic_timer)) {
            s->next_periodic_ns = now + period;
        }
        timer_mod(s->periodic_timer, s->next_periodic_ns);
    } else {
        timer_del(s->periodic_timer);
    }
}

static void rtc_periodic_timer(void *opaque)
{
    RTCState *s = opaque;
    int64_t period = rtc_periodic_ns(s);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    s->cmos_data[RTC_REG_C] |= REG_C_PF;
    s->last_pf_ns = now;
    rtc_update_irq(s);
    if (!period) {
        return;
    }
    /* Lost ticks are dropped: catch up to the next future period. */
    s->next_periodic_ns += period;
    if (s->next_periodic_ns <= now) {
        s->next_periodic_ns = now + period;
    }
    timer_mod(s->periodic_timer, s->next_periodic_ns);
}

static bool rtc_alarm_field_matches(RTCState *s, int alarm_reg, int reg)
{
    uint8_t a = s->cmos_data[alarm_reg];

    return (a & 0xc0) == 0xc0 || a == s->cmos_data[reg];   /* don't care */
}

static void rtc_arm_update(RTCState *s)
{
    int64_t guest = rtc_guest_ns(s);
    int64_t next;

    if (!rtc_running(s)) {
        timer_del(s->update_timer);
        return;
    }
    next = (guest / NANOSECONDS_PER_SECOND + 1) * NANOSECONDS_PER_SECOND;
    timer_mod(s->update_timer, next - s->offset_ns);
}

/* End of an update cycle: UF every second, AF on an alarm match. */
static void rtc_update_timer(void *opaque)
{
    RTCState *s = opaque;
    int64_t sec = rtc_guest_ns(s) / NANOSECONDS_PER_SECOND;

    if (rtc_running(s) && sec != s->last_update_sec) {
        s->last_update_sec = sec;
        rtc_fill_time(s);
        s->cmos_data[RTC_REG_C] |= REG_C_UF;
        if (rtc_alarm_field_matches(s, RTC_SECONDS_ALARM, RTC_SECONDS) &&
            rtc_alarm_field_matches(s, RTC_MINUTES_ALARM, RTC_MINUTES) &&
            rtc_alarm_field_matches(s, RTC_HOURS_ALARM, RTC_HOURS)) {
            s->cmos_data[RTC_REG_C] |= REG_C_AF;
        }
        rtc_update_irq(s);
    }
    rtc_arm_update(s);
}

static bool rtc_update_in_progress(RTCState *s)
{
    int64_t frac;

    if (!rtc_running(s)) {
        return false;
    }
    frac = rtc_guest_ns(s) % NANOSECONDS_PER_SECOND;
    if (frac < 0) {
        frac += NANOSECONDS_PER_SECOND;
    }
    return frac >= NANOSECONDS_PER_SECOND - UIP_WINDOW_NS;
}

static void rtc_write_data(RTCState *s, uint8_t idx, uint8_t val)
{
    uint8_t old;

    switch (idx) {
    case RTC_SECONDS_ALARM:
    case RTC_MINUTES_ALARM:
    case RTC_HOURS_ALARM:
        s->cmos_data[idx] = val;
        break;
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_REG_CENTURY:
        /* Writes land in the registers; the calendar takes them over. */
        rtc_fill_time(s);
        s->cmos_data[idx] = val;
        if (rtc_running(s) && idx != RTC_DAY_OF_WEEK) {
            rtc_set_from_regs(s);
            rtc_arm_update(s);
        }
        break;
    case RTC_REG_A:
        old = s->cmos_data[RTC_REG_A];
        rtc_fill_time(s);          /* stopping the divider freezes time */
        s->cmos_data[RTC_REG_A] = val & ~REG_A_UIP;
        if ((old ^ val) & REG_A_DV_MASK) {
            if ((val & REG_A_DV_MASK) == REG_A_DV_NORMAL &&
                !(s->cmos_data[RTC_REG_B] & REG_B_SET)) {
                rtc_set_from_regs(s);
            }
            rtc_arm_update(s);
        }
        if ((old ^ val) & 0x0f) {
            timer_del(s->periodic_timer);
        }
        rtc_periodic_update(s);
        break;
    case RTC_REG_B:
        old = s->cmos_data[RTC_REG_B];
        if ((val & REG_B_SET) && !(old & REG_B_SET)) {
            rtc_fill_time(s);           /* freeze the current time */
            val &= ~REG_B_UIE;          /* SET clears UIE */
        }
        s->cmos_data[RTC_REG_B] = val;
        if (!(val & REG_B_SET) && (old & REG_B_SET) && rtc_running(s)) {
            rtc_set_from_regs(s);
        }
        rtc_arm_update(s);
        if ((old ^ val) & REG_B_PIE) {
            timer_del(s->periodic_timer);
        }
        rtc_periodic_update(s);
        /* Enabling an interrupt whose flag is already set raises IRQ. */
        rtc_update_irq(s);
        break;
    case RTC_REG_C:
    case RTC_REG_D:
        break;                          /* read-only */
    default:
        s->cmos_data[idx] = val;
        break;
    }
}

static uint8_t rtc_read_data(RTCState *s, uint8_t idx)
{
    uint8_t ret;
    int64_t now, period;

    switch (idx) {
    case RTC_SECONDS:
    case RTC_MINUTES:
    case RTC_HOURS:
    case RTC_DAY_OF_WEEK:
    case RTC_DAY_OF_MONTH:
    case RTC_MONTH:
    case RTC_YEAR:
    case RTC_REG_CENTURY:
        rtc_fill_time(s);
        return s->cmos_data[idx];
    case RTC_REG_A:
        return s->cmos_data[RTC_REG_A] |
               (rtc_update_in_progress(s) ? REG_A_UIP : 0);
    case RTC_REG_C:
        /* With PIE clear nothing runs the timer: derive PF from time. */
        period = rtc_periodic_ns(s);
        now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        if (period && !(s->cmos_data[RTC_REG_B] & REG_B_PIE) &&
            now - s->last_pf_ns >= period) {
            s->cmos_data[RTC_REG_C] |= REG_C_PF;
        }
        ret = s->cmos_data[RTC_REG_C];
        s->cmos_data[RTC_REG_C] = 0;
        s->last_pf_ns = now;
        if (ret & REG_C_IRQF) {
            qemu_irq_lower(s->irq);
        }
        return ret;
    case RTC_REG_D:
        return REG_D_VRT;
    default:
        return s->cmos_data[idx];
    }
}

static void rtc_ioport_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    RTCState *s = opaque;

    if ((addr & 1) == 0) {
        s->cmos_index = val & 0x7f;     /* bit 7 is the NMI mask */
    } else {
        rtc_write_data(s, s->cmos_index, val);
    }
}

static uint64_t rtc_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    RTCState *s = opaque;

    if ((addr & 1) == 0) {
        return 0xff;                    /* the index port is write-only */
    }
    return rtc_read_data(s, s->cmos_index);
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_ioport_read,
    .write = rtc_ioport_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

void rtc_set_memory(ISADevice *dev, int addr, int val)
{
    RTCState *s = MC146818_RTC(dev);

    if (addr < 0 || addr >= CMOS_SIZE) {
        error_report("rtc_set_memory: CMOS address 0x%x out of range", addr);
        return;
    }
    s->cmos_data[addr] = val;
}

int rtc_get_memory(ISADevice *dev, int addr)
{
    RTCState *s = MC146818_RTC(dev);

    if (addr < 0 || addr >= CMOS_SIZE) {
        return -1;
    }
    return s->cmos_data[addr];
}

static void rtc_reset(DeviceState *dev)
{
    RTCState *s = MC146818_RTC(dev);

    /* Reset clears PIE/AIE/UIE/SQWE and the flags; time keeps running. */
    s->cmos_data[RTC_REG_B] &= ~(REG_B_PIE | REG_B_AIE | REG_B_UIE | 0x08);
    s->cmos_data[RTC_REG_C] = 0;
    timer_del(s->periodic_timer);
    qemu_irq_lower(s->irq);
    rtc_arm_update(s);
}

static void rtc_realize(DeviceState *dev, Error **errp)
{
    RTCState *s = MC146818_RTC(dev);
    ISADevice *isa = ISA_DEVICE(dev);
    int64_t now_sec;
    struct tm tm;

    if (s->iobase > 0xfffe || s->isairq >= ISA_NUM_IRQS) {
        error_setg(errp, "mc146818rtc: iobase 0x%x or irq %u out of range",
                   s->iobase, s->isairq);
        return;
    }
    if (s->base_year < 0 || s->base_year > 9999) {
        error_setg(errp, "mc146818rtc: base_year %d out of range",
                   s->base_year);
        return;
    }
    if (s->lost_tick_policy && strcmp(s->lost_tick_policy, "discard") &&
        strcmp(s->lost_tick_policy, "delay") &&
        strcmp(s->lost_tick_policy, "slew")) {
        error_setg(errp, "Parameter 'lost_tick_policy' does not accept "
                   "value '%s'", s->lost_tick_policy);
        return;
    }
    s->cmos_data[RTC_REG_A] = REG_A_DV_NORMAL | 0x06;  /* 1024 Hz */
    s->cmos_data[RTC_REG_B] = REG_B_24H;
    s->cmos_data[RTC_REG_C] = 0;
    s->cmos_data[RTC_REG_D] = REG_D_VRT;

    /* -rtc base=: the calendar the guest starts from (local or UTC). */
    qemu_get_timedate(&tm, 0);
    s->offset_ns = (int64_t)timegm(&tm) * NANOSECONDS_PER_SECOND -
                   qemu_clock_get_ns(rtc_clock);
    now_sec = rtc_guest_ns(s) / NANOSECONDS_PER_SECOND;
    s->last_update_sec = now_sec;
    rtc_fill_time(s);

    s->update_timer = timer_new_ns(rtc_clock, rtc_update_timer, s);
    s->periodic_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, rtc_periodic_timer,
                                     s);
    memory_region_init_io(&s->io, OBJECT(dev), &rtc_ops, s, "rtc", 2);
    isa_register_ioport(isa, &s->io, s->iobase);
    qdev_init_gpio_out(dev, &s->irq, 1);
    qdev_connect_gpio_out(dev, 0, isa_get_irq(isa, s->isairq));
    rtc_arm_update(s);
}

ISADevice *mc146818_rtc_init(ISABus *bus, int base_year,
                             qemu_irq intercept_irq)
{
    ISADevice *isa = isa_new(TYPE_MC146818_RTC);
    DeviceState *dev = DEVICE(isa);

    qdev_prop_set_int32(dev, "base_year", base_year);
    isa_realize_and_unref(isa, bus, &error_fatal);
    if (intercept_irq) {
        qdev_connect_gpio_out(dev, 0, intercept_irq);
    }
    return isa;
}

static Property rtc_properties[] = {
    DEFINE_PROP_INT32("base_year", RTCState, base_year, 1980),
    DEFINE_PROP_UINT32("iobase", RTCState, iobase, RTC_ISA_BASE),
    DEFINE_PROP_UINT32("irq", RTCState, isairq, RTC_ISA_IRQ),
    DEFINE_PROP_STRING("lost_tick_policy", RTCState, lost_tick_policy),
    DEFINE_PROP_END_OF_LIST(),
};

static void rtc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = rtc_realize;
    dc->reset = rtc_reset;
    dc->desc = "MC146818 RTC and CMOS";
    dc->user_creatable = false;
    device_class_set_props(dc, rtc_properties);
}

static const TypeInfo rtc_info = {
    .name = TYPE_MC146818_RTC,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(RTCState),
    .class_init = rtc_class_init,
};

static void rtc_register_types(void)
{
    type_register_static(&rtc_info);
}

type_init(rtc_register_types)
