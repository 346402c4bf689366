/* server.c — libmicrohttpd glue: per-request state and arena, the body cap, one
 * database connection per worker thread, static files, graceful shutdown. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "base/buf.h"
#include "base/log.h"

#define REQUEST_ARENA_MAX (64u * 1024 * 1024)
#define SHUTDOWN_GRACE_MS 30000
#define SHUTDOWN_POLL_MS 10
#define STATIC_MAX_BYTES (64u * 1024 * 1024)
#define PATH_MAX_BYTES 4096
#define MAX_CONNS_TRACKED 1024

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

/* Every worker's connection, so they can be closed at shutdown (the threads that
 * own them are gone by then). */
static pthread_mutex_t g_conns_lock = PTHREAD_MUTEX_INITIALIZER;
static store_conn *g_conns[MAX_CONNS_TRACKED];
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
    if (g_nconns < MAX_CONNS_TRACKED)
        g_conns[g_nconns++] = tls_db;
    pthread_mutex_unlock(&g_conns_lock);
    return tls_db;
}

typedef struct {
    arena *a;
    buf body;
    bool too_large;
    bool counted;
    bool refused; /* arrived after shutdown began */
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

static mhd_result send_buffer(struct MHD_Connection *c, int status, const char *type,
                              char *body, size_t len, bool take) {
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, take ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    mhd_result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

static mhd_result send_error(struct MHD_Connection *c, int status, const char *code,
                             const char *message) {
    char body[512];
    snprintf(body, sizeof body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\",\"field\":\"\"}}",
             code, message);
    return send_buffer(c, status, "application/json; charset=utf-8", body, strlen(body), false);
}

/* ---- static files (the web app) ------------------------------------------------------ */

static const char *mime_type(const char *path) {
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".ico", "image/x-icon"},              {".woff2", "font/woff2"},
        {".woff", "font/woff"},                {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"}, {".webmanifest", "application/manifest+json"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static bool path_safe(const char *p) {
    return p[0] == '/' && !strstr(p, "..") && !strchr(p, '\\') && strlen(p) < PATH_MAX_BYTES / 2;
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
    if (!g_cfg->web_dir || !path_safe(url))
        return send_error(c, 404, "not_found", "no such page");
    const char *rel = strcmp(url, "/") == 0 ? "/index.html" : url;
    snprintf(path, sizeof path, "%s%s", g_cfg->web_dir, rel);
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        const char *slash = strrchr(url, '/');
        if (slash && strchr(slash, '.'))
            return send_error(c, 404, "not_found", "no such file");
        rel = "/index.html";
        snprintf(path, sizeof path, "%s%s", g_cfg->web_dir, rel);
        if (stat(path, &sb) != 0)
            return send_error(c, 404, "not_found", "the web app is not built");
    }
    bool gzip = false;
    snprintf(gz, sizeof gz, "%s.gz", path);
    struct stat gb;
    if (accepts_gzip(c) && stat(gz, &gb) == 0 && S_ISREG(gb.st_mode)) {
        gzip = true;
        sb = gb;
    }
    int fd = open(gzip ? gz : path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || sb.st_size > (off_t)STATIC_MAX_BYTES) {
        if (fd >= 0)
            close(fd);
        return send_error(c, 404, "not_found", "no such file");
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
    MHD_add_response_header(r, "Cache-Control", strncmp(rel, "/assets/", 8) == 0
                                                    ? "public, max-age=31536000, immutable"
                                                    : "no-cache");
    mhd_result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---- requests ----------------------------------------------------------------------- */

static mhd_result on_request(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **con_cls) {
    (void)cls;
    (void)version;
    req_state *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        st->a = arena_new(REQUEST_ARENA_MAX);
        buf_init(&st->body, g_cfg->max_body);
        atomic_fetch_add(&g_in_flight, 1);
        st->counted = true;
        st->refused = atomic_load(&g_stopping);
        *con_cls = st;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > g_cfg->max_body)
            st->too_large = true;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!st->too_large && buf_append(&st->body, upload, *upload_size) != RC_OK)
            st->too_large = true;
        *upload_size = 0;
        return MHD_YES;
    }
    if (st->refused) {
        static const char body[] = "{\"error\":{\"code\":\"unavailable\",\"message\":"
                                   "\"the server is shutting down\",\"field\":\"\"}}";
        struct MHD_Response *r = MHD_create_response_from_buffer(
            sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
        if (!r)
            return MHD_NO;
        MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
        MHD_add_response_header(r, "Connection", "close");
        mhd_result ok = MHD_queue_response(c, MHD_HTTP_SERVICE_UNAVAILABLE, r);
        MHD_destroy_response(r);
        return ok;
    }
    if (st->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "the request body is larger than %zu bytes", g_cfg->max_body);
        return send_error(c, 413, "too_large", msg);
    }
    if (strncmp(url, "/api/", 5) != 0) {
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return send_error(c, 405, "method_not_allowed", "only GET here");
        return serve_static(c, url);
    }
    store_conn *db = thread_db();
    if (!db)
        return send_error(c, 503, "unavailable", "the database is not reachable");
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
    struct MHD_Response *r = MHD_create_response_from_buffer(rs.body_len, rs.body ? rs.body : "",
                                                             rs.body ? MHD_RESPMEM_MUST_FREE
                                                                     : MHD_RESPMEM_PERSISTENT);
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

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls;
    (void)c;
    (void)toe;
    req_state *st = *con_cls;
    if (!st)
        return;
    if (st->counted)
        atomic_fetch_sub(&g_in_flight, 1);
    buf_free(&st->body);
    arena_free(st->a);
    free(st);
    *con_cls = NULL;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
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
    /* Workers inherit this mask, so only sigwait below sees SIGTERM/SIGINT. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
        cfg->port, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, cfg->connection_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, NULL, MHD_OPTION_END);
    /* No MHD_OPTION_LISTENING_ADDRESS_REUSE: its 1 sets SO_REUSEPORT, and a second renda
     * on the same port would silently share the connections (and sessions would seem
     * to vanish). MHD's default (SO_REUSEADDR) still allows a quick restart. */
    if (!d) {
        fprintf(stderr, "renda serve: cannot listen on %s:%u (%s)\n", cfg->host, cfg->port,
                strerror(errno));
        return 1;
    }
    log_info("renda serving on http://%s:%u with %u threads", cfg->host, cfg->port, cfg->threads);
    int sig = 0;
    sigwait(&set, &sig);
    log_info("signal %d: finishing requests in flight", sig);
    atomic_store(&g_stopping, true);
    MHD_quiesce_daemon(d);
    for (long waited = 0; atomic_load(&g_in_flight) > 0 && waited < SHUTDOWN_GRACE_MS;
         waited += SHUTDOWN_POLL_MS)
        sleep_ms(SHUTDOWN_POLL_MS);
    MHD_stop_daemon(d);
    pthread_mutex_lock(&g_conns_lock);
    for (int i = 0; i < g_nconns; i++)
        store_disconnect(g_conns[i]);
    g_nconns = 0;
    pthread_mutex_unlock(&g_conns_lock);
    log_info("stopped");
    return 0;
}
