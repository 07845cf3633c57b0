/*
 * MMX and SSE..SSE4.2 helpers.  Integer and data-movement operations are
 * plain C over byte arrays; floating-point operations execute the same
 * instruction on the host SSE unit under the guest's MXCSR (see
 * sse-helper.h).
 */
#include "qemu/osdep.h"
#include "exec/exec-all.h"
#include "target/i386/tcg/sse-helper.h"

#if !defined(__x86_64__)
#error "the SSE helpers execute on the host SSE unit: x86-64 hosts only"
#endif

typedef union Vec {
    uint8_t b[16];
    int8_t sb[16];
    uint16_t w[8];
    int16_t sw[8];
    uint32_t l[4];
    int32_t sl[4];
    uint64_t q[2];
    int64_t sq[2];
    float f[4];
    double d[2];
} Vec;

static inline Vec vget(const void *p, int n)
{
    Vec v = { .q = { 0, 0 } };
    memcpy(&v, p, n);
    return v;
}

static inline void vput(void *p, const Vec *v, int n)
{
    memcpy(p, v, n);
}

static inline int sat8s(int x)
{
    return x < -128 ? -128 : x > 127 ? 127 : x;
}
static inline int sat8u(int x)
{
    return x < 0 ? 0 : x > 255 ? 255 : x;
}
static inline int sat16s(int x)
{
    return x < -32768 ? -32768 : x > 32767 ? 32767 : x;
}
static inline int sat16u(int x)
{
    return x < 0 ? 0 : x > 65535 ? 65535 : x;
}

/* ---- Element-wise integer ops ---------------------------------------- */

#define ELEM_OP(name, F, expr)                                                 \
    static void do_##name(void *dp, void *sp, int n)                           \
    {                                                                          \
        Vec d = vget(dp, n), s = vget(sp, n);                                  \
        for (int i = 0; i < n / (int)sizeof(d.F[0]); i++) {                    \
            __typeof__(d.F[0]) a = d.F[i], b = s.F[i];                         \
            (void)a;                                                           \
            d.F[i] = (expr);                                                   \
        }                                                                      \
        vput(dp, &d, n);                                                       \
    }

#define BOTH(name)                                                             \
    void helper_##name##_mmx(CPUX86State *env, void *d, void *s)               \
    {                                                                          \
        do_##name(d, s, 8);                                                    \
    }                                                                          \
    void helper_##name##_xmm(CPUX86State *env, void *d, void *s)               \
    {                                                                          \
        do_##name(d, s, 16);                                                   \
    }
#define XMMONLY(name)                                                          \
    void helper_##name(CPUX86State *env, void *d, void *s)                     \
    {                                                                          \
        do_##name(d, s, 16);                                                   \
    }

ELEM_OP(paddb, b, a + b) BOTH(paddb)
ELEM_OP(paddw, w, a + b) BOTH(paddw)
ELEM_OP(paddd, l, a + b) BOTH(paddd)
ELEM_OP(paddq, q, a + b) BOTH(paddq)
ELEM_OP(psubb, b, a - b) BOTH(psubb)
ELEM_OP(psubw, w, a - b) BOTH(psubw)
ELEM_OP(psubd, l, a - b) BOTH(psubd)
ELEM_OP(psubq, q, a - b) BOTH(psubq)
ELEM_OP(paddsb, sb, sat8s(a + b)) BOTH(paddsb)
ELEM_OP(paddsw, sw, sat16s(a + b)) BOTH(paddsw)
ELEM_OP(paddusb, b, sat8u(a + b)) BOTH(paddusb)
ELEM_OP(paddusw, w, sat16u(a + b)) BOTH(paddusw)
ELEM_OP(psubsb, sb, sat8s(a - b)) BOTH(psubsb)
ELEM_OP(psubsw, sw, sat16s(a - b)) BOTH(psubsw)
ELEM_OP(psubusb, b, sat8u(a - b)) BOTH(psubusb)
ELEM_OP(psubusw, w, sat16u(a - b)) BOTH(psubusw)
ELEM_OP(pmullw, w, a * b) BOTH(pmullw)
ELEM_OP(pmulhw, sw, ((int32_t)a * b) >> 16) BOTH(pmulhw)
ELEM_OP(pmulhuw, w, ((uint32_t)a * b) >> 16) BOTH(pmulhuw)
ELEM_OP(pmuludq, q, (uint64_t)(uint32_t)a * (uint32_t)b) BOTH(pmuludq)
ELEM_OP(pmaddwd, l,
        (uint32_t)((int32_t)(int16_t)a * (int16_t)b +
                   (int32_t)(int16_t)(a >> 16) * (int16_t)(b >> 16)))
