/* audit.c — the keyed hash chain over the audit table: HMAC-SM3 under the keyring's
 * key (audit_key.h), plain SM3 for entries written before the key existed. */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/audit_key.h"
#include "base/date.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define SM3_BYTES 32
#define AFTER_SMALL 160

static const char *const SQL_AUDIT_COLUMNS =
    "id, at, user_id, login, congress_id, action, collection, record_id, before, after, "
    "alg, key_id, prev_hash, hash";

/* One entry, as text fields, in hashing order. NULL fields hash differently from "".
 * Plain entries hash the first A_PLAIN fields; keyed ones also their alg and key. */
enum {
    A_ID,
    A_AT,
    A_USER,
    A_LOGIN,
    A_CONGRESS,
    A_ACTION,
    A_COLL,
    A_RECORD,
    A_BEFORE,
    A_AFTER,
    A_PLAIN,
    A_ALG = A_PLAIN,
    A_KEY,
    A_NFIELDS,
    A_PREV = A_NFIELDS,
    A_HASH
};

/* ---- digests ------------------------------------------------------------------------- */

static EVP_MAC *g_hmac;
static pthread_once_t g_hmac_once = PTHREAD_ONCE_INIT;
static void fetch_hmac(void) { g_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL); }

/* A running SM3 or HMAC-SM3. */
typedef struct {
    EVP_MD_CTX *md;
    EVP_MAC_CTX *mac;
} hasher;

static rc_t hasher_init(hasher *h, const unsigned char *key, err *e) {
    h->md = NULL;
    h->mac = NULL;
    if (!key) {
        h->md = EVP_MD_CTX_new();
        const EVP_MD *md = EVP_sm3();
        if (!h->md || !md || !EVP_DigestInit_ex(h->md, md, NULL))
            return err_set(e, RC_INTERNAL, NULL, "SM3 is not available from OpenSSL");
        return RC_OK;
    }
    pthread_once(&g_hmac_once, fetch_hmac);
    char md_name[] = "SM3";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, md_name, 0),
        OSSL_PARAM_construct_end(),
    };
    h->mac = g_hmac ? EVP_MAC_CTX_new(g_hmac) : NULL;
    if (!h->mac || !EVP_MAC_init(h->mac, key, AUDIT_KEY_BYTES, params))
        return err_set(e, RC_INTERNAL, NULL, "HMAC-SM3 is not available from OpenSSL");
    return RC_OK;
}

static void hasher_update(hasher *h, const void *p, size_t n) {
    if (h->mac)
        EVP_MAC_update(h->mac, p, n);
    else if (h->md)
        EVP_DigestUpdate(h->md, p, n);
}

static rc_t hasher_final(hasher *h, char out[AUDIT_HASH_HEX], err *e) {
    unsigned char d[EVP_MAX_MD_SIZE];
    size_t n = 0;
    unsigned int un = 0;
    bool ok = h->mac ? EVP_MAC_final(h->mac, d, &n, sizeof d) == 1
                     : h->md && EVP_DigestFinal_ex(h->md, d, &un) == 1;
    if (!h->mac)
        n = un;
    EVP_MAC_CTX_free(h->mac);
    EVP_MD_CTX_free(h->md);
    h->mac = NULL;
    h->md = NULL;
    if (!ok || n != SM3_BYTES)
        return err_set(e, RC_INTERNAL, NULL, "SM3 digest failed");
    sodium_bin2hex(out, AUDIT_HASH_HEX, d, n);
    return RC_OK;
}

/* feed — prev, then each field as (length, bytes), with NULL encoded as length -1, so
 * no two different entries hash the same way. */
static void feed(hasher *h, const char *prev, const char *const *f, int nf) {
    hasher_update(h, prev, strlen(prev));
    for (int i = 0; i < nf; i++) {
        char len[24];
        int n = snprintf(len, sizeof len, "|%lld:", f[i] ? (long long)strlen(f[i]) : -1LL);
        hasher_update(h, len, (size_t)n);
        if (f[i])
            hasher_update(h, f[i], strlen(f[i]));
    }
}

