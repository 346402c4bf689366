/* test_query.c — field types (domain/field.c) and the query layer's parameters
 * (domain/query/query.c): what a list request turns into, and what it refuses. No
 * database: the plans are read as SQL text and bound values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/field.h"
#include "domain/query/query.h"

static const enum_value kinds[] = {
    {.id = "court", .zh = "人民法院", .en = "Court"},
    {.id = "government", .zh = "人民政府", .en = "Government"},
    {0},
};

static const field_def fields[] = {
    {.name = "name",
     .label_zh = "名称",
     .label_en = "Name",
     .type = FT_TEXT,
     .flags = FF_SEARCH | FF_SORT | FF_FILTER,
     .max_len = 10},
    {.name = "kind",
     .label_zh = "类别",
     .label_en = "Kind",
     .type = FT_ENUM,
     .flags = FF_FILTER,
     .values = kinds},
    {.name = "held_on",
     .label_zh = "日期",
     .label_en = "Day",
     .type = FT_DATE,
     .flags = FF_MAIN_DATE | FF_SORT},
    {.name = "count",
     .label_zh = "数目",
     .label_en = "Count",
     .type = FT_INT,
     .flags = FF_FILTER,
     .min = 0,
     .max = 100},
    {.name = "open", .label_zh = "开放", .label_en = "Open", .type = FT_BOOL, .flags = FF_FILTER},
    {.name = "budget",
     .label_zh = "预算",
     .label_en = "Budget",
     .type = FT_DECIMAL,
     .scale = 2,
     .min = 0,
     .max = 100000000},
};

static query_column cols[sizeof fields / sizeof fields[0]];
static principal staff = {.role = ROLE_STAFF, .congress_id = 3};

static query_source source(void) {
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        cols[i] = (query_column){.f = &fields[i], .alias = "t", .values = fields[i].values};
    return (query_source){.name = "things",
                          .table = "things",
                          .alias = "t",
                          .from = " FROM things t",
                          .select = "t.id",
                          .cols = cols,
                          .ncols = (int)(sizeof fields / sizeof fields[0]),
                          .year_expr = "t.held_on",
                          .base = "",
                          .who = &staff};
}

/* plan — q's parameters ("k=v" pairs) planned in mode; the rc. */
static rc_t plan_of(unsigned mode, query_plan *p, err *e, int n, ...) {
    list_query q = {.n = 0};
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        q.params[i].key = va_arg(ap, const char *);
        q.params[i].value = va_arg(ap, const char *);
    }
    va_end(ap);
    q.n = n;
    query_source s = source();
    return query_plan_make(NULL, &s, &q, mode, NULL, p, e);
}

static void test_equality_and_lists(void **state) {
    (void)state;
    query_plan p;
    err e;
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 2, "kind", "court,人民政府", "count", "7"), RC_OK);
    assert_non_null(strstr(p.where.data, "t.kind IN (?, ?)"));
    assert_non_null(strstr(p.where.data, "t.count = ?"));
    assert_int_equal(p.b.n, 3);
    assert_string_equal(p.b.v[0].s, "court");
    assert_string_equal(p.b.v[1].s, "government"); /* a label is taken for its identifier */
    assert_int_equal(p.b.v[2].i, 7);
    query_plan_free(&p);
    /* free text keeps its commas: one value */
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 1, "name", "甲,乙"), RC_OK);
    assert_non_null(strstr(p.where.data, "t.name = ?"));
    assert_string_equal(p.b.v[0].s, "甲,乙");
    query_plan_free(&p);
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 1, "open", "true"), RC_OK);
    assert_int_equal(p.b.v[0].i, 1);
    query_plan_free(&p);
}

static void test_ranges_and_year(void **state) {
    (void)state;
    query_plan p;
    err e;
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 3, "held_on_from", "2024-01-01", "held_on_to",
                             "2024-06-30", "year", "2024"),
                     RC_OK);
    assert_non_null(strstr(p.where.data, "t.held_on >= ?"));
    assert_non_null(strstr(p.where.data, "t.held_on <= ?"));
    assert_non_null(strstr(p.where.data, "t.held_on >= ? AND t.held_on < ?"));
    assert_string_equal(p.b.v[2].s, "2024");
    assert_string_equal(p.b.v[3].s, "2025");
    query_plan_free(&p);
    /* a time's _to takes the whole day: before the next one */
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 1, "created_at_to", "2024-12-31"), RC_OK);
    assert_non_null(strstr(p.where.data, "t.created_at < ?"));
    assert_string_equal(p.b.v[0].s, "2025-01-01");
    query_plan_free(&p);
}

