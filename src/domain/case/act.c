/* act.c — taking an action on a case: the one path every action goes (lock the case,
 * load it, check state, role, the action's rule and the kind's rules, validate the
 * body against the action's inputs, run its handler, move the state, record it), and
 * the handlers of the actions on the case as a whole. The units' actions (assign,
 * return, reply, feedback, extend) are in act_units.c. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

#define PERSON_NAME_MAX 256

rc_t act_date(const json_t *in, const char *key, date_t def, date_t *out, err *e) {
    const json_t *v = json_object_get(in, key);
    *out = def;
    if (!v || json_is_null(v))
        return RC_OK;
    if (!json_is_string(v) || !date_parse(json_string_value(v), out))
        return err_set(e, RC_INVALID, key, "%s must be a date YYYY-MM-DD", key);
    return RC_OK;
}

rc_t act_text(const json_t *in, const char *key, bool required, const char **out, err *e) {
    const json_t *v = json_object_get(in, key);
    *out = NULL;
    if (v && !json_is_null(v) && !json_is_string(v))
        return err_set(e, RC_INVALID, key, "%s must be text", key);
    *out = json_string_value(v);
    if (required && (!*out || !**out))
        return err_set(e, RC_INVALID, key, "%s is required", key);
    return RC_OK;
}

rc_t act_bool(const json_t *in, const char *key, bool *out, err *e) {
    const json_t *v = json_object_get(in, key);
    if (!json_is_boolean(v))
        return err_set(e, RC_INVALID, key, "%s must be true or false", key);
    *out = json_is_true(v);
    return RC_OK;
}

/* set_case_day — stamp a date column of the case (submitted_on, closed_on) with the
 * action's day. */
static rc_t set_case_day(act_ctx *a, const char *column, err *e) {
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE cases SET %s = ? WHERE id = ?", column);
    store_params b = {.n = 0};
    store_param_text(&b, a->today_s);
    store_param_int(&b, a->id);
    return store_run(a->c, sql, &b, NULL, e);
}

static rc_t set_case_flag(act_ctx *a, const char *column, err *e) {
    bool v = false;
    rc_t rc = act_bool(a->in, column, &v, e);
    if (rc)
        return rc;
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE cases SET %s = ? WHERE id = ?", column);
    store_params b = {.n = 0};
    store_param_int(&b, v ? 1 : 0);
    store_param_int(&b, a->id);
    return store_run(a->c, sql, &b, NULL, e);
}

rc_t act_none(act_ctx *a, err *e) { return RC_OK; } /* the state change is all */
rc_t act_submit(act_ctx *a, err *e) {
    date_t on = a->today;
    char on_s[11];
    rc_t rc = act_date(a->in, "submitted_on", a->today, &on, e);
    if (rc == RC_OK)
        rc = case_date_check("submitted_on", on, 0, NULL, a->today, e);
    date_format(on, on_s);
    store_params b = {.n = 0};
    store_param_text(&b, on_s);
    store_param_int(&b, a->id);
    if (rc == RC_OK)
        rc = store_run(a->c, "UPDATE cases SET submitted_on = ? WHERE id = ?", &b, NULL, e);
    return rc ? rc : case_mark_assign_by(a->c, a->k, a->id, a->congress_id, e);
}
rc_t act_close(act_ctx *a, err *e) { return set_case_day(a, "closed_on", e); }
rc_t case_close_today(act_ctx *a, err *e) { return act_close(a, e); }
rc_t act_publish(act_ctx *a, err *e) { return set_case_flag(a, "published", e); }

/* act_supervise — key supervision (重点督办) is designated by a chairpersons' meeting of
 * the congress that has met (meeting_id: required to mark a case, optional to lift
 * it); the case keeps the meeting that marked it, and its history names the meeting. */
