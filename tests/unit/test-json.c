/*
 * JSON parser, streamer and writer tests.  Expected texts were taken from
 * QEMU 7.2's QMP monitor (Debian's qemu-system-x86_64 -qmp stdio).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/json.h"
#include "qobject/qobject.h"

/* ---- helpers ---- */

/* Parse s (must succeed) and return its compact re-encoding.  */
static char *reencode(const char *s)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(s, &err);
    char *out;

    if (!obj) {
        g_error("unexpected error for %s: %s", s, error_get_pretty(err));
    }
    out = qobject_to_json(obj);
    qobject_unref(obj);
    return out;
}

static void check_reencode(const char *in, const char *expected)
{
    char *out = reencode(in);
    g_assert_cmpstr(out, ==, expected);
    g_free(out);
}

static void check_parse_error(const char *in, const char *expected)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(in, &err);

    g_assert_null(obj);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

/* Streaming: every emission as "V:<json>" or "E:<message>".  */
static void record_emit(void *opaque, QObject *obj, Error *err)
{
    GPtrArray *log = opaque;

    g_assert(!obj != !err);
    if (obj) {
        char *s = qobject_to_json(obj);
        g_ptr_array_add(log, g_strdup_printf("V:%s", s));
        g_free(s);
        qobject_unref(obj);
    } else {
        g_ptr_array_add(log, g_strdup_printf("E:%s", error_get_pretty(err)));
        error_free(err);
    }
}

/* Feed in chunks: chunk 0 = all at once, 1 = bytewise, else random.  */
static char *stream(const char *in, size_t len, int mode, GRand *rand,
                    bool flush)
{
    GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
    JSONStreamer *s = json_streamer_new(record_emit, log);
    size_t pos = 0;
    char *joined;

    while (pos < len) {
        size_t n = len - pos;
        if (mode == 1) {
            n = 1;
        } else if (mode == 2) {
            size_t r = g_rand_int_range(rand, 1, 8);
            n = MIN(n, r);
        }
        json_streamer_feed(s, in + pos, n);
        pos += n;
    }
    if (flush) {
        json_streamer_flush(s);
    }
    json_streamer_free(s);
    g_ptr_array_add(log, NULL);
    joined = g_strjoinv("\n", (char **)log->pdata);
    g_ptr_array_free(log, true);
    return joined;
}

/* Check the emissions, identical for every way of chunking the input.  */
static void check_stream(const char *in, const char *expected, bool flush)
{
    GRand *rand = g_rand_new_with_seed(42);
    size_t len = strlen(in);

    for (int mode = 0; mode < 3; mode++) {
        for (int rep = 0; rep < (mode == 2 ? 20 : 1); rep++) {
            char *got = stream(in, len, mode, rand, flush);
            if (strcmp(got, expected)) {
                g_error("input %s mode %d:\n got: %s\nwant: %s", in, mode,
                        got, expected);
            }
            g_free(got);
        }
    }
    g_rand_free(rand);
}

/* ---- writer ---- */

static void test_writer_compact(void)
{
    QDict *greeting = qdict_new(), *qmp = qdict_new(), *ver = qdict_new();
    QDict *qemu = qdict_new();
    QList *caps = qlist_new();
    char *s;

    qdict_put_int(qemu, "micro", 0);
    qdict_put_int(qemu, "minor", 2);
    qdict_put_int(qemu, "major", 7);
    qdict_put(ver, "qemu", qemu);
    qdict_put_str(ver, "package", "");
    qdict_put(qmp, "version", ver);
    qlist_append_str(caps, "oob");
    qdict_put(qmp, "capabilities", caps);
    qdict_put(greeting, "QMP", qmp);
    s = qobject_to_json(QOBJECT(greeting));
    g_assert_cmpstr(s, ==,
                    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, "
                    "\"minor\": 2, \"major\": 7}, \"package\": \"\"}, "
                    "\"capabilities\": [\"oob\"]}}");
    g_free(s);
    qobject_unref(greeting);

    QDict *ret = qdict_new();
    qdict_put(ret, "return", qdict_new());
    s = qobject_to_json(QOBJECT(ret));
    g_assert_cmpstr(s, ==, "{\"return\": {}}");
    g_free(s);
    qobject_unref(ret);

    check_reencode("[]", "[]");
    check_reencode("[1,2 , [ ] ,{}]", "[1, 2, [], {}]");
    check_reencode("{\"b\":1,\"a\":2,\"c\":3}", "{\"b\": 1, \"a\": 2, \"c\": 3}");
    check_reencode(" true", "true");
    check_reencode("false ", "false");
    check_reencode("null", "null");
}

