/*
 * qtest protocol client: spawns the emulator, talks to it over a Unix
 * socket it connects to, and kills it on teardown.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libqtest.h"

#define MAX_IRQ 256
#define CONNECT_TIMEOUT_MS 60000
#define REPLY_TIMEOUT_MS 60000

struct QTestState {
    int fd;
    pid_t pid;
    int exit_status;         /* valid once pid is 0 */
    GString *rx;
    bool irq_level[MAX_IRQ];
    char *sock_dir;
};

static GList *live_states;   /* for the atexit cleanup */

static void kill_child(QTestState *s)
{
    int status;

    if (s->pid <= 0) {
        return;
    }
    kill(s->pid, SIGTERM);
    for (int i = 0; i < 200; i++) {       /* up to 2 s, then SIGKILL */
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            s->exit_status = status;
            return;
        }
        g_usleep(10000);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, &status, 0);
    s->pid = 0;
    s->exit_status = status;
}

static void cleanup_all(void)
{
    for (GList *l = live_states; l; l = l->next) {
        kill_child(l->data);
    }
}

static void sigabrt_handler(int sig)
{
    cleanup_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void qtest_fail(QTestState *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

static void qtest_fail(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "libqtest: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    if (s) {
        kill_child(s);
    }
    abort();
}

static const char *qtest_binary(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    if (!bin || !*bin) {
        fprintf(stderr, "SKIP: QTEST_QEMU_BINARY is not set\n");
        printf("1..0 # SKIP QTEST_QEMU_BINARY is not set\n");
        exit(77);
    }
    if (access(bin, X_OK) != 0) {
        fprintf(stderr, "SKIP: emulator binary '%s' not found\n", bin);
        printf("1..0 # SKIP emulator binary '%s' not found\n", bin);
        exit(77);
    }
    return bin;
}

static int listen_socket(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        qtest_fail(NULL, "socket: %s", strerror(errno));
    }
    if (strlen(path) >= sizeof(addr.sun_path)) {
        qtest_fail(NULL, "socket path too long: %s", path);
    }
    strcpy(addr.sun_path, path);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        qtest_fail(NULL, "bind/listen %s: %s", path, strerror(errno));
    }
    return fd;
}

QTestState *qtest_init(const char *extra_args)
{
    const char *bin = qtest_binary();
    QTestState *s = g_new0(QTestState, 1);
    g_autofree char *sock = NULL;
    g_autofree char *cmd = NULL;
    const char *log = getenv("QTEST_LOG") ? "/dev/fd/2" : "/dev/null";
    /* QTEST_ACCEL overrides the accelerator (e.g. "tcg -S" to compare
     * with an emulator built without the qtest accelerator). */
    const char *accel = getenv("QTEST_ACCEL") ? getenv("QTEST_ACCEL")
                                                : "qtest";
    int lfd, waited = 0;
    static bool handlers_set;

    if (!handlers_set) {
        atexit(cleanup_all);
        signal(SIGABRT, sigabrt_handler);
        signal(SIGPIPE, SIG_IGN);
        handlers_set = true;
    }
    s->sock_dir = g_dir_make_tmp("qtest-XXXXXX", NULL);
    if (!s->sock_dir) {
        qtest_fail(NULL, "cannot create a temporary directory");
    }
    sock = g_build_filename(s->sock_dir, "qtest.sock", NULL);
    lfd = listen_socket(sock);
    s->rx = g_string_new(NULL);
    cmd = g_strdup_printf("exec %s -qtest unix:%s -qtest-log %s -accel %s "
                          "-display none -nodefaults %s",
                          bin, sock, log, accel,
                          extra_args ? extra_args : "");
    if (getenv("QTEST_LOG")) {
        fprintf(stderr, "libqtest: %s\n", cmd);
    }
    s->pid = fork();
    if (s->pid < 0) {
        qtest_fail(NULL, "fork: %s", strerror(errno));
    }
    if (s->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    live_states = g_list_prepend(live_states, s);

    /* Wait for the connection, noticing an emulator that dies first. */
    for (;;) {
        struct pollfd pfd = {.fd = lfd, .events = POLLIN};
        int status;

        if (poll(&pfd, 1, 100) > 0) {
            break;
        }
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            qtest_fail(NULL, "emulator exited before connecting (%s %d); "
                       "command: %s",
                       WIFEXITED(status) ? "status" : "signal",
                       WIFEXITED(status) ? WEXITSTATUS(status)
                                         : WTERMSIG(status), cmd);
        }
        waited += 100;
        if (waited >= CONNECT_TIMEOUT_MS) {
            qtest_fail(s, "emulator did not connect within %d s",
                       CONNECT_TIMEOUT_MS / 1000);
        }
    }
    s->fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (s->fd < 0) {
        qtest_fail(s, "accept: %s", strerror(errno));
    }
    close(lfd);
    unlink(sock);
    rmdir(s->sock_dir);
    return s;
}

