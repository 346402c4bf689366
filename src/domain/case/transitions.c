/* transitions.c — the states and the one transition table: which action starts from
 * which states, where it leads, who may take it, what it takes, and the rule beyond
 * state and role that decides whether it may be taken now (`may`). Everything the
 * engine offers a caller (a record's "actions") and everything it refuses comes from
 * this table and the kinds' own rows. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"
#include "domain/settings.h"

#define REASONS_MAX 2000
#define CLASS_LABEL_MAX 64

const enum_value case_states[] = {
    [CS_DRAFT] = {.id = "draft", .zh = "草稿", .en = "Draft"},
    [CS_SUBMITTED] = {.id = "submitted", .zh = "已提交", .en = "Submitted"},
    [CS_ACCEPTED] = {.id = "accepted", .zh = "已受理", .en = "Accepted"},
    [CS_DECLINED] = {.id = "declined", .zh = "不予受理", .en = "Declined"},
    [CS_ASSIGNED] = {.id = "assigned", .zh = "已交办", .en = "Assigned"},
    [CS_RETURNED] = {.id = "returned", .zh = "已退回", .en = "Returned"},
    [CS_REPLIED] = {.id = "replied", .zh = "已答复", .en = "Replied"},
    [CS_REHANDLING] = {.id = "rehandling", .zh = "重办中", .en = "Re-handling"},
    [CS_CLOSED] = {.id = "closed", .zh = "已办结", .en = "Closed"},
    [CS_WITHDRAWN] = {.id = "withdrawn", .zh = "已撤回", .en = "Withdrawn"},
    [CS_MERGED] = {.id = "merged", .zh = "已合并", .en = "Merged"},
    [CS_COUNT] = {0},
};

const char *case_state_name(case_state s) { return s < CS_COUNT ? case_states[s].id : "?"; }

const char *case_state_label(const char *state) { return enum_label(case_states, state); }

bool case_state_parse(const char *s, case_state *out) {
    for (int i = 0; s && i < CS_COUNT; i++)
        if (strcmp(case_states[i].id, s) == 0) {
            *out = (case_state)i;
            return true;
        }
    return false;
}

/* ---- the actions' inputs ------------------------------------------------------------- */

static const enum_value decline_reasons[] = {
    {.id = "outside_jurisdiction",
     .zh = "不属于本行政区域职权范围",
     .en = "Outside local jurisdiction"},
    {.id = "private_affairs",
     .zh = "代表本人及亲属的个人事务",
     .en = "The deputy's own or relatives' private affairs"},
    {.id = "petition_letter", .zh = "转交的信访件", .en = "A forwarded petition letter"},
    {.id = "advertising", .zh = "商业广告", .en = "Advertising"},
    {.id = "no_content", .zh = "没有实质内容", .en = "Empty of content"},
    {0},
};
static const enum_value unit_roles[] = {
    {.id = "lead", .zh = "主办", .en = "Lead"},
    {.id = "co", .zh = "协办", .en = "Co-unit"},
    {.id = "separate", .zh = "分办", .en = "Separate"},
    {0},
};
static const enum_value ratings[] = {
    {.id = "satisfied", .zh = "满意", .en = "Satisfied"},
    {.id = "basically_satisfied", .zh = "基本满意", .en = "Basically satisfied"},
    {.id = "unsatisfied", .zh = "不满意", .en = "Unsatisfied"},
    {0},
};

/* reply_classes — A, B … as many as the setting reply_class_count, with DOMAIN.md's
 * meanings for the first four. */
static const enum_value *reply_classes(store_conn *c, int64_t congress_id, arena *a) {
    static const char *const zh[] = {"A 类（已解决或基本解决）", "B 类（正在解决或列入计划）",
                                     "C 类（因条件限制暂不能解决）", "D 类（留作参考）"};
    static const char *const en[] = {"A: solved or basically solved", "B: being solved or planned",
                                     "C: cannot be solved now", "D: kept for reference"};
    long long n = settings_get(c, congress_id, "reply_class_count");
    enum_value *v = arena_alloc(a, (size_t)(n + 1) * sizeof *v);
    for (long long i = 0; v && i < n; i++) {
        char id[2] = {(char)('A' + i), '\0'};
        v[i].id = arena_strdup(a, id);
        v[i].zh = i < 4 ? zh[i] : arena_printf(a, "%s 类", id);
        v[i].en = i < 4 ? en[i] : v[i].id;
    }
    if (v)
        v[n] = (enum_value){0};
    return v;
}

