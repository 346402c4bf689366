/* vote.c — vote events: create, read, list, delete; the record as each caller sees it
 * (vote.h). The actions that change a vote's state are act.c's, ballots cast.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "base/events.h"
#include "base/log.h"
#include "base/utf8.h"
#include "domain/case/case.h"
#include "domain/settings.h"
#include "domain/vote/vote_impl.h"

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 500
#define PLACES_MAX VOTE_CANDIDATES_MAX

const char *const vote_modes[] = {"named", "secret", NULL};
const char *const vote_methods[] = {"electronic", "paper", NULL};
const char *const vote_electorates[] = {"committee", "plenary", "list", NULL};

/* ---- loading ------------------------------------------------------------------------------ */

void vote_event_free(vote_event *v) {
    free(v->paper);
    free(v->result);
    v->paper = v->result = NULL;
}

static const char *SQL_EVENT =
    "SELECT id, congress_id, term_id, meeting_id, agenda_item_id, question, mode, method, rule, "
    "electorate, state, places, electorate_size, present_count, voted_count, base_all, "
    "reject_overvote, paper, paper_by, paper_confirmed_by, result, annul_reason, opened_at, "
    "closed_at, created_at, updated_at, created_by, case_id, record_collection, record_id "
    "FROM vote_events WHERE id = ?";

static void text_into(char *dst, size_t cap, const char *src) {
    snprintf(dst, cap, "%s", src ? src : "");
}

static int64_t int_or_0(store_stmt *st, int i) {
    return store_column_null(st, i) ? 0 : store_column_int(st, i);
}

rc_t vote_load(store_conn *c, const principal *by, int64_t id, vote_event *v, err *e) {
    memset(v, 0, sizeof *v);
    store_stmt *st = NULL;
    rc_t rc = store_prepare(c, SQL_EVENT, &st, e);
    if (rc)
        return rc;
    store_bind_int(st, 1, id);
    bool found = false;
    if (store_next(st, &rc, e)) {
        found = true;
        v->id = store_column_int(st, 0);
        v->congress_id = store_column_int(st, 1);
        v->term_id = int_or_0(st, 2);
        v->meeting_id = int_or_0(st, 3);
        v->agenda_item_id = int_or_0(st, 4);
        text_into(v->question, sizeof v->question, store_column_text(st, 5));
        text_into(v->mode, sizeof v->mode, store_column_text(st, 6));
        text_into(v->method, sizeof v->method, store_column_text(st, 7));
        v->rule = vote_rule_find(store_column_text(st, 8));
        text_into(v->electorate, sizeof v->electorate, store_column_text(st, 9));
        text_into(v->state, sizeof v->state, store_column_text(st, 10));
        v->places = int_or_0(st, 11);
        v->electorate_size = int_or_0(st, 12);
        v->present_count = int_or_0(st, 13);
        v->voted_count = int_or_0(st, 14);
        v->base_all = int_or_0(st, 15) != 0;
        v->reject_overvote = int_or_0(st, 16) != 0;
        const char *paper = store_column_text(st, 17), *result = store_column_text(st, 20);
        v->paper = paper ? strdup(paper) : NULL;
        v->paper_by = int_or_0(st, 18);
        v->paper_confirmed_by = int_or_0(st, 19);
        v->result = result ? strdup(result) : NULL;
        text_into(v->annul_reason, sizeof v->annul_reason, store_column_text(st, 21));
        text_into(v->opened_at, sizeof v->opened_at, store_column_text(st, 22));
        text_into(v->closed_at, sizeof v->closed_at, store_column_text(st, 23));
        text_into(v->created_at, sizeof v->created_at, store_column_text(st, 24));
        text_into(v->updated_at, sizeof v->updated_at, store_column_text(st, 25));
        v->created_by = int_or_0(st, 26);
        v->case_id = int_or_0(st, 27);
        text_into(v->record_collection, sizeof v->record_collection, store_column_text(st, 28));
        v->record_id = int_or_0(st, 29);
    }
    store_finish(st);
    if (rc)
        return rc;
    if (!found || !v->rule || (by->role != ROLE_ADMIN && v->congress_id != by->congress_id)) {
        vote_event_free(v);
        return err_set(e, RC_NOT_FOUND, NULL, "there is no vote %lld", (long long)id);
    }
    return RC_OK;
}

