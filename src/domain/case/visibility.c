/* visibility.c — who sees what of the cases (docs/cases.md "Who sees what"): the
 * condition every read adds for its caller, what a record hides from a role (a kind's
 * private and personal fields; the public's shape of a published case), and the flags a
 * record is decorated with for today (overdue, due soon). */
#include <string.h>

#include "domain/case/case_impl.h"

/* A draft is its author's until it is submitted (its deputies': the lead and the
 * cosigners invited to it): the office sees only the drafts it wrote itself. */
#define NOT_OTHERS_DRAFT " AND (c.state <> 'draft' OR c.created_by = ?)"

rc_t case_visibility(const principal *p, buf *sql, store_params *b) {
    switch (p->role) {
    case ROLE_ADMIN:
        store_param_int(b, p->user_id);
        if (!p->congress_id)
            return buf_puts(sql, NOT_OTHERS_DRAFT);
        store_param_int(b, p->congress_id);
        return buf_puts(sql, NOT_OTHERS_DRAFT " AND c.congress_id = ?");
    case ROLE_STAFF:
        store_param_int(b, p->user_id);
        store_param_int(b, p->congress_id);
        return buf_puts(sql, NOT_OTHERS_DRAFT " AND c.congress_id = ?");
    case ROLE_MEMBER:
        store_param_int(b, p->congress_id);
        return buf_puts(sql, " AND c.congress_id = ? AND c.state <> 'draft'");
    case ROLE_DEPUTY:
        store_param_int(b, p->deputy_id);
        return buf_puts(sql, " AND (c.published = 1 OR EXISTS (SELECT 1 FROM case_people vp "
                             "WHERE vp.case_id = c.id AND vp.deputy_id = ?))");
    case ROLE_UNIT:
        store_param_int(b, p->unit_id);
        return buf_puts(sql, " AND EXISTS (SELECT 1 FROM case_units vu WHERE vu.case_id = c.id "
                             "AND vu.unit_id = ?)");
    default: /* the public: what the office published, never a draft */
        return buf_puts(sql, " AND c.published = 1 AND c.state <> 'draft'");
    }
}

/* feedback_summary — how the people owed the current round's reply rated it, counted
 * (the public sees the outcome, not who said what). */
static json_t *feedback_summary(const json_t *rec) {
    static const char *const ratings[] = {"satisfied", "basically_satisfied", "unsatisfied"};
    json_int_t n[3] = {0, 0, 0};
    int64_t round = rec_i(rec, "round");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(rec, "feedback"), i, it) {
        for (int r = 0; r < 3; r++)
            if (rec_i(it, "round") == round && rec_s(it, "rating") &&
                strcmp(rec_s(it, "rating"), ratings[r]) == 0)
                n[r]++;
    }
    return json_pack("{s:I, s:I, s:I, s:I}", "round", (json_int_t)round, ratings[0], n[0],
                     ratings[1], n[1], ratings[2], n[2]);
}

/* public_shape — a published case as the public site shows it (docs/web.md "The
 * public site"): the question, the units' replies and the outcome. Not the office's
 * timeline or who in it did what, the requests for more time, what each person said in
 * their feedback (only the count of ratings), the co-units' views to their lead unit, a
 * cosigner who has not confirmed, or anyone who is not a deputy (voters, petitioners). */
static void public_shape(json_t *rec) {
    /* attachments: the files need a login (docs/attachments.md) */
    static const char *const office[] = {"history",   "extensions",  "created_by", "decline_text",
                                         "cosigners", "attachments", NULL};
    if (json_object_get(rec, "feedback")) {
        json_object_set_new(rec, "feedback_summary", feedback_summary(rec));
        json_object_del(rec, "feedback");
    }
    for (int i = 0; office[i]; i++)
        json_object_del(rec, office[i]);
    size_t i;
    json_t *it, *people = json_array(), *replies = json_array();
    json_array_foreach(json_object_get(rec, "people"), i, it) {
        const people_role *r = case_people_role(rec_s(it, "role"));
        bool signed_it = rec_s(it, "role") && (strcmp(rec_s(it, "role"), "lead") == 0 ||
                                               json_is_true(json_object_get(it, "confirmed")));
        if (r && !r->personal && signed_it && !rec_i(it, "from_case_id"))
            json_array_append_new(people, json_pack("{s:O, s:O, s:O}", "deputy_id",
                                                    json_object_get(it, "deputy_id"), "name",
                                                    json_object_get(it, "name"), "role",
                                                    json_object_get(it, "role")));
    }
    if (json_object_get(rec, "people"))
        json_object_set(rec, "people", people);
    json_decref(people);
    json_array_foreach(json_object_get(rec, "units"), i, it) {
        json_object_del(it, "return_reason");
        json_object_del(it, "state");
    }
    json_array_foreach(json_object_get(rec, "replies"), i, it) {
        if (!rec_s(it, "kind") || strcmp(rec_s(it, "kind"), "co_view") != 0)
            json_array_append(replies, it);
    }
    if (json_object_get(rec, "replies"))
        json_object_set(rec, "replies", replies);
    json_decref(replies);
}

void case_hide(const case_kind *k, json_t *rec, const principal *p) {
    bool office = case_is_staff(p) || p->role == ROLE_MEMBER;
    for (int i = 0; i < k->nfields; i++) {
        const field_def *f = &k->fields[i];
        if (((f->flags & FF_PRIVATE) && !office) ||
            ((f->flags & FF_PERSONAL) && p->role == ROLE_ANON))
            json_object_del(rec, f->name);
    }
    if (p->role == ROLE_ANON)
        public_shape(rec);
}

void case_decorate(json_t *rec, const case_clock *cl) {
    const char *st = rec_s(rec, "state");
    date_t due;
    bool open = st && (strcmp(st, "assigned") == 0 || strcmp(st, "rehandling") == 0);
    bool has_due = rec_s(rec, "due_on") && date_parse(rec_s(rec, "due_on"), &due);
    json_object_set_new(rec, "overdue", json_boolean(open && has_due && cl->today > due));
    json_object_set_new(rec, "due_soon",
                        json_boolean(open && has_due && due >= cl->today && due <= cl->soon));
}
