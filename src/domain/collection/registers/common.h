/* common.h — what the supervision and office registers' field tables share
 * (supervision.c, filing.c, budget.c, office.c; docs/registers.md): the roles, the
 * lengths, and the fields every register has in the same shape (its congress and term,
 * the participants, the units and the meeting). Private to those files; the rules they
 * share are rules.c's (registers.h). */
#ifndef RENDA_REGISTERS_COMMON_H
#define RENDA_REGISTERS_COMMON_H

#include "domain/collection/registers/registers.h"

#define REG_SHORT_LEN 200
#define REG_TEXT_LEN 2000
#define REG_LONG_LEN 100000
#define REG_COUNT_MAX 1000000
/* a decimal amount in hundredths: up to ten thousand million (万元) */
#define REG_AMOUNT_MAX 1000000000000LL

#define REG_OFFICE (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define REG_READERS (REG_OFFICE | ROLE_BIT(ROLE_MEMBER))
#define REG_WITH_DEPUTIES (REG_READERS | ROLE_BIT(ROLE_DEPUTY))
/* a unit reads the records naming it (collection_def.unit_field) */
#define REG_WITH_UNITS (REG_READERS | ROLE_BIT(ROLE_UNIT))

#define REG_CONGRESS                                                                               \
    {                                                                                              \
        .name = "congress_id", .label_zh = "所属人大", .label_en = "Congress", .type = FT_REF,     \
        .flags = FF_REQUIRED | FF_FILTER | FF_PUBLIC, .ref = "congresses"                          \
    }
/* given, or the congress's term covering the main date (register_prepare) */
#define REG_TERM                                                                                   \
    {                                                                                              \
        .name = "term_id", .label_zh = "届次", .label_en = "Term", .type = FT_REF,                 \
        .flags = FF_FILTER | FF_PUBLIC, .ref = "terms"                                             \
    }
/* The record's title: what lists show and search finds first. */
#define REG_TITLE(n, zh, en)                                                                       \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_TEXT,                                \
        .flags = FF_REQUIRED | FF_SEARCH | FF_SORT, .max_len = REG_SHORT_LEN                       \
    }
#define REG_TEXT(n, zh, en, fl)                                                                    \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_TEXT, .flags = fl,                   \
        .max_len = REG_SHORT_LEN                                                                   \
    }
#define REG_LONG(n, zh, en)                                                                        \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_TEXT, .flags = FF_LONG | FF_SEARCH,  \
        .max_len = REG_LONG_LEN                                                                    \
    }
/* The record's date: year=, /counts?by=year (not more than a year ahead: register_span) */
#define REG_MAIN_DATE(n, zh, en)                                                                   \
    { .name = n, .label_zh = zh, .label_en = en, .type = FT_DATE, .flags = FF_SORT | FF_MAIN_DATE }
#define REG_DATE(n, zh, en)                                                                        \
    { .name = n, .label_zh = zh, .label_en = en, .type = FT_DATE, .flags = FF_SORT }
#define REG_ENDS_ON REG_DATE("ends_on", "结束日期", "Ends on")
#define REG_COUNT(n, zh, en)                                                                       \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_INT, .flags = FF_SORT,               \
        .max = REG_COUNT_MAX                                                                       \
    }
#define REG_ENUM(n, zh, en, vals, fl)                                                              \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_ENUM, .flags = FF_FILTER | fl,       \
        .values = vals                                                                             \
    }
#define REG_COMMITTEE                                                                              \
    {                                                                                              \
        .name = "committee_id", .label_zh = "牵头委员会", .label_en = "Lead committee",            \
        .type = FT_REF, .flags = FF_FILTER, .ref = "committees"                                    \
    }
#define REG_MEETING(zh, en, fl)                                                                    \
    {                                                                                              \
        .name = "meeting_id", .label_zh = zh, .label_en = en, .type = FT_REF,                      \
        .flags = FF_FILTER | fl, .ref = "meetings"                                                 \
    }
#define REG_UNIT(n, zh, en)                                                                        \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_REF,                                 \
        .flags = FF_REQUIRED | FF_FILTER | FF_SEARCH, .ref = "units"                               \
    }
/* Participants and units: link tables <one>_deputies, <one>_members, <one>_units
 * (013_registers.sql); ?deputy_ids=5 and /counts?by=deputy_ids count the person-times. */
#define REG_LINKS(n, zh, en, rf, one, table, col)                                                  \
    {                                                                                              \
        .name = n, .label_zh = zh, .label_en = en, .type = FT_REFS, .flags = FF_FILTER, .ref = rf, \
        .link_table = one "_" table, .link_owner = one "_id", .link_ref = col                      \
    }
#define REG_DEPUTIES(one, zh, en)                                                                  \
    REG_LINKS("deputy_ids", zh, en, "deputies", one, "deputies", "deputy_id")
#define REG_MEMBERS(one, zh, en)                                                                   \
    REG_LINKS("member_ids", zh, en, "members", one, "members", "member_id")
#define REG_UNITS(one, zh, en) REG_LINKS("unit_ids", zh, en, "units", one, "units", "unit_id")

#define REG_FIELDS(a) .fields = a, .nfields = sizeof a / sizeof a[0]

#endif
