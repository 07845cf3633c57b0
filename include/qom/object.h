/*
 * The object model (QOM).
 *
 * A type has a name, a parent, a class struct (shared, created lazily the
 * first time the type is used: the parent's class is copied, then every
 * class_init from the root down runs) and an instance struct whose first
 * member is the parent's instance struct.  Interfaces are abstract types a
 * class can implement; casting an object to an interface yields the object.
 *
 * Properties are the one way to configure an object.  A property has a name,
 * a type string ("bool", "int64", "uint32", "size", "str", enum names,
 * "link<TYPE>", "child<TYPE>") and get/set callbacks that exchange QObject
 * values (QBool, QNum, QString, ...), so the command line, -global and QMP
 * all go through the same code.  object_property_parse() turns a command line
 * string into the right QObject for the property's type.
 *
 * Objects form a composition tree through "child<...>" properties:
 * /machine, /machine/peripheral/ID, /machine/unattached/device[N], ...
 *
 * Types register themselves from their own file:
 *     static const TypeInfo serial_info = { ... };
 *     static void serial_register_types(void) { type_register_static(&..); }
 *     type_init(serial_register_types)
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include "qemu/osdep.h"

typedef struct QObject QObject;
typedef struct TypeImpl *Type;
typedef struct ObjectClass ObjectClass;
typedef struct Object Object;
typedef struct ObjectProperty ObjectProperty;
typedef struct InterfaceClass InterfaceClass;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"

typedef void ObjectUnparent(Object *obj);
typedef void ObjectFree(void *obj);

struct ObjectClass {
    Type type;
    GSList *interfaces;              /* InterfaceClass * this class has  */
    GHashTable *properties;          /* name -> ObjectProperty *         */
    ObjectUnparent *unparent;
};

struct Object {
    ObjectClass *class;
    ObjectFree *free;                /* g_free for object_new, else NULL */
    GHashTable *properties;          /* name -> ObjectProperty *         */
    uint32_t ref;
    Object *parent;                  /* in the composition tree          */
};

typedef struct InterfaceInfo {
    const char *type;
} InterfaceInfo;

struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class;     /* the class implementing it */
    Type interface_type;
};

typedef struct TypeInfo {
    const char *name;
    const char *parent;
    size_t instance_size;            /* 0: same as parent */
    size_t instance_align;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    bool abstract;
    size_t class_size;               /* 0: same as parent */
    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;
    const InterfaceInfo *interfaces; /* terminated by { } */
} TypeInfo;

/* Property callbacks.  Getters return a new reference.  */
typedef QObject *ObjectPropertyAccessor(Object *obj, ObjectProperty *prop,
                                        Error **errp);
typedef bool ObjectPropertySetter(Object *obj, ObjectProperty *prop,
                                  QObject *value, Error **errp);
typedef void ObjectPropertyRelease(Object *obj, const char *name,
                                   void *opaque);
typedef void ObjectPropertyInit(Object *obj, ObjectProperty *prop);
/* For path resolution: the object a child/link/alias property leads to. */
typedef Object *ObjectPropertyResolve(Object *obj, void *opaque,
                                      const char *part);

struct ObjectProperty {
    char *name;
    char *type;
    char *description;
    ObjectPropertyAccessor *get;
    ObjectPropertySetter *set;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;        /* class props: runs at instance init */
    void *opaque;
    QObject *defval;                 /* default, for introspection */
    const char *const *enum_names;   /* for enum-typed properties, NULL-term */
    ObjectPropertyResolve *resolve;  /* child<>, link<> and their aliases */
    /*
     * object_property_parse() hands the setter the raw QString instead of
     * converting by type (e.g. pci-devfn: type "int32", accepts "06.0").
     */
    bool string_input;
};

/* Casts.  OBJECT_CHECK aborts with a clear message on a bad cast.  */
#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(class) ((ObjectClass *)(class))
#define OBJECT_CHECK(type, obj, name)                                          \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), __FILE__,        \
                                        __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, class, name)                            \
    ((class_type *)object_class_dynamic_cast_assert(                           \
        OBJECT_CLASS(class), (name), __FILE__, __LINE__, __func__))
#define OBJECT_GET_CLASS(class, obj, name)                                     \
    OBJECT_CLASS_CHECK(class, object_get_class(OBJECT(obj)), name)

