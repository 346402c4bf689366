/* registers_impl.h — what the demo's registers share (private to src/demo/registers*.c):
 * registers.c plans the supervision registers and holds the helpers, registers_ledger.c
 * the ledgers (audit findings, filing review, budget, indicators), registers_office.c
 * the office's (publicity, trainings, rules, reports to the Party committee, events),
 * registers_data.c the texts. The seed's figures are the 16th term's (2016-12-27 …
 * 2021-12-26); the current term gets a few recent records dated back from the load day.
 *
 * Every record is a step of the demo's plan (play.c), written as the office through
 * collection_create / collection_update with the clock held at its day, after the
 * meeting it names has been held (a meeting is named by a reference the play makes its
 * id, as the cases' are). */
#ifndef RENDA_DEMO_REGISTERS_IMPL_H
#define RENDA_DEMO_REGISTERS_IMPL_H

#include "demo/meetings_impl.h"

#define REG_MEMBERS_MAX 48
#define EVALUATIONS 10

/* The registers' state: their generator (swapped with the cases' while planning), the
 * standing committee members of each term, the evaluations whose polls are played. */
typedef struct {
    uint64_t rng, now_rng;
    int nmembers[DEMO_TERMS_MAX];
    long long member[DEMO_TERMS_MAX][REG_MEMBERS_MAX];
    int neval;
    struct dr_eval {
        int item;           /* the evaluation's record item */
        const char *unit;   /* the department evaluated */
        const char *result; /* what the poll finds */
        int term;           /* index into d->term */
    } eval[EVALUATIONS + 2];
} regs;

/* ---- helpers (registers.c) --------------------------------------------------------------- */
regs *dr_state(demo *d);
/* dr_now — the current term's draws in (or back out): a stream of their own, so that
 * the 16th term's records are the same whatever the load day. */
void dr_now(demo *d);
/* dr_in — {"congress_id", "term_id"} of the term holding `day` (term false: congress
 * only, for budget_execution). */
json_t *dr_in(demo *d, date_t day, bool term);
void dr_date(json_t *in, const char *key, date_t x);
void dr_text(json_t *in, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* dr_deputies — n distinct active county deputies of the term holding `day` (of
 * township town mostly, when town >= 0), as an id array. */
json_t *dr_deputies(demo *d, date_t day, int n, int town);
json_t *dr_members(demo *d, date_t day, int n);
/* dr_unit — the unit named (0 when the demo has none: a planning error is the caller's). */
long long dr_unit(demo *d, const char *name);
json_t *dr_ids(const long long *ids, int n);
/* dr_meeting — the first held meeting of `kind` whose first day is in [from, to]
 * (-1: none); dr_meeting_ref its reference for a step's meeting_id, dr_meeting_end
 * the day after it ended (when a record naming it may be written). */
int dr_meeting(demo *d, const char *kind, date_t from, date_t to);
long long dr_meeting_ref(int m);
date_t dr_meeting_day(demo *d, int m);
date_t dr_meeting_after(demo *d, int m);
/* dr_heard — the meeting at which the agenda item titled `title` was heard, or -1. */
int dr_heard(demo *d, const char *title);
/* dr_put — a record of `collection` written by the office on `day` (after `at` minutes
 * of the working day, or drawn when -1); *item (may be NULL) its item in the plan, for
 * a later update or a child. in is stolen. */
rc_t dr_put(demo *d, const char *collection, date_t day, json_t *in, int *item);
/* dr_recent — `back` days before the load day, not before the current term's second
 * day; 0 when the current term is too young for it (min_age days). */
date_t dr_recent(demo *d, int back);
/* dr_back — `back` days before the load day, in the current term or the one before it
 * (a young term's older work is its predecessor's), never the 16th's (its ledgers are
 * the seed's): 0 then. */
date_t dr_back(demo *d, int back);
int dr_year(date_t x);
date_t dr_ymd(int y, int m, int day);
const char *dr_pick(demo *d, const char *const *list, int n);

/* ---- the plans ------------------------------------------------------------------------- */
rc_t dr_ledgers(demo *d);     /* registers_ledger.c */
rc_t dr_budget(demo *d);      /* registers_ledger.c */
rc_t dr_office(demo *d);      /* registers_office.c */
rc_t dr_office_more(demo *d); /* registers_office.c */

/* ---- the texts (registers_data.c) -------------------------------------------------------- */
typedef struct {
    const char *text;
    int year, month;
    int committee; /* index into people.c's committees */
} dr_dated;

extern const char *const dr_inspection_topics[];
extern const int dr_inspection_topic_count;
extern const char *const dr_inspection_yearly[];
extern const int dr_inspection_yearly_count;
extern const char *const dr_research_topics[];
extern const int dr_research_topic_count;
extern const char *const dr_research_yearly[];
extern const int dr_research_yearly_count;
extern const dr_dated dr_laws[];
extern const int dr_law_count;
extern const dr_dated dr_inquiries[];
extern const int dr_inquiry_count;
extern const char *const dr_evaluated[];
extern const char *const dr_audit_units[];
extern const int dr_audit_unit_count;
extern const struct dr_finding { const char *category, *text; } dr_findings[];
extern const int dr_finding_count;
extern const char *const dr_measures[];
extern const int dr_measure_count;
extern const char *const dr_documents[];
extern const int dr_document_count;
extern const char *const dr_outlets[][2]; /* {outlet, level} */
extern const int dr_outlet_count;
extern const char *const dr_praises[];
extern const int dr_praise_count;
extern const char *const dr_news[];
extern const int dr_news_count;
extern const dr_dated dr_rules[];
extern const int dr_rule_count;
extern const dr_dated dr_requests[];
extern const int dr_request_count;
extern const char *const dr_budget_lines[][2]; /* {unit, item} */
extern const int dr_budget_line_count;

#endif
