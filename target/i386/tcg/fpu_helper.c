/*
 * x87 FPU helpers: the register stack, tags, status/control words,
 * environment and FXSAVE images in C; the arithmetic itself on the host's
 * x87 unit, run with the guest's control word (all exceptions masked) so
 * rounding, precision control, denormals, NaN rules and transcendental
 * results are those of real hardware.  The TCG back end only exists for
 * x86-64 hosts, so this is always available.
 */
#include "qemu/osdep.h"
#include "exec/exec-all.h"
#include "target/i386/tcg/fpu-helper.h"
#include "target/i386/tcg/helper.h"

#if !defined(__x86_64__)
#error "the x87 helpers execute on the host FPU: x86-64 hosts only"
#endif

#define FP_EXC_MASK 0x3f
#define FPU_INDEF_HIGH 0xffff
#define FPU_INDEF_LOW 0xc000000000000000ULL

/* ---- Host execution --------------------------------------------------- */

/* Host ops executed with ST0 = a, ST1 = b loaded (b below a). */
enum {
    H_ADD, H_MUL, H_SUB, H_SUBR, H_DIV, H_DIVR, H_COM, H_UCOM,
    H_TST, H_XAM, H_F2XM1, H_FYL2X, H_FPTAN, H_FPATAN, H_FXTRACT,
    H_FPREM1, H_FPREM, H_FYL2XP1, H_FSQRT, H_FSINCOS, H_FRNDINT,
    H_FSCALE, H_FSIN, H_FCOS,
    H_LD1, H_LDL2T, H_LDL2E, H_LDPI, H_LDLG2, H_LDLN2, H_LDZ,
};

typedef struct HostRes {
    FPReg r0, r1;    /* ST0, ST1 after the operation */
    uint16_t sw;     /* host status word right after the operation */
    int depth;       /* +1 pushed, 0, -1 popped */
} HostRes;

#define FFREE_ALL                                                              \
    "ffree %%st(0)\n\tffree %%st(1)\n\tffree %%st(2)\n\tffree %%st(3)\n\t"    \
    "ffree %%st(4)\n\tffree %%st(5)\n\tffree %%st(6)\n\tffree %%st(7)\n\t"
#define X87_CLOBBERS                                                           \
    "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)",      \
        "memory"

#define HOST2(insn)                                                            \
    asm volatile("fnstcw %[hcw]\n\t"                                           \
                 "fldcw %[cw]\n\t"                                             \
                 "fnclex\n\t"                                                  \
                 "fldt %[b]\n\t"                                               \
                 "fldt %[a]\n\t"                                               \
                 "fnstsw %[sw0]\n\t" insn "\n\t"                              \
                 "fnstsw %[sw]\n\t"                                            \
                 "fstpt %[r0]\n\t"                                             \
                 "fstpt %[r1]\n\t" FFREE_ALL "fnclex\n\t"                     \
                 "fldcw %[hcw]"                                                \
                 : [r0] "=m"(res->r0), [r1] "=m"(res->r1), [sw] "=m"(sw),     \
                   [sw0] "=m"(sw0), [hcw] "=m"(hcw)                            \
                 : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw)                      \
                 : X87_CLOBBERS)

static void host_x87(uint16_t guest_cw, int op, const FPReg *a,
                     const FPReg *b, HostRes *res)
{
    uint16_t cw = guest_cw | FP_EXC_MASK, hcw, sw = 0, sw0 = 0;

    memset(res, 0, sizeof(*res));
    switch (op) {
    case H_ADD: HOST2("fadd %%st(1), %%st"); break;
    case H_MUL: HOST2("fmul %%st(1), %%st"); break;
    case H_SUB: HOST2("fsub %%st(1), %%st"); break;
    case H_SUBR: HOST2("fsubr %%st(1), %%st"); break;
    case H_DIV: HOST2("fdiv %%st(1), %%st"); break;
    case H_DIVR: HOST2("fdivr %%st(1), %%st"); break;
    case H_COM: HOST2("fcom %%st(1)"); break;
    case H_UCOM: HOST2("fucom %%st(1)"); break;
    case H_TST: HOST2("ftst"); break;
    case H_XAM: HOST2("fxam"); break;
    case H_F2XM1: HOST2("f2xm1"); break;
    case H_FYL2X: HOST2("fyl2x"); break;
    case H_FPTAN: HOST2("fptan"); break;
    case H_FPATAN: HOST2("fpatan"); break;
    case H_FXTRACT: HOST2("fxtract"); break;
    case H_FPREM1: HOST2("fprem1"); break;
    case H_FPREM: HOST2("fprem"); break;
    case H_FYL2XP1: HOST2("fyl2xp1"); break;
    case H_FSQRT: HOST2("fsqrt"); break;
    case H_FSINCOS: HOST2("fsincos"); break;
    case H_FRNDINT: HOST2("frndint"); break;
    case H_FSCALE: HOST2("fscale"); break;
    case H_FSIN: HOST2("fsin"); break;
    case H_FCOS: HOST2("fcos"); break;
    case H_LD1: HOST2("fld1"); break;
    case H_LDL2T: HOST2("fldl2t"); break;
    case H_LDL2E: HOST2("fldl2e"); break;
    case H_LDPI: HOST2("fldpi"); break;
    case H_LDLG2: HOST2("fldlg2"); break;
    case H_LDLN2: HOST2("fldln2"); break;
    case H_LDZ: HOST2("fldz"); break;
    default:
        g_assert_not_reached();
    }
    res->sw = sw;
    res->depth = (int8_t)((((sw0 >> 11) - (sw >> 11)) & 7) << 5) >> 5;
}

