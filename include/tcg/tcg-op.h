/*
 * TCG op generators: what a translator calls to build a TB's IR.
 *
 * For T in {i32, i64} and TCGv_T handles (ret first, as in QEMU):
 *   tcg_gen_{mov,not,neg,ext8s,ext8u,ext16s,ext16u,ctpop}_T(ret, a)
 *   tcg_gen_{add,sub,and,or,xor,andc,orc,eqv,nand,nor,shl,shr,sar,rotl,
 *            rotr,mul,div,divu,rem,remu}_T(ret, a, b)
 *   the same with an "i" suffix take a constant b (addi, shli, ...);
 *   tcg_gen_movi_T, tcg_gen_subfi_T(ret, int c, a) = c - a.
 * Semantics worth knowing:
 *   - shift/rotate counts are taken modulo the width (x86-like);
 *     immediate counts must be in [0, width).
 *   - div/rem never trap on the host: x / 0 = all ones, x % 0 = x,
 *     INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0 (RISC-V rules).  Guest
 *     exceptions for these cases are the translator's job.
 *   - clz/ctz(ret, a, b): b is the result when a == 0.
 *   - bswap16/32(ret, a): swap the low 2/4 bytes, result zero-extended.
 *   - i32 values live in host registers with undefined high halves;
 *     convert with extu/ext_i32_i64 only.
 *   - guest addresses for qemu_ld/st are always TCGv_i64 (zero-extend
 *     32-bit guest addresses yourself).
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

#define TCG_OP_DECLS(T, TV, IT)                                                \
    void tcg_gen_mov_##T(TV ret, TV a);                                        \
    void tcg_gen_movi_##T(TV ret, IT v);                                       \
    void tcg_gen_add_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_addi_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_sub_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_subi_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_subfi_##T(TV ret, IT a, TV b);                                \
    void tcg_gen_and_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_andi_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_or_##T(TV ret, TV a, TV b);                                   \
    void tcg_gen_ori_##T(TV ret, TV a, IT b);                                  \
    void tcg_gen_xor_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_xori_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_andc_##T(TV ret, TV a, TV b);                                 \
    void tcg_gen_orc_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_eqv_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_nand_##T(TV ret, TV a, TV b);                                 \
    void tcg_gen_nor_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_not_##T(TV ret, TV a);                                        \
    void tcg_gen_neg_##T(TV ret, TV a);                                        \
    void tcg_gen_shl_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_shli_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_shr_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_shri_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_sar_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_sari_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_rotl_##T(TV ret, TV a, TV b);                                 \
    void tcg_gen_rotli_##T(TV ret, TV a, IT b);                                \
    void tcg_gen_rotr_##T(TV ret, TV a, TV b);                                 \
    void tcg_gen_rotri_##T(TV ret, TV a, IT b);                                \
    void tcg_gen_mul_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_muli_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_div_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_divu_##T(TV ret, TV a, TV b);                                 \
    void tcg_gen_rem_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_remu_##T(TV ret, TV a, TV b);                                 \
    void tcg_gen_mulu2_##T(TV rl, TV rh, TV a, TV b);                          \
    void tcg_gen_muls2_##T(TV rl, TV rh, TV a, TV b);                          \
    void tcg_gen_add2_##T(TV rl, TV rh, TV al, TV ah, TV bl, TV bh);           \
    void tcg_gen_sub2_##T(TV rl, TV rh, TV al, TV ah, TV bl, TV bh);           \
    void tcg_gen_setcond_##T(TCGCond c, TV ret, TV a, TV b);                   \
    void tcg_gen_setcondi_##T(TCGCond c, TV ret, TV a, IT b);                  \
    void tcg_gen_negsetcond_##T(TCGCond c, TV ret, TV a, TV b);                \
    void tcg_gen_movcond_##T(TCGCond c, TV ret, TV c1, TV c2, TV v1, TV v2);   \
    void tcg_gen_brcond_##T(TCGCond c, TV a, TV b, TCGLabel *l);               \
    void tcg_gen_brcondi_##T(TCGCond c, TV a, IT b, TCGLabel *l);              \
    void tcg_gen_ext8s_##T(TV ret, TV a);                                      \
    void tcg_gen_ext8u_##T(TV ret, TV a);                                      \
    void tcg_gen_ext16s_##T(TV ret, TV a);                                     \
    void tcg_gen_ext16u_##T(TV ret, TV a);                                     \
    void tcg_gen_deposit_##T(TV ret, TV a, TV b, unsigned ofs, unsigned len);  \
    void tcg_gen_extract_##T(TV ret, TV a, unsigned ofs, unsigned len);        \
    void tcg_gen_sextract_##T(TV ret, TV a, unsigned ofs, unsigned len);       \
    void tcg_gen_bswap16_##T(TV ret, TV a);                                    \
    void tcg_gen_bswap32_##T(TV ret, TV a);                                    \
    void tcg_gen_clz_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_clzi_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_ctz_##T(TV ret, TV a, TV b);                                  \
    void tcg_gen_ctzi_##T(TV ret, TV a, IT b);                                 \
    void tcg_gen_ctpop_##T(TV ret, TV a);                                      \
    void tcg_gen_ld8u_##T(TV ret, TCGv_ptr base, intptr_t ofs);                \
    void tcg_gen_ld8s_##T(TV ret, TCGv_ptr base, intptr_t ofs);                \
    void tcg_gen_ld16u_##T(TV ret, TCGv_ptr base, intptr_t ofs);               \
    void tcg_gen_ld16s_##T(TV ret, TCGv_ptr base, intptr_t ofs);               \
    void tcg_gen_ld_##T(TV ret, TCGv_ptr base, intptr_t ofs);                  \
    void tcg_gen_st8_##T(TV val, TCGv_ptr base, intptr_t ofs);                 \
    void tcg_gen_st16_##T(TV val, TCGv_ptr base, intptr_t ofs);                \
    void tcg_gen_st_##T(TV val, TCGv_ptr base, intptr_t ofs);                  \
    void tcg_gen_qemu_ld_##T(TV val, TCGv_i64 addr, int mmu_idx, MemOp mop);   \
    void tcg_gen_qemu_st_##T(TV val, TCGv_i64 addr, int mmu_idx, MemOp mop);

/*
 * Guest read-modify-write ("atomic") operations, QEMU names.  They expand
 * to qemu_ld + op + qemu_st: atomic with respect to the translating vCPU
 * only (fine for round-robin TCG; MTTCG would need host atomics).  The
 * store is always done (x86 cmpxchg semantics).  cmpv is compared with
 * the loaded value after both are extended per mop.  ret gets the old
 * value (fetch_op, cmpxchg, xchg) or the new one (op_fetch).
 */
