/* act.c — the office's actions on a vote (vote_act): open it to its electorate with
 * those present (below quorum it does not open), enter and confirm paper counts, close
 * it with its result, annul it with a reason. Each in one transaction with its audit
 * entry; the hall is told after the commit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/meeting/meeting.h"
#include "domain/settings.h"
#include "domain/vote/vote_impl.h"

/* ---- open --------------------------------------------------------------------------------- */

/* quorum — does present meet the quorum of v's electorate of n? committee: more than
 * num/den of all members; plenary: at least num/den of all deputies (settings; 地方组织法
 * arts. 15 and 51 say "过半数" and "三分之二以上"). A list vote (deputies polled) has none. */
static rc_t quorum(store_conn *c, const vote_event *v, int64_t n, int64_t present, err *e) {
    bool committee = strcmp(v->electorate, "committee") == 0;
    if (!committee && strcmp(v->electorate, "plenary") != 0)
        return RC_OK;
    long long num =
        settings_get(c, v->congress_id, committee ? "committee_quorum_num" : "plenary_quorum_num");
    long long den =
        settings_get(c, v->congress_id, committee ? "committee_quorum_den" : "plenary_quorum_den");
    if (present >= vote_quorum_least(n, num, den, committee))
        return RC_OK;
    return committee ? err_set(e, RC_INVALID, "present",
                               "%lld of %lld members are present: a vote needs more than "
                               "%lld/%lld of all members",
                               (long long)present, (long long)n, num, den)
                     : err_set(e, RC_INVALID, "present",
                               "%lld of %lld deputies are present: a vote needs at least "
                               "%lld/%lld of all deputies",
                               (long long)present, (long long)n, num, den);
}

/* fix_electorate — write the electorate's rows as it stands (a list vote's are there). */
static rc_t fix_electorate(store_conn *c, const vote_event *v, int64_t *n, err *e) {
    rc_t rc = RC_OK;
    if (strcmp(v->electorate, "list") != 0) {
        store_params q;
        char today[11];
        const char *sel = vote_electorate_sql(c, v, today, &q);
        store_params p = {.n = 0};
        store_param_int(&p, v->id);
        for (int i = 0; i < q.n; i++)
            p.v[p.n++] = q.v[i];
        char *sql = NULL;
        if (asprintf(&sql,
                     "INSERT INTO vote_voters (vote_id, voter_id, name, present, voted) "
                     "SELECT ?, el.id, el.name, 0, 0 FROM (%s) el",
                     sel) < 0)
            return err_set(e, RC_NOMEM, NULL, "out of memory");
        rc = store_run(c, sql, &p, NULL, e);
        free(sql);
    }
    store_params p = {.n = 0};
    store_param_int(&p, v->id);
    if (rc == RC_OK)
        rc = store_one_int(c, "SELECT COUNT(*) FROM vote_voters WHERE vote_id = ?", &p, n, e);
    if (rc == RC_OK && *n == 0)
        rc = err_set(e, RC_INVALID, "electorate",
                     "the electorate is empty: nobody of the term could vote");
    return rc;
}

/* mark_present — the ids given as present, each of the electorate. */
static rc_t mark_present(store_conn *c, const vote_event *v, const json_t *present, int64_t *count,
                         err *e) {
    if (!json_is_array(present))
        return err_set(e, RC_INVALID, "present",
                       "present lists who is present (ids of the electorate)");
    for (size_t i = 0; i < json_array_size(present); i++) {
        const json_t *id = json_array_get(present, i);
        if (!json_is_integer(id))
            return err_set(e, RC_INVALID, "present", "present item %zu is not an id", i + 1);
        store_params p = {.n = 0};
        store_param_int(&p, v->id);
        store_param_int(&p, json_integer_value(id));
        int64_t changed = 0;
        rc_t rc =
            store_run(c, "UPDATE vote_voters SET present = 1 WHERE vote_id = ? AND voter_id = ?",
                      &p, &changed, e);
        if (rc == RC_OK && !changed)
            rc = err_set(e, RC_INVALID, "present", "%lld is not of this vote's electorate",
                         (long long)json_integer_value(id));
        if (rc)
            return rc;
    }
    store_params p = {.n = 0};
    store_param_int(&p, v->id);
    return store_one_int(c, "SELECT COUNT(*) FROM vote_voters WHERE vote_id = ? AND present = 1",
                         &p, count, e);
}

