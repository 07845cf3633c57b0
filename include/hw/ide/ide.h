/*
 * IDE (ATA/ATAPI): a bus of two devices ("IDE", named ide.N), the ATA
 * register file each device latches, the devices ide-hd and ide-cd, and
 * the interface a controller's DMA engine offers the core.
 *
 * A controller embeds an IDEBus per channel, calls ide_bus_init() and
 * ide_bus_init_output_irq(), routes the legacy command block (8 ports)
 * and control port to ide_ioport_*() / ide_ctrl_*(), and provides an
 * IDEDMA if it can do DMA.  All I/O to the images is asynchronous
 * (blk_aio_*): a command sets BSY, and the completion, in the main loop,
 * moves the state machine on.  Every guest value (counts, LBAs, the CHS
 * tuple, packet fields, PRD tables via the DMA engine) is range-checked;
 * a bad one ends the command with ERR/ABRT or ATAPI sense data.
 */
#ifndef HW_IDE_IDE_H
#define HW_IDE_IDE_H

#include "hw/qdev-core.h"
#include "block/block-backend.h"

#define TYPE_IDE_BUS "IDE"
#define TYPE_IDE_DEVICE "ide-device"
#define TYPE_IDE_HD "ide-hd"
#define TYPE_IDE_CD "ide-cd"
OBJECT_DECLARE_SIMPLE_TYPE(IDEBus, IDE_BUS)
OBJECT_DECLARE_SIMPLE_TYPE(IDEDevice, IDE_DEVICE)

typedef struct IDEState IDEState;
typedef struct IDEDMA IDEDMA;

/* Status register */
#define IDE_STAT_ERR  0x01
#define IDE_STAT_DRQ  0x08
#define IDE_STAT_DSC  0x10
#define IDE_STAT_DF   0x20
#define IDE_STAT_DRDY 0x40
#define IDE_STAT_BSY  0x80
/* Error register */
#define IDE_ERR_ABRT  0x04
#define IDE_ERR_IDNF  0x10
#define IDE_ERR_UNC   0x40
/* Device control register */
#define IDE_CTRL_NIEN 0x02
#define IDE_CTRL_SRST 0x04
#define IDE_CTRL_HOB  0x80

/* The largest transfer moved to or from the image at once. */
#define IDE_BUF_SIZE (128 * KiB)
#define IDE_MAX_MULT_SECTORS 16

typedef enum IDEDriveKind { IDE_NONE, IDE_HD, IDE_CD } IDEDriveKind;

/*
 * A controller's DMA engine.  start_dma: the device has a DMA transfer
 * ready; the engine calls ide_dma_run(s) when (or as soon as) the guest
 * starts it.  rw_buf: copy len bytes between buf and guest memory along
 * the engine's scatter list, continuing where the last call stopped;
 * returns the bytes copied (fewer: the list ended) or -1 when the list
 * is malformed or points outside guest memory.  end: the transfer is
 * over (error: it failed); the engine updates its status.
 */
typedef struct IDEDMAOps {
    void (*start_dma)(IDEDMA *dma, IDEState *s);
    int64_t (*rw_buf)(IDEDMA *dma, uint8_t *buf, int64_t len,
                      bool to_guest);
    void (*end)(IDEDMA *dma, bool error);
} IDEDMAOps;

struct IDEDMA {
    const IDEDMAOps *ops;
};

typedef void IDEEndTransferFunc(IDEState *s);

struct IDEState {
    IDEBus *bus;
    int unit;
    IDEDriveKind kind;
    BlockBackend *blk;          /* NULL: CD with no medium */
    uint64_t nb_sectors;        /* 512-byte sectors */
    /* Geometry: default (IDENTIFY words 1-6) and current (INITIALIZE
     * DEVICE PARAMETERS) */
    uint32_t cylinders, heads, sectors;
    uint32_t cur_heads, cur_sectors;
    int drive_serial;           /* numbered by position, as QEMU does */
    char serial[21];
    char model[41];
    char version[9];
    uint8_t identify_modes[3];  /* words 62, 63, 88 high bytes */

