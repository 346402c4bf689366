/* conns.c — the table of open connections, the counts per client address, and the
 * watchdog that enforces the head and body deadlines (conns.h says why). */
#include "http/conns.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "base/log.h"
#include "http/limits.h"

#define WATCHDOG_TICK_MS 200
#define SETTINGS_REFRESH_MS 1000
/* How often the watchdog sums up in the log what it closed and refused: a flood of
 * slow clients costs a line every this often, not a line per connection. */
#define SUMMARY_INTERVAL_MS 10000
#define ADDR_BUCKETS 4096 /* a power of two */
#define ADDR_KEY_MAX 17   /* family byte + an IPv6 address */
#define MS_PER_S 1000

typedef enum { PHASE_HEAD, PHASE_BODY, PHASE_BUSY, PHASE_CLOSING } phase;

typedef struct addr_count {
    struct addr_count *next;
    unsigned char key[ADDR_KEY_MAX];
    int count;
} addr_count;

struct conn {
    conn *prev, *next;
    int fd;
    addr_count *addr; /* NULL when the address was unknown */
    phase ph;
    long long since_ms;
    bool over;
    bool stream; /* an event stream: counted in g_streams, not g_open nor its address */
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static conn *g_head;
static int g_open;
static int g_streams;
static addr_count *g_addrs[ADDR_BUCKETS];
/* For the summary: what happened since the last one. */
typedef struct {
    long head_closed, body_closed, refused, over;
} tally;
static tally g_tally;

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * MS_PER_S + ts.tv_nsec / 1000000;
}

/* addr_key — the address without its port: family, then the address bytes. */
static bool addr_key(const struct sockaddr *sa, unsigned char key[ADDR_KEY_MAX]) {
    memset(key, 0, ADDR_KEY_MAX);
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        key[0] = AF_INET;
        memcpy(key + 1, &in->sin_addr, sizeof in->sin_addr);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        key[0] = AF_INET6;
        memcpy(key + 1, &in6->sin6_addr, sizeof in6->sin6_addr);
        return true;
    }
    return false;
}

static unsigned addr_hash(const unsigned char key[ADDR_KEY_MAX]) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (int i = 0; i < ADDR_KEY_MAX; i++)
        h = (h ^ key[i]) * 16777619u;
    return h & (ADDR_BUCKETS - 1);
}

/* addr_find — the count for key, or NULL; with create, a new zero count (NULL when
 * out of memory). Under g_lock. */
static addr_count *addr_find(const unsigned char key[ADDR_KEY_MAX], bool create) {
    unsigned b = addr_hash(key);
    for (addr_count *a = g_addrs[b]; a; a = a->next)
        if (memcmp(a->key, key, ADDR_KEY_MAX) == 0)
            return a;
    if (!create)
        return NULL;
    addr_count *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    memcpy(a->key, key, ADDR_KEY_MAX);
    a->next = g_addrs[b];
    g_addrs[b] = a;
    return a;
}

static void addr_release(addr_count *a) {
    if (!a || --a->count > 0)
        return;
    addr_count **p = &g_addrs[addr_hash(a->key)];
    while (*p && *p != a)
        p = &(*p)->next;
    if (*p)
        *p = a->next;
    free(a);
}

bool conns_may_accept(const struct sockaddr *addr) {
    unsigned char key[ADDR_KEY_MAX];
    bool known = addr_key(addr, key);
    long long per_addr = limits_get(LIMIT_MAX_PER_ADDRESS);
    long long hard = limits_get(LIMIT_MAX_CONNECTIONS) + CONNS_OVERFLOW;
    pthread_mutex_lock(&g_lock);
    addr_count *a = known ? addr_find(key, false) : NULL;
    bool ok = g_open < hard && (!a || a->count < per_addr);
    pthread_mutex_unlock(&g_lock);
    return ok;
}

