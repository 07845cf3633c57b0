/*
 * TCG context: temporaries, labels, the op list, the code buffer and its
 * regions, tcg_gen_code() and the insn_start search table.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include <cpuid.h>
#include "tcg/tcg.h"
#include "tcg-internal.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = {#n, o, i, c, f},
#include "tcg/tcg-opc.h"
#undef DEF
};

__thread TCGContext *tcg_ctx;
TCGv_ptr tcg_env;
bool tcg_have_lzcnt, tcg_have_tzcnt, tcg_have_popcnt;

static TCGContext *tcg_init_ctx;
static TCGContext **tcg_ctxs;
static unsigned tcg_nb_ctxs, tcg_max_ctxs;
static uint8_t *code_gen_buffer;
static size_t code_gen_buffer_size;
static size_t region_size;
static GMutex region_lock;

static void detect_host_features(void)
{
    unsigned a, b, c, d;

    if (__get_cpuid(1, &a, &b, &c, &d)) {
        tcg_have_popcnt = (c >> 23) & 1;
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        tcg_have_tzcnt = (b >> 3) & 1; /* BMI1 */
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
        tcg_have_lzcnt = (c >> 5) & 1; /* ABM */
    }
    if (getenv("QEMU_TCG_NO_BMI")) {
        tcg_have_lzcnt = tcg_have_tzcnt = tcg_have_popcnt = false;
    }
}

static void region_assign(TCGContext *s, unsigned idx)
{
    uint8_t *start = code_gen_buffer + idx * region_size;

    if (idx == 0) {
        /* The prologue lives at the start of region 0.  */
        start = s->code_gen_start ? s->code_gen_start : start;
    }
    s->region_index = idx;
    s->code_gen_start = start;
    s->code_gen_end = code_gen_buffer + (idx + 1) * region_size;
    s->code_gen_ptr = start;
}

void tcg_init(size_t code_size, unsigned max_threads)
{
    TCGContext *s;
    uint8_t *prologue;
    TCGTemp *ts;

    if (tcg_init_ctx) {
        return;
    }
    if (max_threads == 0) {
        max_threads = 1;
    }
    code_size = MAX(code_size, (size_t)max_threads * 256 * KiB);
    code_size = MIN(code_size, (size_t)GiB);
    code_size = QEMU_ALIGN_UP(code_size, 4096);
    code_gen_buffer = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_gen_buffer == MAP_FAILED) {
        fprintf(stderr, "tcg: cannot allocate %zu bytes of code buffer: %s\n",
                code_size, strerror(errno));
        exit(1);
    }
    code_gen_buffer_size = code_size;
    region_size = QEMU_ALIGN_DOWN(code_size / max_threads, 4096);
    detect_host_features();

    s = g_new0(TCGContext, 1);
    tcg_init_ctx = s;
    tcg_ctx = s;
    tcg_max_ctxs = max_threads;
    tcg_ctxs = g_new0(TCGContext *, max_threads);
    tcg_ctxs[tcg_nb_ctxs++] = s;
    s->insn_start_words = 1;
    s->page_bits = 12;

    /* env: fixed in rbp.  */
    ts = &s->temps[s->nb_temps++];
    ts->type = TCG_TYPE_PTR;
    ts->kind = ts->base_kind = TEMP_FIXED;
    ts->val_type = TEMP_VAL_REG;
    ts->reg = TCG_AREG0;
    ts->name = "env";
    ts->temp_allocated = true;
    s->nb_globals = s->nb_temps;
    tcg_env = temp_tcgv_ptr(ts);

    tcg_target_init(s);
    region_assign(s, 0);
    /* Prologue + epilogue at the start of region 0.  */
    prologue = s->code_gen_ptr;
    s->code_buf = s->code_ptr = prologue;
    s->code_highwater = s->code_gen_end - 1024;
    tcg_target_qemu_prologue(s);
    s->code_gen_ptr = (uint8_t *)QEMU_ALIGN_UP((uintptr_t)s->code_ptr, 64);
    s->code_gen_start = s->code_gen_ptr;
}

