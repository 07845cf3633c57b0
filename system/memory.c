/*
 * The memory API: region trees, their flattened views and listeners.
 *
 * A FlatView is rebuilt from scratch whenever a region tree changes (at the
 * end of the outermost transaction).  That is simple and fast enough: trees
 * have tens of regions and change rarely (PCI BAR moves, PAM toggles).
 * Listeners are told the difference between the old and the new view.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "exec/memory.h"
#include "exec/memory-internal.h"

#include <sys/mman.h>

typedef unsigned __int128 u128;

AddressSpace address_space_memory;
AddressSpace address_space_io;
void (*memory_notify_ram_write)(MemoryRegion *mr, hwaddr offset, hwaddr len);

static MemoryRegion *system_memory;
static MemoryRegion *system_io;
static GList *address_spaces;
static unsigned transaction_depth;
static bool update_pending;

/* UINT64_MAX stands for 2^64, as in QEMU. */
static u128 mr_size(const MemoryRegion *mr)
{
    return mr->size == UINT64_MAX ? (u128)1 << 64 : mr->size;
}

static void memory_map_init(void)
{
    if (system_memory) {
        return;
    }
    system_memory = g_new0(MemoryRegion, 1);
    memory_region_init(system_memory, NULL, "system", UINT64_MAX);
    address_space_init(&address_space_memory, system_memory, "memory");
    system_io = g_new0(MemoryRegion, 1);
    memory_region_init_io(system_io, NULL, &unassigned_io_ops, NULL, "io",
                          65536);
    address_space_init(&address_space_io, system_io, "I/O");
}

MemoryRegion *get_system_memory(void)
{
    memory_map_init();
    return system_memory;
}

MemoryRegion *get_system_io(void)
{
    memory_map_init();
    return system_io;
}

/* ---- Regions ---------------------------------------------------------- */

static void memory_region_initfn(Object *obj)
{
    MemoryRegion *mr = container_of(obj, MemoryRegion, parent_obj);

    mr->enabled = true;
}

static void memory_region_finalize(Object *obj)
{
    MemoryRegion *mr = container_of(obj, MemoryRegion, parent_obj);

    assert(!mr->container);
    while (mr->subregions) {
        memory_region_del_subregion(mr, mr->subregions->data);
    }
    if (mr->ram_alloc_size) {
        munmap(mr->ram_ptr, mr->ram_alloc_size);
    }
    g_free(mr->name);
}

static const TypeInfo memory_region_info = {
    .name = TYPE_MEMORY_REGION,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(MemoryRegion),
    .instance_init = memory_region_initfn,
    .instance_finalize = memory_region_finalize,
};

static void memory_register_types(void)
{
    type_register_static(&memory_region_info);
}
type_init(memory_register_types)

void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size)
{
    object_initialize(mr, sizeof(*mr), TYPE_MEMORY_REGION);
    mr->size = size;
    mr->name = g_strdup(name ? name : "anonymous");
    mr->owner = owner;
    if (owner) {
        /*
         * Visible in the owner's composition tree as "NAME[N]", as QEMU
         * names them, so a region never shadows a device of the same name
         * in partial path lookups.
         */
        g_autofree char *prop = g_strdup_printf("%s[*]", mr->name);
        object_property_add_child(owner, prop, OBJECT(mr));
        object_unref(OBJECT(mr));
    }
}

void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->ops = ops ? ops : &unassigned_mem_ops;
    mr->opaque = opaque;
    mr->terminates = true;
}

static bool ram_alloc(MemoryRegion *mr, uint64_t size, Error **errp)
{
    size_t len = QEMU_ALIGN_UP(size ? size : 1, 4096);
    void *p;

    if (size > (uint64_t)SIZE_MAX - 4096) {
        error_setg(errp, "cannot set up guest memory '%s': too large",
                   mr->name);
        return false;
    }
    p = mmap(NULL, len, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot set up guest memory '%s'",
                         mr->name);
        return false;
    }
    mr->ram_ptr = p;
    mr->ram_alloc_size = len;
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    memory_region_init(mr, owner, name, size);
    if (!ram_alloc(mr, size, errp)) {
        return false;
    }
    mr->ram = true;
    mr->terminates = true;
    return true;
}

