/* test_store.c — the storage layer against a temporary SQLite file and, when
 * RENDA_TEST_PG names a PostgreSQL URL, against PostgreSQL too (each test in its own
 * schema, dropped afterwards, so the database itself is left as it was). */
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/store.h"
#include "store/store_impl.h"

#define LOCATION_MAX 1024
#define NOW "2024-03-01T08:00:00Z"
#define INJECTION "'; DROP TABLE units; --"
#define CHINESE "北京市人民代表大会常务委员会"
#define WRITER_THREADS 4
#define WRITES_PER_THREAD 25
#define EXTRA_STMTS 44 /* past the cache cap */
#define TERMINATE_WAIT_MS "5000"

typedef struct {
    store_backend kind;
    const char *name;
    char location[LOCATION_MAX];
    char dir[64];    /* SQLite: temporary directory */
    char schema[64]; /* PostgreSQL: per-test schema */
    store *s;
    store_conn *c;
} fixture;

static fixture sqlite_fx = {.kind = STORE_SQLITE, .name = "sqlite"};
static fixture pg_fx = {.kind = STORE_POSTGRES, .name = "postgres"};
static int schema_seq;

/* One connection to the PostgreSQL database itself, for creating/dropping schemas. */
static void pg_admin(const char *sql) {
    store *s = NULL;
    store_conn *c = NULL;
    err e;
    assert_int_equal(store_open(getenv("RENDA_TEST_PG"), &s, &e), RC_OK);
    assert_int_equal(store_connect(s, &c, &e), RC_OK);
    rc_t rc = store_exec(c, sql, &e);
    if (rc != RC_OK)
        fail_msg("%s: %s", sql, e.message);
    store_disconnect(c);
    store_close(s);
}

static int setup(void **state) {
    fixture *f = *state;
    err e;
    if (f->kind == STORE_SQLITE) {
        snprintf(f->dir, sizeof f->dir, "/tmp/renda-store-XXXXXX");
        assert_non_null(mkdtemp(f->dir));
        snprintf(f->location, sizeof f->location, "%s/renda.sqlite", f->dir);
    } else {
        const char *url = getenv("RENDA_TEST_PG");
        snprintf(f->schema, sizeof f->schema, "renda_test_%d_%d", (int)getpid(), ++schema_seq);
        char sql[128];
        snprintf(sql, sizeof sql, "CREATE SCHEMA %s", f->schema);
        pg_admin(sql);
        snprintf(f->location, sizeof f->location, "%s%soptions=-csearch_path%%3D%s", url,
                 strchr(url, '?') ? "&" : "?", f->schema);
    }
    assert_int_equal(store_open(f->location, &f->s, &e), RC_OK);
    assert_int_equal(store_kind(f->s), f->kind);
    if (store_connect(f->s, &f->c, &e) != RC_OK)
        fail_msg("connect %s: %s", f->location, e.message);
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    store_disconnect(f->c);
    store_close(f->s);
    f->c = NULL;
    f->s = NULL;
    if (f->kind == STORE_SQLITE) {
        char cmd[sizeof f->dir + 16];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        assert_int_equal(system(cmd), 0);
    } else {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", f->schema);
        pg_admin(sql);
    }
    return 0;
}

static void ok(rc_t rc, const err *e) {
    if (rc != RC_OK)
        fail_msg("rc %d: %s", rc, e->message);
}

static void migrate(fixture *f) {
    err e;
    int applied = -1;
    ok(store_migrate(f->c, &applied, &e), &e);
}

static int64_t count(store_conn *c, const char *sql) {
    err e;
    int64_t n = -1;
    ok(store_query_int(c, sql, &n, &e, 0, NULL), &e);
    return n;
}

static int64_t add_congress(store_conn *c, const char *name) {
    err e;
    int64_t id = 0;
    const char *p[] = {name, "national", NOW, NOW};
    ok(store_begin(c, true, &e), &e);
    ok(store_query_int(c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, p),
       &e);
    ok(store_commit(c, &e), &e);
    assert_true(id > 0);
    return id;
}

