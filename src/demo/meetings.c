/* meetings.c — the demo's meetings. The 16th term as the seed reports it: 5 plenary
 * sessions (one a year, with the presidium's deadline for motions), 49 standing
 * committee sessions never more than two months apart, 74 chairpersons' meetings (each
 * session's draft agenda set by one), 91 special work reports of "一府一委两院" and the
 * departments (most in time, a few late), 19 laws studied before sessions and 100
 * resolutions and decisions (15 on major matters), each adopted at its session by a
 * named vote of the members present; and in the current term the last session held
 * and the next one notified, with its agenda and part of its attendance, so that the
 * demo's `member` finds it on the phone and can report leave.
 *
 * Planned here, before the cases are played, with a generator of its own (so the
 * cases' draws do not move); played in time with them (demo_call): every meeting is
 * created, notified, opened and closed through the meeting module on its own days,
 * attendance recorded at the door, and every vote cast ballot by ballot through the
 * vote engine by the members present (without a login: as their member record, as
 * votes.c does), whose closing writes the resolution. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/meetings_impl.h"

#define MEETINGS_SEED 0x3EE7146516ULL
#define GAP_MIN 28 /* days between two committee sessions, before they are spread */
#define GAP_MAX 48
#define LATE_PERCENT 9
#define TWO_DAY_PERCENT 25
#define MONTHS_PER_YEAR 12
#define GAP_MONTHS 2          /* the committee meets at least every two months */
#define CHAIRS_WITHIN_DAYS 30 /* key supervision: the chairs' meeting of the last month */

static const char *const CHAIRS_TITLES[] = {
    "研究县人大常委会年度工作要点", "研究年度执法检查工作方案",
    "研究代表视察调研活动安排",     "听取县人民政府关于重点项目推进情况的汇报",
    "研究代表建议办理督办工作",     "研究乡镇人大工作考核办法",
    "研究常委会议事规则修订工作",   "研究人大信访工作情况"};
/* the committee's opinions (%s: the report) and the unit's handling report */
static const char *const OPINION_TEXTS[] = {
    "常委会组成人员审议了%s，认为报告客观全面。建议：一、进一步压实工作责任，细化目标"
    "任务；二、加大资金和要素保障力度，补齐短板弱项；三、健全长效机制，加强督查考核。",
    "常委会组成人员审议了%s，肯定了取得的成绩，同时指出存在的问题。建议：一、坚持问题"
    "导向，抓好突出问题整改；二、加强部门协同，形成工作合力；三、广泛听取代表意见。",
    "常委会组成人员审议了%s。建议：一、强化规划引领，科学制定工作计划；二、加强队伍"
    "建设，提升履职能力；三、依法规范管理，按期报告审议意见研究处理情况。",
};
static const char *const HANDLING_TEXT =
    "关于%s审议意见研究处理情况的报告：我单位高度重视，专题研究并制定整改措施，逐条落实"
    "审议意见，明确责任领导、责任科室和完成时限；已完成的事项形成长效机制，需持续推进的"
    "事项纳入年度重点工作，定期向县人大常委会报告进展。";
static const char *const PLENARY_ITEMS[] = {
    "听取和审议县人民政府工作报告",
    "审查和批准国民经济和社会发展计划执行情况与计划草案的报告",
    "审查和批准县级预算执行情况与预算草案的报告",
    "听取和审议县人大常委会工作报告",
    "听取和审议县人民法院工作报告",
    "听取和审议县人民检察院工作报告"};
/* the plenary sessions' opening days (proposals.c hands suggestions in on them) */
static const char *const PLENARY_OPENS[PLENARIES] = {"2016-12-27", "2018-01-09", "2019-01-08",
                                                     "2020-01-07", "2021-01-12"};
#define PLENARY_DAYS 3 /* as proposals.c hands its motions in */

static int ref_of(int i) { return -(i + 1); }

/* ---- planning ---------------------------------------------------------------------------- */

static int year_of(date_t x) {
    char s[11];
    date_format(x, s);
    return atoi(s);
}

static int month_of(date_t x) {
    char s[11];
    date_format(x, s);
    return atoi(s + 5);
}

