/*
 * 16550A at 0x3f8 (IRQ 4) through qtest on the pc machine with
 * -serial file: registers, DLAB, FIFO control, loopback, the THRE and
 * receive interrupts on IOAPIC pin 4, and bytes reaching the chardev.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include "libqtest.h"

#define COM1 0x3f8
#define RBR 0
#define THR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

static QTestState *qts;
static char *outfile;

static uint8_t rd(int reg)
{
    return qtest_inb(qts, COM1 + reg);
}

static void wr(int reg, uint8_t v)
{
    qtest_outb(qts, COM1 + reg, v);
}

static void test_reset_state(void)
{
    g_assert_cmphex(rd(IIR), ==, 0x01);
    g_assert_cmphex(rd(LSR), ==, 0x60);
    g_assert_cmphex(rd(IER), ==, 0x00);
    g_assert_cmphex(rd(MSR) & 0xf0, ==, 0xb0);     /* DCD, DSR, CTS */
    wr(SCR, 0xa5);
    g_assert_cmphex(rd(SCR), ==, 0xa5);
    wr(IER, 0xff);
    g_assert_cmphex(rd(IER), ==, 0x0f);            /* upper bits zero */
    wr(IER, 0);
}

static void test_dlab(void)
{
    wr(LCR, 0x80);
    wr(0, 0x01);
    wr(1, 0x02);
    g_assert_cmphex(rd(0), ==, 0x01);
    g_assert_cmphex(rd(1), ==, 0x02);
    wr(LCR, 0x03);                                  /* 8N1 */
    g_assert_cmphex(rd(LCR), ==, 0x03);
    g_assert_cmphex(rd(IER), ==, 0x00);             /* not DLM any more */
    wr(LCR, 0x80);
    wr(0, 0x01);
    wr(1, 0x00);                                    /* 115200 baud */
    wr(LCR, 0x03);
}

static void test_fifo_control(void)
{
    wr(FCR, 0x07);
    g_assert_cmphex(rd(IIR) & 0xc0, ==, 0xc0);
    wr(FCR, 0x00);
    g_assert_cmphex(rd(IIR) & 0xc0, ==, 0x00);
}

static void test_loopback(void)
{
    wr(MCR, 0x10);                                  /* loop */
    wr(THR, 'Q');
    g_assert_cmphex(rd(LSR) & 0x61, ==, 0x61);      /* DR, THRE, TEMT */
    g_assert_cmphex(rd(RBR), ==, 'Q');
    g_assert_cmphex(rd(LSR) & 0x01, ==, 0);
    /* Overrun without FIFO: second byte overwrites, OE set once. */
    wr(THR, '1');
    wr(THR, '2');
    g_assert_cmphex(rd(LSR) & 0x03, ==, 0x03);
    g_assert_cmphex(rd(LSR) & 0x02, ==, 0);         /* cleared by read */
    g_assert_cmphex(rd(RBR), ==, '2');
    /* FIFO mode keeps 16 bytes. */
    wr(FCR, 0x07);
    for (int i = 0; i < 16; i++) {
        wr(THR, 'a' + i);
    }
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(rd(LSR) & 1, ==, 1);
        g_assert_cmphex(rd(RBR), ==, 'a' + i);
    }
    g_assert_cmphex(rd(LSR) & 1, ==, 0);
    wr(FCR, 0x00);
    /* Modem lines follow MCR in loopback. */
    wr(MCR, 0x1f);
    g_assert_cmphex(rd(MSR) & 0xf0, ==, 0xf0);
    wr(MCR, 0x10);
    g_assert_cmphex(rd(MSR) & 0xff, ==, 0x0f);      /* all deltas, TERI */
    g_assert_cmphex(rd(MSR) & 0x0f, ==, 0);         /* cleared by read */
    wr(MCR, 0x0b);
}

static void test_thre_irq(void)
{
    qtest_irq_intercept_in(qts, "ioapic");
    g_assert_false(qtest_get_irq(qts, 4));
    wr(IER, 0x02);                                  /* ETBEI, THR empty */
    g_assert_true(qtest_get_irq(qts, 4));
    g_assert_cmphex(rd(IIR), ==, 0x02);
    g_assert_false(qtest_get_irq(qts, 4));          /* IIR read acks */
    g_assert_cmphex(rd(IIR), ==, 0x01);
    /* After a byte goes out, THRE interrupts again. */
    wr(THR, '!');
    g_assert_true(qtest_get_irq(qts, 4));
    rd(IIR);
    wr(IER, 0);
    g_assert_false(qtest_get_irq(qts, 4));
}

static void test_rx_irq_loopback(void)
{
    wr(MCR, 0x10);
    wr(IER, 0x01);                                  /* ERBFI */
    g_assert_false(qtest_get_irq(qts, 4));
    wr(THR, 'x');
    g_assert_true(qtest_get_irq(qts, 4));
    g_assert_cmphex(rd(IIR), ==, 0x04);
    g_assert_cmphex(rd(RBR), ==, 'x');
    g_assert_false(qtest_get_irq(qts, 4));
    /* Line status interrupt outranks data: overrun. */
    wr(IER, 0x05);
    wr(THR, '1');
    wr(THR, '2');
    g_assert_cmphex(rd(IIR), ==, 0x06);
    rd(LSR);
    g_assert_cmphex(rd(IIR), ==, 0x04);
    rd(RBR);
    wr(IER, 0);
    wr(MCR, 0x0b);
}

static void test_output(void)
{
    const char *msg = "hello, serial\n";
    g_autofree char *got = NULL;
    gsize len = 0;

    for (const char *p = msg; *p; p++) {
        while (!(rd(LSR) & 0x20)) {
            /* THR full: wait for the chardev */
        }
        wr(THR, *p);
    }
    /* The file backend writes synchronously. */
    for (int i = 0; i < 100; i++) {
        g_free(got);
        got = NULL;
        g_file_get_contents(outfile, &got, &len, NULL);
        if (got && g_strstr_len(got, len, msg)) {
            break;
        }
        g_usleep(10000);
    }
    g_assert_nonnull(got);
    g_assert_nonnull(g_strstr_len(got, len, msg));
    /* Loopback bytes never reach the backend. */
    g_assert_null(g_strstr_len(got, len, "Q"));
}

int main(int argc, char **argv)
{
    int ret, fd;

    g_test_init(&argc, &argv, NULL);
    fd = g_file_open_tmp("test-serial-XXXXXX", &outfile, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    qts = qtest_initf("-M pc -serial file:%s", outfile);
    g_test_add_func("/serial/reset-state", test_reset_state);
    g_test_add_func("/serial/dlab", test_dlab);
    g_test_add_func("/serial/fifo-control", test_fifo_control);
    g_test_add_func("/serial/loopback", test_loopback);
    g_test_add_func("/serial/thre-irq", test_thre_irq);
    g_test_add_func("/serial/rx-irq-loopback", test_rx_irq_loopback);
    g_test_add_func("/serial/output", test_output);
    ret = g_test_run();
    qtest_quit(qts);
    g_unlink(outfile);
    g_free(outfile);
    return ret;
}
