/* verify.c — the records check (verify.h): stored rows against the newest audit
 * entry of each record, one ordered pass per source. */
#include "domain/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/audit_checkpoint.h"
#include "base/buf.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"
#include "domain/settings.h"

#define SQL_MAX 8192
#define COLUMNS_MAX 96
#define LINKS_MAX 8
#define NUMBER_TEXT 32
#define ADOPT_IDS_MAX 10000000 /* records adopted by one load, at most */

/* ---- sources ------------------------------------------------------------------------- */

/* What an account's entries may record; never the password hash. */
static const verify_column user_columns[] = {
    {"id", true},          {"login", false},      {"role", false},         {"congress_id", true},
    {"deputy_id", true},   {"unit_id", true},     {"display_name", false}, {"disabled", true},
    {"created_at", false}, {"updated_at", false}, {NULL, false},
};

/* What an attachment's entries record: every column but the content, which its sm3
 * stands for (domain/attachment/). */
static const verify_column attachment_columns[] = {
    {"id", true},          {"congress_id", true}, {"owner", false},    {"record_id", true},
    {"case_id", true},     {"name", false},       {"type", false},     {"size", true},
    {"sm3", false},        {"unit_id", true},     {"deputy_id", true}, {"uploaded_by", true},
    {"created_at", false}, {NULL, false},
};

/* Sources besides the generic engine's collections and the case kinds (which are
 * all sources, from their registries). */
static const verify_source extra_sources[] = {
    {.collection = "users",
     .table = "users",
     .columns = user_columns,
     .compare = VERIFY_RECORDED_KEYS},
    {.collection = "attachments",
     .table = "attachments",
     .columns = attachment_columns,
     .compare = VERIFY_ALL_COLUMNS},
};

/* case_rows — a case kind's reader: the case engine gives its stored rows. */
typedef struct {
    verify_row_fn fn;
    void *ctx;
} case_rows_ctx;

static rc_t case_row_step(void *ctx, int64_t id, const json_t *row, err *e) {
    case_rows_ctx *x = ctx;
    return x->fn(x->ctx, id, row, e);
}

static rc_t case_rows(store_conn *c, const verify_source *s, int64_t only_id, verify_row_fn fn,
                      void *ctx, err *e) {
    case_rows_ctx x = {.fn = fn, .ctx = ctx};
    return case_each_row(c, s->kind, only_id, case_row_step, &x, e);
}

/* sources — every source: the generic collections, the case kinds, then the others.
 * Returns how many. */
static int sources(verify_source out[VERIFY_SOURCES_MAX]) {
    int n = 0, count = 0;
    const collection_def *const *all = collections_all(&count);
    for (int i = 0; i < count && n < VERIFY_SOURCES_MAX; i++)
        out[n++] = (verify_source){.collection = all[i]->name,
                                   .table = all[i]->name,
                                   .def = all[i],
                                   .compare = VERIFY_ALL_COLUMNS};
    /* a case's entries keep its stored row as after.record (domain/case/write.c) */
    for (int i = 0; case_kinds[i] && n < VERIFY_SOURCES_MAX; i++)
        out[n++] = (verify_source){.collection = case_kinds[i]->plural,
                                   .compare = VERIFY_CASE_RECORD,
                                   .each = case_rows,
                                   .kind = case_kinds[i]};
    for (size_t i = 0; i < sizeof extra_sources / sizeof extra_sources[0] && n < VERIFY_SOURCES_MAX;
         i++)
        out[n++] = extra_sources[i];
    return n;
}

/* ---- the generic reader -------------------------------------------------------------- */

/* A table's stored columns and link lists, from a field table or a column list. */
typedef struct {
    verify_column cols[COLUMNS_MAX];
    const field_def *fields[COLUMNS_MAX]; /* the column's field (NULL: id, times, users) */
    int ncols;
    const field_def *links[LINKS_MAX];
    int nlinks;
} layout;

static rc_t layout_of(const verify_source *s, layout *l, err *e) {
    l->ncols = l->nlinks = 0;
    memset(l->fields, 0, sizeof l->fields);
    if (s->columns) {
        for (int i = 0; s->columns[i].name && l->ncols < COLUMNS_MAX; i++)
            l->cols[l->ncols++] = s->columns[i];
        return RC_OK;
    }
    if (!s->def || s->def->nfields + 3 > COLUMNS_MAX)
        return err_set(e, RC_INTERNAL, NULL, "source %s has no readable layout", s->collection);
    l->cols[l->ncols++] = (verify_column){"id", true};
    for (int i = 0; i < s->def->nfields; i++) {
        const field_def *f = &s->def->fields[i];
        if (f->type == FT_REFS) {
            if (l->nlinks >= LINKS_MAX)
                return err_set(e, RC_INTERNAL, NULL, "%s has too many link lists", s->collection);
            l->links[l->nlinks++] = f;
        } else if (field_is_column(f)) {
            l->fields[l->ncols] = f;
            l->cols[l->ncols++] = (verify_column){f->name, f->type == FT_INT || f->type == FT_REF};
        }
    }
    l->cols[l->ncols++] = (verify_column){"created_at", false};
    l->cols[l->ncols++] = (verify_column){"updated_at", false};
    return RC_OK;
}

