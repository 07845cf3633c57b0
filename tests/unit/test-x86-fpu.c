/*
 * x87/MMX/SSE helper tests: differential against the host CPU (an x86-64
 * with SSE4.2) executing the same instructions, over edge values and
 * random inputs, plus stack/tag/exception behaviour and save images.
 *
 * The helpers are compiled into this test (white box) with a flat guest
 * memory and an exception hook instead of the TCG runtime.
 */
#pragma GCC target("sse4.2,popcnt")
#include "qemu/osdep.h"
#include <setjmp.h>
#include <immintrin.h>

#include "target/i386/tcg/fpu_helper.c"
#include "target/i386/tcg/sse_helper.c"

/* ---- runtime stubs ---- */

static uint8_t guest_mem[65536];
static jmp_buf excp_jmp;
static int last_excp = -1;

G_NORETURN void raise_exception_ra(CPUX86State *env, int intno, uintptr_t ra)
{
    last_excp = intno;
    longjmp(excp_jmp, 1);
}

#define MEMFN(sz, T)                                                           \
    T cpu_ld##sz##_mmuidx_ra(CPUArchState *env, vaddr a, int m, uintptr_t ra)  \
    {                                                                          \
        T v = 0;                                                               \
        memcpy(&v, &guest_mem[a & 0xffff], sizeof(v));                        \
        return v;                                                              \
    }
uint32_t cpu_ldub_mmuidx_ra(CPUArchState *env, vaddr a, int m, uintptr_t ra)
{
    return guest_mem[a & 0xffff];
}
uint32_t cpu_lduw_mmuidx_ra(CPUArchState *env, vaddr a, int m, uintptr_t ra)
{
    uint16_t v;
    memcpy(&v, &guest_mem[a & 0xffff], 2);
    return v;
}
MEMFN(l, uint32_t)
MEMFN(q, uint64_t)
#define STFN(sz, T)                                                            \
    void cpu_st##sz##_mmuidx_ra(CPUArchState *env, vaddr a, T v, int m,        \
                                uintptr_t ra)                                  \
    {                                                                          \
        memcpy(&guest_mem[a & 0xffff], &v, sizeof(v));                         \
    }
void cpu_stb_mmuidx_ra(CPUArchState *env, vaddr a, uint32_t v, int m,
                       uintptr_t ra)
{
    guest_mem[a & 0xffff] = v;
}
void cpu_stw_mmuidx_ra(CPUArchState *env, vaddr a, uint32_t v, int m,
                       uintptr_t ra)
{
    uint16_t w = v;
    memcpy(&guest_mem[a & 0xffff], &w, 2);
}
STFN(l, uint32_t)
STFN(q, uint64_t)

static X86CPU *cpu;

static CPUX86State *fresh_env(void)
{
    CPUX86State *env;

    if (!cpu) {
        cpu = g_new0(X86CPU, 1);
    }
    env = &cpu->env;
    memset(env, 0, sizeof(*env));
    helper_fninit(env);
    env->mxcsr = 0x1f80;
    env->cr[0] = CR0_PE_MASK;
    env->cr[4] = CR4_OSFXSR_MASK | CR4_OSXMMEXCPT_MASK;
    env->hflags = HF_CS64_MASK | HF_PE_MASK;
    return env;
}

/* ---- value pools ---- */

static GRand *rng;

static FPReg fp80_random(void)
{
    static const FPReg edge[] = {
        { 0, 0 }, { 0, 0x8000 },                              /* +-0 */
        { 0x8000000000000000ULL, 0x3fff },                    /* 1 */
        { 0x8000000000000000ULL, 0xbfff },                    /* -1 */
        { 0x8000000000000000ULL, 0x7fff },                    /* +inf */
        { 0x8000000000000000ULL, 0xffff },                    /* -inf */
        { 0xc000000000000000ULL, 0x7fff },                    /* qnan */
        { 0xa000000000000000ULL, 0x7fff },                    /* snan */
        { 0x0000000000000001ULL, 0x0000 },                    /* denormal */
        { 0xffffffffffffffffULL, 0x7ffe },                    /* max */
        { 0x8000000000000000ULL, 0x0001 },                    /* min normal */
        { 0xc90fdaa22168c235ULL, 0x4000 },                    /* pi */
        { 0x4000000000000000ULL, 0x3fff },                    /* unnormal */
    };
    FPReg r;

    if (g_rand_int_range(rng, 0, 4) == 0) {
        return edge[g_rand_int_range(rng, 0, ARRAY_SIZE(edge))];
    }
    r.low = ((uint64_t)g_rand_int(rng) << 32) | g_rand_int(rng);
    r.low |= 1ULL << 63;
    r.high = (g_rand_int_range(rng, 0x3fff - 70, 0x3fff + 70)) |
             (g_rand_boolean(rng) ? 0x8000 : 0);
    return r;
}

static bool fp80_eq(FPReg a, FPReg b)
{
    return a.low == b.low && a.high == b.high;
}

/* ---- x87 ---- */

