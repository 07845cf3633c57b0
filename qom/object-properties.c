/*
 * QOM properties: adding, finding, iterating, getting and setting, the
 * typed convenience properties, child<>/link<>/alias properties and the
 * string parsing used by the command line.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "qobject/qobject.h"
#include "qom/object.h"
#include "qom/object-internal.h"

#define QERR_PERMISSION_DENIED                                                 \
    "Insufficient permission to perform this operation"

/* Adding and removing.  */

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertySetter *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

static void property_free(ObjectProperty *prop)
{
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    qobject_unref(prop->defval);
    g_free(prop);
}

static ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                               const char *type,
                                               ObjectPropertyAccessor *get,
                                               ObjectPropertySetter *set,
                                               ObjectPropertyRelease *release,
                                               void *opaque, Error **errp)
{
    size_t len = strlen(name);
    ObjectProperty *prop;

    /* "name[*]" takes the first free index: device[0], device[1], ... */
    if (len >= 3 && !strcmp(name + len - 3, "[*]")) {
        char *base = g_strndup(name, len - 3);

        for (int i = 0; i < INT_MAX; i++) {
            char *full = g_strdup_printf("%s[%d]", base, i);

            prop = object_property_try_add(obj, full, type, get, set, release,
                                           opaque, NULL);
            g_free(full);
            if (prop) {
                break;
            }
        }
        g_free(base);
        return prop;
    }
    if (object_property_find(obj, name)) {
        error_setg(errp,
                   "attempt to add duplicate property '%s' to object "
                   "(type '%s')",
                   name, object_get_typename(obj));
        return NULL;
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(obj->properties, prop->name, prop);
    return prop;
}

ObjectProperty *
object_property_add(Object *obj, const char *name, const char *type,
                    ObjectPropertyAccessor *get, ObjectPropertySetter *set,
                    ObjectPropertyRelease *release, void *opaque)
{
    return object_property_try_add(obj, name, type, get, set, release, opaque,
                                   &error_abort);
}

ObjectProperty *object_class_property_add(ObjectClass *klass, const char *name,
                                          const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertySetter *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        fprintf(stderr,
                "qom: attempt to add duplicate property '%s' to class "
                "(type '%s')\n",
                name, object_class_get_name(klass));
        abort();
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    return prop;
}

static void property_remove(Object *obj, ObjectProperty *prop)
{
    g_hash_table_remove(obj->properties, prop->name);
    if (prop->release) {
        prop->release(obj, prop->name, prop->opaque);
    }
    property_free(prop);
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    if (prop) {
        property_remove(obj, prop);
    }
}

void object_property_del_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    /* A release callback may remove other properties: restart each time. */
    for (;;) {
        GHashTableIter hi;

        g_hash_table_iter_init(&hi, obj->properties);
        if (!g_hash_table_iter_next(&hi, NULL, (gpointer *)&prop)) {
            break;
        }
        property_remove(obj, prop);
    }
    /* Class properties may own per-instance data (strings, links). */
    object_class_property_iter_init(&iter, obj->class);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->release) {
            prop->release(obj, prop->name, prop->opaque);
        }
    }
}

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *prop = object_property_find_err(obj, name, &error_abort);

    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_class_property_set_description(ObjectClass *klass, const char *name,
                                           const char *description)
{
    ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);

    assert(prop);
    g_free(prop->description);
    prop->description = g_strdup(description);
}

/* Finding and iterating.  */

ObjectProperty *object_class_property_find(ObjectClass *klass, const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);
        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);

    return prop ? prop : object_class_property_find(obj->class, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found", object_get_typename(obj),
                   name);
    }
    return prop;
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    g_hash_table_iter_init(&iter->iter, obj->properties);
    iter->nextclass = obj->class;
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    g_hash_table_iter_init(&iter->iter, klass->properties);
    iter->nextclass = object_class_get_parent(klass);
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    gpointer key, val;

    while (!g_hash_table_iter_next(&iter->iter, &key, &val)) {
        if (!iter->nextclass) {
            return NULL;
        }
        g_hash_table_iter_init(&iter->iter, iter->nextclass->properties);
        iter->nextclass = object_class_get_parent(iter->nextclass);
    }
    return val;
}

