/* votes.c — votes taken at a meeting, as the vote engine asks about them: a vote is
 * created for a meeting of its congress that is not closed (its electorate and term
 * follow the meeting); it opens only while the meeting is under way, with those the
 * attendance records present (and so its quorum); and when it closes adopted on an
 * agenda item that adopts a resolution or decision, that record is written in the same
 * transaction (a vote that fails writes none). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "domain/collection/collection.h"
#include "domain/meeting/meeting_impl.h"

static bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

rc_t meeting_vote_link(store_conn *c, int64_t congress_id, int64_t meeting_id,
                       int64_t agenda_item_id, const char **electorate, int64_t *term_id, err *e) {
    principal office = {.role = ROLE_STAFF, .congress_id = congress_id};
    meeting_row m;
    if (!meeting_id)
        return agenda_item_id ? err_set(e, RC_INVALID, "agenda_item_id",
                                        "an agenda item's vote names its meeting_id too")
                              : RC_OK;
    rc_t rc = meeting_load(c, &office, meeting_id, &m, e);
    if (rc == RC_NOT_FOUND)
        return err_set(e, RC_INVALID, "meeting_id", "there is no meeting %lld in this congress",
                       (long long)meeting_id);
    if (rc)
        return rc;
    if (is(m.state, "closed"))
        return err_set(e, RC_INVALID, "meeting_id",
                       "meeting %lld is closed: it takes no more votes", (long long)meeting_id);
    if (is(m.kind, "chairs_meeting"))
        return err_set(e, RC_INVALID, "meeting_id",
                       "a chairpersons' meeting decides by discussion, not by a vote event; "
                       "votes are taken at committee and plenary sessions");
    if (agenda_item_id) {
        store_params p = {.n = 0};
        store_param_int(&p, agenda_item_id);
        store_param_int(&p, meeting_id);
        int64_t ok = 0;
        rc = store_one_int(c, "SELECT COUNT(*) FROM agenda_items WHERE id = ? AND meeting_id = ?",
                           &p, &ok, e);
        if (rc == RC_OK && !ok)
            rc = err_set(e, RC_INVALID, "agenda_item_id",
                         "agenda item %lld is not on meeting %lld's agenda",
                         (long long)agenda_item_id, (long long)meeting_id);
        if (rc)
            return rc;
    }
    *electorate = meeting_is_plenary(&m) ? "plenary" : "committee";
    *term_id = m.term_id;
    return RC_OK;
}

rc_t meeting_presence(store_conn *c, int64_t meeting_id, json_t **present, err *e) {
    *present = NULL;
    principal any = {.role = ROLE_ADMIN};
    meeting_row m;
    rc_t rc = meeting_load(c, &any, meeting_id, &m, e);
    if (rc)
        return rc;
    if (!is(m.state, "held"))
        return err_set(e, RC_CONFLICT, "meeting_id",
                       "the meeting is %s: its votes open while it is under way (open the "
                       "meeting first)",
                       m.state);
    char sql[128];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM attendance WHERE meeting_id = ? AND status = 'present' ORDER BY 1",
             meeting_person_key(&m));
    store_params p = {.n = 0};
    store_param_int(&p, meeting_id);
    store_stmt *st = NULL;
    rc = store_prepare_with(c, sql, &p, &st, e);
    json_t *ids = json_array();
    while (rc == RC_OK && store_next(st, &rc, e))
        json_array_append_new(ids, json_integer(store_column_int(st, 0)));
    store_finish(st);
    if (rc)
        json_decref(ids);
    else
        *present = ids;
    return rc;
}

rc_t meeting_vote_closed(store_conn *c, const principal *p, int64_t vote_id, int64_t agenda_item_id,
                         const char *outcome, err *e) {
    if (!agenda_item_id || !is(outcome, "adopted"))
        return RC_OK;
    store_params b = {.n = 0};
    store_param_int(&b, agenda_item_id);
    store_stmt *st = NULL;
    char adopts[16] = "";
    int64_t existing = 0;
    rc_t rc = store_prepare_with(c, "SELECT adopts, resolution_id FROM agenda_items WHERE id = ?",
                                 &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        const char *a = store_column_text(st, 0);
        snprintf(adopts, sizeof adopts, "%s", a ? a : "");
        existing = store_column_int(st, 1);
    }
    store_finish(st);
    if (rc || !adopts[0] || existing)
        return rc; /* nothing to adopt, or adopted already (a second round) */
    char today[11], now[21];
    now_iso(now);
    int64_t congress = 0, id = 0;
    b.n = 0;
    store_param_int(&b, agenda_item_id);
    rc = store_one_int(c, "SELECT congress_id FROM agenda_items WHERE id = ?", &b, &congress, e);
    meeting_today(c, congress, today);
    b.n = 0;
    store_param_text(&b, today);
    store_param_int(&b, vote_id);
    store_param_text(&b, now);
    store_param_text(&b, now);
    store_param_int(&b, agenda_item_id);
    /* the item's meeting, term and draft; the next number of its congress, term and kind */
    if (rc == RC_OK)
        rc = store_one_int(
            c,
            "INSERT INTO resolutions (congress_id, term_id, kind, number, title, text, adopted_on, "
            "meeting_id, agenda_item_id, vote_id, major_matter, published, origin, created_at, "
            "updated_at) SELECT a.congress_id, m.term_id, a.adopts, (SELECT "
            "COALESCE(MAX(r.number), "
            "0) + 1 FROM resolutions r WHERE r.congress_id = a.congress_id AND r.term_id = "
            "m.term_id AND r.kind = a.adopts), a.title, a.text, ?, a.meeting_id, a.id, ?, "
            "a.major_matter, 0, 'voted', ?, ? FROM agenda_items a JOIN meetings m ON m.id = "
            "a.meeting_id WHERE a.id = ? RETURNING id",
            &b, &id, e);
    b.n = 0;
    store_param_int(&b, id);
    store_param_int(&b, agenda_item_id);
    json_t *item = NULL;
    if (rc == RC_OK)
        rc = collection_get(c, collection_find("agenda_items"), p, agenda_item_id, &item, e);
    if (rc == RC_OK)
        rc = store_run(c, "UPDATE agenda_items SET resolution_id = ? WHERE id = ?", &b, NULL, e);
    if (rc == RC_OK)
        rc = meeting_audit_record(c, p, congress, "adopt", "agenda_items", agenda_item_id, item, e);
    json_decref(item);
    json_t *rec = NULL;
    if (rc == RC_OK)
        rc = collection_get(c, collection_find("resolutions"), p, id, &rec, e);
    if (rc == RC_OK) {
        json_object_del(rec, "actions");
        char *after = json_dumps(rec, JSON_COMPACT | JSON_SORT_KEYS);
        rc = audit_append(c, p, congress, "adopt", "resolutions", id, NULL, after, e);
        free(after);
    }
    json_decref(rec);
    return rc;
}
