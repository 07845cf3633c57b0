/*
 * Conventional PCI bus and device core (PCI Local Bus Specification 3.0):
 * configuration space with write masks, devfn assignment, BAR sizing and
 * mapping, INTx routing with per-line counts, capability lists, DMA view.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"

static PCIBus *pci_default_bus;

/* Bus. */

static void pcibus_dev_print(GString *out, DeviceState *qdev, int indent)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    uint16_t class_id = pci_get_word(d->config + PCI_CLASS_DEVICE);
    const char *cname = pci_class_name(class_id);

    g_string_append_printf(out, "%*s", indent, "");
    if (cname) {
        g_string_append_printf(out, "class %s", cname);
    } else {
        g_string_append_printf(out, "class Class %04x", class_id);
    }
    g_string_append_printf(out, ", addr %02x:%02x.%x, pci id %04x:%04x "
                           "(sub %04x:%04x)\n",
                           pci_bus_num(pci_get_bus(d)), PCI_SLOT(d->devfn),
                           PCI_FUNC(d->devfn),
                           pci_get_word(d->config + PCI_VENDOR_ID),
                           pci_get_word(d->config + PCI_DEVICE_ID),
                           pci_get_word(d->config + PCI_SUBSYSTEM_VENDOR_ID),
                           pci_get_word(d->config + PCI_SUBSYSTEM_ID));
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];

        if (!r->size) {
            continue;
        }
        g_string_append_printf(out, "%*sbar %d: %s at 0x%" PRIx64
                               " [0x%" PRIx64 "]\n", indent, "", i,
                               r->type & PCI_BASE_ADDRESS_SPACE_IO
                                   ? "i/o" : "mem",
                               r->addr, r->addr + r->size - 1);
    }
}

static char *pcibus_get_dev_path(DeviceState *qdev)
{
    PCIDevice *d = PCI_DEVICE(qdev);

    return g_strdup_printf("0000:%02x:%02x.%x", pci_bus_num(pci_get_bus(d)),
                           PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
}

static void pci_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->print_dev = pcibus_dev_print;
    bc->get_dev_path = pcibus_get_dev_path;
}

PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *address_space_mem,
                         MemoryRegion *address_space_io,
                         uint8_t devfn_min, const char *typename)
{
    PCIBus *bus = PCI_BUS(qbus_new(typename ? typename : TYPE_PCI_BUS,
                                   parent, name));

    bus->address_space_mem = address_space_mem;
    bus->address_space_io = address_space_io;
    bus->devfn_min = devfn_min;
    if (!pci_default_bus) {
        pci_default_bus = bus;
    }
    return bus;
}

void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, void *irq_opaque,
                  int nirq)
{
    bus->set_irq = set_irq;
    bus->irq_opaque = irq_opaque;
    bus->nirq = nirq;
    g_free(bus->irq_count);
    bus->irq_count = g_new0(int, nirq);
}

void pci_bus_map_irqs(PCIBus *bus, pci_map_irq_fn map_irq)
{
    bus->map_irq = map_irq;
}

int pci_bus_num(PCIBus *bus)
{
    return 0;                           /* root bus only, no bridges yet */
}

PCIBus *pci_get_bus(const PCIDevice *dev)
{
    BusState *b = dev->qdev.parent_bus;

    return b ? PCI_BUS(b) : NULL;
}

PCIBus *pci_bus_get_default(void)
{
    return pci_default_bus;
}

PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn)
{
    if (!bus || bus_num != pci_bus_num(bus)) {
        return NULL;
    }
    return bus->devices[devfn];
}

void pci_for_each_device(PCIBus *bus,
                         void (*fn)(PCIBus *b, PCIDevice *d, void *opaque),
                         void *opaque)
{
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            fn(bus, bus->devices[devfn], opaque);
        }
    }
}

/* INTx. */

int pci_intx(PCIDevice *dev)
{
    int pin = pci_get_byte(dev->config + PCI_INTERRUPT_PIN);

    return pin >= 1 && pin <= PCI_NUM_PINS ? pin - 1 : 0;
}

static bool pci_irq_disabled(PCIDevice *d)
{
    return pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
}

