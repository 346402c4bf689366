/* budget.c — the registers of money and figures (docs/registers.md): audit findings
 * (审计查出问题), budget reviews (预算审查监督), the budget's execution line by line
 * (预算执行联网监督) and the indicators the committee tracks with their values.
 * supervision.c lists them in the menu's order. */
#include <stdio.h>
#include <string.h>

#include "domain/collection/registers/common.h"
#include "domain/settings.h"

#define YEAR_MIN 2000
#define YEAR_MAX 2100
#define PERMILLE 1000
#define PERCENT 100

#define REG_YEAR(n, zh, en)                                                                        \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_INT,                                 \
        .flags = FF_REQUIRED | FF_FILTER | FF_SORT, .min = YEAR_MIN, .max = YEAR_MAX               \
    }
#define REG_AMOUNT(n, zh, en, lo)                                                                  \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_DECIMAL, .flags = FF_SORT,           \
        .scale = 2, .min = lo, .max = REG_AMOUNT_MAX                                               \
    }
#define REG_FLAG(n, zh, en)                                                                        \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_BOOL,                                \
        .flags = FF_READ_ONLY | FF_COMPUTED                                                        \
    }

/* ---- 7 audit findings -------------------------------------------------------------------
 * A register, not a case kind: the government reports the rectification of all the
 * findings to the committee as one report at a session; the office keeps each
 * finding's status against it (docs/registers.md). due_on, when the rectification
 * report is due, is report_on plus audit_rectification_months; due_soon_on, from when
 * the finding is "due soon", due_on less register_due_soon_days: both fixed by the
 * settings in effect when the finding is written (audit_prepare), so that the flags
 * read (audit_flags) and the list's filters (audit_param) are the same rule. */

static const enum_value audit_categories[] = {
    {.id = "budget", .zh = "预算执行", .en = "Budget execution"},
    {.id = "special_funds", .zh = "专项资金", .en = "Special funds"},
    {.id = "state_assets", .zh = "国有资产", .en = "State assets"},
    {.id = "projects", .zh = "政府投资项目", .en = "Government investment projects"},
    {.id = "other", .zh = "其他", .en = "Other"},
    {0}};
static const enum_value audit_statuses[] = {{.id = "tracking", .zh = "挂号", .en = "Tracking"},
                                            {.id = "rectified", .zh = "销号", .en = "Rectified"},
                                            {0}};

static const field_def audit_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    {.name = "finding",
     .label_zh = "问题",
     .label_en = "Finding",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_SEARCH | FF_SORT | FF_LONG,
     .max_len = REG_TEXT_LEN},
    REG_YEAR("audit_year", "审计年度", "Audit year"),
    REG_TEXT("report_title", "审计工作报告", "Audit report", FF_SEARCH),
    REG_MAIN_DATE("report_on", "审计报告审议日期", "Report heard on"),
    REG_UNIT("unit_id", "被审计单位", "Unit audited"),
    REG_ENUM("category", "问题类别", "Category", audit_categories, 0),
    REG_AMOUNT("amount", "涉及金额（万元）", "Amount (10,000 yuan)", 0),
    {.name = "due_on",
     .label_zh = "整改报告期限",
     .label_en = "Rectification report due",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "due_soon_on",
     .label_zh = "临期提醒日期",
     .label_en = "Due soon from",
     .type = FT_DATE,
     .flags = FF_READ_ONLY},
    {.name = "status",
     .label_zh = "整改状态",
     .label_en = "Status",
     .type = FT_ENUM,
     .flags = FF_FILTER | FF_SORT,
     .values = audit_statuses,
     .def = "tracking"},
    REG_DATE("rectified_on", "销号日期", "Rectified on"),
    REG_LONG("measures", "整改措施", "Measures"),
    REG_LONG("evidence", "整改佐证", "Evidence"),
    REG_MEETING("听取整改报告的会议", "Session that heard the report", 0),
    REG_FLAG("overdue", "逾期未整改", "Overdue"),
    REG_FLAG("due_soon", "临近期限", "Due soon"),
};

static rc_t audit_prepare(store_conn *c, json_t *rec, err *e) {
    date_t report;
    bool has = reg_date(rec, "report_on", &report);
    int64_t congress = reg_id(rec, "congress_id");
    date_t due =
        has ? date_add_months(report, (int)settings_get(c, congress, "audit_rectification_months"))
            : 0;
    reg_set_date(rec, "due_on", has, due);
    reg_set_date(rec, "due_soon_on", has,
                 due - (date_t)settings_get(c, congress, "register_due_soon_days"));
    return register_term(c, rec, "report_on", e);
}

