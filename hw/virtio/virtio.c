/*
 * The virtio core: feature negotiation, status, config space and split
 * virtqueues (descriptor table, available ring, used ring), with
 * indirect descriptors and event-index notification suppression.
 *
 * The rings live in guest memory and the guest may change them at any
 * time, so every value read from them is checked before use and every
 * access goes through the device's DMA address space, which fails
 * cleanly outside guest memory.  Rule breaking marks the device broken.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio.h"

struct VirtQueue {
    VirtIODevice *vdev;
    unsigned int index;
    unsigned int num;          /* current size; 0: the queue is absent */
    unsigned int num_max;
    uint64_t desc, avail, used;
    bool enabled;
    uint16_t last_avail_idx;   /* next avail entry we will pop */
    uint16_t shadow_avail_idx; /* last avail->idx read */
    uint16_t used_idx;         /* next used entry we will fill */
    uint16_t used_flags;
    uint16_t signalled_used;   /* used_idx at the last interrupt */
    bool signalled_used_valid;
    bool notification;         /* kicks wanted */
    unsigned int inuse;        /* popped, not pushed */
    VirtIOHandleOutput *handle_output;
};

typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VRingDesc;

#define ATTRS MEMTXATTRS_UNSPECIFIED

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_report("%s: %s", vdev->name ? vdev->name : "virtio", msg);
    g_free(msg);
    if (vdev->broken) {
        return;
    }
    vdev->broken = true;
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
        virtio_notify_config(vdev);
    }
}

static void virtio_update_irq(VirtIODevice *vdev)
{
    if (vdev->notify) {
        vdev->notify(vdev->notify_opaque);
    }
}

/* ---- guest memory helpers: false (and the device broken) on failure */

static bool vring_lduw(VirtQueue *vq, uint64_t addr, uint16_t *val)
{
    MemTxResult res = MEMTX_OK;

    *val = address_space_lduw_le(vq->vdev->dma_as, addr, ATTRS, &res);
    if (res != MEMTX_OK) {
        virtio_error(vq->vdev, "queue %u: ring at 0x%" PRIx64
                     " is not in guest memory", vq->index, addr);
        return false;
    }
    return true;
}

static bool vring_stw(VirtQueue *vq, uint64_t addr, uint16_t val)
{
    MemTxResult res = MEMTX_OK;

    address_space_stw_le(vq->vdev->dma_as, addr, val, ATTRS, &res);
    if (res != MEMTX_OK) {
        virtio_error(vq->vdev, "queue %u: ring at 0x%" PRIx64
                     " is not in guest memory", vq->index, addr);
        return false;
    }
    return true;
}

static bool vring_stl(VirtQueue *vq, uint64_t addr, uint32_t val)
{
    MemTxResult res = MEMTX_OK;

    address_space_stl_le(vq->vdev->dma_as, addr, val, ATTRS, &res);
    if (res != MEMTX_OK) {
        virtio_error(vq->vdev, "queue %u: ring at 0x%" PRIx64
                     " is not in guest memory", vq->index, addr);
        return false;
    }
    return true;
}

/* Is [addr, addr+len) guest RAM (writable RAM for is_write)? */
static bool range_is_ram(AddressSpace *as, uint64_t addr, uint64_t len,
                         bool is_write)
{
    if (len && addr + len - 1 < addr) {
        return false;
    }
    while (len) {
        MemoryRegionSection s = address_space_find_section(as, addr);
        uint64_t step;

        if (!s.mr || !s.size || !memory_region_is_ram(s.mr) ||
            (is_write && (s.readonly || memory_region_is_rom(s.mr)))) {
            return false;
        }
        step = MIN(s.size, len);
        addr += step;
        len -= step;
    }
    return true;
}

