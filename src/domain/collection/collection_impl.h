/* collection_impl.h — what the collection engine's files share (private to
 * src/domain/collection/): the list source of a collection, validation that gathers
 * every problem of a record, and the write steps that create, update and import all go
 * through. */
#ifndef RENDA_COLLECTION_IMPL_H
#define RENDA_COLLECTION_IMPL_H

#include "domain/collection/collection.h"

#define COLLECTION_SQL_MAX (64 * 1024)

/* A collection as a source of the query layer; its columns and select list live here. */
typedef struct {
    query_source s;
    query_column cols[COLLECTION_FIELDS_MAX];
    buf select;
    char from[128], year_expr[128];
    const collection_def *d;
} collection_source;

/* source_open — d as seen by p; source_close frees it. */
rc_t source_open(const collection_def *d, const principal *p, collection_source *cs, err *e);
void source_close(collection_source *cs);

/* The problems found in one record: import wants all of them, the API the first. */
typedef struct {
    json_t *list; /* [{"field","message","message_zh"}], or NULL to stop at the first */
    int count;
    err first;
} problems;

rc_t problem(problems *pr, rc_t rc, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* problem_err — an error already written elsewhere, with its Chinese wording kept. */
rc_t problem_err(problems *pr, const err *ce);

/* merge_input — apply the fields given in `in` onto rec. */
rc_t merge_input(const collection_def *d, const json_t *in, json_t *rec, problems *pr);
/* check_record — required fields, congress ownership, references and the collection's
 * own rule on the merged record (self_id 0 on create). */
rc_t check_record(store_conn *c, const collection_def *d, const principal *p, json_t *rec,
                  int64_t self_id, problems *pr);

/* The write steps, inside the caller's write transaction. */
rc_t fetch(store_conn *c, const collection_def *d, const principal *p, int64_t id, json_t **out,
           err *e);
/* links_read — fill rec's lists of references (FT_REFS) and their names. */
rc_t links_read(store_conn *c, const collection_def *d, json_t *rec, err *e);
/* record_complete — links_read, then the computed fields and, for the public, only the
 * public fields: every read path's last step. */
rc_t record_complete(store_conn *c, const collection_def *d, const principal *p, json_t *rec,
                     err *e);
rc_t insert_record(store_conn *c, const collection_def *d, const json_t *rec, int64_t *id, err *e);
rc_t update_record(store_conn *c, const collection_def *d, int64_t id, const json_t *rec, err *e);
rc_t audit_record(store_conn *c, const principal *p, const collection_def *d, const char *action,
                  int64_t id, const json_t *before, const json_t *after, err *e);
/* write_error — a unique violation as the user's conflict; a foreign-key failure on
 * delete as "other records still refer to this one". */
rc_t write_error(rc_t rc, const collection_def *d, bool deleting, err *e);
/* child_field — child's reference to parent (indicator_values.indicator_id), or NULL. */
const field_def *child_field(const collection_def *child, const collection_def *parent);

#endif
