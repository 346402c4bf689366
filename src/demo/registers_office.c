/* registers_office.c — the office's registers in the demo: the 16th term's publicity
 * (800+ articles in city-level media or above, 《人大代表风采》 and 《议案追踪》 among
 * them, featuring deputies 450+ times), trainings of deputies and township staff that
 * cover every township, the committee's 32 rules revised in the term, its 5 reports and
 * 23 requests to the county Party committee, and its events (the four-province joint
 * meeting hosted twice, the deputies' epidemic campaign with 200+ deputies); and a few
 * recent ones in the current term. */
#include <stdio.h>
#include <string.h>

#include "demo/registers_impl.h"

#define ARTICLES_HIGH 812 /* city level or above: "800余篇" */
#define ARTICLES_COUNTY 64
#define PRAISES 300           /* 《人大代表风采》, one deputy each */
#define TRACKINGS 100         /* 《议案追踪》, the lead deputy */
#define NEWS_WITH_DEPUTIES 13 /* every 13th news item names two deputies */
#define PERSON_TIMES_MIN 450
#define NATIONAL_PERCENT 6
#define PROVINCIAL_PERCENT 24
#define YEARS 5
#define FIRST_YEAR 2017

/* ---- articles ----------------------------------------------------------------------------- */

static const char *outlet_of(demo *d, const char *level) {
    int n = 0, pick = -1;
    for (int i = 0; i < dr_outlet_count; i++)
        if (strcmp(dr_outlets[i][1], level) == 0 && demo_below(d, ++n) == 0)
            pick = i; /* one of the level's, each as likely */
    return pick >= 0 ? dr_outlets[pick][0] : dr_outlets[0][0];
}

static const char *level_of(demo *d, bool county) {
    if (county)
        return "county";
    int r = demo_below(d, PERCENT);
    return r < NATIONAL_PERCENT                        ? "national"
           : r < NATIONAL_PERCENT + PROVINCIAL_PERCENT ? "provincial"
                                                       : "city";
}

/* article — kind 0 news, 1 《人大代表风采》, 2 《议案追踪》; *featured += its deputies */
static rc_t article(demo *d, date_t on, int kind, bool county, bool with_deputies, int *featured) {
    const demo_term_people *tp = demo_term_of(d, on);
    const char *level = level_of(d, county);
    json_t *in = dr_in(d, on, true);
    int taken[2] = {0, 0}, n = kind ? 1 : with_deputies ? 2 : 0;
    for (int i = 0; i < n && tp->ndeputies; i++)
        taken[i] = demo_pick_deputy(d, tp, -1, taken, i);
    const char *topic = demo_chance(d, 50)
                            ? dr_pick(d, dr_inspection_topics, dr_inspection_topic_count)
                            : dr_pick(d, dr_research_topics, dr_research_topic_count);
    if (kind == 1) {
        dr_text(in, "title", dr_pick(d, dr_praises, dr_praise_count), tp->deputy[taken[0]].name);
        json_object_set_new(in, "column_name", json_string("《人大代表风采》"));
    } else if (kind == 2) {
        dr_text(in, "title", "议案追踪｜%s", topic);
        json_object_set_new(in, "column_name", json_string("《议案追踪》"));
    } else {
        dr_text(in, "title", dr_pick(d, dr_news, dr_news_count), topic);
        json_object_set_new(in, "column_name", json_string("人大动态"));
    }
    json_object_set_new(in, "outlet", json_string(outlet_of(d, level)));
    json_object_set_new(in, "outlet_level", json_string(level));
    dr_date(in, "published_on", on);
    json_object_set_new(in, "author", json_string("县人大常委会办公室"));
    json_t *ids = json_array();
    for (int i = 0; i < n && tp->ndeputies; i++)
        json_array_append_new(ids, json_integer(tp->deputy[taken[i]].id));
    *featured += (int)json_array_size(ids);
    json_object_set_new(in, "deputy_ids", ids);
    return dr_put(d, "articles", on + demo_below(d, 3), in, NULL);
}

