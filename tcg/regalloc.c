/*
 * Register allocation and code emission for one TB, driven by the op list
 * after liveness.  Local (per basic block) allocation:
 *   - a temp is DEAD, in a REG (maybe dirty: !mem_coherent), in MEM
 *     (env slot for globals, frame slot for EBB/TB temps) or a CONST;
 *   - globals are written back to env (synced) before ops that may fault
 *     and before helper calls that read globals, and written back and
 *     forgotten at block ends and around calls that write globals;
 *   - TB temps are written to their frame slot at block ends.
 * Registers hold no values across a label, so every entry to a block
 * finds globals in env and TB temps in their slots.
 */
#include "qemu/osdep.h"
#include "tcg-internal.h"

#define REG_FREE    (-1)
#define REG_SCRATCH (-2) /* holds a constant for the current op */

/* Pushes outstanding during call setup move rsp-relative slots.  */
static int stack_adj;

static TCGTemp *reg_temp(TCGContext *s, int reg)
{
    int i = s->reg_to_temp[reg];
    return i >= 0 ? &s->temps[i] : NULL;
}

static intptr_t mem_ofs(TCGTemp *ts)
{
    return ts->mem_offset +
           (ts->mem_base_reg == TCG_REG_CALL_STACK ? stack_adj : 0);
}

static void temp_alloc_mem(TCGContext *s, TCGTemp *ts)
{
    if (ts->mem_allocated) {
        return;
    }
    if (s->frame_used + 8 > TCG_FRAME_SIZE) {
        /* Too many spilled temps for the frame: fail this TB (-2).  */
        s->gen_overflow = true;
        s->frame_used = 0;
    }
    ts->mem_base_reg = TCG_REG_CALL_STACK;
    ts->mem_offset = s->frame_used;
    ts->mem_allocated = true;
    s->frame_used += 8;
}

/* Write a dirty register value back to memory; keep the register.  */
static void temp_sync(TCGContext *s, TCGTemp *ts)
{
    if (ts->val_type != TEMP_VAL_REG || ts->mem_coherent ||
        ts->kind == TEMP_FIXED) {
        return;
    }
    temp_alloc_mem(s, ts);
    tcg_out_st(s, ts->type, ts->reg, ts->mem_base_reg, mem_ofs(ts));
    ts->mem_coherent = true;
}

/* Drop the register copy; sync first unless the value is dead.  */
static void temp_release(TCGContext *s, TCGTemp *ts, bool keep_value)
{
    if (ts->kind == TEMP_FIXED || ts->kind == TEMP_CONST) {
        return;
    }
    if (ts->val_type == TEMP_VAL_REG) {
        if (keep_value) {
            temp_sync(s, ts);
        }
        s->reg_to_temp[ts->reg] = REG_FREE;
        ts->reg = -1;
        ts->val_type = keep_value ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
    } else if (!keep_value && ts->kind != TEMP_GLOBAL) {
        ts->val_type = TEMP_VAL_DEAD;
    }
    if (ts->kind == TEMP_GLOBAL && ts->val_type == TEMP_VAL_DEAD) {
        ts->val_type = TEMP_VAL_MEM;
    }
}

static void reg_spill(TCGContext *s, int reg)
{
    TCGTemp *ts = reg_temp(s, reg);

    if (ts) {
        temp_release(s, ts, true);
    } else {
        s->reg_to_temp[reg] = REG_FREE;
    }
}

static int reg_alloc(TCGContext *s, uint32_t avoid)
{
    uint32_t ok = tcg_target_available_regs & ~avoid;

    /* Prefer callee-saved registers: they survive helper calls.  */
    for (int pass = 0; pass < 2; pass++) {
        for (int r = 0; r < TCG_TARGET_NB_REGS; r++) {
            bool clobbered = tcg_target_call_clobber_regs & (1u << r);
            if ((ok & (1u << r)) && s->reg_to_temp[r] == REG_FREE &&
                clobbered == pass) {
                return r;
            }
        }
    }
    for (int r = 0; r < TCG_TARGET_NB_REGS; r++) {
        if ((ok & (1u << r)) && s->reg_to_temp[r] >= 0) {
            reg_spill(s, r);
            return r;
        }
    }
    fprintf(stderr, "tcg: out of host registers\n");
    abort();
}

