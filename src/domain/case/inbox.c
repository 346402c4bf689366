/* inbox.c — what needs the caller's action, across every kind: for staff the cases to
 * review, assign, chase and close; for a unit what it must answer; for a deputy the
 * invitations to cosign, the replies to rate and their drafts. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

#define INBOX_ITEMS_MAX 50
#define INBOX_SQL_MAX 32768

static const field_def inbox_cols[] = {
    {.name = "id", .type = FT_INT},      {.name = "kind", .type = FT_TEXT},
    {.name = "title", .type = FT_TEXT},  {.name = "state", .type = FT_TEXT},
    {.name = "due_on", .type = FT_DATE}, {.name = "number", .type = FT_TEXT},
};

/* quiet — a box of work, not news: not in the bell's count (a deputy's own drafts, the
 * rated cases the office closes when it will). */
static bool quiet(const char *key) {
    return strcmp(key, "drafts") == 0 || strcmp(key, "to_close") == 0;
}

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
#define INBOX_COLS "SELECT c.id, c.kind, c.title, c.state, c.due_on, c.number FROM cases c WHERE "
#define OPEN "c.state IN ('assigned','rehandling')"
#define MY_UNIT                                                                                    \
    "EXISTS (SELECT 1 FROM case_units u WHERE u.case_id = c.id AND u.unit_id = ? "                 \
    "AND u.state = 'assigned') AND " OPEN
/* a unit's own part, with its own deadline (a co-unit's month, not the lead's date) */
#define UNIT_COLS                                                                                  \
    "SELECT c.id, c.kind, c.title, c.state, u.due_on, c.number FROM cases c JOIN case_units u ON " \
    "u.case_id = c.id WHERE u.unit_id = ? AND u.state = 'assigned' AND " OPEN
/* the latest answer of a unit (reply or follow-up) is class B: a follow-up is owed */
#define B_HEAD                                                                                     \
    "c.state IN ('replied','closed') AND EXISTS (SELECT 1 FROM case_replies r WHERE "              \
    "r.case_id = c.id AND "
#define B_TAIL                                                                                     \
    "r.kind IN ('reply','follow_up') AND r.class = 'B' AND r.id = (SELECT MAX(r2.id) FROM "        \
    "case_replies r2 WHERE r2.case_id = r.case_id AND r2.unit_id = r.unit_id AND r2.kind IN "      \
    "('reply','follow_up')))"
#define UNSATISFIED_NOW                                                                            \
    "EXISTS (SELECT 1 FROM case_feedback uf WHERE uf.case_id = c.id AND uf.round = c.round AND "   \
    "uf.rating = 'unsatisfied')"
