/* attendance.c — who sits in a meeting and who came: the electorate of each kind of
 * meeting, attendance per person (present, leave with a reason, absent), observers
 * (列席), and the quorum shown live (地方组织法: a committee session needs more than half
 * of all members, a plenary two-thirds or more of all deputies; both settings). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "domain/collection/collection.h"
#include "domain/meeting/meeting_impl.h"
#include "domain/settings.h"
#include "domain/vote/rules.h"

#define REASON_MAX 500
#define OBSERVERS_MAX 200
#define OBSERVER_TEXT_MAX 200

static bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

bool meeting_is_plenary(const meeting_row *m) { return is(m->kind, "plenary"); }

const char *meeting_person_key(const meeting_row *m) {
    return meeting_is_plenary(m) ? "deputy_id" : "member_id";
}

/* meeting_electorate_sql — the people of m's electorate, (id, name, position) rows,
 * with its values in p: the term's members serving on the first day (a chairpersons'
 * meeting: the chair and vice-chairs), or the term's active deputies. The query of
 * attendance, votes at the meeting and the member's own meetings alike. */
const char *meeting_electorate_sql(const meeting_row *m, store_params *p) {
    p->n = 0;
    store_param_int(p, m->congress_id);
    store_param_int(p, m->term_id);
    if (meeting_is_plenary(m))
        return "SELECT d.id, pe.name, NULL AS position FROM deputies d JOIN persons pe ON pe.id = "
               "d.person_id "
               "WHERE d.congress_id = ? AND d.term_id = ? AND d.status = 'active' ORDER BY d.id";
    store_param_text(p, m->starts_on);
    store_param_text(p, m->starts_on);
    if (is(m->kind, "chairs_meeting"))
        return "SELECT mb.id, pe.name, mb.position FROM members mb JOIN persons pe ON pe.id = "
               "mb.person_id WHERE mb.congress_id = ? AND mb.term_id = ? AND (mb.end_on IS NULL "
               "OR mb.end_on >= ?) AND (mb.start_on IS NULL OR mb.start_on <= ?) AND "
               "mb.position IN ('chair', 'vice_chair') ORDER BY mb.id";
    return "SELECT mb.id, pe.name, mb.position FROM members mb JOIN persons pe ON pe.id = "
           "mb.person_id WHERE mb.congress_id = ? AND mb.term_id = ? AND (mb.end_on IS NULL OR "
           "mb.end_on >= ?) AND (mb.start_on IS NULL OR mb.start_on <= ?) ORDER BY mb.id";
}

rc_t meeting_in_electorate(store_conn *c, const meeting_row *m, int64_t person, bool *in, err *e) {
    store_params p;
    const char *sel = meeting_electorate_sql(m, &p);
    char *sql = NULL;
    if (asprintf(&sql, "SELECT COUNT(*) FROM (%s) el WHERE el.id = ?", sel) < 0)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    store_param_int(&p, person);
    int64_t n = 0;
    rc_t rc = store_one_int(c, sql, &p, &n, e);
    free(sql);
    *in = n > 0;
    return rc;
}

void meeting_quorum_of(store_conn *c, const meeting_row *m, int64_t n, meeting_quorum *q) {
    bool plenary = meeting_is_plenary(m);
    q->num =
        settings_get(c, m->congress_id, plenary ? "plenary_quorum_num" : "committee_quorum_num");
    q->den =
        settings_get(c, m->congress_id, plenary ? "plenary_quorum_den" : "committee_quorum_den");
    q->more_than = !plenary;
    q->least = vote_quorum_least(n, q->num, q->den, q->more_than);
}

/* ---- reading --------------------------------------------------------------------------- */

static rc_t may_read(const principal *p, err *e) {
    return collection_access(collection_find("meetings"), p, false, e);
}

static rc_t people_json(store_conn *c, const meeting_row *m, json_t *out, int64_t counts[4],
                        err *e) {
    store_params p;
    const char *sel = meeting_electorate_sql(m, &p);
    char *sql = NULL;
    if (asprintf(&sql,
                 "SELECT el.id, el.name, el.position, a.status, a.reason FROM (%s) el LEFT JOIN "
                 "attendance a ON a.meeting_id = ? AND a.%s = el.id ORDER BY el.id",
                 sel, meeting_person_key(m)) < 0)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    store_param_int(&p, m->id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c, sql, &p, &st, e);
    free(sql);
    json_t *people = json_array();
    while (rc == RC_OK && store_next(st, &rc, e)) {
        const char *status = store_column_text(st, 3), *reason = store_column_text(st, 4),
                   *position = store_column_text(st, 2);
        json_t *o =
            json_pack("{s:I, s:s?}", meeting_person_key(m), (json_int_t)store_column_int(st, 0),
                      "name", store_column_text(st, 1));
        if (!meeting_is_plenary(m))
            json_object_set_new(o, "position", position ? json_string(position) : json_null());
        json_object_set_new(o, "status", status ? json_string(status) : json_null());
        json_object_set_new(o, "reason", reason ? json_string(reason) : json_null());
        json_array_append_new(people, o);
        counts[0]++;
        counts[is(status, "present")  ? 1
               : is(status, "leave")  ? 2
               : is(status, "absent") ? 3
                                      : 0] += status ? 1 : 0;
    }
    store_finish(st);
    json_object_set_new(out, "people", people);
    return rc;
}

