/*
 * -drive, -blockdev, -hda..-hdd, -cdrom and -snapshot (QEMU 7.2's syntax
 * and messages), the drive registry boards use, and the devices QEMU
 * creates for if=virtio and if=ide.  Options are recorded while the
 * command line is parsed and opened in order by blockdev_init_cmdline(),
 * each error carrying its option's location.
 */
#include "qemu/osdep.h"
#include "sysemu/blockdev.h"
#include "block/block_int.h"
#include "hw/qdev-core.h"
#include "qemu/cutils.h"
#include "qemu/error.h"
#include "qobject/json.h"

BusState *qbus_find_recursive(BusState *bus, const char *name,
                              const char *bus_type);

static void qdict_cleanup(QDict **p)
{
    qobject_unref(*p);
}
#define AUTO_QDICT __attribute__((cleanup(qdict_cleanup))) QDict *

static const char *const if_name[IF_COUNT] = {
    [IF_NONE] = "none", [IF_IDE] = "ide", [IF_SCSI] = "scsi",
    [IF_FLOPPY] = "floppy", [IF_PFLASH] = "pflash", [IF_MTD] = "mtd",
    [IF_SD] = "sd", [IF_VIRTIO] = "virtio", [IF_XEN] = "xen",
};
/* Units per bus; 0: one bus, any number of units. */
static const int if_max_devs[IF_COUNT] = {
    [IF_IDE] = 2, [IF_SCSI] = 7,
};

typedef struct CmdlineItem {
    char *opt, *arg;
    QemuOpts *opts;         /* -drive */
    QDict *dict;            /* -blockdev */
} CmdlineItem;

static GPtrArray *items;    /* CmdlineItem *, command-line order */
static GPtrArray *drives;   /* DriveInfo * */
static GList *monitor_nodes; /* nodes owned by -blockdev/blockdev-add */
static bool snapshot_all;

const char *block_if_name(BlockInterfaceType type)
{
    return type >= 0 && type < IF_COUNT ? if_name[type] : "";
}

static void items_init(void)
{
    if (!items) {
        items = g_ptr_array_new();
        drives = g_ptr_array_new();
    }
}

static QEMU_NORETURN void die(Error *err)
{
    error_report_err(err);
    exit(1);
}

/* ---- parsing ---- */

static CmdlineItem *item_new(const char *opt, const char *arg)
{
    CmdlineItem *it = g_new0(CmdlineItem, 1);

    items_init();
    it->opt = g_strdup(opt);
    it->arg = g_strdup(arg);
    g_ptr_array_add(items, it);
    return it;
}

void drive_add(const char *opt, const char *arg)
{
    QemuOpts *opts = qemu_opts_parse_noisily(qemu_find_opts("drive"), arg,
                                             false);

    if (!opts) {
        exit(1);
    }
    item_new(opt, arg)->opts = opts;
}

void drive_add_hd(const char *opt, const char *file, int index)
{
    QemuOpts *opts = qemu_opts_create(qemu_find_opts("drive"), NULL, 0,
                                      &error_abort);

    qemu_opt_set_number(opts, "index", index, &error_abort);
    qemu_opt_set(opts, "media", "disk", &error_abort);
    qemu_opt_set(opts, "file", file, &error_abort);
    item_new(opt, file)->opts = opts;
}

void drive_add_cdrom(const char *opt, const char *file)
{
    QemuOpts *opts = qemu_opts_create(qemu_find_opts("drive"), NULL, 0,
                                      &error_abort);

    qemu_opt_set_number(opts, "index", 2, &error_abort);
    qemu_opt_set(opts, "media", "cdrom", &error_abort);
    qemu_opt_set(opts, "file", file, &error_abort);
    item_new(opt, file)->opts = opts;
}

void drive_set_snapshot_all(void)
{
    snapshot_all = true;
}

/* Put value at the dotted key path into d, creating nested dicts. */
static bool keyval_put(QDict *d, const char *key, const char *value,
                       Error **errp)
{
    const char *dot = strchr(key, '.');

    if (!*key || dot == key) {
        error_setg(errp, "Invalid parameter '%s'", key);
        return false;
    }
    if (dot) {
        g_autofree char *head = g_strndup(key, dot - key);
        QObject *sub = qdict_get(d, head);

        if (sub && !qobject_to(QDict, sub)) {
            error_setg(errp, "Parameters '%s.*' used inconsistently", head);
            return false;
        }
        if (!sub) {
            sub = QOBJECT(qdict_new());
            qdict_put_obj(d, head, sub);
        }
        return keyval_put(qobject_to(QDict, sub), dot + 1, value, errp);
    }
    if (qobject_to(QDict, qdict_get(d, key))) {
        error_setg(errp, "Parameters '%s.*' used inconsistently", key);
        return false;
    }
    qdict_put_str(d, key, value);
    return true;
}

