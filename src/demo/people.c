/* people.c — the demo's places and people: 常山县人民代表大会 with the congresses
 * above and below it, its terms, committees, handling units, liaison stations and
 * points, and the people of each term — county deputies by township delegation,
 * deputies of higher congresses living in the county, standing committee members.
 * Place names are Changshan's real townships; every person, village, address and
 * phone number is invented. Written through collection_create as the demo's
 * administrator.
 *
 * The current term's people are today's list, drawn first and in today's order (so
 * the same names get the same ids every run); an earlier term keeps most of them —
 * re-elected deputies and members — and draws the others after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_impl.h"
#include "domain/collection/collection.h"

#define PROVINCE_NAME "浙江省人民代表大会"
#define CITY_NAME "衢州市人民代表大会"

#define PERSON_NAME_BYTES 16 /* a Chinese name of up to 5 characters */
#define LEADERS 2            /* party secretary and head open each delegation */
#define NAME_TRIES_MAX 1000  /* redraws before giving up on a unique name */
#define FEMALE_PERCENT 30    /* deputies */
#define MEMBER_FEMALE_PERCENT 20
#define SHE_PERCENT 3           /* 畲族 */
#define POINT_DEPUTY_PERCENT 30 /* deputies attached to a village point, not the station */
#define DEPUTY_BIRTH_FIRST 1960
#define DEPUTY_BIRTH_YEARS 36 /* 1960–1995 */
#define MEMBER_BIRTH_FIRST 1962
#define MEMBER_BIRTH_YEARS 17 /* 1962–1978 */
#define EARLIER_YEARS 5       /* an earlier term's new people are born a term earlier */
#define MONTHS 12
#define DAYS_SAFE 28                 /* every month has day 28 */
#define PHONE_DIGITS_MOD 100000000LL /* 8 digits after a mobile prefix */
#define LANDLINE_MOD 1000000LL       /* 6 digits after 0570-5 */
/* Of an earlier term's people, how many the current term re-elected. */
#define DEPUTY_REELECTED_PERCENT 70
#define MEMBER_REELECTED_PERCENT 50

/* Standing committee members who are also county deputies (the chair, vice-chairs,
 * secretary-general and one member), spread over the deputies list by a stride. */
#define MEMBERS_SHARED 8
#define MEMBER_SHARED_STRIDE 25
#define MEMBER_SHARED_OFFSET 3
/* City deputies who are also county deputies. */
#define CITY_SHARED 6
#define CITY_SHARED_STRIDE 33
#define CITY_SHARED_OFFSET 7

/* ---- static data -------------------------------------------------------- */

typedef struct {
    const char *name; /* 芳村镇 */
    bool street;      /* 街道: no congress of its own, unit is a 办事处 */
    int deputies;     /* county deputies elected in its delegation */
    const char *address;
    const char *points[POINTS_MAX]; /* villages / communities with a liaison point */
} township;

static const township TOWNSHIPS_LIST[TOWNSHIPS] = {
    {"天马街道", true, 24, "天马街道定阳北路68号", {"东明社区", "城南社区"}},
    {"紫港街道", true, 18, "紫港街道紫港东路105号", {"紫港社区", "五里村"}},
    {"金川街道", true, 14, "金川街道文峰西路22号", {"徐村社区", NULL}},
    {"芳村镇", false, 17, "芳村镇芳村街88号", {"新桥村", "芳村村"}},
    {"球川镇", false, 16, "球川镇球川街56号", {"红旗岗村", "球川村"}},
    {"辉埠镇", false, 16, "辉埠镇辉埠街12号", {"宋畈村", NULL}},
    {"招贤镇", false, 15, "招贤镇招贤街31号", {"古县村", NULL}},
    {"青石镇", false, 14, "青石镇青石街7号", {"砚瓦山村", "江家村"}},
    {"白石镇", false, 14, "白石镇白石街45号", {"草坪村", NULL}},
    {"何家乡", false, 12, "何家乡何家村1号", {"樊家村", NULL}},
    {"同弓乡", false, 11, "同弓乡同弓村9号", {"彤弓山村", NULL}},
    {"大桥头乡", false, 10, "大桥头乡大桥头村20号", {"大桥头村", NULL}},
    {"新昌乡", false, 10, "新昌乡新昌村15号", {"黄冈村", NULL}},
    {"东案乡", false, 9, "东案乡东案村3号", {NULL, NULL}},
};

