/* test_base.c — unit tests for src/base: arena, buf, utf8, dates and working
 * days, messages, logging (CSV and xlsx: test_tabular.c, test_xlsx_read.c). Tests are
 * tables of cases where they can be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "base/msg_zh.h"
#include "base/rc.h"
#include "base/utf8.h"

enum {
    TEST_ARENA_CAP = 64 * 1024 * 1024,
    TEST_BUF_MAX = 16 * 1024 * 1024,
    ALIGN_ANY = _Alignof(max_align_t),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ arena, buf */

static void test_arena_cap(void **state) {
    (void)state;
    arena *a = arena_new(1024);
    assert_non_null(a);
    assert_non_null(arena_alloc(a, 1000));
    assert_null(arena_alloc(a, 100)); /* would pass the cap */
    assert_true(arena_used(a) <= 1024);
    assert_null(arena_alloc(a, SIZE_MAX)); /* overflow is refused, not wrapped */
    arena_free(a);
    arena_free(NULL);
}

static void test_arena_alignment(void **state) {
    (void)state;
    arena *a = arena_new(1 << 20);
    static const size_t sizes[] = {1, 3, 7, 8, 13, 16, 17, 100, 20000};
    for (size_t i = 0; i < COUNT(sizes); i++) {
        unsigned char *p = arena_alloc(a, sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % ALIGN_ANY, 0);
        for (size_t k = 0; k < sizes[i]; k++)
            assert_int_equal(p[k], 0);
    }
    arena_free(a);
}

static void test_arena_printf(void **state) {
    (void)state;
    arena *a = arena_new(4096);
    assert_string_equal(arena_printf(a, "%s-%d", "第", 42), "第-42");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_null(arena_strdup(a, NULL));
    assert_null(arena_printf(a, "%5000d", 1)); /* past the cap */
    arena_free(a);
}

static void test_buf_cap(void **state) {
    (void)state;
    buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "12345"), RC_OK);
    assert_int_equal(buf_puts(&b, "6789"), RC_TOO_LARGE);
    assert_int_equal(b.len, 5);
    assert_string_equal(b.data, "12345");
    assert_int_equal(buf_printf(&b, "%d", 678), RC_OK);
    assert_string_equal(b.data, "12345678");
    assert_int_equal(buf_append(&b, "x", 1), RC_TOO_LARGE);
    assert_string_equal(b.data, "12345678");
    char *s = buf_take(&b);
    assert_string_equal(s, "12345678");
    assert_int_equal(b.len, 0);
    free(s);
    buf_free(&b);
}

/* ------------------------------------------------------------------ utf8 */

static void test_utf8(void **state) {
    (void)state;
    static const struct {
        const char *s;
        size_t len;
        int valid;
        const char *why;
    } cases[] = {
        {"", 0, 1, "empty"},
        {"plain ascii", 11, 1, "ascii"},
        {"人大代表建议", 18, 1, "Chinese"},
        {"\xF0\x9F\x98\x80", 4, 1, "emoji U+1F600"},
        {"\xF4\x8F\xBF\xBF", 4, 1, "U+10FFFF"},
        {"\xC0\xAF", 2, 0, "overlong '/' (2 bytes)"},
        {"\xE0\x80\xAF", 3, 0, "overlong '/' (3 bytes)"},
        {"\xF0\x80\x80\xAF", 4, 0, "overlong '/' (4 bytes)"},
        {"\xED\xA0\x80", 3, 0, "surrogate U+D800"},
        {"\xED\xBF\xBF", 3, 0, "surrogate U+DFFF"},
        {"\xF4\x90\x80\x80", 4, 0, "above U+10FFFF"},
        {"\xE4\xB8", 2, 0, "truncated 3-byte sequence"},
        {"a\xE4", 2, 0, "truncated at end"},
        {"\x80", 1, 0, "lone continuation byte"},
        {"\xFF", 1, 0, "0xFF"},
        {"a\0b", 3, 0, "NUL byte"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        if (utf8_valid(cases[i].s, cases[i].len) != (cases[i].valid != 0))
            fail_msg("utf8_valid wrong for case %zu (%s)", i, cases[i].why);
    }
    assert_int_equal(utf8_chars("人大abc"), 5);
    assert_int_equal(utf8_chars(""), 0);
}

/* ----------------------------------------------------------------- dates */

static date_t D(const char *s) {
    date_t d = 0;
    if (!date_parse(s, &d))
        fail_msg("test date %s does not parse", s);
    return d;
}

static void assert_date(date_t d, const char *want) {
    char got[11];
    date_format(d, got);
    assert_string_equal(got, want);
}

static void test_date_parse(void **state) {
    (void)state;
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        {"2024-02-29", 1},     {"2023-02-28", 1}, {"1970-01-01", 1}, {"1900-01-01", 1},
        {"2999-12-31", 1},     {"2000-02-29", 1}, {"2023-02-29", 0}, {"1900-02-29", 0},
        {"2021-04-31", 0},     {"2021-13-01", 0}, {"2021-00-10", 0}, {"2021-01-00", 0},
        {"1899-12-31", 0},     {"3000-01-01", 0}, {"2021-1-01", 0},  {"2021-01-01 ", 0},
        {" 2021-01-01", 0},    {"2021/01/01", 0}, {"20210101", 0},   {"", 0},
        {"２０２１-01-01", 0}, {"2021-01-0a", 0},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        date_t d = -1;
        bool ok = date_parse(cases[i].s, &d);
        if (ok != (cases[i].ok != 0))
            fail_msg("date_parse('%s') returned %d", cases[i].s, ok);
        if (ok)
            assert_date(d, cases[i].s);
    }
    assert_false(date_parse(NULL, &(date_t){0}));
    assert_int_equal(D("1970-01-01"), 0);
    assert_int_equal(D("1970-01-02"), 1);
    assert_int_equal(D("1969-12-31") + 1, 0);
    /* every day of four centuries round-trips */
    for (date_t d = D("1900-01-01"); d <= D("2300-01-01"); d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_int_equal(date_from_ymd(y, m, dd), d);
    }
}

