/* votes.c — votes of the current term, so that the vote pages have something on the day
 * the demo is loaded: a secret committee vote adopted, a named one on appointments, the
 * plenary's paper ballot of livelihood projects (12 candidates for 10 places), and a
 * secret committee vote still open, with part of the committee having voted, for the
 * demo's `member` to cast from a phone and the projector page to count.
 * Written through the vote engine; members without a login cast as their member record
 * (as the cases' deputies without a login do: demo_principal). */
#include <stdio.h>
#include <string.h>

#include "demo/demo_impl.h"
#include "domain/vote/vote.h"

#define HOUR_S 3600
#define PLACES 10

static const char *const projects[] = {
    "城区老旧小区改造提升工程", "农村饮用水达标提标工程",   "县人民医院急诊急救能力提升",
    "城乡公交一体化",           "中小学校食堂改造",         "居家养老服务中心全覆盖",
    "芳村溪流域生态修复",       "农村公路安全生命防护工程", "城区停车位扩容",
    "婴幼儿照护服务点建设",     "农贸市场标准化改造",       "全民健身步道建设",
};
/* the plenary's yes per project: the top ten above half of the 200 deputies; the 11th
 * above half but not among the ten; the 12th below half */
static const int project_yes[] = {176, 171, 165, 160, 152, 149, 141, 133, 127, 118, 104, 92};

/* ids — the current term's members (committee) or serving deputies (plenary). */
static rc_t ids(demo *d, bool members, long long *out, int cap, int *n) {
    store_params p = {.n = 0};
    store_param_int(&p, d->county);
    store_param_int(&p, demo_current(d)->id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        d->c,
        members ? "SELECT id FROM members WHERE congress_id = ? AND term_id = ? ORDER BY id"
                : "SELECT id FROM deputies WHERE congress_id = ? AND term_id = ? AND status = "
                  "'active' ORDER BY id",
        &p, &st, d->e);
    *n = 0;
    while (rc == RC_OK && store_next(st, &rc, d->e))
        if (*n < cap)
            out[(*n)++] = store_column_int(st, 0);
    if (st)
        store_finish(st);
    return rc;
}

static json_t *id_array(const long long *v, int n) {
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

/* made — create and open a vote (staff), *id its id. */
static rc_t made(demo *d, json_t *in, json_t *present, long long *id) {
    json_t *out = NULL;
    rc_t rc = vote_create(d->c, &d->office, in, &out, d->e);
    json_decref(in);
    if (rc == RC_OK)
        *id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    json_t *body = json_pack("{s:o}", "present", present);
    if (rc == RC_OK)
        rc = vote_act(d->c, &d->office, *id, "open", body, &out, d->e);
    json_decref(body);
    if (rc == RC_OK)
        json_decref(out);
    return rc;
}

static rc_t act(demo *d, const principal *by, long long id, const char *action, json_t *in) {
    json_t *out = NULL;
    rc_t rc = vote_act(d->c, by, id, action, in, &out, d->e);
    json_decref(in);
    json_decref(out);
    return rc;
}

/* cast — member m's ballot. */
static rc_t cast(demo *d, long long id, long long member, const char *choice) {
    principal p = {.role = ROLE_MEMBER, .congress_id = d->county, .member_id = member};
    json_t *in = json_pack("{s:s}", "choice", choice), *out = NULL;
    rc_t rc = vote_cast(d->c, &p, id, in, &out, d->e);
    json_decref(in);
    json_decref(out);
    return rc;
}

/* committee — a committee vote of members[0..n), all but `away` present; who casts
 * what: choice(i) for the i-th present member (NULL: casts nothing). */
static rc_t committee(demo *d, const char *question, const char *mode, const long long *m, int n,
                      int away, int cast_upto, bool close, long long skip) {
    long long id = 0;
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "question", question, "mode", mode, "method",
                  "electronic", "rule", "majority_of_all", "electorate", "committee");
    rc_t rc = made(d, in, id_array(m, n - away), &id);
    int cast_n = 0;
    for (int i = 0; rc == RC_OK && i < n - away && cast_n < cast_upto; i++) {
        if (m[i] == skip)
            continue;
        const char *choice = cast_n % 13 == 5 ? "abstain" : cast_n % 17 == 8 ? "no" : "yes";
        rc = cast(d, id, m[i], choice);
        cast_n++;
    }
    if (rc == RC_OK && close)
        rc = act(d, &d->office, id, "close", NULL);
    return rc;
}

