/* registers.h — the field tables of every collection, by area. Each area's file
 * (core.c, meetings.c, the supervision and office registers) exports its list;
 * registers.c joins them into the one registry the engine, the API and the CLI read. */
#ifndef RENDA_REGISTERS_H
#define RENDA_REGISTERS_H

#include "base/date.h"
#include "domain/collection/collection.h"

/* NULL-terminated lists, one per area. */
extern const collection_def *const core_collections[];
extern const collection_def *const meeting_collections[];     /* meetings.c */
extern const collection_def *const supervision_collections[]; /* supervision.c: 1–11 */
extern const collection_def *const office_collections[];      /* office.c: 12–16 */

/* The supervision registers kept in files of their own (supervision.c lists them). */
extern const collection_def audit_findings_register;      /* budget.c */
extern const collection_def budget_reviews_register;      /* budget.c */
extern const collection_def budget_execution_register;    /* budget.c */
extern const collection_def indicators_register;          /* budget.c */
extern const collection_def indicator_values_register;    /* budget.c */
extern const collection_def normative_documents_register; /* filing.c */
extern const collection_def review_requests_register;     /* filing.c */

/* ---- rules the field tables share (rules.c); each runs on every write path ---------- */

/* check_dates — an end date, when given, is not before the start date (RC_INVALID
 * naming end). */
rc_t check_dates(const json_t *rec, const char *start, const char *end, err *e);

/* register_span — a register's main date `start` is not more than a year after today
 * (a ledger records what happened or is planned, not a typo's 2205), and `end` (NULL:
 * none) not before it. RC_INVALID naming the field. */
rc_t register_span(store_conn *c, const json_t *rec, const char *start, const char *end, err *e);

/* register_term — when term_id is absent, the congress's term that the date `key`
 * falls in (none when no term covers it: the term stays empty). */
rc_t register_term(store_conn *c, json_t *rec, const char *key, err *e);

/* Reading a merged record. reg_text: the text, or NULL; reg_id: an integer, or 0;
 * reg_date: the date when it is one; reg_decimal: a decimal field's value in minor
 * units when it has one (text "12.50", an integer, or a real). */
const char *reg_text(const json_t *rec, const char *key);
int64_t reg_id(const json_t *rec, const char *key);
bool reg_date(const json_t *rec, const char *key, date_t *out);
bool reg_decimal(const json_t *rec, const char *key, int scale, long long *out);
/* reg_before — both dates given and `then` is before `first` (out of order). */
bool reg_before(const json_t *rec, const char *then, const char *first);
/* reg_set_date — key = d as text, or null when has is false. */
void reg_set_date(json_t *rec, const char *key, bool has, date_t d);

/* reg_today — today in the record's congress (its utc_offset_minutes: a Beijing day). */
date_t reg_today(store_conn *c, const json_t *rec);

/* REG_HOOKS — the prepare and check of a register with no rule of its own beyond its
 * dates: <p>_prepare fills the term from the main date, <p>_check runs register_span. */
#define REG_HOOKS(p, start, end)                                                                   \
    static rc_t p##_prepare(store_conn *c, json_t *rec, err *e) {                                  \
        return register_term(c, rec, start, e);                                                    \
    }                                                                                              \
    static rc_t p##_check(store_conn *c, const json_t *rec, int64_t self_id, err *e) {             \
        return register_span(c, rec, start, end, e);                                               \
    }

#endif
