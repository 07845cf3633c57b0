/*
 * QOM: types, classes, interfaces, casts, properties, the composition
 * tree, -global, and the Error API.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qobject.h"
#include "qom/object.h"
#include <sys/wait.h>

/* A log of init/finalize calls, to check their order. */
static GString *trace;

static void tr(const char *s)
{
    if (trace->len) {
        g_string_append_c(trace, ' ');
    }
    g_string_append(trace, s);
}

#define TYPE_ANIMAL "animal"
#define TYPE_DOG "dog"
#define TYPE_PUPPY "puppy"
#define TYPE_CAT "cat"
#define TYPE_BARKER "barker"
#define TYPE_LOUD "loud"

typedef struct Animal {
    Object parent_obj;
    uint8_t legs;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    char *name;
    bool fed;
    int mood;
    Object *friend;
    Object *weak;
} Animal;

typedef struct AnimalClass {
    ObjectClass parent_class;
    const char *sound;
    int base_inits;
} AnimalClass;

typedef struct BarkerClass {
    InterfaceClass parent_class;
    const char *(*bark)(Object *obj);
} BarkerClass;

#define ANIMAL(obj) OBJECT_CHECK(Animal, obj, TYPE_ANIMAL)
#define ANIMAL_CLASS(k) OBJECT_CLASS_CHECK(AnimalClass, k, TYPE_ANIMAL)
#define ANIMAL_GET_CLASS(o) OBJECT_GET_CLASS(AnimalClass, o, TYPE_ANIMAL)
#define BARKER_GET_CLASS(o) OBJECT_GET_CLASS(BarkerClass, o, TYPE_BARKER)
#define BARKER_CLASS(k) OBJECT_CLASS_CHECK(BarkerClass, k, TYPE_BARKER)

static const char *const mood_names[] = { "calm", "happy", "angry", NULL };

static bool animal_get_fed(Object *obj, Error **errp)
{
    return ANIMAL(obj)->fed;
}

static void animal_set_fed(Object *obj, bool v, Error **errp)
{
    ANIMAL(obj)->fed = v;
}

static char *animal_get_name(Object *obj, Error **errp)
{
    return g_strdup(ANIMAL(obj)->name);
}

static void animal_set_name(Object *obj, const char *v, Error **errp)
{
    if (!strcmp(v, "bad")) {
        error_setg(errp, "name 'bad' refused");
        return;
    }
    g_free(ANIMAL(obj)->name);
    ANIMAL(obj)->name = g_strdup(v);
}

static int animal_get_mood(Object *obj, Error **errp)
{
    return ANIMAL(obj)->mood;
}

static void animal_set_mood(Object *obj, int v, Error **errp)
{
    ANIMAL(obj)->mood = v;
}

static void animal_class_base_init(ObjectClass *k, void *data)
{
    ANIMAL_CLASS(k)->base_inits++;
    tr("animal_base_init");
}

