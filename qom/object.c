/*
 * QOM core: the type registry, lazy class creation, interfaces, casts and
 * the instance life cycle (init, post_init, refcount, finalize).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qom/object.h"
#include "qom/object-internal.h"

#define MAX_INTERFACES 32

typedef struct TypeImpl TypeImpl;

struct TypeImpl {
    char *name;
    char *parent;
    TypeImpl *parent_type;
    size_t class_size;
    size_t instance_size;
    size_t instance_align;
    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    bool abstract;
    int num_interfaces;
    char *interfaces[MAX_INTERFACES];
    ObjectClass *class;
};

static GHashTable *type_table(void)
{
    static GHashTable *table;

    if (!table) {
        table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return table;
}

static TypeImpl *type_new(const TypeInfo *info)
{
    TypeImpl *ti = g_new0(TypeImpl, 1);
    int i;

    if (!info->name) {
        fprintf(stderr, "qom: type registered without a name\n");
        abort();
    }
    if (g_hash_table_lookup(type_table(), info->name)) {
        fprintf(stderr, "qom: type '%s' is already registered\n", info->name);
        abort();
    }
    ti->name = g_strdup(info->name);
    ti->parent = g_strdup(info->parent);
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->instance_align = info->instance_align;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;
    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        assert(i < MAX_INTERFACES);
        ti->interfaces[i] = g_strdup(info->interfaces[i].type);
    }
    ti->num_interfaces = i;
    return ti;
}

static TypeImpl *type_register_internal(const TypeInfo *info)
{
    TypeImpl *ti = type_new(info);

    g_hash_table_insert(type_table(), ti->name, ti);
    return ti;
}

Type type_register_static(const TypeInfo *info)
{
    return type_register_internal(info);
}

void type_register_static_array(const TypeInfo *infos, int nr_infos)
{
    for (int i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

static TypeImpl *type_get_by_name(const char *name)
{
    return name ? g_hash_table_lookup(type_table(), name) : NULL;
}

static TypeImpl *type_get_parent(TypeImpl *ti)
{
    if (ti->parent && !ti->parent_type) {
        ti->parent_type = type_get_by_name(ti->parent);
        if (!ti->parent_type) {
            fprintf(stderr, "qom: type '%s' has unknown parent '%s'\n",
                    ti->name, ti->parent);
            abort();
        }
    }
    return ti->parent_type;
}

static size_t type_class_size(TypeImpl *ti)
{
    if (ti->class_size) {
        return ti->class_size;
    }
    return type_get_parent(ti) ? type_class_size(ti->parent_type)
                               : sizeof(ObjectClass);
}

static size_t type_object_size(TypeImpl *ti)
{
    if (ti->instance_size) {
        return ti->instance_size;
    }
    return type_get_parent(ti) ? type_object_size(ti->parent_type) : 0;
}

static bool type_is_ancestor(TypeImpl *type, TypeImpl *target)
{
    for (; type; type = type_get_parent(type)) {
        if (type == target) {
            return true;
        }
    }
    return false;
}

static void type_initialize(TypeImpl *ti);

/*
 * The hidden "TYPE::IFACE" class that records ti implements iface.  Its
 * parent is the parent type's implementation (parent_impl) when the
 * interface is inherited, so method pointers set there are inherited too.
 */
static void type_initialize_interface(TypeImpl *ti, TypeImpl *iface,
                                      TypeImpl *parent_impl)
{
    TypeInfo info = {0};
    TypeImpl *iface_impl;
    InterfaceClass *ic;
    char *name = g_strdup_printf("%s::%s", ti->name, iface->name);

    info.name = name;
    info.parent = parent_impl ? parent_impl->name : iface->name;
    info.abstract = true;
    iface_impl = type_get_by_name(name);
    if (!iface_impl) {
        iface_impl = type_register_internal(&info);
    }
    g_free(name);
    type_initialize(iface_impl);
    ic = (InterfaceClass *)iface_impl->class;
    ic->concrete_class = ti->class;
    ic->interface_type = iface;
    ti->class->interfaces =
        g_slist_append(ti->class->interfaces, iface_impl->class);
}

