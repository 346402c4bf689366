/* audit_key.h — the audit chain's secret key, kept in a file outside the database.
 *
 * The keyring file holds one or more 32-byte keys, oldest first (one line each:
 * `key ID HEX`), mode 0600. ID is public (the first 16 hex digits of
 * SM3("renda-audit-key-id:" ‖ key)) and is what an audit entry records; the key
 * itself lives only in this process's locked memory (libsodium) and in the file,
 * never in the database, a log, an audit entry or a backup. Rotation appends a
 * key; old keys stay, since verification needs every key the trail used.
 *
 * One keyring per process, loaded once (the command line's database-opening path)
 * and read by every thread. */
#ifndef RENDA_AUDIT_KEY_H
#define RENDA_AUDIT_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rc.h"

#define AUDIT_KEY_BYTES 32
#define AUDIT_KEY_ID_HEX 17 /* 16 hex digits and NUL */
#define AUDIT_KEYS_MAX 64   /* keys in one keyring (rotations, at most) */
#define AUDIT_PATH_MAX 4096

/* audit_key_create — create the keyring at path with one fresh random key, mode
 * 0600, unless a file is there already (*created false, nothing touched). Does not
 * load it. RC_INVALID naming the path when it cannot be written. */
rc_t audit_key_create(const char *path, bool *created, err *e);

/* audit_key_load — read the keyring at path into memory (replacing any loaded one)
 * and remember path. RC_NOT_FOUND when there is no such file; RC_INVALID when it is
 * readable by others than its owner, or malformed. */
rc_t audit_key_load(const char *path, err *e);

/* audit_key_add — rotation: a fresh key appended to the loaded keyring, the file
 * rewritten atomically (a temporary file renamed over it). new_id receives its id. */
rc_t audit_key_add(char new_id[AUDIT_KEY_ID_HEX], err *e);

/* audit_key_loaded — whether a keyring is loaded; audit_key_path — its file ("" if
 * none); audit_key_newest — the id of its newest key (false when none). */
bool audit_key_loaded(void);
const char *audit_key_path(void);
bool audit_key_newest(char id[AUDIT_KEY_ID_HEX]);

/* audit_key_get — for auth/ only: a copy of the key with this id (the caller wipes
 * it with sodium_memzero). When the id is unknown the file is read again once, for
 * a key another process added by rotation. false when still unknown. */
bool audit_key_get(const char *id, unsigned char out[AUDIT_KEY_BYTES]);

/* audit_key_forget — wipe and free the loaded keyring. */
void audit_key_forget(void);

#endif
