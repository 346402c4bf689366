/* vote.h — the vote engine (docs/votes.md): one vote_event is one question put to one
 * electorate, named or secret, cast from phones (electronic) or counted on paper, and
 * decided by one of the rules of rules.h. Meetings, appointments, livelihood projects
 * and evaluations all vote through it.
 *
 * Every function checks who may do it (staff manage; voters of the electorate cast),
 * runs its own write transaction with its audit entries, and answers with the record as
 * GET /votes/<id> shows it to the caller (*out, a new reference the caller decrefs).
 * Errors name the field: RC_INVALID (422), RC_FORBIDDEN (403), RC_CONFLICT (409, the
 * wrong state or a second secret ballot), RC_NOT_FOUND (404). */
#ifndef RENDA_VOTE_H
#define RENDA_VOTE_H

#include <jansson.h>

#include "auth/auth.h"
#include "base/rc.h"
#include "store/store.h"

/* Filters of a list (NULL/0: any). */
typedef struct {
    const char *state, *mode, *rule;
    int64_t meeting_id;
    int64_t page, per_page; /* from 1; per_page default 50, at most 500 */
} vote_filter;

/* vote_create — a draft from {"question","mode","method","rule","electorate","term_id",
 * "voters","candidates","places","meeting_id","agenda_item_id"}; staff only. */
rc_t vote_create(store_conn *c, const principal *by, const json_t *in, json_t **out, err *e);
/* vote_get — the record, with the caller's actions and, once closed, the result. */
rc_t vote_get(store_conn *c, const principal *by, int64_t id, json_t **out, err *e);
/* vote_list — {"items","total","page","per_page"}: the congress's votes for staff, a voter's own for a
 * member or deputy; RC_FORBIDDEN for other roles. */
rc_t vote_list(store_conn *c, const principal *by, const vote_filter *f, json_t **out, err *e);
/* vote_record_polls — the satisfaction polls held on a register's record (collection,
 * record_id) as rec's "polls" [{"id","question","state","result"}], and "poll" among
 * rec's actions for staff, who create one with POST /votes {"collection","record_id"}. */
rc_t vote_record_polls(store_conn *c, const principal *by, const char *collection,
                       int64_t record_id, json_t *rec, err *e);
/* vote_delete — a draft, by staff. */
rc_t vote_delete(store_conn *c, const principal *by, int64_t id, err *e);

/* vote_act — a staff action: "open" {"present":[ids]}, "close", "annul" {"reason"},
 * "paper_counts" {…}, "confirm". RC_NOT_FOUND for an unknown action. */
rc_t vote_act(store_conn *c, const principal *by, int64_t id, const char *action, const json_t *in,
              json_t **out, err *e);

/* vote_cast — the caller's ballot: {"choice"} or {"choices":{"<candidate id>":mark}}.
 * *out: {"ok","voted_count"} and, for a secret vote, the voter's "receipt". */
rc_t vote_cast(store_conn *c, const principal *by, int64_t id, const json_t *in, json_t **out,
               err *e);

/* vote_receipts — a closed secret vote's receipts and ballots, two lists in unrelated
 * orders: {"receipts":[…],"ballots":[{"choice"}|{"choices"}]}. */
rc_t vote_receipts(store_conn *c, const principal *by, int64_t id, json_t **out, err *e);

/* vote_watch — may the caller watch the vote live? *channel (VOTE_CHANNEL_MAX) gets its
 * events.h channel and *state the first event's data (new reference). */
#define VOTE_CHANNEL_MAX 32
rc_t vote_watch(store_conn *c, const principal *by, int64_t id, char channel[VOTE_CHANNEL_MAX],
                json_t **state, err *e);

/* vote_schema — the choices of the create form with their labels, and what by may do
 * to the collection ("actions": ["create"] for staff). New reference. */
json_t *vote_schema(const principal *by);

#endif
