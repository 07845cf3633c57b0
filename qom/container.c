/*
 * The composition tree: the root object, containers created on demand,
 * canonical paths and path resolution (absolute and partial).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qom/object.h"
#include "qom/object-internal.h"

static const TypeInfo container_info = {
    .name = TYPE_CONTAINER,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

static void container_register_types(void)
{
    type_register_static(&container_info);
}

type_init(container_register_types)

    Object *object_get_root(void)
{
    static Object *root;

    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

Object *container_get(Object *root, const char *path)
{
    char **parts = g_strsplit(path, "/", 0);
    Object *obj = root;

    for (int i = 0; parts[i]; i++) {
        Object *child;

        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    g_strfreev(parts);
    return obj;
}

Object *object_get_container(const char *name)
{
    return container_get(object_get_root(), name);
}

Object *object_get_objects_root(void)
{
    return object_get_container("objects");
}

const char *object_get_canonical_path_component(const Object *obj)
{
    GHashTableIter iter;
    ObjectProperty *prop;

    if (!obj->parent) {
        return NULL;
    }
    g_hash_table_iter_init(&iter, obj->parent->properties);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&prop)) {
        if (object_property_is_child(prop) && prop->opaque == obj) {
            return prop->name;
        }
    }
    return NULL;
}

char *object_get_canonical_path(const Object *obj)
{
    Object *root = object_get_root();
    char *path = NULL;

    if (obj == root) {
        return g_strdup("/");
    }
    do {
        const char *component = object_get_canonical_path_component(obj);
        char *newpath;

        if (!component) {
            g_free(path);
            return NULL; /* not (completely) in the tree */
        }
        newpath = g_strdup_printf("/%s%s", component, path ? path : "");
        g_free(path);
        path = newpath;
        obj = obj->parent;
    } while (obj != root);
    return path;
}

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    if (!prop || !prop->resolve) {
        return NULL;
    }
    return prop->resolve(parent, prop->opaque, part);
}

static Object *resolve_abs(Object *parent, char **parts, const char *type)
{
    for (; *parts; parts++) {
        if (!**parts) {
            continue;
        }
        parent = object_resolve_path_component(parent, *parts);
        if (!parent) {
            return NULL;
        }
    }
    return object_dynamic_cast(parent, type);
}

/* Match the path below any object of the tree; two matches: ambiguous. */
static Object *resolve_partial(Object *parent, char **parts, const char *type,
                               bool *ambiguous)
{
    Object *obj = resolve_abs(parent, parts, type);
    GHashTableIter iter;
    ObjectProperty *prop;

    g_hash_table_iter_init(&iter, parent->properties);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&prop)) {
        Object *found;

        if (!object_property_is_child(prop)) {
            continue;
        }
        found = resolve_partial(prop->opaque, parts, type, ambiguous);
        if (found) {
            if (obj && obj != found) {
                *ambiguous = true;
                return NULL;
            }
            obj = found;
        }
        if (*ambiguous) {
            return NULL;
        }
    }
    return obj;
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous)
{
    char **parts = g_strsplit(path, "/", 0);
    bool ambig = false;
    Object *obj;

    if (!parts[0] || *parts[0]) {
        obj = resolve_partial(object_get_root(), parts, typename, &ambig);
    } else {
        obj = resolve_abs(object_get_root(), parts + 1, typename);
    }
    g_strfreev(parts);
    if (ambiguous) {
        *ambiguous = ambig;
    }
    return obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

static int child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque, bool recurse)
{
    GHashTableIter iter;
    ObjectProperty *prop;
    GPtrArray *children = g_ptr_array_new();
    int ret = 0;

    /* Snapshot with references: fn may unparent children. */
    g_hash_table_iter_init(&iter, obj->properties);
    while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&prop)) {
        if (object_property_is_child(prop)) {
            g_ptr_array_add(children, object_ref(prop->opaque));
        }
    }
    for (guint i = 0; i < children->len && !ret; i++) {
        Object *child = g_ptr_array_index(children, i);

        ret = fn(child, opaque);
        if (!ret && recurse) {
            ret = child_foreach(child, fn, opaque, true);
        }
    }
    for (guint i = 0; i < children->len; i++) {
        object_unref(g_ptr_array_index(children, i));
    }
    g_ptr_array_free(children, true);
    return ret;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    return child_foreach(obj, fn, opaque, false);
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    return child_foreach(obj, fn, opaque, true);
}
