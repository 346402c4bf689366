/* core.c — the reference collections of the platform core, as field tables for the
 * generic engine (collection/collection.c). Names follow GLOSSARY.md; the Chinese
 * labels are what people see in forms and in exported files. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/collection/collection.h"
#include "domain/collection/registers/registers.h"
#include "domain/settings.h"

#define NAME_LEN 100
#define SHORT_LEN 50
#define TEXT_LEN 2000
#define PHONE_LEN 40
#define TERM_NUMBER_MAX 100
#define RECEPTION_VOTERS_MAX 100000

static const enum_value levels[] = {
    {.id = "national", .zh = "全国", .en = "National"},
    {.id = "provincial", .zh = "省级", .en = "Provincial"},
    {.id = "city", .zh = "市级", .en = "City"},
    {.id = "county", .zh = "县级", .en = "County"},
    {.id = "township", .zh = "乡镇级", .en = "Township"},
    {0},
};
static const enum_value genders[] = {
    {.id = "male", .zh = "男", .en = "Male"}, {.id = "female", .zh = "女", .en = "Female"}, {0}};
static const enum_value committee_kinds[] = {
    {.id = "special", .zh = "专门委员会", .en = "Special committee"},
    {.id = "working", .zh = "工作委员会", .en = "Working committee"},
    {0}};
static const enum_value unit_kinds[] = {
    {.id = "government", .zh = "人民政府", .en = "Government"},
    {.id = "supervisory_commission", .zh = "监察委员会", .en = "Supervisory commission"},
    {.id = "court", .zh = "人民法院", .en = "Court"},
    {.id = "procuratorate", .zh = "人民检察院", .en = "Procuratorate"},
    {.id = "department", .zh = "政府部门", .en = "Department"},
    {.id = "township", .zh = "乡镇（街道）", .en = "Township"},
    {.id = "other", .zh = "其他", .en = "Other"},
    {0}};
static const enum_value station_kinds[] = {{.id = "station", .zh = "联络站", .en = "Station"},
                                           {.id = "point", .zh = "联络点", .en = "Point"},
                                           {0}};
static const enum_value deputy_statuses[] = {
    {.id = "active", .zh = "在职", .en = "Active"},
    {.id = "terminated", .zh = "终止资格", .en = "Terminated"},
    {.id = "resigned", .zh = "辞职", .en = "Resigned"},
    {0}};
static const enum_value positions[] = {
    {.id = "chair", .zh = "主任", .en = "Chair"},
    {.id = "vice_chair", .zh = "副主任", .en = "Vice-chair"},
    {.id = "secretary_general", .zh = "秘书长", .en = "Secretary-general"},
    {.id = "member", .zh = "委员", .en = "Member"},
    {0}};

#define F_CONGRESS                                                                                 \
    {                                                                                              \
        .name = "congress_id", .label_zh = "所属人大", .label_en = "Congress", .type = FT_REF,     \
        .flags = FF_REQUIRED | FF_FILTER | FF_PUBLIC, .ref = "congresses"                          \
    }
#define F_TERM                                                                                     \
    {                                                                                              \
        .name = "term_id", .label_zh = "届次", .label_en = "Term", .type = FT_REF,                 \
        .flags = FF_FILTER | FF_PUBLIC, .ref = "terms"                                             \
    }
#define F_NAME                                                                                     \
    {                                                                                              \
        .name = "name", .label_zh = "名称", .label_en = "Name", .type = FT_TEXT,                   \
        .flags = FF_REQUIRED | FF_SEARCH | FF_SORT | FF_PUBLIC, .max_len = NAME_LEN                \
    }

#define ALL_SIGNED_IN                                                                              \
    (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_DEPUTY) | \
     ROLE_BIT(ROLE_UNIT))
#define PUBLIC (ALL_SIGNED_IN | ROLE_BIT(ROLE_ANON))
#define OFFICE (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define OFFICE_AND_MEMBERS (OFFICE | ROLE_BIT(ROLE_MEMBER))

static rc_t check_term(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    return check_dates(rec, "start_on", "end_on", e);
}

static rc_t check_member(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    return check_dates(rec, "start_on", "end_on", e);
}

/* text_of — one text value from a one-row query with one integer parameter. */
static rc_t text_of(store_conn *c, const char *sql, int64_t id, char *out, size_t cap, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, id);
    return store_one_text(c, sql, &p, out, cap, NULL, e);
}

