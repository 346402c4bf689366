/* test_vote.c — the vote engine's rules (src/domain/vote/rules.c), as tables of cases:
 * each row a vote as a chair would announce it, and the outcome the law gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/vote/rules.h"

/* A question (yes/no/abstain or satisfaction): N, present, the ballots by option. */
typedef struct {
    const char *rule;
    int64_t n, present;
    int64_t counts[3];
    const char *outcome;
    const char *why;
} question_case;

static void run_question(const question_case *q) {
    const vote_rule *rule = vote_rule_find(q->rule);
    assert_non_null(rule);
    vote_base base = {.n = q->n, .present = q->present};
    vote_result r;
    vote_result_start(&r, rule, &base, NULL, NULL, 0);
    for (int k = 0; k < 3; k++)
        for (int64_t i = 0; i < q->counts[k]; i++)
            vote_count_ballot(&r, rule->options[k]);
    vote_decide(&r);
    if (strcmp(r.outcome, q->outcome) != 0)
        fail_msg("%s: %s — got %s, want %s", q->rule, q->why, r.outcome, q->outcome);
    int64_t cast = q->counts[0] + q->counts[1] + q->counts[2];
    assert_int_equal(r.cast, cast);
    assert_int_equal(r.valid, cast);
    assert_int_equal(r.not_voting, q->present - cast);
}