static void set_st(CPUX86State *env, int i, FPReg v)
{
    *st(env, i) = v;
    env->fptags[st_phys(env, i)] = 0;
}

/* Reference: C long double on the host under the same control word. */
static FPReg ref_x87(int op, FPReg a, FPReg b, uint16_t cw, uint16_t *sw)
{
    volatile long double va, vb, vr = 0;
    uint16_t hcw, s;
    FPReg r = { 0, 0 };

    memcpy((void *)&va, &a, 10);
    memcpy((void *)&vb, &b, 10);
    cw |= 0x3f;
    asm volatile("fnstcw %0\n\tfnclex\n\tfldcw %1" : "=m"(hcw) : "m"(cw));
    switch (op) {
    case FOP_ADD: vr = va + vb; break;
    case FOP_MUL: vr = va * vb; break;
    case FOP_SUB: vr = va - vb; break;
    case FOP_SUBR: vr = vb - va; break;
    case FOP_DIV: vr = va / vb; break;
    default: vr = vb / va; break;
    }
    asm volatile("fnstsw %0\n\tfnclex\n\tfldcw %1" : "=m"(s) : "m"(hcw));
    memcpy(&r, (void *)&vr, 10);
    *sw = s;
    return r;
}

static void test_x87_arith(void)
{
    static const uint16_t pcs[] = { 0x300, 0x200, 0x000 };

    for (int iter = 0; iter < 20000; iter++) {
        CPUX86State *env = fresh_env();
        FPReg a = fp80_random(), b = fp80_random(), exp, got;
        int op = g_rand_int_range(rng, 0, 6);
        uint16_t cw, sw;
        static const int ops[] = { FOP_ADD, FOP_MUL, FOP_SUB, FOP_SUBR,
                                   FOP_DIV, FOP_DIVR };

        op = ops[op];
        cw = 0x3f | pcs[iter % 3] | (g_rand_int_range(rng, 0, 4) << 10);
        helper_fldcw(env, cw);
        env->fpstt = 6;
        set_st(env, 0, a);
        set_st(env, 1, b);
        helper_fop_st(env, op, 0, 1);
        got = *st(env, 0);
        exp = ref_x87(op, a, b, cw, &sw);
        if (!fp80_eq(got, exp) || (env->fpus & 0x3f) != (sw & 0x3f)) {
            g_test_message("op %d cw %04x a %04x:%016" PRIx64 " b %04x:%016"
                           PRIx64 " got %04x:%016" PRIx64 " exp %04x:%016"
                           PRIx64 " fl %02x/%02x", op, cw, a.high, a.low,
                           b.high, b.low, got.high, got.low, exp.high,
                           exp.low, env->fpus & 0x3f, sw & 0x3f);
            g_assert_not_reached();
        }
    }
}

static void test_x87_mem_ops(void)
{
    for (int iter = 0; iter < 5000; iter++) {
        CPUX86State *env = fresh_env();
        FPReg a = fp80_random(), r;
        double m = (double)(int32_t)g_rand_int(rng) / 7.0;
        uint64_t mb;
        uint16_t sw, cw = 0x37f | (g_rand_int_range(rng, 0, 4) << 10);

        if (iter % 5 == 0) {
            m = 0.0;
        }
        memcpy(&mb, &m, 8);
        helper_fldcw(env, cw);
        set_st(env, 0, a);
        helper_fop_m(env, FOP_DIV, mb, FPM_F64);
        asm volatile("fldcw %[cw]\n\tfnclex\n\tfldt %[a]\n\tfdivl %[m]\n\t"
                     "fnstsw %[sw]\n\tfstpt %[r]\n\tfnclex\n\t"
                     "fldcw %[dcw]"
                     : [r] "=m"(r), [sw] "=m"(sw)
                     : [a] "m"(a), [m] "m"(m), [cw] "m"(cw),
                       [dcw] "m"((uint16_t){ 0x37f })
                     : "st", "memory");
        g_assert_true(fp80_eq(*st(env, 0), r));
        g_assert_cmphex(env->fpus & 0x3f, ==, sw & 0x3f);

        /* fistl with the rounding mode, and fstps */
        {
            int32_t hv;
            float hf;
            uint16_t sw2;

            env = fresh_env();
            helper_fldcw(env, cw);
            set_st(env, 0, a);
            helper_fst_m(env, 0x100, 0, FPM_I32, 0);
            helper_fst_m(env, 0x104, 0, FPM_F32, 1);
            asm volatile("fldcw %[cw]\n\tfnclex\n\tfldt %[a]\n\t"
                         "fistl %[hv]\n\tfstps %[hf]\n\tfnstsw %[sw]\n\t"
                         "fnclex\n\tfldcw %[dcw]"
                         : [hv] "=m"(hv), [hf] "=m"(hf), [sw] "=m"(sw2)
                         : [a] "m"(a), [cw] "m"(cw),
                           [dcw] "m"((uint16_t){ 0x37f })
                         : "st", "memory");
            g_assert_cmpmem(&guest_mem[0x100], 4, &hv, 4);
            g_assert_cmpmem(&guest_mem[0x104], 4, &hf, 4);
            g_assert_cmphex(env->fpus & 0x3f, ==, sw2 & 0x3f);
            g_assert_cmpint(env->fpstt, ==, 1);
            g_assert_cmpint(env->fptags[0], ==, 1);
        }
    }
}

