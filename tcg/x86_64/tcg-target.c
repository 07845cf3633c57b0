/*
 * x86-64 host backend: instruction encoder, prologue/epilogue, op
 * emission, softmmu fast/slow paths, direct-jump patching.
 *
 * Register use: rbp = env, rsp = frame; rax, rcx, rdx and r11 are scratch
 * for the emitters (never allocated), so every emitter may use them and
 * needs no fixed-register constraints.  Emitters tolerate any aliasing
 * between the output and input registers.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "../tcg-internal.h"

enum {
    R_AX,
    R_CX,
    R_DX,
    R_BX,
    R_SP,
    R_BP,
    R_SI,
    R_DI,
    R_8,
    R_9,
    R_10,
    R_11,
    R_12,
    R_13,
    R_14,
    R_15,
};
#define TMP R_11

const uint32_t tcg_target_available_regs =
    (1 << R_BX) | (1 << R_SI) | (1 << R_DI) | (1 << R_8) | (1 << R_9) |
    (1 << R_10) | (1 << R_12) | (1 << R_13) | (1 << R_14) | (1 << R_15);
const uint32_t tcg_target_call_clobber_regs =
    (1 << R_SI) | (1 << R_DI) | (1 << R_8) | (1 << R_9) | (1 << R_10);
const int tcg_target_call_iarg_regs[TCG_MAX_CALL_ARGS] = {
    R_DI, R_SI, R_DX, R_CX, R_8, R_9,
};

const void *tcg_code_gen_prologue;
const void *tcg_code_gen_epilogue;
static const void *tcg_code_gen_epilogue_zero;

/* Opcode flags.  */
#define P_EXT     0x100 /* 0x0f escape */
#define P_DATA16  0x400 /* 0x66 */
#define P_REXW    0x1000
#define P_REXB_R  0x2000  /* reg field is a byte register */
#define P_REXB_RM 0x4000  /* rm field is a byte register */
#define P_SIMDF3  0x10000 /* 0xf3 */

#define OPC_ARITH_GvEv  0x03
#define OPC_ARITH_EvIz  0x81
#define OPC_ARITH_EvIb  0x83
#define OPC_BSF         (0xbc | P_EXT)
#define OPC_BSR         (0xbd | P_EXT)
#define OPC_BSWAP       (0xc8 | P_EXT)
#define OPC_CMOVCC      (0x40 | P_EXT)
#define OPC_IMUL_GvEv   (0xaf | P_EXT)
#define OPC_IMUL_GvEvIz 0x69
#define OPC_JCC_long    (0x80 | P_EXT)
#define OPC_JCC_short   0x70
#define OPC_JMP_long    0xe9
#define OPC_JMP_short   0xeb
#define OPC_LEA         0x8d
#define OPC_LZCNT       (0xbd | P_EXT | P_SIMDF3)
#define OPC_TZCNT       (0xbc | P_EXT | P_SIMDF3)
#define OPC_POPCNT      (0xb8 | P_EXT | P_SIMDF3)
#define OPC_MOVB_EvGv   0x88
#define OPC_MOVL_EvGv   0x89
#define OPC_MOVL_GvEv   0x8b
#define OPC_MOVB_EvIz   0xc6
#define OPC_MOVL_EvIz   0xc7
#define OPC_MOVL_Iv     0xb8
#define OPC_MOVSBL      (0xbe | P_EXT)
#define OPC_MOVSWL      (0xbf | P_EXT)
#define OPC_MOVSLQ      (0x63 | P_REXW)
#define OPC_MOVZBL      (0xb6 | P_EXT)
#define OPC_MOVZWL      (0xb7 | P_EXT)
#define OPC_SETCC       (0x90 | P_EXT)
#define OPC_SHIFT_Ib    0xc1
#define OPC_SHIFT_cl    0xd3
#define OPC_TESTL       0x85
#define OPC_GRP3_Ev     0xf7
#define OPC_GRP5        0xff
#define OPC_PUSH_r      0x50
#define OPC_POP_r       0x58
#define OPC_PUSH_Iz     0x68
#define OPC_RET         0xc3

enum {
    ARITH_ADD = 0,
    ARITH_OR = 1,
    ARITH_AND = 4,
    ARITH_SUB = 5,
    ARITH_XOR = 6,
    ARITH_CMP = 7
};
enum {
    SHIFT_ROL = 0,
    SHIFT_ROR = 1,
    SHIFT_SHL = 4,
    SHIFT_SHR = 5,
    SHIFT_SAR = 7
};
enum {
    EXT3_NOT = 2,
    EXT3_NEG = 3,
    EXT3_MUL = 4,
    EXT3_IMUL = 5,
    EXT3_DIV = 6,
    EXT3_IDIV = 7
};
enum { EXT5_CALLN = 2, EXT5_JMPN = 4, EXT5_PUSH = 6 };

enum {
    JCC_JB = 2,
    JCC_JAE = 3,
    JCC_JE = 4,
    JCC_JNE = 5,
    JCC_JBE = 6,
    JCC_JA = 7,
    JCC_JL = 0xc,
    JCC_JGE = 0xd,
    JCC_JLE = 0xe,
    JCC_JG = 0xf
};

