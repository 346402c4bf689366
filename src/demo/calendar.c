/* calendar.c — China's public holidays and make-up working days as the State Council's
 * General Office published them (国务院办公厅关于…部分节假日安排的通知), from the autumn
 * before the 16th term to 2026: the congress's holidays records (each year's written on
 * the first working day of the December before, when the notice is out; those the
 * 16th term starts with, the day before it), and the planner's working days. */
#include <stdlib.h>

#include "demo/demo_impl.h"

/* Each holiday period as published (first and last day off), and the make-up working
 * days (调休上班). */
static const struct {
    const char *first, *last, *name;
} HOLIDAYS[] = {
    /* 国办发明电〔2015〕18号 (2016), from the autumn before the 16th term */
    {"2016-09-15", "2016-09-17", "中秋节"},
    {"2016-10-01", "2016-10-07", "国庆节"},
    /* 国办发明电〔2016〕17号 (2017) */
    {"2016-12-31", "2017-01-02", "元旦"},
    {"2017-01-27", "2017-02-02", "春节"},
    {"2017-04-02", "2017-04-04", "清明节"},
    {"2017-04-29", "2017-05-01", "劳动节"},
    {"2017-05-28", "2017-05-30", "端午节"},
    {"2017-10-01", "2017-10-08", "中秋节、国庆节"},
    /* 国办发明电〔2017〕12号 (2018) */
    {"2017-12-30", "2018-01-01", "元旦"},
    {"2018-02-15", "2018-02-21", "春节"},
    {"2018-04-05", "2018-04-07", "清明节"},
    {"2018-04-29", "2018-05-01", "劳动节"},
    {"2018-06-16", "2018-06-18", "端午节"},
    {"2018-09-22", "2018-09-24", "中秋节"},
    {"2018-10-01", "2018-10-07", "国庆节"},
    /* 国办发明电〔2018〕15号 (2019; 劳动节 as changed by 国办发明电〔2019〕2号) */
    {"2018-12-30", "2019-01-01", "元旦"},
    {"2019-02-04", "2019-02-10", "春节"},
    {"2019-04-05", "2019-04-07", "清明节"},
    {"2019-05-01", "2019-05-04", "劳动节"},
    {"2019-06-07", "2019-06-09", "端午节"},
    {"2019-09-13", "2019-09-15", "中秋节"},
    {"2019-10-01", "2019-10-07", "国庆节"},
    /* 国办发明电〔2019〕16号 (2020; 春节 extended to 2 February by 国办发明电〔2020〕1号) */
    {"2020-01-01", "2020-01-01", "元旦"},
    {"2020-01-24", "2020-02-02", "春节"},
    {"2020-04-04", "2020-04-06", "清明节"},
    {"2020-05-01", "2020-05-05", "劳动节"},
    {"2020-06-25", "2020-06-27", "端午节"},
    {"2020-10-01", "2020-10-08", "国庆节、中秋节"},
    /* 2021–2026 */
    {"2021-01-01", "2021-01-03", "元旦"},
    {"2021-02-11", "2021-02-17", "春节"},
    {"2021-04-03", "2021-04-05", "清明节"},
    {"2021-05-01", "2021-05-05", "劳动节"},
    {"2021-06-12", "2021-06-14", "端午节"},
    {"2021-09-19", "2021-09-21", "中秋节"},
    {"2021-10-01", "2021-10-07", "国庆节"},
    {"2022-01-01", "2022-01-03", "元旦"},
    {"2022-01-31", "2022-02-06", "春节"},
    {"2022-04-03", "2022-04-05", "清明节"},
    {"2022-04-30", "2022-05-04", "劳动节"},
    {"2022-06-03", "2022-06-05", "端午节"},
    {"2022-09-10", "2022-09-12", "中秋节"},
    {"2022-10-01", "2022-10-07", "国庆节"},
    {"2022-12-31", "2023-01-02", "元旦"},
    {"2023-01-21", "2023-01-27", "春节"},
    {"2023-04-05", "2023-04-05", "清明节"},
    {"2023-04-29", "2023-05-03", "劳动节"},
    {"2023-06-22", "2023-06-24", "端午节"},
    {"2023-09-29", "2023-10-06", "中秋节、国庆节"},
    {"2024-01-01", "2024-01-01", "元旦"},
    {"2024-02-10", "2024-02-17", "春节"},
    {"2024-04-04", "2024-04-06", "清明节"},
    {"2024-05-01", "2024-05-05", "劳动节"},
    {"2024-06-10", "2024-06-10", "端午节"},
    {"2024-09-15", "2024-09-17", "中秋节"},
    {"2024-10-01", "2024-10-07", "国庆节"},
    {"2025-01-01", "2025-01-01", "元旦"},
    {"2025-01-28", "2025-02-04", "春节"},
    {"2025-04-04", "2025-04-06", "清明节"},
    {"2025-05-01", "2025-05-05", "劳动节"},
    {"2025-05-31", "2025-06-02", "端午节"},
    {"2025-10-01", "2025-10-08", "国庆节、中秋节"},
    {"2026-01-01", "2026-01-03", "元旦"},
    {"2026-02-15", "2026-02-23", "春节"},
    {"2026-04-04", "2026-04-06", "清明节"},
    {"2026-05-01", "2026-05-05", "劳动节"},
    {"2026-06-19", "2026-06-21", "端午节"},
    {"2026-09-25", "2026-09-27", "中秋节"},
    {"2026-10-01", "2026-10-07", "国庆节"},
};

