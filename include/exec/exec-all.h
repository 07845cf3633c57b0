/*
 * The TCG accelerator's services to a guest target (accel/tcg implements,
 * target/<arch>/tcg uses): translation blocks, the soft-MMU TLB, guest
 * memory access from helpers, and leaving the execution loop.
 *
 * Execution loop (accel/tcg/cpu-exec.c), per vCPU:
 *   take pending interrupts (TCGCPUOps.cpu_exec_interrupt) and exceptions
 *   (do_interrupt) -> look up the TB for (phys pc, cs_base, flags, cflags)
 *   in the jump cache / hash table, translate on a miss -> run it; chained
 *   TBs jump to each other directly (never across a guest page boundary).
 * A helper that raises a guest exception sets cs->exception_index and calls
 * cpu_loop_exit_restore(cs, GETPC()): guest state is restored to the
 * faulting instruction from the TB's insn_start data, then longjmp back.
 */
#ifndef EXEC_EXEC_ALL_H
#define EXEC_EXEC_ALL_H

#include "qemu/osdep.h"
#include "hw/core/cpu.h"
#include "tcg/tcg.h"

typedef uint64_t vaddr;
struct TCGCPUOps;

/* cflags of a TB */
#define CF_COUNT_MASK 0x000001ff    /* max guest insns, 0 = default */
#define CF_NO_GOTO_TB 0x00000200    /* don't chain (singlestep, logging) */
#define CF_NO_GOTO_PTR 0x00000400
#define CF_SINGLE_STEP 0x00000800
#define CF_PARALLEL 0x00010000      /* other vCPUs run concurrently */
#define CF_INVALID 0x80000000       /* TB was invalidated */

struct TranslationBlock {
    vaddr pc;                       /* guest virtual start (incl. cs_base) */
    uint64_t cs_base;
    uint32_t flags;                 /* target's mode flags (x86: hflags) */
    uint32_t cflags;
    uint16_t size;                  /* guest bytes translated */
    uint16_t icount;
    /*
     * The code's pages as "ram addresses" (QEMU's ram_addr_t role): the
     * host address of the first byte of each guest page the TB's bytes are
     * in; [1] = -1 when the TB is on one page.  Set by accel/tcg.
     */
    hwaddr page_addr[2];
    TCGTBCode tc;                   /* host code */
    /* Chaining: where slot n jumps (NULL: unchained), and the TBs that
     * jump into this one (list threaded through jmp_list_next). */
    struct TranslationBlock *jmp_dest[2];
    uintptr_t jmp_list_head;        /* incoming: (tb | n) */
    uintptr_t jmp_list_next[2];
    /* Hash chain and per-page lists, owned by accel/tcg. */
    struct TranslationBlock *hash_next;
    uintptr_t page_next[2];
} __attribute__((aligned(8)));

/* Access kinds for tlb_fill. */
typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Page protection bits for tlb_set_page. */
#define PAGE_READ 0x0001
#define PAGE_WRITE 0x0002
#define PAGE_EXEC 0x0004

/* ---- TLB (called by the target's tlb_fill and MMU-changing helpers) ---- */

/*
 * Map virtual page vaddr to physical paddr for mmu_idx with prot; size is
 * the guest page size (>= TARGET_PAGE_SIZE; large pages are remembered so
 * tlb_flush_page of any of their addresses drops them).
 */
void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                  int mmu_idx, uint64_t size);
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, vaddr addr);
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
/* The same on every vCPU (for IPI-less shootdowns in a single thread). */
void tlb_flush_all_cpus(CPUState *src);

/* ---- Leaving the execution loop (all noreturn: longjmp) --------------- */

G_NORETURN void cpu_loop_exit(CPUState *cpu);
/* Restore guest state for the insn at host return address retaddr. */
G_NORETURN void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
G_NORETURN void cpu_loop_exit_noexc(CPUState *cpu);
bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc);
/* The host return address inside generated code, from a helper. */
#define GETPC() ((uintptr_t)__builtin_return_address(0))

/*
 * Guest memory from helpers, through the TLB (filling it on a miss; a
 * fault raises the guest exception and does not return).  ra is GETPC()
 * of the helper, or 0 when not called from generated code.
 */
uint32_t cpu_ldub_mmuidx_ra(CPUArchState *env, vaddr addr, int mmu_idx,
                            uintptr_t ra);
uint32_t cpu_lduw_mmuidx_ra(CPUArchState *env, vaddr addr, int mmu_idx,
                            uintptr_t ra);