static rc_t open_vote(store_conn *c, const principal *by, vote_event *v, const json_t *in, err *e) {
    if (!vote_in_state(v, "draft"))
        return err_set(e, RC_CONFLICT, "state", "the vote is %s; only a draft opens", v->state);
    int64_t n = 0, present = 0;
    /* at a meeting, those present are the attendance's (and the meeting under way) */
    json_t *at_meeting = NULL;
    if (v->meeting_id && json_object_get(in, "present"))
        return err_set(e, RC_INVALID, "present",
                       "this vote is at a meeting: who is present comes from its attendance");
    rc_t rc = v->meeting_id ? meeting_presence(c, v->meeting_id, &at_meeting, e) : RC_OK;
    if (rc == RC_OK)
        rc = fix_electorate(c, v, &n, e);
    if (rc == RC_OK)
        rc = mark_present(c, v, at_meeting ? at_meeting : json_object_get(in, "present"), &present,
                          e);
    json_decref(at_meeting);
    if (rc == RC_OK)
        rc = quorum(c, v, n, present, e);
    if (rc)
        return rc;
    char now[VOTE_TIME_MAX];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_int(&p, n);
    store_param_int(&p, present);
    store_param_int(&p, settings_get(c, v->congress_id, "ballot_majority_of_all"));
    store_param_int(&p, settings_get(c, v->congress_id, "ballot_reject_overvote"));
    store_param_int(&p, by->user_id);
    store_param_text(&p, now);
    store_param_text(&p, now);
    store_param_int(&p, v->id);
    rc = store_run(c,
                   "UPDATE vote_events SET state = 'open', electorate_size = ?, present_count = ?, "
                   "base_all = ?, reject_overvote = ?, opened_by = ?, opened_at = ?, "
                   "updated_at = ? WHERE id = ?",
                   &p, NULL, e);
    v->electorate_size = n;
    v->present_count = present;
    snprintf(v->state, sizeof v->state, "open");
    json_t *after = json_pack("{s:I, s:I}", "electorate_size", (json_int_t)n, "present_count",
                              (json_int_t)present);
    if (rc == RC_OK)
        rc = vote_audit(c, by, v, "open", after, e);
    json_decref(after);
    return rc;
}

/* ---- paper -------------------------------------------------------------------------------- */

/* figure — a count member: an integer ≥ 0 (def when absent and def ≥ 0). */
static rc_t figure(const json_t *in, const char *key, int64_t def, int64_t *out, err *e) {
    const json_t *v = json_object_get(in, key);
    if (!v && def >= 0) {
        *out = def;
        return RC_OK;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return err_set(e, RC_INVALID, key, "%s must be a count (0 or more)", key);
    *out = json_integer_value(v);
    return RC_OK;
}

/* check_counts — the per-option counts of a question: every option, adding up to the
 * valid ballots. */
static rc_t check_counts(const vote_event *v, const json_t *counts, int64_t valid, json_t *out,
                         err *e) {
    if (!json_is_object(counts))
        return err_set(e, RC_INVALID, "counts", "counts gives the number for each option");
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)counts, key, val) {
        if (vote_option_index(v->rule, key) < 0)
            return err_set(e, RC_INVALID, "counts", "%s is not an option of this vote", key);
    }
    int64_t sum = 0;
    json_t *clean = json_object();
    for (int i = 0; v->rule->options[i]; i++) {
        int64_t k = 0;
        rc_t rc = figure(counts, v->rule->options[i], 0, &k, e);
        if (rc) {
            json_decref(clean);
            return err_set(e, RC_INVALID, "counts", "the count of %s must be 0 or more",
                           v->rule->options[i]);
        }
        sum += k;
        json_object_set_new(clean, v->rule->options[i], json_integer(k));
    }
    json_object_set_new(out, "counts", clean);
    if (sum != valid)
        return err_set(e, RC_INVALID, "counts",
                       "the counts add up to %lld, but the valid ballots (returned less invalid) "
                       "are %lld",
                       (long long)sum, (long long)valid);
    return RC_OK;
}

