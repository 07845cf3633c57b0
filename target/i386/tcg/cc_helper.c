/*
 * Lazy condition codes (QEMU's CC_OP scheme) and the integer helpers that
 * produce flags directly: shifts/rotates, mul/div, BCD.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/helper.h"

static const uint8_t parity_table[256] = {
#define P4(n) P2(n), P2(n ^ 1), P2(n ^ 1), P2(n)
#define P2(n) P1(n), P1(n ^ 1), P1(n ^ 1), P1(n)
#define P1(n) (n) ? CC_P : 0, (n) ? 0 : CC_P, (n) ? 0 : CC_P, (n) ? CC_P : 0
    P4(1), P4(0), P4(0), P4(1),
#undef P1
#undef P2
#undef P4
};

static inline uint64_t szmask(int size)
{
    return size == 3 ? ~0ULL : (1ULL << (8 << size)) - 1;
}

static inline uint64_t sign_bit_of(int size)
{
    return 1ULL << ((8 << size) - 1);
}

static uint32_t szp(uint64_t v, int size)
{
    uint32_t f = parity_table[v & 0xff];
    v &= szmask(size);
    if (v == 0) {
        f |= CC_Z;
    }
    if (v & sign_bit_of(size)) {
        f |= CC_S;
    }
    return f;
}

uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src1, uint64_t src2,
                               uint32_t op)
{
    int size;
    uint64_t a, b, r, m;
    uint32_t f, cf;

    if (op == CC_OP_EFLAGS) {
        return src1 & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C);
    }
    if (op == CC_OP_CLR) {
        return CC_Z | CC_P;
    }
    if (op == CC_OP_POPCNT) {
        return src1 ? 0 : CC_Z;
    }
    if (op < CC_OP_MULB || op > CC_OP_BMILGQ) {
        return 0;
    }
    size = (op - CC_OP_MULB) & 3;
    m = szmask(size);
    r = dst & m;
    switch ((op - CC_OP_MULB) >> 2) {
    case 0: /* MUL */
        f = szp(dst, size) & ~CC_A;
        return f | (src1 ? (CC_C | CC_O) : 0);
    case 1: /* ADD */
    case 2: /* ADC */
        b = src1 & m;
        cf = (op >= CC_OP_ADCB) ? (src2 & 1) : 0;
        a = (r - b - cf) & m;
        f = szp(r, size);
        f |= cf ? (r <= a) : (r < a);
        f |= (a ^ b ^ r) & CC_A;
        f |= (((a ^ b ^ sign_bit_of(size)) & (a ^ r)) & sign_bit_of(size)) ? CC_O : 0;
        return f;
    case 3: /* SUB */
    case 4: /* SBB */
        b = src1 & m;
        cf = (op >= CC_OP_SBBB) ? (src2 & 1) : 0;
        a = (r + b + cf) & m;
        f = szp(r, size);
        f |= cf ? (a <= b) : (a < b);
        f |= (a ^ b ^ r) & CC_A;
        f |= (((a ^ b) & (a ^ r)) & sign_bit_of(size)) ? CC_O : 0;
        return f;
    case 5: /* LOGIC */
        return szp(r, size);
    case 6: /* INC */
        a = (r - 1) & m;
        f = szp(r, size) | (src1 & CC_C);
        f |= (a ^ 1 ^ r) & CC_A;
        f |= r == sign_bit_of(size) ? CC_O : 0;
        return f;
    case 7: /* DEC */
        a = (r + 1) & m;
        f = szp(r, size) | (src1 & CC_C);
        f |= (a ^ 1 ^ r) & CC_A;
        f |= r == sign_bit_of(size) - 1 ? CC_O : 0;
        return f;
    case 8: /* SHL: src = value << (count - 1) */
        f = szp(r, size);
        f |= (src1 >> ((8 << size) - 1)) & CC_C;
        f |= (((src1 ^ dst) & sign_bit_of(size)) ? CC_O : 0);
        return f;
    case 9: /* SAR: src = value >> (count - 1) */
        f = szp(r, size) | (src1 & CC_C);
        f |= (((src1 ^ dst) & sign_bit_of(size)) ? CC_O : 0);
        return f;
    default: /* BMILG */
        f = szp(r, size) & (CC_Z | CC_S);
        return f | (src1 == 0 ? CC_C : 0);
    }
}

uint64_t helper_cc_compute_c(uint64_t dst, uint64_t src1, uint64_t src2,
                             uint32_t op)
{
    return helper_cc_compute_all(dst, src1, src2, op) & CC_C;
}

