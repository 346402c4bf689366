/* audit.c — hash chain over the audit table, SM3 from OpenSSL 3. */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define SM3_BYTES 32

static const char *const SQL_AUDIT_COLUMNS =
    "id, at, user_id, login, congress_id, action, collection, record_id, before, after, "
    "prev_hash, hash";

/* One entry, as text fields, in hashing order. NULL fields hash differently from "". */
enum { A_ID, A_AT, A_USER, A_LOGIN, A_CONGRESS, A_ACTION, A_COLL, A_RECORD, A_BEFORE,
       A_AFTER, A_NFIELDS };

/* entry_hash — SM3 over prev_hash then each field as (length, bytes), with NULL
 * encoded as length -1, so no two different entries hash the same way. */
static rc_t entry_hash(const char *prev, const char *const f[A_NFIELDS], char out[AUDIT_HASH_HEX],
                       err *e) {
    rc_t rc = RC_OK;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const EVP_MD *md = EVP_sm3();
    unsigned char h[EVP_MAX_MD_SIZE];
    unsigned int hl = 0;
    if (!ctx || !md || !EVP_DigestInit_ex(ctx, md, NULL)) {
        rc = err_set(e, RC_INTERNAL, NULL, "SM3 is not available from OpenSSL");
        goto done;
    }
    EVP_DigestUpdate(ctx, prev, strlen(prev));
    for (int i = 0; i < A_NFIELDS; i++) {
        char len[24];
        int n = snprintf(len, sizeof len, "|%lld:", f[i] ? (long long)strlen(f[i]) : -1LL);
        EVP_DigestUpdate(ctx, len, (size_t)n);
        if (f[i])
            EVP_DigestUpdate(ctx, f[i], strlen(f[i]));
    }
    if (!EVP_DigestFinal_ex(ctx, h, &hl) || hl != SM3_BYTES) {
        rc = err_set(e, RC_INTERNAL, NULL, "SM3 digest failed");
        goto done;
    }
    for (unsigned i = 0; i < hl; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
done:
    EVP_MD_CTX_free(ctx);
    return rc;
}

rc_t audit_append(store_conn *c, const principal *p, int64_t congress_id, const char *action,
                  const char *collection, int64_t record_id, const char *before,
                  const char *after, err *e) {
    store_stmt *st = NULL;
    char prev[AUDIT_HASH_HEX] = GENESIS_HASH, hash[AUDIT_HASH_HEX];
    int64_t last_id = 0;
    rc_t rc = store_lock_audit(c, e);
    if (rc)
        return rc;
    rc = store_prepare(c, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st, e);
    if (rc)
        return rc;
    if (store_next(st, &rc, e)) {
        last_id = store_column_int(st, 0);
        snprintf(prev, sizeof prev, "%s", store_column_text(st, 1));
    }
    store_finish(st);
    if (rc)
        return rc;

    char id[24], at[21], user[24], cong[24], rec[24];
    snprintf(id, sizeof id, "%lld", (long long)(last_id + 1));
    now_iso(at);
    snprintf(user, sizeof user, "%lld", p ? (long long)p->user_id : 0LL);
    snprintf(cong, sizeof cong, "%lld", (long long)congress_id);
    snprintf(rec, sizeof rec, "%lld", (long long)record_id);
    const char *login = p && p->user_id ? p->login : "cli";
    const char *f[A_NFIELDS] = {id,     at,         user, login,  congress_id ? cong : NULL,
                                action, collection, rec,  before, after};
    rc = entry_hash(prev, f, hash, e);
    if (rc)
        return rc;
    rc = store_prepare(c,
                       "INSERT INTO audit (id, at, user_id, login, congress_id, action, "
                       "collection, record_id, before, after, prev_hash, hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       &st, e);
    if (rc)
        return rc;
    store_bind_int(st, 1, last_id + 1);
    store_bind_text(st, 2, at);
    store_bind_int(st, 3, p ? p->user_id : 0);
    store_bind_text(st, 4, login);
    if (congress_id)
        store_bind_int(st, 5, congress_id);
    else
        store_bind_null(st, 5);
    store_bind_text(st, 6, action);
    store_bind_text(st, 7, collection);
    store_bind_int(st, 8, record_id);
    store_bind_text(st, 9, before);
    store_bind_text(st, 10, after);
    store_bind_text(st, 11, prev);
    store_bind_text(st, 12, hash);
    while (store_next(st, &rc, e))
        ;
    store_finish(st);
    return rc;
}

rc_t audit_verify(store_conn *c, int64_t *checked, int64_t *bad_id, err *e) {
    char sql[256], prev[AUDIT_HASH_HEX] = GENESIS_HASH, hash[AUDIT_HASH_HEX];
    snprintf(sql, sizeof sql, "SELECT %s FROM audit ORDER BY id", SQL_AUDIT_COLUMNS);
    store_stmt *st = NULL;
    int64_t n = 0, expect = 1;
    *bad_id = 0;
    rc_t rc = store_prepare(c, sql, &st, e);
    if (rc)
        return rc;
    while (store_next(st, &rc, e)) {
        const char *f[A_NFIELDS];
        for (int i = 0; i < A_NFIELDS; i++)
            f[i] = store_column_text(st, i);
        int64_t id = store_column_int(st, A_ID);
        const char *stored_prev = store_column_text(st, A_NFIELDS);
        const char *stored_hash = store_column_text(st, A_NFIELDS + 1);
        if (id != expect) {
            *bad_id = id;
            rc = err_set(e, RC_INVALID, NULL,
                         "audit entry %lld follows entry %lld: entries are missing or inserted",
                         (long long)id, (long long)(expect - 1));
            goto done;
        }
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            *bad_id = id;
            rc = err_set(e, RC_INVALID, NULL,
                         "audit entry %lld does not link to the entry before it", (long long)id);
            goto done;
        }
        rc = entry_hash(prev, f, hash, e);
        if (rc)
            goto done;
        if (!stored_hash || strcmp(stored_hash, hash) != 0) {
            *bad_id = id;
            rc = err_set(e, RC_INVALID, NULL,
                         "audit entry %lld was changed after it was written", (long long)id);
            goto done;
        }
        memcpy(prev, hash, sizeof prev);
        expect = id + 1;
        n++;
    }
done:
    store_finish(st);
    if (checked)
        *checked = n;
    return rc;
}

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
    static const char *where =
        " WHERE (? = 0 OR congress_id = ?) AND (? = '' OR collection = ?) "
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
