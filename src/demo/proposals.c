/* proposals.c — the 16th term's 657 deputies' proposals and suggestions, with the
 * seed's figures: five plenary sessions (570 handed in, 11 of them motions with 10–15
 * signers, one converted into a suggestion) and 87 between sessions; declined (each
 * listed reason), withdrawn, a few first sent to the wrong unit, extended, under key
 * supervision and published; replies A–D, co-units' views, B-class follow-ups,
 * feedback from every person owed; re-handling: exactly 31 cases, all solved, whose
 * answering units number exactly 40. Every case is closed within the term. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/case_plan.h"

#define PROPOSALS_TOTAL 657 /* submitted in the term (the seed's figure) */
#define REHANDLE_UNITS 40   /* distinct answering units of re-handled cases */
#define REHANDLE_SOLVED 31  /* re-handled, and the last round satisfied */
#define REHANDLED_TWICE 2
#define WITHDRAWN 3
#define SESSION_DAYS 3
#define BETWEEN_FIRST_YEAR 2017
#define COSIGNERS_MOTION_MIN 9 /* + the lead = motion_min_deputies (county 10) */
#define COSIGNERS_MOTION_SPAN 6
#define LEAD_OF_TOWN_PERCENT 75
#define DIFFICULT_PERCENT 4
#define WRONG_UNIT_PERCENT 2
#define KEY_PERCENT 2
#define PUBLISHED_PERCENT 8
#define MOTION_EXTENDED_PERCENT 34
#define FOLLOW_UP_PERCENT 45
#define DECLINE_EVERY 83 /* every 83rd case (from the 41st) between sessions… */
#define DECLINE_AT 41
#define WITHDRAW_EVERY 197
#define WITHDRAW_AT 99
#define TERM_END_MARGIN 45 /* the history's last replies are this far before the term ends */

/* The five annual sessions: opening day (suggestions are handed in on the first two
 * days) and the day of the assignment meeting (交办会), before the Spring Festival. */
static const struct {
    const char *opens, *assigned;
    int proposals; /* handed in during the session, motions included */
    int motions;
} SESSIONS[] = {
    {"2016-12-27", "2017-01-20", 128, 3}, {"2018-01-09", "2018-02-06", 120, 2},
    {"2019-01-08", "2019-01-29", 114, 2}, {"2020-01-07", "2020-01-21", 110, 2},
    {"2021-01-12", "2021-02-02", 98, 2},
};
/* Suggestions between sessions, per year 2017–2021: sessions plus these are 657. */
static const int BETWEEN[] = {16, 18, 17, 18, 18};

enum { F_CLOSED, F_DECLINED, F_WITHDRAWN };

long long demo_deputy_id(const demo_proposal *p, int i) { return p->tp->deputy[i].id; }