BOTH(pmaddwd)
ELEM_OP(pavgb, b, (a + b + 1) >> 1) BOTH(pavgb)
ELEM_OP(pavgw, w, (a + b + 1) >> 1) BOTH(pavgw)
ELEM_OP(pminub, b, a < b ? a : b) BOTH(pminub)
ELEM_OP(pmaxub, b, a > b ? a : b) BOTH(pmaxub)
ELEM_OP(pminsw, sw, a < b ? a : b) BOTH(pminsw)
ELEM_OP(pmaxsw, sw, a > b ? a : b) BOTH(pmaxsw)
ELEM_OP(pand, q, a & b) BOTH(pand)
ELEM_OP(pandn, q, ~a & b) BOTH(pandn)
ELEM_OP(por, q, a | b) BOTH(por)
ELEM_OP(pxor, q, a ^ b) BOTH(pxor)
ELEM_OP(pcmpeqb, b, a == b ? 0xff : 0) BOTH(pcmpeqb)
ELEM_OP(pcmpeqw, w, a == b ? 0xffff : 0) BOTH(pcmpeqw)
ELEM_OP(pcmpeqd, l, a == b ? 0xffffffffu : 0) BOTH(pcmpeqd)
ELEM_OP(pcmpgtb, sb, a > b ? -1 : 0) BOTH(pcmpgtb)
ELEM_OP(pcmpgtw, sw, a > b ? -1 : 0) BOTH(pcmpgtw)
ELEM_OP(pcmpgtd, sl, a > b ? -1 : 0) BOTH(pcmpgtd)
ELEM_OP(psignb, sb, b < 0 ? -a : b == 0 ? 0 : a) BOTH(psignb)
ELEM_OP(psignw, sw, b < 0 ? -a : b == 0 ? 0 : a) BOTH(psignw)
ELEM_OP(psignd, sl, b < 0 ? (int32_t)-(uint32_t)a : b == 0 ? 0 : a)
BOTH(psignd)
ELEM_OP(pabsb, sb, b < 0 ? -b : b) BOTH(pabsb)
ELEM_OP(pabsw, sw, b < 0 ? -b : b) BOTH(pabsw)
ELEM_OP(pabsd, sl, b < 0 ? (int32_t)-(uint32_t)b : b) BOTH(pabsd)
ELEM_OP(pmulhrsw, sw, (((int32_t)a * b >> 14) + 1) >> 1) BOTH(pmulhrsw)

ELEM_OP(pmuldq, q, (uint64_t)((int64_t)(int32_t)a * (int32_t)b)) XMMONLY(pmuldq)
ELEM_OP(pmulld, l, a * b) XMMONLY(pmulld)
ELEM_OP(pcmpeqq, q, a == b ? ~0ULL : 0) XMMONLY(pcmpeqq)
ELEM_OP(pcmpgtq, sq, a > b ? -1 : 0) XMMONLY(pcmpgtq)
ELEM_OP(pminsb, sb, a < b ? a : b) XMMONLY(pminsb)
ELEM_OP(pminsd, sl, a < b ? a : b) XMMONLY(pminsd)
ELEM_OP(pminuw, w, a < b ? a : b) XMMONLY(pminuw)
ELEM_OP(pminud, l, a < b ? a : b) XMMONLY(pminud)
ELEM_OP(pmaxsb, sb, a > b ? a : b) XMMONLY(pmaxsb)
ELEM_OP(pmaxsd, sl, a > b ? a : b) XMMONLY(pmaxsd)
ELEM_OP(pmaxuw, w, a > b ? a : b) XMMONLY(pmaxuw)
ELEM_OP(pmaxud, l, a > b ? a : b) XMMONLY(pmaxud)

static void do_psadbw(void *dp, void *sp, int n)
{
    Vec d = vget(dp, n), s = vget(sp, n), r = { .q = { 0, 0 } };

    for (int g = 0; g < n / 8; g++) {
        unsigned sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += abs(d.b[8 * g + i] - s.b[8 * g + i]);
        }
        r.q[g] = sum;
    }
    vput(dp, &r, n);
}
BOTH(psadbw)

/* ---- Pack / unpack --------------------------------------------------- */

#define UNPACK(name, F, high)                                                  \
    static void do_##name(void *dp, void *sp, int n)                           \
    {                                                                          \
        Vec d = vget(dp, n), s = vget(sp, n), r;                               \
        int ne = n / (int)sizeof(d.F[0]), base = (high) ? ne / 2 : 0;          \
        for (int i = 0; i < ne / 2; i++) {                                     \
            r.F[2 * i] = d.F[base + i];                                        \
            r.F[2 * i + 1] = s.F[base + i];                                    \
        }                                                                      \
        vput(dp, &r, n);                                                       \
    }
UNPACK(punpcklbw, b, 0) BOTH(punpcklbw)
UNPACK(punpcklwd, w, 0) BOTH(punpcklwd)
UNPACK(punpckldq, l, 0) BOTH(punpckldq)
UNPACK(punpckhbw, b, 1) BOTH(punpckhbw)
UNPACK(punpckhwd, w, 1) BOTH(punpckhwd)
UNPACK(punpckhdq, l, 1) BOTH(punpckhdq)
UNPACK(punpcklqdq, q, 0) XMMONLY(punpcklqdq)
UNPACK(punpckhqdq, q, 1) XMMONLY(punpckhqdq)
UNPACK(unpcklps, l, 0) XMMONLY(unpcklps)
UNPACK(unpckhps, l, 1) XMMONLY(unpckhps)
UNPACK(unpcklpd, q, 0) XMMONLY(unpcklpd)
UNPACK(unpckhpd, q, 1) XMMONLY(unpckhpd)

#define PACK(name, SF, DF, sat)                                                \
    static void do_##name(void *dp, void *sp, int n)                           \
    {                                                                          \
        Vec d = vget(dp, n), s = vget(sp, n), r;                               \
        int ns = n / (int)sizeof(d.SF[0]);                                     \
        for (int i = 0; i < ns; i++) {                                         \
            r.DF[i] = sat(d.SF[i]);                                            \
            r.DF[ns + i] = sat(s.SF[i]);                                       \
        }                                                                      \
        vput(dp, &r, n);                                                       \
    }
PACK(packsswb, sw, sb, sat8s) BOTH(packsswb)
PACK(packuswb, sw, b, sat8u) BOTH(packuswb)
PACK(packssdw, sl, sw, sat16s) BOTH(packssdw)
static inline int64_t sat16u64(int64_t x)
{
    return x < 0 ? 0 : x > 65535 ? 65535 : x;
}
PACK(packusdw, sl, w, sat16u64) XMMONLY(packusdw)

