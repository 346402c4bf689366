/* settings.h — every number DOMAIN.md marks as a setting, and the server's limits.
 *
 * Each setting has a key, a default and bounds, compiled in (settings.c). A congress
 * may override a value in the `settings` table; congress 0 holds the installation's
 * own values (server limits). settings_get is the one way to read a setting. */
#ifndef RENDA_SETTINGS_H
#define RENDA_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/rc.h"
#include "store/store.h"

/* Whose a setting is: a congress's (staff change it for their congress), or the
 * installation's (congress 0 only, administrators only: server limits and security). */
typedef enum { SETTING_CONGRESS = 0, SETTING_INSTALLATION } setting_scope;

typedef struct {
    const char *key;
    const char *label_zh;
    const char *label_en;
    long long def, min, max; /* min and max are hard: nothing outside is stored or used */
    const char *unit;        /* "bytes", "seconds", "days" … for people */
    setting_scope scope;
    const char *group; /* what it governs ("cases", "server" …): settings_groups[] */
} setting_def;

/* One group of settings, as the settings page heads it, in the page's order. */
typedef struct {
    const char *id, *label_zh, *label_en;
} setting_group;

extern const setting_group settings_groups[];
extern const int settings_groups_count;

extern const setting_def settings_defs[];
extern const int settings_count;

/* settings_find — the definition for key, or NULL. */
const setting_def *settings_find(const char *key);

/* settings_group — the group named id, or NULL. */
const setting_group *settings_group(const char *id);

/* settings_unit_label — a unit ("working days") in Chinese (zh true, "工作日") or
 * English; the unit itself when the table has no Chinese for it. Static strings. */
const char *settings_unit_label(const char *unit, bool zh);

/* settings_visible — may role see (GET /settings) this setting? Installation
 * settings are the administrator's; every other role sees its congress's. */
bool settings_visible(const setting_def *d, role_t role);

/* settings_get — the value for congress_id (0 = installation; an installation
 * setting is always read at 0). Falls back to the installation's value, then the
 * default (a stored value outside min … max counts as absent); a database error also yields the default
 * (and is logged), since a setting read must not fail a request. key must exist. */
long long settings_get(store_conn *c, int64_t congress_id, const char *key);

/* settings_set — store a value (inside the caller's write transaction). RC_INVALID
 * naming the key when unknown or out of bounds. */
rc_t settings_set(store_conn *c, int64_t congress_id, const char *key, long long value, err *e);

/* settings_update — apply {"key": value, …} for congress_id in one transaction with
 * an audit entry per key. Installation settings are stored at congress 0 and need an
 * administrator. RC_INVALID/RC_FORBIDDEN name the key. */
rc_t settings_update(store_conn *c, const principal *by, int64_t congress_id, const json_t *in,
                     err *e);

#endif
