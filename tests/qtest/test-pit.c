/*
 * i8254 PIT through qtest on the pc machine: counting against the
 * virtual clock, latch and read-back commands, BCD, OUT2 on port 0x61,
 * and channel 0's OUT on ISA IRQ 0.
 */
#include <glib.h>
#include "libqtest.h"

#define PIT_FREQ 1193182

static QTestState *qts;

static int64_t ticks_ns(int64_t ticks)
{
    return ticks * 1000000000LL / PIT_FREQ + 1;
}

static uint16_t latch_read(int ch)
{
    uint8_t lo, hi;

    qtest_outb(qts, 0x43, ch << 6);           /* counter latch */
    lo = qtest_inb(qts, 0x40 + ch);
    hi = qtest_inb(qts, 0x40 + ch);
    return lo | hi << 8;
}

static void test_mode0_counting(void)
{
    uint16_t c;

    qtest_outb(qts, 0x61, 0x01);              /* gate 2 on, speaker off */
    qtest_outb(qts, 0x43, 0xb0);              /* ch2, lo/hi, mode 0 */
    qtest_outb(qts, 0x42, 1000 & 0xff);
    qtest_outb(qts, 0x42, 1000 >> 8);
    g_assert_cmpuint(latch_read(2), ==, 1000);
    g_assert_cmphex(qtest_inb(qts, 0x61) & 0x20, ==, 0);   /* OUT2 low */
    qtest_clock_step(qts, ticks_ns(400));
    c = latch_read(2);
    g_assert_cmpuint(c, ==, 600);
    qtest_clock_step(qts, ticks_ns(700));
    g_assert_cmphex(qtest_inb(qts, 0x61) & 0x20, ==, 0x20); /* OUT2 high */
    /* Mode 0 wraps through 0xffff after terminal count. */
    c = latch_read(2);
    g_assert_cmpuint(c, >, 0xff00);
}

static void test_latch_holds(void)
{
    uint8_t lo, hi;

    qtest_outb(qts, 0x43, 0xb4);              /* ch2, lo/hi, mode 2 */
    qtest_outb(qts, 0x42, 0x00);
    qtest_outb(qts, 0x42, 0x10);              /* 4096 */
    qtest_outb(qts, 0x43, 0x80);              /* latch ch2 */
    qtest_clock_step(qts, ticks_ns(100));
    lo = qtest_inb(qts, 0x42);
    hi = qtest_inb(qts, 0x42);
    g_assert_cmpuint(lo | hi << 8, ==, 4096);  /* value at latch time */
    g_assert_cmpuint(latch_read(2), ==, 4096 - 100);
}

static void test_readback_status(void)
{
    uint8_t st;

    qtest_outb(qts, 0x43, 0xb0);              /* ch2 mode 0, lo/hi */
    /* Read-back: latch status only (COUNT bit set), channel 2. */
    qtest_outb(qts, 0x43, 0xe8);
    st = qtest_inb(qts, 0x42);
    g_assert_cmphex(st & 0x3f, ==, 0x30);      /* lo/hi, mode 0, binary */
    g_assert_cmphex(st & 0x40, ==, 0x40);      /* null count */
    qtest_outb(qts, 0x42, 50);
    qtest_outb(qts, 0x42, 0);
    qtest_outb(qts, 0x43, 0xe8);
    st = qtest_inb(qts, 0x42);
    g_assert_cmphex(st & 0xc0, ==, 0x00);      /* OUT low, count loaded */
    /* Latch count and status together: status first, then the count. */
    qtest_outb(qts, 0x43, 0xc8);
    st = qtest_inb(qts, 0x42);
    g_assert_cmphex(st & 0x3f, ==, 0x30);
    g_assert_cmpuint(qtest_inb(qts, 0x42), ==, 50);
    g_assert_cmpuint(qtest_inb(qts, 0x42), ==, 0);
}

static void test_bcd(void)
{
    uint16_t c;

    qtest_outb(qts, 0x43, 0xb1);              /* ch2, lo/hi, mode 0, BCD */
    qtest_outb(qts, 0x42, 0x00);
    qtest_outb(qts, 0x42, 0x10);              /* BCD 1000 */
    g_assert_cmphex(latch_read(2), ==, 0x1000);
    qtest_clock_step(qts, ticks_ns(1));
    g_assert_cmphex(latch_read(2), ==, 0x0999);
    qtest_clock_step(qts, ticks_ns(250));
    c = latch_read(2);
    g_assert_cmphex(c, ==, 0x0749);
}

static void test_lsb_msb_only(void)
{
    qtest_outb(qts, 0x43, 0x90);              /* ch2, LSB only, mode 0 */
    qtest_outb(qts, 0x42, 200);
    g_assert_cmpuint(qtest_inb(qts, 0x42), ==, 200);
    qtest_outb(qts, 0x43, 0xa0);              /* ch2, MSB only, mode 0 */
    qtest_outb(qts, 0x42, 0x02);
    g_assert_cmpuint(qtest_inb(qts, 0x42), ==, 0x02);
}

static bool irq0(void)
{
    /* ISA IRQ 0 is IOAPIC pin 2 on QEMU's pc, pin 0 on identity maps. */
    return qtest_get_irq(qts, 0) || qtest_get_irq(qts, 2);
}

static void test_irq0(void)
{
    qtest_irq_intercept_in(qts, "ioapic");
    qtest_outb(qts, 0x43, 0x30);              /* ch0, lo/hi, mode 0 */
    qtest_outb(qts, 0x40, 1193 & 0xff);
    qtest_outb(qts, 0x40, 1193 >> 8);
    g_assert_false(irq0());
    qtest_clock_step(qts, 900 * 1000);
    g_assert_false(irq0());
    qtest_clock_step(qts, 200 * 1000);
    g_assert_true(irq0());                     /* terminal count */
    /* Reloading the count drops OUT again. */
    qtest_outb(qts, 0x40, 0xff);
    qtest_outb(qts, 0x40, 0xff);
    g_assert_false(irq0());
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_init("-M pc");
    g_test_add_func("/pit/mode0-counting", test_mode0_counting);
    g_test_add_func("/pit/latch-holds", test_latch_holds);
    g_test_add_func("/pit/readback-status", test_readback_status);
    g_test_add_func("/pit/bcd", test_bcd);
    g_test_add_func("/pit/lsb-msb-only", test_lsb_msb_only);
    g_test_add_func("/pit/irq0", test_irq0);
    ret = g_test_run();
    qtest_quit(qts);
    return ret;
}
