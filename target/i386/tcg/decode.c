/*
 * x86 instruction decoder (see decode.h): prefixes, map selection,
 * ModRM/SIB/displacement, immediates and operand resolution.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/decode.h"

enum { R_ES_, R_CS_, R_SS_, R_DS_, R_FS_, R_GS_ };

typedef struct X86MapSlot {
    X86OpEntry col[4];   /* none, 66, F3, F2 */
    bool prefix_sensitive;
} X86MapSlot;

static X86MapSlot maps[X86_NB_MAPS][X86_MAP_SLOTS];

typedef struct RegList {
    const X86OpRegistration *regs;
    size_t n;
    struct RegList *next;
} RegList;

static RegList *reg_head, **reg_tail = &reg_head;
static bool maps_built;

static void install(const X86OpRegistration *r)
{
    X86MapSlot *slot;

    if (r->map >= X86_NB_MAPS || r->opcode >= X86_MAP_SLOTS) {
        return;
    }
    slot = &maps[r->map][r->opcode];
    if (r->pfx != X86_PFX_ANY) {
        slot->prefix_sensitive = true;
    }
    for (int c = 0; c < 4; c++) {
        if (r->pfx & (1 << c)) {
            slot->col[c] = r->entry;
        }
    }
}

void x86_decode_register(const X86OpRegistration *regs, size_t n)
{
    RegList *l = g_new0(RegList, 1);

    l->regs = regs;
    l->n = n;
    *reg_tail = l;
    reg_tail = &l->next;
    if (maps_built) {
        for (size_t i = 0; i < n; i++) {
            install(&regs[i]);
        }
    }
}

/* The base (integer) table, defined by whoever links the gen functions. */
extern const X86OpRegistration x86_base_ops[];
extern const size_t x86_base_ops_count;
extern const X86OpEntry x86_movsxd_entry;

void x86_decode_init(void)
{
    if (maps_built) {
        return;
    }
    for (size_t i = 0; i < x86_base_ops_count; i++) {
        install(&x86_base_ops[i]);
    }
    for (RegList *l = reg_head; l; l = l->next) {
        for (size_t i = 0; i < l->n; i++) {
            install(&l->regs[i]);
        }
    }
    maps_built = true;
}

typedef struct Dec {
    X86FetchFn fetch;
    void *opaque;
    X86DecodedInsn *d;
    bool too_long;
} Dec;

static uint8_t get8(Dec *c)
{
    X86DecodedInsn *d = c->d;

    if (d->len >= X86_MAX_INSN_LEN) {
        c->too_long = true;
        return 0;
    }
    d->bytes[d->len] = c->fetch(c->opaque, d->len);
    return d->bytes[d->len++];
}

static uint64_t getn(Dec *c, int bytes)
{
    uint64_t v = 0;

    for (int i = 0; i < bytes; i++) {
        v |= (uint64_t)get8(c) << (8 * i);
    }
    return v;
}

static int64_t sext(uint64_t v, int bytes)
{
    int sh = 64 - 8 * bytes;
    return bytes >= 8 ? (int64_t)v : (int64_t)(v << sh) >> sh;
}

static bool type_has_modrm(uint8_t t)
{
    switch (t) {
    case X86_TYPE_E: case X86_TYPE_G: case X86_TYPE_M: case X86_TYPE_R:
    case X86_TYPE_S: case X86_TYPE_C: case X86_TYPE_D: case X86_TYPE_V:
    case X86_TYPE_W: case X86_TYPE_U: case X86_TYPE_P: case X86_TYPE_Q:
    case X86_TYPE_N:
        return true;
    default:
        return false;
    }
}