bool vote_blank(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 */
            p += 3;
        else
            return false;
    }
    return true;
}

/* ---- who ---------------------------------------------------------------------------------- */

bool vote_is_office(const principal *by) {
    return by->role == ROLE_STAFF || by->role == ROLE_ADMIN;
}

int64_t vote_voter_id(const principal *by, const vote_event *v) {
    if (strcmp(v->electorate, "committee") == 0)
        return by->role == ROLE_MEMBER ? by->member_id : 0;
    return by->role == ROLE_DEPUTY ? by->deputy_id : 0;
}

/* voter_row — v's electorate row for voter (fixed at opening; a list vote's from its
 * creation): *in, *present, *voted. */
static rc_t voter_row(store_conn *c, int64_t vote_id, int64_t voter, bool *in, bool *present,
                      bool *voted, err *e) {
    *in = *present = *voted = false;
    store_params p = {.n = 0};
    store_param_int(&p, vote_id);
    store_param_int(&p, voter);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        c, "SELECT present, voted FROM vote_voters WHERE vote_id = ? AND voter_id = ?", &p, &st, e);
    if (rc)
        return rc;
    if (store_next(st, &rc, e)) {
        *in = true;
        *present = store_column_int(st, 0) != 0;
        *voted = store_column_int(st, 1) != 0;
    }
    store_finish(st);
    return rc;
}

rc_t vote_load_readable(store_conn *c, const principal *by, int64_t id, vote_event *v, err *e) {
    rc_t rc = vote_load(c, by, id, v, e);
    if (rc)
        return rc;
    bool may = vote_is_office(by);
    int64_t voter = vote_voter_id(by, v);
    if (!may && voter && !vote_in_state(v, "draft")) { /* a draft is the office's */
        bool present = false, voted = false;
        rc = voter_row(c, v->id, voter, &may, &present, &voted, e);
    }
    if (rc == RC_OK && !may)
        rc = err_set(e, RC_NOT_FOUND, NULL, "there is no vote %lld", (long long)id);
    if (rc)
        vote_event_free(v);
    return rc;
}

/* ---- the electorate ----------------------------------------------------------------------- */

/* vote_electorate_sql — the query of v's electorate as it stands today: (id, name)
 * rows, with its values in p. The members of the term still serving, the term's
 * serving deputies, or the list. */
const char *vote_electorate_sql(store_conn *c, const vote_event *v, char today[11],
                                store_params *p) {
    date_format(case_today(c, v->congress_id), today);
    p->n = 0;
    if (strcmp(v->electorate, "list") == 0) {
        store_param_int(p, v->id);
        return "SELECT voter_id, name FROM vote_voters WHERE vote_id = ? ORDER BY voter_id";
    }
    store_param_int(p, v->congress_id);
    store_param_int(p, v->term_id);
    if (strcmp(v->electorate, "committee") == 0) {
        store_param_text(p, today);
        store_param_text(p, today);
        return "SELECT m.id, pe.name FROM members m JOIN persons pe ON pe.id = m.person_id "
               "WHERE m.congress_id = ? AND m.term_id = ? AND (m.end_on IS NULL OR m.end_on >= ?) "
               "AND (m.start_on IS NULL OR m.start_on <= ?) ORDER BY m.id";
    }
    return "SELECT d.id, pe.name FROM deputies d JOIN persons pe ON pe.id = d.person_id "
           "WHERE d.congress_id = ? AND d.term_id = ? AND d.status = 'active' ORDER BY d.id";
}

/* vote_electorate_now — vote_impl.h. */
rc_t vote_electorate_now(store_conn *c, const vote_event *v, int64_t *n, err *e) {
    if (!vote_in_state(v, "draft")) {
        *n = v->electorate_size;
        return RC_OK;
    }
    store_params p;
    char today[11];
    const char *sql = vote_electorate_sql(c, v, today, &p);
    char *count = NULL;
    if (asprintf(&count, "SELECT COUNT(*) FROM (%s) electorate", sql) < 0)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    *n = 0;
    rc_t rc = store_one_int(c, count, &p, n, e);
    free(count);
    return rc;
}

/* ---- the record --------------------------------------------------------------------------- */

static json_t *opt_id(int64_t v) { return v ? json_integer(v) : json_null(); }

static json_t *opt_text(const char *s) { return s && *s ? json_string(s) : json_null(); }

