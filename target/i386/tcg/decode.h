/*
 * x86 instruction decoder: opcode tables in the style of the Intel SDM
 * opcode maps, and the decoded-instruction structure the translator uses.
 *
 * A table entry (X86OpEntry) names the instruction, gives up to three
 * operands in Intel order (destination first) with SDM operand codes
 * ("E,v", "G,b", "I,z", ...) and the gen function that emits TCG ops.
 * Maps: one-byte, 0F, 0F38, 0F3A; each slot has four columns selected by
 * the mandatory prefix (none/66/F3/F2).  Entries for other files (x87,
 * MMX, SSE: helper "x86-fpu") are added with X86_DECODE_REGISTER(); see
 * docs/x86-tcg.md.  Decoding never touches CPU state except to fetch
 * bytes through the callback, so it is unit-testable on plain buffers.
 */
#ifndef TARGET_I386_TCG_DECODE_H
#define TARGET_I386_TCG_DECODE_H

#include "qemu/osdep.h"
#include "tcg/memop.h"

/* Operand codes (SDM appendix A.2.1), plus fixed registers. */
typedef enum X86OpType {
    X86_TYPE_None,
    X86_TYPE_E,   /* ModRM r/m: register or memory */
    X86_TYPE_G,   /* ModRM reg: general register */
    X86_TYPE_M,   /* ModRM r/m: memory only (#UD if mod == 3) */
    X86_TYPE_R,   /* ModRM r/m: register only (mod ignored) */
    X86_TYPE_I,   /* immediate */
    X86_TYPE_J,   /* relative branch offset (immediate) */
    X86_TYPE_O,   /* moffs: absolute address in the instruction */
    X86_TYPE_Z,   /* register in opcode bits 0-2 (+REX.B) */
    X86_TYPE_S,   /* segment register in ModRM reg */
    X86_TYPE_C,   /* control register in ModRM reg */
    X86_TYPE_D,   /* debug register in ModRM reg */
    X86_TYPE_X,   /* [seg:rSI] string source */
    X86_TYPE_Y,   /* [ES:rDI] string destination */
    X86_TYPE_V,   /* XMM in ModRM reg */
    X86_TYPE_W,   /* XMM or memory in ModRM r/m */
    X86_TYPE_U,   /* XMM in ModRM r/m (register only) */
    X86_TYPE_P,   /* MMX in ModRM reg */
    X86_TYPE_Q,   /* MMX or memory in ModRM r/m */
    X86_TYPE_N,   /* MMX in ModRM r/m (register only) */
    X86_TYPE_1,   /* the constant 1 (shift by one) */
    X86_TYPE_A,   /* direct far pointer (ptr16:16/32) in the instruction */
    /* Fixed general registers: operand size from the size code. */
    X86_TYPE_rAX, X86_TYPE_rCX, X86_TYPE_rDX, X86_TYPE_rBX,
    X86_TYPE_rSP, X86_TYPE_rBP, X86_TYPE_rSI, X86_TYPE_rDI,
    /* Fixed segment registers (push/pop es ...). */
    X86_TYPE_ES, X86_TYPE_CS, X86_TYPE_SS, X86_TYPE_DS,
    X86_TYPE_FS, X86_TYPE_GS,
} X86OpType;

/* Operand size codes (SDM A.2.2). */
typedef enum X86OpSize {
    X86_SIZE_None,
    X86_SIZE_b,   /* byte */
    X86_SIZE_w,   /* word */
    X86_SIZE_d,   /* dword */
    X86_SIZE_q,   /* qword */
    X86_SIZE_v,   /* word/dword/qword by operand size */
    X86_SIZE_z,   /* word for 16-bit operand size, else dword */
    X86_SIZE_y,   /* dword, or qword with REX.W */
    X86_SIZE_p,   /* far pointer: 16:16, 16:32 or 16:64 */
    X86_SIZE_a,   /* two memory operands (bound) */
    X86_SIZE_s,   /* pseudo-descriptor (6 or 10 bytes) */
    X86_SIZE_dq,  /* 128 bits */
    X86_SIZE_x,   /* vector (128 bits without VEX) */
    X86_SIZE_ps, X86_SIZE_pd, X86_SIZE_ss, X86_SIZE_sd,
    X86_SIZE_f,   /* x87: size chosen by the gen function */
    X86_SIZE_bw,  /* byte in memory (zero-extended), from a word reg */
} X86OpSize;