/*
 * OBJECT_DECLARE_TYPE(SerialState, SerialClass, SERIAL) declares the
 * typedefs and the SERIAL(obj), SERIAL_CLASS(k), SERIAL_GET_CLASS(obj)
 * casts for type TYPE_SERIAL.
 */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME)          \
    typedef struct InstanceType InstanceType;                                  \
    typedef struct ClassType ClassType;                                        \
    G_GNUC_UNUSED static inline InstanceType *MODULE_OBJ_NAME(const void *obj) \
    {                                                                          \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME);        \
    }                                                                          \
    G_GNUC_UNUSED static inline ClassType *MODULE_OBJ_NAME##_GET_CLASS(        \
        const void *obj)                                                       \
    {                                                                          \
        return OBJECT_GET_CLASS(ClassType, obj, TYPE_##MODULE_OBJ_NAME);       \
    }                                                                          \
    G_GNUC_UNUSED static inline ClassType *MODULE_OBJ_NAME##_CLASS(            \
        const void *klass)                                                     \
    {                                                                          \
        return OBJECT_CLASS_CHECK(ClassType, klass, TYPE_##MODULE_OBJ_NAME);   \
    }

#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME)              \
    typedef struct InstanceType InstanceType;                                  \
    G_GNUC_UNUSED static inline InstanceType *MODULE_OBJ_NAME(const void *obj) \
    {                                                                          \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME);        \
    }

/* Registration.  type_init functions run before main().  */
#define type_init(function)                                                    \
    static void __attribute__((constructor)) do_qemu_init_##function(void)     \
    {                                                                          \
        function();                                                            \
    }
Type type_register_static(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, int nr_infos);
#define DEFINE_TYPES(type_array)                                               \
    static void do_qemu_init_##type_array(void)                                \
    {                                                                          \
        type_register_static_array(type_array, ARRAY_SIZE(type_array));        \
    }                                                                          \
    type_init(do_qemu_init_##type_array)

/* Instances.  */
Object *object_new(const char *typename);  /* aborts on unknown/abstract */
Object *object_new_with_class(ObjectClass *klass);
void object_initialize(void *data, size_t size, const char *typename);
/* Initialize an embedded child and add it as property NAME of parent.  */
void object_initialize_child(Object *parent, const char *name, void *child,
                             size_t size, const char *type);
Object *object_ref(void *obj);
void object_unref(void *obj);
void object_unparent(Object *obj);

/* Type queries.  */
ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);
const char *object_class_get_name(ObjectClass *klass);
ObjectClass *object_class_by_name(const char *typename);
ObjectClass *object_class_get_parent(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);
/* All classes implementing IMPLEMENTS_TYPE (NULL: all), sorted by name.  */
GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract);
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);

/* Properties: adding.  The object owns nothing passed as opaque.  */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertySetter *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertySetter *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);
void object_property_del(Object *obj, const char *name);
void object_property_set_description(Object *obj, const char *name,
                                     const char *description);
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);

/* Typed convenience adders (getter or setter may be NULL).  */
ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool,
                                                     Error **));
ObjectProperty *object_class_property_add_bool(
    ObjectClass *klass, const char *name, bool (*get)(Object *, Error **),
    void (*set)(Object *, bool, Error **));
ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **));
ObjectProperty *object_class_property_add_str(
    ObjectClass *klass, const char *name, char *(*get)(Object *, Error **),
    void (*set)(Object *, const char *, Error **));
/* enum: value is an index into names (NULL-terminated).  */
ObjectProperty *object_class_property_add_enum(
    ObjectClass *klass, const char *name, const char *typename,
    const char *const *names, int (*get)(Object *, Error **),
    void (*set)(Object *, int, Error **));
/* Read-only (or read-write) views of integer fields.  */
typedef enum {
    OBJ_PROP_FLAG_READ = 1 << 0,
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    OBJ_PROP_FLAG_READWRITE = 3,
} ObjectPropertyFlags;
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               const uint16_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               const uint32_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               const uint64_t *v,
                                               ObjectPropertyFlags flags);
/* child<TYPE>: takes a reference on child and sets child->parent.  */
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);
/*
 * link<TYPE>: *targetp points at an Object * field of obj.  The link is
 * set from a path (or object_property_set_link); check may refuse the new
 * target; check NULL makes the link read-only, pass
 * object_property_allow_set_link to allow any target of the right type.
 */
