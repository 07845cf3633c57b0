/*
 * PCI configuration space layout (PCI Local Bus Specification 3.0,
 * chapter 6): offsets and bits of the type 0/1 headers and the standard
 * capabilities, with the names Linux and QEMU use.
 */
#ifndef HW_PCI_PCI_REGS_H
#define HW_PCI_PCI_REGS_H

#define PCI_VENDOR_ID           0x00    /* 16 bits */
#define PCI_DEVICE_ID           0x02    /* 16 bits */
#define PCI_COMMAND             0x04    /* 16 bits */
#define  PCI_COMMAND_IO         0x1     /* I/O space decode */
#define  PCI_COMMAND_MEMORY     0x2     /* memory space decode */
#define  PCI_COMMAND_MASTER     0x4     /* bus mastering (DMA) */
#define  PCI_COMMAND_SPECIAL    0x8
#define  PCI_COMMAND_INVALIDATE 0x10
#define  PCI_COMMAND_VGA_PALETTE 0x20
#define  PCI_COMMAND_PARITY     0x40
#define  PCI_COMMAND_WAIT       0x80
#define  PCI_COMMAND_SERR       0x100
#define  PCI_COMMAND_FAST_BACK  0x200
#define  PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS              0x06    /* 16 bits */
#define  PCI_STATUS_INTERRUPT   0x08    /* INTx asserted (read only) */
#define  PCI_STATUS_CAP_LIST    0x10    /* capability list present */
#define  PCI_STATUS_66MHZ       0x20
#define  PCI_STATUS_FAST_BACK   0x80
#define  PCI_STATUS_PARITY      0x100   /* write 1 to clear ... */
#define  PCI_STATUS_DEVSEL_MASK 0x600
#define  PCI_STATUS_DEVSEL_MEDIUM 0x200
#define  PCI_STATUS_SIG_TARGET_ABORT 0x800
#define  PCI_STATUS_REC_TARGET_ABORT 0x1000
#define  PCI_STATUS_REC_MASTER_ABORT 0x2000
#define  PCI_STATUS_SIG_SYSTEM_ERROR 0x4000
#define  PCI_STATUS_DETECTED_PARITY 0x8000
#define PCI_CLASS_REVISION      0x08    /* revision (8) and class (24) */
#define PCI_REVISION_ID         0x08
#define PCI_CLASS_PROG          0x09
#define PCI_CLASS_DEVICE        0x0a    /* sub-class and base class */
#define PCI_CACHE_LINE_SIZE     0x0c
#define PCI_LATENCY_TIMER       0x0d
#define PCI_HEADER_TYPE         0x0e
#define  PCI_HEADER_TYPE_NORMAL 0
#define  PCI_HEADER_TYPE_BRIDGE 1
#define  PCI_HEADER_TYPE_MULTI_FUNCTION 0x80
#define PCI_BIST                0x0f
#define PCI_BASE_ADDRESS_0      0x10    /* 32 bits each, six in type 0 */
#define PCI_BASE_ADDRESS_5      0x24
#define  PCI_BASE_ADDRESS_SPACE 0x01
#define  PCI_BASE_ADDRESS_SPACE_IO 0x01
#define  PCI_BASE_ADDRESS_SPACE_MEMORY 0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_MASK 0x06
#define  PCI_BASE_ADDRESS_MEM_TYPE_32 0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_64 0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define  PCI_BASE_ADDRESS_MEM_MASK (~0x0fULL)
#define  PCI_BASE_ADDRESS_IO_MASK (~0x03ULL)
#define PCI_CARDBUS_CIS         0x28
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_ROM_ADDRESS         0x30    /* type 0 */
#define  PCI_ROM_ADDRESS_ENABLE 0x01
#define  PCI_ROM_ADDRESS_MASK   (~0x7ffULL)
#define PCI_CAPABILITY_LIST     0x34
#define PCI_INTERRUPT_LINE      0x3c
#define PCI_INTERRUPT_PIN       0x3d    /* 1 = INTA ... 4 = INTD */
#define PCI_MIN_GNT             0x3e
#define PCI_MAX_LAT             0x3f

/* Type 1 (PCI-to-PCI bridge) header. */
#define PCI_PRIMARY_BUS         0x18
#define PCI_SECONDARY_BUS       0x19
#define PCI_SUBORDINATE_BUS     0x1a
#define PCI_ROM_ADDRESS1        0x38
#define PCI_BRIDGE_CONTROL      0x3e

/* Capability list entries: ID at +0, next pointer at +1. */
#define PCI_CAP_LIST_ID         0
#define PCI_CAP_LIST_NEXT       1
#define PCI_CAP_FLAGS           2
#define PCI_CAP_ID_PM           0x01
#define PCI_CAP_ID_VNDR         0x09
#define PCI_CAP_ID_EXP          0x10
#define PCI_CAP_ID_MSIX         0x11
#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_SIZEOF          4

/* MSI-X capability (for later users). */
#define PCI_MSIX_FLAGS          2
#define  PCI_MSIX_FLAGS_QSIZE   0x07ff
#define  PCI_MSIX_FLAGS_MASKALL 0x4000
#define  PCI_MSIX_FLAGS_ENABLE  0x8000
#define PCI_MSIX_TABLE          4
#define PCI_MSIX_PBA            8
#define  PCI_MSIX_FLAGS_BIRMASK 0x7

#endif
