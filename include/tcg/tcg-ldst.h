/*
 * Softmmu contract between generated code and the accelerator.
 *
 * The CPU state reachable from env holds, at env + TCGContext.tlb_fast_ofs,
 * an array CPUTLBDescFast[TCG_MAX_MMU_IDX] (one per mmu_idx).  Each has
 *   mask  = (number_of_entries - 1) << CPU_TLB_ENTRY_BITS   (power of 2)
 *   table = pointer to number_of_entries CPUTLBEntry.
 * Generated code for a guest access of `size` bytes at `addr` does, inline:
 *   e = table + ((addr >> (page_bits - CPU_TLB_ENTRY_BITS)) & mask)
 *   if (((addr + size - 1) & page_mask) == e->addr_read (or addr_write))
 *       host access at (addr + e->addend)
 *   else
 *       ld_helpers[memop & MO_SSIZE](env, addr, oi, retaddr)    (miss)
 * page_mask = ~((1 << page_bits) - 1).  Any bit of TLB_FLAGS_MASK set in the
 * comparator therefore forces the slow path (MMIO, watchpoints, dirty
 * tracking, invalid entries).  An access crossing a page also misses.
 * addr_code is for the accel's own use (instruction fetch), never inlined.
 *
 * retaddr is a host return address inside the TB: pass it to
 * tcg_search_insn_data() to recover the guest insn_start data.  Globals
 * have been written back to env before every guest access, so restoring
 * that data is all that precise exceptions need.  A helper may longjmp out.
 *
 * Load helpers return the value zero-extended (unsigned MemOp) or
 * sign-extended (MO_SIGN) to 64 bits.  Store helpers get the value in the
 * low bits of val.
 */
#ifndef TCG_LDST_H
#define TCG_LDST_H

#include "tcg/memop.h"

typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;
} CPUTLBEntry;

#define CPU_TLB_ENTRY_BITS 5
QEMU_BUILD_BUG_ON(sizeof(CPUTLBEntry) != (1 << CPU_TLB_ENTRY_BITS));

typedef struct CPUTLBDescFast {
    uintptr_t mask;
    CPUTLBEntry *table;
} CPUTLBDescFast;

#define TCG_MAX_MMU_IDX 16

/* Flags in the low bits of addr_read/addr_write (below page_bits >= 10). */
#define TLB_INVALID_MASK  (1 << 9)
#define TLB_NOTDIRTY      (1 << 8)
#define TLB_MMIO          (1 << 7)
#define TLB_WATCHPOINT    (1 << 6)
#define TLB_DISCARD_WRITE (1 << 5)
#define TLB_FLAGS_MASK                                                         \
    (TLB_INVALID_MASK | TLB_NOTDIRTY | TLB_MMIO | TLB_WATCHPOINT |             \
     TLB_DISCARD_WRITE)

/* env is the accel's CPUArchState; opaque here.  */
typedef uint64_t (*TCGLoadHelper)(void *env, uint64_t addr, MemOpIdx oi,
                                  uintptr_t retaddr);
typedef void (*TCGStoreHelper)(void *env, uint64_t addr, uint64_t val,
                               MemOpIdx oi, uintptr_t retaddr);

#endif
