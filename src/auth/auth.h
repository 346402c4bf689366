/* auth.h — who is asking: accounts, roles, passwords, sessions and tokens.
 *
 * A principal is resolved once per request (from a session cookie or a bearer token)
 * and passed down to the domain layer, which decides what it may do. */
#ifndef RENDA_AUTH_H
#define RENDA_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/rc.h"
#include "store/store.h"

typedef enum {
    ROLE_ANON = 0,
    ROLE_ADMIN,
    ROLE_STAFF,
    ROLE_MEMBER,
    ROLE_DEPUTY,
    ROLE_UNIT,
    ROLE_COUNT
} role_t;

#define ROLE_BIT(r) (1u << (r))

#define LOGIN_MAX 64
#define NAME_MAX_BYTES 256
/* Session and token secrets: 32 random bytes, hex-encoded. */
#define TOKEN_BYTES 32
#define TOKEN_HEX (TOKEN_BYTES * 2 + 1)

typedef struct {
    int64_t user_id; /* 0 for anonymous */
    role_t role;
    int64_t congress_id; /* 0 when none (admin may have none) */
    int64_t deputy_id, unit_id;
    char login[LOGIN_MAX + 1];
    char display_name[NAME_MAX_BYTES];
    bool via_cookie; /* authenticated by the session cookie (CSRF rules apply) */
    int64_t session_id;
} principal;

/* role_name / role_parse — "admin" … "unit"; parse returns false for unknown text. */
const char *role_name(role_t r);
bool role_parse(const char *s, role_t *out);

/* password_hash — argon2id (libsodium crypto_pwhash_str) into out, which must hold
 * PASSWORD_HASH_MAX bytes. RC_INVALID when the password is shorter than
 * PASSWORD_MIN_CHARS characters or longer than PASSWORD_MAX bytes. */
#define PASSWORD_HASH_MAX 128
#define PASSWORD_MAX 1024
#define PASSWORD_MIN_CHARS 8
rc_t password_hash(const char *password, char out[PASSWORD_HASH_MAX], err *e);
bool password_verify(const char *hash, const char *password);

/* What the caller's settings say about logins (auth/ sits below the settings
 * registry, so the api layer reads them and passes them down). */
typedef struct {
    int max_failures;     /* setting login_max_failures */
    int window_minutes;   /* setting login_failure_window_minutes */
    int session_minutes;  /* setting session_ttl_minutes */
} auth_policy;

/* auth_login — check login+password (throttled per login: policy->max_failures
 * failures within policy->window_minutes), then create a session.
 * token_out receives the secret for the cookie (only its hash is stored).
 * RC_UNAUTHORIZED (same message for unknown login and wrong password),
 * RC_TOO_MANY when throttled. Runs its own transactions. */
rc_t auth_login(store_conn *c, const auth_policy *policy, const char *login,
                const char *password, principal *p, char token_out[TOKEN_HEX], err *e);

/* auth_token_create — a long-lived bearer token for a script, for an enabled user. */
rc_t auth_token_create(store_conn *c, const char *login, char token_out[TOKEN_HEX], err *e);

/* auth_resolve — the principal for a secret (cookie when cookie=true, else bearer
 * token). RC_UNAUTHORIZED when unknown, expired, revoked or the user is disabled. */
rc_t auth_resolve(store_conn *c, const char *token, bool cookie, principal *p, err *e);

/* auth_logout — revoke the session. */
rc_t auth_logout(store_conn *c, int64_t session_id, err *e);

/* auth_load_user — fill p from the users row with this id (role, congress …). */
rc_t auth_load_user(store_conn *c, int64_t user_id, principal *p, err *e);

#endif
