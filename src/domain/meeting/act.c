/* act.c — a meeting's life: notify (its electorate sees the notice on their phones),
 * open, close; a member's or deputy's own meetings and the leave they report; and the
 * office's warning when the standing committee has not met for too long (地方组织法
 * art. 47: at least once every two months; the setting committee_session_max_gap_months). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"
#include "domain/meeting/meeting_impl.h"
#include "domain/settings.h"

#define REASON_MAX 500
#define MINE_MAX 50

static bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

void meeting_today(store_conn *c, int64_t congress_id, char out[11]) {
    date_format(case_today(c, congress_id), out);
}

rc_t meeting_load(store_conn *c, const principal *p, int64_t id, meeting_row *m, err *e) {
    memset(m, 0, sizeof *m);
    store_params b = {.n = 0};
    store_param_int(&b, id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 "SELECT id, congress_id, term_id, number, kind, state, starts_on, "
                                 "ends_on FROM meetings WHERE id = ?",
                                 &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        m->id = store_column_int(st, 0);
        m->congress_id = store_column_int(st, 1);
        m->term_id = store_column_int(st, 2);
        m->number = store_column_int(st, 3);
        snprintf(m->kind, sizeof m->kind, "%s", store_column_text(st, 4));
        snprintf(m->state, sizeof m->state, "%s", store_column_text(st, 5));
        snprintf(m->starts_on, sizeof m->starts_on, "%s", store_column_text(st, 6));
        const char *ends = store_column_text(st, 7);
        snprintf(m->ends_on, sizeof m->ends_on, "%s", ends ? ends : "");
    }
    store_finish(st);
    if (rc == RC_OK && (!m->id || (p->role != ROLE_ADMIN && m->congress_id != p->congress_id)))
        rc = err_set(e, RC_NOT_FOUND, NULL, "there is no meeting %lld", (long long)id);
    return rc;
}

rc_t meeting_record(store_conn *c, const principal *p, int64_t id, json_t **out, err *e) {
    return collection_get(c, collection_find("meetings"), p, id, out, e);
}

static char *record_text(const json_t *rec) {
    json_t *copy = rec ? json_copy((json_t *)rec) : NULL;
    if (copy)
        json_object_del(copy, "actions");
    char *text = copy ? json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(copy);
    return text;
}

rc_t meeting_audit_record(store_conn *c, const principal *p, int64_t congress, const char *action,
                          const char *collection, int64_t id, const json_t *before, err *e) {
    json_t *after = NULL;
    rc_t rc = collection_get(c, collection_find(collection), p, id, &after, e);
    char *b = record_text(before), *a = rc == RC_OK ? record_text(after) : NULL;
    if (rc == RC_OK)
        rc = audit_append(c, p, congress, action, collection, id, b, a, e);
    free(b);
    free(a);
    json_decref(after);
    return rc;
}

/* ---- notify, open, close --------------------------------------------------------------- */

static const struct {
    const char *action, *from[2], *to, *stamp;
} transitions[] = {
    {"notify", {"planned", NULL}, "notified", "notified_at"},
    {"open", {"planned", "notified"}, "held", "opened_at"},
    {"close", {"held", NULL}, "closed", "closed_at"},
};

/* no_open_vote — a meeting closes with none of its votes still open. */
static rc_t no_open_vote(store_conn *c, const meeting_row *m, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, m->id);
    int64_t open = 0;
    rc_t rc = store_one_int(
        c, "SELECT COALESCE(MIN(id), 0) FROM vote_events WHERE meeting_id = ? AND state = 'open'",
        &p, &open, e);
    if (rc == RC_OK && open)
        rc = err_set(e, RC_CONFLICT, "state",
                     "vote %lld of this meeting is still open: close it first", (long long)open);
    return rc;
}

