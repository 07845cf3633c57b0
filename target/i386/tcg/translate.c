/*
 * x86 translator: TCGCPUOps for x86 and the gen functions of the integer
 * instruction set.  Decoding is table driven (decode.c); this file loads
 * operands, emits IR and keeps the condition codes lazy (cc_op/cc_dst/
 * cc_src/cc_src2 as QEMU).  See docs/x86-tcg.md.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/i386/tcg/translate.h"
#include "target/i386/tcg/helper.h"
#include "target/i386/tcg/fpu-helper.h"
#include "hw/core/tcg-cpu-ops.h"
#include "exec/translator.h"

TCGv_i64 cpu_regs[CPU_NB_REGS];
TCGv_i64 cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
TCGv_i32 cpu_cc_op;
TCGv_i64 cpu_seg_base[6];

#define ENV_OFS(f) offsetof(CPUX86State, f)

static inline CPUX86State *cpu_env_of(CPUState *cs)
{
    return cs->env_ptr;
}

static void x86_tcg_initialize(void)
{
    static const char *const names[CPU_NB_REGS] = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };
    static const char *const seg_names[6] = {
        "es_base", "cs_base", "ss_base", "ds_base", "fs_base", "gs_base",
    };
    for (int i = 0; i < CPU_NB_REGS; i++) {
        cpu_regs[i] = tcg_global_mem_new_i64(tcg_env, ENV_OFS(regs[i]),
                                             names[i]);
    }
    for (int i = 0; i < 6; i++) {
        cpu_seg_base[i] = tcg_global_mem_new_i64(
            tcg_env, ENV_OFS(segs[i].base), seg_names[i]);
    }
    cpu_cc_dst = tcg_global_mem_new_i64(tcg_env, ENV_OFS(cc_dst), "cc_dst");
    cpu_cc_src = tcg_global_mem_new_i64(tcg_env, ENV_OFS(cc_src), "cc_src");
    cpu_cc_src2 = tcg_global_mem_new_i64(tcg_env, ENV_OFS(cc_src2),
                                         "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(tcg_env, ENV_OFS(cc_op), "cc_op");
    x86_decode_init();
}

/* ---- small utilities -------------------------------------------------- */

static uint64_t next_eip(DisasContext *s)
{
    return s->pc - s->cs_base;
}

static uint64_t cur_eip(DisasContext *s)
{
    return s->pc_start - s->cs_base;
}

static uint64_t mask_eip(DisasContext *s, uint64_t eip, int ot)
{
    if (s->code64 && ot == MO_64) {
        return eip;
    }
    return ot == MO_16 ? (eip & 0xffff) : (uint32_t)eip;
}

static void gen_set_eip(uint64_t eip)
{
    tcg_gen_st_i64(tcg_constant_i64(eip), tcg_env, ENV_OFS(eip));
}

void gen_update_eip_cur(DisasContext *s)
{
    gen_set_eip(cur_eip(s));
}

void gen_update_eip_next(DisasContext *s)
{
    gen_set_eip(next_eip(s));
}

static void set_cc_op(DisasContext *s, int op)
{
    if (s->cc_op != op) {
        s->cc_op = op;
        s->cc_op_dirty = op != CC_OP_DYNAMIC;
    }
}

/* Which lazy-flag values each CC_OP reads. */
enum { USES_DST = 1, USES_SRC = 2, USES_SRC2 = 4, USES_SRCT = 8 };

static int cc_op_live(int op)
{
    if (op >= CC_OP_MULB && op <= CC_OP_BMILGQ) {
        switch ((op - CC_OP_MULB) >> 2) {
        case 2: /* ADC */
        case 4: /* SBB */
            return USES_DST | USES_SRC | USES_SRC2;
        case 3: /* SUB */
            return USES_DST | USES_SRC | USES_SRCT;
        case 5: /* LOGIC */
            return USES_DST;
        default:
            return USES_DST | USES_SRC;
        }
    }
    switch (op) {
    case CC_OP_EFLAGS:
    case CC_OP_POPCNT:
        return USES_SRC;
    case CC_OP_CLR:
        return 0;
    default: /* DYNAMIC, ADCX/ADOX/ADCOX */
        return USES_DST | USES_SRC | USES_SRC2 | USES_SRCT;
    }
}

/*
 * Between two instructions: the flag inputs the previous CC_OP needed and
 * the current one does not are dead, so liveness can delete the code that
 * computed them (e.g. the EFLAGS computation of a rotate followed by an
 * ALU op).  Done at the instruction boundary, not inside set_cc_op: a
 * fault inside the instruction restores the old CC_OP, whose inputs must
 * still be in env.
 */
static void gen_discard_dead_cc(DisasContext *s, int old_op)
{
    int dead = cc_op_live(old_op) & ~cc_op_live(s->cc_op);

    if (dead & USES_DST) {
        tcg_gen_discard_i64(cpu_cc_dst);
    }
    if (dead & USES_SRC) {
        tcg_gen_discard_i64(cpu_cc_src);
    }
    if (dead & USES_SRC2) {
        tcg_gen_discard_i64(cpu_cc_src2);
    }
    if (dead & USES_SRCT) {
        tcg_gen_discard_i64(s->cc_srcT);
    }
}

void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty) {
        tcg_gen_movi_i32(cpu_cc_op, s->cc_op);
        s->cc_op_dirty = false;
    }
}

/* Before a helper that computes flags into env and sets env->cc_op. */
static void cc_op_from_helper(DisasContext *s)
{
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
}

static void gen_sync(DisasContext *s)
{
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
}

void gen_exception(DisasContext *s, int trapno)
{
    gen_sync(s);
    tcg_gen_call2(helper_raise_exception, 0, NULL, tcg_env,
                  tcg_constant_i32(trapno));
    s->jmp = DISAS_NORETURN;
}

void gen_exception_err(DisasContext *s, int trapno, int error_code)
{
    gen_sync(s);
    tcg_gen_call3(helper_raise_exception_err, 0, NULL, tcg_env,
                  tcg_constant_i32(trapno), tcg_constant_i32(error_code));
    s->jmp = DISAS_NORETURN;
}

static void gen_illegal(DisasContext *s)
{
    gen_exception(s, EXCP06_ILLOP);
}

bool gen_check_fpu(DisasContext *s, bool sse)
{
    if (s->flags & HF_EM_MASK) {
        gen_exception(s, sse ? EXCP06_ILLOP : EXCP07_PREX);
        return true;
    }
    if (s->flags & HF_TS_MASK) {
        gen_exception(s, EXCP07_PREX);
        return true;
    }
    return false;
}

/* Call a helper that may fault or read/modify full CPU state. */
#define gen_helper_sync(s) gen_sync(s)

static void gen_op_mov_reg(DisasContext *s, int ot, int reg, bool high8,
                           TCGv_i64 v)
{
    switch (ot) {
    case MO_8:
        if (high8) {
            tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], v, 8, 8);
        } else {
            tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], v, 0, 8);
        }
        break;
    case MO_16:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], v, 0, 16);
        break;
    case MO_32:
        tcg_gen_ext32u_i64(cpu_regs[reg], v);
        break;
    default:
        tcg_gen_mov_i64(cpu_regs[reg], v);
        break;
    }
}

static void gen_op_mov_v_reg(int ot, TCGv_i64 v, int reg, bool high8)
{
    if (high8) {
        tcg_gen_extract_i64(v, cpu_regs[reg], 8, 8);
    } else {
        tcg_gen_ext_i64(v, cpu_regs[reg], ot);
    }
}

static void gen_ext(TCGv_i64 v, int ot, bool sign)
{
    if (ot < MO_64) {
        tcg_gen_ext_i64(v, v, ot | (sign ? MO_SIGN : 0));
    }
}

/* Add the segment base and truncate to the address width. */
static void gen_add_seg(DisasContext *s, TCGv_i64 a, int seg)
{
    if (s->code64) {
        if (seg == R_FS || seg == R_GS) {
            tcg_gen_add_i64(a, a, cpu_seg_base[seg]);
        }
        return;
    }
    tcg_gen_add_i64(a, a, cpu_seg_base[seg]);
    tcg_gen_ext32u_i64(a, a);
}

static void gen_trunc_addr(TCGv_i64 a, int aflag)
{
    if (aflag == MO_16) {
        tcg_gen_ext16u_i64(a, a);
    } else if (aflag == MO_32) {
        tcg_gen_ext32u_i64(a, a);
    }
}

void gen_lea_modrm(DisasContext *s, X86DecodedInsn *d)
{
    const X86DecodedAddr *ea = &d->ea;
    TCGv_i64 a = s->A0;

    if (ea->base == -2) {
        tcg_gen_movi_i64(a, next_eip(s) + ea->disp);
        if (d->aflag == MO_32) {
            tcg_gen_ext32u_i64(a, a);
        }
    } else {
        tcg_gen_movi_i64(a, ea->disp);
        if (ea->base >= 0) {
            tcg_gen_add_i64(a, a, cpu_regs[ea->base]);
        }
        if (ea->index >= 0) {
            tcg_gen_shli_i64(s->tmp0, cpu_regs[ea->index], ea->scale);
            tcg_gen_add_i64(a, a, s->tmp0);
        }
        gen_trunc_addr(a, d->aflag);
    }
    gen_add_seg(s, a, ea->seg);
}

/* A0 = effective address without segment (lea). */
static void gen_lea_noseg(DisasContext *s, X86DecodedInsn *d, TCGv_i64 a)
{
    const X86DecodedAddr *ea = &d->ea;

    if (ea->base == -2) {
        tcg_gen_movi_i64(a, next_eip(s) + ea->disp);
        return;
    }
    tcg_gen_movi_i64(a, ea->disp);
    if (ea->base >= 0) {
        tcg_gen_add_i64(a, a, cpu_regs[ea->base]);
    }
    if (ea->index >= 0) {
        tcg_gen_shli_i64(s->tmp0, cpu_regs[ea->index], ea->scale);
        tcg_gen_add_i64(a, a, s->tmp0);
    }
    gen_trunc_addr(a, d->aflag);
}