static const uint8_t tcg_cond_to_jcc[16] = {
    [TCG_COND_EQ] = JCC_JE,  [TCG_COND_NE] = JCC_JNE,  [TCG_COND_LT] = JCC_JL,
    [TCG_COND_GE] = JCC_JGE, [TCG_COND_LE] = JCC_JLE,  [TCG_COND_GT] = JCC_JG,
    [TCG_COND_LTU] = JCC_JB, [TCG_COND_GEU] = JCC_JAE, [TCG_COND_LEU] = JCC_JBE,
    [TCG_COND_GTU] = JCC_JA,
};

/* Encoder.  */

static void tcg_out_opc(TCGContext *s, int opc, int r, int rm, int x)
{
    int rex = 0;

    if (opc & P_DATA16) {
        tcg_out8(s, 0x66);
    }
    if (opc & P_SIMDF3) {
        tcg_out8(s, 0xf3);
    }
    rex |= (opc & P_REXW) ? 8 : 0;
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* spl, bpl, sil, dil need a REX prefix to be addressed.  */
    if ((opc & P_REXB_R && r >= 4) || (opc & P_REXB_RM && rm >= 4)) {
        rex |= 0x40;
    }
    if (rex) {
        tcg_out8(s, 0x40 | rex);
    }
    if (opc & P_EXT) {
        tcg_out8(s, 0x0f);
    }
    tcg_out8(s, opc & 0xff);
}

static void tcg_out_modrm(TCGContext *s, int opc, int r, int rm)
{
    tcg_out_opc(s, opc, r, rm, 0);
    tcg_out8(s, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

static void tcg_out_modrm_offset(TCGContext *s, int opc, int r, int base,
                                 int32_t ofs)
{
    int mod;

    tcg_out_opc(s, opc, r, base, 0);
    if (ofs == 0 && (base & 7) != R_BP) {
        mod = 0x00;
    } else if (ofs == (int8_t)ofs) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if ((base & 7) == R_SP) {
        tcg_out8(s, mod | ((r & 7) << 3) | 4);
        tcg_out8(s, 0x24);
    } else {
        tcg_out8(s, mod | ((r & 7) << 3) | (base & 7));
    }
    if (mod == 0x40) {
        tcg_out8(s, ofs);
    } else if (mod == 0x80) {
        tcg_out32(s, ofs);
    }
}

static void tgen_arithr(TCGContext *s, int op, bool is64, int dst, int src);

/* Memory operand with a possibly huge offset: fold it into TMP.  */
static void tcg_out_mem(TCGContext *s, int opc, int r, int base, intptr_t ofs)
{
    if (ofs != (int32_t)ofs) {
        tcg_out_movi(s, TCG_TYPE_I64, TMP, ofs);
        tgen_arithr(s, ARITH_ADD, true, TMP, base);
        base = TMP;
        ofs = 0;
    }
    tcg_out_modrm_offset(s, opc, r, base, ofs);
}

static int rexw(bool is64)
{
    return is64 ? P_REXW : 0;
}

void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src)
{
    if (dst != src) {
        tcg_out_modrm(s, OPC_MOVL_EvGv | rexw(type == TCG_TYPE_I64), src, dst);
    }
}

void tcg_out_movi(TCGContext *s, TCGType type, int reg, int64_t val)
{
    if (type == TCG_TYPE_I32 || val == (int64_t)(uint32_t)val) {
        tcg_out_opc(s, OPC_MOVL_Iv + (reg & 7), 0, reg, 0);
        tcg_out32(s, val);
    } else if (val == (int32_t)val) {
        tcg_out_modrm(s, OPC_MOVL_EvIz | P_REXW, 0, reg);
        tcg_out32(s, val);
    } else {
        tcg_out_opc(s, (OPC_MOVL_Iv + (reg & 7)) | P_REXW, 0, reg, 0);
        tcg_out64(s, val);
    }
}

void tcg_out_ld(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs)
{
    tcg_out_mem(s, OPC_MOVL_GvEv | rexw(type == TCG_TYPE_I64), reg, base, ofs);
}

void tcg_out_st(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs)
{
    tcg_out_mem(s, OPC_MOVL_EvGv | rexw(type == TCG_TYPE_I64), reg, base, ofs);
}

static void tgen_arithr(TCGContext *s, int op, bool is64, int dst, int src)
{
    tcg_out_modrm(s, (OPC_ARITH_GvEv + (op << 3)) | rexw(is64), dst, src);
}

static void tgen_arithi(TCGContext *s, int op, bool is64, int r, int64_t v)
{
    if (v == (int8_t)v) {
        tcg_out_modrm(s, OPC_ARITH_EvIb | rexw(is64), op, r);
        tcg_out8(s, v);
    } else {
        tcg_out_modrm(s, OPC_ARITH_EvIz | rexw(is64), op, r);
        tcg_out32(s, v);
    }
}

void tcg_out_push_reg(TCGContext *s, int reg)
{
    tcg_out_opc(s, OPC_PUSH_r + (reg & 7), 0, reg, 0);
}

void tcg_out_pop_reg(TCGContext *s, int reg)
{
    tcg_out_opc(s, OPC_POP_r + (reg & 7), 0, reg, 0);
}

void tcg_out_push_mem(TCGContext *s, int base, intptr_t ofs)
{
    tcg_out_mem(s, OPC_GRP5, EXT5_PUSH, base, ofs);
}

void tcg_out_push_imm(TCGContext *s, int64_t val)
{
    if (val == (int32_t)val) {
        tcg_out8(s, OPC_PUSH_Iz);
        tcg_out32(s, val);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TMP, val);
        tcg_out_push_reg(s, TMP);
    }
}

