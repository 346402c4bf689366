/* filing.c — the filing review of normative documents (规范性文件备案审查; 监督法 arts.
 * 39–45, DOMAIN.md "Filing review", docs/registers.md) as a register of the generic
 * engine. A document of the government, the supervisory commission, the court, the
 * procuratorate or a township congress is filed within filing_days of publication; a
 * review finds it lawful, unlawful or inappropriate; the correction path runs
 * negotiation → written review opinion → the issuer's answer within
 * filing_answer_months → annulment by the committee. The days due are the server's,
 * fixed by the settings in effect when the document is written (filing_prepare); the
 * late flags are worked out on reading (filing_flags) and the same rule filters the
 * list (filing_param). The public reads the title, issuer, number, date, finding and
 * stage; an issuer's account reads its own documents. */
#include <string.h>

#include "domain/collection/registers/common.h"
#include "domain/settings.h"

static const enum_value review_modes[] = {
    {.id = "on_request", .zh = "依申请审查", .en = "On request"},
    {.id = "active", .zh = "主动审查", .en = "Active"},
    {.id = "special", .zh = "专项审查", .en = "Special"},
    {.id = "transferred", .zh = "移送审查", .en = "Transferred"},
    {.id = "joint", .zh = "联合审查", .en = "Joint"},
    {0}};
static const enum_value review_findings[] = {
    {.id = "lawful", .zh = "合法", .en = "Lawful"},
    {.id = "unlawful", .zh = "违法", .en = "Unlawful"},
    {.id = "inappropriate", .zh = "不适当", .en = "Inappropriate"},
    {0}};
static const enum_value review_stages[] = {
    {.id = "filed", .zh = "已备案", .en = "Filed"},
    {.id = "reviewing", .zh = "审查中", .en = "Under review"},
    {.id = "negotiation", .zh = "沟通协商", .en = "Negotiation"},
    {.id = "review_opinion", .zh = "书面审查意见", .en = "Written review opinion"},
    {.id = "corrected", .zh = "已纠正", .en = "Corrected"},
    {.id = "annulled", .zh = "已撤销", .en = "Annulled"},
    {.id = "closed", .zh = "审查完毕", .en = "Closed"},
    {0}};

static const field_def document_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    {.name = "title",
     .label_zh = "文件名称",
     .label_en = "Title",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_SEARCH | FF_SORT | FF_PUBLIC,
     .max_len = REG_SHORT_LEN},
    {.name = "issuer_id",
     .label_zh = "制定机关",
     .label_en = "Issuer",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_FILTER | FF_SEARCH | FF_PUBLIC,
     .ref = "units"},
    REG_TEXT("document_number", "文号", "Document number", FF_SEARCH | FF_PUBLIC),
    {.name = "published_on",
     .label_zh = "发布日期",
     .label_en = "Published on",
     .type = FT_DATE,
     .flags = FF_REQUIRED | FF_SORT | FF_MAIN_DATE | FF_PUBLIC},
    REG_DATE("filed_on", "报备日期", "Filed on"),
    {.name = "filing_due",
     .label_zh = "应报备日期",
     .label_en = "Filing due",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "filed_late",
     .label_zh = "逾期报备",
     .label_en = "Filed late",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY | FF_COMPUTED},
    REG_ENUM("review_mode", "审查方式", "Review mode", review_modes, 0),
    REG_ENUM("finding", "审查结论", "Finding", review_findings, FF_PUBLIC),
    {.name = "stage",
     .label_zh = "审查阶段",
     .label_en = "Stage",
     .type = FT_ENUM,
     .flags = FF_FILTER | FF_SORT | FF_PUBLIC,
     .values = review_stages,
     .def = "filed"},
    REG_DATE("opinion_sent_on", "审查意见送达日期", "Review opinion sent on"),
    {.name = "answer_due",
     .label_zh = "应答复日期",
     .label_en = "Answer due",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT},
    REG_DATE("answered_on", "制定机关答复日期", "Issuer answered on"),
    {.name = "annul_meeting_id",
     .label_zh = "撤销的会议",
     .label_en = "Session that annulled it",
     .type = FT_REF,
     .flags = FF_FILTER,
     .ref = "meetings"},
    REG_LONG("notes", "审查意见", "Review notes"),
    {.name = "answer_overdue",
     .label_zh = "逾期未答复",
     .label_en = "Answer overdue",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY | FF_COMPUTED},
};

static bool is(const char *s, const char *v) { return s && strcmp(s, v) == 0; }

/* filing_due: published_on + filing_days (in time on that day, late the day after);
 * answer_due: opinion_sent_on + filing_answer_months. */
static rc_t filing_prepare(store_conn *c, json_t *rec, err *e) {
    int64_t congress = reg_id(rec, "congress_id");
    date_t published, sent;
    bool has = reg_date(rec, "published_on", &published);
    reg_set_date(rec, "filing_due", has,
                 published + (date_t)(has ? settings_get(c, congress, "filing_days") : 0));
    has = reg_date(rec, "opinion_sent_on", &sent);
    reg_set_date(rec, "answer_due", has,
                 has ? date_add_months(sent, (int)settings_get(c, congress, "filing_answer_months"))
                     : 0);
    return register_term(c, rec, "published_on", e);
}

