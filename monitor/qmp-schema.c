/*
 * The QMP schema: definitions from the qapi/ schema files (compiled in as text by
 * monitor/gen-schema-text.py), the command table, argument checking with
 * QEMU's messages, query-qmp-schema introspection and the Markdown
 * reference in docs/qmp.md.
 *
 * Definitions are QAPI-like: {'command': NAME, 'data': MEMBERS|TYPE,
 * 'returns': TYPE, 'doc': TEXT}, {'event': ...}, {'struct': NAME, 'data':
 * MEMBERS}, {'enum': NAME, 'data': [VALUES]}.  A TYPE is a builtin (str,
 * int, bool, number, any, null), a struct or enum name, or ['TYPE'].
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "qobject/json.h"

extern const char qmp_schema_text[];

static GPtrArray *defs;          /* QDict *, schema order */
static GHashTable *types;        /* name -> QDict * (struct/enum) */
static GHashTable *commands;     /* name -> QDict * */
static GHashTable *events;       /* name -> QDict * */
static GHashTable *handlers;     /* name -> QmpCommandFunc * */

/* ---- command table ---- */

void qmp_register_commands(const QmpCommandDef *table, size_t n)
{
    if (!handlers) {
        handlers = g_hash_table_new(g_str_hash, g_str_equal);
    }
    for (size_t i = 0; i < n; i++) {
        g_hash_table_insert(handlers, (gpointer)table[i].name,
                            (gpointer)table[i].fn);
    }
}

QmpCommandFunc *qmp_find_command(const char *name)
{
    qmp_schema_init();
    if (!handlers || !g_hash_table_lookup(commands, name)) {
        return NULL;
    }
    return g_hash_table_lookup(handlers, name);
}

/* ---- loading ---- */

static void schema_parsed(void *opaque, QObject *obj, Error *err)
{
    if (err) {
        fprintf(stderr, "qmp schema: %s\n", error_get_pretty(err));
        abort();
    }
    g_ptr_array_add(defs, obj);
}

static const char *def_kind(QDict *d, const char **name)
{
    static const char *const kinds[] = { "command", "event", "struct",
                                         "enum" };

    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        const char *n = qdict_get_try_str(d, kinds[i]);
        if (n) {
            *name = n;
            return kinds[i];
        }
    }
    fprintf(stderr, "qmp schema: definition without a kind\n");
    abort();
}

void qmp_schema_init(void)
{
    JSONStreamer *js;

    if (defs) {
        return;
    }
    defs = g_ptr_array_new();
    types = g_hash_table_new(g_str_hash, g_str_equal);
    commands = g_hash_table_new(g_str_hash, g_str_equal);
    events = g_hash_table_new(g_str_hash, g_str_equal);
    js = json_streamer_new(schema_parsed, NULL);
    json_streamer_feed(js, qmp_schema_text, strlen(qmp_schema_text));
    json_streamer_flush(js);
    json_streamer_free(js);
    for (guint i = 0; i < defs->len; i++) {
        QDict *d = qobject_to(QDict, g_ptr_array_index(defs, i));
        const char *name = NULL;
        const char *kind;

        if (!d) {
            fprintf(stderr, "qmp schema: a definition is not an object\n");
            abort();
        }
        kind = def_kind(d, &name);
        g_hash_table_insert(!strcmp(kind, "command") ? commands
                            : !strcmp(kind, "event") ? events
                                                      : types,
                            (gpointer)name, d);
    }
}

QDict *qmp_schema_command(const char *name)
{
    qmp_schema_init();
    return g_hash_table_lookup(commands, name);
}

QDict *qmp_schema_event(const char *name)
{
    qmp_schema_init();
    return g_hash_table_lookup(events, name);
}

/* ---- argument checking ---- */

static const char *const builtin_names[][2] = {
    { "str", "string" }, { "int", "int" },       { "bool", "boolean" },
    { "number", "number" }, { "any", "value" }, { "null", "null" },
};

static bool is_builtin(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(builtin_names); i++) {
        if (!strcmp(builtin_names[i][0], name)) {
            return true;
        }
    }
    return false;
}

static bool check_value(const char *path, QObject *type, QObject *v,
                        Error **errp);

static bool bad_type(const char *path, const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               path ? path : "null", expected);
    return false;
}

static char *member_path(const char *prefix, const char *name)
{
    return prefix ? g_strdup_printf("%s.%s", prefix, name) : g_strdup(name);
}

