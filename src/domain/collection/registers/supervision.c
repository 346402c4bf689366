/* supervision.c — the standing committee's supervision registers as field tables of the
 * generic engine (docs/registers.md): inspections, research, enforcement checks,
 * inquiries, investigations and evaluations here; audit findings, budget and
 * indicators in budget.c, normative documents in filing.c. Each is a ledger (台账) a
 * county office keeps in Excel today; the engine gives it list, search, filters,
 * counts, export, import, attachments and its schema. This file lists all eleven in
 * the menu's order (supervision_collections). */
#include "domain/collection/registers/common.h"

/* ---- 1 inspections (代表视察) --------------------------------------------------------- */

static const enum_value inspection_kinds[] = {
    {.id = "collective", .zh = "集中视察", .en = "Collective"},
    {.id = "thematic", .zh = "专题视察", .en = "Thematic"},
    {.id = "individual", .zh = "持证视察", .en = "Individual (with a card)"},
    {0}};

static const field_def inspection_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("subject", "视察主题", "Subject"),
    REG_ENUM("kind", "视察形式", "Kind", inspection_kinds, 0),
    REG_MAIN_DATE("held_on", "视察日期", "Held on"),
    REG_ENDS_ON,
    REG_TEXT("places", "视察地点", "Places", FF_SEARCH),
    REG_COMMITTEE,
    REG_DEPUTIES("inspection", "参加代表", "Deputies"),
    REG_MEMBERS("inspection", "参加组成人员", "Members"),
    REG_UNITS("inspection", "被视察单位", "Units inspected"),
    REG_LONG("findings", "发现问题", "Findings"),
    REG_LONG("opinions", "意见建议", "Opinions and suggestions"),
    REG_MEETING("相关会议", "Meeting", 0),
};
REG_HOOKS(inspection, "held_on", "ends_on")
static const collection_def inspections = {
    .name = "inspections",
    .label_zh = "代表视察",
    .label_en = "Inspections",
    .title_sql = "@.subject",
    REG_FIELDS(inspection_fields),
    .read_roles = REG_WITH_DEPUTIES,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Location",
    .group = "supervision",
    .prepare = inspection_prepare,
    .check = inspection_check,
};

/* ---- 2 research (专题调研) ------------------------------------------------------------ */

static const field_def research_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("subject", "调研课题", "Subject"),
    REG_MAIN_DATE("started_on", "开始日期", "Started on"),
    REG_ENDS_ON,
    REG_COMMITTEE,
    REG_DEPUTIES("research", "参加代表", "Deputies"),
    REG_MEMBERS("research", "参加组成人员", "Members"),
    REG_UNITS("research", "调研单位", "Units visited"),
    REG_LONG("report", "调研报告", "Report"),
    REG_MEETING("相关会议", "Meeting", 0),
};
REG_HOOKS(research, "started_on", "ends_on")
static const collection_def research = {
    .name = "research",
    .label_zh = "专题调研",
    .label_en = "Research",
    .title_sql = "@.subject",
    REG_FIELDS(research_fields),
    .read_roles = REG_WITH_DEPUTIES,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Document",
    .group = "supervision",
    .prepare = research_prepare,
    .check = research_check,
};

/* ---- 3 enforcement checks (执法检查) -------------------------------------------------- */

