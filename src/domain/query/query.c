/* query.c — parameters to conditions, and the readers over them (see query.h).
 *
 * SQL here is assembled only from identifiers in compiled-in tables (the sources'
 * columns and expressions); every value a user sends is bound as a parameter. */
#include "domain/query/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "domain/query/count_cache.h"
#include "domain/settings.h"

#define PLAN_ARENA_MAX (4u * 1024 * 1024)
#define LIST_VALUES_MAX 50 /* values in one `field=a,b,…` */
#define YEAR_MIN 1900
#define YEAR_MAX 2999
#define ALIAS_MAX 16
#define LATEST_TEXT_MAX 32 /* a date (or time) as text, with room */
/* Pages starting this deep use the position marks (count_cache.h); shallower ones are
 * cheaper to walk. */
#define MARKS_FROM (MARK_STEP * 16)

/* created_at and updated_at: every record has them, so every source can range over them
 * and sort by them. */
static const field_def created_at_field = {
    .name = "created_at", .label_zh = "创建时间", .label_en = "Created", .type = FT_DATETIME};
static const field_def updated_at_field = {
    .name = "updated_at", .label_zh = "更新时间", .label_en = "Updated", .type = FT_DATETIME};

const char *query_param_get(const list_query *q, const char *key) {
    for (int i = 0; i < q->n && i < QUERY_PARAMS_MAX; i++)
        if (strcmp(q->params[i].key, key) == 0)
            return q->params[i].value ? q->params[i].value : "";
    return NULL;
}

const query_column *query_column_find(const query_source *s, const char *name) {
    for (int i = 0; name && i < s->ncols; i++)
        if (strcmp(s->cols[i].f->name, name) == 0)
            return &s->cols[i];
    return NULL;
}

static int column_index(const query_source *s, const query_column *col) {
    return (int)(col - s->cols);
}

/* ---- building conditions --------------------------------------------------------------- */

static rc_t overflow(const query_plan *plan, err *e) {
    return plan->b.n > STORE_PARAMS_MAX
               ? err_set(e, RC_INVALID, "", "too many query conditions (more than %d values)",
                         STORE_PARAMS_MAX)
               : RC_OK;
}

rc_t query_add(query_plan *plan, const char *cond) { return buf_puts(&plan->where, cond); }

rc_t query_add_int(query_plan *plan, const char *cond, int64_t v) {
    store_param_int(&plan->b, v);
    rc_t rc = buf_puts(&plan->where, cond);
    return rc ? rc : overflow(plan, NULL);
}

rc_t query_add_text(query_plan *plan, const char *cond, const char *v) {
    store_param_text(&plan->b, v);
    rc_t rc = buf_puts(&plan->where, cond);
    return rc ? rc : overflow(plan, NULL);
}

rc_t query_bool(const char *key, const char *v, bool *out, err *e) {
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        *out = false;
    else
        return err_set(e, RC_INVALID, key, "%s must be true or false", key);
    return RC_OK;
}

/* column_sql — "alias.name" of a column. */
static rc_t column_sql(const query_column *col, buf *sql) {
    return buf_printf(sql, "%s.%s", col->alias, col->f->name);
}

/* ref_title_sql — the display name of a reference column's record, for join alias j<i>. */
static rc_t ref_title_sql(const query_source *s, const query_column *col, buf *sql) {
    char alias[ALIAS_MAX];
    snprintf(alias, sizeof alias, "j%d", column_index(s, col));
    rc_t rc = RC_OK;
    for (const char *t = col->ref_title; t && *t && rc == RC_OK; t++)
        rc = *t == '@' ? buf_puts(sql, alias) : buf_append(sql, t, 1);
    return rc;
}

