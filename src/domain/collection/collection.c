/* collection.c — the generic collection engine: access, scope, reading, create/update/
 * delete with audit, counts and schema (see collection.h). Validation is
 * collection_check.c; export, import and the template are collection_io.c.
 *
 * SQL here is assembled only from identifiers in the compiled-in field tables; every
 * value a user sends is bound as a parameter. */
#include "domain/collection/collection_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "base/date.h"
#include "domain/attachment/attachment.h"
#include "domain/settings.h"

#define TITLE_SQL_MAX 512

/* ---- the registry and small helpers ---------------------------------------------------- */

const collection_def *collection_find(const char *name) {
    int n = 0;
    const collection_def *const *all = collections_all(&n);
    for (int i = 0; name && i < n; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

const field_def *collection_field(const collection_def *d, const char *name) {
    for (int i = 0; name && i < d->nfields; i++)
        if (strcmp(d->fields[i].name, name) == 0)
            return &d->fields[i];
    return NULL;
}

bool collection_has_congress(const collection_def *d) {
    return collection_field(d, "congress_id") != NULL;
}

rc_t collection_title_sql(const collection_def *d, const char *alias, buf *sql) {
    rc_t rc = RC_OK;
    for (const char *s = d->title_sql; *s && rc == RC_OK; s++)
        rc = *s == '@' ? buf_puts(sql, alias) : buf_append(sql, s, 1);
    return rc;
}

/* ---- access and scope ------------------------------------------------------------------ */

rc_t collection_access(const collection_def *d, const principal *p, bool write, err *e) {
    unsigned roles = write ? d->write_roles : d->read_roles;
    if (roles & ROLE_BIT(p->role))
        return RC_OK;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    return err_set(e, RC_FORBIDDEN, NULL, "the %s role may not %s %s", role_name(p->role),
                   write ? "change" : "read", d->name);
}

/* scope — restrict to what p may see: admin and the public directory see every
 * congress (the public only the records the collection publishes); everyone else sees
 * their own congress (and, in congresses, its children). */
static rc_t scope_sql(const collection_def *d, const principal *p, buf *sql, store_params *b) {
    if (p->role == ROLE_ANON)
        return d->public_where ? buf_puts(sql, d->public_where) : RC_OK;
    if (p->role == ROLE_ADMIN)
        return RC_OK;
    if (d->scoped_by_self) {
        store_param_int(b, p->congress_id);
        store_param_int(b, p->congress_id);
        return buf_puts(sql, " AND (t.id = ? OR t.parent_id = ?)");
    }
    rc_t rc = RC_OK;
    if (collection_has_congress(d)) {
        store_param_int(b, p->congress_id);
        rc = buf_puts(sql, " AND t.congress_id = ?");
    }
    const field_def *uf = p->role == ROLE_UNIT ? collection_field(d, d->unit_field) : NULL;
    if (rc == RC_OK && uf) { /* a handling unit reads the records that name it */
        store_param_int(b, p->unit_id);
        rc = uf->type == FT_REFS ? buf_printf(sql,
                                              " AND EXISTS (SELECT 1 FROM %s ul WHERE ul.%s = "
                                              "t.id AND ul.%s = ?)",
                                              uf->link_table, uf->link_owner, uf->link_ref)
                                 : buf_printf(sql, " AND t.%s = ?", uf->name);
    }
    return rc;
}

static rc_t source_scope(const query_source *s, query_plan *plan, err *e) {
    const collection_source *cs = (const collection_source *)s;
    rc_t rc = scope_sql(cs->d, s->who, &plan->where, &plan->b);
    return rc ? err_set(e, rc, NULL, "the query is too long") : RC_OK;
}

/* ---- reading ---------------------------------------------------------------------------- */

/* actions — what p may do to a record of d: the web app draws its buttons from this. */
static json_t *actions(const collection_def *d, const principal *p) {
    json_t *a = json_array();
    if (collection_access(d, p, true, NULL) == RC_OK) {
        json_array_append_new(a, json_string("update"));
        json_array_append_new(a, json_string("delete"));
    }
    return a;
}

/* row_json — the current row of the source's select list as the record's JSON: id, the
 * columns, created_at, updated_at, then each reference's display name. Lists of
 * references are filled by links_read. */
static json_t *row_json(const query_source *s, store_stmt *st) {
    const collection_source *cs = (const collection_source *)s;
    const collection_def *d = cs->d;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(store_column_int(st, 0)));
    int col = 1;
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        if (field_is_column(f))
            json_object_set_new(o, f->name, field_column_json(f, st, col++));
        else if (f->type == FT_REFS)
            json_object_set_new(o, f->name, json_array());
    }
    const char *created = store_column_text(st, col++), *updated = store_column_text(st, col++);
    json_object_set_new(o, "created_at", created ? json_string(created) : json_null());
    json_object_set_new(o, "updated_at", updated ? json_string(updated) : json_null());
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        if (f->type != FT_REF)
            continue;
        char key[FIELD_KEY_MAX];
        field_name_key(f, key);
        const char *text = store_column_text(st, col++);
        json_object_set_new(o, key, text ? json_string(text) : json_null());
    }
    json_object_set_new(o, "actions", actions(d, s->who));
    return o;
}

