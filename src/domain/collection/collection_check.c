/* collection_check.c — the collection engine's validation: the problems of one record
 * (import wants all of them, the API the first), the input merged onto a record, its
 * references, and the collection's own rules (see collection_impl.h).
 *
 * SQL here is assembled only from identifiers in the compiled-in field tables; every
 * value a user sends is bound as a parameter. */
#include "domain/collection/collection_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/msg_zh.h"

rc_t problem(problems *pr, rc_t rc, const char *field, const char *fmt, ...) {
    char msg[ERR_MESSAGE_MAX], zh[ERR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    msg_zh_format(fmt, ap, zh, sizeof zh);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (pr->count++ == 0) {
        err_set(&pr->first, rc, field, "%s", msg);
        memcpy(pr->first.message_zh, zh, sizeof zh);
    }
    if (pr->list)
        json_array_append_new(pr->list, json_pack("{s:s, s:s, s:s*}", "field", field ? field : "",
                                                  "message", msg, "message_zh", zh[0] ? zh : NULL));
    return pr->list ? RC_OK : rc; /* RC_OK: keep looking for more */
}

rc_t problem_err(problems *pr, const err *ce) {
    rc_t rc = problem(pr, ce->rc, ce->field, "%s", ce->message);
    if (ce->message_zh[0]) {
        if (pr->count == 1)
            memcpy(pr->first.message_zh, ce->message_zh, sizeof ce->message_zh);
        if (pr->list)
            json_object_set_new(json_array_get(pr->list, json_array_size(pr->list) - 1),
                                "message_zh", json_string(ce->message_zh));
    }
    return rc;
}

/* server_key — keys the server owns or derives, ignored on input: id, the times, the
 * actions, read-only and computed fields, a reference's display name (person_name
 * beside person_id). */
static bool server_key(const collection_def *d, const char *key) {
    if (strcmp(key, "id") == 0 || strcmp(key, "created_at") == 0 ||
        strcmp(key, "updated_at") == 0 || strcmp(key, "actions") == 0)
        return true;
    for (int i = 0; d->computed_keys && d->computed_keys[i]; i++)
        if (strcmp(d->computed_keys[i], key) == 0)
            return true;
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        char name[FIELD_KEY_MAX];
        if (strcmp(f->name, key) == 0 && (f->flags & FF_READ_ONLY))
            return true;
        if (f->type != FT_REF && f->type != FT_REFS)
            continue;
        field_name_key(f, name);
        if (strcmp(name, key) == 0)
            return true;
    }
    return false;
}

rc_t merge_input(const collection_def *d, const json_t *in, json_t *rec, problems *pr) {
    if (!json_is_object(in))
        return problem(pr, RC_INVALID, "", "the request body must be a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        if (server_key(d, key))
            continue;
        const field_def *f = collection_field(d, key);
        rc_t rc = RC_OK;
        err fe;
        if (!f || (f->flags & (FF_READ_ONLY | FF_ACTION_ONLY)) || f->type == FT_ATTACHMENTS)
            rc = problem(pr, RC_INVALID, key, "%s has no field %s", d->name, key);
        else if (field_value_check(f, f->values, v, &fe) != RC_OK)
            rc = problem_err(pr, &fe);
        else if ((f->flags & FF_FIXED) && json_object_get(rec, key) &&
                 !json_is_null(json_object_get(rec, key)) &&
                 !json_equal(json_object_get(rec, key), v))
            /* rec holds the record as it is (an update): a fixed field keeps its value */
            rc = problem(pr, RC_INVALID, key, "%s (%s) does not change once the record is made",
                         key, f->label_zh);
        else
            json_object_set(rec, key, v);
        if (rc)
            return rc;
    }
    return RC_OK;
}

/* check_ref — the record ref_id of f's collection exists and, when that collection
 * belongs to congresses, to this record's congress. */