static void test_writer_pretty(void)
{
    QObject *obj = qobject_from_json(
        "{\"snapshots\": [{\"icount\": 0, \"name\": \"s1\"}],"
        " \"virtual-size\": 1048576, \"format-specific\": {\"type\": "
        "\"qcow2\", \"data\": {\"compat\": \"1.1\", \"corrupt\": false}},"
        " \"e\": {}, \"l\": []}",
        &error_abort);
    char *s = qobject_to_json_pretty(obj);

    g_assert_cmpstr(s, ==,
                    "{\n"
                    "    \"snapshots\": [\n"
                    "        {\n"
                    "            \"icount\": 0,\n"
                    "            \"name\": \"s1\"\n"
                    "        }\n"
                    "    ],\n"
                    "    \"virtual-size\": 1048576,\n"
                    "    \"format-specific\": {\n"
                    "        \"type\": \"qcow2\",\n"
                    "        \"data\": {\n"
                    "            \"compat\": \"1.1\",\n"
                    "            \"corrupt\": false\n"
                    "        }\n"
                    "    },\n"
                    "    \"e\": {\n"
                    "    },\n"
                    "    \"l\": [\n"
                    "    ]\n"
                    "}");
    g_free(s);
    qobject_unref(obj);

    obj = QOBJECT(qnum_from_int(5));
    s = qobject_to_json_pretty(obj);
    g_assert_cmpstr(s, ==, "5");
    g_free(s);
    qobject_unref(obj);
}

static void test_writer_escapes(void)
{
    GString *gs = g_string_new(NULL);
    QString *qs;
    char *s;

    /* Same output as QEMU's "The command ... has not been found" reply. */
    json_quote_string(gs, "foo\xc3\xa9\x01\x7f\xf0\x9f\x98\x80\"\\/\b\f\n\r\t"
                          "\xe2\x82\xac");
    g_assert_cmpstr(gs->str, ==,
                    "\"foo\\u00E9\\u0001\\u007F\\uD83D\\uDE00\\\"\\\\/"
                    "\\b\\f\\n\\r\\t\\u20AC\"");
    g_string_truncate(gs, 0);
    /* Invalid UTF-8 becomes U+FFFD; C0 80 is an encoded NUL.  */
    json_quote_string(gs, "a\xff" "b\xc3" "c\xc0\x80" "d\xed\xa0\x80");
    g_assert_cmpstr(gs->str, ==,
                    "\"a\\uFFFDb\\uFFFDc\\u0000d\\uFFFD\"");
    g_string_free(gs, true);

    qs = qstring_from_str("\x1f ~");
    s = qobject_to_json(QOBJECT(qs));
    g_assert_cmpstr(s, ==, "\"\\u001F ~\"");
    g_free(s);
    qobject_unref(qs);
}

