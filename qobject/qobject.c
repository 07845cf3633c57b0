/*
 * QObject core: reference counting, type checks, scalars and equality.
 */
#include "qemu/osdep.h"
#include "qobject/qobject.h"

#include <math.h>

static void qdict_destroy(QDict *qd);
static void qlist_destroy(QList *ql);

/* The one QNull; its count never reaches zero.  */
static QNull qnull_singleton = {
    .base.base = { .type = QTYPE_QNULL, .refcnt = 1 },
};

QObject *qobject_ref_impl(QObject *obj)
{
    if (obj) {
        obj->base.refcnt++;
    }
    return obj;
}

void qobject_unref_impl(QObject *obj)
{
    if (!obj) {
        return;
    }
    assert(obj->base.refcnt > 0);
    if (--obj->base.refcnt) {
        return;
    }
    switch (obj->base.type) {
    case QTYPE_QSTRING: {
        QString *qs = container_of(obj, QString, base);
        g_free(qs->string);
        g_free(qs);
        break;
    }
    case QTYPE_QDICT:
        qdict_destroy(container_of(obj, QDict, base));
        break;
    case QTYPE_QLIST:
        qlist_destroy(container_of(obj, QList, base));
        break;
    case QTYPE_QNULL:
        /* Only the singleton exists and it holds a permanent reference.  */
        g_assert_not_reached();
    default:
        g_free(obj);
        break;
    }
}

QObject *qobject_check_type_(QObject *obj, QType type)
{
    if (obj && obj->base.type == type) {
        return obj;
    }
    return NULL;
}

const char *qtype_name(QType type)
{
    static const char *const names[QTYPE__MAX] = {
        [QTYPE_NONE] = "none",     [QTYPE_QNULL] = "null",
        [QTYPE_QNUM] = "number",   [QTYPE_QSTRING] = "string",
        [QTYPE_QDICT] = "dict",    [QTYPE_QLIST] = "list",
        [QTYPE_QBOOL] = "boolean",
    };
    if ((unsigned)type >= QTYPE__MAX) {
        return "invalid";
    }
    return names[type];
}

static void qobject_init(QObject *obj, QType type)
{
    obj->base.type = type;
    obj->base.refcnt = 1;
}

QNull *qnull(void)
{
    qobject_ref_impl(QOBJECT(&qnull_singleton));
    return &qnull_singleton;
}

QBool *qbool_from_bool(bool value)
{
    QBool *qb = g_new(QBool, 1);
    qobject_init(QOBJECT(qb), QTYPE_QBOOL);
    qb->value = value;
    return qb;
}

bool qbool_get_bool(const QBool *qb)
{
    return qb->value;
}

static QNum *qnum_alloc(QNumKind kind)
{
    QNum *qn = g_new(QNum, 1);
    qobject_init(QOBJECT(qn), QTYPE_QNUM);
    qn->kind = kind;
    return qn;
}

QNum *qnum_from_int(int64_t value)
{
    QNum *qn = qnum_alloc(QNUM_I64);
    qn->u.i64 = value;
    return qn;
}

QNum *qnum_from_uint(uint64_t value)
{
    QNum *qn = qnum_alloc(QNUM_U64);
    qn->u.u64 = value;
    return qn;
}

QNum *qnum_from_double(double value)
{
    QNum *qn = qnum_alloc(QNUM_DOUBLE);
    qn->u.dbl = value;
    return qn;
}

bool qnum_get_try_int(const QNum *qn, int64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        if (qn->u.u64 > INT64_MAX) {
            return false;
        }
        *val = qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        /* Doubles are never silently truncated, as in QEMU.  */
        return false;
    }
    g_assert_not_reached();
}

bool qnum_get_try_uint(const QNum *qn, uint64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        if (qn->u.i64 < 0) {
            return false;
        }
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        *val = qn->u.u64;
        return true;
    case QNUM_DOUBLE:
        return false;
    }
    g_assert_not_reached();
}

int64_t qnum_get_int(const QNum *qn)
{
    int64_t val;
    bool ok = qnum_get_try_int(qn, &val);
    assert(ok);
    return val;
}

