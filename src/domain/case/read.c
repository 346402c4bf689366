/* read.c — a case and lists of cases: the case's columns as fields, the parts of its
 * page (people, units, replies, feedback, extensions, history), and the list through the
 * query layer with each record's "actions". Who sees what is visibility.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case/case_impl.h"

#define PAGE_CHUNK 100 /* case ids per IN (…) when a page's parts are read */
#define SOURCE_ARENA_MAX (1u * 1024 * 1024)

static const enum_value decline_values[] = {
    {.id = "outside_jurisdiction",
     .zh = "不属于本行政区域职权范围",
     .en = "Outside local jurisdiction"},
    {.id = "private_affairs", .zh = "代表本人及亲属的个人事务", .en = "Private affairs"},
    {.id = "petition_letter", .zh = "转交的信访件", .en = "A forwarded petition letter"},
    {.id = "advertising", .zh = "商业广告", .en = "Advertising"},
    {.id = "no_content", .zh = "没有实质内容", .en = "Empty of content"},
    {0},
};

/* The cases table's columns, in the select list's order after c.id. */
const field_def case_fields[] = {
    {.name = "congress_id",
     .label_zh = "所属人大",
     .label_en = "Congress",
     .type = FT_REF,
     .flags = FF_READ_ONLY | FF_FILTER, /* the public site is one congress's */
     .ref = "congresses"},
    {.name = "number",
     .label_zh = "编号",
     .label_en = "Number",
     .type = FT_TEXT,
     .flags = FF_READ_ONLY | FF_SEARCH | FF_FILTER,
     .max_len = TITLE_LEN},
    {.name = "state",
     .label_zh = "状态",
     .label_en = "State",
     .type = FT_ENUM,
     .flags = FF_READ_ONLY | FF_FILTER | FF_SORT,
     .values = case_states},
    {.name = "title",
     .label_zh = "标题",
     .label_en = "Title",
     .type = FT_TEXT,
     .flags = FF_REQUIRED | FF_SEARCH | FF_SORT,
     .max_len = TITLE_LEN},
    {.name = "category",
     .label_zh = "类别",
     .label_en = "Category",
     .type = FT_TEXT,
     .flags = FF_FILTER | FF_SEARCH,
     .max_len = CATEGORY_LEN},
    {.name = "difficult",
     .label_zh = "复杂件",
     .label_en = "Difficult",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY},
    {.name = "key_supervision",
     .label_zh = "重点督办",
     .label_en = "Key supervision",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY | FF_FILTER},
    /* the chairpersons' meeting that designated it (migration 012; act_supervise) */
    {.name = "supervision_meeting_id",
     .label_zh = "督办决定会议",
     .label_en = "Designated by meeting",
     .type = FT_REF,
     .flags = FF_READ_ONLY,
     .ref = "meetings"},
    {.name = "published",
     .label_zh = "已公开",
     .label_en = "Published",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY | FF_FILTER},
    {.name = "merged_into",
     .label_zh = "并入",
     .label_en = "Merged into",
     .type = FT_INT,
     .flags = FF_READ_ONLY},
    {.name = "round",
     .label_zh = "办理轮次",
     .label_en = "Round",
     .type = FT_INT,
     .flags = FF_READ_ONLY},
    {.name = "submitted_on",
     .label_zh = "提交日期",
     .label_en = "Submitted on",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT | FF_MAIN_DATE},
    {.name = "assigned_on",
     .label_zh = "交办日期",
     .label_en = "Assigned on",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "due_on",
     .label_zh = "办理期限",
     .label_en = "Due on",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "closed_on",
     .label_zh = "办结日期",
     .label_en = "Closed on",
     .type = FT_DATE,
     .flags = FF_READ_ONLY | FF_SORT},
    {.name = "decline_reason",
     .label_zh = "不予受理理由",
     .label_en = "Declined because",
     .type = FT_ENUM,
     .flags = FF_READ_ONLY,
     .values = decline_values},
    {.name = "decline_text",
     .label_zh = "不予受理说明",
     .label_en = "Decline note",
     .type = FT_TEXT,
     .flags = FF_READ_ONLY},
    {.name = "created_by",
     .label_zh = "登记人",
     .label_en = "Registered by",
     .type = FT_INT,
     .flags = FF_READ_ONLY},
    /* the time limits the engine flags (rules.c, migration 007) */
    {.name = "assign_by",
     .label_zh = "应交办日期",
     .label_en = "Assign by",
     .type = FT_DATE,
     .flags = FF_READ_ONLY},
    {.name = "assigned_late",
     .label_zh = "超期交办",
     .label_en = "Assigned late",
     .type = FT_BOOL,
     .flags = FF_READ_ONLY | FF_FILTER},
    {.name = "feedback_due_on",
     .label_zh = "评价期限",
     .label_en = "Feedback due on",
     .type = FT_DATE,
     .flags = FF_READ_ONLY},
};
const int case_fields_count = (int)(sizeof case_fields / sizeof case_fields[0]);

