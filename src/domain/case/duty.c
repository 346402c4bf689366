/* duty.c — a deputy's duty record as it stands today: the cases they lead and the ones
 * they cosigned (confirmed), with each case's state, and the reception days they
 * attend, those to come first. The deputy's own page: nobody else reads it here (the
 * office has the lists and statistics), and how many records of each register (an
 * inspection, a training …) name them. Later issues add meetings and votes. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"
#include "domain/collection/collection.h"

#define DUTY_ITEMS_MAX 50

static const field_def case_cols[] = {
    {.name = "id", .type = FT_INT},     {.name = "kind", .type = FT_TEXT},
    {.name = "title", .type = FT_TEXT}, {.name = "state", .type = FT_TEXT},
    {.name = "role", .type = FT_TEXT},  {.name = "submitted_on", .type = FT_DATE},
};
static const field_def reception_cols[] = {
    {.name = "id", .type = FT_INT},
    {.name = "held_on", .type = FT_DATE},
    {.name = "station_id", .type = FT_REF},
    {.name = "station_name", .type = FT_TEXT},
};

/* count_of — one COUNT(*) with the deputy's id. */
static rc_t count_of(store_conn *c, const char *sql, int64_t deputy_id, const char *key,
                     json_t *out, err *e) {
    store_params b = {.n = 0};
    store_param_int(&b, deputy_id);
    int64_t n = 0;
    rc_t rc = store_one_int(c, sql, &b, &n, e);
    json_object_set_new(out, key, json_integer((json_int_t)n));
    return rc;
}

/* a deputy's cases: a draft is its author's (the lead's) until it is submitted */
#define MY_CASES                                                                                   \
    " FROM cases c JOIN case_people cp ON cp.case_id = c.id WHERE cp.deputy_id = ? AND "           \
    "(c.state <> 'draft' OR cp.role = 'lead') AND cp.from_case_id IS NULL AND "

rc_t case_duty_record(store_conn *c, const principal *p, json_t **out, err *e) {
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    if (p->role != ROLE_DEPUTY || !p->deputy_id)
        return err_set(e, RC_FORBIDDEN, NULL, "the duty record is a deputy's own page");
    const int64_t deputy_id = p->deputy_id;
    const int depth = store_depth(c);
    json_t *res = json_object(), *cases = json_array(), *recs = json_array();
    json_object_set_new(res, "deputy_id", json_integer((json_int_t)deputy_id));
    json_object_set_new(res, "cases", cases);
    json_object_set_new(res, "receptions", recs);
    char today[11];
    date_format(case_today(c, p->congress_id), today);
    rc_t rc = store_begin(c, false, e);
    if (rc == RC_OK)
        rc = count_of(c, "SELECT COUNT(*)" MY_CASES "cp.role = 'lead'", deputy_id, "led", res, e);
    if (rc == RC_OK)
        rc = count_of(c, "SELECT COUNT(*)" MY_CASES "cp.role = 'cosigner' AND cp.confirmed = 1",
                      deputy_id, "cosigned", res, e);
    if (rc == RC_OK) {
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "SELECT c.id, c.kind, c.title, c.state, cp.role, c.submitted_on" MY_CASES
                 "(cp.role = 'lead' OR (cp.role = 'cosigner' AND cp.confirmed = 1)) "
                 "ORDER BY c.id DESC LIMIT %d",
                 DUTY_ITEMS_MAX);
        store_params b = {.n = 0};
        store_param_int(&b, deputy_id);
        rc = case_rows_json(c, sql, &b, case_cols, 6, cases, e);
    }
    if (rc == RC_OK) {
        store_params b = {.n = 0};
        store_param_int(&b, deputy_id);
        int64_t n = 0;
        rc = store_one_int(c,
                           "SELECT COUNT(*) FROM reception_deputies rd JOIN receptions r ON "
                           "r.id = rd.reception_id WHERE rd.deputy_id = ?",
                           &b, &n, e);
        json_object_set_new(res, "received", json_integer((json_int_t)n));
    }
    if (rc == RC_OK) {
        /* the days to come first (soonest first), then the past ones (latest first) */
        char sql[768];
        snprintf(sql, sizeof sql,
                 "SELECT r.id, r.held_on, r.station_id, s.name FROM receptions r JOIN "
                 "reception_deputies rd ON rd.reception_id = r.id LEFT JOIN stations s ON "
                 "s.id = r.station_id WHERE rd.deputy_id = ? ORDER BY CASE WHEN r.held_on >= ? "
                 "THEN 0 ELSE 1 END, CASE WHEN r.held_on >= ? THEN r.held_on END, r.held_on "
                 "DESC, r.id DESC LIMIT %d",
                 DUTY_ITEMS_MAX);
        store_params b = {.n = 0};
        store_param_int(&b, deputy_id);
        store_param_text(&b, today);
        store_param_text(&b, today);
        rc = case_rows_json(c, sql, &b, reception_cols, 4, recs, e);
    }
    if (rc == RC_OK) { /* inspections, research, trainings …: every register's own list */
        json_t *part = NULL;
        rc = collection_participation(c, p, "deputies", deputy_id, &part, e);
        if (rc == RC_OK)
            json_object_set_new(res, "participation", part);
    }
    json_object_set_new(res, "today", json_string(today));
    store_unwind(c, depth);
    if (rc) {
        json_decref(res);
        return rc;
    }
    *out = res;
    return RC_OK;
}
#undef MY_CASES
