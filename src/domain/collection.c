/* collection.c — the generic collection engine (see collection.h).
 *
 * SQL here is assembled only from identifiers in the compiled-in field tables;
 * every value a user sends is bound as a parameter. */
#include "domain/collection.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/arena.h"
#include "base/date.h"
#include "base/msg_zh.h"
#include "base/tabular.h"
#include "base/utf8.h"
#include "domain/settings.h"

#define SQL_MAX (64 * 1024)
#define DEFAULT_PER_PAGE 50
#define KEY_MAX 96
#define IMPORT_ERRORS_MAX 1000
#define IMPORT_ARENA_MAX (512u * 1024 * 1024)
#define EXPORT_ARENA_MAX (512u * 1024 * 1024)

/* ---- small helpers ---------------------------------------------------------------- */

const collection_def *collection_find(const char *name) {
    for (int i = 0; name && i < collections_count; i++)
        if (strcmp(collections[i]->name, name) == 0)
            return collections[i];
    return NULL;
}

const field_def *collection_field(const collection_def *d, const char *name) {
    for (int i = 0; name && i < d->nfields; i++)
        if (strcmp(d->fields[i].name, name) == 0)
            return &d->fields[i];
    return NULL;
}

static int field_index(const collection_def *d, const char *name) {
    const field_def *f = collection_field(d, name);
    return f ? (int)(f - d->fields) : -1;
}

/* ref_name_key — "person_id" → "person_name": the embedded display name's key. */
static void ref_name_key(const char *field, char out[KEY_MAX]) {
    size_t n = strlen(field);
    if (n > 3 && strcmp(field + n - 3, "_id") == 0)
        n -= 3;
    snprintf(out, KEY_MAX, "%.*s_name", (int)n, field);
}

/* refs_names_key — "deputy_ids" → "deputy_names": the display names of a reference
 * list, in the list's order. */
static void refs_names_key(const char *field, char out[KEY_MAX]) {
    size_t n = strlen(field);
    if (n > 4 && strcmp(field + n - 4, "_ids") == 0)
        n -= 4;
    snprintf(out, KEY_MAX, "%.*s_names", (int)n, field);
}

/* is_column — stored in the record's own table (FT_REFS live in a link table). */
static bool is_column(const field_def *f) { return f->type != FT_REFS; }

static bool has_congress(const collection_def *d) {
    return collection_field(d, "congress_id") != NULL;
}

static const char *enum_label(const field_def *f, const char *id) {
    for (const enum_value *v = f->values; v && v->id; v++)
        if (strcmp(v->id, id) == 0)
            return v->zh;
    return id;
}

static bool enum_id(const field_def *f, const char *text) {
    for (const enum_value *v = f->values; v && v->id; v++)
        if (strcmp(v->id, text) == 0)
            return true;
    return false;
}

/* enum_match — accepts the identifier or either label (imports from people). */
static const char *enum_match(const field_def *f, const char *text) {
    for (const enum_value *v = f->values; v && v->id; v++)
        if (strcmp(v->id, text) == 0 || strcmp(v->zh, text) == 0 || strcmp(v->en, text) == 0)
            return v->id;
    return NULL;
}

static void enum_list(const field_def *f, char *out, size_t cap) {
    size_t used = 0;
    out[0] = '\0';
    for (const enum_value *v = f->values; v && v->id && used < cap; v++) {
        int n = snprintf(out + used, cap - used, "%s%s", used ? ", " : "", v->id);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* enum_labels_zh — the values' Chinese labels, "政府、法院…" (for message_zh). */
static void enum_labels_zh(const field_def *f, char *out, size_t cap) {
    size_t used = 0;
    out[0] = '\0';
    for (const enum_value *v = f->values; v && v->id && used < cap; v++) {
        int n = snprintf(out + used, cap - used, "%s%s", used ? "、" : "", v->zh);
        if (n < 0 || (size_t)n >= cap - used) {
            out[used] = '\0'; /* whole labels only */
            break;
        }
        used += (size_t)n;
    }
}

/* ENUM_FMT — the English lists the identifiers; the trailing %.0s prints nothing in
 * English but hands the Chinese labels to the message catalog (base/msg_zh.c: {3}). */
#define ENUM_FMT "%s must be one of: %s%.0s"

/* Values for the ? of a query being assembled: store_params (store.h), bound by
 * store_prepare_with. A list query's conditions come from the user, so an overflow is
 * refused as it happens (too many query conditions). */
typedef store_params binds;

static rc_t bind_text(binds *b, const char *s, err *e) {
    store_param_text(b, s);
    return b->n > STORE_PARAMS_MAX ? err_set(e, RC_BAD_REQUEST, NULL, "too many query conditions")
                                   : RC_OK;
}

static rc_t bind_int(binds *b, int64_t i, err *e) {
    store_param_int(b, i);
    return b->n > STORE_PARAMS_MAX ? err_set(e, RC_BAD_REQUEST, NULL, "too many query conditions")
                                   : RC_OK;
}

/* title_sql — the display-name expression of collection d for table alias a. */
static rc_t title_sql(const collection_def *d, const char *alias, buf *sql) {
    rc_t rc = RC_OK;
    for (const char *s = d->title_sql; *s && rc == RC_OK; s++)
        rc = *s == '@' ? buf_puts(sql, alias) : buf_append(sql, s, 1);
    return rc;
}

static bool parse_int(const char *s, long long *out) {
    if (!s || !*s)
        return false;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (*end == '.') { /* "12.0" from a spreadsheet */
        const char *z = end + 1;
        while (*z == '0')
            z++;
        if (*z == '\0' && z > end + 1)
            end = (char *)z;
    }
    if (*end != '\0')
        return false;
    *out = v;
    return true;
}

/* ---- access and scope ---------------------------------------------------------------- */

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
 * congress; everyone else sees their own congress (and, in congresses, its children). */
static rc_t scope(const collection_def *d, const principal *p, buf *sql, binds *b, err *e) {
    if (p->role == ROLE_ADMIN || p->role == ROLE_ANON)
        return RC_OK;
    rc_t rc;
    if (d->scoped_by_self) {
        rc = buf_puts(sql, " AND (t.id = ? OR t.parent_id = ?)");
        if (rc == RC_OK)
            rc = bind_int(b, p->congress_id, e);
        if (rc == RC_OK)
            rc = bind_int(b, p->congress_id, e);
        return rc;
    }
    if (!has_congress(d))
        return RC_OK;
    rc = buf_puts(sql, " AND t.congress_id = ?");
    return rc ? rc : bind_int(b, p->congress_id, e);
}

/* ---- reading ------------------------------------------------------------------------ */

static rc_t select_clause(const collection_def *d, buf *sql) {
    rc_t rc = buf_puts(sql, "SELECT t.id");
    for (int i = 0; i < d->nfields && rc == RC_OK; i++)
        if (is_column(&d->fields[i]))
            rc = buf_printf(sql, ", t.%s", d->fields[i].name);
    if (rc == RC_OK)
        rc = buf_puts(sql, ", t.created_at, t.updated_at");
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        if (f->type != FT_REF)
            continue;
        char alias[16], key[KEY_MAX];
        snprintf(alias, sizeof alias, "j%d", i);
        ref_name_key(f->name, key);
        rc = buf_puts(sql, ", ");
        if (rc == RC_OK)
            rc = title_sql(collection_find(f->ref), alias, sql);
        if (rc == RC_OK)
            rc = buf_printf(sql, " AS %s", key);
    }
    return rc;
}

/* ref_joins — one LEFT JOIN per reference field, aliased j<field index>. */
static rc_t ref_joins(const collection_def *d, buf *sql) {
    rc_t rc = RC_OK;
    for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
        const field_def *f = &d->fields[i];
        if (f->type == FT_REF)
            rc = buf_printf(sql, " LEFT JOIN %s j%d ON j%d.id = t.%s", f->ref, i, i, f->name);
    }
    return rc;
}

