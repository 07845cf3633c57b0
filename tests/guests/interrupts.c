/*
 * interrupts: external interrupts through both delivery paths.
 *   1. 8259 PIC remapped to vectors 0x20-0x2f; PIT channel 0 periodic at
 *      100 Hz (IRQ0) and the RTC periodic interrupt at 256 Hz (IRQ8) are
 *      counted over one RTC second (two edges of the RTC seconds register,
 *      polled in a busy loop).
 *   2. Same sources with the PIC masked, routed through the IOAPIC to the
 *      local APIC.  QEMU's pc machine wires ISA IRQ0 to IOAPIC pin 2 (the
 *      MADT carries the matching interrupt source override) and IRQ8 to
 *      pin 8.
 * Counts vary with host load, so the guest checks them against tolerance
 * bands (retrying a bad window) and the expected file matches the numbers
 * with a regex.
 */
#include "lib/guest.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI   0x20

#define PIT_RATE 100 /* Hz */
#define RTC_RATE 256 /* Hz: rate select 8 -> 32768 >> (8 - 1) */

#define IOAPIC_BASE 0xfec00000u
#define LAPIC_BASE  0xfee00000u
#define LAPIC_TPR   0x80
#define LAPIC_EOI   0xb0
#define LAPIC_SVR   0xf0

#define VEC_PIC_BASE 0x20
#define VEC_APIC_PIT 0x30
#define VEC_APIC_RTC 0x38
#define VEC_SPURIOUS 0xff

static volatile uint32_t pit_ticks, rtc_ticks;

void guest_main(uint32_t mb_magic, uint32_t mb_info);

/* CMOS index/data are shared with the RTC handler: no interrupts between */
static uint8_t cmos_read_atomic(uint8_t reg)
{
    unsigned long flags;
    __asm__ volatile("pushf; pop %0; cli" : "=r"(flags)::"memory");
    uint8_t v = cmos_read(reg);
    if (flags & 0x200) {
        __asm__ volatile("sti" ::: "memory");
    }
    return v;
}

static void pic_pit_irq(unsigned vec)
{
    pit_ticks++;
    outb(PIC1_CMD, PIC_EOI);
}

static void pic_rtc_irq(unsigned vec)
{
    cmos_read(0x0c); /* reading register C acknowledges the RTC */
    rtc_ticks++;
    outb(PIC2_CMD, PIC_EOI); /* slave first, then the cascade on master */
    outb(PIC1_CMD, PIC_EOI);
}

static void apic_pit_irq(unsigned vec)
{
    pit_ticks++;
    mmio_write32(LAPIC_BASE + LAPIC_EOI, 0);
}

static void apic_rtc_irq(unsigned vec)
{
    cmos_read(0x0c);
    rtc_ticks++;
    mmio_write32(LAPIC_BASE + LAPIC_EOI, 0);
}

static void spurious_irq(unsigned vec)
{
    /* Spurious interrupts (PIC IRQ7/15, APIC 0xff) need no EOI. */
}

static void pic_init(uint8_t mask1, uint8_t mask2)
{
    /* ICW1: edge triggered, cascade, ICW4 follows.  ICW2: vector base.
     * ICW3: slave on IRQ2 / slave identity 2.  ICW4: 8086 mode. */
    outb(PIC1_CMD, 0x11);
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, VEC_PIC_BASE);
    outb(PIC2_DATA, VEC_PIC_BASE + 8);
    outb(PIC1_DATA, 0x04);
    outb(PIC2_DATA, 0x02);
    outb(PIC1_DATA, 0x01);
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, mask1); /* OCW1: masks */
    outb(PIC2_DATA, mask2);
}

static void pit_periodic(unsigned hz)
{
    uint16_t div = (uint16_t)((PIT_HZ + hz / 2) / hz);
    outb(0x43, 0x34); /* channel 0, lobyte/hibyte, mode 2 rate generator */
    outb(0x40, div & 0xff);
    outb(0x40, div >> 8);
}

static void rtc_periodic_enable(void)
{
    uint8_t a = cmos_read(0x0a);
    cmos_write(0x0a, (a & 0xf0) | 0x08); /* RS = 8: 256 Hz */
    uint8_t b = cmos_read(0x0b);
    cmos_write(0x0b, b | 0x40); /* PIE */
    cmos_read(0x0c);            /* drop any stale flag */
}