static void gen_ld(DisasContext *s, TCGv_i64 v, TCGv_i64 a, MemOp mop)
{
    tcg_gen_qemu_ld_i64(v, a, s->mem_index, mop);
}

static void gen_st(DisasContext *s, TCGv_i64 v, TCGv_i64 a, MemOp mop)
{
    tcg_gen_qemu_st_i64(v, a, s->mem_index, mop);
}

void gen_load_op(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 v)
{
    X86DecodedOp *op = &d->op[i];

    switch (op->kind) {
    case X86_OP_INT:
        gen_op_mov_v_reg(op->ot, v, op->n, op->high8);
        break;
    case X86_OP_MEM:
        gen_ld(s, v, s->A0, op->ot);
        break;
    case X86_OP_IMM:
        tcg_gen_movi_i64(v, op->imm);
        break;
    case X86_OP_SEG:
        tcg_gen_ld32u_i64(v, tcg_env, ENV_OFS(segs[op->n].selector));
        break;
    default:
        tcg_gen_movi_i64(v, 0);
        break;
    }
}

static void gen_movl_seg(DisasContext *s, int seg, TCGv_i64 v)
{
    TCGv_i32 t = tcg_temp_new_i32();

    tcg_gen_extrl_i64_i32(t, v);
    gen_sync(s);
    tcg_gen_call3(helper_load_seg, 0, NULL, tcg_env, tcg_constant_i32(seg),
                  t);
    if (seg == R_SS) {
        tcg_gen_call1(helper_set_inhibit_irq, 0, NULL, tcg_env);
    }
    /* hflags (CS32/SS32/ADDSEG) may change: end the TB. */
    if (s->jmp == DISAS_NEXT) {
        s->jmp = DISAS_EOB_NEXT;
    }
}

void gen_writeback(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 v)
{
    X86DecodedOp *op = &d->op[i];

    switch (op->kind) {
    case X86_OP_INT:
        gen_op_mov_reg(s, op->ot, op->n, op->high8, v);
        break;
    case X86_OP_MEM:
        gen_st(s, v, s->A0, op->ot);
        break;
    case X86_OP_SEG:
        gen_movl_seg(s, op->n, v);
        break;
    default:
        break;
    }
}

static void gen_wb(DisasContext *s, X86DecodedInsn *d)
{
    gen_writeback(s, d, 0, s->T0);
}

/* ---- lazy flags --------------------------------------------------------- */

