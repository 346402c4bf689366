/* people.c — who a case is for and who someone is to it: the people owed a reply (by
 * role, as data), the cosigners, and the caller's own part (case_me) that the actions'
 * rules read. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"
#include "domain/settings.h"

const people_role case_people_roles[] = {
    {.id = "lead", .zh = "领衔代表", .en = "Lead deputy", .deputy = true},
    {.id = "cosigner", .zh = "附议代表", .en = "Cosigner", .deputy = true},
    {.id = "voter", .zh = "选民", .en = "Voter", .personal = true},
    {.id = "petitioner", .zh = "信访人", .en = "Petitioner", .personal = true},
    {0},
};

const people_role *case_people_role(const char *id) {
    for (const people_role *r = case_people_roles; r->id && id; r++)
        if (strcmp(r->id, id) == 0)
            return r;
    return NULL;
}

const char *rec_s(const json_t *rec, const char *key) {
    return json_string_value(json_object_get(rec, key));
}

int64_t rec_i(const json_t *rec, const char *key) {
    const json_t *v = json_object_get(rec, key);
    if (json_is_boolean(v))
        return json_is_true(v);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

bool case_is_staff(const principal *p) { return p->role == ROLE_STAFF || p->role == ROLE_ADMIN; }

void case_param_user(store_params *b, const principal *p) {
    if (p->user_id)
        store_param_int(b, p->user_id);
    else
        store_param_text(b, NULL);
}

rc_t case_add_person(store_conn *c, int64_t congress_id, int64_t case_id, int64_t deputy_id,
                     const char *name, const char *role, bool confirmed, const char *field,
                     err *e) {
    char dname[NAME_MAX_BYTES] = "";
    const people_role *r = case_people_role(role);
    if (!r)
        return err_set(e, RC_INTERNAL, field, "no people role %s", role ? role : "(none)");
    if (deputy_id) {
        store_params b = {.n = 0};
        bool found = false;
        store_param_int(&b, deputy_id);
        store_param_int(&b, congress_id);
        rc_t rc = store_one_text(c,
                                 "SELECT p.name FROM deputies d JOIN persons p ON p.id = "
                                 "d.person_id WHERE d.id = ? AND d.congress_id = ?",
                                 &b, dname, sizeof dname, &found, e);
        if (rc)
            return rc;
        if (!found)
            return err_set(e, RC_INVALID, field, "deputy %lld is not a deputy of this congress",
                           (long long)deputy_id);
        name = dname;
    }
    store_params b = {.n = 0};
    store_param_int(&b, case_id);
    if (deputy_id)
        store_param_int(&b, deputy_id);
    else
        store_param_text(&b, NULL);
    store_param_text(&b, name && *name ? name : r->zh);
    store_param_text(&b, role);
    store_param_int(&b, confirmed ? 1 : 0);
    return store_run(c,
                     "INSERT INTO case_people (case_id, deputy_id, name, role, confirmed) "
                     "VALUES (?, ?, ?, ?, ?)",
                     &b, NULL, e);
}

rc_t case_signers(store_conn *c, int64_t case_id, int64_t *n, err *e) {
    store_params b = {.n = 0};
    store_param_int(&b, case_id);
    *n = 0;
    return store_one_int(c,
                         "SELECT COUNT(*) FROM case_people WHERE case_id = ? AND from_case_id "
                         "IS NULL AND role IN ('lead','cosigner') AND confirmed = 1",
                         &b, n, e);
}

static bool listed(const json_t *list, int64_t id) {
    size_t j;
    const json_t *w;
    json_array_foreach(list, j, w) {
        if (json_integer_value(w) == id)
            return true;
    }
    return false;
}

rc_t case_set_cosigners(store_conn *c, int64_t congress_id, int64_t case_id, int64_t lead,
                        const json_t *list, err *e) {
    if (!json_is_array(list) || json_array_size(list) > REFS_MAX)
        return err_set(e, RC_INVALID, "cosigners", "cosigners must be a list of deputy ids");
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return err_set(e, RC_INVALID, "cosigners", "cosigners must be a list of deputy ids");
        if (json_integer_value(v) == lead)
            return err_set(e, RC_INVALID, "cosigners", "the lead deputy is not also a cosigner");
        for (size_t j = 0; j < i; j++)
            if (json_integer_value(json_array_get(list, j)) == json_integer_value(v))
                return err_set(e, RC_INVALID, "cosigners", "deputy %lld is listed twice",
                               (long long)json_integer_value(v));
    }
    static const field_def cols[] = {
        {.name = "id", .type = FT_INT},
        {.name = "deputy_id", .type = FT_REF},
    };
    json_t *old = json_array(), *kept = json_array();
    store_params b = {.n = 0};
    store_param_int(&b, case_id);
    rc_t rc = case_rows_json(c,
                             "SELECT id, deputy_id FROM case_people WHERE case_id = ? AND "
                             "role = 'cosigner' AND from_case_id IS NULL",
                             &b, cols, 2, old, e);
    json_array_foreach(old, i, v) {
        int64_t deputy = rec_i(v, "deputy_id");
        json_array_append_new(kept, json_integer(deputy));
        if (rc == RC_OK && !listed(list, deputy)) {
            store_params d = {.n = 0};
            store_param_int(&d, rec_i(v, "id"));
            rc = store_run(c, "DELETE FROM case_people WHERE id = ?", &d, NULL, e);
        }
    }
    json_array_foreach(list, i, v) {
        if (rc == RC_OK && !listed(kept, json_integer_value(v)))
            rc = case_add_person(c, congress_id, case_id, json_integer_value(v), NULL, "cosigner",
                                 false, "cosigners", e);
    }
    json_decref(old);
    json_decref(kept);
    return rc;
}

/* me_people — the caller's entries among the case's people (a deputy may be lead and
 * owed through a merged case at once) and whether they rated this round. */
