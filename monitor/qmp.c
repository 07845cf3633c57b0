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
