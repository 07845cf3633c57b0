/*
 * libFuzzer target: qcow2 header and metadata parsing.  Each input is an
 * image file: it is opened read-only (header, L1, refcount table,
 * snapshot table, extensions), checked, read at a few offsets and asked
 * for block status; then opened read-write, written, flushed and checked
 * again.  Any crash, sanitizer report or leak is a bug: hostile images
 * must only ever produce errors.
 */
#include "qemu/osdep.h"
#include "block/block.h"
#include "qemu/error.h"
#include <sys/mman.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void exercise(int flags)
{
    Error *err = NULL;
    QDict *opts = qdict_new();
    BlockDriverState *bs;
    BdrvCheckResult res = {0};
    uint8_t *buf;
    int64_t len;

    qdict_put_str(opts, "backing", "");     /* never follow a backing name */
    qdict_put_str(opts, "file.locking", "off");
    bs = bdrv_open(path, "qcow2", opts, flags, &err);
    qobject_unref(opts);
    if (!bs) {
        error_free(err);
        return;
    }
    bdrv_check(bs, &res, 0);
    len = bdrv_getlength(bs);
    buf = g_malloc(65536);
    if (len > 0) {
        static const double where[] = { 0, 0.25, 0.5, 0.999 };

        for (size_t i = 0; i < ARRAY_SIZE(where); i++) {
            int64_t off = (int64_t)(len * where[i]) & ~511LL;
            int64_t n = MIN(65536, len - off), pnum, map;
            BlockDriverState *file;

            bdrv_pread(bs, off, n, buf);
            bdrv_block_status(bs, off, n, &pnum, &map, &file);
        }
        if (flags & BDRV_O_RDWR) {
            memset(buf, 0xa5, 4096);
            bdrv_pwrite(bs, 0, MIN(4096, len), buf, 0);
            bdrv_pwrite_zeroes(bs, len / 2 & ~511LL, MIN(512, len / 2), 0);
            bdrv_flush(bs);
            memset(&res, 0, sizeof(res));
            bdrv_check(bs, &res, 0);
        }
    }
    g_free(buf);
    bdrv_unref(bs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd;

    if (!path[0]) {
        snprintf(path, sizeof(path), "/tmp/fuzz-qcow2-%d.img", getpid());
    }
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        abort();
    }
    close(fd);
    exercise(0);
    /* the image may have been rewritten: start again from the input */
    fd = open(path, O_RDWR | O_TRUNC);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        abort();
    }
    close(fd);
    exercise(BDRV_O_RDWR);
    unlink(path);
    return 0;
}
