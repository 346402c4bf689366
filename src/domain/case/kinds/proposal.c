/* proposal.c — deputies' motions (议案) and suggestions (建议): the fields of the
 * proposals table and the rules DOMAIN.md gives them; everything else is the engine. */
#include <string.h>

#include "domain/case/case.h"
#include "domain/settings.h"

#define BODY_LEN 20000
/* A term has a plenary session a year and the odd extraordinary one; the meetings of
 * the congress will say which exist. */
#define SESSION_NUMBER_MAX 10

#define READERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER))

extern const case_kind proposal_kind;

/* What the presidium decides on a motion (DOMAIN.md): put it on the session's agenda, or
 * send it to a special committee for an opinion; handling it as a suggestion is the
 * `convert` action. Either decision lets the office assign it for handling. */
static const enum_value presidium_decisions[] = {
    {.id = "agenda", .zh = "列入大会议程", .en = "Put on the agenda"},
    {.id = "committee", .zh = "交专门委员会审议", .en = "Sent to a special committee"},
    {0},
};

static const enum_value proposal_kinds[] = {
    {.id = "motion", .zh = "议案", .en = "Motion"},
    {.id = "suggestion", .zh = "建议", .en = "Suggestion"},
    {0},
};

/* the parts of a motion's text (议案的案由、案据和方案); a suggestion is its body */
#define MOTION_ONLY .when_field = "kind", .when_value = "motion"

static const field_def fields[] = {
    {.name = "kind",
     .label_zh = "类型",
     .label_en = "Kind",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER | FF_DRAFT_ONLY,
     .values = proposal_kinds,
     .def = "suggestion"},
    {.name = "body",
     .label_zh = "内容",
     .label_en = "Text",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = BODY_LEN},
    {.name = "reason",
     .label_zh = "案由",
     .label_en = "Reason",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = BODY_LEN,
     MOTION_ONLY},
    {.name = "grounds",
     .label_zh = "案据",
     .label_en = "Grounds",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = BODY_LEN,
     MOTION_ONLY},
    {.name = "solution",
     .label_zh = "方案",
     .label_en = "Solution",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = BODY_LEN,
     MOTION_ONLY},
    {.name = "lead_deputy_id",
     .label_zh = "领衔代表",
     .label_en = "Lead deputy",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_FILTER,
     .ref = "deputies"},
    {.name = "term_id",
     .label_zh = "届次",
     .label_en = "Term",
     .type = FT_REF,
     .flags = FF_FILTER,
     .ref = "terms"},
    {.name = "during_session",
     .label_zh = "大会期间",
     .label_en = "During a plenary session",
     .type = FT_BOOL,
     .flags = FF_DRAFT_ONLY},
    {.name = "session_number",
     .label_zh = "会议次数",
     .label_en = "Session",
     .type = FT_INT,
     .flags = FF_FILTER | FF_DRAFT_ONLY,
     .min = 1,
     .max = SESSION_NUMBER_MAX},
    {.name = "presidium_decision",
     .label_zh = "主席团决定",
     .label_en = "Presidium's decision",
     .type = FT_ENUM,
     .flags = FF_READ_ONLY | FF_FILTER,
     .values = presidium_decisions,
     MOTION_ONLY},
    {.name = "presidium_decided_on",
     .label_zh = "主席团决定日期",
     .label_en = "Decided on",
     .type = FT_DATE,
     .flags = FF_READ_ONLY,
     MOTION_ONLY},
};

/* term_of_today — a proposal written without its term belongs to the term it is
 * written in (the statistics of a term count it); none covering today is refused. */
static rc_t term_of_today(store_conn *c, int64_t congress_id, int64_t case_id, err *e) {
    int64_t term = 0;
    date_t today = case_today(c, congress_id);
    rc_t rc = case_term_at(c, congress_id, today, &term, NULL, e);
    if (rc == RC_OK && !term) {
        char d[11];
        date_format(today, d);
        return err_set(e, RC_INVALID, "term_id",
                       "no term of this congress covers today (%s): give term_id, or add the "
                       "current term first",
                       d);
    }
    json_t *set = json_pack("{s:I}", "term_id", (json_int_t)term);
    if (rc == RC_OK)
        rc = case_kind_write(c, &proposal_kind, case_id, set, e);
    json_decref(set);
    return rc;
}