/* plenary_projects — the paper ballot of livelihood projects, counted, confirmed by a
 * second account and closed. */
static rc_t plenary_projects(demo *d) {
    long long dep[DEPUTIES_MAX];
    int n = 0;
    rc_t rc = ids(d, false, dep, DEPUTIES_MAX, &n);
    int present = n - n / 20; /* a few on leave */
    json_t *cands = json_array();
    for (size_t i = 0; i < sizeof projects / sizeof projects[0]; i++)
        json_array_append_new(cands, json_pack("{s:s}", "name", projects[i]));
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:i}", "question", "常山县2027年民生实事项目票决",
                  "mode", "secret", "method", "paper", "rule", "top_n_above_half", "electorate",
                  "plenary", "candidates", cands, "places", PLACES);
    long long id = 0;
    if (rc == RC_OK)
        rc = made(d, in, id_array(dep, present), &id);
    else
        json_decref(in);
    json_t *rec = NULL;
    if (rc == RC_OK)
        rc = vote_get(d->c, &d->office, id, &rec, d->e);
    int returned = present - 2, invalid = 3, valid = returned - invalid;
    json_t *figures = json_object();
    json_t *list = json_object_get(rec, "candidates");
    for (size_t i = 0; rc == RC_OK && i < json_array_size(list); i++) {
        char key[24];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(json_array_get(list, i), "id")));
        int yes = project_yes[i] < valid ? project_yes[i] : valid;
        int no = (valid - yes) * 2 / 3;
        json_object_set_new(
            figures, key,
            json_pack("{s:i, s:i, s:i}", "yes", yes, "no", no, "abstain", valid - yes - no));
    }
    json_decref(rec);
    json_t *counts = json_pack("{s:i, s:i, s:i, s:o}", "issued", present, "returned", returned,
                               "invalid", invalid, "candidates", figures);
    if (rc == RC_OK)
        rc = act(d, &d->office, id, "paper_counts", counts);
    else
        json_decref(counts);
    if (rc == RC_OK)
        rc = act(d, &d->admin, id, "confirm", NULL);
    if (rc == RC_OK)
        rc = act(d, &d->office, id, "close", NULL);
    return rc;
}

rc_t demo_votes(demo *d) {
    long long m[MEMBERS_VOTING_MAX];
    int n = 0;
    date_clock_hold((time_t)(d->now - 30 * HOUR_S));
    rc_t rc = ids(d, true, m, MEMBERS_VOTING_MAX, &n);
    if (rc == RC_OK && n < 3)
        return demo_fail(d, "the current term has too few members for the demo's votes");
    if (rc == RC_OK)
        rc = committee(d, "关于批准常山县2025年县级财政决算的决议（草案）", "secret", m, n, 2, n,
                       true, 0);
    if (rc == RC_OK)
        rc = committee(d, "关于任命县人民法院审判员的决定（草案）", "named", m, n, 1, n, true, 0);
    date_clock_hold((time_t)(d->now - 20 * HOUR_S));
    if (rc == RC_OK)
        rc = plenary_projects(d);
    date_clock_hold((time_t)(d->now - HOUR_S / 4));
    /* open: a third of the committee has voted; the demo's member has not */
    if (rc == RC_OK)
        rc = committee(d, "关于常山县2026年国民经济和社会发展计划执行情况的报告的决议（草案）",
                       "secret", m, n, 0, n / 3, false, d->member_account.member_id);
    date_clock_hold(0);
    return rc;
}