/* digest — the entry's hash under key (NULL: plain SM3 over the first A_PLAIN
 * fields). With old_key (a rotation entry) the new key's MAC also covers the old
 * key's MAC of the same entry, so the entry is vouched for by both. */
static rc_t digest(const char *prev, const char *const f[A_NFIELDS], const unsigned char *key,
                   const unsigned char *old_key, char out[AUDIT_HASH_HEX], err *e) {
    hasher h;
    char inner[AUDIT_HASH_HEX];
    rc_t rc = RC_OK;
    if (old_key) {
        rc = hasher_init(&h, old_key, e);
        feed(&h, prev, f, A_NFIELDS);
        if (rc == RC_OK)
            rc = hasher_final(&h, inner, e);
        else
            hasher_final(&h, inner, NULL);
        if (rc)
            return rc;
    }
    rc = hasher_init(&h, key, e);
    feed(&h, prev, f, key ? A_NFIELDS : A_PLAIN);
    if (old_key) {
        hasher_update(&h, "|old:", strlen("|old:"));
        hasher_update(&h, inner, strlen(inner));
    }
    if (rc) {
        hasher_final(&h, out, NULL);
        return rc;
    }
    return hasher_final(&h, out, e);
}

/* no_key — the refusal when the trail is keyed and this process has no key. */
static rc_t no_key(err *e) {
    return err_set(e, RC_UNAVAILABLE, NULL,
                   "the audit trail is keyed and no audit key is loaded: name the key file "
                   "with --audit-key PATH or RENDA_AUDIT_KEY");
}

/* unknown_key — the trail names a key the keyring does not hold. */
static rc_t unknown_key(int64_t id, const char *key_id, err *e) {
    return err_set(e, RC_UNAVAILABLE, NULL,
                   "audit entry %lld is keyed with key %s, which the audit key %s does not "
                   "hold: is --audit-key the right file?",
                   (long long)id, key_id, audit_key_path());
}

/* rotation_from — the old key id a rotation entry's after names ("" if none). */
static void rotation_from(const char *after, char out[AUDIT_KEY_ID_HEX]) {
    out[0] = '\0';
    json_t *a = after ? json_loads(after, 0, NULL) : NULL;
    const char *from = json_string_value(json_object_get(a, "from"));
    if (from && strlen(from) == AUDIT_KEY_ID_HEX - 1)
        snprintf(out, AUDIT_KEY_ID_HEX, "%s", from);
    json_decref(a);
}

/* row_hash — recompute the hash of a stored entry f (alg and key as it names them;
 * old_key_id for a rotation entry). RC_INVALID for an unknown algorithm,
 * RC_UNAVAILABLE when a key is missing. */
static rc_t row_hash(const char *const f[A_NFIELDS], const char *prev, const char *old_key_id,
                     char out[AUDIT_HASH_HEX], int64_t id, err *e) {
    const char *alg = f[A_ALG];
    if (alg && strcmp(alg, AUDIT_ALG_PLAIN) == 0)
        return digest(prev, f, NULL, NULL, out, e);
    if (!alg || strcmp(alg, AUDIT_ALG_KEYED) != 0 || !f[A_KEY])
        return err_set(e, RC_INVALID, NULL, "audit entry %lld names no known hash algorithm",
                       (long long)id);
    unsigned char key[AUDIT_KEY_BYTES], old[AUDIT_KEY_BYTES];
    rc_t rc = RC_OK;
    if (!audit_key_loaded())
        rc = no_key(e);
    else if (!audit_key_get(f[A_KEY], key))
        rc = unknown_key(id, f[A_KEY], e);
    else if (old_key_id && !audit_key_get(old_key_id, old))
        rc = unknown_key(id, old_key_id, e);
    if (rc == RC_OK)
        rc = digest(prev, f, key, old_key_id ? old : NULL, out, e);
    sodium_memzero(key, sizeof key);
    sodium_memzero(old, sizeof old);
    return rc;
}

/* ---- appending ---------------------------------------------------------------------- */