static rc_t articles(demo *d) {
    const int total = ARTICLES_HIGH + ARTICLES_COUNTY;
    date_t from = dr_ymd(FIRST_YEAR, 1, 5), span = dr_ymd(2021, 12, 20) - from;
    int featured = 0, news = 0;
    rc_t rc = RC_OK;
    for (int k = 0; rc == RC_OK && k < total; k++) {
        date_t on = from + (date_t)((long long)span * k / total) + demo_below(d, 3);
        /* the county's own: every 14th (64 of them); the columns spread over the rest */
        bool county = k % 14 == 13 && k / 14 < ARTICLES_COUNTY;
        int kind = county ? 0 : k % 8 < 3 ? 1 : k % 8 == 3 ? 2 : 0;
        rc = article(d, on, kind, county, kind == 0 && news++ % NEWS_WITH_DEPUTIES == 0, &featured);
    }
    if (rc == RC_OK && featured < PERSON_TIMES_MIN)
        rc = demo_fail(d, "the articles feature deputies only %d times", featured);
    dr_now(d); /* the current term's draws: their own stream */
    static const int BACK[] = {60, 45, 30, 15, 5};
    for (int i = 0; rc == RC_OK && i < COUNT(BACK); i++) {
        date_t on = dr_recent(d, BACK[i]);
        if (on && on + 2 < d->today)
            rc = article(d, on, i == 1 ? 1 : 0, false, i == 3, &featured);
    }
    dr_now(d);
    return rc;
}

/* ---- trainings ----------------------------------------------------------------------------- */

static rc_t training(demo *d, const char *subject, const char *audience, date_t on, int days,
                     const char *place, int attendees, int listed) {
    long long towns[TOWNSHIPS];
    for (int i = 0; i < TOWNSHIPS; i++)
        towns[i] = d->town_unit[i];
    json_t *in = dr_in(d, on, true);
    json_object_set_new(in, "subject", json_string(subject));
    dr_date(in, "held_on", on);
    dr_date(in, "ends_on", on + days - 1);
    json_object_set_new(in, "audience", json_string(audience));
    json_object_set_new(in, "place", json_string(place));
    json_object_set_new(in, "organizer", json_string("常山县人大常委会"));
    json_object_set_new(in, "attendees", json_integer(attendees));
    if (strcmp(audience, "members") != 0 && strcmp(audience, "staff") != 0)
        json_object_set_new(in, "unit_ids", dr_ids(towns, TOWNSHIPS)); /* every township */
    if (listed)
        json_object_set_new(in, "deputy_ids", dr_deputies(d, on, listed, -1));
    return dr_put(d, "trainings", on + days, in, NULL);
}

static rc_t trainings(demo *d) {
    char s[SUBJECT_BYTES];
    rc_t rc = training(d, "新任县人大代表初任培训", "deputies",
                       demo_on_or_after(d, dr_ymd(2017, 3, 14)), 2, "中共常山县委党校", 186, 60);
    for (int y = 0; rc == RC_OK && y < YEARS; y++) {
        int year = FIRST_YEAR + y;
        snprintf(s, sizeof s, "%d年度县人大代表履职能力提升培训班", year);
        if (y) /* the first year's is the new deputies' */
            rc = training(d, s, "deputies", demo_on_or_after(d, dr_ymd(year, 4, 16)), 2,
                          y % 2 ? "浙江大学（杭州）" : "中共常山县委党校",
                          demo_between(d, 150, 190), 40);
        snprintf(s, sizeof s, "%d年度乡镇（街道）人大干部业务培训", year);
        if (rc == RC_OK)
            rc = training(d, s, "township_staff", demo_on_or_after(d, dr_ymd(year, 5, 20)), 1,
                          "县人大常委会会议室", demo_between(d, 40, 56), 0);
        snprintf(s, sizeof s, "%d年度常委会组成人员履职学习", year);
        if (rc == RC_OK)
            rc = training(d, s, "members", demo_on_or_after(d, dr_ymd(year, 9, 8)), 3,
                          "井冈山干部学院", demo_between(d, 26, 30), 0);
    }
    if (rc == RC_OK)
        rc = training(d, "人大机关干部业务能力提升培训", "staff",
                      demo_on_or_after(d, dr_ymd(2019, 10, 22)), 2, "中共常山县委党校", 32, 0);
    dr_now(d); /* the current term's draws: their own stream */
    date_t now = dr_recent(d, 35);
    if (rc == RC_OK && now && now + 2 < d->today)
        rc = training(d, "代表建议撰写与履职实务培训", "deputies", now, 1, "县人大常委会会议室",
                      demo_between(d, 80, 120), 30);
    dr_now(d);
    return rc;
}

