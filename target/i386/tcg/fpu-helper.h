/*
 * x87 FPU, MMX and SSE helpers called from translated code (and from the
 * unit tests).  See docs/x86-fpu.md.
 *
 * Arithmetic runs on the host's own x87/SSE units (the TCG host is always
 * x86-64): each helper loads the guest operands, switches the host control
 * word / MXCSR to the guest's rounding and precision with every exception
 * masked, executes the same instruction, reads back the exception flags
 * and merges them into the guest status.  Stack, tags, unmasked-exception
 * behaviour, memory layouts and all integer vector operations are modelled
 * here in C.
 *
 * Conventions:
 *  - x87 register i means ST(i); the physical register is fpregs[(top+i)&7].
 *  - "mmu_idx" arguments are the translator's memory index; helpers that
 *    take an address access guest memory themselves (through the TLB) and
 *    may fault; they change no state before their last possible fault.
 *  - Vector helpers take pointers into env: XMM operands are ZMMReg *, MMX
 *    operands are uint64_t * (fpregs[n].low or env->mmx_t0).  Memory
 *    operands are first loaded by the translator into env->xmm_t0/mmx_t0.
 *  - Helpers that can raise (#MF, #XM, #GP) must be called with the default
 *    call flags and raise through cpu_loop_exit_restore(GETPC()).
 */
#ifndef TARGET_I386_TCG_FPU_HELPER_H
#define TARGET_I386_TCG_FPU_HELPER_H

#include "target/i386/cpu.h"

/* x87 status word bits */
#define FPUS_IE 0x0001
#define FPUS_DE 0x0002
#define FPUS_ZE 0x0004
#define FPUS_OE 0x0008
#define FPUS_UE 0x0010
#define FPUS_PE 0x0020
#define FPUS_SF 0x0040
#define FPUS_SE 0x0080 /* error summary (ES) */
#define FPUS_C0 0x0100
#define FPUS_C1 0x0200
#define FPUS_C2 0x0400
#define FPUS_C3 0x4000
#define FPUS_B 0x8000
#define FPUS_CC (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)

/* MXCSR */
#define MXCSR_IE 0x0001
#define MXCSR_DE 0x0002
#define MXCSR_ZE 0x0004
#define MXCSR_OE 0x0008
#define MXCSR_UE 0x0010
#define MXCSR_PE 0x0020
#define MXCSR_FLAGS 0x003f
#define MXCSR_DAZ 0x0040
#define MXCSR_MASKS 0x1f80
#define MXCSR_RC_SHIFT 13
#define MXCSR_FTZ 0x8000
#define MXCSR_MASK_SUPPORTED 0xffff /* MXCSR_MASK in FXSAVE */

/* Memory operand kinds for x87 loads, stores and arithmetic. */
enum {
    FPM_F32,    /* m32fp */
    FPM_F64,    /* m64fp */
    FPM_I32,    /* m32int */
    FPM_I16,    /* m16int */
    FPM_I64,    /* m64int (loads and fistp only) */
    FPM_I16T,   /* fisttp m16 */
    FPM_I32T,   /* fisttp m32 */
    FPM_I64T,   /* fisttp m64 */
};

/* x87 arithmetic operations: the reg field of D8 /r. */
enum {
    FOP_ADD, FOP_MUL, FOP_COM, FOP_COMP, FOP_SUB, FOP_SUBR, FOP_DIV, FOP_DIVR
};

/* Single-operand and ST0/ST1 operations (helper_fspecial). */
enum {
    FSP_CHS, FSP_ABS, FSP_TST, FSP_XAM, FSP_F2XM1, FSP_FYL2X, FSP_FPTAN,
    FSP_FPATAN, FSP_FXTRACT, FSP_FPREM1, FSP_FPREM, FSP_FYL2XP1, FSP_FSQRT,
    FSP_FSINCOS, FSP_FRNDINT, FSP_FSCALE, FSP_FSIN, FSP_FCOS,
    FSP_COUNT
};

/* Constants for helper_fldconst: D9 E8..EE order. */
enum { FC_ONE, FC_L2T, FC_L2E, FC_PI, FC_LG2, FC_LN2, FC_ZERO };

