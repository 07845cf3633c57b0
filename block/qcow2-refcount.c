/*
 * qcow2 refcounts: the refcount table and blocks of every width, the
 * cluster allocator, crash-safe metadata write-back and the check.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "block/qcow2.h"

static uint64_t rb_get(BDRVQcow2State *s, const uint8_t *rb, uint64_t i)
{
    switch (s->refcount_order) {
    case 0: return (rb[i / 8] >> (i % 8)) & 1;
    case 1: return (rb[i / 4] >> (2 * (i % 4))) & 3;
    case 2: return (rb[i / 2] >> (4 * (i % 2))) & 15;
    case 3: return rb[i];
    case 4: return ((uint64_t)rb[2 * i] << 8) | rb[2 * i + 1];
    case 5: {
        uint32_t v;
        memcpy(&v, rb + 4 * i, 4);
        return GUINT32_FROM_BE(v);
    }
    default: {
        uint64_t v;
        memcpy(&v, rb + 8 * i, 8);
        return GUINT64_FROM_BE(v);
    }
    }
}

static void rb_set(BDRVQcow2State *s, uint8_t *rb, uint64_t i, uint64_t v)
{
    switch (s->refcount_order) {
    case 0:
        rb[i / 8] = (rb[i / 8] & ~(1 << (i % 8))) | (v << (i % 8));
        break;
    case 1:
        rb[i / 4] = (rb[i / 4] & ~(3 << (2 * (i % 4)))) | (v << (2 * (i % 4)));
        break;
    case 2:
        rb[i / 2] = (rb[i / 2] & ~(15 << (4 * (i % 2)))) |
                    (v << (4 * (i % 2)));
        break;
    case 3:
        rb[i] = v;
        break;
    case 4:
        rb[2 * i] = v >> 8;
        rb[2 * i + 1] = v;
        break;
    case 5: {
        uint32_t w = GUINT32_TO_BE(v);
        memcpy(rb + 4 * i, &w, 4);
        break;
    }
    default: {
        uint64_t w = GUINT64_TO_BE(v);
        memcpy(rb + 8 * i, &w, 8);
    }
    }
}

static void add_metadata(BDRVQcow2State *s, uint64_t off)
{
    g_hash_table_add(s->metadata_clusters, g_memdup2(&off, sizeof(off)));
}

int qcow2_refcount_init(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t bytes = (uint64_t)s->refcount_table_clusters << s->cluster_bits;
    int ret;

    s->refcount_table_size = bytes / 8;
    s->refcount_table = g_new0(uint64_t, s->refcount_table_size);
    ret = bdrv_pread_zero_past_eof(bs->file, s->refcount_table_offset, bytes,
                                   s->refcount_table);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read the refcount table");
        return ret;
    }
    for (uint64_t i = 0; i < s->refcount_table_size; i++) {
        s->refcount_table[i] = GUINT64_FROM_BE(s->refcount_table[i]);
        if (s->refcount_table[i] & REFT_OFFSET_MASK) {
            add_metadata(s, s->refcount_table[i] & REFT_OFFSET_MASK);
        }
    }
    return 0;
}

void qcow2_refcount_close(BlockDriverState *bs)
{
}

static int get_rb(BlockDriverState *bs, uint64_t rt_index, Qcow2Table **t)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t off;
    int err;

    *t = NULL;
    if (rt_index >= s->refcount_table_size) {
        return 0;
    }
    off = s->refcount_table[rt_index] & REFT_OFFSET_MASK;
    if (!off) {
        return 0;
    }
    if (off & (s->cluster_size - 1)) {
        return -EIO;
    }
    *t = qcow2_get_table(bs, s->rb_cache, off, false, &err);
    return err;
}

int qcow2_get_refcount(BlockDriverState *bs, uint64_t idx, uint64_t *rc)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2Table *t;
    int ret = get_rb(bs, idx >> s->refcount_block_bits, &t);

    *rc = 0;
    if (ret < 0) {
        return ret;
    }
    if (t) {
        *rc = rb_get(s, t->data, idx & ((1ULL << s->refcount_block_bits) - 1));
    }
    return 0;
}


static int write_reftable(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t *be = g_new(uint64_t, s->refcount_table_size);
    int ret;

    for (uint64_t i = 0; i < s->refcount_table_size; i++) {
        be[i] = GUINT64_TO_BE(s->refcount_table[i]);
    }
    ret = bdrv_pwrite(bs->file, s->refcount_table_offset,
                      s->refcount_table_size * 8, be, 0);
    g_free(be);
    return ret;
}

static int write_dirty(BlockDriverState *bs, GHashTable *cache, bool *any)
{
    GHashTableIter it;
    gpointer v;
    int ret;

    g_hash_table_iter_init(&it, cache);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        Qcow2Table *t = v;
        if (t->dirty) {
            BDRVQcow2State *s = bs->opaque;
            ret = bdrv_pwrite(bs->file, t->offset, s->cluster_size, t->data,
                              0);
            if (ret < 0) {
                return ret;
            }
            t->dirty = false;
            *any = true;
        }
    }
    return 0;
}

int qcow2_write_rb_and_sync(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    bool any = false;
    int ret = write_dirty(bs, s->rb_cache, &any);

    if (ret == 0 && s->reftable_dirty) {
        ret = write_reftable(bs);
        s->reftable_dirty = false;
        any = true;
    }
    if (ret == 0 && any) {
        ret = bdrv_flush(bs->file);
    }
    return ret;
}

/* Grow the refcount table so that it covers cluster index 'need'. */
static int grow_reftable(BlockDriverState *bs, uint64_t need)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t E = 1ULL << s->refcount_block_bits;
    int64_t fsize = bdrv_getlength(bs->file);
    uint64_t A = MAX((uint64_t)(fsize + s->cluster_size - 1) >>
                     s->cluster_bits, need + 1);
    uint64_t nb = 0, tc = 0, end = A, entries, first_block, last_block;
    uint64_t *nt, new_rt_off, old_off = s->refcount_table_offset;
    uint32_t old_clusters = s->refcount_table_clusters;
    uint8_t v[12];
    int ret;

    if (fsize < 0) {
        return fsize;
    }
    for (int iter = 0; iter < 10; iter++) {
        first_block = A / E;
        last_block = (end - 1) / E;
        nb = 0;
        for (uint64_t b = first_block; b <= last_block; b++) {
            if (b >= s->refcount_table_size ||
                !(s->refcount_table[b] & REFT_OFFSET_MASK)) {
                nb++;
            }
        }
        entries = MAX(s->refcount_table_size * 2, last_block + 1);
        tc = DIV_ROUND_UP(entries * 8, s->cluster_size);
        if (A + nb + tc == end) {
            break;
        }
        end = A + nb + tc;
    }
    entries = tc * s->cluster_size / 8;
    if (tc * s->cluster_size > QCOW_MAX_REFTABLE_SIZE) {
        return -EFBIG;
    }
    nt = g_new0(uint64_t, entries);
    memcpy(nt, s->refcount_table, s->refcount_table_size * 8);
    {
        uint64_t c = A;
        for (uint64_t b = A / E; b <= (end - 1) / E; b++) {
            if (b >= s->refcount_table_size ||
                !(s->refcount_table[b] & REFT_OFFSET_MASK)) {
                int err;
                Qcow2Table *t = qcow2_get_table(bs, s->rb_cache,
                                                c << s->cluster_bits, true,
                                                &err);
                if (!t) {
                    g_free(nt);
                    return err;
                }
                nt[b] = c << s->cluster_bits;
                add_metadata(s, nt[b]);
                c++;
            }
        }
        new_rt_off = c << s->cluster_bits;
    }
    g_free(s->refcount_table);
    s->refcount_table = nt;
    s->refcount_table_size = entries;
    s->refcount_table_offset = new_rt_off;
    s->refcount_table_clusters = tc;
    /* Refcounts of the new blocks and table (all inside the new blocks). */
    for (uint64_t c = A; c < end; c++) {
        Qcow2Table *t;
        ret = get_rb(bs, c / E, &t);
        if (ret < 0 || !t) {
            return ret < 0 ? ret : -EIO;
        }
        rb_set(s, t->data, c % E, 1);
        t->dirty = true;
    }
    /* Blocks, then the new table, then the header pointing at it. */
    s->reftable_dirty = true;
    ret = qcow2_write_rb_and_sync(bs);
    if (ret < 0) {
        return ret;
    }
    {
        uint64_t o = GUINT64_TO_BE(new_rt_off);
        uint32_t n = GUINT32_TO_BE(tc);
        memcpy(v, &o, 8);
        memcpy(v + 8, &n, 4);
    }
    ret = bdrv_pwrite(bs->file, 48, 12, v, 0);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        return ret;
    }
    qcow2_free_later(bs, old_off, (uint64_t)old_clusters << s->cluster_bits);
    return 0;
}

