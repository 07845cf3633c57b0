/*
 * pthread wrappers and the big lock.  Failures of the pthread calls mean
 * memory corruption or a programming error, so they abort with a message.
 */
#include "qemu/osdep.h"
#include "qemu/thread.h"
#include <sched.h>
#include <time.h>

static void thread_fail(const char *what, int err)
{
    fprintf(stderr, "qemu: %s: %s\n", what, strerror(err));
    abort();
}

#define CHECK(what, call)                                                      \
    do {                                                                       \
        int err_ = (call);                                                     \
        if (err_) {                                                            \
            thread_fail(what, err_);                                           \
        }                                                                      \
    } while (0)

void qemu_mutex_init(QemuMutex *m)
{
    pthread_mutexattr_t attr;

    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    CHECK("pthread_mutex_init", pthread_mutex_init(&m->lock, &attr));
    pthread_mutexattr_destroy(&attr);
}

void qemu_mutex_destroy(QemuMutex *m)
{
    CHECK("pthread_mutex_destroy", pthread_mutex_destroy(&m->lock));
}

void qemu_mutex_lock(QemuMutex *m)
{
    CHECK("pthread_mutex_lock", pthread_mutex_lock(&m->lock));
}

bool qemu_mutex_trylock(QemuMutex *m)
{
    int err = pthread_mutex_trylock(&m->lock);

    if (err && err != EBUSY) {
        thread_fail("pthread_mutex_trylock", err);
    }
    return err == 0;
}

void qemu_mutex_unlock(QemuMutex *m)
{
    CHECK("pthread_mutex_unlock", pthread_mutex_unlock(&m->lock));
}

/* Condition variables time out on the monotonic clock so that host clock
 * changes do not stretch or cut timed waits. */
void qemu_cond_init(QemuCond *c)
{
    pthread_condattr_t attr;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    CHECK("pthread_cond_init", pthread_cond_init(&c->cond, &attr));
    pthread_condattr_destroy(&attr);
}

void qemu_cond_destroy(QemuCond *c)
{
    CHECK("pthread_cond_destroy", pthread_cond_destroy(&c->cond));
}

void qemu_cond_signal(QemuCond *c)
{
    CHECK("pthread_cond_signal", pthread_cond_signal(&c->cond));
}

void qemu_cond_broadcast(QemuCond *c)
{
    CHECK("pthread_cond_broadcast", pthread_cond_broadcast(&c->cond));
}

void qemu_cond_wait(QemuCond *c, QemuMutex *m)
{
    CHECK("pthread_cond_wait", pthread_cond_wait(&c->cond, &m->lock));
}

