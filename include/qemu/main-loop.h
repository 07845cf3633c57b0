/*
 * The main loop: a GLib main context in the main thread that runs timers,
 * fd handlers and bottom halves, all with the BQL held.
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include "qemu/osdep.h"
#include "qemu/thread.h"

int qemu_init_main_loop(Error **errp);
/* One iteration: poll (BQL dropped), then dispatch.  */
void main_loop_wait(bool nonblocking);
/* Wake the main loop from any thread. */
void qemu_notify_event(void);
GMainContext *qemu_get_main_context(void);

typedef void IOHandler(void *opaque);
/* NULL handlers remove the watch. */
void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque);

/* Bottom halves: callbacks scheduled from any thread, run once soon. */
typedef void QEMUBHFunc(void *opaque);
typedef struct QEMUBH QEMUBH;
QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque);
void qemu_bh_schedule(QEMUBH *bh);
void qemu_bh_cancel(QEMUBH *bh);
void qemu_bh_delete(QEMUBH *bh);

/* Run fn(opaque) in the main loop and wait for it (from a vCPU thread). */
void run_on_main_loop_sync(void (*fn)(void *), void *opaque);
/* True in the thread that called qemu_init_main_loop(). */
bool qemu_in_main_thread(void);

#endif
