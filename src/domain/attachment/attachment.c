/* attachment.c — files that go with a record (attachment.h; docs/attachments.md).
 *
 * Where the bytes live: in the attachments table's content column, not in a directory
 * beside the database. One copy of the data is then one thing: `renda backup`, pg_dump
 * and store_copy carry the files with the records that cite them, a transaction adds a
 * file and its audit entry or neither (an interrupted upload leaves nothing), and no
 * second set of permissions (a directory's) has to be kept right. The price is a
 * larger database; attachment_max_bytes keeps one file to what a reply letter or a
 * scanned report needs. */
#include "domain/attachment/attachment.h"

#include <magic.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "base/log.h"
#include "base/utf8.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"
#include "domain/settings.h"

#define OWNER_MAX 64
#define MAX_BYTES_SETTING "attachment_max_bytes"
#define AUDIT_COLLECTION_ATTACHMENTS "attachments"

/* ---- types ------------------------------------------------------------------------------ */

/* The allow-list, by the MIME type libmagic gives: what an office files with a record.
 * OFD (the national fixed-layout format) is a zip that libmagic 5.44 names only as
 * application/zip, so it cannot be told from any other zip and is not listed. */
static const char *const allowed_types[] = {
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.ms-office",
    "application/CDFV2", /* an old Office file libmagic cannot narrow down */
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "text/csv",
    NULL,
};

/* libmagic's cookie is not safe to share between threads: one, behind a lock (a sniff
 * is microseconds; the server's threads rarely upload at once). */
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_cookie;

bool attachment_sniff(const void *data, size_t len, char type[ATTACHMENT_TYPE_MAX]) {
    snprintf(type, ATTACHMENT_TYPE_MAX, "application/octet-stream");
    pthread_mutex_lock(&magic_lock);
    if (!magic_cookie) {
        magic_cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
        if (magic_cookie && magic_load(magic_cookie, NULL) != 0) {
            log_error("libmagic: cannot load its database: %s", magic_error(magic_cookie));
            magic_close(magic_cookie);
            magic_cookie = NULL;
        }
    }
    const char *t = magic_cookie ? magic_buffer(magic_cookie, data, len) : NULL;
    if (t)
        snprintf(type, ATTACHMENT_TYPE_MAX, "%s", t);
    pthread_mutex_unlock(&magic_lock);
    for (int i = 0; allowed_types[i]; i++)
        if (strcmp(type, allowed_types[i]) == 0)
            return true;
    return false;
}

/* ---- names and hashes ------------------------------------------------------------------- */

/* clean_name — the name as kept: the last part of a path (a browser on Windows sends
 * C:\fakepath\x.pdf), well-formed UTF-8, no control characters, not empty. */
static rc_t clean_name(const char *in, char *out, size_t cap, err *e) {
    const char *base = in ? in : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base);
    if (!utf8_valid(base, n))
        return err_set(e, RC_INVALID, "name", "the file's name is not valid UTF-8");
    for (const char *p = base; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return err_set(e, RC_INVALID, "name", "the file's name contains a control character");
    while (*base == ' ')
        base++;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return err_set(e, RC_INVALID, "name", "give the file's name (?name=…)");
    if (utf8_chars(base) > ATTACHMENT_NAME_MAX || strlen(base) >= cap)
        return err_set(e, RC_INVALID, "name", "the file's name is longer than %d characters",
                       ATTACHMENT_NAME_MAX);
    snprintf(out, cap, "%s", base);
    return RC_OK;
}

static rc_t sm3_hex(const void *data, size_t len, char out[ATTACHMENT_SM3_HEX], err *e) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    if (!EVP_Digest(data, len, md, &n, EVP_sm3(), NULL))
        return err_set(e, RC_INTERNAL, NULL, "SM3 is not available in this OpenSSL");
    for (unsigned i = 0; i < n && 2 * i + 2 < ATTACHMENT_SM3_HEX; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    return RC_OK;
}

