/*
 * National Semiconductor / TI 16550A UART with 16-byte FIFOs.
 * Datasheet: TI PC16550D Universal Asynchronous Receiver/Transmitter with
 * FIFOs (SNLS378).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "hw/char/serial.h"
#include "hw/irq.h"

#define UART_LCR_DLAB 0x80

#define UART_IER_RDI 0x01        /* received data available */
#define UART_IER_THRI 0x02       /* THR empty */
#define UART_IER_RLSI 0x04       /* receiver line status */
#define UART_IER_MSI 0x08        /* modem status */

#define UART_IIR_NO_INT 0x01
#define UART_IIR_ID 0x0e
#define UART_IIR_MSI 0x00
#define UART_IIR_THRI 0x02
#define UART_IIR_RDI 0x04
#define UART_IIR_RLSI 0x06
#define UART_IIR_CTI 0x0c        /* character timeout */
#define UART_IIR_FE 0xc0         /* FIFOs enabled */

#define UART_MCR_DTR 0x01
#define UART_MCR_RTS 0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10

#define UART_MSR_DCTS 0x01
#define UART_MSR_DDSR 0x02
#define UART_MSR_TERI 0x04
#define UART_MSR_DDCD 0x08
#define UART_MSR_ANY_DELTA 0x0f
#define UART_MSR_CTS 0x10
#define UART_MSR_DSR 0x20
#define UART_MSR_RI 0x40
#define UART_MSR_DCD 0x80

#define UART_LSR_DR 0x01
#define UART_LSR_OE 0x02
#define UART_LSR_PE 0x04
#define UART_LSR_FE 0x08
#define UART_LSR_BI 0x10
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40
#define UART_LSR_INT_ANY 0x1e

#define UART_FCR_FE 0x01
#define UART_FCR_RFR 0x02        /* clear receive FIFO */
#define UART_FCR_XFR 0x04        /* clear transmit FIFO */
#define UART_FCR_DMS 0x08

#define MAX_XMIT_RETRY 4

static void fifo_reset(SerialFIFO *f)
{
    f->head = 0;
    f->num = 0;
}

static bool fifo_push(SerialFIFO *f, uint8_t v)
{
    if (f->num == UART_FIFO_LENGTH) {
        return false;
    }
    f->data[(f->head + f->num) % UART_FIFO_LENGTH] = v;
    f->num++;
    return true;
}

static uint8_t fifo_pop(SerialFIFO *f)
{
    uint8_t v;

    if (!f->num) {
        return 0;
    }
    v = f->data[f->head];
    f->head = (f->head + 1) % UART_FIFO_LENGTH;
    f->num--;
    return v;
}

static void serial_update_irq(SerialState *s)
{
    uint8_t id = UART_IIR_NO_INT;

    /* Sources in the datasheet's priority order. */
    if ((s->ier & UART_IER_RLSI) && (s->lsr & UART_LSR_INT_ANY)) {
        id = UART_IIR_RLSI;
    } else if ((s->ier & UART_IER_RDI) && s->timeout_ipending) {
        id = UART_IIR_CTI;
    } else if ((s->ier & UART_IER_RDI) && (s->lsr & UART_LSR_DR) &&
               (!(s->fcr & UART_FCR_FE) ||
                s->recv_fifo.num >= s->recv_fifo_itl)) {
        id = UART_IIR_RDI;
    } else if ((s->ier & UART_IER_THRI) && s->thr_ipending) {
        id = UART_IIR_THRI;
    } else if ((s->ier & UART_IER_MSI) && (s->msr & UART_MSR_ANY_DELTA)) {
        id = UART_IIR_MSI;
    }
    s->iir = id | (s->iir & UART_IIR_FE);
    qemu_set_irq(s->irq, id != UART_IIR_NO_INT);
}

static void serial_update_parameters(SerialState *s)
{
    int bits = 1 + 5 + (s->lcr & 3) + ((s->lcr & 0x04) ? 2 : 1) +
               ((s->lcr & 0x08) ? 1 : 0);
    int64_t baud;

    if (s->divider == 0 || s->divider > s->baudbase) {
        return;                  /* nonsense divisor: keep the old rate */
    }
    baud = s->baudbase / s->divider;
    s->char_transmit_time = NANOSECONDS_PER_SECOND / baud * bits;
}