/* one_value — a filter value as the column's type, bound to plan->b. */
static rc_t one_value(query_plan *plan, const query_column *col, const char *key, const char *v,
                      err *e) {
    const field_def *f = col->f;
    long long n = 0;
    date_t d;
    switch (f->type) {
    case FT_ENUM: {
        const char *id = enum_match(col->values, v);
        if (!id) {
            char list[512], zh[512];
            enum_list(col->values, false, list, sizeof list);
            enum_list(col->values, true, zh, sizeof zh);
            return err_set(e, RC_INVALID, key, ENUM_FMT, key, list, zh);
        }
        store_param_text(&plan->b, id);
        return RC_OK;
    }
    case FT_INT:
    case FT_REF:
    case FT_REFS:
        if (!parse_whole(v, &n))
            return err_set(e, RC_INVALID, key, "%s must be a whole number", key);
        store_param_int(&plan->b, n);
        return RC_OK;
    case FT_BOOL: {
        bool yes = false;
        rc_t rc = query_bool(key, v, &yes, e);
        if (rc == RC_OK)
            store_param_int(&plan->b, yes);
        return rc;
    }
    case FT_DECIMAL:
        if (!decimal_parse(v, f->scale, &n))
            return err_set(e, RC_INVALID, key, "%s must be a number with at most %d decimals", key,
                           f->scale);
        store_param_int(&plan->b, n);
        return RC_OK;
    case FT_DATE:
        if (!date_parse(v, &d))
            return err_set(e, RC_INVALID, key, "%s must be a date written YYYY-MM-DD", key);
        store_param_text(&plan->b, v);
        return RC_OK;
    default: store_param_text(&plan->b, v); return RC_OK;
    }
}

/* in_list — " = ?" for one value, " IN (?, ?, …)" for `a,b,…` (a list for every type but
 * free text, whose values may themselves hold commas), each value bound as col's type. */
static rc_t in_list(query_plan *plan, const query_column *col, const char *key, const char *v,
                    err *e) {
    bool list = col->f->type != FT_TEXT && strchr(v, ',') != NULL;
    rc_t rc = RC_OK;
    if (!list) {
        rc = buf_puts(&plan->where, " = ?");
        return rc ? rc : one_value(plan, col, key, v, e);
    }
    rc = buf_puts(&plan->where, " IN (");
    int n = 0;
    for (const char *p = v; rc == RC_OK;) {
        size_t len = strcspn(p, ",");
        if (len == 0)
            return err_set(e, RC_INVALID, key, "%s has an empty value in its list", key);
        if (++n > LIST_VALUES_MAX)
            return err_set(e, RC_INVALID, key, "%s takes at most %d values separated by commas",
                           key, LIST_VALUES_MAX);
        char *one = arena_strndup(plan->a, p, len);
        if (!one)
            return err_set(e, RC_NOMEM, key, "out of memory");
        rc = buf_puts(&plan->where, n > 1 ? ", ?" : "?");
        if (rc == RC_OK)
            rc = one_value(plan, col, key, one, e);
        p += len;
        if (*p != ',')
            break;
        p++; /* a comma: another value follows, or an empty one */
    }
    return rc ? rc : buf_puts(&plan->where, ")");
}

/* equality — `field=v` or `field=a,b,…`. */
static rc_t equality(query_plan *plan, const query_column *col, const char *key, const char *v,
                     err *e) {
    rc_t rc = buf_puts(&plan->where, " AND ");
    if (rc == RC_OK)
        rc = column_sql(col, &plan->where);
    return rc ? rc : in_list(plan, col, key, v, e);
}

/* holds — `deputy_ids=5` or `=5,7` on a references list: the records whose list holds
 * any of them (the inspections a deputy took part in). */
static rc_t holds(query_plan *plan, const query_column *col, const char *key, const char *v,
                  err *e) {
    const field_def *f = col->f;
    rc_t rc =
        buf_printf(&plan->where, " AND EXISTS (SELECT 1 FROM %s lk WHERE lk.%s = %s.id AND lk.%s",
                   f->link_table, f->link_owner, col->alias, f->link_ref);
    if (rc == RC_OK)
        rc = in_list(plan, col, key, v, e);
    return rc ? rc : buf_puts(&plan->where, ")");
}

/* range — `field_from` / `field_to`, inclusive, on a date or time column (a time's _to
 * takes the whole day). */
static rc_t range(query_plan *plan, const char *expr, const field_def *f, bool from,
                  const char *key, const char *v, err *e) {
    date_t d;
    if (!date_parse(v, &d))
        return err_set(e, RC_INVALID, key, "%s must be a date written YYYY-MM-DD", key);
    const char *bound = v;
    const char *op = from ? " >= ?" : " <= ?";
    if (f->type == FT_DATETIME && !from) {
        char next[11];
        date_format(d + 1, next);
        bound = arena_strdup(plan->a, next);
        op = " < ?";
    }
    store_param_text(&plan->b, bound);
    rc_t rc = buf_printf(&plan->where, " AND %s%s", expr, op);
    return rc ? rc : overflow(plan, e);
}