/* QEMU's keyval syntax: key=value,... with ",," for a literal comma. */
static QDict *keyval_parse(const char *s, Error **errp)
{
    QDict *d = qdict_new();

    while (*s) {
        GString *key = g_string_new(NULL), *val = g_string_new(NULL);
        bool ok;

        while (*s && *s != '=' && *s != ',') {
            g_string_append_c(key, *s++);
        }
        if (*s != '=') {
            error_setg(errp, "Expected '=' after parameter '%s'", key->str);
            g_string_free(key, TRUE);
            g_string_free(val, TRUE);
            qobject_unref(d);
            return NULL;
        }
        s++;
        while (*s) {
            if (*s == ',') {
                if (s[1] != ',') {
                    break;
                }
                s++;
            }
            g_string_append_c(val, *s++);
        }
        if (*s == ',') {
            s++;
        }
        ok = keyval_put(d, key->str, val->str, errp);
        g_string_free(key, TRUE);
        g_string_free(val, TRUE);
        if (!ok) {
            qobject_unref(d);
            return NULL;
        }
    }
    return d;
}

void blockdev_add_cmdline(const char *opt, const char *arg)
{
    Error *err = NULL;
    QDict *d;

    loc_set_cmdline(opt, arg);
    if (arg[0] == '{') {
        QObject *obj = qobject_from_json(arg, &err);

        if (!obj) {
            die(err);
        }
        d = qobject_to(QDict, obj);
        if (!d) {
            qobject_unref(obj);
            error_report("JSON value must be an object");
            exit(1);
        }
    } else {
        d = keyval_parse(arg, &err);
        if (!d) {
            die(err);
        }
        /* keyval values are strings; mark them so types are lenient */
        qdict_put_bool(d, "x-keyval", true);
    }
    item_new(opt, arg)->dict = d;
}

/* ---- typed members of a -blockdev / blockdev-add dictionary ---- */

typedef struct BdOpts {
    QDict *d;
    const char *prefix;     /* "" or "file." for messages */
    bool keyval;            /* values are strings */
    GHashTable *used;
} BdOpts;

static void bd_use(BdOpts *o, const char *key)
{
    g_hash_table_add(o->used, (gpointer)key);
}

static bool bd_str(BdOpts *o, const char *key, const char **out,
                   Error **errp)
{
    QObject *v = qdict_get(o->d, key);

    bd_use(o, key);
    *out = NULL;
    if (!v) {
        return true;
    }
    if (!qobject_to(QString, v)) {
        error_setg(errp, "Invalid parameter type for '%s%s', expected: "
                   "string", o->prefix, key);
        return false;
    }
    *out = qstring_get_str(qobject_to(QString, v));
    return true;
}

static bool bd_bool(BdOpts *o, const char *key, bool *out, Error **errp)
{
    QObject *v = qdict_get(o->d, key);
    QString *s = v ? qobject_to(QString, v) : NULL;
    QBool *b = v ? qobject_to(QBool, v) : NULL;

    bd_use(o, key);
    if (!v) {
        return true;
    }
    if (b) {
        *out = qbool_get_bool(b);
        return true;
    }
    if (s && o->keyval) {
        const char *str = qstring_get_str(s);

        if (!strcmp(str, "on")) {
            *out = true;
            return true;
        }
        if (!strcmp(str, "off")) {
            *out = false;
            return true;
        }
        error_setg(errp, "Parameter '%s%s' expects 'on' or 'off'",
                   o->prefix, key);
        return false;
    }
    error_setg(errp, "Invalid parameter type for '%s%s', expected: boolean",
               o->prefix, key);
    return false;
}

static bool bd_enum(BdOpts *o, const char *key, const char *const *values,
                    const char **out, Error **errp)
{
    if (!bd_str(o, key, out, errp)) {
        return false;
    }
    if (!*out) {
        return true;
    }
    for (int i = 0; values[i]; i++) {
        if (!strcmp(*out, values[i])) {
            return true;
        }
    }
    error_setg(errp, "Parameter '%s%s' does not accept value '%s'",
               o->prefix, key, *out);
    return false;
}

static bool bd_check_unused(BdOpts *o, Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(o->d); e; e = qdict_next(o->d, e)) {
        if (!g_hash_table_contains(o->used, e->key) &&
            strcmp(e->key, "x-keyval")) {
            error_setg(errp, "Parameter '%s%s' is unexpected", o->prefix,
                       e->key);
            return false;
        }
    }
    return true;
}

static const char *const bd_drivers[] = { "file", "qcow2", "raw", NULL };
static const char *const on_off_unmap[] = { "off", "on", "unmap", NULL };
static const char *const discard_values[] = { "ignore", "unmap", "off",
                                              "on", NULL };
