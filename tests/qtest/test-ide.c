/*
 * IDE on the pc machine through qtest: piix3-ide at 01.1, IDENTIFY (and
 * compared word for word with Debian's QEMU when it is installed), PIO
 * and DMA reads and writes checked in the image file, LBA48, CHS,
 * READ/WRITE MULTIPLE, out-of-range requests, malformed PRD tables,
 * software reset and signatures, nIEN, ATAPI (INQUIRY, READ CAPACITY,
 * READ(10) by PIO and DMA, sense data, no medium), and SeaBIOS booting
 * an MBR from an IDE disk (serial output + isa-debug-exit).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/wait.h>
#include "libqtest.h"

#define IDE_DEVFN ((1 << 3) | 1)
#define BMDMA_BASE 0xc000
#define PRD_ADDR 0x100000
#define BUF_ADDR 0x200000

#define ST_ERR 0x01
#define ST_DRQ 0x08
#define ST_DSC 0x10
#define ST_DRDY 0x40
#define ST_BSY 0x80

#define HD_SECTORS (64 * 1024 * 1024 / 512)   /* 64 MiB disk */
#define CD_SECTORS 512                         /* 1 MiB CD */

static QTestState *qts;
static char *hd_path, *cd_path;

typedef struct Chan {
    uint16_t cmd, ctrl, bm;
} Chan;
static const Chan chan0 = { 0x1f0, 0x3f6, BMDMA_BASE };
static const Chan chan1 = { 0x170, 0x376, BMDMA_BASE + 8 };

/* ---- images ---- */

static uint8_t hd_pattern(uint64_t off)
{
    return (uint8_t)((off * 7) ^ (off >> 9));
}

static char *make_image(const char *tag, uint64_t size, bool cd)
{
    char *path = NULL;
    int fd = g_file_open_tmp(tag, &path, NULL);
    uint8_t *buf = g_malloc(size);

    g_assert_cmpint(fd, >=, 0);
    for (uint64_t i = 0; i < size; i++) {
        buf[i] = cd ? (uint8_t)(i / 2048) ^ (uint8_t)i : hd_pattern(i);
    }
    if (cd) {
        /* An ISO 9660 primary volume descriptor at sector 16. */
        memcpy(buf + 16 * 2048, "\x01" "CD001\x01", 7);
    }
    g_assert_cmpint(pwrite(fd, buf, size, 0), ==, (ssize_t)size);
    close(fd);
    g_free(buf);
    return path;
}

static void read_image(const char *path, uint64_t off, void *buf, size_t len)
{
    int fd = open(path, O_RDONLY);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(pread(fd, buf, len, off), ==, (ssize_t)len);
    close(fd);
}

/* ---- emulator ---- */

static bool have_drive_option(const char *bin)
{
    char *argv[] = { (char *)bin, (char *)"-help", NULL };
    char *out = NULL;
    bool ok;

    if (!bin || !g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                              NULL, NULL, &out, NULL, NULL, NULL)) {
        return true;
    }
    ok = out && strstr(out, "-drive");
    g_free(out);
    return ok;
}

static void start(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void start(const char *fmt, ...)
{
    va_list ap;
    char *args;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qts = qtest_initf("-machine pc %s", args);
    g_free(args);
}

static void start_std(void)
{
    start("-drive if=none,id=hd0,file=%s,format=raw "
          "-device ide-hd,drive=hd0,bus=ide.0,unit=0 "
          "-drive if=none,id=cd0,file=%s,format=raw,media=cdrom,readonly=on "
          "-device ide-cd,drive=cd0,bus=ide.1,unit=0",
          hd_path, cd_path);
}

static void stop(void)
{
    qtest_quit(qts);
    qts = NULL;
}

static uint32_t cfg_addr(int reg)
{
    return 0x80000000u | (IDE_DEVFN << 8) | (reg & 0xfc);
}

static uint32_t cfg_readl(int reg)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    return qtest_inl(qts, 0xcfc);
}

static void cfg_writel(int reg, uint32_t val)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    qtest_outl(qts, 0xcfc, val);
}

static void cfg_writew(int reg, uint16_t val)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    qtest_outw(qts, 0xcfc + (reg & 2), val);
}

/* BAR4 at BMDMA_BASE, I/O decoding and bus mastering on. */
static void enable_bmdma(void)
{
    cfg_writel(0x20, BMDMA_BASE);
    cfg_writew(0x04, 0x0005);
}

/* Wait until BSY clears; returns the alternate status. */
static uint8_t wait_ready(const Chan *c)
{
    for (int i = 0; i < 200000; i++) {
        uint8_t st = qtest_inb(qts, c->ctrl);

        if (!(st & ST_BSY)) {
            return st;
        }
        if (i > 100) {
            g_usleep(50);
        }
    }
    g_assert_not_reached();
}

static void select_dev(const Chan *c, int unit, bool lba)
{
    qtest_outb(qts, c->cmd + 6, 0xa0 | (lba ? 0x40 : 0) | (unit << 4));
}

static void set_lba28(const Chan *c, uint32_t lba, uint8_t count)
{
    qtest_outb(qts, c->cmd + 2, count);
    qtest_outb(qts, c->cmd + 3, lba);
    qtest_outb(qts, c->cmd + 4, lba >> 8);
    qtest_outb(qts, c->cmd + 5, lba >> 16);
    qtest_outb(qts, c->cmd + 6, 0xe0 | ((lba >> 24) & 0x0f));
}

static void set_lba48(const Chan *c, uint64_t lba, uint16_t count)
{
    qtest_outb(qts, c->cmd + 6, 0x40);
    qtest_outb(qts, c->cmd + 2, count >> 8);
    qtest_outb(qts, c->cmd + 3, lba >> 24);
    qtest_outb(qts, c->cmd + 4, lba >> 32);
    qtest_outb(qts, c->cmd + 5, lba >> 40);
    qtest_outb(qts, c->cmd + 2, count);
    qtest_outb(qts, c->cmd + 3, lba);
    qtest_outb(qts, c->cmd + 4, lba >> 8);
    qtest_outb(qts, c->cmd + 5, lba >> 16);
}

static uint8_t command(const Chan *c, uint8_t cmd)
{
    qtest_outb(qts, c->cmd + 7, cmd);
    return wait_ready(c);
}

