/*
 * Block driver interface.  A driver implements the callbacks it supports;
 * block.c provides the generic behaviour (bounds checks, read-only
 * enforcement, zero detection, writethrough) around them.
 */
#ifndef BLOCK_BLOCK_INT_H
#define BLOCK_BLOCK_INT_H

#include "block/block.h"
#include "qemu/option.h"

struct BlockDriver {
    const char *format_name;
    size_t instance_size;
    bool is_protocol;        /* file: opened on a filename directly */
    bool supports_backing;

    /* Score 0..100 that buf (the first bytes of the file) is this format. */
    int (*probe)(const uint8_t *buf, int buf_size, const char *filename);
    int (*open)(BlockDriverState *bs, QDict *opts, int flags, Error **errp);
    void (*close)(BlockDriverState *bs);

    int (*pread)(BlockDriverState *bs, int64_t offset, int64_t bytes,
                 void *buf);
    int (*pwrite)(BlockDriverState *bs, int64_t offset, int64_t bytes,
                  const void *buf, int flags);
    int (*pwrite_zeroes)(BlockDriverState *bs, int64_t offset, int64_t bytes,
                         int flags);
    int (*pdiscard)(BlockDriverState *bs, int64_t offset, int64_t bytes);
    /* Write back driver caches to bs->file (called before its flush). */
    int (*flush_to_os)(BlockDriverState *bs);
    /* Make written data stable (protocols). */
    int (*flush_to_disk)(BlockDriverState *bs);
    int64_t (*getlength)(BlockDriverState *bs);
    int64_t (*get_allocated_file_size)(BlockDriverState *bs);
    int (*truncate)(BlockDriverState *bs, int64_t offset, bool exact,
                    PreallocMode prealloc, Error **errp);
    int (*block_status)(BlockDriverState *bs, int64_t offset, int64_t bytes,
                        int64_t *pnum, int64_t *map,
                        BlockDriverState **file);
    int (*get_cluster_size)(BlockDriverState *bs);
    bool (*has_zero_init)(BlockDriverState *bs);

    QemuOptsList *create_opts;
    int (*create)(const char *filename, QemuOpts *opts, Error **errp);
    int (*check)(BlockDriverState *bs, BdrvCheckResult *res, int fix);
    int (*snapshot_list)(BlockDriverState *bs, QEMUSnapshotInfo **list);
    int (*snapshot_create)(BlockDriverState *bs, QEMUSnapshotInfo *sn,
                           Error **errp);
    int (*snapshot_goto)(BlockDriverState *bs, const char *name,
                         Error **errp);
    int (*snapshot_delete)(BlockDriverState *bs, const char *name,
                           Error **errp);
    int (*change_backing_file)(BlockDriverState *bs, const char *file,
                               const char *fmt, Error **errp);
    int (*make_empty)(BlockDriverState *bs, Error **errp);
    int (*amend)(BlockDriverState *bs, QemuOpts *opts, Error **errp);
    void (*get_specific_info)(BlockDriverState *bs, QDict *dict);
    bool (*is_dirty)(BlockDriverState *bs);
    /* Apply a new permission set to the storage (file: lock bytes). */
    int (*set_perm)(BlockDriverState *bs, uint64_t perm, uint64_t shared,
                    Error **errp);
};

extern const BlockDriver bdrv_file;
extern const BlockDriver bdrv_raw;
extern const BlockDriver bdrv_qcow2;

/* Helpers shared by drivers. */
bool buffer_is_zero(const void *buf, size_t len);
/* "consistent read", "write", ... joined by ", ". */
char *bdrv_perm_names(uint64_t perm);

#endif
