#include "base/rc.h"

#include "base/msg_zh.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    rc_t rc;
    const char *code;
    int status;
} rc_table[] = {
    {RC_OK, "ok", 200},
    {RC_INTERNAL, "internal", 500},
    {RC_NOMEM, "out_of_memory", 500},
    {RC_BAD_REQUEST, "bad_request", 400},
    {RC_UNAUTHORIZED, "unauthorized", 401},
    {RC_FORBIDDEN, "forbidden", 403},
    {RC_NOT_FOUND, "not_found", 404},
    {RC_METHOD, "method_not_allowed", 405},
    {RC_CONFLICT, "conflict", 409},
    {RC_TOO_LARGE, "too_large", 413},
    {RC_MEDIA_TYPE, "unsupported_media_type", 415},
    {RC_INVALID, "invalid", 422},
    {RC_TOO_MANY, "too_many_requests", 429},
    {RC_UNAVAILABLE, "unavailable", 503},
};

const char *rc_code(rc_t rc) {
    for (size_t i = 0; i < sizeof rc_table / sizeof rc_table[0]; i++)
        if (rc_table[i].rc == rc)
            return rc_table[i].code;
    return "internal";
}

int rc_http_status(rc_t rc) {
    for (size_t i = 0; i < sizeof rc_table / sizeof rc_table[0]; i++)
        if (rc_table[i].rc == rc)
            return rc_table[i].status;
    return 500;
}

void err_clear(err *e) {
    if (!e)
        return;
    e->rc = RC_OK;
    e->code[0] = e->message[0] = e->message_zh[0] = e->field[0] = '\0';
}

rc_t err_set(err *e, rc_t rc, const char *field, const char *fmt, ...) {
    if (!e)
        return rc;
    e->rc = rc;
    snprintf(e->code, sizeof e->code, "%s", rc_code(rc));
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    msg_zh_format(fmt, ap, e->message_zh, sizeof e->message_zh);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return rc;
}
