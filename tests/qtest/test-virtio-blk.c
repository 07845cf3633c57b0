/*
 * virtio-blk-pci through qtest: PCI identity and capabilities, a tiny
 * split-ring driver in the test (rings in guest RAM written with qtest
 * memory commands, kicks through the notify region, completion by
 * polling the used ring), over the modern and the legacy interface.
 * Covers read/write/flush/get-id, indirect descriptors, event index,
 * several queues, discard and write-zeroes, request errors (IOERR,
 * UNSUPP), malformed rings (addresses outside RAM, length overflow,
 * descriptor loops, bad indices, bad indirect tables) that must mark the
 * device broken without hurting the emulator, and the image contents on
 * the host afterwards (raw and qcow2, checked with Debian's qemu-img
 * when installed).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "libqtest.h"

#define DEVFN (4 << 3)
#define BAR4_ADDR 0xe0000000ull
#define BAR0_ADDR 0xc000
#define IMG_SIZE (16 * 1024 * 1024)

/* Guest memory layout of the test driver */
#define RING_DESC 0x200000ull
#define RING_AVAIL 0x201000ull
#define RING_USED 0x202000ull
#define LEGACY_RING 0x300000ull     /* PFN 0x300 */
#define BUF_HDR 0x400000ull
#define BUF_DATA 0x410000ull
#define BUF_STATUS 0x40f000ull
#define BUF_INDIRECT 0x480000ull
#define QSIZE 16

/* virtio constants (spec values) */
#define S_ACK 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 0x40
#define F_INDIRECT (1ull << 28)
#define F_EVENT_IDX (1ull << 29)
#define F_VERSION_1 (1ull << 32)
#define F_BLK_RO (1ull << 5)
#define F_BLK_FLUSH (1ull << 9)
#define F_BLK_MQ (1ull << 12)
#define F_BLK_DISCARD (1ull << 13)
#define F_BLK_WZ (1ull << 14)
#define D_NEXT 1
#define D_WRITE 2
#define D_INDIRECT 4
#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define T_GET_ID 8
#define T_DISCARD 11
#define T_WZ 13

static QTestState *qts;
static char *img_path;
static bool legacy_mode;
static uint64_t common, isr_off, devcfg, notify_base;
static uint32_t notify_mult;
static uint16_t avail_idx[4], used_seen[4];
static uint16_t qsize = QSIZE;

/* ---- PCI config space */

static uint32_t cfg_addr(int reg)
{
    return 0x80000000u | (DEVFN << 8) | (reg & 0xfc);
}
static uint32_t cfg_readl(int reg)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    return qtest_inl(qts, 0xcfc);
}
static uint8_t cfg_readb(int reg)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    return qtest_inb(qts, 0xcfc + (reg & 3));
}
static uint16_t cfg_readw(int reg)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    return qtest_inw(qts, 0xcfc + (reg & 2));
}
static void cfg_writel(int reg, uint32_t v)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    qtest_outl(qts, 0xcfc, v);
}
static void cfg_writew(int reg, uint16_t v)
{
    qtest_outl(qts, 0xcf8, cfg_addr(reg));
    qtest_outw(qts, 0xcfc + (reg & 2), v);
}

/* ---- image and emulator */

