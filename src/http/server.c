/* server.c — libmicrohttpd glue: per-request state and arena, the body cap, one
 * database connection per worker thread, static files, event streams, graceful
 * shutdown. The connection limits and deadlines live in conns.c, the settings in
 * effect in limits.c, the checks on the raw request target in request.c, the event
 * streams' hub in sse.c. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "api/api.h"
#include "base/buf.h"
#include "base/events.h"
#include "base/log.h"
#include "base/msg_zh.h"
#include "domain/verify.h"
#include "http/conns.h"
#include "http/limits.h"
#include "http/request.h"
#include "http/sse.h"

#define REQUEST_ARENA_MAX (64u * 1024 * 1024)
#define CHECKPOINT_LOOK_S 60
#define SHUTDOWN_GRACE_MS 30000
#define SHUTDOWN_POLL_MS 10
#define STATIC_MAX_BYTES (64u * 1024 * 1024)
#define PATH_MAX_BYTES 4096
#define MAX_DB_CONNS_TRACKED 1024
/* libmicrohttpd's own messages (a client gone mid-request, …) are attacker-driven:
 * at most this many per interval reach the log, then one line says how many were
 * dropped. */
#define MHD_LOG_BURST 20
#define MHD_LOG_INTERVAL_S 10
#define MHD_LOG_LINE_MAX 512
/* Seconds a client is asked to wait after a 503 for the connection limit. */
#define RETRY_AFTER_S "1"
#define SETTINGS_PATH "/api/v1/settings"
/* The most an event stream's reader is asked for at once (libmicrohttpd's block). */
#define STREAM_BLOCK 4096
/* Of the connections the open files allow, at most this share may be event streams,
 * so that a flood of them leaves room to answer requests. */
#define STREAM_SHARE_DEN 2

#if MHD_VERSION < 0x00097002
typedef int mhd_result;
#else
typedef enum MHD_Result mhd_result;
#endif

static const server_config *g_cfg;
static atomic_int g_in_flight;
/* Set at SIGTERM/SIGINT: requests that start after it get 503 and their keep-alive
 * connection is closed, so the ones already in flight can drain. */
static atomic_bool g_stopping;
/* The daemon's idle timeout (http_connection_timeout when the server started); a
 * connection gets its own when the setting has changed since. */
static unsigned g_idle_at_start;

/* Every worker's connection, so they can be closed at shutdown (the threads that
 * own them are gone by then). */
static pthread_mutex_t g_conns_lock = PTHREAD_MUTEX_INITIALIZER;
static store_conn *g_conns[MAX_DB_CONNS_TRACKED];
static int g_nconns;
static _Thread_local store_conn *tls_db;

static store_conn *thread_db(void) {
    if (tls_db)
        return tls_db;
    err e;
    if (store_connect(g_cfg->db, &tls_db, &e) != RC_OK) {
        log_error("database connection failed: %s", e.message);
        tls_db = NULL;
        return NULL;
    }
    pthread_mutex_lock(&g_conns_lock);
    if (g_nconns < MAX_DB_CONNS_TRACKED)
        g_conns[g_nconns++] = tls_db;
    pthread_mutex_unlock(&g_conns_lock);
    return tls_db;
}

/* One request's state, made when its request line arrives (on_uri). */
typedef struct {
    arena *a;
    buf body;
    conn *link;   /* the connection's record in conns.c */
    bool started; /* on_request has seen the head */
    bool too_large;
    bool upload; /* an attachment's upload: its cap is attachment_max_bytes */
    bool counted;
    bool refused; /* arrived after shutdown began */
    bool bad;     /* the target failed http_check_target: why */
    err why;
    const char *raw_uri; /* the target as on_uri saw it, and its length then */
    size_t raw_len;
} req_state;

static const char *hdr(const api_request *r, const char *name) {
    return MHD_lookup_connection_value((struct MHD_Connection *)r->transport, MHD_HEADER_KIND,
                                       name);
}

typedef struct {
    api_query_cb cb;
    void *ctx;
} query_iter;

