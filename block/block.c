/*
 * Block layer core: driver registry, opening a graph (format on protocol,
 * backing chain), node names, and the generic side of every request.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "block/block_int.h"

const char *const PreallocMode_str[PREALLOC_MODE__MAX] = {
    "off", "metadata", "falloc", "full",
};

int prealloc_mode_parse(const char *s, Error **errp)
{
    for (int i = 0; i < PREALLOC_MODE__MAX; i++) {
        if (!strcmp(s, PreallocMode_str[i])) {
            return i;
        }
    }
    error_setg(errp, "Parameter 'preallocation' does not accept value '%s'",
               s);
    return -1;
}

static const BlockDriver *const drivers[] = {
    &bdrv_file, &bdrv_qcow2, &bdrv_raw,
};

const BlockDriver *bdrv_find_format(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
        if (!strcmp(drivers[i]->format_name, name)) {
            return drivers[i];
        }
    }
    if (!strcmp(name, "host_device")) {
        return &bdrv_file;
    }
    return NULL;
}

void bdrv_iterate_format(void (*fn)(void *opaque, const char *name),
                         void *opaque)
{
    static const char *const names[] = { "file", "host_device", "qcow2",
                                         "raw" };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        fn(opaque, names[i]);
    }
}

const char *bdrv_get_format_name(BlockDriverState *bs)
{
    return bs->drv ? bs->drv->format_name : NULL;
}

bool buffer_is_zero(const void *buf, size_t len)
{
    const uint8_t *p = buf;

    /* Word at a time; the tail byte by byte. */
    while (len >= 8 && ((uintptr_t)p & 7)) {
        if (*p) {
            return false;
        }
        p++;
        len--;
    }
    for (; len >= 64; len -= 64, p += 64) {
        const uint64_t *w = (const uint64_t *)p;
        if (w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) {
            return false;
        }
    }
    while (len--) {
        if (*p++) {
            return false;
        }
    }
    return true;
}

char *bdrv_perm_names(uint64_t perm)
{
    static const char *const names[] = {
        "consistent read", "write", "write unchanged", "resize",
    };
    GString *s = g_string_new("");

    for (int i = 0; i < BLK_PERM_MAX; i++) {
        if (perm & (1ULL << i)) {
            if (s->len) {
                g_string_append(s, ", ");
            }
            g_string_append(s, names[i]);
        }
    }
    return g_string_free(s, FALSE);
}

/* ---- node names ---- */

static GList *all_nodes;
static unsigned node_counter;

BlockDriverState *bdrv_find_node(const char *node_name)
{
    for (GList *l = all_nodes; l; l = l->next) {
        BlockDriverState *bs = l->data;
        if (!strcmp(bs->node_name, node_name)) {
            return bs;
        }
    }
    return NULL;
}

void bdrv_iterate_nodes(void (*fn)(BlockDriverState *bs, void *opaque),
                        void *opaque)
{
    for (GList *l = all_nodes; l; l = l->next) {
        fn(l->data, opaque);
    }
}

static bool bdrv_assign_node_name(BlockDriverState *bs, const char *name,
                                  Error **errp)
{
    if (!name) {
        /* QEMU's implicit names: "#block" followed by a counter. */
        snprintf(bs->node_name, sizeof(bs->node_name), "#block%03u",
                 node_counter++);
        bs->implicit_node_name = true;
        return true;
    }
    if (!id_wellformed(name)) {
        error_setg(errp, "Invalid node-name: '%s'", name);
        return false;
    }
    if (strlen(name) >= sizeof(bs->node_name)) {
        error_setg(errp, "Node name too long");
        return false;
    }
    if (bdrv_find_node(name)) {
        error_setg(errp, "Duplicate nodes with node-name='%s'", name);
        return false;
    }
    pstrcpy(bs->node_name, sizeof(bs->node_name), name);
    return true;
}

/* ---- open/close ---- */