static int set_refcount(BlockDriverState *bs, uint64_t idx, uint64_t v)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2Table *t;
    int ret = get_rb(bs, idx >> s->refcount_block_bits, &t);

    if (ret < 0) {
        return ret;
    }
    if (!t) {
        return -EIO;   /* callers make sure the block exists */
    }
    rb_set(s, t->data, idx & ((1ULL << s->refcount_block_bits) - 1), v);
    t->dirty = true;
    if (v == 0 && idx < s->free_cluster_index) {
        s->free_cluster_index = idx;
    }
    return 0;
}

bool qcow2_overlaps_metadata(BlockDriverState *bs, uint64_t offset,
                             uint64_t len)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t first = offset >> s->cluster_bits;
    uint64_t last = (offset + len - 1) >> s->cluster_bits;
    uint64_t rt_len = (uint64_t)s->refcount_table_clusters << s->cluster_bits;

    if (!len) {
        return false;
    }
    if (first == 0) {
        return true;
    }
    if (offset < s->l1_table_offset + (uint64_t)s->l1_size * 8 &&
        s->l1_table_offset < offset + len && s->l1_size) {
        return true;
    }
    if (offset < s->refcount_table_offset + rt_len &&
        s->refcount_table_offset < offset + len) {
        return true;
    }
    if (s->nb_snapshots && offset < s->snapshots_offset + s->snapshots_size &&
        s->snapshots_offset < offset + len) {
        return true;
    }
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        QCowSnapshot *sn = &s->snapshots[i];
        if (offset < sn->l1_table_offset + (uint64_t)sn->l1_size * 8 &&
            sn->l1_table_offset < offset + len) {
            return true;
        }
    }
    for (uint64_t c = first; c <= last && last - first < 100000; c++) {
        uint64_t o = c << s->cluster_bits;
        if (g_hash_table_contains(s->metadata_clusters, &o)) {
            return true;
        }
    }
    return false;
}

