/*
 * i8259 pair through qtest on the pc machine.  Interrupts come from real
 * devices (PIT channel 0 on IRQ 0, RTC periodic on IRQ 8 via the slave)
 * and are observed through IRR/ISR reads and the poll command, the way a
 * guest without interrupts enabled would.
 */
#include <glib.h>
#include "libqtest.h"

static QTestState *qts;

static void pic_init(uint8_t master_base, uint8_t slave_base, bool aeoi)
{
    qtest_outb(qts, 0x20, 0x11);              /* ICW1: edge, cascade, ICW4 */
    qtest_outb(qts, 0x21, master_base);       /* ICW2 */
    qtest_outb(qts, 0x21, 0x04);              /* ICW3: slave on IR2 */
    qtest_outb(qts, 0x21, aeoi ? 0x03 : 0x01);
    qtest_outb(qts, 0xa0, 0x11);
    qtest_outb(qts, 0xa1, slave_base);
    qtest_outb(qts, 0xa1, 0x02);
    qtest_outb(qts, 0xa1, aeoi ? 0x03 : 0x01);
}

static uint8_t read_irr(uint16_t base)
{
    qtest_outb(qts, base, 0x0a);              /* OCW3: read IRR */
    return qtest_inb(qts, base);
}

static uint8_t read_isr(uint16_t base)
{
    qtest_outb(qts, base, 0x0b);              /* OCW3: read ISR */
    return qtest_inb(qts, base);
}

static uint8_t poll(uint16_t base)
{
    qtest_outb(qts, base, 0x0c);              /* OCW3: poll */
    return qtest_inb(qts, base);
}

/* PIT channel 0, mode 0: OUT0 (IRQ 0) rises after count ticks. */
static void fire_irq0(void)
{
    qtest_outb(qts, 0x43, 0x30);
    qtest_outb(qts, 0x40, 10);
    qtest_outb(qts, 0x40, 0);
    qtest_clock_step(qts, 20000);
}

static void test_imr_and_init(void)
{
    pic_init(0x08, 0x70, false);
    g_assert_cmphex(qtest_inb(qts, 0x21), ==, 0x00);   /* ICW1 clears IMR */
    qtest_outb(qts, 0x21, 0xfb);
    qtest_outb(qts, 0xa1, 0xff);
    g_assert_cmphex(qtest_inb(qts, 0x21), ==, 0xfb);
    g_assert_cmphex(qtest_inb(qts, 0xa1), ==, 0xff);
    g_assert_cmphex(read_isr(0x20), ==, 0);
}

static void test_elcr(void)
{
    qtest_outb(qts, 0x4d0, 0xff);
    qtest_outb(qts, 0x4d1, 0xff);
    g_assert_cmphex(qtest_inb(qts, 0x4d0), ==, 0xf8); /* IRQ0-2 edge only */
    g_assert_cmphex(qtest_inb(qts, 0x4d1), ==, 0xde); /* IRQ8, 13 too */
    qtest_outb(qts, 0x4d0, 0x00);
    qtest_outb(qts, 0x4d1, 0x00);
    g_assert_cmphex(qtest_inb(qts, 0x4d0), ==, 0x00);
}

static void test_irq0_poll_eoi(void)
{
    pic_init(0x08, 0x70, false);
    qtest_outb(qts, 0x21, 0xfe);              /* only IRQ0 unmasked */
    qtest_outb(qts, 0xa1, 0xff);
    fire_irq0();
    g_assert_cmphex(read_irr(0x20) & 1, ==, 1);
    g_assert_cmphex(poll(0x20), ==, 0x80);    /* IR0 acknowledged */
    g_assert_cmphex(read_isr(0x20), ==, 0x01);
    g_assert_cmphex(read_irr(0x20) & 1, ==, 0);   /* edge: IRR cleared */
    g_assert_cmphex(poll(0x20), ==, 0x00);    /* nothing more pending */
    qtest_outb(qts, 0x20, 0x20);              /* non-specific EOI */
    g_assert_cmphex(read_isr(0x20), ==, 0x00);
}

