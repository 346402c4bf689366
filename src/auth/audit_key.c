/* audit_key.c — the keyring file and its copy in locked memory (audit_key.h). */
#include "auth/audit_key.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_ID_PREFIX "renda-audit-key-id:"
#define KEYRING_FILE_MAX (64 * 1024)
#define KEY_LINE_MAX 256
#define SECRET_MODE 0600
#define OTHERS_MODE_BITS 0077
#define KEYRING_HEADER                                                                             \
    "# renda audit keyring. SECRET: keep it outside the database and its backups (mode\n"          \
    "# 0600). One key per line, oldest first; audit entries name their key by its id.\n"           \
    "# Never delete a line: verification needs every key the trail used.\n"

typedef struct {
    char id[AUDIT_KEY_ID_HEX];
    unsigned char key[AUDIT_KEY_BYTES];
} ring_key;

typedef struct {
    int n;
    ring_key keys[AUDIT_KEYS_MAX];
} ring;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static ring *g_ring; /* sodium_malloc: locked, guarded */
static char g_path[AUDIT_PATH_MAX];

/* key_id — the public id of a key: SM3 over a fixed prefix and the key, 16 hex. */
static bool key_id(const unsigned char key[AUDIT_KEY_BYTES], char out[AUDIT_KEY_ID_HEX]) {
    unsigned char in[sizeof KEY_ID_PREFIX - 1 + AUDIT_KEY_BYTES], h[EVP_MAX_MD_SIZE];
    unsigned int hl = 0;
    memcpy(in, KEY_ID_PREFIX, sizeof KEY_ID_PREFIX - 1);
    memcpy(in + sizeof KEY_ID_PREFIX - 1, key, AUDIT_KEY_BYTES);
    const EVP_MD *md = EVP_sm3();
    bool ok = md && EVP_Digest(in, sizeof in, h, &hl, md, NULL) && hl >= (AUDIT_KEY_ID_HEX - 1) / 2;
    sodium_memzero(in, sizeof in);
    if (ok)
        sodium_bin2hex(out, AUDIT_KEY_ID_HEX, h, (AUDIT_KEY_ID_HEX - 1) / 2);
    return ok;
}

static ring *ring_new(void) {
    if (sodium_init() < 0)
        return NULL;
    ring *r = sodium_malloc(sizeof *r);
    if (r)
        memset(r, 0, sizeof *r);
    return r;
}

/* fresh_key — one random key with its id appended to r. */
static rc_t fresh_key(ring *r, err *e) {
    if (r->n >= AUDIT_KEYS_MAX)
        return err_set(e, RC_INVALID, NULL, "the keyring holds %d keys already", AUDIT_KEYS_MAX);
    ring_key *k = &r->keys[r->n];
    randombytes_buf(k->key, sizeof k->key);
    if (!key_id(k->key, k->id))
        return err_set(e, RC_INTERNAL, NULL, "SM3 is not available from OpenSSL");
    r->n++;
    return RC_OK;
}