/* ---- Shifts by register (count: low 64 bits of s) -------------------- */

#define SHIFT(name, F, bits, expr)                                             \
    static void do_##name(void *dp, void *sp, int n)                           \
    {                                                                          \
        Vec d = vget(dp, n);                                                   \
        uint64_t c;                                                            \
        memcpy(&c, sp, 8);                                                     \
        for (int i = 0; i < n / (int)sizeof(d.F[0]); i++) {                    \
            __typeof__(d.F[0]) a = d.F[i];                                     \
            d.F[i] = (expr);                                                   \
        }                                                                      \
        vput(dp, &d, n);                                                       \
    }
SHIFT(psrlw, w, 16, c > 15 ? 0 : a >> c) BOTH(psrlw)
SHIFT(psrld, l, 32, c > 31 ? 0 : a >> c) BOTH(psrld)
SHIFT(psrlq, q, 64, c > 63 ? 0 : a >> c) BOTH(psrlq)
SHIFT(psraw, sw, 16, a >> (c > 15 ? 15 : c)) BOTH(psraw)
SHIFT(psrad, sl, 32, a >> (c > 31 ? 31 : c)) BOTH(psrad)
SHIFT(psllw, w, 16, c > 15 ? 0 : a << c) BOTH(psllw)
SHIFT(pslld, l, 32, c > 31 ? 0 : a << c) BOTH(pslld)
SHIFT(psllq, q, 64, c > 63 ? 0 : a << c) BOTH(psllq)

/* ---- SSSE3 ----------------------------------------------------------- */

static void do_pshufb(void *dp, void *sp, int n)
{
    Vec d = vget(dp, n), s = vget(sp, n), r;

    for (int i = 0; i < n; i++) {
        r.b[i] = (s.b[i] & 0x80) ? 0 : d.b[s.b[i] & (n - 1)];
    }
    vput(dp, &r, n);
}
BOTH(pshufb)

#define HOP(name, F, expr)                                                     \
    static void do_##name(void *dp, void *sp, int n)                           \
    {                                                                          \
        Vec d = vget(dp, n), s = vget(sp, n), r;                               \
        int half = n / (int)sizeof(d.F[0]) / 2;                                \
        for (int i = 0; i < half; i++) {                                       \
            __typeof__(d.F[0]) a = d.F[2 * i], b = d.F[2 * i + 1];             \
            r.F[i] = (expr);                                                   \
            a = s.F[2 * i];                                                    \
            b = s.F[2 * i + 1];                                                \
            r.F[half + i] = (expr);                                            \
        }                                                                      \
        vput(dp, &r, n);                                                       \
    }
HOP(phaddw, w, a + b) BOTH(phaddw)
HOP(phaddd, l, a + b) BOTH(phaddd)
HOP(phaddsw, sw, sat16s(a + b)) BOTH(phaddsw)
HOP(phsubw, w, a - b) BOTH(phsubw)
HOP(phsubd, l, a - b) BOTH(phsubd)
HOP(phsubsw, sw, sat16s(a - b)) BOTH(phsubsw)

static void do_pmaddubsw(void *dp, void *sp, int n)
{
    Vec d = vget(dp, n), s = vget(sp, n), r;

    for (int i = 0; i < n / 2; i++) {
        r.sw[i] = sat16s(d.b[2 * i] * s.sb[2 * i] +
                         d.b[2 * i + 1] * s.sb[2 * i + 1]);
    }
    vput(dp, &r, n);
}
BOTH(pmaddubsw)

static void do_palignr(void *dp, void *sp, int n, uint32_t imm)
{
    uint8_t cat[32] = { 0 }, r[16];

    memcpy(cat, sp, n);
    memcpy(cat + n, dp, n);
    for (int i = 0; i < n; i++) {
        unsigned k = imm + i;
        r[i] = k < 2 * (unsigned)n ? cat[k] : 0;
    }
    memcpy(dp, r, n);
}

void helper_palignr_mmx(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    do_palignr(d, s, 8, imm & 0xff);
}

void helper_palignr_xmm(CPUX86State *env, void *d, void *s, uint32_t imm)
{
    do_palignr(d, s, 16, imm & 0xff);
}

/* ---- SSE4.1 integer --------------------------------------------------- */

void helper_phminposuw(CPUX86State *env, void *dp, void *sp)
{
    Vec s = vget(sp, 16), r = { .q = { 0, 0 } };
    int idx = 0;

    for (int i = 1; i < 8; i++) {
        if (s.w[i] < s.w[idx]) {
            idx = i;
        }
    }
    r.w[0] = s.w[idx];
    r.w[1] = idx;
    vput(dp, &r, 16);
}

#define BLENDV(name, F)                                                        \
    void helper_##name(CPUX86State *env, void *dp, void *sp)                   \
    {                                                                          \
        Vec d = vget(dp, 16), s = vget(sp, 16), m = vget(&env->xmm_regs[0], 16); \
        for (int i = 0; i < 16 / (int)sizeof(d.F[0]); i++) {                   \
            if (m.F[i] < 0) {                                                  \
                d.F[i] = s.F[i];                                               \
            }                                                                  \
        }                                                                      \
        vput(dp, &d, 16);                                                      \
    }
BLENDV(pblendvb, sb)
BLENDV(blendvps, sl)
BLENDV(blendvpd, sq)

#define PMOVX(name, SF, DF)                                                    \
    void helper_##name(CPUX86State *env, void *dp, void *sp)                   \
    {                                                                          \
        Vec s = vget(sp, 16), r;                                               \
        for (int i = 0; i < 16 / (int)sizeof(r.DF[0]); i++) {                  \
            r.DF[i] = s.SF[i];                                                 \
        }                                                                      \
        vput(dp, &r, 16);                                                      \
    }
