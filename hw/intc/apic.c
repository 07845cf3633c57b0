/*
 * Local APIC (xAPIC mode) for software-emulated interrupt delivery.
 * Reference: Intel 64 and IA-32 Architectures Software Developer's Manual,
 * Volume 3A, chapter "Advanced Programmable Interrupt Controller (APIC)".
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "hw/intc/apic.h"
#include "hw/intc/ioapic.h"
#include "hw/intc/i8259.h"
#include "hw/qdev-properties.h"
#include "sysemu/accel.h"
#include "target/i386/cpu.h"

OBJECT_DECLARE_SIMPLE_TYPE(APICState, APIC)

enum { LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR,
       LVT_NB };

#define APIC_LVT_MASKED (1 << 16)
#define APIC_LVT_LEVEL_TRIGGER (1 << 15)
#define APIC_LVT_REMOTE_IRR (1 << 14)
#define APIC_LVT_DELIV_STS (1 << 12)
#define APIC_LVT_TIMER_SHIFT 17
#define APIC_LVT_TIMER_ONESHOT 0
#define APIC_LVT_TIMER_PERIODIC 1
#define APIC_LVT_TIMER_TSCDEADLINE 2

#define APIC_DM_FIXED 0
#define APIC_DM_LOWPRI 1
#define APIC_DM_SMI 2
#define APIC_DM_NMI 4
#define APIC_DM_INIT 5
#define APIC_DM_SIPI 6
#define APIC_DM_EXTINT 7

#define APIC_DESTMODE_FLAT 0xf
#define APIC_DESTMODE_CLUSTER 0x0

#define APIC_SV_ENABLE (1 << 8)

#define APIC_ESR_SEND_ILLEGAL_VECTOR (1 << 5)
#define APIC_ESR_ILLEGAL_ADDRESS (1 << 7)

#define APIC_TRIGGER_EDGE 0
#define APIC_TRIGGER_LEVEL 1

/* Writable bits of each LVT entry. */
static const uint32_t lvt_rw_mask[LVT_NB] = {
    [LVT_TIMER] = 0x700ff,
    [LVT_THERMAL] = 0x107ff,
    [LVT_PERF] = 0x107ff,
    [LVT_LINT0] = 0x1a7ff,
    [LVT_LINT1] = 0x1a7ff,
    [LVT_ERROR] = 0x100ff,
};

struct APICState {
    DeviceState parent_obj;
    CPUState *cpu;
    uint64_t apicbase;
    uint32_t id;             /* property: initial APIC ID */
    uint8_t cur_id;          /* ID register (guest-writable) */
    uint8_t version;
    uint8_t tpr;
    uint32_t spurious_vec;
    uint8_t log_dest;
    uint8_t dest_mode;
    uint32_t isr[8];
    uint32_t tmr[8];
    uint32_t irr[8];
    uint32_t lvt[LVT_NB];
    uint32_t esr;
    uint32_t icr[2];
    uint32_t divide_conf;
    int count_shift;
    uint32_t initial_count;
    int64_t initial_count_load_time;
    int64_t next_time;
    QEMUTimer *timer;
    uint64_t tsc_deadline;
    int sipi_vector;
    bool wait_for_sipi;
};

static GPtrArray *apics;     /* every realized APICState */
static MemoryRegion apic_io_memory;
static bool apic_mmio_registered;

static void apic_update_irq(APICState *s);

static int highest_bit(const uint32_t *tab)
{
    for (int i = 7; i >= 0; i--) {
        if (tab[i]) {
            return i * 32 + 31 - __builtin_clz(tab[i]);
        }
    }
    return -1;
}

static void set_bit256(uint32_t *tab, int n)
{
    tab[n >> 5] |= 1u << (n & 31);
}

static void clear_bit256(uint32_t *tab, int n)
{
    tab[n >> 5] &= ~(1u << (n & 31));
}

static bool test_bit256(const uint32_t *tab, int n)
{
    return tab[n >> 5] & (1u << (n & 31));
}

