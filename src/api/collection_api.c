/* collection_api.c — HTTP ↔ the generic collection engine:
 *   GET/POST /api/v1/<c>, GET /<c>/schema, GET /<c>/export, POST /<c>/import,
 *   GET/PATCH/DELETE /<c>/<id>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/collection.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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

static void method_not_allowed(api_ctx *x, const char *allowed) {
    api_add_header(x, "Allow", allowed);
    api_fail(x, RC_METHOD, NULL, "%s is not allowed here; use %s", x->rq->method, allowed);
}

static void do_export(api_ctx *x, const collection_def *d) {
    list_query q;
    if (!read_query(x, &q))
        return;
    export_format fmt = EXPORT_XLSX;
    for (int i = 0; i < q.n; i++) {
        if (strcmp(q.params[i].key, "format") != 0)
            continue;
        const char *v = q.params[i].value ? q.params[i].value : "";
        if (strcmp(v, "csv") == 0)
            fmt = EXPORT_CSV;
        else if (strcmp(v, "xlsx") != 0) {
            api_fail(x, RC_INVALID, "format", "format must be xlsx or csv");
            return;
        }
    }
    buf out;
    err e;
    buf_init(&out, COLLECTION_EXPORT_MAX_BYTES);
    rc_t rc = collection_export(x->rq->db, d, &x->who, &q, fmt, &out, &e);
    if (rc) {
        buf_free(&out);
        api_error(x, &e);
        return;
    }
    api_response *rs = x->rs;
    free(rs->body);
    rs->status = 200;
    rs->content_type = fmt == EXPORT_CSV ? "text/csv; charset=utf-8" : XLSX_TYPE;
    rs->body_len = out.len;
    rs->body = buf_take(&out);
    const char *ext = fmt == EXPORT_CSV ? "csv" : "xlsx";
    api_add_header(x, "Content-Disposition",
                   arena_printf(x->rq->a, "attachment; filename=\"%s.%s\"", d->name, ext));
}

static void do_import(api_ctx *x, const collection_def *d) {
    const char *ct = x->rq->header(x->rq, "Content-Type");
    export_format fmt = ct && strncmp(ct, "text/csv", 8) == 0 ? EXPORT_CSV : EXPORT_XLSX;
    int created = 0;
    json_t *rows = NULL;
    err e;
    rc_t rc = collection_import(x->rq->db, d, &x->who, x->rq->body, x->rq->body_len, fmt,
                                &created, &rows, &e);
    if (rc && rows) {
        api_json(x, rc_http_status(rc),
                 json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code", rc_code(rc), "message",
                           e.message, "field", e.field, "rows", rows));
        return;
    }
    if (rc) {
        api_error(x, &e);
        return;
    }
    api_json(x, 200, json_pack("{s:i}", "created", created));
}

void api_collection(api_ctx *x) {
    const collection_def *d = collection_find(x->seg[0]);
    const char *m = x->rq->method;
    err e;
    json_t *out = NULL, *in = NULL;
    rc_t rc;
    if (!d) {
        api_fail(x, RC_NOT_FOUND, NULL, "there is no collection %s", x->seg[0]);
        return;
    }
    if (x->nseg > 2) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/%s", d->name);
        return;
    }
    if (x->nseg == 1) {
        if (strcmp(m, "GET") == 0) {
            list_query q;
            if (!read_query(x, &q))
                return;
            rc = collection_list(x->rq->db, d, &x->who, &q, &out, &e);
            rc ? api_error(x, &e) : api_json(x, 200, out);
        } else if (strcmp(m, "POST") == 0) {
            in = api_body_json(x);
            if (!in)
                return;
            rc = collection_create(x->rq->db, d, &x->who, in, &out, &e);
            rc ? api_error(x, &e) : api_json(x, 201, out);
        } else {
            method_not_allowed(x, "GET, POST");
        }
        json_decref(in);
        return;
    }
    const char *sub = x->seg[1];
    if (strcmp(sub, "schema") == 0) {
        if (strcmp(m, "GET") != 0) {
            method_not_allowed(x, "GET");
            return;
        }
        rc = collection_access(d, &x->who, false, &e);
        rc ? api_error(x, &e) : api_json(x, 200, collection_schema(d));
        return;
    }
    if (strcmp(sub, "counts") == 0) {
        if (strcmp(m, "GET") != 0) {
            method_not_allowed(x, "GET");
            return;
        }
        list_query q;
        if (!read_query(x, &q))
            return;
        rc = collection_counts(x->rq->db, d, &x->who, &q, &out, &e);
        rc ? api_error(x, &e) : api_json(x, 200, out);
        return;
    }
    if (strcmp(sub, "export") == 0) {
        if (strcmp(m, "GET") != 0) {
            method_not_allowed(x, "GET");
            return;
        }
        do_export(x, d);
        return;
    }
    if (strcmp(sub, "import") == 0) {
        if (strcmp(m, "POST") != 0) {
            method_not_allowed(x, "POST");
            return;
        }
        do_import(x, d);
        return;
    }
    int64_t id = 0;
    if (!parse_id(sub, &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "%s has no record %s", d->name, sub);
        return;
    }
    if (strcmp(m, "GET") == 0) {
        rc = collection_get(x->rq->db, d, &x->who, id, &out, &e);
        rc ? api_error(x, &e) : api_json(x, 200, out);
    } else if (strcmp(m, "PATCH") == 0) {
        in = api_body_json(x);
        if (!in)
            return;
        rc = collection_update(x->rq->db, d, &x->who, id, in, &out, &e);
        rc ? api_error(x, &e) : api_json(x, 200, out);
    } else if (strcmp(m, "DELETE") == 0) {
        rc = collection_delete(x->rq->db, d, &x->who, id, &e);
        if (rc) {
            api_error(x, &e);
        } else {
            api_json(x, 204, NULL);
        }
    } else {
        method_not_allowed(x, "GET, PATCH, DELETE");
    }
    json_decref(in);
}