void tcg_out_call(TCGContext *s, const void *func)
{
    intptr_t disp = (intptr_t)func - (intptr_t)(s->code_ptr + 5);

    if (disp == (int32_t)disp) {
        tcg_out8(s, 0xe8);
        tcg_out32(s, disp);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, R_AX, (intptr_t)func);
        tcg_out_modrm(s, OPC_GRP5, EXT5_CALLN, R_AX);
    }
}

static void tcg_out_jmp_abs(TCGContext *s, const void *dest)
{
    intptr_t disp = (intptr_t)dest - (intptr_t)(s->code_ptr + 5);

    g_assert(disp == (int32_t)disp);
    tcg_out8(s, OPC_JMP_long);
    tcg_out32(s, disp);
}

static void tcg_out_jcc_abs(TCGContext *s, int cc, const void *dest)
{
    intptr_t disp = (intptr_t)dest - (intptr_t)(s->code_ptr + 6);

    g_assert(disp == (int32_t)disp);
    tcg_out_opc(s, OPC_JCC_long + cc, 0, 0, 0);
    tcg_out32(s, disp);
}

void tcg_out_label_ref(TCGContext *s, TCGLabel *l)
{
    uint32_t here = tcg_current_code_size(s);

    if (l->has_value) {
        tcg_out32(s, l->value - (here + 4));
        return;
    }
    if (l->nb_relocs == l->max_relocs) {
        l->max_relocs = l->max_relocs ? l->max_relocs * 2 : 4;
        l->relocs = g_renew(TCGRelocation, l->relocs, l->max_relocs);
    }
    l->relocs[l->nb_relocs++].offset = here;
    tcg_out32(s, 0);
}

void tcg_out_set_label(TCGContext *s, TCGLabel *l)
{
    l->has_value = true;
    l->value = tcg_current_code_size(s);
    for (int i = 0; i < l->nb_relocs; i++) {
        uint32_t at = l->relocs[i].offset;
        int32_t disp = l->value - (at + 4);
        memcpy(s->code_buf + at, &disp, 4);
    }
    l->nb_relocs = 0;
}

/* Short forward branches inside one op's expansion.  */
static uint8_t *tcg_out_jcc8(TCGContext *s, int cc)
{
    tcg_out8(s, cc < 0 ? OPC_JMP_short : OPC_JCC_short + cc);
    tcg_out8(s, 0);
    return s->code_ptr - 1;
}

static void tcg_patch8_here(TCGContext *s, uint8_t *at)
{
    ptrdiff_t d = s->code_ptr - (at + 1);
    g_assert(d >= 0 && d < 128);
    *at = d;
}

void tcg_out_nop_align(TCGContext *s, int align)
{
    while ((uintptr_t)s->code_ptr % align) {
        tcg_out8(s, 0x90);
    }
}

/* Prologue.  */

static const int callee_saved[] = {R_BP, R_BX, R_12, R_13, R_14, R_15};
#define FRAME_ADJ (TCG_FRAME_SIZE + 8)

void tcg_target_init(TCGContext *s)
{
    s->reserved_regs = ~tcg_target_available_regs;
}

void tcg_target_qemu_prologue(TCGContext *s)
{
    tcg_code_gen_prologue = s->code_ptr;
    for (int i = 0; i < ARRAY_SIZE(callee_saved); i++) {
        tcg_out_push_reg(s, callee_saved[i]);
    }
    tcg_out_mov(s, TCG_TYPE_PTR, TCG_AREG0, tcg_target_call_iarg_regs[0]);
    tgen_arithi(s, ARITH_SUB, true, R_SP, FRAME_ADJ);
    tcg_out_modrm(s, OPC_GRP5, EXT5_JMPN, tcg_target_call_iarg_regs[1]);

    tcg_code_gen_epilogue_zero = s->code_ptr;
    tcg_out_modrm(s, OPC_ARITH_GvEv + (ARITH_XOR << 3), R_AX, R_AX);
    tcg_code_gen_epilogue = s->code_ptr;
    tgen_arithi(s, ARITH_ADD, true, R_SP, FRAME_ADJ);
    for (int i = ARRAY_SIZE(callee_saved) - 1; i >= 0; i--) {
        tcg_out_pop_reg(s, callee_saved[i]);
    }
    tcg_out8(s, OPC_RET);
}

uintptr_t tcg_qemu_tb_exec(void *env, const void *tb_ptr)
{
    uintptr_t (*fn)(void *, const void *) =
        (uintptr_t(*)(void *, const void *))tcg_code_gen_prologue;
    return fn(env, tb_ptr);
}

/* Chaining.  */