static void pio_read(const Chan *c, void *buf, size_t len)
{
    uint16_t *w = buf;

    for (size_t i = 0; i < len / 2; i++) {
        w[i] = qtest_inw(qts, c->cmd);
    }
}

static void pio_write(const Chan *c, const void *buf, size_t len)
{
    const uint16_t *w = buf;

    for (size_t i = 0; i < len / 2; i++) {
        qtest_outw(qts, c->cmd, w[i]);
    }
}

/* ---- IDENTIFY ---- */

static void ata_string(const uint16_t *id, int word, int len, char *out)
{
    for (int i = 0; i < len; i++) {
        uint16_t w = id[word + i / 2];
        out[i] = (i & 1) ? (w & 0xff) : (w >> 8);
    }
    out[len] = 0;
    g_strchomp(out);
}

static void identify(const Chan *c, int unit, uint8_t cmd, uint16_t *id)
{
    uint8_t st;

    select_dev(c, unit, false);
    st = command(c, cmd);
    g_assert_cmphex(st & (ST_DRQ | ST_ERR), ==, ST_DRQ);
    pio_read(c, id, 512);
    st = qtest_inb(qts, c->cmd + 7);
    g_assert_cmphex(st & (ST_DRQ | ST_ERR | ST_BSY), ==, 0);
}

static void test_identify(void)
{
    uint16_t id[256];
    char s[41];

    start_std();
    g_assert_cmphex(cfg_readl(0), ==, 0x70108086);
    g_assert_cmphex(cfg_readl(8) >> 8, ==, 0x010180);
    identify(&chan0, 0, 0xec, id);
    ata_string(id, 27, 40, s);
    g_assert_cmpstr(s, ==, "QEMU HARDDISK");
    ata_string(id, 10, 20, s);
    g_assert_cmpstr(s, ==, "QM00001");
    ata_string(id, 23, 8, s);
    g_assert_cmpstr(s, ==, "2.5+");
    g_assert_cmphex(id[0], ==, 0x0040);
    g_assert_cmpuint(id[60] | (id[61] << 16), ==, HD_SECTORS);
    g_assert_cmpuint(id[100] | (id[101] << 16), ==, HD_SECTORS);
    g_assert_cmphex(id[83] & (1 << 10), !=, 0);          /* LBA48 */
    g_assert_cmphex(id[49] & 0x0300, ==, 0x0300);        /* LBA, DMA */
    g_assert_cmpuint(id[1], ==, HD_SECTORS / (16 * 63)); /* cylinders */
    g_assert_cmpuint(id[3], ==, 16);
    g_assert_cmpuint(id[6], ==, 63);

    /* The CD answers IDENTIFY DEVICE with ABRT and its signature. */
    select_dev(&chan1, 0, false);
    g_assert_cmphex(command(&chan1, 0xec) & ST_ERR, ==, ST_ERR);
    g_assert_cmphex(qtest_inb(qts, chan1.cmd + 1), ==, 0x04);
    g_assert_cmphex(qtest_inb(qts, chan1.cmd + 4), ==, 0x14);
    g_assert_cmphex(qtest_inb(qts, chan1.cmd + 5), ==, 0xeb);
    identify(&chan1, 0, 0xa1, id);
    ata_string(id, 27, 40, s);
    g_assert_cmpstr(s, ==, "QEMU DVD-ROM");
    ata_string(id, 10, 20, s);
    g_assert_cmpstr(s, ==, "QM00003");
    g_assert_cmphex(id[0], ==, 0x85c0);

    /* The disk does not do PACKET commands; absent units do nothing. */
    select_dev(&chan0, 0, false);
    g_assert_cmphex(command(&chan0, 0xa1) & ST_ERR, ==, ST_ERR);
    select_dev(&chan0, 1, false);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 7), ==, 0);
    stop();
}

/* IDENTIFY of both devices, word for word, against Debian's QEMU. */
static void identify_all(uint16_t *hd, uint16_t *cd)
{
    start_std();
    identify(&chan0, 0, 0xec, hd);
    identify(&chan1, 0, 0xa1, cd);
    stop();
}

