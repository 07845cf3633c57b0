/*
 * fw_cfg over I/O ports, with the DMA interface.  Every guest-supplied
 * value (selector, DMA descriptor address, length) is bounds-checked: a
 * bad descriptor sets the error bit and touches nothing else.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/qdev-properties.h"
#include "hw/boards.h"

#define FW_CFG_VERSION 0x01
#define FW_CFG_VERSION_DMA 0x02
#define FW_CFG_DMA_SIGNATURE 0x51454d5520434647ULL  /* "QEMU CFG" */

#define FW_CFG_DMA_CTL_ERROR 0x01
#define FW_CFG_DMA_CTL_READ 0x02
#define FW_CFG_DMA_CTL_SKIP 0x04
#define FW_CFG_DMA_CTL_SELECT 0x08
#define FW_CFG_DMA_CTL_WRITE 0x10

#define FW_CFG_MAX_ENTRY 0x10000

typedef struct FWCfgEntry {
    uint8_t *data;
    uint32_t len;
} FWCfgEntry;

typedef struct FWCfgFile {
    uint32_t size;      /* big-endian */
    uint16_t select;    /* big-endian */
    uint16_t reserved;
    char name[FW_CFG_MAX_FILE_PATH];
} QEMU_PACKED FWCfgFile;

struct FWCfgState {
    SysBusDevice parent_obj;
    MemoryRegion ctl_io;
    MemoryRegion dma_io;
    uint16_t iobase;
    GHashTable *entries;            /* key -> FWCfgEntry * */
    FWCfgFile files[FW_CFG_FILE_SLOTS];
    unsigned nr_files;
    uint16_t cur_entry;
    uint32_t cur_offset;
    uint64_t dma_addr;
};

static FWCfgEntry *entry_get(FWCfgState *s, uint16_t key)
{
    return g_hash_table_lookup(s->entries, GUINT_TO_POINTER(key));
}

static void entry_free(gpointer p)
{
    FWCfgEntry *e = p;

    g_free(e->data);
    g_free(e);
}

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data,
                      size_t len)
{
    FWCfgEntry *e = g_new0(FWCfgEntry, 1);

    assert(len <= UINT32_MAX);
    e->data = g_memdup2(data, len);
    e->len = len;
    g_hash_table_replace(s->entries, GUINT_TO_POINTER(key), e);
}

void fw_cfg_add_string(FWCfgState *s, uint16_t key, const char *value)
{
    fw_cfg_add_bytes(s, key, value, strlen(value) + 1);
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint16_t v = GUINT16_TO_LE(value);
    fw_cfg_add_bytes(s, key, &v, sizeof(v));
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint32_t v = GUINT32_TO_LE(value);
    fw_cfg_add_bytes(s, key, &v, sizeof(v));
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint64_t v = GUINT64_TO_LE(value);
    fw_cfg_add_bytes(s, key, &v, sizeof(v));
}

/* The directory is kept sorted by name, as QEMU does. */
static void update_file_dir(FWCfgState *s)
{
    size_t len = 4 + s->nr_files * sizeof(FWCfgFile);
    g_autofree uint8_t *dir = g_malloc0(len);
    uint32_t count = GUINT32_TO_BE(s->nr_files);

    memcpy(dir, &count, 4);
    memcpy(dir + 4, s->files, s->nr_files * sizeof(FWCfgFile));
    fw_cfg_add_bytes(s, FW_CFG_FILE_DIR, dir, len);
}

bool fw_cfg_add_file(FWCfgState *s, const char *filename, const void *data,
                     size_t len)
{
    unsigned i;
    uint16_t key;

    if (strlen(filename) >= FW_CFG_MAX_FILE_PATH || len > UINT32_MAX) {
        return false;
    }
    for (i = 0; i < s->nr_files; i++) {
        if (!strcmp(s->files[i].name, filename)) {
            s->files[i].size = GUINT32_TO_BE(len);
            fw_cfg_add_bytes(s, GUINT16_FROM_BE(s->files[i].select), data,
                             len);
            update_file_dir(s);
            return true;
        }
    }
    if (s->nr_files == FW_CFG_FILE_SLOTS) {
        return false;
    }
    key = FW_CFG_FILE_FIRST + s->nr_files;
    for (i = s->nr_files; i > 0 && strcmp(s->files[i - 1].name, filename) > 0;
         i--) {
        s->files[i] = s->files[i - 1];
    }
    memset(&s->files[i], 0, sizeof(s->files[i]));
    s->files[i].size = GUINT32_TO_BE(len);
    s->files[i].select = GUINT16_TO_BE(key);
    g_strlcpy(s->files[i].name, filename, sizeof(s->files[i].name));
    s->nr_files++;
    fw_cfg_add_bytes(s, key, data, len);
    update_file_dir(s);
    return true;
}

