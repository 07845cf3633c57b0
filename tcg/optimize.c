/*
 * Optimizer: one forward pass over the op list doing constant folding,
 * algebraic identities, copy propagation and branch folding.  Knowledge
 * about temps is kept along an extended basic block (labels reset it; the
 * fall-through of a conditional branch keeps it).  Dead ops left behind
 * (e.g. movs whose uses were all propagated) are removed by liveness.
 */
#include "qemu/osdep.h"
#include "tcg-internal.h"

typedef struct OptTemp {
    bool is_const;
    uint64_t val;
    TCGTemp *copy; /* equal to copy while copy_ver == copy's ver */
    uint32_t copy_ver;
    uint32_t ver;
    uint64_t z; /* bits that may be non-zero (i64 values only) */
} OptTemp;

typedef struct OptState {
    TCGContext *s;
    OptTemp info[TCG_MAX_TEMPS];
} OptState;

static OptTemp *ti(OptState *o, TCGTemp *t)
{
    return &o->info[t - o->s->temps];
}

static uint64_t norm(TCGType type, uint64_t v)
{
    return type == TCG_TYPE_I32 ? (uint64_t)(int64_t)(int32_t)v : v;
}

static void set_unknown(OptState *o, TCGTemp *t)
{
    OptTemp *i = ti(o, t);
    i->ver++;
    i->is_const = false;
    i->copy = NULL;
    i->z = ~0ull;
}

static void reset_all(OptState *o)
{
    for (int k = 0; k < o->s->nb_temps; k++) {
        TCGTemp *t = &o->s->temps[k];
        set_unknown(o, t);
        if (t->kind == TEMP_CONST) {
            o->info[k].is_const = true;
            o->info[k].val = t->val;
        }
    }
}

static void reset_globals(OptState *o)
{
    for (int k = 0; k < o->s->nb_globals; k++) {
        set_unknown(o, &o->s->temps[k]);
    }
}

static void set_copy(OptState *o, TCGTemp *dst, TCGTemp *src)
{
    OptTemp *d = ti(o, dst), *sr = ti(o, src);

    set_unknown(o, dst);
    if (sr->is_const) {
        d->is_const = true;
        d->val = sr->val;
    } else if (src->kind != TEMP_FIXED) {
        d->copy = src;
        d->copy_ver = sr->ver;
    }
    d->z = src->kind == TEMP_CONST ? src->val : sr->is_const ? sr->val : sr->z;
}

static void to_copy(OptState *o, TCGOp *op, TCGTemp *src);

static uint64_t zbits(OptState *o, TCGTemp *t)
{
    OptTemp *i = ti(o, t);

    if (t->kind == TEMP_CONST) {
        return t->val;
    }
    return i->is_const ? i->val : i->z;
}

/*
 * Known-zero bits of the result of a single-output i64 op (all ones when
 * unknown), so zero-extensions of values already zero-extended vanish.
 */
static uint64_t op_zbits(OptState *o, TCGOp *op)
{
    TCGTemp *a = arg_temp(op->args[1]);
    TCGTemp *b = tcg_op_nb_iargs(op) > 1 ? arg_temp(op->args[2]) : NULL;
    uint64_t za = zbits(o, a);

    switch (op->opc) {
    case INDEX_op_and_i64:
        return za & zbits(o, b);
    case INDEX_op_or_i64:
    case INDEX_op_xor_i64:
        return za | zbits(o, b);
    case INDEX_op_ext8u_i64:
    case INDEX_op_ld8u_i64:
        return op->opc == INDEX_op_ext8u_i64 ? za & 0xff : 0xff;
    case INDEX_op_ext16u_i64:
        return za & 0xffff;
    case INDEX_op_ld16u_i64:
        return 0xffff;
    case INDEX_op_ext32u_i64:
        return za & 0xffffffffull;
    case INDEX_op_extu_i32_i64:
    case INDEX_op_ld32u_i64:
        return 0xffffffffull;
    case INDEX_op_setcond_i64:
        return 1;
    case INDEX_op_shr_i64:
        return b->kind == TEMP_CONST ? za >> (b->val & 63) : ~0ull;
    case INDEX_op_shl_i64:
        return b->kind == TEMP_CONST ? za << (b->val & 63) : ~0ull;
    case INDEX_op_movcond_i64:
        return zbits(o, arg_temp(op->args[3])) |
               zbits(o, arg_temp(op->args[4]));
    case INDEX_op_qemu_ld_i64: {
        MemOp mop = get_memop(op->args[2]);
        if (!(mop & MO_SIGN) && (mop & MO_SIZE) < MO_64) {
            return (2ull << ((8 << (mop & MO_SIZE)) - 1)) - 1;
        }
        return ~0ull;
    }
    default:
        return ~0ull;
    }
}

