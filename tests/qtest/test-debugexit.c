/*
 * isa-debug-exit through qtest: a write of v exits the emulator with
 * status (v << 1) | 1 at once; default and custom iobase/iosize; reads
 * are harmless.
 */
#include <glib.h>
#include <sys/wait.h>
#include "libqtest.h"

static int exit_code_after(const char *args, const char *cmd)
{
    QTestState *qts = qtest_init(args);
    int st;

    qtest_send_line(qts, cmd);
    st = qtest_wait_exit(qts, 10000);
    qtest_quit(qts);
    g_assert_cmpint(st, !=, -1);              /* it did exit */
    g_assert_true(WIFEXITED(st));
    return WEXITSTATUS(st);
}

static void test_default_port(void)
{
    g_assert_cmpint(exit_code_after("-M pc -device isa-debug-exit",
                                    "outb 0x501 0x00"), ==, 1);
}

static void test_value(void)
{
    g_assert_cmpint(exit_code_after("-M pc -device isa-debug-exit",
                                    "outb 0x501 0x21"), ==, 0x43);
}

static void test_custom_port_dword(void)
{
    /* The test guests' setting: iobase=0xf4,iosize=0x04 and outl. */
    g_assert_cmpint(exit_code_after("-M pc -device isa-debug-exit,"
                                    "iobase=0xf4,iosize=0x04",
                                    "outl 0xf4 0x10"), ==, 0x21);
}

static void test_read_does_not_exit(void)
{
    QTestState *qts = qtest_init("-M pc -device isa-debug-exit");

    qtest_inb(qts, 0x501);
    g_assert_cmpint(qtest_wait_exit(qts, 200), ==, -1);   /* still alive */
    /* Outside the device's ports: nothing happens either. */
    qtest_outb(qts, 0x503, 0x01);
    g_assert_cmpint(qtest_wait_exit(qts, 200), ==, -1);
    qtest_quit(qts);
}

static void test_no_device(void)
{
    QTestState *qts = qtest_init("-M pc");

    qtest_outb(qts, 0x501, 0x01);
    g_assert_cmpint(qtest_wait_exit(qts, 200), ==, -1);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/debugexit/default-port", test_default_port);
    g_test_add_func("/debugexit/value", test_value);
    g_test_add_func("/debugexit/custom-port-dword", test_custom_port_dword);
    g_test_add_func("/debugexit/read", test_read_does_not_exit);
    g_test_add_func("/debugexit/no-device", test_no_device);
    return g_test_run();
}
