/* password.c — roles, the password rule and argon2id hashing.
 *
 * The rule: at least PASSWORD_MIN_CHARS characters, not only spaces, at least
 * PASSWORD_MIN_DISTINCT different characters, and whatever libpwquality (Debian's
 * library behind pam_pwquality, with cracklib's dictionary) refuses: dictionary words
 * and their simple variations, simplistic or systematic sequences such as 12345678,
 * palindromes. Its settings are compiled in here, not read from
 * /etc/security/pwquality.conf, so the rule is the same on every machine. */
#include <pthread.h>
#include <pwquality.h>
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

/* libpwquality's own length floor; the length rule in characters is ours (its
 * minlen counts bytes, and a Chinese character is three). */
#define PWQ_MIN_LENGTH_FLOOR 6
/* cracklib's dictionary is English and sees only the ASCII part of a password: with
 * this many different non-ASCII (e.g. Chinese) characters, its "based on a dictionary
 * word" verdict is about the ASCII rest alone and is not applied. */
#define PASSWORD_CJK_DISTINCT_STRONG 4
/* cracklib's "simplistic/systematic" verdict looks at runs and classes of the ASCII
 * part and refuses, now and then, a long password of mixed kinds of characters
 * ("pw-cdep1032_2-秘密-1043", but not "…_3-秘密-1044"); from this length, with three
 * kinds of characters, that verdict is not applied (12345678 stays refused). */
#define PASSWORD_LONG_CHARS 12
#define PASSWORD_LONG_KINDS 3
#define UTF8_CHAR_MAX 4
/* distinct characters are counted up to this many (more than the rule needs) */
#define DISTINCT_SCAN_MAX 32

/* cracklib and libpwquality keep static state: one check at a time. */
static pthread_mutex_t pwq_lock = PTHREAD_MUTEX_INITIALIZER;

/* distinct_chars — how many different UTF-8 characters s has, all and non-ASCII
 * (counting stops at DISTINCT_SCAN_MAX, which is more than the rule needs). */
static void distinct_chars(const char *s, int *all, int *non_ascii) {
    char seen[DISTINCT_SCAN_MAX][UTF8_CHAR_MAX + 1];
    int nseen = 0;
    *all = *non_ascii = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && nseen < DISTINCT_SCAN_MAX;) {
        size_t n = 1;
        while (p[n] && (p[n] & 0xC0) == 0x80 && n < UTF8_CHAR_MAX)
            n++;
        bool known = false;
        for (int i = 0; i < nseen && !known; i++)
            known = strlen(seen[i]) == n && memcmp(seen[i], p, n) == 0;
        if (!known) {
            memcpy(seen[nseen], p, n);
            seen[nseen][n] = '\0';
            nseen++;
            if (*p >= 0x80)
                (*non_ascii)++;
        }
        p += n;
    }
    *all = nseen;
}

/* kinds — how many kinds of characters s has: lower-case, upper-case, digits, other
 * ASCII, non-ASCII. */
static int kinds(const char *s) {
    bool k[5] = {false};
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        k[*p >= 0x80               ? 4
          : *p >= 'a' && *p <= 'z' ? 0
          : *p >= 'A' && *p <= 'Z' ? 1
          : *p >= '0' && *p <= '9' ? 2
                                   : 3] = true;
    return k[0] + k[1] + k[2] + k[3] + k[4];
}