static void type_initialize(TypeImpl *ti)
{
    TypeImpl *parent;
    size_t class_size;

    if (ti->class) {
        return;
    }
    class_size = type_class_size(ti);
    ti->instance_size = type_object_size(ti);
    if (ti->instance_size == 0) {
        ti->abstract = true;
    }
    if (type_is_ancestor(ti, type_get_by_name(TYPE_INTERFACE))) {
        assert(ti->instance_size == 0);
        assert(ti->num_interfaces == 0);
        ti->abstract = true;
    }
    ti->class = g_malloc0(class_size);
    parent = type_get_parent(ti);
    if (parent) {
        type_initialize(parent);
        assert(parent->class_size <= class_size);
        memcpy(ti->class, parent->class, parent->class_size);
        ti->class->interfaces = NULL;
        for (GSList *e = parent->class->interfaces; e; e = e->next) {
            InterfaceClass *ic = e->data;
            type_initialize_interface(ti, ic->interface_type,
                                      OBJECT_CLASS(ic)->type);
        }
        for (int i = 0; i < ti->num_interfaces; i++) {
            TypeImpl *t = type_get_by_name(ti->interfaces[i]);
            bool have = false;

            if (!t) {
                fprintf(stderr,
                        "qom: type '%s' implements unknown "
                        "interface '%s'\n",
                        ti->name, ti->interfaces[i]);
                abort();
            }
            for (GSList *e = ti->class->interfaces; e; e = e->next) {
                ObjectClass *k = e->data;
                if (type_is_ancestor(k->type, t)) {
                    have = true;
                }
            }
            if (!have) {
                type_initialize_interface(ti, t, NULL);
            }
        }
    }
    ti->class_size = class_size;
    ti->class->properties = g_hash_table_new(g_str_hash, g_str_equal);
    ti->class->type = ti;

    for (TypeImpl *p = parent; p; p = type_get_parent(p)) {
        if (p->class_base_init) {
            p->class_base_init(ti->class, ti->class_data);
        }
    }
    if (ti->class_init) {
        ti->class_init(ti->class, ti->class_data);
    }
}

/* Instances.  */

static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    if (type_get_parent(ti)) {
        object_init_with_type(obj, ti->parent_type);
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

/* Like QEMU: the most derived post_init first, then its parents'. */
static void object_post_init_with_type(Object *obj, TypeImpl *ti)
{
    if (ti->instance_post_init) {
        ti->instance_post_init(obj);
    }
    if (type_get_parent(ti)) {
        object_post_init_with_type(obj, ti->parent_type);
    }
}

static void object_class_property_init_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, obj->class);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

static void object_initialize_with_type(Object *obj, size_t size, TypeImpl *ti)
{
    type_initialize(ti);
    if (ti->abstract) {
        fprintf(stderr, "qom: cannot instantiate abstract type '%s'\n",
                ti->name);
        abort();
    }
    assert(size >= ti->instance_size);
    memset(obj, 0, ti->instance_size);
    obj->class = ti->class;
    obj->ref = 1;
    obj->properties = g_hash_table_new(g_str_hash, g_str_equal);
    object_class_property_init_all(obj);
    object_init_with_type(obj, ti);
    object_post_init_with_type(obj, ti);
}

static TypeImpl *type_get_or_die(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        fprintf(stderr, "qom: unknown type '%s'\n", typename);
        abort();
    }
    return ti;
}

void object_initialize(void *data, size_t size, const char *typename)
{
    object_initialize_with_type(data, size, type_get_or_die(typename));
}

static void object_free_aligned(void *p)
{
    free(p);
}

static Object *object_new_with_type(TypeImpl *ti)
{
    Object *obj;
    size_t align;
    void *mem;

    type_initialize(ti);
    align = MAX(ti->instance_align, sizeof(void *) * 2);
    if (ti->abstract) {
        fprintf(stderr, "qom: cannot instantiate abstract type '%s'\n",
                ti->name);
        abort();
    }
    if (align > sizeof(void *) * 2) {
        if (posix_memalign(&mem, align, ti->instance_size)) {
            abort();
        }
        obj = mem;
        object_initialize_with_type(obj, ti->instance_size, ti);
        obj->free = object_free_aligned;
    } else {
        obj = g_malloc(ti->instance_size);
        object_initialize_with_type(obj, ti->instance_size, ti);
        obj->free = g_free;
    }
    return obj;
}

Object *object_new(const char *typename)
{
    return object_new_with_type(type_get_or_die(typename));
}

Object *object_new_with_class(ObjectClass *klass)
{
    return object_new_with_type(klass->type);
}

void object_initialize_child(Object *parent, const char *name, void *child,
                             size_t size, const char *type)
{
    object_initialize(child, size, type);
    object_property_add_child(parent, name, OBJECT(child));
    /* The child property now holds the only reference. */
    object_unref(child);
}

static void object_deinit(Object *obj, TypeImpl *ti)
{
    if (ti->instance_finalize) {
        ti->instance_finalize(obj);
    }
    if (type_get_parent(ti)) {
        object_deinit(obj, ti->parent_type);
    }
}