void tcg_out_goto_tb(TCGContext *s, int idx)
{
    /* The rel32 must be 4-aligned so patching is one atomic store.  */
    while (((uintptr_t)s->code_ptr + 1) % 4) {
        tcg_out8(s, 0x90);
    }
    tcg_out8(s, OPC_JMP_long);
    s->gen_tc->jmp_insn_offset[idx] = tcg_current_code_size(s);
    tcg_out32(s, 0);
    s->gen_tc->jmp_reset_offset[idx] = tcg_current_code_size(s);
    s->gen_tc->has_jmp[idx] = true;
}

void tb_target_set_jmp_target(const TCGTBCode *tc, int n, uintptr_t addr)
{
    uintptr_t at = (uintptr_t)tc->ptr + tc->jmp_insn_offset[n];
    intptr_t disp = addr - (at + 4);

    g_assert(n >= 0 && n < 2 && tc->has_jmp[n]);
    g_assert(disp == (int32_t)disp);
    __atomic_store_n((int32_t *)at, (int32_t)disp, __ATOMIC_RELAXED);
}

void tb_target_reset_jmp(const TCGTBCode *tc, int n)
{
    tb_target_set_jmp_target(tc, n,
                             (uintptr_t)tc->ptr + tc->jmp_reset_offset[n]);
}

void tcg_out_exit_tb(TCGContext *s, uintptr_t val)
{
    if (val == 0) {
        tcg_out_jmp_abs(s, tcg_code_gen_epilogue_zero);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, R_AX, val);
        tcg_out_jmp_abs(s, tcg_code_gen_epilogue);
    }
}

void tcg_out_goto_ptr(TCGContext *s, int reg)
{
    tcg_out_modrm(s, OPC_TESTL | P_REXW, reg, reg);
    tcg_out_jcc_abs(s, JCC_JE, tcg_code_gen_epilogue_zero);
    tcg_out_modrm(s, OPC_GRP5, EXT5_JMPN, reg);
}

/* Constraints: which inputs may be immediates.  */

bool tcg_target_const_match(TCGOpcode opc, int k, int64_t val)
{
    bool s32 = val == (int32_t)val;

    switch (opc) {
    case INDEX_op_add_i32:
    case INDEX_op_add_i64:
    case INDEX_op_sub_i32:
    case INDEX_op_sub_i64:
    case INDEX_op_and_i32:
    case INDEX_op_and_i64:
    case INDEX_op_or_i32:
    case INDEX_op_or_i64:
    case INDEX_op_xor_i32:
    case INDEX_op_xor_i64:
    case INDEX_op_mul_i32:
    case INDEX_op_mul_i64:
    case INDEX_op_shl_i32:
    case INDEX_op_shl_i64:
    case INDEX_op_shr_i32:
    case INDEX_op_shr_i64:
    case INDEX_op_sar_i32:
    case INDEX_op_sar_i64:
    case INDEX_op_rotl_i32:
    case INDEX_op_rotl_i64:
    case INDEX_op_rotr_i32:
    case INDEX_op_rotr_i64:
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
    case INDEX_op_negsetcond_i32:
    case INDEX_op_negsetcond_i64:
    case INDEX_op_brcond_i32:
    case INDEX_op_brcond_i64:
    case INDEX_op_clz_i32:
    case INDEX_op_clz_i64:
    case INDEX_op_ctz_i32:
    case INDEX_op_ctz_i64:
        return k == 1 && s32;
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
        return k == 1 && s32;
    case INDEX_op_st8_i32:
    case INDEX_op_st8_i64:
    case INDEX_op_st16_i32:
    case INDEX_op_st16_i64:
    case INDEX_op_st_i32:
    case INDEX_op_st_i64:
    case INDEX_op_st32_i64:
        return k == 0 && s32;
    default:
        return false;
    }
}

/* Op emitters.  */

static void tgen_binop(TCGContext *s, int op, bool is64, bool commutative,
                       int r, int a, TCGArg b, bool bc)
{
    if (bc) {
        tcg_out_mov(s, is64 ? TCG_TYPE_I64 : TCG_TYPE_I32, r, a);
        tgen_arithi(s, op, is64, r, (int64_t)b);
    } else if (r == a) {
        tgen_arithr(s, op, is64, r, b);
    } else if (r == (int)b) {
        if (commutative) {
            tgen_arithr(s, op, is64, r, a);
        } else {
            tcg_out_mov(s, TCG_TYPE_I64, TMP, a);
            tgen_arithr(s, op, is64, TMP, b);
            tcg_out_mov(s, TCG_TYPE_I64, r, TMP);
        }
    } else {
        tcg_out_mov(s, TCG_TYPE_I64, r, a);
        tgen_arithr(s, op, is64, r, b);
    }
}

static void tgen_shift(TCGContext *s, int op, bool is64, int r, int a, TCGArg b,
                       bool bc)
{
    if (bc) {
        int c = b & (is64 ? 63 : 31);
        tcg_out_mov(s, TCG_TYPE_I64, r, a);
        if (c) {
            tcg_out_modrm(s, OPC_SHIFT_Ib | rexw(is64), op, r);
            tcg_out8(s, c);
        } else if (!is64) {
            tcg_out_mov(s, TCG_TYPE_I32, r, r);
        }
        return;
    }
    tcg_out_mov(s, TCG_TYPE_I64, R_CX, b);
    tcg_out_mov(s, TCG_TYPE_I64, r, a);
    tcg_out_modrm(s, OPC_SHIFT_cl | rexw(is64), op, r);
}