/* ---- who may do what -------------------------------------------------------------------- */

typedef struct {
    int64_t congress_id, case_id;
    bool may_attach; /* add files, and remove their own */
    bool staff;      /* remove anyone's */
} rights;

/* rights_of — the one rule: p's rights over the files of owner/record_id. The record
 * must be one p can see (RC_NOT_FOUND otherwise): a case by the case engine's rule
 * (case_may_attach), a collection's record by the collection's write roles. */
static rc_t rights_of(store_conn *c, const principal *p, const char *owner, int64_t record_id,
                      rights *r, err *e) {
    memset(r, 0, sizeof *r);
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    const case_kind *k = case_kind_find(owner);
    if (k) {
        case_attach_rights cr;
        rc_t rc = case_attach_access(c, k, p, record_id, &cr, e);
        r->congress_id = cr.congress_id;
        r->case_id = record_id;
        r->may_attach = cr.may_attach;
        r->staff = cr.staff;
        return rc;
    }
    const collection_def *d = collection_find(owner);
    if (!d)
        return err_set(e, RC_NOT_FOUND, NULL, "there are no records called %s", owner);
    json_t *rec = NULL;
    rc_t rc = collection_get(c, d, p, record_id, &rec, e);
    if (rc == RC_OK) {
        const json_t *cg = json_object_get(rec, collection_has_congress(d) ? "congress_id" : "id");
        r->congress_id =
            d->scoped_by_self || collection_has_congress(d) ? json_integer_value(cg) : 0;
        r->may_attach = r->staff = collection_access(d, p, true, NULL) == RC_OK;
        if (!r->staff && d->files_readable && !d->files_readable(c, p, rec))
            rc = err_set(e, RC_FORBIDDEN, NULL,
                         "these documents are the office's: they go with a secret vote");
    }
    json_decref(rec);
    return rc;
}

/* ---- the audit trail --------------------------------------------------------------------- */

/* The stored columns an entry records (and `renda audit verify` compares): every one
 * but the content, which the sm3 stands for. */
#define ROW_COLUMNS                                                                                \
    "id, congress_id, owner, record_id, case_id, name, type, size, sm3, unit_id, deputy_id, "      \
    "uploaded_by, created_at"

static rc_t row_json(store_conn *c, int64_t id, json_t **out, err *e) {
    store_stmt *st = NULL;
    *out = NULL;
    rc_t rc = store_prepare(c, "SELECT " ROW_COLUMNS " FROM attachments WHERE id = ?", &st, e);
    if (rc)
        return rc;
    store_bind_int(st, 1, id);
    if (store_next(st, &rc, e)) {
        *out = json_object();
        for (int i = 0; i < store_column_count(st); i++) {
            const char *col = store_column_name(st, i);
            bool text = !strcmp(col, "owner") || !strcmp(col, "name") || !strcmp(col, "type") ||
                        !strcmp(col, "sm3") || !strcmp(col, "created_at");
            json_t *v = store_column_null(st, i) ? json_null()
                        : text                   ? json_string(store_column_text(st, i))
                                                 : json_integer(store_column_int(st, i));
            json_object_set_new(*out, col, v);
        }
    } else if (rc == RC_OK) {
        rc = err_set(e, RC_NOT_FOUND, NULL, "there is no attachment %lld", (long long)id);
    }
    store_finish(st);
    return rc;
}

static rc_t audit(store_conn *c, const principal *p, int64_t congress_id, const char *action,
                  int64_t id, const json_t *before, const json_t *after, err *e) {
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    rc_t rc =
        (before && !b) || (after && !a)
            ? err_set(e, RC_NOMEM, NULL, "out of memory")
            : audit_append(c, p, congress_id, action, AUDIT_COLLECTION_ATTACHMENTS, id, b, a, e);
    free(b);
    free(a);
    return rc;
}

/* ---- the calls -------------------------------------------------------------------------- */