static void animal_class_init(ObjectClass *k, void *data)
{
    ANIMAL_CLASS(k)->sound = "...";
    tr("animal_class_init");
    object_class_property_add_bool(k, "fed", animal_get_fed, animal_set_fed);
    object_class_property_add_str(k, "name", animal_get_name,
                                  animal_set_name);
    object_class_property_set_description(k, "name", "What to call it");
    object_class_property_add_enum(k, "mood", "Mood", mood_names,
                                   animal_get_mood, animal_set_mood);
    object_class_property_add_link(k, "friend", TYPE_ANIMAL,
                                   offsetof(Animal, friend),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
}

static void animal_init(Object *obj)
{
    Animal *a = ANIMAL(obj);

    tr("animal_init");
    a->legs = 4;
    object_property_add_uint8_ptr(obj, "legs", &a->legs,
                                  OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &a->u16,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32", &a->u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &a->u64, OBJ_PROP_FLAG_READ);
    object_property_add_link(obj, "weak", TYPE_ANIMAL, &a->weak,
                             object_property_allow_set_link, 0);
}

static void animal_post_init(Object *obj)
{
    tr("animal_post_init");
}

static void animal_finalize(Object *obj)
{
    tr("animal_finalize");
    g_free(ANIMAL(obj)->name);
}

static void dog_class_init(ObjectClass *k, void *data)
{
    tr("dog_class_init");
    ANIMAL_CLASS(k)->sound = data;
}

static const char *dog_bark(Object *obj)
{
    return "woof";
}

static void dog_class_init_barker(ObjectClass *k, void *data)
{
    dog_class_init(k, data);
    BARKER_CLASS(k)->bark = dog_bark;
}

static void dog_init(Object *obj)
{
    tr("dog_init");
}

static void dog_post_init(Object *obj)
{
    tr("dog_post_init");
}

static void dog_finalize(Object *obj)
{
    tr("dog_finalize");
}

static void puppy_init(Object *obj)
{
    tr("puppy_init");
}

static void puppy_finalize(Object *obj)
{
    tr("puppy_finalize");
}

static void puppy_class_init(ObjectClass *k, void *data)
{
    tr("puppy_class_init");
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_ANIMAL,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Animal),
        .instance_init = animal_init,
        .instance_post_init = animal_post_init,
        .instance_finalize = animal_finalize,
        .class_size = sizeof(AnimalClass),
        .class_init = animal_class_init,
        .class_base_init = animal_class_base_init,
        .abstract = true,
    },
    {
        .name = TYPE_BARKER,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(BarkerClass),
    },
    {
        .name = TYPE_LOUD,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
    },
    {
        .name = TYPE_DOG,
        .parent = TYPE_ANIMAL,
        .instance_init = dog_init,
        .instance_post_init = dog_post_init,
        .instance_finalize = dog_finalize,
        .class_init = dog_class_init_barker,
        .class_data = (void *)"woof",
        .interfaces = (const InterfaceInfo[]){ { TYPE_BARKER }, {} },
    },
    {
        .name = TYPE_PUPPY,
        .parent = TYPE_DOG,
        .instance_init = puppy_init,
        .instance_finalize = puppy_finalize,
        .class_init = puppy_class_init,
        .interfaces = (const InterfaceInfo[]){ { TYPE_LOUD }, {} },
    },
    {
        .name = TYPE_CAT,
        .parent = TYPE_ANIMAL,
    },
};

DEFINE_TYPES(test_types)

static char *err_text(Error *err)
{
    char *s = g_strdup(err ? error_get_pretty(err) : "(no error)");

    error_free(err);
    return s;
}

#define assert_error(err, expected)                                            \
    do {                                                                       \
        char *_s = err_text(err);                                              \
        g_assert_cmpstr(_s, ==, expected);                                     \
        g_free(_s);                                                            \
        err = NULL;                                                            \
    } while (0)

/* Types and classes.  */

static void test_class_init_order(void)
{
    ObjectClass *k;
    AnimalClass *ac;

    g_string_truncate(trace, 0);
    k = object_class_by_name(TYPE_PUPPY);
    g_assert_nonnull(k);
    /* parents first; base_init of ancestors before each class_init */
    g_assert_cmpstr(trace->str, ==,
                    "animal_class_init animal_base_init dog_class_init "
                    "animal_base_init puppy_class_init");
    ac = ANIMAL_CLASS(k);
    g_assert_cmpstr(ac->sound, ==, "woof");     /* copied from dog */
    g_assert_cmpint(ac->base_inits, ==, 2);     /* dog's, then puppy's */
    g_assert_cmpstr(ANIMAL_CLASS(object_class_by_name(TYPE_ANIMAL))->sound,
                    ==, "...");
    g_assert_cmpstr(ANIMAL_CLASS(object_class_by_name(TYPE_CAT))->sound, ==,
                    "...");
    g_assert_true(object_class_get_parent(k) ==
                  object_class_by_name(TYPE_DOG));
    g_assert_cmpstr(object_class_get_name(k), ==, "puppy");
    g_assert_null(object_class_by_name("no-such-type"));
    g_assert_true(object_class_is_abstract(object_class_by_name(TYPE_ANIMAL)));
    g_assert_false(object_class_is_abstract(k));
}

static void test_class_list(void)
{
    GSList *l = object_class_get_list_sorted(TYPE_ANIMAL, false);
    GString *names = g_string_new(NULL);

    for (GSList *e = l; e; e = e->next) {
        g_string_append_printf(names, "%s ", object_class_get_name(e->data));
    }
    g_assert_cmpstr(names->str, ==, "cat dog puppy ");
    g_slist_free(l);
    g_string_truncate(names, 0);
    l = object_class_get_list_sorted(TYPE_ANIMAL, true);
    for (GSList *e = l; e; e = e->next) {
        g_string_append_printf(names, "%s ", object_class_get_name(e->data));
    }
    g_assert_cmpstr(names->str, ==, "animal cat dog puppy ");
    g_slist_free(l);
    g_string_truncate(names, 0);
    l = object_class_get_list_sorted(TYPE_BARKER, false);
    for (GSList *e = l; e; e = e->next) {
        g_string_append_printf(names, "%s ", object_class_get_name(e->data));
    }
    g_assert_cmpstr(names->str, ==, "dog puppy ");
    g_slist_free(l);
    g_string_free(names, true);
}

