/* user.h — accounts: create, change password, list, disable. Used by the command
 * line and by the admin API. Passwords are hashed with argon2id (auth/). */
#ifndef RENDA_USER_H
#define RENDA_USER_H

#include <jansson.h>

#include "auth/auth.h"

typedef struct {
    const char *login;
    const char *role;
    int64_t congress_id, deputy_id, unit_id; /* 0 = none */
    int64_t member_id;                       /* a member's account: its members row */
    const char *display_name;                /* may be NULL */
    const char *password;
} user_spec;

/* user_add — validate and create an account; *id (may be NULL) gets its id.
 * RC_INVALID naming the field (login, role, congress_id, deputy_id, unit_id, member_id,
 * password), RC_CONFLICT when the login exists. by may be NULL (command line). */
rc_t user_add(store_conn *c, const principal *by, const user_spec *u, int64_t *id, err *e);
/* user_update — change role, congress, linked deputy/unit and display name of the
 * account u->login (u->password is ignored). Same checks as user_add. */
rc_t user_update(store_conn *c, const principal *by, const user_spec *u, err *e);
/* A changed role, a changed password and a disabled account end every session and
 * token of the account at once (auth_revoke_user), but for the caller's own current
 * session when `by` changes their own account. */
/* user_set_password — check (password_check) and store a new password. */
rc_t user_set_password(store_conn *c, const principal *by, const char *login, const char *password,
                       err *e);
rc_t user_set_disabled(store_conn *c, const principal *by, const char *login, bool disabled,
                       err *e);
/* user_list — [{id, login, role, congress_id, deputy_id, unit_id, member_id, display_name,
 * disabled, locked, locked_until}] of every account (congress_id > 0 restricts to
 * one congress); locked while a failed-login lock holds (auth_unlock releases it). */
rc_t user_list(store_conn *c, int64_t congress_id, json_t **out, err *e);

#endif
