/* meeting_play.c — the demo's meetings as they are played (meetings.c plans them): each
 * step through the meeting module and the vote engine as the office, or as the member
 * casting a ballot, with the clock held at the step's moment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/meetings_impl.h"
#include "domain/collection/collection.h"
#include "domain/meeting/meeting.h"
#include "domain/vote/vote.h"

#define TEXT_MAX 600
#define OBSERVERS_MAX 6

static const char *const LEAVE_REASONS[] = {"因公出差",         "参加市里培训", "身体原因",
                                            "参加县委重要会议", "在外招商",     "家中有事"};
/* who sits in (列席) besides the reporting units: invented office holders */
static const struct {
    const char *name, *unit;
} OBSERVERS[] = {{"副县长 周建新", "常山县人民政府"},
                 {"院长 吴振华", "常山县人民法院"},
                 {"检察长 蒋文斌", "常山县人民检察院"},
                 {"主任 徐国栋", "常山县监察委员会"}};
/* ---- a generator for the played steps (who is on leave, who votes what) --------------- */

static uint64_t mix(uint64_t *s) {
    *s += 0x9E3779B97F4A7C15ULL;
    uint64_t z = *s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int below(uint64_t *s, int n) { return n > 0 ? (int)(mix(s) % (uint64_t)n) : 0; }

/* ---- playing ----------------------------------------------------------------------------- */

static plan *plan_of(demo *d) { return d->meetings; }

static long long meeting_index_id(demo *d, int i) { return i >= 0 ? plan_of(d)->m[i].id : 0; }

static rc_t nomem(demo *d) { return err_set(d->e, RC_NOMEM, NULL, "out of memory"); }

static const char *unit_name(const demo *d, long long id) {
    for (int i = 0; i < d->nunits; i++)
        if (d->unit[i] == id)
            return d->unit_name[i];
    return "";
}

static void set_day(json_t *o, const char *key, date_t x) {
    char s[11];
    if (!x)
        return;
    date_format(x, s);
    json_object_set_new(o, key, json_string(s));
}

/* play_create — the meeting and its agenda, as the office writes them */
rc_t demo_meeting_create(demo *d, void *arg, json_t *unused) {
    (void)unused;
    meet *m = arg;
    plan *pl = plan_of(d);
    bool plenary = strcmp(m->kind, "plenary") == 0, chairs = strcmp(m->kind, "chairs_meeting") == 0;
    json_t *in =
        json_pack("{s:I, s:I, s:s, s:i, s:s, s:s}", "congress_id", (json_int_t)d->county, "term_id",
                  (json_int_t)d->term[m->term].id, "kind", m->kind, "number", m->number, "place",
                  plenary  ? "县会议中心大礼堂"
                  : chairs ? "县人大常委会主任会议室"
                           : "县人大常委会会议室",
                  "convener", plenary ? "大会主席团" : pl->chair);
    if (!in)
        return nomem(d);
    set_day(in, "starts_on", m->starts);
    set_day(in, "ends_on", m->ends);
    if (m->set_by >= 0)
        json_object_set_new(in, "agenda_set_by", json_integer(meeting_index_id(d, m->set_by)));
    if (plenary) { /* the presidium takes motions until its last evening (23:59 in Changshan) */
        char at[32], day[11];
        date_format(m->ends, day);
        snprintf(at, sizeof at, "%sT15:59:00Z", day);
        json_object_set_new(in, "motion_deadline", json_string(at));
    }
    json_t *out = NULL;
    rc_t rc = collection_create(d->c, collection_find("meetings"), &d->office, in, &out, d->e);
    json_decref(in);
    if (rc == RC_OK)
        m->id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    for (int i = m->first; rc == RC_OK && i < m->first + m->n; i++) {
        agenda *a = &pl->a[i];
        json_t *item = json_pack("{s:s, s:s}", "kind", a->kind, "title", a->title);
        if (!item)
            return nomem(d);
        if (a->unit)
            json_object_set_new(item, "unit_id", json_integer(a->unit));
        if (a->committee)
            json_object_set_new(item, "committee_id", json_integer(a->committee));
        if (a->law)
            json_object_set_new(item, "law", json_string(a->law));
        if (a->adopts) {
            char text[TEXT_MAX];
            snprintf(text, sizeof text,
                     "常山县人民代表大会常务委员会第%d次会议审议了%s（草案），决定予以通过。",
                     m->number, a->title);
            json_object_set_new(item, "adopts", json_string(a->adopts));
            json_object_set_new(item, "major_matter", json_boolean(a->major));
            json_object_set_new(item, "text", json_string(text));
        }
        rc = meeting_agenda_add(d->c, &d->office, m->id, item, &out, d->e);
        json_decref(item);
        if (rc == RC_OK)
            a->id = json_integer_value(json_object_get(out, "id"));
        json_decref(out);
    }
    return rc;
}

static rc_t act(demo *d, meet *m, const char *action) {
    json_t *out = NULL;
    rc_t rc = meeting_act(d->c, &d->office, m->id, action, &out, d->e);
    json_decref(out);
    return rc;
}

rc_t demo_meeting_notify(demo *d, void *arg, json_t *unused) {
    (void)unused;
    return act(d, arg, "notify");
}

rc_t demo_meeting_close(demo *d, void *arg, json_t *unused) {
    (void)unused;
    return act(d, arg, "close");
}

/* report_arrivals — the dates the work reports reached the office, the committee and
 * the members, as far as they have by now */
static rc_t report_arrivals(demo *d, meet *m) {
    plan *pl = plan_of(d);
    rc_t rc = RC_OK;
    for (int i = m->first; rc == RC_OK && i < m->first + m->n; i++) {
        agenda *a = &pl->a[i];
        if (strcmp(a->kind, "work_report") != 0 || !a->to_office)
            continue;
        json_t *in = json_object(), *out = NULL;
        set_day(in, "to_office_on", a->to_office);
        set_day(in, "to_committee_on", a->to_committee);
        set_day(in, "to_members_on", a->to_members);
        rc = collection_update(d->c, collection_find("agenda_items"), &d->office, a->id, in, &out,
                               d->e);
        json_decref(in);
        json_decref(out);
    }
    return rc;
}

/* the people of m's electorate (member_id or deputy_id), in the attendance's order */
static rc_t electorate(demo *d, meet *m, json_t **people, const char **key) {
    json_t *out = NULL;
    rc_t rc = meeting_attendance(d->c, &d->office, m->id, &out, d->e);
    *key = strcmp(m->kind, "plenary") == 0 ? "deputy_id" : "member_id";
    *people = rc == RC_OK ? json_incref(json_object_get(out, "people")) : NULL;
    json_decref(out);
    return rc;
}

static long long person_id(const json_t *people, const char *key, size_t i) {
    return json_integer_value(json_object_get(json_array_get(people, i), key));
}

/* observers — the government's vice-head and the heads of the units reporting (the
 * court, procuratorate and supervisory commission sit in at plenary sessions) */
static json_t *observers(demo *d, meet *m) {
    plan *pl = plan_of(d);
    json_t *list = json_array();
    if (strcmp(m->kind, "chairs_meeting") == 0)
        return list;
    bool plenary = strcmp(m->kind, "plenary") == 0;
    json_array_append_new(
        list, json_pack("{s:s, s:s}", "name", OBSERVERS[0].name, "unit", OBSERVERS[0].unit));
    for (int k = 1; plenary && k < COUNT(OBSERVERS); k++)
        if (k < COUNT(OBSERVERS) - 1 || m->year >= 2018) /* 监察委员会: from 2018 */
            json_array_append_new(list, json_pack("{s:s, s:s}", "name", OBSERVERS[k].name, "unit",
                                                  OBSERVERS[k].unit));
    for (int i = m->first; !plenary && i < m->first + m->n; i++) {
        const agenda *a = &pl->a[i];
        if (!a->unit || json_array_size(list) >= OBSERVERS_MAX)
            continue;
        const char *u = unit_name(d, a->unit);
        int k = 1;
        while (k < COUNT(OBSERVERS) && strcmp(OBSERVERS[k].unit, u) != 0)
            k++;
        json_array_append_new(list,
                              k < COUNT(OBSERVERS)
                                  ? json_pack("{s:s, s:s}", "name", OBSERVERS[k].name, "unit", u)
                                  : json_pack("{s:s, s:s}", "name", "主要负责人", "unit", u));
    }
    return list;
}

/* rows — the attendance of m: on leave (with a reason) and absent ones drawn from its
 * seed, the others present (held) or not yet answered (upto < n: only the leave). */
static json_t *rows(demo *d, meet *m, const json_t *people, const char *key, bool held) {
    uint64_t s = m->seed;
    size_t n = json_array_size(people);
    bool plenary = strcmp(m->kind, "plenary") == 0, chairs = strcmp(m->kind, "chairs_meeting") == 0;
    int leave = plenary ? 3 + below(&s, 6) : chairs ? (below(&s, 4) == 0) : 1 + below(&s, 3);
    static const int absent_of[] = {0, 1, 1, 2};
    int absent = chairs ? 0 : plenary ? below(&s, 4) : absent_of[below(&s, 4)];
    char *status = calloc(n ? n : 1, 1);
    if (!status)
        return NULL;
    for (int k = 0; k < leave + absent && (size_t)(leave + absent) < n; k++) {
        size_t i;
        do
            i = (size_t)below(&s, (int)n);
        while (status[i] || person_id(people, key, i) == d->member_account.member_id);
        status[i] = k < leave ? 'l' : 'a';
    }
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!held && status[i] != 'l')
            continue;
        const char *st = status[i] == 'l' ? "leave" : status[i] == 'a' ? "absent" : "present";
        json_t *r =
            json_pack("{s:I, s:s}", key, (json_int_t)person_id(people, key, i), "status", st);
        if (status[i] == 'l')
            json_object_set_new(r, "reason",
                                json_string(LEAVE_REASONS[below(&s, COUNT(LEAVE_REASONS))]));
        json_array_append_new(out, r);
    }
    free(status);
    return out;
}