conn *conns_open(int fd, const struct sockaddr *addr, conn_admission *adm) {
    unsigned char key[ADDR_KEY_MAX];
    bool known = addr_key(addr, key);
    long long per_addr = limits_get(LIMIT_MAX_PER_ADDRESS);
    long long max = limits_get(LIMIT_MAX_CONNECTIONS);
    conn *c = calloc(1, sizeof *c);
    if (!c) {
        shutdown(fd, SHUT_RDWR);
        *adm = CONN_REFUSED;
        return NULL;
    }
    c->fd = fd;
    c->ph = PHASE_HEAD;
    c->since_ms = now_ms();
    pthread_mutex_lock(&g_lock);
    c->next = g_head;
    if (g_head)
        g_head->prev = c;
    g_head = c;
    g_open++;
    c->addr = known ? addr_find(key, true) : NULL;
    if (c->addr)
        c->addr->count++;
    /* The accept policy looked without holding the lock across the accept, so two
     * threads may both have let one more in: decide here, for certain. */
    *adm = CONN_ADMITTED;
    if ((c->addr && c->addr->count > per_addr) || g_open > max + CONNS_OVERFLOW) {
        *adm = CONN_REFUSED;
        g_tally.refused++;
    } else if (g_open > max) {
        *adm = CONN_OVER;
        g_tally.over++;
    }
    c->over = *adm != CONN_ADMITTED;
    if (*adm == CONN_REFUSED) {
        c->ph = PHASE_CLOSING;
        shutdown(fd, SHUT_RDWR);
    }
    pthread_mutex_unlock(&g_lock);
    return c;
}

void conns_close(conn *c) {
    if (!c)
        return;
    pthread_mutex_lock(&g_lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g_head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->stream)
        g_streams--;
    else
        g_open--;
    addr_release(c->addr);
    pthread_mutex_unlock(&g_lock);
    free(c);
}

bool conns_head_done(conn *c) {
    if (!c)
        return true;
    pthread_mutex_lock(&g_lock);
    bool ok = c->ph != PHASE_CLOSING;
    if (ok) {
        c->ph = PHASE_BODY;
        c->since_ms = now_ms();
    }
    pthread_mutex_unlock(&g_lock);
    return ok;
}

void conns_body_done(conn *c) {
    if (!c)
        return;
    pthread_mutex_lock(&g_lock);
    if (c->ph == PHASE_BODY)
        c->ph = PHASE_BUSY;
    pthread_mutex_unlock(&g_lock);
}

void conns_request_done(conn *c) {
    if (!c)
        return;
    pthread_mutex_lock(&g_lock);
    if (c->ph != PHASE_CLOSING) {
        c->ph = PHASE_HEAD;
        c->since_ms = now_ms();
    }
    pthread_mutex_unlock(&g_lock);
}

bool conns_is_over(const conn *c) { return c && c->over; }

void conns_stream(conn *c) {
    if (!c)
        return;
    pthread_mutex_lock(&g_lock);
    if (!c->stream) {
        c->stream = true;
        g_open--;
        g_streams++;
        addr_release(c->addr);
        c->addr = NULL;
    }
    pthread_mutex_unlock(&g_lock);
}

void conns_note_refused(void) {
    pthread_mutex_lock(&g_lock);
    g_tally.refused++;
    pthread_mutex_unlock(&g_lock);
}

int conns_count(void) {
    pthread_mutex_lock(&g_lock);
    int n = g_open;
    pthread_mutex_unlock(&g_lock);
    return n;
}

/* ---- the watchdog ----------------------------------------------------------------- */

static pthread_t g_thread;
static bool g_running;
static bool g_stop;
static pthread_cond_t g_wake = PTHREAD_COND_INITIALIZER;
static store *g_db;
static conns_task g_task;

/* waiting_on_us — has c's client sent bytes the server has not read yet? Then the
 * delay is the server's: all its workers busy (3,000 ballots arriving at once on
 * keep-alive connections wait their turn with their whole request sent). A slow client
 * gains nothing by it: once the server catches up and reads what it sent, the deadline
 * (which kept running) closes it at the next look. */
