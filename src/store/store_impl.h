/* store_impl.h — what the two backends share with store.c (private to src/store).
 *
 * Each backend embeds `store_conn` / `store_stmt` as the first member of its own
 * connection and statement structs and fills a `store_ops` table. store.c owns the
 * statement cache (keyed by SQL text, least recently used evicted) and the
 * migrations; backends only create, run and free statements. */
#ifndef RENDA_STORE_IMPL_H
#define RENDA_STORE_IMPL_H

#include "store/store.h"

typedef struct store_ops store_ops;

/* What a backend's step returns besides an rc_t error (store_next turns these into
 * its bool and rc). */
enum { STORE_ROW = 100, STORE_DONE = 101 };

struct store {
    store_backend kind;
    char *location;
};

struct store_stmt {
    store_conn *conn;
    char *sql;     /* the caller's text, the cache key; owned */
    uint64_t hash; /* of sql, to skip most strcmp calls */
    uint64_t used; /* conn->tick when last prepared, for LRU eviction */
    bool active;   /* between store_prepare and store_finish: never evicted */
    bool done;     /* the result is exhausted: store_next does not step again (SQLite
                     * would re-run the statement) */
};

struct store_conn {
    const store_ops *ops;
    store_backend kind;
    store *s;
    bool closing;     /* set by store_disconnect: stmt_free need not tell the server */
    int depth;        /* open transaction levels: 1 the transaction, more its savepoints */
    bool writing;     /* the outermost level was begun to write */
    bool whole;       /* store_begin_whole: the inner levels are not savepoints */
    uint64_t txn;     /* the outermost transaction's number (store_txn_id) */
    int audit_locked; /* the level that holds the audit lock (0: none) */
    uint64_t tick;
    int nstmts;
    store_stmt *stmts[STORE_STMT_CACHE_MAX];
};

struct store_ops {
    void (*disconnect)(store_conn *c); /* frees the backend's part, not cached stmts */
    rc_t (*begin)(store_conn *c, bool write, err *e);
    rc_t (*commit)(store_conn *c, err *e);
    void (*rollback)(store_conn *c);
    bool (*in_txn)(const store_conn *c);
    rc_t (*lock_audit)(store_conn *c, err *e);
    rc_t (*exec)(store_conn *c, const char *sql, err *e);
    rc_t (*backup)(store_conn *c, const char *path, err *e);
    rc_t (*scrub)(store_conn *c, const char *const *tables, err *e); /* names checked */
    /* stmt_new allocates and prepares; store.c fills the embedded store_stmt. */
    rc_t (*stmt_new)(store_conn *c, const char *sql, store_stmt **out, err *e);
    void (*stmt_free)(store_stmt *st);
    void (*stmt_reset)(store_stmt *st); /* discard results and bindings */
    void (*bind_text)(store_stmt *st, int idx, const char *s, int len); /* len<0: strlen */
    void (*bind_int)(store_stmt *st, int idx, int64_t v);
    void (*bind_blob)(store_stmt *st, int idx, const void *data, size_t len);
    int (*step)(store_stmt *st, err *e);
    int (*column_count)(store_stmt *st);
    const char *(*column_name)(store_stmt *st, int i);
    const char *(*column_text)(store_stmt *st, int i);
    int64_t (*column_int)(store_stmt *st, int i);
    bool (*column_null)(store_stmt *st, int i);
    const void *(*column_blob)(store_stmt *st, int i, size_t *len);
    bool (*column_is_blob)(store_stmt *st, int i);
    int64_t (*changes)(store_stmt *st);
    /* drop_check — remove the CHECK constraint of table.column (migrations: value lists
     * that are data now, checked in C). */
    rc_t (*drop_check)(store_conn *c, const char *table, const char *column, err *e);
    /* others_wrote — has another connection committed a change since this one last
     * asked? Must not cost a round trip to a server. */
    bool (*others_wrote)(store_conn *c);
};

/* Backend constructors: a new connection owned by the caller, ops and kind set. */
rc_t store_sqlite_connect(store *s, store_conn **out, err *e);
rc_t store_pg_connect(store *s, store_conn **out, err *e);
/* store_pg_check_url — parses a PostgreSQL URL without connecting. */
rc_t store_pg_check_url(const char *url, err *e);

/* store_parse_int — the integer at the start of a text value (0 for NULL or no
 * digits); "t"/"f" as 1/0 so PostgreSQL booleans read like SQLite's. */
int64_t store_parse_int(const char *s);

/* store_sql_without_check — the CREATE TABLE text `sql` with the CHECK (…) of `column`'s
 * definition removed, into out. RC_NOT_FOUND when the column or its CHECK is not there. */
rc_t store_sql_without_check(const char *sql, const char *column, char *out, size_t cap);

#endif
