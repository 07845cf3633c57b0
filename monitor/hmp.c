/*
 * The human monitor on a chardev: banner, "(qemu) " prompt, readline, and
 * the command-line parser shared with QMP's human-monitor-command.
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"
#include "monitor/hmp.h"
#include "qemu/error.h"
#include "hw/core/cpu.h"

static const HMPCommand *find_cmd(const HMPCommand *table, const char *name)
{
    for (const HMPCommand *c = table; c->name; c++) {
        /* "name|alias" */
        g_auto(GStrv) names = g_strsplit(c->name, "|", 0);

        for (int i = 0; names[i]; i++) {
            if (!strcmp(names[i], name)) {
                return c;
            }
        }
    }
    return NULL;
}

void hmp_handle_command(Monitor *mon, const char *cmdline)
{
    g_auto(GStrv) argv = NULL;
    const HMPCommand *cmd;
    int argc;
    Monitor *old = monitor_cur();

    g_autofree char *line = g_strstrip(g_strdup(cmdline));

    argv = g_strsplit_set(line, " \t", -1);
    /* g_strsplit_set keeps empty fields between repeated blanks. */
    argc = 0;
    for (int i = 0; argv[i]; i++) {
        if (*argv[i]) {
            argv[argc++] = argv[i];
        } else {
            g_free(argv[i]);
        }
    }
    argv[argc] = NULL;
    if (argc == 0) {
        return;
    }
    if (strchr(argv[0], '/') && argv[0][0] != '/') {
        /* "x/4x addr": the format is glued to the command name. */
        char *slash = strchr(argv[0], '/');

        argv = g_renew(char *, argv, argc + 2);
        memmove(argv + 2, argv + 1, argc * sizeof(char *));
        argv[1] = g_strdup(slash);
        *slash = 0;
        argc++;
    }
    cmd = find_cmd(hmp_commands, argv[0]);
    if (!cmd) {
        monitor_printf(mon, "unknown command: '%s'\n", argv[0]);
        return;
    }
    if (cmd->sub && argc > 1 && !find_cmd(cmd->sub, argv[1])) {
        /* QEMU names the whole path of an unknown subcommand. */
        monitor_printf(mon, "unknown command: '%s %s'\n", argv[0], argv[1]);
        return;
    }
    monitor_set_cur(mon);
    if (cmd->sub && argc > 1) {
        const HMPCommand *sub = find_cmd(cmd->sub, argv[1]);
        sub->fn(mon, argc - 1, argv + 1);
    } else {
        cmd->fn(mon, argc, argv);
    }
    monitor_set_cur(old);
}

char **hmp_complete(const char *prefix)
{
    GPtrArray *m = g_ptr_array_new();

    for (const HMPCommand *c = hmp_commands; c->name; c++) {
        g_auto(GStrv) names = g_strsplit(c->name, "|", 0);

        if (g_str_has_prefix(names[0], prefix)) {
            g_ptr_array_add(m, g_strdup(names[0]));
        }
    }
    g_ptr_array_add(m, NULL);
    return (char **)g_ptr_array_free(m, FALSE);
}

/* ---- the terminal side ---- */

static void hmp_print(void *opaque, const char *str)
{
    Monitor *mon = opaque;

    /* Readline output is already CR LF: bypass the \n conversion. */
    g_string_append(mon->outbuf, str);
    monitor_flush(mon);
}

static void hmp_line(void *opaque, const char *line)
{
    Monitor *mon = opaque;

    hmp_handle_command(mon, line);
    readline_start(mon->rs, "(qemu) ", hmp_line);
}

static int hmp_can_read(void *opaque)
{
    return monitor_input_room(opaque);
}

static void hmp_read(void *opaque, const uint8_t *buf, int size)
{
    Monitor *mon = opaque;

    for (int i = 0; i < size; i++) {
        readline_handle_byte(mon->rs, buf[i]);
    }
}

static void hmp_event(void *opaque, QEMUChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        /*
         * On a mux that has given the focus to the serial port
         * (-nographic), the greeting waits until Ctrl-A c, as in QEMU.
         */
        mon->connected = true;
        g_string_truncate(mon->outbuf, 0);
        monitor_printf(mon, "QEMU %s monitor - type 'help' for more "
                       "information\n", QEMU_VERSION);
        if (mon->mux_out) {
            readline_set_prompt(mon->rs, "(qemu) ", hmp_line);
        } else {
            readline_start(mon->rs, "(qemu) ", hmp_line);
        }
        break;
    case CHR_EVENT_MUX_IN:
        mon->mux_out = false;
        readline_show_prompt(mon->rs);
        monitor_flush(mon);
        break;
    case CHR_EVENT_MUX_OUT:
        mon->mux_out = true;
        break;
    case CHR_EVENT_CLOSED:
        mon->connected = false;
        g_string_truncate(mon->outbuf, 0);
        readline_restart(mon->rs);
        break;
    default:
        break;
    }
}

void monitor_hmp_setup(Monitor *mon)
{
    mon->rs = readline_new(hmp_print, hmp_complete, mon);
    qemu_chr_fe_set_handlers(&mon->chr, hmp_can_read, hmp_read, hmp_event,
                             NULL, mon, NULL, true);
}

/* ---- QMP: human-monitor-command ---- */

static void qmp_human_monitor_command(QDict *args, QObject **ret,
                                      Error **errp)
{
    Monitor *mon = monitor_new_capture();

    if (qdict_haskey(args, "cpu-index")) {
        int64_t idx = qdict_get_int(args, "cpu-index");

        if (idx < 0 || idx > INT_MAX || !qemu_get_cpu(idx)) {
            error_setg(errp, "Invalid CPU index");
            monitor_free_capture(mon);
            return;
        }
        mon->cpu_index = idx;
    }
    hmp_handle_command(mon, qdict_get_str(args, "command-line"));
    *ret = QOBJECT(qstring_from_str(mon->outbuf->str));
    monitor_free_capture(mon);
}

static const QmpCommandDef hmp_qmp_cmds[] = {
    { "human-monitor-command", qmp_human_monitor_command },
};
QMP_REGISTER_COMMANDS(hmp_qmp_cmds)