static void test_writer_numbers(void)
{
    struct {
        QNum *n;
        const char *out;
    } cases[] = {
        { qnum_from_int(0), "0" },
        { qnum_from_int(-1), "-1" },
        { qnum_from_int(INT64_MIN), "-9223372036854775808" },
        { qnum_from_uint(UINT64_MAX), "18446744073709551615" },
        { qnum_from_double(0.5), "0.5" },
        { qnum_from_double(0.1), "0.10000000000000001" },
        { qnum_from_double(1.0), "1" },
        { qnum_from_double(-2.5e-300), "-2.5e-300" },
        { qnum_from_double(1e100), "1e+100" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *s = qobject_to_json(QOBJECT(cases[i].n));
        g_assert_cmpstr(s, ==, cases[i].out);
        /* Doubles read back to the identical value.  */
        QObject *back = qobject_from_json(s, &error_abort);
        QNum *bn = qobject_to(QNum, back);
        g_assert_nonnull(bn);
        g_assert(qnum_get_double(bn) == qnum_get_double(cases[i].n));
        qobject_unref(back);
        g_free(s);
        qobject_unref(cases[i].n);
    }
}

/* ---- parser ---- */

static void test_parse_numbers(void)
{
    QObject *o;
    QNum *n;
    int64_t i;
    uint64_t u;

    o = qobject_from_json("9223372036854775807", &error_abort);
    n = qobject_to(QNum, o);
    g_assert_cmpint(n->kind, ==, QNUM_I64);
    g_assert_cmpint(qnum_get_int(n), ==, INT64_MAX);
    qobject_unref(o);

    o = qobject_from_json("-9223372036854775808", &error_abort);
    n = qobject_to(QNum, o);
    g_assert_cmpint(n->kind, ==, QNUM_I64);
    g_assert_cmpint(qnum_get_int(n), ==, INT64_MIN);
    qobject_unref(o);

    o = qobject_from_json("9223372036854775808", &error_abort);
    n = qobject_to(QNum, o);
    g_assert_cmpint(n->kind, ==, QNUM_U64);
    g_assert_false(qnum_get_try_int(n, &i));
    g_assert_true(qnum_get_try_uint(n, &u));
    g_assert_cmpuint(u, ==, 9223372036854775808ULL);
    qobject_unref(o);

    o = qobject_from_json("18446744073709551616", &error_abort);
    n = qobject_to(QNum, o);
    g_assert_cmpint(n->kind, ==, QNUM_DOUBLE);
    g_assert_cmpfloat(qnum_get_double(n), ==, 18446744073709551616.0);
    qobject_unref(o);

    o = qobject_from_json("-9223372036854775809", &error_abort);
    n = qobject_to(QNum, o);
    g_assert_cmpint(n->kind, ==, QNUM_DOUBLE);
    qobject_unref(o);

    o = qobject_from_json("-0", &error_abort);
    n = qobject_to(QNum, o);
    g_assert_cmpint(n->kind, ==, QNUM_I64);
    g_assert_cmpint(qnum_get_int(n), ==, 0);
    qobject_unref(o);

    check_reencode("1.5", "1.5");
    check_reencode("-0.25e2", "-25");
    check_reencode("2E+3", "2000");
    check_reencode("25e-1", "2.5");
    check_reencode("1e500", "inf");     /* QEMU passes strtod's inf on */
}

static void test_parse_strings(void)
{
    QObject *o;

    /* Every escape.  */
    o = qobject_from_json("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9"
                          "\\u20AC\\ud83d\\ude00\\'\"",
                          &error_abort);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, o)), ==,
                    "\"\\/\b\f\n\r\tA\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'");
    qobject_unref(o);

    /* \u0000 is kept as modified UTF-8 and written back as \u0000.  */
    o = qobject_from_json("\"a\\u0000b\"", &error_abort);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, o)), ==,
                    "a\xc0\x80" "b");
    qobject_unref(o);
    check_reencode("\"a\\u0000b\"", "\"a\\u0000b\"");

    /* Raw UTF-8 passes the parser, and is escaped by the writer.  */
    check_reencode("\"\xc3\xa9\xf0\x9f\x98\x80\"", "\"\\u00E9\\uD83D\\uDE00\"");
    check_reencode("\"\x7f\"", "\"\\u007F\"");

    /* Single-quoted strings (QEMU extension).  */
    check_reencode("'fo\"o'", "\"fo\\\"o\"");
    check_reencode("{'a': 'b\\'c'}", "{\"a\": \"b'c\"}");
}

