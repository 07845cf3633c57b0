/*
 * The PC's cascaded pair of Intel 8259A PICs ("isa-i8259"): master at
 * 0x20/0x21 (ELCR 0x4d0), slave at 0xa0/0xa1 (ELCR 0x4d1) on master IR2.
 * Each PIC has 8 anonymous GPIO inputs and one anonymous output (INT).
 */
#ifndef HW_INTC_I8259_H
#define HW_INTC_I8259_H

#include "hw/isa/isa.h"

#define TYPE_I8259 "isa-i8259"

/* The master PIC, once i8259_init() ran (NULL before). */
extern DeviceState *isa_pic;

/*
 * Create and wire both PICs; parent_irq receives the master's INT line.
 * Returns 16 inputs: ISA IRQ n -> element n (IRQ2 is the cascade).
 */
qemu_irq *i8259_init(ISABus *bus, qemu_irq parent_irq);

/* INTA cycle on the master: the vector to deliver (spurious: base + 7). */
int pic_read_irq(DeviceState *d);
/* Level of the master's INT output: 1 if an interrupt is deliverable. */
int pic_get_output(DeviceState *d);

#endif
