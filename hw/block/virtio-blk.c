/*
 * virtio-blk: the block device type of virtio (spec 5.2) on the virtio
 * core, backed by a BlockBackend.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-blk.h"

#define SECTOR_SIZE 512
#define HDR_SIZE 16                 /* type, ioprio, sector */
#define DWZ_SEG_SIZE 16             /* sector, num_sectors, flags */
#define DEFAULT_MAX_SECTORS 0x3fffff   /* QEMU: BDRV_REQUEST_MAX_SECTORS */

typedef struct VirtIOBlockReq {
    VirtIOBlock *s;
    VirtQueue *vq;
    VirtQueueElement *elem;
    uint32_t generation;
    bool is_read;
    uint8_t *buf;
    uint64_t len;
} VirtIOBlockReq;

static void virtio_blk_req_free(VirtIOBlockReq *req)
{
    g_free(req->buf);
    g_free(req->elem);
    g_free(req);
}

/* Write the status byte, return the element to the driver, interrupt. */
static void virtio_blk_req_complete(VirtIOBlockReq *req, uint8_t status)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);
    VirtQueueElement *elem = req->elem;

    if (req->generation != vdev->reset_generation || vdev->broken) {
        /* Reset (or broken) since submission: the rings are gone. */
        virtio_blk_req_free(req);
        return;
    }
    if (virtqueue_elem_to_guest(vdev, elem, elem->in_len - 1, &status,
                                1) != 1) {
        virtio_error(vdev, "virtio-blk: status byte not in guest memory");
        virtio_blk_req_free(req);
        return;
    }
    virtqueue_push(req->vq, elem, MIN(elem->in_len, UINT32_MAX));
    virtio_notify(vdev, req->vq);
    virtio_blk_req_free(req);
}

static void virtio_blk_aio_done(void *opaque, int ret)
{
    VirtIOBlockReq *req = opaque;
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);
    uint8_t status = ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;

    req->s->inflight--;
    if (ret >= 0 && req->is_read && req->generation ==
        vdev->reset_generation && !vdev->broken) {
        if (virtqueue_elem_to_guest(vdev, req->elem, 0, req->buf,
                                    req->len) != req->len) {
            status = VIRTIO_BLK_S_IOERR;
        }
    }
    virtio_blk_req_complete(req, status);
}

/* QEMU's virtio_blk_sect_range_ok: aligned and inside the disk. */
static bool sect_range_ok(VirtIOBlock *s, uint64_t sector, uint64_t bytes)
{
    if (bytes % SECTOR_SIZE) {
        return false;
    }
    if (sector > s->sectors) {
        return false;
    }
    return bytes / SECTOR_SIZE <= s->sectors - sector;
}

static void handle_rw(VirtIOBlockReq *req, uint64_t sector, bool is_write)
{
    VirtIOBlock *s = req->s;
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    VirtQueueElement *elem = req->elem;
    uint64_t len = is_write ? elem->out_len - HDR_SIZE : elem->in_len - 1;

    if (!sect_range_ok(s, sector, len) || len > VIRTIO_BLK_MAX_REQUEST ||
        (is_write && blk_is_read_only(s->blk))) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_IOERR);
        return;
    }
    if (len == 0) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_OK);
        return;
    }
    req->buf = g_try_malloc(len);
    if (!req->buf) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_IOERR);
        return;
    }
    req->len = len;
    s->inflight++;
    if (is_write) {
        if (virtqueue_elem_from_guest(vdev, elem, HDR_SIZE, req->buf,
                                      len) != len) {
            s->inflight--;
            virtio_blk_req_complete(req, VIRTIO_BLK_S_IOERR);
            return;
        }
        blk_aio_pwrite(s->blk, sector * SECTOR_SIZE, len, req->buf, 0,
                       virtio_blk_aio_done, req);
    } else {
        req->is_read = true;
        blk_aio_pread(s->blk, sector * SECTOR_SIZE, len, req->buf,
                      virtio_blk_aio_done, req);
    }
}