/* row — store_next that must not fail: true when a row came, false at the end. */
static bool row(store_stmt *st, err *e) {
    rc_t rc = RC_OK;
    bool more = store_next(st, &rc, e);
    assert_int_equal(rc, RC_OK);
    return more;
}

static void test_open_locations(void **state) {
    (void)state;
    static const struct {
        const char *location;
        rc_t rc;
        store_backend kind;
    } cases[] = {
        {"postgresql://u@127.0.0.1:5432/renda", RC_OK, STORE_POSTGRES},
        {"postgres://127.0.0.1/renda", RC_OK, STORE_POSTGRES},
        {"/var/lib/renda/renda.sqlite", RC_OK, STORE_SQLITE},
        {"renda.db", RC_OK, STORE_SQLITE},
        {"", RC_INVALID, STORE_SQLITE},
        {"postgresql://[bad", RC_INVALID, STORE_POSTGRES},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        store *s = NULL;
        err e;
        err_clear(&e);
        assert_int_equal(store_open(cases[i].location, &s, &e), cases[i].rc);
        if (cases[i].rc == RC_OK) {
            assert_int_equal(store_kind(s), cases[i].kind);
            assert_string_equal(store_location(s), cases[i].location);
        } else {
            assert_null(s);
            assert_true(e.message[0] != '\0');
        }
        store_close(s);
    }
}

static void test_migrate_twice(void **state) {
    fixture *f = *state;
    err e;
    int applied = -1;
    ok(store_migrate(f->c, &applied, &e), &e);
    assert_int_equal(applied, store_migration_count);
    ok(store_migrate(f->c, &applied, &e), &e);
    assert_int_equal(applied, 0);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM schema_migrations"), store_migration_count);
    assert_false(store_in_txn(f->c));
}

