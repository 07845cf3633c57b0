/*
 * Command-line behaviour of build/qemu-system-x86_64, run as a child:
 * every bad option gives QEMU 7.2's message and exit status 1 before any
 * guest code runs; help/version formats; -daemonize; -pidfile; SIGTERM.
 */
#include "qemu/osdep.h"
#include <sys/wait.h>

static char *qemu_bin;

typedef struct Run {
    int status;                      /* exit status, or -signal */
    char *out;
    char *err;
} Run;

static void run_free(Run *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* Run with args (a space-separated list, no quoting), stdin /dev/null. */
static Run run_qemu(const char *args)
{
    g_auto(GStrv) words = g_strsplit(args, " ", 0);
    GPtrArray *argv = g_ptr_array_new();
    Run r = {0};
    GError *gerr = NULL;
    int wait_status = 0;

    /* A hung emulator must not hang the test. */
    g_ptr_array_add(argv, (char *)"timeout");
    g_ptr_array_add(argv, (char *)"-s");
    g_ptr_array_add(argv, (char *)"KILL");
    g_ptr_array_add(argv, (char *)"30");
    g_ptr_array_add(argv, qemu_bin);
    for (int i = 0; words[i]; i++) {
        if (*words[i]) {
            g_ptr_array_add(argv, words[i]);
        }
    }
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                      G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_SEARCH_PATH,
                      NULL, NULL, &r.out,
                      &r.err, &wait_status, &gerr)) {
        g_error("spawn %s: %s", qemu_bin, gerr->message);
    }
    r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status)
                                      : -WTERMSIG(wait_status);
    g_ptr_array_free(argv, true);
    return r;
}

static char *first_line(const char *s)
{
    return g_strndup(s, strcspn(s, "\n"));
}

typedef struct BadCase {
    const char *args;
    const char *message;             /* first line of stderr */
} BadCase;

#define P "qemu-system-x86_64: "

static const BadCase bad_cases[] = {
    {"-foo", P "-foo: invalid option"},
    {"-M none -display none -m", P "-m: requires an argument"},
    {"-M none -display none -m foo",
     P "-m foo: Parameter 'size' expects a non-negative number below 2^64"},
    {"-M none -display none -m 128,foo=1",
     P "-m 128,foo=1: Invalid parameter 'foo'"},
    {"-M none -display none -m 128,slots=2",
     P "slots specified but no max-size"},
    {"-M none -display none -m 128,maxmem=64M",
     P "invalid value of maxmem: maximum memory size (0x4000000) must be "
       "at least the initial memory size (0x8000000)"},
    {"-M none -display none -smp foo", P "Parameter 'smp.cpus' expects integer"},
    {"-M none -display none -smp foo=1",
     P "Parameter 'smp.foo' is unexpected"},
    {"-M none -display none -smp 2",
     P "Invalid SMP CPUs 2. The max CPUs supported by machine 'none' is 1"},
    {"-M none -display none -smp cpus=4,sockets=3",
     P "Invalid CPU topology: product of the hierarchy must match maxcpus: "
       "sockets (3) * cores (1) * threads (1) != maxcpus (4)"},
    {"-M none -display none -smp 2,maxcpus=1",
     P "Invalid CPU topology: maxcpus must be equal to or greater than smp: "
       "sockets (1) * cores (1) * threads (1) == maxcpus (1) < smp_cpus (2)"},
    {"-M none -display none -smp 2,sockets=2,dies=2",
     P "dies not supported by this machine's CPU topology"},
    {"-M foo -display none", P "unsupported machine type"},
    {"-M none -display none -machine foo=bar",
     P "Property 'none-machine.foo' not found"},
    {"-M none -display none -accel", P "-accel: requires an argument"},
    {"-M none -display none -accel foo",
     P "-accel foo: invalid accelerator foo"},
    {"-M none,accel=foo -display none", P "invalid accelerator foo"},
    {"-M none -display none -enable-kvm -accel qtest",
     P "The -accel and \"-machine accel=\" options are incompatible"},
    {"-M none -display none -device foo",
     P "-device foo: 'foo' is not a valid device model name"},
    {"-M none -display none -kernel /nonexistent/kernel",
     P "The -kernel parameter is not supported (use the generic 'loader' "
       "device instead)."},
    {"-display none -kernel /nonexistent/kernel",
     P "could not open kernel file '/nonexistent/kernel': No such file or "
       "directory"},
    {"-M none -display none -initrd /x",
     P "-initrd only allowed with -kernel option"},
    {"-M none -display none -uuid foo",
     P "-uuid foo: failed to parse UUID string: wrong format"},
    {"-M none -display none -name debug-threads=x",
     P "-name debug-threads=x: Parameter 'debug-threads' expects 'on' or "
       "'off'"},
    {"-M none -display foo", P "-display foo: Parameter 'type' does not "
                               "accept value 'foo'"},
    {"-M none -display none -vga foo", P "unknown vga type: foo"},
    {"-M none -display none -boot foo", P "Boot device 'o' was given twice"},
    {"-M none -display none -rtc base=foo", P "invalid datetime format"},
    {"-M none -nographic -daemonize",
     P "-nographic cannot be used with -daemonize"},
    {"-M none -display none -object foo,id=x",
     P "-object foo,id=x: Parameter 'qom-type' does not accept value 'foo'"},
    {"-M none -display none -mon foo", P "-mon foo: chardev \"foo\" not "
                                         "found"},
};

