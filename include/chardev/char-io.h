/*
 * Helpers shared by the fd-based chardev backends: a read source that only
 * polls while the frontend can take input, a write watch for
 * qemu_chr_fe_add_watch(), and the FDChardev base type.
 */
#ifndef CHARDEV_CHAR_IO_H
#define CHARDEV_CHAR_IO_H

#include "chardev/char.h"

/* Called when fd is readable (or hung up) and the frontend has room;
 * return false to remove the source (EOF, error). */
typedef bool ChrReadFn(Chardev *chr, int fd, GIOCondition cond);
/* Optional: false means "do not poll now, ask again in a second". */
typedef bool ChrPollOk(Chardev *chr);

GSource *chr_read_source_add(Chardev *chr, int fd, ChrReadFn *fn,
                             ChrPollOk *poll_ok);
void chr_source_remove(GSource **src);
/* A watch whose callback is a GSourceFunc(user_data). */
GSource *chr_fd_watch_new(int fd, GIOCondition cond);
/* Read up to the frontend's room into it; false on EOF/error. */
bool chr_fd_read_to_frontend(Chardev *chr, int fd);
/* Restore the terminal (stdio backend); async-signal-safe. */
void qemu_chr_stdio_restore_term(void);

#define TYPE_CHARDEV_FD "chardev-fd"
OBJECT_DECLARE_SIMPLE_TYPE(FDChardev, CHARDEV_FD)
struct FDChardev {
    Chardev parent;
    int fd_in;                       /* -1: no input */
    int fd_out;
    GSource *read_src;
    ChrPollOk *poll_ok;
};
/* Take over the fds (closed at finalize unless they are 0..2). */
void qemu_chr_fd_set(Chardev *chr, int fd_in, int fd_out);

#define TYPE_CHARDEV_MUX "chardev-mux"
#define MAX_MUX 4
bool qemu_chr_is_mux(Chardev *chr);
/* Frontend bookkeeping for char-fe.c */
int mux_chr_attach_frontend(Chardev *mux, CharBackend *b, Error **errp);
void mux_chr_detach_frontend(Chardev *mux, int tag);
void mux_chr_set_handlers(Chardev *mux, CharBackend *b);
/* Create, open and register a chardev of typename (opts may be NULL). */
Chardev *qemu_chardev_new(const char *id, const char *typename,
                          QemuOpts *opts, GMainContext *ctx, Error **errp);
Chardev *qemu_chr_mux_new(const char *label, Chardev *base, Error **errp);

#endif