static bool waiting_on_us(const conn *c) {
    int unread = 0;
    return ioctl(c->fd, FIONREAD, &unread) == 0 && unread > 0;
}

/* sweep — shut down every connection past its deadline. The socket stays open (it is
 * libmicrohttpd's to close), so its descriptor cannot be reused under us, and the
 * record stays in the table until libmicrohttpd reports the close. */
static void sweep(long long now) {
    long long head_ms = limits_get(LIMIT_HEAD_TIMEOUT) * MS_PER_S;
    long long body_ms = limits_get(LIMIT_BODY_TIMEOUT) * MS_PER_S;
    pthread_mutex_lock(&g_lock);
    for (conn *c = g_head; c; c = c->next) {
        bool late = (c->ph == PHASE_HEAD && now - c->since_ms > head_ms) ||
                    (c->ph == PHASE_BODY && now - c->since_ms > body_ms);
        if (!late || waiting_on_us(c))
            continue;
        if (c->ph == PHASE_HEAD)
            g_tally.head_closed++;
        else
            g_tally.body_closed++;
        c->ph = PHASE_CLOSING;
        shutdown(c->fd, SHUT_RDWR);
    }
    pthread_mutex_unlock(&g_lock);
}

static void summarise(void) {
    pthread_mutex_lock(&g_lock);
    tally t = g_tally;
    memset(&g_tally, 0, sizeof g_tally);
    int open = g_open, streams = g_streams;
    pthread_mutex_unlock(&g_lock);
    if (t.head_closed || t.body_closed || t.refused || t.over)
        log_warn("in the last %d s: closed %ld connections past http_head_timeout and %ld "
                 "past http_body_timeout, refused %ld at accept, answered %ld with 503 past "
                 "http_max_connections; %d open, and %d event streams",
                 SUMMARY_INTERVAL_MS / MS_PER_S, t.head_closed, t.body_closed, t.refused, t.over,
                 open, streams);
}

static void *watchdog(void *arg) {
    (void)arg;
    store_conn *db = NULL;
    err e;
    long long last_refresh = now_ms(), last_summary = last_refresh;
    pthread_mutex_lock(&g_lock);
    while (!g_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WATCHDOG_TICK_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&g_wake, &g_lock, &until);
        if (g_stop)
            break;
        pthread_mutex_unlock(&g_lock);
        long long now = now_ms();
        if (now - last_refresh >= SETTINGS_REFRESH_MS) {
            last_refresh = now;
            if (!db && store_connect(g_db, &db, &e) != RC_OK) {
                log_warn("watchdog: cannot read the settings (%s); keeping the ones in effect",
                         e.message);
                db = NULL;
            }
            if (db)
                limits_refresh(db);
            if (db && g_task)
                g_task(db);
        }
        sweep(now);
        if (now - last_summary >= SUMMARY_INTERVAL_MS) {
            last_summary = now;
            summarise();
        }
        pthread_mutex_lock(&g_lock);
    }
    pthread_mutex_unlock(&g_lock);
    summarise();
    store_disconnect(db);
    return NULL;
}

int conns_watchdog_start(store *db, conns_task task) {
    g_db = db;
    g_task = task;
    g_stop = false;
    int rc = pthread_create(&g_thread, NULL, watchdog, NULL);
    if (rc != 0) {
        fprintf(stderr, "renda serve: cannot start the watchdog thread: %s\n", strerror(rc));
        return -1;
    }
    g_running = true;
    return 0;
}

void conns_watchdog_stop(void) {
    if (!g_running)
        return;
    pthread_mutex_lock(&g_lock);
    g_stop = true;
    pthread_cond_signal(&g_wake);
    pthread_mutex_unlock(&g_lock);
    pthread_join(g_thread, NULL);
    g_running = false;
}
