/*
 * The main loop.  One GLib main context (the default one) owns every event
 * source: fd handlers, bottom halves, the wakeup eventfd and whatever
 * chardev backends attach.  main_loop_wait() runs one iteration by hand
 * (prepare/query/poll/check/dispatch) so that the BQL can be dropped
 * exactly around the poll and the timers' deadline can bound its timeout.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/error.h"
#include <poll.h>
#include <sys/eventfd.h>

static pthread_once_t ml_once = PTHREAD_ONCE_INIT;
static GMainContext *ml_ctx;
static int notify_fd = -1;
static pthread_t main_thread;
static bool main_thread_known;

/* ---- wakeup ---- */

static gboolean notify_dispatch(GSource *src, GSourceFunc cb, gpointer data)
{
    uint64_t v;

    /* Drain; the poll returning was the point. */
    while (read(notify_fd, &v, sizeof(v)) == sizeof(v)) {
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs notify_funcs = {
    .dispatch = notify_dispatch,
};

void qemu_notify_event(void)
{
    uint64_t one = 1;
    ssize_t r;

    /* Async-signal-safe: termination signal handlers come through here. */
    if (notify_fd < 0) {
        return;
    }
    do {
        r = write(notify_fd, &one, sizeof(one));
    } while (r < 0 && errno == EINTR);
}

/* ---- bottom halves ---- */

struct QEMUBH {
    QEMUBHFunc *cb;
    void *opaque;
    int scheduled;
    bool deleted;
};

static QemuMutex bh_lock;
static GPtrArray *bh_list;
static int bh_dispatch_depth;
static bool bh_need_sweep;

static bool bh_any_scheduled(void)
{
    bool any = false;

    qemu_mutex_lock(&bh_lock);
    for (guint i = 0; i < bh_list->len; i++) {
        QEMUBH *bh = g_ptr_array_index(bh_list, i);

        if (__atomic_load_n(&bh->scheduled, __ATOMIC_ACQUIRE)) {
            any = true;
            break;
        }
    }
    qemu_mutex_unlock(&bh_lock);
    return any;
}

static gboolean bh_prepare(GSource *src, gint *timeout)
{
    *timeout = -1;
    if (bh_any_scheduled()) {
        *timeout = 0;
        return TRUE;
    }
    return FALSE;
}

static gboolean bh_check(GSource *src)
{
    return bh_any_scheduled();
}

static void bh_sweep(void)
{
    qemu_mutex_lock(&bh_lock);
    for (guint i = 0; i < bh_list->len;) {
        QEMUBH *bh = g_ptr_array_index(bh_list, i);

        if (bh->deleted) {
            g_ptr_array_remove_index(bh_list, i);
            g_free(bh);
        } else {
            i++;
        }
    }
    bh_need_sweep = false;
    qemu_mutex_unlock(&bh_lock);
}

static gboolean bh_dispatch(GSource *src, GSourceFunc cb, gpointer data)
{
    GPtrArray *snap;

    qemu_mutex_lock(&bh_lock);
    snap = g_ptr_array_sized_new(bh_list->len);
    for (guint i = 0; i < bh_list->len; i++) {
        g_ptr_array_add(snap, g_ptr_array_index(bh_list, i));
    }
    bh_dispatch_depth++;
    qemu_mutex_unlock(&bh_lock);

    /* Oldest first: QEMU runs bottom halves in creation order. */
    for (guint i = 0; i < snap->len; i++) {
        QEMUBH *bh = g_ptr_array_index(snap, i);

        if (!bh->deleted &&
            __atomic_exchange_n(&bh->scheduled, 0, __ATOMIC_ACQ_REL)) {
            bh->cb(bh->opaque);
        }
    }
    g_ptr_array_free(snap, TRUE);

    qemu_mutex_lock(&bh_lock);
    bh_dispatch_depth--;
    qemu_mutex_unlock(&bh_lock);
    if (bh_need_sweep && bh_dispatch_depth == 0) {
        bh_sweep();
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs bh_funcs = {
    .prepare = bh_prepare,
    .check = bh_check,
    .dispatch = bh_dispatch,
};

/* ---- fd handlers ---- */

typedef struct FDSource {
    GSource src;
    int fd;
    gpointer tag;
    IOHandler *fd_read;
    IOHandler *fd_write;
    void *opaque;
} FDSource;

static QemuMutex fd_lock;
static GHashTable *fd_sources;   /* fd -> FDSource * */

static gboolean fd_dispatch(GSource *src, GSourceFunc cb, gpointer data)
{
    FDSource *s = (FDSource *)src;
    GIOCondition rev = g_source_query_unix_fd(src, s->tag);

    if (s->fd_read && (rev & (G_IO_IN | G_IO_HUP | G_IO_ERR))) {
        s->fd_read(s->opaque);
    }
    /* The read handler may have removed or replaced this handler. */
    if (!g_source_is_destroyed(src) && s->fd_write &&
        (rev & (G_IO_OUT | G_IO_ERR))) {
        s->fd_write(s->opaque);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs fd_funcs = {
    .dispatch = fd_dispatch,
};

static void ml_init_once(void)
{
    GSource *src;

    ml_ctx = g_main_context_default();
    qemu_mutex_init(&bh_lock);
    qemu_mutex_init(&fd_lock);
    bh_list = g_ptr_array_new();
    fd_sources = g_hash_table_new(g_direct_hash, g_direct_equal);

    notify_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (notify_fd < 0) {
        fprintf(stderr, "qemu: eventfd: %s\n", strerror(errno));
        abort();
    }
    src = g_source_new(&notify_funcs, sizeof(GSource));
    g_source_add_unix_fd(src, notify_fd, G_IO_IN);
    g_source_set_name(src, "qemu-notify");
    g_source_attach(src, ml_ctx);
    g_source_unref(src);

    src = g_source_new(&bh_funcs, sizeof(GSource));
    g_source_set_name(src, "qemu-bh");
    g_source_attach(src, ml_ctx);
    g_source_unref(src);
}

static void ml_init(void)
{
    pthread_once(&ml_once, ml_init_once);
}

int qemu_init_main_loop(Error **errp)
{
    ml_init();
    main_thread = pthread_self();
    main_thread_known = true;
    /* Writes to a closed socket or pipe must fail, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

GMainContext *qemu_get_main_context(void)
{
    ml_init();
    return ml_ctx;
}

QEMUBH *qemu_bh_new(QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = g_new0(QEMUBH, 1);

    ml_init();
    bh->cb = cb;
    bh->opaque = opaque;
    qemu_mutex_lock(&bh_lock);
    g_ptr_array_add(bh_list, bh);
    qemu_mutex_unlock(&bh_lock);
    return bh;
}

void qemu_bh_schedule(QEMUBH *bh)
{
    if (!__atomic_exchange_n(&bh->scheduled, 1, __ATOMIC_ACQ_REL)) {
        qemu_notify_event();
    }
}

void qemu_bh_cancel(QEMUBH *bh)
{
    __atomic_store_n(&bh->scheduled, 0, __ATOMIC_RELEASE);
}

void qemu_bh_delete(QEMUBH *bh)
{
    if (!bh) {
        return;
    }
    qemu_mutex_lock(&bh_lock);
    __atomic_store_n(&bh->scheduled, 0, __ATOMIC_RELEASE);
    bh->deleted = true;
    if (bh_dispatch_depth == 0) {
        g_ptr_array_remove(bh_list, bh);
        g_free(bh);
    } else {
        bh_need_sweep = true;
    }
    qemu_mutex_unlock(&bh_lock);
}

void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque)
{
    FDSource *old, *s;
    GIOCondition cond = 0;

    ml_init();
    qemu_mutex_lock(&fd_lock);
    old = g_hash_table_lookup(fd_sources, GINT_TO_POINTER(fd));
    if (old) {
        g_hash_table_remove(fd_sources, GINT_TO_POINTER(fd));
        g_source_destroy(&old->src);
        g_source_unref(&old->src);
    }
    if (fd_read || fd_write) {
        s = (FDSource *)g_source_new(&fd_funcs, sizeof(FDSource));
        s->fd = fd;
        s->fd_read = fd_read;
        s->fd_write = fd_write;
        s->opaque = opaque;
        if (fd_read) {
            cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
        }
        if (fd_write) {
            cond |= G_IO_OUT | G_IO_ERR;
        }
        s->tag = g_source_add_unix_fd(&s->src, fd, cond);
        g_source_set_name(&s->src, "qemu-fd-handler");
        g_source_attach(&s->src, ml_ctx);
        g_hash_table_insert(fd_sources, GINT_TO_POINTER(fd), s);
    }
    qemu_mutex_unlock(&fd_lock);
    qemu_notify_event();
}

/* ---- one iteration ---- */

void main_loop_wait(bool nonblocking)
{
    static GPollFD *fds;
    static gint nfds_alloc;
    gint max_prio, timeout_ms, n;
    int64_t timeout_ns, timer_ns;
    bool locked = qemu_mutex_iothread_locked();
    struct timespec ts;

    ml_init();
    if (!g_main_context_acquire(ml_ctx)) {
        /* Another thread is iterating the loop; nothing to do here. */
        return;
    }
    g_main_context_prepare(ml_ctx, &max_prio);
    while ((n = g_main_context_query(ml_ctx, max_prio, &timeout_ms, fds,
                                     nfds_alloc)) > nfds_alloc) {
        nfds_alloc = n;
        fds = g_renew(GPollFD, fds, nfds_alloc);
    }

    timeout_ns = timeout_ms < 0 ? -1 : (int64_t)timeout_ms * SCALE_MS;
    timer_ns = qemu_timers_poll_deadline_ns();
    if (timer_ns >= 0 && (timeout_ns < 0 || timer_ns < timeout_ns)) {
        timeout_ns = timer_ns;
    }
    if (nonblocking) {
        timeout_ns = 0;
    }
    if (timeout_ns >= 0) {
        ts.tv_sec = timeout_ns / NANOSECONDS_PER_SECOND;
        ts.tv_nsec = timeout_ns % NANOSECONDS_PER_SECOND;
    }

    QEMU_BUILD_BUG_ON(sizeof(GPollFD) != sizeof(struct pollfd));
    if (locked) {
        qemu_mutex_unlock_iothread();
    }
    if (ppoll((struct pollfd *)fds, n, timeout_ns >= 0 ? &ts : NULL,
              NULL) < 0 && errno != EINTR) {
        fprintf(stderr, "qemu: ppoll: %s\n", strerror(errno));
    }
    if (locked) {
        qemu_mutex_lock_iothread();
    }

    if (g_main_context_check(ml_ctx, max_prio, fds, n)) {
        g_main_context_dispatch(ml_ctx);
    }
    g_main_context_release(ml_ctx);
    qemu_clock_run_all_timers();
}

/* ---- calls into the main loop from other threads ---- */

typedef struct SyncCall {
    void (*fn)(void *);
    void *opaque;
    bool done;
    QemuCond cond;
    QEMUBH *bh;
} SyncCall;

static void sync_call_bh(void *opaque)
{
    SyncCall *sc = opaque;

    sc->fn(sc->opaque);
    sc->done = true;
    qemu_cond_broadcast(&sc->cond);
}

void run_on_main_loop_sync(void (*fn)(void *), void *opaque)
{
    SyncCall sc = { .fn = fn, .opaque = opaque };
    bool locked = qemu_mutex_iothread_locked();

    ml_init();
    if (!main_thread_known || pthread_equal(pthread_self(), main_thread)) {
        fn(opaque);
        return;
    }
    qemu_cond_init(&sc.cond);
    if (!locked) {
        qemu_mutex_lock_iothread();
    }
    /* The BH runs with the BQL held; waiting on the BQL's condition
     * releases it, so the main loop can take it. */
    sc.bh = qemu_bh_new(sync_call_bh, &sc);
    qemu_bh_schedule(sc.bh);
    while (!sc.done) {
        qemu_cond_wait_iothread(&sc.cond);
    }
    qemu_bh_delete(sc.bh);
    if (!locked) {
        qemu_mutex_unlock_iothread();
    }
    qemu_cond_destroy(&sc.cond);
}

bool qemu_in_main_thread(void)
{
    return main_thread_known && pthread_equal(pthread_self(), main_thread);
}
