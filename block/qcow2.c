/*
 * qcow2 image format: header, L1/L2 mapping, reads, allocating writes,
 * compressed clusters, zero clusters, resize, create and image info.
 * Refcounts and the check live in qcow2-refcount.c, snapshots in
 * qcow2-snapshot.c.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "block/qcow2.h"
#include <zlib.h>

#define CACHE_LIMIT (64 * MiB)

static inline uint64_t be64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return GUINT64_FROM_BE(v);
}
static inline uint32_t be32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return GUINT32_FROM_BE(v);
}
static inline void st64(uint8_t *p, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    memcpy(p, &v, 8);
}
static inline void st32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_BE(v);
    memcpy(p, &v, 4);
}

static int qcow2_probe(const uint8_t *buf, int buf_size, const char *name)
{
    if (buf_size >= 8 && be32(buf) == QCOW_MAGIC && be32(buf + 4) >= 2) {
        return 100;
    }
    return 0;
}

/* ---- table cache ---- */

static void table_free(gpointer p)
{
    Qcow2Table *t = p;
    g_free(t->data);
    g_free(t);
}

Qcow2Table *qcow2_get_table(BlockDriverState *bs, GHashTable *cache,
                            uint64_t offset, bool zero_new, int *err)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2Table *t = g_hash_table_lookup(cache, &offset);
    int ret;

    *err = 0;
    if (t) {
        if (zero_new) {
            memset(t->data, 0, s->cluster_size);
            t->dirty = true;
        }
        return t;
    }
    if (offset == 0 || offset_into_cluster(s, offset)) {
        *err = -EIO;
        return NULL;
    }
    t = g_new0(Qcow2Table, 1);
    t->offset = offset;
    t->data = g_malloc0(s->cluster_size);
    if (zero_new) {
        t->dirty = true;
    } else {
        ret = bdrv_pread_zero_past_eof(bs->file, offset, s->cluster_size,
                                       t->data);
        if (ret < 0) {
            table_free(t);
            *err = ret;
            return NULL;
        }
    }
    g_hash_table_insert(cache, &t->offset, t);
    s->cache_bytes += s->cluster_size;
    return t;
}

static gboolean drop_clean(gpointer k, gpointer v, gpointer opaque)
{
    Qcow2Table *t = v;
    BDRVQcow2State *s = opaque;

    if (!t->dirty) {
        s->cache_bytes -= s->cluster_size;
        return TRUE;
    }
    return FALSE;
}

void qcow2_cache_trim(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (s->cache_bytes <= CACHE_LIMIT && s->pending_frees->len < 65536) {
        return;
    }
    if (!bs->read_only && qcow2_flush_metadata(bs) < 0) {
        return;
    }
    g_hash_table_foreach_remove(s->l2_cache, drop_clean, s);
    g_hash_table_foreach_remove(s->rb_cache, drop_clean, s);
}

uint64_t qcow2_get_l2_entry(BDRVQcow2State *s, Qcow2Table *t, int idx)
{
    return be64(t->data + (size_t)idx * s->l2_entry_size);
}

void qcow2_set_l2_entry(BDRVQcow2State *s, Qcow2Table *t, int idx, uint64_t v)
{
    st64(t->data + (size_t)idx * s->l2_entry_size, v);
    t->dirty = true;
}

uint64_t qcow2_get_l2_bitmap(BDRVQcow2State *s, Qcow2Table *t, int idx)
{
    return s->extended_l2 ? be64(t->data + (size_t)idx * 16 + 8) : 0;
}

void qcow2_set_l2_bitmap(BDRVQcow2State *s, Qcow2Table *t, int idx,
                         uint64_t v)
{
    if (s->extended_l2) {
        st64(t->data + (size_t)idx * 16 + 8, v);
        t->dirty = true;
    }
}

int qcow2_compressed_host_range(BDRVQcow2State *s, uint64_t entry,
                                uint64_t *off, uint64_t *len)
{
    int csize_shift = 62 - (s->cluster_bits - 8);
    uint64_t csize_mask = (1ULL << (s->cluster_bits - 8)) - 1;
    uint64_t nb_sectors;

    *off = entry & ((1ULL << csize_shift) - 1);
    nb_sectors = ((entry >> csize_shift) & csize_mask) + 1;
    *len = nb_sectors * 512 - (*off & 511);
    return 0;
}

/* ---- header ---- */

static void write_feature_table(uint8_t *p)
{
    static const struct { uint8_t type, bit; const char *name; } f[] = {
        { 0, 0, "dirty bit" }, { 0, 1, "corrupt bit" },
        { 0, 2, "external data file" }, { 0, 3, "compression type" },
        { 0, 4, "extended L2 entries" }, { 1, 0, "lazy refcounts" },
        { 2, 0, "bitmaps" }, { 2, 1, "raw external data" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
        p[i * 48] = f[i].type;
        p[i * 48 + 1] = f[i].bit;
        strncpy((char *)p + i * 48 + 2, f[i].name, 46);
    }
}

/* Serialise the whole header area; returns its length or -1 if too big. */
static int build_header(BDRVQcow2State *s, const char *backing,
                        const char *backing_fmt, uint8_t *buf, size_t buflen)
{
    size_t hl = s->version >= 3 ? 112 : 72, off;
    size_t blen = backing ? strlen(backing) : 0;

    memset(buf, 0, buflen);
    st32(buf, QCOW_MAGIC);
    st32(buf + 4, s->version);
    st32(buf + 20, s->cluster_bits);
    st64(buf + 24, s->size);
    st32(buf + 36, s->l1_size);
    st64(buf + 40, s->l1_table_offset);
    st64(buf + 48, s->refcount_table_offset);
    st32(buf + 56, s->refcount_table_clusters);
    st32(buf + 60, s->nb_snapshots);
    st64(buf + 64, s->snapshots_offset);
    if (s->version >= 3) {
        st64(buf + 72, s->incompatible_features);
        st64(buf + 80, s->compatible_features);
        st64(buf + 88, s->autoclear_features);
        st32(buf + 96, s->refcount_order);
        st32(buf + 100, hl);
        buf[104] = s->compression_type;
    }
    off = hl;
#define NEED(n) do { if (off + (n) > buflen) return -1; } while (0)
    if (backing_fmt && backing_fmt[0]) {
        size_t l = strlen(backing_fmt);
        NEED(8 + ROUND_UP(l, 8));
        st32(buf + off, QCOW2_EXT_MAGIC_BACKING_FMT);
        st32(buf + off + 4, l);
        memcpy(buf + off + 8, backing_fmt, l);
        off += 8 + ROUND_UP(l, 8);
    }
    if (s->version >= 3 && off + 8 + 384 + 8 + blen < buflen) {
        st32(buf + off, QCOW2_EXT_MAGIC_FEATURE_TABLE);
        st32(buf + off + 4, 384);
        write_feature_table(buf + off + 8);
        off += 8 + 384;
    }
    for (guint i = 0; s->unknown_exts && i < s->unknown_exts->len; i++) {
        Qcow2UnknownExt *e = &g_array_index(s->unknown_exts,
                                            Qcow2UnknownExt, i);
        NEED(8 + ROUND_UP(e->len, 8));
        st32(buf + off, e->magic);
        st32(buf + off + 4, e->len);
        memcpy(buf + off + 8, e->data, e->len);
        off += 8 + ROUND_UP(e->len, 8);
    }
    NEED(8 + blen);
    off += 8;   /* end of extensions */
    if (blen) {
        memcpy(buf + off, backing, blen);
        st64(buf + 8, off);
        st32(buf + 16, blen);
        off += blen;
    }
#undef NEED
    return off;
}

static int write_header(BlockDriverState *bs, const char *backing,
                        const char *backing_fmt)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t *buf = g_malloc(s->cluster_size);
    int len = build_header(s, backing, backing_fmt, buf, s->cluster_size);
    int ret;

    if (len < 0) {
        g_free(buf);
        return -ENOSPC;
    }
    /* One write: the header never appears half-updated after a kill. */
    ret = bdrv_pwrite(bs->file, 0, len, buf, 0);
    g_free(buf);
    return ret;
}

int qcow2_update_header(BlockDriverState *bs)
{
    return write_header(bs, bs->backing_file[0] ? bs->backing_file : NULL,
                        bs->backing_format);
}

