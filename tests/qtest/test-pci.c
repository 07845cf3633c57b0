/*
 * PCI on the pc machine through qtest: configuration mechanism #1, the
 * i440FX (00.0) and PIIX3 (01.0) headers, write masks, BAR sizing and
 * mapping with pci-testdev, PAM shadowing, PIRQ routing to the IOAPIC
 * and ISA IRQs, the 0xcf9 reset, "-device" address errors and the DSDT
 * (\_SB.PCI0) disassembled by iasl when it is installed.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include "libqtest.h"

#define TESTDEV_SLOT 3
#define TESTDEV_DEVFN (TESTDEV_SLOT << 3)
#define PIIX3_DEVFN 0x08

static QTestState *qts;

static uint32_t cfg_addr(int devfn, int reg)
{
    return 0x80000000u | (devfn << 8) | (reg & 0xfc);
}

static uint32_t cfg_readl(int devfn, int reg)
{
    qtest_outl(qts, 0xcf8, cfg_addr(devfn, reg));
    return qtest_inl(qts, 0xcfc);
}

static uint16_t cfg_readw(int devfn, int reg)
{
    qtest_outl(qts, 0xcf8, cfg_addr(devfn, reg));
    return qtest_inw(qts, 0xcfc + (reg & 2));
}

static uint8_t cfg_readb(int devfn, int reg)
{
    qtest_outl(qts, 0xcf8, cfg_addr(devfn, reg));
    return qtest_inb(qts, 0xcfc + (reg & 3));
}

static void cfg_writel(int devfn, int reg, uint32_t val)
{
    qtest_outl(qts, 0xcf8, cfg_addr(devfn, reg));
    qtest_outl(qts, 0xcfc, val);
}

static void cfg_writew(int devfn, int reg, uint16_t val)
{
    qtest_outl(qts, 0xcf8, cfg_addr(devfn, reg));
    qtest_outw(qts, 0xcfc + (reg & 2), val);
}

static void cfg_writeb(int devfn, int reg, uint8_t val)
{
    qtest_outl(qts, 0xcf8, cfg_addr(devfn, reg));
    qtest_outb(qts, 0xcfc + (reg & 3), val);
}

static void test_host_bridge(void)
{
    g_assert_cmphex(cfg_readl(0, 0x00), ==, 0x12378086);
    g_assert_cmphex(cfg_readl(0, 0x08), ==, 0x06000002);
    g_assert_cmphex(cfg_readb(0, 0x0e), ==, 0x00);
    g_assert_cmphex(cfg_readl(0, 0x2c), ==, 0x11001af4);
    g_assert_cmphex(cfg_readb(0, 0x72), ==, 0x02);        /* SMRAM */
    g_assert_cmphex(cfg_readb(0, 0x57), ==, 128 / 8);     /* RAM / 8M */
    /* The address register reads back; bytes of it are not config. */
    qtest_outl(qts, 0xcf8, 0x80001234);
    g_assert_cmphex(qtest_inl(qts, 0xcf8), ==, 0x80001234);
    /* Enable bit clear: no config cycle. */
    qtest_outl(qts, 0xcf8, 0x00000000);
    g_assert_cmphex(qtest_inl(qts, 0xcfc), ==, 0xffffffff);
    /* Empty slots and other buses read all-ones. */
    g_assert_cmphex(cfg_readl(0x20, 0), ==, 0xffffffff);
    qtest_outl(qts, 0xcf8, 0x80010000);
    g_assert_cmphex(qtest_inl(qts, 0xcfc), ==, 0xffffffff);
}