static void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    s->cur_entry = key;
    s->cur_offset = 0;
}

static uint8_t fw_cfg_read_byte(FWCfgState *s)
{
    FWCfgEntry *e = entry_get(s, s->cur_entry);

    if (!e || s->cur_offset >= e->len) {
        return 0;
    }
    return e->data[s->cur_offset++];
}

static uint64_t fw_cfg_ctl_read(void *opaque, hwaddr addr, unsigned size)
{
    FWCfgState *s = opaque;
    uint64_t v = 0;

    if (addr == 0) {
        return 0;                   /* the selector is write-only */
    }
    /* Data port: consecutive bytes, first byte in the low bits. */
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)fw_cfg_read_byte(s) << (8 * i);
    }
    return v;
}

static void fw_cfg_ctl_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    FWCfgState *s = opaque;

    if (addr == 0 && size == 2) {
        fw_cfg_select(s, val);
    }
    /* Writes to the data port are ignored (deprecated in QEMU too). */
}

static const MemoryRegionOps fw_cfg_ctl_ops = {
    .read = fw_cfg_ctl_read,
    .write = fw_cfg_ctl_write,
    .valid = { .min_access_size = 1, .max_access_size = 2,
               .accepts = NULL },
    .impl = { .min_access_size = 1, .max_access_size = 2 },
};

typedef struct FWCfgDmaAccess {
    uint32_t control;
    uint32_t length;
    uint64_t address;
} QEMU_PACKED FWCfgDmaAccess;

static void fw_cfg_dma_transfer(FWCfgState *s)
{
    AddressSpace *as = &address_space_memory;
    FWCfgDmaAccess d;
    uint32_t control, length, result = 0;
    uint64_t address;
    uint64_t desc = s->dma_addr;

    s->dma_addr = 0;
    if (address_space_read(as, desc, MEMTXATTRS_UNSPECIFIED, &d, sizeof(d))) {
        return;                     /* no valid descriptor: nothing to say */
    }
    control = GUINT32_FROM_BE(d.control);
    length = GUINT32_FROM_BE(d.length);
    address = GUINT64_FROM_BE(d.address);

    if (control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, control >> 16);
    }
    if (control & (FW_CFG_DMA_CTL_READ | FW_CFG_DMA_CTL_SKIP)) {
        FWCfgEntry *e = entry_get(s, s->cur_entry);
        uint32_t avail = e && s->cur_offset < e->len
                             ? e->len - s->cur_offset : 0;
        uint32_t n = MIN(avail, length);

        if (control & FW_CFG_DMA_CTL_READ) {
            /* Past the end of the item the guest gets zeroes. */
            if (n && address_space_write(as, address, MEMTXATTRS_UNSPECIFIED,
                                         e->data + s->cur_offset, n)) {
                result = FW_CFG_DMA_CTL_ERROR;
            }
            for (uint64_t off = n; !result && off < length;) {
                static const uint8_t zero[256];
                uint32_t chunk = MIN(length - off, sizeof(zero));
                if (address_space_write(as, address + off,
                                        MEMTXATTRS_UNSPECIFIED, zero,
                                        chunk)) {
                    result = FW_CFG_DMA_CTL_ERROR;
                }
                off += chunk;
            }
        }
        s->cur_offset += n;
    } else if (control & FW_CFG_DMA_CTL_WRITE) {
        result = FW_CFG_DMA_CTL_ERROR;  /* no writable items */
    }
    d.control = GUINT32_TO_BE(result);
    address_space_write(as, desc, MEMTXATTRS_UNSPECIFIED, &d.control, 4);
}