static int probe_buf(const uint8_t *buf, int len, const char *filename,
                     const char **fmt)
{
    int best = 0;

    *fmt = "raw";
    for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
        if (drivers[i]->probe) {
            int score = drivers[i]->probe(buf, len, filename);
            if (score > best) {
                best = score;
                *fmt = drivers[i]->format_name;
            }
        }
    }
    return best;
}

static BlockDriverState *bdrv_new(const BlockDriver *drv)
{
    BlockDriverState *bs = g_new0(BlockDriverState, 1);

    bs->drv = drv;
    bs->refcnt = 1;
    bs->opaque = drv->instance_size ? g_malloc0(drv->instance_size) : NULL;
    return bs;
}

static void bdrv_delete(BlockDriverState *bs)
{
    if (bs->drv && bs->drv->close) {
        bs->drv->close(bs);
    }
    all_nodes = g_list_remove(all_nodes, bs);
    if (bs->backing) {
        bdrv_unref(bs->backing);
    }
    if (bs->file) {
        bdrv_unref(bs->file);
    }
    g_free(bs->opaque);
    g_free(bs);
}

void bdrv_ref(BlockDriverState *bs)
{
    bs->refcnt++;
}

void bdrv_unref(BlockDriverState *bs)
{
    if (bs && --bs->refcnt == 0) {
        bdrv_delete(bs);
    }
}

static int flags_from_opts(QDict *opts, int flags, Error **errp)
{
    const char *s;

    if (!opts) {
        return flags;
    }
    s = qdict_get_try_str(opts, "cache.direct");
    if (s && !strcmp(s, "on")) {
        flags |= BDRV_O_NOCACHE;
    }
    s = qdict_get_try_str(opts, "cache.no-flush");
    if (s && !strcmp(s, "on")) {
        flags |= BDRV_O_NO_FLUSH;
    }
    s = qdict_get_try_str(opts, "file.locking");
    if (s && !strcmp(s, "off")) {
        flags |= BDRV_O_NO_LOCK;
    } else if (s && strcmp(s, "on") && strcmp(s, "auto")) {
        error_setg(errp, "Parameter 'locking' does not accept value '%s'", s);
        return -1;
    }
    s = qdict_get_try_str(opts, "discard");
    if (s && (!strcmp(s, "unmap") || !strcmp(s, "on"))) {
        flags |= BDRV_O_UNMAP;
    }
    s = qdict_get_try_str(opts, "force-share");
    if (s && !strcmp(s, "on")) {
        flags |= BDRV_O_FORCE_SHARE;
    }
    return flags;
}

static int bdrv_apply_perm(BlockDriverState *bs, Error **errp)
{
    uint64_t perm = BLK_PERM_CONSISTENT_READ;
    uint64_t shared = BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE_UNCHANGED;

    if (!bs->read_only) {
        perm |= BLK_PERM_WRITE | BLK_PERM_RESIZE;
    }
    if (bs->force_share) {
        shared = BLK_PERM_ALL;
    }
    bs->perm = perm;
    bs->shared_perm = shared;
    if (bs->drv->set_perm && !(bs->open_flags & BDRV_O_NO_LOCK)) {
        return bs->drv->set_perm(bs, perm, shared, errp);
    }
    return 0;
}

static BlockDriverState *bdrv_open_protocol(const char *filename, QDict *opts,
                                            int flags, Error **errp)
{
    BlockDriverState *bs = bdrv_new(&bdrv_file);
    const char *nn = opts ? qdict_get_try_str(opts, "file.node-name") : NULL;

    bs->open_flags = flags;
    bs->read_only = !(flags & BDRV_O_RDWR);
    bs->force_share = flags & BDRV_O_FORCE_SHARE;
    pstrcpy(bs->filename, sizeof(bs->filename), filename);
    if (!bdrv_assign_node_name(bs, nn, errp)) {
        bdrv_delete(bs);
        return NULL;
    }
    all_nodes = g_list_append(all_nodes, bs);
    if (bdrv_file.open(bs, opts, flags, errp) < 0) {
        bs->drv = NULL;
        bdrv_delete(bs);
        return NULL;
    }
    if (bdrv_apply_perm(bs, errp) < 0) {
        bdrv_delete(bs);
        return NULL;
    }
    return bs;
}

