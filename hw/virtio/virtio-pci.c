/*
 * The virtio PCI transport: modern capabilities in a memory BAR and the
 * legacy I/O BAR, forwarding to the virtio core; INTx follows the ISR.
 *
 * Register reads build a snapshot of the register block and return the
 * bytes the access covers, so any access size or offset reads something
 * sensible; writes take effect only on the fields as the spec lays them
 * out (anything else is ignored).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/log.h"
#include "hw/boards.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-pci.h"

bool virtio_pci_legacy(VirtIOPCIProxy *proxy)
{
    return proxy->disable_legacy != ON_OFF_AUTO_ON;
}

bool virtio_pci_modern(VirtIOPCIProxy *proxy)
{
    return !proxy->disable_modern;
}

static void virtio_pci_notify(void *opaque)
{
    VirtIOPCIProxy *proxy = opaque;

    pci_set_irq(&proxy->pci_dev, proxy->vdev->isr != 0);
}

static uint64_t snapshot_read(const uint8_t *regs, size_t regs_len,
                              hwaddr addr, unsigned size)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size; i++) {
        uint8_t b = addr + i < regs_len ? regs[addr + i] : 0;
        val |= (uint64_t)b << (i * 8);
    }
    return val;
}

/* ---- modern: common configuration */

static uint64_t common_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy->vdev;
    unsigned int sel = vdev->queue_sel;
    uint64_t features = vdev->host_features;
    uint64_t desc, avail, used;
    uint8_t r[0x38] = { 0 };

    virtio_stl_le(r + VIRTIO_PCI_COMMON_DFSELECT, proxy->dfselect);
    virtio_stl_le(r + VIRTIO_PCI_COMMON_DF, proxy->dfselect == 0 ?
                  (uint32_t)features : proxy->dfselect == 1 ?
                  (uint32_t)(features >> 32) : 0);
    virtio_stl_le(r + VIRTIO_PCI_COMMON_GFSELECT, proxy->gfselect);
    virtio_stl_le(r + VIRTIO_PCI_COMMON_GF, proxy->gfselect == 0 ?
                  (uint32_t)vdev->driver_features : proxy->gfselect == 1 ?
                  (uint32_t)(vdev->driver_features >> 32) : 0);
    virtio_stw_le(r + VIRTIO_PCI_COMMON_MSIX, VIRTIO_MSI_NO_VECTOR);
    virtio_stw_le(r + VIRTIO_PCI_COMMON_NUMQ, vdev->nvqs);
    r[VIRTIO_PCI_COMMON_STATUS] = vdev->status;
    r[VIRTIO_PCI_COMMON_CFGGENERATION] = vdev->config_generation;
    virtio_stw_le(r + VIRTIO_PCI_COMMON_Q_SELECT, sel);
    virtio_stw_le(r + VIRTIO_PCI_COMMON_Q_SIZE,
                  virtio_queue_get_num(vdev, sel));
    virtio_stw_le(r + VIRTIO_PCI_COMMON_Q_MSIX, VIRTIO_MSI_NO_VECTOR);
    virtio_stw_le(r + VIRTIO_PCI_COMMON_Q_ENABLE,
                  virtio_queue_get_enabled(vdev, sel));
    virtio_stw_le(r + VIRTIO_PCI_COMMON_Q_NOFF, sel);
    virtio_queue_get_rings(vdev, sel, &desc, &avail, &used);
    virtio_stq_le(r + VIRTIO_PCI_COMMON_Q_DESCLO, desc);
    virtio_stq_le(r + VIRTIO_PCI_COMMON_Q_AVAILLO, avail);
    virtio_stq_le(r + VIRTIO_PCI_COMMON_Q_USEDLO, used);
    return snapshot_read(r, sizeof(r), addr, size);
}

static uint64_t set_half(uint64_t old, uint32_t val, bool high)
{
    return high ? (old & 0xffffffffull) | ((uint64_t)val << 32)
                : (old & ~0xffffffffull) | val;
}

