/*
 * "virtio-blk-pci": virtio-blk behind the virtio PCI transport.  The
 * block device is the child "virtio-backend"; its properties (drive,
 * serial, num-queues, ...) are aliased on the PCI device, so
 * -device virtio-blk-pci,drive=d0,serial=abc works as in QEMU.
 */
#include "qemu/osdep.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/virtio/virtio-blk.h"

#define TYPE_VIRTIO_BLK_PCI "virtio-blk-pci"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOBlkPCI, VIRTIO_BLK_PCI)

struct VirtIOBlkPCI {
    VirtIOPCIProxy parent_obj;
    VirtIOBlock vdev;
};

static const char *const aliased_props[] = {
    "drive", "serial", "num-queues", "queue-size", "config-wce", "discard",
    "write-zeroes", "max-discard-sectors", "max-write-zeroes-sectors",
    "indirect_desc", "event_idx", NULL,
};

static void virtio_blk_pci_instance_init(Object *obj)
{
    VirtIOBlkPCI *dev = VIRTIO_BLK_PCI(obj);

    object_initialize_child(obj, "virtio-backend", &dev->vdev,
                            sizeof(dev->vdev), TYPE_VIRTIO_BLK);
    dev->parent_obj.vdev = VIRTIO_DEVICE(&dev->vdev);
    for (int i = 0; aliased_props[i]; i++) {
        object_property_add_alias(obj, aliased_props[i], OBJECT(&dev->vdev),
                                  aliased_props[i]);
    }
}

static void virtio_blk_pci_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    dc->categories |= 1UL << DEVICE_CATEGORY_STORAGE;
    dc->user_creatable = true;
    dc->desc = "Virtio block device";
    k->device_id = PCI_DEVICE_ID_VIRTIO_LEGACY_BASE + VIRTIO_ID_BLOCK;
    k->class_id = PCI_CLASS_STORAGE_SCSI;
}

static const TypeInfo virtio_blk_pci_info = {
    .name = TYPE_VIRTIO_BLK_PCI,
    .parent = TYPE_VIRTIO_PCI,
    .instance_size = sizeof(VirtIOBlkPCI),
    .instance_init = virtio_blk_pci_instance_init,
    .class_init = virtio_blk_pci_class_init,
};

static void virtio_blk_pci_register_types(void)
{
    type_register_static(&virtio_blk_pci_info);
}

type_init(virtio_blk_pci_register_types)
