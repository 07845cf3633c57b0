/*
 * The command line and start-up of qemu-system-x86_64 (QEMU 7.2 syntax).
 *
 * qemu_init() first parses and checks every option, then builds the VM in
 * a fixed order (docs/cli.md): machine object, accelerator, chardevs,
 * board, -device, reset, start.  Any bad option, value or file is one
 * error line (QEMU's text, "-opt arg:" location where QEMU has one) and
 * exit status 1 before guest code can run.
 */
#include "qemu/osdep.h"
#include "sysemu/sysemu.h"
#include "sysemu/os-posix.h"
#include "sysemu/accel.h"
#include "sysemu/qtest.h"
#include "sysemu/runstate.h"
#include "sysemu/blockdev.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "chardev/char.h"
#include "qemu/cutils.h"
#include "qemu/error.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/option.h"
#include <sys/prctl.h>

#ifndef QEMU_PKGVERSION_DEFAULT
#define QEMU_PKGVERSION_DEFAULT "qemu-compat"
#endif

typedef enum {
    OPT_h, OPT_version, OPT_machine, OPT_accel, OPT_enable_kvm, OPT_cpu,
    OPT_m, OPT_smp, OPT_kernel, OPT_initrd, OPT_append, OPT_bios,
    OPT_device, OPT_global, OPT_chardev, OPT_serial, OPT_parallel,
    OPT_monitor, OPT_qmp, OPT_qmp_pretty, OPT_mon, OPT_nographic,
    OPT_display, OPT_vga, OPT_nodefaults, OPT_no_user_config,
    OPT_daemonize, OPT_pidfile, OPT_name, OPT_uuid, OPT_S, OPT_no_reboot,
    OPT_no_shutdown, OPT_qtest, OPT_qtest_log, OPT_d, OPT_D,
    OPT_singlestep, OPT_rtc, OPT_boot, OPT_L, OPT_no_acpi, OPT_no_hpet,
    OPT_object, OPT_net, OPT_nic, OPT_k, OPT_usb,
    OPT_drive, OPT_blockdev, OPT_hda, OPT_hdb, OPT_hdc, OPT_hdd, OPT_cdrom,
    OPT_snapshot,
} OptIndex;

typedef struct QemuOption {
    const char *name;
    bool has_arg;
    OptIndex index;
    const char *help;                /* NULL: not shown by -h */
} QemuOption;

static const QemuOption qemu_options[] = {
    {"h", false, OPT_h, "display this help and exit"},
    {"help", false, OPT_h, NULL},
    {"version", false, OPT_version, "display version information and exit"},
    {"machine", true, OPT_machine,
     "[type=]name[,prop[=value][,...]] selects emulated machine"},
    {"M", true, OPT_machine, NULL},
    {"accel", true, OPT_accel,
     "[accel=]name[,prop=value][,...] select accelerator (kvm, tcg, qtest)"},
    {"enable-kvm", false, OPT_enable_kvm, "enable KVM full virtualization"},
    {"cpu", true, OPT_cpu, "cpu select CPU ('-cpu help' for list)"},
    {"m", true, OPT_m, "[size=]megs[,slots=n,maxmem=size] guest RAM"},
    {"smp", true, OPT_smp,
     "[[cpus=]n][,maxcpus=maxcpus][,sockets=sockets][,dies=dies]"
     "[,cores=cores][,threads=threads]"},
    {"kernel", true, OPT_kernel, "bzImage use 'bzImage' as kernel image"},
    {"initrd", true, OPT_initrd, "file use 'file' as initial ram disk"},
    {"append", true, OPT_append, "cmdline use 'cmdline' as kernel command"},
    {"bios", true, OPT_bios, "file set the filename for the BIOS"},
    {"device", true, OPT_device, "driver[,prop[=value][,...]] add device"},
    {"global", true, OPT_global, "driver.property=value set a default"},
    {"chardev", true, OPT_chardev, "backend,id=id[,...] character device"},
    {"serial", true, OPT_serial, "dev redirect the serial port to dev"},
    {"parallel", true, OPT_parallel, NULL},
    {"monitor", true, OPT_monitor, "dev redirect the monitor to dev"},
    {"qmp", true, OPT_qmp, "dev like -monitor but opens in 'control' mode"},
    {"qmp-pretty", true, OPT_qmp_pretty, NULL},
    {"mon", true, OPT_mon, "[chardev=]name[,mode=readline|control]"},
    {"nographic", false, OPT_nographic,
     "disable graphical output; serial and monitor on stdio"},
    {"display", true, OPT_display, "none select display backend type"},
    {"vga", true, OPT_vga, "[std|cirrus|vmware|qxl|virtio|none]"},
    {"nodefaults", false, OPT_nodefaults, "don't create default devices"},
    {"no-user-config", false, OPT_no_user_config,
     "do not load user-provided config files"},
    {"daemonize", false, OPT_daemonize,
     "daemonize QEMU after initializing"},
    {"pidfile", true, OPT_pidfile, "file write PID to 'file'"},
    {"name", true, OPT_name,
     "string1[,process=string2][,debug-threads=on|off]"},
    {"uuid", true, OPT_uuid, "%08x-%04x-%04x-%04x-%012x specify machine UUID"},
    {"S", false, OPT_S, "freeze CPU at startup (use 'c' to start execution)"},
    {"no-reboot", false, OPT_no_reboot, "exit instead of rebooting"},
    {"no-shutdown", false, OPT_no_shutdown, "stop before shutdown"},
    {"qtest", true, OPT_qtest, NULL},
    {"qtest-log", true, OPT_qtest_log, NULL},
    {"d", true, OPT_d, "item1,... enable logging of specified items"},
    {"D", true, OPT_D, "logfile output log to logfile (default stderr)"},
    {"singlestep", false, OPT_singlestep,
     "always run in singlestep mode"},
    {"rtc", true, OPT_rtc,
     "[base=utc|localtime|date][,clock=host|rt|vm][,driftfix=none|slew]"},
    {"boot", true, OPT_boot, "[order=drives][,once=drives][,menu=on|off]"},
    {"L", true, OPT_L, "path set the directory for the BIOS and ROMs"},
    {"no-acpi", false, OPT_no_acpi, "disable ACPI"},
    {"no-hpet", false, OPT_no_hpet, NULL},
    {"object", true, OPT_object, "TYPENAME[,PROP1=VALUE1,...] create object"},
    {"net", true, OPT_net, NULL},
    {"nic", true, OPT_nic, NULL},
    {"k", true, OPT_k, NULL},
    {"usb", false, OPT_usb, NULL},
    {"drive", true, OPT_drive,
     "[file=file][,if=type][,bus=n][,unit=m][,media=d][,index=i]\n"
     "       [,cache=writethrough|writeback|none|directsync|unsafe]"
     "[,format=f]\n       [,snapshot=on|off][,readonly=on|off]"
     "[,discard=ignore|unmap]\n       [,detect-zeroes=on|off|unmap][,id=name]"
     " use 'file' as a drive image"},
    {"blockdev", true, OPT_blockdev,
     "[driver=]driver[,node-name=N][,discard=ignore|unmap]... configure a "
     "block backend"},
    {"hda", true, OPT_hda, "file use 'file' as hard disk 0 image"},
    {"hdb", true, OPT_hdb, "file use 'file' as hard disk 1 image"},
    {"hdc", true, OPT_hdc, "file use 'file' as hard disk 2 image"},
    {"hdd", true, OPT_hdd, "file use 'file' as hard disk 3 image"},
    {"cdrom", true, OPT_cdrom,
     "file use 'file' as CD-ROM image (cdrom is ide1 master)"},
    {"snapshot", false, OPT_snapshot,
     "write to temporary files instead of disk image files"},
};

