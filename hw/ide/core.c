/*
 * The ATA device model: register file, command decoding, PIO and DMA data
 * phases, IDENTIFY, reset and signatures.  ATAPI packets are in atapi.c.
 *
 * Data moves through io_buffer: a PIO read fills it from the image (up to
 * IDE_BUF_SIZE at once, asynchronously) and hands it to the guest one DRQ
 * block at a time; a PIO write collects blocks and writes them out when
 * the buffer is full or the command ends.  DMA moves IDE_BUF_SIZE chunks
 * between the image and the controller's scatter list.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/ide/ide.h"
#include "ide-internal.h"

/* ATA commands */
#define WIN_NOP                 0x00
#define WIN_DSM                 0x06
#define WIN_DEVICE_RESET        0x08
#define WIN_RECAL               0x10
#define WIN_READ                0x20
#define WIN_READ_ONCE           0x21
#define WIN_READ_EXT            0x24
#define WIN_READDMA_EXT         0x25
#define WIN_READ_NATIVE_MAX_EXT 0x27
#define WIN_MULTREAD_EXT        0x29
#define WIN_WRITE               0x30
#define WIN_WRITE_ONCE          0x31
#define WIN_WRITE_EXT           0x34
#define WIN_WRITEDMA_EXT        0x35
#define WIN_MULTWRITE_EXT       0x39
#define WIN_VERIFY              0x40
#define WIN_VERIFY_ONCE         0x41
#define WIN_VERIFY_EXT          0x42
#define WIN_SEEK                0x70
#define WIN_DIAGNOSE            0x90
#define WIN_SPECIFY             0x91
#define WIN_PACKETCMD           0xa0
#define WIN_PIDENTIFY           0xa1
#define WIN_MULTREAD            0xc4
#define WIN_MULTWRITE           0xc5
#define WIN_SETMULT             0xc6
#define WIN_READDMA             0xc8
#define WIN_READDMA_ONCE        0xc9
#define WIN_WRITEDMA            0xca
#define WIN_WRITEDMA_ONCE       0xcb
#define WIN_STANDBYNOW1         0xe0
#define WIN_IDLEIMMEDIATE       0xe1
#define WIN_STANDBY             0xe2
#define WIN_SETIDLE1            0xe3
#define WIN_CHECKPOWERMODE1     0xe5
#define WIN_SLEEPNOW1           0xe6
#define WIN_FLUSH_CACHE         0xe7
#define WIN_FLUSH_CACHE_EXT     0xea
#define WIN_IDENTIFY            0xec
#define WIN_SETFEATURES         0xef
#define WIN_READ_NATIVE_MAX     0xf8

#define LBA28_MAX 0x0fffffffULL

static IDEState *ide_active(IDEBus *bus)
{
    return &bus->ifs[bus->unit];
}

/* ---- interrupts ---- */

void ide_set_irq(IDEBus *bus)
{
    bus->irq_pending = true;
    if (!(bus->cmd & IDE_CTRL_NIEN)) {
        qemu_irq_raise(bus->irq);
    }
}

static void ide_clear_irq(IDEBus *bus)
{
    bus->irq_pending = false;
    qemu_irq_lower(bus->irq);
}

/* ---- PIO data phase ---- */

static void ide_transfer_noop(IDEState *s)
{
}

void ide_transfer_start(IDEState *s, uint32_t pos, uint32_t len,
                        IDEEndTransferFunc *end)
{
    assert(pos <= IDE_IO_BUFFER_SIZE && len <= IDE_IO_BUFFER_SIZE - pos);
    s->data_pos = pos;
    s->data_end = pos + len;
    s->end_transfer = end;
    s->status |= IDE_STAT_DRQ;
}

void ide_transfer_stop(IDEState *s)
{
    s->data_pos = s->data_end = 0;
    s->end_transfer = ide_transfer_noop;
    s->status &= ~IDE_STAT_DRQ;
}

void ide_abort_command(IDEState *s)
{
    ide_transfer_stop(s);
    s->req_remaining = 0;
    s->status = IDE_STAT_DRDY | IDE_STAT_ERR;
    s->error = IDE_ERR_ABRT;
}

/* Complete a command that has no data phase. */
static void ide_cmd_done(IDEState *s)
{
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
    s->error = 0;
    ide_set_irq(s->bus);
}

static void ide_cmd_abort_irq(IDEState *s)
{
    ide_abort_command(s);
    ide_set_irq(s->bus);
}

/* ---- asynchronous requests ---- */

static void ide_aio_cb(void *opaque, int ret)
{
    IDERequest *r = opaque;
    IDEState *s = r->s;

    s->in_flight--;
    if (r->gen == s->gen) {
        r->done(s, r, ret);
    }
    g_free(r->buf);
    g_free(r);
}

static IDERequest *ide_req_new(IDEState *s, int64_t offset, int64_t len,
                               IDERequestDone *done)
{
    IDERequest *r = g_new0(IDERequest, 1);

    r->s = s;
    r->gen = s->gen;
    r->buf = g_malloc(len ? len : 1);
    r->offset = offset;
    r->len = len;
    r->done = done;
    s->in_flight++;
    return r;
}

void ide_aio_read(IDEState *s, int64_t offset, int64_t len,
                  IDERequestDone *done)
{
    IDERequest *r = ide_req_new(s, offset, len, done);

    s->status |= IDE_STAT_BSY;
    blk_aio_pread(s->blk, offset, len, r->buf, ide_aio_cb, r);
}

