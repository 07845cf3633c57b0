/*
 * Accesses through an address space: what DMA, loaders, debuggers and
 * accelerator exits use.  An access may cross regions; each piece goes to
 * RAM (memcpy) or to a device (naturally aligned calls within what the
 * region's ops accept).
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "exec/memory-internal.h"

static unsigned pow2floor(unsigned v)
{
    return 1u << (31 - __builtin_clz(v));
}

/* Largest access the region takes at addr that fits in len. */
static unsigned mmio_access_size(MemoryRegion *mr, hwaddr addr, hwaddr len)
{
    unsigned max = mr->ops->valid.max_access_size;

    if (max == 0) {
        max = 4;
    }
    if (!mr->ops->valid.unaligned) {
        unsigned align = addr & -addr;
        if (align && align < max) {
            max = align;
        }
    }
    if (len < max) {
        max = len;
    }
    return pow2floor(max);
}

static MemTxResult access_internal(AddressSpace *as, hwaddr addr,
                                   MemTxAttrs attrs, uint8_t *buf,
                                   hwaddr len, bool is_write, bool force_rom)
{
    FlatView *fv = address_space_get_flatview(as);
    MemTxResult result = MEMTX_OK;

    if (len && addr + (len - 1) < addr) {
        return MEMTX_DECODE_ERROR;      /* wraps around the address space */
    }
    fv->ref++;
    while (len > 0) {
        const FlatRange *fr = flatview_lookup(fv, addr);
        hwaddr l, off;

        if (!fr) {
            /* Unmapped: find where the next range starts. */
            l = len;
            for (unsigned i = 0; i < fv->nr; i++) {
                if (fv->ranges[i].addr > addr) {
                    l = MIN(len, fv->ranges[i].addr - addr);
                    break;
                }
            }
            if (!is_write) {
                memset(buf, 0xff, l);
            }
            result |= MEMTX_DECODE_ERROR;
            goto next;
        }
        off = addr - fr->addr + fr->offset_in_region;
        l = MIN(len, fr->size - (addr - fr->addr));
        if (fr->mr->ram) {
            uint8_t *host = fr->mr->ram_ptr + off;
            if (!is_write) {
                memcpy(buf, host, l);
            } else if (!fr->readonly || force_rom) {
                memcpy(host, buf, l);
                if (memory_notify_ram_write) {
                    memory_notify_ram_write(fr->mr, off, l);
                }
            } else if (fr->mr->rom_device) {
                /* Writes to a ROM device in ROMD mode go to its ops. */
                goto mmio;
            }
            goto next;
        }
    mmio:
        l = mmio_access_size(fr->mr, addr, l);
        if (is_write) {
            uint64_t val = 0;
            memcpy(&val, buf, l);               /* little-endian host */
            result |= memory_region_dispatch_write(fr->mr, off, val, l,
                                                   attrs);
        } else {
            uint64_t val;
            result |= memory_region_dispatch_read(fr->mr, off, &val, l,
                                                  attrs);
            memcpy(buf, &val, l);
        }
    next:
        len -= l;
        addr += l;
        buf += l;
    }
    flatview_unref_internal(fv);
    return result;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr,
                             MemTxAttrs attrs, void *buf, hwaddr len,
                             bool is_write)
{
    return access_internal(as, addr, attrs, buf, len, is_write, false);
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len)
{
    return access_internal(as, addr, attrs, buf, len, false, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len)
{
    return access_internal(as, addr, attrs, (void *)buf, len, true, false);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len)
{
    return access_internal(as, addr, attrs, (void *)buf, len, true, true);
}

static uint64_t load(AddressSpace *as, hwaddr addr, unsigned size,
                     MemTxAttrs attrs, MemTxResult *result)
{
    uint64_t val = 0;
    MemTxResult r = access_internal(as, addr, attrs, (uint8_t *)&val, size,
                                    false, false);
    if (result) {
        *result = r;
    }
    return val;
}

static void store(AddressSpace *as, hwaddr addr, uint64_t val, unsigned size,
                  MemTxAttrs attrs, MemTxResult *result)
{
    MemTxResult r = access_internal(as, addr, attrs, (uint8_t *)&val, size,
                                    true, false);
    if (result) {
        *result = r;
    }
}

uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result)
{
    return load(as, addr, 1, attrs, result);
}

uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result)
{
    return load(as, addr, 2, attrs, result);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return load(as, addr, 4, attrs, result);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return load(as, addr, 8, attrs, result);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result)
{
    store(as, addr, val, 1, attrs, result);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    store(as, addr, val, 2, attrs, result);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    store(as, addr, val, 4, attrs, result);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    store(as, addr, val, 8, attrs, result);
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs)
{
    FlatView *fv = address_space_get_flatview(as);
    const FlatRange *fr = flatview_lookup(fv, addr);
    hwaddr avail;

    if (!fr || !fr->mr->ram || (is_write && fr->readonly) || *plen == 0) {
        *plen = 0;
        return NULL;
    }
    avail = fr->size - (addr - fr->addr);
    *plen = MIN(*plen, avail);
    return fr->mr->ram_ptr + (addr - fr->addr + fr->offset_in_region);
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len)
{
    FlatView *fv;

    if (!is_write || !access_len || !memory_notify_ram_write) {
        return;
    }
    /* Find the region again to tell TCG which guest RAM changed. */
    fv = address_space_get_flatview(as);
    for (unsigned i = 0; i < fv->nr; i++) {
        FlatRange *fr = &fv->ranges[i];
        uint8_t *start;
        if (!fr->mr->ram) {
            continue;
        }
        start = fr->mr->ram_ptr + fr->offset_in_region;
        if ((uint8_t *)buffer >= start &&
            (uint8_t *)buffer < start + fr->size) {
            memory_notify_ram_write(fr->mr,
                                    (uint8_t *)buffer - fr->mr->ram_ptr,
                                    access_len);
            return;
        }
    }
}
