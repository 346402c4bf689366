/* vote — the live-vote benchmark (issue 11 "Benchmark"): an electorate casting at once.
 *
 *   vote --port P --token ADMIN_TOKEN --db DB [--voters 3000] [--threads 2]
 *        [--probe-dir DIR] [--probe-seconds 2]
 *
 * Against a running `renda serve` on 127.0.0.1:P whose database is DB (bench/run starts
 * both), as an office would prepare a plenary:
 *   1. raises http_max_connections(_per_address) for the hall (docs/operations.md), makes
 *      a congress, a term covering today and --voters persons and serving deputies
 *      through the API (a few keep-alive connections);
 *   2. writes the deputies' accounts directly and gives each a bearer token with renda's
 *      own function, in one transaction (vote.h says why): logged in beforehand;
 *   3. a staff account makes a secret vote over the list of them and opens it with all
 *      present;
 *   4. opens one SSE stream per voter (GET /votes/<id>/events) and waits for every
 *      stream's `state`;
 *   5. opens one keep-alive connection per voter, each asking GET /votes/<id> once
 *      (the phone showing the question), then on a signal every voter POSTs its
 *      ballot at once: --threads threads, each sending its share back to back and
 *      reading the answers with epoll;
 *   6. waits until every stream has seen voted_count reach N, closes the vote, and
 *      waits until every stream has seen `closed`;
 *   7. measures the raw rate of durable one-row commits on the same disk (SQLite, WAL,
 *      synchronous=FULL, in --probe-dir) and, when DB is PostgreSQL, on it.
 * Prints a summary and one machine-readable line starting with "RESULT". Loopback only,
 * as bench/load.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "vote.h"

enum {
    MAX_VOTERS = 20000,
    MAX_THREADS = 16,
    IO_TIMEOUT_S = 120, /* a stuck server fails the run instead of hanging it */
    WAIT_S = 120,       /* for streams to see what happened */
    SETUP_THREADS = 4,  /* connections making the records and tokens */
    RESP_MAX = 1 << 22, /* a setup answer (the staff's user list) */
    BALLOT_BUF = 8192,  /* a ballot's answer */
    STREAM_BUF = 16384, /* a stream's undecoded bytes, and its undelivered text */
    REQ_MAX = 1 << 20,  /* the vote's creation carries every voter's id */
    EPOLL_BATCH = 256,
    PROBE_SECONDS = 2,
};

#define NS_PER_MS 1e6
#define PREFIX_LEN 24

static struct {
    int port, voters, threads, probe_s;
    const char *admin, *db, *dir;
} cfg = {.voters = 3000, .threads = 2, .probe_s = PROBE_SECONDS};

static struct sockaddr_in target;
static int64_t g_vote, g_cid, g_term;
static int64_t *g_deputies, *g_users;
static char (*g_tokens)[VOTE_TOKEN_MAX];
static char g_staff[80];
static char g_prefix[PREFIX_LEN];

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("vote: ", stderr);
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

