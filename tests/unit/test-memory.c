/*
 * Memory API: flattening, priorities, aliases, access splitting, listeners
 * and the address-space access helpers.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "exec/memory.h"

/* A device that logs every callback so tests can check the exact calls. */
typedef struct TestDev {
    GString *log;
    uint8_t regs[64];
} TestDev;

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    g_string_append_printf(d->log, "r%u@%" PRIx64 ";", size, addr);
    for (unsigned i = 0; i < size && addr + i < sizeof(d->regs); i++) {
        v |= (uint64_t)d->regs[addr + i] << (8 * i);
    }
    return v;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    TestDev *d = opaque;

    g_string_append_printf(d->log, "w%u@%" PRIx64 "=%" PRIx64 ";", size, addr,
                           val);
    for (unsigned i = 0; i < size && addr + i < sizeof(d->regs); i++) {
        d->regs[addr + i] = val >> (8 * i);
    }
}

static const MemoryRegionOps byte_ops = {
    .read = dev_read,
    .write = dev_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static const MemoryRegionOps dword_ops = {
    .read = dev_read,
    .write = dev_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps word_only_ops = {
    .read = dev_read,
    .write = dev_write,
    .valid = { .min_access_size = 2, .max_access_size = 2 },
    .impl = { .min_access_size = 2, .max_access_size = 2 },
};

typedef struct Fixture {
    MemoryRegion root;
    AddressSpace as;
    TestDev dev;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    memory_region_init(&f->root, NULL, "root", UINT64_MAX);
    address_space_init(&f->as, &f->root, "test");
    f->dev.log = g_string_new("");
    memset(f->dev.regs, 0, sizeof(f->dev.regs));
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    address_space_destroy(&f->as);
    g_string_free(f->dev.log, TRUE);
}

static void test_ram_and_mmio(Fixture *f, gconstpointer data)
{
    MemoryRegion *ram = g_new0(MemoryRegion, 1);
    MemoryRegion *io = g_new0(MemoryRegion, 1);
    uint8_t buf[8];
    MemTxResult r;

    g_assert_true(memory_region_init_ram(ram, NULL, "ram", 0x1000,
                                         &error_abort));
    memory_region_init_io(io, NULL, &byte_ops, &f->dev, "dev", 0x40);
    memory_region_add_subregion(&f->root, 0, ram);
    memory_region_add_subregion(&f->root, 0x1000, io);

    memcpy(f->dev.regs, "\x11\x22\x33\x44", 4);
    memcpy(memory_region_get_ram_ptr(ram) + 0xffc, "\xaa\xbb\xcc\xdd", 4);
    /* 8 bytes straddling RAM and the device. */
    r = address_space_read(&f->as, 0xffc, MEMTXATTRS_UNSPECIFIED, buf, 8);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmpmem(buf, 8, "\xaa\xbb\xcc\xdd\x11\x22\x33\x44", 8);
    /* The device implements bytes only: one 4-byte access becomes four. */
    g_assert_cmpstr(f->dev.log->str, ==, "r1@0;r1@1;r1@2;r1@3;");

    g_string_truncate(f->dev.log, 0);
    address_space_stl_le(&f->as, 0x1004, 0xdeadbeef, MEMTXATTRS_UNSPECIFIED,
                         &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmpstr(f->dev.log->str, ==,
                    "w1@4=ef;w1@5=be;w1@6=ad;w1@7=de;");
    g_assert_cmphex(address_space_ldl_le(&f->as, 0x1004,
                                         MEMTXATTRS_UNSPECIFIED, NULL),
                    ==, 0xdeadbeef);

    memory_region_del_subregion(&f->root, io);
    memory_region_del_subregion(&f->root, ram);
}

static void test_widen_and_split(Fixture *f, gconstpointer data)
{
    MemoryRegion *io = g_new0(MemoryRegion, 1);
    MemoryRegion *wo = g_new0(MemoryRegion, 1);
    uint64_t v;

    memory_region_init_io(io, NULL, &dword_ops, &f->dev, "dword", 0x20);
    memory_region_init_io(wo, NULL, &word_only_ops, &f->dev, "word", 0x20);
    memory_region_add_subregion(&f->root, 0x0, io);
    memory_region_add_subregion(&f->root, 0x100, wo);

    /* A 1-byte read from a dword-only device is widened. */
    memcpy(f->dev.regs, "\x01\x02\x03\x04", 4);
    g_assert_cmpuint(memory_region_dispatch_read(io, 0, &v, 1,
                                                 MEMTXATTRS_UNSPECIFIED),
                     ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x01);
    g_assert_cmpstr(f->dev.log->str, ==, "r4@0;");

    /* A byte access to a word-only device is refused: all-ones, error. */
    g_string_truncate(f->dev.log, 0);
    g_assert_cmpuint(memory_region_dispatch_read(wo, 0, &v, 1,
                                                 MEMTXATTRS_UNSPECIFIED),
                     ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(v, ==, 0xff);
    g_assert_cmpstr(f->dev.log->str, ==, "");

    /* Through the address space a dword becomes two valid words. */
    address_space_stl_le(&f->as, 0x100, 0x11223344, MEMTXATTRS_UNSPECIFIED,
                         NULL);
    g_assert_cmpstr(f->dev.log->str, ==, "w2@0=3344;w2@2=1122;");

    memory_region_del_subregion(&f->root, io);
    memory_region_del_subregion(&f->root, wo);
}

static void test_priority_and_alias(Fixture *f, gconstpointer data)
{
    MemoryRegion *low = g_new0(MemoryRegion, 1);
    MemoryRegion *high = g_new0(MemoryRegion, 1);
    MemoryRegion *alias = g_new0(MemoryRegion, 1);
    uint8_t *lp, *hp;

    memory_region_init_ram(low, NULL, "low", 0x4000, &error_abort);
    memory_region_init_ram(high, NULL, "high", 0x1000, &error_abort);
    lp = memory_region_get_ram_ptr(low);
    hp = memory_region_get_ram_ptr(high);
    memset(lp, 0x11, 0x4000);
    memset(hp, 0x22, 0x1000);

    memory_region_add_subregion_overlap(&f->root, 0, low, 0);
    memory_region_add_subregion_overlap(&f->root, 0x1000, high, 1);
    g_assert_cmphex(address_space_ldub(&f->as, 0x0fff,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 0x11);
    g_assert_cmphex(address_space_ldub(&f->as, 0x1000,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 0x22);
    g_assert_cmphex(address_space_ldub(&f->as, 0x2000,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 0x11);

    /* Disabling the higher one uncovers the lower. */
    memory_region_set_enabled(high, false);
    g_assert_cmphex(address_space_ldub(&f->as, 0x1000,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 0x11);
    memory_region_set_enabled(high, true);

    /* An alias at 0x10000 shows low from offset 0x3000. */
    memory_region_init_alias(alias, NULL, "alias", low, 0x3000, 0x1000);
    memory_region_add_subregion(&f->root, 0x10000, alias);
    address_space_stb(&f->as, 0x10010, 0x5a, MEMTXATTRS_UNSPECIFIED, NULL);
    g_assert_cmphex(lp[0x3010], ==, 0x5a);
    g_assert_true(memory_region_get_ram_ptr(alias) == lp);

    /* Moving the higher region. */
    memory_region_set_address(high, 0x2000);
    g_assert_cmphex(address_space_ldub(&f->as, 0x1000,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 0x11);
    g_assert_cmphex(address_space_ldub(&f->as, 0x2000,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 0x22);

    memory_region_del_subregion(&f->root, alias);
    memory_region_del_subregion(&f->root, high);
    memory_region_del_subregion(&f->root, low);
}

static void test_unmapped_and_bounds(Fixture *f, gconstpointer data)
{
    MemoryRegion *ram = g_new0(MemoryRegion, 1);
    uint8_t buf[4] = { 0 };
    hwaddr len;
    void *p;

    g_assert_cmpuint(address_space_read(&f->as, 0x5000,
                                        MEMTXATTRS_UNSPECIFIED, buf, 4),
                     ==, MEMTX_DECODE_ERROR);
    g_assert_cmpmem(buf, 4, "\xff\xff\xff\xff", 4);

    /* A length that wraps the address space is refused before any access. */
    g_assert_cmpuint(address_space_read(&f->as, UINT64_MAX - 1,
                                        MEMTXATTRS_UNSPECIFIED, buf, 4),
                     ==, MEMTX_DECODE_ERROR);

    memory_region_init_ram(ram, NULL, "ram", 0x2000, &error_abort);
    memory_region_add_subregion(&f->root, 0x1000, ram);
    len = 0x10000;
    p = address_space_map(&f->as, 0x1800, &len, true,
                          MEMTXATTRS_UNSPECIFIED);
    g_assert_true(p == (uint8_t *)memory_region_get_ram_ptr(ram) + 0x800);
    g_assert_cmphex(len, ==, 0x1800);
    address_space_unmap(&f->as, p, len, true, len);
    len = 16;
    g_assert_null(address_space_map(&f->as, 0x8000, &len, false,
                                    MEMTXATTRS_UNSPECIFIED));
    g_assert_cmphex(len, ==, 0);
    memory_region_del_subregion(&f->root, ram);
}

static void test_rom(Fixture *f, gconstpointer data)
{
    MemoryRegion *rom = g_new0(MemoryRegion, 1);
    uint8_t *p;

    memory_region_init_rom(rom, NULL, "rom", 0x1000, &error_abort);
    memory_region_add_subregion(&f->root, 0xf000, rom);
    p = memory_region_get_ram_ptr(rom);
    address_space_stb(&f->as, 0xf000, 0x42, MEMTXATTRS_UNSPECIFIED, NULL);
    g_assert_cmphex(p[0], ==, 0);
    address_space_write_rom(&f->as, 0xf000, MEMTXATTRS_UNSPECIFIED, "\x42",
                            1);
    g_assert_cmphex(p[0], ==, 0x42);
    memory_region_del_subregion(&f->root, rom);
}

typedef struct RecListener {
    MemoryListener ml;
    GString *log;
    int commits;
} RecListener;

static void rec_add(MemoryListener *l, MemoryRegionSection *s)
{
    RecListener *r = container_of(l, RecListener, ml);

    g_string_append_printf(r->log, "+%s@%" PRIx64 "/%" PRIx64 ";",
                           memory_region_name(s->mr),
                           s->offset_within_address_space, s->size);
}

static void rec_del(MemoryListener *l, MemoryRegionSection *s)
{
    RecListener *r = container_of(l, RecListener, ml);

    g_string_append_printf(r->log, "-%s@%" PRIx64 "/%" PRIx64 ";",
                           memory_region_name(s->mr),
                           s->offset_within_address_space, s->size);
}

static void rec_commit(MemoryListener *l)
{
    container_of(l, RecListener, ml)->commits++;
}

static void test_listener(Fixture *f, gconstpointer data)
{
    MemoryRegion *ram = g_new0(MemoryRegion, 1);
    MemoryRegion *bar = g_new0(MemoryRegion, 1);
    RecListener rec = {
        .ml = { .region_add = rec_add, .region_del = rec_del,
                .commit = rec_commit },
        .log = g_string_new(""),
    };

    memory_region_init_ram(ram, NULL, "ram", 0x10000, &error_abort);
    memory_region_add_subregion(&f->root, 0, ram);
    memory_listener_register(&rec.ml, &f->as);
    g_assert_cmpstr(rec.log->str, ==, "+ram@0/10000;");
    g_assert_cmpint(rec.commits, ==, 1);

    /* A BAR on top splits RAM into two ranges. */
    g_string_truncate(rec.log, 0);
    memory_region_init_io(bar, NULL, &byte_ops, &f->dev, "bar", 0x1000);
    memory_region_add_subregion_overlap(&f->root, 0x4000, bar, 1);
    g_assert_cmpstr(rec.log->str, ==,
                    "-ram@0/10000;+ram@0/4000;+bar@4000/1000;"
                    "+ram@5000/b000;");

    /* Moving it: only what changed is reported; one commit per batch. */
    g_string_truncate(rec.log, 0);
    rec.commits = 0;
    memory_region_transaction_begin();
    memory_region_set_address(bar, 0x8000);
    memory_region_set_enabled(bar, false);
    memory_region_set_enabled(bar, true);
    memory_region_transaction_commit();
    g_assert_cmpint(rec.commits, ==, 1);
    g_assert_cmpstr(rec.log->str, ==,
                    "-ram@0/4000;-bar@4000/1000;-ram@5000/b000;"
                    "+ram@0/8000;+bar@8000/1000;+ram@9000/7000;");

    memory_listener_unregister(&rec.ml);
    memory_region_del_subregion(&f->root, bar);
    memory_region_del_subregion(&f->root, ram);
    g_string_free(rec.log, TRUE);
}

static void test_system_io(void)
{
    /* Unassigned ports read as all-ones, like an ISA bus with no device. */
    g_assert_cmphex(address_space_ldub(&address_space_io, 0x1234,
                                       MEMTXATTRS_UNSPECIFIED, NULL), ==, 0xff);
    g_assert_cmphex(address_space_lduw_le(&address_space_io, 0x1234,
                                          MEMTXATTRS_UNSPECIFIED, NULL),
                    ==, 0xffff);
}

static void test_mtree(void)
{
    g_autoptr(GString) out = g_string_new("");

    mtree_info(out, false);
    g_assert_nonnull(strstr(out->str, "address-space: memory\n"));
    g_assert_nonnull(strstr(out->str,
                            "  0000000000000000-ffffffffffffffff "
                            "(prio 0, i/o): system\n"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                          \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/memory/ram-and-mmio", test_ram_and_mmio);
    ADD("/memory/widen-and-split", test_widen_and_split);
    ADD("/memory/priority-and-alias", test_priority_and_alias);
    ADD("/memory/unmapped-and-bounds", test_unmapped_and_bounds);
    ADD("/memory/rom", test_rom);
    ADD("/memory/listener", test_listener);
    g_test_add_func("/memory/system-io", test_system_io);
    g_test_add_func("/memory/mtree", test_mtree);
    return g_test_run();
}
