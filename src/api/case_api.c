/* case_api.c — HTTP ↔ the case engine (docs/cases.md):
 *   GET/POST /api/v1/<kind>s, GET /<kind>s/stats, GET/PATCH /<kind>s/<id>,
 *   POST /<kind>s/<id>/<action>, GET /api/v1/inbox. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/case.h"

static void collect_param(void *ctx, const char *key, const char *value) {
    list_query *q = ctx;
    if (q->n < QUERY_PARAMS_MAX) {
        q->params[q->n].key = key;
        q->params[q->n].value = value;
    }
    q->n++;
}

static bool read_query(api_ctx *x, list_query *q) {
    q->n = 0;
    x->rq->query_each(x->rq, collect_param, q);
    if (q->n > QUERY_PARAMS_MAX) {
        api_fail(x, RC_BAD_REQUEST, NULL, "more than %d query parameters", QUERY_PARAMS_MAX);
        return false;
    }
    return true;
}

static bool parse_id(const char *s, int64_t *id) {
    if (!s || !*s || strlen(s) > 18)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    *id = strtoll(s, NULL, 10);
    return *id > 0;
}

static void not_allowed(api_ctx *x, const char *allowed) {
    api_add_header(x, "Allow", allowed);
    api_fail(x, RC_METHOD, NULL, "%s is not allowed here; use %s", x->rq->method, allowed);
}

static void answer(api_ctx *x, rc_t rc, const err *e, int status, json_t *out) {
    if (rc)
        api_error(x, e);
    else
        api_json(x, status, out);
}

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* export_cases — GET /<kind>s/export and /<kind>s/stats/export?format=xlsx|csv. */
static void export_cases(api_ctx *x, const case_kind *k, const list_query *q, bool stats) {
    bool xlsx = true;
    for (int i = 0; i < q->n; i++) {
        if (strcmp(q->params[i].key, "format") != 0)
            continue;
        const char *v = q->params[i].value ? q->params[i].value : "";
        if (strcmp(v, "csv") == 0) {
            xlsx = false;
        } else if (strcmp(v, "xlsx") != 0) {
            api_fail(x, RC_INVALID, "format", "format must be xlsx or csv");
            return;
        }
    }
    buf out;
    err e;
    buf_init(&out, CASE_EXPORT_ARENA_MAX);
    rc_t rc = case_export(x->rq->db, k, &x->who, q, stats, xlsx, &out, &e);
    if (rc) {
        buf_free(&out);
        api_error(x, &e);
        return;
    }
    api_response *rs = x->rs;
    free(rs->body);
    rs->status = 200;
    rs->content_type = xlsx ? XLSX_TYPE : "text/csv; charset=utf-8";
    rs->body_len = out.len;
    rs->body = buf_take(&out);
    api_add_header(x, "Content-Disposition",
                   arena_printf(x->rq->a, "attachment; filename=\"%s%s.%s\"", k->plural,
                                stats ? "-stats" : "", xlsx ? "xlsx" : "csv"));
}

void api_cases(api_ctx *x) {
    const case_kind *k = case_kind_find(x->seg[0]);
    const char *m = x->rq->method;
    json_t *out = NULL, *in = NULL;
    err e;
    rc_t rc;
    list_query q;
    err_clear(&e);
    bool exporting = (x->nseg == 2 && strcmp(x->seg[1], "export") == 0) ||
                     (x->nseg == 3 && strcmp(x->seg[1], "stats") == 0 &&
                      strcmp(x->seg[2], "export") == 0);
    if (exporting) {
        if (strcmp(m, "GET") != 0) {
            not_allowed(x, "GET");
            return;
        }
        if (read_query(x, &q))
            export_cases(x, k, &q, x->nseg == 3);
        return;
    }
    if (x->nseg == 1 || (x->nseg == 2 && strcmp(x->seg[1], "stats") == 0)) {
        bool stats = x->nseg == 2;
        if (strcmp(m, "GET") == 0) {
            if (!read_query(x, &q))
                return;
            rc = stats ? case_stats(x->rq->db, k, &x->who, &q, &out, &e)
                       : case_list(x->rq->db, k, &x->who, &q, &out, &e);
            answer(x, rc, &e, 200, out);
        } else if (strcmp(m, "POST") == 0 && !stats) {
            in = api_body_json(x);
            if (!in)
                return;
            rc = case_create(x->rq->db, k, &x->who, in, &out, &e);
            answer(x, rc, &e, 201, out);
        } else {
            not_allowed(x, stats ? "GET" : "GET, POST");
        }
        json_decref(in);
        return;
    }
    int64_t id = 0;
    if (!parse_id(x->seg[1], &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "%s has no case %s", k->plural, x->seg[1]);
        return;
    }
    if (x->nseg == 3) {
        if (strcmp(m, "POST") != 0) {
            not_allowed(x, "POST");
            return;
        }
        if (x->rq->body_len > 0) {
            in = api_body_json(x);
            if (!in)
                return;
        }
        rc = case_act(x->rq->db, k, &x->who, id, x->seg[2], in, &out, &e);
        answer(x, rc, &e, 200, out);
        json_decref(in);
        return;
    }
    if (x->nseg > 3) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/%s", k->plural);
        return;
    }
    if (strcmp(m, "GET") == 0) {
        rc = case_get(x->rq->db, k, &x->who, id, &out, &e);
        answer(x, rc, &e, 200, out);
    } else if (strcmp(m, "PATCH") == 0) {
        in = api_body_json(x);
        if (!in)
            return;
        rc = case_update(x->rq->db, k, &x->who, id, in, &out, &e);
        answer(x, rc, &e, 200, out);
    } else {
        not_allowed(x, "GET, PATCH");
    }
    json_decref(in);
}

void api_inbox(api_ctx *x) {
    if (strcmp(x->rq->method, "GET") != 0) {
        not_allowed(x, "GET");
        return;
    }
    if (x->nseg != 1) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/inbox");
        return;
    }
    json_t *out = NULL;
    err e;
    err_clear(&e);
    rc_t rc = case_inbox(x->rq->db, &x->who, &out, &e);
    answer(x, rc, &e, 200, out);
}
