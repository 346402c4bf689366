/* deliberation.c — the standing committee's deliberation opinions (审议意见) on a work
 * report heard at a committee session: written by the office, sent to the reporting
 * unit (assigned to it, due deliberation_reply_months after sending), answered with the
 * unit's handling report (the engine's reply, with its files). The committee judges the
 * report itself, by a satisfaction poll (a vote event naming the case, domain/vote/),
 * not by deputies' feedback: the record carries the polls. The meetings and agenda
 * items are domain/meeting/'s; this file reads them. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case.h"

#define TEXT_LEN 20000
#define POLL_ROWS_MAX 100

#define READERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER))

extern const case_kind deliberation_kind;

static const field_def fields[] = {
    {.name = "meeting_id",
     .label_zh = "常委会会议",
     .label_en = "Committee session",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_FILTER,
     .ref = "meetings"},
    {.name = "agenda_item_id",
     .label_zh = "听取的工作报告",
     .label_en = "Work report heard",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_FILTER,
     .ref = "agenda_items"},
    /* the reporting unit: the work report's, unless the office names another */
    {.name = "unit_id",
     .label_zh = "报告单位",
     .label_en = "Reporting unit",
     .type = FT_REF,
     .flags = FF_FILTER,
     .ref = "units"},
    {.name = "content",
     .label_zh = "审议意见",
     .label_en = "Opinions",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = TEXT_LEN},
};

/* The work report the opinions are on: an item of kind work_report of that meeting. */
static rc_t work_report(store_conn *c, int64_t meeting, int64_t item, int64_t *unit, err *e) {
    char kind[32] = "";
    int64_t of = 0;
    store_params b = {.n = 0};
    store_param_int(&b, item);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        c, "SELECT meeting_id, kind, COALESCE(unit_id, 0) FROM agenda_items WHERE id = ?", &b, &st,
        e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        of = store_column_int(st, 0);
        snprintf(kind, sizeof kind, "%s", store_column_text(st, 1));
        *unit = store_column_int(st, 2);
    }
    store_finish(st);
    if (rc)
        return rc;
    if (of != meeting)
        return err_set(e, RC_INVALID, "agenda_item_id",
                       "agenda_item_id: item %lld is not on the agenda of meeting %lld",
                       (long long)item, (long long)meeting);
    if (strcmp(kind, "work_report") != 0)
        return err_set(e, RC_INVALID, "agenda_item_id",
                       "agenda_item_id: item %lld is a %s item; deliberation opinions are on a "
                       "work report",
                       (long long)item, kind);
    return RC_OK;
}

/* The rules, on every path: the meeting is a committee session of the congress that
 * has met (the report was heard there), the item one of its work reports; sending
 * needs the unit it goes to. Without a connection (listing actions) only the last. */
static rc_t check(store_conn *c, int64_t congress_id, int64_t case_id, const char *action,
                  const json_t *rec, err *e) {
    bool sending = strcmp(action, "send") == 0;
    if (sending && !json_is_integer(json_object_get(rec, "unit_id")))
        return err_set(e, RC_INVALID, "unit_id",
                       "name the unit the deliberation opinions are sent to (unit_id)");
    if (!c || (strcmp(action, "create") != 0 && strcmp(action, "update") != 0 && !sending))
        return RC_OK;
    case_meeting m;
    int64_t unit = 0;
    rc_t rc =
        case_meeting_get(c, congress_id, json_integer_value(json_object_get(rec, "meeting_id")),
                         "committee_session", "meeting_id", &m, e);
    if (rc == RC_OK && m.starts_on > case_today(c, congress_id)) {
        char d[11];
        date_format(m.starts_on, d);
        rc = err_set(e, RC_INVALID, "meeting_id",
                     "meeting_id: the session is on %s; its deliberation opinions are written "
                     "after it heard the report",
                     d);
    }
    if (rc == RC_OK)
        rc = work_report(c, m.id, json_integer_value(json_object_get(rec, "agenda_item_id")), &unit,
                         e);
    if (rc == RC_OK && strcmp(action, "create") == 0 &&
        !json_is_integer(json_object_get(rec, "unit_id")) && !unit)
        rc = err_set(e, RC_INVALID, "unit_id",
                     "the work report names no reporting unit: give unit_id");
    return rc;
}

/* set_day — the opinions were formed at the session: its first day is the case's
 * submitted_on (what sending may not precede, and the year it counts in); the unit is
 * the work report's unless the office named one. */
