/*
 * The QMP dispatcher, independent of any chardev: request checks with
 * QEMU's messages, capabilities negotiation, argument checks against the
 * schema, the handler call, the reply.  Also the greeting and
 * query-version.  The fuzz target links this file without the rest of the
 * emulator.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "qemu/error.h"

static QDict *version_triple(void)
{
    QDict *v = qdict_new();
    int major = 0, minor = 0, micro = 0;

    sscanf(QEMU_VERSION, "%d.%d.%d", &major, &minor, &micro);
    qdict_put_int(v, "major", major);
    qdict_put_int(v, "minor", minor);
    qdict_put_int(v, "micro", micro);
    return v;
}

QDict *qmp_greeting(const QmpSession *session)
{
    QDict *ver = qdict_new(), *qmp = qdict_new(), *g = qdict_new();
    QList *caps = qlist_new();

    qdict_put(ver, "qemu", version_triple());
    qdict_put_str(ver, "package", QEMU_PKGVERSION);
    qdict_put(qmp, "version", ver);
    if (session->oob_offered) {
        qlist_append_str(caps, "oob");
    }
    qdict_put(qmp, "capabilities", caps);
    qdict_put(g, "QMP", qmp);
    return g;
}

static void qmp_query_version(QDict *args, QObject **ret, Error **errp)
{
    QDict *ver = qdict_new();

    qdict_put(ver, "qemu", version_triple());
    qdict_put_str(ver, "package", QEMU_PKGVERSION);
    *ret = QOBJECT(ver);
}

QDict *qmp_error_response(const Error *err)
{
    QDict *rsp = qdict_new(), *e = qdict_new();

    qdict_put_str(e, "class", error_class_name(error_get_class(err)));
    qdict_put_str(e, "desc", error_get_pretty(err));
    qdict_put(rsp, "error", e);
    return rsp;
}

/* The request-level checks of QEMU's dispatcher; the command name or NULL. */
static const char *check_request(QmpSession *s, QDict *dict, bool *oob,
                                 Error **errp)
{
    const char *exec_key = NULL;

    for (const QDictEntry *e = qdict_first(dict); e;
         e = qdict_next(dict, e)) {
        const char *key = qdict_entry_key(e);
        QObject *val = qdict_entry_value(e);

        if (!strcmp(key, "execute") ||
            (!strcmp(key, "exec-oob") && s->oob_enabled)) {
            if (qobject_type(val) != QTYPE_QSTRING) {
                error_setg(errp, "QMP input member '%s' must be a string",
                           key);
                return NULL;
            }
            if (exec_key) {
                error_setg(errp, "QMP input member '%s' clashes with '%s'",
                           key, exec_key);
                return NULL;
            }
            exec_key = key;
        } else if (!strcmp(key, "arguments")) {
            if (qobject_type(val) != QTYPE_QDICT) {
                error_setg(errp,
                           "QMP input member 'arguments' must be an object");
                return NULL;
            }
        } else if (strcmp(key, "id")) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return NULL;
        }
    }
    if (!exec_key) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return NULL;
    }
    *oob = !strcmp(exec_key, "exec-oob");
    return qdict_get_str(dict, exec_key);
}

static void do_capabilities(QmpSession *s, QDict *args, Error **errp)
{
    QList *enable = args ? qdict_get_qlist(args, "enable") : NULL;
    bool want_oob = false;

    for (GList *e = enable ? qlist_first(enable) : NULL; e; e = e->next) {
        const char *cap =
            qstring_get_str(qobject_to(QString, qlist_entry_obj(e)));

        if (!strcmp(cap, "oob") && !s->oob_offered) {
            error_setg(errp, "Capability '%s' not available", cap);
            return;
        }
        want_oob = true;
    }
    s->oob_enabled = want_oob;
    s->negotiated = true;
}

static QObject *run_command(QmpSession *s, const char *name, bool oob,
                            QDict *args, Error **errp)
{
    QmpCommandFunc *fn;
    QObject *ret = NULL;

    if (!s->negotiated) {
        if (strcmp(name, "qmp_capabilities")) {
            error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                      "Expecting capabilities negotiation with "
                      "'qmp_capabilities'");
            return NULL;
        }
    } else if (!strcmp(name, "qmp_capabilities")) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command "
                  "ignored");
        return NULL;
    }
    fn = qmp_find_command(name);
    if (!fn) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return NULL;
    }
    if (oob) {
        /* No command of ours may overtake queued ones. */
        error_setg(errp, "The command %s does not support OOB", name);
        return NULL;
    }
    if (!qmp_schema_check_args(name, args, errp)) {
        return NULL;
    }
    if (!strcmp(name, "qmp_capabilities")) {
        do_capabilities(s, args, errp);
        return NULL;
    }
    fn(args, &ret, errp);
    return ret;
}

QDict *qmp_dispatch(QmpSession *s, QObject *request)
{
    QDict *dict = qobject_to(QDict, request);
    QDict *rsp;
    Error *err = NULL;
    const char *name;
    QObject *ret = NULL;
    bool oob = false;

    if (!dict) {
        error_setg(&err, "QMP input must be a JSON object");
        rsp = qmp_error_response(err);
        error_free(err);
        return rsp;
    }
    name = check_request(s, dict, &oob, &err);
    if (name) {
        ret = run_command(s, name, oob, qdict_get_qdict(dict, "arguments"),
                          &err);
    }
    if (err) {
        qobject_unref(ret);
        rsp = qmp_error_response(err);
        error_free(err);
    } else {
        rsp = qdict_new();
        qdict_put_obj(rsp, "return", ret ? ret : QOBJECT(qdict_new()));
    }
    if (qdict_haskey(dict, "id")) {
        qdict_put_obj(rsp, "id", qobject_ref(qdict_get(dict, "id")));
    }
    return rsp;
}

/* qmp_capabilities is handled by the dispatcher itself (session state). */
static void qmp_capabilities_stub(QDict *args, QObject **ret, Error **errp)
{
}

static const QmpCommandDef qmp_protocol_cmds[] = {
    { "qmp_capabilities", qmp_capabilities_stub },
    { "query-version", qmp_query_version },
};
QMP_REGISTER_COMMANDS(qmp_protocol_cmds)