/* Cases that need chardevs/QOM objects from other subsystems. */
static const BadCase bad_cases_backends[] = {
    {"-M none -display none -chardev null",
     P "-chardev null: chardev: no id specified"},
    {"-M none -display none -chardev foo,id=x",
     P "-chardev foo,id=x: 'foo' is not a valid char driver name"},
    {"-M none -display none -serial foo:bar",
     P "-serial foo:bar: 'foo:bar' is not a valid char driver"},
};

static void check_bad(const BadCase *c)
{
    Run r = run_qemu(c->args);
    g_autofree char *line = first_line(r.err);

    if (g_test_verbose()) {
        g_printerr("%s -> %d %s\n", c->args, r.status, line);
    }
    g_assert_cmpstr(line, ==, c->message);
    g_assert_cmpint(r.status, ==, 1);
    run_free(&r);
}

static void test_bad_case(gconstpointer data)
{
    check_bad(data);
}

/* A VM on "-M none" must start for the run-time tests to mean anything. */
static const char *const vm_argv_qtest[] = {
    "-M", "none", "-display", "none", "-accel", "qtest", "-qtest", "null",
    "-qtest-log", "none", NULL};
/* qtest suppresses the "terminating on signal" report, as in QEMU. */
static const char *const vm_argv_default[] = {
    "-M", "none", "-display", "none", NULL};

static char **vm_argv(const char *const *args)
{
    GPtrArray *a = g_ptr_array_new();

    g_ptr_array_add(a, qemu_bin);
    for (; *args; args++) {
        g_ptr_array_add(a, (char *)*args);
    }
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, false);
}

static bool vm_can_start(const char *const *args)
{
    g_autofree char **argv = vm_argv(args);
    GPid child;
    int status;
    bool running;

    if (!g_spawn_async(NULL, (char **)argv, NULL,
                       G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL |
                           G_SPAWN_STDOUT_TO_DEV_NULL |
                           G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, &child, NULL)) {
        return false;
    }
    g_usleep(300 * 1000);
    running = waitpid(child, &status, WNOHANG) == 0;
    if (running) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    return running;
}

static void test_version(void)
{
    Run r = run_qemu("-version");
    g_autofree char *line = first_line(r.out);

    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(line, "QEMU emulator version 7.2.0 ("));
    g_assert_true(g_str_has_suffix(line, ")"));
    run_free(&r);
}

static void test_machine_help(void)
{
    Run r = run_qemu("-machine help");

    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, "Supported machines are:\n"));
    g_assert_nonnull(strstr(r.out, "\nnone                 empty machine\n"));
    run_free(&r);

    r = run_qemu("-M none,help");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, "none-machine options:\n"));
    g_assert_nonnull(strstr(r.out, "\n  append=<string>        - Linux "
                                   "kernel command line\n"));
    run_free(&r);
}

static void test_accel_help(void)
{
    Run r = run_qemu("-accel help");
    g_auto(GStrv) lines = g_strsplit(r.out, "\n", 0);

    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(lines[0], ==, "Accelerators supported in QEMU binary:");
    for (int i = 1; lines[i] && *lines[i]; i++) {
        g_assert_true(g_str_equal(lines[i], "tcg") ||
                      g_str_equal(lines[i], "kvm"));
    }
    run_free(&r);
}

static void test_device_help(void)
{
    Run r = run_qemu("-device help");

    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "name \""));
    run_free(&r);
}

