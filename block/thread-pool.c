/*
 * Worker threads for blocking I/O.  Workers are created on demand up to
 * a limit and exit after being idle for a while; finished requests queue
 * up and one bottom half delivers their completions in the main loop.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/thread.h"
#include "block/thread-pool.h"

#define MAX_WORKERS 64
#define IDLE_MS 10000

typedef struct PoolReq {
    ThreadPoolFunc *func;
    void *arg;
    BlockCompletionFunc *cb;
    void *opaque;
    int ret;
} PoolReq;

static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static QemuMutex pool_lock;
static QemuCond pool_cond;
static GQueue pending, done;
static unsigned idle_workers, nr_workers, in_flight;
static QEMUBH *completion_bh;

static void completion_bh_cb(void *opaque)
{
    for (;;) {
        PoolReq *r;

        qemu_mutex_lock(&pool_lock);
        r = g_queue_pop_head(&done);
        qemu_mutex_unlock(&pool_lock);
        if (!r) {
            break;
        }
        if (r->cb) {
            r->cb(r->opaque, r->ret);
        }
        __atomic_fetch_sub(&in_flight, 1, __ATOMIC_SEQ_CST);
        g_free(r);
    }
}

static void *worker(void *opaque)
{
    qemu_mutex_lock(&pool_lock);
    for (;;) {
        PoolReq *r = g_queue_pop_head(&pending);

        if (!r) {
            idle_workers++;
            bool woke = qemu_cond_timedwait(&pool_cond, &pool_lock, IDLE_MS);
            idle_workers--;
            if (!woke && g_queue_is_empty(&pending)) {
                break;
            }
            continue;
        }
        qemu_mutex_unlock(&pool_lock);
        r->ret = r->func(r->arg);
        qemu_mutex_lock(&pool_lock);
        g_queue_push_tail(&done, r);
        qemu_bh_schedule(completion_bh);
    }
    nr_workers--;
    qemu_mutex_unlock(&pool_lock);
    return NULL;
}

static void pool_init(void)
{
    qemu_mutex_init(&pool_lock);
    qemu_cond_init(&pool_cond);
    g_queue_init(&pending);
    g_queue_init(&done);
    completion_bh = qemu_bh_new(completion_bh_cb, NULL);
}

void thread_pool_submit_aio(ThreadPoolFunc *func, void *arg,
                            BlockCompletionFunc *cb, void *opaque)
{
    PoolReq *r = g_new0(PoolReq, 1);

    pthread_once(&pool_once, pool_init);
    r->func = func;
    r->arg = arg;
    r->cb = cb;
    r->opaque = opaque;
    __atomic_fetch_add(&in_flight, 1, __ATOMIC_SEQ_CST);
    qemu_mutex_lock(&pool_lock);
    g_queue_push_tail(&pending, r);
    if (idle_workers == 0 && nr_workers < MAX_WORKERS) {
        QemuThread t;
        nr_workers++;
        qemu_thread_create(&t, "worker", worker, NULL);
        pthread_detach(t.thread);
    } else {
        qemu_cond_signal(&pool_cond);
    }
    qemu_mutex_unlock(&pool_lock);
}

unsigned thread_pool_in_flight(void)
{
    return __atomic_load_n(&in_flight, __ATOMIC_SEQ_CST);
}