static bool only_spaces(const char *s) {
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* pwq_reason — the refusal for a libpwquality result (rc < 0), in words people meet;
 * aux is cracklib's own message for PWQ_ERROR_CRACKLIB_CHECK. */
static rc_t pwq_reason(int rc, const char *aux, bool cjk_strong, bool long_mixed, err *e) {
    switch (rc) {
    case PWQ_ERROR_CRACKLIB_CHECK:
        if (aux && strstr(aux, "dictionary word"))
            return cjk_strong ? RC_OK
                              : err_set(e, RC_INVALID, "password",
                                        "the password is a dictionary word or based on one");
        if (aux && strstr(aux, "DIFFERENT"))
            return err_set(e, RC_INVALID, "password",
                           "the password has too few different characters");
        if (aux && strstr(aux, "simplistic"))
            return long_mixed ? RC_OK
                              : err_set(e, RC_INVALID, "password",
                                        "the password is too simple or systematic (like 12345678)");
        if (aux && strstr(aux, "dictionary"))
            return err_set(e, RC_INTERNAL, NULL,
                           "the password dictionary cannot be read (install cracklib-runtime)");
        return err_set(e, RC_INVALID, "password", "the password is too easy to guess");
    case PWQ_ERROR_PALINDROME:
        return err_set(e, RC_INVALID, "password", "the password reads the same backwards");
    case PWQ_ERROR_MAX_CONSECUTIVE:
    case PWQ_ERROR_MAX_CLASS_REPEAT:
    case PWQ_ERROR_MAX_SEQUENCE:
        return err_set(e, RC_INVALID, "password",
                       "the password is too simple or systematic (like 12345678)");
    case PWQ_ERROR_MEM_ALLOC:
        return err_set(e, RC_NOMEM, NULL, "out of memory checking the password");
    default: return err_set(e, RC_INVALID, "password", "the password is too easy to guess");
    }
}

rc_t password_check(const char *password, err *e) {
    size_t n = password ? strlen(password) : 0;
    if (n == 0)
        return err_set(e, RC_INVALID, "password", "the password must not be empty");
    if (n > PASSWORD_MAX)
        return err_set(e, RC_INVALID, "password", "the password is longer than %d bytes",
                       PASSWORD_MAX);
    if (!utf8_valid(password, n))
        return err_set(e, RC_INVALID, "password", "the password is not valid UTF-8");
    if (utf8_chars(password) < PASSWORD_MIN_CHARS)
        return err_set(e, RC_INVALID, "password", "a password has at least %d characters",
                       PASSWORD_MIN_CHARS);
    if (only_spaces(password))
        return err_set(e, RC_INVALID, "password", "the password must not be only spaces");
    int distinct = 0, non_ascii = 0;
    distinct_chars(password, &distinct, &non_ascii);
    if (distinct < PASSWORD_MIN_DISTINCT)
        return err_set(e, RC_INVALID, "password", "a password has at least %d different characters",
                       PASSWORD_MIN_DISTINCT);

    pthread_mutex_lock(&pwq_lock);
    pwquality_settings_t *pwq = pwquality_default_settings();
    int rc = PWQ_ERROR_MEM_ALLOC;
    void *aux = NULL;
    if (pwq) {
        pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH, PWQ_MIN_LENGTH_FLOOR);
        pwquality_set_int_value(pwq, PWQ_SETTING_DICT_CHECK, 1);
        /* tests and people put the login into longer passwords; refusing those
         * would refuse "pw-wang-秘密-2024" while gaining little */
        pwquality_set_int_value(pwq, PWQ_SETTING_USER_CHECK, 0);
        pwquality_set_int_value(pwq, PWQ_SETTING_GECOS_CHECK, 0);
        rc = pwquality_check(pwq, password, NULL, NULL, &aux);
    }
    /* aux is cracklib's static message for a dictionary refusal: copy before unlocking */
    char reason[PWQ_MAX_ERROR_MESSAGE_LEN] = "";
    if (rc == PWQ_ERROR_CRACKLIB_CHECK && aux)
        snprintf(reason, sizeof reason, "%s", (const char *)aux);
    pwquality_free_settings(pwq);
    pthread_mutex_unlock(&pwq_lock);
    if (rc >= 0)
        return RC_OK;
    bool long_mixed =
        utf8_chars(password) >= PASSWORD_LONG_CHARS && kinds(password) >= PASSWORD_LONG_KINDS;
    return pwq_reason(rc, reason, non_ascii >= PASSWORD_CJK_DISTINCT_STRONG, long_mixed, e);
}

rc_t password_hash(const char *password, char out[PASSWORD_HASH_MAX], err *e) {
    rc_t rc = password_check(password, e);
    if (rc)
        return rc;
    if (sodium_init() < 0)
        return err_set(e, RC_INTERNAL, NULL, "libsodium failed to initialise");
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
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
