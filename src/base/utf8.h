/* utf8.h — UTF-8 validation and counting. */
#ifndef RENDA_UTF8_H
#define RENDA_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* utf8_valid — true when s[0..len) is well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). NUL bytes are rejected too: nothing we store
 * may contain them. */
bool utf8_valid(const char *s, size_t len);

/* utf8_chars — number of code points in a valid UTF-8 string. */
size_t utf8_chars(const char *s);

#endif