/* check_candidates — each candidate's yes/no/abstain: no more marks than valid
 * ballots, and no more yes in all than the valid ballots could hold. */
static rc_t check_candidates(store_conn *c, const vote_event *v, const json_t *given, int64_t valid,
                             json_t *out, err *e) {
    vote_result r;
    rc_t rc = vote_tally_start(c, v, &r, e);
    if (rc)
        return rc;
    if (!json_is_object(given))
        return err_set(e, RC_INVALID, "candidates",
                       "candidates gives each candidate's yes, no and abstain");
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)given, key, val) {
        bool known = false;
        for (int i = 0; i < r.ncand && !known; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)r.cand[i].id);
            known = strcmp(id, key) == 0;
        }
        if (!known) {
            char field[48];
            snprintf(field, sizeof field, "candidates.%.30s", key);
            return err_set(e, RC_INVALID, field, "%s is not a candidate of this vote", key);
        }
    }
    json_t *clean = json_object();
    json_object_set_new(out, "candidates", clean);
    int64_t yes_all = 0;
    for (int i = 0; i < r.ncand; i++) {
        char gkey[24], field[48];
        snprintf(gkey, sizeof gkey, "%lld", (long long)r.cand[i].id);
        snprintf(field, sizeof field, "candidates.%s", gkey);
        const json_t *one = json_object_get(given, gkey);
        int64_t marks[3] = {0, 0, 0};
        for (int m = 0; rc == RC_OK && vote_mark_options[m]; m++)
            rc = json_is_object(one) ? figure(one, vote_mark_options[m], 0, &marks[m], e)
                                     : RC_INVALID;
        if (rc)
            return err_set(e, RC_INVALID, field, "give %s's yes, no and abstain (0 or more)",
                           r.cand[i].name);
        if (marks[0] + marks[1] + marks[2] > valid)
            return err_set(e, RC_INVALID, field,
                           "%s has %lld marks, more than the %lld valid ballots", r.cand[i].name,
                           (long long)(marks[0] + marks[1] + marks[2]), (long long)valid);
        yes_all += marks[0];
        json_object_set_new(clean, gkey,
                            json_pack("{s:I, s:I, s:I}", "yes", (json_int_t)marks[0], "no",
                                      (json_int_t)marks[1], "abstain", (json_int_t)marks[2]));
    }
    if (v->reject_overvote && yes_all > valid * v->places)
        return err_set(e, RC_INVALID, "candidates",
                       "%lld yes in all: %lld valid ballots of at most %lld yes each hold no more "
                       "than %lld",
                       (long long)yes_all, (long long)valid, (long long)v->places,
                       (long long)(valid * v->places));
    return RC_OK;
}