static void gen_compute_eflags(DisasContext *s)
{
    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call4(helper_cc_compute_all, TCG_CALL_NO_RWG_SE, cpu_cc_src,
                  cpu_cc_dst, cpu_cc_src, cpu_cc_src2, cpu_cc_op);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* Set flags of an arithmetic result the lazy way. */
static void gen_cc_arith(DisasContext *s, int base, int ot, TCGv_i64 res,
                         TCGv_i64 src)
{
    tcg_gen_mov_i64(cpu_cc_dst, res);
    if (src) {
        tcg_gen_mov_i64(cpu_cc_src, src);
    }
    set_cc_op(s, base + ot);
}

/* reg = condition jcc code b (0..15) as 0/1 */
static void gen_setcc1(DisasContext *s, int b, TCGv_i64 reg)
{
    int cond = b >> 1, inv = b & 1, size;
    TCGv_i64 t = s->tmp1;

    if (s->cc_op >= CC_OP_SUBB && s->cc_op <= CC_OP_SUBQ &&
        (cond == 1 || cond == 2 || cond == 3 || cond == 6 || cond == 7)) {
        /* After cmp/sub: compare the original operands. */
        TCGv_i64 a = tcg_temp_new_i64(), c = tcg_temp_new_i64();
        TCGCond tc;
        size = s->cc_op - CC_OP_SUBB;
        bool sign = cond >= 6;
        tcg_gen_mov_i64(a, s->cc_srcT);
        tcg_gen_mov_i64(c, cpu_cc_src);
        gen_ext(a, size, sign);
        gen_ext(c, size, sign);
        tc = cond == 1 ? TCG_COND_LTU : cond == 2 ? TCG_COND_EQ
             : cond == 3 ? TCG_COND_LEU : cond == 6 ? TCG_COND_LT
                         : TCG_COND_LE;
        tcg_gen_setcond_i64(inv ? tcg_invert_cond(tc) : tc, reg, a, c);
        return;
    }
    if (s->cc_op >= CC_OP_LOGICB && s->cc_op <= CC_OP_LOGICQ &&
        (cond == 2 || cond == 4)) {
        size = s->cc_op - CC_OP_LOGICB;
        tcg_gen_mov_i64(t, cpu_cc_dst);
        gen_ext(t, size, true);
        tcg_gen_setcondi_i64(cond == 2 ? (inv ? TCG_COND_NE : TCG_COND_EQ)
                                       : (inv ? TCG_COND_GE : TCG_COND_LT),
                             reg, t, 0);
        return;
    }
    gen_compute_eflags(s);
    switch (cond) {
    case 0: /* O */
        tcg_gen_extract_i64(reg, cpu_cc_src, 11, 1);
        break;
    case 1: /* B */
        tcg_gen_andi_i64(reg, cpu_cc_src, 1);
        break;
    case 2: /* Z */
        tcg_gen_extract_i64(reg, cpu_cc_src, 6, 1);
        break;
    case 3: /* BE */
        tcg_gen_andi_i64(reg, cpu_cc_src, CC_Z | CC_C);
        tcg_gen_setcondi_i64(TCG_COND_NE, reg, reg, 0);
        break;
    case 4: /* S */
        tcg_gen_extract_i64(reg, cpu_cc_src, 7, 1);
        break;
    case 5: /* P */
        tcg_gen_extract_i64(reg, cpu_cc_src, 2, 1);
        break;
    case 6: /* L: S != O */
        tcg_gen_shri_i64(t, cpu_cc_src, 4); /* O (bit 11) -> bit 7 */
        tcg_gen_xor_i64(t, t, cpu_cc_src);
        tcg_gen_extract_i64(reg, t, 7, 1);
        break;
    default: /* LE: Z or S != O */
        tcg_gen_shri_i64(t, cpu_cc_src, 4);
        tcg_gen_xor_i64(t, t, cpu_cc_src);
        tcg_gen_andi_i64(t, t, CC_S);
        tcg_gen_andi_i64(reg, cpu_cc_src, CC_Z);
        tcg_gen_or_i64(reg, reg, t);
        tcg_gen_setcondi_i64(TCG_COND_NE, reg, reg, 0);
        break;
    }
    if (inv) {
        tcg_gen_xori_i64(reg, reg, 1);
    }
}

/* CF into reg (0/1) */
static void gen_get_c(DisasContext *s, TCGv_i64 reg)
{
    gen_setcc1(s, 2 /* B */, reg);
}

/* ---- control flow --------------------------------------------------- */

static void gen_jmp_tb(DisasContext *s, uint64_t eip, int n)
{
    uint64_t dest = s->cs_base + eip;

    gen_update_cc_op(s);
    if (translator_use_goto_tb(s->tb, dest) &&
        !(s->flags & (HF_TF_MASK | HF_INHIBIT_IRQ_MASK))) {
        tcg_gen_goto_tb(n);
        gen_set_eip(eip);
        tcg_gen_exit_tb(s->tb, n);
    } else {
        gen_set_eip(eip);
        if (s->flags & (HF_TF_MASK | HF_INHIBIT_IRQ_MASK)) {
            s->jmp = DISAS_EOB_ONLY;
            return;
        }
        tcg_gen_lookup_and_goto_ptr();
    }
    s->jmp = DISAS_NORETURN;
}

static void gen_jmp_rel_to(DisasContext *s, uint64_t eip)
{
    gen_jmp_tb(s, mask_eip(s, eip, s->d->ot), 0);
}

/* eip from a temp: ends the TB with an indirect jump. */
static void gen_jmp_reg(DisasContext *s, TCGv_i64 v)
{
    tcg_gen_st_i64(v, tcg_env, ENV_OFS(eip));
    gen_update_cc_op(s);
    s->jmp = DISAS_JUMP;
}

static int stack_ot(DisasContext *s)
{
    return s->code64 ? MO_64 : s->ss32 ? MO_32 : MO_16;
}

/* push v (size ot) */
static void gen_push_v(DisasContext *s, TCGv_i64 v, int ot)
{
    int sot = stack_ot(s);
    TCGv_i64 sp = tcg_temp_new_i64();

    tcg_gen_subi_i64(sp, cpu_regs[R_ESP], 1 << ot);
    tcg_gen_mov_i64(s->A0, sp);
    gen_trunc_addr(s->A0, sot);
    gen_add_seg(s, s->A0, R_SS);
    gen_st(s, v, s->A0, ot);
    gen_op_mov_reg(s, sot, R_ESP, false, sp);
}

/* value at top of stack into v; does not move rSP */
static void gen_pop_peek(DisasContext *s, TCGv_i64 v, int ot, int ofs)
{
    tcg_gen_addi_i64(s->A0, cpu_regs[R_ESP], ofs);
    gen_trunc_addr(s->A0, stack_ot(s));
    gen_add_seg(s, s->A0, R_SS);
    gen_ld(s, v, s->A0, ot);
}

static void gen_pop_update(DisasContext *s, int bytes)
{
    TCGv_i64 sp = tcg_temp_new_i64();
    tcg_gen_addi_i64(sp, cpu_regs[R_ESP], bytes);
    gen_op_mov_reg(s, stack_ot(s), R_ESP, false, sp);
}

/* ---- gen functions ---------------------------------------------------- */

#define GEN(name) static void gen_##name(DisasContext *s, X86DecodedInsn *d)

GEN(nop)
{
}

GEN(pause)
{
}

GEN(ud)
{
    gen_illegal(s);
}

void gen_fence(DisasContext *s, X86DecodedInsn *d)
{
    tcg_gen_mb(TCG_MO_ALL | TCG_BAR_SC);
}

GEN(alu)
{
    int ot = d->op[0].ot;
    int k = d->e->arg;
    TCGv_i64 c;

    switch (k) {
    case 0: /* ADD */
        tcg_gen_mov_i64(s->tmp1, s->T0);
        tcg_gen_add_i64(s->T0, s->T0, s->T1);
        gen_wb(s, d);
        gen_cc_arith(s, CC_OP_ADDB, ot, s->T0, s->T1);
        break;
    case 2: /* ADC */
    case 3: /* SBB */
        c = tcg_temp_new_i64();
        gen_get_c(s, c);
        if (k == 2) {
            tcg_gen_add_i64(s->T0, s->T0, s->T1);
            tcg_gen_add_i64(s->T0, s->T0, c);
        } else {
            tcg_gen_sub_i64(s->T0, s->T0, s->T1);
            tcg_gen_sub_i64(s->T0, s->T0, c);
        }
        gen_wb(s, d);
        tcg_gen_mov_i64(cpu_cc_src2, c);
        gen_cc_arith(s, k == 2 ? CC_OP_ADCB : CC_OP_SBBB, ot, s->T0, s->T1);
        break;
    case 5: /* SUB */
    case 7: /* CMP */
        tcg_gen_mov_i64(s->cc_srcT, s->T0);
        tcg_gen_sub_i64(s->T0, s->T0, s->T1);
        if (k == 5) {
            gen_wb(s, d);
        }
        gen_cc_arith(s, CC_OP_SUBB, ot, s->T0, s->T1);
        break;
    default: /* OR AND XOR */
        if (k == 1) {
            tcg_gen_or_i64(s->T0, s->T0, s->T1);
        } else if (k == 4) {
            tcg_gen_and_i64(s->T0, s->T0, s->T1);
        } else {
            tcg_gen_xor_i64(s->T0, s->T0, s->T1);
        }
        gen_wb(s, d);
        gen_cc_arith(s, CC_OP_LOGICB, ot, s->T0, NULL);
        break;
    }
}

GEN(test)
{
    tcg_gen_and_i64(s->T0, s->T0, s->T1);
    gen_cc_arith(s, CC_OP_LOGICB, d->op[0].ot, s->T0, NULL);
}

GEN(incdec)
{
    int ot = d->op[0].ot;
    TCGv_i64 c = tcg_temp_new_i64();

    gen_get_c(s, c);
    tcg_gen_addi_i64(s->T0, s->T0, (int32_t)d->e->arg);
    gen_wb(s, d);
    gen_cc_arith(s, (int32_t)d->e->arg > 0 ? CC_OP_INCB : CC_OP_DECB, ot,
                 s->T0, c);
}

GEN(not)
{
    tcg_gen_not_i64(s->T0, s->T0);
    gen_wb(s, d);
}

GEN(neg)
{
    tcg_gen_mov_i64(s->T1, s->T0);
    tcg_gen_movi_i64(s->cc_srcT, 0);
    tcg_gen_neg_i64(s->T0, s->T0);
    gen_wb(s, d);
    gen_cc_arith(s, CC_OP_SUBB, d->op[0].ot, s->T0, s->T1);
}

GEN(mov)
{
    if (d->op[0].kind == X86_OP_SEG && d->op[0].n == R_CS) {
        gen_illegal(s);
        return;
    }
    gen_writeback(s, d, 0, s->T1);
}

GEN(mov_from_seg)
{
    /* to memory: always 16 bits; to a register: zero-extended */
    if (d->op[0].kind == X86_OP_MEM) {
        d->op[0].ot = MO_16;
    }
    gen_writeback(s, d, 0, s->T1);
}

GEN(movzx)
{
    gen_writeback(s, d, 0, s->T1);
}

GEN(movsx)
{
    gen_ext(s->T1, d->op[1].ot, true);
    gen_writeback(s, d, 0, s->T1);
}

GEN(movsxd)
{
    gen_ext(s->T1, MO_32, true);
    gen_writeback(s, d, 0, s->T1);
}

GEN(lea)
{
    gen_lea_noseg(s, d, s->T0);
    gen_wb(s, d);
}

GEN(cmov)
{
    TCGv_i64 c = tcg_temp_new_i64();
    int ot = d->op[0].ot;

    gen_setcc1(s, d->e->arg, c);
    tcg_gen_movcond_i64(TCG_COND_NE, s->T0, c, tcg_constant_i64(0), s->T1,
                        s->T0);
    /* 32-bit cmov zero-extends even when false */
    gen_op_mov_reg(s, ot, d->op[0].n, false, s->T0);
}

GEN(setcc)
{
    gen_setcc1(s, d->e->arg, s->T0);
    gen_wb(s, d);
}

GEN(jcc)
{
    TCGLabel *l = gen_new_label();
    TCGv_i64 c = tcg_temp_new_i64();
    uint64_t dest = mask_eip(s, next_eip(s) + d->imm, d->ot);

    gen_setcc1(s, d->e->arg, c);
    gen_update_cc_op(s);
    tcg_gen_brcondi_i64(TCG_COND_NE, c, 0, l);
    gen_jmp_tb(s, next_eip(s), 1);
    gen_set_label(l);
    gen_jmp_tb(s, dest, 0);
    s->jmp = DISAS_NORETURN;
}

GEN(jmp_rel)
{
    gen_jmp_rel_to(s, next_eip(s) + d->imm);
}

GEN(call_rel)
{
    int ot = d->ot;
    tcg_gen_movi_i64(s->T1, next_eip(s));
    gen_push_v(s, s->T1, ot);
    gen_jmp_rel_to(s, next_eip(s) + d->imm);
}

GEN(call_ind)
{
    int ot = d->ot;
    gen_ext(s->T0, ot, false);
    tcg_gen_movi_i64(s->T1, next_eip(s));
    gen_push_v(s, s->T1, ot);
    gen_jmp_reg(s, s->T0);
}

GEN(jmp_ind)
{
    gen_ext(s->T0, d->ot, false);
    gen_jmp_reg(s, s->T0);
}

GEN(ret)
{
    int ot = d->ot;
    gen_pop_peek(s, s->T0, ot, 0);
    gen_pop_update(s, (1 << ot) + (d->e->op[0] ? (uint16_t)d->imm : 0));
    gen_jmp_reg(s, s->T0);
}

static void gen_far_jmp_call(DisasContext *s, bool call, TCGv_i64 sel,
                             TCGv_i64 off)
{
    TCGv_i32 sel32 = tcg_temp_new_i32();

    tcg_gen_extrl_i64_i32(sel32, sel);
    gen_sync(s);
    if (call) {
        tcg_gen_call5(helper_lcall, 0, NULL, tcg_env, sel32, off,
                      tcg_constant_i32(s->d->ot),
                      tcg_constant_i32(s->pc - s->pc_start));
    } else {
        tcg_gen_call4(helper_ljmp, 0, NULL, tcg_env, sel32, off,
                      tcg_constant_i32(s->pc - s->pc_start));
    }
    s->jmp = DISAS_EOB_ONLY;
}

GEN(far_direct)
{
    tcg_gen_movi_i64(s->T0, (uint16_t)d->imm2);
    tcg_gen_movi_i64(s->T1, (uint64_t)d->imm);
    gen_far_jmp_call(s, d->e->arg, s->T0, s->T1);
}

GEN(far_ind)
{
    int ot = d->ot;
    gen_lea_modrm(s, d);
    gen_ld(s, s->T1, s->A0, ot);
    tcg_gen_addi_i64(s->A0, s->A0, 1 << ot);
    if (!s->code64) {
        tcg_gen_ext32u_i64(s->A0, s->A0);
    }
    gen_ld(s, s->T0, s->A0, MO_16);
    gen_far_jmp_call(s, d->e->arg, s->T0, s->T1);
}

GEN(ret_far)
{
    gen_sync(s);
    tcg_gen_call3(helper_lret, 0, NULL, tcg_env, tcg_constant_i32(d->ot),
                  tcg_constant_i32(d->e->op[0] ? (uint16_t)d->imm : 0));
    s->jmp = DISAS_EOB_ONLY;
}

GEN(iret)
{
    gen_sync(s);
    tcg_gen_call3(helper_iret, 0, NULL, tcg_env, tcg_constant_i32(d->ot),
                  tcg_constant_i32(next_eip(s)));
    cc_op_from_helper(s);
    s->jmp = DISAS_EOB_ONLY;
}

GEN(loop)
{
    int k = d->e->arg;
    uint64_t dest = mask_eip(s, next_eip(s) + d->imm, d->ot);
    TCGLabel *taken = gen_new_label();
    TCGv_i64 cx = tcg_temp_new_i64(), c = tcg_temp_new_i64();

    if (k != 3) {
        tcg_gen_subi_i64(cx, cpu_regs[R_ECX], 1);
        gen_op_mov_reg(s, d->aflag, R_ECX, false, cx);
    }
    tcg_gen_mov_i64(cx, cpu_regs[R_ECX]);
    gen_ext(cx, d->aflag, false);
    if (k < 2) {
        gen_setcc1(s, 4 + (k == 0), c); /* loopne: !Z, loope: Z */
    }
    gen_update_cc_op(s);
    if (k == 3) {
        tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, taken);
    } else {
        TCGLabel *not_taken = gen_new_label();
        tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, not_taken);
        if (k < 2) {
            tcg_gen_brcondi_i64(TCG_COND_NE, c, 0, taken);
        } else {
            tcg_gen_br(taken);
        }
        gen_set_label(not_taken);
    }
    gen_jmp_tb(s, next_eip(s), 1);
    gen_set_label(taken);
    gen_jmp_tb(s, dest, 0);
    s->jmp = DISAS_NORETURN;
}

