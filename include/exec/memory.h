/*
 * The memory API.
 *
 * Guest-visible memory and I/O space are trees of MemoryRegions: RAM, ROM,
 * MMIO (read/write callbacks), aliases (a window onto part of another
 * region) and containers (regions holding subregions at offsets, with
 * priorities deciding overlaps: higher wins; equal priorities must not
 * overlap unless added with _overlap).  An AddressSpace has a root region;
 * every change is folded into a FlatView -- a sorted list of non-overlapping
 * ranges, each pointing at the terminal region that owns it -- which is what
 * accesses and accelerators use.  MemoryListeners see the ranges added and
 * removed each time the view is rebuilt (KVM memory slots follow them).
 *
 * Device callbacks never see an access larger or smaller than they declare:
 * ops->valid says what the guest may do (others are refused: reads return
 * all-ones, writes are dropped), ops->impl what the callback implements; the
 * core splits or widens accesses between the two.
 *
 * Threading: regions, views and dispatch are used with the BQL held.
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include "qemu/osdep.h"
#include "qom/object.h"

#define TYPE_MEMORY_REGION "memory-region"

typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;
typedef struct MemoryListener MemoryListener;

typedef struct MemTxAttrs {
    unsigned int unspecified : 1;
    unsigned int secure : 1;
    unsigned int user : 1;
    unsigned int requester_id : 16;
} MemTxAttrs;
#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs){.unspecified = 1})

typedef uint32_t MemTxResult;
#define MEMTX_OK 0
#define MEMTX_ERROR (1U << 0)        /* device returned an error */
#define MEMTX_DECODE_ERROR (1U << 1) /* nothing at that address */

typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
    struct {
        /* 0 means 1 (min) and 4 (max), as in QEMU */
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        /* Refuse an access (e.g. a register that is not there). */
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs);
    } valid;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
} MemoryRegionOps;

struct MemoryRegion {
    Object parent_obj;
    /* private: owned by memory.c */
    bool ram;
    bool readonly;        /* ROM: writes are ignored */
    bool rom_device;      /* reads from RAM, writes to ops */
    bool enabled;
    bool terminates;      /* RAM, ROM or MMIO (not container/alias) */
    bool subregions_may_overlap;
    int priority;
    hwaddr addr;          /* offset in container */
    uint64_t size;        /* UINT64_MAX means 2^64 */
    MemoryRegion *container;
    MemoryRegion *alias;
    hwaddr alias_offset;
    const MemoryRegionOps *ops;
    void *opaque;
    uint8_t *ram_ptr;     /* host memory for RAM/ROM */
    size_t ram_alloc_size;
    GList *subregions;    /* sorted: higher priority first */
    Object *owner;
    char *name;
    unsigned ioeventfd_count;
};

/* MMIO/IO region; owner may be NULL (the region then has no parent).  */
void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size);
void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);
/* Anonymous host memory, zeroed; fails cleanly if mmap fails.  */
bool memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);
bool memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);
void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr);
void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);
void memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp);

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion);
void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority);
void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_size(MemoryRegion *mr, uint64_t size);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
/* For rom_device: true = reads go to RAM (ROMD mode), false = to ops. */
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode);

uint64_t memory_region_size(MemoryRegion *mr);
bool memory_region_is_ram(MemoryRegion *mr);
bool memory_region_is_rom(MemoryRegion *mr);
const char *memory_region_name(const MemoryRegion *mr);
void *memory_region_get_ram_ptr(MemoryRegion *mr);
Object *memory_region_owner(MemoryRegion *mr);

/* Batch changes: the view is rebuilt once, at the outermost commit. */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/* One access to one region, split/widened per ops; addr relative to mr. */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t val, unsigned size,
                                         MemTxAttrs attrs);

/* A piece of a FlatView as listeners and translators see it.  */
typedef struct MemoryRegionSection {
    MemoryRegion *mr;
    FlatView *fv;
    hwaddr offset_within_region;
    uint64_t size;                   /* 0 with mr==NULL: nothing there */
    hwaddr offset_within_address_space;
    bool readonly;
} MemoryRegionSection;

struct MemoryListener {
    void (*begin)(MemoryListener *listener);
    void (*commit)(MemoryListener *listener);
    void (*region_add)(MemoryListener *listener,
                       MemoryRegionSection *section);
    void (*region_del)(MemoryListener *listener,
                       MemoryRegionSection *section);
    /* Same range, same region, new attributes (e.g. readonly toggled). */
    void (*region_nop)(MemoryListener *listener,
                       MemoryRegionSection *section);
    int priority;                    /* add: ascending; del: descending */
    const char *name;
    /* private */
    AddressSpace *address_space;
};
/* Registering replays region_add for every current range.  */
void memory_listener_register(MemoryListener *listener, AddressSpace *as);
void memory_listener_unregister(MemoryListener *listener);

struct AddressSpace {
    MemoryRegion *root;
    char *name;
    FlatView *current_map;
    GList *listeners;
};

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
void address_space_destroy(AddressSpace *as);

MemoryRegion *get_system_memory(void);
MemoryRegion *get_system_io(void);
extern AddressSpace address_space_memory;
extern AddressSpace address_space_io;

/*
 * Section at addr: the terminal region covering addr and how much of it
 * follows (clipped to the range).  mr is NULL where nothing is mapped.
 */
MemoryRegionSection address_space_find_section(AddressSpace *as,
                                               hwaddr addr);
/* Iterate every range of the current view (for "info mtree -f", tests). */
void address_space_foreach_section(AddressSpace *as,
                                   void (*fn)(MemoryRegionSection *s,
                                              void *opaque),
                                   void *opaque);

/*
 * Byte-granular accesses for devices (DMA), loaders and debuggers.  The
 * range may span regions; RAM is copied, MMIO split into naturally aligned
 * accesses.  Unmapped parts read as all-ones and set MEMTX_DECODE_ERROR.
 * len overflowing the address space is refused without any access.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr,
                             MemTxAttrs attrs, void *buf, hwaddr len,
                             bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len);
/* Writes even to ROM (loaders). */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len);
/* Little-endian loads and stores of 1/2/4/8 bytes. */
uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result);
uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);

/*
 * Direct access to guest RAM for DMA: returns a host pointer to up to *plen
 * bytes at addr (shortened to what is contiguous RAM), or NULL if addr is
 * not RAM (callers then fall back to address_space_rw).  Unmap with the
 * length actually accessed so written pages are marked dirty.
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs);
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len);

/*
 * Hook called after any write to RAM that did not come from translated
 * code (DMA, loaders, KVM-less device writes), so TCG can invalidate
 * translated code in that range.  NULL when no TCG.
 */
extern void (*memory_notify_ram_write)(MemoryRegion *mr, hwaddr offset,
                                       hwaddr len);

/* "info mtree" text. */
void mtree_info(GString *out, bool flatview);

#endif