/* ---- the parts of a case's page ------------------------------------------------------- */

static const field_def people_cols[] = {
    {.name = "id", .type = FT_INT},
    {.name = "deputy_id", .type = FT_REF},
    {.name = "name", .type = FT_TEXT},
    {.name = "role", .type = FT_TEXT},
    {.name = "confirmed", .type = FT_BOOL},
    {.name = "from_case_id", .type = FT_INT},
    {.name = "confirmed_by_staff", .type = FT_BOOL}, /* from the paper's signature */
};
static const field_def unit_cols[] = {
    {.name = "id", .type = FT_INT},         {.name = "unit_id", .type = FT_REF},
    {.name = "unit_name", .type = FT_TEXT}, {.name = "role", .type = FT_TEXT},
    {.name = "state", .type = FT_TEXT},     {.name = "assigned_on", .type = FT_DATE},
    {.name = "due_on", .type = FT_DATE},    {.name = "return_reason", .type = FT_TEXT},
};
static const field_def reply_cols[] = {
    {.name = "id", .type = FT_INT},         {.name = "unit_id", .type = FT_REF},
    {.name = "unit_name", .type = FT_TEXT}, {.name = "round", .type = FT_INT},
    {.name = "kind", .type = FT_TEXT},      {.name = "class", .type = FT_TEXT},
    {.name = "text", .type = FT_TEXT},      {.name = "replied_on", .type = FT_DATE},
    {.name = "late", .type = FT_BOOL},
};
static const field_def feedback_cols[] = {
    {.name = "id", .type = FT_INT},        {.name = "round", .type = FT_INT},
    {.name = "person_id", .type = FT_INT}, {.name = "name", .type = FT_TEXT},
    {.name = "rating", .type = FT_TEXT},   {.name = "text", .type = FT_TEXT},
    {.name = "given_on", .type = FT_DATE},
};
static const field_def extension_cols[] = {
    {.name = "id", .type = FT_INT},          {.name = "unit_id", .type = FT_REF},
    {.name = "reason", .type = FT_TEXT},     {.name = "new_due_on", .type = FT_DATE},
    {.name = "state", .type = FT_TEXT},      {.name = "decided_by", .type = FT_INT},
    {.name = "decided_on", .type = FT_DATE}, {.name = "created_at", .type = FT_TEXT},
};
static const field_def attachment_cols[] = {
    {.name = "id", .type = FT_INT},          {.name = "name", .type = FT_TEXT},
    {.name = "size", .type = FT_INT},        {.name = "type", .type = FT_TEXT},
    {.name = "unit_id", .type = FT_REF},     {.name = "reply_id", .type = FT_INT},
    {.name = "created_at", .type = FT_TEXT},
};
static const field_def history_cols[] = {
    {.name = "id", .type = FT_INT},          {.name = "at", .type = FT_TEXT},
    {.name = "login", .type = FT_TEXT},      {.name = "action", .type = FT_TEXT},
    {.name = "from_state", .type = FT_TEXT}, {.name = "to_state", .type = FT_TEXT},
    {.name = "note", .type = FT_TEXT},
};

#define PART(k, s, c)                                                                              \
    { .key = (k), .sql = (s), .cols = (c), .ncols = (int)(sizeof(c) / sizeof((c)[0])) }

