/* sqlite.c — the SQLite backend: one sqlite3 handle per store_conn, opened without
 * SQLite's own mutex because each connection belongs to one thread. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_impl.h"

#define BACKUP_RETRY_MS 50 /* pause when the source is briefly locked */
#define BACKUP_RETRIES (STORE_BUSY_TIMEOUT_MS / BACKUP_RETRY_MS)
#define PRIMARY_CODE(ext) ((ext)&0xff) /* extended result code → its primary code */

/* Page cache per connection and memory-mapped reads: list pages are served from
 * memory instead of a pread per page. */
#define SQLITE_CACHE_KIB 16384
#define SQLITE_MMAP_BYTES (256LL * 1024 * 1024)

typedef struct {
    store_conn base;
    sqlite3 *db;
    sqlite3_stmt *data_version; /* PRAGMA data_version, kept prepared */
    int64_t seen;               /* its value when last asked */
} sq_conn;

/* Waiting for the write lock: SQLite's own busy timeout sleeps in steps growing to
 * 100 ms, so under load a writer that kept losing waited seconds (bench/run). This
 * handler retries every BUSY_SLEEP_MIN_US..BUSY_SLEEP_MAX_US (with jitter, so waiters
 * do not retry in step) until STORE_BUSY_TIMEOUT_MS has passed. A mutex held across
 * each write transaction was tried instead: fair, but it halved throughput. */
#define BUSY_SLEEP_MIN_US 50
#define BUSY_SLEEP_MAX_US 2000
#define BUSY_DOUBLINGS 6

static int busy_wait(void *arg, int count) {
    (void)arg;
    static _Thread_local unsigned seed;
    /* doubling from the minimum, then the maximum: at least the timeout in all */
    if (count > STORE_BUSY_TIMEOUT_MS * 1000 / BUSY_SLEEP_MAX_US)
        return 0;
    long us = BUSY_SLEEP_MAX_US;
    if (count < BUSY_DOUBLINGS && (BUSY_SLEEP_MIN_US << count) < BUSY_SLEEP_MAX_US)
        us = BUSY_SLEEP_MIN_US << count;
    us += (long)(rand_r(&seed) % (us / 2 + 1));
    struct timespec ts = {0, us * 1000L};
    nanosleep(&ts, NULL);
    return 1;
}

typedef struct {
    store_stmt base;
    sqlite3_stmt *st;
    int bind_rc;     /* first failed sqlite3_bind_*, reported by step */
    int64_t changes; /* rows changed when the statement finished */
} sq_stmt;

static sqlite3 *db_of(const store_conn *c) { return ((const sq_conn *)c)->db; }

/* Maps an SQLite result code to an rc with the engine's message, which names the
 * failed constraint ("UNIQUE constraint failed: units.congress_id, units.name"). */
static rc_t sq_error(sqlite3 *db, int code, err *e) {
    int ext = db ? sqlite3_extended_errcode(db) : code;
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    rc_t rc = RC_INTERNAL;
    switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: rc = RC_CONFLICT; break;
    default:
        if (PRIMARY_CODE(ext) == SQLITE_CONSTRAINT)
            rc = RC_INVALID; /* FOREIGNKEY, CHECK, NOTNULL and the rest */
        else if (PRIMARY_CODE(ext) == SQLITE_BUSY || PRIMARY_CODE(ext) == SQLITE_LOCKED)
            rc = RC_UNAVAILABLE;
        else if (ext == SQLITE_NOMEM)
            rc = RC_NOMEM;
        break;
    }
    return err_set(e, rc, NULL, "SQLite: %s", msg);
}

static rc_t sq_exec(store_conn *c, const char *sql, err *e) {
    int r = sqlite3_exec(db_of(c), sql, NULL, NULL, NULL);
    return r == SQLITE_OK ? RC_OK : sq_error(db_of(c), r, e);
}

static void sq_disconnect(store_conn *c) {
    sqlite3_finalize(((sq_conn *)c)->data_version);
    sqlite3_close_v2(db_of(c));
    free(c);
}

/* sq_others_wrote — PRAGMA data_version changes when another connection (of any
 * process) commits; it reads shared memory, not the disk. */