static const char *const aio_values[] = { "threads", "native", "io_uring",
                                          NULL };
static const char *const locking_values[] = { "auto", "on", "off", NULL };

/* The options every node takes; fills the QDict handed to bdrv_open. */
static bool bd_common(BdOpts *o, QDict *bo, int *flags, Error **errp)
{
    bool ro = false, fs = false, direct = false, noflush = false, ar = false;
    const char *discard, *dz, *nn;
    QObject *cache = qdict_get(o->d, "cache");

    if (!bd_str(o, "node-name", &nn, errp) ||
        !bd_bool(o, "read-only", &ro, errp) ||
        !bd_bool(o, "auto-read-only", &ar, errp) ||
        !bd_bool(o, "force-share", &fs, errp) ||
        !bd_enum(o, "discard", discard_values, &discard, errp) ||
        !bd_enum(o, "detect-zeroes", on_off_unmap, &dz, errp)) {
        return false;
    }
    if (cache) {
        BdOpts c = { qobject_to(QDict, cache), NULL, o->keyval, o->used };
        g_autofree char *pfx = g_strdup_printf("%scache.", o->prefix);
        g_autoptr(GHashTable) used = g_hash_table_new(g_str_hash,
                                                      g_str_equal);

        bd_use(o, "cache");
        if (!c.d) {
            error_setg(errp, "Invalid parameter type for '%scache', "
                       "expected: object", o->prefix);
            return false;
        }
        c.prefix = pfx;
        c.used = used;
        if (!bd_bool(&c, "direct", &direct, errp) ||
            !bd_bool(&c, "no-flush", &noflush, errp) ||
            !bd_check_unused(&c, errp)) {
            return false;
        }
    }
    if (dz && !strcmp(dz, "unmap") &&
        !(discard && (!strcmp(discard, "unmap") || !strcmp(discard, "on")))) {
        error_setg(errp, "setting detect-zeroes to unmap is not allowed "
                   "without setting discard operation to unmap");
        return false;
    }
    if (nn) {
        qdict_put_str(bo, "node-name", nn);
    }
    if (discard) {
        qdict_put_str(bo, "discard", discard);
    }
    if (dz) {
        qdict_put_str(bo, "detect-zeroes", dz);
    }
    if (direct) {
        qdict_put_str(bo, "cache.direct", "on");
    }
    if (noflush) {
        qdict_put_str(bo, "cache.no-flush", "on");
    }
    if (fs) {
        qdict_put_str(bo, "force-share", "on");
    }
    *flags = ro ? 0 : BDRV_O_RDWR;
    return true;
}

static BlockDriverState *bd_open(QDict *d, const char *prefix, bool keyval,
                                 bool top, int parent_flags, Error **errp);

/* A child given as a node name (string) or as options (a dictionary). */
static BlockDriverState *bd_child(BdOpts *o, const char *key, int flags,
                                  Error **errp)
{
    QObject *v = qdict_get(o->d, key);
    g_autofree char *pfx = g_strdup_printf("%s%s.", o->prefix, key);
    BlockDriverState *bs;

    bd_use(o, key);
    if (qobject_to(QString, v)) {
        const char *name = qstring_get_str(qobject_to(QString, v));
        BlockBackend *blk = name[0] ? blk_by_name(name) : NULL;

        bs = blk ? blk_bs(blk) : bdrv_find_node(name);
        if (!bs) {
            error_setg(errp, "Cannot find device='%s' nor node-name='%s'",
                       name, name);
            return NULL;
        }
        bdrv_ref(bs);
        return bs;
    }
    if (!qobject_to(QDict, v)) {
        error_setg(errp, "Invalid parameter type for '%s%s', expected: "
                   "BlockdevRef", o->prefix, key);
        return NULL;
    }
    return bd_open(qobject_to(QDict, v), pfx, o->keyval, false, flags, errp);
}

