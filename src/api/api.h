/* api.h — the JSON API under /api/v1: HTTP-shaped requests in, responses out.
 *
 * The HTTP layer (http/server.c) fills an api_request for each request and sends
 * the api_response back. The api layer resolves who is asking, routes, decodes and
 * checks JSON, and calls the domain; it writes no SQL. */
#ifndef RENDA_API_H
#define RENDA_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/rc.h"
#include "domain/collection/collection.h"
#include "store/store.h"

typedef struct api_request api_request;

typedef void (*api_query_cb)(void *ctx, const char *key, const char *value);

struct api_request {
    arena *a; /* freed by the HTTP layer after the response is sent */
    const char *method, *path;
    const char *body;
    size_t body_len;
    store_conn *db;
    /* Provided by the HTTP layer. header() is case-insensitive; NULL when absent. */
    const char *(*header)(const api_request *r, const char *name);
    void (*query_each)(const api_request *r, api_query_cb cb, void *ctx);
    void *transport;
    /* the peer's numeric address (IPv4 or IPv6), "" when unknown; see
     * api_client_address for the client behind a trusted proxy */
    const char *client_address;
};

/* How this server is reached, from `renda serve` (set once, before serving). */
typedef struct {
    const char *public_url;      /* e.g. https://renda.example.gov.cn; NULL: not given */
    const char *trusted_proxies; /* comma-separated peer addresses whose X-Forwarded-For
                                    is believed; NULL: none */
} api_options;

/* api_configure — remember o (its strings must outlive the server). */
void api_configure(const api_options *o);
/* api_options_check — is o usable? false with the reason in *e (field public_url or
 * trusted_proxy). */
bool api_options_check(const api_options *o, err *e);

#define API_MAX_HEADERS 8

typedef struct {
    int status;
    const char *content_type; /* static or arena */
    char *body;               /* malloc'ed: the HTTP layer frees it after sending */
    size_t body_len;
    int nheaders;
    struct {
        const char *name, *value; /* static or arena */
    } headers[API_MAX_HEADERS];
    /* Not NULL: answer 200 as a Server-Sent Events stream (text/event-stream) of this
     * events.h channel (static or arena; the HTTP layer copies it). body then holds the
     * stream's first event(s), already in SSE framing; the stream stays open and carries
     * every event published on the channel until the client leaves or the server stops. */
    const char *stream_channel;
} api_response;

/* api_handle — answer one request under /api/. Never fails: every problem becomes
 * a JSON error response. */
void api_handle(const api_request *rq, api_response *rs);

/* The pieces shared by the files of api/. */
typedef struct {
    const api_request *rq;
    api_response *rs;
    principal who;
    const char *seg[4]; /* path segments after /api/v1/, NULL-padded */
    int nseg;
} api_ctx;

void api_json(api_ctx *x, int status, json_t *body); /* steals body */
void api_error(api_ctx *x, const err *e);
/* api_error_with — the same, with an import's row errors as error.rows (borrowed). */
void api_error_with(api_ctx *x, const err *e, json_t *rows);
void api_fail(api_ctx *x, rc_t rc, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void api_add_header(api_ctx *x, const char *name, const char *value);
/* api_body_json — the request body decoded strictly; NULL after answering with the
 * error (400 malformed/duplicate keys/too deep/invalid UTF-8). Caller decrefs. */
json_t *api_body_json(api_ctx *x);
/* api_read_query — the request's query parameters into q (pointers into the
 * request); false (after answering 400) when there are too many. */
bool api_read_query(api_ctx *x, list_query *q);
/* api_parse_id — a path segment as a record id (1 … 10^18); false otherwise. */
bool api_parse_id(const char *s, int64_t *id);
/* api_not_allowed — 405 with the Allow header. */
void api_not_allowed(api_ctx *x, const char *allowed);
/* api_method — whether the request uses method; if not, answers 405 (Allow: method). */
bool api_method(api_ctx *x, const char *method);
/* api_logged_in — whether the caller is logged in; if not, answers 401. */
bool api_logged_in(api_ctx *x);
/* api_export_format — format=xlsx (default) or csv; false after answering 422. */
bool api_export_format(api_ctx *x, const list_query *q, bool *xlsx);
/* api_file — answer 200 with the file in out (taken), as NAME.xlsx or NAME.csv. */
void api_file(api_ctx *x, buf *out, bool xlsx, const char *name);

/* api_is_upload — is this POST /api/v1/<record's plural>/<id>/attachments (a file, not
 * JSON; its body cap is attachment_max_bytes, plus API_UPLOAD_FRAMING_MAX for a
 * multipart form's headers)? For the HTTP layer, before the body arrives. */
bool api_is_upload(const char *method, const char *path);
#define API_UPLOAD_FRAMING_MAX (64u * 1024)

/* api_is_import — is this POST /api/v1/<c>/import (a file, not JSON)? */
bool api_is_import(const api_ctx *x);
/* api_settings_congress — which congress's settings apply to this request. */
int64_t api_settings_congress(const api_ctx *x);
/* api_client_address — who is asking, for throttling: the peer's address, or, when
 * the peer is a trusted proxy, the nearest untrusted address in X-Forwarded-For.
 * Never NULL (static, request or arena memory). */
const char *api_client_address(const api_ctx *x);
/* api_cookie_attrs — the attributes every session cookie carries ("; Secure" too when
 * the public URL is https). Static. */
const char *api_cookie_attrs(void);

/* Handlers by area. Each answers the request. */
void api_collection(api_ctx *x);
void api_login(api_ctx *x);
void api_logout(api_ctx *x);
void api_me(api_ctx *x);
void api_audit(api_ctx *x);
void api_users(api_ctx *x);
void api_settings(api_ctx *x);
void api_menu(api_ctx *x);
void api_schema(api_ctx *x);
void api_cases(api_ctx *x); /* every case kind of the registry (domain/case/kinds.c) */
void api_inbox(api_ctx *x);
/* attachment_api.c: POST/GET /<plural>/<id>/attachments, GET/DELETE /attachments/<id> */
void api_record_attachments(api_ctx *x);
void api_attachment(api_ctx *x);
void api_duty(api_ctx *x);
/* api_votes — /api/v1/votes… (vote_api.c). */
void api_votes(api_ctx *x);
void api_meetings(api_ctx *x); /* meeting_api.c; the rest of /meetings is the collection */
void api_agenda(api_ctx *x);

#endif