void tcg_register_thread(void)
{
    TCGContext *s;

    g_assert(tcg_init_ctx);
    if (tcg_ctx) {
        return;
    }
    g_mutex_lock(&region_lock);
    if (tcg_nb_ctxs >= tcg_max_ctxs) {
        g_mutex_unlock(&region_lock);
        fprintf(stderr, "tcg: more threads than the %u regions\n",
                tcg_max_ctxs);
        abort();
    }
    s = g_new(TCGContext, 1);
    memcpy(s, tcg_init_ctx, offsetof(TCGContext, temps));
    memcpy(s->temps, tcg_init_ctx->temps,
           tcg_init_ctx->nb_globals * sizeof(TCGTemp));
    /* Per-TB state must not be shared with the init context.  */
    s->nb_labels = 0;
    s->nb_ops = 0;
    s->nb_temps = s->nb_globals;
    s->ldst = NULL;
    s->max_ldst = 0;
    s->log_op = s->log_op_opt = s->log_out_asm = NULL;
    s->code_gen_start = NULL;
    region_assign(s, tcg_nb_ctxs);
    tcg_ctxs[tcg_nb_ctxs++] = s;
    g_mutex_unlock(&region_lock);
    tcg_ctx = s;
    tcg_func_start(s);
}

void tcg_region_reset_all(void)
{
    g_mutex_lock(&region_lock);
    for (unsigned i = 0; i < tcg_nb_ctxs; i++) {
        tcg_ctxs[i]->code_gen_ptr = tcg_ctxs[i]->code_gen_start;
    }
    g_mutex_unlock(&region_lock);
}

size_t tcg_code_size(void)
{
    size_t n = 0;

    for (unsigned i = 0; i < tcg_nb_ctxs; i++) {
        n += tcg_ctxs[i]->code_gen_ptr - tcg_ctxs[i]->code_gen_start;
    }
    return n;
}

size_t tcg_code_capacity(void)
{
    size_t n = 0;

    for (unsigned i = 0; i < tcg_nb_ctxs; i++) {
        n += tcg_ctxs[i]->code_gen_end - tcg_ctxs[i]->code_gen_start;
    }
    return n;
}

void tcg_func_start(TCGContext *s)
{
    for (int i = 0; i < s->nb_labels; i++) {
        g_free(s->labels[i]->relocs);
        g_free(s->labels[i]);
    }
    s->nb_labels = 0;
    s->nb_ops = 0;
    s->nb_temps = s->nb_globals;
    s->gen_overflow = false;
    /* Constants are per TB: keeps the temp table small.  */
}

bool tcg_op_buf_full(void)
{
    return tcg_ctx->nb_ops >= TCG_MAX_OPS - 64 ||
           tcg_ctx->nb_temps >= TCG_MAX_TEMPS - 32;
}

/* Temps.  */

static TCGTemp *tcg_temp_alloc(TCGContext *s)
{
    TCGTemp *ts;

    if (s->nb_temps >= TCG_MAX_TEMPS - 1) {
        /* Keep going with a scratch temp; tcg_gen_code will fail.  */
        s->gen_overflow = true;
        ts = &s->temps[TCG_MAX_TEMPS - 1];
    } else {
        ts = &s->temps[s->nb_temps++];
    }
    memset(ts, 0, sizeof(*ts));
    ts->reg = -1;
    ts->temp_allocated = true;
    return ts;
}

TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts;

    /* Reuse a freed temp of the same type and kind.  */
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        ts = &s->temps[i];
        if (!ts->temp_allocated && ts->type == type && ts->base_kind == kind) {
            ts->temp_allocated = true;
            return ts;
        }
    }
    ts = tcg_temp_alloc(s);
    ts->type = type;
    ts->kind = ts->base_kind = kind;
    return ts;
}