const char *bdrv_probe_format(const char *filename, Error **errp)
{
    uint8_t buf[2048];
    const char *fmt;
    int fd = open(filename, O_RDONLY);
    ssize_t n;

    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return NULL;
    }
    n = pread(fd, buf, sizeof(buf), 0);
    close(fd);
    if (n < 0) {
        error_setg_errno(errp, errno, "Could not read image for determining "
                         "its format");
        return NULL;
    }
    probe_buf(buf, n, filename, &fmt);
    return fmt;
}

static BlockDriverState *bdrv_open_format(BlockDriverState *file,
                                          const BlockDriver *drv,
                                          const char *filename, QDict *opts,
                                          int flags, Error **errp);

/* Realpaths of the images being opened, innermost last: loop detection. */
static GPtrArray *open_chain;

BlockDriverState *bdrv_open(const char *filename, const char *fmt,
                            QDict *opts, int flags, Error **errp)
{
    BlockDriverState *file;
    const BlockDriver *drv;
    uint8_t buf[2048];
    int ret;

    flags = flags_from_opts(opts, flags, errp);
    if (flags < 0) {
        return NULL;
    }
    if ((flags & BDRV_O_FORCE_SHARE) && (flags & BDRV_O_RDWR)) {
        error_setg(errp, "force-share=on can only be used with read-only "
                   "images");
        return NULL;
    }
    if (!fmt && opts) {
        fmt = qdict_get_try_str(opts, "driver");
    }
    drv = NULL;
    if (fmt) {
        drv = bdrv_find_format(fmt);
        if (!drv) {
            error_setg(errp, "Unknown driver '%s'", fmt);
            return NULL;
        }
    }
    if (drv == &bdrv_file) {
        return bdrv_open_protocol(filename, opts, flags, errp);
    }
    file = bdrv_open_protocol(filename, NULL, flags, errp);
    if (!file) {
        return NULL;
    }
    if (!drv) {
        const char *probed;

        memset(buf, 0, sizeof(buf));
        ret = bdrv_pread_zero_past_eof(file, 0, sizeof(buf), buf);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Could not read image for "
                             "determining its format");
            bdrv_unref(file);
            return NULL;
        }
        probe_buf(buf, sizeof(buf), filename, &probed);
        drv = bdrv_find_format(probed);
    }
    return bdrv_open_format(file, drv, filename, opts, flags, errp);
}

/* Open drv on file (whose reference it takes over, also on failure). */
static BlockDriverState *bdrv_open_format(BlockDriverState *file,
                                          const BlockDriver *drv,
                                          const char *filename, QDict *opts,
                                          int flags, Error **errp)
{
    BlockDriverState *bs;
    const char *nn = opts ? qdict_get_try_str(opts, "node-name") : NULL;
    const char *dz = opts ? qdict_get_try_str(opts, "detect-zeroes") : NULL;
    int ret;

    bs = bdrv_new(drv);
    bs->open_flags = flags;
    bs->read_only = !(flags & BDRV_O_RDWR);
    bs->force_share = flags & BDRV_O_FORCE_SHARE;
    bs->file = file;
    pstrcpy(bs->filename, sizeof(bs->filename), filename);
    if (dz) {
        if (!strcmp(dz, "on")) {
            bs->detect_zeroes = DETECT_ZEROES_ON;
        } else if (!strcmp(dz, "unmap")) {
            bs->detect_zeroes = DETECT_ZEROES_UNMAP;
        } else if (strcmp(dz, "off")) {
            error_setg(errp, "Parameter 'detect-zeroes' does not accept "
                       "value '%s'", dz);
            bdrv_delete(bs);
            return NULL;
        }
    }
    if (!bdrv_assign_node_name(bs, nn, errp)) {
        bdrv_delete(bs);
        return NULL;
    }
    all_nodes = g_list_append(all_nodes, bs);
    ret = drv->open(bs, opts, flags, errp);
    if (ret < 0) {
        bs->drv = NULL;
        bdrv_delete(bs);
        return NULL;
    }
    if (drv->supports_backing && bs->backing_file[0] &&
        !(flags & BDRV_O_NO_BACKING)) {
        const char *b = opts ? qdict_get_try_str(opts, "backing") : NULL;

        if (!b || b[0]) {
            if (bdrv_open_backing(bs, errp) < 0) {
                bdrv_unref(bs);
                return NULL;
            }
        }
    }
    return bs;
}