static void test_x87_stack(void)
{
    CPUX86State *env = fresh_env();

    /* underflow: fadd with empty registers gives the indefinite */
    helper_fop_st(env, FOP_ADD, 0, 1);
    g_assert_cmphex(env->fpus & (FPUS_IE | FPUS_SF | FPUS_C1), ==,
                    FPUS_IE | FPUS_SF);
    g_assert_true(fp80_eq(*st(env, 0), fp_indef()));
    g_assert_cmphex(env->fpus & FPUS_SE, ==, 0);

    /* overflow: a ninth push */
    env = fresh_env();
    for (int i = 0; i < 8; i++) {
        helper_fldconst(env, FC_ONE);
    }
    g_assert_cmphex(env->fpus & 0x7f, ==, 0);
    helper_fldconst(env, FC_PI);
    g_assert_cmphex(env->fpus & (FPUS_IE | FPUS_SF | FPUS_C1), ==,
                    FPUS_IE | FPUS_SF | FPUS_C1);
    g_assert_true(fp80_eq(*st(env, 0), fp_indef()));

    /* unmasked invalid: result not written, ES set, fwait raises #MF */
    env = fresh_env();
    helper_fldcw(env, 0x37e);
    helper_fldconst(env, FC_ZERO);
    helper_fldconst(env, FC_ZERO);
    helper_fop_st(env, FOP_DIV, 0, 1);
    g_assert_true(env->fpus & FPUS_IE);
    g_assert_true(env->fpus & FPUS_SE);
    g_assert_cmphex(st(env, 0)->high, ==, 0);
    last_excp = -1;
    if (!setjmp(excp_jmp)) {
        helper_fwait(env);
    }
    g_assert_cmpint(last_excp, ==, EXCP10_COPR);
    helper_fnclex(env);
    g_assert_cmphex(env->fpus & (FPUS_SE | FPUS_IE | FPUS_B), ==, 0);

    /* fxam on empty, fcompp, fxch */
    env = fresh_env();
    helper_fspecial(env, FSP_XAM);
    g_assert_cmphex(env->fpus & (FPUS_C0 | FPUS_C2 | FPUS_C3), ==,
                    FPUS_C0 | FPUS_C3);
    helper_fldconst(env, FC_ONE);
    helper_fldconst(env, FC_PI);
    helper_fcom_st(env, 1, 0);      /* pi > 1: C0=C2=C3=0 */
    g_assert_cmphex(env->fpus & (FPUS_C0 | FPUS_C2 | FPUS_C3), ==, 0);
    g_assert_cmphex(helper_fcomi(env, 1, 1), ==, 0);
    helper_fxch(env, 1);
    g_assert_cmphex(helper_fcomi(env, 1, 1), ==, CC_C);
    helper_fspecial(env, FSP_XAM);  /* +normal: C2 */
    g_assert_cmphex(env->fpus & (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3), ==,
                    FPUS_C2);
    /* fptan pushes 1.0 */
    helper_fspecial(env, FSP_FPTAN);
    g_assert_cmpint(env->fpstt, ==, 5);
    g_assert_true(fp80_eq(*st(env, 0),
                          (FPReg){ 0x8000000000000000ULL, 0x3fff }));
}

/* Our FXSAVE image against the host's after the same operations. */
static void test_fxsave(void)
{
    CPUX86State *env = fresh_env();
    uint8_t host[512] __attribute__((aligned(16)));
    uint8_t env28[28];

    helper_fldconst(env, FC_ONE);
    helper_fldconst(env, FC_PI);
    helper_fldconst(env, FC_ZERO);
    helper_fspecial(env, FSP_CHS);
    helper_fop_st(env, FOP_DIV, 0, 2);   /* -0/1 */
    memset(guest_mem, 0xcc, 1024);
    helper_fxsave(env, 0x200, 0, 1);
    memset(host, 0xcc, sizeof(host));
    asm volatile("fninit\n\tfld1\n\tfldpi\n\tfldz\n\tfchs\n\t"
                 "fdiv %%st(2), %%st\n\tfxsave64 %0\n\t" FFREE_ALL
                 "fninit\n\tfldcw %1"
                 : "=m"(host) : "m"((uint16_t){ 0x37f })
                 : "st", "st(1)", "st(2)", "memory");
    g_assert_cmpmem(&guest_mem[0x200], 6, host, 6);      /* fcw fsw ftw */
    for (int i = 0; i < 8; i++) {
        g_assert_cmpmem(&guest_mem[0x200 + 32 + 16 * i], 10,
                        host + 32 + 16 * i, 10);
    }
    /* round trip through fxrstor and fnsave/frstor */
    {
        CPUX86State saved = *env;
        env = fresh_env();
        helper_fxrstor(env, 0x200, 0, 1);
        g_assert_cmpint(env->fpstt, ==, saved.fpstt);
        g_assert_cmpmem(env->fptags, 8, saved.fptags, 8);
        /* Field by field: FPReg has padding that struct copies leave
         * unspecified. */
        for (int i = 0; i < 8; i++) {
            g_assert_cmphex(env->fpregs[i].low, ==, saved.fpregs[i].low);
            g_assert_cmphex(env->fpregs[i].high, ==, saved.fpregs[i].high);
        }
        helper_fnsave(env, 0x400, 0, 1);
        g_assert_cmpint(env->fptags[0] & env->fptags[7], ==, 1);
        memcpy(env28, &guest_mem[0x400], 28);
        helper_frstor(env, 0x400, 0, 1);
        g_assert_cmpint(env->fpstt, ==, saved.fpstt);
        g_assert_cmpmem(env->fptags, 8, saved.fptags, 8);
        /* full tag word: ST0 -0 is "zero" (01), ST1 zero, ST2 valid... */
        g_assert_cmphex(env28[8] | env28[9] << 8, ==,
                        x86_fpu_full_tags(env));
    }
    /* misaligned: #GP */
    last_excp = -1;
    if (!setjmp(excp_jmp)) {
        helper_fxsave(env, 0x208, 0, 1);
    }
    g_assert_cmpint(last_excp, ==, EXCP0D_GPF);
}