rc_t dr_office(demo *d) {
    rc_t rc = articles(d);
    return rc == RC_OK ? trainings(d) : rc;
}

/* ---- regulations -------------------------------------------------------------------------- */

static int meeting_about(demo *d, date_t x) {
    int m = dr_meeting(d, "committee_session", x - 10, x + 45);
    return m >= 0 ? m : dr_meeting(d, "chairs_meeting", x - 10, x + 45);
}

static rc_t regulations(demo *d) {
    rc_t rc = RC_OK;
    date_t entered = demo_on_or_after(d, dr_ymd(2017, 1, 4));
    for (int i = 0; rc == RC_OK && i < dr_rule_count; i++) {
        const dr_dated *r = &dr_rules[i];
        int year = 2009 + i % 7;
        date_t adopted = dr_ymd(year, 1 + (i * 5) % 12, 10 + i % 15);
        json_t *in = dr_in(d, entered, true);
        json_object_set_new(in, "title", json_string(r->text));
        dr_text(in, "number", "常人大常〔%d〕%d号", year, 3 + i);
        dr_date(in, "adopted_on", adopted);
        json_object_set_new(in, "status", json_string("in_force"));
        dr_text(in, "body", "%s规定了适用范围、工作职责、程序要求和监督保障等内容。", r->text);
        int it = -1;
        rc = dr_put(d, "regulations", entered, in, &it);
        int m = meeting_about(d, dr_ymd(r->year, r->month, 10));
        if (rc || m < 0) {
            rc = rc ? rc : demo_fail(d, "no meeting revised %s", r->text);
            break;
        }
        json_t *rev = json_object(); /* a revision belongs to its rule */
        dr_date(rev, "revised_on", dr_meeting_day(d, m));
        json_object_set_new(rev, "meeting_id", json_integer(dr_meeting_ref(m)));
        json_object_set_new(
            rev, "summary",
            json_string("根据新修改的法律法规和工作实践，对有关条款作了修订完善。"));
        rc = demo_put_child(d, -1, "regulation_revisions", dr_meeting_after(d, m), 0, rev,
                            "regulation_id", it);
    }
    dr_now(d); /* the current term's draws: their own stream */
    date_t now = dr_recent(d, 25);
    if (rc == RC_OK && now) {
        json_t *in = dr_in(d, now, true);
        json_object_set_new(in, "title",
                            json_string("常山县人民代表大会常务委员会数字化履职平台管理办法"));
        dr_text(in, "number", "常人大常〔%d〕%d号", dr_year(now), 2);
        dr_date(in, "adopted_on", now);
        json_object_set_new(in, "status", json_string("in_force"));
        json_object_set_new(in, "body", json_string("规定了履职平台的账号、数据和安全管理。"));
        rc = dr_put(d, "regulations", now, in, NULL);
    }
    dr_now(d);
    return rc;
}

/* ---- reports and requests to the county Party committee -------------------------------------- */

static const dr_dated REPORTS[] = {
    {"关于县人大常委会党组2017年上半年工作情况的汇报", 2017, 7, 0},
    {"关于县属国有资产管理情况特定问题调查工作的报告", 2018, 10, 0},
    {"关于县人大常委会党组2019年上半年工作情况的汇报", 2019, 7, 0},
    {"关于全县各级人大代表投身抗疫一线情况的报告", 2020, 4, 0},
    {"关于县第十六届人大常委会五年工作情况的报告", 2021, 10, 0},
};

static rc_t party_report(demo *d, const char *title, const char *kind, date_t on, bool replied) {
    json_t *in = dr_in(d, on, true);
    json_object_set_new(in, "title", json_string(title));
    json_object_set_new(in, "kind", json_string(kind));
    dr_date(in, "submitted_on", on);
    dr_text(in, "content", "县人大常委会党组%s：%s。", strcmp(kind, "report") ? "请示" : "报告",
            title);
    int m = dr_meeting(d, "chairs_meeting", on - 30, on - 1);
    if (m >= 0)
        json_object_set_new(in, "meeting_id", json_integer(dr_meeting_ref(m)));
    date_t reply = on + demo_between(d, 5, 15);
    if (replied && reply < d->today) {
        json_object_set_new(in, "reply",
                            json_string(strcmp(kind, "report") ? "同意。请按程序抓好落实。"
                                                               : "县委常委会听取汇报，充分肯定"
                                                                 "县人大常委会的工作。"));
        dr_date(in, "replied_on", reply);
    }
    return dr_put(d, "party_reports", replied && reply < d->today ? reply : on, in, NULL);
}

