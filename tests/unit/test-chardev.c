/*
 * Character devices with real files, FIFOs, ptys and sockets.
 */
#include "qemu/osdep.h"
#include "chardev/char-fe.h"
#include "qemu/main-loop.h"
#include "qemu/option.h"
#include "qemu/error.h"
#include "qemu/timer.h"
#include "sysemu/runstate.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

static char *tmpdir;

typedef struct FE {
    CharBackend be;
    GString *in;
    int room;
    int events[16];
    int nevents;
} FE;

static int fe_can_read(void *opaque)
{
    return ((FE *)opaque)->room;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    FE *fe = opaque;

    g_assert_cmpint(size, <=, fe->room);
    g_string_append_len(fe->in, (const char *)buf, size);
}

static void fe_event(void *opaque, QEMUChrEvent ev)
{
    FE *fe = opaque;

    if (fe->nevents < 16) {
        fe->events[fe->nevents++] = ev;
    }
}

static void fe_attach(FE *fe, Chardev *chr)
{
    memset(fe, 0, sizeof(*fe));
    fe->in = g_string_new("");
    fe->room = 1024;
    g_assert_true(qemu_chr_fe_init(&fe->be, chr, &error_abort));
    qemu_chr_fe_set_handlers(&fe->be, fe_can_read, fe_read, fe_event, NULL,
                             fe, NULL, true);
}

static bool fe_has_event(FE *fe, QEMUChrEvent ev)
{
    for (int i = 0; i < fe->nevents; i++) {
        if (fe->events[i] == (int)ev) {
            return true;
        }
    }
    return false;
}

/* Run the loop until cond or 3 seconds. */
#define PUMP_UNTIL(cond)                                                       \
    do {                                                                       \
        int64_t end_ = get_clock() + 3 * NANOSECONDS_PER_SECOND;               \
        while (!(cond) && get_clock() < end_) {                                \
            main_loop_wait(true);                                              \
            g_usleep(1000);                                                    \
        }                                                                      \
        g_assert_true(cond);                                                   \
    } while (0)

static Chardev *chr_from(const char *spec, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(qemu_find_opts("chardev"), spec, true,
                                     errp);
    Chardev *chr;

    if (!opts) {
        return NULL;
    }
    chr = qemu_chr_new_from_opts(opts, NULL, errp);
    qemu_opts_del(opts);
    return chr;
}

