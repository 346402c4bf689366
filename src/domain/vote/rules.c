/* rules.c — the rules a vote is decided by (rules.h). Every threshold of "all" is of the
 * electorate's size N fixed when the vote opened, never of those present (地方组织法:
 * "过半数" of all members); integer arithmetic only, so 2N/3 has no rounding. */
#include "domain/vote/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ------------------------------------------------------------------------------ */

static const char *const yes_no_abstain[] = {"yes", "no", "abstain", NULL};
static const char *const satisfaction_options[] = {"satisfied", "basically_satisfied",
                                                   "unsatisfied", NULL};
const char *const vote_mark_options[] = {"yes", "no", "abstain", NULL};

static const struct {
    const char *option, *zh, *en;
} option_labels[] = {
    {.option = "yes", .zh = "赞成", .en = "Yes"},
    {.option = "no", .zh = "反对", .en = "No"},
    {.option = "abstain", .zh = "弃权", .en = "Abstain"},
    {.option = "not_voting", .zh = "未按表决器", .en = "Not voting"},
    {.option = "satisfied", .zh = "满意", .en = "Satisfied"},
    {.option = "basically_satisfied", .zh = "基本满意", .en = "Basically satisfied"},
    {.option = "unsatisfied", .zh = "不满意", .en = "Unsatisfied"},
};

const char *vote_option_label(const char *option, bool zh) {
    for (size_t i = 0; i < sizeof option_labels / sizeof option_labels[0]; i++)
        if (strcmp(option_labels[i].option, option) == 0)
            return zh ? option_labels[i].zh : option_labels[i].en;
    return option;
}

/* ---- the rules ---------------------------------------------------------------------------- */

/* majority_of_all — adopted when yes > N/2: 25 members, 13 yes adopts; 12 does not,
 * whatever the others did. */
static void majority_of_all(vote_result *r) {
    r->outcome = 2 * r->counts[0] > r->base.n ? "adopted" : "rejected";
}

/* two_thirds_of_all — adopted when yes ≥ 2N/3 ("三分之二以上" includes the number). */
static void two_thirds_of_all(vote_result *r) {
    r->outcome = 3 * r->counts[0] >= 2 * r->base.n ? "adopted" : "rejected";
}

/* satisfaction — satisfied when satisfied > half of the valid ballots, else basically
 * satisfied when satisfied + basically satisfied > half, else unsatisfied. */
static void satisfaction(vote_result *r) {
    int64_t s = r->counts[0], b = r->counts[1];
    r->outcome = 2 * s > r->valid         ? "satisfied"
                 : 2 * (s + b) > r->valid ? "basically_satisfied"
                                          : "unsatisfied";
}

/* more_yes — candidates by yes, most first; equal yes keep the ballot's order. */
static int more_yes(const void *a, const void *b) {
    const vote_candidate_count *x = *(vote_candidate_count *const *)a;
    const vote_candidate_count *y = *(vote_candidate_count *const *)b;
    if (x->yes != y->yes)
        return x->yes > y->yes ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* top_n_above_half — ranked by yes; chosen are the top `places` of those whose yes
 * exceed half of the base (all deputies, or those present: a setting). When the cut
 * falls among candidates with equal yes, none of them is chosen: they are reported as
 * tied, for a second round, and only those above them are chosen. */
static void top_n_above_half(vote_result *r) {
    vote_candidate_count *order[VOTE_CANDIDATES_MAX] = {0};
    int n = r->ncand, eligible = 0;
    int64_t base = r->base.base_all ? r->base.n : r->base.present;
    r->threshold = base;
    for (int i = 0; i < n; i++)
        order[i] = &r->cand[i];
    qsort(order, (size_t)n, sizeof order[0], more_yes);
    for (int i = 0; i < n; i++) {
        order[i]->rank = i > 0 && order[i]->yes == order[i - 1]->yes ? order[i - 1]->rank : i + 1;
        if (2 * order[i]->yes > base)
            eligible++; /* sorted: the eligible are a prefix */
    }
    int64_t places = r->base.places;
    r->outcome = "chosen";
    if (eligible <= places) {
        for (int i = 0; i < eligible; i++)
            order[i]->chosen = true;
        return;
    }
    int64_t cut = order[places - 1]->yes;
    bool tie = order[places]->yes == cut;
    for (int i = 0; i < eligible; i++) {
        if (!tie)
            order[i]->chosen = i < places;
        else if (order[i]->yes > cut)
            order[i]->chosen = true;
        else if (order[i]->yes == cut)
            order[i]->tied = true;
    }
    if (tie)
        r->outcome = "tie";
}

const vote_rule vote_rules[] = {
    {.name = "majority_of_all",
     .label_zh = "全体组成人员过半数通过",
     .label_en = "More than half of all",
     .options = yes_no_abstain,
     .decide = majority_of_all},
    {.name = "two_thirds_of_all",
     .label_zh = "全体三分之二以上通过",
     .label_en = "Two-thirds of all",
     .options = yes_no_abstain,
     .decide = two_thirds_of_all},
    {.name = "top_n_above_half",
     .label_zh = "差额票决：过半数者按得票多少取前若干名",
     .label_en = "Top N of those above half",
     .options = yes_no_abstain,
     .candidates = true,
     .decide = top_n_above_half},
    {.name = "satisfaction",
     .label_zh = "满意度测评",
     .label_en = "Satisfaction poll",
     .options = satisfaction_options,
     .decide = satisfaction},
};
const int vote_rules_count = (int)(sizeof vote_rules / sizeof vote_rules[0]);

int64_t vote_quorum_least(int64_t n, long long num, long long den, bool more_than) {
    if (den <= 0)
        return 1;
    /* more than n·num/den: floor + 1; at least it: the ceiling */
    int64_t least = more_than ? n * num / den + 1 : (n * num + den - 1) / den;
    return least < 1 ? 1 : least;
}

const vote_rule *vote_rule_find(const char *name) {
    for (int i = 0; name && i < vote_rules_count; i++)
        if (strcmp(vote_rules[i].name, name) == 0)
            return &vote_rules[i];
    return NULL;
}

int vote_option_index(const vote_rule *rule, const char *option) {
    for (int i = 0; option && rule->options[i]; i++)
        if (strcmp(rule->options[i], option) == 0)
            return i;
    return -1;
}

/* ---- counting ----------------------------------------------------------------------------- */

void vote_result_start(vote_result *r, const vote_rule *rule, const vote_base *base,
                       const int64_t *cand_ids, const char *const *cand_names, int ncand) {
    memset(r, 0, sizeof *r);
    r->rule = rule;
    r->base = *base;
    r->ncand = ncand < VOTE_CANDIDATES_MAX ? ncand : VOTE_CANDIDATES_MAX;
    for (int i = 0; i < r->ncand; i++) {
        r->cand[i].id = cand_ids[i];
        snprintf(r->cand[i].name, sizeof r->cand[i].name, "%s", cand_names[i]);
    }
}

/* mark_of — a candidate's mark on a ballot ({"<id>": "yes"|"no"|"abstain"}): 0 yes, 1
 * no, 2 abstain (also when left out), -1 anything else. */
static int mark_of(const json_t *choices, int64_t id) {
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)id);
    const json_t *v = json_object_get(choices, key);
    if (!v)
        return 2;
    const char *m = json_string_value(v);
    for (int i = 0; m && vote_mark_options[i]; i++)
        if (strcmp(m, vote_mark_options[i]) == 0)
            return i;
    return -1;
}