bool memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, errp)) {
        return false;
    }
    mr->readonly = true;
    return true;
}

void memory_region_init_ram_ptr(MemoryRegion *mr, Object *owner,
                                const char *name, uint64_t size, void *ptr)
{
    memory_region_init(mr, owner, name, size);
    mr->ram = true;
    mr->terminates = true;
    mr->ram_ptr = ptr;
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    memory_region_init(mr, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

void memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size,
                                   Error **errp)
{
    memory_region_init(mr, owner, name, size);
    if (!ram_alloc(mr, size, errp)) {
        return;
    }
    mr->ops = ops;
    mr->opaque = opaque;
    mr->terminates = true;
    mr->rom_device = true;
    mr->ram = true;     /* ROMD mode: reads hit RAM */
}

/* ---- Changes ---------------------------------------------------------- */

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    assert(transaction_depth > 0);
    if (--transaction_depth == 0 && update_pending) {
        update_pending = false;
        for (GList *l = address_spaces; l; l = l->next) {
            address_space_update_topology(l->data);
        }
    }
}

static void memory_region_changed(void)
{
    update_pending = true;
    memory_region_transaction_begin();
    memory_region_transaction_commit();
}

static gint subregion_cmp(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *x = a, *y = b;

    /* Higher priority first; stable for equal priorities. */
    return (x->priority < y->priority) - (x->priority > y->priority);
}

static void add_subregion_common(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *sub)
{
    assert(!sub->container);
    sub->container = mr;
    sub->addr = offset;
    object_ref(OBJECT(sub));
    mr->subregions = g_list_insert_sorted(mr->subregions, sub, subregion_cmp);
    memory_region_changed();
}

void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion)
{
    subregion->subregions_may_overlap = false;
    subregion->priority = 0;
    add_subregion_common(mr, offset, subregion);
}

void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority)
{
    subregion->subregions_may_overlap = true;
    subregion->priority = priority;
    add_subregion_common(mr, offset, subregion);
}

void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion)
{
    assert(subregion->container == mr);
    subregion->container = NULL;
    mr->subregions = g_list_remove(mr->subregions, subregion);
    memory_region_changed();
    object_unref(OBJECT(subregion));
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        memory_region_changed();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    MemoryRegion *container = mr->container;

    if (addr == mr->addr) {
        return;
    }
    if (!container) {
        mr->addr = addr;
        return;
    }
    /* Re-insert so the sorted order and the view stay right. */
    memory_region_transaction_begin();
    object_ref(OBJECT(mr));
    memory_region_del_subregion(container, mr);
    add_subregion_common(container, addr, mr);
    object_unref(OBJECT(mr));
    memory_region_transaction_commit();
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    if (mr->size != size) {
        mr->size = size;
        memory_region_changed();
    }
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        memory_region_changed();
    }
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly != readonly) {
        mr->readonly = readonly;
        memory_region_changed();
    }
}

void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode)
{
    assert(mr->rom_device);
    if (mr->ram != romd_mode) {
        mr->ram = romd_mode;
        memory_region_changed();
    }
}

uint64_t memory_region_size(MemoryRegion *mr)
{
    return mr->size;
}

bool memory_region_is_ram(MemoryRegion *mr)
{
    return mr->ram;
}

bool memory_region_is_rom(MemoryRegion *mr)
{
    return mr->ram && mr->readonly;
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    while (mr->alias) {
        mr = mr->alias;
    }
    return mr->ram_ptr;
}

Object *memory_region_owner(MemoryRegion *mr)
{
    return mr->owner;
}