/* and/ext with a mask the value already fits in: a copy.  */
static bool fold_zext(OptState *o, TCGOp *op)
{
    uint64_t m;

    switch (op->opc) {
    case INDEX_op_and_i64:
        if (arg_temp(op->args[2])->kind != TEMP_CONST) {
            return false;
        }
        m = arg_temp(op->args[2])->val;
        break;
    case INDEX_op_ext8u_i64:
        m = 0xff;
        break;
    case INDEX_op_ext16u_i64:
        m = 0xffff;
        break;
    case INDEX_op_ext32u_i64:
        m = 0xffffffffull;
        break;
    default:
        return false;
    }
    if (zbits(o, arg_temp(op->args[1])) & ~m) {
        /* A mask of low bits is a zero-extension: one host insn.  */
        if (op->opc == INDEX_op_and_i64 &&
            (m == 0xff || m == 0xffff || m == 0xffffffffull)) {
            op->opc = m == 0xff     ? INDEX_op_ext8u_i64
                      : m == 0xffff ? INDEX_op_ext16u_i64
                                    : INDEX_op_ext32u_i64;
            op->nargs = 2;
        }
        return false;
    }
    to_copy(o, op, arg_temp(op->args[1]));
    return true;
}

/* The cheapest equivalent of t at this point.  */
static TCGTemp *resolve(OptState *o, TCGTemp *t)
{
    OptTemp *i = ti(o, t);

    if (t->kind == TEMP_CONST) {
        return t;
    }
    if (i->is_const) {
        return tcg_constant_internal(t->type, i->val);
    }
    if (i->copy && i->copy_ver == ti(o, i->copy)->ver &&
        i->copy->type == t->type) {
        return i->copy;
    }
    return t;
}

static void to_const(OptState *o, TCGOp *op, uint64_t v)
{
    TCGTemp *dst = arg_temp(op->args[0]);
    TCGTemp *c = tcg_constant_internal(dst->type, norm(dst->type, v));

    tcg_op_to_mov(op, c);
    set_copy(o, dst, c);
}

static void to_copy(OptState *o, TCGOp *op, TCGTemp *src)
{
    TCGTemp *dst = arg_temp(op->args[0]);

    if (dst == src) {
        op->opc = INDEX_op_nop;
        op->nargs = 0;
        return;
    }
    tcg_op_to_mov(op, src);
    set_copy(o, dst, src);
}

static uint64_t bswap_n(uint64_t x, int bytes)
{
    uint64_t r = 0;
    for (int i = 0; i < bytes; i++) {
        r = (r << 8) | ((x >> (8 * i)) & 0xff);
    }
    return r;
}

#define CASE2(x)                                                               \
    case INDEX_op_##x##_i32:                                                   \
    case INDEX_op_##x##_i64