static void expect_error(const char *spec, const char *msg)
{
    Error *err = NULL;

    g_assert_null(chr_from(spec, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static char *slurp(const char *path)
{
    char *s = NULL;

    g_assert_true(g_file_get_contents(path, &s, NULL, NULL));
    return s;
}

static void test_errors(void)
{
    expect_error("foo,id=e1", "'foo' is not a valid char driver name");
    expect_error("null", "chardev: no id specified");
    expect_error("file,id=e2", "chardev: file: no filename given");
    expect_error("pipe,id=e3", "chardev: pipe: no device path given");
    expect_error("file,id=e4,path=/nonexistent/dir/x",
                 "Could not open '/nonexistent/dir/x': No such file or "
                 "directory");
    expect_error("socket,id=e5", "Unable to parse FD number ");
    expect_error("socket,id=e6,path=/tmp/x,host=h",
                 "None or one of 'path', 'fd' or 'host' option required.");
    expect_error("socket,id=e7,host=localhost",
                 "chardev: socket: no port given");
    expect_error("socket,id=e8,path=/tmp/x,server=on,reconnect=1",
                 "'reconnect' option is incompatible with socket in server "
                 "listen mode");
    expect_error("socket,id=e9,path=/tmp/x,wait=off",
                 "'wait' option is incompatible with socket in client "
                 "connect mode");
    expect_error("socket,id=e10,fd=0,server=on",
                 "File descriptor '0' is not a socket");
    g_assert_nonnull(chr_from("null,id=dup", &error_abort));
    expect_error("null,id=dup", "Duplicate ID 'dup' for chardev");
    object_unparent(OBJECT(qemu_chr_find("dup")));
    g_assert_null(qemu_chr_find("dup"));
}

static void test_compat(void)
{
    QemuOpts *o = qemu_chr_parse_compat("c1", "tcp:127.0.0.1:4444,server=on"
                                        ",wait=off", false);

    g_assert_nonnull(o);
    g_assert_cmpstr(qemu_opt_get(o, "backend"), ==, "socket");
    g_assert_cmpstr(qemu_opt_get(o, "host"), ==, "127.0.0.1");
    g_assert_cmpstr(qemu_opt_get(o, "port"), ==, "4444");
    g_assert_true(qemu_opt_get_bool(o, "server", false));
    g_assert_false(qemu_opt_get_bool(o, "wait", true));
    qemu_opts_del(o);

    o = qemu_chr_parse_compat("c2", "unix:/tmp/s,server=on", false);
    g_assert_cmpstr(qemu_opt_get(o, "path"), ==, "/tmp/s");
    g_assert_true(qemu_opt_get_bool(o, "server", false));
    qemu_opts_del(o);

    o = qemu_chr_parse_compat("c3", "mon:stdio", true);
    g_assert_cmpstr(qemu_opt_get(o, "backend"), ==, "stdio");
    g_assert_true(qemu_opt_get_bool(o, "mux", false));
    g_assert_false(qemu_opt_get_bool(o, "signal", true));
    qemu_opts_del(o);

    g_assert_null(qemu_chr_parse_compat("c4", "mon:stdio", false));
    o = qemu_chr_parse_compat("c5", "file:/tmp/f", false);
    g_assert_cmpstr(qemu_opt_get(o, "backend"), ==, "file");
    g_assert_cmpstr(qemu_opt_get(o, "path"), ==, "/tmp/f");
    qemu_opts_del(o);
    o = qemu_chr_parse_compat("c6", "pipe:/tmp/p", false);
    g_assert_cmpstr(qemu_opt_get(o, "backend"), ==, "pipe");
    qemu_opts_del(o);
    o = qemu_chr_parse_compat("c7", "null", false);
    g_assert_cmpstr(qemu_opt_get(o, "backend"), ==, "null");
    qemu_opts_del(o);
}

static void test_file_and_logfile(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "out.txt", NULL);
    g_autofree char *log = g_build_filename(tmpdir, "log.txt", NULL);
    char *spec = NULL, *s = NULL;
    Chardev *chr;
    FE fe;

    g_assert_true(g_file_set_contents(path, "old", -1, NULL));
    spec = g_strdup_printf("file,id=f1,path=%s,append=on", path);
    chr = chr_from(spec, &error_abort);
    fe_attach(&fe, chr);
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (uint8_t *)"hello\n", 6),
                    ==, 6);
    s = slurp(path);
    g_assert_cmpstr(s, ==, "oldhello\n");
    qemu_chr_fe_deinit(&fe.be, true);
    g_free(s);

    /* Truncates without append=on. */
    chr = qemu_chr_new("f2", g_strdup_printf("file:%s", path), NULL);
    g_assert_nonnull(chr);
    g_assert_cmpstr(chr->filename, ==, g_strdup_printf("file:%s", path));
    fe_attach(&fe, chr);
    qemu_chr_fe_printf(&fe.be, "n=%d", 7);
    s = slurp(path);
    g_assert_cmpstr(s, ==, "n=7");
    qemu_chr_fe_deinit(&fe.be, true);
    g_free(s);

    g_free(spec);
    spec = g_strdup_printf("null,id=l1,logfile=%s", log);
    chr = chr_from(spec, &error_abort);
    fe_attach(&fe, chr);
    qemu_chr_fe_write_all(&fe.be, (uint8_t *)"abc", 3);
    qemu_chr_fe_write(&fe.be, (uint8_t *)"de", 2);
    s = slurp(log);
    g_assert_cmpstr(s, ==, "abcde");
    qemu_chr_fe_deinit(&fe.be, true);
    g_free(s);

    g_free(spec);
    spec = g_strdup_printf("null,id=l2,logfile=%s,logappend=on", log);
    chr = chr_from(spec, &error_abort);
    fe_attach(&fe, chr);
    qemu_chr_fe_write_all(&fe.be, (uint8_t *)"f", 1);
    s = slurp(log);
    g_assert_cmpstr(s, ==, "abcdef");
    qemu_chr_fe_deinit(&fe.be, true);
    g_free(s);
    g_free(spec);
}