static const struct {
    const char *name;
    const char *kind;
} COMMITTEES[] = {
    {"法制委员会", "special"},
    {"财政经济委员会", "special"},
    {"办公室", "working"},
    {"代表工作委员会", "working"},
    {"预算工作委员会", "working"},
    {"社会建设工作委员会", "working"},
    {"农业农村工作委员会", "working"},
    {"教育科学文化卫生工作委员会", "working"},
    {"监察和司法工作委员会", "working"},
    {"城乡建设环境保护工作委员会", "working"},
};
#define COMMITTEE_COUNT ((int)(sizeof COMMITTEES / sizeof COMMITTEES[0]))
_Static_assert(sizeof COMMITTEES / sizeof COMMITTEES[0] <= COMMITTEES_MAX, "committees");

/* Handling units other than the townships (those are derived from TOWNSHIPS). */
static const struct {
    const char *name;
    const char *kind;
} UNITS[] = {
    {"常山县人民政府", "government"},
    {"常山县监察委员会", "supervisory_commission"},
    {"常山县人民法院", "court"},
    {"常山县人民检察院", "procuratorate"},
    {"县人民政府办公室", "department"},
    {"县发展和改革局", "department"},
    {"县经济和信息化局", "department"},
    {"县教育局", "department"},
    {"县科学技术局", "department"},
    {"县公安局", "department"},
    {"县民政局", "department"},
    {"县司法局", "department"},
    {"县财政局", "department"},
    {"县人力资源和社会保障局", "department"},
    {"县自然资源和规划局", "department"},
    {"县生态环境分局", "department"},
    {"县住房和城乡建设局", "department"},
    {"县交通运输局", "department"},
    {"县水利局", "department"},
    {"县农业农村局", "department"},
    {"县商务局", "department"},
    {"县文化和广电旅游体育局", "department"},
    {"县卫生健康局", "department"},
    {"县退役军人事务局", "department"},
    {"县应急管理局", "department"},
    {"县审计局", "department"},
    {"县市场监督管理局", "department"},
    {"县统计局", "department"},
    {"县医疗保障局", "department"},
    {"县综合行政执法局", "department"},
    {"县信访局", "department"},
    {"县大数据发展管理局", "department"},
    {"县机关事务服务中心", "department"},
    {"县供销合作社联合社", "department"},
    {"县气象局", "department"},
    {"县国有资产服务中心", "department"},
    {"国网常山县供电公司", "other"},
    {"中国邮政集团有限公司常山县分公司", "other"},
    {"国家税务总局常山县税务局", "other"},
};
#define UNIT_COUNT ((int)(sizeof UNITS / sizeof UNITS[0]))
_Static_assert(sizeof UNITS / sizeof UNITS[0] + TOWNSHIPS <= UNITS_MAX, "units");

/* Common surnames, most frequent first; draws favour the front of the list. */
static const char *const SURNAMES[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
    "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏",
    "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石",
    "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万",
    "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
};

/* Given names, chosen to avoid well-known people with the common surnames. */
static const char *const MALE_GIVEN[] = {
    "建平", "国庆", "文斌", "海涛", "志远", "立新", "永康", "卫东", "晓东", "伟民",
    "春生", "金水", "俊杰", "浩然", "振华", "学军", "新民", "家豪", "明辉", "晨阳",
    "一鸣", "旭东", "建新", "国栋", "文军", "锦程", "晓峰", "剑锋", "长青", "正阳",
    "志刚", "水根", "有财", "立群", "荣生", "宏伟", "昌盛", "子航", "军",   "磊",
    "超",   "鑫",   "浩",   "亮",   "彬",   "昊",   "晨",   "骏",   "锋",   "林",
};
static const char *const FEMALE_GIVEN[] = {
    "丽华", "秀英", "美玲", "晓燕", "素芬", "雅琴", "慧敏", "婷婷", "佳怡", "雪梅",
    "玉兰", "春燕", "海燕", "桂芳", "彩霞", "月娥", "晓红", "静怡", "思琪", "欣悦",
    "梦瑶", "秀芳", "凤英", "金凤", "爱华", "琳琳", "芳",   "敏",   "静",   "燕",
    "婷",   "琳",   "莉",   "洁",   "霞",   "萍",   "琴",   "蓉",   "娟",   "慧",
};
/* Real people named in the seed text; an invented deputy never takes their names. */
static const char *const RESERVED_NAMES[] = {"朱忠泰", "许军良", "张誉春"};

