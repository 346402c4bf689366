/* bulletin.c — what a session's bulletin (一会一刊) prints: the agenda, attendance with
 * the quorum, each vote with its result, the resolutions adopted, the laws studied, the
 * reports heard and the deliberation opinions sent; as JSON and as an xlsx workbook.
 * And the term's figures the annual review cites (meeting_stats). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/tabular.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"
#include "domain/meeting/meeting_impl.h"
#include "domain/vote/vote.h"

#define BULLETIN_ARENA_MAX (8u * 1024 * 1024)
#define BULLETIN_ROWS_MAX 2000
#define BULLETIN_VOTES_MAX 200

static bool is(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* ---- the term's figures ---------------------------------------------------------------- */

rc_t meeting_stats(store_conn *c, const principal *p, int64_t term_id, json_t **out, err *e) {
    *out = NULL;
    rc_t rc = collection_access(collection_find("meetings"), p, false, e);
    if (rc == RC_OK && !term_id)
        rc = case_term_at(c, p->congress_id, case_today(c, p->congress_id), &term_id, NULL, e);
    if (rc)
        return rc;
    if (!term_id)
        return err_set(e, RC_INVALID, "term_id", "no term covers today: give term_id");
    static const struct {
        const char *key, *sql;
    } figures[] = {
#define HELD "m.term_id = ? AND m.congress_id = ? AND m.state IN ('held', 'closed')"
        {"committee_sessions",
         "SELECT COUNT(*) FROM meetings m WHERE " HELD " AND m.kind = 'committee_session'"},
        {"chairs_meetings",
         "SELECT COUNT(*) FROM meetings m WHERE " HELD " AND m.kind = 'chairs_meeting'"},
        {"plenary_sessions",
         "SELECT COUNT(*) FROM meetings m WHERE " HELD " AND m.kind = 'plenary'"},
        {"work_reports", "SELECT COUNT(*) FROM agenda_items a JOIN meetings m ON m.id = "
                         "a.meeting_id WHERE " HELD " AND a.kind = 'work_report'"},
        {"law_studies", "SELECT COUNT(*) FROM agenda_items a JOIN meetings m ON m.id = "
                        "a.meeting_id WHERE " HELD " AND a.kind = 'law_study'"},
        {"deliberation_opinions",
         "SELECT COUNT(*) FROM deliberation_opinions d JOIN cases c ON c.id = d.case_id JOIN "
         "meetings m ON m.id = d.meeting_id WHERE " HELD " AND c.state <> 'draft'"},
#undef HELD
        {"resolutions", "SELECT COUNT(*) FROM resolutions m WHERE m.term_id = ? AND "
                        "m.congress_id = ? AND m.kind = 'resolution'"},
        {"decisions", "SELECT COUNT(*) FROM resolutions m WHERE m.term_id = ? AND m.congress_id "
                      "= ? AND m.kind = 'decision'"},
        {"major_matters", "SELECT COUNT(*) FROM resolutions m WHERE m.term_id = ? AND "
                          "m.congress_id = ? AND m.major_matter = 1"},
    };
    json_t *o = json_pack("{s:I}", "term_id", (json_int_t)term_id);
    for (size_t i = 0; rc == RC_OK && i < sizeof figures / sizeof figures[0]; i++) {
        store_params b = {.n = 0};
        store_param_int(&b, term_id);
        store_param_int(&b, p->congress_id);
        int64_t n = 0;
        rc = store_one_int(c, figures[i].sql, &b, &n, e);
        json_object_set_new(o, figures[i].key, json_integer(n));
    }
    if (rc)
        json_decref(o);
    else
        *out = o;
    return rc;
}

/* ---- the bulletin as JSON --------------------------------------------------------------- */

static rc_t votes_json(store_conn *c, const principal *p, int64_t meeting_id, json_t *out, err *e) {
    store_params b = {.n = 0};
    store_param_int(&b, meeting_id);
    store_stmt *st = NULL;
    int64_t ids[BULLETIN_VOTES_MAX];
    int n = 0;
    rc_t rc = store_prepare_with(c,
                                 "SELECT id FROM vote_events WHERE meeting_id = ? AND state IN "
                                 "('closed', 'annulled') ORDER BY closed_at, id",
                                 &b, &st, e);
    while (rc == RC_OK && n < BULLETIN_VOTES_MAX && store_next(st, &rc, e))
        ids[n++] = store_column_int(st, 0);
    store_finish(st);
    json_t *list = json_array();
    for (int i = 0; rc == RC_OK && i < n; i++) {
        json_t *v = NULL;
        rc = vote_get(c, p, ids[i], &v, e);
        if (rc == RC_OK) {
            json_object_del(v, "actions");
            json_object_del(v, "me");
            json_object_del(v, "voters");
            json_array_append_new(list, v);
        }
    }
    json_object_set_new(out, "votes", list);
    return rc;
}