const case_part case_parts[] = {
    PART("people",
         "SELECT id, deputy_id, name, role, confirmed, from_case_id, CASE WHEN confirmed_by "
         "IS NULL THEN 0 ELSE 1 END FROM case_people WHERE case_id = ? ORDER BY id",
         people_cols),
    PART("units",
         "SELECT cu.id, cu.unit_id, u.name, cu.role, cu.state, cu.assigned_on, cu.due_on, "
         "cu.return_reason FROM case_units cu JOIN units u ON u.id = cu.unit_id "
         "WHERE cu.case_id = ? ORDER BY cu.id",
         unit_cols),
    PART("replies",
         "SELECT r.id, r.unit_id, u.name, r.round, r.kind, r.class, r.text, r.replied_on, "
         "r.late FROM case_replies r JOIN units u ON u.id = r.unit_id WHERE r.case_id = ? "
         "ORDER BY r.id",
         reply_cols),
    PART("feedback",
         "SELECT f.id, f.round, f.person_id, cp.name, f.rating, f.text, f.given_on "
         "FROM case_feedback f JOIN case_people cp ON cp.id = f.person_id "
         "WHERE f.case_id = ? ORDER BY f.id",
         feedback_cols),
    PART("extensions",
         "SELECT id, unit_id, reason, new_due_on, state, decided_by, decided_on, "
         "created_at FROM case_extensions WHERE case_id = ? ORDER BY id",
         extension_cols),
    /* the files (domain/attachment/), with the reply that cites each (its letter) */
    PART("attachments",
         "SELECT a.id, a.name, a.size, a.type, a.unit_id, ra.reply_id, a.created_at "
         "FROM attachments a LEFT JOIN case_reply_attachments ra ON ra.attachment_id = a.id "
         "WHERE a.case_id = ? ORDER BY a.id",
         attachment_cols),
    PART("history",
         "SELECT id, at, login, action, from_state, to_state, note FROM case_events "
         "WHERE case_id = ? ORDER BY id",
         history_cols),
};
const int case_parts_count = (int)(sizeof case_parts / sizeof case_parts[0]);

rc_t case_rows_json(store_conn *c, const char *sql, const store_params *b, const field_def *cols,
                    int ncols, json_t *arr, err *e) {
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c, sql, b, &st, e);
    while (rc == RC_OK && store_next(st, &rc, e)) {
        json_t *o = json_object();
        for (int i = 0; i < ncols && i < store_column_count(st); i++)
            json_object_set_new(o, cols[i].name, field_column_json(&cols[i], st, i));
        json_array_append_new(arr, o);
    }
    store_finish(st);
    return rc;
}

/* ---- the source ------------------------------------------------------------------------- */

/* ref_named — the collection a kind's reference field names, when its records have a
 * display name (a term's 第N届, a deputy's name): lists and exports carry it beside the
 * id as <field>_name. */
static const collection_def *ref_named(const field_def *f) {
    const collection_def *d = f->type == FT_REF && f->ref ? collection_find(f->ref) : NULL;
    char key[FIELD_KEY_MAX];
    if (!d || !d->title_sql || !field_is_column(f))
        return NULL;
    field_name_key(f, key);
    /* the engine gives the lead deputy's name as signed already (lead_deputy_name) */
    return strcmp(key, "lead_deputy_name") == 0 ? NULL : d;
}

json_t *case_row(const case_kind *k, store_stmt *st) {
    json_t *o = json_object();
    int col = 0;
    json_object_set_new(o, "id", json_integer(store_column_int(st, col++)));
    for (int i = 0; i < case_fields_count; i++)
        json_object_set_new(o, case_fields[i].name, field_column_json(&case_fields[i], st, col++));
    const char *created = store_column_text(st, col++), *updated = store_column_text(st, col++);
    json_object_set_new(o, "created_at", created ? json_string(created) : json_null());
    json_object_set_new(o, "updated_at", updated ? json_string(updated) : json_null());
    const char *lead = store_column_text(st, col++);
    json_object_set_new(o, "lead_deputy_name", lead ? json_string(lead) : json_null());
    json_object_set_new(o, "extended", json_boolean(store_column_int(st, col++) != 0));
    for (int i = 0; i < k->nfields; i++)
        if (field_is_column(&k->fields[i]))
            json_object_set_new(o, k->fields[i].name, field_column_json(&k->fields[i], st, col++));
    for (int i = 0; i < k->nfields; i++) {
        if (!ref_named(&k->fields[i]))
            continue;
        char key[FIELD_KEY_MAX];
        field_name_key(&k->fields[i], key);
        const char *name = store_column_text(st, col++);
        json_object_set_new(o, key, name ? json_string(name) : json_null());
    }
    return o;
}

