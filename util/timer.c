/*
 * Clocks and timer lists.  Each clock has one list sorted by expiry,
 * protected by its own mutex so timer_mod() is safe from vCPU threads;
 * callbacks run with the list unlocked (they re-arm themselves).
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/thread.h"
#include "qemu/main-loop.h"
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

struct QEMUTimer {
    int64_t expire_time;             /* ns on the clock, -1: not pending */
    QEMUClockType type;
    int scale;
    QEMUTimerCB *cb;
    void *opaque;
    QEMUTimer *next;
};

typedef struct TimerList {
    pthread_mutex_t lock;
    QEMUTimer *head;
} TimerList;

static TimerList lists[QEMU_CLOCK_MAX] = {
    [0 ... QEMU_CLOCK_MAX - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};

/* Virtual time: host monotonic time plus an offset while ticking, the
 * frozen value (kept in the offset) while stopped. */
static pthread_mutex_t vclock_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ticks_enabled;
static int64_t cpu_clock_offset;
static bool manual_virtual;
static int64_t manual_ns;

int64_t get_clock(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t get_clock_realtime(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

static int64_t ticking_clock_ns(void)
{
    int64_t v;

    pthread_mutex_lock(&vclock_lock);
    v = ticks_enabled ? get_clock() + cpu_clock_offset : cpu_clock_offset;
    pthread_mutex_unlock(&vclock_lock);
    return v;
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    int64_t v;

    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return get_clock();
    case QEMU_CLOCK_HOST:
        return get_clock_realtime();
    case QEMU_CLOCK_VIRTUAL:
        pthread_mutex_lock(&vclock_lock);
        if (manual_virtual) {
            v = manual_ns;
        } else {
            v = ticks_enabled ? get_clock() + cpu_clock_offset
                              : cpu_clock_offset;
        }
        pthread_mutex_unlock(&vclock_lock);
        return v;
    case QEMU_CLOCK_VIRTUAL_RT:
        return ticking_clock_ns();
    default:
        abort();
    }
}

void cpu_enable_ticks(void)
{
    pthread_mutex_lock(&vclock_lock);
    if (!ticks_enabled) {
        cpu_clock_offset -= get_clock();
        ticks_enabled = true;
    }
    pthread_mutex_unlock(&vclock_lock);
    qemu_notify_event();
}

void cpu_disable_ticks(void)
{
    pthread_mutex_lock(&vclock_lock);
    if (ticks_enabled) {
        cpu_clock_offset += get_clock();
        ticks_enabled = false;
    }
    pthread_mutex_unlock(&vclock_lock);
}

void qemu_clock_set_manual_virtual(bool manual)
{
    int64_t now = ticking_clock_ns();

    pthread_mutex_lock(&vclock_lock);
    if (manual && !manual_virtual) {
        manual_ns = now;
    } else if (!manual && manual_virtual) {
        /* Continue from the manual value rather than jump. */
        cpu_clock_offset = manual_ns - (ticks_enabled ? get_clock() : 0);
    }
    manual_virtual = manual;
    pthread_mutex_unlock(&vclock_lock);
}

/* ---- timers ---- */

QEMUTimer *timer_new_full(QEMUClockType type, int scale, QEMUTimerCB *cb,
                          void *opaque)
{
    QEMUTimer *ts = g_new0(QEMUTimer, 1);

    assert(type >= 0 && type < QEMU_CLOCK_MAX && scale > 0);
    ts->type = type;
    ts->scale = scale;
    ts->cb = cb;
    ts->opaque = opaque;
    ts->expire_time = -1;
    return ts;
}

/* Caller holds the list lock. */
static void timer_unlink(TimerList *tl, QEMUTimer *ts)
{
    for (QEMUTimer **p = &tl->head; *p; p = &(*p)->next) {
        if (*p == ts) {
            *p = ts->next;
            break;
        }
    }
    ts->next = NULL;
    ts->expire_time = -1;
}

void timer_del(QEMUTimer *ts)
{
    TimerList *tl = &lists[ts->type];

    pthread_mutex_lock(&tl->lock);
    if (ts->expire_time >= 0) {
        timer_unlink(tl, ts);
    }
    pthread_mutex_unlock(&tl->lock);
}

void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

static int64_t scale_to_ns(QEMUTimer *ts, int64_t t)
{
    if (t < 0) {
        return 0;
    }
    if (t > INT64_MAX / ts->scale) {
        return INT64_MAX;
    }
    return t * ts->scale;
}

/* Insert in expiry order, after timers with the same deadline (so timers
 * armed for the same instant fire in arming order). */
static void timer_mod_ns_locked(TimerList *tl, QEMUTimer *ts, int64_t ns,
                                bool *first)
{
    QEMUTimer **p;

    if (ts->expire_time >= 0) {
        timer_unlink(tl, ts);
    }
    for (p = &tl->head; *p && (*p)->expire_time <= ns; p = &(*p)->next) {
    }
    ts->expire_time = ns;
    ts->next = *p;
    *p = ts;
    *first = (tl->head == ts);
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    TimerList *tl = &lists[ts->type];
    bool first;

    pthread_mutex_lock(&tl->lock);
    timer_mod_ns_locked(tl, ts, scale_to_ns(ts, expire_time), &first);
    pthread_mutex_unlock(&tl->lock);
    if (first) {
        /* The main loop may be sleeping towards a later deadline. */
        qemu_notify_event();
    }
}

void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time)
{
    TimerList *tl = &lists[ts->type];
    int64_t ns = scale_to_ns(ts, expire_time);
    bool first = false;

    pthread_mutex_lock(&tl->lock);
    if (ts->expire_time < 0 || ns < ts->expire_time) {
        timer_mod_ns_locked(tl, ts, ns, &first);
    }
    pthread_mutex_unlock(&tl->lock);
    if (first) {
        qemu_notify_event();
    }
}

bool timer_pending(QEMUTimer *ts)
{
    return __atomic_load_n(&ts->expire_time, __ATOMIC_RELAXED) >= 0;
}

int64_t timer_expire_time_ns(QEMUTimer *ts)
{
    return __atomic_load_n(&ts->expire_time, __ATOMIC_RELAXED);
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    TimerList *tl = &lists[type];
    bool ran = false;

    for (;;) {
        int64_t now = qemu_clock_get_ns(type);
        QEMUTimer *ts;
        QEMUTimerCB *cb;
        void *opaque;

        pthread_mutex_lock(&tl->lock);
        ts = tl->head;
        if (!ts || ts->expire_time > now) {
            pthread_mutex_unlock(&tl->lock);
            break;
        }
        timer_unlink(tl, ts);
        cb = ts->cb;
        opaque = ts->opaque;
        pthread_mutex_unlock(&tl->lock);
        /* ts may be freed by the callback: do not touch it after. */
        cb(opaque);
        ran = true;
    }
    return ran;
}

bool qemu_clock_run_all_timers(void)
{
    bool ran = false;

    for (int i = 0; i < QEMU_CLOCK_MAX; i++) {
        ran |= qemu_clock_run_timers(i);
    }
    return ran;
}

static int64_t list_head_expire(QEMUClockType type)
{
    TimerList *tl = &lists[type];
    int64_t t;

    pthread_mutex_lock(&tl->lock);
    t = tl->head ? tl->head->expire_time : -1;
    pthread_mutex_unlock(&tl->lock);
    return t;
}

int64_t qemu_clock_deadline_ns(QEMUClockType type)
{
    int64_t t = list_head_expire(type);
    int64_t now;

    if (t < 0) {
        return -1;
    }
    now = qemu_clock_get_ns(type);
    return t > now ? t - now : 0;
}

int64_t qemu_timers_poll_deadline_ns(void)
{
    int64_t best = -1;
    bool ticking, manual;

    pthread_mutex_lock(&vclock_lock);
    ticking = ticks_enabled;
    manual = manual_virtual;
    pthread_mutex_unlock(&vclock_lock);

    for (int i = 0; i < QEMU_CLOCK_MAX; i++) {
        int64_t d;

        if (i == QEMU_CLOCK_VIRTUAL && (manual || !ticking)) {
            continue;
        }
        if (i == QEMU_CLOCK_VIRTUAL_RT && !ticking) {
            continue;
        }
        d = qemu_clock_deadline_ns(i);
        if (d >= 0 && (best < 0 || d < best)) {
            best = d;
        }
    }
    return best;
}

void qemu_clock_advance_virtual_time(int64_t dest)
{
    for (;;) {
        int64_t t = list_head_expire(QEMU_CLOCK_VIRTUAL);

        if (t < 0 || t > dest) {
            break;
        }
        /* Step to each deadline so callbacks see the time they asked for
         * (and re-arm relative to it). */
        pthread_mutex_lock(&vclock_lock);
        if (t > manual_ns) {
            manual_ns = t;
        }
        pthread_mutex_unlock(&vclock_lock);
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
    }
    pthread_mutex_lock(&vclock_lock);
    if (dest > manual_ns) {
        manual_ns = dest;
    }
    pthread_mutex_unlock(&vclock_lock);
    qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
}

uint64_t cpu_get_host_tsc_khz(void)
{
    static uint64_t khz;
    g_autofree char *txt = NULL;

    if (khz) {
        return khz;
    }
    if (g_file_get_contents(
            "/sys/devices/system/cpu/cpu0/tsc_freq_khz", &txt, NULL, NULL)) {
        khz = g_ascii_strtoull(txt, NULL, 10);
        if (khz) {
            return khz;
        }
    }
#if defined(__x86_64__) || defined(__i386__)
    {
        /* Calibrate against the monotonic clock over 20ms. */
        int64_t t0 = get_clock();
        uint64_t c0 = __rdtsc(), c1;
        int64_t t1;
        struct timespec d = { 0, 20 * SCALE_MS };

        nanosleep(&d, NULL);
        c1 = __rdtsc();
        t1 = get_clock();
        if (t1 > t0 && c1 > c0) {
            khz = (uint64_t)((double)(c1 - c0) * 1e6 / (double)(t1 - t0));
        }
    }
#endif
    return khz;
}
