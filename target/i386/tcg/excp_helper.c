/*
 * Raising exceptions from helpers, and the page walker behind tlb_fill:
 * no paging (A20 only), 2-level 32-bit with PSE, PAE, 4-level long mode;
 * U/S, R/W with CR0.WP, NX, accessed/dirty updates, global pages; page
 * faults with the architectural error code and CR2.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/helper.h"
#include "exec/memory.h"

/* Record the exception, then leave through the loop (longjmp). */
G_NORETURN void raise_interrupt(CPUX86State *env, int intno, int is_int,
                                int error_code, int next_eip_addend)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = intno;
    env->error_code = error_code;
    env->exception_is_int = is_int;
    env->exception_next_eip = env->eip + next_eip_addend;
    cpu_loop_exit(cs);
}

G_NORETURN void raise_exception_err_ra(CPUX86State *env, int intno, int err,
                                       uintptr_t ra)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = intno;
    env->error_code = err;
    env->exception_is_int = 0;
    env->exception_next_eip = 0;
    if (ra) {
        cpu_loop_exit_restore(cs, ra);
    }
    cpu_loop_exit(cs);
}

G_NORETURN void raise_exception_err(CPUX86State *env, int intno, int err)
{
    raise_exception_err_ra(env, intno, err, 0);
}

G_NORETURN void raise_exception_ra(CPUX86State *env, int intno, uintptr_t ra)
{
    raise_exception_err_ra(env, intno, 0, ra);
}

G_NORETURN void raise_exception(CPUX86State *env, int intno)
{
    raise_exception_err_ra(env, intno, 0, 0);
}

G_NORETURN void helper_raise_exception(CPUX86State *env, uint32_t intno)
{
    raise_exception(env, intno);
}

G_NORETURN void helper_raise_exception_err(CPUX86State *env, uint32_t intno,
                                           uint32_t err)
{
    raise_exception_err(env, intno, err);
}

G_NORETURN void helper_raise_interrupt(CPUX86State *env, uint32_t intno,
                                       uint32_t next_eip_addend)
{
    raise_interrupt(env, intno, 1, 0, next_eip_addend);
}

G_NORETURN void helper_into(CPUX86State *env, uint32_t next_eip_addend)
{
    if (helper_cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2,
                              env->cc_op) & CC_O) {
        raise_interrupt(env, EXCP04_INTO, 1, 0, next_eip_addend);
    }
    /* no overflow: continue with the next instruction */
    env->eip += next_eip_addend;
    cpu_loop_exit(env_cpu(env));
}

/* ---- page walk ---------------------------------------------------------- */

#define PG_PRESENT 0x001
#define PG_RW 0x002
#define PG_USER 0x004
#define PG_ACCESSED 0x020
#define PG_DIRTY 0x040
#define PG_PSE 0x080
#define PG_GLOBAL 0x100
#define PG_NX (1ULL << 63)

#define PF_P 0x01
#define PF_W 0x02
#define PF_U 0x04
#define PF_RSVD 0x08
#define PF_I 0x10

typedef struct Walk {
    hwaddr paddr;
    int prot;
    uint64_t page_size;
    int error_code;     /* on failure */
} Walk;

/* The board may leave cs->as unset: the CPU then sees system memory. */
static AddressSpace *walk_as(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);
    return cs->as ? cs->as : &address_space_memory;
}

static uint64_t phys_ld(CPUX86State *env, hwaddr a, bool q)
{
    AddressSpace *as = walk_as(env);
    a &= env->a20_mask;
    return q ? address_space_ldq_le(as, a, MEMTXATTRS_UNSPECIFIED, NULL)
             : address_space_ldl_le(as, a, MEMTXATTRS_UNSPECIFIED, NULL);
}

static void phys_st(CPUX86State *env, hwaddr a, uint64_t v, bool q)
{
    AddressSpace *as = walk_as(env);
    a &= env->a20_mask;
    if (q) {
        address_space_stq_le(as, a, v, MEMTXATTRS_UNSPECIFIED, NULL);
    } else {
        address_space_stl_le(as, a, v, MEMTXATTRS_UNSPECIFIED, NULL);
    }
}