/* An option occurrence, to put errors found later at its location. */
typedef struct LocOpt {
    const char *opt;
    const char *arg;
    QemuOpts *opts;
    bool qmp;                        /* monitors */
    bool pretty;
} LocOpt;

static struct {
    GPtrArray *devices, *chardevs, *objects, *serials, *monitors;
    GPtrArray *smp, *accels;
    GString *rtc;
    const char *cpu_option;
    const char *kernel, *initrd, *append, *bios;
    const char *pid_file;
    const char *qtest_chrdev, *qtest_log;
    const char *log_mask, *log_file;
    bool daemonize;
    bool has_defaults;
    bool default_serial, default_monitor;
    bool machine_help;
    bool cpu_help, device_help;
    LocOpt mem_loc;
} cfg;

static bool chr_cleaned;

static void vl_chr_cleanup(void)
{
    if (!chr_cleaned) {
        chr_cleaned = true;
        qemu_chr_cleanup();
    }
}

static LocOpt *loc_opt_new(GPtrArray *list, const char *opt, const char *arg,
                           QemuOpts *opts)
{
    LocOpt *lo = g_new0(LocOpt, 1);

    lo->opt = opt;
    lo->arg = arg;
    lo->opts = opts;
    g_ptr_array_add(list, lo);
    return lo;
}

static void loc_restore(const LocOpt *lo)
{
    loc_set_cmdline(lo->opt, lo->arg);
}

static QEMU_NORETURN void fatal_err(Error *err)
{
    error_report_err(err);
    exit(1);
}

static void version(void)
{
    const char *pkg = QEMU_PKGVERSION[0] ? QEMU_PKGVERSION
                                         : QEMU_PKGVERSION_DEFAULT;

    printf("QEMU emulator version " QEMU_VERSION " (%s)\n"
           "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project "
           "developers\n", pkg);
}

static void help(void)
{
    version();
    printf("usage: %s [options]\n\nStandard options:\n", qemu_progname);
    for (size_t i = 0; i < ARRAY_SIZE(qemu_options); i++) {
        const QemuOption *o = &qemu_options[i];
        g_autofree char *head = NULL;

        if (!o->help) {
            continue;
        }
        head = g_strdup_printf("-%s%s", o->name, o->has_arg ? " ..." : "");
        printf("%-16s%s\n", head, o->help);
    }
    printf("\nDuring emulation, with -nographic, Ctrl-a h shows the "
           "multiplexer keys.\n");
}