/* year — the main date in that year, as a range the date's index can serve. */
static rc_t year(query_plan *plan, const query_source *s, const char *v, err *e) {
    long long y = 0;
    if (!s->year_expr)
        return err_set(e, RC_INVALID, "year", "%s has no date to filter by year", s->name);
    if (strlen(v) != 4 || !parse_whole(v, &y) || y < YEAR_MIN || y > YEAR_MAX)
        return err_set(e, RC_INVALID, "year", "year must be like 2024");
    store_param_text(&plan->b, arena_printf(plan->a, "%04lld", y));
    store_param_text(&plan->b, arena_printf(plan->a, "%04lld", y + 1));
    rc_t rc = buf_printf(&plan->where, " AND %s >= ? AND %s < ?", s->year_expr, s->year_expr);
    return rc ? rc : overflow(plan, e);
}

/* words — q: every word matches one of the searchable columns. */
static rc_t words(query_plan *plan, const query_source *s, const char *q, err *e) {
    rc_t rc = RC_OK;
    int nw = 0;
    for (const char *p = q; rc == RC_OK && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        size_t n = strcspn(p, " \t\r\n");
        if (n == 0)
            break;
        if (++nw > QUERY_WORDS_MAX)
            return err_set(e, RC_INVALID, "q", "q has more than %d words", QUERY_WORDS_MAX);
        char *pat = like_pattern(plan->a, p, n);
        if (!pat)
            return err_set(e, RC_INVALID, "q", "q is too long");
        p += n;
        rc = buf_puts(&plan->where, " AND (1 = 0");
        for (int i = 0; i < s->ncols && rc == RC_OK; i++) {
            const query_column *col = &s->cols[i];
            if (!(col->f->flags & FF_SEARCH) || !field_is_column(col->f))
                continue;
            rc = buf_puts(&plan->where, " OR ");
            if (rc == RC_OK && col->f->type == FT_REF && col->ref_title) {
                plan->joins = true;
                rc = ref_title_sql(s, col, &plan->where);
            } else if (rc == RC_OK) {
                rc = column_sql(col, &plan->where);
            }
            if (rc == RC_OK)
                rc = buf_puts(&plan->where, " LIKE ? ESCAPE '\\'");
            store_param_text(&plan->b, pat);
        }
        if (rc == RC_OK)
            rc = buf_puts(&plan->where, ")");
        if (rc == RC_OK)
            rc = overflow(plan, e);
    }
    return rc;
}

static rc_t sort(query_plan *plan, const query_source *s, const char *v, err *e) {
    plan->desc = v[0] == '-';
    const char *name = plan->desc ? v + 1 : v;
    const query_column *col = query_column_find(s, name);
    plan->sort = NULL;
    if (col && (col->f->flags & FF_SORT) && field_is_column(col->f))
        plan->sort = col;
    else if (strcmp(name, "id") == 0 || strcmp(name, "created_at") == 0 ||
             strcmp(name, "updated_at") == 0)
        plan->sort_col = name;
    else
        return err_set(e, RC_INVALID, "sort", "cannot sort %s by %s", s->name, name);
    return RC_OK;
}

static rc_t whole_from(const char *key, const char *v, long long min, long long max, long long *out,
                       err *e) {
    if (!parse_whole(v, out) || *out < min || *out > max)
        return err_set(e, RC_INVALID, key, "%s must be a whole number from %lld to %lld", key, min,
                       max);
    return RC_OK;
}

static bool reserved_key(const char *const *reserved, const char *key) {
    for (int i = 0; reserved && reserved[i]; i++)
        if (strcmp(reserved[i], key) == 0)
            return true;
    return false;
}

/* date_column — the date or time a `<name>_from` / `<name>_to` key ranges over. */
static const field_def *date_column(const query_source *s, const char *key, bool *from,
                                    const query_column **col) {
    size_t n = strlen(key);
    *col = NULL;
    if (n > 5 && strcmp(key + n - 5, "_from") == 0)
        *from = true, n -= 5;
    else if (n > 3 && strcmp(key + n - 3, "_to") == 0)
        *from = false, n -= 3;
    else
        return NULL;
    for (int i = 0; i < s->ncols; i++) {
        const field_def *f = s->cols[i].f;
        if ((f->type == FT_DATE || f->type == FT_DATETIME) && strlen(f->name) == n &&
            strncmp(f->name, key, n) == 0) {
            *col = &s->cols[i];
            return f;
        }
    }
    if (n == strlen("created_at") && strncmp(key, "created_at", n) == 0)
        return &created_at_field;
    if (n == strlen("updated_at") && strncmp(key, "updated_at", n) == 0)
        return &updated_at_field;
    return NULL;
}