#define TCG_ATOMIC_DECLS(T, TV)                                                \
    void tcg_gen_atomic_cmpxchg_##T(TV ret, TCGv_i64 addr, TV cmpv, TV newv,   \
                                    int idx, MemOp mop);                       \
    void tcg_gen_atomic_xchg_##T(TV ret, TCGv_i64 addr, TV val, int idx,       \
                                 MemOp mop);                                   \
    TCG_ATOMIC_DECL2(T, TV, add)                                               \
    TCG_ATOMIC_DECL2(T, TV, and)                                               \
    TCG_ATOMIC_DECL2(T, TV, or)                                                \
    TCG_ATOMIC_DECL2(T, TV, xor)
#define TCG_ATOMIC_DECL2(T, TV, OP)                                            \
    void tcg_gen_atomic_fetch_##OP##_##T(TV ret, TCGv_i64 addr, TV val,        \
                                         int idx, MemOp mop);                  \
    void tcg_gen_atomic_##OP##_fetch_##T(TV ret, TCGv_i64 addr, TV val,        \
                                         int idx, MemOp mop);

TCG_OP_DECLS(i32, TCGv_i32, int32_t)
TCG_OP_DECLS(i64, TCGv_i64, int64_t)
TCG_ATOMIC_DECLS(i32, TCGv_i32)
TCG_ATOMIC_DECLS(i64, TCGv_i64)
#undef TCG_OP_DECLS
#undef TCG_ATOMIC_DECLS
#undef TCG_ATOMIC_DECL2

/* Extend val in place per the size and sign of mop (QEMU tcg_gen_ext_*).*/
void tcg_gen_ext_i32(TCGv_i32 ret, TCGv_i32 val, MemOp mop);
void tcg_gen_ext_i64(TCGv_i64 ret, TCGv_i64 val, MemOp mop);

/* 64-bit only.  */
void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st32_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a);

/* Conversions.  */
void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a);
void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a);
void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a);
void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 a);
#define tcg_gen_trunc_i64_i32 tcg_gen_extrl_i64_i32
void tcg_gen_concat_i32_i64(TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi);