static void test_identify_vs_qemu(void)
{
    const char *ref = "/usr/bin/qemu-system-x86_64";
    char *ours = g_strdup(getenv("QTEST_QEMU_BINARY"));
    uint16_t hd[2][256], cd[2][256];

    if (!g_file_test(ref, G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("Debian's qemu-system-x86_64 is not installed");
        g_free(ours);
        return;
    }
    identify_all(hd[0], cd[0]);
    /* Debian's build has no qtest accelerator: TCG, stopped. */
    g_setenv("QTEST_QEMU_BINARY", ref, true);
    g_setenv("QTEST_ACCEL", "tcg -S", true);
    identify_all(hd[1], cd[1]);
    g_setenv("QTEST_QEMU_BINARY", ours, true);
    g_unsetenv("QTEST_ACCEL");
    g_free(ours);
    for (int i = 0; i < 256; i++) {
        if (hd[0][i] != hd[1][i] || cd[0][i] != cd[1][i]) {
            g_test_message("word %d: hd %04x/%04x cd %04x/%04x", i,
                           hd[0][i], hd[1][i], cd[0][i], cd[1][i]);
        }
    }
    g_assert_cmpmem(hd[0], 512, hd[1], 512);
    g_assert_cmpmem(cd[0], 512, cd[1], 512);
}

/* ---- PIO ---- */

static void check_image(const char *path, uint64_t off, const void *want,
                        size_t len)
{
    uint8_t *got = g_malloc(len);

    read_image(path, off, got, len);
    g_assert_cmpmem(got, len, want, len);
    g_free(got);
}

static void test_pio_rw(void)
{
    uint8_t buf[8 * 512], want[8 * 512];
    uint8_t st;

    start_std();
    /* READ SECTORS: 3 sectors at LBA 5 */
    set_lba28(&chan0, 5, 3);
    st = command(&chan0, 0x20);
    for (int i = 0; i < 3; i++) {
        g_assert_cmphex(st & (ST_DRQ | ST_ERR), ==, ST_DRQ);
        pio_read(&chan0, buf + i * 512, 512);
        st = wait_ready(&chan0);
    }
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 7), ==, ST_DRDY | ST_DSC);
    read_image(hd_path, 5 * 512, want, 3 * 512);
    g_assert_cmpmem(buf, 3 * 512, want, 3 * 512);

    /* WRITE SECTORS: 2 sectors at LBA 1000, 32-bit data accesses */
    for (int i = 0; i < 1024; i++) {
        buf[i] = 0xa5 ^ i;
    }
    set_lba28(&chan0, 1000, 2);
    st = command(&chan0, 0x30);
    for (int i = 0; i < 2; i++) {
        g_assert_cmphex(st & (ST_DRQ | ST_ERR), ==, ST_DRQ);
        for (int j = 0; j < 128; j++) {
            uint32_t v;
            memcpy(&v, buf + i * 512 + j * 4, 4);
            qtest_outl(qts, chan0.cmd, v);
        }
        st = wait_ready(&chan0);
    }
    g_assert_cmphex(st & (ST_DRQ | ST_ERR), ==, 0);
    command(&chan0, 0xe7);      /* FLUSH CACHE */
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 7), ==, ST_DRDY | ST_DSC);
    check_image(hd_path, 1000 * 512, buf, 1024);

    /* SET MULTIPLE 4, WRITE MULTIPLE 6 sectors, READ MULTIPLE them back */
    qtest_outb(qts, chan0.cmd + 2, 3);
    g_assert_cmphex(command(&chan0, 0xc6) & ST_ERR, ==, ST_ERR);
    qtest_outb(qts, chan0.cmd + 2, 4);
    g_assert_cmphex(command(&chan0, 0xc6) & ST_ERR, ==, 0);
    for (int i = 0; i < 6 * 512; i++) {
        want[i] = 0x3c + i * 13;
    }
    set_lba28(&chan0, 2000, 6);
    st = command(&chan0, 0xc5);
    g_assert_cmphex(st & ST_DRQ, ==, ST_DRQ);
    pio_write(&chan0, want, 4 * 512);
    st = wait_ready(&chan0);
    g_assert_cmphex(st & ST_DRQ, ==, ST_DRQ);
    pio_write(&chan0, want + 4 * 512, 2 * 512);
    g_assert_cmphex(wait_ready(&chan0) & (ST_DRQ | ST_ERR), ==, 0);
    check_image(hd_path, 2000 * 512, want, 6 * 512);
    memset(buf, 0, sizeof(buf));
    set_lba28(&chan0, 2000, 6);
    st = command(&chan0, 0xc4);
    pio_read(&chan0, buf, 4 * 512);
    wait_ready(&chan0);
    pio_read(&chan0, buf + 4 * 512, 2 * 512);
    g_assert_cmpmem(buf, 6 * 512, want, 6 * 512);

    /* CHS: cylinder 1, head 2, sector 3 with the default 16/63 */
    {
        uint32_t lba = (1 * 16 + 2) * 63 + 3 - 1;

        qtest_outb(qts, chan0.cmd + 2, 1);
        qtest_outb(qts, chan0.cmd + 3, 3);
        qtest_outb(qts, chan0.cmd + 4, 1);
        qtest_outb(qts, chan0.cmd + 5, 0);
        qtest_outb(qts, chan0.cmd + 6, 0xa0 | 2);
        st = command(&chan0, 0x20);
        g_assert_cmphex(st & (ST_DRQ | ST_ERR), ==, ST_DRQ);
        pio_read(&chan0, buf, 512);
        read_image(hd_path, (uint64_t)lba * 512, want, 512);
        g_assert_cmpmem(buf, 512, want, 512);
        /* sector 0 does not exist */
        qtest_outb(qts, chan0.cmd + 3, 0);
        qtest_outb(qts, chan0.cmd + 6, 0xa0);
        g_assert_cmphex(command(&chan0, 0x20) & ST_ERR, ==, ST_ERR);
        g_assert_cmphex(qtest_inb(qts, chan0.cmd + 1) & 0x04, ==, 0x04);
        /* INITIALIZE DEVICE PARAMETERS with 0 sectors is refused */
        qtest_outb(qts, chan0.cmd + 2, 0);
        g_assert_cmphex(command(&chan0, 0x91) & ST_ERR, ==, ST_ERR);
    }
    stop();
}

static void test_out_of_range(void)
{
    uint8_t st;

    start_std();
    /* the last sector plus one */
    set_lba28(&chan0, HD_SECTORS - 1, 2);
    st = command(&chan0, 0x20);
    g_assert_cmphex(st & (ST_ERR | ST_DRQ), ==, ST_ERR);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 1), ==, 0x14);
    /* count 0 = 256 sectors, past the end */
    set_lba28(&chan0, HD_SECTORS - 100, 0);
    g_assert_cmphex(command(&chan0, 0x30) & (ST_ERR | ST_DRQ), ==, ST_ERR);
    /* LBA48 far beyond the disk, PIO and DMA */
    set_lba48(&chan0, 0xffffffffffffull, 0);
    g_assert_cmphex(command(&chan0, 0x24) & (ST_ERR | ST_DRQ), ==, ST_ERR);
    set_lba48(&chan0, 0x0000ffff0000ull, 1);
    g_assert_cmphex(command(&chan0, 0x35) & (ST_ERR | ST_DRQ), ==, ST_ERR);
    /* a command the device does not know */
    g_assert_cmphex(command(&chan0, 0x5a) & ST_ERR, ==, ST_ERR);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 1), ==, 0x04);
    /* the device still works */
    set_lba28(&chan0, HD_SECTORS - 1, 1);
    g_assert_cmphex(command(&chan0, 0x20) & (ST_ERR | ST_DRQ), ==, ST_DRQ);
    stop();
}

/* ---- DMA ---- */

static void write_prd(int idx, uint32_t addr, uint32_t len, bool last)
{
    qtest_writel(qts, PRD_ADDR + idx * 8, addr);
    qtest_writel(qts, PRD_ADDR + idx * 8 + 4,
                 (len & 0xffff) | (last ? 0x80000000u : 0));
}