static inline void vring_fence(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* ---- ring fields */

static bool vring_avail_idx(VirtQueue *vq, uint16_t *idx)
{
    if (!vring_lduw(vq, vq->avail + 2, idx)) {
        return false;
    }
    vq->shadow_avail_idx = *idx;
    return true;
}

static bool vring_avail_flags(VirtQueue *vq, uint16_t *flags)
{
    return vring_lduw(vq, vq->avail, flags);
}

static bool vring_used_event(VirtQueue *vq, uint16_t *val)
{
    return vring_lduw(vq, vq->avail + 4 + 2 * (uint64_t)vq->num, val);
}

static bool vring_set_avail_event(VirtQueue *vq, uint16_t val)
{
    return vring_stw(vq, vq->used + 4 +
                     VRING_USED_ELEM_SIZE * (uint64_t)vq->num, val);
}

static bool vq_ready(VirtQueue *vq)
{
    return vq->num && vq->desc && vq->enabled && !vq->vdev->broken &&
           vq->vdev->dma_as;
}

/* Number of new requests, or -1 (device broken) for an impossible index. */
static int vq_num_heads(VirtQueue *vq)
{
    uint16_t idx;
    uint16_t n;

    if (!vring_avail_idx(vq, &idx)) {
        return -1;
    }
    n = idx - vq->last_avail_idx;
    if (n > vq->num) {
        virtio_error(vq->vdev, "queue %u: guest moved avail index from "
                     "%u to %u", vq->index, vq->last_avail_idx, idx);
        return -1;
    }
    if (n) {
        vring_fence();      /* ring entries after the index */
    }
    return n;
}

bool virtio_queue_empty(VirtQueue *vq)
{
    if (!vq_ready(vq)) {
        return true;
    }
    if (vq->shadow_avail_idx != vq->last_avail_idx) {
        return false;
    }
    return vq_num_heads(vq) <= 0;
}

void virtio_queue_set_notification(VirtQueue *vq, bool enable)
{
    vq->notification = enable;
    if (!vq_ready(vq)) {
        return;
    }
    if (virtio_vdev_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        uint16_t idx;

        if (enable && vring_avail_idx(vq, &idx)) {
            vring_set_avail_event(vq, idx);
        }
    } else {
        if (enable) {
            vq->used_flags &= ~VRING_USED_F_NO_NOTIFY;
        } else {
            vq->used_flags |= VRING_USED_F_NO_NOTIFY;
        }
        vring_stw(vq, vq->used, vq->used_flags);
    }
    if (enable) {
        vring_fence();      /* flag/event visible before we re-check */
    }
}

static bool read_desc(VirtQueue *vq, uint64_t table, unsigned int i,
                      VRingDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (address_space_read(vq->vdev->dma_as, table + i * VRING_DESC_SIZE,
                           ATTRS, raw, sizeof(raw)) != MEMTX_OK) {
        virtio_error(vq->vdev, "queue %u: descriptor table at 0x%" PRIx64
                     " is not in guest memory", vq->index, table);
        return false;
    }
    d->addr = virtio_ldq_le(raw);
    d->len = virtio_ldl_le(raw + 8);
    d->flags = virtio_lduw_le(raw + 12);
    d->next = virtio_lduw_le(raw + 14);
    return true;
}

VirtQueueElement *virtqueue_pop(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    VirtQueueElement *elem = NULL;
    VirtQueueSeg *segs = NULL;
    unsigned int out_num = 0, in_num = 0, count = 0, max, i;
    uint64_t out_len = 0, in_len = 0, table;
    uint16_t head;
    VRingDesc d;
    int n;

    if (!vq_ready(vq)) {
        return NULL;
    }
    if (vq->shadow_avail_idx == vq->last_avail_idx) {
        n = vq_num_heads(vq);
        if (n <= 0) {
            return NULL;
        }
    }
    if (vq->inuse >= vq->num) {
        virtio_error(vdev, "queue %u: more requests than the queue size",
                     vq->index);
        return NULL;
    }
    if (!vring_lduw(vq, vq->avail + 4 + 2 * (uint64_t)(vq->last_avail_idx %
                                                        vq->num), &head)) {
        return NULL;
    }
    if (head >= vq->num) {
        virtio_error(vdev, "queue %u: head descriptor %u out of range",
                     vq->index, head);
        return NULL;
    }

    table = vq->desc;
    max = vq->num;
    i = head;
    if (!read_desc(vq, table, i, &d)) {
        return NULL;
    }
    if (d.flags & VRING_DESC_F_INDIRECT) {
        if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
            virtio_error(vdev, "queue %u: indirect descriptor without "
                         "the feature", vq->index);
            return NULL;
        }
        if (d.len == 0 || d.len % VRING_DESC_SIZE ||
            d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
            virtio_error(vdev, "queue %u: invalid size %u for an indirect "
                         "table", vq->index, d.len);
            return NULL;
        }
        if (!range_is_ram(vdev->dma_as, d.addr, d.len, false)) {
            virtio_error(vdev, "queue %u: indirect table at 0x%" PRIx64
                         " is not in guest memory", vq->index, d.addr);
            return NULL;
        }
        table = d.addr;
        max = d.len / VRING_DESC_SIZE;
        i = 0;
        if (!read_desc(vq, table, i, &d)) {
            return NULL;
        }
    }

    segs = g_new(VirtQueueSeg, max);
    for (;;) {
        bool is_write = d.flags & VRING_DESC_F_WRITE;

        if (++count > max) {
            virtio_error(vdev, "queue %u: looped descriptor chain",
                         vq->index);
            goto fail;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            virtio_error(vdev, "queue %u: indirect descriptor inside a "
                         "chain or an indirect table", vq->index);
            goto fail;
        }
        if (!d.len) {
            virtio_error(vdev, "queue %u: zero sized buffers are not "
                         "allowed", vq->index);
            goto fail;
        }
        if (!range_is_ram(vdev->dma_as, d.addr, d.len, is_write)) {
            virtio_error(vdev, "queue %u: buffer 0x%" PRIx64 "+0x%x is "
                         "not in guest memory", vq->index, d.addr, d.len);
            goto fail;
        }
        if (is_write) {
            in_len += d.len;
            in_num++;
        } else {
            if (in_num) {
                virtio_error(vdev, "queue %u: readable buffer after a "
                             "writable one", vq->index);
                goto fail;
            }
            out_len += d.len;
            out_num++;
        }
        segs[out_num + in_num - 1] = (VirtQueueSeg){ d.addr, d.len };
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            break;
        }
        i = d.next;
        if (i >= max) {
            virtio_error(vdev, "queue %u: next descriptor %u out of range",
                         vq->index, i);
            goto fail;
        }
        if (!read_desc(vq, table, i, &d)) {
            goto fail;
        }
    }

    elem = g_malloc(sizeof(*elem) + (out_num + in_num) * sizeof(*segs));
    elem->index = head;
    elem->out_num = out_num;
    elem->in_num = in_num;
    elem->out_len = out_len;
    elem->in_len = in_len;
    elem->out_sg = (VirtQueueSeg *)(elem + 1);
    elem->in_sg = elem->out_sg + out_num;
    memcpy(elem->out_sg, segs, (out_num + in_num) * sizeof(*segs));
    g_free(segs);

    vq->last_avail_idx++;
    vq->inuse++;
    if (virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX) &&
        vq->notification) {
        vring_set_avail_event(vq, vq->last_avail_idx);
    }
    return elem;

