/* stats.c — the statistics of a kind: every figure over the same filtered set of cases
 * the list would show (drafts aside), plus the kind's own figures (its stats hook). */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

/* counted — {value: count} from a two-column query. */
static rc_t counted(store_conn *c, const char *sql, const store_params *b, json_t **out, err *e) {
    store_stmt *st = NULL;
    *out = json_object();
    rc_t rc = store_prepare_with(c, sql, b, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        const char *v = store_column_text(st, 0);
        json_object_set_new(*out, v ? v : "", json_integer(store_column_int(st, 1)));
    }
    store_finish(st);
    return rc;
}

/* Every figure is over the set of cases "%s" (a subquery of ids). */
static const struct {
    const char *key, *fmt;
    bool object;
} figures[] = {
    {"total", "SELECT COUNT(*) FROM cases WHERE id IN (%s)", false},
    {"by_state", "SELECT state, COUNT(*) FROM cases WHERE id IN (%s) GROUP BY state", true},
    {"by_category",
     "SELECT COALESCE(category, ''), COUNT(*) FROM cases WHERE id IN (%s) "
     "GROUP BY COALESCE(category, '')",
     true},
    /* each answering unit's latest class: a re-handled case counts once, as it ended */
    {"reply_classes",
     "SELECT r.class, COUNT(*) FROM case_replies r WHERE r.kind = 'reply' AND "
     "r.case_id IN (%s) AND r.id = (SELECT MAX(r2.id) FROM case_replies r2 WHERE "
     "r2.case_id = r.case_id AND r2.unit_id = r.unit_id AND r2.kind = 'reply') "
     "GROUP BY r.class",
     true},
    {"feedback", "SELECT rating, COUNT(*) FROM case_feedback WHERE case_id IN (%s) GROUP BY rating",
     true},
    {"rehandled", "SELECT COUNT(*) FROM cases WHERE round > 1 AND id IN (%s)", false},
    {"rehandled_units",
     "SELECT COUNT(DISTINCT cu.unit_id) FROM case_units cu JOIN cases x ON "
     "x.id = cu.case_id WHERE x.round > 1 AND cu.role <> 'co' AND x.id IN (%s)",
     false},
    {"solved_after_rehandling",
     "SELECT COUNT(*) FROM cases x WHERE x.round > 1 AND x.id IN (%s) AND EXISTS (SELECT 1 FROM "
     "case_feedback f WHERE f.case_id = x.id AND f.round = x.round AND f.rating IN "
     "('satisfied','basically_satisfied')) AND NOT EXISTS (SELECT 1 FROM case_feedback f WHERE "
     "f.case_id = x.id AND f.round = x.round AND f.rating = 'unsatisfied')",
     false},
    {"key_supervision", "SELECT COUNT(*) FROM cases WHERE key_supervision = 1 AND id IN (%s)",
     false},
    /* the time limits (rules.c): assigned or forwarded after assign_by; answers after the
     * unit's own deadline */
    {"assigned_late", "SELECT COUNT(*) FROM cases WHERE assigned_late = 1 AND id IN (%s)", false},
    {"late_co_views",
     "SELECT COUNT(*) FROM case_replies WHERE kind = 'co_view' AND late = 1 AND case_id IN (%s)",
     false},
    {"late_replies",
     "SELECT COUNT(DISTINCT case_id) FROM case_replies WHERE kind = 'reply' AND late = 1 AND "
     "case_id IN (%s)",
     false},
};

static rc_t figure(store_conn *c, const char *fmt, const char *set, const store_params *b,
                   bool object, const char *key, json_t *res, err *e) {
    buf sql;
    buf_init(&sql, CASE_SQL_MAX * 2);
    rc_t rc = buf_printf(&sql, fmt, set);
    if (rc == RC_OK && object) {
        json_t *o = NULL;
        rc = counted(c, sql.data, b, &o, e);
        json_object_set_new(res, key, o);
    } else if (rc == RC_OK) {
        int64_t n = 0;
        rc = store_one_int(c, sql.data, b, &n, e);
        json_object_set_new(res, key, json_integer(n));
    }
    buf_free(&sql);
    return rc;
}

static const field_def by_unit_cols[] = {
    {.name = "unit_id", .type = FT_REF},
    {.name = "unit_name", .type = FT_TEXT},
    {.name = "count", .type = FT_INT},
};

rc_t case_stats(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                json_t **out, err *e) {
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    if (!case_is_staff(p) && p->role != ROLE_MEMBER)
        return err_set(e, RC_FORBIDDEN, NULL, "statistics are for staff and committee members");
    static const char *const reserved[] = {"format", NULL};
    case_read r;
    buf set, sql;
    json_t *res = json_object();
    buf_init(&set, CASE_SQL_MAX);
    buf_init(&sql, CASE_SQL_MAX * 2);
    rc_t rc = case_read_open(c, k, p, q, QM_ALL, reserved, &r, e);
    query_plan *plan = &r.plan;
    if (rc == RC_OK)
        rc = query_add(plan, " AND c.state <> 'draft'"); /* a draft is its author's */
    if (rc == RC_OK)
        rc = query_set_sql(&r.cs.s, plan, &set);
    for (size_t i = 0; rc == RC_OK && i < sizeof figures / sizeof figures[0]; i++)
        rc = figure(c, figures[i].fmt, set.data, &plan->b, figures[i].object, figures[i].key, res,
                    e);
    if (rc == RC_OK) {
        store_params o = plan->b; /* the set's values, then today */
        store_param_text(&o, plan->today_s);
        rc = figure(c,
                    "SELECT COUNT(*) FROM cases WHERE id IN (%s) AND state IN "
                    "('assigned','rehandling') AND due_on < ?",
                    set.data, &o, false, "overdue", res, e);
        if (rc == RC_OK) /* still waiting to be assigned after the limit */
            rc = figure(c,
                        "SELECT COUNT(*) FROM cases WHERE id IN (%s) AND state IN "
                        "('submitted','accepted') AND assign_by < ?",
                        set.data, &o, false, "assignment_overdue", res, e);
    }
    if (rc == RC_OK && k->group_field) {
        rc = buf_printf(&sql,
                        "SELECT k.%s, COUNT(*) FROM %s k WHERE k.case_id IN (%%s) GROUP BY "
                        "k.%s",
                        k->group_field, k->plural, k->group_field);
        if (rc == RC_OK)
            rc = figure(c, sql.data, set.data, &plan->b, true, "by_kind", res, e);
    }
    if (rc == RC_OK && k->stats)
        rc = k->stats(c, p, q, set.data, &plan->b, res, e);
    if (rc == RC_OK) {
        buf_reset(&sql);
        rc = buf_printf(&sql,
                        "SELECT u.id, u.name, COUNT(DISTINCT cu.case_id) FROM case_units cu "
                        "JOIN units u ON u.id = cu.unit_id WHERE cu.case_id IN (%s) GROUP BY u.id, "
                        "u.name ORDER BY 3 DESC, u.id",
                        set.data);
        json_t *arr = json_array();
        if (rc == RC_OK)
            rc = case_rows_json(c, sql.data, &plan->b, by_unit_cols, 3, arr, e);
        json_object_set_new(res, "by_unit", arr);
    }
    case_read_close(c, &r);
    buf_free(&set);
    buf_free(&sql);
    if (rc == RC_OK)
        *out = res;
    else
        json_decref(res);
    return rc;
}