static void serial_receive1(void *opaque, const uint8_t *buf, int size);
static void serial_xmit(SerialState *s);

static gboolean serial_watch_cb(void *opaque)
{
    SerialState *s = opaque;

    s->watch_tag = 0;
    serial_xmit(s);
    return G_SOURCE_REMOVE;
}

/*
 * Move bytes THR/FIFO -> TSR -> chardev until the FIFO is empty or the
 * backend would block (then a watch calls us again).
 */
static void serial_xmit(SerialState *s)
{
    while (!(s->lsr & UART_LSR_TEMT)) {
        if (s->tsr_retry == 0) {
            if (s->lsr & UART_LSR_THRE) {
                s->lsr |= UART_LSR_TEMT;   /* nothing left to load */
                break;
            }
            if (s->fcr & UART_FCR_FE) {
                s->tsr = fifo_pop(&s->xmit_fifo);
                if (!s->xmit_fifo.num) {
                    s->lsr |= UART_LSR_THRE;
                }
            } else {
                s->tsr = s->thr;
                s->lsr |= UART_LSR_THRE;
            }
            if ((s->lsr & UART_LSR_THRE) && !s->thr_ipending) {
                s->thr_ipending = true;
                serial_update_irq(s);
            }
        }
        if (s->mcr & UART_MCR_LOOP) {
            serial_receive1(s, &s->tsr, 1);
        } else {
            int rc = qemu_chr_fe_write(&s->chr, &s->tsr, 1);

            if ((rc == 0 || (rc < 0 && errno == EAGAIN)) &&
                s->tsr_retry < MAX_XMIT_RETRY && !s->watch_tag) {
                s->watch_tag = qemu_chr_fe_add_watch(
                    &s->chr, G_IO_OUT | G_IO_HUP, serial_watch_cb, s);
                if (s->watch_tag) {
                    s->tsr_retry++;
                    return;
                }
            }
        }
        s->tsr_retry = 0;
        if (s->lsr & UART_LSR_THRE) {
            s->lsr |= UART_LSR_TEMT;
        }
    }
}

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    static const uint8_t itl[4] = {1, 4, 8, 14};

    /* Toggling FIFO enable clears both FIFOs. */
    if ((val ^ s->fcr) & UART_FCR_FE) {
        val |= UART_FCR_RFR | UART_FCR_XFR;
    }
    if (val & UART_FCR_RFR) {
        s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        timer_del(s->fifo_timeout_timer);
        s->timeout_ipending = false;
        fifo_reset(&s->recv_fifo);
    }
    if (val & UART_FCR_XFR) {
        fifo_reset(&s->xmit_fifo);
        if (!s->tsr_retry) {
            s->lsr |= UART_LSR_THRE | UART_LSR_TEMT;
            s->thr_ipending = true;
        } else {
            s->lsr |= UART_LSR_THRE;
        }
    }
    s->fcr = val & 0xc9;
    if (s->fcr & UART_FCR_FE) {
        s->iir |= UART_IIR_FE;
        s->recv_fifo_itl = itl[val >> 6];
    } else {
        s->iir &= ~UART_IIR_FE;
    }
    serial_update_irq(s);
}

/* Loopback wires DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
static uint8_t serial_loop_msr(uint8_t mcr)
{
    return ((mcr & UART_MCR_DTR) ? UART_MSR_DSR : 0) |
           ((mcr & UART_MCR_RTS) ? UART_MSR_CTS : 0) |
           ((mcr & UART_MCR_OUT1) ? UART_MSR_RI : 0) |
           ((mcr & UART_MCR_OUT2) ? UART_MSR_DCD : 0);
}

static void serial_set_msr(SerialState *s, uint8_t lines)
{
    uint8_t old = s->msr & 0xf0, delta = 0;

    if ((old ^ lines) & UART_MSR_CTS) {
        delta |= UART_MSR_DCTS;
    }
    if ((old ^ lines) & UART_MSR_DSR) {
        delta |= UART_MSR_DDSR;
    }
    if ((old & UART_MSR_RI) && !(lines & UART_MSR_RI)) {
        delta |= UART_MSR_TERI;  /* trailing edge of ring indicator */
    }
    if ((old ^ lines) & UART_MSR_DCD) {
        delta |= UART_MSR_DDCD;
    }
    s->msr = lines | (s->msr & UART_MSR_ANY_DELTA) | delta;
}

