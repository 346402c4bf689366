/* limits.c — the http_* settings in effect, re-read while the server runs, and the
 * number of connections the open-file limit leaves room for. */
#include "http/limits.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/resource.h>

#include "base/log.h"
#include "domain/settings.h"
#include "http/conns.h"

/* Open files the server needs besides its client connections: stdin/out/err, the
 * listening socket, the master event loop and its wake-up descriptor, the watchdog's
 * database connection (SQLite: the file, its -wal and -shm), and some headroom. */
#define FD_RESERVE_FIXED 32
/* … and per worker thread: its epoll and wake-up descriptors and its database
 * connection (SQLite: three files; PostgreSQL: one socket), with headroom. */
#define FD_RESERVE_PER_THREAD 8
/* the default workers are fewer when fewer than this many connections each would fit */
#define THREAD_CONNS_MIN 4

static const char *const keys[LIMIT_COUNT] = {
    [LIMIT_MAX_BODY] = "http_max_body",
    [LIMIT_IDLE_TIMEOUT] = "http_connection_timeout",
    [LIMIT_HEAD_TIMEOUT] = "http_head_timeout",
    [LIMIT_BODY_TIMEOUT] = "http_body_timeout",
    [LIMIT_MAX_CONNECTIONS] = "http_max_connections",
    [LIMIT_MAX_PER_ADDRESS] = "http_max_connections_per_address",
    [LIMIT_MAX_ATTACHMENT] = "attachment_max_bytes",
};

static atomic_llong values[LIMIT_COUNT];
static atomic_bool loaded;
/* One refresh at a time, so the "was → now" lines in the log are in order. */
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned g_budget;
static long long g_warned_max = -1;

static void warn_budget_locked(void) {
    long long max = atomic_load(&values[LIMIT_MAX_CONNECTIONS]);
    if (!g_budget || max <= (long long)g_budget || max == g_warned_max)
        return;
    g_warned_max = max;
    log_warn("http_max_connections is %lld but the open-file limit leaves room for %u "
             "connections; the others wait in the kernel's queue until one closes (raise "
             "LimitNOFILE, see docs/operations.md)",
             max, g_budget);
}

void limits_refresh(store_conn *c) {
    pthread_mutex_lock(&refresh_lock);
    bool first = !atomic_load(&loaded);
    for (int i = 0; i < LIMIT_COUNT; i++) {
        long long v = settings_get(c, 0, keys[i]);
        long long was = atomic_exchange(&values[i], v);
        if (!first && was != v)
            log_info("setting %s is now %lld (was %lld)", keys[i], v, was);
    }
    atomic_store(&loaded, true);
    warn_budget_locked();
    pthread_mutex_unlock(&refresh_lock);
}

long long limits_get(limit_id id) {
    if (!atomic_load(&loaded))
        limits_refresh(NULL); /* before the first read: the defaults */
    return atomic_load(&values[id]);
}

const char *limits_key(limit_id id) { return keys[id]; }

/* The connections that fit under nofile open files with `threads` workers. */
static unsigned long long budget_for(unsigned long long nofile, unsigned threads, bool with_files) {
    unsigned long long reserve =
        FD_RESERVE_FIXED + (unsigned long long)FD_RESERVE_PER_THREAD * threads;
    return nofile > reserve ? (nofile - reserve) / (with_files ? 2 : 1) : 0;
}

unsigned limits_threads_fitting(unsigned want, bool with_files) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return want;
    /* the hard limit: limits_fd_budget raises the soft one to it */
    rlim_t lim = rl.rlim_max == RLIM_INFINITY ? rl.rlim_cur : rl.rlim_max;
    unsigned long long nofile = lim == RLIM_INFINITY ? 1048576 : lim;
    unsigned t = want;
    while (t > 1 && budget_for(nofile, t, with_files) < (unsigned long long)t * THREAD_CONNS_MIN)
        t--;
    return t;
}

unsigned limits_fd_budget(unsigned threads, bool with_files) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        perror("renda serve: getrlimit(RLIMIT_NOFILE)");
        return 0;
    }
    if (rl.rlim_cur < rl.rlim_max) {
        struct rlimit raised = {rl.rlim_max, rl.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            rl = raised;
    }
    unsigned long long nofile = rl.rlim_cur == RLIM_INFINITY ? 1048576 : rl.rlim_cur;
    unsigned long long budget = budget_for(nofile, threads, with_files);
    /* no use for more than the setting could ever ask for, and its overflow */
    unsigned long long most =
        (unsigned long long)settings_find(keys[LIMIT_MAX_CONNECTIONS])->max + CONNS_OVERFLOW;
    if (budget > most)
        budget = most;
    if (budget < threads) {
        fprintf(stderr,
                "renda serve: the open-file limit (%llu) leaves no room for client "
                "connections with %u threads; raise it (ulimit -n, LimitNOFILE)\n",
                nofile, threads);
        return 0;
    }
    return (unsigned)budget;
}

void limits_check_budget(unsigned budget) {
    pthread_mutex_lock(&refresh_lock);
    g_budget = budget;
    warn_budget_locked();
    pthread_mutex_unlock(&refresh_lock);
}
