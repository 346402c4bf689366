#include "domain/settings.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "base/log.h"

/* The registry. Keep DOMAIN.md's defaults here; docs/settings.md lists them. */
const setting_def settings_defs[] = {
    /* server (installation, congress 0) */
    /* The server re-reads these every second (src/http/limits.c): a change applies to
     * the connections and requests that start after it. The memory for a request head
     * is fixed when the server starts, so it is `renda serve --max-header`, not here. */
    {.key = "http_max_body",
     .group = "server",
     .label_zh = "请求体上限",
     .label_en = "Maximum request body",
     .def = 1048576,
     .min = 1024,
     .max = 268435456,
     .unit = "bytes",
     .scope = SETTING_INSTALLATION},
    {.key = "http_connection_timeout",
     .group = "server",
     .label_zh = "连接空闲超时",
     .label_en = "Idle connection timeout",
     .def = 30,
     .min = 1,
     .max = 3600,
     .unit = "seconds",
     .scope = SETTING_INSTALLATION},
    {.key = "http_head_timeout",
     .group = "server",
     .label_zh = "请求头期限",
     .label_en = "Deadline for the request head",
     .def = 10,
     .min = 1,
     .max = 3600,
     .unit = "seconds",
     .scope = SETTING_INSTALLATION},
    {.key = "http_body_timeout",
     .group = "server",
     .label_zh = "请求体期限",
     .label_en = "Deadline for the request body",
     .def = 300,
     .min = 1,
     .max = 3600,
     .unit = "seconds",
     .scope = SETTING_INSTALLATION},
    /* At least what one browser opens at once (six), so that a low value cannot lock
     * the administrator out of the page that would raise it again. */
    {.key = "http_max_connections",
     .group = "server",
     .label_zh = "最大连接数",
     .label_en = "Maximum connections",
     .def = 1024,
     .min = 8,
     .max = 100000,
     .unit = "connections",
     .scope = SETTING_INSTALLATION},
    {.key = "http_max_connections_per_address",
     .group = "server",
     .label_zh = "单个地址最大连接数",
     .label_en = "Maximum connections per client address",
     .def = 256,
     .min = 8,
     .max = 100000,
     .unit = "connections",
     .scope = SETTING_INSTALLATION},
    /* One uploaded file (docs/attachments.md): the attachments route's body cap too
     * (src/http/server.c), in place of http_max_body, for that route only. The
     * installation's: it is how much memory and database one request may take. */
    {.key = "attachment_max_bytes",
     .label_zh = "附件大小上限",
     .label_en = "Largest attachment",
     .def = 20971520,
     .min = 1024,
     .max = 104857600,
     .unit = "bytes",
     .scope = SETTING_INSTALLATION,
     .group = "server"},
    /* How many records the public (no login) may submit from one address in an hour
     * (a citizen's review request: collection_def.public_create). The installation's:
     * it guards the server, not one congress's ledger. */
    {.key = "public_submissions_per_hour",
     .label_zh = "公众每小时提交上限",
     .label_en = "Public submissions an hour",
     .def = 5,
     .min = 1,
     .max = 1000,
     .unit = "per address",
     .scope = SETTING_INSTALLATION,
     .group = "server"},
    /* security (installation, congress 0; docs/settings.md) */
    {.key = "session_ttl_minutes",
     .group = "security",
     .label_zh = "会话有效期",
     .label_en = "Session lifetime",
     .def = 720,
     .min = 5,
     .max = 43200,
     .unit = "minutes",
     .scope = SETTING_INSTALLATION},
    {.key = "login_max_failures",
     .group = "security",
     .label_zh = "登录失败次数上限（同一地址）",
     .label_en = "Failed logins from one address before a lock",
     .def = 5,
     .min = 1,
     .max = 100,
     .unit = "attempts",
     .scope = SETTING_INSTALLATION},
    {.key = "login_max_failures_global",
     .group = "security",
     .label_zh = "登录失败总次数上限（所有地址）",
     .label_en = "Failed logins from all addresses before a lock",
     .def = 50,
     .min = 1,
     .max = 10000,
     .unit = "attempts",
     .scope = SETTING_INSTALLATION},
    {.key = "login_failure_window_minutes",
     .group = "security",
     .label_zh = "登录失败计数窗口",
     .label_en = "Failed-login window",
     .def = 15,
     .min = 1,
     .max = 1440,
     .unit = "minutes",
     .scope = SETTING_INSTALLATION},
    {.key = "login_lockout_max_minutes",
     .group = "security",
     .label_zh = "登录锁定最长时间",
     .label_en = "Longest login lock",
     .def = 1440,
     .min = 1,
     .max = 10080,
     .unit = "minutes",
     .scope = SETTING_INSTALLATION},
    {.key = "token_ttl_days",
     .group = "security",
     .label_zh = "访问令牌有效期",
     .label_en = "Bearer token lifetime",
     .def = 90,
     .min = 1,
     .max = 365,
     .unit = "days",
     .scope = SETTING_INSTALLATION},
    /* a page is built whole in memory and sent in one response: 1000 rows keep one
     * request's memory and time bounded; exports are the way to take everything */
    {.key = "per_page_max",
     .group = "server",
     .label_zh = "每页条数上限",
     .label_en = "Maximum page size",
     .def = 500,
     .min = 10,
     .max = 1000,
     .unit = "rows",
     .scope = SETTING_INSTALLATION},
    /* proposals and suggestions (代表法; DOMAIN.md) */
    {.key = "motion_min_deputies",
     .group = "cases",
     .label_zh = "议案最少联名代表数",
     .label_en = "Deputies needed for a motion",
     .def = 10,
     .min = 1,
     .max = 100,
     .unit = "deputies"},
    {.key = "suggestion_assign_working_days",
     .group = "cases",
     .label_zh = "建议交办期限",
     .label_en = "Days to assign a suggestion",
     .def = 5,
     .min = 1,
     .max = 60,
     .unit = "working days"},
    {.key = "case_return_working_days",
     .group = "cases",
     .label_zh = "退回期限",
     .label_en = "Days for a unit to return a case",
     .def = 7,
     .min = 1,
     .max = 60,
     .unit = "working days"},
    {.key = "reply_months",
     .group = "cases",
     .label_zh = "答复期限",
     .label_en = "Months to reply",
     .def = 3,
     .min = 1,
     .max = 12,
     .unit = "months"},
    {.key = "reply_months_difficult",
     .group = "cases",
     .label_zh = "复杂件答复期限",
     .label_en = "Months to reply (difficult)",
     .def = 6,
     .min = 1,
     .max = 24,
     .unit = "months"},
    {.key = "co_unit_view_months",
     .group = "cases",
     .label_zh = "协办意见期限",
     .label_en = "Months for a co-unit's view",
     .def = 1,
     .min = 1,
     .max = 12,
     .unit = "months"},
    {.key = "rehandle_months",
     .group = "cases",
     .label_zh = "重办期限",
     .label_en = "Months to re-handle",
     .def = 1,
     .min = 1,
     .max = 12,
     .unit = "months"},
    {.key = "reply_class_count",
     .group = "cases",
     .label_zh = "答复分类数（A起）",
     .label_en = "Reply classes (from A)",
     .def = 4,
     .min = 2,
     .max = 26,
     .unit = "classes"},
    {.key = "due_soon_working_days",
     .group = "cases",
     .label_zh = "临期提醒",
     .label_en = "Due soon within",
     .def = 5,
     .min = 0,
     .max = 60,
     .unit = "working days"},
    {.key = "utc_offset_minutes",
     .group = "general",
     .label_zh = "本地时区（与UTC相差分钟）",
     .label_en = "Local time (minutes east of UTC)",
     .def = 480,
     .min = -720,
     .max = 840,
     .unit = "minutes"},
    /* 民法典 art. 203: a period whose last day is a rest day ends on the next working day */
    {.key = "deadline_rest_day_rule",
     .label_zh = "期限届满日为休息日的顺延至下一工作日",
     .label_en = "A deadline on a rest day moves to the next working day",
     .def = 1,
     .min = 0,
     .max = 1,
     .unit = "0/1",
     .group = "cases"},
    /* case numbers (第N号): 1 a sequence per year, 2 per term; each kind (and each
     * proposal kind: 议案, 建议) has its own sequence (docs/cases.md) */
    {.key = "case_number_scope",
     .label_zh = "案件编号方式（1 按年度，2 按届）",
     .label_en = "Case numbers (1 per year, 2 per term)",
     .def = 1,
     .min = 1,
     .max = 2,
     .unit = "choice",
     .group = "cases"},
    /* joint feedback and co-units (issue 10): how long the people owed a reply have to
     * rate it before staff may close or re-handle without them; whether the lead unit
     * waits for every co-unit's view before it replies */
    {.key = "feedback_days",
     .label_zh = "评价期限",
     .label_en = "Days to rate a reply",
     .def = 30,
     .min = 1,
     .max = 365,
     .unit = "days",
     .group = "cases"},
    {.key = "lead_waits_for_co_units",
     .label_zh = "主办单位待协办意见后答复",
     .label_en = "Lead unit waits for co-units' views",
     .def = 1,
     .min = 0,
     .max = 1,
     .unit = "0/1",
     .group = "cases"},
    /* supervision, appointments, filing review, petitions */
    /* a deliberation opinion is due this long after it is sent (kinds/deliberation.c) */
    {.key = "deliberation_reply_months",
     .group = "supervision",
     .label_zh = "审议意见办理报告期限",
     .label_en = "Months to report on opinions",
     .def = 2,
     .min = 1,
     .max = 12,
     .unit = "months"},
    {.key = "nomination_days_before",
     .group = "appointments",
     .label_zh = "提请任免提前天数",
     .label_en = "Days a nomination is filed before",
     .def = 10,
     .min = 1,
     .max = 60,
     .unit = "days"},
    {.key = "law_exam_pass_mark",
     .group = "appointments",
     .label_zh = "法律知识考试合格分",
     .label_en = "Law exam pass mark",
     .def = 60,
     .min = 0,
     .max = 100,
     .unit = "points"},
    {.key = "law_exam_required",
     .group = "appointments",
     .label_zh = "考试合格方可表决",
     .label_en = "Pass required before the vote",
     .def = 1,
     .min = 0,
     .max = 1,
     .unit = "0/1"},
    {.key = "filing_days",
     .group = "filing",
     .label_zh = "备案期限",
     .label_en = "Days to file a document",
     .def = 30,
     .min = 1,
     .max = 365,
     .unit = "days"},
    /* the issuer answers a written review opinion within (registers/filing.c) */
    {.key = "filing_answer_months",
     .group = "filing",
     .label_zh = "制定机关答复期限",
     .label_en = "Months for the issuer to answer",
     .def = 2,
     .min = 1,
     .max = 24,
     .unit = "months"},
    /* the supervision registers (registers/budget.c, docs/registers.md) */
    {.key = "audit_rectification_months",
     .group = "supervision",
     .label_zh = "审计查出问题整改报告期限",
     .label_en = "Months to report on audit findings",
     .def = 6,
     .min = 1,
     .max = 24,
     .unit = "months"},
    {.key = "register_due_soon_days",
     .group = "supervision",
     .label_zh = "临期提醒天数",
     .label_en = "Days a deadline is due soon",
     .def = 30,
     .min = 1,
     .max = 365,
     .unit = "days"},
    {.key = "budget_submission_days",
     .group = "supervision",
     .label_zh = "预算草案提前报送天数",
     .label_en = "Days a budget reaches the committee before the session",
     .def = 30,
     .min = 1,
     .max = 365,
     .unit = "days"},
    {.key = "budget_lag_permille",
     .group = "supervision",
     .label_zh = "预算执行滞后预警（‰）",
     .label_en = "Budget execution lagging by more than",
     .def = 100,
     .min = 1,
     .max = 1000,
     .unit = "permille"},
    {.key = "petition_forward_days",
     .group = "petitions",
     .label_zh = "信访转送期限",
     .label_en = "Days to forward a petition",
     .def = 15,
     .min = 1,
     .max = 90,
     .unit = "days"},
    {.key = "petition_reply_days",
     .group = "petitions",
     .label_zh = "信访办理期限",
     .label_en = "Days to handle a petition",
     .def = 60,
     .min = 1,
     .max = 365,
     .unit = "days"},
    {.key = "petition_extension_days",
     .group = "petitions",
     .label_zh = "信访延期天数",
     .label_en = "Petition extension",
     .def = 30,
     .min = 0,
     .max = 365,
     .unit = "days"},
    /* liaison stations: a reception day is announced this many days ahead (DOMAIN.md) */
    {.key = "reception_notice_days",
     .label_zh = "接待日提前公告天数",
     .label_en = "Days a reception is announced ahead",
     .def = 3,
     .min = 0,
     .max = 60,
     .unit = "days",
     .group = "receptions"},
    /* livelihood projects, duty points */
    {.key = "ballot_majority_of_all",
     .group = "votes",
     .label_zh = "票决过半数基数（1=全体代表）",
     .label_en = "Majority of all deputies (1) or present (0)",
     .def = 1,
     .min = 0,
     .max = 1,
     .unit = "0/1"},
    {.key = "ballot_reject_overvote",
     .group = "votes",
     .label_zh = "超额赞成票无效",
     .label_en = "Ballot with too many yes marks is invalid",
     .def = 1,
     .min = 0,
     .max = 1,
     .unit = "0/1"},
    /* the vote engine (src/domain/vote/): quorum as a fraction of all; the committee's is
       "more than" it (过半数), the plenary's "at least" it (三分之二以上) */
    {.key = "committee_quorum_num",
     .group = "votes",
     .label_zh = "常委会表决法定人数（分子，须超过）",
     .label_en = "Committee quorum: more than (numerator)",
     .def = 1,
     .min = 1,
     .max = 99,
     .unit = "fraction"},
    {.key = "committee_quorum_den",
     .group = "votes",
     .label_zh = "常委会表决法定人数（分母）",
     .label_en = "Committee quorum (denominator)",
     .def = 2,
     .min = 1,
     .max = 100,
     .unit = "fraction"},
    {.key = "plenary_quorum_num",
     .group = "votes",
     .label_zh = "代表大会表决法定人数（分子，须达到）",
     .label_en = "Plenary quorum: at least (numerator)",
     .def = 2,
     .min = 1,
     .max = 99,
     .unit = "fraction"},
    {.key = "plenary_quorum_den",
     .group = "votes",
     .label_zh = "代表大会表决法定人数（分母）",
     .label_en = "Plenary quorum (denominator)",
     .def = 3,
     .min = 1,
     .max = 100,
     .unit = "fraction"},
    {.key = "paper_counts_confirm",
     .group = "votes",
     .label_zh = "纸质计票须另一人核对",
     .label_en = "Paper counts confirmed by a second account",
     .def = 1,
     .min = 0,
     .max = 1,
     .unit = "0/1"},
    /* meetings (src/domain/meeting/): 监督法 art. 14's periods before a session, 地方组织法
       art. 51's joint motion by members, art. 47's session at least every two months */
    {.key = "work_report_days_office",
     .group = "meetings",
     .label_zh = "专项工作报告送交工作机构（会前天数）",
     .label_en = "Work report to the working body: days before the session",
     .def = 20,
     .min = 0,
     .max = 120,
     .unit = "days"},
    {.key = "work_report_days_committee",
     .group = "meetings",
     .label_zh = "专项工作报告送交常委会（会前天数）",
     .label_en = "Work report to the committee: days before the session",
     .def = 10,
     .min = 0,
     .max = 120,
     .unit = "days"},
    {.key = "work_report_days_members",
     .group = "meetings",
     .label_zh = "专项工作报告发送组成人员（会前天数）",
     .label_en = "Work report to the members: days before the session",
     .def = 7,
     .min = 0,
     .max = 120,
     .unit = "days"},
    {.key = "motion_min_members",
     .group = "meetings",
     .label_zh = "组成人员联名提出议案最少人数",
     .label_en = "Members needed to table a motion jointly",
     .def = 3,
     .min = 1,
     .max = 100,
     .unit = "members"},
    {.key = "committee_session_max_gap_months",
     .group = "meetings",
     .label_zh = "常委会会议最长间隔",
     .label_en = "Longest gap between committee sessions",
     .def = 2,
     .min = 1,
     .max = 12,
     .unit = "months"},
    {.key = "duty_points_good",
     .group = "deputies",
     .label_zh = "履职优秀分",
     .label_en = "Duty points for good",
     .def = 80,
     .min = 0,
     .max = 1000,
     .unit = "points"},
    {.key = "duty_points_fair",
     .group = "deputies",
     .label_zh = "履职合格分",
     .label_en = "Duty points for fair",
     .def = 60,
     .min = 0,
     .max = 1000,
     .unit = "points"},
    /* the audit trail's signed checkpoints (installation, congress 0) */
    {.key = "audit_checkpoint_entries",
     .group = "security",
     .label_zh = "审计检查点间隔条数",
     .label_en = "Audit checkpoint every",
     .def = 1000,
     .min = 1,
     .max = 1000000,
     .unit = "entries",
     .scope = SETTING_INSTALLATION},
    {.key = "audit_checkpoint_minutes",
     .group = "security",
     .label_zh = "审计检查点间隔时间",
     .label_en = "Audit checkpoint at least every",
     .def = 60,
     .min = 1,
     .max = 10080,
     .unit = "minutes",
     .scope = SETTING_INSTALLATION},
};
const int settings_count = (int)(sizeof settings_defs / sizeof settings_defs[0]);

