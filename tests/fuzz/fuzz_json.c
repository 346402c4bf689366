/* fuzz_json.c — libFuzzer harness for request-body decoding (json_decode_strict).
 *
 * Every input goes through json_decode_strict. On failure the harness checks the
 * error promises (RC_BAD_REQUEST, a message, *out left NULL). On success it checks
 * what json_in.h promises about the value (object or array at the top, nesting no
 * deeper than JSON_MAX_DEPTH, every string and key valid UTF-8 without NUL), then
 * dumps the value — compact, and again with JSON_ENSURE_ASCII | JSON_SORT_KEYS |
 * JSON_INDENT — and requires that json_decode_strict accepts each dump and gives a
 * value json_equal to the first. Any broken promise is __builtin_trap().
 *
 * The collection validation path (check_value/merge_input in domain/collection.c)
 * is static and only reachable through collection_create/update, which need a
 * store connection, so it is not exercised here; the API tests cover it.
 *
 * Seeds: tests/fuzz/corpus/json. Build: see scripts/fuzz. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/json_in.h"
#include "base/rc.h"
#include "base/utf8.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

/* A decoded string must be what utf8_valid accepts: well-formed and NUL-free. */
static void check_text(const char *s, size_t len) {
    CHECK(s != NULL);
    CHECK(strlen(s) == len);
    CHECK(utf8_valid(s, len));
}

/* check_value — walk the value; depth counts containers, the top one being 1. */
static void check_value(const json_t *v, int depth) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        CHECK(depth <= JSON_MAX_DEPTH);
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)v, key, member) {
            check_text(key, strlen(key));
            check_value(member, depth + 1);
        }
        break;
    }
    case JSON_ARRAY: {
        CHECK(depth <= JSON_MAX_DEPTH);
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) check_value(item, depth + 1);
        break;
    }
    case JSON_STRING: check_text(json_string_value(v), json_string_length(v)); break;
    case JSON_REAL: {
        double d = json_real_value(v);
        CHECK(d == d);       /* never NaN */
        CHECK(d - d == 0.0); /* never infinite */
        break;
    }
    case JSON_INTEGER:
    case JSON_TRUE:
    case JSON_FALSE:
    case JSON_NULL: break;
    }
}

/* roundtrip — dump v with flags, decode the dump strictly, require equality. */
static void roundtrip(const json_t *v, size_t flags) {
    char *dump = json_dumps(v, flags);
    if (!dump)
        return; /* out of memory only: v is a valid object or array */
    json_t *again = NULL;
    err e;
    rc_t rc = json_decode_strict(dump, strlen(dump), &again, &e);
    CHECK(rc == RC_OK);
    CHECK(again != NULL);
    CHECK(json_equal(v, again));
    json_decref(again);
    free(dump);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    json_t *v = (json_t *)(uintptr_t)1; /* must be overwritten with NULL on failure */
    err e;
    err_clear(&e);
    rc_t rc = json_decode_strict((const char *)data, size, &v, &e);
    if (rc != RC_OK) {
        CHECK(rc == RC_BAD_REQUEST);
        CHECK(v == NULL);
        CHECK(e.rc == rc);
        CHECK(memchr(e.message, '\0', sizeof e.message) != NULL);
        CHECK(e.message[0] != '\0');
        return 0;
    }
    CHECK(v != NULL);
    CHECK(json_is_object(v) || json_is_array(v));
    CHECK(utf8_valid((const char *)data, size));
    check_value(v, 1);

    roundtrip(v, JSON_COMPACT);
    roundtrip(v, JSON_ENSURE_ASCII | JSON_SORT_KEYS | JSON_INDENT(2));

    json_decref(v);
    return 0;
}