fail:
    g_free(segs);
    return NULL;
}

void virtqueue_unpop(VirtQueue *vq, VirtQueueElement *elem)
{
    vq->last_avail_idx--;
    vq->inuse--;
}

void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem,
                    uint32_t len)
{
    uint64_t ent;

    if (!vq_ready(vq)) {
        return;
    }
    ent = vq->used + 4 + VRING_USED_ELEM_SIZE * (uint64_t)(vq->used_idx %
                                                            vq->num);
    if (!vring_stl(vq, ent, elem->index) || !vring_stl(vq, ent + 4, len)) {
        return;
    }
    vring_fence();          /* the entry before the index */
    vq->used_idx++;
    if (!vring_stw(vq, vq->used + 2, vq->used_idx)) {
        return;
    }
    if (vq->inuse) {
        vq->inuse--;
    }
    /* Wrapped past the last interrupt: the event check must not be
     * fooled by a 16-bit wrap. */
    if ((uint16_t)(vq->used_idx - vq->signalled_used) == 0) {
        vq->signalled_used_valid = false;
    }
}

/* The event-index rule: has new_idx just passed event? */
static bool vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

static bool virtio_should_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    uint16_t flags, event, old, new_idx;
    bool valid;

    vring_fence();          /* used ring written before reading flags */
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_NOTIFY_ON_EMPTY) &&
        !vq->inuse && virtio_queue_empty(vq)) {
        return true;
    }
    if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        return vring_avail_flags(vq, &flags) &&
               !(flags & VRING_AVAIL_F_NO_INTERRUPT);
    }
    valid = vq->signalled_used_valid;
    vq->signalled_used_valid = true;
    old = vq->signalled_used;
    new_idx = vq->signalled_used = vq->used_idx;
    if (!vring_used_event(vq, &event)) {
        return false;
    }
    return !valid || vring_need_event(event, new_idx, old);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (!vq_ready(vq) || !virtio_should_notify(vdev, vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    virtio_update_irq(vdev);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->config_generation++;
    vdev->isr |= VIRTIO_ISR_CONFIG;
    virtio_update_irq(vdev);
}

/* ---- copies between elements and host buffers */

static size_t elem_copy(VirtIODevice *vdev, const VirtQueueSeg *sg,
                        unsigned int num, uint64_t offset, void *buf,
                        size_t len, bool to_guest)
{
    size_t done = 0;

    for (unsigned int i = 0; i < num && done < len; i++) {
        uint64_t chunk;

        if (offset >= sg[i].len) {
            offset -= sg[i].len;
            continue;
        }
        chunk = MIN((uint64_t)sg[i].len - offset, len - done);
        if (address_space_rw(vdev->dma_as, sg[i].addr + offset, ATTRS,
                             (uint8_t *)buf + done, chunk,
                             to_guest) != MEMTX_OK) {
            break;
        }
        done += chunk;
        offset = 0;
    }
    return done;
}

size_t virtqueue_elem_from_guest(VirtIODevice *vdev,
                                 const VirtQueueElement *elem,
                                 uint64_t offset, void *buf, size_t len)
{
    return elem_copy(vdev, elem->out_sg, elem->out_num, offset, buf, len,
                     false);
}

size_t virtqueue_elem_to_guest(VirtIODevice *vdev,
                               const VirtQueueElement *elem,
                               uint64_t offset, const void *buf, size_t len)
{
    return elem_copy(vdev, elem->in_sg, elem->in_num, offset, (void *)buf,
                     len, true);
}

/* ---- device setup */

void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size)
{
    vdev->device_id = device_id;
    vdev->config_len = config_size;
    vdev->config = config_size ? g_malloc0(config_size) : NULL;
    vdev->vq = g_new0(VirtQueue, VIRTIO_QUEUE_MAX);
    for (unsigned int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        vdev->vq[i].vdev = vdev;
        vdev->vq[i].index = i;
        vdev->vq[i].notification = true;
    }
    vdev->nvqs = 0;
    if (!vdev->name) {
        vdev->name = object_get_typename(OBJECT(vdev));
    }
}

