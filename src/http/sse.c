/* sse.c — the hub of live event streams (sse.h says who does what, and why progress
 * events are coalesced). One mutex guards the channels, their streams and the
 * streams' queues; it is held for list walks and memcpy only, never across a hook
 * that can block (wake) or a socket write. */
#include "http/sse.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/log.h"

#define CHANNEL_BUCKETS 64   /* a power of two; channels are the votes being watched */
#define QUEUE_FIRST 512      /* a stream's first queue allocation */
#define QUEUE_KEEP 4096      /* an emptied queue larger than this is given back */
#define FRAME_MAX (1u << 24) /* an event larger than this is not framed at all */
#define MS_PER_S 1000
#define NS_PER_MS 1000000L

typedef struct channel channel;

struct sse_stream {
    sse_stream *prev, *next; /* the channel's streams */
    channel *ch;
    char *q; /* unsent bytes q[off, len); cap allocated, at most SSE_STREAM_MAX_BYTES */
    size_t off, len, cap;
    unsigned long long seen; /* the channel's snapshot (snap_seq) this stream has queued */
    void *ctx;               /* the hooks' argument (the connection) */
    bool parked;             /* park was called and wake not yet */
    bool ping;               /* a keep-alive comment is due */
    bool dropped;            /* fell SSE_STREAM_MAX_BYTES behind */
};

struct channel {
    channel *next; /* in its bucket */
    char *name;
    sse_stream *streams;
    int nstreams;
    char *snap; /* the newest SSE_SNAPSHOT_EVENT, framed; snap_seq counts them */
    size_t snap_len;
    unsigned long long snap_seq;
    bool dirty; /* has news for a parked stream: in g_dirty */
    channel *dirty_next;
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond; /* the hub thread waits on it (CLOCK_MONOTONIC) */
static pthread_once_t g_cond_once = PTHREAD_ONCE_INIT;
static sse_config g_cfg;
static channel *g_channels[CHANNEL_BUCKETS];
static channel *g_dirty;
static int g_streams;
static bool g_stopping;    /* sse_stop: streams end, none open */
static bool g_thread_stop; /* the hub thread is to return */
static bool g_running;
static pthread_t g_thread;

static void cond_init(void) {
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g_cond, &attr);
    pthread_condattr_destroy(&attr);
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * MS_PER_S + ts.tv_nsec / NS_PER_MS;
}

/* ---- framing -------------------------------------------------------------------------- */

char *sse_frame(const char *event, const char *data, size_t *len) {
    buf b;
    buf_init(&b, FRAME_MAX);
    rc_t rc = buf_puts(&b, "event: ");
    for (const char *p = event ? event : ""; rc == RC_OK && *p; p++)
        if (*p != '\r' && *p != '\n')
            rc = buf_append(&b, p, 1);
    if (rc == RC_OK)
        rc = buf_puts(&b, "\n");
    /* every line of data on a data: line of its own; CR, LF and CRLF end a line */
    const char *p = data ? data : "";
    for (;;) {
        size_t n = strcspn(p, "\r\n");
        if (rc == RC_OK)
            rc = buf_puts(&b, "data: ");
        if (rc == RC_OK)
            rc = buf_append(&b, p, n);
        if (rc == RC_OK)
            rc = buf_puts(&b, "\n");
        if (!p[n])
            break;
        p += n + (p[n] == '\r' && p[n + 1] == '\n' ? 2 : 1);
    }
    if (rc == RC_OK)
        rc = buf_puts(&b, "\n");
    if (rc != RC_OK) {
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return buf_take(&b);
}

/* ---- channels and queues (all under g_lock) ------------------------------------------- */

static unsigned bucket_of(const char *name) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h & (CHANNEL_BUCKETS - 1);
}

