/* collection_api.c — HTTP ↔ the generic collection engine:
 *   GET/POST /api/v1/<c>, GET /<c>/schema, GET /<c>/export, GET /<c>/template,
 *   POST /<c>/import,
 *   GET/PATCH/DELETE /<c>/<id>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/collection/collection.h"
#include "domain/vote/vote.h"

static void do_export(api_ctx *x, const collection_def *d) {
    list_query q;
    if (!api_read_query(x, &q))
        return;
    bool xlsx = true;
    if (!api_export_format(x, &q, &xlsx))
        return;
    export_format fmt = xlsx ? EXPORT_XLSX : EXPORT_CSV;
    buf out;
    err e;
    buf_init(&out, COLLECTION_EXPORT_MAX_BYTES);
    rc_t rc = collection_export(x->rq->db, d, &x->who, &q, fmt, &out, &e);
    if (rc) {
        buf_free(&out);
        api_error(x, &e);
        return;
    }
    api_file(x, &out, xlsx, d->name);
}

/* do_import — POST /<c>/import[?mode=create|upsert]: create (the default) adds every
 * row as a new record; upsert updates the record a row's id or natural key names. */
static void do_import(api_ctx *x, const collection_def *d) {
    const char *ct = x->rq->header(x->rq, "Content-Type");
    export_format fmt = ct && strncmp(ct, "text/csv", 8) == 0 ? EXPORT_CSV : EXPORT_XLSX;
    import_result res = {0};
    json_t *rows = NULL;
    list_query q;
    err e;
    if (!api_read_query(x, &q))
        return;
    const char *mode = query_param_get(&q, "mode");
    for (int i = 0; i < q.n; i++)
        if (strcmp(q.params[i].key, "mode") != 0) {
            api_fail(x, RC_INVALID, q.params[i].key, "an import takes no %s", q.params[i].key);
            return;
        }
    if (mode && strcmp(mode, "create") != 0 && strcmp(mode, "upsert") != 0) {
        api_fail(x, RC_INVALID, "mode", "mode must be create or upsert");
        return;
    }
    bool upsert = mode && strcmp(mode, "upsert") == 0;
    rc_t rc = collection_import(x->rq->db, d, &x->who, x->rq->body, x->rq->body_len, fmt, upsert,
                                &res, &rows, &e);
    if (rc && rows) {
        api_error_with(x, &e, rows);
        json_decref(rows);
        return;
    }
    if (rc) {
        api_error(x, &e);
        return;
    }
    api_json(x, 200,
             upsert ? json_pack("{s:i, s:i}", "created", res.created, "updated", res.updated)
                    : json_pack("{s:i}", "created", res.created));
}

/* with_polls — a record of a collection that holds polls (an evaluation) with them, as
 * every answer that is the record gives it: the vote engine's part of the record. On
 * failure *out is freed. */
static rc_t with_polls(api_ctx *x, const collection_def *d, json_t **out, err *e) {
    if (!d->polls || !*out || x->who.role == ROLE_ANON)
        return RC_OK;
    rc_t rc = vote_record_polls(x->rq->db, &x->who, d->name,
                                json_integer_value(json_object_get(*out, "id")), *out, e);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
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
            if (!api_read_query(x, &q))
                return;
            rc = collection_list(x->rq->db, d, &x->who, &q, &out, &e);
            rc ? api_error(x, &e) : api_json(x, 200, out);
        } else if (strcmp(m, "POST") == 0) {
            in = api_body_json(x);
            if (!in)
                return;
            rc = collection_create(x->rq->db, d, &x->who, in, &out, &e);
            rc = rc ? rc : with_polls(x, d, &out, &e);
            rc ? api_error(x, &e) : api_json(x, 201, out);
        } else {
            api_not_allowed(x, "GET, POST");
        }
        json_decref(in);
        return;
    }
    const char *sub = x->seg[1];
    if (strcmp(sub, "schema") == 0) {
        if (strcmp(m, "GET") != 0) {
            api_not_allowed(x, "GET");
            return;
        }
        rc = collection_access(d, &x->who, false, &e);
        if (rc && collection_may_create(d, &x->who)) /* the form of those who only submit */
            rc = RC_OK;
        rc ? api_error(x, &e) : api_json(x, 200, collection_schema(x->rq->db, d, &x->who));
        return;
    }
    if (strcmp(sub, "counts") == 0) {
        if (strcmp(m, "GET") != 0) {
            api_not_allowed(x, "GET");
            return;
        }
        list_query q;
        if (!api_read_query(x, &q))
            return;
        rc = collection_counts(x->rq->db, d, &x->who, &q, &out, &e);
        rc ? api_error(x, &e) : api_json(x, 200, out);
        return;
    }
    if (strcmp(sub, "export") == 0) {
        if (strcmp(m, "GET") != 0) {
            api_not_allowed(x, "GET");
            return;
        }
        do_export(x, d);
        return;
    }
    if (strcmp(sub, "template") == 0) {
        if (strcmp(m, "GET") != 0) {
            api_not_allowed(x, "GET");
            return;
        }
        buf file;
        buf_init(&file, COLLECTION_EXPORT_MAX_BYTES);
        rc = collection_template(x->rq->db, d, &x->who, &file, &e);
        if (rc) {
            buf_free(&file);
            api_error(x, &e);
        } else {
            api_file(x, &file, true, arena_printf(x->rq->a, "%s-template", d->name));
        }
        return;
    }
    if (strcmp(sub, "import") == 0) {
        if (strcmp(m, "POST") != 0) {
            api_not_allowed(x, "POST");
            return;
        }
        do_import(x, d);
        return;
    }
    int64_t id = 0;
    if (!api_parse_id(sub, &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "%s has no record %s", d->name, sub);
        return;
    }
    if (strcmp(m, "GET") == 0) {
        rc = collection_get(x->rq->db, d, &x->who, id, &out, &e);
        rc = rc ? rc : with_polls(x, d, &out, &e);
        rc ? api_error(x, &e) : api_json(x, 200, out);
    } else if (strcmp(m, "PATCH") == 0) {
        in = api_body_json(x);
        if (!in)
            return;
        rc = collection_update(x->rq->db, d, &x->who, id, in, &out, &e);
        rc = rc ? rc : with_polls(x, d, &out, &e);
        rc ? api_error(x, &e) : api_json(x, 200, out);
    } else if (strcmp(m, "DELETE") == 0) {
        rc = collection_delete(x->rq->db, d, &x->who, id, &e);
        if (rc) {
            api_error(x, &e);
        } else {
            api_json(x, 204, NULL);
        }
    } else {
        api_not_allowed(x, "GET, PATCH, DELETE");
    }
    json_decref(in);
}
