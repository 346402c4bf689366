/* petition.c — letters and visits (信访): registered by staff, then forwarded within
 * the setting's days or assigned with the setting's deadline (extended once). */
#include <stdio.h>
#include <string.h>

#include "domain/case/case.h"
#include "domain/settings.h"

#define TEXT_LEN 20000
#define NAME_LEN 100
#define PHONE_LEN 40
#define PEOPLE_MAX 100000

#define READERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER))

static const enum_value channels[] = {
    {.id = "letter", .zh = "来信", .en = "Letter"},
    {.id = "visit", .zh = "来访", .en = "Visit"},
    {.id = "online", .zh = "网上信访", .en = "Online"},
    {0},
};

static const field_def fields[] = {
    {.name = "channel",
     .label_zh = "渠道",
     .label_en = "Channel",
     .type = FT_ENUM,
     .flags = FF_REQUIRED | FF_FILTER,
     .values = channels},
    {.name = "person_times",
     .label_zh = "人次",
     .label_en = "Person-times",
     .type = FT_INT,
     .min = 1,
     .max = PEOPLE_MAX},
    {.name = "petitioner",
     .label_zh = "信访人",
     .label_en = "Petitioner",
     .type = FT_TEXT,
     .flags = FF_PERSONAL,
     .max_len = NAME_LEN},
    {.name = "phone",
     .label_zh = "联系电话",
     .label_en = "Phone",
     .type = FT_TEXT,
     .flags = FF_PRIVATE,
     .max_len = PHONE_LEN},
    {.name = "subject",
     .label_zh = "事由",
     .label_en = "Subject",
     .type = FT_TEXT,
     .max_len = NAME_LEN},
    {.name = "content",
     .label_zh = "内容",
     .label_en = "Content",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = TEXT_LEN},
    {.name = "received_on",
     .label_zh = "收到日期",
     .label_en = "Received on",
     .type = FT_DATE,
     .flags = FF_SORT | FF_REQUIRED},
    {.name = "forwarded_to",
     .label_zh = "转送单位",
     .label_en = "Forwarded to",
     .type = FT_TEXT,
     .flags = FF_ACTION_ONLY,
     .max_len = NAME_LEN},
    {.name = "forwarded_on",
     .label_zh = "转送日期",
     .label_en = "Forwarded on",
     .type = FT_DATE,
     .flags = FF_ACTION_ONLY},
};

/* The petitioner is owed the reply; staff record their feedback. */
static rc_t after_create(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e) {
    const char *name = json_string_value(json_object_get(rec, "petitioner"));
    return case_add_person(c, p->congress_id, case_id, 0, name, "petitioner", true, "petitioner",
                           e);
}

/* Every petition is registered with the day it arrived (the 15 days run from it): on
 * every path that writes one (create, update, import). */
static rc_t check(store_conn *c, int64_t congress_id, int64_t case_id, const char *action,
                  const json_t *rec, err *e) {
    if (strcmp(action, "create") != 0 && strcmp(action, "update") != 0)
        return RC_OK;
    const char *r = json_string_value(json_object_get(rec, "received_on"));
    if (!r || !*r)
        return err_set(e, RC_INVALID, "received_on", "received_on is required");
    return RC_OK;
}

/* act_forward — sent on to the organ that handles it, within the setting's days of
 * receipt; that ends the case here. */
static rc_t act_forward(act_ctx *a, err *e) {
    const char *to = NULL;
    date_t on = 0, received = 0;
    rc_t rc = act_text(a->in, "to", true, &to, e);
    if (rc == RC_OK)
        rc = act_date(a->in, "forwarded_on", a->today, &on, e);
    if (rc)
        return rc;
    const char *r = json_string_value(json_object_get(a->rec, "received_on"));
    if (!r || !date_parse(r, &received)) {
        r = json_string_value(json_object_get(a->rec, "submitted_on"));
        if (!r || !date_parse(r, &received))
            received = 0;
    }
    rc = case_date_check("forwarded_on", on, received, "the receipt", a->today, e);
    /* after petition_forward_days it is still forwarded (the letter must go somewhere)
     * and flagged late (cases.assigned_late), as a late assignment is */
    if (rc == RC_OK)
        rc = case_mark_assigned(a->c, a->id, on, e);
    if (rc)
        return rc;
    char on_s[11];
    date_format(on, on_s);
    json_t *set = json_pack("{s:s, s:s}", "forwarded_to", to, "forwarded_on", on_s);
    rc = case_kind_write(a->c, a->k, a->id, set, e);
    json_decref(set);
    return rc ? rc : case_close_today(a, e);
}

static const field_def in_forward[] = {
    {.name = "to",
     .label_zh = "转送单位",
     .label_en = "Forwarded to",
     .type = FT_TEXT,
     .flags = FF_REQUIRED,
     .max_len = NAME_LEN},
    {.name = "forwarded_on", .label_zh = "转送日期", .label_en = "Forwarded on", .type = FT_DATE},
    CASE_NOTE_INPUT,
};

static const case_transition own[] = {
    {.name = "forward",
     .from = CS_BIT(CS_SUBMITTED) | CS_BIT(CS_ACCEPTED),
     .to = CS_CLOSED,
     .who = CR_STAFF,
     .input = in_forward,
     .ninput = 3,
     .label_zh = "转送",
     .label_en = "Forward",
     .run = act_forward},
};

/* person-times, beside the cases counted (信访 counts both). */
static rc_t stats(store_conn *c, const principal *p, const list_query *q, const char *set_sql,
                  const store_params *b, json_t *res, err *e) {
    char sql[4096];
    int64_t n = 0;
    snprintf(sql, sizeof sql,
             "SELECT COALESCE(SUM(person_times), 0) FROM petitions WHERE "
             "case_id IN (%s)",
             set_sql);
    rc_t rc = store_one_int(c, sql, b, &n, e);
    json_object_set_new(res, "person_times", json_integer(n));
    return rc;
}

const case_kind petition_kind = {
    .name = "petition",
    .plural = "petitions",
    .label_zh = "信访件",
    .label_en = "Letters and visits",
    .icon = "Message",
    .menu_roles = READERS | ROLE_BIT(ROLE_UNIT),
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
    .initial = CS_SUBMITTED,
    .number_zh = "信访",
    .actions = CA_ALL & ~CA_BIT(CA_CONFIRM),
    .own = own,
    .nown = sizeof own / sizeof own[0],
    .reply = {.setting = "petition_reply_days", .unit = DUE_DAYS},
    .extension = {.rule = EXTEND_ONCE_BY, .setting = "petition_extension_days"},
    .group_field = "channel",
    .received_field = "received_on",
    .after_create = after_create,
    .stats = stats,
    .check = check,
    .assign_within = {.setting = "petition_forward_days", .unit = DUE_DAYS},
};
