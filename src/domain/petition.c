/* petition.c — letters and visits (信访): registered by staff, then forwarded within
 * the setting's days or assigned with the 60-day deadline (one extension, case.c). */
#include <string.h>

#include "domain/case.h"

#define TEXT_LEN 20000
#define NAME_LEN 100
#define PHONE_LEN 40
#define PEOPLE_MAX 100000

static const enum_value channels[] = {{"letter", "来信", "letter"},
                                      {"visit", "来访", "visit"},
                                      {"online", "网上信访", "online"},
                                      {NULL, NULL, NULL}};

static const field_def fields[] = {
    {"channel", "渠道", "Channel", FT_ENUM, FF_REQUIRED, .values = channels},
    {"person_times", "人次", "Person-times", FT_INT, 0, .min = 1, .max = PEOPLE_MAX},
    {"petitioner", "信访人", "Petitioner", FT_TEXT, 0, .max_len = NAME_LEN},
    {"phone", "联系电话", "Phone", FT_TEXT, 0, .max_len = PHONE_LEN},
    {"subject", "事由", "Subject", FT_TEXT, 0, .max_len = NAME_LEN},
    {"content", "内容", "Content", FT_TEXT, FF_LONG, .max_len = TEXT_LEN},
    {"received_on", "收到日期", "Received on", FT_DATE, 0},
    {"forwarded_to", "转送单位", "Forwarded to", FT_TEXT, FF_ACTION_ONLY, .max_len = NAME_LEN},
    {"forwarded_on", "转送日期", "Forwarded on", FT_DATE, FF_ACTION_ONLY},
    {"extended", "已延期", "Extended", FT_INT, FF_BOOL | FF_ACTION_ONLY, .max = 1},
};

/* The petitioner is owed the reply; staff record their feedback. */
static rc_t after_create(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e) {
    const char *name = json_string_value(json_object_get(rec, "petitioner"));
    return case_add_person(c, p->congress_id, case_id, 0, name ? name : "信访人", "petitioner",
                           true, "petitioner", e);
}

static rc_t check_action(store_conn *c, int64_t congress_id, int64_t case_id, const char *action,
                         const json_t *rec, err *e) {
    if (strcmp(action, "convert") == 0 || strcmp(action, "confirm") == 0)
        return err_set(e, RC_CONFLICT, NULL, "letters and visits have no %s", action);
    return RC_OK;
}

const case_kind petition_kind = {
    "petition", "petitions", "信访", "channel",
    fields, sizeof fields / sizeof fields[0],
    CS_SUBMITTED, false, after_create, check_action, "received_on",
};