static void common_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy->vdev;
    unsigned int sel = vdev->queue_sel;
    uint64_t desc, avail, used;

    virtio_queue_get_rings(vdev, sel, &desc, &avail, &used);
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        proxy->dfselect = val;
        break;
    case VIRTIO_PCI_COMMON_GFSELECT:
        proxy->gfselect = val;
        break;
    case VIRTIO_PCI_COMMON_GF:
        if (proxy->gfselect <= 1 &&
            !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
            vdev->driver_features = set_half(vdev->driver_features, val,
                                             proxy->gfselect == 1);
        }
        break;
    case VIRTIO_PCI_COMMON_MSIX:
    case VIRTIO_PCI_COMMON_Q_MSIX:
        break;                  /* no MSI-X: stays NO_VECTOR */
    case VIRTIO_PCI_COMMON_STATUS:
        virtio_set_status(vdev, val & 0xff);
        if (vdev->status == 0) {
            proxy->dfselect = proxy->gfselect = 0;
        }
        break;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        if (val < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = val;
        }
        break;
    case VIRTIO_PCI_COMMON_Q_SIZE:
        virtio_queue_set_num(vdev, sel, val);
        break;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        if (val == 1 && virtio_queue_exists(vdev, sel)) {
            virtio_queue_set_enabled(vdev, sel, true);
        }
        break;
    case VIRTIO_PCI_COMMON_Q_DESCLO:
    case VIRTIO_PCI_COMMON_Q_DESCHI:
        desc = set_half(desc, val, addr == VIRTIO_PCI_COMMON_Q_DESCHI);
        goto rings;
    case VIRTIO_PCI_COMMON_Q_AVAILLO:
    case VIRTIO_PCI_COMMON_Q_AVAILHI:
        avail = set_half(avail, val, addr == VIRTIO_PCI_COMMON_Q_AVAILHI);
        goto rings;
    case VIRTIO_PCI_COMMON_Q_USEDLO:
    case VIRTIO_PCI_COMMON_Q_USEDHI:
        used = set_half(used, val, addr == VIRTIO_PCI_COMMON_Q_USEDHI);
    rings:
        if (!virtio_queue_get_enabled(vdev, sel)) {
            virtio_queue_set_rings(vdev, sel, desc, avail, used);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-pci: write to read-only or "
                      "unknown common register 0x%" PRIx64 "\n",
                      (uint64_t)addr);
        break;
    }
}

static const MemoryRegionOps common_ops = {
    .read = common_read,
    .write = common_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- modern: ISR, device config, notifications */

static uint64_t isr_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;

    return addr == 0 ? virtio_isr_read_clear(proxy->vdev) : 0;
}

static void isr_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps isr_ops = {
    .read = isr_read,
    .write = isr_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t device_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;

    return virtio_config_read(proxy->vdev, addr, size);
}

static void device_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;

    virtio_config_write(proxy->vdev, addr, val, size);
}

static const MemoryRegionOps device_ops = {
    .read = device_read,
    .write = device_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t notify_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void notify_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;

    if (addr % VIRTIO_PCI_NOTIFY_MULT == 0) {
        virtio_queue_notify(proxy->vdev, addr / VIRTIO_PCI_NOTIFY_MULT);
    }
}

static const MemoryRegionOps notify_ops = {
    .read = notify_read,
    .write = notify_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- legacy I/O BAR */

static uint64_t legacy_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy->vdev;
    unsigned int sel = vdev->queue_sel;
    uint8_t r[VIRTIO_PCI_CONFIG_OFF] = { 0 };

    if (addr >= VIRTIO_PCI_CONFIG_OFF) {
        return virtio_config_read(vdev, addr - VIRTIO_PCI_CONFIG_OFF, size);
    }
    virtio_stl_le(r + VIRTIO_PCI_HOST_FEATURES,
                  (uint32_t)vdev->host_features |
                  (1u << VIRTIO_F_BAD_FEATURE));
    virtio_stl_le(r + VIRTIO_PCI_GUEST_FEATURES,
                  (uint32_t)vdev->guest_features);
    virtio_stl_le(r + VIRTIO_PCI_QUEUE_PFN,
                  virtio_queue_get_legacy_addr(vdev, sel) >>
                  VIRTIO_PCI_QUEUE_ADDR_SHIFT);
    virtio_stw_le(r + VIRTIO_PCI_QUEUE_NUM, virtio_queue_get_num(vdev, sel));
    virtio_stw_le(r + VIRTIO_PCI_QUEUE_SEL, sel);
    r[VIRTIO_PCI_STATUS] = vdev->status;
    if (addr <= VIRTIO_PCI_ISR && addr + size > VIRTIO_PCI_ISR) {
        r[VIRTIO_PCI_ISR] = virtio_isr_read_clear(vdev);
    }
    return snapshot_read(r, sizeof(r), addr, size);
}

