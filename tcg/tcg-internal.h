/*
 * Internal interfaces between the target-independent passes and the host
 * backend (tcg/x86_64/tcg-target.c).  Not for use outside tcg/.
 */
#ifndef TCG_INTERNAL_H
#define TCG_INTERNAL_H

#include "tcg/tcg.h"

#define TCG_TARGET_NB_REGS 16
#define TCG_AREG0          5 /* rbp holds env */
#define TCG_REG_CALL_STACK 4 /* rsp */
#define TCG_REG_RAX        0
#define TCG_REG_TMP        11 /* r11: backend scratch */
/* Spill area in the prologue's frame: [rsp + 0, TCG_FRAME_SIZE).  */
#define TCG_FRAME_SIZE 4096

/* Registers the allocator may use, and those a call clobbers.  */
extern const uint32_t tcg_target_available_regs;
extern const uint32_t tcg_target_call_clobber_regs;
extern const int tcg_target_call_iarg_regs[TCG_MAX_CALL_ARGS];

/* A slow-path record for one guest memory access.  */
typedef struct TCGLdstLabel {
    bool is_ld;
    TCGType type;
    MemOpIdx oi;
    int addr_reg;
    int data_reg; /* output (ld) or input (st) */
    bool data_const;
    int64_t data_val;
    uint32_t jcc_offset; /* rel32 of the miss branch */
    uint32_t ret_offset; /* where the slow path returns */
} TCGLdstLabel;

/* Backend entry points.  */
void tcg_target_init(TCGContext *s);
void tcg_target_qemu_prologue(TCGContext *s);
bool tcg_target_const_match(TCGOpcode opc, int arg_idx, int64_t val);
void tcg_out_op(TCGContext *s, TCGOpcode opc, const TCGArg *args,
                const bool *const_args);
void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src);
void tcg_out_movi(TCGContext *s, TCGType type, int reg, int64_t val);
void tcg_out_ld(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs);
void tcg_out_st(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs);
/* Calls: push an argument source, then pop all into the ABI registers.  */
void tcg_out_push_reg(TCGContext *s, int reg);
void tcg_out_push_mem(TCGContext *s, int base, intptr_t ofs);
void tcg_out_push_imm(TCGContext *s, int64_t val);
void tcg_out_pop_reg(TCGContext *s, int reg);
void tcg_out_call(TCGContext *s, const void *func);
void tcg_out_label_ref(TCGContext *s, TCGLabel *l); /* rel32 use */
void tcg_out_set_label(TCGContext *s, TCGLabel *l);
void tcg_out_goto_tb(TCGContext *s, int idx);
void tcg_out_exit_tb(TCGContext *s, uintptr_t val);
void tcg_out_goto_ptr(TCGContext *s, int reg);
bool tcg_out_ldst_finalize(TCGContext *s);
void tcg_out_nop_align(TCGContext *s, int align);

extern const void *tcg_code_gen_epilogue;
extern const void *tcg_code_gen_prologue;

static inline bool tcg_code_room(TCGContext *s)
{
    return s->code_ptr <= s->code_highwater;
}

static inline void tcg_out8(TCGContext *s, uint8_t v)
{
    *s->code_ptr++ = v;
}

static inline void tcg_out32(TCGContext *s, uint32_t v)
{
    memcpy(s->code_ptr, &v, 4);
    s->code_ptr += 4;
}

static inline void tcg_out64(TCGContext *s, uint64_t v)
{
    memcpy(s->code_ptr, &v, 8);
    s->code_ptr += 8;
}

static inline uint32_t tcg_current_code_size(TCGContext *s)
{
    return s->code_ptr - s->code_buf;
}

static inline const TCGOpDef *tcg_op_def(const TCGOp *op)
{
    return &tcg_op_defs[op->opc];
}

/* Number of input args (calls have a variable count).  */
static inline int tcg_op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_oargs
                                    : tcg_op_defs[op->opc].nb_oargs;
}
static inline int tcg_op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_iargs
                                    : tcg_op_defs[op->opc].nb_iargs;
}

static inline bool temp_readonly(const TCGTemp *t)
{
    return t->kind >= TEMP_FIXED;
}

/* Fold helpers shared by the optimizer and the tests' reference.  */
bool tcg_eval_cond(TCGCond c, uint64_t a, uint64_t b, bool is64);
void tcg_op_to_mov(TCGOp *op, TCGTemp *src);
TCGOpcode tcg_mov_opc(TCGType type);

void tcg_liveness_demote(TCGContext *s);
void tcg_reg_alloc_code(TCGContext *s);

#endif
