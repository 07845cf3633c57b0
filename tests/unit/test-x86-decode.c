/*
 * x86 decoder: instruction lengths and mnemonics for a table of
 * encodings in 16/32/64-bit modes (expected values generated once with
 * "objdump -M intel" from binutils), operand decoding details, prefixes,
 * invalid encodings and the 15-byte limit.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/decode.h"

typedef struct Golden {
    int mode;
    const char *hex;
    int len;          /* 0: objdump says (bad) */
    const char *asm_; /* objdump -M intel */
} Golden;

static const Golden golden[] = {
#include "test-x86-decode.inc"
};

typedef struct Buf {
    uint8_t b[32];
    size_t n;
} Buf;

static uint8_t fetch(void *opaque, unsigned i)
{
    Buf *buf = opaque;
    return i < sizeof(buf->b) ? buf->b[i] : 0x90;
}

static void hex_to_buf(const char *hex, Buf *buf)
{
    memset(buf->b, 0x90, sizeof(buf->b));
    buf->n = strlen(hex) / 2;
    g_assert_cmpuint(buf->n, <=, sizeof(buf->b));
    for (size_t i = 0; i < buf->n; i++) {
        char t[3] = {hex[2 * i], hex[2 * i + 1], 0};
        buf->b[i] = strtoul(t, NULL, 16);
    }
}

static X86DecodeMode mode_of(int bits)
{
    X86DecodeMode m = {.code64 = bits == 64, .code32 = bits != 16};
    return m;
}

static X86DecodeResult decode_hex(int bits, const char *hex,
                                  X86DecodedInsn *d)
{
    Buf buf;
    hex_to_buf(hex, &buf);
    return x86_decode(mode_of(bits), fetch, &buf, d);
}

/* objdump spelling -> ours, where they differ only in naming. */
static const char *const aliases[][2] = {
    {"movabs", "mov"}, {"jrcxz", "jcxz"}, {"jecxz", "jcxz"},
    {"retf", "lret"}, {"retfq", "lret"}, {"sysretd",
    "sysret"}, {"sysretq", "sysret"}, {"sysexitd", "sysexit"},
    {"callw", "call"}, {"calld", "call"}, {"prefetchw", "prefetch"},
    {"prefetcht0", "nop"}, {"pushf", "pushf"}, {"popa", "popa"},
};

static void mnemonic_of(const char *asm_, char *out, size_t n)
{
    static const char *const skip[] = {
        "rep", "repz", "repnz", "lock", "cs", "ds", "es", "ss", "fs", "gs",
        "addr32", "addr16", "data16", "rex.W", NULL,
    };
    gchar **w = g_strsplit_set(asm_, " \t", -1);
    int i = 0;

    for (;;) {
        bool skipped = false;
        if (!w[i]) {
            break;
        }
        if (!*w[i]) {
            i++;
            continue;
        }
        for (int k = 0; skip[k]; k++) {
            if (!strcmp(w[i], skip[k]) && w[i + 1]) {
                skipped = true;
            }
        }
        if (!skipped) {
            break;
        }
        i++;
    }
    g_strlcpy(out, w[i] ? w[i] : "", n);
    for (size_t k = 0; k < G_N_ELEMENTS(aliases); k++) {
        if (!strcmp(out, aliases[k][0])) {
            g_strlcpy(out, aliases[k][1], n);
        }
    }
    g_strfreev(w);
}

