/*
 * pcibar: moves a RAM-backed PCI BAR and checks the guest sees the same
 * memory at the new address and nothing at the old one.  Under KVM this
 * is the memory-slot path (the slot must follow the flat view); under TCG
 * the TLB flush on a memory-map change.  Uses pci-testdev's membar BAR
 * (BAR2, 64-bit): the harness adds -device pci-testdev,membar=1M.
 * Ours only: QEMU's membar is an empty container (reads as zero), so this
 * guest cannot be checked against Debian's QEMU.
 */
#include "lib/guest.h"

#define PCI_ADDR 0xcf8
#define PCI_DATA 0xcfc
#define BAR_A 0xc0000000u
#define BAR_B 0xd0000000u
#define PATTERN 0x5a17c0deu

void guest_main(uint32_t mb_magic, uint32_t mb_info);

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static uint32_t cfg_read(unsigned devfn, unsigned reg)
{
    outl(PCI_ADDR, 0x80000000u | devfn << 8 | (reg & 0xfc));
    return inl(PCI_DATA);
}

static void cfg_write(unsigned devfn, unsigned reg, uint32_t val)
{
    outl(PCI_ADDR, 0x80000000u | devfn << 8 | (reg & 0xfc));
    outl(PCI_DATA, val);
}

static void set_bar(unsigned devfn, uint32_t addr)
{
    cfg_write(devfn, 0x18, addr | 0xc);    /* BAR2: 64-bit, prefetchable */
    cfg_write(devfn, 0x1c, 0);             /* BAR3: high half */
}

static void set_mem_decode(unsigned devfn, bool on)
{
    uint32_t cmd = cfg_read(devfn, 0x04) & 0xffff;

    cfg_write(devfn, 0x04, on ? cmd | 2 : cmd & ~2u);
}

void guest_main(uint32_t mb_magic, uint32_t mb_info)
{
    unsigned devfn;
    uint32_t v;

    for (devfn = 0; devfn < 256; devfn += 8) {
        if (cfg_read(devfn, 0) == 0x00051b36) {
            break;
        }
    }
    if (devfn == 256) {
        guest_fail("pci-testdev not found");
    }
    cfg_write(devfn, 0x18, 0xffffffff);
    v = cfg_read(devfn, 0x18);
    guest_printf("BAR2 size mask 0x%x\n", v & ~0xfu);

    set_bar(devfn, BAR_A);
    set_mem_decode(devfn, true);
    mmio_write32(BAR_A + 0x10, PATTERN);
    guest_printf("at A: 0x%x\n", mmio_read32(BAR_A + 0x10));

    set_bar(devfn, BAR_B);
    guest_printf("moved, at B: 0x%x\n", mmio_read32(BAR_B + 0x10));
    guest_printf("moved, at A: 0x%x\n", mmio_read32(BAR_A + 0x10));

    set_mem_decode(devfn, false);
    guest_printf("decode off, at B: 0x%x\n", mmio_read32(BAR_B + 0x10));
    set_mem_decode(devfn, true);
    mmio_write32(BAR_B + 0x14, ~PATTERN);
    guest_printf("decode on, at B: 0x%x 0x%x\n", mmio_read32(BAR_B + 0x10),
                 mmio_read32(BAR_B + 0x14));
}