static void handle_discard_wz(VirtIOBlockReq *req, bool is_wz)
{
    VirtIOBlock *s = req->s;
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    VirtQueueElement *elem = req->elem;
    uint8_t seg[DWZ_SEG_SIZE];
    uint64_t sector;
    uint32_t num, flags, max;

    if (!(is_wz ? s->write_zeroes : s->discard)) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_UNSUPP);
        return;
    }
    if (virtqueue_elem_from_guest(vdev, elem, HDR_SIZE, seg, sizeof(seg)) !=
        sizeof(seg)) {
        virtio_error(vdev, "virtio-blk discard/write_zeroes header too "
                     "short");
        virtio_blk_req_free(req);
        return;
    }
    sector = virtio_ldq_le(seg);
    num = virtio_ldl_le(seg + 8);
    flags = virtio_ldl_le(seg + 12);
    max = is_wz ? s->max_write_zeroes_sectors : s->max_discard_sectors;

    /* One segment is all we advertise (max_*_seg = 1). */
    if (elem->out_len - HDR_SIZE != DWZ_SEG_SIZE ||
        (is_wz ? flags & ~VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP : flags)) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_UNSUPP);
        return;
    }
    if (num > max || !sect_range_ok(s, sector, (uint64_t)num * SECTOR_SIZE) ||
        blk_is_read_only(s->blk)) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_IOERR);
        return;
    }
    if (!num) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_OK);
        return;
    }
    s->inflight++;
    if (is_wz) {
        blk_aio_pwrite_zeroes(s->blk, sector * SECTOR_SIZE,
                              (uint64_t)num * SECTOR_SIZE,
                              flags & VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP ?
                              BDRV_REQ_MAY_UNMAP : 0,
                              virtio_blk_aio_done, req);
    } else {
        blk_aio_pdiscard(s->blk, sector * SECTOR_SIZE,
                         (uint64_t)num * SECTOR_SIZE, virtio_blk_aio_done,
                         req);
    }
}

static void handle_get_id(VirtIOBlockReq *req)
{
    VirtIOBlock *s = req->s;
    char id[VIRTIO_BLK_ID_BYTES] = { 0 };
    uint64_t room = req->elem->in_len - 1;

    if (s->serial) {
        memcpy(id, s->serial, MIN(strlen(s->serial), sizeof(id)));
    }
    virtqueue_elem_to_guest(VIRTIO_DEVICE(s), req->elem, 0, id,
                            MIN(room, sizeof(id)));
    virtio_blk_req_complete(req, VIRTIO_BLK_S_OK);
}

static void virtio_blk_handle_request(VirtIOBlock *s, VirtQueue *vq,
                                      VirtQueueElement *elem)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    VirtIOBlockReq *req;
    uint8_t hdr[HDR_SIZE];
    uint32_t type;
    uint64_t sector;

    if (elem->out_len < HDR_SIZE || elem->in_len < 1) {
        virtio_error(vdev, "virtio-blk missing headers");
        g_free(elem);
        return;
    }
    if (virtqueue_elem_from_guest(vdev, elem, 0, hdr, sizeof(hdr)) !=
        sizeof(hdr)) {
        virtio_error(vdev, "virtio-blk request header not in guest memory");
        g_free(elem);
        return;
    }
    req = g_new0(VirtIOBlockReq, 1);
    req->s = s;
    req->vq = vq;
    req->elem = elem;
    req->generation = vdev->reset_generation;
    type = virtio_ldl_le(hdr);
    sector = virtio_ldq_le(hdr + 8);

    switch (type & ~(VIRTIO_BLK_T_OUT | VIRTIO_BLK_T_BARRIER)) {
    case VIRTIO_BLK_T_IN:
        handle_rw(req, sector, type & VIRTIO_BLK_T_OUT);
        break;
    case VIRTIO_BLK_T_FLUSH:
        s->inflight++;
        blk_aio_flush(s->blk, virtio_blk_aio_done, req);
        break;
    case VIRTIO_BLK_T_GET_ID:
        handle_get_id(req);
        break;
    case VIRTIO_BLK_T_DISCARD & ~VIRTIO_BLK_T_OUT:
        handle_discard_wz(req, false);
        break;
    case VIRTIO_BLK_T_WRITE_ZEROES & ~VIRTIO_BLK_T_OUT:
        handle_discard_wz(req, true);
        break;
    default:
        virtio_blk_req_complete(req, VIRTIO_BLK_S_UNSUPP);
        break;
    }
}

