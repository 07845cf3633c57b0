/*
 * TCG unit tests: build IR, generate x86-64 code, run it through the
 * prologue on a fake CPU state, and compare with C semantics.
 */
#include "qemu/osdep.h"
#include "tcg/tcg.h"
#include "tcg/tcg-op.h"

#define NGLOB       8
#define TLB_ENTRIES 64
#define GUEST_PAGE  0x10000ull /* guest address of the mapped page */

typedef struct TestEnv {
    uint64_t r[NGLOB]; /* i64 globals */
    uint32_t w[NGLOB]; /* i32 globals */
    uint64_t out[64];  /* results, written with st */
    uint8_t bytes[64];
    CPUTLBDescFast tlb[2];
    uint64_t seen[8]; /* helper observations */
} TestEnv;

static TestEnv env;
static TCGv_i64 g64[NGLOB];
static TCGv_i32 g32[NGLOB];
static CPUTLBEntry tlb_table[2][TLB_ENTRIES];
static uint8_t *guest_ram; /* 2 host pages: guest pages 0x10000.. */
static TCGTBCode last_tc;

#define OUT(i) offsetof(TestEnv, out[i])

/* Generate the current op list, flushing the buffer when it is full.  */
static TCGTBCode *gen(void)
{
    int r = tcg_gen_code(tcg_ctx, &last_tc, 0x1000);

    if (r == -1) {
        g_assert_not_reached();
    }
    g_assert_cmpint(r, >, 0);
    return &last_tc;
}

static uintptr_t run(void)
{
    return tcg_qemu_tb_exec(&env, last_tc.ptr);
}

static void start(void)
{
    if (tcg_code_size() > tcg_code_capacity() / 2) {
        tcg_region_reset_all();
    }
    tcg_func_start(tcg_ctx);
    if (getenv("TEST_TCG_LOG")) {
        tcg_ctx->log_op = tcg_ctx->log_op_opt = stderr;
        tcg_ctx->log_out_asm = stderr;
    }
}

static uintptr_t gen_run(void)
{
    tcg_gen_exit_tb(NULL, 0);
    gen();
    return run();
}

/* Reference semantics.  */

enum {
    B_ADD,
    B_SUB,
    B_AND,
    B_OR,
    B_XOR,
    B_ANDC,
    B_ORC,
    B_EQV,
    B_NAND,
    B_NOR,
    B_SHL,
    B_SHR,
    B_SAR,
    B_ROTL,
    B_ROTR,
    B_MUL,
    B_DIV,
    B_DIVU,
    B_REM,
    B_REMU,
    B_CLZ,
    B_CTZ,
    B_MULUH,
    B_MULSH,
    NB_BIN
};
static const char *const bin_names[NB_BIN] = {
    "add",  "sub",  "and", "or",   "xor", "andc", "orc",   "eqv",
    "nand", "nor",  "shl", "shr",  "sar", "rotl", "rotr",  "mul",
    "div",  "divu", "rem", "remu", "clz", "ctz",  "muluh", "mulsh",
};

enum {
    U_NOT,
    U_NEG,
    U_EXT8S,
    U_EXT8U,
    U_EXT16S,
    U_EXT16U,
    U_BSWAP16,
    U_BSWAP32,
    U_CTPOP,
    U_BSWAP64,
    U_EXT32S,
    U_EXT32U,
    NB_UN
};

static uint64_t ref_bin(int op, bool is64, uint64_t a, uint64_t b)
{
    int w = is64 ? 64 : 32;
    uint64_t m = is64 ? ~0ull : 0xffffffffull;
    uint64_t ua = a & m, ub = b & m;
    int64_t sa = is64 ? (int64_t)a : (int64_t)(int32_t)a;
    int64_t sb = is64 ? (int64_t)b : (int64_t)(int32_t)b;
    int64_t smin = is64 ? INT64_MIN : INT32_MIN;
    unsigned sh = b & (w - 1);
    uint64_t r;

    switch (op) {
    case B_ADD:
        r = a + b;
        break;
    case B_SUB:
        r = a - b;
        break;
    case B_AND:
        r = a & b;
        break;
    case B_OR:
        r = a | b;
        break;
    case B_XOR:
        r = a ^ b;
        break;
    case B_ANDC:
        r = a & ~b;
        break;
    case B_ORC:
        r = a | ~b;
        break;
    case B_EQV:
        r = ~(a ^ b);
        break;
    case B_NAND:
        r = ~(a & b);
        break;
    case B_NOR:
        r = ~(a | b);
        break;
    case B_SHL:
        r = ua << sh;
        break;
    case B_SHR:
        r = ua >> sh;
        break;
    case B_SAR:
        r = sa >> sh;
        break;
    case B_ROTL:
        r = sh ? (ua << sh) | (ua >> (w - sh)) : ua;
        break;
    case B_ROTR:
        r = sh ? (ua >> sh) | (ua << (w - sh)) : ua;
        break;
    case B_MUL:
        r = a * b;
        break;
    case B_DIV:
        r = sb == 0 ? m : (sb == -1 && sa == smin) ? (uint64_t)sa : sa / sb;
        break;
    case B_DIVU:
        r = ub == 0 ? m : ua / ub;
        break;
    case B_REM:
        r = sb == 0 ? (uint64_t)sa : sb == -1 ? 0 : sa % sb;
        break;
    case B_REMU:
        r = ub == 0 ? ua : ua % ub;
        break;
    case B_CLZ:
        r = ua ? (uint64_t)(__builtin_clzll(ua) - (64 - w)) : b;
        break;
    case B_CTZ:
        r = ua ? (uint64_t)__builtin_ctzll(ua) : b;
        break;
    case B_MULUH:
        r = is64 ? (uint64_t)(((unsigned __int128)ua * ub) >> 64)
                 : (ua * ub) >> 32;
        break;
    case B_MULSH:
        r = is64 ? (uint64_t)(((__int128)sa * sb) >> 64)
                 : (uint64_t)((sa * sb) >> 32);
        break;
    default:
        g_assert_not_reached();
    }
    return r & m;
}

