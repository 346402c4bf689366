#include "base/utf8.h"

#include <stdint.h>

enum {
    UTF8_MAX_CODE_POINT = 0x10FFFF,
    UTF8_SURROGATE_FIRST = 0xD800,
    UTF8_SURROGATE_LAST = 0xDFFF,
};

/* The smallest code point each sequence length may encode; anything below is an
 * overlong form. Indexed by the number of continuation bytes. */
static const uint32_t utf8_min_cp[4] = {0, 0x80, 0x800, 0x10000};

/* utf8_valid — see utf8.h. Checks lead byte, continuation bytes, overlongs,
 * surrogates and the U+10FFFF ceiling; a sequence cut off by len is invalid. */
bool utf8_valid(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        int more;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            more = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            more = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            more = 3;
            cp = c & 0x07;
        } else {
            return false; /* stray continuation byte or 0xF8..0xFF */
        }
        if (len - i <= (size_t)more)
            return false;
        for (int k = 1; k <= more; k++) {
            unsigned char cc = p[i + (size_t)k];
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < utf8_min_cp[more] || cp > UTF8_MAX_CODE_POINT ||
            (cp >= UTF8_SURROGATE_FIRST && cp <= UTF8_SURROGATE_LAST))
            return false;
        i += (size_t)more + 1;
    }
    return true;
}

/* utf8_chars — see utf8.h: counts every byte that is not a continuation byte. */
size_t utf8_chars(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}
