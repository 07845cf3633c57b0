/*
 * The PC keyboard controller ("i8042", ports 0x60/0x64, ISA IRQ 1 for the
 * keyboard and 12 for the mouse) and System Control Port A ("port92").
 * Both drive a GPIO output named "a20" (the A20 gate); the output-port
 * reset bit and the 0xFE command request a guest reset.
 */
#ifndef HW_INPUT_I8042_H
#define HW_INPUT_I8042_H

#include "hw/isa/isa.h"

#define TYPE_I8042 "i8042"
#define TYPE_PORT92 "port92"
#define I8042_A20_LINE "a20"
#define PORT92_A20_LINE "a20"

void i8042_setup_a20_line(ISADevice *dev, qemu_irq a20_out);
/* Inject raw bytes as if sent by the keyboard (e.g. set-1 scancodes). */
void i8042_put_kbd_bytes(ISADevice *dev, const uint8_t *buf, int len);

#endif