static rc_t put_attendance(demo *d, meet *m, bool held) {
    json_t *people = NULL, *out = NULL;
    const char *key = NULL;
    rc_t rc = electorate(d, m, &people, &key);
    json_t *r = rc == RC_OK ? rows(d, m, people, key, held) : NULL;
    json_decref(people);
    if (rc)
        return rc;
    if (!r)
        return nomem(d);
    json_t *in = json_pack("{s:o, s:o}", "people", r, "observers", observers(d, m));
    rc = meeting_attendance_put(d->c, &d->office, m->id, in, &out, d->e);
    json_decref(in);
    json_decref(out);
    return rc;
}

/* play_open — the office records when the reports arrived and who came, and opens it */
rc_t demo_meeting_open(demo *d, void *arg, json_t *unused) {
    (void)unused;
    meet *m = arg;
    rc_t rc = report_arrivals(d, m);
    if (rc == RC_OK)
        rc = put_attendance(d, m, true);
    if (rc == RC_OK)
        rc = act(d, m, "open");
    return rc;
}

/* play_partly — before the next session: the reports that have arrived and the leave
 * reported so far */
rc_t demo_meeting_partly(demo *d, void *arg, json_t *unused) {
    (void)unused;
    rc_t rc = report_arrivals(d, arg);
    return rc == RC_OK ? put_attendance(d, arg, false) : rc;
}

