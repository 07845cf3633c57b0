/*
 * Segmentation and interrupt delivery: descriptor loads with checks, far
 * jumps/calls/returns, IRET, interrupts through the IDT in real, protected
 * and long mode (double fault, triple fault -> reset), TR/LDT loads,
 * SYSCALL/SYSRET, SYSENTER/SYSEXIT, I/O permission bitmap, and the
 * interrupt acceptance hook.
 *
 * Not yet: call gates for far call/jmp, hardware task switches, VM86
 * interrupt redirection.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/helper.h"
#include "hw/intc/apic.h"
#include "hw/intc/i8259.h"
#include "sysemu/runstate.h"
#include "qemu/log.h"

#define KIDX MMU_KERNEL_IDX

static uint32_t ldl_k(CPUX86State *env, uint64_t a, uintptr_t ra)
{
    return cpu_ldl_mmuidx_ra(env, a, KIDX, ra);
}

static void desc_split(uint32_t e1, uint32_t e2, uint64_t *base,
                       uint32_t *limit)
{
    *base = (e1 >> 16) | ((e2 & 0xff) << 16) | (e2 & 0xff000000);
    *limit = (e1 & 0xffff) | (e2 & 0x000f0000);
    if (e2 & DESC_G_MASK) {
        *limit = (*limit << 12) | 0xfff;
    }
}

/* Read a descriptor from the GDT/LDT; false if outside the table. */
static bool load_desc(CPUX86State *env, uint32_t sel, uint32_t *e1,
                      uint32_t *e2, uintptr_t ra)
{
    SegmentCache *dt = (sel & 4) ? &env->ldt : &env->gdt;
    uint32_t idx = sel & ~7;

    if (idx + 7 > dt->limit) {
        return false;
    }
    *e1 = ldl_k(env, dt->base + idx, ra);
    *e2 = ldl_k(env, dt->base + idx + 4, ra);
    return true;
}

static void set_accessed(CPUX86State *env, uint32_t sel, uint32_t e2,
                         uintptr_t ra)
{
    SegmentCache *dt = (sel & 4) ? &env->ldt : &env->gdt;
    if (!(e2 & DESC_A_MASK)) {
        cpu_stl_mmuidx_ra(env, dt->base + (sel & ~7) + 4, e2 | DESC_A_MASK,
                          KIDX, ra);
    }
}

static void load_seg_cache_desc(CPUX86State *env, int seg, uint32_t sel,
                                uint32_t e1, uint32_t e2)
{
    uint64_t base;
    uint32_t limit;

    desc_split(e1, e2, &base, &limit);
    cpu_x86_load_seg_cache(env, seg, sel, base, limit, e2);
}

static void load_seg_vm(CPUX86State *env, int seg, uint32_t sel)
{
    sel &= 0xffff;
    uint32_t flags = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK | DESC_A_MASK;
    if (env->eflags & VM_MASK) {
        flags |= 3 << DESC_DPL_SHIFT;
    } else if (seg == R_CS) {
        flags |= DESC_CS_MASK | DESC_R_MASK;
        flags &= ~DESC_W_MASK;
    }
    cpu_x86_load_seg_cache(env, seg, sel, (uint64_t)sel << 4,
                           seg == R_CS || !(env->cr[0] & CR0_PE_MASK)
                               ? env->segs[seg].limit | 0xffff
                               : 0xffff,
                           seg == R_CS ? env->segs[R_CS].flags : flags);
}

void helper_load_seg(CPUX86State *env, uint32_t seg, uint32_t selector)
{
    uintptr_t ra = GETPC();
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2, rpl, dpl;

    selector &= 0xffff;
    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK)) {
        env->segs[seg].selector = selector;
        env->segs[seg].base = (uint64_t)selector << 4;
        if (env->eflags & VM_MASK) {
            env->segs[seg].limit = 0xffff;
            env->segs[seg].flags = DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                   DESC_A_MASK | (3 << DESC_DPL_SHIFT);
        }
        x86_update_hflags(env);
        return;
    }
    if ((selector & 0xfffc) == 0) {
        /* null selector: #GP for SS except in 64-bit mode at CPL < 3 */
        if (seg == R_SS && (!(env->hflags & HF_CS64_MASK) || cpl == 3 ||
                            (selector & 3) != cpl)) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        cpu_x86_load_seg_cache(env, seg, selector, 0, 0,
                               seg == R_SS ? (cpl << DESC_DPL_SHIFT) |
                                                 DESC_W_MASK | DESC_S_MASK
                                           : 0);
        return;
    }
    if (!load_desc(env, selector, &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
    }
    if (!(e2 & DESC_S_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
    }
    rpl = selector & 3;
    dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if (seg == R_SS) {
        if ((e2 & DESC_CS_MASK) || !(e2 & DESC_W_MASK) || rpl != cpl ||
            dpl != cpl) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
        }
    } else {
        if ((e2 & (DESC_CS_MASK | DESC_R_MASK)) == DESC_CS_MASK) {
            raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc, ra);
        }
        if (!(e2 & DESC_CS_MASK) || !(e2 & DESC_C_MASK)) {
            if (dpl < cpl || dpl < rpl) {
                raise_exception_err_ra(env, EXCP0D_GPF, selector & 0xfffc,
                                       ra);
            }
        }
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, seg == R_SS ? EXCP0C_STACK : EXCP0B_NOSEG,
                               selector & 0xfffc, ra);
    }
    set_accessed(env, selector, e2, ra);
    load_seg_cache_desc(env, seg, selector, e1, e2 | DESC_A_MASK);
}

/* ---- far transfers ---------------------------------------------------- */