#define NOTE CASE_NOTE_INPUT

static const field_def in_note[] = {NOTE};
static const field_def in_confirm[] = {
    {.name = "deputy_id",
     .label_zh = "附议代表",
     .label_en = "Cosigner",
     .type = FT_REF,
     .flags = FF_OFFICE,
     .ref = "deputies"},
    NOTE,
};
/* staff registering a paper submission give the day it was handed in (default today) */
static const field_def in_submit[] = {
    {.name = "submitted_on",
     .label_zh = "提交日期",
     .label_en = "Submitted on",
     .type = FT_DATE,
     .flags = FF_OFFICE},
    NOTE,
};
static const field_def in_decline[] = {
    {.name = "reason",
     .label_zh = "不予受理理由",
     .label_en = "Reason",
     .type = FT_ENUM,
     .flags = FF_REQUIRED,
     .values = decline_reasons},
    NOTE,
};
static const field_def unit_item[] = {
    {.name = "unit_id",
     .label_zh = "承办单位",
     .label_en = "Unit",
     .type = FT_REF,
     .flags = FF_REQUIRED,
     .ref = "units"},
    {.name = "role",
     .label_zh = "承办方式",
     .label_en = "Role",
     .type = FT_ENUM,
     .flags = FF_REQUIRED,
     .values = unit_roles},
};
static const field_def in_assign[] = {
    {.name = "units",
     .label_zh = "承办单位",
     .label_en = "Units",
     .type = FT_LIST,
     .flags = FF_REQUIRED,
     .items = unit_item,
     .nitems = 2},
    {.name = "assigned_on", .label_zh = "交办日期", .label_en = "Assigned on", .type = FT_DATE},
    {.name = "difficult",
     .label_zh = "复杂件（六个月内答复）",
     .label_en = "Difficult (six months)",
     .type = FT_BOOL},
    NOTE,
};
static const field_def in_return[] = {
    {.name = "reason",
     .label_zh = "退回理由",
     .label_en = "Reason",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_LONG,
     .max_len = NOTE_LEN},
};
static const field_def in_reply[] = {
    {.name = "class",
     .label_zh = "答复类别",
     .label_en = "Class",
     .type = FT_ENUM,
     .values_fn = reply_classes},
    {.name = "text",
     .label_zh = "答复内容",
     .label_en = "Reply",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_LONG,
     .max_len = NOTE_LEN},
    /* files the unit uploaded to the case first (its stamped letter), cited by the
     * reply; the web app fills it from its upload control */
    {.name = "attachment_ids",
     .label_zh = "附件",
     .label_en = "Attachments",
     .type = FT_REFS,
     .flags = FF_HIDDEN,
     .ref = "attachments"},
    /* the date on the reply letter (default today): not before the unit's assignment,
     * not after today (case_date_check) */
    {.name = "replied_on", .label_zh = "答复日期", .label_en = "Replied on", .type = FT_DATE},
};
static const field_def in_feedback[] = {
    {.name = "rating",
     .label_zh = "评价",
     .label_en = "Rating",
     .type = FT_ENUM,
     .flags = FF_REQUIRED,
     .values = ratings},
    {.name = "person_id",
     .label_zh = "评价人",
     .label_en = "Person",
     .type = FT_INT,
     .ref = "people",
     .min = 1,
     .max = INT64_MAX},
    NOTE,
};
static const field_def in_extend[] = {
    {.name = "due_on", .label_zh = "延期至", .label_en = "New deadline", .type = FT_DATE},
    {.name = "reason",
     .label_zh = "延期理由",
     .label_en = "Reason",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = NOTE_LEN}, /* required but when deciding a request */
    {.name = "extension_id",
     .label_zh = "延期申请",
     .label_en = "Request",
     .type = FT_INT,
     .flags = FF_HIDDEN | FF_OFFICE,
     .ref = "extensions",
     .min = 1,
     .max = INT64_MAX},
    {.name = "approve",
     .label_zh = "同意",
     .label_en = "Approve",
     .type = FT_BOOL,
     .flags = FF_HIDDEN | FF_OFFICE},
};
/* key supervision is designated by a chairpersons' meeting (act_supervise) */
static const field_def in_supervise[] = {
    {.name = "key_supervision",
     .label_zh = "重点督办",
     .label_en = "Key supervision",
     .type = FT_BOOL,
     .flags = FF_REQUIRED},
    {.name = "meeting_id",
     .label_zh = "决定的主任会议",
     .label_en = "Chairpersons' meeting",
     .type = FT_REF,
     .ref = "meetings"},
    NOTE,
};
static const field_def in_publish[] = {
    {.name = "published",
     .label_zh = "公开",
     .label_en = "Published",
     .type = FT_BOOL,
     .flags = FF_REQUIRED},
    NOTE,
};
static const field_def in_merge[] = {
    {.name = "into",
     .label_zh = "并入的主件",
     .label_en = "Main case",
     .type = FT_INT,
     .flags = FF_REQUIRED,
     .ref = "self",
     .min = 1,
     .max = INT64_MAX},
    NOTE,
};