/* annulled names the committee session that annulled it (撤销 is the committee's). */
static rc_t check_annulment(store_conn *c, const json_t *rec, err *e) {
    char kind[32] = "";
    int64_t meeting = reg_id(rec, "annul_meeting_id");
    if (meeting) {
        store_params p = {.n = 0};
        store_param_int(&p, meeting);
        rc_t rc = store_one_text(c, "SELECT kind FROM meetings WHERE id = ?", &p, kind, sizeof kind,
                                 NULL, e);
        if (rc)
            return rc;
    }
    if (!is(kind, "committee_session"))
        return err_set(e, RC_INVALID, "annul_meeting_id",
                       "an annulled document names the committee session that annulled it "
                       "(annul_meeting_id)");
    return RC_OK;
}

/* The correction path (docs/registers.md): a lawful document is not corrected; a
 * review opinion, a correction or an annulment follows a finding of unlawful or
 * inappropriate and a written opinion sent — except that the issuer may correct a
 * document after negotiation alone; the finding may be written while the document is
 * still filed or under review. */
static rc_t filing_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    rc_t rc = register_span(c, rec, "published_on", NULL, e);
    if (rc)
        return rc;
    if (reg_before(rec, "filed_on", "published_on"))
        return err_set(e, RC_INVALID, "filed_on", "filed_on must not be before published_on");
    if (reg_before(rec, "answered_on", "opinion_sent_on"))
        return err_set(e, RC_INVALID, "answered_on",
                       "answered_on must not be before opinion_sent_on");
    const char *stage = reg_text(rec, "stage"), *finding = reg_text(rec, "finding");
    bool corrective =
        is(stage, "review_opinion") || is(stage, "corrected") || is(stage, "annulled");
    if (is(finding, "lawful") && (corrective || is(stage, "negotiation")))
        return err_set(e, RC_INVALID, "stage",
                       "a document found lawful is not negotiated, corrected or annulled (stage "
                       "%s)",
                       stage);
    if (corrective && !is(finding, "unlawful") && !is(finding, "inappropriate"))
        return err_set(e, RC_INVALID, "finding",
                       "stage %s needs the finding unlawful or inappropriate", stage);
    date_t sent;
    if (corrective && !is(stage, "corrected") && !reg_date(rec, "opinion_sent_on", &sent))
        return err_set(e, RC_INVALID, "opinion_sent_on",
                       "stage %s needs the day the written review opinion was sent "
                       "(opinion_sent_on)",
                       stage);
    return is(stage, "annulled") ? check_annulment(c, rec, e) : RC_OK;
}

/* filed_late: filed after filing_due, or not filed and filing_due has passed;
 * answer_overdue: a review opinion the issuer has not answered by answer_due. */
static void filing_flags(store_conn *c, json_t *rec) {
    date_t due, filed, answer_due, today = reg_today(c, rec);
    bool late = false;
    if (reg_date(rec, "filing_due", &due))
        late = reg_date(rec, "filed_on", &filed) ? filed > due : due < today;
    json_object_set_new(rec, "filed_late", json_boolean(late));
    json_object_set_new(rec, "answer_overdue",
                        json_boolean(is(reg_text(rec, "stage"), "review_opinion") &&
                                     field_blank(json_object_get(rec, "answered_on")) &&
                                     reg_date(rec, "answer_due", &answer_due) &&
                                     answer_due < today));
}

/* ?filed_late=, ?answer_overdue= (true/false): filing_flags in SQL (the office's). */
static rc_t filing_param(const query_source *s, query_plan *plan, const char *key, const char *v,
                         bool *handled, err *e) {
    bool yes = false;
    *handled = strcmp(key, "filed_late") == 0 || strcmp(key, "answer_overdue") == 0;
    if (!*handled)
        return RC_OK;
    if (s->who->role == ROLE_ANON)
        return err_set(e, RC_INVALID, key, "%s is the office's filter", key);
    rc_t rc = query_bool(key, v, &yes, e);
    if (rc)
        return rc;
    if (key[0] == 'f')
        return query_add_text(plan,
                              yes ? " AND t.filing_due IS NOT NULL AND (t.filed_on > t.filing_due "
                                    "OR (t.filed_on IS NULL AND t.filing_due < ?))"
                                  : " AND (t.filing_due IS NULL OR t.filed_on <= t.filing_due OR "
                                    "(t.filed_on IS NULL AND t.filing_due >= ?))",
                              plan->today_s);
    return query_add_text(plan,
                          yes ? " AND t.stage = 'review_opinion' AND t.answered_on IS NULL AND "
                                "t.answer_due < ?"
                              : " AND (t.stage <> 'review_opinion' OR t.answered_on IS NOT NULL "
                                "OR t.answer_due IS NULL OR t.answer_due >= ?)",
                          plan->today_s);
}

