/* load — a keep-alive HTTP/1.1 load generator for renda's JSON API.
 *
 *   load --port P --token T [--mode list|create] [--connections N] [--duration S]
 *        [--requests N] [--per-page N] [--pages N] [--collection deputies|persons]
 *        [--congress-id ID] [--person-max ID] [--host 127.0.0.1]
 *
 * Opens N connections to 127.0.0.1:P, one thread each, and sends requests back to back on
 * each (a closed loop: a client sends its next request when the previous answer is in),
 * for --duration seconds or until --requests answers in total, whichever comes first.
 * Every latency is kept, so the percentiles are exact, not estimated from buckets.
 *
 *   list    GET /api/v1/deputies?page=P&per_page=20, P pseudo-random over all pages
 *   create  POST /api/v1/deputies (or persons) with a small JSON record
 *
 * Prints a human summary and, last, one machine-readable line starting with "RESULT".
 * Only loopback is allowed: the machines this runs on may reach nothing else, and a
 * load generator pointed at someone else's server by a typo is a denial of service.
 *
 * Dependencies: libc and pthreads only, so it builds anywhere the server builds.
 */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

enum {
    MAX_CONNECTIONS = 512, /* beyond this the client, not the server, is measured */
    MAX_DURATION_S = 60,   /* a bench must stop by itself, whatever it is told */
    DEFAULT_DURATION_S = 10,
    DEFAULT_PER_PAGE = 20,
    MAX_PER_PAGE = 500,          /* the API's own limit */
    IO_TIMEOUT_S = 10,           /* a stuck server fails the run instead of hanging it */
    MAX_RECONNECTS = 100,        /* per connection: a server that keeps dropping us is broken */
    RBUF_SIZE = 64 * 1024,       /* also the largest header block we accept */
    REQ_MAX = 4096,              /* our requests are small and fixed in shape */
    BODY_MAX = 16 * 1024 * 1024, /* a list page is a few KiB; anything near this is a bug */
    TOKEN_MAX = 512,
    SAMPLES_INITIAL = 4096,
    SAMPLES_MAX = 1 << 22, /* per thread (32 MiB); past it latencies are counted, not kept */
    ERROR_SNIPPET = 300,   /* how much of the first error body to show */
    CHUNK_LINE_MAX = 64,
};

#define NS_PER_S 1000000000.0
#define NS_PER_MS 1000000.0

typedef enum { MODE_LIST, MODE_CREATE } load_mode;

typedef struct {
    int port;
    char token[TOKEN_MAX];
    load_mode mode;
    const char *collection; /* create: "deputies" or "persons" */
    int connections;
    int duration_s;
    long long requests; /* 0: until the duration ends */
    int per_page;
    long long pages; /* list: highest page; 0 asks the server */
    long long congress_id;
    long long person_max; /* create deputies: person_id drawn from 1..person_max */
} config;

/* One keep-alive connection and its read buffer. */
typedef struct {
    int fd;
    char rbuf[RBUF_SIZE];
    size_t rstart, rend; /* unread bytes are rbuf[rstart, rend) */
    char *body;          /* the last response body, NUL-terminated; owned here */
    size_t body_len, body_cap;
} conn;

/* What one thread measured. */
typedef struct {
    pthread_t thread;
    int index;
    uint64_t *lat_ns; /* owned; every completed request's latency, up to SAMPLES_MAX */
    size_t nlat, caplat;
    long long done;       /* responses received (any status) */
    long long not_2xx;    /* responses with a status outside 200-299 */
    long long io_errors;  /* connect/send/receive failures and malformed responses */
    long long unrecorded; /* latencies not kept because the sample array was full */
    uint64_t rng;
} worker;

static config cfg;
static struct sockaddr_in target;
static atomic_bool stop_now;
static atomic_llong issued; /* requests started, for --requests */
static atomic_flag error_shown = ATOMIC_FLAG_INIT;
static struct timespec deadline;

/* ---- small helpers ---------------------------------------------------------------------- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("load: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool past_deadline(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec > deadline.tv_sec ||
           (ts.tv_sec == deadline.tv_sec && ts.tv_nsec >= deadline.tv_nsec);
}

/* xorshift64*: cheap, per thread, and reproducible runs from the thread index. */
static uint64_t rng_next(uint64_t *s) {
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ull;
}