static json_t *source_row(const query_source *s, store_stmt *st) { return case_row(s->ctx, st); }

/* the source's own parameters: a unit the case went to, the deputy's own cases, and
 * what is overdue or due soon */
static rc_t source_param(const query_source *s, query_plan *plan, const char *key, const char *v,
                         bool *handled, err *e) {
    const case_source *cs = (const case_source *)s;
    *handled = true;
    long long n = 0;
    bool yes = false;
    if (strcmp(key, "unit_id") == 0) {
        if (!parse_whole(v, &n))
            return err_set(e, RC_INVALID, key, "%s must be a whole number", key);
        return query_add_int(plan,
                             " AND EXISTS (SELECT 1 FROM case_units fu WHERE fu.case_id = "
                             "c.id AND fu.unit_id = ?)",
                             n);
    }
    if (strcmp(key, "deputy_id") == 0) {
        /* the cases a deputy signed: led, or cosigned and confirmed (a deputy's public
         * page lists those published) */
        if (!parse_whole(v, &n))
            return err_set(e, RC_INVALID, key, "%s must be a whole number", key);
        return query_add_int(plan,
                             " AND EXISTS (SELECT 1 FROM case_people dp WHERE dp.case_id = c.id "
                             "AND dp.deputy_id = ? AND (dp.role = 'lead' OR (dp.role = "
                             "'cosigner' AND dp.confirmed = 1)))",
                             n);
    }
    if (strcmp(key, "mine") == 0) {
        /* a deputy's own cases (true: any part; lead; cosigner), not the published cases
         * of others that deputies also see; merged-in people count as their role */
        const char *role = strcmp(v, "lead") == 0                            ? "lead"
                           : strcmp(v, "cosigner") == 0                      ? "cosigner"
                           : (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) ? ""
                                                                             : NULL;
        if (!role)
            return err_set(e, RC_INVALID, "mine", "mine must be true, lead or cosigner");
        if (s->who->role != ROLE_DEPUTY || !s->who->deputy_id)
            return err_set(e, RC_INVALID, "mine",
                           "mine is for deputies: it picks the cases they lead or cosign");
        rc_t rc = query_add_int(plan,
                                " AND EXISTS (SELECT 1 FROM case_people mp WHERE "
                                "mp.case_id = c.id AND mp.deputy_id = ?",
                                s->who->deputy_id);
        if (rc == RC_OK && *role)
            rc = query_add_text(plan, " AND mp.role = ?", role);
        return rc ? rc : query_add(plan, ")");
    }
    if (strcmp(key, "overdue") == 0 || strcmp(key, "due_soon") == 0) {
        rc_t rc = query_bool(key, v, &yes, e);
        if (rc || !yes)
            return rc;
        if (key[0] == 'o')
            return query_add_text(
                plan, " AND c.state IN ('assigned','rehandling') AND c.due_on < ?", plan->today_s);
        rc = query_add_text(plan, " AND c.state IN ('assigned','rehandling') AND c.due_on >= ?",
                            plan->today_s);
        case_clock cl = {0};
        if (rc == RC_OK)
            rc = case_clock_open(cs->c, s->who->congress_id, &cl, e);
        char soon[11];
        date_format(cl.soon, soon);
        case_clock_close(&cl);
        return rc ? rc : query_add_text(plan, " AND c.due_on <= ?", arena_strdup(plan->a, soon));
    }
    *handled = false;
    return RC_OK;
}

static rc_t source_scope(const query_source *s, query_plan *plan, err *e) {
    rc_t rc = case_visibility(s->who, &plan->where, &plan->b);
    return rc ? err_set(e, rc, NULL, "the query is too long") : RC_OK;
}