static BlockDriverState *bd_open(QDict *d, const char *prefix, bool keyval,
                                 bool top, int parent_flags, Error **errp)
{
    g_autoptr(GHashTable) used = g_hash_table_new(g_str_hash, g_str_equal);
    BdOpts o = { d, prefix, keyval, used };
    AUTO_QDICT bo = qdict_new();
    BlockDriverState *bs = NULL, *file = NULL, *backing = NULL;
    const char *driver, *nn;
    int flags;

    if (!qdict_haskey(d, "driver")) {
        error_setg(errp, "Parameter '%sdriver' is missing", prefix);
        return NULL;
    }
    if (!bd_enum(&o, "driver", bd_drivers, &driver, errp) ||
        !bd_common(&o, bo, &flags, errp)) {
        return NULL;
    }
    nn = qdict_get_try_str(bo, "node-name");
    if (nn && bdrv_find_node(nn)) {
        error_setg(errp, "Duplicate nodes with node-name='%s'", nn);
        return NULL;
    }
    if (!strcmp(driver, "file")) {
        const char *filename, *locking, *aio;

        if (!bd_str(&o, "filename", &filename, errp) ||
            !bd_enum(&o, "locking", locking_values, &locking, errp) ||
            !bd_enum(&o, "aio", aio_values, &aio, errp)) {
            return NULL;
        }
        if (!filename) {
            error_setg(errp, "Parameter '%sfilename' is missing", prefix);
            return NULL;
        }
        if (!bd_check_unused(&o, errp)) {
            return NULL;
        }
        if (top && !nn) {
            error_setg(errp, "'node-name' must be specified for the root "
                       "node");
            return NULL;
        }
        if (aio && !strcmp(aio, "native") &&
            !qdict_haskey(bo, "cache.direct")) {
            error_setg(errp, "aio=native was specified, but it requires "
                       "cache.direct=on, which was not specified.");
            return NULL;
        }
        if (nn) {
            qdict_put_str(bo, "file.node-name", nn);
        }
        if (locking) {
            qdict_put_str(bo, "file.locking", locking);
        }
        return bdrv_open(filename, "file", bo, flags, errp);
    }

    /* format drivers: file (required) and, for qcow2, backing */
    if (!qdict_haskey(d, "file")) {
        error_setg(errp, "Parameter '%sfile' is missing", prefix);
        return NULL;
    }
    if (!strcmp(driver, "qcow2")) {
        QObject *b = qdict_get(d, "backing");
        bool lazy;

        bd_bool(&o, "lazy-refcounts", &lazy, NULL);
        if (b && (qobject_type(b) == QTYPE_QNULL ||
                  (qobject_to(QString, b) &&
                   !*qstring_get_str(qobject_to(QString, b))))) {
            bd_use(&o, "backing");
            qdict_put_str(bo, "backing", "");
        } else if (b) {
            qdict_put_str(bo, "backing", "");
            backing = bd_child(&o, "backing", 0, errp);
            if (!backing) {
                return NULL;
            }
        }
    }
    /* check unknown members before anything is opened */
    bd_use(&o, "file");
    if (!bd_check_unused(&o, errp)) {
        goto out;
    }
    if (top && !nn) {
        error_setg(errp, "'node-name' must be specified for the root node");
        goto out;
    }
    file = bd_child(&o, "file", flags, errp);
    if (!file) {
        goto out;
    }
    bs = bdrv_open_on(file, driver, bo, flags, errp);
    if (bs && backing) {
        bdrv_set_backing_hd(bs, backing);
    }
out:
    bdrv_unref(file);
    bdrv_unref(backing);
    return bs;
}

BlockDriverState *blockdev_open_qdict(QDict *opts, bool top, Error **errp)
{
    bool keyval = qdict_haskey(opts, "x-keyval");
    BlockDriverState *bs = bd_open(opts, "", keyval, top, 0, errp);

    if (bs && top) {
        monitor_nodes = g_list_append(monitor_nodes, bs);
    }
    return bs;
}

bool blockdev_is_monitor_owned(BlockDriverState *bs);
bool blockdev_is_monitor_owned(BlockDriverState *bs)
{
    return g_list_find(monitor_nodes, bs) != NULL;
}

void blockdev_release_monitor_node(BlockDriverState *bs);
void blockdev_release_monitor_node(BlockDriverState *bs)
{
    monitor_nodes = g_list_remove(monitor_nodes, bs);
    bdrv_unref(bs);
}

/* ---- -drive ---- */

/* The keys -drive accepts besides the format's own (none, here). */
static const char *const drive_keys[] = {
    "file", "format", "if", "index", "bus", "unit", "media", "readonly",
    "read-only", "snapshot", "cache", "discard", "detect-zeroes", "aio",
    "node-name", "cache.direct", "cache.no-flush", "cache.writeback",
    "file.locking", "locking", "force-share", "werror", "rerror",
    "copy-on-read", "auto-read-only", NULL,
};

static bool drive_key_known(const char *key)
{
    for (int i = 0; drive_keys[i]; i++) {
        if (!strcmp(key, drive_keys[i])) {
            return true;
        }
    }
    return false;
}

static bool opt_bool(QemuOpts *opts, const char *key, const char *msgname,
                     bool *out, Error **errp)
{
    const char *v = qemu_opt_get(opts, key);

    if (!v) {
        return true;
    }
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true") ||
        !strcmp(v, "y")) {
        *out = true;
    } else if (!strcmp(v, "off") || !strcmp(v, "no") ||
               !strcmp(v, "false") || !strcmp(v, "n")) {
        *out = false;
    } else {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", msgname);
        return false;
    }
    return true;
}

