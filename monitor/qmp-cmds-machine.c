/*
 * QMP commands about the VM as a whole: run state and life cycle, name,
 * UUID, accelerator, target, machine types, vCPUs, iothreads.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "hw/boards.h"
#include "hw/core/cpu.h"
#include "sysemu/accel.h"
#include "sysemu/runstate.h"
#include "sysemu/sysemu.h"

static void qmp_query_status(QDict *args, QObject **ret, Error **errp)
{
    QDict *d = qdict_new();

    qdict_put_bool(d, "running", runstate_is_running());
    qdict_put_bool(d, "singlestep", singlestep);
    qdict_put_str(d, "status", runstate_name(runstate_get()));
    *ret = QOBJECT(d);
}

static void qmp_stop(QDict *args, QObject **ret, Error **errp)
{
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        autostart = false;
    } else {
        vm_stop(RUN_STATE_PAUSED);
    }
}

static void qmp_cont(QDict *args, QObject **ret, Error **errp)
{
    if (runstate_needs_reset()) {
        error_setg(errp, "Resetting the Virtual Machine is required");
        return;
    }
    if (runstate_check(RUN_STATE_SUSPENDED)) {
        return;
    }
    if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        error_setg(errp, "Migration is not finalized yet");
        return;
    }
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        autostart = true;
    } else {
        vm_start();
    }
}

static void qmp_system_reset(QDict *args, QObject **ret, Error **errp)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
}

static void qmp_system_powerdown(QDict *args, QObject **ret, Error **errp)
{
    qemu_system_powerdown_request();
}

static void qmp_quit(QDict *args, QObject **ret, Error **errp)
{
    /* quit exits even with -no-shutdown (or set-action shutdown=pause). */
    no_shutdown = false;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
}

static char *panic_action, *watchdog_action;

static void qmp_set_action(QDict *args, QObject **ret, Error **errp)
{
    const char *reboot = qdict_get_try_str(args, "reboot");
    const char *shutdown = qdict_get_try_str(args, "shutdown");
    const char *panic = qdict_get_try_str(args, "panic");
    const char *watchdog = qdict_get_try_str(args, "watchdog");

    if (reboot) {
        no_reboot = !strcmp(reboot, "shutdown");
    }
    if (shutdown) {
        no_shutdown = !strcmp(shutdown, "pause");
    }
    /* No panic device or watchdog yet: remembered for when there is. */
    if (panic) {
        g_free(panic_action);
        panic_action = g_strdup(panic);
    }
    if (watchdog) {
        g_free(watchdog_action);
        watchdog_action = g_strdup(watchdog);
    }
}

static void qmp_query_name(QDict *args, QObject **ret, Error **errp)
{
    QDict *d = qdict_new();

    if (qemu_name) {
        qdict_put_str(d, "name", qemu_name);
    }
    *ret = QOBJECT(d);
}

static void qmp_query_uuid(QDict *args, QObject **ret, Error **errp)
{
    QDict *d = qdict_new();
    const uint8_t *u = qemu_uuid;
    g_autofree char *s = g_strdup_printf(
        "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
        "%02x%02x%02x%02x%02x%02x",
        u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
        u[11], u[12], u[13], u[14], u[15]);

    qdict_put_str(d, "UUID", s);
    *ret = QOBJECT(d);
}

static void qmp_query_kvm(QDict *args, QObject **ret, Error **errp)
{
    QDict *d = qdict_new();

    qdict_put_bool(d, "enabled", kvm_enabled());
#ifdef CONFIG_KVM
    qdict_put_bool(d, "present", access("/dev/kvm", R_OK | W_OK) == 0);
#else
    qdict_put_bool(d, "present", false);
#endif
    *ret = QOBJECT(d);
}

static void qmp_query_target(QDict *args, QObject **ret, Error **errp)
{
    QDict *d = qdict_new();

    qdict_put_str(d, "arch", "x86_64");
    *ret = QOBJECT(d);
}

