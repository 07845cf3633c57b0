/*
 * TCG: the target-independent code generator (context, temporaries, code
 * buffer, TB code generation and the precise-state lookup table).
 *
 * Usage by an accelerator, one TB:
 *   tcg_func_start(tcg_ctx);            -- new op list, TB temps freed
 *   ... translator emits ops via tcg-op.h ...
 *   r = tcg_gen_code(tcg_ctx, &tb->tc, pc);
 *   r == -1: code buffer full: tcg_region_reset_all() (flush every TB), retry
 *   r == -2: TB too large (ops/temps/labels/frame): retry with fewer insns
 *   tcg_qemu_tb_exec(env, tb->tc.ptr) returns the exit_tb value.
 * See docs/tcg.md.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include "tcg/memop.h"
#include "tcg/tcg-ldst.h"

#define TCG_MAX_TEMPS            1024
#define TCG_MAX_OPS              8192
#define TCG_MAX_LABELS           1024
#define TCG_MAX_OP_ARGS          12
#define TCG_MAX_CALL_ARGS        6
#define TCG_MAX_INSN_START_WORDS 4
#define TCG_MAX_INSNS            512

typedef uint64_t TCGArg;

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
    TCG_TYPE_PTR = TCG_TYPE_I64,
} TCGType;

/* Condition codes: same numbering as QEMU (bit 0 inverts).  */
typedef enum TCGCond {
    TCG_COND_NEVER = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_LTU = 4,
    TCG_COND_GEU = 5,
    TCG_COND_LEU = 6,
    TCG_COND_GTU = 7,
    TCG_COND_EQ = 8,
    TCG_COND_NE = 9,
    TCG_COND_LT = 10,
    TCG_COND_GE = 11,
    TCG_COND_LE = 12,
    TCG_COND_GT = 13,
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return (TCGCond)(c ^ 1);
}

/* Swap the operands: a < b  <=>  b > a.  */
static inline TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT:
        return TCG_COND_GT;
    case TCG_COND_GT:
        return TCG_COND_LT;
    case TCG_COND_LE:
        return TCG_COND_GE;
    case TCG_COND_GE:
        return TCG_COND_LE;
    case TCG_COND_LTU:
        return TCG_COND_GTU;
    case TCG_COND_GTU:
        return TCG_COND_LTU;
    case TCG_COND_LEU:
        return TCG_COND_GEU;
    case TCG_COND_GEU:
        return TCG_COND_LEU;
    default:
        return c;
    }
}

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS,
} TCGOpcode;

/* Op flags.  */
#define TCG_OPF_BB_EXIT      0x01 /* no fall-through */
#define TCG_OPF_BB_END       0x02 /* ends a basic block */
#define TCG_OPF_CALL_CLOBBER 0x04
#define TCG_OPF_SIDE_EFFECTS 0x08 /* never removed by dead-code elimination */
#define TCG_OPF_64BIT        0x10
#define TCG_OPF_NOT_PRESENT  0x20 /* handled by the allocator, not backend */
#define TCG_OPF_COND_BRANCH  0x40
#define TCG_OPF_MAY_FAULT    0x80 /* globals are synced to env before it */

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs, flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

/*
 * Temporaries.
 *   TEMP_EBB    tcg_temp_ebb_new_*: value lost at any label (it does survive
 *               the fall-through of a conditional branch).
 *   TEMP_TB     tcg_temp_new_* / tcg_temp_local_new_*: value survives
 *               branches and labels within the TB (QEMU 8 semantics).  A
 *               TB temp used between two labels only costs nothing extra.
 *   TEMP_GLOBAL memory at base + offset; cached in host registers within a
 *               basic block and written back at block ends, before helper
 *               calls (per call flags) and before guest memory accesses.
 *   TEMP_FIXED  tcg_env, pinned to a host register.
 *   TEMP_CONST  tcg_constant_*: read-only, never freed.
 */
typedef enum TCGTempKind {
    TEMP_EBB,
    TEMP_TB,
    TEMP_GLOBAL,
    TEMP_FIXED,
    TEMP_CONST,
} TCGTempKind;

typedef enum TCGTempVal {
    TEMP_VAL_DEAD,
    TEMP_VAL_REG,
    TEMP_VAL_MEM,
    TEMP_VAL_CONST,
} TCGTempVal;

typedef struct TCGTemp {
    uint8_t type;      /* TCGType */
    uint8_t kind;      /* TCGTempKind */
    uint8_t base_kind; /* kind as created (kind may be demoted) */
    uint8_t val_type;  /* TCGTempVal, register allocator state */
    int8_t reg;
    bool mem_coherent;
    bool mem_allocated;
    bool temp_allocated;
    int8_t mem_base_reg;
    intptr_t mem_offset;
    int64_t val; /* TEMP_CONST value (i32: sign-extended) */
    const char *name;
    /* Pass-private scratch (optimizer, liveness).  */
    uintptr_t state;
    uintptr_t state2;
} TCGTemp;

typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef struct TCGv_ptr_d *TCGv_ptr;

