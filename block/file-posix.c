/*
 * The "file" protocol: a host file or block device, with O_DIRECT for
 * cache=none, fdatasync flushes, hole punching, SEEK_DATA/SEEK_HOLE
 * status and QEMU-compatible image locking.
 *
 * Locking (as QEMU's file-posix): open-file-description locks on single
 * bytes.  For each permission bit i the node holds, byte 100+i is
 * read-locked; for each bit it does not share, byte 200+i.  Before that,
 * a node checks that nobody else locked 200+i for a bit it wants and
 * 100+i for a bit it refuses to share.  OFD locks are per open file, so
 * two opens in one process conflict exactly like two processes.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "block/block_int.h"
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <linux/falloc.h>

#define RAW_LOCK_PERM_BASE   100
#define RAW_LOCK_SHARED_BASE 200

typedef struct BDRVRawState {
    int fd;
    bool is_blockdev;
    int align;            /* O_DIRECT alignment (1 without O_DIRECT) */
    uint64_t locked_perm, locked_shared;
    bool has_locks;
} BDRVRawState;

static int lock_byte(int fd, int off, int type)
{
    struct flock fl = {
        .l_whence = SEEK_SET, .l_start = off, .l_len = 1, .l_type = type,
    };

    return fcntl(fd, F_OFD_SETLK, &fl) < 0 ? -errno : 0;
}

/* True if some other open file holds a lock that conflicts with a write. */
static bool byte_locked_by_other(int fd, int off)
{
    struct flock fl = {
        .l_whence = SEEK_SET, .l_start = off, .l_len = 1, .l_type = F_WRLCK,
    };

    if (fcntl(fd, F_OFD_GETLK, &fl) < 0) {
        return false;
    }
    return fl.l_type != F_UNLCK;
}

static int raw_check_lock_bytes(BlockDriverState *bs, int fd, uint64_t perm,
                                uint64_t shared, Error **errp)
{
    for (int i = 0; i < BLK_PERM_MAX; i++) {
        uint64_t p = 1ULL << i;
        if ((perm & p) && byte_locked_by_other(fd, RAW_LOCK_SHARED_BASE + i)) {
            char *name = bdrv_perm_names(p);
            error_setg(errp, "Failed to get \"%s\" lock", name);
            error_append_hint(errp, "Is another process using the image "
                              "[%s]?\n", bs->filename);
            g_free(name);
            return -EAGAIN;
        }
    }
    for (int i = 0; i < BLK_PERM_MAX; i++) {
        uint64_t p = 1ULL << i;
        if (!(shared & p) && byte_locked_by_other(fd, RAW_LOCK_PERM_BASE + i)) {
            char *name = bdrv_perm_names(p);
            error_setg(errp, "Failed to get shared \"%s\" lock", name);
            error_append_hint(errp, "Is another process using the image "
                              "[%s]?\n", bs->filename);
            g_free(name);
            return -EAGAIN;
        }
    }
    return 0;
}

static int raw_apply_lock_bytes(BlockDriverState *bs, int fd, uint64_t perm,
                                uint64_t shared, Error **errp)
{
    for (int i = 0; i < BLK_PERM_MAX; i++) {
        uint64_t p = 1ULL << i;
        int off = RAW_LOCK_PERM_BASE + i;
        int ret = lock_byte(fd, off, (perm & p) ? F_RDLCK : F_UNLCK);
        if (ret < 0) {
            error_setg(errp, "Failed to lock byte %d", off);
            return ret;
        }
        off = RAW_LOCK_SHARED_BASE + i;
        ret = lock_byte(fd, off, (shared & p) ? F_UNLCK : F_RDLCK);
        if (ret < 0) {
            error_setg(errp, "Failed to lock byte %d", off);
            return ret;
        }
    }
    return 0;
}

static int raw_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared,
                        Error **errp)
{
    BDRVRawState *s = bs->opaque;
    int ret;

    if (s->is_blockdev) {
        return 0;
    }
    /* Take the new locks first so that a conflict is seen atomically. */
    ret = raw_apply_lock_bytes(bs, s->fd, perm | s->locked_perm,
                               shared & s->locked_shared, errp);
    if (ret < 0) {
        goto fail;
    }
    ret = raw_check_lock_bytes(bs, s->fd, perm, shared, errp);
    if (ret < 0) {
        goto fail;
    }
    ret = raw_apply_lock_bytes(bs, s->fd, perm, shared, errp);
    if (ret < 0) {
        goto fail;
    }
    s->locked_perm = perm;
    s->locked_shared = shared;
    s->has_locks = true;
    return 0;
fail:
    raw_apply_lock_bytes(bs, s->fd, s->locked_perm, s->locked_shared, NULL);
    return ret;
}

