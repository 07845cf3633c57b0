/*
 * Main loop, timers, bottom halves, fd handlers and the BQL.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/thread.h"

static GString *order;

static void note_cb(void *opaque)
{
    g_string_append(order, opaque);
}

static void spin_until(bool *flag, int max_iter)
{
    for (int i = 0; i < max_iter && !*flag; i++) {
        main_loop_wait(false);
    }
}

static void test_timers_in_order(void)
{
    QEMUTimer *a = timer_new_ms(QEMU_CLOCK_REALTIME, note_cb, (char *)"a");
    QEMUTimer *b = timer_new_ms(QEMU_CLOCK_REALTIME, note_cb, (char *)"b");
    QEMUTimer *c = timer_new_ms(QEMU_CLOCK_REALTIME, note_cb, (char *)"c");
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    int64_t start = get_clock();

    order = g_string_new("");
    timer_mod(a, now + 30);
    timer_mod(b, now + 10);
    timer_mod(c, now + 20);
    g_assert_true(timer_pending(a));
    g_assert_cmpint(timer_expire_time_ns(b), ==, (now + 10) * SCALE_MS);
    while (order->len < 3 && get_clock() - start < 5 * NANOSECONDS_PER_SECOND) {
        main_loop_wait(false);
    }
    g_assert_cmpstr(order->str, ==, "bca");
    /* The loop slept on the deadline rather than firing early. */
    g_assert_cmpint(get_clock() - start, >=, 29 * SCALE_MS);
    g_assert_false(timer_pending(a));
    g_assert_cmpint(timer_expire_time_ns(a), ==, -1);

    /* Deleted timers never fire. */
    g_string_truncate(order, 0);
    timer_mod(a, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 5);
    timer_mod(b, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 10);
    timer_del(a);
    start = get_clock();
    while (order->len < 1 && get_clock() - start < NANOSECONDS_PER_SECOND) {
        main_loop_wait(false);
    }
    g_assert_cmpstr(order->str, ==, "b");
    timer_free(a);
    timer_free(b);
    timer_free(c);
    g_string_free(order, TRUE);
}

static int64_t seen_at[4];
static int nseen;

static void record_vclock(void *opaque)
{
    seen_at[nseen++] = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void test_manual_virtual_clock(void)
{
    QEMUTimer *t1 = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_vclock, NULL);
    QEMUTimer *t2 = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_vclock, NULL);
    QEMUTimer *t3 = timer_new_ns(QEMU_CLOCK_VIRTUAL, record_vclock, NULL);
    int64_t base;

    qemu_clock_set_manual_virtual(true);
    base = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    nseen = 0;
    timer_mod(t1, base + 100);
    timer_mod(t2, base + 50);
    timer_mod(t3, base + 200);
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, 50);
    /* Manual time does not move by itself, nor with the main loop. */
    main_loop_wait(true);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, base);
    g_assert_cmpint(nseen, ==, 0);

    qemu_clock_advance_virtual_time(base + 150);
    g_assert_cmpint(nseen, ==, 2);
    g_assert_cmpint(seen_at[0], ==, base + 50);
    g_assert_cmpint(seen_at[1], ==, base + 100);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, base + 150);
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, 50);

    qemu_clock_advance_virtual_time(base + 1000);
    g_assert_cmpint(nseen, ==, 3);
    g_assert_cmpint(seen_at[2], ==, base + 200);
    g_assert_cmpint(qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL), ==, -1);
    /* Never backwards. */
    qemu_clock_advance_virtual_time(base + 10);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, base + 1000);
    qemu_clock_set_manual_virtual(false);
    timer_free(t1);
    timer_free(t2);
    timer_free(t3);
}

static void test_virtual_clock_stops(void)
{
    int64_t v1, v2;

    cpu_disable_ticks();
    v1 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(20000);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, v1);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT), ==, v1);
    cpu_enable_ticks();
    g_usleep(20000);
    v2 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /* Resumes from where it stopped: about 20ms later, not 40. */
    g_assert_cmpint(v2 - v1, >=, 19 * SCALE_MS);
    g_assert_cmpint(v2 - v1, <, 35 * SCALE_MS);
    cpu_disable_ticks();
}

static bool bh_ran;
static int bh_count;

static void bh_cb(void *opaque)
{
    bh_count++;
    bh_ran = true;
    /* Runs in the main thread with the BQL. */
    g_assert_true(qemu_in_main_thread());
    g_assert_true(qemu_mutex_iothread_locked());
}

static void *bh_thread(void *opaque)
{
    g_usleep(20000);
    qemu_bh_schedule(opaque);
    qemu_bh_schedule(opaque);   /* coalesces */
    return NULL;
}

static void test_bh_from_thread(void)
{
    QEMUBH *bh = qemu_bh_new(bh_cb, NULL);
    QemuThread t;

    bh_ran = false;
    bh_count = 0;
    qemu_mutex_lock_iothread();
    qemu_thread_create(&t, "bh", bh_thread, bh);
    /* Blocking wait: only the thread's schedule can wake us. */
    spin_until(&bh_ran, 100);
    qemu_thread_join(&t);
    main_loop_wait(true);
    g_assert_cmpint(bh_count, ==, 1);

    qemu_bh_schedule(bh);
    qemu_bh_cancel(bh);
    main_loop_wait(true);
    g_assert_cmpint(bh_count, ==, 1);
    qemu_bh_schedule(bh);
    qemu_bh_delete(bh);
    main_loop_wait(true);
    g_assert_cmpint(bh_count, ==, 1);
    qemu_mutex_unlock_iothread();
}

