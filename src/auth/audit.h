/* audit.h — the append-only, hash-chained audit trail.
 *
 * Each entry stores SM3(previous entry's hash ‖ this entry's fields); entry ids are
 * consecutive. Changing, inserting or deleting any entry but the newest breaks the
 * chain at that point, which audit_verify reports. */
#ifndef RENDA_AUDIT_H
#define RENDA_AUDIT_H

#include <stdint.h>

#include <jansson.h>

#include "auth/auth.h"

#define AUDIT_HASH_HEX 65

/* audit_append — inside the caller's write transaction (so the entry commits or rolls
 * back with the change it records). before/after are JSON texts or NULL. p may be
 * NULL for the command line ("cli"). */
rc_t audit_append(store_conn *c, const principal *p, int64_t congress_id, const char *action,
                  const char *collection, int64_t record_id, const char *before,
                  const char *after, err *e);

/* audit_verify — walk the whole chain. RC_OK with *checked = entries when intact;
 * RC_INVALID with *bad_id = the first entry that is wrong and e->message saying how. */
rc_t audit_verify(store_conn *c, int64_t *checked, int64_t *bad_id, err *e);

/* audit_list — entries newest first, filtered by congress (0 = all), collection
 * (NULL = all), record (0 = all) and login (NULL = all): {"items":[…],"total":N}.
 * Caller owns *out. */
rc_t audit_list(store_conn *c, int64_t congress_id, const char *collection, int64_t record_id,
                const char *login, int64_t page, int64_t per_page, json_t **out, err *e);

#endif
