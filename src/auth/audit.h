/* audit.h — the append-only, keyed hash chain of audit entries.
 *
 * Each entry stores H(previous entry's hash ‖ this entry's fields), entry ids are
 * consecutive, and H is HMAC-SM3 under the audit key (audit_key.h), a secret kept
 * outside the database: without it nobody can recompute the chain after changing an
 * entry. Entries written before the key existed (alg 'sm3') stay plain SM3; once an
 * entry is keyed, every later one must be. Each keyed entry names its key (key_id);
 * the key changes only at a rotation entry, whose hash the old and the new key both
 * cover. Truncating the newest entries is caught by signed checkpoints
 * (audit_checkpoint.h), records changed behind the trail by domain/verify.h. */
#ifndef RENDA_AUDIT_H
#define RENDA_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "auth/audit_key.h"
#include "auth/auth.h"

#define AUDIT_HASH_HEX 65
#define AUDIT_ALG_PLAIN "sm3"
#define AUDIT_ALG_KEYED "hmac-sm3"
/* The trail's own entries (collection "audit", record 0): the key came into use, and
 * the key was rotated. */
#define AUDIT_COLLECTION "audit"
#define AUDIT_ACTION_KEY "key"
#define AUDIT_ACTION_ROTATE "rotate_key"

/* audit_append — inside the caller's write transaction (so the entry commits or rolls
 * back with the change it records). before/after are JSON texts or NULL. p may be
 * NULL for the command line ("cli"). Keyed with the key of the newest entry (or the
 * keyring's newest key when the trail is not keyed yet). RC_UNAVAILABLE, saying
 * which option names the key, when the trail is keyed and the key is not loaded. */
rc_t audit_append(store_conn *c, const principal *p, int64_t congress_id, const char *action,
                  const char *collection, int64_t record_id, const char *before, const char *after,
                  err *e);

/* The newest entry: id 0 (and the genesis hash) when the trail is empty. */
typedef struct {
    int64_t id;
    char hash[AUDIT_HASH_HEX];
    bool keyed;
    char key_id[AUDIT_KEY_ID_HEX];
    char at[21];
} audit_head;

/* audit_head_read — the newest entry as stored (no check). */
rc_t audit_head_read(store_conn *c, audit_head *h, err *e);

/* audit_head_check — the newest entry, after checking its hash against its fields
 * (with the key it names): RC_INVALID when it was forged, RC_UNAVAILABLE when its key
 * is not loaded. For signing checkpoints of genuine heads only. */
rc_t audit_head_check(store_conn *c, audit_head *h, err *e);

/* audit_establish — in its own transaction: when the trail is not keyed yet, append
 * the entry that puts it under the keyring's newest key (*written true). Needs a
 * loaded keyring. */
rc_t audit_establish(store_conn *c, const principal *p, bool *written, err *e);

/* audit_rotate — in its own transaction: the rotation entry moving the keyed trail to
 * new_key_id (already in the loaded keyring, see audit_key_add). */
rc_t audit_rotate(store_conn *c, const principal *p, const char *new_key_id, err *e);

/* audit_verify — walk the whole chain. RC_OK with *checked = entries when intact;
 * RC_INVALID with *bad_id = the first entry that is wrong (or whose key is not
 * loaded) and e->message saying how. */
rc_t audit_verify(store_conn *c, int64_t *checked, int64_t *bad_id, err *e);

/* audit_list — entries newest first, filtered by congress (0 = all), collection
 * (NULL = all), record (0 = all) and login (NULL = all): {"items":[…],"total":N}.
 * Caller owns *out. */
rc_t audit_list(store_conn *c, int64_t congress_id, const char *collection, int64_t record_id,
                const char *login, int64_t page, int64_t per_page, json_t **out, err *e);

#endif
