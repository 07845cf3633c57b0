/*
 * qemu-img: create, inspect, check, convert and modify disk images, with
 * the messages, JSON shapes and exit codes of QEMU's qemu-img.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/cutils.h"
#include "qemu/option.h"
#include "qobject/qobject.h"
#include "qobject/json.h"
#include "block/block_int.h"
#include <getopt.h>
#include <time.h>

const char *qemu_progname = "qemu-img";

static QEMU_NORETURN void usage_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "qemu-img: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'qemu-img --help' for more information\n");
    exit(EXIT_FAILURE);
}

static BlockDriverState *img_open(const char *filename, const char *fmt,
                                  int flags, bool force_share, bool quiet,
                                  const char *cache)
{
    Error *err = NULL;
    BlockDriverState *bs;

    if (force_share) {
        flags |= BDRV_O_FORCE_SHARE;
    }
    if (cache) {
        if (!strcmp(cache, "none")) {
            flags |= BDRV_O_NOCACHE;
        } else if (!strcmp(cache, "unsafe")) {
            flags |= BDRV_O_NO_FLUSH;
        } else if (!strcmp(cache, "directsync")) {
            flags |= BDRV_O_NOCACHE | BDRV_O_WRITETHROUGH;
        } else if (!strcmp(cache, "writethrough")) {
            flags |= BDRV_O_WRITETHROUGH;
        } else if (strcmp(cache, "writeback")) {
            error_report("Invalid cache option: %s", cache);
            return NULL;
        }
    }
    bs = bdrv_open(filename, fmt, NULL, flags, &err);
    if (!bs) {
        error_prepend(&err, "Could not open '%s': ", filename);
        error_report_err(err);
        return NULL;
    }
    return bs;
}

static int parse_size_arg(const char *s, int64_t *out)
{
    uint64_t v;
    const char *end;

    if (qemu_strtosz(s, &end, &v) < 0 || *end || v > INT64_MAX) {
        return -1;
    }
    *out = v;
    return 0;
}

/* ---- create ---- */

static void print_create_line(const char *filename, const char *fmt,
                              QemuOpts *opts, bool quiet)
{
    static const char *const qcow2_order[] = {
        "cluster_size", "extended_l2", "preallocation", "compression_type",
        "size", "backing_file", "backing_fmt", "compat", "lazy_refcounts",
        "refcount_bits",
    };
    static const char *const defaults[] = {
        "65536", "off", NULL, "zlib", NULL, NULL, NULL, NULL, "off", "16",
    };
    GString *line = g_string_new("");

    if (quiet) {
        return;
    }
    g_string_append_printf(line, "Formatting '%s', fmt=%s", filename, fmt);
    if (!strcmp(fmt, "qcow2")) {
        for (size_t i = 0; i < ARRAY_SIZE(qcow2_order); i++) {
            const char *k = qcow2_order[i];
            QemuOpt *o = qemu_opt_find(opts, k);
            if (!strcmp(k, "size")) {
                g_string_append_printf(line, " size=%" PRIu64,
                                       qemu_opt_get_size(opts, "size", 0));
            } else if (!strcmp(k, "cluster_size") && o) {
                g_string_append_printf(line, " cluster_size=%" PRIu64,
                                       qemu_opt_get_size(opts, k, 65536));
            } else if (o) {
                g_string_append_printf(line, " %s=%s", k, o->str);
            } else if (defaults[i]) {
                g_string_append_printf(line, " %s=%s", k, defaults[i]);
            }
        }
    } else {
        g_string_append_printf(line, " size=%" PRIu64,
                               qemu_opt_get_size(opts, "size", 0));
        if (qemu_opt_get(opts, "preallocation")) {
            g_string_append_printf(line, " preallocation=%s",
                                   qemu_opt_get(opts, "preallocation"));
        }
    }
    printf("%s\n", line->str);
    g_string_free(line, TRUE);
}

