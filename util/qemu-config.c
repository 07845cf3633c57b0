/*
 * Registry of the command line's QemuOpts groups, the groups whose syntax
 * is fixed here (as in QEMU 7.2), and -global parsing.
 *
 * Groups whose keys are device, backend or object properties accept any
 * key here (empty desc); their consumers validate them.  Subsystems can
 * register further groups with qemu_add_opts().
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/error.h"

static QemuOptsList qemu_machine_opts = {
    .name = "machine",
    .implied_opt_name = "type",
    .merge_lists = true,
    .desc = { { NULL } },
};

static QemuOptsList qemu_accel_opts = {
    .name = "accel",
    .implied_opt_name = "accel",
    .desc = { { NULL } },
};

static QemuOptsList qemu_device_opts = {
    .name = "device",
    .implied_opt_name = "driver",
    .desc = { { NULL } },
};

static QemuOptsList qemu_drive_opts = {
    .name = "drive",
    .desc = { { NULL } },
};

static QemuOptsList qemu_netdev_opts = {
    .name = "netdev",
    .implied_opt_name = "type",
    .desc = { { NULL } },
};

static QemuOptsList qemu_nic_opts = {
    .name = "nic",
    .implied_opt_name = "type",
    .desc = { { NULL } },
};

static QemuOptsList qemu_object_opts = {
    .name = "object",
    .implied_opt_name = "qom-type",
    .desc = { { NULL } },
};

static QemuOptsList qemu_numa_opts = {
    .name = "numa",
    .implied_opt_name = "type",
    .desc = { { NULL } },
};

static QemuOptsList qemu_chardev_opts = {
    .name = "chardev",
    .implied_opt_name = "backend",
    .desc = {
        { .name = "backend", .type = QEMU_OPT_STRING },
        { .name = "path", .type = QEMU_OPT_STRING },
        { .name = "host", .type = QEMU_OPT_STRING },
        { .name = "port", .type = QEMU_OPT_STRING },
        { .name = "fd", .type = QEMU_OPT_STRING },
        { .name = "localaddr", .type = QEMU_OPT_STRING },
        { .name = "localport", .type = QEMU_OPT_STRING },
        { .name = "to", .type = QEMU_OPT_NUMBER },
        { .name = "ipv4", .type = QEMU_OPT_BOOL },
        { .name = "ipv6", .type = QEMU_OPT_BOOL },
        { .name = "wait", .type = QEMU_OPT_BOOL },
        { .name = "server", .type = QEMU_OPT_BOOL },
        { .name = "delay", .type = QEMU_OPT_BOOL },
        { .name = "nodelay", .type = QEMU_OPT_BOOL },
        { .name = "reconnect", .type = QEMU_OPT_NUMBER },
        { .name = "telnet", .type = QEMU_OPT_BOOL },
        { .name = "tn3270", .type = QEMU_OPT_BOOL },
        { .name = "websocket", .type = QEMU_OPT_BOOL },
        { .name = "width", .type = QEMU_OPT_NUMBER },
        { .name = "height", .type = QEMU_OPT_NUMBER },
        { .name = "cols", .type = QEMU_OPT_NUMBER },
        { .name = "rows", .type = QEMU_OPT_NUMBER },
        { .name = "mux", .type = QEMU_OPT_BOOL },
        { .name = "signal", .type = QEMU_OPT_BOOL },
        { .name = "name", .type = QEMU_OPT_STRING },
        { .name = "debug", .type = QEMU_OPT_NUMBER },
        { .name = "size", .type = QEMU_OPT_SIZE },
        { .name = "chardev", .type = QEMU_OPT_STRING },
        { .name = "append", .type = QEMU_OPT_BOOL },
        { .name = "logfile", .type = QEMU_OPT_STRING },
        { .name = "logappend", .type = QEMU_OPT_BOOL },
        { .name = "mouse", .type = QEMU_OPT_BOOL },
        { .name = "clipboard", .type = QEMU_OPT_BOOL },
        { .name = "tight", .type = QEMU_OPT_BOOL },
        { .name = "abstract", .type = QEMU_OPT_BOOL },
        { .name = "input-path", .type = QEMU_OPT_STRING },
        { NULL }
    },
};

static QemuOptsList qemu_mon_opts = {
    .name = "mon",
    .implied_opt_name = "chardev",
    .desc = {
        { .name = "mode", .type = QEMU_OPT_STRING },
        { .name = "chardev", .type = QEMU_OPT_STRING },
        { .name = "pretty", .type = QEMU_OPT_BOOL },
        { NULL }
    },
};

static QemuOptsList qemu_global_opts = {
    .name = "global",
    .desc = {
        { .name = "driver", .type = QEMU_OPT_STRING },
        { .name = "property", .type = QEMU_OPT_STRING },
        { .name = "value", .type = QEMU_OPT_STRING },
        { NULL }
    },
};

static QemuOptsList qemu_mem_opts = {
    .name = "memory",
    .implied_opt_name = "size",
    .merge_lists = true,
    .desc = {
        { .name = "size", .type = QEMU_OPT_SIZE },
        { .name = "slots", .type = QEMU_OPT_NUMBER },
        { .name = "maxmem", .type = QEMU_OPT_SIZE },
        { NULL }
    },
};

static QemuOptsList qemu_smp_opts = {
    .name = "smp-opts",
    .implied_opt_name = "cpus",
    .merge_lists = true,
    .desc = {
        { .name = "cpus", .type = QEMU_OPT_NUMBER },
        { .name = "sockets", .type = QEMU_OPT_NUMBER },
        { .name = "dies", .type = QEMU_OPT_NUMBER },
        { .name = "clusters", .type = QEMU_OPT_NUMBER },
        { .name = "cores", .type = QEMU_OPT_NUMBER },
        { .name = "threads", .type = QEMU_OPT_NUMBER },
        { .name = "maxcpus", .type = QEMU_OPT_NUMBER },
        { NULL }
    },
};

static QemuOptsList qemu_boot_opts = {
    .name = "boot-opts",
    .implied_opt_name = "order",
    .merge_lists = true,
    .desc = {
        { .name = "order", .type = QEMU_OPT_STRING },
        { .name = "once", .type = QEMU_OPT_STRING },
        { .name = "menu", .type = QEMU_OPT_BOOL },
        { .name = "splash", .type = QEMU_OPT_STRING },
        { .name = "splash-time", .type = QEMU_OPT_NUMBER },
        { .name = "reboot-timeout", .type = QEMU_OPT_NUMBER },
        { .name = "strict", .type = QEMU_OPT_BOOL },
        { NULL }
    },
};

static QemuOptsList qemu_name_opts = {
    .name = "name",
    .implied_opt_name = "guest",
    .merge_lists = true,
    .desc = {
        { .name = "guest", .type = QEMU_OPT_STRING,
          .help = "Sets the name of the guest." },
        { .name = "process", .type = QEMU_OPT_STRING,
          .help = "Sets the name of the QEMU process, as shown in top etc" },
        { .name = "debug-threads", .type = QEMU_OPT_BOOL,
          .help = "When enabled, name the individual threads; defaults off." },
        { NULL }
    },
};

static QemuOptsList qemu_rtc_opts = {
    .name = "rtc",
    .merge_lists = true,
    .desc = {
        { .name = "base", .type = QEMU_OPT_STRING },
        { .name = "clock", .type = QEMU_OPT_STRING },
        { .name = "driftfix", .type = QEMU_OPT_STRING },
        { NULL }
    },
};

static QemuOptsList qemu_icount_opts = {
    .name = "icount",
    .implied_opt_name = "shift",
    .merge_lists = true,
    .desc = {
        { .name = "shift", .type = QEMU_OPT_STRING },
        { .name = "align", .type = QEMU_OPT_BOOL },
        { .name = "sleep", .type = QEMU_OPT_BOOL },
        { .name = "rr", .type = QEMU_OPT_STRING },
        { .name = "rrfile", .type = QEMU_OPT_STRING },
        { .name = "rrsnapshot", .type = QEMU_OPT_STRING },
        { NULL }
    },
};

static QemuOptsList qemu_fw_cfg_opts = {
    .name = "fw_cfg",
    .implied_opt_name = "name",
    .desc = {
        { .name = "name", .type = QEMU_OPT_STRING,
          .help = "Sets the fw_cfg name of the blob to be inserted" },
        { .name = "file", .type = QEMU_OPT_STRING,
          .help = "Sets the name of the file from which the fw_cfg blob "
                  "will be loaded" },
        { .name = "string", .type = QEMU_OPT_STRING,
          .help = "Sets content of the blob to be inserted from a string" },
        { .name = "gen_id", .type = QEMU_OPT_STRING,
          .help = "Sets id of the object generating the fw_cfg blob "
                  "to be inserted" },
        { NULL }
    },
};

static QemuOptsList qemu_overcommit_opts = {
    .name = "overcommit",
    .merge_lists = true,
    .desc = {
        { .name = "mem-lock", .type = QEMU_OPT_BOOL },
        { .name = "cpu-pm", .type = QEMU_OPT_BOOL },
        { NULL }
    },
};

static QemuOptsList qemu_msg_opts = {
    .name = "msg",
    .merge_lists = true,
    .desc = {
        { .name = "timestamp", .type = QEMU_OPT_BOOL },
        { .name = "guest-name", .type = QEMU_OPT_BOOL,
          .help = "Prepends guest name for error messages but only if "
                  "-name guest is set otherwise option is ignored\n" },
        { NULL }
    },
};

static QemuOptsList *const builtin_lists[] = {
    &qemu_machine_opts, &qemu_accel_opts,   &qemu_device_opts,
    &qemu_drive_opts,   &qemu_netdev_opts,  &qemu_nic_opts,
    &qemu_object_opts,  &qemu_numa_opts,    &qemu_chardev_opts,
    &qemu_mon_opts,     &qemu_global_opts,  &qemu_mem_opts,
    &qemu_smp_opts,     &qemu_boot_opts,    &qemu_name_opts,
    &qemu_rtc_opts,     &qemu_icount_opts,  &qemu_fw_cfg_opts,
    &qemu_overcommit_opts, &qemu_msg_opts,
};

static GPtrArray *registry;

static void registry_init(void)
{
    if (!registry) {
        registry = g_ptr_array_new();
        for (size_t i = 0; i < ARRAY_SIZE(builtin_lists); i++) {
            g_ptr_array_add(registry, builtin_lists[i]);
        }
    }
}

void qemu_add_opts(QemuOptsList *list)
{
    registry_init();
    for (guint i = 0; i < registry->len; i++) {
        QemuOptsList *l = registry->pdata[i];
        if (l == list) {
            return;
        }
        /* Two groups of one name would make lookups ambiguous.  */
        assert(strcmp(l->name, list->name) != 0);
    }
    g_ptr_array_add(registry, list);
}