typedef struct TCGRelocation {
    uint32_t offset; /* position of a rel32 displacement in the TB code */
} TCGRelocation;

typedef struct TCGLabel {
    bool has_value;
    bool referenced;
    uint16_t id;
    uint32_t value; /* code offset once set */
    uint16_t nb_relocs;
    uint16_t max_relocs;
    TCGRelocation *relocs;
} TCGLabel;

typedef struct TCGOp {
    uint16_t opc;
    uint8_t nargs;
    uint8_t call_oargs; /* calls only */
    uint8_t call_iargs; /* calls only */
    uint32_t life_dead; /* bit i: args[i] is dead after this op */
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

/* Helper call flags (TCG_CALL_NO_READ_GLOBALS implies NO_WRITE).  */
#define TCG_CALL_NO_READ_GLOBALS  0x1
#define TCG_CALL_NO_WRITE_GLOBALS 0x2
#define TCG_CALL_NO_SIDE_EFFECTS  0x4
#define TCG_CALL_NO_RWG           TCG_CALL_NO_READ_GLOBALS
#define TCG_CALL_NO_WG            TCG_CALL_NO_WRITE_GLOBALS
#define TCG_CALL_NO_SE            TCG_CALL_NO_SIDE_EFFECTS
#define TCG_CALL_NO_RWG_SE        (TCG_CALL_NO_RWG | TCG_CALL_NO_SE)
#define TCG_CALL_NO_WG_SE         (TCG_CALL_NO_WG | TCG_CALL_NO_SE)

/* Host code of one TB; the accel embeds this in its TranslationBlock.  */
typedef struct TCGTBCode {
    void *ptr;                    /* first byte of host code */
    uint32_t size;                /* bytes of code, search data excluded */
    uint32_t icount;              /* guest instructions (insn_start ops) */
    const uint8_t *search_data;   /* encoded insn_start table */
    uint32_t jmp_reset_offset[2]; /* goto_tb n: where "unchained" lands */
    uint32_t jmp_insn_offset[2];  /* goto_tb n: its rel32 displacement */
    bool has_jmp[2];
} TCGTBCode;

/* Forward declaration only: exit_tb encodes a TB pointer opaquely.  */
typedef struct TranslationBlock TranslationBlock;

/* exit_tb(tb, n) returns (uintptr_t)tb | n; tb must be 4-byte aligned.  */
#define TB_EXIT_MASK      3
#define TB_EXIT_IDX0      0
#define TB_EXIT_IDX1      1
#define TB_EXIT_REQUESTED 3

typedef const void *(*TCGLookupTBHelper)(void *env);

typedef struct TCGContext {
    /* Op list for the TB being translated.  */
    int nb_ops;
    int nb_temps;
    int nb_globals;
    int nb_labels;
    bool gen_overflow;    /* too many ops/temps/labels: tcg_gen_code -> -2 */
    int insn_start_words; /* words per insn_start, 1..4 (default 1) */

    /* Softmmu configuration (see tcg-ldst.h).  */
    int page_bits;
    intptr_t tlb_fast_ofs;
    TCGLoadHelper ld_helpers[8];  /* indexed by MemOp & MO_SSIZE */
    TCGStoreHelper st_helpers[4]; /* indexed by MemOp & MO_SIZE */
    TCGLookupTBHelper lookup_tb_ptr;

    /* Code buffer region of this context.  */
    uint8_t *code_gen_start; /* region start */
    uint8_t *code_gen_end;   /* region end */
    uint8_t *code_gen_ptr;   /* next free byte */
    uint8_t *code_buf;       /* TB being generated */
    uint8_t *code_ptr;
    uint8_t *code_highwater;
    int region_index;

    /* Logging: when non-NULL, tcg_gen_code dumps here.  */
    FILE *log_op;      /* ops as emitted by the translator */
    FILE *log_op_opt;  /* ops after optimisation and liveness */
    FILE *log_out_asm; /* host code, hex */

    /* Backend state during tcg_gen_code.  */
    int reg_to_temp[16];
    uint32_t reserved_regs;
    int frame_used;
    int nb_ldst;
    struct TCGLdstLabel *ldst;
    int max_ldst;
    uint32_t insn_end_off[TCG_MAX_INSNS];
    uint64_t insn_data[TCG_MAX_INSNS][TCG_MAX_INSN_START_WORDS];
    int nb_insns;
    TCGTBCode *gen_tc;

    TCGLabel *labels[TCG_MAX_LABELS];
    TCGTemp temps[TCG_MAX_TEMPS];
    TCGOp ops[TCG_MAX_OPS];
} TCGContext;

extern __thread TCGContext *tcg_ctx;
extern TCGv_ptr tcg_env;
#define cpu_env tcg_env

/* Handle <-> temp conversions (handles are offsets into TCGContext).  */
static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v)
{
    return (TCGTemp *)((char *)tcg_ctx + (uintptr_t)v);
}
static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v)
{
    return (TCGTemp *)((char *)tcg_ctx + (uintptr_t)v);
}
static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v)
{
    return (TCGTemp *)((char *)tcg_ctx + (uintptr_t)v);
}
static inline TCGArg tcgv_i32_arg(TCGv_i32 v)
{
    return (TCGArg)(uintptr_t)tcgv_i32_temp(v);
}
static inline TCGArg tcgv_i64_arg(TCGv_i64 v)
{
    return (TCGArg)(uintptr_t)tcgv_i64_temp(v);
}
static inline TCGArg tcgv_ptr_arg(TCGv_ptr v)
{
    return (TCGArg)(uintptr_t)tcgv_ptr_temp(v);
}
static inline TCGv_i32 temp_tcgv_i32(TCGTemp *t)
{
    return (TCGv_i32)((char *)t - (char *)tcg_ctx);
}
static inline TCGv_i64 temp_tcgv_i64(TCGTemp *t)
{
    return (TCGv_i64)((char *)t - (char *)tcg_ctx);
}
static inline TCGv_ptr temp_tcgv_ptr(TCGTemp *t)
{
    return (TCGv_ptr)((char *)t - (char *)tcg_ctx);
}
static inline TCGTemp *arg_temp(TCGArg a)
{
    return (TCGTemp *)(uintptr_t)a;
}
static inline size_t temp_idx(TCGTemp *t)
{
    return t - tcg_ctx->temps;
}