static void test_golden(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(golden); i++) {
        const Golden *g = &golden[i];
        X86DecodedInsn d;
        X86DecodeResult r = decode_hex(g->mode, g->hex, &d);
        char want[32], text[128];

        if (g->len == 0) {
            if (r == X86_DECODE_OK) {
                g_test_message("%d-bit %s: decoded, objdump says (bad)",
                               g->mode, g->hex);
            }
            g_assert_cmpint(r, !=, X86_DECODE_OK);
            continue;
        }
        if (r != X86_DECODE_OK || d.len != g->len) {
            g_test_message("%d-bit %s (%s): result %d len %d, want %d",
                           g->mode, g->hex, g->asm_, r, d.len, g->len);
        }
        g_assert_cmpint(r, ==, X86_DECODE_OK);
        g_assert_cmpint(d.len, ==, g->len);
        mnemonic_of(g->asm_, want, sizeof(want));
        x86_format_insn(&d, text, sizeof(text));
        if (strncmp(text, want, strlen(want)) &&
            !strstr(text, want)) {
            g_test_message("%d-bit %s: '%s' vs objdump '%s'", g->mode,
                           g->hex, text, g->asm_);
            g_assert_cmpstr(text, ==, want);
        }
    }
}

static void test_operands(void)
{
    X86DecodedInsn d;

    /* mov rax, [rax+rcx*8+8] */
    g_assert_cmpint(decode_hex(64, "488b44c808", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.ot, ==, MO_64);
    g_assert_cmpint(d.op[0].kind, ==, X86_OP_INT);
    g_assert_cmpint(d.op[0].n, ==, 0);
    g_assert_cmpint(d.op[1].kind, ==, X86_OP_MEM);
    g_assert_cmpint(d.ea.base, ==, 0);
    g_assert_cmpint(d.ea.index, ==, 1);
    g_assert_cmpint(d.ea.scale, ==, 3);
    g_assert_cmpint(d.ea.disp, ==, 8);
    g_assert_cmpint(d.ea.seg, ==, 3);

    /* RIP-relative */
    g_assert_cmpint(decode_hex(64, "488d05f0ffffff", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.ea.base, ==, -2);
    g_assert_cmpint(d.ea.disp, ==, -16);

    /* [r12*8-0x10]: no base, index r12 */
    g_assert_cmpint(decode_hex(64, "4a8b04e5f0ffffff", &d), ==,
                    X86_DECODE_OK);
    g_assert_cmpint(d.ea.base, ==, -1);
    g_assert_cmpint(d.ea.index, ==, 12);
    g_assert_cmpint(d.op[0].n, ==, 0);

    /* [rbp+0] defaults to SS; gs override */
    g_assert_cmpint(decode_hex(64, "8b4500", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.ea.seg, ==, 2);
    g_assert_cmpint(decode_hex(64, "65488b042528000000", &d), ==,
                    X86_DECODE_OK);
    g_assert_cmpint(d.ea.seg, ==, 5);
    g_assert_cmpint(d.ea.disp, ==, 0x28);

    /* high-byte registers vs REX */
    g_assert_cmpint(decode_hex(64, "b4ff", &d), ==, X86_DECODE_OK);
    g_assert_true(d.op[0].high8);
    g_assert_cmpint(d.op[0].n, ==, 0);
    g_assert_cmpint(decode_hex(64, "40b4ff", &d), ==, X86_DECODE_OK);
    g_assert_false(d.op[0].high8);
    g_assert_cmpint(d.op[0].n, ==, 4);

    /* immediates: sign extension of Ib in 83, Iz in 64-bit */
    g_assert_cmpint(decode_hex(64, "4883c4f8", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.op[1].imm, ==, -8);
    g_assert_cmpint(decode_hex(64, "48a9ffffffff", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.op[1].imm, ==, -1);
    g_assert_cmpint(decode_hex(64, "48b88877665544332211", &d), ==,
                    X86_DECODE_OK);
    g_assert_cmpint(d.op[1].imm, ==, 0x1122334455667788LL);
    g_assert_cmpint(decode_hex(64, "e460", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.op[1].imm, ==, 0x60);
    /* enter: two immediates */
    g_assert_cmpint(decode_hex(32, "c8080001", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.imm, ==, 0x8);
    g_assert_cmpint(d.imm2, ==, 1);
    /* far pointer */
    g_assert_cmpint(decode_hex(32, "ea785634121200", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.imm, ==, 0x12345678);
    g_assert_cmpint(d.imm2, ==, 0x12);

    /* 16-bit addressing: [bp+si+1] uses SS */
    g_assert_cmpint(decode_hex(16, "8b4201", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.aflag, ==, MO_16);
    g_assert_cmpint(d.ea.base, ==, 5);
    g_assert_cmpint(d.ea.index, ==, 6);
    g_assert_cmpint(d.ea.seg, ==, 2);

    /* push in 64-bit mode is 64-bit, 66 makes it 16 */
    g_assert_cmpint(decode_hex(64, "50", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.ot, ==, MO_64);
    g_assert_cmpint(decode_hex(64, "6650", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.ot, ==, MO_16);
    /* mov cr8 via REX.R */
    g_assert_cmpint(decode_hex(64, "440f20c0", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.op[1].kind, ==, X86_OP_CR);
    g_assert_cmpint(d.op[1].n, ==, 8);
    /* REX followed by a legacy prefix is ignored */
    g_assert_cmpint(decode_hex(64, "486689c0", &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.ot, ==, MO_16);
    g_assert_cmpint(d.rex, ==, 0);
    /* mandatory prefixes */
    g_assert_cmpint(decode_hex(64, "f30fbcc1", &d), ==, X86_DECODE_OK);
    g_assert_cmpstr(d.e->name, ==, "tzcnt");
    g_assert_cmpint(decode_hex(64, "660fbcc1", &d), ==, X86_DECODE_OK);
    g_assert_cmpstr(d.e->name, ==, "bsf");
    g_assert_cmpint(d.ot, ==, MO_16);
}

static void test_invalid(void)
{
    static const struct {
        int mode;
        const char *hex;
    } ud[] = {
        {64, "06"}, {64, "07"}, {64, "1e"}, {64, "27"}, {64, "37"},
        {64, "60"}, {64, "61"}, {64, "62c0"}, {64, "9a0000000000"},
        {64, "ce"}, {64, "d40a"}, {64, "ea000000000000"}, {64, "c5f877"},
        {32, "8ef8"}, {32, "8e38"}, {32, "f001c0"}, {32, "f090"},
        {32, "f08b00"}, {32, "8dc0"}, {32, "c4c0"}, {32, "0fb2c0"},
        {32, "ffd8"}, {32, "fe10"}, {32, "0fc7c8"},
        {32, "0fba00"}, {32, "0f04"}, {32, "0f0a"}, {32, "0f0f"},
        {64, "0fb8c1"},
    };
    X86DecodedInsn d;

    for (size_t i = 0; i < G_N_ELEMENTS(ud); i++) {
        X86DecodeResult r = decode_hex(ud[i].mode, ud[i].hex, &d);
        if (r != X86_DECODE_UD) {
            g_test_message("%d-bit %s: result %d", ud[i].mode, ud[i].hex, r);
        }
        g_assert_cmpint(r, ==, X86_DECODE_UD);
    }
}

static void test_too_long(void)
{
    X86DecodedInsn d;
    GString *s = g_string_new(NULL);

    for (int i = 0; i < 14; i++) {
        g_string_append(s, "66");
    }
    g_string_append(s, "90");
    g_assert_cmpint(decode_hex(32, s->str, &d), ==, X86_DECODE_OK);
    g_assert_cmpint(d.len, ==, 15);
    g_string_truncate(s, 0);
    for (int i = 0; i < 15; i++) {
        g_string_append(s, "66");
    }
    g_string_append(s, "90");
    g_assert_cmpint(decode_hex(32, s->str, &d), ==, X86_DECODE_TOO_LONG);
    /* 11-byte instruction with 5 prefixes: 16 bytes */
    g_assert_cmpint(decode_hex(64, "2e2e2e2e2e8104250010000078563412", &d),
                    ==, X86_DECODE_TOO_LONG);
    g_string_free(s, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-decode/golden", test_golden);
    g_test_add_func("/x86-decode/operands", test_operands);
    g_test_add_func("/x86-decode/invalid", test_invalid);
    g_test_add_func("/x86-decode/too-long", test_too_long);
    return g_test_run();
}
