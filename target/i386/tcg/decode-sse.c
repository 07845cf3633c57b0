/*
 * MMX / SSE..SSE4.2 decoder entries and gen functions.  Most instructions
 * are "d = d op s" on registers in env: the gen function loads a memory
 * source into env->xmm_t0 / env->mmx_t0 (with the legacy-SSE 16-byte
 * alignment check), then calls the helper with pointers into env.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"
#include "target/i386/tcg/sse-helper.h"
#include "target/i386/tcg/helper.h"

/* Helper index space (entry arg bits 0-9). */
enum {
    SF_NONE,
#define E_INT(n) SF_##n##_mmx, SF_##n##_xmm,
#define E_X(n) SF_##n,
    SSE_INT_OPS(E_INT) SSE_XMM_OPS(E_X) SSE_IMM_XMM_OPS(E_X)
    SSE_IMM_MMX_OPS(E_X)
    SF_cvtpi2ps, SF_cvtpi2pd, SF_cvtps2pi, SF_cvttps2pi, SF_cvtpd2pi,
    SF_cvttpd2pi,
    SF_COUNT
};
static void *const sse_fns[SF_COUNT] = {
#define F_INT(n) [SF_##n##_mmx] = helper_##n##_mmx, \
                 [SF_##n##_xmm] = helper_##n##_xmm,
#define F_X(n) [SF_##n] = helper_##n,
    SSE_INT_OPS(F_INT) SSE_XMM_OPS(F_X) SSE_IMM_XMM_OPS(F_X)
    SSE_IMM_MMX_OPS(F_X)
    F_X(cvtpi2ps) F_X(cvtpi2pd) F_X(cvtps2pi) F_X(cvttps2pi) F_X(cvtpd2pi)
    F_X(cvttpd2pi)
};

#define A_IMM (1u << 10)    /* helper takes the imm8 */
#define A_UNAL (1u << 11)   /* memory operand needs no alignment */
#define A_ZMEM (1u << 12)   /* moves: a memory source zeroes the rest */
#define A_ZREG (1u << 13)   /* moves: a register source zeroes the rest */
#define A_HIGH (1u << 14)   /* moves: the high qword of the XMM register */

static TCGv_i32 c32(uint32_t v)
{
    return tcg_constant_i32(v);
}

static intptr_t xmm_ofs(int n)
{
    return offsetof(CPUX86State, xmm_regs[n & 15]);
}

static intptr_t mmx_ofs(int n)
{
    return offsetof(CPUX86State, fpregs[n & 7].low);
}

static TCGv_ptr env_ptr(intptr_t ofs)
{
    TCGv_ptr p = tcg_temp_new_ptr();
    tcg_gen_addi_ptr(p, tcg_env, ofs);
    return p;
}

static bool is_mmx_type(uint8_t t)
{
    return t == X86_TYPE_P || t == X86_TYPE_Q || t == X86_TYPE_N;
}

static bool is_vec_type(uint8_t t)
{
    return is_mmx_type(t) || t == X86_TYPE_V || t == X86_TYPE_W ||
           t == X86_TYPE_U;
}

/* Bytes of a memory operand from its size code. */
static int mem_bytes(uint8_t size, bool mmx)
{
    switch (size) {
    case X86_SIZE_b: return 1;
    case X86_SIZE_w: return 2;
    case X86_SIZE_d: case X86_SIZE_ss: return 4;
    case X86_SIZE_q: case X86_SIZE_sd: return 8;
    default: return mmx ? 8 : 16;
    }
}

/*
 * Feature/mode checks.  SSE: #UD without CR4.OSFXSR or with CR0.EM, #NM
 * with CR0.TS.  MMX: #UD with CR0.EM, #NM with TS; then the x87 unit
 * switches to MMX mode (TOP = 0, all tags valid).
 */
static bool vec_start(DisasContext *s, bool mmx_state, bool sse)
{
    if ((sse && !(s->flags & HF_OSFXSR_MASK)) || (s->flags & HF_EM_MASK)) {
        gen_exception(s, EXCP06_ILLOP);
        return false;
    }
    if (s->flags & HF_TS_MASK) {
        gen_exception(s, EXCP07_PREX);
        return false;
    }
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (mmx_state) {
        tcg_gen_st_i32(tcg_constant_i32(0), tcg_env,
                       offsetof(CPUX86State, fpstt));
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env,
                       offsetof(CPUX86State, fptags));
    }
    return true;
}

static bool insn_start(DisasContext *s, X86DecodedInsn *d)
{
    const X86OpEntry *e = d->e;
    bool mmx = false, sse = false;

    for (int i = 0; i < 3; i++) {
        if (is_mmx_type(e->op[i])) {
            mmx = true;
        } else if (is_vec_type(e->op[i])) {
            sse = true;
        }
    }
    return vec_start(s, mmx, sse || !mmx);
}

static void gen_align16(DisasContext *s)
{
    TCGv_i64 t = tcg_temp_new_i64();
    TCGLabel *ok = gen_new_label();

    tcg_gen_andi_i64(t, s->A0, 15);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t, 0, ok);
    tcg_gen_call3(helper_raise_exception_err, 0, NULL, tcg_env,
                  c32(EXCP0D_GPF), c32(0));
    gen_set_label(ok);
}

/* Guest memory at A0 (n bytes) <-> env at ofs. */
static void gen_ld_env(DisasContext *s, intptr_t ofs, int n)
{
    TCGv_i64 t = tcg_temp_new_i64();

    switch (n) {
    case 1:
        tcg_gen_qemu_ld_i64(t, s->A0, s->mem_index, MO_8);
        tcg_gen_st8_i64(t, tcg_env, ofs);
        break;
    case 2:
        tcg_gen_qemu_ld_i64(t, s->A0, s->mem_index, MO_16);
        tcg_gen_st16_i64(t, tcg_env, ofs);
        break;
    case 4:
        tcg_gen_qemu_ld_i64(t, s->A0, s->mem_index, MO_32);
        tcg_gen_st32_i64(t, tcg_env, ofs);
        break;
    case 8:
        tcg_gen_qemu_ld_i64(t, s->A0, s->mem_index, MO_64);
        tcg_gen_st_i64(t, tcg_env, ofs);
        break;
    default: {
        TCGv_i64 t2 = tcg_temp_new_i64(), a = tcg_temp_new_i64();
        tcg_gen_addi_i64(a, s->A0, 8);
        tcg_gen_qemu_ld_i64(t, s->A0, s->mem_index, MO_64);
        tcg_gen_qemu_ld_i64(t2, a, s->mem_index, MO_64);
        tcg_gen_st_i64(t, tcg_env, ofs);
        tcg_gen_st_i64(t2, tcg_env, ofs + 8);
        break;
    }
    }
}

