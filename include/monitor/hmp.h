/*
 * The human monitor: a command table ("info status", "x /4x 0", ...) and
 * its line parser.  Commands print with monitor_printf(mon, ...).
 */
#ifndef MONITOR_HMP_H
#define MONITOR_HMP_H

#include "monitor/monitor.h"

typedef struct HMPCommand {
    const char *name;
    const char *params;          /* for "help": "[/fmt] addr" */
    const char *help;
    /* argv[0] is the command name; argv is NULL-terminated. */
    void (*fn)(Monitor *mon, int argc, char **argv);
    const struct HMPCommand *sub; /* "info": subcommand table */
} HMPCommand;

extern const HMPCommand hmp_commands[];
extern const HMPCommand hmp_info_commands[];

/* Parse and run one command line on mon. */
void hmp_handle_command(Monitor *mon, const char *cmdline);
/* Names completing prefix (for TAB), NULL-terminated, caller frees. */
char **hmp_complete(const char *prefix);

#endif