rc_t audit_head_read(store_conn *c, audit_head *h, err *e) {
    memset(h, 0, sizeof *h);
    snprintf(h->hash, sizeof h->hash, "%s", GENESIS_HASH);
    store_stmt *st = NULL;
    rc_t rc = store_prepare(
        c, "SELECT id, hash, alg, key_id, at FROM audit ORDER BY id DESC LIMIT 1", &st, e);
    if (rc)
        return rc;
    if (store_next(st, &rc, e)) {
        const char *alg = store_column_text(st, 2), *key = store_column_text(st, 3);
        h->id = store_column_int(st, 0);
        snprintf(h->hash, sizeof h->hash, "%s",
                 store_column_text(st, 1) ? store_column_text(st, 1) : "");
        h->keyed = alg && strcmp(alg, AUDIT_ALG_KEYED) == 0;
        snprintf(h->key_id, sizeof h->key_id, "%s", key ? key : "");
        snprintf(h->at, sizeof h->at, "%s",
                 store_column_text(st, 4) ? store_column_text(st, 4) : "");
    }
    store_finish(st);
    return rc;
}

/* append — one entry after the head. rotate_to: the new key of a rotation entry
 * (NULL otherwise). The key is the head's (so every process keeps to the key the
 * trail is under), or the keyring's newest for the first keyed entry. */
