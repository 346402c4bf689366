/* throttle.c — failed-login throttling, in the database (several server processes may
 * serve one database).
 *
 * Two counters per login: one per client address, one for every address together
 * (address THROTTLE_ANY_ADDRESS). An attempt is counted before its password is
 * checked, with one atomic upsert (INSERT … ON CONFLICT DO UPDATE SET failures =
 * failures + 1 … RETURNING) inside a write transaction, so of 100 parallel attempts
 * only the first max_failures get their password checked. Exceeding the per-address
 * limit locks that address out of the login; exceeding the higher global limit locks
 * the login from everywhere (a distributed attack still slows down). Each lock of a
 * row lasts twice the one before (the window, then 2×, 4× …, at most
 * lockout_max_minutes): whoever keeps guessing slows themselves, while the owner on
 * another address keeps logging in. Locks and releases go to the audit trail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/auth_impl.h"
#include "base/log.h"

#define SECONDS_PER_MINUTE 60
/* doubling stops here (2^20 windows is beyond any lockout_max_minutes) */
#define LOCKOUT_DOUBLINGS_MAX 20

typedef struct {
    int64_t failures, lockouts;
    char window_start[ISO_TIME_BYTES], locked_until[ISO_TIME_BYTES];
} throttle_row;

void auth_iso_at(long long offset_s, char out[ISO_TIME_BYTES]) {
    time_t t = time(NULL) + (time_t)offset_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, ISO_TIME_BYTES, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* minutes_until — whole minutes (rounded up, at least 1) from now to an ISO time. */
static int minutes_until(const char *iso) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return 1;
    long long s = (long long)(timegm(&tm) - time(NULL));
    long long m = (s + SECONDS_PER_MINUTE - 1) / SECONDS_PER_MINUTE;
    return m < 1 ? 1 : (int)m;
}

static void copy_col(store_stmt *st, int i, char *out, size_t cap) {
    const char *v = store_column_text(st, i);
    snprintf(out, cap, "%s", v ? v : "");
}

/* count_one — the atomic count of one attempt on (login, address). */
static rc_t count_one(store_conn *c, const char *login, const char *address, const char *now,
                      throttle_row *row, err *e) {
    store_params p = {.n = 0};
    store_param_text(&p, login);
    store_param_text(&p, address);
    store_param_text(&p, now);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 "INSERT INTO login_throttle (login, address, failures, "
                                 "window_start, lockouts) VALUES (?, ?, 1, ?, 0) "
                                 "ON CONFLICT (login, address) DO UPDATE SET "
                                 "failures = login_throttle.failures + 1 "
                                 "RETURNING failures, window_start, locked_until, lockouts",
                                 &p, &st, e);
    if (rc)
        return rc;
    memset(row, 0, sizeof *row);
    if (store_next(st, &rc, e)) {
        row->failures = store_column_int(st, 0);
        copy_col(st, 1, row->window_start, sizeof row->window_start);
        copy_col(st, 2, row->locked_until, sizeof row->locked_until);
        row->lockouts = store_column_int(st, 3);
    } else if (rc == RC_OK) {
        rc = err_set(e, RC_INTERNAL, NULL, "the login attempt was not counted");
    }
    store_finish(st);
    return rc;
}

/* audit_lock — "lock" or "unlock" of login, on the account's record when it exists.
 * The trail's actor is `by` (NULL: recorded as the command line; a lock has no actor
 * of its own, so its entry says who caused it: the address). */
static rc_t audit_lock(store_conn *c, const principal *by, const char *action, const char *login,
                       json_t *after, err *e) {
    int64_t user_id = 0, congress_id = 0;
    store_params p = {.n = 0};
    store_param_text(&p, login);
    rc_t rc = store_one_int(c, "SELECT id FROM users WHERE login = ?", &p, &user_id, e);
    if (rc == RC_OK)
        rc = store_one_int(c, "SELECT congress_id FROM users WHERE login = ?", &p, &congress_id, e);
    char *text = rc == RC_OK ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (rc == RC_OK && !text)
        rc = err_set(e, RC_NOMEM, NULL, "out of memory writing the audit entry");
    if (rc == RC_OK)
        rc = audit_append(c, by, congress_id, action, "users", user_id, NULL, text, e);
    free(text);
    return rc;
}

