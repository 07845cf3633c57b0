/*
 * i8042 keyboard controller (0x60/0x64) through qtest on the pc machine:
 * controller self/interface tests, command byte, output port (A20, reset),
 * the keyboard commands Linux's atkbd probe sends, the AUX port, and
 * IRQ 1 / IRQ 12 on the IOAPIC.
 */
#include <glib.h>
#include <sys/wait.h>
#include "libqtest.h"

static QTestState *qts;

static uint8_t status(void)
{
    return qtest_inb(qts, 0x64);
}

static void cmd(uint8_t c)
{
    qtest_outb(qts, 0x64, c);
}

static void data(uint8_t d)
{
    qtest_outb(qts, 0x60, d);
}

static uint8_t expect_byte(bool aux)
{
    uint8_t st = status();

    g_assert_cmphex(st & 0x01, ==, 0x01);          /* OBF */
    g_assert_cmphex(st & 0x20, ==, aux ? 0x20 : 0);
    return qtest_inb(qts, 0x60);
}

static void expect_empty(void)
{
    g_assert_cmphex(status() & 0x01, ==, 0);
}

static void test_self_test(void)
{
    g_assert_cmphex(status() & 0x10, ==, 0x10);   /* not inhibited */
    cmd(0xaa);
    g_assert_cmphex(expect_byte(false), ==, 0x55);
    g_assert_cmphex(status() & 0x04, ==, 0x04);   /* system flag */
    cmd(0xab);
    g_assert_cmphex(expect_byte(false), ==, 0x00);
    cmd(0xa9);
    g_assert_cmphex(expect_byte(false), ==, 0x00);
    expect_empty();
}

static void test_command_byte(void)
{
    cmd(0x20);
    g_assert_cmphex(expect_byte(false), ==, 0x03);
    cmd(0x60);
    g_assert_cmphex(status() & 0x08, ==, 0x08);   /* last write: command */
    data(0x45);
    g_assert_cmphex(status() & 0x08, ==, 0x00);
    cmd(0x20);
    g_assert_cmphex(expect_byte(false), ==, 0x45);
}

static void test_output_port(void)
{
    uint8_t op;

    cmd(0xd0);
    op = expect_byte(false);
    g_assert_cmphex(op & 0x03, ==, 0x03);         /* A20 on, not reset */
    cmd(0xdd);                                    /* A20 off */
    cmd(0xd0);
    g_assert_cmphex(expect_byte(false) & 0x02, ==, 0);
    cmd(0xd1);
    data(0x03);                                   /* A20 back on */
    cmd(0xd0);
    g_assert_cmphex(expect_byte(false) & 0x03, ==, 0x03);
}

static void test_keyboard(void)
{
    cmd(0x60);
    data(0x07);                                   /* no XLATE, ints on */
    data(0xff);                                   /* reset */
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    g_assert_cmphex(expect_byte(false), ==, 0xaa);
    expect_empty();
    data(0xf2);                                   /* get ID */
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    g_assert_cmphex(expect_byte(false), ==, 0xab);
    g_assert_cmphex(expect_byte(false), ==, 0x83);
    data(0xed);                                   /* set LEDs */
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    data(0x07);
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    data(0xf0);                                   /* get scan code set */
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    data(0x00);
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    g_assert_cmphex(expect_byte(false), ==, 0x02);
    data(0xee);                                   /* echo */
    g_assert_cmphex(expect_byte(false), ==, 0xee);
    data(0xf4);
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    /* With XLATE the ID reads as the AT-translated 0xab 0x41. */
    cmd(0x60);
    data(0x47);
    data(0xf2);
    g_assert_cmphex(expect_byte(false), ==, 0xfa);
    g_assert_cmphex(expect_byte(false), ==, 0xab);
    g_assert_cmphex(expect_byte(false), ==, 0x41);
    expect_empty();
}

static void test_aux(void)
{
    cmd(0xa8);                                    /* enable AUX */
    cmd(0xd4);
    data(0xff);                                   /* mouse reset */
    g_assert_cmphex(expect_byte(true), ==, 0xfa);
    g_assert_cmphex(expect_byte(true), ==, 0xaa);
    g_assert_cmphex(expect_byte(true), ==, 0x00);
    cmd(0xd4);
    data(0xf2);
    g_assert_cmphex(expect_byte(true), ==, 0xfa);
    g_assert_cmphex(expect_byte(true), ==, 0x00);
    /* IntelliMouse knock: 200, 100, 80 turns the ID into 3. */
    for (int i = 0; i < 3; i++) {
        static const uint8_t rate[3] = {200, 100, 80};

        cmd(0xd4);
        data(0xf3);
        g_assert_cmphex(expect_byte(true), ==, 0xfa);
        cmd(0xd4);
        data(rate[i]);
        g_assert_cmphex(expect_byte(true), ==, 0xfa);
    }
    cmd(0xd4);
    data(0xf2);
    g_assert_cmphex(expect_byte(true), ==, 0xfa);
    g_assert_cmphex(expect_byte(true), ==, 0x03);
    /* D3 echoes a byte as if from the mouse. */
    cmd(0xd3);
    data(0x5a);
    g_assert_cmphex(expect_byte(true), ==, 0x5a);
    expect_empty();
}

static void test_irqs(void)
{
    qtest_irq_intercept_in(qts, "ioapic");
    cmd(0x60);
    data(0x03);                                   /* kbd+aux interrupts */
    g_assert_false(qtest_get_irq(qts, 1));
    data(0xee);
    g_assert_true(qtest_get_irq(qts, 1));
    g_assert_false(qtest_get_irq(qts, 12));
    qtest_inb(qts, 0x60);
    g_assert_false(qtest_get_irq(qts, 1));
    cmd(0xd3);
    data(0x11);
    g_assert_true(qtest_get_irq(qts, 12));
    g_assert_false(qtest_get_irq(qts, 1));
    qtest_inb(qts, 0x60);
    g_assert_false(qtest_get_irq(qts, 12));
    /* Interrupts disabled in the command byte: no IRQ 1. */
    cmd(0x60);
    data(0x00);
    data(0xee);
    g_assert_false(qtest_get_irq(qts, 1));
    qtest_inb(qts, 0x60);
}

static void test_reset_pulse(void)
{
    /* With -no-reboot a guest reset ends the emulator (status 0). */
    QTestState *r = qtest_init("-M pc -no-reboot");
    int st;

    qtest_send_line(r, "outb 0x64 0xfe");
    st = qtest_wait_exit(r, 10000);
    qtest_quit(r);
    g_assert_cmpint(st, !=, -1);
    g_assert_true(WIFEXITED(st));
    g_assert_cmpint(WEXITSTATUS(st), ==, 0);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_init("-M pc");
    g_test_add_func("/i8042/self-test", test_self_test);
    g_test_add_func("/i8042/command-byte", test_command_byte);
    g_test_add_func("/i8042/output-port", test_output_port);
    g_test_add_func("/i8042/keyboard", test_keyboard);
    g_test_add_func("/i8042/aux", test_aux);
    g_test_add_func("/i8042/irqs", test_irqs);
    g_test_add_func("/i8042/reset-pulse", test_reset_pulse);
    ret = g_test_run();
    qtest_quit(qts);
    return ret;
}