static void deadline_after_ms(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

bool qemu_cond_timedwait(QemuCond *c, QemuMutex *m, int ms)
{
    struct timespec ts;
    int err;

    deadline_after_ms(&ts, ms < 0 ? 0 : ms);
    err = pthread_cond_timedwait(&c->cond, &m->lock, &ts);
    if (err && err != ETIMEDOUT) {
        thread_fail("pthread_cond_timedwait", err);
    }
    return err == 0;
}

void qemu_sem_init(QemuSemaphore *s, unsigned init)
{
    pthread_condattr_t attr;

    CHECK("pthread_mutex_init", pthread_mutex_init(&s->lock, NULL));
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    CHECK("pthread_cond_init", pthread_cond_init(&s->cond, &attr));
    pthread_condattr_destroy(&attr);
    s->count = init;
}

void qemu_sem_post(QemuSemaphore *s)
{
    pthread_mutex_lock(&s->lock);
    if (s->count == UINT_MAX) {
        pthread_mutex_unlock(&s->lock);
        thread_fail("qemu_sem_post", EOVERFLOW);
    }
    s->count++;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

void qemu_sem_wait(QemuSemaphore *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->count == 0) {
        pthread_cond_wait(&s->cond, &s->lock);
    }
    s->count--;
    pthread_mutex_unlock(&s->lock);
}

void qemu_sem_destroy(QemuSemaphore *s)
{
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
}

typedef struct ThreadStart {
    void *(*fn)(void *);
    void *arg;
    char *name;
} ThreadStart;

static void *thread_start(void *opaque)
{
    ThreadStart ts = *(ThreadStart *)opaque;

    g_free(opaque);
    if (ts.name) {
        char shortname[16];

        /* The kernel keeps at most 15 characters. */
        g_strlcpy(shortname, ts.name, sizeof(shortname));
        pthread_setname_np(pthread_self(), shortname);
        g_free(ts.name);
    }
    return ts.fn(ts.arg);
}

void qemu_thread_create(QemuThread *t, const char *name,
                        void *(*fn)(void *), void *arg)
{
    sigset_t all, old;
    ThreadStart *ts = g_new0(ThreadStart, 1);
    int err;

    ts->fn = fn;
    ts->arg = arg;
    ts->name = g_strdup(name);

    /* The new thread inherits this mask: only SIG_IPI gets through, so
     * termination signals always land in the main thread. */
    sigfillset(&all);
    sigdelset(&all, SIG_IPI);
    sigdelset(&all, SIGSEGV);
    sigdelset(&all, SIGBUS);
    sigdelset(&all, SIGFPE);
    sigdelset(&all, SIGILL);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    err = pthread_create(&t->thread, NULL, thread_start, ts);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        thread_fail("pthread_create", err);
    }
}

void *qemu_thread_join(QemuThread *t)
{
    void *ret = NULL;

    CHECK("pthread_join", pthread_join(t->thread, &ret));
    return ret;
}

bool qemu_thread_is_self(QemuThread *t)
{
    return pthread_equal(pthread_self(), t->thread);
}

/* The BQL.  Plain (non error-checking) mutex: it is the hottest lock. */
static pthread_mutex_t qemu_global_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread bool iothread_locked;

/*
 * Threads waiting for the BQL.  pthread mutexes are not fair: a vCPU
 * thread doing port I/O in a tight loop takes and drops the lock millions
 * of times a second and can starve the main loop (timers then fire late
 * and a guest loses ticks).  When someone is waiting, the releasing
 * thread yields so the waiter gets its turn.
 */
static int bql_waiters;

void qemu_mutex_lock_iothread(void)
{
    if (iothread_locked) {
        fprintf(stderr, "qemu: BQL taken twice by the same thread\n");
        abort();
    }
    if (pthread_mutex_trylock(&qemu_global_mutex) != 0) {
        __atomic_add_fetch(&bql_waiters, 1, __ATOMIC_RELAXED);
        CHECK("BQL lock", pthread_mutex_lock(&qemu_global_mutex));
        __atomic_sub_fetch(&bql_waiters, 1, __ATOMIC_RELAXED);
    }
    iothread_locked = true;
}

void qemu_mutex_unlock_iothread(void)
{
    if (!iothread_locked) {
        fprintf(stderr, "qemu: BQL released by a thread not holding it\n");
        abort();
    }
    iothread_locked = false;
    CHECK("BQL unlock", pthread_mutex_unlock(&qemu_global_mutex));
    if (__atomic_load_n(&bql_waiters, __ATOMIC_RELAXED)) {
        sched_yield();
    }
}

bool qemu_mutex_iothread_locked(void)
{
    return iothread_locked;
}

void qemu_cond_wait_iothread(QemuCond *c)
{
    assert(iothread_locked);
    CHECK("pthread_cond_wait",
          pthread_cond_wait(&c->cond, &qemu_global_mutex));
}

bool qemu_cond_timedwait_iothread(QemuCond *c, int ms)
{
    struct timespec ts;
    int err;

    assert(iothread_locked);
    deadline_after_ms(&ts, ms < 0 ? 0 : ms);
    err = pthread_cond_timedwait(&c->cond, &qemu_global_mutex, &ts);
    if (err && err != ETIMEDOUT) {
        thread_fail("pthread_cond_timedwait", err);
    }
    return err == 0;
}
