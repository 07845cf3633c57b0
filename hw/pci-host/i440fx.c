/*
 * Intel 440FX PCIset: the PCI host (82441FX PMC) of the pc machine.
 * Reference: Intel 440FX PCIset datasheet (order 290549), section 3.2:
 * PAM0-PAM6 at 0x59-0x5f, SMRAM at 0x72.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/pci-host/i440fx.h"
#include "hw/qdev-properties.h"

#define SMRAM_D_OPEN 0x40
#define SMRAM_D_CLS 0x20
#define SMRAM_D_LCK 0x10
#define SMRAM_G_SMRAME 0x08
#define SMRAM_C_BASE_SEG 0x02         /* fixed: SMRAM at 0xa0000 */

/* PAM segment n: register and nibble that control it. */
static uint8_t pam_mode(PCII440FXState *d, int seg)
{
    uint8_t reg;

    if (seg == 0) {
        return (d->parent_obj.config[I440FX_PAM] >> 4) & 3;
    }
    reg = d->parent_obj.config[I440FX_PAM + (seg + 1) / 2];
    return ((seg & 1) ? reg : reg >> 4) & 3;
}

static void pam_update(PCII440FXState *d, int seg)
{
    PAMMemoryRegion *p = &d->pam_regions[seg];
    unsigned mode = pam_mode(d, seg);

    if (mode == p->current) {
        return;
    }
    memory_region_set_enabled(p->mode_mr[p->current], false);
    memory_region_set_enabled(p->mode_mr[mode], true);
    p->current = mode;
}

static void i440fx_update_memory_mappings(PCII440FXState *d)
{
    uint8_t smram = d->parent_obj.config[I440FX_SMRAM];

    if (!d->pam_ready) {
        return;
    }
    memory_region_transaction_begin();
    for (int i = 0; i < I440FX_NUM_PAM_SEGS; i++) {
        pam_update(d, i);
    }
    memory_region_set_enabled(&d->smram_region, !(smram & SMRAM_D_OPEN));
    memory_region_transaction_commit();
}

/* Mode 2: reads come from PCI memory, writes land in RAM. */
static uint64_t pam_wo_read(void *opaque, hwaddr addr, unsigned size)
{
    PAMMemoryRegion *p = opaque;
    uint8_t buf[8] = { 0 };
    uint64_t v = 0;

    address_space_read(&p->owner->pci_as, p->start + addr,
                       MEMTXATTRS_UNSPECIFIED, buf, size);
    for (int i = size - 1; i >= 0; i--) {
        v = (v << 8) | buf[i];
    }
    return v;
}

static void pam_wo_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    PAMMemoryRegion *p = opaque;
    MemoryRegion *ram = p->owner->ram;
    hwaddr off = p->start + addr;
    uint8_t *host = memory_region_get_ram_ptr(ram);

    if (off + size > memory_region_size(ram)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        host[off + i] = val >> (i * 8);
    }
    if (memory_notify_ram_write) {
        memory_notify_ram_write(ram, off, size);
    }
}

static const MemoryRegionOps pam_wo_ops = {
    .read = pam_wo_read,
    .write = pam_wo_write,
    .valid = { .min_access_size = 1, .max_access_size = 8,
               .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8,
              .unaligned = true },
};

static void pam_init(PCII440FXState *d, PAMMemoryRegion *p, hwaddr start,
                     uint64_t size)
{
    Object *owner = OBJECT(d);

    p->owner = d;
    p->start = start;
    p->size = size;
    memory_region_init_alias(&p->pci, owner, "pam-pci", d->pci_address_space,
                             start, size);
    memory_region_init_alias(&p->ram_ro, owner, "pam-rom", d->ram, start,
                             size);
    memory_region_set_readonly(&p->ram_ro, true);
    memory_region_init_io(&p->wo, owner, &pam_wo_ops, p, "pam-wo", size);
    memory_region_init_alias(&p->ram, owner, "pam-ram", d->ram, start, size);
    p->mode_mr[0] = &p->pci;
    p->mode_mr[1] = &p->ram_ro;
    p->mode_mr[2] = &p->wo;
    p->mode_mr[3] = &p->ram;
    for (int m = 0; m < 4; m++) {
        memory_region_set_enabled(p->mode_mr[m], m == 0);
        memory_region_add_subregion_overlap(d->system_memory, start,
                                            p->mode_mr[m], 1);
    }
    p->current = 0;
}