typedef enum {
    OBJ_PROP_LINK_STRONG = 1 << 0,   /* the link holds a reference */
} ObjectPropertyLinkFlags;
void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);
ObjectProperty *object_property_add_link(
    Object *obj, const char *name, const char *type, Object **targetp,
    void (*check)(const Object *obj, const char *name, Object *val,
                  Error **errp),
    ObjectPropertyLinkFlags flags);
/* Class variant: the Object * field is at offset in the instance. */
ObjectProperty *object_class_property_add_link(
    ObjectClass *klass, const char *name, const char *type, ptrdiff_t offset,
    void (*check)(const Object *obj, const char *name, Object *val,
                  Error **errp),
    ObjectPropertyLinkFlags flags);
ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name);

/* Properties: looking up and iterating (instance first, then class chain). */
ObjectProperty *object_property_find(Object *obj, const char *name);
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);
typedef struct ObjectPropertyIterator {
    ObjectClass *nextclass;
    GHashTableIter iter;
} ObjectPropertyIterator;
void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/* Properties: getting and setting.  */
QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp);
bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);
bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp);
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp);
Object *object_property_get_link(Object *obj, const char *name, Error **errp);
/*
 * Set from a command-line string, converted by the property type:
 * bool takes on/off/yes/no/true/false; integers take decimal, 0x hex and
 * negative numbers with range checks; "size" takes k/M/G/T suffixes;
 * links take a path; everything else is passed as a string.
 * Errors read like QEMU's: "Parameter 'iobase' expects uint32".
 */
bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp);
/*
 * The same for -device/-object key=value options, whose messages differ a
 * little, as in QEMU: "expects integer", "expects size".
 */
bool object_property_parse_keyval(Object *obj, const char *name,
                                  const char *string, Error **errp);

/*
 * For setters: take a C value out of a QObject with QEMU's messages
 * ("Invalid parameter type for 'x', expected: integer", "Parameter 'x'
 * expects uint32_t").  ctype names the C type for range errors.
 */
bool qobject_prop_get_bool(const char *name, QObject *v, bool *out,
                           Error **errp);
bool qobject_prop_get_int(const char *name, QObject *v, int64_t min,
                          int64_t max, const char *ctype, int64_t *out,
                          Error **errp);
bool qobject_prop_get_uint(const char *name, QObject *v, uint64_t max,
                           const char *ctype, uint64_t *out, Error **errp);
/* Borrowed string of a QString. */
bool qobject_prop_get_str(const char *name, QObject *v, const char **out,
                          Error **errp);
/* Index of a QString in a NULL-terminated name table. */
bool qobject_prop_get_enum(const char *name, QObject *v,
                           const char *const *names, int *out, Error **errp);
/*
 * Human-readable value as "info qtree" shows it: bool true/false, integers
 * "4 (0x4)", sizes "2147483648 (2 GiB)", strings quoted.  Caller frees.
 */
char *object_property_print(Object *obj, const char *name, Error **errp);
const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp);

/* Composition tree.  */
Object *object_get_root(void);
Object *object_get_objects_root(void);          /* /objects */
Object *object_get_container(const char *name); /* /NAME, created */
Object *container_get(Object *root, const char *path); /* mkdir -p */
char *object_get_canonical_path(const Object *obj);
const char *object_get_canonical_path_component(const Object *obj);
/* Absolute path, or a partial path matched anywhere (ambiguous: NULL). */
Object *object_resolve_path(const char *path, bool *ambiguous);
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);
Object *object_resolve_path_component(Object *parent, const char *part);
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

#define TYPE_CONTAINER "container"

/* -global driver.prop=value: applied to every new instance of driver. */
typedef struct GlobalProperty {
    const char *driver;
    const char *property;
    const char *value;
    bool used;
} GlobalProperty;
void object_register_global(const char *driver, const char *property,
                            const char *value);
/*
 * Applies matching globals to obj in registration order (called by device
 * instance post-init).  errp NULL: failures become warnings.
 */
bool object_apply_global_props(Object *obj, Error **errp);
/*
 * Globals never used by any instance: warn like QEMU does ("global X.y has
 * invalid class name", "global X.y=v not used").
 */
void object_check_globals_used(void);
void object_reset_globals(void);     /* for tests */

#endif