static bool opt_int(QemuOpts *opts, const char *key, int *out, Error **errp)
{
    const char *v = qemu_opt_get(opts, key);
    int64_t n;

    if (!v) {
        return true;
    }
    if (qemu_strtoi64(v, NULL, 0, &n) < 0 || n < INT_MIN / 2 ||
        n > INT_MAX / 2) {
        error_setg(errp, "Parameter '%s' expects a number", key);
        return false;
    }
    *out = n;
    return true;
}

DriveInfo *drive_get(BlockInterfaceType type, int bus, int unit)
{
    for (guint i = 0; drives && i < drives->len; i++) {
        DriveInfo *d = g_ptr_array_index(drives, i);
        if (d->type == type && d->bus == bus && d->unit == unit) {
            return d;
        }
    }
    return NULL;
}

DriveInfo *drive_get_by_index(BlockInterfaceType type, int index)
{
    int max = type >= 0 && type < IF_COUNT ? if_max_devs[type] : 0;

    return drive_get(type, max ? index / max : 0, max ? index % max : index);
}

int drive_get_max_bus(BlockInterfaceType type)
{
    int max = -1;

    for (guint i = 0; drives && i < drives->len; i++) {
        DriveInfo *d = g_ptr_array_index(drives, i);
        if (d->type == type && d->bus > max) {
            max = d->bus;
        }
    }
    return max;
}

DriveInfo *blk_drive_info(BlockBackend *blk)
{
    return blk_legacy_dinfo(blk);
}

/*
 * -snapshot / snapshot=on: a temporary qcow2 on top of base (read-only
 * from now on), deleted at once so nothing is left behind, even on a crash.
 */
static BlockDriverState *add_temp_overlay(BlockDriverState *base,
                                          Error **errp)
{
    g_autofree char *tmp = g_build_filename(g_get_tmp_dir(), "vl.XXXXXX",
                                            NULL);
    int64_t len = bdrv_getlength(base);
    QemuOpts *co;
    BlockDriverState *ov;
    AUTO_QDICT o = qdict_new();
    int fd, ret;

    if (len < 0) {
        error_setg_errno(errp, -len, "Could not get image size");
        return NULL;
    }
    fd = g_mkstemp(tmp);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not get temporary filename");
        return NULL;
    }
    close(fd);
    co = qemu_opts_create(bdrv_create_opts(&bdrv_qcow2), NULL, 0,
                          &error_abort);
    qemu_opt_set_number(co, "size", len, &error_abort);
    ret = bdrv_create(&bdrv_qcow2, tmp, co, errp);
    qemu_opts_del(co);
    if (ret < 0) {
        unlink(tmp);
        return NULL;
    }
    qdict_put_str(o, "backing", "");
    ov = bdrv_open(tmp, "qcow2", o, BDRV_O_RDWR | BDRV_O_NO_LOCK, errp);
    unlink(tmp);
    if (!ov) {
        return NULL;
    }
    bdrv_set_backing_hd(ov, base);
    pstrcpy(ov->backing_file, sizeof(ov->backing_file), base->filename);
    pstrcpy(ov->backing_format, sizeof(ov->backing_format),
            bdrv_get_format_name(base));
    return ov;
}

static const char *const cache_modes[] = {
    "writeback", "none", "unsafe", "directsync", "writethrough", NULL,
};

