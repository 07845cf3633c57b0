/*
 * QObject tests: constructors, conversions, containers, equality.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qobject.h"
#include "qobject/json.h"

#include <math.h>

static void test_null_bool(void)
{
    QNull *n1 = qnull(), *n2 = qnull();
    QBool *t = qbool_from_bool(true), *f = qbool_from_bool(false);

    g_assert_true(n1 == n2);    /* singleton */
    g_assert_cmpint(qobject_type(QOBJECT(n1)), ==, QTYPE_QNULL);
    g_assert_true(qbool_get_bool(t));
    g_assert_false(qbool_get_bool(f));
    g_assert_true(qobject_to(QBool, t) == t);
    g_assert_null(qobject_to(QNum, t));
    g_assert_null(qobject_to(QBool, NULL));
    g_assert_cmpstr(qtype_name(QTYPE_QBOOL), ==, "boolean");
    g_assert_cmpstr(qtype_name(QTYPE_QDICT), ==, "dict");
    qobject_unref(n1);
    qobject_unref(n2);
    qobject_unref(t);
    qobject_unref(f);
    qobject_unref((QObject *)NULL);
}

static void test_qnum(void)
{
    QNum *i = qnum_from_int(-5), *u = qnum_from_uint(UINT64_MAX);
    QNum *d = qnum_from_double(1.5), *big = qnum_from_uint(42);
    int64_t iv;
    uint64_t uv;

    g_assert_true(qnum_get_try_int(i, &iv));
    g_assert_cmpint(iv, ==, -5);
    g_assert_false(qnum_get_try_uint(i, &uv));
    g_assert_false(qnum_get_try_int(u, &iv));
    g_assert_true(qnum_get_try_uint(u, &uv));
    g_assert_cmpuint(uv, ==, UINT64_MAX);
    g_assert_true(qnum_get_try_int(big, &iv));
    g_assert_cmpint(iv, ==, 42);
    g_assert_false(qnum_get_try_int(d, &iv));
    g_assert_false(qnum_get_try_uint(d, &uv));
    g_assert_cmpfloat(qnum_get_double(d), ==, 1.5);
    g_assert_cmpfloat(qnum_get_double(i), ==, -5.0);
    g_assert_cmpfloat(qnum_get_double(u), ==, 18446744073709551615.0);
    g_assert_cmpint(qnum_get_int(big), ==, 42);
    g_assert_cmpuint(qnum_get_uint(big), ==, 42);

    char *s = qnum_to_string(u);
    g_assert_cmpstr(s, ==, "18446744073709551615");
    g_free(s);
    s = qnum_to_string(d);
    g_assert_cmpstr(s, ==, "1.5");
    g_free(s);
    qobject_unref(i);
    qobject_unref(u);
    qobject_unref(d);
    qobject_unref(big);
}

static void test_qstring(void)
{
    QString *qs = qstring_from_str("abc");

    g_assert_cmpstr(qstring_get_str(qs), ==, "abc");
    g_assert_cmpuint(qstring_get_length(qs), ==, 3);
    qstring_append(qs, "def");
    qstring_append_chr(qs, '!');
    for (int k = 0; k < 1000; k++) {
        qstring_append_chr(qs, 'x');
    }
    g_assert_cmpuint(qstring_get_length(qs), ==, 1007);
    g_assert_true(g_str_has_prefix(qstring_get_str(qs), "abcdef!xxx"));
    qobject_unref(qs);

    qs = qstring_from_substr("hello world", 6, 11);
    g_assert_cmpstr(qstring_get_str(qs), ==, "world");
    qobject_unref(qs);
    qs = qstring_new();
    g_assert_cmpstr(qstring_get_str(qs), ==, "");
    qobject_unref(qs);
    GString *gs = g_string_new("from gstring");
    qs = qstring_from_gstring(gs);
    g_assert_cmpstr(qstring_get_str(qs), ==, "from gstring");
    g_assert_cmpuint(qstring_get_length(qs), ==, 12);
    qstring_append(qs, "+");
    g_assert_cmpstr(qstring_get_str(qs), ==, "from gstring+");
    qobject_unref(qs);
}