static bool apic_sw_enabled(APICState *s)
{
    return (s->apicbase & MSR_IA32_APICBASE_ENABLE) &&
           (s->spurious_vec & APIC_SV_ENABLE);
}

static void apic_raise_cpu(APICState *s, int mask)
{
    if (s->cpu) {
        cpu_interrupt(s->cpu, mask);
    }
}

static int apic_get_ppr(APICState *s)
{
    int isrv = highest_bit(s->isr);
    int tpr = s->tpr >> 4;

    if (isrv < 0) {
        isrv = 0;
    }
    isrv >>= 4;
    return tpr >= isrv ? s->tpr : isrv << 4;
}

/* Highest deliverable vector, 0 if none, -1 if blocked by priority. */
static int apic_irq_pending(APICState *s)
{
    int irrv, ppr;

    if (!apic_sw_enabled(s)) {
        return 0;
    }
    irrv = highest_bit(s->irr);
    if (irrv < 0) {
        return 0;
    }
    ppr = apic_get_ppr(s);
    if (ppr && (irrv & 0xf0) <= (ppr & 0xf0)) {
        return -1;
    }
    return irrv;
}

static void apic_update_irq(APICState *s)
{
    if (!s->cpu) {
        return;
    }
    if (apic_irq_pending(s) > 0) {
        cpu_interrupt(s->cpu, CPU_INTERRUPT_HARD);
    } else if (!apic_accept_pic_intr(DEVICE(s)) || !isa_pic ||
               !pic_get_output(isa_pic)) {
        cpu_reset_interrupt(s->cpu, CPU_INTERRUPT_HARD);
    }
}

void apic_poll_irq(DeviceState *dev)
{
    apic_update_irq(APIC(dev));
}

static void apic_set_irq(APICState *s, int vector, int trigger_mode)
{
    if (vector < 16) {
        s->esr |= APIC_ESR_SEND_ILLEGAL_VECTOR;  /* reserved vectors */
        return;
    }
    set_bit256(s->irr, vector);
    if (trigger_mode) {
        set_bit256(s->tmr, vector);
    } else {
        clear_bit256(s->tmr, vector);
    }
    apic_update_irq(s);
}

static void apic_eoi(APICState *s)
{
    int isrv = highest_bit(s->isr);

    if (isrv < 0) {
        return;
    }
    clear_bit256(s->isr, isrv);
    if (test_bit256(s->tmr, isrv)) {
        ioapic_eoi_broadcast(isrv);
    }
    apic_update_irq(s);
}

static void apic_local_deliver(APICState *s, int index)
{
    uint32_t lvt = s->lvt[index];
    int trigger = APIC_TRIGGER_EDGE;

    if (lvt & APIC_LVT_MASKED) {
        return;
    }
    switch ((lvt >> 8) & 7) {
    case APIC_DM_SMI:
        apic_raise_cpu(s, CPU_INTERRUPT_SMI);
        break;
    case APIC_DM_NMI:
        apic_raise_cpu(s, CPU_INTERRUPT_NMI);
        break;
    case APIC_DM_EXTINT:
        apic_raise_cpu(s, CPU_INTERRUPT_HARD);
        break;
    case APIC_DM_FIXED:
        if ((index == LVT_LINT0 || index == LVT_LINT1) &&
            (lvt & APIC_LVT_LEVEL_TRIGGER)) {
            trigger = APIC_TRIGGER_LEVEL;
        }
        apic_set_irq(s, lvt & 0xff, trigger);
        break;
    }
}

int apic_accept_pic_intr(DeviceState *dev)
{
    APICState *s = APIC(dev);
    uint32_t lvt0 = s->lvt[LVT_LINT0];

    /* A globally disabled APIC passes the PIC straight to the core. */
    if (!(s->apicbase & MSR_IA32_APICBASE_ENABLE)) {
        return 1;
    }
    return !(lvt0 & APIC_LVT_MASKED) && ((lvt0 >> 8) & 7) == APIC_DM_EXTINT;
}

