/*
 * JSON lexer and streamer: bytes in arbitrary chunks -> one emit() per
 * top-level value or error.
 *
 * Behaviour users see matches QEMU's json-lexer/json-streamer:
 *  - a byte that cannot continue the current token ends it with a lexical
 *    error "JSON parse error, stray '<token so far + byte>'"; the lexer then
 *    skips input until a structural character ({}[],:), a control
 *    character other than TAB, or a 0xFE/0xFF byte, and restarts there;
 *  - any error throws away the partially collected value, so one bad
 *    input yields one error and the next good value parses normally;
 *  - numbers and keywords end at the first byte that cannot extend them
 *    (that byte then starts the next token);
 *  - a value is complete when its brackets balance (or at once for a
 *    scalar, or when a closing bracket arrives unmatched).
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/json.h"
#include "json-internal.h"

typedef enum LexState {
    LEX_START,
    LEX_RECOVERY,
    LEX_DQ,       /* inside "..." */
    LEX_DQ_ESC,   /* after a backslash in "..." */
    LEX_SQ,
    LEX_SQ_ESC,
    LEX_ZERO,     /* "0" or "-0" */
    LEX_SIGN,     /* "-" */
    LEX_DIGITS,   /* integer digits */
    LEX_FRAC,     /* after '.', need a digit */
    LEX_FRAC_DIGITS,
    LEX_EXP,      /* after 'e', need sign or digit */
    LEX_EXP_SIGN, /* need a digit */
    LEX_EXP_DIGITS,
    LEX_KEYWORD,
} LexState;

/* Result of one lexer step.  */
typedef enum {
    STEP_CONTINUE,  /* byte consumed into the token, state updated */
    STEP_SKIP,      /* byte dropped (whitespace, recovery) */
    STEP_TOKEN,     /* byte consumed and completes token 'type' */
    STEP_TOKEN_LA,  /* token 'type' complete; byte not consumed */
    STEP_ERROR,     /* byte consumed; token so far is an error */
    STEP_RESTART,   /* leave recovery; byte not consumed */
} StepKind;

struct JSONStreamer {
    JSONEmitFunc *emit;
    void *opaque;

    LexState state;
    GString *token;     /* text of the token being lexed */

    /* Tokens of the value being collected.  */
    GArray *tokens;     /* of JSONToken */
    GString *text;      /* token texts, each NUL-terminated */
    int brace_count;
    int bracket_count;
};

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Does this byte end recovery mode?  */
static bool resync_byte(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c >= 0xFE || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == ':' || c == ',';
}

/*
 * One transition.  For tokens that end by lookahead, any byte not
 * explicitly listed ends them (numbers before letters included, as QEMU:
 * "1a" is the integer 1 followed by the keyword "a").
 */