static uint64_t bswapn(uint64_t x, int n)
{
    uint64_t r = 0;
    for (int i = 0; i < n; i++) {
        r = (r << 8) | ((x >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t ref_un(int op, bool is64, uint64_t a)
{
    uint64_t m = is64 ? ~0ull : 0xffffffffull;
    uint64_t r;

    a &= m;
    switch (op) {
    case U_NOT:
        r = ~a;
        break;
    case U_NEG:
        r = -a;
        break;
    case U_EXT8S:
        r = (int8_t)a;
        break;
    case U_EXT8U:
        r = (uint8_t)a;
        break;
    case U_EXT16S:
        r = (int16_t)a;
        break;
    case U_EXT16U:
        r = (uint16_t)a;
        break;
    case U_BSWAP16:
        r = bswapn(a, 2);
        break;
    case U_BSWAP32:
        r = bswapn(a, 4);
        break;
    case U_CTPOP:
        r = __builtin_popcountll(a);
        break;
    case U_BSWAP64:
        r = bswapn(a, 8);
        break;
    case U_EXT32S:
        r = (int32_t)a;
        break;
    case U_EXT32U:
        r = (uint32_t)a;
        break;
    default:
        g_assert_not_reached();
    }
    return r & m;
}

/* Emitters for the same operations.  */

static void emit_bin64(int op, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t;

    switch (op) {
    case B_ADD:
        tcg_gen_add_i64(r, a, b);
        break;
    case B_SUB:
        tcg_gen_sub_i64(r, a, b);
        break;
    case B_AND:
        tcg_gen_and_i64(r, a, b);
        break;
    case B_OR:
        tcg_gen_or_i64(r, a, b);
        break;
    case B_XOR:
        tcg_gen_xor_i64(r, a, b);
        break;
    case B_ANDC:
        tcg_gen_andc_i64(r, a, b);
        break;
    case B_ORC:
        tcg_gen_orc_i64(r, a, b);
        break;
    case B_EQV:
        tcg_gen_eqv_i64(r, a, b);
        break;
    case B_NAND:
        tcg_gen_nand_i64(r, a, b);
        break;
    case B_NOR:
        tcg_gen_nor_i64(r, a, b);
        break;
    case B_SHL:
        tcg_gen_shl_i64(r, a, b);
        break;
    case B_SHR:
        tcg_gen_shr_i64(r, a, b);
        break;
    case B_SAR:
        tcg_gen_sar_i64(r, a, b);
        break;
    case B_ROTL:
        tcg_gen_rotl_i64(r, a, b);
        break;
    case B_ROTR:
        tcg_gen_rotr_i64(r, a, b);
        break;
    case B_MUL:
        tcg_gen_mul_i64(r, a, b);
        break;
    case B_DIV:
        tcg_gen_div_i64(r, a, b);
        break;
    case B_DIVU:
        tcg_gen_divu_i64(r, a, b);
        break;
    case B_REM:
        tcg_gen_rem_i64(r, a, b);
        break;
    case B_REMU:
        tcg_gen_remu_i64(r, a, b);
        break;
    case B_CLZ:
        tcg_gen_clz_i64(r, a, b);
        break;
    case B_CTZ:
        tcg_gen_ctz_i64(r, a, b);
        break;
    case B_MULUH:
    case B_MULSH:
        t = tcg_temp_new_i64();
        if (op == B_MULUH) {
            tcg_gen_mulu2_i64(t, r, a, b);
        } else {
            tcg_gen_muls2_i64(t, r, a, b);
        }
        break;
    default:
        g_assert_not_reached();
    }
}

static void emit_bin32(int op, TCGv_i32 r, TCGv_i32 a, TCGv_i32 b)
{
    TCGv_i32 t;

    switch (op) {
    case B_ADD:
        tcg_gen_add_i32(r, a, b);
        break;
    case B_SUB:
        tcg_gen_sub_i32(r, a, b);
        break;
    case B_AND:
        tcg_gen_and_i32(r, a, b);
        break;
    case B_OR:
        tcg_gen_or_i32(r, a, b);
        break;
    case B_XOR:
        tcg_gen_xor_i32(r, a, b);
        break;
    case B_ANDC:
        tcg_gen_andc_i32(r, a, b);
        break;
    case B_ORC:
        tcg_gen_orc_i32(r, a, b);
        break;
    case B_EQV:
        tcg_gen_eqv_i32(r, a, b);
        break;
    case B_NAND:
        tcg_gen_nand_i32(r, a, b);
        break;
    case B_NOR:
        tcg_gen_nor_i32(r, a, b);
        break;
    case B_SHL:
        tcg_gen_shl_i32(r, a, b);
        break;
    case B_SHR:
        tcg_gen_shr_i32(r, a, b);
        break;
    case B_SAR:
        tcg_gen_sar_i32(r, a, b);
        break;
    case B_ROTL:
        tcg_gen_rotl_i32(r, a, b);
        break;
    case B_ROTR:
        tcg_gen_rotr_i32(r, a, b);
        break;
    case B_MUL:
        tcg_gen_mul_i32(r, a, b);
        break;
    case B_DIV:
        tcg_gen_div_i32(r, a, b);
        break;
    case B_DIVU:
        tcg_gen_divu_i32(r, a, b);
        break;
    case B_REM:
        tcg_gen_rem_i32(r, a, b);
        break;
    case B_REMU:
        tcg_gen_remu_i32(r, a, b);
        break;
    case B_CLZ:
        tcg_gen_clz_i32(r, a, b);
        break;
    case B_CTZ:
        tcg_gen_ctz_i32(r, a, b);
        break;
    case B_MULUH:
    case B_MULSH:
        t = tcg_temp_new_i32();
        if (op == B_MULUH) {
            tcg_gen_mulu2_i32(t, r, a, b);
        } else {
            tcg_gen_muls2_i32(t, r, a, b);
        }
        break;
    default:
        g_assert_not_reached();
    }
}

static void emit_un64(int op, TCGv_i64 r, TCGv_i64 a)
{
    switch (op) {
    case U_NOT:
        tcg_gen_not_i64(r, a);
        break;
    case U_NEG:
        tcg_gen_neg_i64(r, a);
        break;
    case U_EXT8S:
        tcg_gen_ext8s_i64(r, a);
        break;
    case U_EXT8U:
        tcg_gen_ext8u_i64(r, a);
        break;
    case U_EXT16S:
        tcg_gen_ext16s_i64(r, a);
        break;
    case U_EXT16U:
        tcg_gen_ext16u_i64(r, a);
        break;
    case U_BSWAP16:
        tcg_gen_bswap16_i64(r, a);
        break;
    case U_BSWAP32:
        tcg_gen_bswap32_i64(r, a);
        break;
    case U_CTPOP:
        tcg_gen_ctpop_i64(r, a);
        break;
    case U_BSWAP64:
        tcg_gen_bswap64_i64(r, a);
        break;
    case U_EXT32S:
        tcg_gen_ext32s_i64(r, a);
        break;
    case U_EXT32U:
        tcg_gen_ext32u_i64(r, a);
        break;
    default:
        g_assert_not_reached();
    }
}

static void emit_un32(int op, TCGv_i32 r, TCGv_i32 a)
{
    switch (op) {
    case U_NOT:
        tcg_gen_not_i32(r, a);
        break;
    case U_NEG:
        tcg_gen_neg_i32(r, a);
        break;
    case U_EXT8S:
        tcg_gen_ext8s_i32(r, a);
        break;
    case U_EXT8U:
        tcg_gen_ext8u_i32(r, a);
        break;
    case U_EXT16S:
        tcg_gen_ext16s_i32(r, a);
        break;
    case U_EXT16U:
        tcg_gen_ext16u_i32(r, a);
        break;
    case U_BSWAP16:
        tcg_gen_bswap16_i32(r, a);
        break;
    case U_BSWAP32:
        tcg_gen_bswap32_i32(r, a);
        break;
    case U_CTPOP:
        tcg_gen_ctpop_i32(r, a);
        break;
    default:
        g_assert_not_reached();
    }
}

static const uint64_t edge64[] = {
    0,
    1,
    2,
    3,
    -1ull,
    -2ull,
    31,
    32,
    63,
    64,
    0x7f,
    0x80,
    0xff,
    0x8000,
    0x7fffffffull,
    0x80000000ull,
    0xffffffffull,
    0x100000000ull,
    0x7fffffffffffffffull,
    0x8000000000000000ull,
    0x0123456789abcdefull,
    0xfedcba9876543210ull,
    0xffffffff80000000ull,
};

/*
 * Every binary op on every pair of edge values, in three forms: both in
 * globals (registers), second operand constant, both constant (folded).
 */
static void test_binops(bool is64)
{
    int n = ARRAY_SIZE(edge64);

    for (int op = 0; op < NB_BIN; op++) {
        for (int i = 0; i < n; i++) {
            start();
            for (int j = 0; j < n; j++) {
                uint64_t b = edge64[j];
                if (is64) {
                    TCGv_i64 r = tcg_temp_new_i64();
                    emit_bin64(op, r, g64[0], g64[1 + j % 2]);
                    tcg_gen_st_i64(r, tcg_env, OUT(j));
                    emit_bin64(op, r, g64[0], tcg_constant_i64(b));
                    tcg_gen_st_i64(r, tcg_env, OUT(32 + j));
                } else {
                    TCGv_i32 r = tcg_temp_new_i32();
                    emit_bin32(op, r, g32[0], g32[1 + j % 2]);
                    tcg_gen_st_i32(r, tcg_env, OUT(j));
                    emit_bin32(op, r, g32[0], tcg_constant_i32(b));
                    tcg_gen_st_i32(r, tcg_env, OUT(32 + j));
                }
                /* Fold check only on the first j: keeps TBs short.  */
                if (j == 0) {
                    uint64_t a = edge64[i];
                    for (int k = 0; k < n; k += 3) {
                        if (is64) {
                            TCGv_i64 r = tcg_temp_new_i64();
                            emit_bin64(op, r, tcg_constant_i64(a),
                                       tcg_constant_i64(edge64[k]));
                            tcg_gen_st_i64(r, tcg_env, OUT(56 + k / 3));
                        } else {
                            TCGv_i32 r = tcg_temp_new_i32();
                            emit_bin32(op, r, tcg_constant_i32(a),
                                       tcg_constant_i32(edge64[k]));
                            tcg_gen_st_i32(r, tcg_env, OUT(56 + k / 3));
                        }
                    }
                }
            }
            tcg_gen_exit_tb(NULL, 0);
            gen();
            /*
             * g1 and g2 cannot both hold every b: run once per j with
             * the right value in the global the TB reads for that j.
             */
            for (int j = 0; j < n; j++) {
                uint64_t a = edge64[i], b = edge64[j];
                uint64_t m = is64 ? ~0ull : 0xffffffffull;
                uint64_t exp = ref_bin(op, is64, a, b);
                uint64_t got, gotc;

                memset(env.out, 0xcc, sizeof(env.out));
                env.r[0] = a;
                env.w[0] = a;
                env.r[1 + j % 2] = b;
                env.w[1 + j % 2] = b;
                run();
                got = is64 ? env.out[j] : (uint32_t)env.out[j];
                gotc = is64 ? env.out[32 + j] : (uint32_t)env.out[32 + j];
                if (got != exp || gotc != exp) {
                    g_test_message(
                        "%s_i%d(%#" PRIx64 ", %#" PRIx64 "): got %#" PRIx64
                        "/%#" PRIx64 " want %#" PRIx64,
                        bin_names[op], is64 ? 64 : 32, a, b, got, gotc, exp);
                }
                g_assert_cmphex(got, ==, exp & m);
                g_assert_cmphex(gotc, ==, exp & m);
                if (j == 0) {
                    for (int k = 0; k < n; k += 3) {
                        uint64_t e2 = ref_bin(op, is64, a, edge64[k]);
                        uint64_t g2 = is64 ? env.out[56 + k / 3]
                                           : (uint32_t)env.out[56 + k / 3];
                        if (g2 != e2) {
                            g_test_message(
                                "folded %s_i%d(%#" PRIx64 ", %#" PRIx64 ")",
                                bin_names[op], is64 ? 64 : 32, a, edge64[k]);
                        }
                        g_assert_cmphex(g2, ==, e2);
                    }
                }
            }
        }
    }
}

static void test_binops_i64(void)
{
    test_binops(true);
}

static void test_binops_i32(void)
{
    test_binops(false);
}

static void test_unops(void)
{
    int n = ARRAY_SIZE(edge64);

    for (int is64 = 0; is64 < 2; is64++) {
        for (int op = 0; op < (is64 ? NB_UN : U_BSWAP64); op++) {
            start();
            for (int i = 0; i < n; i++) {
                if (is64) {
                    TCGv_i64 r = tcg_temp_new_i64();
                    TCGv_i64 a = tcg_temp_new_i64();
                    tcg_gen_ld_i64(a, tcg_env, offsetof(TestEnv, out[i]));
                    emit_un64(op, r, a);
                    tcg_gen_st_i64(r, tcg_env, OUT(i));
                    emit_un64(op, r, tcg_constant_i64(edge64[i]));
                    tcg_gen_st_i64(r, tcg_env, OUT(32 + i));
                } else {
                    TCGv_i32 r = tcg_temp_new_i32();
                    TCGv_i32 a = tcg_temp_new_i32();
                    tcg_gen_ld_i32(a, tcg_env, offsetof(TestEnv, out[i]));
                    emit_un32(op, r, a);
                    tcg_gen_st_i32(r, tcg_env, OUT(i));
                    emit_un32(op, r, tcg_constant_i32(edge64[i]));
                    tcg_gen_st_i32(r, tcg_env, OUT(32 + i));
                }
            }
            for (int i = 0; i < n; i++) {
                env.out[i] = edge64[i];
            }
            gen_run();
            for (int i = 0; i < n; i++) {
                uint64_t m = is64 ? ~0ull : 0xffffffffull;
                uint64_t exp = ref_un(op, is64, edge64[i]);
                g_assert_cmphex(env.out[i] & m, ==, exp);
                g_assert_cmphex(env.out[32 + i] & m, ==, exp);
            }
        }
    }
}

static const TCGCond all_conds[] = {
    TCG_COND_EQ, TCG_COND_NE,  TCG_COND_LT,  TCG_COND_GE,  TCG_COND_LE,
    TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
};

static bool ref_cond(TCGCond c, uint64_t a, uint64_t b, bool is64)
{
    int64_t sa = is64 ? (int64_t)a : (int32_t)a;
    int64_t sb = is64 ? (int64_t)b : (int32_t)b;

    if (!is64) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    switch (c) {
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
    default:
        g_assert_not_reached();
    }
}

/* setcond, negsetcond, movcond and brcond for every condition.  */
static void test_conditions(void)
{
    static const uint64_t vals[] = {
        0,
        1,
        -1ull,
        0x7fffffffull,
        0x80000000ull,
        0x7fffffffffffffffull,
        0x8000000000000000ull,
        5,
    };
    int n = ARRAY_SIZE(vals);

    for (int is64 = 0; is64 < 2; is64++) {
        for (int ci = 0; ci < ARRAY_SIZE(all_conds); ci++) {
            TCGCond c = all_conds[ci];
            for (int j = 0; j < n; j++) {
                TCGLabel *l1 = gen_new_label(), *l2;

                start();
                l1 = gen_new_label();
                l2 = gen_new_label();
                if (is64) {
                    TCGv_i64 r = tcg_temp_new_i64();
                    TCGv_i64 k = tcg_constant_i64(vals[j]);
                    tcg_gen_setcond_i64(c, r, g64[0], g64[1]);
                    tcg_gen_st_i64(r, tcg_env, OUT(0));
                    tcg_gen_setcond_i64(c, r, g64[0], k);
                    tcg_gen_st_i64(r, tcg_env, OUT(1));
                    tcg_gen_negsetcond_i64(c, r, g64[0], g64[1]);
                    tcg_gen_st_i64(r, tcg_env, OUT(2));
                    tcg_gen_movcond_i64(c, r, g64[0], g64[1], g64[2], g64[3]);
                    tcg_gen_st_i64(r, tcg_env, OUT(3));
                    tcg_gen_movcond_i64(c, r, g64[0], k, g64[2], g64[3]);
                    tcg_gen_st_i64(r, tcg_env, OUT(4));
                    tcg_gen_movi_i64(r, 100);
                    tcg_gen_brcond_i64(c, g64[0], g64[1], l1);
                    tcg_gen_movi_i64(r, 200);
                    gen_set_label(l1);
                    tcg_gen_st_i64(r, tcg_env, OUT(5));
                    tcg_gen_movi_i64(r, 300);
                    tcg_gen_brcondi_i64(c, g64[0], vals[j], l2);
                    tcg_gen_movi_i64(r, 400);
                    gen_set_label(l2);
                    tcg_gen_st_i64(r, tcg_env, OUT(6));
                } else {
                    TCGv_i32 r = tcg_temp_new_i32();
                    TCGv_i32 k = tcg_constant_i32(vals[j]);
                    tcg_gen_setcond_i32(c, r, g32[0], g32[1]);
                    tcg_gen_st_i32(r, tcg_env, OUT(0));
                    tcg_gen_setcond_i32(c, r, g32[0], k);
                    tcg_gen_st_i32(r, tcg_env, OUT(1));
                    tcg_gen_negsetcond_i32(c, r, g32[0], g32[1]);
                    tcg_gen_st_i32(r, tcg_env, OUT(2));
                    tcg_gen_movcond_i32(c, r, g32[0], g32[1], g32[2], g32[3]);
                    tcg_gen_st_i32(r, tcg_env, OUT(3));
                    tcg_gen_movcond_i32(c, r, g32[0], k, g32[2], g32[3]);
                    tcg_gen_st_i32(r, tcg_env, OUT(4));
                    tcg_gen_movi_i32(r, 100);
                    tcg_gen_brcond_i32(c, g32[0], g32[1], l1);
                    tcg_gen_movi_i32(r, 200);
                    gen_set_label(l1);
                    tcg_gen_st_i32(r, tcg_env, OUT(5));
                    tcg_gen_movi_i32(r, 300);
                    tcg_gen_brcondi_i32(c, g32[0], vals[j], l2);
                    tcg_gen_movi_i32(r, 400);
                    gen_set_label(l2);
                    tcg_gen_st_i32(r, tcg_env, OUT(6));
                }
                tcg_gen_exit_tb(NULL, 0);
                gen();
                for (int i = 0; i < n; i++) {
                    uint64_t m = is64 ? ~0ull : 0xffffffffull;
                    bool t = ref_cond(c, vals[i], vals[j], is64);
                    env.r[0] = vals[i];
                    env.w[0] = vals[i];
                    env.r[1] = vals[j];
                    env.w[1] = vals[j];
                    env.r[2] = 0x1111;
                    env.w[2] = 0x1111;
                    env.r[3] = 0x2222;
                    env.w[3] = 0x2222;
                    run();
                    if ((env.out[0] & m) != t) {
                        g_test_message("cond %d i%d a=%#" PRIx64 " b=%#" PRIx64,
                                       c, is64 ? 64 : 32, vals[i], vals[j]);
                    }
                    g_assert_cmphex(env.out[0] & m, ==, t);
                    g_assert_cmphex(env.out[1] & m, ==, t);
                    g_assert_cmphex(env.out[2] & m, ==, t ? m : 0);
                    g_assert_cmphex(env.out[3] & m, ==, t ? 0x1111 : 0x2222);
                    g_assert_cmphex(env.out[4] & m, ==, t ? 0x1111 : 0x2222);
                    g_assert_cmphex(env.out[5] & m, ==, t ? 100 : 200);
                    g_assert_cmphex(env.out[6] & m, ==, t ? 300 : 400);
                }
            }
        }
    }
}

/* Shifts and bitfield ops by every count/position class.  */
static void test_bitfields(void)
{
    static const unsigned pos[][2] = {
        {0, 1},   {0, 8},  {0, 16}, {0, 32}, {3, 5},   {8, 8},   {31, 1},
        {32, 32}, {63, 1}, {1, 63}, {0, 64}, {16, 16}, {40, 12},
    };
    const uint64_t a = 0xf0e1d2c3b4a59687ull, b = 0x123456789abcdef1ull;

    start();
    for (int i = 0; i < ARRAY_SIZE(pos); i++) {
        TCGv_i64 r = tcg_temp_new_i64();
        tcg_gen_deposit_i64(r, g64[0], g64[1], pos[i][0], pos[i][1]);
        tcg_gen_st_i64(r, tcg_env, OUT(i));
        tcg_gen_extract_i64(r, g64[0], pos[i][0], pos[i][1]);
        tcg_gen_st_i64(r, tcg_env, OUT(16 + i));
        tcg_gen_sextract_i64(r, g64[0], pos[i][0], pos[i][1]);
        tcg_gen_st_i64(r, tcg_env, OUT(32 + i));
    }
    env.r[0] = a;
    env.r[1] = b;
    gen_run();
    for (int i = 0; i < ARRAY_SIZE(pos); i++) {
        unsigned ofs = pos[i][0], len = pos[i][1];
        uint64_t mask = len == 64 ? ~0ull : (1ull << len) - 1;
        uint64_t dep = (a & ~(mask << ofs)) | ((b & mask) << ofs);
        uint64_t ext = (a >> ofs) & mask;
        int64_t sext = (int64_t)(a << (64 - len - ofs)) >> (64 - len);
        g_assert_cmphex(env.out[i], ==, dep);
        g_assert_cmphex(env.out[16 + i], ==, ext);
        g_assert_cmphex(env.out[32 + i], ==, (uint64_t)sext);
    }

    /* i32 variants.  */
    start();
    for (int i = 0; i < 8; i++) {
        static const unsigned p32[8][2] = {
            {0, 1}, {0, 8}, {0, 16}, {0, 32}, {3, 5}, {8, 8}, {31, 1}, {16, 16},
        };
        TCGv_i32 r = tcg_temp_new_i32();
        tcg_gen_deposit_i32(r, g32[0], g32[1], p32[i][0], p32[i][1]);
        tcg_gen_st_i32(r, tcg_env, OUT(i));
        tcg_gen_extract_i32(r, g32[0], p32[i][0], p32[i][1]);
        tcg_gen_st_i32(r, tcg_env, OUT(16 + i));
        tcg_gen_sextract_i32(r, g32[0], p32[i][0], p32[i][1]);
        tcg_gen_st_i32(r, tcg_env, OUT(32 + i));
    }
    env.w[0] = 0xb4a59687;
    env.w[1] = 0x9abcdef1;
    gen_run();
    {
        static const unsigned p32[8][2] = {
            {0, 1}, {0, 8}, {0, 16}, {0, 32}, {3, 5}, {8, 8}, {31, 1}, {16, 16},
        };
        uint32_t a32 = 0xb4a59687, b32 = 0x9abcdef1;
        for (int i = 0; i < 8; i++) {
            unsigned ofs = p32[i][0], len = p32[i][1];
            uint32_t mask = len == 32 ? ~0u : (1u << len) - 1;
            uint32_t dep = (a32 & ~(mask << ofs)) | ((b32 & mask) << ofs);
            uint32_t ext = (a32 >> ofs) & mask;
            int32_t sext = (int32_t)(a32 << (32 - len - ofs)) >> (32 - len);
            g_assert_cmphex((uint32_t)env.out[i], ==, dep);
            g_assert_cmphex((uint32_t)env.out[16 + i], ==, ext);
            g_assert_cmphex((uint32_t)env.out[32 + i], ==, (uint32_t)sext);
        }
    }
}

/* Conversions and double-word arithmetic.  */
static void test_conversions(void)
{
    TCGv_i64 r = NULL;
    TCGv_i32 r32;

    start();
    r = tcg_temp_new_i64();
    r32 = tcg_temp_new_i32();
    tcg_gen_extu_i32_i64(r, g32[0]);
    tcg_gen_st_i64(r, tcg_env, OUT(0));
    tcg_gen_ext_i32_i64(r, g32[0]);
    tcg_gen_st_i64(r, tcg_env, OUT(1));
    tcg_gen_extrl_i64_i32(r32, g64[0]);
    tcg_gen_st_i32(r32, tcg_env, OUT(2));
    tcg_gen_extrh_i64_i32(r32, g64[0]);
    tcg_gen_st_i32(r32, tcg_env, OUT(3));
    tcg_gen_concat_i32_i64(r, g32[1], g32[0]);
    tcg_gen_st_i64(r, tcg_env, OUT(4));
    {
        TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
        tcg_gen_add2_i64(lo, hi, g64[0], g64[1], g64[2], g64[3]);
        tcg_gen_st_i64(lo, tcg_env, OUT(5));
        tcg_gen_st_i64(hi, tcg_env, OUT(6));
        tcg_gen_sub2_i64(lo, hi, g64[0], g64[1], g64[2], g64[3]);
        tcg_gen_st_i64(lo, tcg_env, OUT(7));
        tcg_gen_st_i64(hi, tcg_env, OUT(8));
    }
    memset(env.out, 0xaa, sizeof(env.out));
    env.w[0] = 0x87654321;
    env.w[1] = 0x0badf00d;
    env.r[0] = 0xfffffffffffffff0ull;
    env.r[1] = 0x1;
    env.r[2] = 0x20;
    env.r[3] = 0x7;
    gen_run();
    g_assert_cmphex(env.out[0], ==, 0x87654321ull);
    g_assert_cmphex(env.out[1], ==, 0xffffffff87654321ull);
    g_assert_cmphex((uint32_t)env.out[2], ==, 0xfffffff0);
    g_assert_cmphex((uint32_t)env.out[3], ==, 0xffffffff);
    g_assert_cmphex(env.out[4], ==, 0x876543210badf00dull);
    /* (1:fff..f0) + (7:20) = 9:10 ; (1:fff..f0) - (7:20) = -7:ff..d0 */
    g_assert_cmphex(env.out[5], ==, 0x10);
    g_assert_cmphex(env.out[6], ==, 0x9);
    g_assert_cmphex(env.out[7], ==, 0xffffffffffffffd0ull);
    g_assert_cmphex(env.out[8], ==, (uint64_t)-6);
}

/* Randomized differential testing of expression trees.  */

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rnd(Rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static uint64_t rnd_val(Rng *r)
{
    switch (rnd(r) % 4) {
    case 0:
        return edge64[rnd(r) % ARRAY_SIZE(edge64)];
    case 1:
        return rnd(r) % 64;
    default:
        return rnd(r);
    }
}

/* Evaluate and emit at the same time; returns the C value.  */
static uint64_t tree64(Rng *r, int depth, TCGv_i64 dst, uint64_t *vars)
{
    int kind = depth == 0 ? rnd(r) % 2 : rnd(r) % 8;

    if (kind == 0) {
        int v = rnd(r) % 4;
        tcg_gen_mov_i64(dst, g64[v]);
        return vars[v];
    } else if (kind == 1) {
        uint64_t c = rnd_val(r);
        tcg_gen_movi_i64(dst, c);
        return c;
    } else if (kind == 2) {
        int op = rnd(r) % NB_UN;
        uint64_t a = tree64(r, depth - 1, dst, vars);
        emit_un64(op, dst, dst);
        return ref_un(op, true, a);
    } else {
        int op = rnd(r) % NB_BIN;
        TCGv_i64 t = tcg_temp_new_i64();
        uint64_t a = tree64(r, depth - 1, dst, vars);
        uint64_t b = tree64(r, depth - 1, t, vars);
        emit_bin64(op, dst, dst, t);
        return ref_bin(op, true, a, b);
    }
}

static uint64_t tree32(Rng *r, int depth, TCGv_i32 dst, uint64_t *vars)
{
    int kind = depth == 0 ? rnd(r) % 2 : rnd(r) % 8;

    if (kind == 0) {
        int v = rnd(r) % 4;
        tcg_gen_mov_i32(dst, g32[v]);
        return (uint32_t)vars[v];
    } else if (kind == 1) {
        uint32_t c = rnd_val(r);
        tcg_gen_movi_i32(dst, c);
        return c;
    } else if (kind == 2) {
        int op = rnd(r) % U_BSWAP64;
        uint64_t a = tree32(r, depth - 1, dst, vars);
        emit_un32(op, dst, dst);
        return ref_un(op, false, a);
    } else {
        int op = rnd(r) % NB_BIN;
        TCGv_i32 t = tcg_temp_new_i32();
        uint64_t a = tree32(r, depth - 1, dst, vars);
        uint64_t b = tree32(r, depth - 1, t, vars);
        emit_bin32(op, dst, dst, t);
        return ref_bin(op, false, a, b);
    }
}

static void test_random_trees(void)
{
    Rng rng = {0x9e3779b97f4a7c15ull};

    for (int iter = 0; iter < 600; iter++) {
        uint64_t vars[4], exp[6];
        uint64_t seed_before = rng.s;

        for (int v = 0; v < 4; v++) {
            vars[v] = rnd_val(&rng);
        }
        start();
        for (int k = 0; k < 6; k++) {
            if (k < 3) {
                TCGv_i64 d = tcg_temp_new_i64();
                exp[k] = tree64(&rng, 1 + rnd(&rng) % 5, d, vars);
                /* Results go to globals 4..6 and are read back from env. */
                tcg_gen_mov_i64(g64[4 + k], d);
            } else {
                TCGv_i32 d = tcg_temp_new_i32();
                exp[k] = tree32(&rng, 1 + rnd(&rng) % 5, d, vars);
                tcg_gen_st_i32(d, tcg_env, OUT(k));
            }
        }
        for (int v = 0; v < 4; v++) {
            env.r[v] = vars[v];
            env.w[v] = vars[v];
        }
        gen_run();
        for (int k = 0; k < 6; k++) {
            uint64_t got = k < 3 ? env.r[4 + k] : (uint32_t)env.out[k];
            if (got != exp[k]) {
                g_test_message("tree iteration %d (rng %#" PRIx64 ") result %d",
                               iter, seed_before, k);
                tcg_dump_ops(tcg_ctx, stderr, true);
            }
            g_assert_cmphex(got, ==, exp[k]);
        }
    }
}

/* A loop with TB temps living across labels: sum of i*i for i < n.  */
static void test_loop(void)
{
    TCGLabel *top, *done;
    TCGv_i64 i, sum, t;

    start();
    top = gen_new_label();
    done = gen_new_label();
    i = tcg_temp_new_i64();
    sum = tcg_temp_new_i64();
    t = tcg_temp_ebb_new_i64();
    tcg_gen_movi_i64(i, 0);
    tcg_gen_movi_i64(sum, 0);
    gen_set_label(top);
    tcg_gen_brcond_i64(TCG_COND_GEU, i, g64[0], done);
    tcg_gen_mul_i64(t, i, i);
    tcg_gen_add_i64(sum, sum, t);
    tcg_gen_addi_i64(g64[1], g64[1], 1); /* global across blocks */
    tcg_gen_addi_i64(i, i, 1);
    tcg_gen_br(top);
    gen_set_label(done);
    tcg_gen_st_i64(sum, tcg_env, OUT(0));
    tcg_gen_exit_tb(NULL, 0);
    gen();
    for (uint64_t n = 0; n < 50; n += 7) {
        uint64_t exp = 0;
        for (uint64_t k = 0; k < n; k++) {
            exp += k * k;
        }
        env.r[0] = n;
        env.r[1] = 1000;
        run();
        g_assert_cmpuint(env.out[0], ==, exp);
        g_assert_cmpuint(env.r[1], ==, 1000 + n);
    }
}

/* Register pressure: more live values than host registers.  */
static void test_pressure(void)
{
    enum { N = 40 };
    TCGv_i64 t[N];
    uint64_t exp = 0;

    start();
    for (int k = 0; k < N; k++) {
        t[k] = tcg_temp_new_i64();
        tcg_gen_addi_i64(t[k], g64[k % 4], k * 3 + 1);
    }
    for (int k = 0; k < N; k++) {
        tcg_gen_xor_i64(g64[5], g64[5], t[N - 1 - k]);
        tcg_gen_rotli_i64(g64[5], g64[5], 7);
    }
    env.r[0] = 11;
    env.r[1] = 22;
    env.r[2] = 33;
    env.r[3] = 44;
    env.r[5] = 0x5555;
    exp = 0x5555;
    for (int k = 0; k < N; k++) {
        uint64_t v = env.r[(N - 1 - k) % 4] + (N - 1 - k) * 3 + 1;
        exp ^= v;
        exp = (exp << 7) | (exp >> 57);
    }
    gen_run();
    g_assert_cmphex(env.r[5], ==, exp);
}

/* Helper calls.  */

static uint64_t h0(void)
{
    return 0x1234;
}
static uint64_t h1(uint64_t a)
{
    return a * 3;
}
static uint64_t h2(TestEnv *e, uint64_t a)
{
    /* Reads a global from env and changes another one.  */
    e->seen[0] = e->r[0];
    e->r[1] = 0x99;
    return a + 1;
}
static uint32_t h3(uint32_t a, uint64_t b, uint32_t c)
{
    return a * 100 + b * 10 + c;
}
static uint64_t h4(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    return a - b - c - d;
}
static uint64_t h5(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
    return a ^ (b << 1) ^ (c << 2) ^ (d << 3) ^ (e << 4);
}
static uint64_t h6(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                   uint64_t f)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}
static void hvoid(TestEnv *e)
{
    e->seen[1]++;
}

static void test_calls(void)
{
    TCGv_i64 r = NULL, a[6];
    TCGv_i32 r32;
    uint64_t v[6] = {10, 20, 30, 40, 50, 0x8000000000000001ull};

    start();
    r = tcg_temp_new_i64();
    r32 = tcg_temp_new_i32();
    for (int k = 0; k < 6; k++) {
        a[k] = tcg_temp_new_i64();
        tcg_gen_addi_i64(a[k], g64[k % 4], k);
    }
    tcg_gen_call0(h0, TCG_CALL_NO_RWG_SE, r);
    tcg_gen_st_i64(r, tcg_env, OUT(0));
    tcg_gen_call1(h1, TCG_CALL_NO_RWG, r, a[0]);
    tcg_gen_st_i64(r, tcg_env, OUT(1));
    /* g0 is dirty in a register: the helper must see it in env.  */
    tcg_gen_movi_i64(g64[0], 0x4242);
    tcg_gen_movi_i64(g64[1], 0x1);
    tcg_gen_call2(h2, 0, r, tcg_env, a[1]);
    tcg_gen_st_i64(r, tcg_env, OUT(2));
    tcg_gen_mov_i64(r, g64[1]); /* must be reloaded: 0x99 */
    tcg_gen_st_i64(r, tcg_env, OUT(3));
    tcg_gen_call3(h3, TCG_CALL_NO_RWG, r32, tcg_constant_i32(7), a[2],
                  tcg_constant_i32(9));
    tcg_gen_st_i32(r32, tcg_env, OUT(4));
    /* i32 globals still in env memory as arguments.  */
    tcg_gen_call3(h3, TCG_CALL_NO_RWG, r32, g32[7], a[2], g32[6]);
    tcg_gen_st_i32(r32, tcg_env, OUT(9));
    tcg_gen_call4(h4, TCG_CALL_NO_RWG, r, a[0], a[1], a[2], a[3]);
    tcg_gen_st_i64(r, tcg_env, OUT(5));
    tcg_gen_call5(h5, TCG_CALL_NO_RWG, r, a[0], a[1], a[2], a[3], a[4]);
    tcg_gen_st_i64(r, tcg_env, OUT(6));
    tcg_gen_call6(h6, TCG_CALL_NO_RWG, r, a[5], a[4], a[3], a[2], a[1], a[0]);
    tcg_gen_st_i64(r, tcg_env, OUT(7));
    tcg_gen_call6(h6, TCG_CALL_NO_RWG, r, a[0], tcg_constant_i64(v[5]), a[0],
                  a[1], tcg_env, a[0]);
    tcg_gen_st_i64(r, tcg_env, OUT(8));
    tcg_gen_call1(hvoid, TCG_CALL_NO_WG, NULL, tcg_env);
    /* A pure helper whose result is unused disappears.  */
    tcg_gen_call1(hvoid, TCG_CALL_NO_RWG_SE, NULL, tcg_env);
    /* Temps live across calls keep their values.  */
    for (int k = 0; k < 6; k++) {
        tcg_gen_st_i64(a[k], tcg_env, OUT(10 + k));
    }
    for (int k = 0; k < 4; k++) {
        env.r[k] = v[k];
    }
    env.seen[0] = env.seen[1] = 0;
    env.w[7] = 3;
    env.w[6] = 4;
    gen_run();
    g_assert_cmpuint((uint32_t)env.out[9], ==, 300 + (v[2] + 2) * 10 + 4);
    uint64_t av[6];
    for (int k = 0; k < 6; k++) {
        av[k] = v[k % 4] + k;
        g_assert_cmpuint(env.out[10 + k], ==, av[k]);
    }
    g_assert_cmphex(env.out[0], ==, 0x1234);
    g_assert_cmphex(env.out[1], ==, av[0] * 3);
    g_assert_cmphex(env.seen[0], ==, 0x4242);
    g_assert_cmphex(env.out[2], ==, av[1] + 1);
    g_assert_cmphex(env.out[3], ==, 0x99);
    g_assert_cmphex(env.r[0], ==, 0x4242);
    g_assert_cmphex(env.r[1], ==, 0x99);
    g_assert_cmphex((uint32_t)env.out[4], ==, 700 + av[2] * 10 + 9);
    g_assert_cmphex(env.out[5], ==, av[0] - av[1] - av[2] - av[3]);
    g_assert_cmphex(env.out[6], ==, h5(av[0], av[1], av[2], av[3], av[4]));
    g_assert_cmphex(env.out[7], ==,
                    h6(av[5], av[4], av[3], av[2], av[1], av[0]));
    g_assert_cmphex(env.out[8], ==,
                    h6(av[0], v[5], av[0], av[1], (uintptr_t)&env, av[0]));
    g_assert_cmpuint(env.seen[1], ==, 1);
}

/* Host loads and stores relative to env, all widths.  */
static void test_ldst_env(void)
{
    TCGv_i64 r = NULL;
    TCGv_i32 r32;
    static const uint8_t pat[16] = {
        0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8,
        0x01, 0x12, 0x23, 0x34, 0x45, 0x56, 0x67, 0x78,
    };
    const intptr_t b = offsetof(TestEnv, bytes);

    start();
    r = tcg_temp_new_i64();
    r32 = tcg_temp_new_i32();
    tcg_gen_ld8u_i64(r, tcg_env, b + 1);
    tcg_gen_st_i64(r, tcg_env, OUT(0));
    tcg_gen_ld8s_i64(r, tcg_env, b + 1);
    tcg_gen_st_i64(r, tcg_env, OUT(1));
    tcg_gen_ld16u_i64(r, tcg_env, b + 2);
    tcg_gen_st_i64(r, tcg_env, OUT(2));
    tcg_gen_ld16s_i64(r, tcg_env, b + 2);
    tcg_gen_st_i64(r, tcg_env, OUT(3));
    tcg_gen_ld32u_i64(r, tcg_env, b + 4);
    tcg_gen_st_i64(r, tcg_env, OUT(4));
    tcg_gen_ld32s_i64(r, tcg_env, b + 4);
    tcg_gen_st_i64(r, tcg_env, OUT(5));
    tcg_gen_ld_i64(r, tcg_env, b);
    tcg_gen_st_i64(r, tcg_env, OUT(6));
    tcg_gen_ld8s_i32(r32, tcg_env, b);
    tcg_gen_st_i32(r32, tcg_env, OUT(7));
    tcg_gen_ld16s_i32(r32, tcg_env, b);
    tcg_gen_st_i32(r32, tcg_env, OUT(8));
    tcg_gen_ld_i32(r32, tcg_env, b + 8);
    tcg_gen_st_i32(r32, tcg_env, OUT(9));
    /* Stores of every width from registers that need REX for bytes.  */
    tcg_gen_ld_i64(r, tcg_env, b);
    tcg_gen_st8_i64(r, tcg_env, b + 16);
    tcg_gen_st16_i64(r, tcg_env, b + 18);
    tcg_gen_st32_i64(r, tcg_env, b + 20);
    tcg_gen_st_i64(r, tcg_env, b + 24);
    tcg_gen_st8_i64(tcg_constant_i64(0x5a), tcg_env, b + 32);
    tcg_gen_st16_i64(tcg_constant_i64(0x6b7c), tcg_env, b + 34);
    tcg_gen_st32_i64(tcg_constant_i64(0x11223344), tcg_env, b + 36);
    tcg_gen_st_i64(tcg_constant_i64(-5), tcg_env, b + 40);
    tcg_gen_st_i64(tcg_constant_i64(0x123456789ull), tcg_env, b + 48);
    memset(env.bytes, 0, sizeof(env.bytes));
    memcpy(env.bytes, pat, 16);
    gen_run();
    g_assert_cmphex(env.out[0], ==, 0x92);
    g_assert_cmphex(env.out[1], ==, 0xffffffffffffff92ull);
    g_assert_cmphex(env.out[2], ==, 0xb4a3);
    g_assert_cmphex(env.out[3], ==, 0xffffffffffffb4a3ull);
    g_assert_cmphex(env.out[4], ==, 0xf8e7d6c5);
    g_assert_cmphex(env.out[5], ==, 0xfffffffff8e7d6c5ull);
    g_assert_cmphex(env.out[6], ==, 0xf8e7d6c5b4a39281ull);
    g_assert_cmphex((uint32_t)env.out[7], ==, 0xffffff81);
    g_assert_cmphex((uint32_t)env.out[8], ==, 0xffff9281);
    g_assert_cmphex((uint32_t)env.out[9], ==, 0x34231201);
    g_assert_cmphex(env.bytes[16], ==, 0x81);
    g_assert_cmphex(env.bytes[17], ==, 0);
    g_assert_cmpmem(env.bytes + 18, 2, pat, 2);
    g_assert_cmpmem(env.bytes + 20, 4, pat, 4);
    g_assert_cmpmem(env.bytes + 24, 8, pat, 8);
    g_assert_cmphex(env.bytes[32], ==, 0x5a);
    g_assert_cmphex(env.bytes[33], ==, 0);
    g_assert_cmphex(*(uint16_t *)(env.bytes + 34), ==, 0x6b7c);
    g_assert_cmphex(*(uint32_t *)(env.bytes + 36), ==, 0x11223344);
    g_assert_cmphex(*(uint64_t *)(env.bytes + 40), ==, (uint64_t)-5);
    g_assert_cmphex(*(uint64_t *)(env.bytes + 48), ==, 0x123456789ull);
}

/* Softmmu: a fake TLB with one mapped page per mmu_idx.  */

static int slow_calls;
static uint64_t slow_pc; /* insn_start pc seen by the slow path */
static uint64_t slow_extra;
static uint64_t slow_g0; /* value of global 0 in env at the miss */

static void note_retaddr(uintptr_t ra)
{
    uint64_t data[TCG_MAX_INSN_START_WORDS] = {0};
    int i = tcg_search_insn_data(&last_tc, ra, data);

    g_assert_cmpint(i, >=, 0);
    slow_pc = data[0];
    slow_extra = data[1];
    slow_g0 = env.r[0];
    slow_calls++;
}

static uint64_t slow_ld(void *e, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    MemOp mop = get_memop(oi);
    uint64_t v = 0xa5a5a5a5a5a5a5a5ull ^ addr ^ get_mmuidx(oi);

    g_assert(e == &env);
    note_retaddr(ra);
    switch (mop & MO_SSIZE) {
    case MO_UB:
        return (uint8_t)v;
    case MO_SB:
        return (int8_t)v;
    case MO_UW:
        return (uint16_t)v;
    case MO_SW:
        return (int16_t)v;
    case MO_UL:
        return (uint32_t)v;
    case MO_SL:
        return (int32_t)v;
    default:
        return v;
    }
}

static uint64_t slow_st_addr, slow_st_val;
static MemOpIdx slow_st_oi;

static void slow_st(void *e, uint64_t addr, uint64_t val, MemOpIdx oi,
                    uintptr_t ra)
{
    g_assert(e == &env);
    note_retaddr(ra);
    slow_st_addr = addr;
    slow_st_val = val;
    slow_st_oi = oi;
}

static void tlb_setup(void)
{
    memset(tlb_table, 0xff, sizeof(tlb_table)); /* all invalid */
    for (int idx = 0; idx < 2; idx++) {
        uint64_t page = GUEST_PAGE + idx * 0x1000;
        CPUTLBEntry *e = &tlb_table[idx][(page >> 12) & (TLB_ENTRIES - 1)];
        e->addr_read = page;
        e->addr_write = page;
        e->addr_code = page;
        e->addend = (uintptr_t)(guest_ram + idx * 0x1000) - page;
        env.tlb[idx].mask = (TLB_ENTRIES - 1) << CPU_TLB_ENTRY_BITS;
        env.tlb[idx].table = tlb_table[idx];
    }
}

static void test_qemu_ldst(void)
{
    static const MemOp ops[] = {
        MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ,
    };
    TCGv_i64 addr = NULL, v;
    TCGv_i32 v32;
    uint64_t base = GUEST_PAGE + 0x100;

    tlb_setup();
    for (int i = 0; i < 16; i++) {
        guest_ram[0x100 + i] = 0x80 + i * 0x11;
    }
    /* Hit path for every MemOp, i64 and i32 results.  */
    start();
    addr = tcg_temp_new_i64();
    v = tcg_temp_new_i64();
    v32 = tcg_temp_new_i32();
    tcg_gen_insn_start(0x500, 1);
    for (int i = 0; i < ARRAY_SIZE(ops); i++) {
        tcg_gen_addi_i64(addr, g64[0], 1);
        tcg_gen_qemu_ld_i64(v, addr, 0, ops[i]);
        tcg_gen_st_i64(v, tcg_env, OUT(i));
        if ((ops[i] & MO_SIZE) <= MO_32) {
            tcg_gen_qemu_ld_i32(v32, addr, 0, ops[i]);
            tcg_gen_st_i32(v32, tcg_env, OUT(16 + i));
        }
    }
    tcg_gen_movi_i64(v, 0x1122334455667788ull);
    tcg_gen_qemu_st_i64(v, g64[1], 0, MO_UQ);
    tcg_gen_qemu_st_i64(v, g64[1], 0, MO_UB); /* byte at +0 */
    tcg_gen_addi_i64(addr, g64[1], 8);
    tcg_gen_qemu_st_i32(tcg_constant_i32(0xabcd), addr, 0, MO_UW);
    tcg_gen_exit_tb(NULL, 0);
    gen();
    env.r[0] = base - 1;
    env.r[1] = GUEST_PAGE + 0x200;
    slow_calls = 0;
    memset(env.out, 0, sizeof(env.out));
    run();
    g_assert_cmpint(slow_calls, ==, 0);
    {
        uint64_t q;
        memcpy(&q, guest_ram + 0x100, 8);
        uint64_t exp[] = {
            (uint8_t)q,  (uint64_t)(int8_t)q,
            (uint16_t)q, (uint64_t)(int16_t)q,
            (uint32_t)q, (uint64_t)(int32_t)q,
            q,
        };
        for (int i = 0; i < ARRAY_SIZE(ops); i++) {
            g_assert_cmphex(env.out[i], ==, exp[i]);
            if ((ops[i] & MO_SIZE) <= MO_32) {
                g_assert_cmphex((uint32_t)env.out[16 + i], ==,
                                (uint32_t)exp[i]);
            }
        }
    }
    g_assert_cmphex(guest_ram[0x200], ==, 0x88);
    g_assert_cmphex(guest_ram[0x201], ==, 0x77);
    g_assert_cmphex(guest_ram[0x207], ==, 0x11);
    g_assert_cmphex(guest_ram[0x208], ==, 0xcd);
    g_assert_cmphex(guest_ram[0x209], ==, 0xab);

    /*
     * Miss path: three guest insns; the access in the second one misses.
     * The helper must find insn 2's data through retaddr, and see the
     * dirty global written back to env before the access.
     */
    for (int kind = 0; kind < 4; kind++) {
        start();
        addr = tcg_temp_new_i64();
        v = tcg_temp_new_i64();
        tcg_gen_insn_start(0x1000, 11);
        tcg_gen_addi_i64(g64[0], g64[0], 5);
        tcg_gen_insn_start(0x1004, 22);
        tcg_gen_mov_i64(addr, g64[2]);
        tcg_gen_movi_i64(g64[0], 0x777);
        if (kind == 0) {
            tcg_gen_qemu_ld_i64(v, addr, 1, MO_SW);
        } else if (kind == 1) {
            tcg_gen_qemu_st_i64(g64[3], addr, 1, MO_UL);
        } else if (kind == 2) {
            TCGv_i32 t32 = tcg_temp_new_i32();
            tcg_gen_qemu_ld_i32(t32, addr, 1, MO_UB);
            tcg_gen_extu_i32_i64(v, t32);
        } else {
            tcg_gen_qemu_ld_i64(v, addr, 1, MO_UQ);
        }
        tcg_gen_insn_start(0x1008, 33);
        tcg_gen_st_i64(v, tcg_env, OUT(0));
        tcg_gen_addi_i64(g64[0], g64[0], 1);
        tcg_gen_exit_tb(NULL, 0);
        gen();
        for (int where = 0; where < 4; where++) {
            uint64_t a;
            /* unmapped page / MMIO flag / page crossing / hit */
            if (where == 0) {
                a = 0x7000010;
            } else if (where == 1) {
                a = GUEST_PAGE + 0x1000 + 0x40;
                tlb_table[1][((GUEST_PAGE + 0x1000) >> 12) & (TLB_ENTRIES - 1)]
                    .addr_read |= TLB_MMIO;
                tlb_table[1][((GUEST_PAGE + 0x1000) >> 12) & (TLB_ENTRIES - 1)]
                    .addr_write |= TLB_MMIO;
            } else if (where == 2) {
                a = GUEST_PAGE + 0x1000 + 0xfff;
            } else {
                a = GUEST_PAGE + 0x1000 + 0x10;
            }
            if (where == 2 && kind == 2) {
                continue; /* a byte never crosses a page */
            }
            env.r[0] = 1;
            env.r[2] = a;
            env.r[3] = 0xdeadbeefcafef00dull;
            slow_calls = 0;
            slow_pc = 0;
            env.out[0] = 0;
            memset(guest_ram + 0x1000, 0x3c, 0x1000);
            run();
            tlb_setup();
            g_assert_cmphex(env.r[0], ==, 0x778);
            if (where == 3) {
                g_assert_cmpint(slow_calls, ==, 0);
                if (kind == 1) {
                    g_assert_cmphex(*(uint32_t *)(guest_ram + 0x1010), ==,
                                    0xcafef00d);
                } else if (kind == 0) {
                    g_assert_cmphex(env.out[0], ==, 0x3c3c);
                }
                continue;
            }
            g_assert_cmpint(slow_calls, ==, 1);
            g_assert_cmphex(slow_pc, ==, 0x1004);
            g_assert_cmphex(slow_extra, ==, 22);
            g_assert_cmphex(slow_g0, ==, 0x777);
            if (kind == 0) {
                g_assert_cmphex(
                    env.out[0], ==,
                    (uint64_t)(int16_t)(0xa5a5a5a5a5a5a5a5ull ^ a ^ 1));
            } else if (kind == 1) {
                g_assert_cmphex(slow_st_addr, ==, a);
                g_assert_cmphex(slow_st_val & 0xffffffff, ==, 0xcafef00d);
                g_assert_cmpuint(get_mmuidx(slow_st_oi), ==, 1);
                g_assert_cmpuint(get_memop(slow_st_oi), ==, MO_UL);
            } else if (kind == 2) {
                g_assert_cmphex(env.out[0], ==,
                                (uint8_t)(0xa5a5a5a5a5a5a5a5ull ^ a ^ 1));
            } else {
                g_assert_cmphex(env.out[0], ==, 0xa5a5a5a5a5a5a5a5ull ^ a ^ 1);
            }
        }
    }
}

/* Values in caller-saved registers survive a slow-path call.  */
static void test_qemu_ld_keeps_regs(void)
{
    enum { N = 12 };
    TCGv_i64 t[N], v, addr;

    tlb_setup();
    start();
    v = tcg_temp_new_i64();
    addr = tcg_temp_new_i64();
    tcg_gen_insn_start(0x2000, 0);
    for (int k = 0; k < N; k++) {
        t[k] = tcg_temp_new_i64();
        tcg_gen_addi_i64(t[k], g64[1], k * 1000);
    }
    tcg_gen_mov_i64(addr, g64[2]);
    tcg_gen_qemu_ld_i64(v, addr, 0, MO_UQ);
    for (int k = 0; k < N; k++) {
        tcg_gen_add_i64(v, v, t[k]);
    }
    tcg_gen_st_i64(v, tcg_env, OUT(0));
    tcg_gen_exit_tb(NULL, 0);
    gen();
    env.r[1] = 5;
    env.r[2] = 0x9990000; /* miss */
    run();
    {
        uint64_t exp = 0xa5a5a5a5a5a5a5a5ull ^ 0x9990000;
        for (int k = 0; k < N; k++) {
            exp += 5 + k * 1000;
        }
        g_assert_cmphex(env.out[0], ==, exp);
    }
}

/* Direct chaining and exit values.  */

typedef struct FakeTB {
    TCGTBCode tc;
} __attribute__((aligned(16))) FakeTB;

static FakeTB tb_a, tb_b;

static const void *lookup_target;
static const void *test_lookup(void *e)
{
    env.seen[2]++;
    return lookup_target;
}

static void test_goto_tb(void)
{
    uintptr_t ret;

    /* TB b: g3 += 1, exit with (b, 1).  */
    start();
    tcg_gen_addi_i64(g64[3], g64[3], 1);
    tcg_gen_exit_tb((TranslationBlock *)&tb_b, 1);
    g_assert_cmpint(tcg_gen_code(tcg_ctx, &tb_b.tc, 0x2000), >, 0);

    /* TB a: g3 = 100; goto_tb 0 -> exit (a, 0); goto_tb 1 unused.  */
    start();
    tcg_gen_movi_i64(g64[3], 100);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb((TranslationBlock *)&tb_a, 0);
    g_assert_cmpint(tcg_gen_code(tcg_ctx, &tb_a.tc, 0x1000), >, 0);
    g_assert_true(tb_a.tc.has_jmp[0]);
    g_assert_false(tb_a.tc.has_jmp[1]);
    g_assert_cmpint(tb_a.tc.jmp_insn_offset[0] % 4, ==,
                    (4 - (uintptr_t)tb_a.tc.ptr % 4) % 4);

    env.r[3] = 0;
    ret = tcg_qemu_tb_exec(&env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)&tb_a);
    g_assert_cmpuint(env.r[3], ==, 100);

    tb_target_set_jmp_target(&tb_a.tc, 0, (uintptr_t)tb_b.tc.ptr);
    ret = tcg_qemu_tb_exec(&env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)&tb_b + 1);
    g_assert_cmpuint(env.r[3], ==, 101);

    tb_target_reset_jmp(&tb_a.tc, 0);
    ret = tcg_qemu_tb_exec(&env, tb_a.tc.ptr);
    g_assert_cmphex(ret, ==, (uintptr_t)&tb_a);
    g_assert_cmpuint(env.r[3], ==, 100);

    /* exit_tb values.  */
    start();
    tcg_gen_exit_tb(NULL, 0);
    gen();
    g_assert_cmphex(run(), ==, 0);
    start();
    tcg_gen_exit_tb((TranslationBlock *)&tb_b, TB_EXIT_REQUESTED);
    gen();
    g_assert_cmphex(run(), ==, (uintptr_t)&tb_b + 3);

    /* lookup_and_goto_ptr: hit jumps to tb_b, miss returns 0.  */
    tcg_ctx->lookup_tb_ptr = test_lookup;
    start();
    tcg_gen_movi_i64(g64[3], 7);
    tcg_gen_lookup_and_goto_ptr();
    gen();
    env.seen[2] = 0;
    lookup_target = tb_b.tc.ptr;
    g_assert_cmphex(run(), ==, (uintptr_t)&tb_b + 1);
    g_assert_cmpuint(env.r[3], ==, 8);
    lookup_target = NULL;
    g_assert_cmphex(run(), ==, 0);
    g_assert_cmpuint(env.r[3], ==, 7);
    g_assert_cmpuint(env.seen[2], ==, 2);
    tcg_ctx->lookup_tb_ptr = NULL;
}

/* Filling the code buffer fails with -1; a flush makes room again.  */
static void test_buffer_overflow(void)
{
    int r = 0, tbs = 0;
    TCGTBCode tc;

    while (tbs < 100000) {
        tcg_func_start(tcg_ctx);
        for (int k = 0; k < 400; k++) {
            tcg_gen_addi_i64(g64[k % 8], g64[(k + 1) % 8], k);
        }
        tcg_gen_exit_tb(NULL, 0);
        r = tcg_gen_code(tcg_ctx, &tc, 0);
        if (r < 0) {
            break;
        }
        tbs++;
    }
    g_assert_cmpint(r, ==, -1);
    g_assert_cmpint(tbs, >, 1);
    tcg_region_reset_all();
    g_assert_cmpuint(tcg_code_size(), ==, 0);
    r = tcg_gen_code(tcg_ctx, &tc, 0);
    g_assert_cmpint(r, >, 0);

    /* Too many ops: -2 (retry with a smaller TB).  */
    tcg_func_start(tcg_ctx);
    for (int k = 0; k < TCG_MAX_OPS + 10; k++) {
        tcg_gen_addi_i64(g64[0], g64[0], 1);
    }
    tcg_gen_exit_tb(NULL, 0);
    g_assert_cmpint(tcg_gen_code(tcg_ctx, &tc, 0), ==, -2);
}

static int count_ops(TCGOpcode opc)
{
    int n = 0;
    for (int i = 0; i < tcg_ctx->nb_ops; i++) {
        n += tcg_ctx->ops[i].opc == opc;
    }
    return n;
}

static int count_real_ops(void)
{
    int n = 0;
    for (int i = 0; i < tcg_ctx->nb_ops; i++) {
        n += tcg_ctx->ops[i].opc != INDEX_op_nop;
    }
    return n;
}

static void test_optimizer(void)
{
    TCGv_i64 t, u;
    TCGLabel *l;

    /* Constant expression: folds to a single store of a constant.  */
    start();
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 2);
    tcg_gen_addi_i64(t, t, 3);
    tcg_gen_muli_i64(u, t, 4);
    tcg_gen_shli_i64(u, u, 2);
    tcg_gen_xor_i64(t, u, u); /* = 0 */
    tcg_gen_or_i64(u, u, t);  /* = u */
    tcg_gen_st_i64(u, tcg_env, OUT(0));
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_add_i64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_mul_i64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_shl_i64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_xor_i64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_or_i64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_mov_i64), ==, 0);
    g_assert_cmpint(count_real_ops(), ==, 2); /* st, exit_tb */
    g_assert_true(arg_temp(tcg_ctx->ops[6].args[0])->kind == TEMP_CONST);
    g_assert_cmpint(arg_temp(tcg_ctx->ops[6].args[0])->val, ==, 80);
    gen();
    run();
    g_assert_cmpuint(env.out[0], ==, 80);

    /* Identities: x + 0, x * 1, x & -1 become copies of a global.  */
    start();
    t = tcg_temp_new_i64();
    tcg_gen_add_i64(t, g64[0], tcg_constant_i64(0));
    tcg_gen_mul_i64(t, t, tcg_constant_i64(1));
    tcg_gen_and_i64(t, t, tcg_constant_i64(-1));
    tcg_gen_st_i64(t, tcg_env, OUT(0));
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(count_real_ops(), ==, 2);
    gen();
    env.r[0] = 0x31337;
    run();
    g_assert_cmpuint(env.out[0], ==, 0x31337);

    /* Constant branches fold; unused pure results vanish.  */
    start();
    l = gen_new_label();
    t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 5);
    tcg_gen_mul_i64(u = tcg_temp_new_i64(), g64[0], g64[1]); /* dead */
    tcg_gen_brcondi_i64(TCG_COND_EQ, t, 5, l);
    tcg_gen_movi_i64(g64[2], 1);
    gen_set_label(l);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    tcg_liveness_analysis(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_brcond_i64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_br), ==, 1);
    g_assert_cmpint(count_ops(INDEX_op_mul_i64), ==, 0);
    gen();
    env.r[2] = 0;
    run();
    g_assert_cmpuint(env.r[2], ==, 0);

    /* Never-taken branch disappears entirely.  */
    start();
    l = gen_new_label();
    tcg_gen_brcond_i64(TCG_COND_LTU, tcg_constant_i64(9), tcg_constant_i64(3),
                       l);
    tcg_gen_movi_i64(g64[2], 1);
    gen_set_label(l);
    tcg_gen_exit_tb(NULL, 0);
    tcg_optimize(tcg_ctx);
    g_assert_cmpint(count_ops(INDEX_op_brcond_i64), ==, 0);
    g_assert_cmpint(count_ops(INDEX_op_br), ==, 0);
    gen();
    env.r[2] = 0;
    run();
    g_assert_cmpuint(env.r[2], ==, 1);
}