void apic_deliver_pic_intr(DeviceState *dev, int level)
{
    APICState *s = APIC(dev);
    uint32_t lvt = s->lvt[LVT_LINT0];

    if (level) {
        apic_local_deliver(s, LVT_LINT0);
        return;
    }
    switch ((lvt >> 8) & 7) {
    case APIC_DM_FIXED:
        if (lvt & APIC_LVT_LEVEL_TRIGGER) {
            clear_bit256(s->irr, lvt & 0xff);
            apic_update_irq(s);
        }
        break;
    case APIC_DM_EXTINT:
        /* Drop the request only if the APIC itself has nothing pending. */
        apic_update_irq(s);
        break;
    }
}

/* Set in *mask (one bit per index in apics) the targets of a message. */
static void apic_get_delivery_bitmask(GArray *targets, uint8_t dest,
                                      uint8_t dest_mode)
{
    for (guint i = 0; i < apics->len; i++) {
        APICState *a = g_ptr_array_index(apics, i);
        bool hit;

        if (dest_mode == 0) {                 /* physical */
            hit = dest == 0xff || a->cur_id == dest;
        } else if (a->dest_mode == APIC_DESTMODE_FLAT) {
            hit = dest & a->log_dest;
        } else {                              /* cluster */
            hit = (dest & 0xf0) == (a->log_dest & 0xf0) &&
                  (dest & a->log_dest & 0x0f);
        }
        if (hit) {
            g_array_append_val(targets, a);
        }
    }
}

static void apic_bus_deliver(GArray *targets, uint8_t delivery_mode,
                             uint8_t vector, uint8_t trigger_mode)
{
    for (guint i = 0; i < targets->len; i++) {
        APICState *a = g_array_index(targets, APICState *, i);

        switch (delivery_mode) {
        case APIC_DM_LOWPRI:
            /* Lowest priority: choose the enabled target with lowest TPR. */
            {
                APICState *best = NULL;

                for (guint j = 0; j < targets->len; j++) {
                    APICState *c = g_array_index(targets, APICState *, j);

                    if (apic_sw_enabled(c) && (!best || c->tpr < best->tpr)) {
                        best = c;
                    }
                }
                if (best) {
                    apic_set_irq(best, vector, trigger_mode);
                }
            }
            return;
        case APIC_DM_FIXED:
            apic_set_irq(a, vector, trigger_mode);
            break;
        case APIC_DM_SMI:
            apic_raise_cpu(a, CPU_INTERRUPT_SMI);
            break;
        case APIC_DM_NMI:
            apic_raise_cpu(a, CPU_INTERRUPT_NMI);
            break;
        case APIC_DM_INIT:
            apic_raise_cpu(a, CPU_INTERRUPT_INIT);
            break;
        case APIC_DM_SIPI:
            if (a->wait_for_sipi) {
                a->sipi_vector = vector;
                apic_raise_cpu(a, CPU_INTERRUPT_SIPI);
            }
            break;
        default:                              /* ExtINT, reserved */
            break;
        }
    }
}

void apic_deliver_irq(uint8_t dest, uint8_t dest_mode, uint8_t delivery_mode,
                      uint8_t vector, uint8_t trigger_mode)
{
    g_autoptr(GArray) targets = g_array_new(false, false,
                                            sizeof(APICState *));

    if (!apics) {
        return;
    }
    apic_get_delivery_bitmask(targets, dest, dest_mode);
    apic_bus_deliver(targets, delivery_mode, vector, trigger_mode);
}