/* What a case may be merged into: an open case, not a draft, declined, withdrawn or
 * merged itself (a closed one still takes others in: they share its answer). */
#define MERGE_TARGETS                                                                              \
    (CS_ANY & ~(CS_BIT(CS_DRAFT) | CS_BIT(CS_DECLINED) | CS_BIT(CS_WITHDRAWN) | CS_BIT(CS_MERGED)))
#define INPUT(a) .input = (a), .ninput = (int)(sizeof(a) / sizeof((a)[0]))

/* ---- the rules beyond state and role ------------------------------------------------- */

/* a cosigner confirms their own signature; staff confirm one on a paper submission */
static rc_t may_confirm(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    if (me->who & CR_COSIGNER)
        return me->unconfirmed
                   ? RC_OK
                   : err_set(e, RC_CONFLICT, "state", "you have already confirmed this case");
    if (!me->cosigners_unconfirmed)
        return err_set(e, RC_CONFLICT, "deputy_id", "every cosigner of this case has confirmed");
    return RC_OK;
}

/* a unit's own part must be waiting for its answer */
static rc_t may_answer(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    if (!me->unit_role[0])
        return err_set(e, RC_FORBIDDEN, NULL, "this case is not assigned to your unit");
    if (strcmp(me->unit_state, "assigned") != 0)
        return err_set(e, RC_CONFLICT, "state",
                       "your unit's part of this case is %s; it has nothing to answer now",
                       me->unit_state);
    return RC_OK;
}

/* a lead unit replies after its co-units' views, unless the setting lets it go first */
static rc_t may_reply(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    rc_t rc = may_answer(k, rec, me, e);
    if (rc || strcmp(me->unit_role, "lead") != 0 || !me->lead_waits)
        return rc;
    char names[REASONS_MAX];
    int n = 0;
    case_co_missing(rec, names, sizeof names, &n);
    if (n)
        return err_set(e, RC_CONFLICT, "state",
                       "the lead unit replies after every co-unit's view; still missing: %s",
                       names);
    return RC_OK;
}

static rc_t may_follow_up(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    if (!me->unit_b_reply)
        return err_set(e, RC_CONFLICT, "class",
                       "a follow-up answers a B-class reply; your unit "
                       "gave none on this case");
    return RC_OK;
}

static rc_t may_feedback(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    if (me->who & CR_OWED) {
        if (me->rated)
            return err_set(e, RC_CONFLICT, "rating", "feedback for this reply was already given");
        return RC_OK;
    }
    if (!me->others_unrated)
        return err_set(e, RC_CONFLICT, "rating", "everyone staff record feedback for has rated");
    return RC_OK;
}

/* Closing waits for every rating owed this round, or for the feedback period to lapse;
 * a round with an unsatisfied rating is re-handled, not closed. */
