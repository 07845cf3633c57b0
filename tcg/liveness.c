/*
 * Liveness: a backward pass that deletes ops whose results are unused and
 * have no side effects, and marks in op->life_dead which arguments hold
 * their last use, so the register allocator can free registers early.
 *
 * At block boundaries: globals are always live (they must reach env);
 * TB temps are live across labels and branches, dead at TB exits; EBB
 * temps are dead at labels and unconditional branches and keep their state
 * across a conditional branch (the fall-through continues the EBB).
 */
#include "qemu/osdep.h"
#include "tcg-internal.h"

/*
 * A TB temp that is only used between two labels behaves like an EBB temp:
 * demote it so it is never written to the stack at block ends.
 */
void tcg_liveness_demote(TCGContext *s)
{
    uintptr_t ebb = 1;
    const uintptr_t multi = UINTPTR_MAX;

    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        s->temps[i].kind = s->temps[i].base_kind;
        s->temps[i].state = 0;
    }
    for (int n = 0; n < s->nb_ops; n++) {
        TCGOp *op = &s->ops[n];
        int na;

        if (op->opc == INDEX_op_set_label) {
            ebb++;
            continue;
        }
        if (tcg_op_defs[op->opc].flags & TCG_OPF_NOT_PRESENT &&
            op->opc != INDEX_op_call && op->opc != INDEX_op_mov_i32 &&
            op->opc != INDEX_op_mov_i64) {
            continue;
        }
        na = tcg_op_nb_oargs(op) + tcg_op_nb_iargs(op);
        for (int k = 0; k < na; k++) {
            TCGTemp *t = arg_temp(op->args[k]);
            if (t->kind != TEMP_TB) {
                continue;
            }
            if (t->state == 0) {
                t->state = ebb;
            } else if (t->state != ebb) {
                t->state = multi;
            }
        }
    }
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *t = &s->temps[i];
        if (t->kind == TEMP_TB && t->state != multi) {
            t->kind = TEMP_EBB;
        }
    }
}

enum { LIVE_BB_LABEL, LIVE_BB_BRANCH, LIVE_TB_EXIT, LIVE_COND_BRANCH };

static void la_block_end(TCGContext *s, int how)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *t = &s->temps[i];
        switch (t->kind) {
        case TEMP_GLOBAL:
            t->state = 1;
            break;
        case TEMP_TB:
            t->state = how != LIVE_TB_EXIT;
            break;
        case TEMP_EBB:
            if (how != LIVE_COND_BRANCH) {
                t->state = 0;
            }
            break;
        default:
            break;
        }
    }
}

static void la_globals_live(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL) {
            s->temps[i].state = 1;
        }
    }
}

void tcg_liveness_analysis(TCGContext *s)
{
    tcg_liveness_demote(s);
    la_block_end(s, LIVE_TB_EXIT);
    for (int n = s->nb_ops - 1; n >= 0; n--) {
        TCGOp *op = &s->ops[n];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no, ni;
        bool side_effects;

        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
        case INDEX_op_mb:
            continue;
        case INDEX_op_set_label:
            la_block_end(s, LIVE_BB_LABEL);
            continue;
        case INDEX_op_br:
            la_block_end(s, LIVE_BB_BRANCH);
            continue;
        case INDEX_op_exit_tb:
        case INDEX_op_goto_tb:
        case INDEX_op_goto_ptr:
            la_block_end(s, LIVE_TB_EXIT);
            break;
        default:
            if (def->flags & TCG_OPF_COND_BRANCH) {
                la_block_end(s, LIVE_COND_BRANCH);
            }
            break;
        }
        no = tcg_op_nb_oargs(op);
        ni = tcg_op_nb_iargs(op);
        if (op->opc == INDEX_op_call) {
            unsigned flags = op->args[no + ni + 1];
            side_effects = !(flags & TCG_CALL_NO_SIDE_EFFECTS);
        } else {
            side_effects = def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END |
                                         TCG_OPF_MAY_FAULT);
        }
        if (!side_effects) {
            bool any_live = false;
            for (int k = 0; k < no; k++) {
                any_live |= arg_temp(op->args[k])->state != 0;
            }
            if (!any_live) {
                op->opc = INDEX_op_nop;
                op->nargs = 0;
                continue;
            }
        }
        op->life_dead = 0;
        for (int k = 0; k < no; k++) {
            TCGTemp *t = arg_temp(op->args[k]);
            if (!t->state) {
                op->life_dead |= 1u << k;
            }
            t->state = 0;
        }
        if (op->opc == INDEX_op_call) {
            unsigned flags = op->args[no + ni + 1];
            if (!(flags & TCG_CALL_NO_READ_GLOBALS)) {
                la_globals_live(s);
            }
        } else if (def->flags & TCG_OPF_MAY_FAULT) {
            la_globals_live(s);
        }
        for (int k = no; k < no + ni; k++) {
            TCGTemp *t = arg_temp(op->args[k]);
            if (t->kind == TEMP_CONST || t->kind == TEMP_FIXED) {
                continue;
            }
            if (!t->state) {
                op->life_dead |= 1u << k;
            }
        }
        /* Separate loop: an input used twice dies once, at the end.  */
        for (int k = no; k < no + ni; k++) {
            arg_temp(op->args[k])->state = 1;
        }
    }
}