static channel *channel_find(const char *name) {
    for (channel *c = g_channels[bucket_of(name)]; c; c = c->next)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void mark_dirty(channel *c) {
    if (c->dirty)
        return;
    bool was_clean = !g_dirty;
    c->dirty = true;
    c->dirty_next = g_dirty;
    g_dirty = c;
    /* the hub thread sleeps until there is news; once the list is non-empty it is
     * already counting down to its next flush, and needs no signal per event */
    if (was_clean)
        pthread_cond_signal(&g_cond);
}

static void channel_free(channel *c) {
    channel **p = &g_channels[bucket_of(c->name)];
    while (*p && *p != c)
        p = &(*p)->next;
    if (*p)
        *p = c->next;
    if (c->dirty) {
        channel **d = &g_dirty;
        while (*d && *d != c)
            d = &(*d)->dirty_next;
        if (*d)
            *d = c->dirty_next;
    }
    free(c->snap);
    free(c->name);
    free(c);
}

static void drop(sse_stream *s) {
    free(s->q);
    s->q = NULL;
    s->off = s->len = s->cap = 0;
    s->dropped = true;
}

/* enqueue — n more bytes for s; past SSE_STREAM_MAX_BYTES unsent (or out of memory)
 * the stream is dropped instead. */
static void enqueue(sse_stream *s, const char *p, size_t n) {
    if (s->dropped)
        return;
    size_t pending = s->len - s->off;
    if (pending + n > SSE_STREAM_MAX_BYTES) {
        drop(s);
        return;
    }
    if (s->len + n > s->cap && s->off > 0) {
        memmove(s->q, s->q + s->off, pending);
        s->len = pending;
        s->off = 0;
    }
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : QUEUE_FIRST;
        while (cap < s->len + n)
            cap *= 2;
        if (cap > SSE_STREAM_MAX_BYTES)
            cap = SSE_STREAM_MAX_BYTES;
        char *q = realloc(s->q, cap);
        if (!q) {
            drop(s);
            return;
        }
        s->q = q;
        s->cap = cap;
    }
    memcpy(s->q + s->len, p, n);
    s->len += n;
}

/* catch_up — queue the channel's newest snapshot if s has not queued it yet. */
static void catch_up(sse_stream *s) {
    channel *c = s->ch;
    if (s->seen < c->snap_seq && c->snap) {
        enqueue(s, c->snap, c->snap_len);
        s->seen = c->snap_seq;
    }
}

static bool has_news(const sse_stream *s) {
    return s->dropped || s->len > s->off || s->seen < s->ch->snap_seq || s->ping || g_stopping;
}

/* ---- the public functions -------------------------------------------------------------- */

void sse_configure(const sse_config *cfg) {
    pthread_once(&g_cond_once, cond_init);
    pthread_mutex_lock(&g_lock);
    g_cfg = *cfg;
    if (g_cfg.keepalive_ms <= 0)
        g_cfg.keepalive_ms = SSE_KEEPALIVE_S * MS_PER_S;
    if (g_cfg.flush_gap_ms <= 0)
        g_cfg.flush_gap_ms = SSE_FLUSH_GAP_MS;
    g_stopping = false;
    g_thread_stop = false;
    pthread_mutex_unlock(&g_lock);
}

sse_stream *sse_open(const char *channel_name, const char *first, size_t len, void *ctx,
                     sse_open_result *why) {
    sse_stream *s = calloc(1, sizeof *s);
    char *name = strdup(channel_name);
    channel *fresh = calloc(1, sizeof *fresh);
    sse_open_result res = SSE_OPEN_OK;
    pthread_mutex_lock(&g_lock);
    channel *c = channel_find(channel_name);
    if (!s || !name || (!c && !fresh))
        res = SSE_OPEN_NOMEM;
    else if (g_stopping)
        res = SSE_OPEN_STOPPING;
    else if (g_streams >= g_cfg.max_streams)
        res = SSE_OPEN_FULL;
    if (res != SSE_OPEN_OK) {
        pthread_mutex_unlock(&g_lock);
        free(s);
        free(name);
        free(fresh);
        *why = res;
        return NULL;
    }
    if (!c) {
        c = fresh;
        fresh = NULL;
        c->name = name;
        name = NULL;
        unsigned b = bucket_of(c->name);
        c->next = g_channels[b];
        g_channels[b] = c;
    }
    s->ch = c;
    s->ctx = ctx;
    /* The first event (the API's `state`) was read before this subscription: it is as
     * new as any progress published so far. */
    s->seen = c->snap_seq;
    if (first && len)
        enqueue(s, first, len);
    s->next = c->streams;
    if (c->streams)
        c->streams->prev = s;
    c->streams = s;
    c->nstreams++;
    g_streams++;
    pthread_mutex_unlock(&g_lock);
    free(name);
    free(fresh);
    *why = SSE_OPEN_OK;
    return s;
}