/* Value helpers with QEMU's messages.  */

#define QERR_INVALID_PARAMETER_TYPE                                            \
    "Invalid parameter type for '%s', expected: %s"
#define QERR_INVALID_PARAMETER_VALUE "Parameter '%s' expects %s"

bool qobject_prop_get_bool(const char *name, QObject *v, bool *out,
                           Error **errp)
{
    QBool *qb = v ? qobject_to(QBool, v) : NULL;

    if (!qb) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "boolean");
        return false;
    }
    *out = qbool_get_bool(qb);
    return true;
}

bool qobject_prop_get_int(const char *name, QObject *v, int64_t min,
                          int64_t max, const char *ctype, int64_t *out,
                          Error **errp)
{
    QNum *qn = v ? qobject_to(QNum, v) : NULL;
    int64_t val;

    if (!qn) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "integer");
        return false;
    }
    if (!qnum_get_try_int(qn, &val)) {
        error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name, "int64");
        return false;
    }
    if (val < min || val > max) {
        error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name, ctype);
        return false;
    }
    *out = val;
    return true;
}

bool qobject_prop_get_uint(const char *name, QObject *v, uint64_t max,
                           const char *ctype, uint64_t *out, Error **errp)
{
    QNum *qn = v ? qobject_to(QNum, v) : NULL;
    uint64_t val;
    int64_t ival;

    if (!qn) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "integer");
        return false;
    }
    if (!qnum_get_try_uint(qn, &val)) {
        /* Negative values wrap, as QEMU accepts them for compatibility. */
        if (!qnum_get_try_int(qn, &ival)) {
            error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "uint64");
            return false;
        }
        val = (uint64_t)ival;
    }
    if (val > max) {
        error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name, ctype);
        return false;
    }
    *out = val;
    return true;
}

bool qobject_prop_get_str(const char *name, QObject *v, const char **out,
                          Error **errp)
{
    QString *qs = v ? qobject_to(QString, v) : NULL;

    if (!qs) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "string");
        return false;
    }
    *out = qstring_get_str(qs);
    return true;
}

bool qobject_prop_get_enum(const char *name, QObject *v,
                           const char *const *names, int *out, Error **errp)
{
    const char *str;

    if (!qobject_prop_get_str(name, v, &str, errp)) {
        return false;
    }
    for (int i = 0; names[i]; i++) {
        if (!strcmp(names[i], str)) {
            *out = i;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' does not accept value '%s'", name, str);
    return false;
}

/* Getting and setting.  */

QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return NULL;
    }
    if (!prop->get) {
        error_setg(errp, QERR_PERMISSION_DENIED);
        return NULL;
    }
    return prop->get(obj, prop, errp);
}

bool object_property_set_qobject(Object *obj, const char *name, QObject *value,
                                 Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, QERR_PERMISSION_DENIED);
        return false;
    }
    return prop->set(obj, prop, value, errp);
}

static bool set_and_unref(Object *obj, const char *name, QObject *v,
                          Error **errp)
{
    bool ok = object_property_set_qobject(obj, name, v, errp);

    qobject_unref(v);
    return ok;
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    return set_and_unref(obj, name, QOBJECT(qbool_from_bool(value)), errp);
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    QObject *v = object_property_get_qobject(obj, name, errp);
    QBool *qb;
    bool ret = false;

    if (!v) {
        return false;
    }
    qb = qobject_to(QBool, v);
    if (!qb) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "boolean");
    } else {
        ret = qbool_get_bool(qb);
    }
    qobject_unref(v);
    return ret;
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    return set_and_unref(obj, name, QOBJECT(qnum_from_int(value)), errp);
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    QObject *v = object_property_get_qobject(obj, name, errp);
    QNum *qn;
    int64_t ret = -1;

    if (!v) {
        return -1;
    }
    qn = qobject_to(QNum, v);
    if (!qn || !qnum_get_try_int(qn, &ret)) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "int");
        ret = -1;
    }
    qobject_unref(v);
    return ret;
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    return set_and_unref(obj, name, QOBJECT(qnum_from_uint(value)), errp);
}