typedef struct {
    const char *text;
    int weight;
} weighted;

static const weighted PARTIES[] = {
    {"中共党员", 66}, {"群众", 20}, {"无党派人士", 6}, {"民盟盟员", 4}, {"民进会员", 4},
};

/* Occupations of county deputies after each delegation's two township leaders. */
static const weighted OCCUPATIONS[] = {
    {"村党支部书记、村委会主任", 14},
    {"村党支部书记", 10},
    {"社区党委书记", 3},
    {"乡镇机关干部", 6},
    {"县直机关干部", 6},
    {"企业董事长", 6},
    {"企业总经理", 6},
    {"轴承企业负责人", 4},
    {"胡柚专业合作社负责人", 4},
    {"油茶种植大户", 2},
    {"食用菌种植户", 2},
    {"家庭农场主", 3},
    {"个体工商户", 4},
    {"中学教师", 4},
    {"小学教师", 4},
    {"幼儿园园长", 1},
    {"乡镇卫生院院长", 2},
    {"县人民医院医生", 3},
    {"乡村医生", 2},
    {"农技人员", 2},
    {"农民", 6},
    {"律师", 1},
};

/* Deputies to higher congresses who live in the county (kept by the county). */
static const struct {
    const char *level;
    int count;
    const char *delegation;
} HIGHER[] = {
    {"national", 2, "浙江代表团"},
    {"provincial", 5, "衢州代表团"},
    {"city", 18, "常山代表团"},
};

static const weighted HIGHER_OCCUPATIONS[] = {
    {"县级领导干部", 5}, {"企业董事长", 4},           {"村党支部书记", 4}, {"县人民医院医生", 1},
    {"中学教师", 1},     {"胡柚专业合作社负责人", 1}, {"乡镇党委书记", 2}, {"社区党委书记", 1},
};

/* Standing committee composition (地方组织法: 15–35 for a county). */
static const struct {
    const char *position;
    const char *title; /* as a deputy's occupation, for members who are deputies */
    int count;
} POSITIONS[] = {
    {"chair", "县人大常委会主任", 1},
    {"vice_chair", "县人大常委会副主任", 5},
    {"secretary_general", "县人大常委会秘书长", 1},
    {"member", "县人大常委会委员", 23},
};
#define POSITION_KINDS ((int)(sizeof POSITIONS / sizeof POSITIONS[0]))

/* A few deputies who left during the term (index into the county deputies list): the
 * current term's, and the 16th's. */
typedef struct {
    int index;
    const char *status;
} left_deputy;
static const left_deputy LEFT[] = {
    {58, "resigned"}, {131, "resigned"}, {97, "terminated"}, {188, "terminated"}};
static const left_deputy LEFT_EARLIER[] = {
    {44, "resigned"}, {120, "terminated"}, {163, "resigned"}};

static const char *const MOBILE_PREFIXES[] = {"133", "135", "138", "139", "150", "152",
                                              "158", "159", "180", "187", "189"};

#define NAMES_MAX 640 /* cap on generated names (persons and unit contacts) */
#define MEMBERS_MAX 40

/* What the people's steps share: the names drawn so far, and the current term's list,
 * which an earlier term varies. */
