/*
 * ATAPI (MMC) command set of ide-cd: the 12-byte packets sent with the
 * PACKET command.  Replies are built in io_buffer and sent by PIO, in
 * chunks no larger than the byte count limit the host put in the
 * cylinder registers, or by DMA when the PACKET command asked for it.
 * Media are read-only 2048-byte sectors; every field of a packet that
 * addresses or sizes something is range-checked against the medium and
 * the buffer, and a bad one gets ILLEGAL REQUEST sense data.
 */
#include "qemu/osdep.h"
#include "ide-internal.h"

#define GPCMD_TEST_UNIT_READY       0x00
#define GPCMD_REQUEST_SENSE         0x03
#define GPCMD_INQUIRY               0x12
#define GPCMD_MODE_SENSE_6          0x1a
#define GPCMD_START_STOP_UNIT       0x1b
#define GPCMD_PREVENT_ALLOW_REMOVAL 0x1e
#define GPCMD_READ_CAPACITY         0x25
#define GPCMD_READ_10               0x28
#define GPCMD_SEEK_10               0x2b
#define GPCMD_READ_TOC              0x43
#define GPCMD_GET_CONFIGURATION     0x46
#define GPCMD_GET_EVENT_STATUS      0x4a
#define GPCMD_MODE_SENSE_10         0x5a
#define GPCMD_READ_12               0xa8
#define GPCMD_SET_SPEED             0xbb
#define GPCMD_MECHANISM_STATUS      0xbd

/* Profiles (GET CONFIGURATION) */
#define MMC_PROFILE_NONE   0x0000
#define MMC_PROFILE_CD_ROM 0x0008
#define MMC_PROFILE_DVD_ROM 0x0010
/* A CD holds at most about 800 MB; anything larger is a DVD. */
#define CD_MAX_SECTORS (800 * MiB / ATAPI_SECTOR_SIZE)

static uint16_t be16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static void padstr8(uint8_t *p, int len, const char *src)
{
    size_t n = strlen(src);

    for (int i = 0; i < len; i++) {
        p[i] = i < (int)n ? src[i] : ' ';
    }
}

bool ide_cd_has_medium(IDEState *s)
{
    return s->blk && !s->tray_open;
}

uint64_t ide_cd_sectors(IDEState *s)
{
    return ide_cd_has_medium(s) ? s->nb_sectors / 4 : 0;
}

static void lba_to_msf(uint8_t *p, uint32_t lba)
{
    lba += 150;
    p[0] = (lba / 75) / 60;
    p[1] = (lba / 75) % 60;
    p[2] = lba % 75;
}

void ide_atapi_cmd_ok(IDEState *s)
{
    ide_transfer_stop(s);
    s->error = 0;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
    s->nsector = ATAPI_INT_REASON_IO | ATAPI_INT_REASON_CD;
    s->sense_key = SENSE_NONE;
    s->asc = s->ascq = 0;
    ide_set_irq(s->bus);
}

void ide_atapi_cmd_error(IDEState *s, uint8_t key, uint8_t asc)
{
    ide_transfer_stop(s);
    s->cd_sectors_left = 0;
    s->req_remaining = 0;
    s->error = key << 4;
    s->status = IDE_STAT_DRDY | IDE_STAT_ERR;
    s->nsector = ATAPI_INT_REASON_IO | ATAPI_INT_REASON_CD;
    s->sense_key = key;
    s->asc = asc;
    s->ascq = 0;
    ide_set_irq(s->bus);
}

/* ---- PIO replies ---- */

static void ide_atapi_pio_next(IDEState *s);

static void ide_atapi_cd_fetched(IDEState *s, IDERequest *r, int ret)
{
    s->status &= ~IDE_STAT_BSY;
    if (ret < 0) {
        ide_atapi_cmd_error(s, SENSE_MEDIUM_ERROR, ASC_READ_ERROR);
        return;
    }
    memcpy(s->io_buffer, r->buf, r->len);
    s->atapi_total = r->len;
    s->buf_pos = 0;
    s->cd_lba += r->len / ATAPI_SECTOR_SIZE;
    s->cd_sectors_left -= r->len / ATAPI_SECTOR_SIZE;
    ide_atapi_pio_next(s);
}

/* Read the next sectors of a READ(10)/(12) into io_buffer. */
static void ide_atapi_cd_fetch(IDEState *s)
{
    uint32_t n = MIN(s->cd_sectors_left, IDE_BUF_SIZE / ATAPI_SECTOR_SIZE);

    ide_aio_read(s, s->cd_lba * ATAPI_SECTOR_SIZE,
                 (int64_t)n * ATAPI_SECTOR_SIZE, ide_atapi_cd_fetched);
}