GEN(push)
{
    int ot = d->ot;
    if (d->op[0].kind == X86_OP_SEG) {
        /* Segment pushes write 16 bits into a full-size slot. */
        TCGv_i64 sp = tcg_temp_new_i64();
        tcg_gen_subi_i64(sp, cpu_regs[R_ESP], 1 << ot);
        tcg_gen_mov_i64(s->A0, sp);
        gen_trunc_addr(s->A0, stack_ot(s));
        gen_add_seg(s, s->A0, R_SS);
        gen_st(s, s->T0, s->A0, MO_16);
        gen_op_mov_reg(s, stack_ot(s), R_ESP, false, sp);
        return;
    }
    gen_push_v(s, s->T0, ot);
}

GEN(pop)
{
    int ot = d->ot;
    gen_pop_peek(s, s->T0, d->op[0].kind == X86_OP_SEG ? MO_16 : ot, 0);
    if (d->op[0].kind == X86_OP_MEM) {
        /* The address uses rSP after the pop. */
        gen_pop_update(s, 1 << ot);
        gen_lea_modrm(s, d);
        gen_wb(s, d);
        return;
    }
    if (d->op[0].kind == X86_OP_SEG) {
        gen_movl_seg(s, d->op[0].n, s->T0);
        if (s->jmp == DISAS_NORETURN) {
            return;
        }
        gen_pop_update(s, 1 << ot);
        return;
    }
    gen_pop_update(s, 1 << ot);
    gen_wb(s, d);
}

GEN(pusha)
{
    int ot = d->ot;
    TCGv_i64 sp = tcg_temp_new_i64();

    tcg_gen_mov_i64(sp, cpu_regs[R_ESP]);
    for (int i = 0; i < 8; i++) {
        tcg_gen_addi_i64(s->A0, sp, -(i + 1) * (1 << ot));
        gen_trunc_addr(s->A0, stack_ot(s));
        gen_add_seg(s, s->A0, R_SS);
        gen_st(s, i == R_ESP ? sp : cpu_regs[i], s->A0, ot);
    }
    tcg_gen_addi_i64(sp, sp, -8 * (1 << ot));
    gen_op_mov_reg(s, stack_ot(s), R_ESP, false, sp);
}

GEN(popa)
{
    int ot = d->ot;
    for (int i = 7; i >= 0; i--) {
        if (i == R_ESP) {
            continue;
        }
        gen_pop_peek(s, s->T0, ot, (7 - i) * (1 << ot));
        gen_op_mov_reg(s, ot, i, false, s->T0);
    }
    gen_pop_update(s, 8 << ot);
}

GEN(pushf)
{
    if ((s->flags & HF_VM_MASK) && s->iopl != 3) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call1(helper_read_eflags, 0, s->T0, tcg_env);
    /* VM and RF are not pushed */
    tcg_gen_andi_i64(s->T0, s->T0, ~(uint64_t)(VM_MASK | RF_MASK));
    gen_push_v(s, s->T0, d->ot);
}

GEN(popf)
{
    uint32_t mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK;

    if ((s->flags & HF_VM_MASK) && s->iopl != 3) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    if (s->cpl == 0) {
        mask |= IF_MASK | IOPL_MASK;
    } else if (s->cpl <= s->iopl) {
        mask |= IF_MASK;
    }
    if (d->ot == MO_16) {
        mask &= 0xffff;
    }
    gen_pop_peek(s, s->T0, d->ot, 0);
    gen_update_cc_op(s);
    tcg_gen_call3(helper_write_eflags, 0, NULL, tcg_env, s->T0,
                  tcg_constant_i32(mask));
    set_cc_op(s, CC_OP_EFLAGS);
    s->cc_op_dirty = false;
    gen_pop_update(s, 1 << d->ot);
    s->jmp = DISAS_EOB_NEXT;
}

GEN(sahf)
{
    if (s->code64 && !(s->env->features[FEAT_8000_0001_ECX] &
                       CPUID_EXT3_LAHF_LM)) {
        gen_illegal(s);
        return;
    }
    gen_compute_eflags(s);
    tcg_gen_extract_i64(s->T0, cpu_regs[R_EAX], 8, 8);
    tcg_gen_andi_i64(s->T0, s->T0, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, CC_O);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->T0);
}

GEN(lahf)
{
    if (s->code64 && !(s->env->features[FEAT_8000_0001_ECX] &
                       CPUID_EXT3_LAHF_LM)) {
        gen_illegal(s);
        return;
    }
    gen_compute_eflags(s);
    tcg_gen_ori_i64(s->T0, cpu_cc_src, 0x02);
    tcg_gen_deposit_i64(cpu_regs[R_EAX], cpu_regs[R_EAX], s->T0, 8, 8);
}

GEN(flagop)
{
    switch (d->e->arg) {
    case 0: /* cmc */
        gen_compute_eflags(s);
        tcg_gen_xori_i64(cpu_cc_src, cpu_cc_src, CC_C);
        break;
    case 1: /* clc */
        gen_compute_eflags(s);
        tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
        break;
    case 2: /* stc */
        gen_compute_eflags(s);
        tcg_gen_ori_i64(cpu_cc_src, cpu_cc_src, CC_C);
        break;
    case 3: /* cld */
        tcg_gen_st_i32(tcg_constant_i32(1), tcg_env, ENV_OFS(df));
        break;
    default: /* std */
        tcg_gen_st_i32(tcg_constant_i32(-1), tcg_env, ENV_OFS(df));
        break;
    }
}

GEN(cli)
{
    gen_sync(s);
    tcg_gen_call1(helper_cli, 0, NULL, tcg_env);
}

GEN(sti)
{
    gen_sync(s);
    tcg_gen_call1(helper_sti, 0, NULL, tcg_env);
    /* one-instruction interrupt shadow: the next TB has INHIBIT set */
    s->jmp = DISAS_EOB_NEXT;
}

GEN(cbw)
{
    int ot = d->ot;
    tcg_gen_mov_i64(s->T0, cpu_regs[R_EAX]);
    gen_ext(s->T0, ot - 1, true);
    gen_op_mov_reg(s, ot, R_EAX, false, s->T0);
}

GEN(cwd)
{
    int ot = d->ot;
    tcg_gen_mov_i64(s->T0, cpu_regs[R_EAX]);
    gen_ext(s->T0, ot, true);
    tcg_gen_sari_i64(s->T0, s->T0, 63);
    gen_op_mov_reg(s, ot, R_EDX, false, s->T0);
}

GEN(xchg)
{
    gen_writeback(s, d, 1, s->T0);
    gen_writeback(s, d, 0, s->T1);
}

GEN(xadd)
{
    int ot = d->op[0].ot;
    tcg_gen_add_i64(s->T2, s->T0, s->T1);
    gen_writeback(s, d, 0, s->T2);
    gen_writeback(s, d, 1, s->T0);
    gen_cc_arith(s, CC_OP_ADDB, ot, s->T2, s->T1);
}

GEN(cmpxchg)
{
    int ot = d->op[0].ot;
    TCGv_i64 acc = tcg_temp_new_i64(), newv = tcg_temp_new_i64();

    gen_op_mov_v_reg(ot, acc, R_EAX, false);
    /* dest = (acc == T0) ? T1 : T0 */
    tcg_gen_movcond_i64(TCG_COND_EQ, newv, acc, s->T0, s->T1, s->T0);
    if (d->op[0].kind == X86_OP_MEM) {
        /* memory is always written (x86 semantics); eax = old value */
        gen_st(s, newv, s->A0, ot);
        gen_op_mov_reg(s, ot, R_EAX, false, s->T0);
    } else {
        /* register: eax written only on failure (zero-extends 32-bit) */
        TCGLabel *eq = gen_new_label(), *done = gen_new_label();
        tcg_gen_brcond_i64(TCG_COND_EQ, acc, s->T0, eq);
        gen_op_mov_reg(s, ot, R_EAX, false, s->T0);
        tcg_gen_br(done);
        gen_set_label(eq);
        gen_writeback(s, d, 0, newv);
        gen_set_label(done);
    }
    tcg_gen_mov_i64(s->cc_srcT, acc);
    tcg_gen_sub_i64(s->T2, acc, s->T0);
    gen_cc_arith(s, CC_OP_SUBB, ot, s->T2, s->T0);
}

GEN(cmpxchg8b)
{
    bool is16 = d->rex_w;
    if (is16 && !(s->env->features[FEAT_1_ECX] & (1U << 13))) {
        gen_illegal(s);
        return;
    }
    gen_lea_modrm(s, d);
    gen_sync(s);
    tcg_gen_call3(helper_cmpxchg8b, 0, NULL, tcg_env, s->A0,
                  tcg_constant_i32(is16));
    cc_op_from_helper(s);
}

GEN(bswap)
{
    if (d->op[0].ot == MO_64) {
        tcg_gen_bswap64_i64(s->T0, s->T0);
    } else {
        tcg_gen_bswap32_i64(s->T0, s->T0);
    }
    gen_wb(s, d);
}

