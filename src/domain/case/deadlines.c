/* deadlines.c — the congress's today, its holiday calendar, and the end of a period in
 * months, days or working days (DOMAIN.md: months clamp to the month's end; working
 * days skip weekends and holidays but count make-up working days). */
#include <stdlib.h>

#include "domain/case/case_impl.h"
#include "domain/settings.h"

#define HOLIDAYS_MAX 20000

date_t case_due_months(date_t assigned, int months) { return date_add_months(assigned, months); }
date_t case_due_days(date_t assigned, int days) { return assigned + days; }

date_t case_today(store_conn *c, int64_t congress_id) {
    return date_today_at((int)settings_get(c, congress_id, "utc_offset_minutes"));
}

rc_t case_holidays(store_conn *c, int64_t congress_id, date_exception **out, size_t *n, err *e) {
    *out = NULL;
    *n = 0;
    store_stmt *st = NULL;
    store_params b = {.n = 0};
    store_param_int(&b, congress_id);
    rc_t rc = store_prepare_with(c, "SELECT day, working FROM holidays WHERE congress_id = ? "
                                    "ORDER BY day", &b, &st, e);
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

rc_t case_period_end(store_conn *c, int64_t congress_id, case_period p, date_t from,
                     date_t *out, err *e) {
    int n = (int)settings_get(c, congress_id, p.setting);
    switch (p.unit) {
    case DUE_MONTHS:
        *out = case_due_months(from, n);
        return RC_OK;
    case DUE_DAYS:
        *out = case_due_days(from, n);
        return RC_OK;
    case DUE_WORKING_DAYS: {
        date_exception *ex = NULL;
        size_t nex = 0;
        rc_t rc = case_holidays(c, congress_id, &ex, &nex, e);
        if (rc == RC_OK)
            *out = date_add_working_days(from, n, ex, nex);
        free(ex);
        return rc;
    }
    }
    return err_set(e, RC_INTERNAL, NULL, "a period of no known unit");
}

rc_t case_clock_open(store_conn *c, int64_t congress_id, case_clock *cl, err *e) {
    cl->today = case_today(c, congress_id);
    rc_t rc = case_holidays(c, congress_id, &cl->cal, &cl->ncal, e);
    if (rc == RC_OK)
        cl->soon = date_add_working_days(
            cl->today, (int)settings_get(c, congress_id, "due_soon_working_days"), cl->cal,
            cl->ncal);
    return rc;
}

void case_clock_close(case_clock *cl) {
    free(cl->cal);
    cl->cal = NULL;
    cl->ncal = 0;
}
