#include "domain/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/date.h"
#include "base/log.h"

/* The registry. Keep DOMAIN.md's defaults here; docs/settings.md lists them. */
const setting_def settings_defs[] = {
    /* server (installation, congress 0) */
    {"http_max_body", "请求体上限", "Maximum request body", 1048576, 1024, 268435456, "bytes"},
    {"http_max_header", "请求头上限", "Maximum request header memory", 32768, 4096, 1048576,
     "bytes"},
    {"http_connection_timeout", "连接超时", "Idle connection timeout", 30, 1, 3600, "seconds"},
    {"http_max_connections", "最大连接数", "Maximum connections", 1024, 1, 100000, "connections"},
    {"session_ttl_minutes", "会话有效期", "Session lifetime", 720, 5, 43200, "minutes"},
    {"login_max_failures", "登录失败次数上限", "Failed logins before throttling", 5, 1, 100,
     "attempts"},
    {"login_failure_window_minutes", "登录失败计数窗口", "Failed-login window", 15, 1, 1440,
     "minutes"},
    {"per_page_max", "每页条数上限", "Maximum page size", 500, 10, 5000, "rows"},
    /* proposals and suggestions (代表法; DOMAIN.md) */
    {"motion_min_deputies", "议案最少联名代表数", "Deputies needed for a motion", 10, 1, 100,
     "deputies"},
    {"suggestion_assign_working_days", "建议交办期限", "Days to assign a suggestion", 5, 1, 60,
     "working days"},
    {"case_return_working_days", "退回期限", "Days for a unit to return a case", 7, 1, 60,
     "working days"},
    {"reply_months", "答复期限", "Months to reply", 3, 1, 12, "months"},
    {"reply_months_difficult", "复杂件答复期限", "Months to reply (difficult)", 6, 1, 24, "months"},
    {"co_unit_view_months", "协办意见期限", "Months for a co-unit's view", 1, 1, 12, "months"},
    {"rehandle_months", "重办期限", "Months to re-handle", 1, 1, 12, "months"},
    {"reply_class_count", "答复分类数（A起）", "Reply classes (from A)", 4, 2, 26, "classes"},
    {"due_soon_working_days", "临期提醒", "Due soon within", 5, 0, 60, "working days"},
    {"utc_offset_minutes", "本地时区（与UTC相差分钟）", "Local time (minutes east of UTC)", 480,
     -720, 840, "minutes"},
    /* supervision, appointments, filing review, petitions */
    {"deliberation_report_months", "审议意见办理报告期限", "Months to report on opinions", 2, 1,
     12, "months"},
    {"nomination_days_before", "提请任免提前天数", "Days a nomination is filed before", 10, 1, 60,
     "days"},
    {"law_exam_pass_mark", "法律知识考试合格分", "Law exam pass mark", 60, 0, 100, "points"},
    {"law_exam_required", "考试合格方可表决", "Pass required before the vote", 1, 0, 1, "0/1"},
    {"filing_days", "备案期限", "Days to file a document", 30, 1, 365, "days"},
    {"filing_response_months", "制定机关回复期限", "Months for the issuer to respond", 2, 1, 12,
     "months"},
    {"petition_forward_days", "信访转送期限", "Days to forward a petition", 15, 1, 90, "days"},
    {"petition_reply_days", "信访办理期限", "Days to handle a petition", 60, 1, 365, "days"},
    {"petition_extension_days", "信访延期天数", "Petition extension", 30, 0, 365, "days"},
    /* livelihood projects, duty points */
    {"ballot_majority_of_all", "票决过半数基数（1=全体代表）", "Majority of all deputies (1) or present (0)",
     1, 0, 1, "0/1"},
    {"ballot_reject_overvote", "超额赞成票无效", "Ballot with too many yes marks is invalid", 1,
     0, 1, "0/1"},
    {"duty_points_good", "履职优秀分", "Duty points for good", 80, 0, 1000, "points"},
    {"duty_points_fair", "履职合格分", "Duty points for fair", 60, 0, 1000, "points"},
};
const int settings_count = (int)(sizeof settings_defs / sizeof settings_defs[0]);

const setting_def *settings_find(const char *key) {
    for (int i = 0; i < settings_count; i++)
        if (key && strcmp(settings_defs[i].key, key) == 0)
            return &settings_defs[i];
    return NULL;
}

/* What settings_get read in the transaction open now, per thread: a transaction sees
 * one value of a setting (settings_set forgets them), and each step a case takes reads
 * several. */
#define SETTINGS_KEPT 32
typedef struct {
    uint64_t txn;
    int64_t congress_id;
    const setting_def *d;
    long long v;
} kept_value;
static _Thread_local kept_value kept[SETTINGS_KEPT];
static _Thread_local int kept_next;

