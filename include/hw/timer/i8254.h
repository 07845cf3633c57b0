/*
 * Intel 8254 PIT ("isa-pit", ports 0x40-0x43, OUT0 on ISA IRQ0) and the
 * PC's port 0x61 ("isa-pcspk": channel 2 gate, speaker data, OUT2 and the
 * refresh toggle; no audio output).
 */
#ifndef HW_TIMER_I8254_H
#define HW_TIMER_I8254_H

#include "hw/isa/isa.h"

#define TYPE_I8254 "isa-pit"
#define TYPE_PCSPK "isa-pcspk"
#define PIT_FREQ 1193182

typedef struct PITChannelInfo {
    int gate;
    int mode;
    int initial_count;
    int out;
} PITChannelInfo;

/* Create the PIT at base; OUT0 goes to alt_irq if set, else ISA isa_irq. */
ISADevice *i8254_pit_init(ISABus *bus, int base, int isa_irq,
                          qemu_irq alt_irq);
/* Create port 0x61 bound to pit (channel 2 gate and OUT2). */
ISADevice *pcspk_init(ISABus *bus, ISADevice *pit);

void pit_set_gate(ISADevice *dev, int channel, int val);
void pit_get_channel_info(ISADevice *dev, int channel, PITChannelInfo *info);

#endif
