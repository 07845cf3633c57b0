/*
 * BusState: the children list, naming, realize propagation and walking.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "qdev-internal.h"

void bus_add_child(BusState *bus, DeviceState *dev)
{
    BusChild *kid = g_new0(BusChild, 1);
    char *name;

    kid->index = bus->max_index++;
    kid->child = dev;
    object_ref(dev);
    bus->children = g_list_append(bus->children, kid);
    bus->num_children++;
    name = g_strdup_printf("child[%d]", kid->index);
    object_property_add_link(OBJECT(bus), name,
                             object_get_typename(OBJECT(dev)),
                             (Object **)&kid->child, NULL, 0);
    g_free(name);
}

void bus_remove_child(BusState *bus, DeviceState *dev)
{
    for (GList *e = bus->children; e; e = e->next) {
        BusChild *kid = e->data;
        char *name;

        if (kid->child != dev) {
            continue;
        }
        name = g_strdup_printf("child[%d]", kid->index);
        object_property_del(OBJECT(bus), name);
        g_free(name);
        bus->children = g_list_delete_link(bus->children, e);
        bus->num_children--;
        g_free(kid);
        object_unref(dev);
        return;
    }
}

bool qbus_is_full(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    return bc->max_dev && bus->num_children >= bc->max_dev;
}

BusState *qbus_find_recursive(BusState *bus, const char *name,
                              const char *bus_type)
{
    bool match = name ? !strcmp(bus->name, name)
                      : !!object_dynamic_cast(OBJECT(bus), bus_type);
    BusState *pick = NULL;

    if (match && !qbus_is_full(bus)) {
        return bus;
    }
    if (match) {
        pick = bus;
    }
    for (GList *e = g_list_last(bus->children); e; e = e->prev) {
        DeviceState *dev = ((BusChild *)e->data)->child;

        for (GList *b = g_list_last(dev->child_bus); b; b = b->prev) {
            BusState *ret = qbus_find_recursive(b->data, name, bus_type);

            if (ret && !qbus_is_full(ret)) {
                return ret;
            }
            if (ret && !pick) {
                pick = ret;
            }
        }
    }
    return pick;
}

/* Automatic names "isa.0", "pci.1": per bus type counters. */
static int bus_next_automatic_id(const char *typename)
{
    static GHashTable *ids;
    int id;

    if (!ids) {
        ids = g_hash_table_new(g_str_hash, g_str_equal);
    }
    id = GPOINTER_TO_INT(g_hash_table_lookup(ids, typename));
    g_hash_table_insert(ids, (gpointer)g_intern_string(typename),
                        GINT_TO_POINTER(id + 1));
    return id;
}

static void qbus_init_internal(BusState *bus, DeviceState *parent,
                               const char *name)
{
    bus->parent = parent;
    if (name) {
        bus->name = g_strdup(name);
    } else if (parent && parent->id) {
        bus->name = g_strdup_printf("%s.%d", parent->id, parent->num_child_bus);
    } else {
        const char *typename = object_get_typename(OBJECT(bus));

        bus->name =
            g_strdup_printf("%s.%d", typename, bus_next_automatic_id(typename));
        for (char *p = bus->name; *p; p++) {
            *p = g_ascii_tolower(*p);
        }
    }
    if (parent) {
        parent->child_bus = g_list_append(parent->child_bus, bus);
        parent->num_child_bus++;
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
        object_unref(bus); /* the parent now owns it */
    }
}

void qbus_init(void *bus, size_t size, const char *typename,
               DeviceState *parent, const char *name)
{
    object_initialize(bus, size, typename);
    qbus_init_internal(bus, parent, name);
}

BusState *qbus_new(const char *typename, DeviceState *parent, const char *name)
{
    BusState *bus = BUS(object_new(typename));

    qbus_init_internal(bus, parent, name);
    return bus;
}

void qbus_set_realized(BusState *bus, bool value)
{
    if (!value && bus->realized) {
        for (GList *e = bus->children; e; e = e->next) {
            DeviceState *dev = ((BusChild *)e->data)->child;
            if (dev->realized) {
                qdev_unrealize(dev);
            }
        }
    }
    bus->realized = value;
}

static int qdev_walk(DeviceState *dev, int (*pre_devfn)(DeviceState *, void *),
                     int (*pre_busfn)(BusState *, void *), void *opaque)
{
    int err;

    if (pre_devfn) {
        err = pre_devfn(dev, opaque);
        if (err) {
            return err;
        }
    }
    for (GList *b = g_list_last(dev->child_bus); b; b = b->prev) {
        err = qbus_walk_children(b->data, pre_devfn, pre_busfn, opaque);
        if (err) {
            return err;
        }
    }
    return 0;
}

/* Newest first, in the order QEMU visits its children. */
int qbus_walk_children(BusState *bus, int (*pre_devfn)(DeviceState *, void *),
                       int (*pre_busfn)(BusState *, void *), void *opaque)
{
    int err;

    if (pre_busfn) {
        err = pre_busfn(bus, opaque);
        if (err) {
            return err;
        }
    }
    for (GList *e = g_list_last(bus->children); e; e = e->prev) {
        err = qdev_walk(((BusChild *)e->data)->child, pre_devfn, pre_busfn,
                        opaque);
        if (err) {
            return err;
        }
    }
    return 0;
}

static void bus_unparent(Object *obj)
{
    BusState *bus = BUS(obj);

    while (bus->children) {
        DeviceState *dev = ((BusChild *)bus->children->data)->child;

        if (OBJECT(dev)->parent) {
            object_unparent(OBJECT(dev));
        } else {
            bus_remove_child(bus, dev);
            dev->parent_bus = NULL;
        }
    }
    if (bus->parent) {
        bus->parent->child_bus = g_list_remove(bus->parent->child_bus, bus);
        bus->parent->num_child_bus--;
        bus->parent = NULL;
    }
}

static bool bus_get_realized(Object *obj, Error **errp)
{
    return BUS(obj)->realized;
}

static void bus_finalize(Object *obj)
{
    g_free(BUS(obj)->name);
}

static void bus_class_init(ObjectClass *klass, void *data)
{
    klass->unparent = bus_unparent;
    object_class_property_add_bool(klass, "realized", bus_get_realized, NULL);
}

static const TypeInfo bus_type_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .abstract = true,
    .class_size = sizeof(BusClass),
    .class_init = bus_class_init,
    .instance_finalize = bus_finalize,
};

static void bus_register_types(void)
{
    type_register_static(&bus_type_info);
}

type_init(bus_register_types)