rc_t meeting_act(store_conn *c, const principal *p, int64_t id, const char *action, json_t **out,
                 err *e) {
    *out = NULL;
    size_t k = 0;
    while (k < sizeof transitions / sizeof transitions[0] && !is(transitions[k].action, action))
        k++;
    if (k == sizeof transitions / sizeof transitions[0])
        return err_set(e, RC_NOT_FOUND, NULL, "a meeting has no action %s", action);
    rc_t rc = collection_access(collection_find("meetings"), p, true, e);
    if (rc)
        return rc;
    int depth = store_depth(c);
    meeting_row m;
    rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = meeting_load(c, p, id, &m, e);
    if (rc == RC_OK && !is(m.state, transitions[k].from[0]) && !is(m.state, transitions[k].from[1]))
        rc = err_set(e, RC_CONFLICT, "state", "the meeting is %s: it cannot %s", m.state, action);
    if (rc == RC_OK && is(action, "close"))
        rc = no_open_vote(c, &m, e);
    json_t *was = NULL;
    if (rc == RC_OK)
        rc = meeting_record(c, p, id, &was, e);
    char now[21], sql[128];
    now_iso(now);
    snprintf(sql, sizeof sql, "UPDATE meetings SET state = ?, %s = ?, updated_at = ? WHERE id = ?",
             transitions[k].stamp);
    store_params b = {.n = 0};
    store_param_text(&b, transitions[k].to);
    store_param_text(&b, now);
    store_param_text(&b, now);
    store_param_int(&b, id);
    if (rc == RC_OK)
        rc = store_run(c, sql, &b, NULL, e);
    if (rc == RC_OK)
        rc = meeting_audit_record(c, p, m.congress_id, action, "meetings", id, was, e);
    json_decref(was);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    if (rc == RC_OK)
        rc = meeting_record(c, p, id, out, e);
    return rc;
}

rc_t meeting_agenda(store_conn *c, const principal *p, int64_t id, json_t **out, err *e) {
    *out = NULL;
    meeting_row m;
    rc_t rc = collection_access(collection_find("meetings"), p, false, e);
    if (rc == RC_OK)
        rc = meeting_load(c, p, id, &m, e);
    if (rc)
        return rc;
    char mid[24];
    snprintf(mid, sizeof mid, "%lld", (long long)id);
    list_query q = {.params = {{"meeting_id", mid}, {"sort", "position"}, {"per_page", "200"}},
                    .n = 3};
    json_t *list = NULL;
    rc = collection_list(c, collection_find("agenda_items"), p, &q, &list, e);
    if (rc == RC_OK) {
        *out = json_pack("{s:O}", "items", json_object_get(list, "items"));
        json_decref(list);
    }
    return rc;
}

rc_t meeting_agenda_add(store_conn *c, const principal *p, int64_t id, const json_t *in,
                        json_t **out, err *e) {
    *out = NULL;
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "the request body must be a JSON object");
    meeting_row m;
    rc_t rc = collection_access(collection_find("meetings"), p, false, e);
    if (rc == RC_OK)
        rc = meeting_load(c, p, id, &m, e);
    if (rc)
        return rc;
    const json_t *given = json_object_get(in, "meeting_id");
    if (given && !(json_is_integer(given) && json_integer_value(given) == id))
        return err_set(e, RC_INVALID, "meeting_id", "the item goes on meeting %lld's agenda",
                       (long long)id);
    json_t *rec = json_copy((json_t *)in);
    json_object_set_new(rec, "meeting_id", json_integer(id));
    json_object_set_new(rec, "congress_id", json_integer(m.congress_id));
    rc = collection_create(c, collection_find("agenda_items"), p, rec, out, e);
    json_decref(rec);
    return rc;
}

/* ---- a member's or deputy's own meetings --------------------------------------------- */

/* person_of — who p is in m's electorate: a deputy at a plenary, a member otherwise. */
static int64_t person_of(const principal *p, const meeting_row *m) {
    return meeting_is_plenary(m) ? p->deputy_id : p->member_id;
}

