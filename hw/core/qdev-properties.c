/*
 * Static device properties: a Property table describing instance fields
 * becomes class properties whose defaults are stored at instance init and
 * which refuse to change once the device is realized.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qobject.h"
#include "qom/object.h"
#include "hw/qdev-properties.h"
#include "chardev/char-fe.h"

static void *field_ptr(Object *obj, Property *prop)
{
    return (char *)obj + prop->offset;
}

void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp)
{
    if (dev->id) {
        error_setg(errp,
                   "Attempt to set property '%s' on device '%s' "
                   "(type '%s') after it was realized",
                   name, dev->id, object_get_typename(OBJECT(dev)));
    } else {
        error_setg(errp,
                   "Attempt to set property '%s' on anonymous device "
                   "(type '%s') after it was realized",
                   name, object_get_typename(OBJECT(dev)));
    }
}

/* bit and bool */

static QObject *prop_get_bit(Object *obj, Property *prop, Error **errp)
{
    uint32_t *p = field_ptr(obj, prop);

    return QOBJECT(qbool_from_bool(*p & (1U << prop->bitnr)));
}

static bool prop_set_bit(Object *obj, Property *prop, QObject *v, Error **errp)
{
    uint32_t *p = field_ptr(obj, prop);
    bool value;

    if (!qobject_prop_get_bool(prop->name, v, &value, errp)) {
        return false;
    }
    if (value) {
        *p |= 1U << prop->bitnr;
    } else {
        *p &= ~(1U << prop->bitnr);
    }
    return true;
}

const PropertyInfo qdev_prop_bit = {
    .name = "bool",
    .description = "on/off",
    .get = prop_get_bit,
    .set = prop_set_bit,
};

static QObject *prop_get_bool(Object *obj, Property *prop, Error **errp)
{
    return QOBJECT(qbool_from_bool(*(bool *)field_ptr(obj, prop)));
}

static bool prop_set_bool(Object *obj, Property *prop, QObject *v, Error **errp)
{
    return qobject_prop_get_bool(prop->name, v, field_ptr(obj, prop), errp);
}

const PropertyInfo qdev_prop_bool = {
    .name = "bool",
    .get = prop_get_bool,
    .set = prop_set_bool,
};

/* Integers: one getter/setter pair per width, table driven. */

typedef struct IntKind {
    const PropertyInfo *info;
    int size;
    bool is_signed;
    const char *ctype;
} IntKind;

static const IntKind int_kinds[] = {
    {&qdev_prop_uint8, 1, false, "uint8_t"},
    {&qdev_prop_uint16, 2, false, "uint16_t"},
    {&qdev_prop_uint32, 4, false, "uint32_t"},
    {&qdev_prop_uint64, 8, false, "uint64_t"},
    {&qdev_prop_size, 8, false, "uint64_t"},
    {&qdev_prop_int32, 4, true, "int32_t"},
    {&qdev_prop_int64, 8, true, "int64_t"},
    {&qdev_prop_pci_devfn, 4, true, "int32_t"},
};

static const IntKind *int_kind(const PropertyInfo *info)
{
    for (size_t i = 0; i < ARRAY_SIZE(int_kinds); i++) {
        if (int_kinds[i].info == info) {
            return &int_kinds[i];
        }
    }
    return NULL;
}

static QObject *prop_get_int(Object *obj, Property *prop, Error **errp)
{
    const IntKind *k = int_kind(prop->info);
    void *p = field_ptr(obj, prop);

    if (k->is_signed) {
        int64_t v = k->size == 4 ? *(int32_t *)p : *(int64_t *)p;
        return QOBJECT(qnum_from_int(v));
    }
    switch (k->size) {
    case 1:
        return QOBJECT(qnum_from_uint(*(uint8_t *)p));
    case 2:
        return QOBJECT(qnum_from_uint(*(uint16_t *)p));
    case 4:
        return QOBJECT(qnum_from_uint(*(uint32_t *)p));
    default:
        return QOBJECT(qnum_from_uint(*(uint64_t *)p));
    }
}

static bool prop_set_int(Object *obj, Property *prop, QObject *v, Error **errp)
{
    const IntKind *k = int_kind(prop->info);
    void *p = field_ptr(obj, prop);

    if (k->is_signed) {
        int64_t val;
        int64_t min = k->size == 4 ? INT32_MIN : INT64_MIN;
        int64_t max = k->size == 4 ? INT32_MAX : INT64_MAX;

        if (!qobject_prop_get_int(prop->name, v, min, max, k->ctype, &val,
                                  errp)) {
            return false;
        }
        if (k->size == 4) {
            *(int32_t *)p = val;
        } else {
            *(int64_t *)p = val;
        }
        return true;
    } else {
        uint64_t val;
        uint64_t max =
            k->size == 8 ? UINT64_MAX : (UINT64_C(1) << (k->size * 8)) - 1;

        if (!qobject_prop_get_uint(prop->name, v, max, k->ctype, &val, errp)) {
            return false;
        }
        switch (k->size) {
        case 1:
            *(uint8_t *)p = val;
            break;
        case 2:
            *(uint16_t *)p = val;
            break;
        case 4:
            *(uint32_t *)p = val;
            break;
        default:
            *(uint64_t *)p = val;
            break;
        }
        return true;
    }
}