/* is_links — a references list kept in a link table. */
static bool is_links(const field_def *f) { return f->type == FT_REFS && f->link_table; }

/* one_param — one parameter of the request; the source's own first. */
static rc_t one_param(store_conn *c, const query_source *s, query_plan *plan, unsigned mode,
                      const char *k, const char *v, const char **q, err *e) {
    bool handled = false;
    rc_t rc = s->param ? s->param(s, plan, k, v, &handled, e) : RC_OK;
    if (rc || handled)
        return rc;
    if (strcmp(k, "q") == 0) {
        *q = v;
        return RC_OK;
    }
    if (strcmp(k, "page") == 0 && !(mode & QM_ALL))
        return whole_from(k, v, 1, INT32_MAX, &plan->page, e);
    if (strcmp(k, "per_page") == 0 && !(mode & QM_ALL)) {
        long long max = settings_get(c, s->who ? s->who->congress_id : 0, "per_page_max");
        return whole_from(k, v, 1, max, &plan->per_page, e);
    }
    if (strcmp(k, "after") == 0 && !(mode & QM_ALL)) {
        long long id = 0;
        rc = whole_from(k, v, 1, INT64_MAX, &id, e);
        plan->has_after = rc == RC_OK;
        plan->after = id;
        return rc;
    }
    if (strcmp(k, "sort") == 0)
        return sort(plan, s, v, e);
    if (strcmp(k, "year") == 0)
        return year(plan, s, v, e);
    if (strcmp(k, "by") == 0 && (mode & QM_COUNTS)) {
        plan->by = v;
        return RC_OK;
    }
    const query_column *col = query_column_find(s, k);
    if (col && (col->f->flags & FF_FILTER) && field_is_column(col->f))
        return equality(plan, col, k, v, e);
    if (col && (col->f->flags & FF_FILTER) && is_links(col->f))
        return holds(plan, col, k, v, e);
    if (strcmp(k, "sum") == 0 && (mode & QM_COUNTS)) {
        plan->sum = v;
        return RC_OK;
    }
    if (strcmp(k, "latest") == 0 && (mode & QM_COUNTS)) {
        const query_column *lc = query_column_find(s, v);
        if (!lc || lc->f->type != FT_DATE || !field_is_column(lc->f))
            return err_set(e, RC_INVALID, k, "latest takes a date field of %s", s->name);
        plan->latest_col = lc;
        return RC_OK;
    }
    bool from = false;
    const query_column *dcol = NULL;
    const field_def *df = date_column(s, k, &from, &dcol);
    if (df) {
        char *expr = dcol ? arena_printf(plan->a, "%s.%s", dcol->alias, df->name)
                          : arena_printf(plan->a, "%s.%s", s->alias, df->name);
        return expr ? range(plan, expr, df, from, k, v, e)
                    : err_set(e, RC_NOMEM, k, "out of memory");
    }
    return err_set(e, RC_INVALID, k, "%s cannot be filtered by %s", s->name, k);
}