static rc_t check_ref(store_conn *c, const collection_def *d, const field_def *f, int64_t ref_id,
                      int64_t self_id, int64_t rec_congress, problems *pr) {
    const collection_def *rd = collection_find(f->ref);
    if (!rd)
        return problem(pr, RC_INTERNAL, f->name, "%s refers to no collection", f->name);
    if (rd == d && ref_id == self_id)
        return problem(pr, RC_INVALID, f->name, "%s cannot refer to the record itself", f->name);
    char sql[256];
    bool same_congress = collection_has_congress(rd) && strcmp(f->name, "congress_id") != 0;
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?",
             same_congress ? "congress_id" : "id", rd->name);
    store_params b = {.n = 0};
    store_param_int(&b, ref_id);
    int64_t owner = 0;
    err se;
    rc_t rc = store_one_int(c, sql, &b, &owner, &se);
    if (rc)
        return problem_err(pr, &se);
    if (!owner)
        return problem(pr, RC_INVALID, f->name, "%s: there is no %s %lld", f->name, rd->name,
                       (long long)ref_id);
    if (same_congress && rec_congress && owner != rec_congress)
        return problem(pr, RC_INVALID, f->name, "%s: %s %lld belongs to another congress", f->name,
                       rd->name, (long long)ref_id);
    return RC_OK;
}

rc_t field_check(store_conn *c, const field_def *f, const json_t *v, int64_t congress_id, err *e) {
    problems pr = {.list = NULL};
    if (field_blank(v)) {
        if (f->flags & FF_REQUIRED)
            return err_set(e, RC_INVALID, f->name, "%s (%s) is required", f->name, f->label_zh);
        if (!v || json_is_null(v))
            return RC_OK;
    }
    rc_t rc = field_value_check(f, f->values, v, e);
    if (rc == RC_OK && f->type == FT_REF) {
        rc = check_ref(c, NULL, f, json_integer_value(v), 0, congress_id, &pr);
        if (rc)
            *e = pr.first;
    }
    return rc;
}

rc_t check_record(store_conn *c, const collection_def *d, const principal *p, json_t *rec,
                  int64_t self_id, problems *pr) {
    rc_t rc = RC_OK;
    /* the public, who belong to no congress, name the one they write to (a review
     * request to this county's committee: public_create); the reference check below
     * holds what they name to that congress */
    if (collection_has_congress(d) && p->role != ROLE_ADMIN && p->role != ROLE_ANON) {
        json_t *cv = json_object_get(rec, "congress_id");
        if (!cv || json_is_null(cv))
            json_object_set_new(rec, "congress_id", json_integer(p->congress_id));
        else if (!json_is_integer(cv) || json_integer_value(cv) != p->congress_id)
            return problem(pr, RC_FORBIDDEN, "congress_id",
                           "records of another congress cannot be written");
    }
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        if ((f->flags & FF_REQUIRED) && field_blank(json_object_get(rec, f->name)))
            rc = problem(pr, RC_INVALID, f->name, "%s (%s) is required", f->name, f->label_zh);
    }
    json_t *cv = json_object_get(rec, "congress_id");
    int64_t rec_congress = json_is_integer(cv) ? json_integer_value(cv) : 0;
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        json_t *v = json_object_get(rec, f->name);
        if (f->type == FT_REF && json_is_integer(v)) {
            rc = check_ref(c, d, f, json_integer_value(v), self_id, rec_congress, pr);
        } else if (f->type == FT_REFS && json_is_array(v)) {
            size_t k;
            json_t *x;
            json_array_foreach(v, k, x) {
                if (rc == RC_OK && json_is_integer(x))
                    rc = check_ref(c, d, f, json_integer_value(x), 0, rec_congress, pr);
            }
        }
    }
    if (rc == RC_OK && d->prepare && pr->count == 0) {
        err ce;
        err_clear(&ce);
        if (d->prepare(c, rec, &ce) != RC_OK)
            return problem_err(pr, &ce);
    }
    if (rc == RC_OK && d->check && pr->count == 0) {
        err ce;
        err_clear(&ce);
        if (d->check(c, rec, self_id, &ce) != RC_OK)
            return problem_err(pr, &ce);
    }
    return rc;
}