/* Run a DMA command; returns the device status, *bm the engine's. */
static uint8_t dma_cmd(const Chan *c, uint8_t cmd, bool to_memory,
                       uint8_t *bm)
{
    uint8_t st;

    qtest_outb(qts, c->bm, 0);
    qtest_outb(qts, c->bm + 2, 0x06);   /* clear INT and ERROR */
    qtest_outl(qts, c->bm + 4, PRD_ADDR);
    qtest_outb(qts, c->cmd + 7, cmd);
    qtest_outb(qts, c->bm, 0x01 | (to_memory ? 0x08 : 0));
    st = wait_ready(c);
    *bm = qtest_inb(qts, c->bm + 2);
    qtest_outb(qts, c->bm, 0);
    return st;
}

static void test_dma_rw(void)
{
    uint8_t buf[16 * 512], want[16 * 512], bm, st;

    start_std();
    enable_bmdma();
    qtest_irq_intercept_in(qts, "/machine/ioapic");
    select_dev(&chan0, 0, true);

    /* WRITE DMA: 16 sectors from two buffers (3 KiB + 5 KiB) */
    for (int i = 0; i < (int)sizeof(buf); i++) {
        buf[i] = 0x5a ^ (i * 3) ^ (i >> 8);
    }
    qtest_memwrite(qts, BUF_ADDR, buf, 3072);
    qtest_memwrite(qts, BUF_ADDR + 0x10000, buf + 3072, 5120);
    write_prd(0, BUF_ADDR, 3072, false);
    write_prd(1, BUF_ADDR + 0x10000, 5120, true);
    set_lba28(&chan0, 3000, 16);
    st = dma_cmd(&chan0, 0xca, false, &bm);
    g_assert_cmphex(st, ==, ST_DRDY | ST_DSC);
    g_assert_cmphex(bm & 0x07, ==, 0x04);       /* INT, not active */
    g_assert_true(qtest_get_irq(qts, 14));
    qtest_inb(qts, chan0.cmd + 7);              /* acknowledges */
    g_assert_false(qtest_get_irq(qts, 14));
    check_image(hd_path, 3000 * 512, buf, sizeof(buf));

    /* READ DMA EXT: 9 sectors into one buffer */
    set_lba48(&chan0, 3000, 9);
    write_prd(0, BUF_ADDR + 0x40000, 9 * 512, true);
    st = dma_cmd(&chan0, 0x25, true, &bm);
    g_assert_cmphex(st, ==, ST_DRDY | ST_DSC);
    g_assert_cmphex(bm & 0x07, ==, 0x04);
    qtest_memread(qts, BUF_ADDR + 0x40000, want, 9 * 512);
    g_assert_cmpmem(want, 9 * 512, buf, 9 * 512);

    /* READ DMA of an untouched area, PRD longer than the transfer */
    set_lba28(&chan0, 77, 2);
    write_prd(0, BUF_ADDR, 0, true);            /* 0 = 64 KiB */
    st = dma_cmd(&chan0, 0xc8, true, &bm);
    g_assert_cmphex(st, ==, ST_DRDY | ST_DSC);
    qtest_memread(qts, BUF_ADDR, buf, 1024);
    read_image(hd_path, 77 * 512, want, 1024);
    g_assert_cmpmem(buf, 1024, want, 1024);

    /* DATA SET MANAGEMENT (TRIM): one good range, then one past the end */
    {
        uint8_t ranges[512] = { 0 };
        uint64_t e = 5000 | (4ull << 48);

        memcpy(ranges, &e, 8);
        qtest_memwrite(qts, BUF_ADDR, ranges, 512);
        write_prd(0, BUF_ADDR, 512, true);
        qtest_outb(qts, chan0.cmd + 1, 0x01);
        set_lba48(&chan0, 0, 1);
        st = dma_cmd(&chan0, 0x06, false, &bm);
        g_assert_cmphex(st, ==, ST_DRDY | ST_DSC);
        e = (HD_SECTORS - 2) | (4ull << 48);
        memcpy(ranges + 8, &e, 8);
        qtest_memwrite(qts, BUF_ADDR, ranges, 512);
        qtest_outb(qts, chan0.cmd + 1, 0x01);
        set_lba48(&chan0, 0, 1);
        st = dma_cmd(&chan0, 0x06, false, &bm);
        g_assert_cmphex(st & ST_ERR, ==, ST_ERR);
        qtest_inb(qts, chan0.cmd + 7);
    }

    /* nIEN: the command completes without an interrupt */
    qtest_outb(qts, chan0.ctrl, 0x02);
    set_lba28(&chan0, 77, 1);
    st = dma_cmd(&chan0, 0xc8, true, &bm);
    g_assert_cmphex(st, ==, ST_DRDY | ST_DSC);
    g_assert_false(qtest_get_irq(qts, 14));
    qtest_outb(qts, chan0.ctrl, 0x00);
    g_assert_true(qtest_get_irq(qts, 14));      /* pending: now seen */
    qtest_inb(qts, chan0.cmd + 7);
    stop();
}

static void test_dma_bad_prd(void)
{
    uint8_t bm, st;

    start_std();
    enable_bmdma();
    select_dev(&chan0, 0, true);

    /* The table ends before the transfer does. */
    write_prd(0, BUF_ADDR, 512, true);
    set_lba28(&chan0, 10, 4);
    st = dma_cmd(&chan0, 0xc8, true, &bm);
    g_assert_cmphex(st & ST_ERR, ==, ST_ERR);
    g_assert_cmphex(bm & 0x07, ==, 0x06);       /* INT | ERROR */

    /* No end bit within the 4 KiB table limit: 512 two-byte entries. */
    for (int i = 0; i < 512; i++) {
        write_prd(i, BUF_ADDR, 2, false);
    }
    set_lba28(&chan0, 10, 8);
    st = dma_cmd(&chan0, 0xca, false, &bm);
    g_assert_cmphex(st & ST_ERR, ==, ST_ERR);
    g_assert_cmphex(bm & 0x07, ==, 0x06);

    /* Table and buffers in the PCI hole / above RAM. */
    qtest_outb(qts, chan0.bm + 2, 0x06);
    qtest_outl(qts, chan0.bm + 4, 0xfffffff8);
    qtest_outb(qts, chan0.cmd + 7, 0xc8);
    qtest_outb(qts, chan0.bm, 0x09);
    st = wait_ready(&chan0);
    qtest_outb(qts, chan0.bm, 0);
    write_prd(0, 0xfffff000, 0x8000, true);     /* wraps past 4 GiB */
    set_lba28(&chan0, 10, 64);
    st = dma_cmd(&chan0, 0xc8, true, &bm);
    g_assert_cmphex(st & ST_BSY, ==, 0);

    /* Bus mastering off: DMA cannot reach memory. */
    cfg_writew(0x04, 0x0001);
    write_prd(0, BUF_ADDR, 512, true);          /* not visible either */
    set_lba28(&chan0, 10, 1);
    st = dma_cmd(&chan0, 0xc8, true, &bm);
    g_assert_cmphex(st & ST_ERR, ==, ST_ERR);
    cfg_writew(0x04, 0x0005);

    /* Stopping the engine mid-command, then a reset: all usable again. */
    write_prd(0, BUF_ADDR, 512, true);
    set_lba28(&chan0, 10, 1);
    qtest_outl(qts, chan0.bm + 4, PRD_ADDR);
    qtest_outb(qts, chan0.cmd + 7, 0xc8);
    qtest_outb(qts, chan0.bm, 0x00);
    qtest_outb(qts, chan0.ctrl, 0x04);
    qtest_outb(qts, chan0.ctrl, 0x00);
    wait_ready(&chan0);
    select_dev(&chan0, 0, true);
    set_lba28(&chan0, 10, 1);
    st = dma_cmd(&chan0, 0xc8, true, &bm);
    g_assert_cmphex(st, ==, ST_DRDY | ST_DSC);
    g_assert_cmphex(bm & 0x07, ==, 0x04);
    stop();
}

