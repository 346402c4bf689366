/* store.h — the one storage interface. Two backends: SQLite (a file path) and
 * PostgreSQL (a postgresql:// or postgres:// URL). Nothing above store/ knows which.
 *
 * Threading: a `store` is shared by all threads (it only holds the location and the
 * migration list). Each worker thread opens its own `store_conn` and uses it alone.
 *
 * SQL: callers write portable SQL with `?` placeholders; the PostgreSQL backend
 * rewrites them to $1, $2 … . Values are always bound, never formatted into text.
 * Types used by the schema: INTEGER/BIGINT, TEXT; booleans are INTEGER 0/1, dates are
 * TEXT 'YYYY-MM-DD', timestamps TEXT 'YYYY-MM-DDTHH:MM:SSZ'; bytes (attachments) are
 * the macro `{{BLOB}}` (SQLite BLOB, PostgreSQL BYTEA). Migrations may use the macro
 * `{{ID}}` for an auto-increment primary key column type, and `{{UNORDERED}}` after a
 * table's definition for a table whose rows must not remember the order they were
 * written in (SQLite WITHOUT ROWID; nothing on PostgreSQL, see store_scrub); store/
 * expands them.
 *
 * Transactions: every write goes inside store_begin(conn, true) … store_commit.
 * SQLite runs BEGIN IMMEDIATE for those, so writers queue instead of failing at
 * commit; PostgreSQL runs BEGIN. On any error the caller calls store_rollback.
 *
 * Errors: unique violations → RC_CONFLICT; foreign-key and check violations →
 * RC_INVALID; a lost PostgreSQL connection → the conn reconnects once on the next
 * store_begin (or statement outside a transaction), else RC_UNAVAILABLE. */
#ifndef RENDA_STORE_H
#define RENDA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

typedef enum { STORE_SQLITE, STORE_POSTGRES } store_backend;

/* A migration: number (applied in ascending order, recorded in schema_migrations and
 * never re-applied), name, and portable SQL text (several statements separated by
 * semicolons). The list is compiled in (migrations.c, generated from
 * src/store/migrations/NNN_name.sql). */
typedef struct {
    int number;
    const char *name;
    const char *sql;
} store_migration;

extern const store_migration store_migrations[];
extern const int store_migration_count;

/* store_open — parse the location; does not connect. Caller owns *out and frees it
 * with store_close. Fails with RC_INVALID for an unusable location. */
rc_t store_open(const char *location, store **out, err *e);
void store_close(store *s);
store_backend store_kind(const store *s);
const char *store_location(const store *s);

/* store_connect — a new connection owned by the caller (store_disconnect frees it).
 * SQLite: opens/creates the file, WAL, synchronous=FULL, foreign_keys=ON, busy
 * timeout (STORE_BUSY_TIMEOUT_MS). PostgreSQL: PQconnectdb. */
rc_t store_connect(store *s, store_conn **out, err *e);
void store_disconnect(store_conn *c);
store_backend store_conn_kind(const store_conn *c);

/* store_migrate — apply every migration not yet recorded, all in one transaction.
 * *applied (may be NULL) receives how many were applied. */
rc_t store_migrate(store_conn *c, int *applied, err *e);

/* Transactions. write=true takes the write lock at once (SQLite BEGIN IMMEDIATE).
 * They nest: a store_begin inside an open transaction opens a savepoint, and its
 * store_commit releases it, so an engine's function that runs its own transaction can
 * also run as one step of a larger one (the demo loader, a vote that adopts a
 * resolution). A function that begins at depth d ends with store_unwind(c, d), which
 * rolls back what it left open and nothing of its caller's. */
rc_t store_begin(store_conn *c, bool write, err *e);
/* store_begin_whole — an all-or-nothing write transaction (a loader's): the levels
 * opened inside it are not savepoints, which saves two statements a nested step; so
 * store_unwind of an inner level undoes nothing, and the caller rolls the whole
 * transaction back on any error (PostgreSQL refuses to commit after a failed statement
 * anyway). Not inside a transaction. */
