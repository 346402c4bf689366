/* registers.c — the demo's supervision and office registers (issue 13), and the
 * supervision work of deputies and the committee: the 16th term's 99 inspections, 50
 * research trips, enforcement checks of 14 laws, 3 special inquiries, the special
 * investigation of the county's state-owned assets and the evaluations of 10
 * government departments, each with its satisfaction poll of the committee (the vote
 * engine, on the evaluation's record: "collection" and "record_id"); and in the
 * current term a few recent ones.
 * The other registers are planned in registers_ledger.c and registers_office.c.
 *
 * Planned with a generator of their own (swapped with the cases', as the meetings do),
 * after the meetings they name; every record a step of the plan, written as the office
 * on its day (registers_impl.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/registers_impl.h"
#include "domain/collection/collection.h"
#include "domain/vote/vote.h"

#define REGISTERS_SEED 0x7E615735A1ULL
#define REGISTERS_NOW_SEED 0x4E0770DA1ULL
#define FIRST_YEAR 2017
#define YEARS 5
#define FOUR_YEARS 4
#define MONTH_FIRST 3 /* a year's work runs March to November */
#define MONTH_SPAN 9
#define DAY_FIRST 5
#define DAY_SPAN 20
#define MIN_TERM_AGE 3 /* days: a younger current term gets no recent records */
#define WRITE_UP_DAYS 2
#define REPORT_WITHIN 90 /* days: the session that hears a check's report */
#define POLL_AFTER 75    /* days: an evaluation's poll, at the session after */
#define INDIVIDUAL_EVERY 4

static const char *const FINDINGS[] = {
    "部分项目推进滞后，资金和要素保障不足；部门之间协同不够，长效管理机制不健全。",
    "工作取得明显成效，但城乡之间发展不平衡，基层人员力量薄弱，群众满意度有待提高。",
    "相关政策宣传不到位，群众知晓率不高；部分设施建成后管护责任不明确。",
};
static const char *const OPINIONS[] = {
    "建议：一、压实工作责任，细化时间节点；二、加大资金投入，补齐短板；三、健全长效机制，"
    "定期向县人大常委会报告进展。",
    "建议：一、坚持问题导向，抓好整改落实；二、加强部门协同，形成工作合力；三、广泛听取"
    "代表和群众意见。",
};
static const char *const REPORT =
    "调研组通过实地察看、座谈交流、查阅资料等方式，全面了解了%s，形成调研报告，提出意见"
    "建议，经主任会议研究后交县人民政府研究处理。";

/* ---- helpers ---------------------------------------------------------------------------- */

regs *dr_state(demo *d) { return d->registers; }

void dr_now(demo *d) {
    regs *r = dr_state(d);
    uint64_t x = d->rng;
    d->rng = r->now_rng;
    r->now_rng = x;
}

static plan *plan_of(demo *d) { return d->meetings; }

int dr_year(date_t x) {
    char s[11];
    date_format(x, s);
    return atoi(s);
}

date_t dr_ymd(int y, int m, int day) {
    char s[16];
    snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, day);
    return demo_day(s);
}

const char *dr_pick(demo *d, const char *const *list, int n) { return list[demo_below(d, n)]; }

json_t *dr_in(demo *d, date_t day, bool term) {
    json_t *in = json_pack("{s:I}", "congress_id", (json_int_t)d->county);
    if (in && term)
        json_object_set_new(in, "term_id", json_integer(demo_term_of(d, day)->id));
    return in;
}

void dr_date(json_t *in, const char *key, date_t x) {
    char s[11];
    if (!in || !x)
        return;
    date_format(x, s);
    json_object_set_new(in, key, json_string(s));
}