/* A Beijing office's day turns 8 hours before UTC's; the offset only ever moves the
 * day by whole days, whichever side of midnight the test runs. */
static void test_date_today_at(void **state) {
    (void)state;
    date_t utc = date_today_utc();
    date_t bj = date_today_at(480), west = date_today_at(-720);
    assert_true(bj == utc || bj == utc + 1);
    assert_true(west == utc || west == utc - 1);
    assert_int_equal(date_today_at(24 * 60), date_today_at(0) + 1);
    assert_int_equal(date_today_at(-24 * 60), date_today_at(0) - 1);
}

static void msg_zh_call(char *out, size_t cap, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    msg_zh_format(fmt, ap, out, cap);
    va_end(ap);
}

/* The Chinese wording of a message is found by its English format, with the
 * arguments printed as the English prints them, in the template's order. */
static void test_msg_zh(void **state) {
    (void)state;
    err e;
    err_set(&e, RC_INVALID, "title", "%s (%s) is required", "title", "标题");
    assert_string_equal(e.message, "title (标题) is required");
    assert_string_equal(e.message_zh, "标题为必填项");
    /* a %.0s argument prints nothing in English and gives the Chinese its own words */
    err_set(&e, RC_INVALID, "forwarded_on", "%s %s is before %s (%s)%.0s", "forwarded_on",
            "2026-01-01", "the receipt", "2026-01-02", "收到日期");
    assert_string_equal(e.message, "forwarded_on 2026-01-01 is before the receipt (2026-01-02)");
    assert_string_equal(e.message_zh, "日期 2026-01-01 早于收到日期（2026-01-02）");
    err_set(&e, RC_INVALID, "class", "class must be a letter from A to %c", 'D');
    assert_string_equal(e.message_zh, "答复类别应为 A 到 D");
    err_set(&e, RC_INVALID, "", "line %ld: more than %d rows", 7L, 100);
    assert_string_equal(e.message_zh, "第7行：行数超过上限 100");
    err_set(&e, RC_INVALID, "x", "%s %s is after today (%s)", "received_on", "2026-12-01",
            "2026-11-29");
    assert_string_equal(e.message_zh, "日期 2026-12-01 晚于今天（2026-11-29）");
    /* %.0s prints nothing in English but gives the Chinese its own argument */
    err_set(&e, RC_INVALID, "kind", "%s must be one of: %s%.0s", "kind", "court, other",
            "人民法院、其他");
    assert_string_equal(e.message, "kind must be one of: court, other");
    assert_string_equal(e.message_zh, "只能是以下之一：人民法院、其他");
    /* a format the catalog does not know: no Chinese, the English stays */
    err_set(&e, RC_INTERNAL, NULL, "SQLite: %s", "disk I/O error");
    assert_string_equal(e.message_zh, "");
    assert_string_equal(e.message, "SQLite: disk I/O error");
    err_clear(&e);
    assert_string_equal(e.message_zh, "");
    /* a short buffer never ends inside a character */
    char small[8];
    err_set(&e, RC_INVALID, NULL, "please log in first");
    assert_string_equal(e.message_zh, "请先登录");
    msg_zh_call(small, sizeof small, "please log in first");
    assert_true(utf8_valid(small, strlen(small)));
    assert_string_equal(small, "请先"); /* 6 bytes fit, the third character does not */
}