#define MY_PART "EXISTS (SELECT 1 FROM case_people cp WHERE cp.case_id = c.id AND cp.deputy_id = ? "
    /* One query per box and audience (the first ? is the congress, unit or deputy). */
    static const struct {
        const char *key, *sql[3]; /* STAFF, UNIT, DEPUTY */
        int dates;                /* 0 none, 1 today, 2 today and soon */
    } boxes[] = {
        {"to_review", {INBOX_COLS "c.congress_id = ? AND c.state = 'submitted'"}, 0},
        {"to_assign", {INBOX_COLS "c.congress_id = ? AND c.state IN ('accepted','returned')"}, 0},
        /* staff: past the time to assign (a between-session suggestion's working days, a
         * petition's days to forward or assign) and still not assigned */
        {"assign_overdue",
         {INBOX_COLS "c.congress_id = ? AND c.state IN ('submitted','accepted') AND "
                     "c.assign_by < ?"},
         1},
        {"assigned", {NULL, UNIT_COLS}, 0},
        {"overdue",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND c.due_on < ?",
          UNIT_COLS " AND u.due_on < ?"},
         1},
        {"due_soon",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND c.due_on >= ? AND c.due_on <= ?",
          UNIT_COLS " AND u.due_on >= ? AND u.due_on <= ?"},
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
        /* everyone owed has rated (or the feedback period lapsed) and none is unsatisfied */
        {"to_close",
         {INBOX_COLS "c.congress_id = ? AND c.state = 'replied' AND (c.feedback_due_on < ? OR "
                     "NOT EXISTS (SELECT 1 FROM case_people cp WHERE cp.case_id = c.id AND "
                     "(cp.role <> 'cosigner' OR cp.confirmed = 1) AND NOT EXISTS (SELECT 1 FROM "
                     "case_feedback f WHERE f.case_id = c.id AND f.round = c.round AND "
                     "f.person_id = cp.id))) AND NOT " UNSATISFIED_NOW},
         1},
        /* the feedback period lapsed with an unsatisfied rating among those given */
        {"to_rehandle",
         {INBOX_COLS "c.congress_id = ? AND c.state = 'replied' AND c.feedback_due_on < ? "
                     "AND " UNSATISFIED_NOW},
         1},
        /* B-class answers still awaiting their follow-up reply */
        {"follow_up",
         {INBOX_COLS "c.congress_id = ? AND " B_HEAD B_TAIL,
          INBOX_COLS B_HEAD "r.unit_id = ? AND " B_TAIL},
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
    buf all; /* every box that is news, for the bell's count */
    buf_init(&all, INBOX_SQL_MAX);
    store_params all_b = {.n = 0};
    int64_t whom = as == STAFF ? p->congress_id : as == UNIT ? p->unit_id : p->deputy_id;
    /* each box lists its first INBOX_ITEMS_MAX cases; counts has every box's total */
    json_t *counts = json_object();
    json_object_set_new(res, "counts", counts);
    for (size_t i = 0; rc == RC_OK && i < sizeof boxes / sizeof boxes[0]; i++) {
        const char *q = boxes[i].sql[as];
        if (!q)
            continue;
        char sql[2048];
        snprintf(sql, sizeof sql, "%s ORDER BY 5, 1 LIMIT %d", q, INBOX_ITEMS_MAX);
        store_params b = {.n = 0};
        store_param_int(&b, whom);
        if (boxes[i].dates >= 1)
            store_param_text(&b, today);
        if (boxes[i].dates >= 2)
            store_param_text(&b, soon);
        json_t *arr = json_array();
        rc = case_rows_json(c, sql, &b, inbox_cols, (int)(sizeof inbox_cols / sizeof inbox_cols[0]),
                            arr, e);
        json_object_set_new(res, boxes[i].key, arr);
        int64_t total = (int64_t)json_array_size(arr);
        if (rc == RC_OK && total == INBOX_ITEMS_MAX) {
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM (%s) x", q);
            rc = store_one_int(c, sql, &b, &total, e);
        }
        json_object_set_new(counts, boxes[i].key, json_integer(total));
        /* the bell's count: each case once, however many boxes it sits in */
        if (rc == RC_OK && !quiet(boxes[i].key)) {
            rc = buf_printf(&all, "%s%s", all.len ? " UNION ALL " : "", q);
            for (int j = 0; j < b.n && rc == RC_OK; j++) {
                if (all_b.n >= STORE_PARAMS_MAX) {
                    rc = err_set(e, RC_INTERNAL, NULL, "the inbox's count has too many values");
                    break;
                }
                all_b.v[all_b.n++] = b.v[j];
            }
        }
    }
    int64_t bell = 0;
    if (rc == RC_OK && all.len) {
        buf count;
        buf_init(&count, INBOX_SQL_MAX);
        rc = buf_printf(&count, "SELECT COUNT(DISTINCT x.id) FROM (%s) x", all.data);
        if (rc == RC_OK)
            rc = store_one_int(c, count.data, &all_b, &bell, e);
        buf_free(&count);
    }
    json_object_set_new(res, "total", json_integer(bell));
    buf_free(&all);
#undef INBOX_COLS
#undef OPEN
#undef MY_UNIT
#undef MY_PART
#undef UNIT_COLS
#undef B_HEAD
#undef B_TAIL
#undef UNSATISFIED_NOW
    store_unwind(c, depth);
    if (rc) {
        json_decref(res);
        return rc;
    }
    *out = res;
    return RC_OK;
}
