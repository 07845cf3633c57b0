/* The "raw" format: the guest sees the protocol node's bytes unchanged. */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "block/block_int.h"

static int raw_probe(const uint8_t *buf, int buf_size, const char *filename)
{
    return 1;   /* anything is raw, as a last resort */
}

static int raw_fmt_open(BlockDriverState *bs, QDict *opts, int flags,
                        Error **errp)
{
    return 0;
}

static int raw_fmt_pread(BlockDriverState *bs, int64_t offset, int64_t bytes,
                         void *buf)
{
    return bdrv_pread(bs->file, offset, bytes, buf);
}

static int raw_fmt_pwrite(BlockDriverState *bs, int64_t offset,
                          int64_t bytes, const void *buf, int flags)
{
    return bdrv_pwrite(bs->file, offset, bytes, buf, flags);
}

static int raw_fmt_pwrite_zeroes(BlockDriverState *bs, int64_t offset,
                                 int64_t bytes, int flags)
{
    return bdrv_pwrite_zeroes(bs->file, offset, bytes, flags);
}

static int raw_fmt_pdiscard(BlockDriverState *bs, int64_t offset,
                            int64_t bytes)
{
    return bdrv_pdiscard(bs->file, offset, bytes);
}

static int64_t raw_fmt_getlength(BlockDriverState *bs)
{
    return bdrv_getlength(bs->file);
}

static int raw_fmt_truncate(BlockDriverState *bs, int64_t offset, bool exact,
                            PreallocMode prealloc, Error **errp)
{
    return bdrv_truncate(bs->file, offset, exact, prealloc, errp);
}

static int raw_fmt_block_status(BlockDriverState *bs, int64_t offset,
                                int64_t bytes, int64_t *pnum, int64_t *map,
                                BlockDriverState **file)
{
    int ret = bdrv_block_status(bs->file, offset, bytes, pnum, map, file);

    if (ret >= 0) {
        ret |= BDRV_BLOCK_ALLOCATED;
    }
    return ret;
}

static bool raw_fmt_has_zero_init(BlockDriverState *bs)
{
    return bdrv_has_zero_init(bs->file);
}

static int raw_fmt_create(const char *filename, QemuOpts *opts, Error **errp)
{
    return bdrv_create(&bdrv_file, filename, opts, errp);
}

const BlockDriver bdrv_raw = {
    .format_name = "raw",
    .probe = raw_probe,
    .open = raw_fmt_open,
    .pread = raw_fmt_pread,
    .pwrite = raw_fmt_pwrite,
    .pwrite_zeroes = raw_fmt_pwrite_zeroes,
    .pdiscard = raw_fmt_pdiscard,
    .getlength = raw_fmt_getlength,
    .truncate = raw_fmt_truncate,
    .block_status = raw_fmt_block_status,
    .has_zero_init = raw_fmt_has_zero_init,
    .create = raw_fmt_create,
};