static int fd_pipe[2];
static char fd_got[8];
static bool fd_done;

static void fd_read_cb(void *opaque)
{
    ssize_t n = read(fd_pipe[0], fd_got, sizeof(fd_got) - 1);

    g_assert_cmpint(n, ==, 3);
    fd_done = true;
    qemu_set_fd_handler(fd_pipe[0], NULL, NULL, NULL);
}

static void test_fd_handler(void)
{
    g_assert_cmpint(pipe(fd_pipe), ==, 0);
    fd_done = false;
    qemu_set_fd_handler(fd_pipe[0], fd_read_cb, NULL, NULL);
    main_loop_wait(true);
    g_assert_false(fd_done);
    g_assert_cmpint(write(fd_pipe[1], "xyz", 3), ==, 3);
    spin_until(&fd_done, 100);
    g_assert_cmpstr(fd_got, ==, "xyz");
    /* Removed: more data does not call it again. */
    g_assert_cmpint(write(fd_pipe[1], "q", 1), ==, 1);
    fd_done = false;
    main_loop_wait(true);
    g_assert_false(fd_done);
    close(fd_pipe[0]);
    close(fd_pipe[1]);
}

static bool other_had_bql;

static void *bql_thread(void *opaque)
{
    /* Succeeds only because the main loop drops the BQL while polling. */
    qemu_mutex_lock_iothread();
    g_assert_true(qemu_mutex_iothread_locked());
    other_had_bql = true;
    qemu_bh_schedule(opaque);
    qemu_mutex_unlock_iothread();
    g_assert_false(qemu_mutex_iothread_locked());
    return NULL;
}

static void test_bql_dropped_while_polling(void)
{
    QEMUBH *bh = qemu_bh_new(bh_cb, NULL);
    QemuThread t;

    bh_ran = false;
    other_had_bql = false;
    qemu_mutex_lock_iothread();
    qemu_thread_create(&t, "bql", bql_thread, bh);
    spin_until(&bh_ran, 100);
    g_assert_true(other_had_bql);
    g_assert_true(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
    qemu_thread_join(&t);
    qemu_bh_delete(bh);
}

static int sync_value;

static void sync_fn(void *opaque)
{
    g_assert_true(qemu_in_main_thread());
    sync_value = GPOINTER_TO_INT(opaque);
}

static void *sync_thread(void *opaque)
{
    run_on_main_loop_sync(sync_fn, GINT_TO_POINTER(42));
    /* Returned only after fn ran. */
    g_assert_cmpint(sync_value, ==, 42);
    *(bool *)opaque = true;
    qemu_notify_event();
    return NULL;
}

static void test_run_on_main_loop_sync(void)
{
    bool done = false;
    QemuThread t;

    sync_value = 0;
    qemu_mutex_lock_iothread();
    qemu_thread_create(&t, "sync", sync_thread, &done);
    spin_until(&done, 100);
    qemu_mutex_unlock_iothread();
    qemu_thread_join(&t);
    g_assert_true(done);
    g_assert_cmpint(sync_value, ==, 42);
}

static void test_sem_and_cond(void)
{
    QemuSemaphore s;
    QemuMutex m;
    QemuCond c;
    int64_t t0;

    qemu_sem_init(&s, 1);
    qemu_sem_wait(&s);
    qemu_sem_post(&s);
    qemu_sem_wait(&s);
    qemu_sem_destroy(&s);

    qemu_mutex_init(&m);
    qemu_cond_init(&c);
    qemu_mutex_lock(&m);
    g_assert_false(qemu_mutex_trylock(&m) && false);
    t0 = get_clock();
    g_assert_false(qemu_cond_timedwait(&c, &m, 30));
    g_assert_cmpint(get_clock() - t0, >=, 29 * SCALE_MS);
    qemu_mutex_unlock(&m);
    g_assert_true(qemu_mutex_trylock(&m));
    qemu_mutex_unlock(&m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_cmpint(qemu_init_main_loop(NULL), ==, 0);
    g_test_add_func("/main-loop/timers-in-order", test_timers_in_order);
    g_test_add_func("/main-loop/manual-virtual-clock",
                    test_manual_virtual_clock);
    g_test_add_func("/main-loop/virtual-clock-stops",
                    test_virtual_clock_stops);
    g_test_add_func("/main-loop/bh-from-thread", test_bh_from_thread);
    g_test_add_func("/main-loop/fd-handler", test_fd_handler);
    g_test_add_func("/main-loop/bql", test_bql_dropped_while_polling);
    g_test_add_func("/main-loop/run-on-main-loop-sync",
                    test_run_on_main_loop_sync);
    g_test_add_func("/main-loop/sem-cond", test_sem_and_cond);
    return g_test_run();
}