uint64_t qnum_get_uint(const QNum *qn)
{
    uint64_t val;
    bool ok = qnum_get_try_uint(qn, &val);
    assert(ok);
    return val;
}

double qnum_get_double(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return qn->u.i64;
    case QNUM_U64:
        return qn->u.u64;
    case QNUM_DOUBLE:
        return qn->u.dbl;
    }
    g_assert_not_reached();
}

char *qnum_to_string(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return g_strdup_printf("%" PRId64, qn->u.i64);
    case QNUM_U64:
        return g_strdup_printf("%" PRIu64, qn->u.u64);
    case QNUM_DOUBLE:
        /* 17 significant digits always read back as the same double.  */
        return g_strdup_printf("%.17g", qn->u.dbl);
    }
    g_assert_not_reached();
}

static bool qnum_is_equal(const QNum *a, const QNum *b)
{
    if (a->kind == QNUM_DOUBLE || b->kind == QNUM_DOUBLE) {
        /* As in QEMU, an integer never equals a double.  */
        return a->kind == b->kind && a->u.dbl == b->u.dbl;
    }
    if (a->kind == b->kind) {
        return a->u.u64 == b->u.u64;
    }
    /* One signed, one unsigned: equal only when both are non-negative. */
    int64_t s = a->kind == QNUM_I64 ? a->u.i64 : b->u.i64;
    uint64_t u = a->kind == QNUM_U64 ? a->u.u64 : b->u.u64;
    return s >= 0 && (uint64_t)s == u;
}

bool qobject_is_equal(const QObject *a, const QObject *b)
{
    if (a == b) {
        /* NaN != NaN even for the same object, as with doubles.  */
        if (a && a->base.type == QTYPE_QNUM) {
            const QNum *n = container_of(a, QNum, base);
            return !(n->kind == QNUM_DOUBLE && isnan(n->u.dbl));
        }
        return true;
    }
    if (!a || !b || a->base.type != b->base.type) {
        return false;
    }
    switch (a->base.type) {
    case QTYPE_QNULL:
        return true;
    case QTYPE_QBOOL:
        return container_of(a, QBool, base)->value ==
               container_of(b, QBool, base)->value;
    case QTYPE_QNUM:
        return qnum_is_equal(container_of(a, QNum, base),
                             container_of(b, QNum, base));
    case QTYPE_QSTRING: {
        const QString *x = container_of(a, QString, base);
        const QString *y = container_of(b, QString, base);
        return x->length == y->length && !memcmp(x->string, y->string,
                                                 x->length);
    }
    case QTYPE_QLIST: {
        const QList *x = container_of(a, QList, base);
        const QList *y = container_of(b, QList, base);
        GList *e, *f;
        for (e = x->entries.head, f = y->entries.head; e && f;
             e = e->next, f = f->next) {
            if (!qobject_is_equal(e->data, f->data)) {
                return false;
            }
        }
        return !e && !f;
    }
    case QTYPE_QDICT: {
        const QDict *x = container_of(a, QDict, base);
        const QDict *y = container_of(b, QDict, base);
        if (qdict_size(x) != qdict_size(y)) {
            return false;
        }
        /* Order does not matter for equality, only the mapping.  */
        for (const QDictEntry *e = qdict_first(x); e; e = qdict_next(x, e)) {
            QObject *v = qdict_get(y, e->key);
            if (!v || !qobject_is_equal(e->value, v)) {
                return false;
            }
        }
        return true;
    }
    default:
        g_assert_not_reached();
    }
}

/* ---- QString ---- */

static void qstring_reserve(QString *qs, size_t extra)
{
    size_t need = qs->length + extra + 1;
    if (need > qs->capacity) {
        size_t cap = MAX(need, qs->capacity * 2);
        qs->string = g_realloc(qs->string, cap);
        qs->capacity = cap;
    }
}

QString *qstring_from_substr(const char *str, size_t start, size_t end)
{
    QString *qs = g_new(QString, 1);
    assert(start <= end);
    qobject_init(QOBJECT(qs), QTYPE_QSTRING);
    qs->length = end - start;
    qs->capacity = qs->length + 1;
    qs->string = g_malloc(qs->capacity);
    memcpy(qs->string, str + start, qs->length);
    qs->string[qs->length] = 0;
    return qs;
}

