/*
 * Error reporting.
 *
 * Functions that can fail take "Error **errp" last and return false/NULL/-1
 * on failure after setting *errp with error_setg().  errp may be NULL (ignore
 * the error), &error_fatal (report and exit(1)) or &error_abort (abort).
 *
 * error_report() prints "PROGNAME: LOCATION: message\n" on stderr, where
 * LOCATION is the command-line option being processed (see loc_*), exactly
 * as QEMU does: "qemu-system-x86_64: -m foo: Parameter 'size' expects ...".
 */
#ifndef QEMU_ERROR_H
#define QEMU_ERROR_H

#include "qemu/osdep.h"

typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
} ErrorClass;

extern Error *error_fatal;
extern Error *error_abort;

#define error_setg(errp, fmt, ...)                                             \
    error_setg_internal((errp), __FILE__, __LINE__, __func__, (fmt),           \
                        ##__VA_ARGS__)
#define error_setg_errno(errp, os_errno, fmt, ...)                             \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__,            \
                              (os_errno), (fmt), ##__VA_ARGS__)
#define error_set(errp, cls, fmt, ...)                                         \
    error_set_internal((errp), __FILE__, __LINE__, __func__, (cls), (fmt),     \
                       ##__VA_ARGS__)

void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
    QEMU_PRINTF(5, 6);
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_errno,
                               const char *fmt, ...) QEMU_PRINTF(6, 7);
void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass cls, const char *fmt,
                        ...) QEMU_PRINTF(6, 7);

/* Text of the error, without location or program name.  */
const char *error_get_pretty(const Error *err);
ErrorClass error_get_class(const Error *err);
const char *error_class_name(ErrorClass cls);   /* "GenericError", ...  */
/* Append a hint printed on its own line after the message.  */
void error_append_hint(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* Prefix the message: error_prepend(errp, "could not open '%s': ", f).  */
void error_prepend(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* Move local_err into *dst_errp (handles error_fatal/abort).  */
void error_propagate(Error **dst_errp, Error *local_err);
void error_free(Error *err);
void error_free_or_abort(Error **errp);
/* error_report() the error (with its hint) and free it.  */
void error_report_err(Error *err);
Error *error_copy(const Error *err);

void error_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void warn_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void info_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void error_vreport(const char *fmt, va_list ap) QEMU_PRINTF(1, 0);
void warn_report_err(Error *err);

/*
 * Location for messages: while the command line is parsed, the option being
 * processed; reset to none before the guest runs.
 */
void loc_set_cmdline(const char *opt, const char *arg);   /* "-m", "foo" */
void loc_set_none(void);
/* Redirect error_report output (for tests); NULL restores stderr.  */
void error_set_output(FILE *f);

#endif
