/*
 * DeviceState: the "realized" life cycle, ids, orphan parenting, GPIO
 * lines and the device's place on its parent bus.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "qdev-internal.h"

Object *qdev_machine_container(const char *name)
{
    char *path = g_strdup_printf("/machine/%s", name);
    Object *obj = container_get(object_get_root(), path);

    g_free(path);
    return obj;
}

DeviceState *qdev_try_new(const char *name)
{
    ObjectClass *oc = object_class_by_name(name);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        return NULL;
    }
    return DEVICE(object_new(name));
}

DeviceState *qdev_new(const char *name)
{
    DeviceState *dev = qdev_try_new(name);

    if (!dev) {
        error_report("unknown type '%s'", name);
        abort();
    }
    return dev;
}

bool qdev_set_parent_bus(DeviceState *dev, BusState *bus, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dev->realized) {
        error_setg(errp, "Cannot move realized device '%s'",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
        error_setg(errp, "Device '%s' can't go on %s bus",
                   object_get_typename(OBJECT(dev)),
                   object_get_typename(OBJECT(bus)));
        return false;
    }
    object_ref(dev);
    if (dev->parent_bus) {
        bus_remove_child(dev->parent_bus, dev);
    }
    bus_add_child(bus, dev);
    dev->parent_bus = bus;
    object_unref(dev);
    return true;
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    if (bus) {
        if (!qdev_set_parent_bus(dev, bus, errp)) {
            return false;
        }
    }
    return object_property_set_bool(OBJECT(dev), "realized", true, errp);
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ret = qdev_realize(dev, bus, errp);

    object_unref(dev);
    return ret;
}

void qdev_unrealize(DeviceState *dev)
{
    object_property_set_bool(OBJECT(dev), "realized", false, &error_abort);
}

bool qdev_set_id(DeviceState *dev, char *id, Error **errp)
{
    static int anon_count;
    Object *parent;
    char *name;

    if (id) {
        g_free(dev->id);
        dev->id = id;
    }
    if (dev->id) {
        parent = qdev_machine_container("peripheral");
        if (object_property_find(parent, dev->id)) {
            error_setg(errp, "Duplicate ID '%s' for device", dev->id);
            g_free(dev->id);
            dev->id = NULL;
            return false;
        }
        object_property_add_child(parent, dev->id, OBJECT(dev));
        return true;
    }
    name = g_strdup_printf("device[%d]", anon_count++);
    object_property_add_child(qdev_machine_container("peripheral-anon"), name,
                              OBJECT(dev));
    g_free(name);
    return true;
}

BusState *qdev_get_parent_bus(DeviceState *dev)
{
    return dev->parent_bus;
}

BusState *qdev_get_child_bus(DeviceState *dev, const char *name)
{
    for (GList *e = dev->child_bus; e; e = e->next) {
        BusState *bus = e->data;
        if (!strcmp(name, bus->name)) {
            return bus;
        }
    }
    return NULL;
}

DeviceState *qdev_find_recursive(BusState *bus, const char *id)
{
    for (GList *e = g_list_last(bus->children); e; e = e->prev) {
        BusChild *kid = e->data;
        DeviceState *dev = kid->child;

        if (dev->id && !strcmp(dev->id, id)) {
            return dev;
        }
        for (GList *b = dev->child_bus; b; b = b->next) {
            DeviceState *ret = qdev_find_recursive(b->data, id);
            if (ret) {
                return ret;
            }
        }
    }
    return NULL;
}

GList *qdev_child_buses_newest_first(DeviceState *dev)
{
    return g_list_reverse(g_list_copy(dev->child_bus));
}

/* GPIO lines.  */

NamedGPIOList *qdev_get_named_gpio_list(DeviceState *dev, const char *name)
{
    NamedGPIOList *ngl;

    for (ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (g_strcmp0(name, ngl->name) == 0) {
            return ngl;
        }
    }
    ngl = g_new0(NamedGPIOList, 1);
    ngl->name = g_strdup(name);
    ngl->next = dev->gpios; /* newest first, as QEMU lists them */
    dev->gpios = ngl;
    return ngl;
}

void qdev_init_gpio_in_named(DeviceState *dev, qemu_irq_handler handler,
                             const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);
    char *propname = g_strdup_printf("%s[*]", name ? name : "unnamed-gpio-in");

    assert(ngl->num_out == 0 || !name);
    ngl->in = g_renew(qemu_irq, ngl->in, ngl->num_in + n);
    for (int i = ngl->num_in; i < ngl->num_in + n; i++) {
        ngl->in[i] = qemu_allocate_irq(handler, dev, i);
        object_property_add_child(OBJECT(dev), propname, OBJECT(ngl->in[i]));
        object_unref(ngl->in[i]); /* the child property owns it */
    }
    ngl->num_in += n;
    g_free(propname);
}

void qdev_init_gpio_in(DeviceState *dev, qemu_irq_handler handler, int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}