/* ---- SSE floating point ---- */

static uint32_t f32_random(void)
{
    static const uint32_t edge[] = {
        0, 0x80000000, 0x3f800000, 0x7f800000, 0xff800000, 0x7fc00000,
        0x7fa00000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x00800000,
        0x4b000000, 0x3f000000, 0xcf000000,
    };
    if (g_rand_int_range(rng, 0, 3) == 0) {
        return edge[g_rand_int_range(rng, 0, ARRAY_SIZE(edge))];
    }
    return (g_rand_int(rng) & 0x80000000) |
           (g_rand_int_range(rng, 90, 165) << 23) |
           (g_rand_int(rng) & 0x7fffff);
}

static uint64_t f64_random(void)
{
    static const uint64_t edge[] = {
        0, 0x8000000000000000ULL, 0x3ff0000000000000ULL,
        0x7ff0000000000000ULL, 0x7ff8000000000000ULL, 0x7ff4000000000000ULL,
        1, 0x7fefffffffffffffULL, 0x4330000000000000ULL,
        0xc1e0000000000000ULL,
    };
    if (g_rand_int_range(rng, 0, 3) == 0) {
        return edge[g_rand_int_range(rng, 0, ARRAY_SIZE(edge))];
    }
    return ((uint64_t)(g_rand_int(rng) & 0x80000000) << 32) |
           ((uint64_t)g_rand_int_range(rng, 900, 1150) << 52) |
           (((uint64_t)g_rand_int(rng) << 20) ^ g_rand_int(rng));
}

static __m128i vec_random(bool dbl)
{
    Vec v;
    for (int i = 0; i < 4; i++) {
        v.l[i] = g_rand_int(rng);
    }
    if (g_rand_int_range(rng, 0, 4)) {
        if (dbl) {
            v.q[0] = f64_random();
            v.q[1] = f64_random();
        } else {
            for (int i = 0; i < 4; i++) {
                v.l[i] = f32_random();
            }
        }
    }
    return _mm_loadu_si128((void *)&v);
}

typedef __m128i (*RefFn)(__m128i, __m128i);
#define B(x) _mm_castps_si128(x)
#define BD(x) _mm_castpd_si128(x)
#define P(x) _mm_castsi128_ps(x)
#define PD(x) _mm_castsi128_pd(x)
#define REFPS(nm, expr)                                                        \
    static __m128i ref_##nm(__m128i a, __m128i b) { return (expr); }
REFPS(addps, B(_mm_add_ps(P(a), P(b))))
REFPS(subss, B(_mm_sub_ss(P(a), P(b))))
REFPS(mulpd, BD(_mm_mul_pd(PD(a), PD(b))))
REFPS(divps, B(_mm_div_ps(P(a), P(b))))
REFPS(divsd, BD(_mm_div_sd(PD(a), PD(b))))
REFPS(minps, B(_mm_min_ps(P(a), P(b))))
REFPS(maxpd, BD(_mm_max_pd(PD(a), PD(b))))
REFPS(sqrtps, B(_mm_sqrt_ps(P(b))))
REFPS(sqrtsd, BD(_mm_sqrt_sd(PD(a), PD(b))))
REFPS(cmpltps, B(_mm_cmplt_ps(P(a), P(b))))
REFPS(cmpunordpd, BD(_mm_cmpunord_pd(PD(a), PD(b))))
REFPS(cvtps2dq, _mm_cvtps_epi32(P(b)))
REFPS(cvttpd2dq, _mm_cvttpd_epi32(PD(b)))
REFPS(cvtsd2ss, B(_mm_cvtsd_ss(P(a), PD(b))))
REFPS(haddps, B(_mm_hadd_ps(P(a), P(b))))
REFPS(addsubpd, BD(_mm_addsub_pd(PD(a), PD(b))))
REFPS(roundps9, B(_mm_round_ps(P(b), 9)))
REFPS(roundsd4, BD(_mm_round_sd(PD(a), PD(b), 4)))
REFPS(dpps_f3, B(_mm_dp_ps(P(a), P(b), 0xf3)))
REFPS(dpps_5c, B(_mm_dp_ps(P(a), P(b), 0x5c)))
REFPS(dppd_31, BD(_mm_dp_pd(PD(a), PD(b), 0x31)))