static void make_image(const char *fmt)
{
    int fd;
    char *cmd;

    img_path = g_strdup_printf("%s/virtio-blk-%d.img", g_get_tmp_dir(),
                               getpid());
    if (!strcmp(fmt, "raw")) {
        uint8_t *buf = g_malloc(IMG_SIZE);

        for (int i = 0; i < IMG_SIZE; i++) {
            buf[i] = (uint8_t)(i / 512 + i % 7);
        }
        fd = open(img_path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpint(write(fd, buf, IMG_SIZE), ==, IMG_SIZE);
        close(fd);
        g_free(buf);
        return;
    }
    cmd = g_strdup_printf("%s create -q -f qcow2 %s %d",
                          getenv("QTEST_QEMU_IMG"), img_path, IMG_SIZE);
    g_assert_cmpint(system(cmd), ==, 0);
    g_free(cmd);
}

static void start(const char *fmt, const char *extra)
{
    qts = qtest_initf("-m 128 -drive file=%s,format=%s,if=none,id=d0 "
                      "-device virtio-blk-pci,drive=d0,addr=04.0,"
                      "serial=VIRTIO-SERIAL-0123456789%s%s",
                      img_path, fmt, extra ? "," : "", extra ? extra : "");
}

static void stop(void)
{
    qtest_quit(qts);
    qts = NULL;
    g_unlink(img_path);
    g_free(img_path);
    img_path = NULL;
}

/* ---- modern transport */

static void find_caps(void)
{
    int pos = cfg_readb(0x34);
    int seen = 0;

    g_assert(cfg_readw(0x06) & 0x10);         /* capability list */
    while (pos) {
        if (cfg_readb(pos) == 0x09) {
            uint8_t type = cfg_readb(pos + 3);
            uint8_t bar = cfg_readb(pos + 4);
            uint32_t off = cfg_readl(pos + 8);

            if (type != 5) {
                g_assert_cmpint(bar, ==, 4);
            }
            switch (type) {
            case 1:
                common = BAR4_ADDR + off;
                break;
            case 2:
                notify_base = BAR4_ADDR + off;
                notify_mult = cfg_readl(pos + 16);
                break;
            case 3:
                isr_off = BAR4_ADDR + off;
                break;
            case 4:
                devcfg = BAR4_ADDR + off;
                break;
            }
            seen |= 1 << type;
        }
        pos = cfg_readb(pos + 1);
    }
    g_assert_cmphex(seen, ==, 0x3e);          /* types 1-5 */
}

static void pci_enable(void)
{
    cfg_writel(0x20, BAR4_ADDR);
    cfg_writel(0x24, 0);
    cfg_writel(0x10, BAR0_ADDR);
    cfg_writew(0x04, 0x7);                    /* I/O, memory, master */
}

static uint64_t dev_features(void)
{
    uint64_t f;

    if (legacy_mode) {
        return qtest_inl(qts, BAR0_ADDR + 0x00);
    }
    qtest_writel(qts, common + 0x00, 0);
    f = qtest_readl(qts, common + 0x04);
    qtest_writel(qts, common + 0x00, 1);
    return f | (uint64_t)qtest_readl(qts, common + 0x04) << 32;
}

static uint8_t get_status(void)
{
    return legacy_mode ? qtest_inb(qts, BAR0_ADDR + 0x12)
                       : qtest_readb(qts, common + 0x14);
}

static void set_status(uint8_t s)
{
    if (legacy_mode) {
        qtest_outb(qts, BAR0_ADDR + 0x12, s);
    } else {
        qtest_writeb(qts, common + 0x14, s);
    }
}

static uint8_t read_isr(void)
{
    return legacy_mode ? qtest_inb(qts, BAR0_ADDR + 0x13)
                       : qtest_readb(qts, isr_off);
}

static uint64_t ring_desc(int q)
{
    return (legacy_mode ? LEGACY_RING : RING_DESC) + q * 0x10000;
}
static uint64_t ring_avail(int q)
{
    return legacy_mode ? LEGACY_RING + q * 0x10000 + 16 * qsize
                       : RING_AVAIL + q * 0x10000;
}
static uint64_t ring_used(int q)
{
    return legacy_mode ? LEGACY_RING + q * 0x10000 + 0x2000
                       : RING_USED + q * 0x10000;
}

static void setup_queue(int q)
{
    uint8_t zero[0x3000] = { 0 };

    qtest_memwrite(qts, ring_desc(q), zero, sizeof(zero));
    avail_idx[q] = used_seen[q] = 0;
    if (legacy_mode) {
        qtest_outw(qts, BAR0_ADDR + 0x0e, q);
        qsize = qtest_inw(qts, BAR0_ADDR + 0x0c);
        g_assert_cmpint(qsize, ==, 256);
        qtest_outl(qts, BAR0_ADDR + 0x08, ring_desc(q) >> 12);
        return;
    }
    qtest_writew(qts, common + 0x16, q);
    g_assert_cmpint(qtest_readw(qts, common + 0x18), ==, 256);
    qtest_writew(qts, common + 0x18, QSIZE);
    g_assert_cmpint(qtest_readw(qts, common + 0x18), ==, QSIZE);
    g_assert_cmpint(qtest_readw(qts, common + 0x1e), ==, q);
    qtest_writel(qts, common + 0x20, ring_desc(q));
    qtest_writel(qts, common + 0x24, 0);
    qtest_writel(qts, common + 0x28, ring_avail(q));
    qtest_writel(qts, common + 0x2c, 0);
    qtest_writel(qts, common + 0x30, ring_used(q));
    qtest_writel(qts, common + 0x34, 0);
    qtest_writew(qts, common + 0x1c, 1);
    g_assert_cmpint(qtest_readw(qts, common + 0x1c), ==, 1);
}

/* Reset and bring the device up with the wanted features. */
static void driver_init(uint64_t want, int nqueues)
{
    uint64_t feat;

    set_status(0);
    g_assert_cmpint(get_status(), ==, 0);
    set_status(S_ACK | S_DRIVER);
    feat = dev_features();
    g_assert((feat & want) == want);
    if (legacy_mode) {
        qsize = 256;
        qtest_outl(qts, BAR0_ADDR + 0x04, (uint32_t)want);
    } else {
        qsize = QSIZE;
        want |= F_VERSION_1;
        qtest_writel(qts, common + 0x08, 0);
        qtest_writel(qts, common + 0x0c, (uint32_t)want);
        qtest_writel(qts, common + 0x08, 1);
        qtest_writel(qts, common + 0x0c, want >> 32);
        set_status(S_ACK | S_DRIVER | S_FEATURES_OK);
        g_assert_cmpint(get_status() & S_FEATURES_OK, ==, S_FEATURES_OK);
    }
    for (int q = 0; q < nqueues; q++) {
        setup_queue(q);
    }
    set_status(S_ACK | S_DRIVER | S_FEATURES_OK * !legacy_mode |
               S_DRIVER_OK);
}

static void kick(int q)
{
    if (legacy_mode) {
        qtest_outw(qts, BAR0_ADDR + 0x10, q);
    } else {
        qtest_writew(qts, notify_base + q * notify_mult, q);
    }
}

static void put_desc(uint64_t table, int i, uint64_t addr, uint32_t len,
                     uint16_t flags, uint16_t next)
{
    uint8_t d[16];

    for (int b = 0; b < 8; b++) {
        d[b] = addr >> (8 * b);
    }
    for (int b = 0; b < 4; b++) {
        d[8 + b] = len >> (8 * b);
    }
    d[12] = flags;
    d[13] = flags >> 8;
    d[14] = next;
    d[15] = next >> 8;
    qtest_memwrite(qts, table + 16 * i, d, sizeof(d));
}

/* Publish head in the avail ring and kick. */
static void submit(int q, uint16_t head)
{
    qtest_writew(qts, ring_avail(q) + 4 + 2 * (avail_idx[q] % qsize), head);
    avail_idx[q]++;
    qtest_writew(qts, ring_avail(q) + 2, avail_idx[q]);
    kick(q);
}

/* Wait for the next used entry; false on timeout. */
static bool wait_used_ms(int q, uint32_t *id, uint32_t *len, int ms)
{
    for (int i = 0; i < ms; i++) {
        if (qtest_readw(qts, ring_used(q) + 2) != used_seen[q]) {
            uint64_t e = ring_used(q) + 4 + 8 * (used_seen[q] % qsize);

            *id = qtest_readl(qts, e);
            *len = qtest_readl(qts, e + 4);
            used_seen[q]++;
            return true;
        }
        g_usleep(1000);
    }
    return false;
}

static bool wait_used(int q, uint32_t *id, uint32_t *len)
{
    return wait_used_ms(q, id, len, 10000);
}

static void write_hdr(uint32_t type, uint64_t sector)
{
    qtest_writel(qts, BUF_HDR, type);
    qtest_writel(qts, BUF_HDR + 4, 0);
    qtest_writeq(qts, BUF_HDR + 8, sector);
}

/*
 * One request: header, out_len bytes at BUF_DATA (device reads) or
 * in_len bytes (device writes), status byte; through an indirect table
 * if indirect.  Returns the status byte (0xee if it was not written).
 */
static int do_req_q(int q, uint32_t type, uint64_t sector, uint32_t out_len,
                    uint32_t in_len, bool indirect)
{
    uint64_t table = indirect ? BUF_INDIRECT : ring_desc(q);
    uint32_t id, len;
    int n = 0;

    write_hdr(type, sector);
    qtest_writeb(qts, BUF_STATUS, 0xee);
    put_desc(table, n, BUF_HDR, 16, D_NEXT, n + 1);
    n++;
    if (out_len) {
        put_desc(table, n, BUF_DATA, out_len, D_NEXT, n + 1);
        n++;
    }
    if (in_len) {
        put_desc(table, n, BUF_DATA, in_len, D_NEXT | D_WRITE, n + 1);
        n++;
    }
    put_desc(table, n, BUF_STATUS, 1, D_WRITE, 0);
    n++;
    if (indirect) {
        put_desc(ring_desc(q), 0, BUF_INDIRECT, 16 * n, D_INDIRECT, 0);
    }
    submit(q, 0);
    g_assert(wait_used(q, &id, &len));
    g_assert_cmpint(id, ==, 0);
    g_assert_cmpint(len, ==, in_len + 1);
    return qtest_readb(qts, BUF_STATUS);
}

static int do_req(uint32_t type, uint64_t sector, uint32_t out_len,
                  uint32_t in_len)
{
    return do_req_q(0, type, sector, out_len, in_len, false);
}

static void fill(uint8_t *buf, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = seed ^ (uint8_t)(i * 31 + (i >> 9));
    }
}

