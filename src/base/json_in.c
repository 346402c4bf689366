#include "base/json_in.h"

#include "base/utf8.h"

/* depth_ok — nesting depth of arrays/objects, counted outside strings, before
 * jansson builds anything (its own limit is far deeper than a request needs). */
static bool depth_ok(const char *s, size_t len) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (in_string) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '[' || ch == '{') {
            if (++depth > JSON_MAX_DEPTH)
                return false;
        } else if (ch == ']' || ch == '}') {
            depth--;
        }
    }
    return true;
}

rc_t json_decode_strict(const char *data, size_t len, json_t **out, err *e) {
    *out = NULL;
    if (!data || len == 0)
        return err_set(e, RC_BAD_REQUEST, NULL, "the request body is empty; JSON was expected");
    if (!utf8_valid(data, len))
        return err_set(e, RC_BAD_REQUEST, NULL, "the request body is not valid UTF-8");
    if (!depth_ok(data, len))
        return err_set(e, RC_BAD_REQUEST, NULL, "the JSON is nested deeper than %d levels",
                       JSON_MAX_DEPTH);
    json_error_t je;
    json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!v)
        return err_set(e, RC_BAD_REQUEST, NULL, "malformed JSON at line %d, column %d: %s", je.line,
                       je.column, je.text);
    *out = v;
    return RC_OK;
}