static rc_t paper_counts(store_conn *c, const principal *by, vote_event *v, const json_t *in,
                         err *e) {
    if (!vote_is_paper(v))
        return err_set(e, RC_CONFLICT, "method", "this vote is cast electronically, not on paper");
    if (!vote_in_state(v, "open"))
        return err_set(e, RC_CONFLICT, "state", "the vote is %s; counts are entered while open",
                       v->state);
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "the request body must be a JSON object");
    int64_t issued = 0, returned = 0, invalid = 0;
    rc_t rc = figure(in, "issued", -1, &issued, e);
    if (rc == RC_OK)
        rc = figure(in, "returned", -1, &returned, e);
    if (rc == RC_OK)
        rc = figure(in, "invalid", 0, &invalid, e);
    if (rc)
        return rc;
    if (issued > v->present_count)
        return err_set(e, RC_INVALID, "issued", "%lld ballots issued to %lld present",
                       (long long)issued, (long long)v->present_count);
    if (returned > issued)
        return err_set(e, RC_INVALID, "returned", "%lld ballots returned of %lld issued",
                       (long long)returned, (long long)issued);
    if (invalid > returned)
        return err_set(e, RC_INVALID, "invalid", "%lld invalid of %lld returned",
                       (long long)invalid, (long long)returned);
    json_t *figures = json_pack("{s:I, s:I, s:I}", "issued", (json_int_t)issued, "returned",
                                (json_int_t)returned, "invalid", (json_int_t)invalid);
    rc = v->rule->candidates
             ? check_candidates(c, v, json_object_get(in, "candidates"), returned - invalid,
                                figures, e)
             : check_counts(v, json_object_get(in, "counts"), returned - invalid, figures, e);
    char *text = rc == RC_OK ? json_dumps(figures, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char now[VOTE_TIME_MAX];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_text(&p, text);
    store_param_int(&p, by->user_id);
    store_param_text(&p, now);
    store_param_int(&p, v->id);
    /* counts entered again replace the old ones, and want a new confirmation */
    if (rc == RC_OK)
        rc = store_run(c,
                       "UPDATE vote_events SET paper = ?, paper_by = ?, paper_confirmed_by = NULL, "
                       "updated_at = ? WHERE id = ?",
                       &p, NULL, e);
    if (rc == RC_OK)
        rc = vote_audit(c, by, v, "paper_counts", figures, e);
    free(text);
    json_decref(figures);
    return rc;
}

static rc_t confirm(store_conn *c, const principal *by, vote_event *v, err *e) {
    if (!vote_in_state(v, "open") || !v->paper)
        return err_set(e, RC_CONFLICT, "paper_counts", "there are no paper counts to confirm");
    if (v->paper_confirmed_by)
        return err_set(e, RC_CONFLICT, "confirm", "the counts are already confirmed");
    if (v->paper_by == by->user_id)
        return err_set(e, RC_FORBIDDEN, "confirm",
                       "the counts are confirmed by a second account, not the one that entered "
                       "them");
    char now[VOTE_TIME_MAX];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_int(&p, by->user_id);
    store_param_text(&p, now);
    store_param_int(&p, v->id);
    rc_t rc =
        store_run(c, "UPDATE vote_events SET paper_confirmed_by = ?, updated_at = ? WHERE id = ?",
                  &p, NULL, e);
    if (rc == RC_OK)
        rc = vote_audit(c, by, v, "confirm", NULL, e);
    return rc;
}

/* ---- close, annul ------------------------------------------------------------------------- */

/* paper_tally — the result from the counts staff entered. */
static rc_t paper_tally(store_conn *c, const vote_event *v, vote_result *r, err *e) {
    rc_t rc = vote_tally_start(c, v, r, e);
    json_t *f = rc == RC_OK ? json_loads(v->paper, 0, NULL) : NULL;
    if (rc == RC_OK && !f)
        rc = err_set(e, RC_INTERNAL, NULL, "the paper counts of vote %lld cannot be read",
                     (long long)v->id);
    if (rc)
        return rc;
    r->cast = json_integer_value(json_object_get(f, "returned"));
    r->invalid = json_integer_value(json_object_get(f, "invalid"));
    r->valid = r->cast - r->invalid;
    const json_t *counts = json_object_get(f, "counts");
    for (int i = 0; i < VOTE_OPTIONS_MAX && v->rule->options[i]; i++)
        r->counts[i] = json_integer_value(json_object_get(counts, v->rule->options[i]));
    const json_t *cands = json_object_get(f, "candidates");
    for (int i = 0; i < r->ncand; i++) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)r->cand[i].id);
        const json_t *one = json_object_get(cands, key);
        r->cand[i].yes = json_integer_value(json_object_get(one, "yes"));
        r->cand[i].no = json_integer_value(json_object_get(one, "no"));
        r->cand[i].abstain = json_integer_value(json_object_get(one, "abstain"));
    }
    json_decref(f);
    return RC_OK;
}

