/*
 * The multiplexer behind -nographic and "mon:stdio": several frontends
 * (serial ports, the monitor) share one backend.  Output from every
 * frontend goes out; input goes to the frontend with the focus.  Ctrl-A
 * escapes as QEMU: h help, x quit, s (no-op: no -snapshot disks), b break,
 * t timestamps, c next frontend, C-a a literal C-a.
 */
#include "qemu/osdep.h"
#include "chardev/char-io.h"
#include "chardev/char-fe.h"
#include "qemu/option.h"
#include "qemu/error.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"

#define MUX_BUFFER_SIZE 32

typedef struct MuxChardev {
    Chardev parent;
    CharBackend chr;                 /* to the real backend */
    char *base_label;
    CharBackend *backends[MAX_MUX];
    int mux_cnt;
    int focus;
    bool term_got_escape;
    bool timestamps;
    bool linestart;
    int64_t timestamps_start;
    uint8_t buffer[MAX_MUX][MUX_BUFFER_SIZE];
    unsigned prod[MAX_MUX], cons[MAX_MUX];
    QEMUBH *open_bh;
    bool opened;
} MuxChardev;

OBJECT_DECLARE_SIMPLE_TYPE(MuxChardev, CHARDEV_MUX)

static int term_escape_char = 0x01;   /* Ctrl-A */
static const char *mux_pending_base;

bool qemu_chr_is_mux(Chardev *chr)
{
    return object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_MUX) != NULL;
}

static void mux_send_event(MuxChardev *d, int tag, QEMUChrEvent ev)
{
    CharBackend *be = (tag >= 0 && tag < d->mux_cnt) ? d->backends[tag]
                                                     : NULL;

    if (be && be->chr_event) {
        be->chr_event(be->opaque, ev);
    }
}

static void mux_send_all(MuxChardev *d, QEMUChrEvent ev)
{
    for (int i = 0; i < d->mux_cnt; i++) {
        mux_send_event(d, i, ev);
    }
}

static void mux_set_focus(MuxChardev *d, int focus)
{
    if (focus < 0 || focus >= d->mux_cnt) {
        return;
    }
    if (d->focus >= 0) {
        mux_send_event(d, d->focus, CHR_EVENT_MUX_OUT);
    }
    d->focus = focus;
    d->parent.be = d->backends[focus];
    mux_send_event(d, focus, CHR_EVENT_MUX_IN);
}

/* ---- output ---- */

static int mux_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxChardev *d = CHARDEV_MUX(chr);
    int done = 0;

    if (!d->timestamps) {
        return qemu_chr_fe_write(&d->chr, buf, len);
    }
    for (int i = 0; i < len; i++) {
        if (d->linestart) {
            int64_t ms = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
            char stamp[64];
            int secs;

            if (d->timestamps_start == -1) {
                d->timestamps_start = ms;
            }
            ms -= d->timestamps_start;
            secs = ms / 1000;
            snprintf(stamp, sizeof(stamp), "[%02d:%02d:%02d.%03d] ",
                     secs / 3600, (secs / 60) % 60, secs % 60,
                     (int)(ms % 1000));
            qemu_chr_fe_write_all(&d->chr, (uint8_t *)stamp, strlen(stamp));
            d->linestart = false;
        }
        done += qemu_chr_fe_write(&d->chr, buf + i, 1);
        if (buf[i] == '\n') {
            d->linestart = true;
        }
    }
    return done;
}

static void mux_print_help(Chardev *chr)
{
    static const char *const help[] = {
        "% h    print this help\n\r",
        "% x    exit emulator\n\r",
        "% s    save disk data back to file (if -snapshot)\n\r",
        "% t    toggle console timestamps\n\r",
        "% b    send break (magic sysrq)\n\r",
        "% c    switch between console and monitor\n\r",
        "% %  sends %\n\r",
    };
    char esc[16];
    GString *out = g_string_new("\n\r");

    if (term_escape_char > 0 && term_escape_char < 26) {
        snprintf(esc, sizeof(esc), "C-%c", term_escape_char - 1 + 'a');
    } else {
        snprintf(esc, sizeof(esc), "'%c'", term_escape_char);
    }
    for (size_t i = 0; i < ARRAY_SIZE(help); i++) {
        for (const char *p = help[i]; *p; p++) {
            if (*p == '%') {
                g_string_append(out, esc);
            } else {
                g_string_append_c(out, *p);
            }
        }
    }
    qemu_chr_write(chr, (uint8_t *)out->str, out->len, true);
    g_string_free(out, TRUE);
}