uint64_t object_property_get_uint(Object *obj, const char *name, Error **errp)
{
    QObject *v = object_property_get_qobject(obj, name, errp);
    QNum *qn;
    uint64_t ret = 0;

    if (!v) {
        return 0;
    }
    qn = qobject_to(QNum, v);
    if (!qn || !qnum_get_try_uint(qn, &ret)) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "uint");
        ret = 0;
    }
    qobject_unref(v);
    return ret;
}

bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp)
{
    return set_and_unref(obj, name, QOBJECT(qstring_from_str(value)), errp);
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    QObject *v = object_property_get_qobject(obj, name, errp);
    QString *qs;
    char *ret = NULL;

    if (!v) {
        return NULL;
    }
    qs = qobject_to(QString, v);
    if (!qs) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, "string");
    } else {
        ret = g_strdup(qstring_get_str(qs));
    }
    qobject_unref(v);
    return ret;
}

const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop ? prop->type : NULL;
}

/* bool and str properties backed by accessor functions.  */

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static QObject *property_get_bool(Object *obj, ObjectProperty *prop,
                                  Error **errp)
{
    BoolProperty *bp = prop->opaque;
    Error *err = NULL;
    bool value = bp->get(obj, &err);

    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    return QOBJECT(qbool_from_bool(value));
}