static void legacy_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy->vdev;

    if (addr >= VIRTIO_PCI_CONFIG_OFF) {
        virtio_config_write(vdev, addr - VIRTIO_PCI_CONFIG_OFF, val, size);
        return;
    }
    switch (addr) {
    case VIRTIO_PCI_GUEST_FEATURES:
        virtio_set_features_legacy(vdev, val);
        break;
    case VIRTIO_PCI_QUEUE_PFN:
        virtio_queue_set_legacy_addr(vdev, vdev->queue_sel,
                                     (uint64_t)(uint32_t)val <<
                                     VIRTIO_PCI_QUEUE_ADDR_SHIFT);
        break;
    case VIRTIO_PCI_QUEUE_SEL:
        if ((val & 0xffff) < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = val & 0xffff;
        }
        break;
    case VIRTIO_PCI_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, val & 0xffff);
        break;
    case VIRTIO_PCI_STATUS:
        virtio_set_status(vdev, val & 0xff);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-pci: legacy write to "
                      "0x%" PRIx64 "\n", (uint64_t)addr);
        break;
    }
}

static const MemoryRegionOps legacy_ops = {
    .read = legacy_read,
    .write = legacy_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- VIRTIO_PCI_CAP_PCI_CFG: BAR access through config space */

static const MemoryRegionOps *modern_ops(hwaddr off)
{
    switch (off / VIRTIO_PCI_REGION_SIZE) {
    case 0:
        return &common_ops;
    case 1:
        return &isr_ops;
    case 2:
        return &device_ops;
    default:
        return &notify_ops;
    }
}

/* Is the window (bar, offset, length) a valid BAR access? */
static bool cfg_window(VirtIOPCIProxy *proxy, uint32_t *off, int *len)
{
    uint8_t *c = proxy->pci_dev.config + proxy->pci_cfg_cap;

    *off = pci_get_long(c + VIRTIO_PCI_CAP_OFFSET);
    *len = pci_get_long(c + VIRTIO_PCI_CAP_LENGTH);
    return c[VIRTIO_PCI_CAP_BAR] == VIRTIO_PCI_MODERN_BAR &&
           (*len == 1 || *len == 2 || *len == 4) && !(*off % *len) &&
           *off < 4 * VIRTIO_PCI_REGION_SIZE;
}

static bool touches_cfg_data(VirtIOPCIProxy *proxy, uint32_t addr, int len)
{
    uint32_t data = proxy->pci_cfg_cap + VIRTIO_PCI_CFG_CAP_DATA;

    return proxy->pci_cfg_cap && addr < data + 4 && addr + len > data;
}

static uint32_t virtio_pci_config_read(PCIDevice *d, uint32_t addr, int len)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    uint32_t off;
    int wlen;

    if (touches_cfg_data(proxy, addr, len) && cfg_window(proxy, &off, &wlen)) {
        const MemoryRegionOps *ops = modern_ops(off);
        uint64_t v = ops->read(proxy, off % VIRTIO_PCI_REGION_SIZE, wlen);

        pci_set_long(d->config + proxy->pci_cfg_cap + VIRTIO_PCI_CFG_CAP_DATA,
                     v);
    }
    return pci_default_read_config(d, addr, len);
}

static void virtio_pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val,
                                    int len)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    uint32_t off;
    int wlen;

    pci_default_write_config(d, addr, val, len);
    if (touches_cfg_data(proxy, addr, len) && cfg_window(proxy, &off, &wlen)) {
        const MemoryRegionOps *ops = modern_ops(off);
        uint32_t v = pci_get_long(d->config + proxy->pci_cfg_cap +
                                  VIRTIO_PCI_CFG_CAP_DATA);

        if (wlen < 4) {
            v &= (1u << (wlen * 8)) - 1;
        }
        ops->write(proxy, off % VIRTIO_PCI_REGION_SIZE, v, wlen);
    }
}

/* ---- realize */

