/* test_base.c — unit tests for src/base: arena, buf, utf8, dates and working
 * days, CSV and xlsx import/export. Tests are tables of cases where they can be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "base/msg_zh.h"
#include "base/rc.h"
#include "base/tabular.h"
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
        {"2024-02-29", 1}, {"2023-02-28", 1}, {"1970-01-01", 1}, {"1900-01-01", 1},
        {"2999-12-31", 1}, {"2000-02-29", 1}, {"2023-02-29", 0}, {"1900-02-29", 0},
        {"2021-04-31", 0}, {"2021-13-01", 0}, {"2021-00-10", 0}, {"2021-01-00", 0},
        {"1899-12-31", 0}, {"3000-01-01", 0}, {"2021-1-01", 0},  {"2021-01-01 ", 0},
        {" 2021-01-01", 0}, {"2021/01/01", 0}, {"20210101", 0},  {"", 0},
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
    err_set(&e, RC_INVALID, "forwarded_on", "a petition is forwarded within %lld days of receipt",
            15LL);
    assert_string_equal(e.message_zh, "信访件应在收到后 15 日内转送");
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
        {"2021-11-30", 3, "2022-02-28"}, {"2024-01-31", 1, "2024-02-29"},
        {"2023-01-31", 1, "2023-02-28"}, {"2021-11-30", 6, "2022-05-30"},
        {"2021-08-31", 1, "2021-09-30"}, {"2021-12-15", 1, "2022-01-15"},
        {"2022-03-31", -1, "2022-02-28"}, {"2022-01-15", -13, "2020-12-15"},
        {"2021-05-20", 0, "2021-05-20"}, {"2020-02-29", 12, "2021-02-28"},
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

/* ------------------------------------------------------------------- CSV */

static table make_table(arena *a, int nrows, int ncols, const char *const *cells) {
    table t = {nrows, ncols, arena_alloc(a, sizeof(char **) * (size_t)nrows)};
    for (int r = 0; r < nrows; r++) {
        t.cells[r] = arena_alloc(a, sizeof(char *) * (size_t)ncols);
        for (int c = 0; c < ncols; c++)
            t.cells[r][c] = arena_strdup(a, cells[r * ncols + c]);
    }
    return t;
}

static void assert_table_equal(const table *got, const table *want) {
    assert_int_equal(got->nrows, want->nrows);
    assert_int_equal(got->ncols, want->ncols);
    for (int r = 0; r < want->nrows; r++)
        for (int c = 0; c < want->ncols; c++) {
            assert_non_null(got->cells[r][c]);
            if (strcmp(got->cells[r][c], want->cells[r][c]) != 0)
                fail_msg("cell row %d col %d: got '%s', want '%s'", r, c, got->cells[r][c],
                         want->cells[r][c]);
        }
}

static const char *const sample_cells[] = {
    "姓名",         "单位",           "建议内容",
    "张三",         "县人大常委会",   "关于加快\"乡村振兴\"的建议",
    "Li, Si",       "",               "line one\nline two\r\nline three",
    "=SUM(A1:A2)",  "  spaced  ",     "\"quoted\"",
};

static void test_csv_round_trip(void **state) {
    (void)state;
    arena *a = arena_new(TEST_ARENA_CAP);
    table t = make_table(a, 4, 3, sample_cells);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    assert_int_equal(tabular_write_csv(&t, &out), RC_OK);
    assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(out.data, "\"Li, Si\",,\"line one\nline two\r\nline three\"\r\n"));
    assert_non_null(strstr(out.data, "=SUM(A1:A2),  spaced  ,\"\"\"quoted\"\"\"\r\n"));
    table back;
    err e;
    err_clear(&e);
    assert_int_equal(tabular_read_csv(a, out.data, out.len, &back, &e), RC_OK);
    assert_table_equal(&back, &t);

    /* a full buffer leaves the output untouched */
    buf small;
    buf_init(&small, 20);
    assert_int_equal(buf_puts(&small, "keep"), RC_OK);
    assert_int_equal(tabular_write_csv(&t, &small), RC_TOO_LARGE);
    assert_string_equal(small.data, "keep");
    buf_free(&small);
    buf_free(&out);
    arena_free(a);
}

