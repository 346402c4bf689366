/* copy.c — store_copy: make one database hold exactly another's rows, whatever the two
 * backends. It knows no table: the tables, their columns and the columns that refer
 * to their own table come from the source's catalogue, so a table or column a
 * migration adds is copied the day it is added.
 *
 * Who uses it: the demo loader, which builds its ten thousand engine steps in a
 * scratch SQLite file and copies the result into PostgreSQL in a few hundred
 * statements (each step costs a dozen round trips to a server); and anyone moving a
 * database from SQLite to PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "store/store_impl.h"

/* Values bound in one multi-row INSERT: under SQLite's 32,766 and PostgreSQL's
 * 65,535, and few enough statements that the round trips do not matter. */
#define COPY_PARAMS_MAX 30000
#define COPY_ROWS_MAX 2000
#define COPY_TABLES_MAX 128
#define COPY_COLUMNS_MAX 128
#define COPY_NAME_MAX 64
#define COPY_SQL_MAX (4u * 1024 * 1024)
#define COPY_BATCH_ARENA_MAX (256u * 1024 * 1024)
/* A batch is sent once its values pass this many bytes (attachments' contents), well
 * under the arena's cap and the backends' limits on one statement. */
#define COPY_BATCH_BYTES_MAX (64u * 1024 * 1024)
#define MIGRATIONS_TABLE "schema_migrations"

/* The catalogue queries, by backend. Tables in the order they were created (so a
 * table comes after those it refers to); the columns of a table that refer to the
 * table itself (a congress's parent, a case merged into another). */
static const char *const TABLES_SQL[] = {
    [STORE_SQLITE] = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%' ORDER BY rowid",
    [STORE_POSTGRES] = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                       "c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema() "
                       "ORDER BY c.oid",
};
static const char *const SELF_REFS_SQL[] = {
    [STORE_SQLITE] = "SELECT \"from\" FROM pragma_foreign_key_list(?) WHERE \"table\" = ?",
    [STORE_POSTGRES] = "SELECT a.attname FROM pg_constraint k JOIN pg_class t ON t.oid = "
                       "k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace JOIN "
                       "pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) "
                       "WHERE k.contype = 'f' AND k.confrelid = k.conrelid AND n.nspname = "
                       "current_schema() AND t.relname = ? AND t.relname = ?",
};

typedef struct {
    int n;
    char name[COPY_TABLES_MAX][COPY_NAME_MAX];
} name_list;

/* plain — an identifier safe to write into SQL as it is (names come from a catalogue,
 * but are checked all the same: they cannot be bound). */
static bool plain(const char *s) {
    if (!s || !*s || strlen(s) >= COPY_NAME_MAX)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (p > s && *p >= '0' && *p <= '9')))
            return false;
    return true;
}

static bool listed(const name_list *l, const char *s) {
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->name[i], s) == 0)
            return true;
    return false;
}

/* names — the first column of every row of sql (bound with `arg` for each of its
 * placeholders, NULL: none) into out. */
static rc_t names(store_conn *c, const char *sql, const char *arg, name_list *out, err *e) {
    store_stmt *st = NULL;
    out->n = 0;
    rc_t rc = store_prepare(c, sql, &st, e);
    if (rc)
        return rc;
    for (int i = 1; arg && i <= 2; i++)
        store_bind_text(st, i, arg);
    while (store_next(st, &rc, e)) {
        const char *s = store_column_text(st, 0);
        if (!plain(s)) {
            rc = err_set(e, RC_INVALID, NULL, "copy: the name %s cannot be copied", s ? s : "");
            break;
        }
        if (out->n == COPY_TABLES_MAX) {
            rc = err_set(e, RC_TOO_LARGE, NULL, "copy: more than %d names", COPY_TABLES_MAX);
            break;
        }
        snprintf(out->name[out->n++], COPY_NAME_MAX, "%s", s);
    }
    store_finish(st);
    return rc;
}

/* same_version — both databases have the same migrations applied. */
static rc_t same_version(store_conn *from, store_conn *to, err *e) {
    int64_t a = -1, b = -1;
    static const char sql[] =
        "SELECT COUNT(*) * 100000 + COALESCE(MAX(number), 0) FROM " MIGRATIONS_TABLE;
    rc_t rc = store_one_int(from, sql, NULL, &a, e);
    if (rc == RC_OK)
        rc = store_one_int(to, sql, NULL, &b, e);
    if (rc == RC_OK && a != b)
        rc = err_set(e, RC_CONFLICT, NULL,
                     "copy: the two databases are at different versions; "
                     "run `renda init` on both with the same renda first");
    return rc;
}

/* One table's copy in progress: the rows of the batch being gathered and the
 * self-references to set once every row is in. */
