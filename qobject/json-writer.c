/*
 * JSON writer, byte-for-byte like QEMU's: compact form separates members
 * with ", " and keys with ": "; the pretty form puts every member on its
 * own line indented by 4 spaces per level (empty containers print their
 * closing bracket on the next line, as QEMU does).  Strings escape '"',
 * '\\', \b \f \n \r \t, other control characters and everything outside
 * printable ASCII as \uXXXX (upper-case hex, surrogate pairs beyond the
 * BMP); invalid UTF-8 becomes \uFFFD.
 */
#include "qemu/osdep.h"
#include "qobject/json.h"
#include "json-internal.h"

void json_quote_string(GString *gs, const char *str)
{
    const char *p = str, *next;
    int cp;

    g_string_append_c(gs, '"');
    while (*p) {
        cp = mod_utf8_codepoint(p, 6, &next);
        if (next == p) {
            next++;     /* cannot happen for a non-NUL byte; be safe */
        }
        p = next;
        switch (cp) {
        case '"':
            g_string_append(gs, "\\\"");
            break;
        case '\\':
            g_string_append(gs, "\\\\");
            break;
        case '\b':
            g_string_append(gs, "\\b");
            break;
        case '\f':
            g_string_append(gs, "\\f");
            break;
        case '\n':
            g_string_append(gs, "\\n");
            break;
        case '\r':
            g_string_append(gs, "\\r");
            break;
        case '\t':
            g_string_append(gs, "\\t");
            break;
        default:
            if (cp < 0) {
                cp = 0xFFFD;
            }
            if (cp > 0xFFFF) {
                cp -= 0x10000;
                g_string_append_printf(gs, "\\u%04X\\u%04X",
                                       0xD800 + (cp >> 10),
                                       0xDC00 + (cp & 0x3FF));
            } else if (cp < 0x20 || cp >= 0x7F) {
                g_string_append_printf(gs, "\\u%04X", cp);
            } else {
                g_string_append_c(gs, cp);
            }
        }
    }
    g_string_append_c(gs, '"');
}

static void newline(GString *gs, bool pretty, int level)
{
    if (pretty) {
        g_string_append_c(gs, '\n');
        for (int i = 0; i < level; i++) {
            g_string_append(gs, "    ");
        }
    }
}

/* Before a member: "," and a newline or space; the first only a newline. */
static void separator(GString *gs, bool pretty, int level, bool first)
{
    if (!first) {
        g_string_append_c(gs, ',');
        if (!pretty) {
            g_string_append_c(gs, ' ');
        }
    }
    newline(gs, pretty, level);
}

static void to_json(GString *gs, const QObject *obj, bool pretty, int level)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
        g_string_append(gs, "null");
        break;
    case QTYPE_QBOOL:
        g_string_append(gs, container_of(obj, QBool, base)->value ? "true"
                                                                   : "false");
        break;
    case QTYPE_QNUM: {
        char *s = qnum_to_string(container_of(obj, QNum, base));
        g_string_append(gs, s);
        g_free(s);
        break;
    }
    case QTYPE_QSTRING:
        json_quote_string(gs, container_of(obj, QString, base)->string);
        break;
    case QTYPE_QDICT: {
        const QDict *d = container_of(obj, QDict, base);
        bool first = true;
        g_string_append_c(gs, '{');
        for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
            separator(gs, pretty, level + 1, first);
            first = false;
            json_quote_string(gs, e->key);
            g_string_append(gs, ": ");
            to_json(gs, e->value, pretty, level + 1);
        }
        newline(gs, pretty, level);
        g_string_append_c(gs, '}');
        break;
    }
    case QTYPE_QLIST: {
        const QList *l = container_of(obj, QList, base);
        bool first = true;
        g_string_append_c(gs, '[');
        for (GList *e = qlist_first(l); e; e = e->next) {
            separator(gs, pretty, level + 1, first);
            first = false;
            to_json(gs, e->data, pretty, level + 1);
        }
        newline(gs, pretty, level);
        g_string_append_c(gs, ']');
        break;
    }
    default:
        g_assert_not_reached();
    }
}

char *qobject_to_json(const QObject *obj)
{
    GString *gs = g_string_new(NULL);
    to_json(gs, obj, false, 0);
    return g_string_free(gs, false);
}

char *qobject_to_json_pretty(const QObject *obj)
{
    GString *gs = g_string_new(NULL);
    to_json(gs, obj, true, 0);
    return g_string_free(gs, false);
}