static void test_lba48(void)
{
    /* A sparse disk larger than LBA28 can address (128 GiB + 1 MiB). */
    uint64_t sectors = (1ull << 28) + 2048;
    uint64_t lba = (1ull << 28) + 1000;
    char *path = NULL;
    int fd = g_file_open_tmp("ide-big-XXXXXX", &path, NULL);
    uint8_t buf[1024], got[1024], bm, st;
    uint16_t id[256];

    g_assert_cmpint(ftruncate(fd, sectors * 512), ==, 0);
    close(fd);
    start("-drive if=none,id=big,file=%s,format=raw "
          "-device ide-hd,drive=big,bus=ide.0", path);
    identify(&chan0, 0, 0xec, id);
    g_assert_cmphex(id[60] | (id[61] << 16), ==, 0x0fffffff);
    g_assert_cmpuint(id[100] | ((uint64_t)id[101] << 16) |
                     ((uint64_t)id[102] << 32), ==, sectors);

    /* WRITE SECTORS EXT, READ DMA EXT */
    for (int i = 0; i < 1024; i++) {
        buf[i] = i * 5 + 1;
    }
    set_lba48(&chan0, lba, 2);
    st = command(&chan0, 0x34);
    g_assert_cmphex(st & ST_DRQ, ==, ST_DRQ);
    pio_write(&chan0, buf, 512);
    wait_ready(&chan0);
    pio_write(&chan0, buf + 512, 512);
    g_assert_cmphex(wait_ready(&chan0) & (ST_ERR | ST_DRQ), ==, 0);
    check_image(path, lba * 512, buf, 1024);

    enable_bmdma();
    write_prd(0, BUF_ADDR, 1024, true);
    set_lba48(&chan0, lba, 2);
    st = dma_cmd(&chan0, 0x25, true, &bm);
    g_assert_cmphex(st, ==, ST_DRDY | ST_DSC);
    qtest_memread(qts, BUF_ADDR, got, 1024);
    g_assert_cmpmem(got, 1024, buf, 1024);

    /* READ NATIVE MAX ADDRESS EXT: the last sector */
    qtest_outb(qts, chan0.cmd + 6, 0x40);
    command(&chan0, 0x27);
    qtest_outb(qts, chan0.ctrl, 0x80);          /* HOB */
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 3), ==,
                    ((sectors - 1) >> 24) & 0xff);
    qtest_outb(qts, chan0.ctrl, 0x00);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 3), ==,
                    (sectors - 1) & 0xff);
    /* LBA28 READ beyond 2^28 is impossible; beyond the end is refused */
    set_lba48(&chan0, sectors - 1, 2);
    g_assert_cmphex(command(&chan0, 0x24) & ST_ERR, ==, ST_ERR);
    stop();
    g_unlink(path);
    g_free(path);
}

static void test_reset_signature(void)
{
    start_std();
    select_dev(&chan0, 0, false);
    qtest_outb(qts, chan0.cmd + 4, 0x55);
    qtest_outb(qts, chan0.ctrl, 0x04);          /* SRST */
    g_assert_cmphex(qtest_inb(qts, chan0.ctrl) & ST_BSY, ==, ST_BSY);
    qtest_outb(qts, chan0.ctrl, 0x00);
    g_assert_cmphex(wait_ready(&chan0), ==, ST_DRDY | ST_DSC);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 1), ==, 0x01);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 2), ==, 0x01);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 3), ==, 0x01);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 4), ==, 0x00);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 5), ==, 0x00);

    /* ATAPI: DRDY is not set after reset, signature 14h/EBh */
    qtest_outb(qts, chan1.ctrl, 0x04);
    qtest_outb(qts, chan1.ctrl, 0x00);
    g_assert_cmphex(wait_ready(&chan1), ==, 0x00);
    g_assert_cmphex(qtest_inb(qts, chan1.cmd + 4), ==, 0x14);
    g_assert_cmphex(qtest_inb(qts, chan1.cmd + 5), ==, 0xeb);
    /* EXECUTE DEVICE DIAGNOSTIC */
    g_assert_cmphex(command(&chan0, 0x90) & ST_ERR, ==, 0);
    g_assert_cmphex(qtest_inb(qts, chan0.cmd + 1), ==, 0x01);
    stop();
}

/* ---- ATAPI ---- */

/* Send a packet; PIO data in chunks of at most limit bytes into buf.
 * Returns the final status; *len the bytes received. */
static int atapi_unit;

