/* fuzz_request.c — libFuzzer harness for the request head: the raw-target check,
 * routing, identity and query parsing of every API request.
 *
 * An input is a request head in text: a first line "METHOD TARGET" and then header
 * lines "Name: value", split on '\n' (a '\r' before it is dropped). Each piece ends
 * at its first NUL, as libmicrohttpd 0.9.75 hands the server C strings. The target
 * goes through http_check_target (src/http/request.c), exactly as the server's
 * on_uri does; when that passes, it is split and unescaped the way libmicrohttpd
 * does (MHD_http_unescape, '+' as space in the query) and the request goes to
 * api_handle — the code the server runs — against a SQLite database with the demo
 * data in a temporary directory. The header values "@admin", "@office", "@deputy"
 * and "@unit" in an Authorization header become "Bearer <token>" of that account,
 * for GET and HEAD only (so that the database stays as it was: other methods go in
 * anonymous, or with whatever token the input spells).
 *
 * What counts as a failure (__builtin_trap or a sanitizer report):
 *   - http_check_target refusing with anything but RC_BAD_REQUEST, a message and a
 *     field; or passing a target whose path or a query name/value unescapes to
 *     something with a NUL inside (the promise that makes the 400 complete);
 *   - api_handle answering a status outside 200..599, or 500 (bad input must get a
 *     4xx), a JSON body that does not parse, or an error without code, message and
 *     field strings;
 *   - leaks, memory errors, undefined behaviour.
 *
 * Seeds: tests/fuzz/corpus/request. Build and run: scripts/fuzz (FUZZ_ONLY=request). */
#include <ftw.h>
#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "domain/demo.h"
#include "domain/user.h"
#include "http/request.h"
#include "store/store.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

#define INPUT_MAX 8192 /* longer inputs are cut: a head, not a body */
#define HEADERS_MAX 32
#define PARAMS_MAX 256
#define REQUEST_ARENA_MAX (64u * 1024 * 1024) /* as src/http/server.c */
#define WEB_PATH_MAX 2048                     /* PATH_MAX_BYTES / 2 in server.c */
#define STATUS_MIN 200
#define STATUS_MAX 599
#define STATUS_INTERNAL 500
#define ACCOUNT_PASSWORD "fuzz-harness-password"

typedef struct {
    const char *name, *value;
} header;

typedef struct {
    const char *key, *value; /* value NULL: "name" without '=' */
} param;

typedef struct {
    header headers[HEADERS_MAX];
    int nheaders;
    param params[PARAMS_MAX];
    int nparams;
} request_parts;

static char g_dir[] = "/tmp/renda-fuzz-request-XXXXXX";
static store *g_store;
static store_conn *g_db;

static struct {
    const char *marker, *login;
    char bearer[TOKEN_HEX + sizeof "Bearer "];
} g_accounts[] = {
    {"@admin", "fuzzadmin", ""},
    {"@office", "fuzzoffice", ""},
    {"@deputy", "fuzzdeputy", ""},
    {"@unit", "fuzzunit", ""},
};