/* Logging hooks produce op and code dumps.  */
static void test_logging(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    start();
    tcg_ctx->log_op = f;
    tcg_ctx->log_op_opt = f;
    tcg_ctx->log_out_asm = f;
    tcg_gen_insn_start(0x1234, 0);
    tcg_gen_addi_i64(g64[0], g64[1], 3);
    tcg_gen_exit_tb(NULL, 0);
    gen();
    tcg_ctx->log_op = tcg_ctx->log_op_opt = tcg_ctx->log_out_asm = NULL;
    fclose(f);
    g_assert_nonnull(strstr(buf, "add_i64 r0,r1,$0x3"));
    g_assert_nonnull(strstr(buf, "0000000000001234"));
    g_assert_nonnull(strstr(buf, "OUT: [size="));
    free(buf);
}

/*
 * Random programs: statements on globals and TB temps mixed with forward
 * branches, helper calls of every global-flag class and guest memory
 * accesses, checked against a C interpreter.  Exercises the register
 * allocator's block-end, call and fault-point syncing.
 */
enum { RP_VARS = 16, RP_GLOBALS = 6, RP_STMTS = 60 };
enum {
    S_BIN,
    S_BINI,
    S_BR,
    S_CALL,
    S_LD,
    S_LDMISS,
    S_ST,
    S_MOVCOND,
    S_BIN32,
    S_MAX
};

