/* office.c — the office's own registers (机关工作) as field tables of the generic engine
 * (docs/registers.md): publicity articles, trainings, the committee's regulations with
 * their revisions, reports and requests to the county Party committee, and other
 * activities. Each is a ledger the office keeps; the engine gives it list, search,
 * filters, counts, export, import, attachments and its schema. */
#include "domain/collection/registers/common.h"

#define URL_LEN 2000

/* ---- 12 articles (宣传稿件) ----------------------------------------------------------- */

static const enum_value outlet_levels[] = {{.id = "national", .zh = "国家级", .en = "National"},
                                           {.id = "provincial", .zh = "省级", .en = "Provincial"},
                                           {.id = "city", .zh = "市级", .en = "City"},
                                           {.id = "county", .zh = "县级", .en = "County"},
                                           {0}};

static const field_def article_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("title", "标题", "Title"),
    REG_MAIN_DATE("published_on", "刊发日期", "Published on"),
    REG_TEXT("outlet", "刊发媒体", "Outlet", FF_FILTER | FF_SEARCH),
    REG_ENUM("outlet_level", "媒体级别", "Outlet level", outlet_levels, 0),
    /* 《人大代表风采》《议案追踪》… */
    REG_TEXT("column_name", "栏目", "Column", FF_FILTER | FF_SEARCH),
    REG_TEXT("author", "作者", "Author", FF_SEARCH),
    {.name = "url", .label_zh = "链接", .label_en = "Link", .type = FT_TEXT, .max_len = URL_LEN},
    REG_DEPUTIES("article", "报道的代表", "Deputies featured"),
};
REG_HOOKS(article, "published_on", NULL)
static const collection_def articles = {
    .name = "articles",
    .label_zh = "宣传稿件",
    .label_en = "Articles",
    .title_sql = "@.title",
    REG_FIELDS(article_fields),
    .read_roles = REG_WITH_DEPUTIES,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "EditPen",
    .group = "office",
    .prepare = article_prepare,
    .check = article_check,
};

/* ---- 13 trainings (培训) -------------------------------------------------------------- */

static const enum_value audiences[] = {
    {.id = "deputies", .zh = "人大代表", .en = "Deputies"},
    {.id = "township_staff", .zh = "乡镇人大干部", .en = "Township congress staff"},
    {.id = "members", .zh = "常委会组成人员", .en = "Committee members"},
    {.id = "staff", .zh = "机关干部", .en = "Office staff"},
    {0}};

static const field_def training_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("subject", "培训主题", "Subject"),
    REG_MAIN_DATE("held_on", "开始日期", "Held on"),
    REG_ENDS_ON,
    REG_ENUM("audience", "培训对象", "Audience", audiences, 0),
    REG_TEXT("place", "培训地点", "Place", FF_SEARCH),
    REG_TEXT("organizer", "主办单位", "Organizer", FF_SEARCH),
    REG_COUNT("attendees", "参训人次", "Attendees"),
    REG_UNITS("training", "覆盖的乡镇", "Townships covered"),
    REG_DEPUTIES("training", "参训代表", "Deputies trained"),
};
REG_HOOKS(training, "held_on", "ends_on")
static const collection_def trainings = {
    .name = "trainings",
    .label_zh = "培训",
    .label_en = "Trainings",
    .title_sql = "@.subject",
    REG_FIELDS(training_fields),
    .read_roles = REG_WITH_DEPUTIES,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "School",
    .group = "office",
    .prepare = training_prepare,
    .check = training_check,
};

/* ---- 14 regulations (规章制度) and their revisions ----------------------------------- */

static const enum_value regulation_statuses[] = {
    {.id = "in_force", .zh = "现行有效", .en = "In force"},
    {.id = "revised", .zh = "已修订", .en = "Revised"},
    {.id = "repealed", .zh = "已废止", .en = "Repealed"},
    {0}};