rc_t case_source_open(const case_kind *k, const principal *p, store_conn *c, case_source *cs,
                      err *e) {
    memset(cs, 0, sizeof *cs);
    cs->k = k;
    buf_init(&cs->select, CASE_SQL_MAX);
    cs->a = arena_new(SOURCE_ARENA_MAX);
    if (!cs->a)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    int n = 0;
    rc_t rc = buf_puts(&cs->select, "c.id");
    for (int i = 0; i < case_fields_count && rc == RC_OK; i++) {
        cs->cols[n++] =
            (query_column){.f = &case_fields[i], .alias = "c", .values = case_fields[i].values};
        rc = buf_printf(&cs->select, ", c.%s", case_fields[i].name);
    }
    /* the lead deputy's name as signed (case_people keeps the name at submission), and
     * whether the deadline was ever extended */
    if (rc == RC_OK)
        rc = buf_puts(&cs->select, ", c.created_at, c.updated_at, (SELECT lp.name FROM "
                                   "case_people lp WHERE lp.case_id = c.id AND lp.role = 'lead' "
                                   "AND lp.from_case_id IS NULL ORDER BY lp.id LIMIT 1), "
                                   "(SELECT COUNT(*) FROM case_extensions xe WHERE xe.case_id = "
                                   "c.id AND xe.state = 'approved')");
    for (int i = 0; i < k->nfields && rc == RC_OK && n < CASE_COLUMNS_MAX; i++) {
        const field_def *f = &k->fields[i];
        cs->cols[n++] = (query_column){
            .f = f, .alias = "k", .values = field_enum_values(f, c, p->congress_id, cs->a)};
        if (field_is_column(f))
            rc = buf_printf(&cs->select, ", k.%s", f->name);
    }
    /* the references' names, as scalar subqueries (docs/performance.md says why) */
    for (int i = 0; i < k->nfields && rc == RC_OK; i++) {
        const collection_def *rd = ref_named(&k->fields[i]);
        if (!rd)
            continue;
        char alias[16];
        snprintf(alias, sizeof alias, "r%d", i);
        rc = buf_puts(&cs->select, ", (SELECT ");
        if (rc == RC_OK)
            rc = collection_title_sql(rd, alias, &cs->select);
        if (rc == RC_OK)
            rc = buf_printf(&cs->select, " FROM %s %s WHERE %s.id = k.%s)", rd->name, alias, alias,
                            k->fields[i].name);
    }
    snprintf(cs->from, sizeof cs->from, " FROM cases c JOIN %s k ON k.case_id = c.id", k->plural);
    snprintf(cs->base, sizeof cs->base, " AND c.kind = ?");
    cs->c = c;
    cs->s = (query_source){
        .name = k->plural,
        .table = "cases",
        .alias = "c",
        .from = cs->from,
        .select = cs->select.data,
        .cols = cs->cols,
        .ncols = n,
        .year_expr = "COALESCE(c.submitted_on, c.created_at)",
        .base = cs->base,
        .base_value = k->name,
        .newest_first = true,
        .scope = source_scope,
        .param = source_param,
        .row = source_row,
        .who = p,
        .ctx = k,
    };
    return rc;
}

void case_source_close(case_source *cs) {
    buf_free(&cs->select);
    arena_free(cs->a);
    cs->a = NULL;
}

/* ---- one case --------------------------------------------------------------------------- */