static rc_t candidates_json(store_conn *c, int64_t vote_id, json_t *out, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, vote_id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        c, "SELECT id, name FROM vote_candidates WHERE vote_id = ? ORDER BY position", &p, &st, e);
    if (rc)
        return rc;
    while (store_next(st, &rc, e))
        json_array_append_new(out,
                              json_pack("{s:I, s:s}", "id", (json_int_t)store_column_int(st, 0),
                                        "name", store_column_text(st, 1)));
    store_finish(st);
    return rc;
}

/* voters_json — the electorate with presence and whether each voted (never how); for
 * a named vote once closed, also each choice (into ballots). */
static rc_t voters_json(store_conn *c, const vote_event *v, json_t *voters, json_t *ballots,
                        err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, v->id);
    store_stmt *st = NULL;
    /* a draft's electorate as it stands, for the office to say who is present */
    char *sql = NULL, today[11];
    if (vote_in_state(v, "draft") && strcmp(v->electorate, "list") != 0 &&
        asprintf(&sql, "SELECT el.id, el.name, 0, 0, NULL FROM (%s) el",
                 vote_electorate_sql(c, v, today, &p)) < 0)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    rc_t rc = store_prepare_with(c,
                                 sql ? sql
                                     : "SELECT voter_id, name, present, voted, choice FROM "
                                       "vote_voters WHERE vote_id = ? ORDER BY voter_id",
                                 &p, &st, e);
    free(sql);
    if (rc)
        return rc;
    while (store_next(st, &rc, e)) {
        json_int_t id = store_column_int(st, 0);
        const char *name = store_column_text(st, 1);
        json_array_append_new(voters, json_pack("{s:I, s:s, s:b, s:b}", "id", id, "name", name,
                                                "present", store_column_int(st, 2) != 0, "voted",
                                                store_column_int(st, 3) != 0));
        const char *choice = store_column_text(st, 4);
        if (ballots && choice) {
            json_t *b = json_pack("{s:I, s:s}", "voter_id", id, "name", name);
            json_t *marks = v->rule->candidates ? json_loads(choice, 0, NULL) : NULL;
            json_object_set_new(b, marks ? "choices" : "choice",
                                marks ? marks : json_string(choice));
            json_array_append_new(ballots, b);
        }
    }
    store_finish(st);
    return rc;
}

/* me_json — the caller's own place in the vote. */
static rc_t me_json(store_conn *c, const principal *by, const vote_event *v, json_t **me,
                    bool *may_cast, err *e) {
    *may_cast = false;
    int64_t voter = vote_voter_id(by, v);
    bool in = false, present = false, voted = false;
    rc_t rc = voter ? voter_row(c, v->id, voter, &in, &present, &voted, e) : RC_OK;
    if (rc)
        return rc;
    *me = json_pack("{s:b, s:b, s:b}", "voter", in, "present", present, "voted", voted);
    if (in && voted && !vote_is_secret(v)) {
        char choice[4096] = "";
        store_params p = {.n = 0};
        store_param_int(&p, v->id);
        store_param_int(&p, voter);
        rc = store_one_text(c, "SELECT choice FROM vote_voters WHERE vote_id = ? AND voter_id = ?",
                            &p, choice, sizeof choice, NULL, e);
        json_t *marks = v->rule->candidates ? json_loads(choice, 0, NULL) : NULL;
        json_object_set_new(*me, marks ? "choices" : "choice", marks ? marks : json_string(choice));
    }
    *may_cast = in && present && vote_in_state(v, "open") && !vote_is_paper(v) &&
                (!voted || !vote_is_secret(v));
    return rc;
}

static json_t *actions_json(const principal *by, const vote_event *v, bool may_cast) {
    json_t *a = json_array();
    if (vote_is_office(by)) {
        if (vote_in_state(v, "draft")) {
            json_array_append_new(a, json_string("open"));
            json_array_append_new(a, json_string("delete"));
        } else if (vote_in_state(v, "open")) {
            if (vote_is_paper(v))
                json_array_append_new(a, json_string("paper_counts"));
            if (vote_is_paper(v) && v->paper && !v->paper_confirmed_by &&
                v->paper_by != by->user_id)
                json_array_append_new(a, json_string("confirm"));
            json_array_append_new(a, json_string("close"));
            json_array_append_new(a, json_string("annul"));
        } else if (vote_in_state(v, "closed")) {
            json_array_append_new(a, json_string("annul"));
        }
    }
    if (may_cast)
        json_array_append_new(a, json_string("ballot"));
    return a;
}