static void gen_st_env(DisasContext *s, intptr_t ofs, int n)
{
    TCGv_i64 t = tcg_temp_new_i64();

    switch (n) {
    case 4:
        tcg_gen_ld32u_i64(t, tcg_env, ofs);
        tcg_gen_qemu_st_i64(t, s->A0, s->mem_index, MO_32);
        break;
    case 8:
        tcg_gen_ld_i64(t, tcg_env, ofs);
        tcg_gen_qemu_st_i64(t, s->A0, s->mem_index, MO_64);
        break;
    default: {
        TCGv_i64 t2 = tcg_temp_new_i64(), a = tcg_temp_new_i64();
        tcg_gen_ld_i64(t, tcg_env, ofs);
        tcg_gen_ld_i64(t2, tcg_env, ofs + 8);
        tcg_gen_addi_i64(a, s->A0, 8);
        /* both pages are checked by the first store's fault, not atomic */
        tcg_gen_qemu_st_i64(t, s->A0, s->mem_index, MO_64);
        tcg_gen_qemu_st_i64(t2, a, s->mem_index, MO_64);
        break;
    }
    }
}

static void gen_copy_env(intptr_t dst, intptr_t src, int n)
{
    TCGv_i64 t = tcg_temp_new_i64();

    for (int i = 0; i < n; i += 8) {
        if (n - i >= 8) {
            tcg_gen_ld_i64(t, tcg_env, src + i);
            tcg_gen_st_i64(t, tcg_env, dst + i);
        } else {
            tcg_gen_ld32u_i64(t, tcg_env, src + i);
            tcg_gen_st32_i64(t, tcg_env, dst + i);
        }
    }
}

static void gen_zero_env(intptr_t dst, int n)
{
    for (int i = 0; i < n; i += 8) {
        if (n - i >= 8) {
            tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, dst + i);
        } else {
            tcg_gen_st32_i64(tcg_constant_i64(0), tcg_env, dst + i);
        }
    }
}

/* Offset of vector operand i (register), or -1 for memory. */
static intptr_t vec_reg_ofs(X86DecodedInsn *d, int i)
{
    switch (d->e->op[i]) {
    case X86_TYPE_V:
        return xmm_ofs(d->reg);
    case X86_TYPE_P:
        return mmx_ofs(d->reg);
    case X86_TYPE_U:
        return xmm_ofs(d->rm);
    case X86_TYPE_N:
        return mmx_ofs(d->modrm);
    case X86_TYPE_W:
        return d->mod == 3 ? xmm_ofs(d->rm) : -1;
    case X86_TYPE_Q:
        return d->mod == 3 ? mmx_ofs(d->modrm) : -1;
    default:
        return -1;
    }
}

/* Source operand i: its register, or memory loaded into the temp. */
static intptr_t gen_vec_src(DisasContext *s, X86DecodedInsn *d, int i,
                            bool align)
{
    intptr_t ofs = vec_reg_ofs(d, i);
    bool mmx = is_mmx_type(d->e->op[i]);
    int n;

    if (ofs >= 0) {
        return ofs;
    }
    n = mem_bytes(d->e->size[i], mmx);
    gen_lea_modrm(s, d);
    if (n == 16 && align) {
        gen_align16(s);
    }
    ofs = mmx ? (intptr_t)offsetof(CPUX86State, mmx_t0)
              : (intptr_t)offsetof(CPUX86State, xmm_t0);
    gen_ld_env(s, ofs, n);
    return ofs;
}

/* d = d op s (op 0 register, op 1 register/memory, op 2 optional imm8) */
static void gen_vec(DisasContext *s, X86DecodedInsn *d)
{
    uint32_t a = d->e->arg;
    intptr_t dofs, sofs;

    if (!insn_start(s, d)) {
        return;
    }
    dofs = vec_reg_ofs(d, 0);
    sofs = gen_vec_src(s, d, 1, !(a & A_UNAL));
    if (a & A_IMM) {
        tcg_gen_call4(sse_fns[a & 0x3ff], 0, NULL, tcg_env, env_ptr(dofs),
                      env_ptr(sofs), c32(d->imm & 0xff));
    } else {
        tcg_gen_call3(sse_fns[a & 0x3ff], 0, NULL, tcg_env, env_ptr(dofs),
                      env_ptr(sofs));
    }
}

/* Shift-by-immediate groups 0F 71..73: count goes through the temp. */
static void gen_vec_shift_imm(DisasContext *s, X86DecodedInsn *d)
{
    uint32_t a = d->e->arg;
    bool mmx = d->e->op[0] == X86_TYPE_N;
    intptr_t dofs = mmx ? mmx_ofs(d->modrm) : xmm_ofs(d->rm);
    intptr_t t = mmx ? (intptr_t)offsetof(CPUX86State, mmx_t0)
                     : (intptr_t)offsetof(CPUX86State, xmm_t0);

    if (!insn_start(s, d)) {
        return;
    }
    if (a & A_IMM) {
        tcg_gen_call4(sse_fns[a & 0x3ff], 0, NULL, tcg_env, env_ptr(dofs),
                      env_ptr(dofs), c32(d->imm & 0xff));
        return;
    }
    tcg_gen_st_i64(tcg_constant_i64(d->imm & 0xff), tcg_env, t);
    tcg_gen_call3(sse_fns[a & 0x3ff], 0, NULL, tcg_env, env_ptr(dofs),
                  env_ptr(t));
}

/*
 * Loads and register moves: op0 register <- op1 register/memory.
 * arg: bytes (low 5 bits) | A_* flags.
 */
static void gen_mov_ld(DisasContext *s, X86DecodedInsn *d)
{
    uint32_t a = d->e->arg;
    int n = a & 31, full = is_mmx_type(d->e->op[0]) ? 8 : 16;
    intptr_t dofs = vec_reg_ofs(d, 0), sofs = vec_reg_ofs(d, 1);

    if (!insn_start(s, d)) {
        return;
    }
    if (a & A_HIGH) {
        dofs += 8;
    }
    if (sofs >= 0) {
        gen_copy_env(dofs, sofs, n);
        if ((a & A_ZREG) && n < full) {
            gen_zero_env(dofs + n, full - n);
        }
        return;
    }
    gen_lea_modrm(s, d);
    if (n == 16 && !(a & A_UNAL)) {
        gen_align16(s);
    }
    gen_ld_env(s, dofs, n);
    if ((a & A_ZMEM) && n < full) {
        gen_zero_env(dofs + n, full - n);
    }
}

/* Stores: op0 register/memory <- op1 register. */
static void gen_mov_st(DisasContext *s, X86DecodedInsn *d)
{
    uint32_t a = d->e->arg;
    int n = a & 31, full = is_mmx_type(d->e->op[0]) ? 8 : 16;
    intptr_t dofs = vec_reg_ofs(d, 0), sofs = vec_reg_ofs(d, 1);

    if (!insn_start(s, d)) {
        return;
    }
    if (a & A_HIGH) {
        sofs += 8;
    }
    if (dofs >= 0) {
        gen_copy_env(dofs, sofs, n);
        if ((a & A_ZREG) && n < full) {
            gen_zero_env(dofs + n, full - n);
        }
        return;
    }
    gen_lea_modrm(s, d);
    if (n == 16 && !(a & A_UNAL)) {
        gen_align16(s);
    }
    gen_st_env(s, sofs, n);
}

