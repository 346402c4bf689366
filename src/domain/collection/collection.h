/* collection.h — the one mechanism behind every reference collection and every simple
 * register: a table of field descriptions (domain/field.h) drives listing, search,
 * filters and counts (through the query layer, domain/query/), validation,
 * create/update/delete, audit, export, import, the import template and the schema the
 * web app draws its forms from. A new collection is a field table under registers/
 * and a migration, not new handler code (docs/development.md). */
#ifndef RENDA_COLLECTION_H
#define RENDA_COLLECTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/rc.h"
#include "domain/field.h"
#include "domain/query/query.h"
#include "store/store.h"

#define COLLECTION_FIELDS_MAX 64
#define NATURAL_KEY_MAX 4
#define BOARD_BY_MAX 4
#define BOARD_LIGHTS_MAX 4
#define CHILDREN_MAX 4

/* A light of a status board: a list parameter of the collection (its param hook) taking
 * true/false, whose total the board shows in its colour ("red", "yellow"). */
typedef struct {
    const char *param, *color, *label_zh, *label_en;
} board_light;

/* A register's status board (audit findings: how many tracking, rectified, overdue): the
 * enum fields it counts by, and its lights. The web app draws it from the schema. */
typedef struct {
    const char *by[BOARD_BY_MAX + 1];
    board_light lights[BOARD_LIGHTS_MAX + 1];
} collection_board;

/* A time series drawn as a line: a date field and a number field of the records. */
typedef struct {
    const char *x, *y;
} collection_chart;

#define SUM_CHART_SUMS_MAX 3
/* Totals drawn as bars, one group per value of `by` (a department), one bar per number
 * field of sums (budgeted, spent), over the list's filters: /counts?by=&sum=. latest:
 * a date field whose latest value alone is summed (figures that run to date, where
 * adding months would count them again), or NULL. */
typedef struct {
    const char *by;
    const char *sums[SUM_CHART_SUMS_MAX + 1];
    const char *latest;
} collection_sum_chart;

typedef struct collection_def {
    const char *name; /* URL segment and table name */
    const char *label_zh, *label_en;
    /* SQL for a record's display name, with '@' standing for the table alias. */
    const char *title_sql;
    const field_def *fields;
    int nfields;
    unsigned read_roles; /* ROLE_BIT(...) set; ROLE_ANON means public */
    unsigned write_roles;
    /* Who finds it in the web app's menu (of those who may read it), and its icon there;
     * 0: nobody (reached from other pages). */
    unsigned menu_roles;
    const char *icon;
    bool scoped_by_self; /* congresses: visible = own congress and its children */
    /* The fields that identify a record besides its id (a UNIQUE constraint of the
     * table): an import row that matches them updates that record. NULL-terminated. */
    const char *natural_key[NATURAL_KEY_MAX + 1];
    /* The collection's own rules on the merged record (self_id 0 on create), run
     * inside the write transaction after the references are known to exist; NULL
     * when none. Fills err naming the field. */
    rc_t (*check)(store_conn *c, const json_t *rec, int64_t self_id, err *e);
    /* The server's own fields of a record about to be written (FF_READ_ONLY columns,
     * e.g. a reception's announce-by day), on the merged record before check; NULL when
     * none. Every write path (create, update, import) runs it. */
    rc_t (*prepare)(store_conn *c, json_t *rec, err *e);
    /* The FF_COMPUTED fields of a record being read (a reception's late flag), set on
     * rec; NULL when none. */
    void (*computed)(store_conn *c, json_t *rec);
    /* The collection's own list parameters (query.h), beside its fields'; NULL: none. */
    query_param_fn param;
    /* Which records anonymous callers see, a condition on the table alias t
     * (" AND t.announced_on IS NOT NULL"); NULL: every record of a public collection. */
    const char *public_where;
    /* The actions one record offers p, in place of the default ("update" and "delete"
     * for whoever may write; may_write says so): for a record whose state, or whose
     * parent's, decides what may be done to it (a meeting: notify, open, close). Run
     * after computed. New array. NULL: the default. */
    json_t *(*actions)(store_conn *c, const principal *p, const json_t *rec, bool may_write);
    /* May the existing record `before` be changed (deleting false) or deleted now?
     * Asked by update, delete and an import's update, inside the write transaction.
     * NULL: always. RC_CONFLICT naming the field that forbids it (a closed meeting's
     * state). */
    rc_t (*writable)(store_conn *c, const json_t *before, bool deleting, err *e);
    /* Keys computed sets that are no field (a work report's "late" list), ignored on
     * input like every read-only key, so that a record read can be sent back.
     * NULL-terminated; NULL: none. */
    const char *const *computed_keys;
    /* May p, who may read rec but not write the collection, read its files? (The
     * documents of a secret election stay off the members' tablets.) NULL: yes. */
    bool (*files_readable)(store_conn *c, const principal *p, const json_t *rec);
    /* The menu's group: "supervision" (监督工作) or "office" (机关工作); NULL: none. */
    const char *group;
    /* A field (FT_REF or FT_REFS to units) that scopes a handling unit's reading: with
     * ROLE_UNIT among read_roles, a unit account sees only the records naming its unit
     * (an audit finding of its own). NULL: units read all or nothing, by read_roles. */
    const char *unit_field;
    /* The status board, the time-series chart, or NULL. */
    const collection_board *board;
    const collection_chart *chart;
    const collection_sum_chart *sum_chart;
    /* Collections whose records belong to one of these (their FT_REF to this collection
     * is named in the schema): an indicator's values. A record with children is not
     * deleted (409). NULL-terminated. */
    const char *children[CHILDREN_MAX + 1];
    /* The public (no login) may create records — and do nothing else with them: a
     * citizen's review request on a normative document. Only FF_PUBLIC fields are taken
     * from them, and each client address at most public_submissions_per_hour times an
     * hour (429 past it). */
    bool public_create;
    /* Records may be the subject of satisfaction polls of the vote engine (an
     * evaluation's): the record lists them and offers staff "poll". */
    bool polls;
} collection_def;

