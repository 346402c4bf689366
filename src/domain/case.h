/* case.h — the one engine behind everything that is assigned to units, answered,
 * rated, re-handled and closed (docs/cases.md): proposals and suggestions, letters
 * and visits, voters' opinions. case.c owns states, the transition table, deadlines,
 * units, replies, feedback, extensions, merging, publication, visibility and history;
 * each kind (proposal.c, petition.c, opinion.c) adds only a field table and its rules. */
#ifndef RENDA_CASE_H
#define RENDA_CASE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/date.h"
#include "base/buf.h"
#include "base/rc.h"
#include "domain/collection.h"
#include "store/store.h"

typedef enum {
    CS_DRAFT,
    CS_SUBMITTED,
    CS_ACCEPTED,
    CS_DECLINED,
    CS_ASSIGNED,
    CS_RETURNED,
    CS_REPLIED,
    CS_REHANDLING,
    CS_CLOSED,
    CS_WITHDRAWN,
    CS_MERGED,
    CS_COUNT
} case_state;

#define CS_BIT(s) (1u << (s))
#define CS_ANY (CS_BIT(CS_COUNT) - 1u)

/* Who someone is to one case: a person may be several at once. */
enum {
    CR_STAFF = 1 << 0,    /* staff (or an administrator) of the case's congress */
    CR_LEAD = 1 << 1,     /* the lead deputy */
    CR_COSIGNER = 1 << 2, /* a cosigning deputy */
    CR_OWED = 1 << 3,     /* a deputy owed a reply (lead, cosigner, merged-in) */
    CR_UNIT = 1 << 4,     /* a unit the case is assigned to */
};

/* One row of the transition table. to == CS_COUNT: the state does not change (or,
 * for return/reply/feedback, the engine decides from the units and ratings). */
typedef struct {
    const char *name;
    unsigned from; /* CS_BIT set */
    case_state to;
    unsigned who;     /* CR_* set */
    const char *keys; /* the body members it takes, space-separated; "text" (a note) always */
    const char *label_zh; /* the action in Chinese, for messages */
} case_transition;

extern const case_transition case_transitions[];
extern const int case_transition_count;

const char *case_state_name(case_state s);
bool case_state_parse(const char *s, case_state *out);
const case_transition *case_transition_find(const char *action);

/* case_check — may someone who is `who` to a case in `state` take this action?
 * RC_FORBIDDEN (role) or RC_CONFLICT (state) with a message naming the current
 * state and what is allowed. Pure; no database. */
rc_t case_check(const case_transition *t, case_state state, unsigned who, err *e);

/* case_today — today for the congress (setting utc_offset_minutes). */
date_t case_today(store_conn *c, int64_t congress_id);

/* Deadlines (pure). months: setting reply_months or reply_months_difficult. */
date_t case_due_months(date_t assigned, int months);
date_t case_due_days(date_t assigned, int days);

/* A kind's own fields, stored in its table (proposals, petitions, opinions) keyed by
 * case_id, are field_defs like a collection's, checked by the same field_check;
 * FF_BOOL marks 0/1 flags, FF_ACTION_ONLY those only an action writes. */

typedef struct case_kind {
    const char *name;   /* cases.kind and the kind's table's singular */
    const char *plural; /* URL segment and table name */
    const char *label_zh;
    const char *group_field; /* the field statistics break totals down by, or NULL */
    const field_def *fields;
    int nfields;
    case_state initial; /* draft (written by deputies) or submitted (registered by staff) */
    bool deputies_create; /* a deputy may create their own */
    /* After the kind row is written, inside the transaction: people owed a reply
     * (case_people) from the input. NULL when none. */
    rc_t (*after_create)(store_conn *c, const principal *p, int64_t case_id,
                         const json_t *rec, const json_t *in, err *e);
    /* The kind's own veto on an action (submit's motion rule, decline, convert,
     * forward …), with the merged record; NULL when none. */
    rc_t (*check_action)(store_conn *c, int64_t congress_id, int64_t case_id,
                         const char *action, const json_t *rec, err *e);
    /* The kind's date field saying when the case arrived (petitions' received_on), or
     * NULL: when given it is the case's submitted_on, and it cannot be after today. */
    const char *received_field;
} case_kind;

extern const case_kind proposal_kind, petition_kind, opinion_kind;

/* For the kinds' hooks (inside the caller's transaction). */
/* case_add_person — someone owed a reply; deputy_id 0 for a voter or petitioner (then
 * name is required); a deputy's name is looked up in the congress (RC_INVALID naming
 * `field` when the deputy is not of this congress). */
rc_t case_add_person(store_conn *c, int64_t congress_id, int64_t case_id, int64_t deputy_id,
                     const char *name, const char *role, bool confirmed, const char *field,
                     err *e);
/* case_set_cosigners — the case's own cosigners become exactly `list` (deputy ids),
 * keeping the confirmations of those who stay; RC_INVALID naming "cosigners". */
rc_t case_set_cosigners(store_conn *c, int64_t congress_id, int64_t case_id, int64_t lead,
                        const json_t *list, err *e);
/* case_signers — the lead plus confirmed cosigners of the case itself. */
rc_t case_signers(store_conn *c, int64_t case_id, int64_t *n, err *e);

/* case_kind_find — by URL segment ("proposals" …); NULL when none. */
const case_kind *case_kind_find(const char *plural);

/* case_holidays — the congress's calendar exceptions sorted by day; caller frees
 * *out (free). */
rc_t case_holidays(store_conn *c, int64_t congress_id, date_exception **out, size_t *n,
                   err *e);

/* All below check visibility (invisible → RC_NOT_FOUND) and roles themselves, run
 * their own transaction, and return new JSON owned by the caller. */
rc_t case_list(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
               json_t **out, err *e);
rc_t case_get(store_conn *c, const case_kind *k, const principal *p, int64_t id, json_t **out,
              err *e);
rc_t case_create(store_conn *c, const case_kind *k, const principal *p, const json_t *in,
                 json_t **out, err *e);
rc_t case_update(store_conn *c, const case_kind *k, const principal *p, int64_t id,
                 const json_t *in, json_t **out, err *e);
/* case_act — POST /<kind>s/<id>/<action>: the answer is the case as case_get
 * returns it. */
rc_t case_act(store_conn *c, const case_kind *k, const principal *p, int64_t id,
              const char *action, const json_t *in, json_t **out, err *e);
/* case_export — the filtered list (every row, up to CASE_EXPORT_MAX) or, with stats,
 * the statistics as (figure, value) rows, as an xlsx or CSV file appended to out. */
rc_t case_export(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                 bool stats, bool xlsx, buf *out, err *e);
const char *case_state_label(const char *state);

#define CASE_EXPORT_MAX 100000
#define CASE_EXPORT_ARENA_MAX (256u * 1024 * 1024)
#define STATS_ROWS_MAX 2000

rc_t case_stats(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                json_t **out, err *e);
/* case_inbox — what needs the caller's action: for staff and units the cases to act on,
 * for a deputy the invitations to cosign, replies to rate and their drafts. */
rc_t case_inbox(store_conn *c, const principal *p, json_t **out, err *e);

#endif