static void ide_aio_write(IDEState *s, int64_t offset, const uint8_t *buf,
                          int64_t len, IDERequestDone *done)
{
    IDERequest *r = ide_req_new(s, offset, len, done);

    memcpy(r->buf, buf, len);
    s->status |= IDE_STAT_BSY;
    blk_aio_pwrite(s->blk, offset, len, r->buf, 0, ide_aio_cb, r);
}

/* ---- addressing ---- */

static uint32_t ide_cur_cylinders(IDEState *s)
{
    uint64_t c = s->nb_sectors / ((uint64_t)s->cur_heads * s->cur_sectors);

    return MIN(c, 65535);
}

/* The command's starting sector, or -1 for an invalid CHS tuple. */
static int64_t ide_get_sector(IDEState *s)
{
    if (s->select & 0x40) {
        if (s->lba48) {
            return ((uint64_t)s->hob_hcyl << 40) |
                   ((uint64_t)s->hob_lcyl << 32) |
                   ((uint64_t)s->hob_sector << 24) |
                   ((uint64_t)s->hcyl << 16) | ((uint64_t)s->lcyl << 8) |
                   s->sector;
        }
        return ((uint64_t)(s->select & 0x0f) << 24) | (s->hcyl << 16) |
               (s->lcyl << 8) | s->sector;
    }
    {
        uint32_t cyl = (s->hcyl << 8) | s->lcyl;
        uint32_t head = s->select & 0x0f;

        if (s->sector == 0 || s->sector > s->cur_sectors ||
            head >= s->cur_heads) {
            return -1;
        }
        return ((int64_t)cyl * s->cur_heads + head) * s->cur_sectors +
               s->sector - 1;
    }
}

static void ide_set_sector(IDEState *s, int64_t n)
{
    if (s->select & 0x40) {
        if (s->lba48) {
            s->sector = n;
            s->lcyl = n >> 8;
            s->hcyl = n >> 16;
            s->hob_sector = n >> 24;
            s->hob_lcyl = n >> 32;
            s->hob_hcyl = n >> 40;
        } else {
            s->select = (s->select & 0xf0) | ((n >> 24) & 0x0f);
            s->sector = n;
            s->lcyl = n >> 8;
            s->hcyl = n >> 16;
        }
    } else {
        uint32_t per_cyl = s->cur_heads * s->cur_sectors;
        uint32_t cyl = MIN(n / per_cyl, 65535);
        uint32_t r = n % per_cyl;

        s->hcyl = cyl >> 8;
        s->lcyl = cyl;
        s->select = (s->select & 0xf0) | ((r / s->cur_sectors) & 0x0f);
        s->sector = (r % s->cur_sectors) + 1;
    }
}

static uint32_t ide_get_nsectors(IDEState *s)
{
    if (s->lba48) {
        uint32_t n = s->nsector | (s->hob_nsector << 8);
        return n ? n : 65536;
    }
    return s->nsector ? s->nsector : 256;
}

/* Start sector of a read/write command, or -1 after aborting it. */
static int64_t ide_check_range(IDEState *s, uint32_t n)
{
    int64_t sector = ide_get_sector(s);

    if (sector < 0 || (uint64_t)sector > s->nb_sectors ||
        n > s->nb_sectors - sector) {
        s->status = IDE_STAT_DRDY | IDE_STAT_ERR;
        s->error = IDE_ERR_ABRT | (sector < 0 ? 0 : IDE_ERR_IDNF);
        ide_set_irq(s->bus);
        return -1;
    }
    return sector;
}

static void ide_io_error(IDEState *s)
{
    ide_transfer_stop(s);
    s->req_remaining = 0;
    s->status = IDE_STAT_DRDY | IDE_STAT_ERR;
    s->error = IDE_ERR_ABRT;
    ide_set_irq(s->bus);
}

/* ---- PIO read ---- */

static void ide_pio_read_next(IDEState *s);

static void ide_pio_read_block_done(IDEState *s)
{
    uint32_t len = s->data_end - s->buf_pos;

    ide_transfer_stop(s);
    s->buf_pos += len;
    s->req_offset += len;
    s->req_remaining -= len;
    ide_set_sector(s, s->req_offset / BDRV_SECTOR_SIZE_IDE);
    ide_pio_read_next(s);
}

static void ide_pio_read_fetched(IDEState *s, IDERequest *r, int ret)
{
    s->status &= ~IDE_STAT_BSY;
    if (ret < 0) {
        ide_io_error(s);
        return;
    }
    memcpy(s->io_buffer, r->buf, r->len);
    s->buf_valid = r->len;
    s->buf_pos = 0;
    ide_pio_read_next(s);
}

static void ide_pio_read_next(IDEState *s)
{
    if (s->req_remaining <= 0) {
        s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
        return;
    }
    if (s->buf_pos < s->buf_valid) {
        uint32_t len = MIN(s->pio_block, s->buf_valid - s->buf_pos);

        s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
        ide_transfer_start(s, s->buf_pos, len, ide_pio_read_block_done);
        ide_set_irq(s->bus);
        return;
    }
    ide_aio_read(s, s->req_offset, MIN(s->req_remaining, IDE_BUF_SIZE),
                 ide_pio_read_fetched);
}

static void ide_pio_read_start(IDEState *s, int64_t sector, uint32_t n,
                               uint32_t block)
{
    s->req_offset = sector * BDRV_SECTOR_SIZE_IDE;
    s->req_remaining = (int64_t)n * BDRV_SECTOR_SIZE_IDE;
    s->pio_block = block * BDRV_SECTOR_SIZE_IDE;
    s->buf_valid = s->buf_pos = 0;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
    ide_pio_read_next(s);
}

/* ---- PIO write ---- */

static void ide_pio_write_block_done(IDEState *s);

