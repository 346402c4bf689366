/* collections.c — the reference collections of the platform core, as field tables
 * for the generic engine in collection.c. Names follow GLOSSARY.md; the Chinese
 * labels are what people see in forms and in exported files. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/collection.h"

#define NAME_LEN 100
#define SHORT_LEN 50
#define TEXT_LEN 2000
#define PHONE_LEN 40
#define TERM_NUMBER_MAX 100
#define RECEPTION_VOTERS_MAX 100000

static const enum_value levels[] = {
    {"national", "全国", "National"},   {"provincial", "省级", "Provincial"},
    {"city", "市级", "City"},           {"county", "县级", "County"},
    {"township", "乡镇级", "Township"}, {NULL, NULL, NULL},
};
static const enum_value genders[] = {
    {"male", "男", "Male"}, {"female", "女", "Female"}, {NULL, NULL, NULL}};
static const enum_value committee_kinds[] = {
    {"special", "专门委员会", "Special committee"},
    {"working", "工作委员会", "Working committee"},
    {NULL, NULL, NULL}};
static const enum_value unit_kinds[] = {
    {"government", "人民政府", "Government"},
    {"supervisory_commission", "监察委员会", "Supervisory commission"},
    {"court", "人民法院", "Court"},
    {"procuratorate", "人民检察院", "Procuratorate"},
    {"department", "政府部门", "Department"},
    {"township", "乡镇（街道）", "Township"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL}};
static const enum_value station_kinds[] = {
    {"station", "联络站", "Station"}, {"point", "联络点", "Point"}, {NULL, NULL, NULL}};
static const enum_value deputy_statuses[] = {
    {"active", "在职", "Active"},
    {"terminated", "终止资格", "Terminated"},
    {"resigned", "辞职", "Resigned"},
    {NULL, NULL, NULL}};
static const enum_value positions[] = {
    {"chair", "主任", "Chair"},
    {"vice_chair", "副主任", "Vice-chair"},
    {"secretary_general", "秘书长", "Secretary-general"},
    {"member", "委员", "Member"},
    {NULL, NULL, NULL}};

#define F_CONGRESS                                                                            \
    {"congress_id", "所属人大", "Congress", FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, 0, NULL,   \
     "congresses", NULL}
#define F_TERM                                                                                \
    {"term_id", "届次", "Term", FT_REF, FF_FILTER, 0, 0, 0, NULL, "terms", NULL}
#define F_NAME                                                                                \
    {"name", "名称", "Name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, NAME_LEN, 0, 0, NULL, \
     NULL, NULL}

#define ALL_SIGNED_IN                                                                         \
    (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER) |                    \
     ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT))
#define PUBLIC (ALL_SIGNED_IN | ROLE_BIT(ROLE_ANON))
#define OFFICE (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define OFFICE_AND_MEMBERS (OFFICE | ROLE_BIT(ROLE_MEMBER))

/* check_dates — an end date, when given, is not before the start date. */
static rc_t check_dates(const json_t *rec, const char *start, const char *end, err *e) {
    const char *s = json_string_value(json_object_get(rec, start));
    const char *t = json_string_value(json_object_get(rec, end));
    date_t ds, dt;
    if (s && t && date_parse(s, &ds) && date_parse(t, &dt) && dt < ds)
        return err_set(e, RC_INVALID, end, "%s must not be before %s", end, start);
    return RC_OK;
}

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
        return err_set(e, RC_INVALID, "parent_id", "a station has no parent; only points belong to a station");
    if (json_is_integer(parent)) {
        char pk[16];
        rc_t rc = text_of(c, "SELECT kind FROM stations WHERE id = ?", json_integer_value(parent), pk, sizeof pk, e);
        if (rc)
            return rc;
        if (strcmp(pk, "station") != 0)
            return err_set(e, RC_INVALID, "parent_id", "a point belongs to a station, not to another point");
    }
    if (!station && self_id) {
        char child[24];
        rc_t rc = text_of(c, "SELECT MIN(id) FROM stations WHERE parent_id = ?", self_id, child, sizeof child, e);
        if (rc)
            return rc;
        if (child[0])
            return err_set(e, RC_INVALID, "kind", "this station has points; move them before making it a point");
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
        rc_t rc = text_of(c, "SELECT level FROM congresses WHERE id = ?", json_integer_value(parent),
                          parent_level, sizeof parent_level, e);
        if (rc)
            return rc;
        if (level_rank(parent_level) >= level_rank(level))
            return err_set(e, RC_INVALID, "parent_id", "the parent congress must be of a higher level than %s", level);
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
    {"level", "层级", "Level", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, 0, levels, NULL, NULL},
    {"parent_id", "上级人大", "Parent congress", FT_REF, FF_FILTER, 0, 0, 0, NULL, "congresses", NULL},
};
static const collection_def congresses = {
    "congresses", "人民代表大会", "Congresses", "@.name",
    congress_fields, sizeof congress_fields / sizeof congress_fields[0],
    PUBLIC, ROLE_BIT(ROLE_ADMIN), true, check_congress};

