/* sse.h — the hub of live event streams (Server-Sent Events, text/event-stream).
 *
 * A stream is one client's open GET (a vote's /events): it subscribes to one events.h
 * channel ("vote:12") and is sent, in order, every event published on that channel
 * after it opened, framed as SSE ("event: NAME\ndata: JSON\n\n"), and a comment
 * ": keep-alive\n\n" every SSE_KEEPALIVE_S, so that proxies and the server's own idle
 * timeout never cut a quiet stream.
 *
 * Who does what (the hub knows nothing of libmicrohttpd; server.c gives it two hooks):
 *   - the publisher (any request thread, through events_publish → sse_sink) appends
 *     the event to the channel's streams under one mutex and returns: it never waits
 *     for a client, and never writes to a socket;
 *   - the stream's own connection thread calls sse_read for the next bytes; when there
 *     are none, sse_read calls the park hook (MHD_suspend_connection) and returns
 *     SSE_READ_WAIT, so an idle stream costs no thread and no polling;
 *   - the hub's one thread (sse_start) calls the wake hook (MHD_resume_connection) for
 *     every parked stream that has something new, at most every SSE_FLUSH_GAP_MS, and
 *     queues the keep-alive comments.
 *
 * Bounds. A stream keeps at most SSE_STREAM_MAX_BYTES of events its client has not yet
 * taken; a client that reads slower than that is dropped (sse_read says SSE_READ_DROP,
 * the connection is closed, and an EventSource reconnects with a fresh `state`), so a
 * stalled phone cannot make the server's memory grow. Events named SSE_SNAPSHOT_EVENT
 * ("progress": how far a vote has got) say a state, not a change: a stream that has not
 * sent one yet gets only the newest. 3,000 ballots in a second would otherwise be nine
 * million events to 3,000 phones; this way publishing a progress is O(1) and each
 * stream sends at most one per SSE_FLUSH_GAP_MS.
 *
 * All functions are thread safe. */
#ifndef RENDA_HTTP_SSE_H
#define RENDA_HTTP_SSE_H

#include <stdbool.h>
#include <stddef.h>

#define SSE_KEEPALIVE_S 15
#define SSE_STREAM_MAX_BYTES (64u * 1024)
#define SSE_FLUSH_GAP_MS 250
#define SSE_SNAPSHOT_EVENT "progress"
#define SSE_KEEPALIVE_TEXT ": keep-alive\n\n"

typedef struct sse_stream sse_stream;

typedef struct {
    /* park(ctx): called by sse_read with the hub's lock held, on the stream's own
     * connection thread, when it has nothing to send; wake(ctx) is then called exactly
     * once, without the lock, from the hub's thread or sse_stop, when it has. */
    void (*park)(void *ctx);
    void (*wake)(void *ctx);
    int max_streams;  /* sse_open refuses past this many open streams */
    int keepalive_ms; /* 0: SSE_KEEPALIVE_S */
    int flush_gap_ms; /* 0: SSE_FLUSH_GAP_MS */
} sse_config;

/* sse_configure — the hooks and limits; call before the first stream and before
 * sse_start (again only when no stream is open: the unit tests). Clears a stop. */
void sse_configure(const sse_config *cfg);

/* sse_start — start the hub's thread (wake-ups and keep-alives). 0, or -1 with a
 * message on stderr. */
int sse_start(void);

/* sse_stop — the server is stopping: every stream sends what it holds and ends
 * (parked ones are woken), sse_open refuses from now on, and the hub's thread is
 * joined. Streams are freed by sse_close as their connections finish. */
void sse_stop(void);

typedef enum {
    SSE_OPEN_OK,
    SSE_OPEN_FULL,     /* max_streams are open */
    SSE_OPEN_STOPPING, /* sse_stop was called */
    SSE_OPEN_NOMEM,
} sse_open_result;

/* sse_open — a new stream on channel (copied), whose first bytes are first[0..len)
 * (already framed: the API's first event; may be NULL). ctx is handed to the hooks.
 * NULL with *why when refused. */
sse_stream *sse_open(const char *channel, const char *first, size_t len, void *ctx,
                     sse_open_result *why);

enum {
    SSE_READ_WAIT = 0, /* nothing now: parked (the wake hook will be called) */
    SSE_READ_END = -1, /* the server is stopping and everything was sent */
    SSE_READ_DROP = -2 /* the client fell SSE_STREAM_MAX_BYTES behind: close it */
};

/* sse_read — up to max bytes of what s has to send, into out: their number, or one of
 * SSE_READ_*. Only s's connection thread calls it. */
long sse_read(sse_stream *s, char *out, size_t max);

/* sse_close — the connection of s is done with it (after the last sse_read): leave the
 * channel and free s. NULL is fine. */
void sse_close(sse_stream *s);

/* sse_sink — the events_sink (events.h): frame the event and hand it to every stream
 * on channel. Arguments are borrowed; a channel nobody watches costs a lookup. */
void sse_sink(const char *channel, const char *event, const char *data_json);

/* sse_frame — event and data framed as SSE into a new malloc'd string (*len its
 * length): "event: NAME\n", then "data: LINE\n" for every line of data (a CR or LF in
 * data starts a new data line, as the SSE parser would), then "\n". A CR or LF in the
 * name is dropped. NULL when out of memory. */
char *sse_frame(const char *event, const char *data, size_t *len);

/* sse_flush — wake every parked stream that has something new (the hub thread's
 * work, at most every flush_gap_ms; public for the unit tests). */
void sse_flush(void);

/* sse_keepalive — queue the keep-alive comment on every stream and wake them (the hub
 * thread's work every keepalive_ms; public for the unit tests). */
void sse_keepalive(void);

/* sse_count — streams open now. */
int sse_count(void);

#endif
