/* records.c — the rules of the meeting collections (registers/meetings.c), run by the
 * generic engine on every write path (create, PATCH, import): a meeting's term and
 * number, a committee session's agenda set by a chairpersons' meeting, what each kind
 * of agenda item needs (a motion's tablers, DOMAIN.md), late work reports (监督法
 * art. 14's 20/10/7 days, settings), and what a closed meeting no longer allows. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/case/case.h"
#include "domain/meeting/meeting_impl.h"
#include "domain/settings.h"

const enum_value meeting_kinds[] = {
    {.id = "plenary", .zh = "人民代表大会会议", .en = "Plenary session"},
    {.id = "committee_session", .zh = "常委会会议", .en = "Standing committee session"},
    {.id = "chairs_meeting", .zh = "主任会议", .en = "Chairpersons' meeting"},
    {0}};

const enum_value agenda_kinds[] = {
    {.id = "work_report", .zh = "听取和审议专项工作报告", .en = "Work report"},
    {.id = "law_study", .zh = "会前学法", .en = "Law study"},
    {.id = "deliberation", .zh = "审议", .en = "Deliberation"},
    {.id = "motion", .zh = "议案", .en = "Motion"},
    {.id = "appointment", .zh = "人事任免", .en = "Appointments"},
    {.id = "inquiry", .zh = "专题询问", .en = "Inquiry"},
    {.id = "vote", .zh = "表决", .en = "Vote"},
    {.id = "other", .zh = "其他", .en = "Other"},
    {0}};

static const char *text_of(const json_t *rec, const char *key) {
    const char *s = json_string_value(json_object_get(rec, key));
    return s && *s ? s : NULL;
}

static int64_t id_of(const json_t *rec, const char *key) {
    const json_t *v = json_object_get(rec, key);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

static bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* next_number — one more than the highest `column` of `table` among the rows matching
 * the three keys (congress, term, kind): the next 第N次 or 第N号. */
static rc_t next_number(store_conn *c, const char *sql, int64_t congress, int64_t term,
                        const char *kind, int64_t *out, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, congress);
    store_param_int(&p, term);
    store_param_text(&p, kind);
    return store_one_int(c, sql, &p, out, e);
}

/* term_from — the congress's term that `day_key` of rec falls in, into term_id when it
 * is not given. */
static rc_t term_from(store_conn *c, json_t *rec, const char *day_key, err *e) {
    if (id_of(rec, "term_id"))
        return RC_OK;
    date_t day;
    const char *s = text_of(rec, day_key);
    if (!s || !date_parse(s, &day))
        return RC_OK; /* the date's own check says what is wrong */
    int64_t term = 0;
    rc_t rc = case_term_at(c, id_of(rec, "congress_id"), day, &term, NULL, e);
    if (rc == RC_OK && !term)
        rc = err_set(e, RC_INVALID, "term_id",
                     "no term of this congress covers %s %s: give term_id", day_key, s);
    if (rc == RC_OK)
        json_object_set_new(rec, "term_id", json_integer(term));
    return rc;
}

/* ---- meetings -------------------------------------------------------------------------- */

rc_t meeting_prepare(store_conn *c, json_t *rec, err *e) {
    rc_t rc = term_from(c, rec, "starts_on", e);
    if (rc == RC_OK && !id_of(rec, "number") && text_of(rec, "kind")) {
        int64_t n = 0;
        rc = next_number(c,
                         "SELECT COALESCE(MAX(number), 0) + 1 FROM meetings WHERE congress_id = ? "
                         "AND term_id = ? AND kind = ?",
                         id_of(rec, "congress_id"), id_of(rec, "term_id"), text_of(rec, "kind"), &n,
                         e);
        if (rc == RC_OK)
            json_object_set_new(rec, "number", json_integer(n));
    }
    return rc;
}

/* the chairpersons' meeting that set a committee session's draft agenda: of the same
 * term, and held on or before the session's first day */
