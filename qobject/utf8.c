/*
 * Modified UTF-8 decoding and encoding for JSON strings.
 */
#include "qemu/osdep.h"
#include "json-internal.h"

static bool codepoint_valid(int cp)
{
    if (cp < 0 || cp > 0x10FFFF) {
        return false;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        return false;   /* surrogates only exist in UTF-16 */
    }
    /* Noncharacters are refused like QEMU does.  */
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
        return false;
    }
    return true;
}

int mod_utf8_codepoint(const char *s, size_t n, const char **end)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned lead, len, i;
    int cp;

    if (n == 0 || *p == 0) {
        *end = s;
        return -1;
    }
    lead = *p++;
    if (lead < 0x80) {
        *end = (const char *)p;
        return lead;
    }
    if (lead >= 0xFE || (lead & 0xC0) == 0x80) {
        /* Impossible byte or a stray continuation byte.  */
        *end = (const char *)p;
        return -1;
    }
    /* Count leading one bits: 2..6 byte sequence.  */
    for (len = 0; lead & (0x80 >> len); len++) {
    }
    cp = lead & (0x7F >> len);
    for (i = 1; i < len; i++) {
        if (i >= n || (*p & 0xC0) != 0x80) {
            *end = (const char *)p;
            return -1;
        }
        cp = (cp << 6) | (*p++ & 0x3F);
    }
    *end = (const char *)p;
    if (len > 4 || !codepoint_valid(cp)) {
        return -1;
    }
    /* Shortest form only, except C0 80 for U+0000.  */
    static const int min_cp[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (cp < min_cp[len] && !(cp == 0 && len == 2)) {
        return -1;
    }
    return cp;
}

int mod_utf8_encode(char buf[5], int cp)
{
    unsigned char *b = (unsigned char *)buf;

    if (!codepoint_valid(cp)) {
        return -1;
    }
    if (cp > 0 && cp < 0x80) {
        b[0] = cp;
        b[1] = 0;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = 0xC0 | (cp >> 6);
        b[1] = 0x80 | (cp & 0x3F);
        b[2] = 0;
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = 0xE0 | (cp >> 12);
        b[1] = 0x80 | ((cp >> 6) & 0x3F);
        b[2] = 0x80 | (cp & 0x3F);
        b[3] = 0;
        return 3;
    }
    b[0] = 0xF0 | (cp >> 18);
    b[1] = 0x80 | ((cp >> 12) & 0x3F);
    b[2] = 0x80 | ((cp >> 6) & 0x3F);
    b[3] = 0x80 | (cp & 0x3F);
    b[4] = 0;
    return 4;
}
