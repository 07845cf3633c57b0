/*
 * String helpers and strict number parsing (see qemu/cutils.h).
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/error.h"

#include <math.h>

void pstrcpy(char *buf, int buf_size, const char *str)
{
    char *end;

    if (buf_size <= 0) {
        return;
    }
    end = buf + buf_size - 1;
    while (buf < end && *str) {
        *buf++ = *str++;
    }
    *buf = 0;
}

char *pstrcat(char *buf, int buf_size, const char *s)
{
    int len = qemu_strnlen(buf, buf_size);

    if (len < buf_size) {
        pstrcpy(buf + len, buf_size - len, s);
    }
    return buf;
}

int strstart(const char *str, const char *val, const char **ptr)
{
    size_t n = strlen(val);

    if (strncmp(str, val, n) != 0) {
        return 0;
    }
    if (ptr) {
        *ptr = str + n;
    }
    return 1;
}

int stristart(const char *str, const char *val, const char **ptr)
{
    size_t n = strlen(val);

    if (g_ascii_strncasecmp(str, val, n) != 0) {
        return 0;
    }
    if (ptr) {
        *ptr = str + n;
    }
    return 1;
}

int qemu_strnlen(const char *s, int max_len)
{
    int i;

    for (i = 0; i < max_len && s[i]; i++) {
    }
    return i;
}

/*
 * Common tail of the qemu_strto*() functions: turn libc's result into
 * QEMU's return convention.
 */
static int strtox_result(const char *nptr, const char *ep,
                         const char **endptr, int libc_errno)
{
    if (endptr) {
        *endptr = ep;
    }
    if (libc_errno == 0 && ep == nptr) {
        return -EINVAL;     /* no digits at all */
    }
    if (!endptr && *ep) {
        return -EINVAL;     /* must consume the whole string */
    }
    return -libc_errno;
}

#define CHECK_ARGS(nptr, endptr, base)                                         \
    do {                                                                       \
        assert((unsigned)(base) <= 36 && (base) != 1);                         \
        if (!(nptr)) {                                                         \
            if (endptr) {                                                      \
                *(endptr) = NULL;                                              \
            }                                                                  \
            return -EINVAL;                                                    \
        }                                                                      \
    } while (0)

int qemu_strtoi(const char *nptr, const char **endptr, int base, int *result)
{
    char *ep;
    long long v;

    CHECK_ARGS(nptr, endptr, base);
    errno = 0;
    v = strtoll(nptr, &ep, base);
    if (v < INT_MIN) {
        *result = INT_MIN;
        errno = ERANGE;
    } else if (v > INT_MAX) {
        *result = INT_MAX;
        errno = ERANGE;
    } else {
        *result = v;
    }
    return strtox_result(nptr, ep, endptr, errno);
}

int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result)
{
    char *ep;
    long long v;

    CHECK_ARGS(nptr, endptr, base);
    errno = 0;
    /* Parse as 64 bits, then accept [INT_MIN, UINT_MAX] wrapped to 32
     * bits, which is what a 32-bit strtoul() would do with "-N".  */
    v = (long long)strtoull(nptr, &ep, base);
    if (errno == ERANGE) {
        *result = UINT_MAX;
    } else if (v > (long long)UINT_MAX || v < INT_MIN) {
        *result = UINT_MAX;
        errno = ERANGE;
    } else {
        *result = (unsigned int)v;
    }
    return strtox_result(nptr, ep, endptr, errno);
}

int qemu_strtol(const char *nptr, const char **endptr, int base, long *result)
{
    char *ep;

    CHECK_ARGS(nptr, endptr, base);
    errno = 0;
    *result = strtol(nptr, &ep, base);
    return strtox_result(nptr, ep, endptr, errno);
}

int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result)
{
    char *ep;

    CHECK_ARGS(nptr, endptr, base);
    errno = 0;
    *result = strtoul(nptr, &ep, base);
    if (errno == ERANGE) {
        *result = ULONG_MAX;
    }
    return strtox_result(nptr, ep, endptr, errno);
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    char *ep;

    CHECK_ARGS(nptr, endptr, base);
    QEMU_BUILD_BUG_ON(sizeof(int64_t) != sizeof(long long));
    errno = 0;
    *result = strtoll(nptr, &ep, base);
    return strtox_result(nptr, ep, endptr, errno);
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    char *ep;

    CHECK_ARGS(nptr, endptr, base);
    QEMU_BUILD_BUG_ON(sizeof(uint64_t) != sizeof(unsigned long long));
    errno = 0;
    *result = strtoull(nptr, &ep, base);
    if (errno == ERANGE) {
        *result = UINT64_MAX;
    }
    return strtox_result(nptr, ep, endptr, errno);
}

int qemu_strtod(const char *nptr, const char **endptr, double *result)
{
    char *ep;

    if (!nptr) {
        if (endptr) {
            *endptr = NULL;
        }
        return -EINVAL;
    }
    errno = 0;
    *result = g_ascii_strtod(nptr, &ep);
    return strtox_result(nptr, ep, endptr, errno);
}