static rc_t check_agenda_set_by(store_conn *c, const json_t *rec, err *e) {
    int64_t by = id_of(rec, "agenda_set_by");
    if (!by)
        return RC_OK;
    if (!is(text_of(rec, "kind"), "committee_session"))
        return err_set(e, RC_INVALID, "agenda_set_by",
                       "only a standing committee session has its agenda set by a "
                       "chairpersons' meeting");
    store_params p = {.n = 0};
    store_param_int(&p, by);
    store_param_int(&p, id_of(rec, "term_id"));
    store_param_text(&p, text_of(rec, "starts_on") ? text_of(rec, "starts_on") : "");
    int64_t ok = 0;
    rc_t rc = store_one_int(c,
                            "SELECT COUNT(*) FROM meetings WHERE id = ? AND kind = "
                            "'chairs_meeting' AND term_id = ? AND starts_on <= ?",
                            &p, &ok, e);
    if (rc == RC_OK && !ok)
        rc = err_set(e, RC_INVALID, "agenda_set_by",
                     "agenda_set_by names a chairpersons' meeting of the same term, held on or "
                     "before the session");
    return rc;
}

rc_t meeting_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    (void)self_id;
    date_t from, to;
    const char *s = text_of(rec, "starts_on"), *t = text_of(rec, "ends_on");
    if (s && t && date_parse(s, &from) && date_parse(t, &to) && to < from)
        return err_set(e, RC_INVALID, "ends_on", "ends_on must not be before starts_on");
    if (text_of(rec, "motion_deadline") && !is(text_of(rec, "kind"), "plenary"))
        return err_set(e, RC_INVALID, "motion_deadline",
                       "only a plenary session sets a deadline for deputies' motions");
    return check_agenda_set_by(c, rec, e);
}

void meeting_computed(store_conn *c, json_t *rec) {
    store_params p = {.n = 0};
    store_param_int(&p, id_of(rec, "term_id"));
    int64_t term = 0;
    err ignored;
    if (store_one_int(c, "SELECT number FROM terms WHERE id = ?", &p, &term, &ignored) != RC_OK)
        term = 0;
    const char *kind = text_of(rec, "kind");
    long long n = (long long)id_of(rec, "number");
    char title[128];
    if (is(kind, "chairs_meeting"))
        snprintf(title, sizeof title, "第%lld届第%lld次主任会议", (long long)term, n);
    else
        snprintf(title, sizeof title, "第%lld届%s第%lld次会议", (long long)term,
                 is(kind, "plenary") ? "人民代表大会" : "常委会", n);
    json_object_set_new(rec, "title", json_string(title));
}

/* may_leave — may p (a member or deputy) report leave for rec: of its electorate, and
 * before it opens. */
static bool may_leave(store_conn *c, const principal *p, const json_t *rec) {
    const char *state = text_of(rec, "state");
    if ((p->role != ROLE_MEMBER && p->role != ROLE_DEPUTY) ||
        (!is(state, "planned") && !is(state, "notified")))
        return false;
    meeting_row m = {.id = id_of(rec, "id"),
                     .congress_id = id_of(rec, "congress_id"),
                     .term_id = id_of(rec, "term_id")};
    snprintf(m.kind, sizeof m.kind, "%s", text_of(rec, "kind") ? text_of(rec, "kind") : "");
    snprintf(m.starts_on, sizeof m.starts_on, "%s",
             text_of(rec, "starts_on") ? text_of(rec, "starts_on") : "");
    int64_t person = is(m.kind, "plenary") ? p->deputy_id : p->member_id;
    bool in = false;
    err ignored;
    return person && meeting_in_electorate(c, &m, person, &in, &ignored) == RC_OK && in;
}

/* What staff may do to a meeting in each state (a closed one is fixed); a member or
 * deputy of it may report leave before it opens. */
json_t *meeting_actions(store_conn *c, const principal *p, const json_t *rec, bool may_write) {
    json_t *a = json_array();
    const char *state = text_of(rec, "state");
    if (!may_write && may_leave(c, p, rec))
        json_array_append_new(a, json_string("leave"));
    if (!may_write || is(state, "closed"))
        return a;
    static const char *const common[] = {"update", "agenda", "attendance"};
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        json_array_append_new(a, json_string(common[i]));
    if (is(state, "planned")) {
        json_array_append_new(a, json_string("delete"));
        json_array_append_new(a, json_string("notify"));
    }
    if (is(state, "planned") || is(state, "notified"))
        json_array_append_new(a, json_string("open"));
    if (is(state, "held"))
        json_array_append_new(a, json_string("close"));
    return a;
}

rc_t meeting_writable(store_conn *c, const json_t *before, bool deleting, err *e) {
    (void)c;
    const char *state = text_of(before, "state");
    if (is(state, "closed"))
        return err_set(e, RC_CONFLICT, "state", "the meeting is closed: its record is fixed");
    if (deleting && !is(state, "planned"))
        return err_set(e, RC_CONFLICT, "state", "only a planned meeting is deleted; this one is %s",
                       state ? state : "");
    return RC_OK;
}