static void test_instance_lifecycle(void)
{
    Object *obj;

    object_class_by_name(TYPE_PUPPY);
    g_string_truncate(trace, 0);
    obj = object_new(TYPE_PUPPY);
    g_assert_cmpstr(trace->str, ==,
                    "animal_init dog_init puppy_init dog_post_init "
                    "animal_post_init");
    g_assert_cmpint(obj->ref, ==, 1);
    g_assert_cmpstr(object_get_typename(obj), ==, "puppy");
    g_assert_true(object_ref(obj) == obj);
    g_assert_cmpint(obj->ref, ==, 2);
    object_unref(obj);
    g_string_truncate(trace, 0);
    object_unref(obj);
    g_assert_cmpstr(trace->str, ==,
                    "puppy_finalize dog_finalize animal_finalize");
    g_assert_null(object_ref(NULL));
    object_unref(NULL);
}

static void test_embedded_child(void)
{
    Object *parent = object_new(TYPE_DOG);
    Animal child;
    char *path;

    object_initialize_child(parent, "pup", &child, sizeof(child), TYPE_PUPPY);
    g_assert_cmpint(OBJECT(&child)->ref, ==, 1);
    g_assert_true(OBJECT(&child)->parent == parent);
    g_assert_true(object_resolve_path_component(parent, "pup") ==
                  OBJECT(&child));
    g_assert_cmpstr(object_property_get_type(parent, "pup", &error_abort),
                    ==, "child<puppy>");
    path = object_get_canonical_path(OBJECT(&child));
    g_assert_null(path);             /* parent is not in the tree */
    g_string_truncate(trace, 0);
    object_unref(parent);
    /* properties (and so children) go before the parent's finalize */
    g_assert_cmpstr(trace->str, ==,
                    "puppy_finalize dog_finalize animal_finalize "
                    "dog_finalize animal_finalize");
}

static void test_casts(void)
{
    Object *dog = object_new(TYPE_DOG);
    Object *puppy = object_new(TYPE_PUPPY);
    Object *cat = object_new(TYPE_CAT);
    ObjectClass *ic;

    g_assert_true(object_dynamic_cast(dog, TYPE_ANIMAL) == dog);
    g_assert_true(object_dynamic_cast(dog, TYPE_OBJECT) == dog);
    g_assert_true(object_dynamic_cast(puppy, TYPE_DOG) == puppy);
    g_assert_null(object_dynamic_cast(dog, TYPE_PUPPY));
    g_assert_null(object_dynamic_cast(cat, TYPE_DOG));
    g_assert_null(object_dynamic_cast(dog, "no-such-type"));
    g_assert_null(object_dynamic_cast(NULL, TYPE_DOG));
    /* interfaces: the object itself; inherited by subclasses */
    g_assert_true(object_dynamic_cast(dog, TYPE_BARKER) == dog);
    g_assert_true(object_dynamic_cast(puppy, TYPE_BARKER) == puppy);
    g_assert_true(object_dynamic_cast(puppy, TYPE_LOUD) == puppy);
    g_assert_null(object_dynamic_cast(dog, TYPE_LOUD));
    g_assert_null(object_dynamic_cast(cat, TYPE_BARKER));
    g_assert_true(object_dynamic_cast(dog, TYPE_INTERFACE) == dog);
    ic = object_class_dynamic_cast(object_get_class(puppy), TYPE_BARKER);
    g_assert_nonnull(ic);
    g_assert_true(((InterfaceClass *)ic)->concrete_class ==
                  object_get_class(puppy));
    g_assert_cmpstr(BARKER_GET_CLASS(puppy)->bark(puppy), ==, "woof");
    g_assert_true(ANIMAL(dog) == (Animal *)dog);
    g_assert_true(ANIMAL_GET_CLASS(cat) ==
                  (AnimalClass *)object_class_by_name(TYPE_CAT));
    object_unref(dog);
    object_unref(puppy);
    object_unref(cat);
}

static void test_bad_cast_aborts(void)
{
    if (g_test_subprocess()) {
        Object *cat = object_new(TYPE_CAT);
        OBJECT_CHECK(Animal, cat, TYPE_DOG);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*test_bad_cast_aborts: Object * (type 'cat') "
                              "is not an instance of type 'dog'*");
}