static const field_def regulation_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("title", "制度名称", "Title"),
    REG_MAIN_DATE("adopted_on", "制定日期", "Adopted on"),
    REG_TEXT("number", "文号", "Number", FF_SEARCH),
    {.name = "status",
     .label_zh = "状态",
     .label_en = "Status",
     .type = FT_ENUM,
     .flags = FF_FILTER,
     .values = regulation_statuses,
     .def = "in_force"},
    REG_LONG("body", "主要内容", "Main content"),
    REG_MEETING("通过的会议", "Adopted at", 0),
};
REG_HOOKS(regulation, "adopted_on", NULL)
static const collection_def regulations = {
    .name = "regulations",
    .label_zh = "规章制度",
    .label_en = "Regulations",
    .title_sql = "@.title",
    REG_FIELDS(regulation_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Document",
    .group = "office",
    .children = {"regulation_revisions", NULL},
    .prepare = regulation_prepare,
    .check = regulation_check,
};

static const field_def revision_fields[] = {
    REG_CONGRESS,
    {.name = "regulation_id",
     .label_zh = "规章制度",
     .label_en = "Regulation",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_FILTER | FF_FIXED,
     .ref = "regulations"},
    {.name = "revised_on",
     .label_zh = "修订日期",
     .label_en = "Revised on",
     .type = FT_DATE,
     .flags = FF_REQUIRED | FF_SORT | FF_MAIN_DATE},
    REG_MEETING("通过的会议", "Adopted at", 0),
    REG_LONG("summary", "修订内容", "Summary"),
};

static rc_t revision_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    return register_span(c, rec, "revised_on", NULL, e);
}

static const collection_def regulation_revisions = {
    .name = "regulation_revisions",
    .label_zh = "修订记录",
    .label_en = "Revisions",
    .title_sql = "@.revised_on",
    REG_FIELDS(revision_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = 0,
    .check = revision_check,
};

/* ---- 15 reports and requests to the county Party committee (向县委请示报告) ------------ */

static const enum_value party_report_kinds[] = {{.id = "report", .zh = "报告", .en = "Report"},
                                                {.id = "request", .zh = "请示", .en = "Request"},
                                                {0}};

static const field_def party_report_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("title", "标题", "Title"),
    REG_MAIN_DATE("submitted_on", "报送日期", "Submitted on"),
    REG_ENUM("kind", "类别", "Kind", party_report_kinds, FF_REQUIRED),
    REG_LONG("content", "主要内容", "Content"),
    REG_LONG("reply", "县委批复", "Reply"),
    REG_DATE("replied_on", "批复日期", "Replied on"),
    REG_MEETING("研究的主任会议", "Chairpersons' meeting", 0),
};
static rc_t party_report_prepare(store_conn *c, json_t *rec, err *e) {
    return register_term(c, rec, "submitted_on", e);
}

/* a reply comes after what it answers */
static rc_t party_report_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    rc_t rc = register_span(c, rec, "submitted_on", NULL, e);
    if (rc == RC_OK && reg_before(rec, "replied_on", "submitted_on"))
        rc = err_set(e, RC_INVALID, "replied_on", "replied_on must not be before submitted_on");
    return rc;
}
static const collection_def party_reports = {
    .name = "party_reports",
    .label_zh = "向县委请示报告",
    .label_en = "Reports to the Party committee",
    .title_sql = "@.title",
    REG_FIELDS(party_report_fields),
    .read_roles = REG_READERS,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Message",
    .group = "office",
    .prepare = party_report_prepare,
    .check = party_report_check,
};

/* ---- 16 other activities (其他活动) --------------------------------------------------- */

static const enum_value event_kinds[] = {
    {.id = "joint_meeting", .zh = "联席会议", .en = "Joint meeting"},
    {.id = "campaign", .zh = "倡议活动", .en = "Campaign"},
    {.id = "visit", .zh = "考察交流", .en = "Visit"},
    {.id = "other", .zh = "其他", .en = "Other"},
    {0}};

static const field_def event_fields[] = {
    REG_CONGRESS,
    REG_TERM,
    REG_TITLE("title", "活动名称", "Title"),
    REG_MAIN_DATE("held_on", "开始日期", "Held on"),
    REG_ENUM("kind", "类别", "Kind", event_kinds, 0),
    REG_ENDS_ON,
    REG_TEXT("place", "地点", "Place", FF_SEARCH),
    REG_LONG("description", "活动情况", "Description"),
    REG_DEPUTIES("event", "参加代表", "Deputies"),
    /* a campaign whose deputies are not listed one by one */
    REG_COUNT("deputies_count", "参加代表人数", "Deputies taking part"),
};
REG_HOOKS(event, "held_on", "ends_on")
static const collection_def events = {
    .name = "events",
    .label_zh = "其他活动",
    .label_en = "Other activities",
    .title_sql = "@.title",
    REG_FIELDS(event_fields),
    .read_roles = REG_WITH_DEPUTIES,
    .write_roles = REG_OFFICE,
    .menu_roles = REG_READERS,
    .icon = "Calendar",
    .group = "office",
    .prepare = event_prepare,
    .check = event_check,
};

/* The office's registers, 12–16, in the menu's order (the revisions after them). */
const collection_def *const office_collections[] = {
    &articles, &trainings, &regulations, &party_reports, &events, &regulation_revisions, NULL,
};
