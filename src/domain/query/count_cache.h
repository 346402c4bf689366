/* count_cache.h — a list's total, remembered until the data change.
 *
 * Counting every matching row on every page was most of a list request's time
 * (docs/performance.md). Every change to a listed record appends to the audit trail
 * in the same transaction, so the newest audit id is a version of all the data: a
 * count remembered at that version is still right while it is unchanged, in this
 * process and in any other writing to the same database. */
#ifndef RENDA_COUNT_CACHE_H
#define RENDA_COUNT_CACHE_H

#include <stdint.h>

#include "base/rc.h"
#include "store/store.h"

/* count_cache_get — run `count_sql` (one row, one integer) with values b, or answer
 * from the cache when the same query was counted at the current data version. Inside
 * the caller's read transaction. */
rc_t count_cache_get(store_conn *c, const char *source, const char *count_sql,
                     const store_params *b, int64_t *total, err *e);

#endif
