/* case_impl.h — what the case engine's files share (private to src/domain/case/). */
#ifndef RENDA_CASE_IMPL_H
#define RENDA_CASE_IMPL_H

#include "domain/case/case.h"

#define CASE_SQL_MAX 16384
#define CASE_COLUMNS_MAX 64
#define TITLE_LEN 200
#define CATEGORY_LEN 50
#define NOTE_LEN CASE_NOTE_LEN

/* The columns every case has (the cases table), as fields: types, labels, filters. */
extern const field_def case_fields[];
extern const int case_fields_count;

/* The people owed a reply, by role: a deputy's role or a person without an account
 * whose name the public does not see. */
typedef struct {
    const char *id, *zh, *en;
    bool deputy;   /* a deputy of the congress (lead, cosigner) */
    bool personal; /* the name is hidden from the public (voters, petitioners) */
} people_role;
extern const people_role case_people_roles[];
const people_role *case_people_role(const char *id);

/* The lists a case's page shows, each a query and its columns as fields. */
typedef struct {
    const char *key, *sql;
    const field_def *cols;
    int ncols;
} case_part;
extern const case_part case_parts[];
extern const int case_parts_count;

/* rows_json — every row of sql (values b) as an object of the columns' fields,
 * appended to arr. */
rc_t case_rows_json(store_conn *c, const char *sql, const store_params *b, const field_def *cols,
                    int ncols, json_t *arr, err *e);

/* A kind as a source of the query layer: the case's columns (alias c) and the kind's
 * (alias k). */
typedef struct {
    query_source s;
    query_column cols[CASE_COLUMNS_MAX];
    buf select;
    char from[160], base[64];
    const case_kind *k;
    arena *a;
    store_conn *c; /* for the calendar, read only when a list asks what is due soon */
} case_source;

rc_t case_source_open(const case_kind *k, const principal *p, store_conn *c, case_source *cs,
                      err *e);
void case_source_close(case_source *cs);
/* case_row — the current row of the source's select list as the case's JSON. */
json_t *case_row(const case_kind *k, store_stmt *st);

/* A read over a kind's filtered set: its own read transaction, the source and the
 * request's plan. case_read_close whatever case_read_open answered. */
typedef struct {
    case_source cs;
    query_plan plan;
    int depth;
    bool begun;
} case_read;
rc_t case_read_open(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                    unsigned mode, const char *const *reserved, case_read *r, err *e);
void case_read_close(store_conn *c, case_read *r);

/* case_list_rows — every case the list's filters pick (no paging, at most limit;
 * RC_TOO_LARGE past it), as the list shows them, into *items (caller owns, also on
 * failure). reserved: parameters the caller handles (format …). */
rc_t case_list_rows(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                    const char *const *reserved, long limit, json_t **items, err *e);

/* load — the visible case with its kind's fields and its parts (the history only when
 * asked: no rule reads it, so an action does not load it); RC_NOT_FOUND otherwise.
 * Inside the caller's transaction. */
rc_t case_load(store_conn *c, const case_kind *k, const principal *p, int64_t id, bool history,
               json_t **rec, err *e);
/* case_me_of — what p is to the loaded case rec. */
rc_t case_me_of(store_conn *c, const principal *p, const json_t *rec, case_me *me, err *e);
/* case_actions — the names of what someone who is `me` may do to rec now (and edit
 * while it is a draft or submitted and they are staff or its lead). */
json_t *case_actions(const case_kind *k, const json_t *rec, const case_me *me);

/* case_may_attach — the one rule of who adds files to a case (attach.c): staff of its
 * congress always; an assigned unit while its part is open (its reply letter); the lead
 * deputy while the case is a draft or submitted. The record's "attach" action. */
bool case_may_attach(const json_t *rec, const case_me *me);
/* case_reply_cite — the reply just written cites the files named by the input's
 * attachment_ids: each uploaded to this case by the caller's unit and cited by no
 * other reply (RC_INVALID naming attachment_ids). */
rc_t case_reply_cite(act_ctx *a, err *e);

