/* demo_cases.c — the demo's 16th-term cases (issue 4, "Demo data"): China's public
 * holidays 2021–2026, 657 deputies' proposals and suggestions, 173 letters and
 * visits (300 person-times), receptions at the 14 liaison stations (2,300+ voters)
 * and the voters' opinions raised there — with the figures the seed reports:
 * re-handling through exactly 40 units and exactly 31 cases solved after it.
 *
 * Rows are written directly, but as the engine (case.c) would have written them:
 * every step is simulated in memory first (a `sim`), checked against the engine's
 * own transition table (case_check), and then flushed — the case with its final
 * state and dates, its people, units, replies, feedback, extensions, the history
 * (case_events) and one audit entry per history entry. The actor is the command
 * line ("cli"), as for every other write made by `renda init`.
 *
 * Dates: the history (2021-12-27 … summer 2026) is fixed. The cases still in
 * progress (drafts, awaiting review or assignment, assigned — some overdue, some due
 * soon —, replied awaiting feedback, re-handling) are dated back from an anchor: the
 * real today, but never before ANCHOR_MIN (after the fixed history), so a freshly
 * loaded demo always has a live inbox. Everything else is deterministic: one
 * fixed-seed splitmix64 generator, fixed insertion order. */
#include "domain/demo.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "domain/case/case.h"
#include "domain/settings.h"

#define CASES_SEED 0xC0FFEE16A2021ULL
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PERCENT 100
#define HOLIDAY_NOW "2021-12-27T00:00:00Z" /* created_at of the calendar rows */

/* The anchor of the in-progress cases: today, but not before the history ends. */
#define ANCHOR_MIN "2026-09-15"

/* The seed's figures (常山县十六届人大常委会工作综述). */
#define PROPOSALS_TOTAL 657     /* submitted in the term (drafts are not counted) */
#define REHANDLE_UNITS 40       /* distinct answering units of re-handled cases */
#define REHANDLE_SOLVED 31      /* re-handled, and the last round satisfied */
#define PETITIONS_TOTAL 173
#define PETITION_PERSON_TIMES 300
#define VOTERS_RECEIVED 2346    /* "2300余人次" */
#define OPINIONS_TOTAL 318      /* "300余条" */
#define RECEPTIONS_PER_STATION 12

#define TOWNSHIPS_MAX 14
#define UNITS_MAX 80
#define DEPUTIES_MAX 300
#define TEXT_BYTES 1024
#define TITLE_BYTES 256
#define SUBJECT_BYTES 200
#define NAME_BYTES 64
#define EV_MAX 128
#define PEOPLE_MAX 20
#define CU_MAX 4
#define REPLY_MAX 24
#define FB_MAX 96
#define EXT_MAX 3
#define COSIGNERS_MOTION_MIN 9 /* + the lead = motion_min_deputies (county 10) */
#define COSIGNERS_MOTION_SPAN 6
#define DAY_FIRST_MINUTE 60     /* 09:00 China time = 01:00Z */
#define DAY_MINUTES 420         /* events fall between 09:00 and 16:00 China time */
#define DAY_MINUTES_MAX 1370    /* a busy day's last minute (23:50Z) */

/* ---- holidays ------------------------------------------------------------------- */

/* 国务院办公厅 notices on public holidays, 2021–2026: each holiday period as
 * published (first and last day off), and the make-up working days (调休上班). */
static const struct {
    const char *first, *last, *name;
} HOLIDAYS[] = {
    {"2021-01-01", "2021-01-03", "元旦"}, {"2021-02-11", "2021-02-17", "春节"},
    {"2021-04-03", "2021-04-05", "清明节"}, {"2021-05-01", "2021-05-05", "劳动节"},
    {"2021-06-12", "2021-06-14", "端午节"}, {"2021-09-19", "2021-09-21", "中秋节"},
    {"2021-10-01", "2021-10-07", "国庆节"},
    {"2022-01-01", "2022-01-03", "元旦"}, {"2022-01-31", "2022-02-06", "春节"},
    {"2022-04-03", "2022-04-05", "清明节"}, {"2022-04-30", "2022-05-04", "劳动节"},
    {"2022-06-03", "2022-06-05", "端午节"}, {"2022-09-10", "2022-09-12", "中秋节"},
    {"2022-10-01", "2022-10-07", "国庆节"},
    {"2022-12-31", "2023-01-02", "元旦"}, {"2023-01-21", "2023-01-27", "春节"},
    {"2023-04-05", "2023-04-05", "清明节"}, {"2023-04-29", "2023-05-03", "劳动节"},
    {"2023-06-22", "2023-06-24", "端午节"}, {"2023-09-29", "2023-10-06", "中秋节、国庆节"},
    {"2024-01-01", "2024-01-01", "元旦"}, {"2024-02-10", "2024-02-17", "春节"},
    {"2024-04-04", "2024-04-06", "清明节"}, {"2024-05-01", "2024-05-05", "劳动节"},
    {"2024-06-10", "2024-06-10", "端午节"}, {"2024-09-15", "2024-09-17", "中秋节"},
    {"2024-10-01", "2024-10-07", "国庆节"},
    {"2025-01-01", "2025-01-01", "元旦"}, {"2025-01-28", "2025-02-04", "春节"},
    {"2025-04-04", "2025-04-06", "清明节"}, {"2025-05-01", "2025-05-05", "劳动节"},
    {"2025-05-31", "2025-06-02", "端午节"}, {"2025-10-01", "2025-10-08", "国庆节、中秋节"},
    {"2026-01-01", "2026-01-03", "元旦"}, {"2026-02-15", "2026-02-23", "春节"},
    {"2026-04-04", "2026-04-06", "清明节"}, {"2026-05-01", "2026-05-05", "劳动节"},
    {"2026-06-19", "2026-06-21", "端午节"}, {"2026-09-25", "2026-09-27", "中秋节"},
    {"2026-10-01", "2026-10-07", "国庆节"},
};

static const struct {
    const char *day, *name;
} WORKDAYS[] = {
    {"2021-02-07", "春节调休上班"}, {"2021-02-20", "春节调休上班"},
    {"2021-04-25", "劳动节调休上班"}, {"2021-05-08", "劳动节调休上班"},
    {"2021-09-18", "中秋节调休上班"}, {"2021-09-26", "国庆节调休上班"},
    {"2021-10-09", "国庆节调休上班"},
    {"2022-01-29", "春节调休上班"}, {"2022-01-30", "春节调休上班"},
    {"2022-04-02", "清明节调休上班"}, {"2022-04-24", "劳动节调休上班"},
    {"2022-05-07", "劳动节调休上班"}, {"2022-10-08", "国庆节调休上班"},
    {"2022-10-09", "国庆节调休上班"},
    {"2023-01-28", "春节调休上班"}, {"2023-01-29", "春节调休上班"},
    {"2023-04-23", "劳动节调休上班"}, {"2023-05-06", "劳动节调休上班"},
    {"2023-06-25", "端午节调休上班"}, {"2023-10-07", "国庆节调休上班"},
    {"2023-10-08", "国庆节调休上班"},
    {"2024-02-04", "春节调休上班"}, {"2024-02-18", "春节调休上班"},
    {"2024-04-07", "清明节调休上班"}, {"2024-04-28", "劳动节调休上班"},
    {"2024-05-11", "劳动节调休上班"}, {"2024-09-14", "中秋节调休上班"},
    {"2024-09-29", "国庆节调休上班"}, {"2024-10-12", "国庆节调休上班"},
    {"2025-01-26", "春节调休上班"}, {"2025-02-08", "春节调休上班"},
    {"2025-04-27", "劳动节调休上班"}, {"2025-09-28", "国庆节调休上班"},
    {"2025-10-11", "国庆节调休上班"},
    {"2026-01-04", "元旦调休上班"}, {"2026-02-14", "春节调休上班"},
    {"2026-02-28", "春节调休上班"}, {"2026-05-09", "劳动节调休上班"},
    {"2026-09-20", "国庆节调休上班"}, {"2026-10-10", "国庆节调休上班"},
};
#define CALENDAR_MAX 400

/* ---- plenary sessions ------------------------------------------------------------ */

/* The five annual sessions of the 16th county congress: opening day (suggestions are
 * handed in on the first two days) and the day of the assignment meeting (交办会). */
static const struct {
    const char *opens, *assigned;
    int proposals; /* submitted during the session, motions included */
    int motions;
} SESSIONS[] = {
    {"2021-12-27", "2022-01-20", 128, 3},
    {"2023-01-10", "2023-02-09", 120, 2},
    {"2024-01-09", "2024-01-30", 114, 2},
    {"2025-01-07", "2025-02-12", 110, 2},
    {"2026-01-06", "2026-01-27", 98, 2},
};
#define SESSION_DAYS 3

/* Suggestions between sessions, per year 2022–2026 (the last year's include the
 * cases still in progress). Sessions plus these make PROPOSALS_TOTAL. */
static const int BETWEEN[] = {16, 13, 12, 12, 34};
#define BETWEEN_FIRST_YEAR 2022

/* ---- titles ------------------------------------------------------------------------ */

enum { S_NONE, S_TOWN, S_VILLAGE, S_ROAD, S_CROP, S_SCHOOL, S_URBAN, S_COMMUNITY, S_MED,
       S_SOCIAL, S_FIRM, S_PROJECT, S_GROUP, S_EDU, S_MINE, S_COUNT };

static const char *const ROADS[] = {"芳村至新昌", "球川至东案", "辉埠至招贤", "天马至同弓",
                                    "青石至白石", "大桥头至芳村", "何家至金川", "紫港至辉埠"};
static const char *const CROPS[] = {"胡柚", "香柚", "油茶", "食用菌", "茶叶", "高山蔬菜"};
static const char *const SCHOOLS[] = {"常山一中迁建项目", "文昌小学", "衢州数字工业学校",
                                      "县技工学校", "城东幼儿园", "天马第二初级中学"};
static const char *const URBAN[] = {"县人民医院周边", "定阳路老城区", "文峰路学校周边",
                                    "紫港商业区", "常山港沿江两岸", "汽车站周边"};
static const char *const COMMUNITIES[] = {"天马街道东明社区", "天马街道城南社区",
                                          "紫港街道紫港社区", "金川街道徐村社区",
                                          "天马街道城中社区", "紫港街道定阳社区"};
static const char *const MEDS[] = {"提升基层首诊率", "推进检查检验结果互认",
                                   "加强上下级医院双向转诊", "推广智慧医疗服务"};
static const char *const SOCIALS[] = {"城乡公交“2元一票制”扩面", "农村幸福食堂建设",
                                      "残疾人托养服务", "退役军人服务保障",
                                      "困境儿童关爱保护", "独居老人应急呼叫服务"};
static const char *const FIRMS[] = {"轴承", "小微", "胡柚深加工", "新材料", "食品加工"};
static const char *const PROJECTS[] = {"赛得健康小镇", "生态园区", "工业园区标准厂房",
                                       "数字经济产业园", "物流园区"};
static const char *const GROUPS[] = {"大龄农民工", "高校毕业生", "残疾人", "退役军人",
                                     "易地搬迁群众"};
static const char *const EDUS[] = {"心理健康教育", "近视防控", "课后服务", "劳动教育",
                                   "体育锻炼"};
static const char *const MINES[] = {"辉埠镇", "青石镇", "球川镇", "白石镇"};
/* Villages (invented) by township name. */
static const struct {
    const char *town, *village;
} VILLAGES[] = {
    {"芳村镇", "新桥村"}, {"芳村镇", "芳村村"}, {"芳村镇", "前山村"},
    {"球川镇", "红旗岗村"}, {"球川镇", "球川村"}, {"球川镇", "东坑村"},
    {"辉埠镇", "宋畈村"}, {"辉埠镇", "辉埠村"}, {"招贤镇", "古县村"},
    {"招贤镇", "招贤村"}, {"青石镇", "砚瓦山村"}, {"青石镇", "江家村"},
    {"白石镇", "草坪村"}, {"白石镇", "白石村"}, {"何家乡", "樊家村"},
    {"何家乡", "何家村"}, {"同弓乡", "彤弓山村"}, {"同弓乡", "同弓村"},
    {"大桥头乡", "大桥头村"}, {"新昌乡", "黄冈村"}, {"新昌乡", "新昌村"},
    {"东案乡", "东案村"}, {"东案乡", "金源村"}, {"金川街道", "徐村"},
    {"紫港街道", "五里村"}, {"天马街道", "十五里村"},
};

static const struct {
    const char *const *list;
    int n;
} SLOTS[S_COUNT] = {
    [S_ROAD] = {ROADS, COUNT(ROADS)},       [S_CROP] = {CROPS, COUNT(CROPS)},
    [S_SCHOOL] = {SCHOOLS, COUNT(SCHOOLS)}, [S_URBAN] = {URBAN, COUNT(URBAN)},
    [S_COMMUNITY] = {COMMUNITIES, COUNT(COMMUNITIES)}, [S_MED] = {MEDS, COUNT(MEDS)},
    [S_SOCIAL] = {SOCIALS, COUNT(SOCIALS)}, [S_FIRM] = {FIRMS, COUNT(FIRMS)},
    [S_PROJECT] = {PROJECTS, COUNT(PROJECTS)}, [S_GROUP] = {GROUPS, COUNT(GROUPS)},
    [S_EDU] = {EDUS, COUNT(EDUS)},          [S_MINE] = {MINES, COUNT(MINES)},
};

