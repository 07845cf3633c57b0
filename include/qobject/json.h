/*
 * JSON text <-> QObject.
 *
 * The parser follows QEMU's (RFC 8259 plus QEMU's extensions: single-quoted
 * strings, and in qobject_from_jsonf_nofail %d/%i/%s/%p interpolation is NOT
 * supported here).  Input is limited (QMP relies on this): at most
 * JSON_MAX_NESTING levels and JSON_MAX_TOKEN_SIZE bytes per token and
 * JSON_MAX_TOKEN_COUNT tokens per value.
 *
 * JSONStreamer feeds arbitrary chunks of bytes and calls emit() once per
 * complete top-level value, or once per error (with obj NULL and err set),
 * recovering at the next top-level token the way QEMU's json-streamer does,
 * so a QMP client sees one error per bad input.
 */
#ifndef QOBJECT_JSON_H
#define QOBJECT_JSON_H

#include "qobject/qobject.h"

#define JSON_MAX_NESTING 1024
#define JSON_MAX_TOKEN_SIZE (64ULL << 20)
#define JSON_MAX_TOKEN_COUNT (2ULL << 20)

/*
 * Parse exactly one value; trailing garbage is an error ("Expecting at most
 * one JSON value"), empty input too ("Expecting a JSON value").
 */
QObject *qobject_from_json(const char *string, Error **errp);
/* Compact one-line JSON, as QMP sends it.  Caller frees.  */
char *qobject_to_json(const QObject *obj);
/* Indented, for humans (qemu-img --output=json uses 4 spaces).  */
char *qobject_to_json_pretty(const QObject *obj);
/* Append the JSON encoding of a string (with quotes) to gs.  */
void json_quote_string(GString *gs, const char *str);

typedef struct JSONStreamer JSONStreamer;
/*
 * Exactly one of obj and err is non-NULL; the callee owns it.  emit must
 * not feed or free the streamer it is called from.  Errors read
 * "JSON parse error, ..." or "JSON {token size,token count,nesting depth}
 * limit exceeded", as in QEMU.
 */
typedef void JSONEmitFunc(void *opaque, QObject *obj, Error *err);
JSONStreamer *json_streamer_new(JSONEmitFunc *emit, void *opaque);
void json_streamer_feed(JSONStreamer *s, const char *buf, size_t len);
/* Flush at end of input: an incomplete value becomes an error.  */
void json_streamer_flush(JSONStreamer *s);
void json_streamer_free(JSONStreamer *s);

#endif
