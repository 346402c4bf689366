/* audit_checkpoint.c — SM2-signed checkpoints in the witness file
 * (audit_checkpoint.h). */
#include "auth/audit_checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/audit_key.h"
#include "base/date.h"

#define SIG_BYTES_MAX 160
#define SIG_HEX_MAX (2 * SIG_BYTES_MAX + 1)
#define TAIL_BYTES 1024 /* enough for the last line */
#define WITNESS_MODE 0644
#define SECRET_MODE 0600
#define OTHERS_MODE_BITS 0077
#define SECONDS_PER_MINUTE 60

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static char g_witness[AUDIT_PATH_MAX];
static EVP_PKEY *g_sign;                      /* the private key, loaded on first use … */
static char g_sign_path[AUDIT_PATH_MAX + 16]; /* … from this file */
static int64_t g_last_id = -1;                /* newest checkpoint in the witness, as last seen */
static time_t g_last_at;

void audit_witness_set(const char *path) {
    pthread_mutex_lock(&g_lock);
    snprintf(g_witness, sizeof g_witness, "%s", path ? path : "");
    g_last_id = -1;
    pthread_mutex_unlock(&g_lock);
}

const char *audit_witness_path(void) { return g_witness; }

/* key_file — the keyring's path with suffix; false when no keyring is loaded. */
static bool key_file(const char *suffix, char out[AUDIT_PATH_MAX + 16]) {
    const char *k = audit_key_path();
    if (!audit_key_loaded() || !k[0])
        return false;
    snprintf(out, AUDIT_PATH_MAX + 16, "%s%s", k, suffix);
    return true;
}

/* write_pem — a new file (O_EXCL, mode) holding pkey's private or public PEM. */
static rc_t write_pem(const char *path, EVP_PKEY *pkey, bool private_key, mode_t mode, err *e) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return err_set(e, errno == EEXIST ? RC_CONFLICT : RC_INVALID, NULL, "cannot create %s: %s",
                       path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    bool ok = f && fchmod(fd, mode) == 0 &&
              (private_key ? PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL)
                           : PEM_write_PUBKEY(f, pkey)) == 1 &&
              fflush(f) == 0 && fsync(fd) == 0;
    if (f)
        fclose(f);
    else
        close(fd);
    if (!ok) {
        unlink(path);
        return err_set(e, RC_INVALID, NULL, "cannot write %s", path);
    }
    return RC_OK;
}

rc_t audit_sign_key_create(bool *created, err *e) {
    char priv[AUDIT_PATH_MAX + 16], pub[AUDIT_PATH_MAX + 16];
    *created = false;
    if (!key_file(AUDIT_SIGN_KEY_SUFFIX, priv) || !key_file(AUDIT_SIGN_PUB_SUFFIX, pub))
        return err_set(e, RC_INVALID, NULL, "no audit key is loaded");
    if (access(priv, F_OK) == 0)
        return RC_OK;
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    if (!pkey)
        return err_set(e, RC_INTERNAL, NULL, "SM2 key generation failed (OpenSSL)");
    unlink(pub); /* a public key without its private key is of no use */
    rc_t rc = write_pem(priv, pkey, true, SECRET_MODE, e);
    if (rc == RC_OK)
        rc = write_pem(pub, pkey, false, WITNESS_MODE, e);
    EVP_PKEY_free(pkey);
    if (rc == RC_CONFLICT) /* another process made it first */
        return RC_OK;
    *created = rc == RC_OK;
    return rc;
}

/* read_pem — the private (refused when others may read it) or public key in path. */
static rc_t read_pem(const char *path, bool private_key, EVP_PKEY **out, err *e) {
    *out = NULL;
    FILE *f = fopen(path, "re");
    if (!f)
        return err_set(e, errno == ENOENT ? RC_NOT_FOUND : RC_INVALID, NULL, "cannot read %s: %s",
                       path, strerror(errno));
    struct stat sb;
    rc_t rc = RC_OK;
    if (private_key && fstat(fileno(f), &sb) == 0 && (sb.st_mode & OTHERS_MODE_BITS))
        rc = err_set(e, RC_INVALID, NULL, "%s may be read by others (mode %04o): run chmod 600 %s",
                     path, (unsigned)(sb.st_mode & 07777), path);
    if (rc == RC_OK)
        *out = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
                           : PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);
    if (rc == RC_OK && (!*out || !EVP_PKEY_is_a(*out, "SM2"))) {
        EVP_PKEY_free(*out);
        *out = NULL;
        rc = err_set(e, RC_INVALID, NULL, "%s holds no SM2 key", path);
    }
    return rc;
}