void virtio_cleanup(VirtIODevice *vdev)
{
    g_free(vdev->config);
    vdev->config = NULL;
    g_free(vdev->vq);
    vdev->vq = NULL;
    vdev->nvqs = 0;
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size,
                            VirtIOHandleOutput *handle_output)
{
    VirtQueue *vq;

    assert(vdev->nvqs < VIRTIO_QUEUE_MAX);
    assert(queue_size > 0 && queue_size <= VIRTQUEUE_MAX_SIZE);
    vq = &vdev->vq[vdev->nvqs++];
    vq->num = vq->num_max = queue_size;
    vq->handle_output = handle_output;
    return vq;
}

VirtQueue *virtio_get_queue(VirtIODevice *vdev, unsigned int n)
{
    return n < vdev->nvqs ? &vdev->vq[n] : NULL;
}

unsigned int virtio_queue_index(VirtQueue *vq)
{
    return vq->index;
}

/* ---- driver-side operations */

static void virtio_queue_reset_one(VirtQueue *vq)
{
    vq->desc = vq->avail = vq->used = 0;
    vq->num = vq->num_max;
    vq->enabled = false;
    vq->last_avail_idx = vq->shadow_avail_idx = vq->used_idx = 0;
    vq->used_flags = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->notification = true;
    vq->inuse = 0;
}

