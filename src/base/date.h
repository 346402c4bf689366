/* date.h — calendar dates as used by the law's deadlines.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian). Text form is
 * 'YYYY-MM-DD'. Month arithmetic clamps to the month's end: 2021-11-30 + 3 months is
 * 2022-02-28. Working days skip weekends and holidays, except make-up working days;
 * the caller supplies the holiday calendar (a sorted list of exceptions). */
#ifndef RENDA_DATE_H
#define RENDA_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef int date_t;

/* date_parse — strict 'YYYY-MM-DD' (a real calendar date, year 1900–2999). */
bool date_parse(const char *s, date_t *out);
/* date_format — writes 11 bytes ('YYYY-MM-DD' + NUL) into out. */
void date_format(date_t d, char out[11]);
date_t date_from_ymd(int y, int m, int d);
void date_to_ymd(date_t d, int *y, int *m, int *day);
/* date_weekday — 1 = Monday … 7 = Sunday. */
int date_weekday(date_t d);
date_t date_add_months(date_t d, int months);
date_t date_today_utc(void);
/* date_today_at — today where local time is offset_minutes east of UTC. */
date_t date_today_at(int offset_minutes);

/* A calendar exception: `day` is a holiday (working=false) or a make-up working day
 * that falls on a weekend (working=true). */
typedef struct {
    date_t day;
    bool working;
} date_exception;

bool date_is_working(date_t d, const date_exception *ex, size_t nex);
/* date_add_working_days — the date n working days after d (n >= 0; d itself is not
 * counted). ex must be sorted by day. */
date_t date_add_working_days(date_t d, int n, const date_exception *ex, size_t nex);

/* date_next_working — d when it is a working day, else the first working day after it
 * (a period ending on a rest day ends then: 民法典 art. 203). ex sorted by day. */
date_t date_next_working(date_t d, const date_exception *ex, size_t nex);

/* now_iso — current UTC time as 'YYYY-MM-DDTHH:MM:SSZ' into out (21 bytes). */
void now_iso(char out[21]);

/* The clock every "now" and "today" above reads. A loader of historical records (the
 * demo) holds it at the moment each record was made, so that the engines stamp their
 * writes as they would have then; the server never holds it. date_clock_hold(0)
 * gives the real clock back. */
#include <time.h>
void date_clock_hold(time_t t);
time_t date_clock_now(void);

#endif