static bool sq_others_wrote(store_conn *c) {
    sq_conn *q = (sq_conn *)c;
    if (!q->data_version &&
        sqlite3_prepare_v2(q->db, "PRAGMA data_version", -1, &q->data_version, NULL) != SQLITE_OK)
        return true; /* cannot tell: assume it changed */
    int64_t v =
        sqlite3_step(q->data_version) == SQLITE_ROW ? sqlite3_column_int64(q->data_version, 0) : -1;
    sqlite3_reset(q->data_version);
    bool changed = v < 0 || v != q->seen;
    q->seen = v;
    return changed;
}

static rc_t sq_begin(store_conn *c, bool write, err *e) {
    return sq_exec(c, write ? "BEGIN IMMEDIATE" : "BEGIN", e);
}

static rc_t sq_commit(store_conn *c, err *e) { return sq_exec(c, "COMMIT", e); }

static bool sq_in_txn(const store_conn *c) { return !sqlite3_get_autocommit(db_of(c)); }

static void sq_rollback(store_conn *c) {
    if (sq_in_txn(c))
        sqlite3_exec(db_of(c), "ROLLBACK", NULL, NULL, NULL);
}

/* SQLite write transactions are already serial: nothing to lock. */
static rc_t sq_lock_audit(store_conn *c, err *e) {
    (void)c;
    (void)e;
    return RC_OK;
}

/* The tables live in the main file once the WAL is checkpointed; TRUNCATE then leaves
 * the WAL empty, so the frames that recorded each transaction (in the order they were
 * committed) are gone. Readers still on an old snapshot make it incomplete: said so. */
static rc_t sq_scrub(store_conn *c, const char *const *tables, err *e) {
    (void)tables;
    int log_frames = 0, done_frames = 0;
    int r = sqlite3_wal_checkpoint_v2(db_of(c), NULL, SQLITE_CHECKPOINT_TRUNCATE, &log_frames,
                                      &done_frames);
    if (r != SQLITE_OK)
        return err_set(e, r == SQLITE_BUSY ? RC_UNAVAILABLE : RC_INTERNAL, NULL,
                       "checkpointing the WAL: %s", sqlite3_errmsg(db_of(c)));
    return RC_OK;
}

/* One sqlite3_backup_step(-1) copies every page under one read snapshot; in WAL mode
 * that snapshot does not block writers in other processes. */
static rc_t sq_backup(store_conn *c, const char *path, err *e) {
    sqlite3 *dest = NULL;
    sqlite3_backup *bk = NULL;
    rc_t rc = RC_OK;
    int r = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (r != SQLITE_OK) {
        rc = err_set(e, RC_INVALID, "path", "cannot create backup %s: %s", path,
                     dest ? sqlite3_errmsg(dest) : sqlite3_errstr(r));
        goto done;
    }
    bk = sqlite3_backup_init(dest, "main", db_of(c), "main");
    if (!bk) {
        rc = err_set(e, RC_INTERNAL, "path", "backup to %s: %s", path, sqlite3_errmsg(dest));
        goto done;
    }
    r = sqlite3_backup_step(bk, -1);
    for (int tries = 0; (r == SQLITE_BUSY || r == SQLITE_LOCKED) && tries < BACKUP_RETRIES;
         tries++) {
        sqlite3_sleep(BACKUP_RETRY_MS);
        r = sqlite3_backup_step(bk, -1);
    }
    int fin = sqlite3_backup_finish(bk);
    bk = NULL;
    if (r != SQLITE_DONE || fin != SQLITE_OK) {
        rc = err_set(e, r == SQLITE_BUSY ? RC_UNAVAILABLE : RC_INTERNAL, "path",
                     "backup to %s failed: %s", path, sqlite3_errmsg(dest));
        goto done;
    }
done:
    sqlite3_close_v2(dest);
    return rc;
}

static rc_t sq_stmt_new(store_conn *c, const char *sql, store_stmt **out, err *e) {
    sq_stmt *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, RC_NOMEM, NULL, "out of memory preparing a statement");
    int r = sqlite3_prepare_v3(db_of(c), sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
    if (r != SQLITE_OK || !s->st) {
        rc_t rc = r == SQLITE_OK ? err_set(e, RC_INTERNAL, NULL, "SQLite: empty statement")
                                 : sq_error(db_of(c), r, e);
        sqlite3_finalize(s->st);
        free(s);
        return rc;
    }
    *out = &s->base;
    return RC_OK;
}