static void decode_modrm_mem(Dec *c)
{
    X86DecodedInsn *d = c->d;
    X86DecodedAddr *ea = &d->ea;
    int rex_x = (d->rex >> 1) & 1, rex_b = d->rex & 1;
    int mod = d->mod, rm = d->modrm & 7;

    d->has_ea = true;
    ea->base = -1;
    ea->index = -1;
    ea->scale = 0;
    ea->disp = 0;
    if (d->aflag == MO_16) {
        static const int8_t b16[8] = {3, 3, 5, 5, 6, 7, 5, 3};
        static const int8_t i16[8] = {6, 7, 6, 7, -1, -1, -1, -1};
        if (mod == 0 && rm == 6) {
            ea->disp = sext(getn(c, 2), 2);
            ea->seg = R_DS_;
            return;
        }
        ea->base = b16[rm];
        ea->index = i16[rm];
        ea->seg = (rm == 2 || rm == 3 || rm == 6) ? R_SS_ : R_DS_;
        if (mod == 1) {
            ea->disp = sext(get8(c), 1);
        } else if (mod == 2) {
            ea->disp = sext(getn(c, 2), 2);
        }
        return;
    }
    if (rm == 4) {
        uint8_t sib = get8(c);
        int base = sib & 7, index = ((sib >> 3) & 7) | (rex_x << 3);
        ea->scale = sib >> 6;
        if (index != 4) {
            ea->index = index;
        }
        if (base == 5 && mod == 0) {
            ea->disp = sext(getn(c, 4), 4);
        } else {
            ea->base = base | (rex_b << 3);
        }
    } else if (rm == 5 && mod == 0) {
        ea->disp = sext(getn(c, 4), 4);
        if (d->code == MO_64) {
            ea->base = -2;
        }
    } else {
        ea->base = rm | (rex_b << 3);
    }
    if (mod == 1) {
        ea->disp = sext(get8(c), 1);
    } else if (mod == 2) {
        ea->disp = sext(getn(c, 4), 4);
    }
    ea->seg = ((ea->base & 7) == 4 || (ea->base & 7) == 5) && ea->base >= 0
                  ? R_SS_
                  : R_DS_;
}

static int size_to_ot(const X86DecodedInsn *d, uint8_t size)
{
    switch (size) {
    case X86_SIZE_b:
    case X86_SIZE_bw:
        return MO_8;
    case X86_SIZE_w:
        return MO_16;
    case X86_SIZE_d:
    case X86_SIZE_ss:
        return MO_32;
    case X86_SIZE_q:
    case X86_SIZE_sd:
        return MO_64;
    case X86_SIZE_v:
        return d->ot;
    case X86_SIZE_z:
        return d->ot == MO_16 ? MO_16 : MO_32;
    case X86_SIZE_y:
        return d->ot == MO_64 ? MO_64 : MO_32;
    case X86_SIZE_dq:
    case X86_SIZE_x:
    case X86_SIZE_ps:
    case X86_SIZE_pd:
        return MO_64 + 1;
    default:
        return d->ot;
    }
}