static bool cluster_busy(BlockDriverState *bs, uint64_t idx)
{
    BDRVQcow2State *s = bs->opaque;

    if (s->check_refs && idx < s->check_refs_len && s->check_refs[idx]) {
        return true;
    }
    return qcow2_overlaps_metadata(bs, idx << s->cluster_bits,
                                   s->cluster_size);
}

int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t n)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t E = 1ULL << s->refcount_block_bits;
    int ret;

    if (n == 0 || n > (1ULL << 30)) {
        return -EINVAL;
    }
    for (int tries = 0; tries < 1000000; tries++) {
        uint64_t idx, i;
        bool restart = false;

        /* Skip the used clusters at the start of the free area for good. */
        for (;;) {
            uint64_t rc;
            ret = qcow2_get_refcount(bs, s->free_cluster_index, &rc);
            if (ret < 0) {
                return ret;
            }
            if (!rc && !cluster_busy(bs, s->free_cluster_index)) {
                break;
            }
            s->free_cluster_index++;
        }
        idx = s->free_cluster_index;

        /* Find n free clusters in a row. */
        for (i = 0; i < n;) {
            uint64_t rc;
            if ((idx + i) >> (56 - s->cluster_bits)) {
                return -EFBIG;   /* beyond what an L2 entry can address */
            }
            ret = qcow2_get_refcount(bs, idx + i, &rc);
            if (ret < 0) {
                return ret;
            }
            if (rc || cluster_busy(bs, idx + i)) {
                idx += i + 1;
                i = 0;
                continue;
            }
            i++;
        }
        /* Every refcount block covering the run must exist. */
        for (i = 0; i < n; i++) {
            uint64_t b = (idx + i) / E;
            if (b >= s->refcount_table_size) {
                ret = grow_reftable(bs, idx + n);
                if (ret < 0) {
                    return ret;
                }
                restart = true;
                break;
            }
            if (!(s->refcount_table[b] & REFT_OFFSET_MASK)) {
                /* The new block describes itself: put it at this cluster. */
                uint64_t off = (idx + i) << s->cluster_bits;
                int err;
                Qcow2Table *t = qcow2_get_table(bs, s->rb_cache, off, true,
                                                &err);
                if (!t) {
                    return err;
                }
                s->refcount_table[b] = off;
                s->reftable_dirty = true;
                add_metadata(s, off);
                rb_set(s, t->data, (idx + i) % E, 1);
                restart = true;
                break;
            }
        }
        if (restart) {
            continue;
        }
        for (i = 0; i < n; i++) {
            ret = set_refcount(bs, idx + i, 1);
            if (ret < 0) {
                return ret;
            }
        }
        if (idx == s->free_cluster_index) {
            s->free_cluster_index = idx + n;
        }
        return idx << s->cluster_bits;
    }
    return -ENOSPC;
}