/* An IPI written to the ICR. */
static void apic_send_ipi(APICState *s)
{
    uint32_t lo = s->icr[0];
    uint8_t dest = s->icr[1] >> 24;
    uint8_t dest_mode = (lo >> 11) & 1;
    uint8_t delivery_mode = (lo >> 8) & 7;
    uint8_t vector = lo & 0xff;
    uint8_t trigger = (lo >> 15) & 1;
    uint8_t level = (lo >> 14) & 1;
    g_autoptr(GArray) targets = g_array_new(false, false,
                                            sizeof(APICState *));

    switch ((lo >> 18) & 3) {
    case 0:
        apic_get_delivery_bitmask(targets, dest, dest_mode);
        break;
    case 1:                                   /* self */
        g_array_append_val(targets, s);
        break;
    case 2:                                   /* all including self */
    case 3:                                   /* all excluding self */
        for (guint i = 0; i < apics->len; i++) {
            APICState *a = g_ptr_array_index(apics, i);

            if (a != s || ((lo >> 18) & 3) == 2) {
                g_array_append_val(targets, a);
            }
        }
        break;
    }
    /* INIT level de-assert only synchronises arbitration IDs. */
    if (delivery_mode == APIC_DM_INIT && !level &&
        trigger == APIC_TRIGGER_LEVEL) {
        return;
    }
    if (delivery_mode == APIC_DM_FIXED && vector < 16) {
        s->esr |= APIC_ESR_SEND_ILLEGAL_VECTOR;
        return;
    }
    apic_bus_deliver(targets, delivery_mode, vector, trigger);
}

int apic_get_interrupt(DeviceState *dev)
{
    APICState *s = APIC(dev);
    int intno;

    if (!apic_sw_enabled(s)) {
        return -1;
    }
    intno = apic_irq_pending(s);
    if (intno == 0) {
        return -1;
    }
    if (intno < 0) {
        return s->spurious_vec & 0xff;        /* blocked: spurious */
    }
    clear_bit256(s->irr, intno);
    set_bit256(s->isr, intno);
    apic_update_irq(s);
    return intno;
}

int apic_sipi_vector(DeviceState *dev)
{
    APICState *s = APIC(dev);

    if (!s->wait_for_sipi) {
        return -1;
    }
    s->wait_for_sipi = false;
    return s->sipi_vector;
}

bool apic_is_bsp(DeviceState *dev)
{
    return APIC(dev)->apicbase & MSR_IA32_APICBASE_BSP;
}

/* Timer: the APIC bus clock is taken as 1 GHz (one tick per ns). */
static int apic_timer_mode(APICState *s)
{
    return (s->lvt[LVT_TIMER] >> APIC_LVT_TIMER_SHIFT) & 3;
}

static uint32_t apic_get_current_count(APICState *s)
{
    int64_t d;
    uint64_t period = (uint64_t)s->initial_count + 1;

    if (!s->initial_count || apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
        return 0;
    }
    d = (qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->initial_count_load_time) >>
        s->count_shift;
    if (d < 0) {
        d = 0;
    }
    if (apic_timer_mode(s) == APIC_LVT_TIMER_PERIODIC) {
        return s->initial_count - (d % period);
    }
    return (uint64_t)d >= s->initial_count ? 0 : s->initial_count - d;
}

static void apic_timer_update(APICState *s, int64_t now)
{
    uint64_t period = (uint64_t)s->initial_count + 1;
    int64_t d;

    if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
        return;                  /* armed by the MSR only */
    }
    if (!s->initial_count) {
        timer_del(s->timer);
        return;
    }
    d = (now - s->initial_count_load_time) >> s->count_shift;
    if (apic_timer_mode(s) == APIC_LVT_TIMER_PERIODIC) {
        s->next_time = s->initial_count_load_time +
                       (int64_t)(((uint64_t)d / period + 1) * period
                                 << s->count_shift);
    } else {
        if ((uint64_t)d >= s->initial_count) {
            timer_del(s->timer);
            return;
        }
        s->next_time = s->initial_count_load_time +
                       (int64_t)(period << s->count_shift);
    }
    timer_mod(s->timer, s->next_time);
}

static void apic_timer(void *opaque)
{
    APICState *s = opaque;

    apic_local_deliver(s, LVT_TIMER);
    if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
        s->tsc_deadline = 0;
        return;
    }
    if (apic_timer_mode(s) == APIC_LVT_TIMER_PERIODIC) {
        apic_timer_update(s, s->next_time);
    }
}

