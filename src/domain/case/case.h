/* case.h — the one engine behind everything that is assigned to units, answered,
 * rated, re-handled and closed (docs/cases.md): proposals and suggestions, letters and
 * visits, voters' opinions, and the kinds to come (deliberation opinions …).
 *
 * The engine owns states, the transition table, deadlines, units, replies, feedback,
 * extensions, merging, publication, visibility, history, lists (through the query
 * layer), statistics, exports and the inbox. A kind is data: a case_kind row in
 * kinds.c pointing at its file under kinds/, which holds its field table, the
 * generic actions it has (a mask), its deadline and extension rules, its own actions
 * and hooks. The engine never asks which kind it is serving. */
#ifndef RENDA_CASE_H
#define RENDA_CASE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/rc.h"
#include "domain/collection/collection.h"
#include "domain/field.h"
#include "domain/query/query.h"
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
#define CS_KEEP CS_COUNT /* a transition's `to` when the state does not change by itself */

/* The states as data: identifier and labels (the state field's enum values). */
extern const enum_value case_states[];

/* Who someone is to one case: a person may be several at once. */
enum {
    CR_STAFF = 1 << 0,    /* staff (or an administrator) of the case's congress */
    CR_LEAD = 1 << 1,     /* the lead deputy */
    CR_COSIGNER = 1 << 2, /* a cosigning deputy */
    CR_OWED = 1 << 3,     /* a deputy owed a reply (lead, cosigner, merged-in) */
    CR_UNIT = 1 << 4,     /* a unit the case is assigned to */
};
#define CR_COUNT 5

/* What the caller is to one case, beyond the CR_* set: what the rules of single
 * actions look at (the caller's own part of the people and units). */
typedef struct {
    unsigned who;
    int64_t person_id;   /* the caller's own entry among the people owed a reply */
    bool unconfirmed;    /* the caller is a cosigner who has not confirmed */
    bool rated;          /* the caller's entry has rated this round */
    char unit_role[16];  /* the caller's unit's part: lead, co, separate, or "" */
    char unit_state[16]; /* assigned, replied, returned */
    date_t unit_assigned_on;
    bool unit_b_reply;          /* the unit gave a B-class reply on this case */
    bool unit_asked;            /* the unit has an extension request pending */
    bool others_unrated;        /* staff: a voter or petitioner has not rated this round */
    bool cosigners_unconfirmed; /* staff: a cosigner of the case itself has not confirmed */
    /* set when the caller has the store (case_me_of with a connection): the congress's
     * today, for the rules of periods (the feedback period), and the setting
     * lead_waits_for_co_units */
    date_t today;
    bool lead_waits;
} case_me;

typedef struct case_kind case_kind;
typedef struct act_ctx act_ctx;

/* One action: from which states, where it leads, who may take it, what it takes as
 * input (a note `text` always), the rule beyond state and role (may), and what it
 * writes (run). One table row per action; `may` is the one place its rule lives, used
 * both to list what a caller may do and to refuse what they may not. */
typedef struct case_transition {
    const char *name;
    unsigned from; /* CS_BIT set */
    case_state to; /* CS_KEEP: unchanged, or the handler decides (reply, return …) */
    unsigned who;  /* CR_* set */
    const field_def *input;
    int ninput;
    const char *label_zh, *label_en;
    bool confirm; /* people are asked to confirm before it is sent */
    /* An input with ref "self" names another case of the kind in one of these states
     * (CS_BIT set): the action checks it, the schema gives it as the list query that
     * finds them (a merge's main case). */
    unsigned targets;
    rc_t (*may)(const case_kind *k, const json_t *rec, const case_me *me, err *e);
    rc_t (*run)(act_ctx *a, err *e);
} case_transition;

/* An action's note (`text`): every action takes one; a kind's own actions list it in
 * their inputs with this, as the engine's do. */