static rc_t append(store_conn *c, const principal *p, int64_t congress_id, const char *action,
                   const char *collection, int64_t record_id, const char *before, const char *after,
                   const char *rotate_to, err *e) {
    audit_head h;
    char key_id[AUDIT_KEY_ID_HEX] = "", hash[AUDIT_HASH_HEX];
    unsigned char key[AUDIT_KEY_BYTES], old[AUDIT_KEY_BYTES];
    bool keyed = false;
    rc_t rc = store_lock_audit(c, e);
    if (rc == RC_OK)
        rc = audit_head_read(c, &h, e);
    if (rc)
        return rc;
    if (rotate_to || h.keyed) {
        snprintf(key_id, sizeof key_id, "%s", rotate_to ? rotate_to : h.key_id);
        keyed = true;
    } else if (audit_key_newest(key_id)) {
        keyed = true;
    }
    if (keyed && !audit_key_loaded())
        rc = no_key(e);
    else if (keyed && !audit_key_get(key_id, key))
        rc = unknown_key(h.id, key_id, e);
    else if (rotate_to && (!h.keyed || !audit_key_get(h.key_id, old)))
        rc = err_set(e, RC_INVALID, NULL, "only a keyed trail whose key is loaded can be rotated");
    char id[24], at[21], user[24], cong[24], rec[24];
    snprintf(id, sizeof id, "%lld", (long long)(h.id + 1));
    now_iso(at);
    snprintf(user, sizeof user, "%lld", p ? (long long)p->user_id : 0LL);
    snprintf(cong, sizeof cong, "%lld", (long long)congress_id);
    snprintf(rec, sizeof rec, "%lld", (long long)record_id);
    const char *login = p && p->user_id ? p->login : "cli";
    const char *alg = keyed ? AUDIT_ALG_KEYED : AUDIT_ALG_PLAIN;
    const char *f[A_NFIELDS] = {
        id,  at,     user,  login, congress_id ? cong : NULL, action, collection,
        rec, before, after, alg,   keyed ? key_id : NULL};
    if (rc == RC_OK)
        rc = digest(h.hash, f, keyed ? key : NULL, rotate_to ? old : NULL, hash, e);
    sodium_memzero(key, sizeof key);
    sodium_memzero(old, sizeof old);
    if (rc)
        return rc;
    store_params q = {.n = 0};
    store_param_int(&q, h.id + 1);
    store_param_text(&q, at);
    store_param_int(&q, p ? p->user_id : 0);
    store_param_text(&q, login);
    if (congress_id)
        store_param_int(&q, congress_id);
    else
        store_param_text(&q, NULL);
    store_param_text(&q, action);
    store_param_text(&q, collection);
    store_param_int(&q, record_id);
    store_param_text(&q, before);
    store_param_text(&q, after);
    store_param_text(&q, alg);
    store_param_text(&q, keyed ? key_id : NULL);
    store_param_text(&q, h.hash);
    store_param_text(&q, hash);
    return store_run(c,
                     "INSERT INTO audit (id, at, user_id, login, congress_id, action, "
                     "collection, record_id, before, after, alg, key_id, prev_hash, hash) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &q, NULL, e);
}

rc_t audit_append(store_conn *c, const principal *p, int64_t congress_id, const char *action,
                  const char *collection, int64_t record_id, const char *before, const char *after,
                  err *e) {
    return append(c, p, congress_id, action, collection, record_id, before, after, NULL, e);
}

rc_t audit_establish(store_conn *c, const principal *p, bool *written, err *e) {
    audit_head h;
    char id[AUDIT_KEY_ID_HEX], after[AFTER_SMALL];
    *written = false;
    if (!audit_key_newest(id))
        return no_key(e);
    rc_t rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = store_lock_audit(c, e);
    if (rc == RC_OK)
        rc = audit_head_read(c, &h, e);
    if (rc == RC_OK && !h.keyed) {
        snprintf(after, sizeof after, "{\"key_id\":\"%s\"}", id);
        rc = append(c, p, 0, AUDIT_ACTION_KEY, AUDIT_COLLECTION, 0, NULL, after, NULL, e);
        *written = rc == RC_OK;
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc) {
        store_rollback(c);
        *written = false;
    }
    return rc;
}

rc_t audit_rotate(store_conn *c, const principal *p, const char *new_key_id, err *e) {
    audit_head h;
    char after[AFTER_SMALL];
    rc_t rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = store_lock_audit(c, e);
    if (rc == RC_OK)
        rc = audit_head_read(c, &h, e);
    if (rc == RC_OK && !h.keyed)
        rc = err_set(e, RC_INVALID, NULL, "the audit trail is not keyed yet: run renda init");
    if (rc == RC_OK && strcmp(h.key_id, new_key_id) == 0)
        rc = err_set(e, RC_INVALID, NULL, "the trail is under key %s already", new_key_id);
    if (rc == RC_OK) {
        snprintf(after, sizeof after, "{\"from\":\"%s\",\"to\":\"%s\"}", h.key_id, new_key_id);
        rc = append(c, p, 0, AUDIT_ACTION_ROTATE, AUDIT_COLLECTION, 0, NULL, after, new_key_id, e);
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc)
        store_rollback(c);
    return rc;
}

/* ---- verifying ---------------------------------------------------------------------- */

/* bad — mark entry id as the first wrong one. */
static rc_t bad(int64_t *bad_id, int64_t id) {
    *bad_id = id;
    return RC_INVALID;
}

/* A walk over the chain: what the entries so far imply for the next one. */
typedef struct {
    char prev[AUDIT_HASH_HEX];
    int64_t expect, checked, keyed;
    char key_id[AUDIT_KEY_ID_HEX]; /* the key of the newest keyed entry so far */
} walk;

/* check_entry — one stored entry f against the walk so far. */
static rc_t check_entry(walk *w, const char *const f[A_HASH + 1], int64_t id, int64_t *bad_id,
                        err *e) {
    char hash[AUDIT_HASH_HEX], from[AUDIT_KEY_ID_HEX];
    const char *old = NULL;
    if (id != w->expect) {
        err_set(e, RC_INVALID, NULL,
                "audit entry %lld follows entry %lld: entries are missing or inserted",
                (long long)id, (long long)(w->expect - 1));
        return bad(bad_id, id);
    }
    if (!f[A_PREV] || strcmp(f[A_PREV], w->prev) != 0) {
        err_set(e, RC_INVALID, NULL, "audit entry %lld does not link to the entry before it",
                (long long)id);
        return bad(bad_id, id);
    }
    bool keyed = f[A_ALG] && strcmp(f[A_ALG], AUDIT_ALG_KEYED) == 0;
    if (!keyed && w->keyed) {
        err_set(e, RC_INVALID, NULL,
                "audit entry %lld is not keyed but follows keyed entries: it was forged",
                (long long)id);
        return bad(bad_id, id);
    }
    if (!keyed && f[A_KEY]) {
        err_set(e, RC_INVALID, NULL, "audit entry %lld names a key but is not keyed",
                (long long)id);
        return bad(bad_id, id);
    }
    if (keyed && w->keyed && f[A_KEY] && strcmp(f[A_KEY], w->key_id) != 0) {
        rotation_from(f[A_AFTER], from);
        bool rotation = f[A_ACTION] && strcmp(f[A_ACTION], AUDIT_ACTION_ROTATE) == 0 && f[A_COLL] &&
                        strcmp(f[A_COLL], AUDIT_COLLECTION) == 0 && strcmp(from, w->key_id) == 0;
        if (!rotation) {
            err_set(e, RC_INVALID, NULL,
                    "audit entry %lld changes the key from %s to %s without a rotation entry",
                    (long long)id, w->key_id, f[A_KEY]);
            return bad(bad_id, id);
        }
        old = w->key_id;
    }
    rc_t rc = row_hash(f, w->prev, old, hash, id, e);
    if (rc == RC_INVALID || rc == RC_UNAVAILABLE) /* the message says which key */
        return bad(bad_id, id);
    if (rc)
        return rc;
    if (!f[A_HASH] || strcmp(f[A_HASH], hash) != 0) {
        err_set(e, RC_INVALID, NULL, "audit entry %lld was changed after it was written",
                (long long)id);
        return bad(bad_id, id);
    }
    if (keyed) {
        w->keyed++;
        snprintf(w->key_id, sizeof w->key_id, "%s", f[A_KEY]);
    }
    memcpy(w->prev, hash, sizeof w->prev);
    w->expect = id + 1;
    w->checked++;
    return RC_OK;
}

rc_t audit_verify(store_conn *c, int64_t *checked, int64_t *bad_id, err *e) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM audit ORDER BY id", SQL_AUDIT_COLUMNS);
    store_stmt *st = NULL;
    walk w = {.expect = 1};
    snprintf(w.prev, sizeof w.prev, "%s", GENESIS_HASH);
    *bad_id = 0;
    rc_t rc = store_prepare(c, sql, &st, e);
    if (rc)
        return rc;
    while (rc == RC_OK && store_next(st, &rc, e)) {
        const char *f[A_HASH + 1];
        for (int i = 0; i <= A_HASH; i++)
            f[i] = store_column_text(st, i);
        rc = check_entry(&w, f, store_column_int(st, A_ID), bad_id, e);
    }
    store_finish(st);
    if (rc == RC_OK && w.checked > 0 && w.keyed == 0 && audit_key_loaded()) {
        *bad_id = w.expect - 1;
        rc = err_set(e, RC_INVALID, NULL,
                     "no audit entry is keyed although the audit key is given: the trail was "
                     "rewritten without its key (or renda init has not run since the upgrade)");
    }
    if (checked)
        *checked = w.checked;
    return rc;
}

