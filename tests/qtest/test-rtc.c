/*
 * MC146818 RTC through the qtest protocol on the pc machine: CMOS RAM,
 * status registers, setting the time in BCD/binary and 12/24h formats,
 * the periodic interrupt on IRQ 8 (IOAPIC pin 8) and update-ended flag.
 */
#include <glib.h>
#include "libqtest.h"

#define RTC_PIN 8

static QTestState *qts;

static uint8_t cmos_read(uint8_t reg)
{
    qtest_outb(qts, 0x70, reg);
    return qtest_inb(qts, 0x71);
}

static void cmos_write(uint8_t reg, uint8_t val)
{
    qtest_outb(qts, 0x70, reg);
    qtest_outb(qts, 0x71, val);
}

static void test_registers(void)
{
    g_assert_cmphex(cmos_read(0x0d), ==, 0x80);            /* VRT */
    g_assert_cmphex(cmos_read(0x0a) & 0x7f, ==, 0x26);     /* 32k, 1024Hz */
    g_assert_cmphex(cmos_read(0x0b) & 0x02, ==, 0x02);     /* 24h */
    /* RAM byte round trip, also through the NMI-mask bit of the index. */
    cmos_write(0x40, 0x5a);
    g_assert_cmphex(cmos_read(0x40), ==, 0x5a);
    qtest_outb(qts, 0x70, 0x80 | 0x40);
    g_assert_cmphex(qtest_inb(qts, 0x71), ==, 0x5a);
    cmos_write(0x7f, 0xa5);
    g_assert_cmphex(cmos_read(0x7f), ==, 0xa5);
    /* Register D and C are read-only. */
    cmos_write(0x0d, 0x00);
    g_assert_cmphex(cmos_read(0x0d), ==, 0x80);
    /* The pc board stores the century and memory sizes. */
    g_assert_cmphex(cmos_read(0x32), ==, 0x20);
    g_assert_cmpuint(cmos_read(0x15) | cmos_read(0x16) << 8, ==, 640);
}

static void set_time_bcd(void)
{
    cmos_write(0x0b, 0x82);           /* SET, BCD, 24h */
    cmos_write(0x00, 0x10);
    cmos_write(0x02, 0x30);
    cmos_write(0x04, 0x23);
    cmos_write(0x07, 0x29);
    cmos_write(0x08, 0x02);
    cmos_write(0x09, 0x24);
    cmos_write(0x32, 0x20);
    cmos_write(0x0b, 0x02);           /* run */
}

static void test_set_time(void)
{
    uint8_t sec;

    set_time_bcd();
    sec = cmos_read(0x00);
    /* Host time moves on: allow for a second or two passing. */
    g_assert_cmphex(sec, >=, 0x10);
    g_assert_cmphex(sec, <=, 0x12);
    g_assert_cmphex(cmos_read(0x02), ==, 0x30);
    g_assert_cmphex(cmos_read(0x04), ==, 0x23);
    g_assert_cmphex(cmos_read(0x07), ==, 0x29);
    g_assert_cmphex(cmos_read(0x08), ==, 0x02);
    g_assert_cmphex(cmos_read(0x09), ==, 0x24);
    /* 2024-02-29 was a Thursday: day of week 5 (Sunday = 1). */
    g_assert_cmphex(cmos_read(0x06), ==, 0x05);

    /* Binary format shows the same time in binary. */
    set_time_bcd();
    cmos_write(0x0b, 0x06);
    g_assert_cmpuint(cmos_read(0x04), ==, 23);
    g_assert_cmpuint(cmos_read(0x09), ==, 24);
    g_assert_cmpuint(cmos_read(0x32), ==, 20);

    /* 12-hour BCD: 23h is 11 PM. */
    set_time_bcd();
    cmos_write(0x0b, 0x00);
    g_assert_cmphex(cmos_read(0x04), ==, 0x80 | 0x11);

    /* While SET is on, registers are frozen at what was written. */
    cmos_write(0x0b, 0x82);
    cmos_write(0x00, 0x45);
    g_usleep(1100 * 1000);
    g_assert_cmphex(cmos_read(0x00), ==, 0x45);
    g_assert_cmphex(cmos_read(0x0a) & 0x80, ==, 0);        /* no UIP */
    cmos_write(0x0b, 0x02);
}

static void test_periodic(void)
{
    qtest_irq_intercept_in(qts, "ioapic");
    cmos_write(0x0a, 0x26);           /* 1024 Hz: 976.5625 us */
    cmos_write(0x0b, 0x02 | 0x40);    /* PIE */
    cmos_read(0x0c);
    g_assert_false(qtest_get_irq(qts, RTC_PIN));
    qtest_clock_step(qts, 900000);
    g_assert_false(qtest_get_irq(qts, RTC_PIN));
    qtest_clock_step(qts, 100000);
    g_assert_true(qtest_get_irq(qts, RTC_PIN));
    g_assert_cmphex(cmos_read(0x0c) & 0xc0, ==, 0xc0);    /* IRQF | PF */
    g_assert_false(qtest_get_irq(qts, RTC_PIN));
    g_assert_cmphex(cmos_read(0x0c), ==, 0);
    /* Rate 15 (2 Hz): nothing after 400 ms, an interrupt by 500 ms. */
    cmos_write(0x0a, 0x2f);
    cmos_read(0x0c);
    qtest_clock_step(qts, 400 * 1000 * 1000);
    g_assert_false(qtest_get_irq(qts, RTC_PIN));
    qtest_clock_step(qts, 100 * 1000 * 1000);
    g_assert_true(qtest_get_irq(qts, RTC_PIN));
    cmos_read(0x0c);
    /* PIE off: the line stays low. */
    cmos_write(0x0b, 0x02);
    qtest_clock_step(qts, 1000 * 1000 * 1000);
    g_assert_false(qtest_get_irq(qts, RTC_PIN));
    cmos_write(0x0a, 0x26);
}

static void test_update_ended(void)
{
    bool seen = false;

    cmos_write(0x0b, 0x02 | 0x10);    /* UIE */
    cmos_read(0x0c);
    /* The calendar follows host time: wait for a second boundary. */
    for (int i = 0; i < 30 && !seen; i++) {
        g_usleep(100 * 1000);
        seen = qtest_get_irq(qts, RTC_PIN);
    }
    g_assert_true(seen);
    g_assert_cmphex(cmos_read(0x0c) & 0x90, ==, 0x90);    /* IRQF | UF */
    cmos_write(0x0b, 0x02);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_init("-M pc");
    g_test_add_func("/rtc/registers", test_registers);
    g_test_add_func("/rtc/set-time", test_set_time);
    g_test_add_func("/rtc/periodic", test_periodic);
    g_test_add_func("/rtc/update-ended", test_update_ended);
    ret = g_test_run();
    qtest_quit(qts);
    return ret;
}