static void virtio_blk_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    VirtQueueElement *elem;

    do {
        virtio_queue_set_notification(vq, false);
        while (!vdev->broken && (elem = virtqueue_pop(vq))) {
            virtio_blk_handle_request(s, vq, elem);
        }
        virtio_queue_set_notification(vq, true);
    } while (!vdev->broken && !virtio_queue_empty(vq));
}

/* ---- features and config space */

static uint64_t virtio_blk_get_features(VirtIODevice *vdev, uint64_t f)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    f |= 1ULL << VIRTIO_BLK_F_SEG_MAX;
    f |= 1ULL << VIRTIO_BLK_F_GEOMETRY;
    f |= 1ULL << VIRTIO_BLK_F_TOPOLOGY;
    f |= 1ULL << VIRTIO_BLK_F_BLK_SIZE;
    f |= 1ULL << VIRTIO_BLK_F_FLUSH;
    if (s->config_wce) {
        f |= 1ULL << VIRTIO_BLK_F_CONFIG_WCE;
    }
    if (blk_is_read_only(s->blk)) {
        f |= 1ULL << VIRTIO_BLK_F_RO;
    }
    if (s->num_queues > 1) {
        f |= 1ULL << VIRTIO_BLK_F_MQ;
    }
    if (s->discard) {
        f |= 1ULL << VIRTIO_BLK_F_DISCARD;
    }
    if (s->write_zeroes) {
        f |= 1ULL << VIRTIO_BLK_F_WRITE_ZEROES;
    }
    return f;
}

static void virtio_blk_set_features(VirtIODevice *vdev, uint64_t features)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    /* Without CONFIG_WCE the guest's FLUSH support picks the mode. */
    if (!virtio_has_feature(features, VIRTIO_BLK_F_CONFIG_WCE)) {
        blk_set_enable_write_cache(s->blk, virtio_has_feature(
                                               features, VIRTIO_BLK_F_FLUSH));
    }
}

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *c)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    uint64_t cyls = s->sectors / (16 * 63);

    memset(c, 0, vdev->config_len);
    virtio_stq_le(c + VIRTIO_BLK_CFG_CAPACITY, s->sectors);
    virtio_stl_le(c + VIRTIO_BLK_CFG_SEG_MAX, s->queue_size - 2);
    virtio_stw_le(c + VIRTIO_BLK_CFG_CYLINDERS, MAX(2, MIN(cyls, 16383)));
    c[VIRTIO_BLK_CFG_HEADS] = 16;
    c[VIRTIO_BLK_CFG_SECTORS] = 63;
    virtio_stl_le(c + VIRTIO_BLK_CFG_BLK_SIZE, SECTOR_SIZE);
    c[VIRTIO_BLK_CFG_WCE] = blk_enable_write_cache(s->blk);
    virtio_stw_le(c + VIRTIO_BLK_CFG_NUM_QUEUES, s->num_queues);
    virtio_stl_le(c + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS,
                  s->max_discard_sectors);
    virtio_stl_le(c + VIRTIO_BLK_CFG_MAX_DISCARD_SEG, 1);
    virtio_stl_le(c + VIRTIO_BLK_CFG_DISCARD_ALIGNMENT, 1);
    virtio_stl_le(c + VIRTIO_BLK_CFG_MAX_WZ_SECTORS,
                  s->max_write_zeroes_sectors);
    virtio_stl_le(c + VIRTIO_BLK_CFG_MAX_WZ_SEG, 1);
    c[VIRTIO_BLK_CFG_WZ_MAY_UNMAP] = 1;
}

static void virtio_blk_set_config(VirtIODevice *vdev, const uint8_t *c)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    /* Only the writeback byte is writable, and only with CONFIG_WCE. */
    if (virtio_vdev_has_feature(vdev, VIRTIO_BLK_F_CONFIG_WCE) ||
        (!virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1) &&
         s->config_wce)) {
        blk_set_enable_write_cache(s->blk, c[VIRTIO_BLK_CFG_WCE] != 0);
    }
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    /* In-flight requests finish in the backend and are then dropped
     * (their generation is stale); nothing here waits for them. */
    if (s->blk) {
        blk_set_enable_write_cache(s->blk, s->original_wce);
    }
}