/* vote — a named electronic vote on item a, cast by the members present (people: the
 * meeting's attendance), closed: the engine writes the resolution or decision it adopts */
static rc_t vote(demo *d, meet *m, const agenda *a, const json_t *people, uint64_t *s) {
    json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "question", a->title, "mode", "named",
                           "method", "electronic", "rule", "majority_of_all", "meeting_id",
                           (json_int_t)m->id, "agenda_item_id", (json_int_t)a->id);
    json_t *out = NULL, *empty = json_object();
    rc_t rc = vote_create(d->c, &d->office, in, &out, d->e);
    json_decref(in);
    long long id = rc == RC_OK ? json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(out);
    out = NULL;
    if (rc == RC_OK)
        rc = vote_act(d->c, &d->office, id, "open", empty, &out, d->e);
    json_decref(out);
    size_t i;
    json_t *p;
    json_array_foreach(rc == RC_OK ? people : NULL, i, p) {
        const char *st = json_string_value(json_object_get(p, "status"));
        if (!st || strcmp(st, "present") != 0)
            continue;
        long long member = json_integer_value(json_object_get(p, "member_id"));
        principal who = {.role = ROLE_MEMBER, .congress_id = d->county, .member_id = member};
        if (member == d->member_account.member_id)
            who = d->member_account;
        int r = below(s, PERCENT);
        json_t *ballot = json_pack("{s:s}", "choice", r < 3 ? "abstain" : r < 5 ? "no" : "yes");
        out = NULL;
        rc = vote_cast(d->c, &who, id, ballot, &out, d->e);
        json_decref(ballot);
        json_decref(out);
        if (rc)
            break;
    }
    out = NULL;
    if (rc == RC_OK)
        rc = vote_act(d->c, &d->office, id, "close", empty, &out, d->e);
    json_decref(out);
    json_decref(empty);
    return rc;
}

rc_t demo_meeting_votes(demo *d, void *arg, json_t *unused) {
    (void)unused;
    meet *m = arg;
    plan *pl = plan_of(d);
    uint64_t s = m->seed ^ 0x5EEDULL;
    json_t *att = NULL;
    rc_t rc = meeting_attendance(d->c, &d->office, m->id, &att, d->e);
    for (int i = m->first; rc == RC_OK && i < m->first + m->n; i++)
        if (pl->a[i].adopts)
            rc = vote(d, m, &pl->a[i], json_object_get(att, "people"), &s);
    json_decref(att);
    return rc;
}