/* The groups, in the order the settings page shows them: the office's work first,
 * the administrator's (security, server) last. A row's .group names one of them. */
const setting_group settings_groups[] = {
    {.id = "cases", .label_zh = "议案建议办理", .label_en = "Proposals and suggestions"},
    {.id = "petitions", .label_zh = "信访", .label_en = "Letters and visits"},
    {.id = "receptions", .label_zh = "接待选民", .label_en = "Receptions"},
    {.id = "meetings", .label_zh = "会议", .label_en = "Meetings"},
    {.id = "votes", .label_zh = "表决与票决", .label_en = "Votes"},
    {.id = "appointments", .label_zh = "人事任免", .label_en = "Appointments"},
    {.id = "supervision", .label_zh = "监督", .label_en = "Supervision"},
    {.id = "filing", .label_zh = "备案审查", .label_en = "Filing review"},
    {.id = "deputies", .label_zh = "代表履职", .label_en = "Deputies' duties"},
    {.id = "general", .label_zh = "通用", .label_en = "General"},
    {.id = "security", .label_zh = "安全", .label_en = "Security"},
    {.id = "server", .label_zh = "服务器", .label_en = "Server"},
};
const int settings_groups_count = (int)(sizeof settings_groups / sizeof settings_groups[0]);

const setting_group *settings_group(const char *id) {
    for (int i = 0; id && i < settings_groups_count; i++)
        if (strcmp(settings_groups[i].id, id) == 0)
            return &settings_groups[i];
    return NULL;
}