static void ide_pio_write_expect(IDEState *s)
{
    uint32_t len = MIN(s->pio_block, s->req_remaining);

    len = MIN(len, IDE_BUF_SIZE - s->buf_pos);
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
    ide_transfer_start(s, s->buf_pos, len, ide_pio_write_block_done);
}

static void ide_pio_write_flushed(IDEState *s, IDERequest *r, int ret)
{
    s->status &= ~IDE_STAT_BSY;
    if (ret < 0) {
        ide_io_error(s);
        return;
    }
    s->req_offset += r->len;
    s->buf_pos = 0;
    ide_set_sector(s, s->req_offset / BDRV_SECTOR_SIZE_IDE);
    if (s->req_remaining <= 0) {
        ide_cmd_done(s);
        return;
    }
    ide_pio_write_expect(s);
    ide_set_irq(s->bus);
}

static void ide_pio_write_block_done(IDEState *s)
{
    uint32_t len = s->data_end - s->buf_pos;

    ide_transfer_stop(s);
    s->buf_pos += len;
    s->req_remaining -= len;
    if (s->req_remaining <= 0 || s->buf_pos >= IDE_BUF_SIZE) {
        ide_aio_write(s, s->req_offset, s->io_buffer, s->buf_pos,
                      ide_pio_write_flushed);
        return;
    }
    ide_pio_write_expect(s);
    ide_set_irq(s->bus);
}

static void ide_pio_write_start(IDEState *s, int64_t sector, uint32_t n,
                                uint32_t block)
{
    s->req_offset = sector * BDRV_SECTOR_SIZE_IDE;
    s->req_remaining = (int64_t)n * BDRV_SECTOR_SIZE_IDE;
    s->pio_block = block * BDRV_SECTOR_SIZE_IDE;
    s->buf_pos = 0;
    /* The first block is requested without an interrupt. */
    ide_pio_write_expect(s);
}

/* ---- DMA ---- */