static void bind_reg(TCGContext *s, TCGTemp *ts, int reg)
{
    s->reg_to_temp[reg] = temp_idx(ts);
    ts->val_type = TEMP_VAL_REG;
    ts->reg = reg;
}

/* Get ts into a register, not one in avoid.  */
static int temp_load(TCGContext *s, TCGTemp *ts, uint32_t avoid)
{
    int reg;

    if (ts->val_type == TEMP_VAL_REG) {
        return ts->reg;
    }
    reg = reg_alloc(s, avoid);
    switch (ts->val_type) {
    case TEMP_VAL_CONST:
        tcg_out_movi(s, ts->type, reg, ts->val);
        s->reg_to_temp[reg] = REG_SCRATCH;
        return reg;
    case TEMP_VAL_MEM:
        tcg_out_ld(s, ts->type, reg, ts->mem_base_reg, mem_ofs(ts));
        ts->mem_coherent = true;
        break;
    default:
        /* Read of an undefined temp: any value will do.  */
        ts->mem_coherent = false;
        break;
    }
    bind_reg(s, ts, reg);
    return reg;
}

static void free_scratch(TCGContext *s)
{
    for (int r = 0; r < TCG_TARGET_NB_REGS; r++) {
        if (s->reg_to_temp[r] == REG_SCRATCH) {
            s->reg_to_temp[r] = REG_FREE;
        }
    }
}

static void sync_globals(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        temp_sync(s, &s->temps[i]);
    }
}

static void save_globals(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        temp_release(s, &s->temps[i], true);
    }
}

/* End of a basic block: everything to memory, all registers free.  */
static void bb_end(TCGContext *s, bool keep_tb_temps)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        switch (ts->kind) {
        case TEMP_GLOBAL:
            temp_release(s, ts, true);
            break;
        case TEMP_TB:
            temp_release(s, ts, keep_tb_temps);
            break;
        case TEMP_EBB:
            temp_release(s, ts, false);
            break;
        default:
            break;
        }
    }
    for (int r = 0; r < TCG_TARGET_NB_REGS; r++) {
        if (s->reg_to_temp[r] != REG_FREE &&
            (tcg_target_available_regs & (1u << r))) {
            s->reg_to_temp[r] = REG_FREE;
        }
    }
}

/* After a label: nothing is in registers.  */
static void bb_start(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_TB) {
            ts->val_type = ts->mem_allocated ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
            ts->mem_coherent = ts->mem_allocated;
        }
    }
}

static void sync_tb_temps(TCGContext *s)
{
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_TB) {
            temp_sync(s, ts);
            /* The branch target loads it from its slot.  */
            temp_alloc_mem(s, ts);
        }
    }
}

/* The output's value is dead right away (kept only if it is a global). */
static void output_done(TCGContext *s, TCGTemp *ts, bool dead)
{
    if (dead) {
        temp_release(s, ts, ts->kind == TEMP_GLOBAL);
    }
}

static void reg_alloc_mov(TCGContext *s, TCGOp *op)
{
    TCGTemp *dst = arg_temp(op->args[0]), *src = arg_temp(op->args[1]);
    bool src_dies = op->life_dead & 2;
    int reg;

    if (dst == src) {
        return;
    }
    if (dst->val_type == TEMP_VAL_REG) {
        s->reg_to_temp[dst->reg] = REG_FREE;
        dst->val_type = TEMP_VAL_DEAD;
    }
    if (src->val_type == TEMP_VAL_CONST) {
        reg = reg_alloc(s, 0);
        tcg_out_movi(s, dst->type, reg, src->val);
    } else if (src_dies && src->val_type == TEMP_VAL_REG &&
               src->kind != TEMP_FIXED) {
        /*
         * Hand the register over.  A dying global needs no write-back:
         * liveness marks it dead only when it is overwritten (or
         * discarded) before any block end, fault or globals-reading call.
         */
        reg = src->reg;
        src->val_type = src->kind == TEMP_GLOBAL ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
        src->reg = -1;
    } else {
        int sreg = temp_load(s, src, 0);
        reg = reg_alloc(s, 1u << sreg);
        tcg_out_mov(s, dst->type, reg, sreg);
        if (src_dies) {
            temp_release(s, src, false);
        }
    }
    bind_reg(s, dst, reg);
    dst->mem_coherent = false;
    output_done(s, dst, op->life_dead & 1);
}