static int probe_alignment(int fd)
{
    static const int sizes[] = { 512, 1024, 2048, 4096 };
    void *buf = NULL;
    int align = 4096;

    if (posix_memalign(&buf, 4096, 4096)) {
        return 4096;
    }
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        if (pread(fd, buf, sizes[i], 0) >= 0) {
            align = sizes[i];
            break;
        }
    }
    free(buf);
    return align;
}

static int raw_open(BlockDriverState *bs, QDict *opts, int flags,
                    Error **errp)
{
    BDRVRawState *s = bs->opaque;
    const char *filename = bs->filename;
    int oflags = O_CLOEXEC | ((flags & BDRV_O_RDWR) ? O_RDWR : O_RDONLY);
    struct stat st;

    strstart(filename, "file:", &filename);
    if (flags & BDRV_O_NOCACHE) {
        oflags |= O_DIRECT;
    }
    s->fd = open(filename, oflags);
    if (s->fd < 0 && errno == EROFS && (flags & BDRV_O_RDWR)) {
        errno = EACCES;
    }
    if (s->fd < 0) {
        int err = errno;
        error_setg_errno(errp, err, "Could not open '%s'", filename);
        return -err;
    }
    if (fstat(s->fd, &st) < 0) {
        int err = errno;
        error_setg_errno(errp, err, "Could not stat '%s'", filename);
        close(s->fd);
        return -err;
    }
    if (S_ISDIR(st.st_mode)) {
        error_setg(errp, "'%s' is not a file", filename);
        close(s->fd);
        return -EISDIR;
    }
    s->is_blockdev = S_ISBLK(st.st_mode);
    s->align = (flags & BDRV_O_NOCACHE) ? probe_alignment(s->fd) : 1;
    return 0;
}

static void raw_close(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;

    if (s->fd >= 0) {
        close(s->fd);   /* drops the OFD locks */
        s->fd = -1;
    }
}

static int do_pread(int fd, int64_t offset, int64_t bytes, uint8_t *buf)
{
    while (bytes > 0) {
        ssize_t n = pread(fd, buf, MIN(bytes, 1 << 30), offset);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            memset(buf, 0, bytes);   /* past EOF reads as zeroes */
            return 0;
        }
        buf += n;
        offset += n;
        bytes -= n;
    }
    return 0;
}

static int do_pwrite(int fd, int64_t offset, int64_t bytes,
                     const uint8_t *buf)
{
    while (bytes > 0) {
        ssize_t n = pwrite(fd, buf, MIN(bytes, 1 << 30), offset);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            return -EIO;
        }
        buf += n;
        offset += n;
        bytes -= n;
    }
    return 0;
}

static bool is_aligned(BDRVRawState *s, int64_t offset, int64_t bytes,
                       const void *buf)
{
    return s->align == 1 ||
           (offset % s->align == 0 && bytes % s->align == 0 &&
            (uintptr_t)buf % s->align == 0);
}

/* O_DIRECT with a misaligned request: go through an aligned bounce. */
static int bounce_rw(BDRVRawState *s, int64_t offset, int64_t bytes,
                     void *buf, bool write)
{
    int64_t start = QEMU_ALIGN_DOWN(offset, s->align);
    int64_t end = QEMU_ALIGN_UP(offset + bytes, s->align);
    void *b;
    int ret;

    if (posix_memalign(&b, MAX(s->align, 4096), end - start)) {
        return -ENOMEM;
    }
    ret = do_pread(s->fd, start, end - start, b);
    if (ret == 0) {
        if (write) {
            memcpy((uint8_t *)b + (offset - start), buf, bytes);
            ret = do_pwrite(s->fd, start, end - start, b);
        } else {
            memcpy(buf, (uint8_t *)b + (offset - start), bytes);
        }
    }
    free(b);
    return ret;
}