/* A suggestion's subject: "关于" + subject + "的建议". lead and co are unit names
 * (co may be NULL); a township or village subject also involves the township's
 * government. */
typedef struct {
    const char *category, *subject;
    int slot;
    const char *lead, *co;
    int weight;
} topic;

static const topic TOPICS[] = {
    {"交通", "加快%s公路提升改造", S_ROAD, "县交通运输局", "县财政局", 4},
    {"交通", "优化%s城乡公交线路和班次", S_TOWN, "县交通运输局", NULL, 3},
    {"交通", "在%s增设公交候车亭", S_VILLAGE, "县交通运输局", NULL, 2},
    {"交通", "加强%s农村道路安全防护设施建设", S_VILLAGE, "县交通运输局", "县公安局", 3},
    {"交通", "缓解%s停车难问题", S_URBAN, "县综合行政执法局", "县公安局", 3},
    {"交通", "完善%s交通信号和标志标线", S_URBAN, "县公安局", NULL, 2},
    {"交通", "加快%s危桥改造", S_VILLAGE, "县交通运输局", NULL, 2},
    {"教育", "加快%s建设进度", S_SCHOOL, "县教育局", "县发展和改革局", 3},
    {"教育", "加强%s乡村小规模学校师资配备", S_TOWN, "县教育局", NULL, 3},
    {"教育", "改善%s中心小学办学条件", S_TOWN, "县教育局", NULL, 3},
    {"教育", "解决%s学生上下学交通安全问题", S_TOWN, "县教育局", "县公安局", 2},
    {"教育", "加强中小学生%s", S_EDU, "县教育局", NULL, 3},
    {"教育", "推进职业教育与%s产业融合发展", S_FIRM, "县人力资源和社会保障局", "县教育局", 1},
    {"医疗卫生", "提升%s卫生院医疗服务能力", S_TOWN, "县卫生健康局", NULL, 4},
    {"医疗卫生", "加强%s村卫生室建设", S_VILLAGE, "县卫生健康局", NULL, 3},
    {"医疗卫生", "深化县域医共体建设%s", S_MED, "县卫生健康局", "县医疗保障局", 3},
    {"医疗卫生", "推进家庭医生签约服务提质扩面", S_NONE, "县卫生健康局", NULL, 1},
    {"医疗卫生", "提高%s群众医保报销便利度", S_TOWN, "县医疗保障局", NULL, 2},
    {"农业农村", "扶持%s产业发展", S_CROP, "县农业农村局", "县财政局", 5},
    {"农业农村", "加快%s农田水利设施改造", S_TOWN, "县水利局", NULL, 3},
    {"农业农村", "推进%s高标准农田建设", S_TOWN, "县农业农村局", "县自然资源和规划局", 3},
    {"农业农村", "解决%s群众饮用水问题", S_VILLAGE, "县水利局", NULL, 3},
    {"农业农村", "加强%s山塘水库除险加固", S_TOWN, "县水利局", "县应急管理局", 2},
    {"农业农村", "发展壮大%s村级集体经济", S_TOWN, "县农业农村局", NULL, 3},
    {"农业农村", "完善%s农产品冷链物流体系", S_CROP, "县供销合作社联合社", "县商务局", 1},
    {"城乡建设", "加快城区危旧房治理改造", S_NONE, "县住房和城乡建设局", "县自然资源和规划局", 2},
    {"城乡建设", "推进%s老旧小区改造", S_COMMUNITY, "县住房和城乡建设局", NULL, 3},
    {"城乡建设", "加强%s农房建设管理", S_TOWN, "县自然资源和规划局", NULL, 2},
    {"城乡建设", "完善%s污水管网建设", S_TOWN, "县住房和城乡建设局", "县生态环境分局", 3},
    {"城乡建设", "加快%s集镇改造提升", S_TOWN, "县住房和城乡建设局", NULL, 2},
    {"城乡建设", "加强%s小区物业管理", S_COMMUNITY, "县住房和城乡建设局", NULL, 2},
    {"城乡建设", "加快%s农村电网改造", S_TOWN, "国网常山县供电公司", NULL, 2},
    {"生态环境", "加强辉埠区域环境综合整治", S_NONE, "县生态环境分局", "辉埠镇人民政府", 2},
    {"生态环境", "加强%s生活垃圾分类处理", S_TOWN, "县综合行政执法局", NULL, 3},
    {"生态环境", "加强常山港%s段水环境保护", S_TOWN, "县生态环境分局", "县水利局", 2},
    {"生态环境", "治理%s矿山粉尘污染", S_MINE, "县生态环境分局", "县自然资源和规划局", 2},
    {"生态环境", "推进生态园区提质扩容", S_NONE, "县发展和改革局", "县经济和信息化局", 1},
    {"生态环境", "加强%s农业面源污染治理", S_TOWN, "县农业农村局", "县生态环境分局", 2},
    {"民生保障", "提高%s居家养老服务水平", S_TOWN, "县民政局", NULL, 3},
    {"民生保障", "加强%s困难群众救助", S_TOWN, "县民政局", NULL, 2},
    {"民生保障", "推进%s", S_SOCIAL, "县民政局", "县财政局", 3},
    {"民生保障", "加强%s就业帮扶", S_GROUP, "县人力资源和社会保障局", NULL, 3},
    {"民生保障", "完善%s农村寄递物流服务", S_TOWN, "中国邮政集团有限公司常山县分公司", "县商务局", 1},
    {"民生保障", "做好%s退役军人就业创业服务", S_TOWN, "县退役军人事务局", NULL, 1},
    {"产业发展", "推动轴承产业转型升级", S_NONE, "县经济和信息化局", "县科学技术局", 3},
    {"产业发展", "加快%s建设", S_PROJECT, "县发展和改革局", "县经济和信息化局", 3},
    {"产业发展", "解决赛得健康小镇历史遗留问题", S_NONE, "县发展和改革局", "县自然资源和规划局", 1},
    {"产业发展", "加大%s企业融资支持力度", S_FIRM, "县财政局", "县经济和信息化局", 2},
    {"产业发展", "支持%s农村电商发展", S_TOWN, "县商务局", NULL, 2},
    {"产业发展", "加强%s产品质量品牌建设", S_CROP, "县市场监督管理局", "县农业农村局", 2},
    {"产业发展", "落实%s企业减税降费政策", S_FIRM, "国家税务总局常山县税务局", NULL, 1},
    {"产业发展", "推进%s数字化改造", S_FIRM, "县大数据发展管理局", "县经济和信息化局", 1},
    {"文化旅游", "发展%s乡村旅游", S_TOWN, "县文化和广电旅游体育局", NULL, 3},
    {"文化旅游", "加强%s文化礼堂建设和使用", S_VILLAGE, "县文化和广电旅游体育局", NULL, 2},
    {"文化旅游", "建设%s全民健身场地", S_TOWN, "县文化和广电旅游体育局", NULL, 2},
    {"文化旅游", "保护利用%s传统村落", S_VILLAGE, "县文化和广电旅游体育局", "县住房和城乡建设局", 1},
    {"社会治理", "加强%s社会治安防控", S_TOWN, "县公安局", NULL, 2},
    {"社会治理", "完善%s矛盾纠纷调解机制", S_TOWN, "县司法局", NULL, 2},
    {"社会治理", "加强电动自行车安全管理", S_NONE, "县公安局", "县应急管理局", 1},
    {"社会治理", "加强%s消防安全隐患整治", S_URBAN, "县应急管理局", NULL, 2},
    {"社会治理", "加强%s防汛防台气象预警服务", S_TOWN, "县气象局", "县应急管理局", 1},
    {"社会治理", "推进诉源治理和%s基层法庭建设", S_TOWN, "常山县人民法院", NULL, 1},
    {"社会治理", "加强%s生态环境公益诉讼检察工作", S_TOWN, "常山县人民检察院", NULL, 1},
    {"政务服务", "推进政务服务“一网通办”向%s延伸", S_TOWN, "县人民政府办公室", "县大数据发展管理局", 2},
    {"政务服务", "提高%s群众诉求办理质效", S_TOWN, "县人民政府办公室", "县信访局", 1},
    {"政务服务", "加强%s国有资产规范管理", S_PROJECT, "县国有资产服务中心", "县财政局", 1},
};

/* The unit of the demo account "unit" (the first department) gets these, so its
 * inbox is not empty. */
#define DEMO_UNIT_NAME "县人民政府办公室"

/* Motions (议案) of each session, ≥ motion_min_deputies signers, handled as difficult. */
static const topic MOTIONS[] = {
    {"城乡建设", "加快城区危旧房治理改造", S_NONE, "县住房和城乡建设局", "县财政局", 1},
    {"产业发展", "推动轴承产业高质量发展", S_NONE, "县经济和信息化局", "县发展和改革局", 1},
    {"生态环境", "加强辉埠区域环境综合整治", S_NONE, "县生态环境分局", "辉埠镇人民政府", 1},
    {"教育", "全过程推进常山一中迁建", S_NONE, "县教育局", "县发展和改革局", 1},
    {"农业农村", "做强做优胡柚产业", S_NONE, "县农业农村局", "县财政局", 1},
    {"医疗卫生", "加快县域医共体建设", S_NONE, "县卫生健康局", "县医疗保障局", 1},
    {"民生保障", "实施农民饮用水达标提标工程", S_NONE, "县水利局", "县财政局", 1},
    {"交通", "推进城乡公交一体化", S_NONE, "县交通运输局", "县财政局", 1},
    {"城乡建设", "推进城市老旧小区改造", S_NONE, "县住房和城乡建设局", NULL, 1},
    {"生态环境", "推进生态园区提质扩容", S_NONE, "县发展和改革局", "县自然资源和规划局", 1},
    {"产业发展", "解决赛得健康小镇历史遗留问题", S_NONE, "县发展和改革局", NULL, 1},
};

/* Suggestions staff declined, each for a listed reason (DOMAIN.md). */
static const struct {
    const char *category, *title, *reason, *text;
} DECLINED[] = {
    {"交通", "关于降低杭金衢高速公路通行费的建议", "outside_jurisdiction",
     "高速公路收费标准由省级定价，不属于县级事权，已告知代表向上级人大代表反映。"},
    {"民生保障", "关于解决本人家属社保待遇问题的建议", "private_affairs",
     "所提事项系代表本人亲属的个人事务，不作为代表建议办理，已建议通过人社部门窗口咨询。"},
    {"城乡建设", "关于转交某小区业主来信的建议", "petition_letter",
     "所附材料为群众信访件，已转县信访局按信访程序办理。"},
    {"产业发展", "关于推广某品牌净水设备的建议", "advertising",
     "内容为商品推介，不属于代表建议范围。"},
    {"社会治理", "关于加强有关工作的建议", "no_content",
     "建议内容空泛，无具体事项和措施，已与代表沟通，请其补充后另行提出。"},
    {"农业农村", "关于调整全省粮食最低收购价的建议", "outside_jurisdiction",
     "粮食最低收购价由国家有关部门确定，不属于县级事权。"},
    {"城乡建设", "关于解决本人宅基地审批问题的建议", "private_affairs",
     "所提事项系代表本人的个人事务，已告知按宅基地审批程序向乡镇申请。"},
};
#define WITHDRAWN 3

static const char *const BODY_OPEN[] = {
    "近年来，%s工作取得了一定成效，但群众反映仍较集中，存在投入不足、设施老化、管理不够到位等问题。",
    "在走访选民和调研中了解到，%s是当地群众关心的实事，目前推进较慢，与群众期盼还有差距。",
    "%s事关群众切身利益。经实地调研，发现规划滞后、资金缺口大、部门协同不够等问题仍较突出。",
};
static const char *const BODY_ASK =
    "建议：一是将其列入年度重点工作计划，明确责任单位和完成时限；二是积极争取上级政策和资金"
    "支持，加大县级财政投入；三是加强部门协同和督促检查，定期向代表反馈进展。";

static const char *const REPLY[] = {
    /* A */ "您提出的《%s》收悉。我单位高度重视，组织专人实地调研，会同有关部门落实了整改措施，"
            "所提问题已基本解决。感谢您对全县工作的关心和支持。",
    /* B */ "您提出的《%s》收悉。经研究，所提事项已列入年度工作计划，正在积极推进，预计年内完成，"
            "我们将及时向您反馈进展情况。",
    /* C */ "您提出的《%s》收悉。经研究，受资金、用地指标等条件限制，目前暂不具备实施条件，"
            "我们将积极创造条件，待条件成熟时统筹解决。",
    /* D */ "您提出的《%s》收悉。所提建议对改进我们的工作具有重要参考价值，我们将在制定相关政策"
            "和规划时认真研究吸收。",
};
static const char *const REPLY_AGAIN =
    "根据代表意见，我单位对《%s》重新办理：主要负责人带队与代表面商，重新制定了解决方案，"
    "落实了资金和时限，目前问题已得到解决。";
static const char *const CO_VIEW =
    "关于《%s》，我单位同意主办单位的办理意见，将在职责范围内积极配合做好相关工作。";
static const char *const FOLLOW_UP =
    "关于《%s》，答复时列入计划的事项已全部完成，现将落实情况报告如下：项目已建成并投入使用。";

static const char *const SATISFIED[] = {"答复及时，措施具体，满意。", "办理态度认真，问题已解决，表示满意。",
                                        "沟通充分，对办理结果满意。"};
static const char *const BASIC[] = {"问题已部分解决，希望继续跟进落实。",
                                    "答复基本满意，建议加快推进进度。"};