static int new_meeting(demo *d, plan *pl, const char *kind, int term, date_t starts) {
    if (pl->n >= MEETINGS_MAX)
        return -1;
    meet *m = &pl->m[pl->n];
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->term = term;
    m->starts = m->ends = m->created = m->notified = starts;
    m->set_by = -1;
    m->held = true;
    m->seed = demo_next(d);
    m->year = year_of(starts);
    return pl->n++;
}

static agenda *add_item(plan *pl, int meeting, int order, const char *kind, const char *title) {
    if (pl->na >= AGENDA_MAX || meeting < 0)
        return NULL;
    agenda *a = &pl->a[pl->na];
    memset(a, 0, sizeof *a);
    a->meeting = meeting;
    a->order = order;
    a->serial = pl->na++;
    a->kind = kind;
    snprintf(a->title, sizeof a->title, "%s", title);
    pl->m[meeting].load++;
    return a;
}

static long long committee_named(demo *d, const char *name) {
    store_params p = {.n = 0};
    store_param_int(&p, d->county);
    store_param_text(&p, name);
    int64_t id = 0;
    if (store_one_int(d->c,
                      "SELECT COALESCE(MIN(id), 0) FROM committees WHERE congress_id = ? AND "
                      "name = ?",
                      &p, &id, d->e) != RC_OK)
        return 0;
    return id;
}

/* the work report's three dates: in time, or one of them late */
static void report_dates(demo *d, agenda *a, date_t starts) {
    a->to_office = starts - 20 - demo_below(d, 7);
    a->to_committee = starts - 10 - demo_below(d, 3);
    a->to_members = starts - 7 - demo_below(d, 2);
    if (!demo_chance(d, LATE_PERCENT))
        return;
    switch (demo_below(d, 3)) {
    case 0: a->to_office = starts - demo_between(d, 14, 19); break;
    case 1: a->to_committee = a->to_members = starts - demo_between(d, 8, 9) + 1; break;
    default: a->to_members = starts - demo_between(d, 4, 6); break;
    }
}

/* nearest — the committee session of `year` nearest `month`, the less loaded first. */
static int nearest(const plan *pl, const int *ses, int n, int year, int month) {
    int best = -1, best_d = 0;
    for (int k = 0; k < n; k++) {
        const meet *m = &pl->m[ses[k]];
        if (m->year != year)
            continue;
        int dist = abs(month_of(m->starts) - month) * 3 + m->load;
        if (best < 0 || dist < best_d) {
            best = ses[k];
            best_d = dist;
        }
    }
    return best;
}

/* the 16th term's committee sessions: spread from the first to the last day by drawn
 * gaps, off the plenary sessions, on working days; the two-month rule holds */
static rc_t session_days(demo *d, date_t out[SESSIONS], date_t plen[PLENARIES][2]) {
    date_t first = demo_day("2017-01-17"), last = demo_day("2021-12-14");
    long long gap[SESSIONS] = {0}, total = 0, run = 0;
    for (int k = 1; k < SESSIONS; k++)
        total += gap[k] = demo_between(d, GAP_MIN, GAP_MAX);
    for (int k = 0; k < SESSIONS; k++) {
        run += gap[k];
        date_t x = first + (date_t)((long long)(last - first) * run / total);
        for (int p = 0; p < PLENARIES; p++)
            if (x + 5 >= plen[p][0] && x <= plen[p][1] + 2)
                x = plen[p][1] + 3;
        x = demo_on_or_after(d, x);
        if (k && x <= out[k - 1])
            x = demo_on_or_after(d, out[k - 1] + 1);
        out[k] = x;
    }
    date_t prev = d->term[0].t.start;
    for (int k = 0; k < SESSIONS; k++) {
        if (out[k] > date_add_months(prev, GAP_MONTHS))
            return demo_fail(d, "committee session %d is more than two months after the last",
                             k + 1);
        prev = out[k];
    }
    return RC_OK;
}

/* number — each kind of meeting of term `term` numbered by its first day (第N次). */
static void number(plan *pl, int term, const char *kind, int from) {
    for (int n = from;; n++) {
        int best = -1;
        for (int i = 0; i < pl->n; i++) {
            meet *m = &pl->m[i];
            if (m->term == term && !m->number && strcmp(m->kind, kind) == 0 &&
                (best < 0 || m->starts < pl->m[best].starts))
                best = i;
        }
        if (best < 0)
            return;
        pl->m[best].number = n;
    }
}

