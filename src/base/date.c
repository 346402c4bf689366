#include "base/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
    DATE_YEAR_MIN = 1900,
    DATE_YEAR_MAX = 2999,
    DATE_TEXT_LEN = 10, /* 'YYYY-MM-DD' */
    DAYS_PER_ERA = 146097,
    YEARS_PER_ERA = 400,
    MONTHS_PER_YEAR = 12,
    DAYS_1970_FROM_0000_03_01 = 719468,
    SECONDS_PER_DAY = 86400,
};

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int dim[MONTHS_PER_YEAR] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* date_from_ymd — day number of a proleptic Gregorian date (Hinnant's
 * days_from_civil). The caller guarantees 1 <= m <= 12 and a valid day. */
date_t date_from_ymd(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - (YEARS_PER_ERA - 1)) / YEARS_PER_ERA;
    int yoe = y - era * YEARS_PER_ERA;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * DAYS_PER_ERA + doe - DAYS_1970_FROM_0000_03_01;
}

/* date_to_ymd — inverse of date_from_ymd (civil_from_days). */
void date_to_ymd(date_t dn, int *y, int *m, int *day) {
    int z = dn + DAYS_1970_FROM_0000_03_01;
    int era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
    int doe = z - era * DAYS_PER_ERA;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int mo = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * YEARS_PER_ERA + (mo <= 2);
    *m = mo;
    *day = d;
}

static bool parse_digits(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* date_parse — see date.h. Exactly 'YYYY-MM-DD', nothing before or after; false
 * (and *out untouched) for anything else, including 2023-02-29. */
bool date_parse(const char *s, date_t *out) {
    int y, m, d;
    if (!s || strlen(s) != DATE_TEXT_LEN || s[4] != '-' || s[7] != '-')
        return false;
    if (!parse_digits(s, 4, &y) || !parse_digits(s + 5, 2, &m) || !parse_digits(s + 8, 2, &d))
        return false;
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > MONTHS_PER_YEAR || d < 1 ||
        d > days_in_month(y, m))
        return false;
    *out = date_from_ymd(y, m, d);
    return true;
}

/* date_format — see date.h. Years outside 0..9999 are clamped so the text always
 * fits the 11 bytes. */
void date_format(date_t d, char out[11]) {
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    if (y < 0)
        y = 0;
    if (y > 9999)
        y = 9999;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + day / 10);
    out[9] = (char)('0' + day % 10);
    out[10] = '\0';
}

/* date_weekday — 1970-01-01 was a Thursday (4). */
int date_weekday(date_t d) {
    int w = (d % 7 + 7) % 7; /* 0 = Thursday */
    return (w + 3) % 7 + 1;
}

/* date_add_months — same day of month `months` later (or earlier), clamped to the
 * last day of the target month. */
date_t date_add_months(date_t d, int months) {
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    int total = y * MONTHS_PER_YEAR + (m - 1) + months;
    int ny =
        total >= 0 ? total / MONTHS_PER_YEAR : -((-total + MONTHS_PER_YEAR - 1) / MONTHS_PER_YEAR);
    int nm = total - ny * MONTHS_PER_YEAR + 1;
    int dim = days_in_month(ny, nm);
    return date_from_ymd(ny, nm, day > dim ? dim : day);
}

static _Atomic long long g_held; /* 0: the real clock */

void date_clock_hold(time_t t) { g_held = (long long)t; }

time_t date_clock_now(void) {
    long long held = g_held;
    return held ? (time_t)held : time(NULL);
}

/* date_today_utc — today's day number by the UTC clock. */
date_t date_today_utc(void) { return (date_t)(date_clock_now() / SECONDS_PER_DAY); }

/* date_today_at — today's day number where the clock is offset_minutes east of UTC
 * (Beijing: 480), so an office's day turns at its own midnight. */
date_t date_today_at(int offset_minutes) {
    long long t = (long long)date_clock_now() + (long long)offset_minutes * 60;
    long long d = t / SECONDS_PER_DAY;
    if (t < 0 && t % SECONDS_PER_DAY)
        d--;
    return (date_t)d;
}

/* Binary search: the exception for day d, or NULL. */
static const date_exception *find_exception(date_t d, const date_exception *ex, size_t nex) {
    size_t lo = 0, hi = nex;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ex[mid].day == d)
            return &ex[mid];
        if (ex[mid].day < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* date_is_working — a listed exception decides; otherwise Monday–Friday work.
 * ex must be sorted by day (binary search). */
bool date_is_working(date_t d, const date_exception *ex, size_t nex) {
    const date_exception *x = ex ? find_exception(d, ex, nex) : NULL;
    if (x)
        return x->working;
    return date_weekday(d) <= 5;
}

/* date_add_working_days — see date.h; n <= 0 returns d unchanged. */
date_t date_add_working_days(date_t d, int n, const date_exception *ex, size_t nex) {
    while (n > 0) {
        d++;
        if (date_is_working(d, ex, nex))
            n--;
    }
    return d;
}

/* date_next_working — see date.h. A calendar cannot hold a year of rest days in a row;
 * the cap only keeps a corrupt one from looping. */
#define NEXT_WORKING_MAX 366
date_t date_next_working(date_t d, const date_exception *ex, size_t nex) {
    for (int i = 0; i < NEXT_WORKING_MAX && !date_is_working(d, ex, nex); i++)
        d++;
    return d;
}

/* now_iso — see date.h; on a clock failure writes the epoch. */
void now_iso(char out[21]) {
    time_t t = date_clock_now();
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        memcpy(out, "1970-01-01T00:00:00Z", 21);
}