static const char *const UNSATISFIED[] = {
    "答复内容与实际情况不符，问题未得到解决，要求重新办理。",
    "答复较为笼统，缺少具体措施和时间表，不满意。",
    "办理过程中未与代表沟通，问题依旧存在，要求重办。"};

/* ---- letters and visits ------------------------------------------------------------ */

static const struct {
    const char *subject, *content, *unit, *forward_to;
} PETITION_SUBJECTS[] = {
    {"征地拆迁补偿", "反映征地拆迁补偿标准偏低、安置房交付延迟，请求协调解决。",
     "县自然资源和规划局", "县人民政府"},
    {"拖欠农民工工资", "反映某工程项目拖欠农民工工资，多次讨要未果，请求帮助追讨。",
     "县人力资源和社会保障局", "县人力资源和社会保障局"},
    {"法院判决执行", "反映民事判决生效后长期未执行到位，请求督促执行。", "常山县人民法院",
     "常山县人民法院"},
    {"企业噪声扰民", "反映附近企业夜间生产噪声扰民，影响休息，请求查处。", "县生态环境分局",
     "县生态环境分局"},
    {"小区物业纠纷", "反映小区物业服务质量差、公共收益不公开，请求规范管理。",
     "县住房和城乡建设局", "天马街道办事处"},
    {"养老保险待遇", "反映养老保险缴费年限认定有误，影响待遇领取，请求核查。",
     "县人力资源和社会保障局", "县人力资源和社会保障局"},
    {"宅基地审批", "反映建房申请长期未获审批，请求说明原因并加快办理。", "县自然资源和规划局",
     "县自然资源和规划局"},
    {"道路破损", "反映村道路面破损严重、雨天积水，群众出行不便，请求维修。", "县交通运输局",
     "县交通运输局"},
    {"检察监督申请", "对一起案件的处理结果有异议，申请检察监督。", "常山县人民检察院",
     "常山县人民检察院"},
    {"山林权属纠纷", "反映与邻村山林权属界线不清，发生纠纷，请求调处。", "县自然资源和规划局",
     "县司法局"},
    {"低保资格", "反映家庭困难但低保申请未获批准，请求复核。", "县民政局", "县民政局"},
    {"农村饮用水", "反映村里自来水水压不足、水质浑浊，请求解决。", "县水利局", "县水利局"},
};
static const char *const FORWARD_ALSO[] = {"县信访局", "县公安局", "县市场监督管理局"};
static const char *const PETITION_REPLY =
    "经调查核实，来信来访反映的%s问题已会同有关方面研究处理，处理意见已当面告知信访人。";

/* ---- opinions ------------------------------------------------------------------------ */

static const struct {
    const char *title, *unit;
} OPINION_TOPICS[] = {
    {"村口路灯损坏需维修", "县住房和城乡建设局"},
    {"村道两侧杂草影响通行", "县交通运输局"},
    {"希望增加进城公交班次", "县交通运输局"},
    {"农村垃圾清运不及时", "县综合行政执法局"},
    {"小区停车位不足", "县住房和城乡建设局"},
    {"胡柚销售渠道不畅", "县农业农村局"},
    {"农田灌溉渠道淤塞", "县水利局"},
    {"老年人就医配药不便", "县卫生健康局"},
    {"学校门口交通拥堵", "县公安局"},
    {"希望建设村级健身广场", "县文化和广电旅游体育局"},
    {"河道垃圾需要清理", "县水利局"},
    {"养老服务中心开放时间短", "县民政局"},
    {"农房安全隐患排查", "县住房和城乡建设局"},
    {"用电电压不稳定", "国网常山县供电公司"},
    {"快递进村不方便", "中国邮政集团有限公司常山县分公司"},
    {"企业用工招聘难", "县人力资源和社会保障局"},
    {"集镇菜市场环境差", "县市场监督管理局"},
    {"希望开设老年大学教学点", "县教育局"},
};
#define OPINION_REPLY "经实地查看，选民反映的“%s”问题已安排专人处理，处理结果已向选民反馈。"

static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "吴", "周",
                                       "徐", "朱", "胡", "何", "郑", "汪", "叶", "余", "方",
                                       "姜", "毛", "严", "程", "邵", "祝", "占", "郑", "樊"};
static const char *const GIVEN[] = {"建华", "国平", "根土", "水清", "金花", "美芳", "春花",
                                    "志强", "伟", "丽", "长生", "荣华", "小平", "桂英",
                                    "德明", "玉珍", "红英", "新华", "文忠", "海林"};
static const char *const RESERVED[] = {"朱忠泰", "许军良", "张誉春"};
static const char *const MOBILE[] = {"138", "139", "135", "137", "150", "151", "158", "159",
                                     "187", "188", "133", "153", "180", "189", "130", "131"};
#define PHONE_MOD 100000000ULL

/* ---- the generator and what the loader knows ------------------------------------- */

typedef struct {
    long long id;
    int town; /* index into the township list, -1 when none */
    char name[NAME_BYTES];
} deputy_ref;

typedef struct {
    store_conn *c;
    err *e;
    uint64_t rng;
    long long congress, term;
    date_t anchor;
    /* settings, read as the engine reads them */
    int reply_months, reply_months_difficult, co_months, rehandle_months;
    int petition_days, petition_extension_days;
    date_exception cal[CALENDAR_MAX];
    size_t ncal;
    int ntowns;
    char town[TOWNSHIPS_MAX][NAME_BYTES];
    long long station[TOWNSHIPS_MAX];
    long long town_unit[TOWNSHIPS_MAX];
    int nunits;
    long long unit[UNITS_MAX];
    char unit_name[UNITS_MAX][NAME_BYTES];
    int ndeputies, nhigher;
    deputy_ref deputy[DEPUTIES_MAX]; /* active county deputies, by id */
    deputy_ref higher[DEPUTIES_MAX]; /* deputies of other levels */
    long long demo_unit;
    char (*titles)[TITLE_BYTES];
    int ntitles;
} dc;

static uint64_t next(dc *d) { /* splitmix64 */
    d->rng += 0x9E3779B97F4A7C15ULL;
    uint64_t z = d->rng;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static int below(dc *d, int n) { return n > 0 ? (int)(next(d) % (uint64_t)n) : 0; }
static int between(dc *d, int lo, int hi) { return lo + below(d, hi - lo + 1); }
static bool chance(dc *d, int percent) { return below(d, PERCENT) < percent; }

static date_t D(const char *s) {
    date_t x = 0;
    date_parse(s, &x);
    return x;
}

static bool working(const dc *d, date_t x) { return date_is_working(x, d->cal, d->ncal); }
/* on_or_after / on_or_before — the nearest working day. */
static date_t on_or_after(const dc *d, date_t x) {
    while (!working(d, x))
        x++;
    return x;
}
static date_t on_or_before(const dc *d, date_t x) {
    while (!working(d, x))
        x--;
    return x;
}

/* ---- SQL ------------------------------------------------------------------------------ */

typedef struct {
    enum { Q_NULL, Q_INT, Q_TEXT } type;
    long long num;
    const char *text;
} qp;

static qp qi(long long v) { return (qp){Q_INT, v, NULL}; }
static qp qt(const char *s) { return s ? (qp){Q_TEXT, 0, s} : (qp){Q_NULL, 0, NULL}; }
static qp qref(long long v) { return v ? qi(v) : (qp){Q_NULL, 0, NULL}; }
static char date_buf[16][11];
static int date_slot;
/* qd — a date parameter (0 → NULL); the text lives in a small ring of buffers. */
static qp qd(date_t x) {
    if (!x)
        return (qp){Q_NULL, 0, NULL};
    char *b = date_buf[date_slot++ % 16];
    date_format(x, b);
    return qt(b);
}

/* exec — one statement; *id (may be NULL) receives the first column of its row. */
static rc_t exec(dc *d, const char *sql, const qp *p, int n, long long *id) {
    store_stmt *st = NULL;
    rc_t rc = store_prepare(d->c, sql, &st, d->e);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        if (p[i].type == Q_INT)
            store_bind_int(st, i + 1, p[i].num);
        else if (p[i].type == Q_TEXT)
            store_bind_text(st, i + 1, p[i].text);
        else
            store_bind_null(st, i + 1);
    }
    if (store_next(st, &rc, d->e) && id)
        *id = store_column_int(st, 0);
    while (store_next(st, &rc, d->e))
        ;
    store_finish(st);
    return rc;
}
#define EXEC(d, sql, id, ...)                                                              \
    exec((d), (sql), (const qp[]){__VA_ARGS__},                                            \
         (int)(sizeof((const qp[]){__VA_ARGS__}) / sizeof(qp)), (id))

/* ---- the simulated case ------------------------------------------------------------- */

enum { U_ASSIGNED, U_REPLIED, U_RETURNED };
static const char *const UNIT_STATES[] = {"assigned", "replied", "returned"};

typedef struct {
    char at[32];
    const char *action;
    case_state from, to;
    char note[TEXT_BYTES];
} sev;

typedef struct {
    const char *kind; /* case_kind's name: proposal, petition, opinion */
    const case_kind *k;
    char title[TITLE_BYTES];
    const char *category;
    case_state state;
    int round;
    date_t submitted, assigned, due, closed;
    bool difficult, key, published;
    const char *decline_reason, *decline_text;
    int npeople;
    struct {
        long long deputy;
        char name[NAME_BYTES * 2];
        const char *role;
        bool confirmed;
    } person[PEOPLE_MAX];
    int nunits;
    struct {
        long long unit;
        const char *role;
        int state;
        date_t on, due;
        const char *return_reason;
    } unit[CU_MAX];
    int nreplies;
    struct {
        long long unit;
        int round;
        const char *kind;
        char cls[2];
        char text[TEXT_BYTES];
        date_t on;
    } reply[REPLY_MAX];
    int nfb;
    struct {
        int round, person;
        const char *rating, *text;
        date_t on;
    } fb[FB_MAX];
    int next;
    struct {
        long long unit;
        const char *reason, *state;
        date_t due, on;
    } ext[EXT_MAX];
    int nev;
    sev ev[EV_MAX];
    date_t clock;  /* the day of the last event */
    int minute;    /* of the last event, from 09:00 China time */
    date_t created;
} sim;

static rc_t sim_fail(dc *d, const char *what) {
    return err_set(d->e, RC_INTERNAL, NULL, "demo: %s", what);
}

/* step — check the action against the engine's transition table, then record it. */
static rc_t step(dc *d, sim *s, date_t on, const char *action, unsigned who, case_state to,
                 const char *note) {
    const case_transition *t = case_kind_transition(s->k, action);
    if (!t)
        return sim_fail(d, "an action the engine does not know");
    rc_t rc = case_check(t, s->state, who, d->e);
    if (rc)
        return err_set(d->e, RC_INTERNAL, NULL, "demo: %s on %s: %s", action, s->title,
                       d->e->message);
    if (s->nev >= EV_MAX)
        return sim_fail(d, "too many history entries");
    if (on < s->clock)
        on = s->clock;
    if (on > d->anchor)
        return err_set(d->e, RC_INTERNAL, NULL, "demo: %s on %s would be after today", action,
                       s->title);
    if (on == s->clock)
        s->minute += between(d, 1, 12); /* later the same day: history stays in order */
    else
        s->minute = below(d, DAY_MINUTES / 2);
    if (s->minute > DAY_MINUTES_MAX)
        s->minute = DAY_MINUTES_MAX;
    s->clock = on;
    sev *v = &s->ev[s->nev++];
    char day[11];
    date_format(on, day);
    int m = DAY_FIRST_MINUTE + s->minute;
    snprintf(v->at, sizeof v->at, "%sT%02d:%02d:%02dZ", day, m / 60, m % 60, s->nev % 60);
    v->action = action;
    v->from = s->state;
    v->to = to == CS_COUNT ? s->state : to;
    snprintf(v->note, sizeof v->note, "%s", note ? note : "");
    s->state = v->to;
    return RC_OK;
}

#define WHO_STAFF CR_STAFF
#define WHO_UNIT CR_UNIT
static unsigned who_person(const sim *s, int i) {
    if (!s->person[i].deputy)
        return CR_STAFF; /* staff record a voter's or petitioner's feedback */
    return CR_OWED | (strcmp(s->person[i].role, "lead") == 0 ? CR_LEAD : CR_COSIGNER);
}

static void sim_init(sim *s, const case_kind *k, const char *title, const char *category) {
    memset(s, 0, sizeof *s);
    s->k = k;
    s->kind = k->name;
    snprintf(s->title, sizeof s->title, "%s", title);
    s->category = category;
    s->state = k->initial;
    s->round = 1;
}

static void add_person(sim *s, long long deputy, const char *name, const char *role,
                       bool confirmed) {
    if (s->npeople >= PEOPLE_MAX)
        return;
    s->person[s->npeople].deputy = deputy;
    snprintf(s->person[s->npeople].name, sizeof s->person[0].name, "%s", name);
    s->person[s->npeople].role = role;
    s->person[s->npeople].confirmed = confirmed;
    s->npeople++;
}

