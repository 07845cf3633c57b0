/*
 * JSON parser: one value's token array -> QObject.
 *
 * The first problem found is reported with QEMU's wording ("JSON parse
 * error, expecting value", "... invalid keyword 'foo'", ...).  Recursion
 * depth is bounded by the streamer's nesting limit.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "json-internal.h"

typedef struct Parser {
    const JSONToken *tokens;
    size_t count;
    size_t pos;
    const char *text;
    Error *err;
} Parser;

static void G_GNUC_PRINTF(2, 3) parse_error(Parser *p, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (p->err) {
        return; /* keep the innermost, first-detected problem */
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&p->err, "JSON parse error, %s", msg);
    g_free(msg);
}

static const JSONToken *peek(Parser *p)
{
    return p->pos < p->count ? &p->tokens[p->pos] : NULL;
}

static const JSONToken *pop(Parser *p)
{
    return p->pos < p->count ? &p->tokens[p->pos++] : NULL;
}

static const char *tok_str(Parser *p, const JSONToken *t)
{
    return p->text + t->offset;
}

static QObject *parse_value(Parser *p);

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = (unsigned char)s[i], d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return -1;  /* also stops at the terminating NUL */
        }
        v = v * 16 + d;
    }
    return v;
}

static QObject *parse_string(Parser *p, const JSONToken *t)
{
    const char *s = tok_str(p, t);
    const char *end = s + t->len - 1;   /* closing quote */
    GString *out = g_string_sized_new(t->len);
    char buf[5];
    int cp;

    for (s++; s < end;) {
        if (*s != '\\') {
            const char *next;
            cp = mod_utf8_codepoint(s, end - s, &next);
            if (cp < 0) {
                parse_error(p, "invalid UTF-8 sequence in string");
                goto fail;
            }
            mod_utf8_encode(buf, cp);
            g_string_append(out, buf);
            s = next;
            continue;
        }
        const char *esc = s++;
        switch (*s++) {
        case '"':
            g_string_append_c(out, '"');
            break;
        case '\'':
            g_string_append_c(out, '\'');
            break;
        case '\\':
            g_string_append_c(out, '\\');
            break;
        case '/':
            g_string_append_c(out, '/');
            break;
        case 'b':
            g_string_append_c(out, '\b');
            break;
        case 'f':
            g_string_append_c(out, '\f');
            break;
        case 'n':
            g_string_append_c(out, '\n');
            break;
        case 'r':
            g_string_append_c(out, '\r');
            break;
        case 't':
            g_string_append_c(out, '\t');
            break;
        case 'u': {
            size_t avail = (size_t)(end + 1 - s);
            cp = avail >= 4 ? hex4(s) : -1;
            s += MIN(avail, 4);
            if (cp >= 0xD800 && cp <= 0xDBFF && s + 6 <= end &&
                s[0] == '\\' && s[1] == 'u') {
                /* A leading surrogate needs a trailing one.  */
                int lo = hex4(s + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp & 0x3FF) << 10) + (lo & 0x3FF);
                    s += 6;
                } else {
                    cp = -1;
                }
            }
            if (mod_utf8_encode(buf, cp) < 0) {
                parse_error(p, "%.*s is not a valid Unicode character",
                            (int)MIN(s - esc, 6), esc);
                goto fail;
            }
            g_string_append(out, buf);
            break;
        }
        default:
            parse_error(p, "invalid escape sequence in string");
            goto fail;
        }
    }
    return QOBJECT(qstring_from_gstring(out));

fail:
    g_string_free(out, true);
    return NULL;
}

static QObject *parse_number(Parser *p, const JSONToken *t)
{
    const char *s = tok_str(p, t);

    if (t->type == JSON_INTEGER) {
        /* int64 if it fits, else uint64, else double (like QEMU).  */
        int64_t i;
        uint64_t u;
        if (qemu_strtoi64(s, NULL, 10, &i) == 0) {
            return QOBJECT(qnum_from_int(i));
        }
        if (s[0] != '-' && qemu_strtou64(s, NULL, 10, &u) == 0) {
            return QOBJECT(qnum_from_uint(u));
        }
    }
    /* Out-of-range exponents give +-inf or 0, as strtod does.  */
    return QOBJECT(qnum_from_double(g_ascii_strtod(s, NULL)));
}

