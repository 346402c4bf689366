/* opinion.c — voters' opinions raised at a liaison station's reception: staff
 * register each one, transfer it to a unit and record the voter's feedback. */
#include <string.h>

#include "domain/case.h"

#define TEXT_LEN 20000
#define NAME_LEN 100
#define PHONE_LEN 40

static const field_def fields[] = {
    {"reception_id", "接待编号", "Reception", FT_REF, 0, .ref = "receptions"},
    {"voter_name", "选民", "Voter", FT_TEXT, 0, .max_len = NAME_LEN},
    {"voter_phone", "选民电话", "Voter's phone", FT_TEXT, 0, .max_len = PHONE_LEN},
    {"content", "内容", "Content", FT_TEXT, FF_LONG, .max_len = TEXT_LEN},
};

static rc_t after_create(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e) {
    const char *name = json_string_value(json_object_get(rec, "voter_name"));
    return case_add_person(c, p->congress_id, case_id, 0, name ? name : "选民", "voter", true,
                           "voter_name", e);
}

static rc_t check_action(store_conn *c, int64_t congress_id, int64_t case_id, const char *action,
                         const json_t *rec, err *e) {
    static const char *const none[] = {"convert", "confirm", "forward", "decline", NULL};
    for (int i = 0; none[i]; i++)
        if (strcmp(none[i], action) == 0)
            return err_set(e, RC_CONFLICT, NULL, "voters' opinions have no %s", action);
    return RC_OK;
}

const case_kind opinion_kind = {
    "opinion", "opinions", "选民意见", NULL,
    fields, sizeof fields / sizeof fields[0],
    CS_SUBMITTED, false, after_create, check_action,
};