static rc_t observers_json(store_conn *c, int64_t meeting_id, json_t *out, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, meeting_id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        c, "SELECT name, unit FROM observers WHERE meeting_id = ? ORDER BY position", &p, &st, e);
    json_t *list = json_array();
    while (rc == RC_OK && store_next(st, &rc, e))
        json_array_append_new(list, json_pack("{s:s?, s:s?}", "name", store_column_text(st, 0),
                                              "unit", store_column_text(st, 1)));
    store_finish(st);
    json_object_set_new(out, "observers", list);
    return rc;
}

rc_t meeting_attendance_json(store_conn *c, const principal *p, const meeting_row *m, json_t **out,
                             err *e) {
    json_t *o = json_object();
    int64_t counts[4] = {0}; /* everyone, present, leave, absent */
    rc_t rc = people_json(c, m, o, counts, e);
    if (rc == RC_OK)
        rc = observers_json(c, m->id, o, e);
    if (rc) {
        json_decref(o);
        return rc;
    }
    meeting_quorum q;
    meeting_quorum_of(c, m, counts[0], &q);
    json_object_set_new(o, "meeting_id", json_integer(m->id));
    json_object_set_new(o, "electorate",
                        json_string(meeting_is_plenary(m)           ? "plenary"
                                    : is(m->kind, "chairs_meeting") ? "chairs"
                                                                    : "committee"));
    json_object_set_new(o, "electorate_size", json_integer(counts[0]));
    json_object_set_new(o, "present", json_integer(counts[1]));
    json_object_set_new(o, "leave", json_integer(counts[2]));
    json_object_set_new(o, "absent", json_integer(counts[3]));
    json_object_set_new(o, "unrecorded",
                        json_integer(counts[0] - counts[1] - counts[2] - counts[3]));
    json_object_set_new(o, "quorum", json_integer(q.least));
    json_object_set_new(o, "has_quorum", json_boolean(counts[1] >= q.least));
    json_object_set_new(o, "quorum_rule",
                        json_pack("{s:I, s:I, s:b}", "num", (json_int_t)q.num, "den",
                                  (json_int_t)q.den, "more_than", q.more_than));
    json_t *actions = json_array();
    if (collection_access(collection_find("meetings"), p, true, NULL) == RC_OK &&
        !is(m->state, "closed"))
        json_array_append_new(actions, json_string("edit"));
    json_object_set_new(o, "actions", actions);
    *out = o;
    return RC_OK;
}

rc_t meeting_attendance(store_conn *c, const principal *p, int64_t id, json_t **out, err *e) {
    *out = NULL;
    meeting_row m;
    rc_t rc = may_read(p, e);
    if (rc == RC_OK)
        rc = meeting_load(c, p, id, &m, e);
    if (rc == RC_OK)
        rc = meeting_attendance_json(c, p, &m, out, e);
    return rc;
}

/* ---- writing --------------------------------------------------------------------------- */

/* set_row — person's attendance at m: status and reason, replacing what was there. */
rc_t meeting_set_attendance(store_conn *c, const principal *by, const meeting_row *m,
                            int64_t person, const char *status, const char *reason, err *e) {
    char sql[160], now[21];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_int(&p, m->id);
    store_param_int(&p, person);
    snprintf(sql, sizeof sql, "DELETE FROM attendance WHERE meeting_id = ? AND %s = ?",
             meeting_person_key(m));
    rc_t rc = store_run(c, sql, &p, NULL, e);
    snprintf(sql, sizeof sql,
             "INSERT INTO attendance (meeting_id, %s, status, reason, recorded_by, recorded_at) "
             "VALUES (?, ?, ?, ?, ?, ?)",
             meeting_person_key(m));
    store_param_text(&p, status);
    if (reason && *reason)
        store_param_text(&p, reason);
    else
        store_param_text(&p, NULL);
    store_param_int(&p, by->user_id);
    store_param_text(&p, now);
    if (rc == RC_OK)
        rc = store_run(c, sql, &p, NULL, e);
    return rc;
}

