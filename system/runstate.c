/*
 * Run state, VM start/stop and the requests that end up in the main loop.
 *
 * Requests are plain flags written by any thread (or a signal handler)
 * followed by qemu_notify_event(); the main loop, holding the BQL, picks
 * them up in qemu_main_loop().
 */
#include "qemu/osdep.h"
#include "sysemu/runstate.h"
#include "sysemu/accel.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/core/cpu.h"
#include "qemu/error.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

bool no_reboot;
bool no_shutdown;

static RunState current_run_state = RUN_STATE_PRELAUNCH;
static RunstateHooks hooks;
static int exit_status;

static const char *const runstate_names[RUN_STATE__MAX] = {
    [RUN_STATE_DEBUG] = "debug",
    [RUN_STATE_INMIGRATE] = "inmigrate",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_IO_ERROR] = "io-error",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_POSTMIGRATE] = "postmigrate",
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_FINISH_MIGRATE] = "finish-migrate",
    [RUN_STATE_RESTORE_VM] = "restore-vm",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_SAVE_VM] = "save-vm",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_SUSPENDED] = "suspended",
    [RUN_STATE_WATCHDOG] = "watchdog",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_COLO] = "colo",
};

static const char *const cause_names[SHUTDOWN_CAUSE__MAX] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_ERROR] = "host-error",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
    [SHUTDOWN_CAUSE_SUBSYSTEM_RESET] = "subsystem-reset",
    [SHUTDOWN_CAUSE_SNAPSHOT_LOAD] = "snapshot-load",
};

const char *runstate_name(RunState s)
{
    return (unsigned)s < RUN_STATE__MAX ? runstate_names[s] : "invalid";
}

const char *shutdown_cause_name(ShutdownCause c)
{
    return (unsigned)c < SHUTDOWN_CAUSE__MAX ? cause_names[c] : "invalid";
}