static uint64_t phys_mask(CPUX86State *env)
{
    uint32_t bits = env_archcpu(env)->phys_bits;
    if (bits < 32 || bits > 52) {
        bits = 40;
    }
    return ((1ULL << bits) - 1) & ~0xfffULL;
}

/* true on success; false with w->error_code (without U/W/I bits). */
static bool walk(CPUX86State *env, uint64_t addr, MMUAccessType acc,
                 bool user, Walk *w)
{
    uint64_t cr0 = env->cr[0], cr4 = env->cr[4];
    bool nxe = env->efer & MSR_EFER_NXE;
    bool wp = cr0 & CR0_WP_MASK;
    uint64_t pm = phys_mask(env);
    uint64_t pte, ptep_all = PG_RW | PG_USER, nx = 0;
    hwaddr pte_addr, page_base;
    uint64_t psize = 4096;
    int levels, shift;
    bool q = true;
    hwaddr tbl;
    hwaddr pte_addrs[5];
    uint64_t ptes[5];
    int n = 0;

    if (!(cr0 & CR0_PG_MASK)) {
        w->paddr = addr & env->a20_mask;
        if (!(env->hflags & HF_LMA_MASK)) {
            w->paddr = (uint32_t)w->paddr;
        }
        w->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        w->page_size = 4096;
        return true;
    }
    if (env->hflags & HF_LMA_MASK) {
        int64_t sa = (int64_t)(addr << 16) >> 16;
        if ((uint64_t)sa != addr) {
            /* non-canonical: #GP, reported as a special error */
            w->error_code = -1;
            return false;
        }
        levels = 4;
        tbl = env->cr[3] & pm;
    } else if (cr4 & CR4_PAE_MASK) {
        levels = 3;
        addr = (uint32_t)addr;
        pte_addr = (env->cr[3] & ~0x1fULL) + ((addr >> 30) & 3) * 8;
        pte = phys_ld(env, pte_addr, true);
        if (!(pte & PG_PRESENT)) {
            w->error_code = 0;
            return false;
        }
        if (pte & (0x1e6ULL | ~(pm | 0xfff))) {
            w->error_code = PF_RSVD | PF_P;
            return false;
        }
        tbl = pte & pm;
        levels = 2;
    } else {
        levels = 2;
        q = false;
        addr = (uint32_t)addr;
        tbl = env->cr[3] & 0xfffff000ULL;
    }
    for (int lvl = levels; lvl >= 1; lvl--) {
        if (q) {
            shift = 12 + 9 * (lvl - 1);
            pte_addr = tbl + ((addr >> shift) & 511) * 8;
        } else {
            shift = 12 + 10 * (lvl - 1);
            pte_addr = tbl + ((addr >> shift) & 1023) * 4;
        }
        pte = phys_ld(env, pte_addr, q);
        if (!(pte & PG_PRESENT)) {
            w->error_code = 0;
            return false;
        }
        if (q && (pte & PG_NX) && !nxe) {
            w->error_code = PF_RSVD | PF_P;
            return false;
        }
        /* Bits 62:52 are ignored (or protection keys) with 4 levels but
         * reserved in PAE paging. */
        if (q && (pte & ~(pm | 0xfff | PG_NX) &
                  ((env->hflags & HF_LMA_MASK) ? ~(0x7ffULL << 52) : ~0ULL))) {
            w->error_code = PF_RSVD | PF_P;
            return false;
        }
        nx |= pte & PG_NX;
        ptep_all &= pte;
        pte_addrs[n] = pte_addr;
        ptes[n++] = pte;
        if (lvl == 1) {
            page_base = pte & (q ? pm : 0xfffff000ULL);
            psize = 4096;
            break;
        }
        if ((pte & PG_PSE) && (lvl == 2 || (lvl == 3 && q && levels == 4))) {
            if (!q && !(cr4 & CR4_PSE_MASK)) {
                tbl = pte & 0xfffff000ULL;
                continue;
            }
            psize = 1ULL << shift;
            if (q) {
                if (pte & (psize - 1) & ~0x1fffULL) {
                    w->error_code = PF_RSVD | PF_P;
                    return false;
                }
                page_base = pte & pm & ~(psize - 1);
            } else {
                /* PSE-36: bits 13..20 are physical bits 32..39 */
                page_base = (pte & 0xffc00000ULL) |
                            ((pte & 0x1fe000ULL) << 19);
            }
            break;
        }
        tbl = pte & (q ? pm : 0xfffff000ULL);
    }
    /* permissions */
    w->prot = PAGE_READ | PAGE_EXEC;
    if (ptep_all & PG_RW) {
        w->prot |= PAGE_WRITE;
    }
    if (nx) {
        w->prot &= ~PAGE_EXEC;
    }
    if (user) {
        if (!(ptep_all & PG_USER)) {
            w->error_code = PF_P;
            return false;
        }
    } else if ((ptep_all & PG_USER)) {
        if (!wp) {
            w->prot |= PAGE_WRITE;
        }
        if (acc == MMU_INST_FETCH && (cr4 & CR4_SMEP_MASK)) {
            w->error_code = PF_P;
            return false;
        }
    } else if (!wp) {
        w->prot |= PAGE_WRITE;
    }
    if ((acc == MMU_DATA_STORE && !(w->prot & PAGE_WRITE)) ||
        (acc == MMU_INST_FETCH && !(w->prot & PAGE_EXEC))) {
        w->error_code = PF_P;
        return false;
    }
    /* accessed bits on every level, dirty on the leaf for writes */
    for (int i = 0; i < n; i++) {
        uint64_t nv = ptes[i] | PG_ACCESSED;
        if (i == n - 1 && acc == MMU_DATA_STORE) {
            nv |= PG_DIRTY;
        }
        if (nv != ptes[i]) {
            phys_st(env, pte_addrs[i], nv, q);
        }
    }
    /* a page mapped writable is only entered writable once dirty */
    if (acc != MMU_DATA_STORE && !(ptes[n - 1] & PG_DIRTY)) {
        w->prot &= ~PAGE_WRITE;
    }
    w->paddr = (page_base + (addr & (psize - 1) & ~0xfffULL)) &
               env->a20_mask;
    w->page_size = 4096;
    return true;
}