static void tgen_cmp(TCGContext *s, bool is64, int a, TCGArg b, bool bc)
{
    if (bc) {
        if ((int64_t)b == 0) {
            tcg_out_modrm(s, OPC_TESTL | rexw(is64), a, a);
        } else {
            tgen_arithi(s, ARITH_CMP, is64, a, (int64_t)b);
        }
    } else {
        tgen_arithr(s, ARITH_CMP, is64, a, b);
    }
}

static void tgen_div(TCGContext *s, bool is64, bool sign, bool rem, int r,
                     int a, int b)
{
    int w = rexw(is64);
    uint8_t *lzero, *lm1 = NULL, *ldone1, *ldone2;

    tcg_out_modrm(s, OPC_TESTL | w, b, b);
    lzero = tcg_out_jcc8(s, JCC_JE);
    if (sign) {
        tgen_arithi(s, ARITH_CMP, is64, b, -1);
        lm1 = tcg_out_jcc8(s, JCC_JE);
    }
    tcg_out_mov(s, TCG_TYPE_I64, R_AX, a);
    if (sign) {
        tcg_out_opc(s, 0x99 | w, 0, 0, 0); /* cdq / cqo */
    } else {
        tcg_out_modrm(s, OPC_ARITH_GvEv + (ARITH_XOR << 3), R_DX, R_DX);
    }
    tcg_out_modrm(s, OPC_GRP3_Ev | w, sign ? EXT3_IDIV : EXT3_DIV, b);
    if (rem) {
        tcg_out_mov(s, TCG_TYPE_I64, R_AX, R_DX);
    }
    ldone1 = tcg_out_jcc8(s, -1);
    /* b == 0: quotient all ones, remainder a.  */
    tcg_patch8_here(s, lzero);
    if (rem) {
        tcg_out_mov(s, TCG_TYPE_I64, R_AX, a);
    } else {
        tcg_out_movi(s, is64 ? TCG_TYPE_I64 : TCG_TYPE_I32, R_AX, -1);
    }
    ldone2 = tcg_out_jcc8(s, -1);
    if (sign) {
        /* b == -1: quotient -a (wraps for INT_MIN), remainder 0.  */
        tcg_patch8_here(s, lm1);
        if (rem) {
            tcg_out_modrm(s, OPC_ARITH_GvEv + (ARITH_XOR << 3), R_AX, R_AX);
        } else {
            tcg_out_mov(s, TCG_TYPE_I64, R_AX, a);
            tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NEG, R_AX);
        }
    }
    tcg_patch8_here(s, ldone1);
    tcg_patch8_here(s, ldone2);
    tcg_out_mov(s, is64 ? TCG_TYPE_I64 : TCG_TYPE_I32, r, R_AX);
}

static void tgen_clz_ctz(TCGContext *s, bool is64, bool clz, int r, int a,
                         TCGArg b, bool bc)
{
    int w = rexw(is64), width = is64 ? 64 : 32;
    bool native = clz ? tcg_have_lzcnt : tcg_have_tzcnt;

    if (bc) {
        tcg_out_movi(s, is64 ? TCG_TYPE_I64 : TCG_TYPE_I32, R_DX, b);
        b = R_DX;
    }
    if (native) {
        /* lzcnt/tzcnt: CF set when the input is zero (result = width). */
        tcg_out_modrm(s, (clz ? OPC_LZCNT : OPC_TZCNT) | w, TMP, a);
        tcg_out_modrm(s, (OPC_CMOVCC + JCC_JB) | w, TMP, b);
    } else {
        tcg_out_modrm(s, (clz ? OPC_BSR : OPC_BSF) | w, TMP, a);
        if (clz) {
            tgen_arithi(s, ARITH_XOR, is64, TMP, width - 1);
            tcg_out_modrm(s, OPC_TESTL | w, a, a);
        }
        tcg_out_modrm(s, (OPC_CMOVCC + JCC_JE) | w, TMP, b);
    }
    tcg_out_mov(s, is64 ? TCG_TYPE_I64 : TCG_TYPE_I32, r, TMP);
}

static void tgen_ld(TCGContext *s, int opc, int r, int base, intptr_t ofs)
{
    tcg_out_mem(s, opc, r, base, ofs);
}

static void tgen_st(TCGContext *s, int size, TCGArg v, bool vc, int base,
                    intptr_t ofs)
{
    static const int reg_opc[4] = {
        OPC_MOVB_EvGv | P_REXB_R,
        OPC_MOVL_EvGv | P_DATA16,
        OPC_MOVL_EvGv,
        OPC_MOVL_EvGv | P_REXW,
    };
    static const int imm_opc[4] = {
        OPC_MOVB_EvIz,
        OPC_MOVL_EvIz | P_DATA16,
        OPC_MOVL_EvIz,
        OPC_MOVL_EvIz | P_REXW,
    };

    if (ofs != (int32_t)ofs) {
        tcg_out_movi(s, TCG_TYPE_I64, TMP, ofs);
        tgen_arithr(s, ARITH_ADD, true, TMP, base);
        base = TMP;
        ofs = 0;
    }
    if (vc) {
        tcg_out_modrm_offset(s, imm_opc[size], 0, base, ofs);
        if (size == 0) {
            tcg_out8(s, v);
        } else if (size == 1) {
            tcg_out8(s, v);
            tcg_out8(s, v >> 8);
        } else {
            tcg_out32(s, v);
        }
    } else {
        tcg_out_modrm_offset(s, reg_opc[size], v, base, ofs);
    }
}

