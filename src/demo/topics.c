/* topics.c — what the demo's cases say: suggestions' subjects by category, filled in
 * with Changshan's townships, villages, roads, crops, schools and projects; motions;
 * the suggestions staff declined (one per listed reason); the texts of proposals,
 * replies, co-units' views, follow-ups and feedback; invented voters' names. Every
 * village, person and phone number is invented. */
#include <stdio.h>
#include <string.h>

#include "demo/case_plan.h"

static const char *const ROADS[] = {"芳村至新昌", "球川至东案",   "辉埠至招贤", "天马至同弓",
                                    "青石至白石", "大桥头至芳村", "何家至金川", "紫港至辉埠"};
static const char *const CROPS[] = {"胡柚", "香柚", "油茶", "食用菌", "茶叶", "高山蔬菜"};
static const char *const SCHOOLS[] = {"常山一中迁建项目", "文昌小学",   "衢州数字工业学校",
                                      "县技工学校",       "城东幼儿园", "天马第二初级中学"};
static const char *const URBAN[] = {"县人民医院周边", "定阳路老城区",   "文峰路学校周边",
                                    "紫港商业区",     "常山港沿江两岸", "汽车站周边"};
static const char *const COMMUNITIES[] = {"天马街道东明社区", "天马街道城南社区",
                                          "紫港街道紫港社区", "金川街道徐村社区",
                                          "天马街道城中社区", "紫港街道定阳社区"};
static const char *const MEDS[] = {"提升基层首诊率", "推进检查检验结果互认",
                                   "加强上下级医院双向转诊", "推广智慧医疗服务"};
static const char *const SOCIALS[] = {"城乡公交“2元一票制”扩面", "农村幸福食堂建设",
                                      "残疾人托养服务",          "退役军人服务保障",
                                      "困境儿童关爱保护",        "独居老人应急呼叫服务"};
static const char *const FIRMS[] = {"轴承", "小微", "胡柚深加工", "新材料", "食品加工"};
static const char *const PROJECTS[] = {"赛得健康小镇", "生态园区", "工业园区标准厂房",
                                       "数字经济产业园", "物流园区"};
static const char *const GROUPS[] = {"大龄农民工", "高校毕业生", "残疾人", "退役军人",
                                     "易地搬迁群众"};
static const char *const EDUS[] = {"心理健康教育", "近视防控", "课后服务", "劳动教育", "体育锻炼"};
static const char *const MINES[] = {"辉埠镇", "青石镇", "球川镇", "白石镇"};
/* Villages (invented) by township name. */
static const struct {
    const char *town, *village;
} VILLAGES[] = {
    {"芳村镇", "新桥村"},     {"芳村镇", "芳村村"},     {"芳村镇", "前山村"},
    {"球川镇", "红旗岗村"},   {"球川镇", "球川村"},     {"球川镇", "东坑村"},
    {"辉埠镇", "宋畈村"},     {"辉埠镇", "辉埠村"},     {"招贤镇", "古县村"},
    {"招贤镇", "招贤村"},     {"青石镇", "砚瓦山村"},   {"青石镇", "江家村"},
    {"白石镇", "草坪村"},     {"白石镇", "白石村"},     {"何家乡", "樊家村"},
    {"何家乡", "何家村"},     {"同弓乡", "彤弓山村"},   {"同弓乡", "同弓村"},
    {"大桥头乡", "大桥头村"}, {"新昌乡", "黄冈村"},     {"新昌乡", "新昌村"},
    {"东案乡", "东案村"},     {"东案乡", "金源村"},     {"金川街道", "徐村"},
    {"紫港街道", "五里村"},   {"天马街道", "十五里村"},
};

static const struct {
    const char *const *list;
    int n;
} SLOTS[S_COUNT] = {
    [S_ROAD] = {ROADS, COUNT(ROADS)},
    [S_CROP] = {CROPS, COUNT(CROPS)},
    [S_SCHOOL] = {SCHOOLS, COUNT(SCHOOLS)},
    [S_URBAN] = {URBAN, COUNT(URBAN)},
    [S_COMMUNITY] = {COMMUNITIES, COUNT(COMMUNITIES)},
    [S_MED] = {MEDS, COUNT(MEDS)},
    [S_SOCIAL] = {SOCIALS, COUNT(SOCIALS)},
    [S_FIRM] = {FIRMS, COUNT(FIRMS)},
    [S_PROJECT] = {PROJECTS, COUNT(PROJECTS)},
    [S_GROUP] = {GROUPS, COUNT(GROUPS)},
    [S_EDU] = {EDUS, COUNT(EDUS)},
    [S_MINE] = {MINES, COUNT(MINES)},
};