/* Entry flags. */
enum {
    X86_F_RMW = 1 << 0,      /* operand 0 is also read (into T0) */
    X86_F_NOWB = 1 << 1,     /* no write-back of operand 0 */
    X86_F_LOCK = 1 << 2,     /* LOCK allowed (with a memory operand 0) */
    X86_F_I64 = 1 << 3,      /* invalid in 64-bit mode */
    X86_F_O64 = 1 << 4,      /* valid only in 64-bit mode */
    X86_F_D64 = 1 << 5,      /* 64-bit operand size default in 64-bit mode */
    X86_F_F64 = 1 << 6,      /* operand size forced to 64 in 64-bit mode */
    X86_F_NOLOAD = 1 << 7,   /* gen loads operands itself */
    X86_F_MODRM = 1 << 8,    /* has a ModRM byte even without E/G operands */
    X86_F_PRIV = 1 << 9,     /* CPL 0 only (#GP(0) otherwise) */
    X86_F_SSE = 1 << 10,     /* mandatory-prefix entry: 66 is not opsize */
    X86_F_GROUP = 1 << 11,   /* 'group' selects by ModRM.reg */
    X86_F_NORM = 1 << 12,    /* gen does its own load/store (strings) */
    X86_F_IMM8S = 1 << 13,   /* "I,b" sign-extended to the operand size */
    X86_F_MEMONLY = 1 << 14, /* #UD if ModRM mod == 3 */
    X86_F_REGONLY = 1 << 15, /* #UD if ModRM mod != 3 */
};

typedef struct X86DecodedInsn X86DecodedInsn;
typedef struct DisasContext DisasContext;
typedef struct X86OpEntry X86OpEntry;
typedef void (*X86GenFunc)(DisasContext *s, X86DecodedInsn *d);

struct X86OpEntry {
    const char *name;          /* mnemonic, for -d in_asm */
    X86GenFunc gen;
    uint8_t op[3];             /* X86OpType, Intel order */
    uint8_t size[3];           /* X86OpSize */
    uint32_t flags;            /* X86_F_* */
    uint32_t arg;              /* free for the gen function (cc, op kind) */
    const X86OpEntry *group;   /* X86_F_GROUP: 8 entries by ModRM.reg */
};