static void test_params_roundtrip(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    int64_t cid = add_congress(f->c, CHINESE);

    store_stmt *st = NULL;
    ok(store_begin(f->c, true, &e), &e);
    ok(store_prepare(f->c,
                     "INSERT INTO units (congress_id, name, kind, contact, phone, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     &st, &e),
       &e);
    store_bind_int(st, 1, cid);
    store_bind_text(st, 2, INJECTION);
    store_bind_textn(st, 3, "government-and-more", (int)strlen("government"));
    store_bind_null(st, 4);
    store_bind_text(st, 5, NULL);
    store_bind_text(st, 6, NOW);
    store_bind_text(st, 7, NOW);
    assert_false(row(st, &e));
    assert_int_equal(store_changes(st), 1);
    store_finish(st);
    ok(store_commit(f->c, &e), &e);

    ok(store_prepare(f->c,
                     "SELECT u.id, u.name, u.kind, u.contact, u.congress_id, c.name AS congress "
                     "FROM units u JOIN congresses c ON c.id = u.congress_id WHERE u.name = ?",
                     &st, &e),
       &e);
    store_bind_text(st, 1, INJECTION);
    assert_true(row(st, &e));
    assert_int_equal(store_column_count(st), 6);
    assert_string_equal(store_column_name(st, 1), "name");
    assert_string_equal(store_column_name(st, 5), "congress");
    assert_true(store_column_int(st, 0) > 0);
    assert_string_equal(store_column_text(st, 1), INJECTION);
    assert_string_equal(store_column_text(st, 2), "government");
    assert_true(store_column_null(st, 3));
    assert_null(store_column_text(st, 3));
    assert_int_equal(store_column_int(st, 4), cid);
    assert_string_equal(store_column_text(st, 5), CHINESE);
    assert_false(row(st, &e));
    store_finish(st);

    /* text columns read as integers on both backends */
    ok(store_prepare(f->c, "SELECT '42', CAST(? AS TEXT)", &st, &e), &e);
    store_bind_text(st, 1, "-7");
    assert_true(row(st, &e));
    assert_int_equal(store_column_int(st, 0), 42);
    assert_int_equal(store_column_int(st, 1), -7);
    store_finish(st);

    /* a ? inside a string literal is not a placeholder */
    ok(store_prepare(f->c, "SELECT 'a?b''?' || CAST(? AS TEXT)", &st, &e), &e);
    store_bind_text(st, 1, "中");
    assert_true(row(st, &e));
    assert_string_equal(store_column_text(st, 0), "a?b'?中");
    store_finish(st);

    const char *p[] = {CHINESE};
    int64_t n = 0;
    ok(store_query_int(f->c, "SELECT COUNT(*) FROM congresses WHERE name = ?", &n, &e, 1, p), &e);
    assert_int_equal(n, 1);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM units"), 1);

    /* store_changes counts every row an UPDATE touched */
    add_congress(f->c, "second");
    ok(store_begin(f->c, true, &e), &e);
    ok(store_prepare(f->c, "UPDATE congresses SET updated_at = ?", &st, &e), &e);
    store_bind_text(st, 1, NOW);
    assert_false(row(st, &e));
    assert_int_equal(store_changes(st), 2);
    store_finish(st);
    ok(store_commit(f->c, &e), &e);
}

static void test_constraint_errors(void **state) {
    fixture *f = *state;
    migrate(f);
    int64_t cid = add_congress(f->c, "c");
    char cid_text[32];
    snprintf(cid_text, sizeof cid_text, "%lld", (long long)cid);
    static const char *const insert_unit =
        "INSERT INTO units (congress_id, name, kind, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)";
    const struct {
        const char *what;
        const char *sql;
        const char *params[5];
        int nparams;
        rc_t rc;
    } cases[] = {
        {"first insert", insert_unit, {cid_text, "u", "court", NOW, NOW}, 5, RC_OK},
        {"unique", insert_unit, {cid_text, "u", "court", NOW, NOW}, 5, RC_CONFLICT},
        {"foreign key", insert_unit, {"999999", "v", "court", NOW, NOW}, 5, RC_INVALID},
        {"check", insert_unit, {cid_text, "w", "no-such-kind", NOW, NOW}, 5, RC_INVALID},
        {"not null", insert_unit, {cid_text, NULL, "court", NOW, NOW}, 5, RC_INVALID},
        {"primary key",
         "INSERT INTO settings (congress_id, key, value, updated_at) VALUES (0, 'k', ?, ?)",
         {"1", NOW},
         2,
         RC_OK},
        {"primary key again",
         "INSERT INTO settings (congress_id, key, value, updated_at) VALUES (0, 'k', ?, ?)",
         {"2", NOW},
         2,
         RC_CONFLICT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err e;
        err_clear(&e);
        int64_t ignored = 0;
        ok(store_begin(f->c, true, &e), &e);
        rc_t rc =
            store_query_int(f->c, cases[i].sql, &ignored, &e, cases[i].nparams, cases[i].params);
        if (rc != cases[i].rc)
            fail_msg("%s/%s: rc %d, want %d (%s)", f->name, cases[i].what, rc, cases[i].rc,
                     e.message);
        if (rc == RC_OK) {
            ok(store_commit(f->c, &e), &e);
        } else {
            assert_non_null(strstr(e.message, "constraint"));
            store_rollback(f->c);
        }
        assert_false(store_in_txn(f->c));
    }
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM units"), 1);
}

static void test_rollback(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    store_rollback(f->c); /* no transaction: harmless */
    ok(store_begin(f->c, true, &e), &e);
    assert_true(store_in_txn(f->c));
    ok(store_lock_audit(f->c, &e), &e);
    const char *p[] = {"gone", "city", NOW, NOW};
    int64_t id = 0;
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, p),
       &e);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 1);
    store_rollback(f->c);
    assert_false(store_in_txn(f->c));
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 0);
    /* a read transaction works too */
    ok(store_begin(f->c, false, &e), &e);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 0);
    ok(store_commit(f->c, &e), &e);
}

