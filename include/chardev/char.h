/*
 * Character devices (backends): null, stdio, file, pipe, pty, socket
 * (unix/tcp, server/client), mux.  Created from -chardev/-serial options;
 * a frontend (serial port, monitor) attaches through CharBackend
 * (chardev/char-fe.h).  All callbacks run in the main loop with the BQL.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qom/object.h"
#include "qemu/thread.h"

#define TYPE_CHARDEV "chardev"
OBJECT_DECLARE_TYPE(Chardev, ChardevClass, CHARDEV)

typedef struct CharBackend CharBackend;
typedef struct QemuOpts QemuOpts;

typedef enum QEMUChrEvent {
    CHR_EVENT_BREAK,
    CHR_EVENT_OPENED,
    CHR_EVENT_MUX_IN,
    CHR_EVENT_MUX_OUT,
    CHR_EVENT_CLOSED,
} QEMUChrEvent;

struct Chardev {
    Object parent_obj;
    QemuMutex chr_write_lock;
    CharBackend *be;
    char *label;
    char *filename;
    int logfd;                       /* logfile=, -1 if none */
    int be_open;
    GSource *gsource;
    GMainContext *gcontext;
    unsigned long features;
};

struct ChardevClass {
    ObjectClass parent_class;
    bool internal;                   /* not creatable with -chardev */
    /* Parse the backend's own options into the object. */
    void (*parse)(QemuOpts *opts, Chardev *chr, Error **errp);
    void (*open)(Chardev *chr, bool *be_opened, Error **errp);
    /* Write: returns bytes written (maybe short), or -1 with errno. */
    int (*chr_write)(Chardev *s, const uint8_t *buf, int len);
    /* Watch for G_IO_OUT when a write came back short. */
    GSource *(*chr_add_watch)(Chardev *s, GIOCondition cond);
    void (*chr_update_read_handler)(Chardev *s);
    void (*chr_accept_input)(Chardev *chr);
    void (*chr_set_echo)(Chardev *chr, bool echo);
    void (*chr_set_fe_open)(Chardev *chr, int fe_open);
    void (*chr_be_event)(Chardev *s, QEMUChrEvent event);
    int (*chr_ioctl)(Chardev *s, int cmd, void *arg);
};

/* -chardev OPTS; -serial/-monitor style "stdio", "tcp:...", "file:..". */
Chardev *qemu_chr_new_from_opts(QemuOpts *opts, GMainContext *context,
                                Error **errp);
Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context);
Chardev *qemu_chr_new_noreplay(const char *label, const char *filename,
                               bool permit_mux_mon, GMainContext *context);
/* Parse a legacy "-serial" style filename into -chardev options. */
QemuOpts *qemu_chr_parse_compat(const char *label, const char *filename,
                                bool permit_mux_mon);
Chardev *qemu_chr_find(const char *label);
void qemu_chr_cleanup(void);         /* restore terminals, unlink sockets */

/* Backend side: deliver input/events to the frontend. */
int qemu_chr_be_can_write(Chardev *s);
void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len);
void qemu_chr_be_event(Chardev *s, QEMUChrEvent event);
int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all);

/* The mux's "-nographic" escape handling hands Ctrl-A c to the monitor. */
void qemu_chr_print_help(FILE *out);     /* -chardev help */

#endif