static uint32_t env_flags(CPUX86State *env)
{
    return helper_cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2,
                                 env->cc_op);
}

static void set_env_flags(CPUX86State *env, uint32_t f)
{
    env->cc_src = f;
    env->cc_op = CC_OP_EFLAGS;
}

uint64_t cpu_compute_eflags(CPUX86State *env)
{
    uint64_t ef = env->eflags & ~(uint64_t)(CC_O | CC_S | CC_Z | CC_A |
                                            CC_P | CC_C | DF_MASK);
    ef |= env_flags(env) | (env->df == -1 ? DF_MASK : 0) | 2;
    return ef;
}

/* Load EFLAGS; bits outside mask are kept. */
void cpu_load_eflags(CPUX86State *env, uint64_t eflags, uint64_t mask)
{
    uint64_t cur = cpu_compute_eflags(env);
    uint64_t nv = (cur & ~mask) | (eflags & mask);

    set_env_flags(env, nv & (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C));
    env->df = (nv & DF_MASK) ? -1 : 1;
    env->eflags = (nv & ~(uint64_t)(CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C |
                                    DF_MASK)) | 2;
    x86_update_hflags(env);
}

uint64_t helper_read_eflags(CPUX86State *env)
{
    return cpu_compute_eflags(env) & ~(uint64_t)(VM_MASK | RF_MASK);
}

void helper_write_eflags(CPUX86State *env, uint64_t v, uint32_t mask)
{
    /* arithmetic flags and DF always come from the value */
    cpu_load_eflags(env, v, mask | CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C |
                                DF_MASK);
}

/* ---- shifts and rotates ---------------------------------------------- */