rc_t case_load(store_conn *c, const case_kind *k, const principal *p, int64_t id, bool history,
               json_t **rec, err *e) {
    case_source cs;
    buf sql;
    store_params b = {.n = 0};
    store_stmt *st = NULL;
    *rec = NULL;
    buf_init(&sql, CASE_SQL_MAX);
    rc_t rc = case_source_open(k, p, c, &cs, e);
    if (rc == RC_OK)
        rc = buf_printf(&sql, "SELECT %s%s WHERE c.kind = ? AND c.id = ?", cs.s.select, cs.s.from);
    store_param_text(&b, k->name);
    store_param_int(&b, id);
    if (rc == RC_OK)
        rc = case_visibility(p, &sql, &b);
    if (rc == RC_OK)
        rc = store_prepare_with(c, sql.data, &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e))
        *rec = case_row(k, st);
    else if (rc == RC_OK)
        rc = err_set(e, RC_NOT_FOUND, NULL, "%s has no case %lld", k->plural, (long long)id);
    store_finish(st);
    for (int i = 0; rc == RC_OK && i < case_parts_count; i++) {
        if (!history && strcmp(case_parts[i].key, "history") == 0)
            continue;
        json_t *arr = json_array();
        store_params pb = {.n = 0};
        store_param_int(&pb, id);
        rc = case_rows_json(c, case_parts[i].sql, &pb, case_parts[i].cols, case_parts[i].ncols, arr,
                            e);
        json_object_set_new(*rec, case_parts[i].key, arr);
    }
    if (rc == RC_OK && k->load_part) /* the kind's own part (a deliberation opinion's polls) */
        rc = k->load_part(c, id, *rec, e);
    /* the names a client writes back: cosigners as in a POST or PATCH */
    json_t *cosigners = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(rc == RC_OK ? json_object_get(*rec, "people") : NULL, i, x) {
        const char *role = rec_s(x, "role");
        if (role && strcmp(role, "cosigner") == 0 && !rec_i(x, "from_case_id"))
            json_array_append_new(cosigners, json_integer(rec_i(x, "deputy_id")));
    }
    if (*rec && k->cosigners)
        json_object_set_new(*rec, "cosigners", cosigners);
    else
        json_decref(cosigners);
    if (rc && *rec) {
        json_decref(*rec);
        *rec = NULL;
    }
    case_source_close(&cs);
    buf_free(&sql);
    return rc;
}

rc_t case_get(store_conn *c, const case_kind *k, const principal *p, int64_t id, json_t **out,
              err *e) {
    const int depth = store_depth(c);
    *out = NULL;
    json_t *rec = NULL;
    case_clock cl = {0};
    case_me me;
    rc_t rc = store_begin(c, false, e);
    if (rc)
        return rc;
    rc = case_load(c, k, p, id, true, &rec, e);
    if (rc == RC_OK)
        rc = case_clock_open(c, p->congress_id, &cl, e);
    if (rc == RC_OK)
        rc = case_me_of(c, p, rec, &me, e);
    store_unwind(c, depth);
    if (rc == RC_OK) {
        case_decorate(rec, &cl);
        json_object_set_new(rec, "actions", case_actions(k, rec, &me));
        case_people_actions(rec, json_object_get(rec, "actions"), &me);
        case_hide(k, rec, p);
        *out = rec;
        rec = NULL;
    }
    case_clock_close(&cl);
    json_decref(rec);
    return rc;
}

/* ---- lists ------------------------------------------------------------------------------ */

/* page_parts — for the page's cases, the rows of `sql` (its last ? is replaced by the
 * chunk's ids) grouped by their case_id into each item's `key`. */
static rc_t page_parts(store_conn *c, json_t *items, const char *key, const char *sql,
                       const store_params *first, const field_def *cols, int ncols,
                       const char *order, err *e) {
    rc_t rc = RC_OK;
    size_t n = json_array_size(items);
    for (size_t from = 0; from < n && rc == RC_OK; from += PAGE_CHUNK) {
        buf q;
        store_params b = first ? *first : (store_params){.n = 0};
        buf_init(&q, CASE_SQL_MAX);
        rc = buf_printf(&q, "%s (", sql);
        for (size_t i = from; i < n && i < from + PAGE_CHUNK && rc == RC_OK; i++) {
            rc = buf_puts(&q, i > from ? ", ?" : "?");
            store_param_int(&b, rec_i(json_array_get(items, i), "id"));
        }
        if (rc == RC_OK)
            rc = buf_printf(&q, ")%s", order ? order : "");
        json_t *rows = json_array();
        if (rc == RC_OK)
            rc = case_rows_json(c, q.data, &b, cols, ncols, rows, e);
        for (size_t i = from; i < n && i < from + PAGE_CHUNK && rc == RC_OK; i++) {
            json_t *it = json_array_get(items, i), *mine = json_array();
            size_t j;
            json_t *r;
            json_array_foreach(rows, j, r) {
                if (rec_i(r, "case_id") == rec_i(it, "id"))
                    json_array_append(mine, r);
            }
            json_object_set_new(it, key, mine);
        }
        json_decref(rows);
        buf_free(&q);
    }
    return rc;
}

/* list_parts — the parts a list shows (units, answering ones first) and those the
 * caller's actions depend on, read for the whole page at once. */