/* --- x87 --- */
/* Raise #MF if an unmasked exception is pending (FWAIT and waiting insns) */
void helper_fwait(CPUX86State *env);
void helper_fninit(CPUX86State *env);
void helper_fnclex(CPUX86State *env);
void helper_fldcw(CPUX86State *env, uint32_t cw);
uint32_t helper_fnstsw(CPUX86State *env);
void helper_fld_m(CPUX86State *env, uint64_t val, uint32_t kind);
void helper_fldt(CPUX86State *env, uint64_t addr, uint32_t mmu_idx);
void helper_fbld(CPUX86State *env, uint64_t addr, uint32_t mmu_idx);
void helper_fld_st(CPUX86State *env, uint32_t i);
void helper_fldconst(CPUX86State *env, uint32_t which);
/* fst/fist/fisttp to memory, popping afterwards when pop is set */
void helper_fst_m(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                  uint32_t kind, uint32_t pop);
void helper_fstt(CPUX86State *env, uint64_t addr, uint32_t mmu_idx);
void helper_fbstp(CPUX86State *env, uint64_t addr, uint32_t mmu_idx);
/* fst st(i) / fstp st(i) */
void helper_fst_st(CPUX86State *env, uint32_t i, uint32_t pop);
/* ST(dst) = ST(dst) op ST(src); op is FOP_* (not COM/COMP) */
void helper_fop_st(CPUX86State *env, uint32_t op, uint32_t dst,
                   uint32_t src);
/* ST0 = ST0 op mem (COM/COMP compare only) */
void helper_fop_m(CPUX86State *env, uint32_t op, uint64_t val,
                  uint32_t kind);
/* fcom/fucom ST0 with ST(i): C0/C2/C3 */
void helper_fcom_st(CPUX86State *env, uint32_t i, uint32_t unordered);
/* fcomi/fucomi: returns ZF|PF|CF for EFLAGS */
uint32_t helper_fcomi(CPUX86State *env, uint32_t i, uint32_t unordered);
void helper_fpop(CPUX86State *env);
void helper_fxch(CPUX86State *env, uint32_t i);
void helper_ffree(CPUX86State *env, uint32_t i);
void helper_fincstp(CPUX86State *env);
void helper_fdecstp(CPUX86State *env);
/* fcmovcc: the translator has evaluated the condition */
void helper_fcmov(CPUX86State *env, uint32_t i);
void helper_fspecial(CPUX86State *env, uint32_t op);
/* fnstenv/fldenv/fnsave/frstor; data32: 32-bit operand size layout */
void helper_fnstenv(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                    uint32_t data32);
void helper_fldenv(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t data32);
void helper_fnsave(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t data32);
void helper_frstor(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t data32);
/* fxsave/fxrstor; rex_w selects the 64-bit FIP/FDP layout */
void helper_fxsave(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t rex_w);
void helper_fxrstor(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                    uint32_t rex_w);
/* Record FIP/FCS/FDP/FDS/FOP of the last non-control x87 instruction. */
void helper_fpu_set_ip(CPUX86State *env, uint64_t ip, uint64_t dp,
                       uint32_t fop);

/* Full tag word (2 bits per register) computed from contents. */
uint16_t x86_fpu_full_tags(CPUX86State *env);
/* The abridged (FXSAVE) tag byte. */
uint8_t x86_fpu_abridged_tags(CPUX86State *env);

/* --- MMX state switch --- */
void helper_enter_mmx(CPUX86State *env);
void helper_emms(CPUX86State *env);

/* --- SSE control --- */
void helper_ldmxcsr(CPUX86State *env, uint32_t val);

/* CPUID feature bits implemented by these helpers and their decoders. */
void x86_tcg_fpu_features(uint32_t *edx1, uint32_t *ecx1,
                          uint32_t *ecx81);

/* Raise exception excp (error code 0) from a helper; does not return. */
G_NORETURN void x86_fpu_raise(CPUX86State *env, int excp, uintptr_t ra);
#define x86_fpu_raise_gp(env, ra) x86_fpu_raise(env, EXCP0D_GPF, ra)

#endif
