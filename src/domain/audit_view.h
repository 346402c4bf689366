/* audit_view.h — the readable form of audit entries (labels instead of identifiers). */
#ifndef RENDA_AUDIT_VIEW_H
#define RENDA_AUDIT_VIEW_H

#include <jansson.h>

#include "base/arena.h"
#include "base/rc.h"
#include "store/store.h"

/* audit_view_add — to each entry of list's "items" (as audit_list gives them) add
 * "view": {"action": {label_zh, label_en}, "what": {label_zh, label_en}, "changes":
 * [{field, label_zh, label_en, before_zh, before_en, after_zh, after_en}…]} — the
 * action, what it touched and each field by their labels, values as the fields show
 * them (enum labels, references by name). Reads names inside the caller's connection;
 * a name that cannot be read is shown by its id, so this does not fail a listing. a
 * holds scratch text for the request. */
rc_t audit_view_add(store_conn *c, arena *a, json_t *list, err *e);

#endif