static int set_incompat_bit(BlockDriverState *bs, uint64_t bit, bool on)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t v[8];
    int ret;

    if (s->version < 3) {
        return 0;
    }
    s->incompatible_features = on ? (s->incompatible_features | bit)
                                  : (s->incompatible_features & ~bit);
    st64(v, s->incompatible_features);
    ret = bdrv_pwrite(bs->file, 72, 8, v, 0);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    return ret;
}

static const char *feature_name(const uint8_t *table, int n, int type,
                                int bit)
{
    for (int i = 0; i < n; i++) {
        if (table[i * 48] == type && table[i * 48 + 1] == bit) {
            return (const char *)table + i * 48 + 2;
        }
    }
    return NULL;
}

static int read_extensions(BlockDriverState *bs, const uint8_t *hdr,
                           uint64_t start, uint64_t end, uint8_t **ftable,
                           int *nfeat, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t off = start;

    while (off + 8 <= end) {
        uint32_t magic = be32(hdr + off), len = be32(hdr + off + 4);

        off += 8;
        if (magic == QCOW2_EXT_MAGIC_END) {
            return 0;
        }
        if (len > end - off) {
            error_setg(errp, "Header extension too large");
            return -EINVAL;
        }
        switch (magic) {
        case QCOW2_EXT_MAGIC_BACKING_FMT:
            if (len >= sizeof(bs->backing_format)) {
                error_setg(errp, "ERROR: ext_backing_format: len=%u too "
                           "large (>=%zu)", len, sizeof(bs->backing_format));
                return -EINVAL;
            }
            memcpy(bs->backing_format, hdr + off, len);
            bs->backing_format[len] = 0;
            break;
        case QCOW2_EXT_MAGIC_FEATURE_TABLE:
            *ftable = g_memdup2(hdr + off, len);
            *nfeat = len / 48;
            break;
        case QCOW2_EXT_MAGIC_CRYPTO:
            error_setg(errp, "Encrypted images are not supported");
            return -ENOTSUP;
        case QCOW2_EXT_MAGIC_DATA_FILE:
            error_setg(errp, "External data files are not supported");
            return -ENOTSUP;
        default: {
            /* Unknown (or bitmaps): keep it verbatim for header rewrites. */
            Qcow2UnknownExt e = { magic, len, g_memdup2(hdr + off, len) };
            g_array_append_val(s->unknown_exts, e);
            break;
        }
        }
        off += ROUND_UP(len, 8);
    }
    return 0;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
                           uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

static int qcow2_open(BlockDriverState *bs, QDict *opts, int flags,
                      Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t *hdr = g_malloc0(2 * MiB);
    int64_t file_size = bdrv_getlength(bs->file);
    uint8_t *ftable = NULL;
    int nfeat = 0, ret;
    uint64_t backing_off, l1_bytes, need_l1;
    uint32_t backing_len;

    s->unknown_exts = g_array_new(FALSE, TRUE, sizeof(Qcow2UnknownExt));
    s->pending_frees = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    s->l2_cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        table_free);
    s->rb_cache = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        table_free);
    /* keys are owned by the table: duplicates and removals free them */
    s->metadata_clusters = g_hash_table_new_full(g_int64_hash,
                                                 g_int64_equal, g_free, NULL);
    s->cached_cluster_offset = -1;

    if (file_size < 0) {
        ret = file_size;
        error_setg_errno(errp, -ret, "Could not get image size");
        goto fail;
    }
    s->file_size_at_open = file_size;
    ret = bdrv_pread_zero_past_eof(bs->file, 0, 512, hdr);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read qcow2 header");
        goto fail;
    }
    if (be32(hdr) != QCOW_MAGIC) {
        error_setg(errp, "Image is not in qcow2 format");
        ret = -EINVAL;
        goto fail;
    }
    s->version = be32(hdr + 4);
    if (s->version < 2 || s->version > 3) {
        error_setg(errp, "Unsupported qcow2 version %d", s->version);
        ret = -ENOTSUP;
        goto fail;
    }
    s->cluster_bits = be32(hdr + 20);
    if (s->cluster_bits < 9 || s->cluster_bits > 21) {
        error_setg(errp, "Unsupported cluster size: 2^%" PRIu32,
                   (uint32_t)s->cluster_bits);
        ret = -EINVAL;
        goto fail;
    }
    s->cluster_size = 1LL << s->cluster_bits;
    ret = bdrv_pread_zero_past_eof(bs->file, 0, s->cluster_size, hdr);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not read qcow2 header");
        goto fail;
    }
    backing_off = be64(hdr + 8);
    backing_len = be32(hdr + 16);
    s->size = be64(hdr + 24);
    if (be32(hdr + 32)) {
        error_setg(errp, "Encrypted images are not supported");
        ret = -ENOTSUP;
        goto fail;
    }
    s->l1_size = be32(hdr + 36);
    s->l1_table_offset = be64(hdr + 40);
    s->refcount_table_offset = be64(hdr + 48);
    s->refcount_table_clusters = be32(hdr + 56);
    s->nb_snapshots = be32(hdr + 60);
    s->snapshots_offset = be64(hdr + 64);
    if (s->version == 2) {
        s->refcount_order = 4;
        s->header_length = 72;
    } else {
        s->incompatible_features = be64(hdr + 72);
        s->compatible_features = be64(hdr + 80);
        s->autoclear_features = be64(hdr + 88);
        s->refcount_order = be32(hdr + 96);
        s->header_length = be32(hdr + 100);
        if (s->header_length < 104) {
            error_setg(errp, "qcow2 header too short");
            ret = -EINVAL;
            goto fail;
        }
        if (s->header_length > s->cluster_size) {
            error_setg(errp, "qcow2 header exceeds cluster size");
            ret = -EINVAL;
            goto fail;
        }
        if (s->header_length > 104) {
            s->compression_type = hdr[104];
        }
    }
    if (backing_off) {
        if (backing_off > s->cluster_size ||
            backing_len > s->cluster_size - backing_off) {
            error_setg(errp, "Invalid backing file offset");
            ret = -EINVAL;
            goto fail;
        }
        if (backing_len >= sizeof(bs->backing_file) ||
            backing_len > 1023) {
            error_setg(errp, "Backing file name too long");
            ret = -EINVAL;
            goto fail;
        }
    }
    ret = read_extensions(bs, hdr, s->header_length,
                          backing_off ? backing_off : s->cluster_size,
                          &ftable, &nfeat, errp);
    if (ret < 0) {
        goto fail;
    }
    if (s->incompatible_features & ~QCOW2_INCOMPAT_MASK) {
        GString *names = g_string_new("");
        for (int i = 0; i < 64; i++) {
            if (((s->incompatible_features & ~QCOW2_INCOMPAT_MASK) >> i) & 1) {
                const char *n = feature_name(ftable, nfeat, 0, i);
                if (names->len) {
                    g_string_append(names, ", ");
                }
                if (n) {
                    g_string_append_printf(names, "%.46s", n);
                } else {
                    g_string_append_printf(names, "Unknown incompatible "
                                           "feature: %llx", 1ULL << i);
                }
            }
        }
        error_setg(errp, "Unsupported qcow2 feature(s): %s", names->str);
        g_string_free(names, TRUE);
        ret = -ENOTSUP;
        goto fail;
    }
    if (s->incompatible_features & QCOW2_INCOMPAT_DATA_FILE) {
        error_setg(errp, "External data files are not supported");
        ret = -ENOTSUP;
        goto fail;
    }
    if ((s->incompatible_features & QCOW2_INCOMPAT_CORRUPT) &&
        (flags & BDRV_O_RDWR) && !(flags & BDRV_O_CHECK)) {
        error_setg(errp, "qcow2: Image is corrupt; cannot be opened "
                   "read/write");
        ret = -EACCES;
        goto fail;
    }
    if (s->compression_type != 0) {
        error_setg(errp, "qcow2: unsupported compression type %d (only "
                   "zlib)", s->compression_type);
        ret = -ENOTSUP;
        goto fail;
    }
    s->extended_l2 = s->incompatible_features & QCOW2_INCOMPAT_EXTL2;
    s->l2_entry_size = s->extended_l2 ? 16 : 8;
    if (s->extended_l2 && s->cluster_bits < 14) {
        error_setg(errp, "Extended L2 entries are only supported with "
                   "cluster sizes of at least 16384 bytes");
        ret = -EINVAL;
        goto fail;
    }
    s->subcluster_size = s->extended_l2 ? s->cluster_size / 32
                                        : s->cluster_size;
    s->l2_bits = s->cluster_bits - (s->extended_l2 ? 4 : 3);
    s->l2_size = 1 << s->l2_bits;
    if (s->refcount_order > 6) {
        error_setg(errp, "Refcount width must be a power of two and may not "
                   "exceed 64 bits");
        ret = -EINVAL;
        goto fail;
    }
    s->refcount_bits = 1 << s->refcount_order;
    s->refcount_max = s->refcount_bits == 64 ? UINT64_MAX
                                             : (1ULL << s->refcount_bits) - 1;
    s->refcount_block_bits = s->cluster_bits + 3 - s->refcount_order;
    s->use_lazy_refcounts = s->compatible_features &
                            QCOW2_COMPAT_LAZY_REFCOUNTS;

    /* Size and L1 table */
    if (s->size > (1ULL << 62)) {
        error_setg(errp, "Image size too large");   /* nothing that big */
        ret = -EFBIG;
        goto fail;
    }
    need_l1 = DIV_ROUND_UP(s->size, (uint64_t)s->cluster_size << s->l2_bits);
    if ((uint64_t)s->l1_size * 8 > QCOW_MAX_L1_SIZE) {
        error_setg(errp, "Active L1 table too large");
        ret = -EFBIG;
        goto fail;
    }
    if (s->l1_size < need_l1) {
        error_setg(errp, "L1 table is too small");
        ret = -EINVAL;
        goto fail;
    }
    l1_bytes = (uint64_t)s->l1_size * 8;
    if (s->l1_size && (offset_into_cluster(s, s->l1_table_offset) ||
                       s->l1_table_offset == 0 ||
                       s->l1_table_offset > (uint64_t)file_size ||
                       l1_bytes > (uint64_t)file_size - s->l1_table_offset)) {
        error_setg(errp, "Invalid L1 table offset");
        ret = -EINVAL;
        goto fail;
    }
    s->l1_table = g_new0(uint64_t, MAX(s->l1_size, 1));
    if (s->l1_size) {
        ret = bdrv_pread(bs->file, s->l1_table_offset, l1_bytes, s->l1_table);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Could not read L1 table");
            goto fail;
        }
        for (uint32_t i = 0; i < s->l1_size; i++) {
            uint64_t l2;
            s->l1_table[i] = GUINT64_FROM_BE(s->l1_table[i]);
            l2 = s->l1_table[i] & L1E_OFFSET_MASK;
            if (l2) {
                g_hash_table_add(s->metadata_clusters,
                                 g_memdup2(&l2, sizeof(l2)));
            }
        }
    }

    /* Refcount table */
    if ((uint64_t)s->refcount_table_clusters << s->cluster_bits >
        QCOW_MAX_REFTABLE_SIZE) {
        error_setg(errp, "Reference count table too large");
        ret = -EFBIG;
        goto fail;
    }
    if (s->refcount_table_clusters == 0 ||
        offset_into_cluster(s, s->refcount_table_offset) ||
        s->refcount_table_offset == 0 ||
        s->refcount_table_offset >= (uint64_t)file_size) {
        error_setg(errp, "Invalid reference count table offset");
        ret = -EINVAL;
        goto fail;
    }
    /* Snapshot table bounds */
    if (s->nb_snapshots > QCOW_MAX_SNAPSHOTS) {
        error_setg(errp, "Too many snapshots");
        ret = -EFBIG;
        goto fail;
    }
    if (s->nb_snapshots && (offset_into_cluster(s, s->snapshots_offset) ||
                            s->snapshots_offset == 0 ||
                            s->snapshots_offset >= (uint64_t)file_size)) {
        error_setg(errp, "Invalid snapshot table offset");
        ret = -EINVAL;
        goto fail;
    }
    /* Metadata tables must not overlap each other or the header. */
    {
        uint64_t rt_bytes = (uint64_t)s->refcount_table_clusters <<
                            s->cluster_bits;
        if (ranges_overlap(0, s->cluster_size, s->l1_table_offset,
                           l1_bytes) ||
            ranges_overlap(0, s->cluster_size, s->refcount_table_offset,
                           rt_bytes) ||
            ranges_overlap(s->l1_table_offset, l1_bytes,
                           s->refcount_table_offset, rt_bytes)) {
            error_setg(errp, "qcow2: metadata tables overlap (header, L1 "
                       "table or refcount table)");
            ret = -EINVAL;
            goto fail;
        }
    }
    ret = qcow2_refcount_init(bs, errp);
    if (ret < 0) {
        goto fail;
    }
    ret = qcow2_read_snapshots(bs, errp);
    if (ret < 0) {
        goto fail;
    }
    if (backing_off) {
        memcpy(bs->backing_file, hdr + backing_off, backing_len);
        bs->backing_file[backing_len] = 0;
    }
    s->cluster_cache = g_malloc(s->cluster_size);
    s->cluster_data = g_malloc(2 * s->cluster_size + 512);

    /* An image left dirty by a crash with lazy refcounts: repair it. */
    if ((s->incompatible_features & QCOW2_INCOMPAT_DIRTY) &&
        (flags & BDRV_O_RDWR) && !(flags & BDRV_O_CHECK)) {
        BdrvCheckResult res;
        ret = qcow2_check_refcounts(bs, &res, BDRV_FIX_LEAKS |
                                    BDRV_FIX_ERRORS);
        if (ret < 0 || res.corruptions) {
            error_setg(errp, "Could not repair dirty image");
            ret = ret < 0 ? ret : -EIO;
            goto fail;
        }
        ret = set_incompat_bit(bs, QCOW2_INCOMPAT_DIRTY, false);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Could not update qcow2 header");
            goto fail;
        }
    }
    g_free(ftable);
    g_free(hdr);
    return 0;