/* QEMU 7.2's table of allowed transitions. */
static const struct {
    RunState from, to;
} transitions[] = {
    { RUN_STATE_PRELAUNCH, RUN_STATE_INMIGRATE },
    { RUN_STATE_DEBUG, RUN_STATE_RUNNING },
    { RUN_STATE_DEBUG, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_DEBUG, RUN_STATE_PRELAUNCH },
    { RUN_STATE_INMIGRATE, RUN_STATE_INTERNAL_ERROR },
    { RUN_STATE_INMIGRATE, RUN_STATE_IO_ERROR },
    { RUN_STATE_INMIGRATE, RUN_STATE_PAUSED },
    { RUN_STATE_INMIGRATE, RUN_STATE_RUNNING },
    { RUN_STATE_INMIGRATE, RUN_STATE_SHUTDOWN },
    { RUN_STATE_INMIGRATE, RUN_STATE_SUSPENDED },
    { RUN_STATE_INMIGRATE, RUN_STATE_WATCHDOG },
    { RUN_STATE_INMIGRATE, RUN_STATE_GUEST_PANICKED },
    { RUN_STATE_INMIGRATE, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_INMIGRATE, RUN_STATE_PRELAUNCH },
    { RUN_STATE_INMIGRATE, RUN_STATE_POSTMIGRATE },
    { RUN_STATE_INMIGRATE, RUN_STATE_COLO },
    { RUN_STATE_INTERNAL_ERROR, RUN_STATE_PAUSED },
    { RUN_STATE_INTERNAL_ERROR, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_INTERNAL_ERROR, RUN_STATE_PRELAUNCH },
    { RUN_STATE_IO_ERROR, RUN_STATE_RUNNING },
    { RUN_STATE_IO_ERROR, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_IO_ERROR, RUN_STATE_PRELAUNCH },
    { RUN_STATE_PAUSED, RUN_STATE_RUNNING },
    { RUN_STATE_PAUSED, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_PAUSED, RUN_STATE_POSTMIGRATE },
    { RUN_STATE_PAUSED, RUN_STATE_PRELAUNCH },
    { RUN_STATE_PAUSED, RUN_STATE_COLO },
    { RUN_STATE_POSTMIGRATE, RUN_STATE_RUNNING },
    { RUN_STATE_POSTMIGRATE, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_POSTMIGRATE, RUN_STATE_PRELAUNCH },
    { RUN_STATE_PRELAUNCH, RUN_STATE_RUNNING },
    { RUN_STATE_PRELAUNCH, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_RUNNING },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_PAUSED },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_POSTMIGRATE },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_PRELAUNCH },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_COLO },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_INTERNAL_ERROR },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_IO_ERROR },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_SHUTDOWN },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_SUSPENDED },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_WATCHDOG },
    { RUN_STATE_FINISH_MIGRATE, RUN_STATE_GUEST_PANICKED },
    { RUN_STATE_RESTORE_VM, RUN_STATE_RUNNING },
    { RUN_STATE_RESTORE_VM, RUN_STATE_PRELAUNCH },
    { RUN_STATE_COLO, RUN_STATE_RUNNING },
    { RUN_STATE_COLO, RUN_STATE_PRELAUNCH },
    { RUN_STATE_COLO, RUN_STATE_SHUTDOWN },
    { RUN_STATE_RUNNING, RUN_STATE_DEBUG },
    { RUN_STATE_RUNNING, RUN_STATE_INTERNAL_ERROR },
    { RUN_STATE_RUNNING, RUN_STATE_IO_ERROR },
    { RUN_STATE_RUNNING, RUN_STATE_PAUSED },
    { RUN_STATE_RUNNING, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_RUNNING, RUN_STATE_RESTORE_VM },
    { RUN_STATE_RUNNING, RUN_STATE_SAVE_VM },
    { RUN_STATE_RUNNING, RUN_STATE_SHUTDOWN },
    { RUN_STATE_RUNNING, RUN_STATE_WATCHDOG },
    { RUN_STATE_RUNNING, RUN_STATE_GUEST_PANICKED },
    { RUN_STATE_RUNNING, RUN_STATE_COLO },
    { RUN_STATE_SAVE_VM, RUN_STATE_RUNNING },
    { RUN_STATE_SHUTDOWN, RUN_STATE_PAUSED },
    { RUN_STATE_SHUTDOWN, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_SHUTDOWN, RUN_STATE_PRELAUNCH },
    { RUN_STATE_SHUTDOWN, RUN_STATE_COLO },
    { RUN_STATE_DEBUG, RUN_STATE_SUSPENDED },
    { RUN_STATE_RUNNING, RUN_STATE_SUSPENDED },
    { RUN_STATE_SUSPENDED, RUN_STATE_RUNNING },
    { RUN_STATE_SUSPENDED, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_SUSPENDED, RUN_STATE_PRELAUNCH },
    { RUN_STATE_SUSPENDED, RUN_STATE_COLO },
    { RUN_STATE_WATCHDOG, RUN_STATE_RUNNING },
    { RUN_STATE_WATCHDOG, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_WATCHDOG, RUN_STATE_PRELAUNCH },
    { RUN_STATE_WATCHDOG, RUN_STATE_COLO },
    { RUN_STATE_GUEST_PANICKED, RUN_STATE_RUNNING },
    { RUN_STATE_GUEST_PANICKED, RUN_STATE_FINISH_MIGRATE },
    { RUN_STATE_GUEST_PANICKED, RUN_STATE_PRELAUNCH },
};

bool runstate_transition_allowed(RunState from, RunState to)
{
    if (from == to) {
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(transitions); i++) {
        if (transitions[i].from == from && transitions[i].to == to) {
            return true;
        }
    }
    return false;
}

RunState runstate_get(void)
{
    return current_run_state;
}

bool runstate_check(RunState s)
{
    return current_run_state == s;
}

bool runstate_is_running(void)
{
    return current_run_state == RUN_STATE_RUNNING;
}

void runstate_set(RunState s)
{
    assert((unsigned)s < RUN_STATE__MAX);
    if (s == current_run_state) {
        return;
    }
    if (!runstate_transition_allowed(current_run_state, s)) {
        error_report("invalid runstate transition: '%s' -> '%s'",
                     runstate_name(current_run_state), runstate_name(s));
        abort();
    }
    current_run_state = s;
}

bool runstate_needs_reset(void)
{
    return runstate_check(RUN_STATE_INTERNAL_ERROR) ||
           runstate_check(RUN_STATE_SHUTDOWN);
}

/* ---- change-state handlers ---- */

typedef struct VMChangeEntry {
    VMChangeStateHandler *cb;
    void *opaque;
} VMChangeEntry;

static GPtrArray *vm_change_handlers;

void qemu_add_vm_change_state_handler(VMChangeStateHandler *cb,
                                      void *opaque)
{
    VMChangeEntry *e = g_new0(VMChangeEntry, 1);

    if (!vm_change_handlers) {
        vm_change_handlers = g_ptr_array_new_with_free_func(g_free);
    }
    e->cb = cb;
    e->opaque = opaque;
    g_ptr_array_add(vm_change_handlers, e);
}