typedef struct {
    int names;
    char name[NAMES_MAX][PERSON_NAME_BYTES];
    int n; /* county deputies, current term */
    long long person[DEPUTIES_MAX];
    const char *person_name[DEPUTIES_MAX];
    const char *job[DEPUTIES_MAX];
    long long station[DEPUTIES_MAX];
    int town[DEPUTIES_MAX];
    char leader[TOWNSHIPS][LEADERS][NAME_BYTES];
    int nmembers;
    long long member_person[MEMBERS_MAX];
    const char *member_name[MEMBERS_MAX];
} people;

static const char *pick_weighted(demo *d, const weighted *w, int n) {
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i].weight;
    int r = demo_below(d, total);
    for (int i = 0; i < n; i++) {
        if (r < w[i].weight)
            return w[i].text;
        r -= w[i].weight;
    }
    return w[n - 1].text;
}

static bool name_taken(const people *ps, const char *name) {
    for (int i = 0; i < COUNT(RESERVED_NAMES); i++)
        if (strcmp(RESERVED_NAMES[i], name) == 0)
            return true;
    for (int i = 0; i < ps->names; i++)
        if (strcmp(ps->name[i], name) == 0)
            return true;
    return false;
}

/* draw_name — a full name not used before; the pointer stays valid while ps lives. */
static rc_t draw_name(demo *d, people *ps, bool female, const char **out) {
    if (ps->names >= NAMES_MAX)
        return demo_fail(d, "more than %d names", NAMES_MAX);
    char *dst = ps->name[ps->names];
    for (int tries = 0; tries < NAME_TRIES_MAX; tries++) {
        /* The product of two uniform draws favours small indexes: frequent surnames. */
        int n = COUNT(SURNAMES);
        const char *surname = SURNAMES[demo_below(d, n) * demo_below(d, n) / n];
        const char *const *given = female ? FEMALE_GIVEN : MALE_GIVEN;
        int ngiven = female ? COUNT(FEMALE_GIVEN) : COUNT(MALE_GIVEN);
        snprintf(dst, PERSON_NAME_BYTES, "%s%s", surname, given[demo_below(d, ngiven)]);
        if (!name_taken(ps, dst)) {
            ps->names++;
            *out = dst;
            return RC_OK;
        }
    }
    return demo_fail(d, "ran out of distinct names");
}

rc_t demo_record(demo *d, const char *collection, json_t *in, long long *id) {
    const collection_def *def = collection_find(collection);
    json_t *out = NULL;
    rc_t rc = !in    ? err_set(d->e, RC_NOMEM, NULL, "out of memory")
              : !def ? demo_fail(d, "no collection %s", collection)
                     : collection_create(d->c, def, &d->admin, in, &out, d->e);
    if (rc == RC_OK && id)
        *id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    json_decref(in);
    return rc;
}

/* with_ref — in with key set to the reference id, or left out when 0. */
static json_t *with_ref(json_t *in, const char *key, long long id) {
    if (in && id)
        json_object_set_new(in, key, json_integer(id));
    return in;
}

/* add_person — one invented person kept by the county; *id receives the new id. */
static rc_t add_person(demo *d, people *ps, int female_percent, int birth_first, int birth_years,
                       long long *id, const char **name_out) {
    bool female = demo_chance(d, female_percent);
    const char *name = NULL;
    rc_t rc = draw_name(d, ps, female, &name);
    if (rc != RC_OK)
        return rc;
    char birth[NAME_BYTES];
    snprintf(birth, sizeof birth, "%04d-%02d-%02d", birth_first + demo_below(d, birth_years),
             1 + demo_below(d, MONTHS), 1 + demo_below(d, DAYS_SAFE));
    const char *ethnicity = demo_chance(d, SHE_PERCENT) ? "畲族" : "汉族";
    const char *party = pick_weighted(d, PARTIES, COUNT(PARTIES));
    char phone[NAME_BYTES];
    snprintf(phone, sizeof phone, "%s%08lld",
             MOBILE_PREFIXES[demo_below(d, COUNT(MOBILE_PREFIXES))],
             (long long)(demo_next(d) % (uint64_t)PHONE_DIGITS_MOD));
    if (name_out)
        *name_out = name;
    return demo_record(d, "persons",
                       json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "congress_id",
                                 (json_int_t)d->county, "name", name, "gender",
                                 female ? "female" : "male", "birth_date", birth, "ethnicity",
                                 ethnicity, "party", party, "phone", phone),
                       id);
}

