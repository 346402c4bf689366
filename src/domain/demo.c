/* demo.c — the demo data set: 常山县人民代表大会 and its 16th term, with the
 * congresses above and below it, committees, handling units, liaison stations,
 * deputies and standing committee members. Place names are Changshan's real
 * townships; every person, village, address and phone number is invented.
 *
 * Deterministic: all variety comes from one fixed-seed splitmix64 generator, and
 * the records are inserted in a fixed order, so every run produces the same rows. */
#include "domain/demo.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/verify.h"

#define DEMO_SEED 0x5A1F0C4A2021ULL
#define DEMO_NOW "2022-01-01T00:00:00Z" /* created_at / updated_at of every record */

#define PROVINCE_NAME "浙江省人民代表大会"
#define CITY_NAME "衢州市人民代表大会"
#define COUNTY_NAME "常山县人民代表大会"

#define TERM_PREV 15
#define TERM_PREV_START "2016-12-27"
#define TERM_PREV_END "2021-12-26"
#define TERM_CUR 16
#define TERM_CUR_START "2021-12-27"
#define TERM_CUR_END "2026-12-26"

#define TOWNSHIP_COUNT 14
#define POINTS_MAX 2          /* liaison points per township, at most */
#define NAME_MAX_BYTES 64     /* a person's or place's name, UTF-8 */
#define NAMES_MAX 400         /* cap on generated names (persons and unit contacts) */
#define PERSON_NAME_BYTES 16  /* a Chinese name of up to 5 characters */
#define DEPUTIES_MAX 256      /* county deputies, at most (TOWNSHIPS sums to 200) */
#define LEADERS 2             /* party secretary and head open each delegation */
#define NAME_TRIES_MAX 1000   /* redraws before giving up on a unique name */
#define PERCENT 100
#define FEMALE_PERCENT 30     /* deputies */
#define MEMBER_FEMALE_PERCENT 20
#define SHE_PERCENT 3         /* 畲族 */
#define POINT_DEPUTY_PERCENT 30 /* deputies attached to a village point, not the station */
#define DEPUTY_BIRTH_FIRST 1960
#define DEPUTY_BIRTH_YEARS 36 /* 1960–1995 */
#define MEMBER_BIRTH_FIRST 1962
#define MEMBER_BIRTH_YEARS 17 /* 1962–1978 */
#define MONTHS 12
#define DAYS_SAFE 28          /* every month has day 28 */
#define PHONE_DIGITS_MOD 100000000LL /* 8 digits after a mobile prefix */
#define LANDLINE_MOD 1000000LL       /* 6 digits after 0570-5 */

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
    const char *name;   /* 芳村镇 */
    bool street;        /* 街道: no congress of its own, unit is a 办事处 */
    int deputies;       /* county deputies elected in its delegation */
    const char *address;
    const char *points[POINTS_MAX]; /* villages / communities with a liaison point */
} township;

