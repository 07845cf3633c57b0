/*
 * AML encoder (ACPI 6.4 chapter 20 "ACPI Machine Language
 * Specification", resource descriptors from chapter 6.4).
 */
#include "qemu/osdep.h"
#include "hw/acpi/aml-build.h"

/* How a node's bytes are wrapped when appended to its parent. */
typedef enum {
    AML_RAW,            /* bytes as they are (data, Name, a root) */
    AML_PKG,            /* op PkgLength bytes: Package, Scope, Buffer */
    AML_EXT_PKG,        /* ExtOpPrefix op PkgLength bytes: Device */
    AML_RES_TEMPLATE,   /* Buffer of descriptors + end tag */
} AmlBlock;

struct Aml {
    GByteArray *buf;
    AmlBlock block;
    uint8_t op;
};

#define ZERO_OP 0x00
#define ONE_OP 0x01
#define NAME_OP 0x08
#define BYTE_PREFIX 0x0a
#define WORD_PREFIX 0x0b
#define DWORD_PREFIX 0x0c
#define STRING_PREFIX 0x0d
#define QWORD_PREFIX 0x0e
#define SCOPE_OP 0x10
#define BUFFER_OP 0x11
#define PACKAGE_OP 0x12
#define DUAL_NAME_PREFIX 0x2e
#define MULTI_NAME_PREFIX 0x2f
#define EXT_OP_PREFIX 0x5b
#define DEVICE_OP 0x82          /* after ExtOpPrefix */
#define ONES_OP 0xff

static Aml *aml_alloc(AmlBlock block, uint8_t op)
{
    Aml *a = g_new0(Aml, 1);

    a->buf = g_byte_array_new();
    a->block = block;
    a->op = op;
    return a;
}

Aml *aml_new(void)
{
    return aml_alloc(AML_RAW, 0);
}

void aml_free(Aml *aml)
{
    if (aml) {
        g_byte_array_free(aml->buf, TRUE);
        g_free(aml);
    }
}

static void put_byte(GByteArray *b, uint8_t v)
{
    g_byte_array_append(b, &v, 1);
}

/* Little-endian integer of size bytes, no prefix. */
static void put_le(GByteArray *b, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        put_byte(b, v >> (i * 8));
    }
}

/*
 * PkgLength (20.2.4): the length of itself plus what follows.  One byte
 * holds up to 63; otherwise bits 7:6 of the lead byte give the number of
 * following bytes, its low nibble the low 4 bits and each following byte
 * the next 8.
 */
static void put_pkg_length(GByteArray *b, size_t len)
{
    size_t total;
    unsigned nbytes;

    if (len + 1 < (1u << 6)) {
        put_byte(b, len + 1);
        return;
    }
    for (nbytes = 2; nbytes <= 4; nbytes++) {
        if (len + nbytes < (1u << (4 + 8 * (nbytes - 1)))) {
            break;
        }
    }
    assert(nbytes <= 4);
    total = len + nbytes;
    put_byte(b, ((nbytes - 1) << 6) | (total & 0xf));
    for (unsigned i = 1; i < nbytes; i++) {
        put_byte(b, total >> (4 + 8 * (i - 1)));
    }
}

static bool name_char_ok(char c, bool first)
{
    return c == '_' || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
}

/* NameString (20.2.2): prefixes, then one, two (dual) or more segments. */
static void put_namestring(GByteArray *b, const char *name)
{
    g_auto(GStrv) segs = NULL;
    unsigned nseg;

    while (*name == '\\' || *name == '^') {
        put_byte(b, *name++);
    }
    if (!*name) {
        put_byte(b, 0x00);              /* NullName */
        return;
    }
    segs = g_strsplit(name, ".", -1);
    nseg = g_strv_length(segs);
    assert(nseg <= 255);
    if (nseg == 2) {
        put_byte(b, DUAL_NAME_PREFIX);
    } else if (nseg > 2) {
        put_byte(b, MULTI_NAME_PREFIX);
        put_byte(b, nseg);
    }
    for (unsigned i = 0; i < nseg; i++) {
        size_t len = strlen(segs[i]);

        assert(len >= 1 && len <= 4);
        for (size_t j = 0; j < 4; j++) {
            char c = j < len ? segs[i][j] : '_';

            assert(name_char_ok(c, j == 0));
            put_byte(b, c);
        }
    }
}