/* A clock for decorations: today and the last day that counts as due soon. */
typedef struct {
    date_t today, soon;
    date_exception *cal;
    size_t ncal;
} case_clock;
rc_t case_clock_open(store_conn *c, int64_t congress_id, case_clock *cl, err *e);
void case_clock_close(case_clock *cl);
/* case_decorate — overdue and due_soon from the clock; the public and others lose what
 * they may not see. */
void case_decorate(json_t *rec, const case_clock *cl);
void case_hide(const case_kind *k, json_t *rec, const principal *p);

/* case_record — a step of the history and its audit entry (the case's stored row as
 * "record" in the entry's after, for `renda audit verify`). */
rc_t case_record(store_conn *c, const principal *p, const case_kind *k, int64_t id,
                 int64_t congress_id, const char *action, const char *from, const char *to,
                 const json_t *in, err *e);
/* case_snapshot — the case's stored columns (cases and the kind's row) as JSON. */
rc_t case_snapshot(store_conn *c, const case_kind *k, int64_t id, json_t **out, err *e);

bool case_is_staff(const principal *p);
/* case_param_user — bind who acts as a users reference: NULL when p has no account
 * (the command line, or a loader acting for a deputy or unit without a login). */
void case_param_user(store_params *b, const principal *p);
/* case_number_assign — number case id (numbers.c) if it has no number yet, in the
 * caller's write transaction; day decides its year or term. */
rc_t case_number_assign(store_conn *c, const case_kind *k, int64_t congress_id, int64_t id,
                        date_t day, err *e);

/* case_people_actions — what staff may do to each person of rec (confirm a paper
 * cosigner) as the person's "actions", when the case's actions allow it. */
void case_people_actions(json_t *rec, const json_t *actions, const case_me *me);

/* case_visibility — docs/cases.md "Who sees what", as a condition on alias c. */
rc_t case_visibility(const principal *p, buf *sql, store_params *b);

/* Small readers of a record. */
const char *rec_s(const json_t *rec, const char *key);
int64_t rec_i(const json_t *rec, const char *key);

/* case_action_known — is this an action of any kind (generic or a kind's own)? */
bool case_action_known(const char *action);

/* The generic actions' handlers (act.c, act_units.c). */
rc_t act_confirm(act_ctx *a, err *e);
rc_t act_submit(act_ctx *a, err *e);
rc_t act_none(act_ctx *a, err *e);
rc_t act_decline(act_ctx *a, err *e);
rc_t act_assign(act_ctx *a, err *e);
rc_t act_return(act_ctx *a, err *e);
rc_t act_reply(act_ctx *a, err *e);
rc_t act_follow_up(act_ctx *a, err *e);
rc_t act_feedback(act_ctx *a, err *e);
rc_t act_extend(act_ctx *a, err *e);
rc_t act_close(act_ctx *a, err *e);
rc_t act_merge(act_ctx *a, err *e);
rc_t act_supervise(act_ctx *a, err *e);
rc_t act_publish(act_ctx *a, err *e);
rc_t act_rehandle(act_ctx *a, err *e);
rc_t act_close_case(act_ctx *a, err *e);

/* A round's feedback (rules.c): the people owed the reply (a cosigner who never
 * confirmed is not), how many of them rated this round, how many ratings are
 * unsatisfied, and the feedback period (cases.feedback_due_on) and whether it lapsed. */
typedef struct {
    int owed, rated, unsatisfied;
    date_t due;
    bool lapsed;
} case_round;
bool case_person_owed(const json_t *person);
/* case_round_of — from the loaded record (its people and feedback), on `today`. */
void case_round_of(const json_t *rec, date_t today, case_round *r);
/* case_round_stored — the counts as stored now (after this action's own rating). */
rc_t case_round_stored(store_conn *c, int64_t id, int64_t round, case_round *r, err *e);
/* case_co_missing — the co-units still owing their view: their names joined, and n. */
void case_co_missing(const json_t *rec, char *names, size_t cap, int *n);

#endif