void dr_text(json_t *in, const char *key, const char *fmt, ...) {
    char s[TEXT_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    if (in)
        json_object_set_new(in, key, json_string(s));
}

json_t *dr_ids(const long long *ids, int n) {
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    return a;
}

json_t *dr_deputies(demo *d, date_t day, int n, int town) {
    const demo_term_people *tp = demo_term_of(d, day);
    int taken[DEPUTIES_MAX];
    long long ids[DEPUTIES_MAX];
    int k = 0;
    while (k < n && k < tp->ndeputies && k < DEPUTIES_MAX) {
        taken[k] = demo_pick_deputy(d, tp, town, taken, k);
        ids[k] = tp->deputy[taken[k]].id;
        k++;
    }
    return dr_ids(ids, k);
}

json_t *dr_members(demo *d, date_t day, int n) {
    regs *r = dr_state(d);
    int t = (int)(demo_term_of(d, day) - d->term);
    long long pool[REG_MEMBERS_MAX];
    int m = r->nmembers[t];
    memcpy(pool, r->member[t], (size_t)m * sizeof pool[0]);
    for (int i = 0; i < n && i < m; i++) { /* a partial shuffle: the first n drawn */
        int j = i + demo_below(d, m - i);
        long long x = pool[i];
        pool[i] = pool[j];
        pool[j] = x;
    }
    return dr_ids(pool, n < m ? n : m);
}

long long dr_unit(demo *d, const char *name) { return demo_unit_named(d, name); }

int dr_meeting(demo *d, const char *kind, date_t from, date_t to) {
    const plan *pl = plan_of(d);
    int best = -1;
    for (int i = 0; i < pl->n; i++) {
        const meet *m = &pl->m[i];
        if (m->held && strcmp(m->kind, kind) == 0 && m->starts >= from && m->starts <= to &&
            (best < 0 || m->starts < pl->m[best].starts))
            best = i;
    }
    return best;
}

long long dr_meeting_ref(int m) { return -(long long)(m + 1); } /* as meetings.c's ref_of */

date_t dr_meeting_day(demo *d, int m) { return plan_of(d)->m[m].starts; }

date_t dr_meeting_after(demo *d, int m) { return plan_of(d)->m[m].ends + 1; }

int dr_heard(demo *d, const char *title) {
    const plan *pl = plan_of(d);
    for (int i = 0; i < pl->na; i++)
        if (strcmp(pl->a[i].title, title) == 0)
            return pl->a[i].meeting;
    return -1;
}

rc_t dr_put(demo *d, const char *collection, date_t day, json_t *in, int *item) {
    if (!in)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    if (day >= d->today) /* the 16th term's last days, loaded just after them */
        day = d->today - 1;
    int it = item ? demo_item_new(d, NULL) : -1;
    if (item && it < 0) {
        json_decref(in);
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    }
    if (item)
        *item = it;
    return demo_put_as(d, it, collection, day, it < 0 ? demo_below(d, DAY_MINUTES) : -1, AS_OFFICE,
                       in);
}

date_t dr_recent(demo *d, int back) {
    const demo_term_people *cur = demo_current(d);
    if (d->today - cur->t.start < MIN_TERM_AGE)
        return 0;
    date_t x = d->today - back;
    return x > cur->t.start ? x : cur->t.start + 1;
}

date_t dr_back(demo *d, int back) {
    date_t x = d->today - back;
    return x > d->term[0].t.end && back > 0 ? x : 0;
}

/* a working day of year y drawn in the year's working months */
static date_t some_day(demo *d, int y) {
    return demo_on_or_after(
        d, dr_ymd(y, MONTH_FIRST + demo_below(d, MONTH_SPAN), DAY_FIRST + demo_below(d, DAY_SPAN)));
}

static long long working_committee(demo *d) {
    return d->committee[5 + demo_below(d, 5)]; /* people.c: the five working committees */
}

static json_t *some_units(demo *d, int n) {
    long long ids[4];
    int k = 0;
    for (int tries = 0; k < n && k < 4 && tries < 20; tries++) {
        long long u = dr_unit(d, dr_pick(d, dr_audit_units, dr_audit_unit_count));
        bool dup = false;
        for (int i = 0; i < k; i++)
            dup = dup || ids[i] == u;
        if (u && !dup)
            ids[k++] = u;
    }
    return dr_ids(ids, k);
}

static void set_places(demo *d, json_t *in) {
    int a = demo_below(d, TOWNSHIPS), b = (a + 1 + demo_below(d, TOWNSHIPS - 1)) % TOWNSHIPS;
    dr_text(in, "places", "%s、%s", d->town[a], d->town[b]);
}

/* ---- inspections ------------------------------------------------------------------------ */

static rc_t inspection(demo *d, const char *subject, const char *kind, date_t held) {
    json_t *in = dr_in(d, held, true);
    int n = strcmp(kind, "collective") == 0   ? demo_between(d, 20, 40)
            : strcmp(kind, "individual") == 0 ? demo_between(d, 1, 3)
                                              : demo_between(d, 8, 15);
    date_t ends = held + (strcmp(kind, "collective") == 0 ? demo_below(d, 2) : 0);
    json_object_set_new(in, "subject", json_string(subject));
    json_object_set_new(in, "kind", json_string(kind));
    dr_date(in, "held_on", held);
    dr_date(in, "ends_on", ends);
    set_places(d, in);
    json_object_set_new(in, "committee_id", json_integer(working_committee(d)));
    json_object_set_new(in, "deputy_ids", dr_deputies(d, held, n, -1));
    json_object_set_new(in, "member_ids", dr_members(d, held, demo_between(d, 2, 5)));
    json_object_set_new(in, "unit_ids", some_units(d, demo_between(d, 1, 3)));
    json_object_set_new(in, "findings", json_string(dr_pick(d, FINDINGS, COUNT(FINDINGS))));
    json_object_set_new(in, "opinions", json_string(dr_pick(d, OPINIONS, COUNT(OPINIONS))));
    return dr_put(d, "inspections", ends + WRITE_UP_DAYS, in, NULL);
}

static rc_t inspections(demo *d) {
    rc_t rc = RC_OK;
    char s[SUBJECT_BYTES];
    static const int yearly_month[] = {12, 4, 6, 9};
    for (int y = 0; rc == RC_OK && y < YEARS; y++)
        for (int k = 0; rc == RC_OK && k < dr_inspection_yearly_count; k++) {
            /* the visit before the session names the session's year */
            snprintf(s, sizeof s, dr_inspection_yearly[k], FIRST_YEAR + y + (k == 0));
            date_t x = demo_on_or_after(
                d, dr_ymd(FIRST_YEAR + y, yearly_month[k], DAY_FIRST + demo_below(d, 10)));
            rc = inspection(d, s, "collective", x);
        }
    for (int i = 0; rc == RC_OK && i < dr_inspection_topic_count; i++) {
        int y = FIRST_YEAR + i % FOUR_YEARS;
        rc = inspection(d, dr_inspection_topics[i], "thematic", some_day(d, y));
        if (rc == RC_OK && i + 1 < dr_inspection_topic_count) { /* 39 revisited: 99 in all */
            snprintf(s, sizeof s, "%s“回头看”", dr_inspection_topics[i]);
            rc = inspection(d, s, i % INDIVIDUAL_EVERY == 1 ? "individual" : "thematic",
                            some_day(d, y + 1));
        }
    }
    dr_now(d); /* the current term's draws: their own stream */
    /* the current term: two recent ones */
    date_t a = dr_recent(d, 40), b = dr_recent(d, 12);
    if (rc == RC_OK && a)
        rc = inspection(d, "城区停车设施建设情况", "thematic", a);
    if (rc == RC_OK && b && b + WRITE_UP_DAYS + 1 < d->today)
        rc = inspection(d, "农村饮用水达标提标工程推进情况", "collective", b);
    dr_now(d);
    return rc;
}

/* ---- research ----------------------------------------------------------------------------- */

static rc_t research(demo *d, const char *subject, date_t started, bool done, bool heard) {
    json_t *in = dr_in(d, started, true);
    date_t ends = started + demo_between(d, 10, 40), write = done ? ends + WRITE_UP_DAYS : started;
    json_object_set_new(in, "subject", json_string(subject));
    dr_date(in, "started_on", started);
    json_object_set_new(in, "committee_id", json_integer(working_committee(d)));
    json_object_set_new(in, "deputy_ids", dr_deputies(d, started, demo_between(d, 3, 8), -1));
    json_object_set_new(in, "member_ids", dr_members(d, started, demo_between(d, 2, 4)));
    json_object_set_new(in, "unit_ids", some_units(d, demo_between(d, 1, 3)));
    if (done) {
        dr_date(in, "ends_on", ends);
        dr_text(in, "report", REPORT, subject);
    }
    int m = heard ? dr_meeting(d, "committee_session", ends + 1, ends + REPORT_WITHIN) : -1;
    if (m >= 0 && dr_meeting_after(d, m) < d->today) {
        json_object_set_new(in, "meeting_id", json_integer(dr_meeting_ref(m)));
        write = dr_meeting_after(d, m);
    }
    return dr_put(d, "research", write, in, NULL);
}

static rc_t researches(demo *d) {
    rc_t rc = RC_OK;
    char s[SUBJECT_BYTES];
    for (int y = 0; rc == RC_OK && y < YEARS; y++)
        for (int k = 0; rc == RC_OK && k < dr_research_yearly_count; k++) {
            snprintf(s, sizeof s, dr_research_yearly[k], FIRST_YEAR + y);
            rc = research(d, s, some_day(d, FIRST_YEAR + y), true, false);
        }
    for (int i = 0; rc == RC_OK && i < dr_research_topic_count; i++) {
        int y = FIRST_YEAR + i % FOUR_YEARS;
        rc = research(d, dr_research_topics[i], some_day(d, y), true, true);
        snprintf(s, sizeof s, "%s跟踪调研", dr_research_topics[i]);
        if (rc == RC_OK)
            rc = research(d, s, some_day(d, y + 1), true, false);
    }
    dr_now(d); /* the current term's draws: their own stream */
    date_t a = dr_recent(d, 20);
    if (rc == RC_OK && a)
        rc = research(d, "县域医共体建设运行情况", a, false, false);
    dr_now(d);
    return rc;
}

/* ---- enforcement checks, inquiries, the investigation ---------------------------------- */

static rc_t check(demo *d, const char *law, date_t started, long long committee, bool done) {
    json_t *in = dr_in(d, started, true);
    date_t ends = started + demo_between(d, 20, 35), write = started;
    json_object_set_new(in, "law", json_string(law));
    dr_date(in, "started_on", started);
    json_object_set_new(in, "committee_id", json_integer(committee));
    json_object_set_new(in, "member_ids", dr_members(d, started, demo_between(d, 4, 6)));
    json_object_set_new(in, "deputy_ids", dr_deputies(d, started, demo_between(d, 5, 10), -1));
    json_object_set_new(in, "unit_ids", some_units(d, demo_between(d, 2, 4)));
    int m = done ? dr_meeting(d, "committee_session", ends + 1, ends + REPORT_WITHIN) : -1;
    if (m >= 0) {
        dr_date(in, "ends_on", ends);
        json_object_set_new(in, "findings", json_string(dr_pick(d, FINDINGS, COUNT(FINDINGS))));
        dr_text(in, "report",
                "县人大常委会执法检查组关于检查《%s》实施情况的报告：检查组听取汇报、实地检查、"
                "召开座谈会，认为法律法规总体得到有效实施，同时存在配套制度不完善、执法力量"
                "不足等问题。",
                law);
        json_object_set_new(in, "meeting_id", json_integer(dr_meeting_ref(m)));
        json_object_set_new(in, "opinions", json_string(dr_pick(d, OPINIONS, COUNT(OPINIONS))));
        write = dr_meeting_after(d, m);
    }
    return dr_put(d, "enforcement_checks", write, in, NULL);
}

static rc_t inquiry(demo *d, const dr_dated *q, int m, const char *const *units, int nunits) {
    date_t held = dr_meeting_day(d, m);
    long long ids[4];
    int k = 0;
    for (int i = 0; i < nunits && k < 4; i++)
        if ((ids[k] = dr_unit(d, units[i])) != 0)
            k++;
    json_t *in = dr_in(d, held, true);
    json_object_set_new(in, "subject", json_string(q->text));
    dr_date(in, "held_on", held);
    json_object_set_new(in, "meeting_id", json_integer(dr_meeting_ref(m)));
    dr_text(in, "questions", "常委会组成人员围绕%s，就工作推进、资金保障、群众关切等问题提出询问。",
            q->text);
    json_object_set_new(in, "answered_by", json_string("副县长 周建新，有关部门主要负责人"));
    json_object_set_new(in, "unit_ids", dr_ids(ids, k));
    json_object_set_new(in, "member_ids", dr_members(d, held, demo_between(d, 6, 8)));
    json_object_set_new(in, "follow_up",
                        json_string("询问意见已交县人民政府研究处理，整改落实情况于六个月内向常委"
                                    "会书面报告。"));
    return dr_put(d, "inquiries", dr_meeting_after(d, m), in, NULL);
}

static rc_t checks(demo *d) {
    static const char *const UNITS[][3] = {
        {"县教育局", "县人力资源和社会保障局", "县财政局"},
        {"县生态环境分局", "县自然资源和规划局", "县水利局"},
        {"县发展和改革局", "县财政局", "县住房和城乡建设局"},
    };
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < dr_law_count; i++) {
        const dr_dated *l = &dr_laws[i];
        rc = check(d, l->text, demo_on_or_after(d, dr_ymd(l->year, l->month, 8)),
                   d->committee[l->committee], true);
    }
    for (int i = 0; rc == RC_OK && i < dr_inquiry_count; i++) {
        const dr_dated *q = &dr_inquiries[i];
        int m = dr_meeting(d, "committee_session", dr_ymd(q->year, q->month, 1),
                           dr_ymd(q->year, q->month, 1) + 60);
        rc = m < 0 ? demo_fail(d, "no session for the inquiry %s", q->text)
                   : inquiry(d, q, m, UNITS[i], 3);
    }
    dr_now(d); /* the current term's draws: their own stream */
    /* the current term: a check under way, an inquiry at its last session */
    date_t a = dr_recent(d, 50);
    if (rc == RC_OK && a)
        rc = check(d, "中华人民共和国乡村振兴促进法", a, d->committee[6], false);
    int m = dr_meeting(d, "committee_session", demo_current(d)->t.start, d->today);
    static const dr_dated NOW = {"县属国有资产管理情况专题询问", 0, 0, 1};
    static const char *const NOW_UNITS[] = {"县国有资产服务中心", "县财政局"};
    if (rc == RC_OK && m >= 0 && dr_meeting_after(d, m) < d->today)
        rc = inquiry(d, &NOW, m, NOW_UNITS, 2);
    dr_now(d);
    return rc;
}

