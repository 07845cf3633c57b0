/*
 * fd plumbing for chardev backends and the FDChardev base type
 * (file, pipe, stdio, pty).
 */
#include "qemu/osdep.h"
#include "chardev/char-io.h"
#include <glib-unix.h>
#include "chardev/char-fe.h"
#include <poll.h>

typedef struct ChrReadSource {
    GSource src;
    Chardev *chr;
    int fd;
    gpointer tag;
    ChrReadFn *fn;
    ChrPollOk *poll_ok;
} ChrReadSource;

static gboolean read_prepare(GSource *src, gint *timeout)
{
    ChrReadSource *s = (ChrReadSource *)src;
    GIOCondition want = 0;

    *timeout = -1;
    if (s->poll_ok && !s->poll_ok(s->chr)) {
        *timeout = 1000;
    } else if (qemu_chr_be_can_write(s->chr) > 0) {
        want = G_IO_IN | G_IO_HUP | G_IO_ERR;
    }
    g_source_modify_unix_fd(src, s->tag, want);
    return FALSE;
}

static gboolean read_dispatch(GSource *src, GSourceFunc cb, gpointer data)
{
    ChrReadSource *s = (ChrReadSource *)src;
    GIOCondition rev = g_source_query_unix_fd(src, s->tag);

    if (!rev) {
        return G_SOURCE_CONTINUE;
    }
    if (qemu_chr_be_can_write(s->chr) <= 0 && !(rev & ~G_IO_IN)) {
        return G_SOURCE_CONTINUE;
    }
    return s->fn(s->chr, s->fd, rev) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static GSourceFuncs read_funcs = {
    .prepare = read_prepare,
    .dispatch = read_dispatch,
};

GSource *chr_read_source_add(Chardev *chr, int fd, ChrReadFn *fn,
                             ChrPollOk *poll_ok)
{
    ChrReadSource *s =
        (ChrReadSource *)g_source_new(&read_funcs, sizeof(ChrReadSource));

    s->chr = chr;
    s->fd = fd;
    s->fn = fn;
    s->poll_ok = poll_ok;
    s->tag = g_source_add_unix_fd(&s->src, fd, 0);
    g_source_set_name(&s->src, "chardev-read");
    g_source_attach(&s->src, chr->gcontext);
    return &s->src;
}

void chr_source_remove(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

bool chr_fd_read_to_frontend(Chardev *chr, int fd)
{
    uint8_t buf[4096];
    int room = qemu_chr_be_can_write(chr);
    ssize_t n;

    if (room <= 0) {
        room = 1;   /* hang-up only: read to see EOF */
    }
    n = read(fd, buf, MIN((size_t)room, sizeof(buf)));
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return true;
    }
    if (n <= 0) {
        return false;
    }
    qemu_chr_be_write(chr, buf, n);
    return true;
}

typedef struct ChrWatch {
    GSource src;
    gpointer tag;
} ChrWatch;

static gboolean watch_dispatch(GSource *src, GSourceFunc cb, gpointer data)
{
    return cb ? cb(data) : G_SOURCE_REMOVE;
}

static GSourceFuncs watch_funcs = {
    .dispatch = watch_dispatch,
};

GSource *chr_fd_watch_new(int fd, GIOCondition cond)
{
    ChrWatch *w = (ChrWatch *)g_source_new(&watch_funcs, sizeof(ChrWatch));

    w->tag = g_source_add_unix_fd(&w->src, fd, cond);
    return &w->src;
}

/* ---- FDChardev ---- */

static bool fd_chr_read(Chardev *chr, int fd, GIOCondition cond)
{
    if (!chr_fd_read_to_frontend(chr, fd)) {
        /* EOF: stop reading; writes may still work. */
        FDChardev *s = CHARDEV_FD(chr);

        if (s->read_src) {
            g_source_unref(s->read_src);
            s->read_src = NULL;
        }
        return false;
    }
    return true;
}

static void fd_chr_update_read_handler(Chardev *chr)
{
    FDChardev *s = CHARDEV_FD(chr);

    chr_source_remove(&s->read_src);
    if (s->fd_in >= 0) {
        s->read_src = chr_read_source_add(chr, s->fd_in, fd_chr_read,
                                          s->poll_ok);
    }
}

void qemu_chr_fd_set(Chardev *chr, int fd_in, int fd_out)
{
    FDChardev *s = CHARDEV_FD(chr);

    s->fd_in = fd_in;
    s->fd_out = fd_out;
    if (fd_in >= 0) {
        g_unix_set_fd_nonblocking(fd_in, TRUE, NULL);
    }
    fd_chr_update_read_handler(chr);
}

static int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = CHARDEV_FD(chr);
    ssize_t n;

    if (s->fd_out < 0) {
        return len;
    }
    do {
        n = write(s->fd_out, buf, len);
    } while (n < 0 && errno == EINTR);
    return n;
}

static GSource *fd_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = CHARDEV_FD(chr);

    return s->fd_out >= 0 ? chr_fd_watch_new(s->fd_out, cond) : NULL;
}

static void fd_chr_init(Object *obj)
{
    FDChardev *s = CHARDEV_FD(obj);

    s->fd_in = -1;
    s->fd_out = -1;
}

static void fd_chr_finalize(Object *obj)
{
    FDChardev *s = CHARDEV_FD(obj);

    chr_source_remove(&s->read_src);
    if (s->fd_in > 2) {
        close(s->fd_in);
    }
    if (s->fd_out > 2 && s->fd_out != s->fd_in) {
        close(s->fd_out);
    }
}

static void fd_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = fd_chr_write;
    cc->chr_add_watch = fd_chr_add_watch;
    cc->chr_update_read_handler = fd_chr_update_read_handler;
}

static const TypeInfo fd_chr_type = {
    .name = TYPE_CHARDEV_FD,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(FDChardev),
    .instance_init = fd_chr_init,
    .instance_finalize = fd_chr_finalize,
    .class_init = fd_chr_class_init,
    .abstract = true,
};

static void fd_chr_register(void)
{
    type_register_static(&fd_chr_type);
}

type_init(fd_chr_register)