static rc_t add_deputy(demo *d, long long person, long long term, const char *level,
                       const char *delegation, const char *occupation, long long station,
                       const char *status, long long *id) {
    json_t *in = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "congress_id", (json_int_t)d->county,
                           "person_id", (json_int_t)person, "level", level, "delegation",
                           delegation, "occupation", occupation, "status", status);
    return demo_record(d, "deputies",
                       with_ref(with_ref(in, "term_id", term), "station_id", station), id);
}

static rc_t add_member(demo *d, const demo_term_people *tp, long long person, const char *position,
                       long long committee, bool ended) {
    char start[11], end[11];
    date_format(tp->t.start, start);
    date_format(tp->t.end, end);
    json_t *in = json_pack("{s:I, s:I, s:I, s:s, s:s}", "congress_id", (json_int_t)d->county,
                           "term_id", (json_int_t)tp->id, "person_id", (json_int_t)person,
                           "position", position, "start_on", start);
    if (in && ended)
        json_object_set_new(in, "end_on", json_string(end));
    return demo_record(d, "members", with_ref(in, "committee_id", committee), NULL);
}

static rc_t load_congresses(demo *d) {
    long long province = 0, city = 0, id = 0;
    rc_t rc = demo_record(d, "congresses",
                          json_pack("{s:s, s:s}", "name", PROVINCE_NAME, "level", "provincial"),
                          &province);
    if (rc == RC_OK)
        rc = demo_record(d, "congresses",
                         json_pack("{s:s, s:s, s:I}", "name", CITY_NAME, "level", "city",
                                   "parent_id", (json_int_t)province),
                         &city);
    if (rc == RC_OK)
        rc = demo_record(d, "congresses",
                         json_pack("{s:s, s:s, s:I}", "name", COUNTY_NAME, "level", "county",
                                   "parent_id", (json_int_t)city),
                         &d->county);
    for (int i = 0; rc == RC_OK && i < TOWNSHIPS; i++) {
        if (TOWNSHIPS_LIST[i].street)
            continue;
        char name[NAME_BYTES];
        snprintf(name, sizeof name, "%s人民代表大会", TOWNSHIPS_LIST[i].name);
        rc = demo_record(d, "congresses",
                         json_pack("{s:s, s:s, s:I}", "name", name, "level", "township",
                                   "parent_id", (json_int_t)d->county),
                         &id);
    }
    for (int i = 0; rc == RC_OK && i < d->nterms; i++) {
        char start[11], end[11];
        date_format(d->term[i].t.start, start);
        date_format(d->term[i].t.end, end);
        rc = demo_record(d, "terms",
                         json_pack("{s:I, s:i, s:s, s:s}", "congress_id", (json_int_t)d->county,
                                   "number", d->term[i].t.number, "start_on", start, "end_on", end),
                         &d->term[i].id);
    }
    return rc;
}