PMOVX(pmovsxbw, sb, sw) PMOVX(pmovsxbd, sb, sl) PMOVX(pmovsxbq, sb, sq)
PMOVX(pmovsxwd, sw, sl) PMOVX(pmovsxwq, sw, sq) PMOVX(pmovsxdq, sl, sq)
PMOVX(pmovzxbw, b, w) PMOVX(pmovzxbd, b, l) PMOVX(pmovzxbq, b, q)
PMOVX(pmovzxwd, w, l) PMOVX(pmovzxwq, w, q) PMOVX(pmovzxdq, l, q)

/* ---- Data movement ---------------------------------------------------- */

void helper_movddup(CPUX86State *env, void *dp, void *sp)
{
    Vec s = vget(sp, 16), r = { .q = { s.q[0], s.q[0] } };
    vput(dp, &r, 16);
}

void helper_movshdup(CPUX86State *env, void *dp, void *sp)
{
    Vec s = vget(sp, 16), r = { .l = { s.l[1], s.l[1], s.l[3], s.l[3] } };
    vput(dp, &r, 16);
}

void helper_movsldup(CPUX86State *env, void *dp, void *sp)
{
    Vec s = vget(sp, 16), r = { .l = { s.l[0], s.l[0], s.l[2], s.l[2] } };
    vput(dp, &r, 16);
}

void helper_movss(CPUX86State *env, void *dp, void *sp)
{
    memcpy(dp, sp, 4);
}

void helper_movsd(CPUX86State *env, void *dp, void *sp)
{
    memcpy(dp, sp, 8);
}

void helper_movlhps(CPUX86State *env, void *dp, void *sp)
{
    memcpy((uint8_t *)dp + 8, sp, 8);
}

void helper_movhlps(CPUX86State *env, void *dp, void *sp)
{
    uint64_t t;
    memcpy(&t, (uint8_t *)sp + 8, 8);
    memcpy(dp, &t, 8);
}

/* ---- Immediate shuffles and blends ------------------------------------ */

void helper_pshufw(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec s = vget(sp, 8), r;
    for (int i = 0; i < 4; i++) {
        r.w[i] = s.w[(imm >> (2 * i)) & 3];
    }
    vput(dp, &r, 8);
}

void helper_pshufd(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec s = vget(sp, 16), r;
    for (int i = 0; i < 4; i++) {
        r.l[i] = s.l[(imm >> (2 * i)) & 3];
    }
    vput(dp, &r, 16);
}

void helper_pshufhw(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec s = vget(sp, 16), r = s;
    for (int i = 0; i < 4; i++) {
        r.w[4 + i] = s.w[4 + ((imm >> (2 * i)) & 3)];
    }
    vput(dp, &r, 16);
}

void helper_pshuflw(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec s = vget(sp, 16), r = s;
    for (int i = 0; i < 4; i++) {
        r.w[i] = s.w[(imm >> (2 * i)) & 3];
    }
    vput(dp, &r, 16);
}

void helper_pslldq(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), r = { .q = { 0, 0 } };
    imm &= 0xff;
    for (unsigned i = imm; i < 16; i++) {
        r.b[i] = d.b[i - imm];
    }
    vput(dp, &r, 16);
}

void helper_psrldq(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), r = { .q = { 0, 0 } };
    imm &= 0xff;
    for (unsigned i = 0; i + imm < 16; i++) {
        r.b[i] = d.b[i + imm];
    }
    vput(dp, &r, 16);
}

void helper_shufps(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), s = vget(sp, 16), r;
    r.l[0] = d.l[imm & 3];
    r.l[1] = d.l[(imm >> 2) & 3];
    r.l[2] = s.l[(imm >> 4) & 3];
    r.l[3] = s.l[(imm >> 6) & 3];
    vput(dp, &r, 16);
}

void helper_shufpd(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), s = vget(sp, 16), r;
    r.q[0] = d.q[imm & 1];
    r.q[1] = s.q[(imm >> 1) & 1];
    vput(dp, &r, 16);
}

#define BLENDI(name, F)                                                        \
    void helper_##name(CPUX86State *env, void *dp, void *sp, uint32_t imm)     \
    {                                                                          \
        Vec d = vget(dp, 16), s = vget(sp, 16);                                \
        for (int i = 0; i < 16 / (int)sizeof(d.F[0]); i++) {                   \
            if (imm & (1 << i)) {                                              \
                d.F[i] = s.F[i];                                               \
            }                                                                  \
        }                                                                      \
        vput(dp, &d, 16);                                                      \
    }
BLENDI(blendps, l)
BLENDI(blendpd, q)
BLENDI(pblendw, w)

void helper_mpsadbw(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), s = vget(sp, 16), r;
    int doff = (imm & 4) ? 4 : 0, soff = (imm & 3) * 4;

    for (int i = 0; i < 8; i++) {
        int sum = 0;
        for (int j = 0; j < 4; j++) {
            sum += abs(d.b[doff + i + j] - s.b[soff + j]);
        }
        r.w[i] = sum;
    }
    vput(dp, &r, 16);
}

void helper_insertps(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), s = vget(sp, 16);

    d.l[(imm >> 4) & 3] = s.l[(imm >> 6) & 3];
    for (int i = 0; i < 4; i++) {
        if (imm & (1 << i)) {
            d.l[i] = 0;
        }
    }
    vput(dp, &d, 16);
}

/* ---- Masks and tests --------------------------------------------------- */

