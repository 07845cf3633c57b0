/*
 * Op generators: expand the tcg-op.h API into the ops of tcg-opc.h.
 * Compound operations (andc, deposit, add2, ...) become several simple ops
 * so the optimizer sees through them.
 */
#include "qemu/osdep.h"
#include "tcg/tcg-op.h"
#include "tcg-internal.h"

#define TA(t) ((TCGArg)(uintptr_t)(t))

static void gen_op2(TCGOpcode opc, TCGTemp *a0, TCGTemp *a1)
{
    TCGOp *op = tcg_emit_op(opc, 2);
    op->args[0] = TA(a0);
    op->args[1] = TA(a1);
}

static void gen_op3(TCGOpcode opc, TCGTemp *a0, TCGTemp *a1, TCGTemp *a2)
{
    TCGOp *op = tcg_emit_op(opc, 3);
    op->args[0] = TA(a0);
    op->args[1] = TA(a1);
    op->args[2] = TA(a2);
}

static void gen_op4(TCGOpcode opc, TCGTemp *a0, TCGTemp *a1, TCGTemp *a2,
                    TCGTemp *a3)
{
    TCGOp *op = tcg_emit_op(opc, 4);
    op->args[0] = TA(a0);
    op->args[1] = TA(a1);
    op->args[2] = TA(a2);
    op->args[3] = TA(a3);
}

static void gen_ldst(TCGOpcode opc, TCGTemp *v, TCGTemp *base, intptr_t ofs)
{
    TCGOp *op = tcg_emit_op(opc, 3);
    op->args[0] = TA(v);
    op->args[1] = TA(base);
    op->args[2] = (TCGArg)ofs;
}

static void gen_setcond(TCGOpcode opc, TCGCond c, TCGTemp *r, TCGTemp *a,
                        TCGTemp *b)
{
    TCGOp *op = tcg_emit_op(opc, 4);
    op->args[0] = TA(r);
    op->args[1] = TA(a);
    op->args[2] = TA(b);
    op->args[3] = c;
}

static void gen_brcond(TCGOpcode opc, TCGCond c, TCGTemp *a, TCGTemp *b,
                       TCGLabel *l)
{
    TCGOp *op;

    if (c == TCG_COND_NEVER) {
        return;
    }
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
        return;
    }
    l->referenced = true;
    op = tcg_emit_op(opc, 4);
    op->args[0] = TA(a);
    op->args[1] = TA(b);
    op->args[2] = c;
    op->args[3] = (TCGArg)(uintptr_t)l;
}

static void gen_qemu_ldst(TCGOpcode opc, TCGTemp *v, TCGTemp *addr, int mmu_idx,
                          MemOp mop)
{
    TCGOp *op = tcg_emit_op(opc, 3);

    g_assert(mmu_idx >= 0 && mmu_idx < TCG_MAX_MMU_IDX);
    op->args[0] = TA(v);
    op->args[1] = TA(addr);
    op->args[2] = make_memop_idx(mop & (MO_SIZE | MO_SIGN), mmu_idx);
}

/*
 * The width-generic generators.  W is the bit width, T the suffix, TV the
 * handle type, IT the immediate type.
 */