static void sq_stmt_free(store_stmt *st) {
    sqlite3_finalize(((sq_stmt *)st)->st);
    free(st);
}

static void sq_stmt_reset(store_stmt *st) {
    sq_stmt *s = (sq_stmt *)st;
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
    s->bind_rc = SQLITE_OK;
}

static void note_bind(sq_stmt *s, int r) {
    if (r != SQLITE_OK && s->bind_rc == SQLITE_OK)
        s->bind_rc = r;
}

static void sq_bind_text(store_stmt *st, int idx, const char *v, int len) {
    sq_stmt *s = (sq_stmt *)st;
    int r =
        v ? sqlite3_bind_text(s->st, idx, v, len, SQLITE_TRANSIENT) : sqlite3_bind_null(s->st, idx);
    note_bind(s, r);
}

static void sq_bind_int(store_stmt *st, int idx, int64_t v) {
    sq_stmt *s = (sq_stmt *)st;
    note_bind(s, sqlite3_bind_int64(s->st, idx, v));
}

static void sq_bind_blob(store_stmt *st, int idx, const void *data, size_t len) {
    sq_stmt *s = (sq_stmt *)st;
    note_bind(s, sqlite3_bind_blob64(s->st, idx, data, (sqlite3_uint64)len, SQLITE_TRANSIENT));
}

static int sq_step(store_stmt *st, err *e) {
    sq_stmt *s = (sq_stmt *)st;
    sqlite3 *db = db_of(st->conn);
    if (s->bind_rc != SQLITE_OK)
        return (int)err_set(e, RC_INTERNAL, NULL, "SQLite: cannot bind parameter: %s",
                            sqlite3_errstr(s->bind_rc));
    int r = sqlite3_step(s->st);
    if (r == SQLITE_ROW)
        return STORE_ROW;
    if (r == SQLITE_DONE) {
        s->changes = sqlite3_changes64(db);
        return STORE_DONE;
    }
    return (int)sq_error(db, r, e);
}

static int sq_column_count(store_stmt *st) { return sqlite3_column_count(((sq_stmt *)st)->st); }

static const char *sq_column_name(store_stmt *st, int i) {
    return sqlite3_column_name(((sq_stmt *)st)->st, i);
}

static const char *sq_column_text(store_stmt *st, int i) {
    return (const char *)sqlite3_column_text(((sq_stmt *)st)->st, i);
}

/* Text columns are parsed the same way as on PostgreSQL. */
static int64_t sq_column_int(store_stmt *st, int i) {
    sqlite3_stmt *s = ((sq_stmt *)st)->st;
    if (sqlite3_column_type(s, i) == SQLITE_TEXT)
        return store_parse_int((const char *)sqlite3_column_text(s, i));
    return sqlite3_column_int64(s, i);
}

static bool sq_column_null(store_stmt *st, int i) {
    return sqlite3_column_type(((sq_stmt *)st)->st, i) == SQLITE_NULL;
}

static const void *sq_column_blob(store_stmt *st, int i, size_t *len) {
    sqlite3_stmt *s = ((sq_stmt *)st)->st;
    const void *v = sqlite3_column_blob(s, i);
    *len = v ? (size_t)sqlite3_column_bytes(s, i) : 0;
    return v;
}

static bool sq_column_is_blob(store_stmt *st, int i) {
    return sqlite3_column_type(((sq_stmt *)st)->st, i) == SQLITE_BLOB;
}

static int64_t sq_changes(store_stmt *st) { return ((sq_stmt *)st)->changes; }

/* sq_drop_check — SQLite keeps a table's definition as text and cannot ALTER a
 * constraint; removing a CHECK does not change what is stored, so the documented way is
 * to edit the definition in sqlite_schema and bump the schema version, inside the
 * migration's transaction (https://sqlite.org/lang_altertable.html, "otheralter"). */
