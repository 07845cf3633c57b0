/*
 * The x86 translator's context and the services gen functions use (also
 * the ones in other files: x87/MMX/SSE).  A gen function gets the decoded
 * instruction; unless its entry has X86_F_NOLOAD, operand 0 (with
 * X86_F_RMW), 1 and 2 are already loaded into s->T0, s->T1, s->T2 and the
 * memory address (if any) is in s->A0.  It stores results itself with
 * gen_writeback().  Guest state lives in TCG globals (cpu_regs, cpu_eip
 * is not a global: eip is stored at TB exits and helper calls).
 */
#ifndef TARGET_I386_TCG_TRANSLATE_H
#define TARGET_I386_TCG_TRANSLATE_H

#include "target/i386/cpu.h"
#include "target/i386/tcg/decode.h"
#include "exec/exec-all.h"
#include "tcg/tcg-op.h"

typedef enum DisasJumpType {
    DISAS_NEXT,        /* keep translating */
    DISAS_TOO_MANY,    /* stop: goto_tb to the next insn */
    DISAS_NORETURN,    /* the insn raised an exception / left the TB */
    DISAS_EOB_NEXT,    /* stop: store eip of next insn, exit to the loop */
    DISAS_EOB_ONLY,    /* stop: eip already stored, exit to the loop */
    DISAS_JUMP,        /* eip stored: lookup_and_goto_ptr */
} DisasJumpType;

struct DisasContext {
    TranslationBlock *tb;
    CPUX86State *env;
    uint64_t pc_start;   /* linear address of the current insn */
    uint64_t pc;         /* linear address of the next byte to fetch */
    uint64_t cs_base;
    uint32_t flags;      /* hflags of the TB */
    int cpl, iopl;
    bool code64, code32, ss32, addseg, vm86, pe;
    int mem_index;
    int cc_op;           /* CCOp known at translation time */
    bool cc_op_dirty;
    DisasJumpType jmp;
    int num_insns;
    X86DecodedInsn *d;
    TCGv_i64 T0, T1, T2, A0, tmp0, tmp1;
    TCGv_i64 cc_srcT;    /* SUB/CMP: the first operand */
};

extern TCGv_i64 cpu_regs[CPU_NB_REGS];
extern TCGv_i64 cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
extern TCGv_i32 cpu_cc_op;
extern TCGv_i64 cpu_seg_base[6];

/* Linear address of the ModRM memory operand into s->A0. */
void gen_lea_modrm(DisasContext *s, X86DecodedInsn *d);
/* Store value v into operand i (register, memory at A0, segment). */
void gen_writeback(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 v);
/* Load operand i into v (zero-extended). */
void gen_load_op(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 v);
/* Set env->eip to the current insn (before a helper that may fault). */
void gen_update_eip_cur(DisasContext *s);
void gen_update_eip_next(DisasContext *s);
/* Make env->cc_op match s->cc_op (before helpers reading flags). */
void gen_update_cc_op(DisasContext *s);
/* Raise exception trapno at the current insn; ends the TB. */
void gen_exception(DisasContext *s, int trapno);
void gen_exception_err(DisasContext *s, int trapno, int error_code);
/* CR0.EM/TS check for x87/MMX/SSE: raises #NM/#UD; true if raised. */
bool gen_check_fpu(DisasContext *s, bool sse);
/* Integer forms of 0F AE (fences, clflush) for an overriding table. */
void gen_fence(DisasContext *s, X86DecodedInsn *d);

#endif