static DriveInfo *drive_new(CmdlineItem *it, BlockInterfaceType default_if,
                            Error **errp)
{
    QemuOpts *opts = it->opts;
    const char *file = qemu_opt_get(opts, "file");
    const char *format = qemu_opt_get(opts, "format");
    const char *ifs = qemu_opt_get(opts, "if");
    const char *media = qemu_opt_get(opts, "media");
    const char *cache = qemu_opt_get(opts, "cache");
    const char *discard = qemu_opt_get(opts, "discard");
    const char *dz = qemu_opt_get(opts, "detect-zeroes");
    const char *aio = qemu_opt_get(opts, "aio");
    const char *id = qemu_opts_id(opts);
    bool ro = false, snapshot = snapshot_all, direct = false;
    bool noflush = false, wce = true, cdrom = false;
    int index = -1, bus = 0, unit = -1, max;
    BlockInterfaceType type = default_if;
    AUTO_QDICT bo = qdict_new();
    g_autofree char *new_id = NULL;
    BlockDriverState *bs = NULL;
    BlockBackend *blk;
    DriveInfo *dinfo;
    int flags;

    if (!opt_bool(opts, "snapshot", "snapshot", &snapshot, errp) ||
        !opt_bool(opts, "readonly", "read-only", &ro, errp) ||
        !opt_bool(opts, "read-only", "read-only", &ro, errp)) {
        return NULL;
    }
    if (cache) {
        int i;

        for (i = 0; cache_modes[i] && strcmp(cache, cache_modes[i]); i++) {
        }
        if (!cache_modes[i]) {
            error_setg(errp, "invalid cache option");
            return NULL;
        }
        direct = i == 1 || i == 3;
        noflush = i == 2;
        wce = !(i == 3 || i == 4);
    }
    if (!opt_bool(opts, "cache.direct", "cache.direct", &direct, errp) ||
        !opt_bool(opts, "cache.no-flush", "cache.no-flush", &noflush,
                  errp) ||
        !opt_bool(opts, "cache.writeback", "cache.writeback", &wce, errp)) {
        return NULL;
    }
    if (media) {
        if (!strcmp(media, "cdrom")) {
            cdrom = true;
        } else if (strcmp(media, "disk")) {
            error_setg(errp, "'%s' invalid media", media);
            return NULL;
        }
    }
    if (ifs) {
        for (type = 0; type < IF_COUNT && strcmp(ifs, if_name[type]);
             type++) {
        }
        if (type == IF_COUNT) {
            error_setg(errp, "unsupported bus type '%s'", ifs);
            return NULL;
        }
    }
    if (!opt_int(opts, "index", &index, errp) ||
        !opt_int(opts, "bus", &bus, errp) ||
        !opt_int(opts, "unit", &unit, errp)) {
        return NULL;
    }
    max = if_max_devs[type];
    if (index != -1) {
        if (bus != 0 || unit != -1) {
            error_setg(errp, "index cannot be used with bus and unit");
            return NULL;
        }
        if (index < 0) {
            error_setg(errp, "index %d is negative", index);
            return NULL;
        }
        bus = max ? index / max : 0;
        unit = max ? index % max : index;
    }
    if (bus < 0) {
        error_setg(errp, "bus %d is negative", bus);
        return NULL;
    }
    if (unit == -1) {
        unit = 0;
        while (drive_get(type, bus, unit)) {
            unit++;
            if (max && unit >= max) {
                unit -= max;
                bus++;
            }
        }
    }
    if (unit < 0) {
        error_setg(errp, "unit %d is negative", unit);
        return NULL;
    }
    if (max && unit >= max) {
        error_setg(errp, "unit %d too big (max is %d)", unit, max - 1);
        return NULL;
    }
    if (drive_get(type, bus, unit)) {
        error_setg(errp, "drive with bus=%d, unit=%d (index=%d) exists", bus,
                   unit, index);
        return NULL;
    }
    if (!id) {
        const char *ms = "";

        if (type == IF_IDE || type == IF_SCSI) {
            ms = cdrom ? "-cd" : "-hd";
        }
        new_id = max ? g_strdup_printf("%s%i%s%i", if_name[type], bus, ms,
                                       unit)
                     : g_strdup_printf("%s%s%i", if_name[type], ms, unit);
        id = new_id;
    }
    if (blk_by_name(id)) {
        error_setg(errp, "Duplicate ID '%s' for drive", id);
        return NULL;
    }
    if (discard && strcmp(discard, "ignore") && strcmp(discard, "off") &&
        strcmp(discard, "unmap") && strcmp(discard, "on")) {
        error_setg(errp, "Invalid discard option");
        return NULL;
    }
    if (dz && strcmp(dz, "off") && strcmp(dz, "on") && strcmp(dz, "unmap")) {
        error_setg(errp, "invalid parameter value: %s", dz);
        return NULL;
    }
    if (dz && !strcmp(dz, "unmap") &&
        !(discard && (!strcmp(discard, "unmap") || !strcmp(discard, "on")))) {
        error_setg(errp, "setting detect-zeroes to unmap is not allowed "
                   "without setting discard operation to unmap");
        return NULL;
    }
    if (aio && strcmp(aio, "threads") && strcmp(aio, "native") &&
        strcmp(aio, "io_uring")) {
        error_setg(errp, "invalid aio option");
        return NULL;
    }
    if (aio && !strcmp(aio, "native") && !direct) {
        error_setg(errp, "aio=native was specified, but it requires "
                   "cache.direct=on, which was not specified.");
        return NULL;
    }
    if (format && is_help_option(format)) {
        printf("Supported formats: file qcow2 raw\n");
        exit(0);
    }
    if (format && (!bdrv_find_format(format) ||
                   bdrv_find_format(format)->is_protocol)) {
        error_setg(errp, "Unknown driver '%s'", format);
        return NULL;
    }
    if (cdrom) {
        ro = true;
    }

    if (qemu_opt_get(opts, "node-name")) {
        qdict_put_str(bo, "node-name", qemu_opt_get(opts, "node-name"));
    }
    if (direct) {
        qdict_put_str(bo, "cache.direct", "on");
    }
    if (noflush) {
        qdict_put_str(bo, "cache.no-flush", "on");
    }
    if (discard) {
        qdict_put_str(bo, "discard", discard);
    }
    if (dz) {
        qdict_put_str(bo, "detect-zeroes", dz);
    }
    if (qemu_opt_get(opts, "file.locking") || qemu_opt_get(opts, "locking")) {
        qdict_put_str(bo, "file.locking",
                      qemu_opt_get(opts, "file.locking")
                          ? qemu_opt_get(opts, "file.locking")
                          : qemu_opt_get(opts, "locking"));
    }
    if (qemu_opt_get(opts, "force-share")) {
        bool fs = false;

        if (!opt_bool(opts, "force-share", "force-share", &fs, errp)) {
            return NULL;
        }
        if (fs) {
            qdict_put_str(bo, "force-share", "on");
        }
    }
    flags = (ro || snapshot) ? 0 : BDRV_O_RDWR;

    if (file && *file) {
        bs = bdrv_open(file, format, bo, flags, errp);
        if (!bs) {
            return NULL;
        }
        for (GList *l = opts->opts.head; l; l = l->next) {
            QemuOpt *o = l->data;

            if (!drive_key_known(o->name)) {
                error_setg(errp, "Block format '%s' does not support the "
                           "option '%s'", bdrv_get_format_name(bs), o->name);
                bdrv_unref(bs);
                return NULL;
            }
        }
        if (!format && !ro && !strcmp(bdrv_get_format_name(bs), "raw")) {
            fprintf(stderr, "WARNING: Image format was not specified for "
                    "'%s' and probing guessed raw.\n"
                    "         Automatically detecting the format is "
                    "dangerous for raw images, write operations on block 0 "
                    "will be restricted.\n"
                    "         Specify the 'raw' format explicitly to remove "
                    "the restrictions.\n", file);
        }
        if (snapshot && !ro) {
            BlockDriverState *ov = add_temp_overlay(bs, errp);

            bdrv_unref(bs);
            if (!ov) {
                return NULL;
            }
            bs = ov;
        }
        blk = blk_new_with_bs(bs);
        bdrv_unref(bs);
    } else {
        for (GList *l = opts->opts.head; l; l = l->next) {
            QemuOpt *o = l->data;

            if (!drive_key_known(o->name)) {
                error_setg(errp, "Must specify either driver or file");
                return NULL;
            }
        }
        blk = blk_new_empty();
    }
    blk_set_name(blk, id, &error_abort);
    blk_set_enable_write_cache(blk, wce);

    dinfo = g_new0(DriveInfo, 1);
    dinfo->type = type;
    dinfo->bus = bus;
    dinfo->unit = unit;
    dinfo->media_cd = cdrom;
    dinfo->id = g_strdup(id);
    dinfo->blk = blk;
    dinfo->loc_opt = g_strdup(it->opt);
    dinfo->loc_arg = g_strdup(it->arg);
    blk_set_legacy_dinfo(blk, dinfo);
    g_ptr_array_add(drives, dinfo);
    return dinfo;
}

