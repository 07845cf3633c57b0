/*
 * piix3-ide: legacy-mode IDE channels and the SFF-8038i bus-master DMA
 * engine of the PIIX3.  See include/hw/ide/piix.h for the contract.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/ide/piix.h"
#include "hw/isa/isa.h"
#include "hw/qdev-properties.h"

static const struct {
    uint16_t cmd, ctrl;
    uint8_t irq;
} piix_ide_legacy[2] = {
    { 0x1f0, 0x3f6, 14 },
    { 0x170, 0x376, 15 },
};

/* ---- bus-master DMA engine ---- */

static void bmdma_start_dma(IDEDMA *dma, IDEState *s)
{
    BMDMAState *bm = container_of(dma, BMDMAState, dma);

    bm->pending = s;
    if (bm->status & BM_STATUS_ACTIVE) {
        ide_dma_run(s);
    }
}

/* Load the next PRD entry; false at the end of the table or on error. */
static bool bmdma_next_prd(BMDMAState *bm, bool *bad)
{
    uint8_t prd[8];
    uint32_t len;

    if (bm->last) {
        return false;
    }
    if (bm->cur_prd >= BM_PRD_TABLE_MAX) {
        *bad = true;        /* no end-of-table bit within the limit */
        return false;
    }
    if (pci_dma_read(&bm->pci->dev, (uint64_t)bm->addr + bm->cur_prd, prd,
                     sizeof(prd)) != MEMTX_OK) {
        *bad = true;
        return false;
    }
    bm->cur_prd += 8;
    bm->cur_addr = (prd[0] | (prd[1] << 8) | (prd[2] << 16) |
                    ((uint32_t)prd[3] << 24)) & ~1u;
    len = (prd[4] | (prd[5] << 8)) & 0xfffe;
    bm->cur_len = len ? len : 0x10000;
    bm->last = prd[7] & 0x80;
    return true;
}

static int64_t bmdma_rw_buf(IDEDMA *dma, uint8_t *buf, int64_t len,
                            bool to_guest)
{
    BMDMAState *bm = container_of(dma, BMDMAState, dma);
    int64_t done = 0;

    while (done < len) {
        uint32_t n;

        if (bm->cur_len == 0) {
            bool bad = false;

            if (!bmdma_next_prd(bm, &bad)) {
                return bad ? -1 : done;
            }
        }
        n = MIN((int64_t)bm->cur_len, len - done);
        if (pci_dma_rw(&bm->pci->dev, bm->cur_addr, buf + done, n,
                       to_guest) != MEMTX_OK) {
            return -1;
        }
        bm->cur_addr += n;
        bm->cur_len -= n;
        done += n;
    }
    return done;
}

static void bmdma_end(IDEDMA *dma, bool error)
{
    BMDMAState *bm = container_of(dma, BMDMAState, dma);

    bm->status &= ~BM_STATUS_ACTIVE;
    if (error) {
        bm->status |= BM_STATUS_ERROR;
    }
    bm->pending = NULL;
}

static const IDEDMAOps bmdma_ops = {
    .start_dma = bmdma_start_dma,
    .rw_buf = bmdma_rw_buf,
    .end = bmdma_end,
};

static void bmdma_cmd_write(BMDMAState *bm, uint8_t val)
{
    bool was = bm->cmd & BM_CMD_START;

    bm->cmd = val & (BM_CMD_START | BM_CMD_READ);
    if (!was && (val & BM_CMD_START)) {
        bm->status |= BM_STATUS_ACTIVE;
        bm->cur_prd = 0;
        bm->cur_len = 0;
        bm->last = false;
        if (bm->pending) {
            ide_dma_run(bm->pending);
        }
    } else if (was && !(val & BM_CMD_START)) {
        /* Stopping the engine mid-transfer cancels the command. */
        if (bm->pending && (bm->status & BM_STATUS_ACTIVE)) {
            ide_dma_cancel(bm->pending);
            bm->pending = NULL;
        }
        bm->status &= ~BM_STATUS_ACTIVE;
    }
}