static long long rng_range(uint64_t *s, long long lo, long long hi) {
    return lo + (long long)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/* parse_ll — a whole decimal argument in [lo, hi], or die naming the option. */
static long long parse_ll(const char *opt, const char *s, long long lo, long long hi) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        die("--%s takes a number from %lld to %lld, not '%s'", opt, lo, hi, s);
    return v;
}

/* ---- the connection --------------------------------------------------------------------- */

static void conn_close(conn *c) {
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->rstart = c->rend = 0;
}

/* conn_open — connect to the (loopback) target. Returns 0, or -1 with errno set. */
static int conn_open(conn *c) {
    conn_close(c);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct timeval tv = {.tv_sec = IO_TIMEOUT_S, .tv_usec = 0};
    int one = 1;
    /* Nagle would hold our small requests back waiting for an ACK: latency, not load. */
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0 ||
        connect(fd, (const struct sockaddr *)&target, sizeof target) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    c->fd = fd;
    return 0;
}

static int send_all(conn *c, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* fill — read more bytes into rbuf, compacting first. Returns bytes read, 0 at EOF, -1. */
static ssize_t fill(conn *c) {
    if (c->rstart > 0) {
        memmove(c->rbuf, c->rbuf + c->rstart, c->rend - c->rstart);
        c->rend -= c->rstart;
        c->rstart = 0;
    }
    if (c->rend == sizeof c->rbuf)
        return -1; /* a header block larger than the buffer */
    for (;;) {
        ssize_t r = recv(c->fd, c->rbuf + c->rend, sizeof c->rbuf - c->rend, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r > 0)
            c->rend += (size_t)r;
        return r;
    }
}

static int body_reserve(conn *c, size_t more) {
    if (c->body_len + more + 1 <= c->body_cap)
        return 0;
    if (c->body_len + more + 1 > BODY_MAX)
        return -1;
    size_t cap = c->body_cap ? c->body_cap : 4096;
    while (cap < c->body_len + more + 1)
        cap *= 2;
    if (cap > BODY_MAX)
        cap = BODY_MAX;
    char *p = realloc(c->body, cap);
    if (!p)
        return -1;
    c->body = p;
    c->body_cap = cap;
    return 0;
}

/* read_exact — append exactly n body bytes. Returns 0 or -1. */
static int read_exact(conn *c, size_t n) {
    if (body_reserve(c, n) < 0)
        return -1;
    while (n > 0) {
        if (c->rstart == c->rend && fill(c) <= 0)
            return -1;
        size_t take = c->rend - c->rstart;
        if (take > n)
            take = n;
        memcpy(c->body + c->body_len, c->rbuf + c->rstart, take);
        c->body_len += take;
        c->rstart += take;
        n -= take;
    }
    c->body[c->body_len] = '\0';
    return 0;
}

/* read_line — the next CRLF-terminated line (without CRLF) into out. Returns 0 or -1. */
static int read_line(conn *c, char *out, size_t outsz) {
    for (;;) {
        char *s = c->rbuf + c->rstart;
        char *nl = memchr(s, '\n', c->rend - c->rstart);
        if (nl) {
            size_t len = (size_t)(nl - s);
            if (len > 0 && s[len - 1] == '\r')
                len--;
            if (len >= outsz)
                return -1;
            memcpy(out, s, len);
            out[len] = '\0';
            c->rstart += (size_t)(nl - s) + 1;
            return 0;
        }
        if (fill(c) <= 0)
            return -1;
    }
}

/* read_chunked — a Transfer-Encoding: chunked body, trailers skipped. Returns 0 or -1. */
static int read_chunked(conn *c) {
    char line[CHUNK_LINE_MAX];
    for (;;) {
        if (read_line(c, line, sizeof line) < 0)
            return -1;
        char *end;
        errno = 0;
        unsigned long long size = strtoull(line, &end, 16);
        if (errno || end == line || (*end && *end != ';') || size > BODY_MAX)
            return -1;
        if (size == 0)
            break;
        if (read_exact(c, (size_t)size) < 0 || read_line(c, line, sizeof line) < 0 || *line)
            return -1;
    }
    do { /* trailers end at an empty line */
        if (read_line(c, line, sizeof line) < 0)
            return -1;
    } while (*line);
    return 0;
}

/* header_value — the value of header `name` within the header block [h, h+len), or NULL. */
static const char *header_value(const char *h, const char *name) {
    size_t n = strlen(name);
    for (const char *line = h; line && *line;) {
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            return v;
        }
        line = strstr(line, "\r\n");
        if (line)
            line += 2;
    }
    return NULL;
}

