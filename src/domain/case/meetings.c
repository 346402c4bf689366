/* meetings.c — the meetings the case engine refers to, read from the tables of
 * domain/meeting/ (which owns and writes them): a motion's plenary session, the
 * committee session a deliberation opinion comes from, the chairpersons' meeting that
 * designates key supervision. Read only; the rules on them are the callers'. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

#define MEETING_COLUMNS                                                                            \
    "SELECT id, term_id, number, kind, state, starts_on, COALESCE(ends_on, starts_on), "           \
    "COALESCE(motion_deadline, '') FROM meetings "

/* the meetings' names as domain/meeting/ gives them (MEETING_TITLE_SQL) */
static const struct {
    const char *kind, *fmt, *zh;
} kinds[] = {
    {"plenary", "人民代表大会第%lld次会议", "人民代表大会会议"},
    {"committee_session", "常委会第%lld次会议", "常委会会议"},
    {"chairs_meeting", "第%lld次主任会议", "主任会议"},
};

static const char *kind_zh(const char *kind) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].zh;
    return kind;
}

static void meeting_row(store_stmt *st, case_meeting *m) {
    m->id = store_column_int(st, 0);
    m->term_id = store_column_int(st, 1);
    m->number = store_column_int(st, 2);
    snprintf(m->kind, sizeof m->kind, "%s", store_column_text(st, 3));
    snprintf(m->state, sizeof m->state, "%s", store_column_text(st, 4));
    m->starts_on = m->ends_on = 0;
    date_parse(store_column_text(st, 5), &m->starts_on);
    if (!date_parse(store_column_text(st, 6), &m->ends_on))
        m->ends_on = m->starts_on;
    snprintf(m->motion_deadline, sizeof m->motion_deadline, "%s", store_column_text(st, 7));
    m->title[0] = '\0';
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].kind, m->kind) == 0)
            snprintf(m->title, sizeof m->title, kinds[i].fmt, (long long)m->number);
}

rc_t case_meeting_get(store_conn *c, int64_t congress_id, int64_t id, const char *kind,
                      const char *field, case_meeting *out, err *e) {
    memset(out, 0, sizeof *out);
    store_params b = {.n = 0};
    store_param_int(&b, id);
    store_param_int(&b, congress_id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c, MEETING_COLUMNS "WHERE id = ? AND congress_id = ?", &b, &st, e);
    bool found = rc == RC_OK && store_next(st, &rc, e);
    if (found)
        meeting_row(st, out);
    store_finish(st);
    if (rc)
        return rc;
    if (!found)
        return err_set(e, RC_INVALID, field, "%s: there is no meeting %lld of this congress", field,
                       (long long)id);
    if (kind && strcmp(out->kind, kind) != 0)
        return err_set(e, RC_INVALID, field, "%s: meeting %lld is a %s, not a %s%.0s%.0s", field,
                       (long long)id, out->kind, kind, kind_zh(out->kind), kind_zh(kind));
    return RC_OK;
}

rc_t case_plenary_on(store_conn *c, int64_t congress_id, date_t day, case_meeting *out, err *e) {
    char d[11];
    date_format(day, d);
    memset(out, 0, sizeof *out);
    store_params b = {.n = 0};
    store_param_int(&b, congress_id);
    store_param_text(&b, d);
    store_param_text(&b, d);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 MEETING_COLUMNS "WHERE congress_id = ? AND kind = 'plenary' AND "
                                                 "starts_on <= ? AND COALESCE(ends_on, starts_on) "
                                                 ">= ? ORDER BY starts_on DESC, id DESC LIMIT 1",
                                 &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e))
        meeting_row(st, out);
    store_finish(st);
    return rc;
}
