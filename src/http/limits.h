/* limits.h — the server's limits as they are in effect now.
 *
 * The http_* settings (src/domain/settings.c) are read when the server starts and
 * again every second by the watchdog (conns.c), and at once after this server
 * changes a setting; a new value applies to the connections and requests that start
 * after it. Readers on any thread get the current value without locking. */
#ifndef RENDA_HTTP_LIMITS_H
#define RENDA_HTTP_LIMITS_H

#include <stdbool.h>

#include "store/store.h"

typedef enum {
    LIMIT_MAX_BODY,        /* bytes */
    LIMIT_IDLE_TIMEOUT,    /* seconds */
    LIMIT_HEAD_TIMEOUT,    /* seconds */
    LIMIT_BODY_TIMEOUT,    /* seconds */
    LIMIT_MAX_CONNECTIONS, /* connections */
    LIMIT_MAX_PER_ADDRESS, /* connections */
    LIMIT_MAX_ATTACHMENT,  /* bytes: an upload's body (attachment_max_bytes) */
    LIMIT_COUNT
} limit_id;

/* limits_refresh — read every http_* setting through c (settings_get: a database
 * error yields the default) and make it the one in effect; logs each change. c may
 * be NULL: the defaults. Thread safe. */
void limits_refresh(store_conn *c);

/* limits_get — the value in effect. */
long long limits_get(limit_id id);

/* limits_key — the setting's key, for messages ("http_max_body"). */
const char *limits_key(limit_id id);

/* limits_fd_budget — raise the soft limit on open files to the hard one and return
 * how many client connections fit under it, leaving room for the listening socket,
 * the event loops, `threads` database connections and (with_files) one open file
 * per connection. 0 when not even one connection per thread fits (message on
 * stderr). */
unsigned limits_fd_budget(unsigned threads, bool with_files);
/* limits_threads_fitting — want, or fewer workers when the open-file limit leaves fewer
 * than a few connections each (for the default of `renda serve`; never below 1). */
unsigned limits_threads_fitting(unsigned want, bool with_files);

/* limits_check_budget — warn (once per value) when http_max_connections is more than
 * the open-file limit allows; the connections past the budget then wait in the
 * kernel's queue instead. */
void limits_check_budget(unsigned budget);

#endif
