/*
 * Private glue between the files of hw/core's device model.
 */
#ifndef HW_CORE_QDEV_INTERNAL_H
#define HW_CORE_QDEV_INTERNAL_H

#include "hw/qdev-core.h"

void bus_add_child(BusState *bus, DeviceState *dev);
void bus_remove_child(BusState *bus, DeviceState *dev);
void qbus_set_realized(BusState *bus, bool value);
bool qbus_is_full(BusState *bus);
/* First bus named name (or of type bus_type), preferring buses not full. */
BusState *qbus_find_recursive(BusState *bus, const char *name,
                              const char *bus_type);
/* The bus list in QEMU's order: newest first. */
GList *qdev_child_buses_newest_first(DeviceState *dev);
/* /machine/unattached etc.; see docs/qom.md for the /machine contract. */
Object *qdev_machine_container(const char *name);
void sysbus_attach_to_tree(void);

#endif