rc_t query_plan_make(store_conn *c, const query_source *s, const list_query *q, unsigned mode,
                     const char *const *reserved, query_plan *plan, err *e) {
    memset(plan, 0, sizeof *plan);
    buf_init(&plan->where, QUERY_SQL_MAX);
    plan->page = 1;
    plan->per_page = (mode & QM_ALL) ? 0 : PER_PAGE_DEFAULT;
    plan->a = arena_new(PLAN_ARENA_MAX);
    if (!plan->a)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    int64_t congress = s->who ? s->who->congress_id : 0;
    plan->today = date_today_at((int)settings_get(c, congress, "utc_offset_minutes"));
    char today[11];
    date_format(plan->today, today);
    plan->today_s = arena_strdup(plan->a, today);
    if (s->base_value)
        store_param_text(&plan->b, s->base_value);
    const char *words_q = NULL;
    rc_t rc = RC_OK;
    for (int i = 0; i < q->n && i < QUERY_PARAMS_MAX && rc == RC_OK; i++) {
        const char *k = q->params[i].key, *v = q->params[i].value ? q->params[i].value : "";
        if (!utf8_valid(k, strlen(k)) || !utf8_valid(v, strlen(v)))
            return err_set(e, RC_INVALID, "", "a query parameter is not valid UTF-8");
        for (int j = 0; j < i; j++)
            if (strcmp(q->params[j].key, k) == 0) /* which one would count? */
                return err_set(e, RC_INVALID, k,
                               "%s is given more than once; give a list "
                               "as a,b",
                               k);
        if (reserved_key(reserved, k))
            continue;
        rc = one_param(c, s, plan, mode, k, v, &words_q, e);
    }
    if (rc == RC_OK && words_q)
        rc = words(plan, s, words_q, e);
    if (rc == RC_OK && s->scope)
        rc = s->scope(s, plan, e);
    if (rc == RC_OK && (mode & QM_COUNTS)) {
        plan->by_col = plan->by ? query_column_find(s, plan->by) : NULL;
        bool dated = plan->by && (strcmp(plan->by, "year") == 0 || strcmp(plan->by, "month") == 0);
        const field_def *bf = plan->by_col ? plan->by_col->f : NULL;
        bool countable = bf && (bf->flags & FF_FILTER) &&
                         ((field_is_column(bf) && (bf->type == FT_ENUM || bf->type == FT_REF ||
                                                   bf->type == FT_TEXT || bf->type == FT_BOOL)) ||
                          is_links(bf));
        if (!countable && !(dated && s->year_expr))
            rc = err_set(e, RC_INVALID, "by", "%s cannot be counted by %s", s->name,
                         plan->by ? plan->by : "(missing)");
        plan->sum_col = plan->sum ? query_column_find(s, plan->sum) : NULL;
        const field_def *sf = plan->sum_col ? plan->sum_col->f : NULL;
        if (rc == RC_OK && plan->sum && !(sf && (sf->type == FT_INT || sf->type == FT_DECIMAL)))
            rc = err_set(e, RC_INVALID, "sum",
                         "%s cannot be summed by %s: sum takes a number field", s->name, plan->sum);
    }
    if (rc == RC_OK && plan->has_after &&
        (plan->sort || (plan->sort_col && strcmp(plan->sort_col, "id") != 0)))
        rc = err_set(e, RC_INVALID, "after", "after pages in the order of id; leave out sort");
    if (rc == RC_OK)
        rc = overflow(plan, e);
    if (rc == RC_OK && !plan->where.data)
        rc = buf_puts(&plan->where, ""); /* an empty condition, never NULL */
    return rc;
}

void query_plan_free(query_plan *plan) {
    buf_free(&plan->where);
    arena_free(plan->a);
    plan->a = NULL;
}

/* ---- SQL of the readers -------------------------------------------------------------- */

/* joins — one LEFT JOIN per reference column, aliased j<column index>. */
static rc_t joins(const query_source *s, buf *sql) {
    rc_t rc = RC_OK;
    for (int i = 0; i < s->ncols && rc == RC_OK; i++) {
        const query_column *col = &s->cols[i];
        if (col->f->type == FT_REF && col->ref_table)
            rc = buf_printf(sql, " LEFT JOIN %s j%d ON j%d.id = %s.%s", col->ref_table, i, i,
                            col->alias, col->f->name);
    }
    return rc;
}

/* filtered — "<from> <joins when needed> <extra> WHERE 1 = 1 <base> <where>"; extra: a
 * join of the caller's, or NULL. */
static rc_t filtered_with(const query_source *s, const query_plan *plan, bool with_joins,
                          const char *extra, buf *sql) {
    rc_t rc = buf_puts(sql, s->from);
    if (rc == RC_OK && (with_joins || plan->joins))
        rc = joins(s, sql);
    if (rc == RC_OK && extra)
        rc = buf_puts(sql, extra);
    if (rc == RC_OK)
        rc = buf_printf(sql, " WHERE 1 = 1%s%s", s->base ? s->base : "", plan->where.data);
    return rc;
}

static rc_t filtered(const query_source *s, const query_plan *plan, bool with_joins, buf *sql) {
    return filtered_with(s, plan, with_joins, NULL, sql);
}

