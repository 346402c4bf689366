/* pg.c — the PostgreSQL backend (libpq). One PGconn per store_conn; statements are
 * prepared once per connection under names s1, s2 …; every parameter and every
 * result value travels as text. A connection lost outside a transaction is reset
 * and the statement retried once; inside a transaction the caller gets
 * RC_UNAVAILABLE and the reset happens on the next store_begin. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/store_impl.h"

#define STMT_NAME_MAX 24
#define PG_PARAMS_MAX 65535 /* the protocol's limit on parameters per statement */
#define PARAM_DIGITS_MAX 6  /* "$65535" */
#define AUDIT_LOCK_SQL "SELECT pg_advisory_xact_lock(727274)"
#define QUIET_SQL "SET client_min_messages = warning"
/* Every connection listens on this channel; every committed write notifies it, so the
 * others learn of the change without asking (store_data_version). */
#define CHANGE_CHANNEL "renda_data"
#define LISTEN_SQL "LISTEN " CHANGE_CHANNEL
#define NOTIFY_COMMIT_SQL "NOTIFY " CHANGE_CHANNEL "; COMMIT"
#define BACKUP_MESSAGE "PostgreSQL: use pg_dump for backups"

typedef struct {
    store_conn base;
    PGconn *pg;
    bool in_txn;  /* ours, because a lost connection no longer knows */
    bool writing; /* the transaction was begun to write: its commit notifies */
    /* A read "transaction" sends no BEGIN: in READ COMMITTED every statement has its own
     * snapshot anyway, so BEGIN … ROLLBACK around reads bought nothing but two round
     * trips. It becomes a real one if a savepoint is asked for inside it. */
    bool virtual_read;
    unsigned long long names;
} pg_conn;

typedef struct {
    store_stmt base;
    char *text; /* with $1 … $n */
    char name[STMT_NAME_MAX];
    int nparams;
    char **vals; /* nparams heap copies, NULL = SQL NULL */
    bool prepared;
    bool executed;
    rc_t bind_rc;
    PGresult *res;
    int row;
    int64_t changes;
    unsigned char *blob; /* the last column_blob's bytes (PQfreemem), until the next step */
} pg_stmt;

static const struct {
    const char *state;
    rc_t rc;
} pg_states[] = {
    {"23505", RC_CONFLICT},    /* unique_violation */
    {"23503", RC_INVALID},     /* foreign_key_violation */
    {"23514", RC_INVALID},     /* check_violation */
    {"23502", RC_INVALID},     /* not_null_violation */
    {"40001", RC_CONFLICT},    /* serialization_failure */
    {"40P01", RC_CONFLICT},    /* deadlock_detected */
    {"57P01", RC_UNAVAILABLE}, /* admin_shutdown */
};
#define SQLSTATE_CLASS_LEN 2
#define CLASS_CONNECTION "08"
#define CLASS_INTEGRITY "23"
#define CLASS_DATA "22"

static pg_conn *pgc(store_conn *c) { return (pg_conn *)c; }

/* Maps a failed result (or the connection's last error when res is NULL) to an rc
 * with PostgreSQL's message and detail, which name the constraint. */
static rc_t pg_error(pg_conn *c, const PGresult *res, err *e) {
    if (PQstatus(c->pg) == CONNECTION_BAD)
        return err_set(e, RC_UNAVAILABLE, NULL, "PostgreSQL: connection lost: %s",
                       PQerrorMessage(c->pg));
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    rc_t rc = RC_INTERNAL;
    if (state) {
        for (size_t i = 0; i < sizeof pg_states / sizeof pg_states[0]; i++)
            if (strcmp(state, pg_states[i].state) == 0)
                rc = pg_states[i].rc;
        if (rc == RC_INTERNAL && (strncmp(state, CLASS_INTEGRITY, SQLSTATE_CLASS_LEN) == 0 ||
                                  strncmp(state, CLASS_DATA, SQLSTATE_CLASS_LEN) == 0))
            rc = RC_INVALID;
        if (strncmp(state, CLASS_CONNECTION, SQLSTATE_CLASS_LEN) == 0)
            rc = RC_UNAVAILABLE;
    }
    if (!msg)
        msg = res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg);
    return err_set(e, rc, NULL, "PostgreSQL: %s%s%s%s", msg, detail ? " (" : "",
                   detail ? detail : "", detail ? ")" : "");
}