static TCGTemp *global_mem_new(TCGType type, TCGv_ptr base, intptr_t ofs,
                               const char *name)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *bt = tcgv_ptr_temp(base);
    TCGTemp *ts;

    if (bt->kind != TEMP_FIXED || s->nb_temps != s->nb_globals) {
        fprintf(stderr, "tcg: globals must be based on env and created "
                        "before any TB temp\n");
        abort();
    }
    ts = tcg_temp_alloc(s);
    ts->type = type;
    ts->kind = ts->base_kind = TEMP_GLOBAL;
    ts->mem_base_reg = bt->reg;
    ts->mem_offset = ofs;
    ts->mem_allocated = true;
    ts->name = name;
    s->nb_globals = s->nb_temps;
    return ts;
}

TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t ofs, const char *n)
{
    return temp_tcgv_i32(global_mem_new(TCG_TYPE_I32, base, ofs, n));
}

TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t ofs, const char *n)
{
    return temp_tcgv_i64(global_mem_new(TCG_TYPE_I64, base, ofs, n));
}

TCGv_ptr tcg_global_mem_new_ptr(TCGv_ptr base, intptr_t ofs, const char *n)
{
    return temp_tcgv_ptr(global_mem_new(TCG_TYPE_PTR, base, ofs, n));
}

TCGv_i32 tcg_temp_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB));
}

TCGv_i64 tcg_temp_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB));
}

TCGv_ptr tcg_temp_new_ptr(void)
{
    return temp_tcgv_ptr(tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_TB));
}

TCGv_i32 tcg_temp_ebb_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB));
}

TCGv_i64 tcg_temp_ebb_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_EBB));
}

TCGv_ptr tcg_temp_ebb_new_ptr(void)
{
    return temp_tcgv_ptr(tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_EBB));
}

static void temp_free(TCGTemp *ts)
{
    if (ts->kind == TEMP_EBB || ts->kind == TEMP_TB) {
        ts->temp_allocated = false;
    }
}

void tcg_temp_free_i32(TCGv_i32 v)
{
    temp_free(tcgv_i32_temp(v));
}

void tcg_temp_free_i64(TCGv_i64 v)
{
    temp_free(tcgv_i64_temp(v));
}

void tcg_temp_free_ptr(TCGv_ptr v)
{
    temp_free(tcgv_ptr_temp(v));
}

TCGTemp *tcg_constant_internal(TCGType type, int64_t val)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts;

    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    /* Linear search is fine: few distinct constants per TB.  */
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        ts = &s->temps[i];
        if (ts->kind == TEMP_CONST && ts->type == type && ts->val == val) {
            return ts;
        }
    }
    ts = tcg_temp_alloc(s);
    ts->type = type;
    ts->kind = ts->base_kind = TEMP_CONST;
    ts->val = val;
    ts->val_type = TEMP_VAL_CONST;
    return ts;
}

TCGv_i32 tcg_constant_i32(int32_t val)
{
    return temp_tcgv_i32(tcg_constant_internal(TCG_TYPE_I32, val));
}

TCGv_i64 tcg_constant_i64(int64_t val)
{
    return temp_tcgv_i64(tcg_constant_internal(TCG_TYPE_I64, val));
}

TCGv_ptr tcg_constant_ptr_int(intptr_t val)
{
    return temp_tcgv_ptr(tcg_constant_internal(TCG_TYPE_PTR, val));
}

/* Labels and ops.  */

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    TCGLabel *l = g_new0(TCGLabel, 1);

    if (s->nb_labels >= TCG_MAX_LABELS) {
        /* Leak-free: keep the last slot as a sink and fail the TB.  */
        s->gen_overflow = true;
        g_free(s->labels[TCG_MAX_LABELS - 1]->relocs);
        g_free(s->labels[TCG_MAX_LABELS - 1]);
        s->labels[TCG_MAX_LABELS - 1] = l;
        l->id = TCG_MAX_LABELS - 1;
        return l;
    }
    l->id = s->nb_labels;
    s->labels[s->nb_labels++] = l;
    return l;
}

TCGOp *tcg_emit_op(TCGOpcode opc, int nargs)
{
    TCGContext *s = tcg_ctx;
    TCGOp *op;

    g_assert(nargs <= TCG_MAX_OP_ARGS);
    if (s->nb_ops >= TCG_MAX_OPS - 1) {
        s->gen_overflow = true;
        op = &s->ops[TCG_MAX_OPS - 1];
    } else {
        op = &s->ops[s->nb_ops++];
    }
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->nargs = nargs;
    return op;
}