void aml_append(Aml *parent, Aml *child)
{
    GByteArray *out = parent->buf;

    switch (child->block) {
    case AML_RAW:
        g_byte_array_append(out, child->buf->data, child->buf->len);
        break;
    case AML_RES_TEMPLATE:
        /* EndTag (6.4.2.9) with checksum 0: "treated as if correct". */
        put_byte(child->buf, 0x79);
        put_byte(child->buf, 0x00);
        {
            /* Buffer (BufferSize) ByteList */
            Aml *len = aml_int(child->buf->len);

            g_byte_array_prepend(child->buf, len->buf->data, len->buf->len);
            aml_free(len);
        }
        put_byte(out, BUFFER_OP);
        put_pkg_length(out, child->buf->len);
        g_byte_array_append(out, child->buf->data, child->buf->len);
        break;
    case AML_EXT_PKG:
        put_byte(out, EXT_OP_PREFIX);
        /* fall through */
    case AML_PKG:
        put_byte(out, child->op);
        put_pkg_length(out, child->buf->len);
        g_byte_array_append(out, child->buf->data, child->buf->len);
        break;
    }
    aml_free(child);
}

GByteArray *aml_bytes(Aml *root)
{
    assert(root->block == AML_RAW);
    return root->buf;
}

Aml *aml_int(uint64_t val)
{
    Aml *a = aml_new();

    if (val == 0) {
        put_byte(a->buf, ZERO_OP);
    } else if (val == 1) {
        put_byte(a->buf, ONE_OP);
    } else if (val == UINT64_MAX) {
        put_byte(a->buf, ONES_OP);
    } else if (val <= UINT8_MAX) {
        put_byte(a->buf, BYTE_PREFIX);
        put_le(a->buf, val, 1);
    } else if (val <= UINT16_MAX) {
        put_byte(a->buf, WORD_PREFIX);
        put_le(a->buf, val, 2);
    } else if (val <= UINT32_MAX) {
        put_byte(a->buf, DWORD_PREFIX);
        put_le(a->buf, val, 4);
    } else {
        put_byte(a->buf, QWORD_PREFIX);
        put_le(a->buf, val, 8);
    }
    return a;
}

Aml *aml_string(const char *fmt, ...)
{
    Aml *a = aml_new();
    g_autofree char *s = NULL;
    va_list ap;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    put_byte(a->buf, STRING_PREFIX);
    for (const char *p = s; *p; p++) {
        assert(*p > 0 && *p < 0x80);    /* AsciiChar 0x01-0x7f */
        put_byte(a->buf, *p);
    }
    put_byte(a->buf, 0x00);
    return a;
}

static unsigned hex_digit(char c)
{
    assert(g_ascii_isxdigit(c));
    return g_ascii_xdigit_value(c);
}

/*
 * EISA ID (ACPI 6.4 19.6.45 EISAID): three letters of 5 bits ('A' = 1)
 * and four hex digits, stored most significant byte first.
 */
Aml *aml_eisaid(const char *id)
{
    Aml *a = aml_new();
    uint32_t v;

    assert(strlen(id) == 7);
    for (int i = 0; i < 3; i++) {
        assert(id[i] >= 'A' && id[i] <= 'Z');
    }
    v = ((uint32_t)(id[0] - 0x40) << 26) | ((uint32_t)(id[1] - 0x40) << 21) |
        ((uint32_t)(id[2] - 0x40) << 16) | (hex_digit(id[3]) << 12) |
        (hex_digit(id[4]) << 8) | (hex_digit(id[5]) << 4) |
        hex_digit(id[6]);
    put_byte(a->buf, DWORD_PREFIX);
    put_le(a->buf, GUINT32_SWAP_LE_BE(v), 4);
    return a;
}

Aml *aml_package(uint8_t num_elements)
{
    Aml *a = aml_alloc(AML_PKG, PACKAGE_OP);

    put_byte(a->buf, num_elements);
    return a;
}

Aml *aml_buffer(unsigned len, const uint8_t *data)
{
    Aml *a = aml_alloc(AML_PKG, BUFFER_OP);
    Aml *size = aml_int(len);

    g_byte_array_append(a->buf, size->buf->data, size->buf->len);
    aml_free(size);
    if (data) {
        g_byte_array_append(a->buf, data, len);
    } else {
        for (unsigned i = 0; i < len; i++) {
            put_byte(a->buf, 0);
        }
    }
    return a;
}