rc_t act_supervise(act_ctx *a, err *e) {
    bool on = false;
    rc_t rc = act_bool(a->in, "key_supervision", &on, e);
    if (rc)
        return rc;
    const json_t *mv = json_object_get(a->in, "meeting_id");
    case_meeting m = {.id = 0};
    if (on && !json_is_integer(mv))
        return err_set(e, RC_INVALID, "meeting_id",
                       "key supervision is designated by a chairpersons' meeting: name it "
                       "(meeting_id)");
    if (json_is_integer(mv))
        rc = case_meeting_get(a->c, a->congress_id, json_integer_value(mv), "chairs_meeting",
                              "meeting_id", &m, e);
    if (rc == RC_OK && m.id && m.starts_on > a->today) {
        char d[11];
        date_format(m.starts_on, d);
        rc = err_set(e, RC_INVALID, "meeting_id",
                     "meeting_id: the chairpersons' meeting is on %s; it has not met yet", d);
    }
    store_params b = {.n = 0};
    store_param_int(&b, on ? 1 : 0);
    if (on)
        store_param_int(&b, m.id);
    else
        store_param_text(&b, NULL);
    store_param_int(&b, a->id);
    if (rc == RC_OK)
        rc = store_run(a->c,
                       "UPDATE cases SET key_supervision = ?, supervision_meeting_id = ? WHERE "
                       "id = ?",
                       &b, NULL, e);
    if (rc || !m.id)
        return rc;
    /* the history names the meeting that decided it, before the office's own note */
    const char *text = rec_s(a->in, "text");
    json_t *in = json_deep_copy(a->in);
    json_t *note = json_sprintf("%s决定%s%s%s", m.title, on ? "重点督办" : "取消重点督办",
                                text && *text ? "。" : "", text ? text : "");
    if (!in || !note || json_object_set_new(in, "text", note)) {
        json_decref(in);
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    json_decref(a->record);
    a->record = in;
    return RC_OK;
}

/* act_confirm — the cosigner's own confirmation, or staff confirming one whose
 * signature is on the paper submission (deputy_id; recorded as theirs). */
rc_t act_confirm(act_ctx *a, err *e) {
    const json_t *d = json_object_get(a->in, "deputy_id");
    bool self = (a->me.who & CR_COSIGNER) && a->me.unconfirmed && (!d || json_is_null(d));
    if (!self && (!json_is_integer(d) || json_integer_value(d) < 1))
        return err_set(e, RC_INVALID, "deputy_id",
                       "deputy_id is required: name the cosigner whose signature is on the paper");
    int64_t who = self ? a->p->deputy_id : json_integer_value(d);
    char name[PERSON_NAME_MAX] = "";
    store_params q = {.n = 0};
    store_param_int(&q, a->id);
    store_param_int(&q, who);
    rc_t rc = store_one_text(a->c,
                             "SELECT COALESCE(name, '') FROM case_people WHERE case_id = ? AND "
                             "deputy_id = ? AND role = 'cosigner' AND confirmed = 0 AND "
                             "from_case_id IS NULL",
                             &q, name, sizeof name, NULL, e);
    if (rc == RC_OK && !name[0])
        rc = err_set(e, RC_INVALID, "deputy_id",
                     "deputy %lld is not a cosigner of this case waiting to confirm",
                     (long long)who);
    if (rc)
        return rc;
    store_params b = {.n = 0};
    if (self)
        store_param_text(&b, NULL); /* the deputy's own confirmation */
    else
        case_param_user(&b, a->p);
    store_param_int(&b, a->id);
    store_param_int(&b, who);
    rc = store_run(a->c,
                   "UPDATE case_people SET confirmed = 1, confirmed_by = ? WHERE case_id = ? AND "
                   "deputy_id = ? AND role = 'cosigner' AND from_case_id IS NULL",
                   &b, NULL, e);
    /* the history says whose signature staff confirmed, unless their note says it */
    if (rc == RC_OK && !self && !rec_s(a->in, "text")) {
        json_t *in = json_deep_copy(a->in);
        if (!in || json_object_set_new(
                       in, "text", json_sprintf("%s：纸质件上有其签名，由工作人员确认", name))) {
            json_decref(in);
            return err_set(e, RC_NOMEM, NULL, "out of memory");
        }
        json_decref(a->record);
        a->record = in;
    }
    return rc;
}

rc_t act_decline(act_ctx *a, err *e) {
    store_params b = {.n = 0};
    store_param_text(&b, rec_s(a->in, "reason"));
    store_param_text(&b, rec_s(a->in, "text"));
    store_param_text(&b, a->today_s);
    store_param_int(&b, a->id);
    return store_run(a->c,
                     "UPDATE cases SET decline_reason = ?, decline_text = ?, closed_on = ? "
                     "WHERE id = ?",
                     &b, NULL, e);
}

rc_t act_merge(act_ctx *a, err *e) {
    int64_t main_id = rec_i(a->in, "into");
    if (main_id == a->id)
        return err_set(e, RC_INVALID, "into", "a case cannot be merged into itself");
    store_params b = {.n = 0};
    store_param_int(&b, main_id);
    store_param_text(&b, a->k->name);
    store_param_int(&b, a->congress_id);
    char main_state[16] = ""; /* the main case's state: it does not change */
    case_state ms = CS_DRAFT;
    rc_t rc = store_one_text(a->c,
                             "SELECT state FROM cases WHERE id = ? AND kind = ? AND "
                             "congress_id = ?",
                             &b, main_state, sizeof main_state, NULL, e);
    if (rc == RC_OK && (!case_state_parse(main_state, &ms) || !(a->t->targets & CS_BIT(ms))))
        rc = err_set(e, RC_INVALID, "into", "case %lld is not an open case of this kind",
                     (long long)main_id);
    if (rc)
        return rc;
    /* The merged case's people are owed the main case's reply (docs/cases.md). */
    store_params m = {.n = 0};
    store_param_int(&m, main_id);
    store_param_int(&m, a->id);
    store_param_int(&m, a->id);
    store_param_int(&m, main_id);
    rc = store_run(a->c,
                   "INSERT INTO case_people (case_id, deputy_id, name, role, confirmed, "
                   "from_case_id) SELECT ?, deputy_id, name, role, confirmed, ? FROM "
                   "case_people WHERE case_id = ? AND (deputy_id IS NULL OR deputy_id NOT IN "
                   "(SELECT x.deputy_id FROM case_people x WHERE x.case_id = ? AND "
                   "x.deputy_id IS NOT NULL))",
                   &m, NULL, e);
    store_params u = {.n = 0};
    store_param_int(&u, main_id);
    store_param_text(&u, a->today_s);
    store_param_int(&u, a->id);
    if (rc == RC_OK)
        rc = store_run(a->c, "UPDATE cases SET merged_into = ?, closed_on = ? WHERE id = ?", &u,
                       NULL, e);
    /* The main case's history (and the audit trail) says what came in and from where:
     * its state does not change. */
    const char *state = main_state;
    if (rc == RC_OK) {
        const char *title = rec_s(a->rec, "title");
        json_t *in = json_pack("{s:I, s:o}", "from", (json_int_t)a->id, "text",
                               json_sprintf("#%lld %s", (long long)a->id, title ? title : ""));
        rc = in ? case_record(a->c, a->p, a->k, main_id, a->congress_id, "merge_in", state, state,
                              in, e)
                : err_set(e, RC_NOMEM, NULL, "out of memory");
        json_decref(in);
    }
    return rc;
}

/* check_body — the body's members are the action's inputs (and a note), each of its
 * field's type. */
static rc_t check_body(store_conn *c, const case_transition *t, int64_t congress_id,
                       const json_t *in, bool types, arena *a, err *e) {
    static const field_def note = {.name = "text",
                                   .label_zh = "说明",
                                   .label_en = "Note",
                                   .type = FT_TEXT,
                                   .max_len = NOTE_LEN};
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        const field_def *f = NULL;
        for (int i = 0; i < t->ninput && !f; i++)
            if (strcmp(t->input[i].name, key) == 0)
                f = &t->input[i];
        if (!f && strcmp(key, "text") == 0)
            f = &note;
        if (!f)
            return err_set(e, RC_INVALID, key, "%s takes no %s", t->name, key);
        if (!types)
            continue;
        rc_t rc = field_value_check(f, field_enum_values(f, c, congress_id, a), v, e);
        if (rc)
            return rc;
    }
    for (int i = 0; types && i < t->ninput; i++)
        if ((t->input[i].flags & FF_REQUIRED) && field_blank(json_object_get(in, t->input[i].name)))
            return err_set(e, RC_INVALID, t->input[i].name, "%s is required", t->input[i].name);
    return RC_OK;
}