/* The units the rows use, as people say them in each language. */
static const struct {
    const char *unit, *zh, *en;
} unit_labels[] = {
    {"bytes", "字节", "bytes"},
    {"seconds", "秒", "seconds"},
    {"minutes", "分钟", "minutes"},
    {"days", "天", "days"},
    {"working days", "工作日", "working days"},
    {"months", "个月", "months"},
    {"connections", "个连接", "connections"},
    {"attempts", "次", "attempts"},
    {"rows", "行", "rows"},
    {"entries", "条", "entries"},
    {"deputies", "名代表", "deputies"},
    {"classes", "类", "classes"},
    {"points", "分", "points"},
    {"0/1", "0 否 / 1 是", "0 no / 1 yes"},
    {"permille", "‰", "‰"},
};

const char *settings_unit_label(const char *unit, bool zh) {
    for (size_t i = 0; unit && i < sizeof unit_labels / sizeof unit_labels[0]; i++)
        if (strcmp(unit_labels[i].unit, unit) == 0)
            return zh ? unit_labels[i].zh : unit_labels[i].en;
    return unit ? unit : "";
}

const setting_def *settings_find(const char *key) {
    for (int i = 0; i < settings_count; i++)
        if (key && strcmp(settings_defs[i].key, key) == 0)
            return &settings_defs[i];
    return NULL;
}

