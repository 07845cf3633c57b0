/*
 * QemuOpts parsing, validation and access (see qemu/option.h).
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/cutils.h"
#include "qemu/error.h"

bool is_help_option(const char *s)
{
    return !strcmp(s, "?") || !strcmp(s, "help");
}

/*
 * Copy the value starting at p up to an unescaped ',' (",," is a comma).
 * Returns the position of the terminating ',' or NUL.
 */
static const char *get_opt_value(const char *p, char **value)
{
    GString *gs = g_string_new(NULL);

    for (;;) {
        size_t n = strcspn(p, ",");
        g_string_append_len(gs, p, n);
        p += n;
        if (p[0] == ',' && p[1] == ',') {
            g_string_append_c(gs, ',');
            p += 2;
            continue;
        }
        break;
    }
    *value = g_string_free(gs, false);
    return p;
}

bool has_help_option(const char *param)
{
    const char *p = param;
    bool ret = false;

    while (*p && !ret) {
        char *v;
        p = get_opt_value(p, &v);
        if (*p) {
            p++;
        }
        ret = is_help_option(v);
        g_free(v);
    }
    return ret;
}

/*
 * Split off one "name=value", implied-first-key value or bare flag.
 * Returns the start of the next element.
 */
static const char *get_opt_name_value(const char *params,
                                      const char *firstname,
                                      bool warn_on_flag, bool *help_wanted,
                                      char **name, char **value)
{
    size_t len = strcspn(params, "=,");
    const char *p;
    bool is_help = false;

    if (params[len] == '=') {
        *name = g_strndup(params, len);
        p = get_opt_value(params + len + 1, value);
    } else if (firstname) {
        *name = g_strdup(firstname);
        p = get_opt_value(params, value);
    } else {
        /* A flag: "key" is key=on, "nokey" is key=off.  */
        const char *prefix = "";
        *name = g_strndup(params, len);
        p = params + len;
        if (g_str_has_prefix(*name, "no")) {
            memmove(*name, *name + 2, strlen(*name + 2) + 1);
            *value = g_strdup("off");
            prefix = "no";
        } else {
            *value = g_strdup("on");
            is_help = is_help_option(*name);
        }
        if (!is_help && warn_on_flag) {
            if (!strcmp(*name, "delay")) {
                /* "nodelay" is an option of its own, not delay=off.  */
                warn_report("short-form boolean option '%s%s' deprecated\n"
                            "Please use nodelay=%s instead",
                            prefix, *name, prefix[0] ? "on" : "off");
            } else {
                warn_report("short-form boolean option '%s%s' deprecated\n"
                            "Please use %s=%s instead",
                            prefix, *name, *name, *value);
            }
        }
    }
    if (help_wanted && is_help) {
        *help_wanted = true;
    }
    if (*p == ',') {
        p++;
    }
    return p;
}

static const QemuOptDesc *find_desc_by_name(const QemuOptDesc *desc,
                                            const char *name)
{
    for (int i = 0; desc && desc[i].name; i++) {
        if (!strcmp(desc[i].name, name)) {
            return &desc[i];
        }
    }
    return NULL;
}

static bool opts_accepts_any(const QemuOptsList *list)
{
    return list->desc[0].name == NULL;
}

static const char *find_default_by_name(QemuOpts *opts, const char *name)
{
    const QemuOptDesc *desc = find_desc_by_name(opts->list->desc, name);
    return desc ? desc->def_value_str : NULL;
}

