/*
 * What the command line configured, for the rest of the emulator: start-up
 * entry points (system/vl.c), the chardevs given to serial ports and
 * monitors, -name/-uuid/-S/-rtc/-L, daemonizing, and the few hooks the
 * target provides for -cpu.
 */
#ifndef SYSEMU_SYSEMU_H
#define SYSEMU_SYSEMU_H

#include "qemu/osdep.h"
#include <time.h>

typedef struct Chardev Chardev;

/* Parse and validate the command line, build the machine; exits on error. */
void qemu_init(int argc, char **argv);
/* Release what qemu_init() set up (terminal, sockets, pid file). */
void qemu_cleanup(void);

/* -name guest=NAME,process=PNAME,debug-threads=on */
extern const char *qemu_name;
extern bool qemu_debug_threads;
/* -uuid; qemu_uuid_set is false without it. */
extern uint8_t qemu_uuid[16];
extern bool qemu_uuid_set;
/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (hex digits, any case). */
bool qemu_uuid_parse(const char *str, uint8_t uuid[16]);
/* false with -S: the VM stays paused until "cont". */
extern bool autostart;
/* -singlestep: one guest instruction per translation block (TCG). */
extern bool singlestep;
/* -nographic / -display none: no graphical console at all. */
extern bool nographic;
extern bool display_none;
/* -vga TYPE ("none" when none was asked or -nodefaults). */
extern const char *vga_model;
/* -no-acpi */
extern bool acpi_disabled;

/* Serial ports: -serial, or the defaults; NULL where none. */
#define MAX_SERIAL_PORTS 4
Chardev *serial_hd(int i);
int serial_max_hds(void);            /* index of last configured + 1 */

/*
 * -monitor, -qmp and -mon: their chardevs exist once qemu_init() has
 * created the backends.  A monitor implementation registers
 * monitor_init_hook (from a constructor); without one the chardevs are
 * created but nobody reads them.
 */
typedef struct MonitorConfig {
    Chardev *chr;
    bool qmp;                        /* mode=control */
    bool pretty;
} MonitorConfig;
GList *qemu_monitor_configs(void);   /* MonitorConfig *, command-line order */
extern bool (*monitor_init_hook)(const MonitorConfig *cfg, Error **errp);

/* -rtc base=utc|localtime|DATE,clock=host|rt|vm (system/rtc.c). */
void qemu_get_timedate(struct tm *tm, time_t offset);
/* Seconds from the -rtc base to tm (for an RTC the guest set). */
time_t qemu_timedate_diff(struct tm *tm);
/* Clock the RTC device should run on (QEMUClockType). */
extern int rtc_clock;
/* Parse -rtc; false with errp set (QEMU's messages). */
bool rtc_configure(const char *optarg, Error **errp);

/* Firmware and option ROM lookup: -L directories, then the defaults. */
#define QEMU_FILE_TYPE_BIOS 0
#define QEMU_FILE_TYPE_KEYMAP 1
void qemu_add_data_dir(const char *path);
char *qemu_find_file(int type, const char *name);   /* NULL: not found */

/* -daemonize: true in the daemon once it has forked. */
bool is_daemonized(void);

/*
 * Target hooks for -cpu (target/i386/cpu.c).  Weak so the emulator still
 * links without a target (-cpu then says so).
 *   x86_cpu_list: "-cpu help" text, QEMU's "Available CPUs:" format.
 *   x86_cpu_parse_cpu_model: "MODEL[,+feat,-feat,feat=val]" -> the QOM
 *     type to create (caller frees); the features apply to every CPU of
 *     that type created later.  NULL with errp set ("unable to find CPU
 *     model 'foo'").
 */
void x86_cpu_list(FILE *out) __attribute__((weak));
char *x86_cpu_parse_cpu_model(const char *cpu_model, Error **errp)
    __attribute__((weak));

#endif