#define NACCOUNTS ((int)(sizeof g_accounts / sizeof g_accounts[0]))

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void cleanup(void) {
    store_disconnect(g_db);
    store_close(g_store);
    nftw(g_dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void die(const char *what, const err *e) {
    fprintf(stderr, "fuzz_request: %s: %s\n", what, e ? e->message : "failed");
    exit(1);
}

static int64_t first_id(const char *sql) {
    int64_t id = 0;
    err e;
    if (store_one_int(g_db, sql, NULL, &id, &e) != RC_OK)
        die(sql, &e);
    return id;
}

/* setup — a database with the demo data and one account (and token) per role. */
static void setup(void) {
    err e;
    if (!mkdtemp(g_dir))
        die("mkdtemp", NULL);
    char path[sizeof g_dir + 16];
    snprintf(path, sizeof path, "%s/fuzz.db", g_dir);
    if (store_open(path, &g_store, &e) || store_connect(g_store, &g_db, &e) ||
        store_migrate(g_db, NULL, &e))
        die("database", &e);
    atexit(cleanup);
    long long congress = 0;
    if (demo_load(g_db, &congress, &e))
        die("demo data", &e);
    int64_t deputy = first_id("SELECT MIN(id) FROM deputies");
    int64_t unit = first_id("SELECT MIN(id) FROM units");
    user_spec users[NACCOUNTS] = {
        {.login = "fuzzadmin", .role = "admin", .password = ACCOUNT_PASSWORD},
        {.login = "fuzzoffice",
         .role = "staff",
         .congress_id = congress,
         .password = ACCOUNT_PASSWORD},
        {.login = "fuzzdeputy",
         .role = "deputy",
         .congress_id = congress,
         .deputy_id = deputy,
         .password = ACCOUNT_PASSWORD},
        {.login = "fuzzunit",
         .role = "unit",
         .congress_id = congress,
         .unit_id = unit,
         .password = ACCOUNT_PASSWORD},
    };
    for (int i = 0; i < NACCOUNTS; i++) {
        char token[TOKEN_HEX];
        if (user_add(g_db, NULL, &users[i], NULL, &e) ||
            auth_token_create(g_db, g_accounts[i].login, token, &e))
            die(g_accounts[i].login, &e);
        snprintf(g_accounts[i].bearer, sizeof g_accounts[i].bearer, "Bearer %s", token);
    }
}

/* ---- the request as libmicrohttpd would hand it over ----------------------------- */

static const char *hdr(const api_request *r, const char *name) {
    const request_parts *p = r->transport;
    for (int i = 0; i < p->nheaders; i++) /* the first of that name, ignoring case */
        if (strcasecmp(p->headers[i].name, name) == 0)
            return p->headers[i].value;
    return NULL;
}

static void query_each(const api_request *r, api_query_cb cb, void *ctx) {
    const request_parts *p = r->transport;
    for (int i = 0; i < p->nparams; i++)
        cb(ctx, p->params[i].key, p->params[i].value ? p->params[i].value : "");
}

/* unescape — libmicrohttpd's unescaping of a query piece, in place; checks that no
 * NUL came out of it (http_check_target passed the target). */
static void unescape(char *s, bool plus) {
    if (plus)
        for (char *q = s; *q; q++)
            if (*q == '+')
                *q = ' ';
    size_t n = MHD_http_unescape(s);
    CHECK(strlen(s) == n);
}

/* split_query — "a=1&b&c=2" as libmicrohttpd's MHD_parse_arguments_ splits it. */
static void split_query(char *args, request_parts *p) {
    while (args && *args && p->nparams < PARAMS_MAX) {
        char *amp = strchr(args, '&');
        if (amp)
            *amp++ = '\0';
        char *eq = strchr(args, '=');
        if (eq)
            *eq++ = '\0';
        unescape(args, true);
        if (eq)
            unescape(eq, true);
        p->params[p->nparams].key = args;
        p->params[p->nparams].value = eq;
        p->nparams++;
        args = amp;
    }
}

/* next_line — the next '\n'-ended line of buf (a '\r' before the '\n' dropped), cut at
 * its first NUL; NULL at the end. */
static char *next_line(char **buf) {
    char *line = *buf;
    if (!line)
        return NULL;
    char *nl = strchr(line, '\n');
    *buf = nl ? nl + 1 : NULL;
    if (nl) {
        *nl = '\0';
        if (nl > line && nl[-1] == '\r')
            nl[-1] = '\0';
    }
    return line;
}

static void check_response(const api_response *rs) {
    CHECK(rs->status >= STATUS_MIN && rs->status <= STATUS_MAX);
    CHECK(rs->status != STATUS_INTERNAL);
    CHECK(rs->nheaders >= 0 && rs->nheaders <= API_MAX_HEADERS);
    if (!rs->body || !rs->content_type || !strstr(rs->content_type, "json"))
        return;
    json_error_t je;
    json_t *v = json_loadb(rs->body, rs->body_len, 0, &je);
    CHECK(v != NULL);
    if (rs->status >= 400) {
        json_t *error = json_object_get(v, "error");
        CHECK(json_is_object(error));
        CHECK(json_is_string(json_object_get(error, "code")));
        CHECK(json_is_string(json_object_get(error, "field")));
        const char *msg = json_string_value(json_object_get(error, "message"));
        CHECK(msg && msg[0]);
    }
    json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!g_db)
        setup();
    if (size > INPUT_MAX)
        size = INPUT_MAX;
    char *text = malloc(size + 1);
    CHECK(text != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    char *rest = text;
    char *line = next_line(&rest);
    char *target = line ? strchr(line, ' ') : NULL;
    if (target)
        *target++ = '\0';
    const char *method = line ? line : "";
    request_parts parts = {.nheaders = 0};
    bool read_only = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    for (char *h; (h = next_line(&rest)) && parts.nheaders < HEADERS_MAX;) {
        char *colon = strchr(h, ':');
        if (!colon)
            continue;
        *colon++ = '\0';
        while (*colon == ' ' || *colon == '\t')
            colon++;
        const char *value = colon;
        for (int i = 0; read_only && i < NACCOUNTS; i++)
            if (strcasecmp(h, "Authorization") == 0 && strcmp(value, g_accounts[i].marker) == 0)
                value = g_accounts[i].bearer;
        parts.headers[parts.nheaders].name = h;
        parts.headers[parts.nheaders].value = value;
        parts.nheaders++;
    }

    err e;
    err_clear(&e);
    if (http_check_target(target, &e) != RC_OK) {
        CHECK(e.rc == RC_BAD_REQUEST);
        CHECK(e.message[0] != '\0');
        CHECK(e.field[0] != '\0');
        free(text);
        return 0;
    }
    char none[1] = "";
    char *path = target ? target : none;
    char *q = strchr(path, '?');
    if (q)
        *q++ = '\0';
    split_query(q, &parts);
    unescape(path, false);
    if (strncmp(path, "/api/", 5) != 0) {
        (void)http_path_safe(path, WEB_PATH_MAX);
        free(text);
        return 0;
    }

    arena *a = arena_new(REQUEST_ARENA_MAX);
    CHECK(a != NULL);
    api_request rq = {
        .a = a,
        .method = method,
        .path = path,
        .body = NULL,
        .body_len = 0,
        .db = g_db,
        .header = hdr,
        .query_each = query_each,
        .transport = &parts,
    };
    api_response rs = {0};
    api_handle(&rq, &rs);
    check_response(&rs);
    store_rollback(g_db); /* as the server does after every request */
    free(rs.body);
    arena_free(a);
    free(text);
    return 0;
}