/* ---- Access dispatch to one region ------------------------------------ */

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

static bool access_valid(MemoryRegion *mr, hwaddr addr, unsigned size,
                         bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned min = ops->valid.min_access_size ? ops->valid.min_access_size
                                              : 1;
    unsigned max = ops->valid.max_access_size ? ops->valid.max_access_size
                                              : 4;

    if (size < min || size > max) {
        return false;
    }
    if (!ops->valid.unaligned && (addr & (size - 1))) {
        return false;
    }
    if (ops->valid.accepts &&
        !ops->valid.accepts(mr->opaque, addr, size, is_write, attrs)) {
        return false;
    }
    return true;
}

/*
 * Split or widen to what the callbacks implement: pieces of access_size at
 * addr, addr + access_size, ..., little-endian (x86 guests only).
 */
static unsigned impl_access_size(const MemoryRegionOps *ops, unsigned size)
{
    unsigned min = ops->impl.min_access_size ? ops->impl.min_access_size : 1;
    unsigned max = ops->impl.max_access_size ? ops->impl.max_access_size : 4;

    return MAX(MIN(size, max), min);
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, unsigned size,
                                        MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned access_size;
    uint64_t val = 0;

    if (!ops || !access_valid(mr, addr, size, false, attrs)) {
        *pval = size_mask(size);
        return MEMTX_DECODE_ERROR;
    }
    access_size = impl_access_size(ops, size);
    for (unsigned i = 0; i < size; i += access_size) {
        uint64_t piece = ops->read ? ops->read(mr->opaque, addr + i,
                                               access_size)
                                   : 0;
        val |= (piece & size_mask(access_size)) << (i * 8);
    }
    *pval = val & size_mask(size);
    return MEMTX_OK;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t val, unsigned size,
                                         MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned access_size;

    if (!ops || !access_valid(mr, addr, size, true, attrs)) {
        return MEMTX_DECODE_ERROR;
    }
    access_size = impl_access_size(ops, size);
    for (unsigned i = 0; i < size; i += access_size) {
        if (ops->write) {
            ops->write(mr->opaque, addr + i,
                       (val >> (i * 8)) & size_mask(access_size),
                       access_size);
        }
    }
    return MEMTX_OK;
}

/*
 * Regions with nothing behind them: the I/O space root (so unassigned ports
 * read as all-ones, as on real hardware) and MMIO regions without ops.
 */
static uint64_t unassigned_read(void *opaque, hwaddr addr, unsigned size)
{
    return UINT64_MAX;
}

static void unassigned_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
}

