/* inbox.c — what needs the caller's action, across every kind: for staff the cases to
 * review, assign, chase and close; for a unit what it must answer; for a deputy the
 * invitations to cosign, the replies to rate and their drafts. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

#define INBOX_ITEMS_MAX 50

static const field_def inbox_cols[] = {
    {.name = "id", .type = FT_INT},      {.name = "kind", .type = FT_TEXT},
    {.name = "title", .type = FT_TEXT},  {.name = "state", .type = FT_TEXT},
    {.name = "due_on", .type = FT_DATE},
};

rc_t case_inbox(store_conn *c, const principal *p, json_t **out, err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    enum {
        STAFF,
        UNIT,
        DEPUTY
    } as = case_is_staff(p)                         ? STAFF
           : p->role == ROLE_UNIT && p->unit_id     ? UNIT
           : p->role == ROLE_DEPUTY && p->deputy_id ? DEPUTY
                                                    : 3;
    if (as == 3)
        return err_set(e, RC_FORBIDDEN, NULL, "the inbox is for staff, units and deputies");
    case_clock cl = {0};
    char today[11], soon[11];
    json_t *res = json_object();
    rc_t rc = store_begin(c, false, e);
    if (rc == RC_OK)
        rc = case_clock_open(c, p->congress_id, &cl, e);
    case_clock_close(&cl);
    date_format(cl.today, today);
    date_format(cl.soon, soon);
#define INBOX_COLS "SELECT c.id, c.kind, c.title, c.state, c.due_on FROM cases c WHERE "
#define OPEN "c.state IN ('assigned','rehandling')"
#define MY_UNIT                                                                                    \
    "EXISTS (SELECT 1 FROM case_units u WHERE u.case_id = c.id AND u.unit_id = ? "                 \
    "AND u.state = 'assigned') AND " OPEN
#define MY_PART "EXISTS (SELECT 1 FROM case_people cp WHERE cp.case_id = c.id AND cp.deputy_id = ? "
    /* One query per box and audience (the first ? is the congress, unit or deputy). */
    static const struct {
        const char *key, *sql[3]; /* STAFF, UNIT, DEPUTY */
        int dates;                /* 0 none, 1 today, 2 today and soon */
    } boxes[] = {
        {"to_review", {INBOX_COLS "c.congress_id = ? AND c.state = 'submitted'"}, 0},
        {"to_assign", {INBOX_COLS "c.congress_id = ? AND c.state IN ('accepted','returned')"}, 0},
        {"assigned", {NULL, INBOX_COLS MY_UNIT}, 0},
        {"overdue",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND c.due_on < ?",
          INBOX_COLS MY_UNIT " AND c.due_on < ?"},
         1},
        {"due_soon",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND c.due_on >= ? AND c.due_on <= ?",
          INBOX_COLS MY_UNIT " AND c.due_on >= ? AND c.due_on <= ?"},
         2},
        {"unsatisfied", {INBOX_COLS "c.congress_id = ? AND c.state = 'rehandling'"}, 0},
        /* staff: a unit asked for more time; a voter or petitioner is to be called for
         * their feedback; everyone owed has rated the reply, so the case can close */
        {"extensions",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND EXISTS (SELECT 1 FROM case_extensions x "
                     "WHERE x.case_id = c.id AND x.state = 'requested')"},
         0},
        {"record_feedback",
         {INBOX_COLS "c.congress_id = ? AND c.state = 'replied' AND EXISTS (SELECT 1 FROM "
                     "case_people cp WHERE cp.case_id = c.id AND cp.deputy_id IS NULL AND NOT "
                     "EXISTS (SELECT 1 FROM case_feedback f WHERE f.case_id = c.id AND f.round = "
                     "c.round AND f.person_id = cp.id))"},
         0},
        {"to_close",
         {INBOX_COLS "c.congress_id = ? AND c.state = 'replied' AND NOT EXISTS (SELECT 1 FROM "
                     "case_people cp WHERE cp.case_id = c.id AND (cp.role <> 'cosigner' OR "
                     "cp.confirmed = 1) AND NOT EXISTS (SELECT 1 FROM case_feedback f WHERE "
                     "f.case_id = c.id AND f.round = c.round AND f.person_id = cp.id))"},
         0},
        /* a deputy: invitations to cosign, replies to rate (an unconfirmed cosigner
         * confirms first), and their own drafts */
        {"to_confirm",
         {NULL, NULL,
          INBOX_COLS MY_PART "AND cp.role = 'cosigner' AND cp.confirmed = 0 AND "
                             "cp.from_case_id IS NULL) AND c.state IN ('draft','submitted')"},
         0},
        {"feedback",
         {NULL, NULL,
          INBOX_COLS MY_PART "AND (cp.role <> 'cosigner' OR cp.confirmed = 1) AND NOT EXISTS "
                             "(SELECT 1 FROM case_feedback f WHERE f.case_id = c.id AND f.round = "
                             "c.round AND f.person_id = cp.id)) AND c.state = 'replied'"},
         0},
        {"drafts",
         {NULL, NULL,
          INBOX_COLS MY_PART "AND cp.role = 'lead' AND cp.from_case_id IS NULL) AND "
                             "c.state = 'draft'"},
         0},
    };
    int64_t whom = as == STAFF ? p->congress_id : as == UNIT ? p->unit_id : p->deputy_id;
    /* each box lists its first INBOX_ITEMS_MAX cases; counts has every box's total */
    json_t *counts = json_object();
    json_object_set_new(res, "counts", counts);
    for (size_t i = 0; rc == RC_OK && i < sizeof boxes / sizeof boxes[0]; i++) {
        const char *q = boxes[i].sql[as];
        if (!q)
            continue;
        char sql[2048];
        snprintf(sql, sizeof sql, "%s ORDER BY c.due_on, c.id LIMIT %d", q, INBOX_ITEMS_MAX);
        store_params b = {.n = 0};
        store_param_int(&b, whom);
        if (boxes[i].dates >= 1)
            store_param_text(&b, today);
        if (boxes[i].dates >= 2)
            store_param_text(&b, soon);
        json_t *arr = json_array();
        rc = case_rows_json(c, sql, &b, inbox_cols, 5, arr, e);
        json_object_set_new(res, boxes[i].key, arr);
        int64_t total = (int64_t)json_array_size(arr);
        if (rc == RC_OK && total == INBOX_ITEMS_MAX) {
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM cases c WHERE %s",
                     q + strlen(INBOX_COLS));
            rc = store_one_int(c, sql, &b, &total, e);
        }
        json_object_set_new(counts, boxes[i].key, json_integer(total));
    }
#undef INBOX_COLS
#undef OPEN
#undef MY_UNIT
#undef MY_PART
    store_unwind(c, depth);
    if (rc) {
        json_decref(res);
        return rc;
    }
    *out = res;
    return RC_OK;
}
