/* collection.h — the one mechanism behind every reference collection (and, later,
 * every simple register): a table of field descriptions drives listing, search,
 * filters, validation, create/update/delete, audit, export, import and the schema
 * the web app draws its forms from. A new collection is a field table in
 * collections.c, not new handler code. */
#ifndef RENDA_COLLECTION_H
#define RENDA_COLLECTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/rc.h"
#include "store/store.h"

/* FT_REFS: a list of references (JSON array of ids), kept in a link table rather than
 * a column — e.g. the deputies present at a reception. */
typedef enum { FT_TEXT, FT_INT, FT_DATE, FT_ENUM, FT_REF, FT_REFS } field_type;

enum {
    FF_REQUIRED = 1 << 0, /* must be present and non-empty on create */
    FF_SEARCH = 1 << 1,   /* `q` matches it (for a reference: the referenced name) */
    FF_FILTER = 1 << 2,   /* `?field=value` filters by it */
    FF_SORT = 1 << 3,     /* `sort=field` orders by it */
    FF_LONG = 1 << 4,     /* long text: a text area in forms */
    FF_BOOL = 1 << 5,     /* an FT_INT 0/1 that also takes JSON true and false */
    FF_ACTION_ONLY = 1 << 6, /* case kinds: written by an action (forward …), never as input */
};

/* One enum value: identifier (stored, JSON) and the labels people see. */
typedef struct {
    const char *id, *zh, *en;
} enum_value;

typedef struct {
    const char *name; /* column, JSON key; references end in _id */
    const char *label_zh, *label_en;
    field_type type;
    unsigned flags;
    int max_len;               /* FT_TEXT: characters */
    long long min, max;        /* FT_INT */
    const enum_value *values;  /* FT_ENUM: terminated by {NULL} */
    const char *ref;           /* FT_REF, FT_REFS: the referenced collection's name */
    const char *def;           /* default text when absent on create, or NULL */
    /* FT_REFS: the link table and its two columns (this record, the referenced one) */
    const char *link_table, *link_owner, *link_ref;
} field_def;

#define REFS_MAX 200 /* references in one FT_REFS list */

typedef struct collection_def {
    const char *name; /* URL segment and table name */
    const char *label_zh, *label_en;
    /* SQL for a record's display name, with '@' standing for the table alias. */
    const char *title_sql;
    const field_def *fields;
    int nfields;
    unsigned read_roles;  /* ROLE_BIT(...) set; ROLE_ANON means public */
    unsigned write_roles;
    bool scoped_by_self;  /* congresses: visible = own congress and its children */
    /* The collection's own rules on the merged record (self_id 0 on create), run
     * inside the write transaction after the references are known to exist; NULL
     * when none. Fills err naming the field. */
    rc_t (*check)(store_conn *c, const json_t *rec, int64_t self_id, err *e);
} collection_def;

extern const collection_def *const collections[];
extern const int collections_count;

/* field_check — one input value against its field, the one validator of collections'
 * and case kinds' fields: required (absent, null or blank), type and range, and for a
 * reference that the record exists and, when its collection has congresses, belongs
 * to congress_id. RC_INVALID naming the field. */
rc_t field_check(store_conn *c, const field_def *f, const json_t *v, int64_t congress_id,
                 err *e);

/* collection_find — by URL name; NULL when unknown. */
const collection_def *collection_find(const char *name);
const field_def *collection_field(const collection_def *d, const char *name);

/* A request's query parameters, as given. */
typedef struct {
    const char *key, *value;
} query_param;

#define QUERY_PARAMS_MAX 64

typedef struct {
    query_param params[QUERY_PARAMS_MAX];
    int n;
} list_query;

/* collection_access — may p do this to the collection at all? verb_write false =
 * read. RC_OK, RC_UNAUTHORIZED (anonymous) or RC_FORBIDDEN. */
rc_t collection_access(const collection_def *d, const principal *p, bool write, err *e);

/* All functions below check access themselves, run their own transaction, and
 * return new JSON owned by the caller (json_decref). Records the principal may not
 * see are RC_NOT_FOUND. */
rc_t collection_list(store_conn *c, const collection_def *d, const principal *p,
                     const list_query *q, json_t **out, err *e);
rc_t collection_get(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                    json_t **out, err *e);
rc_t collection_create(store_conn *c, const collection_def *d, const principal *p,
                       const json_t *in, json_t **out, err *e);
rc_t collection_update(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       const json_t *in, json_t **out, err *e);
rc_t collection_delete(store_conn *c, const collection_def *d, const principal *p, int64_t id,
                       err *e);

typedef enum { EXPORT_CSV, EXPORT_XLSX } export_format;

/* collection_export — the filtered list (q's filters, no paging) as a file into out. */
rc_t collection_export(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, export_format fmt, buf *out, err *e);

/* collection_import — all-or-nothing import of a CSV or xlsx file in the export
 * format. On bad rows: RC_INVALID and *row_errors = [{"row","field","message"}…]
 * (caller owns). *created = records written. */
rc_t collection_import(store_conn *c, const collection_def *d, const principal *p,
                       const char *data, size_t len, export_format fmt, int *created,
                       json_t **row_errors, err *e);

/* collection_counts — records per value of the field named by the `by` parameter
 * (a filterable enum, text or reference field), with the list's other filters:
 * {"by": field, "items": [{"value","label_zh","label_en","count"}]}, largest first. */
rc_t collection_counts(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, json_t **out, err *e);

/* collection_schema — the field description for the web app (caller owns). */
json_t *collection_schema(const collection_def *d);

#define COLLECTION_EXPORT_MAX_BYTES (256u * 1024 * 1024)

#endif
