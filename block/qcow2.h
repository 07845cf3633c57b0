/*
 * qcow2 driver internals (QEMU's docs/interop/qcow2.txt).
 *
 * Metadata (L2 tables, refcount blocks) is cached in memory and written
 * back in an order that keeps the image consistent after a crash at any
 * point: refcount increments reach the disk before any L2/L1 entry that
 * uses the cluster, and refcount decrements only after the L2/L1 entries
 * that dropped the reference.  So a crash leaves at worst leaked clusters.
 */
#ifndef BLOCK_QCOW2_H
#define BLOCK_QCOW2_H

#include "block/block_int.h"

#define QCOW_MAGIC 0x514649fbU
#define QCOW_OFLAG_COPIED     (1ULL << 63)
#define QCOW_OFLAG_COMPRESSED (1ULL << 62)
#define QCOW_OFLAG_ZERO       (1ULL << 0)
#define L1E_OFFSET_MASK 0x00fffffffffffe00ULL
#define L2E_OFFSET_MASK 0x00fffffffffffe00ULL
#define REFT_OFFSET_MASK 0xfffffffffffffe00ULL
#define L1E_RESERVED_MASK 0x7f000000000001ffULL

#define QCOW2_INCOMPAT_DIRTY       (1ULL << 0)
#define QCOW2_INCOMPAT_CORRUPT     (1ULL << 1)
#define QCOW2_INCOMPAT_DATA_FILE   (1ULL << 2)
#define QCOW2_INCOMPAT_COMPRESSION (1ULL << 3)
#define QCOW2_INCOMPAT_EXTL2       (1ULL << 4)
#define QCOW2_INCOMPAT_MASK        0x1fULL
#define QCOW2_COMPAT_LAZY_REFCOUNTS (1ULL << 0)
#define QCOW2_AUTOCLEAR_BITMAPS    (1ULL << 0)

#define QCOW2_EXT_MAGIC_END          0
#define QCOW2_EXT_MAGIC_BACKING_FMT  0xe2792acaU
#define QCOW2_EXT_MAGIC_FEATURE_TABLE 0x6803f857U
#define QCOW2_EXT_MAGIC_BITMAPS      0x23852875U
#define QCOW2_EXT_MAGIC_CRYPTO       0x0537be77U
#define QCOW2_EXT_MAGIC_DATA_FILE    0x44415441U

#define QCOW_MAX_L1_SIZE       (32 * MiB)   /* bytes */
#define QCOW_MAX_REFTABLE_SIZE (8 * MiB)    /* bytes */
#define QCOW_MAX_SNAPSHOTS     65536
#define QCOW_MAX_SNAPSHOTS_SIZE (64 * MiB)

typedef enum Qcow2ClusterType {
    QCOW2_CLUSTER_UNALLOCATED,
    QCOW2_CLUSTER_ZERO_PLAIN,
    QCOW2_CLUSTER_ZERO_ALLOC,
    QCOW2_CLUSTER_NORMAL,
    QCOW2_CLUSTER_COMPRESSED,
} Qcow2ClusterType;

typedef struct Qcow2Table {
    uint64_t offset;
    uint8_t *data;
    bool dirty;
} Qcow2Table;

typedef struct QCowSnapshot {
    uint64_t l1_table_offset;
    uint32_t l1_size;
    char *id_str;
    char *name;
    uint64_t disk_size;
    uint64_t vm_state_size;
    uint32_t date_sec, date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;
    uint32_t extra_data_size;
    uint8_t *unknown_extra;   /* extra data beyond what we understand */
} QCowSnapshot;

typedef struct Qcow2UnknownExt {
    uint32_t magic;
    uint32_t len;
    uint8_t *data;
} Qcow2UnknownExt;