long sse_read(sse_stream *s, char *out, size_t max) {
    pthread_mutex_lock(&g_lock);
    if (s->dropped) {
        pthread_mutex_unlock(&g_lock);
        return SSE_READ_DROP;
    }
    if (s->off == s->len) {
        catch_up(s);
        if (s->off == s->len && s->ping)
            enqueue(s, SSE_KEEPALIVE_TEXT, strlen(SSE_KEEPALIVE_TEXT));
    }
    if (s->dropped) { /* out of memory in catch_up */
        pthread_mutex_unlock(&g_lock);
        return SSE_READ_DROP;
    }
    if (s->off < s->len && max > 0) {
        size_t n = s->len - s->off < max ? s->len - s->off : max;
        memcpy(out, s->q + s->off, n);
        s->off += n;
        s->ping = false; /* something goes out: the comment is not needed */
        if (s->off == s->len) {
            s->off = s->len = 0;
            if (s->cap > QUEUE_KEEP) {
                free(s->q);
                s->q = NULL;
                s->cap = 0;
            }
        }
        pthread_mutex_unlock(&g_lock);
        return (long)n;
    }
    if (g_stopping) {
        pthread_mutex_unlock(&g_lock);
        return SSE_READ_END;
    }
    /* Parked under the lock: a flush that sees `parked` knows the hook has run. */
    s->parked = true;
    if (g_cfg.park)
        g_cfg.park(s->ctx);
    pthread_mutex_unlock(&g_lock);
    return SSE_READ_WAIT;
}

void sse_close(sse_stream *s) {
    if (!s)
        return;
    pthread_mutex_lock(&g_lock);
    channel *c = s->ch;
    if (s->prev)
        s->prev->next = s->next;
    else
        c->streams = s->next;
    if (s->next)
        s->next->prev = s->prev;
    if (--c->nstreams == 0)
        channel_free(c);
    g_streams--;
    pthread_mutex_unlock(&g_lock);
    free(s->q);
    free(s);
}

void sse_sink(const char *channel_name, const char *event, const char *data_json) {
    bool snapshot = strcmp(event, SSE_SNAPSHOT_EVENT) == 0;
    size_t len = 0;
    /* framed before taking the lock: the allocation is the publisher's time, not the
     * hub's */
    char *frame = sse_frame(event, data_json, &len);
    if (!frame) {
        log_warn("an event %s on %s was not sent to its streams: out of memory", event,
                 channel_name);
        return;
    }
    pthread_mutex_lock(&g_lock);
    channel *c = channel_find(channel_name);
    if (c && snapshot) {
        char *old = c->snap;
        c->snap = frame;
        c->snap_len = len;
        c->snap_seq++;
        frame = old;
    } else if (c) {
        for (sse_stream *s = c->streams; s; s = s->next) {
            catch_up(s); /* the progress before this event goes out before it */
            enqueue(s, frame, len);
        }
    }
    if (c)
        mark_dirty(c);
    pthread_mutex_unlock(&g_lock);
    free(frame);
}

/* collect — under the lock: unpark every parked stream of c with news, its ctx into
 * w[*n]. */
static void collect(channel *c, void **w, int *n) {
    for (sse_stream *s = c->streams; s; s = s->next)
        if (s->parked && has_news(s)) {
            s->parked = false;
            w[(*n)++] = s->ctx;
        }
}

/* wake_parked — wake the parked streams with news: of the dirty channels, or with
 * all, of every channel. The hooks run after the lock is released; a stream parked
 * (its connection suspended) cannot finish before it is woken, so its ctx is valid. */