typedef struct RpStmt {
    int kind, op, x, y, z, target;
    TCGCond cond;
    uint64_t imm;
} RpStmt;

static uint64_t rp_checksum;

static uint64_t hp_full(TestEnv *e, uint64_t a, uint64_t b)
{
    rp_checksum = rp_checksum * 31 + e->r[0];
    e->r[5] += 1;
    return a * 7 + b;
}

static uint64_t hp_nowg(TestEnv *e, uint64_t a, uint64_t b)
{
    rp_checksum = rp_checksum * 31 + e->r[0];
    return a - b * 3;
}

static uint64_t hp_norwg(uint64_t a, uint64_t b)
{
    return a ^ (b >> 3);
}

static void rp_interp(const RpStmt *p, uint64_t *v, uint64_t *mem,
                      uint64_t *sum)
{
    for (int pc = 0; pc < RP_STMTS; pc++) {
        const RpStmt *st = &p[pc];
        uint64_t a = v[st->y], b = v[st->z], addr;

        switch (st->kind) {
        case S_BIN:
            v[st->x] = ref_bin(st->op, true, a, b);
            break;
        case S_BINI:
            v[st->x] = ref_bin(st->op, true, a, st->imm);
            break;
        case S_BR:
            if (ref_cond(st->cond, a, b, true)) {
                pc = st->target - 1;
            }
            break;
        case S_CALL:
            if (st->op == 0) {
                *sum = *sum * 31 + v[0];
                v[5] += 1;
                v[st->x] = a * 7 + b;
            } else if (st->op == 1) {
                *sum = *sum * 31 + v[0];
                v[st->x] = a - b * 3;
            } else {
                v[st->x] = a ^ (b >> 3);
            }
            break;
        case S_LD:
            v[st->x] = mem[(a & 0xff8) / 8];
            break;
        case S_LDMISS:
            addr = 0x500000 + (a & 0xff8);
            v[st->x] = 0xa5a5a5a5a5a5a5a5ull ^ addr;
            break;
        case S_ST:
            mem[(b & 0xff8) / 8] = a;
            break;
        case S_MOVCOND:
            v[st->x] = ref_cond(st->cond, a, b, true) ? b : a;
            break;
        case S_BIN32:
            v[st->x] = (uint64_t)(int64_t)(int32_t)ref_bin(st->op, false, a, b);
            break;
        }
    }
}

