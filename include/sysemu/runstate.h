/*
 * VM run state and the requests (shutdown, reset, powerdown) that any
 * thread may raise; the main loop acts on them.
 */
#ifndef SYSEMU_RUNSTATE_H
#define SYSEMU_RUNSTATE_H

#include "qemu/osdep.h"

/* Names as QMP's RunState enum. */
typedef enum RunState {
    RUN_STATE_DEBUG,
    RUN_STATE_INMIGRATE,
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE_IO_ERROR,
    RUN_STATE_PAUSED,
    RUN_STATE_POSTMIGRATE,
    RUN_STATE_PRELAUNCH,
    RUN_STATE_FINISH_MIGRATE,
    RUN_STATE_RESTORE_VM,
    RUN_STATE_RUNNING,
    RUN_STATE_SAVE_VM,
    RUN_STATE_SHUTDOWN,
    RUN_STATE_SUSPENDED,
    RUN_STATE_WATCHDOG,
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE_COLO,
    RUN_STATE__MAX,
} RunState;

/* Names as QMP's ShutdownCause enum. */
typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_SUBSYSTEM_RESET,
    SHUTDOWN_CAUSE_SNAPSHOT_LOAD,
    SHUTDOWN_CAUSE__MAX,
} ShutdownCause;

const char *runstate_name(RunState s);
const char *shutdown_cause_name(ShutdownCause c);
RunState runstate_get(void);
void runstate_set(RunState s);
bool runstate_check(RunState s);
bool runstate_is_running(void);
bool runstate_transition_allowed(RunState from, RunState to);
/* internal-error or shutdown: "cont" needs a system_reset first. */
bool runstate_needs_reset(void);

/* Start/stop all vCPUs and the virtual clock. */
void vm_start(void);
int vm_stop(RunState state);
/* vm_stop, or just set the state if the VM is not running. */
int vm_stop_force_state(RunState state);
/* Final stop before exit: no STOP event. */
void vm_shutdown(void);
/* Ask the main loop to vm_stop(state) (safe from vCPU threads). */
void qemu_system_vmstop_request(RunState state);
/* Machine reset (machine hook or qemu_devices_reset) + RESET event. */
void qemu_system_reset(ShutdownCause reason);
/* Observers (QMP events, devices that care). */
typedef void VMChangeStateHandler(void *opaque, bool running, RunState st);
void qemu_add_vm_change_state_handler(VMChangeStateHandler *cb,
                                      void *opaque);
void qemu_del_vm_change_state_handler(VMChangeStateHandler *cb,
                                      void *opaque);

/* Requests; safe from any thread. */
void qemu_system_shutdown_request(ShutdownCause reason);
void qemu_system_reset_request(ShutdownCause reason);
void qemu_system_powerdown_request(void);
void qemu_system_killed(int signal, pid_t pid);
/* For blocking waits before the main loop runs (socket wait=on): if a
 * termination signal arrived, report it as the main loop would and exit. */
void qemu_exit_if_killed(void);
/* vCPU hit a fatal error: stop the VM (internal-error) and exit(1). */
void qemu_system_guest_panicked(void);

/* -no-reboot / -no-shutdown */
extern bool no_reboot;
extern bool no_shutdown;
/* Exit status the process leaves with (isa-debug-exit sets it). */
void qemu_set_exit_status(int status);

/* Hooks for the monitor (events) and the machine (powerdown button). */
typedef struct RunstateHooks {
    void (*shutdown_event)(bool guest, ShutdownCause reason);
    void (*reset_event)(bool guest, ShutdownCause reason);
    void (*powerdown_event)(void);
    void (*stop_event)(void);
    void (*resume_event)(void);
} RunstateHooks;
void runstate_set_hooks(const RunstateHooks *hooks);
/* Notifier list for powerdown requests (ACPI power button). */
void qemu_register_powerdown_notifier(void (*fn)(void *opaque),
                                      void *opaque);

/* The main loop: returns when the VM should exit; returns exit status. */
int qemu_main_loop(void);

#endif