static uint8_t atapi_cmd(const Chan *c, const uint8_t *cdb, uint16_t limit,
                         bool dma, uint8_t *buf, size_t *len)
{
    uint8_t st;
    size_t got = 0;

    select_dev(c, atapi_unit, false);
    qtest_outb(qts, c->cmd + 1, dma ? 1 : 0);
    qtest_outb(qts, c->cmd + 4, limit & 0xff);
    qtest_outb(qts, c->cmd + 5, limit >> 8);
    st = command(c, 0xa0);
    g_assert_cmphex(st & ST_DRQ, ==, ST_DRQ);
    g_assert_cmphex(qtest_inb(qts, c->cmd + 2), ==, 0x01);    /* C/D */
    pio_write(c, cdb, 12);
    if (dma) {
        qtest_outb(qts, c->bm + 2, 0x06);
        qtest_outl(qts, c->bm + 4, PRD_ADDR);
        qtest_outb(qts, c->bm, 0x09);
    }
    for (;;) {
        uint16_t n;

        st = wait_ready(c);
        if (!(st & ST_DRQ)) {
            break;
        }
        g_assert_cmphex(qtest_inb(qts, c->cmd + 2), ==, 0x02);    /* I/O */
        n = qtest_inb(qts, c->cmd + 4) | (qtest_inb(qts, c->cmd + 5) << 8);
        g_assert_cmpuint(n, <=, limit);
        g_assert_cmpuint(n, >, 0);
        pio_read(c, buf + got, n);
        got += n;
    }
    if (dma) {
        qtest_outb(qts, c->bm, 0);
    }
    g_assert_cmphex(qtest_inb(qts, c->cmd + 2), ==, 0x03);
    *len = got;
    return qtest_inb(qts, c->cmd + 7);
}

static void request_sense(const Chan *c, uint8_t *key, uint8_t *asc)
{
    uint8_t cdb[12] = { 0x03, 0, 0, 0, 18 };
    uint8_t buf[64];
    size_t len;

    g_assert_cmphex(atapi_cmd(c, cdb, 18, false, buf, &len) & ST_ERR, ==, 0);
    g_assert_cmpuint(len, ==, 18);
    g_assert_cmphex(buf[0], ==, 0x70);
    *key = buf[2] & 0x0f;
    *asc = buf[12];
}