GEN(bt)
{
    int ot = d->op[0].ot, k = d->e->arg;
    int bits = 8 << ot;
    TCGv_i64 bit = tcg_temp_new_i64(), mask = tcg_temp_new_i64();

    if (d->e->op[1] == X86_TYPE_G) {
        gen_load_op(s, d, 1, s->T1);
        if (d->op[0].kind == X86_OP_MEM) {
            /* register bit offset is signed and can reach any byte */
            gen_lea_modrm(s, d);
            tcg_gen_mov_i64(s->tmp0, s->T1);
            gen_ext(s->tmp0, ot, true);
            tcg_gen_sari_i64(s->tmp0, s->tmp0, 3 + ot);
            tcg_gen_shli_i64(s->tmp0, s->tmp0, ot);
            tcg_gen_add_i64(s->A0, s->A0, s->tmp0);
            if (!s->code64) {
                tcg_gen_ext32u_i64(s->A0, s->A0);
            }
        } else if (d->op[0].kind == X86_OP_MEM) {
            gen_lea_modrm(s, d);
        }
        gen_load_op(s, d, 0, s->T0);
    }
    tcg_gen_andi_i64(bit, s->T1, bits - 1);
    tcg_gen_shr_i64(s->tmp1, s->T0, bit);
    tcg_gen_andi_i64(s->tmp1, s->tmp1, 1);
    tcg_gen_shl_i64(mask, tcg_constant_i64(1), bit);
    if (k == 1) {
        tcg_gen_or_i64(s->T0, s->T0, mask);
    } else if (k == 2) {
        tcg_gen_andc_i64(s->T0, s->T0, mask);
    } else if (k == 3) {
        tcg_gen_xor_i64(s->T0, s->T0, mask);
    }
    if (k) {
        gen_wb(s, d);
    }
    gen_compute_eflags(s);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->tmp1);
}

GEN(bsf)
{
    int ot = d->op[0].ot;
    bool tz = d->e->arg;
    TCGv_i64 src = s->T1;

    gen_compute_eflags(s);
    if (tz) {
        tcg_gen_ori_i64(s->tmp1, src, 0);
        tcg_gen_ctzi_i64(s->T0, src, 8 << ot);
        if (ot < MO_64) {
            tcg_gen_movcond_i64(TCG_COND_EQ, s->T0, src, tcg_constant_i64(0),
                                tcg_constant_i64(8 << ot), s->T0);
        }
        gen_writeback(s, d, 0, s->T0);
        /* C = src == 0, Z = result == 0 */
        tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)(CC_C | CC_Z));
        tcg_gen_setcondi_i64(TCG_COND_EQ, s->tmp1, src, 0);
        tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->tmp1);
        tcg_gen_setcondi_i64(TCG_COND_EQ, s->tmp1, s->T0, 0);
        tcg_gen_shli_i64(s->tmp1, s->tmp1, 6);
        tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->tmp1);
        return;
    }
    /* dest unchanged when the source is zero */
    tcg_gen_ctz_i64(s->T0, src, s->T0);
    gen_writeback(s, d, 0, s->T0);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_Z);
    tcg_gen_setcondi_i64(TCG_COND_EQ, s->tmp1, src, 0);
    tcg_gen_shli_i64(s->tmp1, s->tmp1, 6);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->tmp1);
}

GEN(bsr)
{
    int ot = d->op[0].ot;
    bool lz = d->e->arg;
    TCGv_i64 src = s->T1;
    int bits = 8 << ot;

    gen_compute_eflags(s);
    if (lz) {
        tcg_gen_clzi_i64(s->T0, src, 64);
        tcg_gen_subi_i64(s->T0, s->T0, 64 - bits);
        gen_writeback(s, d, 0, s->T0);
        tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)(CC_C | CC_Z));
        tcg_gen_setcondi_i64(TCG_COND_EQ, s->tmp1, src, 0);
        tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->tmp1);
        tcg_gen_setcondi_i64(TCG_COND_EQ, s->tmp1, s->T0, 0);
        tcg_gen_shli_i64(s->tmp1, s->tmp1, 6);
        tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->tmp1);
        return;
    }
    tcg_gen_clzi_i64(s->tmp1, src, 64);
    tcg_gen_xori_i64(s->tmp1, s->tmp1, 63);
    tcg_gen_movcond_i64(TCG_COND_EQ, s->T0, src, tcg_constant_i64(0), s->T0,
                        s->tmp1);
    gen_writeback(s, d, 0, s->T0);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_Z);
    tcg_gen_setcondi_i64(TCG_COND_EQ, s->tmp1, src, 0);
    tcg_gen_shli_i64(s->tmp1, s->tmp1, 6);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, s->tmp1);
}

GEN(popcnt)
{
    tcg_gen_ctpop_i64(s->T0, s->T1);
    gen_writeback(s, d, 0, s->T0);
    tcg_gen_setcondi_i64(TCG_COND_EQ, cpu_cc_src, s->T1, 0);
    tcg_gen_shli_i64(cpu_cc_src, cpu_cc_src, 6);
    set_cc_op(s, CC_OP_EFLAGS);
}

/*
 * Shifts and rotates by an immediate, inline (the helper computes all
 * flags first: it was the top of a Linux sha256sum profile).  Kinds as
 * helper_shift: 0 rol, 1 ror, 4/6 shl, 5 shr, 7 sar.  RCL/RCR, counts
 * in CL and counts that mask to 0 (flags unchanged) use the helper.
 */
static bool gen_shift_imm(DisasContext *s, X86DecodedInsn *d)
{
    int kind = d->e->arg, ot = d->op[0].ot, bits = 8 << ot;
    TCGv_i64 t = s->tmp1;
    int n;

    if (d->op[1].kind != X86_OP_IMM || kind == 2 || kind == 3) {
        return false;
    }
    n = d->op[1].imm & (ot == MO_64 ? 63 : 31);
    if (n == 0) {
        return false;
    }
    switch (kind) {
    case 4:
    case 6: /* shl: CC_OP_SHL, src = value << (n - 1) */
        tcg_gen_shli_i64(t, s->T0, n - 1);
        tcg_gen_shli_i64(s->T0, t, 1);
        gen_ext(s->T0, ot, false);
        gen_cc_arith(s, CC_OP_SHLB, ot, s->T0, t);
        break;
    case 5: /* shr */
    case 7: /* sar: CC_OP_SAR, src = value >> (n - 1) */
        gen_ext(s->T0, ot, kind == 7);
        if (kind == 7) {
            tcg_gen_sari_i64(t, s->T0, n - 1);
            tcg_gen_sari_i64(s->T0, t, 1);
        } else {
            tcg_gen_shri_i64(t, s->T0, n - 1);
            tcg_gen_shri_i64(s->T0, t, 1);
        }
        gen_cc_arith(s, CC_OP_SARB, ot, s->T0, t);
        break;
    case 0:
    case 1: { /* rol/ror: only C and O change */
        int c = n % bits;
        TCGv_i64 f = tcg_temp_new_i64();

        gen_compute_eflags(s);
        gen_ext(s->T0, ot, false);
        if (c) {
            int l = kind == 0 ? c : bits - c;
            tcg_gen_shli_i64(t, s->T0, l);
            tcg_gen_shri_i64(s->T0, s->T0, bits - l);
            tcg_gen_or_i64(s->T0, s->T0, t);
            gen_ext(s->T0, ot, false);
        }
        /* f = C (bit 0), t = the bit C is XORed with for O */
        if (kind == 0) {
            tcg_gen_andi_i64(f, s->T0, 1);
            tcg_gen_shri_i64(t, s->T0, bits - 1);
        } else {
            tcg_gen_shri_i64(f, s->T0, bits - 1);
            tcg_gen_shri_i64(t, s->T0, bits - 2);
        }
        tcg_gen_xor_i64(t, t, f);
        tcg_gen_andi_i64(t, t, 1);
        tcg_gen_shli_i64(t, t, 11); /* CC_O */
        tcg_gen_or_i64(f, f, t);
        tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)(CC_C | CC_O));
        tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, f);
        break;
    }
    default:
        return false;
    }
    gen_wb(s, d);
    return true;
}