void qemu_del_vm_change_state_handler(VMChangeStateHandler *cb,
                                      void *opaque)
{
    if (!vm_change_handlers) {
        return;
    }
    for (guint i = 0; i < vm_change_handlers->len; i++) {
        VMChangeEntry *e = g_ptr_array_index(vm_change_handlers, i);

        if (e->cb == cb && e->opaque == opaque) {
            g_ptr_array_remove_index(vm_change_handlers, i);
            return;
        }
    }
}

/* Starting: registration order; stopping: reverse (QEMU's rule, so that
 * what was set up first is torn down last). */
static void vm_state_notify(bool running, RunState state)
{
    guint n = vm_change_handlers ? vm_change_handlers->len : 0;

    for (guint k = 0; k < n; k++) {
        guint i = running ? k : n - 1 - k;
        VMChangeEntry *e = g_ptr_array_index(vm_change_handlers, i);

        e->cb(e->opaque, running, state);
    }
}

void runstate_set_hooks(const RunstateHooks *h)
{
    hooks = *h;
}

/* ---- start / stop ---- */

static pthread_mutex_t vmstop_lock = PTHREAD_MUTEX_INITIALIZER;
static RunState vmstop_requested = RUN_STATE__MAX;

static bool qemu_vmstop_requested(RunState *r)
{
    pthread_mutex_lock(&vmstop_lock);
    *r = vmstop_requested;
    vmstop_requested = RUN_STATE__MAX;
    pthread_mutex_unlock(&vmstop_lock);
    return *r < RUN_STATE__MAX;
}

void qemu_system_vmstop_request(RunState state)
{
    pthread_mutex_lock(&vmstop_lock);
    vmstop_requested = state;
    pthread_mutex_unlock(&vmstop_lock);
    qemu_notify_event();
}

static void cpu_stop_current(void)
{
    if (current_cpu) {
        current_cpu->stop = true;
        __atomic_store_n(&current_cpu->exit_request, 1, __ATOMIC_RELEASE);
    }
}

void vm_start(void)
{
    RunState requested;

    qemu_vmstop_requested(&requested);
    if (runstate_is_running() && requested == RUN_STATE__MAX) {
        return;
    }
    if (runstate_is_running()) {
        /* A stop was pending: still report the STOP/RESUME pair. */
        if (hooks.stop_event) {
            hooks.stop_event();
        }
        if (hooks.resume_event) {
            hooks.resume_event();
        }
        return;
    }
    if (hooks.resume_event) {
        hooks.resume_event();
    }
    cpu_enable_ticks();
    runstate_set(RUN_STATE_RUNNING);
    vm_state_notify(true, RUN_STATE_RUNNING);
    resume_all_vcpus();
}

static int do_vm_stop(RunState state, bool send_stop)
{
    if (runstate_is_running()) {
        runstate_set(state);
        cpu_disable_ticks();
        pause_all_vcpus();
        vm_state_notify(false, state);
        if (send_stop && hooks.stop_event) {
            hooks.stop_event();
        }
    }
    return 0;
}

int vm_stop(RunState state)
{
    if (current_cpu) {
        /* In a vCPU thread: cannot wait for ourselves to pause. */
        qemu_system_vmstop_request(state);
        cpu_stop_current();
        return 0;
    }
    return do_vm_stop(state, true);
}

int vm_stop_force_state(RunState state)
{
    if (runstate_is_running()) {
        return vm_stop(state);
    }
    runstate_set(state);
    return 0;
}

void vm_shutdown(void)
{
    do_vm_stop(RUN_STATE_SHUTDOWN, false);
}

/* ---- requests ---- */

static volatile sig_atomic_t shutdown_requested;    /* ShutdownCause */
static volatile sig_atomic_t reset_requested;
static volatile sig_atomic_t powerdown_requested;
static volatile sig_atomic_t shutdown_signal;
static volatile pid_t shutdown_pid;
static volatile sig_atomic_t panic_exit;

static bool shutdown_caused_by_guest(ShutdownCause cause)
{
    return cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN &&
           cause != SHUTDOWN_CAUSE_SNAPSHOT_LOAD;
}

void qemu_system_shutdown_request(ShutdownCause reason)
{
    shutdown_requested = reason;
    qemu_notify_event();
}

void qemu_system_reset_request(ShutdownCause reason)
{
    /* -no-reboot turns every reset but a subsystem's into a shutdown. */
    if (no_reboot && reason != SHUTDOWN_CAUSE_SUBSYSTEM_RESET) {
        shutdown_requested = reason;
    } else {
        reset_requested = reason;
    }
    cpu_stop_current();
    qemu_notify_event();
}

void qemu_system_powerdown_request(void)
{
    powerdown_requested = 1;
    qemu_notify_event();
}