static void test_random_programs(void)
{
    Rng rng = {0x243f6a8885a308d3ull};

    tlb_setup();
    for (int iter = 0; iter < 300; iter++) {
        RpStmt prog[RP_STMTS];
        uint64_t v[RP_VARS], init[RP_VARS], mem[512], sum = 0;
        TCGv_i64 var[RP_VARS];
        TCGLabel *labels[RP_STMTS + 1] = {0};
        uint64_t seed = rng.s;

        for (int i = 0; i < RP_STMTS; i++) {
            RpStmt *st = &prog[i];
            st->kind = rnd(&rng) % S_MAX;
            st->op = rnd(&rng) % NB_BIN;
            st->x = rnd(&rng) % RP_VARS;
            st->y = rnd(&rng) % RP_VARS;
            st->z = rnd(&rng) % RP_VARS;
            st->cond = all_conds[rnd(&rng) % ARRAY_SIZE(all_conds)];
            st->imm = rnd_val(&rng);
            st->target = i + 1 + rnd(&rng) % (RP_STMTS - i);
            if (st->kind == S_CALL) {
                st->op = rnd(&rng) % 3;
            }
        }
        for (int k = 0; k < RP_VARS; k++) {
            init[k] = rnd_val(&rng);
        }
        for (int k = 0; k < 512; k++) {
            mem[k] = rnd(&rng);
        }

        start();
        for (int k = 0; k < RP_VARS; k++) {
            if (k < RP_GLOBALS) {
                var[k] = g64[k];
            } else {
                var[k] = tcg_temp_new_i64();
                tcg_gen_ld_i64(var[k], tcg_env, OUT(40 + k));
            }
        }
        for (int i = 0; i < RP_STMTS; i++) {
            RpStmt *st = &prog[i];
            TCGv_i64 x = var[st->x], a = var[st->y], b = var[st->z];
            TCGv_i64 t = tcg_temp_ebb_new_i64();

            if (labels[i]) {
                gen_set_label(labels[i]);
            }
            tcg_gen_insn_start(0x4000 + i * 4, i);
            switch (st->kind) {
            case S_BIN:
                emit_bin64(st->op, x, a, b);
                break;
            case S_BINI:
                emit_bin64(st->op, x, a, tcg_constant_i64(st->imm));
                break;
            case S_BR:
                if (!labels[st->target]) {
                    labels[st->target] = gen_new_label();
                }
                tcg_gen_brcond_i64(st->cond, a, b, labels[st->target]);
                break;
            case S_CALL:
                if (st->op == 0) {
                    tcg_gen_call3(hp_full, 0, x, tcg_env, a, b);
                } else if (st->op == 1) {
                    tcg_gen_call3(hp_nowg, TCG_CALL_NO_WG, x, tcg_env, a, b);
                } else {
                    tcg_gen_call2(hp_norwg, TCG_CALL_NO_RWG, x, a, b);
                }
                break;
            case S_LD:
            case S_LDMISS:
                tcg_gen_andi_i64(t, a, 0xff8);
                tcg_gen_addi_i64(t, t,
                                 st->kind == S_LD ? GUEST_PAGE : 0x500000);
                tcg_gen_qemu_ld_i64(x, t, 0, MO_UQ);
                break;
            case S_ST:
                tcg_gen_andi_i64(t, b, 0xff8);
                tcg_gen_addi_i64(t, t, GUEST_PAGE);
                tcg_gen_qemu_st_i64(a, t, 0, MO_UQ);
                break;
            case S_MOVCOND:
                tcg_gen_movcond_i64(st->cond, x, a, b, b, a);
                break;
            case S_BIN32: {
                TCGv_i32 a32 = tcg_temp_new_i32(), b32 = tcg_temp_ebb_new_i32();
                tcg_gen_extrl_i64_i32(a32, a);
                tcg_gen_extrl_i64_i32(b32, b);
                emit_bin32(st->op, a32, a32, b32);
                tcg_gen_ext_i32_i64(x, a32);
                break;
            }
            }
        }
        if (labels[RP_STMTS]) {
            gen_set_label(labels[RP_STMTS]);
        }
        for (int k = RP_GLOBALS; k < RP_VARS; k++) {
            tcg_gen_st_i64(var[k], tcg_env, OUT(k));
        }
        tcg_gen_exit_tb(NULL, 0);
        gen();

        memcpy(v, init, sizeof(v));
        for (int k = 0; k < RP_VARS; k++) {
            if (k < RP_GLOBALS) {
                env.r[k] = init[k];
            } else {
                env.out[40 + k] = init[k];
            }
        }
        memcpy(guest_ram, mem, sizeof(mem));
        rp_checksum = 0;
        run();
        rp_interp(prog, v, mem, &sum);
        for (int k = 0; k < RP_VARS; k++) {
            uint64_t got = k < RP_GLOBALS ? env.r[k] : env.out[k];
            if (got != v[k]) {
                g_test_message("program %d (rng %#" PRIx64 ") var %d", iter,
                               seed, k);
            }
            g_assert_cmphex(got, ==, v[k]);
        }
        g_assert_cmphex(rp_checksum, ==, sum);
        g_assert_cmpmem(guest_ram, sizeof(mem), mem, sizeof(mem));
    }
}