/* find_blank_line — the CRLFCRLF that ends a header block within [p, p+n), or NULL
 * (memmem would do, but is not in C11 or POSIX). */
static char *find_blank_line(char *p, size_t n) {
    if (n < 4)
        return NULL;
    char *last = p + n - 4; /* the last place a 4-byte match can start */
    for (char *s = p; s <= last; s++) {
        s = memchr(s, '\r', (size_t)(last - s) + 1);
        if (!s)
            return NULL;
        if (memcmp(s, "\r\n\r\n", 4) == 0)
            return s;
    }
    return NULL;
}

/* read_response — one whole response. Sets *status and *keep (connection reusable).
 * The body is left in c->body. Returns 0, or -1 on a broken or malformed response. */
static int read_response(conn *c, int *status, bool *keep) {
    c->body_len = 0;
    char *hend;
    for (;;) {
        hend = NULL;
        if (c->rend > c->rstart)
            hend = find_blank_line(c->rbuf + c->rstart, c->rend - c->rstart);
        if (hend)
            break;
        if (fill(c) <= 0)
            return -1;
    }
    /* Work on a NUL-terminated copy of the header block: rbuf is reused for the body. */
    size_t hlen = (size_t)(hend - (c->rbuf + c->rstart)) + 2; /* keep the last CRLF */
    char headers[RBUF_SIZE];
    memcpy(headers, c->rbuf + c->rstart, hlen);
    headers[hlen] = '\0';
    c->rstart += hlen + 2;

    int minor, code;
    if (sscanf(headers, "HTTP/1.%d %3d", &minor, &code) != 2 || code < 100 || code > 599)
        return -1;
    *status = code;
    const char *conn_h = header_value(headers, "Connection");
    *keep = minor >= 1 ? !(conn_h && strncasecmp(conn_h, "close", 5) == 0)
                       : (conn_h && strncasecmp(conn_h, "keep-alive", 10) == 0);
    const char *te = header_value(headers, "Transfer-Encoding");
    const char *cl = header_value(headers, "Content-Length");
    if (body_reserve(c, 0) < 0)
        return -1;
    c->body[0] = '\0';
    if (code == 204 || code == 304 || code < 200)
        return 0;
    if (te && strncasecmp(te, "chunked", 7) == 0)
        return read_chunked(c);
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || end == cl || n > BODY_MAX)
            return -1;
        return read_exact(c, (size_t)n);
    }
    /* Neither: the body runs to EOF and the connection is spent. */
    *keep = false;
    for (;;) {
        if (c->rstart < c->rend) {
            size_t n = c->rend - c->rstart;
            if (body_reserve(c, n) < 0)
                return -1;
            memcpy(c->body + c->body_len, c->rbuf + c->rstart, n);
            c->body_len += n;
            c->body[c->body_len] = '\0';
            c->rstart = c->rend;
        }
        ssize_t r = fill(c);
        if (r == 0)
            return 0;
        if (r < 0)
            return -1;
    }
}

/* exchange — send one request and read its answer. A reused keep-alive connection the
 * server has meanwhile closed is reopened and the request sent once more; a fresh one that
 * fails is an error (retrying it could create a record twice). Returns 0 with *status, or -1. */
static int exchange(conn *c, const char *req, size_t len, int *status) {
    bool reused = c->fd >= 0;
    for (;;) {
        if (c->fd < 0 && conn_open(c) < 0)
            return -1;
        bool keep = false;
        if (send_all(c, req, len) == 0 && read_response(c, status, &keep) == 0) {
            if (!keep)
                conn_close(c);
            return 0;
        }
        conn_close(c);
        if (!reused)
            return -1;
        reused = false;
    }
}

/* ---- requests ----------------------------------------------------------------------- */