static rc_t may_close(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    case_round r;
    case_round_of(rec, me->today, &r);
    char due[11] = "";
    if (r.due)
        date_format(r.due, due);
    if (r.rated < r.owed && !r.lapsed)
        return err_set(e, RC_CONFLICT, "state",
                       "%d of the %d people owed this reply have not rated it; close after they "
                       "have, or after the feedback period ends on %s",
                       r.owed - r.rated, r.owed, due);
    if (r.unsatisfied)
        return err_set(e, RC_CONFLICT, "state",
                       "a rating of this reply is unsatisfied; the case is re-handled, not closed");
    return RC_OK;
}

/* Staff start re-handling when the feedback period lapsed with an unsatisfied rating
 * among those given (when every rating is in, the last one starts it by itself). */
static rc_t may_rehandle(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    case_round r;
    case_round_of(rec, me->today, &r);
    char due[11] = "";
    if (r.due)
        date_format(r.due, due);
    if (!r.unsatisfied)
        return err_set(e, RC_CONFLICT, "state",
                       "no rating of this reply is unsatisfied; there is nothing to re-handle");
    if (!r.lapsed)
        return err_set(e, RC_CONFLICT, "state",
                       "re-handling starts when every rating is in or the feedback period "
                       "ends on %s",
                       due);
    return RC_OK;
}

/* extended_once — has the case had its one extension already (approved)? */
static bool extended_once(const json_t *rec) {
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rec, "extensions"), i, x) {
        const char *st = json_string_value(json_object_get(x, "state"));
        if (st && strcmp(st, "approved") == 0)
            return true;
    }
    return false;
}

static rc_t may_extend(const case_kind *k, const json_t *rec, const case_me *me, err *e) {
    if (k->extension.rule == EXTEND_ONCE_BY && extended_once(rec))
        return err_set(e, RC_CONFLICT, "due_on",
                       "this case's deadline was extended once already; "
                       "it is extended only once");
    if (me->who & CR_STAFF)
        return RC_OK;
    rc_t rc = may_answer(k, rec, me, e);
    if (rc == RC_OK && me->unit_asked)
        rc = err_set(e, RC_CONFLICT, "due_on",
                     "your unit has asked for more time on this case "
                     "already; wait for the office's answer");
    return rc;
}