/* The lead deputy signs by writing it; cosigners are invited and confirm. */
static rc_t after_create(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e) {
    int64_t lead = json_integer_value(json_object_get(rec, "lead_deputy_id"));
    rc_t rc =
        case_add_person(c, p->congress_id, case_id, lead, NULL, "lead", true, "lead_deputy_id", e);
    const json_t *term = json_object_get(rec, "term_id");
    if (rc == RC_OK && (!term || json_is_null(term)))
        rc = term_of_today(c, p->congress_id, case_id, e);
    const json_t *cosigners = json_object_get(in, "cosigners");
    if (rc == RC_OK && cosigners)
        rc = case_set_cosigners(c, p->congress_id, case_id, lead, cosigners, e);
    return rc;
}

static bool is_motion(const json_t *rec) {
    const char *k = json_string_value(json_object_get(rec, "kind"));
    return k && strcmp(k, "motion") == 0;
}

static bool blank(const json_t *rec, const char *key) {
    const char *v = json_string_value(json_object_get(rec, key));
    return !v || !*v;
}

/* A motion states its reason, grounds and proposed solution (案由、案据、方案). */
static rc_t motion_parts(const json_t *rec, err *e) {
    static const struct {
        const char *key, *zh;
    } parts[] = {{"reason", "案由"}, {"grounds", "案据"}, {"solution", "方案"}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (blank(rec, parts[i].key))
            return err_set(e, RC_INVALID, parts[i].key,
                           "a motion states its %s (%s): it is required%.0s", parts[i].key,
                           parts[i].zh, parts[i].zh);
    return RC_OK;
}

/* The office assigns a motion for handling only after the presidium decided it. */
static rc_t motion_assignable(const json_t *rec, err *e) {
    if (!blank(rec, "presidium_decision"))
        return RC_OK;
    return err_set(e, RC_CONFLICT, "presidium_decision",
                   "a motion goes to the presidium, not straight to a unit: record the "
                   "presidium's decision first (decide), or convert it into a suggestion");
}

/* The rules of a motion, on every path: tabled only during a plenary session, by the
 * setting's number of signers (lead plus confirmed cosigners) — at submission and
 * whenever a submitted motion's signers change; only suggestions are declined; only
 * motions are converted. Without a connection (c NULL, listing what may be done) only
 * what the record itself says is checked. */
static rc_t check(store_conn *c, int64_t congress_id, int64_t case_id, const char *action,
                  const json_t *rec, err *e) {
    const char *state = json_string_value(json_object_get(rec, "state"));
    bool submitted = state && strcmp(state, "draft") != 0;
    if (strcmp(action, "decline") == 0 && is_motion(rec))
        return err_set(e, RC_CONFLICT, "kind",
                       "a motion is not declined; convert it into a "
                       "suggestion first");
    if (strcmp(action, "convert") == 0 && !is_motion(rec))
        return err_set(e, RC_CONFLICT, "kind", "only a motion is converted into a suggestion");
    if (strcmp(action, "decide") == 0 && !is_motion(rec))
        return err_set(e, RC_CONFLICT, "kind",
                       "the presidium decides motions; this is a suggestion");
    if (strcmp(action, "decide") == 0 && !blank(rec, "presidium_decision"))
        return err_set(e, RC_CONFLICT, "presidium_decision",
                       "the presidium has decided this motion already");
    if (strcmp(action, "assign") == 0 && is_motion(rec))
        return motion_assignable(rec, e);
    const json_t *term = json_object_get(rec, "term_id");
    if (strcmp(action, "update") == 0 && (!term || json_is_null(term)))
        return err_set(e, RC_INVALID, "term_id",
                       "term_id cannot be emptied: a proposal belongs to a term");
    bool tabling = strcmp(action, "submit") == 0 || (strcmp(action, "update") == 0 && submitted);
    if (!tabling || !is_motion(rec))
        return RC_OK;
    if (!json_is_true(json_object_get(rec, "during_session")))
        return err_set(e, RC_INVALID, "during_session",
                       "a motion is tabled only during a plenary session; send it as a "
                       "suggestion between sessions");
    rc_t parts = motion_parts(rec, e);
    if (parts)
        return parts;
    if (!c)
        return RC_OK;
    int64_t n = 0;
    long long need = settings_get(c, congress_id, "motion_min_deputies");
    rc_t rc = case_signers(c, case_id, &n, e);
    if (rc == RC_OK && n < need)
        rc = err_set(e, RC_INVALID, "cosigners",
                     "a motion needs %lld deputies jointly; it has %lld (the lead and the "
                     "cosigners who confirmed)",
                     need, (long long)n);
    return rc;
}

/* Staff assign a suggestion made between sessions within the setting's working days of
 * its submission (DOMAIN.md); a late one is flagged (cases.assigned_late), not refused. */
static bool assign_limited(const json_t *rec) {
    const char *k = json_string_value(json_object_get(rec, "kind"));
    const json_t *during = json_object_get(rec, "during_session");
    bool in_session =
        json_is_true(during) || (json_is_integer(during) && json_integer_value(during));
    return k && strcmp(k, "suggestion") == 0 && !in_session;
}

static rc_t act_convert(act_ctx *a, err *e) {
    json_t *set = json_pack("{s:s}", "kind", "suggestion");
    rc_t rc = case_kind_write(a->c, a->k, a->id, set, e);
    json_decref(set);
    return rc;
}

/* act_decide — the presidium's decision on a motion, on the day it was taken (not
 * before the motion was handed in, not after today). */
static rc_t act_decide(act_ctx *a, err *e) {
    date_t on = 0, submitted = 0;
    rc_t rc = act_date(a->in, "decided_on", a->today, &on, e);
    if (rc)
        return rc;
    const char *sub = json_string_value(json_object_get(a->rec, "submitted_on"));
    if (on > a->today)
        return err_set(e, RC_INVALID, "decided_on", "decided_on is after today (%s)", a->today_s);
    if (sub && date_parse(sub, &submitted) && on < submitted)
        return err_set(e, RC_INVALID, "decided_on",
                       "decided_on is before the motion was handed in (%s)", sub);
    char on_s[11];
    date_format(on, on_s);
    json_t *set = json_pack("{s:s, s:s}", "presidium_decision",
                            json_string_value(json_object_get(a->in, "decision")),
                            "presidium_decided_on", on_s);
    rc = set ? case_kind_write(a->c, a->k, a->id, set, e)
             : err_set(e, RC_NOMEM, NULL, "out of memory");
    json_decref(set);
    return rc;
}

static const field_def in_note[] = {
    CASE_NOTE_INPUT,
};
static const field_def in_decide[] = {
    {.name = "decision",
     .label_zh = "主席团决定",
     .label_en = "Decision",
     .type = FT_ENUM,
     .flags = FF_REQUIRED,
     .values = presidium_decisions},
    {.name = "decided_on", .label_zh = "决定日期", .label_en = "Decided on", .type = FT_DATE},
    CASE_NOTE_INPUT,
};

static const case_transition own[] = {
    {.name = "convert",
     .from = CS_BIT(CS_SUBMITTED) | CS_BIT(CS_ACCEPTED),
     .to = CS_ACCEPTED,
     .who = CR_STAFF,
     .input = in_note,
     .ninput = 1,
     .label_zh = "转为建议",
     .label_en = "Convert to a suggestion",
     .confirm = true,
     .run = act_convert},
    {.name = "decide",
     .from = CS_BIT(CS_ACCEPTED),
     .to = CS_KEEP,
     .who = CR_STAFF,
     .input = in_decide,
     .ninput = sizeof in_decide / sizeof in_decide[0],
     .label_zh = "主席团决定",
     .label_en = "Presidium's decision",
     .run = act_decide},
};

const case_kind proposal_kind = {
    .name = "proposal",
    .plural = "proposals",
    .label_zh = "议案建议",
    .label_en = "Proposals",
    .icon = "EditPen",
    .menu_roles = READERS | ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT),
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
    .initial = CS_DRAFT,
    .deputies_create = true,
    .cosigners = true,
    .actions = CA_ALL,
    .own = own,
    .nown = sizeof own / sizeof own[0],
    .reply = {.setting = "reply_months", .unit = DUE_MONTHS},
    .reply_difficult = {.setting = "reply_months_difficult", .unit = DUE_MONTHS},
    .extension = {.rule = EXTEND_TO_DATE},
    .group_field = "kind",
    .number_group = "kind",
    .after_create = after_create,
    .check = check,
    .assign_within = {.setting = "suggestion_assign_working_days", .unit = DUE_WORKING_DAYS},
    .assign_limited = assign_limited,
};