static bool property_set_bool(Object *obj, ObjectProperty *prop, QObject *value,
                              Error **errp)
{
    BoolProperty *bp = prop->opaque;
    Error *err = NULL;
    bool v;

    if (!qobject_prop_get_bool(prop->name, value, &v, errp)) {
        return false;
    }
    bp->set(obj, v, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

static void property_release_opaque(Object *obj, const char *name, void *opaque)
{
    g_free(opaque);
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool, Error **))
{
    BoolProperty *bp = g_new0(BoolProperty, 1);

    bp->get = get;
    bp->set = set;
    return object_property_add(
        obj, name, "bool", get ? property_get_bool : NULL,
        set ? property_set_bool : NULL, property_release_opaque, bp);
}

ObjectProperty *
object_class_property_add_bool(ObjectClass *klass, const char *name,
                               bool (*get)(Object *, Error **),
                               void (*set)(Object *, bool, Error **))
{
    BoolProperty *bp = g_new0(BoolProperty, 1);

    bp->get = get;
    bp->set = set;
    return object_class_property_add(klass, name, "bool",
                                     get ? property_get_bool : NULL,
                                     set ? property_set_bool : NULL, NULL, bp);
}

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static QObject *property_get_str(Object *obj, ObjectProperty *prop,
                                 Error **errp)
{
    StringProperty *sp = prop->opaque;
    Error *err = NULL;
    char *value = sp->get(obj, &err);
    QString *qs;

    if (err) {
        error_propagate(errp, err);
        g_free(value);
        return NULL;
    }
    qs = qstring_from_str(value ? value : "");
    g_free(value);
    return QOBJECT(qs);
}

static bool property_set_str(Object *obj, ObjectProperty *prop, QObject *value,
                             Error **errp)
{
    StringProperty *sp = prop->opaque;
    Error *err = NULL;
    const char *v;

    if (!qobject_prop_get_str(prop->name, value, &v, errp)) {
        return false;
    }
    sp->set(obj, v, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **))
{
    StringProperty *sp = g_new0(StringProperty, 1);

    sp->get = get;
    sp->set = set;
    return object_property_add(obj, name, "str", get ? property_get_str : NULL,
                               set ? property_set_str : NULL,
                               property_release_opaque, sp);
}

ObjectProperty *
object_class_property_add_str(ObjectClass *klass, const char *name,
                              char *(*get)(Object *, Error **),
                              void (*set)(Object *, const char *, Error **))
{
    StringProperty *sp = g_new0(StringProperty, 1);

    sp->get = get;
    sp->set = set;
    return object_class_property_add(klass, name, "str",
                                     get ? property_get_str : NULL,
                                     set ? property_set_str : NULL, NULL, sp);
}

typedef struct EnumProperty {
    const char *const *names;
    int (*get)(Object *, Error **);
    void (*set)(Object *, int, Error **);
} EnumProperty;

static QObject *property_get_enum(Object *obj, ObjectProperty *prop,
                                  Error **errp)
{
    EnumProperty *ep = prop->opaque;
    Error *err = NULL;
    int value = ep->get(obj, &err);
    int n = 0;

    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    while (ep->names[n]) {
        n++;
    }
    if (value < 0 || value >= n) {
        error_setg(errp, "Property '%s' has invalid value %d", prop->name,
                   value);
        return NULL;
    }
    return QOBJECT(qstring_from_str(ep->names[value]));
}

static bool property_set_enum(Object *obj, ObjectProperty *prop, QObject *value,
                              Error **errp)
{
    EnumProperty *ep = prop->opaque;
    Error *err = NULL;
    int v;

    if (!qobject_prop_get_enum(prop->name, value, ep->names, &v, errp)) {
        return false;
    }
    ep->set(obj, v, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

ObjectProperty *
object_class_property_add_enum(ObjectClass *klass, const char *name,
                               const char *typename, const char *const *names,
                               int (*get)(Object *, Error **),
                               void (*set)(Object *, int, Error **))
{
    EnumProperty *ep = g_new0(EnumProperty, 1);
    ObjectProperty *prop;

    ep->names = names;
    ep->get = get;
    ep->set = set;
    prop = object_class_property_add(klass, name, typename,
                                     get ? property_get_enum : NULL,
                                     set ? property_set_enum : NULL, NULL, ep);
    prop->enum_names = names;
    return prop;
}

/* Integer fields.  */

typedef struct UintPtrProperty {
    const void *ptr;
    int size; /* bytes */
} UintPtrProperty;

static QObject *property_get_uint_ptr(Object *obj, ObjectProperty *prop,
                                      Error **errp)
{
    UintPtrProperty *up = prop->opaque;
    uint64_t v;

    switch (up->size) {
    case 1:
        v = *(const uint8_t *)up->ptr;
        break;
    case 2:
        v = *(const uint16_t *)up->ptr;
        break;
    case 4:
        v = *(const uint32_t *)up->ptr;
        break;
    default:
        v = *(const uint64_t *)up->ptr;
        break;
    }
    return QOBJECT(qnum_from_uint(v));
}

static bool property_set_uint_ptr(Object *obj, ObjectProperty *prop,
                                  QObject *value, Error **errp)
{
    UintPtrProperty *up = prop->opaque;
    static const char *const ctypes[] = {
        [1] = "uint8_t", [2] = "uint16_t", [4] = "uint32_t", [8] = "uint64_t"};
    uint64_t max =
        up->size == 8 ? UINT64_MAX : (UINT64_C(1) << (up->size * 8)) - 1;
    void *ptr = (void *)up->ptr;
    uint64_t v;

    if (!qobject_prop_get_uint(prop->name, value, max, ctypes[up->size], &v,
                               errp)) {
        return false;
    }
    switch (up->size) {
    case 1:
        *(uint8_t *)ptr = v;
        break;
    case 2:
        *(uint16_t *)ptr = v;
        break;
    case 4:
        *(uint32_t *)ptr = v;
        break;
    default:
        *(uint64_t *)ptr = v;
        break;
    }
    return true;
}

static ObjectProperty *add_uint_ptr(Object *obj, const char *name,
                                    const char *type, const void *v, int size,
                                    ObjectPropertyFlags flags)
{
    UintPtrProperty *up = g_new0(UintPtrProperty, 1);

    up->ptr = v;
    up->size = size;
    return object_property_add(
        obj, name, type,
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint_ptr : NULL,
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint_ptr : NULL,
        property_release_opaque, up);
}

ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint8", v, 1, flags);
}

ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               const uint16_t *v,
                                               ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint16", v, 2, flags);
}

ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               const uint32_t *v,
                                               ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint32", v, 4, flags);
}

ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               const uint64_t *v,
                                               ObjectPropertyFlags flags)
{
    return add_uint_ptr(obj, name, "uint64", v, 8, flags);
}

/* child<> */

bool object_property_is_child(ObjectProperty *prop)
{
    return !strncmp(prop->type, "child<", 6);
}

static QObject *property_get_child(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    char *path = object_get_canonical_path(prop->opaque);
    QString *qs = qstring_from_str(path ? path : "");

    g_free(path);
    return QOBJECT(qs);
}

static Object *property_resolve_child(Object *obj, void *opaque,
                                      const char *part)
{
    return opaque;
}

