/*
 * Instruction kernels shared by the host generator (gen/insn-gen.c, run at
 * build time on the host CPU) and the self-checking guests (insn-alu.c,
 * built -m32 and -m64).  Both sides execute the very same inline assembly;
 * the generator records what the host CPU produced, the guest compares.
 *
 * A kernel runs one instruction with EAX/EBX/ECX/EDX (RAX.. in 64-bit)
 * and EFLAGS loaded from struct kregs and stores them back afterwards.
 * Inputs are not stored in the tables: both sides derive them from
 * (kernel class, operand size, vector index) with kin_make().
 *
 * Which outputs are compared comes from kcheck(): the flags an instruction
 * leaves undefined are masked out, results the SDM calls undefined (BSF of
 * 0, 16-bit SHLD/SHRD counts above 16) are not compared, and a divide
 * that must raise #DE is expected to fault and leave the registers alone.
 */
#ifndef INSN_KERNELS_H
#define INSN_KERNELS_H

#include <stdint.h>

struct kregs {
    unsigned long a, b, c, d, fl;
};

/* One table row: outputs of one vector. */
struct kout {
    uint64_t a, b, c, d;
    uint16_t fl;
    uint16_t flmask;   /* flags compared */
    uint8_t chk;       /* KCHK_* */
};

#define KCHK_A 0x01
#define KCHK_B 0x02
#define KCHK_C 0x04
#define KCHK_D 0x08
#define KCHK_ALL 0x0f
#define KCHK_DE 0x10      /* must raise #DE */

#define FL_CF 0x001
#define FL_PF 0x004
#define FL_AF 0x010
#define FL_ZF 0x040
#define FL_SF 0x080
#define FL_OF 0x800
#define FL_ARITH 0x8d5
#define FL_FIXED 0x002

/* Kernel classes: which inputs vary and which outputs are defined. */
enum kclass {
    KC_ALU2,     /* a op= b, all six flags */
    KC_LOGIC,    /* a op= b, AF undefined */
    KC_ALU1,     /* op a: inc/dec/neg (all flags) */
    KC_NOFL,     /* not, bswap, xchg, cbw & co, lea: flags preserved */
    KC_SHIFT,    /* shl/shr/sar by c */
    KC_ROT,      /* rol/ror by c */
    KC_RCX,      /* rcl/rcr by c */
    KC_SHD,      /* shld/shrd a, b by c */
    KC_MUL,      /* mul/imul: CF OF only */
    KC_DIV,      /* div/idiv: d:a / b, no flags */
    KC_BSF,      /* bsf/bsr a <- b: ZF only, a undefined if b == 0 */
    KC_BT,       /* bt* a, b: CF (ZF preserved) */
    KC_POPCNT,   /* all flags */
    KC_LZCNT,    /* lzcnt/tzcnt: CF ZF */
    KC_CC,       /* setcc/cmovcc/jcc: flags vary */
    KC_CMPXCHG,  /* cmpxchg b, c (compares a): all flags */
    KC_XADD,     /* xadd b, a: all flags */
};

/* Optional instructions, tested only where CPUID advertises them. */
enum kfeat { KF_NONE, KF_POPCNT, KF_LZCNT, KF_BMI1 };

static const uint64_t kvals[] = {
    0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000,
    0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xffffffffffffffffull, 0xfedcba9876543211ull, 0x123456789abcdef0ull,
};
#define NKVALS (sizeof(kvals) / sizeof(kvals[0]))

static const uint64_t kshvals[] = {
    0x1, 0x81, 0x8001, 0x80000001, 0x8000000000000081ull,
    0xfedcba9876543211ull, 0xffffffffffffffffull,
};
#define NKSHVALS (sizeof(kshvals) / sizeof(kshvals[0]))

static const uint8_t kcounts[] = {
    0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 255,
};
#define NKCOUNTS (sizeof(kcounts) / sizeof(kcounts[0]))

static const unsigned long kflin[] = { FL_FIXED, FL_FIXED | FL_ARITH };