/* parse — the keyring text into r; every line's id must match its key. */
static rc_t parse(const char *path, char *text, ring *r, err *e) {
    int line = 0;
    for (char *save = NULL, *s = strtok_r(text, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
        line++;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#' || *s == '\0' || *s == '\r')
            continue;
        char id[AUDIT_KEY_ID_HEX + 1], hex[2 * AUDIT_KEY_BYTES + 2];
        size_t bin_len = 0;
        if (r->n >= AUDIT_KEYS_MAX)
            return err_set(e, RC_INVALID, NULL, "%s: more than %d keys", path, AUDIT_KEYS_MAX);
        ring_key *k = &r->keys[r->n];
        if (sscanf(s, "key %17s %65s", id, hex) != 2 || strlen(id) != AUDIT_KEY_ID_HEX - 1 ||
            strlen(hex) != 2 * AUDIT_KEY_BYTES ||
            sodium_hex2bin(k->key, sizeof k->key, hex, strlen(hex), NULL, &bin_len, NULL) != 0 ||
            bin_len != AUDIT_KEY_BYTES) {
            sodium_memzero(hex, sizeof hex);
            return err_set(e, RC_INVALID, NULL, "%s line %d: expected `key ID HEX`", path, line);
        }
        sodium_memzero(hex, sizeof hex);
        if (!key_id(k->key, k->id) || strcmp(k->id, id) != 0)
            return err_set(e, RC_INVALID, NULL, "%s line %d: the key does not match its id %s",
                           path, line, id);
        r->n++;
    }
    if (r->n == 0)
        return err_set(e, RC_INVALID, NULL, "%s holds no key", path);
    return RC_OK;
}

/* read_ring — the file at path into a new ring (caller frees with sodium_free). */
static rc_t read_ring(const char *path, ring **out, err *e) {
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(e, errno == ENOENT ? RC_NOT_FOUND : RC_INVALID, NULL,
                       "cannot read the audit key %s: %s", path, strerror(errno));
    struct stat sb;
    rc_t rc = RC_OK;
    char *text = NULL;
    ring *r = NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        rc = err_set(e, RC_INVALID, NULL, "the audit key %s is not a regular file", path);
        goto done;
    }
    if (sb.st_mode & OTHERS_MODE_BITS) {
        rc = err_set(e, RC_INVALID, NULL,
                     "the audit key %s may be read by others (mode %04o): run chmod 600 %s", path,
                     (unsigned)(sb.st_mode & 07777), path);
        goto done;
    }
    if (sb.st_size <= 0 || sb.st_size > KEYRING_FILE_MAX) {
        rc = err_set(e, RC_INVALID, NULL, "the audit key %s is empty or too large", path);
        goto done;
    }
    r = ring_new();
    text = sodium_malloc((size_t)sb.st_size + 1);
    if (!r || !text) {
        rc = err_set(e, RC_NOMEM, NULL, "out of locked memory for the audit key");
        goto done;
    }
    ssize_t got = read(fd, text, (size_t)sb.st_size);
    if (got != sb.st_size) {
        rc = err_set(e, RC_INVALID, NULL, "cannot read the audit key %s", path);
        goto done;
    }
    text[got] = '\0';
    rc = parse(path, text, r, e);
done:
    close(fd);
    if (text) {
        sodium_memzero(text, (size_t)sb.st_size + 1);
        sodium_free(text);
    }
    if (rc) {
        if (r)
            sodium_free(r);
        return rc;
    }
    *out = r;
    return RC_OK;
}

/* write_all — write n bytes or fail. */
static bool write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* sync_dir — fsync the directory holding path, so a new or renamed file survives a
 * crash. Best effort. */
static void sync_dir(const char *path) {
    char dir[AUDIT_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    int fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* write_ring — r's keys into a new file at path (O_EXCL, mode 0600), synced. */
static rc_t write_ring(const char *path, const ring *r, err *e) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, SECRET_MODE);
    if (fd < 0)
        return err_set(e, errno == EEXIST ? RC_CONFLICT : RC_INVALID, NULL,
                       "cannot create the audit key %s: %s", path, strerror(errno));
    bool ok = fchmod(fd, SECRET_MODE) == 0 && write_all(fd, KEYRING_HEADER, strlen(KEYRING_HEADER));
    for (int i = 0; ok && i < r->n; i++) {
        char line[KEY_LINE_MAX], hex[2 * AUDIT_KEY_BYTES + 1];
        sodium_bin2hex(hex, sizeof hex, r->keys[i].key, AUDIT_KEY_BYTES);
        int n = snprintf(line, sizeof line, "key %s %s\n", r->keys[i].id, hex);
        ok = n > 0 && (size_t)n < sizeof line && write_all(fd, line, (size_t)n);
        sodium_memzero(hex, sizeof hex);
        sodium_memzero(line, sizeof line);
    }
    ok = ok && fsync(fd) == 0;
    int saved = errno;
    close(fd);
    if (!ok) {
        unlink(path);
        return err_set(e, RC_INVALID, NULL, "cannot write the audit key %s: %s", path,
                       strerror(saved));
    }
    sync_dir(path);
    return RC_OK;
}