void apic_set_tsc_deadline(DeviceState *dev, uint64_t tsc, int64_t expire_ns)
{
    APICState *s = APIC(dev);

    if (apic_timer_mode(s) != APIC_LVT_TIMER_TSCDEADLINE) {
        return;                  /* ignored outside TSC-deadline mode */
    }
    s->tsc_deadline = tsc;
    if (!tsc) {
        timer_del(s->timer);
        return;
    }
    timer_mod(s->timer, expire_ns);
}

uint64_t apic_get_tsc_deadline(DeviceState *dev)
{
    APICState *s = APIC(dev);

    return apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE ? s->tsc_deadline
                                                           : 0;
}

static APICState *apic_current(void)
{
    CPUState *cpu = current_cpu;

    if (!apics || !apics->len) {
        return NULL;
    }
    for (guint i = 0; cpu && i < apics->len; i++) {
        APICState *a = g_ptr_array_index(apics, i);

        if (a->cpu == cpu) {
            return a;
        }
    }
    return g_ptr_array_index(apics, 0);
}

static uint64_t apic_mem_read(void *opaque, hwaddr addr, unsigned size)
{
    APICState *s = apic_current();
    int index = (addr >> 4) & 0xff;

    if (!s || addr > 0xfff) {
        return 0;
    }
    switch (index) {
    case 0x02:
        return (uint32_t)s->cur_id << 24;
    case 0x03:
        return s->version | ((LVT_NB - 1) << 16);
    case 0x08:
        return s->tpr;
    case 0x09:
        return 0;                /* arbitration priority: not modelled */
    case 0x0a:
        return apic_get_ppr(s);
    case 0x0b:
        return 0;                /* EOI is write-only */
    case 0x0d:
        return (uint32_t)s->log_dest << 24;
    case 0x0e:
        return ((uint32_t)s->dest_mode << 28) | 0x0fffffff;
    case 0x0f:
        return s->spurious_vec;
    case 0x10 ... 0x17:
        return s->isr[index & 7];
    case 0x18 ... 0x1f:
        return s->tmr[index & 7];
    case 0x20 ... 0x27:
        return s->irr[index & 7];
    case 0x28:
        return s->esr;
    case 0x30:
    case 0x31:
        return s->icr[index & 1];
    case 0x32 ... 0x37:
        return s->lvt[index - 0x32];
    case 0x38:
        return s->initial_count;
    case 0x39:
        return apic_get_current_count(s);
    case 0x3e:
        return s->divide_conf;
    default:
        s->esr |= APIC_ESR_ILLEGAL_ADDRESS;
        return 0;
    }
}

static void apic_send_msi(hwaddr addr, uint32_t data)
{
    uint8_t dest = (addr >> 12) & 0xff;
    uint8_t dest_mode = (addr >> 2) & 1;

    apic_deliver_irq(dest, dest_mode, (data >> 8) & 7, data & 0xff,
                     (data >> 15) & 1);
}