static void test_parse_errors(void)
{
    static const struct {
        const char *in, *msg;
    } cases[] = {
        { "foo", "JSON parse error, invalid keyword 'foo'" },
        { "tru", "JSON parse error, invalid keyword 'tru'" },
        { "{\"a\" 1}", "JSON parse error, missing : in object pair" },
        { "\"\\x\"", "JSON parse error, invalid escape sequence in string" },
        { "{\"a\":1,}", "JSON parse error, expecting value" },
        { "[1,]", "JSON parse error, expecting value" },
        { "{,}", "JSON parse error, expecting value" },
        { "}", "JSON parse error, expecting value" },
        { "]", "JSON parse error, expecting value" },
        { "{\"a\":1 \"b\":2}", "JSON parse error, expected separator in dict" },
        { "[1 2]", "JSON parse error, expected separator in list" },
        { "{1:2}", "JSON parse error, key is not a string in object" },
        { "{\"a\":1,\"a\":2}", "JSON parse error, duplicate key" },
        { "\"\\ud800\"",
          "JSON parse error, \\ud800 is not a valid Unicode character" },
        { "\"\\udc00x\"",
          "JSON parse error, \\udc00 is not a valid Unicode character" },
        { "\"\\ud800\\u0041\"",
          "JSON parse error, \\ud800 is not a valid Unicode character" },
        { "\"\\u12\"",
          "JSON parse error, \\u12\" is not a valid Unicode character" },
        { "\"\\u12G4\"",
          "JSON parse error, \\u12G4 is not a valid Unicode character" },
        { "\"\\uFFFE\"",
          "JSON parse error, \\uFFFE is not a valid Unicode character" },
        { "\"\xc3\"", "JSON parse error, invalid UTF-8 sequence in string" },
        { "\"\xed\xa0\x80\"",
          "JSON parse error, invalid UTF-8 sequence in string" },
        { "\"\xf4\x90\x80\x80\"",
          "JSON parse error, invalid UTF-8 sequence in string" },
        { "\"\xc1\xbf\"", "JSON parse error, invalid UTF-8 sequence in string" },
        { "\"\xe0\x80\xaf\"",
          "JSON parse error, invalid UTF-8 sequence in string" },
        { "01", "JSON parse error, stray '01'" },
        { "\"\x01\"", "JSON parse error, stray '\"\x01'" },
        { "[1, 2", "JSON parse error, premature EOI" },
        { "{\"a\":", "JSON parse error, premature EOI" },
        { "", "Expecting a JSON value" },
        { "   ", "Expecting a JSON value" },
        { "1 2", "Expecting at most one JSON value" },
        { "\"abc", "JSON parse error, stray '\"abc'" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        check_parse_error(cases[i].in, cases[i].msg);
    }
}

static void test_roundtrip(void)
{
    static const char *const texts[] = {
        "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": "
        "[\"oob\"]}, \"id\": 1}",
        "[null, true, false, -1, 18446744073709551615, 0.5, \"x\"]",
        "{\"a\": {\"b\": {\"c\": [[], {}]}}}",
        "\"\\u0001\\u001F\\\"\\\\\\b\\f\\n\\r\\t\\u00FF\\uFFFD\"",
    };
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
        QObject *a = qobject_from_json(texts[i], &error_abort);
        char *s = qobject_to_json(a);
        QObject *b = qobject_from_json(s, &error_abort);
        char *p = qobject_to_json_pretty(a);
        QObject *c = qobject_from_json(p, &error_abort);
        g_assert_cmpstr(s, ==, texts[i]);
        g_assert_true(qobject_is_equal(a, b));
        g_assert_true(qobject_is_equal(a, c));
        g_free(s);
        g_free(p);
        qobject_unref(a);
        qobject_unref(b);
        qobject_unref(c);
    }
}