static int tcp_connect(void) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct timeval tv = {.tv_sec = IO_TIMEOUT_S};
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0 ||
        connect(fd, (const struct sockaddr *)&target, sizeof target) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* request — an HTTP/1.1 request with a JSON body (or none) into out (malloc'd). */
static size_t request(char **out, const char *method, const char *path, const char *token,
                      const char *body) {
    size_t blen = body ? strlen(body) : 0, cap = blen + 1024;
    *out = malloc(cap);
    if (!*out)
        die("out of memory");
    int n = snprintf(*out, cap,
                     "%s /api/v1%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer "
                     "%s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     method, path, cfg.port, token, blen, body ? body : "");
    return (size_t)n;
}

/* response_len — is a whole response in p[0, n) (NUL-terminated)? Its length (status
 * and where the body starts into *status, *body_at), 0 when not yet, -1 malformed. */
static long response_len(const char *p, size_t n, int *status, size_t *body_at) {
    const char *end = strstr(p, "\r\n\r\n");
    if (!end)
        return n > BALLOT_BUF * 4 ? -1 : 0;
    if (strncmp(p, "HTTP/1.", 7) != 0 || n < 12)
        return -1;
    *status = atoi(p + 9);
    size_t head = (size_t)(end + 4 - p);
    long clen = 0;
    for (const char *h = strstr(p, "\r\n"); h && h < end; h = strstr(h + 2, "\r\n"))
        if (strncasecmp(h + 2, "Content-Length:", 15) == 0)
            clen = atol(h + 17);
    *body_at = head;
    return n >= head + (size_t)clen ? (long)(head + (size_t)clen) : 0;
}

/* ---- the setup: blocking calls on keep-alive connections ------------------------------ */

typedef struct {
    int fd;
    char *buf;
    size_t len;
} hc;

/* call — one request on c (reconnecting once when the server had closed it); the
 * status, and the body as JSON into *out (NULL when it is not JSON). */
static int call(hc *c, const char *method, const char *path, const char *token, const char *body,
                json_t **out) {
    char *req;
    size_t rlen = request(&req, method, path, token, body);
    int status = -1;
    for (int attempt = 0; attempt < 2 && status < 0; attempt++) {
        if (c->fd < 0 && (c->fd = tcp_connect()) < 0)
            die("cannot connect to 127.0.0.1:%d: %s", cfg.port, strerror(errno));
        if (!c->buf && !(c->buf = malloc(RESP_MAX + 1)))
            die("out of memory");
        c->len = 0;
        c->buf[0] = '\0';
        long total = 0;
        size_t at = 0;
        bool ok = send_all(c->fd, req, rlen) == 0;
        while (ok && (total = response_len(c->buf, c->len, &status, &at)) == 0) {
            ssize_t r = c->len < RESP_MAX ? recv(c->fd, c->buf + c->len, RESP_MAX - c->len, 0) : -1;
            ok = r > 0;
            if (ok) {
                c->len += (size_t)r;
                c->buf[c->len] = '\0';
            }
        }
        if (!ok || total < 0) {
            close(c->fd);
            c->fd = -1;
            status = -1;
            continue;
        }
        if (out)
            *out = json_loads(c->buf + at, JSON_DISABLE_EOF_CHECK, NULL);
        if (strcasestr(c->buf, "\r\nConnection: close")) {
            close(c->fd);
            c->fd = -1;
        }
    }
    free(req);
    if (status < 0)
        die("%s %s: no answer", method, path);
    return status;
}

/* call_id — call that must answer `want`; the "id" of the JSON answer. */
static int64_t call_id(hc *c, const char *method, const char *path, const char *token,
                       const char *body, int want) {
    json_t *o = NULL;
    int st = call(c, method, path, token, body, &o);
    if (st != want) {
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        die("%s %s → %d (want %d): %.300s", method, path, st, want, text ? text : "");
    }
    int64_t id = (int64_t)json_integer_value(json_object_get(o, "id"));
    json_decref(o);
    return id;
}

typedef void (*task_fn)(hc *c, int i);
static task_fn g_task;
static atomic_int g_next;

static void *task_thread(void *arg) {
    (void)arg;
    hc c = {.fd = -1};
    for (int i; (i = atomic_fetch_add(&g_next, 1)) < cfg.voters;)
        g_task(&c, i);
    if (c.fd >= 0)
        close(c.fd);
    free(c.buf);
    return NULL;
}

/* parallel — fn(c, i) for every voter i, on SETUP_THREADS connections. */
static void parallel(task_fn fn) {
    pthread_t t[SETUP_THREADS];
    g_task = fn;
    atomic_store(&g_next, 0);
    for (int k = 0; k < SETUP_THREADS; k++)
        if (pthread_create(&t[k], NULL, task_thread, NULL) != 0)
            die("cannot start a thread");
    for (int k = 0; k < SETUP_THREADS; k++)
        pthread_join(t[k], NULL);
}

static void make_deputy(hc *c, int i) {
    char body[512];
    snprintf(body, sizeof body, "{\"congress_id\":%lld,\"name\":\"代表%s%d\",\"gender\":\"%s\"}",
             (long long)g_cid, g_prefix, i, i % 2 ? "female" : "male");
    int64_t person = call_id(c, "POST", "/persons", cfg.admin, body, 201);
    snprintf(body, sizeof body,
             "{\"congress_id\":%lld,\"person_id\":%lld,\"term_id\":%lld,\"level\":\"national\","
             "\"delegation\":\"代表团%d\",\"status\":\"active\"}",
             (long long)g_cid, (long long)person, (long long)g_term, i % 35);
    g_deputies[i] = call_id(c, "POST", "/deputies", cfg.admin, body, 201);
}

static void setup(double *records_s, double *accounts_s) {
    hc c = {.fd = -1};
    char body[512], today[16], start[16], end[16];
    time_t now = time(NULL) + 8 * 3600; /* the congress's day (Beijing) */
    time_t from = now - 400 * 86400, to = now + 4 * 365 * 86400;
    strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
    strftime(start, sizeof start, "%Y-%m-%d", gmtime(&from));
    strftime(end, sizeof end, "%Y-%m-%d", gmtime(&to));
    snprintf(g_prefix, sizeof g_prefix, "v%ld_", (long)(now % 1000000));
    /* the hall: one connection per voter for the ballots (from one address here, as
     * behind nginx or a NAT), and room for the rest */
    snprintf(body, sizeof body,
             "{\"http_max_connections\":%d,\"http_max_connections_per_address\":%d}",
             2 * cfg.voters + 1024, 2 * cfg.voters + 1024);
    if (call(&c, "PATCH", "/settings", cfg.admin, body, NULL) != 200)
        die("PATCH /settings was refused (is the token an administrator's?)");
    uint64_t t0 = now_ns();
    snprintf(body, sizeof body, "{\"name\":\"全国人民代表大会%s\",\"level\":\"national\"}",
             g_prefix);
    g_cid = call_id(&c, "POST", "/congresses", cfg.admin, body, 201);
    snprintf(body, sizeof body,
             "{\"congress_id\":%lld,\"number\":14,\"start_on\":\"%s\",\"end_on\":\"%s\"}",
             (long long)g_cid, start, end);
    g_term = call_id(&c, "POST", "/terms", cfg.admin, body, 201);
    parallel(make_deputy);
    *records_s = (double)(now_ns() - t0) / 1e9;

    t0 = now_ns();
    if (vote_db_accounts(cfg.db, g_cid, g_deputies, cfg.voters, g_prefix, g_users, g_tokens) != 0)
        exit(1);
    /* the office: a staff account (its one password hash through the API) and token */
    char staff[64];
    snprintf(staff, sizeof staff, "%sstaff", g_prefix);
    snprintf(body, sizeof body,
             "{\"login\":\"%s\",\"password\":\"Staff-%s-Passw0rd\",\"role\":\"staff\","
             "\"congress_id\":%lld}",
             staff, g_prefix, (long long)g_cid);
    int64_t sid = call_id(&c, "POST", "/users", cfg.admin, body, 201);
    char path[64];
    snprintf(path, sizeof path, "/users/%lld/tokens", (long long)sid);
    json_t *t = NULL;
    if (call(&c, "POST", path, cfg.admin, "{\"name\":\"bench vote\"}", &t) != 201)
        die("POST %s refused", path);
    snprintf(g_staff, sizeof g_staff, "%s", json_string_value(json_object_get(t, "token")));
    json_decref(t);
    *accounts_s = (double)(now_ns() - t0) / 1e9;

    /* the vote: secret, over the list, everyone present */
    size_t cap = (size_t)cfg.voters * 24 + 1024, n = 0;
    char *vb = malloc(cap);
    if (!vb)
        die("out of memory");
    n += (size_t)snprintf(vb + n, cap - n,
                          "{\"question\":\"关于政府工作报告的决议（草案）%s\",\"mode\":\"secret\","
                          "\"method\":\"electronic\",\"rule\":\"majority_of_all\","
                          "\"electorate\":\"list\",\"term_id\":%lld,\"voters\":[",
                          g_prefix, (long long)g_term);
    for (int i = 0; i < cfg.voters; i++)
        n += (size_t)snprintf(vb + n, cap - n, "%s%lld", i ? "," : "", (long long)g_deputies[i]);
    snprintf(vb + n, cap - n, "]}");
    g_vote = call_id(&c, "POST", "/votes", g_staff, vb, 201);
    char *ob = malloc(cap);
    if (!ob)
        die("out of memory");
    char *ids = strchr(vb, '[');
    snprintf(ob, cap, "{\"present\":%s", ids); /* the same ids, and the closing brace */
    snprintf(path, sizeof path, "/votes/%lld/open", (long long)g_vote);
    if (call(&c, "POST", path, g_staff, ob, NULL) != 200)
        die("POST %s refused", path);
    free(vb);
    free(ob);
    if (c.fd >= 0)
        close(c.fd);
    free(c.buf);
    (void)today;
}

/* ---- the hall: one SSE stream per voter, read by one thread --------------------------- */

typedef enum { CH_SIZE, CH_DATA, CH_CRLF } chunk_state;

typedef struct {
    int fd;
    bool head, dead, full, closed;
    chunk_state cs;
    size_t left; /* of the current chunk */
    char raw[STREAM_BUF + 1], text[STREAM_BUF + 1];
    size_t rlen, tlen;
    long voted;
    uint64_t full_ns, closed_ns;
} stream;

static stream *g_streams;
static int g_epoll;
static atomic_int g_with_state, g_full, g_closed, g_dead;
static atomic_bool g_watch_stop;

/* events — the complete events in s->text: what the hall's screen would show. */
static void events(stream *s) {
    char *end;
    while ((end = strstr(s->text, "\n\n"))) {
        *end = '\0';
        const char *vc = strstr(s->text, "\"voted_count\":");
        if (strstr(s->text, "event: state"))
            atomic_fetch_add(&g_with_state, 1);
        if (vc && atol(vc + 14) > s->voted)
            s->voted = atol(vc + 14);
        if (!s->full && s->voted >= cfg.voters) {
            s->full = true;
            s->full_ns = now_ns();
            atomic_fetch_add(&g_full, 1);
        }
        if (!s->closed && strstr(s->text, "event: closed")) {
            s->closed = true;
            s->closed_ns = now_ns();
            atomic_fetch_add(&g_closed, 1);
        }
        size_t used = (size_t)(end + 2 - s->text);
        memmove(s->text, end + 2, s->tlen - used + 1);
        s->tlen -= used;
    }
}

/* dechunk — move the chunked body from raw into text. false when malformed. */
static bool dechunk(stream *s) {
    size_t i = 0;
    if (!s->head) {
        char *end = strstr(s->raw, "\r\n\r\n");
        if (!end)
            return s->rlen < STREAM_BUF;
        if (strncmp(s->raw, "HTTP/1.1 200", 12) != 0)
            return false;
        s->head = true;
        i = (size_t)(end + 4 - s->raw);
    }
    while (i < s->rlen) {
        if (s->cs == CH_SIZE) {
            char *nl = memchr(s->raw + i, '\n', s->rlen - i);
            if (!nl)
                break;
            s->left = strtoul(s->raw + i, NULL, 16);
            i = (size_t)(nl + 1 - s->raw);
            if (s->left == 0)
                return false; /* the server ended the stream */
            s->cs = CH_DATA;
        } else if (s->cs == CH_DATA) {
            size_t take = s->rlen - i < s->left ? s->rlen - i : s->left;
            if (s->tlen + take > STREAM_BUF)
                return false;
            memcpy(s->text + s->tlen, s->raw + i, take);
            s->tlen += take;
            s->text[s->tlen] = '\0';
            i += take;
            s->left -= take;
            if (!s->left)
                s->cs = CH_CRLF;
        } else {
            if (s->rlen - i < 2)
                break;
            i += 2;
            s->cs = CH_SIZE;
        }
    }
    memmove(s->raw, s->raw + i, s->rlen - i + 1);
    s->rlen -= i;
    events(s);
    return true;
}

static void stream_readable(stream *s) {
    for (;;) {
        ssize_t r = recv(s->fd, s->raw + s->rlen, STREAM_BUF - s->rlen, MSG_DONTWAIT);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        int saved = errno;
        if (r > 0) {
            s->raw[s->rlen + (size_t)r] = '\0';
            s->rlen += (size_t)r;
        }
        if (r <= 0 || !dechunk(s)) {
            epoll_ctl(g_epoll, EPOLL_CTL_DEL, s->fd, NULL);
            s->dead = true;
            if (atomic_fetch_add(&g_dead, 1) == 0) /* the first one says why */
                fprintf(stderr, "vote: stream %d ended (%s): %.200s\n", (int)(s - g_streams),
                        r == 0  ? "closed by the server"
                        : r < 0 ? strerror(saved)
                                : "its end",
                        s->raw);
            return;
        }
    }
}

static void *watcher(void *arg) {
    (void)arg;
    struct epoll_event ev[EPOLL_BATCH];
    while (!atomic_load(&g_watch_stop)) {
        int n = epoll_wait(g_epoll, ev, EPOLL_BATCH, 100);
        for (int i = 0; i < n; i++)
            stream_readable(&g_streams[ev[i].data.u32]);
    }
    return NULL;
}

static void open_streams(void) {
    g_streams = calloc((size_t)cfg.voters, sizeof *g_streams);
    g_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (!g_streams || g_epoll < 0)
        die("out of memory");
    char *req;
    for (int i = 0; i < cfg.voters; i++) {
        char path[64];
        snprintf(path, sizeof path, "/votes/%lld/events", (long long)g_vote);
        size_t n = request(&req, "GET", path, g_tokens[i], NULL);
        stream *s = &g_streams[i];
        if ((s->fd = tcp_connect()) < 0 || send_all(s->fd, req, n) < 0)
            die("stream %d: cannot connect: %s", i, strerror(errno));
        free(req);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(g_epoll, EPOLL_CTL_ADD, s->fd, &ev) < 0)
            die("epoll_ctl: %s", strerror(errno));
    }
}

/* ---- the ballots ---------------------------------------------------------------------- */

typedef struct {
    int fd, status;
    char buf[BALLOT_BUF + 1];
    size_t len;
    bool done;
    uint64_t sent_ns, ack_ns;
} ballot;

typedef struct {
    pthread_t thread;
    int lo, hi; /* its voters [lo, hi) */
    uint64_t start_ns;
    int errors;
} caster;

static ballot *g_ballots;
static pthread_barrier_t g_ready;

/* answer — read what ballot b's server said; true once it is all in. */
static bool answer(ballot *b, bool blocking) {
    for (;;) {
        size_t at;
        long total = response_len(b->buf, b->len, &b->status, &at);
        if (total > 0) {
            b->len = 0;
            b->buf[0] = '\0';
            return true;
        }
        ssize_t r =
            total < 0 || b->len >= BALLOT_BUF
                ? -1
                : recv(b->fd, b->buf + b->len, BALLOT_BUF - b->len, blocking ? 0 : MSG_DONTWAIT);
        if (r < 0 && !blocking && (errno == EAGAIN || errno == EWOULDBLOCK))
            return false;
        if (r <= 0) {
            b->status = -1;
            return true;
        }
        b->len += (size_t)r;
        b->buf[b->len] = '\0';
    }
}

static const char *const CHOICES[] = {"yes", "yes", "yes", "yes",     "yes",
                                      "yes", "no",  "no",  "abstain", "yes"};

static void *cast(void *arg) {
    caster *w = arg;
    char path[64], *req;
    /* logged in and looking at the question: one keep-alive connection each */
    snprintf(path, sizeof path, "/votes/%lld", (long long)g_vote);
    for (int i = w->lo; i < w->hi; i++) {
        size_t n = request(&req, "GET", path, g_tokens[i], NULL);
        if ((g_ballots[i].fd = tcp_connect()) < 0 || send_all(g_ballots[i].fd, req, n) < 0)
            die("voter %d: cannot connect: %s", i, strerror(errno));
        free(req);
    }
    for (int i = w->lo; i < w->hi; i++)
        if (!answer(&g_ballots[i], true) || g_ballots[i].status != 200)
            die("voter %d: GET %s → %d", i, path, g_ballots[i].status);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    char **reqs = calloc((size_t)(w->hi - w->lo), sizeof *reqs);
    size_t *lens = calloc((size_t)(w->hi - w->lo), sizeof *lens);
    if (ep < 0 || !reqs || !lens)
        die("out of memory");
    snprintf(path, sizeof path, "/votes/%lld/ballot", (long long)g_vote);
    for (int i = w->lo; i < w->hi; i++) {
        char body[64];
        snprintf(body, sizeof body, "{\"choice\":\"%s\"}", CHOICES[i % 10]);
        lens[i - w->lo] = request(&reqs[i - w->lo], "POST", path, g_tokens[i], body);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, g_ballots[i].fd, &ev);
    }
    pthread_barrier_wait(&g_ready);
    w->start_ns = now_ns();
    for (int i = w->lo; i < w->hi; i++) {
        g_ballots[i].sent_ns = now_ns();
        if (send_all(g_ballots[i].fd, reqs[i - w->lo], lens[i - w->lo]) < 0)
            die("voter %d: cannot send the ballot: %s", i, strerror(errno));
    }
    int left = w->hi - w->lo;
    struct epoll_event ev[EPOLL_BATCH];
    uint64_t give_up = now_ns() + (uint64_t)IO_TIMEOUT_S * 1000000000u;
    while (left > 0 && now_ns() < give_up) {
        int n = epoll_wait(ep, ev, EPOLL_BATCH, 1000);
        for (int k = 0; k < n; k++) {
            ballot *b = &g_ballots[ev[k].data.u32];
            if (b->done || !answer(b, false))
                continue;
            b->ack_ns = now_ns();
            b->done = true;
            left--;
            if (b->status != 200)
                w->errors++;
        }
    }
    w->errors += left;
    for (int i = 0; i < w->hi - w->lo; i++)
        free(reqs[i]);
    free(reqs);
    free(lens);
    close(ep);
    return NULL;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct(const uint64_t *v, size_t n, double p) {
    if (!n)
        return 0;
    size_t k = (size_t)(p * (double)(n - 1) + 0.5);
    return (double)v[k] / NS_PER_MS;
}

/* wait_for — until *count reaches want or WAIT_S pass. */
static void wait_for(atomic_int *count, int want) {
    uint64_t until = now_ns() + (uint64_t)WAIT_S * 1000000000u;
    while (atomic_load(count) < want && atomic_load(&g_dead) == 0 && now_ns() < until) {
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
}

static void usage(void) {
    fputs("usage: vote --port P --token ADMIN_TOKEN --db DB [--voters N] [--threads T]\n"
          "            [--probe-dir DIR] [--probe-seconds S]\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv) {
    static const struct option opts[] = {
        {"port", 1, NULL, 'p'},          {"token", 1, NULL, 't'},   {"db", 1, NULL, 'd'},
        {"voters", 1, NULL, 'n'},        {"threads", 1, NULL, 'T'}, {"probe-dir", 1, NULL, 'D'},
        {"probe-seconds", 1, NULL, 's'}, {NULL, 0, NULL, 0},
    };
    for (int o; (o = getopt_long(argc, argv, "", opts, NULL)) != -1;) {
        switch (o) {
        case 'p': cfg.port = atoi(optarg); break;
        case 't': cfg.admin = optarg; break;
        case 'd': cfg.db = optarg; break;
        case 'n': cfg.voters = atoi(optarg); break;
        case 'T': cfg.threads = atoi(optarg); break;
        case 'D': cfg.dir = optarg; break;
        case 's': cfg.probe_s = atoi(optarg); break;
        default: usage();
        }
    }
    if (cfg.port < 1 || cfg.port > 65535 || !cfg.admin || !cfg.db || cfg.voters < 1 ||
        cfg.voters > MAX_VOTERS || cfg.threads < 1 || cfg.threads > MAX_THREADS ||
        cfg.probe_s < 1 || cfg.probe_s > 60)
        usage();
    target.sin_family = AF_INET;
    target.sin_port = htons((uint16_t)cfg.port);
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_deputies = calloc((size_t)cfg.voters, sizeof *g_deputies);
    g_users = calloc((size_t)cfg.voters, sizeof *g_users);
    g_tokens = calloc((size_t)cfg.voters, sizeof *g_tokens);
    g_ballots = calloc((size_t)cfg.voters, sizeof *g_ballots);
    if (!g_deputies || !g_users || !g_tokens || !g_ballots)
        die("out of memory");

    double records_s, accounts_s;
    fprintf(stderr, "vote: making %d deputies, their accounts and tokens, and the vote…\n",
            cfg.voters);
    setup(&records_s, &accounts_s);
    /* the disk's rate before and after the ballots: other work on the machine moves it */
    fprintf(stderr, "vote: the raw commit rate on the same disk…\n");
    double sq0 = vote_db_probe_sqlite(cfg.dir ? cfg.dir : ".", cfg.probe_s);
    double pg0 = strncmp(cfg.db, "postgres", 8) == 0 ? vote_db_probe_pg(cfg.db, cfg.probe_s) : -1;
    fprintf(stderr, "vote: opening %d event streams…\n", cfg.voters);
    open_streams();
    pthread_t watch;
    if (pthread_create(&watch, NULL, watcher, NULL) != 0)
        die("cannot start a thread");
    wait_for(&g_with_state, cfg.voters);
    if (atomic_load(&g_with_state) < cfg.voters)
        die("only %d of %d streams said `state` (%d ended)", atomic_load(&g_with_state), cfg.voters,
            atomic_load(&g_dead));

    fprintf(stderr, "vote: %d voters connect, look at the question, and cast at once…\n",
            cfg.voters);
    caster w[MAX_THREADS] = {{0}};
    pthread_barrier_init(&g_ready, NULL, (unsigned)cfg.threads + 1);
    for (int k = 0; k < cfg.threads; k++) {
        w[k].lo = cfg.voters * k / cfg.threads;
        w[k].hi = cfg.voters * (k + 1) / cfg.threads;
        if (pthread_create(&w[k].thread, NULL, cast, &w[k]) != 0)
            die("cannot start a thread");
    }
    pthread_barrier_wait(&g_ready);
    fprintf(stderr, "vote: casting…\n");
    int errors = 0;
    uint64_t t0 = UINT64_MAX, last = 0;
    for (int k = 0; k < cfg.threads; k++) {
        pthread_join(w[k].thread, NULL);
        errors += w[k].errors;
        if (w[k].start_ns < t0)
            t0 = w[k].start_ns;
    }
    uint64_t *lat = calloc((size_t)cfg.voters, sizeof *lat);
    size_t nlat = 0;
    for (int i = 0; i < cfg.voters; i++)
        if (g_ballots[i].done && g_ballots[i].status == 200) {
            lat[nlat++] = g_ballots[i].ack_ns - g_ballots[i].sent_ns;
            if (g_ballots[i].ack_ns > last)
                last = g_ballots[i].ack_ns;
        }
    qsort(lat, nlat, sizeof *lat, cmp_u64);
    double all_ms = (double)(last - t0) / NS_PER_MS;

    wait_for(&g_full, cfg.voters);
    int full = atomic_load(&g_full);
    uint64_t hall = 0;
    for (int i = 0; i < cfg.voters; i++)
        if (g_streams[i].full && g_streams[i].full_ns > hall)
            hall = g_streams[i].full_ns;
    hc c = {.fd = -1};
    char path[64];
    snprintf(path, sizeof path, "/votes/%lld/close", (long long)g_vote);
    json_t *rec = NULL;
    uint64_t close_ns = now_ns();
    if (call(&c, "POST", path, g_staff, "{}", &rec) != 200)
        die("POST %s refused", path);
    json_int_t cast_n = json_integer_value(json_object_get(json_object_get(rec, "result"), "cast"));
    json_decref(rec);
    wait_for(&g_closed, cfg.voters);
    int closed = atomic_load(&g_closed);
    uint64_t closed_last = 0;
    for (int i = 0; i < cfg.voters; i++)
        if (g_streams[i].closed && g_streams[i].closed_ns > closed_last)
            closed_last = g_streams[i].closed_ns;
    atomic_store(&g_watch_stop, true);
    pthread_join(watch, NULL);
    for (int i = 0; i < cfg.voters; i++) {
        close(g_streams[i].fd);
        close(g_ballots[i].fd);
    }
    if (c.fd >= 0)
        close(c.fd);

    fprintf(stderr, "vote: the raw commit rate on the same disk, again…\n");
    double sq = vote_db_probe_sqlite(cfg.dir ? cfg.dir : ".", cfg.probe_s);
    double pg = strncmp(cfg.db, "postgres", 8) == 0 ? vote_db_probe_pg(cfg.db, cfg.probe_s) : -1;
    double raw = pg > 0 ? (pg + pg0) / 2 : (sq + sq0) / 2;
    double rate = all_ms > 0 ? (double)nlat / (all_ms / 1000.0) : 0;

    printf("renda bench/vote — %d voters, %d client threads casting, %s\n", cfg.voters, cfg.threads,
           pg > 0 ? "PostgreSQL" : "SQLite");
    printf("  setup: persons and deputies through the API %.1f s; accounts and tokens %.1f s\n",
           records_s, accounts_s);
    printf("  ballots acknowledged (200): %zu of %d (errors %d); the result counts %lld cast\n",
           nlat, cfg.voters, errors, (long long)cast_n);
    printf("  time until the last ballot was acknowledged: %.0f ms\n", all_ms);
    printf("  per ballot: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.0f ballots/s\n",
           pct(lat, nlat, 0.5), pct(lat, nlat, 0.99), nlat ? (double)lat[nlat - 1] / NS_PER_MS : 0,
           rate);
    printf("  hall: %d of %d streams saw %d/%d voted, the last %.0f ms after the first ballot\n",
           full, cfg.voters, cfg.voters, cfg.voters, hall ? (double)(hall - t0) / NS_PER_MS : -1.0);
    printf("  closed: %d of %d streams saw the result, the last %.0f ms after the close\n", closed,
           cfg.voters, closed_last ? (double)(closed_last - close_ns) / NS_PER_MS : -1.0);
    printf("  raw durable one-row commits, before / after the ballots: SQLite (WAL, "
           "synchronous=FULL) %.0f / %.0f per s",
           sq0, sq);
    if (pg > 0)
        printf(", PostgreSQL %.0f / %.0f per s", pg0, pg);
    printf("\n  ballots/s ÷ raw commits/s (their mean): %.2f\n", raw > 0 ? rate / raw : 0);
    printf("RESULT voters=%d acked=%zu errors=%d last_ack_ms=%.1f p50_ms=%.2f p99_ms=%.2f "
           "max_ms=%.2f ballots_per_s=%.0f hall_ms=%.0f streams_full=%d streams_closed=%d "
           "sqlite_commits_per_s=%.0f/%.0f pg_commits_per_s=%.0f/%.0f\n",
           cfg.voters, nlat, errors, all_ms, pct(lat, nlat, 0.5), pct(lat, nlat, 0.99),
           nlat ? (double)lat[nlat - 1] / NS_PER_MS : 0, rate,
           hall ? (double)(hall - t0) / NS_PER_MS : -1.0, full, closed, sq0, sq, pg0, pg);
    return errors || full < cfg.voters || closed < cfg.voters ? 1 : 0;
}