static void apic_mem_write(void *opaque, hwaddr addr, uint64_t val64,
                           unsigned size)
{
    APICState *s;
    int index = (addr >> 4) & 0xff;
    uint32_t val = val64;
    int v;

    /* Outside the register page, or offset 0: an MSI from a device. */
    if (addr > 0xfff || index == 0) {
        apic_send_msi(addr, val);
        return;
    }
    s = apic_current();
    if (!s) {
        return;
    }
    switch (index) {
    case 0x02:
        s->cur_id = val >> 24;
        break;
    case 0x03:
        break;
    case 0x08:
        s->tpr = val & 0xff;
        apic_update_irq(s);
        break;
    case 0x09:
    case 0x0a:
        break;
    case 0x0b:
        apic_eoi(s);
        break;
    case 0x0d:
        s->log_dest = val >> 24;
        break;
    case 0x0e:
        s->dest_mode = val >> 28;
        break;
    case 0x0f:
        s->spurious_vec = val & 0x1ff;
        if (!(val & APIC_SV_ENABLE)) {
            /* Software disable masks every LVT entry. */
            for (int i = 0; i < LVT_NB; i++) {
                s->lvt[i] |= APIC_LVT_MASKED;
            }
        }
        apic_update_irq(s);
        break;
    case 0x10 ... 0x27:
        break;                   /* ISR/TMR/IRR are read-only */
    case 0x28:
        s->esr = 0;              /* a write re-arms (clears) the ESR */
        break;
    case 0x30:
        s->icr[0] = val & ~APIC_LVT_DELIV_STS;
        apic_send_ipi(s);
        break;
    case 0x31:
        s->icr[1] = val & 0xff000000;
        break;
    case 0x32 ... 0x37: {
        int n = index - 0x32;
        int old_mode = apic_timer_mode(s);

        s->lvt[n] = (s->lvt[n] & ~lvt_rw_mask[n]) | (val & lvt_rw_mask[n]);
        if (!(s->spurious_vec & APIC_SV_ENABLE)) {
            s->lvt[n] |= APIC_LVT_MASKED;
        }
        if (n == LVT_TIMER) {
            if (apic_timer_mode(s) != old_mode) {
                /* Changing mode disarms the timer (SDM 10.5.4.1). */
                timer_del(s->timer);
                s->tsc_deadline = 0;
                if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
                    s->initial_count = 0;
                }
            }
            apic_timer_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        }
        break;
    }
    case 0x38:
        if (apic_timer_mode(s) == APIC_LVT_TIMER_TSCDEADLINE) {
            break;
        }
        s->initial_count_load_time = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        s->initial_count = val;
        apic_timer_update(s, s->initial_count_load_time);
        break;
    case 0x39:
        break;
    case 0x3e:
        s->divide_conf = val & 0xb;
        v = (s->divide_conf & 3) | ((s->divide_conf >> 1) & 4);
        s->count_shift = (v + 1) & 7;
        break;
    default:
        s->esr |= APIC_ESR_ILLEGAL_ADDRESS;
        break;
    }
}

static const MemoryRegionOps apic_io_ops = {
    .read = apic_mem_read,
    .write = apic_mem_write,
    .valid = {.min_access_size = 1, .max_access_size = 4},
    .impl = {.min_access_size = 4, .max_access_size = 4},
};

void cpu_set_apic_base(DeviceState *dev, uint64_t val)
{
    APICState *s = APIC(dev);
    uint64_t old = s->apicbase;

    /* Once globally disabled, only a reset enables the APIC again. */
    s->apicbase = (val & MSR_IA32_APICBASE_BASE & 0xfffff000ULL) |
                  (old & MSR_IA32_APICBASE_BSP) |
                  (old & val & MSR_IA32_APICBASE_ENABLE);
    if (!(s->apicbase & MSR_IA32_APICBASE_ENABLE)) {
        s->spurious_vec &= ~APIC_SV_ENABLE;
    }
    if ((old ^ s->apicbase) & MSR_IA32_APICBASE_BASE && apic_mmio_registered) {
        /* One shared page: moving it moves it for every CPU. */
        memory_region_set_address(&apic_io_memory,
                                  s->apicbase & MSR_IA32_APICBASE_BASE);
    }
    apic_update_irq(s);
}

uint64_t cpu_get_apic_base(DeviceState *dev)
{
    return APIC(dev)->apicbase;
}

void cpu_set_apic_tpr(DeviceState *dev, uint8_t val)
{
    APICState *s = APIC(dev);

    s->tpr = (val & 0x0f) << 4;
    apic_update_irq(s);
}

uint8_t cpu_get_apic_tpr(DeviceState *dev)
{
    return APIC(dev)->tpr >> 4;
}