static QObject *parse_keyword(Parser *p, const JSONToken *t)
{
    const char *s = tok_str(p, t);

    if (!strcmp(s, "true")) {
        return QOBJECT(qbool_from_bool(true));
    }
    if (!strcmp(s, "false")) {
        return QOBJECT(qbool_from_bool(false));
    }
    if (!strcmp(s, "null")) {
        return QOBJECT(qnull());
    }
    parse_error(p, "invalid keyword '%s'", s);
    return NULL;
}

static bool parse_pair(Parser *p, QDict *dict)
{
    const JSONToken *t;
    QObject *key_obj, *value;
    QString *key;

    if (!peek(p)) {
        parse_error(p, "premature EOI");
        return false;
    }
    key_obj = parse_value(p);
    key = qobject_to(QString, key_obj);
    if (!key) {
        parse_error(p, "key is not a string in object");
        qobject_unref(key_obj);
        return false;
    }
    t = pop(p);
    if (!t) {
        parse_error(p, "premature EOI");
        goto fail;
    }
    if (t->type != JSON_COLON) {
        parse_error(p, "missing : in object pair");
        goto fail;
    }
    value = parse_value(p);
    if (!value) {
        parse_error(p, "Missing value in dict");
        goto fail;
    }
    if (qdict_haskey(dict, qstring_get_str(key))) {
        parse_error(p, "duplicate key");
        qobject_unref(value);
        goto fail;
    }
    qdict_put_obj(dict, qstring_get_str(key), value);
    qobject_unref(key);
    return true;

fail:
    qobject_unref(key);
    return false;
}

static QObject *parse_object(Parser *p)
{
    QDict *dict = qdict_new();
    const JSONToken *t;

    pop(p); /* '{' */
    t = peek(p);
    if (!t) {
        parse_error(p, "premature EOI");
        goto fail;
    }
    if (t->type == JSON_RCURLY) {
        pop(p);
        return QOBJECT(dict);
    }
    for (;;) {
        if (!parse_pair(p, dict)) {
            goto fail;
        }
        t = pop(p);
        if (!t) {
            parse_error(p, "premature EOI");
            goto fail;
        }
        if (t->type == JSON_RCURLY) {
            return QOBJECT(dict);
        }
        if (t->type != JSON_COMMA) {
            parse_error(p, "expected separator in dict");
            goto fail;
        }
    }

fail:
    qobject_unref(dict);
    return NULL;
}

static QObject *parse_array(Parser *p)
{
    QList *list = qlist_new();
    const JSONToken *t;
    QObject *obj;

    pop(p); /* '[' */
    t = peek(p);
    if (!t) {
        parse_error(p, "premature EOI");
        goto fail;
    }
    if (t->type == JSON_RSQUARE) {
        pop(p);
        return QOBJECT(list);
    }
    for (;;) {
        obj = parse_value(p);
        if (!obj) {
            parse_error(p, "expecting value");
            goto fail;
        }
        qlist_append_obj(list, obj);
        t = pop(p);
        if (!t) {
            parse_error(p, "premature EOI");
            goto fail;
        }
        if (t->type == JSON_RSQUARE) {
            return QOBJECT(list);
        }
        if (t->type != JSON_COMMA) {
            parse_error(p, "expected separator in list");
            goto fail;
        }
    }

fail:
    qobject_unref(list);
    return NULL;
}

static QObject *parse_value(Parser *p)
{
    const JSONToken *t = peek(p);

    if (!t) {
        parse_error(p, "premature EOI");
        return NULL;
    }
    switch (t->type) {
    case JSON_LCURLY:
        return parse_object(p);
    case JSON_LSQUARE:
        return parse_array(p);
    case JSON_STRING:
        pop(p);
        return parse_string(p, t);
    case JSON_INTEGER:
    case JSON_FLOAT:
        pop(p);
        return parse_number(p, t);
    case JSON_KEYWORD:
        pop(p);
        return parse_keyword(p, t);
    default:
        parse_error(p, "expecting value");
        return NULL;
    }
}

QObject *json_parser_parse(const JSONToken *tokens, size_t count,
                           const char *text, Error **errp)
{
    Parser p = { .tokens = tokens, .count = count, .text = text };
    QObject *obj = parse_value(&p);

    /* The streamer hands over exactly one balanced value, so leftover
     * tokens can only follow an error.  */
    if (obj && p.pos != count) {
        qobject_unref(obj);
        obj = NULL;
        parse_error(&p, "expecting value");
    }
    if (p.err) {
        qobject_unref(obj);
        error_propagate(errp, p.err);
        return NULL;
    }
    return obj;
}
