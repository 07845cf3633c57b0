/*
 * x87 decoder entries (D8..DF) and their gen functions.  Each x87
 * instruction becomes one helper call (fpu_helper.c); memory operands of
 * up to 8 bytes are loaded by generated code, 10-byte and environment
 * images are accessed by the helpers.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/translate.h"
#include "target/i386/tcg/fpu-helper.h"
#include "target/i386/tcg/helper.h"

static TCGv_i32 c32(uint32_t v)
{
    return tcg_constant_i32(v);
}

/*
 * #NM/#UD checks, then for "waiting" instructions a pending unmasked
 * exception raises #MF before the instruction runs.
 */
static bool x87_start(DisasContext *s, bool wait)
{
    if (gen_check_fpu(s, false)) {
        return false;
    }
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    if (wait) {
        TCGv_i64 t = tcg_temp_new_i64();
        TCGLabel *ok = gen_new_label();

        tcg_gen_ld16u_i64(t, tcg_env, offsetof(CPUX86State, fpus));
        tcg_gen_andi_i64(t, t, FPUS_SE);
        tcg_gen_brcondi_i64(TCG_COND_EQ, t, 0, ok);
        tcg_gen_call1(helper_fwait, 0, NULL, tcg_env);
        gen_set_label(ok);
    }
    return true;
}

static TCGv_i64 x87_addr(DisasContext *s, X86DecodedInsn *d)
{
    gen_lea_modrm(s, d);
    return s->A0;
}

static bool x87_data32(DisasContext *s, X86DecodedInsn *d)
{
    return d->ot != MO_16;
}

/* D8/DA/DC/DE memory: arithmetic with m32fp, m32int, m64fp, m16int. */
static void gen_x87_arith_m(DisasContext *s, X86DecodedInsn *d)
{
    static const uint8_t kinds[4] = { FPM_F32, FPM_I32, FPM_F64, FPM_I16 };
    static const MemOp mops[4] = { MO_32, MO_SL, MO_64, MO_SW };
    int esc = (d->b - 0xd8) >> 1;
    TCGv_i64 v = tcg_temp_new_i64();

    if (!x87_start(s, true)) {
        return;
    }
    tcg_gen_qemu_ld_i64(v, x87_addr(s, d), s->mem_index, mops[esc]);
    tcg_gen_call4(helper_fop_m, 0, NULL, tcg_env, c32(d->reg & 7), v,
                  c32(kinds[esc]));
    if ((d->reg & 7) == FOP_COMP) {
        tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
    }
}

/* fld/fild of m16/m32/m64 (arg: FPM_* kind | MemOp << 8) */
static void gen_x87_ld_m(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    if (!x87_start(s, true)) {
        return;
    }
    tcg_gen_qemu_ld_i64(v, x87_addr(s, d), s->mem_index,
                        (MemOp)(d->e->arg >> 8));
    tcg_gen_call3(helper_fld_m, 0, NULL, tcg_env, v, c32(d->e->arg & 0xff));
}

/* fst/fstp/fist/fistp/fisttp (arg: kind | pop << 8) */
static void gen_x87_st_m(DisasContext *s, X86DecodedInsn *d)
{
    if (!x87_start(s, true)) {
        return;
    }
    tcg_gen_call5(helper_fst_m, 0, NULL, tcg_env, x87_addr(s, d),
                  c32(s->mem_index), c32(d->e->arg & 0xff),
                  c32(d->e->arg >> 8));
}

enum { X87M_FLDT, X87M_FSTPT, X87M_FBLD, X87M_FBSTP, X87M_FLDENV,
       X87M_FNSTENV, X87M_FRSTOR, X87M_FNSAVE };

static void gen_x87_mem_helper(DisasContext *s, X86DecodedInsn *d)
{
    int k = d->e->arg;
    bool wait = k < X87M_FLDENV;
    TCGv_i64 a;
    TCGv_i32 mi = c32(s->mem_index), d32 = c32(x87_data32(s, d));

    if (!x87_start(s, wait)) {
        return;
    }
    a = x87_addr(s, d);
    switch (k) {
    case X87M_FLDT:
        tcg_gen_call3(helper_fldt, 0, NULL, tcg_env, a, mi);
        break;
    case X87M_FSTPT:
        tcg_gen_call3(helper_fstt, 0, NULL, tcg_env, a, mi);
        break;
    case X87M_FBLD:
        tcg_gen_call3(helper_fbld, 0, NULL, tcg_env, a, mi);
        break;
    case X87M_FBSTP:
        tcg_gen_call3(helper_fbstp, 0, NULL, tcg_env, a, mi);
        break;
    case X87M_FLDENV:
        tcg_gen_call4(helper_fldenv, 0, NULL, tcg_env, a, mi, d32);
        break;
    case X87M_FNSTENV:
        tcg_gen_call4(helper_fnstenv, 0, NULL, tcg_env, a, mi, d32);
        break;
    case X87M_FRSTOR:
        tcg_gen_call4(helper_frstor, 0, NULL, tcg_env, a, mi, d32);
        break;
    default:
        tcg_gen_call4(helper_fnsave, 0, NULL, tcg_env, a, mi, d32);
        break;
    }
}