/* Softmmu fast path; the slow path is emitted by tcg_out_ldst_finalize. */
static void tgen_qemu_ldst(TCGContext *s, bool is_ld, bool is64, int data,
                           int addr, MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);
    intptr_t fast =
        s->tlb_fast_ofs + get_mmuidx(oi) * (intptr_t)sizeof(CPUTLBDescFast);
    int64_t page_mask = -((int64_t)1 << s->page_bits);
    TCGLdstLabel *l;

    if (is_ld ? !s->ld_helpers[mop & MO_SSIZE] : !s->st_helpers[mop & 3]) {
        fprintf(stderr, "tcg: no softmmu %s helper for MemOp %#x\n",
                is_ld ? "load" : "store", mop);
        abort();
    }
    if (s->page_bits < 10 || s->page_bits > 30) {
        fprintf(stderr, "tcg: page_bits %d out of range [10, 30]\n",
                s->page_bits);
        abort();
    }
    tcg_out_mov(s, TCG_TYPE_I64, TMP, addr);
    tcg_out_modrm(s, OPC_SHIFT_Ib | P_REXW, SHIFT_SHR, TMP);
    tcg_out8(s, s->page_bits - CPU_TLB_ENTRY_BITS);
    tcg_out_mem(s, (OPC_ARITH_GvEv + (ARITH_AND << 3)) | P_REXW, TMP, TCG_AREG0,
                fast + offsetof(CPUTLBDescFast, mask));
    tcg_out_mem(s, (OPC_ARITH_GvEv + (ARITH_ADD << 3)) | P_REXW, TMP, TCG_AREG0,
                fast + offsetof(CPUTLBDescFast, table));
    /* Compare the page of the last byte: page-crossing accesses miss. */
    tcg_out_modrm_offset(s, OPC_LEA | P_REXW, R_AX, addr, size - 1);
    tgen_arithi(s, ARITH_AND, true, R_AX, page_mask);
    tcg_out_modrm_offset(s, (OPC_ARITH_GvEv + (ARITH_CMP << 3)) | P_REXW, R_AX,
                         TMP,
                         is_ld ? offsetof(CPUTLBEntry, addr_read)
                               : offsetof(CPUTLBEntry, addr_write));
    if (s->nb_ldst == s->max_ldst) {
        s->max_ldst = s->max_ldst ? s->max_ldst * 2 : 16;
        s->ldst = g_renew(TCGLdstLabel, s->ldst, s->max_ldst);
    }
    l = &s->ldst[s->nb_ldst++];
    l->is_ld = is_ld;
    l->type = is64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
    l->oi = oi;
    l->addr_reg = addr;
    l->data_reg = data;
    tcg_out_opc(s, OPC_JCC_long + JCC_JNE, 0, 0, 0);
    l->jcc_offset = tcg_current_code_size(s);
    tcg_out32(s, 0);
    tcg_out_modrm_offset(s, OPC_MOVL_GvEv | P_REXW, R_AX, TMP,
                         offsetof(CPUTLBEntry, addend));
    tgen_arithr(s, ARITH_ADD, true, R_AX, addr);
    if (is_ld) {
        int opc;
        switch (mop & MO_SSIZE) {
        case MO_UB:
            opc = OPC_MOVZBL;
            break;
        case MO_SB:
            opc = OPC_MOVSBL | rexw(is64);
            break;
        case MO_UW:
            opc = OPC_MOVZWL;
            break;
        case MO_SW:
            opc = OPC_MOVSWL | rexw(is64);
            break;
        case MO_UL:
            opc = OPC_MOVL_GvEv;
            break;
        case MO_SL:
            opc = is64 ? OPC_MOVSLQ : OPC_MOVL_GvEv;
            break;
        default:
            opc = OPC_MOVL_GvEv | P_REXW;
            break;
        }
        tcg_out_modrm_offset(s, opc, data, R_AX, 0);
    } else {
        tgen_st(s, mop & MO_SIZE, data, false, R_AX, 0);
    }
    l->ret_offset = tcg_current_code_size(s);
}

static const int slow_saved[] = {R_SI, R_DI, R_8, R_9, R_10, R_11};

