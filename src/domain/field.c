/* field.c — field types: checking, binding, reading, import cells, export text and
 * schema (see field.h). */
#include "domain/field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"

#define LIST_TEXT_MAX 512
#define DATETIME_LEN 20 /* YYYY-MM-DDTHH:MM:SSZ */
#define DIGITS_MAX 18   /* of a decimal's minor units: stays inside int64 */

static const char *const type_names[FT_COUNT] = {
    [FT_TEXT] = "text",
    [FT_INT] = "int",
    [FT_BOOL] = "bool",
    [FT_DECIMAL] = "decimal",
    [FT_DATE] = "date",
    [FT_DATETIME] = "datetime",
    [FT_ENUM] = "enum",
    [FT_REF] = "ref",
    [FT_REFS] = "refs",
    [FT_LIST] = "list",
    [FT_ATTACHMENTS] = "attachments",
};

const char *field_type_name(field_type t) { return t < FT_COUNT ? type_names[t] : "?"; }

bool field_is_column(const field_def *f) {
    return f->type != FT_REFS && f->type != FT_LIST && f->type != FT_ATTACHMENTS &&
           !(f->flags & FF_COMPUTED);
}

void field_name_key(const field_def *f, char out[FIELD_KEY_MAX]) {
    const char *suffix = f->type == FT_REFS ? "_ids" : "_id";
    size_t n = strlen(f->name), s = strlen(suffix);
    if (n > s && strcmp(f->name + n - s, suffix) == 0)
        n -= s;
    snprintf(out, FIELD_KEY_MAX, "%.*s%s", (int)n, f->name,
             f->type == FT_REFS ? "_names" : "_name");
}

/* ---- enums ------------------------------------------------------------------------- */

const enum_value *field_enum_values(const field_def *f, store_conn *c, int64_t congress_id,
                                    arena *a) {
    if (f->values_fn)
        return f->values_fn(c, congress_id, a);
    return f->values;
}

const enum_value *enum_find(const enum_value *values, const char *id) {
    for (const enum_value *v = values; v && v->id && id; v++)
        if (strcmp(v->id, id) == 0)
            return v;
    return NULL;
}

const char *enum_match(const enum_value *values, const char *text) {
    for (const enum_value *v = values; v && v->id && text; v++)
        if (strcmp(v->id, text) == 0 || (v->zh && strcmp(v->zh, text) == 0) ||
            (v->en && strcmp(v->en, text) == 0))
            return v->id;
    return NULL;
}

const char *enum_label(const enum_value *values, const char *id) {
    const enum_value *v = enum_find(values, id);
    return v && v->zh ? v->zh : id;
}

void enum_list(const enum_value *values, bool zh, char *out, size_t cap) {
    size_t used = 0;
    out[0] = '\0';
    for (const enum_value *v = values; v && v->id && used < cap; v++) {
        int n = snprintf(out + used, cap - used, "%s%s", used ? (zh ? "、" : ", ") : "",
                         zh && v->zh ? v->zh : v->id);
        if (n < 0 || (size_t)n >= cap - used) {
            out[used] = '\0'; /* whole entries only */
            break;
        }
        used += (size_t)n;
    }
}

/* ---- numbers and text -------------------------------------------------------------- */

