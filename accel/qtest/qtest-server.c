/*
 * The qtest protocol server: one command per line from the -qtest chardev,
 * one "OK ..." / "FAIL ..." / "ERR ..." reply per command, plus
 * asynchronous "IRQ raise N" / "IRQ lower N" lines for intercepted
 * interrupt pins.  Compatible with what libqtest sends; unlike QEMU, bad
 * arguments get a FAIL reply instead of aborting the emulator.
 */
#include "qemu/osdep.h"
#include "sysemu/qtest.h"
#include "chardev/char-fe.h"
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "hw/irq.h"
#include "qemu/cutils.h"
#include "qemu/error.h"
#include "qemu/timer.h"

#define MAX_IRQ 256
/* A command line longer than this is refused (b64write of 48 MiB). */
#define MAX_LINE (64 * MiB)
/* read/b64read/write/memset of more than this at once is refused. */
#define MAX_XFER (256 * MiB)

static CharBackend qtest_chr;
static GString *inbuf;
static FILE *qtest_log_fp;
static GTimer *log_timer;
static bool qtest_opened;
static DeviceState *irq_intercept_dev;
static int irq_levels[MAX_IRQ];

static void qtest_log_prefix(char dir)
{
    if (qtest_log_fp && qtest_opened) {
        fprintf(qtest_log_fp, "[%c +%.06f] ", dir,
                g_timer_elapsed(log_timer, NULL));
    }
}

static void qtest_send(const char *str)
{
    qtest_log_prefix('S');
    qemu_chr_fe_write_all(&qtest_chr, (const uint8_t *)str, strlen(str));
    if (qtest_log_fp && qtest_opened) {
        fputs(str, qtest_log_fp);
        fflush(qtest_log_fp);
    }
}

static void G_GNUC_PRINTF(1, 2) qtest_sendf(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *buf = NULL;

    va_start(ap, fmt);
    buf = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send(buf);
}

