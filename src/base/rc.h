/* rc.h — result codes threaded through every layer, and the error record that
 * carries the human-readable reason to whoever reports it (HTTP or CLI).
 *
 * Every function that can fail returns an rc and, when given an `err *`, fills it
 * with a message naming what was wrong and where (field, row). The HTTP layer maps
 * rc to a status code in one place (http/response.c). */
#ifndef RENDA_RC_H
#define RENDA_RC_H

#include <stddef.h>

typedef enum {
    RC_OK = 0,
    RC_INTERNAL,     /* 500: a bug or an unexpected backend failure */
    RC_NOMEM,        /* 500: allocation failed or an arena cap was hit */
    RC_BAD_REQUEST,  /* 400: malformed JSON, invalid UTF-8, bad query parameter */
    RC_UNAUTHORIZED, /* 401: not logged in / wrong credentials */
    RC_FORBIDDEN,    /* 403: logged in but not allowed */
    RC_NOT_FOUND,    /* 404 */
    RC_METHOD,       /* 405 */
    RC_CONFLICT,     /* 409: unique violation or state conflict */
    RC_TOO_LARGE,    /* 413: body or buffer over its cap */
    RC_MEDIA_TYPE,   /* 415: wrong Content-Type */
    RC_INVALID,      /* 422: a field fails validation (err.field names it) */
    RC_TOO_MANY,     /* 429: throttled */
    RC_UNAVAILABLE,  /* 503: backend connection lost and not recovered */
} rc_t;

#define ERR_MESSAGE_MAX 512
#define ERR_FIELD_MAX 128

/* err — the reason for a failure. `code` is a stable machine string such as
 * "invalid" or "conflict"; message is for people (English, with message_zh its
 * Chinese wording when the catalog has one); field is empty unless a single field is
 * to blame. Plain value type, no ownership. */
typedef struct {
    rc_t rc;
    char code[32];
    char message[ERR_MESSAGE_MAX];
    char message_zh[ERR_MESSAGE_MAX]; /* the same in Chinese (base/msg_zh.c), or "" */
    char field[ERR_FIELD_MAX];
} err;

/* err_set — fill *e (if not NULL) and return rc, so callers can write
 * `return err_set(e, RC_INVALID, "name", "name is required");`.
 * field may be NULL. */
rc_t err_set(err *e, rc_t rc, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* err_clear — reset to RC_OK with empty strings. */
void err_clear(err *e);

/* rc_code — the stable machine string for an rc ("not_found", "invalid", …). */
const char *rc_code(rc_t rc);

/* rc_http_status — the HTTP status for an rc. */
int rc_http_status(rc_t rc);

#endif