static void h_cmpltps(CPUX86State *e, void *d, void *s)
{
    helper_cmpps(e, d, s, 1);
}
static void h_cmpunordpd(CPUX86State *e, void *d, void *s)
{
    helper_cmppd(e, d, s, 3);
}
static void h_roundps9(CPUX86State *e, void *d, void *s)
{
    helper_roundps(e, d, s, 9);
}
static void h_roundsd4(CPUX86State *e, void *d, void *s)
{
    helper_roundsd(e, d, s, 4);
}
static void h_dpps_f3(CPUX86State *e, void *d, void *s)
{
    helper_dpps(e, d, s, 0xf3);
}
static void h_dpps_5c(CPUX86State *e, void *d, void *s)
{
    helper_dpps(e, d, s, 0x5c);
}
static void h_dppd_31(CPUX86State *e, void *d, void *s)
{
    helper_dppd(e, d, s, 0x31);
}

static const struct {
    const char *name;
    SSEFunc ours;
    RefFn ref;
    bool dbl;
} fp_cases[] = {
    { "addps", helper_addps, ref_addps, false },
    { "subss", helper_subss, ref_subss, false },
    { "mulpd", helper_mulpd, ref_mulpd, true },
    { "divps", helper_divps, ref_divps, false },
    { "divsd", helper_divsd, ref_divsd, true },
    { "minps", helper_minps, ref_minps, false },
    { "maxpd", helper_maxpd, ref_maxpd, true },
    { "sqrtps", helper_sqrtps, ref_sqrtps, false },
    { "sqrtsd", helper_sqrtsd, ref_sqrtsd, true },
    { "cmpltps", h_cmpltps, ref_cmpltps, false },
    { "cmpunordpd", h_cmpunordpd, ref_cmpunordpd, true },
    { "cvtps2dq", helper_cvtps2dq, ref_cvtps2dq, false },
    { "cvttpd2dq", helper_cvttpd2dq, ref_cvttpd2dq, true },
    { "cvtsd2ss", helper_cvtsd2ss, ref_cvtsd2ss, true },
    { "haddps", helper_haddps, ref_haddps, false },
    { "addsubpd", helper_addsubpd, ref_addsubpd, true },
    { "roundps9", h_roundps9, ref_roundps9, false },
    { "roundsd4", h_roundsd4, ref_roundsd4, true },
    { "dpps_f3", h_dpps_f3, ref_dpps_f3, false },
    { "dpps_5c", h_dpps_5c, ref_dpps_5c, false },
    { "dppd_31", h_dppd_31, ref_dppd_31, true },
};

static void test_sse_fp(void)
{
    for (int c = 0; c < (int)ARRAY_SIZE(fp_cases); c++) {
        for (int iter = 0; iter < 3000; iter++) {
            CPUX86State *env = fresh_env();
            __m128i a = vec_random(fp_cases[c].dbl);
            __m128i b = vec_random(fp_cases[c].dbl), r;
            uint32_t csr = 0x1f80 | (g_rand_int_range(rng, 0, 4) << 13);
            uint32_t hcsr, flags;

            if (iter % 7 == 0) {
                csr |= MXCSR_FTZ | MXCSR_DAZ;
            }
            if (!strncmp(fp_cases[c].name, "dp", 2)) {
                /* which of several NaNs a dot product returns varies */
                Vec va, vb;
                _mm_storeu_si128((void *)&va, a);
                _mm_storeu_si128((void *)&vb, b);
                for (int i = 0; i < 4; i++) {
                    if ((va.l[i] & 0x7f800000) == 0x7f800000) {
                        va.l[i] = 0x3f800000;
                    }
                    if ((vb.l[i] & 0x7f800000) == 0x7f800000) {
                        vb.l[i] = 0x40000000;
                    }
                }
                a = _mm_loadu_si128((void *)&va);
                b = _mm_loadu_si128((void *)&vb);
            }
            env->mxcsr = csr;
            _mm_storeu_si128((void *)&env->xmm_regs[1], a);
            _mm_storeu_si128((void *)&env->xmm_regs[2], b);
            fp_cases[c].ours(env, &env->xmm_regs[1], &env->xmm_regs[2]);

            hcsr = _mm_getcsr();
            _mm_setcsr(csr);
            asm volatile("" : "+x"(a), "+x"(b));
            r = fp_cases[c].ref(a, b);
            asm volatile("" : "+x"(r));
            flags = _mm_getcsr() & 0x3f;
            _mm_setcsr(hcsr);
            if (memcmp(&env->xmm_regs[1], &r, 16) ||
                (env->mxcsr & 0x3f) != flags) {
                g_test_message("%s csr %x a %016llx%016llx b %016llx%016llx "
                               "got %016" PRIx64 "%016" PRIx64
                               " exp %016llx%016llx", fp_cases[c].name, csr,
                               (unsigned long long)a[1],
                               (unsigned long long)a[0],
                               (unsigned long long)b[1],
                               (unsigned long long)b[0],
                               env->xmm_regs[1].q[1], env->xmm_regs[1].q[0],
                               (unsigned long long)r[1],
                               (unsigned long long)r[0]);
                g_assert_cmpmem(&env->xmm_regs[1], 16, &r, 16);
                g_assert_cmphex(env->mxcsr & 0x3f, ==, flags);
            }
        }
    }
}

