#include "domain/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "base/utf8.h"

#define LOGIN_MIN 2

static bool login_ok(const char *s) {
    size_t n = s ? strlen(s) : 0;
    if (n < LOGIN_MIN || n > LOGIN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' || ch == '@';
        if (!ok)
            return false;
    }
    return true;
}

/* ref_congress — the congress of a record of table (deputies, units), 0 if none. */
static rc_t ref_congress(store_conn *c, const char *sql, int64_t id, int64_t *congress, err *e) {
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    const char *params[] = {idtext};
    *congress = 0;
    return store_query_int(c, sql, congress, e, 1, params);
}

static rc_t audit_user(store_conn *c, const principal *by, const char *action, int64_t id,
                       int64_t congress_id, const char *login, err *e) {
    json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)id, "login", login);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    rc_t rc = audit_append(c, by, congress_id, action, "users", id, NULL, text, e);
    free(text);
    json_decref(o);
    return rc;
}

/* check_spec — the account's fields on their own (no database). */
static rc_t check_fields(const user_spec *u, role_t *role, err *e) {
    if (!login_ok(u->login))
        return err_set(e, RC_INVALID, "login", "a login is %d–%d letters, digits or . _ - @",
                       LOGIN_MIN, LOGIN_MAX);
    if (!role_parse(u->role, role))
        return err_set(e, RC_INVALID, "role",
                       "role must be one of: admin, staff, member, deputy, unit");
    /* a deputy's or a unit's account takes its congress from that record (check_refs) */
    if (*role != ROLE_ADMIN && *role != ROLE_DEPUTY && *role != ROLE_UNIT && u->congress_id <= 0)
        return err_set(e, RC_INVALID, "congress_id", "a %s account belongs to a congress", u->role);
    if (*role == ROLE_DEPUTY && u->deputy_id <= 0)
        return err_set(e, RC_INVALID, "deputy_id", "a deputy account names its deputy");
    /* a member account without its member record reads what members read, and votes
     * nowhere (the vote engine asks for the record) */
    if (*role != ROLE_MEMBER && u->member_id > 0)
        return err_set(e, RC_INVALID, "member_id", "only a member account names a member");
    if (*role == ROLE_UNIT && u->unit_id <= 0)
        return err_set(e, RC_INVALID, "unit_id", "a unit account names its unit");
    if (u->display_name && strlen(u->display_name) >= NAME_MAX_BYTES)
        return err_set(e, RC_INVALID, "display_name", "the display name is too long");
    return RC_OK;
}

/* check_refs — inside the caller's transaction: the congress exists, and the linked
 * deputy or unit belongs to it. A deputy's or unit's account given no congress takes
 * the record's (written into u). */
static rc_t check_refs(store_conn *c, user_spec *u, role_t role, err *e) {
    int64_t owner = 0;
    rc_t rc = RC_OK;
    if (u->congress_id <= 0 && (role == ROLE_DEPUTY || role == ROLE_UNIT)) {
        bool deputy = role == ROLE_DEPUTY;
        rc = ref_congress(c,
                          deputy ? "SELECT congress_id FROM deputies WHERE id = ?"
                                 : "SELECT congress_id FROM units WHERE id = ?",
                          deputy ? u->deputy_id : u->unit_id, &owner, e);
        if (rc == RC_OK && !owner)
            rc = deputy ? err_set(e, RC_INVALID, "deputy_id", "there is no deputy %lld",
                                  (long long)u->deputy_id)
                        : err_set(e, RC_INVALID, "unit_id", "there is no unit %lld",
                                  (long long)u->unit_id);
        if (rc)
            return rc;
        u->congress_id = owner;
    }
    if (u->congress_id > 0) {
        rc = ref_congress(c, "SELECT id FROM congresses WHERE id = ?", u->congress_id, &owner, e);
        if (rc == RC_OK && !owner)
            rc = err_set(e, RC_INVALID, "congress_id", "there is no congress %lld",
                         (long long)u->congress_id);
        if (rc)
            return rc;
    }
    if (role == ROLE_DEPUTY || u->deputy_id > 0) {
        rc = ref_congress(c, "SELECT congress_id FROM deputies WHERE id = ?", u->deputy_id, &owner,
                          e);
        if (rc == RC_OK && owner != u->congress_id)
            rc = err_set(e, RC_INVALID, "deputy_id", "there is no deputy %lld in congress %lld",
                         (long long)u->deputy_id, (long long)u->congress_id);
        if (rc)
            return rc;
    }
    if (u->member_id > 0) {
        rc = ref_congress(c, "SELECT congress_id FROM members WHERE id = ?", u->member_id, &owner,
                          e);
        if (rc == RC_OK && owner != u->congress_id)
            rc = err_set(e, RC_INVALID, "member_id", "there is no member %lld in congress %lld",
                         (long long)u->member_id, (long long)u->congress_id);
        if (rc)
            return rc;
    }
    if (role == ROLE_UNIT || u->unit_id > 0) {
        rc = ref_congress(c, "SELECT congress_id FROM units WHERE id = ?", u->unit_id, &owner, e);
        if (rc == RC_OK && owner != u->congress_id)
            rc = err_set(e, RC_INVALID, "unit_id", "there is no unit %lld in congress %lld",
                         (long long)u->unit_id, (long long)u->congress_id);
    }
    return rc;
}