const MemoryRegionOps unassigned_io_ops = {
    .read = unassigned_read,
    .write = unassigned_write,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .valid.unaligned = true,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

const MemoryRegionOps unassigned_mem_ops = {
    .read = unassigned_read,
    .write = unassigned_write,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .valid.unaligned = true,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
};

/* ---- Flat views -------------------------------------------------------- */

static FlatView *flatview_new(void)
{
    FlatView *fv = g_new0(FlatView, 1);

    fv->ref = 1;
    return fv;
}

void flatview_unref_internal(FlatView *fv)
{
    if (fv && --fv->ref == 0) {
        for (unsigned i = 0; i < fv->nr; i++) {
            object_unref(OBJECT(fv->ranges[i].mr));
        }
        g_free(fv->ranges);
        g_free(fv);
    }
}

static void flatview_insert(FlatView *fv, unsigned pos, const FlatRange *fr)
{
    if (fv->nr == fv->nr_allocated) {
        fv->nr_allocated = MAX(16, fv->nr_allocated * 2);
        fv->ranges = g_renew(FlatRange, fv->ranges, fv->nr_allocated);
    }
    memmove(&fv->ranges[pos + 1], &fv->ranges[pos],
            (fv->nr - pos) * sizeof(FlatRange));
    fv->ranges[pos] = *fr;
    object_ref(OBJECT(fr->mr));
    fv->nr++;
}

/* Cover the holes of [start, end) left by higher-priority ranges. */
static void flatview_fill(FlatView *fv, MemoryRegion *mr, u128 region_start,
                          u128 start, u128 end, bool readonly)
{
    unsigned i = 0;

    while (start < end) {
        FlatRange fr;
        u128 hole_end = end;

        /* Skip ranges entirely below start. */
        while (i < fv->nr &&
               (u128)fv->ranges[i].addr + fv->ranges[i].size <= start) {
            i++;
        }
        if (i < fv->nr && fv->ranges[i].addr <= start) {
            /* start is covered: move past this range. */
            start = (u128)fv->ranges[i].addr + fv->ranges[i].size;
            i++;
            continue;
        }
        if (i < fv->nr && fv->ranges[i].addr < hole_end) {
            hole_end = fv->ranges[i].addr;
        }
        fr.addr = start;
        fr.size = hole_end - start;        /* < 2^64 unless the hole is all */
        if (hole_end - start == (u128)1 << 64) {
            fr.size = UINT64_MAX;          /* the last byte is never reached */
        }
        fr.mr = mr;
        fr.offset_in_region = start - region_start;
        fr.readonly = readonly;
        flatview_insert(fv, i, &fr);
        i++;
        start = hole_end;
    }
}

static void render_region(FlatView *fv, MemoryRegion *mr, u128 base,
                          u128 clip_start, u128 clip_end, bool readonly)
{
    u128 start, end;

    if (!mr->enabled) {
        return;
    }
    start = base + mr->addr;
    end = start + mr_size(mr);
    start = MAX(start, clip_start);
    end = MIN(end, clip_end);
    if (start >= end) {
        return;
    }
    readonly |= mr->readonly;
    if (mr->alias) {
        /* The alias window at base + addr shows orig from alias_offset. */
        u128 alias_base = base + mr->addr - mr->alias_offset - mr->alias->addr;
        render_region(fv, mr->alias, alias_base, start, end, readonly);
        return;
    }
    for (GList *l = mr->subregions; l; l = l->next) {
        render_region(fv, l->data, base + mr->addr, start, end, readonly);
    }
    if (mr->terminates) {
        flatview_fill(fv, mr, base + mr->addr, start, end, readonly);
    }
}

/* Merge neighbours that continue the same region, so KVM gets few slots. */
static void flatview_simplify(FlatView *fv)
{
    unsigned i = 0;

    while (i + 1 < fv->nr) {
        FlatRange *a = &fv->ranges[i], *b = &fv->ranges[i + 1];

        if (a->mr == b->mr && a->readonly == b->readonly &&
            (u128)a->addr + a->size == b->addr &&
            a->offset_in_region + a->size == b->offset_in_region &&
            a->size != UINT64_MAX && b->size != UINT64_MAX &&
            (u128)a->size + b->size < ((u128)1 << 64)) {
            a->size += b->size;
            object_unref(OBJECT(b->mr));
            memmove(b, b + 1, (fv->nr - i - 2) * sizeof(FlatRange));
            fv->nr--;
        } else {
            i++;
        }
    }
}

static FlatView *generate_flatview(MemoryRegion *root)
{
    FlatView *fv = flatview_new();

    render_region(fv, root, 0, 0, (u128)1 << 64, false);
    flatview_simplify(fv);
    return fv;
}

static MemoryRegionSection section_from_range(FlatView *fv,
                                              const FlatRange *fr)
{
    return (MemoryRegionSection){
        .mr = fr->mr,
        .fv = fv,
        .offset_within_region = fr->offset_in_region,
        .size = fr->size,
        .offset_within_address_space = fr->addr,
        .readonly = fr->readonly,
    };
}

static bool range_equal(const FlatRange *a, const FlatRange *b)
{
    return a->addr == b->addr && a->size == b->size && a->mr == b->mr &&
           a->offset_in_region == b->offset_in_region &&
           a->readonly == b->readonly;
}

static gint listener_cmp(gconstpointer a, gconstpointer b)
{
    const MemoryListener *x = a, *y = b;

    return (x->priority > y->priority) - (x->priority < y->priority);
}

/*
 * Tell listeners what changed: first every range that went away (in
 * reverse listener order), then every new one, so a listener never sees
 * two overlapping ranges at once.
 */
static void address_space_notify(AddressSpace *as, FlatView *old,
                                 FlatView *new)
{
    GList *l;

    for (l = as->listeners; l; l = l->next) {
        MemoryListener *ml = l->data;
        if (ml->begin) {
            ml->begin(ml);
        }
    }
    for (l = g_list_last(as->listeners); l; l = l->prev) {
        MemoryListener *ml = l->data;
        for (unsigned i = 0; old && i < old->nr; i++) {
            bool kept = false;
            for (unsigned j = 0; j < new->nr && !kept; j++) {
                kept = range_equal(&old->ranges[i], &new->ranges[j]);
            }
            if (!kept && ml->region_del) {
                MemoryRegionSection s = section_from_range(old,
                                                           &old->ranges[i]);
                ml->region_del(ml, &s);
            }
        }
    }
    for (l = as->listeners; l; l = l->next) {
        MemoryListener *ml = l->data;
        for (unsigned j = 0; j < new->nr; j++) {
            bool kept = false;
            for (unsigned i = 0; old && i < old->nr && !kept; i++) {
                kept = range_equal(&old->ranges[i], &new->ranges[j]);
            }
            MemoryRegionSection s = section_from_range(new, &new->ranges[j]);
            if (!kept && ml->region_add) {
                ml->region_add(ml, &s);
            } else if (kept && ml->region_nop) {
                ml->region_nop(ml, &s);
            }
        }
    }
    for (l = as->listeners; l; l = l->next) {
        MemoryListener *ml = l->data;
        if (ml->commit) {
            ml->commit(ml);
        }
    }
}

void address_space_update_topology(AddressSpace *as)
{
    FlatView *old = as->current_map;
    FlatView *new = generate_flatview(as->root);

    as->current_map = new;
    address_space_notify(as, old, new);
    flatview_unref_internal(old);
}

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    as->root = root;
    as->name = g_strdup(name ? name : "anonymous");
    as->listeners = NULL;
    as->current_map = generate_flatview(root);
    object_ref(OBJECT(root));
    address_spaces = g_list_append(address_spaces, as);
}