#define CASE_NOTE_LEN 2000
#define CASE_NOTE_INPUT                                                                            \
    {                                                                                              \
        .name = "text", .label_zh = "说明", .label_en = "Note", .type = FT_TEXT, .flags = FF_LONG, \
        .max_len = CASE_NOTE_LEN                                                                   \
    }

/* The generic actions, in case_transitions[] order: a kind's mask names them. */
typedef enum {
    CA_CONFIRM,
    CA_SUBMIT,
    CA_ACCEPT,
    CA_DECLINE,
    CA_ASSIGN,
    CA_RETURN,
    CA_REPLY,
    CA_FOLLOW_UP,
    CA_FEEDBACK,
    CA_EXTEND,
    CA_CLOSE,
    CA_WITHDRAW,
    CA_SUPERVISE,
    CA_MERGE,
    CA_PUBLISH,
    CA_REHANDLE,
    CA_COUNT
} case_action;

#define CA_BIT(a) (1u << (a))
#define CA_ALL (CA_BIT(CA_COUNT) - 1u)

extern const case_transition case_transitions[];
extern const int case_transition_count;

const char *case_state_name(case_state s);
bool case_state_parse(const char *s, case_state *out);
/* case_state_label — the state as people call it (exports), from case_states. */
const char *case_state_label(const char *state);
/* case_transition_find — a generic action by name (NULL when none). */
const case_transition *case_transition_find(const char *action);
/* case_kind_transition — an action this kind has: its own, or a generic one its mask
 * names; NULL when it has none by that name. */
const case_transition *case_kind_transition(const case_kind *k, const char *action);

/* case_check — may someone who is `who` to a case in `state` take this action?
 * RC_FORBIDDEN (role) or RC_CONFLICT (state) with a message naming the current
 * state and what is allowed (e NULL: only the answer). Pure; no database. */
rc_t case_check(const case_transition *t, case_state state, unsigned who, err *e);

/* ---- deadlines -------------------------------------------------------------------------- */

typedef enum { DUE_MONTHS, DUE_DAYS, DUE_WORKING_DAYS } due_unit;

/* A period: its length is the setting `setting`, counted in `unit`. */
typedef struct {
    const char *setting;
    due_unit unit;
} case_period;

/* How more time is given: the date the unit asks for, after the current deadline
 * (office's approval), or a fixed number of days (setting) once (letters and visits). */
typedef enum { EXTEND_TO_DATE, EXTEND_ONCE_BY } extension_rule;

typedef struct {
    extension_rule rule;
    const char *setting; /* EXTEND_ONCE_BY: the days */
} case_extension;

/* case_today — today for the congress (setting utc_offset_minutes). */
date_t case_today(store_conn *c, int64_t congress_id);
/* Deadlines (pure). */
date_t case_due_months(date_t assigned, int months);
date_t case_due_days(date_t assigned, int days);
/* case_holidays — the congress's calendar exceptions sorted by day; caller frees
 * *out (free). */
rc_t case_holidays(store_conn *c, int64_t congress_id, date_exception **out, size_t *n, err *e);
/* case_period_end — the end of period p started on `from` for the congress. */
rc_t case_period_end(store_conn *c, int64_t congress_id, case_period p, date_t from, date_t *out,
                     err *e);

/* ---- kinds ------------------------------------------------------------------------------ */

/* A kind's statistics of its own, over the same set of cases as the engine's figures:
 * set_sql is "SELECT c.id …" and b its values. Adds figures to res. */
typedef rc_t (*case_stats_fn)(store_conn *c, const principal *p, const list_query *q,
                              const char *set_sql, const store_params *b, json_t *res, err *e);