void virtio_reset(VirtIODevice *vdev)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    vdev->reset_generation++;
    if (k->set_status) {
        k->set_status(vdev, 0);
    }
    if (k->reset) {
        k->reset(vdev);
    }
    vdev->status = 0;
    vdev->broken = false;
    vdev->guest_features = 0;
    vdev->driver_features = 0;
    vdev->queue_sel = 0;
    vdev->config_generation = 0;
    vdev->isr = 0;
    for (unsigned int i = 0; i < vdev->nvqs; i++) {
        virtio_queue_reset_one(&vdev->vq[i]);
    }
    virtio_update_irq(vdev);
}

static void virtio_accept_features(VirtIODevice *vdev, uint64_t features)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    vdev->guest_features = features;
    if (k->set_features) {
        k->set_features(vdev, features);
    }
}

bool virtio_set_features_legacy(VirtIODevice *vdev, uint32_t val)
{
    uint64_t offered = vdev->host_features & 0xffffffffull;
    bool ok = !(val & ~offered);

    if (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) {
        return false;           /* too late, as QEMU */
    }
    vdev->driver_features = val & offered;
    virtio_accept_features(vdev, vdev->driver_features);
    return ok;
}

void virtio_set_status(VirtIODevice *vdev, uint8_t val)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (val == 0) {
        virtio_reset(vdev);
        return;
    }
    if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
        if (vdev->driver_features & ~vdev->host_features) {
            error_report("%s: device refuses features 0x%" PRIx64,
                         vdev->name, vdev->driver_features);
            val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
        } else {
            virtio_accept_features(vdev, vdev->driver_features);
        }
    }
    if (vdev->broken) {
        val |= vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET;
    }
    if (k->set_status) {
        k->set_status(vdev, val);
    }
    vdev->status = val;
}

uint8_t virtio_isr_read_clear(VirtIODevice *vdev)
{
    uint8_t isr = vdev->isr;

    vdev->isr = 0;
    virtio_update_irq(vdev);
    return isr;
}

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, int size)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if ((size != 1 && size != 2 && size != 4) || addr > vdev->config_len ||
        size > vdev->config_len - addr) {
        return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    }
    if (k->get_config) {
        k->get_config(vdev, vdev->config);
    }
    switch (size) {
    case 1:
        return vdev->config[addr];
    case 2:
        return virtio_lduw_le(vdev->config + addr);
    default:
        return virtio_ldl_le(vdev->config + addr);
    }
}

void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t val,
                         int size)
{
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if ((size != 1 && size != 2 && size != 4) || addr > vdev->config_len ||
        size > vdev->config_len - addr) {
        return;
    }
    if (k->get_config) {
        k->get_config(vdev, vdev->config);
    }
    switch (size) {
    case 1:
        vdev->config[addr] = val;
        break;
    case 2:
        virtio_stw_le(vdev->config + addr, val);
        break;
    default:
        virtio_stl_le(vdev->config + addr, val);
        break;
    }
    if (k->set_config) {
        k->set_config(vdev, vdev->config);
    }
}

static VirtQueue *vq_or_null(VirtIODevice *vdev, unsigned int n)
{
    return n < vdev->nvqs ? &vdev->vq[n] : NULL;
}