bool qemu_uuid_parse(const char *str, uint8_t uuid[16])
{
    static const int dash_at[] = {8, 13, 18, 23};
    int j = 0;

    if (!str || strlen(str) != 36) {
        return false;
    }
    for (int i = 0, d = 0; i < 36; i++) {
        if (d < 4 && i == dash_at[d]) {
            if (str[i] != '-') {
                return false;
            }
            d++;
            continue;
        }
        if (!g_ascii_isxdigit(str[i])) {
            return false;
        }
    }
    for (int i = 0; i < 36; i += 2) {
        if (str[i] == '-') {
            i--;
            continue;
        }
        uuid[j++] = g_ascii_xdigit_value(str[i]) << 4 |
                    g_ascii_xdigit_value(str[i + 1]);
    }
    return j == 16;
}

/* ---- serial ports ---- */

static Chardev *serial_hds[MAX_SERIAL_PORTS];
static int num_serial_hds;

Chardev *serial_hd(int i)
{
    return i >= 0 && i < MAX_SERIAL_PORTS ? serial_hds[i] : NULL;
}

int serial_max_hds(void)
{
    return num_serial_hds;
}

static GList *monitor_configs;

GList *qemu_monitor_configs(void)
{
    return monitor_configs;
}

static void add_monitor(Chardev *chr, bool qmp, bool pretty)
{
    MonitorConfig *mc = g_new0(MonitorConfig, 1);
    Error *err = NULL;

    mc->chr = chr;
    mc->qmp = qmp;
    mc->pretty = pretty;
    monitor_configs = g_list_append(monitor_configs, mc);
    if (monitor_init_hook && !monitor_init_hook(mc, &err)) {
        fatal_err(err);
    }
}

/* ---- option parsing ---- */

static QemuOpts *parse_noisily(const char *group, const char *arg,
                               bool implied)
{
    QemuOpts *opts = qemu_opts_parse_noisily(qemu_find_opts(group), arg,
                                             implied);

    if (!opts) {
        exit(1);
    }
    return opts;
}

static void parse_machine(const char *arg)
{
    Error *err = NULL;
    QemuOpts *opts;

    /* "help" may only be the type or a flag: keep it out of the opts. */
    if (is_help_option(arg)) {
        cfg.machine_help = true;
        return;
    }
    opts = qemu_opts_parse(qemu_find_opts("machine"), arg, true, &err);
    if (!opts) {
        fatal_err(err);
    }
    if (qemu_opt_has_help_opt(opts)) {
        qemu_opt_unset(opts, "help");
        qemu_opt_unset(opts, "?");
        cfg.machine_help = true;
    }
}

static void parse_accel(const char *opt, const char *arg)
{
    QemuOpts *opts = parse_noisily("accel", arg, true);
    const char *name = qemu_opt_get(opts, "accel");
    AccelOption *ao;
    GList *l;

    if (!name || is_help_option(name)) {
        accel_print_help(stdout);
        exit(0);
    }
    ao = g_new0(AccelOption, 1);
    ao->name = g_strdup(name);
    ao->props = g_ptr_array_new_with_free_func(g_free);
    ao->loc_opt = opt;
    ao->loc_arg = g_strdup(arg);
    for (l = opts->opts.head; l; l = l->next) {
        QemuOpt *o = l->data;

        if (strcmp(o->name, "accel") != 0) {
            g_ptr_array_add(ao->props,
                            g_strdup_printf("%s=%s", o->name, o->str));
        }
    }
    g_ptr_array_add(cfg.accels, ao);
}

static void parse_monitor(const char *opt, const char *arg, bool qmp,
                          bool pretty)
{
    static int index;
    g_autofree char *label = NULL;
    QemuOpts *chr_opts;
    LocOpt *lo;

    cfg.default_monitor = false;
    if (g_str_equal(arg, "none")) {
        return;
    }
    label = g_strdup_printf("compat_monitor%d", index++);
    chr_opts = qemu_chr_parse_compat(label, arg, true);
    if (!chr_opts) {
        error_report("parse error: %s", arg);
        exit(1);
    }
    lo = loc_opt_new(cfg.monitors, opt, arg, chr_opts);
    lo->qmp = qmp;
    lo->pretty = pretty;
}

static void parse_display(const char *arg)
{
    g_auto(GStrv) items = g_strsplit(arg, ",", 0);

    if (!items[0] || !g_str_equal(items[0], "none")) {
        error_report("Parameter 'type' does not accept value '%s'",
                     items[0] ? items[0] : "");
        exit(1);
    }
    for (int i = 1; items[i]; i++) {
        g_autofree char *key = g_strndup(items[i], strcspn(items[i], "="));

        if (!g_str_equal(key, "gl") && !g_str_equal(key, "show-cursor") &&
            !g_str_equal(key, "window-close")) {
            error_report("Parameter '%s' is unexpected", key);
            exit(1);
        }
    }
    display_none = true;
}

static void parse_vga(const char *arg)
{
    static const char *const models[] = {
        "none", "std", "cirrus", "vmware", "qxl", "xenfb", "tcx", "cg3",
        "virtio", "ati", "bochs",
    };

    for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
        if (g_str_equal(arg, models[i])) {
            vga_model = models[i];
            return;
        }
    }
    loc_set_none();
    error_report("unknown vga type: %s", arg);
    exit(1);
}

