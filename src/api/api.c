/* api.c — routing, who is asking, the write rules, and JSON in/out helpers. */
#include "api/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/json_in.h"
#include "base/log.h"
#include "base/msg_zh.h"
#include "domain/case/case.h"

#define API_PREFIX "/api/v1/"
#define SESSION_COOKIE "renda_session"
#define BEARER "Bearer "

void api_add_header(api_ctx *x, const char *name, const char *value) {
    api_response *rs = x->rs;
    if (rs->nheaders < API_MAX_HEADERS) {
        rs->headers[rs->nheaders].name = name;
        rs->headers[rs->nheaders].value = value;
        rs->nheaders++;
    }
}

void api_json(api_ctx *x, int status, json_t *body) {
    api_response *rs = x->rs;
    free(rs->body);
    rs->status = status;
    rs->content_type = "application/json; charset=utf-8";
    rs->body = body ? json_dumps(body, JSON_COMPACT) : NULL;
    rs->body_len = rs->body ? strlen(rs->body) : 0;
    if (body && !rs->body) {
        rs->status = 500;
        rs->body = strdup("{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\","
                          "\"field\":\"\"}}");
        rs->body_len = rs->body ? strlen(rs->body) : 0;
    }
    json_decref(body);
}

void api_error_with(api_ctx *x, const err *e, json_t *rows) {
    rc_t rc = e->rc == RC_OK ? RC_INTERNAL : e->rc;
    if (rc == RC_INTERNAL || rc == RC_NOMEM || rc == RC_UNAVAILABLE)
        log_error("%s %s: %s", x->rq->method, x->rq->path, e->message);
    const char *msg = e->message[0] ? e->message : "something went wrong";
    if (rc == RC_INTERNAL)
        msg = "the server failed to complete the request; the error has been logged";
    json_t *body = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", rc_code(rc), "message", msg,
                             "field", e->field);
    json_t *o = json_object_get(body, "error");
    if (o && e->message_zh[0] && rc != RC_INTERNAL)
        json_object_set_new(o, "message_zh", json_string(e->message_zh));
    if (o && rows)
        json_object_set(o, "rows", rows);
    api_json(x, rc_http_status(rc), body);
}

void api_error(api_ctx *x, const err *e) { api_error_with(x, e, NULL); }

void api_fail(api_ctx *x, rc_t rc, const char *field, const char *fmt, ...) {
    err e;
    char msg[ERR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(&e, rc, field, "%s", msg);
    va_start(ap, fmt); /* the Chinese wording is looked up by the format, not by "%s" */
    msg_zh_format(fmt, ap, e.message_zh, sizeof e.message_zh);
    va_end(ap);
    api_error(x, &e);
}

json_t *api_body_json(api_ctx *x) {
    json_t *v = NULL;
    err e;
    if (json_decode_strict(x->rq->body, x->rq->body_len, &v, &e) != RC_OK) {
        api_error(x, &e);
        return NULL;
    }
    return v;
}

int64_t api_settings_congress(const api_ctx *x) { return x->who.congress_id; }

/* cookie_value — the value of cookie `name` in a Cookie header, copied to the arena. */
static const char *cookie_value(arena *a, const char *header, const char *name) {
    size_t n = strlen(name);
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > n && strncmp(p, name, n) == 0 && p[n] == '=')
            return arena_strndup(a, p + n + 1, len - n - 1);
        p = end;
    }
    return NULL;
}

/* resolve — fill x->who from a bearer token or the session cookie. No credentials:
 * anonymous, unless the client says it holds a session (X-Renda-Session: the web app
 * while someone is logged in): then its session ended, and reading on as the public
 * would show a clerk the public's part of a page as if it were all. Credentials that do
 * not resolve: RC_UNAUTHORIZED. */
static rc_t resolve(api_ctx *x, err *e) {
    memset(&x->who, 0, sizeof x->who);
    x->who.role = ROLE_ANON;
    const char *auth = x->rq->header(x->rq, "Authorization");
    if (auth && strncasecmp(auth, BEARER, strlen(BEARER)) == 0)
        return auth_resolve(x->rq->db, auth + strlen(BEARER), false, &x->who, e);
    if (auth)
        return err_set(e, RC_UNAUTHORIZED, NULL, "only Bearer authorization is supported");
    const char *tok = cookie_value(x->rq->a, x->rq->header(x->rq, "Cookie"), SESSION_COOKIE);
    if (tok)
        return auth_resolve(x->rq->db, tok, true, &x->who, e);
    if (x->rq->header(x->rq, "X-Renda-Session"))
        return err_set(e, RC_UNAUTHORIZED, NULL, "your session has ended; please log in again");
    return RC_OK;
}