/* build_request — the next request of this worker into out. Returns its length. */
static size_t build_request(worker *w, long long seq, char *out, size_t outsz) {
    int n;
    if (cfg.mode == MODE_LIST) {
        long long page = rng_range(&w->rng, 1, cfg.pages);
        n = snprintf(out, outsz,
                     "GET /api/v1/deputies?page=%lld&per_page=%d HTTP/1.1\r\n"
                     "Host: 127.0.0.1:%d\r\n"
                     "Authorization: Bearer %s\r\n"
                     "Accept: application/json\r\n"
                     "\r\n",
                     page, cfg.per_page, cfg.port, cfg.token);
    } else {
        char body[512];
        int bn;
        if (strcmp(cfg.collection, "persons") == 0)
            bn = snprintf(body, sizeof body,
                          "{\"congress_id\":%lld,\"name\":\"压测%d-%lld\",\"gender\":\"%s\"}",
                          cfg.congress_id, w->index, seq, (seq & 1) ? "male" : "female");
        else
            bn = snprintf(body, sizeof body,
                          "{\"congress_id\":%lld,\"person_id\":%lld,\"level\":\"county\","
                          "\"delegation\":\"压测代表团\",\"occupation\":\"压测%d-%lld\"}",
                          cfg.congress_id, rng_range(&w->rng, 1, cfg.person_max), w->index, seq);
        if (bn < 0 || (size_t)bn >= sizeof body)
            die("request body too long");
        n = snprintf(out, outsz,
                     "POST /api/v1/%s HTTP/1.1\r\n"
                     "Host: 127.0.0.1:%d\r\n"
                     "Authorization: Bearer %s\r\n"
                     "Accept: application/json\r\n"
                     "Content-Type: application/json\r\n"
                     "Content-Length: %d\r\n"
                     "\r\n%s",
                     cfg.collection, cfg.port, cfg.token, bn, body);
    }
    if (n < 0 || (size_t)n >= outsz)
        die("request too long (token of %zu bytes?)", strlen(cfg.token));
    return (size_t)n;
}

static void record(worker *w, uint64_t ns) {
    if (w->nlat == w->caplat) {
        if (w->caplat >= SAMPLES_MAX) {
            w->unrecorded++;
            return;
        }
        size_t cap = w->caplat ? w->caplat * 2 : SAMPLES_INITIAL;
        uint64_t *p = realloc(w->lat_ns, cap * sizeof *p);
        if (!p) {
            w->unrecorded++;
            return;
        }
        w->lat_ns = p;
        w->caplat = cap;
    }
    w->lat_ns[w->nlat++] = ns;
}

static void show_error_once(int status, const conn *c) {
    if (atomic_flag_test_and_set(&error_shown))
        return;
    fprintf(stderr, "load: first error: HTTP %d: %.*s\n", status, ERROR_SNIPPET,
            c->body ? c->body : "");
}

static void *run_worker(void *arg) {
    worker *w = arg;
    conn *c = calloc(1, sizeof *c);
    if (!c) {
        w->io_errors++;
        return NULL;
    }
    c->fd = -1;
    char req[REQ_MAX];
    int reconnects = 0;
    for (long long seq = 0; !atomic_load(&stop_now) && !past_deadline(); seq++) {
        if (cfg.requests > 0 && atomic_fetch_add(&issued, 1) >= cfg.requests)
            break;
        size_t len = build_request(w, seq, req, sizeof req);
        int status = 0;
        uint64_t t0 = now_ns();
        if (exchange(c, req, len, &status) < 0) {
            w->io_errors++;
            if (++reconnects > MAX_RECONNECTS) {
                fprintf(stderr, "load: connection %d: giving up after %d failures (%s)\n", w->index,
                        MAX_RECONNECTS, strerror(errno));
                break;
            }
            continue;
        }
        record(w, now_ns() - t0);
        w->done++;
        if (status < 200 || status > 299) {
            w->not_2xx++;
            show_error_once(status, c);
        }
    }
    conn_close(c);
    free(c->body);
    free(c);
    return NULL;
}

/* ---- setup and report ------------------------------------------------------------------- */

/* probe — one GET on a fresh connection; returns the body (caller frees) or dies. */
static char *probe(const char *path) {
    conn *c = calloc(1, sizeof *c);
    if (!c)
        die("out of memory");
    c->fd = -1;
    char req[REQ_MAX];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
                     "Connection: close\r\n\r\n",
                     path, cfg.port, cfg.token);
    if (n < 0 || (size_t)n >= sizeof req)
        die("probe request too long");
    int status = 0;
    if (exchange(c, req, (size_t)n, &status) < 0)
        die("cannot reach 127.0.0.1:%d: %s", cfg.port, strerror(errno));
    if (status != 200)
        die("GET %s answered %d: %.*s", path, status, ERROR_SNIPPET, c->body ? c->body : "");
    char *body = c->body;
    conn_close(c);
    free(c);
    return body;
}

/* json_number_after — the integer after the first `"key":` in a JSON text; a shallow look
 * is enough for the server's own flat answers and avoids a JSON library dependency. */