rc_t vote_record(store_conn *c, const principal *by, const vote_event *v, json_t **out, err *e) {
    int64_t n = 0;
    json_t *me = NULL, *cands = json_array(), *voters = json_array(), *options = json_array();
    json_t *ballots = !vote_is_secret(v) && vote_in_state(v, "closed") ? json_array() : NULL;
    bool may_cast = false;
    rc_t rc = vote_electorate_now(c, v, &n, e);
    if (rc == RC_OK && v->rule->candidates)
        rc = candidates_json(c, v->id, cands, e);
    if (rc == RC_OK && vote_is_office(by))
        rc = voters_json(c, v, voters, ballots, e);
    else if (rc == RC_OK && ballots) /* members and deputies read a named vote's choices */
        rc = voters_json(c, v, voters, ballots, e);
    if (rc == RC_OK)
        rc = me_json(c, by, v, &me, &may_cast, e);
    if (rc) {
        json_decref(cands);
        json_decref(voters);
        json_decref(options);
        json_decref(ballots);
        json_decref(me);
        return rc;
    }
    for (int i = 0; v->rule->options[i]; i++)
        json_array_append_new(options, json_string(v->rule->options[i]));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(v->id));
    json_object_set_new(o, "question", json_string(v->question));
    json_object_set_new(o, "mode", json_string(v->mode));
    json_object_set_new(o, "method", json_string(v->method));
    json_object_set_new(o, "rule", json_string(v->rule->name));
    json_object_set_new(o, "electorate", json_string(v->electorate));
    json_object_set_new(o, "term_id", opt_id(v->term_id));
    json_object_set_new(o, "meeting_id", opt_id(v->meeting_id));
    json_object_set_new(o, "agenda_item_id", opt_id(v->agenda_item_id));
    json_object_set_new(o, "case_id", opt_id(v->case_id));
    json_object_set_new(o, "collection",
                        v->record_collection[0] ? json_string(v->record_collection) : json_null());
    json_object_set_new(o, "record_id", opt_id(v->record_id));
    json_object_set_new(o, "places", v->rule->candidates ? json_integer(v->places) : json_null());
    json_object_set_new(o, "state", json_string(v->state));
    json_object_set_new(o, "electorate_size", json_integer(n));
    json_object_set_new(o, "present_count",
                        vote_in_state(v, "draft") ? json_null() : json_integer(v->present_count));
    json_object_set_new(o, "voted_count", json_integer(v->voted_count));
    json_object_set_new(o, "options", options);
    json_object_set_new(o, "candidates", cands);
    if (vote_is_office(by))
        json_object_set_new(o, "voters", voters);
    else
        json_decref(voters);
    json_object_set_new(o, "me", me);
    json_t *paper = v->paper ? json_loads(v->paper, 0, NULL) : NULL;
    if (paper && vote_is_office(by)) {
        json_object_set_new(paper, "entered_by", opt_id(v->paper_by));
        json_object_set_new(paper, "confirmed_by", opt_id(v->paper_confirmed_by));
        json_object_set_new(o, "paper", paper);
    } else {
        json_decref(paper);
        json_object_set_new(o, "paper", json_null());
    }
    json_t *result =
        v->result ? json_loads(v->result, 0, NULL) : NULL; /* annulled after closing: kept */
    json_object_set_new(o, "result", result ? result : json_null());
    if (ballots)
        json_object_set_new(o, "ballots", ballots);
    json_object_set_new(o, "annul_reason", opt_text(v->annul_reason));
    json_object_set_new(o, "opened_at", opt_text(v->opened_at));
    json_object_set_new(o, "closed_at", opt_text(v->closed_at));
    json_object_set_new(o, "created_at", json_string(v->created_at));
    json_object_set_new(o, "updated_at", json_string(v->updated_at));
    json_object_set_new(o, "actions", actions_json(by, v, may_cast));
    *out = o;
    return RC_OK;
}

/* ---- live, audit -------------------------------------------------------------------------- */

