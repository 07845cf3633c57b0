/*
 * The user's view of devices: -device DRIVER,..., "-device help",
 * "-device DRIVER,help" and "info qtree", in QEMU 7.2's formats.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "qemu/option.h"
#include "qobject/qobject.h"
#include "qobject/json.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "qdev-internal.h"

/* Alternative -device names, as QEMU's table (the x86 ones). */
static const struct {
    const char *typename;
    const char *alias;
} qdev_alias_table[] = {
    {"e1000", "e1000-82540em"},
    {"ich9-ahci", "ahci"},
    {"lsi53c895a", "lsi"},
    {"virtio-9p-pci", "virtio-9p"},
    {"virtio-balloon-pci", "virtio-balloon"},
    {"virtio-blk-pci", "virtio-blk"},
    {"virtio-gpu-pci", "virtio-gpu"},
    {"virtio-input-host-pci", "virtio-input-host"},
    {"virtio-keyboard-pci", "virtio-keyboard"},
    {"virtio-mouse-pci", "virtio-mouse"},
    {"virtio-net-pci", "virtio-net"},
    {"virtio-rng-pci", "virtio-rng"},
    {"virtio-scsi-pci", "virtio-scsi"},
    {"virtio-serial-pci", "virtio-serial"},
    {"virtio-tablet-pci", "virtio-tablet"},
};

static const char *qdev_class_get_alias(DeviceClass *dc)
{
    const char *typename = object_class_get_name(OBJECT_CLASS(dc));

    for (size_t i = 0; i < ARRAY_SIZE(qdev_alias_table); i++) {
        if (!strcmp(qdev_alias_table[i].typename, typename)) {
            return qdev_alias_table[i].alias;
        }
    }
    return NULL;
}

static const char *find_typename_by_alias(const char *alias)
{
    for (size_t i = 0; i < ARRAY_SIZE(qdev_alias_table); i++) {
        if (!strcmp(qdev_alias_table[i].alias, alias)) {
            return qdev_alias_table[i].typename;
        }
    }
    return NULL;
}

/* The device class for a -device driver name (or alias), or an error. */
static DeviceClass *qdev_get_device_class(const char **driver, Error **errp)
{
    const char *original = *driver;
    ObjectClass *oc = object_class_by_name(*driver);
    DeviceClass *dc;

    if (!oc) {
        const char *typename = find_typename_by_alias(*driver);

        if (typename) {
            *driver = typename;
            oc = object_class_by_name(typename);
        }
    }
    if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        if (*driver != original) {
            error_setg(errp,
                       "'%s' (alias '%s') is not a valid device model name",
                       original, *driver);
        } else {
            error_setg(errp, "'%s' is not a valid device model name", *driver);
        }
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device "
                         "type");
        return NULL;
    }
    dc = DEVICE_CLASS(oc);
    if (!dc->user_creatable) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device "
                         "type");
        return NULL;
    }
    return dc;
}

static DeviceState *qbus_find_dev(BusState *bus, const char *elem)
{
    /* by id first, then by type name, then by alias */
    for (GList *e = g_list_last(bus->children); e; e = e->prev) {
        DeviceState *dev = ((BusChild *)e->data)->child;
        if (dev->id && !strcmp(dev->id, elem)) {
            return dev;
        }
    }
    for (GList *e = g_list_last(bus->children); e; e = e->prev) {
        DeviceState *dev = ((BusChild *)e->data)->child;
        if (!strcmp(object_get_typename(OBJECT(dev)), elem)) {
            return dev;
        }
    }
    return NULL;
}

/*
 * bus=NAME finds a bus by name anywhere in the tree; bus=/dev/bus/... walks
 * from the main system bus through device ids (or type names) and buses.
 */
static BusState *qbus_find(const char *path, Error **errp)
{
    char **parts = g_strsplit(path, "/", 0);
    BusState *bus = NULL;
    int i = 0;

    if (path[0] == '/') {
        bus = sysbus_get_default();
        i = 1;
    } else {
        bus = qbus_find_recursive(sysbus_get_default(), parts[0], NULL);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", parts[0]);
            goto out;
        }
        i = 1;
    }
    for (; parts[i]; i++) {
        DeviceState *dev;

        if (!*parts[i]) {
            continue;
        }
        dev = qbus_find_dev(bus, parts[i]);
        if (!dev) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", parts[i]);
            bus = NULL;
            goto out;
        }
        for (i++; parts[i] && !*parts[i]; i++) {
        }
        if (!parts[i]) {
            if (dev->num_child_bus == 1) {
                bus = dev->child_bus->data;
                break;
            }
            error_setg(errp,
                       dev->num_child_bus
                           ? "Device '%s' has multiple child buses"
                           : "Device '%s' has no child bus",
                       parts[i - 1]);
            bus = NULL;
            goto out;
        }
        bus = qdev_get_child_bus(dev, parts[i]);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", parts[i]);
            goto out;
        }
    }
    if (bus && qbus_is_full(bus)) {
        error_setg(errp, "Bus '%s' is full", path);
        bus = NULL;
    }