int64_t qtest_get_virtual_clock(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* opaque: the original input line, which still gets the level. */
static void qtest_irq_handler(void *opaque, int n, int level)
{
    qemu_irq *orig = opaque;

    if (orig && *orig) {
        qemu_set_irq(*orig, level);
    }
    if (n >= 0 && n < MAX_IRQ && irq_levels[n] != level) {
        irq_levels[n] = level;
        qtest_sendf("IRQ %s %d\n", level ? "raise" : "lower", n);
    }
}

/* Output pins report to us only; the pin they drove is disconnected. */
static void qtest_irq_out_handler(void *opaque, int n, int level)
{
    qtest_irq_handler(NULL, n, level);
}

static bool parse_u64(const char *s, uint64_t *v)
{
    return s && qemu_strtou64(s, NULL, 0, v) == 0;
}

static DeviceState *qtest_find_device(const char *path)
{
    Object *obj = path ? object_resolve_path(path, NULL) : NULL;

    return obj ? (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE) : NULL;
}

static void qtest_irq_intercept(gchar **words, bool out)
{
    DeviceState *dev = qtest_find_device(words[1]);

    if (!dev) {
        qtest_send("FAIL Unknown device\n");
        return;
    }
    if (irq_intercept_dev) {
        qtest_send(irq_intercept_dev == dev
                       ? "OK\n" : "FAIL IRQ intercept already enabled\n");
        return;
    }
    for (NamedGPIOList *ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (ngl->name) {
            continue;                /* as QEMU: unnamed pins only */
        }
        if (out) {
            for (int i = 0; i < ngl->num_out; i++) {
                qdev_connect_gpio_out(
                    dev, i, qemu_allocate_irq(qtest_irq_out_handler, NULL, i));
            }
        } else if (ngl->num_in) {
            qemu_irq_intercept_in(ngl->in, qtest_irq_handler, ngl->num_in);
        }
    }
    irq_intercept_dev = dev;
    qtest_send("OK\n");
}

static void qtest_set_irq_in(gchar **words)
{
    DeviceState *dev = qtest_find_device(words[1]);
    const char *name;
    int num, level;

    if (!dev) {
        qtest_send("FAIL Unknown device\n");
        return;
    }
    if (!words[2] || !words[3] || !words[4] ||
        qemu_strtoi(words[3], NULL, 0, &num) ||
        qemu_strtoi(words[4], NULL, 0, &level) || num < 0) {
        qtest_send("FAIL invalid arguments\n");
        return;
    }
    name = g_str_equal(words[2], "unnamed-gpio-in") ? NULL : words[2];
    {
        NamedGPIOList *ngl = qdev_get_named_gpio_list(dev, name);

        if (!ngl || num >= ngl->num_in) {
            qtest_send("FAIL Unknown IRQ\n");
            return;
        }
    }
    qemu_set_irq(qdev_get_gpio_in_named(dev, name, num), level);
    qtest_send("OK\n");
}

static void qtest_pio(gchar **words)
{
    char op = words[0][0], w = words[0][strlen(words[0]) - 1];
    uint64_t addr, value = 0;

    if (!parse_u64(words[1], &addr) || addr > 0xffff ||
        (op == 'o' && !parse_u64(words[2], &value))) {
        qtest_send("FAIL invalid arguments\n");
        return;
    }
    if (op == 'o') {
        if (w == 'b') {
            address_space_stb(&address_space_io, addr, value,
                              MEMTXATTRS_UNSPECIFIED, NULL);
        } else if (w == 'w') {
            address_space_stw_le(&address_space_io, addr, value,
                                 MEMTXATTRS_UNSPECIFIED, NULL);
        } else {
            address_space_stl_le(&address_space_io, addr, value,
                                 MEMTXATTRS_UNSPECIFIED, NULL);
        }
        qtest_send("OK\n");
        return;
    }
    if (w == 'b') {
        value = address_space_ldub(&address_space_io, addr,
                                   MEMTXATTRS_UNSPECIFIED, NULL);
    } else if (w == 'w') {
        value = address_space_lduw_le(&address_space_io, addr,
                                      MEMTXATTRS_UNSPECIFIED, NULL);
    } else {
        value = address_space_ldl_le(&address_space_io, addr,
                                     MEMTXATTRS_UNSPECIFIED, NULL);
    }
    qtest_sendf("OK 0x%04x\n", (uint32_t)value);
}

static void qtest_mmio(gchar **words, bool is_write)
{
    char w = words[0][strlen(words[0]) - 1];
    unsigned size = w == 'b' ? 1 : w == 'w' ? 2 : w == 'l' ? 4 : 8;
    uint64_t addr, value = 0;
    uint8_t buf[8];

    if (!parse_u64(words[1], &addr) ||
        (is_write && !parse_u64(words[2], &value))) {
        qtest_send("FAIL invalid arguments\n");
        return;
    }
    if (is_write) {
        for (unsigned i = 0; i < size; i++) {
            buf[i] = value >> (8 * i);
        }
        address_space_write(&address_space_memory, addr,
                            MEMTXATTRS_UNSPECIFIED, buf, size);
        qtest_send("OK\n");
        return;
    }
    memset(buf, 0xff, sizeof(buf));
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       buf, size);
    value = 0;
    for (unsigned i = 0; i < size; i++) {
        value |= (uint64_t)buf[i] << (8 * i);
    }
    qtest_sendf("OK 0x%016" PRIx64 "\n", value);
}

/* ADDR SIZE with 0 < SIZE <= MAX_XFER (memset also allows 0). */
static bool parse_range(gchar **words, uint64_t *addr, uint64_t *len,
                        bool zero_ok)
{
    if (!parse_u64(words[1], addr) || !parse_u64(words[2], len) ||
        (*len == 0 && !zero_ok) || *len > MAX_XFER) {
        qtest_send("FAIL invalid arguments\n");
        return false;
    }
    return true;
}

static void qtest_read(gchar **words, bool b64)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;
    g_autofree char *enc = NULL;

    if (!parse_range(words, &addr, &len, false)) {
        return;
    }
    data = g_try_malloc(len);
    if (!data) {
        qtest_send("FAIL out of memory\n");
        return;
    }
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       data, len);
    if (b64) {
        enc = g_base64_encode(data, len);
        qtest_sendf("OK %s\n", enc);
        return;
    }
    enc = g_try_malloc(2 * len + 1);
    if (!enc) {
        qtest_send("FAIL out of memory\n");
        return;
    }
    for (uint64_t i = 0; i < len; i++) {
        snprintf(&enc[i * 2], 3, "%02x", data[i]);
    }
    qtest_sendf("OK 0x%s\n", enc);
}

