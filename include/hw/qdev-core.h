/*
 * Devices and buses.
 *
 * A device is an object that is configured through properties while
 * "unrealized", then realized (realize() allocates resources, maps
 * regions, connects to a bus) -- after that most properties are frozen.
 * Devices hang off buses (ISA, PCI, the main system bus); buses hang off
 * devices.  Reset walks this tree.  GPIO lines (qemu_irq) connect devices.
 */
#ifndef HW_QDEV_CORE_H
#define HW_QDEV_CORE_H

#include "qemu/osdep.h"
#include "qom/object.h"
#include "hw/irq.h"

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"
OBJECT_DECLARE_TYPE(DeviceState, DeviceClass, DEVICE)
OBJECT_DECLARE_TYPE(BusState, BusClass, BUS)

typedef enum DeviceCategory {
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_MISC,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY_MAX
} DeviceCategory;

typedef void DeviceRealize(DeviceState *dev, Error **errp);
typedef void DeviceUnrealize(DeviceState *dev);
typedef void DeviceReset(DeviceState *dev);

typedef struct Property Property;

struct DeviceClass {
    ObjectClass parent_class;
    unsigned long categories;        /* bitmap of 1 << DEVICE_CATEGORY_* */
    const char *fw_name;
    const char *desc;
    Property *props_;                /* set with device_class_set_props */
    bool user_creatable;             /* -device may create it */
    bool hotpluggable;
    DeviceReset *reset;
    DeviceRealize *realize;
    DeviceUnrealize *unrealize;
    const char *bus_type;            /* bus it plugs into, NULL: none */
};

typedef struct NamedGPIOList {
    char *name;
    qemu_irq *in;
    int num_in;
    int num_out;
    struct NamedGPIOList *next;
} NamedGPIOList;

struct DeviceState {
    Object parent_obj;
    char *id;                        /* -device id=, NULL if none */
    char *canonical_path;
    bool realized;
    bool pending_deleted_event;
    int num_child_bus;
    GList *child_bus;                /* BusState * */
    BusState *parent_bus;
    NamedGPIOList *gpios;
    int instance_id_alias;
};

typedef struct BusChild {
    DeviceState *child;
    int index;
} BusChild;

struct BusClass {
    ObjectClass parent_class;
    /* "info qtree" extra lines for a device on this bus */
    void (*print_dev)(GString *out, DeviceState *dev, int indent);
    char *(*get_dev_path)(DeviceState *dev);
    int max_dev;                     /* 0: unlimited */
    /* Check/assign an address before the device's realize. */
    bool (*check_address)(BusState *bus, DeviceState *dev, Error **errp);
};

struct BusState {
    Object obj;
    DeviceState *parent;
    char *name;
    int max_index;
    bool realized;
    int num_children;
    GList *children;                 /* BusChild *, in order of plugging */
};

/* Creation and realization.  */
DeviceState *qdev_new(const char *name);
DeviceState *qdev_try_new(const char *name);    /* NULL if no such type */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);
void qdev_unrealize(DeviceState *dev);
/*
 * Put dev on bus before realize (checks the bus type: "Device 'X' can't go
 * on Y bus").
 */
bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp);
/*
 * Give dev its -device id (ownership of id moves to dev) and make it
 * /machine/peripheral/ID, or /machine/peripheral-anon/device[N] with no
 * id; "Duplicate ID 'x' for device".  Devices realized without a parent
 * become /machine/unattached/device[N].
 */
bool qdev_set_id(DeviceState *dev, char *id, Error **errp);
BusState *qdev_get_parent_bus(DeviceState *dev);
BusState *qdev_get_child_bus(DeviceState *dev, const char *name);
DeviceState *qdev_find_recursive(BusState *bus, const char *id);

void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name);
BusState *qbus_new(const char *typename, DeviceState *parent,
                   const char *name);
/* Walk devices and buses depth first; a callback returning non-zero stops. */
int qbus_walk_children(BusState *bus,
                       int (*pre_devfn)(DeviceState *, void *),
                       int (*pre_busfn)(BusState *, void *), void *opaque);

/* Reset: every realized device on the tree under the main system bus,
 * then everything registered with qemu_register_reset. */
void qemu_devices_reset(void);
void device_cold_reset(DeviceState *dev);
typedef void QEMUResetHandler(void *opaque);
void qemu_register_reset(QEMUResetHandler *func, void *opaque);
void qemu_unregister_reset(QEMUResetHandler *func, void *opaque);

/* GPIO lines.  Anonymous ones have name NULL. */
void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n);
void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n);
void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n);
void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n);
qemu_irq qdev_get_gpio_in(DeviceState *dev, int n);
qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);
void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin);
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin);
NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name);

/* The root of the device tree ("main-system-bus"). */
BusState *sysbus_get_default(void);

/* "-device help" and "-device DRIVER,help" in QEMU's format. */
void qdev_print_device_list(FILE *out);
bool qdev_print_device_help(FILE *out, const char *driver, Error **errp);
/* -device DRIVER,prop=val,...: create, set properties, plug, realize. */
typedef struct QemuOpts QemuOpts;
DeviceState *qdev_device_add(QemuOpts *opts, Error **errp);
/* "info qtree" */
void qdev_print_qtree(GString *out);

#endif
