/*
 * PIIX3 (82371SB) function 0, "PIIX3": the PCI-to-ISA bridge at 01.0
 * (8086:7000, class 0601, multifunction).  It owns the ISA bus, routes
 * PCI INTx to interrupts and holds the reset control register at 0xcf9.
 *
 * Routing: slot S pin P (0 = INTA) is PIRQ (S + P - 1) & 3.  PIRQ n is
 * driven to the ISA IRQ in register 0x60 + n (bit 7 set or a value >= 16
 * disables it) AND to IOAPIC input 16 + n, the way chipsets with an IOAPIC
 * present PCI interrupts; the OS masks the input it does not use.
 * Outputs (qdev GPIO): "isa-irqs" 0-15 (ISA IRQ n), "pirq-gsi" 0-3.
 */
#ifndef HW_SOUTHBRIDGE_PIIX_H
#define HW_SOUTHBRIDGE_PIIX_H

#include "hw/pci/pci.h"
#include "hw/isa/isa.h"

#define TYPE_PIIX3_DEVICE "PIIX3"
OBJECT_DECLARE_SIMPLE_TYPE(PIIX3State, PIIX3_DEVICE)

#define PIIX_NUM_PIRQS 4
#define PIIX_PIRQCA 0x60
#define PIIX_RCR_IOPORT 0xcf9
#define PIIX_PIRQ_GSI_BASE 16

struct PIIX3State {
    PCIDevice dev;
    ISABus *isa_bus;
    qemu_irq isa_irqs[ISA_NUM_IRQS];
    qemu_irq pirq_gsi[PIIX_NUM_PIRQS];
    uint8_t pirq_level[PIIX_NUM_PIRQS];
    uint16_t isa_driven;              /* ISA IRQs we hold high */
    uint8_t rcr;
    MemoryRegion rcr_mem;
};

/* slot S, pin P (0-3) -> PIRQ (S + P - 1) & 3 */
int piix3_pci_slot_get_pirq(PCIDevice *dev, int pin);

#endif