struct case_kind {
    const char *name;   /* cases.kind and the kind table's singular */
    const char *plural; /* URL segment and table name */
    const char *label_zh, *label_en;
    const char *icon;        /* the menu's icon (Element Plus) */
    unsigned menu_roles;     /* ROLE_BIT set: who finds it in the menu */
    const field_def *fields; /* the kind table's columns, keyed by case_id */
    int nfields;
    case_state initial;   /* draft (written by deputies) or submitted (registered by staff) */
    bool deputies_create; /* a deputy may create their own */
    bool cosigners;       /* other deputies cosign it (input "cosigners", confirmed by each) */
    unsigned actions;     /* the generic actions it has: CA_BIT set */
    const case_transition *own; /* its own actions (forward, convert …) */
    int nown;
    case_period reply, reply_difficult; /* the lead or separate unit's time to answer */
    case_extension extension;
    const char *group_field;  /* a field statistics break totals down by ("by_kind"), or NULL */
    const char *number_group; /* an enum field whose values number apart (议案, 建议), or NULL */
    const char *number_zh;    /* what a number says the case is (信访〔2027〕3号); NULL: the
                                 * number group's label, else label_zh */
    const char *received_field; /* a date field saying when it arrived: then its submitted_on */
    /* After the kind row is written, inside the transaction: the people owed a reply
     * (case_add_person) from the input. NULL when none. */
    rc_t (*after_create)(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e);
    /* The kind's own rules on the case as it will be, on every path that changes it
     * (create, update, each action): rec is the merged record, action the action's name
     * or "create" / "update". NULL when none. */
    rc_t (*check)(store_conn *c, int64_t congress_id, int64_t case_id, const char *action,
                  const json_t *rec, err *e);
    case_stats_fn stats;
    /* After an action's handler ran, inside its transaction: the kind's own consequences
     * of a generic action (a motion's plenary session from its submission day). NULL
     * when none. */
    rc_t (*after_act)(act_ctx *a, err *e);
    /* A part of the case's page the kind adds when it is read (a deliberation opinion's
     * satisfaction polls): `part` its key (the server's; ignored when sent back), and
     * load_part sets it on rec. NULL when none. */
    const char *part;
    rc_t (*load_part)(store_conn *c, int64_t case_id, json_t *rec, err *e);
    /* The answering unit's reply carries no class (A–D): a handling report the committee
     * judges itself (deliberation opinions). */
    bool reply_unclassed;
    /* The time to assign (or forward) it after submitted_on (cases.assign_by), for the
     * cases assign_limited picks (NULL: all); .setting NULL: no such limit. */
    case_period assign_within;
    bool (*assign_limited)(const json_t *rec);
};

/* The registry (kinds.c): every kind; NULL-terminated. */
extern const case_kind *const case_kinds[];
/* case_kind_find — by URL segment ("proposals" …); NULL when none. */
const case_kind *case_kind_find(const char *plural);
/* case_kind_named — by cases.kind ("proposal" …); NULL when none. */
const case_kind *case_kind_named(const char *name);

/* For the kinds' hooks (inside the caller's transaction). */
/* case_term_at — the congress's term that day falls in (*term_id 0 when none);
 * term_number (may be NULL) its number (第17届). */
rc_t case_term_at(store_conn *c, int64_t congress_id, date_t day, int64_t *term_id,
                  int64_t *term_number, err *e);
/* case_add_person — someone owed a reply; deputy_id 0 for a voter or petitioner (then
 * name is required); a deputy's name is looked up in the congress (RC_INVALID naming
 * `field` when the deputy is not of this congress). role: one of case_people_roles. */
rc_t case_add_person(store_conn *c, int64_t congress_id, int64_t case_id, int64_t deputy_id,
                     const char *name, const char *role, bool confirmed, const char *field, err *e);
/* case_set_cosigners — the case's own cosigners become exactly `list` (deputy ids),
 * keeping the confirmations of those who stay; RC_INVALID naming "cosigners". */
rc_t case_set_cosigners(store_conn *c, int64_t congress_id, int64_t case_id, int64_t lead,
                        const json_t *list, err *e);