static void test_no_pidfile_on_error(void)
{
    g_autofree char *dir = g_dir_make_tmp("cmdline-XXXXXX", NULL);
    g_autofree char *pid = g_build_filename(dir, "pid", NULL);
    g_autofree char *args = g_strdup_printf(
        "-M none -display none -pidfile %s -device foo", pid);
    Run r = run_qemu(args);

    g_assert_cmpint(r.status, ==, 1);
    g_assert_false(g_file_test(pid, G_FILE_TEST_EXISTS));
    run_free(&r);
    args = (g_free(args), g_strdup_printf(
        "-M none -display none -pidfile %s -smp 9", pid));
    r = run_qemu(args);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_false(g_file_test(pid, G_FILE_TEST_EXISTS));
    run_free(&r);
    rmdir(dir);
}

static bool wait_gone(const char *path, int ms)
{
    for (int i = 0; i < ms / 10; i++) {
        if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
            return true;
        }
        g_usleep(10000);
    }
    return false;
}

static void test_daemonize(void)
{
    g_autofree char *dir = NULL, *pid = NULL, *args = NULL, *text = NULL;
    Run r;
    long daemon_pid;

    if (!vm_can_start(vm_argv_qtest)) {
        g_test_skip("the emulator cannot start a -M none VM yet");
        return;
    }
    dir = g_dir_make_tmp("cmdline-XXXXXX", NULL);
    pid = g_build_filename(dir, "pid", NULL);
    args = g_strdup_printf("-M none -display none -accel qtest -qtest null "
                           "-qtest-log none -daemonize -pidfile %s", pid);
    r = run_qemu(args);
    /* The parent returns only once the daemon is ready: pid file exists. */
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_file_get_contents(pid, &text, NULL, NULL));
    daemon_pid = strtol(text, NULL, 10);
    g_assert_cmpint(daemon_pid, >, 1);
    g_assert_cmpint(kill(daemon_pid, 0), ==, 0);
    kill(daemon_pid, SIGTERM);
    g_assert_true(wait_gone(pid, 5000));
    run_free(&r);
    rmdir(dir);

    /* A daemon that fails makes the parent fail too. */
    r = run_qemu("-M none -display none -daemonize -device foo");
    g_assert_cmpint(r.status, ==, 1);
    run_free(&r);
}

static void test_sigterm(void)
{
    g_autofree char **argv = vm_argv(vm_argv_default);
    GError *gerr = NULL;
    GPid child;
    int err_fd, status;
    char buf[512] = "";
    ssize_t n, total = 0;
    g_autofree char *want = NULL;

    if (!vm_can_start(vm_argv_default)) {
        g_test_skip("the emulator cannot start a -M none VM with its default "
                    "accelerator here");
        return;
    }
    g_assert_true(g_spawn_async_with_pipes(
        NULL, (char **)argv, NULL,
        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL |
            G_SPAWN_STDOUT_TO_DEV_NULL,
        NULL, NULL, &child, NULL, NULL, &err_fd, &gerr));
    g_usleep(500 * 1000);
    kill(child, SIGTERM);
    g_assert_cmpint(waitpid(child, &status, 0), ==, child);
    while ((n = read(err_fd, buf + total, sizeof(buf) - 1 - total)) > 0) {
        total += n;
    }
    close(err_fd);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    want = g_strdup_printf(P "terminating on signal 15 from pid %d",
                           (int)getpid());
    g_assert_nonnull(strstr(buf, want));
}

int main(int argc, char **argv)
{
    const char *build = g_getenv("G_TEST_BUILDDIR");

    g_test_init(&argc, &argv, NULL);
    qemu_bin = build ? g_build_filename(build, "..", "..",
                                        "qemu-system-x86_64", NULL)
                     : g_strdup("build/qemu-system-x86_64");
    if (!g_file_test(qemu_bin, G_FILE_TEST_IS_EXECUTABLE)) {
        g_printerr("%s not built: skipping\n", qemu_bin);
        return 77;
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        g_autofree char *name = g_strdup_printf("/cmdline/bad/%zu", i);
        g_test_add_data_func(name, &bad_cases[i], test_bad_case);
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad_cases_backends); i++) {
        g_autofree char *name = g_strdup_printf("/cmdline/bad-chardev/%zu",
                                                i);
        g_test_add_data_func(name, &bad_cases_backends[i], test_bad_case);
    }
    g_test_add_func("/cmdline/version", test_version);
    g_test_add_func("/cmdline/machine-help", test_machine_help);
    g_test_add_func("/cmdline/accel-help", test_accel_help);
    g_test_add_func("/cmdline/device-help", test_device_help);
    g_test_add_func("/cmdline/no-pidfile-on-error", test_no_pidfile_on_error);
    g_test_add_func("/cmdline/daemonize", test_daemonize);
    g_test_add_func("/cmdline/sigterm", test_sigterm);
    return g_test_run();
}