GEN(shift)
{
    if (gen_shift_imm(s, d)) {
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call4(helper_shift, 0, s->T0, tcg_env, s->T0, s->T1,
                  tcg_constant_i32(d->e->arg | (d->op[0].ot << 4)));
    cc_op_from_helper(s);
    gen_wb(s, d);
}

GEN(shxd)
{
    gen_update_cc_op(s);
    tcg_gen_call5(helper_shxd, 0, s->T0, tcg_env, s->T0, s->T1, s->T2,
                  tcg_constant_i32(d->e->arg | (d->op[0].ot << 4)));
    cc_op_from_helper(s);
    gen_wb(s, d);
}

GEN(muldiv)
{
    gen_sync(s);
    tcg_gen_call3(helper_muldiv, 0, NULL, tcg_env, s->T0,
                  tcg_constant_i32(d->e->arg | (d->op[0].ot << 4)));
    cc_op_from_helper(s);
}

/*
 * imul r, r/m(, imm) inline: CC_OP_MUL wants the low part in cc_dst and
 * cc_src non-zero iff the signed product does not fit (C = O = 1).
 */
GEN(imul3)
{
    int ot = d->op[0].ot;
    TCGv_i64 hi = tcg_temp_new_i64();

    if (ot == MO_64) {
        tcg_gen_muls2_i64(s->T0, hi, s->T1, s->T2);
        tcg_gen_sari_i64(s->tmp1, s->T0, 63);
    } else {
        /* 16/32-bit operands: the 64-bit product is exact. */
        tcg_gen_ext_i64(s->T1, s->T1, ot | MO_SIGN);
        tcg_gen_ext_i64(s->T2, s->T2, ot | MO_SIGN);
        tcg_gen_mul_i64(s->T0, s->T1, s->T2);
        tcg_gen_mov_i64(hi, s->T0);
        tcg_gen_ext_i64(s->tmp1, s->T0, ot | MO_SIGN);
    }
    gen_wb(s, d);
    tcg_gen_sub_i64(cpu_cc_src, hi, s->tmp1);
    tcg_gen_mov_i64(cpu_cc_dst, s->T0);
    set_cc_op(s, CC_OP_MULB + ot);
}

GEN(bcd)
{
    if (gen_check_fpu(s, false) && false) {
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call3(helper_bcd, 0, NULL, tcg_env, tcg_constant_i32(d->e->arg),
                  tcg_constant_i32(0));
    cc_op_from_helper(s);
}

GEN(aam)
{
    if ((uint8_t)d->imm == 0) {
        gen_exception(s, EXCP00_DIVZ);
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call3(helper_bcd, 0, NULL, tcg_env, tcg_constant_i32(4),
                  tcg_constant_i32((uint8_t)d->imm));
    cc_op_from_helper(s);
}

GEN(aad)
{
    gen_update_cc_op(s);
    tcg_gen_call3(helper_bcd, 0, NULL, tcg_env, tcg_constant_i32(5),
                  tcg_constant_i32((uint8_t)d->imm));
    cc_op_from_helper(s);
}

GEN(salc)
{
    gen_get_c(s, s->T0);
    tcg_gen_neg_i64(s->T0, s->T0);
    gen_op_mov_reg(s, MO_8, R_EAX, false, s->T0);
}

GEN(xlat)
{
    tcg_gen_ext8u_i64(s->T0, cpu_regs[R_EAX]);
    tcg_gen_add_i64(s->A0, cpu_regs[R_EBX], s->T0);
    gen_trunc_addr(s->A0, d->aflag);
    gen_add_seg(s, s->A0, d->override >= 0 ? d->override : R_DS);
    gen_ld(s, s->T0, s->A0, MO_8);
    gen_op_mov_reg(s, MO_8, R_EAX, false, s->T0);
}

GEN(enter)
{
    int ot = d->ot, sot = stack_ot(s);
    int level = d->imm2 & 31;
    uint16_t esp_addend = d->imm;
    TCGv_i64 frame = tcg_temp_new_i64();

    gen_push_v(s, cpu_regs[R_EBP], ot);
    tcg_gen_mov_i64(frame, cpu_regs[R_ESP]);
    if (level) {
        gen_sync(s);
        tcg_gen_call4(helper_enter_level, 0, NULL, tcg_env,
                      tcg_constant_i32(level), tcg_constant_i32(ot), frame);
        tcg_gen_subi_i64(s->T0, frame, (level - 1) * (1 << ot));
        tcg_gen_subi_i64(s->T0, s->T0, 1 << ot);
    } else {
        tcg_gen_mov_i64(s->T0, frame);
    }
    gen_op_mov_reg(s, ot, R_EBP, false, frame);
    tcg_gen_subi_i64(s->T0, s->T0, esp_addend);
    gen_op_mov_reg(s, sot, R_ESP, false, s->T0);
}

GEN(leave)
{
    int ot = d->ot;
    gen_op_mov_reg(s, stack_ot(s), R_ESP, false, cpu_regs[R_EBP]);
    gen_pop_peek(s, s->T0, ot, 0);
    gen_pop_update(s, 1 << ot);
    gen_op_mov_reg(s, ot, R_EBP, false, s->T0);
}

GEN(int3)
{
    gen_sync(s);
    tcg_gen_call3(helper_raise_interrupt, 0, NULL, tcg_env,
                  tcg_constant_i32(EXCP03_INT3),
                  tcg_constant_i32(s->pc - s->pc_start));
    s->jmp = DISAS_NORETURN;
}

GEN(int1)
{
    gen_sync(s);
    tcg_gen_call3(helper_raise_interrupt, 0, NULL, tcg_env,
                  tcg_constant_i32(EXCP01_DB),
                  tcg_constant_i32(s->pc - s->pc_start));
    s->jmp = DISAS_NORETURN;
}

GEN(int)
{
    if ((s->flags & HF_VM_MASK) && s->iopl != 3) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    gen_sync(s);
    tcg_gen_call3(helper_raise_interrupt, 0, NULL, tcg_env,
                  tcg_constant_i32((uint8_t)d->imm),
                  tcg_constant_i32(s->pc - s->pc_start));
    s->jmp = DISAS_NORETURN;
}

GEN(into)
{
    gen_compute_eflags(s);
    gen_sync(s);
    tcg_gen_call2(helper_into, 0, NULL, tcg_env,
                  tcg_constant_i32(s->pc - s->pc_start));
}

GEN(hlt)
{
    gen_sync(s);
    tcg_gen_call2(helper_hlt, 0, NULL, tcg_env,
                  tcg_constant_i32(s->pc - s->pc_start));
    s->jmp = DISAS_NORETURN;
}

GEN(fwait)
{
    if ((s->flags & (HF_MP_MASK | HF_TS_MASK)) ==
        (HF_MP_MASK | HF_TS_MASK)) {
        gen_exception(s, EXCP07_PREX);
        return;
    }
    gen_sync(s);
    tcg_gen_call1(helper_fwait, 0, NULL, tcg_env);
}

/* I/O */
static bool gen_check_io(DisasContext *s, TCGv_i32 port, int ot)
{
    if (s->pe && (s->cpl > s->iopl || s->vm86)) {
        gen_sync(s);
        tcg_gen_call3(helper_check_io, 0, NULL, tcg_env, port,
                      tcg_constant_i32(1 << ot));
    }
    return true;
}

static void gen_port(DisasContext *s, X86DecodedInsn *d, int i,
                     TCGv_i32 port)
{
    if (d->op[i].kind == X86_OP_IMM) {
        tcg_gen_movi_i32(port, (uint8_t)d->op[i].imm);
    } else {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_ext16u_i64(t, cpu_regs[R_EDX]);
        tcg_gen_extrl_i64_i32(port, t);
    }
}

GEN(in)
{
    int ot = d->op[0].ot;
    TCGv_i32 port = tcg_temp_new_i32();

    gen_port(s, d, 1, port);
    gen_check_io(s, port, ot);
    gen_sync(s);
    tcg_gen_call3(helper_in, 0, s->T0, tcg_env, port, tcg_constant_i32(ot));
    gen_op_mov_reg(s, ot, R_EAX, false, s->T0);
}

GEN(out)
{
    int ot = d->op[1].ot;
    TCGv_i32 port = tcg_temp_new_i32();

    gen_port(s, d, 0, port);
    gen_check_io(s, port, ot);
    gen_sync(s);
    tcg_gen_call4(helper_out, 0, NULL, tcg_env, port, s->T1,
                  tcg_constant_i32(ot));
}

/* String instructions: one iteration per execution; rep jumps back. */
static void gen_string_addr(DisasContext *s, X86DecodedInsn *d, int reg,
                            int seg)
{
    tcg_gen_mov_i64(s->A0, cpu_regs[reg]);
    gen_trunc_addr(s->A0, d->aflag);
    gen_add_seg(s, s->A0, seg);
}

static void gen_string_step(DisasContext *s, X86DecodedInsn *d, int reg,
                            int ot)
{
    TCGv_i32 df = tcg_temp_new_i32();
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_ld_i32(df, tcg_env, ENV_OFS(df));
    tcg_gen_ext_i32_i64(t, df);
    tcg_gen_shli_i64(t, t, ot);
    tcg_gen_add_i64(t, cpu_regs[reg], t);
    gen_op_mov_reg(s, d->aflag, reg, false, t);
}

GEN(string)
{
    int k = d->e->arg;
    int ot = k == 1 ? d->op[1].ot : d->op[0].ot;
    int src_seg = d->override >= 0 ? d->override : R_DS;
    bool rep = d->prefix & (PREFIX_REPZ | PREFIX_REPNZ);
    bool cond = k == 3 || k == 6;
    TCGLabel *done = NULL;
    TCGv_i32 port = tcg_temp_new_i32();

    if (k == 3) {
        ot = d->op[0].ot;
    }
    if (k <= 1) {
        tcg_gen_ext16u_i64(s->tmp1, cpu_regs[R_EDX]);
        tcg_gen_extrl_i64_i32(port, s->tmp1);
        gen_check_io(s, port, ot);
    }
    if (rep) {
        done = gen_new_label();
        tcg_gen_mov_i64(s->tmp1, cpu_regs[R_ECX]);
        gen_ext(s->tmp1, d->aflag, false);
        gen_update_cc_op(s);
        tcg_gen_brcondi_i64(TCG_COND_EQ, s->tmp1, 0, done);
    }
    switch (k) {
    case 0: /* ins */
        gen_string_addr(s, d, R_EDI, R_ES);
        /* probe the destination before the port read (restartable) */
        gen_ld(s, s->T0, s->A0, ot);
        gen_sync(s);
        tcg_gen_call3(helper_in, 0, s->T0, tcg_env, port,
                      tcg_constant_i32(ot));
        gen_st(s, s->T0, s->A0, ot);
        gen_string_step(s, d, R_EDI, ot);
        break;
    case 1: /* outs */
        gen_string_addr(s, d, R_ESI, src_seg);
        gen_ld(s, s->T0, s->A0, ot);
        gen_sync(s);
        tcg_gen_call4(helper_out, 0, NULL, tcg_env, port, s->T0,
                      tcg_constant_i32(ot));
        gen_string_step(s, d, R_ESI, ot);
        break;
    case 2: /* movs */
        gen_string_addr(s, d, R_ESI, src_seg);
        gen_ld(s, s->T0, s->A0, ot);
        gen_string_addr(s, d, R_EDI, R_ES);
        gen_st(s, s->T0, s->A0, ot);
        gen_string_step(s, d, R_ESI, ot);
        gen_string_step(s, d, R_EDI, ot);
        break;
    case 3: /* cmps */
        gen_string_addr(s, d, R_ESI, src_seg);
        gen_ld(s, s->T0, s->A0, ot);
        gen_string_addr(s, d, R_EDI, R_ES);
        gen_ld(s, s->T1, s->A0, ot);
        tcg_gen_mov_i64(s->cc_srcT, s->T0);
        tcg_gen_sub_i64(s->T0, s->T0, s->T1);
        gen_cc_arith(s, CC_OP_SUBB, ot, s->T0, s->T1);
        gen_string_step(s, d, R_ESI, ot);
        gen_string_step(s, d, R_EDI, ot);
        break;
    case 4: /* stos */
        gen_string_addr(s, d, R_EDI, R_ES);
        gen_op_mov_v_reg(ot, s->T0, R_EAX, false);
        gen_st(s, s->T0, s->A0, ot);
        gen_string_step(s, d, R_EDI, ot);
        break;
    case 5: /* lods */
        gen_string_addr(s, d, R_ESI, src_seg);
        gen_ld(s, s->T0, s->A0, ot);
        gen_op_mov_reg(s, ot, R_EAX, false, s->T0);
        gen_string_step(s, d, R_ESI, ot);
        break;
    default: /* scas */
        gen_string_addr(s, d, R_EDI, R_ES);
        gen_ld(s, s->T1, s->A0, ot);
        gen_op_mov_v_reg(ot, s->T0, R_EAX, false);
        tcg_gen_mov_i64(s->cc_srcT, s->T0);
        tcg_gen_sub_i64(s->T0, s->T0, s->T1);
        gen_cc_arith(s, CC_OP_SUBB, ot, s->T0, s->T1);
        gen_string_step(s, d, R_EDI, ot);
        break;
    }
    if (!rep) {
        return;
    }
    tcg_gen_subi_i64(s->tmp1, cpu_regs[R_ECX], 1);
    gen_op_mov_reg(s, d->aflag, R_ECX, false, s->tmp1);
    gen_update_cc_op(s);
    if (cond) {
        /* repz: stop when !Z; repnz: stop when Z */
        TCGv_i64 z = tcg_temp_new_i64();
        tcg_gen_mov_i64(z, s->T0);
        gen_ext(z, ot, false);
        tcg_gen_brcondi_i64((d->prefix & PREFIX_REPNZ) ? TCG_COND_EQ
                                                        : TCG_COND_NE,
                            z, 0, done);
    }
    /* Go around again (one TB exit per iteration keeps it interruptible) */
    gen_jmp_tb(s, cur_eip(s), 0);
    gen_set_label(done);
    gen_jmp_tb(s, next_eip(s), 1);
    s->jmp = DISAS_NORETURN;
}

/* Segment loads: les/lds/lss/lfs/lgs */
GEN(lxs)
{
    int ot = d->op[0].ot;
    gen_lea_modrm(s, d);
    gen_ld(s, s->T1, s->A0, ot);
    tcg_gen_addi_i64(s->A0, s->A0, 1 << ot);
    if (!s->code64) {
        tcg_gen_ext32u_i64(s->A0, s->A0);
    }
    gen_ld(s, s->T0, s->A0, MO_16);
    gen_movl_seg(s, d->e->arg, s->T0);
    gen_op_mov_reg(s, ot, d->op[0].n, false, s->T1);
}

GEN(bound)
{
    gen_lea_modrm(s, d);
    gen_op_mov_v_reg(d->ot, s->T0, d->op[0].n, false);
    gen_sync(s);
    tcg_gen_call4(helper_bound, 0, NULL, tcg_env, s->A0, s->T0,
                  tcg_constant_i32(d->ot));
}

GEN(arpl)
{
    TCGv_i64 rpl0 = tcg_temp_new_i64(), rpl1 = tcg_temp_new_i64();
    TCGv_i64 z = tcg_temp_new_i64();

    if (!s->pe || s->vm86) {
        gen_illegal(s);
        return;
    }
    gen_compute_eflags(s);
    tcg_gen_andi_i64(rpl0, s->T0, 3);
    tcg_gen_andi_i64(rpl1, s->T1, 3);
    tcg_gen_setcond_i64(TCG_COND_LT, z, rpl0, rpl1);
    tcg_gen_movcond_i64(TCG_COND_LT, rpl0, rpl0, rpl1, rpl1, rpl0);
    tcg_gen_andi_i64(s->T0, s->T0, ~3ULL);
    tcg_gen_or_i64(s->T0, s->T0, rpl0);
    gen_wb(s, d);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_Z);
    tcg_gen_shli_i64(z, z, 6);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, z);
}

/* System instructions */
GEN(grp6)
{
    int k = d->e->arg;
    TCGv_i32 t = tcg_temp_new_i32();

    if (!s->pe || s->vm86) {
        gen_illegal(s);
        return;
    }
    if (k >= 2) {
        /* op 0 is a source here; only RMW entries get it preloaded. */
        gen_load_op(s, d, 0, s->T0);
    }
    switch (k) {
    case 0: /* sldt */
    case 1: /* str */
        tcg_gen_ld32u_i64(s->T0, tcg_env,
                          k ? ENV_OFS(tr.selector) : ENV_OFS(ldt.selector));
        if (d->op[0].kind == X86_OP_INT) {
            d->op[0].ot = d->ot;
        }
        gen_wb(s, d);
        break;
    case 2: /* lldt */
    case 3: /* ltr */
        tcg_gen_extrl_i64_i32(t, s->T0);
        gen_sync(s);
        tcg_gen_call2(k == 2 ? helper_lldt : helper_ltr, 0, NULL, tcg_env, t);
        break;
    default: /* verr/verw */
        tcg_gen_extrl_i64_i32(t, s->T0);
        gen_compute_eflags(s);
        gen_sync(s);
        tcg_gen_call3(helper_verrw, 0, NULL, tcg_env, t,
                      tcg_constant_i32(k == 5));
        break;
    }
}

GEN(lar_lsl)
{
    TCGv_i32 t = tcg_temp_new_i32();
    TCGLabel *skip = gen_new_label();

    if (!s->pe || s->vm86) {
        gen_illegal(s);
        return;
    }
    if (d->op[1].kind == X86_OP_MEM) {
        gen_lea_modrm(s, d);
    }
    gen_load_op(s, d, 1, s->T1);
    tcg_gen_extrl_i64_i32(t, s->T1);
    gen_compute_eflags(s);
    gen_sync(s);
    tcg_gen_call3(helper_lar_lsl, 0, s->T0, tcg_env, t,
                  tcg_constant_i32(d->e->arg));
    /* helper sets Z in cc_src on success */
    tcg_gen_andi_i64(s->tmp1, cpu_cc_src, CC_Z);
    tcg_gen_brcondi_i64(TCG_COND_EQ, s->tmp1, 0, skip);
    gen_op_mov_reg(s, d->op[0].ot, d->op[0].n, false, s->T0);
    gen_set_label(skip);
}

GEN(sxdt)
{
    if ((s->flags & HF_UMIP_MASK) && s->cpl > 0) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    gen_lea_modrm(s, d);
    gen_sync(s);
    tcg_gen_call3(helper_sgdt_sidt, 0, NULL, tcg_env, s->A0,
                  tcg_constant_i32(d->e->arg | (d->ot << 4)));
}

GEN(lxdt)
{
    gen_lea_modrm(s, d);
    gen_sync(s);
    tcg_gen_call3(helper_lgdt_lidt, 0, NULL, tcg_env, s->A0,
                  tcg_constant_i32(d->e->arg | (d->ot << 4)));
}

GEN(smsw)
{
    if ((s->flags & HF_UMIP_MASK) && s->cpl > 0) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    tcg_gen_ld_i64(s->T0, tcg_env, ENV_OFS(cr[0]));
    if (d->op[0].kind == X86_OP_MEM) {
        d->op[0].ot = MO_16;
    }
    gen_wb(s, d);
}

GEN(lmsw)
{
    gen_sync(s);
    tcg_gen_call2(helper_lmsw, 0, NULL, tcg_env, s->T0);
    s->jmp = DISAS_EOB_NEXT;
}

GEN(invlpg)
{
    gen_lea_modrm(s, d);
    gen_sync(s);
    tcg_gen_call2(helper_invlpg, 0, NULL, tcg_env, s->A0);
    s->jmp = DISAS_EOB_NEXT;
}

GEN(swapgs)
{
    gen_sync(s);
    tcg_gen_call1(helper_swapgs, 0, NULL, tcg_env);
}

GEN(rdtscp)
{
    if (!(s->env->features[FEAT_8000_0001_EDX] & CPUID_EXT2_RDTSCP)) {
        gen_illegal(s);
        return;
    }
    gen_sync(s);
    tcg_gen_call1(helper_rdtscp, 0, NULL, tcg_env);
}

GEN(mov_cr)
{
    int cr = d->e->arg ? d->op[0].n : d->op[1].n;
    int reg = d->e->arg ? d->op[1].n : d->op[0].n;

    if (cr != 0 && cr != 2 && cr != 3 && cr != 4 && cr != 8) {
        gen_illegal(s);
        return;
    }
    gen_sync(s);
    if (d->e->arg) {
        tcg_gen_mov_i64(s->T0, cpu_regs[reg]);
        if (!s->code64) {
            tcg_gen_ext32u_i64(s->T0, s->T0);
        }
        tcg_gen_call3(helper_write_cr, 0, NULL, tcg_env,
                      tcg_constant_i32(cr), s->T0);
        s->jmp = DISAS_EOB_NEXT;
    } else {
        tcg_gen_call2(helper_read_cr, 0, s->T0, tcg_env,
                      tcg_constant_i32(cr));
        gen_op_mov_reg(s, s->code64 ? MO_64 : MO_32, reg, false, s->T0);
    }
}

GEN(mov_dr)
{
    int dr = d->e->arg ? d->op[0].n : d->op[1].n;
    int reg = d->e->arg ? d->op[1].n : d->op[0].n;

    if (dr > 7) {
        gen_illegal(s);
        return;
    }
    if ((dr == 4 || dr == 5) && (s->env->cr[4] & CR4_DE_MASK)) {
        gen_illegal(s);
        return;
    }
    if (dr == 4 || dr == 5) {
        dr += 2;
    }
    if (d->e->arg) {
        gen_sync(s);
        tcg_gen_call3(helper_set_dr, 0, NULL, tcg_env, tcg_constant_i32(dr),
                      cpu_regs[reg]);
        s->jmp = DISAS_EOB_NEXT;
    } else {
        tcg_gen_ld_i64(s->T0, tcg_env, ENV_OFS(dr[dr]));
        gen_op_mov_reg(s, s->code64 ? MO_64 : MO_32, reg, false, s->T0);
    }
}

GEN(clts)
{
    gen_sync(s);
    tcg_gen_call1(helper_clts, 0, NULL, tcg_env);
    s->jmp = DISAS_EOB_NEXT;
}

#define SIMPLE_HELPER(name, helper, eob)                                       \
    GEN(name)                                                                  \
    {                                                                          \
        gen_sync(s);                                                           \
        tcg_gen_call1(helper, 0, NULL, tcg_env);                               \
        if (eob) {                                                             \
            s->jmp = DISAS_EOB_NEXT;                                           \
        }                                                                      \
    }
SIMPLE_HELPER(cpuid, helper_cpuid, false)
SIMPLE_HELPER(rdtsc, helper_rdtsc, false)
SIMPLE_HELPER(rdpmc, helper_rdpmc, false)
SIMPLE_HELPER(rdmsr, helper_rdmsr, false)
SIMPLE_HELPER(wrmsr, helper_wrmsr, true)

GEN(syscall)
{
    gen_sync(s);
    tcg_gen_call2(helper_syscall, 0, NULL, tcg_env,
                  tcg_constant_i32(s->pc - s->pc_start));
    cc_op_from_helper(s);
    s->jmp = DISAS_EOB_ONLY;
}

GEN(sysret)
{
    gen_sync(s);
    tcg_gen_call2(helper_sysret, 0, NULL, tcg_env, tcg_constant_i32(d->ot));
    cc_op_from_helper(s);
    s->jmp = DISAS_EOB_ONLY;
}

GEN(sysenter)
{
    gen_sync(s);
    tcg_gen_call1(helper_sysenter, 0, NULL, tcg_env);
    s->jmp = DISAS_EOB_ONLY;
}

GEN(sysexit)
{
    gen_sync(s);
    tcg_gen_call2(helper_sysexit, 0, NULL, tcg_env,
                  tcg_constant_i32(d->rex_w ? 2 : 1));
    s->jmp = DISAS_EOB_ONLY;
}

#include "decode-table.c.inc"

/* ---- one instruction ------------------------------------------------ */

static uint8_t fetch_byte(void *opaque, unsigned i)
{
    DisasContext *s = opaque;
    return translator_ldub(s->env, s->pc_start + i);
}

static void disas_insn(DisasContext *s)
{
    X86DecodedInsn dd, *d = &dd;
    X86DecodeMode mode = {.code64 = s->code64, .code32 = s->code32};
    X86DecodeResult r;
    const X86OpEntry *e;

    r = x86_decode(mode, fetch_byte, s, d);
    s->d = d;
    s->pc = s->pc_start + d->len;
    if (qemu_loglevel_mask(CPU_LOG_TB_IN_ASM)) {
        char text[96];
        GString *hex = g_string_new(NULL);
        for (int i = 0; i < d->len; i++) {
            g_string_append_printf(hex, "%02x ", d->bytes[i]);
        }
        qemu_log("0x%016" PRIx64 ":  %-30s %s\n", s->pc_start, hex->str,
                 r == X86_DECODE_OK ? x86_format_insn(d, text, sizeof(text))
                                    : "(bad)");
        g_string_free(hex, true);
    }
    if (r == X86_DECODE_TOO_LONG) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    if (r != X86_DECODE_OK || !d->e->gen) {
        gen_illegal(s);
        return;
    }
    e = d->e;
    if ((e->flags & X86_F_PRIV) && s->cpl != 0) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    if (!(e->flags & (X86_F_NOLOAD | X86_F_NORM))) {
        if (d->has_ea) {
            gen_lea_modrm(s, d);
        }
        if (e->flags & X86_F_RMW) {
            gen_load_op(s, d, 0, s->T0);
        }
        if (e->op[1]) {
            gen_load_op(s, d, 1, s->T1);
        }
        if (e->op[2]) {
            gen_load_op(s, d, 2, s->T2);
        }
    }
    e->gen(s, d);
}

/* ---- TCGCPUOps ---------------------------------------------------------- */

static void x86_get_tb_cpu_state(CPUArchState *env, vaddr *pc,
                                 uint64_t *cs_base, uint32_t *flags)
{
    *cs_base = env->segs[R_CS].base;
    *pc = *cs_base + env->eip;
    *flags = env->hflags;
}

static int x86_mmu_index(CPUState *cs, bool ifetch)
{
    CPUX86State *env = cpu_env_of(cs);
    return (env->hflags & HF_CPL_MASK) == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
}

static void x86_translate_code(CPUState *cs, TranslationBlock *tb,
                               int max_insns)
{
    CPUX86State *env = cpu_env_of(cs);
    DisasContext ctx = {0}, *s = &ctx;
    uint32_t flags = tb->flags;
    int prev_cc_op = CC_OP_DYNAMIC;

    s->tb = tb;
    s->env = env;
    s->flags = flags;
    s->cs_base = tb->cs_base;
    s->pc = tb->pc;
    s->cpl = flags & HF_CPL_MASK;
    s->iopl = (flags >> HF_IOPL_SHIFT) & 3;
    s->code64 = flags & HF_CS64_MASK;
    s->code32 = flags & HF_CS32_MASK;
    s->ss32 = flags & HF_SS32_MASK;
    s->addseg = flags & HF_ADDSEG_MASK;
    s->vm86 = flags & HF_VM_MASK;
    s->pe = flags & HF_PE_MASK;
    s->mem_index = s->cpl == 3 ? MMU_USER_IDX : MMU_KERNEL_IDX;
    s->cc_op = CC_OP_DYNAMIC;
    s->jmp = DISAS_NEXT;
    s->T0 = tcg_temp_new_i64();
    s->T1 = tcg_temp_new_i64();
    s->T2 = tcg_temp_new_i64();
    s->A0 = tcg_temp_new_i64();
    s->tmp0 = tcg_temp_new_i64();
    s->tmp1 = tcg_temp_new_i64();
    s->cc_srcT = tcg_temp_new_i64();
    if (flags & (HF_TF_MASK | HF_INHIBIT_IRQ_MASK)) {
        max_insns = 1;
    }

    gen_tb_start(tb);
    for (;;) {
        if (s->num_insns > 0) {
            gen_discard_dead_cc(s, prev_cc_op);
        }
        prev_cc_op = s->cc_op;
        s->pc_start = s->pc;
        tcg_gen_insn_start(s->pc_start, s->cc_op);
        s->num_insns++;
        disas_insn(s);
        if (s->jmp != DISAS_NEXT) {
            break;
        }
        if (s->num_insns >= max_insns || tcg_op_buf_full() ||
            !translator_is_same_page(tb, s->pc) ||
            !translator_is_same_page(tb, s->pc + X86_MAX_INSN_LEN - 1)) {
            s->jmp = DISAS_TOO_MANY;
            break;
        }
    }

    if (s->jmp != DISAS_NORETURN && (flags & HF_INHIBIT_IRQ_MASK)) {
        tcg_gen_call1(helper_reset_inhibit_irq, 0, NULL, tcg_env);
    }
    switch (s->jmp) {
    case DISAS_TOO_MANY:
        gen_jmp_tb(s, next_eip(s), 0);
        if (s->jmp == DISAS_EOB_ONLY) {
            gen_update_cc_op(s);
            tcg_gen_exit_tb(NULL, 0);
        }
        break;
    case DISAS_EOB_NEXT:
        gen_update_cc_op(s);
        gen_update_eip_next(s);
        tcg_gen_exit_tb(NULL, 0);
        break;
    case DISAS_EOB_ONLY:
        gen_update_cc_op(s);
        tcg_gen_exit_tb(NULL, 0);
        break;
    case DISAS_JUMP:
        gen_update_cc_op(s);
        if (flags & (HF_TF_MASK | HF_INHIBIT_IRQ_MASK)) {
            tcg_gen_exit_tb(NULL, 0);
        } else {
            tcg_gen_lookup_and_goto_ptr();
        }
        break;
    default:
        break;
    }
    gen_tb_end(tb, s->num_insns);
    tb->size = s->pc - tb->pc;
    tb->icount = s->num_insns;
}

static void x86_synchronize_from_tb(CPUState *cs, const TranslationBlock *tb)
{
    CPUX86State *env = cpu_env_of(cs);
    env->eip = tb->pc - tb->cs_base;
}

static void x86_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    CPUX86State *env = cpu_env_of(cs);
    env->eip = data[0] - tb->cs_base;
    if (!(tb->flags & HF_CS64_MASK)) {
        env->eip = (uint32_t)env->eip;
    }
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}

static bool x86_cpu_exec_halt(CPUState *cs)
{
    return cpu_has_work(cs);
}

static const TCGCPUOps x86_tcg_ops_impl = {
    .initialize = x86_tcg_initialize,
    .page_bits = 12,
    .nb_mmu_modes = X86_NB_MMU_MODES,
    .tlb_fast_ofs = offsetof(CPUX86State, tlb_fast),
    .insn_start_words = 2,
    .get_tb_cpu_state = x86_get_tb_cpu_state,
    .translate_code = x86_translate_code,
    .synchronize_from_tb = x86_synchronize_from_tb,
    .restore_state_to_opc = x86_restore_state_to_opc,
    .cpu_exec_interrupt = x86_cpu_exec_interrupt,
    .do_interrupt = x86_cpu_do_interrupt,
    .cpu_exec_halt = x86_cpu_exec_halt,
    .tlb_fill = x86_cpu_tlb_fill,
    .mmu_index = x86_mmu_index,
};

static void __attribute__((constructor)) x86_tcg_ops_register(void)
{
    x86_tcg_ops = &x86_tcg_ops_impl;
}