/* Evaluate a foldable op on constant inputs; false if not foldable.  */
static bool fold(TCGOpcode opc, bool is64, uint64_t x, uint64_t y,
                 uint64_t *res)
{
    int w = is64 ? 64 : 32;
    uint64_t m = is64 ? ~0ull : 0xffffffffull;
    uint64_t ux = x & m, uy = y & m;
    int64_t sx = is64 ? (int64_t)x : (int32_t)x;
    int64_t sy = is64 ? (int64_t)y : (int32_t)y;
    unsigned sh = y & (w - 1);

    switch (opc) {
        CASE2(add) : *res = x + y;
        break;
        CASE2(sub) : *res = x - y;
        break;
        CASE2(mul) : *res = x * y;
        break;
        CASE2(and) : *res = x & y;
        break;
        CASE2(or) : *res = x | y;
        break;
        CASE2(xor) : *res = x ^ y;
        break;
        CASE2(shl) : *res = ux << sh;
        break;
        CASE2(shr) : *res = ux >> sh;
        break;
        CASE2(sar) : *res = sx >> sh;
        break;
        CASE2(rotl) : *res = sh ? (ux << sh) | (ux >> (w - sh)) : ux;
        break;
        CASE2(rotr) : *res = sh ? (ux >> sh) | (ux << (w - sh)) : ux;
        break;
        CASE2(div)
            : *res = sy == 0    ? ~0ull
                     : sy == -1 ? -(uint64_t)sx
                                : sx / sy;
        break;
        CASE2(divu) : *res = uy == 0 ? ~0ull : ux / uy;
        break;
        CASE2(rem) : *res = sy == 0 ? (uint64_t)sx : sy == -1 ? 0 : sx % sy;
        break;
        CASE2(remu) : *res = uy == 0 ? ux : ux % uy;
        break;
        CASE2(clz)
            : *res = ux ? (is64 ? __builtin_clzll(ux) : __builtin_clz(ux)) : y;
        break;
        CASE2(ctz) : *res = ux ? __builtin_ctzll(ux) : y;
        break;
        CASE2(ctpop) : *res = __builtin_popcountll(ux);
        break;
        CASE2(not ) : *res = ~x;
        break;
        CASE2(neg) : *res = -x;
        break;
        CASE2(ext8s) : *res = (int8_t)x;
        break;
        CASE2(ext8u) : *res = (uint8_t)x;
        break;
        CASE2(ext16s) : *res = (int16_t)x;
        break;
        CASE2(ext16u) : *res = (uint16_t)x;
        break;
        CASE2(bswap16) : *res = bswap_n(x, 2);
        break;
        CASE2(bswap32) : *res = bswap_n(x, 4);
        break;
    case INDEX_op_bswap64_i64:
        *res = bswap_n(x, 8);
        break;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
    case INDEX_op_extrl_i64_i32:
        *res = (int32_t)x;
        break;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
        *res = (uint32_t)x;
        break;
    case INDEX_op_extrh_i64_i32:
        *res = (int32_t)(x >> 32);
        break;
    default:
        return false;
    }
    return true;
}

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
        CASE2(add)
            : CASE2(mul) : CASE2(and) : CASE2(or) : CASE2(xor) : return true;
    default:
        return false;
    }
}

static void swap_args(TCGOp *op, int a, int b)
{
    TCGArg t = op->args[a];
    op->args[a] = op->args[b];
    op->args[b] = t;
}

/* Identities with a constant second operand or equal operands.  */
static bool fold_identity(OptState *o, TCGOp *op, bool is64)
{
    TCGTemp *x = arg_temp(op->args[1]), *yt = arg_temp(op->args[2]);
    uint64_t all = is64 ? ~0ull : 0xffffffffull;
    bool yc = yt->kind == TEMP_CONST;
    uint64_t y = yc ? yt->val & all : 0;

    switch (op->opc) {
        CASE2(add)
            : CASE2(sub)
            : CASE2(or)
            : CASE2(xor)
            : CASE2(shl)
            : CASE2(shr)
            : CASE2(sar) : CASE2(rotl) : CASE2(rotr) : if (yc && y == 0)
        {
            to_copy(o, op, x);
            return true;
        }
        break;
    default:
        break;
    }
    switch (op->opc) {
        CASE2(and) : if (yc && y == all)
        {
            to_copy(o, op, x);
            return true;
        }
        if ((yc && y == 0)) {
            to_const(o, op, 0);
            return true;
        }
        if (x == yt) {
            to_copy(o, op, x);
            return true;
        }
        break;
        CASE2(or) : if (yc && y == all)
        {
            to_const(o, op, all);
            return true;
        }
        if (x == yt) {
            to_copy(o, op, x);
            return true;
        }
        break;
        CASE2(mul) : if (yc && y == 0)
        {
            to_const(o, op, 0);
            return true;
        }
        if (yc && y == 1) {
            to_copy(o, op, x);
            return true;
        }
        break;
        CASE2(sub) : CASE2(xor) : if (x == yt)
        {
            to_const(o, op, 0);
            return true;
        }
        break;
    default:
        break;
    }
    return false;
}

/* Result of cond(a, b) if known at translation time: 0, 1, or -1.  */
static int fold_cond(TCGCond c, TCGTemp *a, TCGTemp *b, bool is64)
{
    if (a->kind == TEMP_CONST && b->kind == TEMP_CONST) {
        return tcg_eval_cond(c, a->val, b->val, is64);
    }
    if (a == b) {
        switch (c) {
        case TCG_COND_EQ:
        case TCG_COND_GE:
        case TCG_COND_LE:
        case TCG_COND_GEU:
        case TCG_COND_LEU:
            return 1;
        default:
            return 0;
        }
    }
    return -1;
}