static rc_t plan_units(demo *d, demo_proposal *p) {
    long long lead = demo_unit_named(d, p->topic->lead), co = demo_unit_named(d, p->topic->co);
    long long tu = p->town >= 0 ? d->town_unit[p->town] : 0;
    if (!lead || (p->topic->co && !co))
        return demo_fail(d, "no unit %s", !lead ? p->topic->lead : p->topic->co);
    if (tu == lead)
        tu = 0;
    int r = demo_below(d, PERCENT);
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

#define TITLE_TRIES 30

rc_t demo_proposal_plan(demo *d, demo_proposal *p, bool demo_unit) {
    const demo_topic *base = p->motion ? &demo_motions[demo_below(d, demo_motion_count)] : NULL;
    for (int tries = 0; tries < TITLE_TRIES; tries++) {
        p->topic = base ? base : demo_pick_topic(d, demo_unit);
        demo_subject(d, p->topic, p->subject, &p->town);
        snprintf(p->title, TITLE_BYTES, "关于%s的%s", p->subject, p->motion ? "议案" : "建议");
        if (demo_title_take(d, p->title))
            break;
        if (base)
            base = &demo_motions[demo_below(d, demo_motion_count)];
    }
    p->lead =
        demo_pick_deputy(d, p->tp, demo_chance(d, LEAD_OF_TOWN_PERCENT) ? p->town : -1, NULL, 0);
    int taken[ITEM_PEOPLE_MAX + 1] = {p->lead};
    int r = demo_below(d, PERCENT);
    p->ncos = p->motion ? COSIGNERS_MOTION_MIN + demo_below(d, COSIGNERS_MOTION_SPAN)
              : r < 50  ? 0
              : r < 75  ? 1
              : r < 90  ? 2
                        : 3 + demo_below(d, 2);
    for (int i = 0; i < p->ncos; i++) {
        p->cos[i] =
            demo_pick_deputy(d, p->tp, p->motion ? -1 : p->tp->deputy[p->lead].town, taken, i + 1);
        taken[i + 1] = p->cos[i];
    }
    return plan_units(d, p);
}

void demo_proposal_lead(demo_proposal *p, int who) {
    for (int i = 0; i < p->ncos; i++)
        if (p->cos[i] == who)
            p->cos[i] = p->lead;
    p->lead = who;
}

rc_t demo_proposal_start(demo *d, demo_case *s, demo_proposal *p, date_t created, int confirmed,
                         bool submit, date_t limit) {
    const char *title = p->title, *category = p->topic->category;
    if (p->declined >= 0) {
        title = demo_declines[p->declined].title;
        category = demo_declines[p->declined].category;
    }
    cp_begin(d, s, case_kind_find("proposals"), title, limit);
    s->clamp = p->open;
    char body[TEXT_BYTES * 2], reason[TEXT_BYTES];
    demo_body(p->subject, body, reason);
    json_t *cos = json_array();
    long long lead = demo_deputy_id(p, p->lead);
    cp_person(s, lead, true);
    for (int i = 0; i < p->ncos; i++) {
        json_array_append_new(cos, json_integer(demo_deputy_id(p, p->cos[i])));
        cp_person(s, demo_deputy_id(p, p->cos[i]), i < confirmed);
    }
    /* a motion names its plenary session; a suggestion handed in during one takes it
     * (and its number) from the day (the engine: docs/cases.md) */
    json_t *in =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:I}", "kind", p->motion ? "motion" : "suggestion",
                  "title", title, "category", category, "body", body, "cosigners", cos, "term_id",
                  (json_int_t)p->tp->id);
    if (in && p->motion && p->meeting)
        json_object_set_new(in, "meeting_id", json_integer(p->meeting));
    if (in && p->motion) {
        json_object_set_new(in, "reason", json_string(reason));
        json_object_set_new(in, "grounds", json_string(demo_grounds));
        json_object_set_new(in, "solution", json_string(demo_ask));
    }
    rc_t rc = cp_create(s, AS_DEPUTY, lead, created, in);
    for (int i = 0; rc == RC_OK && i < p->ncos && i < confirmed; i++)
        rc = cp_deputy(s, demo_deputy_id(p, p->cos[i]), created, "confirm", NULL);
    if (rc == RC_OK && submit)
        rc = cp_deputy(s, lead, created, "submit", NULL);
    return rc;
}

/* choose_rehandled — exactly REHANDLE_SOLVED closed suggestions re-handled, chosen so
 * that their answering units number exactly REHANDLE_UNITS: first cases bringing two
 * new units, then one, then none. */