static void test_backup(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    add_congress(f->c, CHINESE);
    add_congress(f->c, INJECTION);
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/backup.sqlite", f->kind == STORE_SQLITE ? f->dir : "/tmp");
    rc_t rc = store_backup(f->c, path, &e);
    if (f->kind == STORE_POSTGRES) {
        assert_int_equal(rc, RC_INVALID);
        assert_non_null(strstr(e.message, "pg_dump"));
        return;
    }
    ok(rc, &e);
    store *s = NULL;
    store_conn *c = NULL;
    ok(store_open(path, &s, &e), &e);
    ok(store_connect(s, &c, &e), &e);
    assert_int_equal(count(c, "SELECT COUNT(*) FROM congresses"), 2);
    const char *p[] = {CHINESE};
    int64_t n = 0;
    ok(store_query_int(c, "SELECT COUNT(*) FROM congresses WHERE name = ?", &n, &e, 1, p), &e);
    assert_int_equal(n, 1);
    assert_int_equal(count(c, "SELECT COUNT(*) FROM schema_migrations"), store_migration_count);
    store_disconnect(c);
    store_close(s);
}

static void test_stmt_cache_eviction(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    add_congress(f->c, "one");
    add_congress(f->c, "two");
    /* a statement in use must survive every eviction */
    store_stmt *held = NULL;
    ok(store_prepare(f->c, "SELECT name FROM congresses ORDER BY id", &held, &e), &e);
    assert_true(row(held, &e));
    assert_string_equal(store_column_text(held, 0), "one");
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < STORE_STMT_CACHE_MAX + EXTRA_STMTS; i++) {
            char sql[64];
            snprintf(sql, sizeof sql, "SELECT %d + CAST(? AS INTEGER)", i);
            store_stmt *st = NULL;
            ok(store_prepare(f->c, sql, &st, &e), &e);
            store_bind_int(st, 1, round);
            assert_true(row(st, &e));
            assert_int_equal(store_column_int(st, 0), i + round);
            store_finish(st);
        }
    }
    assert_true(row(held, &e));
    assert_string_equal(store_column_text(held, 0), "two");
    assert_false(row(held, &e));
    store_finish(held);
    /* evicted statements are deallocated on the server too */
    if (f->kind == STORE_POSTGRES)
        assert_true(count(f->c, "SELECT COUNT(*) FROM pg_prepared_statements") <=
                    STORE_STMT_CACHE_MAX);
}

typedef struct {
    store *s;
    int thread;
    rc_t rc;
    err e;
} writer;

static void *write_rows(void *arg) {
    writer *w = arg;
    store_conn *c = NULL;
    w->rc = store_connect(w->s, &c, &w->e);
    for (int i = 0; i < WRITES_PER_THREAD && w->rc == RC_OK; i++) {
        char login[32];
        snprintf(login, sizeof login, "writer-%d-%d", w->thread, i);
        int64_t ignored = 0;
        w->rc = store_begin(c, true, &w->e);
        if (w->rc == RC_OK) {
            const char *p[] = {login, NOW};
            w->rc = store_query_int(c, "INSERT INTO login_failures (login, at) VALUES (?, ?)",
                                    &ignored, &w->e, 2, p);
        }
        if (w->rc == RC_OK)
            w->rc = store_commit(c, &w->e);
        if (w->rc != RC_OK)
            store_rollback(c);
    }
    store_disconnect(c);
    return NULL;
}

static void test_concurrent_writers(void **state) {
    fixture *f = *state;
    migrate(f);
    pthread_t t[WRITER_THREADS];
    writer w[WRITER_THREADS];
    for (int i = 0; i < WRITER_THREADS; i++) {
        w[i] = (writer){.s = f->s, .thread = i};
        assert_int_equal(pthread_create(&t[i], NULL, write_rows, &w[i]), 0);
    }
    for (int i = 0; i < WRITER_THREADS; i++) {
        pthread_join(t[i], NULL);
        if (w[i].rc != RC_OK)
            fail_msg("writer %d: rc %d: %s", i, w[i].rc, w[i].e.message);
    }
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM login_failures"),
                     WRITER_THREADS * WRITES_PER_THREAD);
}