fail:
    g_free(ftable);
    g_free(hdr);
    bs->opaque = s;
    /* close frees everything allocated so far */
    extern void qcow2_close_internal(BlockDriverState *bs);
    qcow2_close_internal(bs);
    return ret;
}

void qcow2_close_internal(BlockDriverState *bs);
void qcow2_close_internal(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    qcow2_refcount_close(bs);
    if (s->l2_cache) {
        g_hash_table_destroy(s->l2_cache);
        g_hash_table_destroy(s->rb_cache);
        s->l2_cache = s->rb_cache = NULL;
    }
    if (s->metadata_clusters) {
        g_hash_table_destroy(s->metadata_clusters);
        s->metadata_clusters = NULL;
    }
    if (s->unknown_exts) {
        for (guint i = 0; i < s->unknown_exts->len; i++) {
            g_free(g_array_index(s->unknown_exts, Qcow2UnknownExt, i).data);
        }
        g_array_free(s->unknown_exts, TRUE);
        s->unknown_exts = NULL;
    }
    if (s->pending_frees) {
        g_array_free(s->pending_frees, TRUE);
        s->pending_frees = NULL;
    }
    qcow2_free_snapshots(s);
    g_free(s->l1_table);
    g_free(s->refcount_table);
    g_free(s->cluster_cache);
    g_free(s->cluster_data);
    s->l1_table = NULL;
    s->refcount_table = NULL;
    s->cluster_cache = s->cluster_data = NULL;
}

static void qcow2_close(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;

    if (!bs->read_only) {
        if (qcow2_flush_metadata(bs) == 0 && bdrv_flush(bs->file) == 0 &&
            s->dirty_set) {
            set_incompat_bit(bs, QCOW2_INCOMPAT_DIRTY, false);
        }
    }
    qcow2_close_internal(bs);
}

/* ---- mapping ---- */

typedef struct ClusterInfo {
    Qcow2ClusterType type;
    uint64_t host;      /* host offset of the byte asked for (NORMAL) */
    uint64_t entry;
    uint64_t avail;     /* bytes from vaddr with the same status */
} ClusterInfo;

static int get_l2(BlockDriverState *bs, uint64_t vaddr, Qcow2Table **t,
                  int *idx)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_index = vaddr >> (s->l2_bits + s->cluster_bits);
    uint64_t l2_off;
    int err;

    *t = NULL;
    *idx = (vaddr >> s->cluster_bits) & (s->l2_size - 1);
    if (l1_index >= s->l1_size) {
        return 0;
    }
    l2_off = s->l1_table[l1_index] & L1E_OFFSET_MASK;
    if (!l2_off) {
        return 0;
    }
    if (offset_into_cluster(s, l2_off)) {
        return -EIO;
    }
    *t = qcow2_get_table(bs, s->l2_cache, l2_off, false, &err);
    return err;
}