/* Add change (+1/-1) to the bus line the device's pin maps to. */
static void pci_change_irq_level(PCIDevice *d, int change)
{
    PCIBus *bus = pci_get_bus(d);
    int line;

    if (!bus || !bus->map_irq || !bus->irq_count) {
        return;
    }
    line = bus->map_irq(d, pci_intx(d));
    if (line < 0 || line >= bus->nirq) {
        return;
    }
    bus->irq_count[line] += change;
    assert(bus->irq_count[line] >= 0);
    if (bus->set_irq) {
        bus->set_irq(bus->irq_opaque, line, bus->irq_count[line] != 0);
    }
}

void pci_set_irq(PCIDevice *dev, int level)
{
    int change;

    level = !!level;
    change = level - dev->irq_state;
    if (!change) {
        return;
    }
    dev->irq_state = level;
    if (level) {
        dev->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
    } else {
        dev->config[PCI_STATUS] &= ~PCI_STATUS_INTERRUPT;
    }
    if (!pci_irq_disabled(dev)) {
        pci_change_irq_level(dev, change);
    }
}

static void pci_irq_handler(void *opaque, int n, int level)
{
    pci_set_irq(opaque, level);
}

qemu_irq pci_allocate_irq(PCIDevice *dev)
{
    return qemu_allocate_irq(pci_irq_handler, dev, 0);
}

/* The guest toggled INTX_DISABLE: take our level off the line or back. */
static void pci_update_irq_disabled(PCIDevice *d, bool was_disabled)
{
    bool disabled = pci_irq_disabled(d);

    if (disabled == was_disabled || !d->irq_state) {
        return;
    }
    pci_change_irq_level(d, disabled ? -1 : 1);
}

/* BARs. */

static uint32_t pci_bar_offset(PCIDevice *d, int reg)
{
    if (reg == PCI_ROM_SLOT) {
        return PCI_DEVICE_GET_CLASS(d)->is_bridge ? PCI_ROM_ADDRESS1
                                                  : PCI_ROM_ADDRESS;
    }
    return PCI_BASE_ADDRESS_0 + reg * 4;
}

void pci_register_bar(PCIDevice *dev, int region_num, uint8_t type,
                      MemoryRegion *memory)
{
    PCIIORegion *r;
    uint64_t size = memory_region_size(memory);
    uint64_t wmask;
    uint32_t off;

    assert(region_num >= 0 && region_num < PCI_NUM_REGIONS);
    assert(size && !(size & (size - 1)));
    r = &dev->io_regions[region_num];
    assert(!r->size);
    r->addr = PCI_BAR_UNMAPPED;
    r->size = size;
    r->type = region_num == PCI_ROM_SLOT ? PCI_BASE_ADDRESS_SPACE_MEMORY
                                         : type;
    r->memory = memory;
    r->address_space = r->type & PCI_BASE_ADDRESS_SPACE_IO
                           ? pci_get_bus(dev)->address_space_io
                           : pci_get_bus(dev)->address_space_mem;
    off = pci_bar_offset(dev, region_num);
    wmask = ~(size - 1);
    if (region_num == PCI_ROM_SLOT) {
        assert(size >= 2048);
        wmask |= PCI_ROM_ADDRESS_ENABLE;
        pci_set_long(dev->config + off, 0);
    } else {
        assert(size >= (type & PCI_BASE_ADDRESS_SPACE_IO ? 4 : 16));
        pci_set_long(dev->config + off, type);
    }
    if (!(r->type & PCI_BASE_ADDRESS_SPACE_IO) &&
        (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
        assert(region_num < 5);
        pci_set_quad(dev->wmask + off, wmask & ~0xfULL);
        pci_set_quad(dev->cmask + off, ~0ULL);
        pci_set_long(dev->config + off + 4, 0);
    } else {
        uint32_t lowbits = region_num == PCI_ROM_SLOT ? 0x7fe
                           : type & PCI_BASE_ADDRESS_SPACE_IO ? 0x3 : 0xf;

        pci_set_long(dev->wmask + off, (uint32_t)wmask & ~lowbits);
        pci_set_long(dev->cmask + off, 0xffffffff);
    }
}

pcibus_t pci_get_bar_addr(PCIDevice *dev, int region_num)
{
    assert(region_num >= 0 && region_num < PCI_NUM_REGIONS);
    return dev->io_regions[region_num].addr;
}

/* Where region reg should be mapped now, or PCI_BAR_UNMAPPED. */
static pcibus_t pci_bar_address(PCIDevice *d, int reg)
{
    PCIIORegion *r = &d->io_regions[reg];
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    uint32_t off = pci_bar_offset(d, reg);
    pcibus_t addr, last;

    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        addr = pci_get_long(d->config + off) & ~(r->size - 1) & ~3ULL;
        last = addr + r->size - 1;
        /* The I/O space is 64 KiB; a BAR at 0 is treated as unset. */
        if (addr == 0 || last <= addr || last > 0xffff) {
            return PCI_BAR_UNMAPPED;
        }
        return addr;
    }
    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    if (reg == PCI_ROM_SLOT) {
        uint32_t v = pci_get_long(d->config + off);

        if (!(v & PCI_ROM_ADDRESS_ENABLE)) {
            return PCI_BAR_UNMAPPED;
        }
        addr = v & ~(r->size - 1) & PCI_ROM_ADDRESS_MASK;
    } else if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) {
        addr = pci_get_quad(d->config + off) & ~(r->size - 1) & ~0xfULL;
    } else {
        addr = pci_get_long(d->config + off) & ~(r->size - 1) & ~0xfULL;
    }
    last = addr + r->size - 1;
    /*
     * Unset (0), wrapping, or still holding the all-ones sizing pattern
     * (the top of the 32-bit space is never a valid 32-bit BAR); 64-bit
     * BARs are limited to the 52-bit physical address space of x86.
     */
    if (addr == 0 || last <= addr) {
        return PCI_BAR_UNMAPPED;
    }
    if (!(r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) || reg == PCI_ROM_SLOT) {
        if (last >= UINT32_MAX) {
            return PCI_BAR_UNMAPPED;
        }
    } else if (last >= (1ULL << 52)) {
        return PCI_BAR_UNMAPPED;
    }
    return addr;
}