/* Load a memory operand of the given kind into 80 bits. */
static FPReg host_load(uint16_t guest_cw, uint64_t val, int kind,
                       uint16_t *swp)
{
    uint16_t cw = guest_cw | FP_EXC_MASK, hcw, sw;
    FPReg r = { 0, 0 };

#define HLOAD(insn)                                                            \
    asm volatile("fnstcw %[hcw]\n\tfldcw %[cw]\n\tfnclex\n\t" insn            \
                 " %[v]\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfnclex\n\t"          \
                 "fldcw %[hcw]"                                                \
                 : [r] "=m"(r), [sw] "=m"(sw), [hcw] "=m"(hcw)                 \
                 : [v] "m"(val), [cw] "m"(cw)                                  \
                 : X87_CLOBBERS)
    switch (kind) {
    case FPM_F32: HLOAD("flds"); break;
    case FPM_F64: HLOAD("fldl"); break;
    case FPM_I32: HLOAD("fildl"); break;
    case FPM_I16: HLOAD("filds"); break;
    case FPM_I64: HLOAD("fildll"); break;
    default:
        g_assert_not_reached();
    }
#undef HLOAD
    *swp = sw;
    return r;
}

/* Convert ST value a for a store of the given kind. */
static uint64_t host_store(uint16_t guest_cw, const FPReg *a, int kind,
                           uint16_t *swp)
{
    uint16_t cw = guest_cw | FP_EXC_MASK, hcw, sw;
    uint64_t v = 0;

#define HSTORE(insn)                                                           \
    asm volatile("fnstcw %[hcw]\n\tfldcw %[cw]\n\tfnclex\n\tfldt %[a]\n\t"    \
                 insn " %[v]\n\tfnstsw %[sw]\n\t" FFREE_ALL "fnclex\n\t"      \
                 "fldcw %[hcw]"                                                \
                 : [v] "+m"(v), [sw] "=m"(sw), [hcw] "=m"(hcw)                 \
                 : [a] "m"(*a), [cw] "m"(cw)                                   \
                 : X87_CLOBBERS)
    switch (kind) {
    case FPM_F32: HSTORE("fstps"); break;
    case FPM_F64: HSTORE("fstpl"); break;
    case FPM_I32: HSTORE("fistpl"); break;
    case FPM_I16: HSTORE("fistps"); break;
    case FPM_I64: HSTORE("fistpll"); break;
    case FPM_I16T: HSTORE("fisttps"); break;
    case FPM_I32T: HSTORE("fisttpl"); break;
    case FPM_I64T: HSTORE("fisttpll"); break;
    default:
        g_assert_not_reached();
    }
#undef HSTORE
    *swp = sw;
    return v;
}

/* ---- Stack and status ------------------------------------------------- */

static inline int st_phys(CPUX86State *env, int i)
{
    return (env->fpstt + i) & 7;
}

static inline FPReg *st(CPUX86State *env, int i)
{
    return &env->fpregs[st_phys(env, i)];
}

static inline bool st_empty(CPUX86State *env, int i)
{
    return env->fptags[st_phys(env, i)] != 0;
}

static inline FPReg fp_indef(void)
{
    FPReg r = { FPU_INDEF_LOW, FPU_INDEF_HIGH };
    return r;
}

static void fpush(CPUX86State *env, FPReg v)
{
    env->fpstt = (env->fpstt - 1) & 7;
    env->fpregs[env->fpstt] = v;
    env->fptags[env->fpstt] = 0;
}

static void fpop(CPUX86State *env)
{
    env->fptags[env->fpstt] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

/* Merge exception flags; an unmasked one sets ES and B (#MF on wait). */
static void fp_raise_flags(CPUX86State *env, uint16_t flags)
{
    flags &= FP_EXC_MASK | FPUS_SF;
    env->fpus |= flags;
    if (flags & ~env->fpuc & FP_EXC_MASK) {
        env->fpus |= FPUS_SE | FPUS_B;
    }
}


/* Whether an exception in flags is unmasked and suppresses the result. */
static bool fp_unmasked(CPUX86State *env, uint16_t flags, uint16_t which)
{
    return (flags & which & ~env->fpuc) != 0;
}

#define FP_BLOCKING (FPUS_IE | FPUS_DE | FPUS_ZE)

/* Stack underflow: invalid operation with SF; C1 = 0.  True if masked. */
static bool fp_underflow(CPUX86State *env)
{
    env->fpus &= ~FPUS_C1;
    fp_raise_flags(env, FPUS_IE | FPUS_SF);
    return !(env->fpuc & FPUS_IE) ? false : true;
}

/* Stack overflow: invalid operation with SF; C1 = 1.  True if masked. */
static bool fp_overflow(CPUX86State *env)
{
    env->fpus |= FPUS_C1;
    fp_raise_flags(env, FPUS_IE | FPUS_SF);
    return (env->fpuc & FPUS_IE) != 0;
}

G_NORETURN void x86_fpu_raise(CPUX86State *env, int excp, uintptr_t ra)
{
    raise_exception_ra(env, excp, ra);
}

void helper_fwait(CPUX86State *env)
{
    if (env->fpus & FPUS_SE) {
        x86_fpu_raise(env, EXCP10_COPR, GETPC());
    }
}

void helper_fninit(CPUX86State *env)
{
    env->fpus = 0;
    env->fpstt = 0;
    env->fpuc = 0x37f;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
    env->fpop = 0;
}

void helper_fnclex(CPUX86State *env)
{
    env->fpus &= ~(FP_EXC_MASK | FPUS_SF | FPUS_SE | FPUS_B);
}

static void fp_update_summary(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & FP_EXC_MASK) {
        env->fpus |= FPUS_SE | FPUS_B;
    } else {
        env->fpus &= ~(FPUS_SE | FPUS_B);
    }
}

void helper_fldcw(CPUX86State *env, uint32_t cw)
{
    /* bits 6 and 13-15 are reserved; bit 6 reads as 1 on real parts */
    env->fpuc = (cw & 0x1f3f) | 0x40;
    fp_update_summary(env);
}

uint32_t helper_fnstsw(CPUX86State *env)
{
    return x86_fpu_status(env);
}

/* ---- Loads and stores ------------------------------------------------- */

static void fp_push_checked(CPUX86State *env, FPReg v, uint16_t sw)
{
    if (!env->fptags[(env->fpstt - 1) & 7]) {
        if (fp_overflow(env)) {
            fpush(env, fp_indef());
        }
        return;
    }
    env->fpus &= ~FPUS_C1;
    fp_raise_flags(env, sw);
    if (!fp_unmasked(env, sw, FP_BLOCKING)) {
        fpush(env, v);
    }
}

