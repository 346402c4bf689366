/* test_demo.c — the demo's terms for any load day (src/demo/), and the demo loaded on
 * days to come: after the 17th term an 18th begins the day after it ends, holds the
 * current deputies and the open work, and the 16th term's figures do not move. A load
 * day before the 17th term is refused; a second load finds the demo there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth/audit.h"
#include "demo/demo.h"

#define SECONDS_PER_DAY 86400LL
#define NOON_UTC (4 * 3600LL) /* 12:00 in China */

static date_t day(const char *s) {
    date_t d = 0;
    assert_true(date_parse(s, &d));
    return d;
}

static void term_is(const demo_term *t, int number, const char *start, const char *end) {
    assert_int_equal(t->number, number);
    assert_int_equal(t->start, day(start));
    assert_int_equal(t->end, day(end));
}

static void test_terms(void **state) {
    (void)state;
    demo_term t[DEMO_TERMS_MAX];
    assert_int_equal(demo_terms(day("2021-12-26"), t, DEMO_TERMS_MAX), 0); /* the 16th */
    assert_int_equal(demo_terms(day("2021-12-27"), t, DEMO_TERMS_MAX), 2);
    term_is(&t[0], 16, "2016-12-27", "2021-12-26");
    term_is(&t[1], 17, "2021-12-27", "2026-12-26");
    assert_int_equal(demo_terms(day("2026-12-26"), t, DEMO_TERMS_MAX), 2);
    assert_int_equal(demo_terms(day("2026-12-27"), t, DEMO_TERMS_MAX), 3);
    term_is(&t[2], 18, "2026-12-27", "2031-12-26");
    assert_int_equal(demo_terms(day("2040-02-29"), t, DEMO_TERMS_MAX), 5);
    term_is(&t[4], 20, "2036-12-27", "2041-12-26");
    assert_int_equal(demo_terms(day("2040-02-29"), t, 4), 0); /* more than it may hold */
}

typedef struct {
    char dir[64], path[96];
    store *s;
    store_conn *c;
} db;

static void db_open(db *f) {
    err e;
    snprintf(f->dir, sizeof f->dir, "/tmp/renda-demo-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/demo.db", f->dir);
    assert_int_equal(store_open(f->path, &f->s, &e), RC_OK);
    assert_int_equal(store_connect(f->s, &f->c, &e), RC_OK);
    assert_int_equal(store_migrate(f->c, NULL, &e), RC_OK);
}

static void db_close(db *f) {
    char path[128];
    store_disconnect(f->c);
    store_close(f->s);
    const char *const tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        snprintf(path, sizeof path, "%s%s", f->path, tails[i]);
        unlink(path);
    }
    rmdir(f->dir);
}

static int64_t count(db *f, const char *sql) {
    int64_t n = -1;
    err e;
    assert_int_equal(store_one_int(f->c, sql, NULL, &n, &e), RC_OK);
    return n;
}

static long long at(const char *d) { return (long long)day(d) * SECONDS_PER_DAY + NOON_UTC; }

#define TERM16_PROPOSALS                                                                           \
    "SELECT COUNT(*) FROM cases c JOIN proposals p ON p.case_id = c.id JOIN terms t ON "           \
    "t.id = p.term_id WHERE t.number = 16 AND c.state <> 'draft'"
#define OPEN_IN(n)                                                                                 \
    "SELECT COUNT(*) FROM cases c JOIN proposals p ON p.case_id = c.id JOIN terms t ON "           \
    "t.id = p.term_id WHERE t.number = " #n " AND c.state NOT IN ('closed','declined',"            \
    "'withdrawn')"

#define MEETINGS_16(kind)                                                                          \
    "SELECT COUNT(*) FROM meetings m JOIN terms t ON t.id = m.term_id WHERE t.number = 16 AND "    \
    "m.state = 'closed' AND m.kind = '" kind "'"

#define IN_16(table)                                                                               \
    "SELECT COUNT(*) FROM " table " r JOIN terms t ON t.id = r.term_id WHERE t.number = 16"

/* registers — the 16th term's ledgers with the seed's figures (issue 13), whatever the
 * load day, and the current term's recent records: a tracking audit finding due within
 * the month, one overdue, a document filed late and one awaiting its issuer's answer. */