typedef struct {
    store_conn *to;
    const char *table;
    int ncols;
    char cols[COPY_COLUMNS_MAX][COPY_NAME_MAX];
    bool self[COPY_COLUMNS_MAX]; /* refers to this table: inserted NULL, set after */
    int per_batch, nrows;
    arena *a;          /* the batch's values */
    const char **vals; /* nrows × ncols, NULL for NULL */
    size_t *lens;      /* nrows × ncols: a value's bytes when it is a blob, else SIZE_MAX */
    size_t bytes;      /* of the batch's blobs */
    buf later;         /* "key\x1fcolumn\x1fvalue\x1e" … for the second pass */
} table_copy;

static rc_t flush(table_copy *t, err *e) {
    if (!t->nrows)
        return RC_OK;
    buf sql;
    buf_init(&sql, COPY_SQL_MAX);
    rc_t rc = buf_printf(&sql, "INSERT INTO %s (", t->table);
    for (int i = 0; i < t->ncols && rc == RC_OK; i++)
        rc = buf_printf(&sql, "%s%s", i ? ", " : "", t->cols[i]);
    for (int r = 0; r < t->nrows && rc == RC_OK; r++) {
        rc = buf_puts(&sql, r ? "), (" : ") VALUES (");
        for (int i = 0; i < t->ncols && rc == RC_OK; i++)
            rc = buf_puts(&sql, i ? ", ?" : "?");
    }
    if (rc == RC_OK)
        rc = buf_puts(&sql, ")");
    store_stmt *st = NULL;
    if (rc == RC_OK)
        rc = store_prepare(t->to, sql.data, &st, e);
    else
        rc = err_set(e, rc, NULL, "copy: %s: the statement is too long", t->table);
    for (int r = 0; rc == RC_OK && r < t->nrows; r++)
        for (int i = 0; i < t->ncols; i++) {
            const char *v = t->self[i] ? NULL : t->vals[r * t->ncols + i];
            size_t len = t->lens[r * t->ncols + i];
            if (v && len != SIZE_MAX)
                store_bind_blob(st, r * t->ncols + i + 1, v, len);
            else
                store_bind_text(st, r * t->ncols + i + 1, v);
        }
    if (rc == RC_OK)
        while (store_next(st, &rc, e)) {
        }
    store_finish(st);
    buf_free(&sql);
    arena_free(t->a);
    t->a = arena_new(COPY_BATCH_ARENA_MAX);
    t->nrows = 0;
    t->bytes = 0;
    if (rc == RC_OK && !t->a)
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
    return rc;
}

/* take_row — the source's current row into the batch. */
static rc_t take_row(table_copy *t, store_stmt *st, err *e) {
    for (int i = 0; i < t->ncols; i++) {
        size_t len = SIZE_MAX;
        const char *v = NULL, *copy = NULL;
        if (store_column_null(st, i)) {
        } else if (store_column_is_blob(st, i)) { /* bytes, NULs and all */
            const void *b = store_column_blob(st, i, &len);
            char *m = arena_alloc(t->a, len ? len : 1);
            if (m && b)
                memcpy(m, b, len);
            v = copy = m;
            t->bytes += len;
        } else {
            v = store_column_text(st, i);
            copy = v ? arena_strdup(t->a, v) : NULL;
        }
        if (v && !copy)
            return err_set(e, RC_NOMEM, NULL, "out of memory copying %s", t->table);
        t->vals[t->nrows * t->ncols + i] = copy;
        t->lens[t->nrows * t->ncols + i] = len;
        rc_t rc = RC_OK;
        if (t->self[i] && v)
            rc = buf_printf(&t->later, "%s\x1f%s\x1f%s\x1e", store_column_text(st, 0), t->cols[i],
                            v);
        if (rc)
            return err_set(e, rc, NULL, "copy: %s: too many references", t->table);
    }
    t->nrows++;
    return t->nrows == t->per_batch || t->bytes > COPY_BATCH_BYTES_MAX ? flush(t, e) : RC_OK;
}

/* set_later — the second pass: each self-reference, once the rows it names are in. */
static rc_t set_later(table_copy *t, err *e) {
    rc_t rc = RC_OK;
    char sql[3 * COPY_NAME_MAX + 64];
    for (char *p = t->later.data; rc == RC_OK && p && *p;) {
        char *key = p, *col = strchr(key, '\x1f'), *val = col ? strchr(col + 1, '\x1f') : NULL;
        char *end = val ? strchr(val + 1, '\x1e') : NULL;
        if (!end)
            break;
        *col++ = *val++ = *end = '\0';
        snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE %s = ?", t->table, col, t->cols[0]);
        store_params b = {.n = 0};
        store_param_text(&b, val);
        store_param_text(&b, key);
        rc = store_run(t->to, sql, &b, NULL, e);
        p = end + 1;
    }
    return rc;
}