rc_t source_open(const collection_def *d, const principal *p, collection_source *cs, err *e) {
    memset(cs, 0, sizeof *cs);
    cs->d = d;
    buf_init(&cs->select, COLLECTION_SQL_MAX);
    if (d->nfields > COLLECTION_FIELDS_MAX)
        return err_set(e, RC_INTERNAL, NULL, "%s has too many fields", d->name);
    const char *year = NULL;
    int n = 0;
    rc_t rc = buf_puts(&cs->select, "t.id");
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        /* a references list names its records too (counts by it label them) */
        const collection_def *rd =
            f->type == FT_REF || f->type == FT_REFS ? collection_find(f->ref) : NULL;
        /* the public filters, searches, sorts and counts by its public fields only */
        if (p->role != ROLE_ANON || (f->flags & FF_PUBLIC))
            cs->cols[n++] = (query_column){.f = f,
                                           .alias = "t",
                                           .values = f->values,
                                           .ref_table = rd ? rd->name : NULL,
                                           .ref_title = rd ? rd->title_sql : NULL};
        if (field_is_column(f))
            rc = buf_printf(&cs->select, ", t.%s", f->name);
        if ((f->flags & FF_MAIN_DATE) && !year)
            year = f->name;
    }
    if (rc == RC_OK)
        rc = buf_puts(&cs->select, ", t.created_at, t.updated_at");
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        const collection_def *rd = f->type == FT_REF ? collection_find(f->ref) : NULL;
        if (!rd)
            continue;
        char alias[16], key[FIELD_KEY_MAX];
        snprintf(alias, sizeof alias, "j%d", i);
        field_name_key(f, key);
        /* a scalar subquery, not a join: PostgreSQL plans a five-way join afresh for
         * every page (1.6 ms, more than running it), while one subquery a reference
         * plans in a tenth of that and keeps a generic plan (docs/performance.md) */
        rc = buf_puts(&cs->select, ", (SELECT ");
        if (rc == RC_OK)
            rc = collection_title_sql(rd, alias, &cs->select);
        if (rc == RC_OK)
            rc = buf_printf(&cs->select, " FROM %s %s WHERE %s.id = t.%s) AS %s", rd->name, alias,
                            alias, f->name, key);
    }
    snprintf(cs->from, sizeof cs->from, " FROM %s t", d->name);
    snprintf(cs->year_expr, sizeof cs->year_expr, "t.%s", year ? year : "");
    cs->s = (query_source){
        .name = d->name,
        .table = d->name,
        .alias = "t",
        .from = cs->from,
        .select = cs->select.data,
        .cols = cs->cols,
        .ncols = n,
        .year_expr = year ? cs->year_expr : NULL,
        .base = "",
        .scope = source_scope,
        .param = d->param,
        .row = row_json,
        .who = p,
        .ctx = d,
    };
    return rc ? err_set(e, rc, NULL, "the query is too long") : RC_OK;
}

void source_close(collection_source *cs) { buf_free(&cs->select); }

/* links_read — fill the record's FT_REFS lists from their link tables, with the
 * referenced records' display names beside them (field_name_key). */