/* Entry constructors: X86_OP(name, gen, flags, arg, T0,S0, T1,S1, T2,S2) */
#define X86_OP3(nm, fn, fl, a, t0, s0, t1, s1, t2, s2)                         \
    {                                                                          \
        .name = nm, .gen = fn,                                                 \
        .op = {X86_TYPE_##t0, X86_TYPE_##t1, X86_TYPE_##t2},                   \
        .size = {X86_SIZE_##s0, X86_SIZE_##s1, X86_SIZE_##s2}, .flags = (fl),  \
        .arg = (a),                                                            \
    }
#define X86_OP2(nm, fn, fl, a, t0, s0, t1, s1)                                 \
    X86_OP3(nm, fn, fl, a, t0, s0, t1, s1, None, None)
#define X86_OP1(nm, fn, fl, a, t0, s0)                                         \
    X86_OP3(nm, fn, fl, a, t0, s0, None, None, None, None)
#define X86_OP0(nm, fn, fl, a)                                                 \
    X86_OP3(nm, fn, fl, a, None, None, None, None, None, None)
#define X86_GROUP(nm, tbl, fl, t0, s0, t1, s1)                                 \
    {                                                                          \
        .name = nm, .op = {X86_TYPE_##t0, X86_TYPE_##t1},                      \
        .size = {X86_SIZE_##s0, X86_SIZE_##s1},                                \
        .flags = (fl) | X86_F_GROUP | X86_F_MODRM, .group = (tbl),             \
    }

/* Opcode maps and mandatory-prefix columns. */
/*
 * Maps.  The sub-maps resolve ModRM-indexed opcodes: "_M" when ModRM.mod
 * != 3 (index: reg), "_R" when mod == 3 (index: reg * 8 + rm).  x87 maps
 * index by escape byte too: X87_M: (op - 0xd8) * 8 + reg, X87_R:
 * (op - 0xd8) * 64 + reg * 8 + rm.  An empty _R/_M slot is #UD.
 */
typedef enum X86Map {
    X86_MAP_1B,    /* one-byte opcodes */
    X86_MAP_0F,
    X86_MAP_0F38,
    X86_MAP_0F3A,
    X86_MAP_0F01_M, X86_MAP_0F01_R,  /* group 7 */
    X86_MAP_0FAE_M, X86_MAP_0FAE_R,  /* group 15 */
    X86_MAP_X87_M, X86_MAP_X87_R,    /* D8..DF */
    X86_NB_MAPS,
} X86Map;
#define X86_MAP_SLOTS 512

enum {
    X86_PFX_NONE = 1 << 0,
    X86_PFX_66 = 1 << 1,
    X86_PFX_F3 = 1 << 2,
    X86_PFX_F2 = 1 << 3,
    X86_PFX_ANY = 15,
};

/* One registered entry: map, opcode, columns it fills. */
typedef struct X86OpRegistration {
    uint8_t map;        /* X86Map */
    uint16_t opcode;    /* index within the map */
    uint8_t pfx;        /* X86_PFX_* mask */
    X86OpEntry entry;
} X86OpRegistration;

/*
 * Add entries to the maps; later registrations override earlier ones
 * (the base integer table is installed first).  Must run before the
 * first decode: use X86_DECODE_REGISTER(array) at file scope.
 */
void x86_decode_register(const X86OpRegistration *regs, size_t n);
#define X86_DECODE_REGISTER(arr)                                               \
    static void __attribute__((constructor)) x86_reg_##arr(void)              \
    {                                                                          \
        x86_decode_register(arr, ARRAY_SIZE(arr));                             \
    }

/* Prefix bits of X86DecodedInsn.prefix */
enum {
    PREFIX_REPZ = 1 << 0,
    PREFIX_REPNZ = 1 << 1,
    PREFIX_LOCK = 1 << 2,
    PREFIX_DATA = 1 << 3,
    PREFIX_ADR = 1 << 4,
    PREFIX_REX = 1 << 5,
    PREFIX_VEX = 1 << 6,
};

typedef enum X86OpKind {
    X86_OP_NONE,
    X86_OP_INT,    /* general register n */
    X86_OP_MEM,    /* memory at the instruction's effective address */
    X86_OP_IMM,    /* d->imm (or imm2 for a second immediate) */
    X86_OP_SEG,    /* segment register n */
    X86_OP_CR,
    X86_OP_DR,
    X86_OP_XMM,
    X86_OP_MMX,
} X86OpKind;

typedef struct X86DecodedOp {
    uint8_t kind;      /* X86OpKind */
    uint8_t n;         /* register number */
    uint8_t ot;        /* MemOp size MO_8..MO_64 (MO_64+1: 128 bits) */
    bool high8;        /* AH/CH/DH/BH (n is 0..3, bits 8-15) */
    int64_t imm;       /* X86_OP_IMM */
} X86DecodedOp;

/* Effective address of a ModRM memory operand (or moffs/string). */
typedef struct X86DecodedAddr {
    int8_t base;       /* register, -1: none, -2: RIP-relative */
    int8_t index;      /* -1: none */
    uint8_t scale;     /* log2 */
    int8_t seg;        /* default or override segment (R_ES..R_GS) */
    int64_t disp;
} X86DecodedAddr;

#define X86_MAX_INSN_LEN 15

struct X86DecodedInsn {
    const X86OpEntry *e;
    X86Map map;        /* the map of the opcode byte (never a sub-map) */
    uint8_t b;         /* opcode byte within map */
    uint32_t prefix;   /* PREFIX_* */
    int8_t override;   /* segment override, -1 none */
    uint8_t rex;       /* REX byte (0x40..0x4f) or 0 */
    bool rex_w;
    uint8_t code;      /* address-size mode: MO_16/MO_32/MO_64 of CS */
    uint8_t ot;        /* operand size MO_16/32/64 */
    uint8_t aflag;     /* address size MO_16/32/64 */
    bool has_modrm;
    uint8_t modrm;
    uint8_t mod, reg, rm; /* reg/rm with REX.R/REX.B applied (rm: if mod==3) */
    bool has_ea;
    X86DecodedAddr ea;
    int64_t imm, imm2;
    X86DecodedOp op[3];
    uint8_t len;
    uint8_t bytes[X86_MAX_INSN_LEN];
};

/* Decoder mode bits (from hflags): what CS is. */
typedef struct X86DecodeMode {
    bool code64;       /* 64-bit code segment */
    bool code32;       /* default operand/address size 32 */
} X86DecodeMode;

/* Fetch one byte at offset i of the instruction (may raise a fault). */
typedef uint8_t (*X86FetchFn)(void *opaque, unsigned i);

typedef enum X86DecodeResult {
    X86_DECODE_OK,
    X86_DECODE_UD,       /* invalid opcode / encoding: #UD */
    X86_DECODE_TOO_LONG, /* more than 15 bytes: #GP(0) */
} X86DecodeResult;

void x86_decode_init(void);
X86DecodeResult x86_decode(X86DecodeMode mode, X86FetchFn fetch,
                           void *opaque, X86DecodedInsn *d);
/* "mnemonic op, op" for logs; returns buf. */
char *x86_format_insn(const X86DecodedInsn *d, char *buf, size_t len);

#endif