QString *qstring_new(void)
{
    return qstring_from_substr("", 0, 0);
}

QString *qstring_from_str(const char *str)
{
    return qstring_from_substr(str, 0, strlen(str));
}

QString *qstring_from_gstring(GString *gstr)
{
    QString *qs = g_new(QString, 1);
    qobject_init(QOBJECT(qs), QTYPE_QSTRING);
    qs->length = gstr->len;
    qs->capacity = gstr->allocated_len;
    qs->string = g_string_free(gstr, false);
    return qs;
}

const char *qstring_get_str(const QString *qs)
{
    return qs->string;
}

size_t qstring_get_length(const QString *qs)
{
    return qs->length;
}

void qstring_append(QString *qs, const char *str)
{
    size_t len = strlen(str);
    qstring_reserve(qs, len);
    memcpy(qs->string + qs->length, str, len + 1);
    qs->length += len;
}

void qstring_append_chr(QString *qs, int c)
{
    qstring_reserve(qs, 1);
    qs->string[qs->length++] = c;
    qs->string[qs->length] = 0;
}

/* ---- QList ---- */

QList *qlist_new(void)
{
    QList *ql = g_new(QList, 1);
    qobject_init(QOBJECT(ql), QTYPE_QLIST);
    g_queue_init(&ql->entries);
    return ql;
}

static void qlist_destroy(QList *ql)
{
    QObject *obj;
    while ((obj = g_queue_pop_head(&ql->entries))) {
        qobject_unref(obj);
    }
    g_free(ql);
}

void qlist_append_obj(QList *ql, QObject *obj)
{
    assert(obj);
    g_queue_push_tail(&ql->entries, obj);
}

void qlist_append_int(QList *ql, int64_t value)
{
    qlist_append(ql, qnum_from_int(value));
}

void qlist_append_str(QList *ql, const char *value)
{
    qlist_append(ql, qstring_from_str(value));
}

void qlist_append_bool(QList *ql, bool value)
{
    qlist_append(ql, qbool_from_bool(value));
}

void qlist_append_null(QList *ql)
{
    qlist_append(ql, qnull());
}

QObject *qlist_pop(QList *ql)
{
    return g_queue_pop_head(&ql->entries);
}

QObject *qlist_peek(QList *ql)
{
    return g_queue_peek_head(&ql->entries);
}

size_t qlist_size(const QList *ql)
{
    return ql->entries.length;
}

bool qlist_empty(const QList *ql)
{
    return ql->entries.length == 0;
}

GList *qlist_first(const QList *ql)
{
    return ql->entries.head;
}

/* ---- QDict ---- */

static void qdict_entry_free(gpointer data)
{
    QDictEntry *e = data;
    qobject_unref(e->value);
    g_free(e->key);
    g_free(e);
}

QDict *qdict_new(void)
{
    QDict *qd = g_new(QDict, 1);
    qobject_init(QOBJECT(qd), QTYPE_QDICT);
    qd->table = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                      qdict_entry_free);
    g_queue_init(&qd->order);
    return qd;
}

static void qdict_destroy(QDict *qd)
{
    g_queue_clear(&qd->order);
    g_hash_table_destroy(qd->table);
    g_free(qd);
}

void qdict_put_obj(QDict *qd, const char *key, QObject *value)
{
    QDictEntry *e = g_hash_table_lookup(qd->table, key);
    assert(value);
    if (e) {
        qobject_unref(e->value);
        e->value = value;
        return;
    }
    e = g_new(QDictEntry, 1);
    e->key = g_strdup(key);
    e->value = value;
    g_queue_push_tail(&qd->order, e->key);
    e->link = qd->order.tail;
    g_hash_table_insert(qd->table, e->key, e);
}

void qdict_put_int(QDict *qd, const char *key, int64_t value)
{
    qdict_put(qd, key, qnum_from_int(value));
}

void qdict_put_uint(QDict *qd, const char *key, uint64_t value)
{
    qdict_put(qd, key, qnum_from_uint(value));
}

void qdict_put_double(QDict *qd, const char *key, double value)
{
    qdict_put(qd, key, qnum_from_double(value));
}