out:
    g_strfreev(parts);
    return bus;
}

static int set_property(void *opaque, const char *name, const char *value,
                        Error **errp)
{
    Object *obj = opaque;

    if (!strcmp(name, "driver") || !strcmp(name, "bus") ||
        !strcmp(name, "id")) {
        return 0;
    }
    return object_property_parse_keyval(obj, name, value, errp) ? 0 : -1;
}

DeviceState *qdev_device_add(QemuOpts *opts, Error **errp)
{
    const char *driver = qemu_opt_get(opts, "driver");
    const char *path = qemu_opt_get(opts, "bus");
    const char *id = qemu_opts_id(opts);
    DeviceClass *dc;
    BusState *bus = NULL;
    DeviceState *dev;

    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    dc = qdev_get_device_class(&driver, errp);
    if (!dc) {
        return NULL;
    }
    if (path) {
        bus = qbus_find(path, errp);
        if (!bus) {
            return NULL;
        }
        if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus", driver,
                       object_get_typename(OBJECT(bus)));
            return NULL;
        }
    } else if (dc->bus_type) {
        bus = qbus_find_recursive(sysbus_get_default(), NULL, dc->bus_type);
        if (!bus || qbus_is_full(bus)) {
            error_setg(errp, "No '%s' bus found for device '%s'", dc->bus_type,
                       driver);
            return NULL;
        }
    }
    if (!id) {
        id = qemu_opt_get(opts, "id");
    }
    if (id && !id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                                "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }

    dev = qdev_new(driver);
    if (bus && !qdev_set_parent_bus(dev, bus, errp)) {
        goto err_del_dev;
    }
    if (!qdev_set_id(dev, g_strdup(id), errp)) {
        goto err_del_dev;
    }
    if (qemu_opt_foreach(opts, set_property, dev, errp)) {
        goto err_del_dev;
    }
    if (!qdev_realize(dev, bus, errp)) {
        goto err_del_dev;
    }
    object_unref(dev); /* the tree holds it now */
    return dev;

err_del_dev:
    object_unparent(OBJECT(dev));
    if (dev->parent_bus) {
        bus_remove_child(dev->parent_bus, dev);
        dev->parent_bus = NULL;
    }
    object_unref(dev);
    return NULL;
}

/* -device help */

static void qdev_print_devinfo(FILE *out, DeviceClass *dc)
{
    const char *alias = qdev_class_get_alias(dc);

    fprintf(out, "name \"%s\"", object_class_get_name(OBJECT_CLASS(dc)));
    if (dc->bus_type) {
        fprintf(out, ", bus %s", dc->bus_type);
    }
    if (alias) {
        fprintf(out, ", alias \"%s\"", alias);
    }
    if (dc->desc) {
        fprintf(out, ", desc \"%s\"", dc->desc);
    }
    if (!dc->user_creatable) {
        fprintf(out, ", no-user");
    }
    fprintf(out, "\n");
}

