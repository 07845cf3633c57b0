/*
 * Monitors: QMP (JSON, for programs) and HMP (text, for people), each on a
 * chardev given by -qmp/-monitor/-mon/-nographic.  Everything runs in the
 * main loop with the BQL held.
 *
 * A command handler prints through monitor_printf(monitor_cur(), ...):
 * on an HMP terminal the text goes to the chardev, under
 * human-monitor-command it is captured into the QMP reply.  Output "\n"
 * becomes "\r\n", as in QEMU.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "qemu/osdep.h"
#include "qobject/qobject.h"
#include "sysemu/sysemu.h"

typedef struct Monitor Monitor;

/* Create a monitor on cfg->chr (the -qmp/-monitor hook of system/vl.c). */
bool monitor_init(const MonitorConfig *cfg, Error **errp);

/* The monitor whose command is running; NULL outside commands. */
Monitor *monitor_cur(void);
bool monitor_is_qmp(const Monitor *mon);
int monitor_printf(Monitor *mon, const char *fmt, ...) QEMU_PRINTF(2, 3);
void monitor_puts(Monitor *mon, const char *str);

/*
 * Broadcast an event to every QMP monitor past capabilities negotiation:
 * {"timestamp": {...}, "event": NAME, "data": DATA}.  Steals data (NULL:
 * no "data" member).
 */
void qapi_event_send(const char *name, QDict *data);

/* Write out whatever is buffered, blocking briefly (used at exit). */
void monitor_flush_all(void);

#endif
