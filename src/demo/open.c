/* open.c — the current term's open work, dated back from the load day so that on the
 * day a user loads the demo every inbox has something: proposals awaiting review and
 * assignment, returned, assigned (some due soon, some overdue, one with a unit's
 * request for more time), answered and awaiting feedback (some partly rated, some
 * rated and ready to close), re-handling; drafts and an invitation to cosign for the
 * demo deputy; letters and visits at every stage; two recent reception days with
 * their opinions. Every step is on a working day before today; a case belongs to the
 * term it was written in (in a term's first months the older ones are the previous
 * term's, as they would be). */
#include <stdio.h>
#include <string.h>

#include "demo/case_plan.h"

enum {
    F_SUBMITTED,
    F_ACCEPTED,
    F_RETURNED,
    F_ASSIGNED,
    F_ASSIGNED_SOON,
    F_ASSIGNED_OVERDUE,
    F_ASSIGNED_ASKED,
    F_REPLIED,
    F_REPLIED_PARTLY,
    F_RATED,
    F_REHANDLING,
    F_REHANDLING_SOON,
    F_REHANDLING_OVERDUE,
    F_REPLIED_AGAIN,
    F_COUNT
};

static const int IN_PROGRESS[] = {
    F_SUBMITTED,
    F_SUBMITTED,
    F_SUBMITTED,
    F_ACCEPTED,
    F_ACCEPTED,
    F_RETURNED,
    F_ASSIGNED,
    F_ASSIGNED,
    F_ASSIGNED,
    F_ASSIGNED,
    F_ASSIGNED,
    F_ASSIGNED_SOON,
    F_ASSIGNED_SOON,
    F_ASSIGNED_SOON,
    F_ASSIGNED_OVERDUE,
    F_ASSIGNED_OVERDUE,
    F_ASSIGNED_OVERDUE,
    F_ASSIGNED_ASKED,
    F_REPLIED,
    F_REPLIED,
    F_REPLIED,
    F_REPLIED,
    F_REPLIED_PARTLY,
    F_REPLIED_PARTLY,
    F_REHANDLING,
    F_REHANDLING_SOON,
    F_REHANDLING_OVERDUE,
    F_REPLIED_AGAIN,
    F_REPLIED_AGAIN,
    F_RATED,
    F_RATED,
};
/* Which of them go to the demo account's unit, and which the demo deputy leads. */
static const int DEMO_UNIT_CASES[] = {6, 11, 14, 18, 25};
static const int DEMO_DEPUTY_CASES[] = {0, 18, 22};
#define DRAFTS 4
#define DRAFT_OWN 0    /* the demo deputy's own draft */
#define DRAFT_INVITE 1 /* another deputy's, inviting the demo deputy to cosign */
#define DRAFT_DAYS_MAX 10
/* How long before today each kind of case was handed in (days). */
static const int CREATED_BACK[F_COUNT] = {
    [F_SUBMITTED] = 1,
    [F_ACCEPTED] = 4,
    [F_RETURNED] = 10,
    [F_ASSIGNED] = 55,
    [F_ASSIGNED_SOON] = 96,
    [F_ASSIGNED_ASKED] = 96,
    [F_ASSIGNED_OVERDUE] = 125,
    [F_REPLIED] = 100,
    [F_REPLIED_PARTLY] = 100,
    [F_RATED] = 100,
    [F_REHANDLING] = 170,
    [F_REHANDLING_SOON] = 170,
    [F_REHANDLING_OVERDUE] = 170,
    [F_REPLIED_AGAIN] = 170,
};
#define SOON_WORKING_DAYS 4 /* within the setting due_soon_working_days (5) */
#define KEY_PERCENT 2

/* Open letters and visits: received this many days ago, and how far each has come. */
static const struct { int back, stage; } PETITIONS[] = {{3, 0}, {9, 1}, {70, 2}, {80, 3}, {75, 4}};
/* Recent reception days: how long ago, at which township, and their opinions' stages. */
static const struct {
    int back, town;
    int stage[3];
} RECEPTIONS[] = {{40, 3, {3, 4, 4}}, {12, 0, {1, 2, 3}}};
#define RECEPTION_VOTERS_MIN 8
#define RECEPTION_VOTERS_MAX 20

/* first_with_due — the first working day in [from, to] whose deadline `months` later
 * falls in [lo, hi]; 0 when none. */
static date_t first_with_due(const demo *d, date_t from, date_t to, int months, date_t lo,
                             date_t hi) {
    for (date_t g = from; g <= to; g++)
        if (demo_working(d, g) && date_add_months(g, months) >= lo &&
            date_add_months(g, months) <= hi)
            return g;
    return 0;
}

