/* demo.h — the demo data set (`renda init --demo`): the Changshan County People's
 * Congress with the 16th term's history as the seed reports it and the current term's
 * open work, written through the engines' own functions (docs/cases.md "Demo data").
 * Not part of the core library: only the command line links it. */
#ifndef RENDA_DEMO_H
#define RENDA_DEMO_H

#include "base/date.h"
#include "store/store.h"

/* The terms the demo knows: the 16th (2016-12-27 … 2021-12-26, the seed's) and each
 * one after it, TERM_YEARS long, beginning the day after the one before ends. */
#define DEMO_TERM_FIRST 16
#define DEMO_TERMS_MAX 8

typedef struct {
    int number;
    date_t start, end; /* both days belong to the term */
} demo_term;

/* demo_terms — the terms from the 16th up to the one that holds `day` (the current
 * term, last in out), at most cap of them; returns how many, 0 when day is before the
 * 17th term (the seed's history would lie in the future) or more than cap are
 * needed. Pure. */
int demo_terms(date_t day, demo_term *out, int cap);

/* demo_load — the demo data and its accounts admin, office, member, deputy and unit
 * (each with `password`), in one write transaction of its own (the caller has migrated
 * the schema and has NOT opened a transaction): a failure leaves nothing. Every record
 * is written through the collection and case engines with the clock held at the
 * moment it was made (date_clock_hold; the real clock is given back before it
 * returns). Deterministic for a given load day (today at the congress's UTC offset).
 * RC_CONFLICT when demo data is already present. Prints nothing. *congress_id (may be
 * NULL) receives the county congress's id. */
rc_t demo_load(store_conn *c, const char *password, long long *congress_id, err *e);
/* demo_load_at — demo_load as if loaded at `now` (UTC seconds; the load day is its day
 * at the congress's offset), for the tests of days to come. */
rc_t demo_load_at(store_conn *c, const char *password, long long now, long long *congress_id,
                  err *e);

#endif
