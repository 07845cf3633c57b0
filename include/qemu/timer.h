/*
 * Clocks and timers.
 *
 * QEMU_CLOCK_REALTIME: monotonic host time, always runs (UI, monitors).
 * QEMU_CLOCK_VIRTUAL: guest time; stops while the VM is stopped; under
 *     the qtest accelerator it moves only by clock_step.
 * QEMU_CLOCK_HOST: wall-clock time (RTC), follows host clock changes.
 * QEMU_CLOCK_VIRTUAL_RT: like REALTIME but stops with the VM.
 *
 * Timer callbacks run in the main loop thread with the BQL held.  timer_mod
 * may be called from any thread holding the BQL; it wakes the main loop.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include "qemu/osdep.h"

#define NANOSECONDS_PER_SECOND 1000000000LL
#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef enum {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_VIRTUAL_RT = 3,
    QEMU_CLOCK_MAX
} QEMUClockType;

typedef void QEMUTimerCB(void *opaque);
typedef struct QEMUTimer QEMUTimer;

int64_t qemu_clock_get_ns(QEMUClockType type);
static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}
static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}
/* Host monotonic nanoseconds. */
int64_t get_clock(void);
int64_t get_clock_realtime(void);

QEMUTimer *timer_new_full(QEMUClockType type, int scale, QEMUTimerCB *cb,
                          void *opaque);
#define timer_new_ns(type, cb, opaque)                                      \
    timer_new_full(type, SCALE_NS, cb, opaque)
#define timer_new_us(type, cb, opaque)                                      \
    timer_new_full(type, SCALE_US, cb, opaque)
#define timer_new_ms(type, cb, opaque)                                      \
    timer_new_full(type, SCALE_MS, cb, opaque)
void timer_free(QEMUTimer *ts);
/* expire_time is in the timer's scale, on its clock. */
void timer_mod(QEMUTimer *ts, int64_t expire_time);
void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time);
void timer_del(QEMUTimer *ts);
bool timer_pending(QEMUTimer *ts);
int64_t timer_expire_time_ns(QEMUTimer *ts);   /* -1 if not pending */

/* VM clock control (runstate calls these). */
void cpu_enable_ticks(void);
void cpu_disable_ticks(void);
/* qtest: virtual time is driven by the test. */
void qemu_clock_set_manual_virtual(bool manual);
/* Advance manual virtual time to dest, running timers on the way. */
void qemu_clock_advance_virtual_time(int64_t dest);
/* Nanoseconds from now until the next timer on a clock (0 if one is
 * already due), -1 if none. */
int64_t qemu_clock_deadline_ns(QEMUClockType type);
/* How long the main loop may sleep for the timers (-1: forever).  Clocks
 * that do not move by themselves (stopped VM, manual virtual) count as
 * having no deadline. */
int64_t qemu_timers_poll_deadline_ns(void);
/* Run the expired timers of one clock; true if any ran. */
bool qemu_clock_run_timers(QEMUClockType type);
/* Run expired timers of every clock; true if any ran. */
bool qemu_clock_run_all_timers(void);
/* Guest TSC support: host TSC frequency in kHz (0 if unknown). */
uint64_t cpu_get_host_tsc_khz(void);

#endif