static void test_isa_bridge(void)
{
    g_assert_cmphex(cfg_readl(PIIX3_DEVFN, 0x00), ==, 0x70008086);
    g_assert_cmphex(cfg_readl(PIIX3_DEVFN, 0x04), ==, 0x02000000);
    g_assert_cmphex(cfg_readl(PIIX3_DEVFN, 0x08), ==, 0x06010000);
    g_assert_cmphex(cfg_readb(PIIX3_DEVFN, 0x0e), ==, 0x80);
    g_assert_cmphex(cfg_readl(PIIX3_DEVFN, 0x60), ==, 0x80808080);
    g_assert_cmphex(cfg_readw(PIIX3_DEVFN, 0x02), ==, 0x7000);
    /* Read-only header fields ignore writes; the command register takes
     * only its implemented bits. */
    cfg_writel(PIIX3_DEVFN, 0x00, 0);
    g_assert_cmphex(cfg_readl(PIIX3_DEVFN, 0x00), ==, 0x70008086);
    cfg_writew(PIIX3_DEVFN, 0x04, 0xffff);
    g_assert_cmphex(cfg_readw(PIIX3_DEVFN, 0x04), ==, 0x0547);
    cfg_writew(PIIX3_DEVFN, 0x04, 0);
    /* Byte access inside a dword. */
    cfg_writeb(PIIX3_DEVFN, 0x61, 0x0a);
    g_assert_cmphex(cfg_readl(PIIX3_DEVFN, 0x60), ==, 0x80800a80);
    cfg_writeb(PIIX3_DEVFN, 0x61, 0x80);
}

static void test_bar_sizing_and_moving(void)
{
    int d = TESTDEV_DEVFN;

    g_assert_cmphex(cfg_readl(d, 0x00), ==, 0x00051b36);
    g_assert_cmphex(cfg_readb(d, 0x3d), ==, 1);            /* INTA */
    /* Sizing: all-ones reads back the size mask and the type bits. */
    cfg_writel(d, 0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(d, 0x10), ==, 0xfffff000);
    cfg_writel(d, 0x14, 0xffffffff);
    g_assert_cmphex(cfg_readl(d, 0x14), ==, 0xffffff01);
    cfg_writel(d, 0x18, 0xffffffff);
    cfg_writel(d, 0x1c, 0xffffffff);
    g_assert_cmphex(cfg_readl(d, 0x18), ==, 0xfff0000c);   /* 1 MiB */
    g_assert_cmphex(cfg_readl(d, 0x1c), ==, 0xffffffff);
    g_assert_cmphex(cfg_readl(d, 0x20), ==, 0);            /* no BAR4 */

    /* Programmed but decoding off: nothing there yet. */
    cfg_writel(d, 0x10, 0xfe000000);
    cfg_writel(d, 0x14, 0xc000);
    cfg_writel(d, 0x18, 0x0000000c);
    cfg_writel(d, 0x1c, 0x1);                              /* 4 GiB */
    g_assert_cmphex(qtest_readl(qts, 0xfe000000), ==, 0xffffffff);
    g_assert_cmphex(qtest_inl(qts, 0xc000), ==, 0xffffffff);

    cfg_writew(d, 0x04, 0x0003);                           /* IO | MEM */
    qtest_writel(qts, 0xfe000000, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, 0xfe000000), ==, 0x12345678);
    g_assert_cmphex(qtest_inl(qts, 0xc000), ==, 0x12345678);
    qtest_writeq(qts, 0x100000000ULL, 0x1122334455667788ULL);
    g_assert_cmphex(qtest_readq(qts, 0x100000000ULL), ==,
                    0x1122334455667788ULL);

    /* Move BAR0 and BAR2: the regions follow, contents stay. */
    cfg_writel(d, 0x10, 0xfd000000);
    g_assert_cmphex(qtest_readl(qts, 0xfe000000), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, 0xfd000000), ==, 0x12345678);
    cfg_writel(d, 0x18, 0x0010000c);
    g_assert_cmphex(qtest_readq(qts, 0x100100000ULL), ==,
                    0x1122334455667788ULL);
    g_assert_cmphex(qtest_readl(qts, 0x100000000ULL), ==, 0xffffffff);

    /* Memory decode off: BARs unmapped; I/O still decodes. */
    cfg_writew(d, 0x04, 0x0001);
    g_assert_cmphex(qtest_readl(qts, 0xfd000000), ==, 0xffffffff);
    g_assert_cmphex(qtest_inl(qts, 0xc000), ==, 0x12345678);
    cfg_writew(d, 0x04, 0x0000);
    g_assert_cmphex(qtest_inl(qts, 0xc000), ==, 0xffffffff);
}

