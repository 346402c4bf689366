/* test_case.c — the case engine's pure parts: deadline arithmetic and the one
 * transition table (every action from every state, allowed or refused). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/case/case.h"

static date_t d(const char *s) {
    date_t x = 0;
    assert_true(date_parse(s, &x));
    return x;
}

static void assert_date(date_t got, const char *want) {
    char t[11];
    date_format(got, t);
    assert_string_equal(t, want);
}

static void test_reply_deadlines(void **state) {
    assert_date(case_due_months(d("2021-11-30"), 3), "2022-02-28");
    assert_date(case_due_months(d("2021-11-30"), 6), "2022-05-30");
    assert_date(case_due_months(d("2023-11-30"), 3), "2024-02-29"); /* leap year */
    assert_date(case_due_months(d("2021-08-31"), 1), "2021-09-30");
}

static void test_petition_deadlines(void **state) {
    date_t due = case_due_days(d("2024-01-05"), 60);
    assert_date(due, "2024-03-05");
    assert_date(case_due_days(due, 30), "2024-04-04");
}

/* National Day 2021: Oct 1–7 off; Sep 26 (Sun) and Oct 9 (Sat) are make-up days. */
static void test_working_days_national_day(void **state) {
    date_exception ex[9];
    size_t n = 0;
    ex[n++] = (date_exception){d("2021-09-26"), true};
    for (int i = 1; i <= 7; i++) {
        char s[11];
        snprintf(s, sizeof s, "2021-10-%02d", i);
        ex[n++] = (date_exception){d(s), false};
    }
    ex[n++] = (date_exception){d("2021-10-09"), true};
    /* Fri Sep 24 + 1 working day is the make-up Sunday Sep 26. */
    assert_date(date_add_working_days(d("2021-09-24"), 1, ex, n), "2021-09-26");
    /* Thu Sep 30 + 1 skips the whole holiday to Fri Oct 8. */
    assert_date(date_add_working_days(d("2021-09-30"), 1, ex, n), "2021-10-08");
    /* Thu Sep 30 + 7 (a unit's return window): Oct 8, 9 (make-up), 11 … 15. */
    assert_date(date_add_working_days(d("2021-09-30"), 7, ex, n), "2021-10-15");
    /* without the calendar, weekends only */
    assert_date(date_add_working_days(d("2021-09-30"), 7, NULL, 0), "2021-10-11");
}

/* The whole table: allowed exactly from its from-states for its roles; otherwise
 * 409 naming the state (right role) or 403 (wrong role). */
static void test_transition_table(void **state) {
    const unsigned all = CR_STAFF | CR_LEAD | CR_COSIGNER | CR_OWED | CR_UNIT;
    for (int i = 0; i < case_transition_count; i++) {
        const case_transition *t = &case_transitions[i];
        assert_ptr_equal(case_transition_find(t->name), t);
        for (int s = 0; s < CS_COUNT; s++) {
            err e;
            rc_t rc = case_check(t, (case_state)s, t->who, &e);
            if (t->from & CS_BIT(s)) {
                assert_int_equal(rc, RC_OK);
            } else {
                assert_int_equal(rc, RC_CONFLICT);
                assert_non_null(strstr(e.message, case_state_name((case_state)s)));
                /* and in Chinese, with the state and the action in words */
                assert_non_null(
                    strstr(e.message_zh, case_state_label(case_state_name((case_state)s))));
                assert_non_null(strstr(e.message_zh, t->label_zh));
            }
            unsigned others = all & ~t->who;
            if (others) {
                assert_int_equal(case_check(t, (case_state)s, others, &e), RC_FORBIDDEN);
            }
            assert_int_equal(case_check(t, (case_state)s, 0, &e), RC_FORBIDDEN);
        }
    }
    assert_null(case_transition_find("fly"));
    /* a few rows spelled out, as docs/cases.md has them */
    err e;
    assert_int_equal(case_check(case_transition_find("accept"), CS_DRAFT, CR_STAFF, &e),
                     RC_CONFLICT);
    assert_string_equal(e.message,
                        "the case is draft; accept is allowed only when it is submitted");
    assert_string_equal(e.message_zh, "本件当前为“草稿”，只有在“已提交”时才能受理");
    assert_int_equal(case_check(case_transition_find("accept"), CS_SUBMITTED, CR_LEAD, &e),
                     RC_FORBIDDEN);
    assert_string_equal(e.message, "only staff may accept this case");
    assert_string_equal(e.message_zh, "只有机关工作人员可以受理本件");
    assert_int_equal(case_check(case_transition_find("extend"), CS_ASSIGNED, CR_LEAD, &e),
                     RC_FORBIDDEN);
    assert_string_equal(e.message_zh, "只有机关工作人员或承办单位可以延期本件");
    assert_int_equal(case_check(case_transition_find("feedback"), CS_REPLIED, CR_OWED, &e), RC_OK);
    assert_int_equal(case_check(case_transition_find("supervise"), CS_DRAFT, CR_STAFF, &e),
                     RC_CONFLICT);
    assert_int_equal(case_check(case_transition_find("supervise"), CS_CLOSED, CR_STAFF, &e), RC_OK);
}

static void test_state_names(void **state) {
    for (int s = 0; s < CS_COUNT; s++) {
        case_state back;
        assert_true(case_state_parse(case_state_name((case_state)s), &back));
        assert_int_equal(back, s);
    }
    case_state x;
    assert_false(case_state_parse("open", &x));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reply_deadlines),
        cmocka_unit_test(test_petition_deadlines),
        cmocka_unit_test(test_working_days_national_day),
        cmocka_unit_test(test_transition_table),
        cmocka_unit_test(test_state_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