/* assign_day — when a case of this fate was assigned, dated back from today. */
static date_t assign_day(demo *d, int fate, date_t submitted, date_t soon) {
    date_t A = d->today;
    switch (fate) {
    case F_ASSIGNED:
        return demo_on_or_after(d, submitted + demo_between(d, 2, 5) + demo_below(d, 30));
    case F_ASSIGNED_SOON:
    case F_ASSIGNED_ASKED: return first_with_due(d, submitted + 2, A, d->reply_months, A + 1, soon);
    case F_ASSIGNED_OVERDUE:
        return demo_on_or_before(d, date_add_months(A, -d->reply_months) - demo_between(d, 5, 25));
    case F_REPLIED:
    case F_REPLIED_PARTLY:
    case F_RATED: return demo_on_or_before(d, A - demo_between(d, 75, 95));
    default: /* re-handling */ return demo_on_or_before(d, A - demo_between(d, 140, 160));
    }
}

/* rehandle — replied, someone unsatisfied, and (for some) answered again. */
static rc_t rehandle(demo *d, demo_case *s, int fate, date_t g, date_t soon) {
    date_t A = d->today;
    rc_t rc = cp_reply_round(s, g + 15, demo_on_or_before(d, A - demo_between(d, 75, 90)), true);
    date_t unhappy =
        fate == F_REHANDLING        ? A - demo_between(d, 5, 10)
        : fate == F_REHANDLING_SOON ? first_with_due(d, A - 40, A, d->rehandle_months, A + 1, soon)
        : fate == F_REHANDLING_OVERDUE
            ? demo_on_or_before(d, date_add_months(A, -d->rehandle_months) - demo_between(d, 4, 15))
            : demo_on_or_before(d, A - demo_between(d, 60, 70));
    if (!unhappy || unhappy <= cp_day(s))
        unhappy = cp_day(s) + 1;
    if (rc == RC_OK)
        rc = cp_feedback_round(s, unhappy, 0, s->npeople);
    if (rc == RC_OK && fate == F_REPLIED_AGAIN)
        rc = cp_reply_round(s, 0, demo_on_or_before(d, cp_day(s) + demo_between(d, 10, 25)), false);
    return rc;
}

/* in_progress — one proposal of the given fate, handed in on `submitted`. */
static rc_t in_progress(demo *d, demo_proposal *p, int fate, date_t submitted) {
    date_t A = d->today, limit = demo_on_or_before(d, A - 1);
    date_t soon = demo_add_working(d, A, SOON_WORKING_DAYS);
    demo_case s;
    rc_t rc = demo_proposal_start(d, &s, p, submitted, p->ncos, true, limit);
    if (rc || fate == F_SUBMITTED)
        return rc;
    if (fate == F_ACCEPTED || fate == F_RETURNED) {
        rc = cp_staff(&s, demo_on_or_after(d, submitted + 1), "accept", NULL);
        if (rc || fate == F_ACCEPTED)
            return rc;
        rc = cp_assign(&s, demo_on_or_after(d, cp_day(&s) + 1), p->unit, p->role, 1, false);
        return rc ? rc
                  : cp_return(&s, 0, demo_on_or_after(d, cp_day(&s) + 2),
                              "所提事项涉及多个部门职责，建议由县政府统筹协调后重新交办。");
    }
    /* a term only days old has no room for the older fates: the case is as far as the
     * days allow */
    date_t g = assign_day(d, fate, submitted, soon);
    if (!g || g <= submitted)
        g = demo_on_or_after(d, submitted + 2);
    if (g > limit)
        return RC_OK;
    rc = cp_staff(&s, demo_on_or_before(d, g - demo_between(d, 1, 3)), "accept", NULL);
    if (rc == RC_OK)
        rc = cp_assign(&s, g, p->unit, p->role, p->nunits, false);
    if (rc == RC_OK && p->key)
        rc = demo_supervise(&s, demo_on_or_after(d, g + 1));
    if (rc)
        return rc;
    char due[11], text[TEXT_BYTES];
    switch (fate) {
    case F_ASSIGNED:
    case F_ASSIGNED_SOON:
    case F_ASSIGNED_OVERDUE:
        for (int i = 0; rc == RC_OK && i < s.nunits; i++)
            if (strcmp(s.unit[i].role, "co") == 0 && g + 20 < A) {
                snprintf(text, sizeof text, demo_co_view, s.title);
                rc = cp_reply(&s, i, 0, text, demo_on_or_before(d, g + 20));
            }
        return rc;
    case F_ASSIGNED_ASKED:
        date_format(date_add_months(s.due, 1), due);
        return cp_unit(&s, 0, demo_on_or_before(d, A - demo_between(d, 1, 3)), "extend",
                       json_pack("{s:s, s:s}", "reason",
                                 "涉及跨部门协调和资金安排，申请延期一个月答复。", "due_on", due));
    case F_REPLIED:
        return cp_reply_round(&s, g + 15, demo_on_or_before(d, A - demo_between(d, 3, 20)), false);
    case F_REPLIED_PARTLY:
        rc = cp_reply_round(&s, g + 15, demo_on_or_before(d, A - demo_between(d, 12, 20)), false);
        return rc ? rc : cp_feedback_round(&s, cp_day(&s) + 2, -1, s.npeople - 1);
    case F_RATED:
        rc = cp_reply_round(&s, g + 15, demo_on_or_before(d, A - demo_between(d, 25, 30)), false);
        return rc ? rc : cp_feedback_round(&s, cp_day(&s) + 2, -1, s.npeople);
    default: return rehandle(d, &s, fate, g, soon);
    }
}