/* ballots_tally — the result from the ballots cast: a secret vote's from vote_ballots
 * (no voter there), a named vote's from each voter's last choice. */
static rc_t ballots_tally(store_conn *c, const vote_event *v, vote_result *r, err *e) {
    rc_t rc = vote_tally_start(c, v, r, e);
    if (rc)
        return rc;
    store_params p = {.n = 0};
    store_param_int(&p, v->id);
    store_stmt *st = NULL;
    rc = store_prepare_with(c,
                            vote_is_secret(v)
                                ? "SELECT content FROM vote_ballots WHERE vote_id = ?"
                                : "SELECT choice FROM vote_voters WHERE vote_id = ? AND voted = 1",
                            &p, &st, e);
    if (rc)
        return rc;
    while (store_next(st, &rc, e))
        vote_count_ballot(r, store_column_text(st, 0));
    store_finish(st);
    return rc;
}

static rc_t close_vote(store_conn *c, const principal *by, vote_event *v, err *e) {
    if (!vote_in_state(v, "open"))
        return err_set(e, RC_CONFLICT, "state", "the vote is %s; only an open vote closes",
                       v->state);
    if (vote_is_paper(v) && !v->paper)
        return err_set(e, RC_CONFLICT, "paper_counts", "enter the paper counts before closing");
    if (vote_is_paper(v) && !v->paper_confirmed_by &&
        settings_get(c, v->congress_id, "paper_counts_confirm"))
        return err_set(e, RC_CONFLICT, "confirm",
                       "a second staff account confirms the counts before the result is "
                       "announced");
    vote_result *r = malloc(sizeof *r);
    if (!r)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    rc_t rc = vote_is_paper(v) ? paper_tally(c, v, r, e) : ballots_tally(c, v, r, e);
    json_t *result = NULL;
    if (rc == RC_OK) {
        vote_decide(r);
        result = vote_result_json(r);
    }
    free(r);
    char *text = result ? json_dumps(result, JSON_COMPACT) : NULL;
    char now[VOTE_TIME_MAX];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_text(&p, text);
    store_param_int(&p, by->user_id);
    store_param_text(&p, now);
    store_param_text(&p, now);
    store_param_int(&p, v->id);
    if (rc == RC_OK)
        rc = store_run(c,
                       "UPDATE vote_events SET state = 'closed', result = ?, closed_by = ?, "
                       "closed_at = ?, updated_at = ? WHERE id = ?",
                       &p, NULL, e);
    if (rc == RC_OK && vote_is_secret(v) && !vote_is_paper(v))
        rc = vote_secret_shuffle(c, v->id, e);
    if (rc == RC_OK)
        rc = vote_audit(c, by, v, "close", result, e); /* the tally, never a ballot */
    if (rc == RC_OK && v->meeting_id) /* what a passing vote adopts, in this transaction */
        rc = meeting_vote_closed(c, by, v->id, v->agenda_item_id,
                                 json_string_value(json_object_get(result, "outcome")), e);
    free(text);
    json_decref(result);
    return rc;
}

