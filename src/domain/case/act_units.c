/* act_units.c — the actions between the office, the units and the people owed the
 * reply: assigning to units with their deadlines, a unit's return, reply and
 * follow-up, feedback and re-handling, and extensions (asked for, granted, refused). */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"
#include "domain/settings.h"

static const case_period co_period = {.setting = "co_unit_view_months", .unit = DUE_MONTHS};
static const case_period rehandle_period = {.setting = "rehandle_months", .unit = DUE_MONTHS};
static const case_period return_period = {.setting = "case_return_working_days",
                                          .unit = DUE_WORKING_DAYS};
static const case_period feedback_period = {.setting = "feedback_days", .unit = DUE_DAYS};

static rc_t lapse_note(act_ctx *a, err *e);
static rc_t new_round(act_ctx *a, err *e);

/* unit_due — the deadline a unit in this role gets when assigned on `on`. */
static rc_t unit_due(act_ctx *a, const char *role, date_t on, bool difficult, date_t *due, err *e) {
    case_period p = strcmp(role, "co") == 0 ? co_period
                    : difficult             ? a->k->reply_difficult
                                            : a->k->reply;
    if (!p.setting)
        p = a->k->reply;
    return case_period_end(a->c, a->congress_id, p, on, due, e);
}

rc_t act_assign(act_ctx *a, err *e) {
    const json_t *units = json_object_get(a->in, "units");
    date_t on, due = 0;
    bool difficult = false;
    date_t submitted = 0;
    rc_t rc = act_date(a->in, "assigned_on", a->today, &on, e);
    if (rc == RC_OK &&
        (!rec_s(a->rec, "submitted_on") || !date_parse(rec_s(a->rec, "submitted_on"), &submitted)))
        submitted = 0;
    if (rc == RC_OK)
        rc = case_date_check("assigned_on", on, submitted, "the submission", a->today, e);
    if (rc == RC_OK && json_object_get(a->in, "difficult"))
        rc = act_bool(a->in, "difficult", &difficult, e);
    if (rc)
        return rc;
    if (json_array_size(units) == 0)
        return err_set(e, RC_INVALID, "units", "units must list at least one {unit_id, role}");
    int leads = 0, cos = 0, separate = 0;
    size_t i;
    const json_t *u;
    json_array_foreach(units, i, u) {
        const char *role = rec_s(u, "role");
        for (size_t j = 0; j < i; j++)
            if (rec_i(json_array_get(units, j), "unit_id") == rec_i(u, "unit_id"))
                return err_set(e, RC_INVALID, "units", "unit %lld is listed twice",
                               (long long)rec_i(u, "unit_id"));
        leads += strcmp(role, "lead") == 0;
        cos += strcmp(role, "co") == 0;
        separate += strcmp(role, "separate") == 0;
        static const field_def unit_ref = {.name = "units",
                                           .label_zh = "承办单位",
                                           .label_en = "Units",
                                           .type = FT_REF,
                                           .flags = FF_REQUIRED,
                                           .ref = "units"};
        rc = field_check(a->c, &unit_ref, json_object_get(u, "unit_id"), a->congress_id, e);
        if (rc)
            return rc;
    }
    if (separate ? (leads || cos) : leads != 1)
        return err_set(e, RC_INVALID, "units",
                       "assign one lead unit (with any co units) or one or more separate units");
    store_params d = {.n = 0};
    store_param_int(&d, a->id);
    rc = store_run(a->c, "DELETE FROM case_units WHERE case_id = ?", &d, NULL, e);
    char on_s[11], due_s[11];
    date_format(on, on_s);
    json_array_foreach(units, i, u) {
        if (rc)
            break;
        date_t ud = 0;
        rc = unit_due(a, rec_s(u, "role"), on, difficult, &ud, e);
        if (strcmp(rec_s(u, "role"), "co") != 0)
            due = ud;
        char ud_s[11];
        date_format(ud, ud_s);
        store_params b = {.n = 0};
        store_param_int(&b, a->id);
        store_param_int(&b, rec_i(u, "unit_id"));
        store_param_text(&b, rec_s(u, "role"));
        store_param_text(&b, on_s);
        store_param_text(&b, ud_s);
        if (rc == RC_OK)
            rc = store_run(a->c,
                           "INSERT INTO case_units (case_id, unit_id, role, state, "
                           "assigned_on, due_on) VALUES (?, ?, ?, 'assigned', ?, ?)",
                           &b, NULL, e);
    }
    if (rc)
        return rc;
    date_format(due, due_s);
    store_params b = {.n = 0};
    store_param_text(&b, on_s);
    store_param_text(&b, due_s);
    store_param_int(&b, difficult ? 1 : 0);
    store_param_int(&b, a->id);
    rc = store_run(a->c, "UPDATE cases SET assigned_on = ?, due_on = ?, difficult = ? WHERE id = ?",
                   &b, NULL, e);
    return rc ? rc : case_mark_assigned(a->c, a->id, on, e);
}

