/* vote_impl.h — what the files of the vote engine share (not for other layers).
 *   vote.c     read, list, schema; the record's JSON and its actions
 *   create.c   create and delete a draft
 *   act.c      open (electorate, presence, quorum), paper counts, confirm, close, annul
 *   cast.c     ballots, receipts, the secret ballots' rewrite, watching live
 *   rules.c    the rules (pure) */
#ifndef RENDA_VOTE_IMPL_H
#define RENDA_VOTE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/vote/rules.h"
#include "domain/vote/vote.h"

#define VOTE_QUESTION_MAX 2000
#define VOTE_REASON_MAX 1000
#define VOTE_VOTERS_MAX 5000
#define VOTE_WORD_MAX 24
#define VOTE_TIME_MAX 21
#define VOTE_AUDIT_COLLECTION "votes"
/* the secret ballots' tables, rewritten and scrubbed at closing */
#define VOTE_BALLOTS_TABLE "vote_ballots"
#define VOTE_RECEIPTS_TABLE "vote_receipts"

/* The words of a vote's mode, method and electorate (NULL-terminated). */
extern const char *const vote_modes[], *const vote_methods[], *const vote_electorates[];

/* One vote_events row. paper and result are malloc'ed JSON texts (vote_event_free). */
typedef struct {
    int64_t id, congress_id, term_id, meeting_id, agenda_item_id, case_id;
    /* a register's record the poll is held on (an evaluation's): "" and 0 when none */
    char record_collection[VOTE_WORD_MAX * 2];
    int64_t record_id;
    char question[VOTE_QUESTION_MAX + 1];
    char mode[VOTE_WORD_MAX], method[VOTE_WORD_MAX], electorate[VOTE_WORD_MAX];
    char state[VOTE_WORD_MAX];
    const vote_rule *rule;
    int64_t places, electorate_size, present_count, voted_count;
    bool base_all, reject_overvote;
    char *paper, *result;
    int64_t paper_by, paper_confirmed_by, created_by;
    char annul_reason[VOTE_REASON_MAX + 1];
    char opened_at[VOTE_TIME_MAX], closed_at[VOTE_TIME_MAX];
    char created_at[VOTE_TIME_MAX], updated_at[VOTE_TIME_MAX];
} vote_event;

void vote_event_free(vote_event *v);

/* vote_load — the row with this id in the caller's congress (admin: any); RC_NOT_FOUND
 * otherwise. Inside or outside a transaction. */
rc_t vote_load(store_conn *c, const principal *by, int64_t id, vote_event *v, err *e);

static inline bool vote_is_secret(const vote_event *v) { return v->mode[0] == 's'; }
static inline bool vote_is_paper(const vote_event *v) { return v->method[0] == 'p'; }
static inline bool vote_in_state(const vote_event *v, const char *state) {
    return __builtin_strcmp(v->state, state) == 0;
}

/* vote_blank — is s nothing but spaces (ASCII or the ideographic space U+3000)? */
bool vote_blank(const char *s);

/* vote_is_office — may by manage votes (staff of the congress, or an administrator)? */
bool vote_is_office(const principal *by);
/* vote_voter_id — by's id in v's electorate's terms: the member record (committee) or
 * the deputy (plenary, list); 0 when by's account names none. */
int64_t vote_voter_id(const principal *by, const vote_event *v);
/* vote_load_readable — vote_load, and may by read the vote: staff, admin, or a voter of
 * its fixed electorate (a draft is the office's until it opens)? RC_NOT_FOUND when not
 * (nothing to free then). */
rc_t vote_load_readable(store_conn *c, const principal *by, int64_t id, vote_event *v, err *e);

/* vote_electorate_sql — the (id, name) query of v's electorate as it stands today; its
 * values into p, which borrows today (the caller's: it must outlive the statement). */
const char *vote_electorate_sql(store_conn *c, const vote_event *v, char today[11],
                                store_params *p);

/* vote_electorate_now — N as the vote stands: fixed once open, else who it would hold. */
rc_t vote_electorate_now(store_conn *c, const vote_event *v, int64_t *n, err *e);

/* vote_record — the record's JSON for by (the shape of GET /votes/<id>). */
rc_t vote_record(store_conn *c, const principal *by, const vote_event *v, json_t **out, err *e);

/* vote_publish — tell the hall (events.h) after a commit: event with data (borrowed). */
void vote_publish(int64_t id, const char *event, const json_t *data);
/* vote_live_state — {"state","electorate_size","present_count","voted_count"} of v. */
json_t *vote_live_state(const vote_event *v);

/* vote_touch — set state/timestamps are the caller's; this stamps updated_at = now. */
rc_t vote_audit(store_conn *c, const principal *by, const vote_event *v, const char *action,
                const json_t *after, err *e);

/* vote_tally_start — an empty result for v, with its candidates, from its stored base. */
rc_t vote_tally_start(store_conn *c, const vote_event *v, vote_result *r, err *e);

/* vote_secret_shuffle — rewrite v's ballots and receipts in random order with new
 * random keys (inside the caller's write transaction). */
rc_t vote_secret_shuffle(store_conn *c, int64_t vote_id, err *e);
/* vote_secret_scrub — after the commit: store_scrub of the two tables (logged when it
 * cannot complete; the vote's result stands). */
void vote_secret_scrub(store_conn *c);

/* vote_random_key — 128 random bits as 32 hex digits (libsodium). */
#define VOTE_KEY_HEX 33
void vote_random_key(char out[VOTE_KEY_HEX]);

#endif