static void gen_x87_fldcw(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i32 v32 = tcg_temp_new_i32();

    if (!x87_start(s, true)) {
        return;
    }
    tcg_gen_qemu_ld_i64(v, x87_addr(s, d), s->mem_index, MO_16);
    tcg_gen_extrl_i64_i32(v32, v);
    tcg_gen_call2(helper_fldcw, 0, NULL, tcg_env, v32);
}

/* fnstcw m16, fnstsw m16, fnstsw ax (arg: 0 cw, 1 sw, 2 sw to AX) */
static void gen_x87_fnstxw(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    if (!x87_start(s, false)) {
        return;
    }
    if (d->e->arg == 0) {
        tcg_gen_ld16u_i64(v, tcg_env, offsetof(CPUX86State, fpuc));
    } else {
        TCGv_i32 r = tcg_temp_new_i32();
        tcg_gen_call1(helper_fnstsw, 0, r, tcg_env);
        tcg_gen_extu_i32_i64(v, r);
    }
    if (d->e->arg == 2) {
        tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], v, 0, 16);
    } else {
        tcg_gen_qemu_st_i64(v, x87_addr(s, d), s->mem_index, MO_16);
    }
}

/* ---- register forms ---------------------------------------------------- */

/* D8 (arg 0), DC (arg 1), DE (arg 2): arithmetic on registers */
static void gen_x87_arith_r(DisasContext *s, X86DecodedInsn *d)
{
    int op = d->reg & 7, i = d->modrm & 7;

    if (!x87_start(s, true)) {
        return;
    }
    if (op == FOP_COM || op == FOP_COMP) {
        tcg_gen_call3(helper_fcom_st, 0, NULL, tcg_env, c32(i), c32(0));
        if (op == FOP_COMP || d->e->arg == 2) {
            tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
        }
        return;
    }
    if (d->e->arg == 0) {
        tcg_gen_call4(helper_fop_st, 0, NULL, tcg_env, c32(op), c32(0),
                      c32(i));
    } else {
        /* ST(i) = ST(i) op ST(0); the SDM swaps SUB/SUBR and DIV/DIVR */
        if (op >= FOP_SUB) {
            op ^= 1;
        }
        tcg_gen_call4(helper_fop_st, 0, NULL, tcg_env, c32(op), c32(i),
                      c32(0));
        if (d->e->arg == 2) {
            tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
        }
    }
}

enum { X87R_FLD, X87R_FXCH, X87R_FNOP, X87R_FST, X87R_FSTP, X87R_FFREE,
       X87R_FFREEP, X87R_FUCOM, X87R_FUCOMP, X87R_FUCOMPP, X87R_FCOMPP,
       X87R_FDECSTP, X87R_FINCSTP, X87R_FNCLEX, X87R_FNINIT, X87R_NOP_NW };

