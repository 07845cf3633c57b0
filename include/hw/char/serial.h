/*
 * 16550A UART core, shared by bus front ends ("isa-serial").  Output is
 * written to the chardev as soon as the guest writes THR; when the backend
 * would block, the byte waits in the TSR and a G_IO_OUT watch retries.
 * Input comes through the CharBackend can_read/read handlers.
 */
#ifndef HW_CHAR_SERIAL_H
#define HW_CHAR_SERIAL_H

#include "hw/isa/isa.h"
#include "qemu/thread.h"  /* char.h uses QemuMutex */
#include "chardev/char-fe.h"
#include "exec/memory.h"

#define UART_FIFO_LENGTH 16

typedef struct SerialFIFO {
    uint8_t data[UART_FIFO_LENGTH];
    uint8_t head;
    uint8_t num;
} SerialFIFO;

typedef struct QEMUTimer QEMUTimer;

typedef struct SerialState {
    uint16_t divider;
    uint8_t rbr;             /* receive register (non-FIFO mode) */
    uint8_t thr;             /* transmit holding register */
    uint8_t tsr;             /* transmit shift register */
    uint8_t ier;
    uint8_t iir;
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr;
    uint8_t msr;
    uint8_t scr;
    uint8_t fcr;
    bool thr_ipending;       /* THRE interrupt not yet acknowledged */
    bool timeout_ipending;   /* character timeout interrupt */
    int tsr_retry;           /* >0: waiting on a chardev watch */
    guint watch_tag;
    uint8_t recv_fifo_itl;   /* receive trigger level */
    SerialFIFO recv_fifo;
    SerialFIFO xmit_fifo;
    QEMUTimer *fifo_timeout_timer;
    int64_t char_transmit_time;  /* ns per character at current rate */
    qemu_irq irq;
    CharBackend chr;
    uint32_t baudbase;
    MemoryRegion io;
} SerialState;

/* Set up timers and chardev handlers; s->irq and s->chr set by caller. */
void serial_realize_core(SerialState *s, Error **errp);
void serial_exit_core(SerialState *s);
void serial_reset(SerialState *s);
/* Register block (8 bytes, one-byte accesses); opaque is SerialState. */
extern const MemoryRegionOps serial_io_ops;

#define TYPE_ISA_SERIAL "isa-serial"
#define MAX_ISA_SERIAL_PORTS 4

/* -serial N: index 0-3 at the standard COM1-COM4 port and IRQ. */
ISADevice *serial_isa_init(ISABus *bus, int index, Chardev *chr);

#endif