static void reg_alloc_op(TCGContext *s, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int no = def->nb_oargs, ni = def->nb_iargs, nc = def->nb_cargs;
    TCGArg nargs[TCG_MAX_OP_ARGS];
    bool cargs[TCG_MAX_OP_ARGS] = {false};
    uint32_t locked = 0, out_regs = 0, dying_regs = 0;

    for (int k = 0; k < ni; k++) {
        TCGTemp *ts = arg_temp(op->args[no + k]);
        if (ts->val_type == TEMP_VAL_CONST &&
            tcg_target_const_match(op->opc, k, ts->val)) {
            nargs[no + k] = ts->val;
            cargs[no + k] = true;
            continue;
        }
        nargs[no + k] = temp_load(s, ts, locked);
        locked |= 1u << nargs[no + k];
    }
    for (int k = 0; k < nc; k++) {
        nargs[no + ni + k] = op->args[no + ni + k];
    }
    if (def->flags & TCG_OPF_MAY_FAULT) {
        sync_globals(s);
    }
    if (def->flags & TCG_OPF_COND_BRANCH) {
        sync_globals(s);
        sync_tb_temps(s);
    }
    /* Inputs at their last use give their registers to the outputs.  */
    for (int k = 0; k < ni; k++) {
        TCGTemp *ts = arg_temp(op->args[no + k]);

        if (!(op->life_dead & (1u << (no + k))) || cargs[no + k] ||
            ts->val_type != TEMP_VAL_REG) {
            continue;
        }
        /* A dying global needs no write-back (see reg_alloc_mov).  */
        dying_regs |= 1u << ts->reg;
        temp_release(s, ts, false);
        locked &= ~(1u << nargs[no + k]);
    }
    for (int k = 0; k < no; k++) {
        TCGTemp *ts = arg_temp(op->args[k]);
        int reg = -1;

        if (ts->val_type == TEMP_VAL_REG) {
            s->reg_to_temp[ts->reg] = REG_FREE;
            ts->val_type = TEMP_VAL_DEAD;
        }
        for (int r = 0; r < TCG_TARGET_NB_REGS; r++) {
            if ((dying_regs & ~out_regs & (1u << r)) &&
                s->reg_to_temp[r] == REG_FREE) {
                reg = r;
                break;
            }
        }
        if (reg < 0) {
            reg = reg_alloc(s, locked | out_regs);
        }
        out_regs |= 1u << reg;
        bind_reg(s, ts, reg);
        ts->mem_coherent = false;
        nargs[k] = reg;
    }
    tcg_out_op(s, op->opc, nargs, cargs);
    free_scratch(s);
    for (int k = 0; k < no; k++) {
        output_done(s, arg_temp(op->args[k]), op->life_dead & (1u << k));
    }
}

static void reg_alloc_call(TCGContext *s, TCGOp *op)
{
    int no = op->call_oargs, ni = op->call_iargs;
    const void *func = (const void *)(uintptr_t)op->args[no + ni];
    unsigned flags = op->args[no + ni + 1];

    /* Push every argument (no register shuffling problem), ...  */
    stack_adj = 0;
    for (int k = 0; k < ni; k++) {
        TCGTemp *ts = arg_temp(op->args[no + k]);
        switch (ts->val_type) {
        case TEMP_VAL_CONST:
            tcg_out_push_imm(s, ts->val);
            break;
        case TEMP_VAL_REG:
            tcg_out_push_reg(s, ts->reg);
            break;
        case TEMP_VAL_MEM:
            if (ts->type == TCG_TYPE_I32) {
                /* A 64-bit push could read past a 32-bit global.  */
                tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_TMP, ts->mem_base_reg,
                           mem_ofs(ts));
                tcg_out_push_reg(s, TCG_REG_TMP);
            } else {
                tcg_out_push_mem(s, ts->mem_base_reg, mem_ofs(ts));
            }
            break;
        default:
            tcg_out_push_imm(s, 0);
            break;
        }
        stack_adj += 8;
    }
    /* ... free what the call clobbers or may change, ...  */
    for (int k = 0; k < ni; k++) {
        if (op->life_dead & (1u << (no + k))) {
            temp_release(s, arg_temp(op->args[no + k]), false);
        }
    }
    for (int r = 0; r < TCG_TARGET_NB_REGS; r++) {
        if (tcg_target_call_clobber_regs & (1u << r)) {
            reg_spill(s, r);
        }
    }
    if (!(flags & TCG_CALL_NO_READ_GLOBALS)) {
        if (flags & TCG_CALL_NO_WRITE_GLOBALS) {
            sync_globals(s);
        } else {
            save_globals(s);
        }
    }
    /* ... then pop the arguments into their ABI registers.  */
    for (int k = ni - 1; k >= 0; k--) {
        tcg_out_pop_reg(s, tcg_target_call_iarg_regs[k]);
        stack_adj -= 8;
    }
    tcg_out_call(s, func);
    if (no) {
        TCGTemp *ts = arg_temp(op->args[0]);
        int reg;

        if (ts->val_type == TEMP_VAL_REG) {
            s->reg_to_temp[ts->reg] = REG_FREE;
        }
        reg = reg_alloc(s, 0);
        tcg_out_mov(s, ts->type, reg, TCG_REG_RAX);
        bind_reg(s, ts, reg);
        ts->mem_coherent = false;
        output_done(s, ts, op->life_dead & 1);
    }
}