/* ---- streaming ---- */

static void test_stream_values(void)
{
    check_stream("{\"execute\":\"qmp_capabilities\"}{\"execute\":"
                 "\"query-status\"}\n",
                 "V:{\"execute\": \"qmp_capabilities\"}\n"
                 "V:{\"execute\": \"query-status\"}",
                 false);
    check_stream("1 2 3\n", "V:1\nV:2\nV:3", false);
    /* A number at the end waits for its terminator (or flush).  */
    check_stream("[1][2]3", "V:[1]\nV:[2]", false);
    check_stream("[1][2]3", "V:[1]\nV:[2]\nV:3", true);
    check_stream("[1,\n2]", "V:[1, 2]", false);
    check_stream("\"a\"'b'", "V:\"a\"\nV:\"b\"", false);
    check_stream("[1, 2", "", false);
    check_stream("[1, 2", "E:JSON parse error, premature EOI", true);
    check_stream("{\"a\": [1, {\"b\": \"}]\"}]}",
                 "V:{\"a\": [1, {\"b\": \"}]\"}]}", false);
    /* Flushing twice, or with nothing pending, emits nothing.  */
    check_stream("", "", true);
}

static void test_stream_errors(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "foo\n", "E:JSON parse error, invalid keyword 'foo'" },
        { "@#$ {\"execute\":\"x\"}",
          "E:JSON parse error, stray '@'\nV:{\"execute\": \"x\"}" },
        { "1e\n", "E:JSON parse error, stray '1e\n'" },
        { "-\n", "E:JSON parse error, stray '-\n'" },
        { "\"abc\n", "E:JSON parse error, stray '\"abc\n'" },
        { "'abc\n", "E:JSON parse error, stray ''abc\n'" },
        { "0e5\n",
          "V:0\nE:JSON parse error, invalid keyword 'e'\nV:5" },
        { "1.e5\n", "E:JSON parse error, stray '1.e'" },
        { "1a\n", "V:1\nE:JSON parse error, invalid keyword 'a'" },
        { "truex\n", "E:JSON parse error, invalid keyword 'truex'" },
        { "True\n", "E:JSON parse error, stray 'T'" },
        { "{\"a\":\xff" "1}",
          "E:JSON parse error, stray '\xff'\n"
          "E:JSON parse error, expecting value" },
        { "\"\\\x01\"\n", "E:JSON parse error, stray '\"\\\x01'" },
        /* Error inside a value drops what was collected so far.  */
        { "[1, 2, @] [3]",
          "E:JSON parse error, stray '@'\n"
          "E:JSON parse error, expecting value\nV:[3]" },
        /* Recovery: skip to a structural or control character.  */
        { "#garbage, 4\n[5]",
          "E:JSON parse error, stray '#'\n"
          "E:JSON parse error, expecting value\nV:4\nV:[5]" },
        { "#garbage\t5\n[6]", "E:JSON parse error, stray '#'\nV:[6]" },
        { "{\"a\" 1}{\"b\":2}",
          "E:JSON parse error, missing : in object pair\nV:{\"b\": 2}" },
        { "]]{}",
          "E:JSON parse error, expecting value\n"
          "E:JSON parse error, expecting value\nV:{}" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        check_stream(cases[i].in, cases[i].out, false);
    }
}