int64_t qcow2_alloc_bytes(BlockDriverState *bs, int size)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t off = s->free_byte_offset;
    int64_t c;
    int ret;

    if (off && offset_into_cluster(s, off) &&
        offset_into_cluster(s, off) + size <= (uint64_t)s->cluster_size) {
        uint64_t rc;
        /* Share the partly used cluster: one more reference to it. */
        ret = qcow2_get_refcount(bs, off >> s->cluster_bits, &rc);
        if (ret < 0) {
            return ret;
        }
        if (rc > 0 && rc < s->refcount_max) {
            ret = set_refcount(bs, off >> s->cluster_bits, rc + 1);
            if (ret < 0) {
                return ret;
            }
            s->free_byte_offset = off + size;
            return off;
        }
    }
    c = qcow2_alloc_clusters(bs, size_to_clusters(s, size));
    if (c < 0) {
        return c;
    }
    s->free_byte_offset = c + size;
    return c;
}

int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset,
                          uint64_t length, int64_t addend)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t first = offset >> s->cluster_bits;
    uint64_t last = (offset + length - 1) >> s->cluster_bits;

    if (!length) {
        return 0;
    }
    for (uint64_t c = first; c <= last; c++) {
        uint64_t rc;
        int ret = qcow2_get_refcount(bs, c, &rc);
        if (ret < 0) {
            return ret;
        }
        if ((addend < 0 && rc < (uint64_t)-addend) ||
            (addend > 0 && s->refcount_max - rc < (uint64_t)addend)) {
            return addend < 0 ? -EINVAL : -ERANGE;
        }
        ret = set_refcount(bs, c, rc + addend);
        if (ret < 0) {
            return ret;
        }
        if (rc + addend == 0) {
            uint64_t o = c << s->cluster_bits;
            g_hash_table_remove(s->l2_cache, &o);
            /* The table owns its keys (g_hash_table_new_full). */
            g_hash_table_remove(s->metadata_clusters, &o);
            if (s->free_byte_offset >> s->cluster_bits == c) {
                s->free_byte_offset = 0;
            }
        }
    }
    return 0;
}

void qcow2_free_later(BlockDriverState *bs, uint64_t offset, uint64_t len)
{
    BDRVQcow2State *s = bs->opaque;

    if (!len) {
        return;
    }
    for (uint64_t c = offset >> s->cluster_bits;
         c <= (offset + len - 1) >> s->cluster_bits; c++) {
        uint64_t o = c << s->cluster_bits;
        g_array_append_val(s->pending_frees, o);
    }
}

void qcow2_free_entry_later(BlockDriverState *bs, uint64_t e)
{
    BDRVQcow2State *s = bs->opaque;

    if (e & QCOW_OFLAG_COMPRESSED) {
        uint64_t off, len;
        qcow2_compressed_host_range(s, e, &off, &len);
        qcow2_free_later(bs, off, len);
    } else if (e & L2E_OFFSET_MASK) {
        qcow2_free_later(bs, e & L2E_OFFSET_MASK, s->cluster_size);
    }
}

int qcow2_flush_metadata(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    bool any = false;
    int ret;

    if (bs->read_only) {
        return 0;
    }
    /* 1: refcount increments (and new blocks, table) */
    ret = qcow2_write_rb_and_sync(bs);
    if (ret < 0) {
        return ret;
    }
    /* 2: L2 tables, then the L1 table that points at them */
    ret = write_dirty(bs, s->l2_cache, &any);
    if (ret == 0 && s->l1_dirty) {
        ret = qcow2_write_l1_table(bs);
        any = true;
    }
    if (ret == 0 && any) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0 || !s->pending_frees->len) {
        return ret;
    }
    /* 3: decrements, now that nothing on disk references the clusters */
    for (guint i = 0; i < s->pending_frees->len; i++) {
        uint64_t o = g_array_index(s->pending_frees, uint64_t, i);
        ret = qcow2_update_refcount(bs, o, 1, -1);
        if (ret < 0) {
            break;
        }
    }
    g_array_set_size(s->pending_frees, 0);
    if (ret < 0) {
        return ret;
    }
    return qcow2_write_rb_and_sync(bs);
}