static rc_t from_clause(const collection_def *d, bool joins, buf *sql) {
    rc_t rc = buf_printf(sql, " FROM %s t", d->name);
    return rc == RC_OK && joins ? ref_joins(d, sql) : rc;
}

/* row_json — the current row of a select_clause() query as the record's JSON. */
static json_t *row_json(const collection_def *d, store_stmt *st) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(store_column_int(st, 0)));
    int col = 1;
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        if (!is_column(f)) {
            json_object_set_new(o, f->name, json_array()); /* filled by links_read */
            continue;
        }
        json_t *v;
        if (store_column_null(st, col))
            v = json_null();
        else if (f->type == FT_INT || f->type == FT_REF)
            v = json_integer(store_column_int(st, col));
        else
            v = json_string(store_column_text(st, col));
        col++;
        json_object_set_new(o, f->name, v ? v : json_null());
    }
    json_object_set_new(o, "created_at", json_string(store_column_text(st, col++)));
    json_object_set_new(o, "updated_at", json_string(store_column_text(st, col++)));
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        if (f->type != FT_REF)
            continue;
        char key[KEY_MAX];
        ref_name_key(f->name, key);
        const char *text = store_column_text(st, col++);
        json_object_set_new(o, key, text ? json_string(text) : json_null());
    }
    return o;
}

/* links_read — fill the record's FT_REFS lists from their link tables, with the
 * referenced records' display names beside them (refs_names_key). */
static rc_t links_read(store_conn *c, const collection_def *d, json_t *rec, err *e) {
    int64_t id = json_integer_value(json_object_get(rec, "id"));
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        if (is_column(f))
            continue;
        char key[KEY_MAX];
        buf sql;
        buf_init(&sql, 1024);
        rc_t rc = buf_printf(&sql, "SELECT l.%s, ", f->link_ref);
        if (rc == RC_OK)
            rc = title_sql(collection_find(f->ref), "r", &sql);
        if (rc == RC_OK)
            rc = buf_printf(&sql, " FROM %s l LEFT JOIN %s r ON r.id = l.%s WHERE l.%s = ? "
                                  "ORDER BY l.%s", f->link_table, f->ref, f->link_ref,
                            f->link_owner, f->link_ref);
        store_stmt *st = NULL;
        if (rc == RC_OK)
            rc = store_prepare(c, sql.data, &st, e);
        buf_free(&sql);
        if (rc)
            return rc;
        store_bind_int(st, 1, id);
        json_t *arr = json_object_get(rec, f->name), *names = json_array();
        refs_names_key(f->name, key);
        json_object_set_new(rec, key, names);
        while (store_next(st, &rc, e)) {
            const char *name = store_column_text(st, 1);
            json_array_append_new(arr, json_integer(store_column_int(st, 0)));
            json_array_append_new(names, name ? json_string(name) : json_null());
        }
        store_finish(st);
        if (rc)
            return rc;
    }
    return RC_OK;
}

/* links_write — replace the record's FT_REFS lists with those of rec. */
static rc_t links_write(store_conn *c, const collection_def *d, int64_t id, const json_t *rec,
                        err *e) {
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        if (is_column(f))
            continue;
        char sql[256];
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ?", f->link_table, f->link_owner);
        store_stmt *st = NULL;
        rc_t rc = store_prepare(c, sql, &st, e);
        if (rc)
            return rc;
        store_bind_int(st, 1, id);
        while (store_next(st, &rc, e))
            ;
        store_finish(st);
        if (rc)
            return rc;
        json_t *arr = json_object_get(rec, f->name);
        size_t k;
        json_t *v;
        snprintf(sql, sizeof sql, "INSERT INTO %s (%s, %s) VALUES (?, ?)", f->link_table,
                 f->link_owner, f->link_ref);
        json_array_foreach(arr, k, v) {
            rc = store_prepare(c, sql, &st, e);
            if (rc)
                return rc;
            store_bind_int(st, 1, id);
            store_bind_int(st, 2, json_integer_value(v));
            while (store_next(st, &rc, e))
                ;
            store_finish(st);
            if (rc)
                return rc == RC_CONFLICT ? err_set(e, RC_INVALID, f->name,
                                                   "%s names the same record twice", f->name)
                                         : rc;
        }
    }
    return RC_OK;
}

/* links_delete — remove the record's link rows before the record itself. */
static rc_t links_delete(store_conn *c, const collection_def *d, int64_t id, err *e) {
    json_t *none = json_object();
    for (int i = 0; i < d->nfields; i++)
        if (!is_column(&d->fields[i]))
            json_object_set_new(none, d->fields[i].name, json_array());
    rc_t rc = links_write(c, d, id, none, e);
    json_decref(none);
    return rc;
}

/* fetch — one record visible to p, inside the caller's transaction. */
static rc_t fetch(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                  json_t **out, err *e) {
    buf sql;
    binds b = {.n = 0};
    store_stmt *st = NULL;
    buf_init(&sql, SQL_MAX);
    rc_t rc = select_clause(d, &sql);
    if (rc == RC_OK)
        rc = from_clause(d, true, &sql);
    if (rc == RC_OK)
        rc = buf_puts(&sql, " WHERE t.id = ?");
    if (rc == RC_OK)
        rc = bind_int(&b, id, e);
    if (rc == RC_OK)
        rc = scope(d, p, &sql, &b, e);
    if (rc)
        goto done;
    rc = store_prepare_with(c, sql.data, &b, &st, e);
    if (rc)
        goto done;
    if (store_next(st, &rc, e))
        *out = row_json(d, st);
    else if (rc == RC_OK)
        rc = err_set(e, RC_NOT_FOUND, NULL, "%s %lld does not exist", d->name, (long long)id);
    store_finish(st);
    if (rc == RC_OK)
        rc = links_read(c, d, *out, e);
done:
    buf_free(&sql);
    return rc;
}

rc_t collection_get(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                    json_t **out, err *e) {
    rc_t rc = collection_access(d, p, false, e);
    if (rc)
        return rc;
    rc = store_begin(c, false, e);
    if (rc)
        return rc;
    rc = fetch(c, d, p, id, out, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc) {
        store_rollback(c);
        if (*out) {
            json_decref(*out);
            *out = NULL;
        }
    }
    return rc;
}

/* A parsed list request. */
typedef struct {
    const char *q;
    long long page, per_page;
    const field_def *sort; /* NULL: id */
    const char *sort_col;
    bool desc;
    bool searching; /* q had words: the count needs the joins too */
} list_spec;