BlockDriverState *bdrv_open_on(BlockDriverState *file, const char *fmt,
                               QDict *opts, int flags, Error **errp)
{
    const BlockDriver *drv = bdrv_find_format(fmt);

    flags = flags_from_opts(opts, flags, errp);
    if (flags < 0) {
        return NULL;
    }
    if (!drv || drv->is_protocol) {
        error_setg(errp, "Unknown driver '%s'", fmt);
        return NULL;
    }
    if ((flags & BDRV_O_RDWR) && file->read_only) {
        error_setg(errp, "Block node is read-only");
        return NULL;
    }
    bdrv_ref(file);
    return bdrv_open_format(file, drv, file->filename, opts, flags, errp);
}

char *bdrv_get_full_backing_filename(const char *base, const char *fname)
{
    char *dir, *ret;

    if (fname[0] == '/' || strstr(fname, "://") || strchr(base, '/') == NULL) {
        return g_strdup(fname);
    }
    dir = g_path_get_dirname(base);
    ret = g_build_filename(dir, fname, NULL);
    g_free(dir);
    return ret;
}

void bdrv_set_backing_hd(BlockDriverState *bs, BlockDriverState *backing)
{
    if (backing) {
        bdrv_ref(backing);
    }
    if (bs->backing) {
        bdrv_unref(bs->backing);
    }
    bs->backing = backing;
}

int bdrv_open_backing(BlockDriverState *bs, Error **errp)
{
    char *path = bdrv_get_full_backing_filename(bs->filename,
                                                bs->backing_file);
    char *real_self = realpath(bs->filename, NULL);
    char *real = realpath(path, NULL);
    BlockDriverState *backing;
    Error *local_err = NULL;
    int flags = (bs->open_flags & ~(BDRV_O_RDWR | BDRV_O_SNAPSHOT)) |
                BDRV_O_FORCE_SHARE * 0;
    const char *fmt = bs->backing_format[0] ? bs->backing_format : NULL;
    int ret = 0;

    if (!open_chain) {
        open_chain = g_ptr_array_new();
    }
    if (real_self && open_chain->len == 0) {
        g_ptr_array_add(open_chain, g_strdup(real_self));
    }
    if (real) {
        for (guint i = 0; i < open_chain->len; i++) {
            if (!strcmp(open_chain->pdata[i], real)) {
                error_setg(errp, "Backing file '%s' creates an infinite loop.",
                           path);
                ret = -ELOOP;
                goto out;
            }
        }
        if (real_self && !strcmp(real, real_self)) {
            error_setg(errp, "Backing file '%s' creates an infinite loop.",
                       path);
            ret = -ELOOP;
            goto out;
        }
    }
    if (open_chain->len > 64) {
        error_setg(errp, "Backing chain too long");
        ret = -ELOOP;
        goto out;
    }
    g_ptr_array_add(open_chain, g_strdup(real ? real : path));
    backing = bdrv_open(path, fmt, NULL, flags, &local_err);
    g_free(g_ptr_array_remove_index(open_chain, open_chain->len - 1));
    if (!backing) {
        if (local_err &&
            strstr(error_get_pretty(local_err), "infinite loop")) {
            error_propagate(errp, local_err);
        } else {
            error_setg(errp, "Could not open backing file: %s",
                       local_err ? error_get_pretty(local_err) : "?");
            error_free(local_err);
        }
        ret = -EINVAL;
        goto out;
    }
    bdrv_set_backing_hd(bs, backing);
    bdrv_unref(backing);
out:
    if (open_chain->len == 1) {
        g_free(g_ptr_array_remove_index(open_chain, 0));
    }
    free(real);
    free(real_self);
    g_free(path);
    return ret;
}