static void test_pam(void)
{
    uint8_t bios[16], ram[16];

    /* Mode 0: the BIOS through PCI; mode 1: RAM (ACPI tables) read-only. */
    qtest_memread(qts, 0xf0000, bios, sizeof(bios));
    cfg_writeb(0, 0x59, 0x10);
    qtest_memread(qts, 0xf0000, ram, sizeof(ram));
    g_assert_cmpmem(ram, 8, "RSD PTR ", 8);
    g_assert_true(memcmp(bios, ram, sizeof(ram)) != 0);
    qtest_writeb(qts, 0xf0000, 0xaa);
    g_assert_cmphex(qtest_readb(qts, 0xf0000), ==, 'R');
    /* Mode 3: read/write RAM. */
    cfg_writeb(0, 0x59, 0x30);
    qtest_writeb(qts, 0xf0000, 0xaa);
    g_assert_cmphex(qtest_readb(qts, 0xf0000), ==, 0xaa);
    qtest_writeb(qts, 0xf0000, 'R');
    /* Mode 2: writes reach RAM, reads come from the BIOS. */
    cfg_writeb(0, 0x59, 0x20);
    g_assert_cmphex(qtest_readb(qts, 0xf0000), ==, bios[0]);
    qtest_writeb(qts, 0xf0001, 0x55);
    cfg_writeb(0, 0x59, 0x10);
    g_assert_cmphex(qtest_readb(qts, 0xf0001), ==, 0x55);
    qtest_writeb(qts, 0xf0001, 'S');
    cfg_writeb(0, 0x59, 0x30);
    qtest_writeb(qts, 0xf0001, 'S');
    /* 0xc0000 segment (PAM1 low nibble): PCI (nothing) vs RAM. */
    g_assert_cmphex(qtest_readl(qts, 0xc0000), ==, 0xffffffff);
    cfg_writeb(0, 0x5a, 0x03);
    qtest_writel(qts, 0xc0000, 0xdeadbeef);
    g_assert_cmphex(qtest_readl(qts, 0xc0000), ==, 0xdeadbeef);
    g_assert_cmphex(qtest_readl(qts, 0xc4000), ==, 0xffffffff);
    cfg_writeb(0, 0x5a, 0x00);
    g_assert_cmphex(qtest_readl(qts, 0xc0000), ==, 0xffffffff);
    cfg_writeb(0, 0x59, 0x00);
    qtest_memread(qts, 0xf0000, ram, sizeof(ram));
    g_assert_cmpmem(bios, sizeof(bios), ram, sizeof(ram));
}

static void test_intx_routing(void)
{
    int d = TESTDEV_DEVFN;
    /* Slot 3 INTA: PIRQ (3 + 0 - 1) & 3 = C, IOAPIC input 18. */
    const int gsi = 16 + 2;

    qtest_irq_intercept_in(qts, "/machine/ioapic");
    cfg_writel(d, 0x10, 0xfe000000);
    cfg_writew(d, 0x04, 0x0002);
    cfg_writeb(PIIX3_DEVFN, 0x62, 11);                    /* PIRQC -> 11 */

    qtest_writel(qts, 0xfe000004, 1);
    g_assert_true(qtest_get_irq(qts, gsi));
    g_assert_true(qtest_get_irq(qts, 11));
    g_assert_cmphex(cfg_readw(d, 0x06) & 0x08, ==, 0x08);  /* status */

    /* INTx disable: lines drop, the status bit stays. */
    cfg_writew(d, 0x04, 0x0402);
    g_assert_false(qtest_get_irq(qts, gsi));
    g_assert_false(qtest_get_irq(qts, 11));
    g_assert_cmphex(cfg_readw(d, 0x06) & 0x08, ==, 0x08);
    cfg_writew(d, 0x04, 0x0002);
    g_assert_true(qtest_get_irq(qts, gsi));

    /* Re-route PIRQC to 10, then disable ISA routing (bit 7). */
    cfg_writeb(PIIX3_DEVFN, 0x62, 10);
    g_assert_false(qtest_get_irq(qts, 11));
    g_assert_true(qtest_get_irq(qts, 10));
    cfg_writeb(PIIX3_DEVFN, 0x62, 0x80);
    g_assert_false(qtest_get_irq(qts, 10));
    g_assert_true(qtest_get_irq(qts, gsi));
    cfg_writeb(PIIX3_DEVFN, 0x62, 0x1f);                  /* >= 16: off */
    g_assert_false(qtest_get_irq(qts, 15));
    cfg_writeb(PIIX3_DEVFN, 0x62, 11);

    qtest_writel(qts, 0xfe000004, 0);
    g_assert_false(qtest_get_irq(qts, gsi));
    g_assert_false(qtest_get_irq(qts, 11));
    g_assert_cmphex(cfg_readw(d, 0x06) & 0x08, ==, 0);
}