static int add_vendor_cap(VirtIOPCIProxy *proxy, uint8_t type, uint8_t size,
                          uint32_t offset, uint32_t length, Error **errp)
{
    PCIDevice *d = &proxy->pci_dev;
    int pos = pci_add_capability(d, PCI_CAP_ID_VNDR, 0, size, errp);
    uint8_t *c;

    if (pos < 0) {
        return -1;
    }
    c = d->config + pos;
    c[2] = size;                                  /* cap_len */
    c[VIRTIO_PCI_CAP_CFG_TYPE] = type;
    c[VIRTIO_PCI_CAP_BAR] = type == VIRTIO_PCI_CAP_PCI_CFG ? 0 :
                            VIRTIO_PCI_MODERN_BAR;
    pci_set_long(c + VIRTIO_PCI_CAP_OFFSET, offset);
    pci_set_long(c + VIRTIO_PCI_CAP_LENGTH, length);
    return pos;
}

static void virtio_pci_realize(PCIDevice *d, Error **errp)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);
    VirtIODevice *vdev = proxy->vdev;
    bool legacy = virtio_pci_legacy(proxy);
    bool modern = virtio_pci_modern(proxy);
    uint8_t *config = d->config;
    int pos;

    if (!legacy && !modern) {
        error_setg(errp, "device cannot work as neither modern nor legacy "
                   "mode is enabled");
        error_append_hint(errp, "Set either disable-modern or "
                          "disable-legacy to off\n");
        return;
    }
    vdev->dma_as = pci_get_address_space(d);
    vdev->notify = virtio_pci_notify;
    vdev->notify_opaque = proxy;
    if (!qdev_realize(DEVICE(vdev), NULL, errp)) {
        return;
    }
    if (modern) {
        vdev->host_features |= 1ULL << VIRTIO_F_VERSION_1;
    }

    pci_config_set_interrupt_pin(config, 1);
    if (legacy) {
        pci_config_set_device_id(config, PCI_DEVICE_ID_VIRTIO_LEGACY_BASE +
                                 vdev->device_id);
        pci_set_word(config + PCI_SUBSYSTEM_VENDOR_ID,
                     PCI_VENDOR_ID_REDHAT_QUMRANET);
        pci_set_word(config + PCI_SUBSYSTEM_ID, vdev->device_id);
        pci_config_set_revision(config, 0);
    } else {
        pci_config_set_device_id(config, PCI_DEVICE_ID_VIRTIO_10_BASE +
                                 vdev->device_id);
        pci_config_set_revision(config, 1);
    }

    if (modern) {
        memory_region_init(&proxy->modern_bar, OBJECT(proxy), "virtio-pci",
                           4 * VIRTIO_PCI_REGION_SIZE);
        memory_region_init_io(&proxy->common, OBJECT(proxy), &common_ops,
                              proxy, "virtio-pci-common",
                              VIRTIO_PCI_REGION_SIZE);
        memory_region_init_io(&proxy->isr, OBJECT(proxy), &isr_ops, proxy,
                              "virtio-pci-isr", VIRTIO_PCI_REGION_SIZE);
        memory_region_init_io(&proxy->device, OBJECT(proxy), &device_ops,
                              proxy, "virtio-pci-device",
                              VIRTIO_PCI_REGION_SIZE);
        memory_region_init_io(&proxy->notify, OBJECT(proxy), &notify_ops,
                              proxy, "virtio-pci-notify",
                              VIRTIO_PCI_REGION_SIZE);
        memory_region_add_subregion(&proxy->modern_bar,
                                    VIRTIO_PCI_COMMON_OFFSET, &proxy->common);
        memory_region_add_subregion(&proxy->modern_bar,
                                    VIRTIO_PCI_ISR_OFFSET, &proxy->isr);
        memory_region_add_subregion(&proxy->modern_bar,
                                    VIRTIO_PCI_DEVICE_OFFSET, &proxy->device);
        memory_region_add_subregion(&proxy->modern_bar,
                                    VIRTIO_PCI_NOTIFY_OFFSET, &proxy->notify);
        if (add_vendor_cap(proxy, VIRTIO_PCI_CAP_COMMON_CFG,
                           VIRTIO_PCI_CAP_SIZE, VIRTIO_PCI_COMMON_OFFSET,
                           VIRTIO_PCI_REGION_SIZE, errp) < 0 ||
            add_vendor_cap(proxy, VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_CAP_SIZE,
                           VIRTIO_PCI_ISR_OFFSET, VIRTIO_PCI_REGION_SIZE,
                           errp) < 0 ||
            add_vendor_cap(proxy, VIRTIO_PCI_CAP_DEVICE_CFG,
                           VIRTIO_PCI_CAP_SIZE, VIRTIO_PCI_DEVICE_OFFSET,
                           VIRTIO_PCI_REGION_SIZE, errp) < 0) {
            goto fail;
        }
        pos = add_vendor_cap(proxy, VIRTIO_PCI_CAP_NOTIFY_CFG,
                             VIRTIO_PCI_NOTIFY_CAP_SIZE,
                             VIRTIO_PCI_NOTIFY_OFFSET, VIRTIO_PCI_REGION_SIZE,
                             errp);
        if (pos < 0) {
            goto fail;
        }
        pci_set_long(config + pos + VIRTIO_PCI_NOTIFY_CAP_MULT,
                     VIRTIO_PCI_NOTIFY_MULT);
        pos = add_vendor_cap(proxy, VIRTIO_PCI_CAP_PCI_CFG,
                             VIRTIO_PCI_CFG_CAP_SIZE, 0, 0, errp);
        if (pos < 0) {
            goto fail;
        }
        proxy->pci_cfg_cap = pos;
        /* bar, offset, length and data are the driver's to write */
        d->wmask[pos + VIRTIO_PCI_CAP_BAR] = 0xff;
        pci_set_long(d->wmask + pos + VIRTIO_PCI_CAP_OFFSET, 0xffffffff);
        pci_set_long(d->wmask + pos + VIRTIO_PCI_CAP_LENGTH, 0xffffffff);
        pci_set_long(d->wmask + pos + VIRTIO_PCI_CFG_CAP_DATA, 0xffffffff);
        pci_register_bar(d, VIRTIO_PCI_MODERN_BAR,
                         PCI_BASE_ADDRESS_SPACE_MEMORY |
                         PCI_BASE_ADDRESS_MEM_TYPE_64 |
                         PCI_BASE_ADDRESS_MEM_PREFETCH, &proxy->modern_bar);
    }
    if (legacy) {
        uint64_t size = VIRTIO_PCI_CONFIG_OFF + vdev->config_len;
        uint64_t pow2 = 4;

        while (pow2 < size) {
            pow2 <<= 1;
        }
        memory_region_init_io(&proxy->legacy_io, OBJECT(proxy), &legacy_ops,
                              proxy, "virtio-pci", pow2);
        pci_register_bar(d, VIRTIO_PCI_LEGACY_BAR,
                         PCI_BASE_ADDRESS_SPACE_IO, &proxy->legacy_io);
    }
    return;

