/*
 * qemu_irq: an input line.  Lines are QOM objects of type "irq" so that
 * GPIO inputs appear as child<irq> properties of their device and outputs
 * as link<irq>, as in QEMU.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "hw/irq.h"

struct IRQState {
    Object parent_obj;
    qemu_irq_handler handler;
    void *opaque;
    int n;
};

void qemu_set_irq(qemu_irq irq, int level)
{
    if (irq && irq->handler) {
        irq->handler(irq->opaque, irq->n, level);
    }
}

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq irq = (qemu_irq)object_new(TYPE_IRQ);

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n)
{
    qemu_irq *irqs = g_new0(qemu_irq, n);

    for (int i = 0; i < n; i++) {
        irqs[i] = qemu_allocate_irq(handler, opaque, i);
    }
    return irqs;
}

void qemu_free_irq(qemu_irq irq)
{
    object_unref(irq);
}

/*
 * The interceptor gets, as opaque, a pointer to a qemu_irq that still
 * delivers to the original handler (qtest forwards through it).
 */
void qemu_irq_intercept_in(qemu_irq *gpio_in, qemu_irq_handler handler, int n)
{
    qemu_irq *old = g_new0(qemu_irq, n);

    for (int i = 0; i < n; i++) {
        old[i] = qemu_allocate_irq(gpio_in[i]->handler, gpio_in[i]->opaque,
                                   gpio_in[i]->n);
        gpio_in[i]->handler = handler;
        gpio_in[i]->opaque = &old[i];
    }
}

static void irq_split_handler(void *opaque, int n, int level)
{
    qemu_irq *pair = opaque;

    qemu_set_irq(pair[0], level);
    qemu_set_irq(pair[1], level);
}

qemu_irq qemu_irq_split(qemu_irq irq1, qemu_irq irq2)
{
    qemu_irq *pair = g_new0(qemu_irq, 2);

    pair[0] = irq1;
    pair[1] = irq2;
    return qemu_allocate_irq(irq_split_handler, pair, 0);
}

static const TypeInfo irq_type_info = {
    .name = TYPE_IRQ,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(struct IRQState),
};

static void irq_register_types(void)
{
    type_register_static(&irq_type_info);
}

type_init(irq_register_types)