/* one_row — people[i] checked and written. */
static rc_t one_row(store_conn *c, const principal *by, const meeting_row *m, const json_t *row,
                    size_t i, err *e) {
    const char *key = meeting_person_key(m),
               *other = meeting_is_plenary(m) ? "member_id" : "deputy_id";
    char field[64];
    snprintf(field, sizeof field, "people[%zu].%s", i, key);
    if (!json_is_object(row))
        return err_set(e, RC_INVALID, field, "people[%zu] must be an object", i);
    if (json_object_get(row, other))
        return err_set(e, RC_INVALID, field, "the attendance of this meeting names %s, not %s", key,
                       other);
    const json_t *id = json_object_get(row, key);
    if (!json_is_integer(id))
        return err_set(e, RC_INVALID, field, "%s is required", key);
    bool in = false;
    rc_t rc = meeting_in_electorate(c, m, json_integer_value(id), &in, e);
    if (rc == RC_OK && !in)
        rc = err_set(e, RC_INVALID, field, "%lld is not of this meeting's electorate",
                     (long long)json_integer_value(id));
    if (rc)
        return rc;
    const char *status = json_string_value(json_object_get(row, "status"));
    if (!is(status, "present") && !is(status, "leave") && !is(status, "absent")) {
        snprintf(field, sizeof field, "people[%zu].status", i);
        return err_set(e, RC_INVALID, field, "status must be one of: present, leave, absent");
    }
    const json_t *reason = json_object_get(row, "reason");
    if (reason && !json_is_null(reason) &&
        (!json_is_string(reason) || strlen(json_string_value(reason)) > REASON_MAX)) {
        snprintf(field, sizeof field, "people[%zu].reason", i);
        return err_set(e, RC_INVALID, field, "reason is text of at most %d bytes", REASON_MAX);
    }
    return meeting_set_attendance(c, by, m, json_integer_value(id), status,
                                  json_string_value(reason), e);
}

static rc_t put_observers(store_conn *c, const meeting_row *m, const json_t *list, err *e) {
    if (!json_is_array(list) || json_array_size(list) > OBSERVERS_MAX)
        return err_set(e, RC_INVALID, "observers", "observers is a list of at most %d people",
                       OBSERVERS_MAX);
    store_params p = {.n = 0};
    store_param_int(&p, m->id);
    rc_t rc = store_run(c, "DELETE FROM observers WHERE meeting_id = ?", &p, NULL, e);
    for (size_t i = 0; rc == RC_OK && i < json_array_size(list); i++) {
        const json_t *o = json_array_get(list, i);
        const char *name = json_string_value(json_object_get(o, "name"));
        const char *unit = json_string_value(json_object_get(o, "unit"));
        char field[48];
        snprintf(field, sizeof field, "observers[%zu].name", i);
        if (!name || !*name || strlen(name) > OBSERVER_TEXT_MAX ||
            (unit && strlen(unit) > OBSERVER_TEXT_MAX))
            return err_set(e, RC_INVALID, field,
                           "an observer has a name (and a unit), each at "
                           "most %d bytes",
                           OBSERVER_TEXT_MAX);
        store_params q = {.n = 0};
        store_param_int(&q, m->id);
        store_param_int(&q, (int64_t)i + 1);
        store_param_text(&q, name);
        if (unit && *unit)
            store_param_text(&q, unit);
        else
            store_param_text(&q, NULL);
        rc = store_run(
            c, "INSERT INTO observers (meeting_id, position, name, unit) VALUES (?, ?, ?, ?)", &q,
            NULL, e);
    }
    return rc;
}

rc_t meeting_attendance_put(store_conn *c, const principal *p, int64_t id, const json_t *in,
                            json_t **out, err *e) {
    *out = NULL;
    rc_t rc = collection_access(collection_find("meetings"), p, true, e);
    if (rc)
        return rc;
    const json_t *people = json_is_array(in) ? in : json_object_get(in, "people");
    const json_t *observers = json_is_object(in) ? json_object_get(in, "observers") : NULL;
    if (!json_is_array(in) && !json_is_object(in))
        return err_set(e, RC_INVALID, "",
                       "the body is a list of attendance rows, or an object "
                       "with people and observers");
    if (people && !json_is_array(people))
        return err_set(e, RC_INVALID, "people", "people is a list of attendance rows");
    int depth = store_depth(c);
    meeting_row m;
    rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = meeting_load(c, p, id, &m, e);
    if (rc == RC_OK && is(m.state, "closed"))
        rc = err_set(e, RC_CONFLICT, "state", "the meeting is closed: its attendance is fixed");
    for (size_t i = 0; rc == RC_OK && i < json_array_size(people); i++)
        rc = one_row(c, p, &m, json_array_get(people, i), i, e);
    if (rc == RC_OK && observers)
        rc = put_observers(c, &m, observers, e);
    char *after = rc == RC_OK ? json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (rc == RC_OK)
        rc = audit_append(c, p, m.congress_id, "attendance", "attendance", m.id, NULL, after, e);
    free(after);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    if (rc == RC_OK)
        rc = meeting_attendance_json(c, p, &m, out, e);
    return rc;
}