static mhd_result query_one(void *cls, enum MHD_ValueKind kind, const char *key,
                            const char *value) {
    (void)kind;
    query_iter *it = cls;
    it->cb(it->ctx, key, value ? value : "");
    return MHD_YES;
}

static void query_each(const api_request *r, api_query_cb cb, void *ctx) {
    query_iter it = {cb, ctx};
    MHD_get_connection_values((struct MHD_Connection *)r->transport, MHD_GET_ARGUMENT_KIND,
                              query_one, &it);
}

static mhd_result send_buffer(struct MHD_Connection *c, int status, const char *type, char *body,
                              size_t len, bool take, bool close) {
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, take ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
    if (!r) {
        if (take)
            free(body);
        return MHD_NO;
    }
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (close)
        MHD_add_response_header(r, "Connection", "close");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(r, "Retry-After", RETRY_AFTER_S);
    mhd_result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

/* send_err — the API's error JSON for e ({"error": {code, message, field,
 * message_zh}}, docs/api.md); close asks the client to drop the connection. */
static mhd_result send_err(struct MHD_Connection *c, const err *e, bool close) {
    json_t *o = json_pack("{s:s, s:s, s:s}", "code", rc_code(e->rc), "message", e->message, "field",
                          e->field);
    if (o && e->message_zh[0])
        json_object_set_new(o, "message_zh", json_string(e->message_zh));
    json_t *body = o ? json_pack("{s:o}", "error", o) : NULL;
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text)
        return MHD_NO;
    return send_buffer(c, rc_http_status(e->rc), "application/json; charset=utf-8", text,
                       strlen(text), true, close);
}