static rc_t set_day(store_conn *c, int64_t case_id, err *e) {
    store_params b = {.n = 0};
    store_param_int(&b, case_id);
    store_param_int(&b, case_id);
    rc_t rc = store_run(c,
                        "UPDATE cases SET submitted_on = COALESCE((SELECT m.starts_on FROM "
                        "meetings m JOIN deliberation_opinions d ON d.meeting_id = m.id WHERE "
                        "d.case_id = ? AND m.starts_on <= cases.submitted_on), submitted_on) "
                        "WHERE id = ?",
                        &b, NULL, e);
    store_params u = {.n = 0};
    store_param_int(&u, case_id);
    if (rc == RC_OK)
        rc = store_run(c,
                       "UPDATE deliberation_opinions SET unit_id = (SELECT a.unit_id FROM "
                       "agenda_items a WHERE a.id = deliberation_opinions.agenda_item_id) WHERE "
                       "case_id = ? AND unit_id IS NULL",
                       &u, NULL, e);
    return rc;
}

static rc_t after_create(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e) {
    return set_day(c, case_id, e);
}

/* act_send — sent to the reporting unit: assigned to it as the lead unit on the day
 * given (default today), due deliberation_reply_months later (the engine's rest-day
 * rule). */
static rc_t act_send(act_ctx *a, err *e) {
    rc_t rc = set_day(a->c, a->id, e); /* the session may have changed since it was written */
    char day[11] = "";
    store_params b = {.n = 0};
    store_param_int(&b, a->id);
    if (rc == RC_OK)
        rc = store_one_text(a->c, "SELECT submitted_on FROM cases WHERE id = ?", &b, day,
                            sizeof day, NULL, e);
    if (rc == RC_OK)
        json_object_set_new(a->rec, "submitted_on", json_string(day));
    return rc ? rc
              : case_assign_one(a, json_integer_value(json_object_get(a->rec, "unit_id")),
                                json_object_get(a->in, "assigned_on"), e);
}

/* The satisfaction polls the committee held on the handling report: vote events that
 * name the case (vote_events.case_id), each with its outcome once closed. */
static rc_t load_polls(store_conn *c, int64_t case_id, json_t *rec, err *e) {
    json_t *polls = json_array();
    store_params b = {.n = 0};
    store_param_int(&b, case_id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 "SELECT id, state, result FROM vote_events WHERE case_id = ? "
                                 "ORDER BY id",
                                 &b, &st, e);
    while (rc == RC_OK && json_array_size(polls) < POLL_ROWS_MAX && store_next(st, &rc, e)) {
        const char *state = store_column_text(st, 1), *result = store_column_text(st, 2);
        json_t *res =
            state && strcmp(state, "closed") == 0 && result ? json_loads(result, 0, NULL) : NULL;
        const char *outcome = json_string_value(json_object_get(res, "outcome"));
        json_array_append_new(polls, json_pack("{s:I, s:s?, s:s?}", "vote_id",
                                               (json_int_t)store_column_int(st, 0), "state", state,
                                               "outcome", outcome));
        json_decref(res);
    }
    store_finish(st);
    json_object_set_new(rec, "polls", polls);
    return rc;
}

static const field_def in_send[] = {
    {.name = "assigned_on", .label_zh = "发送日期", .label_en = "Sent on", .type = FT_DATE},
    CASE_NOTE_INPUT,
};

static const case_transition own[] = {
    {.name = "send",
     .from = CS_BIT(CS_SUBMITTED),
     .to = CS_ASSIGNED,
     .who = CR_STAFF,
     .input = in_send,
     .ninput = sizeof in_send / sizeof in_send[0],
     .label_zh = "送报告单位",
     .label_en = "Send to the unit",
     .confirm = true,
     .run = act_send},
};

const case_kind deliberation_kind = {
    .name = "deliberation_opinion",
    .plural = "deliberation_opinions",
    .label_zh = "审议意见",
    .label_en = "Deliberation opinions",
    .icon = "Memo",
    .menu_roles = READERS | ROLE_BIT(ROLE_UNIT),
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
    .initial = CS_SUBMITTED,
    .number_zh = "审议意见",
    /* no deputies' feedback round, no re-handling by rating, no other units */
    .actions = CA_BIT(CA_REPLY) | CA_BIT(CA_EXTEND) | CA_BIT(CA_CLOSE) | CA_BIT(CA_WITHDRAW) |
               CA_BIT(CA_SUPERVISE) | CA_BIT(CA_PUBLISH),
    .own = own,
    .nown = sizeof own / sizeof own[0],
    .reply = {.setting = "deliberation_reply_months", .unit = DUE_MONTHS},
    .reply_difficult = {.setting = "deliberation_reply_months", .unit = DUE_MONTHS},
    .extension = {.rule = EXTEND_TO_DATE},
    .after_create = after_create,
    .check = check,
    .part = "polls",
    .load_part = load_polls,
    .reply_unclassed = true,
};
