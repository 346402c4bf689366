/* registers_ledger.c — the demo's ledgers: the 16th term's 310 audit findings (281
 * rectified with their evidence, 29 still tracking), 76 normative documents filed for
 * review (a few late, most lawful, two inappropriate ones corrected after talks, one
 * corrected after a written review opinion), the budget reviewed every year (budget,
 * adjustment, final accounts, execution, audit), the finance bureau's monthly
 * execution tables of 2021 and the indicators the committee followed (国有房地产确权率
 * 12% → 90%); and in the current term a finding due soon, one overdue, a document filed
 * late and one whose review opinion awaits the issuer's answer.
 *
 * A finding is entered when the session has heard its audit report, and written
 * rectified (or still tracking, with the measures taken) when the session hears the
 * rectification report; a document is entered when filed and updated as its review
 * goes on. */
#include <stdio.h>
#include <string.h>

#include "demo/registers_impl.h"

#define AUDIT_FIRST 2016 /* the audit years reported on in the 16th term */
#define AUDIT_YEARS 5
#define FINDINGS_A_YEAR 62 /* 310 */
#define RECT_FROM 120      /* days after the report: the rectification report's session */
#define RECT_TO 200
#define RECT_MIN 30
#define RECT_MAX 170
#define DOCS_FIRST 2017
#define DOCS_YEARS 5
#define OPINION_AFTER 20
#define MONTHS 12
#define PERMILLE 1000
#define CENTS 100

static const int TRACKING[AUDIT_YEARS] = {1, 2, 4, 8, 14};       /* 29 by audit year */
static const int DOCS_A_YEAR[DOCS_YEARS] = {16, 15, 15, 15, 15}; /* 76 */
static const char *const AUDIT_REPORT =
    "县人民政府关于%d年度县级预算执行和其他财政收支的审计工作报告";

static void amount(json_t *in, const char *key, long long cents) {
    char s[32];
    snprintf(s, sizeof s, "%lld.%02lld", cents / CENTS, cents % CENTS);
    json_object_set_new(in, key, json_string(s));
}

static rc_t update(demo *d, int it, const char *collection, date_t day, json_t *in) {
    if (day >= d->today)
        day = d->today - 1;
    return demo_update(d, it, collection, day, -1, in);
}

/* ---- audit findings --------------------------------------------------------------------- */

/* finding — one finding of the report heard on report_on (at session m, -1 for none),
 * entered the day after; rect: the session hearing the rectification report (-1: not
 * yet), rectified_on (0: still tracking). */
static rc_t finding(demo *d, int year, date_t report_on, int m, int rect, date_t rectified) {
    const struct dr_finding *f = &dr_findings[demo_below(d, dr_finding_count)];
    long long unit = dr_unit(d, dr_pick(d, dr_audit_units, dr_audit_unit_count));
    json_t *in = dr_in(d, report_on, true);
    json_object_set_new(in, "audit_year", json_integer(year));
    dr_text(in, "report_title", AUDIT_REPORT, year);
    dr_date(in, "report_on", report_on);
    json_object_set_new(in, "unit_id", json_integer(unit));
    json_object_set_new(in, "category", json_string(f->category));
    json_object_set_new(in, "finding", json_string(f->text));
    amount(in, "amount", (long long)demo_between(d, 3, 900) * CENTS + demo_below(d, CENTS));
    json_object_set_new(in, "status", json_string("tracking"));
    int it = -1;
    date_t entered = m >= 0 ? dr_meeting_after(d, m) : report_on + 1;
    rc_t rc = dr_put(d, "audit_findings", entered, in, &it);
    if (rc || (rect < 0 && !rectified))
        return rc;
    const char *measure = dr_pick(d, dr_measures, dr_measure_count);
    json_t *up = json_object();
    if (rect >= 0)
        json_object_set_new(up, "meeting_id", json_integer(dr_meeting_ref(rect)));
    if (rectified) {
        json_object_set_new(up, "status", json_string("rectified"));
        dr_date(up, "rectified_on", rectified);
        json_object_set_new(up, "measures", json_string(measure));
        dr_text(up, "evidence", "整改报告、%s相关凭证和文件", rect >= 0 ? "资金缴库" : "");
    } else {
        dr_text(up, "measures", "正在整改：%s", measure);
    }
    date_t day = rect >= 0 ? dr_meeting_after(d, rect) : rectified + 1;
    return update(d, it, "audit_findings", day > rectified ? day : rectified + 1, up);
}