static const demo_topic TOPICS[] = {
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
    {"民生保障", "完善%s农村寄递物流服务", S_TOWN, "中国邮政集团有限公司常山县分公司", "县商务局",
     1},
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
    {"文化旅游", "保护利用%s传统村落", S_VILLAGE, "县文化和广电旅游体育局", "县住房和城乡建设局",
     1},
    {"社会治理", "加强%s社会治安防控", S_TOWN, "县公安局", NULL, 2},
    {"社会治理", "完善%s矛盾纠纷调解机制", S_TOWN, "县司法局", NULL, 2},
    {"社会治理", "加强电动自行车安全管理", S_NONE, "县公安局", "县应急管理局", 1},
    {"社会治理", "加强%s消防安全隐患整治", S_URBAN, "县应急管理局", NULL, 2},
    {"社会治理", "加强%s防汛防台气象预警服务", S_TOWN, "县气象局", "县应急管理局", 1},
    {"社会治理", "推进诉源治理和%s基层法庭建设", S_TOWN, "常山县人民法院", NULL, 1},
    {"社会治理", "加强%s生态环境公益诉讼检察工作", S_TOWN, "常山县人民检察院", NULL, 1},
    {"政务服务", "推进政务服务“一网通办”向%s延伸", S_TOWN, "县人民政府办公室", "县大数据发展管理局",
     2},
    {"政务服务", "提高%s群众诉求办理质效", S_TOWN, "县人民政府办公室", "县信访局", 1},
    {"政务服务", "加强%s国有资产规范管理", S_PROJECT, "县国有资产服务中心", "县财政局", 1},
};