bool settings_visible(const setting_def *d, role_t role) {
    return d->scope == SETTING_CONGRESS || role == ROLE_ADMIN;
}

/* The values read, by congress and setting, remembered at the store's data version:
 * a setting is read on almost every request and changes almost never, and every change
 * is a committed write, which moves the version. A slot per (congress, setting) hash;
 * a collision just reads again. */
#define SETTINGS_CACHE_SLOTS 1024

typedef struct {
    const setting_def *d;
    int64_t congress_id;
    uint64_t version;
    long long value;
} setting_slot;

static pthread_mutex_t g_settings_lock = PTHREAD_MUTEX_INITIALIZER;
static setting_slot g_settings[SETTINGS_CACHE_SLOTS];

static setting_slot *slot_of(const setting_def *d, int64_t congress_id) {
    uint64_t h = (uint64_t)(d - settings_defs) * 0x9E3779B97F4A7C15ULL ^ (uint64_t)congress_id;
    return &g_settings[(h ^ (h >> 29)) % SETTINGS_CACHE_SLOTS];
}

/* Inside a write transaction the data version does not move with the transaction's
 * own writes, so the slots above are not used there. What settings_get read in the
 * write transaction open now is kept per thread instead: a transaction sees one value
 * of a setting (settings_set forgets them), and each step a case takes reads several. */