rc_t meeting_leave(store_conn *c, const principal *p, int64_t id, const json_t *in, json_t **out,
                   err *e) {
    *out = NULL;
    if (p->role != ROLE_MEMBER && p->role != ROLE_DEPUTY)
        return err_set(e, RC_FORBIDDEN, NULL, "members and deputies report their own leave");
    const json_t *reason = json_object_get(in, "reason");
    if (!json_is_object(in) || (reason && !json_is_null(reason) && !json_is_string(reason)) ||
        (json_is_string(reason) && strlen(json_string_value(reason)) > REASON_MAX))
        return err_set(e, RC_INVALID, "reason", "reason is text of at most %d bytes", REASON_MAX);
    int depth = store_depth(c);
    meeting_row m;
    bool in_it = false;
    rc_t rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = meeting_load(c, p, id, &m, e);
    if (rc == RC_OK && person_of(p, &m))
        rc = meeting_in_electorate(c, &m, person_of(p, &m), &in_it, e);
    if (rc == RC_OK && !in_it)
        rc = err_set(e, RC_FORBIDDEN, NULL, "you are not of this meeting's electorate");
    if (rc == RC_OK && !is(m.state, "planned") && !is(m.state, "notified"))
        rc = err_set(e, RC_CONFLICT, "state",
                     "the meeting is %s: leave is reported before it opens (the office records "
                     "attendance from then on)",
                     m.state);
    if (rc == RC_OK)
        rc = meeting_set_attendance(c, p, &m, person_of(p, &m), "leave", json_string_value(reason),
                                    e);
    if (rc == RC_OK)
        rc = audit_append(c, p, m.congress_id, "leave", "attendance", m.id, NULL,
                          "{\"status\":\"leave\"}", e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    if (rc == RC_OK)
        rc = meeting_attendance_json(c, p, &m, out, e);
    return rc;
}

/* my_item — m as its member or deputy sees it in their list: the record, the agenda's
 * titles, their own status. */
static rc_t my_item(store_conn *c, const principal *p, const meeting_row *m, json_t **item,
                    bool *unanswered, err *e) {
    rc_t rc = meeting_record(c, p, m->id, item, e);
    json_t *agenda = NULL;
    if (rc == RC_OK)
        rc = meeting_agenda(c, p, m->id, &agenda, e);
    if (rc)
        return rc;
    json_t *titles = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(agenda, "items"), i, it) {
        json_array_append_new(titles, json_pack("{s:O, s:O, s:O}", "position",
                                                json_object_get(it, "position"), "kind",
                                                json_object_get(it, "kind"), "title",
                                                json_object_get(it, "title")));
    }
    json_decref(agenda);
    json_object_set_new(*item, "agenda", titles);
    char sql[128];
    snprintf(sql, sizeof sql,
             "SELECT status, reason FROM attendance WHERE meeting_id = ? AND %s = ?",
             meeting_person_key(m));
    store_params b = {.n = 0};
    store_param_int(&b, m->id);
    store_param_int(&b, person_of(p, m));
    store_stmt *st = NULL;
    json_t *status = json_null(), *reason = json_null();
    rc = store_prepare_with(c, sql, &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        json_decref(status);
        status = json_string(store_column_text(st, 0));
        if (store_column_text(st, 1)) {
            json_decref(reason);
            reason = json_string(store_column_text(st, 1));
        }
    }
    store_finish(st);
    *unanswered = json_is_null(status);
    json_object_set_new(*item, "my_status", status);
    json_object_set_new(*item, "my_reason", reason);
    json_t *actions = json_array();
    if (is(m->state, "notified") || is(m->state, "planned"))
        json_array_append_new(actions, json_string("leave"));
    json_object_set_new(*item, "actions", actions);
    return rc;
}

