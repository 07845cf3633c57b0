/*
 * The socket backend: unix or tcp, client or server.  A server serves one
 * client at a time (the listening socket is not polled while a client is
 * connected); wait=on blocks start-up until the first client arrives.
 * Clients may reconnect=SECONDS after a failure or disconnect.  fd=N takes
 * an inherited socket (listening if server=on, else connected).
 */
#include "qemu/osdep.h"
#include "chardev/char-io.h"
#include "chardev/char-fe.h"
#include "qemu/option.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"
#include <poll.h>
#include <glib-unix.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>

typedef struct SocketChardev {
    Chardev parent;
    char *path, *host, *port;
    int inherited_fd;
    bool is_server, wait, nodelay, telnet, wait_given;
    int64_t reconnect;
    int listen_fd;
    int fd;
    GSource *listen_src;
    GSource *read_src;
    QEMUTimer *reconnect_timer;
    bool unlink_path;
} SocketChardev;

#define TYPE_CHARDEV_SOCKET "chardev-socket"
OBJECT_DECLARE_SIMPLE_TYPE(SocketChardev, CHARDEV_SOCKET)

/* Socket files we bound: removed on every exit path, even one taken
 * before the chardev is registered (killed while waiting for a client). */
static GSList *bound_paths;

static void unlink_bound_paths(void)
{
    for (GSList *l = bound_paths; l; l = l->next) {
        unlink(l->data);
    }
}

static void remember_bound_path(const char *path)
{
    static bool registered;

    if (!registered) {
        atexit(unlink_bound_paths);
        registered = true;
    }
    bound_paths = g_slist_prepend(bound_paths, g_strdup(path));
}

static void forget_bound_path(const char *path)
{
    for (GSList *l = bound_paths; l; l = l->next) {
        if (strcmp(l->data, path) == 0) {
            g_free(l->data);
            bound_paths = g_slist_delete_link(bound_paths, l);
            return;
        }
    }
}

static char *sock_desc(SocketChardev *s)
{
    if (s->path) {
        return g_strdup_printf("unix:%s", s->path);
    }
    if (s->host) {
        return g_strdup_printf("%s:%s:%s", s->telnet ? "telnet" : "tcp",
                               s->host, s->port);
    }
    return g_strdup_printf("fd:%d", s->inherited_fd);
}

static void sock_update_filename(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);
    g_autofree char *d = sock_desc(s);

    g_free(chr->filename);
    if (s->fd < 0) {
        chr->filename = g_strdup_printf("disconnected:%s%s", d,
                                        s->is_server ? ",server=on" : "");
    } else {
        chr->filename = g_strdup_printf("%s%s", d,
                                        s->is_server ? ",server=on" : "");
    }
}

static void sock_listen_watch(SocketChardev *s);
static void sock_schedule_reconnect(SocketChardev *s);

static void sock_disconnect(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    if (s->fd < 0) {
        return;
    }
    chr_source_remove(&s->read_src);
    close(s->fd);
    s->fd = -1;
    sock_update_filename(s);
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    if (s->is_server) {
        sock_listen_watch(s);
    } else if (s->reconnect > 0) {
        sock_schedule_reconnect(s);
    }
}

static bool sock_read(Chardev *chr, int fd, GIOCondition cond)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);

    if (!chr_fd_read_to_frontend(chr, fd)) {
        /* The source dies with this return; do not destroy it twice. */
        g_source_unref(s->read_src);
        s->read_src = NULL;
        sock_disconnect(s);
        return false;
    }
    return true;
}

static void sock_connected(SocketChardev *s, int fd)
{
    Chardev *chr = CHARDEV(s);

    s->fd = fd;
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    if (s->nodelay) {
        int one = 1;

        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    chr_source_remove(&s->listen_src);
    s->read_src = chr_read_source_add(chr, fd, sock_read, NULL);
    sock_update_filename(s);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

static gboolean sock_accept_cb(gpointer opaque)
{
    SocketChardev *s = opaque;
    int fd;

    fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
        return G_SOURCE_CONTINUE;
    }
    /* sock_connected removes this source; keep it alive until we return. */
    g_source_ref(s->listen_src);
    GSource *self = s->listen_src;
    sock_connected(s, fd);
    g_source_unref(self);
    return G_SOURCE_REMOVE;
}

static void sock_listen_watch(SocketChardev *s)
{
    if (s->listen_fd < 0 || s->listen_src) {
        return;
    }
    s->listen_src = chr_fd_watch_new(s->listen_fd, G_IO_IN);
    g_source_set_callback(s->listen_src, sock_accept_cb, s, NULL);
    g_source_attach(s->listen_src, CHARDEV(s)->gcontext);
}

static int sock_resolve(SocketChardev *s, struct addrinfo **res, bool passive,
                        Error **errp)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = passive ? AI_PASSIVE : 0,
    };
    int rc = getaddrinfo(*s->host ? s->host : NULL, s->port, &hints, res);

    if (rc) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   s->host, s->port, gai_strerror(rc));
        return -1;
    }
    return 0;
}