static long long json_number_after(const char *json, const char *key) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(json, pat);
    if (!p)
        die("no \"%s\" in the server's answer", key);
    p += strlen(pat);
    while (*p == ' ')
        p++;
    return strtoll(p, NULL, 10);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* percentile — nearest-rank percentile of sorted samples, in ms. */
static double percentile(const uint64_t *s, size_t n, double pct) {
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)((pct / 100.0) * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (double)s[rank - 1] / NS_PER_MS;
}

static void usage(FILE *to, int code) {
    fprintf(
        to,
        "usage: load --port P --token T [options]\n"
        "  --mode list|create     list: GET /api/v1/deputies pages; create: POST (default list)\n"
        "  --connections N        concurrent keep-alive connections, 1-%d (default 1)\n"
        "  --duration S           seconds to run, 1-%d (default %d)\n"
        "  --requests N           stop after N requests in total (default: duration only)\n"
        "  --per-page N           list page size (default %d)\n"
        "  --pages N              highest page to ask for (default: from the server's total)\n"
        "  --collection C         create: deputies or persons (default deputies)\n"
        "  --congress-id ID       create: the congress of new records (default 1)\n"
        "  --person-max ID        create deputies: person_id from 1..ID (default: newest)\n"
        "  --host 127.0.0.1       the only address allowed\n"
        "The token may also come from the LOAD_TOKEN environment variable.\n",
        MAX_CONNECTIONS, MAX_DURATION_S, DEFAULT_DURATION_S, DEFAULT_PER_PAGE);
    exit(code);
}

static void parse_args(int argc, char **argv) {
    static const struct option opts[] = {
        {"port", required_argument, NULL, 'p'},
        {"token", required_argument, NULL, 't'},
        {"mode", required_argument, NULL, 'm'},
        {"connections", required_argument, NULL, 'c'},
        {"duration", required_argument, NULL, 'd'},
        {"requests", required_argument, NULL, 'n'},
        {"per-page", required_argument, NULL, 'P'},
        {"pages", required_argument, NULL, 'g'},
        {"collection", required_argument, NULL, 'C'},
        {"congress-id", required_argument, NULL, 'i'},
        {"person-max", required_argument, NULL, 'x'},
        {"host", required_argument, NULL, 'h'},
        {"help", no_argument, NULL, 'H'},
        {NULL, 0, NULL, 0},
    };
    cfg = (config){.mode = MODE_LIST,
                   .collection = "deputies",
                   .connections = 1,
                   .duration_s = DEFAULT_DURATION_S,
                   .per_page = DEFAULT_PER_PAGE,
                   .congress_id = 1};
    const char *host = "127.0.0.1", *token = getenv("LOAD_TOKEN");
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'p': cfg.port = (int)parse_ll("port", optarg, 1, 65535); break;
        case 't': token = optarg; break;
        case 'm':
            if (strcmp(optarg, "list") == 0)
                cfg.mode = MODE_LIST;
            else if (strcmp(optarg, "create") == 0)
                cfg.mode = MODE_CREATE;
            else
                die("--mode takes list or create, not '%s'", optarg);
            break;
        case 'c': cfg.connections = (int)parse_ll("connections", optarg, 1, MAX_CONNECTIONS); break;
        case 'd': cfg.duration_s = (int)parse_ll("duration", optarg, 1, MAX_DURATION_S); break;
        case 'n': cfg.requests = parse_ll("requests", optarg, 1, LLONG_MAX); break;
        case 'P': cfg.per_page = (int)parse_ll("per-page", optarg, 1, MAX_PER_PAGE); break;
        case 'g': cfg.pages = parse_ll("pages", optarg, 1, LLONG_MAX); break;
        case 'C':
            if (strcmp(optarg, "deputies") != 0 && strcmp(optarg, "persons") != 0)
                die("--collection takes deputies or persons, not '%s'", optarg);
            cfg.collection = optarg;
            break;
        case 'i': cfg.congress_id = parse_ll("congress-id", optarg, 1, LLONG_MAX); break;
        case 'x': cfg.person_max = parse_ll("person-max", optarg, 1, LLONG_MAX); break;
        case 'h': host = optarg; break;
        case 'H': usage(stdout, 0); break;
        default: usage(stderr, 2);
        }
    }
    if (optind != argc || cfg.port == 0)
        usage(stderr, 2);
    if (!token || !*token)
        die("a bearer token is required (--token or LOAD_TOKEN)");
    if (strlen(token) >= sizeof cfg.token || strpbrk(token, "\r\n"))
        die("the token is too long or contains a line break");
    strcpy(cfg.token, token);

    /* Loopback only, and only the one address: no names to resolve, no other hosts. */
    memset(&target, 0, sizeof target);
    target.sin_family = AF_INET;
    target.sin_port = htons((uint16_t)cfg.port);
    if (inet_pton(AF_INET, host, &target.sin_addr) != 1 ||
        target.sin_addr.s_addr != htonl(INADDR_LOOPBACK))
        die("refusing to load '%s': only 127.0.0.1 is allowed", host);
}