/*
 * Initialise: mmap an RWX code buffer of code_size bytes (<= 1 GiB) split
 * in max_threads regions, emit the prologue, make tcg_ctx valid for the
 * calling thread.  Create globals on it before other threads call
 * tcg_register_thread() (which copies them).  Exits on mmap failure.
 */
void tcg_init(size_t code_size, unsigned max_threads);
void tcg_register_thread(void);
/* Forget every TB (all regions).  No thread may be running TB code.  */
void tcg_region_reset_all(void);
size_t tcg_code_size(void);     /* bytes in use, all regions */
size_t tcg_code_capacity(void); /* bytes available, all regions */

/* Start a new TB: clears ops, labels and non-global temps.  */
void tcg_func_start(TCGContext *s);
bool tcg_op_buf_full(void);
/* Generate host code; see the top of this file for the return value.  */
int tcg_gen_code(TCGContext *s, TCGTBCode *tc, uint64_t pc_start);

/* Run TB code: returns the exit_tb value (0 from goto_ptr misses).  */
uintptr_t tcg_qemu_tb_exec(void *env, const void *tb_ptr);

/*
 * Chaining: make goto_tb slot n of tc jump to addr (the ptr of another
 * TB), or back to its own exit path.  Atomic w.r.t. running threads.
 */
void tb_target_set_jmp_target(const TCGTBCode *tc, int n, uintptr_t addr);
void tb_target_reset_jmp(const TCGTBCode *tc, int n);

/*
 * Find the guest insn whose host code contains host_pc, a return address
 * inside tc (host_pc - 1 is in the insn's code).  Fills data[0..words-1]
 * with its insn_start words; returns the insn index or -1.
 */
int tcg_search_insn_data(const TCGTBCode *tc, uintptr_t host_pc,
                         uint64_t *data);

/* Temp management.  */
TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_ptr tcg_global_mem_new_ptr(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_i64(void);
TCGv_ptr tcg_temp_new_ptr(void);
TCGv_i32 tcg_temp_ebb_new_i32(void);
TCGv_i64 tcg_temp_ebb_new_i64(void);
TCGv_ptr tcg_temp_ebb_new_ptr(void);
#define tcg_temp_local_new_i32 tcg_temp_new_i32
#define tcg_temp_local_new_i64 tcg_temp_new_i64
#define tcg_temp_local_new_ptr tcg_temp_new_ptr
/* Optional: lets the temp be reused within the TB.  */
void tcg_temp_free_i32(TCGv_i32 v);
void tcg_temp_free_i64(TCGv_i64 v);
void tcg_temp_free_ptr(TCGv_ptr v);
TCGv_i32 tcg_constant_i32(int32_t val);
TCGv_i64 tcg_constant_i64(int64_t val);
TCGv_ptr tcg_constant_ptr_int(intptr_t val);
#define tcg_constant_ptr(x) tcg_constant_ptr_int((intptr_t)(x))

TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind);
TCGTemp *tcg_constant_internal(TCGType type, int64_t val);

/* Labels.  */
TCGLabel *gen_new_label(void);

/* Op emission (used by tcg-op.c).  */
TCGOp *tcg_emit_op(TCGOpcode opc, int nargs);
TCGOp *tcg_last_op(void);
void tcg_set_insn_start_param(TCGOp *op, int arg, uint64_t v);

/* Passes (tcg_gen_code runs them; exposed for tests).  */
void tcg_optimize(TCGContext *s);
void tcg_liveness_analysis(TCGContext *s);

/* Logging.  */
void tcg_dump_ops(TCGContext *s, FILE *f, bool have_prefs);
void tcg_dump_code(FILE *f, const void *code, size_t size);
const char *tcg_cond_name(TCGCond c);

/* Host capabilities found by cpuid at tcg_init (for tests and tcg-op).  */
extern bool tcg_have_lzcnt, tcg_have_tzcnt, tcg_have_popcnt;

#endif