static const collection_board filing_board = {
    .by = {"finding", "stage", NULL},
    .lights =
        {{.param = "filed_late", .color = "red", .label_zh = "逾期报备", .label_en = "Filed late"},
         {.param = "answer_overdue",
          .color = "red",
          .label_zh = "逾期未答复",
          .label_en = "Answer overdue"},
         {0}},
};

/* ---- review requests (审查建议): anyone may ask for a document to be reviewed, from
 * the public pages (public_create: the public fields only); the office records the
 * ones received by letter too, and what it did. A document's record lists them. */

static const enum_value request_statuses[] = {
    {.id = "received", .zh = "已收到", .en = "Received"},
    {.id = "accepted", .zh = "已受理", .en = "Accepted"},
    {.id = "declined", .zh = "不予受理", .en = "Declined"},
    {.id = "answered", .zh = "已反馈", .en = "Answered"},
    {0}};
/* how it came: the public's from the site, always online (request_prepare) */
static const enum_value request_channels[] = {{.id = "online", .zh = "网上提交", .en = "Online"},
                                              {.id = "letter", .zh = "来信", .en = "Letter"},
                                              {.id = "visit", .zh = "来访", .en = "Visit"},
                                              {0}};

static const field_def request_fields[] = {
    REG_CONGRESS,
    {.name = "document_id",
     .label_zh = "建议审查的文件",
     .label_en = "Document",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_FILTER | FF_FIXED | FF_PUBLIC,
     .ref = "normative_documents"},
    /* given by the office, or the day it arrives (request_prepare) */
    REG_MAIN_DATE("received_on", "收到日期", "Received on"),
    {.name = "name",
     .label_zh = "提出人",
     .label_en = "Name",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_SEARCH | FF_SORT | FF_PUBLIC,
     .max_len = REG_SHORT_LEN},
    {.name = "organization",
     .label_zh = "工作单位",
     .label_en = "Organisation",
     .type = FT_TEXT,
     .flags = FF_SEARCH | FF_PUBLIC,
     .max_len = REG_SHORT_LEN},
    {.name = "contact",
     .label_zh = "联系方式",
     .label_en = "Contact",
     .type = FT_TEXT,
     .flags = FF_PUBLIC | FF_PRIVATE,
     .max_len = REG_SHORT_LEN},
    {.name = "content",
     .label_zh = "审查建议",
     .label_en = "Request",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_LONG | FF_SEARCH | FF_PUBLIC,
     .max_len = REG_TEXT_LEN},
    REG_ENUM("channel", "来源", "Channel", request_channels, 0),
    {.name = "status",
     .label_zh = "办理状态",
     .label_en = "Status",
     .type = FT_ENUM,
     .flags = FF_FILTER,
     .values = request_statuses,
     .def = "received"},
    REG_LONG("reply", "办理情况", "Handling"),
    REG_DATE("answered_on", "反馈日期", "Answered on"),
};

/* A request without a day or a channel came in online today (the public's always: they
 * may give neither). */
static rc_t request_prepare(store_conn *c, json_t *rec, err *e) {
    date_t d;
    if (!reg_date(rec, "received_on", &d))
        reg_set_date(rec, "received_on", true, reg_today(c, rec));
    if (!reg_text(rec, "channel"))
        json_object_set_new(rec, "channel", json_string("online"));
    return RC_OK;
}

/* Answered says what was done and when, not before it came. */
static rc_t request_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    rc_t rc = register_span(c, rec, "received_on", NULL, e);
    if (rc)
        return rc;
    if (reg_before(rec, "answered_on", "received_on"))
        return err_set(e, RC_INVALID, "answered_on", "answered_on must not be before received_on");
    if (!is(reg_text(rec, "status"), "answered"))
        return RC_OK;
    if (field_blank(json_object_get(rec, "reply")))
        return err_set(e, RC_INVALID, "reply", "an answered request says what was done (reply)");
    date_t on;
    if (!reg_date(rec, "answered_on", &on))
        return err_set(e, RC_INVALID, "answered_on",
                       "an answered request has its day (answered_on)");
    return RC_OK;
}

const collection_def review_requests_register = {
    .name = "review_requests",
    .label_zh = "审查建议",
    .label_en = "Review requests",
    .title_sql = "@.name",
    REG_FIELDS(request_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = 0,
    .public_create = true,
    .prepare = request_prepare,
    .check = request_check,
};

const collection_def normative_documents_register = {
    .name = "normative_documents",
    .label_zh = "规范性文件备案审查",
    .label_en = "Normative documents",
    .title_sql = "@.title",
    REG_FIELDS(document_fields),
    .read_roles = REG_WITH_UNITS | ROLE_BIT(ROLE_ANON),
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Files",
    .group = "supervision",
    .unit_field = "issuer_id",
    .board = &filing_board,
    .children = {"review_requests", NULL},
    .prepare = filing_prepare,
    .check = filing_check,
    .computed = filing_flags,
    .param = filing_param,
};