/* collections_all — the registry (registers/registers.c): every collection of every
 * area, *n of them, in a fixed order. */
const collection_def *const *collections_all(int *n);

/* collection_find — by URL name; NULL when unknown. */
const collection_def *collection_find(const char *name);
const field_def *collection_field(const collection_def *d, const char *name);
bool collection_has_congress(const collection_def *d);

/* field_check — one input value against its field, the one validator of collections'
 * and case kinds' fields: required (absent, null or blank), type and range, and for a
 * reference that the record exists and, when its collection has congresses, belongs
 * to congress_id. RC_INVALID naming the field. */
rc_t field_check(store_conn *c, const field_def *f, const json_t *v, int64_t congress_id, err *e);

/* collection_ref_name — write the display-name SQL of collection `name` for table
 * alias `alias` into sql (for other engines that join a reference). */
rc_t collection_title_sql(const collection_def *d, const char *alias, buf *sql);

/* collection_may_create — may p create records of d (its writers; the public, when d
 * takes the public's submissions)? */
bool collection_may_create(const collection_def *d, const principal *p);

/* collection_access — may p do this to the collection at all? write false = read.
 * RC_OK, RC_UNAUTHORIZED (anonymous) or RC_FORBIDDEN. */
rc_t collection_access(const collection_def *d, const principal *p, bool write, err *e);

/* All functions below check access themselves, run their own transaction, and
 * return new JSON owned by the caller (json_decref). Records the principal may not
 * see are RC_NOT_FOUND. Every record carries "actions": what p may do to it. */
rc_t collection_list(store_conn *c, const collection_def *d, const principal *p,
                     const list_query *q, json_t **out, err *e);
rc_t collection_get(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                    json_t **out, err *e);
rc_t collection_create(store_conn *c, const collection_def *d, const principal *p, const json_t *in,
                       json_t **out, err *e);
rc_t collection_update(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       const json_t *in, json_t **out, err *e);
rc_t collection_delete(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       err *e);

typedef enum { EXPORT_CSV, EXPORT_XLSX } export_format;

/* collection_export — the filtered list (q's filters, no paging) as a file into out. */
rc_t collection_export(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, export_format fmt, buf *out, err *e);

/* What an import did. */
typedef struct {
    int created, updated;
} import_result;

/* collection_import — all-or-nothing import of a CSV or xlsx file (the export's
 * columns, or the template's). A row whose id (or natural key) names an existing
 * record updates it when upsert is set (otherwise every row is a new record and the id
 * column is ignored, as when moving records to a fresh database); others are created. A reference column takes the id or the
 * referenced record's name (or number), resolved within the congress. On bad rows:
 * RC_INVALID and *row_errors = [{"row","field","column","message"}…] (caller owns). */
rc_t collection_import(store_conn *c, const collection_def *d, const principal *p, const char *data,
                       size_t len, export_format fmt, bool upsert, import_result *res,
                       json_t **row_errors, err *e);

/* collection_template — an xlsx for a clerk to fill in and import: the columns (a
 * reference by its name), an example row (the newest record, or a made-up one), a
 * drop-down on each enum column, and a second sheet saying what each column takes.
 * Needs write access. */
rc_t collection_template(store_conn *c, const collection_def *d, const principal *p, buf *out,
                         err *e);

/* collection_counts — records per value of the `by` parameter (a filterable enum,
 * text, boolean or reference field, or year / month of the main date), with the list's
 * other filters: {"by", "items": [{"value","label_zh","label_en","count"}]}. */
rc_t collection_counts(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, json_t **out, err *e);

/* collection_group — the labels of d's menu group; false when it has none. */
bool collection_group(const collection_def *d, const char **zh, const char **en);

/* collection_participation — inside the caller's transaction: for every collection
 * with a list of references to `ref` ("deputies"), how many records name record id:
 * {"items":[{"collection","field","label_zh","label_en","count","readable"}], "total"}
 * (the collections with none left out; readable: may p open that list; caller owns).
 * The caller decides who may ask. */
rc_t collection_participation(store_conn *c, const principal *p, const char *ref, int64_t id,
                              json_t **out, err *e);

/* collection_schema — the field description for the web app (caller owns), with what
 * p may do (read, create, import). */
json_t *collection_schema(store_conn *c, const collection_def *d, const principal *p);

#define COLLECTION_EXPORT_MAX_BYTES (256u * 1024 * 1024)

#endif