static void test_atapi(void)
{
    uint8_t buf[8192], want[8192], key, asc;
    size_t len;

    start_std();
    {
        uint8_t cdb[12] = { 0x12, 0, 0, 0, 36 };  /* INQUIRY */
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 0xfffe, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmpuint(len, ==, 36);
        g_assert_cmphex(buf[0], ==, 0x05);
        g_assert_cmphex(buf[1], ==, 0x80);
        g_assert_true(!memcmp(buf + 8, "QEMU    QEMU DVD-ROM    ", 24));
    }
    {
        uint8_t cdb[12] = { 0x00 };                 /* TEST UNIT READY */
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 0, false, buf, &len) &
                        ST_ERR, ==, 0);
    }
    {
        uint8_t cdb[12] = { 0x25 };                 /* READ CAPACITY */
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 8, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmpuint(len, ==, 8);
        g_assert_cmphex((buf[0] << 24) | (buf[1] << 16) | (buf[2] << 8) |
                        buf[3], ==, CD_SECTORS - 1);
        g_assert_cmphex((buf[4] << 24) | (buf[5] << 16) | (buf[6] << 8) |
                        buf[7], ==, 2048);
    }
    {
        /* READ(10) of sectors 16-18 by PIO, 2 KiB per DRQ */
        uint8_t cdb[12] = { 0x28, 0, 0, 0, 0, 16, 0, 0, 3 };
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 2048, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmpuint(len, ==, 3 * 2048);
        read_image(cd_path, 16 * 2048, want, 3 * 2048);
        g_assert_cmpmem(buf, len, want, len);
        g_assert_true(!memcmp(buf, "\x01" "CD001", 6));
    }
    {
        /* READ(12) with an odd byte limit: rounded down */
        uint8_t cdb[12] = { 0xa8, 0, 0, 0, 0, 100, 0, 0, 0, 2 };
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 999, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmpuint(len, ==, 2 * 2048);
        read_image(cd_path, 100 * 2048, want, 2 * 2048);
        g_assert_cmpmem(buf, len, want, len);
    }
    {
        /* READ(10) beyond the medium: ILLEGAL REQUEST, LBA out of range */
        uint8_t cdb[12] = { 0x28, 0, 0, 0, 0x01, 0xff, 0, 0, 2 };
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 2048, false, buf, &len) &
                        ST_ERR, ==, ST_ERR);
        g_assert_cmphex(qtest_inb(qts, chan1.cmd + 1) >> 4, ==, 5);
        request_sense(&chan1, &key, &asc);
        g_assert_cmphex(key, ==, 5);
        g_assert_cmphex(asc, ==, 0x21);
        request_sense(&chan1, &key, &asc);
        g_assert_cmphex(key, ==, 0);
    }
    {
        /* READ(10) by DMA */
        uint8_t cdb[12] = { 0x28, 0, 0, 0, 0, 7, 0, 0, 2 };
        enable_bmdma();
        write_prd(0, BUF_ADDR, 4096, true);
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 0, true, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmpuint(len, ==, 0);
        qtest_memread(qts, BUF_ADDR, buf, 4096);
        read_image(cd_path, 7 * 2048, want, 4096);
        g_assert_cmpmem(buf, 4096, want, 4096);
    }
    {
        /* READ TOC (format 0): track 1 and the lead-out */
        uint8_t cdb[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 100 };
        g_assert_cmphex(atapi_cmd(&chan1, cdb, 100, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmpuint(len, ==, 20);
        g_assert_cmphex(buf[6], ==, 1);
        g_assert_cmphex(buf[14], ==, 0xaa);
        g_assert_cmphex((buf[18] << 8) | buf[19], ==, CD_SECTORS);
    }
    {
        /* MODE SENSE(10) page 2Ah, GET CONFIGURATION, an unknown opcode */
        uint8_t ms[12] = { 0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 64 };
        uint8_t gc[12] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 64 };
        uint8_t bad[12] = { 0xff };
        g_assert_cmphex(atapi_cmd(&chan1, ms, 64, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmphex(buf[8], ==, 0x2a);
        g_assert_cmphex(atapi_cmd(&chan1, gc, 64, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmphex((buf[6] << 8) | buf[7], ==, 0x0008);   /* CD-ROM */
        g_assert_cmphex(atapi_cmd(&chan1, bad, 64, false, buf, &len) &
                        ST_ERR, ==, ST_ERR);
        request_sense(&chan1, &key, &asc);
        g_assert_cmphex(key, ==, 5);
        g_assert_cmphex(asc, ==, 0x20);
    }
    {
        /* PREVENT removal, then eject is refused */
        uint8_t lock[12] = { 0x1e, 0, 0, 0, 1 };
        uint8_t eject[12] = { 0x1b, 0, 0, 0, 2 };
        g_assert_cmphex(atapi_cmd(&chan1, lock, 0, false, buf, &len) &
                        ST_ERR, ==, 0);
        g_assert_cmphex(atapi_cmd(&chan1, eject, 0, false, buf, &len) &
                        ST_ERR, ==, ST_ERR);
        lock[4] = 0;
        g_assert_cmphex(atapi_cmd(&chan1, lock, 0, false, buf, &len) &
                        ST_ERR, ==, 0);
    }
    /* ATA writes to the CD are refused */
    select_dev(&chan1, 0, true);
    set_lba28(&chan1, 0, 1);
    g_assert_cmphex(command(&chan1, 0x30) & ST_ERR, ==, ST_ERR);
    stop();
}

static void test_atapi_no_medium(void)
{
    uint8_t buf[64], key, asc;
    uint8_t tur[12] = { 0x00 };
    uint8_t rd[12] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1 };
    uint8_t cap[12] = { 0x25 };
    size_t len;

    /* An empty drive as unit 1 (slave) of the secondary channel. */
    start("-device ide-cd,bus=ide.1,unit=1");
    atapi_unit = 1;
    g_assert_cmphex(atapi_cmd(&chan1, tur, 0, false, buf, &len) & ST_ERR, ==,
                    ST_ERR);
    request_sense(&chan1, &key, &asc);
    g_assert_cmphex(key, ==, 2);
    g_assert_cmphex(asc, ==, 0x3a);
    g_assert_cmphex(atapi_cmd(&chan1, rd, 2048, false, buf, &len) & ST_ERR,
                    ==, ST_ERR);
    g_assert_cmphex(atapi_cmd(&chan1, cap, 8, false, buf, &len) & ST_ERR,
                    ==, ST_ERR);
    g_assert_cmpuint(len, ==, 0);
    atapi_unit = 0;
    stop();
}

/*
 * Random register and DMA traffic on both channels (fixed seed): the
 * emulator must survive it, the image must keep its size, and both
 * devices must still answer IDENTIFY after a reset.
 */
static void test_random_io(void)
{
    GRand *r = g_rand_new_with_seed(0x1de);
    static const uint8_t cmds[] = {
        0x20, 0x24, 0x29, 0x30, 0x34, 0x39, 0xc4, 0xc5, 0xc6, 0xc8, 0x25,
        0xca, 0x35, 0x06, 0x40, 0x91, 0xa0, 0xa1, 0xec, 0xe7, 0xef, 0xf8,
        0x27, 0x08, 0x90, 0x10, 0x70, 0xe5, 0x00, 0xff,
    };
    uint16_t id[256];
    struct stat stbuf;

    start_std();
    enable_bmdma();
    for (int i = 0; i < 20000; i++) {
        const Chan *c = g_rand_boolean(r) ? &chan0 : &chan1;
        uint32_t v = g_rand_int(r);

        switch (g_rand_int_range(r, 0, 12)) {
        case 0: case 1: case 2:
            qtest_outb(qts, c->cmd + g_rand_int_range(r, 1, 7), v);
            break;
        case 3:
            qtest_outb(qts, c->cmd + 7, cmds[v % sizeof(cmds)]);
            break;
        case 4:
            qtest_outw(qts, c->cmd, v);
            break;
        case 5:
            qtest_inl(qts, c->cmd);
            break;
        case 6:
            qtest_inb(qts, c->cmd + g_rand_int_range(r, 0, 8));
            break;
        case 7:
            qtest_outb(qts, c->ctrl, v & 0x86);
            break;
        case 8:
            qtest_outb(qts, c->bm, v & 0x09);
            break;
        case 9:
            qtest_outl(qts, c->bm + 4, g_rand_boolean(r) ? PRD_ADDR : v);
            break;
        case 10:
            qtest_writel(qts, PRD_ADDR + (v % 64) * 4,
                         g_rand_boolean(r) ? g_rand_int(r)
                                           : BUF_ADDR | (v & 0x8000ffff));
            break;
        case 11:
            /* a packet: 12 random bytes after PACKET */
            qtest_outb(qts, c->cmd + 7, 0xa0);
            for (int j = 0; j < 6; j++) {
                qtest_outw(qts, c->cmd, j ? g_rand_int(r)
                                          : cmds[v % sizeof(cmds)] | 0x2800);
            }
            break;
        }
    }
    for (int ch = 0; ch < 2; ch++) {
        const Chan *c = ch ? &chan1 : &chan0;

        qtest_outb(qts, c->bm, 0);
        qtest_outb(qts, c->ctrl, 0x04);
        qtest_outb(qts, c->ctrl, 0x00);
        wait_ready(c);
    }
    identify(&chan0, 0, 0xec, id);
    g_assert_cmphex(id[0], ==, 0x0040);
    identify(&chan1, 0, 0xa1, id);
    g_assert_cmphex(id[0], ==, 0x85c0);
    stop();
    g_assert_cmpint(stat(hd_path, &stbuf), ==, 0);
    g_assert_cmpint(stbuf.st_size, ==, HD_SECTORS * 512ll);
    g_rand_free(r);
}

/* -cdrom is ide.1 master; -hdb is ide.0 slave. */
static void test_legacy_options(void)
{
    uint8_t cap[12] = { 0x25 };
    uint8_t buf[64];
    uint16_t id[256];
    size_t len;

    start("-cdrom %s -hdb %s", cd_path, hd_path);
    g_assert_cmphex(atapi_cmd(&chan1, cap, 8, false, buf, &len) & ST_ERR,
                    ==, 0);
    g_assert_cmphex(buf[2] << 8 | buf[3], ==, CD_SECTORS - 1);
    identify(&chan0, 1, 0xec, id);
    g_assert_cmpuint(id[60] | (id[61] << 16), ==, HD_SECTORS);
    stop();
}

/* Configuration errors are reported, with QEMU's messages. */
static void expect_error(const char *args, const char *msg)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    char *cmd = g_strdup_printf("%s -M pc -display none -nodefaults -S %s",
                                bin, args);
    char *err = NULL;
    int status;

    g_assert_true(g_spawn_command_line_sync(cmd, NULL, &err, &status,
                                            NULL));
    g_test_message("%s: %s", cmd, err);
    g_assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    g_assert_nonnull(strstr(err, msg));
    g_free(cmd);
    g_free(err);
}

static void test_config_errors(void)
{
    char *a;

    expect_error("-device ide-hd,bus=ide.0", "No drive specified");
    a = g_strdup_printf("-drive if=none,id=r,file=%s,format=raw,readonly=on "
                        "-device ide-hd,drive=r", hd_path);
    expect_error(a, "Block node is read-only");
    g_free(a);
    expect_error("-device ide-cd,bus=ide.0,unit=2",
                 "Can't create IDE unit 2, bus supports only 2 units");
    expect_error("-device ide-cd,bus=ide.0,unit=0 "
                 "-device ide-cd,bus=ide.0,unit=0", "IDE unit 0 is in use");
    expect_error("-device ide-hd,drive=nosuch",
                 "Property 'ide-hd.drive' can't find value 'nosuch'");
    a = g_strdup_printf("-device ide-hd,bus=ide.0,drive=x,cyls=0,heads=4,"
                        "secs=1 -drive if=none,id=x,format=raw,file=%s",
                        hd_path);
    expect_error(a, "cyls must be between 1 and 65535");
    g_free(a);
    a = g_strdup_printf("-device ide-hd,bus=ide.0,drive=x,cyls=10,heads=17,"
                        "secs=1 -drive if=none,id=x,format=raw,file=%s",
                        hd_path);
    expect_error(a, "heads must be between 1 and 16");
    g_free(a);
}

/* ---- SeaBIOS ---- */

/* An MBR that prints a line on COM1 and exits through isa-debug-exit. */
static const uint8_t boot_code[] = {
    0x31, 0xc0,             /* xor ax, ax */
    0x8e, 0xd8,             /* mov ds, ax */
    0xfc,                   /* cld */
    0xbe, 0x1c, 0x7c,       /* mov si, msg */
    0xac,                   /* 1: lodsb */
    0x84, 0xc0,             /* test al, al */
    0x74, 0x06,             /* jz 2f */
    0xba, 0xf8, 0x03,       /* mov dx, 0x3f8 */
    0xee,                   /* out dx, al */
    0xeb, 0xf5,             /* jmp 1b */
    0xba, 0x01, 0x05,       /* 2: mov dx, 0x501 */
    0xb0, 0x10,             /* mov al, 0x10 */
    0xee,                   /* out dx, al */
    0xf4,                   /* 3: hlt */
    0xeb, 0xfd,             /* jmp 3b */
    'I', 'D', 'E', ' ', 'b', 'o', 'o', 't', ' ', 'O', 'K', '\r', '\n', 0,
};

static void run_boot(const char *drive_args)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    char *img = NULL;
    int fd = g_file_open_tmp("ide-boot-XXXXXX", &img, NULL);
    uint8_t mbr[512] = { 0 };
    char *cmd, *out = NULL;
    int status = -1;

    memcpy(mbr, boot_code, sizeof(boot_code));
    mbr[510] = 0x55;
    mbr[511] = 0xaa;
    g_assert_cmpint(pwrite(fd, mbr, 512, 0), ==, 512);
    g_assert_cmpint(ftruncate(fd, 4 * 1024 * 1024), ==, 0);
    close(fd);
    cmd = g_strdup_printf("timeout 120 %s -M pc -display none -nodefaults "
                          "-serial stdio -device isa-debug-exit "
                          "%s%s", bin, drive_args, img);
    g_assert_true(g_spawn_command_line_sync(cmd, &out, NULL, &status, NULL));
    g_test_message("%s -> status %d, output: %s", cmd, status, out);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0x21);
    g_assert_nonnull(strstr(out, "IDE boot OK"));
    g_free(out);
    g_free(cmd);
    g_unlink(img);
    g_free(img);
}