bool vote_ballot_overvotes(const vote_result *r, const json_t *choices) {
    int64_t yes = 0;
    for (int i = 0; i < r->ncand; i++)
        yes += mark_of(choices, r->cand[i].id) == 0;
    return yes > r->base.places;
}

void vote_count_ballot(vote_result *r, const char *content) {
    r->cast++;
    if (!r->rule->candidates) {
        int k = vote_option_index(r->rule, content);
        if (k < 0) {
            r->invalid++;
            return;
        }
        r->counts[k]++;
        r->valid++;
        return;
    }
    json_t *choices = json_loads(content ? content : "", 0, NULL);
    bool ok = json_is_object(choices);
    for (int i = 0; ok && i < r->ncand; i++)
        ok = mark_of(choices, r->cand[i].id) >= 0;
    if (ok && r->base.reject_overvote && vote_ballot_overvotes(r, choices))
        ok = false;
    if (!ok) {
        r->invalid++;
        json_decref(choices);
        return;
    }
    for (int i = 0; i < r->ncand; i++) {
        int m = mark_of(choices, r->cand[i].id);
        int64_t *slot = m == 0 ? &r->cand[i].yes : m == 1 ? &r->cand[i].no : &r->cand[i].abstain;
        (*slot)++;
    }
    r->valid++;
    json_decref(choices);
}

void vote_decide(vote_result *r) {
    r->not_voting = r->base.present > r->cast ? r->base.present - r->cast : 0;
    r->rule->decide(r);
}

json_t *vote_result_json(const vote_result *r) {
    json_t *counts = json_object();
    if (!r->rule->candidates)
        for (int i = 0; r->rule->options[i]; i++)
            json_object_set_new(counts, r->rule->options[i], json_integer(r->counts[i]));
    json_t *o = json_pack(
        "{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:s}", "rule", r->rule->name, "electorate_size",
        (json_int_t)r->base.n, "present", (json_int_t)r->base.present, "cast", (json_int_t)r->cast,
        "valid", (json_int_t)r->valid, "invalid", (json_int_t)r->invalid, "not_voting",
        (json_int_t)r->not_voting, "counts", counts, "outcome", r->outcome ? r->outcome : "");
    if (!o || !r->rule->candidates)
        return o;
    /* in the order of the ranking (equal ranks in the ballot's order) */
    int order[VOTE_CANDIDATES_MAX] = {0};
    for (int i = 0; i < r->ncand; i++) {
        int j = i;
        for (; j > 0 && r->cand[order[j - 1]].rank > r->cand[i].rank; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    json_t *cands = json_array(), *tie = json_array();
    for (int k = 0; k < r->ncand; k++) {
        const vote_candidate_count *c = &r->cand[order[k]];
        json_array_append_new(
            cands, json_pack("{s:I, s:s, s:I, s:I, s:I, s:i, s:b}", "id", (json_int_t)c->id, "name",
                             c->name, "yes", (json_int_t)c->yes, "no", (json_int_t)c->no, "abstain",
                             (json_int_t)c->abstain, "rank", c->rank, "chosen", c->chosen));
        if (c->tied)
            json_array_append_new(tie, json_integer(c->id));
    }
    json_object_set_new(o, "candidates", cands);
    json_object_set_new(o, "tie", tie);
    json_object_set_new(o, "places", json_integer(r->base.places));
    /* yes must exceed half of this: all deputies, or those present (a setting) */
    json_object_set_new(o, "above_half_of", json_integer(r->threshold));
    return o;
}