/* ---- tests */

static void test_identity(void)
{
    make_image("raw");
    start("raw", NULL);
    g_assert_cmphex(cfg_readl(0x00), ==, 0x10011af4);
    g_assert_cmphex(cfg_readl(0x08) >> 8, ==, 0x010000);
    g_assert_cmphex(cfg_readb(0x08), ==, 0);           /* revision */
    g_assert_cmphex(cfg_readl(0x2c), ==, 0x00021af4);  /* subsystem */
    g_assert_cmphex(cfg_readb(0x3d), ==, 1);           /* INTA */
    /* BAR sizes: I/O 128 bytes, 64-bit prefetchable 16 KiB */
    cfg_writel(0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(0x10), ==, 0xffffff81);
    cfg_writel(0x20, 0xffffffff);
    g_assert_cmphex(cfg_readl(0x20), ==, 0xffffc00c);
    pci_enable();
    find_caps();
    g_assert_cmpint(notify_mult, ==, 4);
    /* config space: capacity, seg_max, blk_size, limits */
    g_assert_cmpint(qtest_readl(qts, devcfg + 0), ==, IMG_SIZE / 512);
    g_assert_cmpint(qtest_readl(qts, devcfg + 4), ==, 0);
    g_assert_cmpint(qtest_readl(qts, devcfg + 0x0c), ==, 254);
    g_assert_cmpint(qtest_readl(qts, devcfg + 0x14), ==, 512);
    g_assert_cmpint(qtest_readw(qts, devcfg + 0x22), ==, 1);
    g_assert_cmpint(qtest_readl(qts, devcfg + 0x24), ==, 0x3fffff);
    g_assert_cmpint(qtest_readl(qts, devcfg + 0x28), ==, 1);
    g_assert_cmpint(qtest_readl(qts, devcfg + 0x34), ==, 1);
    /* Past the end of the config space reads all-ones. */
    g_assert_cmphex(qtest_readl(qts, devcfg + 0x3c), ==, 0xffffffff);
    g_assert(dev_features() & F_VERSION_1);
    g_assert(dev_features() & F_INDIRECT);
    g_assert(!(dev_features() & F_BLK_RO));
    /* The device refuses features it did not offer. */
    set_status(S_ACK | S_DRIVER);
    qtest_writel(qts, common + 0x08, 1);
    qtest_writel(qts, common + 0x0c, 1u << 31 | 1);
    set_status(S_ACK | S_DRIVER | S_FEATURES_OK);
    g_assert_cmpint(get_status() & S_FEATURES_OK, ==, 0);
    stop();
}