static void test_sse_xm(void)
{
    CPUX86State *env = fresh_env();
    Vec one = { .f = { 1, 1, 1, 1 } }, zero = { .f = { 0, 2, 2, 2 } };

    env->mxcsr = 0x1f80 & ~(MXCSR_ZE << 7);
    memcpy(&env->xmm_regs[0], &one, 16);
    memcpy(&env->xmm_regs[1], &zero, 16);
    last_excp = -1;
    if (!setjmp(excp_jmp)) {
        helper_divps(env, &env->xmm_regs[0], &env->xmm_regs[1]);
    }
    g_assert_cmpint(last_excp, ==, EXCP13_XMM);
    g_assert_cmpmem(&env->xmm_regs[0], 16, &one, 16);
    g_assert_cmphex(env->mxcsr & MXCSR_ZE, ==, MXCSR_ZE);

    env->cr[4] &= ~CR4_OSXMMEXCPT_MASK;
    last_excp = -1;
    if (!setjmp(excp_jmp)) {
        helper_divps(env, &env->xmm_regs[0], &env->xmm_regs[1]);
    }
    g_assert_cmpint(last_excp, ==, EXCP06_ILLOP);

    /* comiss flags, cvt2si with 64-bit result */
    env = fresh_env();
    memcpy(&env->xmm_regs[0], &one, 16);
    memcpy(&env->xmm_regs[1], &zero, 16);
    g_assert_cmphex(helper_comis(env, &env->xmm_regs[0], &env->xmm_regs[1],
                                 0), ==, 0);
    g_assert_cmphex(helper_comis(env, &env->xmm_regs[1], &env->xmm_regs[0],
                                 1), ==, CC_C);
    {
        Vec big = { .d = { 1e15 + 0.5, 0 } };
        memcpy(&env->xmm_regs[2], &big, 16);
        g_assert_cmpint((int64_t)helper_cvt2si(env, &env->xmm_regs[2], 2, 1),
                        ==, 1000000000000000LL);
        g_assert_cmphex(helper_cvt2si(env, &env->xmm_regs[2], 3, 0), ==,
                        0x80000000u);
        g_assert_true(env->mxcsr & MXCSR_IE);
    }
}

/* ---- integer vector ops ---- */

typedef void (*IntFn)(CPUX86State *, void *, void *);
#define REFI(nm, expr)                                                         \
    static __m128i iref_##nm(__m128i a, __m128i b) { return (expr); }
REFI(paddsb, _mm_adds_epi8(a, b))
REFI(psubusw, _mm_subs_epu16(a, b))
REFI(pmaddwd, _mm_madd_epi16(a, b))
REFI(psadbw, _mm_sad_epu8(a, b))
REFI(pavgb, _mm_avg_epu8(a, b))
REFI(pmulhuw, _mm_mulhi_epu16(a, b))
REFI(pmuludq, _mm_mul_epu32(a, b))
REFI(packsswb, _mm_packs_epi16(a, b))
REFI(packuswb, _mm_packus_epi16(a, b))
REFI(packssdw, _mm_packs_epi32(a, b))
REFI(packusdw, _mm_packus_epi32(a, b))
REFI(punpckhbw, _mm_unpackhi_epi8(a, b))
REFI(pcmpgtw, _mm_cmpgt_epi16(a, b))
REFI(pcmpgtq, _mm_cmpgt_epi64(a, b))
REFI(psraw, _mm_sra_epi16(a, b))
REFI(psrlq, _mm_srl_epi64(a, b))
REFI(pshufb, _mm_shuffle_epi8(a, b))
REFI(phaddsw, _mm_hadds_epi16(a, b))
REFI(phsubd, _mm_hsub_epi32(a, b))
REFI(pmaddubsw, _mm_maddubs_epi16(a, b))
REFI(pmulhrsw, _mm_mulhrs_epi16(a, b))
REFI(psignw, _mm_sign_epi16(a, b))
REFI(pabsb, _mm_abs_epi8(b))
REFI(pminsd, _mm_min_epi32(a, b))
REFI(pmaxuw, _mm_max_epu16(a, b))
REFI(pmuldq, _mm_mul_epi32(a, b))
REFI(pmulld, _mm_mullo_epi32(a, b))
REFI(phminposuw, _mm_minpos_epu16(b))
REFI(pmovsxbd, _mm_cvtepi8_epi32(b))
REFI(pmovzxwq, _mm_cvtepu16_epi64(b))
REFI(palignr, _mm_alignr_epi8(a, b, 5))
REFI(mpsadbw, _mm_mpsadbw_epu8(a, b, 5))
REFI(pshufd, _mm_shuffle_epi32(b, 0x1b))
REFI(pslldq, _mm_slli_si128(a, 3))
REFI(shufps, B(_mm_shuffle_ps(P(a), P(b), 0x9c)))
REFI(insertps, B(_mm_insert_ps(P(a), P(b), 0x9a)))