static const field_def enforcement_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("law", "检查的法律法规", "Law checked"),
    REG_MAIN_DATE("started_on", "开始日期", "Started on"),
    REG_ENDS_ON,
    REG_COMMITTEE,
    REG_MEMBERS("enforcement_check", "检查组组成人员", "Members"),
    REG_DEPUTIES("enforcement_check", "参加代表", "Deputies"),
    REG_UNITS("enforcement_check", "被检查单位", "Units checked"),
    REG_LONG("findings", "发现问题", "Findings"),
    REG_LONG("report", "执法检查报告", "Report"),
    REG_MEETING("审议会议", "Session that deliberated it", 0),
    REG_LONG("opinions", "审议意见", "Deliberation opinions"),
};
REG_HOOKS(enforcement, "started_on", "ends_on")
static const collection_def enforcement_checks = {
    .name = "enforcement_checks",
    .label_zh = "执法检查",
    .label_en = "Enforcement checks",
    .title_sql = "@.law",
    REG_FIELDS(enforcement_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Checked",
    .group = "supervision",
    .prepare = enforcement_prepare,
    .check = enforcement_check,
};

/* ---- 4 inquiries (专题询问), held at a committee session ------------------------------ */

static const field_def inquiry_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("subject", "询问主题", "Subject"),
    REG_MAIN_DATE("held_on", "询问日期", "Held on"),
    REG_MEETING("询问会议", "Session", FF_REQUIRED),
    REG_LONG("questions", "询问问题", "Questions"),
    REG_TEXT("answered_by", "应询人员", "Answered by", FF_SEARCH),
    REG_UNITS("inquiry", "应询单位", "Units answering"),
    REG_MEMBERS("inquiry", "询问人", "Members asking"),
    REG_LONG("follow_up", "整改落实", "Follow-up"),
};
REG_HOOKS(inquiry, "held_on", NULL)
static const collection_def inquiries = {
    .name = "inquiries",
    .label_zh = "专题询问",
    .label_en = "Inquiries",
    .title_sql = "@.subject",
    REG_FIELDS(inquiry_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "ChatDotRound",
    .group = "supervision",
    .prepare = inquiry_prepare,
    .check = inquiry_check,
};

/* ---- 5 investigations (特定问题调查) -------------------------------------------------- */

static const field_def investigation_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("subject", "调查事项", "Subject"),
    REG_MAIN_DATE("started_on", "开始日期", "Started on"),
    REG_ENDS_ON,
    REG_LONG("committee_formed", "调查委员会组成", "Investigation committee"),
    REG_MEMBERS("investigation", "参加组成人员", "Members"),
    REG_DEPUTIES("investigation", "参加代表", "Deputies"),
    REG_UNITS("investigation", "涉及单位", "Units concerned"),
    REG_LONG("findings", "调查报告", "Report"),
    REG_LONG("decision", "作出的决议决定", "Decision"),
    REG_MEETING("相关会议", "Meeting", 0),
    {.name = "resolution_id",
     .label_zh = "决议决定",
     .label_en = "Resolution",
     .type = FT_REF,
     .flags = FF_FILTER,
     .ref = "resolutions"},
};
REG_HOOKS(investigation, "started_on", "ends_on")
static const collection_def investigations = {
    .name = "investigations",
    .label_zh = "特定问题调查",
    .label_en = "Investigations",
    .title_sql = "@.subject",
    REG_FIELDS(investigation_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Tickets",
    .group = "supervision",
    .prepare = investigation_prepare,
    .check = investigation_check,
};

/* ---- 6 evaluations (工作评议) of one unit; its satisfaction polls are the vote
 * engine's (collection_def.polls) ---------------------------------------------------- */

static const enum_value evaluation_results[] = {
    {.id = "satisfied", .zh = "满意", .en = "Satisfied"},
    {.id = "basically_satisfied", .zh = "基本满意", .en = "Basically satisfied"},
    {.id = "dissatisfied", .zh = "不满意", .en = "Dissatisfied"},
    {0}};

static const field_def evaluation_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("subject", "评议内容", "Subject"),
    REG_MAIN_DATE("started_on", "开始日期", "Started on"),
    REG_UNIT("unit_id", "被评议单位", "Unit evaluated"),
    REG_DEPUTIES("evaluation", "参加评议代表", "Deputies"),
    REG_MEMBERS("evaluation", "参加组成人员", "Members"),
    REG_LONG("opinions", "代表意见", "Deputies' opinions"),
    REG_ENUM("result", "评议结果", "Result", evaluation_results, 0),
    REG_LONG("rectification", "整改情况", "Rectification"),
    REG_MEETING("相关会议", "Meeting", 0),
};
REG_HOOKS(evaluation, "started_on", NULL)
static const collection_def evaluations = {
    .name = "evaluations",
    .label_zh = "工作评议",
    .label_en = "Evaluations",
    .title_sql = "@.subject",
    REG_FIELDS(evaluation_fields),
    .read_roles = REG_WITH_UNITS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Checked",
    .group = "supervision",
    .unit_field = "unit_id",
    .polls = true,
    .prepare = evaluation_prepare,
    .check = evaluation_check,
};

/* The supervision registers, 1–11, in the menu's order. */
const collection_def *const supervision_collections[] = {
    &inspections,
    &research,
    &enforcement_checks,
    &inquiries,
    &investigations,
    &evaluations,
    &audit_findings_register,
    &normative_documents_register,
    &budget_reviews_register,
    &budget_execution_register,
    &indicators_register,
    &indicator_values_register,
    &review_requests_register,
    NULL,
};