static void pci_update_mappings(PCIDevice *d)
{
    memory_region_transaction_begin();
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];
        pcibus_t addr;

        if (!r->size) {
            continue;
        }
        addr = pci_bar_address(d, i);
        if (addr == r->addr) {
            continue;
        }
        if (r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
        r->addr = addr;
        if (addr != PCI_BAR_UNMAPPED) {
            /* BARs may overlap each other; a later one wins as in QEMU. */
            memory_region_add_subregion_overlap(r->address_space, addr,
                                                r->memory, 1);
        }
    }
    memory_region_transaction_commit();
}

static void pci_update_bus_master(PCIDevice *d)
{
    if (d->has_bus_master_as) {
        memory_region_set_enabled(&d->bus_master_enable_region,
                                  pci_get_word(d->config + PCI_COMMAND) &
                                      PCI_COMMAND_MASTER);
    }
}

/* Config space. */

uint32_t pci_default_read_config(PCIDevice *d, uint32_t addr, int len)
{
    uint32_t val = 0;

    if (addr >= d->config_size || len < 1 || len > 4 ||
        len > d->config_size - addr) {
        return ~0U;
    }
    for (int i = len - 1; i >= 0; i--) {
        val = (val << 8) | d->config[addr + i];
    }
    return val;
}

static bool ranges_overlap(uint32_t a, uint32_t alen, uint32_t b,
                           uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

void pci_default_write_config(PCIDevice *d, uint32_t addr, uint32_t val,
                              int len)
{
    bool was_intx_disabled = pci_irq_disabled(d);

    if (addr >= d->config_size || len < 1 || len > 4 ||
        len > d->config_size - addr) {
        return;
    }
    for (int i = 0; i < len; i++, val >>= 8) {
        uint32_t a = addr + i;
        uint8_t wm = d->wmask[a];
        uint8_t w1c = d->w1cmask[a];

        d->config[a] = (d->config[a] & ~wm) | (val & wm);
        d->config[a] &= ~(val & w1c);
    }
    if (ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 24) ||
        ranges_overlap(addr, len, PCI_ROM_ADDRESS, 4) ||
        ranges_overlap(addr, len, PCI_ROM_ADDRESS1, 4) ||
        ranges_overlap(addr, len, PCI_COMMAND, 2)) {
        pci_update_mappings(d);
    }
    if (ranges_overlap(addr, len, PCI_COMMAND, 2)) {
        pci_update_irq_disabled(d, was_intx_disabled);
        pci_update_bus_master(d);
    }
}

