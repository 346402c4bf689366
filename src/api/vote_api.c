/* vote_api.c — HTTP ↔ the vote engine (docs/votes.md):
 *   GET/POST /api/v1/votes            list (state, mode, rule, meeting_id, page, per_page),
 *                                     create a draft (staff)
 *   GET      /votes/schema            the create form's choices
 *   GET/DELETE /votes/<id>            the record / delete a draft
 *   POST     /votes/<id>/ballot       the caller's ballot
 *   POST     /votes/<id>/<action>     open, close, annul, paper_counts, confirm (staff)
 *   GET      /votes/<id>/receipts     a closed secret vote's receipts and ballots
 *   GET      /votes/<id>/events       Server-Sent Events while the hall watches
 * No rule lives here. A ballot's body is never logged (the HTTP layer logs no bodies). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/vote/vote.h"

#define LIST_FILTER_MAX 32

static void answer(api_ctx *x, rc_t rc, const err *e, int status, json_t *out) {
    if (rc)
        api_error(x, e);
    else
        api_json(x, status, out);
}

/* int_param — a list's numeric parameter; false after answering 422. */
static bool int_param(api_ctx *x, const list_query *q, const char *key, int64_t *out) {
    const char *v = query_param_get(q, key);
    *out = 0;
    if (!v || !*v)
        return true;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (*end || n < 0) {
        api_fail(x, RC_INVALID, key, "%s must be a number", key);
        return false;
    }
    *out = n;
    return true;
}

static void list_votes(api_ctx *x) {
    list_query q;
    if (!api_read_query(x, &q))
        return;
    vote_filter f = {.state = query_param_get(&q, "state"),
                     .mode = query_param_get(&q, "mode"),
                     .rule = query_param_get(&q, "rule")};
    int64_t page = 0;
    if (!int_param(x, &q, "meeting_id", &f.meeting_id) || !int_param(x, &q, "page", &page) ||
        !int_param(x, &q, "per_page", &f.per_page))
        return;
    f.page = page;
    json_t *out = NULL;
    err e;
    err_clear(&e);
    rc_t rc = vote_list(x->rq->db, &x->who, &f, &out, &e);
    answer(x, rc, &e, 200, out);
}

/* events — the first event (the vote as it stands), then the stream of its channel. */
static void events(api_ctx *x, int64_t id) {
    char channel[VOTE_CHANNEL_MAX];
    json_t *state = NULL;
    err e;
    err_clear(&e);
    rc_t rc = vote_watch(x->rq->db, &x->who, id, channel, &state, &e);
    if (rc) {
        api_error(x, &e);
        return;
    }
    char *data = json_dumps(state, JSON_COMPACT);
    json_decref(state);
    char *first =
        data ? arena_printf(x->rq->a, "retry: 3000\nevent: state\ndata: %s\n\n", data) : NULL;
    free(data);
    if (!first) {
        api_fail(x, RC_NOMEM, NULL, "out of memory");
        return;
    }
    api_response *rs = x->rs;
    free(rs->body);
    rs->status = 200;
    rs->content_type = "text/event-stream; charset=utf-8";
    rs->body_len = strlen(first);
    rs->body = malloc(rs->body_len + 1);
    if (!rs->body) {
        rs->status = 500;
        rs->body_len = 0;
        return;
    }
    memcpy(rs->body, first, rs->body_len + 1);
    rs->stream_channel = arena_strdup(x->rq->a, channel);
    api_add_header(x, "Cache-Control", "no-cache");
}

/* one_vote — /votes/<id>[/<sub>]. */
static void one_vote(api_ctx *x, int64_t id) {
    const char *sub = x->nseg >= 3 ? x->seg[2] : NULL;
    const char *m = x->rq->method;
    json_t *out = NULL, *in = NULL;
    err e;
    err_clear(&e);
    rc_t rc = RC_OK;
    if (x->nseg > 3) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/votes");
        return;
    }
    if (!sub) {
        if (strcmp(m, "GET") == 0) {
            rc = vote_get(x->rq->db, &x->who, id, &out, &e);
            answer(x, rc, &e, 200, out);
        } else if (strcmp(m, "DELETE") == 0) {
            rc = vote_delete(x->rq->db, &x->who, id, &e);
            answer(x, rc, &e, 200,
                   rc ? NULL : json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
        } else {
            api_not_allowed(x, "GET, DELETE");
        }
        return;
    }
    if (strcmp(sub, "events") == 0 || strcmp(sub, "receipts") == 0) {
        if (!api_method(x, "GET"))
            return;
        if (sub[0] == 'e') {
            events(x, id);
            return;
        }
        rc = vote_receipts(x->rq->db, &x->who, id, &out, &e);
        answer(x, rc, &e, 200, out);
        return;
    }
    if (!api_method(x, "POST"))
        return;
    if (x->rq->body_len) {
        in = api_body_json(x);
        if (!in)
            return;
    } else {
        in = json_object();
    }
    if (strcmp(sub, "ballot") == 0)
        rc = vote_cast(x->rq->db, &x->who, id, in, &out, &e);
    else
        rc = vote_act(x->rq->db, &x->who, id, sub, in, &out, &e);
    json_decref(in);
    answer(x, rc, &e, 200, out);
}

void api_votes(api_ctx *x) {
    if (!api_logged_in(x))
        return;
    if (x->nseg == 1) {
        if (strcmp(x->rq->method, "GET") == 0) {
            list_votes(x);
        } else if (strcmp(x->rq->method, "POST") == 0) {
            json_t *in = api_body_json(x);
            if (!in)
                return;
            json_t *out = NULL;
            err e;
            err_clear(&e);
            rc_t rc = vote_create(x->rq->db, &x->who, in, &out, &e);
            json_decref(in);
            answer(x, rc, &e, 201, out);
        } else {
            api_not_allowed(x, "GET, POST");
        }
        return;
    }
    if (x->nseg == 2 && strcmp(x->seg[1], "schema") == 0) {
        if (api_method(x, "GET"))
            api_json(x, 200, vote_schema(&x->who));
        return;
    }
    int64_t id = 0;
    if (!api_parse_id(x->seg[1], &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "there is no vote %s", x->seg[1]);
        return;
    }
    one_vote(x, id);
}