static rc_t investigation(demo *d) {
    static const char *const UNITS[] = {"县国有资产服务中心", "县财政局", "县自然资源和规划局",
                                        "县机关事务服务中心"};
    date_t started = demo_on_or_after(d, dr_ymd(2017, 10, 10)), ends = dr_ymd(2018, 9, 28);
    int m = dr_meeting(d, "committee_session", ends + 1, ends + REPORT_WITHIN);
    if (m < 0)
        return demo_fail(d, "no session hears the investigation");
    long long ids[4];
    int k = 0;
    for (int i = 0; i < COUNT(UNITS); i++)
        if ((ids[k] = dr_unit(d, UNITS[i])) != 0)
            k++;
    json_t *in = dr_in(d, started, true);
    json_object_set_new(in, "subject", json_string("县属国有资产管理情况特定问题调查"));
    dr_date(in, "started_on", started);
    dr_date(in, "ends_on", ends);
    json_object_set_new(
        in, "committee_formed",
        json_string("常委会第九次会议决定成立县属国有资产管理情况特定问题调查委员会，由常委会"
                    "副主任任主任委员，财政经济委员会、预算工作委员会负责人和部分常委会组成"
                    "人员、县人大代表组成。"));
    json_object_set_new(in, "member_ids", dr_members(d, started, 7));
    json_object_set_new(in, "deputy_ids", dr_deputies(d, started, 5, -1));
    json_object_set_new(in, "unit_ids", dr_ids(ids, k));
    json_object_set_new(in, "findings",
                        json_string("调查发现：县属国有资产确权率偏低（国有房地产确权率仅12%），"
                                    "资产效益不佳，部分资产闲置，监管机制不健全。"));
    json_object_set_new(in, "decision",
                        json_string("督促县人民政府在全县开展县属国有房地产集中规范管理，限期"
                                    "完成确权登记，建立国有资产管理情况年度报告制度。"));
    json_object_set_new(in, "meeting_id", json_integer(dr_meeting_ref(m)));
    return dr_put(d, "investigations", dr_meeting_after(d, m), in, NULL);
}

