/* create.c — a vote's draft: its question, mode, method, rule, electorate and
 * candidates, checked once here for every path that makes one (vote.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"
#include "domain/meeting/meeting.h"
#include "domain/vote/vote_impl.h"

static const char *const create_keys[] = {
    "question",       "mode",    "method",     "rule",      "electorate",
    "term_id",        "voters",  "candidates", "places",    "meeting_id",
    "agenda_item_id", "case_id", "collection", "record_id", NULL};

static bool one_of(const char *s, const char *const *set) {
    for (int i = 0; s && set[i]; i++)
        if (strcmp(s, set[i]) == 0)
            return true;
    return false;
}

/* word — a required (or defaulted) string member that must be one of set. */
static rc_t word(const json_t *in, const char *key, const char *const *set, const char *def,
                 const char **out, err *e) {
    const json_t *v = json_object_get(in, key);
    *out = v ? json_string_value(v) : def;
    if (!v && def)
        return RC_OK;
    if (!*out || !one_of(*out, set)) {
        char allowed[256] = "";
        for (int i = 0; set[i]; i++)
            snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s",
                     i ? ", " : "", set[i]);
        return err_set(e, RC_INVALID, key, "%s must be one of: %s", key, allowed);
    }
    return RC_OK;
}

/* id_member — an optional positive integer member (0 when absent or null). */
static rc_t id_member(const json_t *in, const char *key, int64_t *out, err *e) {
    const json_t *v = json_object_get(in, key);
    *out = 0;
    if (!v || json_is_null(v))
        return RC_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(e, RC_INVALID, key, "%s must be a record id", key);
    *out = json_integer_value(v);
    return RC_OK;
}

typedef struct {
    const char *question, *mode, *method, *electorate;
    const vote_rule *rule;
    int64_t term_id, meeting_id, agenda_item_id, case_id, places;
    const json_t *voters, *candidates;
    const collection_def *record_of; /* the register of the record polled, or NULL */
    int64_t record_id;
} draft;

/* record_member — "collection" and "record_id": a register's record the poll is held on
 * (an evaluation of a department), whose collection allows polls. */
static rc_t record_member(const json_t *in, draft *d, err *e) {
    const json_t *cv = json_object_get(in, "collection");
    rc_t rc = id_member(in, "record_id", &d->record_id, e);
    if (rc || ((!cv || json_is_null(cv)) && !d->record_id))
        return rc;
    d->record_of = collection_find(json_string_value(cv));
    if (!d->record_of || !d->record_of->polls)
        return err_set(e, RC_INVALID, "collection",
                       "collection must name a register whose records hold satisfaction polls");
    if (!d->record_id)
        return err_set(e, RC_INVALID, "record_id", "record_id names the record polled");
    if (strcmp(d->rule->name, "satisfaction") != 0)
        return err_set(e, RC_INVALID, "rule", "a poll on a record uses the satisfaction rule");
    if (d->case_id)
        return err_set(e, RC_INVALID, "case_id",
                       "a poll is held on a case or on a record, not both");
    return RC_OK;
}

/* check_record — the polled record exists in the congress. */
static rc_t check_record(store_conn *c, int64_t congress_id, const draft *d, err *e) {
    char sql[160];
    int64_t owner = 0;
    store_params p = {.n = 0};
    store_param_int(&p, d->record_id);
    /* the table name is the compiled-in collection's, never the caller's text */
    snprintf(sql, sizeof sql, "SELECT congress_id FROM %s WHERE id = ?", d->record_of->name);
    rc_t rc = store_one_int(c, sql, &p, &owner, e);
    if (rc == RC_OK && owner != congress_id)
        rc = err_set(e, RC_INVALID, "record_id", "there is no %s record %lld in this congress",
                     d->record_of->name, (long long)d->record_id);
    return rc;
}