/* A point (联络点) belongs to a station (联络站); a station belongs to none, and a
 * station with points cannot become a point. */
static rc_t check_station(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    const char *kind = json_string_value(json_object_get(rec, "kind"));
    json_t *parent = json_object_get(rec, "parent_id");
    bool station = kind && strcmp(kind, "station") == 0;
    if (station && json_is_integer(parent))
        return err_set(e, RC_INVALID, "parent_id",
                       "a station has no parent; only points belong to a station");
    if (json_is_integer(parent)) {
        char pk[16];
        rc_t rc = text_of(c, "SELECT kind FROM stations WHERE id = ?", json_integer_value(parent),
                          pk, sizeof pk, e);
        if (rc)
            return rc;
        if (strcmp(pk, "station") != 0)
            return err_set(e, RC_INVALID, "parent_id",
                           "a point belongs to a station, not to another point");
    }
    if (!station && self_id) {
        char child[24];
        rc_t rc = text_of(c, "SELECT MIN(id) FROM stations WHERE parent_id = ?", self_id, child,
                          sizeof child, e);
        if (rc)
            return rc;
        if (child[0])
            return err_set(e, RC_INVALID, "kind",
                           "this station has points; move them before making it a point");
    }
    return RC_OK;
}

static int level_rank(const char *level) {
    for (int i = 0; level && levels[i].id; i++)
        if (strcmp(levels[i].id, level) == 0)
            return i;
    return -1;
}

/* A congress's parent is a congress of a higher level, so the hierarchy has no loops;
 * a congress with children cannot drop to their level. */
static rc_t check_congress(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    const char *level = json_string_value(json_object_get(rec, "level"));
    json_t *parent = json_object_get(rec, "parent_id");
    char parent_level[32];
    if (json_is_integer(parent)) {
        rc_t rc = text_of(c, "SELECT level FROM congresses WHERE id = ?",
                          json_integer_value(parent), parent_level, sizeof parent_level, e);
        if (rc)
            return rc;
        if (level_rank(parent_level) >= level_rank(level))
            return err_set(e, RC_INVALID, "parent_id",
                           "the parent congress must be of a higher level than %s", level);
    }
    if (self_id) {
        /* any child at or above the new level is a conflict */
        store_stmt *st = NULL;
        rc_t rc = store_prepare(c, "SELECT level FROM congresses WHERE parent_id = ?", &st, e);
        if (rc)
            return rc;
        store_bind_int(st, 1, self_id);
        bool low = false;
        while (!low && store_next(st, &rc, e))
            low = level_rank(store_column_text(st, 0)) <= level_rank(level);
        store_finish(st);
        if (rc)
            return rc;
        if (low)
            return err_set(e, RC_INVALID, "level",
                           "a congress must be of a higher level than the congresses under it");
    }
    return RC_OK;
}

static const field_def congress_fields[] = {
    F_NAME,
    {.name = "level",
     .label_zh = "层级",
     .label_en = "Level",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER | FF_SORT | FF_PUBLIC,
     .values = levels},
    {.name = "parent_id",
     .label_zh = "上级人大",
     .label_en = "Parent congress",
     .type = FT_REF,
     .flags = FF_FILTER | FF_PUBLIC,
     .ref = "congresses"},
};
static const collection_def congresses = {
    .name = "congresses",
    .label_zh = "人民代表大会",
    .label_en = "Congresses",
    .title_sql = "@.name",
    .fields = congress_fields,
    .nfields = sizeof congress_fields / sizeof congress_fields[0],
    .read_roles = PUBLIC,
    .write_roles = ROLE_BIT(ROLE_ADMIN),
    .menu_roles = OFFICE_AND_MEMBERS,
    .icon = "School",
    .scoped_by_self = true,
    .check = check_congress,
};

