/*
 * Interrupt lines between devices.  A qemu_irq is an input: setting its
 * level calls the owner's handler.  All calls happen under the BQL.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

#include "qemu/osdep.h"

#define TYPE_IRQ "irq"          /* qemu_irq lines are QOM objects */
typedef struct IRQState *qemu_irq;
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

void qemu_set_irq(qemu_irq irq, int level);   /* irq may be NULL: no-op */
static inline void qemu_irq_raise(qemu_irq irq) { qemu_set_irq(irq, 1); }
static inline void qemu_irq_lower(qemu_irq irq) { qemu_set_irq(irq, 0); }
static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}
qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n);
void qemu_free_irq(qemu_irq irq);
/*
 * Replace the handler of an input (qtest's irq_intercept_in): the
 * interceptor is called instead of the original handler.
 */
void qemu_irq_intercept_in(qemu_irq *gpio_in, qemu_irq_handler handler,
                           int n);
/* A line that drives several inputs. */
qemu_irq qemu_irq_split(qemu_irq irq1, qemu_irq irq2);

#endif