/* Resets a lost connection; server-side prepared statements are gone with it. */
static rc_t pg_reconnect(pg_conn *c, err *e) {
    PQreset(c->pg);
    c->in_txn = c->virtual_read; /* a read without BEGIN goes on on the new connection */
    for (int i = 0; i < c->base.nstmts; i++)
        ((pg_stmt *)c->base.stmts[i])->prepared = false;
    if (PQstatus(c->pg) != CONNECTION_OK)
        return err_set(e, RC_UNAVAILABLE, NULL, "PostgreSQL: cannot reconnect: %s",
                       PQerrorMessage(c->pg));
    PQclear(PQexec(c->pg, QUIET_SQL));
    PQclear(PQexec(c->pg, LISTEN_SQL));
    return RC_OK;
}

/* One attempt: prepare st if the server does not have it, then (if execute) run st
 * with its bound values, or run plain sql. *out gets the result (caller clears). */
static rc_t pg_try(pg_conn *c, pg_stmt *st, const char *sql, bool execute, PGresult **out, err *e) {
    PGresult *res = NULL;
    rc_t rc = RC_OK;
    ExecStatusType status;
    if (st && !st->prepared) {
        res = PQprepare(c->pg, st->name, st->text, st->nparams, NULL);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            goto fail;
        PQclear(res);
        res = NULL;
        st->prepared = true;
    }
    if (!execute)
        return RC_OK;
    res = st ? PQexecPrepared(c->pg, st->name, st->nparams, (const char *const *)st->vals, NULL,
                              NULL, 0)
             : PQexec(c->pg, sql);
    status = PQresultStatus(res);
    if (res &&
        (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)) {
        *out = res;
        return RC_OK;
    }
fail:
    rc = pg_error(c, res, e);
    PQclear(res);
    return rc;
}

/* pg_try with the reconnect rule: a connection found lost outside a transaction is
 * reset, at most once per call, and the work retried. */
static rc_t pg_run(pg_conn *c, pg_stmt *st, const char *sql, bool execute, PGresult **out, err *e) {
    bool reconnected = false;
    rc_t rc = RC_OK;
    if (out)
        *out = NULL;
    bool in_real_txn = c->in_txn && !c->virtual_read; /* a virtual read may reconnect */
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        if (in_real_txn)
            return err_set(e, RC_UNAVAILABLE, NULL,
                           "PostgreSQL: connection lost inside a transaction");
        rc = pg_reconnect(c, e);
        if (rc != RC_OK)
            return rc;
        reconnected = true;
    }
    PGresult *res = NULL;
    rc = pg_try(c, st, sql, execute, &res, e);
    if (rc != RC_OK && PQstatus(c->pg) == CONNECTION_BAD && !in_real_txn && !reconnected) {
        rc = pg_reconnect(c, e);
        if (rc == RC_OK)
            rc = pg_try(c, st, sql, execute, &res, e);
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return rc;
}

static rc_t pg_exec(store_conn *c, const char *sql, err *e) {
    pg_conn *p = pgc(c);
    if (p->virtual_read && strstr(sql, "SAVEPOINT") == sql + strspn(sql, " ")) {
        rc_t rc = pg_run(p, NULL, "BEGIN", true, NULL, e);
        if (rc)
            return rc;
        p->virtual_read = false;
    }
    return pg_run(p, NULL, sql, true, NULL, e);
}

static void pg_disconnect(store_conn *c) {
    PQfinish(pgc(c)->pg);
    free(c);
}

/* PostgreSQL takes row locks as it goes, so write and read both run BEGIN. */
static rc_t pg_begin(store_conn *c, bool write, err *e) {
    pg_conn *p = pgc(c);
    rc_t rc = write ? pg_exec(c, "BEGIN", e) : RC_OK; /* not in a transaction yet: may reconnect */
    if (rc == RC_OK) {
        p->in_txn = true;
        p->writing = write;
        p->virtual_read = !write;
    }
    return rc;
}

static void pg_rollback(store_conn *c) {
    pg_conn *p = pgc(c);
    if (p->in_txn && !p->virtual_read && PQstatus(p->pg) == CONNECTION_OK)
        PQclear(PQexec(p->pg, "ROLLBACK"));
    p->in_txn = false;
    p->virtual_read = false;
}