int main(int argc, char **argv) {
    parse_args(argc, argv);
    signal(SIGPIPE, SIG_IGN); /* a closed peer is an error we count, not a way to die */

    /* Ask the server what the sizes are, so the run covers every page that exists. */
    if (cfg.mode == MODE_LIST && cfg.pages == 0) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/deputies?page=1&per_page=%d", cfg.per_page);
        char *body = probe(path);
        long long total = json_number_after(body, "total");
        free(body);
        cfg.pages = total > 0 ? (total + cfg.per_page - 1) / cfg.per_page : 1;
    }
    if (cfg.mode == MODE_CREATE && strcmp(cfg.collection, "deputies") == 0 && cfg.person_max == 0) {
        char *body = probe("/api/v1/persons?per_page=1&sort=-id");
        cfg.person_max = json_number_after(body, "id");
        free(body);
        if (cfg.person_max < 1)
            die("no persons to make deputies of");
    }

    worker *ws = calloc((size_t)cfg.connections, sizeof *ws);
    if (!ws)
        die("out of memory");
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += cfg.duration_s;
    uint64_t t0 = now_ns();
    int started = 0;
    for (int i = 0; i < cfg.connections; i++) {
        ws[i].index = i;
        ws[i].rng = 0x9E3779B97F4A7C15ull * (uint64_t)(i + 1);
        int err = pthread_create(&ws[i].thread, NULL, run_worker, &ws[i]);
        if (err) {
            fprintf(stderr, "load: cannot start thread %d: %s\n", i, strerror(err));
            atomic_store(&stop_now, true);
            break;
        }
        started++;
    }
    for (int i = 0; i < started; i++)
        pthread_join(ws[i].thread, NULL);
    double elapsed = (double)(now_ns() - t0) / NS_PER_S;

    size_t nsamples = 0;
    long long done = 0, not_2xx = 0, io_errors = 0, unrecorded = 0;
    for (int i = 0; i < started; i++) {
        nsamples += ws[i].nlat;
        done += ws[i].done;
        not_2xx += ws[i].not_2xx;
        io_errors += ws[i].io_errors;
        unrecorded += ws[i].unrecorded;
    }
    uint64_t *all = malloc((nsamples ? nsamples : 1) * sizeof *all);
    if (!all)
        die("out of memory merging %zu samples", nsamples);
    size_t k = 0;
    for (int i = 0; i < started; i++) {
        memcpy(all + k, ws[i].lat_ns, ws[i].nlat * sizeof *all);
        k += ws[i].nlat;
        free(ws[i].lat_ns);
    }
    free(ws);
    qsort(all, nsamples, sizeof *all, cmp_u64);

    double rps = elapsed > 0 ? (double)done / elapsed : 0.0;
    double p50 = percentile(all, nsamples, 50), p90 = percentile(all, nsamples, 90);
    double p99 = percentile(all, nsamples, 99);
    double max = nsamples ? (double)all[nsamples - 1] / NS_PER_MS : 0.0;
    const char *what = cfg.mode == MODE_LIST ? "list" : "create";

    printf("%s: %d connection%s, %.1f s, %lld requests, %.0f req/s\n", what, cfg.connections,
           cfg.connections == 1 ? "" : "s", elapsed, done, rps);
    printf("  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", p50, p90, p99, max);
    printf("  errors: %lld non-2xx, %lld connection/protocol\n", not_2xx, io_errors);
    if (unrecorded)
        printf("  note: %lld latencies not kept (sample cap); percentiles cover the rest\n",
               unrecorded);
    printf("RESULT mode=%s connections=%d seconds=%.2f requests=%lld rps=%.1f p50_ms=%.3f "
           "p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%lld io_errors=%lld\n",
           what, cfg.connections, elapsed, done, rps, p50, p90, p99, max, not_2xx, io_errors);
    free(all);
    return (not_2xx || io_errors || done == 0) ? 1 : 0;
}
