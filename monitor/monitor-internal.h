/*
 * State shared by the monitor's files: one Monitor per -qmp/-monitor
 * chardev, plus throw-away capture monitors for human-monitor-command.
 */
#ifndef MONITOR_INTERNAL_H
#define MONITOR_INTERNAL_H

#include "monitor/monitor.h"
#include "monitor/qmp.h"
#include "monitor/readline.h"
#include "chardev/char-fe.h"
#include "qemu/main-loop.h"
#include "qobject/json.h"

/*
 * Backpressure: input is not read while this many parsed requests wait or
 * while this much output is unsent (a client that never reads cannot make
 * the emulator grow without bound).
 */
#define QMP_REQ_QUEUE_LEN_MAX 8
#define MONITOR_OUTBUF_MAX (1 * MiB)

typedef struct QmpRequest {
    QObject *req;                /* exactly one of req and err */
    Error *err;
} QmpRequest;

struct Monitor {
    CharBackend chr;
    bool has_chr;                /* false: capture (human-monitor-command) */
    bool is_qmp;
    bool pretty;
    bool connected;
    bool mux_out;                /* a mux gave the focus away: hold output */
    GString *outbuf;             /* unsent output, or the captured text */
    guint out_watch;

    /* QMP */
    QmpSession session;
    JSONStreamer *parser;
    GQueue requests;             /* of QmpRequest * */
    QDict *pending_reply;        /* sent on the next loop iteration */
    QEMUBH *dispatch_bh;

    /* HMP */
    ReadLineState *rs;
    int cpu_index;               /* the CPU "info registers" shows */
};

extern GList *monitor_list;      /* of Monitor *, creation order */

Monitor *monitor_new_capture(void);   /* HMP output into outbuf */
void monitor_free_capture(Monitor *mon);
void monitor_flush(Monitor *mon);
void monitor_set_cur(Monitor *mon);
/* Room for input: 0 while the monitor must not read. */
int monitor_input_room(Monitor *mon);
void monitor_resume_input(Monitor *mon);

/* monitor/qmp.c */
void monitor_qmp_setup(Monitor *mon);
void monitor_qmp_send(Monitor *mon, QDict *msg);   /* steals */
void monitor_qmp_flush_pending(Monitor *mon);

/* monitor/hmp.c */
void monitor_hmp_setup(Monitor *mon);

#endif