static void hi_palignr(CPUX86State *e, void *d, void *s)
{
    helper_palignr_xmm(e, d, s, 5);
}
static void hi_mpsadbw(CPUX86State *e, void *d, void *s)
{
    helper_mpsadbw(e, d, s, 5);
}
static void hi_pshufd(CPUX86State *e, void *d, void *s)
{
    helper_pshufd(e, d, s, 0x1b);
}
static void hi_pslldq(CPUX86State *e, void *d, void *s)
{
    helper_pslldq(e, d, s, 3);
}
static void hi_shufps(CPUX86State *e, void *d, void *s)
{
    helper_shufps(e, d, s, 0x9c);
}
static void hi_insertps(CPUX86State *e, void *d, void *s)
{
    helper_insertps(e, d, s, 0x9a);
}

#define IC(nm) { #nm, helper_##nm##_xmm, iref_##nm }
#define IX(nm) { #nm, helper_##nm, iref_##nm }
#define II(nm) { #nm, hi_##nm, iref_##nm }
static const struct {
    const char *name;
    IntFn ours;
    RefFn ref;
} int_cases[] = {
    IC(paddsb), IC(psubusw), IC(pmaddwd), IC(psadbw), IC(pavgb),
    IC(pmulhuw), IC(pmuludq), IC(packsswb), IC(packuswb), IC(packssdw),
    IX(packusdw), IC(punpckhbw), IC(pcmpgtw), IX(pcmpgtq), IC(psraw),
    IC(psrlq), IC(pshufb), IC(phaddsw), IC(phsubd), IC(pmaddubsw),
    IC(pmulhrsw), IC(psignw), IC(pabsb), IX(pminsd), IX(pmaxuw), IX(pmuldq),
    IX(pmulld), IX(phminposuw), IX(pmovsxbd), IX(pmovzxwq), II(palignr),
    II(mpsadbw), II(pshufd), II(pslldq), II(shufps), II(insertps),
};

static void test_sse_int(void)
{
    for (int c = 0; c < (int)ARRAY_SIZE(int_cases); c++) {
        for (int iter = 0; iter < 2000; iter++) {
            CPUX86State *env = fresh_env();
            __m128i a = vec_random(false), b = vec_random(false), r;

            if (!strcmp(int_cases[c].name, "psraw") ||
                !strcmp(int_cases[c].name, "psrlq")) {
                b = _mm_set_epi64x(g_rand_int(rng),
                                   g_rand_int_range(rng, 0, 70));
            }
            if (iter & 1) {
                /* saturation corners */
                a = _mm_or_si128(a, _mm_set1_epi16((short)0x8000));
            }
            _mm_storeu_si128((void *)&env->xmm_regs[3], a);
            _mm_storeu_si128((void *)&env->xmm_regs[4], b);
            int_cases[c].ours(env, &env->xmm_regs[3], &env->xmm_regs[4]);
            r = int_cases[c].ref(a, b);
            if (memcmp(&env->xmm_regs[3], &r, 16)) {
                g_test_message("%s", int_cases[c].name);
                g_assert_cmpmem(&env->xmm_regs[3], 16, &r, 16);
            }
        }
    }
    /* MMX forms share the code: spot-check paddusb on 8 bytes */
    {
        uint64_t a = 0xff80017f00fe10f0ULL, b = 0x0180ff0101020f20ULL;
        __m64 r = _mm_adds_pu8((__m64)a, (__m64)b);
        uint64_t rr;
        memcpy(&rr, &r, 8);
        _mm_empty();
        helper_paddusb_mmx(NULL, &a, &b);
        g_assert_cmphex(a, ==, rr);
    }
}

/* pcmpXstrX: index, mask and flags against the host. */
#define PCMP_IMMS(X) X(0x00) X(0x04) X(0x08) X(0x0c) X(0x01) X(0x0d) \
    X(0x14) X(0x18) X(0x1a) X(0x34) X(0x3c) X(0x40) X(0x44) X(0x4c) X(0x72)

