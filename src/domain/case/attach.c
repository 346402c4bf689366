/* attach.c — the case engine's side of attachments (domain/attachment/): who may add
 * files to a case, and a reply citing the files its unit uploaded (the stamped reply
 * letter). The files themselves, their types and storage are the attachment module's. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

bool case_may_attach(const json_t *rec, const case_me *me) {
    case_state state = CS_DRAFT;
    if (!case_state_parse(rec_s(rec, "state"), &state))
        return false;
    /* the office keeps a case's papers whatever its state */
    if (me->who & CR_STAFF)
        return true;
    /* a unit, while its part is open: the letter goes with the reply it is writing */
    if ((me->who & CR_UNIT) && strcmp(me->unit_state, "assigned") == 0 &&
        (state == CS_ASSIGNED || state == CS_REHANDLING))
        return true;
    /* the lead deputy, while the case is still theirs to change */
    return (me->who & CR_LEAD) && (state == CS_DRAFT || state == CS_SUBMITTED);
}

rc_t case_attach_access(store_conn *c, const case_kind *k, const principal *p, int64_t id,
                        case_attach_rights *out, err *e) {
    const int depth = store_depth(c);
    json_t *rec = NULL;
    case_me me;
    memset(out, 0, sizeof *out);
    rc_t rc = store_begin(c, false, e);
    if (rc == RC_OK)
        rc = case_load(c, k, p, id, false, &rec, e);
    if (rc == RC_OK)
        rc = case_me_of(c, p, rec, &me, e);
    if (rc == RC_OK) {
        out->congress_id = rec_i(rec, "congress_id");
        out->may_attach = case_may_attach(rec, &me);
        out->staff = (me.who & CR_STAFF) != 0;
    }
    store_unwind(c, depth);
    json_decref(rec);
    return rc;
}

rc_t case_reply_cite(act_ctx *a, err *e) {
    const json_t *ids = json_object_get(a->in, "attachment_ids");
    if (!json_array_size(ids))
        return RC_OK;
    int64_t reply = 0;
    store_params r = {.n = 0};
    store_param_int(&r, a->id);
    store_param_int(&r, a->p->unit_id);
    rc_t rc = store_one_int(
        a->c, "SELECT MAX(id) FROM case_replies WHERE case_id = ? AND unit_id = ?", &r, &reply, e);
    size_t i;
    const json_t *v;
    json_array_foreach(ids, i, v) {
        if (rc)
            break;
        int64_t id = json_integer_value(v), mine = 0;
        store_params b = {.n = 0};
        store_param_int(&b, id);
        store_param_int(&b, a->id);
        store_param_int(&b, a->p->unit_id);
        rc = store_one_int(a->c,
                           "SELECT COUNT(*) FROM attachments x WHERE x.id = ? AND x.case_id = ? "
                           "AND x.unit_id = ? AND NOT EXISTS (SELECT 1 FROM "
                           "case_reply_attachments ra WHERE ra.attachment_id = x.id)",
                           &b, &mine, e);
        if (rc == RC_OK && !mine)
            rc = err_set(e, RC_INVALID, "attachment_ids",
                         "attachment %lld is not a file your unit uploaded to this case for "
                         "a reply not yet sent",
                         (long long)id);
        store_params l = {.n = 0};
        store_param_int(&l, reply);
        store_param_int(&l, id);
        if (rc == RC_OK)
            rc = store_run(a->c,
                           "INSERT INTO case_reply_attachments (reply_id, attachment_id) "
                           "VALUES (?, ?)",
                           &l, NULL, e);
        if (rc == RC_CONFLICT) /* the same file named twice */
            rc = err_set(e, RC_INVALID, "attachment_ids", "attachment %lld is listed twice",
                         (long long)id);
    }
    return rc;
}
