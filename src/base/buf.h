/* buf.h — a growable byte buffer with a hard maximum.
 *
 * The buffer owns its heap memory (buf_free releases it). Appends past `max` fail
 * with RC_TOO_LARGE and leave the contents unchanged, so a caller can turn an
 * oversized input into a 413 instead of an out-of-memory crash. data is always
 * NUL-terminated when len > 0. */
#ifndef RENDA_BUF_H
#define RENDA_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/rc.h"

typedef struct {
    char *data;
    size_t len, cap, max;
} buf;

void buf_init(buf *b, size_t max);
rc_t buf_append(buf *b, const void *p, size_t n);
rc_t buf_puts(buf *b, const char *s);
/* buf_printf — formatted text appended (formatted once in place when it fits); the
 * arguments must not point into b itself. RC_TOO_LARGE past the maximum. */
rc_t buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* buf_reset — length to 0, memory kept. */
void buf_reset(buf *b);
/* buf_take — hands the heap string to the caller (who frees it) and resets b. */
char *buf_take(buf *b);
void buf_free(buf *b);

#endif