static rc_t audit_findings(demo *d) {
    rc_t rc = RC_OK;
    char title[TITLE_BYTES];
    for (int y = 0; rc == RC_OK && y < AUDIT_YEARS; y++) {
        snprintf(title, sizeof title, AUDIT_REPORT, AUDIT_FIRST + y);
        int m = dr_heard(d, title);
        if (m < 0)
            return demo_fail(d, "no session heard %s", title);
        date_t on = dr_meeting_day(d, m);
        int rect = dr_meeting(d, "committee_session", on + RECT_FROM, on + RECT_TO);
        date_t limit = rect >= 0 ? dr_meeting_day(d, rect) - 7 : on + RECT_MAX;
        for (int k = 0; rc == RC_OK && k < FINDINGS_A_YEAR; k++) {
            bool tracking = k >= FINDINGS_A_YEAR - TRACKING[y];
            date_t fixed = on + demo_between(d, RECT_MIN, (int)(limit - on));
            rc = finding(d, AUDIT_FIRST + y, on, m, rect, tracking ? 0 : fixed);
        }
    }
    dr_now(d); /* the current term's draws: their own stream */
    /* the current term: one due soon, one overdue, one rectified lately — each only
     * when its report falls in the current term or the one before it but the 16th */
    const int months = -6;
    date_t soon = date_add_months(d->today, months) + 15,
           late = date_add_months(d->today, months) - 20, done = date_add_months(d->today, -3);
    const date_t days[] = {soon, late, done};
    for (int i = 0; rc == RC_OK && i < COUNT(days); i++) {
        if (!dr_back(d, (int)(d->today - days[i])) || days[i] + 2 >= d->today)
            continue;
        date_t fixed = i == 2 && days[i] + 40 < d->today ? days[i] + 40 : 0;
        rc = finding(d, dr_year(days[i]) - 1, days[i], -1, -1, fixed);
    }
    dr_now(d);
    return rc;
}

/* ---- normative documents ---------------------------------------------------------------- */

typedef struct {
    date_t published, filed;
    const char *mode;
    int path; /* 0 lawful; 1 corrected after talks; 2 after a written opinion */
    int opinion_days, answer_days;
} doc_plan;

static rc_t document(demo *d, const char *name, bool office, int number, const doc_plan *p) {
    long long issuer = dr_unit(d, office ? "县人民政府办公室" : "常山县人民政府");
    json_t *in = dr_in(d, p->published, true);
    dr_text(in, "title", "%s关于印发%s的通知", office ? "常山县人民政府办公室" : "常山县人民政府",
            name);
    json_object_set_new(in, "issuer_id", json_integer(issuer));
    dr_text(in, "document_number", "%s〔%d〕%d号", office ? "常政办发" : "常政发",
            dr_year(p->published), number);
    dr_date(in, "published_on", p->published);
    dr_date(in, "filed_on", p->filed);
    json_object_set_new(in, "review_mode", json_string(p->mode));
    int it = -1;
    date_t x = p->filed ? p->filed : p->published + 1;
    rc_t rc = dr_put(d, "normative_documents", x, in, &it);
    if (rc || !p->filed)
        return rc;
    date_t reviewed = p->filed + demo_between(d, 15, 40);
    json_t *up = json_object();
    if (p->path == 0) {
        json_object_set_new(up, "finding", json_string("lawful"));
        json_object_set_new(up, "stage", json_string("closed"));
        if (reviewed < d->today)
            return update(d, it, "normative_documents", reviewed, up);
        json_decref(up); /* still under review on the load day */
        return RC_OK;
    }
    date_t sent = p->filed + p->opinion_days;
    json_object_set_new(up, "finding", json_string("inappropriate"));
    json_object_set_new(up, "stage", json_string(p->path == 1 ? "negotiation" : "review_opinion"));
    if (p->path == 2) {
        dr_date(up, "opinion_sent_on", sent);
        json_object_set_new(
            up, "notes",
            json_string("经审查，该文件部分条款增加了公民、法人和其他组织的义务，缺乏上位法"
                        "依据，属于不适当的情形，建议制定机关予以修改。"));
    } else {
        json_object_set_new(
            up, "notes", json_string("经与制定机关沟通协商，制定机关同意对不适当条款自行修改。"));
    }
    rc = update(d, it, "normative_documents", sent, up);
    date_t answered = sent + p->answer_days;
    if (rc || !p->answer_days || answered >= d->today)
        return rc;
    up = json_pack("{s:s}", "stage", "corrected");
    if (p->path == 2)
        dr_date(up, "answered_on", answered);
    return update(d, it, "normative_documents", answered, up);
}