void helper_fld_m(CPUX86State *env, uint64_t val, uint32_t kind)
{
    uint16_t sw;
    FPReg v;

    if (kind > FPM_I64) {
        kind = FPM_I64;
    }
    v = host_load(env->fpuc, val, kind, &sw);
    fp_push_checked(env, v, sw & FP_EXC_MASK);
}

static FPReg fp_ld80(CPUX86State *env, uint64_t addr, int mmu_idx,
                     uintptr_t ra)
{
    FPReg r;

    r.low = cpu_ldq_mmuidx_ra(env, addr, mmu_idx, ra);
    r.high = cpu_lduw_mmuidx_ra(env, addr + 8, mmu_idx, ra);
    return r;
}

static void fp_st80(CPUX86State *env, uint64_t addr, FPReg v, int mmu_idx,
                    uintptr_t ra)
{
    cpu_stq_mmuidx_ra(env, addr, v.low, mmu_idx, ra);
    cpu_stw_mmuidx_ra(env, addr + 8, v.high, mmu_idx, ra);
}

void helper_fldt(CPUX86State *env, uint64_t addr, uint32_t mmu_idx)
{
    FPReg v = fp_ld80(env, addr, mmu_idx, GETPC());

    /* 80-bit loads never raise (no conversion) */
    fp_push_checked(env, v, 0);
}

void helper_fbld(CPUX86State *env, uint64_t addr, uint32_t mmu_idx)
{
    uintptr_t ra = GETPC();
    uint64_t lo = cpu_ldq_mmuidx_ra(env, addr, mmu_idx, ra);
    uint16_t hi = cpu_lduw_mmuidx_ra(env, addr + 8, mmu_idx, ra);
    uint8_t bcd[10];
    uint16_t cw = env->fpuc | FP_EXC_MASK, hcw, sw;
    FPReg r = { 0, 0 };

    memcpy(bcd, &lo, 8);
    memcpy(bcd + 8, &hi, 2);
    asm volatile("fnstcw %[hcw]\n\tfldcw %[cw]\n\tfnclex\n\tfbld %[v]\n\t"
                 "fnstsw %[sw]\n\tfstpt %[r]\n\tfnclex\n\tfldcw %[hcw]"
                 : [r] "=m"(r), [sw] "=m"(sw), [hcw] "=m"(hcw)
                 : [v] "m"(bcd), [cw] "m"(cw)
                 : X87_CLOBBERS);
    fp_push_checked(env, r, sw & FP_EXC_MASK);
}

static uint64_t fp_store_indef(int kind)
{
    switch (kind) {
    case FPM_F32: return 0xffc00000;
    case FPM_F64: return 0xfff8000000000000ULL;
    case FPM_I16: case FPM_I16T: return 0x8000;
    case FPM_I32: case FPM_I32T: return 0x80000000;
    default: return 0x8000000000000000ULL;
    }
}

static void fp_store_sized(CPUX86State *env, uint64_t addr, int mmu_idx,
                           int kind, uint64_t v, uintptr_t ra)
{
    switch (kind) {
    case FPM_I16: case FPM_I16T:
        cpu_stw_mmuidx_ra(env, addr, v, mmu_idx, ra);
        break;
    case FPM_F32: case FPM_I32: case FPM_I32T:
        cpu_stl_mmuidx_ra(env, addr, v, mmu_idx, ra);
        break;
    default:
        cpu_stq_mmuidx_ra(env, addr, v, mmu_idx, ra);
        break;
    }
}

void helper_fst_m(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                  uint32_t kind, uint32_t pop)
{
    uintptr_t ra = GETPC();
    uint16_t sw;
    uint64_t v;

    if (kind > FPM_I64T) {
        kind = FPM_F64;
    }
    if (st_empty(env, 0)) {
        if (!(env->fpuc & FPUS_IE)) {
            fp_underflow(env);
            return;
        }
        fp_store_sized(env, addr, mmu_idx, kind, fp_store_indef(kind), ra);
        fp_underflow(env);
        if (pop) {
            fpop(env);
        }
        return;
    }
    v = host_store(env->fpuc, st(env, 0), kind, &sw);
    if (!fp_unmasked(env, sw, FP_EXC_MASK & ~FPUS_PE)) {
        fp_store_sized(env, addr, mmu_idx, kind, v, ra);
        /* C1: rounded up */
        env->fpus = (env->fpus & ~FPUS_C1) | (sw & FPUS_C1);
        fp_raise_flags(env, sw);
        if (pop) {
            fpop(env);
        }
    } else {
        fp_raise_flags(env, sw);
    }
}

void helper_fstt(CPUX86State *env, uint64_t addr, uint32_t mmu_idx)
{
    uintptr_t ra = GETPC();

    if (st_empty(env, 0)) {
        if (!(env->fpuc & FPUS_IE)) {
            fp_underflow(env);
            return;
        }
        fp_st80(env, addr, fp_indef(), mmu_idx, ra);
        fp_underflow(env);
    } else {
        fp_st80(env, addr, *st(env, 0), mmu_idx, ra);
        env->fpus &= ~FPUS_C1;
    }
    fpop(env);
}

void helper_fbstp(CPUX86State *env, uint64_t addr, uint32_t mmu_idx)
{
    uintptr_t ra = GETPC();
    uint16_t cw = env->fpuc | FP_EXC_MASK, hcw, sw = 0;
    uint8_t bcd[10];
    FPReg a;
    uint64_t lo;
    uint16_t hi;

    if (st_empty(env, 0)) {
        if (!(env->fpuc & FPUS_IE)) {
            fp_underflow(env);
            return;
        }
        /* BCD indefinite */
        cpu_stq_mmuidx_ra(env, addr, 0xc000000000000000ULL, mmu_idx, ra);
        cpu_stw_mmuidx_ra(env, addr + 8, 0xffff, mmu_idx, ra);
        fp_underflow(env);
        fpop(env);
        return;
    }
    a = *st(env, 0);
    asm volatile("fnstcw %[hcw]\n\tfldcw %[cw]\n\tfnclex\n\tfldt %[a]\n\t"
                 "fbstp %[v]\n\tfnstsw %[sw]\n\tfnclex\n\tfldcw %[hcw]"
                 : [v] "=m"(bcd), [sw] "=m"(sw), [hcw] "=m"(hcw)
                 : [a] "m"(a), [cw] "m"(cw)
                 : X87_CLOBBERS);
    sw &= FP_EXC_MASK;
    if (fp_unmasked(env, sw, FP_EXC_MASK & ~FPUS_PE)) {
        fp_raise_flags(env, sw);
        return;
    }
    memcpy(&lo, bcd, 8);
    memcpy(&hi, bcd + 8, 2);
    cpu_stq_mmuidx_ra(env, addr, lo, mmu_idx, ra);
    cpu_stw_mmuidx_ra(env, addr + 8, hi, mmu_idx, ra);
    env->fpus &= ~FPUS_C1;
    fp_raise_flags(env, sw);
    fpop(env);
}