static bool pci_config_access_ok(PCIDevice *d, uint32_t addr, int len)
{
    return (len == 1 || len == 2 || len == 4) && addr < d->config_size &&
           (uint32_t)len <= d->config_size - addr;
}

uint32_t pci_config_read(PCIDevice *d, uint32_t addr, int len)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);

    if (!pci_config_access_ok(d, addr, len)) {
        return ~0U;
    }
    if (pc->config_read) {
        return pc->config_read(d, addr, len);
    }
    return pci_default_read_config(d, addr, len);
}

void pci_config_write(PCIDevice *d, uint32_t addr, uint32_t val, int len)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);

    if (!pci_config_access_ok(d, addr, len)) {
        return;
    }
    if (len < 4) {
        val &= (1U << (len * 8)) - 1;
    }
    if (pc->config_write) {
        pc->config_write(d, addr, val, len);
    } else {
        pci_default_write_config(d, addr, val, len);
    }
}

/* Capabilities. */

/* Offset of the pointer that leads to cap_id (or to nothing: 0). */
static uint8_t pci_find_capability_prev(PCIDevice *d, uint8_t cap_id,
                                        uint8_t *prev_p)
{
    uint8_t prev = PCI_CAPABILITY_LIST;
    unsigned hops = 0;

    if (!(pci_get_word(d->config + PCI_STATUS) & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    /* The list is ours (read-only to the guest), but stay bounded. */
    for (uint8_t next = d->config[prev]; next && hops < 48;
         prev = next + PCI_CAP_LIST_NEXT, next = d->config[prev], hops++) {
        if (next < PCI_CONFIG_HEADER_SIZE ||
            next > d->config_size - PCI_CAP_SIZEOF) {
            break;
        }
        if (d->config[next + PCI_CAP_LIST_ID] == cap_id) {
            if (prev_p) {
                *prev_p = prev;
            }
            return next;
        }
    }
    return 0;
}

uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id)
{
    return pci_find_capability_prev(dev, cap_id, NULL);
}

int pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset,
                       uint8_t size, Error **errp)
{
    if (size < PCI_CAP_SIZEOF) {
        error_setg(errp, "PCI capability 0x%x: size %u is too small",
                   cap_id, size);
        return -1;
    }
    if (!offset) {
        /* First dword-aligned free run after the header. */
        uint32_t run = 0;

        for (uint32_t i = PCI_CONFIG_HEADER_SIZE; i < dev->config_size;
             i++) {
            if (dev->used[i]) {
                run = 0;
                continue;
            }
            if (!run && (i & 3)) {
                continue;
            }
            if (++run == size) {
                offset = i + 1 - size;
                break;
            }
        }
        if (!offset) {
            error_setg(errp, "PCI: no space for capability 0x%x (%u bytes)",
                       cap_id, size);
            return -1;
        }
    } else {
        if (offset < PCI_CONFIG_HEADER_SIZE ||
            (uint32_t)offset + size > dev->config_size) {
            error_setg(errp, "PCI capability 0x%x at 0x%x does not fit",
                       cap_id, offset);
            return -1;
        }
        for (uint32_t i = offset; i < (uint32_t)offset + size; i++) {
            if (dev->used[i]) {
                error_setg(errp, "%s:%02x.%x Attempt to add PCI capability "
                           "%x at offset %x overlaps existing capability "
                           "at offset %x", dev->name, PCI_SLOT(dev->devfn),
                           PCI_FUNC(dev->devfn), cap_id, offset, i);
                return -1;
            }
        }
    }
    dev->config[offset + PCI_CAP_LIST_ID] = cap_id;
    dev->config[offset + PCI_CAP_LIST_NEXT] =
        dev->config[PCI_CAPABILITY_LIST];
    dev->config[PCI_CAPABILITY_LIST] = offset;
    pci_set_word(dev->config + PCI_STATUS,
                 pci_get_word(dev->config + PCI_STATUS) |
                     PCI_STATUS_CAP_LIST);
    memset(dev->used + offset, 0xff, size);
    /* Read-only by default; the capability's owner opens its bits. */
    memset(dev->wmask + offset, 0, size);
    memset(dev->w1cmask + offset, 0, size);
    memset(dev->cmask + offset, 0xff, size);
    return offset;
}