static rc_t choose_rehandled(demo *d, demo_proposal *p, int n) {
    long long seen[UNITS_MAX];
    int nseen = 0, picked = 0;
    int *order = malloc((size_t)n * sizeof *order);
    if (!order)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = demo_below(d, i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int want = 2; want >= 0; want--) {
        for (int oi = 0; oi < n && picked < REHANDLE_SOLVED; oi++) {
            demo_proposal *q = &p[order[oi]];
            if (q->fate != F_CLOSED || q->motion || q->rehandles || q->declined >= 0)
                continue;
            long long fresh[CASE_UNITS_MAX];
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
    free(order);
    if (picked != REHANDLE_SOLVED || nseen != REHANDLE_UNITS)
        return demo_fail(d, "re-handling came to %d cases and %d units", picked, nseen);
    for (int i = 0, twice = 0; i < n && twice < REHANDLED_TWICE; i++)
        if (p[i].rehandles && p[i].ncos == 0) {
            p[i].rehandles = 2;
            twice++;
        }
    return RC_OK;
}

/* closed_history — from the assignment to the close, then the follow-up of a B-class
 * answer and the publication, all within the term. */
static rc_t closed_history(demo *d, demo_case *s, demo_proposal *p, date_t assigned) {
    rc_t rc = RC_OK;
    date_t end = s->limit;
    if (!p->motion && demo_chance(d, WRONG_UNIT_PERCENT) && p->nunits == 1) {
        /* first sent to the wrong unit, which returned it */
        long long wrong = d->unit[demo_below(d, d->nunits)];
        if (wrong != p->unit[0]) {
            const char *lead[] = {"lead"};
            rc = cp_assign(s, assigned, &wrong, lead, 1, false);
            if (rc == RC_OK)
                rc = cp_return(s, 0, demo_on_or_after(d, assigned + demo_between(d, 1, 4)),
                               "该事项不属于本单位职责范围，建议改由主管部门办理。");
            assigned = demo_on_or_after(d, cp_day(s) + demo_between(d, 1, 3));
        }
    }
    if (rc == RC_OK)
        rc = cp_assign(s, assigned, p->unit, p->role, p->nunits, p->difficult);
    if (rc == RC_OK && p->key)
        rc = demo_supervise(s, demo_on_or_after(d, assigned + demo_between(d, 0, 5)));
    if (rc == RC_OK && p->motion && demo_chance(d, MOTION_EXTENDED_PERCENT) &&
        p->session < COUNT(SESSIONS)) {
        date_t due = date_add_months(s->due, 2);
        char due_s[11];
        date_format(due, due_s);
        rc = cp_staff(s, demo_on_or_before(d, s->due - demo_between(d, 5, 15)), "extend",
                      json_pack("{s:s, s:s}", "due_on", due_s, "reason",
                                "涉及项目立项和资金安排，经批准延长办理期限。"));
        s->due = due;
    }
    date_t first = s->assigned + demo_between(d, 7, 25);
    date_t last = cp_reply_day(s, 30, 5);
    if (last > end - TERM_END_MARGIN)
        last = demo_on_or_before(d, end - TERM_END_MARGIN);
    if (rc == RC_OK)
        rc = cp_reply_round(s, first, last, p->rehandles > 0);
    for (int r = 0; rc == RC_OK && r < p->rehandles; r++) {
        rc = cp_feedback_round(s, cp_day(s) + demo_between(d, 2, 10), demo_below(d, s->npeople),
                               s->npeople);
        if (rc == RC_OK)
            rc = cp_reply_round(s, 0, demo_on_or_before(d, cp_day(s) + demo_between(d, 10, 26)),
                                false);
    }
    if (rc == RC_OK)
        rc = cp_feedback_round(s, cp_day(s) + demo_between(d, 2, 10), -1, s->npeople);
    if (rc == RC_OK)
        rc = cp_close(s, demo_on_or_after(d, cp_day(s) + demo_between(d, 1, 7)));
    /* a B-class answer is followed up when the matter is done */
    for (int u = 0; rc == RC_OK && u < s->nunits; u++) {
        if (!s->unit[u].b_reply || !demo_chance(d, FOLLOW_UP_PERCENT))
            continue;
        date_t on = demo_on_or_after(d, cp_day(s) + demo_between(d, 60, 200));
        if (on <= end) {
            char text[TEXT_BYTES];
            snprintf(text, sizeof text, demo_follow_up, s->title);
            rc =
                cp_unit(s, u, on, "follow_up", json_pack("{s:s, s:s}", "class", "A", "text", text));
        }
        break;
    }
    if (rc == RC_OK && p->published) {
        date_t on = demo_on_or_after(d, cp_day(s) + demo_between(d, 3, 20));
        if (on <= end)
            rc = cp_staff(s, on, "publish", json_pack("{s:b}", "published", true));
    }
    return rc;
}

static rc_t write_one(demo *d, demo_proposal *p, date_t created, date_t accepted, date_t assigned) {
    demo_case s;
    date_t end = p->tp->t.end;
    rc_t rc = demo_proposal_start(d, &s, p, created, p->ncos, true, end);
    if (rc)
        return rc;
    if (p->declined >= 0)
        return cp_staff(&s, accepted, "decline",
                        json_pack("{s:s, s:s}", "reason", demo_declines[p->declined].reason, "text",
                                  demo_declines[p->declined].text));
    if (p->fate == F_WITHDRAWN) {
        rc = cp_staff(&s, accepted, "accept", NULL);
        return rc ? rc
                  : cp_deputy(&s, demo_deputy_id(p, p->lead),
                              demo_on_or_after(d, accepted + demo_between(d, 1, 5)), "withdraw",
                              json_pack("{s:s}", "text",
                                        "经与承办单位沟通，问题已在交办前解决，代表撤回。"));
    }
    if (p->converted)
        rc = cp_staff(&s, accepted, "convert",
                      json_pack("{s:s}", "text", "主席团决定：本议案作为代表建议交有关单位办理。"));
    else
        rc = cp_staff(&s, accepted, "accept", NULL);
    /* the presidium puts the other motions on the session's agenda; adopted, they are
     * handed to the units for handling like the suggestions */
    if (rc == RC_OK && p->motion && !p->converted)
        rc = cp_staff(&s, accepted, "decide",
                      json_pack("{s:s, s:s}", "decision", "agenda", "text",
                                "主席团决定：本议案列入大会议程，通过后交有关单位办理。"));
    return rc ? rc : closed_history(d, &s, p, assigned);
}

/* plan_all — who signs what, and how each ends. */
static rc_t plan_all(demo *d, demo_proposal *p, int n) {
    rc_t rc = RC_OK;
    int k = 0;
    for (int i = 0; rc == RC_OK && i < COUNT(SESSIONS); i++)
        for (int j = 0; rc == RC_OK && j < SESSIONS[i].proposals; j++, k++) {
            p[k].tp = &d->term[0];
            p[k].session = i + 1;
            p[k].motion = j < SESSIONS[i].motions;
            p[k].converted = p[k].motion && i == 1 && j == 0;
            p[k].declined = -1;
            rc = demo_proposal_plan(d, &p[k], false);
        }
    for (int y = 0; rc == RC_OK && y < COUNT(BETWEEN); y++)
        for (int j = 0; rc == RC_OK && j < BETWEEN[y]; j++, k++) {
            p[k].tp = &d->term[0];
            p[k].declined = -1;
            rc = demo_proposal_plan(d, &p[k], false);
        }
    /* declined and withdrawn ones, spread over the term; a few key supervision and
     * published; the last year's between-session ones are not difficult (they close in
     * the term); then who was re-handled */
    for (int i = 0, dn = 0, wn = 0; rc == RC_OK && i < n; i++) {
        if (p[i].motion)
            continue;
        if (i % DECLINE_EVERY == DECLINE_AT && dn < demo_decline_count)
            p[i].declined = dn++, p[i].fate = F_DECLINED;
        else if (i % WITHDRAW_EVERY == WITHDRAW_AT && wn < WITHDRAWN)
            p[i].fate = F_WITHDRAWN, wn++;
    }
    int last_year = n - BETWEEN[COUNT(BETWEEN) - 1];
    for (int i = 0; i < n; i++) {
        bool open = p[i].declined < 0 && p[i].fate == F_CLOSED;
        p[i].key = p[i].motion || (p[i].declined < 0 && demo_chance(d, KEY_PERCENT));
        p[i].published = open && demo_chance(d, PUBLISHED_PERCENT);
        p[i].difficult = p[i].motion || (demo_chance(d, DIFFICULT_PERCENT) && i < last_year);
    }
    return rc ? rc : choose_rehandled(d, p, n);
}

rc_t demo_proposals(demo *d) {
    int total = 0;
    for (int i = 0; i < COUNT(SESSIONS); i++)
        total += SESSIONS[i].proposals;
    for (int i = 0; i < COUNT(BETWEEN); i++)
        total += BETWEEN[i];
    if (total != PROPOSALS_TOTAL)
        return demo_fail(d, "sessions and years sum to %d", total);
    demo_proposal *p = calloc((size_t)total, sizeof *p);
    if (!p)
        return err_set(d->e, RC_NOMEM, NULL, "out of memory");
    rc_t rc = plan_all(d, p, total);
    int k = 0;
    for (int i = 0; rc == RC_OK && i < COUNT(SESSIONS); i++) {
        date_t opens = demo_day(SESSIONS[i].opens), assigned = demo_day(SESSIONS[i].assigned);
        long long meeting = 0;
        rc = demo_plenary(d, d->term[0].id, i + 1, opens, SESSION_DAYS, &meeting);
        for (int j = 0; rc == RC_OK && j < SESSIONS[i].proposals; j++, k++) {
            p[k].meeting = meeting;
            rc = write_one(d, &p[k], opens + (j % 2), opens + SESSION_DAYS - 1, assigned);
        }
    }
    for (int y = 0; rc == RC_OK && y < COUNT(BETWEEN); y++) {
        int year = BETWEEN_FIRST_YEAR + y;
        bool last = y == COUNT(BETWEEN) - 1;
        /* the last year's are handed in early enough to be closed within the term */
        date_t from = date_from_ymd(year, 3, 1), to = date_from_ymd(year, last ? 6 : 11, 30);
        for (int j = 0; rc == RC_OK && j < BETWEEN[y]; j++, k++) {
            date_t created =
                demo_on_or_after(d, from + (to - from) * j / BETWEEN[y] + demo_below(d, 5));
            date_t accepted = demo_on_or_after(d, created + demo_between(d, 1, 2));
            date_t assigned = demo_on_or_after(d, accepted + demo_between(d, 1, 2));
            rc = write_one(d, &p[k], created, accepted, assigned);
        }
    }
    free(p);
    return rc;
}