static void parse_name(const char *arg)
{
    QemuOpts *opts = parse_noisily("name", arg, true);
    const char *proc;

    qemu_name = qemu_opt_get(opts, "guest");
    proc = qemu_opt_get(opts, "process");
    if (proc) {
        prctl(PR_SET_NAME, proc);
    }
    qemu_debug_threads = qemu_opt_get_bool(opts, "debug-threads", false);
}

static void parse_object(const char *opt, const char *arg)
{
    QemuOpts *opts = parse_noisily("object", arg, true);
    const char *type = qemu_opt_get(opts, "qom-type");

    if (type && is_help_option(type)) {
        GSList *l = object_class_get_list_sorted("user-creatable", false);

        printf("List of user creatable objects:\n");
        for (GSList *el = l; el; el = el->next) {
            printf("  %s\n", object_class_get_name(el->data));
        }
        g_slist_free(l);
        exit(0);
    }
    loc_opt_new(cfg.objects, opt, arg, opts);
}

static const QemuOption *lookup_opt(const char *arg)
{
    const char *name = arg + 1;

    if (*name == '-') {
        name++;                      /* --option works too */
    }
    for (size_t i = 0; i < ARRAY_SIZE(qemu_options); i++) {
        if (g_str_equal(name, qemu_options[i].name)) {
            return &qemu_options[i];
        }
    }
    return NULL;
}

static void parse_args(int argc, char **argv)
{
    Error *err = NULL;

    for (int i = 1; i < argc;) {
        const char *opt = argv[i];
        const char *arg = NULL;
        const QemuOption *o;

        if (opt[0] != '-' || !opt[1]) {
            /* a bare file name is -hda */
            drive_add_hd("-hda", opt, 0);
            i++;
            continue;
        }
        o = lookup_opt(opt);
        if (!o) {
            loc_set_cmdline(opt, NULL);
            error_report("invalid option");
            exit(1);
        }
        if (o->has_arg) {
            if (i + 1 >= argc) {
                loc_set_cmdline(opt, NULL);
                error_report("requires an argument");
                exit(1);
            }
            arg = argv[i + 1];
            i += 2;
        } else {
            i++;
        }
        loc_set_cmdline(opt, arg);

        switch (o->index) {
        case OPT_h:
            help();
            exit(0);
        case OPT_version:
            version();
            exit(0);
        case OPT_machine:
            parse_machine(arg);
            break;
        case OPT_accel:
            parse_accel(opt, arg);
            break;
        case OPT_enable_kvm:
            qemu_opt_set(qemu_find_opts_singleton("machine"), "accel", "kvm",
                         &error_abort);
            break;
        case OPT_cpu:
            cfg.cpu_option = arg;
            cfg.cpu_help = is_help_option(arg);
            break;
        case OPT_m: {
            QemuOpts *opts = parse_noisily("memory", arg, true);
            const char *size = qemu_opt_get(opts, "size");

            if (size && !*size) {
                error_report("missing 'size' option value");
                exit(1);
            }
            cfg.mem_loc.opt = opt;
            cfg.mem_loc.arg = arg;
            cfg.mem_loc.opts = opts;
            break;
        }
        case OPT_smp:
            g_ptr_array_add(cfg.smp, (char *)arg);
            break;
        case OPT_kernel:
            cfg.kernel = arg;
            break;
        case OPT_initrd:
            cfg.initrd = arg;
            break;
        case OPT_append:
            cfg.append = arg;
            break;
        case OPT_bios:
            cfg.bios = arg;
            break;
        case OPT_device: {
            QemuOpts *opts = parse_noisily("device", arg, true);
            const char *driver = qemu_opt_get(opts, "driver");

            if (driver && is_help_option(driver)) {
                cfg.device_help = true;
            }
            loc_opt_new(cfg.devices, opt, arg, opts);
            break;
        }
        case OPT_global:
            if (qemu_global_option(arg) != 0) {
                exit(1);
            }
            break;
        case OPT_chardev:
            loc_opt_new(cfg.chardevs, opt, arg,
                        parse_noisily("chardev", arg, true));
            break;
        case OPT_serial:
            cfg.default_serial = false;
            loc_opt_new(cfg.serials, opt, arg, NULL);
            break;
        case OPT_parallel:
            if (!g_str_equal(arg, "none")) {
                warn_report("parallel ports are not emulated; ignored");
            }
            break;
        case OPT_monitor:
            parse_monitor(opt, arg, false, false);
            break;
        case OPT_qmp:
        case OPT_qmp_pretty:
            parse_monitor(opt, arg, true, o->index == OPT_qmp_pretty);
            break;
        case OPT_mon: {
            QemuOpts *opts = parse_noisily("mon", arg, true);
            const char *mode = qemu_opt_get(opts, "mode");
            LocOpt *lo;

            if (mode && !g_str_equal(mode, "readline") &&
                !g_str_equal(mode, "control")) {
                error_report("unknown monitor mode \"%s\"", mode);
                exit(1);
            }
            cfg.default_monitor = false;
            lo = loc_opt_new(cfg.monitors, opt, arg, opts);
            lo->qmp = mode && g_str_equal(mode, "control");
            lo->pretty = qemu_opt_get_bool(opts, "pretty", false);
            break;
        }
        case OPT_nographic:
            nographic = true;
            display_none = true;
            break;
        case OPT_display:
            parse_display(arg);
            break;
        case OPT_vga:
            parse_vga(arg);
            break;
        case OPT_nodefaults:
            cfg.has_defaults = false;
            break;
        case OPT_no_user_config:
        case OPT_no_hpet:
        case OPT_usb:
            break;
        case OPT_daemonize:
            cfg.daemonize = true;
            break;
        case OPT_pidfile:
            cfg.pid_file = arg;
            break;
        case OPT_name:
            parse_name(arg);
            break;
        case OPT_uuid:
            if (!qemu_uuid_parse(arg, qemu_uuid)) {
                error_report("failed to parse UUID string: wrong format");
                exit(1);
            }
            qemu_uuid_set = true;
            break;
        case OPT_S:
            autostart = false;
            break;
        case OPT_no_reboot:
            no_reboot = true;
            break;
        case OPT_no_shutdown:
            no_shutdown = true;
            break;
        case OPT_qtest:
            cfg.qtest_chrdev = arg;
            break;
        case OPT_qtest_log:
            cfg.qtest_log = arg;
            break;
        case OPT_d:
            cfg.log_mask = arg;
            break;
        case OPT_D:
            cfg.log_file = arg;
            break;
        case OPT_singlestep:
            singlestep = true;
            break;
        case OPT_rtc:
            parse_noisily("rtc", arg, false);
            g_string_append_printf(cfg.rtc, "%s%s", cfg.rtc->len ? "," : "",
                                   arg);
            break;
        case OPT_boot:
            parse_noisily("boot-opts", arg, true);
            break;
        case OPT_L:
            if (is_help_option(arg)) {
                printf("%s\n", CONFIG_QEMU_DATADIR);
                exit(0);
            }
            qemu_add_data_dir(arg);
            break;
        case OPT_no_acpi:
            acpi_disabled = true;
            break;
        case OPT_object:
            parse_object(opt, arg);
            break;
        case OPT_net:
        case OPT_nic:
            if (!g_str_equal(arg, "none")) {
                error_report("network backends are not supported");
                exit(1);
            }
            break;
        case OPT_k:
            break;
        case OPT_drive:
            drive_add(opt, arg);
            break;
        case OPT_blockdev:
            blockdev_add_cmdline(opt, arg);
            break;
        case OPT_hda:
        case OPT_hdb:
        case OPT_hdc:
        case OPT_hdd:
            drive_add_hd(opt, arg, o->index - OPT_hda);
            break;
        case OPT_cdrom:
            drive_add_cdrom(opt, arg);
            break;
        case OPT_snapshot:
            drive_set_snapshot_all();
            break;
        }
    }
    loc_set_none();
    (void)err;
}