static bool parse_option_number(const char *name, const char *value,
                                uint64_t *ret, Error **errp)
{
    uint64_t number;
    int err = qemu_strtou64(value, NULL, 0, &number);

    if (err == -ERANGE) {
        error_setg(errp, "Value '%s' is too large for parameter '%s'", value,
                   name);
        return false;
    }
    if (err) {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    *ret = number;
    return true;
}

static bool parse_option_size(const char *name, const char *value,
                              uint64_t *ret, Error **errp)
{
    uint64_t size;
    int err = qemu_strtosz(value, NULL, &size);

    if (err == -ERANGE) {
        error_setg(errp, "Value '%s' is out of range for parameter '%s'",
                   value, name);
        return false;
    }
    if (err) {
        error_setg(errp,
                   "Parameter '%s' expects a non-negative number below 2^64",
                   name);
        error_append_hint(errp, "Optional suffix k, M, G, T, P or E means"
                                " kilo-, mega-, giga-, tera-, peta-\n"
                                "and exabytes, respectively.\n");
        return false;
    }
    *ret = size;
    return true;
}

static bool qemu_opt_parse(QemuOpt *opt, Error **errp)
{
    if (!opt->desc) {
        return true;
    }
    switch (opt->desc->type) {
    case QEMU_OPT_STRING:
        return true;
    case QEMU_OPT_BOOL:
        return qapi_bool_parse(opt->name, opt->str, &opt->value.boolean, errp);
    case QEMU_OPT_NUMBER:
        return parse_option_number(opt->name, opt->str, &opt->value.uint,
                                   errp);
    case QEMU_OPT_SIZE:
        return parse_option_size(opt->name, opt->str, &opt->value.uint, errp);
    }
    g_assert_not_reached();
}

static void qemu_opt_del(QemuOpt *opt)
{
    g_queue_remove(&opt->opts->opts, opt);
    g_free(opt->name);
    g_free(opt->str);
    g_free(opt);
}

/* Takes ownership of name and value.  */
static QemuOpt *opt_create(QemuOpts *opts, char *name, char *value)
{
    QemuOpt *opt = g_new0(QemuOpt, 1);

    opt->name = name;
    opt->str = value;
    opt->opts = opts;
    g_queue_push_tail(&opts->opts, opt);
    return opt;
}

static bool opt_validate(QemuOpt *opt, Error **errp)
{
    const QemuOptsList *list = opt->opts->list;
    const QemuOptDesc *desc = find_desc_by_name(list->desc, opt->name);

    if (!desc && !opts_accepts_any(list)) {
        error_setg(errp, "Invalid parameter '%s'", opt->name);
        return false;
    }
    opt->desc = desc;
    return qemu_opt_parse(opt, errp);
}

QemuOpt *qemu_opt_find(QemuOpts *opts, const char *name)
{
    /* The last occurrence wins.  */
    for (GList *l = opts->opts.tail; l; l = l->prev) {
        QemuOpt *opt = l->data;
        if (!strcmp(opt->name, name)) {
            return opt;
        }
    }
    return NULL;
}

const char *qemu_opt_get(QemuOpts *opts, const char *name)
{
    QemuOpt *opt;

    if (!opts) {
        return NULL;
    }
    opt = qemu_opt_find(opts, name);
    return opt ? opt->str : find_default_by_name(opts, name);
}

char *qemu_opt_get_del(QemuOpts *opts, const char *name)
{
    QemuOpt *opt;
    char *str;

    if (!opts) {
        return NULL;
    }
    opt = qemu_opt_find(opts, name);
    if (!opt) {
        return g_strdup(find_default_by_name(opts, name));
    }
    str = g_strdup(opt->str);
    qemu_opt_unset(opts, name);
    return str;
}

bool qemu_opt_has_help_opt(QemuOpts *opts)
{
    for (GList *l = opts->opts.head; l; l = l->next) {
        QemuOpt *opt = l->data;
        if (is_help_option(opt->name)) {
            return true;
        }
    }
    return false;
}

bool qemu_opt_get_bool(QemuOpts *opts, const char *name, bool defval)
{
    QemuOpt *opt;
    const char *s;
    bool ret = defval;

    if (!opts) {
        return defval;
    }
    opt = qemu_opt_find(opts, name);
    if (opt && opt->desc && opt->desc->type == QEMU_OPT_BOOL) {
        return opt->value.boolean;
    }
    /* Unvalidated option or default: parse the text now.  */
    s = opt ? opt->str : find_default_by_name(opts, name);
    if (s && !qemu_parse_bool(s, &ret)) {
        ret = defval;
    }
    return ret;
}

static uint64_t get_uint(QemuOpts *opts, const char *name, uint64_t defval,
                         QemuOptType type)
{
    QemuOpt *opt;
    const char *s;
    uint64_t ret = defval;

    if (!opts) {
        return defval;
    }
    opt = qemu_opt_find(opts, name);
    if (opt && opt->desc && opt->desc->type == type) {
        return opt->value.uint;
    }
    s = opt ? opt->str : find_default_by_name(opts, name);
    if (s) {
        int err = type == QEMU_OPT_SIZE ? qemu_strtosz(s, NULL, &ret)
                                        : qemu_strtou64(s, NULL, 0, &ret);
        if (err) {
            ret = defval;
        }
    }
    return ret;
}

uint64_t qemu_opt_get_number(QemuOpts *opts, const char *name,
                             uint64_t defval)
{
    return get_uint(opts, name, defval, QEMU_OPT_NUMBER);
}

uint64_t qemu_opt_get_size(QemuOpts *opts, const char *name, uint64_t defval)
{
    return get_uint(opts, name, defval, QEMU_OPT_SIZE);
}

int qemu_opt_unset(QemuOpts *opts, const char *name)
{
    QemuOpt *opt;
    bool found = false;

    while ((opt = qemu_opt_find(opts, name))) {
        qemu_opt_del(opt);
        found = true;
    }
    return found ? 0 : -1;
}

bool qemu_opt_set(QemuOpts *opts, const char *name, const char *value,
                  Error **errp)
{
    QemuOpt *opt = opt_create(opts, g_strdup(name), g_strdup(value));

    if (!opt_validate(opt, errp)) {
        qemu_opt_del(opt);
        return false;
    }
    return true;
}

bool qemu_opt_set_bool(QemuOpts *opts, const char *name, bool val,
                       Error **errp)
{
    return qemu_opt_set(opts, name, val ? "on" : "off", errp);
}

bool qemu_opt_set_number(QemuOpts *opts, const char *name, int64_t val,
                         Error **errp)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%" PRId64, val);
    return qemu_opt_set(opts, name, buf, errp);
}