/* sm2_ctx — a DigestSign/Verify context for SM2 with SM3 and the default ID. */
static EVP_MD_CTX *sm2_ctx(EVP_PKEY *k, bool sign, EVP_PKEY_CTX **pctx) {
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    *pctx = EVP_PKEY_CTX_new(k, NULL);
    bool ok = m && *pctx && EVP_PKEY_CTX_set1_id(*pctx, AUDIT_SM2_ID, strlen(AUDIT_SM2_ID)) > 0;
    if (ok) {
        EVP_MD_CTX_set_pkey_ctx(m, *pctx);
        ok = sign ? EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL, k) == 1
                  : EVP_DigestVerifyInit(m, NULL, EVP_sm3(), NULL, k) == 1;
    }
    if (!ok) {
        EVP_MD_CTX_free(m);
        EVP_PKEY_CTX_free(*pctx);
        *pctx = NULL;
        return NULL;
    }
    return m;
}

/* sign — hex DER SM2 signature of msg. */
static rc_t sign(EVP_PKEY *k, const char *msg, char hex[SIG_HEX_MAX], err *e) {
    EVP_PKEY_CTX *p = NULL;
    EVP_MD_CTX *m = sm2_ctx(k, true, &p);
    unsigned char sig[SIG_BYTES_MAX];
    size_t n = sizeof sig;
    bool ok = m && EVP_DigestSign(m, sig, &n, (const unsigned char *)msg, strlen(msg)) == 1;
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(p);
    if (!ok)
        return err_set(e, RC_INTERNAL, NULL, "SM2 signing failed (OpenSSL)");
    sodium_bin2hex(hex, SIG_HEX_MAX, sig, n);
    return RC_OK;
}

/* signature_ok — whether hex is k's SM2 signature of msg. */
static bool signature_ok(EVP_PKEY *k, const char *msg, const char *hex) {
    unsigned char sig[SIG_BYTES_MAX];
    size_t n = 0;
    if (sodium_hex2bin(sig, sizeof sig, hex, strlen(hex), NULL, &n, NULL) != 0)
        return false;
    EVP_PKEY_CTX *p = NULL;
    EVP_MD_CTX *m = sm2_ctx(k, false, &p);
    bool ok = m && EVP_DigestVerify(m, sig, n, (const unsigned char *)msg, strlen(msg)) == 1;
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(p);
    return ok;
}

/* One witness line. */
typedef struct {
    int64_t id;
    char hash[AUDIT_HASH_HEX], at[21], sig[SIG_HEX_MAX];
} checkpoint;

/* parse_line — `ID HASH AT SIG`; false when malformed. */
static bool parse_line(const char *s, checkpoint *cp) {
    long long id = 0;
    int used = 0;
    if (sscanf(s, "%lld %64s %20s %320s%n", &id, cp->hash, cp->at, cp->sig, &used) != 4 || id < 1)
        return false;
    while (s[used] == ' ' || s[used] == '\r' || s[used] == '\n')
        used++;
    cp->id = id;
    return s[used] == '\0' && strlen(cp->hash) == AUDIT_HASH_HEX - 1;
}

/* message — what a checkpoint's signature covers. */
static void message(const checkpoint *cp, char out[AUDIT_CHECKPOINT_LINE_MAX]) {
    snprintf(out, AUDIT_CHECKPOINT_LINE_MAX, "%lld %s %s", (long long)cp->id, cp->hash, cp->at);
}

static time_t iso_time(const char *at) {
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return end && *end == '\0' ? timegm(&tm) : 0;
}

/* last_line — the newest checkpoint in the open witness fd (id 0 when none). */
static void last_line(int fd, checkpoint *cp) {
    char buf[TAIL_BYTES + 1];
    memset(cp, 0, sizeof *cp);
    struct stat sb;
    if (fstat(fd, &sb) != 0 || sb.st_size == 0)
        return;
    off_t from = sb.st_size > TAIL_BYTES ? sb.st_size - TAIL_BYTES : 0;
    ssize_t n = pread(fd, buf, TAIL_BYTES, from);
    if (n <= 0)
        return;
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    char *line = strrchr(buf, '\n');
    if (!parse_line(line ? line + 1 : buf, cp))
        memset(cp, 0, sizeof *cp);
}

/* append_checkpoint — under the witness file's lock: sign the checked head and append
 * it, unless (when !force) the witness already holds a checkpoint at or after it.
 * Lock g_lock held. */