/* written_on — a day dated back from today, in the current or the previous term but
 * never the 16th (whose figures are the seed's); 0 when there is no such day before
 * today (the current term began today). */
static date_t written_on(demo *d, int back) {
    date_t x = demo_on_or_before(d, d->today - back);
    date_t start = demo_current(d)->t.start;
    if (x < start && demo_term_of(d, x) == &d->term[0])
        x = start;
    return x < d->today ? x : 0;
}

static bool listed(const int *list, int n, int i) {
    for (int k = 0; k < n; k++)
        if (list[k] == i)
            return true;
    return false;
}

static rc_t open_proposals(demo *d) {
    rc_t rc = RC_OK;
    demo_term_people *cur = demo_current(d);
    for (int ip = 0; rc == RC_OK && ip < COUNT(IN_PROGRESS); ip++) {
        int fate = IN_PROGRESS[ip];
        date_t submitted = written_on(d, CREATED_BACK[fate] + demo_below(d, 4));
        if (!submitted)
            continue;
        demo_proposal p = {.tp = demo_term_of(d, submitted), .declined = -1, .open = true};
        rc = demo_proposal_plan(d, &p, listed(DEMO_UNIT_CASES, COUNT(DEMO_UNIT_CASES), ip));
        if (fate == F_REPLIED_PARTLY && p.ncos == 0) {
            p.cos[p.ncos] = demo_pick_deputy(d, p.tp, -1, &p.lead, 1);
            p.ncos++;
        }
        if (p.tp == cur && listed(DEMO_DEPUTY_CASES, COUNT(DEMO_DEPUTY_CASES), ip))
            demo_proposal_lead(&p, 0);
        p.key = demo_chance(d, KEY_PERCENT);
        if (rc == RC_OK)
            rc = in_progress(d, &p, fate, submitted);
    }
    /* drafts, written by the current term's deputies in the last days */
    for (int j = 0; rc == RC_OK && j < DRAFTS; j++) {
        date_t on = demo_on_or_before(d, d->today - 1 - demo_below(d, DRAFT_DAYS_MAX));
        if (on < cur->t.start)
            on = cur->t.start;
        demo_proposal p = {.tp = cur, .declined = -1, .open = true};
        rc = demo_proposal_plan(d, &p, false);
        if (j == DRAFT_OWN)
            demo_proposal_lead(&p, 0);
        if (j == DRAFT_INVITE && p.lead != 0) {
            /* the demo deputy is invited: the last cosigner, not yet confirmed */
            int k = 0;
            while (k < p.ncos && p.cos[k] != 0)
                k++;
            if (k == p.ncos && p.ncos < ITEM_PEOPLE_MAX)
                p.ncos++;
            p.cos[k] = p.cos[p.ncos - 1];
            p.cos[p.ncos - 1] = 0;
        }
        demo_case s;
        if (rc == RC_OK && on < d->today)
            rc = demo_proposal_start(d, &s, &p, on, j == DRAFT_INVITE ? p.ncos - 1 : 1, false,
                                     d->today - 1);
    }
    return rc;
}

rc_t demo_open(demo *d) {
    rc_t rc = open_proposals(d);
    date_t limit = demo_on_or_before(d, d->today - 1);
    for (int i = 0; rc == RC_OK && i < COUNT(PETITIONS); i++) {
        int people = 1;
        const char *channel = demo_petition_channel(d, &people);
        date_t received = written_on(d, PETITIONS[i].back);
        if (!received)
            continue;
        rc = demo_petition(d, channel, people, received > limit ? limit : received,
                           PETITIONS[i].stage, limit);
    }
    for (int i = 0; rc == RC_OK && i < COUNT(RECEPTIONS); i++) {
        int item = -1, town = RECEPTIONS[i].town;
        date_t held = written_on(d, RECEPTIONS[i].back);
        if (!held)
            continue;
        rc = demo_reception(d, town, held,
                            demo_between(d, RECEPTION_VOTERS_MIN, RECEPTION_VOTERS_MAX),
                            demo_reception_note(d), false, &item);
        for (int j = 0; rc == RC_OK && j < COUNT(RECEPTIONS[i].stage); j++)
            rc = demo_opinion(d, item, town, held, RECEPTIONS[i].stage[j], limit);
    }
    return rc;
}