/* chairs_day — a chairpersons' meeting on x or the working day before, on a day no
 * other has. */
static date_t chairs_day(demo *d, const plan *pl, date_t x) {
    for (;;) {
        x = demo_on_or_before(d, x);
        bool taken = false;
        for (int i = 0; i < pl->n && !taken; i++)
            taken = strcmp(pl->m[i].kind, "chairs_meeting") == 0 && pl->m[i].starts == x;
        if (!taken)
            return x;
        x--;
    }
}

static int add_chairs(demo *d, plan *pl, int term, date_t day, const char *title) {
    int c = new_meeting(d, pl, "chairs_meeting", term, chairs_day(d, pl, day));
    if (c < 0)
        return c;
    meet *m = &pl->m[c];
    m->created = demo_on_or_before(d, m->starts - 3);
    m->notified = demo_on_or_before(d, m->starts - 1);
    if (title)
        add_item(pl, c, ORDER_OTHER, "other", title);
    return c;
}

/* a committee session on day, its draft agenda set by a chairs' meeting about a week
 * and a half before (created after it, notified the next working day) */
static int add_session(demo *d, plan *pl, int term, date_t day, date_t chairs_on) {
    int s = new_meeting(d, pl, "committee_session", term, day);
    if (s < 0)
        return s;
    if (chairs_on) {
        int c = add_chairs(d, pl, term, chairs_on, NULL);
        if (c < 0)
            return c;
        pl->m[s].set_by = c;
        pl->m[s].created = pl->m[c].starts;
        pl->m[s].notified = demo_on_or_after(d, pl->m[c].starts + 1);
        if (pl->m[s].notified >= day) /* a holiday between: notified the same day */
            pl->m[s].notified = pl->m[c].starts;
    } else {
        pl->m[s].created = demo_on_or_before(d, day - 10);
        pl->m[s].notified = demo_on_or_before(d, day - 7);
    }
    return s;
}

/* the agendas of the 16th term's sessions: 19 laws studied, 91 reports, 100 adopted */
static rc_t plan_agendas(demo *d, plan *pl, const int *ses) {
    for (int j = 0; j < demo_law_count; j++) {
        int k = j * SESSIONS / demo_law_count + 1;
        char title[TITLE_BYTES];
        snprintf(title, sizeof title, "会前学法：学习《%s》", demo_laws[j]);
        agenda *a =
            add_item(pl, ses[k < SESSIONS ? k : SESSIONS - 1], ORDER_LAW, "law_study", title);
        if (a)
            a->law = demo_laws[j];
    }
    for (int t = 0; t < demo_report_count; t++) {
        const demo_report_tpl *r = &demo_reports[t];
        for (int y = 0; y < MEETING_YEARS; y++) {
            char title[TITLE_BYTES];
            if (r->fmt)
                snprintf(title, sizeof title, r->fmt, MEETING_YEAR_FIRST + y - r->back);
            else if (r->titles[y])
                snprintf(title, sizeof title, "%s", r->titles[y]);
            else
                continue;
            int s = nearest(pl, ses, SESSIONS, MEETING_YEAR_FIRST + y, r->month);
            agenda *a = add_item(pl, s, ORDER_REPORT, "work_report", title);
            if (!a)
                return demo_fail(d, "no session in %d for %s", MEETING_YEAR_FIRST + y, title);
            a->unit = demo_unit_named(d, r->unit);
            a->committee = committee_named(d, r->committee);
            if (!a->unit || !a->committee)
                return demo_fail(d, "no unit %s or committee %s", r->unit, r->committee);
            report_dates(d, a, pl->m[s].starts);
        }
    }
    for (int t = 0; t < demo_resolution_count; t++) {
        const demo_resolution_tpl *r = &demo_resolutions[t];
        for (int y = 0; y < MEETING_YEARS; y++) {
            char title[TITLE_BYTES];
            if (r->fmt)
                snprintf(title, sizeof title, r->fmt, MEETING_YEAR_FIRST + y - r->back);
            else
                snprintf(title, sizeof title, "%s", r->titles[y]);
            int s = nearest(pl, ses, SESSIONS, MEETING_YEAR_FIRST + y, r->month);
            agenda *a = add_item(pl, s, ORDER_ADOPT, "deliberation", title);
            if (!a)
                return demo_fail(d, "no session in %d for %s", MEETING_YEAR_FIRST + y, title);
            a->adopts = r->adopts;
        }
    }
    for (int t = 0; t < demo_major_count; t++) {
        const demo_major *r = &demo_majors[t];
        int s = nearest(pl, ses, SESSIONS, r->year, r->month);
        agenda *a = add_item(pl, s, ORDER_ADOPT, "deliberation", r->title);
        if (!a)
            return demo_fail(d, "no session in %d for %s", r->year, r->title);
        a->adopts = r->adopts;
        a->major = true;
    }
    return RC_OK;
}

