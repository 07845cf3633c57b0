/*
 * QMP access to the object model: qom-list/get/set map onto
 * object_property_* with QObject values; the type and property listings
 * serve introspecting tools (libvirt probes device-list-properties).
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "hw/qdev-core.h"
#include "qom/object.h"

static Object *resolve(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

static QDict *prop_info(ObjectProperty *prop, bool description, bool defval)
{
    QDict *d = qdict_new();

    qdict_put_str(d, "name", prop->name);
    qdict_put_str(d, "type", prop->type ? prop->type : "");
    if (description && prop->description) {
        qdict_put_str(d, "description", prop->description);
    }
    if (defval && prop->defval) {
        qdict_put_obj(d, "default-value", qobject_ref(prop->defval));
    }
    return d;
}

static void qmp_qom_list(QDict *args, QObject **ret, Error **errp)
{
    Object *obj = resolve(qdict_get_str(args, "path"), errp);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    QList *list;

    if (!obj) {
        return;
    }
    list = qlist_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        qlist_append(list, prop_info(prop, false, false));
    }
    *ret = QOBJECT(list);
}

static void qmp_qom_get(QDict *args, QObject **ret, Error **errp)
{
    Object *obj = resolve(qdict_get_str(args, "path"), errp);

    if (obj) {
        *ret = object_property_get_qobject(obj,
                                           qdict_get_str(args, "property"),
                                           errp);
    }
}

static void qmp_qom_set(QDict *args, QObject **ret, Error **errp)
{
    Object *obj = resolve(qdict_get_str(args, "path"), errp);

    if (obj) {
        object_property_set_qobject(obj, qdict_get_str(args, "property"),
                                    qdict_get(args, "value"), errp);
    }
}

typedef struct TypeListing {
    QList *list;
    const char *implements;
} TypeListing;

static void list_one_type(ObjectClass *klass, void *opaque)
{
    TypeListing *tl = opaque;
    ObjectClass *parent = object_class_get_parent(klass);
    QDict *d = qdict_new();

    qdict_put_str(d, "name", object_class_get_name(klass));
    if (object_class_is_abstract(klass)) {
        qdict_put_bool(d, "abstract", true);
    }
    if (parent) {
        qdict_put_str(d, "parent", object_class_get_name(parent));
    }
    qlist_append(tl->list, d);
}

static void qmp_qom_list_types(QDict *args, QObject **ret, Error **errp)
{
    TypeListing tl = { qlist_new(), qdict_get_try_str(args, "implements") };

    if (tl.implements && !object_class_by_name(tl.implements)) {
        /* QEMU lists nothing for an unknown type. */
        *ret = QOBJECT(tl.list);
        return;
    }
    object_class_foreach(list_one_type, tl.implements,
                         qdict_get_try_bool(args, "abstract", false), &tl);
    *ret = QOBJECT(tl.list);
}

/*
 * Properties of a type.  Devices are instantiated (not realized) because
 * many of their properties are per instance; other types, whose instance
 * init may have global effects (machines, accelerators), show their class
 * properties only.
 */
static void list_type_props(ObjectClass *klass, bool device_filter,
                            QList *list)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj = NULL;

    if (!object_class_is_abstract(klass) &&
        object_class_dynamic_cast(klass, TYPE_DEVICE)) {
        obj = object_new_with_class(klass);
        object_property_iter_init(&iter, obj);
    } else {
        object_class_property_iter_init(&iter, klass);
    }
    while ((prop = object_property_iter_next(&iter))) {
        if (device_filter &&
            (!strcmp(prop->name, "type") || !strcmp(prop->name, "realized") ||
             !strcmp(prop->name, "hotpluggable") ||
             !strcmp(prop->name, "hotplugged") ||
             !strcmp(prop->name, "parent_bus"))) {
            continue;
        }
        qlist_append(list, prop_info(prop, true, device_filter));
    }
    if (obj) {
        object_unref(obj);
    }
}

static void qmp_qom_list_properties(QDict *args, QObject **ret, Error **errp)
{
    const char *name = qdict_get_str(args, "typename");
    ObjectClass *klass = object_class_by_name(name);
    QList *list;

    if (!klass) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Class '%s' not found",
                  name);
        return;
    }
    list = qlist_new();
    list_type_props(klass, false, list);
    *ret = QOBJECT(list);
}

static void qmp_device_list_properties(QDict *args, QObject **ret,
                                       Error **errp)
{
    const char *name = qdict_get_str(args, "typename");
    ObjectClass *klass = object_class_by_name(name);
    QList *list;

    if (!klass) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", name);
        return;
    }
    if (!object_class_dynamic_cast(klass, TYPE_DEVICE)) {
        error_setg(errp, "Parameter 'typename' expects device type");
        return;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp,
                   "Parameter 'typename' expects non-abstract device type");
        return;
    }
    list = qlist_new();
    list_type_props(klass, true, list);
    *ret = QOBJECT(list);
}

static const QmpCommandDef qmp_qom_cmds[] = {
    { "qom-list", qmp_qom_list },
    { "qom-get", qmp_qom_get },
    { "qom-set", qmp_qom_set },
    { "qom-list-types", qmp_qom_list_types },
    { "qom-list-properties", qmp_qom_list_properties },
    { "device-list-properties", qmp_device_list_properties },
};
QMP_REGISTER_COMMANDS(qmp_qom_cmds)