void pci_del_capability(PCIDevice *dev, uint8_t cap_id, uint8_t cap_size)
{
    uint8_t prev = 0;
    uint8_t offset = pci_find_capability_prev(dev, cap_id, &prev);

    if (!offset) {
        return;
    }
    dev->config[prev] = dev->config[offset + PCI_CAP_LIST_NEXT];
    cap_size = MIN(cap_size, dev->config_size - offset);
    memset(dev->wmask + offset, 0xff, cap_size);
    memset(dev->w1cmask + offset, 0, cap_size);
    memset(dev->cmask + offset, 0, cap_size);
    memset(dev->used + offset, 0, cap_size);
    if (!dev->config[PCI_CAPABILITY_LIST]) {
        pci_set_word(dev->config + PCI_STATUS,
                     pci_get_word(dev->config + PCI_STATUS) &
                         ~PCI_STATUS_CAP_LIST);
    }
}

/* DMA. */

AddressSpace *pci_get_address_space(PCIDevice *dev)
{
    return dev->has_bus_master_as ? &dev->bus_master_as
                                  : &address_space_memory;
}

MemTxResult pci_dma_rw(PCIDevice *dev, dma_addr_t addr, void *buf,
                       dma_addr_t len, bool is_write)
{
    return address_space_rw(pci_get_address_space(dev), addr,
                            MEMTXATTRS_UNSPECIFIED, buf, len, is_write);
}

/* Registration on the bus. */

static void pci_init_config(PCIDevice *d)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    uint32_t sz = d->config_size = PCI_CONFIG_SPACE_SIZE;

    d->config = g_malloc0(sz);
    d->cmask = g_malloc0(sz);
    d->wmask = g_malloc0(sz);
    d->w1cmask = g_malloc0(sz);
    d->used = g_malloc0(sz);
    memset(d->used, 0xff, PCI_CONFIG_HEADER_SIZE);

    pci_config_set_vendor_id(d->config, pc->vendor_id);
    pci_config_set_device_id(d->config, pc->device_id);
    pci_config_set_revision(d->config, pc->revision);
    pci_config_set_class(d->config, pc->class_id);
    if (pc->is_bridge) {
        d->config[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_BRIDGE;
    } else {
        d->config[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
        pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID,
                     pc->subsystem_vendor_id
                         ? pc->subsystem_vendor_id
                         : PCI_SUBVENDOR_ID_REDHAT_QUMRANET);
        pci_set_word(d->config + PCI_SUBSYSTEM_ID,
                     pc->subsystem_vendor_id ? pc->subsystem_id
                                             : PCI_SUBDEVICE_ID_QEMU);
    }
    if (d->cap_present & QEMU_PCI_CAP_MULTIFUNCTION) {
        d->config[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI_FUNCTION;
    }

    /* IDs, class, header type and the status capability bit are fixed. */
    pci_set_word(d->cmask + PCI_VENDOR_ID, 0xffff);
    pci_set_word(d->cmask + PCI_DEVICE_ID, 0xffff);
    d->cmask[PCI_STATUS] = PCI_STATUS_CAP_LIST;
    pci_set_long(d->cmask + PCI_CLASS_REVISION, 0xffffffff);
    d->cmask[PCI_HEADER_TYPE] = 0xff;

    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    pci_set_word(d->wmask + PCI_COMMAND,
                 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
                     PCI_COMMAND_PARITY | PCI_COMMAND_SERR |
                     PCI_COMMAND_INTX_DISABLE);
    pci_set_word(d->w1cmask + PCI_STATUS,
                 PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |
                     PCI_STATUS_REC_TARGET_ABORT |
                     PCI_STATUS_REC_MASTER_ABORT |
                     PCI_STATUS_SIG_SYSTEM_ERROR |
                     PCI_STATUS_DETECTED_PARITY);
    /* Device-specific registers are writable unless the device says not. */
    memset(d->wmask + PCI_CONFIG_HEADER_SIZE, 0xff,
           sz - PCI_CONFIG_HEADER_SIZE);
    if (pc->is_bridge) {
        d->wmask[PCI_PRIMARY_BUS] = 0xff;
        d->wmask[PCI_SECONDARY_BUS] = 0xff;
        d->wmask[PCI_SUBORDINATE_BUS] = 0xff;
    }
}

static void pci_free_config(PCIDevice *d)
{
    g_clear_pointer(&d->config, g_free);
    g_clear_pointer(&d->cmask, g_free);
    g_clear_pointer(&d->wmask, g_free);
    g_clear_pointer(&d->w1cmask, g_free);
    g_clear_pointer(&d->used, g_free);
}

static bool pci_check_multifunction(PCIDevice *d, PCIBus *bus, int devfn,
                                    Error **errp)
{
    int slot = PCI_SLOT(devfn);

    if (PCI_FUNC(devfn)) {
        PCIDevice *f0 = bus->devices[PCI_DEVFN(slot, 0)];

        if (f0 && !(f0->cap_present & QEMU_PCI_CAP_MULTIFUNCTION)) {
            error_setg(errp, "PCI: single function device can't be "
                       "populated in function %x.%x", slot, PCI_FUNC(devfn));
            return false;
        }
        return true;
    }
    if (d->cap_present & QEMU_PCI_CAP_MULTIFUNCTION) {
        return true;
    }
    for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
        if (bus->devices[PCI_DEVFN(slot, fn)]) {
            error_setg(errp, "PCI: %x.0 indicates single function, but "
                       "%x.%x is already populated.", slot, slot, fn);
            return false;
        }
    }
    return true;
}