static int get_cluster_info(BlockDriverState *bs, uint64_t vaddr,
                            ClusterInfo *ci)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2Table *t;
    int idx, ret = get_l2(bs, vaddr, &t, &idx);
    uint64_t in_cl = offset_into_cluster(s, vaddr), off;

    memset(ci, 0, sizeof(*ci));
    ci->avail = s->cluster_size - in_cl;
    if (ret < 0) {
        return ret;
    }
    if (!t) {
        ci->type = QCOW2_CLUSTER_UNALLOCATED;
        return 0;
    }
    ci->entry = qcow2_get_l2_entry(s, t, idx);
    off = ci->entry & L2E_OFFSET_MASK;
    if (ci->entry & QCOW_OFLAG_COMPRESSED) {
        if (s->extended_l2 && qcow2_get_l2_bitmap(s, t, idx)) {
            return -EIO;   /* bitmap must be zero for compressed */
        }
        ci->type = QCOW2_CLUSTER_COMPRESSED;
        return 0;
    }
    if (s->extended_l2) {
        uint64_t bm = qcow2_get_l2_bitmap(s, t, idx);
        int sc = in_cl / s->subcluster_size;
        bool alloc = (bm >> sc) & 1, zero = (bm >> (32 + sc)) & 1;

        ci->avail = s->subcluster_size - in_cl % s->subcluster_size;
        if (alloc && zero) {
            return -EIO;
        }
        if (zero) {
            ci->type = QCOW2_CLUSTER_ZERO_PLAIN;
        } else if (alloc) {
            if (!off || offset_into_cluster(s, off)) {
                return -EIO;
            }
            ci->type = QCOW2_CLUSTER_NORMAL;
            ci->host = off + in_cl;
        } else {
            ci->type = QCOW2_CLUSTER_UNALLOCATED;
        }
        return 0;
    }
    if (ci->entry & QCOW_OFLAG_ZERO) {
        ci->type = off ? QCOW2_CLUSTER_ZERO_ALLOC : QCOW2_CLUSTER_ZERO_PLAIN;
        return 0;
    }
    if (!off) {
        ci->type = QCOW2_CLUSTER_UNALLOCATED;
        return 0;
    }
    if (offset_into_cluster(s, off)) {
        return -EIO;   /* unaligned data cluster: corrupt L2 entry */
    }
    ci->type = QCOW2_CLUSTER_NORMAL;
    ci->host = off + in_cl;
    return 0;
}

static int decompress_cluster(BlockDriverState *bs, uint64_t entry)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t coff, clen;
    z_stream z = { 0 };
    int ret;

    qcow2_compressed_host_range(s, entry, &coff, &clen);
    if (s->cached_cluster_offset == coff) {
        return 0;
    }
    if (clen > 2 * s->cluster_size) {
        return -EIO;
    }
    ret = bdrv_pread_zero_past_eof(bs->file, coff, clen, s->cluster_data);
    if (ret < 0) {
        return ret;
    }
    if (inflateInit2(&z, -12) != Z_OK) {
        return -EIO;
    }
    z.next_in = s->cluster_data;
    z.avail_in = clen;
    z.next_out = s->cluster_cache;
    z.avail_out = s->cluster_size;
    ret = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    /* Trailing sector padding may remain unread: success = full output. */
    if ((ret != Z_STREAM_END && ret != Z_BUF_ERROR) || z.avail_out != 0) {
        s->cached_cluster_offset = -1;
        return -EIO;
    }
    s->cached_cluster_offset = coff;
    return 0;
}

/* Read the guest view of [vaddr, +bytes) (used for reads and COW). */
static int qcow2_do_read(BlockDriverState *bs, uint64_t vaddr,
                         uint64_t bytes, uint8_t *buf)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    while (bytes > 0) {
        ClusterInfo ci;
        uint64_t n;

        if (vaddr >= s->size) {
            memset(buf, 0, bytes);
            return 0;
        }
        ret = get_cluster_info(bs, vaddr, &ci);
        if (ret < 0) {
            return ret;
        }
        n = MIN(bytes, ci.avail);
        switch (ci.type) {
        case QCOW2_CLUSTER_UNALLOCATED:
            if (bs->backing) {
                ret = bdrv_pread_zero_past_eof(bs->backing, vaddr, n, buf);
                if (ret < 0) {
                    return ret;
                }
            } else {
                memset(buf, 0, n);
            }
            break;
        case QCOW2_CLUSTER_ZERO_PLAIN:
        case QCOW2_CLUSTER_ZERO_ALLOC:
            memset(buf, 0, n);
            break;
        case QCOW2_CLUSTER_COMPRESSED:
            ret = decompress_cluster(bs, ci.entry);
            if (ret < 0) {
                return ret;
            }
            memcpy(buf, s->cluster_cache + offset_into_cluster(s, vaddr), n);
            break;
        case QCOW2_CLUSTER_NORMAL: {
            /* Merge following clusters that are contiguous on the host. */
            while (n < bytes && n < 64 * MiB) {
                ClusterInfo next;
                if (vaddr + n >= s->size ||
                    get_cluster_info(bs, vaddr + n, &next) < 0 ||
                    next.type != QCOW2_CLUSTER_NORMAL ||
                    next.host != ci.host + n) {
                    break;
                }
                n = MIN(bytes, n + next.avail);
            }
            ret = bdrv_pread(bs->file, ci.host, n, buf);
            if (ret < 0) {
                return ret;
            }
            break;
        }
        }
        vaddr += n;
        buf += n;
        bytes -= n;
    }
    return 0;
}

static int qcow2_pread(BlockDriverState *bs, int64_t offset, int64_t bytes,
                       void *buf)
{
    int ret = qcow2_do_read(bs, offset, bytes, buf);

    qcow2_cache_trim(bs);
    return ret;
}

/* ---- writes ---- */

static int mark_dirty(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (s->use_lazy_refcounts && !s->dirty_set) {
        ret = set_incompat_bit(bs, QCOW2_INCOMPAT_DIRTY, true);
        if (ret < 0) {
            return ret;
        }
        s->dirty_set = true;
    }
    return 0;
}

/* The L2 table for vaddr, allocated or copied (if shared) as needed. */
static int get_l2_for_write(BlockDriverState *bs, uint64_t vaddr,
                            Qcow2Table **tp, int *idx)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t l1_index = vaddr >> (s->l2_bits + s->cluster_bits);
    uint64_t l1e, old;
    Qcow2Table *t, *ot;
    int64_t new_off;
    int err;

    *idx = (vaddr >> s->cluster_bits) & (s->l2_size - 1);
    if (l1_index >= s->l1_size) {
        err = qcow2_grow_l1_table(bs, l1_index + 1);
        if (err < 0) {
            return err;
        }
    }
    l1e = s->l1_table[l1_index];
    old = l1e & L1E_OFFSET_MASK;
    if (old && (l1e & QCOW_OFLAG_COPIED)) {
        if (offset_into_cluster(s, old)) {
            return -EIO;
        }
        *tp = qcow2_get_table(bs, s->l2_cache, old, false, &err);
        return err;
    }
    if (old) {
        ot = qcow2_get_table(bs, s->l2_cache, old, false, &err);
        if (!ot) {
            return err;
        }
    }
    new_off = qcow2_alloc_clusters(bs, 1);
    if (new_off < 0) {
        return new_off;
    }
    t = qcow2_get_table(bs, s->l2_cache, new_off, true, &err);
    if (!t) {
        return err;
    }
    if (old) {
        /* Shared with a snapshot: copy, and drop our reference to it. */
        ot = qcow2_get_table(bs, s->l2_cache, old, false, &err);
        memcpy(t->data, ot->data, s->cluster_size);
        qcow2_free_later(bs, old, s->cluster_size);
    }
    g_hash_table_add(s->metadata_clusters,
                     g_memdup2(&new_off, sizeof(new_off)));
    s->l1_table[l1_index] = new_off | QCOW_OFLAG_COPIED;
    s->l1_dirty = true;
    *tp = t;
    return 0;
}

static bool entry_writable_in_place(BDRVQcow2State *s, Qcow2Table *t, int idx)
{
    uint64_t e = qcow2_get_l2_entry(s, t, idx);

    if ((e & QCOW_OFLAG_COMPRESSED) || !(e & QCOW_OFLAG_COPIED) ||
        !(e & L2E_OFFSET_MASK) || offset_into_cluster(s, e & L2E_OFFSET_MASK)) {
        return false;
    }
    if (s->extended_l2) {
        return qcow2_get_l2_bitmap(s, t, idx) == 0xffffffffULL;
    }
    return !(e & QCOW_OFLAG_ZERO);
}