/* the 16th term: plenary sessions, committee sessions and chairpersons' meetings */
static rc_t plan_term16(demo *d, plan *pl) {
    date_t plen[PLENARIES][2], days[SESSIONS];
    int ses[SESSIONS];
    for (int p = 0; p < PLENARIES; p++) {
        plen[p][0] = demo_day(PLENARY_OPENS[p]);
        plen[p][1] = plen[p][0] + PLENARY_DAYS - 1;
    }
    rc_t rc = session_days(d, days, plen);
    for (int p = 0; rc == RC_OK && p < PLENARIES; p++) {
        int i = new_meeting(d, pl, "plenary", 0, plen[p][0]);
        if (i < 0)
            return demo_fail(d, "too many meetings");
        meet *m = &pl->m[i];
        m->ends = plen[p][1];
        /* the first is convened the day before the term (by the last committee) */
        m->created = p ? demo_on_or_before(d, m->starts - 40) : d->term[0].t.start - 1;
        m->notified = p ? demo_on_or_before(d, m->starts - 21) : d->term[0].t.start - 1;
        for (int k = 0; k < COUNT(PLENARY_ITEMS); k++)
            add_item(pl, i, ORDER_OTHER, "deliberation", PLENARY_ITEMS[k]);
        if (p) { /* the presidium's meeting before it, and key supervision after */
            char t[TITLE_BYTES];
            snprintf(t, sizeof t, "研究县第十六届人民代表大会第%d次会议筹备工作", p + 1);
            add_chairs(d, pl, 0, m->starts - demo_between(d, 18, 25), t);
        }
        add_chairs(d, pl, 0, m->ends + demo_between(d, 20, 35), "研究确定县人大常委会重点督办建议");
    }
    for (int k = 0; rc == RC_OK && k < SESSIONS; k++) {
        ses[k] = add_session(d, pl, 0, days[k], days[k] - demo_between(d, 7, 12));
        if (ses[k] < 0)
            return demo_fail(d, "too many meetings");
        if (demo_chance(d, TWO_DAY_PERCENT))
            pl->m[ses[k]].ends = demo_on_or_after(d, days[k] + 1);
    }
    number(pl, 0, "plenary", 1);
    number(pl, 0, "committee_session", 1);
    for (int k = 0; rc == RC_OK && k < SESSIONS; k++) {
        char t[TITLE_BYTES];
        snprintf(t, sizeof t, "研究确定常委会第%d次会议议程（草案）", pl->m[ses[k]].number);
        add_item(pl, pl->m[ses[k]].set_by, ORDER_OTHER, "other", t);
    }
    if (rc == RC_OK)
        rc = plan_agendas(d, pl, ses);
    return rc;
}

/* the current term: the last session held (about a month ago) and the next one
 * notified (in the coming weeks), each with its chairpersons' meeting; numbered as a
 * term that has met monthly so far would have them */
