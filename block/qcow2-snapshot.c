/*
 * qcow2 internal snapshots: the snapshot table, create, apply, delete.
 * A snapshot is a copy of the L1 table plus one more reference on every
 * cluster it reaches; the table is replaced (never edited in place) and
 * the header switched to it with one write.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "block/qcow2.h"

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return GUINT64_FROM_BE(v);
}
static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return GUINT32_FROM_BE(v);
}
static uint16_t rd16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}
static void wr64(uint8_t *p, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    memcpy(p, &v, 8);
}
static void wr32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_BE(v);
    memcpy(p, &v, 4);
}

void qcow2_free_snapshots(BDRVQcow2State *s)
{
    for (uint32_t i = 0; s->snapshots && i < s->nb_snapshots; i++) {
        g_free(s->snapshots[i].id_str);
        g_free(s->snapshots[i].name);
        g_free(s->snapshots[i].unknown_extra);
    }
    g_free(s->snapshots);
    s->snapshots = NULL;
}

int qcow2_read_snapshots(BlockDriverState *bs, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t off = s->snapshots_offset;
    uint8_t h[40];
    int ret;

    s->snapshots = g_new0(QCowSnapshot, MAX(s->nb_snapshots, 1));
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        QCowSnapshot *sn = &s->snapshots[i];
        uint16_t id_len, name_len;

        off = ROUND_UP(off, 8);
        if (off - s->snapshots_offset > QCOW_MAX_SNAPSHOTS_SIZE) {
            error_setg(errp, "Snapshot table is too big");
            return -EFBIG;
        }
        ret = bdrv_pread_zero_past_eof(bs->file, off, 40, h);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Failed to read snapshot table");
            return ret;
        }
        sn->l1_table_offset = rd64(h);
        sn->l1_size = rd32(h + 8);
        id_len = rd16(h + 12);
        name_len = rd16(h + 14);
        sn->date_sec = rd32(h + 16);
        sn->date_nsec = rd32(h + 20);
        sn->vm_clock_nsec = rd64(h + 24);
        sn->vm_state_size = rd32(h + 32);
        sn->extra_data_size = rd32(h + 36);
        sn->disk_size = s->size;
        sn->icount = -1ULL;
        off += 40;
        if (sn->extra_data_size > 1024) {
            error_setg(errp, "Too much extra metadata in snapshot table "
                       "entry %u", i);
            return -EFBIG;
        }
        if (sn->extra_data_size) {
            uint8_t *ex = g_malloc0(MAX(sn->extra_data_size, 24));
            ret = bdrv_pread_zero_past_eof(bs->file, off, sn->extra_data_size,
                                           ex);
            if (ret < 0) {
                g_free(ex);
                error_setg_errno(errp, -ret, "Failed to read snapshot table");
                return ret;
            }
            if (sn->extra_data_size >= 8) {
                sn->vm_state_size = rd64(ex);
            }
            if (sn->extra_data_size >= 16) {
                sn->disk_size = rd64(ex + 8);
            }
            if (sn->extra_data_size >= 24) {
                sn->icount = rd64(ex + 16);
            }
            sn->unknown_extra = ex;
            off += sn->extra_data_size;
        }
        sn->id_str = g_malloc0(id_len + 1);
        sn->name = g_malloc0(name_len + 1);
        ret = bdrv_pread_zero_past_eof(bs->file, off, id_len, sn->id_str);
        off += id_len;
        if (ret == 0) {
            ret = bdrv_pread_zero_past_eof(bs->file, off, name_len, sn->name);
        }
        off += name_len;
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Failed to read snapshot table");
            return ret;
        }
        if ((uint64_t)sn->l1_size * 8 > QCOW_MAX_L1_SIZE) {
            error_setg(errp, "Snapshot L1 table too large");
            return -EFBIG;
        }
        if (offset_into_cluster(s, sn->l1_table_offset)) {
            error_setg(errp, "Snapshot L1 table offset invalid");
            return -EINVAL;
        }
    }
    s->snapshots_size = s->nb_snapshots ? off - s->snapshots_offset : 0;
    return 0;
}

static uint8_t *build_table(BDRVQcow2State *s, QCowSnapshot *sns, uint32_t n,
                            uint64_t *len)
{
    GByteArray *b = g_byte_array_new();

    for (uint32_t i = 0; i < n; i++) {
        QCowSnapshot *sn = &sns[i];
        uint8_t h[40 + 24] = { 0 };
        uint32_t extra = s->version >= 3 ? 24 : 16;
        size_t pad;

        wr64(h, sn->l1_table_offset);
        wr32(h + 8, sn->l1_size);
        h[12] = strlen(sn->id_str) >> 8;
        h[13] = strlen(sn->id_str);
        h[14] = strlen(sn->name) >> 8;
        h[15] = strlen(sn->name);
        wr32(h + 16, sn->date_sec);
        wr32(h + 20, sn->date_nsec);
        wr64(h + 24, sn->vm_clock_nsec);
        wr32(h + 32, MIN(sn->vm_state_size, UINT32_MAX));
        wr32(h + 36, extra);
        wr64(h + 40, sn->vm_state_size);
        wr64(h + 48, sn->disk_size);
        if (extra >= 24) {
            wr64(h + 56, sn->icount);
        }
        g_byte_array_append(b, h, 40 + extra);
        g_byte_array_append(b, (uint8_t *)sn->id_str, strlen(sn->id_str));
        g_byte_array_append(b, (uint8_t *)sn->name, strlen(sn->name));
        pad = ROUND_UP(b->len, 8) - b->len;
        g_byte_array_append(b, (const uint8_t *)"\0\0\0\0\0\0\0", pad);
    }
    *len = b->len;
    return g_byte_array_free(b, FALSE);
}

/* Write a new snapshot table and switch the header to it. */
static int commit_table(BlockDriverState *bs, QCowSnapshot *sns, uint32_t n)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t len, old_off = s->snapshots_offset, old_size = s->snapshots_size;
    uint8_t *tab = build_table(s, sns, n, &len);
    int64_t off = 0;
    uint8_t v[12];
    int ret = 0;

    if (len) {
        off = qcow2_alloc_clusters(bs, size_to_clusters(s, len));
        if (off < 0) {
            g_free(tab);
            return off;
        }
        ret = bdrv_pwrite(bs->file, off, len, tab, 0);
    }
    g_free(tab);
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret < 0) {
        return ret;
    }
    wr32(v, n);
    wr64(v + 4, off);
    ret = bdrv_pwrite(bs->file, 60, 12, v, 0);
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        return ret;
    }
    if (old_size) {
        qcow2_free_later(bs, old_off, old_size);
    }
    s->snapshots_offset = off;
    s->snapshots_size = len;
    return 0;
}