static void rw_suite(bool indirect)
{
    uint8_t out[8192], in[8192];
    char id[21] = { 0 };

    fill(out, sizeof(out), 0x5a);
    qtest_memwrite(qts, BUF_DATA, out, sizeof(out));
    g_assert_cmpint(do_req_q(0, T_OUT, 100, sizeof(out), 0, indirect), ==,
                    0);
    qtest_memwrite(qts, BUF_DATA, (uint8_t[8192]){ 0 }, sizeof(in));
    g_assert_cmpint(do_req_q(0, T_IN, 100, 0, sizeof(in), indirect), ==, 0);
    qtest_memread(qts, BUF_DATA, in, sizeof(in));
    g_assert(memcmp(in, out, sizeof(in)) == 0);
    g_assert_cmpint(do_req_q(0, T_FLUSH, 0, 0, 0, indirect), ==, 0);
    g_assert_cmpint(do_req_q(0, T_GET_ID, 0, 0, 20, indirect), ==, 0);
    qtest_memread(qts, BUF_DATA, id, 20);
    g_assert_cmpstr(id, ==, "VIRTIO-SERIAL-012345");
}

static void test_rw_modern(void)
{
    uint8_t isr;

    make_image("raw");
    start("raw", NULL);
    pci_enable();
    find_caps();
    driver_init(F_INDIRECT | F_BLK_FLUSH, 1);
    rw_suite(false);
    /* The interrupt: ISR bit 0, PCI status INTERRUPT; reading clears. */
    g_assert(cfg_readw(0x06) & 0x08);
    isr = read_isr();
    g_assert_cmpint(isr, ==, 1);
    g_assert_cmpint(read_isr(), ==, 0);
    g_assert(!(cfg_readw(0x06) & 0x08));
    rw_suite(true);
    /* An image read before any write has the host pattern. */
    g_assert_cmpint(do_req(T_IN, 7, 0, 512), ==, 0);
    for (int i = 0; i < 512; i += 97) {
        int off = 7 * 512 + i;
        g_assert_cmpint(qtest_readb(qts, BUF_DATA + i), ==,
                        (uint8_t)(off / 512 + off % 7));
    }
    stop();
}