static void test_search_sort_and_paging(void **state) {
    (void)state;
    query_plan p;
    err e;
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 4, "q", "50% 常山_县", "sort", "-held_on", "page",
                             "3", "per_page", "20"),
                     RC_OK);
    assert_string_equal(p.b.v[0].s, "%50\\%%");
    assert_string_equal(p.b.v[1].s, "%常山\\_县%");
    assert_true(p.desc);
    assert_ptr_equal(p.sort->f, &fields[2]);
    assert_int_equal(p.page, 3);
    assert_int_equal(p.per_page, 20);
    query_plan_free(&p);
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 0), RC_OK);
    assert_int_equal(p.per_page, PER_PAGE_DEFAULT);
    query_plan_free(&p);
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 1, "after", "41"), RC_OK);
    assert_true(p.has_after);
    assert_int_equal(p.after, 41);
    query_plan_free(&p);
}

/* Every bad parameter is 422 naming it. */
static void test_refused(void **state) {
    (void)state;
    static const struct {
        const char *k, *v;
    } bad[] = {
        {"kind", "ministry"},
        {"count", "seven"},
        {"open", "maybe"},
        {"held_on_from", "2024-13-01"},
        {"year", "24"},
        {"page", "0"},
        {"per_page", "100000"},
        {"sort", "budget"},
        {"colour", "red"},
        {"after", "-1"},
        {"q", "a b c d e f g h i"},
        {"kind", "court,,government"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        query_plan p;
        err e;
        err_clear(&e);
        rc_t rc = plan_of(QM_PAGE, &p, &e, 1, bad[i].k, bad[i].v);
        if (rc != RC_INVALID)
            fail_msg("%s=%s gave rc %d", bad[i].k, bad[i].v, rc);
        assert_string_equal(e.field, bad[i].k);
        query_plan_free(&p);
    }
    /* after pages in id order only */
    query_plan p;
    err e;
    assert_int_equal(plan_of(QM_PAGE, &p, &e, 2, "after", "3", "sort", "name"), RC_INVALID);
    assert_string_equal(e.field, "after");
    query_plan_free(&p);
    /* counts need something to count by */
    assert_int_equal(plan_of(QM_ALL | QM_COUNTS, &p, &e, 1, "by", "budget"), RC_INVALID);
    query_plan_free(&p);
    assert_int_equal(plan_of(QM_ALL | QM_COUNTS, &p, &e, 1, "by", "month"), RC_OK);
    query_plan_free(&p);
    /* paging is for lists, not for exports */
    assert_int_equal(plan_of(QM_ALL, &p, &e, 1, "page", "2"), RC_INVALID);
    query_plan_free(&p);
}

static void test_field_values(void **state) {
    (void)state;
    err e;
    static const struct {
        int field;
        const char *json;
        rc_t rc;
    } cases[] = {
        {0, "\"短\"", RC_OK},
        {0, "\"十一个字的名称超过上限\"", RC_INVALID},
        {0, "7", RC_INVALID},
        {1, "\"court\"", RC_OK},
        {1, "\"人民法院\"", RC_INVALID}, /* the API takes identifiers; imports map labels */
        {2, "\"2024-02-29\"", RC_OK},
        {2, "\"2023-02-29\"", RC_INVALID},
        {3, "100", RC_OK},
        {3, "101", RC_INVALID},
        {3, "1.5", RC_INVALID},
        {4, "true", RC_OK},
        {4, "1", RC_OK},
        {4, "\"yes\"", RC_INVALID},
        {5, "\"12.50\"", RC_OK},
        {5, "12.5", RC_OK},
        {5, "0.1", RC_OK},
        {5, "\"12.505\"", RC_INVALID},
        {5, "\"-1\"", RC_INVALID},
        {5, "1e20", RC_INVALID},
        {0, "null", RC_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *v = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
        const field_def *f = &fields[cases[i].field];
        rc_t rc = field_value_check(f, f->values, v, &e);
        if (rc != cases[i].rc)
            fail_msg("%s = %s gave rc %d", f->name, cases[i].json, rc);
        json_decref(v);
    }
    long long m = 0;
    char text[32];
    assert_true(decimal_parse("1234.5", 2, &m));
    assert_int_equal(m, 123450);
    decimal_format(m, 2, text, sizeof text);
    assert_string_equal(text, "1234.50");
    decimal_format(-5, 2, text, sizeof text);
    assert_string_equal(text, "-0.05");
    assert_false(decimal_parse("1.2.3", 2, &m));
    assert_false(decimal_parse("", 2, &m));
    assert_true(parse_whole("12.0", &m) && m == 12);
    assert_false(parse_whole("12.5", &m));
    assert_string_equal(enum_match(kinds, "Court"), "court");
    assert_null(enum_match(kinds, "ministry"));
    char key[FIELD_KEY_MAX];
    field_def ref = {.name = "person_id", .type = FT_REF};
    field_name_key(&ref, key);
    assert_string_equal(key, "person_name");
    field_def refs = {.name = "deputy_ids", .type = FT_REFS};
    field_name_key(&refs, key);
    assert_string_equal(key, "deputy_names");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equality_and_lists),     cmocka_unit_test(test_ranges_and_year),
        cmocka_unit_test(test_search_sort_and_paging), cmocka_unit_test(test_refused),
        cmocka_unit_test(test_field_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