static rc_t sim_create(dc *d, sim *s, date_t on) {
    s->created = on;
    s->clock = 0;
    if (s->k->initial != CS_DRAFT)
        s->submitted = on;
    /* create has no row in the table: it is the initial state itself */
    if (s->nev >= EV_MAX)
        return sim_fail(d, "too many history entries");
    s->state = CS_COUNT;
    sev *v = &s->ev[s->nev++];
    char day[11];
    date_format(on, day);
    s->minute = below(d, DAY_MINUTES / 2);
    s->clock = on;
    int m = DAY_FIRST_MINUTE + s->minute;
    snprintf(v->at, sizeof v->at, "%sT%02d:%02d:%02dZ", day, m / 60, m % 60, below(d, 60));
    v->action = "create";
    v->from = CS_COUNT;
    v->to = s->k->initial;
    v->note[0] = '\0';
    s->state = s->k->initial;
    return RC_OK;
}

static rc_t sim_assign(dc *d, sim *s, date_t on, const long long *units, const char *const *roles,
                       int n, bool difficult) {
    rc_t rc = step(d, s, on, "assign", WHO_STAFF, CS_ASSIGNED, NULL);
    if (rc)
        return rc;
    s->nunits = 0;
    s->difficult = difficult;
    s->assigned = on;
    for (int i = 0; i < n && i < CU_MAX; i++) {
        date_t due;
        if (strcmp(roles[i], "co") == 0)
            due = date_add_months(on, d->co_months);
        else if (strcmp(s->k->name, "petition") == 0)
            due = case_due_days(on, d->petition_days);
        else
            due = date_add_months(on, difficult ? d->reply_months_difficult : d->reply_months);
        if (strcmp(roles[i], "co") != 0)
            s->due = due;
        s->unit[i].unit = units[i];
        s->unit[i].role = roles[i];
        s->unit[i].state = U_ASSIGNED;
        s->unit[i].on = on;
        s->unit[i].due = due;
        s->unit[i].return_reason = NULL;
        s->nunits++;
    }
    return RC_OK;
}

/* settle — as case.c: returned when no answering unit is left, replied when every
 * answering unit has replied this round. */
static case_state settle(const sim *s) {
    int left = 0, waiting = 0;
    for (int i = 0; i < s->nunits; i++) {
        if (strcmp(s->unit[i].role, "co") == 0)
            continue;
        if (s->unit[i].state != U_RETURNED)
            left++;
        if (s->unit[i].state == U_ASSIGNED)
            waiting++;
    }
    return !left ? CS_RETURNED : !waiting ? CS_REPLIED : CS_COUNT;
}

static rc_t add_reply(dc *d, sim *s, int u, const char *kind, char cls, const char *fmt,
                      date_t on) {
    if (s->nreplies >= REPLY_MAX)
        return sim_fail(d, "too many replies");
    s->reply[s->nreplies].unit = s->unit[u].unit;
    s->reply[s->nreplies].round = s->round;
    s->reply[s->nreplies].kind = kind;
    s->reply[s->nreplies].cls[0] = cls;
    s->reply[s->nreplies].cls[1] = '\0';
    snprintf(s->reply[s->nreplies].text, TEXT_BYTES, fmt, s->title);
    s->reply[s->nreplies].on = on;
    s->nreplies++;
    return RC_OK;
}

/* note_reply — the last history entry's note is the last reply's text. */
static void note_reply(sim *s) {
    const char *t = s->reply[s->nreplies - 1].text;
    size_t n = strlen(t);
    if (n >= TEXT_BYTES)
        n = TEXT_BYTES - 1;
    memcpy(s->ev[s->nev - 1].note, t, n);
    s->ev[s->nev - 1].note[n] = '\0';
}

/* sim_reply — unit u replies (a co-unit gives its view: cls 0). */
static rc_t sim_reply(dc *d, sim *s, int u, char cls, const char *fmt, date_t on) {
    bool co = strcmp(s->unit[u].role, "co") == 0;
    if (s->unit[u].state != U_ASSIGNED)
        return sim_fail(d, "a unit replied twice in one round");
    /* state first: the transition is checked before anything is written */
    case_state saved = s->state;
    s->unit[u].state = U_REPLIED;
    case_state to = settle(s);
    s->state = saved;
    rc_t rc = step(d, s, on, "reply", WHO_UNIT, to, NULL);
    if (rc)
        return rc;
    rc = add_reply(d, s, u, co ? "co_view" : "reply", co ? 0 : cls, fmt, s->clock);
    note_reply(s);
    return rc;
}

static rc_t sim_feedback(dc *d, sim *s, int p, const char *rating, const char *text, date_t on) {
    unsigned who = who_person(s, p);
    bool unsat = strcmp(rating, "unsatisfied") == 0;
    rc_t rc = step(d, s, on, "feedback", who, unsat ? CS_REHANDLING : CS_COUNT, text);
    if (rc)
        return rc;
    if (s->nfb >= FB_MAX)
        return sim_fail(d, "too much feedback");
    s->fb[s->nfb].round = s->round;
    s->fb[s->nfb].person = p;
    s->fb[s->nfb].rating = rating;
    s->fb[s->nfb].text = text;
    s->fb[s->nfb].on = s->clock;
    s->nfb++;
    if (unsat) {
        s->round++;
        s->due = date_add_months(s->clock, d->rehandle_months);
        for (int i = 0; i < s->nunits; i++)
            if (strcmp(s->unit[i].role, "co") != 0 && s->unit[i].state == U_REPLIED) {
                s->unit[i].state = U_ASSIGNED;
                s->unit[i].due = s->due;
            }
    }
    return RC_OK;
}

/* sim_extend — staff set a later deadline directly (petitions: once, by the setting). */
static rc_t sim_extend(dc *d, sim *s, date_t on, const char *reason, date_t new_due) {
    if (strcmp(s->k->name, "petition") == 0)
        new_due = case_due_days(s->due, d->petition_extension_days);
    rc_t rc = step(d, s, on, "extend", WHO_STAFF, CS_COUNT, reason);
    if (rc || s->next >= EXT_MAX)
        return rc ? rc : sim_fail(d, "too many extensions");
    s->due = new_due;
    for (int i = 0; i < s->nunits; i++)
        if (strcmp(s->unit[i].role, "co") != 0 && s->unit[i].state == U_ASSIGNED)
            s->unit[i].due = new_due;
    s->ext[s->next].unit = 0;
    s->ext[s->next].reason = reason;
    s->ext[s->next].state = "approved";
    s->ext[s->next].due = new_due;
    s->ext[s->next].on = s->clock;
    s->next++;
    return RC_OK;
}

/* sim_extend_request — a unit asks; staff have not decided yet. */
static rc_t sim_extend_request(dc *d, sim *s, int u, date_t on, const char *reason,
                               date_t new_due) {
    rc_t rc = step(d, s, on, "extend", WHO_UNIT, CS_COUNT, reason);
    if (rc || s->next >= EXT_MAX)
        return rc ? rc : sim_fail(d, "too many extensions");
    s->ext[s->next].unit = s->unit[u].unit;
    s->ext[s->next].reason = reason;
    s->ext[s->next].state = "requested";
    s->ext[s->next].due = new_due;
    s->ext[s->next].on = s->clock;
    s->next++;
    return RC_OK;
}

static rc_t sim_return(dc *d, sim *s, int u, date_t on, const char *reason) {
    case_state saved = s->state;
    s->unit[u].state = U_RETURNED;
    s->unit[u].return_reason = reason;
    case_state to = settle(s);
    s->state = saved;
    return step(d, s, on, "return", WHO_UNIT, to, reason);
}

/* ---- writing a simulated case ------------------------------------------------------- */

static rc_t audit_event(dc *d, const sim *s, long long id, const sev *v) {
    char before[64], after[TEXT_BYTES + 128];
    json_t *b = v->from == CS_COUNT ? NULL : json_pack("{s:s}", "state", case_state_name(v->from));
    json_t *in = json_object();
    if (v->note[0])
        json_object_set_new(in, "text", json_string(v->note));
    json_t *a = json_pack("{s:s, s:o}", "state", case_state_name(v->to), "input", in);
    char *bt = b ? json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *at = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(before, sizeof before, "%s", bt ? bt : "");
    snprintf(after, sizeof after, "%s", at ? at : "");
    free(bt);
    free(at);
    json_decref(b);
    json_decref(a);
    return audit_append(d->c, NULL, d->congress, v->action, s->k->plural, id,
                        v->from == CS_COUNT ? NULL : before, after, d->e);
}

/* flush — the case row, then everything under it. kind_row writes the kind's own row
 * (proposals, petitions, opinions) once the id is known. */
typedef rc_t (*kind_writer)(dc *d, long long id, const void *arg);

static rc_t flush(dc *d, sim *s, kind_writer kind_row, const void *arg, long long *out) {
    long long id = 0;
    const sev *first = &s->ev[0], *last = &s->ev[s->nev - 1];
    rc_t rc = EXEC(d,
                   "INSERT INTO cases (congress_id, kind, state, title, category, difficult, "
                   "key_supervision, published, round, submitted_on, assigned_on, due_on, "
                   "closed_on, decline_reason, decline_text, created_by, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) RETURNING id",
                   &id, qi(d->congress), qt(s->kind), qt(case_state_name(s->state)), qt(s->title),
                   qt(s->category), qi(s->difficult), qi(s->key), qi(s->published), qi(s->round),
                   qd(s->submitted), qd(s->assigned), qd(s->due), qd(s->closed),
                   qt(s->decline_reason), qt(s->decline_text), qt(first->at), qt(last->at));
    if (rc == RC_OK)
        rc = kind_row(d, id, arg);
    long long pid[PEOPLE_MAX] = {0};
    for (int i = 0; rc == RC_OK && i < s->npeople; i++)
        rc = EXEC(d, "INSERT INTO case_people (case_id, deputy_id, name, role, confirmed) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id", &pid[i], qi(id),
                  qref(s->person[i].deputy), qt(s->person[i].name), qt(s->person[i].role),
                  qi(s->person[i].confirmed));
    for (int i = 0; rc == RC_OK && i < s->nunits; i++)
        rc = EXEC(d, "INSERT INTO case_units (case_id, unit_id, role, state, assigned_on, due_on, "
                     "return_reason) VALUES (?, ?, ?, ?, ?, ?, ?)", NULL, qi(id),
                  qi(s->unit[i].unit), qt(s->unit[i].role), qt(UNIT_STATES[s->unit[i].state]),
                  qd(s->unit[i].on), qd(s->unit[i].due), qt(s->unit[i].return_reason));
    for (int i = 0; rc == RC_OK && i < s->nreplies; i++)
        rc = EXEC(d, "INSERT INTO case_replies (case_id, unit_id, round, kind, class, text, "
                     "replied_on, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)", NULL, qi(id),
                  qi(s->reply[i].unit), qi(s->reply[i].round), qt(s->reply[i].kind),
                  qt(s->reply[i].cls[0] ? s->reply[i].cls : NULL), qt(s->reply[i].text),
                  qd(s->reply[i].on));
    for (int i = 0; rc == RC_OK && i < s->nfb; i++)
        rc = EXEC(d, "INSERT INTO case_feedback (case_id, round, person_id, rating, text, "
                     "given_on, user_id) VALUES (?, ?, ?, ?, ?, ?, NULL)", NULL, qi(id),
                  qi(s->fb[i].round), qi(pid[s->fb[i].person]), qt(s->fb[i].rating),
                  qt(s->fb[i].text), qd(s->fb[i].on));
    for (int i = 0; rc == RC_OK && i < s->next; i++) {
        char created[21];
        char day[11];
        date_format(s->ext[i].on, day);
        snprintf(created, sizeof created, "%sT02:00:00Z", day);
        bool decided = strcmp(s->ext[i].state, "requested") != 0;
        rc = EXEC(d, "INSERT INTO case_extensions (case_id, unit_id, reason, new_due_on, state, "
                     "decided_by, decided_on, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
                  NULL, qi(id), qref(s->ext[i].unit), qt(s->ext[i].reason), qd(s->ext[i].due),
                  qt(s->ext[i].state), qd(decided ? s->ext[i].on : 0), qt(created));
    }
    for (int i = 0; rc == RC_OK && i < s->nev; i++) {
        const sev *v = &s->ev[i];
        rc = EXEC(d, "INSERT INTO case_events (case_id, at, user_id, login, action, from_state, "
                     "to_state, note) VALUES (?, ?, NULL, 'cli', ?, ?, ?, ?)", NULL, qi(id),
                  qt(v->at), qt(v->action), qt(v->from == CS_COUNT ? NULL : case_state_name(v->from)),
                  qt(case_state_name(v->to)), qt(v->note[0] ? v->note : NULL));
        if (rc == RC_OK)
            rc = audit_event(d, s, id, v);
    }
    if (out)
        *out = id;
    return rc;
}

/* ---- reference data ----------------------------------------------------------------- */

static int town_of(const dc *d, const char *name) {
    for (int i = 0; i < d->ntowns; i++)
        if (strncmp(name, d->town[i], strlen(d->town[i])) == 0)
            return i;
    return -1;
}

static long long unit_named(const dc *d, const char *name) {
    for (int i = 0; name && i < d->nunits; i++)
        if (strcmp(d->unit_name[i], name) == 0)
            return d->unit[i];
    return 0;
}

