/* rules.h — the vote engine's rules: pure functions from counts to an outcome, apart
 * from storage (unit-tested by tests/unit/test_vote_rules.c).
 *
 * A rule is a row of vote_rules[] (rules.c): its name, its options, whether it puts
 * candidates, and the function that decides. A new rule is a row and its function,
 * never a branch in the engine. */
#ifndef RENDA_VOTE_RULES_H
#define RENDA_VOTE_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#define VOTE_OPTIONS_MAX 4
#define VOTE_CANDIDATES_MAX 200
#define VOTE_NAME_MAX 256

/* What a tally starts from: the electorate's size N and those present, fixed when the
 * vote opened; the settings in effect then; the ballots, counted. */
typedef struct {
    int64_t n, present;
    int64_t places;       /* candidates' rules: how many are chosen */
    bool base_all;        /* top_n_above_half: half of all (true) or of those present */
    bool reject_overvote; /* a ballot with more yes than places is invalid */
} vote_base;

typedef struct {
    int64_t id;
    char name[VOTE_NAME_MAX];
    int64_t yes, no, abstain;
    int rank; /* 1 + how many have more yes */
    bool chosen, tied;
} vote_candidate_count;

/* The result, as GET /votes/<id> shows it once closed. */
typedef struct {
    const struct vote_rule *rule;
    vote_base base;
    int64_t cast, valid, invalid, not_voting;
    int64_t counts[VOTE_OPTIONS_MAX]; /* per option of the rule, in its order */
    int ncand;
    vote_candidate_count cand[VOTE_CANDIDATES_MAX];
    int64_t threshold;   /* candidates: yes must exceed this (half of the base, ×2 below) */
    const char *outcome; /* adopted rejected satisfied basically_satisfied unsatisfied
                            chosen tie */
} vote_result;

typedef struct vote_rule {
    const char *name, *label_zh, *label_en;
    const char *const *options; /* NULL-terminated, in the order results list them */
    bool candidates;            /* a ballot marks each candidate yes/no/abstain */
    /* decide — set r->outcome (and candidates' rank, chosen, tied) from the counts. */
    void (*decide)(vote_result *r);
} vote_rule;

extern const vote_rule vote_rules[];
extern const int vote_rules_count;

/* The options of a candidates ballot, per candidate. */
extern const char *const vote_mark_options[];

/* vote_quorum_least — the least number present out of n that makes a quorum of
 * num/den: more than it (more_than, "过半数") or at least it ("三分之二以上"); at least 1. */
int64_t vote_quorum_least(int64_t n, long long num, long long den, bool more_than);

/* vote_rule_find — the rule named name, or NULL. */
const vote_rule *vote_rule_find(const char *name);
/* vote_option_index — the index of option in rule's options (-1: not one of them). */
int vote_option_index(const vote_rule *rule, const char *option);
/* vote_option_label — an option's words ("赞成" / "Yes"); the option itself if unknown. */
const char *vote_option_label(const char *option, bool zh);

/* vote_result_start — an empty result for rule over base, with the candidates (ids and
 * names, in ballot order; ncand ≤ VOTE_CANDIDATES_MAX). */
void vote_result_start(vote_result *r, const vote_rule *rule, const vote_base *base,
                       const int64_t *cand_ids, const char *const *cand_names, int ncand);

/* vote_count_ballot — add one cast ballot's content (as stored: "yes", or for
 * candidates {"<id>":"yes",…}, a candidate left out being an abstention). A ballot
 * that cannot be read, or with more yes than places when base.reject_overvote, counts
 * as cast and invalid. */
void vote_count_ballot(vote_result *r, const char *content);

/* vote_ballot_overvotes — does a candidates ballot mark more yes than places? */
bool vote_ballot_overvotes(const vote_result *r, const json_t *choices);

/* vote_decide — not_voting from the counts, then the rule's decision. */
void vote_decide(vote_result *r);

/* vote_result_json — the result's JSON (GET /votes/<id>.result). New reference. */
json_t *vote_result_json(const vote_result *r);

#endif