#define GEN_ALL(W, T, TV, IT)                                                  \
    static inline TCGTemp *tt_##T(TV v)                                        \
    {                                                                          \
        return tcgv_##T##_temp(v);                                             \
    }                                                                          \
    static inline TCGTemp *tc_##T(IT v)                                        \
    {                                                                          \
        return tcg_constant_internal(                                          \
            TCG_TYPE_##T == TCG_TYPE_I32 ? TCG_TYPE_I32 : TCG_TYPE_I64, v);    \
    }                                                                          \
    static inline TV tn_##T(void)                                              \
    {                                                                          \
        return tcg_temp_ebb_new_##T();                                         \
    }                                                                          \
    void tcg_gen_mov_##T(TV r, TV a)                                           \
    {                                                                          \
        if (r != a) {                                                          \
            gen_op2(INDEX_op_mov_##T, tt_##T(r), tt_##T(a));                   \
        }                                                                      \
    }                                                                          \
    void tcg_gen_movi_##T(TV r, IT v)                                          \
    {                                                                          \
        gen_op2(INDEX_op_mov_##T, tt_##T(r), tc_##T(v));                       \
    }                                                                          \
    GEN_BIN(T, TV, IT, add, addi, v == 0)                                      \
    GEN_BIN(T, TV, IT, sub, subi, v == 0)                                      \
    GEN_BIN(T, TV, IT, and, andi, v == -1)                                     \
    GEN_BIN(T, TV, IT, or, ori, v == 0)                                        \
    GEN_BIN(T, TV, IT, xor, xori, v == 0)                                      \
    GEN_BIN(T, TV, IT, mul, muli, v == 1)                                      \
    GEN_SHIFT(W, T, TV, IT, shl)                                               \
    GEN_SHIFT(W, T, TV, IT, shr)                                               \
    GEN_SHIFT(W, T, TV, IT, sar)                                               \
    GEN_SHIFT(W, T, TV, IT, rotl)                                              \
    GEN_SHIFT(W, T, TV, IT, rotr)                                              \
    GEN_B3(T, TV, div)                                                         \
    GEN_B3(T, TV, divu)                                                        \
    GEN_B3(T, TV, rem)                                                         \
    GEN_B3(T, TV, remu)                                                        \
    GEN_B3(T, TV, clz)                                                         \
    GEN_B3(T, TV, ctz)                                                         \
    GEN_U2(T, TV, not )                                                        \
    GEN_U2(T, TV, neg)                                                         \
    GEN_U2(T, TV, ext8s)                                                       \
    GEN_U2(T, TV, ext8u)                                                       \
    GEN_U2(T, TV, ext16s)                                                      \
    GEN_U2(T, TV, ext16u)                                                      \
    GEN_U2(T, TV, bswap16)                                                     \
    GEN_U2(T, TV, bswap32)                                                     \
    void tcg_gen_subfi_##T(TV r, IT a, TV b)                                   \
    {                                                                          \
        gen_op3(INDEX_op_sub_##T, tt_##T(r), tc_##T(a), tt_##T(b));            \
    }                                                                          \
    void tcg_gen_andc_##T(TV r, TV a, TV b)                                    \
    {                                                                          \
        TV t = tn_##T();                                                       \
        tcg_gen_not_##T(t, b);                                                 \
        tcg_gen_and_##T(r, a, t);                                              \
        tcg_temp_free_##T(t);                                                  \
    }                                                                          \
    void tcg_gen_orc_##T(TV r, TV a, TV b)                                     \
    {                                                                          \
        TV t = tn_##T();                                                       \
        tcg_gen_not_##T(t, b);                                                 \
        tcg_gen_or_##T(r, a, t);                                               \
        tcg_temp_free_##T(t);                                                  \
    }                                                                          \
    void tcg_gen_eqv_##T(TV r, TV a, TV b)                                     \
    {                                                                          \
        tcg_gen_xor_##T(r, a, b);                                              \
        tcg_gen_not_##T(r, r);                                                 \
    }                                                                          \
    void tcg_gen_nand_##T(TV r, TV a, TV b)                                    \
    {                                                                          \
        tcg_gen_and_##T(r, a, b);                                              \
        tcg_gen_not_##T(r, r);                                                 \
    }                                                                          \
    void tcg_gen_nor_##T(TV r, TV a, TV b)                                     \
    {                                                                          \
        tcg_gen_or_##T(r, a, b);                                               \
        tcg_gen_not_##T(r, r);                                                 \
    }                                                                          \
    void tcg_gen_mulu2_##T(TV rl, TV rh, TV a, TV b)                           \
    {                                                                          \
        gen_op4(INDEX_op_mulu2_##T, tt_##T(rl), tt_##T(rh), tt_##T(a),         \
                tt_##T(b));                                                    \
    }                                                                          \
    void tcg_gen_muls2_##T(TV rl, TV rh, TV a, TV b)                           \
    {                                                                          \
        gen_op4(INDEX_op_muls2_##T, tt_##T(rl), tt_##T(rh), tt_##T(a),         \
                tt_##T(b));                                                    \
    }                                                                          \
    void tcg_gen_add2_##T(TV rl, TV rh, TV al, TV ah, TV bl, TV bh)            \
    {                                                                          \
        TV lo = tn_##T(), c = tn_##T(), hi = tn_##T();                         \
        tcg_gen_add_##T(lo, al, bl);                                           \
        tcg_gen_setcond_##T(TCG_COND_LTU, c, lo, al);                          \
        tcg_gen_add_##T(hi, ah, bh);                                           \
        tcg_gen_add_##T(hi, hi, c);                                            \
        tcg_gen_mov_##T(rl, lo);                                               \
        tcg_gen_mov_##T(rh, hi);                                               \
        tcg_temp_free_##T(lo);                                                 \
        tcg_temp_free_##T(c);                                                  \
        tcg_temp_free_##T(hi);                                                 \
    }                                                                          \
    void tcg_gen_sub2_##T(TV rl, TV rh, TV al, TV ah, TV bl, TV bh)            \
    {                                                                          \
        TV lo = tn_##T(), c = tn_##T(), hi = tn_##T();                         \
        tcg_gen_sub_##T(lo, al, bl);                                           \
        tcg_gen_setcond_##T(TCG_COND_LTU, c, al, bl);                          \
        tcg_gen_sub_##T(hi, ah, bh);                                           \
        tcg_gen_sub_##T(hi, hi, c);                                            \
        tcg_gen_mov_##T(rl, lo);                                               \
        tcg_gen_mov_##T(rh, hi);                                               \
        tcg_temp_free_##T(lo);                                                 \
        tcg_temp_free_##T(c);                                                  \
        tcg_temp_free_##T(hi);                                                 \
    }                                                                          \
    void tcg_gen_setcond_##T(TCGCond c, TV r, TV a, TV b)                      \
    {                                                                          \
        if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {                     \
            tcg_gen_movi_##T(r, c == TCG_COND_ALWAYS);                         \
            return;                                                            \
        }                                                                      \
        gen_setcond(INDEX_op_setcond_##T, c, tt_##T(r), tt_##T(a), tt_##T(b)); \
    }                                                                          \
    void tcg_gen_setcondi_##T(TCGCond c, TV r, TV a, IT b)                     \
    {                                                                          \
        tcg_gen_setcond_##T(c, r, a, temp_tcgv_##T(tc_##T(b)));                \
    }                                                                          \
    void tcg_gen_negsetcond_##T(TCGCond c, TV r, TV a, TV b)                   \
    {                                                                          \
        if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {                     \
            tcg_gen_movi_##T(r, -(IT)(c == TCG_COND_ALWAYS));                  \
            return;                                                            \
        }                                                                      \
        gen_setcond(INDEX_op_negsetcond_##T, c, tt_##T(r), tt_##T(a),          \
                    tt_##T(b));                                                \
    }                                                                          \
    void tcg_gen_movcond_##T(TCGCond c, TV r, TV c1, TV c2, TV v1, TV v2)      \
    {                                                                          \
        TCGOp *op;                                                             \
        if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {                     \
            tcg_gen_mov_##T(r, c == TCG_COND_ALWAYS ? v1 : v2);                \
            return;                                                            \
        }                                                                      \
        op = tcg_emit_op(INDEX_op_movcond_##T, 6);                             \
        op->args[0] = TA(tt_##T(r));                                           \
        op->args[1] = TA(tt_##T(c1));                                          \
        op->args[2] = TA(tt_##T(c2));                                          \
        op->args[3] = TA(tt_##T(v1));                                          \
        op->args[4] = TA(tt_##T(v2));                                          \
        op->args[5] = c;                                                       \
    }                                                                          \
    void tcg_gen_brcond_##T(TCGCond c, TV a, TV b, TCGLabel *l)                \
    {                                                                          \
        gen_brcond(INDEX_op_brcond_##T, c, tt_##T(a), tt_##T(b), l);           \
    }                                                                          \
    void tcg_gen_brcondi_##T(TCGCond c, TV a, IT b, TCGLabel *l)               \
    {                                                                          \
        gen_brcond(INDEX_op_brcond_##T, c, tt_##T(a), tc_##T(b), l);           \
    }                                                                          \
    void tcg_gen_deposit_##T(TV r, TV a, TV b, unsigned ofs, unsigned len)     \
    {                                                                          \
        IT mask;                                                               \
        TV t;                                                                  \
        g_assert(len >= 1 && len <= W && ofs + len <= W);                      \
        if (len == W) {                                                        \
            tcg_gen_mov_##T(r, b);                                             \
            return;                                                            \
        }                                                                      \
        mask = (IT)((((uint64_t)1) << len) - 1);                               \
        t = tn_##T();                                                          \
        tcg_gen_andi_##T(t, b, mask);                                          \
        tcg_gen_shli_##T(t, t, ofs);                                           \
        tcg_gen_andi_##T(r, a, ~(IT)((uint64_t)mask << ofs));                  \
        tcg_gen_or_##T(r, r, t);                                               \
        tcg_temp_free_##T(t);                                                  \
    }                                                                          \
    void tcg_gen_extract_##T(TV r, TV a, unsigned ofs, unsigned len)           \
    {                                                                          \
        g_assert(len >= 1 && len <= W && ofs + len <= W);                      \
        if (ofs + len == W) {                                                  \
            tcg_gen_shri_##T(r, a, ofs);                                       \
            return;                                                            \
        }                                                                      \
        tcg_gen_shri_##T(r, a, ofs);                                           \
        if (len == 8) {                                                        \
            tcg_gen_ext8u_##T(r, r);                                           \
        } else if (len == 16) {                                                \
            tcg_gen_ext16u_##T(r, r);                                          \
        } else {                                                               \
            tcg_gen_andi_##T(r, r, (IT)((((uint64_t)1) << len) - 1));          \
        }                                                                      \
    }                                                                          \
    void tcg_gen_sextract_##T(TV r, TV a, unsigned ofs, unsigned len)          \
    {                                                                          \
        g_assert(len >= 1 && len <= W && ofs + len <= W);                      \
        if (ofs + len == W) {                                                  \
            tcg_gen_sari_##T(r, a, ofs);                                       \
            return;                                                            \
        }                                                                      \
        tcg_gen_shli_##T(r, a, W - len - ofs);                                 \
        tcg_gen_sari_##T(r, r, W - len);                                       \
    }                                                                          \
    void tcg_gen_clzi_##T(TV r, TV a, IT b)                                    \
    {                                                                          \
        tcg_gen_clz_##T(r, a, temp_tcgv_##T(tc_##T(b)));                       \
    }                                                                          \
    void tcg_gen_ctzi_##T(TV r, TV a, IT b)                                    \
    {                                                                          \
        tcg_gen_ctz_##T(r, a, temp_tcgv_##T(tc_##T(b)));                       \
    }                                                                          \
    void tcg_gen_ctpop_##T(TV r, TV a)                                         \
    {                                                                          \
        TV t;                                                                  \
        if (tcg_have_popcnt) {                                                 \
            gen_op2(INDEX_op_ctpop_##T, tt_##T(r), tt_##T(a));                 \
            return;                                                            \
        }                                                                      \
        /* SWAR population count.  */                                          \
        t = tn_##T();                                                          \
        tcg_gen_shri_##T(t, a, 1);                                             \
        tcg_gen_andi_##T(t, t, (IT)0x5555555555555555ull);                     \
        tcg_gen_sub_##T(r, a, t);                                              \
        tcg_gen_shri_##T(t, r, 2);                                             \
        tcg_gen_andi_##T(t, t, (IT)0x3333333333333333ull);                     \
        tcg_gen_andi_##T(r, r, (IT)0x3333333333333333ull);                     \
        tcg_gen_add_##T(r, r, t);                                              \
        tcg_gen_shri_##T(t, r, 4);                                             \
        tcg_gen_add_##T(r, r, t);                                              \
        tcg_gen_andi_##T(r, r, (IT)0x0f0f0f0f0f0f0f0full);                     \
        tcg_gen_muli_##T(r, r, (IT)0x0101010101010101ull);                     \
        tcg_gen_shri_##T(r, r, W - 8);                                         \
        tcg_temp_free_##T(t);                                                  \
    }                                                                          \
    GEN_LD(T, TV, ld8u)                                                        \
    GEN_LD(T, TV, ld8s)                                                        \
    GEN_LD(T, TV, ld16u)                                                       \
    GEN_LD(T, TV, ld16s)                                                       \
    GEN_LD(T, TV, ld)                                                          \
    GEN_LD(T, TV, st8)                                                         \
    GEN_LD(T, TV, st16)                                                        \
    GEN_LD(T, TV, st)                                                          \
    void tcg_gen_qemu_ld_##T(TV v, TCGv_i64 addr, int idx, MemOp mop)          \
    {                                                                          \
        g_assert((mop & MO_SIZE) <= (W == 32 ? MO_32 : MO_64));                \
        gen_qemu_ldst(INDEX_op_qemu_ld_##T, tt_##T(v), tcgv_i64_temp(addr),    \
                      idx, mop);                                               \
    }                                                                          \
    void tcg_gen_qemu_st_##T(TV v, TCGv_i64 addr, int idx, MemOp mop)          \
    {                                                                          \
        g_assert((mop & MO_SIZE) <= (W == 32 ? MO_32 : MO_64));                \
        gen_qemu_ldst(INDEX_op_qemu_st_##T, tt_##T(v), tcgv_i64_temp(addr),    \
                      idx, mop &MO_SIZE);                                      \
    }

#define GEN_BIN(T, TV, IT, name, iname, ident)                                 \
    void tcg_gen_##name##_##T(TV r, TV a, TV b)                                \
    {                                                                          \
        gen_op3(INDEX_op_##name##_##T, tt_##T(r), tt_##T(a), tt_##T(b));       \
    }                                                                          \
    void tcg_gen_##iname##_##T(TV r, TV a, IT v)                               \
    {                                                                          \
        if (ident) {                                                           \
            tcg_gen_mov_##T(r, a);                                             \
            return;                                                            \
        }                                                                      \
        gen_op3(INDEX_op_##name##_##T, tt_##T(r), tt_##T(a), tc_##T(v));       \
    }

#define GEN_SHIFT(W, T, TV, IT, name)                                          \
    void tcg_gen_##name##_##T(TV r, TV a, TV b)                                \
    {                                                                          \
        gen_op3(INDEX_op_##name##_##T, tt_##T(r), tt_##T(a), tt_##T(b));       \
    }                                                                          \
    void tcg_gen_##name##i_##T(TV r, TV a, IT v)                               \
    {                                                                          \
        g_assert(v >= 0 && v < W);                                             \
        if (v == 0) {                                                          \
            tcg_gen_mov_##T(r, a);                                             \
            return;                                                            \
        }                                                                      \
        gen_op3(INDEX_op_##name##_##T, tt_##T(r), tt_##T(a), tc_##T(v));       \
    }

#define GEN_B3(T, TV, name)                                                    \
    void tcg_gen_##name##_##T(TV r, TV a, TV b)                                \
    {                                                                          \
        gen_op3(INDEX_op_##name##_##T, tt_##T(r), tt_##T(a), tt_##T(b));       \
    }

#define GEN_U2(T, TV, name)                                                    \
    void tcg_gen_##name##_##T(TV r, TV a)                                      \
    {                                                                          \
        gen_op2(INDEX_op_##name##_##T, tt_##T(r), tt_##T(a));                  \
    }

#define GEN_LD(T, TV, name)                                                    \
    void tcg_gen_##name##_##T(TV v, TCGv_ptr base, intptr_t ofs)               \
    {                                                                          \
        gen_ldst(INDEX_op_##name##_##T, tt_##T(v), tcgv_ptr_temp(base), ofs);  \
    }

#define GEN_ATOMIC(W, T, TV)                                                   \
    void tcg_gen_ext_##T(TV r, TV v, MemOp mop)                                \
    {                                                                          \
        switch (mop & MO_SSIZE) {                                              \
        case MO_UB:                                                            \
            tcg_gen_ext8u_##T(r, v);                                           \
            break;                                                             \
        case MO_SB:                                                            \
            tcg_gen_ext8s_##T(r, v);                                           \
            break;                                                             \
        case MO_UW:                                                            \
            tcg_gen_ext16u_##T(r, v);                                          \
            break;                                                             \
        case MO_SW:                                                            \
            tcg_gen_ext16s_##T(r, v);                                          \
            break;                                                             \
        default:                                                               \
            if (W == 64 && (mop & MO_SIZE) == MO_32) {                         \
                if (mop & MO_SIGN) {                                           \
                    tcg_gen_sextract_##T(r, v, 0, 32);                         \
                } else {                                                       \
                    tcg_gen_extract_##T(r, v, 0, 32);                          \
                }                                                              \
            } else {                                                           \
                tcg_gen_mov_##T(r, v);                                         \
            }                                                                  \
            break;                                                             \
        }                                                                      \
    }                                                                          \
    void tcg_gen_atomic_cmpxchg_##T(TV ret, TCGv_i64 addr, TV cmpv, TV newv,   \
                                    int idx, MemOp mop)                        \
    {                                                                          \
        TV old = tn_##T(), c = tn_##T(), n = tn_##T();                         \
        tcg_gen_ext_##T(c, cmpv, mop);                                         \
        tcg_gen_qemu_ld_##T(old, addr, idx, mop);                              \
        tcg_gen_movcond_##T(TCG_COND_EQ, n, old, c, newv, old);                \
        tcg_gen_qemu_st_##T(n, addr, idx, mop);                                \
        tcg_gen_mov_##T(ret, old);                                             \
    }                                                                          \
    void tcg_gen_atomic_xchg_##T(TV ret, TCGv_i64 addr, TV val, int idx,       \
                                 MemOp mop)                                    \
    {                                                                          \
        TV old = tn_##T();                                                     \
        tcg_gen_qemu_ld_##T(old, addr, idx, mop);                              \
        tcg_gen_qemu_st_##T(val, addr, idx, mop);                              \
        tcg_gen_mov_##T(ret, old);                                             \
    }                                                                          \
    GEN_ATOMIC_OP(T, TV, add)                                                  \
    GEN_ATOMIC_OP(T, TV, and)                                                  \
    GEN_ATOMIC_OP(T, TV, or)                                                   \
    GEN_ATOMIC_OP(T, TV, xor)

#define GEN_ATOMIC_OP(T, TV, OP)                                               \
    void tcg_gen_atomic_fetch_##OP##_##T(TV ret, TCGv_i64 addr, TV val,        \
                                         int idx, MemOp mop)                   \
    {                                                                          \
        TV old = tn_##T(), n = tn_##T();                                       \
        tcg_gen_qemu_ld_##T(old, addr, idx, mop);                              \
        tcg_gen_##OP##_##T(n, old, val);                                       \
        tcg_gen_qemu_st_##T(n, addr, idx, mop);                                \
        tcg_gen_mov_##T(ret, old);                                             \
    }                                                                          \
    void tcg_gen_atomic_##OP##_fetch_##T(TV ret, TCGv_i64 addr, TV val,        \
                                         int idx, MemOp mop)                   \
    {                                                                          \
        TV n = tn_##T();                                                       \
        tcg_gen_qemu_ld_##T(n, addr, idx, mop);                                \
        tcg_gen_##OP##_##T(n, n, val);                                         \
        tcg_gen_qemu_st_##T(n, addr, idx, mop);                                \
        tcg_gen_ext_##T(ret, n, mop);                                          \
    }

#define TCG_TYPE_i32 TCG_TYPE_I32
#define TCG_TYPE_i64 TCG_TYPE_I64

GEN_ALL(32, i32, TCGv_i32, int32_t)
GEN_ALL(64, i64, TCGv_i64, int64_t)
GEN_ATOMIC(32, i32, TCGv_i32)
GEN_ATOMIC(64, i64, TCGv_i64)

/* 64-bit only.  */
void tcg_gen_ext32s_i64(TCGv_i64 r, TCGv_i64 a)
{
    gen_op2(INDEX_op_ext32s_i64, tt_i64(r), tt_i64(a));
}

void tcg_gen_ext32u_i64(TCGv_i64 r, TCGv_i64 a)
{
    gen_op2(INDEX_op_ext32u_i64, tt_i64(r), tt_i64(a));
}

void tcg_gen_bswap64_i64(TCGv_i64 r, TCGv_i64 a)
{
    gen_op2(INDEX_op_bswap64_i64, tt_i64(r), tt_i64(a));
}

GEN_LD(i64, TCGv_i64, ld32u)
GEN_LD(i64, TCGv_i64, ld32s)
GEN_LD(i64, TCGv_i64, st32)

void tcg_gen_extu_i32_i64(TCGv_i64 r, TCGv_i32 a)
{
    gen_op2(INDEX_op_extu_i32_i64, tt_i64(r), tt_i32(a));
}

void tcg_gen_ext_i32_i64(TCGv_i64 r, TCGv_i32 a)
{
    gen_op2(INDEX_op_ext_i32_i64, tt_i64(r), tt_i32(a));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 r, TCGv_i64 a)
{
    gen_op2(INDEX_op_extrl_i64_i32, tt_i32(r), tt_i64(a));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 r, TCGv_i64 a)
{
    gen_op2(INDEX_op_extrh_i64_i32, tt_i32(r), tt_i64(a));
}

void tcg_gen_concat_i32_i64(TCGv_i64 r, TCGv_i32 lo, TCGv_i32 hi)
{
    TCGv_i64 t = tcg_temp_ebb_new_i64();

    tcg_gen_extu_i32_i64(t, hi);
    tcg_gen_shli_i64(t, t, 32);
    tcg_gen_extu_i32_i64(r, lo);
    tcg_gen_or_i64(r, r, t);
    tcg_temp_free_i64(t);
}

/* Pointers are i64 temps with their own handle type.  */
void tcg_gen_mov_ptr(TCGv_ptr r, TCGv_ptr a)
{
    tcg_gen_mov_i64(temp_tcgv_i64(tcgv_ptr_temp(r)),
                    temp_tcgv_i64(tcgv_ptr_temp(a)));
}

void tcg_gen_addi_ptr(TCGv_ptr r, TCGv_ptr a, intptr_t b)
{
    tcg_gen_addi_i64(temp_tcgv_i64(tcgv_ptr_temp(r)),
                     temp_tcgv_i64(tcgv_ptr_temp(a)), b);
}

void tcg_gen_add_ptr(TCGv_ptr r, TCGv_ptr a, TCGv_ptr b)
{
    tcg_gen_add_i64(temp_tcgv_i64(tcgv_ptr_temp(r)),
                    temp_tcgv_i64(tcgv_ptr_temp(a)),
                    temp_tcgv_i64(tcgv_ptr_temp(b)));
}

void tcg_gen_ext_i32_ptr(TCGv_ptr r, TCGv_i32 a)
{
    tcg_gen_ext_i32_i64(temp_tcgv_i64(tcgv_ptr_temp(r)), a);
}

void tcg_gen_ld_ptr(TCGv_ptr r, TCGv_ptr base, intptr_t ofs)
{
    tcg_gen_ld_i64(temp_tcgv_i64(tcgv_ptr_temp(r)), base, ofs);
}

void tcg_gen_st_ptr(TCGv_ptr v, TCGv_ptr base, intptr_t ofs)
{
    tcg_gen_st_i64(temp_tcgv_i64(tcgv_ptr_temp(v)), base, ofs);
}

/* Control flow.  */

void gen_set_label(TCGLabel *l)
{
    TCGOp *op = tcg_emit_op(INDEX_op_set_label, 1);
    op->args[0] = (TCGArg)(uintptr_t)l;
}

void tcg_gen_br(TCGLabel *l)
{
    TCGOp *op = tcg_emit_op(INDEX_op_br, 1);
    l->referenced = true;
    op->args[0] = (TCGArg)(uintptr_t)l;
}

void tcg_gen_goto_tb(unsigned idx)
{
    TCGOp *op;

    g_assert(idx <= 1);
    op = tcg_emit_op(INDEX_op_goto_tb, 1);
    op->args[0] = idx;
}

void tcg_gen_exit_tb(const TranslationBlock *tb, unsigned idx)
{
    TCGOp *op;

    g_assert(idx <= TB_EXIT_MASK && ((uintptr_t)tb & TB_EXIT_MASK) == 0);
    op = tcg_emit_op(INDEX_op_exit_tb, 1);
    op->args[0] = (uintptr_t)tb + idx;
}

void tcg_gen_goto_ptr(TCGv_ptr dest)
{
    TCGOp *op = tcg_emit_op(INDEX_op_goto_ptr, 1);
    op->args[0] = TA(tcgv_ptr_temp(dest));
}

void tcg_gen_lookup_and_goto_ptr(void)
{
    TCGv_ptr ptr;

    if (!tcg_ctx->lookup_tb_ptr) {
        tcg_gen_exit_tb(NULL, 0);
        return;
    }
    ptr = tcg_temp_ebb_new_ptr();
    tcg_gen_call1(tcg_ctx->lookup_tb_ptr, TCG_CALL_NO_WG_SE, ptr, tcg_env);
    tcg_gen_goto_ptr(ptr);
    tcg_temp_free_ptr(ptr);
}

void tcg_gen_mb(unsigned bar)
{
    TCGOp *op = tcg_emit_op(INDEX_op_mb, 1);
    op->args[0] = bar;
}

void tcg_gen_discard_i64(TCGv_i64 v)
{
    TCGOp *op = tcg_emit_op(INDEX_op_discard, 1);
    op->args[0] = TA(tcgv_i64_temp(v));
}

void tcg_gen_insn_startN(const uint64_t *words, int n)
{
    int nw = tcg_ctx->insn_start_words;
    TCGOp *op;

    g_assert(n >= 1 && n <= nw);
    op = tcg_emit_op(INDEX_op_insn_start, nw);
    for (int i = 0; i < n; i++) {
        op->args[i] = words[i];
    }
}

void tcg_gen_callN(void *func, TCGTemp *ret, int nargs, TCGTemp **args,
                   unsigned flags)
{
    int no = ret != NULL;
    TCGOp *op;

    g_assert(nargs >= 0 && nargs <= TCG_MAX_CALL_ARGS);
    if (flags & TCG_CALL_NO_READ_GLOBALS) {
        flags |= TCG_CALL_NO_WRITE_GLOBALS;
    }
    op = tcg_emit_op(INDEX_op_call, no + nargs + 2);
    op->call_oargs = no;
    op->call_iargs = nargs;
    if (ret) {
        op->args[0] = TA(ret);
    }
    for (int i = 0; i < nargs; i++) {
        op->args[no + i] = TA(args[i]);
    }
    op->args[no + nargs] = (TCGArg)(uintptr_t)func;
    op->args[no + nargs + 1] = flags;
}