/* Number of vectors of a class. */
static inline unsigned kin_count(enum kclass cls)
{
    switch (cls) {
    case KC_ALU2: case KC_LOGIC: case KC_BT: case KC_MUL:
        return NKVALS * NKVALS * 2;
    case KC_ALU1: case KC_NOFL: case KC_BSF: case KC_POPCNT: case KC_LZCNT:
        return NKVALS * 2;
    case KC_SHIFT: case KC_ROT: case KC_RCX:
        return NKSHVALS * NKCOUNTS * 2;
    case KC_SHD:
        return NKSHVALS * 3 * NKCOUNTS;
    case KC_DIV:
        return NKVALS * NKVALS * 3;
    case KC_CC:
        return 32;
    case KC_CMPXCHG:
        return NKVALS * 3 * 2;
    case KC_XADD:
        return NKVALS * NKVALS;
    }
    return 0;
}

/* Inputs of vector i of a class. */
static inline void kin_make(enum kclass cls, unsigned i, struct kregs *r)
{
    r->a = (unsigned long)0x1111111111111111ull;
    r->b = (unsigned long)0x2222222222222222ull;
    r->c = (unsigned long)0x3333333333333333ull;
    r->d = (unsigned long)0x4444444444444444ull;
    r->fl = kflin[i & 1];
    switch (cls) {
    case KC_ALU2: case KC_LOGIC: case KC_BT: case KC_MUL:
        r->a = (unsigned long)kvals[(i >> 1) % NKVALS];
        r->b = (unsigned long)kvals[(i >> 1) / NKVALS];
        break;
    case KC_ALU1: case KC_NOFL: case KC_POPCNT: case KC_LZCNT:
        r->a = (unsigned long)kvals[i >> 1];
        r->b = (unsigned long)kvals[NKVALS - 1 - (i >> 1)];
        break;
    case KC_BSF:
        r->b = (unsigned long)kvals[i >> 1];
        break;
    case KC_SHIFT: case KC_ROT: case KC_RCX:
        r->a = (unsigned long)kshvals[(i >> 1) % NKSHVALS];
        r->c = (r->c & ~0xfful) | kcounts[(i >> 1) / NKSHVALS];
        break;
    case KC_SHD:
        r->fl = kflin[(i / NKSHVALS) % 3 == 1];
        r->a = (unsigned long)kshvals[i % NKSHVALS];
        r->b = (unsigned long)kshvals[NKSHVALS - 1 - (i / NKSHVALS) % 3];
        r->c = (r->c & ~0xfful) | kcounts[i / NKSHVALS / 3];
        break;
    case KC_DIV: {
        unsigned k = i % 3, j = i / 3;
        r->fl = FL_FIXED;
        r->a = (unsigned long)kvals[j % NKVALS];
        /* divisor 0 only on the 'd = 1' leg below; tested on the 64-bit
         * value so that both sides derive the same inputs */
        r->b = kvals[j / NKVALS] ? (unsigned long)kvals[j / NKVALS] : 3;
        if (k == 0) {
            r->d = 0;
        } else if (k == 1) {
            r->d = 1;
            if (j / NKVALS == 1) {
                r->b = 0;        /* divide by zero */
            }
        } else {
            /* sign extension (of the 64-bit value: same on both sides) */
            r->d = (int64_t)kvals[j % NKVALS] < 0 ? ~0ul : 0;
        }
        break;
    }
    case KC_CC:
        r->fl = FL_FIXED | ((i & 1) ? FL_CF : 0) | ((i & 2) ? FL_PF : 0) |
                ((i & 4) ? FL_ZF : 0) | ((i & 8) ? FL_SF : 0) |
                ((i & 16) ? FL_OF : 0);
        break;
    case KC_CMPXCHG:
        r->a = (unsigned long)kvals[(i >> 1) / 3];
        r->b = (unsigned long)kvals[NKVALS - 1 - (i >> 1) / 3];
        r->c = (i >> 1) % 3 == 0 ? r->a
             : (i >> 1) % 3 == 1 ? r->a ^ 1 : r->a ^ (1ul << 31);
        break;
    case KC_XADD:
        r->fl = FL_FIXED;
        r->a = (unsigned long)kvals[i % NKVALS];
        r->b = (unsigned long)kvals[i / NKVALS];
        break;
    }
}

/*
 * Which outputs of vector r (inputs) of a kernel are architecturally
 * defined.  size is the operand size in bytes; shcount a fixed count
 * (immediate forms) or -1 for "in CL".
 */