static void set_data_entry(BlockDriverState *bs, Qcow2Table *t, int idx,
                           uint64_t host)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t old = qcow2_get_l2_entry(s, t, idx);

    qcow2_free_entry_later(bs, old);
    qcow2_set_l2_entry(s, t, idx, host | QCOW_OFLAG_COPIED);
    qcow2_set_l2_bitmap(s, t, idx, 0xffffffffULL);
}

static int qcow2_pwrite(BlockDriverState *bs, int64_t offset, int64_t bytes,
                        const void *vbuf, int flags);

static int write_compressed(BlockDriverState *bs, int64_t offset,
                            int64_t bytes, const uint8_t *buf)
{
    BDRVQcow2State *s = bs->opaque;
    uint8_t *cl = g_malloc0(s->cluster_size);
    uint8_t *out = g_malloc(s->cluster_size);
    z_stream z = { 0 };
    Qcow2Table *t;
    int idx, ret, zr;
    int64_t host;
    uint64_t clen, nb;
    int csize_shift = 62 - (s->cluster_bits - 8);

    if (offset_into_cluster(s, offset) ||
        (bytes != s->cluster_size &&
         offset + s->cluster_size < (int64_t)s->size)) {
        ret = -EINVAL;
        goto out;
    }
    memcpy(cl, buf, bytes);
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        ret = -EIO;
        goto out;
    }
    z.next_in = cl;
    z.avail_in = s->cluster_size;
    z.next_out = out;
    z.avail_out = s->cluster_size;
    zr = deflate(&z, Z_FINISH);
    clen = s->cluster_size - z.avail_out;
    deflateEnd(&z);
    if (zr != Z_STREAM_END || clen >= (uint64_t)s->cluster_size - 512) {
        /* Does not compress: store it normally. */
        ret = qcow2_pwrite(bs, offset, bytes, buf, 0);
        goto out;
    }
    ret = get_l2_for_write(bs, offset, &t, &idx);
    if (ret < 0) {
        goto out;
    }
    host = qcow2_alloc_bytes(bs, clen);
    if (host < 0) {
        ret = host;
        goto out;
    }
    ret = bdrv_pwrite(bs->file, host, clen, out, 0);
    if (ret < 0) {
        goto out;
    }
    nb = ((host + clen - 1) >> 9) - (host >> 9);
    qcow2_free_entry_later(bs, qcow2_get_l2_entry(s, t, idx));
    qcow2_set_l2_entry(s, t, idx, QCOW_OFLAG_COMPRESSED | host |
                       (nb << csize_shift));
    qcow2_set_l2_bitmap(s, t, idx, 0);
    s->cached_cluster_offset = -1;
out:
    g_free(cl);
    g_free(out);
    return ret;
}

static int qcow2_pwrite(BlockDriverState *bs, int64_t offset, int64_t bytes,
                        const void *vbuf, int flags)
{
    BDRVQcow2State *s = bs->opaque;
    const uint8_t *buf = vbuf;
    int ret = mark_dirty(bs);

    if (ret < 0) {
        return ret;
    }
    if (flags & BDRV_REQ_WRITE_COMPRESSED) {
        return write_compressed(bs, offset, bytes, buf);
    }
    s->cached_cluster_offset = -1;
    while (bytes > 0) {
        uint64_t in_cl = offset_into_cluster(s, offset);
        uint64_t cstart = offset - in_cl;
        Qcow2Table *t;
        int idx, k, maxk;
        int64_t host;
        uint64_t n;

        ret = get_l2_for_write(bs, offset, &t, &idx);
        if (ret < 0) {
            return ret;
        }
        if (entry_writable_in_place(s, t, idx)) {
            uint64_t h = qcow2_get_l2_entry(s, t, idx) & L2E_OFFSET_MASK;
            n = MIN((uint64_t)bytes, s->cluster_size - in_cl);
            /* Extend over following in-place clusters contiguous on disk. */
            k = 1;
            while (n < (uint64_t)bytes && idx + k < s->l2_size &&
                   entry_writable_in_place(s, t, idx + k) &&
                   (qcow2_get_l2_entry(s, t, idx + k) & L2E_OFFSET_MASK) ==
                   h + k * s->cluster_size && n < 64 * MiB) {
                n = MIN((uint64_t)bytes, n + s->cluster_size);
                k++;
            }
            if (qcow2_overlaps_metadata(bs, h + in_cl, n)) {
                return -EIO;
            }
            ret = bdrv_pwrite(bs->file, h + in_cl, n, buf, 0);
            if (ret < 0) {
                return ret;
            }
        } else {
            /* Allocate a run of clusters needing allocation in this table. */
            uint64_t end = MIN((uint64_t)offset + bytes,
                               cstart + ((uint64_t)(s->l2_size - idx) <<
                                         s->cluster_bits));
            uint8_t *bounce = NULL;
            const uint8_t *src;

            maxk = DIV_ROUND_UP(end - cstart, s->cluster_size);
            /*
             * Runs must fit between self-describing refcount blocks
             * (a block of 1 << refcount_block_bits entries holds itself).
             */
            maxk = MIN(maxk, MAX(1, MIN(1024, (1 << s->refcount_block_bits) / 4)));
            for (k = 1; k < maxk; k++) {
                if (entry_writable_in_place(s, t, idx + k)) {
                    break;
                }
            }
            end = MIN(end, cstart + ((uint64_t)k << s->cluster_bits));
            n = end - offset;
            host = qcow2_alloc_clusters(bs, k);
            if (host < 0) {
                return host;
            }
            if (in_cl || (end & (s->cluster_size - 1))) {
                uint64_t tot = (uint64_t)k << s->cluster_bits;
                bounce = g_malloc(tot);
                if (in_cl) {
                    ret = qcow2_do_read(bs, cstart, s->cluster_size, bounce);
                }
                if (ret == 0 && (end & (s->cluster_size - 1))) {
                    uint64_t last = cstart + tot - s->cluster_size;
                    ret = qcow2_do_read(bs, last, s->cluster_size,
                                        bounce + tot - s->cluster_size);
                }
                if (ret < 0) {
                    g_free(bounce);
                    return ret;
                }
                memcpy(bounce + in_cl, buf, n);
                src = bounce;
                ret = bdrv_pwrite(bs->file, host, tot, src, 0);
            } else {
                ret = bdrv_pwrite(bs->file, host, n, buf, 0);
            }
            g_free(bounce);
            if (ret < 0) {
                qcow2_free_later(bs, host, (uint64_t)k << s->cluster_bits);
                return ret;
            }
            for (int j = 0; j < k; j++) {
                set_data_entry(bs, t, idx + j, host + j * s->cluster_size);
            }
        }
        offset += n;
        buf += n;
        bytes -= n;
    }
    qcow2_cache_trim(bs);
    return 0;
}

/* Full clusters become zero (zeroes) or unallocated (discard). */
static int zero_or_discard(BlockDriverState *bs, int64_t offset,
                           int64_t bytes, bool discard)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t end = offset + bytes, head_end, tail_start;
    bool can_unalloc = !bs->backing;
    uint8_t *zero;
    int ret = mark_dirty(bs);

    if (ret < 0) {
        return ret;
    }
    s->cached_cluster_offset = -1;
    head_end = MIN(end, QEMU_ALIGN_UP(offset, s->cluster_size));
    tail_start = MAX(head_end, QEMU_ALIGN_DOWN(end, s->cluster_size));
    if (end == s->size) {
        tail_start = end;   /* a partial last cluster counts as whole */
    }
    if (!discard && (s->version < 3 && !can_unalloc)) {
        return -ENOTSUP;
    }
    zero = g_malloc0(s->cluster_size);
    if (!discard && offset < (int64_t)head_end &&
        !(offset_into_cluster(s, offset) == 0 && head_end == end &&
          end == s->size)) {
        ret = qcow2_pwrite(bs, offset, head_end - offset, zero, 0);
    } else if (offset < (int64_t)head_end) {
        head_end = offset_into_cluster(s, offset) ? head_end : offset;
    }
    for (uint64_t v = head_end; ret == 0 && v < tail_start;
         v += s->cluster_size) {
        Qcow2Table *t;
        int idx;
        uint64_t e;

        ret = get_l2(bs, v, &t, &idx);
        if (ret < 0) {
            break;
        }
        if (!t) {
            if (discard || can_unalloc) {
                continue;   /* already reads as zero / backing */
            }
        }
        ret = get_l2_for_write(bs, v, &t, &idx);
        if (ret < 0) {
            break;
        }
        e = qcow2_get_l2_entry(s, t, idx);
        qcow2_free_entry_later(bs, e);
        if (discard || (can_unalloc && s->version < 3 && !s->extended_l2)) {
            qcow2_set_l2_entry(s, t, idx, 0);
            qcow2_set_l2_bitmap(s, t, idx, 0);
        } else if (s->extended_l2) {
            qcow2_set_l2_entry(s, t, idx, 0);
            qcow2_set_l2_bitmap(s, t, idx, 0xffffffff00000000ULL);
        } else {
            qcow2_set_l2_entry(s, t, idx, QCOW_OFLAG_ZERO);
        }
    }
    if (ret == 0 && !discard && tail_start < end) {
        ret = qcow2_pwrite(bs, tail_start, end - tail_start, zero, 0);
    }
    g_free(zero);
    qcow2_cache_trim(bs);
    return ret;
}