/* ---- checks after parsing ---- */

static void process_help_options(void)
{
    if (cfg.machine_help) {
        QemuOpts *m = qemu_opts_find(qemu_find_opts("machine"), NULL);
        const char *type = m ? qemu_opt_get(m, "type") : NULL;
        MachineClass *mc = type ? machine_find_class(type) : NULL;

        if (mc) {
            machine_print_props(stdout, mc);
        } else {
            machine_print_help(stdout);
        }
        exit(0);
    }
    if (cfg.cpu_help) {
        if (x86_cpu_list) {
            x86_cpu_list(stdout);
        } else {
            printf("Available CPUs:\n");
        }
        exit(0);
    }
    for (guint i = 0; i < cfg.chardevs->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.chardevs, i);
        const char *backend = qemu_opt_get(lo->opts, "backend");

        if (backend && is_help_option(backend)) {
            qemu_chr_print_help(stdout);
            exit(0);
        }
    }
    if (cfg.device_help) {
        qdev_print_device_list(stdout);
        exit(0);
    }
    for (guint i = 0; i < cfg.devices->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.devices, i);
        const char *driver = qemu_opt_get(lo->opts, "driver");
        Error *err = NULL;

        if (driver && qemu_opt_has_help_opt(lo->opts)) {
            loc_restore(lo);
            if (!qdev_print_device_help(stdout, driver, &err)) {
                error_report_err(err);
            }
            exit(0);
        }
    }
}

/* Device models must exist before anything (a terminal) is opened. */
static void check_device_drivers(void)
{
    for (guint i = 0; i < cfg.devices->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.devices, i);
        const char *driver = qemu_opt_get(lo->opts, "driver");
        ObjectClass *oc = driver ? object_class_by_name(driver) : NULL;

        loc_restore(lo);
        if (!driver) {
            error_report("Parameter 'driver' is missing");
            exit(1);
        }
        if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
            error_report("'%s' is not a valid device model name", driver);
            exit(1);
        }
    }
    loc_set_none();
}

static bool is_stdio_spec(const char *spec)
{
    return g_str_equal(spec, "stdio") || g_str_equal(spec, "mon:stdio");
}