rc_t audit_head_check(store_conn *c, audit_head *h, err *e) {
    char sql[256], hash[AUDIT_HASH_HEX], from[AUDIT_KEY_ID_HEX];
    snprintf(sql, sizeof sql, "SELECT %s FROM audit ORDER BY id DESC LIMIT 1", SQL_AUDIT_COLUMNS);
    store_stmt *st = NULL;
    memset(h, 0, sizeof *h);
    rc_t rc = store_prepare(c, sql, &st, e);
    if (rc)
        return rc;
    if (store_next(st, &rc, e)) {
        const char *f[A_HASH + 1];
        for (int i = 0; i <= A_HASH; i++)
            f[i] = store_column_text(st, i);
        h->id = store_column_int(st, A_ID);
        h->keyed = f[A_ALG] && strcmp(f[A_ALG], AUDIT_ALG_KEYED) == 0;
        snprintf(h->key_id, sizeof h->key_id, "%s", f[A_KEY] ? f[A_KEY] : "");
        snprintf(h->hash, sizeof h->hash, "%s", f[A_HASH] ? f[A_HASH] : "");
        snprintf(h->at, sizeof h->at, "%s", f[A_AT] ? f[A_AT] : "");
        bool rotation = f[A_ACTION] && strcmp(f[A_ACTION], AUDIT_ACTION_ROTATE) == 0;
        if (rotation)
            rotation_from(f[A_AFTER], from);
        rc = row_hash(f, f[A_PREV] ? f[A_PREV] : "", rotation ? from : NULL, hash, h->id, e);
        if (rc == RC_OK && strcmp(hash, h->hash) != 0)
            rc = err_set(e, RC_INVALID, NULL,
                         "the newest audit entry, %lld, does not match its hash: it was forged",
                         (long long)h->id);
    }
    store_finish(st);
    return rc;
}

