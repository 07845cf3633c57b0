/*
 * Generic PCI host bridge: configuration mechanism #1 (PCI Local Bus
 * Specification 3.0, 3.2.2.3.2) in front of a root bus.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/pci/pci_host.h"

#define CONFIG_ADDR_ENABLE 0x80000000u

uint32_t pci_host_config_read_common(PCIDevice *d, uint32_t addr,
                                     uint32_t limit, uint32_t len)
{
    limit = MIN(limit, d->config_size);
    if (addr >= limit || len > limit - addr) {
        return ~0U;
    }
    return pci_config_read(d, addr, len);
}

void pci_host_config_write_common(PCIDevice *d, uint32_t addr,
                                  uint32_t limit, uint32_t val, uint32_t len)
{
    limit = MIN(limit, d->config_size);
    if (addr >= limit || len > limit - addr) {
        return;
    }
    pci_config_write(d, addr, val, len);
}

static PCIDevice *pci_dev_find_by_addr(PCIBus *bus, uint32_t addr)
{
    return pci_find_device(bus, (addr >> 16) & 0xff, (addr >> 8) & 0xff);
}

uint32_t pci_data_read(PCIBus *bus, uint32_t addr, unsigned len)
{
    PCIDevice *d = pci_dev_find_by_addr(bus, addr);
    uint32_t reg = addr & 0xff;

    if (!d) {
        return ~0U >> (32 - len * 8);   /* master abort: all-ones */
    }
    return pci_host_config_read_common(d, reg, PCI_CONFIG_SPACE_SIZE, len);
}

void pci_data_write(PCIBus *bus, uint32_t addr, uint32_t val, unsigned len)
{
    PCIDevice *d = pci_dev_find_by_addr(bus, addr);

    if (d) {
        pci_host_config_write_common(d, addr & 0xff, PCI_CONFIG_SPACE_SIZE,
                                     val, len);
    }
}

/* 0xcf8: the address register is only written by dword accesses. */
static void pci_host_conf_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCIHostState *s = opaque;

    if (addr == 0 && size == 4) {
        s->config_reg = val;
    } else if (s->conf_passthrough) {
        memory_region_dispatch_write(s->conf_passthrough, addr, val, size,
                                     MEMTXATTRS_UNSPECIFIED);
    }
}

static uint64_t pci_host_conf_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIHostState *s = opaque;

    uint64_t val = ~0ULL >> (64 - size * 8);

    if (addr == 0 && size == 4) {
        return s->config_reg;
    }
    if (s->conf_passthrough) {
        memory_region_dispatch_read(s->conf_passthrough, addr, &val, size,
                                    MEMTXATTRS_UNSPECIFIED);
    }
    return val;
}

void pci_host_set_conf_passthrough(PCIHostState *s, MemoryRegion *mr)
{
    s->conf_passthrough = mr;
}

static const MemoryRegionOps pci_host_conf_ops = {
    .read = pci_host_conf_read,
    .write = pci_host_conf_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* 0xcfc-0xcff: byte lane addr & 3 of the selected dword. */
static bool pci_host_data_ok(PCIHostState *s, hwaddr addr, unsigned size)
{
    return (s->config_reg & CONFIG_ADDR_ENABLE) && s->bus &&
           (addr & 3) + size <= 4;
}

static void pci_host_data_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    PCIHostState *s = opaque;

    if (pci_host_data_ok(s, addr, size)) {
        pci_data_write(s->bus, (s->config_reg & ~3u) | (addr & 3), val,
                       size);
    }
}

static uint64_t pci_host_data_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIHostState *s = opaque;

    if (!pci_host_data_ok(s, addr, size)) {
        return ~0ULL >> (64 - size * 8);
    }
    return pci_data_read(s->bus, (s->config_reg & ~3u) | (addr & 3), size);
}

static const MemoryRegionOps pci_host_data_ops = {
    .read = pci_host_data_read,
    .write = pci_host_data_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void pci_host_init(Object *obj)
{
    PCIHostState *s = PCI_HOST_BRIDGE(obj);

    memory_region_init_io(&s->conf_mem, obj, &pci_host_conf_ops, s,
                          "pci-conf-idx", 4);
    memory_region_init_io(&s->data_mem, obj, &pci_host_data_ops, s,
                          "pci-conf-data", 4);
}

/* Devices on the bus have run their own reset hooks (children first). */
static void pci_host_reset(DeviceState *dev)
{
    PCIHostState *s = PCI_HOST_BRIDGE(dev);

    s->config_reg = 0;
    if (s->bus) {
        pci_bus_reset(s->bus);
    }
}

static void pci_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset = pci_host_reset;
    dc->categories |= 1ul << DEVICE_CATEGORY_BRIDGE;
}

static const TypeInfo pci_host_type = {
    .name = TYPE_PCI_HOST_BRIDGE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PCIHostState),
    .instance_init = pci_host_init,
    .abstract = true,
    .class_size = sizeof(PCIHostBridgeClass),
    .class_init = pci_host_class_init,
};

static void pci_host_register_types(void)
{
    type_register_static(&pci_host_type);
}
type_init(pci_host_register_types)
