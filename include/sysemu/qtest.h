/*
 * The qtest accelerator and protocol server.  With "-qtest CHARDEV" a test
 * program drives the machine over a line protocol (outb, readl, clock_step,
 * irq_intercept_in, ...; see docs/cli.md) while no guest code runs and the
 * virtual clock only moves when the test says so.
 */
#ifndef SYSEMU_QTEST_H
#define SYSEMU_QTEST_H

#include "qemu/osdep.h"
#include "sysemu/accel.h"

/*
 * Start the server on the chardev spec ("unix:/path", "stdio", ...); log
 * the exchange to log_path unless NULL or "none".  false with errp set.
 */
bool qtest_server_init(const char *chardev_spec, const char *log_path,
                       Error **errp);
/* Virtual clock as the qtest accelerator keeps it. */
int64_t qtest_get_virtual_clock(void);

#endif
