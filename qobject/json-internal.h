/*
 * Internals shared by the JSON lexer, streamer, parser and writer.
 *
 * The lexer cuts bytes into tokens; the streamer groups tokens into one
 * top-level value (balancing brackets) and hands the token array to the
 * parser.  Tokens live in one text buffer, each NUL-terminated.
 */
#ifndef QOBJECT_JSON_INTERNAL_H
#define QOBJECT_JSON_INTERNAL_H

#include "qemu/osdep.h"
#include "qobject/qobject.h"

typedef enum JSONTokenType {
    JSON_ERROR,
    JSON_LCURLY,
    JSON_RCURLY,
    JSON_LSQUARE,
    JSON_RSQUARE,
    JSON_COLON,
    JSON_COMMA,
    JSON_INTEGER,
    JSON_FLOAT,
    JSON_KEYWORD,
    JSON_STRING,
    JSON_END_OF_INPUT,
} JSONTokenType;

typedef struct JSONToken {
    JSONTokenType type;
    size_t offset;  /* into the streamer's text buffer */
    size_t len;
} JSONToken;

/*
 * Parse one value from tokens[0..count).  All tokens must be consumed.
 * On error returns NULL with *errp set to "JSON parse error, ...".
 */
QObject *json_parser_parse(const JSONToken *tokens, size_t count,
                           const char *text, Error **errp);

/*
 * Modified UTF-8 (C0 80 encodes U+0000).  mod_utf8_codepoint decodes one
 * character of at most n bytes at s, sets *end past it and returns the
 * code point, or -1 for an invalid, overlong, surrogate, noncharacter or
 * out-of-range sequence.  mod_utf8_encode writes a NUL-terminated
 * sequence into buf[5] and returns its length, or -1 if invalid.
 */
int mod_utf8_codepoint(const char *s, size_t n, const char **end);
int mod_utf8_encode(char buf[5], int cp);

#endif