rc_t links_read(store_conn *c, const collection_def *d, json_t *rec, err *e) {
    int64_t id = json_integer_value(json_object_get(rec, "id"));
    rc_t rc = RC_OK;
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        if (f->type != FT_REFS)
            continue;
        char key[FIELD_KEY_MAX];
        buf sql;
        buf_init(&sql, COLLECTION_SQL_MAX);
        rc = buf_printf(&sql, "SELECT l.%s, ", f->link_ref);
        if (rc == RC_OK)
            rc = collection_title_sql(collection_find(f->ref), "r", &sql);
        if (rc == RC_OK)
            rc = buf_printf(&sql,
                            " FROM %s l LEFT JOIN %s r ON r.id = l.%s WHERE l.%s = ? "
                            "ORDER BY l.%s",
                            f->link_table, f->ref, f->link_ref, f->link_owner, f->link_ref);
        store_stmt *st = NULL;
        if (rc == RC_OK)
            rc = store_prepare(c, sql.data, &st, e);
        buf_free(&sql);
        if (rc)
            return rc;
        store_bind_int(st, 1, id);
        json_t *arr = json_object_get(rec, f->name), *names = json_array();
        field_name_key(f, key);
        json_object_set_new(rec, key, names);
        while (store_next(st, &rc, e)) {
            const char *name = store_column_text(st, 1);
            json_array_append_new(arr, json_integer(store_column_int(st, 0)));
            json_array_append_new(names, name ? json_string(name) : json_null());
        }
        store_finish(st);
    }
    return rc;
}

/* record_complete — a record as p reads it: its lists, its computed fields and, for
 * the public, only its public fields (with their names). */
rc_t record_complete(store_conn *c, const collection_def *d, const principal *p, json_t *rec,
                     err *e) {
    rc_t rc = links_read(c, d, rec, e);
    if (rc == RC_OK && d->computed)
        d->computed(c, rec);
    if (rc == RC_OK && d->actions)
        json_object_set_new(rec, "actions",
                            d->actions(c, p, rec, collection_access(d, p, true, NULL) == RC_OK));
    for (int i = 0; rc == RC_OK && p->role == ROLE_ANON && i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        char key[FIELD_KEY_MAX];
        if (f->flags & FF_PUBLIC)
            continue;
        json_object_del(rec, f->name);
        field_name_key(f, key);
        if (f->type == FT_REF || f->type == FT_REFS)
            json_object_del(rec, key);
    }
    return rc;
}

/* links_write — replace the record's FT_REFS lists with those of rec. */
static rc_t links_write(store_conn *c, const collection_def *d, int64_t id, const json_t *rec,
                        err *e) {
    rc_t rc = RC_OK;
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        if (f->type != FT_REFS)
            continue;
        char sql[256];
        store_params p = {.n = 0};
        store_param_int(&p, id);
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ?", f->link_table, f->link_owner);
        rc = store_run(c, sql, &p, NULL, e);
        snprintf(sql, sizeof sql, "INSERT INTO %s (%s, %s) VALUES (?, ?)", f->link_table,
                 f->link_owner, f->link_ref);
        size_t k;
        json_t *v;
        json_array_foreach(json_object_get(rec, f->name), k, v) {
            if (rc)
                break;
            store_params q = {.n = 0};
            store_param_int(&q, id);
            store_param_int(&q, json_integer_value(v));
            rc = store_run(c, sql, &q, NULL, e);
            if (rc == RC_CONFLICT)
                rc = err_set(e, RC_INVALID, f->name, "%s names the same record twice", f->name);
        }
    }
    return rc;
}

/* fetch — one record visible to p, inside the caller's transaction. */
rc_t fetch(store_conn *c, const collection_def *d, const principal *p, int64_t id, json_t **out,
           err *e) {
    collection_source cs;
    buf sql;
    store_params b = {.n = 0};
    store_stmt *st = NULL;
    *out = NULL;
    buf_init(&sql, COLLECTION_SQL_MAX);
    rc_t rc = source_open(d, p, &cs, e);
    if (rc == RC_OK) /* the references' names are subqueries of the select list */
        rc = buf_printf(&sql, "SELECT %s%s", cs.s.select, cs.s.from);
    if (rc == RC_OK)
        rc = buf_puts(&sql, " WHERE t.id = ?");
    store_param_int(&b, id);
    if (rc == RC_OK)
        rc = scope_sql(d, p, &sql, &b);
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e))
        *out = row_json(&cs.s, st);
    else if (rc == RC_OK)
        rc = err_set(e, RC_NOT_FOUND, NULL, "%s %lld does not exist", d->name, (long long)id);
    store_finish(st);
    if (rc == RC_OK)
        rc = record_complete(c, d, p, *out, e);
    if (rc && *out) {
        json_decref(*out);
        *out = NULL;
    }
    source_close(&cs);
    buf_free(&sql);
    return rc;
}

