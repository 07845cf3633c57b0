/*
 * QObject: reference-counted JSON-like values (null, bool, number, string,
 * dict, list) exchanged by QMP, object properties and -blockdev JSON.
 *
 * Every constructor returns a new reference; qobject_unref(NULL) is a no-op.
 * Containers take ownership of values put into them (qdict_put_obj steals
 * the reference).  qobject_to(QDict, obj) returns NULL if obj is not a QDict.
 *
 * Strings are NUL-terminated "modified UTF-8" as in QEMU: a U+0000 that came
 * from JSON "\u0000" is stored as the two bytes C0 80, so C strings work.
 * QDict keeps its keys in insertion order (JSON output is stable).
 */
#ifndef QOBJECT_QOBJECT_H
#define QOBJECT_QOBJECT_H

#include "qemu/osdep.h"

typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX,
} QType;

/* The "base" member lets QOBJECT() work on QObject * as on subtypes.  */
typedef struct QObjectBase_ {
    QType type;
    size_t refcnt;
} QObjectBase_;
typedef struct QObject {
    QObjectBase_ base;
} QObject;

typedef struct QNull {
    QObject base;
} QNull;
typedef struct QBool {
    QObject base;
    bool value;
} QBool;
typedef enum { QNUM_I64, QNUM_U64, QNUM_DOUBLE } QNumKind;
typedef struct QNum {
    QObject base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
} QNum;
typedef struct QString {
    QObject base;
    char *string;
    size_t length;
    size_t capacity;
} QString;
typedef struct QList {
    QObject base;
    GQueue entries; /* of QObject * */
} QList;
typedef struct QDictEntry {
    char *key;      /* also the data of the order list node */
    QObject *value;
    GList *link;    /* node in QDict.order */
} QDictEntry;
typedef struct QDict {
    QObject base;
    GHashTable *table; /* key -> QDictEntry */
    GQueue order;      /* of char * (the entry keys), insertion order */
} QDict;

#define QOBJECT(obj) container_of(&(obj)->base, QObject, base)
QObject *qobject_ref_impl(QObject *obj);
void qobject_unref_impl(QObject *obj);
#define qobject_ref(obj)                                                       \
    ((typeof(obj))qobject_ref_impl((obj) ? QOBJECT(obj) : NULL))
#define qobject_unref(obj) qobject_unref_impl((obj) ? QOBJECT(obj) : NULL)
static inline QType qobject_type(const QObject *obj)
{
    return obj->base.type;
}
QObject *qobject_check_type_(QObject *obj, QType type);
#define qobject_to(T, obj)                                                     \
    ((T *)qobject_check_type_((QObject *)(obj), QTYPE_CAST_##T))
#define QTYPE_CAST_QNull QTYPE_QNULL
#define QTYPE_CAST_QBool QTYPE_QBOOL
#define QTYPE_CAST_QNum QTYPE_QNUM
#define QTYPE_CAST_QString QTYPE_QSTRING
#define QTYPE_CAST_QDict QTYPE_QDICT
#define QTYPE_CAST_QList QTYPE_QLIST
/* "null", "number", "string", "dict", "list", "bool" (QAPI's names).  */
const char *qtype_name(QType type);
/*
 * Deep structural equality (dict key order ignored).  Integers compare by
 * value across signedness (int 1 == uint 1), but as in QEMU an integer is
 * never equal to a double, and NaN is not equal to itself.
 */
bool qobject_is_equal(const QObject *a, const QObject *b);

QNull *qnull(void);
QBool *qbool_from_bool(bool value);
bool qbool_get_bool(const QBool *qb);

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);
/* Exact conversions: false if the value does not fit.  */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);
/* As above, but abort if the value does not fit.  */
int64_t qnum_get_int(const QNum *qn);
uint64_t qnum_get_uint(const QNum *qn);
double qnum_get_double(const QNum *qn);
/* JSON text of the number ("%.17g" for doubles, as QEMU).  Caller frees. */
char *qnum_to_string(const QNum *qn);