/* COMMIT of an aborted transaction "succeeds" as ROLLBACK; report it as the failure
 * it is. */
static rc_t pg_commit(store_conn *c, err *e) {
    pg_conn *p = pgc(c);
    if (p->in_txn && PQtransactionStatus(p->pg) == PQTRANS_INERROR) {
        pg_rollback(c);
        return err_set(e, RC_INTERNAL, NULL,
                       "PostgreSQL: transaction rolled back after an earlier error");
    }
    rc_t rc = p->virtual_read ? RC_OK : pg_exec(c, p->writing ? NOTIFY_COMMIT_SQL : "COMMIT", e);
    p->in_txn = false;
    p->virtual_read = false;
    return rc;
}

/* pg_others_wrote — a notification has arrived on the channel since the last look:
 * read what the socket holds, without a round trip. */
static bool pg_others_wrote(store_conn *c) {
    pg_conn *p = pgc(c);
    bool changed = false;
    if (!PQconsumeInput(p->pg))
        return true; /* cannot tell: assume it changed */
    for (PGnotify *n = PQnotifies(p->pg); n; n = PQnotifies(p->pg)) {
        changed = true;
        PQfreemem(n);
    }
    return changed;
}

static bool pg_in_txn(const store_conn *c) { return ((const pg_conn *)c)->in_txn; }

static rc_t pg_lock_audit(store_conn *c, err *e) { return pg_exec(c, AUDIT_LOCK_SQL, e); }

static rc_t pg_backup(store_conn *c, const char *path, err *e) {
    (void)c;
    (void)path;
    return err_set(e, RC_INVALID, "path", BACKUP_MESSAGE);
}

/* VACUUM FULL writes the table anew: its old file, with the dead row versions and the
 * transaction ids and order they were written in, is unlinked. */
static rc_t pg_scrub(store_conn *c, const char *const *tables, err *e) {
    for (int i = 0; tables && tables[i]; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "VACUUM FULL %s", tables[i]);
        rc_t rc = pg_exec(c, sql, e);
        if (rc != RC_OK)
            return rc;
    }
    return RC_OK;
}

/* Rewrites ? to $1 … $n outside string literals, quoted identifiers and comments. */
static rc_t rewrite_params(const char *sql, char **out, int *nparams, err *e) {
    buf b;
    size_t len = strlen(sql);
    buf_init(&b, len * PARAM_DIGITS_MAX + 1);
    int n = 0;
    char quote = 0;        /* ' or " while inside one */
    bool line_cmt = false; /* -- … newline */
    bool block_cmt = false;
    rc_t rc = RC_OK;
    for (const char *p = sql; *p && rc == RC_OK; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0; /* a doubled quote re-enters at once: same result */
        } else if (line_cmt) {
            line_cmt = *p != '\n';
        } else if (block_cmt) {
            if (p[0] == '*' && p[1] == '/') {
                block_cmt = false;
                rc = buf_append(&b, p++, 1);
            }
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (p[0] == '-' && p[1] == '-') {
            line_cmt = true;
        } else if (p[0] == '/' && p[1] == '*') {
            block_cmt = true;
        } else if (*p == '?') {
            if (n == PG_PARAMS_MAX) {
                rc = RC_TOO_LARGE;
                break;
            }
            rc = buf_printf(&b, "$%d", ++n);
            continue;
        }
        if (rc == RC_OK)
            rc = buf_append(&b, p, 1);
    }
    if (rc != RC_OK) {
        buf_free(&b);
        return err_set(e, rc, NULL, "statement too large or out of memory");
    }
    *out = buf_take(&b);
    if (!*out)
        *out = strdup("");
    *nparams = n;
    return *out ? RC_OK : err_set(e, RC_NOMEM, NULL, "out of memory preparing a statement");
}

static void clear_values(pg_stmt *s) {
    for (int i = 0; i < s->nparams; i++) {
        free(s->vals[i]);
        s->vals[i] = NULL;
    }
}

static void drop_blob(pg_stmt *s) {
    PQfreemem(s->blob);
    s->blob = NULL;
}

static void pg_stmt_reset(store_stmt *st) {
    pg_stmt *s = (pg_stmt *)st;
    drop_blob(s);
    PQclear(s->res);
    s->res = NULL;
    s->executed = false;
    s->row = -1;
    s->changes = 0;
    s->bind_rc = RC_OK;
    clear_values(s);
}

