/* meeting_api.c — HTTP ↔ meetings (docs/meetings.md). The records are collections
 * (collection_api.c serves /meetings, /resolutions and their schema, export, import);
 * here are the meeting's own paths:
 *   GET      /api/v1/meetings/mine | warnings | stats?term_id=
 *   GET/POST /meetings/<id>/agenda          the agenda in order / a new item
 *   GET/PUT  /meetings/<id>/attendance      attendance with the quorum / set rows
 *   POST     /meetings/<id>/leave           a member or deputy reports leave
 *   GET      /meetings/<id>/bulletin[?format=xlsx]
 *   POST     /meetings/<id>/notify | open | close
 *   GET/PATCH/DELETE /api/v1/agenda/<item id>  (the agenda_items collection)
 * No rule lives here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/collection/collection.h"
#include "domain/meeting/meeting.h"

static void answer(api_ctx *x, rc_t rc, const err *e, int status, json_t *out) {
    if (rc)
        api_error(x, e);
    else
        api_json(x, status, out);
}

static bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* body — the request's JSON, {} when it has none; NULL after answering 400. */
static json_t *body(api_ctx *x) { return x->rq->body_len ? api_body_json(x) : json_object(); }

static void stats(api_ctx *x) {
    list_query q;
    if (!api_read_query(x, &q))
        return;
    const char *t = query_param_get(&q, "term_id");
    int64_t term = 0;
    if (t && *t && !api_parse_id(t, &term)) {
        api_fail(x, RC_INVALID, "term_id", "term_id must be a term's id");
        return;
    }
    json_t *out = NULL;
    err e;
    err_clear(&e);
    rc_t rc = meeting_stats(x->rq->db, &x->who, term, &out, &e);
    answer(x, rc, &e, 200, out);
}

static void bulletin(api_ctx *x, int64_t id) {
    list_query q;
    if (!api_read_query(x, &q))
        return;
    const char *format = query_param_get(&q, "format");
    err e;
    err_clear(&e);
    if (format && is(format, "xlsx")) {
        buf out;
        buf_init(&out, COLLECTION_EXPORT_MAX_BYTES);
        rc_t rc = meeting_bulletin_xlsx(x->rq->db, &x->who, id, &out, &e);
        if (rc) {
            buf_free(&out);
            api_error(x, &e);
            return;
        }
        char name[48];
        snprintf(name, sizeof name, "bulletin-%lld", (long long)id);
        api_file(x, &out, true, name);
        return;
    }
    if (format && *format && !is(format, "json")) {
        api_fail(x, RC_INVALID, "format", "format must be json or xlsx");
        return;
    }
    json_t *out = NULL;
    rc_t rc = meeting_bulletin(x->rq->db, &x->who, id, &out, &e);
    answer(x, rc, &e, 200, out);
}

/* one_meeting — /meetings/<id>/<sub>; false when sub is not the meeting's own (the
 * collection's paths). */
static bool one_meeting(api_ctx *x, int64_t id, const char *sub) {
    const char *m = x->rq->method;
    store_conn *db = x->rq->db;
    json_t *out = NULL, *in = NULL;
    err e;
    err_clear(&e);
    rc_t rc = RC_OK;
    int status = 200;
    if (is(sub, "agenda") || is(sub, "attendance")) {
        bool agenda = sub[1] == 'g';
        if (is(m, "GET")) {
            rc = agenda ? meeting_agenda(db, &x->who, id, &out, &e)
                        : meeting_attendance(db, &x->who, id, &out, &e);
        } else if (is(m, agenda ? "POST" : "PUT")) {
            if (!(in = api_body_json(x)))
                return true;
            rc = agenda ? meeting_agenda_add(db, &x->who, id, in, &out, &e)
                        : meeting_attendance_put(db, &x->who, id, in, &out, &e);
            status = agenda ? 201 : 200;
        } else {
            api_not_allowed(x, agenda ? "GET, POST" : "GET, PUT");
            return true;
        }
    } else if (is(sub, "bulletin")) {
        if (api_method(x, "GET"))
            bulletin(x, id);
        return true;
    } else if (is(sub, "leave") || is(sub, "notify") || is(sub, "open") || is(sub, "close")) {
        if (!api_method(x, "POST") || !(in = body(x)))
            return true;
        rc = is(sub, "leave") ? meeting_leave(db, &x->who, id, in, &out, &e)
                              : meeting_act(db, &x->who, id, sub, &out, &e);
    } else {
        return false;
    }
    json_decref(in);
    answer(x, rc, &e, status, out);
    return true;
}

void api_meetings(api_ctx *x) {
    if (!api_logged_in(x))
        return;
    const char *sub = x->nseg >= 2 ? x->seg[1] : NULL;
    if (x->nseg == 2 && (is(sub, "mine") || is(sub, "warnings") || is(sub, "stats"))) {
        if (!api_method(x, "GET"))
            return;
        if (sub[0] == 's') {
            stats(x);
            return;
        }
        json_t *out = NULL;
        err e;
        err_clear(&e);
        rc_t rc = sub[0] == 'm' ? meeting_mine(x->rq->db, &x->who, &out, &e)
                                : meeting_warnings(x->rq->db, &x->who, &out, &e);
        answer(x, rc, &e, 200, out);
        return;
    }
    int64_t id = 0;
    if (x->nseg == 3 && api_parse_id(x->seg[1], &id) && one_meeting(x, id, x->seg[2]))
        return;
    api_collection(x);
}

/* /agenda[/<id>] is the agenda_items collection (its records, schema, export). */
void api_agenda(api_ctx *x) {
    x->seg[0] = "agenda_items";
    api_collection(x);
}