static bool check_object(const char *prefix, QDict *members, QObject *v,
                         Error **errp)
{
    QDict *obj = qobject_to(QDict, v);

    if (!obj) {
        return bad_type(prefix, "object", errp);
    }
    for (const QDictEntry *e = qdict_first(members); e;
         e = qdict_next(members, e)) {
        const char *key = qdict_entry_key(e);
        bool optional = key[0] == '*';
        const char *name = key + optional;
        g_autofree char *path = member_path(prefix, name);
        QObject *val = qdict_get(obj, name);

        if (!val) {
            if (!optional) {
                error_setg(errp, "Parameter '%s' is missing", path);
                return false;
            }
            continue;
        }
        if (!check_value(path, qdict_entry_value(e), val, errp)) {
            return false;
        }
    }
    for (const QDictEntry *e = qdict_first(obj); e; e = qdict_next(obj, e)) {
        const char *key = qdict_entry_key(e);
        g_autofree char *opt = g_strconcat("*", key, NULL);

        if (!qdict_haskey(members, key) && !qdict_haskey(members, opt)) {
            g_autofree char *path = member_path(prefix, key);

            error_setg(errp, "Parameter '%s' is unexpected", path);
            return false;
        }
    }
    return true;
}

static bool check_named(const char *path, const char *name, QObject *v,
                        Error **errp)
{
    QDict *def;
    QNum *n;
    int64_t i64;

    if (!strcmp(name, "any")) {
        return true;
    }
    if (!strcmp(name, "str")) {
        return qobject_to(QString, v) ? true : bad_type(path, "string", errp);
    }
    if (!strcmp(name, "bool")) {
        return qobject_to(QBool, v) ? true : bad_type(path, "boolean", errp);
    }
    if (!strcmp(name, "null")) {
        return qobject_to(QNull, v) ? true : bad_type(path, "null", errp);
    }
    if (!strcmp(name, "number")) {
        return qobject_to(QNum, v) ? true : bad_type(path, "number", errp);
    }
    if (!strcmp(name, "int")) {
        n = qobject_to(QNum, v);
        return n && qnum_get_try_int(n, &i64) ? true
                                               : bad_type(path, "integer",
                                                          errp);
    }
    def = g_hash_table_lookup(types, name);
    if (!def) {
        fprintf(stderr, "qmp schema: unknown type '%s'\n", name);
        abort();
    }
    if (qdict_haskey(def, "enum")) {
        QString *s = qobject_to(QString, v);

        if (!s) {
            return bad_type(path, "string", errp);
        }
        for (GList *e = qlist_first(qdict_get_qlist(def, "data")); e;
             e = e->next) {
            if (!strcmp(qstring_get_str(qobject_to(QString,
                                                   qlist_entry_obj(e))),
                        qstring_get_str(s))) {
                return true;
            }
        }
        error_setg(errp, "Parameter '%s' does not accept value '%s'", path,
                   qstring_get_str(s));
        return false;
    }
    return check_object(path, qdict_get_qdict(def, "data"), v, errp);
}

static bool check_value(const char *path, QObject *type, QObject *v,
                        Error **errp)
{
    QList *list_type = qobject_to(QList, type);
    QDict *inline_type = qobject_to(QDict, type);
    QList *list;
    int i = 0;

    if (inline_type) {
        return check_object(path, inline_type, v, errp);
    }
    if (!list_type) {
        return check_named(path, qstring_get_str(qobject_to(QString, type)),
                           v, errp);
    }
    list = qobject_to(QList, v);
    if (!list) {
        return bad_type(path, "array", errp);
    }
    for (GList *e = qlist_first(list); e; e = e->next, i++) {
        g_autofree char *p = g_strdup_printf("%s[%d]", path, i);

        if (!check_value(p, qlist_peek(list_type), qlist_entry_obj(e),
                         errp)) {
            return false;
        }
    }
    return true;
}

bool qmp_schema_check_args(const char *name, QDict *args, Error **errp)
{
    QDict *cmd = qmp_schema_command(name);
    QObject *data = cmd ? qdict_get(cmd, "data") : NULL;
    QDict *empty = qdict_new();
    QDict *members;
    bool ok;

    if (!cmd) {
        qobject_unref(empty);
        error_setg(errp, "The command %s has not been found", name);
        return false;
    }
    if (!args) {
        args = empty;
    }
    if (!data) {
        members = empty;
    } else if (qobject_to(QString, data)) {
        QDict *def = g_hash_table_lookup(types,
                                         qstring_get_str(qobject_to(QString,
                                                                    data)));
        members = qdict_get_qdict(def, "data");
    } else {
        members = qobject_to(QDict, data);
    }
    ok = check_object(NULL, members, QOBJECT(args), errp);
    qobject_unref(empty);
    return ok;
}

/* ---- command list ---- */

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *qmp_schema_command_names(void)
{
    GPtrArray *names = g_ptr_array_new();

    qmp_schema_init();
    for (guint i = 0; i < defs->len; i++) {
        QDict *d = g_ptr_array_index(defs, i);
        const char *name = qdict_get_try_str(d, "command");

        if (name && qmp_find_command(name)) {
            g_ptr_array_add(names, (gpointer)name);
        }
    }
    g_ptr_array_sort(names, cmp_str);
    return names;
}

