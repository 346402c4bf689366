/* auth_impl.h — what the files of auth/ share among themselves (not for other layers). */
#ifndef RENDA_AUTH_IMPL_H
#define RENDA_AUTH_IMPL_H

#include "auth/auth.h"

#define ISO_TIME_BYTES 21
/* the throttle row that counts a login's attempts from every address */
#define THROTTLE_ANY_ADDRESS "*"

/* session_insert — a new session or token row inside the caller's write transaction;
 * the secret goes to token_out, its hash to the row. name may be NULL. */
rc_t session_insert(store_conn *c, int64_t user_id, const char *kind, const char *name,
                    long long ttl_s, char token_out[TOKEN_HEX], int64_t *id, err *e);

/* throttle_attempt — count one login attempt before its password is checked. Runs
 * its own write transaction (committed even when the answer is "locked", so the
 * count and the lock stay). RC_OK: go on and check the password; RC_TOO_MANY with
 * the message while a lock holds; another rc on a database failure. */
rc_t throttle_attempt(store_conn *c, const auth_policy *pol, const char *login, const char *address,
                      err *e);

/* throttle_clear — after a successful login, inside the caller's write transaction:
 * forget the counts of (login, address) and of login from any address. */
rc_t throttle_clear(store_conn *c, const char *login, const char *address, err *e);

/* throttle_prune — best effort: drop rows nobody has tried for lockout_max minutes. */
void throttle_prune(store_conn *c, const auth_policy *pol);

#endif