static void check_options(void)
{
    Error *err = NULL;

    if (cfg.daemonize && nographic) {
        error_report("-nographic cannot be used with -daemonize");
        exit(1);
    }
    if (cfg.daemonize) {
        for (guint i = 0; i < cfg.serials->len; i++) {
            LocOpt *lo = g_ptr_array_index(cfg.serials, i);

            if (is_stdio_spec(lo->arg)) {
                loc_restore(lo);
                error_report("cannot use stdio with -daemonize");
                exit(1);
            }
        }
        for (guint i = 0; i < cfg.monitors->len; i++) {
            LocOpt *lo = g_ptr_array_index(cfg.monitors, i);

            if (is_stdio_spec(lo->arg)) {
                loc_restore(lo);
                error_report("cannot use stdio with -daemonize");
                exit(1);
            }
        }
        loc_set_none();
    }
    if (cfg.log_mask) {
        int mask = qemu_str_to_log_mask(cfg.log_mask);

        if (!mask) {
            qemu_print_log_usage(stdout);
            exit(1);
        }
        if (cfg.log_file) {
            qemu_set_log_filename(cfg.log_file);
        }
        if (!qemu_set_log(mask, &err)) {
            fatal_err(err);
        }
    } else if (cfg.log_file) {
        qemu_set_log_filename(cfg.log_file);
    }
    if (!cfg.kernel && cfg.initrd) {
        error_report("-initrd only allowed with -kernel option");
        exit(1);
    }
    if (!cfg.kernel && cfg.append) {
        error_report("-append only allowed with -kernel option");
        exit(1);
    }
    if (!rtc_configure(cfg.rtc->str, &err)) {
        fatal_err(err);
    }
    check_device_drivers();
}

/* ---- machine ---- */

static MachineClass *select_machine(void)
{
    QemuOpts *m = qemu_opts_find(qemu_find_opts("machine"), NULL);
    const char *type = m ? qemu_opt_get(m, "type") : NULL;
    MachineClass *mc;
    Error *err = NULL;

    if (type) {
        mc = machine_find_class(type);
        if (!mc) {
            error_setg(&err, "unsupported machine type");
        }
    } else {
        mc = machine_find_default();
        if (!mc) {
            error_setg(&err, "No machine specified, and there is no default");
        }
    }
    if (err) {
        error_append_hint(&err, "Use -machine help to list supported "
                          "machines\n");
        fatal_err(err);
    }
    return mc;
}

static void set_machine_props(MachineState *ms)
{
    QemuOpts *m = qemu_opts_find(qemu_find_opts("machine"), NULL);
    Object *obj = OBJECT(ms);
    Error *err = NULL;

    for (GList *l = m ? m->opts.head : NULL; l; l = l->next) {
        QemuOpt *o = l->data;

        if (g_str_equal(o->name, "type") || g_str_equal(o->name, "accel")) {
            continue;
        }
        if (!object_property_parse(obj, o->name, o->str, &err)) {
            fatal_err(err);
        }
        if (g_str_equal(o->name, "kernel-irqchip")) {
            AccelClass *kvm = accel_find("kvm");

            if (kvm && object_class_property_find(OBJECT_CLASS(kvm),
                                                  "kernel-irqchip")) {
                object_register_global(ACCEL_CLASS_NAME("kvm"),
                                       "kernel-irqchip", o->str);
            }
        }
    }
    if (cfg.kernel) {
        object_property_set_str(obj, "kernel", cfg.kernel, &error_abort);
    }
    if (cfg.initrd) {
        object_property_set_str(obj, "initrd", cfg.initrd, &error_abort);
    }
    if (cfg.append) {
        object_property_set_str(obj, "append", cfg.append, &error_abort);
    }
    if (cfg.bios) {
        object_property_set_str(obj, "firmware", cfg.bios, &error_abort);
    }
    {
        QemuOpts *b = qemu_opts_find(qemu_find_opts("boot-opts"), NULL);
        const char *order = b ? qemu_opt_get(b, "order") : NULL;
        const char *once = b ? qemu_opt_get(b, "once") : NULL;

        if (once && !object_property_set_str(obj, "boot", once, &err)) {
            fatal_err(err);
        }
        if (order && !object_property_set_str(obj, "boot", order, &err)) {
            fatal_err(err);
        }
    }
    if (acpi_disabled && object_property_find(obj, "acpi")) {
        object_property_parse(obj, "acpi", "off", NULL);
    }
    ms->enable_graphics = !nographic;
    ms->name = g_strdup(qemu_name);
    if (qemu_uuid_set) {
        memcpy(ms->uuid, qemu_uuid, sizeof(ms->uuid));
        ms->has_uuid = true;
    }
}

static void set_machine_memory(MachineState *ms)
{
    MemorySizeConfiguration mem = {0};
    QemuOpts *opts = cfg.mem_loc.opts;
    Error *err = NULL;

    if (opts) {
        const char *size = qemu_opt_get(opts, "size");

        loc_restore(&cfg.mem_loc);
        if (size) {
            uint64_t sz = qemu_opt_get_size(opts, "size", 0);

            /* Legacy: a bare number is in MiB. */
            if (g_ascii_isdigit(size[strlen(size) - 1])) {
                if (sz > UINT64_MAX / MiB) {
                    loc_set_none();
                    error_report("Parameter 'memory.size' expects size");
                    exit(1);
                }
                sz *= MiB;
            }
            mem.has_size = true;
            mem.size = sz;
        }
        if (qemu_opt_get(opts, "slots")) {
            mem.has_slots = true;
            mem.slots = qemu_opt_get_number(opts, "slots", 0);
        }
        if (qemu_opt_get(opts, "maxmem")) {
            mem.has_max_size = true;
            mem.max_size = qemu_opt_get_size(opts, "maxmem", 0);
        }
        loc_set_none();
    }
    if (!machine_set_memory(ms, &mem, &err)) {
        fatal_err(err);
    }
}

