/*
 * piix3-ide: the PIIX3 IDE function (8086:7010, class 0101, prog-if 0x80)
 * at 01.1 of the pc machine.  Two channels in legacy mode (ports
 * 0x1f0-0x1f7/0x3f6 on ISA IRQ 14, 0x170-0x177/0x376 on IRQ 15, always
 * decoded) with buses ide.0 and ide.1, and bus-master DMA (SFF-8038i) in
 * the 16-byte I/O BAR4: per channel command (+0), status (+2) and the
 * PRD table address (+4).
 *
 * PRD tables are read from guest memory through the device's bus-master
 * view: each 8-byte entry is a 32-bit even address and a 16-bit even
 * byte count (0 = 64 KiB), bit 31 of the second dword ending the table.
 * A table may span at most 4 KiB; an entry that cannot be read, a table
 * that runs past that without an end bit, memory that cannot be accessed
 * or a table shorter than the transfer ends the command with ERR/ABRT
 * and the engine's error bit.
 */
#ifndef HW_IDE_PIIX_H
#define HW_IDE_PIIX_H

#include "hw/pci/pci.h"
#include "hw/ide/ide.h"

#define TYPE_PIIX3_IDE "piix3-ide"
#define TYPE_PCI_IDE TYPE_PIIX3_IDE
OBJECT_DECLARE_SIMPLE_TYPE(PCIIDEState, PCI_IDE)

#define BM_CMD_START   0x01
#define BM_CMD_READ    0x08    /* device to memory */
#define BM_STATUS_ACTIVE 0x01
#define BM_STATUS_ERROR  0x02
#define BM_STATUS_INT    0x04
#define BM_PRD_TABLE_MAX 4096

typedef struct BMDMAState {
    IDEDMA dma;
    struct PCIIDEState *pci;
    IDEBus *bus;
    uint8_t cmd;
    uint8_t status;
    uint32_t addr;              /* PRD table */
    /* Position in the table while a transfer runs */
    uint32_t cur_prd;           /* next entry (offset from addr) */
    uint32_t cur_addr;          /* memory of the current entry */
    uint32_t cur_len;           /* bytes left in the current entry */
    bool last;                  /* the current entry is the last */
    IDEState *pending;          /* device with a DMA command */
    qemu_irq out_irq;           /* ISA IRQ 14 / 15 */
    MemoryRegion cmd_io, ctrl_io;
} BMDMAState;

struct PCIIDEState {
    PCIDevice dev;
    IDEBus bus[2];
    BMDMAState bmdma[2];
    MemoryRegion bmdma_bar;
};

/*
 * IDETIM (0x40 primary, 0x42 secondary): bit 15 enables the channel's
 * decode.  Firmware sets it (SeaBIOS writes 0x8000); Linux's ata_piix
 * ignores a channel without it.  Reset leaves 0, as in QEMU; boards that
 * start a kernel without firmware call piix_ide_enable_decode().
 */
#define PIIX_IDETIM_PRI 0x40
#define PIIX_IDETIM_SEC 0x42
#define PIIX_IDETIM_DECODE 0x8000
void piix_ide_enable_decode(PCIDevice *dev);

#endif