/* ---- listing ----------------------------------------------------------------------- */

/* parse_json_text — stored before/after text back into JSON (null when absent). */
static json_t *parse_json_text(const char *s) {
    if (!s)
        return json_null();
    json_t *v = json_loads(s, 0, NULL);
    return v ? v : json_string(s);
}

rc_t audit_list(store_conn *c, int64_t congress_id, const char *collection, int64_t record_id,
                const char *login, int64_t page, int64_t per_page, json_t **out, err *e) {
    /* Fixed SQL with "match anything" parameters keeps one prepared statement. */
    static const char *where = " WHERE (? = 0 OR congress_id = ?) AND (? = '' OR collection = ?) "
                               "AND (? = 0 OR record_id = ?) AND (? = '' OR login = ?)";
    char sql[512];
    store_stmt *st = NULL;
    int64_t total = 0;
    json_t *items = NULL;
    const char *coll = collection ? collection : "", *who = login ? login : "";
    rc_t rc = store_begin(c, false, e);
    if (rc)
        return rc;
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit%s", where);
    for (int pass = 0; pass < 2 && rc == RC_OK; pass++) {
        if (pass == 1)
            snprintf(sql, sizeof sql, "SELECT %s FROM audit%s ORDER BY id DESC LIMIT ? OFFSET ?",
                     SQL_AUDIT_COLUMNS, where);
        rc = store_prepare(c, sql, &st, e);
        if (rc)
            break;
        store_bind_int(st, 1, congress_id);
        store_bind_int(st, 2, congress_id);
        store_bind_text(st, 3, coll);
        store_bind_text(st, 4, coll);
        store_bind_int(st, 5, record_id);
        store_bind_int(st, 6, record_id);
        store_bind_text(st, 7, who);
        store_bind_text(st, 8, who);
        if (pass == 1) {
            store_bind_int(st, 9, per_page);
            store_bind_int(st, 10, (page - 1) * per_page);
            items = json_array();
        }
        while (store_next(st, &rc, e)) {
            if (pass == 0) {
                total = store_column_int(st, 0);
                continue;
            }
            json_t *o = json_pack(
                "{s:I, s:s, s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)store_column_int(st, A_ID),
                "at", store_column_text(st, A_AT), "user_id",
                (json_int_t)store_column_int(st, A_USER), "login",
                store_column_text(st, A_LOGIN) ? store_column_text(st, A_LOGIN) : "", "action",
                store_column_text(st, A_ACTION), "collection", store_column_text(st, A_COLL),
                "record_id", (json_int_t)store_column_int(st, A_RECORD));
            json_object_set_new(o, "congress_id",
                                store_column_null(st, A_CONGRESS)
                                    ? json_null()
                                    : json_integer(store_column_int(st, A_CONGRESS)));
            json_object_set_new(o, "before", parse_json_text(store_column_text(st, A_BEFORE)));
            json_object_set_new(o, "after", parse_json_text(store_column_text(st, A_AFTER)));
            json_array_append_new(items, o);
        }
        store_finish(st);
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc) {
        store_rollback(c);
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                     (json_int_t)page, "per_page", (json_int_t)per_page);
    return RC_OK;
}