int qcow2_update_l1_refcounts(BlockDriverState *bs, uint64_t l1_offset,
                              uint32_t l1_size, int addend)
{
    BDRVQcow2State *s = bs->opaque;
    uint64_t *l1 = g_new0(uint64_t, MAX(l1_size, 1));
    int ret = bdrv_pread_zero_past_eof(bs->file, l1_offset,
                                       (uint64_t)l1_size * 8, l1);

    for (uint32_t i = 0; ret == 0 && i < l1_size; i++) {
        uint64_t l2 = GUINT64_FROM_BE(l1[i]) & L1E_OFFSET_MASK;
        Qcow2Table *t;
        int err;

        if (!l2) {
            continue;
        }
        t = qcow2_get_table(bs, s->l2_cache, l2, false, &err);
        if (!t) {
            ret = err;
            break;
        }
        for (int j = 0; ret == 0 && j < s->l2_size; j++) {
            uint64_t e = qcow2_get_l2_entry(s, t, j);
            if (e & QCOW_OFLAG_COMPRESSED) {
                uint64_t off, len;
                qcow2_compressed_host_range(s, e, &off, &len);
                if (addend > 0) {
                    ret = qcow2_update_refcount(bs, off, len, addend);
                } else {
                    qcow2_free_later(bs, off, len);
                }
            } else if (e & L2E_OFFSET_MASK) {
                if (addend > 0) {
                    ret = qcow2_update_refcount(bs, e & L2E_OFFSET_MASK, 1,
                                                addend);
                } else {
                    qcow2_free_later(bs, e & L2E_OFFSET_MASK, 1);
                }
            }
        }
        if (ret == 0) {
            if (addend > 0) {
                ret = qcow2_update_refcount(bs, l2, 1, addend);
            } else {
                qcow2_free_later(bs, l2, 1);
            }
        }
    }
    g_free(l1);
    return ret;
}

static int find_snapshot(BDRVQcow2State *s, const char *name)
{
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        if (!strcmp(s->snapshots[i].id_str, name)) {
            return i;
        }
    }
    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        if (!strcmp(s->snapshots[i].name, name)) {
            return i;
        }
    }
    return -1;
}