static rc_t list_parts(store_conn *c, const principal *p, json_t *items, err *e) {
    static const field_def units[] = {
        {.name = "case_id", .type = FT_INT},    {.name = "unit_id", .type = FT_REF},
        {.name = "unit_name", .type = FT_TEXT}, {.name = "role", .type = FT_TEXT},
        {.name = "state", .type = FT_TEXT},     {.name = "assigned_on", .type = FT_DATE},
    };
    static const field_def people[] = {
        {.name = "case_id", .type = FT_INT},    {.name = "id", .type = FT_INT},
        {.name = "deputy_id", .type = FT_REF},  {.name = "role", .type = FT_TEXT},
        {.name = "confirmed", .type = FT_BOOL}, {.name = "from_case_id", .type = FT_INT},
    };
    static const field_def feedback[] = {
        {.name = "case_id", .type = FT_INT},
        {.name = "person_id", .type = FT_INT},
        {.name = "round", .type = FT_INT},
        {.name = "rating", .type = FT_TEXT},
    };
    static const field_def replies[] = {
        {.name = "case_id", .type = FT_INT},
        {.name = "unit_id", .type = FT_REF},
        {.name = "kind", .type = FT_TEXT},
        {.name = "class", .type = FT_TEXT},
    };
    static const field_def extensions[] = {
        {.name = "case_id", .type = FT_INT},
        {.name = "unit_id", .type = FT_REF},
        {.name = "state", .type = FT_TEXT},
    };
    rc_t rc = page_parts(c, items, "units",
                         "SELECT cu.case_id, cu.unit_id, u.name, cu.role, cu.state, cu.assigned_on "
                         "FROM case_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.case_id IN",
                         NULL, units, 6, " ORDER BY cu.id", e);
    store_params who = {.n = 0};
    if (rc == RC_OK && p->role == ROLE_DEPUTY && p->deputy_id) {
        store_param_int(&who, p->deputy_id);
        rc = page_parts(c, items, "people",
                        "SELECT case_id, id, deputy_id, role, confirmed, "
                        "from_case_id FROM case_people WHERE deputy_id = ? AND case_id IN",
                        &who, people, 6, NULL, e);
        if (rc == RC_OK)
            rc = page_parts(c, items, "feedback",
                            "SELECT f.case_id, f.person_id, f.round FROM "
                            "case_feedback f JOIN case_people cp ON cp.id = f.person_id WHERE "
                            "cp.deputy_id = ? AND f.case_id IN",
                            &who, feedback, 3, NULL, e);
    }
    if (rc == RC_OK && p->role == ROLE_UNIT && p->unit_id) {
        store_param_int(&who, p->unit_id);
        rc = page_parts(c, items, "replies",
                        "SELECT case_id, unit_id, kind, class FROM "
                        "case_replies WHERE unit_id = ? AND case_id IN",
                        &who, replies, 4, NULL, e);
        if (rc == RC_OK)
            rc = page_parts(c, items, "extensions",
                            "SELECT case_id, unit_id, state FROM "
                            "case_extensions WHERE unit_id = ? AND case_id IN",
                            &who, extensions, 3, NULL, e);
    }
    if (rc == RC_OK && case_is_staff(p)) {
        /* everyone owed and every rating: closing waits for all of them (rules.c) */
        rc = page_parts(c, items, "people",
                        "SELECT case_id, id, deputy_id, role, confirmed, "
                        "from_case_id FROM case_people WHERE case_id IN",
                        NULL, people, 6, NULL, e);
        if (rc == RC_OK)
            rc = page_parts(c, items, "feedback",
                            "SELECT f.case_id, f.person_id, f.round, f.rating FROM "
                            "case_feedback f WHERE f.case_id IN",
                            NULL, feedback, 4, NULL, e);
    }
    return rc;
}

/* list_item — one listed case as the list shows it: its actions, then only the units
 * (answering units first, without their dates) of the parts read for it. */
