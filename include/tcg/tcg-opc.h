/*
 * The TCG opcode table (X-macro).  Each user defines
 *   DEF(name, oargs, iargs, cargs, flags)
 * before including this file.  Argument order in TCGOp.args is: outputs,
 * inputs, then constant arguments (conditions, offsets, labels, MemOpIdx).
 * Calls have a variable shape and are described by TCGOp.call_*.
 */

/* Control flow and markers.  */
DEF(nop, 0, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
DEF(call, 0, 0, 3, TCG_OPF_CALL_CLOBBER | TCG_OPF_NOT_PRESENT)
DEF(br, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_BB_EXIT)
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
/* The temp's value is no longer needed (liveness kills earlier writes). */
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(insn_start, 0, 0, TCG_MAX_INSN_START_WORDS, TCG_OPF_NOT_PRESENT)
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)

#define DEF_INT(T, F)                                                          \
    DEF(mov_##T, 1, 1, 0, F | TCG_OPF_NOT_PRESENT)                             \
    DEF(setcond_##T, 1, 2, 1, F)                                               \
    DEF(negsetcond_##T, 1, 2, 1, F)                                            \
    DEF(movcond_##T, 1, 4, 1, F)                                               \
    DEF(brcond_##T, 0, 2, 2, F | TCG_OPF_BB_END | TCG_OPF_COND_BRANCH)         \
    DEF(ld8u_##T, 1, 1, 1, F)                                                  \
    DEF(ld8s_##T, 1, 1, 1, F)                                                  \
    DEF(ld16u_##T, 1, 1, 1, F)                                                 \
    DEF(ld16s_##T, 1, 1, 1, F)                                                 \
    DEF(ld_##T, 1, 1, 1, F)                                                    \
    DEF(st8_##T, 0, 2, 1, F | TCG_OPF_SIDE_EFFECTS)                            \
    DEF(st16_##T, 0, 2, 1, F | TCG_OPF_SIDE_EFFECTS)                           \
    DEF(st_##T, 0, 2, 1, F | TCG_OPF_SIDE_EFFECTS)                             \
    DEF(add_##T, 1, 2, 0, F)                                                   \
    DEF(sub_##T, 1, 2, 0, F)                                                   \
    DEF(mul_##T, 1, 2, 0, F)                                                   \
    DEF(div_##T, 1, 2, 0, F)                                                   \
    DEF(divu_##T, 1, 2, 0, F)                                                  \
    DEF(rem_##T, 1, 2, 0, F)                                                   \
    DEF(remu_##T, 1, 2, 0, F)                                                  \
    DEF(and_##T, 1, 2, 0, F)                                                   \
    DEF(or_##T, 1, 2, 0, F)                                                    \
    DEF(xor_##T, 1, 2, 0, F)                                                   \
    DEF(shl_##T, 1, 2, 0, F)                                                   \
    DEF(shr_##T, 1, 2, 0, F)                                                   \
    DEF(sar_##T, 1, 2, 0, F)                                                   \
    DEF(rotl_##T, 1, 2, 0, F)                                                  \
    DEF(rotr_##T, 1, 2, 0, F)                                                  \
    DEF(not_##T, 1, 1, 0, F)                                                   \
    DEF(neg_##T, 1, 1, 0, F)                                                   \
    DEF(ext8s_##T, 1, 1, 0, F)                                                 \
    DEF(ext8u_##T, 1, 1, 0, F)                                                 \
    DEF(ext16s_##T, 1, 1, 0, F)                                                \
    DEF(ext16u_##T, 1, 1, 0, F)                                                \
    DEF(bswap16_##T, 1, 1, 0, F)                                               \
    DEF(bswap32_##T, 1, 1, 0, F)                                               \
    DEF(clz_##T, 1, 2, 0, F)                                                   \
    DEF(ctz_##T, 1, 2, 0, F)                                                   \
    DEF(ctpop_##T, 1, 1, 0, F)                                                 \
    DEF(mulu2_##T, 2, 2, 0, F)                                                 \
    DEF(muls2_##T, 2, 2, 0, F)                                                 \
    DEF(qemu_ld_##T, 1, 1, 1, F | TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_FAULT)    \
    DEF(qemu_st_##T, 0, 2, 1, F | TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_FAULT)

DEF_INT(i32, 0)
DEF_INT(i64, TCG_OPF_64BIT)
#undef DEF_INT

/* 64-bit only.  */
DEF(ext32s_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext32u_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ld32u_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld32s_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(st32_i64, 0, 2, 1, TCG_OPF_64BIT | TCG_OPF_SIDE_EFFECTS)
DEF(bswap64_i64, 1, 1, 0, TCG_OPF_64BIT)
/* Type conversions: the output type is the one named last.  */
DEF(extu_i32_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext_i32_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(extrh_i64_i32, 1, 1, 0, 0)