static rc_t opinions_json(store_conn *c, int64_t meeting_id, json_t *out, err *e) {
    store_params b = {.n = 0};
    store_param_int(&b, meeting_id);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(
        c,
        "SELECT c.id, c.number, c.title, "
        "(SELECT u.name FROM units u WHERE u.id = d.unit_id), c.state, c.due_on FROM "
        "deliberation_opinions d JOIN cases c ON c.id = d.case_id WHERE d.meeting_id = ? AND "
        "c.state <> 'draft' ORDER BY c.id",
        &b, &st, e);
    json_t *list = json_array();
    while (rc == RC_OK && store_next(st, &rc, e))
        json_array_append_new(
            list,
            json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?}", "id",
                      (json_int_t)store_column_int(st, 0), "number", store_column_text(st, 1),
                      "title", store_column_text(st, 2), "unit_name", store_column_text(st, 3),
                      "state", store_column_text(st, 4), "due_on", store_column_text(st, 5)));
    store_finish(st);
    json_object_set_new(out, "deliberation_opinions", list);
    return rc;
}

/* of_kind — the agenda items of one kind, as the bulletin lists them. */
static json_t *of_kind(const json_t *agenda, const char *kind, const char *const *keys) {
    json_t *list = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(agenda, i, it) {
        if (!is(json_string_value(json_object_get(it, "kind")), kind))
            continue;
        json_t *o = json_object();
        for (int k = 0; keys[k]; k++)
            json_object_set(o, keys[k],
                            json_object_get(it, keys[k]) ? json_object_get(it, keys[k])
                                                         : json_null());
        json_array_append_new(list, o);
    }
    return list;
}

rc_t meeting_bulletin(store_conn *c, const principal *p, int64_t id, json_t **out, err *e) {
    *out = NULL;
    json_t *meeting = NULL, *agenda = NULL, *attendance = NULL, *resolutions = NULL;
    meeting_row m;
    rc_t rc = meeting_record(c, p, id, &meeting, e);
    if (rc == RC_OK)
        rc = meeting_load(c, p, id, &m, e);
    if (rc == RC_OK)
        rc = meeting_agenda(c, p, id, &agenda, e);
    if (rc == RC_OK)
        rc = meeting_attendance_json(c, p, &m, &attendance, e);
    char mid[24];
    snprintf(mid, sizeof mid, "%lld", (long long)id);
    list_query q = {.params = {{"meeting_id", mid}, {"sort", "number"}, {"per_page", "200"}},
                    .n = 3};
    if (rc == RC_OK)
        rc = collection_list(c, collection_find("resolutions"), p, &q, &resolutions, e);
    json_t *o = json_object();
    if (rc == RC_OK) {
        static const char *const law_keys[] = {"id", "title", "law", NULL};
        static const char *const report_keys[] = {"id",        "title", "unit_id",
                                                  "unit_name", "late",  NULL};
        json_object_del(meeting, "actions");
        json_object_del(attendance, "actions");
        json_t *items = json_object_get(agenda, "items");
        json_object_set(o, "meeting", meeting);
        json_object_set(o, "agenda", items);
        json_object_set(o, "attendance", attendance);
        json_object_set(o, "resolutions", json_object_get(resolutions, "items"));
        json_object_set_new(o, "law_studies", of_kind(items, "law_study", law_keys));
        json_object_set_new(o, "work_reports", of_kind(items, "work_report", report_keys));
        rc = votes_json(c, p, id, o, e);
    }
    if (rc == RC_OK)
        rc = opinions_json(c, id, o, e);
    json_decref(meeting);
    json_decref(agenda);
    json_decref(attendance);
    json_decref(resolutions);
    if (rc)
        json_decref(o);
    else
        *out = o;
    return rc;
}

/* ---- the bulletin as a workbook --------------------------------------------------------- */

/* sheet_of — a sheet of list's objects: one column per key, headers in Chinese. */
static rc_t sheet_of(arena *a, tab_sheet *s, const char *name, const json_t *list,
                     const char *const *keys, const char *const *heads, err *e) {
    int ncols = 0;
    while (keys[ncols])
        ncols++;
    int rows = (int)json_array_size(list);
    if (rows > BULLETIN_ROWS_MAX)
        rows = BULLETIN_ROWS_MAX;
    *s = (tab_sheet){.name = name, .nrows = rows + 1, .ncols = ncols, .header_rows = 1};
    s->cells = arena_alloc(a, sizeof *s->cells * (size_t)(rows + 1));
    for (int r = 0; s->cells && r <= rows; r++) {
        s->cells[r] = arena_alloc(a, sizeof **s->cells * (size_t)ncols);
        if (!s->cells[r])
            return err_set(e, RC_NOMEM, NULL, "the bulletin is too large");
        const json_t *row = r ? json_array_get(list, (size_t)r - 1) : NULL;
        for (int k = 0; k < ncols; k++) {
            const json_t *v = row ? json_object_get(row, keys[k]) : NULL;
            if (!row)
                s->cells[r][k] = tab_text(heads[k]);
            else if (json_is_integer(v))
                s->cells[r][k] = tab_int(json_integer_value(v));
            else if (json_is_string(v))
                s->cells[r][k] = tab_text(arena_strdup(a, json_string_value(v)));
            else if (json_is_boolean(v))
                s->cells[r][k] = tab_bool(json_is_true(v));
            else if (v && !json_is_null(v)) {
                char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
                s->cells[r][k] = tab_text(text ? arena_strdup(a, text) : "");
                free(text);
            } else
                s->cells[r][k] = tab_empty();
        }
    }
    return s->cells ? RC_OK : err_set(e, RC_NOMEM, NULL, "the bulletin is too large");
}

