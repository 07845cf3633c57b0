/*
 * Tests of util/cutils.c (number and size parsing) and QemuOpts.
 * Expected behaviour follows QEMU 7.2.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/error.h"
#include "qemu/option.h"
#include "qobject/json.h"

/* ---- strings ---- */

static void test_pstrcpy(void)
{
    char buf[8];

    pstrcpy(buf, sizeof(buf), "hello world");
    g_assert_cmpstr(buf, ==, "hello w");
    pstrcpy(buf, sizeof(buf), "hi");
    g_assert_cmpstr(buf, ==, "hi");
    pstrcat(buf, sizeof(buf), "12345678");
    g_assert_cmpstr(buf, ==, "hi12345");
    memset(buf, 'x', sizeof(buf));
    pstrcpy(buf, 1, "abc");
    g_assert_cmpint(buf[0], ==, 0);
    g_assert_cmpint(buf[1], ==, 'x');
}

static void test_strstart(void)
{
    const char *rest = NULL;

    g_assert_cmpint(strstart("-device", "-dev", &rest), ==, 1);
    g_assert_cmpstr(rest, ==, "ice");
    rest = NULL;
    g_assert_cmpint(strstart("-dev", "-device", &rest), ==, 0);
    g_assert_null(rest);
    g_assert_cmpint(strstart("abc", "", NULL), ==, 1);
    g_assert_cmpint(stristart("FooBar", "foo", &rest), ==, 1);
    g_assert_cmpstr(rest, ==, "Bar");
}

static void test_id_wellformed(void)
{
    g_assert_true(id_wellformed("a"));
    g_assert_true(id_wellformed("net0.x-y_z"));
    g_assert_false(id_wellformed(""));
    g_assert_false(id_wellformed("1x"));
    g_assert_false(id_wellformed("_x"));
    g_assert_false(id_wellformed("a b"));
    g_assert_false(id_wellformed("a/b"));
}

/* ---- numbers ---- */

