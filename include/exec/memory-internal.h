/*
 * Memory API internals shared by system/memory.c, system/physmem.c and the
 * accelerators' fast paths.  Device code must not include this.
 */
#ifndef EXEC_MEMORY_INTERNAL_H
#define EXEC_MEMORY_INTERNAL_H

#include "exec/memory.h"

/* One range of a flat view: [addr, addr + size) shows mr from offset. */
typedef struct FlatRange {
    hwaddr addr;
    uint64_t size;
    MemoryRegion *mr;
    hwaddr offset_in_region;
    bool readonly;
} FlatRange;

struct FlatView {
    unsigned ref;
    unsigned nr;
    unsigned nr_allocated;
    FlatRange *ranges;       /* sorted by addr, non-overlapping */
};

extern const MemoryRegionOps unassigned_io_ops;
extern const MemoryRegionOps unassigned_mem_ops;

FlatView *address_space_get_flatview(AddressSpace *as);
/* The range containing addr, or NULL (binary search). */
const FlatRange *flatview_lookup(FlatView *fv, hwaddr addr);
void address_space_update_topology(AddressSpace *as);
void flatview_unref_internal(FlatView *fv);

#endif