int qemu_strtod_finite(const char *nptr, const char **endptr, double *result)
{
    double tmp;
    int ret = qemu_strtod(nptr, endptr, &tmp);

    if (ret == 0 && !isfinite(tmp)) {
        if (endptr) {
            *endptr = nptr;
        }
        ret = -EINVAL;
    }
    if (ret != -EINVAL) {
        *result = tmp;
    }
    return ret;
}

/* Multiplier of a size suffix, or 0 if c is not one.  */
static uint64_t suffix_mul(char c, uint64_t unit)
{
    int pow;

    switch (g_ascii_toupper(c)) {
    case 'B':
        return 1;
    case 'K':
        pow = 1;
        break;
    case 'M':
        pow = 2;
        break;
    case 'G':
        pow = 3;
        break;
    case 'T':
        pow = 4;
        break;
    case 'P':
        pow = 5;
        break;
    case 'E':
        pow = 6;
        break;
    default:
        return 0;
    }
    uint64_t mul = 1;
    while (pow--) {
        mul *= unit;
    }
    return mul;
}

static int do_strtosz(const char *nptr, const char **end, char default_suffix,
                      uint64_t unit, uint64_t *result)
{
    const char *endptr;
    uint64_t val, frac = 0, mul;
    bool hex = false;
    int ret;

    /* Integral part, decimal.  */
    ret = qemu_strtou64(nptr, &endptr, 10, &val);
    if (ret) {
        goto out;
    }
    if (memchr(nptr, '-', endptr - nptr)) {
        endptr = nptr;  /* no negative sizes, even wrapped ones */
        ret = -EINVAL;
        goto out;
    }
    if (val == 0 && (*endptr == 'x' || *endptr == 'X')) {
        /* Hex: no fraction allowed.  */
        ret = qemu_strtou64(nptr, &endptr, 16, &val);
        if (ret) {
            goto out;
        }
        if (*endptr == '.') {
            endptr = nptr;
            ret = -EINVAL;
            goto out;
        }
        hex = true;
    } else if (*endptr == '.') {
        /* Fraction; "1.k" is fine, an exponent is not.  */
        const char *f = endptr;
        double fraction;
        if (qemu_strtod_finite(f, &endptr, &fraction)) {
            endptr = f + 1;
        } else if (memchr(f, 'e', endptr - f) || memchr(f, 'E', endptr - f)) {
            endptr = nptr;
            ret = -EINVAL;
            goto out;
        } else {
            /* 0.64 fixed point, so the product below is exact.  */
            frac = (uint64_t)(fraction * 0x1p64);
        }
    }

    mul = suffix_mul(*endptr, unit);
    if (mul) {
        if (hex) {
            warn_report("Using a multiplier suffix on hex numbers "
                        "is deprecated: %s", nptr);
        }
        endptr++;
    } else {
        mul = suffix_mul(default_suffix, unit);
    }
    if (mul == 1) {
        if (frac) {
            /* A fraction of a byte makes no sense.  */
            endptr = nptr;
            ret = -EINVAL;
            goto out;
        }
    } else {
        uint64_t hi, flo, fhi;
        mulu64(&val, &hi, val, mul);
        mulu64(&flo, &fhi, frac, mul);
        val += fhi;
        hi += val < fhi;
        /* Round half up.  */
        val += flo >> 63;
        hi += val < (flo >> 63);
        if (hi) {
            ret = -ERANGE;
            goto out;
        }
    }
    ret = 0;

out:
    if (end) {
        *end = endptr;
    } else if (*endptr) {
        ret = -EINVAL;
    }
    if (ret == 0) {
        *result = val;
    }
    return ret;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'B', 1024, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'M', 1024, result);
}

int qemu_strtosz_metric(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'B', 1000, result);
}

char *size_to_str(uint64_t val)
{
    static const char *const suffixes[] = { "", "Ki", "Mi", "Gi",
                                            "Ti", "Pi", "Ei" };
    int i, e;

    /*
     * Pick the largest power of 1024 that keeps the integer part below
     * 1000, so 1000..1023 bytes print as "0.977 KiB" like QEMU.
     */
    frexp(val / (1000.0 / 1024.0), &e);
    i = (e - 1) / 10;
    if (i < 0) {
        i = 0;
    }
    return g_strdup_printf("%0.3g %sB", (double)val / (double)(1ULL << (i * 10)),
                           suffixes[i]);
}

char *freq_to_str(uint64_t freq_hz)
{
    static const char *const suffixes[] = { "", "K", "M", "G", "T", "P", "E" };
    double freq = freq_hz;
    size_t i = 0;

    while (freq >= 1000.0 && i + 1 < ARRAY_SIZE(suffixes)) {
        freq /= 1000.0;
        i++;
    }
    return g_strdup_printf("%0.3g %sHz", freq, suffixes[i]);
}

bool qemu_parse_bool(const char *value, bool *obj)
{
    if (!strcmp(value, "on") || !strcmp(value, "yes") ||
        !strcmp(value, "true") || !strcmp(value, "y")) {
        *obj = true;
        return true;
    }
    if (!strcmp(value, "off") || !strcmp(value, "no") ||
        !strcmp(value, "false") || !strcmp(value, "n")) {
        *obj = false;
        return true;
    }
    return false;
}

bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp)
{
    if (qemu_parse_bool(value, obj)) {
        return true;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}