int qcow2_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **list)
{
    BDRVQcow2State *s = bs->opaque;
    QEMUSnapshotInfo *l = g_new0(QEMUSnapshotInfo, MAX(s->nb_snapshots, 1));

    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        QCowSnapshot *sn = &s->snapshots[i];
        pstrcpy(l[i].id_str, sizeof(l[i].id_str), sn->id_str);
        pstrcpy(l[i].name, sizeof(l[i].name), sn->name);
        l[i].vm_state_size = sn->vm_state_size;
        l[i].date_sec = sn->date_sec;
        l[i].date_nsec = sn->date_nsec;
        l[i].vm_clock_nsec = sn->vm_clock_nsec;
        l[i].icount = sn->icount;
    }
    *list = l;
    return s->nb_snapshots;
}

int qcow2_snapshot_create(BlockDriverState *bs, QEMUSnapshotInfo *info,
                          Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    QCowSnapshot *sns, *sn;
    uint64_t *be;
    int64_t l1_off;
    unsigned long max_id = 0;
    int ret;

    if (find_snapshot(s, info->name) >= 0 && info->name[0]) {
        error_setg(errp, "Snapshot with name '%s' already exists",
                   info->name);
        return -EEXIST;
    }
    if (s->nb_snapshots >= QCOW_MAX_SNAPSHOTS) {
        error_setg(errp, "Too many snapshots");
        return -EFBIG;
    }
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        goto fail;
    }
    /* Copy of the active L1 (COPIED flags cleared: all shared now). */
    l1_off = qcow2_alloc_clusters(bs, size_to_clusters(s, MAX(s->l1_size, 1)
                                                       * 8));
    if (l1_off < 0) {
        ret = l1_off;
        goto fail;
    }
    be = g_new0(uint64_t, MAX(s->l1_size, 1));
    for (uint32_t i = 0; i < s->l1_size; i++) {
        be[i] = GUINT64_TO_BE(s->l1_table[i] & ~QCOW_OFLAG_COPIED);
    }
    ret = bdrv_pwrite(bs->file, l1_off, (uint64_t)s->l1_size * 8, be, 0);
    g_free(be);
    if (ret < 0) {
        goto fail;
    }
    ret = qcow2_update_l1_refcounts(bs, s->l1_table_offset, s->l1_size, 1);
    if (ret == -ERANGE) {
        error_setg(errp, "Refcount overflow (the refcount width is too "
                   "small for another snapshot)");
        return ret;
    }
    if (ret < 0) {
        goto fail;
    }
    ret = qcow2_write_rb_and_sync(bs);
    if (ret < 0) {
        goto fail;
    }
    ret = qcow2_fix_copied_flags(bs);
    if (ret < 0) {
        goto fail;
    }

    for (uint32_t i = 0; i < s->nb_snapshots; i++) {
        unsigned long id = strtoul(s->snapshots[i].id_str, NULL, 10);
        max_id = MAX(max_id, id);
    }
    sns = g_new0(QCowSnapshot, s->nb_snapshots + 1);
    memcpy(sns, s->snapshots, s->nb_snapshots * sizeof(QCowSnapshot));
    sn = &sns[s->nb_snapshots];
    sn->id_str = info->id_str[0] ? g_strdup(info->id_str)
                                 : g_strdup_printf("%lu", max_id + 1);
    sn->name = g_strdup(info->name);
    sn->l1_table_offset = l1_off;
    sn->l1_size = s->l1_size;
    sn->disk_size = s->size;
    sn->date_sec = info->date_sec;
    sn->date_nsec = info->date_nsec;
    sn->vm_clock_nsec = info->vm_clock_nsec;
    sn->icount = info->icount;
    ret = commit_table(bs, sns, s->nb_snapshots + 1);
    if (ret < 0) {
        g_free(sn->id_str);
        g_free(sn->name);
        g_free(sns);
        goto fail;
    }
    g_free(s->snapshots);
    s->snapshots = sns;
    s->nb_snapshots++;
    return qcow2_flush_metadata(bs);
fail:
    error_setg_errno(errp, -ret, "Could not create snapshot");
    return ret;
}