static void gen_x87_misc_r(DisasContext *s, X86DecodedInsn *d)
{
    int k = d->e->arg, i = d->modrm & 7;
    bool wait = k != X87R_FNCLEX && k != X87R_FNINIT && k != X87R_NOP_NW;

    if (!x87_start(s, wait)) {
        return;
    }
    switch (k) {
    case X87R_FLD:
        tcg_gen_call2(helper_fld_st, 0, NULL, tcg_env, c32(i));
        break;
    case X87R_FXCH:
        tcg_gen_call2(helper_fxch, 0, NULL, tcg_env, c32(i));
        break;
    case X87R_FST:
    case X87R_FSTP:
        tcg_gen_call3(helper_fst_st, 0, NULL, tcg_env, c32(i),
                      c32(k == X87R_FSTP));
        break;
    case X87R_FFREE:
    case X87R_FFREEP:
        tcg_gen_call2(helper_ffree, 0, NULL, tcg_env, c32(i));
        if (k == X87R_FFREEP) {
            tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
        }
        break;
    case X87R_FUCOM:
    case X87R_FUCOMP:
        tcg_gen_call3(helper_fcom_st, 0, NULL, tcg_env, c32(i), c32(1));
        if (k == X87R_FUCOMP) {
            tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
        }
        break;
    case X87R_FUCOMPP:
    case X87R_FCOMPP:
        tcg_gen_call3(helper_fcom_st, 0, NULL, tcg_env, c32(1),
                      c32(k == X87R_FUCOMPP));
        tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
        tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
        break;
    case X87R_FDECSTP:
        tcg_gen_call1(helper_fdecstp, 0, NULL, tcg_env);
        break;
    case X87R_FINCSTP:
        tcg_gen_call1(helper_fincstp, 0, NULL, tcg_env);
        break;
    case X87R_FNCLEX:
        tcg_gen_call1(helper_fnclex, 0, NULL, tcg_env);
        break;
    case X87R_FNINIT:
        tcg_gen_call1(helper_fninit, 0, NULL, tcg_env);
        break;
    default: /* fnop, feni/fdisi/fsetpm */
        break;
    }
}

static void gen_x87_special(DisasContext *s, X86DecodedInsn *d)
{
    if (!x87_start(s, true)) {
        return;
    }
    tcg_gen_call2(helper_fspecial, 0, NULL, tcg_env, c32(d->e->arg));
}

static void gen_x87_fldconst(DisasContext *s, X86DecodedInsn *d)
{
    if (!x87_start(s, true)) {
        return;
    }
    tcg_gen_call2(helper_fldconst, 0, NULL, tcg_env, c32(d->modrm & 7));
}

/* fcomi/fucomi(p): arg bit 0 unordered, bit 1 pop */
static void gen_x87_fcomi(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i32 f = tcg_temp_new_i32();

    if (!x87_start(s, true)) {
        return;
    }
    tcg_gen_call3(helper_fcomi, 0, f, tcg_env, c32(d->modrm & 7),
                  c32(d->e->arg & 1));
    tcg_gen_extu_i32_i64(cpu_cc_src, f);
    tcg_gen_movi_i64(cpu_cc_dst, 0);
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = true;
    if (d->e->arg & 2) {
        tcg_gen_call1(helper_fpop, 0, NULL, tcg_env);
    }
}

/*
 * fcmovcc: arg = condition (0 B, 1 E, 2 BE, 3 U) | 4 for the negated DB
 * forms.  EFLAGS are computed from the lazy state first.
 */