/* 销号 needs the day and the evidence it was verified on; a finding still tracked has
 * no such day. */
static rc_t audit_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    rc_t rc = register_span(c, rec, "report_on", NULL, e);
    if (rc)
        return rc;
    const char *status = reg_text(rec, "status");
    bool rectified = status && strcmp(status, "rectified") == 0;
    date_t on;
    bool has_on = reg_date(rec, "rectified_on", &on);
    if (rectified && !has_on)
        return err_set(e, RC_INVALID, "rectified_on",
                       "a rectified finding needs rectified_on, the day it was verified");
    if (rectified && field_blank(json_object_get(rec, "evidence")))
        return err_set(e, RC_INVALID, "evidence",
                       "a rectified finding needs its evidence (整改佐证)");
    if (!rectified && has_on)
        return err_set(e, RC_INVALID, "rectified_on",
                       "a finding still tracked has no rectified_on; set status to rectified");
    if (reg_before(rec, "rectified_on", "report_on"))
        return err_set(e, RC_INVALID, "rectified_on", "rectified_on must not be before report_on");
    if (has_on && on > reg_today(c, rec))
        return err_set(e, RC_INVALID, "rectified_on", "rectified_on must not be after today");
    return RC_OK;
}

/* overdue: tracked past due_on; due_soon: tracked, from due_soon_on to due_on. */
static void audit_flags(store_conn *c, json_t *rec) {
    const char *status = reg_text(rec, "status");
    bool tracking = status && strcmp(status, "tracking") == 0;
    date_t due, soon, today = reg_today(c, rec);
    bool has = tracking && reg_date(rec, "due_on", &due);
    json_object_set_new(rec, "overdue", json_boolean(has && due < today));
    json_object_set_new(
        rec, "due_soon",
        json_boolean(has && reg_date(rec, "due_soon_on", &soon) && soon <= today && today <= due));
}

/* ?overdue=, ?due_soon= (true/false): audit_flags in SQL, for the list, the counts and
 * the status board's lights. */
static rc_t audit_param(const query_source *s, query_plan *plan, const char *key, const char *v,
                        bool *handled, err *e) {
    bool yes = false;
    *handled = strcmp(key, "overdue") == 0 || strcmp(key, "due_soon") == 0;
    if (!*handled)
        return RC_OK;
    rc_t rc = query_bool(key, v, &yes, e);
    if (rc)
        return rc;
    if (key[0] == 'o')
        return query_add_text(plan,
                              yes ? " AND t.status = 'tracking' AND t.due_on < ?"
                                  : " AND (t.status <> 'tracking' OR t.due_on IS NULL OR "
                                    "t.due_on >= ?)",
                              plan->today_s);
    rc = query_add_text(plan,
                        yes ? " AND t.status = 'tracking' AND t.due_soon_on <= ?"
                            : " AND (t.status <> 'tracking' OR t.due_on IS NULL OR "
                              "t.due_soon_on > ?",
                        plan->today_s);
    return rc ? rc
              : query_add_text(plan, yes ? " AND t.due_on >= ?" : " OR t.due_on < ?)",
                               plan->today_s);
}

static const collection_board audit_board = {
    .by = {"status", NULL},
    .lights =
        {{.param = "overdue", .color = "red", .label_zh = "逾期", .label_en = "Overdue"},
         {.param = "due_soon", .color = "yellow", .label_zh = "临近期限", .label_en = "Due soon"},
         {0}},
};

/* the amounts found, by audited unit */
static const collection_sum_chart audit_sums = {.by = "unit_id", .sums = {"amount", NULL}};

const collection_def audit_findings_register = {
    .name = "audit_findings",
    .label_zh = "审计查出问题",
    .label_en = "Audit findings",
    .title_sql = "@.finding",
    REG_FIELDS(audit_fields),
    .read_roles = REG_WITH_UNITS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "DataAnalysis",
    .group = "supervision",
    .unit_field = "unit_id",
    .board = &audit_board,
    .sum_chart = &audit_sums,
    .prepare = audit_prepare,
    .check = audit_check,
    .computed = audit_flags,
    .param = audit_param,
};

/* ---- 9 budget reviews ------------------------------------------------------------------
 * The draft budget reaches the committee budget_submission_days before the session,
 * adjustments and final accounts likewise (DOMAIN.md): received_late compares the day
 * it was received with its meeting's first day. Coverage (每个街道和开发区) is a figure. */

static const enum_value budget_kinds[] = {
    {.id = "budget", .zh = "预算草案", .en = "Draft budget"},
    {.id = "adjustment", .zh = "预算调整方案", .en = "Budget adjustment"},
    {.id = "final_accounts", .zh = "决算", .en = "Final accounts"},
    {.id = "execution", .zh = "预算执行情况", .en = "Budget execution"},
    {.id = "audit", .zh = "审计工作报告", .en = "Audit report"},
    {0}};