/* ---- I/O ---- */

static int check_request(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    if (!bs->drv) {
        return -ENOMEDIUM;
    }
    if (offset < 0 || bytes < 0 || offset > INT64_MAX - bytes) {
        return -EIO;
    }
    if (!bs->drv->is_protocol) {
        int64_t len = bdrv_getlength(bs);
        if (len < 0) {
            return len;
        }
        if (offset + bytes > len) {
            return -EIO;
        }
    }
    return 0;
}

int bdrv_pread(BlockDriverState *bs, int64_t offset, int64_t bytes,
               void *buf)
{
    int ret = check_request(bs, offset, bytes);

    if (ret < 0) {
        return ret;
    }
    if (bytes == 0) {
        return 0;
    }
    return bs->drv->pread(bs, offset, bytes, buf);
}

int bdrv_pread_zero_past_eof(BlockDriverState *bs, int64_t offset,
                             int64_t bytes, void *buf)
{
    int64_t len = bdrv_getlength(bs);

    if (len < 0) {
        return len;
    }
    if (offset >= len) {
        memset(buf, 0, bytes);
        return 0;
    }
    if (offset + bytes > len) {
        memset((uint8_t *)buf + (len - offset), 0, offset + bytes - len);
        bytes = len - offset;
    }
    return bdrv_pread(bs, offset, bytes, buf);
}

int bdrv_pwrite(BlockDriverState *bs, int64_t offset, int64_t bytes,
                const void *buf, int flags)
{
    int ret = check_request(bs, offset, bytes);

    if (ret < 0) {
        return ret;
    }
    if (bs->read_only) {
        return -EPERM;
    }
    if (bytes == 0) {
        return 0;
    }
    if (bs->detect_zeroes != DETECT_ZEROES_OFF && buffer_is_zero(buf, bytes)) {
        return bdrv_pwrite_zeroes(bs, offset, bytes,
            bs->detect_zeroes == DETECT_ZEROES_UNMAP ? BDRV_REQ_MAY_UNMAP : 0);
    }
    ret = bs->drv->pwrite(bs, offset, bytes, buf, flags);
    if (ret >= 0 && ((bs->open_flags & BDRV_O_WRITETHROUGH) ||
                     (flags & BDRV_REQ_FUA))) {
        ret = bdrv_flush(bs);
    }
    return ret;
}

int bdrv_pwrite_zeroes(BlockDriverState *bs, int64_t offset, int64_t bytes,
                       int flags)
{
    int ret = check_request(bs, offset, bytes);

    if (ret < 0) {
        return ret;
    }
    if (bs->read_only) {
        return -EPERM;
    }
    if (bytes == 0) {
        return 0;
    }
    if (!(bs->open_flags & BDRV_O_UNMAP)) {
        flags &= ~BDRV_REQ_MAY_UNMAP;
    }
    if (bs->drv->pwrite_zeroes) {
        ret = bs->drv->pwrite_zeroes(bs, offset, bytes, flags);
        if (ret != -ENOTSUP) {
            return ret;
        }
    }
    if (flags & BDRV_REQ_NO_FALLBACK) {
        return -ENOTSUP;
    }
    /* Fallback: write zero buffers, 1 MiB at a time. */
    {
        int64_t chunk = MIN(bytes, 1 * MiB);
        void *zero = g_malloc0(chunk);

        while (bytes > 0) {
            int64_t n = MIN(bytes, chunk);
            ret = bs->drv->pwrite(bs, offset, n, zero, 0);
            if (ret < 0) {
                break;
            }
            offset += n;
            bytes -= n;
        }
        g_free(zero);
    }
    return ret < 0 ? ret : 0;
}