static mhd_result fail(struct MHD_Connection *c, rc_t rc, bool close, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* fail — send_err with a message of our own (Chinese from the catalog). */
static mhd_result fail(struct MHD_Connection *c, rc_t rc, bool close, const char *fmt, ...) {
    err e;
    va_list ap;
    va_start(ap, fmt);
    e.rc = rc;
    e.field[0] = '\0';
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    msg_zh_format(fmt, ap, e.message_zh, sizeof e.message_zh);
    va_end(ap);
    return send_err(c, &e, close);
}

/* ---- static files (the web app) ------------------------------------------------------ */

static const char *mime_type(const char *path) {
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static bool accepts_gzip(struct MHD_Connection *c) {
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
}

/* serve_static — a file under web_dir; unknown paths without an extension get
 * index.html (the app's own routes). Hashed assets (under /assets/) are cached for a
 * year; index.html never. A .gz sibling is sent when the browser takes gzip. */
static mhd_result serve_static(struct MHD_Connection *c, const char *url) {
    char path[PATH_MAX_BYTES], gz[PATH_MAX_BYTES + 4];
    struct stat sb;
    if (!g_cfg->web_dir || !http_path_safe(url, PATH_MAX_BYTES / 2))
        return fail(c, RC_NOT_FOUND, false, "no such page");
    const char *rel = strcmp(url, "/") == 0 ? "/index.html" : url;
    snprintf(path, sizeof path, "%s%s", g_cfg->web_dir, rel);
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        const char *slash = strrchr(url, '/');
        if (slash && strchr(slash, '.'))
            return fail(c, RC_NOT_FOUND, false, "no such file");
        rel = "/index.html";
        snprintf(path, sizeof path, "%s%s", g_cfg->web_dir, rel);
        if (stat(path, &sb) != 0)
            return fail(c, RC_NOT_FOUND, false, "the web app is not built");
    }
    bool gzip = false;
    snprintf(gz, sizeof gz, "%s.gz", path);
    struct stat gb;
    if (accepts_gzip(c) && stat(gz, &gb) == 0 && S_ISREG(gb.st_mode)) {
        gzip = true;
        sb = gb;
    }
    int fd = open(gzip ? gz : path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE))
        return fail(c, RC_UNAVAILABLE, true, "the server is busy; try again shortly");
    if (fd < 0 || sb.st_size > (off_t)STATIC_MAX_BYTES) {
        if (fd >= 0)
            close(fd);
        return fail(c, RC_NOT_FOUND, false, "no such file");
    }
    struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", mime_type(path));
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (gzip)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    MHD_add_response_header(r, "Cache-Control",
                            strncmp(rel, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable"
                                                             : "no-cache");
    mhd_result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---- connections and requests --------------------------------------------------------- */

static conn *link_of(struct MHD_Connection *c) {
    const union MHD_ConnectionInfo *i =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return i ? i->socket_context : NULL;
}

/* on_accept — the accept policy (the per-address and hard limits); a refusal closes
 * the socket without a word, as there is no request yet to answer. */
static mhd_result on_accept(void *cls, const struct sockaddr *addr, socklen_t len) {
    (void)cls;
    (void)len;
    if (conns_may_accept(addr))
        return MHD_YES;
    conns_note_refused();
    return MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
    (void)cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        conns_close(*socket_context);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *ad =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    conn_admission adm;
    *socket_context = fd ? conns_open(fd->connect_fd, ad ? ad->client_addr : NULL, &adm) : NULL;
    /* The idle timeout as it is now (the daemon's default is the value at start). */
    unsigned idle = (unsigned)limits_get(LIMIT_IDLE_TIMEOUT);
    if (idle != g_idle_at_start)
        MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, idle);
}

/* on_uri — the request line is in: make the request's state and look at the target as
 * the client wrote it (libmicrohttpd unescapes it right after this). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
    (void)cls;
    req_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->link = link_of(c);
    st->bad = http_check_target(uri, &st->why) != RC_OK;
    st->raw_uri = uri;
    st->raw_len = uri ? strlen(uri) : 0;
    return st;
}

/* raw_nul — did the request line hold a NUL byte itself (not %00)? libmicrohttpd
 * 0.9.75 passes it on as the end of the target. It splits the line in place,
 * "METHOD\0TARGET\0VERSION", so the version starts right after the target unless
 * the target stopped early at a NUL of its own. */
static bool raw_nul(const req_state *st, const char *url, const char *version) {
    return st->raw_uri && url == st->raw_uri && version && version[0] &&
           version != st->raw_uri + st->raw_len + 1;
}

/* begin — the head is in (the first call for a request). Answers at once what needs no
 * body: past the connection limit, a bad target (shutting down comes after the body). */
static mhd_result begin(struct MHD_Connection *c, req_state *st, const char *url,
                        const char *method, const char *version) {
    st->started = true;
    if (!conns_head_done(st->link))
        return MHD_NO; /* the watchdog is closing this connection */
    size_t max_body = (size_t)limits_get(LIMIT_MAX_BODY);
    /* An upload's body is the file (and a multipart form's framing): its own cap, so
     * http_max_body stays small for every other route. */
    st->upload = api_is_upload(method, url);
    if (st->upload) {
        size_t upload_max = (size_t)limits_get(LIMIT_MAX_ATTACHMENT) + API_UPLOAD_FRAMING_MAX;
        if (upload_max > max_body)
            max_body = upload_max;
    }
    st->a = arena_new(REQUEST_ARENA_MAX);
    buf_init(&st->body, max_body);
    st->refused = atomic_load(&g_stopping);
    if (!st->a)
        return MHD_NO;
    if (conns_is_over(st->link))
        return fail(c, RC_UNAVAILABLE, true,
                    "the server has too many connections open; try again shortly");
    if (st->bad)
        return send_err(c, &st->why, false);
    if (raw_nul(st, url, version))
        return fail(c, RC_BAD_REQUEST, false, "the request line contains a NUL byte");
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > max_body)
        st->too_large = true;
    return MHD_YES;
}

/* ---- event streams (sse.h) ------------------------------------------------------------- */

/* The hub's hooks: a stream with nothing to send suspends its connection (no thread,
 * no polling while it waits); the hub resumes it when there is news. */
static void stream_park(void *ctx) { MHD_suspend_connection(ctx); }
static void stream_wake(void *ctx) { MHD_resume_connection(ctx); }

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max) {
    (void)pos;
    long n = sse_read(cls, out, max);
    if (n == SSE_READ_END)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (n == SSE_READ_DROP)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    return (ssize_t)n;
}