static void property_release_child(Object *obj, const char *name, void *opaque)
{
    Object *child = opaque;

    if (child->class->unparent) {
        child->class->unparent(child);
    }
    child->parent = NULL;
    object_unref(child);
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    char *type;
    ObjectProperty *prop;

    if (child->parent) {
        fprintf(stderr, "qom: object of type '%s' already has a parent\n",
                object_get_typename(child));
        abort();
    }
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    prop = object_property_add(obj, name, type, property_get_child, NULL,
                               property_release_child, child);
    g_free(type);
    prop->resolve = property_resolve_child;
    object_ref(child);
    child->parent = obj;
    return prop;
}

void object_property_del_child(Object *obj, Object *child)
{
    GHashTableIter iter;
    ObjectProperty *prop;

    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&prop)) {
        if (object_property_is_child(prop) && prop->opaque == child) {
            property_remove(obj, prop);
            return;
        }
    }
}

/* link<> */

typedef struct LinkProperty {
    Object **targetp; /* instance links */
    ptrdiff_t offset; /* class links */
    bool is_class;
    char *target_type;
    void (*check)(const Object *, const char *, Object *, Error **);
    ObjectPropertyLinkFlags flags;
} LinkProperty;

static Object **link_targetp(Object *obj, LinkProperty *lp)
{
    return lp->is_class ? (Object **)((char *)obj + lp->offset) : lp->targetp;
}

static QObject *property_get_link(Object *obj, ObjectProperty *prop,
                                  Error **errp)
{
    Object *target = *link_targetp(obj, prop->opaque);
    char *path = target ? object_get_canonical_path(target) : NULL;
    QString *qs = qstring_from_str(path ? path : "");

    g_free(path);
    return QOBJECT(qs);
}

static Object *link_resolve_path(const char *name, const char *path,
                                 const char *type, Error **errp)
{
    bool ambiguous = false;
    Object *target = object_resolve_path_type(path, type, &ambiguous);

    if (ambiguous) {
        error_setg(errp, "Path '%s' does not uniquely identify an object",
                   path);
        return NULL;
    }
    if (!target) {
        if (object_resolve_path(path, &ambiguous) || ambiguous) {
            error_setg(errp, QERR_INVALID_PARAMETER_TYPE, name, type);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return target;
}

static bool link_store(Object *obj, ObjectProperty *prop, Object *target,
                       Error **errp)
{
    LinkProperty *lp = prop->opaque;
    Object **targetp = link_targetp(obj, lp);
    Object *old = *targetp;
    Error *err = NULL;

    if (target && !object_dynamic_cast(target, lp->target_type)) {
        error_setg(errp, QERR_INVALID_PARAMETER_TYPE, prop->name,
                   lp->target_type);
        return false;
    }
    lp->check(obj, prop->name, target, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(target);
        *targetp = target;
        object_unref(old);
    } else {
        *targetp = target;
    }
    return true;
}

static bool property_set_link(Object *obj, ObjectProperty *prop, QObject *value,
                              Error **errp)
{
    LinkProperty *lp = prop->opaque;
    const char *path;
    Object *target = NULL;

    if (!qobject_prop_get_str(prop->name, value, &path, errp)) {
        return false;
    }
    if (*path) {
        target = link_resolve_path(prop->name, path, lp->target_type, errp);
        if (!target) {
            return false;
        }
    }
    return link_store(obj, prop, target, errp);
}

static Object *property_resolve_link(Object *obj, void *opaque,
                                     const char *part)
{
    return *link_targetp(obj, opaque);
}

static void property_release_link(Object *obj, const char *name, void *opaque)
{
    LinkProperty *lp = opaque;

    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        Object **targetp = link_targetp(obj, lp);
        object_unref(*targetp);
        *targetp = NULL;
    }
    if (!lp->is_class) {
        g_free(lp->target_type);
        g_free(lp);
    }
}

void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp)
{
}

static LinkProperty *link_new(const char *type,
                              void (*check)(const Object *, const char *,
                                            Object *, Error **),
                              ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = g_new0(LinkProperty, 1);

    lp->target_type = g_strdup(type);
    lp->check = check;
    lp->flags = flags;
    return lp;
}