/* where_clause — conditions from the query (filters and q) plus the scope. */
static rc_t where_clause(const collection_def *d, const principal *p, const list_query *q,
                         const char *extra, arena *a, list_spec *ls, buf *sql, binds *b,
                         store_conn *c, err *e) {
    rc_t rc = buf_puts(sql, " WHERE 1 = 1");
    if (rc)
        return rc;
    long long per_page_max = settings_get(c, p->congress_id, "per_page_max");
    for (int i = 0; i < q->n && rc == RC_OK; i++) {
        const char *k = q->params[i].key, *v = q->params[i].value ? q->params[i].value : "";
        if (!utf8_valid(v, strlen(v)))
            return err_set(e, RC_BAD_REQUEST, k, "%s is not valid UTF-8", k);
        if (strcmp(k, "q") == 0) {
            ls->q = v;
        } else if (strcmp(k, "page") == 0 || strcmp(k, "per_page") == 0) {
            long long n = 0;
            bool page = k[0] == 'p' && k[1] == 'a';
            if (!parse_int(v, &n) || n < 1 || (!page && n > per_page_max))
                return err_set(e, RC_INVALID, k,
                               page ? "page must be a whole number from 1"
                                    : "per_page must be a whole number from 1 to %lld",
                               per_page_max);
            if (page)
                ls->page = n;
            else
                ls->per_page = n;
        } else if (strcmp(k, "sort") == 0) {
            ls->desc = v[0] == '-';
            const char *name = ls->desc ? v + 1 : v;
            const field_def *f = collection_field(d, name);
            if (f && (f->flags & FF_SORT)) {
                ls->sort = f;
                ls->sort_col = f->name;
            } else if (strcmp(name, "id") == 0 || strcmp(name, "created_at") == 0 ||
                       strcmp(name, "updated_at") == 0) {
                ls->sort_col = name;
            } else {
                return err_set(e, RC_INVALID, "sort", "cannot sort %s by %s", d->name, name);
            }
        } else if (extra && strcmp(k, extra) == 0) { /* the caller's own parameter */
            continue;
        } else {
            const field_def *f = collection_field(d, k);
            if (!f || !(f->flags & FF_FILTER))
                return err_set(e, RC_INVALID, k, "%s cannot be filtered by %s", d->name, k);
            long long n = 0;
            if (f->type == FT_INT || f->type == FT_REF) {
                if (!parse_int(v, &n))
                    return err_set(e, RC_INVALID, k, "%s must be a whole number", k);
                rc = buf_printf(sql, " AND t.%s = ?", f->name);
                if (rc == RC_OK)
                    rc = bind_int(b, n, e);
            } else if (f->type == FT_ENUM) {
                const char *id = enum_match(f, v);
                if (!id) {
                    char list[512], zh[512];
                    enum_list(f, list, sizeof list);
                    enum_labels_zh(f, zh, sizeof zh);
                    return err_set(e, RC_INVALID, k, ENUM_FMT, k, list, zh);
                }
                rc = buf_printf(sql, " AND t.%s = ?", f->name);
                if (rc == RC_OK)
                    rc = bind_text(b, id, e);
            } else {
                rc = buf_printf(sql, " AND t.%s = ?", f->name);
                if (rc == RC_OK)
                    rc = bind_text(b, v, e);
            }
        }
    }
    /* q: every whitespace-separated word must match one of the searched fields. */
    const char *qp = ls->q;
    while (rc == RC_OK && qp && *qp) {
        while (*qp == ' ' || *qp == '\t' || *qp == '\n' || *qp == '\r')
            qp++;
        size_t n = strcspn(qp, " \t\r\n");
        if (n == 0)
            break;
        /* LIKE with the user's text as a literal: escape the wildcards. */
        char *pat = arena_alloc(a, 2 * n + 3);
        if (!pat)
            return err_set(e, RC_TOO_LARGE, "q", "q is too long");
        size_t j = 0;
        pat[j++] = '%';
        for (size_t i = 0; i < n; i++) {
            if (qp[i] == '%' || qp[i] == '_' || qp[i] == '\\')
                pat[j++] = '\\';
            pat[j++] = qp[i];
        }
        pat[j++] = '%';
        pat[j] = '\0';
        qp += n;
        ls->searching = true;
        rc = buf_puts(sql, " AND (1 = 0");
        for (int i = 0; i < d->nfields && rc == RC_OK; i++) {
            const field_def *f = &d->fields[i];
            if (!(f->flags & FF_SEARCH))
                continue;
            if (f->type == FT_REF) {
                char alias[16];
                snprintf(alias, sizeof alias, "j%d", i);
                rc = buf_puts(sql, " OR ");
                if (rc == RC_OK)
                    rc = title_sql(collection_find(f->ref), alias, sql);
                if (rc == RC_OK)
                    rc = buf_puts(sql, " LIKE ? ESCAPE '\\'");
            } else {
                rc = buf_printf(sql, " OR t.%s LIKE ? ESCAPE '\\'", f->name);
            }
            if (rc == RC_OK)
                rc = bind_text(b, pat, e);
        }
        if (rc == RC_OK)
            rc = buf_puts(sql, ")");
    }
    if (rc == RC_OK)
        rc = scope(d, p, sql, b, e);
    return rc;
}

static rc_t order_clause(const list_spec *ls, buf *sql) {
    const char *col = ls->sort_col ? ls->sort_col : "id";
    const char *dir = ls->desc ? "DESC" : "ASC";
    if (strcmp(col, "id") == 0)
        return buf_printf(sql, " ORDER BY t.id %s", dir);
    return buf_printf(sql, " ORDER BY t.%s %s, t.id %s", col, dir, dir);
}

/* The count cache. Counting every row on every page was most of a list request's
 * time (docs/performance.md). Every change to a collection appends to the audit
 * trail in the same transaction, so the newest audit id is a version of all the data:
 * a count remembered at that version is still right while it is unchanged, in this
 * process and any other writing to the same database. */
#define COUNT_CACHE_MAX 512

typedef struct {
    char *key; /* collection, WHERE text and bound values */
    int64_t version, total;
} count_entry;

static pthread_mutex_t g_count_lock = PTHREAD_MUTEX_INITIALIZER;
static count_entry g_counts[COUNT_CACHE_MAX];
static int g_ncounts;

static char *count_key(const collection_def *d, const buf *where, const binds *b) {
    buf k;
    buf_init(&k, SQL_MAX * 2);
    rc_t rc = buf_printf(&k, "%s\x1f%s", d->name, where->data ? where->data : "");
    for (int i = 0; i < b->n && rc == RC_OK; i++)
        rc = b->v[i].is_int ? buf_printf(&k, "\x1fi%lld", (long long)b->v[i].i)
                            : buf_printf(&k, "\x1fs%s", b->v[i].s ? b->v[i].s : "");
    if (rc) {
        buf_free(&k);
        return NULL;
    }
    return buf_take(&k);
}

static bool count_cached(const char *key, int64_t version, int64_t *total) {
    bool hit = false;
    pthread_mutex_lock(&g_count_lock);
    for (int i = 0; i < g_ncounts && !hit; i++) {
        if (g_counts[i].version == version && strcmp(g_counts[i].key, key) == 0) {
            *total = g_counts[i].total;
            hit = true;
        }
    }
    pthread_mutex_unlock(&g_count_lock);
    return hit;
}

static void count_remember(const char *key, int64_t version, int64_t total) {
    char *copy = strdup(key);
    if (!copy)
        return;
    pthread_mutex_lock(&g_count_lock);
    int slot = -1;
    for (int i = 0; i < g_ncounts && slot < 0; i++)
        if (strcmp(g_counts[i].key, key) == 0)
            slot = i;
    if (slot < 0 && g_ncounts == COUNT_CACHE_MAX) { /* full: start over */
        for (int i = 0; i < g_ncounts; i++)
            free(g_counts[i].key);
        g_ncounts = 0;
    }
    if (slot < 0)
        slot = g_ncounts++;
    else
        free(g_counts[slot].key);
    g_counts[slot] = (count_entry){copy, version, total};
    pthread_mutex_unlock(&g_count_lock);
}