static int sock_unix_addr(SocketChardev *s, struct sockaddr_un *un,
                          Error **errp)
{
    memset(un, 0, sizeof(*un));
    un->sun_family = AF_UNIX;
    if (strlen(s->path) >= sizeof(un->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", s->path);
        return -1;
    }
    strcpy(un->sun_path, s->path);
    return 0;
}

static int sock_connect(SocketChardev *s, Error **errp)
{
    int fd = -1, err = 0;

    if (s->path) {
        struct sockaddr_un un;

        if (sock_unix_addr(s, &un, errp) < 0) {
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
        if (fd < 0) {
            error_setg_errno(errp, err ? err : errno,
                             "Failed to connect to '%s'", s->path);
        }
        return fd;
    } else {
        struct addrinfo *res, *ai;

        if (sock_resolve(s, &res, false, errp) < 0) {
            return -1;
        }
        for (ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd < 0) {
                err = errno;
                continue;
            }
            if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
                break;
            }
            err = errno;
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg_errno(errp, err, "Failed to connect to '%s:%s'",
                             s->host, s->port);
        }
        return fd;
    }
}

static int sock_listen(SocketChardev *s, Error **errp)
{
    int fd, one = 1;

    if (s->path) {
        struct sockaddr_un un;

        if (sock_unix_addr(s, &un, errp) < 0) {
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to create socket");
            return -1;
        }
        /* A stale socket file from an earlier run would block bind. */
        unlink(s->path);
        if (bind(fd, (struct sockaddr *)&un, sizeof(un)) < 0) {
            error_setg_errno(errp, errno, "Failed to bind socket to %s",
                             s->path);
            close(fd);
            return -1;
        }
        s->unlink_path = true;
        remember_bound_path(s->path);
    } else {
        struct addrinfo *res, *ai;
        int err = 0;

        if (sock_resolve(s, &res, true, errp) < 0) {
            return -1;
        }
        fd = -1;
        for (ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd < 0) {
                err = errno;
                continue;
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
                break;
            }
            err = errno;
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg_errno(errp, err, "Failed to find an available port");
            return -1;
        }
    }
    if (listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket");
        close(fd);
        return -1;
    }
    return fd;
}

static void sock_reconnect_cb(void *opaque)
{
    SocketChardev *s = opaque;
    Error *err = NULL;
    int fd;

    if (s->fd >= 0) {
        return;
    }
    fd = sock_connect(s, &err);
    if (fd < 0) {
        error_free(err);
        sock_schedule_reconnect(s);
        return;
    }
    sock_connected(s, fd);
}

static void sock_schedule_reconnect(SocketChardev *s)
{
    if (!s->reconnect_timer) {
        s->reconnect_timer =
            timer_new_ms(QEMU_CLOCK_REALTIME, sock_reconnect_cb, s);
    }
    timer_mod(s->reconnect_timer,
              qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + s->reconnect * 1000);
}

static void sock_parse(QemuOpts *opts, Chardev *chr, Error **errp)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);
    const char *path = qemu_opt_get(opts, "path");
    const char *host = qemu_opt_get(opts, "host");
    const char *port = qemu_opt_get(opts, "port");
    const char *fd = qemu_opt_get(opts, "fd");

    if (!!path + !!host + !!fd > 1) {
        error_setg(errp,
                   "None or one of 'path', 'fd' or 'host' option required.");
        return;
    }
    s->is_server = qemu_opt_get_bool(opts, "server", false);
    s->wait_given = qemu_opt_find(opts, "wait") != NULL;
    s->wait = qemu_opt_get_bool(opts, "wait", true);
    s->nodelay = qemu_opt_get_bool(opts, "nodelay", false) ||
                 !qemu_opt_get_bool(opts, "delay", true);
    s->telnet = qemu_opt_get_bool(opts, "telnet", false);
    s->reconnect = qemu_opt_get_number(opts, "reconnect", 0);

    if (host) {
        if (!port) {
            error_setg(errp, "chardev: socket: no port given");
            return;
        }
        s->host = g_strdup(host);
        s->port = g_strdup(port);
    } else if (path) {
        s->path = g_strdup(path);
    } else if (qemu_strtoi(fd, NULL, 10, &s->inherited_fd) < 0 ||
               s->inherited_fd < 0) {
        error_setg(errp, "Unable to parse FD number %s", fd ? fd : "");
        return;
    }
    if (s->is_server && s->reconnect) {
        error_setg(errp, "'reconnect' option is incompatible with socket in "
                   "server listen mode");
        return;
    }
    if (!s->is_server && s->wait_given) {
        error_setg(errp, "'wait' option is incompatible with socket in "
                   "client connect mode");
        return;
    }
}

