/*
 * The pty backend: a raw pseudo-terminal.  Output is dropped while no one
 * has the slave side open (as QEMU), and the master is not polled for
 * input then, since it reports a hang-up continuously.
 */
#include "qemu/osdep.h"
#include "chardev/char-io.h"
#include <glib-unix.h>
#include "qemu/error.h"
#include <pty.h>
#include <poll.h>
#include <termios.h>

#define TYPE_CHARDEV_PTY "chardev-pty"

static bool pty_connected(Chardev *chr)
{
    struct pollfd pfd = { .fd = CHARDEV_FD(chr)->fd_in, .events = POLLIN };

    return poll(&pfd, 1, 0) >= 0 && !(pfd.revents & POLLHUP);
}

static int pty_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = CHARDEV_FD(chr);
    ssize_t n;

    if (!pty_connected(chr)) {
        return len;
    }
    do {
        n = write(s->fd_out, buf, len);
    } while (n < 0 && errno == EINTR);
    return n;
}

static void pty_chr_open(Chardev *chr, bool *be_opened, Error **errp)
{
    int master, slave;
    char name[PATH_MAX];
    struct termios tty;

    if (openpty(&master, &slave, name, NULL, NULL) < 0) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        return;
    }
    if (tcgetattr(slave, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(slave, TCSAFLUSH, &tty);
    }
    close(slave);
    fcntl(master, F_SETFD, FD_CLOEXEC);
    g_unix_set_fd_nonblocking(master, TRUE, NULL);

    chr->filename = g_strdup_printf("pty:%s", name);
    printf("char device redirected to %s (label %s)\n", name, chr->label);
    fflush(stdout);
    CHARDEV_FD(chr)->poll_ok = pty_connected;
    qemu_chr_fd_set(chr, master, master);
    *be_opened = false;
}

static void pty_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = pty_chr_open;
    cc->chr_write = pty_chr_write;
}

static const TypeInfo pty_chr_type = {
    .name = TYPE_CHARDEV_PTY,
    .parent = TYPE_CHARDEV_FD,
    .class_init = pty_chr_class_init,
};

static void pty_chr_register(void)
{
    type_register_static(&pty_chr_type);
}

type_init(pty_chr_register)