/* count_rows — how many records match, inside the caller's read transaction. */
static rc_t count_rows(store_conn *c, const collection_def *d, const list_spec *ls,
                       const buf *where, const binds *b, int64_t *total, err *e) {
    int64_t version = -1;
    rc_t rc = store_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM audit", &version, e, 0, NULL);
    if (rc)
        return rc;
    char *key = count_key(d, where, b);
    if (key && count_cached(key, version, total)) {
        free(key);
        return RC_OK;
    }
    buf sql;
    store_stmt *st = NULL;
    buf_init(&sql, SQL_MAX);
    /* joins only when the search needs the referenced names */
    rc = buf_puts(&sql, "SELECT COUNT(*)");
    if (rc == RC_OK)
        rc = from_clause(d, ls->searching, &sql);
    if (rc == RC_OK)
        rc = buf_append(&sql, where->data, where->len);
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, b, &st, e);
    if (rc == RC_OK) {
        if (store_next(st, &rc, e))
            *total = store_column_int(st, 0);
        else if (rc == RC_OK)
            rc = err_set(e, RC_INTERNAL, NULL, "count returned nothing");
        store_finish(st);
    }
    if (rc == RC_OK && key)
        count_remember(key, version, *total);
    free(key);
    buf_free(&sql);
    return rc;
}

rc_t collection_list(store_conn *c, const collection_def *d, const principal *p,
                     const list_query *q, json_t **out, err *e) {
    rc_t rc = collection_access(d, p, false, e);
    if (rc)
        return rc;
    arena *a = arena_new(SQL_MAX * 4);
    buf where, sql;
    binds b = {.n = 0};
    list_spec ls = {.page = 1, .per_page = DEFAULT_PER_PAGE};
    store_stmt *st = NULL;
    json_t *items = NULL;
    int64_t total = 0;
    bool txn = false;
    buf_init(&where, SQL_MAX);
    buf_init(&sql, SQL_MAX);
    if (!a) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    rc = where_clause(d, p, q, NULL, a, &ls, &where, &b, c, e);
    if (rc)
        goto done;
    rc = store_begin(c, false, e);
    if (rc)
        goto done;
    txn = true;

    rc = count_rows(c, d, &ls, &where, &b, &total, e);
    if (rc)
        goto done;

    /* The page: OFFSET walks bare ids (the index), then only the page's rows are
     * joined to their references — not every row skipped on the way. */
    rc = buf_puts(&sql, "SELECT t.id");
    if (rc == RC_OK)
        rc = from_clause(d, ls.searching, &sql);
    if (rc == RC_OK)
        rc = buf_append(&sql, where.data, where.len);
    if (rc == RC_OK)
        rc = order_clause(&ls, &sql);
    if (rc == RC_OK)
        rc = buf_puts(&sql, " LIMIT ? OFFSET ?");
    if (rc == RC_OK)
        rc = bind_int(&b, ls.per_page, e);
    /* A page far past the end is simply empty; keep the offset from overflowing. */
    if (rc == RC_OK)
        rc = bind_int(&b, ls.page - 1 > INT64_MAX / ls.per_page / 2 ? INT64_MAX / 2
                                                                    : (ls.page - 1) * ls.per_page,
                      e);
    if (rc == RC_OK) {
        buf outer;
        buf_init(&outer, SQL_MAX);
        rc = select_clause(d, &outer);
        if (rc == RC_OK)
            rc = buf_printf(&outer, " FROM (%s) page JOIN %s t ON t.id = page.id", sql.data,
                            d->name);
        if (rc == RC_OK)
            rc = ref_joins(d, &outer);
        if (rc == RC_OK)
            rc = order_clause(&ls, &outer);
        buf_free(&sql);
        sql = outer;
    }
    if (rc)
        goto done;
    rc = store_prepare_with(c, sql.data, &b, &st, e);
    if (rc)
        goto done;
    items = json_array();
    while (store_next(st, &rc, e))
        json_array_append_new(items, row_json(d, st));
    store_finish(st);
    size_t k;
    json_t *it;
    json_array_foreach(items, k, it) {
        if (rc == RC_OK)
            rc = links_read(c, d, it, e);
    }
    if (rc)
        goto done;
    rc = store_commit(c, e);
    txn = false;
    if (rc)
        goto done;
    *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                     (json_int_t)ls.page, "per_page", (json_int_t)ls.per_page);
    items = NULL;
done:
    if (txn)
        store_rollback(c);
    json_decref(items);
    buf_free(&where);
    buf_free(&sql);
    arena_free(a);
    return rc;
}

/* ---- validation ------------------------------------------------------------------------ */

/* The problems found in one record: import wants all of them, the API the first. */
typedef struct {
    json_t *list; /* [{"field","message"}], or NULL to stop at the first */
    int count;
    err first;
} problems;

static rc_t problem(problems *pr, rc_t rc, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static rc_t problem(problems *pr, rc_t rc, const char *field, const char *fmt, ...) {
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
                                                  "message", msg, "message_zh",
                                                  zh[0] ? zh : NULL));
    return pr->list ? RC_OK : rc; /* RC_OK: keep looking for more */
}

/* problem_err — an error already written elsewhere (a rule hook, a failed write), with
 * its Chinese wording kept. */