static void bind_refs(store_stmt *st, int first, const user_spec *u) {
    int64_t refs[] = {u->congress_id, u->deputy_id, u->unit_id, u->member_id};
    for (int i = 0; i < 4; i++) {
        if (refs[i] > 0)
            store_bind_int(st, first + i, refs[i]);
        else
            store_bind_null(st, first + i);
    }
}

/* own_session — the session to keep when `by` changes their own account (0: none). */
static int64_t own_session(const principal *by, int64_t id) {
    return by && by->user_id == id ? by->session_id : 0;
}

rc_t user_add(store_conn *c, const principal *by, const user_spec *u, int64_t *id, err *e) {
    role_t role;
    char hash[PASSWORD_HASH_MAX], now[21];
    int64_t new_id = 0;
    rc_t rc = check_fields(u, &role, e);
    if (rc == RC_OK)
        rc = password_hash(u->password, hash, e);
    if (rc)
        return rc;
    rc = store_begin(c, true, e);
    if (rc)
        return rc;
    user_spec own = *u; /* the congress may come from the deputy or unit */
    rc = check_refs(c, &own, role, e);
    u = &own;
    if (rc)
        goto done;
    now_iso(now);
    store_stmt *st = NULL;
    rc = store_prepare(c,
                       "INSERT INTO users (login, password_hash, role, congress_id, deputy_id, "
                       "unit_id, member_id, display_name, disabled, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
                       &st, e);
    if (rc)
        goto done;
    store_bind_text(st, 1, u->login);
    store_bind_text(st, 2, hash);
    store_bind_text(st, 3, role_name(role));
    bind_refs(st, 4, u);
    store_bind_text(st, 8, u->display_name);
    store_bind_text(st, 9, now);
    store_bind_text(st, 10, now);
    if (store_next(st, &rc, e))
        new_id = store_column_int(st, 0);
    store_finish(st);
    if (rc == RC_CONFLICT)
        rc = err_set(e, RC_CONFLICT, "login", "the login %s is taken", u->login);
    else if (rc == RC_OK && !new_id)
        rc = err_set(e, RC_INTERNAL, NULL, "the new user got no id");
    if (rc)
        goto done;
    rc = audit_user(c, by, "create", new_id, u->congress_id, u->login, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc == RC_OK && id)
        *id = new_id;
done:
    if (rc)
        store_rollback(c);
    return rc;
}