/* libmicrohttpd is done with the response: its connection finished or went away. */
static void stream_free(void *cls) { sse_close(cls); }

/* answer_stream — the API asked for a stream of rs->stream_channel with rs->body as
 * its first event(s): 200 text/event-stream that stays open (sse.h). Proxies are told
 * not to buffer it (nginx: X-Accel-Buffering); Connection: close, because a stream's
 * connection is counted apart from the others (conns_stream) until it closes. */
static mhd_result answer_stream(struct MHD_Connection *c, req_state *st, api_response *rs) {
    sse_open_result why;
    sse_stream *s = sse_open(rs->stream_channel, rs->body, rs->body ? rs->body_len : 0, c, &why);
    free(rs->body);
    rs->body = NULL;
    if (why == SSE_OPEN_STOPPING)
        return fail(c, RC_UNAVAILABLE, true, "the server is shutting down");
    if (!s)
        return fail(c, RC_UNAVAILABLE, true,
                    "the server has too many live event streams open; try again shortly");
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
                                                               stream_read, s, stream_free);
    if (!r) {
        sse_close(s);
        return MHD_NO;
    }
    bool cache_said = false;
    for (int i = 0; i < rs->nheaders; i++) {
        MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
        cache_said = cache_said || strcasecmp(rs->headers[i].name, "Cache-Control") == 0;
    }
    MHD_add_response_header(r, "Content-Type",
                            rs->content_type ? rs->content_type : "text/event-stream");
    if (!cache_said)
        MHD_add_response_header(r, "Cache-Control", "no-cache");
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Connection", "close");
    conns_stream(st->link);
    mhd_result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r); /* the connection holds it; stream_free closes s */
    return ok;
}

/* answer_api — the request under /api/ to api_handle, its answer to the client. */
static mhd_result answer_api(struct MHD_Connection *c, req_state *st, const char *url,
                             const char *method) {
    store_conn *db = thread_db();
    if (!db)
        return fail(c, RC_UNAVAILABLE, false, "the database is not reachable");
    char peer[NI_MAXHOST] = "";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr &&
        getnameinfo(ci->client_addr,
                    ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                           : sizeof(struct sockaddr_in),
                    peer, sizeof peer, NULL, 0, NI_NUMERICHOST) != 0)
        peer[0] = '\0';
    api_request rq = {
        .a = st->a,
        .method = method,
        .path = url,
        .body = st->body.data,
        .body_len = st->body.len,
        .db = db,
        .header = hdr,
        .query_each = query_each,
        .transport = c,
        .client_address = peer,
    };
    api_response rs = {0};
    api_handle(&rq, &rs);
    /* A request that failed mid-transaction must not leave it open for the next. */
    store_rollback(db);
    /* A setting this server changed is in effect from the next request on. */
    if (rs.status == MHD_HTTP_OK && strcmp(method, "GET") != 0 &&
        strncmp(url, SETTINGS_PATH, strlen(SETTINGS_PATH)) == 0)
        limits_refresh(db);
    if (rs.stream_channel)
        return answer_stream(c, st, &rs);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(rs.body_len, rs.body ? rs.body : "",
                                        rs.body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(rs.body);
        return MHD_NO;
    }
    if (rs.content_type && rs.body)
        MHD_add_response_header(r, "Content-Type", rs.content_type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    for (int i = 0; i < rs.nheaders; i++)
        MHD_add_response_header(r, rs.headers[i].name, rs.headers[i].value);
    mhd_result ok = MHD_queue_response(c, (unsigned)rs.status, r);
    MHD_destroy_response(r);
    return ok;
}

