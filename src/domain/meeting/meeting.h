/* meeting.h — meetings: plenary sessions (人代会), standing committee sessions (常委会会议)
 * and chairpersons' meetings (主任会议), their agendas, attendance and quorum, the votes
 * taken at them and the resolutions those votes adopt (docs/meetings.md).
 *
 * The records (meetings, agenda_items, resolutions) are collections of the generic
 * engine (collection/registers/meetings.c); the hooks below are their rules. The
 * workflow is here:
 *   records.c     the collections' hooks: numbering, the term, late reports, motions
 *   act.c         notify, open, close; a member's own meetings and leave; warnings
 *   attendance.c  the electorate of a meeting, attendance, observers, quorum
 *   votes.c       votes at a meeting (the vote engine asks here) and the resolution a
 *                 passing vote adopts
 *   bulletin.c    the session's bulletin (一会一刊) and the term's figures
 *
 * The vote engine calls meeting_vote_link, meeting_presence and meeting_vote_closed;
 * the meeting module reads votes through the vote engine's own functions. */
#ifndef RENDA_MEETING_H
#define RENDA_MEETING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/buf.h"
#include "base/rc.h"
#include "domain/field.h"
#include "store/store.h"

extern const enum_value meeting_kinds[]; /* plenary committee_session chairs_meeting */
extern const enum_value agenda_kinds[];  /* work_report law_study deliberation motion … */

/* A meeting's display name, '@' standing for the table alias: 常委会第3次会议. */
#define MEETING_TITLE_SQL                                                                          \
    "(CASE @.kind WHEN 'plenary' THEN '人民代表大会第' WHEN 'committee_session' THEN "      \
    "'常委会第' ELSE '第' END || @.number || CASE @.kind WHEN 'chairs_meeting' THEN "         \
    "'次主任会议' ELSE '次会议' END)"

/* ---- the collections' hooks (collection.h says when each runs) ------------------------ */

rc_t meeting_prepare(store_conn *c, json_t *rec, err *e);
rc_t meeting_check(store_conn *c, const json_t *rec, int64_t self_id, err *e);
void meeting_computed(store_conn *c, json_t *rec);
json_t *meeting_actions(store_conn *c, const principal *p, const json_t *rec, bool may_write);
rc_t meeting_writable(store_conn *c, const json_t *before, bool deleting, err *e);

rc_t agenda_prepare(store_conn *c, json_t *rec, err *e);
rc_t agenda_check(store_conn *c, const json_t *rec, int64_t self_id, err *e);
void agenda_computed(store_conn *c, json_t *rec);
json_t *agenda_actions(store_conn *c, const principal *p, const json_t *rec, bool may_write);
rc_t agenda_writable(store_conn *c, const json_t *before, bool deleting, err *e);
bool agenda_files_readable(store_conn *c, const principal *p, const json_t *rec);

rc_t resolution_prepare(store_conn *c, json_t *rec, err *e);

/* ---- the workflow (each checks access, runs its own transaction, and answers new JSON
 * the caller owns) ------------------------------------------------------------------ */

/* meeting_act — notify, open or close meeting id (staff): the record after. RC_CONFLICT
 * naming state when the meeting is not in a state the action starts from. */
rc_t meeting_act(store_conn *c, const principal *p, int64_t id, const char *action, json_t **out,
                 err *e);

/* meeting_agenda — the agenda items of meeting id in order: {"items":[…]}. */
rc_t meeting_agenda(store_conn *c, const principal *p, int64_t id, json_t **out, err *e);

/* meeting_agenda_add — a new item on meeting id's agenda (the agenda_items collection's
 * create, with its meeting and congress): 201's record. */
rc_t meeting_agenda_add(store_conn *c, const principal *p, int64_t id, const json_t *in,
                        json_t **out, err *e);

/* meeting_attendance — the meeting's electorate with each person's attendance, its
 * observers, and the quorum (meeting.h's contract in docs/api.md). */