static void serial_write_mcr(SerialState *s, uint8_t val)
{
    bool was_loop = s->mcr & UART_MCR_LOOP;

    s->mcr = val & 0x1f;
    if (s->mcr & UART_MCR_LOOP) {
        serial_set_msr(s, serial_loop_msr(s->mcr));
    } else if (was_loop) {
        /* Back to the outside world: lines as an idle connected modem. */
        serial_set_msr(s, UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS);
        qemu_chr_fe_accept_input(&s->chr);
    }
    serial_update_irq(s);
}

static void serial_ioport_write(void *opaque, hwaddr addr, uint64_t val64,
                                unsigned size)
{
    SerialState *s = opaque;
    uint8_t val = val64;

    switch (addr & 7) {
    case 0:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0xff00) | val;
            serial_update_parameters(s);
            break;
        }
        s->thr = val;
        if (s->fcr & UART_FCR_FE) {
            if (!fifo_push(&s->xmit_fifo, val)) {
                fifo_pop(&s->xmit_fifo);       /* full: oldest is lost */
                fifo_push(&s->xmit_fifo, val);
            }
        }
        s->thr_ipending = false;
        s->lsr &= ~(UART_LSR_THRE | UART_LSR_TEMT);
        serial_update_irq(s);
        if (s->tsr_retry == 0) {
            serial_xmit(s);
        }
        break;
    case 1:
        if (s->lcr & UART_LCR_DLAB) {
            s->divider = (s->divider & 0x00ff) | (val << 8);
            serial_update_parameters(s);
            break;
        }
        {
            uint8_t changed = (s->ier ^ val) & 0x0f;

            s->ier = val & 0x0f;
            /* Enabling ETBEI with THR empty raises THRE right away. */
            if ((changed & UART_IER_THRI) && (s->ier & UART_IER_THRI) &&
                (s->lsr & UART_LSR_THRE)) {
                s->thr_ipending = true;
            }
            if (changed) {
                serial_update_irq(s);
            }
        }
        break;
    case 2:
        serial_write_fcr(s, val);
        break;
    case 3:
        s->lcr = val;
        serial_update_parameters(s);
        break;
    case 4:
        serial_write_mcr(s, val);
        break;
    case 5:
        break;                   /* LSR is read-only (factory test) */
    case 6:
        break;                   /* MSR writes are not meaningful */
    case 7:
        s->scr = val;
        break;
    }
}

static uint64_t serial_ioport_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;
    uint32_t ret = 0;

    switch (addr & 7) {
    case 0:
        if (s->lcr & UART_LCR_DLAB) {
            return s->divider & 0xff;
        }
        if (s->fcr & UART_FCR_FE) {
            ret = fifo_pop(&s->recv_fifo);
            if (!s->recv_fifo.num) {
                s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
                timer_del(s->fifo_timeout_timer);
            } else {
                timer_mod(s->fifo_timeout_timer,
                          qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                              s->char_transmit_time * 4);
            }
            s->timeout_ipending = false;
        } else {
            ret = s->rbr;
            s->lsr &= ~(UART_LSR_DR | UART_LSR_BI);
        }
        serial_update_irq(s);
        if (!(s->mcr & UART_MCR_LOOP)) {
            qemu_chr_fe_accept_input(&s->chr);
        }
        break;
    case 1:
        if (s->lcr & UART_LCR_DLAB) {
            return s->divider >> 8;
        }
        ret = s->ier;
        break;
    case 2:
        ret = s->iir;
        /* Reading IIR acknowledges a THRE interrupt. */
        if ((ret & UART_IIR_ID) == UART_IIR_THRI && !(ret & UART_IIR_NO_INT)) {
            s->thr_ipending = false;
            serial_update_irq(s);
        }
        break;
    case 3:
        ret = s->lcr;
        break;
    case 4:
        ret = s->mcr;
        break;
    case 5:
        ret = s->lsr;
        /* Error bits clear on read; BI stays while its byte is unread. */
        s->lsr &= ~(UART_LSR_OE | UART_LSR_PE | UART_LSR_FE);
        if (!(s->lsr & UART_LSR_DR)) {
            s->lsr &= ~UART_LSR_BI;
        }
        if ((s->fcr & UART_FCR_FE) && s->recv_fifo.num == 0) {
            ret &= ~0x80;
        }
        serial_update_irq(s);
        break;
    case 6:
        ret = s->msr;
        if (s->msr & UART_MSR_ANY_DELTA) {
            s->msr &= 0xf0;
            serial_update_irq(s);
        }
        break;
    case 7:
        ret = s->scr;
        break;
    }
    return ret;
}