static int hexval(char c)
{
    return g_ascii_xdigit_value(c);
}

static void qtest_write(gchar **words)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;
    const char *hex = words[1] && words[2] ? words[3] : NULL;
    size_t hex_len;

    if (!parse_range(words, &addr, &len, false)) {
        return;
    }
    if (!hex || strlen(hex) < 3 || hex[0] != '0' ||
        (hex[1] != 'x' && hex[1] != 'X')) {
        qtest_send("ERR invalid argument size\n");
        return;
    }
    hex_len = strlen(hex);
    data = g_try_malloc0(len);
    if (!data) {
        qtest_send("FAIL out of memory\n");
        return;
    }
    for (uint64_t i = 0; i < len && i * 2 + 4 <= hex_len; i++) {
        int hi = hexval(hex[i * 2 + 2]), lo = hexval(hex[i * 2 + 3]);

        if (hi < 0 || lo < 0) {
            qtest_send("FAIL invalid hex data\n");
            return;
        }
        data[i] = hi << 4 | lo;
    }
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        data, len);
    qtest_send("OK\n");
}

static void qtest_b64write(gchar **words)
{
    uint64_t addr, len;
    gsize out_len = 0;
    guchar *data;

    if (!parse_range(words, &addr, &len, false)) {
        return;
    }
    if (!words[3]) {
        qtest_send("ERR invalid argument size\n");
        return;
    }
    data = g_base64_decode_inplace(words[3], &out_len);
    if (out_len != len) {
        warn_report("b64write: data length mismatch (told %" PRIu64
                    ", got %zu)", len, (size_t)out_len);
        len = MIN(len, out_len);
    }
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        data, len);
    qtest_send("OK\n");
}

static void qtest_memset(gchar **words)
{
    uint64_t addr, len, pattern;
    g_autofree uint8_t *data = NULL;

    if (!parse_range(words, &addr, &len, true)) {
        return;
    }
    if (!parse_u64(words[3], &pattern)) {
        qtest_send("FAIL invalid arguments\n");
        return;
    }
    if (len) {
        data = g_try_malloc(len);
        if (!data) {
            qtest_send("FAIL out of memory\n");
            return;
        }
        memset(data, (uint8_t)pattern, len);
        address_space_write(&address_space_memory, addr,
                            MEMTXATTRS_UNSPECIFIED, data, len);
    }
    qtest_send("OK\n");
}

