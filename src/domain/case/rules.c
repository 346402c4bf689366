/* rules.c — the engine's rules on time limits and rounds that several paths share
 * (issue 10): the one check on a date someone gives for a step, the time to assign or
 * forward a case (assign_by, assigned_late), and the state of a round's feedback (who
 * is owed a rating, who gave one, whether the feedback period has lapsed). The actions
 * that use them are in act.c, act_units.c and the kinds; their rules (`may`) in
 * transitions.c. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

rc_t case_date_check(const char *field, date_t d, date_t earliest, const char *after, date_t today,
                     err *e) {
    char ds[11], ts[11];
    date_format(d, ds);
    if (d > today) {
        date_format(today, ts);
        return err_set(e, RC_INVALID, field, "%s %s is after today (%s)", field, ds, ts);
    }
    if (earliest && d < earliest) {
        /* the Chinese wording names the step too (the %.0s prints nothing in English) */
        static const struct {
            const char *en, *zh;
        } steps[] = {{"the submission", "提交日期"},
                     {"the receipt", "收到日期"},
                     {"the assignment", "交办日期"}};
        const char *zh = "办件开始日期";
        for (size_t i = 0; after && i < sizeof steps / sizeof steps[0]; i++)
            if (strcmp(steps[i].en, after) == 0)
                zh = steps[i].zh;
        date_format(earliest, ts);
        return err_set(e, RC_INVALID, field, "%s %s is before %s (%s)%.0s", field, ds,
                       after ? after : "the case began", ts, zh);
    }
    return RC_OK;
}

rc_t case_mark_assign_by(store_conn *c, const case_kind *k, int64_t id, int64_t congress_id,
                         err *e) {
    json_t *row = NULL;
    date_t from = 0, by = 0;
    char by_s[11];
    bool limited = false;
    rc_t rc = k->assign_within.setting ? case_snapshot(c, k, id, &row, e) : RC_OK;
    if (rc == RC_OK && row && rec_s(row, "submitted_on") &&
        date_parse(rec_s(row, "submitted_on"), &from))
        limited = !k->assign_limited || k->assign_limited(row);
    if (rc == RC_OK && limited)
        rc = case_period_end(c, congress_id, k->assign_within, from, &by, e);
    date_format(by, by_s);
    store_params b = {.n = 0};
    store_param_text(&b, limited ? by_s : NULL);
    store_param_int(&b, id);
    if (rc == RC_OK)
        rc = store_run(c, "UPDATE cases SET assign_by = ? WHERE id = ?", &b, NULL, e);
    json_decref(row);
    return rc;
}

rc_t case_mark_assigned(store_conn *c, int64_t id, date_t on, err *e) {
    char on_s[11];
    date_format(on, on_s);
    store_params b = {.n = 0};
    store_param_int(&b, id);
    store_param_text(&b, on_s);
    return store_run(c,
                     "UPDATE cases SET assigned_late = 1 WHERE id = ? AND assign_by IS NOT "
                     "NULL AND assign_by < ?",
                     &b, NULL, e);
}

/* owed — is this entry of the case's people owed the reply (and asked to rate it)? A
 * cosigner who never confirmed did not join the case. */
bool case_person_owed(const json_t *person) {
    const char *role = rec_s(person, "role");
    return !role || strcmp(role, "cosigner") != 0 || rec_i(person, "confirmed");
}

void case_round_of(const json_t *rec, date_t today, case_round *r) {
    memset(r, 0, sizeof *r);
    int64_t round = rec_i(rec, "round");
    size_t i, j;
    json_t *x, *f;
    json_array_foreach(json_object_get(rec, "people"), i, x) {
        if (!case_person_owed(x))
            continue;
        r->owed++;
        json_array_foreach(json_object_get(rec, "feedback"), j, f) {
            if (rec_i(f, "person_id") == rec_i(x, "id") && rec_i(f, "round") == round) {
                r->rated++;
                break;
            }
        }
    }
    json_array_foreach(json_object_get(rec, "feedback"), j, f) {
        const char *rating = rec_s(f, "rating");
        if (rec_i(f, "round") == round && rating && strcmp(rating, "unsatisfied") == 0)
            r->unsatisfied++;
    }
    date_t due = 0;
    r->due =
        rec_s(rec, "feedback_due_on") && date_parse(rec_s(rec, "feedback_due_on"), &due) ? due : 0;
    r->lapsed = r->due && today > r->due;
}

rc_t case_round_stored(store_conn *c, int64_t id, int64_t round, case_round *r, err *e) {
    memset(r, 0, sizeof *r);
    int64_t owed = 0, rated = 0, unsatisfied = 0;
    store_params b = {.n = 0};
    store_param_int(&b, id);
    rc_t rc = store_one_int(c,
                            "SELECT COUNT(*) FROM case_people WHERE case_id = ? AND (role <> "
                            "'cosigner' OR confirmed = 1)",
                            &b, &owed, e);
    store_params g = {.n = 0};
    store_param_int(&g, id);
    store_param_int(&g, round);
    if (rc == RC_OK)
        rc = store_one_int(c,
                           "SELECT COUNT(DISTINCT f.person_id) FROM case_feedback f JOIN "
                           "case_people cp ON cp.id = f.person_id WHERE f.case_id = ? AND "
                           "f.round = ? AND (cp.role <> 'cosigner' OR cp.confirmed = 1)",
                           &g, &rated, e);
    if (rc == RC_OK)
        rc = store_one_int(c,
                           "SELECT COUNT(*) FROM case_feedback WHERE case_id = ? AND round = ? "
                           "AND rating = 'unsatisfied'",
                           &g, &unsatisfied, e);
    r->owed = (int)owed;
    r->rated = (int)rated;
    r->unsatisfied = (int)unsatisfied;
    return rc;
}

void case_co_missing(const json_t *rec, char *en, size_t en_cap, int *n) {
    size_t i, w = 0;
    json_t *u;
    *n = 0;
    en[0] = '\0';
    json_array_foreach(json_object_get(rec, "units"), i, u) {
        const char *role = rec_s(u, "role"), *st = rec_s(u, "state");
        if (!role || strcmp(role, "co") != 0 || !st || strcmp(st, "assigned") != 0)
            continue;
        const char *name = rec_s(u, "unit_name");
        int k = snprintf(en + w, en_cap - w, "%s%s", *n ? "、" : "", name ? name : "?");
        if (k > 0 && (size_t)k < en_cap - w)
            w += (size_t)k;
        (*n)++;
    }
}
