/* receptions.c — reception days at the 14 liaison stations in the 16th term (the
 * seed's 2,346 voters received and 318 opinions; 10 of them the city and county
 * leaders' theme days), with the deputies present, and the voters' opinions raised
 * there: registered by the office, transferred to a unit (sometimes with the township
 * as co-unit), answered, the voter's feedback taken (a few unsatisfied, answered
 * again) and closed. */
#include <stdio.h>
#include <string.h>

#include "demo/case_plan.h"

#define VOTERS_RECEIVED 2346 /* "2300余人次" */
#define OPINIONS_TOTAL 318   /* "300余条" */
#define RECEPTIONS_PER_STATION 12
#define RECEPTIONS (TOWNSHIPS * RECEPTIONS_PER_STATION)
#define RECEPTION_FIRST "2017-03-06"
#define RECEPTION_LAST "2021-10-25"
#define LEADER_RECEPTIONS 10 /* city and county leaders as deputies, "10次" */
#define LEADER_EVERY ((RECEPTIONS + LEADER_RECEPTIONS - 1) / LEADER_RECEPTIONS)
#define LEADER_AT 5
#define OPINIONS_PER_RECEPTION_MAX 5
#define ANNOUNCE_LATE_EVERY 11 /* about one reception in eleven announced only the day before */
#define VOTERS_MIN 5
#define VOTERS_MAX 40
#define PRESENT_MAX 8
#define HIGHER_PRESENT_PERCENT 25
#define CO_UNIT_PERCENT 30
#define UNHAPPY_PERCENT 4
#define SATISFIED_PERCENT 82

static const char *const NOTES[] = {
    "“民情茶馆”接待日，代表与选民面对面交流。", "“墟日接待”，代表在集市日进站听取意见。",
    "“天天开门”接待，代表轮值进站。",           "“1+3议事”，代表与村（社区）干部、选民共同议事。",
    "主题接待活动，围绕民生实事项目听取意见。",
};
static const char *const LEADERS_NOTE = "市、县领导以人大代表身份进站，开展联系群众主题活动。";

static const struct {
    const char *title, *unit;
} TOPICS[] = {
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
static const char *const REPLY =
    "经实地查看，选民反映的“%s”问题已安排专人处理，处理结果已向选民反馈。";

rc_t demo_reception(demo *d, int town, date_t held, int voters, const char *notes, bool leaders,
                    int *item) {
    /* deputies present: county deputies of the township in that day's term, sometimes
     * one of a higher level (always when the leaders came) */
    const demo_term_people *tp = demo_term_of(d, held);
    long long present[PRESENT_MAX];
    int np = 0, want = demo_between(d, 2, 4);
    for (int k = 0; k < tp->ndeputies * 2 && np < want; k++) {
        const demo_deputy *r = &tp->deputy[demo_below(d, tp->ndeputies)];
        bool skip = r->town != town || !r->active;
        for (int j = 0; j < np; j++)
            skip = skip || present[j] == r->id;
        if (!skip)
            present[np++] = r->id;
    }
    if (d->nhigher && (leaders || demo_chance(d, HIGHER_PRESENT_PERCENT))) {
        long long h = d->higher[demo_below(d, d->nhigher)];
        bool dup = false;
        for (int j = 0; j < np; j++)
            dup = dup || present[j] == h;
        if (!dup)
            present[np++] = h;
    }
    json_t *ids = json_array();
    for (int j = 0; j < np; j++)
        json_array_append_new(ids, json_integer(present[j]));
    /* announced 3 to 7 days ahead, and now and then only the day before (flagged late):
     * from the day itself, so the generator's draws stay as they were */
    char day[11], announced[11];
    date_format(held, day);
    date_format(held - (held % ANNOUNCE_LATE_EVERY == 0 ? 1 : 3 + held % 5), announced);
    *item = demo_item_new(d, NULL);
    if (*item < 0) {
        json_decref(ids);
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    }
    return demo_put(d, *item, "receptions", held, 0,
                    json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:o}", "congress_id",
                              (json_int_t)d->county, "station_id", (json_int_t)d->station[town],
                              "announced_on", announced, "held_on", day, "voters_received", voters,
                              "notes", notes, "deputy_ids", ids));
}

/* replies — the co-unit's view (first round), then the lead unit's answer by `last`. */
static rc_t replies(demo_case *s, date_t first, date_t last, const char *topic) {
    char text[TEXT_BYTES];
    rc_t rc = RC_OK;
    for (int u = 0; rc == RC_OK && s->round == 1 && u < s->nunits; u++)
        if (strcmp(s->unit[u].role, "co") == 0) {
            snprintf(text, sizeof text, demo_co_view, s->title);
            rc = cp_reply(s, u, 0, text, demo_on_or_after(s->d, first));
        }
    snprintf(text, sizeof text, REPLY, topic);
    return rc ? rc : cp_reply(s, 0, s->round > 1 ? 'A' : demo_pick_class(s->d, false), text, last);
}