QString *qstring_new(void);
QString *qstring_from_str(const char *str);
/* Bytes [start, end) of str.  */
QString *qstring_from_substr(const char *str, size_t start, size_t end);
/* Takes ownership of the GString's buffer.  */
QString *qstring_from_gstring(GString *gstr);
const char *qstring_get_str(const QString *qs);
size_t qstring_get_length(const QString *qs);
void qstring_append(QString *qs, const char *str);
void qstring_append_chr(QString *qs, int c);

QList *qlist_new(void);
void qlist_append_obj(QList *ql, QObject *obj); /* steals */
#define qlist_append(ql, obj) qlist_append_obj(ql, QOBJECT(obj))
void qlist_append_int(QList *ql, int64_t value);
void qlist_append_str(QList *ql, const char *value);
void qlist_append_bool(QList *ql, bool value);
void qlist_append_null(QList *ql);
QObject *qlist_pop(QList *ql);  /* caller owns */
QObject *qlist_peek(QList *ql); /* borrowed */
size_t qlist_size(const QList *ql);
bool qlist_empty(const QList *ql);
/* Iterate: for (GList *e = qlist_first(l); e; e = e->next) e->data */
GList *qlist_first(const QList *ql);
static inline QObject *qlist_entry_obj(const GList *e)
{
    return (QObject *)e->data;
}

QDict *qdict_new(void);
/* Replaces (and unrefs) an existing value, keeping the key's position.  */
void qdict_put_obj(QDict *qd, const char *key, QObject *value); /* steals */
#define qdict_put(qd, key, obj) qdict_put_obj(qd, key, QOBJECT(obj))
void qdict_put_int(QDict *qd, const char *key, int64_t value);
void qdict_put_uint(QDict *qd, const char *key, uint64_t value);
void qdict_put_double(QDict *qd, const char *key, double value);
void qdict_put_bool(QDict *qd, const char *key, bool value);
void qdict_put_str(QDict *qd, const char *key, const char *value);
void qdict_put_null(QDict *qd, const char *key);
QObject *qdict_get(const QDict *qd, const char *key); /* borrowed */
bool qdict_haskey(const QDict *qd, const char *key);
void qdict_del(QDict *qd, const char *key);
size_t qdict_size(const QDict *qd);
/* Typed getters: default/NULL if absent or of another type.  */
int64_t qdict_get_try_int(const QDict *qd, const char *key, int64_t def);
uint64_t qdict_get_try_uint(const QDict *qd, const char *key, uint64_t def);
bool qdict_get_try_bool(const QDict *qd, const char *key, bool def);
const char *qdict_get_try_str(const QDict *qd, const char *key);
QDict *qdict_get_qdict(const QDict *qd, const char *key);
QList *qdict_get_qlist(const QDict *qd, const char *key);
/* Strict getters: abort if absent or of another type.  */
int64_t qdict_get_int(const QDict *qd, const char *key);
bool qdict_get_bool(const QDict *qd, const char *key);
const char *qdict_get_str(const QDict *qd, const char *key);
/* Keys in insertion order: for (e = qdict_first_key(d); e; e = e->next)
 * (const char *)e->data is the key.  */
GList *qdict_first_key(const QDict *qd);
/* Entry iteration as in QEMU: for (e = qdict_first(d); e;
 * e = qdict_next(d, e)).  Do not modify the dict while iterating.  */
const QDictEntry *qdict_first(const QDict *qd);
const QDictEntry *qdict_next(const QDict *qd, const QDictEntry *entry);
static inline const char *qdict_entry_key(const QDictEntry *e)
{
    return e->key;
}
static inline QObject *qdict_entry_value(const QDictEntry *e)
{
    return e->value;
}
/* New dict sharing (referencing) the values of src.  */
QDict *qdict_clone_shallow(const QDict *src);
/* Move the entries whose key starts with start (prefix stripped) to *dst. */
void qdict_extract_subqdict(QDict *src, QDict **dst, const char *start);

#endif