static void test_abstract_refused(void)
{
    if (g_test_subprocess()) {
        object_new(TYPE_ANIMAL);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(
        "*cannot instantiate abstract type 'animal'*");
}

/* Properties.  */

static void test_prop_bool_str_enum(void)
{
    Object *obj = object_new(TYPE_DOG);
    Error *err = NULL;
    char *s;

    g_assert_false(object_property_get_bool(obj, "fed", &error_abort));
    g_assert_true(object_property_set_bool(obj, "fed", true, &error_abort));
    g_assert_true(ANIMAL(obj)->fed);
    g_assert_true(object_property_parse(obj, "fed", "off", &error_abort));
    g_assert_false(ANIMAL(obj)->fed);
    g_assert_true(object_property_parse(obj, "fed", "yes", &error_abort));
    g_assert_true(ANIMAL(obj)->fed);
    g_assert_false(object_property_parse(obj, "fed", "maybe", &err));
    assert_error(err, "Parameter 'fed' expects 'on' or 'off'");
    g_assert_false(object_property_set_int(obj, "fed", 1, &err));
    assert_error(err, "Invalid parameter type for 'fed', expected: boolean");

    g_assert_true(object_property_set_str(obj, "name", "rex", &error_abort));
    s = object_property_get_str(obj, "name", &error_abort);
    g_assert_cmpstr(s, ==, "rex");
    g_free(s);
    g_assert_false(object_property_set_str(obj, "name", "bad", &err));
    assert_error(err, "name 'bad' refused");
    g_assert_cmpstr(ANIMAL(obj)->name, ==, "rex");
    g_assert_false(object_property_set_bool(obj, "name", true, &err));
    assert_error(err, "Invalid parameter type for 'name', expected: string");
    g_assert_false(object_property_get_bool(obj, "name", &err));
    assert_error(err, "Invalid parameter type for 'name', expected: boolean");
    s = object_property_print(obj, "name", &error_abort);
    g_assert_cmpstr(s, ==, "\"rex\"");
    g_free(s);

    g_assert_cmpstr(object_property_get_type(obj, "mood", &error_abort), ==,
                    "Mood");
    g_assert_true(object_property_find(obj, "mood")->enum_names ==
                  mood_names);
    g_assert_true(object_property_parse(obj, "mood", "angry", &error_abort));
    g_assert_cmpint(ANIMAL(obj)->mood, ==, 2);
    s = object_property_get_str(obj, "mood", &error_abort);
    g_assert_cmpstr(s, ==, "angry");
    g_free(s);
    g_assert_false(object_property_parse(obj, "mood", "sad", &err));
    assert_error(err, "Parameter 'mood' does not accept value 'sad'");

    g_assert_null(object_property_get_type(obj, "nope", &err));
    assert_error(err, "Property 'dog.nope' not found");
    g_assert_false(object_property_parse(obj, "nope", "1", &err));
    assert_error(err, "Property 'dog.nope' not found");
    g_assert_cmpstr(object_property_find(obj, "name")->description, ==,
                    "What to call it");
    s = object_property_get_str(obj, "type", &error_abort);
    g_assert_cmpstr(s, ==, "dog");
    g_free(s);
    g_assert_false(object_property_set_str(obj, "type", "cat", &err));
    assert_error(err, "Insufficient permission to perform this operation");
    object_unref(obj);
}

static void test_prop_integers(void)
{
    Object *obj = object_new(TYPE_DOG);
    Animal *a = ANIMAL(obj);
    Error *err = NULL;
    char *s;

    g_assert_cmpuint(object_property_get_uint(obj, "legs", &error_abort), ==,
                     4);
    g_assert_cmpint(object_property_get_int(obj, "legs", &error_abort), ==,
                    4);
    g_assert_true(object_property_set_uint(obj, "legs", 255, &error_abort));
    g_assert_cmpuint(a->legs, ==, 255);
    g_assert_false(object_property_set_uint(obj, "legs", 256, &err));
    assert_error(err, "Parameter 'legs' expects uint8_t");
    g_assert_false(object_property_set_int(obj, "u16", -1, &err));
    assert_error(err, "Parameter 'u16' expects uint16_t");
    g_assert_true(object_property_parse(obj, "u16", "0x1234", &error_abort));
    g_assert_cmpuint(a->u16, ==, 0x1234);
    g_assert_true(object_property_parse(obj, "u32", "010", &error_abort));
    g_assert_cmpuint(a->u32, ==, 8);
    /* the -global flavour and the -device flavour of the messages */
    g_assert_false(object_property_parse(obj, "u32", "foo", &err));
    assert_error(err, "Parameter 'u32' expects uint64");
    g_assert_false(object_property_parse_keyval(obj, "u32", "foo", &err));
    assert_error(err, "Parameter 'u32' expects integer");
    g_assert_false(object_property_parse(obj, "u32", "-1", &err));
    assert_error(err, "Parameter 'u32' expects uint32_t");
    g_assert_false(object_property_parse_keyval(obj, "u32", "0x100000000",
                                                &err));
    assert_error(err, "Parameter 'u32' expects uint32_t");
    g_assert_false(object_property_parse_keyval(
        obj, "u32", "99999999999999999999", &err));
    assert_error(err, "Parameter 'u32' expects integer");
    g_assert_false(object_property_parse_keyval(obj, "u32", "", &err));
    assert_error(err, "Parameter 'u32' expects integer");
    g_assert_false(object_property_set_str(obj, "u32", "5", &err));
    assert_error(err, "Invalid parameter type for 'u32', expected: integer");
    g_assert_cmpuint(a->u32, ==, 8);
    s = object_property_print(obj, "u32", &error_abort);
    g_assert_cmpstr(s, ==, "8 (0x8)");
    g_free(s);
    a->u64 = UINT64_MAX;
    g_assert_cmpuint(object_property_get_uint(obj, "u64", &error_abort), ==,
                     UINT64_MAX);
    g_assert_cmpint(object_property_get_int(obj, "u64", &err), ==, -1);
    assert_error(err, "Invalid parameter type for 'u64', expected: int");
    g_assert_false(object_property_set_uint(obj, "u64", 1, &err));
    assert_error(err, "Insufficient permission to perform this operation");
    object_unref(obj);
}

static void test_prop_dynamic(void)
{
    Object *obj = object_new(TYPE_CAT);
    uint32_t v = 7;
    ObjectProperty *prop;
    ObjectPropertyIterator iter;
    GPtrArray *names = g_ptr_array_new();
    int n;

    prop = object_property_add_uint32_ptr(obj, "slot[*]", &v,
                                          OBJ_PROP_FLAG_READ);
    g_assert_cmpstr(prop->name, ==, "slot[0]");
    prop = object_property_add_uint32_ptr(obj, "slot[*]", &v,
                                          OBJ_PROP_FLAG_READ);
    g_assert_cmpstr(prop->name, ==, "slot[1]");
    object_property_del(obj, "slot[0]");
    g_assert_null(object_property_find(obj, "slot[0]"));
    prop = object_property_add_uint32_ptr(obj, "slot[*]", &v,
                                          OBJ_PROP_FLAG_READ);
    g_assert_cmpstr(prop->name, ==, "slot[0]");
    object_property_set_description(obj, "slot[0]", "a slot");
    g_assert_cmpstr(prop->description, ==, "a slot");

    /* iteration covers instance and class properties, once each */
    object_property_iter_init(&iter, obj);
    n = 0;
    while ((prop = object_property_iter_next(&iter))) {
        g_ptr_array_add(names, prop->name);
        n++;
    }
    g_assert_cmpint(n, ==, 12);
    g_ptr_array_free(names, true);
    object_unref(obj);
}

static void test_prop_duplicate_aborts(void)
{
    if (g_test_subprocess()) {
        Object *obj = object_new(TYPE_CAT);
        uint8_t v;
        object_property_add_uint8_ptr(obj, "fed", &v, OBJ_PROP_FLAG_READ);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*attempt to add duplicate property 'fed' to "
                              "object (type 'cat')*");
}

/* Tree, links, aliases.  */

static Object *tree_add(Object *parent, const char *name, const char *type)
{
    Object *o = object_new(type);

    object_property_add_child(parent, name, o);
    object_unref(o);
    return o;
}

static void test_tree_paths(void)
{
    Object *root = object_get_root();
    Object *zoo = container_get(root, "/zoo/north");
    Object *rex, *tom, *pup, *south, *tom2;
    bool ambiguous;
    char *path;

    g_assert_true(container_get(root, "/zoo/north") == zoo);
    g_assert_true(object_resolve_path("/zoo", NULL) == zoo->parent);
    path = object_get_canonical_path(zoo);
    g_assert_cmpstr(path, ==, "/zoo/north");
    g_free(path);
    path = object_get_canonical_path(root);
    g_assert_cmpstr(path, ==, "/");
    g_free(path);
    rex = tree_add(zoo, "rex", TYPE_DOG);
    pup = tree_add(rex, "pup", TYPE_PUPPY);
    tom = tree_add(zoo, "tom", TYPE_CAT);
    g_assert_cmpstr(object_get_canonical_path_component(rex), ==, "rex");
    path = object_get_canonical_path(pup);
    g_assert_cmpstr(path, ==, "/zoo/north/rex/pup");
    g_free(path);

    g_assert_true(object_resolve_path("/zoo/north/rex/pup", &ambiguous) ==
                  pup);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("//zoo//north/rex/", NULL) == rex);
    g_assert_null(object_resolve_path("/zoo/north/nobody", NULL));
    g_assert_null(object_resolve_path_type("/zoo/north/tom", TYPE_DOG, NULL));
    g_assert_true(object_resolve_path_type("/zoo/north/tom", TYPE_ANIMAL,
                                           NULL) == tom);
    /* partial paths */
    g_assert_true(object_resolve_path("pup", &ambiguous) == pup);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("rex/pup", &ambiguous) == pup);
    g_assert_true(object_resolve_path("north/tom", &ambiguous) == tom);
    g_assert_null(object_resolve_path("nobody", &ambiguous));
    g_assert_false(ambiguous);
    south = container_get(root, "/zoo/south");
    tom2 = tree_add(south, "tom", TYPE_CAT);
    g_assert_null(object_resolve_path("tom", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_true(object_resolve_path("south/tom", &ambiguous) == tom2);
    g_assert_false(ambiguous);
    /* type filter can disambiguate: only one dog matches "[ot]*" paths */
    g_assert_true(object_resolve_path_type("rex", TYPE_BARKER, &ambiguous) ==
                  rex);
    g_assert_cmpstr(object_property_get_type(zoo, "rex", &error_abort), ==,
                    "child<dog>");
    path = object_property_get_str(zoo, "rex", &error_abort);
    g_assert_cmpstr(path, ==, "/zoo/north/rex");
    g_free(path);

    /* unparent finalizes the subtree */
    g_string_truncate(trace, 0);
    object_unparent(rex);
    g_assert_cmpstr(trace->str, ==,
                    "puppy_finalize dog_finalize animal_finalize "
                    "dog_finalize animal_finalize");
    g_assert_null(object_resolve_path("pup", NULL));
    object_unparent(container_get(root, "/zoo"));
    g_assert_null(object_resolve_path("/zoo", NULL));
}

static int count_child(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    return 0;
}

static int stop_at_two(Object *child, void *opaque)
{
    return ++(*(int *)opaque) == 2 ? 42 : 0;
}

static void test_child_foreach(void)
{
    Object *top = container_get(object_get_root(), "/fe");
    int n = 0;

    tree_add(tree_add(top, "a", TYPE_DOG), "a1", TYPE_CAT);
    tree_add(top, "b", TYPE_CAT);
    tree_add(top, "c", TYPE_CAT);
    g_assert_cmpint(object_child_foreach(top, count_child, &n), ==, 0);
    g_assert_cmpint(n, ==, 3);
    n = 0;
    g_assert_cmpint(object_child_foreach_recursive(top, count_child, &n), ==,
                    0);
    g_assert_cmpint(n, ==, 4);
    n = 0;
    g_assert_cmpint(object_child_foreach(top, stop_at_two, &n), ==, 42);
    g_assert_cmpint(n, ==, 2);
    object_unparent(top);
}

static void test_links(void)
{
    Object *top = container_get(object_get_root(), "/links");
    Object *rex = tree_add(top, "rex", TYPE_DOG);
    Object *tom = tree_add(top, "tom", TYPE_CAT);
    Object *loose = object_new(TYPE_CAT);
    Error *err = NULL;
    char *s;

    g_assert_cmpstr(object_property_get_type(rex, "friend", &error_abort), ==,
                    "link<animal>");
    s = object_property_get_str(rex, "friend", &error_abort);
    g_assert_cmpstr(s, ==, "");
    g_free(s);
    g_assert_cmpint(tom->ref, ==, 1);
    g_assert_true(object_property_parse(rex, "friend", "/links/tom",
                                        &error_abort));
    g_assert_true(ANIMAL(rex)->friend == tom);
    g_assert_cmpint(tom->ref, ==, 2);            /* strong link */
    s = object_property_get_str(rex, "friend", &error_abort);
    g_assert_cmpstr(s, ==, "/links/tom");
    g_free(s);
    g_assert_true(object_property_get_link(rex, "friend", &error_abort) ==
                  tom);
    g_assert_true(object_resolve_path("/links/rex/friend", NULL) == tom);
    g_assert_false(object_property_parse(rex, "friend", "/links/nobody",
                                         &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    assert_error(err, "Device '/links/nobody' not found");
    g_assert_false(object_property_parse(rex, "friend", "/links", &err));
    assert_error(err, "Invalid parameter type for 'friend', expected: animal");
    g_assert_true(ANIMAL(rex)->friend == tom);
    g_assert_true(object_property_set_link(rex, "friend", loose,
                                           &error_abort));
    g_assert_cmpint(tom->ref, ==, 1);
    g_assert_cmpint(loose->ref, ==, 2);
    g_assert_true(object_property_set_link(rex, "friend", NULL,
                                           &error_abort));
    g_assert_cmpint(loose->ref, ==, 1);
    /* weak link: no reference taken */
    g_assert_true(object_property_set_link(rex, "weak", tom, &error_abort));
    g_assert_cmpint(tom->ref, ==, 1);
    g_assert_false(object_property_set_link(rex, "weak", top, &err));
    assert_error(err, "Invalid parameter type for 'weak', expected: animal");
    object_property_set_link(rex, "weak", NULL, &error_abort);
    /* ambiguous partial path */
    tree_add(tree_add(top, "x", TYPE_CAT), "tom", TYPE_CAT);
    g_assert_false(object_property_parse(rex, "friend", "tom", &err));
    assert_error(err, "Path 'tom' does not uniquely identify an object");
    g_assert_true(object_property_parse(rex, "friend", "x/tom",
                                        &error_abort));
    object_property_set_link(rex, "friend", NULL, &error_abort);
    object_unref(loose);
    object_unparent(top);
}

static void test_alias(void)
{
    Object *top = container_get(object_get_root(), "/alias");
    Object *rex = tree_add(top, "rex", TYPE_DOG);
    Object *tom = tree_add(rex, "tom", TYPE_CAT);
    Object *holder = tree_add(top, "holder", TYPE_CAT);
    Error *err = NULL;

    object_property_add_alias(holder, "dogname", rex, "name");
    object_property_add_alias(holder, "pet", rex, "tom");
    object_property_add_alias(holder, "dogmood", rex, "mood");
    g_assert_cmpstr(object_property_get_type(holder, "dogname", &error_abort),
                    ==, "str");
    g_assert_cmpstr(object_property_find(holder, "dogname")->description, ==,
                    "What to call it");
    g_assert_true(object_property_parse(holder, "dogname", "max",
                                        &error_abort));
    g_assert_cmpstr(ANIMAL(rex)->name, ==, "max");
    g_assert_false(object_property_parse(holder, "dogmood", "x", &err));
    assert_error(err, "Parameter 'mood' does not accept value 'x'");
    g_assert_cmpstr(object_property_get_type(holder, "pet", &error_abort), ==,
                    "link<cat>");
    g_assert_true(object_resolve_path("/alias/holder/pet", NULL) == tom);
    g_assert_true(tom->parent == rex);
    object_unparent(top);
}

/* -global.  */

static void test_globals(void)
{
    Object *obj;
    Error *err = NULL;
    char *buf = NULL;
    size_t len;
    FILE *f;

    object_reset_globals();
    object_register_global(TYPE_ANIMAL, "legs", "3");
    object_register_global(TYPE_DOG, "legs", "5");
    object_register_global(TYPE_CAT, "name", "felix");
    object_register_global("nosuchtype", "x", "1");
    obj = object_new(TYPE_PUPPY);
    g_assert_true(object_apply_global_props(obj, &error_abort));
    g_assert_cmpuint(ANIMAL(obj)->legs, ==, 5);   /* last given wins */
    object_unref(obj);
    object_register_global(TYPE_DOG, "legs", "many");
    obj = object_new(TYPE_DOG);
    g_assert_false(object_apply_global_props(obj, &err));
    assert_error(err, "can't apply global dog.legs=many: Parameter 'legs' "
                      "expects uint64");
    f = open_memstream(&buf, &len);
    error_set_output(f);
    g_assert_true(object_apply_global_props(obj, NULL));
    object_check_globals_used();
    error_set_output(NULL);
    fclose(f);
    g_assert_cmpstr(buf, ==,
                    "qemu-system-x86_64: warning: can't apply global "
                    "dog.legs=many: Parameter 'legs' expects uint64\n"
                    "qemu-system-x86_64: warning: global cat.name has "
                    "invalid class name\n"
                    "qemu-system-x86_64: warning: global nosuchtype.x has "
                    "invalid class name\n");
    free(buf);
    object_unref(obj);
    object_reset_globals();
}

/* Error API.  */

static void test_error_report(void)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    Error *err = NULL;

    error_set_output(f);
    error_report("plain %d", 1);
    loc_set_cmdline("-m", "foo");
    error_report("bad size");
    warn_report("careful");
    info_report("fyi");
    loc_set_cmdline("-nographic", NULL);
    error_setg(&err, "first");
    error_append_hint(&err, "hint line 1\n");
    error_append_hint(&err, "hint %s\n", "line 2");
    error_prepend(&err, "while %s: ", "testing");
    error_report_err(err);
    loc_set_none();
    err = NULL;
    error_setg_errno(&err, ENOENT, "open '%s'", "x");
    warn_report_err(err);
    error_set_output(NULL);
    fclose(f);
    g_assert_cmpstr(buf, ==,
                    "qemu-system-x86_64: plain 1\n"
                    "qemu-system-x86_64: -m foo: bad size\n"
                    "qemu-system-x86_64: -m foo: warning: careful\n"
                    "qemu-system-x86_64: -m foo: info: fyi\n"
                    "qemu-system-x86_64: -nographic: while testing: first\n"
                    "hint line 1\nhint line 2\n"
                    "qemu-system-x86_64: warning: open 'x': No such file or "
                    "directory\n");
    free(buf);
}

static void test_error_objects(void)
{
    Error *err = NULL, *copy;

    error_setg(NULL, "ignored");
    error_set(&err, ERROR_CLASS_KVM_MISSING_CAP, "cap %d", 5);
    error_setg(&err, "second error is dropped");
    g_assert_cmpstr(error_get_pretty(err), ==, "cap 5");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_KVM_MISSING_CAP);
    copy = error_copy(err);
    error_free_or_abort(&err);
    g_assert_null(err);
    g_assert_cmpstr(error_get_pretty(copy), ==, "cap 5");
    error_propagate(&err, copy);
    g_assert_true(err == copy);
    error_propagate(&err, NULL);
    error_free(err);
    g_assert_cmpstr(error_class_name(ERROR_CLASS_GENERIC_ERROR), ==,
                    "GenericError");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_COMMAND_NOT_FOUND), ==,
                    "CommandNotFound");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_DEVICE_NOT_ACTIVE), ==,
                    "DeviceNotActive");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_DEVICE_NOT_FOUND), ==,
                    "DeviceNotFound");
    g_assert_cmpstr(error_class_name(ERROR_CLASS_KVM_MISSING_CAP), ==,
                    "KVMMissingCap");
}