static void me_people(const principal *p, const json_t *rec, case_me *me) {
    int64_t round = rec_i(rec, "round");
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(rec, "people"), i, x) {
        if (p->role != ROLE_DEPUTY || !p->deputy_id || rec_i(x, "deputy_id") != p->deputy_id)
            continue;
        const char *role = rec_s(x, "role");
        bool own = rec_i(x, "from_case_id") == 0;
        /* a cosigner who never confirmed did not join: not owed the reply, not asked to
         * rate it (still a cosigner, who may confirm while the case is open to it) */
        if (case_person_owed(x)) {
            me->who |= CR_OWED;
            if (!me->person_id)
                me->person_id = rec_i(x, "id");
        }
        if (own && role && strcmp(role, "lead") == 0)
            me->who |= CR_LEAD;
        if (own && role && strcmp(role, "cosigner") == 0) {
            me->who |= CR_COSIGNER;
            me->unconfirmed = !rec_i(x, "confirmed");
        }
    }
    json_array_foreach(json_object_get(rec, "feedback"), i, x) {
        if (me->person_id && rec_i(x, "person_id") == me->person_id && rec_i(x, "round") == round)
            me->rated = true;
    }
    if (!(me->who & CR_STAFF))
        return;
    /* staff confirm the cosigners whose signatures are on a paper submission */
    json_array_foreach(json_object_get(rec, "people"), i, x) {
        const char *role = rec_s(x, "role");
        if (role && strcmp(role, "cosigner") == 0 && !rec_i(x, "from_case_id") &&
            !rec_i(x, "confirmed"))
            me->cosigners_unconfirmed = true;
    }
    /* staff record the feedback of the people without an account */
    json_array_foreach(json_object_get(rec, "people"), i, x) {
        if (rec_i(x, "deputy_id"))
            continue;
        bool rated = false;
        size_t j;
        json_t *f;
        json_array_foreach(json_object_get(rec, "feedback"), j, f) {
            rated =
                rated || (rec_i(f, "person_id") == rec_i(x, "id") && rec_i(f, "round") == round);
        }
        me->others_unrated = me->others_unrated || !rated;
    }
}

/* me_unit — the caller's unit's part, its B-class replies and pending requests. */
static void me_unit(const principal *p, const json_t *rec, case_me *me) {
    size_t i;
    json_t *x;
    if (p->role != ROLE_UNIT || !p->unit_id)
        return;
    json_array_foreach(json_object_get(rec, "units"), i, x) {
        if (rec_i(x, "unit_id") != p->unit_id)
            continue;
        me->who |= CR_UNIT;
        snprintf(me->unit_role, sizeof me->unit_role, "%s",
                 rec_s(x, "role") ? rec_s(x, "role") : "");
        snprintf(me->unit_state, sizeof me->unit_state, "%s",
                 rec_s(x, "state") ? rec_s(x, "state") : "");
        if (!rec_s(x, "assigned_on") || !date_parse(rec_s(x, "assigned_on"), &me->unit_assigned_on))
            me->unit_assigned_on = 0;
    }
    json_array_foreach(json_object_get(rec, "replies"), i, x) {
        const char *cls = rec_s(x, "class"), *kind = rec_s(x, "kind");
        if (rec_i(x, "unit_id") == p->unit_id && cls && strcmp(cls, "B") == 0 && kind &&
            strcmp(kind, "co_view") != 0)
            me->unit_b_reply = true;
    }
    json_array_foreach(json_object_get(rec, "extensions"), i, x) {
        const char *st = rec_s(x, "state");
        if (rec_i(x, "unit_id") == p->unit_id && st && strcmp(st, "requested") == 0)
            me->unit_asked = true;
    }
}

void case_people_actions(json_t *rec, const json_t *actions, const case_me *me) {
    bool confirm = false;
    size_t i;
    json_t *x;
    json_array_foreach(actions, i, x) {
        confirm =
            confirm || strcmp(json_string_value(x) ? json_string_value(x) : "", "confirm") == 0;
    }
    if (!confirm || !(me->who & CR_STAFF))
        return;
    json_array_foreach(json_object_get(rec, "people"), i, x) {
        const char *role = rec_s(x, "role");
        bool open = role && strcmp(role, "cosigner") == 0 && !rec_i(x, "from_case_id") &&
                    !rec_i(x, "confirmed");
        json_object_set_new(x, "actions", open ? json_pack("[s]", "confirm") : json_array());
    }
}

rc_t case_me_of(store_conn *c, const principal *p, const json_t *rec, case_me *me, err *e) {
    memset(me, 0, sizeof *me);
    if (case_is_staff(p) && (p->role == ROLE_ADMIN || p->congress_id == rec_i(rec, "congress_id")))
        me->who |= CR_STAFF;
    me_people(p, rec, me);
    me_unit(p, rec, me);
    me->lead_waits = true; /* the setting's default when there is no store to read */
    if (c) {
        int64_t congress = rec_i(rec, "congress_id");
        me->today = case_today(c, congress);
        me->lead_waits = settings_get(c, congress, "lead_waits_for_co_units") != 0;
    }
    (void)e;
    return RC_OK;
}