/* 0F 12 / 0F 16 without prefix: register form is movhlps / movlhps. */
static void gen_movlh(DisasContext *s, X86DecodedInsn *d)
{
    bool high = d->e->arg & A_HIGH;

    if (d->mod == 3) {
        if (!insn_start(s, d)) {
            return;
        }
        tcg_gen_call3(high ? (void *)helper_movlhps : (void *)helper_movhlps,
                      0, NULL, tcg_env, env_ptr(xmm_ofs(d->reg)),
                      env_ptr(xmm_ofs(d->rm)));
        return;
    }
    gen_mov_ld(s, d);
}

/* movd/movq to a vector register from r/m32/64 (0F 6E) */
static void gen_movd_to(DisasContext *s, X86DecodedInsn *d)
{
    bool mmx = d->e->op[0] == X86_TYPE_P;
    intptr_t dofs = mmx ? mmx_ofs(d->reg) : xmm_ofs(d->reg);
    TCGv_i64 v = tcg_temp_new_i64();
    MemOp ot = d->rex_w ? MO_64 : MO_32;

    if (!insn_start(s, d)) {
        return;
    }
    if (d->mod == 3) {
        if (ot == MO_64) {
            tcg_gen_mov_i64(v, cpu_regs[d->rm]);
        } else {
            tcg_gen_ext32u_i64(v, cpu_regs[d->rm]);
        }
    } else {
        gen_lea_modrm(s, d);
        tcg_gen_qemu_ld_i64(v, s->A0, s->mem_index, ot);
    }
    tcg_gen_st_i64(v, tcg_env, dofs);
    if (!mmx) {
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, dofs + 8);
    }
}

/* movd/movq r/m32/64 from a vector register (0F 7E) */
static void gen_movd_from(DisasContext *s, X86DecodedInsn *d)
{
    bool mmx = d->e->op[1] == X86_TYPE_P;
    intptr_t sofs = mmx ? mmx_ofs(d->reg) : xmm_ofs(d->reg);
    TCGv_i64 v = tcg_temp_new_i64();
    MemOp ot = d->rex_w ? MO_64 : MO_32;

    if (!insn_start(s, d)) {
        return;
    }
    if (ot == MO_64) {
        tcg_gen_ld_i64(v, tcg_env, sofs);
    } else {
        tcg_gen_ld32u_i64(v, tcg_env, sofs);
    }
    if (d->mod == 3) {
        tcg_gen_mov_i64(cpu_regs[d->rm], v);
    } else {
        gen_lea_modrm(s, d);
        tcg_gen_qemu_st_i64(v, s->A0, s->mem_index, ot);
    }
}

/* pinsrb/w/d/q: arg = log2 element size */
static void gen_pinsr(DisasContext *s, X86DecodedInsn *d)
{
    int sz = d->e->arg & 3;
    bool mmx = d->e->op[0] == X86_TYPE_P;
    int nelem = (mmx ? 8 : 16) >> sz;
    intptr_t dofs = (mmx ? mmx_ofs(d->reg) : xmm_ofs(d->reg)) +
                    ((d->imm & (nelem - 1)) << sz);
    TCGv_i64 v = tcg_temp_new_i64();

    if (sz == MO_32 && d->rex_w) {
        sz = MO_64;
        dofs = xmm_ofs(d->reg) + ((d->imm & 1) << 3);
    }
    if (!insn_start(s, d)) {
        return;
    }
    if (d->mod == 3) {
        tcg_gen_mov_i64(v, cpu_regs[d->rm]);
    } else {
        gen_lea_modrm(s, d);
        tcg_gen_qemu_ld_i64(v, s->A0, s->mem_index, (MemOp)sz);
    }
    switch (sz) {
    case MO_8: tcg_gen_st8_i64(v, tcg_env, dofs); break;
    case MO_16: tcg_gen_st16_i64(v, tcg_env, dofs); break;
    case MO_32: tcg_gen_st32_i64(v, tcg_env, dofs); break;
    default: tcg_gen_st_i64(v, tcg_env, dofs); break;
    }
}

/* pextrb/w/d/q, extractps: arg = log2 element size; reg form zero-extends */
static void gen_pextr(DisasContext *s, X86DecodedInsn *d)
{
    int sz = d->e->arg & 3;
    bool mmx = is_mmx_type(d->e->op[1]);
    /* 0F C5 pextrw: G <- N/U; 0F 3A 14..17: E <- V */
    bool to_g = d->e->op[0] == X86_TYPE_G;
    int vreg = to_g ? (mmx ? d->modrm : d->rm) : d->reg;
    int nelem;
    intptr_t sofs;
    TCGv_i64 v = tcg_temp_new_i64();

    if (sz == MO_32 && d->rex_w && !(d->e->arg & 4)) {
        sz = MO_64;
    }
    nelem = (mmx ? 8 : 16) >> sz;
    sofs = (mmx ? mmx_ofs(vreg) : xmm_ofs(vreg)) + ((d->imm & (nelem - 1)) << sz);
    if (!insn_start(s, d)) {
        return;
    }
    switch (sz) {
    case MO_8: tcg_gen_ld8u_i64(v, tcg_env, sofs); break;
    case MO_16: tcg_gen_ld16u_i64(v, tcg_env, sofs); break;
    case MO_32: tcg_gen_ld32u_i64(v, tcg_env, sofs); break;
    default: tcg_gen_ld_i64(v, tcg_env, sofs); break;
    }
    if (to_g) {
        tcg_gen_mov_i64(cpu_regs[d->reg], v);
    } else if (d->mod == 3) {
        tcg_gen_mov_i64(cpu_regs[d->rm], v);
    } else {
        gen_lea_modrm(s, d);
        tcg_gen_qemu_st_i64(v, s->A0, s->mem_index, (MemOp)sz);
    }
}

/* pmovmskb / movmskps / movmskpd -> r32 (arg: 0 pmovmskb, 1 ps, 2 pd) */
static void gen_movmsk(DisasContext *s, X86DecodedInsn *d)
{
    bool mmx = d->e->op[1] == X86_TYPE_N;
    intptr_t sofs = mmx ? mmx_ofs(d->modrm) : xmm_ofs(d->rm);
    TCGv_i32 r = tcg_temp_new_i32();
    void *fn;

    if (!insn_start(s, d)) {
        return;
    }
    switch (d->e->arg) {
    case 0: fn = mmx ? (void *)helper_pmovmskb_mmx
                     : (void *)helper_pmovmskb_xmm; break;
    case 1: fn = (void *)helper_movmskps; break;
    default: fn = (void *)helper_movmskpd; break;
    }
    tcg_gen_call2(fn, TCG_CALL_NO_RWG_SE, r, tcg_env, env_ptr(sofs));
    tcg_gen_extu_i32_i64(cpu_regs[d->reg], r);
}