/* Async-signal-safe: called from the termination signal handler. */
void qemu_system_killed(int signal, pid_t pid)
{
    shutdown_signal = signal;
    shutdown_pid = pid;
    no_shutdown = false;
    shutdown_requested = SHUTDOWN_CAUSE_HOST_SIGNAL;
    qemu_notify_event();
}

void qemu_system_guest_panicked(void)
{
    panic_exit = 1;
    qemu_system_vmstop_request(RUN_STATE_INTERNAL_ERROR);
    cpu_stop_current();
}

void qemu_set_exit_status(int status)
{
    exit_status = status;
}

typedef struct PowerdownNotifier {
    void (*fn)(void *opaque);
    void *opaque;
} PowerdownNotifier;

static GArray *powerdown_notifiers;

void qemu_register_powerdown_notifier(void (*fn)(void *opaque),
                                      void *opaque)
{
    PowerdownNotifier n = { fn, opaque };

    if (!powerdown_notifiers) {
        powerdown_notifiers = g_array_new(FALSE, FALSE, sizeof(n));
    }
    g_array_append_val(powerdown_notifiers, n);
}

static void qemu_system_powerdown(void)
{
    if (hooks.powerdown_event) {
        hooks.powerdown_event();
    }
    for (guint i = 0; powerdown_notifiers && i < powerdown_notifiers->len;
         i++) {
        PowerdownNotifier *n =
            &g_array_index(powerdown_notifiers, PowerdownNotifier, i);

        n->fn(n->opaque);
    }
}

void qemu_system_reset(ShutdownCause reason)
{
    MachineClass *mc =
        current_machine ? MACHINE_GET_CLASS(current_machine) : NULL;

    cpu_synchronize_all_states();
    if (mc && mc->reset) {
        mc->reset(current_machine, reason);
    } else {
        qemu_devices_reset();
    }
    if (reason && reason != SHUTDOWN_CAUSE_SUBSYSTEM_RESET &&
        hooks.reset_event) {
        hooks.reset_event(shutdown_caused_by_guest(reason), reason);
    }
    cpu_synchronize_all_post_reset();
}

static char *pid_name(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)pid);
    char *buf = NULL;
    gsize len;

    if (!g_file_get_contents(path, &buf, &len, NULL)) {
        return NULL;
    }
    /* argv[0] only: the file holds NUL-separated arguments. */
    return buf;
}

static void qemu_kill_report(void)
{
    if (!shutdown_signal || qtest_enabled()) {
        shutdown_signal = 0;
        return;
    }
    if (shutdown_pid == 0) {
        /* ^C at the terminal: no sender worth naming. */
        error_report("terminated by signal %d", (int)shutdown_signal);
    } else {
        g_autofree char *cmd = pid_name(shutdown_pid);

        error_report("terminating on signal %d from pid %d (%s)",
                     (int)shutdown_signal, (int)shutdown_pid,
                     cmd ? cmd : "<unknown process>");
    }
    shutdown_signal = 0;
}

void qemu_exit_if_killed(void)
{
    if (shutdown_signal) {
        qemu_kill_report();
        exit(0);
    }
}

static bool main_loop_should_exit(int *status)
{
    RunState r;
    ShutdownCause req;

    if (qemu_vmstop_requested(&r)) {
        vm_stop(r);
        if (panic_exit) {
            *status = 1;
            return true;
        }
    }
    req = shutdown_requested;
    if (req) {
        shutdown_requested = 0;
        qemu_kill_report();
        if (hooks.shutdown_event) {
            hooks.shutdown_event(shutdown_caused_by_guest(req), req);
        }
        if (no_shutdown) {
            vm_stop(RUN_STATE_SHUTDOWN);
        } else {
            *status = exit_status;
            return true;
        }
    }
    req = reset_requested;
    if (req) {
        reset_requested = 0;
        pause_all_vcpus();
        qemu_system_reset(req);
        resume_all_vcpus();
        if (!runstate_check(RUN_STATE_RUNNING) &&
            !runstate_check(RUN_STATE_INMIGRATE) &&
            !runstate_check(RUN_STATE_FINISH_MIGRATE)) {
            runstate_set(RUN_STATE_PRELAUNCH);
        }
    }
    if (powerdown_requested) {
        powerdown_requested = 0;
        qemu_system_powerdown();
    }
    return false;
}

int qemu_main_loop(void)
{
    bool locked = qemu_mutex_iothread_locked();
    int status = 0;

    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    while (!main_loop_should_exit(&status)) {
        main_loop_wait(false);
    }
    /* No guest code runs past this point. */
    vm_shutdown();
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    return status;
}