/* ---- evaluations and their polls ----------------------------------------------------------- */

/* poll — the committee's secret satisfaction poll on evaluation e, at its session: the
 * members present cast (without a login, as their member record), the office closes. */
static rc_t poll(demo *d, void *arg, json_t *unused) {
    (void)unused;
    const struct dr_eval *ev = arg;
    regs *r = dr_state(d);
    char q[TITLE_BYTES];
    snprintf(q, sizeof q, "对%s工作评议的满意度测评", ev->unit);
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "question", q, "rule", "satisfaction",
                           "electorate", "committee", "mode", "secret", "collection", "evaluations",
                           "record_id", (json_int_t)d->item[ev->item].id);
    json_t *out = NULL;
    rc_t rc = vote_create(d->c, &d->office, in, &out, d->e);
    json_decref(in);
    long long id = rc == RC_OK ? json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(out);
    int n = r->nmembers[ev->term], present = n - 1 - (int)(id % 2);
    json_t *body = json_pack("{s:o}", "present", dr_ids(r->member[ev->term], present));
    out = NULL;
    if (rc == RC_OK)
        rc = vote_act(d->c, &d->office, id, "open", body, &out, d->e);
    json_decref(body);
    json_decref(out);
    bool basic = strcmp(ev->result, "basically_satisfied") == 0;
    for (int i = 0; rc == RC_OK && i < present; i++) {
        principal p = {
            .role = ROLE_MEMBER, .congress_id = d->county, .member_id = r->member[ev->term][i]};
        /* satisfied: 4 in 5; basically: 2 in 5 satisfied, 2 basically, 1 not */
        const char *choice = basic ? (i % 5 < 2   ? "satisfied"
                                      : i % 5 < 4 ? "basically_satisfied"
                                                  : "unsatisfied")
                                   : (i % 5 < 4 ? "satisfied" : "basically_satisfied");
        json_t *ballot = json_pack("{s:s}", "choice", choice);
        out = NULL;
        rc = vote_cast(d->c, &p, id, ballot, &out, d->e);
        json_decref(ballot);
        json_decref(out);
    }
    out = NULL;
    if (rc == RC_OK)
        rc = vote_act(d->c, &d->office, id, "close", NULL, &out, d->e);
    json_decref(out);
    return rc;
}

