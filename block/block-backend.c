/* BlockBackend: the root of a graph, with serialised asynchronous I/O. */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "block/block-backend.h"

struct BlockBackend {
    char *name;
    BlockDriverState *root;
    QemuMutex lock;         /* one request at a time in the graph */
    unsigned in_flight;     /* aio requests not yet completed */
    bool wce;
    void *dev;              /* the device using it (blk_attach_dev) */
    void *legacy_dinfo;     /* the -drive it came from (blockdev.c) */
};

static GList *backends;

typedef enum { AIO_READ, AIO_WRITE, AIO_ZERO, AIO_DISCARD, AIO_FLUSH } AioOp;

typedef struct BlkAioReq {
    BlockBackend *blk;
    AioOp op;
    int64_t offset, bytes;
    void *buf;
    int flags;
    BlockCompletionFunc *cb;
    void *opaque;
} BlkAioReq;

BlockBackend *blk_new_with_bs(BlockDriverState *bs)
{
    BlockBackend *blk = g_new0(BlockBackend, 1);

    bdrv_ref(bs);
    blk->root = bs;
    blk->wce = true;
    blk->name = g_strdup("");
    qemu_mutex_init(&blk->lock);
    backends = g_list_append(backends, blk);
    return blk;
}

BlockBackend *blk_new_open(const char *filename, const char *fmt,
                           QDict *opts, int flags, Error **errp)
{
    BlockDriverState *bs = bdrv_open(filename, fmt, opts, flags, errp);
    BlockBackend *blk;

    if (!bs) {
        return NULL;
    }
    blk = blk_new_with_bs(bs);
    bdrv_unref(bs);
    return blk;
}

void blk_drain(BlockBackend *blk)
{
    while (__atomic_load_n(&blk->in_flight, __ATOMIC_SEQ_CST)) {
        main_loop_wait(false);
    }
}

void blk_unref(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    blk_drain(blk);
    backends = g_list_remove(backends, blk);
    if (blk->root) {
        bdrv_flush(blk->root);
        bdrv_unref(blk->root);
    }
    qemu_mutex_destroy(&blk->lock);
    g_free(blk->name);
    g_free(blk);
}

BlockDriverState *blk_bs(BlockBackend *blk)
{
    return blk->root;
}

const char *blk_name(BlockBackend *blk)
{
    return blk->name;
}

bool blk_set_name(BlockBackend *blk, const char *name, Error **errp)
{
    if (blk_by_name(name)) {
        error_setg(errp, "Duplicate ID '%s' for drive", name);
        return false;
    }
    g_free(blk->name);
    blk->name = g_strdup(name);
    return true;
}

BlockBackend *blk_by_name(const char *name)
{
    for (GList *l = backends; l; l = l->next) {
        BlockBackend *b = l->data;
        if (name[0] && !strcmp(b->name, name)) {
            return b;
        }
    }
    return NULL;
}

bool blk_is_read_only(BlockBackend *blk)
{
    return blk->root && blk->root->read_only;
}

int64_t blk_getlength(BlockBackend *blk)
{
    int64_t ret;

    if (!blk->root) {
        return -ENOMEDIUM;
    }
    qemu_mutex_lock(&blk->lock);
    ret = bdrv_getlength(blk->root);
    qemu_mutex_unlock(&blk->lock);
    return ret;
}

void blk_set_enable_write_cache(BlockBackend *blk, bool wce)
{
    blk->wce = wce;
}

bool blk_enable_write_cache(BlockBackend *blk)
{
    return blk->wce;
}

static int blk_do(BlockBackend *blk, AioOp op, int64_t offset, int64_t bytes,
                  void *buf, int flags)
{
    int ret;

    if (!blk->root) {
        return -ENOMEDIUM;
    }
    qemu_mutex_lock(&blk->lock);
    switch (op) {
    case AIO_READ:
        ret = bdrv_pread(blk->root, offset, bytes, buf);
        break;
    case AIO_WRITE:
        ret = bdrv_pwrite(blk->root, offset, bytes, buf, flags);
        if (ret >= 0 && !blk->wce) {
            ret = bdrv_flush(blk->root);
        }
        break;
    case AIO_ZERO:
        ret = bdrv_pwrite_zeroes(blk->root, offset, bytes, flags);
        break;
    case AIO_DISCARD:
        ret = bdrv_pdiscard(blk->root, offset, bytes);
        break;
    default:
        ret = bdrv_flush(blk->root);
        break;
    }
    qemu_mutex_unlock(&blk->lock);
    return ret;
}

int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf)
{
    return blk_do(blk, AIO_READ, offset, bytes, buf, 0);
}

int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
               const void *buf, int flags)
{
    return blk_do(blk, AIO_WRITE, offset, bytes, (void *)buf, flags);
}

int blk_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                      int flags)
{
    return blk_do(blk, AIO_ZERO, offset, bytes, NULL, flags);
}