static void test_rw_legacy(void)
{
    make_image("raw");
    start("raw", "disable-modern=on");
    legacy_mode = true;
    pci_enable();
    g_assert_cmphex(cfg_readl(0x00), ==, 0x10011af4);
    g_assert_cmpint(cfg_readb(0x34) == 0 || !(cfg_readw(0x06) & 0x10), ==,
                    1);
    g_assert(!(dev_features() & 0x80000000u));
    g_assert(dev_features() & (1u << 30));           /* BAD_FEATURE */
    /* legacy config space at 0x14: capacity */
    g_assert_cmpint(qtest_inl(qts, BAR0_ADDR + 0x14), ==, IMG_SIZE / 512);
    driver_init(F_INDIRECT | F_BLK_FLUSH, 1);
    rw_suite(false);
    rw_suite(true);
    g_assert_cmpint(read_isr(), ==, 1);
    legacy_mode = false;
    stop();
}

static void test_modern_only(void)
{
    make_image("raw");
    start("raw", "disable-legacy=on");
    g_assert_cmphex(cfg_readl(0x00), ==, 0x10421af4);
    g_assert_cmphex(cfg_readb(0x08), ==, 1);
    /* no I/O BAR */
    cfg_writel(0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(0x10), ==, 0);
    stop();
}

static void test_errors(void)
{
    uint8_t zeros[4096] = { 0 }, buf[4096];

    make_image("raw");
    start("raw", NULL);
    pci_enable();
    find_caps();
    driver_init(F_BLK_FLUSH | F_BLK_DISCARD | F_BLK_WZ, 1);
    /* out of range, straddling the end, misaligned length: IOERR */
    g_assert_cmpint(do_req(T_IN, IMG_SIZE / 512, 0, 512), ==, 1);
    g_assert_cmpint(do_req(T_IN, IMG_SIZE / 512 - 1, 0, 1024), ==, 1);
    g_assert_cmpint(do_req(T_IN, ~0ull, 0, 512), ==, 1);
    g_assert_cmpint(do_req(T_OUT, 1ull << 60, 512, 0), ==, 1);
    g_assert_cmpint(do_req(T_IN, 0, 0, 100), ==, 1);
    g_assert_cmpint(do_req(T_OUT, 0, 513, 0), ==, 1);
    /* unknown types, SCSI passthrough: UNSUPP */
    g_assert_cmpint(do_req(2, 0, 0, 16), ==, 2);
    g_assert_cmpint(do_req(0x77, 0, 0, 16), ==, 2);
    /* write-zeroes: a segment {sector, num, flags} */
    qtest_memwrite(qts, BUF_DATA, (uint8_t[512]){ [0 ... 511] = 0xab }, 512);
    g_assert_cmpint(do_req(T_OUT, 40, 512, 0), ==, 0);
    qtest_writeq(qts, BUF_DATA, 40);
    qtest_writel(qts, BUF_DATA + 8, 8);
    qtest_writel(qts, BUF_DATA + 12, 1);
    g_assert_cmpint(do_req(T_WZ, 0, 16, 0), ==, 0);
    g_assert_cmpint(do_req(T_IN, 40, 0, 4096), ==, 0);
    qtest_memread(qts, BUF_DATA, buf, sizeof(buf));
    g_assert(memcmp(buf, zeros, sizeof(buf)) == 0);
    /* bad flags: UNSUPP; beyond the disk or the limit: IOERR */
    qtest_writeq(qts, BUF_DATA, 40);
    qtest_writel(qts, BUF_DATA + 8, 8);
    qtest_writel(qts, BUF_DATA + 12, 2);
    g_assert_cmpint(do_req(T_WZ, 0, 16, 0), ==, 2);
    qtest_writel(qts, BUF_DATA + 12, 1);
    g_assert_cmpint(do_req(T_DISCARD, 0, 16, 0), ==, 2);
    qtest_writeq(qts, BUF_DATA, IMG_SIZE / 512 - 4);
    qtest_writel(qts, BUF_DATA + 12, 0);
    g_assert_cmpint(do_req(T_DISCARD, 0, 16, 0), ==, 1);
    qtest_writeq(qts, BUF_DATA, 0);
    qtest_writel(qts, BUF_DATA + 8, 0x400000);
    g_assert_cmpint(do_req(T_WZ, 0, 16, 0), ==, 1);
    qtest_writel(qts, BUF_DATA + 8, 16);
    g_assert_cmpint(do_req(T_DISCARD, 0, 16, 0), ==, 0);
    /* two segments where one is the limit: UNSUPP */
    g_assert_cmpint(do_req(T_DISCARD, 0, 32, 0), ==, 2);
    /* the device still works */
    g_assert_cmpint(do_req(T_FLUSH, 0, 0, 0), ==, 0);
    g_assert_cmpint(get_status() & S_NEEDS_RESET, ==, 0);
    stop();
}