static rc_t load_bodies(demo *d, people *ps) {
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < COMMITTEE_COUNT; i++)
        rc = demo_record(d, "committees",
                         json_pack("{s:I, s:s, s:s}", "congress_id", (json_int_t)d->county, "name",
                                   COMMITTEES[i].name, "kind", COMMITTEES[i].kind),
                         &d->committee[i]);
    /* Units: the fixed list, then one per township (镇/乡 government, 街道 office). */
    for (int i = 0; rc == RC_OK && i < UNIT_COUNT + TOWNSHIPS; i++) {
        char phone[NAME_BYTES];
        char *name = d->unit_name[d->nunits];
        const char *kind = "township";
        if (i < UNIT_COUNT) {
            snprintf(name, NAME_BYTES, "%s", UNITS[i].name);
            kind = UNITS[i].kind;
        } else {
            const township *t = &TOWNSHIPS_LIST[i - UNIT_COUNT];
            snprintf(name, NAME_BYTES, "%s%s", t->name, t->street ? "办事处" : "人民政府");
        }
        const char *contact = NULL;
        rc = draw_name(d, ps, demo_chance(d, FEMALE_PERCENT), &contact);
        if (rc != RC_OK)
            break;
        snprintf(phone, sizeof phone, "0570-5%06lld",
                 (long long)(demo_next(d) % (uint64_t)LANDLINE_MOD));
        rc =
            demo_record(d, "units",
                        json_pack("{s:I, s:s, s:s, s:s, s:s}", "congress_id", (json_int_t)d->county,
                                  "name", name, "kind", kind, "contact", contact, "phone", phone),
                        &d->unit[d->nunits]);
        if (i >= UNIT_COUNT)
            d->town_unit[i - UNIT_COUNT] = d->unit[d->nunits];
        d->nunits++;
    }
    /* Stations: one per township, and its village / community points under it. */
    for (int i = 0; rc == RC_OK && i < TOWNSHIPS; i++) {
        const township *t = &TOWNSHIPS_LIST[i];
        char name[NAME_BYTES], addr[NAME_BYTES];
        snprintf(d->town[i], NAME_BYTES, "%s", t->name);
        snprintf(name, sizeof name, "%s人大代表联络站", t->name);
        rc = demo_record(d, "stations",
                         json_pack("{s:I, s:s, s:s, s:s, s:s}", "congress_id",
                                   (json_int_t)d->county, "name", name, "kind", "station",
                                   "township", t->name, "address", t->address),
                         &d->station[i]);
        for (int k = 0; rc == RC_OK && k < POINTS_MAX && t->points[k]; k++) {
            snprintf(name, sizeof name, "%s%s代表联络点", t->name, t->points[k]);
            snprintf(addr, sizeof addr, "%s%s%s", t->name, t->points[k],
                     strstr(t->points[k], "社区") ? "党群服务中心" : "文化礼堂");
            rc = demo_record(d, "stations",
                             json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "congress_id",
                                       (json_int_t)d->county, "name", name, "kind", "point",
                                       "township", t->name, "parent_id", (json_int_t)d->station[i],
                                       "address", addr),
                             &d->point[i][k]);
            d->points[i] = k + 1;
        }
    }
    return rc;
}

/* The station or one of the township's points, for a deputy of township i. */
static long long deputy_station(demo *d, int i) {
    if (d->points[i] > 0 && demo_chance(d, POINT_DEPUTY_PERCENT))
        return d->point[i][demo_below(d, d->points[i])];
    return d->station[i];
}

static const char *deputy_status(const left_deputy *left, int n, int index) {
    for (int i = 0; i < n; i++)
        if (left[i].index == index)
            return left[i].status;
    return "active";
}

/* keep — a county deputy of term tp, as the cases need them. */
static void keep(demo_term_people *tp, long long id, int town, const char *status,
                 const char *name) {
    if (tp->ndeputies >= DEPUTIES_MAX)
        return;
    demo_deputy *x = &tp->deputy[tp->ndeputies++];
    x->id = id;
    x->town = town;
    x->active = strcmp(status, "active") == 0;
    snprintf(x->name, sizeof x->name, "%s", name);
}

/* member_shared — the standing committee member (index) whose person holds county
 * deputy seat dn, or -1. */
static int member_shared(int dn) {
    if (dn < MEMBER_SHARED_OFFSET || (dn - MEMBER_SHARED_OFFSET) % MEMBER_SHARED_STRIDE != 0)
        return -1;
    int m = (dn - MEMBER_SHARED_OFFSET) / MEMBER_SHARED_STRIDE;
    return m < MEMBERS_SHARED ? m : -1;
}

/* The current term: today's list, drawn in today's order. The first plain members each
 * head a committee; each delegation opens with the township's party secretary and its
 * head; the deputies of higher congresses have no county term, and the first city
 * deputies are county deputies too. */