QemuOptsList *qemu_find_opts_err(const char *group, Error **errp)
{
    registry_init();
    for (guint i = 0; i < registry->len; i++) {
        QemuOptsList *l = registry->pdata[i];
        if (!strcmp(l->name, group)) {
            return l;
        }
    }
    error_setg(errp, "There is no option group '%s'", group);
    return NULL;
}

QemuOptsList *qemu_find_opts(const char *group)
{
    Error *err = NULL;
    QemuOptsList *list = qemu_find_opts_err(group, &err);

    if (!list) {
        error_report_err(err);
    }
    return list;
}

QemuOpts *qemu_find_opts_singleton(const char *group)
{
    QemuOptsList *list = qemu_find_opts(group);
    QemuOpts *opts;

    assert(list);
    opts = qemu_opts_find(list, NULL);
    if (!opts) {
        opts = qemu_opts_create(list, NULL, 0, NULL);
    }
    return opts;
}

int qemu_global_option(const char *str)
{
    size_t dlen = strcspn(str, ".=");

    /* driver.property=value: the value may contain anything.  */
    if (dlen > 0 && dlen < 64 && str[dlen] == '.') {
        const char *prop = str + dlen + 1;
        size_t plen = strcspn(prop, "=");
        if (plen > 0 && plen < 64 && prop[plen] == '=') {
            QemuOpts *opts = qemu_opts_create(&qemu_global_opts, NULL, 0,
                                              NULL);
            char *driver = g_strndup(str, dlen);
            char *property = g_strndup(prop, plen);
            qemu_opt_set(opts, "driver", driver, NULL);
            qemu_opt_set(opts, "property", property, NULL);
            qemu_opt_set(opts, "value", prop + plen + 1, NULL);
            g_free(driver);
            g_free(property);
            return 0;
        }
    }
    return qemu_opts_parse_noisily(&qemu_global_opts, str, false) ? 0 : -1;
}