void helper_fld_st(CPUX86State *env, uint32_t i)
{
    FPReg v;

    if (st_empty(env, i & 7)) {
        /* underflow of the source, then the push */
        if (!env->fptags[(env->fpstt - 1) & 7]) {
            if (fp_overflow(env)) {
                fpush(env, fp_indef());
            }
            return;
        }
        if (fp_underflow(env)) {
            fpush(env, fp_indef());
        }
        return;
    }
    v = *st(env, i & 7);
    fp_push_checked(env, v, 0);
}

void helper_fldconst(CPUX86State *env, uint32_t which)
{
    static const uint8_t map[] = {
        H_LD1, H_LDL2T, H_LDL2E, H_LDPI, H_LDLG2, H_LDLN2, H_LDZ
    };
    FPReg z = { 0, 0 };
    HostRes r;

    if (which >= ARRAY_SIZE(map)) {
        which = FC_ZERO;
    }
    host_x87(env->fpuc, map[which], &z, &z, &r);
    fp_push_checked(env, r.r0, 0);
}

void helper_fst_st(CPUX86State *env, uint32_t i, uint32_t pop)
{
    i &= 7;
    if (st_empty(env, 0)) {
        if (fp_underflow(env)) {
            *st(env, i) = fp_indef();
            env->fptags[st_phys(env, i)] = 0;
            if (pop) {
                fpop(env);
            }
        }
        return;
    }
    env->fpus &= ~FPUS_C1;
    *st(env, i) = *st(env, 0);
    env->fptags[st_phys(env, i)] = 0;
    if (pop) {
        fpop(env);
    }
}

/* ---- Arithmetic and compares ------------------------------------------ */

static const uint8_t fop_host[8] = {
    [FOP_ADD] = H_ADD, [FOP_MUL] = H_MUL, [FOP_COM] = H_COM,
    [FOP_COMP] = H_COM, [FOP_SUB] = H_SUB, [FOP_SUBR] = H_SUBR,
    [FOP_DIV] = H_DIV, [FOP_DIVR] = H_DIVR,
};

static void fp_arith(CPUX86State *env, int op, int dst, const FPReg *a,
                     const FPReg *b, uint16_t pre_flags)
{
    HostRes r;
    uint16_t flags;

    host_x87(env->fpuc, fop_host[op & 7], a, b, &r);
    flags = (r.sw & FP_EXC_MASK) | pre_flags;
    env->fpus = (env->fpus & ~FPUS_CC) | (r.sw & FPUS_CC);
    fp_raise_flags(env, flags);
    if (!fp_unmasked(env, flags, FP_BLOCKING)) {
        *st(env, dst) = r.r0;
    }
}

void helper_fop_st(CPUX86State *env, uint32_t op, uint32_t dst,
                   uint32_t src)
{
    FPReg a, b;

    dst &= 7;
    src &= 7;
    if (op == FOP_COM || op == FOP_COMP) {
        helper_fcom_st(env, src, 0);
        return;
    }
    if (st_empty(env, dst) || st_empty(env, src)) {
        if (fp_underflow(env)) {
            *st(env, dst) = fp_indef();
            env->fptags[st_phys(env, dst)] = 0;
        }
        return;
    }
    a = *st(env, dst);
    b = *st(env, src);
    fp_arith(env, op, dst, &a, &b, 0);
}

static void fp_compare(CPUX86State *env, const FPReg *a, const FPReg *b,
                       bool unordered, uint16_t pre_flags)
{
    HostRes r;

    host_x87(env->fpuc, unordered ? H_UCOM : H_COM, a, b, &r);
    env->fpus = (env->fpus & ~FPUS_CC) |
                (r.sw & (FPUS_C0 | FPUS_C2 | FPUS_C3));
    fp_raise_flags(env, (r.sw & FP_EXC_MASK) | pre_flags);
}

static void fp_compare_empty(CPUX86State *env)
{
    if (fp_underflow(env)) {
        env->fpus |= FPUS_C0 | FPUS_C2 | FPUS_C3;
    }
}

void helper_fop_m(CPUX86State *env, uint32_t op, uint64_t val,
                  uint32_t kind)
{
    uint16_t sw;
    FPReg a, b;

    if (kind > FPM_I16) {
        kind = FPM_F64;
    }
    if (st_empty(env, 0)) {
        if (op == FOP_COM || op == FOP_COMP) {
            fp_compare_empty(env);
        } else if (fp_underflow(env)) {
            *st(env, 0) = fp_indef();
        }
        return;
    }
    b = host_load(env->fpuc, val, kind, &sw);
    sw &= FP_EXC_MASK;
    if (fp_unmasked(env, sw, FP_BLOCKING)) {
        fp_raise_flags(env, sw);
        return;
    }
    a = *st(env, 0);
    if (op == FOP_COM || op == FOP_COMP) {
        fp_compare(env, &a, &b, false, sw);
    } else {
        fp_arith(env, op, 0, &a, &b, sw);
    }
}

void helper_fcom_st(CPUX86State *env, uint32_t i, uint32_t unordered)
{
    FPReg a, b;

    i &= 7;
    if (st_empty(env, 0) || st_empty(env, i)) {
        fp_compare_empty(env);
        return;
    }
    a = *st(env, 0);
    b = *st(env, i);
    fp_compare(env, &a, &b, unordered, 0);
    env->fpus &= ~FPUS_C1;
}

