/* petitions.c — letters and visits (信访): the 16th term's 173 (300 person-times, the
 * seed's figures) by letter, visit and online, each registered by the office, then
 * forwarded within the setting's days or accepted, assigned, some extended once,
 * answered, the petitioner's feedback taken and closed; and the current term's open
 * ones (demo_petition, from open.c). */
#include <stdio.h>
#include <string.h>

#include "demo/case_plan.h"
#include "domain/settings.h"

#define PETITIONS_TOTAL 173
#define PETITION_PERSON_TIMES 300
#define PETITION_FIRST "2017-01-05"
#define PETITION_LAST "2021-10-20"
#define PETITION_PEOPLE_MAX 20
#define FORWARD_PERCENT 58
#define FORWARD_SAME_PERCENT 85 /* forwarded where the subject says (else elsewhere) */
#define EXTEND_PERCENT 12
#define CLASS_A_PERCENT 70
#define SATISFIED_PERCENT 68
#define FORWARD_DAYS_MAX 8 /* days after registering, well within the setting */

static const struct {
    const char *subject, *content, *unit, *forward_to;
} SUBJECTS[] = {
    {"征地拆迁补偿", "反映征地拆迁补偿标准偏低、安置房交付延迟，请求协调解决。",
     "县自然资源和规划局", "县人民政府"},
    {"拖欠农民工工资", "反映某工程项目拖欠农民工工资，多次讨要未果，请求帮助追讨。",
     "县人力资源和社会保障局", "县人力资源和社会保障局"},
    {"法院判决执行", "反映民事判决生效后长期未执行到位，请求督促执行。", "常山县人民法院",
     "常山县人民法院"},
    {"企业噪声扰民", "反映附近企业夜间生产噪声扰民，影响休息，请求查处。", "县生态环境分局",
     "县生态环境分局"},
    {"小区物业纠纷", "反映小区物业服务质量差、公共收益不公开，请求规范管理。", "县住房和城乡建设局",
     "天马街道办事处"},
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
static const char *const REPLY =
    "经调查核实，来信来访反映的%s问题已会同有关方面研究处理，处理意见已当面告知信访人。";

/* channel_people — a channel and how many came, as letters, visits and online ones
 * come: mostly one person, visits sometimes a group. */
static const char *channel_people(demo *d, int *people) {
    int r = demo_below(d, PERCENT);
    const char *channel = r < 42 ? "letter" : r < 76 ? "visit" : "online";
    if (channel[0] == 'v')
        *people = demo_chance(d, 45)   ? 1
                  : demo_chance(d, 70) ? demo_between(d, 2, 4)
                                       : demo_between(d, 5, 9);
    else
        *people = channel[0] == 'l' && demo_chance(d, 10) ? demo_between(d, 2, 3) : 1;
    return channel;
}

rc_t demo_petition(demo *d, const char *channel, int people, date_t received, int open,
                   date_t limit) {
    int subj = demo_below(d, COUNT(SUBJECTS));
    char name[NAME_BYTES], who[NAME_BYTES * 2], phone[NAME_BYTES], title[TITLE_BYTES];
    demo_invented_name(d, name);
    demo_invented_phone(d, phone);
    if (people > 1)
        snprintf(who, sizeof who, "%s等%d人", name, people);
    else
        snprintf(who, sizeof who, "%s", name);
    const char *subject = SUBJECTS[subj].subject;
    snprintf(title, sizeof title, "%s反映%s问题", who, subject);
    date_t reg = demo_on_or_after(d, received + (channel[0] == 'l' ? demo_between(d, 0, 2) : 0));
    if (reg > limit)
        reg = demo_on_or_before(d, limit);
    char received_s[11];
    date_format(received, received_s);
    demo_case s;
    cp_begin(d, &s, case_kind_find("petitions"), title, limit);
    s.clamp = open >= 0;
    cp_person(&s, 0, true);
    rc_t rc = cp_create(&s, AS_OFFICE, 0, reg,
                        json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}", "title", title,
                                  "category", subject, "channel", channel, "person_times", people,
                                  "petitioner", who, "phone", phone, "subject", subject, "content",
                                  SUBJECTS[subj].content, "received_on", received_s));
    if (rc || open == 0) /* open 0: registered, awaiting review */
        return rc;
    if (open < 0 && demo_chance(d, FORWARD_PERCENT)) {
        const char *to = demo_chance(d, FORWARD_SAME_PERCENT)
                             ? SUBJECTS[subj].forward_to
                             : FORWARD_ALSO[demo_below(d, COUNT(FORWARD_ALSO))];
        char note[TEXT_BYTES];
        snprintf(note, sizeof note, "转送%s处理", to);
        return cp_staff(&s, demo_on_or_after(d, reg + demo_between(d, 1, FORWARD_DAYS_MAX)),
                        "forward", json_pack("{s:s, s:s}", "to", to, "text", note));
    }
    rc = cp_staff(&s, demo_on_or_after(d, reg + demo_between(d, 0, 2)), "accept", NULL);
    if (rc || open == 1) /* 1: accepted, awaiting assignment */
        return rc;
    long long unit = demo_unit_named(d, SUBJECTS[subj].unit);
    const char *lead[] = {"lead"};
    rc = cp_assign(&s, demo_on_or_after(d, cp_day(&s) + demo_between(d, 1, 3)), &unit, lead, 1,
                   false);
    if (rc == RC_OK && (open == 3 || (open < 0 && demo_chance(d, EXTEND_PERCENT)))) {
        rc = cp_staff(&s, demo_on_or_before(d, s.due - demo_between(d, 3, 8)), "extend",
                      json_pack("{s:s}", "reason", "案情复杂，需进一步调查核实，延期三十日办理。"));
        s.due += (int)settings_get(d->c, d->county, "petition_extension_days");
    }
    if (rc || open == 2 || open == 3) /* 2, 3: assigned (3 extended) */
        return rc;
    date_t on =
        open == 4
            ? demo_on_or_before(d, limit - 3)
            : demo_on_or_before(d, cp_day(&s) + demo_between(d, 15, (int)(s.due - cp_day(&s)) - 2));
    char text[TEXT_BYTES];
    snprintf(text, sizeof text, REPLY, subject);
    rc = cp_reply(&s, 0, demo_chance(d, CLASS_A_PERCENT) ? 'A' : 'B', text, on);
    if (rc || open == 4) /* 4: answered, the petitioner's feedback to be taken */
        return rc;
    const char *r = demo_rating(d, SATISFIED_PERCENT);
    json_t *in =
        json_pack("{s:s, s:s}", "rating", r, "text",
                  r[0] == 's' ? "对处理结果表示满意。" : "基本认可处理意见，希望后续跟进。");
    rc =
        demo_feedback_for(d, s.it, 0, demo_on_or_after(d, cp_day(&s) + demo_between(d, 2, 10)), in);
    return rc ? rc : cp_close(&s, demo_on_or_after(d, cp_day(&s) + demo_between(d, 1, 5)));
}