/* case_signers — the lead plus confirmed cosigners of the case itself. */
rc_t case_signers(store_conn *c, int64_t case_id, int64_t *n, err *e);
/* case_kind_write — UPDATE the kind's row: each key of `set` a field of the kind. */
rc_t case_kind_write(store_conn *c, const case_kind *k, int64_t case_id, const json_t *set, err *e);
/* case_assign_one — assign the case to one lead unit, as `assign` does (the kind's
 * deadline from `on`, the rest-day rule), for a kind's own action that sends it to a
 * unit it already names (a deliberation opinion's reporting unit). on: assigned_on as
 * given (a JSON date or NULL: today). */
rc_t case_assign_one(act_ctx *a, int64_t unit_id, const json_t *on, err *e);
/* case_close_today — stamp closed_on with the action's day (a kind's action that ends
 * the case, such as forwarding a letter). */
rc_t case_close_today(act_ctx *a, err *e);

/* A meeting of the congress as the case engine reads it (the meetings table of
 * domain/meeting/, read only): what a motion, a deliberation opinion and key
 * supervision refer to. */
typedef struct {
    int64_t id, term_id, number;
    char kind[24];             /* plenary, committee_session, chairs_meeting */
    char state[16];            /* planned, notified, held, closed */
    date_t starts_on, ends_on; /* ends_on: starts_on when it has none */
    char motion_deadline[21];  /* a plenary's, UTC 'YYYY-MM-DDTHH:MM:SSZ'; "" when none */
    char title[96];            /* 常委会第3次会议 */
} case_meeting;

/* case_meeting_get — meeting `id` of the congress, which must be of `kind`: RC_INVALID
 * naming `field` (with the reason: none such, of another kind) otherwise. */
rc_t case_meeting_get(store_conn *c, int64_t congress_id, int64_t id, const char *kind,
                      const char *field, case_meeting *out, err *e);
/* case_plenary_on — the congress's plenary session under way on `day` (its starts_on ≤
 * day ≤ ends_on); out->id 0 when none. */
rc_t case_plenary_on(store_conn *c, int64_t congress_id, date_t day, case_meeting *out, err *e);

/* What an action's handler sees (the kinds' own actions too). */
struct act_ctx {
    store_conn *c;
    const case_kind *k;
    const case_transition *t; /* the action being taken */
    const principal *p;
    json_t *rec; /* the case as case_get returns it (people, units … included) */
    const json_t *in;
    case_me me;
    int64_t id, congress_id;
    date_t today;
    char today_s[11];
    case_state to;  /* the state the action leads to; CS_KEEP when unchanged */
    json_t *record; /* the handler's own body for the history (a note it adds); NULL: in */
};

/* Reading an action's body (RC_INVALID naming the key). */
rc_t act_text(const json_t *in, const char *key, bool required, const char **out, err *e);
rc_t act_date(const json_t *in, const char *key, date_t def, date_t *out, err *e);
rc_t act_bool(const json_t *in, const char *key, bool *out, err *e);
/* case_date_check — the one rule on a date someone gives for a step (assigned_on,
 * forwarded_on, received_on, replied_on): not after today, not before `earliest` (0:
 * no earliest; `after` names it: "the submission"). RC_INVALID naming `field`. */
rc_t case_date_check(const char *field, date_t d, date_t earliest, const char *after, date_t today,
                     err *e);
/* case_mark_assign_by — cases.assign_by from submitted_on by the kind's assign_within
 * (NULL when the case has no such limit), after submission or a new received date. */
rc_t case_mark_assign_by(store_conn *c, const case_kind *k, int64_t id, int64_t congress_id,
                         err *e);
/* case_mark_assigned — the case is assigned or forwarded on `on`: assigned_late when
 * that is after assign_by (it stays late once it was). */
rc_t case_mark_assigned(store_conn *c, int64_t id, date_t on, err *e);

/* ---- the engine's calls ----------------------------------------------------------------- */