static rc_t documents(demo *d) {
    rc_t rc = RC_OK;
    int k = 0;
    for (int y = 0; rc == RC_OK && y < DOCS_YEARS; y++) {
        int number[2] = {0, 0};
        for (int i = 0; rc == RC_OK && i < DOCS_A_YEAR[y]; i++, k++) {
            bool office = k % 3 == 2;
            number[office] += demo_between(d, 1, 4);
            char name[TITLE_BYTES];
            const char *base = dr_documents[k % dr_document_count];
            if (k >= dr_document_count)
                snprintf(name, sizeof name, "%s（修订）", base);
            else
                snprintf(name, sizeof name, "%s", base);
            /* published in the year's order: its numbers run with the days */
            date_t pub =
                demo_on_or_after(d, dr_ymd(DOCS_FIRST + y, 1, 10) +
                                        (date_t)(i * 340 / DOCS_A_YEAR[y]) + demo_below(d, 10));
            bool late = k == 9 || k == 33 || k == 58;
            doc_plan p = {.published = pub,
                          .filed = pub + (late ? demo_between(d, 34, 50) : demo_between(d, 5, 25)),
                          .mode = k % 19 == 4   ? "on_request"
                                  : k % 13 == 6 ? "special"
                                  : k == 40     ? "transferred"
                                                : "active",
                          .path = k == 21 || k == 47 ? 1
                                  : k == 64          ? 2
                                                     : 0,
                          .opinion_days = 25,
                          .answer_days = k == 64 ? 45 : 20};
            rc = document(d, name, office, number[office], &p);
        }
    }
    dr_now(d); /* the current term's draws: their own stream */
    /* the current term: one filed late, one whose opinion awaits the answer, one lawful */
    date_t a = dr_back(d, 70), b = dr_back(d, 75), c = dr_recent(d, 40);
    doc_plan late = {.published = a, .filed = a + 42 < d->today ? a + 42 : 0, .mode = "active"};
    doc_plan waiting = {.published = b,
                        .filed = b + 8,
                        .mode = "active",
                        .path = 2,
                        .opinion_days = (int)(d->today - OPINION_AFTER - b - 8)};
    doc_plan fine = {.published = c, .filed = c + 6, .mode = "active"};
    if (rc == RC_OK && a)
        rc = document(d, "常山县城区停车设施建设管理办法", true, 7, &late);
    if (rc == RC_OK && b && waiting.opinion_days > 0)
        rc = document(d, "常山县农村集体经营性建设用地入市管理办法", false, 12, &waiting);
    if (rc == RC_OK && c && fine.filed < d->today)
        rc = document(d, "常山县公共数据管理办法", false, 15, &fine);
    dr_now(d);
    return rc;
}

rc_t dr_ledgers(demo *d) {
    rc_t rc = audit_findings(d);
    return rc == RC_OK ? documents(d) : rc;
}

/* ---- budget reviews ------------------------------------------------------------------- */

static rc_t review(demo *d, const char *kind, int fiscal, int m, const char *title, int covered) {
    if (m < 0)
        return demo_fail(d, "no meeting reviewed %s", title);
    date_t on = dr_meeting_day(d, m);
    json_t *in = dr_in(d, on, true);
    json_object_set_new(in, "title", json_string(title));
    json_object_set_new(in, "fiscal_year", json_integer(fiscal));
    json_object_set_new(in, "kind", json_string(kind));
    dr_date(in, "reviewed_on", on);
    /* the 2018 budget reached the committee late (24 days before the session) */
    dr_date(in, "received_on", on - (fiscal == 2018 && covered ? 24 : demo_between(d, 31, 40)));
    json_object_set_new(in, "meeting_id", json_integer(dr_meeting_ref(m)));
    if (covered) { /* 3 streets and the development zone */
        long long ids[3];
        for (int i = 0; i < 3; i++)
            ids[i] = d->town_unit[i];
        json_object_set_new(in, "bodies_total", json_integer(4));
        json_object_set_new(in, "bodies_covered", json_integer(covered));
        json_object_set_new(in, "unit_ids", dr_ids(ids, covered < 3 ? covered : 3));
    }
    dr_text(in, "opinions",
            "预算工作委员会会同财政经济委员会进行了初步审查，认为%s总体符合预算法和上级要求，"
            "建议批准；同时建议进一步提高预算编制的科学性和执行的严肃性。",
            title);
    return dr_put(d, "budget_reviews", dr_meeting_after(d, m), in, NULL);
}