static rc_t problem_err(problems *pr, const err *ce) {
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

/* check_value — type and range of one given value (null allowed here). */
static rc_t check_value(const field_def *f, const json_t *v, problems *pr) {
    if (json_is_null(v))
        return RC_OK;
    switch (f->type) {
    case FT_TEXT: {
        if (!json_is_string(v))
            return problem(pr, RC_INVALID, f->name, "%s must be text", f->name);
        const char *s = json_string_value(v);
        if (json_string_length(v) != strlen(s))
            return problem(pr, RC_INVALID, f->name, "%s must not contain NUL characters",
                           f->name);
        if (f->max_len && utf8_chars(s) > (size_t)f->max_len)
            return problem(pr, RC_INVALID, f->name, "%s is longer than %d characters", f->name,
                           f->max_len);
        return RC_OK;
    }
    case FT_INT:
    case FT_REF: {
        if ((f->flags & FF_BOOL) && json_is_boolean(v))
            return RC_OK;
        if (!json_is_integer(v))
            return problem(pr, RC_INVALID, f->name, "%s must be a whole number", f->name);
        long long n = json_integer_value(v);
        if (f->type == FT_REF && n < 1)
            return problem(pr, RC_INVALID, f->name, "%s must be a record id", f->name);
        if (f->type == FT_INT && (n < f->min || n > f->max))
            return problem(pr, RC_INVALID, f->name, "%s must be between %lld and %lld",
                           f->name, f->min, f->max);
        return RC_OK;
    }
    case FT_DATE: {
        date_t dd;
        if (!json_is_string(v) || !date_parse(json_string_value(v), &dd))
            return problem(pr, RC_INVALID, f->name, "%s must be a date written YYYY-MM-DD",
                           f->name);
        return RC_OK;
    }
    case FT_REFS: {
        if (!json_is_array(v) || json_array_size(v) > REFS_MAX)
            return problem(pr, RC_INVALID, f->name, "%s must be a list of at most %d record ids",
                           f->name, REFS_MAX);
        size_t k;
        json_t *x;
        json_array_foreach(v, k, x) {
            if (!json_is_integer(x) || json_integer_value(x) < 1)
                return problem(pr, RC_INVALID, f->name, "%s must be a list of record ids",
                               f->name);
        }
        return RC_OK;
    }
    case FT_ENUM: {
        char list[512], zh[512];
        /* the API takes identifiers only; imports map labels to them first (cell_json) */
        if (!json_is_string(v) || !enum_id(f, json_string_value(v))) {
            enum_list(f, list, sizeof list);
            enum_labels_zh(f, zh, sizeof zh);
            return problem(pr, RC_INVALID, f->name, ENUM_FMT, f->name, list, zh);
        }
        return RC_OK;
    }
    }
    return RC_OK;
}

static bool is_blank(const json_t *v) {
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return false;
    for (const char *s = json_string_value(v); *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

/* merge_input — apply the fields given in `in` onto rec (a new object for create, a
 * copy of the record for update). Server-owned and derived keys are ignored. */
static rc_t merge_input(const collection_def *d, const json_t *in, json_t *rec, problems *pr) {
    if (!json_is_object(in))
        return problem(pr, RC_INVALID, "", "the request body must be a JSON object");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)in, key, v) {
        if (strcmp(key, "id") == 0 || strcmp(key, "created_at") == 0 ||
            strcmp(key, "updated_at") == 0)
            continue;
        const field_def *f = collection_field(d, key);
        if (!f) {
            size_t n = strlen(key);
            char stem[KEY_MAX];
            if (n > 5 && n < KEY_MAX && strcmp(key + n - 5, "_name") == 0) {
                snprintf(stem, sizeof stem, "%.*s_id", (int)(n - 5), key);
                const field_def *rf = collection_field(d, stem);
                if (rf && rf->type == FT_REF)
                    continue;
            }
            rc_t rc = problem(pr, RC_INVALID, key, "%s has no field %s", d->name, key);
            if (rc)
                return rc;
            continue;
        }
        rc_t rc = check_value(f, v, pr);
        if (rc)
            return rc;
        json_object_set(rec, key, v);
    }
    return RC_OK;
}

/* check_ref — the record ref_id of f's collection exists and, when that collection
 * belongs to congresses, to this record's congress. */
static rc_t check_ref(store_conn *c, const collection_def *d, const field_def *f,
                      int64_t ref_id, int64_t self_id, int64_t rec_congress, problems *pr) {
    rc_t rc = RC_OK;
    const collection_def *rd = collection_find(f->ref);
    if (rd == d && ref_id == self_id)
        return problem(pr, RC_INVALID, f->name, "%s cannot refer to the record itself", f->name);
    char sql[256];
    bool same_congress = has_congress(rd) && strcmp(f->name, "congress_id") != 0;
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?",
             same_congress ? "congress_id" : "id", rd->name);
    store_stmt *st = NULL;
    err se;
    rc = store_prepare(c, sql, &st, &se);
    if (rc)
        return problem(pr, rc, f->name, "%s", se.message);
    store_bind_int(st, 1, ref_id);
    bool found = store_next(st, &rc, &se);
    int64_t owner = found ? store_column_int(st, 0) : 0;
    store_finish(st);
    if (rc)
        return problem(pr, rc, f->name, "%s", se.message);
    if (!found)
        rc = problem(pr, RC_INVALID, f->name, "%s: there is no %s %lld", f->name, rd->name,
                     (long long)ref_id);
    else if (same_congress && rec_congress && owner != rec_congress)
        rc = problem(pr, RC_INVALID, f->name, "%s: %s %lld belongs to another congress",
                     f->name, rd->name, (long long)ref_id);
    return rc;
}

rc_t field_check(store_conn *c, const field_def *f, const json_t *v, int64_t congress_id,
                 err *e) {
    problems pr = {0};
    if (is_blank(v)) {
        if (f->flags & FF_REQUIRED)
            return err_set(e, RC_INVALID, f->name, "%s (%s) is required", f->name, f->label_zh);
        if (!v || json_is_null(v))
            return RC_OK;
    }
    rc_t rc = check_value(f, v, &pr);
    if (rc == RC_OK && f->type == FT_REF)
        rc = check_ref(c, NULL, f, json_integer_value(v), 0, congress_id, &pr);
    if (rc)
        *e = pr.first;
    return rc;
}

/* check_record — required fields, congress ownership, references and the
 * collection's own rule, on the merged record. self_id is 0 on create. */
static rc_t check_record(store_conn *c, const collection_def *d, const principal *p,
                         json_t *rec, int64_t self_id, problems *pr) {
    rc_t rc = RC_OK;
    if (has_congress(d) && p->role != ROLE_ADMIN) {
        json_t *cv = json_object_get(rec, "congress_id");
        if (!cv || json_is_null(cv)) {
            json_object_set_new(rec, "congress_id", json_integer(p->congress_id));
        } else if (!json_is_integer(cv) || json_integer_value(cv) != p->congress_id) {
            return problem(pr, RC_FORBIDDEN, "congress_id",
                           "records of another congress cannot be written");
        }
    }
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        json_t *v = json_object_get(rec, f->name);
        if ((f->flags & FF_REQUIRED) && is_blank(v)) {
            rc = problem(pr, RC_INVALID, f->name, "%s (%s) is required", f->name, f->label_zh);
            if (rc)
                return rc;
        }
    }
    json_t *cv = json_object_get(rec, "congress_id");
    int64_t rec_congress = json_is_integer(cv) ? json_integer_value(cv) : 0;
    for (int i = 0; i < d->nfields; i++) {
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
        if (rc)
            return rc;
    }
    if (d->check && pr->count == 0) {
        err ce;
        err_clear(&ce);
        if (d->check(c, rec, self_id, &ce) != RC_OK)
            return problem_err(pr, &ce);
    }
    return RC_OK;
}

static void bind_value(store_stmt *st, int idx, const json_t *v) {
    if (!v || json_is_null(v))
        store_bind_null(st, idx);
    else if (json_is_integer(v))
        store_bind_int(st, idx, json_integer_value(v));
    else
        store_bind_text(st, idx, json_string_value(v));
}

/* insert_record — INSERT the merged record; *id receives the new id. */
static rc_t insert_record(store_conn *c, const collection_def *d, const json_t *rec, int64_t *id,
                          err *e) {
    buf sql;
    buf_init(&sql, SQL_MAX);
    store_stmt *st = NULL;
    char now[21];
    now_iso(now);
    int n = 0;
    rc_t rc = buf_printf(&sql, "INSERT INTO %s (", d->name);
    for (int i = 0; i < d->nfields && rc == RC_OK; i++)
        if (is_column(&d->fields[i]))
            rc = buf_printf(&sql, "%s, ", d->fields[i].name);
    if (rc == RC_OK)
        rc = buf_puts(&sql, "created_at, updated_at) VALUES (");
    for (int i = 0; i < d->nfields && rc == RC_OK; i++)
        if (is_column(&d->fields[i]))
            rc = buf_puts(&sql, "?, ");
    if (rc == RC_OK)
        rc = buf_puts(&sql, "?, ?) RETURNING id");
    if (rc == RC_OK)
        rc = store_prepare(c, sql.data, &st, e);
    if (rc)
        goto done;
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        const json_t *v = json_object_get(rec, f->name);
        if (!is_column(f))
            continue;
        n++;
        if ((!v || json_is_null(v)) && f->def)
            store_bind_text(st, n, f->def);
        else
            bind_value(st, n, is_blank(v) && f->type == FT_TEXT ? NULL : v);
    }
    store_bind_text(st, n + 1, now);
    store_bind_text(st, n + 2, now);
    if (store_next(st, &rc, e))
        *id = store_column_int(st, 0);
    else if (rc == RC_OK)
        rc = err_set(e, RC_INTERNAL, NULL, "insert returned no id");
    store_finish(st);
    if (rc == RC_OK)
        rc = links_write(c, d, *id, rec, e);
done:
    buf_free(&sql);
    return rc;
}

static rc_t audit_record(store_conn *c, const principal *p, const collection_def *d,
                         const char *action, int64_t id, const json_t *before,
                         const json_t *after, err *e) {
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    const json_t *rec = after ? after : before;
    json_t *cv = rec ? json_object_get(rec, has_congress(d) ? "congress_id" : "id") : NULL;
    int64_t congress = json_is_integer(cv) ? json_integer_value(cv) : 0;
    rc_t rc = audit_append(c, p, congress, action, d->name, id, b, a, e);
    free(b);
    free(a);
    return rc;
}