static inline struct kout kcheck(enum kclass cls, int size, int shcount,
                                 const struct kregs *r)
{
    struct kout k = { 0, 0, 0, 0, 0, FL_ARITH, KCHK_ALL };
    unsigned bits = size * 8;
    unsigned cnt = shcount >= 0 ? (unsigned)shcount : (unsigned)(r->c & 0xff);
    cnt &= size == 8 ? 63 : 31;

    switch (cls) {
    case KC_ALU2: case KC_ALU1: case KC_NOFL: case KC_POPCNT: case KC_CC:
    case KC_CMPXCHG: case KC_XADD:
        break;
    case KC_LOGIC:
        k.flmask &= ~FL_AF;
        break;
    case KC_SHIFT:
        if (cnt) {
            k.flmask &= ~FL_AF;
            if (cnt != 1) {
                k.flmask &= ~FL_OF;
            }
            if (cnt >= bits) {
                k.flmask &= ~FL_CF;
            }
        }
        break;
    case KC_ROT: case KC_RCX:
        if (cnt && cnt != 1) {
            k.flmask &= ~FL_OF;
        }
        break;
    case KC_SHD:
        if (cnt) {
            k.flmask &= ~FL_AF;
            if (cnt != 1) {
                k.flmask &= ~FL_OF;
            }
            if (cnt > bits) {
                k.flmask = 0;
                k.chk &= ~KCHK_A;
            }
        }
        break;
    case KC_MUL:
        k.flmask = FL_CF | FL_OF;
        break;
    case KC_DIV:
        k.flmask = 0;
        break;
    case KC_BSF:
        k.flmask = FL_ZF;
        if (!((uint64_t)r->b &
              (bits == 64 ? ~0ull : (1ull << (bits & 63)) - 1))) {
            k.chk &= ~KCHK_A;
        }
        break;
    case KC_BT:
        k.flmask = FL_CF | FL_ZF;
        break;
    case KC_LZCNT:
        k.flmask = FL_CF | FL_ZF;
        break;
    }
    return k;
}

/* Registers as operands, by size suffix. */
#define KA_b "%%al"
#define KA_w "%%ax"
#define KA_l "%%eax"
#define KA_q "%%rax"
#define KB_b "%%bl"
#define KB_w "%%bx"
#define KB_l "%%ebx"
#define KB_q "%%rbx"
#define KC_b "%%cl"
#define KC_w "%%cx"
#define KC_l "%%ecx"
#define KC_q "%%rcx"

/*
 * The kernel list: K(name, class, size, shcount, feature, "asm") for
 * every mode and K64(...) for 64-bit only.
 */