json_t *vote_live_state(const vote_event *v) {
    return json_pack("{s:I, s:s, s:I, s:I, s:I}", "id", (json_int_t)v->id, "state", v->state,
                     "electorate_size", (json_int_t)v->electorate_size, "present_count",
                     (json_int_t)v->present_count, "voted_count", (json_int_t)v->voted_count);
}

void vote_publish(int64_t id, const char *event, const json_t *data) {
    char channel[VOTE_CHANNEL_MAX];
    snprintf(channel, sizeof channel, "vote:%lld", (long long)id);
    char *text = data ? json_dumps(data, JSON_COMPACT) : NULL;
    events_publish(channel, event, text ? text : "{}");
    free(text);
}

rc_t vote_audit(store_conn *c, const principal *by, const vote_event *v, const char *action,
                const json_t *after, err *e) {
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    rc_t rc =
        audit_append(c, by, v->congress_id, action, VOTE_AUDIT_COLLECTION, v->id, NULL, text, e);
    free(text);
    return rc;
}

/* ---- reading ------------------------------------------------------------------------------ */

rc_t vote_get(store_conn *c, const principal *by, int64_t id, json_t **out, err *e) {
    vote_event v;
    rc_t rc = vote_load_readable(c, by, id, &v, e);
    if (rc)
        return rc;
    rc = vote_record(c, by, &v, out, e);
    vote_event_free(&v);
    return rc;
}

/* list_where — the list's conditions for by and f, into sql (cap bytes) and p. */
static void list_where(const principal *by, const vote_filter *f, char *sql, size_t cap,
                       store_params *p) {
    size_t n = (size_t)snprintf(sql, cap, " FROM vote_events WHERE congress_id = ?");
    store_param_int(p, by->congress_id);
    if (!vote_is_office(by)) {
        bool member = by->role == ROLE_MEMBER;
        n += (size_t)snprintf(sql + n, cap - n,
                              " AND state <> 'draft' AND electorate %s AND id IN (SELECT vote_id "
                              "FROM vote_voters WHERE voter_id = ?)",
                              member ? "= 'committee'" : "IN ('plenary', 'list')");
        store_param_int(p, member ? by->member_id : by->deputy_id);
    }
    const struct {
        const char *column, *value;
    } words[] = {{"state", f->state}, {"mode", f->mode}, {"rule", f->rule}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!words[i].value || !*words[i].value)
            continue;
        n += (size_t)snprintf(sql + n, cap - n, " AND %s = ?", words[i].column);
        store_param_text(p, words[i].value);
    }
    if (f->meeting_id) {
        snprintf(sql + n, cap - n, " AND meeting_id = ?");
        store_param_int(p, f->meeting_id);
    }
}

rc_t vote_list(store_conn *c, const principal *by, const vote_filter *f, json_t **out, err *e) {
    bool voter =
        (by->role == ROLE_MEMBER && by->member_id) || (by->role == ROLE_DEPUTY && by->deputy_id);
    if (!(vote_is_office(by) || voter) || !by->congress_id)
        return err_set(e, RC_FORBIDDEN, NULL,
                       "votes are the office's and their voters' (members and deputies)");
    int64_t limit =
        f->per_page > 0 && f->per_page <= LIST_LIMIT_MAX ? f->per_page : LIST_LIMIT_DEFAULT;
    int64_t page = f->page > 0 ? f->page : 1;
    char where[512], sql[768];
    store_params p = {.n = 0};
    list_where(by, f, where, sizeof where, &p);
    int64_t total = 0;
    snprintf(sql, sizeof sql, "SELECT COUNT(*)%s", where);
    rc_t rc = store_one_int(c, sql, &p, &total, e);
    if (rc)
        return rc;
    /* the open votes first: the one a voter came for is at the top */
    snprintf(sql, sizeof sql,
             "SELECT id%s ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, id DESC "
             "LIMIT ? OFFSET ?",
             where);
    store_param_int(&p, limit);
    store_param_int(&p, (page - 1) * limit);
    int64_t ids[LIST_LIMIT_MAX];
    int nids = 0;
    store_stmt *st = NULL;
    rc = store_prepare_with(c, sql, &p, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e))
        if (nids < LIST_LIMIT_MAX)
            ids[nids++] = store_column_int(st, 0);
    if (st)
        store_finish(st);
    json_t *items = json_array();
    for (int i = 0; rc == RC_OK && i < nids; i++) {
        vote_event v;
        json_t *o = NULL;
        rc = vote_load(c, by, ids[i], &v, e);
        if (rc == RC_OK)
            rc = vote_record(c, by, &v, &o, e);
        if (rc == RC_OK)
            json_array_append_new(items, o);
        vote_event_free(&v);
    }
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                     (json_int_t)page, "per_page", (json_int_t)limit);
    return RC_OK;
}