uint32_t helper_fcomi(CPUX86State *env, uint32_t i, uint32_t unordered)
{
    uint16_t saved = env->fpus & FPUS_CC;
    uint32_t eflags = 0;

    helper_fcom_st(env, i, unordered);
    if (env->fpus & FPUS_C0) {
        eflags |= CC_C;
    }
    if (env->fpus & FPUS_C2) {
        eflags |= CC_P;
    }
    if (env->fpus & FPUS_C3) {
        eflags |= CC_Z;
    }
    /* fcomi leaves C0/C2/C3 alone; C1 is cleared unless stack fault */
    env->fpus = (env->fpus & ~(FPUS_C0 | FPUS_C2 | FPUS_C3)) |
                (saved & (FPUS_C0 | FPUS_C2 | FPUS_C3));
    return eflags;
}

void helper_fpop(CPUX86State *env)
{
    fpop(env);
}

void helper_fxch(CPUX86State *env, uint32_t i)
{
    int p0 = st_phys(env, 0), pi = st_phys(env, i & 7);
    FPReg t;
    uint8_t tag;

    if (env->fptags[p0] || env->fptags[pi]) {
        if (!fp_underflow(env)) {
            return;
        }
        /* masked: empty registers become indefinite, then exchange */
        if (env->fptags[p0]) {
            env->fpregs[p0] = fp_indef();
            env->fptags[p0] = 0;
        }
        if (env->fptags[pi]) {
            env->fpregs[pi] = fp_indef();
            env->fptags[pi] = 0;
        }
    } else {
        env->fpus &= ~FPUS_C1;
    }
    t = env->fpregs[p0];
    env->fpregs[p0] = env->fpregs[pi];
    env->fpregs[pi] = t;
    tag = env->fptags[p0];
    env->fptags[p0] = env->fptags[pi];
    env->fptags[pi] = tag;
}

void helper_ffree(CPUX86State *env, uint32_t i)
{
    env->fptags[st_phys(env, i & 7)] = 1;
}

void helper_fincstp(CPUX86State *env)
{
    env->fpstt = (env->fpstt + 1) & 7;
    env->fpus &= ~FPUS_C1;
}

void helper_fdecstp(CPUX86State *env)
{
    env->fpstt = (env->fpstt - 1) & 7;
    env->fpus &= ~FPUS_C1;
}

void helper_fcmov(CPUX86State *env, uint32_t i)
{
    i &= 7;
    if (st_empty(env, 0) || st_empty(env, i)) {
        if (fp_underflow(env)) {
            *st(env, 0) = fp_indef();
            env->fptags[st_phys(env, 0)] = 0;
        }
        return;
    }
    env->fpus &= ~FPUS_C1;
    *st(env, 0) = *st(env, i);
}

/* ---- Special operations ----------------------------------------------- */

static const struct {
    uint8_t host;
    uint8_t nin;      /* operands: ST0, or ST0 and ST1 */
    int8_t depth;     /* +1 pushes, -1 pops (result in ST1) */
} fsp_info[FSP_COUNT] = {
    [FSP_CHS] = { 0, 1, 0 },
    [FSP_ABS] = { 0, 1, 0 },
    [FSP_TST] = { H_TST, 1, 0 },
    [FSP_XAM] = { H_XAM, 1, 0 },
    [FSP_F2XM1] = { H_F2XM1, 1, 0 },
    [FSP_FYL2X] = { H_FYL2X, 2, -1 },
    [FSP_FPTAN] = { H_FPTAN, 1, 1 },
    [FSP_FPATAN] = { H_FPATAN, 2, -1 },
    [FSP_FXTRACT] = { H_FXTRACT, 1, 1 },
    [FSP_FPREM1] = { H_FPREM1, 2, 0 },
    [FSP_FPREM] = { H_FPREM, 2, 0 },
    [FSP_FYL2XP1] = { H_FYL2XP1, 2, -1 },
    [FSP_FSQRT] = { H_FSQRT, 1, 0 },
    [FSP_FSINCOS] = { H_FSINCOS, 1, 1 },
    [FSP_FRNDINT] = { H_FRNDINT, 1, 0 },
    [FSP_FSCALE] = { H_FSCALE, 2, 0 },
    [FSP_FSIN] = { H_FSIN, 1, 0 },
    [FSP_FCOS] = { H_FCOS, 1, 0 },
};

void helper_fspecial(CPUX86State *env, uint32_t op)
{
    FPReg a, b = { 0, 0 };
    HostRes r;
    uint16_t flags;

    if (op >= FSP_COUNT) {
        return;
    }
    if (op == FSP_XAM) {
        if (st_empty(env, 0)) {
            uint16_t c1 = (st(env, 0)->high & 0x8000) ? FPUS_C1 : 0;
            env->fpus = (env->fpus & ~FPUS_CC) | FPUS_C3 | FPUS_C0 | c1;
            return;
        }
    }
    if (st_empty(env, 0) || (fsp_info[op].nin == 2 && st_empty(env, 1))) {
        if (op == FSP_TST) {
            fp_compare_empty(env);
            return;
        }
        if (fsp_info[op].depth > 0 && !env->fptags[(env->fpstt - 1) & 7]) {
            if (fp_overflow(env)) {
                *st(env, 0) = fp_indef();
                env->fptags[st_phys(env, 0)] = 0;
                fpush(env, fp_indef());
            }
            return;
        }
        if (!fp_underflow(env)) {
            return;
        }
        switch (fsp_info[op].depth) {
        case -1:
            *st(env, 1) = fp_indef();
            env->fptags[st_phys(env, 1)] = 0;
            fpop(env);
            break;
        case 1:
            *st(env, 0) = fp_indef();
            env->fptags[st_phys(env, 0)] = 0;
            fpush(env, fp_indef());
            break;
        default:
            *st(env, 0) = fp_indef();
            env->fptags[st_phys(env, 0)] = 0;
            break;
        }
        return;
    }
    a = *st(env, 0);
    if (op == FSP_CHS || op == FSP_ABS) {
        env->fpus &= ~FPUS_C1;
        if (op == FSP_CHS) {
            st(env, 0)->high ^= 0x8000;
        } else {
            st(env, 0)->high &= 0x7fff;
        }
        return;
    }
    if (fsp_info[op].nin == 2) {
        b = *st(env, 1);
    }
    if (fsp_info[op].depth > 0 && !env->fptags[(env->fpstt - 1) & 7]) {
        /* the result push would overflow: nothing is computed */
        if (fp_overflow(env)) {
            *st(env, 0) = fp_indef();
            fpush(env, fp_indef());
        }
        return;
    }
    host_x87(env->fpuc, fsp_info[op].host, &a, &b, &r);
    flags = r.sw & FP_EXC_MASK;
    env->fpus = (env->fpus & ~FPUS_CC) | (r.sw & FPUS_CC);
    fp_raise_flags(env, flags);
    if (op == FSP_TST || op == FSP_XAM) {
        return;
    }
    if (fp_unmasked(env, flags, FP_BLOCKING)) {
        return;
    }
    switch (r.depth) {
    case 1:
        *st(env, 0) = r.r1;
        fpush(env, r.r0);
        break;
    case -1:
        *st(env, 1) = r.r0;
        fpop(env);
        break;
    default:
        *st(env, 0) = r.r0;
        break;
    }
}