rc_t meeting_attendance(store_conn *c, const principal *p, int64_t id, json_t **out, err *e);

/* meeting_attendance_put — set the rows given (an array, or {"people","observers"});
 * the attendance after. RC_INVALID naming people[i].<field>; RC_CONFLICT when closed. */
rc_t meeting_attendance_put(store_conn *c, const principal *p, int64_t id, const json_t *in,
                            json_t **out, err *e);

/* meeting_leave — a member or deputy of the electorate reports leave for themselves
 * ({"reason"}) before the meeting is held. */
rc_t meeting_leave(store_conn *c, const principal *p, int64_t id, const json_t *in, json_t **out,
                   err *e);

/* meeting_mine — the notified and held meetings whose electorate holds p (a member or
 * a deputy), soonest first, each with my_status: {"items":[…], "unanswered": n}. */
rc_t meeting_mine(store_conn *c, const principal *p, json_t **out, err *e);

/* meeting_inbox_add — the meetings' part of p's inbox (case_inbox's JSON): a member's
 * or deputy's notices not yet answered ("meetings", counted in the bell's total), the
 * office's warnings ("warnings", counted too). */
rc_t meeting_inbox_add(store_conn *c, const principal *p, json_t *inbox, err *e);

/* meeting_warnings — what the office must act on (staff): the two-month rule. */
rc_t meeting_warnings(store_conn *c, const principal *p, json_t **out, err *e);

/* meeting_stats — the term's figures (term_id 0: the term covering today). */
rc_t meeting_stats(store_conn *c, const principal *p, int64_t term_id, json_t **out, err *e);

/* meeting_bulletin — everything the session's bulletin prints, as JSON. */
rc_t meeting_bulletin(store_conn *c, const principal *p, int64_t id, json_t **out, err *e);

/* meeting_bulletin_xlsx — the same as an xlsx workbook into out (one sheet a part). */
rc_t meeting_bulletin_xlsx(store_conn *c, const principal *p, int64_t id, buf *out, err *e);

/* ---- what the vote engine asks (inside its transaction) ------------------------------ */

/* meeting_vote_link — a vote being created for meeting_id (and agenda_item_id, 0: none)
 * of congress_id: the meeting exists there and is not closed, the item is its own; sets
 * *electorate ("committee" or "plenary", static) and *term_id from the meeting.
 * RC_INVALID naming meeting_id or agenda_item_id. */
rc_t meeting_vote_link(store_conn *c, int64_t congress_id, int64_t meeting_id,
                       int64_t agenda_item_id, const char **electorate, int64_t *term_id, err *e);

/* meeting_presence — the ids present at meeting_id (a JSON array, caller owns), for a
 * vote opening there: the meeting must be under way (RC_CONFLICT naming meeting_id). */
rc_t meeting_presence(store_conn *c, int64_t meeting_id, json_t **present, err *e);

/* meeting_vote_closed — vote_id (at a meeting, on agenda_item_id) closed with outcome:
 * when it is adopted and the item adopts a resolution or decision, write it and link
 * the item to it. Nothing otherwise. */
rc_t meeting_vote_closed(store_conn *c, const principal *p, int64_t vote_id, int64_t agenda_item_id,
                         const char *outcome, err *e);

/* ---- shared by the module's files ----------------------------------------------------- */

/* One meeting's row, as the workflow reads it. */
typedef struct {
    int64_t id, congress_id, term_id, number;
    char kind[24], state[16], starts_on[11], ends_on[11];
} meeting_row;

/* meeting_load — the meeting id of p's congress (admin: any); RC_NOT_FOUND otherwise. */
rc_t meeting_load(store_conn *c, const principal *p, int64_t id, meeting_row *m, err *e);

/* meeting_today — today for the congress, 'YYYY-MM-DD'. */
void meeting_today(store_conn *c, int64_t congress_id, char out[11]);

#endif