uint32_t helper_pmovmskb_mmx(CPUX86State *env, void *sp)
{
    Vec s = vget(sp, 8);
    uint32_t m = 0;
    for (int i = 0; i < 8; i++) {
        m |= (s.b[i] >> 7) << i;
    }
    return m;
}

uint32_t helper_pmovmskb_xmm(CPUX86State *env, void *sp)
{
    Vec s = vget(sp, 16);
    uint32_t m = 0;
    for (int i = 0; i < 16; i++) {
        m |= (s.b[i] >> 7) << i;
    }
    return m;
}

uint32_t helper_movmskps(CPUX86State *env, void *sp)
{
    Vec s = vget(sp, 16);
    uint32_t m = 0;
    for (int i = 0; i < 4; i++) {
        m |= (s.l[i] >> 31) << i;
    }
    return m;
}

uint32_t helper_movmskpd(CPUX86State *env, void *sp)
{
    Vec s = vget(sp, 16);
    return (s.q[0] >> 63) | ((s.q[1] >> 63) << 1);
}

uint32_t helper_ptest(CPUX86State *env, void *dp, void *sp)
{
    Vec d = vget(dp, 16), s = vget(sp, 16);
    uint32_t f = 0;

    if (!((d.q[0] & s.q[0]) | (d.q[1] & s.q[1]))) {
        f |= CC_Z;
    }
    if (!((~d.q[0] & s.q[0]) | (~d.q[1] & s.q[1]))) {
        f |= CC_C;
    }
    return f;
}

void helper_maskmov(CPUX86State *env, void *dp, void *sp, uint64_t addr,
                    uint32_t mmu_idx, uint32_t len)
{
    uintptr_t ra = GETPC();
    Vec d = vget(dp, len > 8 ? 16 : 8), s = vget(sp, len > 8 ? 16 : 8);

    for (unsigned i = 0; i < len && i < 16; i++) {
        if (s.b[i] & 0x80) {
            cpu_stb_mmuidx_ra(env, addr + i, d.b[i], mmu_idx, ra);
        }
    }
}

/* ---- Host SSE execution ---------------------------------------------- */

static inline uint32_t sse_enter(CPUX86State *env)
{
    uint32_t host, guest = (env->mxcsr & ~MXCSR_FLAGS) | MXCSR_MASKS;

    asm volatile("stmxcsr %0\n\tldmxcsr %1" : "=m"(host) : "m"(guest));
    return host;
}

static inline uint32_t sse_leave(uint32_t host)
{
    uint32_t after;

    asm volatile("stmxcsr %0\n\tldmxcsr %1" : "=m"(after) : "m"(host));
    return after & MXCSR_FLAGS;
}

/*
 * Merge flags; an unmasked exception raises #XM (#UD without
 * CR4.OSXMMEXCPT) before the destination is written.
 */
static void sse_flags(CPUX86State *env, uint32_t flags, uintptr_t ra)
{
    env->mxcsr |= flags;
    if (flags & ~(env->mxcsr >> 7) & MXCSR_FLAGS) {
        x86_fpu_raise(env, (env->cr[4] & CR4_OSXMMEXCPT_MASK) ? EXCP13_XMM
                                                              : EXCP06_ILLOP,
                      ra);
    }
}

#define SSE_ASM2(insn, r, dv, sv)                                              \
    asm volatile("movdqu %[d], %%xmm0\n\t"                                     \
                 "movdqu %[s], %%xmm1\n\t" insn " %%xmm1, %%xmm0\n\t"         \
                 "movdqu %%xmm0, %[r]"                                         \
                 : [r] "=m"(r)                                                 \
                 : [d] "m"(dv), [s] "m"(sv)                                    \
                 : "xmm0", "xmm1")

#define SSE_FP(name, insn)                                                     \
    void helper_##name(CPUX86State *env, void *dp, void *sp)                   \
    {                                                                          \
        Vec d = vget(dp, 16), s = vget(sp, 16), r;                             \
        uint32_t h = sse_enter(env);                                           \
        SSE_ASM2(insn, r, d, s);                                               \
        sse_flags(env, sse_leave(h), GETPC());                                 \
        vput(dp, &r, 16);                                                      \
    }

SSE_FP(addps, "addps") SSE_FP(addss, "addss")
SSE_FP(addpd, "addpd") SSE_FP(addsd, "addsd")
SSE_FP(subps, "subps") SSE_FP(subss, "subss")
SSE_FP(subpd, "subpd") SSE_FP(subsd, "subsd")
SSE_FP(mulps, "mulps") SSE_FP(mulss, "mulss")
SSE_FP(mulpd, "mulpd") SSE_FP(mulsd, "mulsd")
SSE_FP(divps, "divps") SSE_FP(divss, "divss")
SSE_FP(divpd, "divpd") SSE_FP(divsd, "divsd")
SSE_FP(minps, "minps") SSE_FP(minss, "minss")
SSE_FP(minpd, "minpd") SSE_FP(minsd, "minsd")
SSE_FP(maxps, "maxps") SSE_FP(maxss, "maxss")
SSE_FP(maxpd, "maxpd") SSE_FP(maxsd, "maxsd")
SSE_FP(sqrtps, "sqrtps") SSE_FP(sqrtss, "sqrtss")
SSE_FP(sqrtpd, "sqrtpd") SSE_FP(sqrtsd, "sqrtsd")
SSE_FP(rcpps, "rcpps") SSE_FP(rcpss, "rcpss")
SSE_FP(rsqrtps, "rsqrtps") SSE_FP(rsqrtss, "rsqrtss")
SSE_FP(addsubps, "addsubps") SSE_FP(addsubpd, "addsubpd")
SSE_FP(haddps, "haddps") SSE_FP(haddpd, "haddpd")
SSE_FP(hsubps, "hsubps") SSE_FP(hsubpd, "hsubpd")
SSE_FP(cvtps2pd, "cvtps2pd") SSE_FP(cvtpd2ps, "cvtpd2ps")
SSE_FP(cvtss2sd, "cvtss2sd") SSE_FP(cvtsd2ss, "cvtsd2ss")
SSE_FP(cvtdq2ps, "cvtdq2ps") SSE_FP(cvtps2dq, "cvtps2dq")
SSE_FP(cvttps2dq, "cvttps2dq") SSE_FP(cvtdq2pd, "cvtdq2pd")
SSE_FP(cvtpd2dq, "cvtpd2dq") SSE_FP(cvttpd2dq, "cvttpd2dq")

