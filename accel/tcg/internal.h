/*
 * accel/tcg private state shared by its files.
 *
 * Threading: every structure here (TB tables, page map, TLBs, jump
 * caches, the code buffer) is touched only by the thread that runs the
 * vCPUs (the single round-robin thread, or a unit test's thread).  RAM
 * writes from other threads (DMA, loaders) are queued and applied by that
 * thread before its next TB lookup (translate-all.c).
 */
#ifndef ACCEL_TCG_INTERNAL_H
#define ACCEL_TCG_INTERNAL_H

#include <setjmp.h>
#include "exec/exec-all.h"
#include "hw/core/tcg-cpu-ops.h"

#define CPU_TLB_BITS 10
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)
#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

/* cflags bit private to accel/tcg: TB not in the tables (code not RAM). */
#define CF_NOCACHE 0x00020000

/* The slow-path half of a TLB entry. */
typedef struct CPUTLBEntryFull {
    hwaddr phys;     /* guest physical address of the page */
    uintptr_t host;  /* host address of the page's first byte, 0 if I/O */
    int prot;
} CPUTLBEntryFull;

typedef struct CPUTLBDesc {
    vaddr large_page_addr; /* -1: no large page in this mmu_idx */
    vaddr large_page_mask;
    CPUTLBEntry *table;
    CPUTLBEntryFull *full;
} CPUTLBDesc;

typedef struct TCGCPUPriv {
    sigjmp_buf jmp_env;
    bool bql_on_entry;       /* cpu_exec entered with the BQL */
    uint32_t cflags_next_tb; /* -1: none */
    CPUTLBDesc desc[TCG_MAX_MMU_IDX];
    TranslationBlock *jc[TB_JMP_CACHE_SIZE];
} TCGCPUPriv;

extern const TCGCPUOps *tcg_cpu_ops;
extern intptr_t tcg_env_offset; /* (char *)env - (char *)cpu */
extern int tcg_page_bits;
extern unsigned tcg_tb_flush_count;
extern __thread bool tcg_in_tb;  /* executing generated code */

#define TCG_PAGE_SIZE ((vaddr)1 << tcg_page_bits)
#define TCG_PAGE_MASK (~(TCG_PAGE_SIZE - 1))

static inline CPUState *tcg_env_cpu(void *env)
{
    return (CPUState *)((char *)env - tcg_env_offset);
}

static inline TCGCPUPriv *tcg_priv(CPUState *cpu)
{
    return cpu->tlb_priv;
}

/*
 * Jump cache index: the high half comes from the page number only, the low
 * half from the offset in the page, so the TBs of one page sit in one run
 * of TB_JMP_PAGE_SIZE slots and flushing a page clears just that run.
 */
#define TB_JMP_PAGE_BITS (TB_JMP_CACHE_BITS / 2)
#define TB_JMP_PAGE_SIZE (1u << TB_JMP_PAGE_BITS)
#define TB_JMP_ADDR_MASK (TB_JMP_PAGE_SIZE - 1)
#define TB_JMP_PAGE_MASK ((TB_JMP_CACHE_SIZE - 1) & ~TB_JMP_ADDR_MASK)

static inline unsigned tb_jmp_cache_hash(vaddr pc)
{
    vaddr t = pc ^ (pc >> (tcg_page_bits - TB_JMP_PAGE_BITS));

    return ((t >> (tcg_page_bits - TB_JMP_PAGE_BITS)) & TB_JMP_PAGE_MASK) |
           (t & TB_JMP_ADDR_MASK);
}

/* cputlb.c */
void tlb_init(CPUState *cpu);
/* Host address of guest pc's byte for execution, or -1 (not RAM/ROM). */
hwaddr get_page_addr_code(CPUArchState *env, vaddr addr);
/* Non-faulting: -1 also when the page is not mapped. */
hwaddr get_page_addr_code_probe(CPUArchState *env, vaddr addr);
/* Host page hpage (aligned) now holds code: writes must go slow. */
void tlb_protect_code(uintptr_t hpage);

/* translate-all.c */
TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags);
TranslationBlock *tb_gen_code(CPUState *cpu, vaddr pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags);
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next);
/* Does any TB use the bytes of host range [start, start + len)? */
bool tb_host_range_has_code(uintptr_t start, size_t len);
/*
 * Invalidate the TBs overlapping host range [start, start + len).  If
 * retaddr is inside a TB that gets invalidated (a store modified the code
 * that is running), returns that TB; else NULL.
 */
TranslationBlock *tb_invalidate_host_range(uintptr_t start, size_t len,
                                           uintptr_t retaddr);
void tb_flush_now(void);
void tb_process_pending(void);
/* Flush TLBs whenever the memory map of address_space_memory changes. */
void tcg_register_memory_listener(void);
void tb_jmp_cache_clear_all(CPUState *cpu);
void tb_jmp_cache_clear_page(CPUState *cpu, vaddr addr);
extern volatile int tb_pending_work;
/* The thread that runs vCPUs; NULL until the accel starts one. */
extern QemuThread *tcg_rr_thread;

/* tcg-all.c: -accel tcg,tb-size=N in bytes (0: default) */
extern size_t tcg_tb_size;
void tcg_notify_ram_write(MemoryRegion *mr, hwaddr offset, hwaddr len);

/* cpu-exec.c */
uint32_t curr_cflags(CPUState *cpu);

#endif
