/*
 * Error objects and error reporting on stderr.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"

struct Error {
    char *msg;
    ErrorClass err_class;
    GString *hint;
    const char *src;
    const char *func;
    int line;
};

Error *error_fatal;
Error *error_abort;

/* Weak so the program's globals file may provide its own definition. */
__attribute__((weak)) const char *qemu_progname = "qemu-system-x86_64";

static FILE *report_out;

typedef enum { LOC_NONE, LOC_CMDLINE } LocKind;
static LocKind loc_kind;
static char *loc_opt;
static char *loc_arg;

static FILE *out_stream(void)
{
    return report_out ? report_out : stderr;
}

void error_set_output(FILE *f)
{
    report_out = f;
}

void loc_set_cmdline(const char *opt, const char *arg)
{
    g_free(loc_opt);
    g_free(loc_arg);
    loc_opt = g_strdup(opt);
    loc_arg = g_strdup(arg);
    loc_kind = opt ? LOC_CMDLINE : LOC_NONE;
}

void loc_set_none(void)
{
    loc_set_cmdline(NULL, NULL);
}

static void print_loc(FILE *f)
{
    const char *sep = "";

    if (qemu_progname) {
        fprintf(f, "%s:", qemu_progname);
        sep = " ";
    }
    if (loc_kind == LOC_CMDLINE) {
        fprintf(f, "%s%s", sep, loc_opt);
        if (loc_arg) {
            fprintf(f, " %s", loc_arg);
        }
        fputs(": ", f);
    } else {
        fputs(sep, f);
    }
}

typedef enum { REPORT_ERROR, REPORT_WARNING, REPORT_INFO } ReportType;

static void vreport(ReportType type, const char *fmt, va_list ap)
    QEMU_PRINTF(2, 0);

static void vreport(ReportType type, const char *fmt, va_list ap)
{
    FILE *f = out_stream();

    print_loc(f);
    if (type == REPORT_WARNING) {
        fputs("warning: ", f);
    } else if (type == REPORT_INFO) {
        fputs("info: ", f);
    }
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    fflush(f);
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_ERROR, fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_ERROR, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_WARNING, fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_INFO, fmt, ap);
    va_end(ap);
}

static void print_hint(const Error *err)
{
    if (err->hint) {
        fputs(err->hint->str, out_stream());
        fflush(out_stream());
    }
}

void error_report_err(Error *err)
{
    error_report("%s", error_get_pretty(err));
    print_hint(err);
    error_free(err);
}

void warn_report_err(Error *err)
{
    warn_report("%s", error_get_pretty(err));
    print_hint(err);
    error_free(err);
}

/* Deliver a new error to errp: store it, or die for error_fatal/abort. */
static void error_handle(Error **errp, Error *err)
{
    if (errp == &error_abort) {
        fprintf(out_stream(), "Unexpected error in %s() at %s:%d:\n", err->func,
                err->src, err->line);
        error_report("%s", error_get_pretty(err));
        print_hint(err);
        abort();
    }
    if (errp == &error_fatal) {
        error_report_err(err);
        exit(1);
    }
    if (!errp) {
        error_free(err);
        return;
    }
    /* A second error would be lost: keep the first, like QEMU asserts. */
    if (*errp) {
        error_free(err);
        return;
    }
    *errp = err;
}

static void error_setv(Error **errp, const char *src, int line,
                       const char *func, ErrorClass cls, const char *fmt,
                       va_list ap, int os_errno) QEMU_PRINTF(6, 0);

static void error_setv(Error **errp, const char *src, int line,
                       const char *func, ErrorClass cls, const char *fmt,
                       va_list ap, int os_errno)
{
    Error *err;

    if (!errp) {
        return;
    }
    err = g_new0(Error, 1);
    err->msg = g_strdup_vprintf(fmt, ap);
    if (os_errno) {
        char *m = g_strdup_printf("%s: %s", err->msg, g_strerror(os_errno));
        g_free(err->msg);
        err->msg = m;
    }
    err->err_class = cls;
    err->src = src;
    err->line = line;
    err->func = func;
    error_handle(errp, err);
}

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR, fmt, ap, 0);
    va_end(ap);
}

void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno, const char *fmt,
                               ...)
{
    va_list ap;
    int saved = errno;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, ERROR_CLASS_GENERIC_ERROR, fmt, ap,
               os_errno);
    va_end(ap);
    errno = saved;
}

void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass cls, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(errp, src, line, func, cls, fmt, ap, 0);
    va_end(ap);
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

ErrorClass error_get_class(const Error *err)
{
    return err->err_class;
}

const char *error_class_name(ErrorClass cls)
{
    static const char *const names[] = {
        [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
        [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
        [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
        [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
        [ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
    };

    if ((unsigned)cls >= ARRAY_SIZE(names)) {
        return "GenericError";
    }
    return names[cls];
}

/* errp must hold an error for hint/prepend to mean anything. */
static Error *pending(Error **errp)
{
    if (!errp || errp == &error_fatal || errp == &error_abort) {
        return NULL;
    }
    return *errp;
}

void error_append_hint(Error **errp, const char *fmt, ...)
{
    Error *err = pending(errp);
    va_list ap;

    if (!err) {
        return;
    }
    if (!err->hint) {
        err->hint = g_string_new(NULL);
    }
    va_start(ap, fmt);
    g_string_append_vprintf(err->hint, fmt, ap);
    va_end(ap);
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    Error *err = pending(errp);
    va_list ap;
    char *prefix;
    char *msg;

    if (!err) {
        return;
    }
    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    msg = g_strconcat(prefix, err->msg, NULL);
    g_free(prefix);
    g_free(err->msg);
    err->msg = msg;
}

void error_propagate(Error **dst_errp, Error *local_err)
{
    if (!local_err) {
        return;
    }
    error_handle(dst_errp, local_err);
}

void error_free(Error *err)
{
    if (err) {
        g_free(err->msg);
        if (err->hint) {
            g_string_free(err->hint, true);
        }
        g_free(err);
    }
}

void error_free_or_abort(Error **errp)
{
    assert(errp && *errp);
    error_free(*errp);
    *errp = NULL;
}

Error *error_copy(const Error *err)
{
    Error *copy = g_new0(Error, 1);

    copy->msg = g_strdup(err->msg);
    copy->err_class = err->err_class;
    copy->src = err->src;
    copy->line = err->line;
    copy->func = err->func;
    if (err->hint) {
        copy->hint = g_string_new(err->hint->str);
    }
    return copy;
}