static const struct {
    const char *day, *name;
} WORKDAYS[] = {
    {"2016-09-18", "中秋节调休上班"}, {"2016-10-08", "国庆节调休上班"},
    {"2016-10-09", "国庆节调休上班"}, {"2017-01-22", "春节调休上班"},
    {"2017-02-04", "春节调休上班"},   {"2017-04-01", "清明节调休上班"},
    {"2017-05-27", "端午节调休上班"}, {"2017-09-30", "国庆节调休上班"},
    {"2018-02-11", "春节调休上班"},   {"2018-02-24", "春节调休上班"},
    {"2018-04-08", "清明节调休上班"}, {"2018-04-28", "劳动节调休上班"},
    {"2018-09-29", "国庆节调休上班"}, {"2018-09-30", "国庆节调休上班"},
    {"2018-12-29", "元旦调休上班"},   {"2019-02-02", "春节调休上班"},
    {"2019-02-03", "春节调休上班"},   {"2019-04-28", "劳动节调休上班"},
    {"2019-05-05", "劳动节调休上班"}, {"2019-09-29", "国庆节调休上班"},
    {"2019-10-12", "国庆节调休上班"}, {"2020-01-19", "春节调休上班"},
    {"2020-04-26", "劳动节调休上班"}, {"2020-05-09", "劳动节调休上班"},
    {"2020-06-28", "端午节调休上班"}, {"2020-09-27", "国庆节调休上班"},
    {"2020-10-10", "国庆节调休上班"}, {"2021-02-07", "春节调休上班"},
    {"2021-02-20", "春节调休上班"},   {"2021-04-25", "劳动节调休上班"},
    {"2021-05-08", "劳动节调休上班"}, {"2021-09-18", "中秋节调休上班"},
    {"2021-09-26", "国庆节调休上班"}, {"2021-10-09", "国庆节调休上班"},
    {"2022-01-29", "春节调休上班"},   {"2022-01-30", "春节调休上班"},
    {"2022-04-02", "清明节调休上班"}, {"2022-04-24", "劳动节调休上班"},
    {"2022-05-07", "劳动节调休上班"}, {"2022-10-08", "国庆节调休上班"},
    {"2022-10-09", "国庆节调休上班"}, {"2023-01-28", "春节调休上班"},
    {"2023-01-29", "春节调休上班"},   {"2023-04-23", "劳动节调休上班"},
    {"2023-05-06", "劳动节调休上班"}, {"2023-06-25", "端午节调休上班"},
    {"2023-10-07", "国庆节调休上班"}, {"2023-10-08", "国庆节调休上班"},
    {"2024-02-04", "春节调休上班"},   {"2024-02-18", "春节调休上班"},
    {"2024-04-07", "清明节调休上班"}, {"2024-04-28", "劳动节调休上班"},
    {"2024-05-11", "劳动节调休上班"}, {"2024-09-14", "中秋节调休上班"},
    {"2024-09-29", "国庆节调休上班"}, {"2024-10-12", "国庆节调休上班"},
    {"2025-01-26", "春节调休上班"},   {"2025-02-08", "春节调休上班"},
    {"2025-04-27", "劳动节调休上班"}, {"2025-09-28", "国庆节调休上班"},
    {"2025-10-11", "国庆节调休上班"}, {"2026-01-04", "元旦调休上班"},
    {"2026-02-14", "春节调休上班"},   {"2026-02-28", "春节调休上班"},
    {"2026-05-09", "劳动节调休上班"}, {"2026-09-20", "国庆节调休上班"},
    {"2026-10-10", "国庆节调休上班"},
};
#define CALENDAR_MAX 1000
#define PUBLISHED_MONTH 12 /* the notice for a year comes out in the December before */
#define RECORD_MINUTE 60   /* 10:00 */

