/*
 * QMP commands about the protocol and the emulator's configuration:
 * query-commands, query-qmp-schema, query-command-line-options,
 * query-chardev.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "chardev/char-fe.h"
#include "qemu/option.h"

static void qmp_query_commands(QDict *args, QObject **ret, Error **errp)
{
    g_autoptr(GPtrArray) names = qmp_schema_command_names();
    QList *list = qlist_new();

    for (guint i = 0; i < names->len; i++) {
        QDict *d = qdict_new();

        qdict_put_str(d, "name", g_ptr_array_index(names, i));
        qlist_append(list, d);
    }
    *ret = QOBJECT(list);
}

static void qmp_query_qmp_schema(QDict *args, QObject **ret, Error **errp)
{
    *ret = QOBJECT(qmp_schema_introspect());
}

/* The -OPTION groups with KEY=VALUE syntax (util/qemu-config.c). */
static const char *const option_groups[] = {
    "machine", "accel", "device", "drive", "netdev", "nic", "object",
    "numa", "chardev", "mon", "global", "memory", "smp-opts", "boot-opts",
    "name", "rtc", "icount", "fw_cfg", "overcommit", "msg",
};

static QDict *option_info(QemuOptsList *ol)
{
    static const char *const type_names[] = {
        [QEMU_OPT_STRING] = "string", [QEMU_OPT_BOOL] = "boolean",
        [QEMU_OPT_NUMBER] = "number", [QEMU_OPT_SIZE] = "size",
    };
    QDict *d = qdict_new();
    QList *params = qlist_new();

    for (const QemuOptDesc *desc = ol->desc; desc->name; desc++) {
        QDict *p = qdict_new();

        qdict_put_str(p, "name", desc->name);
        qdict_put_str(p, "type", desc->type < ARRAY_SIZE(type_names)
                                     ? type_names[desc->type]
                                     : "string");
        if (desc->help) {
            qdict_put_str(p, "help", desc->help);
        }
        if (desc->def_value_str) {
            qdict_put_str(p, "default", desc->def_value_str);
        }
        qlist_append(params, p);
    }
    qdict_put(d, "parameters", params);
    qdict_put_str(d, "option", ol->name);
    return d;
}

static void qmp_query_command_line_options(QDict *args, QObject **ret,
                                           Error **errp)
{
    const char *want = qdict_get_try_str(args, "option");
    QList *list = qlist_new();

    for (size_t i = 0; i < ARRAY_SIZE(option_groups); i++) {
        QemuOptsList *ol;

        if (want && strcmp(want, option_groups[i])) {
            continue;
        }
        ol = qemu_find_opts_err(option_groups[i], NULL);
        if (ol) {
            qlist_append(list, option_info(ol));
        }
    }
    if (want && qlist_empty(list)) {
        qobject_unref(list);
        error_setg(errp, "invalid option name: %s", want);
        return;
    }
    *ret = QOBJECT(list);
}

static int chardev_info(Object *child, void *opaque)
{
    Chardev *chr = (Chardev *)object_dynamic_cast(child, TYPE_CHARDEV);
    QDict *d;

    if (!chr) {
        return 0;
    }
    d = qdict_new();
    qdict_put_str(d, "label", chr->label ? chr->label : "");
    qdict_put_str(d, "filename", chr->filename ? chr->filename : "");
    qdict_put_bool(d, "frontend-open", chr->be && chr->be->fe_open);
    qlist_append((QList *)opaque, d);
    return 0;
}

static void qmp_query_chardev(QDict *args, QObject **ret, Error **errp)
{
    QList *list = qlist_new();

    object_child_foreach(object_get_container("chardevs"), chardev_info,
                         list);
    *ret = QOBJECT(list);
}

static const QmpCommandDef qmp_misc_cmds[] = {
    { "query-commands", qmp_query_commands },
    { "query-qmp-schema", qmp_query_qmp_schema },
    { "query-command-line-options", qmp_query_command_line_options },
    { "query-chardev", qmp_query_chardev },
};
QMP_REGISTER_COMMANDS(qmp_misc_cmds)
