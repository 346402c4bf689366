/* conns.h — every open client connection, the limits on them, and the watchdog.
 *
 * libmicrohttpd's own timeout measures idleness, so a client that sends one header
 * line every few seconds keeps its connection for ever. Here each connection has a
 * phase and the time it entered it:
 *
 *   HEAD  waiting for or receiving a request head: since it was accepted, or since
 *         the previous response on the connection was sent (keep-alive);
 *   BODY  the head is in, the body is arriving;
 *   BUSY  the request is being answered (no deadline here: the idle timeout only).
 *
 * The watchdog thread closes (shutdown(2), so libmicrohttpd sees the client gone and
 * cleans up on its own thread) every connection that has been in HEAD longer than
 * http_head_timeout or in BODY longer than http_body_timeout — unless bytes it sent
 * are waiting unread in its socket: then the server is the slow one (every worker
 * busy), not the client. It also re-reads the
 * settings every second (limits.h).
 *
 * Limits: a client address past http_max_connections_per_address is refused when it
 * connects (closed at once, no answer: there is no request to answer yet). Past
 * http_max_connections a connection is marked "over": its first request is answered
 * 503 and the connection closed. Past that by CONNS_OVERFLOW it is refused too.
 *
 * Event streams (sse.h, a vote's live events) are long-lived and opened by logged-in
 * users only: once a connection becomes one (conns_stream) it no longer counts against
 * http_max_connections or its address's limit, so that the 3,000 phones of a hall (one
 * NAT address, or nginx's) holding their streams do not lock the hall out of casting.
 * The streams have their own bound (sse.h, max_streams in server.c).
 *
 * All functions are thread safe (one mutex). */
#ifndef RENDA_HTTP_CONNS_H
#define RENDA_HTTP_CONNS_H

#include <stdbool.h>
#include <sys/socket.h>

#include "store/store.h"

/* Connections past http_max_connections that are still answered (with 503) rather
 * than refused at accept. */
#define CONNS_OVERFLOW 256

typedef struct conn conn;

typedef enum {
    CONN_ADMITTED, /* within the limits */
    CONN_OVER,     /* past http_max_connections: answer 503 and close */
    CONN_REFUSED,  /* past a hard limit: already being closed */
} conn_admission;

/* conns_may_accept — the accept policy: false when addr already has
 * http_max_connections_per_address connections or the server has
 * http_max_connections + CONNS_OVERFLOW. Cheap; conns_open decides for certain. */
bool conns_may_accept(const struct sockaddr *addr);

/* conns_open — record a connection just accepted on fd from addr (may be NULL).
 * Returns the record, owned by the table until conns_close, or NULL when out of
 * memory (the connection is then shut down at once). *adm says how it stands. */
conn *conns_open(int fd, const struct sockaddr *addr, conn_admission *adm);

/* conns_close — forget c (libmicrohttpd is closing its socket). NULL is fine. */
void conns_close(conn *c);

/* conns_head_done — HEAD → BODY. false when the watchdog has already begun closing
 * the connection (the caller must not answer it). NULL: true. */
bool conns_head_done(conn *c);

/* conns_body_done — BODY → BUSY. */
void conns_body_done(conn *c);

/* conns_request_done — the response was sent: HEAD again, the deadline for the next
 * request's head counted from now. */
void conns_request_done(conn *c);

/* conns_is_over — was c past http_max_connections when it was accepted? */
bool conns_is_over(const conn *c);

/* conns_stream — c now carries an event stream until it closes: out of the counts the
 * connection limits apply to. Its phase stays BUSY (no deadline; sse.c keeps it
 * moving with keep-alive comments). NULL is fine. */
void conns_stream(conn *c);

/* conns_note_refused — count a connection refused by the accept policy (for the
 * periodic summary in the log). */
void conns_note_refused(void);

/* A task the watchdog runs about once a second on its own database connection, after
 * it has re-read the limits (the server's housekeeping: audit checkpoints). It must
 * be quick and must not keep a transaction open. */
typedef void (*conns_task)(store_conn *db);

/* conns_watchdog_start — start the watchdog thread; it opens its own connection
 * through db for the settings and for task (may be NULL). 0 on success, -1 (message
 * on stderr) otherwise. */
int conns_watchdog_start(store *db, conns_task task);

/* conns_watchdog_stop — stop and join it. Safe to call when it is not running. */
void conns_watchdog_stop(void);

/* conns_count — connections open now (for tests and messages). */
int conns_count(void);

#endif