/* GETPC()-style lookup from a helper, and patching insn_start words.  */
static uintptr_t getpc_seen[4];
static int getpc_n;

static void __attribute__((noinline)) h_getpc(void)
{
    getpc_seen[getpc_n++] = (uintptr_t)__builtin_return_address(0);
}

static void test_insn_data(void)
{
    TCGOp *ops[3];
    uint64_t data[TCG_MAX_INSN_START_WORDS];

    start();
    for (int i = 0; i < 3; i++) {
        tcg_gen_insn_start(0x7000 + i * 3, 100 + i);
        ops[i] = tcg_last_op();
        tcg_gen_addi_i64(g64[0], g64[0], i);
        tcg_gen_call0(h_getpc, 0, NULL);
        tcg_gen_addi_i64(g64[1], g64[1], i);
    }
    tcg_set_insn_start_param(ops[1], 1, 555);
    tcg_gen_exit_tb(NULL, 0);
    gen();
    g_assert_cmpuint(last_tc.icount, ==, 3);
    getpc_n = 0;
    run();
    g_assert_cmpint(getpc_n, ==, 3);
    for (int i = 0; i < 3; i++) {
        memset(data, 0, sizeof(data));
        g_assert_cmpint(tcg_search_insn_data(&last_tc, getpc_seen[i], data), ==,
                        i);
        g_assert_cmphex(data[0], ==, 0x7000 + i * 3);
        g_assert_cmphex(data[1], ==, i == 1 ? 555 : 100 + i);
    }
    g_assert_cmpint(
        tcg_search_insn_data(&last_tc, (uintptr_t)last_tc.ptr, data), ==, -1);
    g_assert_cmpint(
        tcg_search_insn_data(&last_tc,
                             (uintptr_t)last_tc.ptr + last_tc.size + 1, data),
        ==, -1);
}