static bool content_type_is(const char *ct, const char *want) {
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

bool api_is_import(const api_ctx *x) { return x->nseg == 2 && strcmp(x->seg[1], "import") == 0; }

/* is_attachments — /<plural>/<id>/attachments: the files of one record. */
static bool is_attachments(const api_ctx *x) {
    return x->nseg == 3 && strcmp(x->seg[2], "attachments") == 0 &&
           strcmp(x->seg[0], "attachments") != 0;
}

bool api_is_upload(const char *method, const char *path) {
    static const char tail[] = "/attachments";
    if (!method || !path || strcmp(method, "POST") != 0 ||
        strncmp(path, API_PREFIX, strlen(API_PREFIX)) != 0)
        return false;
    const char *p = path + strlen(API_PREFIX);
    const char *a = strchr(p, '/');
    const char *b = a ? strchr(a + 1, '/') : NULL;
    return a && a > p && b && b > a + 1 && strcmp(b, tail) == 0;
}

/* write_rules — a write must say it is JSON (imports: their file type), and a write
 * riding on the session cookie must come from our own origin (CSRF). */
static bool write_rules(api_ctx *x) {
    const char *m = x->rq->method;
    bool has_body_verb = strcmp(m, "POST") == 0 || strcmp(m, "PATCH") == 0 || strcmp(m, "PUT") == 0;
    bool write = has_body_verb || strcmp(m, "DELETE") == 0;
    if (!write)
        return true;
    const char *ct = x->rq->header(x->rq, "Content-Type");
    if (has_body_verb && x->rq->body_len > 0) {
        /* an attachment is any file: its type is sniffed from the content */
        bool ok = is_attachments(x) ||
                  (api_is_import(x)
                       ? content_type_is(ct, "text/csv") ||
                             content_type_is(ct, "application/vnd.openxmlformats-officedocument."
                                                 "spreadsheetml.sheet")
                       : content_type_is(ct, "application/json"));
        if (!ok) {
            api_fail(x, RC_MEDIA_TYPE, "Content-Type",
                     api_is_import(x) ? "an import must be sent as text/csv or as an xlsx file"
                                      : "the request must be sent as application/json");
            return false;
        }
    }
    if (x->who.via_cookie) {
        const char *origin = x->rq->header(x->rq, "Origin");
        const char *host = x->rq->header(x->rq, "Host");
        if (origin) {
            char self_http[300], self_https[300];
            snprintf(self_http, sizeof self_http, "http://%s", host ? host : "");
            snprintf(self_https, sizeof self_https, "https://%s", host ? host : "");
            if (!host || (strcmp(origin, self_http) != 0 && strcmp(origin, self_https) != 0)) {
                api_fail(x, RC_FORBIDDEN, "Origin",
                         "a change must come from this site's own pages");
                return false;
            }
        }
    }
    return true;
}

static void collect_param(void *ctx, const char *key, const char *value) {
    list_query *q = ctx;
    if (q->n < QUERY_PARAMS_MAX) {
        q->params[q->n].key = key;
        q->params[q->n].value = value;
    }
    q->n++;
}

bool api_read_query(api_ctx *x, list_query *q) {
    q->n = 0;
    x->rq->query_each(x->rq, collect_param, q);
    if (q->n > QUERY_PARAMS_MAX) {
        api_fail(x, RC_BAD_REQUEST, NULL, "more than %d query parameters", QUERY_PARAMS_MAX);
        return false;
    }
    return true;
}

#define ID_DIGITS_MAX 18

bool api_parse_id(const char *s, int64_t *id) {
    if (!s || !*s || strlen(s) > ID_DIGITS_MAX)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    *id = strtoll(s, NULL, 10);
    return *id > 0;
}

void api_not_allowed(api_ctx *x, const char *allowed) {
    api_add_header(x, "Allow", allowed);
    api_fail(x, RC_METHOD, NULL, "%s is not allowed here; use %s", x->rq->method, allowed);
}

bool api_method(api_ctx *x, const char *method) {
    if (strcmp(x->rq->method, method) == 0)
        return true;
    api_not_allowed(x, method);
    return false;
}

bool api_logged_in(api_ctx *x) {
    if (x->who.role != ROLE_ANON)
        return true;
    api_fail(x, RC_UNAUTHORIZED, NULL, "please log in first");
    return false;
}

bool api_export_format(api_ctx *x, const list_query *q, bool *xlsx) {
    *xlsx = true;
    for (int i = 0; i < q->n && i < QUERY_PARAMS_MAX; i++) {
        if (strcmp(q->params[i].key, "format") != 0)
            continue;
        const char *v = q->params[i].value ? q->params[i].value : "";
        if (strcmp(v, "csv") == 0) {
            *xlsx = false;
        } else if (strcmp(v, "xlsx") != 0) {
            api_fail(x, RC_INVALID, "format", "format must be xlsx or csv");
            return false;
        }
    }
    return true;
}

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

void api_file(api_ctx *x, buf *out, bool xlsx, const char *name) {
    api_response *rs = x->rs;
    free(rs->body);
    rs->status = 200;
    rs->content_type = xlsx ? XLSX_TYPE : "text/csv; charset=utf-8";
    rs->body_len = out->len;
    rs->body = buf_take(out);
    api_add_header(x, "Content-Disposition",
                   arena_printf(x->rq->a, "attachment; filename=\"%s.%s\"", name ? name : "export",
                                xlsx ? "xlsx" : "csv"));
}

static void api_health(api_ctx *x) {
    if (!api_method(x, "GET"))
        return;
    api_json(x, 200, json_pack("{s:s}", "status", "ok"));
}

typedef struct {
    const char *name;
    void (*handler)(api_ctx *x);
    bool needs_identity; /* resolve credentials first (all but health and login) */
} route;

static const route routes[] = {
    {"health", api_health, false},    {"login", api_login, false},
    {"logout", api_logout, true},     {"me", api_me, true},
    {"audit", api_audit, true},       {"users", api_users, true},
    {"settings", api_settings, true}, {"menu", api_menu, true},
    {"inbox", api_inbox, true},       {"schema", api_schema, true},
    {"duty", api_duty, true},         {"votes", api_votes, true},
    {"meetings", api_meetings, true}, {"agenda", api_agenda, true},
};

void api_handle(const api_request *rq, api_response *rs) {
    api_ctx x = {.rq = rq, .rs = rs};
    err e;
    err_clear(&e);
    rs->status = 500;
    if (strncmp(rq->path, API_PREFIX, strlen(API_PREFIX)) != 0) {
        api_fail(&x, RC_NOT_FOUND, NULL, "no API at %s; the API lives under %s", rq->path,
                 API_PREFIX);
        return;
    }
    /* Split the rest of the path into at most 4 segments. */
    char *rest = arena_strdup(rq->a, rq->path + strlen(API_PREFIX));
    for (char *s = rest; s && *s && x.nseg < 4;) {
        char *slash = strchr(s, '/');
        if (slash)
            *slash = '\0';
        if (*s)
            x.seg[x.nseg++] = s;
        s = slash ? slash + 1 : NULL;
        if (s && x.nseg == 4 && *s) {
            api_fail(&x, RC_NOT_FOUND, NULL, "no such path");
            return;
        }
    }
    if (x.nseg == 0) {
        api_fail(&x, RC_NOT_FOUND, NULL, "no such path");
        return;
    }
    const route *r = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(routes[i].name, x.seg[0]) == 0)
            r = &routes[i];
    bool identity = r ? r->needs_identity : true;
    if (identity && resolve(&x, &e) != RC_OK) {
        api_error(&x, &e);
        api_add_header(&x, "Set-Cookie",
                       SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        return;
    }
    snprintf(x.who.address, sizeof x.who.address, "%s", api_client_address(&x));
    if (!write_rules(&x))
        return;
    /* the files of a record first (the HTTP layer gave this path the upload's body cap);
     * the case kinds and the collections come from their registries */
    if (is_attachments(&x))
        api_record_attachments(&x);
    else if (r)
        r->handler(&x);
    else if (strcmp(x.seg[0], "attachments") == 0) /* one file, by its own id */
        api_attachment(&x);
    else if (case_kind_find(x.seg[0]))
        api_cases(&x);
    else
        api_collection(&x);
}