typedef struct BDRVQcow2State {
    int version;
    int cluster_bits;
    int64_t cluster_size;
    int l2_bits;              /* log2 of entries per L2 table */
    int l2_size;              /* entries per L2 table */
    int l2_entry_size;        /* 8, or 16 with extended L2 */
    bool extended_l2;
    int64_t subcluster_size;
    uint64_t size;            /* virtual disk size */
    uint64_t file_size_at_open;

    uint32_t l1_size;
    uint64_t l1_table_offset;
    uint64_t *l1_table;       /* host byte order */
    bool l1_dirty;

    int refcount_order;
    int refcount_bits;
    uint64_t refcount_max;
    int refcount_block_bits;  /* log2 of entries per refcount block */
    uint64_t refcount_table_offset;
    uint32_t refcount_table_clusters;
    uint64_t refcount_table_size;  /* entries */
    uint64_t *refcount_table;      /* host byte order */
    bool reftable_dirty;

    uint32_t nb_snapshots;
    uint64_t snapshots_offset;
    uint64_t snapshots_size;
    QCowSnapshot *snapshots;

    uint64_t incompatible_features, compatible_features, autoclear_features;
    uint32_t header_length;
    int compression_type;
    bool use_lazy_refcounts;
    bool dirty_set;           /* we set the dirty bit for this session */
    GArray *unknown_exts;     /* of Qcow2UnknownExt, kept on rewrite */

    GHashTable *l2_cache;     /* host offset -> Qcow2Table */
    GHashTable *rb_cache;     /* host offset -> Qcow2Table */
    size_t cache_bytes;
    GArray *pending_frees;    /* of uint64_t host offsets (decrement 1) */
    uint64_t free_cluster_index;
    uint64_t free_byte_offset; /* compressed cluster packing */
    GHashTable *metadata_clusters; /* known L2 table offsets (overlap) */
    uint32_t *check_refs;     /* during repair: clusters in use */
    uint64_t check_refs_len;

    uint64_t cached_cluster_offset; /* decompressed cluster cache */
    uint8_t *cluster_cache;
    uint8_t *cluster_data;
} BDRVQcow2State;

static inline uint64_t offset_into_cluster(BDRVQcow2State *s, uint64_t off)
{
    return off & (s->cluster_size - 1);
}

static inline uint64_t size_to_clusters(BDRVQcow2State *s, uint64_t size)
{
    return (size + s->cluster_size - 1) >> s->cluster_bits;
}

/* qcow2-refcount.c */
int qcow2_refcount_init(BlockDriverState *bs, Error **errp);
void qcow2_refcount_close(BlockDriverState *bs);
int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index,
                       uint64_t *refcount);
/* Adds addend to the refcount of every cluster touching [offset, +len). */
int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset,
                          uint64_t length, int64_t addend);
/* Allocate n contiguous clusters (refcount 1); returns host offset. */
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t n);
/* Allocate bytes for compressed data (may share a cluster). */
int64_t qcow2_alloc_bytes(BlockDriverState *bs, int size);
/* Drop one reference later, once the referencing metadata is on disk. */
void qcow2_free_later(BlockDriverState *bs, uint64_t offset, uint64_t len);
/* Free an L2 entry's host cluster(s) (normal or compressed). */
void qcow2_free_entry_later(BlockDriverState *bs, uint64_t l2_entry);
/* Write all metadata back in crash-safe order. */
int qcow2_flush_metadata(BlockDriverState *bs);
int qcow2_write_rb_and_sync(BlockDriverState *bs);
int qcow2_check_refcounts(BlockDriverState *bs, BdrvCheckResult *res,
                          int fix);
bool qcow2_overlaps_metadata(BlockDriverState *bs, uint64_t offset,
                             uint64_t len);

/* tables (qcow2.c) */
Qcow2Table *qcow2_get_table(BlockDriverState *bs, GHashTable *cache,
                            uint64_t offset, bool zero_new, int *err);
void qcow2_cache_trim(BlockDriverState *bs);
int qcow2_write_l1_table(BlockDriverState *bs);
int qcow2_update_header(BlockDriverState *bs);
int qcow2_compressed_host_range(BDRVQcow2State *s, uint64_t l2_entry,
                                uint64_t *off, uint64_t *len);
uint64_t qcow2_get_l2_entry(BDRVQcow2State *s, Qcow2Table *t, int idx);
void qcow2_set_l2_entry(BDRVQcow2State *s, Qcow2Table *t, int idx,
                        uint64_t v);
uint64_t qcow2_get_l2_bitmap(BDRVQcow2State *s, Qcow2Table *t, int idx);
void qcow2_set_l2_bitmap(BDRVQcow2State *s, Qcow2Table *t, int idx,
                         uint64_t v);
int qcow2_grow_l1_table(BlockDriverState *bs, uint64_t min_size);
/* Set COPIED flags of the active tables to match the refcounts. */
int qcow2_fix_copied_flags(BlockDriverState *bs);

/* qcow2-snapshot.c */
int qcow2_read_snapshots(BlockDriverState *bs, Error **errp);
void qcow2_free_snapshots(BDRVQcow2State *s);
int qcow2_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **list);
int qcow2_snapshot_create(BlockDriverState *bs, QEMUSnapshotInfo *sn,
                          Error **errp);
int qcow2_snapshot_goto(BlockDriverState *bs, const char *name,
                        Error **errp);
int qcow2_snapshot_delete(BlockDriverState *bs, const char *name,
                          Error **errp);
/* Adds addend to everything an L1 table references (L2s, data). */
int qcow2_update_l1_refcounts(BlockDriverState *bs, uint64_t l1_offset,
                              uint32_t l1_size, int addend);

#endif