static rc_t plan_current(demo *d, plan *pl) {
    int ct = d->nterms - 1;
    const demo_term_people *cur = demo_current(d);
    date_t t0 = cur->t.start, today = d->today;
    int months = (int)((today - t0) / 30);
    int ses_no = 1 + months * SESSIONS / (MEETING_YEARS * MONTHS_PER_YEAR);
    int chairs_no = 1 + months * CHAIRS / (MEETING_YEARS * MONTHS_PER_YEAR);
    date_t last = demo_on_or_before(d, today - 25), last_chairs = demo_on_or_before(d, last - 8);
    char t[TITLE_BYTES];
    if (last_chairs >= t0) {
        int s = add_session(d, pl, ct, last, last_chairs);
        if (s < 0)
            return demo_fail(d, "too many meetings");
        meet *m = &pl->m[s];
        m->number = ses_no > 1 ? ses_no - 1 : 1;
        snprintf(t, sizeof t, "研究确定常委会第%d次会议议程（草案）", m->number);
        add_item(pl, m->set_by, ORDER_OTHER, "other", t);
        agenda *a = add_item(pl, s, ORDER_LAW, "law_study",
                             "会前学法：学习《中华人民共和国各级人民代表大会常务委员会监督法》");
        if (a)
            a->law = "中华人民共和国各级人民代表大会常务委员会监督法";
        snprintf(t, sizeof t, "县人民政府关于%d年度国有资产管理情况的综合报告", year_of(last) - 1);
        a = add_item(pl, s, ORDER_REPORT, "work_report", t);
        if (a) {
            a->unit = demo_unit_named(d, "县国有资产服务中心");
            a->committee = committee_named(d, "财政经济委员会");
            report_dates(d, a, last);
        }
        snprintf(t, sizeof t, "关于%d年度国有资产管理情况综合报告的决议", year_of(last) - 1);
        a = add_item(pl, s, ORDER_ADOPT, "deliberation", t);
        if (a)
            a->adopts = "resolution";
        ses_no = m->number + 1;
    }
    pl->chairs_base = chairs_no;
    date_t next = demo_on_or_after(d, today + 12), next_chairs = demo_on_or_before(d, today - 3);
    if (next > cur->t.end)
        next = cur->t.end;
    int s = add_session(d, pl, ct, next, next_chairs >= t0 ? next_chairs : 0);
    if (s < 0)
        return demo_fail(d, "too many meetings");
    meet *m = &pl->m[s];
    m->held = false;
    m->number = ses_no;
    if (m->created >= today || m->notified >= today) { /* a term begun today or yesterday */
        m->created = m->notified = today - 1;
    }
    if (m->set_by >= 0) {
        snprintf(t, sizeof t, "研究确定常委会第%d次会议议程（草案）", m->number);
        add_item(pl, m->set_by, ORDER_OTHER, "other", t);
    }
    agenda *a = add_item(pl, s, ORDER_LAW, "law_study", "会前学法：学习《中华人民共和国监察法》");
    if (a)
        a->law = "中华人民共和国监察法";
    snprintf(t, sizeof t, "县人民政府关于%d年全县教育工作情况的报告", year_of(next));
    a = add_item(pl, s, ORDER_REPORT, "work_report", t);
    if (a) {
        a->unit = demo_unit_named(d, "县教育局");
        a->committee = committee_named(d, "教育科学文化卫生工作委员会");
        /* what has reached the office by today */
        a->to_office = next - 21 < today ? next - 21 : 0;
        a->to_committee = next - 11 < today ? next - 11 : 0;
        a->to_members = next - 8 < today ? next - 8 : 0;
    }
    snprintf(t, sizeof t, "关于开展%d年度县人大代表集中视察活动的决定", year_of(next) + 1);
    a = add_item(pl, s, ORDER_ADOPT, "deliberation", t);
    if (a)
        a->adopts = "decision";
    return RC_OK;
}

static int by_meeting(const void *x, const void *y) {
    const agenda *a = x, *b = y;
    if (a->meeting != b->meeting)
        return a->meeting - b->meeting;
    if (a->order != b->order)
        return a->order - b->order;
    return a->serial - b->serial;
}

/* ---- the plan's steps --------------------------------------------------------------------- */

static rc_t schedule(demo *d, meet *m) {
    bool chairs = strcmp(m->kind, "chairs_meeting") == 0;
    int at_create = m->set_by >= 0 ? AT_AFTER_CHAIRS : AT_CREATE;
    int at_notify = m->notified == m->created ? at_create + 30 : AT_NOTIFY;
    rc_t rc = demo_call(d, m->created, at_create, "meeting create", demo_meeting_create, m);
    if (rc == RC_OK)
        rc = demo_call(d, m->notified, at_notify, "meeting notify", demo_meeting_notify, m);
    if (rc == RC_OK && !m->held) {
        date_t day = d->today - 1 > m->notified ? d->today - 1 : m->notified;
        rc = demo_call(d, day, day == m->notified ? at_notify + 30 : AT_VOTES, "meeting leave",
                       demo_meeting_partly, m);
    }
    if (!m->held)
        return rc;
    if (rc == RC_OK)
        rc = demo_call(d, m->starts, AT_OPEN, "meeting open", demo_meeting_open, m);
    bool votes = false;
    for (int i = m->first; i < m->first + m->n; i++)
        votes = votes || ((plan *)d->meetings)->a[i].adopts;
    if (rc == RC_OK && votes)
        rc = demo_call(d, m->ends, AT_VOTES, "meeting votes", demo_meeting_votes, m);
    if (rc == RC_OK)
        rc = demo_call(d, m->ends, chairs ? AT_CHAIRS_CLOSE : AT_CLOSE, "meeting close",
                       demo_meeting_close, m);
    return rc;
}