/* Read-modify-write expansions on a mapped guest page.  */
static void test_atomics(void)
{
    TCGv_i64 addr, r;
    uint64_t *q = (uint64_t *)(guest_ram + 0x300);

    tlb_setup();
    start();
    addr = tcg_temp_new_i64();
    r = tcg_temp_new_i64();
    tcg_gen_insn_start(0x100, 0);
    tcg_gen_movi_i64(addr, GUEST_PAGE + 0x300);
    /* cmpxchg succeeds: q[0] == 5 -> 9 */
    tcg_gen_atomic_cmpxchg_i64(r, addr, tcg_constant_i64(5),
                               tcg_constant_i64(9), 0, MO_UQ);
    tcg_gen_st_i64(r, tcg_env, OUT(0));
    /* cmpxchg fails: q[0] is 9, not 5 */
    tcg_gen_atomic_cmpxchg_i64(r, addr, tcg_constant_i64(5),
                               tcg_constant_i64(1), 0, MO_UQ);
    tcg_gen_st_i64(r, tcg_env, OUT(1));
    tcg_gen_addi_i64(addr, addr, 8);
    tcg_gen_atomic_xchg_i64(r, addr, g64[0], 0, MO_UQ);
    tcg_gen_st_i64(r, tcg_env, OUT(2));
    tcg_gen_addi_i64(addr, addr, 8);
    tcg_gen_atomic_fetch_add_i64(r, addr, tcg_constant_i64(0x10), 0, MO_UW);
    tcg_gen_st_i64(r, tcg_env, OUT(3));
    tcg_gen_atomic_add_fetch_i64(r, addr, tcg_constant_i64(0x10), 0, MO_SW);
    tcg_gen_st_i64(r, tcg_env, OUT(4));
    {
        TCGv_i32 r32 = tcg_temp_new_i32();
        tcg_gen_addi_i64(addr, addr, 8);
        tcg_gen_atomic_fetch_or_i32(r32, addr, tcg_constant_i32(0xf0), 0,
                                    MO_UL);
        tcg_gen_st_i32(r32, tcg_env, OUT(5));
        tcg_gen_atomic_cmpxchg_i32(r32, addr, tcg_constant_i32(-1),
                                   tcg_constant_i32(7), 0, MO_SB);
        tcg_gen_st_i32(r32, tcg_env, OUT(6));
    }
    tcg_gen_exit_tb(NULL, 0);
    gen();
    q[0] = 5;
    q[1] = 0x1111;
    q[2] = 0xfffffff8fff8ull;
    q[3] = 0x0f;
    env.r[0] = 0xabcdef;
    slow_calls = 0;
    run();
    g_assert_cmpint(slow_calls, ==, 0);
    g_assert_cmphex(env.out[0], ==, 5);
    g_assert_cmphex(env.out[1], ==, 9);
    g_assert_cmphex(q[0], ==, 9);
    g_assert_cmphex(env.out[2], ==, 0x1111);
    g_assert_cmphex(q[1], ==, 0xabcdef);
    g_assert_cmphex(env.out[3], ==, 0xfff8);
    /* 0xfff8 + 0x10 = 0x0008 (16-bit), then + 0x10 = 0x18 */
    g_assert_cmphex(env.out[4], ==, 0x18);
    g_assert_cmphex(q[2], ==, 0xfffffff80018ull);
    g_assert_cmphex((uint32_t)env.out[5], ==, 0x0f);
    /* low byte is 0xff == (int8_t)-1: replaced by 7 */
    g_assert_cmphex((uint32_t)env.out[6], ==, 0xffffffff);
    g_assert_cmphex(q[3], ==, 0x07);
}