uint32_t cpu_ldl_mmuidx_ra(CPUArchState *env, vaddr addr, int mmu_idx,
                           uintptr_t ra);
uint64_t cpu_ldq_mmuidx_ra(CPUArchState *env, vaddr addr, int mmu_idx,
                           uintptr_t ra);
void cpu_stb_mmuidx_ra(CPUArchState *env, vaddr addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stw_mmuidx_ra(CPUArchState *env, vaddr addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stl_mmuidx_ra(CPUArchState *env, vaddr addr, uint32_t val,
                       int mmu_idx, uintptr_t ra);
void cpu_stq_mmuidx_ra(CPUArchState *env, vaddr addr, uint64_t val,
                       int mmu_idx, uintptr_t ra);
/* The same with the current data mmu_idx (TCGCPUOps.mmu_index). */
uint32_t cpu_ldub_data_ra(CPUArchState *env, vaddr addr, uintptr_t ra);
uint32_t cpu_lduw_data_ra(CPUArchState *env, vaddr addr, uintptr_t ra);
uint32_t cpu_ldl_data_ra(CPUArchState *env, vaddr addr, uintptr_t ra);
uint64_t cpu_ldq_data_ra(CPUArchState *env, vaddr addr, uintptr_t ra);
void cpu_stb_data_ra(CPUArchState *env, vaddr addr, uint32_t val,
                     uintptr_t ra);
void cpu_stw_data_ra(CPUArchState *env, vaddr addr, uint32_t val,
                     uintptr_t ra);
void cpu_stl_data_ra(CPUArchState *env, vaddr addr, uint32_t val,
                     uintptr_t ra);
void cpu_stq_data_ra(CPUArchState *env, vaddr addr, uint64_t val,
                     uintptr_t ra);
/* Instruction fetch for the translator (may fault like a load). */
uint32_t cpu_ldub_code(CPUArchState *env, vaddr addr);
uint32_t cpu_lduw_code(CPUArchState *env, vaddr addr);
uint32_t cpu_ldl_code(CPUArchState *env, vaddr addr);
uint64_t cpu_ldq_code(CPUArchState *env, vaddr addr);
/*
 * Probe: host pointer for [addr, addr+size) within one page if it is RAM
 * and accessible, NULL for MMIO; raises the guest fault (no return) if
 * it is not accessible.
 */
void *probe_access(CPUArchState *env, vaddr addr, int size,
                   MMUAccessType access_type, int mmu_idx, uintptr_t ra);

/*
 * Threading (round-robin TCG): generated code runs WITHOUT the BQL.  The
 * accel takes it around MMIO accesses from the soft-MMU and around
 * TCGCPUOps.cpu_exec_interrupt / do_interrupt / cpu_exec_halt.  A target
 * helper that touches devices itself (port I/O, APIC, ...) must take it:
 * tcg_bql_lock_if_unlocked()/tcg_bql_unlock_if_taken() nest safely.
 */
bool tcg_bql_lock_if_unlocked(void);       /* true if it took the lock */
void tcg_bql_unlock_if_taken(bool taken);

/* ---- Translated code invalidation ------------------------------------ */

/* Drop every TB containing guest physical bytes in [start, end). */
void tb_invalidate_phys_range(hwaddr start, hwaddr end);
void tb_flush(CPUState *cpu);

/*
 * Start TCG on the calling thread for a target: tcg_init(code_size),
 * configure the context (page bits, TLB offset, slow-path helpers,
 * insn_start words, logging) and call ops->initialize().  Once per
 * process; later calls do nothing.  The accel's vCPU thread does this;
 * unit tests call it directly.  code_size 0 = default (256 MiB).
 */
void tcg_exec_init(const struct TCGCPUOps *ops, size_t code_size);
/* Per-vCPU TLB and jump cache; cpu_exec calls it on first use. */
void tcg_cpu_init(CPUState *cpu);

/* The loop entry, used by accel/tcg's vCPU thread. */
int cpu_exec(CPUState *cpu);
/* Return values of cpu_exec (in addition to exception numbers >= 0). */
#define EXCP_INTERRUPT 0x10000      /* async interruption */
#define EXCP_HLT 0x10001            /* hlt instruction reached */
#define EXCP_DEBUG 0x10002
#define EXCP_HALTED 0x10003         /* cpu is halted (waiting for irq) */
#define EXCP_YIELD 0x10004
#define EXCP_ATOMIC 0x10005         /* stop-the-world and emulate */

#endif
