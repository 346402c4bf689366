/* proposal.c — deputies' motions (议案) and suggestions (建议): the fields of the
 * proposals table and the rules DOMAIN.md gives them; everything else is case.c. */
#include <string.h>

#include "domain/case.h"
#include "domain/settings.h"

#define BODY_LEN 20000
#define SESSION_NUMBER_MAX 100

static const enum_value proposal_kinds[] = {
    {"motion", "议案", "motion"}, {"suggestion", "建议", "suggestion"}, {NULL, NULL, NULL}};

static const field_def fields[] = {
    {"kind", "类型", "Kind", FT_ENUM, FF_REQUIRED, .values = proposal_kinds},
    {"body", "内容", "Text", FT_TEXT, FF_LONG, .max_len = BODY_LEN},
    {"reason", "案由", "Reason", FT_TEXT, FF_LONG, .max_len = BODY_LEN},
    {"grounds", "案据", "Grounds", FT_TEXT, FF_LONG, .max_len = BODY_LEN},
    {"solution", "方案", "Solution", FT_TEXT, FF_LONG, .max_len = BODY_LEN},
    {"lead_deputy_id", "领衔代表编号", "Lead deputy", FT_REF, FF_REQUIRED, .ref = "deputies"},
    {"term_id", "届次编号", "Term", FT_REF, 0, .ref = "terms"},
    {"during_session", "大会期间", "During a plenary session", FT_INT, FF_BOOL, .max = 1},
    {"session_number", "会议次数", "Session", FT_INT, 0, .min = 1, .max = SESSION_NUMBER_MAX},
};

/* The lead deputy signs by writing it; cosigners are invited and confirm. */
static rc_t after_create(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e) {
    int64_t lead = json_integer_value(json_object_get(rec, "lead_deputy_id"));
    rc_t rc = case_add_person(c, p->congress_id, case_id, lead, NULL, "lead", true,
                              "lead_deputy_id", e);
    const json_t *cosigners = json_object_get(in, "cosigners");
    if (rc == RC_OK && cosigners)
        rc = case_set_cosigners(c, p->congress_id, case_id, lead, cosigners, e);
    return rc;
}

static bool is_motion(const json_t *rec) {
    const char *k = json_string_value(json_object_get(rec, "kind"));
    return k && strcmp(k, "motion") == 0;
}

/* A motion needs a plenary session and the setting's number of signers (lead plus
 * confirmed cosigners); only suggestions are declined; only motions converted. */
static rc_t check_action(store_conn *c, int64_t congress_id, int64_t case_id, const char *action,
                         const json_t *rec, err *e) {
    if (strcmp(action, "submit") == 0 && is_motion(rec)) {
        if (!json_is_true(json_object_get(rec, "during_session")))
            return err_set(e, RC_INVALID, "during_session",
                           "a motion is tabled only during a plenary session; send it as a "
                           "suggestion between sessions");
        int64_t n = 0;
        long long need = settings_get(c, congress_id, "motion_min_deputies");
        rc_t rc = case_signers(c, case_id, &n, e);
        if (rc)
            return rc;
        if (n < need)
            return err_set(e, RC_INVALID, "cosigners",
                           "a motion needs %lld deputies jointly; it has %lld (the lead and the "
                           "cosigners who confirmed)", need, (long long)n);
    }
    if (strcmp(action, "decline") == 0 && is_motion(rec))
        return err_set(e, RC_CONFLICT, "kind", "a motion is not declined; convert it into a "
                       "suggestion first");
    if (strcmp(action, "convert") == 0 && !is_motion(rec))
        return err_set(e, RC_CONFLICT, "kind", "only a motion is converted into a suggestion");
    if (strcmp(action, "forward") == 0)
        return err_set(e, RC_CONFLICT, NULL, "only letters and visits are forwarded");
    return RC_OK;
}

const case_kind proposal_kind = {
    "proposal", "proposals", "议案建议", "kind",
    fields, sizeof fields / sizeof fields[0],
    CS_DRAFT, true, after_create, check_action,
};