static const field_def term_fields[] = {
    F_CONGRESS,
    {.name = "number",
     .label_zh = "届次",
     .label_en = "Number",
     .type = FT_INT,
     .flags = FF_REQUIRED | FF_FILTER | FF_SORT | FF_PUBLIC,
     .min = 1,
     .max = TERM_NUMBER_MAX},
    {.name = "start_on",
     .label_zh = "开始日期",
     .label_en = "Start date",
     .type = FT_DATE,
     .flags = FF_REQUIRED | FF_SORT | FF_MAIN_DATE | FF_PUBLIC},
    {.name = "end_on",
     .label_zh = "结束日期",
     .label_en = "End date",
     .type = FT_DATE,
     .flags = FF_SORT | FF_PUBLIC},
};
static const collection_def terms = {
    .name = "terms",
    .label_zh = "届次",
    .label_en = "Terms",
    .title_sql = "'第' || @.number || '届'",
    .fields = term_fields,
    .nfields = sizeof term_fields / sizeof term_fields[0],
    .read_roles = PUBLIC,
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS,
    .icon = "Calendar",
    .natural_key = {"congress_id", "number"},
    .check = check_term,
};

static const field_def person_fields[] = {
    F_CONGRESS,
    {.name = "name",
     .label_zh = "姓名",
     .label_en = "Name",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_SEARCH | FF_SORT,
     .max_len = NAME_LEN},
    {.name = "gender",
     .label_zh = "性别",
     .label_en = "Gender",
     .type = FT_ENUM,
     .flags = FF_FILTER,
     .values = genders},
    {.name = "birth_date",
     .label_zh = "出生日期",
     .label_en = "Birth date",
     .type = FT_DATE,
     .flags = FF_SORT},
    {.name = "ethnicity",
     .label_zh = "民族",
     .label_en = "Ethnicity",
     .type = FT_TEXT,
     .flags = FF_FILTER,
     .max_len = SHORT_LEN},
    {.name = "party",
     .label_zh = "政治面貌",
     .label_en = "Party",
     .type = FT_TEXT,
     .flags = FF_FILTER,
     .max_len = SHORT_LEN},
    {.name = "phone",
     .label_zh = "联系电话",
     .label_en = "Phone",
     .type = FT_TEXT,
     .max_len = PHONE_LEN},
};
static const collection_def persons = {
    .name = "persons",
    .label_zh = "人员",
    .label_en = "Persons",
    .title_sql = "@.name",
    .fields = person_fields,
    .nfields = sizeof person_fields / sizeof person_fields[0],
    .read_roles = OFFICE_AND_MEMBERS,
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS,
    .icon = "User",
};

static const field_def committee_fields[] = {
    F_CONGRESS,
    F_NAME,
    {.name = "kind",
     .label_zh = "类别",
     .label_en = "Kind",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER | FF_SORT | FF_PUBLIC,
     .values = committee_kinds},
    {.name = "duties",
     .label_zh = "职责",
     .label_en = "Duties",
     .type = FT_TEXT,
     .flags = FF_LONG | FF_PUBLIC,
     .max_len = TEXT_LEN},
};
static const collection_def committees = {
    .name = "committees",
    .label_zh = "委员会",
    .label_en = "Committees",
    .title_sql = "@.name",
    .fields = committee_fields,
    .nfields = sizeof committee_fields / sizeof committee_fields[0],
    .read_roles = PUBLIC,
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS,
    .icon = "Collection",
    .natural_key = {"congress_id", "name"},
};

static const field_def unit_fields[] = {
    F_CONGRESS,
    F_NAME,
    {.name = "kind",
     .label_zh = "类别",
     .label_en = "Kind",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER | FF_SORT | FF_PUBLIC,
     .values = unit_kinds},
    {.name = "contact",
     .label_zh = "联系人",
     .label_en = "Contact",
     .type = FT_TEXT,
     .max_len = NAME_LEN},
    {.name = "phone",
     .label_zh = "联系电话",
     .label_en = "Phone",
     .type = FT_TEXT,
     .max_len = PHONE_LEN},
};
static const collection_def units = {
    .name = "units",
    .label_zh = "承办单位",
    .label_en = "Handling units",
    .title_sql = "@.name",
    .fields = unit_fields,
    .nfields = sizeof unit_fields / sizeof unit_fields[0],
    .read_roles = PUBLIC,
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS | ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT),
    .icon = "OfficeBuilding",
    .natural_key = {"congress_id", "name"},
};

