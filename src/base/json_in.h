/* json_in.h — strict decoding of request bodies. */
#ifndef RENDA_JSON_IN_H
#define RENDA_JSON_IN_H

#include <jansson.h>
#include <stddef.h>

#include "base/rc.h"

#define JSON_MAX_DEPTH 32

/* json_decode_strict — parse a complete JSON document. Rejects (RC_BAD_REQUEST with
 * a message saying where): empty input, invalid UTF-8, nesting deeper than
 * JSON_MAX_DEPTH, duplicate object keys, NUL characters, trailing garbage. The
 * caller owns *out (json_decref). */
rc_t json_decode_strict(const char *data, size_t len, json_t **out, err *e);

#endif
