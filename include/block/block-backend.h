/*
 * BlockBackend: what a device (or qemu-img) holds, the root of a node
 * graph.  Synchronous blk_* calls run in the caller; blk_aio_* calls run
 * in the thread pool and complete in the main loop.  A mutex serialises
 * all requests of one backend, so drivers need no locking of their own.
 */
#ifndef BLOCK_BLOCK_BACKEND_H
#define BLOCK_BLOCK_BACKEND_H

#include "block/block.h"
#include "block/thread-pool.h"

typedef struct BlockBackend BlockBackend;

BlockBackend *blk_new_open(const char *filename, const char *fmt,
                           QDict *opts, int flags, Error **errp);
/* Takes a new reference on bs. */
BlockBackend *blk_new_with_bs(BlockDriverState *bs);
/* Waits for in-flight requests, flushes, closes the graph. */
void blk_unref(BlockBackend *blk);
BlockDriverState *blk_bs(BlockBackend *blk);
/* The backend's name (-drive id); "" if anonymous. */
const char *blk_name(BlockBackend *blk);
bool blk_set_name(BlockBackend *blk, const char *name, Error **errp);
BlockBackend *blk_by_name(const char *name);
bool blk_is_read_only(BlockBackend *blk);
int64_t blk_getlength(BlockBackend *blk);
/* false = writethrough (flush after every write). */
void blk_set_enable_write_cache(BlockBackend *blk, bool wce);
bool blk_enable_write_cache(BlockBackend *blk);

int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf);
int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
               const void *buf, int flags);
int blk_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                      int flags);
int blk_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes);
int blk_flush(BlockBackend *blk);

/* buf must stay valid until cb runs (in the main loop). */
void blk_aio_pread(BlockBackend *blk, int64_t offset, int64_t bytes,
                   void *buf, BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
                    const void *buf, int flags, BlockCompletionFunc *cb,
                    void *opaque);
void blk_aio_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                           int flags, BlockCompletionFunc *cb, void *opaque);
void blk_aio_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BlockCompletionFunc *cb, void *opaque);
void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque);
/* Run the main loop until every request of blk has completed. */
void blk_drain(BlockBackend *blk);

/*
 * A backend without a medium (-drive if=none,id=x without file=, an
 * empty CD-ROM): I/O fails with -ENOMEDIUM, blk_bs() is NULL.
 */
BlockBackend *blk_new_empty(void);
bool blk_is_inserted(BlockBackend *blk);
/* Takes a new reference on bs; the backend must be empty. */
void blk_insert_bs(BlockBackend *blk, BlockDriverState *bs);
/* Drain, flush and drop the medium. */
void blk_remove_bs(BlockBackend *blk);
/* A backend serves at most one device: -EBUSY if another holds it. */
int blk_attach_dev(BlockBackend *blk, void *dev);
void blk_detach_dev(BlockBackend *blk, void *dev);
void *blk_get_attached_dev(BlockBackend *blk);
/* Iterate over every backend: blk_next(NULL) is the first. */
BlockBackend *blk_next(BlockBackend *blk);
/* The DriveInfo (sysemu/blockdev.h) of a -drive backend, else NULL. */
void blk_set_legacy_dinfo(BlockBackend *blk, void *dinfo);
void *blk_legacy_dinfo(BlockBackend *blk);
/* The backend whose root is bs, if any. */
BlockBackend *blk_by_root_bs(BlockDriverState *bs);
/* Grow or shrink the image (block_resize); drains first. */
int blk_truncate(BlockBackend *blk, int64_t offset, Error **errp);

#endif
