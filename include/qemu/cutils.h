/*
 * String helpers and strict number parsing with QEMU's semantics.
 *
 * The qemu_strto*() family returns 0 on success, -EINVAL if no number
 * was found (or, when endptr is NULL, if anything follows the number) and
 * -ERANGE if it does not fit, in which case *result is clamped to the
 * nearest limit.  Leading whitespace and a sign are accepted, like
 * strtol(); base is 0 (auto: 0x hex, 0 octal), 10, 16, ...  When endptr
 * is non-NULL it receives the end of the parsed number.  The unsigned
 * variants accept "-N" and wrap it, as strtoull() does.
 */
#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

#include "qemu/osdep.h"

/* Copy at most buf_size - 1 bytes and always NUL-terminate.  */
void pstrcpy(char *buf, int buf_size, const char *str);
/* Append, truncating to buf_size - 1 bytes in total.  Returns buf.  */
char *pstrcat(char *buf, int buf_size, const char *s);
/* If str starts with val, set *ptr (if non-NULL) past it and return 1. */
int strstart(const char *str, const char *val, const char **ptr);
/* Same, ignoring ASCII case.  */
int stristart(const char *str, const char *val, const char **ptr);
int qemu_strnlen(const char *s, int max_len);

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result);
int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result);
int qemu_strtol(const char *nptr, const char **endptr, int base, long *result);
int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result);
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);
int qemu_strtod(const char *nptr, const char **endptr, double *result);
/* As qemu_strtod, but inf/nan and overflow are -EINVAL/-ERANGE.  */
int qemu_strtod_finite(const char *nptr, const char **endptr, double *result);

/*
 * Sizes: decimal (or 0x hex) number, optional fraction, optional suffix
 * B/K/M/G/T/P/E (either case; binary multiples).  Without a suffix the
 * default unit applies: bytes for qemu_strtosz, MiB for qemu_strtosz_MiB;
 * qemu_strtosz_metric uses powers of 1000.  A fraction needs a scaling
 * suffix ("1.5" is rejected, "1.5G" is not); exponents, negative numbers
 * and hex fractions are rejected; results of 2^64 or more are -ERANGE.
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_metric(const char *nptr, const char **end,
                        uint64_t *result);

/* "1 GiB", "1.5 KiB", "999 B": 3 significant digits, as qemu-img.  */
char *size_to_str(uint64_t val);
/* "2.4 GHz" style.  */
char *freq_to_str(uint64_t freq_hz);

/*
 * Boolean values of the command line and QAPI: on/yes/true/y and
 * off/no/false/n.  qapi_bool_parse reports "Parameter 'NAME' expects
 * 'on' or 'off'".
 */
bool qemu_parse_bool(const char *value, bool *obj);
bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp);

/* Letter first, then letters, digits, '-', '.', '_' (QEMU's ids). */
bool id_wellformed(const char *id);

/* 64 x 64 -> 128 multiplication: *plow, *phigh.  */
static inline void mulu64(uint64_t *plow, uint64_t *phigh, uint64_t a,
                          uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;
    *plow = (uint64_t)r;
    *phigh = (uint64_t)(r >> 64);
}

#endif