bool x86_cpu_tlb_fill(CPUState *cs, vaddr addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr)
{
    CPUX86State *env = cs->env_ptr;
    bool user = mmu_idx == MMU_USER_IDX;
    Walk w = {0};
    int err;

    if (mmu_idx == MMU_PHYS_IDX) {
        tlb_set_page(cs, addr & ~0xfffULL, addr & ~0xfffULL & env->a20_mask,
                     PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx, 4096);
        return true;
    }
    if (walk(env, addr, access_type, user, &w)) {
        tlb_set_page(cs, addr & ~0xfffULL, w.paddr, w.prot, mmu_idx,
                     w.page_size);
        return true;
    }
    if (probe) {
        return false;
    }
    if (w.error_code == -1) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, retaddr);
    }
    err = w.error_code;
    if (access_type == MMU_DATA_STORE) {
        err |= PF_W;
    }
    if (user) {
        err |= PF_U;
    }
    if (access_type == MMU_INST_FETCH &&
        ((env->efer & MSR_EFER_NXE) || (env->cr[4] & CR4_SMEP_MASK))) {
        err |= PF_I;
    }
    env->cr[2] = (env->hflags & HF_LMA_MASK) ? addr : (uint32_t)addr;
    raise_exception_err_ra(env, EXCP0E_PAGE, err, retaddr);
}

hwaddr x86_cpu_get_phys_page_debug(CPUState *cs, uint64_t addr)
{
    CPUX86State *env = cs->env_ptr;
    Walk w = {0};

    if (!walk(env, addr, MMU_DATA_LOAD, false, &w)) {
        return -1;
    }
    return w.paddr;
}