static uint64_t bmdma_bar_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIIDEState *d = opaque;
    BMDMAState *bm = &d->bmdma[(addr >> 3) & 1];
    uint32_t reg = addr & 7;
    uint64_t val = 0;

    for (unsigned i = 0; i < size && reg + i < 8; i++) {
        uint8_t b;

        switch (reg + i) {
        case 0:
            b = bm->cmd;
            break;
        case 2:
            b = bm->status;
            break;
        case 4: case 5: case 6: case 7:
            b = bm->addr >> (8 * (reg + i - 4));
            break;
        default:
            b = 0;
            break;
        }
        val |= (uint64_t)b << (8 * i);
    }
    return val;
}

static void bmdma_bar_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    PCIIDEState *d = opaque;
    BMDMAState *bm = &d->bmdma[(addr >> 3) & 1];
    uint32_t reg = addr & 7;

    for (unsigned i = 0; i < size && reg + i < 8; i++) {
        uint8_t b = val >> (8 * i);

        switch (reg + i) {
        case 0:
            bmdma_cmd_write(bm, b);
            break;
        case 2:
            /* bits 5-6 (drive DMA capable) r/w, 1-2 write-1-to-clear */
            bm->status = (b & 0x60) | (bm->status & BM_STATUS_ACTIVE) |
                         (bm->status & ~b & (BM_STATUS_ERROR |
                                             BM_STATUS_INT));
            break;
        case 4: case 5: case 6: case 7: {
            int shift = 8 * (reg + i - 4);

            bm->addr = (bm->addr & ~(0xffu << shift)) | ((uint32_t)b << shift);
            bm->addr &= ~3u;
            break;
        }
        }
    }
}

static const MemoryRegionOps bmdma_bar_ops = {
    .read = bmdma_bar_read,
    .write = bmdma_bar_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* The channel's interrupt: latches the engine's INT bit. */
static void bmdma_irq(void *opaque, int n, int level)
{
    BMDMAState *bm = opaque;

    if (level) {
        bm->status |= BM_STATUS_INT;
    }
    qemu_set_irq(bm->out_irq, level);
}

/* ---- legacy ports ---- */

static uint64_t ide_cmd_io_read(void *opaque, hwaddr addr, unsigned size)
{
    IDEBus *bus = opaque;

    if (addr == 0 && size > 1) {
        return ide_data_read(bus, size);
    }
    return ide_ioport_read(bus, addr);
}

static void ide_cmd_io_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    IDEBus *bus = opaque;

    if (addr == 0 && size > 1) {
        ide_data_write(bus, val, size);
        return;
    }
    ide_ioport_write(bus, addr, val);
}

static const MemoryRegionOps ide_cmd_io_ops = {
    .read = ide_cmd_io_read,
    .write = ide_cmd_io_write,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t ide_ctrl_io_read(void *opaque, hwaddr addr, unsigned size)
{
    return ide_status_read(opaque);
}

static void ide_ctrl_io_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    ide_ctrl_write(opaque, val);
}