static void test_mask(void)
{
    pic_init(0x08, 0x70, false);
    qtest_outb(qts, 0x21, 0xff);              /* everything masked */
    fire_irq0();
    g_assert_cmphex(read_irr(0x20) & 1, ==, 1);   /* requested... */
    g_assert_cmphex(poll(0x20), ==, 0x00);    /* ...but not delivered */
    qtest_outb(qts, 0x21, 0xfe);
    g_assert_cmphex(poll(0x20), ==, 0x80);
    qtest_outb(qts, 0x20, 0x60);              /* specific EOI, IR0 */
    g_assert_cmphex(read_isr(0x20), ==, 0x00);
}

static void test_auto_eoi(void)
{
    pic_init(0x08, 0x70, true);
    qtest_outb(qts, 0x21, 0xfe);
    fire_irq0();
    g_assert_cmphex(poll(0x20), ==, 0x80);
    g_assert_cmphex(read_isr(0x20), ==, 0x00);    /* no ISR bit in AEOI */
}

static void test_cascade_rtc(void)
{
    pic_init(0x08, 0x70, false);
    qtest_outb(qts, 0x21, 0xfb);              /* cascade only */
    qtest_outb(qts, 0xa1, 0xfe);              /* IRQ8 only */
    qtest_outb(qts, 0x70, 0x0a);
    qtest_outb(qts, 0x71, 0x26);              /* 1024 Hz */
    qtest_outb(qts, 0x70, 0x0b);
    qtest_outb(qts, 0x71, 0x42);              /* PIE, 24h */
    qtest_outb(qts, 0x70, 0x0c);
    qtest_inb(qts, 0x71);
    qtest_clock_step(qts, 1000000);
    g_assert_cmphex(read_irr(0xa0) & 1, ==, 1);
    g_assert_cmphex(read_irr(0x20) & 4, ==, 4);   /* slave INT on IR2 */
    g_assert_cmphex(poll(0x20), ==, 0x82);
    g_assert_cmphex(poll(0xa0), ==, 0x80);
    g_assert_cmphex(read_isr(0xa0), ==, 0x01);
    qtest_outb(qts, 0xa0, 0x20);
    qtest_outb(qts, 0x20, 0x20);
    g_assert_cmphex(read_isr(0xa0), ==, 0x00);
    g_assert_cmphex(read_isr(0x20), ==, 0x00);
    qtest_outb(qts, 0x70, 0x0b);
    qtest_outb(qts, 0x71, 0x02);
    qtest_outb(qts, 0x70, 0x0c);
    qtest_inb(qts, 0x71);
}

static void test_priority_rotation(void)
{
    pic_init(0x08, 0x70, false);
    qtest_outb(qts, 0x21, 0xfa);              /* IRQ0 and the cascade */
    qtest_outb(qts, 0xa1, 0xff);
    /* Set priority: IR0 lowest, so IR1 is highest. */
    qtest_outb(qts, 0x20, 0xc0);
    fire_irq0();
    g_assert_cmphex(poll(0x20), ==, 0x80);    /* still the only request */
    /* Rotate on specific EOI of IR7 restores the default order. */
    qtest_outb(qts, 0x20, 0xe0);              /* rotate + EOI IR0 */
    g_assert_cmphex(read_isr(0x20), ==, 0x00);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_init("-M pc");
    g_test_add_func("/pic/imr-init", test_imr_and_init);
    g_test_add_func("/pic/elcr", test_elcr);
    g_test_add_func("/pic/irq0-poll-eoi", test_irq0_poll_eoi);
    g_test_add_func("/pic/mask", test_mask);
    g_test_add_func("/pic/auto-eoi", test_auto_eoi);
    g_test_add_func("/pic/cascade-rtc", test_cascade_rtc);
    g_test_add_func("/pic/priority-rotation", test_priority_rotation);
    ret = g_test_run();
    qtest_quit(qts);
    return ret;
}