rc_t case_assign_one(act_ctx *a, int64_t unit_id, const json_t *on, err *e) {
    act_ctx one = *a;
    json_t *in =
        json_pack("{s:[{s:I, s:s}]}", "units", "unit_id", (json_int_t)unit_id, "role", "lead");
    if (!in)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    if (on && !json_is_null(on))
        json_object_set(in, "assigned_on", (json_t *)on);
    one.in = in;
    rc_t rc = act_assign(&one, e);
    json_decref(in);
    return rc;
}

/* settle — after a return or a reply (on `on`): the case is returned when no answering
 * unit is left, replied when every answering unit has replied this round, and then
 * the people owed the reply have the feedback period from that day to rate it. */
static rc_t settle(act_ctx *a, date_t on, err *e) {
    int64_t left = 0, waiting = 0;
    store_params b = {.n = 0};
    store_param_int(&b, a->id);
    rc_t rc = store_one_int(a->c,
                            "SELECT COUNT(*) FROM case_units WHERE case_id = ? AND "
                            "role IN ('lead','separate') AND state <> 'returned'",
                            &b, &left, e);
    if (rc == RC_OK)
        rc = store_one_int(a->c,
                           "SELECT COUNT(*) FROM case_units WHERE case_id = ? AND "
                           "role IN ('lead','separate') AND state = 'assigned'",
                           &b, &waiting, e);
    if (rc)
        return rc;
    if (!left)
        a->to = CS_RETURNED;
    else if (!waiting)
        a->to = CS_REPLIED;
    if (a->to != CS_REPLIED)
        return RC_OK;
    date_t due = 0;
    char due_s[11];
    rc = case_period_end(a->c, a->congress_id, feedback_period, on, &due, e);
    date_format(due, due_s);
    store_params f = {.n = 0};
    store_param_text(&f, due_s);
    store_param_int(&f, a->id);
    return rc ? rc
              : store_run(a->c, "UPDATE cases SET feedback_due_on = ? WHERE id = ?", &f, NULL, e);
}

/* set_my_unit — the caller's unit's part of the case moves to `state`. */
static rc_t set_my_unit(act_ctx *a, const char *state, const char *reason, err *e) {
    store_params b = {.n = 0};
    store_param_text(&b, state);
    store_param_text(&b, reason);
    store_param_int(&b, a->id);
    store_param_int(&b, a->p->unit_id);
    return store_run(a->c,
                     "UPDATE case_units SET state = ?, return_reason = COALESCE(?, "
                     "return_reason) WHERE case_id = ? AND unit_id = ? AND state = 'assigned'",
                     &b, NULL, e);
}

rc_t act_return(act_ctx *a, err *e) {
    date_t limit = 0;
    rc_t rc =
        case_period_end(a->c, a->congress_id, return_period, a->me.unit_assigned_on, &limit, e);
    if (rc == RC_OK && a->today > limit) {
        char l[11];
        date_format(limit, l);
        rc = err_set(e, RC_CONFLICT, "state", "the time to return this case ended on %s", l);
    }
    if (rc == RC_OK)
        rc = set_my_unit(a, "returned", rec_s(a->in, "reason"), e);
    return rc ? rc : settle(a, a->today, e);
}

/* reply_day — the date on the unit's answer (replied_on, default today): not before
 * the unit's assignment, not after today; and whether it is after the unit's own
 * deadline (its case_units.due_on: a co-unit's month, the lead's reply deadline). */
