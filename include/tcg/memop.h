/*
 * MemOp: size and signedness of a guest memory access, as in QEMU.
 * Guest memory is little-endian only (MO_BSWAP is not supported), and
 * alignment is not checked by the fast path: an access that crosses a page
 * boundary always takes the slow path.
 */
#ifndef TCG_MEMOP_H
#define TCG_MEMOP_H

typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_SB = MO_SIGN | MO_8,
    MO_SW = MO_SIGN | MO_16,
    MO_SL = MO_SIGN | MO_32,
    MO_UQ = MO_64,
    MO_TE = 0,
    MO_LE = 0,
    MO_TEUW = MO_UW,
    MO_TEUL = MO_UL,
    MO_TESW = MO_SW,
    MO_TESL = MO_SL,
    MO_TEUQ = MO_UQ,
    MO_SSIZE = MO_SIZE | MO_SIGN,
} MemOp;

static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

/*
 * MemOpIdx packs a MemOp with an mmu index; it is the "oi" argument of the
 * slow-path helpers.
 */
typedef uint32_t MemOpIdx;

static inline MemOpIdx make_memop_idx(MemOp op, unsigned idx)
{
    return (op << 4) | idx;
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return oi >> 4;
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & 15;
}

#endif