bool parse_whole(const char *s, long long *out) {
    if (!s || !*s)
        return false;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (end == s)
        return false;
    if (*end == '.') { /* "12.0" from a spreadsheet */
        const char *z = end + 1;
        while (*z == '0')
            z++;
        if (*z == '\0' && z > end + 1)
            end = (char *)z;
    }
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

bool decimal_parse(const char *s, int scale, long long *out) {
    if (!s || scale < 0 || scale > DECIMAL_SCALE_MAX)
        return false;
    bool neg = *s == '-';
    if (neg || *s == '+')
        s++;
    long long v = 0;
    int digits = 0, decimals = -1;
    for (; *s; s++) {
        if (*s == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || ++digits > DIGITS_MAX)
            return false;
        if (decimals >= 0 && ++decimals > scale)
            return false;
        v = v * 10 + (*s - '0');
    }
    if (!digits)
        return false;
    for (int i = decimals < 0 ? 0 : decimals; i < scale; i++) {
        if (++digits > DIGITS_MAX)
            return false;
        v *= 10;
    }
    *out = neg ? -v : v;
    return true;
}

void decimal_format(long long minor, int scale, char *out, size_t cap) {
    unsigned long long u =
        minor < 0 ? (unsigned long long)(-(minor + 1)) + 1 : (unsigned long long)minor;
    unsigned long long div = 1;
    if (scale > DECIMAL_SCALE_MAX)
        scale = DECIMAL_SCALE_MAX;
    for (int i = 0; i < scale; i++)
        div *= 10;
    if (scale > 0)
        snprintf(out, cap, "%s%llu.%0*llu", minor < 0 ? "-" : "", u / div, scale & 7, u % div);
    else
        snprintf(out, cap, "%s%llu", minor < 0 ? "-" : "", u);
}

char *like_pattern(arena *a, const char *word, size_t n) {
    char *pat = arena_alloc(a, 2 * n + 3);
    if (!pat)
        return NULL;
    size_t j = 0;
    pat[j++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (word[i] == '%' || word[i] == '_' || word[i] == '\\')
            pat[j++] = '\\';
        pat[j++] = word[i];
    }
    pat[j++] = '%';
    pat[j] = '\0';
    return pat;
}

/* datetime_valid — 'YYYY-MM-DDTHH:MM:SSZ' with a real date and time. */
static bool datetime_valid(const char *s) {
    date_t d;
    char day[11];
    if (!s || strlen(s) != DATETIME_LEN || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        s[19] != 'Z')
        return false;
    memcpy(day, s, 10);
    day[10] = '\0';
    if (!date_parse(day, &d))
        return false;
    for (int i = 11; i < 19; i++)
        if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
            return false;
    int h = (s[11] - '0') * 10 + (s[12] - '0'), m = (s[14] - '0') * 10 + (s[15] - '0');
    int sec = (s[17] - '0') * 10 + (s[18] - '0');
    return h < 24 && m < 60 && sec < 60;
}

bool field_blank(const json_t *v) {
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return false;
    for (const char *s = json_string_value(v); *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

/* decimal_of — a JSON decimal (a string "12.50", an integer, or a real with at most
 * scale decimals) as minor units. */
static bool decimal_of(const json_t *v, int scale, long long *out) {
    char text[64];
    if (json_is_string(v))
        return decimal_parse(json_string_value(v), scale, out);
    if (json_is_integer(v)) {
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
        return decimal_parse(text, scale, out);
    }
    if (json_is_real(v)) {
        /* the shortest text that reads back as the same double: 0.1 stays "0.1" */
        double d = json_real_value(v);
        for (int digits = 1; digits <= 17; digits++) {
            snprintf(text, sizeof text, "%.*g", digits, d);
            if (strtod(text, NULL) == d)
                break;
        }
        return strchr(text, 'e') == NULL && decimal_parse(text, scale, out);
    }
    return false;
}

/* ---- checking ----------------------------------------------------------------------- */

static rc_t check_list(const field_def *f, const json_t *v, err *e) {
    if (!json_is_array(v) || json_array_size(v) > FIELD_LIST_MAX)
        return err_set(e, RC_INVALID, f->name, "%s must be a list of at most %d entries", f->name,
                       FIELD_LIST_MAX);
    size_t i;
    const json_t *item;
    json_array_foreach(v, i, item) {
        if (!json_is_object(item))
            return err_set(e, RC_INVALID, f->name, "each entry of %s must be an object", f->name);
        const char *key;
        json_t *x;
        json_object_foreach((json_t *)item, key, x) {
            const field_def *sub = NULL;
            for (int k = 0; k < f->nitems && !sub; k++)
                if (strcmp(f->items[k].name, key) == 0)
                    sub = &f->items[k];
            if (!sub)
                return err_set(e, RC_INVALID, f->name, "an entry of %s has no field %s", f->name,
                               key);
        }
        for (int k = 0; k < f->nitems; k++) {
            const field_def *sub = &f->items[k];
            const json_t *val = json_object_get(item, sub->name);
            if ((sub->flags & FF_REQUIRED) && field_blank(val))
                return err_set(e, RC_INVALID, f->name, "each entry of %s needs %s", f->name,
                               sub->name);
            err inner;
            if (val && field_value_check(sub, sub->values, val, &inner) != RC_OK)
                return err_set(e, RC_INVALID, f->name, "%s: %s", f->name, inner.message);
        }
    }
    return RC_OK;
}

rc_t field_value_check(const field_def *f, const enum_value *values, const json_t *v, err *e) {
    if (!v || json_is_null(v))
        return RC_OK;
    switch (f->type) {
    case FT_TEXT: {
        if (!json_is_string(v))
            return err_set(e, RC_INVALID, f->name, "%s must be text", f->name);
        const char *s = json_string_value(v);
        if (json_string_length(v) != strlen(s))
            return err_set(e, RC_INVALID, f->name, "%s must not contain NUL characters", f->name);
        if (f->max_len && utf8_chars(s) > (size_t)f->max_len)
            return err_set(e, RC_INVALID, f->name, "%s is longer than %d characters", f->name,
                           f->max_len);
        return RC_OK;
    }
    case FT_BOOL:
        if (json_is_boolean(v) ||
            (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)))
            return RC_OK;
        return err_set(e, RC_INVALID, f->name, "%s must be true or false", f->name);
    case FT_INT:
    case FT_REF: {
        if (!json_is_integer(v))
            return err_set(e, RC_INVALID, f->name, "%s must be a whole number", f->name);
        long long n = json_integer_value(v);
        if (f->type == FT_REF && n < 1)
            return err_set(e, RC_INVALID, f->name, "%s must be a record id", f->name);
        if (f->type == FT_INT && (n < f->min || n > f->max))
            return err_set(e, RC_INVALID, f->name, "%s must be between %lld and %lld", f->name,
                           f->min, f->max);
        return RC_OK;
    }
    case FT_DECIMAL: {
        long long n = 0;
        char lo[40], hi[40];
        if (!decimal_of(v, f->scale, &n))
            return err_set(e, RC_INVALID, f->name, "%s must be a number with at most %d decimals",
                           f->name, f->scale);
        if ((f->min || f->max) && (n < f->min || n > f->max)) {
            decimal_format(f->min, f->scale, lo, sizeof lo);
            decimal_format(f->max, f->scale, hi, sizeof hi);
            return err_set(e, RC_INVALID, f->name, "%s must be between %s and %s", f->name, lo, hi);
        }
        return RC_OK;
    }
    case FT_DATE: {
        date_t dd;
        if (!json_is_string(v) || !date_parse(json_string_value(v), &dd))
            return err_set(e, RC_INVALID, f->name, "%s must be a date written YYYY-MM-DD", f->name);
        return RC_OK;
    }
    case FT_DATETIME:
        if (!json_is_string(v) || !datetime_valid(json_string_value(v)))
            return err_set(e, RC_INVALID, f->name,
                           "%s must be a time written YYYY-MM-DDTHH:MM:SSZ (UTC)", f->name);
        return RC_OK;
    case FT_REFS: {
        if (!json_is_array(v) || json_array_size(v) > REFS_MAX)
            return err_set(e, RC_INVALID, f->name, "%s must be a list of at most %d record ids",
                           f->name, REFS_MAX);
        size_t k;
        json_t *x;
        json_array_foreach(v, k, x) {
            if (!json_is_integer(x) || json_integer_value(x) < 1)
                return err_set(e, RC_INVALID, f->name, "%s must be a list of record ids", f->name);
        }
        return RC_OK;
    }
    case FT_ENUM: {
        if (!json_is_string(v) || !enum_find(values, json_string_value(v))) {
            char list[LIST_TEXT_MAX], zh[LIST_TEXT_MAX];
            enum_list(values, false, list, sizeof list);
            enum_list(values, true, zh, sizeof zh);
            return err_set(e, RC_INVALID, f->name, ENUM_FMT, f->name, list, zh);
        }
        return RC_OK;
    }
    case FT_LIST: return check_list(f, v, e);
    case FT_ATTACHMENTS:
        return err_set(e, RC_INVALID, f->name, "%s are uploaded as files, not written", f->name);
    case FT_COUNT: break;
    }
    return err_set(e, RC_INTERNAL, f->name, "field %s has no type", f->name);
}

/* ---- store and JSON ------------------------------------------------------------------ */

void field_bind(store_params *p, const field_def *f, const json_t *v) {
    long long n = 0;
    if (!v || json_is_null(v)) {
        if (f->def && f->type == FT_BOOL)
            store_param_int(p, strcmp(f->def, "1") == 0 || strcmp(f->def, "true") == 0);
        else if (f->def && f->type == FT_INT && parse_whole(f->def, &n))
            store_param_int(p, n);
        else
            store_param_text(p, f->def);
        return;
    }
    switch (f->type) {
    case FT_BOOL:
        store_param_int(p, json_is_boolean(v) ? json_is_true(v) : json_integer_value(v) != 0);
        return;
    case FT_DECIMAL:
        if (decimal_of(v, f->scale, &n))
            store_param_int(p, n);
        else
            store_param_text(p, NULL);
        return;
    case FT_INT:
    case FT_REF: store_param_int(p, json_integer_value(v)); return;
    default: store_param_text(p, field_blank(v) ? NULL : json_string_value(v)); return;
    }
}

json_t *field_column_json(const field_def *f, store_stmt *st, int i) {
    if (store_column_null(st, i))
        return json_null();
    switch (f->type) {
    case FT_BOOL: return json_boolean(store_column_int(st, i) != 0);
    case FT_INT:
    case FT_REF: return json_integer(store_column_int(st, i));
    case FT_DECIMAL: {
        char text[40];
        decimal_format(store_column_int(st, i), f->scale, text, sizeof text);
        return json_string(text);
    }
    default: {
        const char *s = store_column_text(st, i);
        return s ? json_string(s) : json_null();
    }
    }
}

/* bool_text — the words a spreadsheet or a person uses for yes and no. */
static int bool_text(const char *s) {
    static const char *const yes[] = {"1", "true", "TRUE", "True", "是", "yes", "Y", "y", NULL};
    static const char *const no[] = {"0", "false", "FALSE", "False", "否", "no", "N", "n", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcmp(s, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i]; i++)
        if (strcmp(s, no[i]) == 0)
            return 0;
    return -1;
}

json_t *field_from_text(const field_def *f, const enum_value *values, const char *s) {
    if (!s || !*s)
        return NULL;
    long long n;
    switch (f->type) {
    case FT_REFS: { /* "3,17,42"; anything else is kept as text and refused */
        json_t *arr = json_array();
        for (const char *p = s; *p;) {
            char *end = NULL;
            long long id = strtoll(p, &end, 10);
            if (end == p) {
                json_decref(arr);
                return json_string(s);
            }
            json_array_append_new(arr, json_integer(id));
            p = end;
            while (*p == ',' || *p == ' ' || *p == ';' || *p == '\xef') /* also "，" */
                p += *p == '\xef' && p[1] == '\xbc' && p[2] == '\x8c' ? 3 : 1;
        }
        return arr;
    }
    case FT_INT:
    case FT_REF: return parse_whole(s, &n) ? json_integer(n) : json_string(s);
    case FT_BOOL: {
        int b = bool_text(s);
        return b < 0 ? json_string(s) : json_boolean(b);
    }
    case FT_ENUM: {
        const char *id = enum_match(values, s);
        return json_string(id ? id : s);
    }
    default: return json_string(s);
    }
}

const char *field_display(arena *a, const field_def *f, const enum_value *values, const json_t *v) {
    if (!v || json_is_null(v))
        return "";
    if (json_is_boolean(v))
        return json_is_true(v) ? "是" : "否";
    if (json_is_integer(v)) {
        if (f && f->type == FT_BOOL)
            return json_integer_value(v) ? "是" : "否";
        return arena_printf(a, "%lld", (long long)json_integer_value(v));
    }
    if (json_is_array(v)) { /* FT_REFS: "3,17,42" */
        const char *out = "";
        size_t k;
        json_t *x;
        json_array_foreach(v, k, x) {
            out = arena_printf(a, "%s%s%lld", out ? out : "", k ? "," : "",
                               (long long)json_integer_value(x));
        }
        return out ? out : "";
    }
    const char *s = json_string_value(v);
    if (!s)
        return "";
    if (f && f->type == FT_ENUM)
        return enum_label(values, s);
    return s;
}

tab_cell field_cell(arena *a, const field_def *f, const enum_value *values, const json_t *v) {
    long long n = 0;
    date_t d;
    if (!v || json_is_null(v))
        return tab_empty();
    if (f && f->type == FT_DECIMAL && json_is_string(v) &&
        decimal_parse(json_string_value(v), f->scale, &n))
        return tab_decimal(n, f->scale);
    if (f && f->type == FT_DATE && json_is_string(v) && date_parse(json_string_value(v), &d))
        return tab_date(d);
    if (json_is_boolean(v) || (f && f->type == FT_BOOL && json_is_integer(v)))
        return tab_bool(json_is_boolean(v) ? json_is_true(v) : json_integer_value(v) != 0);
    if (json_is_integer(v))
        return tab_int(json_integer_value(v));
    /* a copy: the value's record may be gone before the file is written */
    return tab_text(arena_strdup(a, field_display(a, f, values, v)));
}

json_t *field_schema(const field_def *f, const enum_value *values) {
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b}", "name", f->name, "label_zh",
                  f->label_zh, "label_en", f->label_en, "type", field_type_name(f->type),
                  "required", (f->flags & FF_REQUIRED) != 0, "search", (f->flags & FF_SEARCH) != 0,
                  "filter", (f->flags & FF_FILTER) != 0, "sort", (f->flags & FF_SORT) != 0, "long",
                  (f->flags & FF_LONG) != 0);
    if (f->flags & (FF_READ_ONLY | FF_ACTION_ONLY))
        json_object_set_new(o, "read_only", json_true());
    if (f->flags & FF_HIDDEN)
        json_object_set_new(o, "hidden", json_true());
    if (f->flags & FF_PUBLIC)
        json_object_set_new(o, "public", json_true());
    if (f->flags & FF_MAIN_DATE)
        json_object_set_new(o, "main_date", json_true());
    if (f->flags & FF_DRAFT_ONLY)
        json_object_set_new(o, "draft_only", json_true());
    if (f->flags & FF_FIXED)
        json_object_set_new(o, "fixed", json_true());
    if (f->type == FT_TEXT && f->max_len)
        json_object_set_new(o, "max_len", json_integer(f->max_len));
    if (f->type == FT_INT) {
        json_object_set_new(o, "min", json_integer(f->min));
        json_object_set_new(o, "max", json_integer(f->max));
    }
    if (f->type == FT_DECIMAL)
        json_object_set_new(o, "scale", json_integer(f->scale));
    if (f->type == FT_REF || f->type == FT_REFS) {
        char key[FIELD_KEY_MAX];
        field_name_key(f, key);
        json_object_set_new(o, "ref", json_string(f->ref));
        json_object_set_new(o, f->type == FT_REF ? "name_key" : "names_key", json_string(key));
    } else if (f->ref) {
        /* an action's id input that names no collection: "people" (one of the case's
         * people), "self" (a case of the same kind), "extensions" (a request) */
        json_object_set_new(o, "ref", json_string(f->ref));
    }
    if (f->type == FT_ENUM) {
        json_t *vals = json_array();
        for (const enum_value *v = values; v && v->id; v++)
            json_array_append_new(vals, json_pack("{s:s, s:s, s:s}", "id", v->id, "label_zh",
                                                  v->zh ? v->zh : v->id, "label_en",
                                                  v->en ? v->en : v->id));
        json_object_set_new(o, "values", vals);
    }
    if (f->type == FT_LIST) {
        json_t *items = json_array();
        for (int i = 0; i < f->nitems; i++)
            json_array_append_new(items, field_schema(&f->items[i], f->items[i].values));
        json_object_set_new(o, "items", items);
    }
    if (f->def)
        json_object_set_new(o, "default", json_string(f->def));
    if (f->when_field)
        json_object_set_new(
            o, "when", json_pack("{s:s, s:s}", "field", f->when_field, "value", f->when_value));
    return o;
}