/* Resolve operand i; false: #UD. */
static bool decode_op(Dec *c, int i, bool *first_imm)
{
    X86DecodedInsn *d = c->d;
    const X86OpEntry *e = d->e;
    X86DecodedOp *op = &d->op[i];
    uint8_t t = e->op[i];
    int ot = size_to_ot(d, e->size[i]);
    int rex_r = (d->rex >> 2) & 1, rex_b = d->rex & 1;
    int immbytes;
    uint64_t v;

    memset(op, 0, sizeof(*op));
    op->ot = ot;
    switch (t) {
    case X86_TYPE_None:
        return true;
    case X86_TYPE_E:
    case X86_TYPE_R:
    case X86_TYPE_M:
        if (d->mod == 3 && t != X86_TYPE_M) {
            op->kind = X86_OP_INT;
            op->n = d->rm;
            if (ot == MO_8 && !d->rex && op->n >= 4 && op->n < 8) {
                op->n -= 4;
                op->high8 = true;
            }
        } else if (d->mod == 3) {
            return false;
        } else if (t == X86_TYPE_R) {
            /* mov to/from CRn/DRn ignore mod: the register form. */
            op->kind = X86_OP_INT;
            op->n = d->rm;
        } else {
            op->kind = X86_OP_MEM;
        }
        return true;
    case X86_TYPE_W:
    case X86_TYPE_Q:
        if (d->mod != 3) {
            op->kind = X86_OP_MEM;
            return true;
        }
        op->kind = t == X86_TYPE_W ? X86_OP_XMM : X86_OP_MMX;
        op->n = t == X86_TYPE_W ? d->rm : (d->modrm & 7);
        return true;
    case X86_TYPE_U:
    case X86_TYPE_N:
        if (d->mod != 3) {
            return false;
        }
        op->kind = t == X86_TYPE_U ? X86_OP_XMM : X86_OP_MMX;
        op->n = t == X86_TYPE_U ? d->rm : (d->modrm & 7);
        return true;
    case X86_TYPE_V:
        op->kind = X86_OP_XMM;
        op->n = d->reg;
        return true;
    case X86_TYPE_P:
        op->kind = X86_OP_MMX;
        op->n = (d->modrm >> 3) & 7;
        return true;
    case X86_TYPE_G:
        op->kind = X86_OP_INT;
        op->n = d->reg;
        if (ot == MO_8 && !d->rex && op->n >= 4 && op->n < 8) {
            op->n -= 4;
            op->high8 = true;
        }
        return true;
    case X86_TYPE_Z:
        op->kind = X86_OP_INT;
        op->n = (d->b & 7) | (rex_b << 3);
        if (ot == MO_8 && !d->rex && op->n >= 4 && op->n < 8) {
            op->n -= 4;
            op->high8 = true;
        }
        return true;
    case X86_TYPE_S:
        op->kind = X86_OP_SEG;
        op->n = (d->modrm >> 3) & 7;
        op->ot = MO_16;
        return op->n < 6;
    case X86_TYPE_C:
        op->kind = X86_OP_CR;
        op->n = ((d->modrm >> 3) & 7) | (rex_r << 3);
        return true;
    case X86_TYPE_D:
        op->kind = X86_OP_DR;
        op->n = ((d->modrm >> 3) & 7) | (rex_r << 3);
        return true;
    case X86_TYPE_X:
    case X86_TYPE_Y:
        op->kind = X86_OP_MEM;
        return true;
    case X86_TYPE_1:
        op->kind = X86_OP_IMM;
        op->imm = 1;
        return true;
    case X86_TYPE_O:
        d->has_ea = true;
        d->ea.base = -1;
        d->ea.index = -1;
        d->ea.scale = 0;
        d->ea.seg = R_DS_;
        d->ea.disp = (int64_t)getn(c, 1 << d->aflag);
        if (d->aflag == MO_32) {
            d->ea.disp = (uint32_t)d->ea.disp;
        }
        op->kind = X86_OP_MEM;
        return true;
    case X86_TYPE_A:
        op->kind = X86_OP_IMM;
        immbytes = d->ot == MO_16 ? 2 : 4;
        op->imm = getn(c, immbytes);
        d->imm = op->imm;
        d->imm2 = getn(c, 2);
        return true;
    case X86_TYPE_I:
    case X86_TYPE_J:
        op->kind = X86_OP_IMM;
        switch (e->size[i]) {
        case X86_SIZE_b:
            immbytes = 1;
            break;
        case X86_SIZE_w:
            immbytes = 2;
            break;
        case X86_SIZE_d:
            immbytes = 4;
            break;
        case X86_SIZE_q:
            immbytes = 8;
            break;
        case X86_SIZE_v:
            immbytes = 1 << d->ot;
            break;
        default: /* z */
            immbytes = d->ot == MO_16 ? 2 : 4;
            break;
        }
        v = getn(c, immbytes);
        if (t == X86_TYPE_J || e->size[i] == X86_SIZE_z ||
            (immbytes == 1 && (e->flags & X86_F_IMM8S))) {
            op->imm = sext(v, immbytes);
        } else {
            op->imm = v;
        }
        if (*first_imm) {
            d->imm = op->imm;
            *first_imm = false;
        } else {
            d->imm2 = op->imm;
        }
        return true;
    case X86_TYPE_ES: case X86_TYPE_CS: case X86_TYPE_SS:
    case X86_TYPE_DS: case X86_TYPE_FS: case X86_TYPE_GS:
        op->kind = X86_OP_SEG;
        op->n = t - X86_TYPE_ES;
        op->ot = MO_16;
        return true;
    default:
        if (t >= X86_TYPE_rAX && t <= X86_TYPE_rDI) {
            op->kind = X86_OP_INT;
            op->n = t - X86_TYPE_rAX;
            /* "Z"-style fixed registers still honour REX.B (xchg r8) */
            return true;
        }
        return false;
    }
}