/* ---- the create form's choices ------------------------------------------------------------ */

static const struct {
    const char *value, *zh, *en;
} words_labels[] = {
    {.value = "named", .zh = "记名表决", .en = "Named"},
    {.value = "secret", .zh = "无记名投票", .en = "Secret"},
    {.value = "electronic", .zh = "电子表决", .en = "Electronic"},
    {.value = "paper", .zh = "纸质票", .en = "Paper ballots"},
    {.value = "committee", .zh = "常委会组成人员", .en = "Standing committee members"},
    {.value = "plenary", .zh = "全体代表", .en = "All deputies"},
    {.value = "list", .zh = "指定名单", .en = "A list of deputies"},
};

static json_t *word_choices(const char *const *set) {
    json_t *a = json_array();
    for (int i = 0; set[i]; i++)
        for (size_t k = 0; k < sizeof words_labels / sizeof words_labels[0]; k++)
            if (strcmp(words_labels[k].value, set[i]) == 0)
                json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "value", set[i], "label_zh",
                                                   words_labels[k].zh, "label_en",
                                                   words_labels[k].en));
    return a;
}

json_t *vote_schema(const principal *by) {
    json_t *rules = json_array(), *options = json_object();
    for (int i = 0; i < vote_rules_count; i++) {
        const vote_rule *r = &vote_rules[i];
        json_t *opts = json_array();
        for (int k = 0; r->options[k]; k++) {
            json_array_append_new(opts, json_string(r->options[k]));
            json_object_set_new(options, r->options[k],
                                json_pack("{s:s, s:s}", "label_zh",
                                          vote_option_label(r->options[k], true), "label_en",
                                          vote_option_label(r->options[k], false)));
        }
        json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:o, s:b}", "value", r->name,
                                               "label_zh", r->label_zh, "label_en", r->label_en,
                                               "options", opts, "candidates", r->candidates));
    }
    json_object_set_new(options, "not_voting",
                        json_pack("{s:s, s:s}", "label_zh", vote_option_label("not_voting", true),
                                  "label_en", vote_option_label("not_voting", false)));
    json_t *actions = json_array();
    if (by->role == ROLE_STAFF && by->congress_id) /* vote_create's own condition */
        json_array_append_new(actions, json_string("create"));
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "modes", word_choices(vote_modes), "methods",
                     word_choices(vote_methods), "rules", rules, "electorates",
                     word_choices(vote_electorates), "options", options, "actions", actions);
}

rc_t vote_record_polls(store_conn *c, const principal *by, const char *collection,
                       int64_t record_id, json_t *rec, err *e) {
    store_params p = {.n = 0};
    store_param_text(&p, collection);
    store_param_int(&p, record_id);
    store_param_int(&p, by->congress_id);
    store_stmt *st = NULL;
    json_t *polls = json_array();
    rc_t rc = store_prepare_with(c,
                                 "SELECT id, question, state, result FROM vote_events WHERE "
                                 "record_collection = ? AND record_id = ? AND congress_id = ? "
                                 "ORDER BY id",
                                 &p, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        const char *state = store_column_text(st, 2), *result = store_column_text(st, 3);
        /* the tally once it is closed, as the vote's own page shows it to everyone */
        json_t *r = result && strcmp(state, "closed") == 0 ? json_loads(result, 0, NULL) : NULL;
        json_array_append_new(polls, json_pack("{s:I, s:s, s:s, s:o}", "id",
                                               (json_int_t)store_column_int(st, 0), "question",
                                               store_column_text(st, 1), "state", state, "result",
                                               r ? r : json_null()));
    }
    store_finish(st);
    if (rc) {
        json_decref(polls);
        return rc;
    }
    json_object_set_new(rec, "polls", polls);
    json_t *acts = json_object_get(rec, "actions");
    if (vote_is_office(by) && json_is_array(acts))
        json_array_append_new(acts, json_string("poll"));
    return RC_OK;
}