static void test_qlist(void)
{
    QList *l = qlist_new();
    int64_t expect = 0;

    g_assert_true(qlist_empty(l));
    qlist_append_int(l, 0);
    qlist_append_int(l, 1);
    qlist_append_int(l, 2);
    g_assert_cmpuint(qlist_size(l), ==, 3);
    for (GList *e = qlist_first(l); e; e = e->next) {
        QNum *n = qobject_to(QNum, qlist_entry_obj(e));
        g_assert_cmpint(qnum_get_int(n), ==, expect++);
    }
    QObject *o = qlist_pop(l);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, o)), ==, 0);
    qobject_unref(o);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, qlist_peek(l))), ==, 1);
    qlist_append_str(l, "s");
    qlist_append_bool(l, true);
    qlist_append_null(l);
    qlist_append(l, qlist_new());
    char *s = qobject_to_json(QOBJECT(l));
    g_assert_cmpstr(s, ==, "[1, 2, \"s\", true, null, []]");
    g_free(s);
    /* A shared element survives the list.  */
    QObject *shared = QOBJECT(qstring_from_str("shared"));
    qlist_append_obj(l, qobject_ref(shared));
    qobject_unref(l);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, shared)), ==,
                    "shared");
    qobject_unref(shared);
}

static void test_qdict(void)
{
    QDict *d = qdict_new();
    const char *keys[] = { "zeta", "alpha", "mid" };
    size_t k = 0;

    qdict_put_int(d, "zeta", 1);
    qdict_put_str(d, "alpha", "a");
    qdict_put_bool(d, "mid", true);
    g_assert_cmpuint(qdict_size(d), ==, 3);
    /* Insertion order, both iteration styles.  */
    for (GList *e = qdict_first_key(d); e; e = e->next) {
        g_assert_cmpstr(e->data, ==, keys[k++]);
    }
    k = 0;
    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
        g_assert_cmpstr(qdict_entry_key(e), ==, keys[k++]);
    }
    g_assert_cmpuint(k, ==, 3);

    /* Replacing keeps the position.  */
    qdict_put_int(d, "zeta", 99);
    g_assert_cmpuint(qdict_size(d), ==, 3);
    g_assert_cmpstr(qdict_first(d)->key, ==, "zeta");
    g_assert_cmpint(qdict_get_int(d, "zeta"), ==, 99);

    /* Typed getters.  */
    g_assert_cmpint(qdict_get_try_int(d, "zeta", -1), ==, 99);
    g_assert_cmpint(qdict_get_try_int(d, "alpha", -1), ==, -1);
    g_assert_cmpint(qdict_get_try_int(d, "none", -1), ==, -1);
    g_assert_cmpuint(qdict_get_try_uint(d, "zeta", 0), ==, 99);
    g_assert_true(qdict_get_try_bool(d, "mid", false));
    g_assert_false(qdict_get_try_bool(d, "zeta", false));
    g_assert_cmpstr(qdict_get_try_str(d, "alpha"), ==, "a");
    g_assert_null(qdict_get_try_str(d, "zeta"));
    g_assert_cmpstr(qdict_get_str(d, "alpha"), ==, "a");
    g_assert_true(qdict_get_bool(d, "mid"));
    g_assert_true(qdict_haskey(d, "mid"));
    g_assert_false(qdict_haskey(d, "MID"));
    g_assert_null(qdict_get(d, "x"));
    g_assert_null(qdict_get_qdict(d, "zeta"));
    g_assert_null(qdict_get_qlist(d, "zeta"));

    /* Delete, re-add goes to the end.  */
    qdict_del(d, "zeta");
    qdict_del(d, "nonexistent");
    qdict_put_null(d, "zeta");
    char *s = qobject_to_json(QOBJECT(d));
    g_assert_cmpstr(s, ==, "{\"alpha\": \"a\", \"mid\": true, \"zeta\": null}");
    g_free(s);

    /* Shallow clone shares values.  */
    QDict *c = qdict_clone_shallow(d);
    g_assert_true(qdict_get(c, "alpha") == qdict_get(d, "alpha"));
    g_assert_true(qobject_is_equal(QOBJECT(c), QOBJECT(d)));
    qobject_unref(d);
    g_assert_cmpstr(qdict_get_str(c, "alpha"), ==, "a");
    qobject_unref(c);

    /* Many keys.  */
    d = qdict_new();
    for (int i = 0; i < 5000; i++) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", i);
        qdict_put_int(d, key, i);
    }
    for (int i = 0; i < 5000; i += 2) {
        char key[16];
        snprintf(key, sizeof(key), "k%d", i);
        qdict_del(d, key);
    }
    g_assert_cmpuint(qdict_size(d), ==, 2500);
    g_assert_cmpstr(qdict_first(d)->key, ==, "k1");
    g_assert_cmpint(qdict_get_int(d, "k4999"), ==, 4999);
    qobject_unref(d);
}