/* State after INIT: everything but the ID and the APIC base MSR. */
void apic_init_reset(DeviceState *dev)
{
    APICState *s = APIC(dev);

    s->tpr = 0;
    s->spurious_vec = 0xff;
    s->log_dest = 0;
    s->dest_mode = APIC_DESTMODE_FLAT;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    for (int i = 0; i < LVT_NB; i++) {
        s->lvt[i] = APIC_LVT_MASKED;
    }
    s->esr = 0;
    s->icr[0] = s->icr[1] = 0;
    s->divide_conf = 0;
    s->count_shift = 1;
    s->initial_count = 0;
    s->initial_count_load_time = 0;
    s->next_time = 0;
    s->tsc_deadline = 0;
    s->wait_for_sipi = !(s->apicbase & MSR_IA32_APICBASE_BSP);
    if (s->timer) {
        timer_del(s->timer);
    }
}

static void apic_reset(DeviceState *dev)
{
    APICState *s = APIC(dev);
    bool bsp = s->cpu ? s->cpu->cpu_index == 0 : s->id == 0;

    s->apicbase = APIC_DEFAULT_ADDRESS | MSR_IA32_APICBASE_ENABLE |
                  (bsp ? MSR_IA32_APICBASE_BSP : 0);
    s->cur_id = s->id;
    apic_init_reset(dev);
    /* As the BIOS would: the BSP takes PIC interrupts via LINT0 ExtINT. */
    if (bsp) {
        s->lvt[LVT_LINT0] = APIC_DM_EXTINT << 8;
    }
    if (apic_mmio_registered) {
        memory_region_set_address(&apic_io_memory, APIC_DEFAULT_ADDRESS);
    }
}

static void apic_realize(DeviceState *dev, Error **errp)
{
    APICState *s = APIC(dev);

    if (s->id > 0xff) {
        error_setg(errp, "APIC ID %u needs x2APIC, which is not supported",
                   s->id);
        return;
    }
    if (!apic_mmio_registered) {
        memory_region_init_io(&apic_io_memory, NULL, &apic_io_ops, NULL,
                              "apic-msi", APIC_SPACE_SIZE);
        memory_region_add_subregion_overlap(get_system_memory(),
                                            APIC_DEFAULT_ADDRESS,
                                            &apic_io_memory, 0x1000);
        apic_mmio_registered = true;
    }
    if (!apics) {
        apics = g_ptr_array_new();
    }
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, apic_timer, s);
    g_ptr_array_add(apics, s);
    apic_reset(dev);
}

static void apic_unrealize(DeviceState *dev)
{
    APICState *s = APIC(dev);

    g_ptr_array_remove(apics, s);
    timer_free(s->timer);
    s->timer = NULL;
}

static DeviceState *apic_create_err(CPUState *cpu, uint32_t apic_id,
                                    Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_APIC);
    APICState *s = APIC(dev);

    s->cpu = cpu;
    qdev_prop_set_uint32(dev, "id", apic_id);
    if (cpu) {
        object_property_add_child(OBJECT(cpu), "lapic", OBJECT(dev));
    }
    if (!qdev_realize_and_unref(dev, NULL, errp)) {
        return NULL;
    }
    return dev;
}

DeviceState *apic_create(CPUState *cpu, uint32_t apic_id)
{
    return apic_create_err(cpu, apic_id, &error_fatal);
}

static void x86_cpu_apic_create(X86CPU *cpu, Error **errp)
{
    cpu->apic_state = apic_create_err(CPU(cpu), cpu->apic_id, errp);
}

static Property apic_properties[] = {
    DEFINE_PROP_UINT32("id", APICState, id, 0),
    DEFINE_PROP_UINT8("version", APICState, version, 0x14),
    DEFINE_PROP_END_OF_LIST(),
};

static void apic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = apic_realize;
    dc->unrealize = apic_unrealize;
    dc->reset = apic_reset;
    dc->desc = "local APIC";
    dc->user_creatable = false;
    device_class_set_props(dc, apic_properties);
}

static const TypeInfo apic_info = {
    .name = TYPE_APIC,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(APICState),
    .class_init = apic_class_init,
};

static void apic_register_types(void)
{
    type_register_static(&apic_info);
    x86_cpu_apic_create_fn = x86_cpu_apic_create;
}

type_init(apic_register_types)