/* ---- check ---- */

typedef struct CheckState {
    uint32_t *refs;
    uint64_t nb;
    uint64_t cap;
    BdrvCheckResult *res;
    uint64_t next_contig;
} CheckState;

static void inc_refs(BDRVQcow2State *s, CheckState *cs, uint64_t off,
                     uint64_t len)
{
    if (!len) {
        return;
    }
    for (uint64_t c = off >> s->cluster_bits;
         c <= (off + len - 1) >> s->cluster_bits; c++) {
        if (c >= cs->cap) {
            fprintf(stderr, "ERROR: reference to cluster %" PRIu64
                    " far beyond the end of the image\n", c);
            cs->res->corruptions++;
            return;
        }
        if (c >= cs->nb) {
            uint64_t n = MIN(cs->cap, MAX(c + 1, cs->nb * 2));
            cs->refs = g_renew(uint32_t, cs->refs, n);
            memset(cs->refs + cs->nb, 0, (n - cs->nb) * 4);
            cs->nb = n;
        }
        if (cs->refs[c] < UINT32_MAX) {
            cs->refs[c]++;
        }
    }
}

static int check_l1(BlockDriverState *bs, CheckState *cs, uint64_t *l1,
                    uint32_t l1_size, bool active)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t *l2 = g_malloc(s->cluster_size);
    int ret = 0;

    for (uint32_t i = 0; i < l1_size; i++) {
        uint64_t l2_off = l1[i] & L1E_OFFSET_MASK;
        if (!l2_off) {
            continue;
        }
        if (offset_into_cluster(s, l2_off)) {
            fprintf(stderr, "ERROR l2_offset=%" PRIx64 ": Table is not "
                    "cluster aligned; L1 entry corrupted\n", l2_off);
            cs->res->corruptions++;
            continue;
        }
        inc_refs(s, cs, l2_off, s->cluster_size);
        ret = bdrv_pread_zero_past_eof(bs->file, l2_off, s->cluster_size, l2);
        if (ret < 0) {
            fprintf(stderr, "ERROR: I/O error in check_refcounts_l2\n");
            cs->res->check_errors++;
            break;
        }
        for (int j = 0; j < s->l2_size; j++) {
            uint64_t e, off;
            memcpy(&e, l2 + (size_t)j * s->l2_entry_size, 8);
            e = GUINT64_FROM_BE(e);
            off = e & L2E_OFFSET_MASK;
            if (e & QCOW_OFLAG_COMPRESSED) {
                uint64_t coff, clen;
                qcow2_compressed_host_range(s, e, &coff, &clen);
                inc_refs(s, cs, coff, clen);
                if (active) {
                    cs->res->allocated_clusters++;
                    cs->res->compressed_clusters++;
                    cs->next_contig = 0;
                }
                continue;
            }
            if (!off) {
                continue;
            }
            if (offset_into_cluster(s, off)) {
                fprintf(stderr, "ERROR offset=%" PRIx64 ": Cluster is not "
                        "properly aligned; L2 entry corrupted.\n", off);
                cs->res->corruptions++;
                continue;
            }
            inc_refs(s, cs, off, s->cluster_size);
            if (active) {
                cs->res->allocated_clusters++;
                if (cs->next_contig && off != cs->next_contig) {
                    cs->res->fragmented_clusters++;
                }
                cs->next_contig = off + s->cluster_size;
            }
        }
    }
    g_free(l2);
    return ret;
}

