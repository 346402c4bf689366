/* settings.h — every number DOMAIN.md marks as a setting, and the server's limits.
 *
 * Each setting has a key, a default and bounds, compiled in (settings.c). A congress
 * may override a value in the `settings` table; congress 0 holds the installation's
 * own values (server limits). settings_get is the one way to read a setting. */
#ifndef RENDA_SETTINGS_H
#define RENDA_SETTINGS_H

#include <stdint.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/rc.h"
#include "store/store.h"

typedef struct {
    const char *key;
    const char *label_zh;
    const char *label_en;
    long long def, min, max;
    const char *unit; /* "bytes", "seconds", "days" … for people */
} setting_def;

extern const setting_def settings_defs[];
extern const int settings_count;

/* settings_find — the definition for key, or NULL. */
const setting_def *settings_find(const char *key);

/* settings_get — the value for congress_id (0 = installation). Falls back to the
 * installation's value, then the default; a database error also yields the default
 * (and is logged), since a setting read must not fail a request. key must exist. */
long long settings_get(store_conn *c, int64_t congress_id, const char *key);

/* settings_set — store a value (inside the caller's write transaction). RC_INVALID
 * naming the key when unknown or out of bounds. */
rc_t settings_set(store_conn *c, int64_t congress_id, const char *key, long long value, err *e);

/* settings_update — apply {"key": value, …} for congress_id in one transaction with
 * an audit entry per key. Keys starting with http_ or audit_ are the installation's
 * (congress 0) and need an administrator. RC_INVALID/RC_FORBIDDEN name the key. */
rc_t settings_update(store_conn *c, const principal *by, int64_t congress_id, const json_t *in,
                     err *e);

#endif
