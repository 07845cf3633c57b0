/*
 * IOAPIC at 0xfec00000 through qtest on the pc machine: identification,
 * redirection table access rules, and delivery of a real device interrupt
 * (RTC, ISA IRQ 8) to the local APIC, edge and level with Remote IRR/EOI.
 */
#include <glib.h>
#include "libqtest.h"

#define IOAPIC 0xfec00000ULL
#define LAPIC 0xfee00000ULL

static QTestState *qts;

static uint32_t ioapic_read(uint8_t reg)
{
    qtest_writel(qts, IOAPIC, reg);
    return qtest_readl(qts, IOAPIC + 0x10);
}

static void ioapic_write(uint8_t reg, uint32_t val)
{
    qtest_writel(qts, IOAPIC, reg);
    qtest_writel(qts, IOAPIC + 0x10, val);
}

static void test_ident(void)
{
    g_assert_cmphex(ioapic_read(0x01), ==, 0x00170020);
    g_assert_cmphex(ioapic_read(0x00), ==, 0);
    ioapic_write(0x00, 0x0f000000);
    g_assert_cmphex(ioapic_read(0x00), ==, 0x0f000000);
    ioapic_write(0x00, 0);
    ioapic_write(0x01, 0xffffffff);           /* read-only */
    g_assert_cmphex(ioapic_read(0x01), ==, 0x00170020);
    qtest_writel(qts, IOAPIC, 0x12);
    g_assert_cmphex(qtest_readl(qts, IOAPIC), ==, 0x12);  /* IOREGSEL */
}

static void test_redirection_table(void)
{
    for (int pin = 0; pin < 24; pin++) {
        g_assert_cmphex(ioapic_read(0x10 + 2 * pin) & 0x10000, ==, 0x10000);
    }
    ioapic_write(0x10 + 2 * 5, 0xffffffff);
    /* Delivery status and Remote IRR are read-only. */
    g_assert_cmphex(ioapic_read(0x10 + 2 * 5), ==, 0x1afff);
    ioapic_write(0x11 + 2 * 5, 0xffffffff);
    g_assert_cmphex(ioapic_read(0x11 + 2 * 5), ==, 0xff000000);
    ioapic_write(0x10 + 2 * 5, 0x10000);
    ioapic_write(0x11 + 2 * 5, 0);
    /* Past the last entry: reads 0, writes ignored. */
    ioapic_write(0x10 + 2 * 24, 0x1234);
    g_assert_cmphex(ioapic_read(0x10 + 2 * 24), ==, 0);
}

static bool lapic_present(void)
{
    uint32_t ver = qtest_readl(qts, LAPIC + 0x30);

    return ver != 0 && ver != 0xffffffff;
}

static bool lapic_irr(int vector)
{
    uint32_t v = qtest_readl(qts, LAPIC + 0x200 + (vector / 32) * 0x10);

    return v & (1u << (vector % 32));
}

static void rtc_periodic(bool on)
{
    qtest_outb(qts, 0x70, 0x0a);
    qtest_outb(qts, 0x71, 0x26);
    qtest_outb(qts, 0x70, 0x0b);
    qtest_outb(qts, 0x71, on ? 0x42 : 0x02);
    qtest_outb(qts, 0x70, 0x0c);
    qtest_inb(qts, 0x71);
}

static void rtc_ack(void)
{
    qtest_outb(qts, 0x70, 0x0c);
    qtest_inb(qts, 0x71);
}

static void lapic_eoi(void)
{
    qtest_writel(qts, LAPIC + 0xb0, 0);
}

static void test_delivery(void)
{
    const int vec = 0x41;

    if (!lapic_present()) {
        g_test_skip("no software local APIC (KVM irqchip or no CPU)");
        return;
    }
    qtest_writel(qts, LAPIC + 0xf0, 0x1ff);  /* APIC software enable */
    qtest_writel(qts, LAPIC + 0x80, 0);      /* TPR 0 */
    /* Pin 8, edge, fixed, physical destination 0. */
    ioapic_write(0x11 + 2 * 8, 0);
    ioapic_write(0x10 + 2 * 8, vec);
    rtc_periodic(true);
    qtest_clock_step(qts, 1000000);
    g_assert_true(lapic_irr(vec));
    rtc_periodic(false);

    /* Masked: nothing arrives (the IRR bit above stays until taken). */
    ioapic_write(0x10 + 2 * 8, 0x10000 | (vec + 1));
    rtc_periodic(true);
    qtest_clock_step(qts, 1000000);
    g_assert_false(lapic_irr(vec + 1));
    rtc_periodic(false);
    ioapic_write(0x10 + 2 * 8, 0x10000);
}

static void test_level_remote_irr(void)
{
    const int vec = 0x52;
    uint32_t entry;

    if (!lapic_present()) {
        g_test_skip("no software local APIC (KVM irqchip or no CPU)");
        return;
    }
    qtest_writel(qts, LAPIC + 0xf0, 0x1ff);
    ioapic_write(0x10 + 2 * 8, 0x8000 | vec);   /* level triggered */
    rtc_periodic(true);
    qtest_clock_step(qts, 1000000);
    entry = ioapic_read(0x10 + 2 * 8);
    g_assert_cmphex(entry & 0x4000, ==, 0x4000);  /* Remote IRR */
    g_assert_true(lapic_irr(vec));
    /* TMR marks the vector level-triggered in the local APIC. */
    g_assert_true(qtest_readl(qts, LAPIC + 0x180 + (vec / 32) * 0x10) &
                  (1u << (vec % 32)));
    /* The IOAPIC's own EOI register clears Remote IRR. */
    rtc_ack();
    rtc_periodic(false);
    qtest_writel(qts, IOAPIC + 0x40, vec);
    g_assert_cmphex(ioapic_read(0x10 + 2 * 8) & 0x4000, ==, 0);

    /* Again, this time cleared by the local APIC's EOI broadcast. */
    rtc_periodic(true);
    qtest_clock_step(qts, 1000000);
    g_assert_cmphex(ioapic_read(0x10 + 2 * 8) & 0x4000, ==, 0x4000);
    rtc_ack();
    rtc_periodic(false);
    /* Nothing is in service without a CPU taking it: the EOI only
     * reaches the IOAPIC for a vector in ISR, so write the EOI register. */
    qtest_writel(qts, IOAPIC + 0x40, vec);
    g_assert_cmphex(ioapic_read(0x10 + 2 * 8) & 0x4000, ==, 0);
    ioapic_write(0x10 + 2 * 8, 0x10000);
    lapic_eoi();
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_init("-M pc");
    g_test_add_func("/ioapic/ident", test_ident);
    g_test_add_func("/ioapic/redirection-table", test_redirection_table);
    g_test_add_func("/ioapic/delivery", test_delivery);
    g_test_add_func("/ioapic/level-remote-irr", test_level_remote_irr);
    ret = g_test_run();
    qtest_quit(qts);
    return ret;
}
