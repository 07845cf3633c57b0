/*
 * System reset: the device tree under the main system bus (children
 * before their parents, as QEMU's hold phase runs), then the handlers
 * registered with qemu_register_reset in registration order.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "qdev-internal.h"

typedef struct ResetEntry {
    QEMUResetHandler *func;
    void *opaque;
} ResetEntry;

static GList *reset_handlers;

void qemu_register_reset(QEMUResetHandler *func, void *opaque)
{
    ResetEntry *re = g_new0(ResetEntry, 1);

    re->func = func;
    re->opaque = opaque;
    reset_handlers = g_list_append(reset_handlers, re);
}

void qemu_unregister_reset(QEMUResetHandler *func, void *opaque)
{
    for (GList *e = reset_handlers; e; e = e->next) {
        ResetEntry *re = e->data;

        if (re->func == func && re->opaque == opaque) {
            reset_handlers = g_list_delete_link(reset_handlers, e);
            g_free(re);
            return;
        }
    }
}

static void bus_reset_tree(BusState *bus);

static void device_reset_tree(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    for (GList *b = g_list_last(dev->child_bus); b; b = b->prev) {
        bus_reset_tree(b->data);
    }
    if (dev->realized && dc->reset) {
        dc->reset(dev);
    }
}

static void bus_reset_tree(BusState *bus)
{
    for (GList *e = g_list_last(bus->children); e; e = e->prev) {
        device_reset_tree(((BusChild *)e->data)->child);
    }
}

void device_cold_reset(DeviceState *dev)
{
    device_reset_tree(dev);
}

void qemu_devices_reset(void)
{
    GList *e = reset_handlers;

    bus_reset_tree(sysbus_get_default());
    while (e) {
        ResetEntry *re = e->data;

        /* A handler may unregister itself. */
        e = e->next;
        re->func(re->opaque);
    }
}