const demo_topic demo_motions[] = {
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
const int demo_motion_count = COUNT(demo_motions);

/* Suggestions staff declined, each for a listed reason (DOMAIN.md). */
const demo_declined demo_declines[] = {
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
const int demo_decline_count = COUNT(demo_declines);

static const char *const BODY_OPEN[] = {
    "近年来，%"
    "s工作取得了一定成效，但群众反映仍较集中，存在投入不足、设施老化、管理不够到位等问题。",
    "在走访选民和调研中了解到，%s是当地群众关心的实事，目前推进较慢，与群众期盼还有差距。",
    "%s事关群众切身利益。经实地调研，发现规划滞后、资金缺口大、部门协同不够等问题仍较突出。",
};
const char *const demo_ask =
    "建议：一是将其列入年度重点工作计划，明确责任单位和完成时限；二是积极争取上级政策和资金"
    "支持，加大县级财政投入；三是加强部门协同和督促检查，定期向代表反馈进展。";

static const char *const REPLY[] = {
    /* A */ "您提出的《%s》收悉。我单位高度重视，组织专人实地调研，会同有关部门落实了整改措施，"
            "所提问题已基本解决。感谢您对全县工作的关心和支持。",
    /* B */
    "您提出的《%s》收悉。经研究，所提事项已列入年度工作计划，正在积极推进，预计年内完成，"
    "我们将及时向您反馈进展情况。",
    /* C */
    "您提出的《%s》收悉。经研究，受资金、用地指标等条件限制，目前暂不具备实施条件，"
    "我们将积极创造条件，待条件成熟时统筹解决。",
    /* D */
    "您提出的《%s》收悉。所提建议对改进我们的工作具有重要参考价值，我们将在制定相关政策"
    "和规划时认真研究吸收。",
};
static const char *const REPLY_AGAIN =
    "根据代表意见，我单位对《%s》重新办理：主要负责人带队与代表面商，重新制定了解决方案，"
    "落实了资金和时限，目前问题已得到解决。";
const char *const demo_co_view =
    "关于《%s》，我单位同意主办单位的办理意见，将在职责范围内积极配合做好相关工作。";
const char *const demo_follow_up =
    "关于《%s》，答复时列入计划的事项已全部完成，现将落实情况报告如下：项目已建成并投入使用。";

static const char *const SATISFIED[] = {"答复及时，措施具体，满意。",
                                        "办理态度认真，问题已解决，表示满意。",
                                        "沟通充分，对办理结果满意。"};
static const char *const BASIC[] = {"问题已部分解决，希望继续跟进落实。",
                                    "答复基本满意，建议加快推进进度。"};
static const char *const UNSATISFIED[] = {"答复内容与实际情况不符，问题未得到解决，要求重新办理。",
                                          "答复较为笼统，缺少具体措施和时间表，不满意。",
                                          "办理过程中未与代表沟通，问题依旧存在，要求重办。"};

const char *const demo_grounds = "依据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法"
                                 "》和县委、县政府有关工作部署。";

static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "吴", "周",
                                       "徐", "朱", "胡", "何", "郑", "汪", "叶", "余", "方",
                                       "姜", "毛", "严", "程", "邵", "祝", "占", "郑", "樊"};
static const char *const GIVEN[] = {"建华", "国平", "根土", "水清", "金花", "美芳", "春花",
                                    "志强", "伟",   "丽",   "长生", "荣华", "小平", "桂英",
                                    "德明", "玉珍", "红英", "新华", "文忠", "海林"};
static const char *const RESERVED[] = {"朱忠泰", "许军良", "张誉春"};
static const char *const MOBILE[] = {"138", "139", "135", "137", "150", "151", "158", "159",
                                     "187", "188", "133", "153", "180", "189", "130", "131"};
#define PHONE_MOD 100000000ULL
#define TOPIC_TRIES 30

const demo_topic *demo_pick_topic(demo *d, bool demo_unit) {
    int total = 0;
    for (int i = 0; i < COUNT(TOPICS); i++)
        if (!demo_unit || strcmp(TOPICS[i].lead, DEMO_UNIT_NAME) == 0)
            total += TOPICS[i].weight;
    int r = demo_below(d, total);
    for (int i = 0; i < COUNT(TOPICS); i++) {
        if (demo_unit && strcmp(TOPICS[i].lead, DEMO_UNIT_NAME) != 0)
            continue;
        if (r < TOPICS[i].weight)
            return &TOPICS[i];
        r -= TOPICS[i].weight;
    }
    return &TOPICS[0];
}

void demo_subject(demo *d, const demo_topic *tp, char out[SUBJECT_BYTES], int *town) {
    *town = -1;
    const char *fill = "";
    char fillbuf[SUBJECT_BYTES];
    if (tp->slot == S_TOWN) {
        *town = demo_below(d, TOWNSHIPS);
        fill = d->town[*town];
    } else if (tp->slot == S_VILLAGE) {
        int v = demo_below(d, COUNT(VILLAGES));
        *town = demo_town_of(d, VILLAGES[v].town);
        snprintf(fillbuf, sizeof fillbuf, "%s%s", VILLAGES[v].town, VILLAGES[v].village);
        fill = fillbuf;
    } else if (tp->slot != S_NONE) {
        fill = SLOTS[tp->slot].list[demo_below(d, SLOTS[tp->slot].n)];
        if (tp->slot == S_MINE || tp->slot == S_COMMUNITY)
            *town = demo_town_of(d, fill);
    }
    snprintf(out, SUBJECT_BYTES, tp->subject, fill);
}

bool demo_title_take(demo *d, const char *title) {
    for (int i = 0; i < d->ntitles; i++)
        if (strcmp(d->titles[i], title) == 0)
            return false;
    if (d->ntitles < d->titles_cap)
        snprintf(d->titles[d->ntitles++], TITLE_BYTES, "%s", title);
    return true;
}

void demo_body(const char *subject, char body[TEXT_BYTES * 2], char reason[TEXT_BYTES]) {
    int open = (int)(strlen(subject) % COUNT(BODY_OPEN));
    snprintf(reason, TEXT_BYTES, BODY_OPEN[open], subject);
    snprintf(body, TEXT_BYTES * 2, "%s%s", reason, demo_ask);
}

const char *demo_reply_text(char cls, bool again) {
    if (again)
        return REPLY_AGAIN;
    int i = cls - 'A';
    return REPLY[i >= 0 && i < COUNT(REPLY) ? i : COUNT(REPLY) - 1];
}

const char *demo_rating(demo *d, int satisfied_percent) {
    return demo_chance(d, satisfied_percent) ? "satisfied" : "basically_satisfied";
}

const char *demo_rating_text(demo *d, const char *rating) {
    if (strcmp(rating, "satisfied") == 0)
        return SATISFIED[demo_below(d, COUNT(SATISFIED))];
    if (strcmp(rating, "basically_satisfied") == 0)
        return BASIC[demo_below(d, COUNT(BASIC))];
    return UNSATISFIED[demo_below(d, COUNT(UNSATISFIED))];
}

char demo_pick_class(demo *d, bool poor) {
    static const int good[] = {48, 32, 15, 5}, bad[] = {0, 35, 50, 15};
    const int *w = poor ? bad : good;
    int r = demo_below(d, PERCENT);
    for (int i = 0; i < COUNT(good); i++) {
        if (r < w[i])
            return (char)('A' + i);
        r -= w[i];
    }
    return 'D';
}

void demo_invented_name(demo *d, char out[NAME_BYTES]) {
    for (;;) {
        snprintf(out, NAME_BYTES, "%s%s", SURNAMES[demo_below(d, COUNT(SURNAMES))],
                 GIVEN[demo_below(d, COUNT(GIVEN))]);
        bool reserved = false;
        for (int i = 0; i < COUNT(RESERVED); i++)
            reserved = reserved || strcmp(RESERVED[i], out) == 0;
        if (!reserved)
            return;
    }
}

void demo_invented_phone(demo *d, char out[NAME_BYTES]) {
    snprintf(out, NAME_BYTES, "%s%08llu", MOBILE[demo_below(d, COUNT(MOBILE))],
             (unsigned long long)(demo_next(d) % PHONE_MOD));
}