bool tcg_out_ldst_finalize(TCGContext *s)
{
    for (int i = 0; i < s->nb_ldst; i++) {
        TCGLdstLabel *l = &s->ldst[i];
        MemOp mop = get_memop(l->oi);
        uint8_t *ret = s->code_buf + l->ret_offset;
        int32_t disp;
        int ra_reg;

        if (s->code_ptr > s->code_highwater) {
            return false;
        }
        disp = tcg_current_code_size(s) - (l->jcc_offset + 4);
        memcpy(s->code_buf + l->jcc_offset, &disp, 4);
        /* Caller-saved allocatable registers may hold live values.  */
        for (int j = 0; j < ARRAY_SIZE(slow_saved); j++) {
            tcg_out_push_reg(s, slow_saved[j]);
        }
        if (l->is_ld) {
            tcg_out_mov(s, TCG_TYPE_I64, R_SI, l->addr_reg);
            tcg_out_movi(s, TCG_TYPE_I32, R_DX, l->oi);
            ra_reg = R_CX;
        } else {
            tcg_out_mov(s, TCG_TYPE_I64, TMP, l->data_reg);
            tcg_out_mov(s, TCG_TYPE_I64, R_SI, l->addr_reg);
            tcg_out_mov(s, l->type, R_DX, TMP);
            tcg_out_movi(s, TCG_TYPE_I32, R_CX, l->oi);
            ra_reg = R_8;
        }
        tcg_out_mov(s, TCG_TYPE_PTR, R_DI, TCG_AREG0);
        /* lea ra_reg, [rip + disp32] */
        tcg_out_opc(s, OPC_LEA | P_REXW, ra_reg, 0, 0);
        tcg_out8(s, 0x05 | ((ra_reg & 7) << 3));
        tcg_out32(s, ret - (s->code_ptr + 4));
        tcg_out_call(s, l->is_ld ? (const void *)s->ld_helpers[mop & MO_SSIZE]
                                 : (const void *)s->st_helpers[mop & 3]);
        for (int j = ARRAY_SIZE(slow_saved) - 1; j >= 0; j--) {
            tcg_out_pop_reg(s, slow_saved[j]);
        }
        if (l->is_ld) {
            tcg_out_mov(s, l->type, l->data_reg, R_AX);
        }
        tcg_out_jmp_abs(s, ret);
    }
    return s->code_ptr <= s->code_gen_end - 64;
}

void tcg_out_op(TCGContext *s, TCGOpcode opc, const TCGArg *args,
                const bool *ca)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    bool is64 = def->flags & TCG_OPF_64BIT;
    TCGType type = is64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
    int w = rexw(is64);
    int r = args[0], a = args[1];