rc_t user_update(store_conn *c, const principal *by, const user_spec *u, err *e) {
    role_t role;
    char now[21];
    int64_t id = 0;
    const char *params[] = {u->login};
    rc_t rc = check_fields(u, &role, e);
    if (rc)
        return rc;
    rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = store_query_int(c, "SELECT id FROM users WHERE login = ?", &id, e, 1, params);
    if (rc == RC_OK && !id)
        rc = err_set(e, RC_NOT_FOUND, "login", "there is no user %s", u->login);
    user_spec own = *u; /* the congress may come from the deputy or unit */
    if (rc == RC_OK)
        rc = check_refs(c, &own, role, e);
    u = &own;
    char old_role[16] = "";
    store_params q = {.n = 0};
    store_param_int(&q, id);
    if (rc == RC_OK)
        rc = store_one_text(c, "SELECT role FROM users WHERE id = ?", &q, old_role, sizeof old_role,
                            NULL, e);
    /* a new role ends the account's logins: whoever holds them logs in again */
    if (rc == RC_OK && strcmp(old_role, role_name(role)) != 0)
        rc = auth_revoke_user(c, id, own_session(by, id), NULL, e);
    if (rc)
        goto done;
    now_iso(now);
    store_stmt *st = NULL;
    rc = store_prepare(c,
                       "UPDATE users SET role = ?, congress_id = ?, deputy_id = ?, unit_id = ?, "
                       "member_id = ?, display_name = ?, updated_at = ? WHERE id = ?",
                       &st, e);
    if (rc)
        goto done;
    store_bind_text(st, 1, role_name(role));
    bind_refs(st, 2, u);
    store_bind_text(st, 6, u->display_name);
    store_bind_text(st, 7, now);
    store_bind_int(st, 8, id);
    while (store_next(st, &rc, e))
        ;
    store_finish(st);
    if (rc == RC_OK)
        rc = audit_user(c, by, "update", id, u->congress_id, u->login, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    if (rc)
        store_rollback(c);
    return rc;
}

/* update_user — run one UPDATE on the user with this login, with audit; with revoke,
 * end every session and token of the account but the caller's own (auth/). */
static rc_t update_user(store_conn *c, const principal *by, const char *login, const char *sql,
                        const char *value, const char *action, bool revoke, err *e) {
    char now[21];
    now_iso(now);
    int64_t id = 0, congress = 0;
    const char *params[] = {login};
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = store_query_int(c, "SELECT id FROM users WHERE login = ?", &id, e, 1, params);
    if (rc == RC_OK && !id)
        rc = err_set(e, RC_NOT_FOUND, "login", "there is no user %s", login);
    if (rc == RC_OK)
        rc = store_query_int(c, "SELECT congress_id FROM users WHERE login = ?", &congress, e, 1,
                             params);
    if (rc)
        goto done;
    store_stmt *st = NULL;
    rc = store_prepare(c, sql, &st, e);
    if (rc)
        goto done;
    store_bind_text(st, 1, value);
    store_bind_text(st, 2, now);
    store_bind_int(st, 3, id);
    while (store_next(st, &rc, e))
        ;
    store_finish(st);
    if (rc == RC_OK && revoke)
        rc = auth_revoke_user(c, id, own_session(by, id), NULL, e);
    if (rc == RC_OK)
        rc = audit_user(c, by, action, id, congress, login, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    if (rc)
        store_rollback(c);
    return rc;
}

rc_t user_set_password(store_conn *c, const principal *by, const char *login, const char *password,
                       err *e) {
    char hash[PASSWORD_HASH_MAX];
    rc_t rc = password_hash(password, hash, e);
    if (rc)
        return rc;
    return update_user(c, by, login,
                       "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash,
                       "password", true, e);
}

rc_t user_set_disabled(store_conn *c, const principal *by, const char *login, bool disabled,
                       err *e) {
    /* A disabled account's sessions and tokens stop at once (and stay revoked when it
     * is enabled again). */
    return update_user(c, by, login, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
                       disabled ? "1" : "0", disabled ? "disable" : "enable", disabled, e);
}

rc_t user_list(store_conn *c, int64_t congress_id, json_t **out, err *e) {
    char now[21];
    now_iso(now);
    store_params p = {.n = 0};
    store_param_text(&p, now);
    store_param_int(&p, congress_id > 0 ? congress_id : 0);
    store_param_int(&p, congress_id > 0 ? congress_id : 0);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 "SELECT id, login, role, congress_id, deputy_id, unit_id, "
                                 "display_name, disabled, (SELECT MAX(t.locked_until) FROM "
                                 "login_throttle t WHERE t.login = users.login AND "
                                 "t.locked_until > ?), member_id FROM users "
                                 "WHERE (congress_id = ? OR 0 = ?) ORDER BY id",
                                 &p, &st, e);
    if (rc)
        return rc;
    json_t *items = json_array();
    while (store_next(st, &rc, e)) {
        json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)store_column_int(st, 0), "login",
                              store_column_text(st, 1), "role", store_column_text(st, 2));
        const char *keys[] = {"congress_id", "deputy_id", "unit_id"};
        for (int i = 0; i < 3; i++)
            json_object_set_new(o, keys[i],
                                store_column_null(st, 3 + i)
                                    ? json_null()
                                    : json_integer(store_column_int(st, 3 + i)));
        const char *dn = store_column_text(st, 6);
        json_object_set_new(o, "display_name", dn ? json_string(dn) : json_null());
        json_object_set_new(o, "disabled", json_boolean(store_column_int(st, 7) != 0));
        const char *locked = store_column_text(st, 8);
        json_object_set_new(o, "locked", json_boolean(locked != NULL));
        json_object_set_new(o, "locked_until", locked ? json_string(locked) : json_null());
        json_object_set_new(o, "member_id",
                            store_column_null(st, 9) ? json_null()
                                                     : json_integer(store_column_int(st, 9)));
        json_array_append_new(items, o);
    }
    store_finish(st);
    if (rc)
        json_decref(items);
    else
        *out = items;
    return rc;
}