/* Host pointers (TCGv_ptr is 64-bit).  */
void tcg_gen_mov_ptr(TCGv_ptr ret, TCGv_ptr a);
void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr a, intptr_t b);
void tcg_gen_add_ptr(TCGv_ptr ret, TCGv_ptr a, TCGv_ptr b);
void tcg_gen_ext_i32_ptr(TCGv_ptr ret, TCGv_i32 a);
void tcg_gen_ld_ptr(TCGv_ptr ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_ptr(TCGv_ptr val, TCGv_ptr base, intptr_t ofs);

/* Control flow.  Labels are local to the TB being generated.  */
void gen_set_label(TCGLabel *l);
void tcg_gen_br(TCGLabel *l);
/* Direct chaining slot idx (0 or 1): must be followed by exit_tb(tb, idx).*/
void tcg_gen_goto_tb(unsigned idx);
/* Return (uintptr_t)tb + idx to the execution loop.  */
void tcg_gen_exit_tb(const TranslationBlock *tb, unsigned idx);
/* Call tcg_ctx->lookup_tb_ptr(env); jump to the result, or exit with 0. */
void tcg_gen_lookup_and_goto_ptr(void);
void tcg_gen_goto_ptr(TCGv_ptr dest);
/* Memory barrier (full fence; the argument is accepted for QEMU parity). */
void tcg_gen_mb(unsigned bar);
/*
 * v's value is dead from here until its next write: earlier writes that
 * nothing reads may be deleted and it is not written back to env.
 */
void tcg_gen_discard_i64(TCGv_i64 v);
#define TCG_MO_ALL 0xf
#define TCG_BAR_SC 0x30

/*
 * Marks the start of a guest instruction; up to insn_start_words words
 * (the first is the guest pc).  Missing words are zero.
 */
void tcg_gen_insn_startN(const uint64_t *words, int n);
#define tcg_gen_insn_start(...)                                                \
    tcg_gen_insn_startN((const uint64_t[]){__VA_ARGS__},                       \
                        sizeof((const uint64_t[]){__VA_ARGS__}) /              \
                            sizeof(uint64_t))

/*
 * Helper calls.  func is called with the System V ABI: up to 6 integer
 * arguments (i32 args arrive as 32-bit ints, i64/ptr as 64-bit), result in
 * ret (NULL for void; its type says i32 or i64).  flags: TCG_CALL_*.
 * Without NO_READ_GLOBALS globals are written back to env first; without
 * NO_WRITE_GLOBALS they are reloaded after.  NO_SIDE_EFFECTS lets the call
 * be deleted if its result is unused.
 */
void tcg_gen_callN(void *func, TCGTemp *ret, int nargs, TCGTemp **args,
                   unsigned flags);

/* Any TCGv (or NULL) to TCGTemp *, for the call wrappers below.  */
static inline TCGTemp *tcg_null_temp(const void *p)
{
    return NULL;
}
#define TCGV_TEMP(x)                                                           \
    _Generic((x), TCGv_i32                                                     \
             : tcgv_i32_temp, TCGv_i64                                         \
             : tcgv_i64_temp, TCGv_ptr                                         \
             : tcgv_ptr_temp, default                                          \
             : tcg_null_temp)(x)

/* tcg_gen_call(func, flags, ret_or_NULL, args...): any TCGv handles.  */
#define tcg_gen_call0(func, flags, ret)                                        \
    tcg_gen_callN((void *)(func), TCGV_TEMP(ret), 0, NULL, flags)
#define tcg_gen_call1(func, flags, ret, a1)                                    \
    tcg_gen_callN((void *)(func), TCGV_TEMP(ret), 1,                           \
                  (TCGTemp *[]){TCGV_TEMP(a1)}, flags)
#define tcg_gen_call2(func, flags, ret, a1, a2)                                \
    tcg_gen_callN((void *)(func), TCGV_TEMP(ret), 2,                           \
                  (TCGTemp *[]){TCGV_TEMP(a1), TCGV_TEMP(a2)}, flags)
#define tcg_gen_call3(func, flags, ret, a1, a2, a3)                            \
    tcg_gen_callN((void *)(func), TCGV_TEMP(ret), 3,                           \
                  (TCGTemp *[]){TCGV_TEMP(a1), TCGV_TEMP(a2), TCGV_TEMP(a3)},  \
                  flags)
#define tcg_gen_call4(func, flags, ret, a1, a2, a3, a4)                        \
    tcg_gen_callN((void *)(func), TCGV_TEMP(ret), 4,                           \
                  (TCGTemp *[]){TCGV_TEMP(a1), TCGV_TEMP(a2), TCGV_TEMP(a3),   \
                                TCGV_TEMP(a4)},                                \
                  flags)
#define tcg_gen_call5(func, flags, ret, a1, a2, a3, a4, a5)                    \
    tcg_gen_callN((void *)(func), TCGV_TEMP(ret), 5,                           \
                  (TCGTemp *[]){TCGV_TEMP(a1), TCGV_TEMP(a2), TCGV_TEMP(a3),   \
                                TCGV_TEMP(a4), TCGV_TEMP(a5)},                 \
                  flags)
#define tcg_gen_call6(func, flags, ret, a1, a2, a3, a4, a5, a6)                \
    tcg_gen_callN((void *)(func), TCGV_TEMP(ret), 6,                           \
                  (TCGTemp *[]){TCGV_TEMP(a1), TCGV_TEMP(a2), TCGV_TEMP(a3),   \
                                TCGV_TEMP(a4), TCGV_TEMP(a5), TCGV_TEMP(a6)},  \
                  flags)

#endif