static void qmp_query_machines(QDict *args, QObject **ret, Error **errp)
{
    GSList *l = object_class_get_list_sorted(TYPE_MACHINE, false);
    QList *list = qlist_new();

    for (GSList *el = l; el; el = el->next) {
        MachineClass *mc = el->data;
        QDict *m = qdict_new();

        if (!mc->name) {
            qobject_unref(m);
            continue;
        }
        qdict_put_str(m, "name", mc->name);
        if (mc->alias) {
            qdict_put_str(m, "alias", mc->alias);
        }
        if (mc->is_default) {
            qdict_put_bool(m, "is-default", true);
        }
        qdict_put_int(m, "cpu-max", mc->max_cpus ? mc->max_cpus : 1);
        /* No vCPU hotplug is modelled. */
        qdict_put_bool(m, "hotpluggable-cpus", false);
        qdict_put_bool(m, "numa-mem-supported", false);
        qdict_put_bool(m, "deprecated", mc->deprecation_reason != NULL);
        if (mc->default_cpu_type) {
            qdict_put_str(m, "default-cpu-type", mc->default_cpu_type);
        }
        if (mc->default_ram_id) {
            qdict_put_str(m, "default-ram-id", mc->default_ram_id);
        }
        qlist_append(list, m);
    }
    g_slist_free(l);
    *ret = QOBJECT(list);
}

/* socket/core/thread of a vCPU index from the -smp topology. */
static QDict *cpu_props(int index)
{
    MachineState *ms = current_machine;
    unsigned int threads = 1, cores = 1;
    QDict *p = qdict_new();

    if (ms && ms->smp.threads) {
        threads = ms->smp.threads;
    }
    if (ms && ms->smp.cores) {
        cores = ms->smp.cores;
    }
    qdict_put_int(p, "socket-id", index / (cores * threads));
    qdict_put_int(p, "core-id", (index / threads) % cores);
    qdict_put_int(p, "thread-id", index % threads);
    return p;
}

static void qmp_query_cpus_fast(QDict *args, QObject **ret, Error **errp)
{
    QList *list = qlist_new();
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        QDict *c = qdict_new();
        g_autofree char *path = object_get_canonical_path(OBJECT(cpu));

        qdict_put_int(c, "cpu-index", cpu->cpu_index);
        qdict_put_str(c, "qom-path", path ? path : "");
        qdict_put_int(c, "thread-id", cpu->thread_id);
        qdict_put(c, "props", cpu_props(cpu->cpu_index));
        qdict_put_str(c, "target", "x86_64");
        qlist_append(list, c);
    }
    *ret = QOBJECT(list);
}

static void qmp_query_hotpluggable_cpus(QDict *args, QObject **ret,
                                        Error **errp)
{
    QList *list = qlist_new();
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        QDict *c = qdict_new();
        g_autofree char *path = object_get_canonical_path(OBJECT(cpu));

        qdict_put_str(c, "type", object_get_typename(OBJECT(cpu)));
        qdict_put_int(c, "vcpus-count", 1);
        qdict_put(c, "props", cpu_props(cpu->cpu_index));
        if (path) {
            qdict_put_str(c, "qom-path", path);
        }
        qlist_append(list, c);
    }
    *ret = QOBJECT(list);
}

static void qmp_query_iothreads(QDict *args, QObject **ret, Error **errp)
{
    /* No iothread objects exist yet. */
    *ret = QOBJECT(qlist_new());
}

static const QmpCommandDef qmp_machine_cmds[] = {
    { "query-status", qmp_query_status },
    { "stop", qmp_stop },
    { "cont", qmp_cont },
    { "system_reset", qmp_system_reset },
    { "system_powerdown", qmp_system_powerdown },
    { "quit", qmp_quit },
    { "set-action", qmp_set_action },
    { "query-name", qmp_query_name },
    { "query-uuid", qmp_query_uuid },
    { "query-kvm", qmp_query_kvm },
    { "query-target", qmp_query_target },
    { "query-machines", qmp_query_machines },
    { "query-cpus-fast", qmp_query_cpus_fast },
    { "query-hotpluggable-cpus", qmp_query_hotpluggable_cpus },
    { "query-iothreads", qmp_query_iothreads },
};
QMP_REGISTER_COMMANDS(qmp_machine_cmds)