static void test_reset(void)
{
    int d = TESTDEV_DEVFN;
    char *r;

    cfg_writeb(PIIX3_DEVFN, 0x60, 5);
    cfg_writeb(0, 0x5f, 0x33);
    cfg_writel(d, 0x10, 0xfe000000);
    cfg_writew(d, 0x04, 0x0002);
    /* Reads of 0xcf9 give the register; bit 1 alone does nothing. */
    qtest_outb(qts, 0xcf9, 0x02);
    g_assert_cmphex(qtest_inb(qts, 0xcf9), ==, 0x02);
    g_assert_cmphex(cfg_readb(PIIX3_DEVFN, 0x60), ==, 5);
    qtest_outb(qts, 0xcf9, 0x06);
    /* Let the main loop run the reset. */
    for (int i = 0; i < 100 && cfg_readb(PIIX3_DEVFN, 0x60) != 0x80; i++) {
        r = qtest_raw_cmd(qts, "clock_step 1000000");
        g_free(r);
        g_usleep(10000);
    }
    g_assert_cmphex(cfg_readb(PIIX3_DEVFN, 0x60), ==, 0x80);
    g_assert_cmphex(cfg_readb(0, 0x5f), ==, 0);
    g_assert_cmphex(cfg_readw(d, 0x04), ==, 0);
    g_assert_cmphex(cfg_readl(d, 0x10), ==, 0);
    g_assert_cmphex(qtest_inb(qts, 0xcf9), ==, 0);
}

