/*
 * The transport-independent virtio core: a VirtIODevice (abstract QOM
 * device "virtio-device") with feature bits, device status, a config
 * space and split virtqueues, as in the virtio 1.x specification (and
 * its legacy 0.9.5 interface).
 *
 * A transport (virtio-pci) owns a device instance, sets dma_as and the
 * notify hook before realizing it, forwards guest register accesses to
 * the virtio_* calls below and raises an interrupt when notify runs.
 *
 * Every value the guest controls (ring addresses and indices, descriptor
 * addresses, lengths, flags and chains) is checked.  A ring that breaks
 * the rules marks the device broken (virtio_error: no more processing,
 * status DEVICE_NEEDS_RESET and a config interrupt for 1.0 drivers)
 * until the driver resets it; guest memory is only touched through
 * dma_as with bounds-checked copies, never through raw host pointers.
 *
 * Threading: everything runs with the BQL held (vCPU threads for kicks,
 * the main loop for completions).
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include "hw/qdev-core.h"
#include "exec/memory.h"
#include "hw/virtio/virtio-regs.h"

#define TYPE_VIRTIO_DEVICE "virtio-device"
OBJECT_DECLARE_TYPE(VirtIODevice, VirtioDeviceClass, VIRTIO_DEVICE)

#define VIRTIO_QUEUE_MAX 1024      /* queues per device */
#define VIRTQUEUE_MAX_SIZE 1024    /* descriptors per queue */

typedef struct VirtQueue VirtQueue;
typedef void VirtIOHandleOutput(VirtIODevice *vdev, VirtQueue *vq);

/*
 * One request popped from a queue: the readable (out) and writable (in)
 * guest buffers of its descriptor chain, in order, as guest-physical
 * ranges (already checked to lie in guest RAM).
 */
typedef struct VirtQueueSeg {
    uint64_t addr;
    uint32_t len;
} VirtQueueSeg;

typedef struct VirtQueueElement {
    unsigned int index;            /* head descriptor, for the used ring */
    unsigned int out_num, in_num;
    uint64_t out_len, in_len;      /* totals in bytes */
    VirtQueueSeg *out_sg, *in_sg;  /* point into the same allocation */
} VirtQueueElement;

struct VirtioDeviceClass {
    DeviceClass parent_class;
    /* The transport calls these via the virtio_* entry points. */
    void (*realize)(VirtIODevice *vdev, Error **errp);
    void (*unrealize)(VirtIODevice *vdev);
    /* Device feature bits to offer (the core adds the ring features). */
    uint64_t (*get_features)(VirtIODevice *vdev, uint64_t features);
    /* The driver's accepted features (FEATURES_OK, or legacy write). */
    void (*set_features)(VirtIODevice *vdev, uint64_t features);
    /* Fill vdev->config before a guest read / react after a write. */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* Device part of a reset (queues and status are done by the core). */
    void (*reset)(VirtIODevice *vdev);
    void (*set_status)(VirtIODevice *vdev, uint8_t status);
};

/* Transport hook: vdev->isr changed (raise or lower the interrupt). */
typedef void VirtioNotifyFunc(void *opaque);

struct VirtIODevice {
    DeviceState parent_obj;
    const char *name;
    uint16_t device_id;            /* virtio device ID (2 = block) */
    uint8_t status;
    uint8_t isr;                   /* bit 0: queue, bit 1: config change */
    uint8_t config_generation;
    uint16_t queue_sel;
    uint64_t host_features;        /* offered */
    uint64_t guest_features;       /* accepted (FEATURES_OK) */
    uint64_t driver_features;      /* written, not yet accepted */
    bool broken;
    size_t config_len;
    uint8_t *config;
    unsigned int nvqs;             /* queues added by the device */
    VirtQueue *vq;                 /* VIRTIO_QUEUE_MAX entries */
    /* Incremented at every reset: completions of older requests drop. */
    uint32_t reset_generation;
    /* Set by the transport before realize. */
    AddressSpace *dma_as;
    VirtioNotifyFunc *notify;
    void *notify_opaque;
    /* Device properties ("indirect_desc", "event_idx"). */
    bool prop_indirect_desc;
    bool prop_event_idx;
};

/* For device realize: size the config space and add queues. */
void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size);
void virtio_cleanup(VirtIODevice *vdev);
VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size,
                            VirtIOHandleOutput *handle_output);
VirtQueue *virtio_get_queue(VirtIODevice *vdev, unsigned int n);
unsigned int virtio_queue_index(VirtQueue *vq);

/* Mark the device broken (guest bug or attack), log why. */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
    QEMU_PRINTF(2, 3);