rc_t store_begin_whole(store_conn *c, err *e);
rc_t store_commit(store_conn *c, err *e);
/* store_rollback — roll back everything open (every level); safe when nothing is. */
void store_rollback(store_conn *c);
/* store_depth — the levels open now (0: none). */
int store_depth(const store_conn *c);
/* store_unwind — roll back the levels above depth (the caller's own are kept). */
void store_unwind(store_conn *c, int depth);
bool store_in_txn(const store_conn *c);
/* store_txn_id — a number for the outermost transaction open on c, new with each one
 * (unique in the process); 0 outside a transaction. What was read inside one may be
 * kept for as long as the number stays. */
uint64_t store_txn_id(const store_conn *c);

/* store_data_version — a number that changes whenever committed data may have changed:
 * a write transaction committed through any connection of this process, or one by
 * another connection or process, noticed without a round trip (SQLite's data_version,
 * PostgreSQL's notifications). Caches of values derived from the data (list totals,
 * settings) are kept by it. A change made outside renda (by hand in psql) is noticed on
 * PostgreSQL only at renda's next write. */
uint64_t store_data_version(store_conn *c);
/* store_writing — inside a write transaction (what it reads may not be committed: a
 * cache must not keep it). */
bool store_writing(const store_conn *c);

/* store_lock_audit — inside a write transaction, serialise appends to the audit chain
 * (a no-op on SQLite, whose write transactions are already serial; an advisory
 * transaction lock on PostgreSQL, taken once per transaction). */
rc_t store_lock_audit(store_conn *c, err *e);

/* store_exec — run SQL without parameters or results (DDL, PRAGMA, several
 * statements). Not for anything that includes user data. */
rc_t store_exec(store_conn *c, const char *sql, err *e);

/* Prepared statements. store_prepare returns a statement owned by the connection
 * (cached by SQL text; do not free it). The statement is reset: bind parameters
 * (1-based), then call store_next until it returns false. Call store_finish when
 * done (also after an error) so the statement can be reused. At most one result set
 * per statement is live at a time. */
rc_t store_prepare(store_conn *c, const char *sql, store_stmt **out, err *e);
void store_bind_text(store_stmt *st, int idx, const char *s); /* s NULL → NULL */
void store_bind_textn(store_stmt *st, int idx, const char *s, int len);
void store_bind_int(store_stmt *st, int idx, int64_t v);
void store_bind_null(store_stmt *st, int idx);
/* store_bind_blob — bytes (copied; data NULL binds NULL) for a {{BLOB}} column. */
void store_bind_blob(store_stmt *st, int idx, const void *data, size_t len);

/* store_params — the values for a statement's ? placeholders, collected while its SQL
 * is assembled (in the order the ? appear) and bound at once by store_prepare_with.
 * Text is borrowed: it must outlive the statement's use. Adding past
 * STORE_PARAMS_MAX is recorded, not written; store_prepare_with then refuses. */
#define STORE_PARAMS_MAX 128
typedef struct {
    int n;
    struct {
        bool is_int;
        int64_t i;
        const char *s; /* NULL binds SQL NULL */
        bool is_blob;  /* s holds len bytes (store_param_blob) */
        size_t len;
    } v[STORE_PARAMS_MAX];
} store_params;

void store_param_int(store_params *p, int64_t v);
void store_param_text(store_params *p, const char *s);
/* store_param_blob — len bytes at data (borrowed, like text) for a {{BLOB}} column. */
void store_param_blob(store_params *p, const void *data, size_t len);
/* store_prepare_with — store_prepare, then bind p (NULL: none). RC_BAD_REQUEST when p
 * overflowed (too many query conditions). */
rc_t store_prepare_with(store_conn *c, const char *sql, const store_params *p, store_stmt **out,
                        err *e);

/* store_next — the row iterator. Advances to the next row: true while a row is
 * available (read it with the column functions); false at the end or on an error,
 * with *rc RC_OK at the end or the error (and *e filled). PostgreSQL executes the
 * statement on the first call. The one loop over a result:
 *
 *     rc_t rc = RC_OK;
 *     while (store_next(st, &rc, e)) { …read the row… }
 *     store_finish(st);
 *     if (rc) …
 *
 * *rc must be RC_OK on the first call; once it is an error store_next stays false. */