static rc_t order(const query_source *s, const query_plan *plan, buf *sql) {
    bool desc = plan->sort || plan->sort_col ? plan->desc : s->newest_first;
    const char *dir = desc ? "DESC" : "ASC";
    if (plan->sort)
        return buf_printf(sql, " ORDER BY %s.%s %s, %s.id %s", plan->sort->alias,
                          plan->sort->f->name, dir, s->alias, dir);
    if (plan->sort_col && strcmp(plan->sort_col, "id") != 0)
        return buf_printf(sql, " ORDER BY %s.%s %s, %s.id %s", s->alias, plan->sort_col, dir,
                          s->alias, dir);
    return buf_printf(sql, " ORDER BY %s.id %s", s->alias, dir);
}

rc_t query_set_sql(const query_source *s, const query_plan *plan, buf *sql) {
    rc_t rc = buf_printf(sql, "SELECT %s.id", s->alias);
    return rc ? rc : filtered(s, plan, false, sql);
}

rc_t query_count(store_conn *c, const query_source *s, const query_plan *plan, int64_t *total,
                 err *e) {
    buf sql;
    buf_init(&sql, QUERY_SQL_MAX);
    rc_t rc = buf_puts(&sql, "SELECT COUNT(*)");
    if (rc == RC_OK)
        rc = filtered(s, plan, false, &sql);
    if (rc == RC_OK)
        rc = count_cache_get(c, s->name, sql.data, &plan->b, total, e);
    buf_free(&sql);
    return rc;
}

rc_t query_page(store_conn *c, const query_source *s, const query_plan *plan, json_t *items,
                err *e) {
    buf inner, sql;
    store_params b = plan->b;
    store_stmt *st = NULL;
    buf_init(&inner, QUERY_SQL_MAX);
    buf_init(&sql, QUERY_SQL_MAX);
    bool desc = plan->sort || plan->sort_col ? plan->desc : s->newest_first;
    /* The page walks bare ids (an index); only its rows are joined to their references
     * and read whole — not every row skipped on the way. */
    rc_t rc = buf_printf(&inner, "SELECT %s.id", s->alias);
    if (rc == RC_OK)
        rc = filtered(s, plan, false, &inner);
    long long skip = plan->has_after ? 0 : (plan->page - 1) * plan->per_page;
    if (plan->page - 1 > INT64_MAX / plan->per_page / 2)
        skip = INT64_MAX / 2; /* a page far past the end is simply empty */
    if (rc == RC_OK && plan->has_after) {
        rc = buf_printf(&inner, " AND %s.id %s ?", s->alias, desc ? "<" : ">");
        store_param_int(&b, plan->after);
    } else if (rc == RC_OK && skip >= MARKS_FROM && !plan->sort &&
               (!plan->sort_col || strcmp(plan->sort_col, "id") == 0)) {
        /* a deep page in id order: seek to the mark before it, skip what is left */
        buf ids;
        int64_t *marks = NULL, n = 0;
        buf_init(&ids, QUERY_SQL_MAX);
        rc = buf_puts(&ids, inner.data);
        if (rc == RC_OK)
            rc = order(s, plan, &ids);
        if (rc == RC_OK)
            rc = count_cache_marks(c, s->name, ids.data, &plan->b, &marks, &n, e);
        if (rc == RC_OK && skip / MARK_STEP < n) {
            rc = buf_printf(&inner, " AND %s.id %s ?", s->alias, desc ? "<=" : ">=");
            store_param_int(&b, marks[skip / MARK_STEP]);
            skip %= MARK_STEP;
        }
        free(marks);
        buf_free(&ids);
    }
    if (rc == RC_OK)
        rc = order(s, plan, &inner);
    if (rc == RC_OK)
        rc = buf_puts(&inner, " LIMIT ? OFFSET ?");
    store_param_int(&b, plan->per_page);
    store_param_int(&b, skip);
    /* the select list names the references itself (subqueries): no joins out here */
    if (rc == RC_OK)
        rc = buf_printf(&sql, "SELECT %s%s", s->select, s->from);
    if (rc == RC_OK)
        rc = buf_printf(&sql, " WHERE %s.id IN (%s)", s->alias, inner.data);
    if (rc == RC_OK)
        rc = order(s, plan, &sql);
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, &b, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        json_t *row = s->row(s, st);
        if (!row)
            rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        else
            json_array_append_new(items, row);
    }
    store_finish(st);
    buf_free(&inner);
    buf_free(&sql);
    return rc;
}

