/* sessions.c — the meetings the demo's cases refer to (issue 12, docs/cases.md): the
 * plenary sessions its motions are tabled at (and its suggestions handed in at), and
 * the chairpersons' meetings that designate key supervision. Each is found when the
 * meetings already hold it (the meetings part of the demo may have written them), else
 * written through collection_create as the demo's administrator. */
#include <stdio.h>

#include "demo/case_plan.h"

#define CHAIRS_WITHIN_DAYS 30 /* a key supervision is designated at the latest chairs' meeting */

/* found — the id the query finds (0: none). */
static rc_t found(demo *d, const char *sql, store_params *b, long long *id) {
    int64_t v = 0;
    rc_t rc = store_one_int(d->c, sql, b, &v, d->e);
    *id = (long long)v;
    return rc;
}

rc_t demo_plenary(demo *d, long long term, int number, date_t opens, int days, long long *id) {
    if (d->meetings) /* the meetings' plan holds it (meetings.c) */
        return demo_meetings_plenary(d, term, number, id);
    store_params b = {.n = 0};
    store_param_int(&b, d->county);
    store_param_int(&b, term);
    store_param_int(&b, number);
    rc_t rc = found(d,
                    "SELECT COALESCE(MIN(id), 0) FROM meetings WHERE congress_id = ? AND term_id "
                    "= ? AND kind = 'plenary' AND number = ?",
                    &b, id);
    if (rc || *id)
        return rc;
    char from[11], to[11], deadline[21];
    date_format(opens, from);
    date_format(opens + days - 1, to);
    /* the presidium takes motions until the session's last evening (23:59 in Changshan) */
    snprintf(deadline, sizeof deadline, "%sT15:59:00Z", to);
    return demo_record(d, "meetings",
                       json_pack("{s:I, s:s, s:I, s:i, s:s, s:s, s:s, s:s, s:s}", "congress_id",
                                 (json_int_t)d->county, "kind", "plenary", "term_id",
                                 (json_int_t)term, "number", number, "starts_on", from, "ends_on",
                                 to, "place", "常山县人民会堂", "convener", "县人大常委会",
                                 "motion_deadline", deadline),
                       id);
}

/* chairs_meeting — the latest chairpersons' meeting held on or before `day` within
 * CHAIRS_WITHIN_DAYS, or a new one on the working day before it. */
static rc_t chairs_meeting(demo *d, date_t day, long long *id) {
    if (d->meetings)
        return demo_meetings_chairs(d, day, id);
    char on[11], since[11];
    date_format(day, on);
    date_format(day - CHAIRS_WITHIN_DAYS, since);
    store_params b = {.n = 0};
    store_param_int(&b, d->county);
    store_param_text(&b, on);
    store_param_text(&b, since);
    rc_t rc = found(d,
                    "SELECT COALESCE(MAX(id), 0) FROM meetings WHERE congress_id = ? AND kind = "
                    "'chairs_meeting' AND starts_on <= ? AND starts_on >= ?",
                    &b, id);
    if (rc || *id)
        return rc;
    date_t held = demo_on_or_before(d, day);
    date_format(held, on);
    return demo_record(d, "meetings",
                       json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "congress_id",
                                 (json_int_t)d->county, "kind", "chairs_meeting", "term_id",
                                 (json_int_t)demo_term_of(d, held)->id, "starts_on", on, "place",
                                 "县人大常委会第一会议室", "convener", "县人大常委会主任"),
                       id);
}

rc_t demo_supervise(demo_case *s, date_t day) {
    demo *d = s->d;
    /* the chairs' meeting sat the working day before the office marks the case (and
     * before the load day: a step dated after it is played on it) */
    date_t before = demo_on_or_before(d, (day < d->today ? day : d->today) - 1);
    long long meeting = 0;
    rc_t rc = chairs_meeting(d, before, &meeting);
    return rc ? rc
              : cp_staff(s, day, "supervise",
                         json_pack("{s:b, s:I}", "key_supervision", true, "meeting_id",
                                   (json_int_t)meeting));
}