static StepKind lex_step(LexState *st, unsigned char c, JSONTokenType *type)
{
    switch (*st) {
    case LEX_START:
        switch (c) {
        case '"':
            *st = LEX_DQ;
            return STEP_CONTINUE;
        case '\'':
            *st = LEX_SQ;
            return STEP_CONTINUE;
        case '0':
            *st = LEX_ZERO;
            return STEP_CONTINUE;
        case '-':
            *st = LEX_SIGN;
            return STEP_CONTINUE;
        case '{':
            *type = JSON_LCURLY;
            return STEP_TOKEN;
        case '}':
            *type = JSON_RCURLY;
            return STEP_TOKEN;
        case '[':
            *type = JSON_LSQUARE;
            return STEP_TOKEN;
        case ']':
            *type = JSON_RSQUARE;
            return STEP_TOKEN;
        case ',':
            *type = JSON_COMMA;
            return STEP_TOKEN;
        case ':':
            *type = JSON_COLON;
            return STEP_TOKEN;
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            return STEP_SKIP;
        }
        if (c >= '1' && c <= '9') {
            *st = LEX_DIGITS;
            return STEP_CONTINUE;
        }
        if (c >= 'a' && c <= 'z') {
            *st = LEX_KEYWORD;
            return STEP_CONTINUE;
        }
        return STEP_ERROR;

    case LEX_RECOVERY:
        return resync_byte(c) ? STEP_RESTART : STEP_SKIP;

    case LEX_DQ:
    case LEX_SQ:
        if (c < 0x20 || c >= 0xFE) {
            return STEP_ERROR;
        }
        if (c == '\\') {
            *st = *st == LEX_DQ ? LEX_DQ_ESC : LEX_SQ_ESC;
        } else if (c == (*st == LEX_DQ ? '"' : '\'')) {
            *type = JSON_STRING;
            return STEP_TOKEN;
        }
        return STEP_CONTINUE;

    case LEX_DQ_ESC:
    case LEX_SQ_ESC:
        /* Escape validity is checked by the parser.  */
        if (c < 0x20 || c >= 0xFE) {
            return STEP_ERROR;
        }
        *st = *st == LEX_DQ_ESC ? LEX_DQ : LEX_SQ;
        return STEP_CONTINUE;

    case LEX_SIGN:
        if (c == '0') {
            *st = LEX_ZERO;
            return STEP_CONTINUE;
        }
        if (c >= '1' && c <= '9') {
            *st = LEX_DIGITS;
            return STEP_CONTINUE;
        }
        return STEP_ERROR;

    case LEX_ZERO:
        if (is_digit(c)) {
            return STEP_ERROR;  /* no leading zeros */
        }
        if (c == '.') {
            *st = LEX_FRAC;
            return STEP_CONTINUE;
        }
        *type = JSON_INTEGER;
        return STEP_TOKEN_LA;

    case LEX_DIGITS:
        if (is_digit(c)) {
            return STEP_CONTINUE;
        }
        if (c == '.') {
            *st = LEX_FRAC;
            return STEP_CONTINUE;
        }
        if (c == 'e' || c == 'E') {
            *st = LEX_EXP;
            return STEP_CONTINUE;
        }
        *type = JSON_INTEGER;
        return STEP_TOKEN_LA;

    case LEX_FRAC:
        if (is_digit(c)) {
            *st = LEX_FRAC_DIGITS;
            return STEP_CONTINUE;
        }
        return STEP_ERROR;

    case LEX_FRAC_DIGITS:
        if (is_digit(c)) {
            return STEP_CONTINUE;
        }
        if (c == 'e' || c == 'E') {
            *st = LEX_EXP;
            return STEP_CONTINUE;
        }
        *type = JSON_FLOAT;
        return STEP_TOKEN_LA;

    case LEX_EXP:
        if (c == '+' || c == '-') {
            *st = LEX_EXP_SIGN;
            return STEP_CONTINUE;
        }
        /* fall through */
    case LEX_EXP_SIGN:
        if (is_digit(c)) {
            *st = LEX_EXP_DIGITS;
            return STEP_CONTINUE;
        }
        return STEP_ERROR;

    case LEX_EXP_DIGITS:
        if (is_digit(c)) {
            return STEP_CONTINUE;
        }
        *type = JSON_FLOAT;
        return STEP_TOKEN_LA;

    case LEX_KEYWORD:
        if (c >= 'a' && c <= 'z') {
            return STEP_CONTINUE;
        }
        *type = JSON_KEYWORD;
        return STEP_TOKEN_LA;
    }
    g_assert_not_reached();
}

static void streamer_reset_value(JSONStreamer *s)
{
    g_array_set_size(s->tokens, 0);
    g_string_truncate(s->text, 0);
    s->brace_count = 0;
    s->bracket_count = 0;
}

static void emit_error(JSONStreamer *s, Error *err)
{
    streamer_reset_value(s);
    s->emit(s->opaque, NULL, err);
}

/* The streamer's half: a complete token arrives.  */
static void process_token(JSONStreamer *s, JSONTokenType type,
                          const GString *tok)
{
    Error *err = NULL;
    QObject *obj;

    switch (type) {
    case JSON_LCURLY:
        s->brace_count++;
        break;
    case JSON_RCURLY:
        s->brace_count--;
        break;
    case JSON_LSQUARE:
        s->bracket_count++;
        break;
    case JSON_RSQUARE:
        s->bracket_count--;
        break;
    case JSON_ERROR:
        error_setg(&err, "JSON parse error, stray '%s'", tok->str);
        emit_error(s, err);
        return;
    case JSON_END_OF_INPUT:
        if (s->tokens->len == 0) {
            return;
        }
        goto parse;
    default:
        break;
    }

    /* Bound the memory and recursion one value can cost.  */
    if (s->text->len + tok->len + 1 > JSON_MAX_TOKEN_SIZE) {
        error_setg(&err, "JSON token size limit exceeded");
        emit_error(s, err);
        return;
    }
    if (s->tokens->len + 1 > JSON_MAX_TOKEN_COUNT) {
        error_setg(&err, "JSON token count limit exceeded");
        emit_error(s, err);
        return;
    }
    if (s->brace_count + s->bracket_count > JSON_MAX_NESTING) {
        error_setg(&err, "JSON nesting depth limit exceeded");
        emit_error(s, err);
        return;
    }

    JSONToken t = { .type = type, .offset = s->text->len, .len = tok->len };
    g_string_append_len(s->text, tok->str, tok->len);
    g_string_append_c(s->text, 0);
    g_array_append_val(s->tokens, t);

    if ((s->brace_count > 0 || s->bracket_count > 0) &&
        s->brace_count >= 0 && s->bracket_count >= 0) {
        return; /* value still open */
    }

parse:
    obj = json_parser_parse((JSONToken *)s->tokens->data, s->tokens->len,
                            s->text->str, &err);
    streamer_reset_value(s);
    s->emit(s->opaque, obj, err);
}