/* ---- agenda items ---------------------------------------------------------------------- */

/* meeting_of_item — the state, kind, term and first day of the item's meeting. */
static rc_t meeting_of_item(store_conn *c, int64_t meeting_id, meeting_row *m, err *e) {
    memset(m, 0, sizeof *m);
    store_params p = {.n = 0};
    store_param_int(&p, meeting_id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        c, "SELECT state, kind, term_id, starts_on, congress_id FROM meetings WHERE id = ?", &p,
        &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        m->id = meeting_id;
        snprintf(m->state, sizeof m->state, "%s", store_column_text(st, 0));
        snprintf(m->kind, sizeof m->kind, "%s", store_column_text(st, 1));
        m->term_id = store_column_int(st, 2);
        snprintf(m->starts_on, sizeof m->starts_on, "%s", store_column_text(st, 3));
        m->congress_id = store_column_int(st, 4);
    }
    store_finish(st);
    return rc;
}

static rc_t not_closed(const meeting_row *m, err *e) {
    if (is(m->state, "closed"))
        return err_set(e, RC_CONFLICT, "state", "the meeting is closed: its agenda is fixed");
    return RC_OK;
}

rc_t agenda_prepare(store_conn *c, json_t *rec, err *e) {
    if (id_of(rec, "position"))
        return RC_OK;
    store_params p = {.n = 0};
    store_param_int(&p, id_of(rec, "meeting_id"));
    int64_t n = 0;
    rc_t rc = store_one_int(
        c, "SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?", &p, &n,
        e);
    if (rc == RC_OK)
        json_object_set_new(rec, "position", json_integer(n));
    return rc;
}

/* check_motion — who may table a motion to the committee (地方组织法 art. 51): the
 * chairpersons' council, the government, a special committee, or motion_min_members
 * (3) or more members jointly, members of the meeting's term. */
static rc_t check_motion(store_conn *c, const json_t *rec, const meeting_row *m, err *e) {
    const char *by = text_of(rec, "tabled_by");
    if (!by)
        return err_set(e, RC_INVALID, "tabled_by",
                       "a motion is tabled by the chairpersons' council, the government, a "
                       "special committee, or %lld or more members jointly",
                       settings_get(c, m->congress_id, "motion_min_members"));
    if (!is(by, "members"))
        return RC_OK;
    const json_t *ids = json_object_get(rec, "member_ids");
    long long least = settings_get(c, m->congress_id, "motion_min_members");
    size_t n = json_array_size(ids);
    if ((long long)n < least)
        return err_set(e, RC_INVALID, "member_ids",
                       "a motion by members is tabled by %lld or more of them jointly; %zu named",
                       least, n);
    for (size_t i = 0; i < n; i++) {
        store_params p = {.n = 0};
        store_param_int(&p, json_integer_value(json_array_get(ids, i)));
        store_param_int(&p, m->term_id);
        int64_t ok = 0;
        rc_t rc = store_one_int(c, "SELECT COUNT(*) FROM members WHERE id = ? AND term_id = ?", &p,
                                &ok, e);
        if (rc == RC_OK && !ok)
            rc = err_set(e, RC_INVALID, "member_ids", "member %lld is not of the meeting's term",
                         (long long)json_integer_value(json_array_get(ids, i)));
        if (rc)
            return rc;
    }
    return RC_OK;
}

rc_t agenda_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    (void)self_id; /* its meeting does not change (FF_FIXED) */
    meeting_row m;
    rc_t rc = meeting_of_item(c, id_of(rec, "meeting_id"), &m, e);
    if (rc == RC_OK)
        rc = not_closed(&m, e);
    if (rc)
        return rc;
    const char *kind = text_of(rec, "kind");
    if (is(kind, "work_report") && !id_of(rec, "unit_id"))
        return err_set(e, RC_INVALID, "unit_id", "a work report names the unit reporting");
    if (is(kind, "law_study") && !text_of(rec, "law"))
        return err_set(e, RC_INVALID, "law", "a law study names the law");
    if (is(kind, "motion")) {
        if (!is(m.kind, "committee_session"))
            return err_set(e, RC_INVALID, "kind",
                           "a motion item belongs to a standing committee session (deputies' "
                           "motions at a plenary are cases: /api/v1/proposals)");
        rc = check_motion(c, rec, &m, e);
        if (rc)
            return rc;
    }
    return RC_OK;
}