const MemoryRegionOps serial_io_ops = {
    .read = serial_ioport_read,
    .write = serial_ioport_write,
    .impl = {.min_access_size = 1, .max_access_size = 1},
};

static int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    if (s->mcr & UART_MCR_LOOP) {
        return 0;                /* the line is disconnected in loopback */
    }
    if (s->fcr & UART_FCR_FE) {
        return UART_FIFO_LENGTH - s->recv_fifo.num;
    }
    return !(s->lsr & UART_LSR_DR);
}

static void serial_receive1(void *opaque, const uint8_t *buf, int size)
{
    SerialState *s = opaque;

    if (size <= 0) {
        return;
    }
    if (s->fcr & UART_FCR_FE) {
        for (int i = 0; i < size; i++) {
            if (!fifo_push(&s->recv_fifo, buf[i])) {
                s->lsr |= UART_LSR_OE;
            }
        }
        s->lsr |= UART_LSR_DR;
        s->timeout_ipending = false;
        /* Character timeout: four character times without activity. */
        timer_mod(s->fifo_timeout_timer,
                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                      s->char_transmit_time * 4);
    } else {
        if (s->lsr & UART_LSR_DR) {
            s->lsr |= UART_LSR_OE;
        }
        s->rbr = buf[size - 1];
        s->lsr |= UART_LSR_DR;
    }
    serial_update_irq(s);
}

static void serial_event(void *opaque, QEMUChrEvent event)
{
    SerialState *s = opaque;

    if (event == CHR_EVENT_BREAK) {
        s->rbr = 0;
        if (s->fcr & UART_FCR_FE) {
            fifo_push(&s->recv_fifo, 0);
        }
        s->lsr |= UART_LSR_BI | UART_LSR_DR;
        serial_update_irq(s);
    }
}

static void fifo_timeout_int(void *opaque)
{
    SerialState *s = opaque;

    if (s->recv_fifo.num) {
        s->timeout_ipending = true;
        serial_update_irq(s);
    }
}

void serial_reset(SerialState *s)
{
    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    s->rbr = 0;
    s->ier = 0;
    s->iir = UART_IIR_NO_INT;
    s->lcr = 0;
    s->lsr = UART_LSR_TEMT | UART_LSR_THRE;
    s->msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    s->mcr = UART_MCR_OUT2;
    s->scr = 0;
    s->fcr = 0;
    s->tsr_retry = 0;
    s->divider = 0x0c;           /* 9600 baud from 115200 */
    s->recv_fifo_itl = 1;
    s->thr_ipending = false;
    s->timeout_ipending = false;
    s->char_transmit_time = NANOSECONDS_PER_SECOND / 9600 * 10;
    fifo_reset(&s->recv_fifo);
    fifo_reset(&s->xmit_fifo);
    if (s->fifo_timeout_timer) {
        timer_del(s->fifo_timeout_timer);
    }
    serial_update_parameters(s);
    qemu_irq_lower(s->irq);
}

void serial_realize_core(SerialState *s, Error **errp)
{
    if (!s->baudbase) {
        s->baudbase = 115200;
    }
    s->fifo_timeout_timer =
        timer_new_ns(QEMU_CLOCK_VIRTUAL, fifo_timeout_int, s);
    qemu_chr_fe_set_handlers(&s->chr, serial_can_receive, serial_receive1,
                             serial_event, NULL, s, NULL, true);
    serial_reset(s);
}

void serial_exit_core(SerialState *s)
{
    qemu_chr_fe_deinit(&s->chr, false);
    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    if (s->fifo_timeout_timer) {
        timer_free(s->fifo_timeout_timer);
        s->fifo_timeout_timer = NULL;
    }
}