rc_t demo_petitions(demo *d) {
    int people[PETITIONS_TOTAL];
    const char *channel[PETITIONS_TOTAL];
    int sum = 0;
    for (int i = 0; i < PETITIONS_TOTAL; i++) {
        channel[i] = channel_people(d, &people[i]);
        sum += people[i];
    }
    /* the seed's person-times exactly: collective visits absorb the difference */
    for (int i = 0, guard = 0; sum != PETITION_PERSON_TIMES && guard < PETITIONS_TOTAL * 100;
         i = (i + 7) % PETITIONS_TOTAL, guard++) {
        if (channel[i][0] != 'v')
            continue;
        if (sum < PETITION_PERSON_TIMES && people[i] < PETITION_PEOPLE_MAX)
            people[i]++, sum++;
        else if (sum > PETITION_PERSON_TIMES && people[i] > 1)
            people[i]--, sum--;
    }
    if (sum != PETITION_PERSON_TIMES)
        return demo_fail(d, "petition person-times do not add up");
    date_t first = demo_day(PETITION_FIRST), last = demo_day(PETITION_LAST);
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < PETITIONS_TOTAL; i++) {
        date_t received =
            first + (int)((long long)(last - first) * i / PETITIONS_TOTAL) + demo_below(d, 5);
        rc = demo_petition(d, channel[i], people[i], received, -1, d->term[0].t.end);
    }
    return rc;
}

/* demo_petition_channel — a channel and person-times for an open petition. */
const char *demo_petition_channel(demo *d, int *people) { return channel_people(d, people); }