void tcg_optimize(TCGContext *s)
{
    OptState *o = g_new0(OptState, 1);

    o->s = s;
    reset_all(o);
    for (int n = 0; n < s->nb_ops; n++) {
        TCGOp *op = &s->ops[n];
        TCGOpcode opc = op->opc;
        const TCGOpDef *def = &tcg_op_defs[opc];
        bool is64 = def->flags & TCG_OPF_64BIT;
        int no, ni, r;
        uint64_t v;

        switch (opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
        case INDEX_op_mb:
            continue;
        case INDEX_op_set_label:
        case INDEX_op_br:
        case INDEX_op_exit_tb:
        case INDEX_op_goto_tb:
            reset_all(o);
            continue;
        default:
            break;
        }
        no = tcg_op_nb_oargs(op);
        ni = tcg_op_nb_iargs(op);
        for (int k = no; k < no + ni; k++) {
            op->args[k] = (TCGArg)(uintptr_t)resolve(o, arg_temp(op->args[k]));
        }
        if (opc == INDEX_op_call) {
            unsigned flags = op->args[no + ni + 1];
            if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                reset_globals(o);
            }
            for (int k = 0; k < no; k++) {
                set_unknown(o, arg_temp(op->args[k]));
            }
            continue;
        }
        if (opc == INDEX_op_mov_i32 || opc == INDEX_op_mov_i64) {
            to_copy(o, op, arg_temp(op->args[1]));
            continue;
        }
        if (is_commutative(opc) && arg_temp(op->args[1])->kind == TEMP_CONST &&
            arg_temp(op->args[2])->kind != TEMP_CONST) {
            swap_args(op, 1, 2);
        }
        switch (opc) {
            CASE2(brcond)
                : if (arg_temp(op->args[0])->kind == TEMP_CONST &&
                      arg_temp(op->args[1])->kind != TEMP_CONST)
            {
                swap_args(op, 0, 1);
                op->args[2] = tcg_swap_cond(op->args[2]);
            }
            r = fold_cond(op->args[2], arg_temp(op->args[0]),
                          arg_temp(op->args[1]), is64);
            if (r == 1) {
                op->opc = INDEX_op_br;
                op->args[0] = op->args[3];
                op->nargs = 1;
                reset_all(o);
            } else if (r == 0) {
                op->opc = INDEX_op_nop;
                op->nargs = 0;
            }
            continue;
            CASE2(setcond)
                : CASE2(negsetcond)
                : if (arg_temp(op->args[1])->kind == TEMP_CONST &&
                      arg_temp(op->args[2])->kind != TEMP_CONST)
            {
                swap_args(op, 1, 2);
                op->args[3] = tcg_swap_cond(op->args[3]);
            }
            r = fold_cond(op->args[3], arg_temp(op->args[1]),
                          arg_temp(op->args[2]), is64);
            if (r >= 0) {
                bool neg = opc == INDEX_op_negsetcond_i32 ||
                           opc == INDEX_op_negsetcond_i64;
                to_const(o, op, neg ? -(uint64_t)r : (uint64_t)r);
                continue;
            }
            break;
            CASE2(movcond)
                : r = fold_cond(op->args[5], arg_temp(op->args[1]),
                                arg_temp(op->args[2]), is64);
            if (r >= 0 || op->args[3] == op->args[4]) {
                to_copy(o, op, arg_temp(op->args[r == 0 ? 4 : 3]));
                continue;
            }
            break;
        default:
            if (no == 1 && ni >= 1 && ni <= 2 &&
                !(def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_MAY_FAULT)) &&
                arg_temp(op->args[1])->kind == TEMP_CONST &&
                (ni == 1 || arg_temp(op->args[2])->kind == TEMP_CONST) &&
                fold(opc,
                     opc == INDEX_op_extrl_i64_i32 ||
                         opc == INDEX_op_extrh_i64_i32 || is64,
                     arg_temp(op->args[1])->val,
                     ni == 2 ? arg_temp(op->args[2])->val : 0, &v)) {
                to_const(o, op, v);
                continue;
            }
            if (no == 1 && ni == 2 && fold_identity(o, op, is64)) {
                continue;
            }
            if (no == 1 && fold_zext(o, op)) {
                continue;
            }
            break;
        }
        v = no == 1 && ni >= 1 && is64 ? op_zbits(o, op) : ~0ull;
        for (int k = 0; k < no; k++) {
            set_unknown(o, arg_temp(op->args[k]));
        }
        if (no == 1) {
            ti(o, arg_temp(op->args[0]))->z = v;
        }
    }
    g_free(o);
}