static void test_acpi_dsdt(void)
{
    uint8_t hdr[36];
    uint32_t rsdt, fadt = 0, dsdt, len, n;
    g_autofree uint8_t *table = NULL;
    g_autofree char *dir = NULL, *dat = NULL, *dsl = NULL, *out = NULL;
    g_autofree char *err = NULL, *text = NULL;
    uint8_t sum = 0;
    int status;

    /* Shadow RAM readable: the tables are at 0xf0000. */
    cfg_writeb(0, 0x59, 0x10);
    qtest_memread(qts, 0xf0000, hdr, 36);
    g_assert_cmpmem(hdr, 8, "RSD PTR ", 8);
    rsdt = hdr[16] | hdr[17] << 8 | hdr[18] << 16 | (uint32_t)hdr[19] << 24;
    qtest_memread(qts, rsdt, hdr, 36);
    g_assert_cmpmem(hdr, 4, "RSDT", 4);
    n = ((hdr[4] | hdr[5] << 8) - 36) / 4;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t t = qtest_readl(qts, rsdt + 36 + 4 * i);

        if (qtest_readl(qts, t) == 0x50434146) {          /* "FACP" */
            fadt = t;
        }
    }
    g_assert_cmphex(fadt, !=, 0);
    dsdt = qtest_readl(qts, fadt + 40);
    len = qtest_readl(qts, dsdt + 4);
    g_assert_cmpuint(len, >, 36);
    g_assert_cmpuint(len, <, 65536);
    table = g_malloc(len);
    qtest_memread(qts, dsdt, table, len);
    cfg_writeb(0, 0x59, 0x00);
    g_assert_cmpmem(table, 4, "DSDT", 4);
    for (uint32_t i = 0; i < len; i++) {
        sum += table[i];
    }
    g_assert_cmpuint(sum, ==, 0);

    if (!g_find_program_in_path("iasl")) {
        g_test_skip("iasl not installed (acpica-tools)");
        return;
    }
    dir = g_dir_make_tmp("test-pci-XXXXXX", NULL);
    g_assert_nonnull(dir);
    dat = g_build_filename(dir, "dsdt.dat", NULL);
    dsl = g_build_filename(dir, "dsdt.dsl", NULL);
    g_assert_true(g_file_set_contents(dat, (char *)table, len, NULL));
    {
        char *argv[] = { (char *)"iasl", (char *)"-d", dat, NULL };

        g_assert_true(g_spawn_sync(dir, argv, NULL, G_SPAWN_SEARCH_PATH,
                                   NULL, NULL, &out, &err, &status, NULL));
    }
    g_assert_true(g_file_get_contents(dsl, &text, NULL, NULL));
    if (g_test_verbose()) {
        g_printerr("%s", text);
    }
    g_assert_nonnull(strstr(text, "Name (\\_S5, Package (0x02)"));
    g_assert_nonnull(strstr(text, "Device (PCI0)"));
    g_assert_nonnull(strstr(text, "EisaId (\"PNP0A03\")"));
    g_assert_nonnull(strstr(text, "Name (_PRT, Package (0x80)"));
    g_assert_nonnull(strstr(text, "WordBusNumber (ResourceProducer"));
    g_assert_nonnull(strstr(text, "0x0CF7,             // Range Maximum"));
    g_assert_nonnull(strstr(text, "0xFEBFFFFF,         // Range Maximum"));
    /* Slot 3 INTA -> GSI 18 (0x12). */
    g_assert_nonnull(strstr(text, "0x0003FFFF, \n                    Zero, "
                                  "\n                    Zero, \n"
                                  "                    0x12"));
    g_assert_null(strstr(text, "Error"));
    g_unlink(dat);
    g_unlink(dsl);
    g_rmdir(dir);
}

static char *run_device(const char *dev_args)
{
    const char *bin = g_getenv("QTEST_QEMU_BINARY");
    g_autofree char *cmd = g_strdup_printf(
        "%s -M pc -nodefaults -display none -accel qtest -S %s", bin,
        dev_args);
    char *err = NULL;
    int status;

    g_assert_true(g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL));
    g_assert_false(g_spawn_check_wait_status(status, NULL));
    return err;
}

static void test_device_errors(void)
{
    g_autofree char *e1 = run_device("-device pci-testdev,addr=1");
    g_autofree char *e2 = run_device("-device pci-testdev,addr=0.3");
    g_autofree char *e3 = run_device(
        "-device pci-testdev,addr=5,id=a -device pci-testdev,addr=5");

    g_assert_nonnull(strstr(e1, "PCI: slot 1 function 0 not available for "
                                "pci-testdev, in use by PIIX3,id=(null)"));
    g_assert_nonnull(strstr(e2, "PCI: single function device can't be "
                                "populated in function 0.3"));
    g_assert_nonnull(strstr(e3, "in use by pci-testdev,id=a"));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qts = qtest_init("-M pc -device pci-testdev,addr=3,membar=1M");
    g_test_add_func("/pci/host-bridge", test_host_bridge);
    g_test_add_func("/pci/isa-bridge", test_isa_bridge);
    g_test_add_func("/pci/bar", test_bar_sizing_and_moving);
    g_test_add_func("/pci/pam", test_pam);
    g_test_add_func("/pci/intx-routing", test_intx_routing);
    g_test_add_func("/pci/acpi-dsdt", test_acpi_dsdt);
    g_test_add_func("/pci/reset", test_reset);
    g_test_add_func("/pci/device-errors", test_device_errors);
    ret = g_test_run();
    qtest_quit(qts);
    return ret;
}