const case_transition case_transitions[] = {
    [CA_CONFIRM] = {.name = "confirm",
                    .from = CS_BIT(CS_DRAFT) | CS_BIT(CS_SUBMITTED),
                    .to = CS_KEEP,
                    .who = CR_COSIGNER | CR_STAFF,
                    INPUT(in_confirm),
                    .label_zh = "确认附议",
                    .label_en = "Confirm",
                    .may = may_confirm,
                    .run = act_confirm},
    [CA_SUBMIT] = {.name = "submit",
                   .from = CS_BIT(CS_DRAFT),
                   .to = CS_SUBMITTED,
                   .who = CR_LEAD | CR_STAFF,
                   INPUT(in_submit),
                   .label_zh = "提交",
                   .label_en = "Submit",
                   .confirm = true,
                   .run = act_submit},
    [CA_ACCEPT] = {.name = "accept",
                   .from = CS_BIT(CS_SUBMITTED),
                   .to = CS_ACCEPTED,
                   .who = CR_STAFF,
                   INPUT(in_note),
                   .label_zh = "受理",
                   .label_en = "Accept",
                   .run = act_none},
    [CA_DECLINE] = {.name = "decline",
                    .from = CS_BIT(CS_SUBMITTED),
                    .to = CS_DECLINED,
                    .who = CR_STAFF,
                    INPUT(in_decline),
                    .label_zh = "不予立案",
                    .label_en = "Decline",
                    .run = act_decline},
    [CA_ASSIGN] = {.name = "assign",
                   .from = CS_BIT(CS_ACCEPTED) | CS_BIT(CS_RETURNED),
                   .to = CS_ASSIGNED,
                   .who = CR_STAFF,
                   INPUT(in_assign),
                   .label_zh = "交办",
                   .label_en = "Assign",
                   .run = act_assign},
    [CA_RETURN] = {.name = "return",
                   .from = CS_BIT(CS_ASSIGNED),
                   .to = CS_KEEP,
                   .who = CR_UNIT,
                   INPUT(in_return),
                   .label_zh = "退回",
                   .label_en = "Return",
                   .confirm = true,
                   .may = may_answer,
                   .run = act_return},
    [CA_REPLY] = {.name = "reply",
                  .from = CS_BIT(CS_ASSIGNED) | CS_BIT(CS_REHANDLING),
                  .to = CS_KEEP,
                  .who = CR_UNIT,
                  INPUT(in_reply),
                  .label_zh = "答复",
                  .label_en = "Reply",
                  .confirm = true,
                  .may = may_reply,
                  .run = act_reply},
    [CA_FOLLOW_UP] = {.name = "follow_up",
                      .from = CS_BIT(CS_REPLIED) | CS_BIT(CS_CLOSED),
                      .to = CS_KEEP,
                      .who = CR_UNIT,
                      INPUT(in_reply),
                      .label_zh = "跟踪答复",
                      .label_en = "Follow-up reply",
                      .confirm = true,
                      .may = may_follow_up,
                      .run = act_follow_up},
    [CA_FEEDBACK] = {.name = "feedback",
                     .from = CS_BIT(CS_REPLIED),
                     .to = CS_KEEP,
                     .who = CR_OWED | CR_STAFF,
                     INPUT(in_feedback),
                     .label_zh = "评价",
                     .label_en = "Rate the reply",
                     .may = may_feedback,
                     .run = act_feedback},
    [CA_EXTEND] = {.name = "extend",
                   .from = CS_BIT(CS_ASSIGNED) | CS_BIT(CS_REHANDLING),
                   .to = CS_KEEP,
                   .who = CR_UNIT | CR_STAFF,
                   INPUT(in_extend),
                   .label_zh = "延期",
                   .label_en = "Extend",
                   .may = may_extend,
                   .run = act_extend},
    [CA_CLOSE] = {.name = "close",
                  .from = CS_BIT(CS_REPLIED),
                  .to = CS_CLOSED,
                  .who = CR_STAFF,
                  INPUT(in_note),
                  .label_zh = "办结",
                  .label_en = "Close",
                  .confirm = true,
                  .may = may_close,
                  .run = act_close_case},
    [CA_WITHDRAW] = {.name = "withdraw",
                     .from = CS_BIT(CS_DRAFT) | CS_BIT(CS_SUBMITTED) | CS_BIT(CS_ACCEPTED),
                     .to = CS_WITHDRAWN,
                     .who = CR_LEAD | CR_STAFF,
                     INPUT(in_note),
                     .label_zh = "撤回",
                     .label_en = "Withdraw",
                     .confirm = true,
                     .run = act_close},
    [CA_SUPERVISE] = {.name = "supervise",
                      .from = CS_ANY & ~CS_BIT(CS_DRAFT),
                      .to = CS_KEEP,
                      .who = CR_STAFF,
                      INPUT(in_supervise),
                      .label_zh = "重点督办",
                      .label_en = "Key supervision",
                      .run = act_supervise},
    [CA_MERGE] = {.name = "merge",
                  .from = CS_BIT(CS_SUBMITTED) | CS_BIT(CS_ACCEPTED),
                  .to = CS_MERGED,
                  .who = CR_STAFF,
                  INPUT(in_merge),
                  .label_zh = "合并",
                  .label_en = "Merge",
                  .confirm = true,
                  .targets = MERGE_TARGETS,
                  .run = act_merge},
    [CA_PUBLISH] = {.name = "publish",
                    .from = CS_BIT(CS_REPLIED) | CS_BIT(CS_CLOSED),
                    .to = CS_KEEP,
                    .who = CR_STAFF,
                    INPUT(in_publish),
                    .label_zh = "公开",
                    .label_en = "Publish",
                    .run = act_publish},
    [CA_REHANDLE] = {.name = "rehandle",
                     .from = CS_BIT(CS_REPLIED),
                     .to = CS_REHANDLING,
                     .who = CR_STAFF,
                     INPUT(in_note),
                     .label_zh = "重办",
                     .label_en = "Re-handle",
                     .confirm = true,
                     .may = may_rehandle,
                     .run = act_rehandle},
};
const int case_transition_count = (int)(sizeof case_transitions / sizeof case_transitions[0]);

const case_transition *case_transition_find(const char *action) {
    for (int i = 0; action && i < case_transition_count; i++)
        if (strcmp(case_transitions[i].name, action) == 0)
            return &case_transitions[i];
    return NULL;
}

