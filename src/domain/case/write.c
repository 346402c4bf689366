/* write.c — registering a case and changing it while it is a draft or submitted, and
 * the history every change leaves (case_events and the audit trail). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "domain/case/case_impl.h"

/* Keys a client may send back as it got them from GET (they are the server's). */
static const char *const server_keys[] = {
    "id",      "created_at", "updated_at", "actions",          "people",
    "units",   "replies",    "feedback",   "extensions",       "history",
    "overdue", "due_soon",   "extended",   "lead_deputy_name", NULL};

/* server_key — a key the server writes: the engine's, a read-only field (the case's or
 * the kind's, set by actions), or a reference's name beside its id (term_name). */
static bool server_key(const case_kind *k, const char *key) {
    for (int i = 0; server_keys[i]; i++)
        if (strcmp(server_keys[i], key) == 0)
            return true;
    for (int i = 0; i < case_parts_count; i++) /* the page's lists (attachments …) */
        if (strcmp(case_parts[i].key, key) == 0)
            return true;
    if (k->part && strcmp(k->part, key) == 0) /* the kind's own list (polls) */
        return true;
    for (int i = 0; i < case_fields_count; i++)
        if ((case_fields[i].flags & FF_READ_ONLY) && strcmp(case_fields[i].name, key) == 0)
            return true;
    for (int i = 0; i < k->nfields; i++) {
        const field_def *f = &k->fields[i];
        char name[FIELD_KEY_MAX] = "";
        if (f->type == FT_REF)
            field_name_key(f, name);
        if (((f->flags & FF_READ_ONLY) && strcmp(f->name, key) == 0) || strcmp(name, key) == 0)
            return true;
    }
    return false;
}

static const field_def *kind_field(const case_kind *k, const char *name) {
    for (int i = 0; i < k->nfields; i++)
        if (strcmp(k->fields[i].name, name) == 0)
            return &k->fields[i];
    return NULL;
}

static const field_def *base_field(const char *name) {
    for (int i = 0; i < case_fields_count; i++)
        if (strcmp(case_fields[i].name, name) == 0)
            return &case_fields[i];
    return NULL;
}

/* check_input — every key of `in` is a field one may write now (or the server's own,
 * which is ignored, or the cosigners), and each value is of its field's type. A field
 * that changes only while the case is a draft is refused later (draft false). */
static rc_t check_input(store_conn *c, const case_kind *k, int64_t congress_id, const json_t *in,
                        bool create, bool draft, err *e) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        if (server_key(k, key) || (k->cosigners && strcmp(key, "cosigners") == 0))
            continue;
        const field_def *f = kind_field(k, key);
        if (!f)
            f = base_field(key);
        if (!f)
            return err_set(e, RC_INVALID, key, "%s has no field %s", k->plural, key);
        if (f->flags & (FF_ACTION_ONLY | FF_READ_ONLY))
            return err_set(e, RC_INVALID, key, "%s is set by an action, not written", key);
        if (!draft && (f->flags & FF_DRAFT_ONLY))
            return err_set(e, RC_CONFLICT, key,
                           "%s changes only while the case is a draft; after submission it is "
                           "changed by an action (convert)",
                           key);
        rc_t rc = field_check(c, f, v, congress_id, e);
        if (rc)
            return rc;
    }
    for (int i = 0; create && i < k->nfields; i++) {
        const field_def *f = &k->fields[i];
        if ((f->flags & FF_REQUIRED) && field_blank(json_object_get(in, f->name)))
            return err_set(e, RC_INVALID, f->name, "%s (%s) is required", f->name, f->label_zh);
    }
    const json_t *title = json_object_get(in, "title");
    if ((create || title) && field_blank(title))
        return err_set(e, RC_INVALID, "title", "%s (%s) is required", "title", "标题");
    return RC_OK;
}

/* kind_row — the kind's fields given in `in`: INSERT on create, UPDATE otherwise. A
 * client's input (server false) never writes a read-only field (the server's, sent back
 * as read: a session number, a presidium's decision); an action's own write does. */