int qcow2_snapshot_goto(BlockDriverState *bs, const char *name, Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int i = find_snapshot(s, name), ret;
    QCowSnapshot *sn;
    uint64_t *l1;
    uint64_t old_off = s->l1_table_offset;
    uint32_t old_size = s->l1_size;
    int64_t new_off;
    uint8_t v[12];

    if (i < 0) {
        error_setg(errp, "Can't find snapshot");
        return -ENOENT;
    }
    sn = &s->snapshots[i];
    ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        goto fail;
    }
    /* References for the snapshot's tree, then a fresh active L1. */
    ret = qcow2_update_l1_refcounts(bs, sn->l1_table_offset, sn->l1_size, 1);
    if (ret < 0) {
        goto fail;
    }
    new_off = qcow2_alloc_clusters(bs, size_to_clusters(s,
                                   MAX(sn->l1_size, 1) * 8));
    if (new_off < 0) {
        ret = new_off;
        goto fail;
    }
    ret = qcow2_write_rb_and_sync(bs);
    if (ret < 0) {
        goto fail;
    }
    l1 = g_new0(uint64_t, MAX(sn->l1_size, 1));
    ret = bdrv_pread_zero_past_eof(bs->file, sn->l1_table_offset,
                                   (uint64_t)sn->l1_size * 8, l1);
    if (ret == 0) {
        ret = bdrv_pwrite(bs->file, new_off, (uint64_t)sn->l1_size * 8, l1, 0);
    }
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        g_free(l1);
        goto fail;
    }
    for (uint32_t j = 0; j < sn->l1_size; j++) {
        l1[j] = GUINT64_FROM_BE(l1[j]);
    }
    wr32(v, sn->l1_size);
    wr64(v + 4, new_off);
    ret = bdrv_pwrite(bs->file, 36, 12, v, 0);
    if (ret == 0 && sn->disk_size != s->size) {
        uint8_t sz[8];
        wr64(sz, sn->disk_size);
        ret = bdrv_pwrite(bs->file, 24, 8, sz, 0);
        s->size = sn->disk_size;
    }
    if (ret == 0) {
        ret = bdrv_flush(bs->file);
    }
    if (ret < 0) {
        g_free(l1);
        goto fail;
    }
    /* Drop the old active tree (decrements happen after the switch). */
    ret = qcow2_update_l1_refcounts(bs, old_off, old_size, -1);
    g_free(s->l1_table);
    s->l1_table = l1;
    s->l1_size = sn->l1_size;
    s->l1_table_offset = new_off;
    qcow2_free_later(bs, old_off, (uint64_t)old_size * 8);
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret == 0) {
        ret = qcow2_fix_copied_flags(bs);
    }
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret < 0) {
        goto fail;
    }
    return 0;
fail:
    error_setg_errno(errp, -ret, "Could not apply snapshot");
    return ret;
}

int qcow2_snapshot_delete(BlockDriverState *bs, const char *name,
                          Error **errp)
{
    BDRVQcow2State *s = bs->opaque;
    int i = find_snapshot(s, name), ret;
    QCowSnapshot sn, *sns;

    if (i < 0) {
        error_setg(errp, "Can't find the snapshot");
        return -ENOENT;
    }
    sn = s->snapshots[i];
    sns = g_new0(QCowSnapshot, MAX(s->nb_snapshots, 1));
    memcpy(sns, s->snapshots, i * sizeof(QCowSnapshot));
    memcpy(sns + i, s->snapshots + i + 1,
           (s->nb_snapshots - i - 1) * sizeof(QCowSnapshot));
    ret = qcow2_flush_metadata(bs);
    if (ret == 0) {
        ret = commit_table(bs, sns, s->nb_snapshots - 1);
    }
    if (ret < 0) {
        g_free(sns);
        error_setg_errno(errp, -ret, "Failed to remove snapshot from "
                         "snapshot list");
        return ret;
    }
    g_free(s->snapshots);
    s->snapshots = sns;
    s->nb_snapshots--;
    ret = qcow2_update_l1_refcounts(bs, sn.l1_table_offset, sn.l1_size, -1);
    qcow2_free_later(bs, sn.l1_table_offset, (uint64_t)sn.l1_size * 8);
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret == 0) {
        ret = qcow2_fix_copied_flags(bs);
    }
    if (ret == 0) {
        ret = qcow2_flush_metadata(bs);
    }
    g_free(sn.id_str);
    g_free(sn.name);
    g_free(sn.unknown_extra);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to free the cluster and L1 "
                         "table");
    }
    return ret;
}