static const field_def station_fields[] = {
    F_CONGRESS,
    F_NAME,
    {.name = "kind",
     .label_zh = "类别",
     .label_en = "Kind",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER | FF_SORT | FF_PUBLIC,
     .values = station_kinds},
    {.name = "township",
     .label_zh = "乡镇（街道）",
     .label_en = "Township",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_FILTER | FF_SEARCH | FF_SORT | FF_PUBLIC,
     .max_len = SHORT_LEN},
    {.name = "parent_id",
     .label_zh = "所属联络站",
     .label_en = "Station",
     .type = FT_REF,
     .flags = FF_FILTER | FF_PUBLIC,
     .ref = "stations"},
    {.name = "address",
     .label_zh = "地址",
     .label_en = "Address",
     .type = FT_TEXT,
     .flags = FF_PUBLIC,
     .max_len = NAME_LEN},
};
static const collection_def stations = {
    .name = "stations",
    .label_zh = "代表联络站",
    .label_en = "Liaison stations",
    .title_sql = "@.name",
    .fields = station_fields,
    .nfields = sizeof station_fields / sizeof station_fields[0],
    .read_roles = PUBLIC,
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS | ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT),
    .icon = "Location",
    .natural_key = {"congress_id", "name"},
    .check = check_station,
};

static const field_def deputy_fields[] = {
    F_CONGRESS,
    {.name = "person_id",
     .label_zh = "姓名",
     .label_en = "Name",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_PUBLIC,
     .ref = "persons"},
    F_TERM,
    {.name = "level",
     .label_zh = "代表层级",
     .label_en = "Level",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER | FF_SORT | FF_PUBLIC,
     .values = levels},
    {.name = "delegation",
     .label_zh = "代表团",
     .label_en = "Delegation",
     .type = FT_TEXT,
     .flags = FF_FILTER | FF_SEARCH | FF_SORT | FF_PUBLIC,
     .max_len = SHORT_LEN},
    {.name = "occupation",
     .label_zh = "职业职务",
     .label_en = "Occupation",
     .type = FT_TEXT,
     .flags = FF_SEARCH | FF_PUBLIC,
     .max_len = NAME_LEN},
    {.name = "station_id",
     .label_zh = "联络站",
     .label_en = "Station",
     .type = FT_REF,
     .flags = FF_FILTER | FF_PUBLIC,
     .ref = "stations"},
    {.name = "status",
     .label_zh = "状态",
     .label_en = "Status",
     .type = FT_ENUM,
     .flags = FF_FILTER | FF_SORT | FF_PUBLIC,
     .values = deputy_statuses,
     .def = "active"},
};
static const collection_def deputies = {
    .name = "deputies",
    .label_zh = "人大代表",
    .label_en = "Deputies",
    .title_sql = "(SELECT p.name FROM persons p WHERE p.id = @.person_id)",
    .fields = deputy_fields,
    .nfields = sizeof deputy_fields / sizeof deputy_fields[0],
    .read_roles = PUBLIC, /* the public site's 代表风采: the FF_PUBLIC fields only */
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS | ROLE_BIT(ROLE_DEPUTY),
    .icon = "UserFilled",
};

static const field_def member_fields[] = {
    F_CONGRESS,
    F_TERM,
    {.name = "person_id",
     .label_zh = "姓名",
     .label_en = "Name",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_SEARCH | FF_FILTER,
     .ref = "persons"},
    {.name = "position",
     .label_zh = "职务",
     .label_en = "Position",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER | FF_SORT,
     .values = positions},
    {.name = "committee_id",
     .label_zh = "所在委员会",
     .label_en = "Committee",
     .type = FT_REF,
     .flags = FF_FILTER,
     .ref = "committees"},
    {.name = "start_on",
     .label_zh = "任职日期",
     .label_en = "Start date",
     .type = FT_DATE,
     .flags = FF_SORT | FF_MAIN_DATE},
    {.name = "end_on",
     .label_zh = "离任日期",
     .label_en = "End date",
     .type = FT_DATE,
     .flags = FF_SORT},
};
static const collection_def members = {
    .name = "members",
    .label_zh = "常委会组成人员",
    .label_en = "Standing committee members",
    .title_sql = "(SELECT p.name FROM persons p WHERE p.id = @.person_id)",
    .fields = member_fields,
    .nfields = sizeof member_fields / sizeof member_fields[0],
    .read_roles = ALL_SIGNED_IN,
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS,
    .icon = "Avatar",
    .check = check_member,
};

