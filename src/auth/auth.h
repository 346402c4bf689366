/* auth.h — who is asking: accounts, roles, passwords, sessions and tokens.
 *
 * A principal is resolved once per request (from a session cookie or a bearer token)
 * and passed down to the domain layer, which decides what it may do. */
#ifndef RENDA_AUTH_H
#define RENDA_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

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
#define PRINCIPAL_ADDRESS_MAX 64 /* an IPv6 address in text, with room */

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
    int64_t member_id; /* a member's account: the members row it names (votes) */
    char login[LOGIN_MAX + 1];
    char display_name[NAME_MAX_BYTES];
    bool via_cookie; /* authenticated by the session cookie (CSRF rules apply) */
    /* the client's address (api_client_address), "" when unknown: what limits the
     * public's submissions (collection_def.public_create) */
    char address[PRINCIPAL_ADDRESS_MAX];
    int64_t session_id;
} principal;

/* role_name / role_parse — "admin" … "unit"; parse returns false for unknown text. */
const char *role_name(role_t r);
bool role_parse(const char *s, role_t *out);

/* password_hash — argon2id (libsodium crypto_pwhash_str) into out, which must hold
 * PASSWORD_HASH_MAX bytes, after password_check. RC_INVALID (field "password") with
 * the reason when the password is refused. */
#define PASSWORD_HASH_MAX 128
#define PASSWORD_MAX 1024
#define PASSWORD_MIN_CHARS 8
/* fewer different characters than this is refused ("aaaaaaaa", "密码密码密码密码") */
#define PASSWORD_MIN_DISTINCT 4
rc_t password_hash(const char *password, char out[PASSWORD_HASH_MAX], err *e);
bool password_verify(const char *hash, const char *password);
/* password_check — is this password acceptable? RC_OK, or RC_INVALID (field
 * "password") saying why in English and Chinese: empty, shorter than
 * PASSWORD_MIN_CHARS characters, longer than PASSWORD_MAX bytes, only spaces, too few
 * different characters, or refused by libpwquality (a dictionary word, too simple or
 * systematic, a palindrome …). */
rc_t password_check(const char *password, err *e);

/* What the installation's settings say about logins (auth/ sits below the settings
 * registry, so the api layer reads them and passes them down). */
typedef struct {
    int max_failures;        /* setting login_max_failures: per login and address */
    int max_failures_global; /* setting login_max_failures_global: per login, any address */
    int window_minutes;      /* setting login_failure_window_minutes */
    int lockout_max_minutes; /* setting login_lockout_max_minutes: the longest lock */
    int session_minutes;     /* setting session_ttl_minutes */
} auth_policy;

/* auth_login — check login+password for a client at address (text, "" when
 * unknown), then create a session. Throttled twice, both counted in the database so
 * several server processes share the counts: per (login, address) more than
 * policy->max_failures attempts within policy->window_minutes lock that address
 * out of that login for a delay that doubles with each lock (window, 2×window …, at
 * most lockout_max_minutes); per login, any address, more than max_failures_global
 * attempts lock the login the same way. An attempt is counted *before* the password
 * is checked, in one atomic write, so parallel attempts cannot pass a check that
 * the others have not yet recorded; a successful login clears its address's count
 * and the login's global count. Locks are audited. token_out receives the secret
 * for the cookie (only its hash is stored). RC_UNAUTHORIZED (same message for
 * unknown login and wrong password), RC_TOO_MANY while locked. */
rc_t auth_login(store_conn *c, const auth_policy *policy, const char *login, const char *password,
                const char *address, principal *p, char token_out[TOKEN_HEX], err *e);

/* auth_unlock — an administrator releases every lock and count of a login (audited
 * as "unlock" by `by`, NULL for the command line). *released (may be NULL) gets
 * how many throttle rows were cleared. Runs its own transaction. */
rc_t auth_unlock(store_conn *c, const principal *by, const char *login, int64_t *released, err *e);

/* Bearer tokens: named, with an expiry, listed and revoked (token.c). */
#define TOKEN_NAME_MAX_CHARS 100
typedef struct {
    int64_t user_id;
    const char *name; /* may be NULL: unnamed */
    int days;         /* lifetime, 1 … max_days */
    int max_days;     /* setting token_ttl_days */
} token_spec;

/* auth_token_create — a bearer token for an enabled user; the secret goes to
 * token_out once (only its hash is stored, and neither is audited). *id (may be NULL)
 * gets its id. RC_NOT_FOUND (field user_id) for no such enabled user, RC_INVALID for
 * name or days. by may be NULL (command line). Runs its own transaction. */
rc_t auth_token_create(store_conn *c, const principal *by, const token_spec *t,
                       char token_out[TOKEN_HEX], int64_t *id, err *e);

/* auth_token_list — the tokens not revoked of user_id (0: everyone), newest first:
 * [{id, user_id, login, name, created_at, expires_at, last_used_at, expired}].
 * Caller owns *out. */
rc_t auth_token_list(store_conn *c, int64_t user_id, json_t **out, err *e);

/* auth_token_revoke — revoke token id; when user_id > 0 the token must be that
 * user's (else RC_NOT_FOUND, as for no such token). Audited. Own transaction. */
rc_t auth_token_revoke(store_conn *c, const principal *by, int64_t id, int64_t user_id, err *e);

/* auth_resolve — the principal for a secret (cookie when cookie=true, else bearer
 * token). RC_UNAUTHORIZED when unknown, expired, revoked or the user is disabled. A
 * token's last_used_at is brought up to date at most once per
 * TOKEN_LAST_USED_STEP_S (a failure there is logged, not returned). */
#define TOKEN_LAST_USED_STEP_S 3600
rc_t auth_resolve(store_conn *c, const char *token, bool cookie, principal *p, err *e);

/* auth_logout — revoke the session. */
rc_t auth_logout(store_conn *c, int64_t session_id, err *e);

/* auth_revoke_user — inside the caller's write transaction: revoke every session and
 * token of user_id except the session except_id (0: none). The one way a changed
 * password, a disabled account or a changed role ends the account's logins.
 * *revoked (may be NULL) gets how many were revoked. */
rc_t auth_revoke_user(store_conn *c, int64_t user_id, int64_t except_id, int64_t *revoked, err *e);

/* auth_load_user — fill p from the users row with this id (role, congress …). */
rc_t auth_load_user(store_conn *c, int64_t user_id, principal *p, err *e);

/* auth_iso_at — UTC time offset_s seconds from now, 'YYYY-MM-DDTHH:MM:SSZ'. */
void auth_iso_at(long long offset_s, char out[21]);

#endif