rc_t attachment_upload(store_conn *c, const principal *p, const char *owner, int64_t record_id,
                       const char *name, const void *data, size_t len, json_t **out, err *e) {
    const int depth = store_depth(c);
    char kept[4 * ATTACHMENT_NAME_MAX + 1], type[ATTACHMENT_TYPE_MAX], sm3[ATTACHMENT_SM3_HEX] = "";
    char now[21];
    rights r;
    json_t *row = NULL;
    *out = NULL;
    rc_t rc = rights_of(c, p, owner, record_id, &r, e);
    if (rc)
        return rc;
    if (!r.may_attach)
        return err_set(e, RC_FORBIDDEN, NULL, "you may not add files to %s %lld now", owner,
                       (long long)record_id);
    long long max = settings_get(c, 0, MAX_BYTES_SETTING);
    if ((long long)len > max)
        return err_set(e, RC_TOO_LARGE, "file",
                       "the file is larger than the attachment limit of %lld bytes "
                       "(setting attachment_max_bytes)",
                       max);
    if (!len)
        return err_set(e, RC_INVALID, "file", "the file is empty");
    rc = clean_name(name, kept, sizeof kept, e);
    if (rc)
        return rc;
    if (!attachment_sniff(data, len, type))
        return err_set(e, RC_MEDIA_TYPE, "file",
                       "files of type %s are not accepted; send a PDF, a Word, Excel or "
                       "PowerPoint file, an image (PNG, JPEG, GIF, WebP) or plain text",
                       type);
    rc = sm3_hex(data, len, sm3, e);
    if (rc)
        return rc;
    now_iso(now);
    store_params b = {.n = 0};
    if (r.congress_id)
        store_param_int(&b, r.congress_id);
    else
        store_param_text(&b, NULL);
    store_param_text(&b, owner);
    store_param_int(&b, record_id);
    if (r.case_id)
        store_param_int(&b, r.case_id);
    else
        store_param_text(&b, NULL);
    store_param_text(&b, kept);
    store_param_text(&b, type);
    store_param_int(&b, (int64_t)len);
    store_param_text(&b, sm3);
    p->role == ROLE_UNIT ? store_param_int(&b, p->unit_id) : store_param_text(&b, NULL);
    p->role == ROLE_DEPUTY ? store_param_int(&b, p->deputy_id) : store_param_text(&b, NULL);
    p->user_id ? store_param_int(&b, p->user_id) : store_param_text(&b, NULL);
    store_param_text(&b, now);
    store_param_blob(&b, data, len);
    unsigned char *thumb = NULL;
    size_t thumb_len = 0;
    if (attachment_thumbnail(data, len, type, &thumb, &thumb_len))
        store_param_blob(&b, thumb, thumb_len);
    else
        store_param_text(&b, NULL);
    int64_t id = 0;
    rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = store_one_int(c,
                           "INSERT INTO attachments (congress_id, owner, record_id, case_id, name, "
                           "type, size, sm3, unit_id, deputy_id, uploaded_by, created_at, content, "
                           "thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           "RETURNING id",
                           &b, &id, e);
    free(thumb);
    if (rc == RC_OK)
        rc = row_json(c, id, &row, e);
    if (rc == RC_OK)
        rc = audit(c, p, r.congress_id, "upload", id, NULL, row, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    if (rc == RC_OK)
        *out = json_pack("{s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)id, "name", kept, "size",
                         (json_int_t)len, "type", type, "sm3", sm3);
    json_decref(row);
    return rc;
}

/* owned — did p add the file (their unit, or they as a deputy, or their account)? */
static bool owned(const principal *p, const json_t *row) {
    if (p->role == ROLE_UNIT)
        return json_integer_value(json_object_get(row, "unit_id")) == p->unit_id;
    if (p->role == ROLE_DEPUTY)
        return json_integer_value(json_object_get(row, "deputy_id")) == p->deputy_id;
    return p->user_id && json_integer_value(json_object_get(row, "uploaded_by")) == p->user_id;
}

static bool may_delete(const principal *p, const rights *r, const json_t *row) {
    return r->staff || (r->may_attach && owned(p, row));
}

rc_t attachment_list(store_conn *c, const principal *p, const char *owner, int64_t record_id,
                     json_t **out, err *e) {
    const int depth = store_depth(c);
    rights r;
    *out = NULL;
    rc_t rc = rights_of(c, p, owner, record_id, &r, e);
    if (rc)
        return rc;
    json_t *items = json_array();
    store_stmt *st = NULL;
    rc = store_begin(c, false, e);
    if (rc == RC_OK)
        rc = store_prepare(c,
                           "SELECT id, name, size, type, sm3, created_at, unit_id, deputy_id, "
                           "uploaded_by, CASE WHEN thumbnail IS NULL THEN 0 ELSE 1 END "
                           "FROM attachments WHERE owner = ? AND record_id = ? ORDER BY id",
                           &st, e);
    if (rc == RC_OK) {
        store_bind_text(st, 1, owner);
        store_bind_int(st, 2, record_id);
    }
    while (rc == RC_OK && store_next(st, &rc, e)) {
        json_t *who = json_pack("{s:I, s:I, s:I}", "unit_id", (json_int_t)store_column_int(st, 6),
                                "deputy_id", (json_int_t)store_column_int(st, 7), "uploaded_by",
                                (json_int_t)store_column_int(st, 8));
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:b, s:b}", "id",
                             (json_int_t)store_column_int(st, 0), "name", store_column_text(st, 1),
                             "size", (json_int_t)store_column_int(st, 2), "type",
                             store_column_text(st, 3), "sm3", store_column_text(st, 4),
                             "created_at", store_column_text(st, 5), "may_delete",
                             may_delete(p, &r, who), "thumbnail", store_column_int(st, 9) != 0));
        json_decref(who);
    }
    store_finish(st);
    store_unwind(c, depth);
    if (rc == RC_OK)
        *out = json_pack("{s:o, s:b}", "items", items, "may_attach", r.may_attach);
    else
        json_decref(items);
    return rc;
}