static void test_date_months_and_weekday(void **state) {
    (void)state;
    static const struct {
        const char *from;
        int months;
        const char *want;
    } months[] = {
        {"2021-11-30", 3, "2022-02-28"},  {"2024-01-31", 1, "2024-02-29"},
        {"2023-01-31", 1, "2023-02-28"},  {"2021-11-30", 6, "2022-05-30"},
        {"2021-08-31", 1, "2021-09-30"},  {"2021-12-15", 1, "2022-01-15"},
        {"2022-03-31", -1, "2022-02-28"}, {"2022-01-15", -13, "2020-12-15"},
        {"2021-05-20", 0, "2021-05-20"},  {"2020-02-29", 12, "2021-02-28"},
    };
    for (size_t i = 0; i < COUNT(months); i++)
        assert_date(date_add_months(D(months[i].from), months[i].months), months[i].want);

    static const struct {
        const char *day;
        int weekday;
    } wd[] = {
        {"1970-01-01", 4}, {"2021-09-26", 7}, {"2021-10-01", 5}, {"2021-10-09", 6},
        {"2024-02-26", 1}, {"1900-01-01", 1}, {"2000-01-01", 6},
    };
    for (size_t i = 0; i < COUNT(wd); i++)
        assert_int_equal(date_weekday(D(wd[i].day)), wd[i].weekday);

    date_t today = date_today_utc();
    assert_true(today > D("2020-01-01"));
    char iso[21];
    now_iso(iso);
    assert_int_equal(strlen(iso), 20);
    assert_int_equal(iso[10], 'T');
    assert_int_equal(iso[19], 'Z');
}

static void test_working_days(void **state) {
    (void)state;
    /* China's 2021 National Day: Oct 1–7 off, Sep 26 (Sun) and Oct 9 (Sat) worked. */
    date_exception ex[] = {
        {D("2021-09-26"), true},  {D("2021-10-01"), false}, {D("2021-10-02"), false},
        {D("2021-10-03"), false}, {D("2021-10-04"), false}, {D("2021-10-05"), false},
        {D("2021-10-06"), false}, {D("2021-10-07"), false}, {D("2021-10-09"), true},
    };
    static const struct {
        const char *from;
        int n;
        const char *want;
    } cases[] = {
        {"2021-09-30", 1, "2021-10-08"}, {"2021-10-08", 1, "2021-10-09"},
        {"2021-09-30", 0, "2021-09-30"}, {"2021-09-24", 1, "2021-09-26"},
        {"2021-09-24", 2, "2021-09-27"}, {"2021-09-28", 5, "2021-10-11"},
        {"2021-10-09", 1, "2021-10-11"}, {"2021-10-02", 1, "2021-10-08"},
    };
    for (size_t i = 0; i < COUNT(cases); i++)
        assert_date(date_add_working_days(D(cases[i].from), cases[i].n, ex, COUNT(ex)),
                    cases[i].want);

    static const struct {
        const char *day;
        int working;
    } wk[] = {
        {"2021-09-25", 0}, {"2021-09-26", 1}, {"2021-09-27", 1}, {"2021-10-01", 0},
        {"2021-10-04", 0}, {"2021-10-08", 1}, {"2021-10-09", 1}, {"2021-10-10", 0},
    };
    for (size_t i = 0; i < COUNT(wk); i++)
        if (date_is_working(D(wk[i].day), ex, COUNT(ex)) != (wk[i].working != 0))
            fail_msg("date_is_working(%s) wrong", wk[i].day);
    /* without a calendar only weekends are off */
    assert_date(date_add_working_days(D("2021-10-01"), 1, NULL, 0), "2021-10-04");
}

static void test_log(void **state) {
    (void)state;
    log_set_level(LOG_ERROR);
    log_info("not shown");
    log_set_level(LOG_WARN);
    log_warn("test_base: a warning with\na line break is still one line");
    log_set_level(LOG_INFO);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_cap),
        cmocka_unit_test(test_arena_alignment),
        cmocka_unit_test(test_arena_printf),
        cmocka_unit_test(test_buf_cap),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_date_months_and_weekday),
        cmocka_unit_test(test_date_today_at),
        cmocka_unit_test(test_msg_zh),
        cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