static void ide_atapi_chunk_done(IDEState *s)
{
    s->buf_pos = s->data_end;
    ide_transfer_stop(s);
    ide_atapi_pio_next(s);
}

static void ide_atapi_pio_next(IDEState *s)
{
    uint32_t left = s->atapi_total - s->buf_pos;
    uint32_t limit = s->byte_limit;

    if (left == 0) {
        if (s->cd_sectors_left) {
            ide_atapi_cd_fetch(s);
        } else {
            ide_atapi_cmd_ok(s);
        }
        return;
    }
    /* 0 is not a valid limit and odd ones are rounded down (ATAPI). */
    if (limit == 0 || limit == 0xffff) {
        limit = 0xfffe;
    }
    if (left > limit) {
        left = limit & ~1u;
    }
    s->lcyl = left;
    s->hcyl = left >> 8;
    s->nsector = ATAPI_INT_REASON_IO;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
    ide_transfer_start(s, s->buf_pos, left, ide_atapi_chunk_done);
    ide_set_irq(s->bus);
}

/* Send the first size bytes of io_buffer (at most max: the allocation
 * length of the packet). */
static void ide_atapi_reply(IDEState *s, uint32_t size, uint32_t max)
{
    size = MIN(size, max);
    if (size == 0) {
        ide_atapi_cmd_ok(s);
        return;
    }
    s->cd_sectors_left = 0;
    if (s->atapi_dma) {
        ide_dma_start_iobuf(s, size);
        return;
    }
    s->atapi_total = size;
    s->buf_pos = 0;
    ide_atapi_pio_next(s);
}

/* ---- commands ---- */