static void test_pipe(void)
{
    g_autofree char *base = g_build_filename(tmpdir, "fifo", NULL);
    g_autofree char *in = g_strconcat(base, ".in", NULL);
    g_autofree char *out = g_strconcat(base, ".out", NULL);
    g_autofree char *spec = g_strdup_printf("pipe,id=p1,path=%s", base);
    char buf[16] = "";
    int rd, wr;
    Chardev *chr;
    FE fe;

    g_assert_cmpint(mkfifo(in, 0600), ==, 0);
    g_assert_cmpint(mkfifo(out, 0600), ==, 0);
    rd = open(out, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(rd, >=, 0);
    chr = chr_from(spec, &error_abort);
    fe_attach(&fe, chr);
    wr = open(in, O_WRONLY | O_NONBLOCK);
    g_assert_cmpint(wr, >=, 0);

    g_assert_cmpint(write(wr, "ping", 4), ==, 4);
    PUMP_UNTIL(fe.in->len == 4);
    g_assert_cmpstr(fe.in->str, ==, "ping");
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (uint8_t *)"pong", 4),
                    ==, 4);
    g_assert_cmpint(read(rd, buf, sizeof(buf)), ==, 4);
    g_assert_cmpstr(buf, ==, "pong");

    /* Flow control: no room, no reading; room again, data arrives. */
    fe.room = 0;
    g_assert_cmpint(write(wr, "xy", 2), ==, 2);
    for (int i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
    g_assert_cmpint(fe.in->len, ==, 4);
    fe.room = 1;
    qemu_chr_fe_accept_input(&fe.be);
    PUMP_UNTIL(fe.in->len == 6);
    g_assert_cmpstr(fe.in->str, ==, "pingxy");
    qemu_chr_fe_deinit(&fe.be, true);
    close(rd);
    close(wr);
}

static void test_pty(void)
{
    Chardev *chr = qemu_chr_new("pty0", "pty", NULL);
    char buf[16] = "";
    int slave;
    FE fe;

    g_assert_nonnull(chr);
    g_assert_true(g_str_has_prefix(chr->filename, "pty:/dev/pts/"));
    fe_attach(&fe, chr);
    /* Nobody on the other side: output is dropped, not blocked. */
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (uint8_t *)"lost", 4), ==,
                    4);
    slave = open(chr->filename + 4, O_RDWR | O_NOCTTY);
    g_assert_cmpint(slave, >=, 0);
    g_assert_cmpint(write(slave, "in", 2), ==, 2);
    PUMP_UNTIL(fe.in->len == 2);
    g_assert_cmpstr(fe.in->str, ==, "in");
    g_assert_cmpint(qemu_chr_fe_write_all(&fe.be, (uint8_t *)"out\n", 4),
                    ==, 4);
    /* Raw mode: no CR added. */
    g_assert_cmpint(read(slave, buf, sizeof(buf)), ==, 4);
    g_assert_cmpstr(buf, ==, "out\n");
    close(slave);
    qemu_chr_fe_deinit(&fe.be, true);
}

static int unix_connect(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&un, sizeof(un)), ==, 0);
    return fd;
}

static void read_exact(int fd, char *buf, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t n;

        main_loop_wait(true);
        n = recv(fd, buf + got, len - got, MSG_DONTWAIT);
        if (n > 0) {
            got += n;
        } else {
            g_assert_true(n < 0 && errno == EAGAIN);
            g_usleep(1000);
        }
    }
    buf[got] = 0;
}

static void test_unix_server(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "srv.sock", NULL);
    g_autofree char *spec =
        g_strdup_printf("socket,id=u1,path=%s,server=on,wait=off", path);
    char buf[64];
    Chardev *chr;
    FE fe;
    int c;

    chr = chr_from(spec, &error_abort);
    g_assert_cmpstr(chr->filename, ==,
                    g_strdup_printf("disconnected:unix:%s,server=on", path));
    fe_attach(&fe, chr);
    /* Not connected: writes fail (EIO), nothing crashes. */
    g_assert_cmpint(qemu_chr_fe_write(&fe.be, (uint8_t *)"x", 1), ==, -1);

    for (int round = 0; round < 2; round++) {
        fe.nevents = 0;
        g_string_truncate(fe.in, 0);
        c = unix_connect(path);
        PUMP_UNTIL(fe_has_event(&fe, CHR_EVENT_OPENED));
        g_assert_cmpint(send(c, "hi", 2, 0), ==, 2);
        PUMP_UNTIL(fe.in->len == 2);
        g_assert_cmpstr(fe.in->str, ==, "hi");
        g_assert_cmpint(
            qemu_chr_fe_write_all(&fe.be, (uint8_t *)"there", 5), ==, 5);
        read_exact(c, buf, 5);
        g_assert_cmpstr(buf, ==, "there");
        close(c);
        PUMP_UNTIL(fe_has_event(&fe, CHR_EVENT_CLOSED));
    }
    qemu_chr_fe_deinit(&fe.be, true);
    /* We created the socket file, we remove it. */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

