/* Formatting for guest_printf; only what the guests need. */
#include "guest.h"

uint64_t udiv64(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint64_t q = 0, r = 0;

    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    if (rem) {
        *rem = r;
    }
    return q;
}

static void put_num(uint64_t v, unsigned base, bool neg, int width, char pad)
{
    char buf[24];
    int n = 0;

    do {
        uint64_t r;
        v = udiv64(v, base, &r);
        buf[n++] = "0123456789abcdef"[r];
    } while (v);
    if (neg) {
        buf[n++] = '-';
    }
    while (n < width) {
        serial_putc(pad);
        width--;
    }
    while (n) {
        serial_putc(buf[--n]);
    }
}

void guest_vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            serial_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l') {
            lng++;
            fmt++;
        }
        uint64_t u;
        int64_t s;
        switch (*fmt) {
        case 'd':
            s = lng == 2 ? va_arg(ap, long long)
                : lng    ? va_arg(ap, long)
                         : va_arg(ap, int);
            put_num(s < 0 ? -(uint64_t)s : (uint64_t)s, 10, s < 0, width,
                    pad);
            break;
        case 'u':
        case 'x':
            u = lng == 2 ? va_arg(ap, unsigned long long)
                : lng    ? va_arg(ap, unsigned long)
                         : va_arg(ap, unsigned int);
            put_num(u, *fmt == 'u' ? 10 : 16, false, width, pad);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            serial_puts(str ? str : "(null)");
            break;
        }
        case 'c':
            serial_putc((char)va_arg(ap, int));
            break;
        case '%':
            serial_putc('%');
            break;
        default:
            serial_putc('?');
            if (!*fmt) {
                return;
            }
        }
    }
}

void guest_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    guest_vprintf(fmt, ap);
    va_end(ap);
}