Aml *aml_name_decl(const char *name, Aml *val)
{
    Aml *a = aml_new();

    put_byte(a->buf, NAME_OP);
    put_namestring(a->buf, name);
    aml_append(a, val);
    return a;
}

static Aml *aml_named_block(AmlBlock block, uint8_t op, const char *fmt,
                            va_list ap)
{
    Aml *a = aml_alloc(block, op);
    g_autofree char *name = g_strdup_vprintf(fmt, ap);

    put_namestring(a->buf, name);
    return a;
}

Aml *aml_device(const char *fmt, ...)
{
    va_list ap;
    Aml *a;

    va_start(ap, fmt);
    a = aml_named_block(AML_EXT_PKG, DEVICE_OP, fmt, ap);
    va_end(ap);
    return a;
}

Aml *aml_scope(const char *fmt, ...)
{
    va_list ap;
    Aml *a;

    va_start(ap, fmt);
    a = aml_named_block(AML_PKG, SCOPE_OP, fmt, ap);
    va_end(ap);
    return a;
}

Aml *aml_resource_template(void)
{
    return aml_alloc(AML_RES_TEMPLATE, BUFFER_OP);
}

/* I/O port descriptor (6.4.2.5), small item 0x08, 7 bytes. */
Aml *aml_io(AmlIODecode dec, uint16_t min_base, uint16_t max_base,
            uint8_t aln, uint8_t len)
{
    Aml *a = aml_new();

    put_byte(a->buf, 0x47);
    put_byte(a->buf, dec);
    put_le(a->buf, min_base, 2);
    put_le(a->buf, max_base, 2);
    put_byte(a->buf, aln);
    put_byte(a->buf, len);
    return a;
}

/* Address space resource types and general flags (6.4.3.5). */
#define ASD_TYPE_MEMORY 0
#define ASD_TYPE_IO 1
#define ASD_TYPE_BUS 2
#define ASD_FLAGS_PRODUCER_FIXED 0x0c   /* MaxFixed, MinFixed, producer */

static Aml *aml_address_space(uint8_t item, unsigned field_size,
                              uint8_t type, uint8_t type_flags,
                              uint64_t gran, uint64_t min, uint64_t max,
                              uint64_t offset, uint64_t len)
{
    Aml *a = aml_new();

    put_byte(a->buf, item);
    /* Length of what follows the 3-byte header. */
    put_le(a->buf, 3 + 5 * field_size, 2);
    put_byte(a->buf, type);
    put_byte(a->buf, ASD_FLAGS_PRODUCER_FIXED);
    put_byte(a->buf, type_flags);
    put_le(a->buf, gran, field_size);
    put_le(a->buf, min, field_size);
    put_le(a->buf, max, field_size);
    put_le(a->buf, offset, field_size);
    put_le(a->buf, len, field_size);
    return a;
}

/* Word (6.4.3.5.3, item 0x88), DWord (0x87), QWord (0x8a). */
Aml *aml_word_bus_number(uint16_t gran, uint16_t min, uint16_t max,
                         uint16_t offset, uint16_t len)
{
    return aml_address_space(0x88, 2, ASD_TYPE_BUS, 0, gran, min, max,
                             offset, len);
}

Aml *aml_word_io(AmlISARanges isa_ranges, uint16_t gran, uint16_t min,
                 uint16_t max, uint16_t offset, uint16_t len)
{
    return aml_address_space(0x88, 2, ASD_TYPE_IO, isa_ranges, gran, min,
                             max, offset, len);
}

/* Memory type-specific flags: bit 0 read/write, bits 2:1 cacheability. */
Aml *aml_dword_memory(AmlCacheable cacheable, AmlReadAndWrite rw,
                      uint32_t gran, uint32_t min, uint32_t max,
                      uint32_t offset, uint32_t len)
{
    return aml_address_space(0x87, 4, ASD_TYPE_MEMORY,
                             (cacheable << 1) | rw, gran, min, max, offset,
                             len);
}

Aml *aml_qword_memory(AmlCacheable cacheable, AmlReadAndWrite rw,
                      uint64_t gran, uint64_t min, uint64_t max,
                      uint64_t offset, uint64_t len)
{
    return aml_address_space(0x8a, 8, ASD_TYPE_MEMORY,
                             (cacheable << 1) | rw, gran, min, max, offset,
                             len);
}