static void test_extract_subqdict(void)
{
    QDict *src = qobject_to(QDict, qobject_from_json(
        "{'file.driver': 'file', 'a': 1, 'file.filename': 'x.img'}",
        &error_abort));
    QDict *sub;

    qdict_extract_subqdict(src, &sub, "file.");
    char *s = qobject_to_json(QOBJECT(sub));
    g_assert_cmpstr(s, ==, "{\"driver\": \"file\", \"filename\": \"x.img\"}");
    g_free(s);
    s = qobject_to_json(QOBJECT(src));
    g_assert_cmpstr(s, ==, "{\"a\": 1}");
    g_free(s);
    qobject_unref(src);
    qobject_unref(sub);
}

static void test_equality(void)
{
    static const struct {
        const char *a, *b;
        bool equal;
    } cases[] = {
        { "1", "1", true },
        { "1", "2", false },
        { "1", "1.0", false },      /* int never equals double, as QEMU */
        { "1.5", "1.5", true },
        { "9223372036854775808", "9223372036854775808", true },
        { "-1", "18446744073709551615", false },
        { "\"a\"", "\"a\"", true },
        { "\"a\"", "\"b\"", false },
        { "null", "null", true },
        { "true", "false", false },
        { "[1, [2]]", "[1, [2]]", true },
        { "[1, 2]", "[2, 1]", false },
        { "[1]", "[1, 1]", false },
        { "{'a': 1, 'b': [true]}", "{'b': [true], 'a': 1}", true },
        { "{'a': 1}", "{'a': 1, 'b': 2}", false },
        { "{'a': 1}", "{'a': '1'}", false },
        { "{}", "[]", false },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        QObject *a = qobject_from_json(cases[i].a, &error_abort);
        QObject *b = qobject_from_json(cases[i].b, &error_abort);
        if (qobject_is_equal(a, b) != cases[i].equal ||
            qobject_is_equal(b, a) != cases[i].equal) {
            g_error("%s vs %s", cases[i].a, cases[i].b);
        }
        qobject_unref(a);
        qobject_unref(b);
    }
    /* Signed and unsigned integers compare by value.  */
    QNum *i = qnum_from_int(7), *u = qnum_from_uint(7);
    g_assert_true(qobject_is_equal(QOBJECT(i), QOBJECT(u)));
    qobject_unref(i);
    qobject_unref(u);
    QNum *nan = qnum_from_double(NAN);
    g_assert_false(qobject_is_equal(QOBJECT(nan), QOBJECT(nan)));
    qobject_unref(nan);
    g_assert_false(qobject_is_equal(NULL, QOBJECT(&(QNull){ 0 })));
    g_assert_true(qobject_is_equal(NULL, NULL));
}

static void test_refcount(void)
{
    QDict *d = qdict_new();
    QDict *ref = qobject_ref(d);

    g_assert_true(ref == d);
    g_assert_cmpuint(QOBJECT(d)->base.refcnt, ==, 2);
    qobject_unref(ref);
    g_assert_cmpuint(QOBJECT(d)->base.refcnt, ==, 1);
    qdict_put(d, "self-list", qlist_new());
    qobject_unref(d);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject/null-bool", test_null_bool);
    g_test_add_func("/qobject/qnum", test_qnum);
    g_test_add_func("/qobject/qstring", test_qstring);
    g_test_add_func("/qobject/qlist", test_qlist);
    g_test_add_func("/qobject/qdict", test_qdict);
    g_test_add_func("/qobject/extract-subqdict", test_extract_subqdict);
    g_test_add_func("/qobject/equality", test_equality);
    g_test_add_func("/qobject/refcount", test_refcount);
    return g_test_run();
}
