/*
 * The human monitor's commands.  Those that change the VM call the QMP
 * handler of the same meaning, so both monitors behave alike; the output
 * follows QEMU 7.2's text.
 */
#include "qemu/osdep.h"
#include "monitor-internal.h"
#include "monitor/hmp.h"
#include "qemu/error.h"
#include "hw/core/cpu.h"
#include "hw/qdev-core.h"
#include "exec/memory.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "sysemu/sysemu.h"
#include "chardev/char-fe.h"

/* Run a QMP handler; "Error: ..." on failure as QEMU's HMP prints. */
static QObject *hmp_qmp(Monitor *mon, const char *name, QDict *args)
{
    QmpCommandFunc *fn = qmp_find_command(name);
    QObject *ret = NULL;
    Error *err = NULL;

    fn(args, &ret, &err);
    qobject_unref(args);
    if (err) {
        monitor_printf(mon, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
    return ret;
}

static void hmp_simple(Monitor *mon, int argc, char **argv)
{
    /* argv[0] is one of our aliases; map to the QMP name. */
    static const char *const map[][2] = {
        { "stop", "stop" },         { "s", "stop" },
        { "cont", "cont" },         { "c", "cont" },
        { "system_reset", "system_reset" },
        { "system_powerdown", "system_powerdown" },
        { "quit", "quit" },         { "q", "quit" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
        if (!strcmp(argv[0], map[i][0])) {
            /* qobject_unref() evaluates its argument twice. */
            QObject *ret = hmp_qmp(mon, map[i][1], NULL);

            qobject_unref(ret);
            return;
        }
    }
}

static void print_help(Monitor *mon, const HMPCommand *table,
                       const char *prefix, const char *only)
{
    for (const HMPCommand *c = table; c->name; c++) {
        if (only && strcmp(only, c->name) &&
            !g_str_has_prefix(c->name, only)) {
            continue;
        }
        monitor_printf(mon, "%s%s %s -- %s\n", prefix, c->name,
                       c->params ? c->params : "", c->help);
    }
}

static void hmp_help(Monitor *mon, int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "info")) {
        print_help(mon, hmp_info_commands, "info ", argc > 2 ? argv[2] : NULL);
        return;
    }
    print_help(mon, hmp_commands, "", argc > 1 ? argv[1] : NULL);
}

static void hmp_info(Monitor *mon, int argc, char **argv)
{
    print_help(mon, hmp_info_commands, "info ", NULL);
}

static void hmp_info_status(Monitor *mon, int argc, char **argv)
{
    RunState st = runstate_get();

    monitor_printf(mon, "VM status: %s%s",
                   runstate_is_running() ? "running" : "paused",
                   runstate_is_running() && singlestep
                       ? " (single step mode)" : "");
    if (!runstate_is_running() && st != RUN_STATE_PAUSED) {
        monitor_printf(mon, " (%s)", runstate_name(st));
    }
    monitor_printf(mon, "\n");
}

static void hmp_info_version(Monitor *mon, int argc, char **argv)
{
    monitor_printf(mon, "%s%s\n", QEMU_VERSION, QEMU_PKGVERSION);
}

static void hmp_info_name(Monitor *mon, int argc, char **argv)
{
    if (qemu_name) {
        monitor_printf(mon, "%s\n", qemu_name);
    }
}

static void hmp_info_kvm(Monitor *mon, int argc, char **argv)
{
#ifdef CONFIG_KVM
    monitor_printf(mon, "kvm support: %s\n",
                   kvm_enabled() ? "enabled" : "disabled");
#else
    monitor_printf(mon, "kvm support: not compiled\n");
#endif
}

static CPUState *mon_cpu(Monitor *mon)
{
    CPUState *cpu = qemu_get_cpu(mon->cpu_index);

    return cpu ? cpu : first_cpu;
}

static void hmp_info_cpus(Monitor *mon, int argc, char **argv)
{
    CPUState *cpu, *cur = mon_cpu(mon);

    CPU_FOREACH(cpu) {
        monitor_printf(mon, "%c CPU #%d: thread_id=%d\n",
                       cpu == cur ? '*' : ' ', cpu->cpu_index,
                       cpu->thread_id);
    }
}

static void hmp_info_registers(Monitor *mon, int argc, char **argv)
{
    CPUState *cpu = mon_cpu(mon);
    g_autoptr(GString) gs = g_string_new(NULL);

    if (!cpu) {
        monitor_printf(mon, "No CPU available\n");
        return;
    }
    cpu_synchronize_state(cpu);
    cpu_dump_state(cpu, gs, CPU_DUMP_FPU);
    monitor_puts(mon, gs->str);
}

static void hmp_info_mtree(Monitor *mon, int argc, char **argv)
{
    g_autoptr(GString) gs = g_string_new(NULL);
    bool flat = argc > 1 && !strcmp(argv[1], "-f");

    mtree_info(gs, flat);
    monitor_puts(mon, gs->str);
}

static void hmp_info_qtree(Monitor *mon, int argc, char **argv)
{
    g_autoptr(GString) gs = g_string_new(NULL);

    qdev_print_qtree(gs);
    monitor_puts(mon, gs->str);
}

static int print_chardev(Object *child, void *opaque)
{
    Chardev *chr = (Chardev *)object_dynamic_cast(child, TYPE_CHARDEV);

    if (chr) {
        monitor_printf(opaque, "%s: filename=%s\n", chr->label,
                       chr->filename ? chr->filename : "");
    }
    return 0;
}

static void hmp_info_chardev(Monitor *mon, int argc, char **argv)
{
    object_child_foreach(object_get_container("chardevs"), print_chardev,
                         mon);
}

static void hmp_info_history(Monitor *mon, int argc, char **argv)
{
    Monitor *term = NULL;
    const char *line;

    for (GList *l = monitor_list; l; l = l->next) {
        Monitor *m = l->data;
        if (m == mon && m->rs) {
            term = m;
        }
    }
    for (unsigned int i = 0; term && (line = readline_get_history(term->rs,
                                                                    i));
         i++) {
        monitor_printf(mon, "%d: '%s'\n", i, line);
    }
}

/* ---- x / xp ---- */

/*
 * Address expressions: numbers (C syntax) joined by + - *, evaluated left
 * to right with * binding tighter.  false with a message on junk.
 */
static bool eval_expr(Monitor *mon, const char *s, uint64_t *out)
{
    uint64_t sum = 0, term = 0;
    int sign = 1;
    bool want_num = true, in_term = false;
    const char *p = s;

    while (*p) {
        char *end;
        uint64_t v;

        if (*p == ' ') {
            p++;
            continue;
        }
        if (want_num) {
            errno = 0;
            v = strtoull(p, &end, 0);
            if (end == p || errno) {
                monitor_printf(mon, "invalid char '%c' in expression\n", *p);
                return false;
            }
            term = in_term ? term * v : v;
            p = end;
            want_num = false;
            continue;
        }
        if (*p == '*') {
            in_term = true;
        } else if (*p == '+' || *p == '-') {
            sum += sign * term;
            sign = *p == '-' ? -1 : 1;
            in_term = false;
        } else {
            monitor_printf(mon, "invalid char '%c' in expression\n", *p);
            return false;
        }
        want_num = true;
        p++;
    }
    if (want_num) {
        monitor_printf(mon, "unexpected end of expression\n");
        return false;
    }
    *out = sum + sign * term;
    return true;
}

static void print_char(GString *s, unsigned int c)
{
    g_string_append_c(s, '\'');
    switch (c) {
    case '\'':
        g_string_append(s, "\\'");
        break;
    case '\\':
        g_string_append(s, "\\\\");
        break;
    case '\n':
        g_string_append(s, "\\n");
        break;
    case '\r':
        g_string_append(s, "\\r");
        break;
    default:
        if (c >= 32 && c <= 126) {
            g_string_append_c(s, c);
        } else {
            g_string_append_printf(s, "\\x%02x", c);
        }
    }
    g_string_append_c(s, '\'');
}

static void memory_dump(Monitor *mon, int argc, char **argv, bool physical)
{
    int count = 1, wsize = 4, max_digits;
    char format = 'x';
    const char *fmt;
    g_autofree char *expr = NULL;
    uint64_t addr;
    CPUState *cpu = mon_cpu(mon);
    int64_t len;

    if (argc < 2) {
        monitor_printf(mon, "%s: address expected\n", argv[0]);
        return;
    }
    fmt = argv[1];
    if (fmt[0] == '/') {
        const char *p = fmt + 1;
        char *end;

        if (g_ascii_isdigit(*p)) {
            long n = strtol(p, &end, 10);
            if (n < 1 || n > 1 << 20) {
                monitor_printf(mon, "invalid count\n");
                return;
            }
            count = n;
            p = end;
        }
        for (; *p; p++) {
            switch (*p) {
            case 'x': case 'd': case 'u': case 'o': case 'c':
                format = *p;
                break;
            case 'b': wsize = 1; break;
            case 'h': wsize = 2; break;
            case 'w': wsize = 4; break;
            case 'g': wsize = 8; break;
            case 'i':
                monitor_printf(mon, "no disassembler in this build\n");
                return;
            default:
                monitor_printf(mon, "invalid char in format: '%c'\n", *p);
                return;
            }
        }
        argc--;
        argv++;
    }
    if (argc < 2) {
        monitor_printf(mon, "address expected\n");
        return;
    }
    expr = g_strjoinv(" ", argv + 1);
    if (!eval_expr(mon, expr, &addr)) {
        return;
    }
    if (format == 'c') {
        wsize = 1;
    }
    if (!physical && !cpu) {
        monitor_printf(mon, "No CPU available\n");
        return;
    }
    switch (format) {
    case 'o':
        max_digits = DIV_ROUND_UP(wsize * 8, 3);
        break;
    case 'u':
    case 'd':
        max_digits = DIV_ROUND_UP(wsize * 8 * 10, 33);
        break;
    default:
        max_digits = wsize * 2;
        break;
    }
    len = (int64_t)wsize * count;
    while (len > 0) {
        int line_size = wsize == 1 ? 8 : 16;
        int l = len > line_size ? line_size : len;
        uint8_t buf[16];
        g_autoptr(GString) s = g_string_new(NULL);
        bool ok;

        g_string_append_printf(s, "%016" PRIx64 ":", addr);
        if (physical) {
            ok = address_space_read(&address_space_memory, addr,
                                    MEMTXATTRS_UNSPECIFIED, buf,
                                    l) == MEMTX_OK;
        } else {
            ok = cpu_memory_rw_debug(cpu, addr, buf, l, false) >= 0;
        }
        if (!ok) {
            g_string_append(s, " Cannot access memory\n");
            monitor_puts(mon, s->str);
            break;
        }
        for (int i = 0; i < l; i += wsize) {
            uint64_t v = 0;

            for (int b = wsize - 1; b >= 0; b--) {
                v = (v << 8) | buf[i + b];
            }
            g_string_append_c(s, ' ');
            switch (format) {
            case 'o':
                g_string_append_printf(s, "%#*" PRIo64, max_digits, v);
                break;
            case 'u':
                g_string_append_printf(s, "%*" PRIu64, max_digits, v);
                break;
            case 'd': {
                int shift = 64 - wsize * 8;
                int64_t sv = (int64_t)(v << shift) >> shift;
                g_string_append_printf(s, "%*" PRId64, max_digits, sv);
                break;
            }
            case 'c':
                print_char(s, v);
                break;
            default:
                g_string_append_printf(s, "0x%0*" PRIx64, max_digits, v);
                break;
            }
        }
        g_string_append_c(s, '\n');
        monitor_puts(mon, s->str);
        addr += l;
        len -= l;
    }
}

static void hmp_x(Monitor *mon, int argc, char **argv)
{
    memory_dump(mon, argc, argv, false);
}

static void hmp_xp(Monitor *mon, int argc, char **argv)
{
    memory_dump(mon, argc, argv, true);
}

/* system/blockdev-qmp.c */
void hmp_info_block(Monitor *mon, int argc, char **argv);

const HMPCommand hmp_info_commands[] = {
    { "block", "[device]",
      "show info of one block device or all block devices", hmp_info_block },
    { "chardev", "", "show the character devices", hmp_info_chardev },
    { "cpus", "", "show infos for each CPU", hmp_info_cpus },
    { "history", "", "show the command line history", hmp_info_history },
    { "kvm", "", "show KVM information", hmp_info_kvm },
    { "mtree", "[-f]", "show memory tree (-f: dump flat view)",
      hmp_info_mtree },
    { "name", "", "show the current VM name", hmp_info_name },
    { "qtree", "", "show device tree", hmp_info_qtree },
    { "registers", "", "show the cpu registers", hmp_info_registers },
    { "status", "", "show the current VM status (running|paused)",
      hmp_info_status },
    { "version", "", "show the version of QEMU", hmp_info_version },
    { NULL },
};

const HMPCommand hmp_commands[] = {
    { "help|?", "[cmd]", "show the help", hmp_help },
    { "info", "[subcommand]", "show various information about the system "
      "state", hmp_info, hmp_info_commands },
    { "x", "/fmt addr", "virtual memory dump starting at 'addr'", hmp_x },
    { "xp", "/fmt addr", "physical memory dump starting at 'addr'", hmp_xp },
    { "stop|s", "", "stop emulation", hmp_simple },
    { "cont|c", "", "resume emulation", hmp_simple },
    { "system_reset", "", "reset the system", hmp_simple },
    { "system_powerdown", "", "send system power down event", hmp_simple },
    { "quit|q", "", "quit the emulator", hmp_simple },
    { NULL },
};
