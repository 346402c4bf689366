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

static const case_field fields[] = {
    {"channel", FT_ENUM, true, 0, 0, 0, channels, NULL, false},
    {"person_times", FT_INT, false, 0, 1, PEOPLE_MAX, NULL, NULL, false},
    {"petitioner", FT_TEXT, false, NAME_LEN, 0, 0, NULL, NULL, false},
    {"phone", FT_TEXT, false, PHONE_LEN, 0, 0, NULL, NULL, false},
    {"subject", FT_TEXT, false, NAME_LEN, 0, 0, NULL, NULL, false},
    {"content", FT_TEXT, false, TEXT_LEN, 0, 0, NULL, NULL, false},
    {"received_on", FT_DATE, false, 0, 0, 0, NULL, NULL, false},
    {"forwarded_to", FT_TEXT, false, NAME_LEN, 0, 0, NULL, NULL, true},
    {"forwarded_on", FT_DATE, false, 0, 0, 0, NULL, NULL, true},
    {"extended", FT_INT, false, 0, 0, 1, NULL, NULL, true},
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
    CS_SUBMITTED, false, after_create, check_action,
};