static rc_t budget_reviews(demo *d) {
    static const int COVERED[] = {1, 2, 3, 4, 4};
    rc_t rc = RC_OK;
    char t[TITLE_BYTES], heard[TITLE_BYTES];
    for (int y = 0; rc == RC_OK && y < DOCS_YEARS; y++) {
        int year = DOCS_FIRST + y;
        snprintf(t, sizeof t, "%d年全县和县级预算草案", year);
        rc = review(d, "budget", year,
                    dr_meeting(d, "plenary", dr_ymd(year - 1, 12, 1), dr_ymd(year, 1, 31)), t,
                    COVERED[y]);
        snprintf(heard, sizeof heard, "关于批准%d年县级预算调整方案的决议", year);
        snprintf(t, sizeof t, "%d年县级预算调整方案", year);
        if (rc == RC_OK)
            rc = review(d, "adjustment", year, dr_heard(d, heard), t, 0);
        snprintf(heard, sizeof heard, "县人民政府关于%d年县级财政决算草案的报告", year - 1);
        snprintf(t, sizeof t, "%d年县级财政决算草案", year - 1);
        if (rc == RC_OK)
            rc = review(d, "final_accounts", year - 1, dr_heard(d, heard), t, 0);
        snprintf(t, sizeof t, "%d年上半年预算执行情况", year);
        if (rc == RC_OK)
            rc = review(
                d, "execution", year,
                dr_meeting(d, "committee_session", dr_ymd(year, 7, 20), dr_ymd(year, 10, 15)), t,
                0);
        snprintf(heard, sizeof heard, AUDIT_REPORT, year - 1);
        snprintf(t, sizeof t, "%d年度县级预算执行和其他财政收支的审计工作报告", year - 1);
        if (rc == RC_OK)
            rc = review(d, "audit", year - 1, dr_heard(d, heard), t, 0);
    }
    dr_now(d); /* the current term's draws: their own stream */
    /* the current term: its last session's */
    int m = dr_meeting(d, "committee_session", demo_current(d)->t.start, d->today);
    if (rc == RC_OK && m >= 0 && dr_meeting_after(d, m) < d->today) {
        snprintf(t, sizeof t, "%d年预算执行情况", dr_year(dr_meeting_day(d, m)));
        rc = review(d, "execution", dr_year(dr_meeting_day(d, m)), m, t, 0);
    }
    dr_now(d);
    return rc;
}

/* ---- budget execution: 2021's monthly tables ------------------------------------------ */

static rc_t line(demo *d, int k, date_t as_of, long long budgeted, long long spent) {
    json_t *in = dr_in(d, as_of, false);
    json_object_set_new(in, "item", json_string(dr_budget_lines[k][1]));
    dr_date(in, "as_of", as_of);
    json_object_set_new(in, "unit_id", json_integer(dr_unit(d, dr_budget_lines[k][0])));
    amount(in, "budgeted", budgeted);
    amount(in, "spent", spent > budgeted ? budgeted : spent);
    return dr_put(d, "budget_execution", as_of + demo_between(d, 8, 12), in, NULL);
}

