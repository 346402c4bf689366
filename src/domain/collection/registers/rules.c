/* rules.c — the rules the registers' field tables share (registers.h): dates in order,
 * a main date not far in the future, the term from the date, and the small readers of
 * a merged record the registers' hooks use. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case.h"
#include "domain/collection/registers/registers.h"
#include "domain/settings.h"

#define AHEAD_MONTHS 12

const char *reg_text(const json_t *rec, const char *key) {
    return json_string_value(json_object_get(rec, key));
}

int64_t reg_id(const json_t *rec, const char *key) {
    json_t *v = json_object_get(rec, key);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

bool reg_date(const json_t *rec, const char *key, date_t *out) {
    const char *s = reg_text(rec, key);
    return s && date_parse(s, out);
}

bool reg_decimal(const json_t *rec, const char *key, int scale, long long *out) {
    json_t *v = json_object_get(rec, key);
    char text[64];
    if (json_is_string(v))
        return decimal_parse(json_string_value(v), scale, out);
    if (json_is_integer(v))
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) /* the field's check let at most scale decimals through */
        snprintf(text, sizeof text, "%.*f", scale, json_real_value(v));
    else
        return false;
    return decimal_parse(text, scale, out);
}

bool reg_before(const json_t *rec, const char *then, const char *first) {
    date_t a, b;
    return reg_date(rec, first, &a) && reg_date(rec, then, &b) && b < a;
}

void reg_set_date(json_t *rec, const char *key, bool has, date_t d) {
    char s[11];
    if (has)
        date_format(d, s);
    json_object_set_new(rec, key, has ? json_string(s) : json_null());
}

date_t reg_today(store_conn *c, const json_t *rec) {
    return date_today_at((int)settings_get(c, reg_id(rec, "congress_id"), "utc_offset_minutes"));
}

rc_t check_dates(const json_t *rec, const char *start, const char *end, err *e) {
    if (reg_before(rec, end, start))
        return err_set(e, RC_INVALID, end, "%s must not be before %s", end, start);
    return RC_OK;
}

rc_t register_span(store_conn *c, const json_t *rec, const char *start, const char *end, err *e) {
    date_t d;
    if (reg_date(rec, start, &d) && d > date_add_months(reg_today(c, rec), AHEAD_MONTHS))
        return err_set(e, RC_INVALID, start, "%s must not be more than a year from today", start);
    return end ? check_dates(rec, start, end, e) : RC_OK;
}

rc_t register_term(store_conn *c, json_t *rec, const char *key, err *e) {
    date_t d;
    int64_t term = 0;
    if (reg_id(rec, "term_id") || !reg_date(rec, key, &d))
        return RC_OK;
    rc_t rc = case_term_at(c, reg_id(rec, "congress_id"), d, &term, NULL, e);
    if (rc == RC_OK && term)
        json_object_set_new(rec, "term_id", json_integer(term));
    return rc;
}
