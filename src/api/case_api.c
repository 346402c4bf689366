/* case_api.c — HTTP ↔ the case engine (docs/cases.md), for every kind of its registry:
 *   GET/POST /api/v1/<kind>s, GET /<kind>s/schema, /stats, /counts, /export,
 *   /stats/export, GET/PATCH /<kind>s/<id>, POST /<kind>s/<id>/<action>,
 *   GET /api/v1/inbox, GET /api/v1/duty. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/case/case.h"
#include "domain/meeting/meeting.h"

static void answer(api_ctx *x, rc_t rc, const err *e, int status, json_t *out) {
    if (rc)
        api_error(x, e);
    else
        api_json(x, status, out);
}

/* export_cases — GET /<kind>s/export and /<kind>s/stats/export?format=xlsx|csv. */
static void export_cases(api_ctx *x, const case_kind *k, const list_query *q, bool stats) {
    bool xlsx = true;
    if (!api_export_format(x, q, &xlsx))
        return;
    buf out;
    err e;
    buf_init(&out, CASE_EXPORT_ARENA_MAX);
    rc_t rc = case_export(x->rq->db, k, &x->who, q, stats, xlsx, &out, &e);
    if (rc) {
        buf_free(&out);
        api_error(x, &e);
        return;
    }
    api_file(x, &out, xlsx, arena_printf(x->rq->a, "%s%s", k->plural, stats ? "-stats" : ""));
}

/* kind_reads — the GET-only views of the whole kind: schema, stats, counts and the
 * exports. true when it answered. */
static bool kind_reads(api_ctx *x, const case_kind *k) {
    const char *sub = x->nseg >= 2 ? x->seg[1] : NULL;
    bool exporting =
        (x->nseg == 2 && strcmp(sub, "export") == 0) ||
        (x->nseg == 3 && strcmp(sub, "stats") == 0 && strcmp(x->seg[2], "export") == 0);
    bool view = x->nseg == 2 && (strcmp(sub, "schema") == 0 || strcmp(sub, "stats") == 0 ||
                                 strcmp(sub, "counts") == 0);
    if (!exporting && !view)
        return false;
    if (!api_method(x, "GET"))
        return true;
    list_query q;
    json_t *out = NULL;
    err e;
    err_clear(&e);
    /* The public's pages draw a published case from it too: labels and shapes only
     * (it offers the public no create, and a record's own "actions" stay empty). */
    if (strcmp(sub, "schema") == 0) {
        api_json(x, 200, case_schema(x->rq->db, k, &x->who));
        return true;
    }
    if (!api_read_query(x, &q))
        return true;
    if (exporting) {
        export_cases(x, k, &q, x->nseg == 3);
        return true;
    }
    rc_t rc = strcmp(sub, "stats") == 0 ? case_stats(x->rq->db, k, &x->who, &q, &out, &e)
                                        : case_counts(x->rq->db, k, &x->who, &q, &out, &e);
    answer(x, rc, &e, 200, out);
    return true;
}

void api_cases(api_ctx *x) {
    const case_kind *k = case_kind_find(x->seg[0]);
    const char *m = x->rq->method;
    json_t *out = NULL, *in = NULL;
    err e;
    rc_t rc;
    list_query q;
    err_clear(&e);
    if (kind_reads(x, k))
        return;
    if (x->nseg == 1) {
        if (strcmp(m, "GET") == 0) {
            if (!api_read_query(x, &q))
                return;
            rc = case_list(x->rq->db, k, &x->who, &q, &out, &e);
            answer(x, rc, &e, 200, out);
        } else if (strcmp(m, "POST") == 0) {
            in = api_body_json(x);
            if (!in)
                return;
            rc = case_create(x->rq->db, k, &x->who, in, &out, &e);
            answer(x, rc, &e, 201, out);
        } else {
            api_not_allowed(x, "GET, POST");
        }
        json_decref(in);
        return;
    }
    int64_t id = 0;
    if (!api_parse_id(x->seg[1], &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "%s has no case %s", k->plural, x->seg[1]);
        return;
    }
    if (x->nseg == 3) {
        if (strcmp(m, "POST") != 0) {
            api_not_allowed(x, "POST");
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
        api_not_allowed(x, "GET, PATCH");
    }
    json_decref(in);
}

void api_inbox(api_ctx *x) {
    if (!api_method(x, "GET"))
        return;
    if (x->nseg != 1) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/inbox");
        return;
    }
    json_t *out = NULL;
    err e;
    err_clear(&e);
    rc_t rc = case_inbox(x->rq->db, &x->who, &out, &e);
    if (rc == RC_OK)
        rc = case_inbox_describe(x->rq->db, &x->who, out, &e);
    if (rc == RC_OK)
        rc = meeting_inbox_add(x->rq->db, &x->who, out, &e);
    if (rc) {
        json_decref(out);
        out = NULL;
    }
    answer(x, rc, &e, 200, out);
}

/* api_duty — GET /api/v1/duty: the calling deputy's duty record (case_duty_record). */
void api_duty(api_ctx *x) {
    if (!api_method(x, "GET"))
        return;
    if (x->nseg != 1) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/duty");
        return;
    }
    json_t *out = NULL;
    err e;
    err_clear(&e);
    rc_t rc = case_duty_record(x->rq->db, &x->who, &out, &e);
    answer(x, rc, &e, 200, out);
}