/* Frees the statement; DEALLOCATE tells the server unless the connection is closing
 * or cannot run commands (then the name is simply never used again). */
static void pg_stmt_free(store_stmt *st) {
    pg_stmt *s = (pg_stmt *)st;
    pg_conn *c = pgc(st->conn);
    PGTransactionStatusType ts = PQtransactionStatus(c->pg);
    if (s->prepared && !st->conn->closing && (ts == PQTRANS_IDLE || ts == PQTRANS_INTRANS)) {
        char sql[STMT_NAME_MAX + sizeof "DEALLOCATE "];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(c->pg, sql));
    }
    pg_stmt_reset(st);
    free(s->vals);
    free(s->text);
    free(s);
}

static rc_t pg_stmt_new(store_conn *c, const char *sql, store_stmt **out, err *e) {
    pg_conn *p = pgc(c);
    pg_stmt *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, RC_NOMEM, NULL, "out of memory preparing a statement");
    s->base.conn = c;
    s->row = -1;
    rc_t rc = rewrite_params(sql, &s->text, &s->nparams, e);
    if (rc != RC_OK)
        goto done;
    s->vals = calloc((size_t)(s->nparams ? s->nparams : 1), sizeof *s->vals);
    if (!s->vals) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory preparing a statement");
        goto done;
    }
    snprintf(s->name, sizeof s->name, "s%llu", ++p->names);
    rc = pg_run(p, s, NULL, false, NULL, e);
done:
    if (rc != RC_OK) {
        free(s->vals);
        free(s->text);
        free(s);
        return rc;
    }
    *out = &s->base;
    return RC_OK;
}

static void pg_bind_text(store_stmt *st, int idx, const char *v, int len) {
    pg_stmt *s = (pg_stmt *)st;
    if (idx < 1 || idx > s->nparams) {
        s->bind_rc = RC_INTERNAL;
        return;
    }
    char *copy = NULL;
    if (v) {
        size_t n = len < 0 ? strlen(v) : (size_t)len;
        copy = malloc(n + 1);
        if (!copy) {
            s->bind_rc = RC_NOMEM;
            return;
        }
        memcpy(copy, v, n);
        copy[n] = '\0';
    }
    free(s->vals[idx - 1]);
    s->vals[idx - 1] = copy;
}

static void pg_bind_int(store_stmt *st, int idx, int64_t v) {
    char text[sizeof "-9223372036854775808"];
    snprintf(text, sizeof text, "%lld", (long long)v);
    pg_bind_text(st, idx, text, -1);
}

/* pg_bind_blob — bytes as bytea's hex text form, backslash x …: the parameters stay text, so
 * one path sends them all; it doubles the bytes on the wire, which a 20 MiB file
 * bears. */
static void pg_bind_blob(store_stmt *st, int idx, const void *data, size_t len) {
    pg_stmt *s = (pg_stmt *)st;
    static const char hex[] = "0123456789abcdef";
    if (idx < 1 || idx > s->nparams) {
        s->bind_rc = RC_INTERNAL;
        return;
    }
    char *text = malloc(2 * len + 3);
    if (!text) {
        s->bind_rc = RC_NOMEM;
        return;
    }
    const unsigned char *b = data;
    text[0] = '\\';
    text[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        text[2 + 2 * i] = hex[b[i] >> 4];
        text[3 + 2 * i] = hex[b[i] & 15];
    }
    text[2 + 2 * len] = '\0';
    free(s->vals[idx - 1]);
    s->vals[idx - 1] = text;
}

static int pg_step(store_stmt *st, err *e) {
    pg_stmt *s = (pg_stmt *)st;
    drop_blob(s);
    if (s->bind_rc != RC_OK)
        return (int)err_set(e, s->bind_rc, NULL,
                            "PostgreSQL: cannot bind parameter (index out of range or no memory)");
    if (!s->executed) {
        rc_t rc = pg_run(pgc(st->conn), s, NULL, true, &s->res, e);
        if (rc != RC_OK)
            return (int)rc;
        s->executed = true;
        s->row = -1;
        s->changes = store_parse_int(PQcmdTuples(s->res));
    }
    if (s->row < PQntuples(s->res))
        s->row++;
    return s->row < PQntuples(s->res) ? STORE_ROW : STORE_DONE;
}