/* All below check visibility (invisible → RC_NOT_FOUND) and roles themselves, run
 * their own transaction, and return new JSON owned by the caller. Every case carries
 * "actions": the names of what p may do to it now. */
rc_t case_list(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
               json_t **out, err *e);
rc_t case_get(store_conn *c, const case_kind *k, const principal *p, int64_t id, json_t **out,
              err *e);
rc_t case_create(store_conn *c, const case_kind *k, const principal *p, const json_t *in,
                 json_t **out, err *e);
rc_t case_update(store_conn *c, const case_kind *k, const principal *p, int64_t id,
                 const json_t *in, json_t **out, err *e);
/* case_act — POST /<kind>s/<id>/<action>: the answer is the case as case_get
 * returns it (out may be NULL: a loader that does not want it back skips the read). */
rc_t case_act(store_conn *c, const case_kind *k, const principal *p, int64_t id, const char *action,
              const json_t *in, json_t **out, err *e);
/* case_export — the filtered list (every row, up to CASE_EXPORT_MAX) or, with stats,
 * the statistics as (figure, value) rows, as an xlsx or CSV file appended to out. */
rc_t case_export(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                 bool stats, bool xlsx, buf *out, err *e);
rc_t case_stats(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                json_t **out, err *e);
/* case_counts — cases per value of `by` (a filterable field, year or month), with the
 * list's filters. */
rc_t case_counts(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                 json_t **out, err *e);
/* case_inbox — what needs the caller's action: for staff and units the cases to act on,
 * for a deputy the invitations to cosign, replies to rate and their drafts. */
rc_t case_inbox(store_conn *c, const principal *p, json_t **out, err *e);
/* case_inbox_describe — to case_inbox's answer, add "boxes" (each box's key, label_zh,
 * label_en, tone and count, in order) and, for a unit, its returned cases and
 * "figures" (reply rate, satisfaction). The caller keeps owning inbox. */
rc_t case_inbox_describe(store_conn *c, const principal *p, json_t *inbox, err *e);
/* case_duty_record — the calling deputy's record today: {"led","cosigned","received",
 * "cases":[{id,kind,title,state,role,submitted_on}…], "receptions":[{id,held_on,
 * station_id,station_name}…] (days to come first), "today"}. RC_FORBIDDEN for anyone
 * but a deputy. Caller owns *out. */
rc_t case_duty_record(store_conn *c, const principal *p, json_t **out, err *e);
/* case_each_row — every stored case of kind k (only_id: just that one; 0: all) as
 * its stored columns (the cases row and the kind's row: what the audit trail's
 * after.record holds), ids ascending, through fn. For `renda audit verify`. */
typedef rc_t (*case_row_fn)(void *ctx, int64_t id, const json_t *row, err *e);
rc_t case_each_row(store_conn *c, const case_kind *k, int64_t only_id, case_row_fn fn, void *ctx,
                   err *e);

/* What someone may do with a case's files (domain/attachment/ asks). */
typedef struct {
    int64_t congress_id;
    bool may_attach; /* add files now, and remove the ones they added themselves */
    bool staff;      /* the office: removes any file of the case */
} case_attach_rights;

/* case_attach_access — the case `id` of kind k as p sees it: RC_NOT_FOUND when p may
 * not see it, otherwise its congress and p's rights over its files (case_may_attach).
 * Its own read transaction (a savepoint inside the caller's). */
rc_t case_attach_access(store_conn *c, const case_kind *k, const principal *p, int64_t id,
                        case_attach_rights *out, err *e);

/* case_schema — the kind's fields, states and actions (with their inputs and the values
 * in effect, e.g. the reply classes) for the web app's forms and buttons. */
json_t *case_schema(store_conn *c, const case_kind *k, const principal *p);

#define CASE_EXPORT_MAX 100000
#define CASE_EXPORT_ARENA_MAX (256u * 1024 * 1024)
#define STATS_ROWS_MAX 2000

#endif
