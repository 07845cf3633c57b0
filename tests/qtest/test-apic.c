/*
 * Software local APIC at 0xfee00000 through qtest (-M pc, TCG-style
 * irqchip): registers, self IPIs into IRR, TPR/PPR, the timer in one-shot
 * and periodic modes against the virtual clock, and ESR on bad vectors.
 * With no vCPU running, MMIO reaches the first CPU's APIC.
 */
#include <glib.h>
#include "libqtest.h"

#define LAPIC 0xfee00000ULL

static QTestState *qts;

static uint32_t rd(unsigned reg)
{
    return qtest_readl(qts, LAPIC + reg);
}

static void wr(unsigned reg, uint32_t val)
{
    qtest_writel(qts, LAPIC + reg, val);
}

static bool irr(int vector)
{
    return rd(0x200 + (vector / 32) * 0x10) & (1u << (vector % 32));
}

static bool present(void)
{
    uint32_t v = rd(0x30);

    if (v == 0 || v == 0xffffffff) {
        g_test_skip("no software local APIC (KVM irqchip or no CPU)");
        return false;
    }
    return true;
}

static void test_registers(void)
{
    if (!present()) {
        return;
    }
    g_assert_cmphex(rd(0x20) >> 24, ==, 0);               /* BSP ID 0 */
    g_assert_cmphex(rd(0x30), ==, 0x00050014);
    g_assert_cmphex(rd(0xf0), ==, 0xff);                   /* SVR reset */
    for (unsigned r = 0x320; r <= 0x370; r += 0x10) {
        if (r != 0x350) {
            g_assert_cmphex(rd(r) & 0x10000, ==, 0x10000); /* masked */
        }
    }
    g_assert_cmphex(rd(0x350), ==, 0x700);    /* BSP LINT0: ExtINT */
    wr(0xf0, 0x1ff);
    g_assert_cmphex(rd(0xf0), ==, 0x1ff);
    wr(0xd0, 0x05000000);                     /* LDR */
    g_assert_cmphex(rd(0xd0), ==, 0x05000000);
    g_assert_cmphex(rd(0xe0), ==, 0xffffffff);    /* DFR flat */
    wr(0x80, 0x30);
    g_assert_cmphex(rd(0x80), ==, 0x30);
    g_assert_cmphex(rd(0xa0), ==, 0x30);      /* PPR follows TPR */
    wr(0x80, 0);
    /* Timer LVT keeps only its writable bits. */
    wr(0x320, 0xffffffff);
    g_assert_cmphex(rd(0x320), ==, 0x000700ff);
    wr(0x320, 0x10000);
}

static void test_self_ipi(void)
{
    if (!present()) {
        return;
    }
    wr(0xf0, 0x1ff);
    g_assert_false(irr(0x50));
    wr(0x310, 0);
    wr(0x300, 0x40000 | 0x50);                /* self, fixed, vector 0x50 */
    g_assert_true(irr(0x50));
    /* Physical destination 0 (ourselves) with no shorthand. */
    wr(0x300, 0x51);
    g_assert_true(irr(0x51));
    /* Logical flat destination matching LDR bit 0. */
    wr(0xd0, 0x01000000);
    wr(0x310, 0x01000000);
    wr(0x300, 0x800 | 0x52);
    g_assert_true(irr(0x52));
    /* Logical destination that matches nobody. */
    wr(0x310, 0x80000000);
    wr(0x300, 0x800 | 0x53);
    g_assert_false(irr(0x53));
}

static void test_illegal_vector(void)
{
    if (!present()) {
        return;
    }
    wr(0xf0, 0x1ff);
    wr(0x280, 0);
    wr(0x300, 0x40000 | 0x05);                /* vectors < 16 are illegal */
    g_assert_false(irr(0x05));
    g_assert_cmphex(rd(0x280) & 0x20, ==, 0x20);
    wr(0x280, 0);
    g_assert_cmphex(rd(0x280), ==, 0);
}

static void test_timer_oneshot(void)
{
    if (!present()) {
        return;
    }
    wr(0xf0, 0x1ff);
    wr(0x3e0, 0x0b);                          /* divide by 1 */
    wr(0x320, 0x60);                          /* one-shot, vector 0x60 */
    wr(0x380, 1000);
    g_assert_cmpuint(rd(0x380), ==, 1000);
    g_assert_cmpuint(rd(0x390), ==, 1000);
    qtest_clock_step(qts, 400);
    g_assert_cmpuint(rd(0x390), ==, 600);
    g_assert_false(irr(0x60));
    qtest_clock_step(qts, 700);
    g_assert_cmpuint(rd(0x390), ==, 0);
    g_assert_true(irr(0x60));
    /* Divide by 2 halves the rate. */
    wr(0x320, 0x61);
    wr(0x3e0, 0x00);
    wr(0x380, 1000);
    qtest_clock_step(qts, 1000);
    g_assert_cmpuint(rd(0x390), ==, 500);
    g_assert_false(irr(0x61));
    qtest_clock_step(qts, 1100);
    g_assert_true(irr(0x61));
    wr(0x380, 0);
}

static void test_timer_periodic(void)
{
    if (!present()) {
        return;
    }
    wr(0xf0, 0x1ff);
    wr(0x3e0, 0x0b);
    wr(0x320, 0x20000 | 0x62);                /* periodic */
    wr(0x380, 999);                           /* period 1000 ticks */
    qtest_clock_step(qts, 1500);
    g_assert_true(irr(0x62));
    g_assert_cmpuint(rd(0x390), ==, 999 - 500);
    /* Masked LVT: the count runs, nothing is delivered. */
    wr(0x320, 0x30000 | 0x63);
    qtest_clock_step(qts, 3000);
    g_assert_false(irr(0x63));
    wr(0x380, 0);
    g_assert_cmpuint(rd(0x390), ==, 0);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_init("-M pc");
    g_test_add_func("/apic/registers", test_registers);
    g_test_add_func("/apic/self-ipi", test_self_ipi);
    g_test_add_func("/apic/illegal-vector", test_illegal_vector);
    g_test_add_func("/apic/timer-oneshot", test_timer_oneshot);
    g_test_add_func("/apic/timer-periodic", test_timer_periodic);
    ret = g_test_run();
    qtest_quit(qts);
    return ret;
}