int qemu_opt_foreach(QemuOpts *opts, qemu_opt_loopfunc func, void *opaque,
                     Error **errp)
{
    for (GList *l = opts->opts.head; l; l = l->next) {
        QemuOpt *opt = l->data;
        int rc = func(opaque, opt->name, opt->str, errp);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

QemuOpts *qemu_opts_find(QemuOptsList *list, const char *id)
{
    for (GList *l = list->head.head; l; l = l->next) {
        QemuOpts *opts = l->data;
        if (!opts->id && !id) {
            return opts;
        }
        if (opts->id && id && !strcmp(opts->id, id)) {
            return opts;
        }
    }
    return NULL;
}

QemuOpts *qemu_opts_create(QemuOptsList *list, const char *id,
                           int fail_if_exists, Error **errp)
{
    QemuOpts *opts;

    if (list->merge_lists) {
        if (id) {
            error_setg(errp, "Invalid parameter '%s'", "id");
            return NULL;
        }
        opts = qemu_opts_find(list, NULL);
        if (opts) {
            return opts;
        }
    } else if (id) {
        if (!id_wellformed(id)) {
            error_setg(errp, "Parameter '%s' expects %s", "id",
                       "an identifier");
            error_append_hint(errp, "Identifiers consist of letters, digits, "
                                    "'-', '.', '_', starting with a letter.\n");
            return NULL;
        }
        opts = qemu_opts_find(list, id);
        if (opts) {
            if (fail_if_exists) {
                error_setg(errp, "Duplicate ID '%s' for %s", id, list->name);
                return NULL;
            }
            return opts;
        }
    }
    opts = g_new0(QemuOpts, 1);
    opts->id = g_strdup(id);
    opts->list = list;
    g_queue_init(&opts->opts);
    g_queue_push_tail(&list->head, opts);
    return opts;
}

void qemu_opts_reset(QemuOptsList *list)
{
    QemuOpts *opts;

    while ((opts = g_queue_peek_head(&list->head))) {
        qemu_opts_del(opts);
    }
}

const char *qemu_opts_id(QemuOpts *opts)
{
    return opts->id;
}

void qemu_opts_set_id(QemuOpts *opts, char *id)
{
    g_free(opts->id);
    opts->id = id;
}

void qemu_opts_del(QemuOpts *opts)
{
    QemuOpt *opt;

    if (!opts) {
        return;
    }
    while ((opt = g_queue_peek_head(&opts->opts))) {
        qemu_opt_del(opt);
    }
    g_queue_remove(&opts->list->head, opts);
    g_free(opts->id);
    g_free(opts);
}

bool qemu_opts_validate(QemuOpts *opts, const QemuOptDesc *desc,
                        Error **errp)
{
    for (GList *l = opts->opts.head; l; l = l->next) {
        QemuOpt *opt = l->data;
        opt->desc = find_desc_by_name(desc, opt->name);
        if (!opt->desc) {
            error_setg(errp, "Invalid parameter '%s'", opt->name);
            return false;
        }
        if (!qemu_opt_parse(opt, errp)) {
            return false;
        }
    }
    return true;
}

static bool opts_do_parse(QemuOpts *opts, const char *params,
                          const char *firstname, bool warn_on_flag,
                          bool *help_wanted, Error **errp)
{
    const char *p = params;
    char *name, *value;

    while (*p) {
        p = get_opt_name_value(p, firstname, warn_on_flag, help_wanted, &name,
                               &value);
        if (help_wanted && *help_wanted) {
            g_free(name);
            g_free(value);
            return false;
        }
        firstname = NULL;
        if (!strcmp(name, "id")) {
            /* Already taken by opts_parse_id().  */
            g_free(name);
            g_free(value);
            continue;
        }
        QemuOpt *opt = opt_create(opts, name, value);
        if (!opt_validate(opt, errp)) {
            qemu_opt_del(opt);
            return false;
        }
    }
    return true;
}

bool qemu_opts_do_parse(QemuOpts *opts, const char *params,
                        const char *firstname, Error **errp)
{
    return opts_do_parse(opts, params, firstname, false, NULL, errp);
}

/* The value of the last "id=" element, if any.  */
static char *opts_parse_id(const char *params)
{
    const char *p = params;
    char *name, *value, *id = NULL;

    while (*p) {
        p = get_opt_name_value(p, NULL, false, NULL, &name, &value);
        if (!strcmp(name, "id")) {
            g_free(id);
            id = value;
            value = NULL;
        }
        g_free(name);
        g_free(value);
    }
    return id;
}

static QemuOpts *opts_parse(QemuOptsList *list, const char *params,
                            bool permit_abbrev, bool warn_on_flag,
                            bool *help_wanted, Error **errp)
{
    const char *firstname = permit_abbrev ? list->implied_opt_name : NULL;
    char *id = opts_parse_id(params);
    QemuOpts *opts;

    opts = qemu_opts_create(list, id, !list->merge_lists, errp);
    g_free(id);
    if (!opts) {
        return NULL;
    }
    if (!opts_do_parse(opts, params, firstname, warn_on_flag, help_wanted,
                       errp)) {
        qemu_opts_del(opts);
        return NULL;
    }
    return opts;
}

QemuOpts *qemu_opts_parse(QemuOptsList *list, const char *params,
                          bool permit_abbrev, Error **errp)
{
    return opts_parse(list, params, permit_abbrev, false, NULL, errp);
}

QemuOpts *qemu_opts_parse_noisily(QemuOptsList *list, const char *params,
                                  bool permit_abbrev)
{
    Error *err = NULL;
    bool help_wanted = false;
    QemuOpts *opts;

    opts = opts_parse(list, params, permit_abbrev, true,
                      opts_accepts_any(list) ? NULL : &help_wanted, &err);
    if (!opts) {
        if (help_wanted) {
            qemu_opts_print_help(list, true);
            if (err) {
                error_free(err);
            }
        } else {
            error_report_err(err);
        }
    }
    return opts;
}

QemuOpts *qemu_opts_from_qdict(QemuOptsList *list, const QDict *qdict,
                               Error **errp)
{
    QemuOpts *opts;

    opts = qemu_opts_create(list, qdict_get_try_str(qdict, "id"), 1, errp);
    if (!opts) {
        return NULL;
    }
    for (const QDictEntry *e = qdict_first(qdict); e;
         e = qdict_next(qdict, e)) {
        QObject *v = e->value;
        char *s = NULL;

        if (!strcmp(e->key, "id")) {
            continue;
        }
        switch (qobject_type(v)) {
        case QTYPE_QSTRING:
            s = g_strdup(qstring_get_str(qobject_to(QString, v)));
            break;
        case QTYPE_QNUM:
            s = qnum_to_string(qobject_to(QNum, v));
            break;
        case QTYPE_QBOOL:
            s = g_strdup(qbool_get_bool(qobject_to(QBool, v)) ? "on" : "off");
            break;
        default:
            /* Nested values have no QemuOpts form.  */
            error_setg(errp, "Parameter '%s' expects %s", e->key,
                       "a scalar value");
            qemu_opts_del(opts);
            return NULL;
        }
        bool ok = qemu_opt_set(opts, e->key, s, errp);
        g_free(s);
        if (!ok) {
            qemu_opts_del(opts);
            return NULL;
        }
    }
    return opts;
}

QDict *qemu_opts_to_qdict(QemuOpts *opts, QDict *qdict)
{
    if (!qdict) {
        qdict = qdict_new();
    }
    if (opts->id) {
        qdict_put_str(qdict, "id", opts->id);
    }
    for (GList *l = opts->opts.head; l; l = l->next) {
        QemuOpt *opt = l->data;
        qdict_put_str(qdict, opt->name, opt->str);
    }
    return qdict;
}

int qemu_opts_foreach(QemuOptsList *list, qemu_opts_loopfunc func,
                      void *opaque, Error **errp)
{
    GList *l, *next;

    for (l = list->head.head; l; l = next) {
        next = l->next;     /* func may delete the current opts */
        int rc = func(opaque, l->data, errp);
        if (rc) {
            return rc;
        }
    }
    return 0;
}

static const char *opt_type_to_string(QemuOptType type)
{
    switch (type) {
    case QEMU_OPT_STRING:
        return "str";
    case QEMU_OPT_BOOL:
        return "bool (on/off)";
    case QEMU_OPT_NUMBER:
        return "num";
    case QEMU_OPT_SIZE:
        return "size";
    }
    g_assert_not_reached();
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void qemu_opts_print_help(QemuOptsList *list, bool print_caption)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    for (const QemuOptDesc *d = list->desc; d->name; d++) {
        GString *gs = g_string_new(NULL);
        g_string_append_printf(gs, "  %s=<%s>", d->name,
                               opt_type_to_string(d->type));
        if (d->help) {
            while (gs->len < 24) {
                g_string_append_c(gs, ' ');
            }
            g_string_append_printf(gs, " - %s", d->help);
        }
        g_ptr_array_add(lines, g_string_free(gs, false));
    }
    g_ptr_array_sort(lines, cmp_str);
    if (print_caption && lines->len > 0) {
        if (list->name) {
            printf("%s options:\n", list->name);
        } else {
            printf("Options:\n");
        }
    } else if (lines->len == 0) {
        if (list->name) {
            printf("There are no options for %s.\n", list->name);
        } else {
            printf("No options.\n");
        }
    }
    for (guint i = 0; i < lines->len; i++) {
        printf("%s\n", (char *)lines->pdata[i]);
    }
    g_ptr_array_free(lines, true);
}

static void append_escaped(GString *gs, const char *s)
{
    for (; *s; s++) {
        g_string_append_c(gs, *s);
        if (*s == ',') {
            g_string_append_c(gs, ',');
        }
    }
}

char *qemu_opts_to_string(QemuOpts *opts)
{
    GString *gs = g_string_new(NULL);

    if (opts->id) {
        g_string_append(gs, "id=");
        append_escaped(gs, opts->id);
    }
    for (GList *l = opts->opts.head; l; l = l->next) {
        QemuOpt *opt = l->data;
        if (gs->len) {
            g_string_append_c(gs, ',');
        }
        g_string_append_printf(gs, "%s=", opt->name);
        append_escaped(gs, opt->str);
    }
    return g_string_free(gs, false);
}