rc_t query_list(store_conn *c, const query_source *s, const query_plan *plan, json_t **out,
                err *e) {
    int64_t total = 0;
    json_t *items = json_array();
    rc_t rc = query_count(c, s, plan, &total, e);
    if (rc == RC_OK)
        rc = query_page(c, s, plan, items, e);
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
                     (json_int_t)plan->page, "per_page", (json_int_t)plan->per_page);
    return *out ? RC_OK : err_set(e, RC_NOMEM, NULL, "out of memory");
}

rc_t query_rows(store_conn *c, const query_source *s, const query_plan *plan, long limit,
                query_rows_fn fn, void *ctx, err *e) {
    buf sql;
    store_stmt *st = NULL;
    long n = 0;
    buf_init(&sql, QUERY_SQL_MAX);
    rc_t rc = buf_printf(&sql, "SELECT %s", s->select);
    if (rc == RC_OK)
        rc = filtered(s, plan, false, &sql);
    if (rc == RC_OK)
        rc = order(s, plan, &sql);
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, &plan->b, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        if (++n > limit) {
            rc = err_set(e, RC_TOO_LARGE, NULL, "more than %ld rows; narrow the filter", limit);
            break;
        }
        json_t *row = s->row(s, st);
        rc = row ? fn(row, ctx, e) : err_set(e, RC_NOMEM, NULL, "out of memory");
        json_decref(row);
    }
    store_finish(st);
    buf_free(&sql);
    return rc;
}

/* latest_value — the latest value of plan->latest_col among the filtered records ("" when
 * there are none). */
static rc_t latest_value(store_conn *c, const query_source *s, const query_plan *plan,
                         char out[LATEST_TEXT_MAX], err *e) {
    buf sql;
    buf_init(&sql, QUERY_SQL_MAX);
    rc_t rc =
        buf_printf(&sql, "SELECT MAX(%s.%s)", plan->latest_col->alias, plan->latest_col->f->name);
    if (rc == RC_OK)
        rc = filtered(s, plan, false, &sql);
    if (rc == RC_OK)
        rc = store_one_text(c, sql.data, &plan->b, out, LATEST_TEXT_MAX, NULL, e);
    buf_free(&sql);
    return rc;
}

/* sum_json — a group's total of a number field: an int as a number, a decimal as its
 * text ("12.50"), as the field itself reads; 0 for a group of nulls. */
static json_t *sum_json(const field_def *f, store_stmt *st, int i) {
    long long n = store_column_int(st, i);
    if (f->type != FT_DECIMAL)
        return json_integer(n);
    char text[48];
    decimal_format(n, f->scale, text, sizeof text);
    return json_string(text);
}

/* count_item — one group of query_counts, labelled for people. */
static json_t *count_item(const query_source *s, const query_plan *plan, store_stmt *st) {
    json_t *o = json_object();
    const query_column *col = plan->by_col;
    const char *v = store_column_text(st, 0);
    json_object_set_new(o, "count", json_integer(store_column_int(st, 1)));
    if (!v) {
        json_object_set_new(o, "value", json_null());
        json_object_set_new(o, "label_zh", json_string("未填写"));
        json_object_set_new(o, "label_en", json_string("not given"));
        return o;
    }
    if (!col) { /* a year or a month */
        json_object_set_new(o, "value", json_string(v));
        json_object_set_new(o, "label_zh", json_string(v));
        json_object_set_new(o, "label_en", json_string(v));
        return o;
    }
    if (col->f->type == FT_REF || col->f->type == FT_REFS || col->f->type == FT_BOOL) {
        const char *name = store_column_text(st, 2);
        bool b = col->f->type == FT_BOOL;
        int64_t n = store_column_int(st, 0);
        json_object_set_new(o, "value", b ? json_boolean(n != 0) : json_integer(n));
        json_object_set_new(o, "label_zh", json_string(b ? (n ? "是" : "否") : name ? name : v));
        json_object_set_new(o, "label_en", json_string(b ? (n ? "yes" : "no") : name ? name : v));
        return o;
    }
    const enum_value *ev = col->f->type == FT_ENUM ? enum_find(col->values, v) : NULL;
    json_object_set_new(o, "value", json_string(v));
    json_object_set_new(o, "label_zh", json_string(ev && ev->zh ? ev->zh : v));
    json_object_set_new(o, "label_en", json_string(ev && ev->en ? ev->en : v));
    (void)s;
    return o;
}