static const field_def term_fields[] = {
    F_CONGRESS,
    {"number", "届次", "Number", FT_INT, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 1, TERM_NUMBER_MAX, NULL, NULL, NULL},
    {"start_on", "开始日期", "Start date", FT_DATE, FF_REQUIRED | FF_SORT, 0, 0, 0, NULL, NULL, NULL},
    {"end_on", "结束日期", "End date", FT_DATE, FF_SORT, 0, 0, 0, NULL, NULL, NULL},
};
static const collection_def terms = {
    "terms", "届次", "Terms", "'第' || @.number || '届'",
    term_fields, sizeof term_fields / sizeof term_fields[0],
    PUBLIC, OFFICE, false, check_term};

static const field_def person_fields[] = {
    F_CONGRESS,
    {"name", "姓名", "Name", FT_TEXT, FF_REQUIRED | FF_SEARCH | FF_SORT, NAME_LEN, 0, 0, NULL, NULL, NULL},
    {"gender", "性别", "Gender", FT_ENUM, FF_FILTER, 0, 0, 0, genders, NULL, NULL},
    {"birth_date", "出生日期", "Birth date", FT_DATE, FF_SORT, 0, 0, 0, NULL, NULL, NULL},
    {"ethnicity", "民族", "Ethnicity", FT_TEXT, FF_FILTER, SHORT_LEN, 0, 0, NULL, NULL, NULL},
    {"party", "政治面貌", "Party", FT_TEXT, FF_FILTER, SHORT_LEN, 0, 0, NULL, NULL, NULL},
    {"phone", "联系电话", "Phone", FT_TEXT, 0, PHONE_LEN, 0, 0, NULL, NULL, NULL},
};
static const collection_def persons = {
    "persons", "人员", "Persons", "@.name",
    person_fields, sizeof person_fields / sizeof person_fields[0],
    OFFICE_AND_MEMBERS, OFFICE, false, NULL};

static const field_def committee_fields[] = {
    F_CONGRESS,
    F_NAME,
    {"kind", "类别", "Kind", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, 0, committee_kinds, NULL, NULL},
    {"duties", "职责", "Duties", FT_TEXT, FF_LONG, TEXT_LEN, 0, 0, NULL, NULL, NULL},
};
static const collection_def committees = {
    "committees", "委员会", "Committees", "@.name",
    committee_fields, sizeof committee_fields / sizeof committee_fields[0],
    PUBLIC, OFFICE, false, NULL};

static const field_def unit_fields[] = {
    F_CONGRESS,
    F_NAME,
    {"kind", "类别", "Kind", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, 0, unit_kinds, NULL, NULL},
    {"contact", "联系人", "Contact", FT_TEXT, 0, NAME_LEN, 0, 0, NULL, NULL, NULL},
    {"phone", "联系电话", "Phone", FT_TEXT, 0, PHONE_LEN, 0, 0, NULL, NULL, NULL},
};
static const collection_def units = {
    "units", "承办单位", "Handling units", "@.name",
    unit_fields, sizeof unit_fields / sizeof unit_fields[0],
    PUBLIC, OFFICE, false, NULL};

static const field_def station_fields[] = {
    F_CONGRESS,
    F_NAME,
    {"kind", "类别", "Kind", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, 0, station_kinds, NULL, NULL},
    {"township", "乡镇（街道）", "Township", FT_TEXT, FF_REQUIRED | FF_FILTER | FF_SEARCH | FF_SORT, SHORT_LEN, 0, 0, NULL, NULL, NULL},
    {"parent_id", "所属联络站", "Station", FT_REF, FF_FILTER, 0, 0, 0, NULL, "stations", NULL},
    {"address", "地址", "Address", FT_TEXT, 0, NAME_LEN, 0, 0, NULL, NULL, NULL},
};
static const collection_def stations = {
    "stations", "代表联络站", "Liaison stations", "@.name",
    station_fields, sizeof station_fields / sizeof station_fields[0],
    PUBLIC, OFFICE, false, check_station};

