/*
 * A small builder for ACPI Machine Language (ACPI 6.4 chapter 20) and
 * resource descriptors (chapter 6.4).  Terms are Aml nodes; aml_append()
 * encodes a child into its parent (adding the PkgLength of blocks such as
 * Scope, Device, Package and Buffer) and frees the child, so a tree is
 * built bottom-up:
 *
 *     Aml *dsdt = aml_new();
 *     Aml *sb = aml_scope("\\_SB");
 *     Aml *dev = aml_device("PCI0");
 *     aml_append(dev, aml_name_decl("_HID", aml_eisaid("PNP0A03")));
 *     aml_append(sb, dev);
 *     aml_append(dsdt, sb);
 *     ... aml_bytes(dsdt) ...; aml_free(dsdt);
 *
 * Names are 1-4 character segments ("_SB", "PCI0") separated by '.',
 * optionally prefixed by '\\' or '^'; short segments are padded with '_'.
 * Integers use the smallest encoding (ZeroOp, OneOp, OnesOp, Byte/Word/
 * DWord/QWord prefixes).  Misuse (bad names, oversized packages) is a
 * programming error and aborts.
 */
#ifndef HW_ACPI_AML_BUILD_H
#define HW_ACPI_AML_BUILD_H

#include "qemu/osdep.h"

typedef struct Aml Aml;

/* A root: bytes with no opcode of their own (a table body). */
Aml *aml_new(void);
void aml_append(Aml *parent, Aml *child);
/* The encoded bytes of a root built with aml_new(). */
GByteArray *aml_bytes(Aml *root);
void aml_free(Aml *aml);

/* Data objects. */
Aml *aml_int(uint64_t val);
Aml *aml_string(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
Aml *aml_eisaid(const char *id);       /* "PNP0A03" -> DWord */
Aml *aml_package(uint8_t num_elements);
Aml *aml_buffer(unsigned len, const uint8_t *data);   /* data may be NULL */

/* Named objects and scopes. */
Aml *aml_name_decl(const char *name, Aml *val);       /* Name (X, val) */
Aml *aml_device(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
Aml *aml_scope(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Resource templates: a Buffer of descriptors closed by an end tag. */
Aml *aml_resource_template(void);

typedef enum {
    AML_DECODE10 = 0,
    AML_DECODE16 = 1,
} AmlIODecode;

typedef enum {
    AML_NON_CACHEABLE = 0,
    AML_CACHEABLE = 1,
    AML_WRITE_COMBINING = 2,
    AML_PREFETCHABLE = 3,
} AmlCacheable;

typedef enum {
    AML_READ_ONLY = 0,
    AML_READ_WRITE = 1,
} AmlReadAndWrite;

typedef enum {
    AML_ISA_ONLY = 1,
    AML_NON_ISA_ONLY = 2,
    AML_ENTIRE_RANGE = 3,
} AmlISARanges;

/*
 * Address space descriptors are ResourceProducer, PosDecode, MinFixed and
 * MaxFixed (what a host bridge's _CRS needs); len = max - min + 1.
 */
Aml *aml_io(AmlIODecode dec, uint16_t min_base, uint16_t max_base,
            uint8_t aln, uint8_t len);
Aml *aml_word_bus_number(uint16_t gran, uint16_t min, uint16_t max,
                         uint16_t offset, uint16_t len);
Aml *aml_word_io(AmlISARanges isa_ranges, uint16_t gran, uint16_t min,
                 uint16_t max, uint16_t offset, uint16_t len);
Aml *aml_dword_memory(AmlCacheable cacheable, AmlReadAndWrite rw,
                      uint32_t gran, uint32_t min, uint32_t max,
                      uint32_t offset, uint32_t len);
Aml *aml_qword_memory(AmlCacheable cacheable, AmlReadAndWrite rw,
                      uint64_t gran, uint64_t min, uint64_t max,
                      uint64_t offset, uint64_t len);

#endif