/* ---- Tags, environment, save/restore ---------------------------------- */

static int fp_tag_of(const FPReg *r)
{
    int exp = r->high & 0x7fff;

    if (exp == 0x7fff) {
        return 2;
    }
    if (exp == 0) {
        return r->low == 0 ? 1 : 2;
    }
    return (r->low >> 63) ? 0 : 2; /* unnormal: special */
}

uint16_t x86_fpu_full_tags(CPUX86State *env)
{
    uint16_t tw = 0;

    for (int i = 0; i < 8; i++) {
        int t = env->fptags[i] ? 3 : fp_tag_of(&env->fpregs[i]);
        tw |= t << (2 * i);
    }
    return tw;
}

uint8_t x86_fpu_abridged_tags(CPUX86State *env)
{
    uint8_t t = 0;

    for (int i = 0; i < 8; i++) {
        if (!env->fptags[i]) {
            t |= 1 << i;
        }
    }
    return t;
}

static bool fp_real_mode(CPUX86State *env)
{
    return !(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK);
}

/* Write the 14/28-byte environment; stores happen before any change. */
static void fp_store_env(CPUX86State *env, uint64_t addr, int mmu_idx,
                         bool data32, uintptr_t ra)
{
    uint16_t fsw = x86_fpu_status(env);
    uint16_t ftw = x86_fpu_full_tags(env);
    uint32_t fip = env->fpip, fdp = env->fpdp;
    uint16_t fop = env->fpop & 0x7ff;

    if (data32) {
        cpu_stl_mmuidx_ra(env, addr, 0xffff0000 | env->fpuc, mmu_idx, ra);
        cpu_stl_mmuidx_ra(env, addr + 4, 0xffff0000 | fsw, mmu_idx, ra);
        cpu_stl_mmuidx_ra(env, addr + 8, 0xffff0000 | ftw, mmu_idx, ra);
        if (fp_real_mode(env)) {
            cpu_stl_mmuidx_ra(env, addr + 12, 0xffff0000 | (fip & 0xffff),
                              mmu_idx, ra);
            cpu_stl_mmuidx_ra(env, addr + 16,
                              ((fip >> 4) & 0x0ffff000) | fop, mmu_idx, ra);
            cpu_stl_mmuidx_ra(env, addr + 20, 0xffff0000 | (fdp & 0xffff),
                              mmu_idx, ra);
            cpu_stl_mmuidx_ra(env, addr + 24, (fdp >> 4) & 0x0ffff000,
                              mmu_idx, ra);
        } else {
            cpu_stl_mmuidx_ra(env, addr + 12, fip, mmu_idx, ra);
            cpu_stl_mmuidx_ra(env, addr + 16, env->fpcs | (fop << 16),
                              mmu_idx, ra);
            cpu_stl_mmuidx_ra(env, addr + 20, fdp, mmu_idx, ra);
            cpu_stl_mmuidx_ra(env, addr + 24, 0xffff0000 | env->fpds,
                              mmu_idx, ra);
        }
    } else {
        cpu_stw_mmuidx_ra(env, addr, env->fpuc, mmu_idx, ra);
        cpu_stw_mmuidx_ra(env, addr + 2, fsw, mmu_idx, ra);
        cpu_stw_mmuidx_ra(env, addr + 4, ftw, mmu_idx, ra);
        if (fp_real_mode(env)) {
            cpu_stw_mmuidx_ra(env, addr + 6, fip, mmu_idx, ra);
            cpu_stw_mmuidx_ra(env, addr + 8, ((fip >> 4) & 0xf000) | fop,
                              mmu_idx, ra);
            cpu_stw_mmuidx_ra(env, addr + 10, fdp, mmu_idx, ra);
            cpu_stw_mmuidx_ra(env, addr + 12, (fdp >> 4) & 0xf000, mmu_idx,
                              ra);
        } else {
            cpu_stw_mmuidx_ra(env, addr + 6, fip, mmu_idx, ra);
            cpu_stw_mmuidx_ra(env, addr + 8, env->fpcs, mmu_idx, ra);
            cpu_stw_mmuidx_ra(env, addr + 10, fdp, mmu_idx, ra);
            cpu_stw_mmuidx_ra(env, addr + 12, env->fpds, mmu_idx, ra);
        }
    }
}

typedef struct FPEnvImage {
    uint16_t fcw, fsw, ftw;
    uint64_t fip, fdp;
    uint16_t fcs, fds, fop;
} FPEnvImage;