static void registers(db *f, const char *when) {
    assert_int_equal(count(f, IN_16("inspections")), 99);
    assert_int_equal(count(f, IN_16("research")), 50);
    assert_int_equal(count(f, IN_16("enforcement_checks")), 14);
    assert_int_equal(count(f, IN_16("inquiries")), 3);
    assert_int_equal(count(f, IN_16("investigations")), 1);
    assert_int_equal(count(f, IN_16("evaluations") " AND r.result IS NOT NULL"), 10);
    /* each closed by the committee's satisfaction poll on the record, which found its result */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM vote_events v JOIN evaluations r ON r.id = "
                              "v.record_id WHERE v.record_collection = 'evaluations' AND v.state = "
                              "'closed' AND json_extract(v.result, '$.outcome') = r.result"),
                     10);
    assert_int_equal(count(f, IN_16("audit_findings")), 310);
    assert_int_equal(
        count(f, IN_16("audit_findings") " AND r.status = 'rectified' AND "
                                         "r.rectified_on IS NOT NULL AND r.evidence IS NOT NULL"),
        281);
    assert_int_equal(count(f, IN_16("normative_documents")), 76);
    assert_true(count(f, IN_16("normative_documents") " AND r.filed_on > r.filing_due") >= 2);
    assert_true(count(f, IN_16("budget_reviews")) >= 20);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM budget_execution WHERE as_of LIKE '2021-%'"),
                     180);
    assert_true(count(f, IN_16("articles") " AND r.outlet_level <> 'county'") >= 800);
    assert_true(count(f,
                      "SELECT COUNT(*) FROM article_deputies ad JOIN articles r ON r.id = "
                      "ad.article_id JOIN terms t ON t.id = r.term_id WHERE t.number = 16") >= 450);
    assert_int_equal(count(f, "SELECT COUNT(DISTINCT tu.unit_id) FROM training_units tu JOIN "
                              "units u ON u.id = tu.unit_id WHERE u.kind = 'township'"),
                     14);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM regulation_revisions WHERE revised_on "
                              "BETWEEN '2016-12-27' AND '2021-12-26'"),
                     32);
    assert_int_equal(count(f, IN_16("party_reports") " AND r.kind = 'report'"), 5);
    assert_int_equal(count(f, IN_16("party_reports") " AND r.kind = 'request'"), 23);
    assert_int_equal(count(f, IN_16("events") " AND r.kind = 'joint_meeting'"), 2);
    assert_true(count(f, IN_16("events") " AND r.kind = 'campaign' AND r.deputies_count >= 200") ==
                1);
    assert_true(count(f, "SELECT COUNT(*) FROM indicator_values v JOIN indicators i ON i.id = "
                         "v.indicator_id WHERE i.name = '国有房地产确权率'") >= 6);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM audit_findings WHERE status = 'tracking' AND report_on > "
             "'2021-12-26' AND due_on >= '%s' AND due_on <= date('%s', '+30 days')",
             when, when);
    assert_int_equal(count(f, sql), 1);
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM audit_findings WHERE status = 'tracking' AND report_on > "
             "'2021-12-26' AND due_on < '%s'",
             when);
    assert_int_equal(count(f, sql), 1);
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM normative_documents WHERE published_on > '2021-12-26' AND "
             "(filed_on > filing_due OR (filed_on IS NULL AND filing_due < '%s'))",
             when);
    assert_int_equal(count(f, sql), 1);
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM normative_documents WHERE stage = 'review_opinion' AND "
             "answered_on IS NULL AND answer_due >= '%s'",
             when);
    assert_int_equal(count(f, sql), 1);
}

/* loaded_on — the demo as loaded on `when`: its terms, where the open work went, the
 * 16th term's figures and an intact audit chain. */
static void loaded_on(const char *when, int terms, int64_t deputies) {
    db f;
    err e;
    long long congress = 0;
    db_open(&f);
    rc_t rc = demo_load_at(f.c, "demo-password", at(when), &congress, &e);
    if (rc)
        fail_msg("demo_load_at %s: %s", when, e.message);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM terms"), terms);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM deputies WHERE level = 'county'"), deputies);
    /* the current term's deputies come first: the demo deputy is its first */
    assert_int_equal(count(&f, "SELECT t.number FROM deputies d JOIN terms t ON t.id = "
                               "d.term_id WHERE d.id = 1"),
                     15 + terms);
    assert_int_equal(count(&f, TERM16_PROPOSALS), 657);
    assert_int_equal(count(&f, OPEN_IN(16)), 0);
    if (terms == 2)
        assert_true(count(&f, OPEN_IN(17)) > 20);
    else
        assert_true(count(&f, OPEN_IN(18)) > 0);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM case_events WHERE at >= '%s'", when);
    assert_int_equal(count(&f, sql), 0); /* nothing on or after the load day */
    /* the 16th term's meetings whatever the day; the current term's next session */
    assert_int_equal(count(&f, MEETINGS_16("committee_session")), 49);
    assert_int_equal(count(&f, MEETINGS_16("chairs_meeting")), 74);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM resolutions r JOIN terms t ON t.id = "
                               "r.term_id WHERE t.number = 16"),
                     100);
    char next[256];
    snprintf(next, sizeof next,
             "SELECT COUNT(*) FROM meetings m JOIN terms t ON t.id = m.term_id WHERE t.number "
             "= %d AND m.state = 'notified' AND m.starts_on >= '%s'",
             15 + terms, when);
    assert_int_equal(count(&f, next), 1);
    registers(&f, when);
    int64_t checked = 0, bad = 0;
    assert_int_equal(audit_verify(f.c, &checked, &bad, &e), RC_OK);
    assert_true(checked > 10000);
    /* once is enough */
    assert_int_equal(demo_load_at(f.c, "demo-password", at(when), NULL, &e), RC_CONFLICT);
    db_close(&f);
}

