/* query.h — the one list mechanism: every list, count, statistic and export of the
 * system (collections, registers, case kinds, and the modules to come) turns a
 * request's parameters into the same conditions here.
 *
 * Parameters, the same for every source:
 *   <field>=v            equality on a filterable field; v1,v2,… for a list of values
 *                        (enums take their identifiers or labels, booleans true/false);
 *                        on a references list: the records whose list holds any of them
 *   <field>_from, _to    an inclusive range on any date or time field
 *   year=YYYY            the record's main date in that year
 *   q=words              every word matches one of the searchable fields
 *   sort=field, -field   order (sortable fields, id, created_at, updated_at)
 *   page, per_page       paging (setting per_page_max; PER_PAGE_DEFAULT)
 *   after=id             keyset paging in the default order (the next page after id)
 *   by=field|year|month  what counts group by (counts only); a references list counts
 *                        records per referenced record (their sum: person-times)
 *   sum=field            counts only: each group's total of a number field
 *   latest=date field    counts only: of the filtered records, those of the latest
 *                        value of that date (figures to date: the last month's table)
 * A source may take parameters of its own (the case engine's unit_id, mine, overdue …).
 * Any other parameter, or a bad value, is RC_INVALID (422) naming the parameter. */
#ifndef RENDA_QUERY_H
#define RENDA_QUERY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/rc.h"
#include "domain/field.h"
#include "store/store.h"

/* A request's query parameters, as given. */
typedef struct {
    const char *key, *value;
} query_param;

#define QUERY_PARAMS_MAX 64
#define QUERY_COLUMNS_MAX 96
#define PER_PAGE_DEFAULT 50
#define QUERY_WORDS_MAX 8
#define QUERY_SQL_MAX (64 * 1024)

typedef struct {
    query_param params[QUERY_PARAMS_MAX];
    int n;
} list_query;

/* query_param_get — the value of key (the first), "" when given empty, NULL when absent. */
const char *query_param_get(const list_query *q, const char *key);

/* One column a source lists: the field (type, flags, values) and the alias of the table
 * it lives in. A reference (FT_REF) also says how to name the referenced record: its
 * table and its display-name SQL with '@' standing for the joined table's alias. */
typedef struct {
    const field_def *f;
    const char *alias;
    const char *ref_table, *ref_title;
    const enum_value *values; /* the enum's values in effect (field_enum_values) */
} query_column;

typedef struct query_source query_source;
typedef struct query_plan query_plan;

/* A source's own parameter: *handled true when it took key (adding conditions to
 * plan->where / plan->b), RC_INVALID naming key for a bad value. */
typedef rc_t (*query_param_fn)(const query_source *s, query_plan *plan, const char *key,
                               const char *value, bool *handled, err *e);
/* The caller's visibility: conditions appended to plan->where / plan->b. */
typedef rc_t (*query_scope_fn)(const query_source *s, query_plan *plan, err *e);
/* One row of the page or export query as JSON (new reference), from the source's
 * select list; NULL when out of memory. */
typedef json_t *(*query_row_fn)(const query_source *s, store_stmt *st);

struct query_source {
    const char *name;  /* for messages and the count cache ("units", "proposals") */
    const char *table; /* the main table (its alias is alias) */
    const char *alias;
    const char *from;   /* " FROM …" with every table the conditions may name */
    const char *select; /* the select list for rows ("t.id, t.name, …"), no FROM; it
                         * names references by subqueries, never by the j<i> joins */
    const query_column *cols;
    int ncols;
    const char *year_expr;  /* SQL of the main date (for year and by=year|month), or NULL */
    const char *base;       /* a fixed condition (" AND c.kind = ?"), or "" */
    const char *base_value; /* its one text value, or NULL */
    bool newest_first;      /* default order id descending */
    query_scope_fn scope;
    query_param_fn param;
    query_row_fn row;
    const principal *who;
    const void *ctx; /* the engine's own (collection_def, case_kind …) */
};

enum { QM_PAGE = 1, QM_ALL = 2, QM_COUNTS = 4 };

/* A request turned into SQL pieces: where (" AND …", after the source's base) and its
 * values (the base value first), paging and order. Owned by the caller:
 * query_plan_free. */
struct query_plan {
    arena *a;
    buf where;
    store_params b;
    bool joins; /* the conditions name referenced tables (search on their names) */
    long long page, per_page;
    bool has_after;
    int64_t after;
    const query_column *sort; /* NULL: id */
    const char *sort_col;     /* id, created_at, updated_at when sort is NULL */
    bool desc;
    const char *by; /* counts: the field name, "year" or "month" */
    const query_column *by_col;
    const char *sum; /* counts: a number field summed per group (sum=), or NULL */
    const query_column *sum_col;
    /* counts: only the records of the latest value of this date field among those
     * filtered (latest=as_of: the last monthly table of figures that run to date) */
    const query_column *latest_col;
    date_t today;        /* for sources whose conditions need it */
    const char *today_s; /* the same as text, in the arena */
};

/* query_plan_make — parse q for source s in mode (QM_*); reserved: keys the caller
 * handles itself (NULL-terminated, may be NULL). RC_INVALID naming the parameter.
 * plan must be query_plan_free'd whatever the result. */
rc_t query_plan_make(store_conn *c, const query_source *s, const list_query *q, unsigned mode,
                     const char *const *reserved, query_plan *plan, err *e);
void query_plan_free(query_plan *plan);

/* query_add — a condition with no value, or with one integer or text value, for the
 * sources' own parameters. */
rc_t query_add(query_plan *plan, const char *cond);
rc_t query_add_int(query_plan *plan, const char *cond, int64_t v);
rc_t query_add_text(query_plan *plan, const char *cond, const char *v);

/* query_bool — "true"/"1" → true, "false"/"0" → false; RC_INVALID naming key else. */
rc_t query_bool(const char *key, const char *v, bool *out, err *e);

/* query_set_sql — "SELECT <id> <from> <joins> WHERE 1 = 1 <base> <where>": the
 * filtered set as a subquery of ids (for statistics over the same records). */
rc_t query_set_sql(const query_source *s, const query_plan *plan, buf *sql);

/* The readers. Each runs inside the caller's read transaction. */
/* query_count — how many records match (remembered per filter until the data change). */
rc_t query_count(store_conn *c, const query_source *s, const query_plan *plan, int64_t *total,
                 err *e);
/* query_page — the page's rows in order, each through s->row, appended to items. */
rc_t query_page(store_conn *c, const query_source *s, const query_plan *plan, json_t *items,
                err *e);
/* query_list — count and page: {"items","total","page","per_page"} (new reference). */
rc_t query_list(store_conn *c, const query_source *s, const query_plan *plan, json_t **out, err *e);
/* query_rows — every matching row in order (exports), through fn(row JSON, ctx) until it
 * fails; at most limit rows (RC_TOO_LARGE past it). */
typedef rc_t (*query_rows_fn)(json_t *row, void *ctx, err *e);
rc_t query_rows(store_conn *c, const query_source *s, const query_plan *plan, long limit,
                query_rows_fn fn, void *ctx, err *e);
/* query_counts — records per value of plan->by: {"by", "items": [{"value", "label_zh",
 * "label_en", "count"}]}, largest first (years and months in order). */
rc_t query_counts(store_conn *c, const query_source *s, const query_plan *plan, json_t **out,
                  err *e);

/* query_column_find — the source's column for a field name, or NULL. */
const query_column *query_column_find(const query_source *s, const char *name);

#endif