static void fp_read_env(CPUX86State *env, uint64_t addr, int mmu_idx,
                        bool data32, uintptr_t ra, FPEnvImage *e)
{
    if (data32) {
        e->fcw = cpu_lduw_mmuidx_ra(env, addr, mmu_idx, ra);
        e->fsw = cpu_lduw_mmuidx_ra(env, addr + 4, mmu_idx, ra);
        e->ftw = cpu_lduw_mmuidx_ra(env, addr + 8, mmu_idx, ra);
        if (fp_real_mode(env)) {
            uint32_t w1 = cpu_ldl_mmuidx_ra(env, addr + 16, mmu_idx, ra);
            uint32_t w3 = cpu_ldl_mmuidx_ra(env, addr + 24, mmu_idx, ra);
            e->fip = cpu_lduw_mmuidx_ra(env, addr + 12, mmu_idx, ra) |
                     ((uint64_t)(w1 & 0x0ffff000) << 4);
            e->fop = w1 & 0x7ff;
            e->fdp = cpu_lduw_mmuidx_ra(env, addr + 20, mmu_idx, ra) |
                     ((uint64_t)(w3 & 0x0ffff000) << 4);
            e->fcs = e->fds = 0;
        } else {
            uint32_t w1 = cpu_ldl_mmuidx_ra(env, addr + 16, mmu_idx, ra);
            e->fip = cpu_ldl_mmuidx_ra(env, addr + 12, mmu_idx, ra);
            e->fcs = w1 & 0xffff;
            e->fop = (w1 >> 16) & 0x7ff;
            e->fdp = cpu_ldl_mmuidx_ra(env, addr + 20, mmu_idx, ra);
            e->fds = cpu_lduw_mmuidx_ra(env, addr + 24, mmu_idx, ra);
        }
    } else {
        e->fcw = cpu_lduw_mmuidx_ra(env, addr, mmu_idx, ra);
        e->fsw = cpu_lduw_mmuidx_ra(env, addr + 2, mmu_idx, ra);
        e->ftw = cpu_lduw_mmuidx_ra(env, addr + 4, mmu_idx, ra);
        if (fp_real_mode(env)) {
            uint16_t w1 = cpu_lduw_mmuidx_ra(env, addr + 8, mmu_idx, ra);
            uint16_t w3 = cpu_lduw_mmuidx_ra(env, addr + 12, mmu_idx, ra);
            e->fip = cpu_lduw_mmuidx_ra(env, addr + 6, mmu_idx, ra) |
                     ((uint64_t)(w1 & 0xf000) << 4);
            e->fop = w1 & 0x7ff;
            e->fdp = cpu_lduw_mmuidx_ra(env, addr + 10, mmu_idx, ra) |
                     ((uint64_t)(w3 & 0xf000) << 4);
            e->fcs = e->fds = 0;
        } else {
            e->fip = cpu_lduw_mmuidx_ra(env, addr + 6, mmu_idx, ra);
            e->fcs = cpu_lduw_mmuidx_ra(env, addr + 8, mmu_idx, ra);
            e->fdp = cpu_lduw_mmuidx_ra(env, addr + 10, mmu_idx, ra);
            e->fds = cpu_lduw_mmuidx_ra(env, addr + 12, mmu_idx, ra);
            e->fop = 0;
        }
    }
}

static void fp_apply_env(CPUX86State *env, const FPEnvImage *e)
{
    env->fpuc = (e->fcw & 0x1f3f) | 0x40;
    env->fpstt = (e->fsw >> 11) & 7;
    env->fpus = e->fsw & ~0x3800;
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = ((e->ftw >> (2 * i)) & 3) == 3;
    }
    env->fpip = e->fip;
    env->fpdp = e->fdp;
    env->fpcs = e->fcs;
    env->fpds = e->fds;
    env->fpop = e->fop;
    /* ES and B follow the unmasked exceptions of the loaded state */
    fp_update_summary(env);
}

void helper_fnstenv(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                    uint32_t data32)
{
    fp_store_env(env, addr, mmu_idx, data32, GETPC());
    env->fpuc |= FP_EXC_MASK;
    fp_update_summary(env);
}

void helper_fldenv(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t data32)
{
    FPEnvImage e;

    fp_read_env(env, addr, mmu_idx, data32, GETPC(), &e);
    fp_apply_env(env, &e);
}

void helper_fnsave(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t data32)
{
    uintptr_t ra = GETPC();
    uint64_t regs = addr + (data32 ? 28 : 14);

    /* probe the last byte first so a fault leaves memory untouched */
    cpu_stb_mmuidx_ra(env, regs + 79,
                      cpu_ldub_mmuidx_ra(env, regs + 79, mmu_idx, ra),
                      mmu_idx, ra);
    fp_store_env(env, addr, mmu_idx, data32, ra);
    for (int i = 0; i < 8; i++) {
        fp_st80(env, regs + 10 * i, *st(env, i), mmu_idx, ra);
    }
    helper_fninit(env);
}

void helper_frstor(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t data32)
{
    uintptr_t ra = GETPC();
    uint64_t regs = addr + (data32 ? 28 : 14);
    FPEnvImage e;
    FPReg r[8];

    fp_read_env(env, addr, mmu_idx, data32, ra, &e);
    for (int i = 0; i < 8; i++) {
        r[i] = fp_ld80(env, regs + 10 * i, mmu_idx, ra);
    }
    fp_apply_env(env, &e);
    for (int i = 0; i < 8; i++) {
        *st(env, i) = r[i];
    }
}

void helper_fpu_set_ip(CPUX86State *env, uint64_t ip, uint64_t dp,
                       uint32_t fop)
{
    env->fpip = ip;
    env->fpdp = dp;
    env->fpop = fop & 0x7ff;
    env->fpcs = env->segs[R_CS].selector;
}

static int fx_nb_xmm(CPUX86State *env)
{
    return (env->hflags & HF_CS64_MASK) ? 16 : 8;
}

/* Fast FXSAVE (EFER.FFXSR): no XMM state at CPL 0 in 64-bit mode. */
static bool fx_skip_xmm(CPUX86State *env)
{
    if (!(env->cr[4] & CR4_OSFXSR_MASK)) {
        return true;
    }
    return (env->efer & MSR_EFER_FFXSR) && (env->hflags & HF_CS64_MASK) &&
           (env->hflags & HF_CPL_MASK) == 0;
}