static void gen_x87_fcmov(DisasContext *s, X86DecodedInsn *d)
{
    static const uint32_t masks[4] = { CC_C, CC_Z, CC_C | CC_Z, CC_P };
    TCGv_i64 fl = tcg_temp_new_i64();
    TCGLabel *skip = gen_new_label();
    uint32_t cond = d->e->arg;

    if (!x87_start(s, true)) {
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call4(helper_cc_compute_all, 0, fl, cpu_cc_dst, cpu_cc_src,
                  cpu_cc_src2, cpu_cc_op);
    tcg_gen_andi_i64(fl, fl, masks[cond & 3]);
    tcg_gen_brcondi_i64((cond & 4) ? TCG_COND_NE : TCG_COND_EQ, fl, 0, skip);
    tcg_gen_call2(helper_fcmov, 0, NULL, tcg_env, c32(d->modrm & 7));
    gen_set_label(skip);
}

/* FWAIT (9B) */
static void gen_x87_fwait(DisasContext *s, X86DecodedInsn *d)
{
    /* FWAIT raises #NM only when both MP and TS are set */
    if ((s->flags & HF_MP_MASK) && (s->flags & HF_TS_MASK)) {
        gen_exception(s, EXCP07_PREX);
        return;
    }
    gen_update_eip_cur(s);
    tcg_gen_call1(helper_fwait, 0, NULL, tcg_env);
}

/* ---- tables ------------------------------------------------------------ */

#define FL (X86_F_NOLOAD)
#define XM(esc, reg, ...)                                                      \
    {X86_MAP_X87_M, ((esc) - 0xd8) * 8 + (reg), X86_PFX_ANY, __VA_ARGS__}
#define XR(esc, reg, rm, ...)                                                  \
    {X86_MAP_X87_R, ((esc) - 0xd8) * 64 + (reg) * 8 + (rm), X86_PFX_ANY,       \
     __VA_ARGS__}
#define XR8(esc, reg, ...)                                                     \
    XR(esc, reg, 0, __VA_ARGS__), XR(esc, reg, 1, __VA_ARGS__),                \
        XR(esc, reg, 2, __VA_ARGS__), XR(esc, reg, 3, __VA_ARGS__),            \
        XR(esc, reg, 4, __VA_ARGS__), XR(esc, reg, 5, __VA_ARGS__),            \
        XR(esc, reg, 6, __VA_ARGS__), XR(esc, reg, 7, __VA_ARGS__)
#define M0(nm, fn, arg) X86_OP1(nm, fn, FL, arg, M, f)
#define R0(nm, fn, arg) X86_OP0(nm, fn, FL | X86_F_MODRM, arg)
#define ARITH_M(esc, nm)                                                       \
    XM(esc, 0, M0("fadd" nm, gen_x87_arith_m, 0)),                            \
        XM(esc, 1, M0("fmul" nm, gen_x87_arith_m, 0)),                        \
        XM(esc, 2, M0("fcom" nm, gen_x87_arith_m, 0)),                        \
        XM(esc, 3, M0("fcomp" nm, gen_x87_arith_m, 0)),                       \
        XM(esc, 4, M0("fsub" nm, gen_x87_arith_m, 0)),                        \
        XM(esc, 5, M0("fsubr" nm, gen_x87_arith_m, 0)),                       \
        XM(esc, 6, M0("fdiv" nm, gen_x87_arith_m, 0)),                        \
        XM(esc, 7, M0("fdivr" nm, gen_x87_arith_m, 0))
#define ARITH_R(esc, arg, sfx)                                                 \
    XR8(esc, 0, R0("fadd" sfx, gen_x87_arith_r, arg)),                        \
        XR8(esc, 1, R0("fmul" sfx, gen_x87_arith_r, arg)),                    \
        XR8(esc, 2, R0("fcom", gen_x87_arith_r, arg)),                        \
        XR8(esc, 3, R0("fcomp", gen_x87_arith_r, arg)),                       \
        XR8(esc, 4, R0((arg) ? "fsubr" sfx : "fsub", gen_x87_arith_r, arg)),  \
        XR8(esc, 5, R0((arg) ? "fsub" sfx : "fsubr", gen_x87_arith_r, arg)),  \
        XR8(esc, 6, R0((arg) ? "fdivr" sfx : "fdiv", gen_x87_arith_r, arg)),  \
        XR8(esc, 7, R0((arg) ? "fdiv" sfx : "fdivr", gen_x87_arith_r, arg))
#define LD(kind, mop) ((kind) | ((mop) << 8))
#define ST(kind, pop) ((kind) | ((pop) << 8))

static const X86OpRegistration x87_ops[] = {
    ARITH_M(0xd8, "s"),
    ARITH_M(0xda, "l"),
    ARITH_M(0xdc, "l"),
    ARITH_M(0xde, "s"),
    ARITH_R(0xd8, 0, ""),
    ARITH_R(0xdc, 1, ""),
    ARITH_R(0xde, 2, "p"),
    XR(0xde, 3, 1, R0("fcompp", gen_x87_misc_r, X87R_FCOMPP)),

    XM(0xd9, 0, M0("flds", gen_x87_ld_m, LD(FPM_F32, MO_32))),
    XM(0xd9, 2, M0("fsts", gen_x87_st_m, ST(FPM_F32, 0))),
    XM(0xd9, 3, M0("fstps", gen_x87_st_m, ST(FPM_F32, 1))),
    XM(0xd9, 4, M0("fldenv", gen_x87_mem_helper, X87M_FLDENV)),
    XM(0xd9, 5, M0("fldcw", gen_x87_fldcw, 0)),
    XM(0xd9, 6, M0("fnstenv", gen_x87_mem_helper, X87M_FNSTENV)),
    XM(0xd9, 7, M0("fnstcw", gen_x87_fnstxw, 0)),
    XM(0xdb, 0, M0("fildl", gen_x87_ld_m, LD(FPM_I32, MO_SL))),
    XM(0xdb, 1, M0("fisttpl", gen_x87_st_m, ST(FPM_I32T, 1))),
    XM(0xdb, 2, M0("fistl", gen_x87_st_m, ST(FPM_I32, 0))),
    XM(0xdb, 3, M0("fistpl", gen_x87_st_m, ST(FPM_I32, 1))),
    XM(0xdb, 5, M0("fldt", gen_x87_mem_helper, X87M_FLDT)),
    XM(0xdb, 7, M0("fstpt", gen_x87_mem_helper, X87M_FSTPT)),
    XM(0xdd, 0, M0("fldl", gen_x87_ld_m, LD(FPM_F64, MO_64))),
    XM(0xdd, 1, M0("fisttpll", gen_x87_st_m, ST(FPM_I64T, 1))),
    XM(0xdd, 2, M0("fstl", gen_x87_st_m, ST(FPM_F64, 0))),
    XM(0xdd, 3, M0("fstpl", gen_x87_st_m, ST(FPM_F64, 1))),
    XM(0xdd, 4, M0("frstor", gen_x87_mem_helper, X87M_FRSTOR)),
    XM(0xdd, 6, M0("fnsave", gen_x87_mem_helper, X87M_FNSAVE)),
    XM(0xdd, 7, M0("fnstsw", gen_x87_fnstxw, 1)),
    XM(0xdf, 0, M0("filds", gen_x87_ld_m, LD(FPM_I16, MO_SW))),
    XM(0xdf, 1, M0("fisttps", gen_x87_st_m, ST(FPM_I16T, 1))),
    XM(0xdf, 2, M0("fists", gen_x87_st_m, ST(FPM_I16, 0))),
    XM(0xdf, 3, M0("fistps", gen_x87_st_m, ST(FPM_I16, 1))),
    XM(0xdf, 4, M0("fbld", gen_x87_mem_helper, X87M_FBLD)),
    XM(0xdf, 5, M0("fildll", gen_x87_ld_m, LD(FPM_I64, MO_64))),
    XM(0xdf, 6, M0("fbstp", gen_x87_mem_helper, X87M_FBSTP)),
    XM(0xdf, 7, M0("fistpll", gen_x87_st_m, ST(FPM_I64, 1))),

    XR8(0xd9, 0, R0("fld", gen_x87_misc_r, X87R_FLD)),
    XR8(0xd9, 1, R0("fxch", gen_x87_misc_r, X87R_FXCH)),
    XR(0xd9, 2, 0, R0("fnop", gen_x87_misc_r, X87R_FNOP)),
    XR8(0xd9, 3, R0("fstp1", gen_x87_misc_r, X87R_FSTP)),
    XR(0xd9, 4, 0, R0("fchs", gen_x87_special, FSP_CHS)),
    XR(0xd9, 4, 1, R0("fabs", gen_x87_special, FSP_ABS)),
    XR(0xd9, 4, 4, R0("ftst", gen_x87_special, FSP_TST)),
    XR(0xd9, 4, 5, R0("fxam", gen_x87_special, FSP_XAM)),
    XR(0xd9, 5, 0, R0("fld1", gen_x87_fldconst, 0)),
    XR(0xd9, 5, 1, R0("fldl2t", gen_x87_fldconst, 0)),
    XR(0xd9, 5, 2, R0("fldl2e", gen_x87_fldconst, 0)),
    XR(0xd9, 5, 3, R0("fldpi", gen_x87_fldconst, 0)),
    XR(0xd9, 5, 4, R0("fldlg2", gen_x87_fldconst, 0)),
    XR(0xd9, 5, 5, R0("fldln2", gen_x87_fldconst, 0)),
    XR(0xd9, 5, 6, R0("fldz", gen_x87_fldconst, 0)),
    XR(0xd9, 6, 0, R0("f2xm1", gen_x87_special, FSP_F2XM1)),
    XR(0xd9, 6, 1, R0("fyl2x", gen_x87_special, FSP_FYL2X)),
    XR(0xd9, 6, 2, R0("fptan", gen_x87_special, FSP_FPTAN)),
    XR(0xd9, 6, 3, R0("fpatan", gen_x87_special, FSP_FPATAN)),
    XR(0xd9, 6, 4, R0("fxtract", gen_x87_special, FSP_FXTRACT)),
    XR(0xd9, 6, 5, R0("fprem1", gen_x87_special, FSP_FPREM1)),
    XR(0xd9, 6, 6, R0("fdecstp", gen_x87_misc_r, X87R_FDECSTP)),
    XR(0xd9, 6, 7, R0("fincstp", gen_x87_misc_r, X87R_FINCSTP)),
    XR(0xd9, 7, 0, R0("fprem", gen_x87_special, FSP_FPREM)),
    XR(0xd9, 7, 1, R0("fyl2xp1", gen_x87_special, FSP_FYL2XP1)),
    XR(0xd9, 7, 2, R0("fsqrt", gen_x87_special, FSP_FSQRT)),
    XR(0xd9, 7, 3, R0("fsincos", gen_x87_special, FSP_FSINCOS)),
    XR(0xd9, 7, 4, R0("frndint", gen_x87_special, FSP_FRNDINT)),
    XR(0xd9, 7, 5, R0("fscale", gen_x87_special, FSP_FSCALE)),
    XR(0xd9, 7, 6, R0("fsin", gen_x87_special, FSP_FSIN)),
    XR(0xd9, 7, 7, R0("fcos", gen_x87_special, FSP_FCOS)),

    XR8(0xda, 0, R0("fcmovb", gen_x87_fcmov, 0)),
    XR8(0xda, 1, R0("fcmove", gen_x87_fcmov, 1)),
    XR8(0xda, 2, R0("fcmovbe", gen_x87_fcmov, 2)),
    XR8(0xda, 3, R0("fcmovu", gen_x87_fcmov, 3)),
    XR(0xda, 5, 1, R0("fucompp", gen_x87_misc_r, X87R_FUCOMPP)),
    XR8(0xdb, 0, R0("fcmovnb", gen_x87_fcmov, 4)),
    XR8(0xdb, 1, R0("fcmovne", gen_x87_fcmov, 5)),
    XR8(0xdb, 2, R0("fcmovnbe", gen_x87_fcmov, 6)),
    XR8(0xdb, 3, R0("fcmovnu", gen_x87_fcmov, 7)),
    XR(0xdb, 4, 0, R0("feni", gen_x87_misc_r, X87R_NOP_NW)),
    XR(0xdb, 4, 1, R0("fdisi", gen_x87_misc_r, X87R_NOP_NW)),
    XR(0xdb, 4, 2, R0("fnclex", gen_x87_misc_r, X87R_FNCLEX)),
    XR(0xdb, 4, 3, R0("fninit", gen_x87_misc_r, X87R_FNINIT)),
    XR(0xdb, 4, 4, R0("fsetpm", gen_x87_misc_r, X87R_NOP_NW)),
    XR8(0xdb, 5, R0("fucomi", gen_x87_fcomi, 1)),
    XR8(0xdb, 6, R0("fcomi", gen_x87_fcomi, 0)),
    XR8(0xdd, 0, R0("ffree", gen_x87_misc_r, X87R_FFREE)),
    XR8(0xdd, 1, R0("fxch4", gen_x87_misc_r, X87R_FXCH)),
    XR8(0xdd, 2, R0("fst", gen_x87_misc_r, X87R_FST)),
    XR8(0xdd, 3, R0("fstp", gen_x87_misc_r, X87R_FSTP)),
    XR8(0xdd, 4, R0("fucom", gen_x87_misc_r, X87R_FUCOM)),
    XR8(0xdd, 5, R0("fucomp", gen_x87_misc_r, X87R_FUCOMP)),
    XR8(0xdf, 0, R0("ffreep", gen_x87_misc_r, X87R_FFREEP)),
    XR8(0xdf, 1, R0("fxch7", gen_x87_misc_r, X87R_FXCH)),
    XR8(0xdf, 2, R0("fstp8", gen_x87_misc_r, X87R_FSTP)),
    XR8(0xdf, 3, R0("fstp9", gen_x87_misc_r, X87R_FSTP)),
    XR(0xdf, 4, 0, R0("fnstsw", gen_x87_fnstxw, 2)),
    XR8(0xdf, 5, R0("fucomip", gen_x87_fcomi, 3)),
    XR8(0xdf, 6, R0("fcomip", gen_x87_fcomi, 2)),

    {X86_MAP_1B, 0x9b, X86_PFX_ANY, X86_OP0("fwait", gen_x87_fwait, FL, 0)},

    /* D8..DF only say "ModRM follows"; the X87_M/X87_R maps decide. */
#define ESC(b) {X86_MAP_1B, b, X86_PFX_ANY, X86_OP0("esc", NULL, X86_F_MODRM, 0)}
    ESC(0xd8), ESC(0xd9), ESC(0xda), ESC(0xdb),
    ESC(0xdc), ESC(0xdd), ESC(0xde), ESC(0xdf),
#undef ESC
};
X86_DECODE_REGISTER(x87_ops)