static void test_error_fatal(void)
{
    if (g_test_subprocess()) {
        loc_set_cmdline("-smp", "x");
        error_setg(&error_fatal, "fatal %s", "thing");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(
        "qemu-system-x86_64: -smp x: fatal thing\n");
}

static void test_error_abort(void)
{
    if (g_test_subprocess()) {
        error_setg(&error_abort, "oops");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("Unexpected error in test_error_abort() at "
                              "*test-qom.c:*:\nqemu-system-x86_64: oops\n");
}

static void test_error_fatal_exit_code(void)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        FILE *null = fopen("/dev/null", "w");
        error_set_output(null);
        error_setg(&error_fatal, "bye");
        _exit(99);
    }
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    trace = g_string_new(NULL);
    g_test_add_func("/qom/class-init-order", test_class_init_order);
    g_test_add_func("/qom/class-list", test_class_list);
    g_test_add_func("/qom/instance-lifecycle", test_instance_lifecycle);
    g_test_add_func("/qom/embedded-child", test_embedded_child);
    g_test_add_func("/qom/casts", test_casts);
    g_test_add_func("/qom/bad-cast-aborts", test_bad_cast_aborts);
    g_test_add_func("/qom/abstract-refused", test_abstract_refused);
    g_test_add_func("/qom/prop/bool-str-enum", test_prop_bool_str_enum);
    g_test_add_func("/qom/prop/integers", test_prop_integers);
    g_test_add_func("/qom/prop/dynamic", test_prop_dynamic);
    g_test_add_func("/qom/prop/duplicate-aborts", test_prop_duplicate_aborts);
    g_test_add_func("/qom/tree/paths", test_tree_paths);
    g_test_add_func("/qom/tree/child-foreach", test_child_foreach);
    g_test_add_func("/qom/tree/links", test_links);
    g_test_add_func("/qom/tree/alias", test_alias);
    g_test_add_func("/qom/globals", test_globals);
    g_test_add_func("/error/report", test_error_report);
    g_test_add_func("/error/objects", test_error_objects);
    g_test_add_func("/error/fatal", test_error_fatal);
    g_test_add_func("/error/abort", test_error_abort);
    g_test_add_func("/error/fatal-exit-code", test_error_fatal_exit_code);
    return g_test_run();
}
