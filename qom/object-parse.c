/*
 * Command-line strings to property values and back: the conversion is
 * driven by the property's type string, with QEMU's messages for both
 * the -global/qom-set flavour and the -device key=value flavour.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "qobject/qobject.h"
#include "qom/object.h"

#define QERR_INVALID_PARAMETER_VALUE "Parameter '%s' expects %s"

static bool type_is_signed(const char *type)
{
    return !strcmp(type, "int") || !strcmp(type, "int8") ||
           !strcmp(type, "int16") || !strcmp(type, "int32") ||
           !strcmp(type, "int64");
}

static bool type_is_unsigned(const char *type)
{
    return !strcmp(type, "uint8") || !strcmp(type, "uint16") ||
           !strcmp(type, "uint32") || !strcmp(type, "uint64");
}

static QObject *parse_value(ObjectProperty *prop, const char *string,
                            bool keyval, Error **errp)
{
    const char *name = prop->name;
    const char *type = prop->type;

    if (prop->string_input) {
        return QOBJECT(qstring_from_str(string));
    }
    if (!strcmp(type, "bool")) {
        bool b;

        if (!qapi_bool_parse(name, string, &b, errp)) {
            return NULL;
        }
        return QOBJECT(qbool_from_bool(b));
    }
    if (type_is_signed(type)) {
        int64_t v;

        if (qemu_strtoi64(string, NULL, 0, &v) < 0) {
            error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name,
                       keyval ? "integer" : "int64");
            return NULL;
        }
        return QOBJECT(qnum_from_int(v));
    }
    if (type_is_unsigned(type)) {
        uint64_t v;

        if (qemu_strtou64(string, NULL, 0, &v) < 0) {
            error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name,
                       keyval ? "integer" : "uint64");
            return NULL;
        }
        return QOBJECT(qnum_from_uint(v));
    }
    if (!strcmp(type, "size")) {
        uint64_t v;
        int ret = qemu_strtosz(string, NULL, &v);

        if (ret < 0 && keyval) {
            error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name, "size");
            return NULL;
        }
        if (ret == -ERANGE) {
            error_setg(errp, "Value '%s' is out of range for parameter '%s'",
                       string, name);
            return NULL;
        }
        if (ret < 0) {
            error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name,
                       "a non-negative number below 2^64");
            error_append_hint(errp, "Optional suffix k, M, G, T, P or E "
                                    "means kilo-, mega-, giga-, tera-, peta-\n"
                                    "and exabytes, respectively.\n");
            return NULL;
        }
        return QOBJECT(qnum_from_uint(v));
    }
    /* str, enums, link<> paths: the setter interprets the string. */
    return QOBJECT(qstring_from_str(string));
}

static bool property_parse(Object *obj, const char *name, const char *string,
                           bool keyval, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    Error *err = NULL;
    QObject *value;
    bool ok;

    if (!prop) {
        return false;
    }
    value = parse_value(prop, string, keyval, &err);
    if (!value) {
        error_propagate(errp, err);
        return false;
    }
    ok = object_property_set_qobject(obj, name, value, errp);
    qobject_unref(value);
    return ok;
}

bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp)
{
    return property_parse(obj, name, string, false, errp);
}

bool object_property_parse_keyval(Object *obj, const char *name,
                                  const char *string, Error **errp)
{
    return property_parse(obj, name, string, true, errp);
}

char *object_property_print(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    QObject *value;
    char *ret = NULL;

    if (!prop) {
        return NULL;
    }
    value = object_property_get_qobject(obj, name, errp);
    if (!value) {
        return NULL;
    }
    switch (qobject_type(value)) {
    case QTYPE_QBOOL:
        ret = g_strdup(qbool_get_bool(qobject_to(QBool, value)) ? "true"
                                                                : "false");
        break;
    case QTYPE_QNUM: {
        QNum *qn = qobject_to(QNum, value);
        uint64_t u;
        int64_t i;

        if (!strcmp(prop->type, "size") && qnum_get_try_uint(qn, &u)) {
            char *human = size_to_str(u);
            ret = g_strdup_printf("%" PRIu64 " (%s)", u, human);
            g_free(human);
        } else if (!type_is_unsigned(prop->type) && qnum_get_try_int(qn, &i)) {
            ret =
                g_strdup_printf("%" PRId64 " (0x%" PRIx64 ")", i, (uint64_t)i);
        } else if (qnum_get_try_uint(qn, &u)) {
            ret = g_strdup_printf("%" PRIu64 " (0x%" PRIx64 ")", u, u);
        } else {
            ret = g_strdup_printf("%g", qnum_get_double(qn));
        }
        break;
    }
    case QTYPE_QSTRING:
        ret = g_strdup_printf("\"%s\"",
                              qstring_get_str(qobject_to(QString, value)));
        break;
    case QTYPE_QNULL:
        ret = g_strdup("null");
        break;
    default:
        ret = g_strdup("<structured value>");
        break;
    }
    qobject_unref(value);
    return ret;
}