#define KOP2(K, K64, op, cls)                                                  \
    K(op##b, cls, 1, -1, KF_NONE, #op "b " KB_b ", " KA_b)                     \
    K(op##w, cls, 2, -1, KF_NONE, #op "w " KB_w ", " KA_w)                     \
    K(op##l, cls, 4, -1, KF_NONE, #op "l " KB_l ", " KA_l)                     \
    K64(op##q, cls, 8, -1, KF_NONE, #op "q " KB_q ", " KA_q)
#define KOP2W(K, K64, op, cls, feat)                                           \
    K(op##w, cls, 2, -1, feat, #op "w " KB_w ", " KA_w)                        \
    K(op##l, cls, 4, -1, feat, #op "l " KB_l ", " KA_l)                        \
    K64(op##q, cls, 8, -1, feat, #op "q " KB_q ", " KA_q)
#define KOP1(K, K64, op, cls)                                                  \
    K(op##b, cls, 1, -1, KF_NONE, #op "b " KA_b)                               \
    K(op##w, cls, 2, -1, KF_NONE, #op "w " KA_w)                               \
    K(op##l, cls, 4, -1, KF_NONE, #op "l " KA_l)                               \
    K64(op##q, cls, 8, -1, KF_NONE, #op "q " KA_q)
#define KMUL1(K, K64, op)                                                      \
    K(op##b, KC_MUL, 1, -1, KF_NONE, #op "b " KB_b)                            \
    K(op##w, KC_MUL, 2, -1, KF_NONE, #op "w " KB_w)                            \
    K(op##l, KC_MUL, 4, -1, KF_NONE, #op "l " KB_l)                            \
    K64(op##q, KC_MUL, 8, -1, KF_NONE, #op "q " KB_q)
#define KDIV(K, K64, op)                                                       \
    K(op##b, KC_DIV, 1, -1, KF_NONE, #op "b " KB_b)                            \
    K(op##w, KC_DIV, 2, -1, KF_NONE, #op "w " KB_w)                            \
    K(op##l, KC_DIV, 4, -1, KF_NONE, #op "l " KB_l)                            \
    K64(op##q, KC_DIV, 8, -1, KF_NONE, #op "q " KB_q)
/* Shift/rotate by CL, by 1 (D0/D1 form) and by an immediate (C0/C1). */
#define KSH(K, K64, op, cls)                                                   \
    K(op##b, cls, 1, -1, KF_NONE, #op "b " KC_b ", " KA_b)                     \
    K(op##w, cls, 2, -1, KF_NONE, #op "w " KC_b ", " KA_w)                     \
    K(op##l, cls, 4, -1, KF_NONE, #op "l " KC_b ", " KA_l)                     \
    K64(op##q, cls, 8, -1, KF_NONE, #op "q " KC_b ", " KA_q)                   \
    K(op##b_1, cls, 1, 1, KF_NONE, #op "b " KA_b)                              \
    K(op##w_1, cls, 2, 1, KF_NONE, #op "w " KA_w)                              \
    K(op##l_1, cls, 4, 1, KF_NONE, #op "l " KA_l)                              \
    K64(op##q_1, cls, 8, 1, KF_NONE, #op "q " KA_q)                            \
    K(op##b_3, cls, 1, 3, KF_NONE, #op "b $3, " KA_b)                          \
    K(op##w_11, cls, 2, 11, KF_NONE, #op "w $11, " KA_w)                       \
    K(op##l_37, cls, 4, 37, KF_NONE, #op "l $37, " KA_l)                       \
    K64(op##q_45, cls, 8, 45, KF_NONE, #op "q $45, " KA_q)
#define KSHD(K, K64, op)                                                       \
    K(op##w, KC_SHD, 2, -1, KF_NONE, #op "w " KC_b ", " KB_w ", " KA_w)        \
    K(op##l, KC_SHD, 4, -1, KF_NONE, #op "l " KC_b ", " KB_l ", " KA_l)        \
    K64(op##q, KC_SHD, 8, -1, KF_NONE, #op "q " KC_b ", " KB_q ", " KA_q)      \
    K(op##w_5, KC_SHD, 2, 5, KF_NONE, #op "w $5, " KB_w ", " KA_w)             \
    K(op##l_1, KC_SHD, 4, 1, KF_NONE, #op "l $1, " KB_l ", " KA_l)             \
    K64(op##q_40, KC_SHD, 8, 40, KF_NONE, #op "q $40, " KB_q ", " KA_q)
#define KBT(K, K64, op)                                                        \
    K(op##w, KC_BT, 2, -1, KF_NONE, #op "w " KB_w ", " KA_w)                   \
    K(op##l, KC_BT, 4, -1, KF_NONE, #op "l " KB_l ", " KA_l)                   \
    K64(op##q, KC_BT, 8, -1, KF_NONE, #op "q " KB_q ", " KA_q)                 \
    K(op##l_i, KC_BT, 4, -1, KF_NONE, #op "l $39, " KA_l)                      \
    K64(op##q_i, KC_BT, 8, -1, KF_NONE, #op "q $63, " KA_q)
/* Condition codes: setcc into CL, cmovcc EBX->EAX (16/32/64), jcc. */
#define KCC(K, K64, cc)                                                        \
    K(set##cc, KC_CC, 1, -1, KF_NONE, "set" #cc " " KC_b)                      \
    K(cmov##cc##w, KC_CC, 2, -1, KF_NONE, "cmov" #cc "w " KB_w ", " KA_w)      \
    K(cmov##cc##l, KC_CC, 4, -1, KF_NONE, "cmov" #cc "l " KB_l ", " KA_l)      \
    K64(cmov##cc##q, KC_CC, 8, -1, KF_NONE, "cmov" #cc "q " KB_q ", " KA_q)    \
    K(j##cc, KC_CC, 4, -1, KF_NONE,                                            \
      "j" #cc " 3f\n\tmovb $0x55, " KC_b "\n3:")

#define KERNELS(K, K64)                                                        \
    KOP2(K, K64, add, KC_ALU2)                                                 \
    KOP2(K, K64, adc, KC_ALU2)                                                 \
    KOP2(K, K64, sub, KC_ALU2)                                                 \
    KOP2(K, K64, sbb, KC_ALU2)                                                 \
    KOP2(K, K64, cmp, KC_ALU2)                                                 \
    KOP2(K, K64, and, KC_LOGIC)                                                \
    KOP2(K, K64, or, KC_LOGIC)                                                 \
    KOP2(K, K64, xor, KC_LOGIC)                                                \
    KOP2(K, K64, test, KC_LOGIC)                                               \
    KOP2(K, K64, xchg, KC_NOFL)                                                \
    KOP1(K, K64, inc, KC_ALU1)                                                 \
    KOP1(K, K64, dec, KC_ALU1)                                                 \
    KOP1(K, K64, neg, KC_ALU1)                                                 \
    KOP1(K, K64, not, KC_NOFL)                                                 \
    K(add_i8, KC_ALU2, 4, -1, KF_NONE, "addl $-128, " KA_l)                    \
    K(sub_i32, KC_ALU2, 4, -1, KF_NONE, "subl $0x7fffffff, " KA_l)             \
    K(adc_al, KC_ALU2, 1, -1, KF_NONE, "adcb $0x80, " KA_b)                    \
    K(sbb_ax, KC_ALU2, 2, -1, KF_NONE, "sbbw $0x8000, " KA_w)                  \
    K(and_i8, KC_LOGIC, 2, -1, KF_NONE, "andw $-2, " KA_w)                     \
    K64(add_q_i32, KC_ALU2, 8, -1, KF_NONE, "addq $-0x80000000, " KA_q)        \
    KSH(K, K64, shl, KC_SHIFT)                                                 \
    KSH(K, K64, shr, KC_SHIFT)                                                 \
    KSH(K, K64, sar, KC_SHIFT)                                                 \
    KSH(K, K64, rol, KC_ROT)                                                   \
    KSH(K, K64, ror, KC_ROT)                                                   \
    KSH(K, K64, rcl, KC_RCX)                                                   \
    KSH(K, K64, rcr, KC_RCX)                                                   \
    KSHD(K, K64, shld)                                                         \
    KSHD(K, K64, shrd)                                                         \
    KMUL1(K, K64, mul)                                                         \
    KMUL1(K, K64, imul)                                                        \
    K(imul2w, KC_MUL, 2, -1, KF_NONE, "imulw " KB_w ", " KA_w)                 \
    K(imul2l, KC_MUL, 4, -1, KF_NONE, "imull " KB_l ", " KA_l)                 \
    K64(imul2q, KC_MUL, 8, -1, KF_NONE, "imulq " KB_q ", " KA_q)               \
    K(imul3w_i8, KC_MUL, 2, -1, KF_NONE, "imulw $-3, " KB_w ", " KA_w)         \
    K(imul3w_i16, KC_MUL, 2, -1, KF_NONE, "imulw $0x1234, " KB_w ", " KA_w)    \
    K(imul3l_i8, KC_MUL, 4, -1, KF_NONE, "imull $127, " KB_l ", " KA_l)        \
    K(imul3l_i32, KC_MUL, 4, -1, KF_NONE,                                      \
      "imull $0x12345678, " KB_l ", " KA_l)                                    \
    K64(imul3q_i8, KC_MUL, 8, -1, KF_NONE, "imulq $-128, " KB_q ", " KA_q)     \
    K64(imul3q_i32, KC_MUL, 8, -1, KF_NONE,                                    \
        "imulq $-0x12345678, " KB_q ", " KA_q)                                 \
    KDIV(K, K64, div)                                                          \
    KDIV(K, K64, idiv)                                                         \
    KOP2W(K, K64, bsf, KC_BSF, KF_NONE)                                        \
    KOP2W(K, K64, bsr, KC_BSF, KF_NONE)                                        \
    KOP2W(K, K64, popcnt, KC_POPCNT, KF_POPCNT)                                \
    KOP2W(K, K64, lzcnt, KC_LZCNT, KF_LZCNT)                                   \
    KOP2W(K, K64, tzcnt, KC_LZCNT, KF_BMI1)                                    \
    KBT(K, K64, bt)                                                            \
    KBT(K, K64, bts)                                                           \
    KBT(K, K64, btr)                                                           \
    KBT(K, K64, btc)                                                           \
    K(bswapl, KC_NOFL, 4, -1, KF_NONE, "bswapl " KA_l)                         \
    K64(bswapq, KC_NOFL, 8, -1, KF_NONE, "bswapq " KA_q)                       \
    K(cbw, KC_NOFL, 2, -1, KF_NONE, "cbtw")                                    \
    K(cwde, KC_NOFL, 4, -1, KF_NONE, "cwtl")                                   \
    K64(cdqe, KC_NOFL, 8, -1, KF_NONE, "cltq")                                 \
    K(cwd, KC_NOFL, 2, -1, KF_NONE, "cwtd")                                    \
    K(cdq, KC_NOFL, 4, -1, KF_NONE, "cltd")                                    \
    K64(cqo, KC_NOFL, 8, -1, KF_NONE, "cqto")                                  \
    K(movsbl, KC_NOFL, 4, -1, KF_NONE, "movsbl " KB_b ", " KA_l)               \
    K(movzwl, KC_NOFL, 4, -1, KF_NONE, "movzwl " KB_w ", " KA_l)               \
    K(movswl, KC_NOFL, 4, -1, KF_NONE, "movswl " KB_w ", " KA_l)               \
    K64(movslq, KC_NOFL, 8, -1, KF_NONE, "movslq " KB_l ", " KA_q)             \
    K(lea_l, KC_NOFL, 4, -1, KF_NONE, "leal 0x10(%%ebx,%%eax,8), %%ecx")       \
    K(lea_w, KC_NOFL, 2, -1, KF_NONE, "leaw -1(%%ebx,%%eax,2), %%cx")          \
    K64(lea_q, KC_NOFL, 8, -1, KF_NONE, "leaq -0x80(%%rbx,%%rax,4), %%rcx")    \
    K64(lea_q32, KC_NOFL, 8, -1, KF_NONE, "leal 0x7fffffff(%%rbx), %%ecx")     \
    KCC(K, K64, o) KCC(K, K64, no) KCC(K, K64, b) KCC(K, K64, ae)              \
    KCC(K, K64, e) KCC(K, K64, ne) KCC(K, K64, be) KCC(K, K64, a)              \
    KCC(K, K64, s) KCC(K, K64, ns) KCC(K, K64, p) KCC(K, K64, np)              \
    KCC(K, K64, l) KCC(K, K64, ge) KCC(K, K64, le) KCC(K, K64, g)              \
    K(cmpxchgb, KC_CMPXCHG, 1, -1, KF_NONE, "cmpxchgb " KB_b ", " KC_b)        \
    K(cmpxchgw, KC_CMPXCHG, 2, -1, KF_NONE, "cmpxchgw " KB_w ", " KC_w)        \
    K(cmpxchgl, KC_CMPXCHG, 4, -1, KF_NONE, "cmpxchgl " KB_l ", " KC_l)        \
    K64(cmpxchgq, KC_CMPXCHG, 8, -1, KF_NONE, "cmpxchgq " KB_q ", " KC_q)      \
    K(xaddb, KC_XADD, 1, -1, KF_NONE, "xaddb " KB_b ", " KA_b)                 \
    K(xaddw, KC_XADD, 2, -1, KF_NONE, "xaddw " KB_w ", " KA_w)                 \
    K(xaddl, KC_XADD, 4, -1, KF_NONE, "xaddl " KB_l ", " KA_l)                 \
    K64(xaddq, KC_XADD, 8, -1, KF_NONE, "xaddq " KB_q ", " KA_q)

/* Where a faulting kernel (divide error) resumes; set by every kernel. */
extern volatile unsigned long guest_resume_ip;

#ifdef __x86_64__
#define KSET_RESUME "movq $1f, guest_resume_ip(%%rip)\n\t"
#else
#define KSET_RESUME "movl $1f, guest_resume_ip\n\t"
#endif

/* One function per kernel: k_NAME(struct kregs *). */
#define KDEFINE(name, cls, size, shc, feat, text)                              \
    static void __attribute__((noinline)) k_##name(struct kregs *r)            \
    {                                                                          \
        unsigned long a = r->a, b = r->b, c = r->c, d = r->d, fl = r->fl;      \
        __asm__ volatile(KSET_RESUME "push %[fl]\n\tpopf\n\t" text "\n"        \
                         "1:\n\tpushf\n\tpop %[fl]"                            \
                         : "+a"(a), "+b"(b), "+c"(c), "+d"(d), [fl] "+r"(fl)   \
                         :                                                     \
                         : "cc", "memory");                                    \
        guest_resume_ip = 0;                                                   \
        r->a = a;                                                              \
        r->b = b;                                                              \
        r->c = c;                                                              \
        r->d = d;                                                              \
        r->fl = fl;                                                            \
    }

#endif
