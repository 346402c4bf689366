/* demo.h — the demo data set: Changshan County People's Congress, 16th term. */
#ifndef RENDA_DEMO_H
#define RENDA_DEMO_H

#include "store/store.h"

/* demo_load — insert the demo records in one write transaction (the caller has
 * migrated the schema and has NOT opened a transaction). Deterministic: the same
 * records every run. Fails RC_CONFLICT when demo data is already present. Prints
 * nothing. *congress_id (may be NULL) receives the county congress's id. */
rc_t demo_load(store_conn *c, long long *congress_id, err *e);

/* demo_cases_load — the 16th term's cases, holidays and receptions (demo_cases.c),
 * inside demo_load's transaction, after the congress, term, units, stations and
 * deputies exist. */
rc_t demo_cases_load(store_conn *c, long long congress_id, long long term_id, err *e);

#endif