void qdev_init_gpio_out_named(DeviceState *dev, qemu_irq *pins,
                              const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);
    char *propname = g_strdup_printf("%s[*]", name ? name : "unnamed-gpio-out");

    assert(ngl->num_in == 0 || !name);
    for (int i = 0; i < n; i++) {
        object_property_add_link(
            OBJECT(dev), propname, TYPE_IRQ, (Object **)&pins[i],
            object_property_allow_set_link, OBJ_PROP_LINK_STRONG);
    }
    ngl->num_out += n;
    g_free(propname);
}

void qdev_init_gpio_out(DeviceState *dev, qemu_irq *pins, int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}

qemu_irq qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

    assert(n >= 0 && n < ngl->num_in);
    return ngl->in[n];
}

qemu_irq qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 qemu_irq pin)
{
    char *propname =
        g_strdup_printf("%s[%d]", name ? name : "unnamed-gpio-out", n);

    object_property_set_link(OBJECT(dev), propname, OBJECT(pin), &error_abort);
    g_free(propname);
}

void qdev_connect_gpio_out(DeviceState *dev, int n, qemu_irq pin)
{
    qdev_connect_gpio_out_named(dev, NULL, n, pin);
}

/* Realize.  */

static bool device_get_realized(Object *obj, Error **errp)
{
    return DEVICE(obj)->realized;
}

static void device_set_realized(Object *obj, bool value, Error **errp)
{
    static int unattached_count;
    DeviceState *dev = DEVICE(obj);
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    bool unattached_parent = false;
    Error *err = NULL;

    if (value == dev->realized) {
        return;
    }
    if (!value) {
        for (GList *e = dev->child_bus; e; e = e->next) {
            qbus_set_realized(e->data, false);
        }
        if (dc->unrealize) {
            dc->unrealize(dev);
        }
        dev->realized = false;
        return;
    }

    if (!obj->parent) {
        char *name = g_strdup_printf("device[%d]", unattached_count++);

        object_property_add_child(qdev_machine_container("unattached"), name,
                                  obj);
        unattached_parent = true;
        g_free(name);
    }
    if (dev->parent_bus && dev->parent_bus == sysbus_get_default()) {
        sysbus_attach_to_tree();
    }
    if (dev->parent_bus) {
        BusClass *bc = BUS_GET_CLASS(dev->parent_bus);

        if (bc->check_address &&
            !bc->check_address(dev->parent_bus, dev, &err)) {
            goto fail;
        }
    }
    if (dc->realize) {
        dc->realize(dev, &err);
        if (err) {
            goto fail;
        }
    }
    g_free(dev->canonical_path);
    dev->canonical_path = object_get_canonical_path(obj);
    for (GList *e = dev->child_bus; e; e = e->next) {
        qbus_set_realized(e->data, true);
    }
    dev->realized = true;
    return;

fail:
    error_propagate(errp, err);
    if (unattached_parent) {
        object_ref(obj);
        object_unparent(obj);
        unattached_count--;
        /* The caller still holds its reference. */
        object_unref(obj);
    }
}

static bool device_get_hotpluggable(Object *obj, Error **errp)
{
    return DEVICE_GET_CLASS(obj)->hotpluggable;
}

static void device_initfn(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    dev->instance_id_alias = -1;
    dev->realized = false;
    object_property_add_link(obj, "parent_bus", TYPE_BUS,
                             (Object **)&dev->parent_bus, NULL, 0);
}

static void device_post_init(Object *obj)
{
    /* -global errors at creation are fatal, as in QEMU. */
    object_apply_global_props(obj, &error_fatal);
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);
    NamedGPIOList *ngl = dev->gpios;

    while (ngl) {
        NamedGPIOList *next = ngl->next;

        /* The lines themselves are child properties, already released. */
        g_free(ngl->in);
        g_free(ngl->name);
        g_free(ngl);
        ngl = next;
    }
    dev->gpios = NULL;
    g_free(dev->id);
    g_free(dev->canonical_path);
}

static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    if (dev->realized) {
        qdev_unrealize(dev);
    }
    while (dev->child_bus) {
        BusState *bus = dev->child_bus->data;
        object_unparent(OBJECT(bus));
    }
    if (dev->parent_bus) {
        bus_remove_child(dev->parent_bus, dev);
        dev->parent_bus = NULL;
    }
}

static void device_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    klass->unparent = device_unparent;
    /* Creatable by default; types that need board wiring say no. */
    dc->user_creatable = true;
    dc->hotpluggable = true;
    object_class_property_add_bool(klass, "realized", device_get_realized,
                                   device_set_realized);
    object_class_property_add_bool(klass, "hotpluggable",
                                   device_get_hotpluggable, NULL);
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_init = device_initfn,
    .instance_post_init = device_post_init,
    .instance_finalize = device_finalize,
    .class_init = device_class_init,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
};

static void qdev_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(qdev_register_types)