static rc_t chair_name(demo *d, plan *pl) {
    store_params p = {.n = 0};
    store_param_int(&p, d->term[0].id);
    return store_one_text(d->c,
                          "SELECT pe.name FROM members m JOIN persons pe ON pe.id = m.person_id "
                          "WHERE m.term_id = ? AND m.position = 'chair'",
                          &p, pl->chair, sizeof pl->chair, NULL, d->e);
}

/* plan_opinions — the committee's deliberation opinions on each work report the 16th
 * term heard: written by the office a week or two after the session, sent to the
 * reporting unit, answered with its handling report within the two months (a few
 * late), closed by the office. Cases of the engine, played in time with the others;
 * their meeting and item are references made ids as they are played. */
static rc_t plan_opinions(demo *d, plan *pl) {
    const case_kind *k = case_kind_find("deliberation_opinions");
    if (!k)
        return demo_fail(d, "no case kind deliberation_opinions");
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < pl->na; i++) {
        const agenda *a = &pl->a[i];
        const meet *m = &pl->m[a->meeting];
        if (m->term != 0 || strcmp(a->kind, "work_report") != 0)
            continue;
        int it = demo_item_new(d, k);
        if (it < 0)
            return err_set(d->e, RC_NOMEM, NULL, "out of memory");
        char title[TITLE_BYTES], text[TEXT_BYTES], day[11];
        snprintf(title, sizeof title, "常委会组成人员对《%.180s》的审议意见", a->title);
        snprintf(text, sizeof text, OPINION_TEXTS[demo_below(d, COUNT(OPINION_TEXTS))], a->title);
        date_t written = demo_add_working(d, m->ends, demo_between(d, 4, 10)),
               sent = demo_add_working(d, written, demo_between(d, 1, 3));
        date_t due = date_add_months(sent, d->deliberation_months);
        date_t replied = demo_chance(d, LATE_PERCENT) ? due + demo_between(d, 3, 15)
                                                      : due - demo_between(d, 3, 25);
        replied = demo_on_or_before(d, replied);
        date_format(sent, day);
        rc = demo_create(d, it, AS_OFFICE, 0, written,
                         json_pack("{s:I, s:I, s:s, s:s}", "meeting_id",
                                   (json_int_t)ref_of(a->meeting), "agenda_item_id",
                                   (json_int_t)ref_of(a->serial), "title", title, "content", text));
        if (rc == RC_OK)
            rc =
                demo_act(d, it, AS_OFFICE, 0, sent, "send", json_pack("{s:s}", "assigned_on", day));
        snprintf(text, sizeof text, HANDLING_TEXT, a->title);
        if (rc == RC_OK)
            rc = demo_act(d, it, AS_UNIT, a->unit, replied, "reply",
                          json_pack("{s:s}", "text", text));
        if (rc == RC_OK)
            rc = demo_act(d, it, AS_OFFICE, 0, demo_add_working(d, replied, demo_between(d, 2, 8)),
                          "close", NULL);
    }
    return rc;
}

/* swap — the meetings' own generator in (and the cases' back out) */
static void swap(demo *d, plan *pl) {
    uint64_t x = d->rng;
    d->rng = pl->rng;
    pl->rng = x;
}

rc_t demo_meetings(demo *d) {
    plan *pl = calloc(1, sizeof *pl);
    if (!pl)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    d->meetings = pl;
    pl->rng = MEETINGS_SEED;
    swap(d, pl);
    rc_t rc = chair_name(d, pl);
    if (rc == RC_OK)
        rc = plan_term16(d, pl);
    if (rc == RC_OK)
        rc = plan_current(d, pl);
    if (rc == RC_OK)
        rc = plan_opinions(d, pl);
    swap(d, pl);
    return rc;
}