void qdict_put_bool(QDict *qd, const char *key, bool value)
{
    qdict_put(qd, key, qbool_from_bool(value));
}

void qdict_put_str(QDict *qd, const char *key, const char *value)
{
    qdict_put(qd, key, qstring_from_str(value));
}

void qdict_put_null(QDict *qd, const char *key)
{
    qdict_put(qd, key, qnull());
}

QObject *qdict_get(const QDict *qd, const char *key)
{
    QDictEntry *e = g_hash_table_lookup(qd->table, key);
    return e ? e->value : NULL;
}

bool qdict_haskey(const QDict *qd, const char *key)
{
    return g_hash_table_contains(qd->table, key);
}

void qdict_del(QDict *qd, const char *key)
{
    QDictEntry *e = g_hash_table_lookup(qd->table, key);
    if (e) {
        g_queue_delete_link(&qd->order, e->link);
        g_hash_table_remove(qd->table, key);
    }
}

size_t qdict_size(const QDict *qd)
{
    return qd->order.length;
}

int64_t qdict_get_try_int(const QDict *qd, const char *key, int64_t def)
{
    QNum *qn = qobject_to(QNum, qdict_get(qd, key));
    int64_t val;
    if (!qn || !qnum_get_try_int(qn, &val)) {
        return def;
    }
    return val;
}

uint64_t qdict_get_try_uint(const QDict *qd, const char *key, uint64_t def)
{
    QNum *qn = qobject_to(QNum, qdict_get(qd, key));
    uint64_t val;
    if (!qn || !qnum_get_try_uint(qn, &val)) {
        return def;
    }
    return val;
}

bool qdict_get_try_bool(const QDict *qd, const char *key, bool def)
{
    QBool *qb = qobject_to(QBool, qdict_get(qd, key));
    return qb ? qb->value : def;
}

const char *qdict_get_try_str(const QDict *qd, const char *key)
{
    QString *qs = qobject_to(QString, qdict_get(qd, key));
    return qs ? qs->string : NULL;
}

QDict *qdict_get_qdict(const QDict *qd, const char *key)
{
    return qobject_to(QDict, qdict_get(qd, key));
}

QList *qdict_get_qlist(const QDict *qd, const char *key)
{
    return qobject_to(QList, qdict_get(qd, key));
}

int64_t qdict_get_int(const QDict *qd, const char *key)
{
    QNum *qn = qobject_to(QNum, qdict_get(qd, key));
    assert(qn);
    return qnum_get_int(qn);
}

bool qdict_get_bool(const QDict *qd, const char *key)
{
    QBool *qb = qobject_to(QBool, qdict_get(qd, key));
    assert(qb);
    return qb->value;
}

const char *qdict_get_str(const QDict *qd, const char *key)
{
    QString *qs = qobject_to(QString, qdict_get(qd, key));
    assert(qs);
    return qs->string;
}

GList *qdict_first_key(const QDict *qd)
{
    return qd->order.head;
}

const QDictEntry *qdict_first(const QDict *qd)
{
    GList *l = qd->order.head;
    return l ? g_hash_table_lookup(qd->table, l->data) : NULL;
}

const QDictEntry *qdict_next(const QDict *qd, const QDictEntry *entry)
{
    GList *l = entry->link->next;
    return l ? g_hash_table_lookup(qd->table, l->data) : NULL;
}

QDict *qdict_clone_shallow(const QDict *src)
{
    QDict *dst = qdict_new();
    for (const QDictEntry *e = qdict_first(src); e; e = qdict_next(src, e)) {
        qdict_put_obj(dst, e->key, qobject_ref(e->value));
    }
    return dst;
}

void qdict_extract_subqdict(QDict *src, QDict **dst, const char *start)
{
    size_t n = strlen(start);
    GList *l, *next;

    if (dst) {
        *dst = qdict_new();
    }
    for (l = src->order.head; l; l = next) {
        const char *key = l->data;
        next = l->next;
        if (strncmp(key, start, n) == 0) {
            if (dst) {
                QObject *v = qdict_get(src, key);
                qdict_put_obj(*dst, key + n, qobject_ref(v));
            }
            qdict_del(src, key);
        }
    }
}