static void test_majority_of_all(void **state) {
    (void)state;
    static const question_case cases[] = {
        {"majority_of_all", 25, 25, {13, 12, 0}, "adopted", "DOMAIN.md: 25 members, 13 yes"},
        {"majority_of_all", 25, 25, {12, 0, 0}, "rejected", "12 yes, nobody against: not half"},
        {"majority_of_all", 25, 14, {13, 0, 0}, "adopted", "13 of 25 though 14 present"},
        {"majority_of_all", 25, 20, {12, 0, 8}, "rejected", "12 yes of 20 present: of all"},
        {"majority_of_all", 24, 24, {12, 12, 0}, "rejected", "N even: exactly half is not more"},
        {"majority_of_all", 24, 24, {13, 0, 0}, "adopted", "N even: half plus one"},
        {"majority_of_all", 1, 1, {1, 0, 0}, "adopted", "one member"},
        {"majority_of_all", 25, 25, {0, 0, 0}, "rejected", "nobody voted"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_question(&cases[i]);
}

static void test_two_thirds_of_all(void **state) {
    (void)state;
    static const question_case cases[] = {
        {"two_thirds_of_all", 30, 30, {20, 10, 0}, "adopted", "exactly 2N/3 (以上 includes it)"},
        {"two_thirds_of_all", 30, 30, {19, 11, 0}, "rejected", "one below 2N/3"},
        {"two_thirds_of_all", 31, 31, {21, 0, 0}, "adopted", "N odd: 21 ≥ 20.67"},
        {"two_thirds_of_all", 31, 31, {20, 0, 0}, "rejected", "N odd: 20 < 20.67"},
        {"two_thirds_of_all", 3, 3, {2, 1, 0}, "adopted", "2 of 3"},
        {"two_thirds_of_all", 30, 21, {20, 0, 1}, "adopted", "of all, not of those present"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_question(&cases[i]);
}

static void test_satisfaction(void **state) {
    (void)state;
    static const question_case cases[] = {
        {"satisfaction", 40, 40, {21, 10, 9}, "satisfied", "21 of 40 satisfied: more than half"},
        {"satisfaction", 40, 40, {20, 10, 10}, "basically_satisfied", "20 of 40 is not more"},
        {"satisfaction", 40, 40, {10, 11, 19}, "basically_satisfied", "21 of 40 together"},
        {"satisfaction", 40, 40, {10, 10, 20}, "unsatisfied", "20 of 40 together is not more"},
        {"satisfaction", 41, 41, {21, 0, 20}, "satisfied", "odd: 21 of 41"},
        {"satisfaction",
         50,
         40,
         {21, 0, 19},
         "satisfied",
         "21 of 40 valid ballots, though not of the 50 in the electorate"},
        {"satisfaction", 10, 10, {0, 0, 0}, "unsatisfied", "no ballots"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_question(&cases[i]);
}

/* ---- candidates --------------------------------------------------------------------------- */

#define CANDS_MAX 12

/* A candidates ballot: N, present, places, the setting of the base, and each
 * candidate's yes (filled as that many ballots marking it yes, the rest no). */
typedef struct {
    int64_t n, present, places;
    bool base_all;
    int ncand;
    int64_t yes[CANDS_MAX];
    const char *outcome;
    const char *chosen; /* the chosen candidates' ids, "1,3" */
    const char *tied;
    const char *why;
} cand_case;

static void ids_of(const vote_result *r, bool chosen, char *out, size_t cap) {
    out[0] = '\0';
    for (int i = 0; i < r->ncand; i++)
        if (chosen ? r->cand[i].chosen : r->cand[i].tied)
            snprintf(out + strlen(out), cap - strlen(out), "%s%lld", out[0] ? "," : "",
                     (long long)r->cand[i].id);
}

static void start(vote_result *r, const cand_case *c) {
    int64_t ids[CANDS_MAX];
    const char *names[CANDS_MAX];
    char words[CANDS_MAX][16];
    for (int i = 0; i < c->ncand; i++) {
        ids[i] = i + 1;
        snprintf(words[i], sizeof words[i], "c%d", i + 1);
        names[i] = words[i];
    }
    vote_base base = {.n = c->n,
                      .present = c->present,
                      .places = c->places,
                      .base_all = c->base_all,
                      .reject_overvote = true};
    vote_result_start(r, vote_rule_find("top_n_above_half"), &base, ids, names, c->ncand);
}

static void run_candidates(const cand_case *c) {
    vote_result r;
    start(&r, c);
    /* set the counts directly (each candidate's yes of `present` valid ballots) */
    r.cast = r.valid = c->present;
    for (int i = 0; i < c->ncand; i++) {
        r.cand[i].yes = c->yes[i];
        r.cand[i].no = c->present - c->yes[i];
    }
    vote_decide(&r);
    char chosen[64], tied[64];
    ids_of(&r, true, chosen, sizeof chosen);
    ids_of(&r, false, tied, sizeof tied);
    if (strcmp(r.outcome, c->outcome) || strcmp(chosen, c->chosen) || strcmp(tied, c->tied))
        fail_msg("%s — got %s chosen [%s] tied [%s], want %s [%s] [%s]", c->why, r.outcome, chosen,
                 tied, c->outcome, c->chosen, c->tied);
}

static void test_top_n_above_half(void **state) {
    (void)state;
    static const cand_case cases[] = {
        {100, 90, 2, true, 4, {80, 70, 60, 10}, "chosen", "1,2", "", "the top two of four"},
        {100,
         90,
         2,
         true,
         4,
         {80, 50, 49, 10},
         "chosen",
         "1",
         "",
         "50 of 100 is not above half: only one chosen though two places"},
        {100,
         90,
         2,
         false,
         4,
         {80, 50, 49, 10},
         "chosen",
         "1,2",
         "",
         "above half of the 90 present (setting): 50 > 45"},
        {100,
         90,
         2,
         true,
         4,
         {80, 70, 70, 10},
         "tie",
         "1",
         "2,3",
         "a tie at the cut: neither is chosen, both go to a second round"},
        {100, 90, 2, true, 4, {70, 70, 70, 10}, "tie", "", "1,2,3", "three tied for two places"},
        {100,
         90,
         2,
         true,
         4,
         {80, 70, 30, 30},
         "chosen",
         "1,2",
         "",
         "a tie below the cut does not matter"},
        {100, 90, 2, true, 4, {80, 51, 51, 10}, "tie", "1", "2,3", "tied and both above half"},
        {100,
         90,
         2,
         true,
         4,
         {80, 51, 50, 50},
         "chosen",
         "1,2",
         "",
         "50 are not above half: no tie with them"},
        {100, 90, 3, true, 3, {90, 80, 70}, "chosen", "1,2,3", "", "as many places as candidates"},
        {101, 101, 1, true, 2, {51, 50}, "chosen", "1", "", "N odd: 51 of 101 is above half"},
        {100,
         100,
         10,
         true,
         12,
         {90, 89, 88, 87, 86, 85, 84, 83, 82, 81, 80, 79},
         "chosen",
         "1,2,3,4,5,6,7,8,9,10",
         "",
         "12 for 10, the livelihood projects' ballot"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_candidates(&cases[i]);
}

/* Ballots as stored: an overvote is invalid (counted apart) when the setting says so;
 * a candidate left out is an abstention. */
static void test_candidates_ballots(void **state) {
    (void)state;
    cand_case c = {.n = 10, .present = 10, .places = 2, .base_all = true, .ncand = 3};
    vote_result r;
    start(&r, &c);
    vote_count_ballot(&r, "{\"1\":\"yes\",\"2\":\"yes\",\"3\":\"no\"}");
    vote_count_ballot(&r, "{\"1\":\"yes\",\"2\":\"yes\",\"3\":\"yes\"}"); /* 3 yes for 2 */
    vote_count_ballot(&r, "{\"1\":\"yes\"}");                             /* 2, 3 abstain */
    vote_count_ballot(&r, "not a ballot");
    vote_decide(&r);
    assert_int_equal(r.cast, 4);
    assert_int_equal(r.valid, 2);
    assert_int_equal(r.invalid, 2);
    assert_int_equal(r.not_voting, 6);
    assert_int_equal(r.cand[0].yes, 2);
    assert_int_equal(r.cand[1].yes, 1);
    assert_int_equal(r.cand[1].abstain, 1);
    assert_int_equal(r.cand[2].no, 1);
    assert_int_equal(r.cand[2].abstain, 1);

    /* the setting off: the same overvote is a valid ballot */
    start(&r, &c);
    r.base.reject_overvote = false;
    vote_count_ballot(&r, "{\"1\":\"yes\",\"2\":\"yes\",\"3\":\"yes\"}");
    assert_int_equal(r.valid, 1);
    assert_int_equal(r.cand[2].yes, 1);
}

/* A question's ballot outside its options is invalid, not counted for any option. */
static void test_question_invalid(void **state) {
    (void)state;
    vote_base base = {.n = 5, .present = 5};
    vote_result r;
    vote_result_start(&r, vote_rule_find("majority_of_all"), &base, NULL, NULL, 0);
    vote_count_ballot(&r, "yes");
    vote_count_ballot(&r, "satisfied");
    vote_decide(&r);
    assert_int_equal(r.valid, 1);
    assert_int_equal(r.invalid, 1);
    assert_string_equal(r.outcome, "rejected");
    assert_null(vote_rule_find("simple_majority"));
    assert_int_equal(vote_option_index(vote_rule_find("satisfaction"), "yes"), -1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_majority_of_all),    cmocka_unit_test(test_two_thirds_of_all),
        cmocka_unit_test(test_satisfaction),       cmocka_unit_test(test_top_n_above_half),
        cmocka_unit_test(test_candidates_ballots), cmocka_unit_test(test_question_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