static rc_t load_refs(dc *d) {
    store_stmt *st = NULL;
    rc_t rc = store_prepare(d->c, "SELECT id, township FROM stations WHERE congress_id = ? AND "
                                  "kind = 'station' ORDER BY id", &st, d->e);
    if (rc)
        return rc;
    store_bind_int(st, 1, d->congress);
    while (store_next(st, &rc, d->e) && d->ntowns < TOWNSHIPS_MAX) {
        d->station[d->ntowns] = store_column_int(st, 0);
        snprintf(d->town[d->ntowns++], NAME_BYTES, "%s", store_column_text(st, 1));
    }
    store_finish(st);
    if (rc)
        return rc;
    rc = store_prepare(d->c, "SELECT id, name FROM units WHERE congress_id = ? ORDER BY id", &st,
                       d->e);
    if (rc)
        return rc;
    store_bind_int(st, 1, d->congress);
    while (store_next(st, &rc, d->e) && d->nunits < UNITS_MAX) {
        d->unit[d->nunits] = store_column_int(st, 0);
        snprintf(d->unit_name[d->nunits++], NAME_BYTES, "%s", store_column_text(st, 1));
    }
    store_finish(st);
    if (rc)
        return rc;
    for (int t = 0; t < d->ntowns; t++)
        for (int i = 0; i < d->nunits; i++)
            if (strncmp(d->unit_name[i], d->town[t], strlen(d->town[t])) == 0 &&
                strstr(d->unit_name[i], "县") != d->unit_name[i])
                d->town_unit[t] = d->unit[i];
    rc = store_prepare(d->c, "SELECT d.id, d.level, d.status, p.name, s.township FROM deputies d "
                             "JOIN persons p ON p.id = d.person_id LEFT JOIN stations s ON "
                             "s.id = d.station_id WHERE d.congress_id = ? ORDER BY d.id", &st, d->e);
    if (rc)
        return rc;
    store_bind_int(st, 1, d->congress);
    while (store_next(st, &rc, d->e)) {
        bool county = strcmp(store_column_text(st, 1), "county") == 0;
        if (county && strcmp(store_column_text(st, 2), "active") != 0)
            continue;
        deputy_ref *r = county ? (d->ndeputies < DEPUTIES_MAX ? &d->deputy[d->ndeputies++] : NULL)
                               : (d->nhigher < DEPUTIES_MAX ? &d->higher[d->nhigher++] : NULL);
        if (!r)
            continue;
        r->id = store_column_int(st, 0);
        snprintf(r->name, NAME_BYTES, "%s", store_column_text(st, 3));
        r->town = store_column_text(st, 4) ? town_of(d, store_column_text(st, 4)) : -1;
    }
    store_finish(st);
    if (rc)
        return rc;
    d->demo_unit = unit_named(d, DEMO_UNIT_NAME);
    if (d->ntowns != TOWNSHIPS_MAX || d->ndeputies < 100 || !d->demo_unit)
        return sim_fail(d, "the demo's bodies and deputies are not as expected");
    d->reply_months = (int)settings_get(d->c, d->congress, "reply_months");
    d->reply_months_difficult = (int)settings_get(d->c, d->congress, "reply_months_difficult");
    d->co_months = (int)settings_get(d->c, d->congress, "co_unit_view_months");
    d->rehandle_months = (int)settings_get(d->c, d->congress, "rehandle_months");
    d->petition_days = (int)settings_get(d->c, d->congress, "petition_reply_days");
    d->petition_extension_days = (int)settings_get(d->c, d->congress, "petition_extension_days");
    return RC_OK;
}

static rc_t load_holidays(dc *d) {
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < COUNT(HOLIDAYS); i++)
        for (date_t x = D(HOLIDAYS[i].first); rc == RC_OK && x <= D(HOLIDAYS[i].last); x++) {
            rc = EXEC(d, "INSERT INTO holidays (congress_id, day, working, name, created_at, "
                         "updated_at) VALUES (?, ?, 0, ?, ?, ?)", NULL, qi(d->congress), qd(x),
                      qt(HOLIDAYS[i].name), qt(HOLIDAY_NOW), qt(HOLIDAY_NOW));
            if (d->ncal < CALENDAR_MAX)
                d->cal[d->ncal++] = (date_exception){x, false};
        }
    for (int i = 0; rc == RC_OK && i < COUNT(WORKDAYS); i++) {
        rc = EXEC(d, "INSERT INTO holidays (congress_id, day, working, name, created_at, "
                     "updated_at) VALUES (?, ?, 1, ?, ?, ?)", NULL, qi(d->congress),
                  qt(WORKDAYS[i].day), qt(WORKDAYS[i].name), qt(HOLIDAY_NOW), qt(HOLIDAY_NOW));
        if (d->ncal < CALENDAR_MAX)
            d->cal[d->ncal++] = (date_exception){D(WORKDAYS[i].day), true};
    }
    /* sorted, as date_is_working expects */
    for (size_t i = 1; i < d->ncal; i++)
        for (size_t j = i; j > 0 && d->cal[j - 1].day > d->cal[j].day; j--) {
            date_exception t = d->cal[j];
            d->cal[j] = d->cal[j - 1];
            d->cal[j - 1] = t;
        }
    return rc;
}

/* ---- people -------------------------------------------------------------------------- */

static void invented_name(dc *d, char out[NAME_BYTES]) {
    for (;;) {
        snprintf(out, NAME_BYTES, "%s%s", SURNAMES[below(d, COUNT(SURNAMES))],
                 GIVEN[below(d, COUNT(GIVEN))]);
        bool reserved = false;
        for (int i = 0; i < COUNT(RESERVED); i++)
            reserved = reserved || strcmp(RESERVED[i], out) == 0;
        if (!reserved)
            return;
    }
}

static void invented_phone(dc *d, char out[NAME_BYTES]) {
    snprintf(out, NAME_BYTES, "%s%08llu", MOBILE[below(d, COUNT(MOBILE))],
             (unsigned long long)(next(d) % PHONE_MOD));
}

/* a deputy of township t (any when t < 0 or by chance), not in taken[0..n) */
static int pick_deputy(dc *d, int t, const int *taken, int n) {
    for (int tries = 0; tries < 200; tries++) {
        int i = below(d, d->ndeputies);
        if (t >= 0 && tries < 150 && d->deputy[i].town != t)
            continue;
        bool dup = false;
        for (int k = 0; k < n; k++)
            dup = dup || taken[k] == i;
        if (!dup)
            return i;
    }
    for (int i = 0; i < d->ndeputies; i++) {
        bool dup = false;
        for (int k = 0; k < n; k++)
            dup = dup || taken[k] == i;
        if (!dup)
            return i;
    }
    return 0;
}

static const char *pick_rating(dc *d, int satisfied_percent) {
    return chance(d, satisfied_percent) ? "satisfied" : "basically_satisfied";
}
static const char *rating_text(dc *d, const char *rating) {
    if (strcmp(rating, "satisfied") == 0)
        return SATISFIED[below(d, COUNT(SATISFIED))];
    if (strcmp(rating, "basically_satisfied") == 0)
        return BASIC[below(d, COUNT(BASIC))];
    return UNSATISFIED[below(d, COUNT(UNSATISFIED))];
}

static char pick_class(dc *d, bool poor) {
    static const int good[] = {48, 32, 15, 5}, bad[] = {0, 35, 50, 15};
    const int *w = poor ? bad : good;
    int r = below(d, PERCENT);
    for (int i = 0; i < 4; i++) {
        if (r < w[i])
            return (char)('A' + i);
        r -= w[i];
    }
    return 'D';
}

/* ---- proposals ----------------------------------------------------------------------- */

enum {
    F_CLOSED, F_DECLINED, F_WITHDRAWN, F_DRAFT, F_SUBMITTED, F_ACCEPTED, F_RETURNED,
    F_ASSIGNED, F_ASSIGNED_SOON, F_ASSIGNED_OVERDUE, F_ASSIGNED_ASKED, F_REPLIED,
    F_REPLIED_PARTLY, F_REHANDLING, F_REHANDLING_SOON, F_REHANDLING_OVERDUE, F_REPLIED_AGAIN,
};

/* The cases still in progress, the last of the final year's between-session ones. */
static const int IN_PROGRESS[] = {
    F_SUBMITTED, F_SUBMITTED, F_SUBMITTED, F_ACCEPTED, F_ACCEPTED, F_RETURNED,
    F_ASSIGNED, F_ASSIGNED, F_ASSIGNED, F_ASSIGNED, F_ASSIGNED,
    F_ASSIGNED_SOON, F_ASSIGNED_SOON, F_ASSIGNED_SOON,
    F_ASSIGNED_OVERDUE, F_ASSIGNED_OVERDUE, F_ASSIGNED_OVERDUE, F_ASSIGNED_ASKED,
    F_REPLIED, F_REPLIED, F_REPLIED, F_REPLIED, F_REPLIED_PARTLY, F_REPLIED_PARTLY,
    F_REHANDLING, F_REHANDLING_SOON, F_REHANDLING_OVERDUE, F_REPLIED_AGAIN, F_REPLIED_AGAIN,
};
/* Which of them go to the demo account's unit, and which the demo deputy leads. */
static const int DEMO_UNIT_CASES[] = {6, 11, 14, 18, 25};
static const int DEMO_DEPUTY_CASES[] = {0, 18, 22};
#define DRAFTS 4
/* How long before the anchor each kind of in-progress case was handed in (days). */
static const int CREATED_BACK[] = {
    [F_SUBMITTED] = 1, [F_ACCEPTED] = 4, [F_RETURNED] = 10, [F_ASSIGNED] = 55,
    [F_ASSIGNED_SOON] = 96, [F_ASSIGNED_ASKED] = 96, [F_ASSIGNED_OVERDUE] = 125,
    [F_REPLIED] = 100, [F_REPLIED_PARTLY] = 100, [F_REHANDLING] = 170,
    [F_REHANDLING_SOON] = 170, [F_REHANDLING_OVERDUE] = 170, [F_REPLIED_AGAIN] = 170,
};

typedef struct {
    int session;  /* 1–5, 0 between sessions */
    int year;     /* between sessions */
    bool motion, converted, key, published;
    const topic *tp;
    int town;
    char title[TITLE_BYTES];
    char subject[SUBJECT_BYTES];
    int fate;
    int rehandles;
    int declined; /* index into DECLINED, or -1 */
    int nunits;
    long long unit[CU_MAX];
    const char *role[CU_MAX];
    int lead;
    int ncos;
    int cos[PEOPLE_MAX];
} plan;

static bool title_used(dc *d, const char *t) {
    for (int i = 0; i < d->ntitles; i++)
        if (strcmp(d->titles[i], t) == 0)
            return true;
    return false;
}

/* subject — fill a topic's slot; *town receives the township involved (or -1). */
static void subject(dc *d, const topic *tp, char out[SUBJECT_BYTES], int *town) {
    *town = -1;
    const char *fill = "";
    char fillbuf[SUBJECT_BYTES];
    if (tp->slot == S_TOWN) {
        *town = below(d, d->ntowns);
        fill = d->town[*town];
    } else if (tp->slot == S_VILLAGE) {
        int v = below(d, COUNT(VILLAGES));
        *town = town_of(d, VILLAGES[v].town);
        snprintf(fillbuf, sizeof fillbuf, "%s%s", VILLAGES[v].town, VILLAGES[v].village);
        fill = fillbuf;
    } else if (tp->slot != S_NONE) {
        fill = SLOTS[tp->slot].list[below(d, SLOTS[tp->slot].n)];
        if (tp->slot == S_MINE || tp->slot == S_COMMUNITY)
            *town = town_of(d, fill);
    }
    snprintf(out, SUBJECT_BYTES, tp->subject, fill);
}

static const topic *pick_topic(dc *d, bool demo_unit) {
    int total = 0;
    for (int i = 0; i < COUNT(TOPICS); i++)
        if (!demo_unit || strcmp(TOPICS[i].lead, DEMO_UNIT_NAME) == 0)
            total += TOPICS[i].weight;
    int r = below(d, total);
    for (int i = 0; i < COUNT(TOPICS); i++) {
        if (demo_unit && strcmp(TOPICS[i].lead, DEMO_UNIT_NAME) != 0)
            continue;
        if (r < TOPICS[i].weight)
            return &TOPICS[i];
        r -= TOPICS[i].weight;
    }
    return &TOPICS[0];
}

static rc_t plan_units(dc *d, plan *p) {
    long long lead = unit_named(d, p->tp->lead), co = unit_named(d, p->tp->co);
    long long tu = p->town >= 0 ? d->town_unit[p->town] : 0;
    if (!lead || (p->tp->co && !co))
        return err_set(d->e, RC_INTERNAL, NULL, "demo: no unit %s", !lead ? p->tp->lead : p->tp->co);
    if (tu == lead)
        tu = 0;
    int r = below(d, PERCENT);
    p->nunits = 0;
    p->unit[p->nunits] = lead;
    p->role[p->nunits++] = "lead";
    if (p->motion) {
        if (co && co != lead) {
            p->unit[p->nunits] = co;
            p->role[p->nunits++] = "co";
        }
    } else if (tu && r < 16) {
        p->role[0] = "separate";
        p->unit[p->nunits] = tu;
        p->role[p->nunits++] = "separate";
    } else if (tu && r < 45) {
        p->unit[p->nunits] = tu;
        p->role[p->nunits++] = "co";
    } else if (co && co != lead && r < 70) {
        p->unit[p->nunits] = co;
        p->role[p->nunits++] = "co";
    }
    return RC_OK;
}

