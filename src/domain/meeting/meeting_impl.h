/* meeting_impl.h — what the meeting module's files share (private to
 * src/domain/meeting/). */
#ifndef RENDA_MEETING_IMPL_H
#define RENDA_MEETING_IMPL_H

#include "domain/meeting/meeting.h"

/* The quorum of one meeting: the least number present that makes it, and the rule it
 * comes from (settings; more_than: "more than num/den of all", else "at least"). */
typedef struct {
    long long num, den;
    bool more_than;
    int64_t least;
} meeting_quorum;

bool meeting_is_plenary(const meeting_row *m);
/* meeting_person_key — "deputy_id" for a plenary, "member_id" otherwise. */
const char *meeting_person_key(const meeting_row *m);
/* meeting_electorate_sql — (id, name, position) of m's electorate; its values in p. */
const char *meeting_electorate_sql(const meeting_row *m, store_params *p);
rc_t meeting_in_electorate(store_conn *c, const meeting_row *m, int64_t person, bool *in, err *e);
void meeting_quorum_of(store_conn *c, const meeting_row *m, int64_t n, meeting_quorum *q);
/* meeting_attendance_json — the attendance of m as p reads it (no access check). */
rc_t meeting_attendance_json(store_conn *c, const principal *p, const meeting_row *m, json_t **out,
                             err *e);
/* meeting_set_attendance — person's row at m, inside the caller's transaction. */
rc_t meeting_set_attendance(store_conn *c, const principal *by, const meeting_row *m,
                            int64_t person, const char *status, const char *reason, err *e);
/* meeting_audit_record — the audit entry of a change the workflow made to a record of
 * one of the collections (meetings, agenda_items) outside the collection engine, as
 * the engine writes its own: the whole record before and after (read now), so that
 * `renda audit verify` finds the row as its newest entry says. Attendance and leave
 * have a trail of their own (collection "attendance", the meeting's id). */
rc_t meeting_audit_record(store_conn *c, const principal *p, int64_t congress, const char *action,
                          const char *collection, int64_t id, const json_t *before, err *e);
/* meeting_record — the meeting's collection record as p reads it (new JSON). */
rc_t meeting_record(store_conn *c, const principal *p, int64_t id, json_t **out, err *e);

#endif