static inline bool virtio_has_feature(uint64_t features, unsigned int fbit)
{
    return fbit < 64 && (features & (1ULL << fbit));
}
static inline bool virtio_vdev_has_feature(VirtIODevice *vdev,
                                           unsigned int fbit)
{
    return virtio_has_feature(vdev->guest_features, fbit);
}

/* Little-endian fields of guest-visible structures (unaligned). */
static inline uint16_t virtio_lduw_le(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}
static inline uint32_t virtio_ldl_le(const uint8_t *p)
{
    return virtio_lduw_le(p) | ((uint32_t)virtio_lduw_le(p + 2) << 16);
}
static inline uint64_t virtio_ldq_le(const uint8_t *p)
{
    return virtio_ldl_le(p) | ((uint64_t)virtio_ldl_le(p + 4) << 32);
}
static inline void virtio_stw_le(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}
static inline void virtio_stl_le(uint8_t *p, uint32_t v)
{
    virtio_stw_le(p, v);
    virtio_stw_le(p + 2, v >> 16);
}
static inline void virtio_stq_le(uint8_t *p, uint64_t v)
{
    virtio_stl_le(p, v);
    virtio_stl_le(p + 4, v >> 32);
}

/* ---- the driver's side, called by transports ---- */
void virtio_reset(VirtIODevice *vdev);
/* Writes the status register; FEATURES_OK is dropped if refused. */
void virtio_set_status(VirtIODevice *vdev, uint8_t val);
/* Legacy: features take effect at once; false if not offered. */
bool virtio_set_features_legacy(VirtIODevice *vdev, uint32_t val);
/* Reads clear the ISR and lower the interrupt. */
uint8_t virtio_isr_read_clear(VirtIODevice *vdev);
/* Config space accesses of 1, 2, 4 bytes; outside reads as all-ones. */
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, int size);
void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t val,
                         int size);
/* Device-side config change: bump the generation, interrupt. */
void virtio_notify_config(VirtIODevice *vdev);

/* Queue registers (n must be < VIRTIO_QUEUE_MAX; others are ignored). */
bool virtio_queue_exists(VirtIODevice *vdev, unsigned int n);
unsigned int virtio_queue_get_num(VirtIODevice *vdev, unsigned int n);
unsigned int virtio_queue_get_max_num(VirtIODevice *vdev, unsigned int n);
/* num 1..max (others ignored while the queue is disabled, as QEMU). */
void virtio_queue_set_num(VirtIODevice *vdev, unsigned int n,
                          unsigned int num);
void virtio_queue_set_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t desc, uint64_t avail, uint64_t used);
void virtio_queue_get_rings(VirtIODevice *vdev, unsigned int n,
                            uint64_t *desc, uint64_t *avail, uint64_t *used);
/* Legacy layout: desc at addr, avail after it, used 4 KiB aligned. */
void virtio_queue_set_legacy_addr(VirtIODevice *vdev, unsigned int n,
                                  uint64_t addr);
uint64_t virtio_queue_get_legacy_addr(VirtIODevice *vdev, unsigned int n);
void virtio_queue_set_enabled(VirtIODevice *vdev, unsigned int n,
                              bool enabled);
bool virtio_queue_get_enabled(VirtIODevice *vdev, unsigned int n);
/* The driver kicked queue n. */
void virtio_queue_notify(VirtIODevice *vdev, unsigned int n);

/* ---- the device's side ---- */
/*
 * Next available request, or NULL (empty, disabled or broken; a bad
 * chain marks the device broken).  Free it with g_free after
 * virtqueue_push, or give it back with virtqueue_unpop.
 */
VirtQueueElement *virtqueue_pop(VirtQueue *vq);
void virtqueue_unpop(VirtQueue *vq, VirtQueueElement *elem);
bool virtio_queue_empty(VirtQueue *vq);
/* Put elem in the used ring with len bytes written. */
void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem,
                    uint32_t len);
/* Interrupt the driver unless it suppressed it (flags or event index). */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
/* Ask the driver for kicks (true) or not (false). */
void virtio_queue_set_notification(VirtQueue *vq, bool enable);

/*
 * Copy between an element's buffers and the host, starting offset bytes
 * into the readable (from) or writable (to) buffers.  Return the bytes
 * copied; short if the buffers end (or guest memory vanished).
 */
size_t virtqueue_elem_from_guest(VirtIODevice *vdev,
                                 const VirtQueueElement *elem,
                                 uint64_t offset, void *buf, size_t len);
size_t virtqueue_elem_to_guest(VirtIODevice *vdev,
                               const VirtQueueElement *elem,
                               uint64_t offset, const void *buf,
                               size_t len);

#endif