QTestState *qtest_initf(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *args = NULL;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return qtest_init(args);
}

void qtest_quit(QTestState *s)
{
    if (!s) {
        return;
    }
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    kill_child(s);
    live_states = g_list_remove(live_states, s);
    g_string_free(s->rx, true);
    g_free(s->sock_dir);
    g_free(s);
}

int qtest_wait_exit(QTestState *s, int timeout_ms)
{
    int status;

    for (int t = 0; s->pid > 0; t += 10) {
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            s->exit_status = status;
            break;
        }
        if (t >= timeout_ms) {
            return -1;
        }
        g_usleep(10000);
    }
    return s->exit_status;
}

pid_t qtest_pid(QTestState *s)
{
    return s->pid;
}

static void qtest_send(QTestState *s, const char *line)
{
    size_t len = strlen(line), off = 0;

    if (getenv("QTEST_LOG")) {
        fprintf(stderr, "[S] %s", line);
    }
    while (off < len) {
        ssize_t n = write(s->fd, line + off, len - off);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            qtest_fail(s, "write to emulator failed: %s", strerror(errno));
        }
        off += n;
    }
}

static char *qtest_recv_line(QTestState *s)
{
    char *nl;

    while (!(nl = memchr(s->rx->str, '\n', s->rx->len))) {
        struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
        char buf[4096];
        ssize_t n;

        if (poll(&pfd, 1, REPLY_TIMEOUT_MS) == 0) {
            qtest_fail(s, "no reply from the emulator in %d s",
                       REPLY_TIMEOUT_MS / 1000);
        }
        n = read(s->fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            int st = qtest_wait_exit(s, 1000);

            qtest_fail(s, "emulator closed the connection (wait status "
                       "0x%x)", st);
        }
        g_string_append_len(s->rx, buf, n);
    }
    {
        size_t len = nl - s->rx->str;
        char *line = g_strndup(s->rx->str, len);

        g_string_erase(s->rx, 0, len + 1);
        if (getenv("QTEST_LOG")) {
            fprintf(stderr, "[R] %s\n", line);
        }
        return line;
    }
}

/* The reply to the last command, skipping (and recording) IRQ lines. */
static gchar **qtest_rsp(QTestState *s)
{
    for (;;) {
        g_autofree char *line = qtest_recv_line(s);
        gchar **words = g_strsplit(line, " ", 0);

        if (words[0] && strcmp(words[0], "IRQ") == 0) {
            if (words[1] && words[2]) {
                long n = strtol(words[2], NULL, 0);

                if (n >= 0 && n < MAX_IRQ) {
                    s->irq_level[n] = strcmp(words[1], "raise") == 0;
                }
            }
            g_strfreev(words);
            continue;
        }
        if (!words[0] || strcmp(words[0], "OK") != 0) {
            qtest_fail(s, "unexpected reply '%s'", line);
        }
        return words;
    }
}

