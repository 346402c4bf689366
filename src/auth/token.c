/* token.c — bearer tokens for scripts: created with a name and a lifetime, listed,
 * revoked. A token is a sessions row of kind 'token'; the secret is shown once by
 * the caller of auth_token_create and only its hash is stored. The audit trail
 * records that a token was made or revoked, with its id, name and expiry, never
 * the secret or its hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/auth_impl.h"
#include "base/utf8.h"

#define SECONDS_PER_DAY 86400

static rc_t audit_token(store_conn *c, const principal *by, const char *action, int64_t id,
                        err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 "SELECT s.user_id, u.login, s.name, s.expires_at, u.congress_id "
                                 "FROM sessions s JOIN users u ON u.id = s.user_id "
                                 "WHERE s.id = ?",
                                 &p, &st, e);
    if (rc)
        return rc;
    json_t *after = NULL;
    int64_t congress = 0;
    if (store_next(st, &rc, e)) {
        const char *name = store_column_text(st, 2);
        after = json_pack("{s:I, s:I, s:s, s:o, s:s}", "id", (json_int_t)id, "user_id",
                          (json_int_t)store_column_int(st, 0), "login", store_column_text(st, 1),
                          "name", name ? json_string(name) : json_null(), "expires_at",
                          store_column_text(st, 3));
        congress = store_column_null(st, 4) ? 0 : store_column_int(st, 4);
    }
    store_finish(st);
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(after);
    if (rc == RC_OK && !text)
        rc = err_set(e, RC_INTERNAL, NULL, "token %lld vanished", (long long)id);
    if (rc == RC_OK)
        rc = audit_append(c, by, congress, action, "tokens", id, NULL, text, e);
    free(text);
    return rc;
}

rc_t auth_token_create(store_conn *c, const principal *by, const token_spec *t,
                       char token_out[TOKEN_HEX], int64_t *id, err *e) {
    if (t->name &&
        (utf8_chars(t->name) > TOKEN_NAME_MAX_CHARS || !utf8_valid(t->name, strlen(t->name))))
        return err_set(e, RC_INVALID, "name", "a token name has at most %d characters",
                       TOKEN_NAME_MAX_CHARS);
    if (t->days < 1 || t->days > t->max_days)
        return err_set(e, RC_INVALID, "days", "a token lives 1 to %d days", t->max_days);
    int64_t user_id = 0, new_id = 0;
    store_params p = {.n = 0};
    store_param_int(&p, t->user_id);
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = store_one_int(c, "SELECT id FROM users WHERE id = ? AND disabled = 0", &p, &user_id, e);
    if (rc == RC_OK && !user_id)
        rc = err_set(e, RC_NOT_FOUND, "user_id", "there is no enabled user %lld",
                     (long long)t->user_id);
    if (rc == RC_OK)
        rc = session_insert(c, user_id, "token", t->name && *t->name ? t->name : NULL,
                            (long long)t->days * SECONDS_PER_DAY, token_out, &new_id, e);
    if (rc == RC_OK)
        rc = audit_token(c, by, "create", new_id, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc) {
        store_rollback(c);
        return rc;
    }
    if (id)
        *id = new_id;
    return RC_OK;
}

static json_t *text_or_null(store_stmt *st, int i) {
    const char *v = store_column_text(st, i);
    return v ? json_string(v) : json_null();
}

rc_t auth_token_list(store_conn *c, int64_t user_id, json_t **out, err *e) {
    char now[ISO_TIME_BYTES];
    auth_iso_at(0, now);
    store_params p = {.n = 0};
    store_param_int(&p, user_id);
    store_param_int(&p, user_id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 "SELECT s.id, s.user_id, u.login, s.name, s.created_at, "
                                 "s.expires_at, s.last_used_at FROM sessions s "
                                 "JOIN users u ON u.id = s.user_id "
                                 "WHERE s.kind = 'token' AND s.revoked = 0 "
                                 "AND (s.user_id = ? OR 0 = ?) ORDER BY s.id DESC",
                                 &p, &st, e);
    if (rc)
        return rc;
    json_t *items = json_array();
    while (store_next(st, &rc, e)) {
        const char *exp = store_column_text(st, 5);
        json_t *o =
            json_pack("{s:I, s:I, s:s}", "id", (json_int_t)store_column_int(st, 0), "user_id",
                      (json_int_t)store_column_int(st, 1), "login", store_column_text(st, 2));
        json_object_set_new(o, "name", text_or_null(st, 3));
        json_object_set_new(o, "created_at", text_or_null(st, 4));
        json_object_set_new(o, "expires_at", text_or_null(st, 5));
        json_object_set_new(o, "last_used_at", text_or_null(st, 6));
        json_object_set_new(o, "expired", json_boolean(exp && strcmp(exp, now) <= 0));
        json_array_append_new(items, o);
    }
    store_finish(st);
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = items;
    return RC_OK;
}

rc_t auth_token_revoke(store_conn *c, const principal *by, int64_t id, int64_t user_id, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, id);
    store_param_int(&p, user_id);
    store_param_int(&p, user_id);
    int64_t changed = 0;
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = store_run(c,
                   "UPDATE sessions SET revoked = 1 WHERE id = ? AND kind = 'token' "
                   "AND revoked = 0 AND (user_id = ? OR 0 = ?)",
                   &p, &changed, e);
    if (rc == RC_OK && changed == 0)
        rc = err_set(e, RC_NOT_FOUND, NULL, "there is no token %lld", (long long)id);
    if (rc == RC_OK)
        rc = audit_token(c, by, "revoke", id, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc)
        store_rollback(c);
    return rc;
}