/* The congress's calendar exceptions for working-day deadlines (docs/cases.md):
 * weekends are implied, so only holidays and weekend make-up working days are kept. */
static const field_def holiday_fields[] = {
    F_CONGRESS,
    {.name = "day",
     .label_zh = "日期",
     .label_en = "Day",
     .type = FT_DATE,
     .flags = FF_REQUIRED | FF_SORT | FF_MAIN_DATE},
    {.name = "working",
     .label_zh = "调休上班（1）/放假（0）",
     .label_en = "Make-up working day (1) / holiday (0)",
     .type = FT_INT,
     .flags = FF_FILTER | FF_SORT,
     .max = 1,
     .def = "0"},
    {.name = "name",
     .label_zh = "名称",
     .label_en = "Name",
     .type = FT_TEXT,
     .flags = FF_SEARCH,
     .max_len = SHORT_LEN},
};
static const collection_def holidays = {
    .name = "holidays",
    .label_zh = "节假日",
    .label_en = "Holidays",
    .title_sql = "@.day",
    .fields = holiday_fields,
    .nfields = sizeof holiday_fields / sizeof holiday_fields[0],
    .read_roles = ALL_SIGNED_IN,
    .write_roles = OFFICE,
    .menu_roles = OFFICE,
    .icon = "Calendar",
    .natural_key = {"congress_id", "day"},
};

/* ---- receptions and their announcement ------------------------------------------------ */

static const char *rec_text(const json_t *rec, const char *key) {
    return json_string_value(json_object_get(rec, key));
}