rc_t query_counts(store_conn *c, const query_source *s, const query_plan *plan, json_t **out,
                  err *e) {
    buf sql, key, link;
    store_stmt *st = NULL;
    json_t *items = json_array();
    buf_init(&sql, QUERY_SQL_MAX);
    buf_init(&key, QUERY_SQL_MAX);
    buf_init(&link, QUERY_SQL_MAX);
    bool dated = !plan->by_col;
    const field_def *bf = dated ? NULL : plan->by_col->f;
    bool links = bf && is_links(bf), ref = bf && bf->type == FT_REF;
    rc_t rc = RC_OK;
    if (dated)
        rc = buf_printf(&key, "SUBSTR(%s, 1, %d)", s->year_expr,
                        strcmp(plan->by, "year") == 0 ? 4 : 7);
    else if (links) /* one row per link: a record counts once for each record it names */
        rc = buf_printf(&key, "lk.%s", bf->link_ref);
    else
        rc = column_sql(plan->by_col, &key);
    if (rc == RC_OK && links)
        rc = buf_printf(&link, " JOIN %s lk ON lk.%s = %s.%s", bf->link_table, bf->link_owner,
                        s->alias, "id");
    if (rc == RC_OK && links && plan->by_col->ref_table)
        rc = buf_printf(&link, " LEFT JOIN %s jl ON jl.id = lk.%s", plan->by_col->ref_table,
                        bf->link_ref);
    if (rc == RC_OK)
        rc = buf_printf(&sql, "SELECT %s, COUNT(*), ", key.data);
    if (rc == RC_OK && (ref || links) && plan->by_col->ref_title) {
        rc = buf_puts(&sql, "MIN(");
        for (const char *t = plan->by_col->ref_title; links && *t && rc == RC_OK; t++)
            rc = *t == '@' ? buf_puts(&sql, "jl") : buf_append(&sql, t, 1);
        if (rc == RC_OK && ref)
            rc = ref_title_sql(s, plan->by_col, &sql);
        if (rc == RC_OK)
            rc = buf_puts(&sql, ")");
    } else if (rc == RC_OK) {
        rc = buf_puts(&sql, "NULL");
    }
    if (rc == RC_OK && plan->sum_col)
        rc = buf_printf(&sql, ", SUM(%s.%s)", plan->sum_col->alias, plan->sum_col->f->name);
    if (rc == RC_OK)
        rc = filtered_with(s, plan, ref, links ? link.data : NULL, &sql);
    /* latest=: the filtered records of the latest day; its value is bound last, as its
     * condition comes last (nothing after WHERE takes a value) */
    char latest[LATEST_TEXT_MAX] = "";
    store_params bound = plan->b;
    if (rc == RC_OK && plan->latest_col)
        rc = latest_value(c, s, plan, latest, e);
    if (rc == RC_OK && plan->latest_col) {
        rc = latest[0] ? buf_printf(&sql, " AND %s.%s = ?", plan->latest_col->alias,
                                    plan->latest_col->f->name)
                       : buf_puts(&sql, " AND 1 = 0");
        if (latest[0])
            store_param_text(&bound, latest);
    }
    if (rc == RC_OK)
        rc = dated
                 ? buf_printf(&sql, " GROUP BY %s ORDER BY %s", key.data, key.data)
                 : buf_printf(&sql, " GROUP BY %s ORDER BY COUNT(*) DESC, %s", key.data, key.data);
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, &bound, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        json_t *it = count_item(s, plan, st);
        if (plan->sum_col)
            json_object_set_new(it, "sum", sum_json(plan->sum_col->f, st, 3));
        json_array_append_new(items, it);
    }
    store_finish(st);
    buf_free(&sql);
    buf_free(&key);
    buf_free(&link);
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:s, s:o}", "by", plan->by, "items", items);
    if (plan->sum)
        json_object_set_new(*out, "sum_field", json_string(plan->sum));
    if (plan->latest_col)
        json_object_set_new(*out, "latest",
                            json_pack("{s:s, s:o}", "field", plan->latest_col->f->name, "value",
                                      latest[0] ? json_string(latest) : json_null()));
    return RC_OK;
}
