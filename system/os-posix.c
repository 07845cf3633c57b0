/*
 * Daemonizing, the pid file and termination signals (POSIX).
 */
#include "qemu/osdep.h"
#include "sysemu/os-posix.h"
#include "sysemu/sysemu.h"
#include "sysemu/runstate.h"
#include "qemu/error.h"

static bool daemonize;
static int daemon_pipe = -1;
static char *pidfile_path;
static int pidfile_fd = -1;

bool is_daemonized(void)
{
    return daemonize;
}

void os_daemonize(void)
{
    int fds[2];
    pid_t pid;

    if (pipe2(fds, O_CLOEXEC) < 0) {
        error_report("cannot daemonize: %s", strerror(errno));
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        error_report("cannot daemonize: %s", strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        uint8_t status = 1;
        ssize_t len;

        close(fds[1]);
        do {
            len = read(fds[0], &status, 1);
        } while (len < 0 && errno == EINTR);
        /* Only a one-byte zero from a fully started daemon means success. */
        _exit(len == 1 && status == 0 ? 0 : 1);
    }
    close(fds[0]);
    daemon_pipe = fds[1];
    setsid();
    /* Second fork: the daemon can never reacquire a terminal. */
    pid = fork();
    if (pid < 0) {
        _exit(1);
    }
    if (pid > 0) {
        _exit(0);
    }
    umask(027);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    daemonize = true;
}

void os_setup_post(void)
{
    int fd;
    uint8_t status = 0;
    ssize_t len;

    if (!daemonize) {
        return;
    }
    if (chdir("/") < 0) {
        error_report("not able to chdir to /: %s", strerror(errno));
        exit(1);
    }
    fd = open("/dev/null", O_RDWR);
    if (fd < 0) {
        error_report("cannot open /dev/null: %s", strerror(errno));
        exit(1);
    }
    do {
        len = write(daemon_pipe, &status, 1);
    } while (len < 0 && errno == EINTR);
    close(daemon_pipe);
    daemon_pipe = -1;
    dup2(fd, 0);
    dup2(fd, 1);
    /* stderr stays open for -D logs only when it is not a terminal. */
    dup2(fd, 2);
    close(fd);
}

static void remove_pidfile(void)
{
    if (pidfile_path && pidfile_fd >= 0) {
        unlink(pidfile_path);
        close(pidfile_fd);
        pidfile_fd = -1;
    }
}

bool qemu_write_pidfile(const char *path, Error **errp)
{
    char buf[32];
    struct stat a, b;
    int fd;

    for (;;) {
        fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, S_IRUSR | S_IWUSR);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Could not create '%s'", path);
            return false;
        }
        if (fstat(fd, &b) < 0) {
            error_setg_errno(errp, errno, "Cannot stat file");
            goto fail;
        }
        if (lockf(fd, F_TLOCK, 0) < 0) {
            error_setg_errno(errp, errno, "Cannot lock pid file");
            goto fail;
        }
        /* A dying instance may have unlinked it meanwhile: retry. */
        if (stat(path, &a) < 0) {
            close(fd);
            continue;
        }
        if (a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
            break;
        }
        close(fd);
    }
    if (ftruncate(fd, 0) < 0) {
        error_setg_errno(errp, errno, "Failed to truncate pid file");
        goto fail_unlink;
    }
    snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
    if (write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf)) {
        error_setg(errp, "Failed to write pid file");
        goto fail_unlink;
    }
    pidfile_path = g_strdup(path);
    pidfile_fd = fd;
    atexit(remove_pidfile);
    return true;

fail_unlink:
    unlink(path);
fail:
    close(fd);
    return false;
}

static void termsig_handler(int signum, siginfo_t *info, void *c)
{
    qemu_system_killed(info->si_signo, info->si_pid);
}

void os_setup_signal_handling(void)
{
    struct sigaction act;

    memset(&act, 0, sizeof(act));
    act.sa_sigaction = termsig_handler;
    act.sa_flags = SA_SIGINFO;
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGHUP, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
}