static int free_tcp_port(void)
{
    struct sockaddr_in sin = { .sin_family = AF_INET };
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port;

    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    getsockname(fd, (struct sockaddr *)&sin, &len);
    port = ntohs(sin.sin_port);
    close(fd);
    return port;
}

static void test_tcp_server_and_client(void)
{
    int port = free_tcp_port();
    g_autofree char *spec = g_strdup_printf(
        "socket,id=t1,host=127.0.0.1,port=%d,server=on,wait=off,nodelay=on",
        port);
    g_autofree char *cspec = g_strdup_printf(
        "socket,id=t2,host=127.0.0.1,port=%d", port);
    Chardev *srv, *cli;
    FE fs, fc;

    srv = chr_from(spec, &error_abort);
    g_assert_cmpstr(srv->filename, ==,
                    g_strdup_printf("disconnected:tcp:127.0.0.1:%d,server=on",
                                    port));
    fe_attach(&fs, srv);
    cli = chr_from(cspec, &error_abort);
    fe_attach(&fc, cli);
    PUMP_UNTIL(fe_has_event(&fs, CHR_EVENT_OPENED));
    g_assert_true(fe_has_event(&fc, CHR_EVENT_OPENED));
    qemu_chr_fe_write_all(&fc.be, (uint8_t *)"c2s", 3);
    PUMP_UNTIL(fs.in->len == 3);
    g_assert_cmpstr(fs.in->str, ==, "c2s");
    qemu_chr_fe_write_all(&fs.be, (uint8_t *)"s2c!", 4);
    PUMP_UNTIL(fc.in->len == 4);
    g_assert_cmpstr(fc.in->str, ==, "s2c!");
    /* Client goes away: the server sees CLOSED and keeps listening. */
    qemu_chr_fe_deinit(&fc.be, true);
    PUMP_UNTIL(fe_has_event(&fs, CHR_EVENT_CLOSED));
    qemu_chr_fe_deinit(&fs.be, true);
}

static void test_fd_inherit_and_partial_writes(void)
{
    int sv[2], lfd, c, small = 4096;
    g_autofree char *path = g_build_filename(tmpdir, "inh.sock", NULL);
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    g_autofree char *spec = NULL;
    g_autofree uint8_t *big = g_malloc(1 << 20);
    g_autofree char *back = g_malloc(1 << 20);
    Chardev *chr;
    FE fe;
    int n;

    /* A listening socket inherited as fd=N. */
    lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(bind(lfd, (struct sockaddr *)&un, sizeof(un)), ==, 0);
    g_assert_cmpint(listen(lfd, 1), ==, 0);
    spec = g_strdup_printf("socket,id=i1,fd=%d,server=on,wait=off", lfd);
    chr = chr_from(spec, &error_abort);
    fe_attach(&fe, chr);
    c = unix_connect(path);
    PUMP_UNTIL(fe_has_event(&fe, CHR_EVENT_OPENED));
    g_assert_cmpint(send(c, "fd!", 3, 0), ==, 3);
    PUMP_UNTIL(fe.in->len == 3);
    g_assert_cmpstr(fe.in->str, ==, "fd!");
    close(c);
    qemu_chr_fe_deinit(&fe.be, true);
    unlink(path);

    /* A connected socket as fd=N; small buffers force short writes. */
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
    setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
    g_free(spec);
    spec = g_strdup_printf("socket,id=i2,fd=%d", sv[0]);
    chr = chr_from(spec, &error_abort);
    fe_attach(&fe, chr);
    for (int i = 0; i < (1 << 20); i++) {
        big[i] = i * 7;
    }
    n = qemu_chr_fe_write(&fe.be, big, 1 << 20);
    g_assert_cmpint(n, >, 0);
    g_assert_cmpint(n, <, 1 << 20);
    {
        int got = 0;

        while (got < n) {
            ssize_t r = read(sv[1], back + got, n - got);
            g_assert_cmpint(r, >, 0);
            got += r;
        }
        g_assert_cmpmem(back, n, big, n);
    }
    /* The peer hangs up: CLOSED, then writes fail cleanly. */
    close(sv[1]);
    PUMP_UNTIL(fe_has_event(&fe, CHR_EVENT_CLOSED));
    g_assert_cmpint(qemu_chr_fe_write(&fe.be, big, 10), ==, -1);
    qemu_chr_fe_deinit(&fe.be, true);
}