static void record_insn_end(TCGContext *s)
{
    if (s->nb_insns > 0) {
        s->insn_end_off[s->nb_insns - 1] = tcg_current_code_size(s);
    }
}

void tcg_reg_alloc_code(TCGContext *s)
{
    for (int r = 0; r < TCG_TARGET_NB_REGS; r++) {
        s->reg_to_temp[r] = REG_FREE;
    }
    s->frame_used = 0;
    stack_adj = 0;
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        ts->reg = -1;
        switch (ts->kind) {
        case TEMP_FIXED:
            ts->val_type = TEMP_VAL_REG;
            ts->reg = TCG_AREG0;
            break;
        case TEMP_GLOBAL:
            ts->val_type = TEMP_VAL_MEM;
            ts->mem_coherent = true;
            break;
        case TEMP_CONST:
            ts->val_type = TEMP_VAL_CONST;
            break;
        default:
            ts->val_type = TEMP_VAL_DEAD;
            ts->mem_allocated = false;
            ts->mem_coherent = false;
            break;
        }
    }

    for (int n = 0; n < s->nb_ops; n++) {
        TCGOp *op = &s->ops[n];

        if (!tcg_code_room(s)) {
            return;
        }
        switch (op->opc) {
        case INDEX_op_nop:
            break;
        case INDEX_op_insn_start:
            if (s->nb_insns >= TCG_MAX_INSNS) {
                s->gen_overflow = true;
                return;
            }
            record_insn_end(s);
            for (int j = 0; j < TCG_MAX_INSN_START_WORDS; j++) {
                s->insn_data[s->nb_insns][j] =
                    j < s->insn_start_words ? op->args[j] : 0;
            }
            s->nb_insns++;
            break;
        case INDEX_op_set_label:
            bb_end(s, true);
            bb_start(s);
            tcg_out_set_label(s, (TCGLabel *)(uintptr_t)op->args[0]);
            break;
        case INDEX_op_br:
            bb_end(s, true);
            tcg_out8(s, 0xe9);
            tcg_out_label_ref(s, (TCGLabel *)(uintptr_t)op->args[0]);
            break;
        case INDEX_op_mov_i32:
        case INDEX_op_mov_i64:
            reg_alloc_mov(s, op);
            break;
        case INDEX_op_call:
            reg_alloc_call(s, op);
            break;
        case INDEX_op_discard: {
            /* The value is dead: drop its register without a write-back. */
            TCGTemp *ts = arg_temp(op->args[0]);
            temp_release(s, ts, false);
            if (ts->kind == TEMP_GLOBAL) {
                ts->mem_coherent = true;
            }
            break;
        }
        case INDEX_op_exit_tb:
            bb_end(s, false);
            tcg_out_exit_tb(s, op->args[0]);
            break;
        case INDEX_op_goto_tb:
            bb_end(s, false);
            tcg_out_goto_tb(s, op->args[0]);
            break;
        case INDEX_op_goto_ptr: {
            TCGTemp *ts = arg_temp(op->args[0]);
            int reg = temp_load(s, ts, 0);
            /* The pointer must survive bb_end: park it in a scratch reg. */
            tcg_out_mov(s, TCG_TYPE_PTR, TCG_REG_RAX, reg);
            free_scratch(s);
            bb_end(s, false);
            tcg_out_goto_ptr(s, TCG_REG_RAX);
            break;
        }
        default:
            reg_alloc_op(s, op);
            break;
        }
    }
    record_insn_end(s);
}