fail:
    qdev_unrealize(DEVICE(vdev));
}

static void virtio_pci_exit(PCIDevice *d)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(d);

    if (DEVICE(proxy->vdev)->realized) {
        qdev_unrealize(DEVICE(proxy->vdev));
    }
}

static void virtio_pci_reset(DeviceState *dev)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(dev);

    proxy->dfselect = proxy->gfselect = 0;
    if (proxy->vdev && DEVICE(proxy->vdev)->realized) {
        virtio_reset(proxy->vdev);
    }
}

static Property virtio_pci_props[] = {
    DEFINE_PROP_ON_OFF_AUTO("disable-legacy", VirtIOPCIProxy, disable_legacy,
                            ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BOOL("disable-modern", VirtIOPCIProxy, disable_modern, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_pci_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = virtio_pci_realize;
    k->exit = virtio_pci_exit;
    k->config_read = virtio_pci_config_read;
    k->config_write = virtio_pci_config_write;
    k->vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    dc->reset = virtio_pci_reset;
    device_class_set_props(dc, virtio_pci_props);
}

static const TypeInfo virtio_pci_info = {
    .name = TYPE_VIRTIO_PCI,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(VirtIOPCIProxy),
    .class_size = sizeof(PCIDeviceClass),
    .class_init = virtio_pci_class_init,
    .abstract = true,
};

static void virtio_pci_register_types(void)
{
    type_register_static(&virtio_pci_info);
}

type_init(virtio_pci_register_types)