static rc_t kind_row(store_conn *c, const case_kind *k, int64_t case_id, const json_t *in,
                     bool create, bool server, err *e) {
    buf sql;
    store_params b = {.n = 0};
    int n = 0;
    buf_init(&sql, CASE_SQL_MAX);
    rc_t rc = create ? buf_printf(&sql, "INSERT INTO %s (case_id", k->plural)
                     : buf_printf(&sql, "UPDATE %s SET case_id = case_id", k->plural);
    if (create)
        store_param_int(&b, case_id);
    for (int i = 0; i < k->nfields && rc == RC_OK; i++) {
        const field_def *f = &k->fields[i];
        const json_t *v = json_object_get(in, f->name);
        if (!v || !field_is_column(f) || (!server && (f->flags & (FF_READ_ONLY | FF_ACTION_ONLY))))
            continue;
        rc = create ? buf_printf(&sql, ", %s", f->name) : buf_printf(&sql, ", %s = ?", f->name);
        field_bind(&b, f, v);
        n++;
    }
    if (rc == RC_OK && create) {
        rc = buf_puts(&sql, ") VALUES (?");
        for (int i = 0; i < n && rc == RC_OK; i++)
            rc = buf_puts(&sql, ", ?");
        if (rc == RC_OK)
            rc = buf_puts(&sql, ")");
    } else if (rc == RC_OK) {
        rc = buf_puts(&sql, " WHERE case_id = ?");
        store_param_int(&b, case_id);
    }
    if (rc == RC_OK && (create || n))
        rc = store_run(c, sql.data, &b, NULL, e);
    buf_free(&sql);
    return rc;
}

rc_t case_kind_write(store_conn *c, const case_kind *k, int64_t case_id, const json_t *set,
                     err *e) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)set, key, v) {
        if (!kind_field(k, key))
            return err_set(e, RC_INTERNAL, key, "%s has no field %s", k->plural, key);
    }
    return kind_row(c, k, case_id, set, false, true, e);
}

/* ---- history ------------------------------------------------------------------------------ */

rc_t case_each_row(store_conn *c, const case_kind *k, int64_t only_id, case_row_fn fn, void *ctx,
                   err *e) {
    buf sql;
    store_params b = {.n = 0};
    store_stmt *st = NULL;
    buf_init(&sql, CASE_SQL_MAX);
    rc_t rc = buf_puts(&sql, "SELECT c.id");
    for (int i = 0; i < case_fields_count && rc == RC_OK; i++)
        rc = buf_printf(&sql, ", c.%s", case_fields[i].name);
    if (rc == RC_OK)
        rc = buf_puts(&sql, ", c.created_at, c.updated_at");
    for (int i = 0; i < k->nfields && rc == RC_OK; i++)
        if (field_is_column(&k->fields[i]))
            rc = buf_printf(&sql, ", k.%s", k->fields[i].name);
    if (rc == RC_OK)
        rc = buf_printf(&sql,
                        " FROM cases c JOIN %s k ON k.case_id = c.id WHERE c.kind = ?%s "
                        "ORDER BY c.id",
                        k->plural, only_id ? " AND c.id = ?" : "");
    store_param_text(&b, k->name);
    if (only_id)
        store_param_int(&b, only_id);
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, &b, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        json_t *o = json_object();
        int col = 0;
        int64_t id = store_column_int(st, col++);
        json_object_set_new(o, "id", json_integer(id));
        for (int i = 0; i < case_fields_count; i++)
            json_object_set_new(o, case_fields[i].name,
                                field_column_json(&case_fields[i], st, col++));
        const char *created = store_column_text(st, col++), *updated = store_column_text(st, col++);
        json_object_set_new(o, "created_at", created ? json_string(created) : json_null());
        json_object_set_new(o, "updated_at", updated ? json_string(updated) : json_null());
        for (int i = 0; i < k->nfields; i++)
            if (field_is_column(&k->fields[i]))
                json_object_set_new(o, k->fields[i].name,
                                    field_column_json(&k->fields[i], st, col++));
        rc = fn(ctx, id, o, e);
        json_decref(o);
    }
    store_finish(st);
    buf_free(&sql);
    return rc;
}

static rc_t keep_snapshot(void *ctx, int64_t id, const json_t *row, err *e) {
    json_t **out = ctx;
    *out = json_incref((json_t *)row);
    return RC_OK;
}

rc_t case_snapshot(store_conn *c, const case_kind *k, int64_t id, json_t **out, err *e) {
    *out = NULL;
    rc_t rc = case_each_row(c, k, id, keep_snapshot, out, e);
    if (rc == RC_OK && !*out)
        rc = err_set(e, RC_NOT_FOUND, NULL, "%s has no case %lld", k->plural, (long long)id);
    return rc;
}