/*
 * Packed conversions with an MMX side run the XMM form.  from_mmx: two
 * int32 in s; keep_high: cvtpi2ps leaves the destination's upper half.
 * to_mmx: the low 8 bytes of the result; a ps source has lanes 2-3
 * cleared so they raise nothing.
 */
#define SSE_CVT_MMX(name, insn, from_mmx, keep_high, ps_src)                   \
    void helper_##name(CPUX86State *env, void *dp, void *sp)                   \
    {                                                                          \
        Vec d = vget(dp, (from_mmx) ? 16 : 8), r;                              \
        Vec s = vget(sp, (from_mmx) ? 8 : 16);                                 \
        uint32_t h;                                                            \
        if (ps_src) {                                                          \
            s.q[1] = 0;                                                        \
        }                                                                      \
        h = sse_enter(env);                                                    \
        SSE_ASM2(insn, r, d, s);                                               \
        sse_flags(env, sse_leave(h), GETPC());                                 \
        if (keep_high) {                                                       \
            r.q[1] = d.q[1];                                                   \
        }                                                                      \
        vput(dp, &r, (from_mmx) ? 16 : 8);                                     \
    }
SSE_CVT_MMX(cvtpi2ps, "cvtdq2ps", 1, 1, 1)
SSE_CVT_MMX(cvtpi2pd, "cvtdq2pd", 1, 0, 1)
SSE_CVT_MMX(cvtps2pi, "cvtps2dq", 0, 0, 1)
SSE_CVT_MMX(cvttps2pi, "cvttps2dq", 0, 0, 1)
SSE_CVT_MMX(cvtpd2pi, "cvtpd2dq", 0, 0, 0)
SSE_CVT_MMX(cvttpd2pi, "cvttpd2dq", 0, 0, 0)

void helper_cvtsi2ss(CPUX86State *env, void *dp, uint64_t v, uint32_t is64)
{
    Vec d = vget(dp, 16);
    uint32_t h = sse_enter(env);

    if (is64) {
        asm volatile("movdqu %[d], %%xmm0\n\tcvtsi2ssq %[v], %%xmm0\n\t"
                     "movdqu %%xmm0, %[d]"
                     : [d] "+m"(d) : [v] "r"(v) : "xmm0");
    } else {
        asm volatile("movdqu %[d], %%xmm0\n\tcvtsi2ssl %k[v], %%xmm0\n\t"
                     "movdqu %%xmm0, %[d]"
                     : [d] "+m"(d) : [v] "r"(v) : "xmm0");
    }
    sse_flags(env, sse_leave(h), GETPC());
    vput(dp, &d, 16);
}

void helper_cvtsi2sd(CPUX86State *env, void *dp, uint64_t v, uint32_t is64)
{
    Vec d = vget(dp, 16);
    uint32_t h = sse_enter(env);

    if (is64) {
        asm volatile("movdqu %[d], %%xmm0\n\tcvtsi2sdq %[v], %%xmm0\n\t"
                     "movdqu %%xmm0, %[d]"
                     : [d] "+m"(d) : [v] "r"(v) : "xmm0");
    } else {
        asm volatile("movdqu %[d], %%xmm0\n\tcvtsi2sdl %k[v], %%xmm0\n\t"
                     "movdqu %%xmm0, %[d]"
                     : [d] "+m"(d) : [v] "r"(v) : "xmm0");
    }
    sse_flags(env, sse_leave(h), GETPC());
    vput(dp, &d, 16);
}

uint64_t helper_cvt2si(CPUX86State *env, void *sp, uint32_t kind,
                       uint32_t is64)
{
    Vec s = vget(sp, 16);
    uint64_t r = 0;
    uint32_t h = sse_enter(env);

#define CVT2SI(insn)                                                           \
    asm volatile("movdqu %[s], %%xmm1\n\t" insn " %%xmm1, %[r]"               \
                 : [r] "=r"(r) : [s] "m"(s) : "xmm1")
#define CVT2SI32(insn)                                                         \
    asm volatile("movdqu %[s], %%xmm1\n\t" insn " %%xmm1, %k[r]"              \
                 : [r] "=r"(r) : [s] "m"(s) : "xmm1")
    switch ((kind & 3) | (is64 ? 4 : 0)) {
    case 0: CVT2SI32("cvtss2si"); r = (uint32_t)r; break;
    case 1: CVT2SI32("cvttss2si"); r = (uint32_t)r; break;
    case 2: CVT2SI32("cvtsd2si"); r = (uint32_t)r; break;
    case 3: CVT2SI32("cvttsd2si"); r = (uint32_t)r; break;
    case 4: CVT2SI("cvtss2siq"); break;
    case 5: CVT2SI("cvttss2siq"); break;
    case 6: CVT2SI("cvtsd2siq"); break;
    default: CVT2SI("cvttsd2siq"); break;
    }
#undef CVT2SI
#undef CVT2SI32
    sse_flags(env, sse_leave(h), GETPC());
    return r;
}