/* typed — a stored text as the API types it. */
static json_t *typed(const char *text, bool integer) {
    if (!text)
        return json_null();
    if (integer) {
        char *end = NULL;
        long long v = strtoll(text, &end, 10);
        if (*text && end && *end == '\0')
            return json_integer(v);
    }
    json_t *v = json_string(text);
    return v ? v : json_string_nocheck(text); /* invalid UTF-8 stored behind the trail */
}

/* A link table read alongside the rows: owner, ref ordered by owner. */
typedef struct {
    store_stmt *st;
    bool has;
    int64_t owner, ref;
} link_cursor;

static void link_step(link_cursor *lc, rc_t *rc, err *e) {
    lc->has = *rc == RC_OK && store_next(lc->st, rc, e);
    if (lc->has) {
        lc->owner = store_column_int(lc->st, 0);
        lc->ref = store_column_int(lc->st, 1);
    }
}

/* read_rows — the generic reader (verify_each_fn). */
static rc_t read_rows(store_conn *c, const verify_source *s, int64_t only_id, verify_row_fn fn,
                      void *ctx, err *e) {
    layout l;
    link_cursor lc[LINKS_MAX];
    store_stmt *st = NULL;
    buf sql;
    int nopen = 0;
    rc_t rc = layout_of(s, &l, e);
    if (rc)
        return rc;
    buf_init(&sql, SQL_MAX);
    rc = buf_puts(&sql, "SELECT ");
    for (int i = 0; i < l.ncols && rc == RC_OK; i++)
        rc = buf_printf(&sql, "%s%s", i ? ", " : "", l.cols[i].name);
    if (rc == RC_OK)
        rc = buf_printf(&sql, " FROM %s%s ORDER BY id", s->table, only_id ? " WHERE id = ?" : "");
    store_params p = {.n = 0};
    if (only_id)
        store_param_int(&p, only_id);
    for (int k = 0; k < l.nlinks && rc == RC_OK; k++, nopen++) {
        char lsql[512];
        const field_def *f = l.links[k];
        snprintf(lsql, sizeof lsql, "SELECT %s, %s FROM %s%s%s%s ORDER BY %s, %s", f->link_owner,
                 f->link_ref, f->link_table, only_id ? " WHERE " : "", only_id ? f->link_owner : "",
                 only_id ? " = ?" : "", f->link_owner, f->link_ref);
        rc = store_prepare_with(c, lsql, &p, &lc[k].st, e);
        if (rc == RC_OK)
            link_step(&lc[k], &rc, e);
    }
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, &p, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        json_t *o = json_object();
        int64_t id = store_column_int(st, 0);
        for (int i = 0; i < l.ncols; i++)
            json_object_set_new(o, l.cols[i].name,
                                l.fields[i] ? field_column_json(l.fields[i], st, i)
                                            : typed(store_column_text(st, i), l.cols[i].integer));
        for (int k = 0; k < l.nlinks && rc == RC_OK; k++) {
            json_t *arr = json_array();
            while (lc[k].has && lc[k].owner < id)
                link_step(&lc[k], &rc, e);
            while (lc[k].has && lc[k].owner == id) {
                json_array_append_new(arr, json_integer(lc[k].ref));
                link_step(&lc[k], &rc, e);
            }
            json_object_set_new(o, l.links[k]->name, arr);
        }
        if (rc == RC_OK)
            rc = fn(ctx, id, o, e);
        json_decref(o);
    }
    if (st)
        store_finish(st);
    for (int k = 0; k < nopen; k++)
        store_finish(lc[k].st);
    buf_free(&sql);
    return rc;
}

static rc_t each_row(store_conn *c, const verify_source *s, int64_t only_id, verify_row_fn fn,
                     void *ctx, err *e) {
    return s->each ? s->each(c, s, only_id, fn, ctx, e) : read_rows(c, s, only_id, fn, ctx, e);
}

/* ---- comparing ----------------------------------------------------------------------- */