rc_t collection_get(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                    json_t **out, err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    rc_t rc = collection_access(d, p, false, e);
    if (rc == RC_OK)
        rc = store_begin(c, false, e);
    if (rc)
        return rc;
    rc = fetch(c, d, p, id, out, e);
    store_unwind(c, depth); /* a read: nothing to commit */
    return rc;
}

/* read_list — a list or counts request for d, inside one read transaction. */
static rc_t read_list(store_conn *c, const collection_def *d, const principal *p,
                      const list_query *q, bool counts, json_t **out, err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    rc_t rc = collection_access(d, p, false, e);
    if (rc)
        return rc;
    collection_source cs;
    query_plan plan;
    rc = source_open(d, p, &cs, e);
    if (rc == RC_OK)
        rc = store_begin(c, false, e);
    if (rc) {
        source_close(&cs);
        return rc;
    }
    rc = query_plan_make(c, &cs.s, q, counts ? QM_ALL | QM_COUNTS : QM_PAGE, NULL, &plan, e);
    if (rc == RC_OK)
        rc = counts ? query_counts(c, &cs.s, &plan, out, e) : query_list(c, &cs.s, &plan, out, e);
    size_t i;
    json_t *it;
    json_array_foreach(counts || !*out ? NULL : json_object_get(*out, "items"), i, it) {
        if (rc == RC_OK)
            rc = record_complete(c, d, p, it, e);
    }
    store_unwind(c, depth);
    query_plan_free(&plan);
    source_close(&cs);
    if (rc && *out) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

rc_t collection_list(store_conn *c, const collection_def *d, const principal *p,
                     const list_query *q, json_t **out, err *e) {
    return read_list(c, d, p, q, false, out, e);
}

rc_t collection_counts(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, json_t **out, err *e) {
    return read_list(c, d, p, q, true, out, e);
}

/* ---- writing ----------------------------------------------------------------------------- */

rc_t insert_record(store_conn *c, const collection_def *d, const json_t *rec, int64_t *id, err *e) {
    buf sql;
    store_params b = {.n = 0};
    char now[21];
    now_iso(now);
    buf_init(&sql, COLLECTION_SQL_MAX);
    rc_t rc = buf_printf(&sql, "INSERT INTO %s (", d->name);
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        if (!field_is_column(f))
            continue;
        rc = buf_printf(&sql, "%s, ", f->name);
        field_bind(&b, f, json_object_get(rec, f->name));
    }
    if (rc == RC_OK)
        rc = buf_puts(&sql, "created_at, updated_at) VALUES (");
    for (int i = 0; i < b.n && rc == RC_OK; i++)
        rc = buf_puts(&sql, "?, ");
    store_param_text(&b, now);
    store_param_text(&b, now);
    if (rc == RC_OK)
        rc = buf_puts(&sql, "?, ?) RETURNING id");
    *id = 0;
    if (rc == RC_OK)
        rc = store_one_int(c, sql.data, &b, id, e);
    if (rc == RC_OK && !*id)
        rc = err_set(e, RC_INTERNAL, NULL, "insert returned no id");
    if (rc == RC_OK)
        rc = links_write(c, d, *id, rec, e);
    buf_free(&sql);
    return rc;
}

rc_t update_record(store_conn *c, const collection_def *d, int64_t id, const json_t *rec, err *e) {
    buf sql;
    store_params b = {.n = 0};
    char now[21];
    now_iso(now);
    buf_init(&sql, COLLECTION_SQL_MAX);
    rc_t rc = buf_printf(&sql, "UPDATE %s SET ", d->name);
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        if (!field_is_column(f))
            continue;
        rc = buf_printf(&sql, "%s = ?, ", f->name);
        json_t *v = json_object_get(rec, f->name);
        field_bind(&b, f, v ? v : json_null());
    }
    store_param_text(&b, now);
    store_param_int(&b, id);
    if (rc == RC_OK)
        rc = buf_puts(&sql, "updated_at = ? WHERE id = ?");
    if (rc == RC_OK)
        rc = store_run(c, sql.data, &b, NULL, e);
    if (rc == RC_OK)
        rc = links_write(c, d, id, rec, e);
    buf_free(&sql);
    return rc;
}