static void virtio_blk_device_realize(VirtIODevice *vdev, Error **errp)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    int64_t len;

    /* drive= resolved and claimed the backend (qdev_prop_drive). */
    if (!s->blk) {
        error_setg(errp, "drive property not set");
        return;
    }
    if (s->num_queues == 0) {
        error_setg(errp, "num-queues property must be larger than 0");
        return;
    }
    if (s->num_queues > VIRTIO_QUEUE_MAX) {
        error_setg(errp, "num-queues property must be <= %d",
                   VIRTIO_QUEUE_MAX);
        return;
    }
    if (s->queue_size <= 2) {
        error_setg(errp, "invalid queue-size property (%" PRIu16 "), must "
                   "be > 2", s->queue_size);
        return;
    }
    if (s->queue_size & (s->queue_size - 1)) {
        error_setg(errp, "invalid queue-size property (%" PRIu16 "), must "
                   "be a power of 2", s->queue_size);
        return;
    }
    if (s->queue_size > VIRTQUEUE_MAX_SIZE) {
        error_setg(errp, "invalid queue-size property (%" PRIu16 "), must "
                   "be <= %d", s->queue_size, VIRTQUEUE_MAX_SIZE);
        return;
    }
    if (!s->max_discard_sectors || s->max_discard_sectors > INT32_MAX / 512) {
        error_setg(errp, "invalid max-discard-sectors property (%" PRIu32
                   "), must be between 1 and %d", s->max_discard_sectors,
                   INT32_MAX / 512);
        return;
    }
    if (!s->max_write_zeroes_sectors ||
        s->max_write_zeroes_sectors > INT32_MAX / 512) {
        error_setg(errp, "invalid max-write-zeroes-sectors property (%"
                   PRIu32 "), must be between 1 and %d",
                   s->max_write_zeroes_sectors, INT32_MAX / 512);
        return;
    }
    len = blk_getlength(s->blk);
    if (len < 0) {
        error_setg_errno(errp, -len, "could not get the size of the drive");
        return;
    }
    s->sectors = len / SECTOR_SIZE;
    s->original_wce = blk_enable_write_cache(s->blk);
    vdev->name = "virtio-blk";
    virtio_init(vdev, VIRTIO_ID_BLOCK, VIRTIO_BLK_CFG_SIZE);
    for (unsigned int i = 0; i < s->num_queues; i++) {
        virtio_add_queue(vdev, s->queue_size, virtio_blk_handle_output);
    }
}

static void virtio_blk_device_unrealize(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    if (s->inflight && s->blk) {
        blk_drain(s->blk);
    }
    virtio_cleanup(vdev);
}

static Property virtio_blk_props[] = {
    DEFINE_PROP_DRIVE("drive", VirtIOBlock, blk),
    DEFINE_PROP_STRING("serial", VirtIOBlock, serial),
    DEFINE_PROP_UINT16("num-queues", VirtIOBlock, num_queues, 1),
    DEFINE_PROP_UINT16("queue-size", VirtIOBlock, queue_size, 256),
    DEFINE_PROP_BOOL("config-wce", VirtIOBlock, config_wce, true),
    DEFINE_PROP_BOOL("discard", VirtIOBlock, discard, true),
    DEFINE_PROP_BOOL("write-zeroes", VirtIOBlock, write_zeroes, true),
    DEFINE_PROP_UINT32("max-discard-sectors", VirtIOBlock,
                       max_discard_sectors, DEFAULT_MAX_SECTORS),
    DEFINE_PROP_UINT32("max-write-zeroes-sectors", VirtIOBlock,
                       max_write_zeroes_sectors, DEFAULT_MAX_SECTORS),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_blk_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    device_class_set_props(dc, virtio_blk_props);
    dc->categories |= 1UL << DEVICE_CATEGORY_STORAGE;
    vdc->realize = virtio_blk_device_realize;
    vdc->unrealize = virtio_blk_device_unrealize;
    vdc->get_features = virtio_blk_get_features;
    vdc->set_features = virtio_blk_set_features;
    vdc->get_config = virtio_blk_get_config;
    vdc->set_config = virtio_blk_set_config;
    vdc->reset = virtio_blk_reset;
}

static const TypeInfo virtio_blk_info = {
    .name = TYPE_VIRTIO_BLK,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOBlock),
    .class_init = virtio_blk_class_init,
};

static void virtio_blk_register_types(void)
{
    type_register_static(&virtio_blk_info);
}

type_init(virtio_blk_register_types)