static void test_csv_read_forms(void **state) {
    (void)state;
    static const struct {
        const char *in;
        int nrows, ncols;
        const char *cells; /* all cells joined with '|' row by row */
    } cases[] = {
        {"a,b\nc,d\n", 2, 2, "a|b|c|d"},
        {"a,b\r\nc,d", 2, 2, "a|b|c|d"},
        {"\xEF\xBB\xBFh1,h2\r\n1,2\r\n", 2, 2, "h1|h2|1|2"},
        {"h1,h2,h3\nx\n", 2, 3, "h1|h2|h3|x||"},
        {"a,\"b\nc\",d\n", 1, 3, "a|b\nc|d"},
        {"\"\",x\n", 1, 2, "|x"},
        {"a,b,\n", 1, 3, "a|b|"},
        {"a\n\nb\n", 3, 1, "a||b"},
        {"", 0, 0, ""},
        {"\xEF\xBB\xBF", 0, 0, ""},
        {"x\"y,z\n", 1, 2, "x\"y|z"},
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    for (size_t i = 0; i < COUNT(cases); i++) {
        table t;
        err e;
        err_clear(&e);
        rc_t rc = tabular_read_csv(a, cases[i].in, strlen(cases[i].in), &t, &e);
        if (rc != RC_OK)
            fail_msg("case %zu: %s", i, e.message);
        assert_int_equal(t.nrows, cases[i].nrows);
        assert_int_equal(t.ncols, cases[i].ncols);
        buf j;
        buf_init(&j, 4096);
        for (int r = 0; r < t.nrows; r++)
            for (int c = 0; c < t.ncols; c++) {
                if (r + c > 0)
                    buf_puts(&j, "|");
                buf_puts(&j, t.cells[r][c]);
            }
        assert_string_equal(j.data ? j.data : "", cases[i].cells);
        buf_free(&j);
    }
    arena_free(a);
}

static void test_csv_malformed(void **state) {
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        rc_t rc;
        const char *msg;
    } cases[] = {
        {"a,b\nc,d\ne,\"never closed\nmore\n", 0, RC_INVALID, "line 3"},
        {"a,b\n\"x\"y,z\n", 0, RC_INVALID, "line 2"},
        {"a,b\nok\n\xC0\xAF,x\n", 0, RC_BAD_REQUEST, "line 3"},
        {"a,b\nc\0d\n", 8, RC_BAD_REQUEST, "line 2"},
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    for (size_t i = 0; i < COUNT(cases); i++) {
        table t;
        err e;
        err_clear(&e);
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        assert_int_equal(tabular_read_csv(a, cases[i].in, len, &t, &e), cases[i].rc);
        if (!strstr(e.message, cases[i].msg))
            fail_msg("case %zu: message '%s' does not name '%s'", i, e.message, cases[i].msg);
    }
    /* too many columns */
    buf wide;
    buf_init(&wide, TEST_BUF_MAX);
    for (int c = 0; c <= TABULAR_MAX_COLS; c++)
        buf_puts(&wide, "x,");
    table t;
    err e;
    assert_int_equal(tabular_read_csv(a, wide.data, wide.len, &t, &e), RC_TOO_LARGE);
    /* a cell over the limit */
    buf_reset(&wide);
    for (int c = 0; c <= TABULAR_MAX_CELL; c++)
        buf_puts(&wide, "y");
    assert_int_equal(tabular_read_csv(a, wide.data, wide.len, &t, &e), RC_TOO_LARGE);
    assert_non_null(strstr(e.message, "line 1"));
    buf_free(&wide);
    arena_free(a);
}

/* ------------------------------------------------------------------ xlsx */

static void test_xlsx_round_trip(void **state) {
    (void)state;
    arena *a = arena_new(TEST_ARENA_CAP);
    table t = make_table(a, 4, 3, sample_cells);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    err_clear(&e);
    assert_int_equal(tabular_write_xlsx(&t, "建议", &out, &e), RC_OK);
    assert_true(out.len > 100);
    assert_memory_equal(out.data, "PK", 2);
    table back;
    rc_t rc = tabular_read_xlsx(a, out.data, out.len, &back, &e);
    if (rc != RC_OK)
        fail_msg("read back: %s", e.message);
    assert_table_equal(&back, &t);

    /* a bad sheet name is refused and leaves out alone */
    size_t len = out.len;
    assert_int_equal(tabular_write_xlsx(&t, "bad/name", &out, &e), RC_INVALID);
    assert_int_equal(out.len, len);
    buf_free(&out);
    arena_free(a);
}

static void test_xlsx_garbage(void **state) {
    (void)state;
    static const struct {
        const char *data;
        size_t len;
    } cases[] = {
        {"", 0},
        {"not a zip file at all", 21},
        {"PK\x03\x04garbage", 12},
        {"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22}, /* empty archive */
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    for (size_t i = 0; i < COUNT(cases); i++) {
        table t;
        err e;
        err_clear(&e);
        assert_int_not_equal(tabular_read_xlsx(a, cases[i].data, cases[i].len, &t, &e), RC_OK);
        assert_true(e.message[0] != '\0');
    }
    /* a real workbook cut short */
    table t = make_table(a, 4, 3, sample_cells);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    assert_int_equal(tabular_write_xlsx(&t, NULL, &out, &e), RC_OK);
    table back;
    for (size_t cut = 0; cut < out.len; cut += out.len / 16 + 1)
        assert_int_not_equal(tabular_read_xlsx(a, out.data, cut, &back, &e), RC_OK);
    buf_free(&out);
    arena_free(a);
}

/* Builds a zip of (name, content) pairs in memory through a temporary file. */
static void make_zip(const char *const *files, size_t nfiles, buf *out) {
    char path[] = "/tmp/test-base-zip-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (size_t i = 0; i < nfiles; i++) {
        zip_source_t *s = zip_source_buffer(z, files[2 * i + 1], strlen(files[2 * i + 1]), 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, files[2 * i], s, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char chunk[4096];
    size_t n;
    do {
        n = fread(chunk, 1, sizeof chunk, f);
        assert_int_equal(buf_append(out, chunk, n), RC_OK);
    } while (n == sizeof chunk);
    fclose(f);
    unlink(path);
}

static void test_xlsx_hand_made(void **state) {
    (void)state;
    static const char *const files[] = {
        "xl/workbook.xml",
        "<?xml version=\"1.0\"?><workbook xmlns:r=\"urn:r\"><sheets>"
        "<sheet name=\"Data\" sheetId=\"7\" r:id=\"rId3\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"ws\" Target=\"/xl/worksheets/data.xml\"/>"
        "</Relationships>",
        "xl/sharedStrings.xml",
        "<sst><si><t>名称</t></si><si><r><t>A &amp; </t></r><r><rPr/><t xml:space=\"preserve\">B"
        "</t></r><rPh><t>ignored</t></rPh></si><si><t>tab_x0009_here _x0041_</t></si></sst>",
        "xl/worksheets/data.xml",
        "<worksheet><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"3\"><c r=\"A3\"><v>12</v></c><c r=\"B3\"><v>1.0E+2</v></c>"
        "<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"inlineStr\"><is><r><t>&#x4E2D;</t></r>"
        "<r><t>&#25991;&lt;&gt;&quot;&apos;</t></r></is></c></row>"
        "<row><c t=\"str\"><f>A1</f><v>x</v></c><c s=\"1\"/><c t=\"s\"><v>2</v></c></row>"
        "</sheetData><x:c r=\"Z99\"><v>outside</v></x:c></worksheet>",
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>wrong sheet</v></c></row>"
        "</sheetData></worksheet>",
    };
    static const char *const want[] = {
        "名称", "",       "A & B", "",
        "",     "",       "",      "",
        "12",   "1.0E+2", "TRUE",  "中文<>\"'",
        "x",    "",       "tab\there _x0041_", "",
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    buf zip;
    buf_init(&zip, TEST_BUF_MAX);
    make_zip(files, COUNT(files) / 2, &zip);
    table t;
    err e;
    err_clear(&e);
    rc_t rc = tabular_read_xlsx(a, zip.data, zip.len, &t, &e);
    if (rc != RC_OK)
        fail_msg("%s", e.message);
    table w = make_table(a, 4, 4, want);
    assert_table_equal(&t, &w);
    buf_free(&zip);
    arena_free(a);
}

static void test_xlsx_hostile(void **state) {
    (void)state;
    static const struct {
        const char *sheet;
        rc_t rc;
        const char *msg;
    } cases[] = {
        {"<worksheet><sheetData><row><c t=\"s\"><v>5</v></c></row></sheetData>", RC_INVALID,
         "cell A1"},
        {"<worksheet><sheetData><row><c r=\"IW1\"><v>1</v></c></row></sheetData>", RC_TOO_LARGE,
         "column 257"},
        {"<worksheet><sheetData><row r=\"1000001\"/></sheetData>", RC_TOO_LARGE, "row 1000001"},
        {"<worksheet><sheetData><row><c r=\"1A\"><v>1</v></c></row></sheetData>", RC_INVALID,
         "'1A'"},
        {"<worksheet><sheetData><row><c><v>&bogus;</v></c></row></sheetData>", RC_INVALID,
         "cell A1"},
        {"<worksheet><sheetData><row><c><v>&#0;</v></c></row></sheetData>", RC_INVALID, "A1"},
        {"<worksheet><sheetData><row><c><v>&#xD800;</v></c></row></sheetData>", RC_INVALID,
         "A1"},
        {"<worksheet><sheetData><row><c><v>\xC0\xAF</v></c></row></sheetData>", RC_BAD_REQUEST,
         "A1"},
        {"<worksheet><sheetData><row><c><v>12", RC_INVALID, "malformed"},
        {"<worksheet><sheetData><row><c r=\"A1", RC_INVALID, "malformed"},
        {"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>", RC_INVALID, "DOCTYPE"},
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *files[] = {"xl/worksheets/sheet1.xml", cases[i].sheet};
        buf zip;
        buf_init(&zip, TEST_BUF_MAX);
        make_zip(files, 1, &zip);
        table t;
        err e;
        err_clear(&e);
        rc_t rc = tabular_read_xlsx(a, zip.data, zip.len, &t, &e);
        if (rc != cases[i].rc || !strstr(e.message, cases[i].msg))
            fail_msg("case %zu: rc %d, message '%s'", i, rc, e.message);
        buf_free(&zip);
    }
    arena_free(a);
}

static void test_xlsx_zip_bomb(void **state) {
    (void)state;
    enum { BOMB = 65 * 1024 * 1024 };
    char *big = malloc(BOMB + 1);
    assert_non_null(big);
    memset(big, ' ', BOMB);
    big[BOMB] = '\0';
    memcpy(big, "<worksheet>", 11);
    const char *files[] = {"xl/worksheets/sheet1.xml", big};
    buf zip;
    buf_init(&zip, TEST_BUF_MAX);
    make_zip(files, 1, &zip);
    free(big);
    assert_true(zip.len < 1024 * 1024);
    arena *a = arena_new(TEST_ARENA_CAP);
    table t;
    err e;
    err_clear(&e);
    assert_int_equal(tabular_read_xlsx(a, zip.data, zip.len, &t, &e), RC_TOO_LARGE);
    assert_non_null(strstr(e.message, "MiB"));
    buf_free(&zip);
    arena_free(a);
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
        cmocka_unit_test(test_csv_round_trip),
        cmocka_unit_test(test_csv_read_forms),
        cmocka_unit_test(test_csv_malformed),
        cmocka_unit_test(test_xlsx_round_trip),
        cmocka_unit_test(test_xlsx_garbage),
        cmocka_unit_test(test_xlsx_hand_made),
        cmocka_unit_test(test_xlsx_hostile),
        cmocka_unit_test(test_xlsx_zip_bomb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