static bool ide_atapi_need_medium(IDEState *s)
{
    if (!ide_cd_has_medium(s)) {
        ide_atapi_cmd_error(s, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        return false;
    }
    return true;
}

static void cmd_read(IDEState *s, uint32_t lba, uint32_t n)
{
    uint64_t total = ide_cd_sectors(s);

    if (lba > total || n > total - lba) {
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
        return;
    }
    if (n == 0) {
        ide_atapi_cmd_ok(s);
        return;
    }
    if (s->atapi_dma) {
        ide_dma_start(s, (int64_t)lba * ATAPI_SECTOR_SIZE,
                      (int64_t)n * ATAPI_SECTOR_SIZE, false, true);
        return;
    }
    s->cd_lba = lba;
    s->cd_sectors_left = n;
    s->atapi_total = s->buf_pos = 0;
    ide_atapi_cd_fetch(s);
}

static void cmd_inquiry(IDEState *s, const uint8_t *cdb)
{
    uint8_t *buf = s->io_buffer;

    if (cdb[1] & 1) {   /* EVPD pages are not supported */
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    memset(buf, 0, 36);
    buf[0] = 0x05;      /* CD-ROM */
    buf[1] = 0x80;      /* removable */
    buf[2] = 0x00;      /* ISO */
    buf[3] = 0x21;      /* ATAPI-2, response data format 1 */
    buf[4] = 31;        /* additional length */
    padstr8(buf + 8, 8, "QEMU");
    padstr8(buf + 16, 16, "QEMU DVD-ROM");
    padstr8(buf + 32, 4, s->version);
    ide_atapi_reply(s, 36, cdb[4]);
}

static void cmd_request_sense(IDEState *s, const uint8_t *cdb)
{
    uint8_t *buf = s->io_buffer;

    memset(buf, 0, 18);
    buf[0] = 0x70;
    buf[2] = s->sense_key;
    buf[7] = 10;
    buf[12] = s->asc;
    buf[13] = s->ascq;
    if (s->sense_key == SENSE_UNIT_ATTENTION) {
        s->sense_key = SENSE_NONE;
    }
    /* The sense data is cleared when the reply has been sent. */
    ide_atapi_reply(s, 18, cdb[4]);
}

static void cmd_read_capacity(IDEState *s)
{
    uint64_t total = ide_cd_sectors(s);

    if (total == 0) {
        ide_atapi_cmd_error(s, SENSE_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        return;
    }
    put_be32(s->io_buffer, MIN(total - 1, UINT32_MAX));
    put_be32(s->io_buffer + 4, ATAPI_SECTOR_SIZE);
    ide_atapi_reply(s, 8, 8);
}

static void cmd_mode_sense(IDEState *s, const uint8_t *cdb)
{
    uint8_t *buf = s->io_buffer;
    uint32_t max = be16(cdb + 7);
    int control = cdb[2] >> 6;
    int page = cdb[2] & 0x3f;
    uint32_t len;

    if (control == 3) {
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_SAVING_PARAMS_NOT_SUPPORTED);
        return;
    }
    memset(buf, 0, 64);
    buf[2] = 0x70;      /* medium type: door closed, no disc / any */
    switch (page) {
    case 0x01:  /* read error recovery */
        buf[8] = 0x01;
        buf[9] = 0x06;
        buf[11] = 0x05;  /* retry count */
        len = 16;
        break;
    case 0x2a:  /* capabilities and mechanical status */
    case 0x3f:
        buf[8] = 0x2a;
        buf[9] = 0x12;
        buf[10] = 0x70;
        buf[12] = 0x70;
        buf[13] = 3 << 5;
        /* lock, eject, tray loading mechanism */
        buf[14] = (1 << 0) | (1 << 3) | (1 << 5);
        if (s->tray_locked) {
            buf[14] |= 1 << 1;
        }
        put_be16(buf + 16, 706);    /* max read speed, kB/s */
        put_be16(buf + 18, 2);      /* volume levels */
        put_be16(buf + 20, 512);    /* buffer size, KiB */
        put_be16(buf + 22, 706);    /* current read speed */
        len = 28;
        break;
    default:
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    put_be16(buf, len - 2);
    ide_atapi_reply(s, len, max);
}

static void cmd_read_toc(IDEState *s, const uint8_t *cdb)
{
    uint8_t *buf = s->io_buffer;
    uint64_t total = ide_cd_sectors(s);
    bool msf = cdb[1] & 2;
    int format = cdb[9] >> 6 ? cdb[9] >> 6 : cdb[2] & 0x0f;
    int start = cdb[6];
    uint32_t max = be16(cdb + 7);
    uint8_t *q;

    memset(buf, 0, 32);
    switch (format) {
    case 0:
        if (start > 1 && start != 0xaa) {
            ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                                ASC_INV_FIELD_IN_CMD_PACKET);
            return;
        }
        buf[2] = 1;
        buf[3] = 1;
        q = buf + 4;
        if (start <= 1) {
            q[1] = 0x14;    /* ADR 1, data track */
            q[2] = 1;
            if (msf) {
                lba_to_msf(q + 5, 0);
            }
            q += 8;
        }
        q[1] = 0x16;
        q[2] = 0xaa;        /* lead-out */
        if (msf) {
            lba_to_msf(q + 5, total);
        } else {
            put_be32(q + 4, total);
        }
        q += 8;
        put_be16(buf, q - buf - 2);
        ide_atapi_reply(s, q - buf, max);
        return;
    case 1:     /* multi-session: one session starting at track 1 */
        put_be16(buf, 0x0a);
        buf[2] = 1;
        buf[3] = 1;
        buf[5] = 0x14;
        buf[6] = 1;
        if (msf) {
            lba_to_msf(buf + 9, 0);
        }
        ide_atapi_reply(s, 12, max);
        return;
    default:
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_INV_FIELD_IN_CMD_PACKET);
    }
}

static void cmd_get_configuration(IDEState *s, const uint8_t *cdb)
{
    uint8_t *buf = s->io_buffer;
    uint32_t max = be16(cdb + 7);
    uint64_t total = ide_cd_sectors(s);
    uint16_t cur = total == 0 ? MMC_PROFILE_NONE
                   : total > CD_MAX_SECTORS ? MMC_PROFILE_DVD_ROM
                   : MMC_PROFILE_CD_ROM;
    uint8_t *q = buf + 8;

    if ((cdb[1] & 3) == 3) {
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    memset(buf, 0, 64);
    put_be16(buf + 6, cur);
    /* Feature 0: profile list */
    put_be16(q, 0x0000);
    q[2] = 0x03;    /* persistent, current */
    q[3] = 8;
    put_be16(q + 4, MMC_PROFILE_DVD_ROM);
    q[6] = cur == MMC_PROFILE_DVD_ROM;
    put_be16(q + 8, MMC_PROFILE_CD_ROM);
    q[10] = cur == MMC_PROFILE_CD_ROM;
    q += 12;
    /* Feature 1: core, ATAPI interface */
    put_be16(q, 0x0001);
    q[2] = 0x0b;
    q[3] = 8;
    put_be32(q + 4, 2);
    q[8] = 1;
    q += 12;
    /* Feature 3: removable medium, tray, eject */
    put_be16(q, 0x0003);
    q[2] = 0x03;
    q[3] = 4;
    q[4] = 0x29;
    q += 8;
    put_be32(buf, q - buf - 4);
    ide_atapi_reply(s, q - buf, max);
}

static void cmd_get_event_status(IDEState *s, const uint8_t *cdb)
{
    uint8_t *buf = s->io_buffer;
    uint32_t max = be16(cdb + 7);

    if (!(cdb[1] & 1)) {    /* only polled mode */
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                            ASC_INV_FIELD_IN_CMD_PACKET);
        return;
    }
    memset(buf, 0, 8);
    buf[3] = 1 << 4;        /* supported: media class */
    if (cdb[4] & (1 << 4)) {
        put_be16(buf, 6);
        buf[2] = 4;         /* media class */
        buf[5] = ide_cd_has_medium(s) ? 2 : 0;
        ide_atapi_reply(s, 8, max);
    } else {
        put_be16(buf, 2);
        buf[2] = 0x80;      /* no event available */
        ide_atapi_reply(s, 4, max);
    }
}

static void cmd_mechanism_status(IDEState *s, const uint8_t *cdb)
{
    memset(s->io_buffer, 0, 8);
    s->io_buffer[5] = 1;    /* one slot */
    ide_atapi_reply(s, 8, be16(cdb + 8));
}

static void cmd_start_stop(IDEState *s, const uint8_t *cdb)
{
    bool start = cdb[4] & 1;
    bool loej = cdb[4] & 2;

    if (loej) {
        if (!start && s->tray_locked) {
            ide_atapi_cmd_error(s, SENSE_NOT_READY,
                                ASC_MEDIUM_REMOVAL_PREVENTED);
            return;
        }
        s->tray_open = !start;
    }
    ide_atapi_cmd_ok(s);
}

void ide_atapi_cmd(IDEState *s)
{
    uint8_t cdb[12];

    memcpy(cdb, s->io_buffer, sizeof(cdb));
    ide_transfer_stop(s);
    s->dma_iobuf = false;

    switch (cdb[0]) {
    case GPCMD_TEST_UNIT_READY:
        if (ide_atapi_need_medium(s)) {
            ide_atapi_cmd_ok(s);
        }
        return;
    case GPCMD_REQUEST_SENSE:
        cmd_request_sense(s, cdb);
        return;
    case GPCMD_INQUIRY:
        cmd_inquiry(s, cdb);
        return;
    case GPCMD_START_STOP_UNIT:
        cmd_start_stop(s, cdb);
        return;
    case GPCMD_PREVENT_ALLOW_REMOVAL:
        s->tray_locked = cdb[4] & 1;
        ide_atapi_cmd_ok(s);
        return;
    case GPCMD_READ_CAPACITY:
        cmd_read_capacity(s);
        return;
    case GPCMD_READ_10:
        if (ide_atapi_need_medium(s)) {
            cmd_read(s, be32(cdb + 2), be16(cdb + 7));
        }
        return;
    case GPCMD_READ_12:
        if (ide_atapi_need_medium(s)) {
            cmd_read(s, be32(cdb + 2), be32(cdb + 6));
        }
        return;
    case GPCMD_SEEK_10:
        if (ide_atapi_need_medium(s)) {
            if (be32(cdb + 2) >= ide_cd_sectors(s)) {
                ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                                    ASC_LBA_OUT_OF_RANGE);
            } else {
                ide_atapi_cmd_ok(s);
            }
        }
        return;
    case GPCMD_READ_TOC:
        if (ide_atapi_need_medium(s)) {
            cmd_read_toc(s, cdb);
        }
        return;
    case GPCMD_MODE_SENSE_10:
        cmd_mode_sense(s, cdb);
        return;
    case GPCMD_GET_CONFIGURATION:
        cmd_get_configuration(s, cdb);
        return;
    case GPCMD_GET_EVENT_STATUS:
        cmd_get_event_status(s, cdb);
        return;
    case GPCMD_MECHANISM_STATUS:
        cmd_mechanism_status(s, cdb);
        return;
    case GPCMD_SET_SPEED:
        ide_atapi_cmd_ok(s);
        return;
    default:
        ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST, ASC_ILLEGAL_OPCODE);
        return;
    }
}