static void set_machine_cpu(MachineState *ms)
{
    Error *err = NULL;

    if (cfg.smp->len) {
        g_ptr_array_add(cfg.smp, NULL);
        if (!machine_parse_smp_list(ms, (char **)cfg.smp->pdata, &err)) {
            fatal_err(err);
        }
    }
    if (cfg.cpu_option) {
        char *type;

        if (!x86_cpu_parse_cpu_model) {
            error_report("unable to find CPU model '%s'", cfg.cpu_option);
            exit(1);
        }
        type = x86_cpu_parse_cpu_model(cfg.cpu_option, &err);
        if (!type) {
            fatal_err(err);
        }
        ms->cpu_type = type;
    }
}

static void check_kernel(MachineClass *mc)
{
    int fd;

    if (!cfg.kernel || mc->no_kernel) {
        return;
    }
    fd = open(cfg.kernel, O_RDONLY);
    if (fd < 0) {
        error_report("could not open kernel file '%s': %s", cfg.kernel,
                     strerror(errno));
        exit(1);
    }
    close(fd);
}

static MachineState *create_machine(MachineClass *mc)
{
    Object *obj = object_new(object_class_get_name(OBJECT_CLASS(mc)));

    object_property_add_child(object_get_root(), "machine", obj);
    object_unref(obj);
    current_machine = MACHINE(obj);
    return current_machine;
}

static void configure_accelerators(MachineState *ms)
{
    QemuOpts *m = qemu_opts_find(qemu_find_opts("machine"), NULL);
    const char *list = m ? qemu_opt_get(m, "accel") : NULL;
    GList *accels = NULL;

    if (cfg.accels->len && list) {
        error_report("The -accel and \"-machine accel=\" options are "
                     "incompatible");
        exit(1);
    }
    if (!cfg.accels->len) {
        g_auto(GStrv) names = NULL;

        if (!list) {
            list = cfg.qtest_chrdev ? "qtest"
                   : accel_find("tcg") ? "tcg" : "kvm";
        }
        names = g_strsplit(list, ":", 0);
        for (int i = 0; names[i]; i++) {
            AccelOption *ao;

            if (!*names[i]) {
                continue;
            }
            ao = g_new0(AccelOption, 1);
            ao->name = g_strdup(names[i]);
            g_ptr_array_add(cfg.accels, ao);
        }
    }
    for (guint i = 0; i < cfg.accels->len; i++) {
        accels = g_list_append(accels, g_ptr_array_index(cfg.accels, i));
    }
    accel_setup_from_list(ms, accels);
    g_list_free(accels);
}

/* ---- backends ---- */

static void create_chardevs(void)
{
    for (guint i = 0; i < cfg.chardevs->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.chardevs, i);
        Error *err = NULL;

        loc_restore(lo);
        if (!qemu_chr_new_from_opts(lo->opts, NULL, &err)) {
            fatal_err(err);
        }
    }
    loc_set_none();
}

static void create_serials(void)
{
    for (guint i = 0; i < cfg.serials->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.serials, i);
        g_autofree char *label = NULL;
        Chardev *chr;

        loc_restore(lo);
        if (g_str_equal(lo->arg, "none")) {
            continue;
        }
        if (num_serial_hds == MAX_SERIAL_PORTS) {
            error_report("too many serial ports");
            exit(1);
        }
        label = g_strdup_printf("serial%d", num_serial_hds);
        chr = qemu_chr_new_noreplay(label, lo->arg, true, NULL);
        if (!chr) {
            error_report("could not connect serial device to character "
                         "backend '%s'", lo->arg);
            exit(1);
        }
        serial_hds[num_serial_hds++] = chr;
        if (g_str_has_prefix(lo->arg, "mon:")) {
            add_monitor(chr, false, false);
        }
    }
    loc_set_none();
}

static void create_monitors(void)
{
    for (guint i = 0; i < cfg.monitors->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.monitors, i);
        Error *err = NULL;
        Chardev *chr;

        loc_restore(lo);
        if (lo->opt && (g_str_equal(lo->opt, "-mon") ||
                        g_str_equal(lo->opt, "--mon"))) {
            const char *name = qemu_opt_get(lo->opts, "chardev");

            chr = name ? qemu_chr_find(name) : NULL;
            if (!chr) {
                error_report("chardev \"%s\" not found", name ? name : "");
                exit(1);
            }
        } else {
            chr = qemu_chr_new_from_opts(lo->opts, NULL, &err);
            if (!chr) {
                fatal_err(err);
            }
        }
        add_monitor(chr, lo->qmp, lo->pretty);
    }
    loc_set_none();
}