static const MemoryRegionOps ide_ctrl_io_ops = {
    .read = ide_ctrl_io_read,
    .write = ide_ctrl_io_write,
    .valid = { .min_access_size = 1, .max_access_size = 1 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* ---- the PCI function ---- */

static void piix_ide_reset(DeviceState *dev)
{
    PCIIDEState *d = PCI_IDE(dev);
    uint8_t *c = d->dev.config;

    for (int i = 0; i < 2; i++) {
        BMDMAState *bm = &d->bmdma[i];

        ide_bus_reset(&d->bus[i]);
        bm->cmd = 0;
        bm->status = 0;
        bm->addr = 0;
        bm->cur_prd = bm->cur_len = 0;
        bm->last = false;
        bm->pending = NULL;
    }
    pci_set_word(c + PCI_COMMAND, 0);
    pci_set_word(c + PCI_STATUS,
                 PCI_STATUS_FAST_BACK | PCI_STATUS_DEVSEL_MEDIUM);
}

void piix_ide_enable_decode(PCIDevice *pdev)
{
    if (!pdev) {
        return;
    }
    pci_set_word(pdev->config + PIIX_IDETIM_PRI, PIIX_IDETIM_DECODE);
    pci_set_word(pdev->config + PIIX_IDETIM_SEC, PIIX_IDETIM_DECODE);
}

static void piix_ide_realize(PCIDevice *pdev, Error **errp)
{
    PCIIDEState *d = PCI_IDE(pdev);
    MemoryRegion *io = pci_get_bus(pdev)->address_space_io;
    ISABus *isa = isa_bus_get_default();

    pci_config_set_prog_interface(pdev->config, 0x80); /* bus master */
    pci_set_word(pdev->config + PCI_STATUS,
                 PCI_STATUS_FAST_BACK | PCI_STATUS_DEVSEL_MEDIUM);
    memory_region_init_io(&d->bmdma_bar, OBJECT(d), &bmdma_bar_ops, d,
                          "piix-bmdma", 16);
    pci_register_bar(pdev, 4, PCI_BASE_ADDRESS_SPACE_IO, &d->bmdma_bar);

    for (int i = 0; i < 2; i++) {
        BMDMAState *bm = &d->bmdma[i];
        IDEBus *bus = &d->bus[i];

        ide_bus_init(bus, sizeof(*bus), DEVICE(d), i);
        bm->pci = d;
        bm->bus = bus;
        bm->dma.ops = &bmdma_ops;
        bm->out_irq = isa ? isa_get_irq(NULL, piix_ide_legacy[i].irq) : NULL;
        ide_bus_init_output_irq(bus, qemu_allocate_irq(bmdma_irq, bm, 0));
        ide_bus_register_dma(bus, &bm->dma);

        memory_region_init_io(&bm->cmd_io, OBJECT(d), &ide_cmd_io_ops, bus,
                              i ? "ide1" : "ide0", 8);
        memory_region_add_subregion(io, piix_ide_legacy[i].cmd, &bm->cmd_io);
        memory_region_init_io(&bm->ctrl_io, OBJECT(d), &ide_ctrl_io_ops,
                              bus, i ? "ide1-ctrl" : "ide0-ctrl", 1);
        memory_region_add_subregion(io, piix_ide_legacy[i].ctrl,
                                    &bm->ctrl_io);
    }
}

static void piix_ide_exit(PCIDevice *pdev)
{
    PCIIDEState *d = PCI_IDE(pdev);
    MemoryRegion *io = pci_get_bus(pdev)->address_space_io;

    for (int i = 0; i < 2; i++) {
        memory_region_del_subregion(io, &d->bmdma[i].cmd_io);
        memory_region_del_subregion(io, &d->bmdma[i].ctrl_io);
    }
}

static void piix3_ide_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(oc);

    k->realize = piix_ide_realize;
    k->exit = piix_ide_exit;
    k->vendor_id = 0x8086;
    k->device_id = 0x7010;
    k->class_id = 0x0101;   /* IDE controller */
    dc->reset = piix_ide_reset;
    dc->desc = "PIIX3 IDE controller";
    dc->user_creatable = false;     /* QEMU: part of the PIIX3 chip */
    dc->categories |= 1UL << DEVICE_CATEGORY_STORAGE;
}

static const TypeInfo piix3_ide_info = {
    .name = TYPE_PIIX3_IDE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PCIIDEState),
    .class_init = piix3_ide_class_init,
};

static void piix_ide_register_types(void)
{
    type_register_static(&piix3_ide_info);
}
type_init(piix_ide_register_types)