static int fix_copied(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l1e = s->l1_table[i], l2_off = l1e & L1E_OFFSET_MASK, rc;
        Qcow2Table *t;
        int err;

        if (!l2_off || offset_into_cluster(s, l2_off)) {
            continue;
        }
        ret = qcow2_get_refcount(bs, l2_off >> s->cluster_bits, &rc);
        if (ret < 0) {
            return ret;
        }
        if ((rc == 1) != !!(l1e & QCOW_OFLAG_COPIED)) {
            if (res) {
                fprintf(stderr, "%s OFLAG_COPIED L2 cluster: l1_index=%u "
                        "l1_entry=%" PRIx64 " refcount=%" PRIu64 "\n",
                        fix & BDRV_FIX_ERRORS ? "Repairing" : "ERROR", i, l1e,
                        rc);
            }
            if (!res || (fix & BDRV_FIX_ERRORS)) {
                s->l1_table[i] = rc == 1 ? l1e | QCOW_OFLAG_COPIED
                                         : l1e & ~QCOW_OFLAG_COPIED;
                s->l1_dirty = true;
                if (res) {
                    res->corruptions_fixed++;
                }
            } else {
                res->corruptions++;
            }
        }
        t = qcow2_get_table(bs, s->l2_cache, l2_off, false, &err);
        if (!t) {
            return err;
        }
        for (int j = 0; j < s->l2_size; j++) {
            uint64_t e = qcow2_get_l2_entry(s, t, j), off = e & L2E_OFFSET_MASK;
            if ((e & QCOW_OFLAG_COMPRESSED) || !off ||
                offset_into_cluster(s, off)) {
                continue;
            }
            ret = qcow2_get_refcount(bs, off >> s->cluster_bits, &rc);
            if (ret < 0) {
                return ret;
            }
            if ((rc == 1) != !!(e & QCOW_OFLAG_COPIED)) {
                if (res) {
                    fprintf(stderr, "%s OFLAG_COPIED data cluster: "
                            "l2_entry=%" PRIx64 " refcount=%" PRIu64 "\n",
                            fix & BDRV_FIX_ERRORS ? "Repairing" : "ERROR", e,
                            rc);
                }
                if (!res || (fix & BDRV_FIX_ERRORS)) {
                    qcow2_set_l2_entry(s, t, j, rc == 1 ?
                                       e | QCOW_OFLAG_COPIED :
                                       e & ~QCOW_OFLAG_COPIED);
                    if (res) {
                        res->corruptions_fixed++;
                    }
                } else {
                    res->corruptions++;
                }
            }
        }
    }
    return 0;
}

int qcow2_fix_copied_flags(BlockDriverState *bs)
{
    return fix_copied(bs, NULL, BDRV_FIX_ERRORS);
}