static int64_t rec_congress(const json_t *rec) {
    json_t *v = json_object_get(rec, "congress_id");
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* An announcement comes before the reception it announces. */
static rc_t check_reception(store_conn *c, const json_t *rec, int64_t self_id, err *e) {
    date_t held, announced;
    if (date_parse(rec_text(rec, "held_on") ? rec_text(rec, "held_on") : "", &held) &&
        date_parse(rec_text(rec, "announced_on") ? rec_text(rec, "announced_on") : "",
                   &announced) &&
        announced > held)
        return err_set(e, RC_INVALID, "announced_on",
                       "announced_on must not be after held_on: a reception is announced "
                       "before it is held");
    return RC_OK;
}

/* The last day an announcement is in time: held_on minus the notice period. */
static rc_t prepare_reception(store_conn *c, json_t *rec, err *e) {
    date_t held;
    if (!date_parse(rec_text(rec, "held_on") ? rec_text(rec, "held_on") : "", &held)) {
        json_object_set_new(rec, "announce_by", json_null());
        return RC_OK;
    }
    char by[11];
    date_format(held - (date_t)settings_get(c, rec_congress(rec), "reception_notice_days"), by);
    json_object_set_new(rec, "announce_by", json_string(by));
    return RC_OK;
}

/* today_of — the day in the congress's local time (the setting utc_offset_minutes). */
static date_t today_of(store_conn *c, int64_t congress) {
    return date_today_at((int)settings_get(c, congress, "utc_offset_minutes"));
}

/* Late: announced after its announce-by day, or not announced and that day has passed.
 * A reception recorded before announcements were kept has no announce-by day. */
static void reception_late(store_conn *c, json_t *rec) {
    date_t by, announced;
    bool late = false;
    if (date_parse(rec_text(rec, "announce_by") ? rec_text(rec, "announce_by") : "", &by)) {
        if (date_parse(rec_text(rec, "announced_on") ? rec_text(rec, "announced_on") : "",
                       &announced))
            late = announced > by;
        else
            late = today_of(c, rec_congress(rec)) > by;
    }
    json_object_set_new(rec, "announced_late", json_boolean(late));
}

/* ?announced_late=true|false, the same rule as reception_late in SQL; ?upcoming=true,
 * receptions from today on (the public site's "next reception days"). */
static rc_t reception_param(const query_source *s, query_plan *plan, const char *key, const char *v,
                            bool *handled, err *e) {
    bool yes = false;
    *handled = strcmp(key, "announced_late") == 0 || strcmp(key, "upcoming") == 0;
    if (!*handled)
        return RC_OK;
    if (key[0] == 'a' && s->who->role == ROLE_ANON)
        return err_set(e, RC_INVALID, key, "%s is the office's filter", key);
    rc_t rc = query_bool(key, v, &yes, e);
    if (rc)
        return rc;
    if (key[0] == 'u')
        return yes ? query_add_text(plan, " AND t.held_on >= ?", plan->today_s)
                   : query_add_text(plan, " AND t.held_on < ?", plan->today_s);
    return query_add_text(plan,
                          yes ? " AND t.announce_by IS NOT NULL AND (t.announced_on > "
                                "t.announce_by OR (t.announced_on IS NULL AND t.announce_by < ?))"
                              : " AND (t.announce_by IS NULL OR t.announced_on <= t.announce_by "
                                "OR (t.announced_on IS NULL AND t.announce_by >= ?))",
                          plan->today_s);
}

/* A reception day at a liaison station; its opinions are cases (opinion.c). It is
 * announced reception_notice_days ahead (DOMAIN.md): announce_by is the last day that
 * was in time, fixed by the notice period in effect when the reception is written
 * (prepare_reception), and announced_late is worked out on reading, since a reception
 * nobody announced becomes late as the days pass (reception_late). The public sees a
 * reception once it is announced. */
static const field_def reception_fields[] = {
    F_CONGRESS,
    {.name = "station_id",
     .label_zh = "联络站",
     .label_en = "Station",
     .type = FT_REF,
     .flags = FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_PUBLIC,
     .ref = "stations"},
    /* before held_on: dates in the order they happen */
    {.name = "announced_on",
     .label_zh = "公告日期",
     .label_en = "Announced on",
     .type = FT_DATE,
     .flags = FF_SORT | FF_PUBLIC},
    {.name = "held_on",
     .label_zh = "接待日期",
     .label_en = "Held on",
     .type = FT_DATE,
     .flags = FF_REQUIRED | FF_SORT | FF_MAIN_DATE | FF_PUBLIC},
    {.name = "voters_received",
     .label_zh = "接待选民数",
     .label_en = "Voters received",
     .type = FT_INT,
     .flags = FF_SORT,
     .max = RECEPTION_VOTERS_MAX,
     .def = "0"},
    {.name = "notes",
     .label_zh = "备注",
     .label_en = "Notes",
     .type = FT_TEXT,
     .flags = FF_LONG | FF_SEARCH,
     .max_len = TEXT_LEN},
    /* the deputies present, of any level */
    {.name = "deputy_ids",
     .label_zh = "出席代表",
     .label_en = "Deputies present",
     .type = FT_REFS,
     .flags = FF_PUBLIC | FF_FILTER,
     .ref = "deputies",
     .link_table = "reception_deputies",
     .link_owner = "reception_id",
     .link_ref = "deputy_id"},
    {.name = "announce_by",
     .label_zh = "应公告日期",
     .label_en = "Announce by",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "announced_late",
     .label_zh = "未按期公告",
     .label_en = "Announced late",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY | FF_COMPUTED},
};
static const collection_def receptions = {
    .name = "receptions",
    .label_zh = "代表接待选民",
    .label_en = "Receptions",
    .title_sql = "@.held_on",
    .fields = reception_fields,
    .nfields = sizeof reception_fields / sizeof reception_fields[0],
    .read_roles = PUBLIC,
    .write_roles = OFFICE,
    .menu_roles = OFFICE_AND_MEMBERS | ROLE_BIT(ROLE_DEPUTY),
    .icon = "Calendar",
    .check = check_reception,
    .prepare = prepare_reception,
    .computed = reception_late,
    .param = reception_param,
    .public_where = " AND t.announced_on IS NOT NULL",
};

/* The core's collections, in the order the registry (registers.c), and so the menu,
 * lists them: what people open most first. */
const collection_def *const core_collections[] = {
    &receptions, &deputies, &members,  &persons,    &committees, &units,
    &stations,   &terms,    &holidays, &congresses, NULL,
};