/* late — which of a work report's three periods were missed, and their last days. */
static void late_report(store_conn *c, json_t *rec, const meeting_row *m) {
    static const struct {
        const char *part, *given, *setting;
    } periods[] = {
        {"office", "to_office_on", "work_report_days_office"},
        {"committee", "to_committee_on", "work_report_days_committee"},
        {"members", "to_members_on", "work_report_days_members"},
    };
    date_t start, given;
    if (!date_parse(m->starts_on, &start))
        return;
    char today_s[11];
    meeting_today(c, m->congress_id, today_s);
    date_t today = 0;
    date_parse(today_s, &today);
    json_t *late = json_array(), *due = json_object();
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        date_t by = start - (date_t)settings_get(c, m->congress_id, periods[i].setting);
        char by_s[11];
        date_format(by, by_s);
        json_object_set_new(due, periods[i].part, json_string(by_s));
        const char *g = text_of(rec, periods[i].given);
        bool missed = g && date_parse(g, &given) ? given > by : today > by;
        if (missed)
            json_array_append_new(late, json_string(periods[i].part));
    }
    json_object_set_new(rec, "late", late);
    json_object_set_new(rec, "due", due);
}

void agenda_computed(store_conn *c, json_t *rec) {
    meeting_row m;
    err ignored;
    if (meeting_of_item(c, id_of(rec, "meeting_id"), &m, &ignored) == RC_OK &&
        is(text_of(rec, "kind"), "work_report"))
        late_report(c, rec, &m);
    json_t *votes = json_array();
    store_params p = {.n = 0};
    store_param_int(&p, id_of(rec, "id"));
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        c, "SELECT id FROM vote_events WHERE agenda_item_id = ? ORDER BY id", &p, &st, &ignored);
    while (rc == RC_OK && store_next(st, &rc, &ignored))
        json_array_append_new(votes, json_integer(store_column_int(st, 0)));
    store_finish(st);
    json_object_set_new(rec, "vote_ids", votes);
    json_object_set_new(rec, "meeting_state", json_string(m.state));
}

json_t *agenda_actions(store_conn *c, const principal *p, const json_t *rec, bool may_write) {
    (void)c;
    (void)p;
    json_t *a = json_array();
    if (!may_write || is(text_of(rec, "meeting_state"), "closed"))
        return a;
    json_array_append_new(a, json_string("update"));
    json_array_append_new(a, json_string("delete"));
    const char *kind = text_of(rec, "kind");
    if (is(kind, "deliberation") || is(kind, "motion") || is(kind, "vote") ||
        is(kind, "appointment"))
        json_array_append_new(a, json_string("vote"));
    return a;
}

rc_t agenda_writable(store_conn *c, const json_t *before, bool deleting, err *e) {
    (void)deleting;
    meeting_row m;
    rc_t rc = meeting_of_item(c, id_of(before, "meeting_id"), &m, e);
    return rc ? rc : not_closed(&m, e);
}

/* The documents of an item put to a secret vote (an election, an appointment by secret
 * ballot) stay with the office: the paperless view shows members none of them. */
bool agenda_files_readable(store_conn *c, const principal *p, const json_t *rec) {
    (void)p;
    store_params b = {.n = 0};
    store_param_int(&b, id_of(rec, "id"));
    int64_t secret = 0;
    err ignored;
    if (store_one_int(c,
                      "SELECT COUNT(*) FROM vote_events WHERE agenda_item_id = ? AND mode = "
                      "'secret'",
                      &b, &secret, &ignored) != RC_OK)
        return false;
    return secret == 0;
}

/* ---- resolutions ----------------------------------------------------------------------- */

rc_t resolution_prepare(store_conn *c, json_t *rec, err *e) {
    rc_t rc = term_from(c, rec, "adopted_on", e);
    if (rc == RC_OK && !id_of(rec, "number") && text_of(rec, "kind")) {
        int64_t n = 0;
        rc = next_number(c,
                         "SELECT COALESCE(MAX(number), 0) + 1 FROM resolutions WHERE congress_id = "
                         "? AND term_id = ? AND kind = ?",
                         id_of(rec, "congress_id"), id_of(rec, "term_id"), text_of(rec, "kind"), &n,
                         e);
        if (rc == RC_OK)
            json_object_set_new(rec, "number", json_integer(n));
    }
    return rc;
}
