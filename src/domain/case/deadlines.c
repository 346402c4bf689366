/* deadlines.c — the congress's today, its holiday calendar, and the end of a period in
 * months, days or working days (DOMAIN.md: months clamp to the month's end; working
 * days skip weekends and holidays but count make-up working days). */
#include <stdlib.h>

#include "domain/case/case_impl.h"
#include "domain/settings.h"

#define HOLIDAYS_MAX 20000
#define CALENDAR_FIRST "0000-01-01"
#define CALENDAR_LAST "9999-12-31"

date_t case_due_months(date_t assigned, int months) { return date_add_months(assigned, months); }
date_t case_due_days(date_t assigned, int days) { return assigned + days; }

date_t case_today(store_conn *c, int64_t congress_id) {
    return date_today_at((int)settings_get(c, congress_id, "utc_offset_minutes"));
}

/* read_holidays — the calendar's exceptions from `from` to `to` (texts YYYY-MM-DD,
 * inclusive), sorted by day; caller frees *out. */
static rc_t read_holidays(store_conn *c, int64_t congress_id, const char *from, const char *to,
                          date_exception **out, size_t *n, err *e) {
    *out = NULL;
    *n = 0;
    store_stmt *st = NULL;
    store_params b = {.n = 0};
    store_param_int(&b, congress_id);
    store_param_text(&b, from);
    store_param_text(&b, to);
    rc_t rc = store_prepare_with(c,
                                 "SELECT day, working FROM holidays WHERE congress_id = ? "
                                 "AND day >= ? AND day <= ? ORDER BY day",
                                 &b, &st, e);
    size_t cap = 0;
    while (rc == RC_OK && *n < HOLIDAYS_MAX && store_next(st, &rc, e)) {
        date_t d;
        if (!date_parse(store_column_text(st, 0), &d))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            date_exception *grown = realloc(*out, cap * sizeof **out);
            if (!grown) {
                rc = err_set(e, RC_NOMEM, NULL, "out of memory reading holidays");
                break;
            }
            *out = grown;
        }
        (*out)[*n].day = d;
        (*out)[*n].working = store_column_int(st, 1) != 0;
        (*n)++;
    }
    store_finish(st);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

rc_t case_holidays(store_conn *c, int64_t congress_id, date_exception **out, size_t *n, err *e) {
    return read_holidays(c, congress_id, CALENDAR_FIRST, CALENDAR_LAST, out, n, e);
}

/* A period whose last day is a rest day ends on the next working day (民法典 art. 203),
 * by the holiday calendar, when the setting says so (default on). Working days always
 * end on a working day. */
rc_t case_period_end(store_conn *c, int64_t congress_id, case_period p, date_t from, date_t *out,
                     err *e) {
    int n = (int)settings_get(c, congress_id, p.setting);
    bool roll = settings_get(c, congress_id, "deadline_rest_day_rule") != 0;
    date_t end = from;
    switch (p.unit) {
    case DUE_MONTHS: end = case_due_months(from, n); break;
    case DUE_DAYS: end = case_due_days(from, n); break;
    case DUE_WORKING_DAYS: roll = true; break;
    default: return err_set(e, RC_INTERNAL, NULL, "a period of no known unit");
    }
    if (!roll) {
        *out = end;
        return RC_OK;
    }
    date_exception *ex = NULL;
    size_t nex = 0;
    rc_t rc = case_holidays(c, congress_id, &ex, &nex, e);
    if (rc == RC_OK && p.unit == DUE_WORKING_DAYS)
        end = date_add_working_days(from, n, ex, nex);
    else if (rc == RC_OK)
        end = date_next_working(end, ex, nex);
    free(ex);
    if (rc == RC_OK)
        *out = end;
    return rc;
}

/* The day that ends "due soon" depends only on the calendar after today: read the
 * exceptions within a window the setting's working days cannot outrun but on a
 * calendar with more days off than working days, and the whole calendar only then. */
#define SOON_WINDOW_DAYS(n) (3 * (n) + 60)

rc_t case_clock_open(store_conn *c, int64_t congress_id, case_clock *cl, err *e) {
    cl->today = case_today(c, congress_id);
    int n = (int)settings_get(c, congress_id, "due_soon_working_days");
    date_t until = cl->today + SOON_WINDOW_DAYS(n);
    char from_s[11], until_s[11];
    date_format(cl->today + 1, from_s);
    date_format(until, until_s);
    rc_t rc = read_holidays(c, congress_id, from_s, until_s, &cl->cal, &cl->ncal, e);
    if (rc == RC_OK)
        cl->soon = date_add_working_days(cl->today, n, cl->cal, cl->ncal);
    if (rc == RC_OK && cl->soon > until) {
        case_clock_close(cl);
        rc = case_holidays(c, congress_id, &cl->cal, &cl->ncal, e);
        if (rc == RC_OK)
            cl->soon = date_add_working_days(cl->today, n, cl->cal, cl->ncal);
    }
    return rc;
}

void case_clock_close(case_clock *cl) {
    free(cl->cal);
    cl->cal = NULL;
    cl->ncal = 0;
}