TCGOp *tcg_last_op(void)
{
    return tcg_ctx->nb_ops ? &tcg_ctx->ops[tcg_ctx->nb_ops - 1] : NULL;
}

void tcg_set_insn_start_param(TCGOp *op, int arg, uint64_t v)
{
    g_assert(op->opc == INDEX_op_insn_start && arg < op->nargs);
    op->args[arg] = v;
}

TCGOpcode tcg_mov_opc(TCGType type)
{
    return type == TCG_TYPE_I32 ? INDEX_op_mov_i32 : INDEX_op_mov_i64;
}

void tcg_op_to_mov(TCGOp *op, TCGTemp *src)
{
    TCGTemp *dst = arg_temp(op->args[0]);

    op->opc = tcg_mov_opc(dst->type);
    op->nargs = 2;
    op->args[1] = (TCGArg)(uintptr_t)src;
    op->life_dead = 0;
}

bool tcg_eval_cond(TCGCond c, uint64_t a, uint64_t b, bool is64)
{
    int64_t sa, sb;

    if (!is64) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        sa = (int32_t)a;
        sb = (int32_t)b;
    } else {
        sa = a;
        sb = b;
    }
    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return a == b;
    case TCG_COND_NE:
        return a != b;
    case TCG_COND_LT:
        return sa < sb;
    case TCG_COND_GE:
        return sa >= sb;
    case TCG_COND_LE:
        return sa <= sb;
    case TCG_COND_GT:
        return sa > sb;
    case TCG_COND_LTU:
        return a < b;
    case TCG_COND_GEU:
        return a >= b;
    case TCG_COND_LEU:
        return a <= b;
    case TCG_COND_GTU:
        return a > b;
    }
    g_assert_not_reached();
}

/* Code generation.  */

static void encode_sleb128(GByteArray *b, int64_t v)
{
    bool more;

    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
        if (more) {
            byte |= 0x80;
        }
        g_byte_array_append(b, &byte, 1);
    } while (more);
}

