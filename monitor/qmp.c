/*
 * The QMP protocol on a chardev: greeting, JSON stream input, one request
 * per main-loop iteration, replies and events as single CRLF-terminated
 * lines.
 *
 * A command's reply is held until the next main-loop iteration, so the
 * events its request caused (RESET, SHUTDOWN, ...: the main loop acts on
 * requests between iterations) are sent first, as QEMU 7.2 does.
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"
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

/* ---- the monitor side ---- */

void monitor_qmp_send(Monitor *mon, QDict *msg)
{
    g_autoptr(GString) line = g_string_new(NULL);
    QObject *ordered = qobject_qemu_order(QOBJECT(msg));
    char *json = mon->pretty ? qobject_to_json_pretty(ordered)
                             : qobject_to_json(ordered);

    /* Pretty output is many lines: each still ends in CR LF. */
    for (const char *p = json; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(line, '\r');
        }
        g_string_append_c(line, *p);
    }
    g_string_append(line, "\r\n");
    g_string_append_len(mon->outbuf, line->str, line->len);
    g_free(json);
    qobject_unref(ordered);
    qobject_unref(msg);
    monitor_flush(mon);
}

void monitor_qmp_flush_pending(Monitor *mon)
{
    QDict *rsp = mon->pending_reply;

    if (rsp) {
        mon->pending_reply = NULL;
        monitor_qmp_send(mon, rsp);
    }
}

static void request_free(QmpRequest *r)
{
    qobject_unref(r->req);
    if (r->err) {
        error_free(r->err);
    }
    g_free(r);
}

static void qmp_dispatch_bh(void *opaque)
{
    Monitor *mon = opaque;
    QmpRequest *r;

    monitor_qmp_flush_pending(mon);
    r = g_queue_pop_head(&mon->requests);
    if (!r) {
        monitor_resume_input(mon);
        return;
    }
    if (r->err) {
        monitor_qmp_send(mon, qmp_error_response(r->err));
    } else {
        monitor_set_cur(mon);
        mon->pending_reply = qmp_dispatch(&mon->session, r->req);
        monitor_set_cur(NULL);
    }
    request_free(r);
    /* The next request (or this reply) on the next iteration. */
    qemu_bh_schedule(mon->dispatch_bh);
}

static void qmp_parsed(void *opaque, QObject *obj, Error *err)
{
    Monitor *mon = opaque;
    QmpRequest *r = g_new0(QmpRequest, 1);

    r->req = obj;
    r->err = err;
    g_queue_push_tail(&mon->requests, r);
    qemu_bh_schedule(mon->dispatch_bh);
}

static int qmp_can_read(void *opaque)
{
    return monitor_input_room(opaque);
}

static void qmp_read(void *opaque, const uint8_t *buf, int size)
{
    Monitor *mon = opaque;

    if (size > 0) {
        json_streamer_feed(mon->parser, (const char *)buf, size);
    }
}

static void qmp_reset_session(Monitor *mon)
{
    QmpRequest *r;

    while ((r = g_queue_pop_head(&mon->requests))) {
        request_free(r);
    }
    qobject_unref(mon->pending_reply);
    mon->pending_reply = NULL;
    json_streamer_free(mon->parser);
    mon->parser = json_streamer_new(qmp_parsed, mon);
    mon->session.negotiated = false;
    mon->session.oob_enabled = false;
    g_string_truncate(mon->outbuf, 0);
}

static void qmp_event(void *opaque, QEMUChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        qmp_reset_session(mon);
        mon->connected = true;
        /* Alone in its own write: clients read it as the first chunk. */
        monitor_qmp_send(mon, qmp_greeting(&mon->session));
        break;
    case CHR_EVENT_CLOSED:
        mon->connected = false;
        qmp_reset_session(mon);
        break;
    default:
        break;
    }
}

void monitor_qmp_setup(Monitor *mon)
{
    Chardev *chr = qemu_chr_fe_get_driver(&mon->chr);

    /* QEMU offers OOB where the chardev could run in an I/O thread. */
    mon->session.oob_offered =
        object_dynamic_cast(OBJECT(chr), "chardev-socket") != NULL;
    mon->parser = json_streamer_new(qmp_parsed, mon);
    mon->dispatch_bh = qemu_bh_new(qmp_dispatch_bh, mon);
    qemu_chr_fe_set_handlers(&mon->chr, qmp_can_read, qmp_read, qmp_event,
                             NULL, mon, NULL, true);
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
