/*
 * The opcode tables without the translator (builds where accel/tcg is
 * not present yet): names and operands only, for the decoder tests.
 */
#include "qemu/osdep.h"
#include "target/i386/tcg/decode.h"

#define X86_GEN(x) NULL
#include "decode-table.c.inc"