static void ioapic_route(unsigned pin, uint8_t vector)
{
    /* Redirection entry: fixed delivery, physical destination APIC 0,
     * active high, edge triggered, unmasked. */
    mmio_write32(IOAPIC_BASE, 0x11 + 2 * pin);
    mmio_write32(IOAPIC_BASE + 0x10, 0);
    mmio_write32(IOAPIC_BASE, 0x10 + 2 * pin);
    mmio_write32(IOAPIC_BASE + 0x10, vector);
}

static void ioapic_mask(unsigned pin)
{
    mmio_write32(IOAPIC_BASE, 0x10 + 2 * pin);
    mmio_write32(IOAPIC_BASE + 0x10, 1u << 16);
}

/*
 * Busy-wait until the RTC seconds register changes.  False if it does not
 * within 3 s of PIT ticks (or a very large number of polls, in case the
 * PIT is silent too: the harness timeout is the last resort).
 */
static bool wait_rtc_second(void)
{
    uint8_t s = cmos_read_atomic(0x00);
    uint32_t start = pit_ticks;
    for (uint32_t i = 0; i < 400000000; i++) {
        if (cmos_read_atomic(0x00) != s) {
            return true;
        }
        if (pit_ticks - start > 3 * PIT_RATE) {
            return false;
        }
    }
    return false;
}

static bool in_band(unsigned rate, uint32_t got)
{
    return got >= rate / 2 && got <= rate * 3 / 2;
}

static void report(const char *path, const char *what, unsigned rate,
                   uint32_t got)
{
    guest_printf("%s: %s %u Hz -> %u interrupts in 1 RTC second (%s)\n",
                 path, what, rate, got,
                 in_band(rate, got) ? "ok" : "OUT OF RANGE");
}

/*
 * Count both sources over one RTC second.  A loaded host can make the
 * emulator drop ticks (QEMU's RTC discards late periodic interrupts), so
 * a window outside 50%-150% of nominal is retried up to twice.
 */
static void measure(const char *path)
{
    uint32_t pit = 0, rtc = 0;

    for (int attempt = 0; attempt < 3; attempt++) {
        __asm__ volatile("sti");
        if (!wait_rtc_second()) {
            guest_fail("%s: RTC seconds do not advance", path);
        }
        uint32_t p0 = pit_ticks, r0 = rtc_ticks;
        if (!wait_rtc_second()) {
            guest_fail("%s: RTC seconds do not advance", path);
        }
        pit = pit_ticks - p0;
        rtc = rtc_ticks - r0;
        __asm__ volatile("cli");
        if (in_band(PIT_RATE, pit) && in_band(RTC_RATE, rtc)) {
            break;
        }
    }
    report(path, "PIT", PIT_RATE, pit);
    report(path, "RTC", RTC_RATE, rtc);
    if (!in_band(PIT_RATE, pit) || !in_band(RTC_RATE, rtc)) {
        guest_fail("%s: counts outside 50%%-150%% of nominal in 3 tries",
                   path);
    }
}

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    for (unsigned v = VEC_PIC_BASE; v < VEC_PIC_BASE + 16; v++) {
        idt_set_handler(v, spurious_irq); /* IRQ7/IRQ15 spurious */
    }
    idt_set_handler(VEC_PIC_BASE + 0, pic_pit_irq);
    idt_set_handler(VEC_PIC_BASE + 8, pic_rtc_irq);
    idt_set_handler(VEC_APIC_PIT, apic_pit_irq);
    idt_set_handler(VEC_APIC_RTC, apic_rtc_irq);
    idt_set_handler(VEC_SPURIOUS, spurious_irq);

    /* Path 1: 8259.  Unmask IRQ0, IRQ2 (cascade) and IRQ8 only. */
    pic_init(0xfa, 0xfe);
    pit_periodic(PIT_RATE);
    rtc_periodic_enable();
    measure("8259");

    /* Path 2: IOAPIC -> local APIC.  Mask the 8259 entirely first. */
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
    mmio_write32(LAPIC_BASE + LAPIC_SVR, 0x100 | VEC_SPURIOUS); /* enable */
    mmio_write32(LAPIC_BASE + LAPIC_TPR, 0);
    ioapic_route(2, VEC_APIC_PIT);
    ioapic_route(8, VEC_APIC_RTC);
    cmos_read(0x0c);
    measure("IOAPIC");
    ioapic_mask(2);
    ioapic_mask(8);
}