static rc_t evaluation(demo *d, const char *unit, date_t started, const char *result) {
    regs *r = dr_state(d);
    long long u = dr_unit(d, unit);
    if (!u)
        return demo_fail(d, "no unit %s to evaluate", unit);
    json_t *in = dr_in(d, started, true);
    dr_text(in, "subject", "%s工作评议", unit);
    dr_date(in, "started_on", started);
    json_object_set_new(in, "unit_id", json_integer(u));
    json_object_set_new(in, "deputy_ids", dr_deputies(d, started, demo_between(d, 15, 25), -1));
    json_object_set_new(in, "member_ids", dr_members(d, started, 5));
    dr_text(in, "opinions",
            "评议组走访服务对象、召开基层代表座谈会，征求意见建议%d条，主要集中在服务效能、"
            "政策落实和作风建设等方面。",
            demo_between(d, 18, 46));
    int it = -1;
    rc_t rc = dr_put(d, "evaluations", started + 1, in, &it);
    int m = result ? dr_meeting(d, "committee_session", started + POLL_AFTER,
                                started + POLL_AFTER + REPORT_WITHIN)
                   : -1;
    if (rc || !result)
        return rc;
    if (m < 0 || r->neval >= COUNT(r->eval))
        return demo_fail(d, "no session for the evaluation of %s", unit);
    struct dr_eval *ev = &r->eval[r->neval++];
    *ev = (struct dr_eval){.item = it,
                           .unit = unit,
                           .result = result,
                           .term = (int)(demo_term_of(d, started) - d->term)};
    /* the poll on the record (the vote engine's "collection" and "record_id") */
    rc = demo_call(d, dr_meeting_day(d, m), AT_VOTES - 30, "evaluation poll", poll, ev);
    json_t *up =
        json_pack("{s:s, s:I}", "result", result, "meeting_id", (json_int_t)dr_meeting_ref(m));
    dr_text(up, "rectification",
            "%s针对评议意见制定整改方案，逐条落实，整改情况已向县人大常委会书面报告。", unit);
    if (rc == RC_OK)
        rc = demo_update(d, it, "evaluations", dr_meeting_after(d, m), -1, up);
    else
        json_decref(up);
    return rc;
}