/* A unique violation is the user's conflict; a foreign-key failure on delete means
 * other records still point here. */
static rc_t write_error(rc_t rc, const collection_def *d, bool deleting, err *e) {
    if (rc == RC_CONFLICT)
        return err_set(e, RC_CONFLICT, "", "a %s record with the same identifying fields exists",
                       d->name);
    if (deleting && rc == RC_INVALID)
        return err_set(e, RC_CONFLICT, "", "other records still refer to this %s record; "
                       "change or delete them first", d->name);
    return rc;
}

rc_t collection_create(store_conn *c, const collection_def *d, const principal *p,
                       const json_t *in, json_t **out, err *e) {
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    json_t *rec = json_object();
    problems pr = {.list = NULL};
    int64_t id = 0;
    bool txn = false;
    rc = merge_input(d, in, rec, &pr);
    if (rc)
        goto problem_out;
    rc = store_begin(c, true, e);
    if (rc)
        goto done;
    txn = true;
    rc = check_record(c, d, p, rec, 0, &pr);
    if (rc)
        goto problem_out;
    rc = insert_record(c, d, rec, &id, e);
    if (rc) {
        rc = write_error(rc, d, false, e);
        goto done;
    }
    rc = fetch(c, d, p, id, out, e);
    if (rc == RC_OK)
        rc = audit_record(c, p, d, "create", id, NULL, *out, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc == RC_OK)
        txn = false;
    goto done;
problem_out:
    if (e)
        *e = pr.first;
done:
    if (txn)
        store_rollback(c);
    if (rc && *out) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(rec);
    return rc;
}

rc_t collection_update(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       const json_t *in, json_t **out, err *e) {
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    json_t *before = NULL, *rec = json_object();
    problems pr = {.list = NULL};
    buf sql;
    buf_init(&sql, SQL_MAX);
    store_stmt *st = NULL;
    bool txn = false;
    char now[21];
    now_iso(now);
    rc = store_begin(c, true, e);
    if (rc)
        goto done;
    txn = true;
    rc = fetch(c, d, p, id, &before, e);
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
    rc = buf_printf(&sql, "UPDATE %s SET ", d->name);
    for (int i = 0; i < d->nfields && rc == RC_OK; i++)
        if (is_column(&d->fields[i]))
            rc = buf_printf(&sql, "%s = ?, ", d->fields[i].name);
    if (rc == RC_OK)
        rc = buf_puts(&sql, "updated_at = ? WHERE id = ?");
    if (rc == RC_OK)
        rc = store_prepare(c, sql.data, &st, e);
    if (rc)
        goto done;
    int n = 0;
    for (int i = 0; i < d->nfields; i++) {
        const json_t *v = json_object_get(rec, d->fields[i].name);
        if (is_column(&d->fields[i]))
            bind_value(st, ++n, is_blank(v) && d->fields[i].type == FT_TEXT ? NULL : v);
    }
    store_bind_text(st, n + 1, now);
    store_bind_int(st, n + 2, id);
    while (store_next(st, &rc, e))
        ;
    store_finish(st);
    if (rc) {
        rc = write_error(rc, d, false, e);
        goto done;
    }
    rc = links_write(c, d, id, rec, e);
    if (rc)
        goto done;
    rc = fetch(c, d, p, id, out, e);
    if (rc == RC_OK)
        rc = audit_record(c, p, d, "update", id, before, *out, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc == RC_OK)
        txn = false;
done:
    if (txn)
        store_rollback(c);
    if (rc && *out) {
        json_decref(*out);
        *out = NULL;
    }
    json_decref(before);
    json_decref(rec);
    buf_free(&sql);
    return rc;
}