rc_t meeting_mine(store_conn *c, const principal *p, json_t **out, err *e) {
    *out = NULL;
    if (p->role != ROLE_MEMBER && p->role != ROLE_DEPUTY)
        return err_set(e, RC_FORBIDDEN, NULL, "members and deputies have meetings of their own");
    store_params b = {.n = 0};
    store_param_int(&b, p->congress_id);
    store_stmt *st = NULL;
    int64_t ids[MINE_MAX];
    int n = 0;
    rc_t rc = store_prepare_with(c,
                                 "SELECT id FROM meetings WHERE congress_id = ? AND state IN "
                                 "('notified', 'held') ORDER BY starts_on, id",
                                 &b, &st, e);
    while (rc == RC_OK && n < MINE_MAX && store_next(st, &rc, e))
        ids[n++] = store_column_int(st, 0);
    store_finish(st);
    json_t *items = json_array();
    int64_t unanswered = 0;
    for (int i = 0; rc == RC_OK && i < n; i++) {
        meeting_row m;
        bool in = false, open = false;
        rc = meeting_load(c, p, ids[i], &m, e);
        if (rc == RC_OK && person_of(p, &m))
            rc = meeting_in_electorate(c, &m, person_of(p, &m), &in, e);
        json_t *item = NULL;
        if (rc == RC_OK && in)
            rc = my_item(c, p, &m, &item, &open, e);
        if (item) {
            json_array_append_new(items, item);
            unanswered += open;
        }
    }
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I}", "items", items, "unanswered", (json_int_t)unanswered);
    return RC_OK;
}

/* ---- the inbox --------------------------------------------------------------------------- */

rc_t meeting_inbox_add(store_conn *c, const principal *p, json_t *inbox, err *e) {
    json_t *more = NULL;
    rc_t rc = RC_OK;
    int64_t news = 0;
    if (p->role == ROLE_MEMBER || p->role == ROLE_DEPUTY) {
        rc = meeting_mine(c, p, &more, e);
        news = json_integer_value(json_object_get(more, "unanswered"));
        if (rc == RC_OK)
            json_object_set(inbox, "meetings", json_object_get(more, "items"));
    } else if (p->role == ROLE_STAFF) {
        rc = meeting_warnings(c, p, &more, e);
        news = (int64_t)json_array_size(json_object_get(more, "items"));
        if (rc == RC_OK)
            json_object_set(inbox, "warnings", json_object_get(more, "items"));
    }
    /* "counts" stays the case boxes' (each named in "boxes"); the bell's total has both */
    if (rc == RC_OK && more)
        json_object_set_new(
            inbox, "total",
            json_integer(json_integer_value(json_object_get(inbox, "total")) + news));
    json_decref(more);
    return rc;
}

/* ---- the two-month rule ---------------------------------------------------------------- */

rc_t meeting_warnings(store_conn *c, const principal *p, json_t **out, err *e) {
    *out = NULL;
    rc_t rc = collection_access(collection_find("meetings"), p, true, e);
    if (rc)
        return rc;
    json_t *items = json_array();
    date_t today = case_today(c, p->congress_id), last = 0;
    int64_t term = 0;
    rc = case_term_at(c, p->congress_id, today, &term, NULL, e);
    char today_s[11], last_s[11] = "";
    date_format(today, today_s);
    store_params b = {.n = 0};
    store_param_int(&b, term);
    store_param_text(&b, today_s);
    store_param_int(&b, term);
    /* the last session held, or the term's start when it has held none */
    if (rc == RC_OK && term)
        rc =
            store_one_text(c,
                           "SELECT COALESCE((SELECT MAX(starts_on) FROM meetings WHERE term_id = ? "
                           "AND kind = 'committee_session' AND state IN ('held', 'closed') AND "
                           "starts_on <= ?), (SELECT start_on FROM terms WHERE id = ?))",
                           &b, last_s, sizeof last_s, NULL, e);
    long long months = settings_get(c, p->congress_id, "committee_session_max_gap_months");
    if (rc == RC_OK && term && date_parse(last_s, &last) &&
        today > date_add_months(last, (int)months)) {
        char msg[256], zh[256];
        snprintf(msg, sizeof msg,
                 "the standing committee has not held a session since %s: more than %lld months "
                 "(it meets at least once every %lld months)",
                 last_s, months, months);
        snprintf(zh, sizeof zh, "常委会自%s以来已超过%lld个月未举行会议（至少每%lld个月举行一次）",
                 last_s, months, months);
        json_array_append_new(items, json_pack("{s:s, s:s, s:I, s:s, s:s}", "code", "committee_gap",
                                               "last_on", last_s, "months", (json_int_t)months,
                                               "message", msg, "message_zh", zh));
    }
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return RC_OK;
}
