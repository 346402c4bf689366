/* case_plan.c — planning one case step by step: the steps every kind shares (assign,
 * return, reply rounds, feedback rounds, close), dated on working days, never after
 * the case's limit. */
#include <stdio.h>
#include <string.h>

#include "demo/case_plan.h"

#define REPLY_GAP_MAX 4 /* days between two answering units' replies */
#define FEEDBACK_GAP_MAX 4
#define SATISFIED_FIRST 82 /* percent satisfied (else basically) on a first reply */
#define SATISFIED_AGAIN 70 /* … and after re-handling */
#define AGAIN_A_PERCENT 80 /* re-handled: class A (else B) */

void cp_begin(demo *d, demo_case *s, const case_kind *k, const char *title, date_t limit) {
    memset(s, 0, sizeof *s);
    s->d = d;
    s->k = k;
    s->it = demo_item_new(d, k);
    snprintf(s->title, sizeof s->title, "%s", title);
    s->limit = limit;
    s->round = 1;
}

void cp_person(demo_case *s, long long deputy, bool confirmed) {
    if (s->npeople >= ITEM_PEOPLE_MAX)
        return;
    s->person[s->npeople].deputy = deputy;
    s->person[s->npeople].confirmed = confirmed;
    s->npeople++;
}

date_t cp_day(const demo_case *s) { return s->it >= 0 ? demo_day_of(s->d, s->it) : 0; }

/* within — the step's day, checked against the case's limit: past it a planning error,
 * or for a case dated back from today (clamp) the limit itself. */
static rc_t within(demo_case *s, date_t *day) {
    if (s->it < 0)
        return err_set(s->d->e, RC_NOMEM, NULL, "out of memory planning the demo");
    date_t last = cp_day(s), on = *day > last ? *day : last;
    if (on > s->limit && s->clamp) {
        *day = s->limit;
        return RC_OK;
    }
    if (on > s->limit) {
        char a[11], b[11];
        date_format(on, a);
        date_format(s->limit, b);
        return demo_fail(s->d, "%s: a step on %s, after %s", s->title, a, b);
    }
    return RC_OK;
}

rc_t cp_create(demo_case *s, demo_as as, long long whom, date_t day, json_t *in) {
    rc_t rc = within(s, &day);
    if (rc) {
        json_decref(in);
        return rc;
    }
    return demo_create(s->d, s->it, as, whom, day, in);
}

rc_t cp_staff(demo_case *s, date_t day, const char *action, json_t *in) {
    rc_t rc = within(s, &day);
    if (rc) {
        json_decref(in);
        return rc;
    }
    return demo_act(s->d, s->it, AS_OFFICE, 0, day, action, in);
}

rc_t cp_deputy(demo_case *s, long long deputy, date_t day, const char *action, json_t *in) {
    rc_t rc = within(s, &day);
    if (rc) {
        json_decref(in);
        return rc;
    }
    return demo_act(s->d, s->it, AS_DEPUTY, deputy, day, action, in);
}

rc_t cp_unit(demo_case *s, int u, date_t day, const char *action, json_t *in) {
    rc_t rc = within(s, &day);
    if (rc) {
        json_decref(in);
        return rc;
    }
    return demo_act(s->d, s->it, AS_UNIT, s->unit[u].unit, day, action, in);
}

static bool is_co(const demo_case *s, int u) { return strcmp(s->unit[u].role, "co") == 0; }

rc_t cp_assign(demo_case *s, date_t day, const long long *units, const char *const *roles, int n,
               bool difficult) {
    json_t *list = json_array();
    s->nunits = 0;
    s->assigned = day;
    for (int i = 0; i < n && i < CASE_UNITS_MAX; i++) {
        json_array_append_new(
            list, json_pack("{s:I, s:s}", "unit_id", (json_int_t)units[i], "role", roles[i]));
        s->unit[i].unit = units[i];
        s->unit[i].role = roles[i];
        s->unit[i].state = PU_ASSIGNED;
        s->unit[i].b_reply = false;
        s->nunits++;
    }
    bool petition = strcmp(s->k->name, "petition") == 0;
    s->due = petition ? day + s->d->petition_days
                      : date_add_months(day, difficult ? s->d->reply_months_difficult
                                                       : s->d->reply_months);
    json_t *in = json_pack("{s:o}", "units", list);
    if (!petition)
        json_object_set_new(in, "difficult", json_boolean(difficult));
    return cp_staff(s, day, "assign", in);
}