void address_space_destroy(AddressSpace *as)
{
    while (as->listeners) {
        memory_listener_unregister(as->listeners->data);
    }
    address_spaces = g_list_remove(address_spaces, as);
    flatview_unref_internal(as->current_map);
    as->current_map = NULL;
    object_unref(OBJECT(as->root));
    g_free(as->name);
}

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    FlatView *fv;

    if (as == &address_space_memory || as == &address_space_io) {
        memory_map_init();
    }
    fv = as->current_map;
    listener->address_space = as;
    as->listeners = g_list_insert_sorted(as->listeners, listener,
                                         listener_cmp);
    if (listener->begin) {
        listener->begin(listener);
    }
    for (unsigned i = 0; i < fv->nr; i++) {
        MemoryRegionSection s = section_from_range(fv, &fv->ranges[i]);
        if (listener->region_add) {
            listener->region_add(listener, &s);
        }
    }
    if (listener->commit) {
        listener->commit(listener);
    }
}

void memory_listener_unregister(MemoryListener *listener)
{
    AddressSpace *as = listener->address_space;

    if (!as) {
        return;
    }
    as->listeners = g_list_remove(as->listeners, listener);
    listener->address_space = NULL;
}

FlatView *address_space_get_flatview(AddressSpace *as)
{
    if (!as->current_map) {
        memory_map_init();
    }
    return as->current_map;
}

