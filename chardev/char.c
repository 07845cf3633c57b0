/*
 * TYPE_CHARDEV, the /chardevs registry, creation from -chardev options and
 * from legacy "-serial" strings, and the write path (log file, partial
 * writes).
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "chardev/char-io.h"
#include "qemu/option.h"
#include "qemu/error.h"
#include "qemu/cutils.h"

#define CHARDEV_TYPE_PREFIX "chardev-"

static Object *chardevs_root(void)
{
    return object_get_container("chardevs");
}

Chardev *qemu_chr_find(const char *label)
{
    Object *obj;

    if (!label) {
        return NULL;
    }
    obj = object_resolve_path_component(chardevs_root(), label);
    return obj ? CHARDEV(obj) : NULL;
}

/* ---- backend side ---- */

int qemu_chr_be_can_write(Chardev *s)
{
    CharBackend *be = s->be;

    if (!be || !be->chr_can_read) {
        return 0;
    }
    return be->chr_can_read(be->opaque);
}

void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len)
{
    CharBackend *be = s->be;

    if (be && be->chr_read && len > 0) {
        be->chr_read(be->opaque, buf, len);
    }
}

void qemu_chr_be_event(Chardev *s, QEMUChrEvent event)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);
    CharBackend *be = s->be;

    if (event == CHR_EVENT_OPENED) {
        s->be_open = 1;
    } else if (event == CHR_EVENT_CLOSED) {
        s->be_open = 0;
    }
    if (cc->chr_be_event) {
        cc->chr_be_event(s, event);
        return;
    }
    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

static void log_write(Chardev *s, const uint8_t *buf, int len)
{
    while (s->logfd >= 0 && len > 0) {
        ssize_t n = write(s->logfd, buf, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        buf += n;
        len -= n;
    }
}

int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);
    int done = 0, res = 0;

    if (!cc->chr_write || len <= 0) {
        return 0;
    }
    qemu_mutex_lock(&s->chr_write_lock);
    while (done < len) {
        res = cc->chr_write(s, buf + done, len - done);
        if (res < 0 && errno == EAGAIN && write_all) {
            /* Blocking semantics for write_all: the peer will drain. */
            g_usleep(100);
            continue;
        }
        if (res <= 0) {
            break;
        }
        done += res;
        if (!write_all) {
            break;
        }
    }
    log_write(s, buf, done);
    qemu_mutex_unlock(&s->chr_write_lock);
    return (done == 0 && res < 0) ? res : done;
}

/* ---- creation ---- */

static ChardevClass *char_get_class(const char *driver, Error **errp)
{
    g_autofree char *tn = g_strconcat(CHARDEV_TYPE_PREFIX, driver, NULL);
    ObjectClass *oc = object_class_by_name(tn);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        object_class_is_abstract(oc) || CHARDEV_CLASS(oc)->internal) {
        error_setg(errp, "'%s' is not a valid char driver name", driver);
        return NULL;
    }
    return CHARDEV_CLASS(oc);
}

static bool chr_open_logfile(Chardev *chr, QemuOpts *opts, Error **errp)
{
    const char *logfile = opts ? qemu_opt_get(opts, "logfile") : NULL;
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

    if (!logfile) {
        return true;
    }
    flags |= qemu_opt_get_bool(opts, "logappend", false) ? O_APPEND
                                                         : O_TRUNC;
    chr->logfd = open(logfile, flags, 0666);
    if (chr->logfd < 0) {
        error_setg_errno(errp, errno, "Unable to open logfile %s", logfile);
        return false;
    }
    return true;
}

Chardev *qemu_chardev_new(const char *id, const char *typename,
                            QemuOpts *opts, GMainContext *ctx, Error **errp)
{
    Object *obj;
    Chardev *chr;
    ChardevClass *cc;
    Error *err = NULL;
    bool be_opened = true;

    if (qemu_chr_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
        return NULL;
    }
    obj = object_new(typename);
    chr = CHARDEV(obj);
    cc = CHARDEV_GET_CLASS(chr);
    chr->label = g_strdup(id);
    chr->gcontext = ctx;

    if (opts && cc->parse) {
        cc->parse(opts, chr, &err);
        if (err) {
            goto fail;
        }
    }
    if (!chr_open_logfile(chr, opts, &err)) {
        goto fail;
    }
    if (cc->open) {
        cc->open(chr, &be_opened, &err);
        if (err) {
            goto fail;
        }
    }
    if (!chr->filename) {
        chr->filename = g_strdup(typename + strlen(CHARDEV_TYPE_PREFIX));
    }
    object_property_add_child(chardevs_root(), id, obj);
    object_unref(obj);
    if (be_opened) {
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    }
    return chr;

fail:
    error_propagate(errp, err);
    object_unref(obj);
    return NULL;
}