/* Random garbage and valid values, cut at every possible point.  */
static void test_stream_split_points(void)
{
    const char *in = "{\"execute\": \"a\\u00e9\", \"arguments\": {\"x\": "
                     "[1, -2.5e3, true, null, 'q']}}junk{\"id\":1}"
                     "\"\\ud83d\\ude00\" 18446744073709551615 [";
    size_t len = strlen(in);
    char *whole = stream(in, len, 0, NULL, true);

    g_assert_cmpstr(whole, ==,
                    "V:{\"execute\": \"a\\u00E9\", \"arguments\": {\"x\": "
                    "[1, -2500, true, null, \"q\"]}}\n"
                    "E:JSON parse error, invalid keyword 'junk'\n"
                    "V:{\"id\": 1}\nV:\"\\uD83D\\uDE00\"\n"
                    "V:18446744073709551615\n"
                    "E:JSON parse error, premature EOI");
    for (size_t cut = 0; cut <= len; cut++) {
        GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
        JSONStreamer *s = json_streamer_new(record_emit, log);
        char *got;

        json_streamer_feed(s, in, cut);
        json_streamer_feed(s, in + cut, len - cut);
        json_streamer_flush(s);
        json_streamer_free(s);
        g_ptr_array_add(log, NULL);
        got = g_strjoinv("\n", (char **)log->pdata);
        g_assert_cmpstr(got, ==, whole);
        g_free(got);
        g_ptr_array_free(log, true);
    }
    g_free(whole);
}

static void test_limits(void)
{
    GString *gs = g_string_new(NULL);
    Error *err = NULL;
    QObject *o;

    /* Exactly JSON_MAX_NESTING levels are fine, one more is not.  */
    for (int i = 0; i < JSON_MAX_NESTING; i++) {
        g_string_append_c(gs, '[');
    }
    for (int i = 0; i < JSON_MAX_NESTING; i++) {
        g_string_append_c(gs, ']');
    }
    o = qobject_from_json(gs->str, &error_abort);
    g_assert_nonnull(o);
    qobject_unref(o);

    g_string_truncate(gs, 0);
    for (int i = 0; i < JSON_MAX_NESTING + 1; i++) {
        g_string_append_c(gs, '{');
    }
    o = qobject_from_json(gs->str, &err);
    g_assert_null(o);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "JSON nesting depth limit exceeded");
    error_free(err);
    err = NULL;

    /* Token count.  */
    g_string_truncate(gs, 0);
    g_string_append_c(gs, '[');
    for (size_t i = 0; i < JSON_MAX_TOKEN_COUNT / 2; i++) {
        g_string_append(gs, "1,");
    }
    g_string_append(gs, "1]");
    o = qobject_from_json(gs->str, &err);
    g_assert_null(o);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "JSON token count limit exceeded");
    error_free(err);
    err = NULL;

    /* A single oversized string token.  */
    g_string_truncate(gs, 0);
    g_string_append_c(gs, '"');
    g_string_set_size(gs, JSON_MAX_TOKEN_SIZE + 2);
    memset(gs->str + 1, 'a', JSON_MAX_TOKEN_SIZE + 1);
    g_string_append(gs, "\"");
    {
        GPtrArray *log = g_ptr_array_new_with_free_func(g_free);
        JSONStreamer *s = json_streamer_new(record_emit, log);
        json_streamer_feed(s, gs->str, gs->len);
        g_assert_cmpuint(log->len, >=, 1);
        g_assert_cmpstr(g_ptr_array_index(log, 0), ==,
                        "E:JSON token size limit exceeded");
        json_streamer_free(s);
        g_ptr_array_free(log, true);
    }
    g_string_free(gs, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/writer/compact", test_writer_compact);
    g_test_add_func("/json/writer/pretty", test_writer_pretty);
    g_test_add_func("/json/writer/escapes", test_writer_escapes);
    g_test_add_func("/json/writer/numbers", test_writer_numbers);
    g_test_add_func("/json/parse/numbers", test_parse_numbers);
    g_test_add_func("/json/parse/strings", test_parse_strings);
    g_test_add_func("/json/parse/errors", test_parse_errors);
    g_test_add_func("/json/roundtrip", test_roundtrip);
    g_test_add_func("/json/stream/values", test_stream_values);
    g_test_add_func("/json/stream/errors", test_stream_errors);
    g_test_add_func("/json/stream/split-points", test_stream_split_points);
    g_test_add_func("/json/limits", test_limits);
    return g_test_run();
}