/* The PMC function at 00.0. */

static void i440fx_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                                int len)
{
    PCII440FXState *d = I440FX_PCI_DEVICE(dev);
    uint8_t old_smram = dev->config[I440FX_SMRAM];

    pci_default_write_config(dev, addr, val, len);
    if (addr <= I440FX_SMRAM && addr + len > I440FX_SMRAM) {
        uint8_t v = dev->config[I440FX_SMRAM];

        /* D_LCK stays set until reset and forces D_OPEN off. */
        if (old_smram & SMRAM_D_LCK) {
            v = (v & ~SMRAM_D_LCK) | SMRAM_D_LCK;
            v &= ~SMRAM_D_OPEN;
        }
        if (v & SMRAM_D_LCK) {
            v &= ~SMRAM_D_OPEN;
        }
        dev->config[I440FX_SMRAM] = (v & ~0x07) | SMRAM_C_BASE_SEG;
    }
    if ((addr < I440FX_PAM + I440FX_PAM_SIZE && addr + len > I440FX_PAM) ||
        (addr <= I440FX_SMRAM && addr + len > I440FX_SMRAM)) {
        i440fx_update_memory_mappings(d);
    }
}

static void i440fx_pmc_reset(DeviceState *dev)
{
    PCII440FXState *d = I440FX_PCI_DEVICE(dev);
    PCIDevice *pd = PCI_DEVICE(dev);

    memset(pd->config + I440FX_PAM, 0, I440FX_PAM_SIZE);
    pd->config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;
    i440fx_update_memory_mappings(d);
}

static void i440fx_pmc_realize(PCIDevice *dev, Error **errp)
{
    /* Only the SMRAM control bits, not the fixed base segment. */
    dev->wmask[I440FX_SMRAM] = SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK |
                               SMRAM_G_SMRAME;
    dev->config[I440FX_SMRAM] = SMRAM_C_BASE_SEG;
    /* PAM0's low nibble is reserved. */
    dev->wmask[I440FX_PAM] = 0xf0;
}

void i440fx_pam_all_ram(PCII440FXState *d)
{
    PCIDevice *pd = PCI_DEVICE(d);

    pd->config[I440FX_PAM] = 0x30;
    memset(pd->config + I440FX_PAM + 1, 0x33, I440FX_PAM_SIZE - 1);
    i440fx_update_memory_mappings(d);
}

static void i440fx_pmc_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = i440fx_pmc_realize;
    k->config_write = i440fx_write_config;
    k->vendor_id = PCI_VENDOR_ID_INTEL;
    k->device_id = PCI_DEVICE_ID_INTEL_82441;
    k->revision = 0x02;
    k->class_id = PCI_CLASS_BRIDGE_HOST;
    dc->desc = "Host bridge";
    dc->reset = i440fx_pmc_reset;
    /* Part of the chipset: created by the board only. */
    dc->user_creatable = false;
    dc->categories |= 1ul << DEVICE_CATEGORY_BRIDGE;
}

/* The host (system bus side). */

static void i440fx_host_realize(DeviceState *dev, Error **errp)
{
    PCIHostState *s = PCI_HOST_BRIDGE(dev);

    memory_region_add_subregion(get_system_io(), 0xcf8, &s->conf_mem);
    memory_region_add_subregion(get_system_io(), 0xcfc, &s->data_mem);
}

void i440fx_pci_hole64(I440FXState *s, uint64_t *start, uint64_t *size)
{
    *start = s->pci_hole64_start;
    *size = s->pci_hole64_size;
}

static Property i440fx_host_props[] = {
    DEFINE_PROP_SIZE("pci-hole64-size", I440FXState, pci_hole64_size,
                     2ULL * GiB),
    DEFINE_PROP_END_OF_LIST(),
};

static void i440fx_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = i440fx_host_realize;
    dc->fw_name = "pci";
    dc->user_creatable = false;
    device_class_set_props(dc, i440fx_host_props);
}