#define SETTINGS_KEPT 32
typedef struct {
    uint64_t txn;
    int64_t congress_id;
    const setting_def *d;
    long long v;
} kept_value;
static _Thread_local kept_value kept[SETTINGS_KEPT];
static _Thread_local int kept_next;

static bool kept_get(uint64_t txn, int64_t congress_id, const setting_def *d, long long *v) {
    for (int i = 0; txn && i < SETTINGS_KEPT; i++)
        if (kept[i].txn == txn && kept[i].d == d && kept[i].congress_id == congress_id) {
            *v = kept[i].v;
            return true;
        }
    return false;
}

static void keep_value(uint64_t txn, int64_t congress_id, const setting_def *d, long long v) {
    if (!txn)
        return;
    kept[kept_next] = (kept_value){.txn = txn, .congress_id = congress_id, .d = d, .v = v};
    kept_next = (kept_next + 1) % SETTINGS_KEPT;
}

/* read_setting — the stored value, or the default; *ok false when the read failed. */
static long long read_setting(store_conn *c, const setting_def *d, int64_t congress_id, bool *ok) {
    err e;
    store_stmt *st = NULL;
    long long v = d->def;
    *ok = false;
    /* two primary-key lookups (the congress's value, else the installation's): an IN
     * list with ORDER BY costs SQLite a sorter on every call */
    if (store_prepare(c,
                      "SELECT COALESCE((SELECT value FROM settings WHERE congress_id = ? AND "
                      "key = ?), (SELECT value FROM settings WHERE congress_id = 0 AND key = ?))",
                      &st, &e) != RC_OK)
        return v;
    store_bind_int(st, 1, congress_id);
    store_bind_text(st, 2, d->key);
    store_bind_text(st, 3, d->key);
    rc_t rc = RC_OK;
    if (store_next(st, &rc, &e)) {
        char *end = NULL;
        const char *text = store_column_text(st, 0);
        long long x = text ? strtoll(text, &end, 10) : 0;
        if (text && end && *end == '\0' && x >= d->min && x <= d->max)
            v = x;
    } else if (rc) {
        log_warn("setting %s: %s; using the default", d->key, e.message);
    }
    store_finish(st);
    *ok = rc == RC_OK;
    return v;
}