uint64_t helper_shift(CPUX86State *env, uint64_t val, uint64_t count,
                      uint32_t kind_ot)
{
    int kind = kind_ot & 15, size = kind_ot >> 4;
    int bits = 8 << size;
    uint64_t m = szmask(size), sb = sign_bit_of(size);
    uint32_t f = env_flags(env);
    uint64_t r = val & m;
    int n = count & (size == 3 ? 63 : 31);
    int c;

    if (kind == 2 || kind == 3) { /* rcl/rcr rotate through bits+1 */
        if (size == MO_8) {
            n %= 9;
        } else if (size == MO_16) {
            n %= 17;
        }
    }
    if (n == 0) {
        set_env_flags(env, f);
        return val;
    }
    switch (kind) {
    case 0: /* rol */
        c = n % bits;
        r = c ? ((r << c) | (r >> (bits - c))) & m : r;
        f = (f & ~(CC_C | CC_O)) | (r & 1);
        f |= ((r >> (bits - 1)) ^ r) & 1 ? CC_O : 0;
        break;
    case 1: /* ror */
        c = n % bits;
        r = c ? ((r >> c) | (r << (bits - c))) & m : r;
        f = (f & ~(CC_C | CC_O)) | ((r & sb) ? CC_C : 0);
        f |= (((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1) ? CC_O : 0;
        break;
    case 2: /* rcl */
    case 3: { /* rcr */
        uint64_t cf = f & CC_C;
        for (int i = 0; i < n; i++) {
            uint64_t out;
            if (kind == 2) {
                out = (r & sb) != 0;
                r = ((r << 1) | cf) & m;
            } else {
                out = r & 1;
                r = (r >> 1) | (cf ? sb : 0);
            }
            cf = out;
        }
        f = (f & ~(CC_C | CC_O)) | (cf ? CC_C : 0);
        if (kind == 2) {
            f |= (((r & sb) != 0) ^ cf) ? CC_O : 0;
        } else {
            f |= (((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1) ? CC_O : 0;
        }
        break;
    }
    case 4: /* shl */
    case 6: {
        uint64_t prev = n > 1 ? (r << (n - 1)) : r;
        r = n >= 64 ? 0 : (r << n) & m;
        f = szp(r, size) | ((prev & sb) ? CC_C : 0);
        f |= ((r & sb) != 0) ^ ((prev & sb) != 0) ? CC_O : 0;
        break;
    }
    case 5: { /* shr */
        uint64_t prev = r >> (n - 1);
        r = prev >> 1;
        f = szp(r, size) | (prev & 1);
        f |= ((prev ^ r) & sb) ? CC_O : 0;
        break;
    }
    default: { /* sar */
        int64_t sv = (int64_t)(r << (64 - bits)) >> (64 - bits);
        int64_t prev = sv >> (n - 1);
        r = (uint64_t)(prev >> 1) & m;
        f = szp(r, size) | (prev & 1);
        break;
    }
    }
    set_env_flags(env, f);
    return r;
}

uint64_t helper_shxd(CPUX86State *env, uint64_t dst, uint64_t src,
                     uint64_t count, uint32_t right_ot)
{
    int right = right_ot & 15, size = right_ot >> 4;
    int bits = 8 << size;
    uint64_t m = szmask(size), sb = sign_bit_of(size);
    int n = count & (size == 3 ? 63 : 31);
    uint32_t f = env_flags(env);
    uint64_t r, cf;

    dst &= m;
    src &= m;
    if (n == 0) {
        set_env_flags(env, f);
        return dst;
    }
    if (size == MO_16 && n > 16) {
        /* undefined result; model as a 32-bit dst:src:dst rotate */
        uint64_t wide = right ? (src << 32) | (dst << 16) | src
                              : (dst << 32) | (src << 16) | dst;
        if (right) {
            r = (wide >> n) & m;
            cf = (wide >> (n - 1)) & 1;
        } else {
            r = (wide >> (32 - n)) & m;
            cf = (wide >> (48 - n)) & 1;
        }
    } else if (right) {
        r = ((dst >> n) | (n > bits ? 0 : src << (bits - n))) & m;
        cf = (dst >> (n - 1)) & 1;
    } else {
        r = ((dst << n) | (n > bits ? 0 : src >> (bits - n))) & m;
        cf = ((dst << (n - 1)) & sb) != 0;
    }
    f = szp(r, size) | (cf ? CC_C : 0);
    f |= ((r ^ dst) & sb) ? CC_O : 0;
    set_env_flags(env, f);
    return r;
}

/* ---- multiply / divide ----------------------------------------------- */

static void set_reg(CPUX86State *env, int reg, int size, uint64_t v)
{
    switch (size) {
    case MO_8:
        env->regs[reg] = (env->regs[reg] & ~0xffULL) | (v & 0xff);
        break;
    case MO_16:
        env->regs[reg] = (env->regs[reg] & ~0xffffULL) | (v & 0xffff);
        break;
    case MO_32:
        env->regs[reg] = (uint32_t)v;
        break;
    default:
        env->regs[reg] = v;
        break;
    }
}

static void set_mul_flags(CPUX86State *env, int size, uint64_t low,
                          bool overflow)
{
    env->cc_dst = low;
    env->cc_src = overflow;
    env->cc_op = CC_OP_MULB + size;
}

void helper_muldiv(CPUX86State *env, uint64_t val, uint32_t kind_ot)
{
    int kind = kind_ot & 15, size = kind_ot >> 4;
    int bits = 8 << size;
    uint64_t m = szmask(size);
    uintptr_t ra = GETPC();
    unsigned __int128 ua, q, rem;
    __int128 sa, sq, sr;
    uint64_t lo = env->regs[R_EAX] & m;
    uint64_t hi = size == MO_8 ? (env->regs[R_EAX] >> 8) & 0xff
                               : env->regs[R_EDX] & m;
    int64_t sv = (int64_t)(val << (64 - bits)) >> (64 - bits);

    val &= m;
    switch (kind) {
    case 4: { /* mul */
        unsigned __int128 p = (unsigned __int128)lo * val;
        uint64_t plo = (uint64_t)p & m;
        uint64_t phi = size == 3 ? (uint64_t)(p >> 64) : (uint64_t)(p >> bits);
        if (size == MO_8) {
            set_reg(env, R_EAX, MO_16, (phi << 8) | plo);
        } else {
            set_reg(env, R_EAX, size, plo);
            set_reg(env, R_EDX, size, phi);
        }
        set_mul_flags(env, size, plo, phi != 0);
        return;
    }
    case 5: { /* imul */
        int64_t sl = (int64_t)(lo << (64 - bits)) >> (64 - bits);
        __int128 p = (__int128)sl * sv;
        uint64_t plo = (uint64_t)p & m;
        uint64_t phi = (uint64_t)(p >> (size == 3 ? 64 : bits)) & m;
        int64_t splo = (int64_t)(plo << (64 - bits)) >> (64 - bits);
        if (size == MO_8) {
            set_reg(env, R_EAX, MO_16, (phi << 8) | plo);
        } else {
            set_reg(env, R_EAX, size, plo);
            set_reg(env, R_EDX, size, phi);
        }
        set_mul_flags(env, size, plo, (__int128)splo != p);
        return;
    }
    case 6: /* div */
        if (val == 0) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        ua = size == 3 ? ((unsigned __int128)hi << 64) | lo
                       : ((unsigned __int128)hi << bits) | lo;
        q = ua / val;
        rem = ua % val;
        if (q > m) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        break;
    default: { /* idiv */
        int64_t shi = (int64_t)(hi << (64 - bits)) >> (64 - bits);
        if (val == 0) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        sa = size == 3 ? (__int128)(((unsigned __int128)hi << 64) | lo)
                       : ((__int128)shi << bits) | (__int128)lo;
        if (sv == -1 && sa == -(((__int128)1) << (2 * bits - 1))) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        sq = sa / sv;
        sr = sa % sv;
        if (sq > (__int128)(m >> 1) || sq < -(__int128)(m >> 1) - 1) {
            raise_exception_ra(env, EXCP00_DIVZ, ra);
        }
        q = (unsigned __int128)sq;
        rem = (unsigned __int128)sr;
        break;
    }
    }
    if (size == MO_8) {
        set_reg(env, R_EAX, MO_16,
                (((uint64_t)rem & 0xff) << 8) | ((uint64_t)q & 0xff));
    } else {
        set_reg(env, R_EAX, size, (uint64_t)q);
        set_reg(env, R_EDX, size, (uint64_t)rem);
    }
    /* flags undefined; keep them (computed) */
    set_env_flags(env, env_flags(env));
}

uint64_t helper_imul2(CPUX86State *env, uint64_t a, uint64_t b, uint32_t ot)
{
    int bits = 8 << ot;
    uint64_t m = szmask(ot);
    int64_t sa = (int64_t)(a << (64 - bits)) >> (64 - bits);
    int64_t sb = (int64_t)(b << (64 - bits)) >> (64 - bits);
    __int128 p = (__int128)sa * sb;
    uint64_t lo = (uint64_t)p & m;
    int64_t slo = (int64_t)(lo << (64 - bits)) >> (64 - bits);

    set_mul_flags(env, ot, lo, (__int128)slo != p);
    return lo;
}

/* ---- BCD ---------------------------------------------------------------- */

void helper_bcd(CPUX86State *env, uint32_t kind, uint32_t imm)
{
    uint32_t f = env_flags(env);
    uint32_t al = env->regs[R_EAX] & 0xff, ah = (env->regs[R_EAX] >> 8) & 0xff;
    uint32_t old_al = al, old_cf = f & CC_C;
    uint32_t cf = 0, af = 0;

    switch (kind) {
    case 0: /* daa */
        if ((al & 0xf) > 9 || (f & CC_A)) {
            al = (al + 6) & 0xff;
            af = CC_A;
        }
        if (old_al > 0x99 || old_cf) {
            al = (al + 0x60) & 0xff;
            cf = CC_C;
        }
        set_reg(env, R_EAX, MO_8, al);
        f = (f & CC_O) | szp(al, MO_8) | cf | af;
        break;
    case 1: /* das */
        if ((al & 0xf) > 9 || (f & CC_A)) {
            cf = old_cf | (al < 6);
            al = (al - 6) & 0xff;
            af = CC_A;
        }
        if (old_al > 0x99 || old_cf) {
            al = (al - 0x60) & 0xff;
            cf = CC_C;
        }
        set_reg(env, R_EAX, MO_8, al);
        f = (f & CC_O) | szp(al, MO_8) | (cf ? CC_C : 0) | af;
        break;
    case 2: /* aaa */
    case 3: /* aas */
        if ((al & 0xf) > 9 || (f & CC_A)) {
            if (kind == 2) {
                set_reg(env, R_EAX, MO_16, env->regs[R_EAX] + 0x106);
            } else {
                set_reg(env, R_EAX, MO_16, env->regs[R_EAX] - 6);
                set_reg(env, R_EAX, MO_16,
                        ((((env->regs[R_EAX] >> 8) - 1) & 0xff) << 8) |
                            (env->regs[R_EAX] & 0xff));
            }
            cf = CC_C;
            af = CC_A;
        }
        set_reg(env, R_EAX, MO_8, env->regs[R_EAX] & 0x0f);
        f = (f & ~(CC_C | CC_A)) | cf | af;
        break;
    case 4: /* aam */
        ah = al / imm;
        al = al % imm;
        set_reg(env, R_EAX, MO_16, (ah << 8) | al);
        f = szp(al, MO_8);
        break;
    default: /* aad */
        al = (al + ah * imm) & 0xff;
        set_reg(env, R_EAX, MO_16, al);
        f = szp(al, MO_8);
        break;
    }
    set_env_flags(env, f);
}