/* true: deliver ch to the focused frontend. */
static bool mux_proc_byte(Chardev *chr, MuxChardev *d, int ch)
{
    if (d->term_got_escape) {
        d->term_got_escape = false;
        if (ch == term_escape_char) {
            return true;
        }
        switch (ch) {
        case '?':
        case 'h':
            mux_print_help(chr);
            break;
        case 'x': {
            static const char term[] = "QEMU: Terminated\n\r";

            qemu_chr_write(chr, (const uint8_t *)term, strlen(term), true);
            /* Like the "quit" command: exit even with -no-shutdown. */
            no_shutdown = false;
            qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
            break;
        }
        case 's':
            /* No -snapshot block layer to commit. */
            break;
        case 'b':
            qemu_chr_be_event(chr, CHR_EVENT_BREAK);
            break;
        case 'c':
            if (d->mux_cnt > 0) {
                mux_set_focus(d, (d->focus + 1) % d->mux_cnt);
            }
            break;
        case 't':
            d->timestamps = !d->timestamps;
            d->timestamps_start = -1;
            d->linestart = false;
            break;
        }
        return false;
    }
    if (ch == term_escape_char) {
        d->term_got_escape = true;
        return false;
    }
    return true;
}

/* ---- input ---- */

static void mux_flush(MuxChardev *d, int m)
{
    CharBackend *be = d->backends[m];

    while (be && be->chr_read && d->prod[m] != d->cons[m] &&
           be->chr_can_read && be->chr_can_read(be->opaque) > 0) {
        be->chr_read(be->opaque,
                     &d->buffer[m][d->cons[m]++ % MUX_BUFFER_SIZE], 1);
    }
}

static void mux_chr_accept_input(Chardev *chr)
{
    MuxChardev *d = CHARDEV_MUX(chr);

    if (d->focus >= 0) {
        mux_flush(d, d->focus);
    }
    qemu_chr_fe_accept_input(&d->chr);
}

static int mux_chr_can_read(void *opaque)
{
    MuxChardev *d = opaque;
    int m = d->focus;
    CharBackend *be;

    if (m < 0) {
        return 1;   /* still honour escapes (C-a x) */
    }
    if (d->prod[m] - d->cons[m] < MUX_BUFFER_SIZE) {
        return 1;
    }
    be = d->backends[m];
    return be && be->chr_can_read ? be->chr_can_read(be->opaque) : 0;
}

static void mux_chr_read(void *opaque, const uint8_t *buf, int size)
{
    MuxChardev *d = opaque;
    Chardev *chr = CHARDEV(d);

    for (int i = 0; i < size; i++) {
        int m = d->focus;
        CharBackend *be;

        if (!mux_proc_byte(chr, d, buf[i]) || m < 0) {
            continue;
        }
        be = d->backends[m];
        if (!be || !be->chr_read) {
            continue;
        }
        if (d->prod[m] == d->cons[m] && be->chr_can_read &&
            be->chr_can_read(be->opaque) > 0) {
            be->chr_read(be->opaque, &buf[i], 1);
        } else if (d->prod[m] - d->cons[m] < MUX_BUFFER_SIZE) {
            d->buffer[m][d->prod[m]++ % MUX_BUFFER_SIZE] = buf[i];
        }
    }
}

static void mux_chr_event(void *opaque, QEMUChrEvent ev)
{
    MuxChardev *d = opaque;

    if (ev == CHR_EVENT_OPENED) {
        d->parent.be_open = 1;
    } else if (ev == CHR_EVENT_CLOSED) {
        d->parent.be_open = 0;
    }
    if (d->opened) {
        mux_send_all(d, ev);
    }
}

/* Like QEMU at machine-init-done: every frontend that attached during
 * start-up sees OPENED once the main loop runs. */
static void mux_open_bh(void *opaque)
{
    MuxChardev *d = opaque;

    d->opened = true;
    if (d->chr.chr && d->chr.chr->be_open) {
        d->parent.be_open = 1;
        mux_send_all(d, CHR_EVENT_OPENED);
    }
}

static void mux_chr_be_event(Chardev *chr, QEMUChrEvent ev)
{
    MuxChardev *d = CHARDEV_MUX(chr);

    mux_send_event(d, d->focus, ev);
}

int mux_chr_attach_frontend(Chardev *chr, CharBackend *b, Error **errp)
{
    MuxChardev *d = CHARDEV_MUX(chr);

    if (d->mux_cnt >= MAX_MUX) {
        error_setg(errp, "too many uses of multiplexed chardev '%s'"
                   " (maximum is %d)", chr->label, MAX_MUX);
        return -1;
    }
    d->backends[d->mux_cnt] = b;
    return d->mux_cnt++;
}