char *qmp_schema_consistency_report(void)
{
    GString *out = g_string_new(NULL);
    GHashTableIter it;
    gpointer key;

    qmp_schema_init();
    g_hash_table_iter_init(&it, commands);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        if (!handlers || !g_hash_table_lookup(handlers, key)) {
            g_string_append_printf(out, "declared, no handler: %s\n",
                                   (char *)key);
        }
    }
    if (handlers) {
        g_hash_table_iter_init(&it, handlers);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            if (!g_hash_table_lookup(commands, key)) {
                g_string_append_printf(out, "handler, not declared: %s\n",
                                       (char *)key);
            }
        }
    }
    return g_string_free(out, FALSE);
}

/* ---- introspection ---- */

/*
 * Like QEMU, type names are masked: every non-builtin type gets a number
 * in order of first use; arrays are "[ELEMENT]".
 */
typedef struct Introspect {
    QList *out;
    GHashTable *names;           /* schema type name -> masked name */
    GHashTable *builtins;        /* builtin names used */
    int next;
    char *empty;                 /* the shared empty object */
} Introspect;

static const char *intro_ref(Introspect *in, QObject *type);

static QDict *intro_entity(const char *name, const char *meta)
{
    QDict *e = qdict_new();

    qdict_put_str(e, "name", name);
    qdict_put_str(e, "meta-type", meta);
    return e;
}

static char *intro_new_name(Introspect *in)
{
    return g_strdup_printf("%d", in->next++);
}

/* Returned names stay valid until the Introspect is destroyed. */
static const char *intro_object(Introspect *in, const char *key,
                                QDict *members)
{
    const char *masked;
    QDict *e;
    QList *ml;

    if (!members || qdict_size(members) == 0) {
        if (!in->empty) {
            in->empty = intro_new_name(in);
            e = intro_entity(in->empty, "object");
            qdict_put(e, "members", qlist_new());
            qlist_append(in->out, e);
        }
        return in->empty;
    }
    if (key && (masked = g_hash_table_lookup(in->names, key))) {
        return masked;
    }
    {
        g_autofree char *n = intro_new_name(in);
        e = intro_entity(n, "object");
    }
    masked = qdict_get_str(e, "name");
    if (key) {
        g_hash_table_insert(in->names, g_strdup(key), g_strdup(masked));
    }
    ml = qlist_new();
    qdict_put(e, "members", ml);
    qlist_append(in->out, e);
    for (const QDictEntry *m = qdict_first(members); m;
         m = qdict_next(members, m)) {
        const char *k = qdict_entry_key(m);
        QDict *md = qdict_new();

        qdict_put_str(md, "name", k + (k[0] == '*'));
        qdict_put_str(md, "type", intro_ref(in, qdict_entry_value(m)));
        if (k[0] == '*') {
            qdict_put_null(md, "default");
        }
        qlist_append(ml, md);
    }
    return masked;
}

static const char *intro_ref(Introspect *in, QObject *type)
{
    QList *lt = qobject_to(QList, type);
    QDict *dt = qobject_to(QDict, type);
    const char *name, *masked;
    QDict *def, *e;

    if (dt) {
        return intro_object(in, NULL, dt);
    }
    if (lt) {
        const char *elem = intro_ref(in, qlist_peek(lt));
        g_autofree char *arr = g_strdup_printf("[%s]", elem);

        if ((masked = g_hash_table_lookup(in->names, arr))) {
            return masked;
        }
        e = intro_entity(arr, "array");
        qdict_put_str(e, "element-type", elem);
        qlist_append(in->out, e);
        g_hash_table_insert(in->names, g_strdup(arr), g_strdup(arr));
        return g_hash_table_lookup(in->names, arr);
    }
    name = qstring_get_str(qobject_to(QString, type));
    if (is_builtin(name)) {
        g_hash_table_add(in->builtins, (gpointer)name);
        return name;
    }
    def = g_hash_table_lookup(types, name);
    if (qdict_haskey(def, "struct")) {
        return intro_object(in, name, qdict_get_qdict(def, "data"));
    }
    if ((masked = g_hash_table_lookup(in->names, name))) {
        return masked;
    }
    {
        g_autofree char *n = intro_new_name(in);
        QList *members = qlist_new(), *values = qlist_new();

        e = intro_entity(n, "enum");
        for (GList *v = qlist_first(qdict_get_qlist(def, "data")); v;
             v = v->next) {
            const char *s =
                qstring_get_str(qobject_to(QString, qlist_entry_obj(v)));
            QDict *m = qdict_new();

            qdict_put_str(m, "name", s);
            qlist_append(members, m);
            qlist_append_str(values, s);
        }
        qdict_put(e, "members", members);
        qdict_put(e, "values", values);
        qlist_append(in->out, e);
        g_hash_table_insert(in->names, g_strdup(name), g_strdup(n));
    }
    return g_hash_table_lookup(in->names, name);
}

