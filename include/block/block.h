/*
 * The block layer: a graph of BlockDriverState nodes.  A format node
 * (qcow2, raw) sits on a protocol node (file) through bs->file and may
 * have a backing node (bs->backing).  Nodes have unique node names.
 *
 * The bdrv_* I/O calls are synchronous and run in the caller's thread;
 * a graph must only be used by one thread at a time (the BlockBackend in
 * block/block-backend.h serialises its asynchronous requests with a
 * mutex).  Offsets and lengths are bytes; every call returns 0 (or a
 * count) on success and -errno on failure.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include "qemu/osdep.h"
#include "qobject/qobject.h"

typedef struct BlockDriverState BlockDriverState;
typedef struct BlockDriver BlockDriver;

/* Open flags (values as QEMU's where they exist). */
#define BDRV_O_RDWR         0x0002
#define BDRV_O_SNAPSHOT     0x0008  /* temporary overlay (handled above) */
#define BDRV_O_NOCACHE      0x0020  /* O_DIRECT */
#define BDRV_O_NO_BACKING   0x0100  /* do not open the backing file */
#define BDRV_O_NO_FLUSH     0x0200  /* cache=unsafe: flush is a no-op */
#define BDRV_O_CHECK        0x1000  /* opened by qemu-img check */
#define BDRV_O_UNMAP        0x4000  /* discard=unmap */
#define BDRV_O_FORCE_SHARE  0x10000 /* -U: share every permission */
#define BDRV_O_NO_LOCK      0x20000 /* locking=off */
#define BDRV_O_WRITETHROUGH 0x40000 /* flush after every write */
#define BDRV_O_NO_IO        0x80000 /* metadata only (info on unsupported) */

/* Permissions: bit numbers are the lock byte offsets QEMU uses. */
#define BLK_PERM_CONSISTENT_READ 0x01
#define BLK_PERM_WRITE           0x02
#define BLK_PERM_WRITE_UNCHANGED 0x04
#define BLK_PERM_RESIZE          0x08
#define BLK_PERM_MAX             4
#define BLK_PERM_ALL             0x0f

/* Request flags. */
#define BDRV_REQ_MAY_UNMAP  0x4   /* write_zeroes may deallocate */
#define BDRV_REQ_FUA        0x10
#define BDRV_REQ_WRITE_COMPRESSED 0x20 /* whole cluster, compressed */
#define BDRV_REQ_NO_FALLBACK 0x100 /* write_zeroes: fail if it would write */

/* block_status bits (QEMU's values). */
#define BDRV_BLOCK_DATA         0x01
#define BDRV_BLOCK_ZERO         0x02
#define BDRV_BLOCK_OFFSET_VALID 0x04
#define BDRV_BLOCK_ALLOCATED    0x10
#define BDRV_BLOCK_COMPRESSED   0x200

typedef enum PreallocMode {
    PREALLOC_MODE_OFF,
    PREALLOC_MODE_METADATA,
    PREALLOC_MODE_FALLOC,
    PREALLOC_MODE_FULL,
    PREALLOC_MODE__MAX,
} PreallocMode;
extern const char *const PreallocMode_str[PREALLOC_MODE__MAX];
int prealloc_mode_parse(const char *s, Error **errp);

typedef enum DetectZeroes {
    DETECT_ZEROES_OFF, DETECT_ZEROES_ON, DETECT_ZEROES_UNMAP,
} DetectZeroes;

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;
    char node_name[32];
    char filename[4096];      /* what was opened */
    char backing_file[1024];  /* as written in the image header */
    char backing_format[32];
    int open_flags;
    bool read_only;
    bool force_share;
    bool encrypted;
    bool implicit_node_name;
    DetectZeroes detect_zeroes;
    BlockDriverState *file;     /* protocol child of a format node */
    BlockDriverState *backing;  /* backing (COW source) */
    uint64_t perm, shared_perm; /* what this node holds on its storage */
    int refcnt;
};

/* Check results filled by a driver's check (qemu-img check). */
typedef enum BdrvCheckMode {
    BDRV_FIX_LEAKS = 1,
    BDRV_FIX_ERRORS = 2,
} BdrvCheckMode;

typedef struct BdrvCheckResult {
    int corruptions;
    int leaks;
    int check_errors;
    int corruptions_fixed;
    int leaks_fixed;
    int64_t image_end_offset;
    int64_t total_clusters, allocated_clusters, fragmented_clusters,
        compressed_clusters;
    bool has_bfi;
} BdrvCheckResult;

typedef struct QEMUSnapshotInfo {
    char id_str[128];
    char name[256];
    uint64_t vm_state_size;
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;  /* -1 if unknown */
} QEMUSnapshotInfo;

typedef struct BlockMeasureInfo {
    uint64_t required;
    uint64_t fully_allocated;
} BlockMeasureInfo;

/* ---- driver registry ---- */
const BlockDriver *bdrv_find_format(const char *name);
/* Calls fn for every driver name (sorted), for "Supported formats:". */
void bdrv_iterate_format(void (*fn)(void *opaque, const char *name),
                         void *opaque);