/* reset_ids — PostgreSQL: the table's identity continues after the ids copied in
 * (SQLite keeps its own count of them). */
static rc_t reset_ids(store_conn *to, const table_copy *t, err *e) {
    if (to->kind != STORE_POSTGRES)
        return RC_OK;
    bool has_id = false;
    for (int i = 0; i < t->ncols; i++)
        has_id = has_id || strcmp(t->cols[i], "id") == 0;
    if (!has_id)
        return RC_OK;
    char sql[2 * COPY_NAME_MAX + 160];
    snprintf(sql, sizeof sql,
             "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 0) + 1, "
             "false) FROM %s",
             t->table, t->table);
    return store_run(to, sql, NULL, NULL, e);
}

static rc_t copy_table(store_conn *from, store_conn *to, const char *table, err *e) {
    table_copy t = {.to = to, .table = table, .a = arena_new(COPY_BATCH_ARENA_MAX)};
    name_list self;
    buf_init(&t.later, COPY_SQL_MAX);
    char sql[COPY_NAME_MAX + 32];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1", table);
    store_stmt *st = NULL;
    rc_t rc = t.a ? names(from, SELF_REFS_SQL[from->kind], table, &self, e)
                  : err_set(e, RC_NOMEM, NULL, "out of memory");
    if (rc == RC_OK)
        rc = store_prepare(from, sql, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        if (!t.vals) { /* the first row: the columns, as the source names them */
            t.ncols = store_column_count(st);
            if (t.ncols < 1 || t.ncols > COPY_COLUMNS_MAX) {
                rc = err_set(e, RC_INVALID, NULL, "copy: %s has %d columns", table, t.ncols);
                break;
            }
            for (int i = 0; i < t.ncols && rc == RC_OK; i++) {
                const char *n = store_column_name(st, i);
                if (!plain(n))
                    rc = err_set(e, RC_INVALID, NULL, "copy: %s: a column %s cannot be copied",
                                 table, n ? n : "");
                else
                    snprintf(t.cols[i], COPY_NAME_MAX, "%s", n);
                t.self[i] = rc == RC_OK && listed(&self, n);
            }
            t.per_batch = COPY_PARAMS_MAX / t.ncols;
            if (t.per_batch > COPY_ROWS_MAX)
                t.per_batch = COPY_ROWS_MAX;
            t.vals = calloc((size_t)t.per_batch * (size_t)t.ncols, sizeof *t.vals);
            t.lens = calloc((size_t)t.per_batch * (size_t)t.ncols, sizeof *t.lens);
            if (rc == RC_OK && (!t.vals || !t.lens))
                rc = err_set(e, RC_NOMEM, NULL, "out of memory");
            if (rc)
                break;
        }
        rc = take_row(&t, st, e);
    }
    store_finish(st);
    if (rc == RC_OK)
        rc = flush(&t, e);
    if (rc == RC_OK)
        rc = set_later(&t, e);
    if (rc == RC_OK)
        rc = reset_ids(to, &t, e);
    free(t.vals);
    free(t.lens);
    arena_free(t.a);
    buf_free(&t.later);
    return rc;
}

rc_t store_copy(store_conn *from, store_conn *to, err *e) {
    if (!store_writing(to))
        return err_set(e, RC_INTERNAL, NULL, "store_copy outside a write transaction");
    name_list *src = calloc(2, sizeof *src);
    if (!src)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    name_list *dst = src + 1;
    rc_t rc = same_version(from, to, e);
    if (rc == RC_OK)
        rc = names(from, TABLES_SQL[from->kind], NULL, src, e);
    if (rc == RC_OK)
        rc = names(to, TABLES_SQL[to->kind], NULL, dst, e);
    for (int i = 0; rc == RC_OK && i < src->n; i++)
        if (!listed(dst, src->name[i]))
            rc = err_set(e, RC_CONFLICT, NULL, "copy: the destination has no table %s",
                         src->name[i]);
    /* empty the destination, the tables that refer to others first */
    char sql[COPY_NAME_MAX + 16];
    for (int i = src->n - 1; rc == RC_OK && i >= 0; i--) {
        if (strcmp(src->name[i], MIGRATIONS_TABLE) == 0)
            continue;
        snprintf(sql, sizeof sql, "DELETE FROM %s", src->name[i]);
        rc = store_run(to, sql, NULL, NULL, e);
    }
    for (int i = 0; rc == RC_OK && i < src->n; i++)
        if (strcmp(src->name[i], MIGRATIONS_TABLE) != 0)
            rc = copy_table(from, to, src->name[i], e);
    free(src);
    return rc;
}