/* Kills this test's backend from a second connection and waits until it is gone. */
static void kill_backend(fixture *f, store_conn *victim) {
    err e;
    store_conn *killer = NULL;
    int64_t pid = 0, done = 0;
    ok(store_query_int(victim, "SELECT pg_backend_pid()", &pid, &e, 0, NULL), &e);
    ok(store_connect(f->s, &killer, &e), &e);
    char pid_text[32];
    snprintf(pid_text, sizeof pid_text, "%lld", (long long)pid);
    const char *p[] = {pid_text, TERMINATE_WAIT_MS};
    ok(store_query_int(killer,
                       "SELECT CASE WHEN pg_terminate_backend(CAST(? AS INTEGER), "
                       "CAST(? AS BIGINT)) THEN 1 ELSE 0 END",
                       &done, &e, 2, p),
       &e);
    assert_int_equal(done, 1);
    store_disconnect(killer);
}

static void test_pg_reconnect(void **state) {
    fixture *f = *state;
    if (f->kind != STORE_POSTGRES)
        skip();
    err e;
    migrate(f);
    add_congress(f->c, "before");

    /* outside a transaction: the statement reconnects, re-prepares and succeeds */
    kill_backend(f, f->c);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 1);

    /* inside one: RC_UNAVAILABLE, then the next store_begin reconnects */
    ok(store_begin(f->c, true, &e), &e);
    kill_backend(f, f->c);
    int64_t n = 0;
    assert_int_equal(store_query_int(f->c, "SELECT COUNT(*) FROM congresses", &n, &e, 0, NULL),
                     RC_UNAVAILABLE);
    store_rollback(f->c);
    assert_false(store_in_txn(f->c));
    ok(store_begin(f->c, true, &e), &e);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 1);
    ok(store_commit(f->c, &e), &e);
}

/* Nested transactions are savepoints: the inner level's work goes with the outer
 * transaction, an inner unwind takes back only its own, and an outer rollback takes
 * everything. */
static void test_nested_transactions(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    ok(store_begin(f->c, true, &e), &e);
    assert_int_equal(store_depth(f->c), 1);
    const char *p[] = {"外层", "national", NOW, NOW};
    int64_t id = 0;
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, p),
       &e);
    int depth = store_depth(f->c);
    ok(store_begin(f->c, true, &e), &e);
    assert_int_equal(store_depth(f->c), 2);
    const char *q[] = {"内层保留", "national", NOW, NOW};
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, q),
       &e);
    ok(store_commit(f->c, &e), &e); /* releases the savepoint only */
    assert_int_equal(store_depth(f->c), 1);
    assert_true(store_in_txn(f->c));
    ok(store_begin(f->c, true, &e), &e);
    const char *r[] = {"内层撤销", "national", NOW, NOW};
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, r),
       &e);
    store_unwind(f->c, depth); /* takes back the inner level, keeps the outer */
    assert_int_equal(store_depth(f->c), 1);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 2);
    ok(store_commit(f->c, &e), &e);
    assert_int_equal(store_depth(f->c), 0);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses WHERE name = '内层撤销'"), 0);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 2);
    /* an outer rollback takes the inner levels with it */
    ok(store_begin(f->c, true, &e), &e);
    ok(store_begin(f->c, true, &e), &e);
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, r),
       &e);
    ok(store_commit(f->c, &e), &e);
    store_unwind(f->c, 0);
    assert_int_equal(store_depth(f->c), 0);
    assert_false(store_in_txn(f->c));
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 2);
}

/* A write nested in a read: the read level may be no real transaction (PostgreSQL
 * sends no BEGIN for reads), and the savepoint makes it one. */
static void test_write_inside_read(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    ok(store_begin(f->c, false, &e), &e);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 0);
    ok(store_begin(f->c, true, &e), &e);
    const char *p[] = {"读中写", "national", NOW, NOW};
    int64_t id = 0;
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, p),
       &e);
    ok(store_commit(f->c, &e), &e);
    ok(store_commit(f->c, &e), &e);
    assert_false(store_in_txn(f->c));
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 1);
    /* a read level on its own leaves nothing open */
    ok(store_begin(f->c, false, &e), &e);
    store_unwind(f->c, 0);
    assert_false(store_in_txn(f->c));
}

/* An all-or-nothing transaction (store_begin_whole): its inner levels are not
 * savepoints — they commit with it, an inner unwind takes nothing back (the caller
 * rolls back the whole) — and the audit lock is taken once. */