static void list_item(store_conn *c, const case_kind *k, const principal *p, json_t *it,
                      const case_clock *cl) {
    case_me me;
    case_me_of(c, p, it, &me, NULL);
    json_object_set_new(it, "actions", case_actions(k, it, &me));
    static const char *const helpers[] = {"people", "feedback", "replies", "extensions", NULL};
    for (int i = 0; helpers[i]; i++)
        json_object_del(it, helpers[i]);
    json_t *sorted = json_array();
    static const char *const order[] = {"lead", "separate", "co", NULL};
    for (int r = 0; order[r]; r++) {
        size_t i;
        json_t *u;
        json_array_foreach(json_object_get(it, "units"), i, u) {
            if (rec_s(u, "role") && strcmp(rec_s(u, "role"), order[r]) == 0) {
                json_object_del(u, "case_id");
                json_object_del(u, "assigned_on");
                json_array_append(sorted, u);
            }
        }
    }
    json_object_set_new(it, "units", sorted);
    case_decorate(it, cl);
    case_hide(k, it, p);
}

rc_t case_read_open(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                    unsigned mode, const char *const *reserved, case_read *r, err *e) {
    memset(r, 0, sizeof *r);
    r->depth = store_depth(c);
    rc_t rc = store_begin(c, false, e);
    if (rc)
        return rc;
    r->begun = true;
    rc = case_source_open(k, p, c, &r->cs, e);
    if (rc == RC_OK)
        rc = query_plan_make(c, &r->cs.s, q, mode, reserved, &r->plan, e);
    return rc;
}

void case_read_close(store_conn *c, case_read *r) {
    if (r->begun)
        store_unwind(c, r->depth);
    query_plan_free(&r->plan);
    case_source_close(&r->cs);
    r->begun = false;
}

/* shown — the listed cases as a list shows them: their parts, actions and clock. */
static rc_t shown(store_conn *c, const case_kind *k, const principal *p, json_t *items, err *e) {
    case_clock cl = {0};
    rc_t rc = json_array_size(items) ? list_parts(c, p, items, e) : RC_OK;
    if (rc == RC_OK)
        rc = case_clock_open(c, p->congress_id, &cl, e);
    size_t i;
    json_t *it;
    json_array_foreach(rc == RC_OK ? items : NULL, i, it) list_item(c, k, p, it, &cl);
    case_clock_close(&cl);
    return rc;
}

rc_t case_list(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
               json_t **out, err *e) {
    case_read r;
    *out = NULL;
    rc_t rc = case_read_open(c, k, p, q, QM_PAGE, NULL, &r, e);
    if (rc == RC_OK)
        rc = query_list(c, &r.cs.s, &r.plan, out, e);
    if (rc == RC_OK)
        rc = shown(c, k, p, json_object_get(*out, "items"), e);
    case_read_close(c, &r);
    if (rc && *out) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* collect_row — query_rows's step for case_list_rows. */
static rc_t collect_row(json_t *row, void *ctx, err *e) {
    return json_array_append(ctx, row) ? err_set(e, RC_NOMEM, NULL, "out of memory") : RC_OK;
}

rc_t case_list_rows(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                    const char *const *reserved, long limit, json_t **items, err *e) {
    case_read r;
    *items = json_array();
    rc_t rc = case_read_open(c, k, p, q, QM_ALL, reserved, &r, e);
    if (rc == RC_OK)
        rc = query_rows(c, &r.cs.s, &r.plan, limit, collect_row, *items, e);
    if (rc == RC_OK)
        rc = shown(c, k, p, *items, e);
    /* the cosigners as a ledger names them: those who signed (confirmed) */
    static const field_def cosigner_cols[] = {
        {.name = "case_id", .type = FT_INT},
        {.name = "name", .type = FT_TEXT},
    };
    if (rc == RC_OK && k->cosigners)
        rc = page_parts(c, *items, "cosigners",
                        "SELECT case_id, name FROM case_people WHERE role = 'cosigner' AND "
                        "confirmed = 1 AND from_case_id IS NULL AND case_id IN",
                        NULL, cosigner_cols, 2, " ORDER BY id", e);
    case_read_close(c, &r);
    return rc;
}

rc_t case_counts(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                 json_t **out, err *e) {
    case_read r;
    *out = NULL;
    /* the public counts the published cases (the public site's filters) */
    rc_t rc = case_read_open(c, k, p, q, QM_ALL | QM_COUNTS, NULL, &r, e);
    if (rc == RC_OK)
        rc = query_counts(c, &r.cs.s, &r.plan, out, e);
    case_read_close(c, &r);
    return rc;
}