static rc_t reply_day(act_ctx *a, date_t *on, bool *late, err *e) {
    rc_t rc = act_date(a->in, "replied_on", a->today, on, e);
    if (rc == RC_OK)
        rc = case_date_check("replied_on", *on, a->me.unit_assigned_on, "the assignment", a->today,
                             e);
    *late = false;
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(a->rec, "units"), i, u) {
        date_t due = 0;
        if (rec_i(u, "unit_id") == a->p->unit_id && rec_s(u, "due_on") &&
            date_parse(rec_s(u, "due_on"), &due))
            *late = *on > due;
    }
    return rc;
}

static rc_t insert_reply(act_ctx *a, const char *kind, const char *cls, date_t on, bool late,
                         err *e) {
    char on_s[11];
    date_format(on, on_s);
    store_params b = {.n = 0};
    store_param_int(&b, a->id);
    store_param_int(&b, a->p->unit_id);
    store_param_int(&b, rec_i(a->rec, "round"));
    store_param_text(&b, kind);
    store_param_text(&b, cls);
    store_param_text(&b, rec_s(a->in, "text"));
    store_param_text(&b, on_s);
    case_param_user(&b, a->p);
    store_param_int(&b, late ? 1 : 0);
    return store_run(a->c,
                     "INSERT INTO case_replies (case_id, unit_id, round, kind, class, text, "
                     "replied_on, user_id, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &b, NULL, e);
}

rc_t act_reply(act_ctx *a, err *e) {
    bool co = strcmp(a->me.unit_role, "co") == 0;
    const char *cls = rec_s(a->in, "class");
    if (!co && !cls && !a->k->reply_unclassed)
        return err_set(e, RC_INVALID, "class", "class is required");
    date_t on = 0;
    bool late = false;
    rc_t rc = reply_day(a, &on, &late, e);
    if (rc == RC_OK)
        rc = insert_reply(a, co ? "co_view" : "reply", co ? NULL : cls, on, late, e);
    if (rc == RC_OK)
        rc = case_reply_cite(a, e);
    if (rc == RC_OK)
        rc = set_my_unit(a, "replied", NULL, e);
    return rc ? rc : settle(a, on, e);
}

rc_t act_follow_up(act_ctx *a, err *e) {
    if (!rec_s(a->in, "class"))
        return err_set(e, RC_INVALID, "class", "class is required");
    date_t on = 0;
    bool late = false;
    rc_t rc = reply_day(a, &on, &late, e);
    /* a follow-up comes when the matter is solved, after the deadline: never late */
    if (rc == RC_OK)
        rc = insert_reply(a, "follow_up", rec_s(a->in, "class"), on, false, e);
    return rc ? rc : case_reply_cite(a, e);
}

rc_t act_feedback(act_ctx *a, err *e) {
    int64_t person = 0;
    const char *rating = rec_s(a->in, "rating");
    rc_t rc = RC_OK;
    if (a->me.who & CR_OWED) {
        person = a->me.person_id;
    } else {
        const json_t *pid = json_object_get(a->in, "person_id");
        if (!json_is_integer(pid))
            return err_set(e, RC_INVALID, "person_id",
                           "staff record feedback for a voter or petitioner: name person_id");
        store_params b = {.n = 0};
        store_param_int(&b, a->id);
        store_param_int(&b, json_integer_value(pid));
        rc = store_one_int(a->c,
                           "SELECT id FROM case_people WHERE case_id = ? AND id = ? AND "
                           "deputy_id IS NULL",
                           &b, &person, e);
        if (rc == RC_OK && !person)
            return err_set(e, RC_INVALID, "person_id",
                           "person_id is not a voter or petitioner "
                           "owed this case's reply (deputies give their own feedback)");
        int64_t given = 0;
        store_params g = {.n = 0};
        store_param_int(&g, a->id);
        store_param_int(&g, rec_i(a->rec, "round"));
        store_param_int(&g, person);
        if (rc == RC_OK)
            rc = store_one_int(a->c,
                               "SELECT COUNT(*) FROM case_feedback WHERE case_id = ? AND "
                               "round = ? AND person_id = ?",
                               &g, &given, e);
        if (rc == RC_OK && given)
            rc = err_set(e, RC_CONFLICT, "rating", "feedback for this reply was already given");
    }
    store_params f = {.n = 0};
    store_param_int(&f, a->id);
    store_param_int(&f, rec_i(a->rec, "round"));
    store_param_int(&f, person);
    store_param_text(&f, rating);
    store_param_text(&f, rec_s(a->in, "text"));
    store_param_text(&f, a->today_s);
    case_param_user(&f, a->p);
    if (rc == RC_OK)
        rc = store_run(a->c,
                       "INSERT INTO case_feedback (case_id, round, person_id, rating, text, "
                       "given_on, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       &f, NULL, e);
    if (rc == RC_CONFLICT)
        rc = err_set(e, RC_CONFLICT, "rating", "feedback for this reply was already given");
    /* Every person owed rates each round: re-handling waits for the last rating (or
     * for staff once the feedback period lapsed: act_rehandle). */
    case_round r;
    if (rc == RC_OK)
        rc = case_round_stored(a->c, a->id, rec_i(a->rec, "round"), &r, e);
    if (rc || r.rated < r.owed || !r.unsatisfied)
        return rc;
    return new_round(a, e);
}

/* new_round — re-handling: the answering units answer again by the new date. */
static rc_t new_round(act_ctx *a, err *e) {
    rc_t rc = RC_OK;
    date_t due = 0;
    char due_s[11];
    rc = case_period_end(a->c, a->congress_id, rehandle_period, a->today, &due, e);
    date_format(due, due_s);
    store_params r = {.n = 0};
    store_param_text(&r, due_s);
    store_param_int(&r, a->id);
    if (rc == RC_OK)
        rc = store_run(a->c, "UPDATE cases SET round = round + 1, due_on = ? WHERE id = ?", &r,
                       NULL, e);
    if (rc == RC_OK)
        rc = store_run(a->c,
                       "UPDATE case_units SET state = 'assigned', due_on = ? WHERE "
                       "case_id = ? AND role IN ('lead','separate') AND state = 'replied'",
                       &r, NULL, e);
    a->to = CS_REHANDLING;
    return rc;
}

/* act_rehandle — staff start re-handling a round whose feedback period lapsed. */
rc_t act_rehandle(act_ctx *a, err *e) {
    rc_t rc = new_round(a, e);
    return rc ? rc : lapse_note(a, e);
}

rc_t act_close_case(act_ctx *a, err *e) {
    rc_t rc = lapse_note(a, e);
    return rc ? rc : case_close_today(a, e);
}

/* lapse_note — when staff close or re-handle without every rating, the history says
 * so: the feedback period lapsed, and how many of those owed did not rate. */
static rc_t lapse_note(act_ctx *a, err *e) {
    case_round r;
    case_round_of(a->rec, a->today, &r);
    if (!(a->me.who & CR_STAFF) || r.rated >= r.owed)
        return RC_OK;
    char due[11] = "";
    if (r.due)
        date_format(r.due, due);
    const char *text = rec_s(a->in, "text");
    json_t *in = json_deep_copy(a->in);
    json_t *note =
        json_sprintf("feedback period lapsed on %s; %d of %d did not rate%s%s", due,
                     r.owed - r.rated, r.owed, text && *text ? ". " : "", text ? text : "");
    if (!in || !note || json_object_set_new(in, "text", note)) {
        json_decref(in);
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    json_object_set_new(in, "feedback_lapsed", json_true());
    json_decref(a->record);
    a->record = in;
    return RC_OK;
}

/* move_due — a new deadline for the case and its waiting answering units. */
static rc_t move_due(act_ctx *a, const char *due_s, err *e) {
    store_params b = {.n = 0};
    store_param_text(&b, due_s);
    store_param_int(&b, a->id);
    rc_t rc = store_run(a->c, "UPDATE cases SET due_on = ? WHERE id = ?", &b, NULL, e);
    if (rc == RC_OK)
        rc = store_run(a->c,
                       "UPDATE case_units SET due_on = ? WHERE case_id = ? AND "
                       "role IN ('lead','separate') AND state = 'assigned'",
                       &b, NULL, e);
    return rc;
}

/* new_due — the extended deadline by the kind's rule: a fixed number of days once, or
 * the date asked for, after the current one. */
static rc_t new_due(act_ctx *a, const char *asked, char out[11], err *e) {
    date_t cur = 0, d = 0;
    if (rec_s(a->rec, "due_on"))
        date_parse(rec_s(a->rec, "due_on"), &cur);
    if (a->k->extension.rule == EXTEND_ONCE_BY) {
        case_period once = {.setting = a->k->extension.setting, .unit = DUE_DAYS};
        rc_t rc = case_period_end(a->c, a->congress_id, once, cur, &d, e);
        if (rc)
            return rc;
    } else if (!asked || !date_parse(asked, &d)) {
        return err_set(e, RC_INVALID, "due_on", "due_on (YYYY-MM-DD) is required");
    } else if (d <= cur) {
        return err_set(e, RC_INVALID, "due_on", "due_on must be after the current deadline %s",
                       rec_s(a->rec, "due_on"));
    }
    date_format(d, out);
    return RC_OK;
}

/* decide — staff approve or refuse a unit's request. */
static rc_t decide(act_ctx *a, int64_t ext, const char *due_in, err *e) {
    static const field_def cols[] = {
        {.name = "id", .type = FT_INT},
        {.name = "new_due_on", .type = FT_DATE},
        {.name = "state", .type = FT_TEXT},
    };
    char due_s[11];
    json_t *arr = json_array();
    store_params b = {.n = 0};
    store_param_int(&b, ext);
    store_param_int(&b, a->id);
    rc_t rc = case_rows_json(a->c,
                             "SELECT id, new_due_on, state FROM case_extensions WHERE id = ? "
                             "AND case_id = ?",
                             &b, cols, 3, arr, e);
    json_t *x = json_array_get(arr, 0);
    bool approve = true;
    if (rc == RC_OK && !x)
        rc = err_set(e, RC_INVALID, "extension_id", "this case has no such extension request");
    if (rc == RC_OK && strcmp(rec_s(x, "state"), "requested") != 0)
        rc = err_set(e, RC_CONFLICT, "extension_id", "this request was already %s",
                     rec_s(x, "state"));
    if (rc == RC_OK && json_object_get(a->in, "approve"))
        rc = act_bool(a->in, "approve", &approve, e);
    if (rc == RC_OK && approve)
        rc = new_due(a, due_in ? due_in : rec_s(x, "new_due_on"), due_s, e);
    if (rc == RC_OK && approve)
        rc = move_due(a, due_s, e);
    store_params d = {.n = 0};
    store_param_text(&d, approve ? "approved" : "refused");
    store_param_text(&d, approve ? due_s : NULL);
    case_param_user(&d, a->p);
    store_param_text(&d, a->today_s);
    store_param_int(&d, ext);
    if (rc == RC_OK)
        rc = store_run(a->c,
                       "UPDATE case_extensions SET state = ?, new_due_on = COALESCE(?, "
                       "new_due_on), decided_by = ?, decided_on = ? WHERE id = ?",
                       &d, NULL, e);
    json_decref(arr);
    return rc;
}

rc_t act_extend(act_ctx *a, err *e) {
    const char *due_in = rec_s(a->in, "due_on"), *reason = rec_s(a->in, "reason");
    const json_t *ext = json_object_get(a->in, "extension_id");
    char due_s[11];
    rc_t rc = RC_OK;
    if (!(a->me.who & CR_STAFF)) {
        /* a unit's request, for staff to decide (one pending per unit: may_extend) */
        if (!reason)
            return err_set(e, RC_INVALID, "reason", "reason is required");
        store_params b = {.n = 0};
        store_param_int(&b, a->id);
        store_param_int(&b, a->p->unit_id);
        store_param_text(&b, reason);
        store_param_text(&b, due_in);
        store_param_text(&b, a->today_s);
        return store_run(a->c,
                         "INSERT INTO case_extensions (case_id, unit_id, reason, new_due_on, "
                         "state, created_at) VALUES (?, ?, ?, ?, 'requested', ?)",
                         &b, NULL, e);
    }
    if (ext)
        return decide(a, json_integer_value(ext), due_in, e);
    /* staff extend directly */
    if (!reason)
        return err_set(e, RC_INVALID, "reason", "reason is required");
    rc = new_due(a, due_in, due_s, e);
    if (rc == RC_OK)
        rc = move_due(a, due_s, e);
    store_params b = {.n = 0};
    store_param_int(&b, a->id);
    store_param_text(&b, reason);
    store_param_text(&b, due_s);
    case_param_user(&b, a->p);
    store_param_text(&b, a->today_s);
    store_param_text(&b, a->today_s);
    if (rc == RC_OK)
        rc = store_run(a->c,
                       "INSERT INTO case_extensions (case_id, reason, new_due_on, state, "
                       "decided_by, decided_on, created_at) VALUES (?, ?, ?, 'approved', ?, "
                       "?, ?)",
                       &b, NULL, e);
    return rc;
}