/* check_fields — the draft on its own (no database). */
static rc_t check_fields(const json_t *in, draft *d, err *e) {
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "the request body must be a JSON object");
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)in, key, val) {
        if (!one_of(key, create_keys))
            return err_set(e, RC_INVALID, key, "%s is not a field of a vote", key);
    }
    d->question = json_string_value(json_object_get(in, "question"));
    if (!d->question || !*d->question || vote_blank(d->question))
        return err_set(e, RC_INVALID, "question", "the question is required");
    if (strlen(d->question) > VOTE_QUESTION_MAX)
        return err_set(e, RC_INVALID, "question", "the question is longer than %d bytes",
                       VOTE_QUESTION_MAX);
    rc_t rc = word(in, "mode", vote_modes, NULL, &d->mode, e);
    if (rc == RC_OK)
        rc = word(in, "method", vote_methods, "electronic", &d->method, e);
    if (rc == RC_OK)
        /* a vote at a meeting is put to the meeting's electorate (check_links) */
        rc = word(in, "electorate", vote_electorates, json_object_get(in, "meeting_id") ? "" : NULL,
                  &d->electorate, e);
    if (rc)
        return rc;
    d->rule = vote_rule_find(json_string_value(json_object_get(in, "rule")));
    if (!d->rule)
        return err_set(e, RC_INVALID, "rule",
                       "rule must be one of: majority_of_all, two_thirds_of_all, "
                       "top_n_above_half, satisfaction");
    rc = id_member(in, "term_id", &d->term_id, e);
    if (rc == RC_OK)
        rc = id_member(in, "meeting_id", &d->meeting_id, e);
    if (rc == RC_OK)
        rc = id_member(in, "agenda_item_id", &d->agenda_item_id, e);
    if (rc == RC_OK)
        rc = id_member(in, "case_id", &d->case_id, e);
    if (rc)
        return rc;
    if (d->case_id && strcmp(d->rule->name, "satisfaction") != 0)
        return err_set(e, RC_INVALID, "case_id",
                       "a poll on a case's handling uses the satisfaction rule");
    rc = record_member(in, d, e);
    if (rc)
        return rc;
    d->voters = json_object_get(in, "voters");
    bool list = strcmp(d->electorate, "list") == 0;
    if (list && (!json_is_array(d->voters) || !json_array_size(d->voters)))
        return err_set(e, RC_INVALID, "voters", "a list vote names its voters (deputy ids)");
    if (!list && d->voters && !json_is_null(d->voters))
        return err_set(e, RC_INVALID, "voters",
                       "the electorate of a %s vote is fixed when it opens; voters are for a "
                       "list vote",
                       d->electorate);
    if (list && json_array_size(d->voters) > VOTE_VOTERS_MAX)
        return err_set(e, RC_INVALID, "voters", "a vote has at most %d voters", VOTE_VOTERS_MAX);
    d->candidates = json_object_get(in, "candidates");
    const json_t *places = json_object_get(in, "places");
    if (!d->rule->candidates) {
        if ((d->candidates && !json_is_null(d->candidates)) || (places && !json_is_null(places)))
            return err_set(e, RC_INVALID, d->candidates ? "candidates" : "places",
                           "the rule %s puts no candidates", d->rule->name);
        return RC_OK;
    }
    size_t n = json_array_size(d->candidates);
    if (!json_is_array(d->candidates) || n < 2 || n > VOTE_CANDIDATES_MAX)
        return err_set(e, RC_INVALID, "candidates", "a ballot of candidates lists 2 to %d of them",
                       VOTE_CANDIDATES_MAX);
    for (size_t i = 0; i < n; i++) {
        const json_t *cand = json_array_get(d->candidates, i);
        const char *name = json_string_value(json_object_get(cand, "name"));
        if (!json_is_object(cand) || !name || !*name || strlen(name) >= VOTE_NAME_MAX)
            return err_set(e, RC_INVALID, "candidates", "candidate %zu has no name", i + 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(name, json_string_value(
                                 json_object_get(json_array_get(d->candidates, j), "name"))) == 0)
                return err_set(e, RC_INVALID, "candidates", "the candidate %s is listed twice",
                               name);
    }
    /* 差额: more candidates than places, or there is nothing to choose */
    if (!json_is_integer(places) || json_integer_value(places) < 1 ||
        (size_t)json_integer_value(places) >= n)
        return err_set(e, RC_INVALID, "places",
                       "places (how many are chosen) is a number from 1 to one fewer than the "
                       "%zu candidates",
                       n);
    d->places = json_integer_value(places);
    return RC_OK;
}

/* check_polled_case — a satisfaction poll is held on a deliberation opinion of the
 * congress whose unit has reported its handling (replied, or closed since). */
