/* proposal.c — deputies' motions (议案) and suggestions (建议): the fields of the
 * proposals table and the rules DOMAIN.md gives them; everything else is the engine. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case.h"
#include "domain/settings.h"

#define BODY_LEN 20000
/* A term has a plenary session a year and the odd extraordinary one; the number is the
 * meeting's (domain/meeting/), written by the server. */
#define SESSION_NUMBER_MAX 1000
#define MINUTES_A_DAY 1440
#define NAME_MAX 256

#define READERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER))

extern const case_kind proposal_kind;

/* What the presidium decides on a motion (DOMAIN.md): put it on the session's agenda,
 * send it to a special committee for an opinion (which one), or handle it as a
 * suggestion (the motion becomes one, as `convert` does). Each lets the office assign
 * it for handling. */
static const enum_value presidium_decisions[] = {
    {.id = "agenda", .zh = "列入大会议程", .en = "Put on the agenda"},
    {.id = "committee", .zh = "交专门委员会审议", .en = "Sent to a special committee"},
    {.id = "suggestion", .zh = "作为建议处理", .en = "Handled as a suggestion"},
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
    /* the plenary session it is handed in at: a motion names it; a suggestion may, and
     * one that does not gets the session under way on its submission day (after_act) */
    {.name = "meeting_id",
     .label_zh = "大会会议",
     .label_en = "Plenary session",
     .type = FT_REF,
     .flags = FF_FILTER | FF_DRAFT_ONLY,
     .ref = "meetings"},
    /* both from the meeting at submission, never from the client */
    {.name = "during_session",
     .label_zh = "大会期间",
     .label_en = "During a plenary session",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY},
    {.name = "session_number",
     .label_zh = "会议次数",
     .label_en = "Session",
     .type = FT_INT,
     .flags = FF_FILTER | FF_READ_ONLY,
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
    {.name = "presidium_committee_id",
     .label_zh = "交付审议的专门委员会",
     .label_en = "Special committee",
     .type = FT_REF,
     .flags = FF_READ_ONLY,
     .ref = "committees",
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

/* The rules of a motion, on every path: tabled at a plenary session (meeting_id, a
 * plenary of the congress; that it is under way on the submission day and before the
 * presidium's deadline is after_act's, which knows the day), by the setting's number
 * of signers (lead plus confirmed cosigners) — at submission and whenever a submitted
 * motion's signers change; only suggestions are declined; only motions are converted.
 * Without a connection (c NULL, listing what may be done) only what the record itself
 * says is checked. */
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
    const json_t *meeting = json_object_get(rec, "meeting_id");
    bool writing = strcmp(action, "create") == 0 || strcmp(action, "update") == 0;
    case_meeting m;
    if (c && json_is_integer(meeting) && (writing || strcmp(action, "submit") == 0)) {
        rc_t rc = case_meeting_get(c, congress_id, json_integer_value(meeting), "plenary",
                                   "meeting_id", &m, e);
        if (rc)
            return rc;
    }
    bool tabling = strcmp(action, "submit") == 0 || (strcmp(action, "update") == 0 && submitted);
    if (!tabling || !is_motion(rec))
        return RC_OK;
    if (!json_is_integer(meeting))
        return err_set(e, RC_INVALID, "meeting_id",
                       "a motion is tabled at a plenary session: name the session (meeting_id); "
                       "between sessions send a suggestion");
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

/* deadline_day — the congress's local day of a UTC time 'YYYY-MM-DDTHH:MM:SSZ'. */
static date_t deadline_day(const char *at, int offset_minutes) {
    char day[11];
    int h = 0, m = 0;
    date_t d = 0;
    snprintf(day, sizeof day, "%.10s", at);
    if (!date_parse(day, &d) || sscanf(at + 10, "T%d:%d", &h, &m) != 2)
        return 0;
    int minutes = h * 60 + m + offset_minutes;
    return d + (minutes < 0 ? -1 : minutes / MINUTES_A_DAY);
}

/* in_session — a proposal handed in on `day` at meeting m: the session is under way
 * that day (starts_on ≤ day ≤ ends_on, the congress's days), and a motion comes before
 * the presidium's deadline (handed in today: before its moment; a paper one staff
 * register with an earlier day: on or before its day). 422 naming meeting_id. */
static rc_t in_session(act_ctx *a, const case_meeting *m, date_t day, bool motion, err *e) {
    char d[11], from[11], to[11];
    date_format(day, d);
    date_format(m->starts_on, from);
    date_format(m->ends_on, to);
    if (day < m->starts_on || day > m->ends_on)
        return err_set(e, RC_INVALID, "meeting_id",
                       "meeting_id: %s is under way from %s to %s; a proposal handed in on %s "
                       "is not handed in at it",
                       m->title, from, to, d);
    if (!motion || !m->motion_deadline[0])
        return RC_OK;
    char now[21];
    now_iso(now);
    int offset = (int)settings_get(a->c, a->congress_id, "utc_offset_minutes");
    bool late = day == a->today ? strcmp(now, m->motion_deadline) >= 0
                                : day > deadline_day(m->motion_deadline, offset);
    if (late)
        return err_set(e, RC_INVALID, "meeting_id",
                       "meeting_id: the presidium's deadline for motions at %s was %s (UTC)",
                       m->title, m->motion_deadline);
    return RC_OK;
}

/* after_act — at submission the proposal takes its plenary session from the meetings:
 * the one it names (a motion must), or for a suggestion that names none the session
 * under way on its submission day; then session_number, during_session and the term
 * are that meeting's, and between sessions there are none. Its time to be assigned
 * follows (a between-sessions suggestion's limit). */
static rc_t after_act(act_ctx *a, err *e) {
    if (strcmp(a->t->name, "submit") != 0)
        return RC_OK;
    char day_s[11] = "";
    date_t day = a->today;
    store_params b = {.n = 0};
    store_param_int(&b, a->id);
    rc_t rc = store_one_text(a->c, "SELECT submitted_on FROM cases WHERE id = ?", &b, day_s,
                             sizeof day_s, NULL, e);
    if (rc == RC_OK && !date_parse(day_s, &day))
        day = a->today;
    const json_t *named = json_object_get(a->rec, "meeting_id");
    case_meeting m = {.id = 0};
    if (rc == RC_OK && json_is_integer(named))
        rc = case_meeting_get(a->c, a->congress_id, json_integer_value(named), "plenary",
                              "meeting_id", &m, e);
    else if (rc == RC_OK)
        rc = case_plenary_on(a->c, a->congress_id, day, &m, e);
    if (rc == RC_OK && m.id)
        rc = in_session(a, &m, day, is_motion(a->rec), e);
    if (rc)
        return rc;
    json_t *set =
        m.id
            ? json_pack("{s:I, s:I, s:b, s:I}", "meeting_id", (json_int_t)m.id, "session_number",
                        (json_int_t)m.number, "during_session", 1, "term_id", (json_int_t)m.term_id)
            : json_pack("{s:n, s:n, s:b}", "meeting_id", "session_number", "during_session", 0);
    rc = set ? case_kind_write(a->c, a->k, a->id, set, e)
             : err_set(e, RC_NOMEM, NULL, "out of memory");
    json_decref(set);
    return rc ? rc : case_mark_assign_by(a->c, a->k, a->id, a->congress_id, e);
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

/* special_committee — committee `id` of the congress is a special committee (专门委员会);
 * its name into name. 422 naming committee_id otherwise. */
static rc_t special_committee(act_ctx *a, int64_t id, char name[NAME_MAX], err *e) {
    char kind[16] = "";
    store_params b = {.n = 0};
    store_param_int(&b, id);
    store_param_int(&b, a->congress_id);
    store_stmt *st = NULL;
    name[0] = '\0';
    rc_t rc = store_prepare_with(
        a->c, "SELECT kind, name FROM committees WHERE id = ? AND congress_id = ?", &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        snprintf(kind, sizeof kind, "%s", store_column_text(st, 0));
        snprintf(name, NAME_MAX, "%s", store_column_text(st, 1));
    }
    store_finish(st);
    if (rc == RC_OK && strcmp(kind, "special") != 0)
        rc = err_set(e, RC_INVALID, "committee_id",
                     "committee_id: %lld is not a special committee of this congress",
                     (long long)id);
    return rc;
}

/* act_decide — the presidium's decision on a motion, on the day it was taken (not
 * before the motion was handed in, not after today): on the agenda, to a special
 * committee (committee_id) for its opinion, or handled as a suggestion (it becomes
 * one). The history says what was decided, on which day, and to which committee. */
static rc_t act_decide(act_ctx *a, err *e) {
    date_t on = 0, submitted = 0;
    rc_t rc = act_date(a->in, "decided_on", a->today, &on, e);
    if (rc)
        return rc;
    const char *sub = json_string_value(json_object_get(a->rec, "submitted_on"));
    const char *decision = json_string_value(json_object_get(a->in, "decision"));
    const json_t *cv = json_object_get(a->in, "committee_id");
    bool to_committee = strcmp(decision, "committee") == 0;
    char committee[NAME_MAX] = "";
    if (on > a->today)
        return err_set(e, RC_INVALID, "decided_on", "decided_on is after today (%s)", a->today_s);
    if (sub && date_parse(sub, &submitted) && on < submitted)
        return err_set(e, RC_INVALID, "decided_on",
                       "decided_on is before the motion was handed in (%s)", sub);
    if (to_committee && !json_is_integer(cv))
        return err_set(e, RC_INVALID, "committee_id",
                       "name the special committee the motion is sent to (committee_id)");
    if (!to_committee && cv && !json_is_null(cv))
        return err_set(e, RC_INVALID, "committee_id",
                       "committee_id goes with the decision committee only");
    if (to_committee && (rc = special_committee(a, json_integer_value(cv), committee, e)))
        return rc;
    char on_s[11];
    date_format(on, on_s);
    json_t *set =
        json_pack("{s:s, s:s, s:O?}", "presidium_decision", decision, "presidium_decided_on", on_s,
                  "presidium_committee_id", to_committee ? (json_t *)cv : NULL);
    if (set && strcmp(decision, "suggestion") == 0) /* handled as a suggestion: it is one */
        json_object_set_new(set, "kind", json_string("suggestion"));
    rc = set ? case_kind_write(a->c, a->k, a->id, set, e)
             : err_set(e, RC_NOMEM, NULL, "out of memory");
    json_decref(set);
    if (rc)
        return rc;
    /* the history: 主席团于 D 决定：交专门委员会审议（财政经济委员会）, then the note */
    const char *text = json_string_value(json_object_get(a->in, "text"));
    json_t *in = json_deep_copy(a->in);
    json_t *note =
        json_sprintf("主席团于%s决定：%s%s%s%s%s%s", on_s,
                     enum_label(presidium_decisions, decision), committee[0] ? "（" : "", committee,
                     committee[0] ? "）" : "", text && *text ? "。" : "", text ? text : "");
    if (!in || !note || json_object_set_new(in, "text", note)) {
        json_decref(in);
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    json_decref(a->record);
    a->record = in;
    return RC_OK;
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
    {.name = "committee_id",
     .label_zh = "专门委员会",
     .label_en = "Special committee",
     .type = FT_REF,
     .ref = "committees",
     .when_field = "decision",
     .when_value = "committee"},
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
    .after_act = after_act,
    .assign_within = {.setting = "suggestion_assign_working_days", .unit = DUE_WORKING_DAYS},
    .assign_limited = assign_limited,
};