static rc_t plan_one(dc *d, plan *p, bool demo_unit) {
    const topic *base = p->motion ? &MOTIONS[below(d, COUNT(MOTIONS))] : NULL;
    for (int tries = 0; tries < 30; tries++) {
        p->tp = base ? base : pick_topic(d, demo_unit);
        subject(d, p->tp, p->subject, &p->town);
        snprintf(p->title, TITLE_BYTES, "关于%s的%s", p->subject, p->motion ? "议案" : "建议");
        if (!title_used(d, p->title))
            break;
        if (base)
            base = &MOTIONS[below(d, COUNT(MOTIONS))];
    }
    snprintf(d->titles[d->ntitles++], TITLE_BYTES, "%s", p->title);
    p->lead = pick_deputy(d, chance(d, 75) ? p->town : -1, NULL, 0);
    int taken[PEOPLE_MAX + 1] = {p->lead};
    int r = below(d, PERCENT);
    p->ncos = p->motion ? COSIGNERS_MOTION_MIN + below(d, COSIGNERS_MOTION_SPAN)
              : r < 50 ? 0 : r < 75 ? 1 : r < 90 ? 2 : 3 + below(d, 2);
    for (int i = 0; i < p->ncos; i++) {
        p->cos[i] = pick_deputy(d, p->motion ? -1 : d->deputy[p->lead].town, taken, i + 1);
        taken[i + 1] = p->cos[i];
    }
    return plan_units(d, p);
}

/* choose_rehandled — exactly REHANDLE_SOLVED closed suggestions re-handled, chosen so
 * that with the ones re-handling now the answering units number exactly
 * REHANDLE_UNITS: first cases bringing two new units, then one, then none. */
static rc_t choose_rehandled(dc *d, plan *p, int n) {
    long long seen[UNITS_MAX];
    int nseen = 0, picked = 0;
    for (int i = 0; i < n; i++) {
        if (!p[i].rehandles)
            continue;
        for (int u = 0; u < p[i].nunits; u++) {
            bool have = strcmp(p[i].role[u], "co") == 0;
            for (int k = 0; k < nseen; k++)
                have = have || seen[k] == p[i].unit[u];
            if (!have)
                seen[nseen++] = p[i].unit[u];
        }
    }
    int order[PROPOSALS_TOTAL + DRAFTS];
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = below(d, i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int want = 2; want >= 0; want--) {
        for (int oi = 0; oi < n && picked < REHANDLE_SOLVED; oi++) {
            plan *q = &p[order[oi]];
            if (q->fate != F_CLOSED || q->motion || q->rehandles || q->declined >= 0)
                continue;
            long long fresh[CU_MAX];
            int nf = 0;
            for (int u = 0; u < q->nunits; u++) {
                bool have = strcmp(q->role[u], "co") == 0;
                for (int k = 0; k < nseen; k++)
                    have = have || seen[k] == q->unit[u];
                for (int k = 0; k < nf; k++)
                    have = have || fresh[k] == q->unit[u];
                if (!have)
                    fresh[nf++] = q->unit[u];
            }
            if (nf != want || nseen + nf > REHANDLE_UNITS)
                continue;
            if (want == 0 && nseen < REHANDLE_UNITS)
                continue;
            for (int k = 0; k < nf; k++)
                seen[nseen++] = fresh[k];
            q->rehandles = 1;
            picked++;
        }
    }
    if (picked != REHANDLE_SOLVED || nseen != REHANDLE_UNITS)
        return err_set(d->e, RC_INTERNAL, NULL, "demo: re-handling came to %d cases and %d units",
                       picked, nseen);
    /* two of them were re-handled twice */
    for (int i = 0, twice = 0; i < n && twice < 2; i++)
        if (p[i].fate == F_CLOSED && p[i].rehandles && p[i].ncos == 0)
            p[i].rehandles = 2, twice++;
    return RC_OK;
}

typedef struct {
    const plan *p;
    long long term;
} proposal_arg;

static rc_t proposal_row(dc *d, long long id, const void *arg) {
    const plan *p = ((const proposal_arg *)arg)->p;
    char body[TEXT_BYTES * 2];
    int open = (int)(strlen(p->title) % COUNT(BODY_OPEN));
    char first[TEXT_BYTES];
    snprintf(first, sizeof first, BODY_OPEN[open], p->subject);
    snprintf(body, sizeof body, "%s%s", first, BODY_ASK);
    bool motion = p->motion && !p->converted;
    return EXEC(d, "INSERT INTO proposals (case_id, kind, body, reason, grounds, solution, "
                   "lead_deputy_id, term_id, during_session, session_number) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", NULL, qi(id),
                qt(motion ? "motion" : "suggestion"), qt(body), qt(p->motion ? first : NULL),
                qt(p->motion ? "依据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》"
                               "和县委、县政府有关工作部署。" : NULL),
                qt(p->motion ? BODY_ASK : NULL), qi(d->deputy[p->lead].id),
                qi(((const proposal_arg *)arg)->term), qi(p->session ? 1 : 0),
                p->session ? qi(p->session) : qref(0));
}

/* units_of — the answering units' indexes in s (lead or separate). */
static int answering(const sim *s, int *idx) {
    int n = 0;
    for (int i = 0; i < s->nunits; i++)
        if (strcmp(s->unit[i].role, "co") != 0)
            idx[n++] = i;
    return n;
}

/* reply_round — co-units' views (first round only), then every answering unit, the
 * last on `last` (a working day), the others a few days before. */
static rc_t reply_round(dc *d, sim *s, date_t first, date_t last, bool poor) {
    rc_t rc = RC_OK;
    if (s->round == 1)
        for (int i = 0; rc == RC_OK && i < s->nunits; i++)
            if (strcmp(s->unit[i].role, "co") == 0)
                rc = sim_reply(d, s, i, 0, CO_VIEW, on_or_after(d, first));
    int idx[CU_MAX], n = answering(s, idx);
    for (int k = 0; rc == RC_OK && k < n; k++) {
        date_t on = on_or_before(d, last - (n - 1 - k) * between(d, 1, 4));
        char cls = s->round > 1 ? (chance(d, 80) ? 'A' : 'B') : pick_class(d, poor);
        rc = sim_reply(d, s, idx[k], cls, s->round > 1 ? REPLY_AGAIN : REPLY[cls - 'A'], on);
    }
    return rc;
}

/* feedback_round — persons in order; `unhappy` ≥ 0: that person is unsatisfied (and
 * the round ends there); `upto`: how many give feedback at all. */
static rc_t feedback_round(dc *d, sim *s, date_t from, int unhappy, int upto) {
    rc_t rc = RC_OK;
    date_t on = from;
    for (int i = 0; rc == RC_OK && i < s->npeople && i < upto; i++) {
        on += between(d, 0, 4);
        const char *r = i == unhappy ? "unsatisfied" : pick_rating(d, s->round > 1 ? 70 : 82);
        rc = sim_feedback(d, s, i, r, rating_text(d, r), on);
        if (i == unhappy)
            break;
    }
    return rc;
}

static date_t reply_day(dc *d, const sim *s, int lo, int margin) {
    int span = s->due - s->clock - margin;
    if (span < lo)
        span = lo;
    return on_or_before(d, s->clock + between(d, lo, span));
}

/* history — a closed suggestion or motion from its assignment to its close. */
static rc_t closed_history(dc *d, sim *s, plan *p, date_t assigned, date_t horizon) {
    const char *roles[CU_MAX];
    for (int i = 0; i < p->nunits; i++)
        roles[i] = p->role[i];
    rc_t rc = RC_OK;
    bool difficult = p->motion || chance(d, 4);
    if (!p->motion && chance(d, 2) && p->nunits == 1) {
        /* first sent to the wrong unit, which returned it */
        long long wrong = d->unit[below(d, d->nunits)];
        const char *lead[] = {"lead"};
        if (wrong != p->unit[0]) {
            rc = sim_assign(d, s, assigned, &wrong, lead, 1, false);
            if (rc == RC_OK)
                rc = sim_return(d, s, 0, on_or_after(d, assigned + between(d, 1, 4)),
                                "该事项不属于本单位职责范围，建议改由主管部门办理。");
            assigned = on_or_after(d, s->clock + between(d, 1, 3));
        }
    }
    if (rc == RC_OK)
        rc = sim_assign(d, s, assigned, p->unit, roles, p->nunits, difficult);
    if (rc == RC_OK && p->key)
        rc = step(d, s, on_or_after(d, assigned + between(d, 0, 5)), "supervise", WHO_STAFF,
                  CS_COUNT, NULL), s->key = true;
    if (rc == RC_OK && p->motion && chance(d, 34) && p->session < COUNT(SESSIONS))
        rc = sim_extend(d, s, on_or_before(d, s->due - between(d, 5, 15)),
                        "涉及项目立项和资金安排，经批准延长办理期限。",
                        date_add_months(s->due, 2));
    date_t first = s->assigned + between(d, 7, 25);
    if (rc == RC_OK)
        rc = reply_round(d, s, first, reply_day(d, s, 30, 5), p->rehandles > 0);
    for (int r = 0; rc == RC_OK && r < p->rehandles; r++) {
        rc = feedback_round(d, s, s->clock + between(d, 2, 10), below(d, s->npeople), s->npeople);
        if (rc == RC_OK)
            rc = reply_round(d, s, 0, on_or_before(d, s->clock + between(d, 10, 26)), false);
    }
    if (rc == RC_OK)
        rc = feedback_round(d, s, s->clock + between(d, 2, 10), -1, s->npeople);
    if (rc == RC_OK) {
        rc = step(d, s, on_or_after(d, s->clock + between(d, 1, 7)), "close", WHO_STAFF,
                  CS_CLOSED, NULL);
        s->closed = s->clock;
    }
    /* a B-class answer is followed up when the matter is done */
    for (int i = 0; rc == RC_OK && i < s->nreplies; i++) {
        if (s->reply[i].cls[0] != 'B' || s->reply[i].round != s->round || !chance(d, 45))
            continue;
        date_t on = on_or_after(d, s->clock + between(d, 60, 200));
        if (on > horizon)
            break;
        int u = 0;
        while (u < s->nunits && s->unit[u].unit != s->reply[i].unit)
            u++;
        rc = step(d, s, on, "follow_up", WHO_UNIT, CS_COUNT, NULL);
        if (rc == RC_OK)
            rc = add_reply(d, s, u, "follow_up", 'A', FOLLOW_UP, on);
        if (rc == RC_OK)
            note_reply(s);
        break;
    }
    if (rc == RC_OK && p->published) {
        date_t on = on_or_after(d, s->clock + between(d, 3, 20));
        if (on <= horizon) {
            rc = step(d, s, on, "publish", WHO_STAFF, CS_COUNT, NULL);
            s->published = true;
        }
    }
    return rc;
}

/* first_with_due — the first working day in [from, to] whose deadline `months` later
 * falls in [lo, hi]; 0 when none. */
static date_t first_with_due(const dc *d, date_t from, date_t to, int months, date_t lo,
                             date_t hi) {
    for (date_t g = from; g <= to; g++)
        if (working(d, g) && date_add_months(g, months) >= lo && date_add_months(g, months) <= hi)
            return g;
    return 0;
}

/* in_progress — a case of the final year, dated back from the anchor. */
static rc_t in_progress(dc *d, sim *s, plan *p, date_t submitted) {
    date_t A = d->anchor;
    date_t soon = date_add_working_days(A, 4, d->cal, d->ncal);
    const char *roles[CU_MAX];
    for (int i = 0; i < p->nunits; i++)
        roles[i] = p->role[i];
    rc_t rc = RC_OK;
    date_t g = 0;
    switch (p->fate) {
    case F_SUBMITTED:
        return RC_OK;
    case F_ACCEPTED:
        return step(d, s, on_or_after(d, submitted + 1), "accept", WHO_STAFF, CS_ACCEPTED, NULL);
    case F_RETURNED:
        rc = step(d, s, on_or_after(d, submitted + 1), "accept", WHO_STAFF, CS_ACCEPTED, NULL);
        if (rc == RC_OK)
            rc = sim_assign(d, s, on_or_after(d, s->clock + 1), p->unit, roles, 1, false);
        if (rc == RC_OK)
            rc = sim_return(d, s, 0, on_or_after(d, s->clock + 2),
                            "所提事项涉及多个部门职责，建议由县政府统筹协调后重新交办。");
        return rc;
    case F_ASSIGNED:
        g = on_or_after(d, submitted + between(d, 2, 5) + below(d, 30));
        break;
    case F_ASSIGNED_SOON:
    case F_ASSIGNED_ASKED:
        g = first_with_due(d, submitted + 2, A, d->reply_months, A + 1, soon);
        break;
    case F_ASSIGNED_OVERDUE:
        g = on_or_before(d, date_add_months(A, -d->reply_months) - between(d, 5, 25));
        break;
    case F_REPLIED:
    case F_REPLIED_PARTLY:
        g = on_or_before(d, A - between(d, 75, 95));
        break;
    default: /* re-handling */
        g = on_or_before(d, A - between(d, 140, 160));
        break;
    }
    if (!g)
        return sim_fail(d, "no assignment day for an in-progress case");
    rc = step(d, s, on_or_before(d, g - between(d, 1, 3)), "accept", WHO_STAFF, CS_ACCEPTED, NULL);
    if (rc == RC_OK)
        rc = sim_assign(d, s, g, p->unit, roles, p->nunits, false);
    if (rc == RC_OK && p->key)
        rc = step(d, s, on_or_after(d, g + 1), "supervise", WHO_STAFF, CS_COUNT, NULL), s->key = true;
    if (rc)
        return rc;
    switch (p->fate) {
    case F_ASSIGNED:
    case F_ASSIGNED_SOON:
    case F_ASSIGNED_OVERDUE:
        for (int i = 0; rc == RC_OK && i < s->nunits; i++)
            if (strcmp(s->unit[i].role, "co") == 0 && g + 20 < A)
                rc = sim_reply(d, s, i, 0, CO_VIEW, on_or_before(d, g + 20));
        return rc;
    case F_ASSIGNED_ASKED:
        return sim_extend_request(d, s, 0, on_or_before(d, A - between(d, 1, 3)),
                                  "涉及跨部门协调和资金安排，申请延期一个月答复。",
                                  date_add_months(s->due, 1));
    case F_REPLIED:
        return reply_round(d, s, g + 15, on_or_before(d, A - between(d, 3, 20)), false);
    case F_REPLIED_PARTLY:
        rc = reply_round(d, s, g + 15, on_or_before(d, A - between(d, 12, 20)), false);
        return rc ? rc : feedback_round(d, s, s->clock + 2, -1, s->npeople - 1);
    default:
        break;
    }
    /* re-handling: replied, someone unsatisfied, and (for some) replied again */
    rc = reply_round(d, s, g + 15, on_or_before(d, A - between(d, 75, 90)), true);
    date_t unhappy = 0;
    if (p->fate == F_REHANDLING)
        unhappy = A - between(d, 5, 10);
    else if (p->fate == F_REHANDLING_SOON)
        unhappy = first_with_due(d, A - 40, A, d->rehandle_months, A + 1, soon);
    else if (p->fate == F_REHANDLING_OVERDUE)
        unhappy = on_or_before(d, date_add_months(A, -d->rehandle_months) - between(d, 4, 15));
    else
        unhappy = on_or_before(d, A - between(d, 60, 70));
    if (!unhappy)
        return sim_fail(d, "no day for an unsatisfied feedback");
    if (rc == RC_OK)
        rc = feedback_round(d, s, unhappy, 0, s->npeople);
    if (rc == RC_OK && p->fate == F_REPLIED_AGAIN)
        rc = reply_round(d, s, 0, on_or_before(d, s->clock + between(d, 10, 25)), false);
    return rc;
}