static bool pci_register_device(PCIDevice *d, PCIBus *bus, Error **errp)
{
    const char *name = object_get_typename(OBJECT(d));
    int devfn = d->devfn;

    if (devfn < 0) {
        for (devfn = bus->devfn_min; devfn < PCI_DEVFN_MAX;
             devfn += PCI_FUNC_MAX) {
            if (!bus->devices[devfn]) {
                break;
            }
        }
        if (devfn >= PCI_DEVFN_MAX) {
            error_setg(errp, "PCI: no slot/function available for %s, all "
                       "in use or reserved", name);
            return false;
        }
    } else if (devfn >= PCI_DEVFN_MAX) {
        error_setg(errp, "PCI: devfn %d out of range for %s", devfn, name);
        return false;
    } else if (bus->devices[devfn]) {
        PCIDevice *other = bus->devices[devfn];

        error_setg(errp, "PCI: slot %d function %d not available for %s, "
                   "in use by %s,id=%s", PCI_SLOT(devfn), PCI_FUNC(devfn),
                   name, other->name,
                   other->qdev.id ? other->qdev.id : "(null)");
        return false;
    }
    if (!pci_check_multifunction(d, bus, devfn, errp)) {
        return false;
    }
    d->devfn = devfn;
    g_strlcpy(d->name, name, sizeof(d->name));
    pci_init_config(d);
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        d->io_regions[i].addr = PCI_BAR_UNMAPPED;
    }

    memory_region_init(&d->bus_master_container_region, OBJECT(d),
                       "bus master container", UINT64_MAX);
    memory_region_init_alias(&d->bus_master_enable_region, OBJECT(d),
                             "bus master", get_system_memory(), 0,
                             UINT64_MAX);
    memory_region_set_enabled(&d->bus_master_enable_region, false);
    memory_region_add_subregion(&d->bus_master_container_region, 0,
                                &d->bus_master_enable_region);
    address_space_init(&d->bus_master_as, &d->bus_master_container_region,
                       d->name);
    d->has_bus_master_as = true;

    bus->devices[devfn] = d;
    return true;
}

static void pci_unregister_device(PCIDevice *d)
{
    PCIBus *bus = pci_get_bus(d);

    pci_set_irq(d, 0);
    memory_region_transaction_begin();
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];

        if (r->size && r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
        memset(r, 0, sizeof(*r));
        r->addr = PCI_BAR_UNMAPPED;
    }
    memory_region_transaction_commit();
    if (d->has_bus_master_as) {
        address_space_destroy(&d->bus_master_as);
        d->has_bus_master_as = false;
    }
    if (bus && d->devfn >= 0 && d->devfn < PCI_DEVFN_MAX &&
        bus->devices[d->devfn] == d) {
        bus->devices[d->devfn] = NULL;
    }
    pci_free_config(d);
}