static rc_t load_current(demo *d, people *ps) {
    demo_term_people *tp = demo_current(d);
    const char *member_title[MEMBERS_SHARED] = {0};
    rc_t rc = RC_OK;
    int m = 0, plain = 0;
    for (int p = 0; rc == RC_OK && p < POSITION_KINDS; p++) {
        for (int k = 0; rc == RC_OK && k < POSITIONS[p].count && m < MEMBERS_MAX; k++, m++) {
            long long person = 0, committee = 0;
            rc = add_person(d, ps, MEMBER_FEMALE_PERCENT, MEMBER_BIRTH_FIRST, MEMBER_BIRTH_YEARS,
                            &person, &ps->member_name[m]);
            if (rc != RC_OK)
                break;
            if (strcmp(POSITIONS[p].position, "member") == 0 && plain < COMMITTEE_COUNT)
                committee = d->committee[plain++];
            ps->member_person[m] = person;
            if (m < MEMBERS_SHARED)
                member_title[m] = POSITIONS[p].title;
            rc = add_member(d, tp, person, POSITIONS[p].position, committee, false);
        }
    }
    ps->nmembers = m;
    int dn = 0;
    for (int i = 0; rc == RC_OK && i < TOWNSHIPS; i++) {
        const township *t = &TOWNSHIPS_LIST[i];
        char delegation[NAME_BYTES];
        snprintf(delegation, sizeof delegation, "%s代表团", t->name);
        snprintf(ps->leader[i][0], NAME_BYTES, "%s%s", t->name,
                 t->street ? "党工委书记" : "党委书记");
        snprintf(ps->leader[i][1], NAME_BYTES, "%s%s", t->name,
                 t->street               ? "办事处主任"
                 : strstr(t->name, "乡") ? "乡长"
                                         : "镇长");
        for (int k = 0; rc == RC_OK && k < t->deputies; k++, dn++) {
            if (dn >= DEPUTIES_MAX)
                return demo_fail(d, "more than %d deputies", DEPUTIES_MAX);
            const char *job =
                k < LEADERS ? ps->leader[i][k] : pick_weighted(d, OCCUPATIONS, COUNT(OCCUPATIONS));
            int shared = member_shared(dn);
            if (shared >= 0) {
                ps->person[dn] = ps->member_person[shared];
                ps->person_name[dn] = ps->member_name[shared];
                job = member_title[shared];
            } else {
                rc = add_person(d, ps, FEMALE_PERCENT, DEPUTY_BIRTH_FIRST, DEPUTY_BIRTH_YEARS,
                                &ps->person[dn], &ps->person_name[dn]);
            }
            ps->job[dn] = job;
            ps->town[dn] = i;
            long long id = 0;
            const char *status = deputy_status(LEFT, COUNT(LEFT), dn);
            if (rc == RC_OK) {
                ps->station[dn] = deputy_station(d, i);
                rc = add_deputy(d, ps->person[dn], tp->id, "county", delegation, job,
                                ps->station[dn], status, &id);
            }
            if (rc == RC_OK)
                keep(tp, id, i, status, ps->person_name[dn]);
        }
    }
    ps->n = dn;
    int city_shared = 0;
    for (int h = 0; rc == RC_OK && h < COUNT(HIGHER); h++) {
        for (int k = 0; rc == RC_OK && k < HIGHER[h].count; k++) {
            int town = demo_below(d, TOWNSHIPS);
            long long person = 0, id = 0;
            const char *job = pick_weighted(d, HIGHER_OCCUPATIONS, COUNT(HIGHER_OCCUPATIONS));
            int from = CITY_SHARED_OFFSET + city_shared * CITY_SHARED_STRIDE;
            if (strcmp(HIGHER[h].level, "city") == 0 && city_shared < CITY_SHARED && from < dn) {
                person = ps->person[from];
                job = ps->job[from];
                town = ps->town[from];
                city_shared++;
            } else {
                rc = add_person(d, ps, FEMALE_PERCENT, DEPUTY_BIRTH_FIRST, DEPUTY_BIRTH_YEARS,
                                &person, NULL);
            }
            if (rc == RC_OK)
                rc = add_deputy(d, person, 0, HIGHER[h].level, HIGHER[h].delegation, job,
                                deputy_station(d, town), "active", &id);
            if (rc == RC_OK && d->nhigher < HIGHER_MAX)
                d->higher[d->nhigher++] = id;
        }
    }
    return rc;
}

