/*
 * QMP commands and their schema.
 *
 * Every command is declared once in the schema (the qapi/ schema files, compiled in)
 * and implemented by a handler registered under the same name:
 *
 *     static void qmp_query_name(QDict *args, QObject **ret, Error **errp);
 *     static const QmpCommandDef cmds[] = {
 *         { "query-name", qmp_query_name },
 *     };
 *     QMP_REGISTER_COMMANDS(cmds)
 *
 * The dispatcher checks the arguments against the schema before calling
 * the handler (unknown, missing and mistyped members get QEMU's
 * messages), so a handler may use the strict qdict_get_* getters for
 * required members.  A handler sets *ret (a new reference) or leaves it
 * NULL for {} replies, or sets errp.  query-commands and query-qmp-schema
 * list exactly the commands that have both a declaration and a handler.
 */
#ifndef MONITOR_QMP_H
#define MONITOR_QMP_H

#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qobject.h"

typedef void QmpCommandFunc(QDict *args, QObject **ret, Error **errp);

typedef struct QmpCommandDef {
    const char *name;
    QmpCommandFunc *fn;
} QmpCommandDef;

void qmp_register_commands(const QmpCommandDef *defs, size_t n);
#define QMP_REGISTER_COMMANDS(table)                                           \
    static void __attribute__((constructor)) qmp_register_##table(void)        \
    {                                                                          \
        qmp_register_commands(table, ARRAY_SIZE(table));                       \
    }

QmpCommandFunc *qmp_find_command(const char *name);

/* ---- the schema (monitor/qmp-schema.c) ---- */

/* Parse the compiled-in schema; aborts on a malformed one (a build bug). */
void qmp_schema_init(void);
/* Declaration of a command or event (borrowed), NULL if none. */
QDict *qmp_schema_command(const char *name);
QDict *qmp_schema_event(const char *name);
/* Check args (may be NULL: no arguments) against command NAME. */
bool qmp_schema_check_args(const char *name, QDict *args, Error **errp);
/* Sorted names of the implemented commands. */
GPtrArray *qmp_schema_command_names(void);
/* The query-qmp-schema reply. */
QList *qmp_schema_introspect(void);
/* Markdown reference of commands and events (docs/qmp.md's tail). */
char *qmp_schema_doc_markdown(void);
/* Declared commands lacking a handler and handlers lacking a declaration,
 * one per line ("" when consistent); tests assert on it. */
char *qmp_schema_consistency_report(void);

/* ---- protocol (monitor/qmp.c) ---- */

/*
 * One client's protocol state.  oob_offered: the greeting listed "oob"
 * (sockets, not stdio or a mux, as QEMU).
 */
typedef struct QmpSession {
    bool negotiated;             /* qmp_capabilities done */
    bool oob_offered;
    bool oob_enabled;
} QmpSession;

/*
 * Handle one parsed request as QEMU's dispatcher does: request checks,
 * capabilities negotiation, argument checks, the handler.  Returns the
 * reply ({"return"|"error", and "id" when the request had one); never
 * NULL.  Used by the socket monitor and by the fuzz target.
 */
QDict *qmp_dispatch(QmpSession *session, QObject *request);
/* {"error": {"class": ..., "desc": ...}} for err (not freed). */
QDict *qmp_error_response(const Error *err);
/* The greeting for a session. */
QDict *qmp_greeting(const QmpSession *session);

/* QEMU's QDict member order for output (hash buckets), new reference. */
QObject *qobject_qemu_order(QObject *obj);

#endif