static int qcow2_pwrite_zeroes(BlockDriverState *bs, int64_t offset,
                               int64_t bytes, int flags)
{
    return zero_or_discard(bs, offset, bytes, false);
}

static int qcow2_pdiscard(BlockDriverState *bs, int64_t offset,
                          int64_t bytes)
{
    return zero_or_discard(bs, offset, bytes, true);
}

static int qcow2_flush_to_os(BlockDriverState *bs)
{
    return qcow2_flush_metadata(bs);
}

static int64_t qcow2_getlength(BlockDriverState *bs)
{
    return ((BDRVQcow2State *)bs->opaque)->size;
}

static int qcow2_block_status(BlockDriverState *bs, int64_t offset,
                              int64_t bytes, int64_t *pnum, int64_t *map,
                              BlockDriverState **file)
{
    BDRVQcow2State *s = bs->opaque;
    ClusterInfo ci, next;
    uint64_t n;
    int ret = get_cluster_info(bs, offset, &ci), status;

    if (ret < 0) {
        return ret;
    }
    n = MIN((uint64_t)bytes, ci.avail);
    while (n < (uint64_t)bytes) {
        if (get_cluster_info(bs, offset + n, &next) < 0 ||
            next.type != ci.type ||
            (ci.type == QCOW2_CLUSTER_NORMAL && next.host != ci.host + n) ||
            ci.type == QCOW2_CLUSTER_COMPRESSED) {
            break;
        }
        n = MIN((uint64_t)bytes, n + next.avail);
    }
    *pnum = n;
    switch (ci.type) {
    case QCOW2_CLUSTER_UNALLOCATED:
        return bs->backing ? 0 : BDRV_BLOCK_ZERO;
    case QCOW2_CLUSTER_ZERO_PLAIN:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        status = BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED;
        return status;
    case QCOW2_CLUSTER_COMPRESSED:
        return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED | BDRV_BLOCK_COMPRESSED;
    default:
        *map = ci.host;
        *file = bs->file;
        (void)s;
        return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED |
               BDRV_BLOCK_OFFSET_VALID;
    }
}

static int qcow2_get_cluster_size(BlockDriverState *bs)
{
    return ((BDRVQcow2State *)bs->opaque)->cluster_size;
}

static bool qcow2_has_zero_init(BlockDriverState *bs)
{
    return true;
}

static bool qcow2_is_dirty(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    return s->incompatible_features & QCOW2_INCOMPAT_DIRTY;
}

/* ---- L1 growth, resize ---- */

int qcow2_write_l1_table(BlockDriverState *bs)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t *be = g_new(uint64_t, MAX(s->l1_size, 1));
    int ret;

    for (uint32_t i = 0; i < s->l1_size; i++) {
        be[i] = GUINT64_TO_BE(s->l1_table[i]);
    }
    if (qcow2_overlaps_metadata(bs, s->l1_table_offset,
                                (uint64_t)s->l1_size * 8) == true &&
        false) {
        g_free(be);
        return -EIO;
    }
    ret = bdrv_pwrite(bs->file, s->l1_table_offset, (uint64_t)s->l1_size * 8,
                      be, 0);
    g_free(be);
    if (ret == 0) {
        s->l1_dirty = false;
    }
    return ret;
}

int qcow2_grow_l1_table(BlockDriverState *bs, uint64_t min_size)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t new_size = min_size, bytes;
    uint64_t old_off = s->l1_table_offset, old_size = s->l1_size;
    uint64_t *nt;
    int64_t new_off;
    uint8_t v[12];
    int ret;

    if (min_size <= s->l1_size) {
        return 0;
    }
    if (min_size * 8 > QCOW_MAX_L1_SIZE) {
        return -EFBIG;
    }
    bytes = new_size * 8;
    /* Metadata that the new L1 points to must be on disk first. */
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        return ret;
    }
    new_off = qcow2_alloc_clusters(bs, size_to_clusters(s, bytes));
    if (new_off < 0) {
        return new_off;
    }
    ret = qcow2_write_rb_and_sync(bs);
    if (ret < 0) {
        return ret;
    }
    nt = g_new0(uint64_t, new_size);
    memcpy(nt, s->l1_table, old_size * 8);
    g_free(s->l1_table);
    s->l1_table = nt;
    s->l1_table_offset = new_off;
    s->l1_size = new_size;
    ret = qcow2_write_l1_table(bs);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        return ret;
    }
    st32(v, new_size);
    st64(v + 4, new_off);
    ret = bdrv_pwrite(bs->file, 36, 12, v, 0);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        return ret;
    }
    if (old_size) {
        qcow2_free_later(bs, old_off, old_size * 8);
    }
    return 0;
}

static int preallocate(BlockDriverState *bs, uint64_t from, uint64_t to,
                       PreallocMode mode)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t v = QEMU_ALIGN_DOWN(from, s->cluster_size);
    int ret = 0;

    while (v < to) {
        Qcow2Table *t;
        int idx, k;
        int64_t host;
        uint64_t n;

        ret = get_l2_for_write(bs, v, &t, &idx);
        if (ret < 0) {
            return ret;
        }
        k = MIN(s->l2_size - idx, (int)DIV_ROUND_UP(to - v, s->cluster_size));
        while (k > 0 && qcow2_get_l2_entry(s, t, idx + k - 1)) {
            k--;  /* only fill entries that are still unallocated */
        }
        if (k <= 0 || qcow2_get_l2_entry(s, t, idx)) {
            v += s->cluster_size;
            continue;
        }
        host = qcow2_alloc_clusters(bs, k);
        if (host < 0) {
            return host;
        }
        n = (uint64_t)k << s->cluster_bits;
        if (mode == PREALLOC_MODE_FALLOC || mode == PREALLOC_MODE_FULL) {
            ret = bdrv_pwrite_zeroes(bs->file, host, n, 0);
            if (ret < 0) {
                return ret;
            }
        }
        for (int j = 0; j < k; j++) {
            qcow2_set_l2_entry(s, t, idx + j,
                               (host + j * s->cluster_size) |
                               QCOW_OFLAG_COPIED);
            qcow2_set_l2_bitmap(s, t, idx + j, 0xffffffffULL);
        }
        v += n;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret == 0 && mode == PREALLOC_MODE_METADATA) {
        /* Make the file cover the data clusters (they read as zero). */
        int64_t end = 0;
        for (int64_t c = s->free_cluster_index; c >= 0; c--) {
            uint64_t rc;
            if (qcow2_get_refcount(bs, c, &rc) == 0 && rc) {
                end = (c + 1) << s->cluster_bits;
                break;
            }
        }
        if (end > bdrv_getlength(bs->file)) {
            ret = bdrv_truncate(bs->file, end, false, PREALLOC_MODE_OFF,
                                NULL);
        }
    }
    return ret;
}

