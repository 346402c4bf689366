/* vote_db.c — the database side of bench/vote: the electorate's accounts written
 * directly (vote.h says why), and the physical limit the ballots are measured against:
 * how many durable one-row commits per second the same disk (or the same PostgreSQL)
 * takes. */
#include "vote.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/audit_key.h"
#include "auth/auth.h"
#include "base/date.h"
#include "store/store.h"

#define SHARED_PASSWORD "bench-vote-Passw0rd-not-secret"
#define PATH_MAX_BYTES 4096

int vote_db_accounts(const char *db, int64_t cid, const int64_t *deputy_ids, int n,
                     const char *prefix, int64_t *user_ids, char (*tokens)[VOTE_TOKEN_MAX]) {
    char hash[PASSWORD_HASH_MAX], now[21], key[PATH_MAX_BYTES];
    /* the audit key, where renda's commands look for it (docs/operations.md) */
    const char *env = getenv("RENDA_AUDIT_KEY");
    snprintf(key, sizeof key, "%s%s", env && *env ? env : db, env && *env ? "" : ".audit-key");
    store *s = NULL;
    store_conn *c = NULL;
    err e;
    rc_t rc = audit_key_load(key, &e);
    if (rc == RC_OK)
        rc = password_hash(SHARED_PASSWORD, hash, &e);
    if (rc == RC_OK)
        rc = store_open(db, &s, &e);
    if (rc == RC_OK)
        rc = store_connect(s, &c, &e);
    if (rc == RC_OK)
        rc = store_begin(c, true, &e);
    now_iso(now);
    for (int i = 0; rc == RC_OK && i < n; i++) {
        char login[64], name[64];
        snprintf(login, sizeof login, "%s%d", prefix, i);
        snprintf(name, sizeof name, "代表%d", i);
        store_stmt *st = NULL;
        /* the columns user_add (src/domain/user.c) writes for a deputy's account */
        rc = store_prepare(c,
                           "INSERT INTO users (login, password_hash, role, congress_id, "
                           "deputy_id, unit_id, member_id, display_name, disabled, created_at, "
                           "updated_at) VALUES (?, ?, 'deputy', ?, ?, NULL, NULL, ?, 0, ?, ?) "
                           "RETURNING id",
                           &st, &e);
        if (rc)
            break;
        store_bind_text(st, 1, login);
        store_bind_text(st, 2, hash);
        store_bind_int(st, 3, cid);
        store_bind_int(st, 4, deputy_ids[i]);
        store_bind_text(st, 5, name);
        store_bind_text(st, 6, now);
        store_bind_text(st, 7, now);
        user_ids[i] = 0;
        if (store_next(st, &rc, &e))
            user_ids[i] = store_column_int(st, 0);
        store_finish(st);
        if (rc == RC_OK && !user_ids[i])
            rc = err_set(&e, RC_INTERNAL, NULL, "account %s got no id", login);
    }
    /* logged in beforehand: a bearer token each, by renda's own function (audited, in
     * the same transaction: one commit for all) */
    principal by = {.role = ROLE_ADMIN};
    snprintf(by.login, sizeof by.login, "bench");
    for (int i = 0; rc == RC_OK && i < n; i++) {
        token_spec t = {.user_id = user_ids[i], .name = "bench vote", .days = 1, .max_days = 1};
        char tok[TOKEN_HEX];
        rc = auth_token_create(c, &by, &t, tok, NULL, &e);
        snprintf(tokens[i], VOTE_TOKEN_MAX, "%s", tok);
    }
    if (rc == RC_OK)
        rc = store_commit(c, &e);
    if (rc)
        fprintf(stderr, "vote: the accounts were not written: %s\n", e.message);
    if (c)
        store_rollback(c);
    store_disconnect(c);
    store_close(s);
    return rc ? -1 : 0;
}

static double seconds_since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

double vote_db_probe_sqlite(const char *dir, int seconds) {
    char path[PATH_MAX_BYTES], side[PATH_MAX_BYTES + 8];
    snprintf(path, sizeof path, "%s/commit-probe-%ld.db", dir, (long)getpid());
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    long commits = 0;
    double took = 0;
    int ok = sqlite3_open(path, &db) == SQLITE_OK &&
             sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
                          NULL) == SQLITE_OK &&
             sqlite3_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)", NULL,
                          NULL, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(db, "INSERT INTO t (v) VALUES ('a ballot-sized row of text')", -1,
                                &ins, NULL) == SQLITE_OK;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (ok && (took = seconds_since(&t0)) < seconds) {
        ok = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_step(ins) == SQLITE_DONE && sqlite3_reset(ins) == SQLITE_OK &&
             sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
        commits += ok;
    }
    if (!ok)
        fprintf(stderr, "vote: the SQLite commit probe failed: %s\n",
                db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_finalize(ins);
    sqlite3_close(db);
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return ok && took > 0 ? (double)commits / took : -1;
}

static int pg_ok(PGconn *pg, PGresult *r) {
    ExecStatusType st = PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "vote: the PostgreSQL commit probe failed: %s", PQerrorMessage(pg));
    PQclear(r);
    return ok;
}

double vote_db_probe_pg(const char *url, int seconds) {
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "vote: cannot connect to PostgreSQL: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return -1;
    }
    long commits = 0;
    double took = 0;
    int ok = pg_ok(pg, PQexec(pg, "SET client_min_messages = warning")) &&
             pg_ok(pg, PQexec(pg, "DROP TABLE IF EXISTS bench_commit_probe")) &&
             pg_ok(pg, PQexec(pg, "CREATE TABLE bench_commit_probe (id bigserial PRIMARY KEY, "
                                  "v text NOT NULL)")) &&
             pg_ok(pg, PQprepare(pg, "ins",
                                 "INSERT INTO bench_commit_probe (v) VALUES ('a ballot-sized "
                                 "row of text')",
                                 0, NULL));
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (ok && (took = seconds_since(&t0)) < seconds) {
        ok = pg_ok(pg, PQexecPrepared(pg, "ins", 0, NULL, NULL, NULL, 0));
        commits += ok;
    }
    pg_ok(pg, PQexec(pg, "DROP TABLE IF EXISTS bench_commit_probe"));
    PQfinish(pg);
    return ok && took > 0 ? (double)commits / took : -1;
}
