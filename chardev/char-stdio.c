/*
 * The stdio backend.  On a terminal, stdin goes raw (no echo, no line
 * editing; ISIG kept unless signal=off) and is restored on every exit
 * path: atexit for normal and error exits, handlers for fatal signals
 * (termination signals go through the main loop and exit normally).
 */
#include "qemu/osdep.h"
#include "chardev/char-io.h"
#include "qemu/option.h"
#include "qemu/error.h"
#include <termios.h>

typedef struct StdioChardev {
    FDChardev parent;
    bool allow_signal;
} StdioChardev;

#define TYPE_CHARDEV_STDIO "chardev-stdio"
OBJECT_DECLARE_SIMPLE_TYPE(StdioChardev, CHARDEV_STDIO)

static bool stdio_in_use;
static volatile sig_atomic_t term_saved;
static struct termios oldtty;
static int old_fd0_flags;
static bool stdio_allow_signal = true;

/* Async-signal-safe. */
void qemu_chr_stdio_restore_term(void)
{
    if (term_saved) {
        tcsetattr(0, TCSANOW, &oldtty);
        fcntl(0, F_SETFL, old_fd0_flags);
    }
}

static void term_exit(void)
{
    qemu_chr_stdio_restore_term();
}

static void fatal_signal(int sig)
{
    qemu_chr_stdio_restore_term();
    /* SA_RESETHAND restored the default action: die as intended. */
    raise(sig);
}

static void install_fatal_handlers(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                SIGQUIT };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fatal_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
        struct sigaction old;

        /* Do not displace handlers someone else installed. */
        if (sigaction(sigs[i], NULL, &old) == 0 &&
            old.sa_handler == SIG_DFL) {
            sigaction(sigs[i], &sa, NULL);
        }
    }
}

static void stdio_set_echo(Chardev *chr, bool echo)
{
    struct termios tty;

    if (!term_saved) {
        return;
    }
    tty = oldtty;
    if (!echo) {
        tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                         ICRNL | IXON);
        tty.c_oflag |= OPOST;
        tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
        tty.c_cflag &= ~(CSIZE | PARENB);
        tty.c_cflag |= CS8;
        tty.c_cc[VMIN] = 1;
        tty.c_cc[VTIME] = 0;
    }
    if (!stdio_allow_signal) {
        tty.c_lflag &= ~ISIG;
    }
    tcsetattr(0, TCSANOW, &tty);
}

static void stdio_sigcont(int sig)
{
    /* After fg, the shell has reset the terminal: raw it again. */
    if (term_saved) {
        stdio_set_echo(NULL, false);
    }
}

static void stdio_chr_parse(QemuOpts *opts, Chardev *chr, Error **errp)
{
    CHARDEV_STDIO(chr)->allow_signal =
        qemu_opt_get_bool(opts, "signal", true);
}

static void stdio_chr_open(Chardev *chr, bool *be_opened, Error **errp)
{
    StdioChardev *s = CHARDEV_STDIO(chr);
    struct sigaction act;

    if (stdio_in_use) {
        error_setg(errp,
                   "cannot use stdio by multiple character devices");
        return;
    }
    stdio_in_use = true;
    stdio_allow_signal = s->allow_signal;
    old_fd0_flags = fcntl(0, F_GETFL);
    if (isatty(0) && tcgetattr(0, &oldtty) == 0) {
        term_saved = 1;
        atexit(term_exit);
        install_fatal_handlers();
        memset(&act, 0, sizeof(act));
        act.sa_handler = stdio_sigcont;
        sigaction(SIGCONT, &act, NULL);
        stdio_set_echo(chr, false);
    }
    chr->filename = g_strdup("stdio");
    qemu_chr_fd_set(chr, 0, 1);
}

static void stdio_chr_finalize(Object *obj)
{
    qemu_chr_stdio_restore_term();
    stdio_in_use = false;
}

static void stdio_chr_init(Object *obj)
{
    CHARDEV_STDIO(obj)->allow_signal = true;
}

static void stdio_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = stdio_chr_parse;
    cc->open = stdio_chr_open;
    cc->chr_set_echo = stdio_set_echo;
}

static const TypeInfo stdio_chr_type = {
    .name = TYPE_CHARDEV_STDIO,
    .parent = TYPE_CHARDEV_FD,
    .instance_size = sizeof(StdioChardev),
    .instance_init = stdio_chr_init,
    .instance_finalize = stdio_chr_finalize,
    .class_init = stdio_chr_class_init,
};

static void stdio_chr_register(void)
{
    type_register_static(&stdio_chr_type);
}

type_init(stdio_chr_register)
