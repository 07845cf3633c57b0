/*
 * Frontend side of a character device: what a serial port or monitor uses.
 *     qemu_chr_fe_set_handlers(&s->chr, can_receive, receive, event,
 *                              NULL, s, NULL, true);
 *     qemu_chr_fe_write_all(&s->chr, &byte, 1);
 * can_read returns how many bytes the frontend can take now; the backend
 * stops reading at 0 and resumes after qemu_chr_fe_accept_input().
 */
#ifndef CHARDEV_CHAR_FE_H
#define CHARDEV_CHAR_FE_H

#include "chardev/char.h"

typedef int IOCanReadHandler(void *opaque);
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void IOEventHandler(void *opaque, QEMUChrEvent event);
typedef int BackendChangeHandler(void *opaque);

struct CharBackend {
    Chardev *chr;
    IOEventHandler *chr_event;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    BackendChangeHandler *chr_be_change;
    void *opaque;
    int tag;                         /* index in a mux */
    int fe_open;
};

bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp);
void qemu_chr_fe_deinit(CharBackend *b, bool del);
Chardev *qemu_chr_fe_get_driver(CharBackend *be);
bool qemu_chr_fe_backend_connected(CharBackend *be);
void qemu_chr_fe_set_handlers(CharBackend *b, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              BackendChangeHandler *be_change, void *opaque,
                              GMainContext *context, bool set_open);
int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len);
int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);
void qemu_chr_fe_accept_input(CharBackend *be);
void qemu_chr_fe_set_echo(CharBackend *be, bool echo);
void qemu_chr_fe_set_open(CharBackend *be, int fe_open);
void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
    QEMU_PRINTF(2, 3);
guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond,
                            GSourceFunc func, void *user_data);

#endif