/* A second thread gets its own context and code region.  */
static gpointer thread_fn(gpointer data)
{
    TestEnv *e = data;
    TCGTBCode tc;

    tcg_register_thread();
    g_assert_true(tcg_ctx != NULL);
    tcg_func_start(tcg_ctx);
    tcg_gen_muli_i64(g64[0], g64[0], 3);
    tcg_gen_exit_tb(NULL, 0);
    g_assert_cmpint(tcg_gen_code(tcg_ctx, &tc, 0), >, 0);
    tcg_qemu_tb_exec(e, tc.ptr);
    return (gpointer)tc.ptr;
}

static void test_threads(void)
{
    TestEnv *e = g_new0(TestEnv, 1);
    GThread *t;
    const uint8_t *p;

    e->r[0] = 14;
    t = g_thread_new("tcg", thread_fn, e);
    p = g_thread_join(t);
    g_assert_cmpuint(e->r[0], ==, 42);
    /* Different region from the main context's.  */
    g_assert_true(p < tcg_ctx->code_gen_start || p >= tcg_ctx->code_gen_end);
    g_free(e);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    tcg_init(8 * MiB, 2);
    tcg_ctx->insn_start_words = 2;
    tcg_ctx->tlb_fast_ofs = offsetof(TestEnv, tlb);
    tcg_ctx->page_bits = 12;
    for (int i = 0; i < 8; i++) {
        tcg_ctx->ld_helpers[i] = slow_ld;
    }
    for (int i = 0; i < 4; i++) {
        tcg_ctx->st_helpers[i] = slow_st;
    }
    for (int i = 0; i < NGLOB; i++) {
        static const char *const n64[NGLOB] = {
            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        };
        static const char *const n32[NGLOB] = {
            "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7",
        };
        g64[i] =
            tcg_global_mem_new_i64(tcg_env, offsetof(TestEnv, r[i]), n64[i]);
        g32[i] =
            tcg_global_mem_new_i32(tcg_env, offsetof(TestEnv, w[i]), n32[i]);
    }
    guest_ram = g_malloc0(0x2000);

    g_test_add_func("/tcg/binops/i64", test_binops_i64);
    g_test_add_func("/tcg/binops/i32", test_binops_i32);
    g_test_add_func("/tcg/unops", test_unops);
    g_test_add_func("/tcg/conditions", test_conditions);
    g_test_add_func("/tcg/bitfields", test_bitfields);
    g_test_add_func("/tcg/conversions", test_conversions);
    g_test_add_func("/tcg/random-trees", test_random_trees);
    g_test_add_func("/tcg/loop", test_loop);
    g_test_add_func("/tcg/random-programs", test_random_programs);
    g_test_add_func("/tcg/pressure", test_pressure);
    g_test_add_func("/tcg/calls", test_calls);
    g_test_add_func("/tcg/ldst-env", test_ldst_env);
    g_test_add_func("/tcg/qemu-ldst", test_qemu_ldst);
    g_test_add_func("/tcg/qemu-ld-keeps-regs", test_qemu_ld_keeps_regs);
    g_test_add_func("/tcg/goto-tb", test_goto_tb);
    g_test_add_func("/tcg/insn-data", test_insn_data);
    g_test_add_func("/tcg/atomics", test_atomics);
    g_test_add_func("/tcg/optimizer", test_optimizer);
    g_test_add_func("/tcg/logging", test_logging);
    g_test_add_func("/tcg/buffer-overflow", test_buffer_overflow);
    g_test_add_func("/tcg/threads", test_threads);
    return g_test_run();
}