rc_t demo_meetings_plenary(demo *d, long long term, int number, long long *ref) {
    plan *pl = d->meetings;
    for (int i = 0; i < pl->n; i++)
        if (strcmp(pl->m[i].kind, "plenary") == 0 && d->term[pl->m[i].term].id == term &&
            pl->m[i].number == number) {
            *ref = ref_of(i);
            return RC_OK;
        }
    return demo_fail(d, "the meetings plan no plenary session %d of term %lld", number, term);
}

rc_t demo_meetings_chairs(demo *d, date_t day, long long *ref) {
    plan *pl = d->meetings;
    int term = (int)(demo_term_of(d, day) - d->term), best = -1;
    for (int i = 0; i < pl->n; i++) {
        const meet *m = &pl->m[i];
        if (strcmp(m->kind, "chairs_meeting") == 0 && m->term == term && m->starts <= day &&
            m->starts >= day - CHAIRS_WITHIN_DAYS && (best < 0 || m->starts > pl->m[best].starts))
            best = i;
    }
    if (best < 0) { /* none met lately: one more, on that day */
        swap(d, pl);
        best = add_chairs(d, pl, term, day, "研究确定重点督办件");
        swap(d, pl);
    }
    if (best < 0)
        return demo_fail(d, "too many meetings");
    *ref = ref_of(best);
    return RC_OK;
}

rc_t demo_meetings_resolve(demo *d, json_t *in) {
    plan *pl = d->meetings;
    json_t *v = json_object_get(in, "meeting_id"), *a = json_object_get(in, "agenda_item_id");
    long long ref = json_is_integer(v) ? json_integer_value(v) : 0, id = 0;
    long long item = json_is_integer(a) ? json_integer_value(a) : 0;
    if (!pl || (ref >= 0 && item >= 0))
        return RC_OK;
    if (ref < 0 && -ref - 1 < pl->n && !(id = pl->m[-ref - 1].id))
        return demo_fail(d, "a step refers to a meeting not written yet");
    if (ref < 0 && json_object_set_new(in, "meeting_id", json_integer(id)))
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    for (int i = 0; item < 0 && i < pl->na; i++) /* an item by its serial (they are sorted) */
        if (pl->a[i].serial == -item - 1) {
            if (!pl->a[i].id)
                return demo_fail(d, "a step refers to an agenda item not written yet");
            return json_object_set_new(in, "agenda_item_id", json_integer(pl->a[i].id))
                       ? err_set(d->e, RC_NOMEM, NULL, "out of memory")
                       : RC_OK;
        }
    return RC_OK;
}

rc_t demo_meetings_steps(demo *d) {
    plan *pl = d->meetings;
    swap(d, pl);
    /* the 16th term's other chairpersons' meetings, over the term: 74 in all */
    int chairs = 0;
    for (int i = 0; i < pl->n; i++)
        chairs += strcmp(pl->m[i].kind, "chairs_meeting") == 0 && pl->m[i].term == 0;
    date_t from = demo_day("2017-02-15"), span = demo_day("2021-11-30") - from;
    rc_t rc = chairs > CHAIRS ? demo_fail(d, "%d chairpersons' meetings in the 16th term", chairs)
                              : RC_OK;
    for (int k = 0; rc == RC_OK && chairs < CHAIRS; k++, chairs++)
        if (add_chairs(d, pl, 0, from + demo_below(d, (int)span),
                       CHAIRS_TITLES[k % COUNT(CHAIRS_TITLES)]) < 0)
            rc = demo_fail(d, "too many meetings");
    swap(d, pl);
    number(pl, 0, "chairs_meeting", 1);
    number(pl, d->nterms - 1, "chairs_meeting", pl->chairs_base);
    if (rc == RC_OK) {
        qsort(pl->a, (size_t)pl->na, sizeof *pl->a, by_meeting);
        for (int i = pl->na - 1; i >= 0; i--) {
            pl->m[pl->a[i].meeting].first = i;
            pl->m[pl->a[i].meeting].n++;
        }
    }
    for (int i = 0; rc == RC_OK && i < pl->n; i++)
        rc = schedule(d, &pl->m[i]);
    return rc;
}

void demo_meetings_free(demo *d) {
    free(d->meetings);
    d->meetings = NULL;
}