static int64_t decode_sleb128(const uint8_t **pp)
{
    const uint8_t *p = *pp;
    int64_t val = 0;
    int shift = 0;
    uint8_t byte;

    do {
        byte = *p++;
        val |= (int64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) {
        val |= -(int64_t)1 << shift;
    }
    *pp = p;
    return val;
}

/*
 * Search data: for each insn, the delta of its end offset and of each
 * insn_start word from the previous insn (first insn: from 0 and pc_start),
 * sleb128 encoded.
 */
static int encode_search(TCGContext *s, uint64_t pc_start)
{
    GByteArray *b = g_byte_array_new();
    uint64_t prev[TCG_MAX_INSN_START_WORDS] = {pc_start};
    uint32_t prev_end = 0;
    int len;

    for (int i = 0; i < s->nb_insns; i++) {
        encode_sleb128(b, (int64_t)s->insn_end_off[i] - prev_end);
        prev_end = s->insn_end_off[i];
        for (int j = 0; j < s->insn_start_words; j++) {
            encode_sleb128(b, s->insn_data[i][j] - prev[j]);
            prev[j] = s->insn_data[i][j];
        }
    }
    len = b->len;
    if (s->code_ptr + len > s->code_gen_end) {
        g_byte_array_free(b, true);
        return -1;
    }
    if (len) {
        memcpy(s->code_ptr, b->data, len);
        s->code_ptr += len;
    }
    g_byte_array_free(b, true);
    return len;
}

int tcg_search_insn_data(const TCGTBCode *tc, uintptr_t host_pc, uint64_t *data)
{
    const TCGContext *s = tcg_ctx ? tcg_ctx : tcg_init_ctx;
    int words = s->insn_start_words;
    const uint8_t *p = tc->search_data;
    uintptr_t start = (uintptr_t)tc->ptr;
    uint64_t d[TCG_MAX_INSN_START_WORDS];
    uint32_t end = 0;

    if (!p || host_pc <= start || host_pc > start + tc->size) {
        return -1;
    }
    /* The decode needs pc_start: it is stored in data before the loop.  */
    memcpy(d, tc->search_data - sizeof(d), sizeof(d));
    for (uint32_t i = 0; i < tc->icount; i++) {
        end += decode_sleb128(&p);
        for (int j = 0; j < words; j++) {
            d[j] += decode_sleb128(&p);
        }
        if (host_pc <= start + end) {
            memcpy(data, d, words * sizeof(uint64_t));
            return i;
        }
    }
    return -1;
}

/* Execution must never run off the end of a TB's code.  */
static void check_tb_end(TCGContext *s)
{
    int i = s->nb_ops - 1;

    while (i >= 0 && (s->ops[i].opc == INDEX_op_nop ||
                      s->ops[i].opc == INDEX_op_insn_start)) {
        i--;
    }
    if (i < 0 || !(tcg_op_defs[s->ops[i].opc].flags & TCG_OPF_BB_EXIT)) {
        fprintf(stderr,
                "tcg: TB must end with exit_tb, goto_tb, goto_ptr "
                "or br (last op: %s)\n",
                i < 0 ? "none" : tcg_op_defs[s->ops[i].opc].name);
        abort();
    }
}

int tcg_gen_code(TCGContext *s, TCGTBCode *tc, uint64_t pc_start)
{
    uint64_t base[TCG_MAX_INSN_START_WORDS] = {pc_start};
    int r;

    if (s->gen_overflow) {
        return -2;
    }
    if (s->log_op) {
        fprintf(s->log_op, "OP:\n");
        tcg_dump_ops(s, s->log_op, false);
        fprintf(s->log_op, "\n");
    }
    tcg_optimize(s);
    check_tb_end(s);
    tcg_liveness_analysis(s);
    if (s->log_op_opt) {
        fprintf(s->log_op_opt, "OP after optimization and liveness:\n");
        tcg_dump_ops(s, s->log_op_opt, true);
        fprintf(s->log_op_opt, "\n");
    }

    s->code_buf = (uint8_t *)QEMU_ALIGN_UP((uintptr_t)s->code_gen_ptr, 16);
    if (s->code_buf + 8192 > s->code_gen_end) {
        return -1;
    }
    s->code_ptr = s->code_buf;
    s->code_highwater = s->code_gen_end - 4096;
    memset(tc, 0, sizeof(*tc));
    tc->ptr = s->code_buf;
    s->gen_tc = tc;
    s->nb_insns = 0;
    s->nb_ldst = 0;
    /* A retry after -1 may reuse the same op list.  */
    for (int i = 0; i < s->nb_labels; i++) {
        s->labels[i]->has_value = false;
        s->labels[i]->nb_relocs = 0;
    }

    tcg_reg_alloc_code(s);
    if (s->gen_overflow) {
        return -2;
    }
    for (int i = 0; i < s->nb_labels; i++) {
        if (s->labels[i]->referenced && !s->labels[i]->has_value &&
            s->labels[i]->nb_relocs) {
            fprintf(stderr, "tcg: branch to label L%d which is never set\n", i);
            abort();
        }
    }
    if (!tcg_code_room(s)) {
        return -1;
    }
    tc->size = tcg_current_code_size(s);
    tc->icount = s->nb_insns;
    if (!tcg_out_ldst_finalize(s)) {
        return -1;
    }
    /* pc_start (padded to all words) precedes the encoded table.  */
    if (s->code_ptr + sizeof(base) > s->code_gen_end) {
        return -1;
    }
    memcpy(s->code_ptr, base, sizeof(base));
    s->code_ptr += sizeof(base);
    tc->search_data = s->code_ptr;
    r = encode_search(s, pc_start);
    if (r < 0) {
        return -1;
    }
    if (s->log_out_asm) {
        fprintf(s->log_out_asm, "OUT: [size=%u]\n", tc->size);
        tcg_dump_code(s->log_out_asm, tc->ptr, tc->size);
        fprintf(s->log_out_asm, "\n");
    }
    s->code_gen_ptr = s->code_ptr;
    return tc->size;
}

/* Logging.  */

const char *tcg_cond_name(TCGCond c)
{
    static const char *const names[16] = {
        [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
        [TCG_COND_EQ] = "eq",       [TCG_COND_NE] = "ne",
        [TCG_COND_LT] = "lt",       [TCG_COND_GE] = "ge",
        [TCG_COND_LE] = "le",       [TCG_COND_GT] = "gt",
        [TCG_COND_LTU] = "ltu",     [TCG_COND_GEU] = "geu",
        [TCG_COND_LEU] = "leu",     [TCG_COND_GTU] = "gtu",
    };
    return (unsigned)c < 16 && names[c] ? names[c] : "?";
}

static void dump_temp(TCGContext *s, FILE *f, TCGTemp *ts)
{
    int idx = ts - s->temps;

    switch (ts->kind) {
    case TEMP_FIXED:
    case TEMP_GLOBAL:
        fprintf(f, "%s", ts->name ? ts->name : "glob");
        break;
    case TEMP_CONST:
        fprintf(f, "$0x%" PRIx64, (uint64_t)ts->val);
        break;
    case TEMP_TB:
        fprintf(f, "loc%d", idx - s->nb_globals);
        break;
    default:
        fprintf(f, "tmp%d", idx - s->nb_globals);
        break;
    }
}

void tcg_dump_ops(TCGContext *s, FILE *f, bool have_prefs)
{
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no = tcg_op_nb_oargs(op), ni = tcg_op_nb_iargs(op);
        int k = 0;

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc == INDEX_op_insn_start) {
            fprintf(f, " ---- ");
            for (int j = 0; j < s->insn_start_words; j++) {
                fprintf(f, "%s%016" PRIx64, j ? " " : "", op->args[j]);
            }
            fprintf(f, "\n");
            continue;
        }
        if (op->opc == INDEX_op_call) {
            fprintf(f, " call %p,$0x%x", (void *)(uintptr_t)op->args[no + ni],
                    (unsigned)op->args[no + ni + 1]);
        } else {
            fprintf(f, " %s ", def->name);
        }
        for (; k < no + ni; k++) {
            fprintf(f, "%s", (k || op->opc == INDEX_op_call) ? "," : "");
            dump_temp(s, f, arg_temp(op->args[k]));
        }
        if (op->opc != INDEX_op_call) {
            for (int j = 0; j < def->nb_cargs; j++, k++) {
                TCGArg a = op->args[k];
                fprintf(f, "%s", k ? "," : "");
                if ((def->flags & TCG_OPF_COND_BRANCH && j == 1) ||
                    op->opc == INDEX_op_br || op->opc == INDEX_op_set_label) {
                    fprintf(f, "$L%d", ((TCGLabel *)(uintptr_t)a)->id);
                } else if (j == 0 && (op->opc == INDEX_op_brcond_i32 ||
                                      op->opc == INDEX_op_brcond_i64 ||
                                      op->opc == INDEX_op_setcond_i32 ||
                                      op->opc == INDEX_op_setcond_i64 ||
                                      op->opc == INDEX_op_negsetcond_i32 ||
                                      op->opc == INDEX_op_negsetcond_i64 ||
                                      op->opc == INDEX_op_movcond_i32 ||
                                      op->opc == INDEX_op_movcond_i64)) {
                    fprintf(f, "%s", tcg_cond_name(a));
                } else {
                    fprintf(f, "$0x%" PRIx64, a);
                }
            }
        }
        if (have_prefs && op->life_dead) {
            fprintf(f, "  dead:");
            for (int j = 0; j < no + ni; j++) {
                if (op->life_dead & (1u << j)) {
                    fprintf(f, " %d", j);
                }
            }
        }
        fprintf(f, "\n");
    }
}

void tcg_dump_code(FILE *f, const void *code, size_t size)
{
    const uint8_t *p = code;

    for (size_t i = 0; i < size; i += 16) {
        fprintf(f, "0x%012" PRIxPTR ": ", (uintptr_t)(p + i));
        for (size_t j = i; j < i + 16 && j < size; j++) {
            fprintf(f, " %02x", p[j]);
        }
        fprintf(f, "\n");
    }
}
