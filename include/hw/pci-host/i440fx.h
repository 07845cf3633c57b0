/*
 * Intel 440FX PCI host ("i440FX-pcihost" on the system bus, mechanism #1
 * at 0xcf8/0xcfc) and its host bridge function "i440FX" at 00.0 (82441FX
 * PMC: 8086:1237, class 0600).  The PMC's PAM registers 0x59-0x5f shadow
 * 0xc0000-0xfffff: per segment, mode 0 sends reads and writes to PCI
 * memory (where the board maps its isa-bios alias), 1 reads RAM (writes
 * to PCI are dropped), 2 writes RAM and reads PCI, 3 is plain RAM.
 * SMRAM (0x72): D_OPEN shows RAM at 0xa0000-0xbffff, otherwise PCI (VGA).
 */
#ifndef HW_PCI_HOST_I440FX_H
#define HW_PCI_HOST_I440FX_H

#include "hw/pci/pci_host.h"

#define TYPE_I440FX_PCI_HOST_BRIDGE "i440FX-pcihost"
#define TYPE_I440FX_PCI_DEVICE "i440FX"
OBJECT_DECLARE_SIMPLE_TYPE(I440FXState, I440FX_PCI_HOST_BRIDGE)
OBJECT_DECLARE_SIMPLE_TYPE(PCII440FXState, I440FX_PCI_DEVICE)

#define I440FX_PAM 0x59
#define I440FX_PAM_SIZE 7
#define I440FX_SMRAM 0x72
#define I440FX_COREBOOT_RAM_SIZE 0x57
#define I440FX_NUM_PAM_SEGS 13        /* 0xf0000 (64K) + 12 x 16K */

typedef struct PAMMemoryRegion {
    MemoryRegion pci;                 /* mode 0: alias of PCI memory */
    MemoryRegion ram_ro;              /* mode 1: read-only RAM alias */
    MemoryRegion wo;                  /* mode 2: RAM writes, PCI reads */
    MemoryRegion ram;                 /* mode 3: RAM alias */
    MemoryRegion *mode_mr[4];
    unsigned current;                 /* the mode mapped now */
    hwaddr start;
    uint64_t size;
    struct PCII440FXState *owner;
} PAMMemoryRegion;

struct PCII440FXState {
    PCIDevice parent_obj;
    MemoryRegion *system_memory;
    MemoryRegion *pci_address_space;
    MemoryRegion *ram;
    AddressSpace pci_as;              /* PCI memory, for mode 2 reads */
    PAMMemoryRegion pam_regions[I440FX_NUM_PAM_SEGS];
    MemoryRegion smram_region;        /* PCI at 0xa0000 unless D_OPEN */
    bool pam_ready;
};

struct I440FXState {
    PCIHostState parent_obj;
    uint64_t pci_hole64_size;
    MemoryRegion pci_background;      /* master abort: reads all-ones */
    MemoryRegion pci_hole;
    MemoryRegion pci_hole64;
    uint64_t pci_hole_start, pci_hole64_start;
};

/*
 * Create the host bridge (child "i440fx" of the machine) with its root
 * bus "pci.0" whose memory space is pci_memory (a container the caller
 * made, at least 2^64 bytes) and I/O space is io; put the 32-bit hole
 * below_4g..4 GiB and the 64-bit hole of the machine into system_memory
 * (at priority -1, under RAM and directly mapped devices), create the
 * PMC at 00.0 and its PAM/SMRAM windows over ram (the whole guest RAM).
 */
PCIBus *i440fx_init(Object *machine, MemoryRegion *system_memory,
                    MemoryRegion *io, MemoryRegion *pci_memory,
                    MemoryRegion *ram, uint64_t below_4g_mem_size,
                    uint64_t above_4g_mem_size, PCII440FXState **pmc);
/* 64-bit window: start (aligned to 1 GiB above RAM) and size. */
void i440fx_pci_hole64(I440FXState *s, uint64_t *start, uint64_t *size);
/* Program every PAM segment to RAM read/write, as firmware would. */
void i440fx_pam_all_ram(PCII440FXState *d);

#endif
