/*
 * Block layer unit tests: qcow2 create/read/write through the graph,
 * asynchronous I/O completing in the main loop, image locking, and
 * hostile headers rejected without a write.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/main-loop.h"
#include "qemu/option.h"
#include "block/block_int.h"
#include "block/block-backend.h"

static char *tmpdir;

static char *make_qcow2(const char *name, const char *size, const char *o)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    QemuOpts *opts = qemu_opts_create(bdrv_qcow2.create_opts, NULL, 0,
                                      &error_abort);
    Error *err = NULL;

    qemu_opt_set(opts, "size", size, &error_abort);
    if (o) {
        g_assert_true(qemu_opts_do_parse(opts, o, NULL, &error_abort));
    }
    g_assert_cmpint(bdrv_create(&bdrv_qcow2, path, opts, &err), ==, 0);
    qemu_opts_del(opts);
    return path;
}

static void test_rw(const char *o)
{
    char *path = make_qcow2("rw.qcow2", "8M", o);
    BlockDriverState *bs = bdrv_open(path, NULL, NULL, BDRV_O_RDWR,
                                     &error_abort);
    uint8_t *w = g_malloc(300000), *r = g_malloc(300000);
    BdrvCheckResult res;

    g_assert_cmpstr(bdrv_get_format_name(bs), ==, "qcow2");
    for (int i = 0; i < 300000; i++) {
        w[i] = i * 7 + 3;
    }
    g_assert_cmpint(bdrv_pwrite(bs, 12345, 300000, w, 0), ==, 0);
    g_assert_cmpint(bdrv_pwrite_zeroes(bs, 0, 4096, 0), ==, 0);
    g_assert_cmpint(bdrv_pread(bs, 12345, 300000, r), ==, 0);
    g_assert_cmpmem(w, 300000, r, 300000);
    /* out of range */
    g_assert_cmpint(bdrv_pread(bs, 8 * MiB - 1, 2, r), ==, -EIO);
    g_assert_cmpint(bdrv_flush(bs), ==, 0);
    g_assert_cmpint(bdrv_check(bs, &res, 0), ==, 0);
    g_assert_cmpint(res.corruptions, ==, 0);
    g_assert_cmpint(res.leaks, ==, 0);
    bdrv_unref(bs);

    bs = bdrv_open(path, "qcow2", NULL, 0, &error_abort);
    memset(r, 0, 300000);
    g_assert_cmpint(bdrv_pread(bs, 12345, 300000, r), ==, 0);
    g_assert_cmpmem(w, 300000, r, 300000);
    g_assert_cmpint(bdrv_pwrite(bs, 0, 1, w, 0), ==, -EPERM);
    bdrv_unref(bs);
    unlink(path);
    g_free(path);
    g_free(w);
    g_free(r);
}

static void test_qcow2_rw_default(void)
{
    test_rw(NULL);
}

static void test_qcow2_rw_small(void)
{
    test_rw("cluster_size=512,refcount_bits=1");
}

static void test_qcow2_rw_v2(void)
{
    test_rw("compat=0.10,cluster_size=4096");
}

static void test_qcow2_rw_extl2(void)
{
    test_rw("extended_l2=on,refcount_bits=64");
}

static void test_locking(void)
{
    char *path = make_qcow2("lock.qcow2", "1M", NULL);
    Error *err = NULL;
    BlockDriverState *a = bdrv_open(path, NULL, NULL, BDRV_O_RDWR,
                                    &error_abort);
    BlockDriverState *b = bdrv_open(path, NULL, NULL, BDRV_O_RDWR, &err);

    g_assert_null(b);
    g_assert_cmpstr(error_get_pretty(err), ==, "Failed to get \"write\" lock");
    error_free(err);
    err = NULL;
    b = bdrv_open(path, NULL, NULL, 0, &err);
    g_assert_null(b);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Failed to get shared \"write\" lock");
    error_free(err);
    b = bdrv_open(path, NULL, NULL, BDRV_O_FORCE_SHARE, &error_abort);
    bdrv_unref(b);
    bdrv_unref(a);
    b = bdrv_open(path, NULL, NULL, BDRV_O_RDWR, &error_abort);
    bdrv_unref(b);
    unlink(path);
    g_free(path);
}

static int aio_done;
static void aio_cb(void *opaque, int ret)
{
    g_assert(qemu_in_main_thread());
    g_assert_cmpint(ret, ==, 0);
    aio_done++;
}

