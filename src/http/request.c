/* request.c — checks on the request target before it is unescaped (request.h).
 *
 * libmicrohttpd turns "%XY" (two hex digits) into the byte XY, in the path and in each
 * query name and value (after '+' → ' '). Since '%' is not a hex digit, no escape can
 * swallow the '%' of a later "%00", so a target unescapes to a NUL exactly where the
 * text "%00" appears in it; that is what is looked for. */
#include "http/request.h"

#include <microhttpd.h>
#include <string.h>

#include "base/utf8.h"

static const char NUL_ESCAPE[] = "%00";
#define NUL_ESCAPE_LEN (sizeof NUL_ESCAPE - 1)

static bool has_nul(const char *s, size_t n) {
    return memmem(s, n, NUL_ESCAPE, NUL_ESCAPE_LEN) != NULL;
}

/* param_name — the parameter's name as libmicrohttpd hands it on: '+' as a space,
 * unescaped, ending at the first NUL. "" when it does not fit or is not UTF-8. */
static void param_name(const char *key, size_t n, char out[ERR_FIELD_MAX]) {
    out[0] = '\0';
    if (n >= ERR_FIELD_MAX)
        return;
    memcpy(out, key, n);
    out[n] = '\0';
    for (char *p = out; *p; p++)
        if (*p == '+')
            *p = ' ';
    MHD_http_unescape(out);
    if (!utf8_valid(out, strlen(out)))
        out[0] = '\0';
}

rc_t http_check_target(const char *target, err *e) {
    if (!target)
        return RC_OK;
    const char *q = strchr(target, '?');
    size_t path_len = q ? (size_t)(q - target) : strlen(target);
    if (has_nul(target, path_len))
        return err_set(e, RC_BAD_REQUEST, "path", "the path contains a NUL byte (%%00)");
    /* name=value pairs split on '&', each at its first '=' (as libmicrohttpd does) */
    for (const char *s = q ? q + 1 : NULL; s && *s;) {
        const char *amp = strchr(s, '&');
        size_t len = amp ? (size_t)(amp - s) : strlen(s);
        const char *eq = memchr(s, '=', len);
        size_t key_len = eq ? (size_t)(eq - s) : len;
        if (has_nul(s, key_len))
            return err_set(e, RC_BAD_REQUEST, "query",
                           "a query parameter's name contains a NUL byte (%%00)");
        if (has_nul(s, len)) {
            char name[ERR_FIELD_MAX];
            param_name(s, key_len, name);
            return err_set(e, RC_BAD_REQUEST, name[0] ? name : "query",
                           "query parameter %s contains a NUL byte (%%00)",
                           name[0] ? name : "(unnamed)");
        }
        s = amp ? amp + 1 : NULL;
    }
    return RC_OK;
}

bool http_path_safe(const char *p, unsigned long max) {
    return p[0] == '/' && !strstr(p, "..") && !strchr(p, '\\') && strlen(p) < max;
}