/* A command's or event's 'data': inline members or a struct name. */
static const char *intro_args(Introspect *in, QObject *data)
{
    if (!data) {
        return intro_object(in, NULL, NULL);
    }
    return intro_ref(in, data);
}

QList *qmp_schema_introspect(void)
{
    Introspect in = { .out = qlist_new() };

    qmp_schema_init();
    in.names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    in.builtins = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < defs->len; i++) {
        QDict *d = g_ptr_array_index(defs, i);
        const char *cmd = qdict_get_try_str(d, "command");
        const char *ev = qdict_get_try_str(d, "event");
        QDict *e;

        if (cmd && qmp_find_command(cmd)) {
            e = intro_entity(cmd, "command");
            qdict_put_str(e, "arg-type",
                          intro_args(&in, qdict_get(d, "data")));
            qdict_put_str(e, "ret-type",
                          intro_args(&in, qdict_get(d, "returns")));
            qlist_append(in.out, e);
        } else if (ev) {
            e = intro_entity(ev, "event");
            qdict_put_str(e, "arg-type",
                          intro_args(&in, qdict_get(d, "data")));
            qlist_append(in.out, e);
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(builtin_names); i++) {
        if (g_hash_table_contains(in.builtins, builtin_names[i][0])) {
            QDict *e = intro_entity(builtin_names[i][0], "builtin");

            qdict_put_str(e, "json-type", builtin_names[i][1]);
            qlist_append(in.out, e);
        }
    }
    g_hash_table_destroy(in.names);
    g_hash_table_destroy(in.builtins);
    g_free(in.empty);
    return in.out;
}

/* ---- documentation ---- */

static void doc_type(GString *out, QObject *type)
{
    QList *l = qobject_to(QList, type);
    QDict *d = qobject_to(QDict, type);

    if (l) {
        g_string_append_c(out, '[');
        doc_type(out, qlist_peek(l));
        g_string_append_c(out, ']');
    } else if (d) {
        bool first = true;

        g_string_append(out, "{");
        for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
            g_string_append_printf(out, "%s%s: ", first ? "" : ", ",
                                   qdict_entry_key(e));
            doc_type(out, qdict_entry_value(e));
            first = false;
        }
        g_string_append(out, "}");
    } else {
        g_string_append(out, qstring_get_str(qobject_to(QString, type)));
    }
}

static void doc_struct(GString *out, const char *name)
{
    QDict *def = g_hash_table_lookup(types, name);

    if (!def) {
        return;
    }
    g_string_append_printf(out, "- `%s`: `", name);
    if (qdict_haskey(def, "enum")) {
        bool first = true;

        for (GList *e = qlist_first(qdict_get_qlist(def, "data")); e;
             e = e->next) {
            g_string_append_printf(out, "%s\"%s\"", first ? "" : " | ",
                                   qstring_get_str(qobject_to(
                                       QString, qlist_entry_obj(e))));
            first = false;
        }
    } else {
        doc_type(out, qdict_get(def, "data"));
    }
    g_string_append(out, "`\n");
}

char *qmp_schema_doc_markdown(void)
{
    GString *out = g_string_new(NULL);

    qmp_schema_init();
    for (int pass = 0; pass < 3; pass++) {
        static const char *const kind[] = { "command", "event", "struct" };
        static const char *const title[] = { "Commands", "Events", "Types" };

        g_string_append_printf(out, "### %s\n\n", title[pass]);
        for (guint i = 0; i < defs->len; i++) {
            QDict *d = g_ptr_array_index(defs, i);
            const char *name = qdict_get_try_str(d, kind[pass]);
            const char *doc = qdict_get_try_str(d, "doc");

            if (pass == 2) {
                name = name ? name : qdict_get_try_str(d, "enum");
                if (name) {
                    doc_struct(out, name);
                }
                continue;
            }
            if (!name) {
                continue;
            }
            g_string_append_printf(out, "- `%s`", name);
            if (qdict_get(d, "data")) {
                g_string_append(out, " (`");
                doc_type(out, qdict_get(d, "data"));
                g_string_append(out, "`)");
            }
            if (qdict_get(d, "returns")) {
                g_string_append(out, " → `");
                doc_type(out, qdict_get(d, "returns"));
                g_string_append(out, "`");
            }
            if (doc) {
                g_string_append_printf(out, ": %s", doc);
            }
            g_string_append_c(out, '\n');
        }
        g_string_append_c(out, '\n');
    }
    return g_string_free(out, FALSE);
}