void blockdev_init_cmdline(BlockInterfaceType default_if)
{
    Error *err = NULL;

    items_init();
    for (guint i = 0; i < items->len; i++) {
        CmdlineItem *it = g_ptr_array_index(items, i);

        loc_set_cmdline(it->opt, it->arg);
        if (it->dict) {
            if (!blockdev_open_qdict(it->dict, true, &err)) {
                die(err);
            }
        } else if (!drive_new(it, default_if, &err)) {
            die(err);
        }
    }
    loc_set_none();
}

/* ---- default devices ---- */

static DeviceState *add_device(const char *optstr, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(qemu_find_opts("device"), optstr, true,
                                     errp);
    DeviceState *dev;

    if (!opts) {
        return NULL;
    }
    dev = qdev_device_add(opts, errp);
    if (!dev) {
        qemu_opts_del(opts);
    }
    return dev;
}

/* A device the board would have made: /machine/unattached, not -device. */
static DeviceState *board_device(const char *type, const char *busname,
                                 const char *props[][2], Error **errp)
{
    BusState *bus = qbus_find_recursive(sysbus_get_default(), busname, NULL);
    DeviceState *dev = qdev_try_new(type);

    if (!dev || !bus) {
        error_setg(errp, "Bus '%s' not found", busname);
        if (dev) {
            object_unref(OBJECT(dev));
        }
        return NULL;
    }
    for (int i = 0; props[i][0]; i++) {
        if (!object_property_parse(OBJECT(dev), props[i][0], props[i][1],
                                   errp)) {
            object_unref(OBJECT(dev));
            return NULL;
        }
    }
    if (!qdev_realize_and_unref(dev, bus, errp)) {
        return NULL;
    }
    return dev;
}

static bool type_present(DriveInfo *d, const char *type, Error **errp)
{
    if (!object_class_by_name(type)) {
        error_setg(errp, "'%s' is not a valid device model name "
                   "(if=%s needs it)", type, if_name[d->type]);
        return false;
    }
    return true;
}