X86DecodeResult x86_decode(X86DecodeMode mode, X86FetchFn fetch,
                           void *opaque, X86DecodedInsn *d)
{
    Dec c = {.fetch = fetch, .opaque = opaque, .d = d};
    uint8_t b, last_rep = 0;
    const X86MapSlot *slot;
    const X86OpEntry *e;
    bool need_modrm, first_imm = true;
    int col;

    x86_decode_init();
    memset(d, 0, sizeof(*d));
    d->override = -1;
    d->code = mode.code64 ? MO_64 : mode.code32 ? MO_32 : MO_16;

    for (;;) {
        b = get8(&c);
        if (c.too_long) {
            return X86_DECODE_TOO_LONG;
        }
        switch (b) {
        case 0xf0:
            d->prefix |= PREFIX_LOCK;
            break;
        case 0xf2:
            d->prefix |= PREFIX_REPNZ;
            last_rep = b;
            break;
        case 0xf3:
            d->prefix |= PREFIX_REPZ;
            last_rep = b;
            break;
        case 0x26: case 0x2e: case 0x36: case 0x3e:
            d->override = (b >> 3) & 3; /* ES=0, CS=1, SS=2, DS=3 */
            break;
        case 0x64:
        case 0x65:
            d->override = b - 0x64 + R_FS_;
            break;
        case 0x66:
            d->prefix |= PREFIX_DATA;
            break;
        case 0x67:
            d->prefix |= PREFIX_ADR;
            break;
        default:
            if (mode.code64 && (b & 0xf0) == 0x40) {
                d->rex = b;
                d->prefix |= PREFIX_REX;
                /* A REX not followed directly by the opcode is ignored. */
                b = get8(&c);
                if (c.too_long) {
                    return X86_DECODE_TOO_LONG;
                }
                while ((b & 0xf0) == 0x40) {
                    d->rex = b;
                    b = get8(&c);
                    if (c.too_long) {
                        return X86_DECODE_TOO_LONG;
                    }
                }
                switch (b) {
                case 0xf0: case 0xf2: case 0xf3: case 0x26: case 0x2e:
                case 0x36: case 0x3e: case 0x64: case 0x65: case 0x66:
                case 0x67:
                    d->rex = 0;
                    d->prefix &= ~PREFIX_REX;
                    d->len--;
                    continue;
                }
            }
            goto opcode;
        }
    }
opcode:
    d->rex_w = (d->rex >> 3) & 1;
    if (mode.code64 && d->override >= 0 && d->override < R_FS_) {
        d->override = -1; /* ES/CS/SS/DS overrides are ignored */
    }
    d->map = X86_MAP_1B;
    if (b == 0x0f) {
        b = get8(&c);
        d->map = X86_MAP_0F;
        if (b == 0x38 || b == 0x3a) {
            d->map = b == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
            b = get8(&c);
        }
    } else if ((b == 0xc4 || b == 0xc5 || b == 0x8f || b == 0x62) &&
               !mode.code64) {
        /* In legacy modes VEX/EVEX/XOP look like les/lds/pop/bound. */
    } else if ((b == 0xc4 || b == 0xc5) && mode.code64) {
        return X86_DECODE_UD; /* VEX: no AVX */
    }
    if (c.too_long) {
        return X86_DECODE_TOO_LONG;
    }
    d->b = b;

    /* Sizes */
    if (mode.code64) {
        d->ot = d->rex_w ? MO_64 : (d->prefix & PREFIX_DATA) ? MO_16 : MO_32;
        d->aflag = (d->prefix & PREFIX_ADR) ? MO_32 : MO_64;
    } else {
        bool o32 = mode.code32 ^ !!(d->prefix & PREFIX_DATA);
        bool a32 = mode.code32 ^ !!(d->prefix & PREFIX_ADR);
        d->ot = o32 ? MO_32 : MO_16;
        d->aflag = a32 ? MO_32 : MO_16;
    }

    slot = &maps[d->map][b];
    col = 0;
    if (slot->prefix_sensitive) {
        if (last_rep == 0xf3) {
            col = 2;
        } else if (last_rep == 0xf2) {
            col = 3;
        } else if (d->prefix & PREFIX_DATA) {
            col = 1;
        }
    }
    e = &slot->col[col];
    if (mode.code64 && d->map == X86_MAP_1B && b == 0x63) {
        e = &x86_movsxd_entry;
    }
    if (d->map == X86_MAP_1B && b == 0x90 && (d->rex & 1)) {
        e = &maps[X86_MAP_1B][0x91].col[0]; /* xchg r8, rax */
    }
    if (!e->name) {
        return X86_DECODE_UD;
    }
    if ((e->flags & X86_F_SSE) && col == 1) {
        /* 66 selected the instruction: not an operand size prefix. */
        d->ot = mode.code64 && d->rex_w ? MO_64 : MO_32;
        if (!mode.code64 && !mode.code32) {
            d->ot = MO_32;
        }
    }

    need_modrm = (e->flags & (X86_F_MODRM | X86_F_GROUP)) ||
                 type_has_modrm(e->op[0]) || type_has_modrm(e->op[1]) ||
                 type_has_modrm(e->op[2]);
    if (need_modrm) {
        int sub = -1, idx = 0;
        d->has_modrm = true;
        d->modrm = get8(&c);
        d->mod = d->modrm >> 6;
        d->reg = ((d->modrm >> 3) & 7) | ((d->rex & 4) << 1);
        d->rm = (d->modrm & 7) | ((d->rex & 1) << 3);
        if (d->map == X86_MAP_0F && (b == 0x01 || b == 0xae)) {
            sub = (b == 0x01 ? X86_MAP_0F01_M : X86_MAP_0FAE_M) +
                  (d->mod == 3);
            idx = d->mod == 3 ? (d->modrm & 0x3f) : (d->modrm >> 3) & 7;
        } else if (d->map == X86_MAP_1B && b >= 0xd8 && b <= 0xdf) {
            sub = X86_MAP_X87_M + (d->mod == 3);
            idx = d->mod == 3 ? (b - 0xd8) * 64 + (d->modrm & 0x3f)
                              : (b - 0xd8) * 8 + ((d->modrm >> 3) & 7);
        }
        if (sub >= 0) {
            slot = &maps[sub][idx];
            col = 0;
            if (slot->prefix_sensitive) {
                if (last_rep == 0xf3) {
                    col = 2;
                } else if (last_rep == 0xf2) {
                    col = 3;
                } else if (d->prefix & PREFIX_DATA) {
                    col = 1;
                }
            }
            e = &slot->col[col];
            if (!e->name) {
                return X86_DECODE_UD;
            }
        }
        if (e->flags & X86_F_GROUP) {
            e = &e->group[(d->modrm >> 3) & 7];
            if (!e->name) {
                return X86_DECODE_UD;
            }
        }
    }
    d->e = e;
    if (mode.code64 && (e->flags & X86_F_I64)) {
        return X86_DECODE_UD;
    }
    if (!mode.code64 && (e->flags & X86_F_O64)) {
        return X86_DECODE_UD;
    }
    if (mode.code64 && (e->flags & (X86_F_D64 | X86_F_F64))) {
        if ((e->flags & X86_F_F64) || !(d->prefix & PREFIX_DATA) ||
            d->rex_w) {
            d->ot = MO_64;
        } else {
            d->ot = MO_16;
        }
    }
    if (need_modrm && d->mod != 3) {
        if ((e->flags & X86_F_REGONLY)) {
            return X86_DECODE_UD;
        }
        bool is_r = false;
        for (int i = 0; i < 3; i++) {
            if (e->op[i] == X86_TYPE_R || e->op[i] == X86_TYPE_U ||
                e->op[i] == X86_TYPE_N) {
                is_r = true;
            }
        }
        if (!is_r) {
            decode_modrm_mem(&c);
        }
    } else if (need_modrm && (e->flags & X86_F_MEMONLY)) {
        return X86_DECODE_UD;
    }
    if (d->override >= 0 && d->has_ea) {
        d->ea.seg = d->override;
    }
    for (int i = 0; i < 3; i++) {
        if (!decode_op(&c, i, &first_imm)) {
            return c.too_long ? X86_DECODE_TOO_LONG : X86_DECODE_UD;
        }
    }
    if (d->has_ea && d->override >= 0) {
        d->ea.seg = d->override;
    }
    if (c.too_long) {
        return X86_DECODE_TOO_LONG;
    }
    if (d->prefix & PREFIX_LOCK) {
        if (!(e->flags & X86_F_LOCK) || d->op[0].kind != X86_OP_MEM) {
            return X86_DECODE_UD;
        }
    }
    return X86_DECODE_OK;
}