void mux_chr_detach_frontend(Chardev *chr, int tag)
{
    MuxChardev *d = CHARDEV_MUX(chr);

    if (tag >= 0 && tag < d->mux_cnt) {
        d->backends[tag] = NULL;
        if (d->focus == tag) {
            chr->be = NULL;
        }
    }
}

void mux_chr_set_handlers(Chardev *chr, CharBackend *b)
{
    MuxChardev *d = CHARDEV_MUX(chr);

    if (b->chr_read || b->chr_can_read || b->chr_event) {
        /* The frontend attaching last gets the focus (QEMU's rule). */
        mux_set_focus(d, b->tag);
        if (d->opened && chr->be_open && b->chr_event) {
            b->chr_event(b->opaque, CHR_EVENT_OPENED);
        }
    }
    if (!d->opened) {
        qemu_bh_schedule(d->open_bh);
    }
}

static void mux_chr_set_echo(Chardev *chr, bool echo)
{
    qemu_chr_fe_set_echo(&CHARDEV_MUX(chr)->chr, echo);
}

static GSource *mux_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    Chardev *base = CHARDEV_MUX(chr)->chr.chr;
    ChardevClass *cc = base ? CHARDEV_GET_CLASS(base) : NULL;

    return cc && cc->chr_add_watch ? cc->chr_add_watch(base, cond) : NULL;
}

static void mux_chr_parse(QemuOpts *opts, Chardev *chr, Error **errp)
{
    const char *base = qemu_opt_get(opts, "chardev");

    if (!base) {
        error_setg(errp, "chardev: mux: no chardev given");
        return;
    }
    CHARDEV_MUX(chr)->base_label = g_strdup(base);
}

static void mux_chr_open(Chardev *chr, bool *be_opened, Error **errp)
{
    MuxChardev *d = CHARDEV_MUX(chr);
    Chardev *base;

    if (!d->base_label && mux_pending_base) {
        d->base_label = g_strdup(mux_pending_base);
    }
    base = qemu_chr_find(d->base_label);
    if (!base) {
        error_setg(errp, "mux: base chardev %s not found",
                   d->base_label ? d->base_label : "");
        return;
    }
    if (!qemu_chr_fe_init(&d->chr, base, errp)) {
        return;
    }
    qemu_chr_fe_set_handlers(&d->chr, mux_chr_can_read, mux_chr_read,
                             mux_chr_event, NULL, d, NULL, true);
    chr->filename = g_strdup(base->filename);
    /* OPENED goes out from mux_open_bh. */
    *be_opened = false;
}

Chardev *qemu_chr_mux_new(const char *label, Chardev *base, Error **errp)
{
    Chardev *mux;

    mux_pending_base = base->label;
    mux = qemu_chardev_new(label, TYPE_CHARDEV_MUX, NULL, base->gcontext,
                           errp);
    mux_pending_base = NULL;
    return mux;
}

static void mux_chr_init(Object *obj)
{
    MuxChardev *d = CHARDEV_MUX(obj);

    d->focus = -1;
    d->timestamps_start = -1;
    d->open_bh = qemu_bh_new(mux_open_bh, d);
}

static void mux_chr_finalize(Object *obj)
{
    MuxChardev *d = CHARDEV_MUX(obj);

    for (int i = 0; i < d->mux_cnt; i++) {
        if (d->backends[i]) {
            d->backends[i]->chr = NULL;
        }
    }
    CHARDEV(obj)->be = NULL;
    qemu_chr_fe_deinit(&d->chr, false);
    qemu_bh_delete(d->open_bh);
    g_free(d->base_label);
}

static void mux_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = mux_chr_parse;
    cc->open = mux_chr_open;
    cc->chr_write = mux_chr_write;
    cc->chr_accept_input = mux_chr_accept_input;
    cc->chr_be_event = mux_chr_be_event;
    cc->chr_set_echo = mux_chr_set_echo;
    cc->chr_add_watch = mux_chr_add_watch;
}

static const TypeInfo mux_chr_type = {
    .name = TYPE_CHARDEV_MUX,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(MuxChardev),
    .instance_init = mux_chr_init,
    .instance_finalize = mux_chr_finalize,
    .class_init = mux_chr_class_init,
};

static void mux_chr_register(void)
{
    type_register_static(&mux_chr_type);
}

type_init(mux_chr_register)