#define ACT_ARENA_MAX (64u * 1024)

rc_t case_act(store_conn *c, const case_kind *k, const principal *p, int64_t id, const char *action,
              const json_t *in, json_t **out, err *e) {
    const int depth = store_depth(c);
    if (out)
        *out = NULL;
    const case_transition *t = case_kind_transition(k, action);
    act_ctx a = {.c = c, .k = k, .t = t, .p = p, .in = in, .id = id, .to = CS_KEEP};
    if (!t && case_action_known(action))
        return err_set(e, RC_CONFLICT, NULL, "%s have no action %s%.0s", k->plural, action,
                       k->label_zh);
    if (!t)
        return err_set(e, RC_NOT_FOUND, NULL, "there is no action %s; see docs/cases.md", action);
    if (in && !json_is_object(in))
        return err_set(e, RC_INVALID, "", "send a JSON object");
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    rc_t rc = in ? check_body(c, t, 0, in, false, NULL, e) : RC_OK;
    if (rc)
        return rc;
    json_t *empty = json_object();
    arena *ar = arena_new(ACT_ARENA_MAX);
    if (!a.in)
        a.in = empty;
    rc = ar ? store_begin(c, true, e) : err_set(e, RC_NOMEM, NULL, "out of memory");
    if (rc)
        goto out;
    /* Take the case's row lock first, so two actions on one case run one after the
     * other and the second sees the first's result (PostgreSQL; SQLite's write
     * transactions are serial anyway). */
    store_params lock = {.n = 0};
    store_param_int(&lock, id);
    rc = store_run(c, "UPDATE cases SET updated_at = updated_at WHERE id = ?", &lock, NULL, e);
    if (rc == RC_OK)
        rc = case_load(c, k, p, id, false, &a.rec, e);
    if (rc == RC_OK)
        rc = case_me_of(c, p, a.rec, &a.me, e);
    if (rc)
        goto done;
    a.congress_id = rec_i(a.rec, "congress_id");
    a.today = case_today(c, a.congress_id);
    date_format(a.today, a.today_s);
    a.me.today = a.today;
    case_state from = CS_DRAFT;
    case_state_parse(rec_s(a.rec, "state"), &from);
    rc = case_check(t, from, a.me.who, e);
    for (int i = 0; rc == RC_OK && i < t->ninput; i++)
        if ((t->input[i].flags & FF_OFFICE) && !(a.me.who & CR_STAFF) &&
            json_object_get(a.in, t->input[i].name))
            rc = err_set(e, RC_FORBIDDEN, t->input[i].name, "only staff may give %s",
                         t->input[i].name);
    if (rc == RC_OK && t->may)
        rc = t->may(k, a.rec, &a.me, e);
    if (rc == RC_OK && k->check)
        rc = k->check(c, a.congress_id, id, action, a.rec, e);
    if (rc == RC_OK)
        rc = check_body(c, t, a.congress_id, a.in, true, ar, e);
    if (rc)
        goto done;
    a.to = t->to;
    rc = t->run(&a, e);
    if (rc == RC_OK && k->after_act)
        rc = k->after_act(&a, e);
    if (rc)
        goto done;
    case_state to = a.to == CS_KEEP ? from : a.to;
    if (to != from) {
        char now[21];
        now_iso(now);
        store_params b = {.n = 0};
        store_param_text(&b, case_state_name(to));
        store_param_text(&b, now);
        store_param_int(&b, id);
        rc = store_run(c, "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?", &b, NULL, e);
    }
    /* accepted is registered (立案): the case gets the number it is cited by */
    if (rc == RC_OK && to != from && to == CS_ACCEPTED)
        rc = case_number_assign(c, k, a.congress_id, id, a.today, e);
    if (rc == RC_OK)
        rc = case_record(c, p, k, id, a.congress_id, action, case_state_name(from),
                         case_state_name(to), a.record ? a.record : a.in, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    store_unwind(c, depth);
    json_decref(a.rec);
    json_decref(a.record);
    if (rc == RC_OK && out)
        rc = case_get(c, k, p, id, out, e);
out:
    arena_free(ar);
    json_decref(empty);
    return rc;
}