void qemu_chr_print_help(FILE *out)
{
    GSList *list = object_class_get_list_sorted(TYPE_CHARDEV, false);

    fprintf(out, "Available chardev backend types: \n");
    for (GSList *l = list; l; l = l->next) {
        ChardevClass *cc = l->data;
        const char *name = object_class_get_name(OBJECT_CLASS(cc));

        if (!cc->internal && g_str_has_prefix(name, CHARDEV_TYPE_PREFIX)) {
            fprintf(out, "  %s\n", name + strlen(CHARDEV_TYPE_PREFIX));
        }
    }
    g_slist_free(list);
}

Chardev *qemu_chr_new_from_opts(QemuOpts *opts, GMainContext *context,
                                Error **errp)
{
    const char *name = qemu_opt_get(opts, "backend");
    const char *id = qemu_opts_id(opts);
    g_autofree char *base_id = NULL;
    g_autofree char *tn = NULL;
    ChardevClass *cc;
    Chardev *chr, *mux;

    if (name && is_help_option(name)) {
        qemu_chr_print_help(stdout);
        error_setg(errp, "help requested");
        return NULL;
    }
    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    if (!name) {
        error_setg(errp, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    cc = char_get_class(name, errp);
    if (!cc) {
        return NULL;
    }
    tn = g_strconcat(CHARDEV_TYPE_PREFIX, name, NULL);
    if (!qemu_opt_get_bool(opts, "mux", false)) {
        return qemu_chardev_new(id, tn, opts, context, errp);
    }
    if (qemu_chr_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
        return NULL;
    }
    base_id = g_strdup_printf("%s-base", id);
    chr = qemu_chardev_new(base_id, tn, opts, context, errp);
    if (!chr) {
        return NULL;
    }
    mux = qemu_chr_mux_new(id, chr, errp);
    if (!mux) {
        object_unparent(OBJECT(chr));
    }
    return mux;
}

static bool compat_inet(QemuOpts *opts, const char *p, Error **errp)
{
    g_autofree char *host = NULL;
    const char *colon = strchr(p, ':');
    const char *comma;

    /* "HOST:PORT[,opts]" or ":PORT[,opts]" */
    if (!colon) {
        error_setg(errp, "no port given");
        return false;
    }
    host = g_strndup(p, colon - p);
    comma = strchr(colon + 1, ',');
    g_autofree char *port = comma ? g_strndup(colon + 1, comma - colon - 1)
                                  : g_strdup(colon + 1);
    if (!*port) {
        error_setg(errp, "no port given");
        return false;
    }
    qemu_opt_set(opts, "backend", "socket", &error_abort);
    if (*host) {
        qemu_opt_set(opts, "host", host, &error_abort);
    }
    qemu_opt_set(opts, "port", port, &error_abort);
    if (comma && !qemu_opts_do_parse(opts, comma + 1, NULL, errp)) {
        return false;
    }
    return true;
}

QemuOpts *qemu_chr_parse_compat(const char *label, const char *filename,
                                bool permit_mux_mon)
{
    static const char *const simple[] = {
        "null", "pty", "stdio", "msmouse", "wctablet", "braille",
        "testdev", NULL,
    };
    QemuOptsList *list = qemu_find_opts("chardev");
    Error *err = NULL;
    QemuOpts *opts;
    const char *p;

    if (!list) {
        return NULL;
    }
    opts = qemu_opts_create(list, label, 1, &err);
    if (!opts) {
        error_report_err(err);
        return NULL;
    }
    if (g_str_has_prefix(filename, "mon:")) {
        if (!permit_mux_mon) {
            goto fail;
        }
        filename += 4;
        qemu_opt_set(opts, "mux", "on", &error_abort);
        if (strcmp(filename, "stdio") == 0) {
            /* As -nographic: Ctrl-C goes to the guest, not to us. */
            qemu_opt_set(opts, "signal", "off", &error_abort);
        }
    }
    if (g_strv_contains(simple, filename)) {
        qemu_opt_set(opts, "backend", filename, &error_abort);
        return opts;
    }
    if ((p = g_str_has_prefix(filename, "file:") ? filename + 5 : NULL)) {
        qemu_opt_set(opts, "backend", "file", &error_abort);
        qemu_opt_set(opts, "path", p, &error_abort);
        return opts;
    }
    if ((p = g_str_has_prefix(filename, "pipe:") ? filename + 5 : NULL)) {
        qemu_opt_set(opts, "backend", "pipe", &error_abort);
        qemu_opt_set(opts, "path", p, &error_abort);
        return opts;
    }
    if (g_str_has_prefix(filename, "tcp:") ||
        g_str_has_prefix(filename, "telnet:")) {
        bool telnet = filename[0] == 't' && filename[1] == 'e';

        p = strchr(filename, ':') + 1;
        if (!compat_inet(opts, p, &err)) {
            goto fail;
        }
        if (telnet) {
            qemu_opt_set(opts, "telnet", "on", &error_abort);
        }
        return opts;
    }
    if (g_str_has_prefix(filename, "unix:")) {
        qemu_opt_set(opts, "backend", "socket", &error_abort);
        if (!qemu_opts_do_parse(opts, filename + 5, "path", &err)) {
            goto fail;
        }
        return opts;
    }
    if (g_str_has_prefix(filename, "/dev/")) {
        qemu_opt_set(opts, "backend", "serial", &error_abort);
        qemu_opt_set(opts, "path", filename, &error_abort);
        return opts;
    }
    error_report("'%s' is not a valid char driver", filename);

fail:
    if (err) {
        error_report_err(err);
    }
    qemu_opts_del(opts);
    return NULL;
}

Chardev *qemu_chr_new_noreplay(const char *label, const char *filename,
                               bool permit_mux_mon, GMainContext *context)
{
    Error *err = NULL;
    QemuOpts *opts;
    Chardev *chr;

    if (g_str_has_prefix(filename, "chardev:")) {
        return qemu_chr_find(filename + strlen("chardev:"));
    }
    opts = qemu_chr_parse_compat(label, filename, permit_mux_mon);
    if (!opts) {
        return NULL;
    }
    chr = qemu_chr_new_from_opts(opts, context, &err);
    if (!chr) {
        error_report_err(err);
    }
    qemu_opts_del(opts);
    return chr;
}

Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context)
{
    return qemu_chr_new_noreplay(label, filename, false, context);
}

static int chr_cleanup_one(Object *child, void *opaque)
{
    g_ptr_array_add(opaque, child);
    return 0;
}

void qemu_chr_cleanup(void)
{
    GPtrArray *all = g_ptr_array_new();

    /* Finalizers unlink sockets and restore terminals. */
    object_child_foreach(chardevs_root(), chr_cleanup_one, all);
    for (guint i = all->len; i > 0; i--) {
        object_unparent(g_ptr_array_index(all, i - 1));
    }
    g_ptr_array_free(all, TRUE);
    qemu_chr_stdio_restore_term();
}

/* ---- the type ---- */

static void chr_instance_init(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    qemu_mutex_init(&chr->chr_write_lock);
    chr->logfd = -1;
}

static void chr_instance_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    if (chr->be) {
        chr->be->chr = NULL;
    }
    if (chr->logfd >= 0) {
        close(chr->logfd);
    }
    g_free(chr->filename);
    g_free(chr->label);
    qemu_mutex_destroy(&chr->chr_write_lock);
}

static const TypeInfo char_type_info = {
    .name = TYPE_CHARDEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Chardev),
    .instance_init = chr_instance_init,
    .instance_finalize = chr_instance_finalize,
    .abstract = true,
    .class_size = sizeof(ChardevClass),
};

static void char_register_types(void)
{
    type_register_static(&char_type_info);
}

type_init(char_register_types)