static const field_def deputy_fields[] = {
    F_CONGRESS,
    {"person_id", "姓名", "Name", FT_REF, FF_REQUIRED | FF_SEARCH | FF_FILTER, 0, 0, 0, NULL, "persons", NULL},
    F_TERM,
    {"level", "代表层级", "Level", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, 0, levels, NULL, NULL},
    {"delegation", "代表团", "Delegation", FT_TEXT, FF_FILTER | FF_SEARCH | FF_SORT, SHORT_LEN, 0, 0, NULL, NULL, NULL},
    {"occupation", "职业职务", "Occupation", FT_TEXT, FF_SEARCH, NAME_LEN, 0, 0, NULL, NULL, NULL},
    {"station_id", "联络站", "Station", FT_REF, FF_FILTER, 0, 0, 0, NULL, "stations", NULL},
    {"status", "状态", "Status", FT_ENUM, FF_FILTER | FF_SORT, 0, 0, 0, deputy_statuses, NULL, "active"},
};
static const collection_def deputies = {
    "deputies", "人大代表", "Deputies", "(SELECT p.name FROM persons p WHERE p.id = @.person_id)",
    deputy_fields, sizeof deputy_fields / sizeof deputy_fields[0],
    ALL_SIGNED_IN, OFFICE, false, NULL};

static const field_def member_fields[] = {
    F_CONGRESS,
    F_TERM,
    {"person_id", "姓名", "Name", FT_REF, FF_REQUIRED | FF_SEARCH | FF_FILTER, 0, 0, 0, NULL, "persons", NULL},
    {"position", "职务", "Position", FT_ENUM, FF_REQUIRED | FF_FILTER | FF_SORT, 0, 0, 0, positions, NULL, NULL},
    {"committee_id", "所在委员会", "Committee", FT_REF, FF_FILTER, 0, 0, 0, NULL, "committees", NULL},
    {"start_on", "任职日期", "Start date", FT_DATE, FF_SORT, 0, 0, 0, NULL, NULL, NULL},
    {"end_on", "离任日期", "End date", FT_DATE, FF_SORT, 0, 0, 0, NULL, NULL, NULL},
};
static const collection_def members = {
    "members", "常委会组成人员", "Standing committee members",
    "(SELECT p.name FROM persons p WHERE p.id = @.person_id)",
    member_fields, sizeof member_fields / sizeof member_fields[0],
    ALL_SIGNED_IN, OFFICE, false, check_member};

/* The congress's calendar exceptions for working-day deadlines (docs/cases.md):
 * weekends are implied, so only holidays and weekend make-up working days are kept. */
static const field_def holiday_fields[] = {
    F_CONGRESS,
    {"day", "日期", "Day", FT_DATE, FF_REQUIRED | FF_SORT, 0, 0, 0, NULL, NULL, NULL},
    {"working", "调休上班（1）/放假（0）", "Make-up working day (1) / holiday (0)", FT_INT, FF_FILTER | FF_SORT, 0, 0, 1, NULL, NULL, "0"},
    {"name", "名称", "Name", FT_TEXT, FF_SEARCH, SHORT_LEN, 0, 0, NULL, NULL, NULL},
};
static const collection_def holidays = {
    "holidays", "节假日", "Holidays", "@.day",
    holiday_fields, sizeof holiday_fields / sizeof holiday_fields[0],
    ALL_SIGNED_IN, OFFICE, false, NULL};

/* A reception day at a liaison station; its opinions are cases (opinion.c). */
static const field_def reception_fields[] = {
    F_CONGRESS,
    {"station_id", "联络站", "Station", FT_REF, FF_REQUIRED | FF_SEARCH | FF_FILTER, 0, 0, 0, NULL, "stations", NULL},
    {"held_on", "接待日期", "Held on", FT_DATE, FF_REQUIRED | FF_SORT, 0, 0, 0, NULL, NULL, NULL},
    {"voters_received", "接待选民数", "Voters received", FT_INT, FF_SORT, 0, 0, RECEPTION_VOTERS_MAX, NULL, NULL, "0"},
    {"notes", "备注", "Notes", FT_TEXT, FF_LONG | FF_SEARCH, TEXT_LEN, 0, 0, NULL, NULL, NULL},
    /* the deputies present, of any level */
    {"deputy_ids", "出席代表", "Deputies present", FT_REFS, 0, 0, 0, 0, NULL, "deputies", NULL,
     "reception_deputies", "reception_id", "deputy_id"},
};
static const collection_def receptions = {
    "receptions", "代表接待选民", "Receptions", "@.held_on",
    reception_fields, sizeof reception_fields / sizeof reception_fields[0],
    ALL_SIGNED_IN, OFFICE, false, NULL};

const collection_def *const collections[] = {
    &congresses, &terms, &persons, &committees, &units, &stations, &deputies, &members,
    &holidays, &receptions,
};
const int collections_count = (int)(sizeof collections / sizeof collections[0]);