const FlatRange *flatview_lookup(FlatView *fv, hwaddr addr)
{
    unsigned lo = 0, hi = fv->nr;

    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const FlatRange *fr = &fv->ranges[mid];

        if (addr < fr->addr) {
            hi = mid;
        } else if (addr - fr->addr >= fr->size &&
                   !(fr->size == UINT64_MAX && fr->addr == 0)) {
            lo = mid + 1;
        } else {
            return fr;
        }
    }
    return NULL;
}

MemoryRegionSection address_space_find_section(AddressSpace *as,
                                               hwaddr addr)
{
    FlatView *fv = address_space_get_flatview(as);
    const FlatRange *fr = flatview_lookup(fv, addr);
    MemoryRegionSection s = { .fv = fv, .offset_within_address_space = addr };

    if (fr) {
        hwaddr delta = addr - fr->addr;
        s = section_from_range(fv, fr);
        s.offset_within_region += delta;
        s.offset_within_address_space = addr;
        s.size = fr->size - delta;
    }
    return s;
}

void address_space_foreach_section(AddressSpace *as,
                                   void (*fn)(MemoryRegionSection *s,
                                              void *opaque),
                                   void *opaque)
{
    FlatView *fv = address_space_get_flatview(as);

    fv->ref++;
    for (unsigned i = 0; i < fv->nr; i++) {
        MemoryRegionSection s = section_from_range(fv, &fv->ranges[i]);
        fn(&s, opaque);
    }
    flatview_unref_internal(fv);
}

/* ---- info mtree --------------------------------------------------------- */

static const char *region_kind(MemoryRegion *mr)
{
    if (mr->rom_device) {
        return "romd";
    }
    if (mr->ram) {
        return mr->readonly ? "rom" : "ram";
    }
    return "i/o";
}

static void mtree_print_mr(GString *out, MemoryRegion *mr, unsigned level,
                           u128 base)
{
    u128 start = base + mr->addr;
    u128 last = start + mr_size(mr) - (mr_size(mr) ? 1 : 0);

    g_string_append_printf(out, "%*s%016" PRIx64 "-%016" PRIx64
                           " (prio %d, %s): ", level * 2, "",
                           (uint64_t)start, (uint64_t)last, mr->priority,
                           mr->alias ? region_kind(mr->alias)
                                     : region_kind(mr));
    if (mr->alias) {
        g_string_append_printf(out, "alias %s @%s %016" PRIx64 "-%016" PRIx64,
                               mr->name, mr->alias->name,
                               (uint64_t)mr->alias_offset,
                               (uint64_t)(mr->alias_offset +
                                          mr_size(mr) - 1));
    } else {
        g_string_append(out, mr->name);
    }
    g_string_append(out, mr->enabled ? "\n" : " [disabled]\n");
    for (GList *l = mr->subregions; l; l = l->next) {
        mtree_print_mr(out, l->data, level + 1, start);
    }
}

void mtree_info(GString *out, bool flatview)
{
    memory_map_init();
    for (GList *l = address_spaces; l; l = l->next) {
        AddressSpace *as = l->data;

        g_string_append_printf(out, "%s: %s\n",
                               flatview ? "FlatView for" : "address-space",
                               as->name);
        if (!flatview) {
            mtree_print_mr(out, as->root, 1, 0);
        } else {
            FlatView *fv = as->current_map;
            for (unsigned i = 0; i < fv->nr; i++) {
                FlatRange *fr = &fv->ranges[i];
                g_string_append_printf(
                    out, "  %016" PRIx64 "-%016" PRIx64 " (prio %d, %s%s): "
                    "%s @%016" PRIx64 "\n",
                    fr->addr, fr->addr + fr->size - 1, fr->mr->priority,
                    region_kind(fr->mr), fr->readonly ? " ro" : "",
                    fr->mr->name, fr->offset_in_region);
            }
        }
        g_string_append_c(out, '\n');
    }
}
