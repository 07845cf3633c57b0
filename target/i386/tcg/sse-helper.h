/*
 * MMX / SSE..SSE4.2 helpers (see fpu-helper.h for the conventions and
 * docs/x86-fpu.md).  Vector helpers take pointers into env:
 *   SSEFunc:    op(env, d, s)       d = d op s  (d, s: ZMMReg * or uint64_t *)
 *   SSEFuncI:   op(env, d, s, imm)
 * The _mmx variant works on 8 bytes, the _xmm variant on 16 bytes.
 * Floating-point helpers run the instruction on the host SSE unit under the
 * guest MXCSR (exceptions masked), merge the flags and raise #XM (#UD when
 * CR4.OSXMMEXCPT is clear) for an unmasked one, leaving the destination
 * unchanged, as hardware does.
 */
#ifndef TARGET_I386_TCG_SSE_HELPER_H
#define TARGET_I386_TCG_SSE_HELPER_H

#include "target/i386/tcg/fpu-helper.h"

typedef void (*SSEFunc)(CPUX86State *env, void *d, void *s);
typedef void (*SSEFuncI)(CPUX86State *env, void *d, void *s, uint32_t imm);

/* Integer ops with both an MMX (0F xx) and an XMM (66 0F xx) form. */
#define SSE_INT_OPS(X)                                                         \
    X(paddb) X(paddw) X(paddd) X(paddq) X(psubb) X(psubw) X(psubd) X(psubq)   \
    X(paddsb) X(paddsw) X(paddusb) X(paddusw) X(psubsb) X(psubsw)             \
    X(psubusb) X(psubusw) X(pmullw) X(pmulhw) X(pmulhuw) X(pmuludq)           \
    X(pmaddwd) X(psadbw) X(pavgb) X(pavgw) X(pminub) X(pmaxub) X(pminsw)      \
    X(pmaxsw) X(pand) X(pandn) X(por) X(pxor) X(pcmpeqb) X(pcmpeqw)           \
    X(pcmpeqd) X(pcmpgtb) X(pcmpgtw) X(pcmpgtd) X(punpcklbw) X(punpcklwd)     \
    X(punpckldq) X(punpckhbw) X(punpckhwd) X(punpckhdq) X(packsswb)           \
    X(packuswb) X(packssdw) X(psrlw) X(psrld) X(psrlq) X(psraw) X(psrad)      \
    X(psllw) X(pslld) X(psllq)                                                \
    X(pshufb) X(phaddw) X(phaddd) X(phaddsw) X(pmaddubsw) X(phsubw)           \
    X(phsubd) X(phsubsw) X(psignb) X(psignw) X(psignd) X(pmulhrsw)            \
    X(pabsb) X(pabsw) X(pabsd)

/* XMM-only integer and data-movement ops (66 0F / 66 0F38). */
#define SSE_XMM_OPS(X)                                                         \
    X(punpcklqdq) X(punpckhqdq) X(pmuldq) X(pmulld) X(pcmpeqq) X(pcmpgtq)     \
    X(packusdw) X(pminsb) X(pminsd) X(pminuw) X(pminud) X(pmaxsb) X(pmaxsd)   \
    X(pmaxuw) X(pmaxud) X(phminposuw) X(pblendvb) X(blendvps) X(blendvpd)     \
    X(pmovsxbw) X(pmovsxbd) X(pmovsxbq) X(pmovsxwd) X(pmovsxwq) X(pmovsxdq)   \
    X(pmovzxbw) X(pmovzxbd) X(pmovzxbq) X(pmovzxwd) X(pmovzxwq) X(pmovzxdq)   \
    X(unpcklps) X(unpckhps) X(unpcklpd) X(unpckhpd) X(movddup) X(movshdup)    \
    X(movsldup) X(movss) X(movsd) X(movlhps) X(movhlps)                       \
    /* floating point, host-executed */                                        \
    X(addps) X(addss) X(addpd) X(addsd) X(subps) X(subss) X(subpd) X(subsd)   \
    X(mulps) X(mulss) X(mulpd) X(mulsd) X(divps) X(divss) X(divpd) X(divsd)   \
    X(minps) X(minss) X(minpd) X(minsd) X(maxps) X(maxss) X(maxpd) X(maxsd)   \
    X(sqrtps) X(sqrtss) X(sqrtpd) X(sqrtsd) X(rcpps) X(rcpss) X(rsqrtps)      \
    X(rsqrtss) X(addsubps) X(addsubpd) X(haddps) X(haddpd) X(hsubps)          \
    X(hsubpd) X(cvtps2pd) X(cvtpd2ps) X(cvtss2sd) X(cvtsd2ss) X(cvtdq2ps)     \
    X(cvtps2dq) X(cvttps2dq) X(cvtdq2pd) X(cvtpd2dq) X(cvttpd2dq)