void helper_fxsave(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                   uint32_t rex_w)
{
    uintptr_t ra = GETPC();

    if (addr & 15) {
        x86_fpu_raise_gp(env, ra);
    }
    /* touch both ends first: a fault must not leave a partial image */
    cpu_stb_mmuidx_ra(env, addr + 511,
                      cpu_ldub_mmuidx_ra(env, addr + 511, mmu_idx, ra),
                      mmu_idx, ra);
    cpu_stw_mmuidx_ra(env, addr, env->fpuc, mmu_idx, ra);
    cpu_stw_mmuidx_ra(env, addr + 2, x86_fpu_status(env), mmu_idx, ra);
    cpu_stw_mmuidx_ra(env, addr + 4, x86_fpu_abridged_tags(env), mmu_idx,
                      ra);
    cpu_stw_mmuidx_ra(env, addr + 6, env->fpop, mmu_idx, ra);
    if (rex_w) {
        cpu_stq_mmuidx_ra(env, addr + 8, env->fpip, mmu_idx, ra);
        cpu_stq_mmuidx_ra(env, addr + 16, env->fpdp, mmu_idx, ra);
    } else {
        cpu_stl_mmuidx_ra(env, addr + 8, env->fpip, mmu_idx, ra);
        cpu_stl_mmuidx_ra(env, addr + 12, env->fpcs, mmu_idx, ra);
        cpu_stl_mmuidx_ra(env, addr + 16, env->fpdp, mmu_idx, ra);
        cpu_stl_mmuidx_ra(env, addr + 20, env->fpds, mmu_idx, ra);
    }
    cpu_stl_mmuidx_ra(env, addr + 24, env->mxcsr, mmu_idx, ra);
    cpu_stl_mmuidx_ra(env, addr + 28, MXCSR_MASK_SUPPORTED, mmu_idx, ra);
    for (int i = 0; i < 8; i++) {
        FPReg *r = st(env, i);
        uint64_t p = addr + 32 + 16 * i;
        cpu_stq_mmuidx_ra(env, p, r->low, mmu_idx, ra);
        cpu_stq_mmuidx_ra(env, p + 8, r->high, mmu_idx, ra);
    }
    if (!fx_skip_xmm(env)) {
        for (int i = 0; i < fx_nb_xmm(env); i++) {
            uint64_t p = addr + 160 + 16 * i;
            cpu_stq_mmuidx_ra(env, p, env->xmm_regs[i].q[0], mmu_idx, ra);
            cpu_stq_mmuidx_ra(env, p + 8, env->xmm_regs[i].q[1], mmu_idx,
                              ra);
        }
    }
}

void helper_fxrstor(CPUX86State *env, uint64_t addr, uint32_t mmu_idx,
                    uint32_t rex_w)
{
    uintptr_t ra = GETPC();
    FPEnvImage e;
    uint32_t mxcsr;
    uint8_t ftw;
    FPReg r[8];
    ZMMReg x[16];
    int nx = 0;

    if (addr & 15) {
        x86_fpu_raise_gp(env, ra);
    }
    e.fcw = cpu_lduw_mmuidx_ra(env, addr, mmu_idx, ra);
    e.fsw = cpu_lduw_mmuidx_ra(env, addr + 2, mmu_idx, ra);
    ftw = cpu_ldub_mmuidx_ra(env, addr + 4, mmu_idx, ra);
    e.fop = cpu_lduw_mmuidx_ra(env, addr + 6, mmu_idx, ra) & 0x7ff;
    if (rex_w) {
        e.fip = cpu_ldq_mmuidx_ra(env, addr + 8, mmu_idx, ra);
        e.fdp = cpu_ldq_mmuidx_ra(env, addr + 16, mmu_idx, ra);
        e.fcs = e.fds = 0;
    } else {
        e.fip = cpu_ldl_mmuidx_ra(env, addr + 8, mmu_idx, ra);
        e.fcs = cpu_lduw_mmuidx_ra(env, addr + 12, mmu_idx, ra);
        e.fdp = cpu_ldl_mmuidx_ra(env, addr + 16, mmu_idx, ra);
        e.fds = cpu_lduw_mmuidx_ra(env, addr + 20, mmu_idx, ra);
    }
    mxcsr = cpu_ldl_mmuidx_ra(env, addr + 24, mmu_idx, ra);
    if (mxcsr & ~MXCSR_MASK_SUPPORTED) {
        x86_fpu_raise_gp(env, ra);
    }
    for (int i = 0; i < 8; i++) {
        uint64_t p = addr + 32 + 16 * i;
        r[i].low = cpu_ldq_mmuidx_ra(env, p, mmu_idx, ra);
        r[i].high = cpu_lduw_mmuidx_ra(env, p + 8, mmu_idx, ra);
    }
    if (!fx_skip_xmm(env)) {
        nx = fx_nb_xmm(env);
        for (int i = 0; i < nx; i++) {
            uint64_t p = addr + 160 + 16 * i;
            x[i].q[0] = cpu_ldq_mmuidx_ra(env, p, mmu_idx, ra);
            x[i].q[1] = cpu_ldq_mmuidx_ra(env, p + 8, mmu_idx, ra);
        }
    }
    /* everything read: commit */
    e.ftw = 0;
    for (int i = 0; i < 8; i++) {
        if (!(ftw & (1 << i))) {
            e.ftw |= 3 << (2 * i);
        }
    }
    fp_apply_env(env, &e);
    for (int i = 0; i < 8; i++) {
        *st(env, i) = r[i];
    }
    if (env->cr[4] & CR4_OSFXSR_MASK) {
        env->mxcsr = mxcsr;
    }
    for (int i = 0; i < nx; i++) {
        env->xmm_regs[i].q[0] = x[i].q[0];
        env->xmm_regs[i].q[1] = x[i].q[1];
    }
}

/* ---- MMX state -------------------------------------------------------- */

void helper_enter_mmx(CPUX86State *env)
{
    env->fpstt = 0;
    memset(env->fptags, 0, sizeof(env->fptags));
}

void helper_emms(CPUX86State *env)
{
    memset(env->fptags, 1, sizeof(env->fptags));
}

void x86_tcg_fpu_features(uint32_t *edx1, uint32_t *ecx1, uint32_t *ecx81)
{
    *edx1 = CPUID_FP87 | CPUID_MMX | CPUID_FXSR | CPUID_SSE | CPUID_SSE2;
    /* SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT */
    *ecx1 = CPUID_EXT_SSE3 | (1U << 9) | (1U << 19) | (1U << 20) |
            (1U << 23);
    /* ABM (lzcnt) is the integer decoder's business */
    *ecx81 = 0;
}
