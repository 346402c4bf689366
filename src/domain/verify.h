/* verify.h — the records check: does every record's current row equal the "after"
 * of its newest audit entry? The chain check (auth/audit.h) proves the trail is
 * genuine; this proves the data is what the trail says, so a direct
 * `UPDATE units SET name = …`, an INSERT or a DELETE behind the trail's back is found
 * and named by collection and id.
 *
 * The check walks a table of sources. Each source is one audit collection with a way
 * to read its stored rows as JSON in id order: the generic reader (a collection's
 * field table, or a list of columns), or a function of its own (the case kinds). It
 * reads the newest entry of every record in one ordered pass per source (index
 * audit_record), so it costs one scan of the table and one of its entries. */
#ifndef RENDA_VERIFY_H
#define RENDA_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/rc.h"
#include "store/store.h"

struct collection_def; /* domain/collection/collection.h */
struct case_kind;      /* domain/case/case.h */

typedef enum {
    VERIFY_CHANGED,     /* the row differs from its newest entry's after */
    VERIFY_UNRECORDED,  /* the row has no audit entry: inserted behind the trail */
    VERIFY_DELETED,     /* no row, but its newest entry is no delete */
    VERIFY_RESURRECTED, /* a row whose newest entry is a delete */
} verify_problem;

#define VERIFY_NAME_MAX 64
#define VERIFY_FINDINGS_MAX 100 /* listed; all are counted */
#define VERIFY_SOURCES_MAX 64

typedef struct {
    char collection[VERIFY_NAME_MAX];
    int64_t id;
    int64_t entry_id; /* the newest entry, 0 when none */
    verify_problem problem;
    char field[VERIFY_NAME_MAX]; /* VERIFY_CHANGED: the first field that differs */
} verify_finding;

typedef struct {
    int64_t records; /* rows compared */
    int64_t total;   /* findings, all of them */
    int n;           /* listed in items, at most VERIFY_FINDINGS_MAX */
    verify_finding items[VERIFY_FINDINGS_MAX];
} verify_report;

/* How a source's row is compared with the entry: every stored column (the generic
 * engine records the whole record), or only the keys the entry records (users record
 * {id, login}), or the after's "record" (the case engine keeps the case's stored row
 * there beside {state, input}). Keys that are not stored
 * columns (a reference's derived *_name) are never compared. */
typedef enum {
    VERIFY_ALL_COLUMNS,   /* the after is the whole record */
    VERIFY_RECORDED_KEYS, /* only the keys the after has */
    VERIFY_CASE_RECORD,   /* the after's "record" is the whole record (the case engine) */
} verify_compare;

typedef struct verify_source verify_source;

/* verify_row_fn — called once per stored row, in ascending id order; stored is
 * borrowed. */
typedef rc_t (*verify_row_fn)(void *ctx, int64_t id, const json_t *stored, err *e);
/* verify_each_fn — a source's reader: fn for each stored row (only_id: just that
 * record; 0: all) as {column: value}, ids ascending, values typed as the API types
 * them (integers for ids and numbers, text, null). */
typedef rc_t (*verify_each_fn)(store_conn *c, const verify_source *s, int64_t only_id,
                               verify_row_fn fn, void *ctx, err *e);

typedef struct {
    const char *name;
    bool integer;
} verify_column;

struct verify_source {
    const char *collection;           /* the audit entries' collection */
    const char *table;                /* the generic reader's table (and adopting's) */
    const struct collection_def *def; /* the generic reader: a field table, or */
    const verify_column *columns;     /* … a column list ending in {NULL} */
    verify_compare compare;
    verify_each_fn each;          /* NULL: the generic reader */
    const struct case_kind *kind; /* a case kind's source: its kind */
};

/* verify_records — compare every source's rows with their newest entries, inside one
 * read transaction. RC_OK with the findings in *r (r->total 0: all match). */
rc_t verify_records(store_conn *c, verify_report *r, err *e);

/* verify_problem_text — the finding in a few words, e.g. "changed behind the trail".
 * Static text. */
const char *verify_problem_text(verify_problem p);

/* verify_adopt — inside the caller's write transaction: append a "create" entry for
 * a record written without one (its after: exactly what the check compares), for a
 * repair or a migration that writes rows directly (nothing in renda does today; the
 * demo writes through the engines). RC_NOT_FOUND for an unknown collection or record. */
rc_t verify_adopt(store_conn *c, const char *collection, int64_t id, err *e);

/* verify_checkpoint_due — outside any transaction: sign a checkpoint when the
 * settings audit_checkpoint_entries / audit_checkpoint_minutes say one is due. Cheap
 * when not due. For the server to call after writes or on a timer, and for every
 * process that wrote (the command line calls it on closing). */
rc_t verify_checkpoint_due(store_conn *c, bool *written, err *e);

#endif