static rc_t append_checkpoint(const audit_head *h, bool force, char *line, bool *written, err *e) {
    char priv[AUDIT_PATH_MAX + 16], msg[AUDIT_CHECKPOINT_LINE_MAX];
    *written = false;
    if (!g_witness[0])
        return err_set(e, RC_INVALID, NULL, "no witness file: name it with --audit-witness PATH");
    if (!key_file(AUDIT_SIGN_KEY_SUFFIX, priv))
        return err_set(e, RC_UNAVAILABLE, NULL,
                       "no audit key is loaded: name it with --audit-key PATH");
    if (g_sign && strcmp(g_sign_path, priv) != 0) {
        EVP_PKEY_free(g_sign);
        g_sign = NULL;
    }
    rc_t rc = g_sign ? RC_OK : read_pem(priv, true, &g_sign, e);
    if (rc)
        return rc;
    snprintf(g_sign_path, sizeof g_sign_path, "%s", priv);
    int fd = open(g_witness, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, WITNESS_MODE);
    if (fd < 0)
        return err_set(e, RC_INVALID, NULL, "cannot open the witness %s: %s", g_witness,
                       strerror(errno));
    if (flock(fd, LOCK_EX) != 0) {
        close(fd);
        return err_set(e, RC_INVALID, NULL, "cannot lock the witness %s", g_witness);
    }
    checkpoint last, cp = {.id = h->id};
    last_line(fd, &last);
    if (!force && last.id >= h->id)
        goto done;
    snprintf(cp.hash, sizeof cp.hash, "%s", h->hash);
    now_iso(cp.at);
    message(&cp, msg);
    rc = sign(g_sign, msg, cp.sig, e);
    if (rc)
        goto done;
    char text[AUDIT_CHECKPOINT_LINE_MAX];
    int n = snprintf(text, sizeof text, "%s %s\n", msg, cp.sig);
    if (n < 0 || (size_t)n >= sizeof text || write(fd, text, (size_t)n) != n || fsync(fd) != 0) {
        rc = err_set(e, RC_INVALID, NULL, "cannot append to the witness %s", g_witness);
        goto done;
    }
    if (line)
        snprintf(line, AUDIT_CHECKPOINT_LINE_MAX, "%.*s", n - 1, text);
    last = cp;
    *written = true;
done:
    g_last_id = last.id;
    g_last_at = last.id ? iso_time(last.at) : 0;
    flock(fd, LOCK_UN);
    close(fd);
    return rc;
}

rc_t audit_checkpoint_write(store_conn *c, char line[AUDIT_CHECKPOINT_LINE_MAX], err *e) {
    audit_head h;
    bool written = false;
    if (store_in_txn(c))
        return err_set(e, RC_INTERNAL, NULL,
                       "checkpoints sign committed entries, not inside a transaction");
    rc_t rc = audit_head_check(c, &h, e);
    if (rc == RC_OK && h.id == 0)
        rc = err_set(e, RC_INVALID, NULL, "the audit trail is empty: there is nothing to sign");
    if (rc == RC_OK && !h.keyed)
        rc = err_set(e, RC_INVALID, NULL, "the audit trail is not keyed yet: run renda init");
    if (rc)
        return rc;
    pthread_mutex_lock(&g_lock);
    rc = append_checkpoint(&h, true, line, &written, e);
    pthread_mutex_unlock(&g_lock);
    return rc;
}

/* cached_last — the newest checkpoint as last seen, reading the witness the first
 * time. Lock g_lock held. */
static void cached_last(void) {
    if (g_last_id >= 0)
        return;
    checkpoint cp;
    memset(&cp, 0, sizeof cp);
    int fd = open(g_witness, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        last_line(fd, &cp);
        close(fd);
    }
    g_last_id = cp.id;
    g_last_at = cp.id ? iso_time(cp.at) : 0;
}

rc_t audit_checkpoint_if_due(store_conn *c, int64_t every_entries, int64_t every_minutes,
                             bool *written, err *e) {
    *written = false;
    if (!g_witness[0] || !audit_key_loaded() || store_in_txn(c))
        return RC_OK;
    int64_t head = 0;
    rc_t rc = store_one_int(c, "SELECT MAX(id) FROM audit", NULL, &head, e);
    if (rc)
        return rc;
    pthread_mutex_lock(&g_lock);
    cached_last();
    bool due = head > g_last_id && (head - g_last_id >= every_entries ||
                                    time(NULL) - g_last_at >= every_minutes * SECONDS_PER_MINUTE);
    pthread_mutex_unlock(&g_lock);
    if (!due)
        return RC_OK;
    audit_head h;
    rc = audit_head_check(c, &h, e);
    if (rc || !h.keyed)
        return rc;
    pthread_mutex_lock(&g_lock);
    rc = append_checkpoint(&h, false, NULL, written, e);
    pthread_mutex_unlock(&g_lock);
    return rc;
}