static const char *const reg_names[4][16] = {
    {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b",
     "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"},
    {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w",
     "r11w", "r12w", "r13w", "r14w", "r15w"},
    {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d",
     "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"},
    {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9",
     "r10", "r11", "r12", "r13", "r14", "r15"},
};
static const char *const seg_names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

static void format_ea(const X86DecodedInsn *d, GString *s)
{
    const X86DecodedAddr *ea = &d->ea;
    int aot = d->aflag;
    bool any = false;

    if (d->override >= 0) {
        g_string_append_printf(s, "%s:", seg_names[d->override]);
    }
    g_string_append_c(s, '[');
    if (ea->base == -2) {
        g_string_append(s, "rip");
        any = true;
    } else if (ea->base >= 0) {
        g_string_append(s, reg_names[aot][ea->base]);
        any = true;
    }
    if (ea->index >= 0) {
        g_string_append_printf(s, "%s%s*%d", any ? "+" : "",
                               reg_names[aot][ea->index], 1 << ea->scale);
        any = true;
    }
    if (ea->disp || !any) {
        if (any && ea->disp < 0) {
            g_string_append_printf(s, "-0x%" PRIx64, -(uint64_t)ea->disp);
        } else {
            g_string_append_printf(s, "%s0x%" PRIx64, any ? "+" : "",
                                   (uint64_t)ea->disp);
        }
    }
    g_string_append_c(s, ']');
}