static void test_strtoi(void)
{
    const char *end;
    int v;

    g_assert_cmpint(qemu_strtoi("12345", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, 12345);
    g_assert_cmpint(qemu_strtoi("  -5", NULL, 10, &v), ==, 0);
    g_assert_cmpint(v, ==, -5);
    g_assert_cmpint(qemu_strtoi("0x1f", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, 31);
    g_assert_cmpint(qemu_strtoi("0x1f", NULL, 16, &v), ==, 0);
    g_assert_cmpint(v, ==, 31);
    g_assert_cmpint(qemu_strtoi("1f", NULL, 16, &v), ==, 0);
    g_assert_cmpint(v, ==, 31);
    g_assert_cmpint(qemu_strtoi("010", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, 8);
    g_assert_cmpint(qemu_strtoi("010", NULL, 10, &v), ==, 0);
    g_assert_cmpint(v, ==, 10);
    /* Trailing junk: an error unless the caller takes the end.  */
    g_assert_cmpint(qemu_strtoi("0x1f", NULL, 10, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi("12abc", NULL, 10, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi("12abc", &end, 10, &v), ==, 0);
    g_assert_cmpint(v, ==, 12);
    g_assert_cmpstr(end, ==, "abc");
    g_assert_cmpint(qemu_strtoi("12 ", NULL, 10, &v), ==, -EINVAL);
    /* Nothing to parse.  */
    const char *s = "abc";
    g_assert_cmpint(qemu_strtoi(s, &end, 10, &v), ==, -EINVAL);
    g_assert_true(end == s);
    g_assert_cmpint(qemu_strtoi("", NULL, 10, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi("-", NULL, 10, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi(NULL, &end, 10, &v), ==, -EINVAL);
    g_assert_null(end);
    /* Range, clamped.  */
    g_assert_cmpint(qemu_strtoi("2147483647", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("2147483648", NULL, 0, &v), ==, -ERANGE);
    g_assert_cmpint(v, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("-2147483648", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, INT_MIN);
    g_assert_cmpint(qemu_strtoi("-2147483649", NULL, 0, &v), ==, -ERANGE);
    g_assert_cmpint(v, ==, INT_MIN);
    g_assert_cmpint(qemu_strtoi("99999999999999999999999", &end, 0, &v), ==,
                    -ERANGE);
    g_assert_cmpint(v, ==, INT_MAX);
    g_assert_cmpstr(end, ==, "");
}

static void test_strtoui(void)
{
    unsigned int v;

    g_assert_cmpint(qemu_strtoui("4294967295", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("4294967296", NULL, 0, &v), ==, -ERANGE);
    g_assert_cmpuint(v, ==, UINT_MAX);
    /* Negative numbers wrap like strtoul() on a 32-bit host.  */
    g_assert_cmpint(qemu_strtoui("-1", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui(" -321", NULL, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, (unsigned int)-321);
    g_assert_cmpint(qemu_strtoui("-4294967296", NULL, 0, &v), ==, -ERANGE);
    g_assert_cmpuint(v, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("0xffffffff", NULL, 16, &v), ==, 0);
    g_assert_cmpuint(v, ==, 0xffffffffu);
}

static void test_strto64(void)
{
    int64_t i;
    uint64_t u;
    long l;
    unsigned long ul;
    const char *end;

    g_assert_cmpint(qemu_strtoi64("9223372036854775807", NULL, 0, &i), ==, 0);
    g_assert_cmpint(i, ==, INT64_MAX);
    g_assert_cmpint(qemu_strtoi64("9223372036854775808", NULL, 0, &i), ==,
                    -ERANGE);
    g_assert_cmpint(i, ==, INT64_MAX);
    g_assert_cmpint(qemu_strtoi64("-9223372036854775809", NULL, 0, &i), ==,
                    -ERANGE);
    g_assert_cmpint(i, ==, INT64_MIN);
    g_assert_cmpint(qemu_strtoi64("-0x10", NULL, 0, &i), ==, 0);
    g_assert_cmpint(i, ==, -16);

    g_assert_cmpint(qemu_strtou64("18446744073709551615", NULL, 0, &u), ==, 0);
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("18446744073709551616", &end, 0, &u), ==,
                    -ERANGE);
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpstr(end, ==, "");
    g_assert_cmpint(qemu_strtou64("-1", NULL, 0, &u), ==, 0);
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpint(qemu_strtou64("0xFFFFffff00000000", NULL, 16, &u), ==, 0);
    g_assert_cmpuint(u, ==, 0xffffffff00000000ULL);
    g_assert_cmpint(qemu_strtou64("0x", NULL, 0, &u), ==, -EINVAL);
    g_assert_cmpint(qemu_strtou64("0x", &end, 0, &u), ==, 0);
    g_assert_cmpuint(u, ==, 0);
    g_assert_cmpstr(end, ==, "x");

    g_assert_cmpint(qemu_strtol("-42", NULL, 10, &l), ==, 0);
    g_assert_cmpint(l, ==, -42);
    g_assert_cmpint(qemu_strtoul("42", NULL, 10, &ul), ==, 0);
    g_assert_cmpuint(ul, ==, 42);
}

static void test_strtod(void)
{
    double d;
    const char *end;

    g_assert_cmpint(qemu_strtod("1.5", NULL, &d), ==, 0);
    g_assert_cmpfloat(d, ==, 1.5);
    g_assert_cmpint(qemu_strtod("1e400", NULL, &d), ==, -ERANGE);
    g_assert_cmpint(qemu_strtod_finite("inf", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod_finite("nan", &end, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod_finite("2.5x", &end, &d), ==, 0);
    g_assert_cmpfloat(d, ==, 2.5);
    g_assert_cmpstr(end, ==, "x");
}

/* ---- sizes ---- */

typedef struct SizeCase {
    const char *in;
    int ret;
    uint64_t val;
    int end;    /* offset of *end when parsing with an end pointer */
} SizeCase;

static void check_sizes(int (*fn)(const char *, const char **, uint64_t *),
                        const SizeCase *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const SizeCase *c = &cases[i];
        uint64_t v = 0xdeadbeef;
        const char *end = NULL;
        int ret = fn(c->in, NULL, &v);

        if (ret != c->ret || (ret == 0 && v != c->val)) {
            g_error("size '%s': got %d/%" PRIu64 ", want %d/%" PRIu64, c->in,
                    ret, v, c->ret, c->val);
        }
        if (ret != 0) {
            g_assert_cmpuint(v, ==, 0xdeadbeef);    /* untouched */
        }
        if (c->end >= 0) {
            ret = fn(c->in, &end, &v);
            g_assert_cmpint(end - c->in, ==, c->end);
        }
    }
}

static void test_strtosz(void)
{
    static const SizeCase cases[] = {
        { "0", 0, 0, 1 },
        { "12345", 0, 12345, 5 },
        { "1b", 0, 1, 2 },
        { "1B", 0, 1, 2 },
        { "1k", 0, 1024, 2 },
        { "1K", 0, 1024, 2 },
        { "1m", 0, 1048576, 2 },
        { "1M", 0, 1048576, 2 },
        { "1g", 0, 1073741824, 2 },
        { "1G", 0, 1073741824, 2 },
        { "1T", 0, 1099511627776ULL, 2 },
        { "1t", 0, 1099511627776ULL, 2 },
        { "1P", 0, 1125899906842624ULL, 2 },
        { "1E", 0, 1152921504606846976ULL, 2 },
        { "1e", 0, 1152921504606846976ULL, 2 },
        { "15E", 0, 15 * 1152921504606846976ULL, 3 },
        { "1.5G", 0, 1610612736, 4 },
        { "1.5k", 0, 1536, 4 },
        { "0.5k", 0, 512, 4 },
        { "1.k", 0, 1024, 3 },
        { "12.345M", 0, 12944671, 7 },  /* 12944670.72 rounded */
        { "0x10", 0, 16, 4 },
        { "0X1f", 0, 31, 4 },
        { " 12", 0, 12, 3 },
        { "18446744073709551615", 0, UINT64_MAX, 20 },
        /* Rejected.  */
        { "", -EINVAL, 0, 0 },
        { "abc", -EINVAL, 0, 0 },
        { " ", -EINVAL, 0, 0 },
        { "-1", -EINVAL, 0, 0 },
        { "-0", -EINVAL, 0, 0 },
        { "1.5", -EINVAL, 0, 0 },       /* fraction of a byte */
        { "1.5B", -EINVAL, 0, 0 },
        { "1.5e1k", -EINVAL, 0, 0 },    /* exponent */
        { "0x1.8k", -EINVAL, 0, 0 },    /* hex fraction */
        { ".5k", -EINVAL, 0, 0 },
        { "1kz", -EINVAL, 0, 2 },
        { "1 k", -EINVAL, 0, 1 },
        { "1x", -EINVAL, 0, 1 },
        { "1e5", -EINVAL, 0, 2 },
        { "1KiB", -EINVAL, 0, 2 },
        /* Too large.  */
        { "16E", -ERANGE, 0, 3 },
        { "18446744073709551616", -ERANGE, 0, 20 },
        { "16777216T", -ERANGE, 0, 9 },
        { "99999999999999999999999k", -EINVAL, 0, 23 }, /* junk after */
    };
    check_sizes(qemu_strtosz, cases, ARRAY_SIZE(cases));
}

static void test_strtosz_units(void)
{
    static const SizeCase mib[] = {
        { "512", 0, 512 * MiB, 3 },
        { "1.5", 0, 3 * MiB / 2, 3 },
        { "1G", 0, GiB, 2 },
        { "4096B", 0, 4096, 5 },
        { "17592186044416", -ERANGE, 0, 14 },
    };
    static const SizeCase metric[] = {
        { "1k", 0, 1000, 2 },
        { "1.5M", 0, 1500000, 4 },
        { "12345", 0, 12345, 5 },
        { "2G", 0, 2000000000, 2 },
    };
    check_sizes(qemu_strtosz_MiB, mib, ARRAY_SIZE(mib));
    check_sizes(qemu_strtosz_metric, metric, ARRAY_SIZE(metric));
}

static void test_size_to_str(void)
{
    static const struct {
        uint64_t v;
        const char *s;
    } cases[] = {
        { 0, "0 B" },
        { 1, "1 B" },
        { 999, "999 B" },
        { 1000, "0.977 KiB" },
        { 1024, "1 KiB" },
        { 1536, "1.5 KiB" },
        { 1048576, "1 MiB" },
        { 1073741824, "1 GiB" },
        { 10 * GiB, "10 GiB" },
        { 1536 * MiB, "1.5 GiB" },
        { 1023 * GiB, "0.999 TiB" },
        { UINT64_MAX, "16 EiB" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *s = size_to_str(cases[i].v);
        g_assert_cmpstr(s, ==, cases[i].s);
        g_free(s);
    }
    char *f = freq_to_str(2400000000ULL);
    g_assert_cmpstr(f, ==, "2.4 GHz");
    g_free(f);
}

static void test_bool_parse(void)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    Error *err = NULL;
    bool b;

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        b = false;
        g_assert_true(qapi_bool_parse("x", yes[i], &b, &error_abort));
        g_assert_true(b);
        g_assert_true(qapi_bool_parse("x", no[i], &b, &error_abort));
        g_assert_false(b);
    }
    g_assert_false(qemu_parse_bool("ON", &b));
    g_assert_false(qemu_parse_bool("1", &b));
    g_assert_false(qapi_bool_parse("mux", "maybe", &b, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'mux' expects 'on' or 'off'");
    error_free(err);
}

/* ---- QemuOpts ---- */

static QemuOptsList test_list = {
    .name = "test",
    .implied_opt_name = "str1",
    .desc = {
        { .name = "str1", .type = QEMU_OPT_STRING, .help = "a string" },
        { .name = "str2", .type = QEMU_OPT_STRING },
        { .name = "flag", .type = QEMU_OPT_BOOL },
        { .name = "num", .type = QEMU_OPT_NUMBER, .def_value_str = "7" },
        { .name = "size", .type = QEMU_OPT_SIZE },
        { NULL }
    },
};

static QemuOptsList any_list = {
    .name = "any",
    .implied_opt_name = "driver",
    .desc = { { NULL } },
};

static QemuOptsList merge_list = {
    .name = "merged",
    .implied_opt_name = "size",
    .merge_lists = true,
    .desc = {
        { .name = "size", .type = QEMU_OPT_SIZE },
        { .name = "slots", .type = QEMU_OPT_NUMBER },
        { NULL }
    },
};

static char *parse_err(QemuOptsList *list, const char *params, bool abbrev)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(list, params, abbrev, &err);
    char *msg;

    g_assert_null(opts);
    g_assert_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

#define assert_parse_err(list, params, abbrev, expected)                       \
    do {                                                                       \
        char *m_ = parse_err(list, params, abbrev);                            \
        g_assert_cmpstr(m_, ==, expected);                                     \
        g_free(m_);                                                            \
    } while (0)

static void test_opts_parse(void)
{
    QemuOpts *opts;

    opts = qemu_opts_parse(&test_list, "hello,str2=a,,b,,,num=0x10,size=1.5k",
                           true, &error_abort);
    g_assert_cmpstr(qemu_opt_get(opts, "str1"), ==, "hello");
    g_assert_cmpstr(qemu_opt_get(opts, "str2"), ==, "a,b,");
    g_assert_cmpuint(qemu_opt_get_number(opts, "num", 0), ==, 16);
    g_assert_cmpuint(qemu_opt_get_size(opts, "size", 0), ==, 1536);
    g_assert_false(qemu_opt_get_bool(opts, "flag", false));
    g_assert_null(qemu_opts_id(opts));
    qemu_opts_del(opts);

    /* Without permit_abbrev the first element is a flag.  */
    assert_parse_err(&test_list, "hello", false, "Invalid parameter 'hello'");

    /* Flags, nokey, and later values override earlier ones.  */
    opts = qemu_opts_parse(&test_list, "str1=x,flag,num=1,num=2", false,
                           &error_abort);
    g_assert_true(qemu_opt_get_bool(opts, "flag", false));
    g_assert_cmpuint(qemu_opt_get_number(opts, "num", 0), ==, 2);
    qemu_opts_del(opts);
    opts = qemu_opts_parse(&test_list, "noflag", false, &error_abort);
    g_assert_false(qemu_opt_get_bool(opts, "flag", true));
    /* Default value from the description.  */
    g_assert_cmpuint(qemu_opt_get_number(opts, "num", 0), ==, 7);
    g_assert_cmpstr(qemu_opt_get(opts, "num"), ==, "7");
    g_assert_cmpuint(qemu_opt_get_size(opts, "size", 99), ==, 99);
    qemu_opts_del(opts);

    /* Empty value and a trailing comma.  */
    opts = qemu_opts_parse(&test_list, "str1=,str2=z,", false, &error_abort);
    g_assert_cmpstr(qemu_opt_get(opts, "str1"), ==, "");
    g_assert_cmpstr(qemu_opt_get(opts, "str2"), ==, "z");
    qemu_opts_del(opts);

    /* Value containing '='.  */
    opts = qemu_opts_parse(&test_list, "str1=a=b", false, &error_abort);
    g_assert_cmpstr(qemu_opt_get(opts, "str1"), ==, "a=b");
    qemu_opts_del(opts);
}

static void test_opts_errors(void)
{
    Error *err = NULL;

    assert_parse_err(&test_list, "foo=bar", false, "Invalid parameter 'foo'");
    assert_parse_err(&test_list, "flag=maybe", false,
                     "Parameter 'flag' expects 'on' or 'off'");
    assert_parse_err(&test_list, "num=abc", false,
                     "Parameter 'num' expects a number");
    assert_parse_err(&test_list, "num=-", false,
                     "Parameter 'num' expects a number");
    assert_parse_err(&test_list, "num=99999999999999999999", false,
                     "Value '99999999999999999999' is too large for "
                     "parameter 'num'");
    assert_parse_err(&test_list, "size=foo", false,
                     "Parameter 'size' expects a non-negative number "
                     "below 2^64");
    assert_parse_err(&test_list, "size=-1", false,
                     "Parameter 'size' expects a non-negative number "
                     "below 2^64");
    assert_parse_err(&test_list, "size=16E", false,
                     "Value '16E' is out of range for parameter 'size'");
    assert_parse_err(&test_list, "id=1x", false,
                     "Parameter 'id' expects an identifier");
    assert_parse_err(&test_list, ",x", false, "Invalid parameter ''");

    /* Nothing is left behind after a failed parse.  */
    g_assert_true(g_queue_is_empty(&test_list.head));

    /* Duplicate ids.  */
    QemuOpts *a = qemu_opts_parse(&test_list, "id=x,str1=1", false,
                                  &error_abort);
    g_assert_cmpstr(qemu_opts_id(a), ==, "x");
    assert_parse_err(&test_list, "str1=2,id=x", false,
                     "Duplicate ID 'x' for test");
    g_assert_true(qemu_opts_find(&test_list, "x") == a);
    g_assert_null(qemu_opts_find(&test_list, "y"));
    /* qemu_opt_set validates too.  */
    g_assert_false(qemu_opt_set(a, "flag", "2", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'flag' expects 'on' or 'off'");
    error_free(err);
    g_assert_true(qemu_opt_set_bool(a, "flag", true, &error_abort));
    g_assert_true(qemu_opt_get_bool(a, "flag", false));
    qemu_opts_del(a);
    g_assert_true(g_queue_is_empty(&test_list.head));
}

static void test_opts_any(void)
{
    QemuOpts *opts;
    QDict *d;
    char *json;

    opts = qemu_opts_parse(&any_list, "virtio-net-pci,netdev=n0,id=nic0,"
                           "mac=52:54:00:12:34:56,x=1,,2,on",
                           true, &error_abort);
    g_assert_cmpstr(qemu_opts_id(opts), ==, "nic0");
    g_assert_cmpstr(qemu_opt_get(opts, "driver"), ==, "virtio-net-pci");
    g_assert_true(qemu_opt_get_bool(opts, "on", false));
    d = qemu_opts_to_qdict(opts, NULL);
    json = qobject_to_json(QOBJECT(d));
    g_assert_cmpstr(json, ==,
                    "{\"id\": \"nic0\", \"driver\": \"virtio-net-pci\", "
                    "\"netdev\": \"n0\", \"mac\": \"52:54:00:12:34:56\", "
                    "\"x\": \"1,2\", \"on\": \"on\"}");
    g_free(json);
    qobject_unref(d);
    json = qemu_opts_to_string(opts);
    g_assert_cmpstr(json, ==,
                    "id=nic0,driver=virtio-net-pci,netdev=n0,"
                    "mac=52:54:00:12:34:56,x=1,,2,on=on");
    g_free(json);

    /* Unvalidated options are typed on demand.  */
    g_assert_true(qemu_opt_set(opts, "n", "0x20", &error_abort));
    g_assert_true(qemu_opt_set(opts, "sz", "2M", &error_abort));
    g_assert_cmpuint(qemu_opt_get_number(opts, "n", 0), ==, 32);
    g_assert_cmpuint(qemu_opt_get_size(opts, "sz", 0), ==, 2 * MiB);
    g_assert_cmpuint(qemu_opt_get_number(opts, "netdev", 5), ==, 5);
    /* Validation against a separate description.  */
    static const QemuOptDesc desc[] = {
        { .name = "driver", .type = QEMU_OPT_STRING },
        { NULL }
    };
    Error *err = NULL;
    g_assert_false(qemu_opts_validate(opts, desc, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'netdev'");
    error_free(err);
    char *v = qemu_opt_get_del(opts, "netdev");
    g_assert_cmpstr(v, ==, "n0");
    g_free(v);
    g_assert_null(qemu_opt_get(opts, "netdev"));
    qemu_opts_del(opts);

    /* "help" under an implied key is just a value; as a flag it asks. */
    opts = qemu_opts_parse(&any_list, "help", true, &error_abort);
    g_assert_cmpstr(qemu_opt_get(opts, "driver"), ==, "help");
    qemu_opts_del(opts);
    g_assert_true(has_help_option("e1000,help"));
    g_assert_true(has_help_option("?"));
    g_assert_false(has_help_option("helpme,x=help,,y"));
    g_assert_true(is_help_option("help"));
    g_assert_false(is_help_option("-help"));
}

static int count_cb(void *opaque, QemuOpts *opts, Error **errp)
{
    g_string_append_printf(opaque, "[%s]", qemu_opts_id(opts));
    return 0;
}

static int opt_cb(void *opaque, const char *name, const char *value,
                  Error **errp)
{
    g_string_append_printf(opaque, "%s=%s;", name, value);
    return !strcmp(name, "stop") ? 42 : 0;
}

static void test_opts_lists(void)
{
    GString *gs = g_string_new(NULL);
    QemuOpts *a, *b, *c;

    a = qemu_opts_parse(&any_list, "d,id=c2", true, &error_abort);
    b = qemu_opts_parse(&any_list, "d,id=a1", true, &error_abort);
    c = qemu_opts_parse(&any_list, "d,id=b3,p=1,stop=1,q=2", true,
                        &error_abort);
    g_assert_cmpint(qemu_opts_foreach(&any_list, count_cb, gs, NULL), ==, 0);
    g_assert_cmpstr(gs->str, ==, "[c2][a1][b3]");
    g_string_truncate(gs, 0);
    g_assert_cmpint(qemu_opt_foreach(c, opt_cb, gs, NULL), ==, 42);
    g_assert_cmpstr(gs->str, ==, "driver=d;p=1;stop=1;");
    qemu_opts_del(b);
    qemu_opts_reset(&any_list);
    g_assert_true(g_queue_is_empty(&any_list.head));
    (void)a;

    /* merge_lists: one QemuOpts, no ids.  */
    a = qemu_opts_parse(&merge_list, "512", true, &error_abort);
    b = qemu_opts_parse(&merge_list, "slots=2", true, &error_abort);
    g_assert_true(a == b);
    g_assert_cmpuint(qemu_opt_get_size(a, "size", 0), ==, 512);
    g_assert_cmpuint(qemu_opt_get_number(a, "slots", 0), ==, 2);
    assert_parse_err(&merge_list, "id=m", true, "Invalid parameter 'id'");
    qemu_opts_reset(&merge_list);

    /* From a QDict.  */
    QDict *d = qobject_to(QDict, qobject_from_json(
        "{'id': 'q', 'str1': 'x', 'flag': true, 'num': 5}", &error_abort));
    a = qemu_opts_from_qdict(&test_list, d, &error_abort);
    g_assert_cmpstr(qemu_opts_id(a), ==, "q");
    g_assert_true(qemu_opt_get_bool(a, "flag", false));
    g_assert_cmpuint(qemu_opt_get_number(a, "num", 0), ==, 5);
    qemu_opts_del(a);
    qobject_unref(d);
    g_string_free(gs, true);
}

static char *capture_noisy(QemuOptsList *list, const char *params,
                           bool abbrev, QemuOpts **result)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    error_set_output(f);
    *result = qemu_opts_parse_noisily(list, params, abbrev);
    error_set_output(NULL);
    fclose(f);
    return buf;
}

static void test_opts_noisy(void)
{
    QemuOpts *opts;
    char *out;

    out = capture_noisy(&test_list, "str1=a,flag,noflag", false, &opts);
    g_assert_nonnull(opts);
    g_assert_nonnull(strstr(out, "warning: short-form boolean option 'flag' "
                                 "deprecated\nPlease use flag=on instead\n"));
    g_assert_nonnull(strstr(out, "warning: short-form boolean option "
                                 "'noflag' deprecated\nPlease use flag=off "
                                 "instead\n"));
    g_assert_false(qemu_opt_get_bool(opts, "flag", true));
    qemu_opts_del(opts);
    g_free(out);

    out = capture_noisy(&merge_list, "foo", true, &opts);
    g_assert_null(opts);
    g_assert_true(g_str_has_suffix(
        out, "Parameter 'size' expects a non-negative number below 2^64\n"
             "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, "
             "tera-, peta-\nand exabytes, respectively.\n"));
    g_free(out);
    qemu_opts_reset(&merge_list);
}

static void test_registry(void)
{
    Error *err = NULL;
    QemuOptsList *chardev = qemu_find_opts("chardev");
    QemuOpts *a;

    g_assert_nonnull(chardev);
    g_assert_cmpstr(chardev->implied_opt_name, ==, "backend");
    g_assert_nonnull(qemu_find_opts("device"));
    g_assert_nonnull(qemu_find_opts("machine"));
    g_assert_nonnull(qemu_find_opts("accel"));
    g_assert_nonnull(qemu_find_opts("drive"));
    g_assert_nonnull(qemu_find_opts("netdev"));
    g_assert_null(qemu_find_opts_err("nope", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "There is no option group 'nope'");
    error_free(err);
    err = NULL;

    a = qemu_opts_parse(chardev, "socket,id=x,path=/tmp/s,server=on,wait=off",
                        true, &error_abort);
    g_assert_cmpstr(qemu_opt_get(a, "backend"), ==, "socket");
    g_assert_true(qemu_opt_get_bool(a, "server", false));
    g_assert_false(qemu_opt_get_bool(a, "wait", true));
    g_assert_null(qemu_opts_parse(chardev, "null,id=x", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Duplicate ID 'x' for chardev");
    error_free(err);
    err = NULL;
    g_assert_null(qemu_opts_parse(chardev, "null,id=y,mux=maybe", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'mux' expects 'on' or 'off'");
    error_free(err);
    qemu_opts_reset(chardev);

    /* -m 512 -> size=512 */
    QemuOptsList *mem = qemu_find_opts("memory");
    a = qemu_opts_parse(mem, "512", true, &error_abort);
    g_assert_cmpstr(qemu_opt_get(a, "size"), ==, "512");
    g_assert_true(qemu_find_opts_singleton("memory") == a);
    qemu_opts_reset(mem);

    /* -global */
    QemuOptsList *global = qemu_find_opts("global");
    g_assert_cmpint(qemu_global_option("isa-fdc.driveA=drive0"), ==, 0);
    g_assert_cmpint(qemu_global_option("driver=cfi.pflash01,property=secure,"
                                       "value=on"), ==, 0);
    g_assert_cmpint(qemu_global_option("virtio-blk-pci.x.y=a=b,c"), ==, 0);
    GList *l = global->head.head;
    g_assert_cmpuint(global->head.length, ==, 3);
    QemuOpts *g = l->data;
    g_assert_cmpstr(qemu_opt_get(g, "driver"), ==, "isa-fdc");
    g_assert_cmpstr(qemu_opt_get(g, "property"), ==, "driveA");
    g_assert_cmpstr(qemu_opt_get(g, "value"), ==, "drive0");
    g = l->next->data;
    g_assert_cmpstr(qemu_opt_get(g, "driver"), ==, "cfi.pflash01");
    g_assert_cmpstr(qemu_opt_get(g, "value"), ==, "on");
    g = l->next->next->data;
    g_assert_cmpstr(qemu_opt_get(g, "driver"), ==, "virtio-blk-pci");
    g_assert_cmpstr(qemu_opt_get(g, "property"), ==, "x.y");
    g_assert_cmpstr(qemu_opt_get(g, "value"), ==, "a=b,c");
    /* "-global foo": flag, then invalid.  */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    error_set_output(f);
    g_assert_cmpint(qemu_global_option("foo"), ==, -1);
    error_set_output(NULL);
    fclose(f);
    g_assert_nonnull(strstr(buf, "short-form boolean option 'foo' deprecated"
                                 "\nPlease use foo=on instead\n"));
    g_assert_true(g_str_has_suffix(buf, "Invalid parameter 'foo'\n"));
    g_free(buf);
    qemu_opts_reset(global);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cutils/pstrcpy", test_pstrcpy);
    g_test_add_func("/cutils/strstart", test_strstart);
    g_test_add_func("/cutils/id_wellformed", test_id_wellformed);
    g_test_add_func("/cutils/strtoi", test_strtoi);
    g_test_add_func("/cutils/strtoui", test_strtoui);
    g_test_add_func("/cutils/strto64", test_strto64);
    g_test_add_func("/cutils/strtod", test_strtod);
    g_test_add_func("/cutils/strtosz", test_strtosz);
    g_test_add_func("/cutils/strtosz-units", test_strtosz_units);
    g_test_add_func("/cutils/size_to_str", test_size_to_str);
    g_test_add_func("/cutils/bool", test_bool_parse);
    g_test_add_func("/opts/parse", test_opts_parse);
    g_test_add_func("/opts/errors", test_opts_errors);
    g_test_add_func("/opts/any", test_opts_any);
    g_test_add_func("/opts/lists", test_opts_lists);
    g_test_add_func("/opts/noisy", test_opts_noisy);
    g_test_add_func("/opts/registry", test_registry);
    return g_test_run();
}