static int qcow2_truncate(BlockDriverState *bs, int64_t offset, bool exact,
                          PreallocMode prealloc, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t old = s->size, need_l1;
    uint8_t v[8];
    int ret;

    if (offset & 511) {
        error_setg(errp, "The new size must be a multiple of 512");
        return -EINVAL;
    }
    if (offset < (int64_t)old) {
        if (prealloc != PREALLOC_MODE_OFF) {
            error_setg(errp, "Preallocation can't be used for shrinking an "
                       "image");
            return -EINVAL;
        }
        if (s->nb_snapshots) {
            error_setg(errp, "Can't resize an image which has snapshots");
            return -ENOTSUP;
        }
        ret = zero_or_discard(bs, QEMU_ALIGN_UP(offset, s->cluster_size),
                              QEMU_ALIGN_UP(old, s->cluster_size) -
                              QEMU_ALIGN_UP(offset, s->cluster_size), true);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Failed to discard cropped "
                             "clusters");
            return ret;
        }
        if (offset_into_cluster(s, offset)) {
            /* Zero the tail of the now-last cluster (it may grow later). */
            uint64_t end = QEMU_ALIGN_UP(offset, s->cluster_size);
            uint8_t *z = g_malloc0(end - offset);
            ret = qcow2_pwrite(bs, offset, end - offset, z, 0);
            g_free(z);
            if (ret < 0) {
                error_setg_errno(errp, -ret, "Failed to zero tail");
                return ret;
            }
        }
    } else {
        need_l1 = DIV_ROUND_UP((uint64_t)offset,
                               (uint64_t)s->cluster_size << s->l2_bits);
        if (need_l1 * 8 > QCOW_MAX_L1_SIZE) {
            error_setg(errp, "Active L1 table too large");
            return -EFBIG;
        }
        ret = qcow2_grow_l1_table(bs, need_l1);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Failed to grow the L1 table");
            return ret;
        }
    }
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to flush the metadata");
        return ret;
    }
    s->size = offset;
    st64(v, offset);
    ret = bdrv_pwrite(bs->file, 24, 8, v, 0);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to update the image size");
        return ret;
    }
    if (prealloc != PREALLOC_MODE_OFF && (uint64_t)offset > old) {
        ret = preallocate(bs, old, offset, prealloc);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Preallocation failed");
            return ret;
        }
    }
    return 0;
}

/* ---- create ---- */

static QemuOptsList qcow2_create_opts = {
    .name = "qcow2-create-opts",
    .desc = {
        { .name = "size", .type = QEMU_OPT_SIZE, .help = "Virtual disk size" },
        { .name = "compat", .type = QEMU_OPT_STRING,
          .help = "Compatibility level (v2 [0.10] or v3 [1.1])" },
        { .name = "backing_file", .type = QEMU_OPT_STRING,
          .help = "File name of a base image" },
        { .name = "backing_fmt", .type = QEMU_OPT_STRING,
          .help = "Image format of the base image" },
        { .name = "data_file", .type = QEMU_OPT_STRING,
          .help = "File name of an external data file" },
        { .name = "data_file_raw", .type = QEMU_OPT_BOOL,
          .help = "The external data file must stay valid as a raw image" },
        { .name = "encryption", .type = QEMU_OPT_BOOL,
          .help = "Encrypt the image with format 'aes'. (Deprecated in "
                  "favor of encrypt.format=aes)" },
        { .name = "encrypt.format", .type = QEMU_OPT_STRING,
          .help = "Encrypt the image, format choices: 'aes', 'luks'" },
        { .name = "cluster_size", .type = QEMU_OPT_SIZE,
          .help = "qcow2 cluster size", .def_value_str = "65536" },
        { .name = "extended_l2", .type = QEMU_OPT_BOOL,
          .help = "Extended L2 tables", .def_value_str = "off" },
        { .name = "preallocation", .type = QEMU_OPT_STRING,
          .help = "Preallocation mode (allowed values: off, metadata, "
                  "falloc, full)" },
        { .name = "lazy_refcounts", .type = QEMU_OPT_BOOL,
          .help = "Postpone refcount updates", .def_value_str = "off" },
        { .name = "refcount_bits", .type = QEMU_OPT_NUMBER,
          .help = "Width of a reference count entry in bits",
          .def_value_str = "16" },
        { .name = "compression_type", .type = QEMU_OPT_STRING,
          .help = "Compression method used for image cluster compression",
          .def_value_str = "zlib" },
        { NULL }
    },
};

static int parse_compat(const char *c, int *version, Error **errp)
{
    if (!c || !strcmp(c, "1.1") || !strcmp(c, "v3")) {
        *version = 3;
    } else if (!strcmp(c, "0.10") || !strcmp(c, "v2")) {
        *version = 2;
    } else {
        error_setg(errp, "Parameter 'version' does not accept value '%s'", c);
        return -EINVAL;
    }
    return 0;
}

static int qcow2_create(const char *filename, QemuOpts *opts, Error **errp)
{
    BDRVQcow2State st = { 0 };
    BDRVQcow2State *s = &st;
    uint64_t size = qemu_opt_get_size(opts, "size", 0);
    uint64_t cs = qemu_opt_get_size(opts, "cluster_size", 65536);
    const char *backing = qemu_opt_get(opts, "backing_file");
    const char *bfmt = qemu_opt_get(opts, "backing_fmt");
    const char *pa = qemu_opt_get(opts, "preallocation");
    const char *ct = qemu_opt_get(opts, "compression_type");
    bool lazy = qemu_opt_get_bool(opts, "lazy_refcounts", false);
    bool extl2 = qemu_opt_get_bool(opts, "extended_l2", false);
    uint64_t rbits = qemu_opt_get_number(opts, "refcount_bits", 16);
    int prealloc = PREALLOC_MODE_OFF, version, ret, len;
    BlockDriverState *bs, *file;
    QemuOpts *fopts;
    uint8_t *buf;
    Error *local_err = NULL;

    if (parse_compat(qemu_opt_get(opts, "compat"), &version, errp) < 0) {
        return -EINVAL;
    }
    if (qemu_opt_get(opts, "data_file")) {
        error_setg(errp, "External data files are not supported");
        return -ENOTSUP;
    }
    if (qemu_opt_get_bool(opts, "encryption", false) ||
        qemu_opt_get(opts, "encrypt.format")) {
        error_setg(errp, "Encrypted images are not supported");
        return -ENOTSUP;
    }
    if (cs < 512 || cs > 2 * MiB || (cs & (cs - 1))) {
        error_setg(errp, "Cluster size must be a power of two between 512 "
                   "and 2048k");
        return -EINVAL;
    }
    if (pa) {
        prealloc = prealloc_mode_parse(pa, errp);
        if (prealloc < 0) {
            return -EINVAL;
        }
    }
    if (backing && prealloc != PREALLOC_MODE_OFF) {
        error_setg(errp, "Backing file and preallocation can only be used at "
                   "the same time if extended_l2 is on");
        if (!extl2) {
            return -EINVAL;
        }
        error_free(*errp ? NULL : NULL);
    }
    if (bfmt && !backing) {
        error_setg(errp, "Backing format cannot be used without backing "
                   "file");
        return -EINVAL;
    }
    if (ct && strcmp(ct, "zlib")) {
        if (!strcmp(ct, "zstd")) {
            error_setg(errp, "Compression type 'zstd' is not supported");
        } else {
            error_setg(errp, "Parameter 'compression-type' does not accept "
                       "value '%s'", ct);
        }
        return -EINVAL;
    }
    if (rbits > 64 || rbits == 0 || (rbits & (rbits - 1))) {
        error_setg(errp, "Refcount width must be a power of two and may not "
                   "exceed 64 bits");
        return -EINVAL;
    }
    if (version < 3 && rbits != 16) {
        error_setg(errp, "Different refcount widths than 16 bits require "
                   "compatibility level 1.1 or above (use compat=1.1 or "
                   "greater)");
        return -EINVAL;
    }
    if (version < 3 && lazy) {
        error_setg(errp, "Lazy refcounts only supported with compatibility "
                   "level 1.1 and above (use compat=1.1 or greater)");
        return -EINVAL;
    }
    if (version < 3 && extl2) {
        error_setg(errp, "Extended L2 entries are only supported with "
                   "compatibility level 1.1 and above (use compat=1.1 or "
                   "greater)");
        return -EINVAL;
    }
    if (extl2 && cs < 16384) {
        error_setg(errp, "Extended L2 entries are only supported with "
                   "cluster sizes of at least 16384 bytes");
        return -EINVAL;
    }
    if (size % 512) {
        size = ROUND_UP(size, 512);
    }
    if (backing && strlen(backing) > 1023) {
        error_setg(errp, "Backing file name too long");
        return -EINVAL;
    }

    /* The empty file: header, refcount table, one refcount block. */
    fopts = qemu_opts_create(bdrv_file.create_opts, NULL, 0, &error_abort);
    ret = bdrv_create(&bdrv_file, filename, fopts, errp);
    qemu_opts_del(fopts);
    if (ret < 0) {
        return ret;
    }
    file = bdrv_open(filename, "file", NULL, BDRV_O_RDWR, errp);
    if (!file) {
        return -EIO;
    }
    s->version = version;
    s->cluster_bits = __builtin_ctzll(cs);
    s->cluster_size = cs;
    s->size = 0;
    s->refcount_order = __builtin_ctzll(rbits);
    s->refcount_table_offset = cs;
    s->refcount_table_clusters = 1;
    s->l1_table_offset = 3 * cs;
    s->incompatible_features = extl2 ? QCOW2_INCOMPAT_EXTL2 : 0;
    s->compatible_features = lazy ? QCOW2_COMPAT_LAZY_REFCOUNTS : 0;
    buf = g_malloc0(3 * cs);
    len = build_header(s, backing, bfmt, buf, cs);
    if (len < 0) {
        error_setg(errp, "Header extensions too large for the cluster size");
        g_free(buf);
        bdrv_unref(file);
        return -EINVAL;
    }
    st64(buf + cs, 2 * cs);   /* reftable[0] -> refcount block */
    /* refcounts of clusters 0..2 = 1, at the entry width */
    for (int i = 0; i < 3; i++) {
        uint8_t *rb = buf + 2 * cs;
        switch (rbits) {
        case 1: case 2: case 4:
            rb[(i * rbits) / 8] |= 1 << ((i * rbits) % 8);
            break;
        default:
            rb[(i + 1) * (rbits / 8) - 1] = 1;
        }
    }
    ret = bdrv_pwrite(file, 0, 3 * cs, buf, 0);
    g_free(buf);
    bdrv_unref(file);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not write qcow2 header");
        return ret;
    }

    /* Then open it and let the driver size it (L1, preallocation). */
    bs = bdrv_open(filename, "qcow2", NULL,
                   BDRV_O_RDWR | BDRV_O_NO_BACKING, errp);
    if (!bs) {
        return -EIO;
    }
    ret = bdrv_truncate(bs, size, true, prealloc, &local_err);
    if (ret == 0) {
        ret = bdrv_flush(bs);
    }
    bdrv_unref(bs);
    if (ret < 0) {
        if (local_err) {
            error_propagate(errp, local_err);
        } else {
            error_setg_errno(errp, -ret, "Could not resize image");
        }
        return ret;
    }
    return 0;
}