static void test_seabios_boot_if_ide(void)
{
    run_boot("-drive if=ide,format=raw,file=");
}

static void test_seabios_boot_device(void)
{
    /* the same, with -device ide-hd (the disk is found by probing) */
    run_boot("-device ide-hd,drive=boot,bus=ide.0 "
             "-drive if=none,id=boot,format=raw,file=");
}

static void test_seabios_boot_hda(void)
{
    run_boot("-hda ");
}

int main(int argc, char **argv)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    int ret;

    g_test_init(&argc, &argv, NULL);
    if (!have_drive_option(bin)) {
        g_print("# SKIP: the emulator has no -drive option yet\n");
        return 77;
    }
    hd_path = make_image("ide-hd-XXXXXX", HD_SECTORS * 512ull, false);
    cd_path = make_image("ide-cd-XXXXXX", CD_SECTORS * 2048ull, true);
    g_test_add_func("/ide/identify", test_identify);
    g_test_add_func("/ide/identify-vs-qemu", test_identify_vs_qemu);
    g_test_add_func("/ide/pio-rw", test_pio_rw);
    g_test_add_func("/ide/out-of-range", test_out_of_range);
    g_test_add_func("/ide/dma-rw", test_dma_rw);
    g_test_add_func("/ide/dma-bad-prd", test_dma_bad_prd);
    g_test_add_func("/ide/lba48", test_lba48);
    g_test_add_func("/ide/reset-signature", test_reset_signature);
    g_test_add_func("/ide/atapi", test_atapi);
    g_test_add_func("/ide/atapi-no-medium", test_atapi_no_medium);
    g_test_add_func("/ide/random-io", test_random_io);
    g_test_add_func("/ide/legacy-options", test_legacy_options);
    g_test_add_func("/ide/config-errors", test_config_errors);
    g_test_add_func("/ide/seabios-boot-device", test_seabios_boot_device);
    g_test_add_func("/ide/seabios-boot-if-ide", test_seabios_boot_if_ide);
    g_test_add_func("/ide/seabios-boot-hda", test_seabios_boot_hda);
    ret = g_test_run();
    g_unlink(hd_path);
    g_unlink(cd_path);
    g_free(hd_path);
    g_free(cd_path);
    return ret;
}