/* An earlier term: the same delegations and committee; most deputies and members
 * re-elected since (the current term's people), the township leaders (they rotate)
 * and the chair not; the others new, born a term earlier. */
static rc_t load_earlier(demo *d, people *ps, demo_term_people *tp, bool members) {
    long long member_person[MEMBERS_MAX] = {0};
    const char *member_name[MEMBERS_MAX] = {0}, *member_title[MEMBERS_MAX] = {0};
    rc_t rc = RC_OK;
    int m = 0, plain = 0;
    for (int p = 0; members && rc == RC_OK && p < POSITION_KINDS; p++) {
        for (int k = 0; rc == RC_OK && k < POSITIONS[p].count && m < ps->nmembers; k++, m++) {
            long long committee = 0;
            member_title[m] = POSITIONS[p].title;
            if (m > 0 && demo_chance(d, MEMBER_REELECTED_PERCENT)) {
                member_person[m] = ps->member_person[m];
                member_name[m] = ps->member_name[m];
            } else {
                rc = add_person(d, ps, MEMBER_FEMALE_PERCENT, MEMBER_BIRTH_FIRST - EARLIER_YEARS,
                                MEMBER_BIRTH_YEARS, &member_person[m], &member_name[m]);
            }
            if (strcmp(POSITIONS[p].position, "member") == 0 && plain < COMMITTEE_COUNT)
                committee = d->committee[plain++];
            if (rc == RC_OK)
                rc = add_member(d, tp, member_person[m], POSITIONS[p].position, committee, true);
        }
    }
    int dn = 0;
    for (int i = 0; rc == RC_OK && i < TOWNSHIPS; i++) {
        const township *t = &TOWNSHIPS_LIST[i];
        char delegation[NAME_BYTES];
        snprintf(delegation, sizeof delegation, "%s代表团", t->name);
        for (int k = 0; rc == RC_OK && k < t->deputies && dn < ps->n; k++, dn++) {
            int shared = members ? member_shared(dn) : -1;
            long long person = ps->person[dn], station = ps->station[dn], id = 0;
            const char *job = ps->job[dn], *name = ps->person_name[dn];
            if (shared >= 0) {
                person = member_person[shared];
                name = member_name[shared];
                job = member_title[shared];
            } else if (k < LEADERS || !demo_chance(d, DEPUTY_REELECTED_PERCENT)) {
                job = k < LEADERS ? ps->leader[i][k]
                                  : pick_weighted(d, OCCUPATIONS, COUNT(OCCUPATIONS));
                rc = add_person(d, ps, FEMALE_PERCENT, DEPUTY_BIRTH_FIRST - EARLIER_YEARS,
                                DEPUTY_BIRTH_YEARS, &person, &name);
                station = deputy_station(d, i);
            }
            const char *status = deputy_status(LEFT_EARLIER, COUNT(LEFT_EARLIER), dn);
            if (rc == RC_OK)
                rc = add_deputy(d, person, tp->id, "county", delegation, job, station, status, &id);
            if (rc == RC_OK)
                keep(tp, id, i, status, name);
        }
    }
    return rc;
}

rc_t demo_people(demo *d) {
    people *ps = calloc(1, sizeof *ps);
    if (!ps)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    d->people = ps;
    rc_t rc = load_congresses(d);
    if (rc == RC_OK)
        rc = load_bodies(d, ps);
    if (rc == RC_OK)
        rc = load_current(d, ps);
    if (rc == RC_OK && d->nterms > 1)
        rc = load_earlier(d, ps, &d->term[0], true);
    return rc;
}

rc_t demo_people_between(demo *d) {
    if (d->nterms < 3 || !d->people)
        return RC_OK;
    return load_earlier(d, d->people, &d->term[d->nterms - 2], false);
}

void demo_people_free(demo *d) {
    free(d->people);
    d->people = NULL;
}