static const field_def budget_review_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("title", "审查事项", "Title"),
    REG_YEAR("fiscal_year", "预算年度", "Fiscal year"),
    REG_ENUM("kind", "类别", "Kind", budget_kinds, 0),
    REG_DATE("received_on", "收到日期", "Received on"),
    REG_MAIN_DATE("reviewed_on", "审议日期", "Reviewed on"),
    REG_MEETING("审议会议", "Session", 0),
    REG_FLAG("received_late", "未按期报送", "Received late"),
    REG_COUNT("bodies_total", "应审查单位数", "Bodies to cover"),
    REG_COUNT("bodies_covered", "已覆盖单位数", "Bodies covered"),
    {.name = "coverage",
     .label_zh = "覆盖率",
     .label_en = "Coverage",
     .type = FT_TEXT,
     .flags = FF_READ_ONLY | FF_COMPUTED},
    REG_UNITS("budget_review", "覆盖的乡镇（街道）、开发区", "Townships and zones covered"),
    REG_LONG("opinions", "审查意见", "Opinions"),
};

static rc_t budget_review_prepare(store_conn *c, json_t *rec, err *e) {
    return register_term(c, rec, "reviewed_on", e);
}

static rc_t budget_review_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    rc_t rc = register_span(c, rec, "reviewed_on", NULL, e);
    json_t *total = json_object_get(rec, "bodies_total"),
           *covered = json_object_get(rec, "bodies_covered");
    if (rc == RC_OK && json_is_integer(total) && json_is_integer(covered) &&
        json_integer_value(covered) > json_integer_value(total))
        rc = err_set(e, RC_INVALID, "bodies_covered",
                     "bodies_covered must not be more than bodies_total");
    return rc;
}

/* received_late: received after the meeting's first day less budget_submission_days;
 * coverage: bodies_covered of bodies_total in whole percent, rounded down (so 100%
 * means every one). */
static void budget_review_computed(store_conn *c, json_t *rec) {
    date_t received, starts;
    bool late = false;
    char day[16] = "";
    if (reg_date(rec, "received_on", &received) && reg_id(rec, "meeting_id")) {
        store_params p = {.n = 0};
        store_param_int(&p, reg_id(rec, "meeting_id"));
        err ignored;
        if (store_one_text(c, "SELECT starts_on FROM meetings WHERE id = ?", &p, day, sizeof day,
                           NULL, &ignored) == RC_OK &&
            date_parse(day, &starts))
            late = received > starts - (date_t)settings_get(c, reg_id(rec, "congress_id"),
                                                            "budget_submission_days");
    }
    json_object_set_new(rec, "received_late", json_boolean(late));
    json_t *total = json_object_get(rec, "bodies_total"),
           *covered = json_object_get(rec, "bodies_covered");
    char text[16];
    bool has = json_is_integer(total) && json_integer_value(total) > 0 && json_is_integer(covered);
    if (has)
        snprintf(text, sizeof text, "%lld%%",
                 (long long)(json_integer_value(covered) * PERCENT / json_integer_value(total)));
    json_object_set_new(rec, "coverage", has ? json_string(text) : json_null());
}