rc_t audit_record(store_conn *c, const principal *p, const collection_def *d, const char *action,
                  int64_t id, const json_t *before, const json_t *after, err *e) {
    /* the trail keeps the record, not what the caller could do to it */
    json_t *bc = before ? json_copy((json_t *)before) : NULL,
           *ac = after ? json_copy((json_t *)after) : NULL;
    if (bc)
        json_object_del(bc, "actions");
    if (ac)
        json_object_del(ac, "actions");
    char *b = bc ? json_dumps(bc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *a = ac ? json_dumps(ac, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    const json_t *rec = ac ? ac : bc;
    json_t *cv =
        rec ? json_object_get(rec, collection_has_congress(d) ? "congress_id" : "id") : NULL;
    int64_t congress = json_is_integer(cv) ? json_integer_value(cv) : 0;
    rc_t rc = audit_append(c, p, congress, action, d->name, id, b, a, e);
    free(b);
    free(a);
    json_decref(bc);
    json_decref(ac);
    return rc;
}

rc_t write_error(rc_t rc, const collection_def *d, bool deleting, err *e) {
    if (rc == RC_CONFLICT)
        return err_set(e, RC_CONFLICT, "", "a %s record with the same identifying fields exists",
                       d->name);
    if (deleting && rc == RC_INVALID)
        return err_set(e, RC_CONFLICT, "",
                       "other records still refer to this %s record; "
                       "change or delete them first",
                       d->name);
    return rc;
}

/* finish_write — after a create or an update: read the record back, audit, commit. */
static rc_t finish_write(store_conn *c, const collection_def *d, const principal *p,
                         const char *action, int64_t id, const json_t *before, json_t **out,
                         err *e) {
    rc_t rc = fetch(c, d, p, id, out, e);
    if (rc == RC_OK)
        rc = audit_record(c, p, d, action, id, before, *out, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    return rc;
}

bool collection_may_create(const collection_def *d, const principal *p) {
    return (p->role == ROLE_ANON && d->public_create) ||
           collection_access(d, p, true, NULL) == RC_OK;
}

/* public_fields — what the public sends may fill its public fields only. */
static rc_t public_fields(const collection_def *d, const json_t *in, err *e) {
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        const field_def *f = collection_field(d, key);
        if (!f || !(f->flags & FF_PUBLIC) || (f->flags & (FF_READ_ONLY | FF_COMPUTED)))
            return err_set(e, RC_INVALID, key, "%s is not a field the public may fill in", key);
    }
    return RC_OK;
}

/* public_quota — count this submission against its address's hour, inside the write
 * transaction (so one refused or rolled back costs nothing), and drop the counts of
 * hours gone by. RC_TOO_MANY past public_submissions_per_hour. */
static rc_t public_quota(store_conn *c, const principal *p, err *e) {
    char now[21], hour[14], old[14];
    now_iso(now);
    snprintf(hour, sizeof hour, "%.13s", now); /* 2026-12-02T01 */
    time_t yesterday = time(NULL) - 24 * 60 * 60;
    struct tm tm;
    gmtime_r(&yesterday, &tm);
    strftime(old, sizeof old, "%Y-%m-%dT%H", &tm);
    store_params b = {.n = 0};
    store_param_text(&b, old);
    rc_t rc = store_run(c, "DELETE FROM public_submissions WHERE hour < ?", &b, NULL, e);
    int64_t n = 0;
    b.n = 0;
    store_param_text(&b, p->address);
    store_param_text(&b, hour);
    if (rc == RC_OK)
        rc = store_one_int(c,
                           "INSERT INTO public_submissions (address, hour, count) VALUES (?, ?, 1) "
                           "ON CONFLICT (address, hour) DO UPDATE SET count = "
                           "public_submissions.count + 1 RETURNING count",
                           &b, &n, e);
    long long max = settings_get(c, 0, "public_submissions_per_hour");
    if (rc == RC_OK && n > max)
        rc = err_set(e, RC_TOO_MANY, NULL,
                     "no more than %lld submissions an hour from one address; please try later",
                     max);
    return rc;
}

rc_t collection_create(store_conn *c, const collection_def *d, const principal *p, const json_t *in,
                       json_t **out, err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    bool public = p->role == ROLE_ANON && d->public_create;
    rc_t rc = public ? public_fields(d, in, e) : collection_access(d, p, true, e);
    if (rc)
        return rc;
    json_t *rec = json_object();
    problems pr = {.list = NULL};
    int64_t id = 0;
    rc = merge_input(d, in, rec, &pr);
    if (rc == RC_OK) {
        rc = store_begin(c, true, e);
        if (rc == RC_OK && public)
            rc = public_quota(c, p, e);
        if (rc)
            goto done;
        rc = check_record(c, d, p, rec, 0, &pr);
    }
    if (rc) {
        if (e)
            *e = pr.first;
        goto done;
    }
    rc = insert_record(c, d, rec, &id, e);
    if (rc)
        rc = write_error(rc, d, false, e);
    if (rc == RC_OK)
        rc = finish_write(c, d, p, "create", id, NULL, out, e);
done:
    store_unwind(c, depth); /* after a commit: nothing open, nothing done */
    if (rc && *out) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(rec);
    return rc;
}

rc_t collection_update(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       const json_t *in, json_t **out, err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    json_t *before = NULL, *rec = json_object();
    problems pr = {.list = NULL};
    rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = fetch(c, d, p, id, &before, e);
    if (rc == RC_OK && d->writable)
        rc = d->writable(c, before, false, e);
    if (rc)
        goto done;
    for (int i = 0; i < d->nfields; i++)
        json_object_set(rec, d->fields[i].name, json_object_get(before, d->fields[i].name));
    rc = merge_input(d, in, rec, &pr);
    if (rc == RC_OK)
        rc = check_record(c, d, p, rec, id, &pr);
    if (rc) {
        if (e)
            *e = pr.first;
        goto done;
    }
    rc = update_record(c, d, id, rec, e);
    if (rc)
        rc = write_error(rc, d, false, e);
    if (rc == RC_OK)
        rc = finish_write(c, d, p, "update", id, before, out, e);
done:
    store_unwind(c, depth);
    if (rc && *out) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(before);
    json_decref(rec);
    return rc;
}

/* children_none — a record whose children (an indicator's values) remain is not
 * deleted: 409 naming the child collection, whose records say what would be lost. */
static rc_t children_none(store_conn *c, const collection_def *d, int64_t id, err *e) {
    for (int i = 0; i < CHILDREN_MAX && d->children[i]; i++) {
        const collection_def *cd = collection_find(d->children[i]);
        const field_def *f = cd ? child_field(cd, d) : NULL;
        if (!f)
            return err_set(e, RC_INTERNAL, NULL, "%s names child %s without a reference to it",
                           d->name, d->children[i]);
        char sql[256];
        int64_t n = 0;
        store_params b = {.n = 0};
        store_param_int(&b, id);
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE %s = ?", cd->name, f->name);
        rc_t rc = store_one_int(c, sql, &b, &n, e);
        if (rc)
            return rc;
        if (n > 0)
            return err_set(e, RC_CONFLICT, cd->name,
                           "this record still has %lld %s; delete them first", (long long)n,
                           cd->name);
    }
    return RC_OK;
}

rc_t collection_delete(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       err *e) {
    const int depth = store_depth(c);
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    json_t *before = NULL, *none = json_object();
    char sql[128];
    store_params b = {.n = 0};
    store_param_int(&b, id);
    for (int i = 0; i < d->nfields; i++)
        if (d->fields[i].type == FT_REFS)
            json_object_set_new(none, d->fields[i].name, json_array());
    rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = fetch(c, d, p, id, &before, e);
    if (rc == RC_OK && d->writable)
        rc = d->writable(c, before, true, e);
    if (rc == RC_OK)
        rc = children_none(c, d, id, e);
    if (rc == RC_OK)
        rc = links_write(c, d, id, none, e);
    if (rc == RC_OK) /* its files go with it (docs/attachments.md) */
        rc = attachment_drop(c, p, d->name, id,
                             json_integer_value(json_object_get(
                                 before, collection_has_congress(d) ? "congress_id" : "id")),
                             e);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", d->name);
    if (rc == RC_OK) {
        rc = store_run(c, sql, &b, NULL, e);
        if (rc)
            rc = write_error(rc, d, true, e);
    }
    if (rc == RC_OK)
        rc = audit_record(c, p, d, "delete", id, before, NULL, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    json_decref(before);
    json_decref(none);
    return rc;
}
