/*
 * virtio-blk ("virtio-blk-device", plugged into a transport such as
 * virtio-blk-pci): a disk backed by a BlockBackend found by its -drive
 * id.  Reads, writes, flushes, discards and write-zeroes run
 * asynchronously in the block layer's thread pool with a bounce buffer;
 * the guest's buffers are copied in at submission and out at completion
 * (in the main loop), so the vCPU never waits for the disk.
 *
 * Requests that are malformed at the ring level (missing header or
 * status byte) break the device, as in QEMU; bad block requests (out of
 * range, misaligned, too large, unknown type, read-only) complete with
 * VIRTIO_BLK_S_IOERR or VIRTIO_BLK_S_UNSUPP.
 */
#ifndef HW_VIRTIO_VIRTIO_BLK_H
#define HW_VIRTIO_VIRTIO_BLK_H

#include "hw/virtio/virtio.h"
#include "block/block-backend.h"

#define TYPE_VIRTIO_BLK "virtio-blk-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOBlock, VIRTIO_BLK)

/* Largest request data we bounce (bigger ones get IOERR). */
#define VIRTIO_BLK_MAX_REQUEST (64 * 1024 * 1024)

struct VirtIOBlock {
    VirtIODevice parent_obj;
    BlockBackend *blk;
    char *serial;
    uint16_t num_queues;
    uint16_t queue_size;
    bool config_wce;
    bool discard;
    bool write_zeroes;
    uint32_t max_discard_sectors;
    uint32_t max_write_zeroes_sectors;
    uint64_t sectors;              /* capacity, read at realize */
    bool original_wce;
    unsigned int inflight;
};

#endif
