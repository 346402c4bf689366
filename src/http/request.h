/* request.h — checks on a request target as the client sent it, before
 * libmicrohttpd unescapes it. Pure functions: the server and the fuzz harness
 * (tests/fuzz/fuzz_request.c) run the same code. */
#ifndef RENDA_HTTP_REQUEST_H
#define RENDA_HTTP_REQUEST_H

#include <stdbool.h>

#include "base/rc.h"

/* http_check_target — refuse a target whose path, or a query parameter's name or
 * value, unescapes to a NUL byte (%00): everything after libmicrohttpd sees a C
 * string, which would end there. RC_BAD_REQUEST with field "path", or the
 * parameter's name (as far as it goes before a NUL; "query" when that is empty or not
 * UTF-8). target may be NULL (no target): RC_OK. */
rc_t http_check_target(const char *target, err *e);

/* http_path_safe — may a web-app path be looked up under the web directory? Starts
 * with '/', no "..", no backslash, shorter than max. */
bool http_path_safe(const char *path, unsigned long max);

#endif