ObjectProperty *
object_property_add_link(Object *obj, const char *name, const char *type,
                         Object **targetp,
                         void (*check)(const Object *obj, const char *name,
                                       Object *val, Error **errp),
                         ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = link_new(type, check, flags);
    char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *prop;

    lp->targetp = targetp;
    prop = object_property_add(obj, name, full_type, property_get_link,
                               check ? property_set_link : NULL,
                               property_release_link, lp);
    prop->resolve = property_resolve_link;
    g_free(full_type);
    return prop;
}

ObjectProperty *object_class_property_add_link(
    ObjectClass *klass, const char *name, const char *type, ptrdiff_t offset,
    void (*check)(const Object *obj, const char *name, Object *val,
                  Error **errp),
    ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = link_new(type, check, flags);
    char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *prop;

    lp->is_class = true;
    lp->offset = offset;
    prop = object_class_property_add(klass, name, full_type, property_get_link,
                                     check ? property_set_link : NULL,
                                     property_release_link, lp);
    prop->resolve = property_resolve_link;
    g_free(full_type);
    return prop;
}

bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    /* Store directly so objects outside the tree can be linked too. */
    if (prop->get == property_get_link) {
        if (!prop->set) {
            error_setg(errp, QERR_PERMISSION_DENIED);
            return false;
        }
        return link_store(obj, prop, value, errp);
    }
    if (value) {
        char *path = object_get_canonical_path(value);
        bool ok;

        if (!path) {
            error_setg(errp,
                       "Object of type '%s' is not in the composition "
                       "tree",
                       object_get_typename(value));
            return false;
        }
        ok = object_property_set_str(obj, name, path, errp);
        g_free(path);
        return ok;
    }
    return object_property_set_str(obj, name, "", errp);
}

Object *object_property_get_link(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    char *path;
    Object *target = NULL;

    if (!prop) {
        return NULL;
    }
    if (prop->get == property_get_link) {
        return *link_targetp(obj, prop->opaque);
    }
    path = object_property_get_str(obj, name, errp);
    if (path && *path) {
        target = object_resolve_path(path, NULL);
        if (!target) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    g_free(path);
    return target;
}

/* Aliases.  */

typedef struct AliasProperty {
    Object *target_obj;
    char *target_name;
} AliasProperty;

static QObject *property_get_alias(Object *obj, ObjectProperty *prop,
                                   Error **errp)
{
    AliasProperty *ap = prop->opaque;

    return object_property_get_qobject(ap->target_obj, ap->target_name, errp);
}

static bool property_set_alias(Object *obj, ObjectProperty *prop,
                               QObject *value, Error **errp)
{
    AliasProperty *ap = prop->opaque;

    return object_property_set_qobject(ap->target_obj, ap->target_name, value,
                                       errp);
}

static Object *property_resolve_alias(Object *obj, void *opaque,
                                      const char *part)
{
    AliasProperty *ap = opaque;

    return object_resolve_path_component(ap->target_obj, ap->target_name);
}

static void property_release_alias(Object *obj, const char *name, void *opaque)
{
    AliasProperty *ap = opaque;

    g_free(ap->target_name);
    g_free(ap);
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name)
{
    ObjectProperty *target =
        object_property_find_err(target_obj, target_name, &error_abort);
    AliasProperty *ap = g_new0(AliasProperty, 1);
    ObjectProperty *prop;
    char *type;

    ap->target_obj = target_obj;
    ap->target_name = g_strdup(target_name);
    /* An alias of a child is a link: the alias does not own the child. */
    if (object_property_is_child(target)) {
        type = g_strdup_printf("link%s", target->type + strlen("child"));
    } else {
        type = g_strdup(target->type);
    }
    prop = object_property_add(
        obj, name, type, target->get ? property_get_alias : NULL,
        target->set ? property_set_alias : NULL, property_release_alias, ap);
    g_free(type);
    prop->resolve = target->resolve ? property_resolve_alias : NULL;
    prop->enum_names = target->enum_names;
    prop->string_input = target->string_input;
    prop->defval = target->defval ? qobject_ref(target->defval) : NULL;
    prop->description = g_strdup(target->description);
    return prop;
}

/* The "type" property every object has. */
char *object_type_get_name_prop(Object *obj, Error **errp)
{
    return g_strdup(object_get_typename(obj));
}
