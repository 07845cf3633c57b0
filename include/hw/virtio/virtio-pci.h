/*
 * virtio over PCI (abstract "virtio-pci" device), QEMU's layout:
 *   - modern (1.0): vendor capabilities pointing into BAR 4 (64-bit
 *     prefetchable memory, 16 KiB): common config at 0x0000, ISR at
 *     0x1000, device config at 0x2000, notifications at 0x3000 (queue n
 *     at 0x3000 + 4 * n), plus the PCI-config-access capability;
 *   - legacy (0.9.5): the I/O BAR 0 register block;
 *   - INTx (pin A) only: no MSI-X, so vectors read as NO_VECTOR.
 * Properties disable-legacy (on/off/auto; auto = legacy on, as on a
 * conventional PCI bus) and disable-modern select the interfaces and
 * the device ID (transitional 0x1000 + id - 1, modern-only 0x1040 + id).
 *
 * A concrete proxy (virtio-blk-pci) embeds its VirtIODevice, points
 * vdev at it in instance_init and aliases the device's properties.
 */
#ifndef HW_VIRTIO_VIRTIO_PCI_H
#define HW_VIRTIO_VIRTIO_PCI_H

#include "hw/pci/pci.h"
#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_PCI "virtio-pci"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOPCIProxy, VIRTIO_PCI)

#define VIRTIO_PCI_MODERN_BAR 4
#define VIRTIO_PCI_LEGACY_BAR 0
#define VIRTIO_PCI_COMMON_OFFSET 0x0000
#define VIRTIO_PCI_ISR_OFFSET 0x1000
#define VIRTIO_PCI_DEVICE_OFFSET 0x2000
#define VIRTIO_PCI_NOTIFY_OFFSET 0x3000
#define VIRTIO_PCI_REGION_SIZE 0x1000
#define VIRTIO_PCI_NOTIFY_MULT 4

struct VirtIOPCIProxy {
    PCIDevice pci_dev;
    VirtIODevice *vdev;
    MemoryRegion modern_bar;
    MemoryRegion common, isr, device, notify;
    MemoryRegion legacy_io;
    int disable_legacy;            /* OnOffAuto */
    bool disable_modern;
    uint32_t dfselect, gfselect;
    uint8_t pci_cfg_cap;           /* offset of the PCI_CFG capability */
};

bool virtio_pci_legacy(VirtIOPCIProxy *proxy);
bool virtio_pci_modern(VirtIOPCIProxy *proxy);

#endif