static uint64_t ldq_le_ide(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void ide_dma_finish(IDEState *s, bool error)
{
    IDEDMA *dma = s->bus->dma;

    s->req_remaining = 0;
    if (error) {
        s->status = IDE_STAT_DRDY | IDE_STAT_ERR;
        s->error = IDE_ERR_ABRT;
        if (s->dma_atapi) {
            s->sense_key = SENSE_ILLEGAL_REQUEST;
            s->asc = ASC_INV_FIELD_IN_CMD_PACKET;
            s->error = (SENSE_ILLEGAL_REQUEST << 4) | IDE_ERR_ABRT;
        }
    } else {
        s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
        s->error = 0;
        if (s->dma_atapi) {
            s->sense_key = SENSE_NONE;
            s->asc = 0;
        }
    }
    if (s->dma_atapi) {
        s->nsector = ATAPI_INT_REASON_IO | ATAPI_INT_REASON_CD;
    }
    if (dma) {
        dma->ops->end(dma, error);
    }
    ide_set_irq(s->bus);
}

static void ide_dma_step(IDEState *s);

static void ide_dma_chunk_done(IDEState *s, IDERequest *r, int ret)
{
    IDEDMA *dma = s->bus->dma;

    s->status &= ~IDE_STAT_BSY;
    if (ret < 0) {
        ide_dma_finish(s, true);
        return;
    }
    if (!s->dma_write &&
        dma->ops->rw_buf(dma, r->buf, r->len, true) != r->len) {
        ide_dma_finish(s, true);
        return;
    }
    s->req_offset += r->len;
    s->req_remaining -= r->len;
    if (!s->dma_atapi && !s->dma_trim) {
        ide_set_sector(s, s->req_offset / BDRV_SECTOR_SIZE_IDE);
    }
    ide_dma_step(s);
}

/*
 * DATA SET MANAGEMENT (TRIM): the chunk in r->buf is a list of 8-byte
 * entries, a 48-bit LBA and a 16-bit count (0: unused).  They are
 * discarded one after the other; any range past the end aborts.
 */
static void ide_trim_next(IDEState *s, IDERequest *r);

static void ide_trim_cb(void *opaque, int ret)
{
    IDERequest *r = opaque;
    IDEState *s = r->s;

    s->in_flight--;
    if (r->gen != s->gen) {
        g_free(r->buf);
        g_free(r);
        return;
    }
    if (ret < 0) {
        g_free(r->buf);
        g_free(r);
        ide_dma_finish(s, true);
        return;
    }
    ide_trim_next(s, r);
}

static void ide_trim_next(IDEState *s, IDERequest *r)
{
    while (r->offset < r->len) {
        uint64_t e = ldq_le_ide(r->buf + r->offset);
        uint64_t lba = e & 0x0000ffffffffffffULL;
        uint32_t count = e >> 48;

        r->offset += 8;
        if (count == 0) {
            continue;
        }
        if (lba > s->nb_sectors || count > s->nb_sectors - lba) {
            g_free(r->buf);
            g_free(r);
            ide_dma_finish(s, true);
            return;
        }
        s->in_flight++;
        blk_aio_pdiscard(s->blk, lba * BDRV_SECTOR_SIZE_IDE,
                         (int64_t)count * BDRV_SECTOR_SIZE_IDE,
                         ide_trim_cb, r);
        return;
    }
    s->req_remaining -= r->len;
    g_free(r->buf);
    g_free(r);
    ide_dma_step(s);
}

void ide_dma_run(IDEState *s)
{
    if (!(s->status & IDE_STAT_DRQ) || s->end_transfer != ide_transfer_noop) {
        return;   /* not a DMA command waiting for the engine */
    }
    s->status = (s->status & ~IDE_STAT_DRQ) | IDE_STAT_BSY;
    ide_dma_step(s);
}

static void ide_dma_step(IDEState *s)
{
    IDEDMA *dma = s->bus->dma;
    int64_t len;

    s->status |= IDE_STAT_BSY;
    if (s->req_remaining <= 0) {
        ide_dma_finish(s, false);
        return;
    }
    if (s->dma_iobuf) {
        len = s->req_remaining;
        if (dma->ops->rw_buf(dma, s->io_buffer, len, true) != len) {
            ide_dma_finish(s, true);
            return;
        }
        s->req_remaining = 0;
        ide_dma_finish(s, false);
        return;
    }
    len = MIN(s->req_remaining, IDE_BUF_SIZE);
    if (s->dma_trim) {
        IDERequest *r = g_new0(IDERequest, 1);

        r->s = s;
        r->gen = s->gen;
        r->buf = g_malloc(len);
        r->len = len;
        if (dma->ops->rw_buf(dma, r->buf, len, false) != len) {
            g_free(r->buf);
            g_free(r);
            ide_dma_finish(s, true);
            return;
        }
        ide_trim_next(s, r);
        return;
    }
    if (s->dma_write) {
        IDERequest *r = ide_req_new(s, s->req_offset, len,
                                    ide_dma_chunk_done);

        if (dma->ops->rw_buf(dma, r->buf, len, false) != len) {
            /* Nothing submitted: release the request now. */
            s->in_flight--;
            g_free(r->buf);
            g_free(r);
            ide_dma_finish(s, true);
            return;
        }
        blk_aio_pwrite(s->blk, s->req_offset, len, r->buf, 0, ide_aio_cb, r);
    } else {
        ide_aio_read(s, s->req_offset, len, ide_dma_chunk_done);
    }
}

void ide_dma_cancel(IDEState *s)
{
    if (s->req_remaining <= 0 && !(s->status & IDE_STAT_BSY)) {
        return;
    }
    s->gen++;
    s->req_remaining = 0;
    s->status = IDE_STAT_DRDY | IDE_STAT_ERR;
    s->error = IDE_ERR_ABRT;
}

void ide_dma_start(IDEState *s, int64_t offset, int64_t len, bool write,
                   bool atapi)
{
    IDEDMA *dma = s->bus->dma;

    s->req_offset = offset;
    s->req_remaining = len;
    s->dma_write = write;
    s->dma_atapi = atapi;
    /* DRQ set: waiting for the engine (ide_dma_run clears it). */
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC | IDE_STAT_DRQ;
    if (!dma) {
        if (atapi) {
            ide_atapi_cmd_error(s, SENSE_ILLEGAL_REQUEST,
                                ASC_INV_FIELD_IN_CMD_PACKET);
        } else {
            ide_cmd_abort_irq(s);
        }
        return;
    }
    dma->ops->start_dma(dma, s);
}

void ide_dma_start_iobuf(IDEState *s, uint32_t len)
{
    s->dma_iobuf = true;
    ide_dma_start(s, 0, len, false, true);
}

/* ---- IDENTIFY ---- */

static void put_le16(uint8_t *p, int word, uint16_t v)
{
    p[word * 2] = v;
    p[word * 2 + 1] = v >> 8;
}

/* ATA strings: space padded, bytes swapped within each word. */
static void padstr(uint8_t *p, int word, const char *src, int len)
{
    size_t n = strlen(src);

    for (int i = 0; i < len; i++) {
        p[word * 2 + (i ^ 1)] = i < (int)n ? src[i] : ' ';
    }
}

static void ide_identify(IDEState *s)
{
    uint8_t *p = s->io_buffer;
    uint32_t oldsize;
    uint64_t lba28 = MIN(s->nb_sectors, LBA28_MAX);
    bool wce = blk_enable_write_cache(s->blk);

    memset(p, 0, 512);
    put_le16(p, 0, 0x0040);
    put_le16(p, 1, s->cylinders);
    put_le16(p, 3, s->heads);
    put_le16(p, 4, 512 * s->sectors);
    put_le16(p, 5, 512);
    put_le16(p, 6, s->sectors);
    padstr(p, 10, s->serial, 20);
    put_le16(p, 20, 3);
    put_le16(p, 21, 512);
    put_le16(p, 22, 4);
    padstr(p, 23, s->version, 8);
    padstr(p, 27, s->model, 40);
    put_le16(p, 47, 0x8000 | IDE_MAX_MULT_SECTORS);
    put_le16(p, 48, 1);
    put_le16(p, 49, (1 << 11) | (1 << 9) | (1 << 8)); /* IORDY, LBA, DMA */
    put_le16(p, 51, 0x200);
    put_le16(p, 52, 0x200);
    put_le16(p, 53, 1 | (1 << 1) | (1 << 2));
    put_le16(p, 54, ide_cur_cylinders(s));
    put_le16(p, 55, s->cur_heads);
    put_le16(p, 56, s->cur_sectors);
    oldsize = ide_cur_cylinders(s) * s->cur_heads * s->cur_sectors;
    put_le16(p, 57, oldsize);
    put_le16(p, 58, oldsize >> 16);
    if (s->mult_sectors) {
        put_le16(p, 59, 0x100 | s->mult_sectors);
    }
    put_le16(p, 60, lba28);
    put_le16(p, 61, lba28 >> 16);
    put_le16(p, 62, 0x07 | (s->identify_modes[0] << 8));
    put_le16(p, 63, 0x07 | (s->identify_modes[1] << 8));
    put_le16(p, 64, 0x03);
    put_le16(p, 65, 120);
    put_le16(p, 66, 120);
    put_le16(p, 67, 120);
    put_le16(p, 68, 120);
    put_le16(p, 69, 1 << 14);       /* deterministic read after TRIM */
    put_le16(p, 80, 0xf0);          /* ATA-4 .. ATA-7 */
    put_le16(p, 81, 0x16);
    put_le16(p, 82, (1 << 14) | (1 << 5) | 1);    /* write cache, SMART */
    /* LBA48, FLUSH CACHE, FLUSH CACHE EXT */
    put_le16(p, 83, (1 << 14) | (1 << 13) | (1 << 12) | (1 << 10));
    put_le16(p, 84, 1 << 14);
    put_le16(p, 85, (1 << 14) | (wce ? 1 << 5 : 0) | 1);
    put_le16(p, 86, (1 << 13) | (1 << 12) | (1 << 10));
    put_le16(p, 87, 1 << 14);
    put_le16(p, 88, 0x3f | (s->identify_modes[2] << 8));
    put_le16(p, 93, 1 | (1 << 14) | 0x2000);
    put_le16(p, 100, s->nb_sectors);
    put_le16(p, 101, s->nb_sectors >> 16);
    put_le16(p, 102, s->nb_sectors >> 32);
    put_le16(p, 103, s->nb_sectors >> 48);
    put_le16(p, 106, 0x6000);       /* 512-byte logical = physical */
    put_le16(p, 169, 1);            /* DATA SET MANAGEMENT: TRIM */
}

static void ide_atapi_identify(IDEState *s)
{
    uint8_t *p = s->io_buffer;

    memset(p, 0, 512);
    /* removable CD-ROM, 50 us DRQ, 12-byte packets */
    put_le16(p, 0, (2 << 14) | (5 << 8) | (1 << 7) | (2 << 5));
    padstr(p, 10, s->serial, 20);
    put_le16(p, 20, 3);
    put_le16(p, 21, 512);
    put_le16(p, 22, 4);
    padstr(p, 23, s->version, 8);
    padstr(p, 27, s->model, 40);
    put_le16(p, 48, 1);
    put_le16(p, 49, (1 << 9) | (1 << 8));   /* LBA, DMA */
    put_le16(p, 53, 7);
    put_le16(p, 62, 7 | (s->identify_modes[0] << 8));
    put_le16(p, 63, 7 | (s->identify_modes[1] << 8));
    put_le16(p, 64, 3);
    put_le16(p, 65, 0xb4);
    put_le16(p, 66, 0xb4);
    put_le16(p, 67, 0x12c);
    put_le16(p, 68, 0xb4);
    put_le16(p, 71, 30);
    put_le16(p, 72, 30);
    put_le16(p, 80, 0x1e);          /* ATA-1 .. ATA-4 */
    put_le16(p, 88, 0x3f | (s->identify_modes[2] << 8));
}

/* ---- reset and signatures ---- */

static void ide_set_signature(IDEState *s)
{
    s->select &= 0xf0;
    s->nsector = 1;
    s->sector = 1;
    if (s->kind == IDE_CD) {
        s->lcyl = 0x14;
        s->hcyl = 0xeb;
    } else {
        s->lcyl = 0;
        s->hcyl = 0;
    }
}

/* Drop whatever the device was doing (completions still in flight are
 * ignored when they arrive). */
static void ide_cancel(IDEState *s)
{
    s->gen++;
    s->req_remaining = 0;
    s->buf_valid = s->buf_pos = 0;
    s->cd_sectors_left = 0;
    ide_transfer_stop(s);
}

static void ide_reset(IDEState *s)
{
    ide_cancel(s);
    s->mult_sectors = IDE_MAX_MULT_SECTORS;
    s->cur_heads = s->heads;
    s->cur_sectors = s->sectors;
    s->feature = s->hob_feature = 0;
    s->hob_nsector = s->hob_sector = s->hob_lcyl = s->hob_hcyl = 0;
    s->select = 0xa0;
    s->lba48 = false;
    s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
    s->error = 0x01;
    s->cur_cmd = 0;
    s->sense_key = SENSE_NONE;
    s->asc = s->ascq = 0;
    s->tray_locked = false;
    s->atapi_dma = 0;
    s->identify_modes[0] = 0;
    s->identify_modes[1] = 0;
    s->identify_modes[2] = 1 << 5;  /* UDMA5 selected, as QEMU reports */
    ide_set_signature(s);
}

void ide_bus_reset(IDEBus *bus)
{
    bus->unit = 0;
    bus->cmd = 0;
    ide_reset(&bus->ifs[0]);
    ide_reset(&bus->ifs[1]);
    ide_clear_irq(bus);
}

/* ---- commands ---- */

static bool ide_cmd_is_lba48(uint8_t cmd)
{
    switch (cmd) {
    case WIN_READ_EXT: case WIN_READDMA_EXT: case WIN_READ_NATIVE_MAX_EXT:
    case WIN_MULTREAD_EXT: case WIN_WRITE_EXT: case WIN_WRITEDMA_EXT:
    case WIN_MULTWRITE_EXT: case WIN_VERIFY_EXT:
        return true;
    }
    return false;
}

static void ide_flush_done(IDEState *s, IDERequest *r, int ret)
{
    s->status &= ~IDE_STAT_BSY;
    if (ret < 0) {
        ide_io_error(s);
        return;
    }
    ide_cmd_done(s);
}

static void ide_set_features(IDEState *s)
{
    switch (s->feature) {
    case 0x02:  /* write cache on */
        blk_set_enable_write_cache(s->blk, true);
        break;
    case 0x82:  /* write cache off */
        blk_set_enable_write_cache(s->blk, false);
        break;
    case 0x03: {  /* transfer mode */
        uint8_t mode = s->nsector & 7;

        switch (s->nsector >> 3) {
        case 0x00:  /* PIO default */
        case 0x01:  /* PIO mode */
            s->identify_modes[0] = s->identify_modes[1] = 0;
            s->identify_modes[2] = 0;
            break;
        case 0x02:  /* single word DMA */
        case 0x04:  /* multiword DMA */
            if (mode > 2) {
                ide_cmd_abort_irq(s);
                return;
            }
            s->identify_modes[0] = s->identify_modes[1] = 0;
            s->identify_modes[2] = 0;
            s->identify_modes[(s->nsector >> 3) == 2 ? 0 : 1] = 1 << mode;
            break;
        case 0x08:  /* Ultra DMA */
            if (mode > 5) {
                ide_cmd_abort_irq(s);
                return;
            }
            s->identify_modes[0] = s->identify_modes[1] = 0;
            s->identify_modes[2] = 1 << mode;
            break;
        default:
            ide_cmd_abort_irq(s);
            return;
        }
        break;
    }
    case 0x05: case 0x85:   /* APM */
    case 0x31: case 0x42: case 0xc2:
    case 0x55: case 0xaa:   /* read look-ahead */
    case 0x66: case 0xcc:   /* reverting to power-on defaults */
        break;
    default:
        ide_cmd_abort_irq(s);
        return;
    }
    ide_cmd_done(s);
}

static void ide_exec_cmd(IDEBus *bus, uint8_t cmd)
{
    IDEState *s = ide_active(bus);
    bool hd = s->kind == IDE_HD;
    int64_t sector;
    uint32_t n;

    if (s->kind == IDE_NONE) {
        return;   /* no device answers */
    }
    if ((s->status & (IDE_STAT_BSY | IDE_STAT_DRQ)) &&
        cmd != WIN_DEVICE_RESET) {
        return;
    }
    s->cur_cmd = cmd;
    s->lba48 = ide_cmd_is_lba48(cmd);
    s->dma_trim = s->dma_iobuf = false;
    s->error = 0;

    switch (cmd) {
    case WIN_IDENTIFY:
        if (!hd) {
            /* An ATAPI device answers with its signature and aborts. */
            ide_set_signature(s);
            ide_cmd_abort_irq(s);
            return;
        }
        ide_identify(s);
        s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
        ide_transfer_start(s, 0, 512, ide_transfer_stop);
        ide_set_irq(bus);
        return;

    case WIN_READ: case WIN_READ_ONCE: case WIN_READ_EXT:
    case WIN_MULTREAD: case WIN_MULTREAD_EXT: {
        bool mult = cmd == WIN_MULTREAD || cmd == WIN_MULTREAD_EXT;

        if (!hd || (mult && !s->mult_sectors)) {
            break;
        }
        n = ide_get_nsectors(s);
        sector = ide_check_range(s, n);
        if (sector >= 0) {
            ide_pio_read_start(s, sector, n, mult ? s->mult_sectors : 1);
        }
        return;
    }

    case WIN_WRITE: case WIN_WRITE_ONCE: case WIN_WRITE_EXT:
    case WIN_MULTWRITE: case WIN_MULTWRITE_EXT: {
        bool mult = cmd == WIN_MULTWRITE || cmd == WIN_MULTWRITE_EXT;

        if (!hd || (mult && !s->mult_sectors)) {
            break;
        }
        n = ide_get_nsectors(s);
        sector = ide_check_range(s, n);
        if (sector >= 0) {
            ide_pio_write_start(s, sector, n, mult ? s->mult_sectors : 1);
        }
        return;
    }

    case WIN_READDMA: case WIN_READDMA_ONCE: case WIN_READDMA_EXT:
    case WIN_WRITEDMA: case WIN_WRITEDMA_ONCE: case WIN_WRITEDMA_EXT:
        if (!hd) {
            break;
        }
        n = ide_get_nsectors(s);
        sector = ide_check_range(s, n);
        if (sector >= 0) {
            bool write = cmd == WIN_WRITEDMA || cmd == WIN_WRITEDMA_ONCE ||
                         cmd == WIN_WRITEDMA_EXT;
            ide_dma_start(s, sector * BDRV_SECTOR_SIZE_IDE,
                          (int64_t)n * BDRV_SECTOR_SIZE_IDE, write, false);
        }
        return;

    case WIN_DSM:
        /* TRIM only; the ranges come by DMA in 512-byte blocks. */
        if (!hd || s->feature != 0x01) {
            break;
        }
        s->lba48 = true;
        n = ide_get_nsectors(s);
        s->dma_trim = true;
        ide_dma_start(s, 0, (int64_t)n * BDRV_SECTOR_SIZE_IDE, true, false);
        return;

    case WIN_VERIFY: case WIN_VERIFY_ONCE: case WIN_VERIFY_EXT:
        if (!hd) {
            break;
        }
        n = ide_get_nsectors(s);
        sector = ide_check_range(s, n);
        if (sector >= 0) {
            ide_set_sector(s, sector + n - 1);
            ide_cmd_done(s);
        }
        return;

    case WIN_READ_NATIVE_MAX: case WIN_READ_NATIVE_MAX_EXT:
        if (!hd || s->nb_sectors == 0) {
            break;
        }
        s->select |= 0x40;  /* the result is an LBA */
        ide_set_sector(s, cmd == WIN_READ_NATIVE_MAX
                              ? MIN(s->nb_sectors, LBA28_MAX + 1) - 1
                              : s->nb_sectors - 1);
        ide_cmd_done(s);
        return;

    case WIN_SPECIFY:
        if (!hd || s->nsector == 0) {
            break;
        }
        s->cur_sectors = s->nsector;
        s->cur_heads = (s->select & 0x0f) + 1;
        ide_cmd_done(s);
        return;

    case WIN_SETMULT:
        if (!hd || s->nsector > IDE_MAX_MULT_SECTORS ||
            (s->nsector & (s->nsector - 1))) {
            break;
        }
        s->mult_sectors = s->nsector;
        ide_cmd_done(s);
        return;

    case WIN_FLUSH_CACHE: case WIN_FLUSH_CACHE_EXT: {
        IDERequest *r;

        if (!s->blk) {
            ide_cmd_done(s);
            return;
        }
        r = ide_req_new(s, 0, 0, ide_flush_done);
        s->status = IDE_STAT_DRDY | IDE_STAT_DSC | IDE_STAT_BSY;
        blk_aio_flush(s->blk, ide_aio_cb, r);
        return;
    }

    case WIN_SETFEATURES:
        if (!s->blk && s->feature != 0x03) {
            ide_cmd_done(s);    /* CD with no medium: nothing to set */
            return;
        }
        ide_set_features(s);
        return;

    case WIN_CHECKPOWERMODE1:
        s->nsector = 0xff;      /* active or idle */
        ide_cmd_done(s);
        return;

    case WIN_STANDBYNOW1: case WIN_IDLEIMMEDIATE: case WIN_STANDBY:
    case WIN_SETIDLE1: case WIN_SLEEPNOW1:
        ide_cmd_done(s);
        return;

    case WIN_SEEK:
        if (!hd) {
            break;
        }
        ide_cmd_done(s);
        return;

    case WIN_DIAGNOSE:
        ide_set_signature(s);
        s->status = hd ? IDE_STAT_DRDY | IDE_STAT_DSC : 0;
        s->error = 0x01;
        ide_set_irq(bus);
        return;

    case WIN_DEVICE_RESET:
        if (hd) {
            break;
        }
        ide_cancel(s);
        ide_set_signature(s);
        s->status = 0;
        s->error = 0x01;
        return;

    case WIN_PIDENTIFY:
        if (hd) {
            break;
        }
        ide_atapi_identify(s);
        s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
        ide_transfer_start(s, 0, 512, ide_transfer_stop);
        ide_set_irq(bus);
        return;

    case WIN_PACKETCMD:
        if (hd || (s->feature & 0x02)) {   /* no overlapped commands */
            break;
        }
        s->atapi_dma = s->feature & 1;
        s->byte_limit = s->lcyl | (s->hcyl << 8);
        s->nsector = ATAPI_INT_REASON_CD;
        s->status = IDE_STAT_DRDY | IDE_STAT_DSC;
        ide_transfer_start(s, 0, 12, ide_atapi_cmd);
        return;

    default:
        if (hd && cmd >= WIN_RECAL && cmd <= WIN_RECAL + 0x0f) {
            ide_cmd_done(s);
            return;
        }
        break;
    }
    ide_cmd_abort_irq(s);
}

/* ---- register access ---- */

uint32_t ide_ioport_read(IDEBus *bus, uint32_t addr)
{
    IDEState *s = ide_active(bus);
    bool hob = bus->cmd & IDE_CTRL_HOB;
    bool none = bus->ifs[0].kind == IDE_NONE && bus->ifs[1].kind == IDE_NONE;

    switch (addr & 7) {
    case 0:
        return 0xff;
    case 1:
        return none ? 0 : hob ? s->hob_feature : s->error;
    case 2:
        return none ? 0 : hob ? s->hob_nsector : s->nsector;
    case 3:
        return none ? 0 : hob ? s->hob_sector : s->sector;
    case 4:
        return none ? 0 : hob ? s->hob_lcyl : s->lcyl;
    case 5:
        return none ? 0 : hob ? s->hob_hcyl : s->hcyl;
    case 6:
        return none ? 0 : s->select;
    default:
        if (s->kind == IDE_NONE) {
            return 0;
        }
        ide_clear_irq(bus);
        return s->status;
    }
}

void ide_ioport_write(IDEBus *bus, uint32_t addr, uint32_t val)
{
    val &= 0xff;
    addr &= 7;
    if (addr == 0) {
        return;
    }
    /* A write to the command block clears HOB (ATA-6 7.9). */
    bus->cmd &= ~IDE_CTRL_HOB;
    if (addr == 7) {
        ide_clear_irq(bus);
        ide_exec_cmd(bus, val);
        return;
    }
    for (int i = 0; i < 2; i++) {
        IDEState *s = &bus->ifs[i];

        switch (addr) {
        case 1:
            s->hob_feature = s->feature;
            s->feature = val;
            break;
        case 2:
            s->hob_nsector = s->nsector;
            s->nsector = val;
            break;
        case 3:
            s->hob_sector = s->sector;
            s->sector = val;
            break;
        case 4:
            s->hob_lcyl = s->lcyl;
            s->lcyl = val;
            break;
        case 5:
            s->hob_hcyl = s->hcyl;
            s->hcyl = val;
            break;
        case 6:
            s->select = val | 0xa0;
            break;
        }
    }
    if (addr == 6) {
        bus->unit = (val >> 4) & 1;
    }
}

uint32_t ide_status_read(IDEBus *bus)
{
    IDEState *s = ide_active(bus);

    return s->kind == IDE_NONE ? 0 : s->status;
}

void ide_ctrl_write(IDEBus *bus, uint32_t val)
{
    bool was_reset = bus->cmd & IDE_CTRL_SRST;

    val &= 0xff;
    if (!was_reset && (val & IDE_CTRL_SRST)) {
        /* Reset asserted: everything stops, devices are busy. */
        for (int i = 0; i < 2; i++) {
            IDEState *s = &bus->ifs[i];

            ide_cancel(s);
            if (s->kind != IDE_NONE) {
                s->status = IDE_STAT_BSY | IDE_STAT_DSC;
                s->error = 0x01;
            }
        }
        if (bus->dma && bus->dma->ops->end) {
            bus->dma->ops->end(bus->dma, false);
        }
    } else if (was_reset && !(val & IDE_CTRL_SRST)) {
        /* Reset released: signatures; ATAPI devices do not set DRDY. */
        for (int i = 0; i < 2; i++) {
            IDEState *s = &bus->ifs[i];

            if (s->kind == IDE_NONE) {
                continue;
            }
            s->status = s->kind == IDE_CD ? 0 : IDE_STAT_DRDY | IDE_STAT_DSC;
            s->mult_sectors = IDE_MAX_MULT_SECTORS;
            s->cur_heads = s->heads;
            s->cur_sectors = s->sectors;
            ide_set_signature(s);
        }
        bus->unit = 0;
    }
    bus->cmd = val;
    if (val & IDE_CTRL_NIEN) {
        qemu_irq_lower(bus->irq);
    } else if (bus->irq_pending) {
        qemu_irq_raise(bus->irq);
    }
}

static void ide_data_advance(IDEState *s, uint32_t n)
{
    s->data_pos += n;
    if (s->data_pos >= s->data_end) {
        s->data_pos = s->data_end;
        s->end_transfer(s);
    }
}

uint32_t ide_data_read(IDEBus *bus, unsigned size)
{
    IDEState *s = ide_active(bus);
    uint32_t val = 0;
    uint32_t avail;

    if (!(s->status & IDE_STAT_DRQ) || s->kind == IDE_NONE ||
        s->end_transfer == ide_pio_write_block_done ||
        s->end_transfer == ide_atapi_cmd) {
        return 0;
    }
    avail = MIN(size, s->data_end - s->data_pos);
    for (uint32_t i = 0; i < avail; i++) {
        val |= (uint32_t)s->io_buffer[s->data_pos + i] << (8 * i);
    }
    ide_data_advance(s, size);
    return val;
}

void ide_data_write(IDEBus *bus, uint32_t val, unsigned size)
{
    IDEState *s = ide_active(bus);
    uint32_t avail;

    if (!(s->status & IDE_STAT_DRQ) || s->kind == IDE_NONE ||
        !(s->end_transfer == ide_pio_write_block_done ||
          s->end_transfer == ide_atapi_cmd)) {
        return;
    }
    avail = MIN(size, s->data_end - s->data_pos);
    for (uint32_t i = 0; i < avail; i++) {
        s->io_buffer[s->data_pos + i] = val >> (8 * i);
    }
    ide_data_advance(s, size);
}

/* ---- bus ---- */

void ide_bus_init_output_irq(IDEBus *bus, qemu_irq irq)
{
    bus->irq = irq;
}

void ide_bus_register_dma(IDEBus *bus, IDEDMA *dma)
{
    bus->dma = dma;
}

/* QEMU's guess for a disk without a partition-table hint. */
static void ide_guess_geometry(IDEState *s, uint32_t *cyls, uint32_t *heads,
                               uint32_t *secs)
{
    uint64_t c = s->nb_sectors / (16 * 63);

    *heads = 16;
    *secs = 63;
    *cyls = MAX(MIN(c, 16383), 2);
}

static int ide_drive_serial = 1;

bool ide_bus_attach(IDEBus *bus, int unit, IDEDriveKind kind,
                    BlockBackend *blk, IDEDevice *dev, Error **errp)
{
    IDEState *s = &bus->ifs[unit];
    int64_t len = blk ? blk_getlength(blk) : 0;

    if (len < 0) {
        error_setg(errp, "Could not get the size of the image");
        return false;
    }
    if (kind == IDE_HD && blk_is_read_only(blk)) {
        error_setg(errp, "Block node is read-only");
        return false;
    }
    s->kind = kind;
    s->blk = blk;
    s->nb_sectors = len / BDRV_SECTOR_SIZE_IDE;
    if (dev && dev->cyls && dev->heads && dev->secs) {
        s->cylinders = dev->cyls;
        s->heads = dev->heads;
        s->sectors = dev->secs;
    } else {
        ide_guess_geometry(s, &s->cylinders, &s->heads, &s->sectors);
    }
    if (dev && dev->serial) {
        g_strlcpy(s->serial, dev->serial, sizeof(s->serial));
    } else {
        g_snprintf(s->serial, sizeof(s->serial), "QM%05d", s->drive_serial);
    }
    g_strlcpy(s->model,
              dev && dev->model ? dev->model
              : kind == IDE_CD ? "QEMU DVD-ROM" : "QEMU HARDDISK",
              sizeof(s->model));
    /* QEMU's hardware version string for current machine types. */
    g_strlcpy(s->version, dev && dev->version ? dev->version : "2.5+",
              sizeof(s->version));
    ide_reset(s);
    return true;
}

void ide_bus_init(IDEBus *bus, size_t size, DeviceState *parent, int bus_id)
{
    qbus_init(bus, size, TYPE_IDE_BUS, parent, NULL);
    bus->bus_id = bus_id;
    for (int i = 0; i < 2; i++) {
        IDEState *s = &bus->ifs[i];

        s->bus = bus;
        s->unit = i;
        s->drive_serial = ide_drive_serial++;
        s->kind = IDE_NONE;
        s->io_buffer = g_malloc0(IDE_IO_BUFFER_SIZE);
        s->end_transfer = ide_transfer_noop;
        s->heads = s->cur_heads = 16;
        s->sectors = s->cur_sectors = 63;
        ide_reset(s);
    }
}