#define CASE2(x)                                                               \
    case INDEX_op_##x##_i32:                                                   \
    case INDEX_op_##x##_i64
    switch (opc) {
        CASE2(add) : tgen_binop(s, ARITH_ADD, is64, true, r, a, args[2], ca[2]);
        break;
        CASE2(sub)
            : tgen_binop(s, ARITH_SUB, is64, false, r, a, args[2], ca[2]);
        break;
        CASE2(and) : tgen_binop(s, ARITH_AND, is64, true, r, a, args[2], ca[2]);
        break;
        CASE2(or) : tgen_binop(s, ARITH_OR, is64, true, r, a, args[2], ca[2]);
        break;
        CASE2(xor) : tgen_binop(s, ARITH_XOR, is64, true, r, a, args[2], ca[2]);
        break;
        CASE2(mul) : if (ca[2])
        {
            tcg_out_modrm(s, OPC_IMUL_GvEvIz | w, r, a);
            tcg_out32(s, args[2]);
        }
        else if (r == (int)args[2])
        {
            tcg_out_modrm(s, OPC_IMUL_GvEv | w, r, a);
        }
        else
        {
            tcg_out_mov(s, TCG_TYPE_I64, r, a);
            tcg_out_modrm(s, OPC_IMUL_GvEv | w, r, args[2]);
        }
        break;
        CASE2(shl) : tgen_shift(s, SHIFT_SHL, is64, r, a, args[2], ca[2]);
        break;
        CASE2(shr) : tgen_shift(s, SHIFT_SHR, is64, r, a, args[2], ca[2]);
        break;
        CASE2(sar) : tgen_shift(s, SHIFT_SAR, is64, r, a, args[2], ca[2]);
        break;
        CASE2(rotl) : tgen_shift(s, SHIFT_ROL, is64, r, a, args[2], ca[2]);
        break;
        CASE2(rotr) : tgen_shift(s, SHIFT_ROR, is64, r, a, args[2], ca[2]);
        break;
        CASE2(div) : tgen_div(s, is64, true, false, r, a, args[2]);
        break;
        CASE2(divu) : tgen_div(s, is64, false, false, r, a, args[2]);
        break;
        CASE2(rem) : tgen_div(s, is64, true, true, r, a, args[2]);
        break;
        CASE2(remu) : tgen_div(s, is64, false, true, r, a, args[2]);
        break;
        CASE2(not ) : tcg_out_mov(s, type, r, a);
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NOT, r);
        break;
        CASE2(neg) : tcg_out_mov(s, type, r, a);
        tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NEG, r);
        break;
        CASE2(mulu2)
            : CASE2(muls2) : tcg_out_mov(s, TCG_TYPE_I64, R_AX, args[2]);
        tcg_out_modrm(s, OPC_GRP3_Ev | w,
                      (opc == INDEX_op_mulu2_i32 || opc == INDEX_op_mulu2_i64)
                          ? EXT3_MUL
                          : EXT3_IMUL,
                      args[3]);
        tcg_out_mov(s, TCG_TYPE_I64, args[0], R_AX);
        tcg_out_mov(s, TCG_TYPE_I64, args[1], R_DX);
        break;
        CASE2(setcond)
            : CASE2(negsetcond) : tgen_cmp(s, is64, a, args[2], ca[2]);
        tcg_out_modrm(s, OPC_SETCC + tcg_cond_to_jcc[args[3]], 0, R_AX);
        tcg_out_modrm(s, OPC_MOVZBL, R_AX, R_AX);
        if (opc == INDEX_op_negsetcond_i32 || opc == INDEX_op_negsetcond_i64) {
            tcg_out_modrm(s, OPC_GRP3_Ev | w, EXT3_NEG, R_AX);
        }
        tcg_out_mov(s, type, r, R_AX);
        break;
        CASE2(movcond) : tgen_cmp(s, is64, a, args[2], ca[2]);
        tcg_out_mov(s, TCG_TYPE_I64, TMP, args[4]);
        tcg_out_modrm(s, (OPC_CMOVCC + tcg_cond_to_jcc[args[5]]) | w, TMP,
                      args[3]);
        tcg_out_mov(s, type, r, TMP);
        break;
        CASE2(brcond) : tgen_cmp(s, is64, args[0], args[1], ca[1]);
        tcg_out_opc(s, OPC_JCC_long + tcg_cond_to_jcc[args[2]], 0, 0, 0);
        tcg_out_label_ref(s, (TCGLabel *)(uintptr_t)args[3]);
        break;
        CASE2(ext8s) : tcg_out_modrm(s, OPC_MOVSBL | P_REXB_RM | w, r, a);
        break;
        CASE2(ext8u) : tcg_out_modrm(s, OPC_MOVZBL | P_REXB_RM, r, a);
        break;
        CASE2(ext16s) : tcg_out_modrm(s, OPC_MOVSWL | w, r, a);
        break;
        CASE2(ext16u) : tcg_out_modrm(s, OPC_MOVZWL, r, a);
        break;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        tcg_out_modrm(s, OPC_MOVSLQ, r, a);
        break;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        tcg_out_modrm(s, OPC_MOVL_GvEv, r, a);
        break;
    case INDEX_op_extrh_i64_i32:
        tcg_out_mov(s, TCG_TYPE_I64, r, a);
        tcg_out_modrm(s, OPC_SHIFT_Ib | P_REXW, SHIFT_SHR, r);
        tcg_out8(s, 32);
        break;
        CASE2(bswap16) : tcg_out_mov(s, TCG_TYPE_I64, r, a);
        tcg_out_modrm(s, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, r);
        tcg_out8(s, 8);
        tcg_out_modrm(s, OPC_MOVZWL, r, r);
        break;
        CASE2(bswap32) : tcg_out_mov(s, TCG_TYPE_I32, r, a);
        tcg_out_opc(s, OPC_BSWAP + (r & 7), 0, r, 0);
        break;
    case INDEX_op_bswap64_i64:
        tcg_out_mov(s, TCG_TYPE_I64, r, a);
        tcg_out_opc(s, (OPC_BSWAP + (r & 7)) | P_REXW, 0, r, 0);
        break;
        CASE2(clz) : tgen_clz_ctz(s, is64, true, r, a, args[2], ca[2]);
        break;
        CASE2(ctz) : tgen_clz_ctz(s, is64, false, r, a, args[2], ca[2]);
        break;
        CASE2(ctpop) : tcg_out_modrm(s, OPC_POPCNT | w, r, a);
        break;
        CASE2(ld8u) : tgen_ld(s, OPC_MOVZBL, r, a, args[2]);
        break;
        CASE2(ld8s) : tgen_ld(s, OPC_MOVSBL | w, r, a, args[2]);
        break;
        CASE2(ld16u) : tgen_ld(s, OPC_MOVZWL, r, a, args[2]);
        break;
        CASE2(ld16s) : tgen_ld(s, OPC_MOVSWL | w, r, a, args[2]);
        break;
    case INDEX_op_ld_i32:
    case INDEX_op_ld32u_i64:
        tgen_ld(s, OPC_MOVL_GvEv, r, a, args[2]);
        break;
    case INDEX_op_ld32s_i64:
        tgen_ld(s, OPC_MOVSLQ, r, a, args[2]);
        break;
    case INDEX_op_ld_i64:
        tgen_ld(s, OPC_MOVL_GvEv | P_REXW, r, a, args[2]);
        break;
        CASE2(st8) : tgen_st(s, 0, args[0], ca[0], a, args[2]);
        break;
        CASE2(st16) : tgen_st(s, 1, args[0], ca[0], a, args[2]);
        break;
    case INDEX_op_st_i32:
    case INDEX_op_st32_i64:
        tgen_st(s, 2, args[0], ca[0], a, args[2]);
        break;
    case INDEX_op_st_i64:
        tgen_st(s, 3, args[0], ca[0], a, args[2]);
        break;
        CASE2(qemu_ld) : tgen_qemu_ldst(s, true, is64, r, a, args[2]);
        break;
        CASE2(qemu_st) : tgen_qemu_ldst(s, false, is64, r, a, args[2]);
        break;
    case INDEX_op_mb:
        tcg_out8(s, 0x0f);
        tcg_out8(s, 0xae);
        tcg_out8(s, 0xf0);
        break;
    default:
        fprintf(stderr, "tcg: backend cannot emit %s\n", def->name);
        abort();
    }
#undef CASE2
}