bool store_next(store_stmt *st, rc_t *rc, err *e);
int store_column_count(store_stmt *st);
const char *store_column_name(store_stmt *st, int i);
bool store_column_null(store_stmt *st, int i);
/* Text of column i of the current row; valid until the next step/finish. NULL for NULL. */
const char *store_column_text(store_stmt *st, int i);
int64_t store_column_int(store_stmt *st, int i);
/* store_column_blob — the bytes of a {{BLOB}} column of the current row, *len their
 * number; valid until the next step/finish. NULL (and *len 0) for NULL. */
const void *store_column_blob(store_stmt *st, int i, size_t *len);
/* store_column_is_blob — is column i of the current row bytes rather than text or a
 * number (store_copy copies it as bytes)? */
bool store_column_is_blob(store_stmt *st, int i);
/* store_changes — rows changed by the last executed INSERT/UPDATE/DELETE. */
int64_t store_changes(store_stmt *st);
void store_finish(store_stmt *st);

/* Whole statements: prepare with p (NULL: no values), run, finish — for the many
 * queries that need no loop of their own. All return RC_OK or the error. */
/* store_run — a statement whose rows (if any) are not wanted: INSERT, UPDATE, DELETE.
 * *changed (may be NULL) receives the rows it changed. */
rc_t store_run(store_conn *c, const char *sql, const store_params *p, int64_t *changed, err *e);
/* store_one_int — the first column of the first row; *out untouched when there is no
 * row or the value is NULL. */
rc_t store_one_int(store_conn *c, const char *sql, const store_params *p, int64_t *out, err *e);
/* store_one_text — likewise as text, copied into out (cap bytes, always terminated;
 * "" when no row or NULL). *found (may be NULL) says whether a non-NULL value came. */
rc_t store_one_text(store_conn *c, const char *sql, const store_params *p, char *out, size_t cap,
                    bool *found, err *e);
/* store_each — fn once per row (the row is read through st); fn's non-OK rc stops the
 * walk and is returned. */
typedef rc_t (*store_row_fn)(store_stmt *st, void *ctx, err *e);
rc_t store_each(store_conn *c, const char *sql, const store_params *p, store_row_fn fn, void *ctx,
                err *e);

/* Convenience for fixed text parameters: store_one_int with each params[i] bound as
 * text (NULL → NULL). */
rc_t store_query_int(store_conn *c, const char *sql, int64_t *out, err *e, int nparams,
                     const char *const *params);

/* store_scrub — after rows of these tables were rewritten (a secret vote's ballots at
 * closing), leave no older copy of them where the database's files keep one: SQLite
 * checkpoints the WAL into the main file and truncates it (deleted content is already
 * zeroed: connections run with secure_delete on); PostgreSQL rewrites each table (VACUUM
 * FULL), so dead row versions, and the transaction ids and physical order they carried,
 * are gone from the table's files. Outside a transaction. tables: NULL-terminated names
 * from the caller's own constants (they are not bound, so never user text); each must be
 * a plain identifier, else RC_INVALID. What neither can reach (PostgreSQL's WAL and its
 * archive, a file system's free blocks) is the operator's: docs/votes.md. */
rc_t store_scrub(store_conn *c, const char *const *tables, err *e);

/* store_backup — SQLite: consistent online copy to path (sqlite3_backup), safe while
 * a server writes. PostgreSQL: RC_INVALID with a message to use pg_dump. */
rc_t store_backup(store_conn *c, const char *path, err *e);

/* store_copy — make `to` hold exactly `from`'s rows: every table of the schema but
 * schema_migrations is emptied in `to` and filled with `from`'s rows, ids included, in
 * multi-row INSERTs (a few hundred statements for a county's data), whatever the two
 * backends; PostgreSQL's identities then continue after the ids copied. Inside the
 * caller's write transaction on `to` (a failure leaves it for the caller to roll
 * back); `from` is only read. RC_CONFLICT when the two are at different migrations or
 * `to` lacks one of `from`'s tables. The tables, columns and self-references are read
 * from `from`'s catalogue. */
rc_t store_copy(store_conn *from, store_conn *to, err *e);

#define STORE_BUSY_TIMEOUT_MS 10000
#define STORE_STMT_CACHE_MAX 256

#endif