static int raw_pread(BlockDriverState *bs, int64_t offset, int64_t bytes,
                     void *buf)
{
    BDRVRawState *s = bs->opaque;

    if (!is_aligned(s, offset, bytes, buf)) {
        return bounce_rw(s, offset, bytes, buf, false);
    }
    return do_pread(s->fd, offset, bytes, buf);
}

static int raw_pwrite(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      const void *buf, int flags)
{
    BDRVRawState *s = bs->opaque;

    if (!is_aligned(s, offset, bytes, buf)) {
        return bounce_rw(s, offset, bytes, (void *)buf, true);
    }
    return do_pwrite(s->fd, offset, bytes, buf);
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    struct stat st;

    if (s->is_blockdev) {
        uint64_t sz;
        if (ioctl(s->fd, BLKGETSIZE64, &sz) < 0) {
            return -errno;
        }
        return sz;
    }
    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return st.st_size;
}

static int raw_pwrite_zeroes(BlockDriverState *bs, int64_t offset,
                             int64_t bytes, int flags)
{
    BDRVRawState *s = bs->opaque;
    int64_t len = raw_getlength(bs);

    if (len >= 0 && offset >= len && !s->is_blockdev) {
        /* Beyond EOF: extending the file is enough. */
        return ftruncate(s->fd, offset + bytes) < 0 ? -errno : 0;
    }
    if ((flags & BDRV_REQ_MAY_UNMAP) &&
        fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  offset, bytes) == 0) {
        if (offset + bytes > len && ftruncate(s->fd, offset + bytes) < 0) {
            return -errno;
        }
        return 0;
    }
    if (fallocate(s->fd, FALLOC_FL_ZERO_RANGE, offset, bytes) == 0) {
        return 0;
    }
    if (flags & BDRV_REQ_NO_FALLBACK) {
        return -ENOTSUP;
    }
    return -ENOTSUP;   /* generic code writes zero buffers */
}

static int raw_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    BDRVRawState *s = bs->opaque;

    if (fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  offset, bytes) < 0) {
        return errno == EOPNOTSUPP ? 0 : -errno;
    }
    return 0;
}

static int raw_flush_to_disk(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;

    return fdatasync(s->fd) < 0 ? -errno : 0;
}

static int64_t raw_get_allocated_file_size(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    struct stat st;

    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return (int64_t)st.st_blocks * 512;
}

static int fill_zeroes(int fd, int64_t from, int64_t to)
{
    const int64_t chunk = 1 * MiB;
    void *zero = g_malloc0(chunk);
    int ret = 0;

    while (from < to && ret == 0) {
        int64_t n = MIN(chunk, to - from);
        ret = do_pwrite(fd, from, n, zero);
        from += n;
    }
    g_free(zero);
    return ret;
}

static int raw_resize_fd(int fd, int64_t old, int64_t offset,
                         PreallocMode prealloc, Error **errp)
{
    int ret;

    if (ftruncate(fd, offset) < 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Failed to resize file");
        return ret;
    }
    if (offset <= old) {
        return 0;
    }
    switch (prealloc) {
    case PREALLOC_MODE_FALLOC:
        ret = posix_fallocate(fd, old, offset - old);
        if (ret) {
            error_setg_errno(errp, ret, "Could not preallocate new data");
            return -ret;
        }
        break;
    case PREALLOC_MODE_FULL:
        ret = fill_zeroes(fd, old, offset);
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Could not write zeros for "
                             "preallocation");
            return ret;
        }
        break;
    default:
        break;
    }
    return 0;
}

static int raw_truncate(BlockDriverState *bs, int64_t offset, bool exact,
                        PreallocMode prealloc, Error **errp)
{
    BDRVRawState *s = bs->opaque;
    int64_t old = raw_getlength(bs);

    if (s->is_blockdev) {
        if (offset > old || (exact && offset != old)) {
            error_setg(errp, "Cannot grow device files");
            return -EINVAL;
        }
        return 0;
    }
    if (!exact && offset <= old) {
        return 0;
    }
    if (prealloc == PREALLOC_MODE_METADATA) {
        error_setg(errp, "Unsupported preallocation mode 'metadata'");
        return -ENOTSUP;
    }
    return raw_resize_fd(s->fd, old, offset, prealloc, errp);
}

