/* session.c — logins, sessions (cookie) and tokens (bearer).
 *
 * A secret is 32 random bytes from libsodium, given to the client hex-encoded; the
 * database stores only its BLAKE2b hash, so a copy of the database cannot be used to
 * log in. Failed logins are throttled (throttle.c); tokens are named and expire
 * (token.c). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth_impl.h"
#include "base/log.h"

#define UNAUTH_MESSAGE "wrong login or password"
#define SECONDS_PER_MINUTE 60

static void token_hash(const char *token, char out[TOKEN_HEX]) {
    unsigned char h[TOKEN_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, TOKEN_HEX, h, sizeof h);
}

static void token_new(char out[TOKEN_HEX]) {
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, TOKEN_HEX, raw, sizeof raw);
}

static const char *SQL_USER_BY_ID =
    "SELECT id, login, role, congress_id, deputy_id, unit_id, display_name, disabled, "
    "member_id FROM users WHERE id = ?";

static void copy_text(char *dst, size_t cap, const char *src) {
    snprintf(dst, cap, "%s", src ? src : "");
}

/* fill_principal — from a row of SQL_USER_BY_ID-shaped columns. */
static rc_t fill_principal(store_stmt *st, principal *p, err *e) {
    memset(p, 0, sizeof *p);
    p->user_id = store_column_int(st, 0);
    copy_text(p->login, sizeof p->login, store_column_text(st, 1));
    if (!role_parse(store_column_text(st, 2), &p->role))
        return err_set(e, RC_INTERNAL, NULL, "user %lld has an unknown role",
                       (long long)p->user_id);
    p->congress_id = store_column_null(st, 3) ? 0 : store_column_int(st, 3);
    p->deputy_id = store_column_null(st, 4) ? 0 : store_column_int(st, 4);
    p->unit_id = store_column_null(st, 5) ? 0 : store_column_int(st, 5);
    copy_text(p->display_name, sizeof p->display_name, store_column_text(st, 6));
    return RC_OK;
}

rc_t auth_load_user(store_conn *c, int64_t user_id, principal *p, err *e) {
    store_stmt *st = NULL;
    rc_t rc = store_prepare(c, SQL_USER_BY_ID, &st, e);
    if (rc)
        return rc;
    store_bind_int(st, 1, user_id);
    if (store_next(st, &rc, e)) {
        rc = fill_principal(st, p, e);
        p->member_id = store_column_null(st, 8) ? 0 : store_column_int(st, 8);
    } else if (rc == RC_OK)
        rc = err_set(e, RC_NOT_FOUND, NULL, "no user %lld", (long long)user_id);
    store_finish(st);
    return rc;
}

rc_t session_insert(store_conn *c, int64_t user_id, const char *kind, const char *name,
                    long long ttl_s, char token_out[TOKEN_HEX], int64_t *id, err *e) {
    char hash[TOKEN_HEX], now[ISO_TIME_BYTES], exp[ISO_TIME_BYTES];
    token_new(token_out);
    token_hash(token_out, hash);
    auth_iso_at(0, now);
    auth_iso_at(ttl_s, exp);
    store_stmt *st = NULL;
    rc_t rc = store_prepare(c,
                            "INSERT INTO sessions (user_id, token_hash, kind, name, created_at, "
                            "expires_at, revoked) VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id",
                            &st, e);
    if (rc)
        return rc;
    store_bind_int(st, 1, user_id);
    store_bind_text(st, 2, hash);
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, name);
    store_bind_text(st, 5, now);
    store_bind_text(st, 6, exp);
    if (store_next(st, &rc, e)) {
        if (id)
            *id = store_column_int(st, 0);
    } else if (rc == RC_OK) {
        rc = err_set(e, RC_INTERNAL, NULL, "session not stored");
    }
    store_finish(st);
    return rc;
}