rc_t case_record(store_conn *c, const principal *p, const case_kind *k, int64_t id,
                 int64_t congress_id, const char *action, const char *from, const char *to,
                 const json_t *in, err *e) {
    char now[21];
    now_iso(now);
    const char *note = rec_s(in, "text");
    if (!note)
        note = rec_s(in, "reason");
    store_params b = {.n = 0};
    store_param_int(&b, id);
    store_param_text(&b, now);
    case_param_user(&b, p);
    store_param_text(&b, p->login[0] ? p->login : NULL);
    store_param_text(&b, action);
    store_param_text(&b, from);
    store_param_text(&b, to);
    store_param_text(&b, note);
    rc_t rc = store_run(c,
                        "INSERT INTO case_events (case_id, at, user_id, login, action, "
                        "from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &b, NULL, e);
    json_t *row = NULL;
    if (rc == RC_OK)
        rc = case_snapshot(c, k, id, &row, e);
    if (rc)
        return rc;
    json_t *before = from ? json_pack("{s:s}", "state", from) : NULL;
    json_t *after = json_pack("{s:s?, s:O?, s:o}", "state", to, "input", in, "record", row);
    char *bt = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *at = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    rc = at ? audit_append(c, p, congress_id, action, k->plural, id, bt, at, e)
            : err_set(e, RC_NOMEM, NULL, "out of memory");
    free(bt);
    free(at);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* ---- create and update ------------------------------------------------------------------- */

/* received_on — the kind's arrival date from the input, if given (case_kind
 * received_field): *submitted points at it; later than the congress's today is
 * RC_INVALID naming the field. */
static rc_t received_on(store_conn *c, const case_kind *k, int64_t congress_id, const json_t *in,
                        const char **submitted, err *e) {
    const json_t *v = k->received_field ? json_object_get(in, k->received_field) : NULL;
    date_t d;
    if (!json_is_string(v) || !date_parse(json_string_value(v), &d))
        return RC_OK; /* absent, or field_check named what is wrong with it */
    rc_t rc = case_date_check(k->received_field, d, 0, NULL, case_today(c, congress_id), e);
    if (rc == RC_OK)
        *submitted = json_string_value(v);
    return rc;
}

rc_t case_create(store_conn *c, const case_kind *k, const principal *p, const json_t *in,
                 json_t **out, err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    bool deputy = p->role == ROLE_DEPUTY && k->deputies_create;
    if (!case_is_staff(p) && !deputy)
        return err_set(e, RC_FORBIDDEN, NULL, "the %s role may not register %s", role_name(p->role),
                       k->plural);
    if (!p->congress_id)
        return err_set(e, RC_FORBIDDEN, NULL, "this account belongs to no congress");
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "send a JSON object");
    json_t *rec = json_deep_copy(in);
    int64_t id = 0;
    char now[21], today[11];
    now_iso(now);
    date_format(case_today(c, p->congress_id), today);
    const char *submitted = k->initial == CS_DRAFT ? NULL : today;
    rc_t rc = RC_OK;
    if (deputy && kind_field(k, "lead_deputy_id")) {
        const json_t *lead = json_object_get(in, "lead_deputy_id");
        if (lead && !(json_is_integer(lead) && json_integer_value(lead) == p->deputy_id))
            rc = err_set(e, RC_FORBIDDEN, "lead_deputy_id",
                         "a deputy writes proposals in their own name");
        json_object_set_new(rec, "lead_deputy_id", json_integer(p->deputy_id));
    }
    /* a field left out takes its default (a proposal is a suggestion unless it says);
     * one sent empty is the caller's choice, and a required one is refused below */
    for (int i = 0; i < k->nfields; i++) {
        const field_def *f = &k->fields[i];
        if (f->def && f->type == FT_ENUM && !json_object_get(rec, f->name))
            json_object_set_new(rec, f->name, json_string(f->def));
    }
    if (rc == RC_OK)
        rc = store_begin(c, true, e);
    if (rc) {
        json_decref(rec);
        return rc;
    }
    rc = check_input(c, k, p->congress_id, rec, true, true, e);
    if (rc == RC_OK)
        rc = received_on(c, k, p->congress_id, rec, &submitted, e);
    json_object_set_new(rec, "state", json_string(case_state_name(k->initial)));
    if (rc == RC_OK && k->check)
        rc = k->check(c, p->congress_id, 0, "create", rec, e);
    store_params b = {.n = 0};
    store_param_int(&b, p->congress_id);
    store_param_text(&b, k->name);
    store_param_text(&b, case_state_name(k->initial));
    store_param_text(&b, rec_s(rec, "title"));
    store_param_text(&b,
                     field_blank(json_object_get(rec, "category")) ? NULL : rec_s(rec, "category"));
    store_param_text(&b, submitted);
    case_param_user(&b, p);
    store_param_text(&b, now);
    store_param_text(&b, now);
    if (rc == RC_OK)
        rc = store_one_int(c,
                           "INSERT INTO cases (congress_id, kind, state, title, category, "
                           "submitted_on, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, "
                           "?, ?, ?, ?, ?) RETURNING id",
                           &b, &id, e);
    if (rc == RC_OK)
        rc = kind_row(c, k, id, rec, true, false, e);
    if (rc == RC_OK && k->after_create)
        rc = k->after_create(c, p, id, rec, in, e);
    /* a case the office registers (登记) is numbered then; a deputy's when accepted */
    if (rc == RC_OK && k->initial != CS_DRAFT)
        rc = case_number_assign(c, k, p->congress_id, id, case_today(c, p->congress_id), e);
    if (rc == RC_OK && submitted) /* registered as submitted: its time to be assigned runs */
        rc = case_mark_assign_by(c, k, id, p->congress_id, e);
    if (rc == RC_OK)
        rc = case_record(c, p, k, id, p->congress_id, "create", NULL, case_state_name(k->initial),
                         in, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    json_decref(rec);
    if (rc == RC_OK)
        rc = case_get(c, k, p, id, out, e);
    return rc;
}

rc_t case_update(store_conn *c, const case_kind *k, const principal *p, int64_t id,
                 const json_t *in, json_t **out, err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "send a JSON object");
    json_t *rec = NULL;
    case_me me;
    case_state st = CS_DRAFT;
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = case_load(c, k, p, id, false, &rec, e);
    if (rc == RC_OK)
        rc = case_me_of(c, p, rec, &me, e);
    if (rc)
        goto done;
    int64_t congress = rec_i(rec, "congress_id");
    case_state_parse(rec_s(rec, "state"), &st);
    if (!(me.who & (CR_STAFF | CR_LEAD)))
        rc = err_set(e, RC_FORBIDDEN, NULL, "only staff or the lead deputy may change this case");
    else if (st != CS_DRAFT && st != CS_SUBMITTED)
        rc = err_set(e, RC_CONFLICT, "state",
                     "the case is %s; it can be changed only while draft or submitted",
                     case_state_name(st));
    else if (json_object_get(in, "lead_deputy_id"))
        rc = err_set(e, RC_INVALID, "lead_deputy_id", "the lead deputy is fixed once written");
    if (rc == RC_OK)
        rc = check_input(c, k, congress, in, false, st == CS_DRAFT, e);
    if (rc)
        goto done;
    /* the case as it will be, for the kind's rules */
    json_t *merged = json_deep_copy(rec);
    json_object_update(merged, (json_t *)in);
    if (k->check)
        rc = k->check(c, congress, id, "update", merged, e);
    json_decref(merged);
    char now[21];
    now_iso(now);
    store_params b = {.n = 0};
    const json_t *title = json_object_get(in, "title"), *category = json_object_get(in, "category");
    store_param_text(&b, title ? json_string_value(title) : rec_s(rec, "title"));
    store_param_text(&b, category ? (field_blank(category) ? NULL : json_string_value(category))
                                  : rec_s(rec, "category"));
    store_param_text(&b, now);
    store_param_int(&b, id);
    if (rc == RC_OK)
        rc = store_run(c, "UPDATE cases SET title = ?, category = ?, updated_at = ? WHERE id = ?",
                       &b, NULL, e);
    if (rc == RC_OK)
        rc = kind_row(c, k, id, in, false, false, e);
    const char *submitted = NULL;
    if (rc == RC_OK)
        rc = received_on(c, k, congress, in, &submitted, e);
    if (rc == RC_OK && submitted) {
        store_params sb = {.n = 0};
        store_param_text(&sb, submitted);
        store_param_int(&sb, id);
        rc = store_run(c, "UPDATE cases SET submitted_on = ? WHERE id = ?", &sb, NULL, e);
        if (rc == RC_OK)
            rc = case_mark_assign_by(c, k, id, congress, e);
    }
    if (rc == RC_OK && json_object_get(in, "cosigners"))
        rc = case_set_cosigners(c, congress, id, rec_i(rec, "lead_deputy_id"),
                                json_object_get(in, "cosigners"), e);
    if (rc == RC_OK && k->check && json_object_get(in, "cosigners"))
        rc = k->check(c, congress, id, "update", rec, e); /* the signers as they are now */
    if (rc == RC_OK)
        rc = case_record(c, p, k, id, congress, "update", rec_s(rec, "state"), rec_s(rec, "state"),
                         in, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    store_unwind(c, depth);
    json_decref(rec);
    if (rc == RC_OK)
        rc = case_get(c, k, p, id, out, e);
    return rc;
}