static void create_objects(void)
{
    for (guint i = 0; i < cfg.objects->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.objects, i);
        const char *type = qemu_opt_get(lo->opts, "qom-type");
        const char *id = qemu_opts_id(lo->opts);
        ObjectClass *oc;
        Object *obj;
        Error *err = NULL;

        loc_restore(lo);
        if (!type) {
            error_report("Parameter 'qom-type' is missing");
            exit(1);
        }
        oc = object_class_by_name(type);
        if (!oc || object_class_is_abstract(oc) ||
            object_class_dynamic_cast(oc, TYPE_DEVICE) ||
            object_class_dynamic_cast(oc, TYPE_MACHINE)) {
            error_report("Parameter 'qom-type' does not accept value '%s'",
                         type);
            exit(1);
        }
        if (!id) {
            id = qemu_opt_get(lo->opts, "id");
        }
        if (!id) {
            error_report("Parameter 'id' is missing");
            exit(1);
        }
        obj = object_new(type);
        for (GList *l = lo->opts->opts.head; l; l = l->next) {
            QemuOpt *o = l->data;

            if (g_str_equal(o->name, "qom-type") || g_str_equal(o->name, "id")) {
                continue;
            }
            if (!object_property_parse(obj, o->name, o->str, &err)) {
                fatal_err(err);
            }
        }
        if (object_resolve_path_component(object_get_objects_root(), id)) {
            error_report("attempt to add duplicate property '%s' to object "
                         "(type 'container')", id);
            exit(1);
        }
        object_property_add_child(object_get_objects_root(), id, obj);
        object_unref(obj);
    }
    loc_set_none();
}

static void create_devices(void)
{
    for (guint i = 0; i < cfg.devices->len; i++) {
        LocOpt *lo = g_ptr_array_index(cfg.devices, i);
        Error *err = NULL;

        loc_restore(lo);
        if (!qdev_device_add(lo->opts, &err)) {
            fatal_err(err);
        }
    }
    loc_set_none();
}

static void register_globals(void)
{
    QemuOptsList *list = qemu_find_opts("global");

    for (GList *l = list->head.head; l; l = l->next) {
        QemuOpts *opts = l->data;

        object_register_global(qemu_opt_get(opts, "driver"),
                               qemu_opt_get(opts, "property"),
                               qemu_opt_get(opts, "value"));
    }
}

/* QEMU's default serial port and monitor for what was (not) asked. */
static void add_default_backends(MachineClass *mc)
{
    if (!cfg.has_defaults || mc->no_serial) {
        cfg.default_serial = false;
    }
    if (!cfg.has_defaults) {
        cfg.default_monitor = false;
    }
    if (nographic) {
        if (cfg.default_serial && cfg.default_monitor) {
            loc_opt_new(cfg.serials, NULL, "mon:stdio", NULL);
        } else {
            if (cfg.default_serial) {
                loc_opt_new(cfg.serials, NULL, "stdio", NULL);
            }
            if (cfg.default_monitor) {
                parse_monitor(NULL, "stdio", false, false);
            }
        }
    } else if (cfg.default_serial) {
        /* QEMU puts it on a "vc" console; without a display that is lost. */
        loc_opt_new(cfg.serials, NULL, "null", NULL);
    }
}

void qemu_init(int argc, char **argv)
{
    MachineClass *mc;
    MachineState *ms;
    Error *err = NULL;

    qemu_progname = g_path_get_basename(argv[0]);
    cfg.devices = g_ptr_array_new();
    cfg.chardevs = g_ptr_array_new();
    cfg.objects = g_ptr_array_new();
    cfg.serials = g_ptr_array_new();
    cfg.monitors = g_ptr_array_new();
    cfg.smp = g_ptr_array_new();
    cfg.accels = g_ptr_array_new();
    cfg.rtc = g_string_new(NULL);
    cfg.has_defaults = true;
    cfg.default_serial = true;
    cfg.default_monitor = true;

    parse_args(argc, argv);
    process_help_options();
    check_options();
    register_globals();
    mc = select_machine();
    check_kernel(mc);
    add_default_backends(mc);

    /* No thread may exist yet: fork first. */
    if (cfg.daemonize) {
        os_daemonize();
    }
    os_setup_signal_handling();
    if (qemu_init_main_loop(&err) < 0) {
        fatal_err(err);
    }
    qemu_mutex_lock_iothread();
    atexit(vl_chr_cleanup);

    ms = create_machine(mc);
    set_machine_props(ms);
    set_machine_memory(ms);
    set_machine_cpu(ms);
    configure_accelerators(ms);

    create_chardevs();
    if (cfg.qtest_chrdev &&
        !qtest_server_init(cfg.qtest_chrdev, cfg.qtest_log, &err)) {
        fatal_err(err);
    }
    create_serials();
    create_monitors();
    create_objects();
    blockdev_init_cmdline(IF_IDE);

    if (!machine_run_board_init(ms, &err)) {
        fatal_err(err);
    }
    blockdev_create_default_devices();
    create_devices();
    object_check_globals_used();

    if (mc->reset) {
        mc->reset(ms, SHUTDOWN_CAUSE_NONE);
    } else {
        qemu_devices_reset();
    }
    cpu_synchronize_all_post_reset();
    accel_setup_post(ms);

    if (cfg.pid_file && !qemu_write_pidfile(cfg.pid_file, &err)) {
        error_prepend(&err, "cannot create PID file: ");
        fatal_err(err);
    }
    if (autostart) {
        vm_start();
    }
    os_setup_post();
}

void qemu_cleanup(void)
{
    vl_chr_cleanup();
    fflush(stdout);
}