/*
 * A malformed ring: the request is not completed, the device reports
 * NEEDS_RESET, the emulator survives and a reset brings it back.
 */
static void expect_broken(void)
{
    uint32_t id, len;

    g_assert(!wait_used_ms(0, &id, &len, 20));
    g_assert_cmphex(get_status() & S_NEEDS_RESET, ==, S_NEEDS_RESET);
    g_assert_cmpint(read_isr() & 2, ==, 2);
    /* Alive and usable after a reset. */
    driver_init(F_INDIRECT, 1);
    g_assert_cmpint(do_req(T_IN, 0, 0, 512), ==, 0);
}

static void test_malformed(void)
{
    make_image("raw");
    start("raw", NULL);
    pci_enable();
    find_caps();
    driver_init(F_INDIRECT, 1);

    /* buffer outside guest RAM */
    write_hdr(T_IN, 0);
    put_desc(RING_DESC, 0, BUF_HDR, 16, D_NEXT, 1);
    put_desc(RING_DESC, 1, 0x1000000000ull, 512, D_NEXT | D_WRITE, 2);
    put_desc(RING_DESC, 2, BUF_STATUS, 1, D_WRITE, 0);
    submit(0, 0);
    expect_broken();

    /* address + length overflows */
    put_desc(RING_DESC, 0, BUF_HDR, 16, D_NEXT, 1);
    put_desc(RING_DESC, 1, 0xfffffffffffff000ull, 0x2000, D_NEXT | D_WRITE,
             2);
    put_desc(RING_DESC, 2, BUF_STATUS, 1, D_WRITE, 0);
    submit(0, 0);
    expect_broken();

    /* huge length in RAM's direction (4 GiB - 1 from low memory) */
    put_desc(RING_DESC, 0, BUF_HDR, 16, D_NEXT, 1);
    put_desc(RING_DESC, 1, BUF_DATA, 0xffffffff, D_NEXT | D_WRITE, 2);
    put_desc(RING_DESC, 2, BUF_STATUS, 1, D_WRITE, 0);
    submit(0, 0);
    expect_broken();

    /* a loop in the chain */
    put_desc(RING_DESC, 0, BUF_HDR, 16, D_NEXT, 1);
    put_desc(RING_DESC, 1, BUF_DATA, 512, D_NEXT, 0);
    submit(0, 0);
    expect_broken();

    /* next index past the queue */
    put_desc(RING_DESC, 0, BUF_HDR, 16, D_NEXT, QSIZE);
    submit(0, 0);
    expect_broken();

    /* head index past the queue */
    submit(0, QSIZE + 3);
    expect_broken();

    /* avail index jumping by more than the queue size */
    qtest_writew(qts, RING_AVAIL + 2, avail_idx[0] + QSIZE + 1);
    kick(0);
    expect_broken();

    /* indirect table of a size that is not a multiple of 16 */
    put_desc(RING_DESC, 0, BUF_INDIRECT, 24, D_INDIRECT, 0);
    submit(0, 0);
    expect_broken();

    /* nested indirect table */
    put_desc(BUF_INDIRECT, 0, BUF_INDIRECT + 0x100, 32, D_INDIRECT, 0);
    put_desc(RING_DESC, 0, BUF_INDIRECT, 32, D_INDIRECT, 0);
    submit(0, 0);
    expect_broken();

    /* a loop inside an indirect table */
    put_desc(BUF_INDIRECT, 0, BUF_HDR, 16, D_NEXT, 1);
    put_desc(BUF_INDIRECT, 1, BUF_DATA, 16, D_NEXT, 0);
    put_desc(RING_DESC, 0, BUF_INDIRECT, 32, D_INDIRECT, 0);
    submit(0, 0);
    expect_broken();

    /* indirect table outside RAM */
    put_desc(RING_DESC, 0, 0xfffffffffff0ull, 64, D_INDIRECT, 0);
    submit(0, 0);
    expect_broken();

    /* readable after writable */
    put_desc(RING_DESC, 0, BUF_HDR, 16, D_NEXT | D_WRITE, 1);
    put_desc(RING_DESC, 1, BUF_DATA, 16, 0, 0);
    submit(0, 0);
    expect_broken();

    /* missing header / status: a 4-byte header and no writable byte */
    put_desc(RING_DESC, 0, BUF_HDR, 4, 0, 0);
    submit(0, 0);
    expect_broken();

    /* rings outside guest memory */
    set_status(0);
    set_status(S_ACK | S_DRIVER);
    qtest_writel(qts, common + 0x08, 1);
    qtest_writel(qts, common + 0x0c, 1);
    set_status(S_ACK | S_DRIVER | S_FEATURES_OK);
    qtest_writew(qts, common + 0x16, 0);
    qtest_writel(qts, common + 0x20, 0);
    qtest_writel(qts, common + 0x24, 0x100);
    qtest_writel(qts, common + 0x28, 0xfffff000);
    qtest_writel(qts, common + 0x2c, 0xffffffff);
    qtest_writel(qts, common + 0x30, 0);
    qtest_writel(qts, common + 0x34, 0x200);
    qtest_writew(qts, common + 0x1c, 1);
    set_status(S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    kick(0);
    g_assert_cmphex(get_status() & S_NEEDS_RESET, ==, S_NEEDS_RESET);
    driver_init(0, 1);
    g_assert_cmpint(do_req(T_IN, 0, 0, 512), ==, 0);

    /* Bus mastering off: the device cannot reach the rings. */
    cfg_writew(0x04, 0x3);
    write_hdr(T_IN, 0);
    put_desc(RING_DESC, 0, BUF_HDR, 16, D_NEXT, 1);
    put_desc(RING_DESC, 1, BUF_STATUS, 1, D_WRITE, 0);
    submit(0, 0);
    cfg_writew(0x04, 0x7);
    expect_broken();
    stop();
}

static void test_event_idx(void)
{
    uint32_t id, len;

    make_image("raw");
    start("raw", NULL);
    pci_enable();
    find_caps();
    driver_init(F_EVENT_IDX, 1);
    /* used_event = 5: after the first completion (always signalled),
     * no interrupt until the used index passes 5 */
    qtest_writew(qts, RING_AVAIL + 4 + 2 * QSIZE, 5);
    read_isr();
    for (int i = 0; i < 3; i++) {
        g_assert_cmpint(do_req(T_IN, i, 0, 512), ==, 0);
        g_assert_cmpint(read_isr(), ==, i == 0);
    }
    /* avail_event follows our avail index (kick wanted for the next) */
    g_assert_cmpint(qtest_readw(qts, RING_USED + 4 + 8 * QSIZE), ==, 3);
    qtest_writew(qts, RING_AVAIL + 4 + 2 * QSIZE, 3);
    g_assert_cmpint(do_req(T_IN, 0, 0, 512), ==, 0);
    g_assert_cmpint(read_isr(), ==, 1);
    /* several requests in one kick, all completed */
    for (int i = 0; i < 4; i++) {
        put_desc(RING_DESC, 3 * i, BUF_HDR, 16, D_NEXT, 3 * i + 1);
        put_desc(RING_DESC, 3 * i + 1, BUF_DATA + 512 * i, 512,
                 D_NEXT | D_WRITE, 3 * i + 2);
        put_desc(RING_DESC, 3 * i + 2, BUF_STATUS + 1 + i, 1, D_WRITE, 0);
        qtest_writew(qts, RING_AVAIL + 4 + 2 * ((avail_idx[0] + i) % QSIZE),
                     3 * i);
    }
    write_hdr(T_IN, 1);
    avail_idx[0] += 4;
    qtest_writew(qts, RING_AVAIL + 2, avail_idx[0]);
    kick(0);
    for (int i = 0; i < 4; i++) {
        g_assert(wait_used(0, &id, &len));
        g_assert_cmpint(len, ==, 513);
    }
    for (int i = 0; i < 4; i++) {
        g_assert_cmpint(qtest_readb(qts, BUF_STATUS + 1 + i), ==, 0);
    }
    stop();
}

static void test_multiqueue(void)
{
    make_image("raw");
    start("raw", "num-queues=4");
    pci_enable();
    find_caps();
    g_assert(dev_features() & F_BLK_MQ);
    g_assert_cmpint(qtest_readw(qts, devcfg + 0x22), ==, 4);
    g_assert_cmpint(qtest_readw(qts, common + 0x12), ==, 4);
    driver_init(F_BLK_MQ, 4);
    for (int q = 0; q < 4; q++) {
        qtest_writel(qts, BUF_DATA, 0x1000 + q);
        g_assert_cmpint(do_req_q(q, T_OUT, q, 512, 0, false), ==, 0);
    }
    for (int q = 0; q < 4; q++) {
        g_assert_cmpint(do_req_q(3 - q, T_IN, q, 0, 512, false), ==, 0);
        g_assert_cmphex(qtest_readl(qts, BUF_DATA), ==, 0x1000 + q);
    }
    stop();
}

/* Write through the device, quit, check the image on the host. */
static void test_image_raw(void)
{
    uint8_t out[65536], back[65536];
    int fd;
    char *path;

    make_image("raw");
    path = g_strdup(img_path);
    start("raw", NULL);
    pci_enable();
    find_caps();
    driver_init(F_BLK_FLUSH, 1);
    fill(out, sizeof(out), 0x33);
    qtest_memwrite(qts, BUF_DATA, out, sizeof(out));
    g_assert_cmpint(do_req(T_OUT, 2048, sizeof(out), 0), ==, 0);
    g_assert_cmpint(do_req(T_FLUSH, 0, 0, 0), ==, 0);
    qtest_quit(qts);
    qts = NULL;
    fd = open(path, O_RDONLY);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(pread(fd, back, sizeof(back), 2048 * 512), ==,
                    sizeof(back));
    close(fd);
    g_assert(memcmp(out, back, sizeof(out)) == 0);
    img_path = path;
    stop();
}

static void test_image_qcow2(void)
{
    uint8_t out[65536], back[65536];
    const char *oracle = "/usr/bin/qemu-img";
    char *path, *raw, *cmd;
    int fd;

    if (!getenv("QTEST_QEMU_IMG") ||
        !g_file_test(getenv("QTEST_QEMU_IMG"), G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("no qemu-img built");
        return;
    }
    make_image("qcow2");
    path = g_strdup(img_path);
    start("qcow2", NULL);
    pci_enable();
    find_caps();
    driver_init(F_BLK_FLUSH | F_INDIRECT, 1);
    for (int i = 0; i < 8; i++) {
        fill(out, sizeof(out), 0x40 + i);
        qtest_memwrite(qts, BUF_DATA, out, sizeof(out));
        g_assert_cmpint(do_req_q(0, T_OUT, 4096 + i * 300, sizeof(out), 0,
                                 i & 1), ==, 0);
    }
    g_assert_cmpint(do_req(T_FLUSH, 0, 0, 0), ==, 0);
    qtest_quit(qts);
    qts = NULL;

    if (g_file_test(oracle, G_FILE_TEST_IS_EXECUTABLE)) {
        cmd = g_strdup_printf("%s check -q %s", oracle, path);
        g_assert_cmpint(system(cmd), ==, 0);
        g_free(cmd);
    }
    raw = g_strdup_printf("%s.raw", path);
    cmd = g_strdup_printf("%s convert -O raw %s %s",
                          g_file_test(oracle, G_FILE_TEST_IS_EXECUTABLE) ?
                          oracle : getenv("QTEST_QEMU_IMG"), path, raw);
    g_assert_cmpint(system(cmd), ==, 0);
    g_free(cmd);
    fd = open(raw, O_RDONLY);
    g_assert_cmpint(fd, >=, 0);
    for (int i = 0; i < 8; i++) {
        fill(out, sizeof(out), 0x40 + i);
        g_assert_cmpint(pread(fd, back, sizeof(back),
                              (4096 + i * 300) * 512ll), ==, sizeof(back));
        g_assert(memcmp(out, back, sizeof(out)) == 0);
    }
    close(fd);
    g_unlink(raw);
    g_free(raw);
    img_path = path;
    stop();
}

/* -drive comes with the block layer's command-line glue. */
static bool have_drive_option(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");
    char *argv[] = { (char *)bin, (char *)"-help", NULL };
    char *out = NULL;
    bool ok;

    if (!bin || !g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                              NULL, NULL, &out, NULL, NULL, NULL)) {
        return true;            /* let qtest_init report it */
    }
    ok = out && strstr(out, "-drive");
    g_free(out);
    return ok;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!have_drive_option()) {
        g_print("# SKIP: the emulator has no -drive option yet\n");
        return 77;
    }
    g_test_add_func("/virtio-blk/identity", test_identity);
    g_test_add_func("/virtio-blk/rw-modern", test_rw_modern);
    g_test_add_func("/virtio-blk/rw-legacy", test_rw_legacy);
    g_test_add_func("/virtio-blk/modern-only", test_modern_only);
    g_test_add_func("/virtio-blk/errors", test_errors);
    g_test_add_func("/virtio-blk/malformed", test_malformed);
    g_test_add_func("/virtio-blk/event-idx", test_event_idx);
    g_test_add_func("/virtio-blk/multiqueue", test_multiqueue);
    g_test_add_func("/virtio-blk/image-raw", test_image_raw);
    g_test_add_func("/virtio-blk/image-qcow2", test_image_qcow2);
    return g_test_run();
}