static gchar **qtest_cmd(QTestState *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static gchar **qtest_cmd(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send(s, line);
    return qtest_rsp(s);
}

static uint64_t qtest_cmd_value(QTestState *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static uint64_t qtest_cmd_value(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;
    gchar **words;
    uint64_t v;
    char *end;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send(s, line);
    words = qtest_rsp(s);
    if (!words[1]) {
        qtest_fail(s, "reply to '%.*s' has no value", (int)strlen(line) - 1,
                   line);
    }
    errno = 0;
    v = strtoull(words[1], &end, 0);
    if (errno || *end) {
        qtest_fail(s, "bad value '%s' in reply", words[1]);
    }
    g_strfreev(words);
    return v;
}

void qtest_send_line(QTestState *s, const char *cmd)
{
    g_autofree char *line = g_strdup_printf("%s\n", cmd);

    qtest_send(s, line);
}

char *qtest_raw_cmd(QTestState *s, const char *cmd)
{
    g_autofree char *line = g_strdup_printf("%s\n", cmd);

    qtest_send(s, line);
    for (;;) {
        char *r = qtest_recv_line(s);

        if (strncmp(r, "IRQ ", 4) != 0) {
            return r;
        }
        g_free(r);
    }
}

void qtest_outb(QTestState *s, uint16_t addr, uint8_t value)
{
    g_strfreev(qtest_cmd(s, "outb 0x%x 0x%x\n", addr, value));
}

void qtest_outw(QTestState *s, uint16_t addr, uint16_t value)
{
    g_strfreev(qtest_cmd(s, "outw 0x%x 0x%x\n", addr, value));
}

void qtest_outl(QTestState *s, uint16_t addr, uint32_t value)
{
    g_strfreev(qtest_cmd(s, "outl 0x%x 0x%x\n", addr, value));
}

uint8_t qtest_inb(QTestState *s, uint16_t addr)
{
    return qtest_cmd_value(s, "inb 0x%x\n", addr);
}

uint16_t qtest_inw(QTestState *s, uint16_t addr)
{
    return qtest_cmd_value(s, "inw 0x%x\n", addr);
}

uint32_t qtest_inl(QTestState *s, uint16_t addr)
{
    return qtest_cmd_value(s, "inl 0x%x\n", addr);
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    g_strfreev(qtest_cmd(s, "writeb 0x%" PRIx64 " 0x%x\n", addr, value));
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    g_strfreev(qtest_cmd(s, "writew 0x%" PRIx64 " 0x%x\n", addr, value));
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    g_strfreev(qtest_cmd(s, "writel 0x%" PRIx64 " 0x%x\n", addr, value));
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    g_strfreev(qtest_cmd(s, "writeq 0x%" PRIx64 " 0x%" PRIx64 "\n", addr,
                         value));
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return qtest_cmd_value(s, "readb 0x%" PRIx64 "\n", addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return qtest_cmd_value(s, "readw 0x%" PRIx64 "\n", addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return qtest_cmd_value(s, "readl 0x%" PRIx64 "\n", addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_cmd_value(s, "readq 0x%" PRIx64 "\n", addr);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20;
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    uint8_t *out = data;
    gchar **words;
    const char *hex;

    if (!size) {
        return;
    }
    words = qtest_cmd(s, "read 0x%" PRIx64 " 0x%zx\n", addr, size);
    hex = words[1];
    if (!hex || strncmp(hex, "0x", 2) != 0 || strlen(hex) != 2 + 2 * size) {
        qtest_fail(s, "bad read reply '%s'", hex ? hex : "");
    }
    for (size_t i = 0; i < size; i++) {
        int hi = hexval(hex[2 + 2 * i]), lo = hexval(hex[3 + 2 * i]);

        if (hi < 0 || lo < 0) {
            qtest_fail(s, "bad hex in read reply");
        }
        out[i] = hi << 4 | lo;
    }
    g_strfreev(words);
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    const uint8_t *in = data;
    GString *line;

    if (!size) {
        return;
    }
    line = g_string_new(NULL);
    g_string_printf(line, "write 0x%" PRIx64 " 0x%zx 0x", addr, size);
    for (size_t i = 0; i < size; i++) {
        g_string_append_printf(line, "%02x", in[i]);
    }
    g_string_append_c(line, '\n');
    qtest_send(s, line->str);
    g_string_free(line, true);
    g_strfreev(qtest_rsp(s));
}

int64_t qtest_clock_step(QTestState *s, int64_t step)
{
    if (step <= 0) {
        return qtest_cmd_value(s, "clock_step\n");
    }
    return qtest_cmd_value(s, "clock_step %" PRId64 "\n", step);
}

int64_t qtest_clock_step_next(QTestState *s)
{
    return qtest_cmd_value(s, "clock_step\n");
}

int64_t qtest_clock_set(QTestState *s, int64_t val)
{
    return qtest_cmd_value(s, "clock_set %" PRId64 "\n", val);
}

void qtest_irq_intercept_in(QTestState *s, const char *qom_path)
{
    g_strfreev(qtest_cmd(s, "irq_intercept_in %s\n", qom_path));
}

void qtest_irq_intercept_out(QTestState *s, const char *qom_path)
{
    g_strfreev(qtest_cmd(s, "irq_intercept_out %s\n", qom_path));
}

bool qtest_get_irq(QTestState *s, int num)
{
    if (num < 0 || num >= MAX_IRQ) {
        qtest_fail(s, "IRQ %d out of range", num);
    }
    /* A harmless command flushes IRQ lines sent before it. */
    g_strfreev(qtest_cmd(s, "endianness\n"));
    return s->irq_level[num];
}

void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level)
{
    g_strfreev(qtest_cmd(s, "set_irq_in %s %s %d %d\n", qom_path,
                         name ? name : "unnamed-gpio-in", num, level));
}