rc_t audit_key_create(const char *path, bool *created, err *e) {
    *created = false;
    if (access(path, F_OK) == 0)
        return RC_OK;
    ring *r = ring_new();
    if (!r)
        return err_set(e, RC_NOMEM, NULL, "out of locked memory for the audit key");
    rc_t rc = fresh_key(r, e);
    if (rc == RC_OK)
        rc = write_ring(path, r, e);
    sodium_free(r);
    if (rc == RC_CONFLICT) /* another process made it first: theirs is the key */
        return RC_OK;
    if (rc == RC_OK)
        *created = true;
    return rc;
}

rc_t audit_key_load(const char *path, err *e) {
    if (strlen(path) >= sizeof g_path)
        return err_set(e, RC_INVALID, NULL, "the audit key path is too long");
    ring *r = NULL;
    rc_t rc = read_ring(path, &r, e);
    if (rc)
        return rc;
    pthread_mutex_lock(&g_lock);
    if (g_ring)
        sodium_free(g_ring);
    g_ring = r;
    snprintf(g_path, sizeof g_path, "%s", path);
    pthread_mutex_unlock(&g_lock);
    return RC_OK;
}

rc_t audit_key_add(char new_id[AUDIT_KEY_ID_HEX], err *e) {
    char tmp[AUDIT_PATH_MAX + 16];
    pthread_mutex_lock(&g_lock);
    rc_t rc = RC_OK;
    ring *r = NULL;
    if (!g_ring) {
        rc = err_set(e, RC_INVALID, NULL, "no audit key is loaded");
        goto done;
    }
    rc = read_ring(g_path, &r, e); /* the file as it is now, with any key added since */
    if (rc == RC_OK)
        rc = fresh_key(r, e);
    if (rc)
        goto done;
    snprintf(tmp, sizeof tmp, "%s.new", g_path);
    unlink(tmp); /* a leftover of an interrupted rotation holds an unused key */
    rc = write_ring(tmp, r, e);
    if (rc == RC_OK && rename(tmp, g_path) != 0) {
        rc = err_set(e, RC_INVALID, NULL, "cannot replace %s: %s", g_path, strerror(errno));
        unlink(tmp);
    }
    if (rc)
        goto done;
    sync_dir(g_path);
    snprintf(new_id, AUDIT_KEY_ID_HEX, "%s", r->keys[r->n - 1].id);
    sodium_free(g_ring);
    g_ring = r;
    r = NULL;
done:
    if (r)
        sodium_free(r);
    pthread_mutex_unlock(&g_lock);
    return rc;
}

bool audit_key_loaded(void) {
    pthread_mutex_lock(&g_lock);
    bool loaded = g_ring != NULL;
    pthread_mutex_unlock(&g_lock);
    return loaded;
}

const char *audit_key_path(void) { return g_path; }

bool audit_key_newest(char id[AUDIT_KEY_ID_HEX]) {
    pthread_mutex_lock(&g_lock);
    bool ok = g_ring && g_ring->n > 0;
    if (ok)
        snprintf(id, AUDIT_KEY_ID_HEX, "%s", g_ring->keys[g_ring->n - 1].id);
    pthread_mutex_unlock(&g_lock);
    return ok;
}

/* find — copy the key with this id out of g_ring (lock held). */
static bool find(const char *id, unsigned char out[AUDIT_KEY_BYTES]) {
    for (int i = 0; g_ring && id && i < g_ring->n; i++)
        if (strcmp(g_ring->keys[i].id, id) == 0) {
            memcpy(out, g_ring->keys[i].key, AUDIT_KEY_BYTES);
            return true;
        }
    return false;
}

bool audit_key_get(const char *id, unsigned char out[AUDIT_KEY_BYTES]) {
    pthread_mutex_lock(&g_lock);
    bool ok = find(id, out);
    if (!ok && g_ring) {
        ring *r = NULL;
        err ignored;
        if (read_ring(g_path, &r, &ignored) == RC_OK) {
            sodium_free(g_ring);
            g_ring = r;
            ok = find(id, out);
        }
    }
    pthread_mutex_unlock(&g_lock);
    return ok;
}

void audit_key_forget(void) {
    pthread_mutex_lock(&g_lock);
    if (g_ring)
        sodium_free(g_ring); /* sodium_free wipes */
    g_ring = NULL;
    g_path[0] = '\0';
    pthread_mutex_unlock(&g_lock);
}