static rc_t write_proposal(dc *d, sim *s, plan *p, date_t created, date_t accepted,
                           date_t assigned, date_t horizon) {
    sim_init(s, case_kind_find("proposals"), p->title, p->tp->category);
    if (p->declined >= 0) {
        snprintf(s->title, sizeof s->title, "%s", DECLINED[p->declined].title);
        s->category = DECLINED[p->declined].category;
    }
    add_person(s, d->deputy[p->lead].id, d->deputy[p->lead].name, "lead", true);
    for (int i = 0; i < p->ncos; i++)
        add_person(s, d->deputy[p->cos[i]].id, d->deputy[p->cos[i]].name, "cosigner",
                   p->fate != F_DRAFT || i == 0);
    rc_t rc = sim_create(d, s, created);
    for (int i = 0; rc == RC_OK && i < p->ncos && (p->fate != F_DRAFT || i == 0); i++)
        rc = step(d, s, created, "confirm", CR_COSIGNER | CR_OWED, CS_COUNT, NULL);
    if (rc || p->fate == F_DRAFT)
        return rc;
    rc = step(d, s, created, "submit", CR_LEAD | CR_OWED, CS_SUBMITTED, NULL);
    s->submitted = created;
    if (rc)
        return rc;
    if (p->declined >= 0) {
        rc = step(d, s, accepted, "decline", WHO_STAFF, CS_DECLINED, DECLINED[p->declined].text);
        s->decline_reason = DECLINED[p->declined].reason;
        s->decline_text = DECLINED[p->declined].text;
        s->closed = s->clock;
        return rc;
    }
    if (p->fate == F_WITHDRAWN) {
        rc = step(d, s, accepted, "accept", WHO_STAFF, CS_ACCEPTED, NULL);
        if (rc == RC_OK)
            rc = step(d, s, on_or_after(d, accepted + between(d, 1, 5)), "withdraw",
                      CR_LEAD | CR_OWED, CS_WITHDRAWN, "经与承办单位沟通，问题已在交办前解决，代表撤回。");
        s->closed = s->clock;
        return rc;
    }
    if (p->fate != F_CLOSED)
        return in_progress(d, s, p, created);
    if (p->converted)
        rc = step(d, s, accepted, "convert", WHO_STAFF, CS_ACCEPTED,
                  "主席团决定：本议案作为代表建议交有关单位办理。");
    else
        rc = step(d, s, accepted, "accept", WHO_STAFF, CS_ACCEPTED, NULL);
    return rc ? rc : closed_history(d, s, p, assigned, horizon);
}

/* make_lead — deputy index who leads p (the demo account's deputy is index 0). */
static void make_lead(plan *p, int who) {
    for (int i = 0; i < p->ncos; i++)
        if (p->cos[i] == who)
            p->cos[i] = p->lead;
    p->lead = who;
}

static rc_t load_proposals(dc *d, sim *s) {
    int n = PROPOSALS_TOTAL + DRAFTS;
    plan *p = calloc((size_t)n, sizeof *p);
    d->titles = calloc((size_t)n, TITLE_BYTES);
    if (!p || !d->titles) {
        free(p);
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    }
    rc_t rc = RC_OK;
    int k = 0, total = 0;
    for (int i = 0; i < COUNT(SESSIONS); i++)
        total += SESSIONS[i].proposals;
    for (int i = 0; i < COUNT(BETWEEN); i++)
        total += BETWEEN[i];
    if (total != PROPOSALS_TOTAL) {
        free(p);
        return err_set(d->e, RC_INTERNAL, NULL, "demo: sessions and years sum to %d", total);
    }
    /* plan: sessions (motions first), then each year's between-session suggestions,
     * then the drafts */
    for (int i = 0; rc == RC_OK && i < COUNT(SESSIONS); i++)
        for (int j = 0; rc == RC_OK && j < SESSIONS[i].proposals; j++, k++) {
            p[k].session = i + 1;
            p[k].motion = j < SESSIONS[i].motions;
            p[k].converted = p[k].motion && i == 1 && j == 0;
            p[k].declined = -1;
            rc = plan_one(d, &p[k], false);
        }
    int first_ip = PROPOSALS_TOTAL - COUNT(IN_PROGRESS);
    for (int y = 0; rc == RC_OK && y < COUNT(BETWEEN); y++)
        for (int j = 0; rc == RC_OK && j < BETWEEN[y]; j++, k++) {
            p[k].year = BETWEEN_FIRST_YEAR + y;
            p[k].declined = -1;
            int ip = k - first_ip;
            bool demo_unit = false;
            if (ip >= 0) {
                p[k].fate = IN_PROGRESS[ip];
                for (int q = 0; q < COUNT(DEMO_UNIT_CASES); q++)
                    demo_unit = demo_unit || DEMO_UNIT_CASES[q] == ip;
            }
            rc = plan_one(d, &p[k], demo_unit);
            if (ip >= 0 && p[k].fate >= F_REHANDLING)
                p[k].rehandles = 1;
            if (ip >= 0 && p[k].fate == F_REPLIED_PARTLY && p[k].ncos == 0)
                p[k].cos[p[k].ncos++] = pick_deputy(d, -1, &p[k].lead, 1);
            for (int q = 0; ip >= 0 && q < COUNT(DEMO_DEPUTY_CASES); q++)
                if (ip == DEMO_DEPUTY_CASES[q])
                    make_lead(&p[k], 0);
        }
    for (int j = 0; rc == RC_OK && j < DRAFTS; j++, k++) {
        p[k].year = BETWEEN_FIRST_YEAR + COUNT(BETWEEN) - 1;
        p[k].fate = F_DRAFT;
        p[k].declined = -1;
        rc = plan_one(d, &p[k], false);
        if (j == 0)
            make_lead(&p[k], 0); /* the demo deputy's own draft */
    }
    /* declined and withdrawn ones, spread over the history; a few key supervision and
     * published; then who was re-handled */
    for (int i = 0, dn = 0, wn = 0; rc == RC_OK && i < first_ip; i++) {
        if (p[i].motion)
            continue;
        if (i % 83 == 41 && dn < COUNT(DECLINED))
            p[i].declined = dn++, p[i].fate = F_DECLINED;
        else if (i % 197 == 99 && wn < WITHDRAWN)
            p[i].fate = F_WITHDRAWN, wn++;
    }
    for (int i = 0; i < n; i++) {
        p[i].key = p[i].motion || (p[i].fate != F_DRAFT && p[i].declined < 0 && chance(d, 2));
        p[i].published = p[i].fate == F_CLOSED && chance(d, 8);
    }
    if (rc == RC_OK)
        rc = choose_rehandled(d, p, n);
    /* write */
    k = 0;
    for (int i = 0; rc == RC_OK && i < COUNT(SESSIONS); i++) {
        date_t opens = D(SESSIONS[i].opens), assigned = D(SESSIONS[i].assigned);
        date_t horizon = D(ANCHOR_MIN) - 1; /* follow-ups and publication: fixed history */
        for (int j = 0; rc == RC_OK && j < SESSIONS[i].proposals; j++, k++)
        {
            rc = write_proposal(d, s, &p[k], opens + (j % 2), opens + SESSION_DAYS - 1, assigned,
                                horizon);
            if (rc == RC_OK)
                rc = flush(d, s, proposal_row, &(proposal_arg){&p[k], d->term}, NULL);
        }
    }
    for (int y = 0; rc == RC_OK && y < COUNT(BETWEEN); y++) {
        int year = BETWEEN_FIRST_YEAR + y;
        bool last = y == COUNT(BETWEEN) - 1;
        /* the history of the final year ends before the in-progress anchor range */
        date_t from = date_from_ymd(year, last ? 2 : 3, last ? 25 : 1);
        date_t to = date_from_ymd(year, last ? 4 : 11, last ? 30 : 30);
        for (int j = 0; rc == RC_OK && j < BETWEEN[y]; j++, k++) {
            date_t created;
            if (p[k].fate == F_CLOSED || p[k].fate == F_DECLINED || p[k].fate == F_WITHDRAWN)
                created = on_or_after(d, from + (to - from) * j / BETWEEN[y] + below(d, 5));
            else
                created = on_or_before(d, d->anchor - CREATED_BACK[p[k].fate] - below(d, 4));
            date_t accepted = on_or_after(d, created + between(d, 1, 2));
            date_t assigned = on_or_after(d, accepted + between(d, 1, 2));
            rc = write_proposal(d, s, &p[k], created, accepted, assigned, D(ANCHOR_MIN) - 1);
            if (rc == RC_OK)
                rc = flush(d, s, proposal_row, &(proposal_arg){&p[k], d->term}, NULL);
        }
    }
    for (int j = 0; rc == RC_OK && j < DRAFTS; j++, k++) {
        rc = write_proposal(d, s, &p[k], on_or_before(d, d->anchor - between(d, 0, 10)), 0, 0, 0);
        if (rc == RC_OK)
            rc = flush(d, s, proposal_row, &(proposal_arg){&p[k], d->term}, NULL);
    }
    free(p);
    free(d->titles);
    d->titles = NULL;
    return rc;
}

/* ---- letters and visits ------------------------------------------------------------- */

#define PETITIONS_OPEN 5         /* the last ones, in progress at the anchor */
#define PETITION_FIRST "2022-01-05"
#define PETITION_LAST "2026-08-20"
#define PETITION_PEOPLE_MAX 20

typedef struct {
    const char *channel, *petitioner, *phone, *subject, *content, *forwarded_to;
    int people;
    date_t received, forwarded;
    bool extended;
} petition_plan;

static rc_t petition_row(dc *d, long long id, const void *arg) {
    const petition_plan *q = arg;
    return EXEC(d, "INSERT INTO petitions (case_id, channel, person_times, petitioner, phone, subject, "
                   "content, received_on, forwarded_to, forwarded_on) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", NULL, qi(id), qt(q->channel),
                qi(q->people), qt(q->petitioner), qt(q->phone), qt(q->subject), qt(q->content),
                qd(q->received), qt(q->forwarded_to), qd(q->forwarded));
}

