/* attachment.h — files that go with a record: one mechanism for every case kind
 * (case_kinds[]) and every collection (the collection registry), named by the
 * record's plural and id, never by a branch per kind (docs/attachments.md).
 *
 * A file is checked here: its size against the setting attachment_max_bytes, its type
 * sniffed from the content (libmagic) against an allow-list (PDF, Office, images,
 * plain text), its name (UTF-8, path parts stripped); its content is hashed with SM3
 * and kept in the database, so a backup holds it. Who may see a record may list and
 * download its files; who adds and removes them is one rule (attachment.c: rights),
 * for a case the case engine's case_may_attach. Every upload and delete is audited,
 * without the content. */
#ifndef RENDA_ATTACHMENT_H
#define RENDA_ATTACHMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/rc.h"
#include "store/store.h"

#define ATTACHMENT_NAME_MAX 200 /* characters of a file's name */
#define ATTACHMENT_TYPE_MAX 128
#define ATTACHMENT_SM3_HEX 65
#define ATTACHMENT_THUMB_PX 320 /* a thumbnail's longer side, at most */

/* A downloaded file: its name, type and bytes (malloc'ed; attachment_file_free). */
typedef struct {
    char name[4 * ATTACHMENT_NAME_MAX + 1];
    char type[ATTACHMENT_TYPE_MAX];
    unsigned char *data;
    size_t len;
} attachment_file;

/* attachment_upload — add a file to the record owner/record_id (owner: a case kind's or
 * a collection's plural). name: the file's name as the client gave it. RC_NOT_FOUND
 * (no such record, or p may not see it), RC_UNAUTHORIZED, RC_FORBIDDEN (may not add
 * files), RC_TOO_LARGE (attachment_max_bytes), RC_MEDIA_TYPE (a type not on the
 * allow-list, named), RC_INVALID naming "name". *out: {"id","name","size","type","sm3"}
 * (caller owns). Its own write transaction with the audit entry. */
rc_t attachment_upload(store_conn *c, const principal *p, const char *owner, int64_t record_id,
                       const char *name, const void *data, size_t len, json_t **out, err *e);

/* attachment_list — the record's files, oldest first: {"items":[{"id","name","size","type",
 * "sm3","created_at","may_delete"}], "may_attach"} (caller owns). */
rc_t attachment_list(store_conn *c, const principal *p, const char *owner, int64_t record_id,
                     json_t **out, err *e);

/* attachment_read — the file `id` when p may see its record (RC_NOT_FOUND otherwise);
 * thumbnail: its thumbnail instead (image/png; RC_NOT_FOUND when it has none).
 * out->data is p's to free with attachment_file_free. */
rc_t attachment_read(store_conn *c, const principal *p, int64_t id, bool thumbnail,
                     attachment_file *out, err *e);
void attachment_file_free(attachment_file *f);

/* attachment_delete — remove the file `id`: staff of the record's congress (and those
 * who may change a collection's records), or whoever added it while they may still add
 * files; never a file a sent reply cites (RC_CONFLICT). Audited. */
rc_t attachment_delete(store_conn *c, const principal *p, int64_t id, err *e);

/* attachment_drop — inside the caller's write transaction: remove every file of the
 * record owner/record_id, each with its audit entry (the record itself is being
 * deleted: its files go with it). */
rc_t attachment_drop(store_conn *c, const principal *p, const char *owner, int64_t record_id,
                     int64_t congress_id, err *e);

/* attachment_sniff — the content's type (MIME, as libmagic names it) into type; true
 * when it is on the allow-list. Thread safe. */
bool attachment_sniff(const void *data, size_t len, char type[ATTACHMENT_TYPE_MAX]);

/* attachment_thumbnail_wanted — is a file of this type given a thumbnail (PNG, JPEG,
 * GIF)? */
bool attachment_thumbnail_wanted(const char *type);

/* attachment_thumbnail (thumbnail.c) — a PNG at most ATTACHMENT_THUMB_PX on its longer
 * side, upright, of an image of that type: *out malloc'ed (the caller frees). false,
 * with nothing made, for another type, a picture that does not decode, or one whose
 * header claims too many pixels. Thread safe. */
bool attachment_thumbnail(const void *data, size_t len, const char *type, unsigned char **out,
                          size_t *out_len);

#endif