const collection_def budget_reviews_register = {
    .name = "budget_reviews",
    .label_zh = "预算审查监督",
    .label_en = "Budget reviews",
    .title_sql = "@.title",
    REG_FIELDS(budget_review_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "DataAnalysis",
    .group = "supervision",
    .prepare = budget_review_prepare,
    .check = budget_review_check,
    .computed = budget_review_computed,
};

/* ---- 10 budget execution ---------------------------------------------------------------
 * One line of the finance bureau's monthly table (department, item, budgeted, spent to
 * date), imported as it comes: the same month's table imported again updates its lines
 * (the natural key). The server writes the line's execution rate and the year's time
 * progress at its as_of day (per mille), and whether it lags by more than
 * budget_lag_permille (the setting in effect when the line is written, like the
 * figures it compares). */

static const field_def execution_fields[] = {
    REG_CONGRESS,
    REG_TITLE("item", "项目", "Item"),
    {.name = "as_of",
     .label_zh = "截至日期",
     .label_en = "As of",
     .type = FT_DATE,
     .flags = FF_REQUIRED | FF_SORT | FF_MAIN_DATE},
    REG_UNIT("unit_id", "预算单位", "Budget unit"),
    REG_AMOUNT("budgeted", "年初预算（万元）", "Budgeted (10,000 yuan)", 0),
    REG_AMOUNT("spent", "累计支出（万元）", "Spent to date (10,000 yuan)", 0),
    {.name = "execution_rate",
     .label_zh = "执行率（‰）",
     .label_en = "Execution (‰)",
     .type = FT_INT,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "time_progress",
     .label_zh = "时间进度（‰）",
     .label_en = "Time progress (‰)",
     .type = FT_INT,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "lagging",
     .label_zh = "执行滞后",
     .label_en = "Lagging",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY | FF_FILTER,
     .def = "0"},
};

static rc_t execution_prepare(store_conn *c, json_t *rec, err *e) {
    long long budgeted = 0, spent = 0;
    if (!reg_decimal(rec, "budgeted", 2, &budgeted))
        budgeted = 0;
    if (!reg_decimal(rec, "spent", 2, &spent))
        spent = 0;
    long long rate = budgeted > 0 ? spent * PERMILLE / budgeted : 0;
    date_t as_of;
    long long progress = 0;
    if (reg_date(rec, "as_of", &as_of)) {
        int y, m, d;
        date_to_ymd(as_of, &y, &m, &d);
        date_t jan1 = date_from_ymd(y, 1, 1);
        progress = (long long)(as_of - jan1 + 1) * PERMILLE / (date_from_ymd(y + 1, 1, 1) - jan1);
    }
    json_object_set_new(rec, "execution_rate", json_integer(rate));
    json_object_set_new(rec, "time_progress", json_integer(progress));
    json_object_set_new(rec, "lagging",
                        json_boolean(progress - rate > settings_get(c, reg_id(rec, "congress_id"),
                                                                    "budget_lag_permille")));
    return RC_OK;
}

static rc_t execution_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    return register_span(c, rec, "as_of", NULL, e);
}

static const collection_board execution_board = {
    .by = {NULL},
    .lights =
        {{.param = "lagging", .color = "yellow", .label_zh = "执行滞后", .label_en = "Lagging"},
         {0}},
};

/* the budget and what is spent, by department, in the latest table imported (its figures
 * run to date: months are not added up) */
static const collection_sum_chart execution_sums = {
    .by = "unit_id", .sums = {"budgeted", "spent", NULL}, .latest = "as_of"};

const collection_def budget_execution_register = {
    .name = "budget_execution",
    .label_zh = "预算执行联网监督",
    .label_en = "Budget execution",
    .title_sql = "@.item",
    REG_FIELDS(execution_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "DataAnalysis",
    .group = "supervision",
    .natural_key = {"congress_id", "as_of", "unit_id", "item"},
    .board = &execution_board,
    .sum_chart = &execution_sums,
    .prepare = execution_prepare,
    .check = execution_check,
};

/* ---- 11 indicators and their values ----------------------------------------------------- */

static const field_def indicator_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("name", "指标名称", "Name"),
    REG_TEXT("unit_of_measure", "计量单位", "Unit of measure", 0),
    REG_LONG("description", "说明", "Description"),
    REG_AMOUNT("baseline", "起始值", "Baseline", -REG_AMOUNT_MAX),
    REG_AMOUNT("target", "目标值", "Target", -REG_AMOUNT_MAX),
};

const collection_def indicators_register = {
    .name = "indicators",
    .label_zh = "监督指标",
    .label_en = "Indicators",
    .title_sql = "@.name",
    REG_FIELDS(indicator_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "DataAnalysis",
    .group = "supervision",
    .children = {"indicator_values", NULL},
};

static const field_def indicator_value_fields[] = {
    REG_CONGRESS,
    {.name = "indicator_id",
     .label_zh = "指标",
     .label_en = "Indicator",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_FILTER | FF_FIXED,
     .ref = "indicators"},
    {.name = "measured_on",
     .label_zh = "日期",
     .label_en = "Measured on",
     .type = FT_DATE,
     .flags = FF_REQUIRED | FF_SORT | FF_MAIN_DATE},
    REG_AMOUNT("value", "数值", "Value", -REG_AMOUNT_MAX),
    REG_TEXT("notes", "备注", "Notes", 0),
};

static rc_t indicator_value_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    return register_span(c, rec, "measured_on", NULL, e);
}

static const collection_chart indicator_chart = {.x = "measured_on", .y = "value"};

const collection_def indicator_values_register = {
    .name = "indicator_values",
    .label_zh = "指标数据",
    .label_en = "Indicator values",
    .title_sql = "@.measured_on",
    REG_FIELDS(indicator_value_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = 0,
    .natural_key = {"indicator_id", "measured_on"},
    .chart = &indicator_chart,
    .check = indicator_value_check,
};