static void feed_byte(JSONStreamer *s, unsigned char c)
{
    JSONTokenType type = JSON_ERROR;

    for (;;) {
        StepKind k = lex_step(&s->state, c, &type);
        switch (k) {
        case STEP_CONTINUE:
            g_string_append_c(s->token, c);
            if (s->token->len > JSON_MAX_TOKEN_SIZE) {
                /* A single huge token: give up on it, resume lexing.  */
                Error *err = NULL;
                g_string_truncate(s->token, 0);
                s->state = LEX_START;
                error_setg(&err, "JSON token size limit exceeded");
                emit_error(s, err);
            }
            return;
        case STEP_SKIP:
            return;
        case STEP_TOKEN:
            g_string_append_c(s->token, c);
            s->state = LEX_START;
            process_token(s, type, s->token);
            g_string_truncate(s->token, 0);
            return;
        case STEP_TOKEN_LA:
            s->state = LEX_START;
            process_token(s, type, s->token);
            g_string_truncate(s->token, 0);
            continue;   /* the byte starts the next token */
        case STEP_ERROR:
            g_string_append_c(s->token, c);
            s->state = LEX_RECOVERY;
            process_token(s, JSON_ERROR, s->token);
            g_string_truncate(s->token, 0);
            return;
        case STEP_RESTART:
            s->state = LEX_START;
            continue;
        }
    }
}

JSONStreamer *json_streamer_new(JSONEmitFunc *emit, void *opaque)
{
    JSONStreamer *s = g_new0(JSONStreamer, 1);
    s->emit = emit;
    s->opaque = opaque;
    s->state = LEX_START;
    s->token = g_string_new(NULL);
    s->tokens = g_array_new(false, false, sizeof(JSONToken));
    s->text = g_string_new(NULL);
    return s;
}

void json_streamer_feed(JSONStreamer *s, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        feed_byte(s, buf[i]);
    }
}

void json_streamer_flush(JSONStreamer *s)
{
    JSONTokenType type;
    GString *empty;

    /* End the pending token as if a NUL byte followed, without keeping
     * the NUL: numbers and keywords complete, strings become errors.  */
    switch (s->state) {
    case LEX_START:
    case LEX_RECOVERY:
        break;
    default:
        if (lex_step(&s->state, 0, &type) == STEP_TOKEN_LA) {
            process_token(s, type, s->token);
        } else {
            process_token(s, JSON_ERROR, s->token);
        }
        break;
    }
    s->state = LEX_START;
    g_string_truncate(s->token, 0);
    empty = g_string_new(NULL);
    process_token(s, JSON_END_OF_INPUT, empty);
    g_string_free(empty, true);
}

void json_streamer_free(JSONStreamer *s)
{
    if (!s) {
        return;
    }
    g_string_free(s->token, true);
    g_string_free(s->text, true);
    g_array_free(s->tokens, true);
    g_free(s);
}

/* ---- one-shot parsing on top of the streamer ---- */

typedef struct OneShot {
    QObject *result;
    Error *err;
} OneShot;

static void oneshot_emit(void *opaque, QObject *obj, Error *err)
{
    OneShot *o = opaque;

    if (o->result) {
        qobject_unref(o->result);
        o->result = NULL;
        error_setg(&o->err, "Expecting at most one JSON value");
    }
    if (o->err) {
        /* Keep the first error only.  */
        qobject_unref(obj);
        if (err) {
            error_free(err);
        }
        return;
    }
    o->result = obj;
    o->err = err;
}

QObject *qobject_from_json(const char *string, Error **errp)
{
    OneShot o = { 0 };
    JSONStreamer *s = json_streamer_new(oneshot_emit, &o);

    json_streamer_feed(s, string, strlen(string));
    json_streamer_flush(s);
    json_streamer_free(s);
    if (!o.result && !o.err) {
        error_setg(&o.err, "Expecting a JSON value");
    }
    if (o.err) {
        error_propagate(errp, o.err);
    }
    return o.result;
}