static void test_whole_transaction(void **state) {
    fixture *f = *state;
    err e;
    int64_t id = 0;
    migrate(f);
    const char *p[] = {"整体", "national", NOW, NOW}, *q[] = {"整体撤销", "national", NOW, NOW};
    ok(store_begin_whole(f->c, &e), &e);
    assert_int_equal(store_begin_whole(f->c, &e), RC_INTERNAL); /* not inside another */
    ok(store_begin(f->c, true, &e), &e);
    assert_int_equal(store_depth(f->c), 2);
    ok(store_lock_audit(f->c, &e), &e);
    ok(store_lock_audit(f->c, &e), &e);
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, p),
       &e);
    ok(store_commit(f->c, &e), &e);
    ok(store_commit(f->c, &e), &e);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 1);
    ok(store_begin_whole(f->c, &e), &e);
    int depth = store_depth(f->c);
    ok(store_begin(f->c, true, &e), &e);
    ok(store_query_int(f->c,
                       "INSERT INTO congresses (name, level, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?) RETURNING id",
                       &id, &e, 4, q),
       &e);
    store_unwind(f->c, depth); /* a step inside failed: nothing to take back alone */
    assert_int_equal(store_depth(f->c), 1);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 2);
    store_rollback(f->c); /* …so the caller takes back the whole */
    assert_int_equal(store_depth(f->c), 0);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 1);
}

/* blob_row — an attachment row holding every byte value (NUL included), its id. */
static int64_t blob_row(store_conn *c, unsigned char *bytes, size_t n) {
    err e;
    int64_t id = 0;
    for (size_t i = 0; i < n; i++)
        bytes[i] = (unsigned char)(i * 7 % 256);
    store_params b = {.n = 0};
    store_param_blob(&b, bytes, n);
    ok(store_one_int(
           c,
           "INSERT INTO attachments (owner, record_id, name, type, size, sm3, created_at, "
           "content) VALUES ('units', 1, '答复函.pdf', 'application/pdf', 1, 'x', 'x', ?) "
           "RETURNING id",
           &b, &id, &e),
       &e);
    return id;
}

/* blob_equal — does the row's content hold exactly these bytes? */
static void blob_equal(store_conn *c, int64_t id, const unsigned char *bytes, size_t n) {
    err e;
    rc_t rc = RC_OK;
    store_stmt *st = NULL;
    ok(store_prepare(c, "SELECT content FROM attachments WHERE id = ?", &st, &e), &e);
    store_bind_int(st, 1, id);
    assert_true(store_next(st, &rc, &e));
    assert_true(store_column_is_blob(st, 0));
    size_t len = 0;
    const void *got = store_column_blob(st, 0, &len);
    assert_int_equal(len, n);
    assert_memory_equal(got, bytes, n);
    store_finish(st);
    ok(rc, &e);
}

/* Bytes go in and come back as they were, NULs and all (SQLite BLOB, PostgreSQL BYTEA
 * through its hex text form). */
static void test_blob(void **state) {
    fixture *f = *state;
    unsigned char bytes[600];
    migrate(f);
    int64_t id = blob_row(f->c, bytes, sizeof bytes);
    blob_equal(f->c, id, bytes, sizeof bytes);
}

/* store_copy: a scratch SQLite database's rows into the backend under test, which
 * held other rows before — ids, NULLs, Chinese and a self-reference to a later row
 * (a congress whose parent was made after it) come over as they were, and new rows
 * then get ids after the copied ones. */