static void sock_open(Chardev *chr, bool *be_opened, Error **errp)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);
    Error *err = NULL;
    int fd;

    *be_opened = false;
    if (!s->path && !s->host) {
        int type;
        socklen_t len = sizeof(type);

        if (getsockopt(s->inherited_fd, SOL_SOCKET, SO_TYPE, &type,
                       &len) < 0) {
            error_setg(errp, "File descriptor '%d' is not a socket",
                       s->inherited_fd);
            return;
        }
        fcntl(s->inherited_fd, F_SETFD, FD_CLOEXEC);
        if (s->is_server) {
            s->listen_fd = s->inherited_fd;
        } else {
            sock_update_filename(s);
            sock_connected(s, s->inherited_fd);
            return;
        }
    } else if (s->is_server) {
        s->listen_fd = sock_listen(s, errp);
        if (s->listen_fd < 0) {
            return;
        }
    } else {
        fd = sock_connect(s, &err);
        if (fd < 0) {
            if (s->reconnect > 0) {
                error_report("Unable to connect character device %s: %s",
                             chr->label, error_get_pretty(err));
                error_free(err);
                sock_update_filename(s);
                sock_schedule_reconnect(s);
                return;
            }
            error_propagate(errp, err);
            return;
        }
        sock_update_filename(s);
        sock_connected(s, fd);
        return;
    }

    sock_update_filename(s);
    if (s->wait) {
        info_report("QEMU waiting for connection on: %s", chr->filename);
        for (;;) {
            struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };

            /* Stay killable: signals only set a flag. */
            qemu_exit_if_killed();
            if (poll(&pfd, 1, 100) <= 0) {
                continue;
            }
            fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
            if (fd >= 0 || (errno != EINTR && errno != EAGAIN)) {
                break;
            }
        }
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to accept connection");
            return;
        }
        sock_connected(s, fd);
        return;
    }
    g_unix_set_fd_nonblocking(s->listen_fd, TRUE, NULL);
    sock_listen_watch(s);
}

static int sock_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);
    ssize_t n;

    if (s->fd < 0) {
        errno = EIO;
        return -1;
    }
    do {
        n = send(s->fd, buf, len, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    /* A broken peer is noticed (and cleaned up) by the read side. */
    return n;
}

static GSource *sock_add_watch(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);

    return s->fd >= 0 ? chr_fd_watch_new(s->fd, cond) : NULL;
}

static void sock_update_read_handler(Chardev *chr)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);

    if (s->fd >= 0) {
        chr_source_remove(&s->read_src);
        s->read_src = chr_read_source_add(chr, s->fd, sock_read, NULL);
    }
}

static void sock_init(Object *obj)
{
    SocketChardev *s = CHARDEV_SOCKET(obj);

    s->fd = -1;
    s->listen_fd = -1;
    s->inherited_fd = -1;
}

static void sock_finalize(Object *obj)
{
    SocketChardev *s = CHARDEV_SOCKET(obj);

    chr_source_remove(&s->read_src);
    chr_source_remove(&s->listen_src);
    timer_free(s->reconnect_timer);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    if (s->unlink_path && s->path) {
        unlink(s->path);
        forget_bound_path(s->path);
    }
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
}

static void sock_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = sock_parse;
    cc->open = sock_open;
    cc->chr_write = sock_write;
    cc->chr_add_watch = sock_add_watch;
    cc->chr_update_read_handler = sock_update_read_handler;
}

static const TypeInfo sock_type = {
    .name = TYPE_CHARDEV_SOCKET,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(SocketChardev),
    .instance_init = sock_init,
    .instance_finalize = sock_finalize,
    .class_init = sock_class_init,
};

static void sock_register(void)
{
    type_register_static(&sock_type);
}

type_init(sock_register)