static bool kept_get(uint64_t txn, int64_t congress_id, const setting_def *d, long long *v) {
    for (int i = 0; txn && i < SETTINGS_KEPT; i++)
        if (kept[i].txn == txn && kept[i].d == d && kept[i].congress_id == congress_id) {
            *v = kept[i].v;
            return true;
        }
    return false;
}

static void keep(uint64_t txn, int64_t congress_id, const setting_def *d, long long v) {
    if (!txn)
        return;
    kept[kept_next] = (kept_value){.txn = txn, .congress_id = congress_id, .d = d, .v = v};
    kept_next = (kept_next + 1) % SETTINGS_KEPT;
}

long long settings_get(store_conn *c, int64_t congress_id, const char *key) {
    const setting_def *d = settings_find(key);
    if (!d) {
        log_error("settings_get: unknown setting %s", key);
        abort(); /* a typo in code, not a runtime condition */
    }
    err e;
    store_stmt *st = NULL;
    long long v = d->def;
    uint64_t txn = c ? store_txn_id(c) : 0;
    if (kept_get(txn, congress_id, d, &v))
        return v;
    /* two primary-key lookups (the congress's value, else the installation's): an IN
     * list with ORDER BY costs SQLite a sorter on every call, and this is read by every
     * step a case takes */
    if (!c || store_prepare(c,
                            "SELECT COALESCE((SELECT value FROM settings WHERE congress_id = ? "
                            "AND key = ?), (SELECT value FROM settings WHERE congress_id = 0 AND "
                            "key = ?))",
                            &st, &e) != RC_OK)
        return v;
    store_bind_int(st, 1, congress_id);
    store_bind_text(st, 2, key);
    store_bind_text(st, 3, key);
    rc_t rc = RC_OK;
    if (store_next(st, &rc, &e)) {
        char *end = NULL;
        const char *text = store_column_text(st, 0);
        long long x = text ? strtoll(text, &end, 10) : 0;
        if (text && end && *end == '\0' && x >= d->min && x <= d->max)
            v = x;
    } else if (rc) {
        log_warn("setting %s: %s; using the default", key, e.message);
    }
    store_finish(st);
    if (rc == RC_OK)
        keep(txn, congress_id, d, v);
    return v;
}

rc_t settings_set(store_conn *c, int64_t congress_id, const char *key, long long value, err *e) {
    const setting_def *d = settings_find(key);
    if (!d)
        return err_set(e, RC_INVALID, key, "there is no setting %s", key);
    if (value < d->min || value > d->max)
        return err_set(e, RC_INVALID, key, "%s must be between %lld and %lld", key, d->min,
                       d->max);
    char text[32], now[21];
    memset(kept, 0, sizeof kept); /* what was read before is no longer so */
    snprintf(text, sizeof text, "%lld", value);
    now_iso(now);
    store_params p = {.n = 0};
    store_param_int(&p, congress_id);
    store_param_text(&p, key);
    rc_t rc = store_run(c, "DELETE FROM settings WHERE congress_id = ? AND key = ?", &p, NULL, e);
    store_param_text(&p, text);
    store_param_text(&p, now);
    return rc ? rc
              : store_run(c, "INSERT INTO settings (congress_id, key, value, updated_at) "
                             "VALUES (?, ?, ?, ?)", &p, NULL, e);
}

rc_t settings_update(store_conn *c, const principal *by, int64_t congress_id, const json_t *in,
                     err *e) {
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "send {\"setting\": value, …}");
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)in, k, v) {
        const setting_def *d = settings_find(k);
        if (!d) {
            rc = err_set(e, RC_INVALID, k, "there is no setting %s", k);
            break;
        }
        if (!json_is_integer(v)) {
            rc = err_set(e, RC_INVALID, k, "%s must be a whole number", k);
            break;
        }
        /* Server limits belong to the installation: administrators only. */
        bool install = strncmp(d->key, "http_", strlen("http_")) == 0;
        if (install && by->role != ROLE_ADMIN) {
            rc = err_set(e, RC_FORBIDDEN, k, "%s is the installation's setting", k);
            break;
        }
        int64_t owner = install ? 0 : congress_id;
        rc = settings_set(c, owner, k, json_integer_value(v), e);
        if (rc)
            break;
        char after[128];
        snprintf(after, sizeof after, "{\"%s\":%lld}", d->key, (long long)json_integer_value(v));
        rc = audit_append(c, by, owner, "update", "settings", 0, NULL, after, e);
        if (rc)
            break;
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc)
        store_rollback(c);
    return rc;
}