static void test_load_in_the_17th_term(void **state) {
    (void)state;
    loaded_on("2025-06-16", 2, 400);
}

/* Just after the 17th term: an 18th with today's deputies; the older open cases are
 * the 17th term's (whose deputies the demo writes too). */
static void test_load_after_the_17th_term(void **state) {
    (void)state;
    loaded_on("2027-01-11", 3, 600);
}

/* digest — what two loads on one day must agree on: the meetings, their agendas,
 * attendance and ballots, the cases' numbers and states, the registers' entries. */
static void digest(db *f, char *out, size_t cap) {
    static const char *const sql[] = {
        "SELECT COUNT(*) || '/' || COALESCE(SUM(LENGTH(kind || number || starts_on || "
        "COALESCE(ends_on, '') || state || COALESCE(notified_at, '') || COALESCE(closed_at, "
        "'')) * id), 0) FROM meetings",
        "SELECT COUNT(*) || '/' || COALESCE(SUM(LENGTH(title || COALESCE(to_office_on, '')) * "
        "(id + meeting_id)), 0) FROM agenda_items",
        "SELECT COUNT(*) || '/' || COALESCE(SUM((LENGTH(status || COALESCE(reason, '')) + "
        "COALESCE(member_id, 0) * 7 + COALESCE(deputy_id, 0) * 11) * meeting_id), 0) FROM "
        "attendance",
        "SELECT COUNT(*) || '/' || COALESCE(SUM(LENGTH(b.content) * b.vote_id), 0) FROM "
        "vote_ballots b JOIN vote_events v ON v.id = b.vote_id WHERE v.mode = 'named'",
        "SELECT COUNT(*) || '/' || COALESCE(SUM(LENGTH(number || state) * id), 0) FROM cases",
        "SELECT COUNT(*) || '/' || COALESCE(SUM(LENGTH(finding || status || COALESCE(rectified_on, "
        "'')) * (id + unit_id)), 0) FROM audit_findings",
        "SELECT COUNT(*) || '/' || COALESCE(SUM((LENGTH(title) + COALESCE(a.deputy_id, 0)) * "
        "r.id), 0) FROM "
        "articles r LEFT JOIN article_deputies a ON a.article_id = r.id",
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        char part[64] = "";
        err e;
        assert_int_equal(store_one_text(f->c, sql[i], NULL, part, sizeof part, NULL, &e), RC_OK);
        n += (size_t)snprintf(out + n, cap - n, "%s;", part);
    }
}

/* The same load day gives the same records. */
static void test_deterministic(void **state) {
    (void)state;
    char a[512] = "", b[512] = "";
    for (int k = 0; k < 2; k++) {
        db f;
        err e;
        db_open(&f);
        rc_t rc = demo_load_at(f.c, "demo-password", at("2025-06-16") + k * 600, NULL, &e);
        if (rc)
            fail_msg("demo_load_at: %s", e.message);
        digest(&f, k ? b : a, sizeof a);
        db_close(&f);
    }
    assert_string_equal(a, b);
}

static void test_refused_before_the_17th_term(void **state) {
    (void)state;
    db f;
    err e;
    db_open(&f);
    assert_int_equal(demo_load_at(f.c, "demo-password", at("2020-05-01"), NULL, &e), RC_INVALID);
    assert_int_equal(count(&f, "SELECT COUNT(*) FROM congresses"), 0);
    db_close(&f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_refused_before_the_17th_term),
        cmocka_unit_test(test_load_in_the_17th_term),
        cmocka_unit_test(test_load_after_the_17th_term),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