static void test_aio(void)
{
    char *path = make_qcow2("aio.qcow2", "4M", NULL);
    BlockBackend *blk = blk_new_open(path, NULL, NULL, BDRV_O_RDWR,
                                     &error_abort);
    uint8_t w[16][4096], r[16][4096];

    qemu_mutex_lock_iothread();
    for (int i = 0; i < 16; i++) {
        memset(w[i], i + 1, 4096);
        blk_aio_pwrite(blk, i * 70000, 4096, w[i], 0, aio_cb, NULL);
    }
    blk_drain(blk);
    g_assert_cmpint(aio_done, ==, 16);
    blk_aio_flush(blk, aio_cb, NULL);
    for (int i = 0; i < 16; i++) {
        blk_aio_pread(blk, i * 70000, 4096, r[i], aio_cb, NULL);
    }
    blk_drain(blk);
    g_assert_cmpint(aio_done, ==, 33);
    g_assert_cmpmem(w, sizeof(w), r, sizeof(r));
    qemu_mutex_unlock_iothread();
    blk_unref(blk);
    unlink(path);
    g_free(path);
}

/* Patch a header field and make sure open fails and the file is intact. */
static void hostile(int off, int len, uint64_t val, const char *msg)
{
    char *path = make_qcow2("bad.qcow2", "1M", NULL);
    char *before, *after;
    gsize lb, la;
    Error *err = NULL;
    BlockDriverState *bs;
    int fd = open(path, O_RDWR);
    uint8_t be[8];

    for (int i = 0; i < len; i++) {
        be[i] = val >> (8 * (len - 1 - i));
    }
    g_assert_cmpint(pwrite(fd, be, len, off), ==, len);
    close(fd);
    g_file_get_contents(path, &before, &lb, NULL);
    bs = bdrv_open(path, NULL, NULL, BDRV_O_RDWR, &err);
    g_assert_null(bs);
    g_assert_nonnull(strstr(error_get_pretty(err), msg));
    error_free(err);
    g_file_get_contents(path, &after, &la, NULL);
    g_assert_cmpmem(before, lb, after, la);
    g_free(before);
    g_free(after);
    unlink(path);
    g_free(path);
}

static void test_hostile_headers(void)
{
    hostile(36, 4, 0x7fffffff, "Active L1 table too large");
    hostile(40, 8, 0x12345678000ULL, "Invalid L1 table offset");
    hostile(48, 8, 0x100000000ULL, "Invalid reference count table offset");
    hostile(56, 4, 0x100000, "Reference count table too large");
    hostile(20, 4, 30, "Unsupported cluster size");
    hostile(4, 4, 9, "Unsupported qcow2 version 9");
    hostile(24, 8, 1ULL << 63, "Image size too large");
    hostile(60, 4, 100000, "Too many snapshots");
    hostile(96, 4, 7, "Refcount width");
    hostile(72, 8, 1ULL << 40, "Unsupported qcow2 feature");
    hostile(40, 8, 0x10000, "metadata tables overlap");
}

static void test_backing_loop(void)
{
    char *a = make_qcow2("loop-a.qcow2", "1M", NULL);
    BlockDriverState *bs = bdrv_open(a, NULL, NULL,
                                     BDRV_O_RDWR | BDRV_O_NO_BACKING,
                                     &error_abort);
    Error *err = NULL;

    g_assert_cmpint(bdrv_change_backing_file(bs, "loop-a.qcow2", "qcow2",
                                             &error_abort), ==, 0);
    bdrv_unref(bs);
    bs = bdrv_open(a, NULL, NULL, 0, &err);
    g_assert_null(bs);
    g_assert_nonnull(strstr(error_get_pretty(err), "infinite loop"));
    error_free(err);
    unlink(a);
    g_free(a);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("test-block-XXXXXX", NULL);
    g_test_add_func("/block/qcow2/rw", test_qcow2_rw_default);
    g_test_add_func("/block/qcow2/rw-512-refcount1", test_qcow2_rw_small);
    g_test_add_func("/block/qcow2/rw-v2", test_qcow2_rw_v2);
    g_test_add_func("/block/qcow2/rw-extended-l2", test_qcow2_rw_extl2);
    g_test_add_func("/block/locking", test_locking);
    g_test_add_func("/block/aio", test_aio);
    g_test_add_func("/block/qcow2/hostile-headers", test_hostile_headers);
    g_test_add_func("/block/backing-loop", test_backing_loop);
    ret = g_test_run();
    rmdir(tmpdir);
    return ret;
}
