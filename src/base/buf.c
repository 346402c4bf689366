#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf *b, size_t max) {
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

/* room — capacity for n more bytes and a NUL, within the maximum. */
static rc_t room_for(buf *b, size_t n) {
    if (n > b->max || b->len > b->max - n)
        return RC_TOO_LARGE;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (cap > b->max + 1)
            cap = b->max + 1;
        char *d = realloc(b->data, cap);
        if (!d)
            return RC_NOMEM;
        b->data = d;
        b->cap = cap;
    }
    return RC_OK;
}

rc_t buf_append(buf *b, const void *p, size_t n) {
    rc_t rc = room_for(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return RC_OK;
}

rc_t buf_puts(buf *b, const char *s) { return buf_append(b, s, strlen(s)); }

rc_t buf_printf(buf *b, const char *fmt, ...) {
    /* Format straight into the spare room; only when it does not fit, grow and again. */
    va_list ap;
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    va_start(ap, fmt);
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (room)
            b->data[b->len] = '\0';
        return RC_INTERNAL;
    }
    if ((size_t)n < room && (size_t)n <= b->max - b->len) {
        b->len += (size_t)n;
        return RC_OK;
    }
    if (room)
        b->data[b->len] = '\0';
    rc_t rc = room_for(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return RC_OK;
}

void buf_reset(buf *b) {
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *buf_take(buf *b) {
    char *d = b->data;
    if (!d)
        d = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void buf_free(buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