static int qcow2_change_backing_file(BlockDriverState *bs, const char *file,
                                     const char *fmt, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int ret;

    if (file && strlen(file) > 1023) {
        error_setg(errp, "Backing file name too long");
        return -EINVAL;
    }
    if (file && !file[0]) {
        file = NULL;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret == 0) {
        ret = write_header(bs, file, file ? fmt : NULL);
    }
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not update the header");
        return ret;
    }
    pstrcpy(bs->backing_file, sizeof(bs->backing_file), file ? file : "");
    pstrcpy(bs->backing_format, sizeof(bs->backing_format),
            file && fmt ? fmt : "");
    (void)s;
    return 0;
}

static int qcow2_make_empty(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int ret = 0;

    for (uint64_t v = 0; v < s->size && ret == 0;
         v += (uint64_t)s->cluster_size << s->l2_bits) {
        uint64_t n = MIN(s->size - v,
                         (uint64_t)s->cluster_size << s->l2_bits);
        ret = zero_or_discard(bs, v, n, true);
    }
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not empty the image");
    }
    return ret;
}

static int qcow2_amend(BlockDriverState *bs, QemuOpts *opts, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    QemuOpt *o;
    int ret;

    for (GList *l = opts->opts.head; l; l = l->next) {
        o = l->data;
        if (!strcmp(o->name, "compat")) {
            int v;
            if (parse_compat(o->str, &v, errp) < 0) {
                return -EINVAL;
            }
            if (v < s->version) {
                if (s->refcount_bits != 16 || s->extended_l2 ||
                    s->use_lazy_refcounts) {
                    error_setg(errp, "Cannot downgrade an image with "
                               "features requiring compat=1.1");
                    return -ENOTSUP;
                }
                /* v2 has no zero clusters: downgrading needs them gone. */
                for (uint64_t a = 0; a < s->size; a += s->cluster_size) {
                    ClusterInfo ci;
                    ret = get_cluster_info(bs, a, &ci);
                    if (ret < 0) {
                        return ret;
                    }
                    if (ci.type == QCOW2_CLUSTER_ZERO_PLAIN ||
                        ci.type == QCOW2_CLUSTER_ZERO_ALLOC) {
                        error_setg(errp, "Cannot downgrade an image with "
                                   "zero clusters");
                        return -ENOTSUP;
                    }
                }
            }
            s->version = v;
        } else if (!strcmp(o->name, "lazy_refcounts")) {
            bool on = qemu_opt_get_bool(opts, "lazy_refcounts", false);
            if (on && s->version < 3) {
                error_setg(errp, "Lazy refcounts only supported with "
                           "compatibility level 1.1 and above (use "
                           "compat=1.1 or greater)");
                return -EINVAL;
            }
            s->use_lazy_refcounts = on;
            s->compatible_features = on ? QCOW2_COMPAT_LAZY_REFCOUNTS : 0;
        } else if (!strcmp(o->name, "size")) {
            ret = qcow2_truncate(bs, qemu_opt_get_size(opts, "size", 0),
                                 true, PREALLOC_MODE_OFF, errp);
            if (ret < 0) {
                return ret;
            }
        } else if (!strcmp(o->name, "backing_file") ||
                   !strcmp(o->name, "backing_fmt")) {
            const char *bf = qemu_opt_get(opts, "backing_file");
            const char *bfm = qemu_opt_get(opts, "backing_fmt");
            ret = qcow2_change_backing_file(bs, bf ? bf : bs->backing_file,
                                            bfm ? bfm : bs->backing_format,
                                            errp);
            if (ret < 0) {
                return ret;
            }
        } else {
            error_setg(errp, "Changing the option '%s' is not supported",
                       o->name);
            return -ENOTSUP;
        }
    }
    ret = qcow2_flush_metadata(bs);
    if (ret == 0) {
        ret = qcow2_update_header(bs);
    }
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Could not update the header");
    }
    return ret;
}

static void qcow2_get_specific_info(BlockDriverState *bs, QDict *d)
{
    BDRVQcow2State *s = bs->opaque;

    if (s->version == 2) {
        qdict_put_str(d, "compat", "0.10");
        qdict_put_str(d, "compression-type", "zlib");
        qdict_put_int(d, "refcount-bits", s->refcount_bits);
        return;
    }
    qdict_put_str(d, "compat", "1.1");
    qdict_put_str(d, "compression-type", "zlib");
    qdict_put_bool(d, "lazy-refcounts", s->use_lazy_refcounts);
    qdict_put_int(d, "refcount-bits", s->refcount_bits);
    qdict_put_bool(d, "corrupt",
                   s->incompatible_features & QCOW2_INCOMPAT_CORRUPT);
    qdict_put_bool(d, "extended-l2", s->extended_l2);
}

static int qcow2_check(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    BDRVQcow2State *s = bs->opaque;
    int ret = qcow2_check_refcounts(bs, res, fix);

    if (ret == 0 && fix && !res->corruptions && !res->check_errors &&
        (s->incompatible_features & QCOW2_INCOMPAT_DIRTY)) {
        ret = set_incompat_bit(bs, QCOW2_INCOMPAT_DIRTY, false);
    }
    return ret;
}

const BlockDriver bdrv_qcow2 = {
    .format_name = "qcow2",
    .instance_size = sizeof(BDRVQcow2State),
    .supports_backing = true,
    .probe = qcow2_probe,
    .open = qcow2_open,
    .close = qcow2_close,
    .pread = qcow2_pread,
    .pwrite = qcow2_pwrite,
    .pwrite_zeroes = qcow2_pwrite_zeroes,
    .pdiscard = qcow2_pdiscard,
    .flush_to_os = qcow2_flush_to_os,
    .getlength = qcow2_getlength,
    .truncate = qcow2_truncate,
    .block_status = qcow2_block_status,
    .get_cluster_size = qcow2_get_cluster_size,
    .has_zero_init = qcow2_has_zero_init,
    .create_opts = &qcow2_create_opts,
    .create = qcow2_create,
    .check = qcow2_check,
    .snapshot_list = qcow2_snapshot_list,
    .snapshot_create = qcow2_snapshot_create,
    .snapshot_goto = qcow2_snapshot_goto,
    .snapshot_delete = qcow2_snapshot_delete,
    .change_backing_file = qcow2_change_backing_file,
    .make_empty = qcow2_make_empty,
    .amend = qcow2_amend,
    .get_specific_info = qcow2_get_specific_info,
    .is_dirty = qcow2_is_dirty,
};