long long settings_get(store_conn *c, int64_t congress_id, const char *key) {
    const setting_def *d = settings_find(key);
    if (!d) {
        log_error("settings_get: unknown setting %s", key);
        abort(); /* a typo in code, not a runtime condition */
    }
    if (d->scope == SETTING_INSTALLATION)
        congress_id = 0;
    if (!c)
        return d->def;
    bool ok = false;
    long long v = 0;
    if (store_writing(c)) {
        /* the value may be this transaction's own, not yet committed: keep it for
         * this transaction only */
        uint64_t txn = store_txn_id(c);
        if (kept_get(txn, congress_id, d, &v))
            return v;
        v = read_setting(c, d, congress_id, &ok);
        if (ok)
            keep_value(txn, congress_id, d, v);
        return v;
    }
    uint64_t version = store_data_version(c);
    setting_slot *slot = slot_of(d, congress_id);
    pthread_mutex_lock(&g_settings_lock);
    bool hit = slot->d == d && slot->congress_id == congress_id && slot->version == version;
    v = hit ? slot->value : 0;
    pthread_mutex_unlock(&g_settings_lock);
    if (hit)
        return v;
    v = read_setting(c, d, congress_id, &ok);
    if (ok) {
        pthread_mutex_lock(&g_settings_lock);
        *slot = (setting_slot){.d = d, .congress_id = congress_id, .version = version, .value = v};
        pthread_mutex_unlock(&g_settings_lock);
    }
    return v;
}