static void test_copy(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    add_congress(f->c, "复制前的记录");
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/copy-src.sqlite", f->kind == STORE_SQLITE ? f->dir : "/tmp");
    unlink(path);
    store *s = NULL;
    store_conn *src = NULL;
    int applied = 0;
    ok(store_open(path, &s, &e), &e);
    ok(store_connect(s, &src, &e), &e);
    ok(store_migrate(src, &applied, &e), &e);
    ok(store_exec(src,
                  "INSERT INTO congresses (id, name, level, parent_id, created_at, updated_at) "
                  "VALUES (7, '" CHINESE "', 'city', 9, 'x', 'x'), (9, '浙江省人民代表大会', "
                  "'provincial', NULL, 'x', 'x'); INSERT INTO units (id, congress_id, name, kind, "
                  "contact, created_at, updated_at) VALUES (3, 7, 'a''; DROP TABLE units; --', "
                  "'department', NULL, 'x', 'x')",
                  &e),
       &e);
    unsigned char bytes[300];
    int64_t blob = blob_row(src, bytes, sizeof bytes); /* an attachment's content: bytes */
    ok(store_begin(f->c, true, &e), &e);
    ok(store_copy(src, f->c, &e), &e);
    ok(store_commit(f->c, &e), &e);
    blob_equal(f->c, blob, bytes, sizeof bytes);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 2);
    assert_int_equal(count(f->c, "SELECT parent_id FROM congresses WHERE id = 7"), 9);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses WHERE id = 9 AND parent_id IS "
                                 "NULL AND name = '浙江省人民代表大会'"),
                     1);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM units WHERE id = 3 AND contact IS NULL "
                                 "AND name = 'a''; DROP TABLE units; --'"),
                     1);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM schema_migrations"), store_migration_count);
    assert_int_equal(add_congress(f->c, "复制后的记录"), 10);
    /* a database at another version is refused, and nothing is changed */
    ok(store_exec(src, "DELETE FROM schema_migrations WHERE number = 1", &e), &e);
    ok(store_begin(f->c, true, &e), &e);
    assert_int_equal(store_copy(src, f->c, &e), RC_CONFLICT);
    store_rollback(f->c);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM congresses"), 3);
    store_disconnect(src);
    store_close(s);
    unlink(path);
}

/* The whole-statement helpers: store_run counts what it changed and a finished
 * statement is never run again (SQLite would re-run it on another step). */
static void test_whole_statements(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    add_congress(f->c, "甲");
    add_congress(f->c, "乙");
    store_params b = {.n = 0};
    int64_t changed = -1;
    ok(store_begin(f->c, true, &e), &e);
    store_param_text(&b, "丙");
    ok(store_run(f->c, "UPDATE congresses SET name = ? WHERE name = '乙'", &b, &changed, &e), &e);
    assert_int_equal(changed, 1);
    ok(store_commit(f->c, &e), &e);
    char name[32];
    bool found = false;
    ok(store_one_text(f->c, "SELECT name FROM congresses WHERE name = '丙'", NULL, name,
                      sizeof name, &found, &e),
       &e);
    assert_true(found);
    assert_string_equal(name, "丙");
    ok(store_one_text(f->c, "SELECT name FROM congresses WHERE name = '无'", NULL, name,
                      sizeof name, &found, &e),
       &e);
    assert_false(found);
    assert_string_equal(name, "");
    int64_t n = 0;
    ok(store_one_int(f->c, "SELECT COUNT(*) FROM congresses", NULL, &n, &e), &e);
    assert_int_equal(n, 2);
    /* stepping past the end stays at the end */
    store_stmt *st = NULL;
    rc_t rc = RC_OK;
    ok(store_prepare(f->c, "SELECT id FROM congresses ORDER BY id", &st, &e), &e);
    int rows = 0;
    while (store_next(st, &rc, &e))
        rows++;
    assert_false(store_next(st, &rc, &e));
    store_finish(st);
    assert_int_equal(rc, RC_OK);
    assert_int_equal(rows, 2);
}

/* A CHECK that became data: the migration's @drop-check takes it off the table on both
 * backends, and the rows stay. */
static void test_drop_check(void **state) {
    fixture *f = *state;
    err e;
    migrate(f);
    int64_t cid = add_congress(f->c, "常山");
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO cases (congress_id, kind, state, title, created_at, "
             "updated_at) VALUES (%lld, 'deliberation_opinion', 'drafting', '新的', "
             "'%s', '%s')",
             (long long)cid, NOW, NOW);
    ok(store_begin(f->c, true, &e), &e);
    ok(store_exec(f->c, sql, &e), &e); /* a kind and a state 002 did not list */
    ok(store_commit(f->c, &e), &e);
    assert_int_equal(count(f->c, "SELECT COUNT(*) FROM cases"), 1);
    /* what never changes keeps its CHECK */
    ok(store_begin(f->c, true, &e), &e);
    assert_int_equal(store_exec(f->c, "UPDATE cases SET difficult = 7", &e), RC_INVALID);
    store_rollback(f->c);
}