rc_t cp_return(demo_case *s, int u, date_t day, const char *reason) {
    s->unit[u].state = PU_RETURNED;
    return cp_unit(s, u, day, "return", json_pack("{s:s}", "reason", reason));
}

int cp_answering(const demo_case *s, int *idx) {
    int n = 0;
    for (int i = 0; i < s->nunits; i++)
        if (!is_co(s, i) && s->unit[i].state != PU_RETURNED)
            idx[n++] = i;
    return n;
}

rc_t cp_reply(demo_case *s, int u, char cls, const char *text, date_t day) {
    bool co = is_co(s, u);
    json_t *in = co ? json_pack("{s:s}", "text", text)
                    : json_pack("{s:s, s:s#}", "text", text, "class", &cls, 1);
    s->unit[u].state = PU_REPLIED;
    if (!co && cls == 'B')
        s->unit[u].b_reply = true;
    return cp_unit(s, u, day, "reply", in);
}

rc_t cp_reply_round(demo_case *s, date_t first, date_t last, bool poor) {
    demo *d = s->d;
    char text[TEXT_BYTES];
    rc_t rc = RC_OK;
    if (s->round == 1)
        for (int i = 0; rc == RC_OK && i < s->nunits; i++)
            if (is_co(s, i) && s->unit[i].state == PU_ASSIGNED) {
                snprintf(text, sizeof text, demo_co_view, s->title);
                rc = cp_reply(s, i, 0, text, demo_on_or_after(d, first));
            }
    int idx[CASE_UNITS_MAX], n = cp_answering(s, idx);
    for (int k = 0; rc == RC_OK && k < n; k++) {
        date_t on = demo_on_or_before(d, last - (n - 1 - k) * demo_between(d, 1, REPLY_GAP_MAX));
        char cls =
            s->round > 1 ? (demo_chance(d, AGAIN_A_PERCENT) ? 'A' : 'B') : demo_pick_class(d, poor);
        snprintf(text, sizeof text, demo_reply_text(cls, s->round > 1), s->title);
        rc = cp_reply(s, idx[k], cls, text, on);
    }
    return rc;
}

/* feedback — person i rates this round's reply. */
static rc_t feedback(demo_case *s, int i, const char *rating, date_t day) {
    json_t *in = json_pack("{s:s, s:s}", "rating", rating, "text", demo_rating_text(s->d, rating));
    rc_t rc = within(s, &day);
    if (rc) {
        json_decref(in);
        return rc;
    }
    if (!s->person[i].deputy)
        return demo_feedback_for(s->d, s->it, i, day, in);
    return demo_act(s->d, s->it, AS_DEPUTY, s->person[i].deputy, day, "feedback", in);
}

rc_t cp_feedback_round(demo_case *s, date_t from, int unhappy, int upto) {
    demo *d = s->d;
    rc_t rc = RC_OK;
    date_t on = from;
    int n = s->npeople < upto ? s->npeople : upto;
    /* every person owed rates each round, and re-handling starts with the round's last
     * rating (docs/cases.md): the unhappy one rates after the others */
    for (int k = 0; rc == RC_OK && k < n; k++) {
        int i = unhappy < 0 || unhappy >= n ? k : k == n - 1 ? unhappy : k < unhappy ? k : k + 1;
        on += demo_between(d, 0, FEEDBACK_GAP_MAX);
        bool unsat = i == unhappy;
        const char *r = unsat ? "unsatisfied"
                              : demo_rating(d, s->round > 1 ? SATISFIED_AGAIN : SATISFIED_FIRST);
        /* a voter's or petitioner's feedback is taken by the office on a working day */
        rc = feedback(s, i, r, s->person[i].deputy ? on : demo_on_or_after(d, on));
        if (unsat) {
            /* re-handling: the answering units answer again within the setting's months */
            s->round++;
            s->due = date_add_months(cp_day(s), d->rehandle_months);
            for (int u = 0; u < s->nunits; u++)
                if (!is_co(s, u) && s->unit[u].state == PU_REPLIED)
                    s->unit[u].state = PU_ASSIGNED;
            break;
        }
    }
    return rc;
}

rc_t cp_close(demo_case *s, date_t day) { return cp_staff(s, day, "close", NULL); }

date_t cp_reply_day(demo_case *s, int lo, int margin) {
    date_t last = cp_day(s);
    int span = (int)(s->due - last) - margin;
    if (span < lo)
        span = lo;
    return demo_on_or_before(s->d, last + demo_between(s->d, lo, span));
}