const char *bdrv_get_format_name(BlockDriverState *bs);

/*
 * Open filename with the options in opts (may be NULL; keys: driver,
 * node-name, backing (a string: "" or null for none), backing.driver,
 * file.locking, cache.direct, cache.no-flush, detect-zeroes, discard).
 * fmt NULL probes the format (raw if nothing matches, with QEMU's
 * warning left to the caller).  The returned node has refcnt 1.
 */
BlockDriverState *bdrv_open(const char *filename, const char *fmt,
                            QDict *opts, int flags, Error **errp);
/*
 * Open format fmt on an existing protocol node (-blockdev file=NODE);
 * takes its own reference on file.  opts as for bdrv_open.
 */
BlockDriverState *bdrv_open_on(BlockDriverState *file, const char *fmt,
                               QDict *opts, int flags, Error **errp);
void bdrv_ref(BlockDriverState *bs);
void bdrv_unref(BlockDriverState *bs);
BlockDriverState *bdrv_find_node(const char *node_name);
/* Calls fn for every named node. */
void bdrv_iterate_nodes(void (*fn)(BlockDriverState *bs, void *opaque),
                        void *opaque);
/* Probe a file's format name; NULL on I/O error. */
const char *bdrv_probe_format(const char *filename, Error **errp);
/* Make fname absolute relative to the directory of base. */
char *bdrv_get_full_backing_filename(const char *base, const char *fname);
/* Attach/replace the backing node (takes a reference on it). */
void bdrv_set_backing_hd(BlockDriverState *bs, BlockDriverState *backing);
/* Open the backing file named in the header (with loop detection). */
int bdrv_open_backing(BlockDriverState *bs, Error **errp);

/* ---- I/O (synchronous) ---- */
int bdrv_pread(BlockDriverState *bs, int64_t offset, int64_t bytes,
               void *buf);
int bdrv_pwrite(BlockDriverState *bs, int64_t offset, int64_t bytes,
                const void *buf, int flags);
/* Reads into a buffer; regions beyond the node's length read as zero. */
int bdrv_pread_zero_past_eof(BlockDriverState *bs, int64_t offset,
                             int64_t bytes, void *buf);
int bdrv_pwrite_zeroes(BlockDriverState *bs, int64_t offset, int64_t bytes,
                       int flags);
int bdrv_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes);
/* Flush this node and all children to stable storage. */
int bdrv_flush(BlockDriverState *bs);
int64_t bdrv_getlength(BlockDriverState *bs);
int64_t bdrv_get_allocated_file_size(BlockDriverState *bs);
int bdrv_truncate(BlockDriverState *bs, int64_t offset, bool exact,
                  PreallocMode prealloc, Error **errp);
/*
 * Status of [offset, offset+bytes) in this node only: returns BDRV_BLOCK_*
 * and sets *pnum (> 0) to the length with the same status, *map to the
 * host offset in *file when OFFSET_VALID.  Unallocated ranges of a node
 * with a backing node return 0 (read from backing).
 */
int bdrv_block_status(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum, int64_t *map, BlockDriverState **file);
/* Status through the backing chain down to (excluding) base. */
int bdrv_block_status_above(BlockDriverState *bs, BlockDriverState *base,
                            int64_t offset, int64_t bytes, int64_t *pnum,
                            int64_t *map, BlockDriverState **file,
                            int *depth);
/* True if the range is allocated in bs itself; *pnum as above. */
int bdrv_is_allocated(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum);
int bdrv_get_cluster_size(BlockDriverState *bs);
bool bdrv_has_zero_init(BlockDriverState *bs);

/* ---- images ---- */
/* Create an image; opts is a QemuOpts of the driver's create_opts. */
typedef struct QemuOpts QemuOpts;
typedef struct QemuOptsList QemuOptsList;
int bdrv_create(const BlockDriver *drv, const char *filename, QemuOpts *opts,
                Error **errp);
QemuOptsList *bdrv_create_opts(const BlockDriver *drv);
int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, int fix);
int bdrv_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **list);
int bdrv_snapshot_create(BlockDriverState *bs, QEMUSnapshotInfo *sn,
                         Error **errp);
int bdrv_snapshot_goto(BlockDriverState *bs, const char *name, Error **errp);
int bdrv_snapshot_delete(BlockDriverState *bs, const char *name,
                         Error **errp);
/* Rewrite backing file name/format in the image header. */
int bdrv_change_backing_file(BlockDriverState *bs, const char *file,
                             const char *fmt, Error **errp);
int bdrv_make_empty(BlockDriverState *bs, Error **errp);
int bdrv_amend(BlockDriverState *bs, QemuOpts *opts, Error **errp);
/* Format-specific info: appends "key": value members to a QDict. */
QDict *bdrv_get_specific_info(BlockDriverState *bs);
bool bdrv_is_dirty_image(BlockDriverState *bs);

#endif