rc_t demo_opinion(demo *d, int reception, int town, date_t held, int open, date_t limit) {
    int t = demo_below(d, COUNT(TOPICS));
    char title[TITLE_BYTES], content[TEXT_BYTES], voter[NAME_BYTES], phone[NAME_BYTES];
    snprintf(title, sizeof title, "%s选民反映%s", d->town[town], TOPICS[t].title);
    snprintf(content, sizeof content,
             "选民在%s人大代表联络站接待日反映：%s，希望有关部门尽快解决。", d->town[town],
             TOPICS[t].title);
    demo_invented_name(d, voter);
    demo_invented_phone(d, phone);
    demo_case s;
    cp_begin(d, &s, case_kind_find("opinions"), title, limit);
    s.clamp = open > 0;
    cp_person(&s, 0, true);
    date_t reg = demo_on_or_after(d, held + demo_between(d, 0, 2));
    if (reg > limit)
        reg = held;
    json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "title", title, "voter_name", voter,
                           "voter_phone", phone, "content", content);
    rc_t rc = s.it < 0 ? err_set(d->e, RC_NOMEM, NULL, "out of memory")
                       : demo_opinion_create(d, s.it, reception, reg, in);
    if (rc || open == 1)
        return rc;
    rc = cp_staff(&s, demo_on_or_after(d, cp_day(&s) + demo_between(d, 0, 2)), "accept", NULL);
    if (rc || open == 2)
        return rc;
    long long units[] = {demo_unit_named(d, TOPICS[t].unit), d->town_unit[town]};
    const char *roles[] = {"lead", "co"};
    rc = cp_assign(&s, demo_on_or_after(d, cp_day(&s) + demo_between(d, 1, 4)), units, roles,
                   demo_chance(d, CO_UNIT_PERCENT) ? 2 : 1, false);
    if (rc || open == 3)
        return rc;
    date_t on = open == 4 ? demo_on_or_before(d, limit - demo_between(d, 1, 5))
                          : demo_on_or_before(d, cp_day(&s) + demo_between(d, 10, 50));
    rc = replies(&s, cp_day(&s) + 5, on, TOPICS[t].title);
    if (rc || open == 4)
        return rc;
    bool unhappy = demo_chance(d, UNHAPPY_PERCENT);
    rc = cp_feedback_round(&s, cp_day(&s) + demo_between(d, 2, 8), unhappy ? 0 : -1, 1);
    if (rc == RC_OK && unhappy)
        rc = replies(&s, 0, demo_on_or_before(d, cp_day(&s) + demo_between(d, 8, 20)),
                     TOPICS[t].title);
    if (rc == RC_OK && unhappy)
        rc = cp_feedback_round(&s, cp_day(&s) + demo_between(d, 2, 8), -1, 1);
    return rc ? rc : cp_close(&s, demo_on_or_after(d, cp_day(&s) + demo_between(d, 1, 5)));
}

rc_t demo_receptions(demo *d) {
    int voters[RECEPTIONS], opinions[RECEPTIONS];
    int vsum = 0, osum = 0;
    for (int i = 0; i < RECEPTIONS; i++) {
        voters[i] = demo_between(d, 8, 20);
        opinions[i] = 1 + demo_below(d, 2);
        vsum += voters[i];
        osum += opinions[i];
    }
    /* the seed's figures exactly, spread over the receptions */
    for (int i = 0, guard = 0;
         (vsum != VOTERS_RECEIVED || osum != OPINIONS_TOTAL) && guard < RECEPTIONS * 1000;
         i = (i + 11) % RECEPTIONS, guard++) {
        if (vsum < VOTERS_RECEIVED && voters[i] < VOTERS_MAX)
            voters[i]++, vsum++;
        else if (vsum > VOTERS_RECEIVED && voters[i] > VOTERS_MIN)
            voters[i]--, vsum--;
        if (osum < OPINIONS_TOTAL && opinions[i] < OPINIONS_PER_RECEPTION_MAX)
            opinions[i]++, osum++;
        else if (osum > OPINIONS_TOTAL && opinions[i] > 0)
            opinions[i]--, osum--;
    }
    if (vsum != VOTERS_RECEIVED || osum != OPINIONS_TOTAL)
        return demo_fail(d, "receptions do not add up");
    date_t first = demo_day(RECEPTION_FIRST), last = demo_day(RECEPTION_LAST);
    date_t end = d->term[0].t.end;
    int span = (int)(last - first) / RECEPTIONS_PER_STATION;
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < RECEPTIONS; i++) {
        int town = i % TOWNSHIPS, round = i / TOWNSHIPS, item = -1;
        date_t held = first + round * span + demo_below(d, span - 3);
        bool leaders = i % LEADER_EVERY == LEADER_AT;
        const char *notes = leaders ? LEADERS_NOTE : NOTES[demo_below(d, COUNT(NOTES))];
        rc = demo_reception(d, town, held, voters[i], notes, leaders, &item);
        for (int j = 0; rc == RC_OK && j < opinions[i]; j++)
            rc = demo_opinion(d, item, town, held, 0, end);
    }
    return rc;
}

/* demo_reception_note — a note for a reception day of the current term. */
const char *demo_reception_note(demo *d) { return NOTES[demo_below(d, COUNT(NOTES))]; }