    /* Register file (both devices latch command block writes) */
    uint8_t feature, error, status;
    uint8_t nsector, sector, lcyl, hcyl, select;
    uint8_t hob_feature, hob_nsector, hob_sector, hob_lcyl, hob_hcyl;
    bool lba48;                 /* current command uses 48-bit fields */
    uint8_t mult_sectors;       /* 0: READ/WRITE MULTIPLE disabled */

    /* PIO data phase */
    uint8_t *io_buffer;         /* IDE_BUF_SIZE + ATAPI headroom */
    uint32_t data_pos, data_end;
    IDEEndTransferFunc *end_transfer;

    /* Multi-sector command in progress (PIO or DMA), in bytes */
    uint8_t cur_cmd;
    int64_t req_offset;         /* next byte of the image */
    int64_t req_remaining;
    uint32_t pio_block;         /* bytes per DRQ block */
    uint32_t buf_valid;         /* PIO read: bytes in io_buffer */
    uint32_t buf_pos;           /* PIO: next block in io_buffer */
    bool dma_write;
    bool dma_atapi;
    bool dma_trim;              /* DATA SET MANAGEMENT ranges */
    bool dma_iobuf;             /* DMA from io_buffer (ATAPI replies) */
    unsigned gen;               /* bumped on reset: stale completions drop */
    int in_flight;

    /* ATAPI */
    uint8_t sense_key, asc, ascq;
    bool tray_locked, tray_open;
    uint8_t atapi_dma;          /* feature bit 0 of the PACKET command */
    uint32_t byte_limit;        /* per-DRQ byte count */
    int64_t cd_lba;             /* READ(10/12): next 2048-byte sector */
    uint32_t cd_sectors_left;
    uint32_t atapi_total;       /* reply bytes (from io_buffer) */
};

struct IDEBus {
    BusState qbus;
    int bus_id;
    IDEState ifs[2];
    int unit;                   /* selected device */
    uint8_t cmd;                /* device control register */
    bool irq_pending;
    qemu_irq irq;
    IDEDMA *dma;
};

struct IDEDevice {
    DeviceState qdev;
    int32_t unit;               /* -1: first free */
    BlockBackend *blk;          /* drive= */
    char *serial, *model, *version;
    uint32_t cyls, heads, secs; /* 0: guessed from the size */
    int write_cache;            /* OnOffAuto */
};

void ide_bus_init(IDEBus *bus, size_t size, DeviceState *parent,
                  int bus_id);
void ide_bus_init_output_irq(IDEBus *bus, qemu_irq irq);
void ide_bus_register_dma(IDEBus *bus, IDEDMA *dma);
void ide_bus_reset(IDEBus *bus);
/* Attach an image as unit (0/1); blk may be NULL for an empty CD. */
bool ide_bus_attach(IDEBus *bus, int unit, IDEDriveKind kind,
                    BlockBackend *blk, IDEDevice *dev, Error **errp);
/*
 * Board helper: create an ide-hd/ide-cd on bus for a drive given on the
 * command line (blk named by its -drive id).
 */
DeviceState *ide_bus_create_drive(IDEBus *bus, int unit, BlockBackend *blk,
                                  bool cdrom);

/* Command block register addr 0-7 (0: data, 16 or 32 bits wide). */
uint32_t ide_ioport_read(IDEBus *bus, uint32_t addr);
void ide_ioport_write(IDEBus *bus, uint32_t addr, uint32_t val);
uint32_t ide_data_read(IDEBus *bus, unsigned size);
void ide_data_write(IDEBus *bus, uint32_t val, unsigned size);
/* Control block: alternate status / device control. */
uint32_t ide_status_read(IDEBus *bus);
void ide_ctrl_write(IDEBus *bus, uint32_t val);

/* Called by the DMA engine once the guest has started it. */
void ide_dma_run(IDEState *s);
/* The guest stopped the engine mid-transfer: drop the command. */
void ide_dma_cancel(IDEState *s);

#endif