const PropertyInfo qdev_prop_uint8 = {
    .name = "uint8",
    .get = prop_get_int,
    .set = prop_set_int,
};
const PropertyInfo qdev_prop_uint16 = {
    .name = "uint16",
    .get = prop_get_int,
    .set = prop_set_int,
};
const PropertyInfo qdev_prop_uint32 = {
    .name = "uint32",
    .get = prop_get_int,
    .set = prop_set_int,
};
const PropertyInfo qdev_prop_uint64 = {
    .name = "uint64",
    .get = prop_get_int,
    .set = prop_set_int,
};
const PropertyInfo qdev_prop_int32 = {
    .name = "int32",
    .get = prop_get_int,
    .set = prop_set_int,
};
const PropertyInfo qdev_prop_int64 = {
    .name = "int64",
    .get = prop_get_int,
    .set = prop_set_int,
};
const PropertyInfo qdev_prop_size = {
    .name = "size",
    .get = prop_get_int,
    .set = prop_set_int,
};

/* PCI devfn: an int32 that also takes "slot" or "slot.fn" in hex. */

static bool prop_set_pci_devfn(Object *obj, Property *prop, QObject *v,
                               Error **errp)
{
    int32_t *p = field_ptr(obj, prop);
    QString *qs = qobject_to(QString, v);
    unsigned long slot, fn = 0;
    const char *str;
    char *e;

    if (!qs) {
        int64_t val;

        if (!qobject_prop_get_int(prop->name, v, -1, 255,
                                  "a value between -1 and 255", &val, errp)) {
            return false;
        }
        *p = val;
        return true;
    }
    str = qstring_get_str(qs);
    slot = strtoul(str, &e, 16);
    if (e == str || slot > 31) {
        goto invalid;
    }
    if (*e == '.') {
        const char *f = e + 1;

        fn = strtoul(f, &e, 16);
        if (e == f || fn > 7) {
            goto invalid;
        }
    }
    if (*e) {
        goto invalid;
    }
    *p = slot << 3 | fn;
    return true;

invalid:
    error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
               object_get_typename(obj), prop->name, str);
    return false;
}

static char *prop_print_pci_devfn(Object *obj, Property *prop)
{
    int32_t v = *(int32_t *)field_ptr(obj, prop);

    if (v == -1) {
        return g_strdup("<unset>");
    }
    return g_strdup_printf("%02x.%x", v >> 3, v & 7);
}

const PropertyInfo qdev_prop_pci_devfn = {
    .name = "int32",
    .description = "Slot and optional function number, example: 06.0 or 06",
    .get = prop_get_int,
    .set = prop_set_pci_devfn,
    .print = prop_print_pci_devfn,
};

/* Strings.  */

static QObject *prop_get_string(Object *obj, Property *prop, Error **errp)
{
    char **p = field_ptr(obj, prop);

    return QOBJECT(qstring_from_str(*p ? *p : ""));
}

static bool prop_set_string(Object *obj, Property *prop, QObject *v,
                            Error **errp)
{
    char **p = field_ptr(obj, prop);
    const char *str;

    if (!qobject_prop_get_str(prop->name, v, &str, errp)) {
        return false;
    }
    g_free(*p);
    *p = g_strdup(str);
    return true;
}

static void prop_release_string(Object *obj, Property *prop)
{
    char **p = field_ptr(obj, prop);

    g_free(*p);
    *p = NULL;
}

const PropertyInfo qdev_prop_string = {
    .name = "str",
    .get = prop_get_string,
    .set = prop_set_string,
    .release = prop_release_string,
};

/* Character device backends, by -chardev id.  */

static QObject *prop_get_chr(Object *obj, Property *prop, Error **errp)
{
    CharBackend *be = field_ptr(obj, prop);

    return QOBJECT(
        qstring_from_str(be->chr && be->chr->label ? be->chr->label : ""));
}

static bool prop_set_chr(Object *obj, Property *prop, QObject *v, Error **errp)
{
    CharBackend *be = field_ptr(obj, prop);
    Error *err = NULL;
    const char *str;
    Chardev *s;

    if (!qobject_prop_get_str(prop->name, v, &str, errp)) {
        return false;
    }
    if (be->chr) {
        error_setg(errp, "chardev property already set");
        return false;
    }
    if (!*str) {
        return true;
    }
    s = qemu_chr_find(str);
    if (!s) {
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), prop->name, str);
        return false;
    }
    if (!qemu_chr_fe_init(be, s, &err)) {
        error_prepend(&err, "Property '%s.%s' can't take value '%s': ",
                      object_get_typename(obj), prop->name, str);
        error_propagate(errp, err);
        return false;
    }
    return true;
}