static int raw_block_status(BlockDriverState *bs, int64_t offset,
                            int64_t bytes, int64_t *pnum, int64_t *map,
                            BlockDriverState **file)
{
    BDRVRawState *s = bs->opaque;
    off_t data, hole;

    *map = offset;
    *file = bs;
    data = lseek(s->fd, offset, SEEK_DATA);
    if (data < 0) {
        if (errno == ENXIO) {   /* trailing hole */
            *pnum = bytes;
            return BDRV_BLOCK_ZERO | BDRV_BLOCK_OFFSET_VALID;
        }
        *pnum = bytes;
        return BDRV_BLOCK_DATA | BDRV_BLOCK_OFFSET_VALID;
    }
    if (data > offset) {
        *pnum = MIN(bytes, data - offset);
        return BDRV_BLOCK_ZERO | BDRV_BLOCK_OFFSET_VALID;
    }
    hole = lseek(s->fd, offset, SEEK_HOLE);
    if (hole < 0 || hole <= offset) {
        *pnum = bytes;
    } else {
        *pnum = MIN(bytes, hole - offset);
    }
    return BDRV_BLOCK_DATA | BDRV_BLOCK_OFFSET_VALID;
}

static bool raw_has_zero_init(BlockDriverState *bs)
{
    return !((BDRVRawState *)bs->opaque)->is_blockdev;
}

static QemuOptsList raw_create_opts = {
    .name = "raw-create-opts",
    .desc = {
        { .name = "size", .type = QEMU_OPT_SIZE,
          .help = "Virtual disk size" },
        { .name = "preallocation", .type = QEMU_OPT_STRING,
          .help = "Preallocation mode (allowed values: off, falloc, full)" },
        { .name = "nocow", .type = QEMU_OPT_BOOL,
          .help = "Turn off copy-on-write (valid only on btrfs)" },
        { NULL }
    },
};

static int raw_create(const char *filename, QemuOpts *opts, Error **errp)
{
    uint64_t size = QEMU_ALIGN_UP(qemu_opt_get_size(opts, "size", 0), 512);
    const char *pa = qemu_opt_get(opts, "preallocation");
    int prealloc = PREALLOC_MODE_OFF;
    int fd, ret;

    strstart(filename, "file:", &filename);
    if (pa) {
        prealloc = prealloc_mode_parse(pa, errp);
        if (prealloc < 0) {
            return -EINVAL;
        }
        if (prealloc == PREALLOC_MODE_METADATA) {
            error_setg(errp, "Unsupported preallocation mode 'metadata'");
            return -ENOTSUP;
        }
    }
    if (size > INT64_MAX) {
        error_setg(errp, "Image size too large");
        return -EINVAL;
    }
    fd = open(filename, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Could not create '%s'", filename);
        return ret;
    }
    /* Refuse to clobber an image someone else is writing (as QEMU). */
    if (byte_locked_by_other(fd, RAW_LOCK_PERM_BASE + 1) ||
        byte_locked_by_other(fd, RAW_LOCK_SHARED_BASE + 1)) {
        error_setg(errp, "Failed to get \"write\" lock");
        error_append_hint(errp, "Is another process using the image [%s]?\n",
                          filename);
        close(fd);
        return -EAGAIN;
    }
    ret = raw_resize_fd(fd, 0, 0, PREALLOC_MODE_OFF, errp);
    if (ret == 0) {
        ret = raw_resize_fd(fd, 0, size, prealloc, errp);
    }
    if (close(fd) < 0 && ret == 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Could not close the new file");
    }
    return ret;
}

const BlockDriver bdrv_file = {
    .format_name = "file",
    .instance_size = sizeof(BDRVRawState),
    .is_protocol = true,
    .open = raw_open,
    .close = raw_close,
    .pread = raw_pread,
    .pwrite = raw_pwrite,
    .pwrite_zeroes = raw_pwrite_zeroes,
    .pdiscard = raw_pdiscard,
    .flush_to_disk = raw_flush_to_disk,
    .getlength = raw_getlength,
    .get_allocated_file_size = raw_get_allocated_file_size,
    .truncate = raw_truncate,
    .block_status = raw_block_status,
    .has_zero_init = raw_has_zero_init,
    .create_opts = &raw_create_opts,
    .create = raw_create,
    .set_perm = raw_set_perm,
};