uint32_t helper_comis(CPUX86State *env, void *dp, void *sp, uint32_t kind)
{
    Vec d = vget(dp, 16), s = vget(sp, 16);
    uint8_t z, p, c;
    uint32_t h = sse_enter(env);

#define COMIS(insn)                                                            \
    asm volatile("movdqu %[d], %%xmm0\n\tmovdqu %[s], %%xmm1\n\t" insn        \
                 " %%xmm1, %%xmm0\n\tsetz %[z]\n\tsetp %[p]\n\tsetc %[c]"      \
                 : [z] "=r"(z), [p] "=r"(p), [c] "=r"(c)                       \
                 : [d] "m"(d), [s] "m"(s)                                      \
                 : "xmm0", "xmm1", "cc")
    switch (kind & 3) {
    case 0: COMIS("comiss"); break;
    case 1: COMIS("ucomiss"); break;
    case 2: COMIS("comisd"); break;
    default: COMIS("ucomisd"); break;
    }
#undef COMIS
    sse_flags(env, sse_leave(h), GETPC());
    return (z ? CC_Z : 0) | (p ? CC_P : 0) | (c ? CC_C : 0);
}

/* Predicates 0-7: an immediate in the instruction, so one asm each. */
#define CMP_CASES(insn)                                                        \
    switch (imm & 7) {                                                         \
    case 0: SSE_ASM2(insn " $0,", r, d, s); break;                             \
    case 1: SSE_ASM2(insn " $1,", r, d, s); break;                             \
    case 2: SSE_ASM2(insn " $2,", r, d, s); break;                             \
    case 3: SSE_ASM2(insn " $3,", r, d, s); break;                             \
    case 4: SSE_ASM2(insn " $4,", r, d, s); break;                             \
    case 5: SSE_ASM2(insn " $5,", r, d, s); break;                             \
    case 6: SSE_ASM2(insn " $6,", r, d, s); break;                             \
    default: SSE_ASM2(insn " $7,", r, d, s); break;                            \
    }
#define SSE_FP_IMM(name, insn, CASES)                                          \
    void helper_##name(CPUX86State *env, void *dp, void *sp, uint32_t imm)     \
    {                                                                          \
        Vec d = vget(dp, 16), s = vget(sp, 16), r;                             \
        uint32_t h = sse_enter(env);                                           \
        CASES(insn)                                                            \
        sse_flags(env, sse_leave(h), GETPC());                                 \
        vput(dp, &r, 16);                                                      \
    }
SSE_FP_IMM(cmpps, "cmpps", CMP_CASES)
SSE_FP_IMM(cmpss, "cmpss", CMP_CASES)
SSE_FP_IMM(cmppd, "cmppd", CMP_CASES)
SSE_FP_IMM(cmpsd, "cmpsd", CMP_CASES)

#define ROUND_CASES(insn)                                                      \
    switch (imm & 15) {                                                        \
    case 0: SSE_ASM2(insn " $0,", r, d, s); break;                             \
    case 1: SSE_ASM2(insn " $1,", r, d, s); break;                             \
    case 2: SSE_ASM2(insn " $2,", r, d, s); break;                             \
    case 3: SSE_ASM2(insn " $3,", r, d, s); break;                             \
    case 4: SSE_ASM2(insn " $4,", r, d, s); break;                             \
    case 5: SSE_ASM2(insn " $5,", r, d, s); break;                             \
    case 6: SSE_ASM2(insn " $6,", r, d, s); break;                             \
    case 7: SSE_ASM2(insn " $7,", r, d, s); break;                             \
    case 8: SSE_ASM2(insn " $8,", r, d, s); break;                             \
    case 9: SSE_ASM2(insn " $9,", r, d, s); break;                             \
    case 10: SSE_ASM2(insn " $10,", r, d, s); break;                           \
    case 11: SSE_ASM2(insn " $11,", r, d, s); break;                           \
    case 12: SSE_ASM2(insn " $12,", r, d, s); break;                           \
    case 13: SSE_ASM2(insn " $13,", r, d, s); break;                           \
    case 14: SSE_ASM2(insn " $14,", r, d, s); break;                           \
    default: SSE_ASM2(insn " $15,", r, d, s); break;                           \
    }
SSE_FP_IMM(roundps, "roundps", ROUND_CASES)
SSE_FP_IMM(roundpd, "roundpd", ROUND_CASES)
SSE_FP_IMM(roundss, "roundss", ROUND_CASES)
SSE_FP_IMM(roundsd, "roundsd", ROUND_CASES)

/* Scalar host operations for dot products (inside sse_enter/leave). */
static inline float h_mulss(float a, float b)
{
    asm volatile("mulss %1, %0" : "+x"(a) : "x"(b));
    return a;
}
static inline float h_addss(float a, float b)
{
    asm volatile("addss %1, %0" : "+x"(a) : "x"(b));
    return a;
}
static inline double h_mulsd(double a, double b)
{
    asm volatile("mulsd %1, %0" : "+x"(a) : "x"(b));
    return a;
}
static inline double h_addsd(double a, double b)
{
    asm volatile("addsd %1, %0" : "+x"(a) : "x"(b));
    return a;
}

void helper_dpps(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), s = vget(sp, 16), r;
    float t[4], sum;
    uint32_t h = sse_enter(env);

    for (int i = 0; i < 4; i++) {
        t[i] = (imm & (16 << i)) ? h_mulss(d.f[i], s.f[i]) : +0.0f;
    }
    /* SDM order; which NaN of several propagates differs between parts */
    sum = h_addss(h_addss(t[0], t[1]), h_addss(t[2], t[3]));
    for (int i = 0; i < 4; i++) {
        r.f[i] = (imm & (1 << i)) ? sum : +0.0f;
    }
    sse_flags(env, sse_leave(h), GETPC());
    vput(dp, &r, 16);
}