static void qtest_clock(gchar **words, bool step)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int64_t arg, dest;

    if (words[1]) {
        if (qemu_strtoi64(words[1], NULL, 0, &arg) || arg < 0) {
            qtest_send("FAIL invalid arguments\n");
            return;
        }
        dest = step ? (arg > INT64_MAX - now ? INT64_MAX : now + arg) : arg;
    } else if (step) {
        /* to the next timer, if there is one */
        int64_t deadline = qemu_clock_deadline_ns(QEMU_CLOCK_VIRTUAL);

        dest = deadline < 0 ? now : now + deadline;
    } else {
        qtest_send("FAIL invalid arguments\n");
        return;
    }
    if (dest > now) {
        qemu_clock_advance_virtual_time(dest);
    }
    qtest_sendf("OK %" PRIi64 "\n", qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static bool word_is(gchar **words, const char *const *names)
{
    for (; *names; names++) {
        if (g_str_equal(words[0], *names)) {
            return true;
        }
    }
    return false;
}

static void qtest_process_command(gchar **words)
{
    static const char *const pio[] = {"outb", "outw", "outl",
                                      "inb",  "inw",  "inl", NULL};
    static const char *const mw[] = {"writeb", "writew", "writel", "writeq",
                                     NULL};
    static const char *const mr[] = {"readb", "readw", "readl", "readq",
                                     NULL};
    int argc = g_strv_length(words);

    if (qtest_log_fp) {
        qtest_log_prefix('R');
        for (int i = 0; words[i]; i++) {
            fprintf(qtest_log_fp, "%s%s", i ? " " : "", words[i]);
        }
        fputc('\n', qtest_log_fp);
    }
    if (g_str_equal(words[0], "irq_intercept_in") ||
        g_str_equal(words[0], "irq_intercept_out")) {
        qtest_irq_intercept(words, words[0][14] == 'o');
    } else if (g_str_equal(words[0], "set_irq_in")) {
        qtest_set_irq_in(words);
    } else if (word_is(words, pio)) {
        qtest_pio(words);
    } else if (word_is(words, mw)) {
        qtest_mmio(words, true);
    } else if (word_is(words, mr)) {
        qtest_mmio(words, false);
    } else if (g_str_equal(words[0], "read") ||
               g_str_equal(words[0], "b64read")) {
        if (argc < 3) {
            qtest_send("FAIL invalid arguments\n");
        } else {
            qtest_read(words, words[0][0] == 'b');
        }
    } else if (g_str_equal(words[0], "write")) {
        if (argc < 3) {
            qtest_send("FAIL invalid arguments\n");
        } else {
            qtest_write(words);
        }
    } else if (g_str_equal(words[0], "b64write")) {
        if (argc < 3) {
            qtest_send("FAIL invalid arguments\n");
        } else {
            qtest_b64write(words);
        }
    } else if (g_str_equal(words[0], "memset")) {
        if (argc < 4) {
            qtest_send("FAIL invalid arguments\n");
        } else {
            qtest_memset(words);
        }
    } else if (g_str_equal(words[0], "endianness")) {
        qtest_send("OK little\n");
    } else if (g_str_equal(words[0], "clock_step")) {
        qtest_clock(words, true);
    } else if (g_str_equal(words[0], "clock_set")) {
        qtest_clock(words, false);
    } else {
        qtest_sendf("FAIL Unknown command '%s'\n", words[0]);
    }
}

static int qtest_can_read(void *opaque)
{
    return 1024;
}

static void qtest_read_cb(void *opaque, const uint8_t *buf, int size)
{
    char *end;

    g_string_append_len(inbuf, (const char *)buf, size);
    while ((end = memchr(inbuf->str, '\n', inbuf->len))) {
        size_t n = end - inbuf->str;
        g_autofree char *line = g_strndup(inbuf->str, n);
        g_auto(GStrv) words = NULL;

        g_string_erase(inbuf, 0, n + 1);
        if (n && line[n - 1] == '\r') {
            line[n - 1] = 0;
        }
        words = g_strsplit(line, " ", 0);
        qtest_process_command(words);
    }
    if (inbuf->len > MAX_LINE) {
        g_string_truncate(inbuf, 0);
        qtest_send("FAIL line too long\n");
    }
}

static void qtest_event(void *opaque, QEMUChrEvent event)
{
    switch (event) {
    case CHR_EVENT_OPENED:
        memset(irq_levels, 0, sizeof(irq_levels));
        qtest_opened = true;
        if (qtest_log_fp) {
            fprintf(qtest_log_fp, "[I %.06f] OPENED\n",
                    g_timer_elapsed(log_timer, NULL));
        }
        break;
    case CHR_EVENT_CLOSED:
        qtest_opened = false;
        if (qtest_log_fp) {
            fprintf(qtest_log_fp, "[I +%.06f] CLOSED\n",
                    g_timer_elapsed(log_timer, NULL));
        }
        break;
    default:
        break;
    }
}

bool qtest_server_init(const char *chardev_spec, const char *log_path,
                       Error **errp)
{
    Chardev *chr = qemu_chr_new("qtest", chardev_spec, NULL);

    if (!chr) {
        error_setg(errp, "Failed to initialize device for qtest: \"%s\"",
                   chardev_spec);
        return false;
    }
    if (!log_path) {
        qtest_log_fp = stderr;       /* QEMU's default */
    } else if (strcmp(log_path, "none") != 0) {
        qtest_log_fp = fopen(log_path, "w+");   /* failure: no log */
    }
    log_timer = g_timer_new();
    inbuf = g_string_new(NULL);
    if (!qemu_chr_fe_init(&qtest_chr, chr, errp)) {
        return false;
    }
    qemu_chr_fe_set_handlers(&qtest_chr, qtest_can_read, qtest_read_cb,
                             qtest_event, NULL, &qtest_chr, NULL, true);
    qemu_chr_fe_set_echo(&qtest_chr, true);
    return true;
}