static void object_finalize(Object *obj)
{
    ObjectFree *free_fn = obj->free;

    object_property_del_all(obj);
    object_deinit(obj, obj->class->type);
    g_hash_table_destroy(obj->properties);
    obj->properties = NULL;
    assert(obj->ref == 0);
    if (free_fn) {
        free_fn(obj);
    }
}

Object *object_ref(void *objptr)
{
    Object *obj = objptr;

    if (obj) {
        g_assert(obj->ref > 0);
        obj->ref++;
    }
    return obj;
}

void object_unref(void *objptr)
{
    Object *obj = objptr;

    if (!obj) {
        return;
    }
    g_assert(obj->ref > 0);
    if (--obj->ref == 0) {
        object_finalize(obj);
    }
}

void object_unparent(Object *obj)
{
    if (obj->parent) {
        object_property_del_child(obj->parent, obj);
    }
}

/* Type queries.  */

ObjectClass *object_get_class(Object *obj)
{
    return obj->class;
}

const char *object_get_typename(const Object *obj)
{
    return obj->class->type->name;
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        return NULL;
    }
    type_initialize(ti);
    return ti->class;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *p = type_get_parent(klass->type);

    if (!p) {
        return NULL;
    }
    type_initialize(p);
    return p->class;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass, const char *typename)
{
    TypeImpl *target;
    ObjectClass *found = NULL;

    if (!klass) {
        return NULL;
    }
    if (!strcmp(klass->type->name, typename)) {
        return klass;
    }
    target = type_get_by_name(typename);
    if (!target) {
        return NULL;
    }
    if (klass->interfaces &&
        type_is_ancestor(target, type_get_by_name(TYPE_INTERFACE))) {
        int found_count = 0;

        for (GSList *e = klass->interfaces; e; e = e->next) {
            ObjectClass *ic = e->data;
            if (type_is_ancestor(ic->type, target)) {
                found = ic;
                found_count++;
            }
        }
        /* More than one match means the cast is ambiguous. */
        return found_count == 1 ? found : NULL;
    }
    if (type_is_ancestor(klass->type, target)) {
        return klass;
    }
    return NULL;
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret;

    if (!klass) {
        return NULL;
    }
    ret = object_class_dynamic_cast(klass, typename);
    if (!ret) {
        fprintf(stderr,
                "%s:%d:%s: Class %p (type '%s') is not a class of type "
                "'%s'\n",
                file, line, func, (void *)klass, klass->type->name, typename);
        abort();
    }
    return ret;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->class, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line, const char *func)
{
    if (obj && !object_dynamic_cast(obj, typename)) {
        fprintf(stderr,
                "%s:%d:%s: Object %p (type '%s') is not an instance of "
                "type '%s'\n",
                file, line, func, (void *)obj, object_get_typename(obj),
                typename);
        abort();
    }
    return obj;
}

typedef struct ClassForeachData {
    void (*fn)(ObjectClass *klass, void *opaque);
    const char *implements_type;
    bool include_abstract;
    void *opaque;
} ClassForeachData;

static gint type_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(a, b);
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    /* Snapshot the names: initializing classes may register new types. */
    GList *names = g_hash_table_get_keys(type_table());

    names = g_list_sort(names, type_name_cmp);
    for (GList *e = names; e; e = e->next) {
        TypeImpl *ti = type_get_by_name(e->data);
        ObjectClass *k;

        if (strstr(ti->name, "::")) {
            continue; /* interface implementation */
        }
        type_initialize(ti);
        k = ti->class;
        if (implements_type && !object_class_dynamic_cast(k, implements_type)) {
            continue;
        }
        if (!include_abstract && ti->abstract) {
            continue;
        }
        fn(k, opaque);
    }
    g_list_free(names);
}

static void class_list_add(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, klass);
}

/* Case-insensitive like QEMU, so "VGA" sorts among the v's. */
static gint class_name_casecmp(gconstpointer a, gconstpointer b)
{
    return strcasecmp(object_class_get_name((ObjectClass *)a),
                      object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract)
{
    GSList *list = NULL;

    object_class_foreach(class_list_add, implements_type, include_abstract,
                         &list);
    return g_slist_sort(list, class_name_casecmp);
}

/* The two root types.  */

static void object_class_init(ObjectClass *klass, void *data)
{
    object_class_property_add_str(klass, "type", object_type_get_name_prop,
                                  NULL);
}

static const TypeInfo object_root_types[] = {
    {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_size = sizeof(ObjectClass),
        .class_init = object_class_init,
        .abstract = true,
    },
    {
        .name = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
        .abstract = true,
    },
};

DEFINE_TYPES(object_root_types)
