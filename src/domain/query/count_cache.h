/* count_cache.h — a list's total, remembered until the data change.
 *
 * Counting every matching row on every page was most of a list request's time
 * (docs/performance.md). The store's data version (store_data_version) changes after
 * every committed write, here or in another process on the same database, and is read
 * without asking the database: a count remembered at a version is right while it is
 * unchanged. */
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

/* A list's position marks: the id at every MARK_STEP-th position of the filtered set in
 * its order, so that page P of a long list starts with an index seek to the mark
 * before it and skips fewer than MARK_STEP rows, instead of walking every row before
 * it (OFFSET). Built by one walk of the ids and remembered like the totals. */
#define MARK_STEP 64

/* count_cache_marks — the marks of `ids_sql` (the filtered ids, in order) with values
 * b: *marks (caller frees with free) and *n of them. Inside the caller's read
 * transaction. */
rc_t count_cache_marks(store_conn *c, const char *source, const char *ids_sql,
                       const store_params *b, int64_t **marks, int64_t *n, err *e);

#endif