int qcow2_check_refcounts(BlockDriverState *bs, BdrvCheckResult *res,
                          int fix)
{
    BDRVQcow2State *s = bs->opaque;
    int64_t fsize;
    CheckState cs = { .res = res };
    uint64_t highest = 0, limit;
    int ret;

    memset(res, 0, sizeof(*res));
    if (bs->read_only) {
        fix = 0;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        res->check_errors++;
        return ret;
    }
    fsize = bdrv_getlength(bs->file);
    if (fsize < 0) {
        res->check_errors++;
        return fsize;
    }
    cs.nb = size_to_clusters(s, fsize) + 1;
    cs.cap = cs.nb + (1ULL << 24);
    cs.refs = g_new0(uint32_t, cs.nb);
    res->total_clusters = size_to_clusters(s, s->size);

    inc_refs(s, &cs, 0, s->cluster_size);
    inc_refs(s, &cs, s->l1_table_offset, (uint64_t)s->l1_size * 8);
    check_l1(bs, &cs, s->l1_table, s->l1_size, true);
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        QCowSnapshot *sn = &s->snapshots[i];
        uint64_t *l1;

        if (offset_into_cluster(s, sn->l1_table_offset) ||
            (uint64_t)sn->l1_size * 8 > QCOW_MAX_L1_SIZE) {
            fprintf(stderr, "ERROR snapshot %s (%s) l1_offset=%#" PRIx64
                    ": L1 table is not cluster aligned; snapshot table entry "
                    "corrupted\n", sn->id_str, sn->name, sn->l1_table_offset);
            res->corruptions++;
            continue;
        }
        inc_refs(s, &cs, sn->l1_table_offset, (uint64_t)sn->l1_size * 8);
        l1 = g_new0(uint64_t, MAX(sn->l1_size, 1));
        if (bdrv_pread_zero_past_eof(bs->file, sn->l1_table_offset,
                                     (uint64_t)sn->l1_size * 8, l1) < 0) {
            res->check_errors++;
            g_free(l1);
            continue;
        }
        for (uint32_t j = 0; j < sn->l1_size; j++) {
            l1[j] = GUINT64_FROM_BE(l1[j]);
        }
        check_l1(bs, &cs, l1, sn->l1_size, false);
        g_free(l1);
    }
    inc_refs(s, &cs, s->snapshots_offset, s->snapshots_size);
    inc_refs(s, &cs, s->refcount_table_offset,
             (uint64_t)s->refcount_table_clusters << s->cluster_bits);
    for (uint64_t i = 0; i < s->refcount_table_size; i++) {
        uint64_t off = s->refcount_table[i] & REFT_OFFSET_MASK;
        if (!off) {
            continue;
        }
        if (offset_into_cluster(s, off)) {
            fprintf(stderr, "ERROR refcount block %" PRIu64 " is not "
                    "cluster aligned; refcount table entry corrupted\n", i);
            res->corruptions++;
            continue;
        }
        if (off >= (uint64_t)fsize) {
            fprintf(stderr, "ERROR refcount block %" PRIu64 " is outside "
                    "image\n", i);
            res->corruptions++;
            continue;
        }
        inc_refs(s, &cs, off, s->cluster_size);
    }

    /* Compare with what the image says. */
    s->check_refs = cs.refs;
    s->check_refs_len = cs.nb;
    limit = MAX(cs.nb, MIN(s->refcount_table_size <<
                           s->refcount_block_bits, cs.nb + (1 << 20)));
    for (uint64_t i = 0; i < limit; i++) {
        uint64_t stored, computed = i < cs.nb ? cs.refs[i] : 0;
        /*
         * Past the clusters in use, a missing refcount block means a whole
         * block of zero refcounts: nothing to compare, skip it (the scan
         * looks up to 2^20 clusters past the end for stray refcounts).
         */
        if (i >= cs.nb && !(i & ((1ULL << s->refcount_block_bits) - 1))) {
            Qcow2Table *t;
            if (get_rb(bs, i >> s->refcount_block_bits, &t) == 0 && !t) {
                i += (1ULL << s->refcount_block_bits) - 1;
                continue;
            }
        }
        ret = qcow2_get_refcount(bs, i, &stored);
        if (ret < 0) {
            fprintf(stderr, "Can't get refcount for cluster %" PRIu64 ": %s\n",
                    i, strerror(-ret));
            res->check_errors++;
            continue;
        }
        if (stored || computed) {
            highest = i;
        }
        if (stored != computed) {
            int *fixed = NULL;
            if (stored > computed && (fix & BDRV_FIX_LEAKS)) {
                fixed = &res->leaks_fixed;
            } else if (stored < computed && (fix & BDRV_FIX_ERRORS)) {
                fixed = &res->corruptions_fixed;
            }
            fprintf(stderr, "%s cluster %" PRIu64 " refcount=%" PRIu64
                    " reference=%" PRIu64 "\n",
                    fixed ? "Repairing" : stored < computed ? "ERROR" :
                    "Leaked", i, stored, computed);
            if (fixed) {
                uint64_t rc = 0;
                /* Make sure the refcount block exists, then set. */
                ret = qcow2_get_refcount(bs, i, &rc);
                if (ret == 0 && (i >> s->refcount_block_bits) <
                    s->refcount_table_size &&
                    (s->refcount_table[i >> s->refcount_block_bits] &
                     REFT_OFFSET_MASK)) {
                    ret = qcow2_update_refcount(bs, i << s->cluster_bits, 1,
                                                (int64_t)computed - stored);
                } else if (ret == 0) {
                    /* No block yet: allocate the cluster (creates it). */
                    ret = -EIO;
                }
                if (ret == 0) {
                    (*fixed)++;
                    continue;
                }
            }
            if (stored < computed) {
                res->corruptions++;
            } else {
                res->leaks++;
            }
        }
    }
    ret = fix_copied(bs, res, fix);
    s->check_refs = NULL;
    s->check_refs_len = 0;
    if (ret < 0) {
        res->check_errors++;
    }
    if (fix) {
        ret = qcow2_flush_metadata(bs);
        if (ret < 0) {
            res->check_errors++;
        }
    }
    res->image_end_offset = (highest + 1) << s->cluster_bits;
    g_free(cs.refs);
    return 0;
}