/* scalar_text — a scalar as the text it is stored as (NULL for null or absent). */
static const char *scalar_text(const json_t *v, char tmp[NUMBER_TEXT]) {
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        snprintf(tmp, NUMBER_TEXT, "%lld", (long long)json_integer_value(v));
    else if (json_is_boolean(v))
        snprintf(tmp, NUMBER_TEXT, "%d", json_is_true(v) ? 1 : 0);
    else if (json_is_real(v))
        snprintf(tmp, NUMBER_TEXT, "%.17g", json_real_value(v));
    else
        snprintf(tmp, NUMBER_TEXT, "<%s>", json_is_array(v) ? "list" : "object");
    return tmp;
}

/* same — stored and recorded values are equal once normalised (JSON 7 and text "7"
 * are the same stored value; lists element by element). */
static bool same(const json_t *stored, const json_t *recorded) {
    if (json_is_array(stored) || json_is_array(recorded)) {
        if (!json_is_array(stored) || !json_is_array(recorded) ||
            json_array_size(stored) != json_array_size(recorded))
            return false;
        for (size_t i = 0; i < json_array_size(stored); i++)
            if (!same(json_array_get(stored, i), json_array_get(recorded, i)))
                return false;
        return true;
    }
    char a[NUMBER_TEXT], b[NUMBER_TEXT];
    const char *x = scalar_text(stored, a), *y = scalar_text(recorded, b);
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* first_difference — the first compared key whose values differ (NULL: none). */
static const char *first_difference(verify_compare how, const json_t *stored, const json_t *after) {
    const char *k;
    json_t *v;
    if (how == VERIFY_ALL_COLUMNS) {
        json_object_foreach((json_t *)stored, k, v) {
            if (!same(v, json_object_get(after, k)))
                return k;
        }
        return NULL;
    }
    json_object_foreach((json_t *)after, k, v) {
        const json_t *s = json_object_get(stored, k);
        if (s && !same(s, v))
            return k;
    }
    return NULL;
}

/* ---- the pass ------------------------------------------------------------------------ */

/* The newest entry of each record, read in (record_id, id) order, one group at a
 * time, with one row of lookahead. */
typedef struct {
    store_stmt *st;
    rc_t rc;
    err *e;
    bool have, ahead;
    int64_t rec, id, ahead_rec, ahead_id;
    char *after, *ahead_after; /* NULL: no after (a delete) */
} entries;

static void entries_fetch(entries *x) {
    free(x->ahead_after);
    x->ahead_after = NULL;
    x->ahead = x->rc == RC_OK && store_next(x->st, &x->rc, x->e);
    if (!x->ahead)
        return;
    x->ahead_rec = store_column_int(x->st, 0);
    x->ahead_id = store_column_int(x->st, 1);
    const char *a = store_column_text(x->st, 2);
    if (a && !(x->ahead_after = strdup(a))) {
        x->rc = err_set(x->e, RC_NOMEM, NULL, "out of memory reading the audit trail");
        x->ahead = false;
    }
}

/* entries_next — move to the next record's newest entry (x->have false at the end). */
static void entries_next(entries *x) {
    x->have = x->ahead;
    if (!x->have)
        return;
    x->rec = x->ahead_rec;
    do {
        x->id = x->ahead_id;
        free(x->after);
        x->after = x->ahead_after;
        x->ahead_after = NULL;
        entries_fetch(x);
    } while (x->ahead && x->ahead_rec == x->rec);
}

typedef struct {
    const verify_source *s;
    entries x;
    verify_report *r;
} pass;

static void found(pass *p, int64_t id, int64_t entry, verify_problem what, const char *field) {
    verify_report *r = p->r;
    r->total++;
    if (r->n >= VERIFY_FINDINGS_MAX)
        return;
    verify_finding *f = &r->items[r->n++];
    snprintf(f->collection, sizeof f->collection, "%s", p->s->collection);
    f->id = id;
    f->entry_id = entry;
    f->problem = what;
    snprintf(f->field, sizeof f->field, "%s", field ? field : "");
}

/* orphan — the current entry group has no row. */
static void orphan(pass *p) {
    if (p->x.after)
        found(p, p->x.rec, p->x.id, VERIFY_DELETED, NULL);
}

static rc_t on_row(void *ctx, int64_t id, const json_t *stored, err *e) {
    pass *p = ctx;
    while (p->x.have && p->x.rec < id) {
        orphan(p);
        entries_next(&p->x);
    }
    p->r->records++;
    if (!p->x.have || p->x.rec != id) {
        found(p, id, 0, VERIFY_UNRECORDED, NULL);
    } else if (!p->x.after) {
        found(p, id, p->x.id, VERIFY_RESURRECTED, NULL);
    } else {
        json_t *after = json_loads(p->x.after, 0, NULL);
        json_t *rec = after;
        if (p->s->compare == VERIFY_CASE_RECORD)
            rec = json_object_get(after, "record"); /* NULL: a trail older than the record */
        const char *diff =
            !json_is_object(after) ? "after"
            : !rec                 ? NULL
                   : first_difference(p->s->compare == VERIFY_CASE_RECORD ? VERIFY_ALL_COLUMNS
                                                                          : p->s->compare,
                                      stored, rec);
        if (diff)
            found(p, id, p->x.id, VERIFY_CHANGED, diff);
        json_decref(after);
        entries_next(&p->x);
    }
    return p->x.rc;
}

static rc_t check_source(store_conn *c, const verify_source *s, verify_report *r, err *e) {
    pass p = {.s = s, .r = r, .x = {.e = e}};
    store_params q = {.n = 0};
    store_param_text(&q, s->collection);
    rc_t rc = store_prepare_with(c,
                                 "SELECT record_id, id, after FROM audit WHERE collection = ? "
                                 "AND record_id IS NOT NULL ORDER BY record_id, id",
                                 &q, &p.x.st, e);
    if (rc)
        return rc;
    entries_fetch(&p.x);
    entries_next(&p.x);
    rc = p.x.rc ? p.x.rc : each_row(c, s, 0, on_row, &p, e);
    while (rc == RC_OK && p.x.have) {
        orphan(&p);
        entries_next(&p.x);
        rc = p.x.rc;
    }
    store_finish(p.x.st);
    free(p.x.after);
    free(p.x.ahead_after);
    return rc;
}

rc_t verify_records(store_conn *c, verify_report *r, err *e) {
    verify_source src[VERIFY_SOURCES_MAX];
    int n = sources(src);
    memset(r, 0, sizeof *r);
    rc_t rc = store_begin(c, false, e);
    for (int i = 0; i < n && rc == RC_OK; i++)
        rc = check_source(c, &src[i], r, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc)
        store_rollback(c);
    return rc;
}

const char *verify_problem_text(verify_problem p) {
    switch (p) {
    case VERIFY_CHANGED: return "changed behind the trail";
    case VERIFY_UNRECORDED: return "inserted behind the trail";
    case VERIFY_DELETED: return "deleted behind the trail";
    case VERIFY_RESURRECTED: return "restored behind the trail";
    }
    return "";
}

/* ---- adopting rows written without an entry ----------------------------------------- */

static rc_t keep_row(void *ctx, int64_t id, const json_t *stored, err *e) {
    json_t **out = ctx;
    *out = json_deep_copy(stored);
    return *out ? RC_OK : err_set(e, RC_NOMEM, NULL, "out of memory");
}

static const verify_source *source_named(verify_source src[VERIFY_SOURCES_MAX], int n,
                                         const char *collection) {
    for (int i = 0; i < n; i++)
        if (strcmp(src[i].collection, collection) == 0)
            return &src[i];
    return NULL;
}

rc_t verify_adopt(store_conn *c, const char *collection, int64_t id, err *e) {
    verify_source src[VERIFY_SOURCES_MAX];
    int n = sources(src);
    const verify_source *s = source_named(src, n, collection);
    json_t *row = NULL;
    if (!s)
        return err_set(e, RC_NOT_FOUND, NULL, "there is no collection %s", collection);
    rc_t rc = each_row(c, s, id, keep_row, &row, e);
    if (rc == RC_OK && !row)
        rc = err_set(e, RC_NOT_FOUND, NULL, "%s %lld does not exist", collection, (long long)id);
    if (rc)
        return rc;
    json_t *cv = json_object_get(row, "congress_id");
    int64_t congress = json_is_integer(cv)                     ? json_integer_value(cv)
                       : strcmp(collection, "congresses") == 0 ? id
                                                               : 0;
    char *text = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
    rc = text ? audit_append(c, NULL, congress, "create", collection, id, NULL, text, e)
              : err_set(e, RC_NOMEM, NULL, "out of memory");
    free(text);
    json_decref(row);
    return rc;
}

/* ---- checkpoints ---------------------------------------------------------------------- */

rc_t verify_checkpoint_due(store_conn *c, bool *written, err *e) {
    return audit_checkpoint_if_due(c, settings_get(c, 0, "audit_checkpoint_entries"),
                                   settings_get(c, 0, "audit_checkpoint_minutes"), written, e);
}
