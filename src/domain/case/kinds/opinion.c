/* opinion.c — voters' opinions raised at a liaison station's reception: staff register
 * each one, transfer it to a unit and record the voter's feedback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case/case.h"

#define TEXT_LEN 20000
#define NAME_LEN 100
#define PHONE_LEN 40
#define RECEPTION_SQL_MAX 512

#define READERS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER))

static const field_def fields[] = {
    {.name = "reception_id",
     .label_zh = "接待",
     .label_en = "Reception",
     .type = FT_REF,
     .flags = FF_FILTER,
     .ref = "receptions"},
    {.name = "voter_name",
     .label_zh = "选民",
     .label_en = "Voter",
     .type = FT_TEXT,
     .flags = FF_PERSONAL,
     .max_len = NAME_LEN},
    {.name = "voter_phone",
     .label_zh = "选民电话",
     .label_en = "Voter's phone",
     .type = FT_TEXT,
     .flags = FF_PRIVATE,
     .max_len = PHONE_LEN},
    {.name = "content",
     .label_zh = "内容",
     .label_en = "Content",
     .type = FT_TEXT,
     .flags = FF_LONG,
     .max_len = TEXT_LEN},
};

static rc_t after_create(store_conn *c, const principal *p, int64_t case_id, const json_t *rec,
                         const json_t *in, err *e) {
    const char *name = json_string_value(json_object_get(rec, "voter_name"));
    rc_t rc = case_add_person(c, p->congress_id, case_id, 0, name, "voter", true, "voter_name", e);
    /* the voter raised it at the reception: that day is its submission (what its
     * assignment may not precede), not the day staff registered it */
    store_params b = {.n = 0};
    store_param_int(&b, case_id);
    store_param_int(&b, case_id);
    if (rc == RC_OK && json_is_integer(json_object_get(rec, "reception_id")))
        rc = store_run(c,
                       "UPDATE cases SET submitted_on = COALESCE((SELECT r.held_on FROM "
                       "receptions r JOIN opinions o ON o.reception_id = r.id WHERE o.case_id = ? "
                       "AND r.held_on <= cases.submitted_on), submitted_on) WHERE id = ?",
                       &b, NULL, e);
    return rc;
}

/* the receptions the opinions come from: how many, at how many stations, voters
 * received — of the caller's congress, in the year asked for */
static rc_t stats(store_conn *c, const principal *p, const list_query *q, const char *set_sql,
                  const store_params *set_values, json_t *res, err *e) {
    char sql[RECEPTION_SQL_MAX] = "SELECT COUNT(*), COUNT(DISTINCT station_id), "
                                  "COALESCE(SUM(voters_received), 0) FROM receptions WHERE 1 = 1";
    store_params b = {.n = 0};
    const char *year = query_param_get(q, "year");
    if (p->congress_id) {
        strcat(sql, " AND congress_id = ?");
        store_param_int(&b, p->congress_id);
    }
    char from[16], to[16];
    if (year) {
        snprintf(from, sizeof from, "%.4s", year);
        snprintf(to, sizeof to, "%04d", (int)(strtol(year, NULL, 10) % 10000) + 1);
        strcat(sql, " AND held_on >= ? AND held_on < ?");
        store_param_text(&b, from);
        store_param_text(&b, to);
    }
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c, sql, &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        json_object_set_new(res, "receptions", json_integer(store_column_int(st, 0)));
        json_object_set_new(res, "stations", json_integer(store_column_int(st, 1)));
        json_object_set_new(res, "voters_received", json_integer(store_column_int(st, 2)));
    }
    store_finish(st);
    return rc;
}

const case_kind opinion_kind = {
    .name = "opinion",
    .plural = "opinions",
    .label_zh = "选民意见",
    .label_en = "Voters' opinions",
    .icon = "ChatDotRound",
    .menu_roles = READERS | ROLE_BIT(ROLE_UNIT),
    .fields = fields,
    .nfields = sizeof fields / sizeof fields[0],
    .initial = CS_SUBMITTED,
    .number_zh = "意见",
    .actions = CA_ALL & ~(CA_BIT(CA_CONFIRM) | CA_BIT(CA_DECLINE)),
    .reply = {.setting = "reply_months", .unit = DUE_MONTHS},
    .reply_difficult = {.setting = "reply_months_difficult", .unit = DUE_MONTHS},
    .extension = {.rule = EXTEND_TO_DATE},
    .after_create = after_create,
    .stats = stats,
};