static mhd_result on_request(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **con_cls) {
    (void)cls;
    req_state *st = *con_cls;
    if (!st) { /* on_uri ran out of memory */
        st = on_uri(NULL, NULL, c);
        if (!st)
            return MHD_NO;
        *con_cls = st;
    }
    if (!st->started)
        return begin(c, st, url, method, version);
    if (*upload_size) {
        if (!st->too_large && buf_append(&st->body, upload, *upload_size) != RC_OK)
            st->too_large = true;
        *upload_size = 0;
        return MHD_YES;
    }
    conns_body_done(st->link);
    /* In flight from here, when the whole request is in: a stop waits for requests being
     * answered, not for a client that stopped sending its body (nothing of it was
     * acknowledged; the stop cuts it). */
    if (!st->counted) {
        atomic_fetch_add(&g_in_flight, 1);
        st->counted = true;
    }
    if (st->refused)
        return fail(c, RC_UNAVAILABLE, true, "the server is shutting down");
    if (st->too_large && st->upload)
        return fail(c, RC_TOO_LARGE, false,
                    "the file is larger than the attachment limit of %lld bytes "
                    "(setting attachment_max_bytes)",
                    limits_get(LIMIT_MAX_ATTACHMENT));
    if (st->too_large)
        return fail(c, RC_TOO_LARGE, false, "the request body is larger than %zu bytes",
                    st->body.max);
    if (strncmp(url, "/api/", 5) != 0) {
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return fail(c, RC_METHOD, false, "only GET here");
        return serve_static(c, url);
    }
    return answer_api(c, st, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls;
    (void)c;
    (void)toe;
    req_state *st = *con_cls;
    if (!st)
        return;
    conns_request_done(st->link);
    if (st->counted)
        atomic_fetch_sub(&g_in_flight, 1);
    buf_free(&st->body);
    arena_free(st->a);
    free(st);
    *con_cls = NULL;
}

/* ---- libmicrohttpd's own messages ----------------------------------------------------- */

static pthread_mutex_t g_mhd_log_lock = PTHREAD_MUTEX_INITIALIZER;

/* What libmicrohttpd says when a client goes away mid-request (or the watchdog closed
 * it): news, not a problem of the server's. */
static const char *const CLIENT_GONE[] = {
    "Connection socket is closed when reading request",
    "Connection was closed by remote side",
    "Socket has been disconnected when reading request",
    /* an event stream (or any chunked answer) whose client left before its end */
    "Failed to send the footers for the request",
};

static log_level mhd_level(const char *line) {
    for (size_t i = 0; i < sizeof CLIENT_GONE / sizeof CLIENT_GONE[0]; i++)
        if (strncmp(line, CLIENT_GONE[i], strlen(CLIENT_GONE[i])) == 0)
            return LOG_INFO;
    return LOG_WARN;
}

/* on_mhd_log — libmicrohttpd's messages into our log, at most MHD_LOG_BURST per
 * MHD_LOG_INTERVAL_S: clients can make it talk as much as they like. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap) {
    (void)cls;
    static time_t window;
    static int said, dropped;
    char line[MHD_LOG_LINE_MAX];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\r\n")] = '\0';
    time_t now = time(NULL);
    pthread_mutex_lock(&g_mhd_log_lock);
    if (now - window >= MHD_LOG_INTERVAL_S) {
        if (dropped)
            log_info("libmicrohttpd: %d more messages were not logged (at most %d per %d s)",
                     dropped, MHD_LOG_BURST, MHD_LOG_INTERVAL_S);
        window = now;
        said = dropped = 0;
    }
    bool say = said < MHD_LOG_BURST;
    if (say)
        said++;
    else
        dropped++;
    pthread_mutex_unlock(&g_mhd_log_lock);
    if (say)
        log_msg(mhd_level(line), "libmicrohttpd: %s", line);
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void close_db_conns(void) {
    pthread_mutex_lock(&g_conns_lock);
    for (int i = 0; i < g_nconns; i++)
        store_disconnect(g_conns[i]);
    g_nconns = 0;
    pthread_mutex_unlock(&g_conns_lock);
}

/* checkpoint_due — sign an audit checkpoint if the audit_checkpoint_* settings say
 * one is due (nothing without the audit key and witness; verify.h). A failure is
 * logged: the next look tries again, and `renda audit checkpoint` is the manual way. */
static void checkpoint_due(store_conn *db) {
    bool written = false;
    err e;
    if (verify_checkpoint_due(db, &written, &e) != RC_OK)
        log_warn("no audit checkpoint was written: %s", e.message);
    else if (written)
        log_info("audit checkpoint written");
}

/* housekeeping — the watchdog's task, about once a second: look for a due checkpoint
 * every CHECKPOINT_LOOK_S (a look reads the trail's head; signing checks the chain
 * since the last checkpoint, so it is not done per request). */
static void housekeeping(store_conn *db) {
    static time_t last_look; /* only the watchdog thread calls this */
    time_t now = time(NULL);
    if (last_look && now - last_look < CHECKPOINT_LOOK_S)
        return;
    last_look = now;
    checkpoint_due(db);
}

int server_run(const server_config *cfg) {
    g_cfg = cfg;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(cfg->port);
    if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
        fprintf(stderr, "renda serve: %s is not an IPv4 address\n", cfg->host);
        return 1;
    }
    unsigned budget = limits_fd_budget(cfg->threads, cfg->web_dir != NULL);
    if (!budget)
        return 1;
    store_conn *sc = NULL;
    err e;
    if (store_connect(cfg->db, &sc, &e) != RC_OK) {
        fprintf(stderr, "renda serve: %s\n", e.message);
        return 1;
    }
    limits_refresh(sc);
    store_disconnect(sc);
    limits_check_budget(budget);
    g_idle_at_start = (unsigned)limits_get(LIMIT_IDLE_TIMEOUT);
    /* Workers inherit this mask, so only sigwait below sees SIGTERM/SIGINT. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (conns_watchdog_start(cfg->db, housekeeping) != 0)
        return 1;
    sse_configure(&(sse_config){
        .park = stream_park, .wake = stream_wake, .max_streams = (int)(budget / STREAM_SHARE_DEN)});
    if (sse_start() != 0) {
        conns_watchdog_stop();
        return 1;
    }
    events_set_sink(sse_sink);

    /* MHD's connection limit is what the open files allow; http_max_connections and
     * the per-address limit are conns.c's, so that they can change while we run. */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            MHD_ALLOW_SUSPEND_RESUME,
        cfg->port, on_accept, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, budget, MHD_OPTION_CONNECTION_TIMEOUT, g_idle_at_start,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_END);
    /* No MHD_OPTION_LISTENING_ADDRESS_REUSE: its 1 sets SO_REUSEPORT, and a second renda
     * on the same port would silently share the connections (and sessions would seem
     * to vanish). MHD's default (SO_REUSEADDR) still allows a quick restart. */
    if (!d) {
        fprintf(stderr, "renda serve: cannot listen on %s:%u (%s)\n", cfg->host, cfg->port,
                strerror(errno));
        events_set_sink(NULL);
        sse_stop();
        conns_watchdog_stop();
        return 1;
    }
    log_info("renda serving on http://%s:%u with %u threads (room for %u connections)", cfg->host,
             cfg->port, cfg->threads, budget);
    int sig = 0;
    sigwait(&set, &sig);
    log_info("signal %d: finishing requests in flight", sig);
    atomic_store(&g_stopping, true);
    MHD_quiesce_daemon(d);
    /* Event streams end now (they would otherwise hold the grace period to its end),
     * and none is suspended when the daemon stops, as libmicrohttpd requires. */
    sse_stop();
    for (long waited = 0; atomic_load(&g_in_flight) > 0 && waited < SHUTDOWN_GRACE_MS;
         waited += SHUTDOWN_POLL_MS)
        sleep_ms(SHUTDOWN_POLL_MS);
    conns_watchdog_stop();
    MHD_stop_daemon(d);
    events_set_sink(NULL);
    close_db_conns();
    /* what was written since the last look is covered before we go */
    if (store_connect(cfg->db, &sc, &e) == RC_OK) {
        checkpoint_due(sc);
        store_disconnect(sc);
    }
    log_info("stopped");
    return 0;
}