/* judge — after counting: is the row locked, or does this attempt lock it? */
static rc_t judge(store_conn *c, const auth_policy *pol, const char *login, const char *address,
                  int max, const char *now, throttle_row *row, bool *locked,
                  char until[ISO_TIME_BYTES], err *e) {
    char window_from[ISO_TIME_BYTES];
    *locked = false;
    if (row->locked_until[0] && strcmp(row->locked_until, now) > 0) {
        *locked = true;
        snprintf(until, ISO_TIME_BYTES, "%s", row->locked_until);
        return RC_OK;
    }
    store_params p = {.n = 0};
    auth_iso_at(-(long long)pol->window_minutes * SECONDS_PER_MINUTE, window_from);
    bool lock_over = row->locked_until[0] != '\0';
    if (lock_over || strcmp(row->window_start, window_from) < 0) {
        /* the window (or the lock) has passed: this attempt opens a new window; the
         * row keeps its count of locks, so the next one lasts longer */
        row->failures = 1;
        store_param_text(&p, now);
        store_param_text(&p, login);
        store_param_text(&p, address);
        return store_run(c,
                         "UPDATE login_throttle SET failures = 1, window_start = ?, "
                         "locked_until = NULL WHERE login = ? AND address = ?",
                         &p, NULL, e);
    }
    if (row->failures <= max)
        return RC_OK;
    long long minutes = pol->window_minutes;
    for (int64_t i = 0; i < row->lockouts && i < LOCKOUT_DOUBLINGS_MAX; i++)
        minutes *= 2;
    if (minutes > pol->lockout_max_minutes)
        minutes = pol->lockout_max_minutes;
    auth_iso_at(minutes * SECONDS_PER_MINUTE, until);
    *locked = true;
    store_param_text(&p, until);
    store_param_text(&p, now);
    store_param_text(&p, login);
    store_param_text(&p, address);
    rc_t rc = store_run(c,
                        "UPDATE login_throttle SET locked_until = ?, lockouts = lockouts + 1, "
                        "failures = 0, window_start = ? WHERE login = ? AND address = ?",
                        &p, NULL, e);
    if (rc)
        return rc;
    json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:I}", "login", login, "address", address,
                              "locked_until", until, "minutes", (json_int_t)minutes, "lockouts",
                              (json_int_t)(row->lockouts + 1));
    log_warn("login %s locked for %lld minutes (address %s)", login, minutes, address);
    rc = audit_lock(c, NULL, "lock", login, after, e);
    json_decref(after);
    return rc;
}

rc_t throttle_attempt(store_conn *c, const auth_policy *pol, const char *login, const char *address,
                      err *e) {
    char now[ISO_TIME_BYTES], until[ISO_TIME_BYTES] = "";
    throttle_row row;
    bool locked = false;
    auth_iso_at(0, now);
    const char *addr = address && *address ? address : "unknown";
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    /* the address's counter first: a locked address does not count against the login */
    rc = count_one(c, login, addr, now, &row, e);
    if (rc == RC_OK)
        rc = judge(c, pol, login, addr, pol->max_failures, now, &row, &locked, until, e);
    if (rc == RC_OK && !locked) {
        rc = count_one(c, login, THROTTLE_ANY_ADDRESS, now, &row, e);
        if (rc == RC_OK)
            rc = judge(c, pol, login, THROTTLE_ANY_ADDRESS, pol->max_failures_global, now, &row,
                       &locked, until, e);
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc) {
        store_rollback(c);
        return rc;
    }
    if (locked)
        return err_set(e, RC_TOO_MANY, NULL,
                       "too many failed logins for this account; try again in %d minutes",
                       minutes_until(until));
    return RC_OK;
}

rc_t throttle_clear(store_conn *c, const char *login, const char *address, err *e) {
    store_params p = {.n = 0};
    store_param_text(&p, login);
    store_param_text(&p, address && *address ? address : "unknown");
    store_param_text(&p, THROTTLE_ANY_ADDRESS);
    return store_run(c, "DELETE FROM login_throttle WHERE login = ? AND address IN (?, ?)", &p,
                     NULL, e);
}

void throttle_prune(store_conn *c, const auth_policy *pol) {
    char cutoff[ISO_TIME_BYTES];
    err e;
    auth_iso_at(-(long long)pol->lockout_max_minutes * SECONDS_PER_MINUTE, cutoff);
    store_params p = {.n = 0};
    store_param_text(&p, cutoff);
    store_param_text(&p, cutoff);
    rc_t rc = store_begin(c, true, &e);
    if (rc == RC_OK)
        rc = store_run(c,
                       "DELETE FROM login_throttle WHERE window_start < ? "
                       "AND (locked_until IS NULL OR locked_until < ?)",
                       &p, NULL, &e);
    if (rc == RC_OK)
        rc = store_commit(c, &e);
    if (rc) {
        store_rollback(c);
        log_msg(LOG_DEBUG, "pruning the login throttle: %s", e.message);
    }
}

rc_t auth_unlock(store_conn *c, const principal *by, const char *login, int64_t *released, err *e) {
    int64_t n = 0;
    store_params p = {.n = 0};
    store_param_text(&p, login);
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = store_run(c, "DELETE FROM login_throttle WHERE login = ?", &p, &n, e);
    if (rc == RC_OK) {
        json_t *after = json_pack("{s:s, s:I}", "login", login, "released", (json_int_t)n);
        rc = audit_lock(c, by, "unlock", login, after, e);
        json_decref(after);
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc) {
        store_rollback(c);
        return rc;
    }
    if (released)
        *released = n;
    return RC_OK;
}