static rc_t budget_execution(demo *d) {
    long long budgeted[32] = {0};
    int pace[32] = {0}; /* ‰ of the time progress spent; below 900 it lags */
    for (int k = 0; k < dr_budget_line_count; k++) {
        budgeted[k] = (long long)demo_between(d, 300, 5000) * CENTS + demo_below(d, CENTS);
        pace[k] = k == 4 || k == 11 ? demo_between(d, 550, 700) : demo_between(d, 930, 1020);
    }
    rc_t rc = RC_OK;
    for (int month = 1; rc == RC_OK && month <= MONTHS; month++) {
        date_t as_of = (month < MONTHS ? dr_ymd(2021, month + 1, 1) : dr_ymd(2022, 1, 1)) - 1;
        for (int k = 0; rc == RC_OK && k < dr_budget_line_count; k++) {
            int p = month == MONTHS && pace[k] < 900 ? 930 : pace[k]; /* caught up by December */
            rc = line(d, k, as_of, budgeted[k],
                      budgeted[k] * month * p / (MONTHS * (long long)PERMILLE));
        }
    }
    dr_now(d); /* the current term's draws: their own stream */
    /* the current term: the last month's table, six lines (one lagging) */
    date_t x = d->today - 10;
    int y = 0, m = 0, day = 0;
    date_to_ymd(x, &y, &m, &day);
    date_t as_of = dr_ymd(y, m, 1) - 1;
    date_to_ymd(as_of, &y, &m, &day);
    for (int k = 0; rc == RC_OK && y > 2021 && as_of > demo_current(d)->t.start && k < 6; k++)
        rc = line(d, k, as_of, budgeted[k],
                  budgeted[k] * m * (k == 4 ? 600 : pace[k]) / (MONTHS * (long long)PERMILLE));
    dr_now(d);
    return rc;
}

/* ---- indicators ------------------------------------------------------------------------- */

typedef struct {
    const char *name, *unit, *description;
    long long baseline, target; /* hundredths */
    int values[6];              /* hundredths at the end of 2016 … 2021 */
} indicator_plan;

static const indicator_plan INDICATORS[] = {
    {"国有房地产确权率",
     "%",
     "县属国有房地产已办理不动产权登记的比例（特定问题调查后跟踪监督）",
     1200,
     9000,
     {1200, 2150, 4380, 6520, 8170, 9000}},
    {"审计查出问题整改销号率",
     "%",
     "审计查出问题中已整改销号的比例",
     8000,
     9000,
     {8000, 8550, 8870, 9030, 9190, 9060}},
    {"街道、开发区预算审查覆盖率",
     "%",
     "纳入县人大预算审查的街道、开发区的比例",
     0,
     10000,
     {0, 2500, 5000, 7500, 10000, 10000}},
    {"乡镇（街道）人大代表联络站建成数",
     "个",
     "高标准建成的乡镇（街道）代表联络站",
     0,
     1400,
     {0, 300, 900, 1400, 1400, 1400}},
};

static rc_t indicators(demo *d) {
    rc_t rc = RC_OK;
    date_t start = dr_ymd(2017, 3, 1);
    for (int i = 0; rc == RC_OK && i < COUNT(INDICATORS); i++) {
        const indicator_plan *p = &INDICATORS[i];
        json_t *in = dr_in(d, start, true);
        json_object_set_new(in, "name", json_string(p->name));
        json_object_set_new(in, "unit_of_measure", json_string(p->unit));
        json_object_set_new(in, "description", json_string(p->description));
        amount(in, "baseline", p->baseline);
        amount(in, "target", p->target);
        int it = -1;
        rc = dr_put(d, "indicators", start, in, &it);
        for (int y = 0; rc == RC_OK && y < COUNT(p->values); y++) {
            date_t on =
                y == COUNT(p->values) - 1 ? dr_ymd(2021, 12, 20) : dr_ymd(2017 + y, 1, 1) - 1;
            json_t *v = json_object();
            dr_date(v, "measured_on", on);
            amount(v, "value", p->values[y]);
            rc = demo_put_child(d, -1, "indicator_values", on > start ? on + 3 : start + 1, 0, v,
                                "indicator_id", it);
        }
        date_t now = dr_recent(d, 30); /* the current term: the latest figure */
        if (rc == RC_OK && now && i == 0) {
            json_t *v = json_object();
            dr_date(v, "measured_on", now);
            amount(v, "value", 9340);
            json_object_set_new(v, "notes", json_string("县属国有房地产集中规范管理持续推进"));
            rc = demo_put_child(d, -1, "indicator_values", now, DAY_MINUTES, v, "indicator_id", it);
        }
    }
    return rc;
}

rc_t dr_budget(demo *d) {
    rc_t rc = budget_reviews(d);
    if (rc == RC_OK)
        rc = budget_execution(d);
    if (rc == RC_OK)
        rc = indicators(d);
    return rc;
}
