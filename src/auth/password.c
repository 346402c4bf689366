#include <sodium.h>
#include <string.h>

#include "auth/auth.h"
#include "base/utf8.h"

static const char *const role_names[ROLE_COUNT] = {"anonymous", "admin",  "staff",
                                                    "member",    "deputy", "unit"};

const char *role_name(role_t r) { return r < ROLE_COUNT ? role_names[r] : "unknown"; }

bool role_parse(const char *s, role_t *out) {
    for (int r = ROLE_ADMIN; r < ROLE_COUNT; r++) {
        if (s && strcmp(s, role_names[r]) == 0) {
            *out = (role_t)r;
            return true;
        }
    }
    return false;
}

_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");

rc_t password_hash(const char *password, char out[PASSWORD_HASH_MAX], err *e) {
    size_t n = password ? strlen(password) : 0;
    if (n == 0)
        return err_set(e, RC_INVALID, "password", "the password must not be empty");
    if (utf8_chars(password) < PASSWORD_MIN_CHARS)
        return err_set(e, RC_INVALID, "password", "a password has at least %d characters",
                       PASSWORD_MIN_CHARS);
    if (n > PASSWORD_MAX)
        return err_set(e, RC_INVALID, "password", "the password is longer than %d bytes",
                       PASSWORD_MAX);
    if (sodium_init() < 0)
        return err_set(e, RC_INTERNAL, NULL, "libsodium failed to initialise");
    if (crypto_pwhash_str_alg(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(e, RC_NOMEM, NULL, "not enough memory to hash the password");
    return RC_OK;
}

bool password_verify(const char *hash, const char *password) {
    if (!hash || !password || sodium_init() < 0)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