static uint64_t fw_cfg_dma_read(void *opaque, hwaddr addr, unsigned size)
{
    /* Reads return the signature, big-endian, so guests can probe DMA. */
    uint64_t sig = FW_CFG_DMA_SIGNATURE;
    unsigned shift = (8 - addr - size) * 8;

    if (addr + size > 8) {
        return 0;
    }
    return (sig >> shift) & (size == 8 ? UINT64_MAX
                                       : (UINT64_C(1) << (size * 8)) - 1);
}

static void fw_cfg_dma_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    FWCfgState *s = opaque;

    /* The register is big-endian: bytes at 0..3 are the high half. */
    if (size == 4 && addr == 0) {
        s->dma_addr = (uint64_t)GUINT32_FROM_BE(val) << 32;
    } else if (size == 4 && addr == 4) {
        s->dma_addr |= GUINT32_FROM_BE(val);
        fw_cfg_dma_transfer(s);
    } else if (size == 8 && addr == 0) {
        s->dma_addr = GUINT64_FROM_BE(val);
        fw_cfg_dma_transfer(s);
    }
}

static const MemoryRegionOps fw_cfg_dma_ops = {
    .read = fw_cfg_dma_read,
    .write = fw_cfg_dma_write,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void fw_cfg_reset(DeviceState *dev)
{
    FWCfgState *s = FW_CFG_IO(dev);

    fw_cfg_select(s, 0);
    s->dma_addr = 0;
}

static void fw_cfg_init(Object *obj)
{
    FWCfgState *s = FW_CFG_IO(obj);
    static const uint8_t sig[] = "QEMU";

    s->entries = g_hash_table_new_full(NULL, NULL, NULL, entry_free);
    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, sig, 4);
    fw_cfg_add_i32(s, FW_CFG_ID, FW_CFG_VERSION | FW_CFG_VERSION_DMA);
    update_file_dir(s);
}

static void fw_cfg_finalize(Object *obj)
{
    g_hash_table_destroy(FW_CFG_IO(obj)->entries);
}

static void fw_cfg_realize(DeviceState *dev, Error **errp)
{
    FWCfgState *s = FW_CFG_IO(dev);

    memory_region_init_io(&s->ctl_io, OBJECT(s), &fw_cfg_ctl_ops, s,
                          "fwcfg", 2);
    memory_region_init_io(&s->dma_io, OBJECT(s), &fw_cfg_dma_ops, s,
                          "fwcfg.dma", 8);
    memory_region_add_subregion(get_system_io(), s->iobase, &s->ctl_io);
    memory_region_add_subregion(get_system_io(), s->iobase + 4, &s->dma_io);
}

static Property fw_cfg_properties[] = {
    DEFINE_PROP_UINT16("iobase", FWCfgState, iobase, FW_CFG_IO_BASE),
    DEFINE_PROP_END_OF_LIST(),
};

static void fw_cfg_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = fw_cfg_realize;
    dc->reset = fw_cfg_reset;
    dc->user_creatable = false;
    device_class_set_props(dc, fw_cfg_properties);
}

static const TypeInfo fw_cfg_info = {
    .name = TYPE_FW_CFG_IO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(FWCfgState),
    .instance_init = fw_cfg_init,
    .instance_finalize = fw_cfg_finalize,
    .class_init = fw_cfg_class_init,
};

static void fw_cfg_register_types(void)
{
    type_register_static(&fw_cfg_info);
}
type_init(fw_cfg_register_types)

FWCfgState *fw_cfg_find(void)
{
    return FW_CFG_IO(object_resolve_path_type("", TYPE_FW_CFG_IO, NULL));
}

FWCfgState *fw_cfg_init_io(uint16_t iobase)
{
    DeviceState *dev = qdev_new(TYPE_FW_CFG_IO);

    qdev_prop_set_uint16(dev, "iobase", iobase);
    object_property_add_child(OBJECT(qdev_get_machine()), TYPE_FW_CFG_IO,
                              OBJECT(dev));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    return FW_CFG_IO(dev);
}
