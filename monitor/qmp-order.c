/*
 * QEMU prints a QDict's members in the order of its hash table: 512
 * buckets walked in order, the most recently added key first within a
 * bucket, the bucket chosen by the TDB hash of the key.  Our QDict keeps
 * insertion order; replies are reordered the same way so that byte-level
 * comparisons with QEMU (and clients that, wrongly, depend on order) see
 * the same text.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"

#define QEMU_QDICT_BUCKETS 512

static unsigned int tdb_hash(const char *key)
{
    unsigned int value = 0x238F13AFu * (unsigned int)strlen(key);

    for (unsigned int i = 0; key[i]; i++) {
        value += (unsigned int)(unsigned char)key[i] << (i * 5 % 24);
    }
    return 1103515243u * value + 12345u;
}

typedef struct OrderedKey {
    const QDictEntry *e;
    unsigned int bucket;
    unsigned int seq;
} OrderedKey;

static int cmp_keys(const void *a, const void *b)
{
    const OrderedKey *x = a, *y = b;

    if (x->bucket != y->bucket) {
        return x->bucket < y->bucket ? -1 : 1;
    }
    return x->seq > y->seq ? -1 : 1;   /* newest first */
}

QObject *qobject_qemu_order(QObject *obj)
{
    QDict *d = qobject_to(QDict, obj);
    QList *l = qobject_to(QList, obj);

    if (l) {
        QList *nl = qlist_new();

        for (GList *e = qlist_first(l); e; e = e->next) {
            qlist_append_obj(nl, qobject_qemu_order(qlist_entry_obj(e)));
        }
        return QOBJECT(nl);
    }
    if (d) {
        size_t n = qdict_size(d), i = 0;
        g_autofree OrderedKey *keys = g_new(OrderedKey, n ? n : 1);
        QDict *nd = qdict_new();

        for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
            keys[i].e = e;
            keys[i].bucket = tdb_hash(qdict_entry_key(e)) % QEMU_QDICT_BUCKETS;
            keys[i].seq = i;
            i++;
        }
        qsort(keys, n, sizeof(*keys), cmp_keys);
        for (i = 0; i < n; i++) {
            qdict_put_obj(nd, qdict_entry_key(keys[i].e),
                          qobject_qemu_order(qdict_entry_value(keys[i].e)));
        }
        return QOBJECT(nd);
    }
    return qobject_ref(obj);
}