static QEMU_NORETURN void unsupported(DriveInfo *d)
{
    loc_set_cmdline(d->loc_opt, d->loc_arg);
    error_report("machine type does not support if=%s,bus=%d,unit=%d",
                 if_name[d->type], d->bus, d->unit);
    exit(1);
}

void blockdev_create_default_devices(void)
{
    BusState *root = sysbus_get_default();
    bool have_ide_ctrl = qbus_find_recursive(root, "ide.0", NULL) != NULL;
    bool have_pci = qbus_find_recursive(root, "pci.0", NULL) != NULL;
    Error *err = NULL;

    for (guint i = 0; drives && i < drives->len; i++) {
        DriveInfo *d = g_ptr_array_index(drives, i);
        g_autofree char *opt = NULL;
        DeviceState *dev = NULL;

        if (d->type == IF_NONE || d->claimed) {
            continue;
        }
        if (d->type == IF_VIRTIO) {
            loc_set_cmdline(d->loc_opt, d->loc_arg);
            if (!have_pci) {
                unsupported(d);
            }
            if (!type_present(d, "virtio-blk-pci", &err)) {
                die(err);
            }
            loc_set_none();
            opt = g_strdup_printf("driver=virtio-blk-pci,drive=%s", d->id);
        } else if (d->type == IF_IDE) {
            if (d->bus > 1 || !have_pci) {
                unsupported(d);
            }
            if (!have_ide_ctrl) {
                loc_set_cmdline(d->loc_opt, d->loc_arg);
                if (!type_present(d, "piix3-ide", &err)) {
                    die(err);
                }
                loc_set_none();
                if (!board_device("piix3-ide", "pci.0",
                                  (const char *[][2]){ { "addr", "01.1" },
                                                       { NULL } },
                                  &err)) {
                    die(err);
                }
                have_ide_ctrl = true;
            }
            loc_set_cmdline(d->loc_opt, d->loc_arg);
            if (!type_present(d, d->media_cd ? "ide-cd" : "ide-hd", &err)) {
                die(err);
            }
            loc_set_none();
            {
                g_autofree char *bus = g_strdup_printf("ide.%d", d->bus);
                g_autofree char *unit = g_strdup_printf("%d", d->unit);

                dev = board_device(d->media_cd ? "ide-cd" : "ide-hd", bus,
                                   (const char *[][2]){ { "unit", unit },
                                                        { "drive", d->id },
                                                        { NULL } },
                                   &err);
            }
            if (!dev) {
                die(err);
            }
            opt = NULL;
        } else {
            unsupported(d);
        }
        /* QEMU reports device errors without the -drive location. */
        if (opt) {
            dev = add_device(opt, &err);
            if (!dev) {
                die(err);
            }
        }
        d->claimed = true;
    }
    loc_set_none();
}

/* ---- the drive= property ---- */

BlockBackend *blockdev_attach_drive(const char *name, void *dev,
                                    const char *dev_type, Error **errp)
{
    BlockBackend *blk = blk_by_name(name);
    BlockDriverState *bs;

    if (!blk) {
        bs = name[0] ? bdrv_find_node(name) : NULL;
        if (!bs) {
            error_setg(errp, "Property '%s.drive' can't find value '%s'",
                       dev_type, name);
            return NULL;
        }
        blk = blk_by_root_bs(bs);
        if (blk && blk_get_attached_dev(blk)) {
            char *path = object_get_canonical_path(blk_get_attached_dev(blk));
            char *me = object_get_canonical_path(dev);

            error_setg(errp, "Permission conflict on node '%s': permissions "
                       "'write' are both required by block device '%s' "
                       "(uses node '%s' as 'root' child) and unshared by "
                       "block device '%s' (uses node '%s' as 'root' child).",
                       name, path, name, me, name);
            g_free(path);
            g_free(me);
            return NULL;
        }
        if (!blk) {
            /* an anonymous backend, freed when the device lets go */
            blk = blk_new_with_bs(bs);
        }
    } else if (blk_get_attached_dev(blk)) {
        DriveInfo *d = blk_drive_info(blk);

        if (d && d->type != IF_NONE) {
            error_setg(errp, "Drive '%s' is already in use because it has "
                       "been automatically connected to another device "
                       "(did you need 'if=none' in the drive options?)",
                       name);
        } else {
            error_setg(errp, "Drive '%s' is already in use by another "
                       "device", name);
        }
        return NULL;
    }
    blk_attach_dev(blk, dev);
    if (blk_drive_info(blk)) {
        blk_drive_info(blk)->claimed = true;
    }
    return blk;
}

void blockdev_detach_drive(BlockBackend *blk, void *dev)
{
    blk_detach_dev(blk, dev);
    if (!blk_drive_info(blk) && !blk_name(blk)[0]) {
        blk_unref(blk);
    }
}