static rc_t check_polled_case(store_conn *c, int64_t congress_id, int64_t case_id, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, case_id);
    store_param_int(&p, congress_id);
    store_stmt *st = NULL;
    char kind[32] = "", state[32] = "";
    rc_t rc = store_prepare_with(
        c, "SELECT kind, state FROM cases WHERE id = ? AND congress_id = ?", &p, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        snprintf(kind, sizeof kind, "%s", store_column_text(st, 0));
        snprintf(state, sizeof state, "%s", store_column_text(st, 1));
    }
    store_finish(st);
    if (rc)
        return rc;
    if (!kind[0])
        return err_set(e, RC_INVALID, "case_id", "there is no case %lld in this congress",
                       (long long)case_id);
    if (strcmp(kind, "deliberation_opinion") != 0)
        return err_set(e, RC_INVALID, "case_id",
                       "a satisfaction poll is held on a deliberation opinion's handling report");
    if (strcmp(state, "replied") != 0 && strcmp(state, "closed") != 0)
        return err_set(e, RC_INVALID, "case_id",
                       "the unit has not reported how it handled the opinions yet");
    return RC_OK;
}

/* check_links — what the vote belongs to: a meeting of the congress that is not closed
 * (its electorate and term are the vote's; meeting.h), and a case it polls. */
static rc_t check_links(store_conn *c, int64_t congress_id, draft *d, err *e) {
    const char *electorate = NULL;
    int64_t term = 0;
    rc_t rc =
        meeting_vote_link(c, congress_id, d->meeting_id, d->agenda_item_id, &electorate, &term, e);
    if (rc == RC_OK && electorate) {
        if (d->electorate[0] && strcmp(d->electorate, electorate) != 0)
            return err_set(e, RC_INVALID, "electorate",
                           "a vote at this meeting is put to its electorate: %s", electorate);
        if (d->term_id && d->term_id != term)
            return err_set(e, RC_INVALID, "term_id",
                           "a vote at a meeting is of the meeting's term");
        d->electorate = electorate;
        d->term_id = term;
    }
    if (rc == RC_OK && d->case_id)
        rc = check_polled_case(c, congress_id, d->case_id, e);
    if (rc == RC_OK && d->record_of)
        rc = check_record(c, congress_id, d, e);
    return rc;
}

/* check_term — the term named, or the one covering today; it must be the congress's. */
static rc_t check_term(store_conn *c, int64_t congress_id, draft *d, err *e) {
    if (!d->term_id) { /* a list's deputies are of a term too: the one covering today */
        rc_t rc = case_term_at(c, congress_id, case_today(c, congress_id), &d->term_id, NULL, e);
        if (rc)
            return rc;
        if (!d->term_id && strcmp(d->electorate, "list") != 0)
            return err_set(e, RC_INVALID, "term_id",
                           "no term of this congress covers today: give term_id");
    }
    if (!d->term_id)
        return RC_OK;
    int64_t owner = 0;
    store_params p = {.n = 0};
    store_param_int(&p, d->term_id);
    rc_t rc = store_one_int(c, "SELECT congress_id FROM terms WHERE id = ?", &p, &owner, e);
    if (rc == RC_OK && owner != congress_id)
        rc = err_set(e, RC_INVALID, "term_id", "there is no term %lld in this congress",
                     (long long)d->term_id);
    return rc;
}

static void bind_opt(store_params *p, int64_t v) {
    if (v)
        store_param_int(p, v);
    else
        store_param_text(p, NULL);
}

/* add_list_voters — a list vote's electorate: deputies of the congress, each once. */
static rc_t add_list_voters(store_conn *c, int64_t congress_id, int64_t vote_id,
                            const json_t *voters, err *e) {
    for (size_t i = 0; i < json_array_size(voters); i++) {
        const json_t *v = json_array_get(voters, i);
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return err_set(e, RC_INVALID, "voters", "voter %zu is not a deputy id", i + 1);
        char name[VOTE_NAME_MAX] = "";
        bool found = false;
        store_params p = {.n = 0};
        store_param_int(&p, json_integer_value(v));
        store_param_int(&p, congress_id);
        rc_t rc = store_one_text(c,
                                 "SELECT pe.name FROM deputies d JOIN persons pe ON pe.id = "
                                 "d.person_id WHERE d.id = ? AND d.congress_id = ?",
                                 &p, name, sizeof name, &found, e);
        if (rc == RC_OK && !found)
            rc = err_set(e, RC_INVALID, "voters", "there is no deputy %lld in this congress",
                         (long long)json_integer_value(v));
        p.n = 0;
        store_param_int(&p, vote_id);
        store_param_int(&p, json_integer_value(v));
        store_param_text(&p, name);
        if (rc == RC_OK)
            rc = store_run(c, "INSERT INTO vote_voters (vote_id, voter_id, name) VALUES (?, ?, ?)",
                           &p, NULL, e);
        if (rc == RC_CONFLICT)
            rc = err_set(e, RC_INVALID, "voters", "the deputy %lld is listed twice",
                         (long long)json_integer_value(v));
        if (rc)
            return rc;
    }
    return RC_OK;
}