static int by_day(const void *a, const void *b) {
    const date_exception *x = a, *y = b;
    return x->day < y->day ? -1 : x->day > y->day;
}

/* written_on — when the office records a calendar day: the first working day of the
 * December before its year, or the day before the 16th term for the days it begins
 * with. */
static date_t written_on(demo *d, date_t day) {
    int y, m, dd;
    date_to_ymd(day, &y, &m, &dd);
    date_t first = d->term[0].t.start - 1;
    date_t on = date_from_ymd(y - 1, PUBLISHED_MONTH, 1);
    while (on < first && !demo_working(d, on))
        on++;
    return on < first ? first : on;
}

static rc_t holiday(demo *d, date_t day, bool working, const char *name) {
    char s[11];
    date_format(day, s);
    json_t *in = json_pack("{s:I, s:s, s:i, s:s}", "congress_id", (json_int_t)d->county, "day", s,
                           "working", working ? 1 : 0, "name", name);
    return demo_put(d, -1, "holidays", written_on(d, day), RECORD_MINUTE, in);
}

/* known — is the day's notice out before the load day? (A demo loaded in June does
 * not know next year's holidays.) */
static bool known(demo *d, date_t day) { return written_on(d, day) < d->today; }

rc_t demo_calendar(demo *d) {
    d->cal = calloc(CALENDAR_MAX, sizeof *d->cal);
    if (!d->cal)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    d->ncal = 0;
    for (int i = 0; i < COUNT(HOLIDAYS); i++)
        for (date_t x = demo_day(HOLIDAYS[i].first); x <= demo_day(HOLIDAYS[i].last); x++)
            if (d->ncal < CALENDAR_MAX)
                d->cal[d->ncal++] = (date_exception){x, false};
    for (int i = 0; i < COUNT(WORKDAYS); i++)
        if (d->ncal < CALENDAR_MAX)
            d->cal[d->ncal++] = (date_exception){demo_day(WORKDAYS[i].day), true};
    qsort(d->cal, d->ncal, sizeof *d->cal, by_day);
    /* what the load day does not know yet, the planner does not either */
    bool *keep = calloc(d->ncal ? d->ncal : 1, sizeof *keep);
    if (!keep)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < d->ncal; i++)
        keep[i] = known(d, d->cal[i].day);
    size_t kept = 0;
    for (size_t i = 0; i < d->ncal; i++)
        if (keep[i])
            d->cal[kept++] = d->cal[i];
    d->ncal = kept;
    free(keep);
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < COUNT(HOLIDAYS); i++)
        for (date_t x = demo_day(HOLIDAYS[i].first); rc == RC_OK && x <= demo_day(HOLIDAYS[i].last);
             x++)
            if (known(d, x))
                rc = holiday(d, x, false, HOLIDAYS[i].name);
    for (int i = 0; rc == RC_OK && i < COUNT(WORKDAYS); i++)
        if (known(d, demo_day(WORKDAYS[i].day)))
            rc = holiday(d, demo_day(WORKDAYS[i].day), true, WORKDAYS[i].name);
    return rc;
}

bool demo_working(const demo *d, date_t x) { return date_is_working(x, d->cal, d->ncal); }

date_t demo_on_or_after(const demo *d, date_t x) {
    while (!demo_working(d, x))
        x++;
    return x;
}

date_t demo_on_or_before(const demo *d, date_t x) {
    while (!demo_working(d, x))
        x--;
    return x;
}

date_t demo_add_working(const demo *d, date_t x, int n) {
    return date_add_working_days(x, n, d->cal, d->ncal);
}