static void pci_qdev_realize(DeviceState *qdev, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    BusState *qbus = qdev_get_parent_bus(qdev);
    Error *err = NULL;

    if (!qbus || !object_dynamic_cast(OBJECT(qbus), TYPE_PCI_BUS)) {
        error_setg(errp, "Device '%s' needs a PCI bus",
                   object_get_typename(OBJECT(d)));
        return;
    }
    if (!pci_register_device(d, PCI_BUS(qbus), errp)) {
        return;
    }
    if (pc->realize) {
        pc->realize(d, &err);
        if (err) {
            error_propagate(errp, err);
            pci_unregister_device(d);
        }
    }
}

static void pci_qdev_unrealize(DeviceState *qdev)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);

    if (pc->exit) {
        pc->exit(d);
    }
    pci_unregister_device(d);
}

/* Reset: what every function does on RST#, after its own reset hook. */
static void pci_do_device_reset(PCIBus *bus, PCIDevice *d, void *opaque)
{
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);

    pci_set_irq(d, 0);
    cmd &= ~pci_get_word(d->wmask + PCI_COMMAND);
    cmd &= ~PCI_COMMAND_INTX_DISABLE;
    pci_set_word(d->config + PCI_COMMAND, cmd);
    pci_set_word(d->config + PCI_STATUS,
                 pci_get_word(d->config + PCI_STATUS) &
                     ~pci_get_word(d->w1cmask + PCI_STATUS));
    d->config[PCI_CACHE_LINE_SIZE] = 0;
    d->config[PCI_INTERRUPT_LINE] = 0;
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];
        uint32_t off = pci_bar_offset(d, i);

        if (!r->size) {
            continue;
        }
        if (i == PCI_ROM_SLOT) {
            pci_set_long(d->config + off, 0);
        } else {
            pci_set_long(d->config + off, r->type);
            if (!(r->type & PCI_BASE_ADDRESS_SPACE_IO) &&
                (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
                pci_set_long(d->config + off + 4, 0);
            }
        }
    }
    pci_update_mappings(d);
    pci_update_bus_master(d);
}

void pci_bus_reset(PCIBus *bus)
{
    pci_for_each_device(bus, pci_do_device_reset, NULL);
}

/* Board helpers. */

PCIDevice *pci_new(int devfn, const char *name)
{
    DeviceState *dev = qdev_new(name);

    qdev_prop_set_int32(dev, "addr", devfn);
    return PCI_DEVICE(dev);
}

PCIDevice *pci_new_multifunction(int devfn, const char *name)
{
    PCIDevice *d = pci_new(devfn, name);

    qdev_prop_set_bit(DEVICE(d), "multifunction", true);
    return d;
}

bool pci_realize_and_unref(PCIDevice *dev, PCIBus *bus, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), &bus->qbus, errp);
}

PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name)
{
    PCIDevice *d = pci_new(devfn, name);

    pci_realize_and_unref(d, bus, &error_fatal);
    return d;
}

PCIDevice *pci_create_simple_multifunction(PCIBus *bus, int devfn,
                                           const char *name)
{
    PCIDevice *d = pci_new_multifunction(devfn, name);

    pci_realize_and_unref(d, bus, &error_fatal);
    return d;
}

/* Monitor text. */

static const struct {
    uint16_t class_id;
    const char *name;
} pci_class_names[] = {
    { 0x0100, "SCSI controller" },
    { 0x0101, "IDE controller" },
    { 0x0102, "Floppy controller" },
    { 0x0105, "ATA controller" },
    { 0x0106, "SATA controller" },
    { 0x0180, "Storage controller" },
    { 0x0200, "Ethernet controller" },
    { 0x0280, "Network controller" },
    { 0x0300, "VGA controller" },
    { 0x0380, "Display controller" },
    { 0x0401, "Audio controller" },
    { 0x0403, "Audio controller" },
    { 0x0500, "RAM controller" },
    { 0x0600, "Host bridge" },
    { 0x0601, "ISA bridge" },
    { 0x0604, "PCI bridge" },
    { 0x0680, "Bridge" },
    { 0x0780, "Communication controller" },
    { 0x0880, "System peripheral" },
    { 0x0c03, "USB controller" },
    { 0x0c05, "SMBus" },
};