static rc_t annul(store_conn *c, const principal *by, vote_event *v, const json_t *in, err *e) {
    if (!vote_in_state(v, "open") && !vote_in_state(v, "closed"))
        return err_set(e, RC_CONFLICT, "state",
                       "the vote is %s; an open or closed vote is annulled (a draft is deleted)",
                       v->state);
    const char *reason = json_string_value(json_object_get(in, "reason"));
    if (!reason || !*reason || vote_blank(reason))
        return err_set(e, RC_INVALID, "reason", "say why the vote is annulled");
    if (strlen(reason) > VOTE_REASON_MAX)
        return err_set(e, RC_INVALID, "reason", "the reason is longer than %d bytes",
                       VOTE_REASON_MAX);
    char now[VOTE_TIME_MAX];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_text(&p, reason);
    store_param_text(&p, now);
    store_param_int(&p, v->id);
    rc_t rc = store_run(
        c,
        "UPDATE vote_events SET state = 'annulled', annul_reason = ?, updated_at = ? WHERE id = ?",
        &p, NULL, e);
    /* an open secret vote's ballots are kept, in an order that says nothing */
    if (rc == RC_OK && vote_is_secret(v) && vote_in_state(v, "open"))
        rc = vote_secret_shuffle(c, v->id, e);
    json_t *after = json_pack("{s:s, s:s}", "reason", reason, "was", v->state);
    if (rc == RC_OK)
        rc = vote_audit(c, by, v, "annul", after, e);
    json_decref(after);
    return rc;
}

/* ---- the one entry ------------------------------------------------------------------------ */

typedef enum { ACT_OPEN, ACT_PAPER, ACT_CONFIRM, ACT_CLOSE, ACT_ANNUL } act_kind;

static const struct {
    const char *name;
    act_kind kind;
    const char *event; /* told to the hall after the commit (NULL: nothing it shows) */
} acts[] = {
    {.name = "open", .kind = ACT_OPEN, .event = "opened"},
    {.name = "paper_counts", .kind = ACT_PAPER},
    {.name = "confirm", .kind = ACT_CONFIRM},
    {.name = "close", .kind = ACT_CLOSE, .event = "closed"},
    {.name = "annul", .kind = ACT_ANNUL, .event = "annulled"},
};

rc_t vote_act(store_conn *c, const principal *by, int64_t id, const char *action, const json_t *in,
              json_t **out, err *e) {
    int k = -1;
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
        if (strcmp(acts[i].name, action) == 0)
            k = (int)i;
    if (k < 0)
        return err_set(e, RC_NOT_FOUND, NULL, "a vote has no action %s", action);
    if (!vote_is_office(by))
        return err_set(e, RC_FORBIDDEN, NULL, "only the office's staff %s a vote", action);
    int depth = store_depth(c);
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    vote_event v;
    bool loaded = false;
    rc = vote_load(c, by, id, &v, e);
    loaded = rc == RC_OK;
    if (rc == RC_OK) {
        switch (acts[k].kind) {
        case ACT_OPEN: rc = open_vote(c, by, &v, in, e); break;
        case ACT_PAPER: rc = paper_counts(c, by, &v, in, e); break;
        case ACT_CONFIRM: rc = confirm(c, by, &v, e); break;
        case ACT_CLOSE: rc = close_vote(c, by, &v, e); break;
        case ACT_ANNUL: rc = annul(c, by, &v, in, e); break;
        }
    }
    bool was_secret_open = loaded && vote_is_secret(&v) && vote_in_state(&v, "open") &&
                           (acts[k].kind == ACT_CLOSE || acts[k].kind == ACT_ANNUL);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    if (loaded)
        vote_event_free(&v);
    if (rc)
        return rc;
    if (was_secret_open && depth == 0)
        vote_secret_scrub(c);
    rc = vote_load(c, by, id, &v, e);
    if (rc)
        return rc;
    if (acts[k].event) {
        json_t *data = vote_live_state(&v);
        if (acts[k].kind == ACT_CLOSE && v.result)
            json_object_set_new(data, "result", json_loads(v.result, 0, NULL));
        if (acts[k].kind == ACT_ANNUL)
            json_object_set_new(data, "reason", json_string(v.annul_reason));
        vote_publish(id, acts[k].event, data);
        json_decref(data);
    }
    rc = vote_record(c, by, &v, out, e);
    vote_event_free(&v);
    return rc;
}