static rc_t load_petitions(dc *d, sim *s) {
    int people[PETITIONS_TOTAL];
    const char *channel[PETITIONS_TOTAL];
    int sum = 0;
    for (int i = 0; i < PETITIONS_TOTAL; i++) {
        int r = below(d, PERCENT);
        channel[i] = r < 42 ? "letter" : r < 76 ? "visit" : "online";
        if (channel[i][0] == 'v')
            people[i] = chance(d, 45) ? 1 : chance(d, 70) ? between(d, 2, 4) : between(d, 5, 9);
        else
            people[i] = channel[i][0] == 'l' && chance(d, 10) ? between(d, 2, 3) : 1;
        sum += people[i];
    }
    /* the seed's person-times exactly: collective visits absorb the difference */
    for (int i = 0, guard = 0; sum != PETITION_PERSON_TIMES && guard < 100000; i = (i + 7) % PETITIONS_TOTAL, guard++) {
        if (channel[i][0] != 'v')
            continue;
        if (sum < PETITION_PERSON_TIMES && people[i] < PETITION_PEOPLE_MAX)
            people[i]++, sum++;
        else if (sum > PETITION_PERSON_TIMES && people[i] > 1)
            people[i]--, sum--;
    }
    if (sum != PETITION_PERSON_TIMES)
        return sim_fail(d, "petition person-times do not add up");
    date_t first = D(PETITION_FIRST), last = D(PETITION_LAST), A = d->anchor;
    int closed_n = PETITIONS_TOTAL - PETITIONS_OPEN;
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < PETITIONS_TOTAL; i++) {
        int subj = below(d, COUNT(PETITION_SUBJECTS));
        petition_plan q = {0};
        char name[NAME_BYTES], who[NAME_BYTES * 2], phone[NAME_BYTES], title[TITLE_BYTES];
        invented_name(d, name);
        invented_phone(d, phone);
        q.people = people[i];
        q.channel = channel[i];
        if (q.people > 1)
            snprintf(who, sizeof who, "%s等%d人", name, q.people);
        else
            snprintf(who, sizeof who, "%s", name);
        q.petitioner = who;
        q.phone = phone;
        q.subject = PETITION_SUBJECTS[subj].subject;
        q.content = PETITION_SUBJECTS[subj].content;
        int open = i - closed_n; /* ≥ 0: in progress */
        date_t received = open >= 0 ? A - (int[]){3, 9, 70, 80, 75}[open]
                                    : first + (int)((long long)(last - first) * i / closed_n) +
                                          below(d, 5);
        q.received = received;
        date_t reg = on_or_after(d, received + (channel[i][0] == 'l' ? between(d, 0, 2) : 0));
        snprintf(title, sizeof title, "%s反映%s问题", who, q.subject);
        sim_init(s, case_kind_find("petitions"), title, q.subject);
        add_person(s, 0, who, "petitioner", true);
        rc = sim_create(d, s, reg);
        if (rc)
            break;
        bool forward = open < 0 && chance(d, 58);
        if (forward) {
            q.forwarded = on_or_after(d, reg + between(d, 1, 8));
            q.forwarded_to = chance(d, 85) ? PETITION_SUBJECTS[subj].forward_to
                                           : FORWARD_ALSO[below(d, COUNT(FORWARD_ALSO))];
            char note[TEXT_BYTES];
            snprintf(note, sizeof note, "转送%s处理", q.forwarded_to);
            rc = step(d, s, q.forwarded, "forward", WHO_STAFF, CS_CLOSED, note);
            s->closed = s->clock;
        } else if (open != 0) {
            rc = step(d, s, on_or_after(d, reg + between(d, 0, 2)), "accept", WHO_STAFF,
                      CS_ACCEPTED, NULL);
            if (rc == RC_OK && open != 1) {
                long long unit = unit_named(d, PETITION_SUBJECTS[subj].unit);
                const char *lead[] = {"lead"};
                rc = sim_assign(d, s, on_or_after(d, s->clock + between(d, 1, 3)), &unit, lead, 1,
                                false);
                if (rc == RC_OK && (open == 3 || (open < 0 && chance(d, 12)))) {
                    rc = sim_extend(d, s, on_or_before(d, s->due - between(d, 3, 8)),
                                    "案情复杂，需进一步调查核实，延期三十日办理。", 0);
                    q.extended = true;
                }
                if (rc == RC_OK && (open < 0 || open == 4)) {
                    date_t on = on_or_before(d, s->clock + between(d, 15, (int)(s->due - s->clock) - 2));
                    if (open == 4)
                        on = on_or_before(d, A - 4);
                    char text[TEXT_BYTES];
                    snprintf(text, sizeof text, PETITION_REPLY, q.subject);
                    rc = sim_reply(d, s, 0, chance(d, 70) ? 'A' : 'B', text, on);
                }
                if (rc == RC_OK && open < 0) {
                    const char *r = pick_rating(d, 68);
                    rc = sim_feedback(d, s, 0, r, r[0] == 's' ? "对处理结果表示满意。"
                                                              : "基本认可处理意见，希望后续跟进。",
                                      on_or_after(d, s->clock + between(d, 2, 10)));
                    if (rc == RC_OK)
                        rc = step(d, s, on_or_after(d, s->clock + between(d, 1, 5)), "close",
                                  WHO_STAFF, CS_CLOSED, NULL);
                    s->closed = s->clock;
                }
            }
        }
        if (rc == RC_OK)
            rc = flush(d, s, petition_row, &q, NULL);
    }
    return rc;
}

/* ---- receptions and voters' opinions ----------------------------------------------- */

#define RECEPTION_FIRST "2022-03-05"
#define RECEPTION_LAST "2026-08-25"
#define RECEPTION_EXTRA 2            /* recent receptions whose opinions are open */
#define RECEPTIONS (TOWNSHIPS_MAX * RECEPTIONS_PER_STATION + RECEPTION_EXTRA)
#define LEADER_RECEPTIONS 10         /* city and county leaders as deputies, "10次" */
#define OPINIONS_PER_RECEPTION_MAX 5
#define EXTRA_OPINIONS 3

static const char *const RECEPTION_NOTES[] = {
    "“民情茶馆”接待日，代表与选民面对面交流。", "“墟日接待”，代表在集市日进站听取意见。",
    "“天天开门”接待，代表轮值进站。", "“1+3议事”，代表与村（社区）干部、选民共同议事。",
    "主题接待活动，围绕民生实事项目听取意见。",
};

typedef struct {
    long long reception;
    const char *voter, *phone, *content;
} opinion_plan;

static rc_t opinion_row(dc *d, long long id, const void *arg) {
    const opinion_plan *q = arg;
    return EXEC(d, "INSERT INTO opinions (case_id, reception_id, voter_name, voter_phone, content) "
                   "VALUES (?, ?, ?, ?, ?)", NULL, qi(id), qi(q->reception), qt(q->voter),
                qt(q->phone), qt(q->content));
}

/* one_opinion — registered, transferred, answered and rated; open: 0 closed, else how
 * far it has come (1 submitted, 2 accepted, 3 assigned, 4 replied). */
static rc_t one_opinion(dc *d, sim *s, long long reception, int town, date_t held, int open) {
    int t = below(d, COUNT(OPINION_TOPICS));
    char title[TITLE_BYTES], content[TEXT_BYTES], voter[NAME_BYTES], phone[NAME_BYTES];
    snprintf(title, sizeof title, "%s选民反映%s", d->town[town], OPINION_TOPICS[t].title);
    snprintf(content, sizeof content, "选民在%s人大代表联络站接待日反映：%s，希望有关部门尽快解决。",
             d->town[town], OPINION_TOPICS[t].title);
    invented_name(d, voter);
    invented_phone(d, phone);
    sim_init(s, case_kind_find("opinions"), title, NULL);
    add_person(s, 0, voter, "voter", true);
    rc_t rc = sim_create(d, s, on_or_after(d, held + between(d, 0, 2)));
    if (rc == RC_OK && open != 1)
        rc = step(d, s, on_or_after(d, s->clock + between(d, 0, 2)), "accept", WHO_STAFF,
                  CS_ACCEPTED, NULL);
    if (rc == RC_OK && (open == 0 || open >= 3)) {
        long long unit = unit_named(d, OPINION_TOPICS[t].unit);
        long long units[2] = {unit, d->town_unit[town]};
        const char *roles[] = {"lead", "co"};
        rc = sim_assign(d, s, on_or_after(d, s->clock + between(d, 1, 4)), units, roles,
                        chance(d, 30) ? 2 : 1, false);
    }
    char text[TEXT_BYTES];
    snprintf(text, sizeof text, OPINION_REPLY, OPINION_TOPICS[t].title);
    if (rc == RC_OK && (open == 0 || open == 4)) {
        date_t on = on_or_before(d, s->clock + between(d, 10, 50));
        if (open == 4)
            on = on_or_before(d, d->anchor - between(d, 2, 6));
        rc = reply_round(d, s, s->clock + 5, on, false);
        if (rc == RC_OK)
            snprintf(s->reply[s->nreplies - 1].text, TEXT_BYTES, "%s", text);
    }
    if (rc == RC_OK && open == 0) {
        bool unhappy = chance(d, 4);
        rc = feedback_round(d, s, s->clock + between(d, 2, 8), unhappy ? 0 : -1, 1);
        if (rc == RC_OK && unhappy)
            rc = reply_round(d, s, 0, on_or_before(d, s->clock + between(d, 8, 20)), false);
        if (rc == RC_OK && unhappy)
            rc = feedback_round(d, s, s->clock + between(d, 2, 8), -1, 1);
        if (rc == RC_OK)
            rc = step(d, s, on_or_after(d, s->clock + between(d, 1, 5)), "close", WHO_STAFF,
                      CS_CLOSED, NULL);
        s->closed = s->clock;
    }
    opinion_plan q = {reception, voter, phone, content};
    return rc ? rc : flush(d, s, opinion_row, &q, NULL);
}

static rc_t load_receptions(dc *d, sim *s) {
    int voters[RECEPTIONS], opinions[RECEPTIONS];
    int vsum = 0, osum = 0;
    for (int i = 0; i < RECEPTIONS; i++) {
        voters[i] = between(d, 8, 20);
        opinions[i] = i >= RECEPTIONS - RECEPTION_EXTRA ? EXTRA_OPINIONS : 1 + below(d, 2);
        vsum += voters[i];
        osum += opinions[i];
    }
    /* the seed's figures exactly, spread over the older receptions */
    for (int i = 0, guard = 0; (vsum != VOTERS_RECEIVED || osum != OPINIONS_TOTAL) && guard < 100000;
         i = (i + 11) % (RECEPTIONS - RECEPTION_EXTRA), guard++) {
        if (vsum < VOTERS_RECEIVED && voters[i] < 40)
            voters[i]++, vsum++;
        else if (vsum > VOTERS_RECEIVED && voters[i] > 5)
            voters[i]--, vsum--;
        if (osum < OPINIONS_TOTAL && opinions[i] < OPINIONS_PER_RECEPTION_MAX)
            opinions[i]++, osum++;
        else if (osum > OPINIONS_TOTAL && opinions[i] > 0)
            opinions[i]--, osum--;
    }
    if (vsum != VOTERS_RECEIVED || osum != OPINIONS_TOTAL)
        return sim_fail(d, "receptions do not add up");
    date_t first = D(RECEPTION_FIRST), last = D(RECEPTION_LAST);
    int span = (int)(last - first) / RECEPTIONS_PER_STATION;
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < RECEPTIONS; i++) {
        bool extra = i >= RECEPTIONS - RECEPTION_EXTRA;
        int town = extra ? (i - (RECEPTIONS - RECEPTION_EXTRA)) * 3 : i % TOWNSHIPS_MAX;
        int round = i / TOWNSHIPS_MAX;
        date_t held = extra ? d->anchor - (i == RECEPTIONS - 1 ? 12 : 40)
                            : first + round * span + below(d, span - 3);
        bool leaders = !extra && i % (RECEPTIONS / LEADER_RECEPTIONS) == 5;
        const char *note = leaders ? "市、县领导以人大代表身份进站，开展联系群众主题活动。"
                                   : RECEPTION_NOTES[below(d, COUNT(RECEPTION_NOTES))];
        long long rid = 0;
        char now[21], day[11];
        date_format(held, day);
        snprintf(now, sizeof now, "%sT08:30:00Z", day);
        rc = EXEC(d, "INSERT INTO receptions (congress_id, station_id, held_on, voters_received, "
                     "notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  &rid, qi(d->congress), qi(d->station[town]), qd(held), qi(voters[i]), qt(note),
                  qt(now), qt(now));
        /* deputies present: county deputies of the township, sometimes one of a higher
         * level (always when leaders came) */
        long long present[8];
        int np = 0, want = between(d, 2, 4);
        for (int k = 0; k < d->ndeputies * 2 && np < want; k++) {
            const deputy_ref *r = &d->deputy[below(d, d->ndeputies)];
            bool dup = r->town != town;
            for (int j = 0; j < np; j++)
                dup = dup || present[j] == r->id;
            if (!dup)
                present[np++] = r->id;
        }
        if (d->nhigher && (leaders || chance(d, 25))) {
            long long h = d->higher[below(d, d->nhigher)].id;
            bool dup = false;
            for (int j = 0; j < np; j++)
                dup = dup || present[j] == h;
            if (!dup)
                present[np++] = h;
        }
        for (int j = 0; rc == RC_OK && j < np; j++)
            rc = EXEC(d, "INSERT INTO reception_deputies (reception_id, deputy_id) VALUES (?, ?)",
                      NULL, qi(rid), qi(present[j]));
        for (int j = 0; rc == RC_OK && j < opinions[i]; j++)
            rc = one_opinion(d, s, rid, town, held,
                             !extra ? 0 : i == RECEPTIONS - 1 ? j + 1 : j == 0 ? 3 : 4);
    }
    return rc;
}

/* ---- entry -------------------------------------------------------------------------- */

rc_t demo_cases_load(store_conn *c, long long congress, long long term, err *e) {
    dc *d = calloc(1, sizeof *d);
    sim *s = calloc(1, sizeof *s);
    rc_t rc = RC_OK;
    if (!d || !s) {
        free(d);
        free(s);
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    d->c = c;
    d->e = e;
    d->rng = CASES_SEED;
    d->congress = congress;
    d->term = term;
    date_t today = date_today_utc();
    d->anchor = today < D(ANCHOR_MIN) ? D(ANCHOR_MIN) : today;
    rc = load_refs(d);
    if (rc == RC_OK)
        rc = load_holidays(d);
    if (rc == RC_OK)
        rc = load_proposals(d, s);
    if (rc == RC_OK)
        rc = load_petitions(d, s);
    if (rc == RC_OK)
        rc = load_receptions(d, s);
    free(d->titles);
    free(d);
    free(s);
    return rc;
}
