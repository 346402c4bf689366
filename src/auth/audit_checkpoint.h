/* audit_checkpoint.h — signed checkpoints of the audit chain in a witness file.
 *
 * A checkpoint is one line `ID HASH AT SIGNATURE`: the newest entry's id and hash,
 * the UTC time it was signed, and an SM2 signature (with SM3 and the default
 * distinguishing ID 1234567812345678, GB/T 32918) over `ID HASH AT`, hex DER. The
 * witness file lives outside the database and is only ever appended to; since a
 * hash covers all the entries before it, a checkpoint fixes the whole trail up to
 * its entry, and removing or rewriting entries up to it is detected even by someone
 * who holds the audit key. The SM2 key pair lives beside the keyring: KEY.sm2.pem
 * (private, 0600) and KEY.sm2.pub.pem (public, for checking copies of the witness
 * elsewhere). Only committed entries are signed. */
#ifndef RENDA_AUDIT_CHECKPOINT_H
#define RENDA_AUDIT_CHECKPOINT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/rc.h"
#include "store/store.h"

#define AUDIT_CHECKPOINT_LINE_MAX 512
#define AUDIT_SM2_ID "1234567812345678"
#define AUDIT_SIGN_KEY_SUFFIX ".sm2.pem"
#define AUDIT_SIGN_PUB_SUFFIX ".sm2.pub.pem"

/* audit_witness_set — the witness file of this process ("" or NULL: none); copied.
 * audit_witness_path — it ("" when none). */
void audit_witness_set(const char *path);
const char *audit_witness_path(void);

/* audit_sign_key_create — the SM2 key pair beside the loaded keyring, unless its
 * private key exists (*created false). RC_INVALID naming the file on failure. */
rc_t audit_sign_key_create(bool *created, err *e);

/* audit_checkpoint_write — outside any transaction: check the newest entry's hash,
 * sign it and append the line to the witness file (also copied into line). Needs the
 * keyring, the private signing key and a witness path. RC_INVALID for an empty or
 * forged trail. */
rc_t audit_checkpoint_write(store_conn *c, char line[AUDIT_CHECKPOINT_LINE_MAX], err *e);

/* audit_checkpoint_if_due — outside any transaction: write a checkpoint when the
 * trail has grown by every_entries since the newest one in the witness, or has grown
 * at all and every_minutes have passed. Cheap when not due (one query, no file I/O):
 * meant to be called after writes and on a timer. Does nothing (RC_OK) in a process
 * without keyring or witness. Thread-safe; processes sharing a witness take turns. */
rc_t audit_checkpoint_if_due(store_conn *c, int64_t every_entries, int64_t every_minutes,
                             bool *written, err *e);

/* What audit_witness_verify found. */
typedef struct {
    int64_t lines;     /* checkpoints checked */
    int64_t newest_id; /* the newest checkpoint's entry */
    char newest_at[21];
    int64_t bad_line; /* the first bad line (1-based), 0 when none */
} audit_witness_report;

/* audit_witness_verify — every checkpoint's signature (with KEY.sm2.pub.pem), and
 * that the trail still holds each checkpointed entry with the same hash. RC_OK;
 * RC_NOT_FOUND when there is no witness file; RC_INVALID with r->bad_line and a
 * message naming truncation, a rewritten entry or a bad signature. */
rc_t audit_witness_verify(store_conn *c, audit_witness_report *r, err *e);

#endif