/* Ops with an immediate. */
#define SSE_IMM_XMM_OPS(X)                                                     \
    X(pshufd) X(pshufhw) X(pshuflw) X(pslldq) X(psrldq) X(shufps) X(shufpd)   \
    X(cmpps) X(cmpss) X(cmppd) X(cmpsd) X(roundps) X(roundpd) X(roundss)      \
    X(roundsd) X(blendps) X(blendpd) X(pblendw) X(dpps) X(dppd) X(mpsadbw)    \
    X(insertps) X(palignr_xmm)
#define SSE_IMM_MMX_OPS(X) X(pshufw) X(palignr_mmx)

#define SSE_DECL_INT(n)                                                        \
    void helper_##n##_mmx(CPUX86State *env, void *d, void *s);                 \
    void helper_##n##_xmm(CPUX86State *env, void *d, void *s);
#define SSE_DECL_XMM(n) void helper_##n(CPUX86State *env, void *d, void *s);
#define SSE_DECL_IMM(n)                                                        \
    void helper_##n(CPUX86State *env, void *d, void *s, uint32_t imm);
SSE_INT_OPS(SSE_DECL_INT)
SSE_XMM_OPS(SSE_DECL_XMM)
SSE_IMM_XMM_OPS(SSE_DECL_IMM)
SSE_IMM_MMX_OPS(SSE_DECL_IMM)

/* MMX <-> XMM conversions: d/s as named by the instruction. */
void helper_cvtpi2ps(CPUX86State *env, void *d, void *s);
void helper_cvtpi2pd(CPUX86State *env, void *d, void *s);
void helper_cvtps2pi(CPUX86State *env, void *d, void *s);
void helper_cvttps2pi(CPUX86State *env, void *d, void *s);
void helper_cvtpd2pi(CPUX86State *env, void *d, void *s);
void helper_cvttpd2pi(CPUX86State *env, void *d, void *s);

/* Scalar conversions with general registers; is64: REX.W form. */
void helper_cvtsi2ss(CPUX86State *env, void *d, uint64_t v, uint32_t is64);
void helper_cvtsi2sd(CPUX86State *env, void *d, uint64_t v, uint32_t is64);
/* kind: 0 cvtss2si, 1 cvttss2si, 2 cvtsd2si, 3 cvttsd2si */
uint64_t helper_cvt2si(CPUX86State *env, void *s, uint32_t kind,
                       uint32_t is64);

/* comiss/ucomiss (kind 0/1), comisd/ucomisd (2/3): ZF|PF|CF */
uint32_t helper_comis(CPUX86State *env, void *d, void *s, uint32_t kind);
/* ptest: ZF|CF */
uint32_t helper_ptest(CPUX86State *env, void *d, void *s);
uint32_t helper_pmovmskb_mmx(CPUX86State *env, void *s);
uint32_t helper_pmovmskb_xmm(CPUX86State *env, void *s);
uint32_t helper_movmskps(CPUX86State *env, void *s);
uint32_t helper_movmskpd(CPUX86State *env, void *s);
/* maskmovq/maskmovdqu: bytes of d where s has bit 7 set go to addr */
void helper_maskmov(CPUX86State *env, void *d, void *s, uint64_t addr,
                    uint32_t mmu_idx, uint32_t len);
/*
 * pcmpestri/pcmpestrm/pcmpistri/pcmpistrm.  ctrl: imm8; which: bit 0 =
 * "m" (mask to XMM0) else index to ECX, bit 1 = explicit lengths (EAX,
 * EDX), bit 2 = REX.W (64-bit lengths).  Returns the EFLAGS bits CF|ZF|SF|OF (AF=PF=0).
 */
uint32_t helper_pcmpstr(CPUX86State *env, void *d, void *s, uint32_t ctrl,
                        uint32_t which);
/* CRC32C of the low 'bits' bits of v (8, 16, 32, 64) into crc */
uint64_t helper_crc32(uint32_t crc, uint64_t v, uint32_t bits);

#endif