static const township TOWNSHIPS[TOWNSHIP_COUNT] = {
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

/* Common surnames, most frequent first; draws favour the front of the list. */
static const char *const SURNAMES[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓",
    "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶",
    "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊",
    "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",
    "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向",
    "汤",
};

/* Given names, chosen to avoid well-known people with the common surnames. */
static const char *const MALE_GIVEN[] = {
    "建平", "国庆", "文斌", "海涛", "志远", "立新", "永康", "卫东", "晓东", "伟民",
    "春生", "金水", "俊杰", "浩然", "振华", "学军", "新民", "家豪", "明辉", "晨阳",
    "一鸣", "旭东", "建新", "国栋", "文军", "锦程", "晓峰", "剑锋", "长青", "正阳",
    "志刚", "水根", "有财", "立群", "荣生", "宏伟", "昌盛", "子航", "军", "磊",
    "超", "鑫", "浩", "亮", "彬", "昊", "晨", "骏", "锋", "林",
};
static const char *const FEMALE_GIVEN[] = {
    "丽华", "秀英", "美玲", "晓燕", "素芬", "雅琴", "慧敏", "婷婷", "佳怡", "雪梅",
    "玉兰", "春燕", "海燕", "桂芳", "彩霞", "月娥", "晓红", "静怡", "思琪", "欣悦",
    "梦瑶", "秀芳", "凤英", "金凤", "爱华", "琳琳", "芳", "敏", "静", "燕",
    "婷", "琳", "莉", "洁", "霞", "萍", "琴", "蓉", "娟", "慧",
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
    {"县级领导干部", 5},  {"企业董事长", 4},     {"村党支部书记", 4},
    {"县人民医院医生", 1}, {"中学教师", 1},      {"胡柚专业合作社负责人", 1},
    {"乡镇党委书记", 2},  {"社区党委书记", 1},
};

/* Standing committee composition, term 16 (地方组织法: 15–35 for a county). */
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

/* A few deputies who left during the term (index into the county deputies list). */
static const struct {
    int index;
    const char *status;
} LEFT[] = {{58, "resigned"}, {131, "resigned"}, {97, "terminated"}, {188, "terminated"}};

static const char *const MOBILE_PREFIXES[] = {"133", "135", "138", "139", "150", "152",
                                              "158", "159", "180", "187", "189"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- SQL ---------------------------------------------------------------- */

/* Every INSERT ends with created_at, updated_at (bound to DEMO_NOW by insert_row). */
static const char SQL_EXISTS[] = "SELECT COUNT(*) FROM congresses WHERE name = ?";
static const char SQL_CONGRESS[] =
    "INSERT INTO congresses (name, level, parent_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char SQL_TERM[] =
    "INSERT INTO terms (congress_id, number, start_on, end_on, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_COMMITTEE[] =
    "INSERT INTO committees (congress_id, name, kind, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UNIT[] =
    "INSERT INTO units (congress_id, name, kind, contact, phone, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_STATION[] =
    "INSERT INTO stations (congress_id, name, kind, township, parent_id, address, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_PERSON[] =
    "INSERT INTO persons (congress_id, name, gender, birth_date, ethnicity, party, phone, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_DEPUTY[] =
    "INSERT INTO deputies (congress_id, person_id, term_id, level, delegation, occupation, "
    "station_id, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_MEMBER[] =
    "INSERT INTO members (congress_id, term_id, person_id, position, committee_id, "
    "start_on, end_on, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

/* ---- helpers ------------------------------------------------------------ */

typedef struct {
    enum { P_NULL, P_TEXT, P_INT } type;
    const char *text;
    long long num;
} param;

static param ptext(const char *s) { return (param){.type = s ? P_TEXT : P_NULL, .text = s}; }
static param pint(long long v) { return (param){.type = P_INT, .num = v}; }
/* An optional reference: 0 means none. */
static param pref(long long id) { return (param){.type = id ? P_INT : P_NULL, .num = id}; }

/* insert_row — bind params, then DEMO_NOW twice (created_at, updated_at), run an
 * INSERT … RETURNING id and store the id in *id. */
static rc_t insert_row(store_conn *c, const char *sql, const param *p, int n, long long *id,
                       err *e) {
    store_stmt *st = NULL;
    rc_t rc = store_prepare(c, sql, &st, e);
    if (rc != RC_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        if (p[i].type == P_TEXT)
            store_bind_text(st, i + 1, p[i].text);
        else if (p[i].type == P_INT)
            store_bind_int(st, i + 1, p[i].num);
        else
            store_bind_null(st, i + 1);
    }
    store_bind_text(st, n + 1, DEMO_NOW);
    store_bind_text(st, n + 2, DEMO_NOW);
    *id = 0;
    if (store_next(st, &rc, e))
        *id = (long long)store_column_int(st, 0);
    if (rc == RC_OK && store_next(st, &rc, e))
        rc = err_set(e, RC_INTERNAL, NULL, "demo: insert returned two rows");
    if (rc == RC_OK && !*id)
        rc = err_set(e, RC_INTERNAL, NULL, "demo: insert returned no id");
    store_finish(st);
    return rc;
}

#define INSERT(c, sql, id, e, ...)                                                         \
    insert_row((c), (sql), (const param[]){__VA_ARGS__},                                   \
               (int)(sizeof((const param[]){__VA_ARGS__}) / sizeof(param)), (id), (e))

/* The generator and everything drawn so far. */
typedef struct {
    uint64_t state;
    int names;
    char name[NAMES_MAX][PERSON_NAME_BYTES];
} gen;

static uint64_t next(gen *g) { /* splitmix64 */
    g->state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = g->state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int below(gen *g, int n) { return (int)(next(g) % (uint64_t)n); }
static bool chance(gen *g, int percent) { return below(g, PERCENT) < percent; }

static const char *pick_weighted(gen *g, const weighted *w, int n) {
    int total = 0;
    for (int i = 0; i < n; i++)
        total += w[i].weight;
    int r = below(g, total);
    for (int i = 0; i < n; i++) {
        if (r < w[i].weight)
            return w[i].text;
        r -= w[i].weight;
    }
    return w[n - 1].text;
}

static bool name_taken(const gen *g, const char *name) {
    for (int i = 0; i < COUNT(RESERVED_NAMES); i++)
        if (strcmp(RESERVED_NAMES[i], name) == 0)
            return true;
    for (int i = 0; i < g->names; i++)
        if (strcmp(g->name[i], name) == 0)
            return true;
    return false;
}

/* draw_name — a full name not used before; the pointer stays valid while g lives. */
static rc_t draw_name(gen *g, bool female, const char **out, err *e) {
    if (g->names >= NAMES_MAX)
        return err_set(e, RC_INTERNAL, NULL, "demo: more than %d names", NAMES_MAX);
    char *dst = g->name[g->names];
    for (int tries = 0; tries < NAME_TRIES_MAX; tries++) {
        /* The product of two uniform draws favours small indexes: frequent surnames. */
        int n = COUNT(SURNAMES);
        const char *surname = SURNAMES[below(g, n) * below(g, n) / n];
        const char *const *given = female ? FEMALE_GIVEN : MALE_GIVEN;
        int ngiven = female ? COUNT(FEMALE_GIVEN) : COUNT(MALE_GIVEN);
        snprintf(dst, PERSON_NAME_BYTES, "%s%s", surname, given[below(g, ngiven)]);
        if (!name_taken(g, dst)) {
            g->names++;
            *out = dst;
            return RC_OK;
        }
    }
    return err_set(e, RC_INTERNAL, NULL, "demo: ran out of distinct names");
}

/* add_person — one invented person kept by congress; *id receives the new id. */
static rc_t add_person(store_conn *c, gen *g, long long congress, int female_percent,
                       int birth_first, int birth_years, long long *id, err *e) {
    bool female = chance(g, female_percent);
    const char *name = NULL;
    rc_t rc = draw_name(g, female, &name, e);
    if (rc != RC_OK)
        return rc;
    char birth[NAME_MAX_BYTES];
    snprintf(birth, sizeof birth, "%04d-%02d-%02d", birth_first + below(g, birth_years),
             1 + below(g, MONTHS), 1 + below(g, DAYS_SAFE));
    const char *ethnicity = chance(g, SHE_PERCENT) ? "畲族" : "汉族";
    const char *party = pick_weighted(g, PARTIES, COUNT(PARTIES));
    char phone[NAME_MAX_BYTES];
    snprintf(phone, sizeof phone, "%s%08lld",
             MOBILE_PREFIXES[below(g, COUNT(MOBILE_PREFIXES))],
             (long long)(next(g) % (uint64_t)PHONE_DIGITS_MOD));
    return INSERT(c, SQL_PERSON, id, e, pint(congress), ptext(name),
                  ptext(female ? "female" : "male"), ptext(birth), ptext(ethnicity),
                  ptext(party), ptext(phone));
}

static rc_t add_deputy(store_conn *c, long long congress, long long person, long long term,
                       const char *level, const char *delegation, const char *occupation,
                       long long station, const char *status, err *e) {
    long long id = 0;
    return INSERT(c, SQL_DEPUTY, &id, e, pint(congress), pint(person), pref(term),
                  ptext(level), ptext(delegation), ptext(occupation), pref(station),
                  ptext(status));
}

/* Ids and per-township facts the later steps need. */
typedef struct {
    long long county, term;
    long long committee[COMMITTEE_COUNT];
    long long station[TOWNSHIP_COUNT];
    long long point[TOWNSHIP_COUNT][POINTS_MAX];
    int points[TOWNSHIP_COUNT];
} ids;

static rc_t load_congresses(store_conn *c, ids *x, err *e) {
    long long province = 0, city = 0, id = 0;
    rc_t rc = INSERT(c, SQL_CONGRESS, &province, e, ptext(PROVINCE_NAME), ptext("provincial"),
                     pref(0));
    if (rc == RC_OK)
        rc = INSERT(c, SQL_CONGRESS, &city, e, ptext(CITY_NAME), ptext("city"), pref(province));
    if (rc == RC_OK)
        rc = INSERT(c, SQL_CONGRESS, &x->county, e, ptext(COUNTY_NAME), ptext("county"),
                    pref(city));
    for (int i = 0; rc == RC_OK && i < TOWNSHIP_COUNT; i++) {
        if (TOWNSHIPS[i].street)
            continue;
        char name[NAME_MAX_BYTES];
        snprintf(name, sizeof name, "%s人民代表大会", TOWNSHIPS[i].name);
        rc = INSERT(c, SQL_CONGRESS, &id, e, ptext(name), ptext("township"), pref(x->county));
    }
    if (rc == RC_OK)
        rc = INSERT(c, SQL_TERM, &id, e, pint(x->county), pint(TERM_PREV),
                    ptext(TERM_PREV_START), ptext(TERM_PREV_END));
    if (rc == RC_OK)
        rc = INSERT(c, SQL_TERM, &x->term, e, pint(x->county), pint(TERM_CUR),
                    ptext(TERM_CUR_START), ptext(TERM_CUR_END));
    return rc;
}

static rc_t load_bodies(store_conn *c, gen *g, ids *x, err *e) {
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < COMMITTEE_COUNT; i++)
        rc = INSERT(c, SQL_COMMITTEE, &x->committee[i], e, pint(x->county),
                    ptext(COMMITTEES[i].name), ptext(COMMITTEES[i].kind));
    /* Units: the fixed list, then one per township (镇/乡 government, 街道 office). */
    for (int i = 0; rc == RC_OK && i < UNIT_COUNT + TOWNSHIP_COUNT; i++) {
        char name[NAME_MAX_BYTES], phone[NAME_MAX_BYTES];
        const char *kind = "township";
        if (i < UNIT_COUNT) {
            snprintf(name, sizeof name, "%s", UNITS[i].name);
            kind = UNITS[i].kind;
        } else {
            const township *t = &TOWNSHIPS[i - UNIT_COUNT];
            snprintf(name, sizeof name, "%s%s", t->name, t->street ? "办事处" : "人民政府");
        }
        const char *contact = NULL;
        rc = draw_name(g, chance(g, FEMALE_PERCENT), &contact, e);
        if (rc != RC_OK)
            break;
        snprintf(phone, sizeof phone, "0570-5%06lld",
                 (long long)(next(g) % (uint64_t)LANDLINE_MOD));
        long long id = 0;
        rc = INSERT(c, SQL_UNIT, &id, e, pint(x->county), ptext(name), ptext(kind),
                    ptext(contact), ptext(phone));
    }
    /* Stations: one per township, and its village / community points under it. */
    for (int i = 0; rc == RC_OK && i < TOWNSHIP_COUNT; i++) {
        const township *t = &TOWNSHIPS[i];
        char name[NAME_MAX_BYTES], addr[NAME_MAX_BYTES];
        snprintf(name, sizeof name, "%s人大代表联络站", t->name);
        rc = INSERT(c, SQL_STATION, &x->station[i], e, pint(x->county), ptext(name),
                    ptext("station"), ptext(t->name), pref(0), ptext(t->address));
        for (int k = 0; rc == RC_OK && k < POINTS_MAX && t->points[k]; k++) {
            snprintf(name, sizeof name, "%s%s代表联络点", t->name, t->points[k]);
            snprintf(addr, sizeof addr, "%s%s%s", t->name, t->points[k],
                     strstr(t->points[k], "社区") ? "党群服务中心" : "文化礼堂");
            rc = INSERT(c, SQL_STATION, &x->point[i][k], e, pint(x->county), ptext(name),
                        ptext("point"), ptext(t->name), pref(x->station[i]), ptext(addr));
            x->points[i] = k + 1;
        }
    }
    return rc;
}

/* The station or one of the township's points, for a deputy of township i. */
static long long deputy_station(gen *g, const ids *x, int i) {
    if (x->points[i] > 0 && chance(g, POINT_DEPUTY_PERCENT))
        return x->point[i][below(g, x->points[i])];
    return x->station[i];
}

static const char *deputy_status(int index) {
    for (int i = 0; i < COUNT(LEFT); i++)
        if (LEFT[i].index == index)
            return LEFT[i].status;
    return "active";
}

static rc_t load_people(store_conn *c, gen *g, const ids *x, err *e) {
    long long member_person[MEMBERS_SHARED] = {0};
    const char *member_title[MEMBERS_SHARED] = {0};
    rc_t rc = RC_OK;

    /* Standing committee, term 16; the first plain members each head a committee. */
    int m = 0, plain = 0;
    for (int p = 0; rc == RC_OK && p < POSITION_KINDS; p++) {
        for (int k = 0; rc == RC_OK && k < POSITIONS[p].count; k++, m++) {
            long long person = 0, id = 0, committee = 0;
            rc = add_person(c, g, x->county, MEMBER_FEMALE_PERCENT, MEMBER_BIRTH_FIRST,
                            MEMBER_BIRTH_YEARS, &person, e);
            if (rc != RC_OK)
                break;
            if (strcmp(POSITIONS[p].position, "member") == 0 && plain < COMMITTEE_COUNT)
                committee = x->committee[plain++];
            if (m < MEMBERS_SHARED) {
                member_person[m] = person;
                member_title[m] = POSITIONS[p].title;
            }
            rc = INSERT(c, SQL_MEMBER, &id, e, pint(x->county), pint(x->term), pint(person),
                        ptext(POSITIONS[p].position), pref(committee), ptext(TERM_CUR_START),
                        pref(0));
        }
    }

    /* County deputies, term 16, delegation by delegation. Each delegation opens with
     * the township's party secretary and its head. */
    long long county_person[DEPUTIES_MAX] = {0};
    const char *county_job[DEPUTIES_MAX] = {0};
    int county_town[DEPUTIES_MAX] = {0};
    char leader[TOWNSHIP_COUNT][LEADERS][NAME_MAX_BYTES]; /* outlive the loop: shared */
    int d = 0;
    for (int i = 0; rc == RC_OK && i < TOWNSHIP_COUNT; i++) {
        const township *t = &TOWNSHIPS[i];
        char delegation[NAME_MAX_BYTES];
        snprintf(delegation, sizeof delegation, "%s代表团", t->name);
        snprintf(leader[i][0], NAME_MAX_BYTES, "%s%s", t->name,
                 t->street ? "党工委书记" : "党委书记");
        snprintf(leader[i][1], NAME_MAX_BYTES, "%s%s", t->name,
                 t->street ? "办事处主任" : strstr(t->name, "乡") ? "乡长" : "镇长");
        for (int k = 0; rc == RC_OK && k < t->deputies; k++, d++) {
            if (d >= DEPUTIES_MAX)
                return err_set(e, RC_INTERNAL, NULL, "demo: more than %d deputies",
                               DEPUTIES_MAX);
            const char *job = k < LEADERS ? leader[i][k]
                                          : pick_weighted(g, OCCUPATIONS, COUNT(OCCUPATIONS));
            int shared = -1;
            if (d >= MEMBER_SHARED_OFFSET && (d - MEMBER_SHARED_OFFSET) % MEMBER_SHARED_STRIDE == 0)
                shared = (d - MEMBER_SHARED_OFFSET) / MEMBER_SHARED_STRIDE;
            if (shared >= 0 && shared < MEMBERS_SHARED) {
                county_person[d] = member_person[shared];
                job = member_title[shared];
            } else {
                rc = add_person(c, g, x->county, FEMALE_PERCENT, DEPUTY_BIRTH_FIRST,
                                DEPUTY_BIRTH_YEARS, &county_person[d], e);
            }
            county_job[d] = job;
            county_town[d] = i;
            if (rc == RC_OK)
                rc = add_deputy(c, x->county, county_person[d], x->term, "county", delegation,
                                job, deputy_station(g, x, i), deputy_status(d), e);
        }
    }

    /* Deputies to higher congresses living in the county: no county term; the first
     * city deputies are county deputies too. */
    int city_shared = 0;
    for (int h = 0; rc == RC_OK && h < COUNT(HIGHER); h++) {
        for (int k = 0; rc == RC_OK && k < HIGHER[h].count; k++) {
            int town = below(g, TOWNSHIP_COUNT);
            long long person = 0;
            const char *job = pick_weighted(g, HIGHER_OCCUPATIONS, COUNT(HIGHER_OCCUPATIONS));
            int from = CITY_SHARED_OFFSET + city_shared * CITY_SHARED_STRIDE;
            if (strcmp(HIGHER[h].level, "city") == 0 && city_shared < CITY_SHARED && from < d) {
                person = county_person[from];
                job = county_job[from];
                town = county_town[from];
                city_shared++;
            } else {
                rc = add_person(c, g, x->county, FEMALE_PERCENT, DEPUTY_BIRTH_FIRST,
                                DEPUTY_BIRTH_YEARS, &person, e);
            }
            if (rc == RC_OK)
                rc = add_deputy(c, x->county, person, 0, HIGHER[h].level,
                                HIGHER[h].delegation, job, deputy_station(g, x, town),
                                "active", e);
        }
    }
    return rc;
}

/* demo_load — see demo.h. All inserts share one write transaction, rolled back on
 * the first failure, so a failed load leaves nothing behind. The rows written here
 * directly (not through the engines) get their "create" audit entries at the end
 * (verify_adopt_new), so `renda audit verify` finds every record in the trail. */
rc_t demo_load(store_conn *c, long long *congress_id, err *e) {
    gen g;
    ids x;
    memset(&g, 0, sizeof g);
    memset(&x, 0, sizeof x);
    g.state = DEMO_SEED;

    verify_mark mark;
    rc_t rc = store_begin(c, true, e);
    if (rc != RC_OK)
        return rc;
    int64_t existing = 0;
    const char *const name[] = {COUNTY_NAME};
    rc = store_query_int(c, SQL_EXISTS, &existing, e, 1, name);
    if (rc != RC_OK)
        goto done;
    if (existing > 0) {
        rc = err_set(e, RC_CONFLICT, NULL, "demo data is already loaded");
        goto done;
    }
    rc = verify_mark_take(c, &mark, e);
    if (rc == RC_OK)
        rc = load_congresses(c, &x, e);
    if (rc == RC_OK)
        rc = load_bodies(c, &g, &x, e);
    if (rc == RC_OK)
        rc = load_people(c, &g, &x, e);
    if (rc == RC_OK)
        rc = demo_cases_load(c, x.county, x.term, e);
    if (rc == RC_OK)
        rc = verify_adopt_new(c, &mark, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    if (rc != RC_OK) {
        store_rollback(c);
        return rc;
    }
    if (congress_id)
        *congress_id = x.county;
    return RC_OK;
}