bool virtio_queue_exists(VirtIODevice *vdev, unsigned int n)
{
    return vq_or_null(vdev, n) != NULL;
}

unsigned int virtio_queue_get_num(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    return vq ? vq->num : 0;
}

unsigned int virtio_queue_get_max_num(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    return vq ? vq->num_max : 0;
}

void virtio_queue_set_num(VirtIODevice *vdev, unsigned int n,
                          unsigned int num)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    if (!vq || vq->enabled || num == 0 || num > vq->num_max) {
        return;
    }
    vq->num = num;
}

void virtio_queue_set_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t desc, uint64_t avail, uint64_t used)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    if (!vq) {
        return;
    }
    vq->desc = desc;
    vq->avail = avail;
    vq->used = used;
}

void virtio_queue_get_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t *desc, uint64_t *avail, uint64_t *used)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    *desc = vq ? vq->desc : 0;
    *avail = vq ? vq->avail : 0;
    *used = vq ? vq->used : 0;
}

void virtio_queue_set_legacy_addr(VirtIODevice *vdev, unsigned int n,
                                  uint64_t addr)
{
    VirtQueue *vq = vq_or_null(vdev, n);
    uint64_t avail, used;

    if (!vq) {
        return;
    }
    avail = addr + (uint64_t)vq->num * VRING_DESC_SIZE;
    used = ROUND_UP(avail + 4 + 2 * (uint64_t)vq->num + 2,
                    VIRTIO_PCI_VRING_ALIGN);
    virtio_queue_set_rings(vdev, n, addr, addr ? avail : 0,
                           addr ? used : 0);
    vq->enabled = addr != 0;
    if (!addr) {
        vq->last_avail_idx = vq->shadow_avail_idx = vq->used_idx = 0;
        vq->signalled_used_valid = false;
        vq->inuse = 0;
    }
}

uint64_t virtio_queue_get_legacy_addr(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    return vq ? vq->desc : 0;
}

void virtio_queue_set_enabled(VirtIODevice *vdev, unsigned int n,
                              bool enabled)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    if (vq) {
        vq->enabled = enabled;
    }
}

bool virtio_queue_get_enabled(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    return vq && vq->enabled;
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = vq_or_null(vdev, n);

    if (!vq || !vq->handle_output || !vq_ready(vq)) {
        return;
    }
    vq->handle_output(vdev, vq);
}

/* ---- QOM */

static void virtio_device_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);
    uint64_t ring = (1ULL << VIRTIO_F_NOTIFY_ON_EMPTY) |
                    (1ULL << VIRTIO_F_ANY_LAYOUT);

    if (k->realize) {
        Error *err = NULL;

        k->realize(vdev, &err);
        if (err) {
            error_propagate(errp, err);
            return;
        }
    }
    if (vdev->prop_indirect_desc) {
        ring |= 1ULL << VIRTIO_RING_F_INDIRECT_DESC;
    }
    if (vdev->prop_event_idx) {
        ring |= 1ULL << VIRTIO_RING_F_EVENT_IDX;
    }
    vdev->host_features = ring;
    if (k->get_features) {
        vdev->host_features = k->get_features(vdev, vdev->host_features);
    }
}

static void virtio_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *k = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (k->unrealize) {
        k->unrealize(vdev);
    }
}

static Property virtio_device_props[] = {
    DEFINE_PROP_BOOL("indirect_desc", VirtIODevice, prop_indirect_desc,
                     true),
    DEFINE_PROP_BOOL("event_idx", VirtIODevice, prop_event_idx, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = virtio_device_realize;
    dc->unrealize = virtio_device_unrealize;
    device_class_set_props(dc, virtio_device_props);
}

static const TypeInfo virtio_device_info = {
    .name = TYPE_VIRTIO_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(VirtIODevice),
    .class_size = sizeof(VirtioDeviceClass),
    .class_init = virtio_device_class_init,
    .abstract = true,
};

static void virtio_register_types(void)
{
    type_register_static(&virtio_device_info);
}

type_init(virtio_register_types)