void qdev_print_device_list(FILE *out)
{
    static const char *const cat_name[DEVICE_CATEGORY_MAX + 1] = {
        [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub",
        [DEVICE_CATEGORY_USB] = "USB",
        [DEVICE_CATEGORY_STORAGE] = "Storage",
        [DEVICE_CATEGORY_NETWORK] = "Network",
        [DEVICE_CATEGORY_INPUT] = "Input",
        [DEVICE_CATEGORY_DISPLAY] = "Display",
        [DEVICE_CATEGORY_SOUND] = "Sound",
        [DEVICE_CATEGORY_MISC] = "Misc",
        [DEVICE_CATEGORY_CPU] = "CPU",
        [DEVICE_CATEGORY_WATCHDOG] = "Watchdog",
        [DEVICE_CATEGORY_MAX] = "Uncategorized",
    };
    GSList *list = object_class_get_list_sorted(TYPE_DEVICE, false);

    for (int i = 0; i <= DEVICE_CATEGORY_MAX; i++) {
        bool cat_printed = false;

        for (GSList *e = list; e; e = e->next) {
            DeviceClass *dc = DEVICE_CLASS(e->data);
            bool in_cat = i < DEVICE_CATEGORY_MAX
                              ? (dc->categories & (1UL << i)) != 0
                              : dc->categories == 0;

            if (!in_cat || !dc->user_creatable) {
                continue;
            }
            if (!cat_printed) {
                fprintf(out, "%s%s devices:\n", i ? "\n" : "", cat_name[i]);
                cat_printed = true;
            }
            qdev_print_devinfo(out, dc);
        }
    }
    g_slist_free(list);
}

/* -device DRIVER,help: the properties of a fresh instance, sorted. */

static bool skip_help_property(const char *name)
{
    static const char *const skip[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
    };

    for (size_t i = 0; i < ARRAY_SIZE(skip); i++) {
        if (!strcmp(name, skip[i])) {
            return true;
        }
    }
    return g_str_has_prefix(name, "legacy-");
}

static char *property_help_line(ObjectProperty *prop)
{
    GString *str = g_string_new(NULL);

    g_string_append_printf(str, "  %s=<%s>", prop->name, prop->type);
    if (prop->description || prop->defval) {
        if (str->len < 24) {
            g_string_append_printf(str, "%*s", 24 - (int)str->len, "");
        }
        g_string_append(str, " - ");
    }
    if (prop->description) {
        g_string_append(str, prop->description);
    }
    if (prop->defval) {
        char *json = qobject_to_json(prop->defval);
        g_string_append_printf(str, " (default: %s)", json);
        g_free(json);
    }
    return g_string_free(str, false);
}

static gint str_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool qdev_print_device_help(FILE *out, const char *driver, Error **errp)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    DeviceClass *dc;
    Object *obj;

    dc = qdev_get_device_class(&driver, errp);
    if (!dc) {
        g_ptr_array_free(lines, true);
        return false;
    }
    obj = object_new(driver);
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        if (!skip_help_property(prop->name)) {
            g_ptr_array_add(lines, property_help_line(prop));
        }
    }
    object_unref(obj);
    g_ptr_array_sort(lines, str_cmp);
    if (lines->len) {
        fprintf(out, "%s options:\n", driver);
    } else {
        fprintf(out, "There are no options for %s.\n", driver);
    }
    for (guint i = 0; i < lines->len; i++) {
        fprintf(out, "%s\n", (char *)g_ptr_array_index(lines, i));
    }
    g_ptr_array_free(lines, true);
    return true;
}

/* info qtree */

static void qtree_print_bus(GString *out, BusState *bus, int indent);

static void qtree_print_props(GString *out, DeviceState *dev, Property *props,
                              int indent)
{
    for (; props && props->name; props++) {
        char *value;

        if (props->info->print) {
            value = props->info->print(OBJECT(dev), props);
        } else {
            value = object_property_print(OBJECT(dev), props->name, NULL);
        }
        if (!value) {
            continue;
        }
        g_string_append_printf(out, "%*s%s = %s\n", indent, "", props->name,
                               *value ? value : "<null>");
        g_free(value);
    }
}

static void qtree_print_dev(GString *out, DeviceState *dev, int indent)
{
    ObjectClass *class;
    BusState *parent = dev->parent_bus;

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)),
                           dev->id ? dev->id : "");
    indent += 2;
    for (NamedGPIOList *ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (ngl->num_in) {
            g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent, "",
                                   ngl->name ? ngl->name : "", ngl->num_in);
        }
        if (ngl->num_out) {
            g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n", indent, "",
                                   ngl->name ? ngl->name : "", ngl->num_out);
        }
    }
    class = object_get_class(OBJECT(dev));
    do {
        qtree_print_props(out, dev, DEVICE_CLASS(class)->props_, indent);
        class = object_class_get_parent(class);
    } while (class != object_class_by_name(TYPE_DEVICE));
    if (parent && BUS_GET_CLASS(parent)->print_dev) {
        BUS_GET_CLASS(parent)->print_dev(out, dev, indent);
    }
    for (GList *b = g_list_last(dev->child_bus); b; b = b->prev) {
        qtree_print_bus(out, b->data, indent);
    }
}

static void qtree_print_bus(GString *out, BusState *bus, int indent)
{
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    indent += 2;
    g_string_append_printf(out, "%*stype %s\n", indent, "",
                           object_get_typename(OBJECT(bus)));
    for (GList *e = g_list_last(bus->children); e; e = e->prev) {
        qtree_print_dev(out, ((BusChild *)e->data)->child, indent);
    }
}

void qdev_print_qtree(GString *out)
{
    qtree_print_bus(out, sysbus_get_default(), 0);
}