static uint32_t host_pcmp(int imm, int which, __m128i a, __m128i b,
                          int la, int lb, uint32_t *ecx, __m128i *mask)
{
    uint64_t fl = 0, c = 0;
    __m128i m = _mm_setzero_si128();

#define CASE(I)                                                                \
    case I:                                                                    \
        switch (which) {                                                       \
        case 0:                                                                \
            asm("pcmpistri %[i], %[b], %[a]\n\tpushfq\n\tpop %[f]"             \
                : [f] "=r"(fl), "=c"(c) : [a] "x"(a), [b] "x"(b), [i] "i"(I)  \
                : "cc");                                                       \
            break;                                                             \
        case 1:                                                                \
            asm("pcmpistrm %[i], %[b], %[a]\n\tpushfq\n\tpop %[f]"             \
                : [f] "=r"(fl), "=Yz"(m) : [a] "x"(a), [b] "x"(b), [i] "i"(I) \
                : "cc");                                                       \
            break;                                                             \
        case 2:                                                                \
            asm("pcmpestri %[i], %[b], %[a]\n\tpushfq\n\tpop %[f]"             \
                : [f] "=r"(fl), "=c"(c)                                        \
                : [a] "x"(a), [b] "x"(b), [i] "i"(I), "a"(la), "d"(lb)        \
                : "cc");                                                       \
            break;                                                             \
        default:                                                               \
            asm("pcmpestrm %[i], %[b], %[a]\n\tpushfq\n\tpop %[f]"             \
                : [f] "=r"(fl), "=Yz"(m)                                       \
                : [a] "x"(a), [b] "x"(b), [i] "i"(I), "a"(la), "d"(lb)        \
                : "cc");                                                       \
            break;                                                             \
        }                                                                      \
        break;
    switch (imm) {
        PCMP_IMMS(CASE)
    }
#undef CASE
    *ecx = c;
    *mask = m;
    return fl & (CC_C | CC_Z | CC_S | CC_O | CC_A | CC_P);
}

static void test_pcmpstr(void)
{
    static const int imms[] = {
#define I(x) x,
        PCMP_IMMS(I)
#undef I
    };

    for (int k = 0; k < (int)ARRAY_SIZE(imms); k++) {
        for (int iter = 0; iter < 3000; iter++) {
            CPUX86State *env = fresh_env();
            Vec a, b;
            int which = iter & 3;
            int la = g_rand_int_range(rng, -20, 20);
            int lb = g_rand_int_range(rng, -20, 20);
            uint32_t ecx, fl;
            __m128i mask;

            for (int i = 0; i < 16; i++) {
                /* small alphabet so matches happen; some NULs */
                a.b[i] = "abc\0xyz"[g_rand_int_range(rng, 0, 7)];
                b.b[i] = "abcd\0"[g_rand_int_range(rng, 0, 5)] +
                         (g_rand_int_range(rng, 0, 8) ? 0 : 0x80);
            }
            if (iter % 5 == 0) {
                memset(&a.b[3], 0, 1); /* short needle */
            }
            env->regs[R_EAX] = (uint32_t)la;
            env->regs[R_EDX] = (uint32_t)lb;
            memcpy(&env->xmm_regs[1], &a, 16);
            memcpy(&env->xmm_regs[2], &b, 16);
            fl = helper_pcmpstr(env, &env->xmm_regs[1], &env->xmm_regs[2],
                                imms[k], (which & 1) | ((which & 2)));
            {
                uint32_t hfl = host_pcmp(imms[k], which,
                                         _mm_loadu_si128((void *)&a),
                                         _mm_loadu_si128((void *)&b), la,
                                         lb, &ecx, &mask);
                if (fl != hfl) {
                    g_test_message("imm %02x which %d la %d lb %d", imms[k],
                                   which, la, lb);
                    g_assert_cmphex(fl, ==, hfl);
                }
                if (which & 1) {
                    g_assert_cmpmem(&env->xmm_regs[0], 16, &mask, 16);
                } else {
                    g_assert_cmpuint(env->regs[R_ECX], ==, ecx);
                }
            }
        }
    }
}

static void test_crc32(void)
{
    for (int i = 0; i < 10000; i++) {
        uint64_t v = ((uint64_t)g_rand_int(rng) << 32) | g_rand_int(rng);
        uint32_t crc = g_rand_int(rng);

        g_assert_cmphex(helper_crc32(crc, v, 8), ==, _mm_crc32_u8(crc, v));
        g_assert_cmphex(helper_crc32(crc, v, 16), ==, _mm_crc32_u16(crc, v));
        g_assert_cmphex(helper_crc32(crc, v, 32), ==, _mm_crc32_u32(crc, v));
        g_assert_cmphex(helper_crc32(crc, v, 64), ==, _mm_crc32_u64(crc, v));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    rng = g_rand_new_with_seed(0x87);
    g_test_add_func("/x86-fpu/x87/arith", test_x87_arith);
    g_test_add_func("/x86-fpu/x87/mem-ops", test_x87_mem_ops);
    g_test_add_func("/x86-fpu/x87/stack", test_x87_stack);
    g_test_add_func("/x86-fpu/x87/fxsave", test_fxsave);
    g_test_add_func("/x86-fpu/sse/fp", test_sse_fp);
    g_test_add_func("/x86-fpu/sse/exceptions", test_sse_xm);
    g_test_add_func("/x86-fpu/sse/int", test_sse_int);
    g_test_add_func("/x86-fpu/sse/pcmpstr", test_pcmpstr);
    g_test_add_func("/x86-fpu/sse/crc32", test_crc32);
    return g_test_run();
}