void helper_dppd(CPUX86State *env, void *dp, void *sp, uint32_t imm)
{
    Vec d = vget(dp, 16), s = vget(sp, 16), r;
    double t[2], sum;
    uint32_t h = sse_enter(env);

    for (int i = 0; i < 2; i++) {
        t[i] = (imm & (16 << i)) ? h_mulsd(d.d[i], s.d[i]) : +0.0;
    }
    sum = h_addsd(t[0], t[1]);
    for (int i = 0; i < 2; i++) {
        r.d[i] = (imm & (1 << i)) ? sum : +0.0;
    }
    sse_flags(env, sse_leave(h), GETPC());
    vput(dp, &r, 16);
}

/* ---- SSE4.2 string compares ------------------------------------------- */

static int pcmp_elem(const Vec *v, int i, int fmt)
{
    switch (fmt) {
    case 0: return v->b[i];
    case 1: return v->w[i];
    case 2: return v->sb[i];
    default: return v->sw[i];
    }
}

static int pcmp_implicit_len(const Vec *v, int n, int fmt)
{
    for (int i = 0; i < n; i++) {
        if (pcmp_elem(v, i, fmt) == 0) {
            return i;
        }
    }
    return n;
}

static int pcmp_explicit_len(CPUX86State *env, int reg, int n, bool w)
{
    int64_t l = w ? (int64_t)env->regs[reg] : (int32_t)env->regs[reg];

    if (l < 0) {
        l = l == INT64_MIN ? n : -l;
    }
    return l > n ? n : (int)l;
}

uint32_t helper_pcmpstr(CPUX86State *env, void *dp, void *sp, uint32_t ctrl,
                        uint32_t which)
{
    Vec d = vget(dp, 16), s = vget(sp, 16);
    int fmt = ctrl & 3, n = (ctrl & 1) ? 8 : 16;
    int agg = (ctrl >> 2) & 3, pol = (ctrl >> 4) & 3;
    int l1, l2;
    uint32_t res = 0, flags = 0;

    if (which & 2) {
        bool w = (which & 4) != 0;
        l1 = pcmp_explicit_len(env, R_EAX, n, w);
        l2 = pcmp_explicit_len(env, R_EDX, n, w);
    } else {
        l1 = pcmp_implicit_len(&d, n, fmt);
        l2 = pcmp_implicit_len(&s, n, fmt);
    }

    for (int j = 0; j < n; j++) {
        int sj = pcmp_elem(&s, j, fmt);
        bool bit = false;

        switch (agg) {
        case 0: /* equal any */
            if (j < l2) {
                for (int i = 0; i < l1; i++) {
                    if (pcmp_elem(&d, i, fmt) == sj) {
                        bit = true;
                        break;
                    }
                }
            }
            break;
        case 1: /* ranges */
            if (j < l2) {
                for (int i = 0; i + 1 < n; i += 2) {
                    bool lo = i < l1 && pcmp_elem(&d, i, fmt) <= sj;
                    bool hi = i + 1 < l1 && sj <= pcmp_elem(&d, i + 1, fmt);
                    if (lo && hi) {
                        bit = true;
                        break;
                    }
                }
            }
            break;
        case 2: /* equal each */
            if (j >= l1 && j >= l2) {
                bit = true;
            } else if (j < l1 && j < l2) {
                bit = pcmp_elem(&d, j, fmt) == sj;
            }
            break;
        default: /* equal ordered */
            bit = true;
            for (int i = 0; i < n - j; i++) {
                int k = j + i;
                if (i >= l1) {
                    break; /* needle ended: match */
                }
                if (k >= l2 || pcmp_elem(&d, i, fmt) != pcmp_elem(&s, k, fmt)) {
                    bit = false;
                    break;
                }
            }
            break;
        }
        res |= (uint32_t)bit << j;
    }

    switch (pol) {
    case 1:
        res ^= (1u << n) - 1;
        break;
    case 3:
        res ^= (1u << l2) - 1;
        break;
    }

    if (res) {
        flags |= CC_C;
    }
    if (l2 < n) {
        flags |= CC_Z;
    }
    if (l1 < n) {
        flags |= CC_S;
    }
    if (res & 1) {
        flags |= CC_O;
    }

    if (which & 1) {
        Vec m = { .q = { 0, 0 } };
        if (ctrl & 0x40) {
            for (int i = 0; i < n; i++) {
                if (res & (1u << i)) {
                    if (n == 16) {
                        m.b[i] = 0xff;
                    } else {
                        m.w[i] = 0xffff;
                    }
                }
            }
        } else {
            m.w[0] = res;
        }
        memcpy(&env->xmm_regs[0], &m, 16);
    } else {
        int idx = n;
        if (res) {
            idx = (ctrl & 0x40) ? 31 - __builtin_clz(res) : __builtin_ctz(res);
        }
        env->regs[R_ECX] = idx;
    }
    return flags;
}

uint64_t helper_crc32(uint32_t crc, uint64_t v, uint32_t bits)
{
    for (uint32_t i = 0; i < bits / 8 && i < 8; i++) {
        crc ^= (uint8_t)(v >> (8 * i));
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1));
        }
    }
    return crc;
}

void helper_ldmxcsr(CPUX86State *env, uint32_t val)
{
    if (val & ~MXCSR_MASK_SUPPORTED) {
        x86_fpu_raise_gp(env, GETPC());
    }
    env->mxcsr = val;
}