int bdrv_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    int ret = check_request(bs, offset, bytes);

    if (ret < 0) {
        return ret;
    }
    if (bs->read_only) {
        return -EPERM;
    }
    if (!(bs->open_flags & BDRV_O_UNMAP) || !bs->drv->pdiscard || !bytes) {
        return 0;
    }
    return bs->drv->pdiscard(bs, offset, bytes);
}

int bdrv_flush(BlockDriverState *bs)
{
    int ret = 0;

    if (!bs || !bs->drv) {
        return 0;
    }
    if (bs->drv->flush_to_os && !bs->read_only) {
        ret = bs->drv->flush_to_os(bs);
        if (ret < 0) {
            return ret;
        }
    }
    if (bs->file) {
        ret = bdrv_flush(bs->file);
    } else if (bs->drv->flush_to_disk && !(bs->open_flags & BDRV_O_NO_FLUSH)) {
        ret = bs->drv->flush_to_disk(bs);
    }
    return ret;
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    if (!bs->drv) {
        return -ENOMEDIUM;
    }
    return bs->drv->getlength(bs);
}

int64_t bdrv_get_allocated_file_size(BlockDriverState *bs)
{
    if (!bs->drv) {
        return -ENOMEDIUM;
    }
    if (bs->drv->get_allocated_file_size) {
        return bs->drv->get_allocated_file_size(bs);
    }
    if (bs->file) {
        return bdrv_get_allocated_file_size(bs->file);
    }
    return -ENOTSUP;
}

int bdrv_truncate(BlockDriverState *bs, int64_t offset, bool exact,
                  PreallocMode prealloc, Error **errp)
{
    if (!bs->drv) {
        error_setg(errp, "No medium inserted");
        return -ENOMEDIUM;
    }
    if (offset < 0) {
        error_setg(errp, "Image size cannot be negative");
        return -EINVAL;
    }
    if (bs->read_only) {
        error_setg(errp, "Image is read-only");
        return -EACCES;
    }
    if (!bs->drv->truncate) {
        error_setg(errp, "Image format driver does not support resize");
        return -ENOTSUP;
    }
    return bs->drv->truncate(bs, offset, exact, prealloc, errp);
}

int bdrv_block_status(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum, int64_t *map, BlockDriverState **file)
{
    int64_t len = bdrv_getlength(bs);

    *map = 0;
    *file = NULL;
    if (len < 0) {
        return len;
    }
    if (offset >= len || bytes <= 0) {
        *pnum = 0;
        return 0;
    }
    bytes = MIN(bytes, len - offset);
    if (!bs->drv->block_status) {
        *pnum = bytes;
        return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED;
    }
    return bs->drv->block_status(bs, offset, bytes, pnum, map, file);
}

int bdrv_block_status_above(BlockDriverState *bs, BlockDriverState *base,
                            int64_t offset, int64_t bytes, int64_t *pnum,
                            int64_t *map, BlockDriverState **file,
                            int *depth)
{
    int d = 0;
    int64_t first_pnum = -1;

    for (BlockDriverState *p = bs; p && p != base; p = p->backing, d++) {
        int64_t n;
        int ret = bdrv_block_status(p, offset, bytes, &n, map, file);

        if (ret < 0) {
            return ret;
        }
        if (n == 0) {
            /* Past the end of a shorter backing node: zeroes. */
            *pnum = first_pnum < 0 ? bytes : first_pnum;
            if (depth) {
                *depth = d;
            }
            return BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED;
        }
        if (first_pnum < 0) {
            first_pnum = n;
        }
        if (ret & (BDRV_BLOCK_DATA | BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED)) {
            *pnum = MIN(first_pnum, n);
            if (depth) {
                *depth = d;
            }
            return ret;
        }
        bytes = MIN(bytes, n);
    }
    *pnum = first_pnum < 0 ? bytes : MIN(first_pnum, bytes);
    if (depth) {
        *depth = d;
    }
    return 0;
}