static rc_t insert_draft(store_conn *c, const principal *by, const draft *d, int64_t *id, err *e) {
    char now[VOTE_TIME_MAX];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_int(&p, by->congress_id);
    bind_opt(&p, d->term_id);
    store_param_text(&p, d->question);
    store_param_text(&p, d->mode);
    store_param_text(&p, d->method);
    store_param_text(&p, d->rule->name);
    store_param_text(&p, d->electorate);
    bind_opt(&p, d->places);
    bind_opt(&p, d->meeting_id);
    bind_opt(&p, d->agenda_item_id);
    bind_opt(&p, d->case_id);
    store_param_text(&p, d->record_of ? d->record_of->name : NULL);
    bind_opt(&p, d->record_id);
    bind_opt(&p, by->user_id);
    store_param_text(&p, now);
    store_param_text(&p, now);
    rc_t rc =
        store_one_int(c,
                      "INSERT INTO vote_events (congress_id, term_id, question, mode, method, "
                      "rule, electorate, places, meeting_id, agenda_item_id, case_id, "
                      "record_collection, record_id, created_by, created_at, updated_at) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                      "RETURNING id",
                      &p, id, e);
    for (size_t i = 0; rc == RC_OK && i < json_array_size(d->candidates); i++) {
        p.n = 0;
        store_param_int(&p, *id);
        store_param_int(&p, (int64_t)i + 1);
        store_param_text(
            &p, json_string_value(json_object_get(json_array_get(d->candidates, i), "name")));
        rc = store_run(c, "INSERT INTO vote_candidates (vote_id, position, name) VALUES (?, ?, ?)",
                       &p, NULL, e);
    }
    if (rc == RC_OK && strcmp(d->electorate, "list") == 0)
        rc = add_list_voters(c, by->congress_id, *id, d->voters, e);
    return rc;
}

rc_t vote_create(store_conn *c, const principal *by, const json_t *in, json_t **out, err *e) {
    if (by->role != ROLE_STAFF || !by->congress_id)
        return err_set(e, RC_FORBIDDEN, NULL, "only the office's staff put a question to a vote");
    draft d = {0};
    rc_t rc = check_fields(in, &d, e);
    if (rc)
        return rc;
    int depth = store_depth(c);
    rc = store_begin(c, true, e);
    if (rc)
        return rc;
    int64_t id = 0;
    vote_event v = {0};
    rc = check_links(c, by->congress_id, &d, e);
    if (rc == RC_OK)
        rc = check_term(c, by->congress_id, &d, e);
    if (rc == RC_OK)
        rc = insert_draft(c, by, &d, &id, e);
    if (rc == RC_OK)
        rc = vote_load(c, by, id, &v, e);
    json_t *after = NULL;
    if (rc == RC_OK)
        rc = vote_record(c, by, &v, &after, e);
    if (rc == RC_OK) {
        json_object_del(after, "actions");
        json_object_del(after, "me");
        rc = vote_audit(c, by, &v, "create", after, e);
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    json_decref(after);
    store_unwind(c, depth);
    if (rc == RC_OK)
        rc = vote_record(c, by, &v, out, e);
    vote_event_free(&v);
    return rc;
}

rc_t vote_delete(store_conn *c, const principal *by, int64_t id, err *e) {
    if (!vote_is_office(by))
        return err_set(e, RC_FORBIDDEN, NULL, "only the office's staff delete a vote");
    int depth = store_depth(c);
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    vote_event v = {0};
    rc = vote_load(c, by, id, &v, e);
    if (rc == RC_OK && !vote_in_state(&v, "draft"))
        rc = err_set(e, RC_CONFLICT, "state",
                     "only a draft is deleted; an opened vote stays on record (annul it)");
    store_params p = {.n = 0};
    store_param_int(&p, id);
    const char *const sql[] = {"DELETE FROM vote_voters WHERE vote_id = ?",
                               "DELETE FROM vote_candidates WHERE vote_id = ?",
                               "DELETE FROM vote_events WHERE id = ?"};
    for (size_t i = 0; rc == RC_OK && i < sizeof sql / sizeof sql[0]; i++)
        rc = store_run(c, sql[i], &p, NULL, e);
    if (rc == RC_OK)
        rc = vote_audit(c, by, &v, "delete", NULL, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    vote_event_free(&v);
    return rc;
}
