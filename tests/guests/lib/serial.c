/* COM1 output by polling; no interrupts, no FIFO assumptions. */
#include "guest.h"

#define COM1     0x3f8
#define UART_LSR 5
#define LSR_THRE 0x20

void serial_init(void)
{
    outb(COM1 + 1, 0x00); /* IER: no interrupts */
    outb(COM1 + 3, 0x80); /* LCR: DLAB=1 to reach the divisor latch */
    outb(COM1 + 0, 0x01); /* DLL: 115200 baud */
    outb(COM1 + 1, 0x00); /* DLM */
    outb(COM1 + 3, 0x03); /* LCR: 8N1, DLAB=0 */
    outb(COM1 + 2, 0x07); /* FCR: enable and clear FIFOs */
    outb(COM1 + 4, 0x03); /* MCR: DTR | RTS */
}

void serial_putc(char c)
{
    /* Bounded wait: a missing UART must not hang the guest forever. */
    for (unsigned i = 0; i < 1000000; i++) {
        if (inb(COM1 + UART_LSR) & LSR_THRE) {
            break;
        }
        cpu_relax();
    }
    outb(COM1, (uint8_t)c);
}

void serial_puts(const char *s)
{
    while (*s) {
        serial_putc(*s++);
    }
}