int blk_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes)
{
    return blk_do(blk, AIO_DISCARD, offset, bytes, NULL, 0);
}

int blk_flush(BlockBackend *blk)
{
    return blk_do(blk, AIO_FLUSH, 0, 0, NULL, 0);
}

static int aio_worker(void *opaque)
{
    BlkAioReq *r = opaque;

    return blk_do(r->blk, r->op, r->offset, r->bytes, r->buf, r->flags);
}

static void aio_complete(void *opaque, int ret)
{
    BlkAioReq *r = opaque;
    BlockBackend *blk = r->blk;

    r->cb(r->opaque, ret);
    __atomic_fetch_sub(&blk->in_flight, 1, __ATOMIC_SEQ_CST);
    g_free(r);
}

static void blk_aio(BlockBackend *blk, AioOp op, int64_t offset,
                    int64_t bytes, void *buf, int flags,
                    BlockCompletionFunc *cb, void *opaque)
{
    BlkAioReq *r = g_new0(BlkAioReq, 1);

    r->blk = blk;
    r->op = op;
    r->offset = offset;
    r->bytes = bytes;
    r->buf = buf;
    r->flags = flags;
    r->cb = cb;
    r->opaque = opaque;
    __atomic_fetch_add(&blk->in_flight, 1, __ATOMIC_SEQ_CST);
    thread_pool_submit_aio(aio_worker, r, aio_complete, r);
}

void blk_aio_pread(BlockBackend *blk, int64_t offset, int64_t bytes,
                   void *buf, BlockCompletionFunc *cb, void *opaque)
{
    blk_aio(blk, AIO_READ, offset, bytes, buf, 0, cb, opaque);
}

void blk_aio_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
                    const void *buf, int flags, BlockCompletionFunc *cb,
                    void *opaque)
{
    blk_aio(blk, AIO_WRITE, offset, bytes, (void *)buf, flags, cb, opaque);
}

void blk_aio_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                           int flags, BlockCompletionFunc *cb, void *opaque)
{
    blk_aio(blk, AIO_ZERO, offset, bytes, NULL, flags, cb, opaque);
}

void blk_aio_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BlockCompletionFunc *cb, void *opaque)
{
    blk_aio(blk, AIO_DISCARD, offset, bytes, NULL, 0, cb, opaque);
}

void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque)
{
    blk_aio(blk, AIO_FLUSH, 0, 0, NULL, 0, cb, opaque);
}

/* ---- empty backends, devices (for -drive and the drive= property) ---- */

BlockBackend *blk_new_empty(void)
{
    BlockBackend *blk = g_new0(BlockBackend, 1);

    blk->wce = true;
    blk->name = g_strdup("");
    qemu_mutex_init(&blk->lock);
    backends = g_list_append(backends, blk);
    return blk;
}

bool blk_is_inserted(BlockBackend *blk)
{
    return blk->root != NULL;
}

void blk_insert_bs(BlockBackend *blk, BlockDriverState *bs)
{
    assert(!blk->root);
    bdrv_ref(bs);
    blk->root = bs;
}

void blk_remove_bs(BlockBackend *blk)
{
    if (blk->root) {
        blk_drain(blk);
        bdrv_flush(blk->root);
        bdrv_unref(blk->root);
        blk->root = NULL;
    }
}

int blk_attach_dev(BlockBackend *blk, void *dev)
{
    if (blk->dev) {
        return -EBUSY;
    }
    blk->dev = dev;
    return 0;
}

void blk_detach_dev(BlockBackend *blk, void *dev)
{
    if (blk->dev == dev) {
        blk->dev = NULL;
    }
}

void *blk_get_attached_dev(BlockBackend *blk)
{
    return blk->dev;
}

BlockBackend *blk_next(BlockBackend *blk)
{
    GList *l = blk ? g_list_find(backends, blk) : NULL;

    l = blk ? (l ? l->next : NULL) : backends;
    return l ? l->data : NULL;
}

void blk_set_legacy_dinfo(BlockBackend *blk, void *dinfo)
{
    blk->legacy_dinfo = dinfo;
}

void *blk_legacy_dinfo(BlockBackend *blk)
{
    return blk->legacy_dinfo;
}

BlockBackend *blk_by_root_bs(BlockDriverState *bs)
{
    for (GList *l = backends; l; l = l->next) {
        BlockBackend *b = l->data;
        if (b->root == bs) {
            return b;
        }
    }
    return NULL;
}

int blk_truncate(BlockBackend *blk, int64_t offset, Error **errp)
{
    int ret;

    if (!blk->root) {
        error_setg(errp, "No medium inserted");
        return -ENOMEDIUM;
    }
    blk_drain(blk);
    qemu_mutex_lock(&blk->lock);
    ret = bdrv_truncate(blk->root, offset, false, PREALLOC_MODE_OFF, errp);
    qemu_mutex_unlock(&blk->lock);
    return ret;
}