/* public_key — KEY.sm2.pub.pem, or the public half of KEY.sm2.pem. */
static rc_t public_key(EVP_PKEY **out, err *e) {
    char pub[AUDIT_PATH_MAX + 16], priv[AUDIT_PATH_MAX + 16];
    if (!key_file(AUDIT_SIGN_PUB_SUFFIX, pub) || !key_file(AUDIT_SIGN_KEY_SUFFIX, priv))
        return err_set(e, RC_INVALID, NULL,
                       "the checkpoints cannot be checked without the audit key (--audit-key "
                       "PATH): its public signing key is KEY%s",
                       AUDIT_SIGN_PUB_SUFFIX);
    rc_t rc = read_pem(pub, false, out, e);
    if (rc == RC_NOT_FOUND)
        rc = read_pem(priv, true, out, e);
    return rc;
}

/* check_line — one checkpoint against its signature and the trail. */
static rc_t check_line(store_conn *c, EVP_PKEY *k, const checkpoint *cp, int64_t line, int64_t head,
                       err *e) {
    char msg[AUDIT_CHECKPOINT_LINE_MAX], hash[AUDIT_HASH_HEX];
    bool found = false;
    message(cp, msg);
    if (!signature_ok(k, msg, cp->sig))
        return err_set(e, RC_INVALID, NULL,
                       "witness line %lld (entry %lld): the signature does not verify: the line "
                       "was altered, or signed with another key",
                       (long long)line, (long long)cp->id);
    if (cp->id > head)
        return err_set(e, RC_INVALID, NULL,
                       "the trail ends at entry %lld, but witness line %lld signed entry %lld "
                       "on %s: the newest entries were removed (the trail was truncated)",
                       (long long)head, (long long)line, (long long)cp->id, cp->at);
    store_params p = {.n = 0};
    store_param_int(&p, cp->id);
    rc_t rc =
        store_one_text(c, "SELECT hash FROM audit WHERE id = ?", &p, hash, sizeof hash, &found, e);
    if (rc)
        return rc;
    if (!found)
        return err_set(e, RC_INVALID, NULL,
                       "entry %lld, signed at witness line %lld, is missing from the trail",
                       (long long)cp->id, (long long)line);
    if (strcmp(hash, cp->hash) != 0)
        return err_set(e, RC_INVALID, NULL,
                       "entry %lld differs from its checkpoint at witness line %lld: the trail "
                       "was rewritten up to there",
                       (long long)cp->id, (long long)line);
    return RC_OK;
}

rc_t audit_witness_verify(store_conn *c, audit_witness_report *r, err *e) {
    memset(r, 0, sizeof *r);
    if (!g_witness[0])
        return err_set(e, RC_NOT_FOUND, NULL, "no witness file is named");
    FILE *f = fopen(g_witness, "re");
    if (!f)
        return err_set(e, errno == ENOENT ? RC_NOT_FOUND : RC_INVALID, NULL,
                       "cannot read the witness %s: %s", g_witness, strerror(errno));
    EVP_PKEY *k = NULL;
    int64_t head = 0, line = 0;
    char text[AUDIT_CHECKPOINT_LINE_MAX];
    rc_t rc = public_key(&k, e);
    if (rc == RC_OK)
        rc = store_one_int(c, "SELECT MAX(id) FROM audit", NULL, &head, e);
    while (rc == RC_OK && fgets(text, sizeof text, f)) {
        line++;
        checkpoint cp;
        if (text[0] == '#' || text[0] == '\n')
            continue;
        if (!parse_line(text, &cp))
            rc = err_set(e, RC_INVALID, NULL, "witness line %lld is not `ID HASH AT SIGNATURE`",
                         (long long)line);
        else
            rc = check_line(c, k, &cp, line, head, e);
        if (rc == RC_INVALID)
            r->bad_line = line;
        if (rc == RC_OK) {
            r->lines++;
            r->newest_id = cp.id;
            snprintf(r->newest_at, sizeof r->newest_at, "%s", cp.at);
        }
    }
    fclose(f);
    EVP_PKEY_free(k);
    return rc;
}