rc_t settings_set(store_conn *c, int64_t congress_id, const char *key, long long value, err *e) {
    const setting_def *d = settings_find(key);
    if (!d)
        return err_set(e, RC_INVALID, key, "there is no setting %s", key);
    if (value < d->min || value > d->max)
        return err_set(e, RC_INVALID, key, "%s must be between %lld and %lld", key, d->min, d->max);
    char text[32], now[21];
    memset(kept, 0, sizeof kept); /* what was read before is no longer so */
    snprintf(text, sizeof text, "%lld", value);
    now_iso(now);
    store_params p = {.n = 0};
    store_param_int(&p, congress_id);
    store_param_text(&p, key);
    rc_t rc = store_run(c, "DELETE FROM settings WHERE congress_id = ? AND key = ?", &p, NULL, e);
    store_param_text(&p, text);
    store_param_text(&p, now);
    return rc ? rc
              : store_run(c,
                          "INSERT INTO settings (congress_id, key, value, updated_at) "
                          "VALUES (?, ?, ?, ?)",
                          &p, NULL, e);
}

rc_t settings_update(store_conn *c, const principal *by, int64_t congress_id, const json_t *in,
                     err *e) {
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "send {\"setting\": value, …}");
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)in, k, v) {
        const setting_def *d = settings_find(k);
        if (!d) {
            rc = err_set(e, RC_INVALID, k, "there is no setting %s", k);
            break;
        }
        if (!json_is_integer(v)) {
            rc = err_set(e, RC_INVALID, k, "%s must be a whole number", k);
            break;
        }
        /* Server limits and security belong to the installation: administrators only. */
        bool install = d->scope == SETTING_INSTALLATION;
        if (install && by->role != ROLE_ADMIN) {
            rc = err_set(e, RC_FORBIDDEN, k, "%s is the installation's setting", k);
            break;
        }
        int64_t owner = install ? 0 : congress_id;
        rc = settings_set(c, owner, k, json_integer_value(v), e);
        if (rc)
            break;
        char after[128];
        snprintf(after, sizeof after, "{\"%s\":%lld}", d->key, (long long)json_integer_value(v));
        rc = audit_append(c, by, owner, "update", "settings", 0, NULL, after, e);
        if (rc)
            break;
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc)
        store_rollback(c);
    return rc;
}