static void prop_release_chr(Object *obj, Property *prop)
{
    CharBackend *be = field_ptr(obj, prop);

    if (be->chr) {
        qemu_chr_fe_deinit(be, false);
    }
}

const PropertyInfo qdev_prop_chr = {
    .name = "str",
    .description = "ID of a chardev to use as a backend",
    .get = prop_get_chr,
    .set = prop_set_chr,
    .release = prop_release_chr,
};

/* Links are turned into class link<> properties; this is just a tag. */
const PropertyInfo qdev_prop_link = {
    .name = "link",
};

/* OnOffAuto.  */

static const char *const on_off_auto_names[] = {"auto", "on", "off", NULL};

static QObject *prop_get_enum(Object *obj, Property *prop, Error **errp)
{
    int v = *(int *)field_ptr(obj, prop);
    int n = 0;

    while (prop->info->enum_table[n]) {
        n++;
    }
    if (v < 0 || v >= n) {
        error_setg(errp, "Property '%s' has invalid value %d", prop->name, v);
        return NULL;
    }
    return QOBJECT(qstring_from_str(prop->info->enum_table[v]));
}

static bool prop_set_enum(Object *obj, Property *prop, QObject *v, Error **errp)
{
    return qobject_prop_get_enum(prop->name, v, prop->info->enum_table,
                                 field_ptr(obj, prop), errp);
}

const PropertyInfo qdev_prop_on_off_auto = {
    .name = "OnOffAuto",
    .description = "on/off/auto",
    .enum_table = on_off_auto_names,
    .get = prop_get_enum,
    .set = prop_set_enum,
};

/* Glue to class properties.  */

static QObject *static_prop_get(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;

    return prop->info->get(obj, prop, errp);
}

static bool static_prop_set(Object *obj, ObjectProperty *op, QObject *value,
                            Error **errp)
{
    Property *prop = op->opaque;
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    if (dev && dev->realized) {
        qdev_prop_set_after_realize(dev, prop->name, errp);
        return false;
    }
    return prop->info->set(obj, prop, value, errp);
}

static void static_prop_release(Object *obj, const char *name, void *opaque)
{
    Property *prop = opaque;

    if (prop->info->release) {
        prop->info->release(obj, prop);
    }
}

static QObject *static_prop_default(Property *prop)
{
    const IntKind *k = int_kind(prop->info);

    if (prop->info == &qdev_prop_bool || prop->info == &qdev_prop_bit) {
        return QOBJECT(qbool_from_bool(prop->defval.u));
    }
    if (prop->info->enum_table) {
        return QOBJECT(
            qstring_from_str(prop->info->enum_table[prop->defval.i]));
    }
    if (k && k->is_signed) {
        return QOBJECT(qnum_from_int(prop->defval.i));
    }
    return QOBJECT(qnum_from_uint(prop->defval.u));
}

static void static_prop_init(Object *obj, ObjectProperty *op)
{
    Property *prop = op->opaque;

    if (prop->info->set_default_value) {
        prop->info->set_default_value(obj, prop);
    } else {
        prop->info->set(obj, prop, op->defval, &error_abort);
    }
}

void device_class_set_props(DeviceClass *dc, Property *props)
{
    ObjectClass *oc = OBJECT_CLASS(dc);

    dc->props_ = props;
    for (Property *prop = props; prop && prop->name; prop++) {
        ObjectProperty *op;

        if (prop->info == &qdev_prop_link) {
            object_class_property_add_link(
                oc, prop->name, prop->link_type, prop->offset,
                object_property_allow_set_link, OBJ_PROP_LINK_STRONG);
            continue;
        }
        op = object_class_property_add(oc, prop->name, prop->info->name,
                                       static_prop_get, static_prop_set,
                                       static_prop_release, prop);
        if (prop->info->description) {
            object_class_property_set_description(oc, prop->name,
                                                  prop->info->description);
        }
        op->enum_names = prop->info->enum_table;
        op->string_input = prop->info == &qdev_prop_pci_devfn;
        if (prop->set_default) {
            op->defval = static_prop_default(prop);
            op->init = static_prop_init;
        }
    }
}

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    object_property_set_bool(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint16(DeviceState *dev, const char *name, uint16_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_string(DeviceState *dev, const char *name, const char *value)
{
    object_property_set_str(OBJECT(dev), name, value ? value : "",
                            &error_abort);
}

void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value)
{
    object_property_set_str(OBJECT(dev), name,
                            value && value->label ? value->label : "",
                            &error_abort);
}