PCIBus *i440fx_init(Object *machine, MemoryRegion *system_memory,
                    MemoryRegion *io, MemoryRegion *pci_memory,
                    MemoryRegion *ram, uint64_t below_4g_mem_size,
                    uint64_t above_4g_mem_size, PCII440FXState **pmc)
{
    DeviceState *dev = qdev_new(TYPE_I440FX_PCI_HOST_BRIDGE);
    I440FXState *s = I440FX_PCI_HOST_BRIDGE(dev);
    PCIHostState *phb = PCI_HOST_BRIDGE(dev);
    PCII440FXState *d;
    PCIBus *bus;
    uint64_t hole64_end;

    object_property_add_child(machine, "i440fx", OBJECT(dev));
    bus = pci_root_bus_new(dev, "pci.0", pci_memory, io, 0, TYPE_PCI_BUS);
    phb->bus = bus;
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);

    /*
     * Addresses no device claims end in a master abort (all-ones), also
     * where PAM or the SMRAM window route the legacy areas to PCI.
     */
    memory_region_init_io(&s->pci_background, OBJECT(dev), NULL, NULL,
                          "pci-unassigned", UINT64_MAX);
    memory_region_add_subregion_overlap(pci_memory, 0, &s->pci_background,
                                        -1000);
    /* 32-bit hole: from the end of low RAM to 4 GiB. */
    s->pci_hole_start = below_4g_mem_size;
    memory_region_init_alias(&s->pci_hole, OBJECT(dev), "pci-hole",
                             pci_memory, below_4g_mem_size,
                             4 * GiB - below_4g_mem_size);
    memory_region_add_subregion_overlap(system_memory, below_4g_mem_size,
                                        &s->pci_hole, -1);
    /* 64-bit hole: above high RAM, gigabyte aligned. */
    s->pci_hole64_start = QEMU_ALIGN_UP(4 * GiB + above_4g_mem_size, GiB);
    hole64_end = s->pci_hole64_start + s->pci_hole64_size;
    if (s->pci_hole64_size && hole64_end > s->pci_hole64_start) {
        memory_region_init_alias(&s->pci_hole64, OBJECT(dev), "pci-hole64",
                                 pci_memory, s->pci_hole64_start,
                                 s->pci_hole64_size);
        memory_region_add_subregion_overlap(system_memory,
                                            s->pci_hole64_start,
                                            &s->pci_hole64, -1);
    } else {
        s->pci_hole64_size = 0;
    }

    d = I440FX_PCI_DEVICE(pci_new(0, TYPE_I440FX_PCI_DEVICE));
    d->system_memory = system_memory;
    d->pci_address_space = pci_memory;
    d->ram = ram;
    pci_realize_and_unref(PCI_DEVICE(d), bus, &error_fatal);
    /* RAM size in 8 MiB units for coreboot (QEMU's "DRB" shortcut). */
    PCI_DEVICE(d)->config[I440FX_COREBOOT_RAM_SIZE] =
        MIN(memory_region_size(ram) / (8 * MiB), 255);

    memory_region_transaction_begin();
    /* VGA window: PCI unless SMRAM is open. */
    memory_region_init_alias(&d->smram_region, OBJECT(d), "smram-region",
                             pci_memory, 0xa0000, 0x20000);
    memory_region_add_subregion_overlap(system_memory, 0xa0000,
                                        &d->smram_region, 1);
    /* PAM needs RAM under the whole BIOS area. */
    if (memory_region_size(ram) >= 1 * MiB) {
        address_space_init(&d->pci_as, pci_memory, "i440fx-pci-memory");
        pam_init(d, &d->pam_regions[0], 0xf0000, 0x10000);
        for (int i = 0; i < 12; i++) {
            pam_init(d, &d->pam_regions[i + 1], 0xc0000 + i * 0x4000,
                     0x4000);
        }
        d->pam_ready = true;
    }
    memory_region_transaction_commit();
    i440fx_update_memory_mappings(d);
    if (pmc) {
        *pmc = d;
    }
    return bus;
}

static const TypeInfo i440fx_types[] = {
    {
        .name = TYPE_I440FX_PCI_DEVICE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PCII440FXState),
        .class_init = i440fx_pmc_class_init,
    },
    {
        .name = TYPE_I440FX_PCI_HOST_BRIDGE,
        .parent = TYPE_PCI_HOST_BRIDGE,
        .instance_size = sizeof(I440FXState),
        .class_init = i440fx_host_class_init,
    },
};
DEFINE_TYPES(i440fx_types)