static void test_sql_without_check(void **state) {
    (void)state;
    char out[512];
    const char *sql = "CREATE TABLE t (\n    id INTEGER PRIMARY KEY,\n"
                      "    kind TEXT NOT NULL CHECK (kind IN ('a','b')),\n"
                      "    kindred TEXT CHECK (kindred <> ''),\n"
                      "    note TEXT DEFAULT 'CHECK (x)'\n)";
    assert_int_equal(store_sql_without_check(sql, "kind", out, sizeof out), RC_OK);
    assert_null(strstr(out, "IN ('a','b')"));
    assert_non_null(strstr(out, "kind TEXT NOT NULL,"));
    assert_non_null(strstr(out, "CHECK (kindred <> '')")); /* not the same column */
    assert_int_equal(store_sql_without_check(sql, "note", out, sizeof out), RC_NOT_FOUND);
    assert_int_equal(store_sql_without_check(sql, "missing", out, sizeof out), RC_NOT_FOUND);
    assert_int_equal(store_sql_without_check(sql, "kind", out, 16), RC_TOO_LARGE);
}

#define BACKEND_TESTS(fx)                                                                          \
    cmocka_unit_test_prestate_setup_teardown(test_migrate_twice, setup, teardown, &fx),            \
        cmocka_unit_test_prestate_setup_teardown(test_params_roundtrip, setup, teardown, &fx),     \
        cmocka_unit_test_prestate_setup_teardown(test_constraint_errors, setup, teardown, &fx),    \
        cmocka_unit_test_prestate_setup_teardown(test_rollback, setup, teardown, &fx),             \
        cmocka_unit_test_prestate_setup_teardown(test_nested_transactions, setup, teardown, &fx),  \
        cmocka_unit_test_prestate_setup_teardown(test_whole_statements, setup, teardown, &fx),     \
        cmocka_unit_test_prestate_setup_teardown(test_write_inside_read, setup, teardown, &fx),    \
        cmocka_unit_test_prestate_setup_teardown(test_whole_transaction, setup, teardown, &fx),    \
        cmocka_unit_test_prestate_setup_teardown(test_drop_check, setup, teardown, &fx),           \
        cmocka_unit_test_prestate_setup_teardown(test_backup, setup, teardown, &fx),               \
        cmocka_unit_test_prestate_setup_teardown(test_copy, setup, teardown, &fx),                 \
        cmocka_unit_test_prestate_setup_teardown(test_blob, setup, teardown, &fx),                 \
        cmocka_unit_test_prestate_setup_teardown(test_stmt_cache_eviction, setup, teardown, &fx),  \
        cmocka_unit_test_prestate_setup_teardown(test_concurrent_writers, setup, teardown, &fx),   \
        cmocka_unit_test_prestate_setup_teardown(test_pg_reconnect, setup, teardown, &fx)

int main(void) {
    const struct CMUnitTest common[] = {cmocka_unit_test(test_open_locations),
                                        cmocka_unit_test(test_sql_without_check)};
    const struct CMUnitTest sqlite_tests[] = {BACKEND_TESTS(sqlite_fx)};
    const struct CMUnitTest pg_tests[] = {BACKEND_TESTS(pg_fx)};
    int failed = cmocka_run_group_tests_name("store", common, NULL, NULL);
    failed += cmocka_run_group_tests_name("store-sqlite", sqlite_tests, NULL, NULL);
    const char *url = getenv("RENDA_TEST_PG");
    if (url && *url)
        failed += cmocka_run_group_tests_name("store-postgres", pg_tests, NULL, NULL);
    else
        fprintf(stderr, "store-postgres: skipped (set RENDA_TEST_PG to a PostgreSQL URL)\n");
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