/* find — the file's row (ROW_COLUMNS) and p's rights over its record; RC_NOT_FOUND
 * when there is no such file or p may not see its record. */
static rc_t find(store_conn *c, const principal *p, int64_t id, json_t **row, rights *r, err *e) {
    *row = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    rc_t rc = row_json(c, id, row, e);
    char owner[OWNER_MAX];
    snprintf(owner, sizeof owner, "%s",
             rc == RC_OK ? json_string_value(json_object_get(*row, "owner")) : "");
    if (rc == RC_OK)
        rc = rights_of(c, p, owner, json_integer_value(json_object_get(*row, "record_id")), r, e);
    if (rc == RC_NOT_FOUND) /* the file's record is not p's to see: nor is the file */
        rc = err_set(e, RC_NOT_FOUND, NULL, "there is no attachment %lld", (long long)id);
    if (rc) {
        json_decref(*row);
        *row = NULL;
    }
    return rc;
}

rc_t attachment_read(store_conn *c, const principal *p, int64_t id, bool thumbnail,
                     attachment_file *out, err *e) {
    const int depth = store_depth(c);
    memset(out, 0, sizeof *out);
    json_t *row = NULL;
    rights r;
    store_stmt *st = NULL;
    rc_t rc = store_begin(c, false, e);
    if (rc == RC_OK)
        rc = find(c, p, id, &row, &r, e);
    if (rc == RC_OK)
        rc = store_prepare(c,
                           thumbnail ? "SELECT name, 'image/png', thumbnail FROM attachments "
                                       "WHERE id = ? AND thumbnail IS NOT NULL"
                                     : "SELECT name, type, content FROM attachments WHERE id = ?",
                           &st, e);
    if (rc == RC_OK)
        store_bind_int(st, 1, id);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        snprintf(out->name, sizeof out->name, "%s", store_column_text(st, 0));
        snprintf(out->type, sizeof out->type, "%s", store_column_text(st, 1));
        size_t n = 0;
        const void *b = store_column_blob(st, 2, &n);
        out->data = malloc(n ? n : 1);
        if (!out->data)
            rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        else if (b)
            memcpy(out->data, b, n);
        out->len = n;
    } else if (rc == RC_OK) {
        rc = thumbnail
                 ? err_set(e, RC_NOT_FOUND, NULL, "attachment %lld has no thumbnail", (long long)id)
                 : err_set(e, RC_NOT_FOUND, NULL, "there is no attachment %lld", (long long)id);
    }
    store_finish(st);
    store_unwind(c, depth);
    json_decref(row);
    if (rc)
        attachment_file_free(out);
    return rc;
}