static bool has_value(pg_stmt *s, int i) {
    return s->res && s->row >= 0 && s->row < PQntuples(s->res) && i >= 0 && i < PQnfields(s->res);
}

static int pg_column_count(store_stmt *st) {
    pg_stmt *s = (pg_stmt *)st;
    return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_column_name(store_stmt *st, int i) {
    pg_stmt *s = (pg_stmt *)st;
    return s->res ? PQfname(s->res, i) : NULL;
}

static bool pg_column_null(store_stmt *st, int i) {
    pg_stmt *s = (pg_stmt *)st;
    return !has_value(s, i) || PQgetisnull(s->res, s->row, i);
}

static const char *pg_column_text(store_stmt *st, int i) {
    pg_stmt *s = (pg_stmt *)st;
    return pg_column_null(st, i) ? NULL : PQgetvalue(s->res, s->row, i);
}

static int64_t pg_column_int(store_stmt *st, int i) {
    return store_parse_int(pg_column_text(st, i));
}

/* The result is text: bytea comes as its hex form, decoded here. */
static const void *pg_column_blob(store_stmt *st, int i, size_t *len) {
    pg_stmt *s = (pg_stmt *)st;
    const char *text = pg_column_text(st, i);
    drop_blob(s);
    if (!text)
        return NULL;
    s->blob = PQunescapeBytea((const unsigned char *)text, len);
    if (!s->blob)
        *len = 0;
    return s->blob;
}

#define BYTEA_OID 17 /* pg_type.oid of bytea, fixed in PostgreSQL's catalogue */

static bool pg_column_is_blob(store_stmt *st, int i) {
    pg_stmt *s = (pg_stmt *)st;
    return s->res && i >= 0 && i < PQnfields(s->res) && PQftype(s->res, i) == BYTEA_OID;
}

static int64_t pg_changes(store_stmt *st) { return ((pg_stmt *)st)->changes; }

/* pg_drop_check — PostgreSQL names a column's CHECK <table>_<column>_check. */
static rc_t pg_drop_check(store_conn *c, const char *table, const char *column, err *e) {
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s_%s_check", table, table,
             column);
    return pg_exec(c, sql, e);
}

static const store_ops pg_ops = {
    .drop_check = pg_drop_check,
    .others_wrote = pg_others_wrote,
    .disconnect = pg_disconnect,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_txn = pg_in_txn,
    .lock_audit = pg_lock_audit,
    .exec = pg_exec,
    .backup = pg_backup,
    .scrub = pg_scrub,
    .stmt_new = pg_stmt_new,
    .stmt_free = pg_stmt_free,
    .stmt_reset = pg_stmt_reset,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_text = pg_column_text,
    .column_int = pg_column_int,
    .column_null = pg_column_null,
    .column_blob = pg_column_blob,
    .column_is_blob = pg_column_is_blob,
    .changes = pg_changes,
};

/* store_pg_check_url — RC_INVALID with libpq's reason when the URL cannot be parsed. */
rc_t store_pg_check_url(const char *url, err *e) {
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &why);
    if (opts) {
        PQconninfoFree(opts);
        return RC_OK;
    }
    rc_t rc =
        err_set(e, RC_INVALID, "database", "bad PostgreSQL URL: %s", why ? why : "out of memory");
    PQfreemem(why);
    return rc;
}

/* store_pg_connect — PQconnectdb on the URL, NOTICEs silenced. Fails with
 * RC_UNAVAILABLE (and libpq's reason) when the server cannot be reached. */
rc_t store_pg_connect(store *s, store_conn **out, err *e) {
    rc_t rc = RC_OK;
    pg_conn *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(e, RC_NOMEM, NULL, "out of memory connecting to PostgreSQL");
    c->base.ops = &pg_ops;
    c->base.kind = STORE_POSTGRES;
    c->pg = PQconnectdb(store_location(s));
    if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
        rc = err_set(e, RC_UNAVAILABLE, "database", "cannot connect to PostgreSQL: %s",
                     c->pg ? PQerrorMessage(c->pg) : "out of memory");
        goto done;
    }
    rc = pg_exec(&c->base, QUIET_SQL, e);
    if (rc == RC_OK)
        rc = pg_exec(&c->base, LISTEN_SQL, e);
done:
    if (rc != RC_OK) {
        PQfinish(c->pg);
        free(c);
        return rc;
    }
    *out = &c->base;
    return RC_OK;
}