const case_transition *case_kind_transition(const case_kind *k, const char *action) {
    for (int i = 0; action && i < k->nown; i++)
        if (strcmp(k->own[i].name, action) == 0)
            return &k->own[i];
    const case_transition *t = case_transition_find(action);
    return t && (k->actions & CA_BIT(t - case_transitions)) ? t : NULL;
}

/* join — the names of the set's bits, in English or in Chinese. */
static void join(unsigned set, int count, const char *const *names, const char *sep, char *out,
                 size_t cap) {
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < count; i++)
        if (set & (1u << i)) {
            int w = snprintf(out + n, cap - n, "%s%s", n ? sep : "", names[i]);
            if (w < 0 || (size_t)w >= cap - n)
                return;
            n += (size_t)w;
        }
}

/* case_check's messages: the English names what is allowed; the %.0s arguments print
 * nothing in English and give the Chinese wording (base/msg_zh.c) its own names. */
rc_t case_check(const case_transition *t, case_state state, unsigned who, err *e) {
    static const char *const roles[CR_COUNT] = {"staff", "the lead deputy", "a cosigner",
                                                "a person owed the reply", "an assigned unit"};
    static const char *const roles_zh[CR_COUNT] = {"机关工作人员", "领衔代表", "附议代表", "提出人",
                                                   "承办单位"};
    char text[256], zh[512];
    if (!e)
        return !(t->who & who) ? RC_FORBIDDEN : !(t->from & CS_BIT(state)) ? RC_CONFLICT : RC_OK;
    if (!(t->who & who)) {
        join(t->who, CR_COUNT, roles, " or ", text, sizeof text);
        join(t->who, CR_COUNT, roles_zh, "或", zh, sizeof zh);
        return err_set(e, RC_FORBIDDEN, NULL, "only %s may %s this case%.0s%.0s", text, t->name, zh,
                       t->label_zh);
    }
    if (!(t->from & CS_BIT(state))) {
        const char *ids[CS_COUNT], *labels[CS_COUNT];
        for (int i = 0; i < CS_COUNT; i++) {
            ids[i] = case_states[i].id;
            labels[i] = case_states[i].zh;
        }
        join(t->from, CS_COUNT, ids, ", ", text, sizeof text);
        join(t->from, CS_COUNT, labels, "、", zh, sizeof zh);
        return err_set(
            e, RC_CONFLICT, "state", "the case is %s; %s is allowed only when it is %s%.0s%.0s%.0s",
            case_state_name(state), t->name, text, case_states[state].zh, t->label_zh, zh);
    }
    return RC_OK;
}

/* one_action — may someone who is `me` take t on rec now (state, role, rule, and the
 * kind's own rules on the record alone)? */
static bool one_action(const case_kind *k, const case_transition *t, const json_t *rec,
                       case_state state, const case_me *me) {
    /* only yes or no: no message is written (err_set with no err formats nothing) */
    if (case_check(t, state, me->who, NULL) != RC_OK)
        return false;
    if (t->may && t->may(k, rec, me, NULL) != RC_OK)
        return false;
    return !k->check ||
           k->check(NULL, rec_i(rec, "congress_id"), rec_i(rec, "id"), t->name, rec, NULL) == RC_OK;
}

json_t *case_actions(const case_kind *k, const json_t *rec, const case_me *me) {
    json_t *out = json_array();
    case_state state = CS_DRAFT;
    if (!case_state_parse(rec_s(rec, "state"), &state))
        return out;
    if ((me->who & (CR_STAFF | CR_LEAD)) && (state == CS_DRAFT || state == CS_SUBMITTED))
        json_array_append_new(out, json_string("update"));
    for (int i = 0; i < case_transition_count; i++)
        if ((k->actions & CA_BIT(i)) && one_action(k, &case_transitions[i], rec, state, me))
            json_array_append_new(out, json_string(case_transitions[i].name));
    for (int i = 0; i < k->nown; i++)
        if (one_action(k, &k->own[i], rec, state, me))
            json_array_append_new(out, json_string(k->own[i].name));
    if (case_may_attach(rec, me)) /* add files: POST /<kind>s/<id>/attachments */
        json_array_append_new(out, json_string("attach"));
    return out;
}