rc_t auth_login(store_conn *c, const auth_policy *policy, const char *login, const char *password,
                const char *address, principal *p, char token_out[TOKEN_HEX], err *e) {
    store_stmt *st = NULL;
    char hash[PASSWORD_HASH_MAX] = "";
    int64_t user_id = 0, session_id = 0;
    bool disabled = true;

    rc_t rc = throttle_attempt(c, policy, login, address, e);
    if (rc)
        return rc;

    rc = store_prepare(c, "SELECT id, password_hash, disabled FROM users WHERE login = ?", &st, e);
    if (rc)
        return rc;
    store_bind_text(st, 1, login);
    if (store_next(st, &rc, e)) {
        user_id = store_column_int(st, 0);
        copy_text(hash, sizeof hash, store_column_text(st, 1));
        disabled = store_column_int(st, 2) != 0;
    }
    store_finish(st);
    if (rc)
        return rc;

    /* Verify even for an unknown login, so timing does not reveal which logins exist. */
    static const char *dummy = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                               "0ZqJ3oL2dT8DdV3JIr2m2W3D3Vx0tYbFf8xJv7rRr1Q";
    bool ok = password_verify(user_id ? hash : dummy, password) && user_id && !disabled;
    if (!ok) {
        /* the attempt is already counted; a failure is also when old rows go */
        throttle_prune(c, policy);
        return err_set(e, RC_UNAUTHORIZED, NULL, UNAUTH_MESSAGE);
    }

    rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = throttle_clear(c, login, address, e);
    if (rc)
        goto done;
    rc = session_insert(c, user_id, "session", NULL,
                        (long long)policy->session_minutes * SECONDS_PER_MINUTE, token_out,
                        &session_id, e);
    if (rc)
        goto done;
    rc = store_commit(c, e);
done:
    if (rc) {
        store_rollback(c);
        return rc;
    }
    rc = auth_load_user(c, user_id, p, e);
    p->session_id = session_id;
    p->via_cookie = true;
    return rc;
}

/* touch_token — note when a token was last used, at most once per
 * TOKEN_LAST_USED_STEP_S so a busy script does not write on every request. */
static void touch_token(store_conn *c, int64_t id, const char *last_used) {
    char step_ago[ISO_TIME_BYTES], now[ISO_TIME_BYTES];
    auth_iso_at(-(long long)TOKEN_LAST_USED_STEP_S, step_ago);
    if (last_used[0] && strcmp(last_used, step_ago) > 0)
        return;
    auth_iso_at(0, now);
    err e;
    store_params p = {.n = 0};
    store_param_text(&p, now);
    store_param_int(&p, id);
    rc_t rc = store_begin(c, true, &e);
    if (rc == RC_OK)
        rc = store_run(c, "UPDATE sessions SET last_used_at = ? WHERE id = ?", &p, NULL, &e);
    if (rc == RC_OK)
        rc = store_commit(c, &e);
    if (rc) {
        store_rollback(c);
        log_warn("token %lld: last use not recorded: %s", (long long)id, e.message);
    }
}

rc_t auth_resolve(store_conn *c, const char *token, bool cookie, principal *p, err *e) {
    if (!token || strlen(token) != TOKEN_HEX - 1)
        return err_set(e, RC_UNAUTHORIZED, NULL, "the session has expired; please log in");
    char hash[TOKEN_HEX], now[ISO_TIME_BYTES], last_used[ISO_TIME_BYTES] = "";
    token_hash(token, hash);
    auth_iso_at(0, now);
    store_stmt *st = NULL;
    rc_t rc = store_prepare(c,
                            "SELECT u.id, u.login, u.role, u.congress_id, u.deputy_id, "
                            "u.unit_id, u.display_name, u.disabled, s.id, s.last_used_at, "
                            "u.member_id "
                            "FROM sessions s JOIN users u ON u.id = s.user_id "
                            "WHERE s.token_hash = ? AND s.kind = ? AND s.revoked = 0 "
                            "AND s.expires_at > ? AND u.disabled = 0",
                            &st, e);
    if (rc)
        return rc;
    store_bind_text(st, 1, hash);
    store_bind_text(st, 2, cookie ? "session" : "token");
    store_bind_text(st, 3, now);
    bool found = false;
    if (store_next(st, &rc, e)) {
        found = true;
        rc = fill_principal(st, p, e);
        p->session_id = store_column_int(st, 8);
        p->member_id = store_column_null(st, 10) ? 0 : store_column_int(st, 10);
        p->via_cookie = cookie;
        copy_text(last_used, sizeof last_used, store_column_text(st, 9));
    } else if (rc == RC_OK) {
        rc = err_set(e, RC_UNAUTHORIZED, NULL, "the session has expired; please log in");
    }
    store_finish(st);
    if (rc == RC_OK && found && !cookie)
        touch_token(c, p->session_id, last_used);
    return rc;
}

rc_t auth_logout(store_conn *c, int64_t session_id, err *e) {
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    store_params p = {.n = 0};
    store_param_int(&p, session_id);
    rc = store_run(c, "UPDATE sessions SET revoked = 1 WHERE id = ?", &p, NULL, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc)
        store_rollback(c);
    return rc;
}

rc_t auth_revoke_user(store_conn *c, int64_t user_id, int64_t except_id, int64_t *revoked, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, user_id);
    store_param_int(&p, except_id);
    return store_run(c,
                     "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND id <> ? "
                     "AND revoked = 0",
                     &p, revoked, e);
}