void attachment_file_free(attachment_file *f) {
    free(f->data);
    f->data = NULL;
    f->len = 0;
}

rc_t attachment_delete(store_conn *c, const principal *p, int64_t id, err *e) {
    const int depth = store_depth(c);
    json_t *row = NULL;
    rights r;
    int64_t cited = 0;
    rc_t rc = store_begin(c, true, e);
    if (rc == RC_OK)
        rc = find(c, p, id, &row, &r, e);
    if (rc == RC_OK && !may_delete(p, &r, row))
        rc = err_set(e, RC_FORBIDDEN, NULL,
                     "only the office, or whoever added the file while they may still add "
                     "files, may remove attachment %lld",
                     (long long)id);
    store_params b = {.n = 0};
    store_param_int(&b, id);
    if (rc == RC_OK)
        rc = store_one_int(c, "SELECT COUNT(*) FROM case_reply_attachments WHERE attachment_id = ?",
                           &b, &cited, e);
    if (rc == RC_OK && cited)
        rc = err_set(e, RC_CONFLICT, NULL,
                     "attachment %lld goes with a reply that was sent; it stays with it",
                     (long long)id);
    if (rc == RC_OK)
        rc = store_run(c, "DELETE FROM attachments WHERE id = ?", &b, NULL, e);
    if (rc == RC_OK)
        rc = audit(c, p, r.congress_id, "delete", id, row, NULL, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
    store_unwind(c, depth);
    json_decref(row);
    return rc;
}

/* The ids of a record's files, a batch at a time (attachment_drop). */
typedef struct {
    int64_t ids[64];
    int n;
} id_batch;

static rc_t collect_id(store_stmt *st, void *ctx, err *e) {
    id_batch *b = ctx;
    (void)e;
    if (b->n < (int)(sizeof b->ids / sizeof b->ids[0]))
        b->ids[b->n++] = store_column_int(st, 0);
    return RC_OK;
}

rc_t attachment_drop(store_conn *c, const principal *p, const char *owner, int64_t record_id,
                     int64_t congress_id, err *e) {
    rc_t rc = RC_OK;
    for (;;) { /* in batches, so a record with many files needs no list of its own */
        id_batch batch = {.n = 0};
        store_params b = {.n = 0};
        store_param_text(&b, owner);
        store_param_int(&b, record_id);
        rc = store_each(c,
                        "SELECT id FROM attachments WHERE owner = ? AND record_id = ? ORDER BY id",
                        &b, collect_id, &batch, e);
        if (rc || !batch.n)
            return rc;
        for (int i = 0; rc == RC_OK && i < batch.n; i++) {
            json_t *row = NULL;
            store_params d = {.n = 0};
            store_param_int(&d, batch.ids[i]);
            rc = row_json(c, batch.ids[i], &row, e);
            if (rc == RC_OK)
                rc = store_run(c, "DELETE FROM attachments WHERE id = ?", &d, NULL, e);
            if (rc == RC_OK)
                rc = audit(c, p, congress_id, "delete", batch.ids[i], row, NULL, e);
            json_decref(row);
        }
        if (rc)
            return rc;
    }
}