static void gen_cvtsi2s(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();
    MemOp ot = d->rex_w ? MO_64 : MO_32;

    if (!insn_start(s, d)) {
        return;
    }
    if (d->mod == 3) {
        tcg_gen_mov_i64(v, cpu_regs[d->rm]);
    } else {
        gen_lea_modrm(s, d);
        tcg_gen_qemu_ld_i64(v, s->A0, s->mem_index, ot);
    }
    tcg_gen_call4(d->e->arg ? (void *)helper_cvtsi2sd
                            : (void *)helper_cvtsi2ss, 0, NULL, tcg_env,
                  env_ptr(xmm_ofs(d->reg)), v, c32(ot == MO_64));
}

/* cvt(t)ss2si / cvt(t)sd2si: arg = helper kind */
static void gen_cvt2si(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 r = tcg_temp_new_i64();
    intptr_t sofs;

    if (!insn_start(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, false);
    tcg_gen_call4(helper_cvt2si, 0, r, tcg_env, env_ptr(sofs),
                  c32(d->e->arg), c32(d->rex_w));
    tcg_gen_mov_i64(cpu_regs[d->reg], r);
}

static void set_eflags_result(DisasContext *s, TCGv_i32 f)
{
    tcg_gen_extu_i32_i64(cpu_cc_src, f);
    tcg_gen_movi_i64(cpu_cc_dst, 0);
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = true;
}

/* comiss/ucomiss/comisd/ucomisd (arg: helper kind), ptest (arg 4) */
static void gen_vec_flags(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i32 f = tcg_temp_new_i32();
    intptr_t sofs;

    if (!insn_start(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, true);
    if (d->e->arg == 4) {
        tcg_gen_call3(helper_ptest, 0, f, tcg_env,
                      env_ptr(xmm_ofs(d->reg)), env_ptr(sofs));
    } else {
        tcg_gen_call4(helper_comis, 0, f, tcg_env, env_ptr(xmm_ofs(d->reg)),
                      env_ptr(sofs), c32(d->e->arg));
    }
    set_eflags_result(s, f);
}

/* pcmpestrm/estri/istrm/istri: arg = which (bit 0 m, bit 1 explicit) */
static void gen_pcmpstr(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i32 f = tcg_temp_new_i32();
    intptr_t sofs;

    if (!insn_start(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, false);
    tcg_gen_call5(helper_pcmpstr, 0, f, tcg_env, env_ptr(xmm_ofs(d->reg)),
                  env_ptr(sofs), c32(d->imm & 0xff),
                  c32(d->e->arg | (d->rex_w ? 4 : 0)));
    set_eflags_result(s, f);
}

/* crc32 r32/r64, r/m8 (arg 0) or r/m16/32/64 (arg 1) */
static void gen_crc32(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->e->arg ? (MemOp)d->ot : MO_8;
    TCGv_i64 v = tcg_temp_new_i64(), r = tcg_temp_new_i64();
    TCGv_i32 crc = tcg_temp_new_i32();

    if (d->mod == 3) {
        if (ot == MO_8 && !d->rex && d->rm >= 4 && d->rm < 8) {
            tcg_gen_extract_i64(v, cpu_regs[d->rm - 4], 8, 8); /* AH.. */
        } else {
            tcg_gen_mov_i64(v, cpu_regs[d->rm]);
        }
    } else {
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
        gen_lea_modrm(s, d);
        tcg_gen_qemu_ld_i64(v, s->A0, s->mem_index, ot);
    }
    tcg_gen_extrl_i64_i32(crc, cpu_regs[d->reg]);
    tcg_gen_call3(helper_crc32, TCG_CALL_NO_RWG_SE, r, crc, v,
                  c32(8 << ot));
    tcg_gen_mov_i64(cpu_regs[d->reg], r);
}

static void gen_cvt_mmx(DisasContext *s, X86DecodedInsn *d)
{
    gen_vec(s, d);
}

/* movq2dq xmm, mm (arg 0) / movdq2q mm, xmm (arg 1) */
static void gen_movq2dq(DisasContext *s, X86DecodedInsn *d)
{
    if (!insn_start(s, d)) {
        return;
    }
    if (d->e->arg == 0) {
        gen_copy_env(xmm_ofs(d->reg), mmx_ofs(d->modrm), 8);
        gen_zero_env(xmm_ofs(d->reg) + 8, 8);
    } else {
        gen_copy_env(mmx_ofs(d->reg), xmm_ofs(d->rm), 8);
    }
}

static void gen_maskmov(DisasContext *s, X86DecodedInsn *d)
{
    bool mmx = d->e->op[0] == X86_TYPE_P;
    int seg = d->override >= 0 ? d->override : R_DS;
    TCGv_i64 a = tcg_temp_new_i64();

    if (!insn_start(s, d)) {
        return;
    }
    switch (d->aflag) {
    case MO_16: tcg_gen_ext16u_i64(a, cpu_regs[R_EDI]); break;
    case MO_32: tcg_gen_ext32u_i64(a, cpu_regs[R_EDI]); break;
    default: tcg_gen_mov_i64(a, cpu_regs[R_EDI]); break;
    }
    if (!s->code64 || seg >= R_FS) {
        tcg_gen_add_i64(a, a, cpu_seg_base[seg]);
        if (!s->code64) {
            tcg_gen_ext32u_i64(a, a);
        }
    }
    tcg_gen_call6(helper_maskmov, 0, NULL, tcg_env,
                  env_ptr(mmx ? mmx_ofs(d->reg) : xmm_ofs(d->reg)),
                  env_ptr(mmx ? mmx_ofs(d->modrm) : xmm_ofs(d->rm)), a,
                  c32(s->mem_index), c32(mmx ? 8 : 16));
}

static void gen_emms(DisasContext *s, X86DecodedInsn *d)
{
    if (!vec_start(s, false, false)) {
        return;
    }
    tcg_gen_call1(helper_emms, 0, NULL, tcg_env);
}

/* 0F AE /0../3: fxsave, fxrstor, ldmxcsr, stmxcsr */
static void gen_grp15_mem(DisasContext *s, X86DecodedInsn *d)
{
    int k = d->e->arg;

    if (k >= 2) {
        if (!vec_start(s, false, true)) {
            return;
        }
    } else {
        if (s->flags & (HF_EM_MASK | HF_TS_MASK)) {
            gen_exception(s, EXCP07_PREX);
            return;
        }
        gen_update_cc_op(s);
        gen_update_eip_cur(s);
    }
    gen_lea_modrm(s, d);
    switch (k) {
    case 0:
        tcg_gen_call4(helper_fxsave, 0, NULL, tcg_env, s->A0,
                      c32(s->mem_index), c32(d->rex_w));
        break;
    case 1:
        tcg_gen_call4(helper_fxrstor, 0, NULL, tcg_env, s->A0,
                      c32(s->mem_index), c32(d->rex_w));
        break;
    case 2: {
        TCGv_i64 v = tcg_temp_new_i64();
        TCGv_i32 v32 = tcg_temp_new_i32();
        tcg_gen_qemu_ld_i64(v, s->A0, s->mem_index, MO_32);
        tcg_gen_extrl_i64_i32(v32, v);
        tcg_gen_call2(helper_ldmxcsr, 0, NULL, tcg_env, v32);
        break;
    }
    default: {
        TCGv_i64 v = tcg_temp_new_i64();
        tcg_gen_ld32u_i64(v, tcg_env, offsetof(CPUX86State, mxcsr));
        tcg_gen_qemu_st_i64(v, s->A0, s->mem_index, MO_32);
        break;
    }
    }
}

static void gen_movnti(DisasContext *s, X86DecodedInsn *d)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    gen_lea_modrm(s, d);
    tcg_gen_qemu_st_i64(cpu_regs[d->reg], s->A0, s->mem_index,
                        d->rex_w ? MO_64 : MO_32);
}

/* ---- tables ------------------------------------------------------------ */

#define FL (X86_F_NOLOAD | X86_F_SSE | X86_F_MODRM)
#define R(map, op, pfx, ...) {X86_MAP_##map, op, X86_PFX_##pfx, __VA_ARGS__}
/* d = d op s in MMX (no prefix) and XMM (66) forms */
#define MX(op, nm)                                                             \
    R(0F, op, NONE, X86_OP2(#nm, gen_vec, FL, SF_##nm##_mmx, P, q, Q, q)),     \
        R(0F, op, 66, X86_OP2(#nm, gen_vec, FL, SF_##nm##_xmm, V, x, W, x))
#define MX38(op, nm)                                                           \
    R(0F38, op, NONE, X86_OP2(#nm, gen_vec, FL, SF_##nm##_mmx, P, q, Q, q)),   \
        R(0F38, op, 66, X86_OP2(#nm, gen_vec, FL, SF_##nm##_xmm, V, x, W, x))
#define X66(map, op, nm) R(map, op, 66, X86_OP2(#nm, gen_vec, FL, SF_##nm, V, x, W, x))
#define XSZ(map, op, pfx, nm, sz)                                              \
    R(map, op, pfx, X86_OP2(#nm, gen_vec, FL, SF_##nm, V, x, W, sz))
#define XI(map, op, pfx, nm)                                                   \
    R(map, op, pfx,                                                            \
      X86_OP3(#nm, gen_vec, FL, SF_##nm | A_IMM, V, x, W, x, I, b))
/* the four columns ps/pd/ss/sd of 0F 5x */
#define FP4(op, nm)                                                            \
    XSZ(0F, op, NONE, nm##ps, x), XSZ(0F, op, 66, nm##pd, x),                  \
        XSZ(0F, op, F3, nm##ss, d), XSZ(0F, op, F2, nm##sd, q)
#define PMOVX(op, nm, sz) XSZ(0F38, op, 66, nm, sz)
#define LD(map, op, pfx, nm, t0, s0, t1, s1, a)                                \
    R(map, op, pfx, X86_OP2(#nm, gen_mov_ld, FL, a, t0, s0, t1, s1))
#define STO(map, op, pfx, nm, t0, s0, t1, s1, a)                               \
    R(map, op, pfx, X86_OP2(#nm, gen_mov_st, FL, a, t0, s0, t1, s1))

static const X86OpEntry grp12_mmx[8] = {
    [2] = X86_OP2("psrlw", gen_vec_shift_imm, FL, SF_psrlw_mmx, N, q, I, b),
    [4] = X86_OP2("psraw", gen_vec_shift_imm, FL, SF_psraw_mmx, N, q, I, b),
    [6] = X86_OP2("psllw", gen_vec_shift_imm, FL, SF_psllw_mmx, N, q, I, b),
};
static const X86OpEntry grp12_xmm[8] = {
    [2] = X86_OP2("psrlw", gen_vec_shift_imm, FL, SF_psrlw_xmm, U, x, I, b),
    [4] = X86_OP2("psraw", gen_vec_shift_imm, FL, SF_psraw_xmm, U, x, I, b),
    [6] = X86_OP2("psllw", gen_vec_shift_imm, FL, SF_psllw_xmm, U, x, I, b),
};
static const X86OpEntry grp13_mmx[8] = {
    [2] = X86_OP2("psrld", gen_vec_shift_imm, FL, SF_psrld_mmx, N, q, I, b),
    [4] = X86_OP2("psrad", gen_vec_shift_imm, FL, SF_psrad_mmx, N, q, I, b),
    [6] = X86_OP2("pslld", gen_vec_shift_imm, FL, SF_pslld_mmx, N, q, I, b),
};
static const X86OpEntry grp13_xmm[8] = {
    [2] = X86_OP2("psrld", gen_vec_shift_imm, FL, SF_psrld_xmm, U, x, I, b),
    [4] = X86_OP2("psrad", gen_vec_shift_imm, FL, SF_psrad_xmm, U, x, I, b),
    [6] = X86_OP2("pslld", gen_vec_shift_imm, FL, SF_pslld_xmm, U, x, I, b),
};
static const X86OpEntry grp14_mmx[8] = {
    [2] = X86_OP2("psrlq", gen_vec_shift_imm, FL, SF_psrlq_mmx, N, q, I, b),
    [6] = X86_OP2("psllq", gen_vec_shift_imm, FL, SF_psllq_mmx, N, q, I, b),
};
static const X86OpEntry grp14_xmm[8] = {
    [2] = X86_OP2("psrlq", gen_vec_shift_imm, FL, SF_psrlq_xmm, U, x, I, b),
    [3] = X86_OP2("psrldq", gen_vec_shift_imm, FL, SF_psrldq | A_IMM, U, x,
                  I, b),
    [6] = X86_OP2("psllq", gen_vec_shift_imm, FL, SF_psllq_xmm, U, x, I, b),
    [7] = X86_OP2("pslldq", gen_vec_shift_imm, FL, SF_pslldq | A_IMM, U, x,
                  I, b),
};

static const X86OpRegistration sse_ops[] = {
    /* 0F 10..17: moves */
    LD(0F, 0x10, NONE, movups, V, x, W, x, 16 | A_UNAL),
    LD(0F, 0x10, 66, movupd, V, x, W, x, 16 | A_UNAL),
    LD(0F, 0x10, F3, movss, V, x, W, d, 4 | A_ZMEM),
    LD(0F, 0x10, F2, movsd, V, x, W, q, 8 | A_ZMEM),
    STO(0F, 0x11, NONE, movups, W, x, V, x, 16 | A_UNAL),
    STO(0F, 0x11, 66, movupd, W, x, V, x, 16 | A_UNAL),
    STO(0F, 0x11, F3, movss, W, d, V, x, 4),
    STO(0F, 0x11, F2, movsd, W, q, V, x, 8),
    R(0F, 0x12, NONE, X86_OP2("movlps", gen_movlh, FL, 8, V, x, W, q)),
    LD(0F, 0x12, 66, movlpd, V, x, M, q, 8),
    XSZ(0F, 0x12, F2, movddup, q),
    XSZ(0F, 0x12, F3, movsldup, x),
    STO(0F, 0x13, NONE, movlps, M, q, V, x, 8),
    STO(0F, 0x13, 66, movlpd, M, q, V, x, 8),
    X66(0F, 0x14, unpcklpd), XSZ(0F, 0x14, NONE, unpcklps, x),
    X66(0F, 0x15, unpckhpd), XSZ(0F, 0x15, NONE, unpckhps, x),
    R(0F, 0x16, NONE,
      X86_OP2("movhps", gen_movlh, FL, 8 | A_HIGH, V, x, W, q)),
    LD(0F, 0x16, 66, movhpd, V, x, M, q, 8 | A_HIGH),
    XSZ(0F, 0x16, F3, movshdup, x),
    STO(0F, 0x17, NONE, movhps, M, q, V, x, 8 | A_HIGH),
    STO(0F, 0x17, 66, movhpd, M, q, V, x, 8 | A_HIGH),
    LD(0F, 0x28, NONE, movaps, V, x, W, x, 16),
    LD(0F, 0x28, 66, movapd, V, x, W, x, 16),
    STO(0F, 0x29, NONE, movaps, W, x, V, x, 16),
    STO(0F, 0x29, 66, movapd, W, x, V, x, 16),
    R(0F, 0x2a, NONE,
      X86_OP2("cvtpi2ps", gen_cvt_mmx, FL, SF_cvtpi2ps, V, x, Q, q)),
    R(0F, 0x2a, 66,
      X86_OP2("cvtpi2pd", gen_cvt_mmx, FL, SF_cvtpi2pd, V, x, Q, q)),
    R(0F, 0x2a, F3, X86_OP2("cvtsi2ss", gen_cvtsi2s, FL, 0, V, x, E, y)),
    R(0F, 0x2a, F2, X86_OP2("cvtsi2sd", gen_cvtsi2s, FL, 1, V, x, E, y)),
    STO(0F, 0x2b, NONE, movntps, M, x, V, x, 16),
    STO(0F, 0x2b, 66, movntpd, M, x, V, x, 16),
    R(0F, 0x2c, NONE,
      X86_OP2("cvttps2pi", gen_cvt_mmx, FL, SF_cvttps2pi | A_UNAL, P, q, W,
              q)),
    R(0F, 0x2c, 66,
      X86_OP2("cvttpd2pi", gen_cvt_mmx, FL, SF_cvttpd2pi, P, q, W, x)),
    R(0F, 0x2c, F3, X86_OP2("cvttss2si", gen_cvt2si, FL, 1, G, y, W, d)),
    R(0F, 0x2c, F2, X86_OP2("cvttsd2si", gen_cvt2si, FL, 3, G, y, W, q)),
    R(0F, 0x2d, NONE,
      X86_OP2("cvtps2pi", gen_cvt_mmx, FL, SF_cvtps2pi | A_UNAL, P, q, W,
              q)),
    R(0F, 0x2d, 66,
      X86_OP2("cvtpd2pi", gen_cvt_mmx, FL, SF_cvtpd2pi, P, q, W, x)),
    R(0F, 0x2d, F3, X86_OP2("cvtss2si", gen_cvt2si, FL, 0, G, y, W, d)),
    R(0F, 0x2d, F2, X86_OP2("cvtsd2si", gen_cvt2si, FL, 2, G, y, W, q)),
    R(0F, 0x2e, NONE, X86_OP2("ucomiss", gen_vec_flags, FL, 1, V, x, W, d)),
    R(0F, 0x2e, 66, X86_OP2("ucomisd", gen_vec_flags, FL, 3, V, x, W, q)),
    R(0F, 0x2f, NONE, X86_OP2("comiss", gen_vec_flags, FL, 0, V, x, W, d)),
    R(0F, 0x2f, 66, X86_OP2("comisd", gen_vec_flags, FL, 2, V, x, W, q)),

    /* 0F 50..5F */
    R(0F, 0x50, NONE, X86_OP2("movmskps", gen_movmsk, FL, 1, G, d, U, x)),
    R(0F, 0x50, 66, X86_OP2("movmskpd", gen_movmsk, FL, 2, G, d, U, x)),
    FP4(0x51, sqrt),
    XSZ(0F, 0x52, NONE, rsqrtps, x), XSZ(0F, 0x52, F3, rsqrtss, d),
    XSZ(0F, 0x53, NONE, rcpps, x), XSZ(0F, 0x53, F3, rcpss, d),
    R(0F, 0x54, NONE, X86_OP2("andps", gen_vec, FL, SF_pand_xmm, V, x, W, x)),
    R(0F, 0x54, 66, X86_OP2("andpd", gen_vec, FL, SF_pand_xmm, V, x, W, x)),
    R(0F, 0x55, NONE,
      X86_OP2("andnps", gen_vec, FL, SF_pandn_xmm, V, x, W, x)),
    R(0F, 0x55, 66, X86_OP2("andnpd", gen_vec, FL, SF_pandn_xmm, V, x, W, x)),
    R(0F, 0x56, NONE, X86_OP2("orps", gen_vec, FL, SF_por_xmm, V, x, W, x)),
    R(0F, 0x56, 66, X86_OP2("orpd", gen_vec, FL, SF_por_xmm, V, x, W, x)),
    R(0F, 0x57, NONE, X86_OP2("xorps", gen_vec, FL, SF_pxor_xmm, V, x, W, x)),
    R(0F, 0x57, 66, X86_OP2("xorpd", gen_vec, FL, SF_pxor_xmm, V, x, W, x)),
    FP4(0x58, add),
    FP4(0x59, mul),
    XSZ(0F, 0x5a, NONE, cvtps2pd, q), XSZ(0F, 0x5a, 66, cvtpd2ps, x),
    XSZ(0F, 0x5a, F3, cvtss2sd, d), XSZ(0F, 0x5a, F2, cvtsd2ss, q),
    XSZ(0F, 0x5b, NONE, cvtdq2ps, x), XSZ(0F, 0x5b, 66, cvtps2dq, x),
    XSZ(0F, 0x5b, F3, cvttps2dq, x),
    FP4(0x5c, sub),
    FP4(0x5d, min),
    FP4(0x5e, div),
    FP4(0x5f, max),

    /* 0F 60..7F */
    MX(0x60, punpcklbw), MX(0x61, punpcklwd), MX(0x62, punpckldq),
    MX(0x63, packsswb), MX(0x64, pcmpgtb), MX(0x65, pcmpgtw),
    MX(0x66, pcmpgtd), MX(0x67, packuswb), MX(0x68, punpckhbw),
    MX(0x69, punpckhwd), MX(0x6a, punpckhdq), MX(0x6b, packssdw),
    X66(0F, 0x6c, punpcklqdq), X66(0F, 0x6d, punpckhqdq),
    R(0F, 0x6e, NONE, X86_OP2("movd", gen_movd_to, FL, 0, P, q, E, y)),
    R(0F, 0x6e, 66, X86_OP2("movd", gen_movd_to, FL, 0, V, x, E, y)),
    LD(0F, 0x6f, NONE, movq, P, q, Q, q, 8),
    LD(0F, 0x6f, 66, movdqa, V, x, W, x, 16),
    LD(0F, 0x6f, F3, movdqu, V, x, W, x, 16 | A_UNAL),
    R(0F, 0x70, NONE,
      X86_OP3("pshufw", gen_vec, FL, SF_pshufw | A_IMM, P, q, Q, q, I, b)),
    XI(0F, 0x70, 66, pshufd), XI(0F, 0x70, F3, pshufhw),
    XI(0F, 0x70, F2, pshuflw),
    R(0F, 0x71, NONE, X86_GROUP("grp12", grp12_mmx, FL, N, q, I, b)),
    R(0F, 0x71, 66, X86_GROUP("grp12", grp12_xmm, FL, U, x, I, b)),
    R(0F, 0x72, NONE, X86_GROUP("grp13", grp13_mmx, FL, N, q, I, b)),
    R(0F, 0x72, 66, X86_GROUP("grp13", grp13_xmm, FL, U, x, I, b)),
    R(0F, 0x73, NONE, X86_GROUP("grp14", grp14_mmx, FL, N, q, I, b)),
    R(0F, 0x73, 66, X86_GROUP("grp14", grp14_xmm, FL, U, x, I, b)),
    MX(0x74, pcmpeqb), MX(0x75, pcmpeqw), MX(0x76, pcmpeqd),
    R(0F, 0x77, NONE, X86_OP0("emms", gen_emms, X86_F_NOLOAD, 0)),
    XSZ(0F, 0x7c, 66, haddpd, x), XSZ(0F, 0x7c, F2, haddps, x),
    XSZ(0F, 0x7d, 66, hsubpd, x), XSZ(0F, 0x7d, F2, hsubps, x),
    R(0F, 0x7e, NONE, X86_OP2("movd", gen_movd_from, FL, 0, E, y, P, q)),
    R(0F, 0x7e, 66, X86_OP2("movd", gen_movd_from, FL, 0, E, y, V, x)),
    LD(0F, 0x7e, F3, movq, V, x, W, q, 8 | A_ZMEM | A_ZREG),
    STO(0F, 0x7f, NONE, movq, Q, q, P, q, 8),
    STO(0F, 0x7f, 66, movdqa, W, x, V, x, 16),
    STO(0F, 0x7f, F3, movdqu, W, x, V, x, 16 | A_UNAL),

    /* 0F C2..C6, D0..FF */
    XI(0F, 0xc2, NONE, cmpps), XI(0F, 0xc2, 66, cmppd),
    R(0F, 0xc2, F3,
      X86_OP3("cmpss", gen_vec, FL, SF_cmpss | A_IMM, V, x, W, d, I, b)),
    R(0F, 0xc2, F2,
      X86_OP3("cmpsd", gen_vec, FL, SF_cmpsd | A_IMM, V, x, W, q, I, b)),
    R(0F, 0xc3, NONE,
      X86_OP2("movnti", gen_movnti, X86_F_NOLOAD | X86_F_MEMONLY, 0, M, y,
              G, y)),
    R(0F, 0xc4, NONE,
      X86_OP3("pinsrw", gen_pinsr, FL, MO_16, P, q, E, w, I, b)),
    R(0F, 0xc4, 66,
      X86_OP3("pinsrw", gen_pinsr, FL, MO_16, V, x, E, w, I, b)),
    R(0F, 0xc5, NONE,
      X86_OP3("pextrw", gen_pextr, FL, MO_16, G, d, N, q, I, b)),
    R(0F, 0xc5, 66,
      X86_OP3("pextrw", gen_pextr, FL, MO_16, G, d, U, x, I, b)),
    XI(0F, 0xc6, NONE, shufps), XI(0F, 0xc6, 66, shufpd),
    XSZ(0F, 0xd0, 66, addsubpd, x), XSZ(0F, 0xd0, F2, addsubps, x),
    MX(0xd1, psrlw), MX(0xd2, psrld), MX(0xd3, psrlq), MX(0xd4, paddq),
    MX(0xd5, pmullw),
    STO(0F, 0xd6, 66, movq, W, q, V, x, 8 | A_ZREG),
    R(0F, 0xd6, F3, X86_OP2("movq2dq", gen_movq2dq, FL, 0, V, x, N, q)),
    R(0F, 0xd6, F2, X86_OP2("movdq2q", gen_movq2dq, FL, 1, P, q, U, x)),
    R(0F, 0xd7, NONE, X86_OP2("pmovmskb", gen_movmsk, FL, 0, G, d, N, q)),
    R(0F, 0xd7, 66, X86_OP2("pmovmskb", gen_movmsk, FL, 0, G, d, U, x)),
    MX(0xd8, psubusb), MX(0xd9, psubusw), MX(0xda, pminub), MX(0xdb, pand),
    MX(0xdc, paddusb), MX(0xdd, paddusw), MX(0xde, pmaxub), MX(0xdf, pandn),
    MX(0xe0, pavgb), MX(0xe1, psraw), MX(0xe2, psrad), MX(0xe3, pavgw),
    MX(0xe4, pmulhuw), MX(0xe5, pmulhw),
    XSZ(0F, 0xe6, 66, cvttpd2dq, x), XSZ(0F, 0xe6, F3, cvtdq2pd, q),
    XSZ(0F, 0xe6, F2, cvtpd2dq, x),
    STO(0F, 0xe7, NONE, movntq, M, q, P, q, 8),
    STO(0F, 0xe7, 66, movntdq, M, x, V, x, 16),
    MX(0xe8, psubsb), MX(0xe9, psubsw), MX(0xea, pminsw), MX(0xeb, por),
    MX(0xec, paddsb), MX(0xed, paddsw), MX(0xee, pmaxsw), MX(0xef, pxor),
    LD(0F, 0xf0, F2, lddqu, V, x, M, x, 16 | A_UNAL),
    MX(0xf1, psllw), MX(0xf2, pslld), MX(0xf3, psllq), MX(0xf4, pmuludq),
    MX(0xf5, pmaddwd), MX(0xf6, psadbw),
    R(0F, 0xf7, NONE, X86_OP2("maskmovq", gen_maskmov, FL, 0, P, q, N, q)),
    R(0F, 0xf7, 66,
      X86_OP2("maskmovdqu", gen_maskmov, FL, 0, V, x, U, x)),
    MX(0xf8, psubb), MX(0xf9, psubw), MX(0xfa, psubd), MX(0xfb, psubq),
    MX(0xfc, paddb), MX(0xfd, paddw), MX(0xfe, paddd),

    /* 0F 38: SSSE3, SSE4.1, SSE4.2 */
    MX38(0x00, pshufb), MX38(0x01, phaddw), MX38(0x02, phaddd),
    MX38(0x03, phaddsw), MX38(0x04, pmaddubsw), MX38(0x05, phsubw),
    MX38(0x06, phsubd), MX38(0x07, phsubsw), MX38(0x08, psignb),
    MX38(0x09, psignw), MX38(0x0a, psignd), MX38(0x0b, pmulhrsw),
    X66(0F38, 0x10, pblendvb), X66(0F38, 0x14, blendvps),
    X66(0F38, 0x15, blendvpd),
    R(0F38, 0x17, 66, X86_OP2("ptest", gen_vec_flags, FL, 4, V, x, W, x)),
    MX38(0x1c, pabsb), MX38(0x1d, pabsw), MX38(0x1e, pabsd),
    PMOVX(0x20, pmovsxbw, q), PMOVX(0x21, pmovsxbd, d),
    PMOVX(0x22, pmovsxbq, w), PMOVX(0x23, pmovsxwd, q),
    PMOVX(0x24, pmovsxwq, d), PMOVX(0x25, pmovsxdq, q),
    X66(0F38, 0x28, pmuldq), X66(0F38, 0x29, pcmpeqq),
    LD(0F38, 0x2a, 66, movntdqa, V, x, M, x, 16),
    X66(0F38, 0x2b, packusdw),
    PMOVX(0x30, pmovzxbw, q), PMOVX(0x31, pmovzxbd, d),
    PMOVX(0x32, pmovzxbq, w), PMOVX(0x33, pmovzxwd, q),
    PMOVX(0x34, pmovzxwq, d), PMOVX(0x35, pmovzxdq, q),
    X66(0F38, 0x37, pcmpgtq),
    X66(0F38, 0x38, pminsb), X66(0F38, 0x39, pminsd),
    X66(0F38, 0x3a, pminuw), X66(0F38, 0x3b, pminud),
    X66(0F38, 0x3c, pmaxsb), X66(0F38, 0x3d, pmaxsd),
    X66(0F38, 0x3e, pmaxuw), X66(0F38, 0x3f, pmaxud),
    X66(0F38, 0x40, pmulld), X66(0F38, 0x41, phminposuw),
    R(0F38, 0xf0, F2,
      X86_OP2("crc32", gen_crc32, X86_F_NOLOAD | X86_F_MODRM, 0, G, d, E,
              b)),
    R(0F38, 0xf1, F2,
      X86_OP2("crc32", gen_crc32, X86_F_NOLOAD | X86_F_MODRM, 1, G, d, E,
              v)),

    /* 0F 3A */
    XI(0F3A, 0x08, 66, roundps), XI(0F3A, 0x09, 66, roundpd),
    R(0F3A, 0x0a, 66,
      X86_OP3("roundss", gen_vec, FL, SF_roundss | A_IMM, V, x, W, d, I, b)),
    R(0F3A, 0x0b, 66,
      X86_OP3("roundsd", gen_vec, FL, SF_roundsd | A_IMM, V, x, W, q, I, b)),
    XI(0F3A, 0x0c, 66, blendps), XI(0F3A, 0x0d, 66, blendpd),
    XI(0F3A, 0x0e, 66, pblendw),
    R(0F3A, 0x0f, NONE,
      X86_OP3("palignr", gen_vec, FL, SF_palignr_mmx | A_IMM, P, q, Q, q, I,
              b)),
    R(0F3A, 0x0f, 66,
      X86_OP3("palignr", gen_vec, FL, SF_palignr_xmm | A_IMM, V, x, W, x, I,
              b)),
    R(0F3A, 0x14, 66,
      X86_OP3("pextrb", gen_pextr, FL, MO_8, E, b, V, x, I, b)),
    R(0F3A, 0x15, 66,
      X86_OP3("pextrw", gen_pextr, FL, MO_16, E, w, V, x, I, b)),
    R(0F3A, 0x16, 66,
      X86_OP3("pextrd", gen_pextr, FL, MO_32, E, y, V, x, I, b)),
    R(0F3A, 0x17, 66,
      X86_OP3("extractps", gen_pextr, FL, MO_32 | 4, E, d, V, x, I, b)),
    R(0F3A, 0x20, 66,
      X86_OP3("pinsrb", gen_pinsr, FL, MO_8, V, x, E, b, I, b)),
    R(0F3A, 0x21, 66,
      X86_OP3("insertps", gen_vec, FL, SF_insertps | A_IMM | A_UNAL, V, x, W,
              d, I, b)),
    R(0F3A, 0x22, 66,
      X86_OP3("pinsrd", gen_pinsr, FL, MO_32, V, x, E, y, I, b)),
    XI(0F3A, 0x40, 66, dpps), XI(0F3A, 0x41, 66, dppd),
    XI(0F3A, 0x42, 66, mpsadbw),
    R(0F3A, 0x60, 66,
      X86_OP3("pcmpestrm", gen_pcmpstr, FL, 3, V, x, W, x, I, b)),
    R(0F3A, 0x61, 66,
      X86_OP3("pcmpestri", gen_pcmpstr, FL, 2, V, x, W, x, I, b)),
    R(0F3A, 0x62, 66,
      X86_OP3("pcmpistrm", gen_pcmpstr, FL, 1, V, x, W, x, I, b)),
    R(0F3A, 0x63, 66,
      X86_OP3("pcmpistri", gen_pcmpstr, FL, 0, V, x, W, x, I, b)),

    /* 0F AE memory forms */
    {X86_MAP_0FAE_M, 0, X86_PFX_NONE,
     X86_OP1("fxsave", gen_grp15_mem, X86_F_NOLOAD, 0, M, b)},
    {X86_MAP_0FAE_M, 1, X86_PFX_NONE,
     X86_OP1("fxrstor", gen_grp15_mem, X86_F_NOLOAD, 1, M, b)},
    {X86_MAP_0FAE_M, 2, X86_PFX_NONE,
     X86_OP1("ldmxcsr", gen_grp15_mem, X86_F_NOLOAD, 2, M, d)},
    {X86_MAP_0FAE_M, 3, X86_PFX_NONE,
     X86_OP1("stmxcsr", gen_grp15_mem, X86_F_NOLOAD, 3, M, d)},
};
X86_DECODE_REGISTER(sse_ops)