static rc_t evaluations(demo *d) {
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < EVALUATIONS; i++) {
        int y = FIRST_YEAR + i / 2;
        date_t x = demo_on_or_after(d, dr_ymd(y, i % 2 ? 6 : 3, 10));
        rc = evaluation(d, dr_evaluated[i], x,
                        i == 3 || i == 7 ? "basically_satisfied" : "satisfied");
    }
    dr_now(d);                   /* the current term's draws: their own stream */
    date_t a = dr_recent(d, 45); /* the current term: one under way, its poll to come */
    if (rc == RC_OK && a)
        rc = evaluation(d, "县医疗保障局", a, NULL);
    dr_now(d);
    return rc;
}

/* ---- the load ------------------------------------------------------------------------------- */

static rc_t load_members(demo *d, regs *r) {
    rc_t rc = RC_OK;
    for (int t = 0; rc == RC_OK && t < d->nterms; t++) {
        store_params p = {.n = 0};
        store_param_int(&p, d->term[t].id);
        store_stmt *st = NULL;
        rc = store_prepare_with(d->c, "SELECT id FROM members WHERE term_id = ? ORDER BY id", &p,
                                &st, d->e);
        while (rc == RC_OK && store_next(st, &rc, d->e))
            if (r->nmembers[t] < REG_MEMBERS_MAX)
                r->member[t][r->nmembers[t]++] = store_column_int(st, 0);
        if (st)
            store_finish(st);
    }
    return rc;
}

static void swap(demo *d, regs *r) {
    uint64_t x = d->rng;
    d->rng = r->rng;
    r->rng = x;
}

rc_t demo_registers(demo *d) {
    regs *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    d->registers = r;
    r->rng = REGISTERS_SEED;
    r->now_rng = REGISTERS_NOW_SEED;
    rc_t rc = load_members(d, r);
    swap(d, r);
    if (rc == RC_OK)
        rc = inspections(d);
    if (rc == RC_OK)
        rc = researches(d);
    if (rc == RC_OK)
        rc = checks(d);
    if (rc == RC_OK)
        rc = investigation(d);
    if (rc == RC_OK)
        rc = evaluations(d);
    if (rc == RC_OK)
        rc = dr_ledgers(d);
    if (rc == RC_OK)
        rc = dr_budget(d);
    if (rc == RC_OK)
        rc = dr_office(d);
    if (rc == RC_OK)
        rc = dr_office_more(d);
    swap(d, r);
    return rc;
}

void demo_registers_free(demo *d) {
    free(d->registers);
    d->registers = NULL;
}