/* Check a code segment for a far jmp/call; loads e1/e2. */
static void check_cs(CPUX86State *env, uint32_t sel, uint32_t *e1,
                     uint32_t *e2, uintptr_t ra)
{
    int cpl = env->hflags & HF_CPL_MASK;
    int dpl, rpl = sel & 3;

    if ((sel & 0xfffc) == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (!load_desc(env, sel, e1, e2, ra)) {
        raise_exception_err_ra(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    dpl = (*e2 >> DESC_DPL_SHIFT) & 3;
    if (!(*e2 & DESC_S_MASK)) {
        /* call gates / task gates: not implemented */
        raise_exception_err_ra(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(*e2 & DESC_CS_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (*e2 & DESC_C_MASK) {
        if (dpl > cpl) {
            raise_exception_err_ra(env, EXCP0D_GPF, sel & 0xfffc, ra);
        }
    } else if (rpl > cpl || dpl != cpl) {
        raise_exception_err_ra(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(*e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
}

void helper_ljmp(CPUX86State *env, uint32_t sel, uint64_t eip,
                 uint32_t next_eip_addend)
{
    uintptr_t ra = GETPC();
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2;

    sel &= 0xffff;
    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK)) {
        load_seg_vm(env, R_CS, sel);
        env->eip = eip;
        return;
    }
    check_cs(env, sel, &e1, &e2, ra);
    load_seg_cache_desc(env, R_CS, (sel & 0xfffc) | cpl, e1, e2);
    env->eip = (env->hflags & HF_CS64_MASK) ? eip : (uint32_t)eip;
}

/* Push with an explicit MMU index (interrupts push at the new CPL). */
static void push_v_idx(CPUX86State *env, uint64_t *sp, uint64_t sp_mask,
                       uint64_t ssbase, uint64_t v, int size, uintptr_t ra,
                       int idx)
{
    *sp -= size;
    uint64_t a = ssbase + (*sp & sp_mask);
    if (sp_mask != ~0ULL) {
        a = (uint32_t)a;
    }
    if (size == 2) {
        cpu_stw_mmuidx_ra(env, a, v, idx, ra);
    } else if (size == 4) {
        cpu_stl_mmuidx_ra(env, a, v, idx, ra);
    } else {
        cpu_stq_mmuidx_ra(env, a, v, idx, ra);
    }
}

static void push_v(CPUX86State *env, uint64_t *sp, uint64_t sp_mask,
                   uint64_t ssbase, uint64_t v, int size, uintptr_t ra)
{
    push_v_idx(env, sp, sp_mask, ssbase, v, size, ra, cpu_mmu_index_of(env));
}

static uint64_t pop_v(CPUX86State *env, uint64_t *sp, uint64_t sp_mask,
                      uint64_t ssbase, int size, uintptr_t ra)
{
    uint64_t a = ssbase + (*sp & sp_mask), v;
    int idx = cpu_mmu_index_of(env);
    if (sp_mask != ~0ULL) {
        a = (uint32_t)a;
    }
    if (size == 2) {
        v = cpu_lduw_mmuidx_ra(env, a, idx, ra);
    } else if (size == 4) {
        v = cpu_ldl_mmuidx_ra(env, a, idx, ra);
    } else {
        v = cpu_ldq_mmuidx_ra(env, a, idx, ra);
    }
    *sp += size;
    return v;
}

static uint64_t sp_mask_of(CPUX86State *env)
{
    if (env->hflags & HF_CS64_MASK) {
        return ~0ULL;
    }
    return (env->segs[R_SS].flags & DESC_B_MASK) ? 0xffffffffULL : 0xffff;
}

static void set_sp(CPUX86State *env, uint64_t sp, uint64_t mask)
{
    env->regs[R_ESP] = (env->regs[R_ESP] & ~mask) | (sp & mask);
}

void helper_lcall(CPUX86State *env, uint32_t sel, uint64_t eip,
                  uint32_t ot, uint32_t next_eip_addend)
{
    uintptr_t ra = GETPC();
    int size = 2 << (ot - 1), cpl = env->hflags & HF_CPL_MASK;
    uint64_t mask = sp_mask_of(env), sp = env->regs[R_ESP];
    uint64_t ssbase = env->segs[R_SS].base;
    uint64_t next = env->eip + next_eip_addend;
    uint32_t e1, e2;

    sel &= 0xffff;
    if (env->hflags & HF_CS64_MASK) {
        ssbase = 0;
    }
    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK)) {
        push_v(env, &sp, mask, ssbase, env->segs[R_CS].selector, size, ra);
        push_v(env, &sp, mask, ssbase, next, size, ra);
        set_sp(env, sp, mask);
        load_seg_vm(env, R_CS, sel);
        env->eip = eip;
        return;
    }
    check_cs(env, sel, &e1, &e2, ra);
    push_v(env, &sp, mask, ssbase, env->segs[R_CS].selector, size, ra);
    push_v(env, &sp, mask, ssbase, next, size, ra);
    set_sp(env, sp, mask);
    load_seg_cache_desc(env, R_CS, (sel & 0xfffc) | cpl, e1, e2);
    env->eip = (env->hflags & HF_CS64_MASK) ? eip : (uint32_t)eip;
}

/* Common part of lret/iret in protected mode. */
static void pm_return(CPUX86State *env, int ot, bool is_iret, int addend,
                      uintptr_t ra)
{
    int size = 2 << (ot - 1), cpl = env->hflags & HF_CPL_MASK;
    uint64_t mask = sp_mask_of(env), sp = env->regs[R_ESP];
    uint64_t ssbase = (env->hflags & HF_CS64_MASK) ? 0
                                                   : env->segs[R_SS].base;
    uint64_t new_eip, new_cs, new_eflags = 0, new_esp, new_ss;
    uint32_t e1, e2, ss_e1 = 0, ss_e2 = 0;
    int rpl, dpl;

    new_eip = pop_v(env, &sp, mask, ssbase, size, ra);
    new_cs = pop_v(env, &sp, mask, ssbase, size, ra) & 0xffff;
    if (is_iret) {
        new_eflags = pop_v(env, &sp, mask, ssbase, size, ra);
        if (!(env->hflags & HF_LMA_MASK) && (new_eflags & VM_MASK) &&
            cpl == 0) {
            /* return to virtual-8086 mode */
            uint64_t esp2 = pop_v(env, &sp, mask, ssbase, 4, ra);
            uint64_t ss2 = pop_v(env, &sp, mask, ssbase, 4, ra);
            uint64_t es = pop_v(env, &sp, mask, ssbase, 4, ra);
            uint64_t ds = pop_v(env, &sp, mask, ssbase, 4, ra);
            uint64_t fs = pop_v(env, &sp, mask, ssbase, 4, ra);
            uint64_t gs = pop_v(env, &sp, mask, ssbase, 4, ra);
            cpu_load_eflags(env, new_eflags, ~0ULL & 0x3f7fd5);
            load_seg_vm(env, R_CS, new_cs);
            load_seg_vm(env, R_SS, ss2);
            load_seg_vm(env, R_ES, es);
            load_seg_vm(env, R_DS, ds);
            load_seg_vm(env, R_FS, fs);
            load_seg_vm(env, R_GS, gs);
            env->regs[R_ESP] = (uint32_t)esp2;
            env->eip = new_eip & 0xffff;
            return;
        }
    }
    if ((new_cs & 0xfffc) == 0 || !load_desc(env, new_cs, &e1, &e2, ra)) {
        raise_exception_err_ra(env, EXCP0D_GPF, new_cs & 0xfffc, ra);
    }
    rpl = new_cs & 3;
    dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if (!(e2 & DESC_S_MASK) || !(e2 & DESC_CS_MASK) || rpl < cpl ||
        ((e2 & DESC_C_MASK) ? dpl > rpl : dpl != rpl)) {
        raise_exception_err_ra(env, EXCP0D_GPF, new_cs & 0xfffc, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, new_cs & 0xfffc, ra);
    }
    sp += addend;
    /* Only a 64-bit IRET pops SS:RSP at the same privilege level. */
    if (rpl == cpl && (!is_iret || !(env->hflags & HF_CS64_MASK))) {
        load_seg_cache_desc(env, R_CS, new_cs, e1, e2);
        set_sp(env, sp, mask);
    } else {
        /* outer level (or 64-bit iret, which always pops SS:RSP) */
        new_esp = pop_v(env, &sp, mask, ssbase, size, ra);
        new_ss = pop_v(env, &sp, mask, ssbase, size, ra) & 0xffff;
        if ((new_ss & 0xfffc) == 0) {
            if (!(env->hflags & HF_LMA_MASK) || !(e2 & DESC_L_MASK) ||
                rpl == 3) {
                raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
            }
        } else {
            if ((new_ss & 3) != rpl ||
                !load_desc(env, new_ss, &ss_e1, &ss_e2, ra) ||
                !(ss_e2 & DESC_S_MASK) || (ss_e2 & DESC_CS_MASK) ||
                !(ss_e2 & DESC_W_MASK) ||
                ((ss_e2 >> DESC_DPL_SHIFT) & 3) != rpl) {
                raise_exception_err_ra(env, EXCP0D_GPF, new_ss & 0xfffc, ra);
            }
            if (!(ss_e2 & DESC_P_MASK)) {
                raise_exception_err_ra(env, EXCP0C_STACK, new_ss & 0xfffc,
                                       ra);
            }
        }
        load_seg_cache_desc(env, R_CS, new_cs, e1, e2);
        if ((new_ss & 0xfffc) == 0) {
            cpu_x86_load_seg_cache(env, R_SS, new_ss, 0, 0xffffffff,
                                   DESC_S_MASK | DESC_W_MASK | DESC_P_MASK |
                                       (rpl << DESC_DPL_SHIFT));
        } else {
            load_seg_cache_desc(env, R_SS, new_ss, ss_e1, ss_e2);
        }
        mask = sp_mask_of(env);
        if (env->hflags & HF_CS64_MASK) {
            mask = ~0ULL;
        }
        env->regs[R_ESP] = (env->regs[R_ESP] & ~mask) |
                           ((new_esp + addend) & mask);
        if (rpl > cpl) {
            /* invalidate data segments the new level may not use */
            for (int i = R_ES; i <= R_GS; i++) {
                if (i == R_CS || i == R_SS) {
                    continue;
                }
                SegmentCache *sc = &env->segs[i];
                int sdpl = (sc->flags >> DESC_DPL_SHIFT) & 3;
                /*
                 * A null selector stays as it is: in 64-bit mode FS/GS
                 * keep the base written through the MSRs (Linux's TLS).
                 * Nulling keeps the hidden base too, as QEMU does.
                 */
                if ((sc->selector & 0xfffc) == 0) {
                    continue;
                }
                if ((!(sc->flags & DESC_CS_MASK) ||
                     !(sc->flags & DESC_C_MASK)) && sdpl < rpl) {
                    cpu_x86_load_seg_cache(env, i, 0, sc->base, sc->limit,
                                           sc->flags & ~DESC_P_MASK);
                }
            }
        }
    }
    env->eip = (env->hflags & HF_CS64_MASK) ? new_eip : (uint32_t)new_eip;
    if (is_iret) {
        uint64_t m = TF_MASK | AC_MASK | ID_MASK | RF_MASK | NT_MASK;
        if (cpl == 0) {
            m |= IOPL_MASK | IF_MASK;
        } else if (cpl <= ((env->eflags >> IOPL_SHIFT) & 3)) {
            m |= IF_MASK;
        }
        if (size == 2) {
            m &= 0xffff;
        }
        cpu_load_eflags(env, new_eflags, m | 0xfd5);
    }
}

void helper_lret(CPUX86State *env, uint32_t ot, uint32_t addend)
{
    uintptr_t ra = GETPC();

    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK)) {
        int size = 2 << (ot - 1);
        uint64_t mask = sp_mask_of(env), sp = env->regs[R_ESP];
        uint64_t ip = pop_v(env, &sp, mask, env->segs[R_SS].base, size, ra);
        uint64_t cs = pop_v(env, &sp, mask, env->segs[R_SS].base, size, ra);
        set_sp(env, sp + addend, mask);
        load_seg_vm(env, R_CS, cs);
        env->eip = ip;
        return;
    }
    pm_return(env, ot, false, addend, ra);
}

void helper_iret(CPUX86State *env, uint32_t ot, uint32_t next_eip)
{
    uintptr_t ra = GETPC();

    env->hflags2 &= ~HF2_NMI_MASK;
    if (!(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK)) {
        int size = 2 << (ot - 1);
        uint64_t mask = sp_mask_of(env), sp = env->regs[R_ESP];
        uint64_t base = env->segs[R_SS].base;
        uint64_t m = TF_MASK | AC_MASK | ID_MASK | NT_MASK | IF_MASK | RF_MASK;
        if ((env->eflags & VM_MASK) &&
            ((env->eflags >> IOPL_SHIFT) & 3) != 3) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        uint64_t ip = pop_v(env, &sp, mask, base, size, ra);
        uint64_t cs = pop_v(env, &sp, mask, base, size, ra);
        uint64_t fl = pop_v(env, &sp, mask, base, size, ra);
        set_sp(env, sp, mask);
        load_seg_vm(env, R_CS, cs);
        env->eip = ip;
        if (!(env->eflags & VM_MASK)) {
            m |= IOPL_MASK;
        }
        if (size == 2) {
            m &= 0xffff;
        }
        cpu_load_eflags(env, fl, m | 0xfd5);
        return;
    }
    if (env->eflags & NT_MASK) {
        /* task return: not supported (Linux and SeaBIOS never use it) */
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    pm_return(env, ot, true, 0, ra);
}

/* ---- interrupts ----------------------------------------------------- */

static bool exception_has_error_code(int intno)
{
    switch (intno) {
    case 8: case 10: case 11: case 12: case 13: case 14: case 17:
        return true;
    }
    return false;
}

/* Ring stack from the TSS (32-bit or 64-bit). */
static void tss_stack(CPUX86State *env, int dpl, uint32_t *ss, uint64_t *sp,
                      uintptr_t ra)
{
    if (!(env->tr.flags & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    if (((env->tr.flags >> DESC_TYPE_SHIFT) & 8) == 0) {
        /* 16-bit TSS */
        uint32_t o = dpl * 4 + 2;
        *sp = cpu_lduw_mmuidx_ra(env, env->tr.base + o, KIDX, ra);
        *ss = cpu_lduw_mmuidx_ra(env, env->tr.base + o + 2, KIDX, ra);
        return;
    }
    uint32_t o = dpl * 8 + 4;
    if (o + 5 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0A_TSS, env->tr.selector & 0xfffc, ra);
    }
    *sp = ldl_k(env, env->tr.base + o, ra);
    *ss = cpu_lduw_mmuidx_ra(env, env->tr.base + o + 4, KIDX, ra);
}

static void do_interrupt_real(CPUX86State *env, int intno, int is_int,
                              uint64_t next_eip)
{
    uint64_t sp = env->regs[R_ESP], mask = 0xffff;
    uint64_t base = env->segs[R_SS].base;
    uint32_t off, sel;

    if (intno * 4 + 3 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    off = cpu_lduw_mmuidx_ra(env, env->idt.base + intno * 4, KIDX, 0);
    sel = cpu_lduw_mmuidx_ra(env, env->idt.base + intno * 4 + 2, KIDX, 0);
    push_v(env, &sp, mask, base, cpu_compute_eflags(env), 2, 0);
    push_v(env, &sp, mask, base, env->segs[R_CS].selector, 2, 0);
    push_v(env, &sp, mask, base, is_int ? next_eip : env->eip, 2, 0);
    set_sp(env, sp, mask);
    env->eflags &= ~(uint64_t)(IF_MASK | TF_MASK | AC_MASK | RF_MASK);
    load_seg_vm(env, R_CS, sel);
    env->eip = off;
}

static void do_interrupt_prot(CPUX86State *env, int intno, int is_int,
                              int error_code, uint64_t next_eip, int is_hw)
{
    bool lm = env->hflags & HF_LMA_MASK;
    int esz = lm ? 16 : 8, cpl = env->hflags & HF_CPL_MASK;
    uint64_t ent = env->idt.base + intno * esz;
    uint32_t e1, e2, e3 = 0, sel, type, dpl, cs_e1, cs_e2, cs_dpl;
    uint64_t off, old_eflags = cpu_compute_eflags(env);
    uint64_t sp, mask, ssbase;
    uint32_t ss = 0;
    bool has_err = !is_int && !is_hw && exception_has_error_code(intno);
    int size, ist, new_idx;
    bool vm86 = env->eflags & VM_MASK;
    uint64_t ret_eip = is_int ? next_eip : env->eip;

    if (intno * esz + esz - 1 > env->idt.limit) {
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    e1 = ldl_k(env, ent, 0);
    e2 = ldl_k(env, ent + 4, 0);
    if (lm) {
        e3 = ldl_k(env, ent + 8, 0);
    }
    type = (e2 >> DESC_TYPE_SHIFT) & 0x1f;
    if (lm ? type != 0xe && type != 0xf
           : type != 0x6 && type != 0x7 && type != 0xe && type != 0xf) {
        /* task gates: not supported */
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if (is_int && dpl < cpl) {
        raise_exception_err(env, EXCP0D_GPF, intno * 8 + 2);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err(env, EXCP0B_NOSEG, intno * 8 + 2);
    }
    sel = e1 >> 16;
    off = (e2 & 0xffff0000) | (e1 & 0xffff) | ((uint64_t)e3 << 32);
    ist = lm ? (e2 & 7) : 0;
    if ((sel & 0xfffc) == 0) {
        raise_exception_err(env, EXCP0D_GPF, 0);
    }
    if (!load_desc(env, sel, &cs_e1, &cs_e2, 0)) {
        raise_exception_err(env, EXCP0D_GPF, sel & 0xfffc);
    }
    cs_dpl = (cs_e2 >> DESC_DPL_SHIFT) & 3;
    if (!(cs_e2 & DESC_S_MASK) || !(cs_e2 & DESC_CS_MASK) || cs_dpl > cpl) {
        raise_exception_err(env, EXCP0D_GPF, sel & 0xfffc);
    }
    if (!(cs_e2 & DESC_P_MASK)) {
        raise_exception_err(env, EXCP0B_NOSEG, sel & 0xfffc);
    }
    if (lm && (!(cs_e2 & DESC_L_MASK) || (cs_e2 & DESC_B_MASK))) {
        raise_exception_err(env, EXCP0D_GPF, sel & 0xfffc);
    }
    if (cs_e2 & DESC_C_MASK) {
        cs_dpl = cpl;
    }
    size = lm ? 8 : (type & 8) ? 4 : 2;
    /* The frame is written with the handler's privilege (CPL 3->0). */
    new_idx = cs_dpl == 3 ? MMU_USER_IDX : KIDX;
#define PUSHI(base, v, sz) push_v_idx(env, &sp, mask, base, v, sz, 0, new_idx)

    if (lm) {
        if (ist || cs_dpl < cpl) {
            uint32_t o = ist ? 0x24 + (ist - 1) * 8 : 4 + cs_dpl * 8;
            sp = cpu_ldq_mmuidx_ra(env, env->tr.base + o, KIDX, 0);
        } else {
            sp = env->regs[R_ESP];
        }
        sp &= ~15ULL;
        mask = ~0ULL;
        ssbase = 0;
        uint64_t old_ss = env->segs[R_SS].selector, old_sp = env->regs[R_ESP];
        PUSHI(0, old_ss, 8);
        PUSHI(0, old_sp, 8);
        PUSHI(0, old_eflags, 8);
        PUSHI(0, env->segs[R_CS].selector, 8);
        PUSHI(0, ret_eip, 8);
        if (has_err) {
            PUSHI(0, error_code, 8);
        }
        if (cs_dpl < cpl) {
            cpu_x86_load_seg_cache(env, R_SS, cs_dpl, 0, 0xffffffff,
                                   DESC_P_MASK | DESC_S_MASK | DESC_W_MASK |
                                       (cs_dpl << DESC_DPL_SHIFT));
        }
        env->regs[R_ESP] = sp;
    } else if (cs_dpl < cpl || vm86) {
        uint32_t ss_e1, ss_e2;
        uint64_t nsp;
        if (vm86 && cs_dpl != 0) {
            raise_exception_err(env, EXCP0D_GPF, sel & 0xfffc);
        }
        tss_stack(env, cs_dpl, &ss, &nsp, 0);
        if ((ss & 0xfffc) == 0 || (ss & 3) != cs_dpl ||
            !load_desc(env, ss, &ss_e1, &ss_e2, 0) ||
            ((ss_e2 >> DESC_DPL_SHIFT) & 3) != cs_dpl ||
            !(ss_e2 & DESC_S_MASK) || (ss_e2 & DESC_CS_MASK) ||
            !(ss_e2 & DESC_W_MASK)) {
            raise_exception_err(env, EXCP0A_TSS, ss & 0xfffc);
        }
        if (!(ss_e2 & DESC_P_MASK)) {
            raise_exception_err(env, EXCP0C_STACK, ss & 0xfffc);
        }
        uint64_t nbase;
        uint32_t nlimit;
        desc_split(ss_e1, ss_e2, &nbase, &nlimit);
        mask = (ss_e2 & DESC_B_MASK) ? 0xffffffffULL : 0xffff;
        sp = nsp;
        if (vm86) {
            PUSHI(nbase, env->segs[R_GS].selector, size);
            PUSHI(nbase, env->segs[R_FS].selector, size);
            PUSHI(nbase, env->segs[R_DS].selector, size);
            PUSHI(nbase, env->segs[R_ES].selector, size);
        }
        PUSHI(nbase, env->segs[R_SS].selector, size);
        PUSHI(nbase, env->regs[R_ESP], size);
        PUSHI(nbase, old_eflags, size);
        PUSHI(nbase, env->segs[R_CS].selector, size);
        PUSHI(nbase, ret_eip, size);
        if (has_err) {
            PUSHI(nbase, error_code, size);
        }
        if (vm86) {
            for (int i = R_ES; i <= R_GS; i++) {
                if (i != R_CS && i != R_SS) {
                    cpu_x86_load_seg_cache(env, i, 0, 0, 0, 0);
                }
            }
        }
        load_seg_cache_desc(env, R_SS, (ss & ~3) | cs_dpl, ss_e1, ss_e2);
        set_sp(env, sp, mask);
    } else {
        mask = sp_mask_of(env);
        ssbase = env->segs[R_SS].base;
        sp = env->regs[R_ESP];
        PUSHI(ssbase, old_eflags, size);
        PUSHI(ssbase, env->segs[R_CS].selector, size);
        PUSHI(ssbase, ret_eip, size);
        if (has_err) {
            PUSHI(ssbase, error_code, size);
        }
        set_sp(env, sp, mask);
    }
#undef PUSHI
    env->eflags &= ~(uint64_t)(TF_MASK | VM_MASK | RF_MASK | NT_MASK);
    if (!(type & 1)) { /* interrupt gate */
        env->eflags &= ~(uint64_t)IF_MASK;
    }
    load_seg_cache_desc(env, R_CS, (sel & ~3) | cs_dpl, cs_e1, cs_e2);
    env->eip = lm ? off : (size == 2 ? off & 0xffff : (uint32_t)off);
}

/* Double-fault/triple-fault classification (SDM table 6-5). */
static int check_exception(CPUX86State *env, int intno, int *error_code)
{
    int old = env->old_exception;
    bool first_contrib = old == 0 || (old >= 10 && old <= 13);
    bool second_contrib = intno == 0 || (intno >= 10 && intno <= 13);

    if (old == EXCP08_DBLE) {
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        return -1;
    }
    if ((first_contrib && second_contrib) ||
        (old == EXCP0E_PAGE && (second_contrib || intno == EXCP0E_PAGE))) {
        intno = EXCP08_DBLE;
        *error_code = 0;
    }
    if (intno < 32 && intno != EXCP02_NMI && intno != EXCP01_DB &&
        intno != EXCP03_INT3 && intno != EXCP04_INTO) {
        env->old_exception = intno;
    }
    return intno;
}

void do_interrupt_all(X86CPU *cpu, int intno, int is_int, int error_code,
                      uint64_t next_eip, int is_hw)
{
    CPUX86State *env = &cpu->env;

    if (!is_int && !is_hw) {
        intno = check_exception(env, intno, &error_code);
        if (intno < 0) {
            CPUState *cs = CPU(cpu);
            qemu_log_mask(CPU_LOG_RESET, "Triple fault\n");
            cs->halted = true;
            return;
        }
    }
    if (qemu_loglevel_mask(CPU_LOG_INT)) {
        static int count;
        qemu_log("%6d: v=%02x e=%04x i=%d cpl=%d IP=%04x:" "%016" PRIx64
                 " SP=%04x:" "%016" PRIx64 " CR2=" "%016" PRIx64
                 " EFL=%08x\n", count++, intno, error_code, is_int,
                 env->hflags & HF_CPL_MASK, env->segs[R_CS].selector,
                 (uint64_t)env->eip, env->segs[R_SS].selector,
                 (uint64_t)env->regs[R_ESP], (uint64_t)env->cr[2],
                 (uint32_t)cpu_compute_eflags(env));
    }
    if (env->cr[0] & CR0_PE_MASK) {
        do_interrupt_prot(env, intno, is_int, error_code, next_eip, is_hw);
    } else {
        do_interrupt_real(env, intno, is_int, next_eip);
    }
    env->hflags &= ~HF_INHIBIT_IRQ_MASK;
    env->old_exception = -1;
}

void x86_cpu_do_interrupt(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (cs->exception_index == EXCP_HLT || cs->exception_index < 0 ||
        cs->exception_index >= 256) {
        return;
    }
    do_interrupt_all(cpu, cs->exception_index, env->exception_is_int,
                     env->error_code, env->exception_next_eip, 0);
    cs->exception_index = -1;
}

bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;
    int intno;

    if (interrupt_request & CPU_INTERRUPT_POLL) {
        cs->interrupt_request &= ~CPU_INTERRUPT_POLL;
        if (cpu->apic_state) {
            apic_poll_irq(cpu->apic_state);
        }
    }
    if (interrupt_request & CPU_INTERRUPT_INIT) {
        cs->interrupt_request &= ~CPU_INTERRUPT_INIT;
        x86_cpu_reset_state(env, cpu->apic_state &&
                                     apic_is_bsp(cpu->apic_state));
        env->cpuid_apic_id = cpu->apic_id;
        if (cpu->apic_state) {
            apic_init_reset(cpu->apic_state);
        }
        env->mp_state = X86_MP_STATE_INIT_RECEIVED;
        cs->halted = true;
        tlb_flush(cs);
        return true;
    }
    if (interrupt_request & CPU_INTERRUPT_SIPI) {
        cs->interrupt_request &= ~CPU_INTERRUPT_SIPI;
        if (cpu->apic_state && env->mp_state == X86_MP_STATE_INIT_RECEIVED) {
            int vec = apic_sipi_vector(cpu->apic_state);
            if (vec >= 0) {
                cpu_x86_load_seg_cache(env, R_CS, vec << 8, vec << 12,
                                       0xffff, env->segs[R_CS].flags);
                env->eip = 0;
                env->mp_state = X86_MP_STATE_RUNNABLE;
                cs->halted = false;
            }
        }
        return true;
    }
    if (env->hflags & HF_INHIBIT_IRQ_MASK) {
        return false;
    }
    if ((interrupt_request & CPU_INTERRUPT_NMI) &&
        !(env->hflags2 & HF2_NMI_MASK)) {
        cs->interrupt_request &= ~CPU_INTERRUPT_NMI;
        env->hflags2 |= HF2_NMI_MASK;
        cs->halted = false;
        do_interrupt_all(cpu, EXCP02_NMI, 0, 0, 0, 1);
        return true;
    }
    if ((interrupt_request & CPU_INTERRUPT_HARD) &&
        (env->eflags & IF_MASK)) {
        cs->interrupt_request &= ~CPU_INTERRUPT_HARD;
        intno = -1;
        if (cpu->apic_state) {
            intno = apic_get_interrupt(cpu->apic_state);
            if (intno < 0 && apic_accept_pic_intr(cpu->apic_state) &&
                isa_pic) {
                intno = pic_read_irq(isa_pic);
            }
        } else if (isa_pic) {
            intno = pic_read_irq(isa_pic);
        }
        if (intno < 0) {
            return false;
        }
        cs->halted = false;
        do_interrupt_all(cpu, intno, 0, 0, 0, 1);
        return true;
    }
    return false;
}

/* ---- system segments -------------------------------------------------- */

static void load_system_seg(CPUX86State *env, uint32_t sel, bool tr,
                            uintptr_t ra)
{
    SegmentCache *sc = tr ? &env->tr : &env->ldt;
    bool lm = env->hflags & HF_LMA_MASK;
    uint32_t e1, e2, e3 = 0, type;
    uint64_t base;
    uint32_t limit;

    sel &= 0xffff;
    if ((sel & 0xfffc) == 0) {
        if (tr) {
            raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
        }
        sc->selector = sel;
        sc->base = 0;
        sc->limit = 0;
        sc->flags = 0;
        return;
    }
    if ((sel & 4) || (sel | 7) > env->gdt.limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    e1 = ldl_k(env, env->gdt.base + (sel & ~7), ra);
    e2 = ldl_k(env, env->gdt.base + (sel & ~7) + 4, ra);
    if (lm) {
        e3 = ldl_k(env, env->gdt.base + (sel & ~7) + 8, ra);
    }
    type = (e2 >> DESC_TYPE_SHIFT) & 0xf;
    if ((e2 & DESC_S_MASK) ||
        (tr ? (type != 1 && type != 9) : type != 2)) {
        raise_exception_err_ra(env, EXCP0D_GPF, sel & 0xfffc, ra);
    }
    if (!(e2 & DESC_P_MASK)) {
        raise_exception_err_ra(env, EXCP0B_NOSEG, sel & 0xfffc, ra);
    }
    desc_split(e1, e2, &base, &limit);
    sc->selector = sel;
    sc->base = base | ((uint64_t)e3 << 32);
    sc->limit = limit;
    sc->flags = e2;
    if (tr) {
        e2 |= DESC_TSS_BUSY_MASK;
        cpu_stl_mmuidx_ra(env, env->gdt.base + (sel & ~7) + 4, e2, KIDX, ra);
        sc->flags = e2;
    }
}

void helper_lldt(CPUX86State *env, uint32_t sel)
{
    load_system_seg(env, sel, false, GETPC());
}

void helper_ltr(CPUX86State *env, uint32_t sel)
{
    load_system_seg(env, sel, true, GETPC());
}

static void set_zf(CPUX86State *env, bool z)
{
    uint32_t f = helper_cc_compute_all(env->cc_dst, env->cc_src,
                                       env->cc_src2, env->cc_op);
    env->cc_src = z ? (f | CC_Z) : (f & ~CC_Z);
    env->cc_op = CC_OP_EFLAGS;
}

uint64_t helper_lar_lsl(CPUX86State *env, uint32_t sel, uint32_t lsl)
{
    uintptr_t ra = GETPC();
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2, type, dpl, rpl = sel & 3;
    uint64_t base;
    uint32_t limit;

    sel &= 0xffff;
    if ((sel & 0xfffc) == 0 || !load_desc(env, sel, &e1, &e2, ra)) {
        set_zf(env, false);
        return 0;
    }
    type = (e2 >> DESC_TYPE_SHIFT) & 0xf;
    dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if (e2 & DESC_S_MASK) {
        if (!((e2 & DESC_CS_MASK) && (e2 & DESC_C_MASK)) &&
            (dpl < cpl || dpl < rpl)) {
            set_zf(env, false);
            return 0;
        }
    } else {
        static const uint16_t ok_lar = 0x1eae, ok_lsl = 0x0a0e;
        if (!(((lsl ? ok_lsl : ok_lar) >> type) & 1) || dpl < cpl ||
            dpl < rpl) {
            set_zf(env, false);
            return 0;
        }
    }
    set_zf(env, true);
    if (lsl) {
        desc_split(e1, e2, &base, &limit);
        return limit;
    }
    return e2 & 0x00f0ff00;
}

void helper_verrw(CPUX86State *env, uint32_t sel, uint32_t wr)
{
    uintptr_t ra = GETPC();
    int cpl = env->hflags & HF_CPL_MASK;
    uint32_t e1, e2, dpl, rpl = sel & 3;
    bool ok;

    sel &= 0xffff;
    if ((sel & 0xfffc) == 0 || !load_desc(env, sel, &e1, &e2, ra) ||
        !(e2 & DESC_S_MASK)) {
        set_zf(env, false);
        return;
    }
    dpl = (e2 >> DESC_DPL_SHIFT) & 3;
    if (e2 & DESC_CS_MASK) {
        ok = !wr && (e2 & DESC_R_MASK) &&
             ((e2 & DESC_C_MASK) || (dpl >= cpl && dpl >= rpl));
    } else {
        ok = (dpl >= cpl && dpl >= rpl) && (!wr || (e2 & DESC_W_MASK));
    }
    set_zf(env, ok);
}

/* ---- fast system calls ----------------------------------------------- */

void helper_syscall(CPUX86State *env, uint32_t next_eip_addend)
{
    uint32_t sel = (env->star >> 32) & 0xffff;

    if (!(env->efer & MSR_EFER_SCE)) {
        raise_exception_err_ra(env, EXCP06_ILLOP, 0, GETPC());
    }
    if (env->hflags & HF_LMA_MASK) {
        uint64_t fl = cpu_compute_eflags(env);
        env->regs[R_ECX] = env->eip + next_eip_addend;
        env->regs[R_R11] = fl & ~(uint64_t)RF_MASK;
        cpu_load_eflags(env, 0, env->fmask | RF_MASK);
        cpu_x86_load_seg_cache(env, R_CS, sel & 0xfffc, 0, 0xffffffff,
                               DESC_G_MASK | DESC_P_MASK | DESC_S_MASK |
                                   DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK |
                                   DESC_L_MASK);
        cpu_x86_load_seg_cache(env, R_SS, (sel + 8) & 0xfffc, 0, 0xffffffff,
                               DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                                   DESC_S_MASK | DESC_W_MASK | DESC_A_MASK);
        env->eip = (env->hflags & HF_CS64_MASK) ? env->lstar : env->cstar;
    } else {
        env->regs[R_ECX] = (uint32_t)(env->eip + next_eip_addend);
        cpu_load_eflags(env, 0, IF_MASK | RF_MASK | VM_MASK);
        cpu_x86_load_seg_cache(env, R_CS, sel & 0xfffc, 0, 0xffffffff,
                               DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                                   DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK |
                                   DESC_A_MASK);
        cpu_x86_load_seg_cache(env, R_SS, (sel + 8) & 0xfffc, 0, 0xffffffff,
                               DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                                   DESC_S_MASK | DESC_W_MASK | DESC_A_MASK);
        env->eip = (uint32_t)env->star;
    }
}

void helper_sysret(CPUX86State *env, uint32_t ot)
{
    uint32_t sel = (env->star >> 48) & 0xffff;
    uintptr_t ra = GETPC();

    if (!(env->efer & MSR_EFER_SCE)) {
        raise_exception_err_ra(env, EXCP06_ILLOP, 0, ra);
    }
    if (!(env->cr[0] & CR0_PE_MASK) || (env->hflags & HF_CPL_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    if (env->hflags & HF_LMA_MASK) {
        cpu_load_eflags(env, env->regs[R_R11],
                        TF_MASK | AC_MASK | ID_MASK | IF_MASK | IOPL_MASK |
                            NT_MASK | RF_MASK | 0xfd5);
        if (ot == MO_64) {
            cpu_x86_load_seg_cache(env, R_CS, (sel + 16) | 3, 0, 0xffffffff,
                                   DESC_G_MASK | DESC_P_MASK | DESC_S_MASK |
                                       (3 << DESC_DPL_SHIFT) | DESC_CS_MASK |
                                       DESC_R_MASK | DESC_A_MASK |
                                       DESC_L_MASK);
            env->eip = env->regs[R_ECX];
        } else {
            cpu_x86_load_seg_cache(env, R_CS, sel | 3, 0, 0xffffffff,
                                   DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                                       DESC_S_MASK | (3 << DESC_DPL_SHIFT) |
                                       DESC_CS_MASK | DESC_R_MASK |
                                       DESC_A_MASK);
            env->eip = (uint32_t)env->regs[R_ECX];
        }
    } else {
        env->eflags |= IF_MASK;
        cpu_x86_load_seg_cache(env, R_CS, sel | 3, 0, 0xffffffff,
                               DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                                   DESC_S_MASK | (3 << DESC_DPL_SHIFT) |
                                   DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK);
        env->eip = (uint32_t)env->regs[R_ECX];
    }
    cpu_x86_load_seg_cache(env, R_SS, (sel + 8) | 3, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                               DESC_S_MASK | (3 << DESC_DPL_SHIFT) |
                               DESC_W_MASK | DESC_A_MASK);
}

void helper_sysenter(CPUX86State *env)
{
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (!(env->cr[0] & CR0_PE_MASK) || cs == 0) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
    }
    env->eflags &= ~(uint64_t)(VM_MASK | IF_MASK | RF_MASK);
    if (env->hflags & HF_LMA_MASK) {
        cpu_x86_load_seg_cache(env, R_CS, cs, 0, 0xffffffff,
                               DESC_G_MASK | DESC_P_MASK | DESC_S_MASK |
                                   DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK |
                                   DESC_L_MASK);
    } else {
        cpu_x86_load_seg_cache(env, R_CS, cs, 0, 0xffffffff,
                               DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                                   DESC_S_MASK | DESC_CS_MASK | DESC_R_MASK |
                                   DESC_A_MASK);
    }
    cpu_x86_load_seg_cache(env, R_SS, cs + 8, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                               DESC_S_MASK | DESC_W_MASK | DESC_A_MASK);
    env->regs[R_ESP] = env->sysenter_esp;
    env->eip = env->sysenter_eip;
}

void helper_sysexit(CPUX86State *env, uint32_t shift)
{
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (cs == 0 || (env->hflags & HF_CPL_MASK) ||
        !(env->cr[0] & CR0_PE_MASK)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
    }
    if (shift == 2) {
        cpu_x86_load_seg_cache(env, R_CS, (cs + 32) | 3, 0, 0xffffffff,
                               DESC_G_MASK | DESC_P_MASK | DESC_S_MASK |
                                   (3 << DESC_DPL_SHIFT) | DESC_CS_MASK |
                                   DESC_R_MASK | DESC_A_MASK | DESC_L_MASK);
        cpu_x86_load_seg_cache(env, R_SS, (cs + 40) | 3, 0, 0xffffffff,
                               DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                                   DESC_S_MASK | (3 << DESC_DPL_SHIFT) |
                                   DESC_W_MASK | DESC_A_MASK);
        env->regs[R_ESP] = env->regs[R_ECX];
        env->eip = env->regs[R_EDX];
        return;
    }
    cpu_x86_load_seg_cache(env, R_CS, (cs + 16) | 3, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                               DESC_S_MASK | (3 << DESC_DPL_SHIFT) |
                               DESC_CS_MASK | DESC_R_MASK | DESC_A_MASK);
    cpu_x86_load_seg_cache(env, R_SS, (cs + 24) | 3, 0, 0xffffffff,
                           DESC_G_MASK | DESC_B_MASK | DESC_P_MASK |
                               DESC_S_MASK | (3 << DESC_DPL_SHIFT) |
                               DESC_W_MASK | DESC_A_MASK);
    env->regs[R_ESP] = (uint32_t)env->regs[R_ECX];
    env->eip = (uint32_t)env->regs[R_EDX];
}

/* I/O permission bitmap of the TSS. */
void helper_check_io(CPUX86State *env, uint32_t port, uint32_t size)
{
    uintptr_t ra = GETPC();
    uint32_t io_offset, val;

    if (!(env->tr.flags & DESC_P_MASK) ||
        ((env->tr.flags >> DESC_TYPE_SHIFT) & 0xf) != 9 ||
        env->tr.limit < 103) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    io_offset = cpu_lduw_mmuidx_ra(env, env->tr.base + 0x66, KIDX, ra);
    io_offset += port >> 3;
    if (io_offset + 1 > env->tr.limit) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    val = cpu_lduw_mmuidx_ra(env, env->tr.base + io_offset, KIDX, ra);
    val >>= port & 7;
    if (val & ((1 << size) - 1)) {
        raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

/* ENTER with nesting level > 0: copy the frame pointers. */
void helper_enter_level(CPUX86State *env, uint32_t level, uint32_t ot,
                        uint64_t frame_temp)
{
    uintptr_t ra = GETPC();
    int size = 1 << ot;
    uint64_t mask = sp_mask_of(env);
    uint64_t base = (env->hflags & HF_CS64_MASK) ? 0 : env->segs[R_SS].base;
    uint64_t ebp = env->regs[R_EBP], sp = frame_temp;

    for (uint32_t i = 1; i < level; i++) {
        uint64_t v;
        ebp -= size;
        uint64_t a = ebp;
        v = pop_v(env, &a, mask, base, size, ra);
        push_v(env, &sp, mask, base, v, size, ra);
    }
    push_v(env, &sp, mask, base, frame_temp, size, ra);
}
