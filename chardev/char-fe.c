/*
 * CharBackend: the frontend's handle on a chardev.
 */
#include "qemu/osdep.h"
#include "chardev/char-fe.h"
#include "chardev/char-io.h"
#include "qemu/error.h"
#include "qemu/main-loop.h"

bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp)
{
    int tag = 0;

    if (s) {
        if (qemu_chr_is_mux(s)) {
            tag = mux_chr_attach_frontend(s, b, errp);
            if (tag < 0) {
                return false;
            }
        } else if (s->be) {
            error_setg(errp, "chardev '%s' is already in use", s->label);
            return false;
        } else {
            s->be = b;
        }
    }
    b->fe_open = false;
    b->tag = tag;
    b->chr = s;
    return true;
}

void qemu_chr_fe_deinit(CharBackend *b, bool del)
{
    Chardev *chr = b->chr;

    if (!chr) {
        return;
    }
    qemu_chr_fe_set_handlers(b, NULL, NULL, NULL, NULL, NULL, NULL, true);
    if (chr->be == b) {
        chr->be = NULL;
    }
    if (qemu_chr_is_mux(chr)) {
        mux_chr_detach_frontend(chr, b->tag);
    }
    b->chr = NULL;
    if (del) {
        object_unparent(OBJECT(chr));
    }
}

Chardev *qemu_chr_fe_get_driver(CharBackend *be)
{
    return be->chr;
}

bool qemu_chr_fe_backend_connected(CharBackend *be)
{
    return be->chr != NULL;
}

void qemu_chr_fe_set_handlers(CharBackend *b, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              BackendChangeHandler *be_change, void *opaque,
                              GMainContext *context, bool set_open)
{
    Chardev *s = b->chr;
    ChardevClass *cc;
    bool fe_open;

    if (!s) {
        return;
    }
    cc = CHARDEV_GET_CLASS(s);
    fe_open = opaque || fd_can_read || fd_read || fd_event;
    b->chr_can_read = fd_can_read;
    b->chr_read = fd_read;
    b->chr_event = fd_event;
    b->chr_be_change = be_change;
    b->opaque = opaque;
    if (context) {
        s->gcontext = context;
    }
    if (qemu_chr_is_mux(s)) {
        mux_chr_set_handlers(s, b);
    } else if (cc->chr_update_read_handler) {
        cc->chr_update_read_handler(s);
    }
    if (set_open) {
        qemu_chr_fe_set_open(b, fe_open);
    }
    /* Late attach to an open backend still gets its OPENED event.
     * (A mux delivers it to all its frontends once the loop runs.) */
    if (fe_open && s->be_open && !qemu_chr_is_mux(s) && fd_event) {
        fd_event(opaque, CHR_EVENT_OPENED);
    }
}

int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len)
{
    return be->chr ? qemu_chr_write(be->chr, buf, len, false) : 0;
}

int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len)
{
    return be->chr ? qemu_chr_write(be->chr, buf, len, true) : 0;
}

void qemu_chr_fe_accept_input(CharBackend *be)
{
    Chardev *s = be->chr;
    ChardevClass *cc;

    if (!s) {
        return;
    }
    cc = CHARDEV_GET_CLASS(s);
    if (cc->chr_accept_input) {
        cc->chr_accept_input(s);
    }
    /* The read sources re-check the frontend's room on the next loop. */
    qemu_notify_event();
}

void qemu_chr_fe_set_echo(CharBackend *be, bool echo)
{
    Chardev *s = be->chr;

    if (s && CHARDEV_GET_CLASS(s)->chr_set_echo) {
        CHARDEV_GET_CLASS(s)->chr_set_echo(s, echo);
    }
}

void qemu_chr_fe_set_open(CharBackend *be, int fe_open)
{
    Chardev *s = be->chr;

    if (!s || be->fe_open == fe_open) {
        return;
    }
    be->fe_open = fe_open;
    if (CHARDEV_GET_CLASS(s)->chr_set_fe_open) {
        CHARDEV_GET_CLASS(s)->chr_set_fe_open(s, fe_open);
    }
}

void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *buf = NULL;

    va_start(ap, fmt);
    buf = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_chr_fe_write_all(be, (const uint8_t *)buf, strlen(buf));
}

guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond,
                            GSourceFunc func, void *user_data)
{
    Chardev *s = be->chr;
    GSource *src;
    guint tag;

    if (!s || !CHARDEV_GET_CLASS(s)->chr_add_watch) {
        return 0;
    }
    src = CHARDEV_GET_CLASS(s)->chr_add_watch(s, cond);
    if (!src) {
        return 0;
    }
    g_source_set_callback(src, func, user_data, NULL);
    tag = g_source_attach(src, s->gcontext);
    g_source_unref(src);
    return tag;
}
