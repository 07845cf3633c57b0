/*
 * Process set-up for POSIX hosts, used by system/vl.c: -daemonize,
 * -pidfile and the termination signals.
 */
#ifndef SYSEMU_OS_POSIX_H
#define SYSEMU_OS_POSIX_H

#include "qemu/osdep.h"

/*
 * Fork into the background (before any thread exists).  The original
 * process waits and exits 0 only once os_setup_post() reports success; if
 * the daemon dies first it exits 1.  Errors still reach the caller's
 * stderr until then.
 */
void os_daemonize(void);
/* Start-up succeeded: release the waiting parent, detach stdio. */
void os_setup_post(void);
/*
 * Create, lock and fill the pid file; it is removed at exit.  "cannot
 * create PID file: ..." on failure.
 */
bool qemu_write_pidfile(const char *path, Error **errp);
/* SIGINT/SIGHUP/SIGTERM request a shutdown; SIGPIPE is ignored. */
void os_setup_signal_handling(void);

#endif
