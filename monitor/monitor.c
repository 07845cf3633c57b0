/*
 * Monitor core: creation from the command line, buffered non-blocking
 * output, event broadcast and the run-state hooks that turn VM changes into
 * QMP events.
 *
 * Output never blocks the main loop: what the chardev does not take now
 * stays in outbuf and a G_IO_OUT watch writes it later; past
 * MONITOR_OUTBUF_MAX the monitor stops reading input until the client
 * drains its replies.
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"
#include "qemu/error.h"
#include "sysemu/runstate.h"

GList *monitor_list;
static Monitor *cur_mon;

Monitor *monitor_cur(void)
{
    return cur_mon;
}

void monitor_set_cur(Monitor *mon)
{
    cur_mon = mon;
}

bool monitor_is_qmp(const Monitor *mon)
{
    return mon && mon->is_qmp;
}

static gboolean monitor_unblocked(gpointer opaque)
{
    Monitor *mon = opaque;

    mon->out_watch = 0;
    monitor_flush(mon);
    return G_SOURCE_REMOVE;
}

void monitor_flush(Monitor *mon)
{
    int rc;

    if (!mon->has_chr || mon->outbuf->len == 0 || mon->mux_out) {
        return;
    }
    if (!mon->connected && mon->is_qmp) {
        /* Nobody to read it; a later client gets a fresh greeting. */
        g_string_truncate(mon->outbuf, 0);
        return;
    }
    rc = qemu_chr_fe_write(&mon->chr, (const uint8_t *)mon->outbuf->str,
                           mon->outbuf->len);
    if (rc > 0) {
        g_string_erase(mon->outbuf, 0, rc);
    } else if (rc < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        /* Peer gone: the read side reports the disconnect. */
        g_string_truncate(mon->outbuf, 0);
        return;
    }
    if (mon->outbuf->len && !mon->out_watch) {
        mon->out_watch = qemu_chr_fe_add_watch(
            &mon->chr, G_IO_OUT | G_IO_HUP, monitor_unblocked, mon);
        if (!mon->out_watch) {
            /* The backend cannot tell us when it drains: drop. */
            g_string_truncate(mon->outbuf, 0);
        }
    }
    if (mon->outbuf->len < MONITOR_OUTBUF_MAX / 2) {
        monitor_resume_input(mon);
    }
}

void monitor_puts(Monitor *mon, const char *str)
{
    if (!mon) {
        return;
    }
    for (const char *p = str; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(mon->outbuf, '\r');
        }
        g_string_append_c(mon->outbuf, *p);
    }
    monitor_flush(mon);
}

int monitor_printf(Monitor *mon, const char *fmt, ...)
{
    g_autofree char *buf = NULL;
    va_list ap;

    va_start(ap, fmt);
    buf = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    monitor_puts(mon, buf);
    return strlen(buf);
}

int monitor_input_room(Monitor *mon)
{
    if (mon->outbuf->len >= MONITOR_OUTBUF_MAX) {
        return 0;
    }
    if (mon->is_qmp &&
        (g_queue_get_length(&mon->requests) >= QMP_REQ_QUEUE_LEN_MAX ||
         mon->pending_reply)) {
        return 0;
    }
    return 4096;
}

void monitor_resume_input(Monitor *mon)
{
    if (mon->has_chr && monitor_input_room(mon)) {
        qemu_chr_fe_accept_input(&mon->chr);
    }
}

Monitor *monitor_new_capture(void)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->outbuf = g_string_new(NULL);
    return mon;
}

void monitor_free_capture(Monitor *mon)
{
    g_string_free(mon->outbuf, TRUE);
    g_free(mon);
}

bool monitor_init(const MonitorConfig *cfg, Error **errp)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->is_qmp = cfg->qmp;
    mon->pretty = cfg->pretty;
    mon->outbuf = g_string_new(NULL);
    g_queue_init(&mon->requests);
    if (!qemu_chr_fe_init(&mon->chr, cfg->chr, errp)) {
        g_string_free(mon->outbuf, TRUE);
        g_free(mon);
        return false;
    }
    mon->has_chr = true;
    monitor_list = g_list_append(monitor_list, mon);
    if (mon->is_qmp) {
        monitor_qmp_setup(mon);
    } else {
        monitor_hmp_setup(mon);
    }
    return true;
}

void monitor_flush_all(void)
{
    for (GList *l = monitor_list; l; l = l->next) {
        Monitor *mon = l->data;
        /* A bounded wait: a stuck client must not hang the exit. */
        for (int tries = 0; mon->outbuf->len && tries < 200; tries++) {
            monitor_flush(mon);
            if (mon->outbuf->len) {
                g_usleep(1000);
            }
        }
    }
}

/* ---- events ---- */

void qapi_event_send(const char *name, QDict *data)
{
    gint64 now = g_get_real_time();

    for (GList *l = monitor_list; l; l = l->next) {
        Monitor *mon = l->data;
        QDict *msg, *ts;

        if (!mon->is_qmp || !mon->session.negotiated || !mon->connected) {
            continue;
        }
        msg = qdict_new();
        ts = qdict_new();
        qdict_put_int(ts, "seconds", now / G_USEC_PER_SEC);
        qdict_put_int(ts, "microseconds", now % G_USEC_PER_SEC);
        qdict_put(msg, "timestamp", ts);
        qdict_put_str(msg, "event", name);
        if (data) {
            qdict_put(msg, "data", qobject_ref(data));
        }
        monitor_qmp_send(mon, msg);
    }
    qobject_unref(data);
}

static QDict *reason_data(bool guest, ShutdownCause reason)
{
    QDict *d = qdict_new();

    qdict_put_bool(d, "guest", guest);
    qdict_put_str(d, "reason", shutdown_cause_name(reason));
    return d;
}

static void ev_shutdown(bool guest, ShutdownCause reason)
{
    qapi_event_send("SHUTDOWN", reason_data(guest, reason));
    /*
     * The main loop may exit right after this: the reply of the command
     * that asked for it ("quit") follows its event, as in QEMU.
     */
    for (GList *l = monitor_list; l; l = l->next) {
        Monitor *mon = l->data;

        if (mon->is_qmp) {
            monitor_qmp_flush_pending(mon);
        }
    }
    monitor_flush_all();
}

static void ev_reset(bool guest, ShutdownCause reason)
{
    qapi_event_send("RESET", reason_data(guest, reason));
}

static void ev_powerdown(void)
{
    qapi_event_send("POWERDOWN", NULL);
}

static void ev_stop(void)
{
    qapi_event_send("STOP", NULL);
}

static void ev_resume(void)
{
    qapi_event_send("RESUME", NULL);
}

static const RunstateHooks monitor_runstate_hooks = {
    .shutdown_event = ev_shutdown,
    .reset_event = ev_reset,
    .powerdown_event = ev_powerdown,
    .stop_event = ev_stop,
    .resume_event = ev_resume,
};

static void monitor_exit_flush(void)
{
    monitor_flush_all();
}

static void __attribute__((constructor)) monitor_register(void)
{
    monitor_init_hook = monitor_init;
    runstate_set_hooks(&monitor_runstate_hooks);
    atexit(monitor_exit_flush);
}