char *x86_format_insn(const X86DecodedInsn *d, char *buf, size_t len)
{
    GString *s = g_string_new(NULL);

    if (d->prefix & PREFIX_LOCK) {
        g_string_append(s, "lock ");
    }
    if ((d->prefix & (PREFIX_REPZ | PREFIX_REPNZ)) && d->e &&
        (d->e->flags & X86_F_NORM)) {
        g_string_append(s, d->prefix & PREFIX_REPNZ ? "repnz " : "rep ");
    }
    if (!d->e) {
        g_string_append(s, "(bad)");
    } else if (strchr(d->e->name, '/')) {
        /* "w/d/q" spellings by operand size */
        gchar **alt = g_strsplit(d->e->name, "/", 3);
        int k = d->ot == MO_64 ? 2 : d->ot == MO_32 ? 1 : 0;
        while (k > 0 && !alt[k]) {
            k--;
        }
        g_string_append(s, alt[k]);
        g_strfreev(alt);
    } else {
        g_string_append(s, d->e->name);
    }
    for (int i = 0; d->e && i < 3; i++) {
        const X86DecodedOp *op = &d->op[i];
        if (d->e->op[i] == X86_TYPE_None) {
            break;
        }
        g_string_append(s, i ? ", " : " ");
        switch (op->kind) {
        case X86_OP_INT:
            if (op->high8) {
                g_string_append_printf(s, "%ch", "acdb"[op->n]);
            } else if (op->ot <= MO_64) {
                g_string_append(s, reg_names[op->ot][op->n & 15]);
            }
            break;
        case X86_OP_MEM:
            if (d->e->op[i] == X86_TYPE_X) {
                g_string_append(s, "[rsi]");
            } else if (d->e->op[i] == X86_TYPE_Y) {
                g_string_append(s, "es:[rdi]");
            } else {
                format_ea(d, s);
            }
            break;
        case X86_OP_IMM:
            if (d->e->op[i] == X86_TYPE_A) {
                g_string_append_printf(s, "0x%" PRIx64 ":0x%" PRIx64,
                                       (uint64_t)d->imm2, (uint64_t)d->imm);
            } else {
                g_string_append_printf(s, "0x%" PRIx64, (uint64_t)op->imm);
            }
            break;
        case X86_OP_SEG:
            g_string_append(s, seg_names[op->n % 6]);
            break;
        case X86_OP_CR:
            g_string_append_printf(s, "cr%d", op->n);
            break;
        case X86_OP_DR:
            g_string_append_printf(s, "dr%d", op->n);
            break;
        case X86_OP_XMM:
            g_string_append_printf(s, "xmm%d", op->n);
            break;
        case X86_OP_MMX:
            g_string_append_printf(s, "mm%d", op->n);
            break;
        }
    }
    g_strlcpy(buf, s->str, len);
    g_string_free(s, true);
    return buf;
}