const char *pci_class_name(uint16_t class_id)
{
    for (size_t i = 0; i < ARRAY_SIZE(pci_class_names); i++) {
        if (pci_class_names[i].class_id == class_id) {
            return pci_class_names[i].name;
        }
    }
    return NULL;
}

static void pci_info_dev(PCIBus *bus, PCIDevice *d, void *opaque)
{
    GString *out = opaque;
    uint16_t class_id = pci_get_word(d->config + PCI_CLASS_DEVICE);
    const char *cname = pci_class_name(class_id);
    uint8_t pin = d->config[PCI_INTERRUPT_PIN];

    g_string_append_printf(out, "  Bus %2d, device %3d, function %d:\n",
                           pci_bus_num(bus), PCI_SLOT(d->devfn),
                           PCI_FUNC(d->devfn));
    if (cname) {
        g_string_append_printf(out, "    %s", cname);
    } else {
        /* QEMU prints the unnamed class number in decimal. */
        g_string_append_printf(out, "    Class %04d", class_id);
    }
    g_string_append_printf(out, ": PCI device %04x:%04x\n",
                           pci_get_word(d->config + PCI_VENDOR_ID),
                           pci_get_word(d->config + PCI_DEVICE_ID));
    if (!(d->config[PCI_HEADER_TYPE] & 0x7f)) {
        g_string_append_printf(
            out, "      PCI subsystem %04x:%04x\n",
            pci_get_word(d->config + PCI_SUBSYSTEM_VENDOR_ID),
            pci_get_word(d->config + PCI_SUBSYSTEM_ID));
    }
    if (pin) {
        g_string_append_printf(out, "      IRQ %d, pin %c\n",
                               d->config[PCI_INTERRUPT_LINE],
                               'A' + pin - 1);
    }
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];

        if (!r->size) {
            continue;
        }
        if (i == PCI_ROM_SLOT) {
            g_string_append_printf(out, "      ROM: ");
        } else {
            g_string_append_printf(out, "      BAR%d: ", i);
        }
        if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
            g_string_append_printf(out, "I/O at 0x%04" PRIx64
                                   " [0x%04" PRIx64 "].\n",
                                   r->addr, r->addr + r->size - 1);
        } else {
            g_string_append_printf(
                out, "%s%s memory at 0x%08" PRIx64 " [0x%08" PRIx64 "].\n",
                r->type & PCI_BASE_ADDRESS_MEM_TYPE_64 ? "64 bit" : "32 bit",
                r->type & PCI_BASE_ADDRESS_MEM_PREFETCH ? " prefetchable"
                                                        : "",
                r->addr, r->addr + r->size - 1);
        }
    }
    g_string_append_printf(out, "      id \"%s\"\n",
                           d->qdev.id ? d->qdev.id : "");
}

void pci_info(GString *out, PCIBus *bus)
{
    if (bus) {
        pci_for_each_device(bus, pci_info_dev, out);
    }
}

/* Types. */

static Property pci_props[] = {
    DEFINE_PROP_PCI_DEVFN("addr", PCIDevice, devfn, -1),
    DEFINE_PROP_BIT("multifunction", PCIDevice, cap_present,
                    QEMU_PCI_CAP_MULTIFUNCTION_BITNR, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void pci_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pci_qdev_realize;
    dc->unrealize = pci_qdev_unrealize;
    dc->bus_type = TYPE_PCI_BUS;
    device_class_set_props(dc, pci_props);
}

static const TypeInfo pci_types[] = {
    {
        .name = TYPE_PCI_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(PCIBus),
        .class_init = pci_bus_class_init,
    },
    {
        .name = TYPE_PCI_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .abstract = true,
        .class_size = sizeof(PCIDeviceClass),
        .class_init = pci_device_class_init,
    },
};
DEFINE_TYPES(pci_types)