static void test_mux(void)
{
    static const char help[] =
        "\n\rC-a h    print this help\n\r"
        "C-a x    exit emulator\n\r"
        "C-a s    save disk data back to file (if -snapshot)\n\r"
        "C-a t    toggle console timestamps\n\r"
        "C-a b    send break (magic sysrq)\n\r"
        "C-a c    switch between console and monitor\n\r"
        "C-a C-a  sends C-a\n\r";
    static const char term[] = "QEMU: Terminated\n\r";
    int sv[2];
    g_autofree char *spec = NULL;
    char buf[512];
    Chardev *mux;
    FE mon, ser;

    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    spec = g_strdup_printf("socket,id=m1,fd=%d,mux=on", sv[0]);
    mux = chr_from(spec, &error_abort);
    g_assert_nonnull(qemu_chr_find("m1-base"));
    fe_attach(&mon, mux);         /* tag 0, like the monitor */
    fe_attach(&ser, mux);         /* tag 1: last attached has the focus */
    PUMP_UNTIL(fe_has_event(&ser, CHR_EVENT_OPENED) &&
               fe_has_event(&mon, CHR_EVENT_OPENED));
    g_assert_true(fe_has_event(&mon, CHR_EVENT_MUX_OUT));

    g_assert_cmpint(send(sv[1], "ab\x01\x01", 4, 0), ==, 4);
    PUMP_UNTIL(ser.in->len == 3);
    g_assert_cmpmem(ser.in->str, 3, "ab\x01", 3);
    g_assert_cmpint(mon.in->len, ==, 0);

    g_assert_cmpint(send(sv[1], "\x01h", 2, 0), ==, 2);
    read_exact(sv[1], buf, strlen(help));
    g_assert_cmpstr(buf, ==, help);

    mon.nevents = 0;
    g_assert_cmpint(send(sv[1], "\x01" "cz", 3, 0), ==, 3);
    PUMP_UNTIL(mon.in->len == 1);
    g_assert_cmpstr(mon.in->str, ==, "z");
    g_assert_true(fe_has_event(&mon, CHR_EVENT_MUX_IN));
    g_assert_cmpint(ser.in->len, ==, 3);

    /* Both frontends' output goes out. */
    qemu_chr_fe_write_all(&ser.be, (uint8_t *)"S", 1);
    qemu_chr_fe_write_all(&mon.be, (uint8_t *)"M", 1);
    read_exact(sv[1], buf, 2);
    g_assert_cmpstr(buf, ==, "SM");

    /* Timestamps at line starts after C-a t (and a newline). */
    g_assert_cmpint(send(sv[1], "\x01t", 2, 0), ==, 2);
    for (int i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
    qemu_chr_fe_write_all(&ser.be, (uint8_t *)"x\ny", 3);
    read_exact(sv[1], buf, 18);
    g_assert_cmpstr(buf, ==, "x\n[00:00:00.000] y");
    g_assert_cmpint(send(sv[1], "\x01t", 2, 0), ==, 2);

    /* Break goes to the focused frontend (the monitor). */
    g_assert_cmpint(send(sv[1], "\x01" "b", 2, 0), ==, 2);
    PUMP_UNTIL(fe_has_event(&mon, CHR_EVENT_BREAK));

    /* C-a x prints the message and makes the main loop return. */
    no_shutdown = true;
    g_assert_cmpint(send(sv[1], "\x01x", 2, 0), ==, 2);
    g_assert_cmpint(qemu_main_loop(), ==, 0);
    read_exact(sv[1], buf, strlen(term));
    g_assert_cmpstr(buf, ==, term);
    qemu_chr_fe_deinit(&ser.be, false);
    qemu_chr_fe_deinit(&mon.be, true);
    close(sv[1]);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("test-chardev-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    g_test_add_func("/chardev/errors", test_errors);
    g_test_add_func("/chardev/compat", test_compat);
    g_test_add_func("/chardev/file-logfile", test_file_and_logfile);
    g_test_add_func("/chardev/pipe", test_pipe);
    g_test_add_func("/chardev/pty", test_pty);
    g_test_add_func("/chardev/unix-server", test_unix_server);
    g_test_add_func("/chardev/tcp", test_tcp_server_and_client);
    g_test_add_func("/chardev/fd-partial-disconnect",
                    test_fd_inherit_and_partial_writes);
    g_test_add_func("/chardev/mux", test_mux);
    ret = g_test_run();
    g_autofree char *cmd = g_strdup_printf("rm -rf %s", tmpdir);
    if (system(cmd)) {
        /* best effort */
    }
    return ret;
}