/* votes_rows — one row per vote: its question, mode, outcome and counts. */
static json_t *votes_rows(const json_t *votes) {
    json_t *rows = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(votes, i, v) {
        const json_t *r = json_object_get(v, "result");
        const json_t *counts = json_object_get(r, "counts");
        json_array_append_new(
            rows,
            json_pack("{s:O, s:O, s:O, s:O?, s:O?, s:O?, s:O?, s:O?}", "question",
                      json_object_get(v, "question"), "mode", json_object_get(v, "mode"), "state",
                      json_object_get(v, "state"), "outcome", json_object_get(r, "outcome"), "yes",
                      json_object_get(counts, "yes"), "no", json_object_get(counts, "no"),
                      "abstain", json_object_get(counts, "abstain"), "not_voting",
                      json_object_get(r, "not_voting")));
    }
    return rows;
}

rc_t meeting_bulletin_xlsx(store_conn *c, const principal *p, int64_t id, buf *out, err *e) {
    json_t *b = NULL;
    rc_t rc = meeting_bulletin(c, p, id, &b, e);
    if (rc)
        return rc;
    arena *a = arena_new(BULLETIN_ARENA_MAX);
    if (!a) {
        json_decref(b);
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    static const char *const agenda_k[] = {"position", "kind", "title", "unit_name", "law", NULL};
    static const char *const agenda_h[] = {"序号", "类型", "议题", "报告单位", "法律"};
    static const char *const people_k[] = {"name", "position", "status", "reason", NULL};
    static const char *const people_h[] = {"姓名", "职务", "出席情况", "请假事由"};
    static const char *const votes_k[] = {"question", "mode",    "state",      "outcome", "yes",
                                          "no",       "abstain", "not_voting", NULL};
    static const char *const votes_h[] = {"表决事项", "方式", "状态", "结果",
                                          "赞成",     "反对", "弃权", "未按表决器"};
    static const char *const res_k[] = {"kind",       "number",       "title",
                                        "adopted_on", "major_matter", NULL};
    static const char *const res_h[] = {"类别", "编号", "标题", "通过日期", "重大事项"};
    static const char *const op_k[] = {"number", "title", "unit_name", "state", "due_on", NULL};
    static const char *const op_h[] = {"编号", "标题", "承办单位", "状态", "办理期限"};
    static const char *const obs_k[] = {"name", "unit", NULL};
    static const char *const obs_h[] = {"列席人员", "单位"};
    const json_t *att = json_object_get(b, "attendance");
    json_t *summary = json_array(), *vrows = votes_rows(json_object_get(b, "votes"));
    json_array_append_new(
        summary,
        json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?, s:O?}", "title",
                  json_object_get(json_object_get(b, "meeting"), "title"), "starts_on",
                  json_object_get(json_object_get(b, "meeting"), "starts_on"), "electorate_size",
                  json_object_get(att, "electorate_size"), "present",
                  json_object_get(att, "present"), "quorum", json_object_get(att, "quorum"),
                  "has_quorum", json_object_get(att, "has_quorum")));
    static const char *const sum_k[] = {
        "title", "starts_on", "electorate_size", "present", "quorum", "has_quorum", NULL};
    static const char *const sum_h[] = {"会议", "日期", "应到", "实到", "法定人数", "符合法定人数"};
    tab_sheet sheets[7];
    rc = sheet_of(a, &sheets[0], "会议", summary, sum_k, sum_h, e);
    if (rc == RC_OK)
        rc = sheet_of(a, &sheets[1], "议程", json_object_get(b, "agenda"), agenda_k, agenda_h, e);
    if (rc == RC_OK)
        rc = sheet_of(a, &sheets[2], "出席", json_object_get(att, "people"), people_k, people_h, e);
    if (rc == RC_OK)
        rc = sheet_of(a, &sheets[3], "表决", vrows, votes_k, votes_h, e);
    if (rc == RC_OK)
        rc =
            sheet_of(a, &sheets[4], "决议决定", json_object_get(b, "resolutions"), res_k, res_h, e);
    if (rc == RC_OK)
        rc = sheet_of(a, &sheets[5], "审议意见", json_object_get(b, "deliberation_opinions"), op_k,
                      op_h, e);
    if (rc == RC_OK)
        rc = sheet_of(a, &sheets[6], "列席", json_object_get(att, "observers"), obs_k, obs_h, e);
    if (rc == RC_OK)
        rc = tab_write_xlsx(sheets, 7, out, e);
    json_decref(summary);
    json_decref(vrows);
    json_decref(b);
    arena_free(a);
    return rc;
}