#define SCHEMA_SQL_MAX (64 * 1024)
static rc_t sq_drop_check(store_conn *c, const char *table, const char *column, err *e) {
    sqlite3 *db = db_of(c);
    sqlite3_stmt *st = NULL;
    char *now = malloc(SCHEMA_SQL_MAX);
    int version = 0;
    rc_t rc = now ? RC_OK : err_set(e, RC_NOMEM, NULL, "out of memory");
    int r = rc ? SQLITE_NOMEM
               : sqlite3_prepare_v2(db,
                                    "SELECT sql FROM sqlite_schema WHERE type = 'table' AND "
                                    "name = ?",
                                    -1, &st, NULL);
    if (rc == RC_OK && r != SQLITE_OK)
        rc = sq_error(db, r, e);
    if (rc == RC_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
        const char *sql =
            sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        rc_t t = sql ? store_sql_without_check(sql, column, now, SCHEMA_SQL_MAX) : RC_NOT_FOUND;
        if (t == RC_NOT_FOUND)
            rc = RC_NOT_FOUND; /* no such CHECK: nothing to do */
        else if (t)
            rc = err_set(e, t, NULL, "the definition of %s is too long", table);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == RC_OK) {
        r = sqlite3_prepare_v2(db, "PRAGMA schema_version", -1, &st, NULL);
        if (r == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            version = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        rc = sq_exec(c, "PRAGMA writable_schema = ON", e);
    }
    if (rc == RC_OK) {
        r = sqlite3_prepare_v2(db,
                               "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND "
                               "name = ?",
                               -1, &st, NULL);
        if (r == SQLITE_OK) {
            sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, table, -1, SQLITE_TRANSIENT);
            r = sqlite3_step(st);
        }
        sqlite3_finalize(st);
        if (r != SQLITE_DONE)
            rc = sq_error(db, r, e);
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA schema_version = %d", version + 1);
        if (rc == RC_OK)
            rc = sq_exec(c, bump, e);
        err ignored;
        sq_exec(c, "PRAGMA writable_schema = OFF", &ignored);
    }
    free(now);
    return rc == RC_NOT_FOUND ? RC_OK : rc;
}

static const store_ops sqlite_ops = {
    .drop_check = sq_drop_check,
    .others_wrote = sq_others_wrote,
    .disconnect = sq_disconnect,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_txn = sq_in_txn,
    .lock_audit = sq_lock_audit,
    .exec = sq_exec,
    .backup = sq_backup,
    .scrub = sq_scrub,
    .stmt_new = sq_stmt_new,
    .stmt_free = sq_stmt_free,
    .stmt_reset = sq_stmt_reset,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .column_count = sq_column_count,
    .column_name = sq_column_name,
    .column_text = sq_column_text,
    .column_int = sq_column_int,
    .column_null = sq_column_null,
    .column_blob = sq_column_blob,
    .column_is_blob = sq_column_is_blob,
    .changes = sq_changes,
};

/* store_sqlite_connect — opens or creates the file and sets the pragmas store.h
 * promises. The busy timeout is set first so switching to WAL waits for other
 * connections instead of failing. Fails with RC_UNAVAILABLE if the file cannot be
 * opened. */
rc_t store_sqlite_connect(store *s, store_conn **out, err *e) {
    rc_t rc = RC_OK;
    sq_conn *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, RC_NOMEM, NULL, "out of memory connecting to SQLite");
    c->base.ops = &sqlite_ops;
    c->base.kind = STORE_SQLITE;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int r = sqlite3_open_v2(store_location(s), &c->db, flags, NULL);
    if (r != SQLITE_OK) {
        rc = err_set(e, RC_UNAVAILABLE, "database", "cannot open SQLite database %s: %s",
                     store_location(s), c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(r));
        goto done;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_handler(c->db, busy_wait, NULL);
    rc = sq_exec(&c->base,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                 /* a deleted row's bytes are overwritten, not left in a free page
                    (secret ballots rewritten at closing: docs/votes.md) */
                 "PRAGMA secure_delete=ON;",
                 e);
    if (rc == RC_OK) {
        char tuning[128];
        snprintf(tuning, sizeof tuning, "PRAGMA cache_size=-%d; PRAGMA mmap_size=%lld;",
                 SQLITE_CACHE_KIB, SQLITE_MMAP_BYTES);
        rc = sq_exec(&c->base, tuning, e);
    }
done:
    if (rc != RC_OK) {
        sqlite3_close_v2(c->db);
        free(c);
        return rc;
    }
    *out = &c->base;
    return RC_OK;
}
