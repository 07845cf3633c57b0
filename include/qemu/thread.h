/*
 * Threads, locks and the big lock (BQL).
 *
 * Device emulation, timers, bottom halves and fd handlers all run with the
 * BQL held (the main loop holds it except while it polls).  A vCPU thread
 * runs guest code without it and takes it to dispatch an exit to a device.
 */
#ifndef QEMU_THREAD_H
#define QEMU_THREAD_H

#include "qemu/osdep.h"
#include <pthread.h>

typedef struct QemuMutex { pthread_mutex_t lock; } QemuMutex;
typedef struct QemuCond { pthread_cond_t cond; } QemuCond;
typedef struct QemuThread { pthread_t thread; } QemuThread;
typedef struct QemuSemaphore {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned count;
} QemuSemaphore;

void qemu_mutex_init(QemuMutex *m);
void qemu_mutex_destroy(QemuMutex *m);
void qemu_mutex_lock(QemuMutex *m);
bool qemu_mutex_trylock(QemuMutex *m);
void qemu_mutex_unlock(QemuMutex *m);
void qemu_cond_init(QemuCond *c);
void qemu_cond_destroy(QemuCond *c);
void qemu_cond_signal(QemuCond *c);
void qemu_cond_broadcast(QemuCond *c);
void qemu_cond_wait(QemuCond *c, QemuMutex *m);
/* false on timeout */
bool qemu_cond_timedwait(QemuCond *c, QemuMutex *m, int ms);
void qemu_sem_init(QemuSemaphore *s, unsigned init);
void qemu_sem_post(QemuSemaphore *s);
void qemu_sem_wait(QemuSemaphore *s);
void qemu_sem_destroy(QemuSemaphore *s);

/* Threads block every signal but SIG_IPI (used to kick vCPUs). */
void qemu_thread_create(QemuThread *t, const char *name,
                        void *(*fn)(void *), void *arg);
void *qemu_thread_join(QemuThread *t);
bool qemu_thread_is_self(QemuThread *t);
#define SIG_IPI SIGUSR1

/* The big lock.  */
void qemu_mutex_lock_iothread(void);
void qemu_mutex_unlock_iothread(void);
bool qemu_mutex_iothread_locked(void);
/* Wait on a condition with the BQL as the mutex. */
void qemu_cond_wait_iothread(QemuCond *c);
/* false on timeout */
bool qemu_cond_timedwait_iothread(QemuCond *c, int ms);

#endif