static void wake_parked(bool all) {
    pthread_mutex_lock(&g_lock);
    void **w = g_streams ? malloc((size_t)g_streams * sizeof *w) : NULL;
    int n = 0;
    if (g_streams && !w) { /* out of memory: the channels stay dirty, try again */
        pthread_mutex_unlock(&g_lock);
        return;
    }
    if (all) {
        for (int b = 0; b < CHANNEL_BUCKETS; b++)
            for (channel *c = g_channels[b]; c; c = c->next)
                collect(c, w, &n);
    } else {
        for (channel *c = g_dirty; c; c = c->dirty_next)
            collect(c, w, &n);
    }
    for (channel *c = g_dirty; c; c = c->dirty_next)
        c->dirty = false;
    g_dirty = NULL;
    void (*wake)(void *) = g_cfg.wake;
    pthread_mutex_unlock(&g_lock);
    for (int i = 0; i < n; i++)
        if (wake)
            wake(w[i]);
    free(w);
}

void sse_flush(void) { wake_parked(false); }

void sse_keepalive(void) {
    pthread_mutex_lock(&g_lock);
    for (int b = 0; b < CHANNEL_BUCKETS; b++)
        for (channel *c = g_channels[b]; c; c = c->next)
            for (sse_stream *s = c->streams; s; s = s->next)
                s->ping = true;
    pthread_mutex_unlock(&g_lock);
    wake_parked(true);
}

int sse_count(void) {
    pthread_mutex_lock(&g_lock);
    int n = g_streams;
    pthread_mutex_unlock(&g_lock);
    return n;
}

/* ---- the hub's thread ------------------------------------------------------------------ */

static void deadline_at(struct timespec *ts, long long ms) {
    ts->tv_sec = (time_t)(ms / MS_PER_S);
    ts->tv_nsec = (long)(ms % MS_PER_S) * NS_PER_MS;
}

/* hub — flush when there is news, but not twice within flush_gap_ms (so a burst of
 * ballots costs each stream a few wake-ups a second, not one per ballot), and queue
 * the keep-alive comments every keepalive_ms. */
static void *hub(void *arg) {
    (void)arg;
    pthread_mutex_lock(&g_lock);
    long long last_flush = 0, next_ping = now_ms() + g_cfg.keepalive_ms;
    while (!g_thread_stop) {
        long long now = now_ms();
        if (now >= next_ping) {
            next_ping = now + g_cfg.keepalive_ms;
            pthread_mutex_unlock(&g_lock);
            sse_keepalive();
            pthread_mutex_lock(&g_lock);
            continue;
        }
        if (g_dirty && now - last_flush >= g_cfg.flush_gap_ms) {
            last_flush = now;
            pthread_mutex_unlock(&g_lock);
            sse_flush();
            pthread_mutex_lock(&g_lock);
            continue;
        }
        long long until = next_ping;
        if (g_dirty && last_flush + g_cfg.flush_gap_ms < until)
            until = last_flush + g_cfg.flush_gap_ms;
        struct timespec ts;
        deadline_at(&ts, until);
        pthread_cond_timedwait(&g_cond, &g_lock, &ts);
    }
    pthread_mutex_unlock(&g_lock);
    return NULL;
}

int sse_start(void) {
    pthread_once(&g_cond_once, cond_init);
    int rc = pthread_create(&g_thread, NULL, hub, NULL);
    if (rc != 0) {
        fprintf(stderr, "renda serve: cannot start the event streams' thread: %s\n", strerror(rc));
        return -1;
    }
    g_running = true;
    return 0;
}

void sse_stop(void) {
    pthread_mutex_lock(&g_lock);
    g_stopping = true;
    pthread_mutex_unlock(&g_lock);
    wake_parked(true); /* each reads what it holds, then SSE_READ_END */
    if (!g_running)
        return;
    pthread_mutex_lock(&g_lock);
    g_thread_stop = true;
    pthread_cond_signal(&g_cond);
    pthread_mutex_unlock(&g_lock);
    pthread_join(g_thread, NULL);
    g_running = false;
}