static rc_t party_reports(demo *d) {
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < COUNT(REPORTS); i++)
        rc = party_report(d, REPORTS[i].text, "report",
                          demo_on_or_after(d, dr_ymd(REPORTS[i].year, REPORTS[i].month, 12)), true);
    for (int i = 0; rc == RC_OK && i < dr_request_count; i++)
        rc = party_report(d, dr_requests[i].text, "request",
                          demo_on_or_after(d, dr_ymd(dr_requests[i].year, dr_requests[i].month, 8)),
                          true);
    dr_now(d); /* the current term's draws: their own stream */
    date_t a = dr_recent(d, 40), b = dr_recent(d, 6);
    char t[TITLE_BYTES];
    snprintf(t, sizeof t, "关于县人大常委会%d年工作要点的请示", dr_year(d->today) + 1);
    if (rc == RC_OK && a)
        rc = party_report(d, "关于县人大常委会党组上半年工作情况的汇报", "report", a, true);
    if (rc == RC_OK && b && b < d->today)
        rc = party_report(d, t, "request", b, false); /* awaiting the reply */
    dr_now(d);
    return rc;
}

/* ---- events ------------------------------------------------------------------------------- */

static rc_t event(demo *d, const char *title, const char *kind, date_t on, int days,
                  const char *place, const char *text, int listed, int count) {
    json_t *in = dr_in(d, on, true);
    json_object_set_new(in, "title", json_string(title));
    json_object_set_new(in, "kind", json_string(kind));
    dr_date(in, "held_on", on);
    dr_date(in, "ends_on", on + days - 1);
    json_object_set_new(in, "place", json_string(place));
    json_object_set_new(in, "description", json_string(text));
    if (listed)
        json_object_set_new(in, "deputy_ids", dr_deputies(d, on, listed, -1));
    if (count)
        json_object_set_new(in, "deputies_count", json_integer(count));
    return dr_put(d, "events", on + days, in, NULL);
}

static rc_t events(demo *d) {
    rc_t rc = event(d, "第十届赣浙闽皖四省交界县（市、区）人大常委会联席会议", "joint_meeting",
                    demo_on_or_after(d, dr_ymd(2018, 10, 18)), 2, "常山县",
                    "常山县人大常委会承办，四省交界县（市、区）人大常委会交流监督工作和代表工作"
                    "经验，在互学互鉴中宣传常山、传播友谊、促进工作。",
                    0, 0);
    if (rc == RC_OK)
        rc = event(d, "第十三届赣浙闽皖四省交界县（市、区）人大常委会联席会议", "joint_meeting",
                   demo_on_or_after(d, dr_ymd(2021, 4, 22)), 2, "常山县",
                   "常山县人大常委会再次承办联席会议，交流践行全过程人民民主的做法。", 0, 0);
    if (rc == RC_OK)
        rc = event(d, "人大代表抗疫倡议", "campaign", dr_ymd(2020, 2, 3), 58, "全县各乡镇（街道）",
                   "县人大常委会发出人大代表抗疫倡议书，200余名各级人大代表积极投身抗疫一线，"
                   "参与卡口值守、物资保障、复工复产。",
                   150, 216);
    if (rc == RC_OK)
        rc = event(d, "“百名代表听百案”活动", "campaign", dr_ymd(2019, 5, 6), 180,
                   "县人民法院、县人民检察院", "组织县人大代表旁听庭审和公诉案件，监督司法工作。",
                   100, 100);
    dr_now(d); /* the current term's draws: their own stream */
    date_t now = dr_recent(d, 20);
    if (rc == RC_OK && now && now + 1 < d->today)
        rc = event(d, "赴开化县考察学习代表联络站建设", "visit", now, 1, "开化县",
                   "考察学习代表联络站标准化建设和数字化履职经验。", 8, 0);
    dr_now(d);
    return rc;
}

rc_t dr_office_more(demo *d) {
    rc_t rc = regulations(d);
    if (rc == RC_OK)
        rc = party_reports(d);
    if (rc == RC_OK)
        rc = events(d);
    return rc;
}