static int img_create(int argc, char **argv)
{
    const char *fmt = "raw", *base = NULL, *base_fmt = NULL, *filename;
    const char *optstr = NULL;
    bool quiet = false, unsafe = false;
    const BlockDriver *drv;
    QemuOpts *opts;
    Error *err = NULL;
    int c;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' }, { "object", required_argument, 0, 1 },
        { 0 } };

    optind = 1;
    while ((c = getopt_long(argc, argv, ":F:b:f:ho:qu", lo, NULL)) != -1) {
        switch (c) {
        case 'F': base_fmt = optarg; break;
        case 'b': base = optarg; break;
        case 'f': fmt = optarg; break;
        case 'o': optstr = optarg; break;
        case 'q': quiet = true; break;
        case 'u': unsafe = true; break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    if (optind >= argc) {
        usage_error("Expecting image file name");
    }
    filename = argv[optind++];
    drv = bdrv_find_format(fmt);
    if (!drv || !drv->create) {
        error_report("Unknown file format '%s'", fmt);
        return 1;
    }
    opts = qemu_opts_create(drv->create_opts ? drv->create_opts :
                            bdrv_file.create_opts, NULL, 0, &error_abort);
    if (optstr && !qemu_opts_do_parse(opts, optstr, NULL, &err)) {
        error_report_err(err);
        return 1;
    }
    if (base) {
        qemu_opt_set(opts, "backing_file", base, NULL);
    }
    if (base_fmt) {
        qemu_opt_set(opts, "backing_fmt", base_fmt, NULL);
    }
    if (optind < argc) {
        int64_t sz;
        if (parse_size_arg(argv[optind], &sz) < 0) {
            error_report("Invalid image size specified. You may use k, M, G, "
                         "T, P or E suffixes for");
            error_report("kilobytes, megabytes, gigabytes, terabytes, "
                         "petabytes and exabytes.");
            return 1;
        }
        qemu_opt_set_number(opts, "size", sz, NULL);
        optind++;
    }
    if (optind != argc) {
        usage_error("Unexpected argument: %s", argv[optind]);
    }
    base = qemu_opt_get(opts, "backing_file");
    if (base && drv->supports_backing) {
        const char *bf = qemu_opt_get(opts, "backing_fmt");
        char *full = bdrv_get_full_backing_filename(filename, base);
        BlockDriverState *bbs;

        if (!bf && !unsafe) {
            error_report("Backing file specified without backing format");
            fprintf(stderr, "Detected format of %s.\n",
                    bdrv_probe_format(full, NULL) ?: "raw");
            g_free(full);
            return 1;
        }
        bbs = bdrv_open(full, bf, NULL, BDRV_O_NO_BACKING, &err);
        if (bbs) {
            if (!qemu_opt_find(opts, "size")) {
                qemu_opt_set_number(opts, "size", bdrv_getlength(bbs), NULL);
            }
            bdrv_unref(bbs);
        } else if (!unsafe) {
            error_prepend(&err, "Could not open backing image: ");
            error_report_err(err);
            g_free(full);
            return 1;
        } else {
            error_free(err);
            err = NULL;
        }
        g_free(full);
        goto have_size;
    }
    if (!qemu_opt_find(opts, "size")) {
        error_report("Image creation needs a size parameter");
        return 1;
    }
have_size:
    if (!qemu_opt_find(opts, "size")) {
        error_report("Image creation needs a size parameter");
        return 1;
    }
    print_create_line(filename, fmt, opts, quiet);
    if (bdrv_create(drv, filename, opts, &err) < 0) {
        error_prepend(&err, "%s: ", filename);
        error_report_err(err);
        return 1;
    }
    return 0;
}

/* ---- info ---- */

static QDict *collect_info(BlockDriverState *bs, const char *filename)
{
    QDict *d = qdict_new();
    int64_t asz = bdrv_get_allocated_file_size(bs);
    int cs = bdrv_get_cluster_size(bs);
    QDict *spec = bdrv_get_specific_info(bs);
    QEMUSnapshotInfo *sn = NULL;
    int nsn = bdrv_snapshot_list(bs, &sn);

    if (bs->backing_format[0]) {
        qdict_put_str(d, "backing-filename-format", bs->backing_format);
    }
    qdict_put_int(d, "virtual-size", bdrv_getlength(bs));
    qdict_put_str(d, "filename", filename);
    if (cs) {
        qdict_put_int(d, "cluster-size", cs);
    }
    qdict_put_str(d, "format", bdrv_get_format_name(bs));
    if (asz >= 0) {
        qdict_put_int(d, "actual-size", asz);
    }
    if (nsn > 0) {
        QList *l = qlist_new();
        for (int i = 0; i < nsn; i++) {
            QDict *e = qdict_new();
            qdict_put_int(e, "icount", sn[i].icount == (uint64_t)-1 ? 0 :
                          sn[i].icount);
            qdict_put_int(e, "vm-clock-nsec", sn[i].vm_clock_nsec % 1000000000);
            qdict_put_str(e, "name", sn[i].name);
            qdict_put_int(e, "date-sec", sn[i].date_sec);
            qdict_put_int(e, "date-nsec", sn[i].date_nsec);
            qdict_put_int(e, "vm-clock-sec", sn[i].vm_clock_nsec / 1000000000);
            qdict_put_str(e, "id", sn[i].id_str);
            qdict_put_int(e, "vm-state-size", sn[i].vm_state_size);
            qlist_append_obj(l, QOBJECT(e));
        }
        qdict_put_obj(d, "snapshots", QOBJECT(l));
    }
    g_free(sn);
    if (spec) {
        QDict *fs = qdict_new();
        qdict_put_str(fs, "type", bdrv_get_format_name(bs));
        qdict_put_obj(fs, "data", QOBJECT(spec));
        qdict_put_obj(d, "format-specific", QOBJECT(fs));
    }
    if (bs->backing_file[0]) {
        char *full = bdrv_get_full_backing_filename(filename,
                                                    bs->backing_file);
        qdict_put_str(d, "full-backing-filename", full);
        qdict_put_str(d, "backing-filename", bs->backing_file);
        g_free(full);
    }
    qdict_put_bool(d, "dirty-flag", bdrv_is_dirty_image(bs));
    return d;
}

static char *human_size(int64_t v)
{
    return size_to_str(v);
}

static void print_snapshot_table(QEMUSnapshotInfo *sn, int n)
{
    printf("%-10s%-17s%8s%20s%13s%11s\n", "ID", "TAG", "VM SIZE", "DATE",
           "VM CLOCK", "ICOUNT");
    for (int i = 0; i < n; i++) {
        char date[64], clock[64];
        time_t t = sn[i].date_sec;
        struct tm tm;
        uint64_t secs = sn[i].vm_clock_nsec / 1000000000;
        char *vs = size_to_str(sn[i].vm_state_size);

        localtime_r(&t, &tm);
        strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
        snprintf(clock, sizeof(clock), "%02d:%02d:%02d.%03d",
                 (int)(secs / 3600), (int)((secs / 60) % 60),
                 (int)(secs % 60),
                 (int)((sn[i].vm_clock_nsec / 1000000) % 1000));
        printf("%-9s %-16s %8s%20s%13s", sn[i].id_str, sn[i].name, vs, date,
               clock);
        if (sn[i].icount != (uint64_t)-1) {
            printf("%11" PRIu64, sn[i].icount);
        } else {
            printf("%11s", "");
        }
        printf("\n");
        g_free(vs);
    }
}

static void print_human_info(QDict *d, BlockDriverState *bs)
{
    char *vs = human_size(qdict_get_int(d, "virtual-size"));
    QObject *spec = NULL;
    QEMUSnapshotInfo *sn = NULL;
    int nsn;

    printf("image: %s\n", qdict_get_str(d, "filename"));
    printf("file format: %s\n", qdict_get_str(d, "format"));
    printf("virtual size: %s (%" PRId64 " bytes)\n", vs,
           qdict_get_int(d, "virtual-size"));
    g_free(vs);
    if (qdict_haskey(d, "actual-size")) {
        char *as = human_size(qdict_get_int(d, "actual-size"));
        printf("disk size: %s\n", as);
        g_free(as);
    } else {
        printf("disk size: unavailable\n");
    }
    if (qdict_haskey(d, "cluster-size")) {
        printf("cluster_size: %" PRId64 "\n", qdict_get_int(d, "cluster-size"));
    }
    if (qdict_get_try_bool(d, "dirty-flag", false)) {
        printf("cleanly shut down: no\n");
    }
    if (qdict_haskey(d, "backing-filename")) {
        const char *b = qdict_get_str(d, "backing-filename");
        const char *f = qdict_get_str(d, "full-backing-filename");
        printf("backing file: %s", b);
        if (strcmp(b, f)) {
            printf(" (actual path: %s)", f);
        }
        printf("\n");
    }
    if (qdict_haskey(d, "backing-filename-format")) {
        printf("backing file format: %s\n",
               qdict_get_str(d, "backing-filename-format"));
    }
    nsn = bdrv_snapshot_list(bs, &sn);
    if (nsn > 0) {
        printf("Snapshot list:\n");
        print_snapshot_table(sn, nsn);
    }
    g_free(sn);
    if (qdict_haskey(d, "format-specific")) {
        QDict *fs = qobject_to(QDict, qdict_get(d, "format-specific"));
        QDict *data = qobject_to(QDict, qdict_get(fs, "data"));
        spec = QOBJECT(data);
        printf("Format specific information:\n");
        for (const QDictEntry *e = qdict_first(data); e;
             e = qdict_next(data, e)) {
            char *key = g_strdup(qdict_entry_key(e));
            QObject *v = qdict_entry_value(e);
            for (char *p = key; *p; p++) {
                if (*p == '-') {
                    *p = ' ';
                }
            }
            printf("    %s: ", key);
            switch (qobject_type(v)) {
            case QTYPE_QSTRING:
                printf("%s\n", qstring_get_str(qobject_to(QString, v)));
                break;
            case QTYPE_QBOOL:
                printf("%s\n", qbool_get_bool(qobject_to(QBool, v)) ?
                       "true" : "false");
                break;
            case QTYPE_QNUM:
                printf("%" PRId64 "\n", qnum_get_int(qobject_to(QNum, v)));
                break;
            default:
                printf("\n");
            }
            g_free(key);
        }
    }
    (void)spec;
}

static void print_json(QObject *o)
{
    char *s = qobject_to_json_pretty(o);
    printf("%s\n", s);
    g_free(s);
}

static int img_info(int argc, char **argv)
{
    const char *fmt = NULL, *output = "human", *filename;
    bool chain = false, force_share = false;
    int c;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' }, { "format", required_argument, 0, 'f' },
        { "output", required_argument, 0, 2 },
        { "backing-chain", no_argument, 0, 3 },
        { "force-share", no_argument, 0, 'U' },
        { "image-opts", no_argument, 0, 4 }, { 0 } };
    QList *list = qlist_new();
    BlockDriverState *bs, *top;
    GPtrArray *seen = g_ptr_array_new_with_free_func(g_free);

    optind = 1;
    while ((c = getopt_long(argc, argv, ":f:hU", lo, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 2: output = optarg; break;
        case 3: chain = true; break;
        case 'U': force_share = true; break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    if (optind != argc - 1) {
        usage_error("Expecting one image file name");
    }
    if (strcmp(output, "json") && strcmp(output, "human")) {
        error_report("--output must be used with human or json as argument.");
        return 1;
    }
    filename = argv[optind];
    top = img_open(filename, fmt, chain ? 0 : BDRV_O_NO_BACKING, force_share,
                   false, NULL);
    if (!top) {
        return 1;
    }
    bs = top;
    bdrv_ref(bs);
    for (const char *fn = filename; bs;) {
        QDict *d = collect_info(bs, fn);
        char *real = realpath(fn, NULL);

        if (real) {
            for (guint i = 0; i < seen->len; i++) {
                if (!strcmp(seen->pdata[i], real)) {
                    error_report("Backing file '%s' creates an infinite loop.",
                                 fn);
                    free(real);
                    return 1;
                }
            }
            g_ptr_array_add(seen, g_strdup(real));
            free(real);
        }
        if (!strcmp(output, "human")) {
            if (list->entries.length || !qlist_empty(list)) {
                printf("\n");
            }
            print_human_info(d, bs);
            qlist_append_obj(list, QOBJECT(d));
        } else {
            qlist_append_obj(list, QOBJECT(d));
        }
        if (!chain || !bs->backing_file[0]) {
            bdrv_unref(bs);
            break;
        }
        {
            char *full = bdrv_get_full_backing_filename(fn, bs->backing_file);
            const char *bfmt = bs->backing_format[0] ? bs->backing_format
                                                      : NULL;
            BlockDriverState *next;
            bool loop = false;
            char *r2 = realpath(full, NULL);
            for (guint i = 0; r2 && i < seen->len; i++) {
                loop |= !strcmp(seen->pdata[i], r2);
            }
            free(r2);
            if (loop) {
                error_report("Backing file '%s' creates an infinite loop.",
                             full);
                return 1;
            }
            next = img_open(full, bfmt, BDRV_O_NO_BACKING, force_share,
                            false, NULL);
            bdrv_unref(bs);
            if (!next) {
                return 1;
            }
            bs = next;
            fn = g_strdup(full);   /* lives until exit */
            g_free(full);
        }
    }
    if (!strcmp(output, "json")) {
        if (chain) {
            print_json(QOBJECT(list));
        } else {
            print_json(qlist_entry_obj(list->entries.head));
        }
    }
    bdrv_unref(top);
    return 0;
}

/* ---- check ---- */

static int img_check(int argc, char **argv)
{
    const char *fmt = NULL, *output = "human", *filename, *cache = NULL;
    bool force_share = false, quiet = false;
    int fix = 0, c, ret, flags = BDRV_O_CHECK;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' }, { "format", required_argument, 0, 'f' },
        { "repair", required_argument, 0, 'r' },
        { "output", required_argument, 0, 2 },
        { "force-share", no_argument, 0, 'U' }, { 0 } };
    BlockDriverState *bs;
    BdrvCheckResult r;

    optind = 1;
    while ((c = getopt_long(argc, argv, ":hf:r:T:qU", lo, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'r':
            flags |= BDRV_O_RDWR;
            if (!strcmp(optarg, "leaks")) {
                fix = BDRV_FIX_LEAKS;
            } else if (!strcmp(optarg, "all")) {
                fix = BDRV_FIX_LEAKS | BDRV_FIX_ERRORS;
            } else {
                usage_error("Unknown option value for -r (expecting 'leaks' "
                            "or 'all'): %s", optarg);
            }
            break;
        case 2: output = optarg; break;
        case 'T': cache = optarg; break;
        case 'q': quiet = true; break;
        case 'U': force_share = true; break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    if (optind != argc - 1) {
        usage_error("Expecting one image file name");
    }
    if (strcmp(output, "json") && strcmp(output, "human")) {
        error_report("--output must be used with human or json as argument.");
        return 1;
    }
    filename = argv[optind];
    bs = img_open(filename, fmt, flags | BDRV_O_NO_BACKING, force_share,
                  quiet, cache);
    if (!bs) {
        return 1;
    }
    if (!bs->drv->check) {
        if (!strcmp(output, "human")) {
            error_report("This image format does not support checks");
        }
        bdrv_unref(bs);
        return 63;
    }
    ret = bdrv_check(bs, &r, fix);
    if (fix && (r.leaks_fixed || r.corruptions_fixed)) {
        BdrvCheckResult r2;
        if (!strcmp(output, "human") && !quiet) {
            printf("The following inconsistencies were found and repaired:"
                   "\n\n    %d leaked clusters\n    %d corruptions\n\n"
                   "Double checking the fixed image now...\n",
                   r.leaks_fixed, r.corruptions_fixed);
        }
        int lf = r.leaks_fixed, cf = r.corruptions_fixed;
        ret = bdrv_check(bs, &r2, 0);
        r = r2;
        r.leaks_fixed = lf;
        r.corruptions_fixed = cf;
    }
    if (ret < 0 && !r.check_errors) {
        r.check_errors = 1;
    }
    if (!strcmp(output, "json")) {
        QDict *d = qdict_new();
        if (r.image_end_offset) {
            qdict_put_int(d, "image-end-offset", r.image_end_offset);
        }
        if (r.corruptions) {
            qdict_put_int(d, "corruptions", r.corruptions);
        }
        if (r.leaks) {
            qdict_put_int(d, "leaks", r.leaks);
        }
        if (r.corruptions_fixed) {
            qdict_put_int(d, "corruptions-fixed", r.corruptions_fixed);
        }
        if (r.leaks_fixed) {
            qdict_put_int(d, "leaks-fixed", r.leaks_fixed);
        }
        if (r.total_clusters) {
            qdict_put_int(d, "total-clusters", r.total_clusters);
        }
        if (r.allocated_clusters) {
            qdict_put_int(d, "allocated-clusters", r.allocated_clusters);
        }
        if (r.fragmented_clusters) {
            qdict_put_int(d, "fragmented-clusters", r.fragmented_clusters);
        }
        if (r.compressed_clusters) {
            qdict_put_int(d, "compressed-clusters", r.compressed_clusters);
        }
        qdict_put_int(d, "check-errors", r.check_errors);
        qdict_put_str(d, "filename", filename);
        qdict_put_str(d, "format", bdrv_get_format_name(bs));
        print_json(QOBJECT(d));
    } else if (!quiet) {
        if (!r.corruptions && !r.leaks && !r.check_errors) {
            printf("No errors were found on the image.\n");
        } else {
            if (r.corruptions) {
                printf("\n%d errors were found on the image.\nData may be "
                       "corrupted, or further writes to the image may "
                       "corrupt it.\n", r.corruptions);
            }
            if (r.leaks) {
                printf("\n%d leaked clusters were found on the image.\nThis "
                       "means waste of disk space, but no harm to data.\n",
                       r.leaks);
            }
            if (r.check_errors) {
                printf("\n%d internal errors have occurred during the check."
                       "\n", r.check_errors);
            }
        }
        if (r.total_clusters && r.allocated_clusters) {
            printf("%" PRId64 "/%" PRId64 " = %0.2f%% allocated, %0.2f%% "
                   "fragmented, %0.2f%% compressed clusters\n",
                   r.allocated_clusters, r.total_clusters,
                   r.allocated_clusters * 100.0 / r.total_clusters,
                   r.fragmented_clusters * 100.0 / r.allocated_clusters,
                   r.compressed_clusters * 100.0 / r.allocated_clusters);
        }
        if (r.image_end_offset) {
            printf("Image end offset: %" PRId64 "\n", r.image_end_offset);
        }
    }
    bdrv_unref(bs);
    if (r.check_errors) {
        return 1;
    }
    if (r.corruptions) {
        return 2;
    }
    if (r.leaks) {
        return 3;
    }
    return 0;
}

/* ---- convert ---- */

static int img_convert(int argc, char **argv)
{
    const char *fmt = NULL, *out_fmt = "raw", *optstr = NULL, *cache = NULL;
    const char *src_cache = NULL, *out_base = NULL;
    bool compress = false, progress = false, quiet = false, skip_create = false;
    bool force_share = false;
    int64_t min_sparse = 4096;
    int c, ret = 0;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' },
        { "force-share", no_argument, 0, 'U' }, { 0 } };
    BlockDriverState **src;
    BlockDriverState *out;
    int nsrc;
    int64_t total = 0, done = 0;
    const BlockDriver *drv;
    QemuOpts *opts;
    Error *err = NULL;
    const char *out_filename;
    uint8_t *buf;
    int64_t bufsize = 2 * MiB;
    int cluster_size;

    optind = 1;
    while ((c = getopt_long(argc, argv, ":hf:O:B:Cco:l:S:pt:T:qnm:WUr:",
                            lo, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'O': out_fmt = optarg; break;
        case 'B': out_base = optarg; break;
        case 'c': compress = true; break;
        case 'o': optstr = optarg; break;
        case 'S':
            if (parse_size_arg(optarg, &min_sparse) < 0 ||
                min_sparse % 512) {
                error_report("Invalid buffer size for sparse output "
                             "specified. Valid sizes are multiples of 512 up "
                             "to 16M.");
                return 1;
            }
            break;
        case 'p': progress = true; break;
        case 't': cache = optarg; break;
        case 'T': src_cache = optarg; break;
        case 'q': quiet = true; break;
        case 'n': skip_create = true; break;
        case 'm': case 'r': case 'C': case 'l': break;
        case 'W': break;
        case 'U': force_share = true; break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    if (quiet) {
        progress = false;
    }
    nsrc = argc - optind - 1;
    if (nsrc < 1) {
        usage_error("Must specify image file name");
    }
    out_filename = argv[argc - 1];
    src = g_new0(BlockDriverState *, nsrc);
    for (int i = 0; i < nsrc; i++) {
        src[i] = img_open(argv[optind + i], fmt, 0, force_share, quiet,
                          src_cache);
        if (!src[i]) {
            return 1;
        }
        total += bdrv_getlength(src[i]);
    }
    drv = bdrv_find_format(out_fmt);
    if (!drv || !drv->create) {
        error_report("Unknown file format '%s'", out_fmt);
        return 1;
    }
    if (compress && drv != &bdrv_qcow2) {
        error_report("Compression not supported for this file format");
        return 1;
    }
    if (!skip_create) {
        opts = qemu_opts_create(drv->create_opts ? drv->create_opts :
                                bdrv_file.create_opts, NULL, 0, &error_abort);
        if (optstr && !qemu_opts_do_parse(opts, optstr, NULL, &err)) {
            error_report_err(err);
            return 1;
        }
        if (out_base) {
            qemu_opt_set(opts, "backing_file", out_base, NULL);
        }
        qemu_opt_set_number(opts, "size", total, NULL);
        if (bdrv_create(drv, out_filename, opts, &err) < 0) {
            error_prepend(&err, "%s: error while converting %s: ",
                          out_filename, out_fmt);
            error_report_err(err);
            return 1;
        }
    }
    out = img_open(out_filename, out_fmt, BDRV_O_RDWR |
                   (out_base ? 0 : BDRV_O_NO_BACKING), false, quiet,
                   cache ? cache : "unsafe");
    if (!out) {
        return 1;
    }
    if (skip_create && bdrv_getlength(out) < total) {
        error_report("Target image is too small");
        return 1;
    }
    cluster_size = bdrv_get_cluster_size(out);
    if (compress) {
        bufsize = cluster_size;
    } else if (cluster_size > bufsize) {
        bufsize = cluster_size;
    }
    buf = g_malloc(bufsize);
    if (progress) {
        printf("    (%.2f/100%%)\r", 0.0);
        fflush(stdout);
    }
    {
        int64_t out_off = 0;
        bool zero_init = !skip_create && bdrv_has_zero_init(out) && !out_base;
        for (int i = 0; i < nsrc && ret == 0; i++) {
            int64_t len = bdrv_getlength(src[i]);
            for (int64_t off = 0; off < len && ret == 0;) {
                int64_t pnum, map, n;
                BlockDriverState *file;
                int st = bdrv_block_status_above(src[i], NULL, off,
                                                 MIN(len - off, 1 * GiB),
                                                 &pnum, &map, &file, NULL);
                if (st < 0) {
                    ret = st;
                    error_report("error while reading block status at offset "
                                 "%" PRId64 ": %s", off, strerror(-st));
                    break;
                }
                if (pnum <= 0) {
                    pnum = len - off;
                }
                if (compress) {
                    /* Whole clusters; zero ones are detected after reading */
                    pnum = MIN((int64_t)cluster_size, len - off);
                    st = BDRV_BLOCK_DATA;
                }
                n = MIN(pnum, bufsize);
                if (!(st & BDRV_BLOCK_DATA) && (st & BDRV_BLOCK_ZERO)) {
                    if (!zero_init) {
                        ret = bdrv_pwrite_zeroes(out, out_off + off, pnum,
                                                 BDRV_REQ_MAY_UNMAP);
                    }
                    done += pnum;
                    off += pnum;
                    continue;
                }
                ret = bdrv_pread(src[i], off, n, buf);
                if (ret < 0) {
                    error_report("error while reading at byte %" PRId64 ": %s",
                                 off, strerror(-ret));
                    break;
                }
                if (compress) {
                    if (!buffer_is_zero(buf, n)) {
                        ret = bdrv_pwrite(out, out_off + off, n, buf,
                                          BDRV_REQ_WRITE_COMPRESSED);
                    }
                } else if (min_sparse) {
                    /* Skip zero chunks of min_sparse bytes. */
                    for (int64_t p = 0; p < n && ret == 0;) {
                        int64_t m = MIN(n - p, min_sparse);
                        bool z = buffer_is_zero(buf + p, m);
                        int64_t q = p + m;
                        while (q < n && buffer_is_zero(buf + q,
                                   MIN(n - q, min_sparse)) == z) {
                            q += MIN(n - q, min_sparse);
                        }
                        if (!z) {
                            ret = bdrv_pwrite(out, out_off + off + p, q - p,
                                              buf + p, 0);
                        } else if (!zero_init) {
                            ret = bdrv_pwrite_zeroes(out, out_off + off + p,
                                                     q - p, 0);
                        }
                        p = q;
                    }
                } else {
                    ret = bdrv_pwrite(out, out_off + off, n, buf, 0);
                }
                if (ret < 0) {
                    error_report("error while writing at byte %" PRId64 ": %s",
                                 out_off + off, strerror(-ret));
                    break;
                }
                off += n;
                done += n;
                if (progress) {
                    printf("    (%.2f/100%%)\r", total ? done * 100.0 / total
                                                        : 100.0);
                    fflush(stdout);
                }
            }
            out_off += len;
        }
    }
    if (ret == 0) {
        ret = bdrv_flush(out);
    }
    if (progress && ret == 0) {
        printf("    (%.2f/100%%)\r", 100.0);
        printf("\n");
    }
    g_free(buf);
    bdrv_unref(out);
    for (int i = 0; i < nsrc; i++) {
        bdrv_unref(src[i]);
    }
    return ret < 0 ? 1 : 0;
}

/* ---- resize ---- */

static int img_resize(int argc, char **argv)
{
    const char *fmt = NULL, *filename, *sizearg;
    bool shrink = false, quiet = false;
    const char *prealloc_str = NULL;
    int relative = 0, c, prealloc = PREALLOC_MODE_OFF;
    int64_t n, cur, total;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' },
        { "preallocation", required_argument, 0, 2 },
        { "shrink", no_argument, 0, 3 }, { 0 } };
    BlockDriverState *bs;
    Error *err = NULL;

    /* "-1G" is a size, not an option */
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && g_ascii_isdigit(argv[i][1])) {
            argv[i][0] = '\x01';
        }
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, ":f:hq", lo, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 2: prealloc_str = optarg; break;
        case 3: shrink = true; break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    if (optind != argc - 2) {
        usage_error("Expecting image file name and size");
    }
    filename = argv[optind];
    sizearg = argv[optind + 1];
    if (sizearg[0] == '\x01') {
        relative = -1;
        sizearg++;
    } else if (sizearg[0] == '+') {
        relative = 1;
        sizearg++;
    }
    if (parse_size_arg(sizearg, &n) < 0) {
        error_report("Invalid size specified. You may use k, M, G, T, P or E "
                     "suffixes for ");
        error_report("kilobytes, megabytes, gigabytes, terabytes, petabytes "
                     "and exabytes.");
        return 1;
    }
    if (prealloc_str) {
        prealloc = prealloc_mode_parse(prealloc_str, &err);
        if (prealloc < 0) {
            error_report_err(err);
            return 1;
        }
    }
    bs = img_open(filename, fmt, BDRV_O_RDWR, false, quiet, NULL);
    if (!bs) {
        return 1;
    }
    cur = bdrv_getlength(bs);
    total = relative ? cur + relative * n : n;
    if (total < 0) {
        error_report("New image size must be positive");
        bdrv_unref(bs);
        return 1;
    }
    if (total < cur && !shrink) {
        error_report("Use the --shrink option to perform a shrink operation.");
        warn_report("Shrinking an image will delete all data beyond the "
                    "shrunken image's end. Before performing such an "
                    "operation, make sure there is no important data there.");
        bdrv_unref(bs);
        return 1;
    }
    if (bdrv_truncate(bs, total, true, prealloc, &err) < 0) {
        error_report_err(err);
        bdrv_unref(bs);
        return 1;
    }
    bdrv_unref(bs);
    if (!quiet) {
        printf("Image resized.\n");
    }
    return 0;
}

/* ---- snapshot ---- */

static int img_snapshot(int argc, char **argv)
{
    int action = 0, c, ret = 0;
    const char *name = NULL, *fmt = NULL;
    bool force_share = false, quiet = false;
    BlockDriverState *bs;
    Error *err = NULL;

    optind = 1;
    while ((c = getopt(argc, argv, ":la:c:d:f:hqU")) != -1) {
        switch (c) {
        case 'l': action = 'l'; break;
        case 'a': case 'c': case 'd':
            if (action) {
                usage_error("Cannot mix '-l', '-a', '-c', '-d'");
            }
            action = c;
            name = optarg;
            break;
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 'U': force_share = true; break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        default: usage_error("unrecognized option");
        }
    }
    if (optind != argc - 1) {
        usage_error("Expecting one image file name");
    }
    bs = img_open(argv[optind], fmt, action == 'l' ? 0 : BDRV_O_RDWR,
                  force_share, quiet, NULL);
    if (!bs) {
        return 1;
    }
    switch (action) {
    case 'l': {
        QEMUSnapshotInfo *sn = NULL;
        int n = bdrv_snapshot_list(bs, &sn);
        if (n > 0) {
            printf("Snapshot list:\n");
            print_snapshot_table(sn, n);
        }
        g_free(sn);
        break;
    }
    case 'c': {
        QEMUSnapshotInfo sn = { 0 };
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        pstrcpy(sn.name, sizeof(sn.name), name);
        sn.date_sec = ts.tv_sec;
        sn.date_nsec = ts.tv_nsec;
        sn.icount = 0;
        ret = bdrv_snapshot_create(bs, &sn, &err);
        if (ret < 0) {
            error_prepend(&err, "Could not create snapshot '%s': ", name);
            error_report_err(err);
        }
        break;
    }
    case 'a':
        ret = bdrv_snapshot_goto(bs, name, &err);
        if (ret < 0) {
            error_prepend(&err, "Could not apply snapshot '%s': ", name);
            error_report_err(err);
        }
        break;
    case 'd':
        ret = bdrv_snapshot_delete(bs, name, &err);
        if (ret < 0) {
            error_prepend(&err, "Could not delete snapshot '%s': ", name);
            error_report_err(err);
        }
        break;
    default: {
        QEMUSnapshotInfo *sn = NULL;
        int n = bdrv_snapshot_list(bs, &sn);
        if (n > 0) {
            printf("Snapshot list:\n");
            print_snapshot_table(sn, n);
        }
        g_free(sn);
    }
    }
    bdrv_unref(bs);
    return ret < 0 ? 1 : 0;
}

/* ---- map ---- */

static int img_map(int argc, char **argv)
{
    const char *fmt = NULL, *output = "human";
    bool force_share = false;
    int c;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' }, { "output", required_argument, 0, 2 },
        { "force-share", no_argument, 0, 'U' }, { 0 } };
    BlockDriverState *bs;
    int64_t len;
    struct { int64_t start, length, offset; int depth, flags; bool valid; }
        cur = { 0 };
    bool first = true;

    optind = 1;
    while ((c = getopt_long(argc, argv, ":f:hU", lo, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 2: output = optarg; break;
        case 'U': force_share = true; break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    if (optind != argc - 1) {
        usage_error("Expecting one image file name");
    }
    bs = img_open(argv[optind], fmt, 0, force_share, false, NULL);
    if (!bs) {
        return 1;
    }
    len = bdrv_getlength(bs);
    if (!strcmp(output, "human")) {
        printf("%-16s%-16s%-16s%s\n", "Offset", "Length", "Mapped to", "File");
    }
    for (int64_t off = 0; off <= len;) {
        int64_t pnum = 0, map = 0;
        BlockDriverState *file = NULL;
        int depth = 0, st = 0;
        bool flush;

        if (off < len) {
            st = bdrv_block_status_above(bs, NULL, off, MIN(len - off, GiB),
                                         &pnum, &map, &file, &depth);
            if (st < 0) {
                error_report("Could not read file metadata: %s",
                             strerror(-st));
                return 1;
            }
            if (!(st & BDRV_BLOCK_ALLOCATED) && !(st & BDRV_BLOCK_DATA)) {
                depth = 0;
                if (st & BDRV_BLOCK_ZERO) {
                    /* end of chain: count the depth as QEMU does */
                    for (BlockDriverState *p = bs; p->backing; p = p->backing) {
                        depth++;
                    }
                }
            }
        }
        flush = off == len || !cur.valid || cur.flags != (st & 0x17) ||
                cur.depth != depth ||
                ((st & BDRV_BLOCK_OFFSET_VALID) &&
                 cur.offset + cur.length != map);
        if (flush && cur.valid) {
            if (!strcmp(output, "json")) {
                printf("%s{ \"start\": %" PRId64 ", \"length\": %" PRId64
                       ", \"depth\": %d, \"present\": %s, \"zero\": %s, "
                       "\"data\": %s", first ? "[" : ",\n", cur.start,
                       cur.length, cur.depth,
                       (cur.flags & (BDRV_BLOCK_ALLOCATED | BDRV_BLOCK_DATA))
                       ? "true" : "false",
                       (cur.flags & BDRV_BLOCK_ZERO) ? "true" : "false",
                       (cur.flags & BDRV_BLOCK_DATA) ? "true" : "false");
                if (cur.flags & BDRV_BLOCK_OFFSET_VALID) {
                    printf(", \"offset\": %" PRId64, cur.offset);
                }
                printf("}");
                first = false;
            } else if ((cur.flags & BDRV_BLOCK_DATA) &&
                       (cur.flags & BDRV_BLOCK_OFFSET_VALID)) {
                printf("%#-16" PRIx64 "%#-16" PRIx64 "%#-16" PRIx64 "%s\n",
                       cur.start, cur.length, cur.offset, argv[optind]);
            }
            cur.valid = false;
        }
        if (off == len) {
            break;
        }
        if (cur.valid) {
            cur.length += pnum;
        } else {
            cur.valid = true;
            cur.start = off;
            cur.length = pnum;
            cur.offset = map;
            cur.flags = st & 0x17;
            cur.depth = depth;
        }
        off += pnum;
    }
    if (!strcmp(output, "json")) {
        printf("%s]\n", first ? "[" : "");
    }
    bdrv_unref(bs);
    return 0;
}

/* ---- compare ---- */

static int img_compare(int argc, char **argv)
{
    const char *fmt1 = NULL, *fmt2 = NULL;
    bool strict = false, quiet = false, force_share = false;
    int c, ret = 0;
    BlockDriverState *a, *b;
    int64_t la, lb, common;
    uint8_t *b1, *b2;
    const int64_t chunk = 1 * MiB;

    optind = 1;
    while ((c = getopt(argc, argv, ":hf:F:T:pqsU")) != -1) {
        switch (c) {
        case 'f': fmt1 = optarg; break;
        case 'F': fmt2 = optarg; break;
        case 's': strict = true; break;
        case 'q': quiet = true; break;
        case 'U': force_share = true; break;
        case 'p': case 'T': break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        default: usage_error("unrecognized option");
        }
    }
    if (optind != argc - 2) {
        error_report("Expecting two image file names");
        return 2;
    }
    a = img_open(argv[optind], fmt1, 0, force_share, quiet, NULL);
    if (!a) {
        return 2;
    }
    b = img_open(argv[optind + 1], fmt2, 0, force_share, quiet, NULL);
    if (!b) {
        return 2;
    }
    la = bdrv_getlength(a);
    lb = bdrv_getlength(b);
    if (strict && la != lb) {
        if (!quiet) {
            printf("Strict mode: Image size mismatch!\n");
        }
        return 1;
    }
    common = MIN(la, lb);
    b1 = g_malloc(chunk);
    b2 = g_malloc(chunk);
    for (int64_t off = 0; off < common && ret == 0; off += chunk) {
        int64_t n = MIN(chunk, common - off);
        if (bdrv_pread(a, off, n, b1) < 0 || bdrv_pread(b, off, n, b2) < 0) {
            error_report("Error while reading offset %" PRId64, off);
            return 4;
        }
        if (memcmp(b1, b2, n)) {
            for (int64_t i = 0; i < n; i++) {
                if (b1[i] != b2[i]) {
                    if (!quiet) {
                        printf("Content mismatch at offset %" PRId64 "!\n",
                               QEMU_ALIGN_DOWN(off + i, 512));
                    }
                    ret = 1;
                    break;
                }
            }
        }
    }
    if (ret == 0 && la != lb) {
        BlockDriverState *big = la > lb ? a : b;
        int64_t blen = MAX(la, lb);
        if (!quiet) {
            printf("Warning: Image size mismatch!\n");
        }
        for (int64_t off = common; off < blen && ret == 0; off += chunk) {
            int64_t n = MIN(chunk, blen - off);
            if (bdrv_pread(big, off, n, b1) < 0) {
                return 4;
            }
            for (int64_t i = 0; i < n; i++) {
                if (b1[i]) {
                    if (!quiet) {
                        printf("Content mismatch at offset %" PRId64 "!\n",
                               QEMU_ALIGN_DOWN(off + i, 512));
                    }
                    ret = 1;
                    break;
                }
            }
        }
    }
    if (ret == 0 && !quiet) {
        printf("Images are identical.\n");
    }
    g_free(b1);
    g_free(b2);
    bdrv_unref(a);
    bdrv_unref(b);
    return ret;
}

/* ---- commit ---- */

static int img_commit(int argc, char **argv)
{
    const char *fmt = NULL, *cache = NULL;
    bool drop = false, quiet = false;
    int c, ret = 0;
    BlockDriverState *bs, *base;
    Error *err = NULL;
    uint8_t *buf;
    int64_t len;

    optind = 1;
    while ((c = getopt(argc, argv, ":f:ht:b:dpqr:")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 't': cache = optarg; break;
        case 'd': drop = true; break;
        case 'q': quiet = true; break;
        case 'b': case 'p': case 'r': break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        default: usage_error("unrecognized option");
        }
    }
    if (optind != argc - 1) {
        usage_error("Expecting one image file name");
    }
    bs = img_open(argv[optind], fmt, BDRV_O_RDWR | BDRV_O_NO_BACKING, false,
                  quiet, cache);
    if (!bs) {
        return 1;
    }
    if (!bs->backing_file[0]) {
        error_report("Image does not have a backing file");
        return 1;
    }
    {
        char *full = bdrv_get_full_backing_filename(argv[optind],
                                                    bs->backing_file);
        base = bdrv_open(full, bs->backing_format[0] ? bs->backing_format
                         : NULL, NULL, BDRV_O_RDWR, &err);
        g_free(full);
    }
    if (!base) {
        error_report_err(err);
        return 1;
    }
    len = bdrv_getlength(bs);
    if (bdrv_getlength(base) < len &&
        bdrv_truncate(base, len, false, PREALLOC_MODE_OFF, &err) < 0) {
        error_report_err(err);
        return 1;
    }
    buf = g_malloc(2 * MiB);
    for (int64_t off = 0; off < len && ret >= 0;) {
        int64_t pnum, map;
        BlockDriverState *file;
        int st = bdrv_block_status(bs, off, MIN(len - off, 2 * MiB), &pnum,
                                   &map, &file);
        if (st < 0) {
            ret = st;
            break;
        }
        if (st & BDRV_BLOCK_ALLOCATED) {
            if ((st & BDRV_BLOCK_ZERO) && !(st & BDRV_BLOCK_DATA)) {
                ret = bdrv_pwrite_zeroes(base, off, pnum, 0);
            } else {
                ret = bdrv_pread(bs, off, pnum, buf);
                if (ret >= 0) {
                    ret = bdrv_pwrite(base, off, pnum, buf, 0);
                }
            }
        }
        off += pnum;
    }
    g_free(buf);
    if (ret >= 0) {
        ret = bdrv_flush(base);
    }
    if (ret >= 0 && !drop) {
        ret = bdrv_make_empty(bs, NULL);
    }
    bdrv_unref(base);
    bdrv_unref(bs);
    if (ret < 0) {
        error_report("Block job failed: %s", strerror(-ret));
        return 1;
    }
    if (!quiet) {
        printf("Image committed.\n");
    }
    return 0;
}

/* ---- rebase ---- */

static int img_rebase(int argc, char **argv)
{
    const char *fmt = NULL, *out_base = NULL, *out_fmt = NULL;
    bool unsafe = false, quiet = false;
    int c, ret = 0;
    BlockDriverState *bs, *newb = NULL;
    Error *err = NULL;

    optind = 1;
    while ((c = getopt(argc, argv, ":hf:F:b:upt:T:qU")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'F': out_fmt = optarg; break;
        case 'b': out_base = optarg; break;
        case 'u': unsafe = true; break;
        case 'q': quiet = true; break;
        case 'p': case 't': case 'T': case 'U': break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        default: usage_error("unrecognized option");
        }
    }
    if (optind != argc - 1) {
        usage_error("Expecting one image file name");
    }
    if (!out_base) {
        error_report("Must specify backing file (-b) or use unsafe mode (-u)");
        return 1;
    }
    bs = img_open(argv[optind], fmt, BDRV_O_RDWR | (unsafe ?
                  BDRV_O_NO_BACKING : 0), false, quiet, NULL);
    if (!bs) {
        return 1;
    }
    if (out_base[0] && !out_fmt && !unsafe) {
        char *full = bdrv_get_full_backing_filename(argv[optind], out_base);
        out_fmt = bdrv_probe_format(full, NULL);
        g_free(full);
    }
    if (!unsafe) {
        int64_t len = bdrv_getlength(bs);
        uint8_t *b1 = g_malloc(65536), *b2 = g_malloc(65536);

        if (out_base[0]) {
            char *full = bdrv_get_full_backing_filename(argv[optind],
                                                        out_base);
            newb = bdrv_open(full, out_fmt, NULL, 0, &err);
            g_free(full);
            if (!newb) {
                error_prepend(&err, "Could not open new backing file '%s': ",
                              out_base);
                error_report_err(err);
                return 1;
            }
        }
        /* Copy into bs every unallocated range whose content changes. */
        for (int64_t off = 0; off < len && ret >= 0;) {
            int64_t pnum;
            int64_t n = MIN(65536, len - off);
            ret = bdrv_is_allocated(bs, off, n, &pnum);
            if (ret < 0) {
                break;
            }
            n = pnum;
            if (!ret) {
                if (bs->backing) {
                    ret = bdrv_pread_zero_past_eof(bs->backing, off, n, b1);
                } else {
                    memset(b1, 0, n);
                }
                if (ret >= 0) {
                    if (newb) {
                        ret = bdrv_pread_zero_past_eof(newb, off, n, b2);
                    } else {
                        memset(b2, 0, n);
                    }
                }
                if (ret >= 0 && memcmp(b1, b2, n)) {
                    ret = bdrv_pwrite(bs, off, n, b1, 0);
                }
            }
            off += n;
        }
        g_free(b1);
        g_free(b2);
        if (ret < 0) {
            error_report("Error while rebasing: %s", strerror(-ret));
            return 1;
        }
    }
    ret = bdrv_change_backing_file(bs, out_base, out_fmt, &err);
    if (ret < 0) {
        if (ret == -ENOSPC) {
            error_report("Could not change the backing file to '%s': No space "
                         "left in the file header", out_base);
        } else {
            error_report("Could not change the backing file to '%s': %s",
                         out_base, strerror(-ret));
        }
        return 1;
    }
    if (newb) {
        bdrv_unref(newb);
    }
    bdrv_unref(bs);
    return 0;
}

/* ---- measure ---- */

static int img_measure(int argc, char **argv)
{
    const char *fmt = NULL, *out_fmt = "raw", *output = "human";
    const char *optstr = NULL, *filename = NULL;
    int64_t size = -1, cs = 65536, refbits = 16;
    int c;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' }, { "output", required_argument, 0, 2 },
        { "size", required_argument, 0, 3 },
        { "force-share", no_argument, 0, 'U' }, { 0 } };
    uint64_t required = 0, full = 0, data = 0, l2s, rc_clusters;
    int64_t l1e;

    optind = 1;
    while ((c = getopt_long(argc, argv, ":hf:O:o:l:U", lo, NULL)) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'O': out_fmt = optarg; break;
        case 'o': optstr = optarg; break;
        case 2: output = optarg; break;
        case 3:
            if (parse_size_arg(optarg, &size) < 0) {
                error_report("Invalid image size specified. You may use k, "
                             "M, G, T, P or E suffixes for");
                error_report("kilobytes, megabytes, gigabytes, terabytes, "
                             "petabytes and exabytes.");
                return 1;
            }
            break;
        case 'l': case 'U': break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    if (optind < argc) {
        filename = argv[optind];
    }
    if (filename && size >= 0) {
        error_report("--size N cannot be used together with a filename");
        return 1;
    }
    if (!filename && size < 0) {
        error_report("Either --size N or one filename must be specified.");
        return 1;
    }
    if (optstr) {
        QemuOpts *o = qemu_opts_create(bdrv_qcow2.create_opts, NULL, 0,
                                       &error_abort);
        Error *err = NULL;
        if (!qemu_opts_do_parse(o, optstr, NULL, &err)) {
            error_report_err(err);
            return 1;
        }
        cs = qemu_opt_get_size(o, "cluster_size", 65536);
        refbits = qemu_opt_get_number(o, "refcount_bits", 16);
    }
    if (filename) {
        BlockDriverState *bs = img_open(filename, fmt, 0, true, false, NULL);
        if (!bs) {
            return 1;
        }
        size = bdrv_getlength(bs);
        for (int64_t off = 0; off < size;) {
            int64_t pnum, map;
            BlockDriverState *f;
            int st = bdrv_block_status_above(bs, NULL, off, size - off, &pnum,
                                             &map, &f, NULL);
            if (st < 0) {
                return 1;
            }
            if (st & BDRV_BLOCK_DATA) {
                data += QEMU_ALIGN_UP(off + pnum, cs) -
                        QEMU_ALIGN_DOWN(off, cs);
            }
            off += pnum;
        }
        bdrv_unref(bs);
    }
    if (!strcmp(out_fmt, "raw")) {
        required = filename ? data : size;
        full = size;
    } else {
        /* header + L1 + L2 + refcount structures, as QEMU estimates */
        uint64_t vs = QEMU_ALIGN_UP(size, cs);
        uint64_t entries = cs / 8;
        l2s = DIV_ROUND_UP(vs / cs, entries);
        l1e = DIV_ROUND_UP(l2s * 8, cs);
        for (int pass = 0; pass < 2; pass++) {
            uint64_t d = pass ? vs : (filename ? data : 0);
            uint64_t meta = cs + l1e * cs + DIV_ROUND_UP(d / cs, entries) * cs;
            uint64_t clusters = (meta + d) / cs;
            uint64_t rb_entries = cs * 8 / refbits;
            uint64_t rbs = 0, rt = 0, prev;
            do {
                prev = rbs + rt;
                rbs = DIV_ROUND_UP(clusters + rbs + rt, rb_entries);
                rt = DIV_ROUND_UP(rbs * 8, cs);
            } while (rbs + rt != prev);
            rc_clusters = rbs + rt;
            if (pass) {
                full = meta + d + rc_clusters * cs;
            } else {
                required = meta + d + rc_clusters * cs;
            }
        }
        if (!filename) {
            required = cs + l1e * cs + cs * 2;
        }
    }
    if (!strcmp(output, "json")) {
        QDict *d = qdict_new();
        qdict_put_int(d, "required", required);
        qdict_put_int(d, "fully-allocated", full);
        print_json(QOBJECT(d));
    } else {
        printf("required size: %" PRIu64 "\n", required);
        printf("fully allocated size: %" PRIu64 "\n", full);
    }
    return 0;
}

/* ---- amend ---- */

static int img_amend(int argc, char **argv)
{
    const char *fmt = NULL, *optstr = NULL;
    bool quiet = false, force = false;
    int c, ret;
    BlockDriverState *bs;
    QemuOpts *opts;
    Error *err = NULL;
    static const struct option lo[] = {
        { "help", no_argument, 0, 'h' }, { "force", no_argument, 0, 2 },
        { 0 } };

    optind = 1;
    while ((c = getopt_long(argc, argv, ":ho:f:t:pq", lo, NULL)) != -1) {
        switch (c) {
        case 'o': optstr = optarg; break;
        case 'f': fmt = optarg; break;
        case 'q': quiet = true; break;
        case 2: force = true; break;
        case 't': case 'p': break;
        case ':': usage_error("option requires an argument -- '%c'", optopt);
        case '?': usage_error("unrecognized option '%s'", argv[optind - 1]);
        default: break;
        }
    }
    (void)force;
    if (!optstr) {
        error_report("Must specify options (-o)");
        return 1;
    }
    if (optind != argc - 1) {
        error_report("Expecting one image file name");
        return 1;
    }
    bs = img_open(argv[optind], fmt, BDRV_O_RDWR, false, quiet, NULL);
    if (!bs) {
        return 1;
    }
    opts = qemu_opts_create(bs->drv->create_opts ? bs->drv->create_opts :
                            bdrv_file.create_opts, NULL, 0, &error_abort);
    if (!qemu_opts_do_parse(opts, optstr, NULL, &err)) {
        error_report_err(err);
        return 1;
    }
    ret = bdrv_amend(bs, opts, &err);
    if (ret < 0) {
        error_report_err(err);
    }
    bdrv_unref(bs);
    return ret < 0 ? 1 : 0;
}

static void print_fmt(void *opaque, const char *name)
{
    printf(" %s", name);
}

static void help(void)
{
    printf("qemu-img version " QEMU_VERSION "\n"
           "usage: qemu-img [standard options] command [command options]\n"
           "QEMU disk image utility\n\n"
           "Command syntax:\n"
           "  amend, check, commit, compare, convert, create, info, map, "
           "measure, rebase, resize, snapshot\n\n"
           "Supported formats:");
    bdrv_iterate_format(print_fmt, NULL);
    printf("\n");
    exit(0);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int argc, char **argv);
    } cmds[] = {
        { "amend", img_amend }, { "check", img_check },
        { "commit", img_commit }, { "compare", img_compare },
        { "convert", img_convert }, { "create", img_create },
        { "info", img_info }, { "map", img_map }, { "measure", img_measure },
        { "rebase", img_rebase }, { "resize", img_resize },
        { "snapshot", img_snapshot },
    };

    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        error_report("Not enough arguments");
        fprintf(stderr, "Try 'qemu-img --help' for more information\n");
        return 1;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help();
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("qemu-img version " QEMU_VERSION "\n"
               "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project "
               "developers\n");
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
        if (!strcmp(argv[1], cmds[i].name)) {
            return cmds[i].fn(argc - 1, argv + 1);
        }
    }
    error_report("Command not found: %s", argv[1]);
    return 1;
}