int bdrv_is_allocated(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum)
{
    int64_t map;
    BlockDriverState *file;
    int ret = bdrv_block_status(bs, offset, bytes, pnum, &map, &file);

    if (ret < 0) {
        return ret;
    }
    return !!(ret & BDRV_BLOCK_ALLOCATED);
}

int bdrv_get_cluster_size(BlockDriverState *bs)
{
    if (bs->drv && bs->drv->get_cluster_size) {
        return bs->drv->get_cluster_size(bs);
    }
    return 0;
}

bool bdrv_has_zero_init(BlockDriverState *bs)
{
    if (bs->drv && bs->drv->has_zero_init) {
        return bs->drv->has_zero_init(bs);
    }
    return false;
}

/* ---- images ---- */

int bdrv_create(const BlockDriver *drv, const char *filename, QemuOpts *opts,
                Error **errp)
{
    if (!drv->create) {
        error_setg(errp, "Driver '%s' does not support image creation",
                   drv->format_name);
        return -ENOTSUP;
    }
    return drv->create(filename, opts, errp);
}

QemuOptsList *bdrv_create_opts(const BlockDriver *drv)
{
    return drv->create_opts;
}

int bdrv_check(BlockDriverState *bs, BdrvCheckResult *res, int fix)
{
    memset(res, 0, sizeof(*res));
    if (!bs->drv->check) {
        return -ENOTSUP;
    }
    return bs->drv->check(bs, res, fix);
}

int bdrv_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **list)
{
    *list = NULL;
    if (!bs->drv->snapshot_list) {
        return -ENOTSUP;
    }
    return bs->drv->snapshot_list(bs, list);
}

int bdrv_snapshot_create(BlockDriverState *bs, QEMUSnapshotInfo *sn,
                         Error **errp)
{
    if (!bs->drv->snapshot_create) {
        error_setg(errp, "Block format '%s' used by device '' does not "
                   "support internal snapshots", bs->drv->format_name);
        return -ENOTSUP;
    }
    return bs->drv->snapshot_create(bs, sn, errp);
}

int bdrv_snapshot_goto(BlockDriverState *bs, const char *name, Error **errp)
{
    if (!bs->drv->snapshot_goto) {
        error_setg(errp, "snapshots are not supported by this format");
        return -ENOTSUP;
    }
    return bs->drv->snapshot_goto(bs, name, errp);
}

int bdrv_snapshot_delete(BlockDriverState *bs, const char *name,
                         Error **errp)
{
    if (!bs->drv->snapshot_delete) {
        error_setg(errp, "snapshots are not supported by this format");
        return -ENOTSUP;
    }
    return bs->drv->snapshot_delete(bs, name, errp);
}

int bdrv_change_backing_file(BlockDriverState *bs, const char *file,
                             const char *fmt, Error **errp)
{
    if (!bs->drv->change_backing_file) {
        error_setg(errp, "Operation not supported");
        return -ENOTSUP;
    }
    return bs->drv->change_backing_file(bs, file, fmt, errp);
}

int bdrv_make_empty(BlockDriverState *bs, Error **errp)
{
    if (!bs->drv->make_empty) {
        error_setg(errp, "Operation not supported");
        return -ENOTSUP;
    }
    return bs->drv->make_empty(bs, errp);
}

int bdrv_amend(BlockDriverState *bs, QemuOpts *opts, Error **errp)
{
    if (!bs->drv->amend) {
        error_setg(errp, "Block driver '%s' does not support option "
                   "amendment", bs->drv->format_name);
        return -ENOTSUP;
    }
    return bs->drv->amend(bs, opts, errp);
}

QDict *bdrv_get_specific_info(BlockDriverState *bs)
{
    QDict *d;

    if (!bs->drv->get_specific_info) {
        return NULL;
    }
    d = qdict_new();
    bs->drv->get_specific_info(bs, d);
    return d;
}

bool bdrv_is_dirty_image(BlockDriverState *bs)
{
    return bs->drv->is_dirty ? bs->drv->is_dirty(bs) : false;
}
