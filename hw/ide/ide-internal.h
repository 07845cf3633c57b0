/*
 * Shared between the IDE core (core.c) and the ATAPI command set
 * (atapi.c).  Not for controllers: they use include/hw/ide/ide.h.
 */
#ifndef HW_IDE_INTERNAL_H
#define HW_IDE_INTERNAL_H

#include "hw/ide/ide.h"

#define BDRV_SECTOR_SIZE_IDE 512
#define ATAPI_SECTOR_SIZE 2048
/* io_buffer holds IDE_BUF_SIZE of data plus room for small replies. */
#define IDE_IO_BUFFER_SIZE (IDE_BUF_SIZE + 4096)

/* ATAPI interrupt reason (the sector count register) */
#define ATAPI_INT_REASON_CD 0x01
#define ATAPI_INT_REASON_IO 0x02

/* SCSI sense keys and additional sense codes */
#define SENSE_NONE            0x00
#define SENSE_NOT_READY       0x02
#define SENSE_MEDIUM_ERROR    0x03
#define SENSE_ILLEGAL_REQUEST 0x05
#define SENSE_UNIT_ATTENTION  0x06
#define ASC_ILLEGAL_OPCODE          0x20
#define ASC_LBA_OUT_OF_RANGE        0x21
#define ASC_INV_FIELD_IN_CMD_PACKET 0x24
#define ASC_SAVING_PARAMS_NOT_SUPPORTED 0x39
#define ASC_MEDIUM_NOT_PRESENT      0x3a
#define ASC_MEDIUM_REMOVAL_PREVENTED 0x53
#define ASC_READ_ERROR              0x11

void ide_set_irq(IDEBus *bus);
/* PIO data phase over io_buffer[pos, pos + len); end runs when done. */
void ide_transfer_start(IDEState *s, uint32_t pos, uint32_t len,
                        IDEEndTransferFunc *end);
void ide_transfer_stop(IDEState *s);
void ide_abort_command(IDEState *s);

/*
 * One asynchronous request on the image, with a buffer of its own (so a
 * reset never races a worker writing into io_buffer).  done runs in the
 * main loop unless the device was reset since (gen changed).
 */
typedef struct IDERequest IDERequest;
typedef void IDERequestDone(IDEState *s, IDERequest *r, int ret);
struct IDERequest {
    IDEState *s;
    unsigned gen;
    uint8_t *buf;
    int64_t offset, len;
    IDERequestDone *done;
};
void ide_aio_read(IDEState *s, int64_t offset, int64_t len,
                  IDERequestDone *done);

/* DMA: offset/len in bytes of the image, or from io_buffer (iobuf). */
void ide_dma_start(IDEState *s, int64_t offset, int64_t len, bool write,
                   bool atapi);
void ide_dma_start_iobuf(IDEState *s, uint32_t len);

/* ATAPI */
uint64_t ide_cd_sectors(IDEState *s);
bool ide_cd_has_medium(IDEState *s);
void ide_atapi_cmd(IDEState *s);
void ide_atapi_cmd_ok(IDEState *s);
void ide_atapi_cmd_error(IDEState *s, uint8_t key, uint8_t asc);

#endif