rc_t collection_delete(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       err *e) {
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    json_t *before = NULL;
    store_stmt *st = NULL;
    char sql[128];
    rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = fetch(c, d, p, id, &before, e);
    if (rc)
        goto done;
    rc = links_delete(c, d, id, e);
    if (rc)
        goto done;
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", d->name);
    rc = store_prepare(c, sql, &st, e);
    if (rc)
        goto done;
    store_bind_int(st, 1, id);
    while (store_next(st, &rc, e))
        ;
    store_finish(st);
    if (rc) {
        rc = write_error(rc, d, true, e);
        goto done;
    }
    rc = audit_record(c, p, d, "delete", id, before, NULL, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    if (rc)
        store_rollback(c);
    json_decref(before);
    return rc;
}

/* ---- export and import ------------------------------------------------------------------ */

/* Columns of the file: id, each field (a reference adds its name column right after),
 * created_at, updated_at. */
typedef enum { COL_ID, COL_FIELD, COL_REF_NAME, COL_CREATED, COL_UPDATED } col_kind;
typedef struct {
    col_kind kind;
    int field;
    char header[KEY_MAX * 2];
} column;

#define COLUMNS_MAX (2 * 64 + 3)

static int file_columns(const collection_def *d, column *cols) {
    int n = 0;
    cols[n++] = (column){COL_ID, -1, "编号"};
    for (int i = 0; i < d->nfields && n < COLUMNS_MAX - 2; i++) {
        const field_def *f = &d->fields[i];
        cols[n] = (column){COL_FIELD, i, ""};
        snprintf(cols[n++].header, sizeof cols[0].header, f->type == FT_REF ? "%s编号" : "%s",
                 f->label_zh);
        if (f->type == FT_REF) {
            cols[n] = (column){COL_REF_NAME, i, ""};
            snprintf(cols[n++].header, sizeof cols[0].header, "%s", f->label_zh);
        }
    }
    cols[n++] = (column){COL_CREATED, -1, "创建时间"};
    cols[n++] = (column){COL_UPDATED, -1, "更新时间"};
    return n;
}

static const char *cell_text(arena *a, const collection_def *d, const column *col,
                             const json_t *rec) {
    const json_t *v = NULL;
    char key[KEY_MAX];
    switch (col->kind) {
    case COL_ID: v = json_object_get(rec, "id"); break;
    case COL_CREATED: v = json_object_get(rec, "created_at"); break;
    case COL_UPDATED: v = json_object_get(rec, "updated_at"); break;
    case COL_FIELD: v = json_object_get(rec, d->fields[col->field].name); break;
    case COL_REF_NAME:
        ref_name_key(d->fields[col->field].name, key);
        v = json_object_get(rec, key);
        break;
    }
    if (!v || json_is_null(v))
        return "";
    if (json_is_integer(v))
        return arena_printf(a, "%lld", (long long)json_integer_value(v));
    if (json_is_array(v)) { /* FT_REFS: "3,17,42" */
        char *out = arena_strdup(a, "");
        size_t k;
        json_t *x;
        json_array_foreach(v, k, x) {
            out = arena_printf(a, "%s%s%lld", out ? out : "", k ? "," : "",
                               (long long)json_integer_value(x));
        }
        return out ? out : "";
    }
    const char *s = json_string_value(v);
    if (col->kind == COL_FIELD && d->fields[col->field].type == FT_ENUM)
        return enum_label(&d->fields[col->field], s);
    return s ? s : "";
}

rc_t collection_export(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, export_format fmt, buf *out, err *e) {
    rc_t rc = collection_access(d, p, false, e);
    if (rc)
        return rc;
    arena *a = arena_new(EXPORT_ARENA_MAX);
    buf where, sql;
    binds b = {.n = 0};
    list_spec ls = {.page = 1};
    store_stmt *st = NULL;
    column cols[COLUMNS_MAX];
    int ncols = file_columns(d, cols);
    table t = {.nrows = 0, .ncols = ncols};
    size_t cap_rows = 1024;
    bool txn = false;
    buf_init(&where, SQL_MAX);
    buf_init(&sql, SQL_MAX);
    if (!a) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    rc = where_clause(d, p, q, "format", a, &ls, &where, &b, c, e);
    if (rc == RC_OK)
        rc = select_clause(d, &sql);
    if (rc == RC_OK)
        rc = from_clause(d, true, &sql);
    if (rc == RC_OK)
        rc = buf_append(&sql, where.data, where.len);
    if (rc == RC_OK)
        rc = order_clause(&ls, &sql);
    if (rc)
        goto done;
    t.cells = malloc(cap_rows * sizeof *t.cells);
    if (!t.cells) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    t.cells[0] = arena_alloc(a, (size_t)ncols * sizeof(char *));
    if (!t.cells[0]) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (int j = 0; j < ncols; j++)
        t.cells[0][j] = cols[j].header;
    t.nrows = 1;
    rc = store_begin(c, false, e);
    if (rc)
        goto done;
    txn = true;
    rc = store_prepare_with(c, sql.data, &b, &st, e);
    if (rc)
        goto done;
    while (store_next(st, &rc, e)) {
        if (t.nrows >= TABULAR_MAX_ROWS) {
            rc = err_set(e, RC_TOO_LARGE, NULL, "more than %d rows; narrow the filter",
                         TABULAR_MAX_ROWS - 1);
            break;
        }
        if ((size_t)t.nrows == cap_rows) {
            char ***grown = realloc(t.cells, 2 * cap_rows * sizeof *t.cells);
            if (!grown) {
                rc = err_set(e, RC_NOMEM, NULL, "out of memory");
                break;
            }
            t.cells = grown;
            cap_rows *= 2;
        }
        json_t *rec = row_json(d, st);
        rc = links_read(c, d, rec, e);
        if (rc) {
            json_decref(rec);
            break;
        }
        char **row = arena_alloc(a, (size_t)ncols * sizeof(char *));
        for (int j = 0; row && j < ncols; j++) {
            const char *text = cell_text(a, d, &cols[j], rec);
            row[j] = (char *)(text ? text : "");
            /* strings borrowed from rec must outlive it: copy them into the arena */
            if (text && cols[j].kind != COL_ID && !(cols[j].kind == COL_FIELD &&
                                                   (d->fields[cols[j].field].type == FT_INT ||
                                                    d->fields[cols[j].field].type == FT_REF)))
                row[j] = arena_strdup(a, text);
        }
        json_decref(rec);
        if (!row) {
            rc = err_set(e, RC_NOMEM, NULL, "the export is too large");
            break;
        }
        for (int j = 0; j < ncols; j++) {
            if (!row[j]) {
                rc = err_set(e, RC_NOMEM, NULL, "the export is too large");
                break;
            }
        }
        if (rc)
            break;
        t.cells[t.nrows++] = row;
    }
    store_finish(st);
    if (rc)
        goto done;
    rc = store_commit(c, e);
    txn = false;
    if (rc)
        goto done;
    rc = fmt == EXPORT_CSV ? tabular_write_csv(&t, out) : tabular_write_xlsx(&t, d->label_zh, out, e);
    if (rc == RC_TOO_LARGE)
        err_set(e, RC_TOO_LARGE, NULL, "the export is larger than the server allows");
done:
    if (txn)
        store_rollback(c);
    free(t.cells);
    buf_free(&where);
    buf_free(&sql);
    arena_free(a);
    return rc;
}

/* header_column — which field (or ignored column) a file header names: the field
 * identifier, its Chinese or English label, or a label export writes. Returns the
 * field index, -1 for a column to ignore, -2 when unknown. */
static int header_column(const collection_def *d, const column *cols, int ncols,
                         const char *h) {
    int i = field_index(d, h);
    if (i >= 0)
        return i;
    for (int j = 0; j < ncols; j++)
        if (strcmp(cols[j].header, h) == 0)
            return cols[j].kind == COL_FIELD ? cols[j].field : -1;
    for (int k = 0; k < d->nfields; k++) {
        const field_def *f = &d->fields[k];
        char key[KEY_MAX];
        ref_name_key(f->name, key);
        if (strcmp(f->label_en, h) == 0 || strcmp(f->label_zh, h) == 0)
            return k;
        if (f->type == FT_REF && strcmp(key, h) == 0)
            return -1;
    }
    if (strcmp(h, "id") == 0 || strcmp(h, "created_at") == 0 || strcmp(h, "updated_at") == 0)
        return -1;
    return -2;
}

/* cell_json — a file cell as the JSON value the API would take, or NULL when empty. */
static json_t *cell_json(const field_def *f, const char *s) {
    if (!s || !*s)
        return NULL;
    if (f->type == FT_REFS) { /* "3,17,42"; anything else is kept as text and refused */
        json_t *arr = json_array();
        for (const char *p = s; *p;) {
            char *end = NULL;
            long long id = strtoll(p, &end, 10);
            if (end == p) {
                json_decref(arr);
                return json_string(s);
            }
            json_array_append_new(arr, json_integer(id));
            p = end;
            while (*p == ',' || *p == ' ' || *p == ';')
                p++;
        }
        return arr;
    }
    long long n;
    if ((f->type == FT_INT || f->type == FT_REF) && parse_int(s, &n))
        return json_integer(n);
    if (f->type == FT_ENUM && enum_match(f, s))
        return json_string(enum_match(f, s));
    return json_string(s);
}

rc_t collection_import(store_conn *c, const collection_def *d, const principal *p,
                       const char *data, size_t len, export_format fmt, int *created,
                       json_t **row_errors, err *e) {
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    arena *a = arena_new(IMPORT_ARENA_MAX);
    table t = {0};
    column cols[COLUMNS_MAX];
    int ncols_def = file_columns(d, cols);
    int *map = NULL;
    json_t *errors = json_array();
    int nbad = 0;
    bool txn = false;
    *created = 0;
    *row_errors = NULL;
    if (!a) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    rc = fmt == EXPORT_CSV ? tabular_read_csv(a, data, len, &t, e)
                           : tabular_read_xlsx(a, data, len, &t, e);
    if (rc)
        goto done;
    if (t.nrows < 1) {
        rc = err_set(e, RC_INVALID, "", "the file is empty: it needs a header row");
        goto done;
    }
    map = arena_alloc(a, (size_t)t.ncols * sizeof *map);
    if (!map) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (int j = 0; j < t.ncols; j++) {
        const char *h = t.cells[0][j];
        while (*h == ' ')
            h++;
        map[j] = *h ? header_column(d, cols, ncols_def, h) : -1;
        if (map[j] == -2) {
            rc = err_set(e, RC_INVALID, h, "column \"%s\" is not a field of %s", h, d->name);
            goto done;
        }
    }
    rc = store_begin(c, true, e);
    if (rc)
        goto done;
    txn = true;
    for (int r = 1; r < t.nrows; r++) {
        bool empty = true;
        for (int j = 0; j < t.ncols && empty; j++)
            empty = t.cells[r][j][0] == '\0';
        if (empty)
            continue;
        json_t *in = json_object(), *rec = json_object();
        problems pr = {.list = json_array()};
        for (int j = 0; j < t.ncols; j++) {
            if (map[j] < 0)
                continue;
            json_t *v = cell_json(&d->fields[map[j]], t.cells[r][j]);
            if (v)
                json_object_set_new(in, d->fields[map[j]].name, v);
        }
        merge_input(d, in, rec, &pr);
        check_record(c, d, p, rec, 0, &pr);
        if (pr.count == 0) {
            int64_t id = 0;
            err ie;
            rc_t irc = store_exec(c, "SAVEPOINT import_row", &ie);
            if (irc == RC_OK)
                irc = insert_record(c, d, rec, &id, &ie);
            if (irc == RC_OK) {
                json_t *after = NULL;
                irc = fetch(c, d, p, id, &after, &ie);
                if (irc == RC_OK)
                    irc = audit_record(c, p, d, "import", id, NULL, after, &ie);
                json_decref(after);
            }
            if (irc == RC_OK) {
                irc = store_exec(c, "RELEASE SAVEPOINT import_row", &ie);
                (*created)++;
            } else {
                err ignored;
                store_exec(c, "ROLLBACK TO SAVEPOINT import_row", &ignored);
                write_error(irc, d, false, &ie);
                ie.rc = irc;
                problem_err(&pr, &ie);
            }
        }
        if (pr.count) {
            nbad++;
            size_t k;
            json_t *item;
            json_array_foreach(pr.list, k, item) {
                if (json_array_size(errors) >= IMPORT_ERRORS_MAX)
                    break;
                json_object_set_new(item, "row", json_integer(r + 1));
                json_array_append(errors, item);
            }
        }
        json_decref(pr.list);
        json_decref(in);
        json_decref(rec);
    }
    if (nbad) {
        rc = err_set(e, RC_INVALID, "", "%d row%s errors; nothing was imported", nbad,
                     nbad == 1 ? " has" : "s have");
        *row_errors = errors;
        errors = NULL;
        *created = 0;
        goto done;
    }
    rc = store_commit(c, e);
    if (rc == RC_OK)
        txn = false;
done:
    if (txn) {
        store_rollback(c);
        *created = 0;
    }
    json_decref(errors);
    arena_free(a);
    return rc;
}

/* ---- counts ------------------------------------------------------------------------ */

rc_t collection_counts(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, json_t **out, err *e) {
    rc_t rc = collection_access(d, p, false, e);
    if (rc)
        return rc;
    const char *by = NULL;
    for (int i = 0; i < q->n; i++)
        if (strcmp(q->params[i].key, "by") == 0)
            by = q->params[i].value;
    const field_def *f = collection_field(d, by);
    if (!f || !(f->flags & FF_FILTER) || f->type == FT_DATE || f->type == FT_INT)
        return err_set(e, RC_INVALID, "by", "%s cannot be counted by %s", d->name,
                       by ? by : "(missing)");
    int fi = (int)(f - d->fields);
    arena *a = arena_new(SQL_MAX * 4);
    buf where, sql;
    binds b = {.n = 0};
    list_spec ls = {.page = 1};
    store_stmt *st = NULL;
    json_t *items = json_array();
    bool txn = false;
    buf_init(&where, SQL_MAX);
    buf_init(&sql, SQL_MAX);
    if (!a) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    rc = where_clause(d, p, q, "by", a, &ls, &where, &b, c, e);
    if (rc)
        goto done;
    char alias[16];
    snprintf(alias, sizeof alias, "j%d", fi);
    rc = buf_printf(&sql, "SELECT t.%s, COUNT(*), ", f->name);
    if (rc == RC_OK && f->type == FT_REF)
        rc = title_sql(collection_find(f->ref), alias, &sql);
    else if (rc == RC_OK)
        rc = buf_puts(&sql, "NULL");
    if (rc == RC_OK)
        rc = from_clause(d, true, &sql);
    if (rc == RC_OK)
        rc = buf_append(&sql, where.data, where.len);
    if (rc == RC_OK)
        rc = buf_printf(&sql, " GROUP BY t.%s ORDER BY COUNT(*) DESC, t.%s", f->name, f->name);
    if (rc)
        goto done;
    rc = store_begin(c, false, e);
    if (rc)
        goto done;
    txn = true;
    rc = store_prepare_with(c, sql.data, &b, &st, e);
    if (rc)
        goto done;
    while (store_next(st, &rc, e)) {
        json_t *o = json_object();
        const char *v = store_column_text(st, 0);
        if (!v) {
            json_object_set_new(o, "value", json_null());
            json_object_set_new(o, "label_zh", json_string("未填写"));
            json_object_set_new(o, "label_en", json_string("not given"));
        } else if (f->type == FT_REF) {
            const char *name = store_column_text(st, 2);
            json_object_set_new(o, "value", json_integer(store_column_int(st, 0)));
            json_object_set_new(o, "label_zh", json_string(name ? name : v));
            json_object_set_new(o, "label_en", json_string(name ? name : v));
        } else {
            const enum_value *ev = NULL;
            for (const enum_value *x = f->values; x && x->id && !ev; x++)
                if (strcmp(x->id, v) == 0)
                    ev = x;
            json_object_set_new(o, "value", json_string(v));
            json_object_set_new(o, "label_zh", json_string(ev ? ev->zh : v));
            json_object_set_new(o, "label_en", json_string(ev ? ev->en : v));
        }
        json_object_set_new(o, "count", json_integer(store_column_int(st, 1)));
        json_array_append_new(items, o);
    }
    store_finish(st);
    if (rc)
        goto done;
    rc = store_commit(c, e);
    txn = false;
    if (rc == RC_OK) {
        *out = json_pack("{s:s, s:o}", "by", f->name, "items", items);
        items = NULL;
    }
done:
    if (txn)
        store_rollback(c);
    json_decref(items);
    buf_free(&where);
    buf_free(&sql);
    arena_free(a);
    return rc;
}

/* ---- schema --------------------------------------------------------------------------- */

static const char *type_name(field_type t) {
    static const char *const names[] = {"text", "int", "date", "enum", "ref", "refs"};
    return names[t];
}

json_t *collection_schema(const collection_def *d) {
    json_t *fields = json_array();
    for (int i = 0; i < d->nfields; i++) {
        const field_def *f = &d->fields[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b}", "name", f->name,
                              "label_zh", f->label_zh, "label_en", f->label_en, "type",
                              type_name(f->type), "required", (f->flags & FF_REQUIRED) != 0,
                              "search", (f->flags & FF_SEARCH) != 0, "filter",
                              (f->flags & FF_FILTER) != 0, "sort", (f->flags & FF_SORT) != 0,
                              "long", (f->flags & FF_LONG) != 0);
        if (f->type == FT_TEXT && f->max_len)
            json_object_set_new(o, "max_len", json_integer(f->max_len));
        if (f->type == FT_INT) {
            json_object_set_new(o, "min", json_integer(f->min));
            json_object_set_new(o, "max", json_integer(f->max));
        }
        if (f->type == FT_REF) {
            char key[KEY_MAX];
            ref_name_key(f->name, key);
            json_object_set_new(o, "ref", json_string(f->ref));
            json_object_set_new(o, "name_key", json_string(key));
        }
        if (f->type == FT_REFS) {
            char key[KEY_MAX];
            refs_names_key(f->name, key);
            json_object_set_new(o, "ref", json_string(f->ref));
            json_object_set_new(o, "names_key", json_string(key));
        }
        if (f->type == FT_ENUM) {
            json_t *vals = json_array();
            for (const enum_value *v = f->values; v && v->id; v++)
                json_array_append_new(vals, json_pack("{s:s, s:s, s:s}", "id", v->id, "label_zh",
                                                      v->zh, "label_en", v->en));
            json_object_set_new(o, "values", vals);
        }
        if (f->def)
            json_object_set_new(o, "default", json_string(f->def));
        json_array_append_new(fields, o);
    }
    return json_pack("{s:s, s:s, s:s, s:o}", "name", d->name, "label_zh", d->label_zh,
                     "label_en", d->label_en, "fields", fields);
}
