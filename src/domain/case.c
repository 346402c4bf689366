/* case.c — the case engine (docs/cases.md). One transition table says which action
 * starts from which states, where it leads and who may take it; everything else here
 * serves it: loading a case and what the caller is to it, deadlines from the
 * congress's holiday calendar, the per-action writes, history and audit, and the
 * read side (list, one case, statistics, inbox). */
#include "domain/case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/tabular.h"
#include "base/utf8.h"
#include "domain/settings.h"

#define SQL_MAX 16384
#define HOLIDAYS_MAX 20000
#define TITLE_LEN 200
#define CATEGORY_LEN 50
#define NOTE_LEN 2000
#define PER_PAGE_DEFAULT 20
#define INBOX_ITEMS_MAX 50
#define Q_WORDS_MAX 8

/* ---- states and the transition table ------------------------------------------------ */

static const char *const state_names[CS_COUNT] = {
    "draft",    "submitted", "accepted", "declined",  "assigned", "returned",
    "replied",  "rehandling", "closed",  "withdrawn", "merged",
};

/* case_state_label — the state as people call it (exports). */
const char *case_state_label(const char *state) {
    static const struct {
        const char *id, *zh;
    } labels[] = {
        {"draft", "草稿"},      {"submitted", "已提交"}, {"accepted", "已受理"},
        {"declined", "不予受理"}, {"assigned", "已交办"}, {"returned", "已退回"},
        {"replied", "已答复"},    {"rehandling", "重办中"}, {"closed", "已办结"},
        {"withdrawn", "已撤回"},  {"merged", "已合并"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].id, state) == 0)
            return labels[i].zh;
    return state;
}

const char *case_state_name(case_state s) {
    return s < CS_COUNT ? state_names[s] : "?";
}

bool case_state_parse(const char *s, case_state *out) {
    for (int i = 0; s && i < CS_COUNT; i++)
        if (strcmp(state_names[i], s) == 0) {
            *out = (case_state)i;
            return true;
        }
    return false;
}

#define B(s) CS_BIT(CS_##s)
#define KEEP CS_COUNT

const case_transition case_transitions[] = {
    {"confirm", B(DRAFT) | B(SUBMITTED), KEEP, CR_COSIGNER, "", "确认附议"},
    {"submit", B(DRAFT), CS_SUBMITTED, CR_LEAD | CR_STAFF, "", "提交"},
    {"accept", B(SUBMITTED), CS_ACCEPTED, CR_STAFF, "", "受理"},
    {"decline", B(SUBMITTED), CS_DECLINED, CR_STAFF, "reason", "不予立案"},
    {"convert", B(SUBMITTED) | B(ACCEPTED), CS_ACCEPTED, CR_STAFF, "", "转为建议"},
    {"assign", B(ACCEPTED) | B(RETURNED), CS_ASSIGNED, CR_STAFF, "units assigned_on difficult",
     "交办"},
    {"return", B(ASSIGNED), KEEP, CR_UNIT, "reason", "退回"},
    {"reply", B(ASSIGNED) | B(REHANDLING), KEEP, CR_UNIT, "class", "答复"},
    {"follow_up", B(REPLIED) | B(CLOSED), KEEP, CR_UNIT, "class", "跟踪答复"},
    {"feedback", B(REPLIED), KEEP, CR_OWED | CR_STAFF, "rating person_id", "评价"},
    {"extend", B(ASSIGNED) | B(REHANDLING), KEEP, CR_UNIT | CR_STAFF,
     "due_on reason extension_id approve", "延期"},
    {"close", B(REPLIED), CS_CLOSED, CR_STAFF, "", "办结"},
    {"withdraw", B(DRAFT) | B(SUBMITTED) | B(ACCEPTED), CS_WITHDRAWN, CR_LEAD | CR_STAFF, "",
     "撤回"},
    {"forward", B(SUBMITTED) | B(ACCEPTED), CS_CLOSED, CR_STAFF, "to forwarded_on", "转送"},
    {"supervise", CS_ANY & ~B(DRAFT), KEEP, CR_STAFF, "key_supervision", "重点督办"},
    {"merge", B(SUBMITTED) | B(ACCEPTED), CS_MERGED, CR_STAFF, "into", "合并"},
    {"publish", B(REPLIED) | B(CLOSED), KEEP, CR_STAFF, "published", "公开"},
};
const int case_transition_count = (int)(sizeof case_transitions / sizeof case_transitions[0]);

/* word_in — is `word` one of the space-separated words of `list`? */
static bool word_in(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, word, n) == 0)
            return true;
        p += len;
    }
    return false;
}

const case_transition *case_transition_find(const char *action) {
    for (int i = 0; action && i < case_transition_count; i++)
        if (strcmp(case_transitions[i].name, action) == 0)
            return &case_transitions[i];
    return NULL;
}

/* join — the names of the set's bits, in English or (zh) in Chinese. */
static void join(unsigned set, int count, const char *const *names, const char *sep, char *out,
                 size_t cap) {
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < count; i++)
        if (set & (1u << i)) {
            int w = snprintf(out + n, cap - n, "%s%s", n ? sep : "", names[i]);
            if (w < 0 || (size_t)w >= cap - n)
                return;
            n += (size_t)w;
        }
}

/* case_check's messages: the English names what is allowed; the %.0s arguments print
 * nothing in English and give the Chinese wording (base/msg_zh.c) its own names. */
rc_t case_check(const case_transition *t, case_state state, unsigned who, err *e) {
    static const char *const roles[] = {"staff", "the lead deputy", "a cosigner",
                                        "a person owed the reply", "an assigned unit"};
    static const char *const roles_zh[] = {"机关工作人员", "领衔代表", "附议代表", "提出人",
                                           "承办单位"};
    char text[256], zh[512];
    if (!(t->who & who)) {
        join(t->who, 5, roles, " or ", text, sizeof text);
        join(t->who, 5, roles_zh, "或", zh, sizeof zh);
        return err_set(e, RC_FORBIDDEN, NULL, "only %s may %s this case%.0s%.0s", text, t->name,
                       zh, t->label_zh);
    }
    if (!(t->from & CS_BIT(state))) {
        const char *labels[CS_COUNT];
        for (int i = 0; i < CS_COUNT; i++)
            labels[i] = case_state_label(state_names[i]);
        join(t->from, CS_COUNT, state_names, ", ", text, sizeof text);
        join(t->from, CS_COUNT, labels, "、", zh, sizeof zh);
        return err_set(e, RC_CONFLICT, "state",
                       "the case is %s; %s is allowed only when it is %s%.0s%.0s%.0s",
                       case_state_name(state), t->name, text,
                       case_state_label(case_state_name(state)), t->label_zh, zh);
    }
    return RC_OK;
}

/* ---- deadlines ------------------------------------------------------------------------ */

date_t case_due_months(date_t assigned, int months) { return date_add_months(assigned, months); }
date_t case_due_days(date_t assigned, int days) { return assigned + days; }

rc_t case_holidays(store_conn *c, int64_t congress_id, date_exception **out, size_t *n, err *e) {
    *out = NULL;
    *n = 0;
    store_stmt *st = NULL;
    rc_t rc = store_prepare(c, "SELECT day, working FROM holidays WHERE congress_id = ? ORDER BY day",
                            &st, e);
    if (rc)
        return rc;
    store_bind_int(st, 1, congress_id);
    size_t cap = 0;
    while (*n < HOLIDAYS_MAX && store_next(st, &rc, e)) {
        date_t d;
        if (!date_parse(store_column_text(st, 0), &d))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            date_exception *grown = realloc(*out, cap * sizeof **out);
            if (!grown) {
                rc = err_set(e, RC_NOMEM, NULL, "out of memory reading holidays");
                break;
            }
            *out = grown;
        }
        (*out)[*n].day = d;
        (*out)[*n].working = store_column_int(st, 1) != 0;
        (*n)++;
    }
    store_finish(st);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* working_after — n working days after d in the congress's calendar. */
static rc_t working_after(store_conn *c, int64_t congress_id, date_t d, int n, date_t *out,
                          err *e) {
    date_exception *ex = NULL;
    size_t nex = 0;
    rc_t rc = case_holidays(c, congress_id, &ex, &nex, e);
    if (rc == RC_OK)
        *out = date_add_working_days(d, n, ex, nex);
    free(ex);
    return rc;
}

/* case_today — the congress's own today: its day turns at local midnight (setting
 * utc_offset_minutes, Beijing +480), not at UTC's. */
date_t case_today(store_conn *c, int64_t congress_id) {
    return date_today_at((int)settings_get(c, congress_id, "utc_offset_minutes"));
}

/* ---- small SQL helpers ---------------------------------------------------------------- */

/* Parameters are store_params (store.h); these short names keep the many queries
 * below readable. */
typedef store_params binds;
#define bind_i store_param_int
#define bind_s store_param_text
#define prep store_prepare_with

/* run — a statement without results. */
static rc_t run(store_conn *c, const char *sql, const binds *b, err *e) {
    return store_run(c, sql, b, NULL, e);
}

/* one_int — the first column of the first row; *out untouched when there is none. */
static rc_t one_int(store_conn *c, const char *sql, const binds *b, int64_t *out, err *e) {
    return store_one_int(c, sql, b, out, e);
}

static bool name_in(const char *name, const char *const *list) {
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

/* Columns shown as JSON booleans or numbers; everything else is text. */
static const char *const bool_cols[] = {"difficult", "key_supervision", "published", "confirmed",
                                        "during_session", "extended", NULL};
static const char *const int_cols[] = {"id", "round", "person_times", "session_number", "merged_into",
                                       "decided_by", "count", "from_case_id", NULL};

static json_t *col_json(store_stmt *st, int i) {
    const char *name = store_column_name(st, i);
    if (store_column_null(st, i))
        return json_null();
    if (name_in(name, bool_cols))
        return json_boolean(store_column_int(st, i) != 0);
    size_t len = strlen(name);
    if (name_in(name, int_cols) || (len > 3 && strcmp(name + len - 3, "_id") == 0))
        return json_integer(store_column_int(st, i));
    return json_string(store_column_text(st, i));
}

/* rows_json — append every row as an object to arr. */
static rc_t rows_json(store_conn *c, const char *sql, const binds *b, json_t *arr, err *e) {
    store_stmt *st = NULL;
    rc_t rc = prep(c, sql, b, &st, e);
    if (rc)
        return rc;
    while (store_next(st, &rc, e)) {
        json_t *o = json_object();
        for (int i = 0; i < store_column_count(st); i++)
            json_object_set_new(o, store_column_name(st, i), col_json(st, i));
        json_array_append_new(arr, o);
    }
    store_finish(st);
    return rc;
}

/* ---- the case row --------------------------------------------------------------------- */

#define CASE_COLUMNS                                                                          \
    "c.id, c.congress_id, c.state, c.title, c.category, c.difficult, c.key_supervision, "     \
    "c.published, c.merged_into, c.round, c.submitted_on, c.assigned_on, c.due_on, "          \
    "c.closed_on, c.decline_reason, c.decline_text, c.created_by, c.created_at, c.updated_at"

static rc_t select_sql(const case_kind *k, buf *sql) {
    /* the lead deputy's name as signed (case_people keeps the name at submission) */
    rc_t rc = buf_puts(sql, "SELECT " CASE_COLUMNS ", (SELECT lp.name FROM case_people lp "
                            "WHERE lp.case_id = c.id AND lp.role = 'lead' AND lp.from_case_id "
                            "IS NULL ORDER BY lp.id LIMIT 1) AS lead_deputy_name");
    for (int i = 0; i < k->nfields && rc == RC_OK; i++)
        rc = buf_printf(sql, ", k.%s", k->fields[i].name);
    if (rc == RC_OK)
        rc = buf_printf(sql, " FROM cases c JOIN %s k ON k.case_id = c.id WHERE c.kind = ?",
                        k->plural);
    return rc;
}

/* visibility — docs/cases.md "Who sees what", as a condition on alias c. */
static rc_t visibility(const principal *p, buf *sql, binds *b) {
    switch (p->role) {
    case ROLE_ADMIN:
        if (!p->congress_id)
            return RC_OK;
        bind_i(b, p->congress_id);
        return buf_puts(sql, " AND c.congress_id = ?");
    case ROLE_STAFF:
        bind_i(b, p->congress_id);
        return buf_puts(sql, " AND c.congress_id = ?");
    case ROLE_MEMBER:
        bind_i(b, p->congress_id);
        return buf_puts(sql, " AND c.congress_id = ? AND c.state <> 'draft'");
    case ROLE_DEPUTY:
        bind_i(b, p->deputy_id);
        return buf_puts(sql, " AND (c.published = 1 OR EXISTS (SELECT 1 FROM case_people vp "
                             "WHERE vp.case_id = c.id AND vp.deputy_id = ?))");
    case ROLE_UNIT:
        bind_i(b, p->unit_id);
        return buf_puts(sql, " AND EXISTS (SELECT 1 FROM case_units vu WHERE vu.case_id = c.id "
                             "AND vu.unit_id = ?)");
    default:
        return buf_puts(sql, " AND c.published = 1");
    }
}

static bool is_staff(const principal *p) {
    return p->role == ROLE_STAFF || p->role == ROLE_ADMIN;
}

/* load — the visible case with its kind's fields; RC_NOT_FOUND otherwise. */
static rc_t load(store_conn *c, const case_kind *k, const principal *p, int64_t id, json_t **rec,
                 err *e) {
    buf sql;
    binds b = {0};
    buf_init(&sql, SQL_MAX);
    json_t *arr = json_array();
    *rec = NULL;
    bind_s(&b, k->name);
    rc_t rc = select_sql(k, &sql);
    if (rc == RC_OK)
        rc = buf_puts(&sql, " AND c.id = ?");
    bind_i(&b, id);
    if (rc == RC_OK)
        rc = visibility(p, &sql, &b);
    if (rc == RC_OK)
        rc = rows_json(c, sql.data, &b, arr, e);
    if (rc == RC_OK && json_array_size(arr) == 0)
        rc = err_set(e, RC_NOT_FOUND, NULL, "%s has no case %lld", k->plural, (long long)id);
    if (rc == RC_OK)
        *rec = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    buf_free(&sql);
    return rc;
}

static const char *rec_s(const json_t *rec, const char *key) {
    return json_string_value(json_object_get(rec, key));
}
static int64_t rec_i(const json_t *rec, const char *key) {
    const json_t *v = json_object_get(rec, key);
    if (json_is_boolean(v))
        return json_is_true(v);
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* relation — what p is to the case (CR_* set). */
static rc_t relation(store_conn *c, const principal *p, const json_t *rec, unsigned *who,
                     err *e) {
    *who = 0;
    int64_t id = rec_i(rec, "id");
    if (is_staff(p) && (p->role == ROLE_ADMIN || p->congress_id == rec_i(rec, "congress_id")))
        *who |= CR_STAFF;
    if (p->role == ROLE_DEPUTY && p->deputy_id) {
        store_stmt *st = NULL;
        rc_t rc = store_prepare(c, "SELECT role, from_case_id FROM case_people "
                                   "WHERE case_id = ? AND deputy_id = ?", &st, e);
        if (rc)
            return rc;
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, p->deputy_id);
        while (store_next(st, &rc, e)) {
            const char *role = store_column_text(st, 0);
            bool own = store_column_null(st, 1);
            *who |= CR_OWED;
            if (own && strcmp(role, "lead") == 0)
                *who |= CR_LEAD;
            if (own && strcmp(role, "cosigner") == 0)
                *who |= CR_COSIGNER;
        }
        store_finish(st);
        if (rc)
            return rc;
    }
    if (p->role == ROLE_UNIT && p->unit_id) {
        int64_t n = 0;
        binds b = {0};
        bind_i(&b, id);
        bind_i(&b, p->unit_id);
        rc_t rc = one_int(c, "SELECT COUNT(*) FROM case_units WHERE case_id = ? AND unit_id = ?",
                          &b, &n, e);
        if (rc)
            return rc;
        if (n)
            *who |= CR_UNIT;
    }
    return RC_OK;
}

/* ---- people (for the kinds) ----------------------------------------------------------- */

rc_t case_add_person(store_conn *c, int64_t congress_id, int64_t case_id, int64_t deputy_id,
                     const char *name, const char *role, bool confirmed, const char *field,
                     err *e) {
    char dname[NAME_MAX_BYTES] = "";
    if (deputy_id) {
        store_stmt *st = NULL;
        rc_t rc = store_prepare(c, "SELECT p.name FROM deputies d JOIN persons p ON p.id = d.person_id "
                                   "WHERE d.id = ? AND d.congress_id = ?", &st, e);
        if (rc)
            return rc;
        store_bind_int(st, 1, deputy_id);
        store_bind_int(st, 2, congress_id);
        bool found = store_next(st, &rc, e);
        if (found)
            snprintf(dname, sizeof dname, "%s", store_column_text(st, 0));
        store_finish(st);
        if (rc)
            return rc;
        if (!found)
            return err_set(e, RC_INVALID, field, "deputy %lld is not a deputy of this congress",
                           (long long)deputy_id);
        name = dname;
    }
    binds b = {0};
    bind_i(&b, case_id);
    if (deputy_id)
        bind_i(&b, deputy_id);
    else
        bind_s(&b, NULL);
    bind_s(&b, name && *name ? name : role);
    bind_s(&b, role);
    bind_i(&b, confirmed ? 1 : 0);
    return run(c, "INSERT INTO case_people (case_id, deputy_id, name, role, confirmed) "
                  "VALUES (?, ?, ?, ?, ?)", &b, e);
}

rc_t case_signers(store_conn *c, int64_t case_id, int64_t *n, err *e) {
    binds b = {0};
    bind_i(&b, case_id);
    *n = 0;
    return one_int(c, "SELECT COUNT(*) FROM case_people WHERE case_id = ? AND from_case_id IS NULL "
                      "AND role IN ('lead','cosigner') AND confirmed = 1", &b, n, e);
}

/* ---- kind fields ---------------------------------------------------------------------- */

static void bind_json(binds *b, const json_t *v) {
    if (json_is_integer(v))
        bind_i(b, json_integer_value(v));
    else if (json_is_boolean(v))
        bind_i(b, json_is_true(v));
    else if (json_is_string(v))
        bind_s(b, json_string_value(v));
    else
        bind_s(b, NULL);
}

static const field_def title_field = {"title", "标题", "Title", FT_TEXT, FF_REQUIRED,
                                     .max_len = TITLE_LEN};
static const field_def category_field = {"category", "类别", "Category", FT_TEXT, 0,
                                        .max_len = CATEGORY_LEN};

/* kind_fields — validate every kind field present in `in` (on create, required ones
 * must be present) and write them: INSERT on create, UPDATE otherwise. */
static rc_t kind_fields(store_conn *c, const case_kind *k, int64_t congress_id, int64_t case_id,
                        const json_t *in, bool create, err *e) {
    buf sql;
    binds b = {0};
    buf_init(&sql, SQL_MAX);
    rc_t rc = RC_OK;
    int n = 0;
    if (create) {
        rc = buf_printf(&sql, "INSERT INTO %s (case_id", k->plural);
        bind_i(&b, case_id);
    } else {
        rc = buf_printf(&sql, "UPDATE %s SET case_id = case_id", k->plural);
    }
    for (int i = 0; i < k->nfields && rc == RC_OK; i++) {
        const field_def *f = &k->fields[i];
        const json_t *v = json_object_get(in, f->name);
        if (v && (f->flags & FF_ACTION_ONLY)) {
            rc = err_set(e, RC_INVALID, f->name, "%s is set by an action, not written", f->name);
            break;
        }
        if (!v) {
            if (create && (f->flags & FF_REQUIRED))
                rc = err_set(e, RC_INVALID, f->name, "%s (%s) is required", f->name,
                             f->label_zh);
            continue;
        }
        rc = field_check(c, f, v, congress_id, e);
        if (rc)
            break;
        rc = create ? buf_printf(&sql, ", %s", f->name) : buf_printf(&sql, ", %s = ?", f->name);
        bind_json(&b, v);
        n++;
    }
    if (rc == RC_OK && create) {
        rc = buf_puts(&sql, ") VALUES (?");
        for (int i = 0; i < n && rc == RC_OK; i++)
            rc = buf_puts(&sql, ", ?");
        if (rc == RC_OK)
            rc = buf_puts(&sql, ")");
    } else if (rc == RC_OK) {
        rc = buf_puts(&sql, " WHERE case_id = ?");
        bind_i(&b, case_id);
    }
    if (rc == RC_OK && (create || n))
        rc = run(c, sql.data, &b, e);
    buf_free(&sql);
    return rc;
}

/* ---- history -------------------------------------------------------------------------- */

static rc_t record(store_conn *c, const principal *p, const case_kind *k, const json_t *rec,
                   const char *action, const char *from, const char *to, const json_t *in,
                   err *e) {
    char now[21];
    now_iso(now);
    const char *note = rec_s(in, "text");
    if (!note)
        note = rec_s(in, "reason");
    binds b = {0};
    bind_i(&b, rec_i(rec, "id"));
    bind_s(&b, now);
    if (p->user_id)
        bind_i(&b, p->user_id);
    else
        bind_s(&b, NULL);
    bind_s(&b, p->login[0] ? p->login : NULL);
    bind_s(&b, action);
    bind_s(&b, from);
    bind_s(&b, to);
    bind_s(&b, note);
    rc_t rc = run(c, "INSERT INTO case_events (case_id, at, user_id, login, action, from_state, "
                     "to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &b, e);
    if (rc)
        return rc;
    json_t *before = from ? json_pack("{s:s}", "state", from) : NULL;
    json_t *after = json_pack("{s:s?, s:O?}", "state", to, "input", in);
    char *bt = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *at = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    rc = audit_append(c, p, rec_i(rec, "congress_id"), action, k->plural, rec_i(rec, "id"), bt,
                      at, e);
    free(bt);
    free(at);
    json_decref(before);
    json_decref(after);
    return rc;
}

static rc_t set_state(store_conn *c, int64_t id, case_state to, err *e) {
    char now[21];
    now_iso(now);
    binds b = {0};
    bind_s(&b, case_state_name(to));
    bind_s(&b, now);
    bind_i(&b, id);
    return run(c, "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?", &b, e);
}

/* ---- create and update ---------------------------------------------------------------- */

/* received_on — the kind's arrival date from the input, if given (case_kind
 * received_field): *submitted points at it; later than the congress's today is
 * RC_INVALID naming the field. */
static rc_t received_on(store_conn *c, const case_kind *k, int64_t congress_id, const json_t *in,
                        const char **submitted, err *e) {
    const json_t *v = k->received_field ? json_object_get(in, k->received_field) : NULL;
    date_t d;
    if (!json_is_string(v) || !date_parse(json_string_value(v), &d))
        return RC_OK; /* absent, or field_check names what is wrong with it */
    date_t today = case_today(c, congress_id);
    if (d > today) {
        char t[11];
        date_format(today, t);
        return err_set(e, RC_INVALID, k->received_field, "%s %s is after today (%s)",
                       k->received_field, json_string_value(v), t);
    }
    *submitted = json_string_value(v);
    return RC_OK;
}

rc_t case_create(store_conn *c, const case_kind *k, const principal *p, const json_t *in,
                 json_t **out, err *e) {
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    bool deputy = p->role == ROLE_DEPUTY && k->deputies_create;
    if (!is_staff(p) && !deputy)
        return err_set(e, RC_FORBIDDEN, NULL, "the %s role may not register %s",
                       role_name(p->role), k->plural);
    if (!p->congress_id)
        return err_set(e, RC_FORBIDDEN, NULL, "this account belongs to no congress");
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "send a JSON object");
    json_t *rec = json_deep_copy(in);
    if (deputy) {
        const json_t *lead = json_object_get(in, "lead_deputy_id");
        if (lead && !(json_is_integer(lead) && json_integer_value(lead) == p->deputy_id)) {
            json_decref(rec);
            return err_set(e, RC_FORBIDDEN, "lead_deputy_id",
                           "a deputy writes proposals in their own name");
        }
        json_object_set_new(rec, "lead_deputy_id", json_integer(p->deputy_id));
    }
    int64_t id = 0;
    char now[21], today[11];
    now_iso(now);
    date_format(case_today(c, p->congress_id), today);
    const json_t *title = json_object_get(rec, "title");
    const json_t *category = json_object_get(rec, "category");
    const char *submitted = k->initial == CS_DRAFT ? NULL : today;
    rc_t rc = field_check(c, &title_field, title, p->congress_id, e);
    if (rc == RC_OK && category)
        rc = field_check(c, &category_field, category, p->congress_id, e);
    if (rc == RC_OK)
        rc = received_on(c, k, p->congress_id, rec, &submitted, e);
    if (rc)
        goto done;
    rc = store_begin(c, true, e);
    if (rc)
        goto done;
    binds b = {0};
    bind_i(&b, p->congress_id);
    bind_s(&b, k->name);
    bind_s(&b, case_state_name(k->initial));
    bind_s(&b, json_string_value(title));
    bind_s(&b, json_string_value(category));
    bind_s(&b, submitted);
    bind_i(&b, p->user_id);
    bind_s(&b, now);
    bind_s(&b, now);
    rc = one_int(c, "INSERT INTO cases (congress_id, kind, state, title, category, submitted_on, "
                    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING id", &b, &id, e);
    if (rc == RC_OK)
        rc = kind_fields(c, k, p->congress_id, id, rec, true, e);
    if (rc == RC_OK && k->after_create)
        rc = k->after_create(c, p, id, rec, in, e);
    if (rc == RC_OK) {
        json_t *r = json_pack("{s:I, s:I}", "id", (json_int_t)id, "congress_id",
                              (json_int_t)p->congress_id);
        rc = record(c, p, k, r, "create", NULL, case_state_name(k->initial), in, e);
        json_decref(r);
    }
    if (rc == RC_OK)
        rc = store_commit(c, e);
    if (rc)
        store_rollback(c);
done:
    json_decref(rec);
    if (rc == RC_OK)
        rc = case_get(c, k, p, id, out, e);
    return rc;
}

/* set_cosigners — make the case's own cosigners exactly the given deputies, keeping
 * the confirmations of those who stay. */
static rc_t set_cosigners(store_conn *c, int64_t congress_id, int64_t case_id, int64_t lead,
                          const json_t *list, err *e) {
    if (!json_is_array(list))
        return err_set(e, RC_INVALID, "cosigners", "cosigners must be a list of deputy ids");
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v) {
        if (!json_is_integer(v))
            return err_set(e, RC_INVALID, "cosigners", "cosigners must be a list of deputy ids");
        if (json_integer_value(v) == lead)
            return err_set(e, RC_INVALID, "cosigners", "the lead deputy is not also a cosigner");
        for (size_t j = 0; j < i; j++)
            if (json_integer_value(json_array_get(list, j)) == json_integer_value(v))
                return err_set(e, RC_INVALID, "cosigners", "deputy %lld is listed twice",
                               (long long)json_integer_value(v));
    }
    json_t *old = json_array();
    binds b = {0};
    bind_i(&b, case_id);
    rc_t rc = rows_json(c, "SELECT id, deputy_id FROM case_people WHERE case_id = ? AND "
                           "role = 'cosigner' AND from_case_id IS NULL", &b, old, e);
    json_array_foreach(old, i, v) {
        bool keep = false;
        size_t j;
        const json_t *w;
        json_array_foreach(list, j, w) keep = keep || json_integer_value(w) == rec_i(v, "deputy_id");
        if (!keep && rc == RC_OK) {
            binds d = {0};
            bind_i(&d, rec_i(v, "id"));
            rc = run(c, "DELETE FROM case_people WHERE id = ?", &d, e);
        }
    }
    json_array_foreach(list, i, v) {
        bool have = false;
        size_t j;
        const json_t *w;
        json_array_foreach(old, j, w) have = have || json_integer_value(v) == rec_i(w, "deputy_id");
        if (!have && rc == RC_OK)
            rc = case_add_person(c, congress_id, case_id, json_integer_value(v), NULL, "cosigner",
                                 false, "cosigners", e);
    }
    json_decref(old);
    return rc;
}

rc_t case_set_cosigners(store_conn *c, int64_t congress_id, int64_t case_id, int64_t lead,
                        const json_t *list, err *e) {
    return set_cosigners(c, congress_id, case_id, lead, list, e);
}

rc_t case_update(store_conn *c, const case_kind *k, const principal *p, int64_t id,
                 const json_t *in, json_t **out, err *e) {
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "send a JSON object");
    json_t *rec = NULL;
    unsigned who = 0;
    rc_t rc = store_begin(c, true, e);
    if (rc)
        return rc;
    rc = load(c, k, p, id, &rec, e);
    if (rc == RC_OK)
        rc = relation(c, p, rec, &who, e);
    if (rc)
        goto done;
    if (!(who & (CR_STAFF | CR_LEAD))) {
        rc = err_set(e, RC_FORBIDDEN, NULL, "only staff or the lead deputy may change this case");
        goto done;
    }
    case_state st = CS_DRAFT;
    case_state_parse(rec_s(rec, "state"), &st);
    if (st != CS_DRAFT && st != CS_SUBMITTED) {
        rc = err_set(e, RC_CONFLICT, "state",
                     "the case is %s; it can be changed only while draft or submitted",
                     case_state_name(st));
        goto done;
    }
    if (json_object_get(in, "lead_deputy_id")) {
        rc = err_set(e, RC_INVALID, "lead_deputy_id", "the lead deputy is fixed once written");
        goto done;
    }
    const json_t *title = json_object_get(in, "title");
    const json_t *category = json_object_get(in, "category");
    if (title)
        rc = field_check(c, &title_field, title, rec_i(rec, "congress_id"), e);
    if (rc == RC_OK && category)
        rc = field_check(c, &category_field, category, rec_i(rec, "congress_id"), e);
    if (rc)
        goto done;
    char now[21];
    now_iso(now);
    binds b = {0};
    bind_s(&b, title ? json_string_value(title) : rec_s(rec, "title"));
    bind_s(&b, category ? json_string_value(category) : rec_s(rec, "category"));
    bind_s(&b, now);
    bind_i(&b, id);
    rc = run(c, "UPDATE cases SET title = ?, category = ?, updated_at = ? WHERE id = ?", &b, e);
    if (rc == RC_OK)
        rc = kind_fields(c, k, rec_i(rec, "congress_id"), id, in, false, e);
    const char *submitted = NULL;
    if (rc == RC_OK)
        rc = received_on(c, k, rec_i(rec, "congress_id"), in, &submitted, e);
    if (rc == RC_OK && submitted) {
        binds sb = {0};
        bind_s(&sb, submitted);
        bind_i(&sb, id);
        rc = run(c, "UPDATE cases SET submitted_on = ? WHERE id = ?", &sb, e);
    }
    if (rc == RC_OK && json_object_get(in, "cosigners"))
        rc = set_cosigners(c, rec_i(rec, "congress_id"), id, rec_i(rec, "lead_deputy_id"),
                           json_object_get(in, "cosigners"), e);
    if (rc == RC_OK)
        rc = record(c, p, k, rec, "update", rec_s(rec, "state"), rec_s(rec, "state"), in, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    if (rc)
        store_rollback(c);
    json_decref(rec);
    if (rc == RC_OK)
        rc = case_get(c, k, p, id, out, e);
    return rc;
}

/* ---- actions -------------------------------------------------------------------------- */

typedef struct {
    store_conn *c;
    const case_kind *k;
    const principal *p;
    json_t *rec;
    const json_t *in;
    unsigned who;
    int64_t id, congress_id;
    date_t today;
    char today_s[11];
    case_state to; /* the state the action leads to; KEEP when unchanged */
} act_ctx;

static rc_t body_date(const json_t *in, const char *key, date_t def, date_t *out, err *e) {
    const json_t *v = json_object_get(in, key);
    *out = def;
    if (!v || json_is_null(v))
        return RC_OK;
    if (!json_is_string(v) || !date_parse(json_string_value(v), out))
        return err_set(e, RC_INVALID, key, "%s must be a date YYYY-MM-DD", key);
    return RC_OK;
}

static rc_t body_text(const json_t *in, const char *key, bool required, const char **out,
                      err *e) {
    const json_t *v = json_object_get(in, key);
    *out = NULL;
    if (v && !json_is_null(v) && !json_is_string(v))
        return err_set(e, RC_INVALID, key, "%s must be text", key);
    *out = json_string_value(v);
    if (required && (!*out || !**out))
        return err_set(e, RC_INVALID, key, "%s is required", key);
    if (*out && utf8_chars(*out) > NOTE_LEN)
        return err_set(e, RC_INVALID, key, "%s is longer than %d characters", key, NOTE_LEN);
    return RC_OK;
}

static rc_t body_bool(const json_t *in, const char *key, bool *out, err *e) {
    const json_t *v = json_object_get(in, key);
    if (!json_is_boolean(v))
        return err_set(e, RC_INVALID, key, "%s must be true or false", key);
    *out = json_is_true(v);
    return RC_OK;
}

static rc_t set_case_flag(act_ctx *a, const char *column, bool value, err *e) {
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE cases SET %s = ? WHERE id = ?", column);
    binds b = {0};
    bind_i(&b, value ? 1 : 0);
    bind_i(&b, a->id);
    return run(a->c, sql, &b, e);
}

/* set_case_day — stamp a date column of the case (submitted_on, closed_on) with today. */
static rc_t set_case_day(act_ctx *a, const char *column, err *e) {
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE cases SET %s = ? WHERE id = ?", column);
    binds b = {0};
    bind_s(&b, a->today_s);
    bind_i(&b, a->id);
    return run(a->c, sql, &b, e);
}

static rc_t act_confirm(act_ctx *a, err *e) {
    binds b = {0};
    bind_i(&b, a->id);
    bind_i(&b, a->p->deputy_id);
    return run(a->c, "UPDATE case_people SET confirmed = 1 WHERE case_id = ? AND deputy_id = ? "
                     "AND role = 'cosigner'", &b, e);
}

static rc_t act_submit(act_ctx *a, err *e) { return set_case_day(a, "submitted_on", e); }

static const char *const decline_reasons[] = {"outside_jurisdiction", "private_affairs",
                                              "petition_letter", "advertising", "no_content",
                                              NULL};

static rc_t act_decline(act_ctx *a, err *e) {
    const char *reason = NULL, *text = NULL;
    rc_t rc = body_text(a->in, "reason", true, &reason, e);
    if (rc == RC_OK && !name_in(reason, decline_reasons))
        rc = err_set(e, RC_INVALID, "reason", "reason must be one of outside_jurisdiction, "
                     "private_affairs, petition_letter, advertising, no_content");
    if (rc == RC_OK)
        rc = body_text(a->in, "text", false, &text, e);
    if (rc)
        return rc;
    binds b = {0};
    bind_s(&b, reason);
    bind_s(&b, text);
    bind_s(&b, a->today_s);
    bind_i(&b, a->id);
    return run(a->c, "UPDATE cases SET decline_reason = ?, decline_text = ?, closed_on = ? "
                     "WHERE id = ?", &b, e);
}

/* unit_due — the deadline a unit in this role gets when assigned on `on`. */
static rc_t unit_due(act_ctx *a, const char *role, date_t on, bool difficult, date_t *due) {
    if (strcmp(role, "co") == 0) {
        *due = case_due_months(on, (int)settings_get(a->c, a->congress_id, "co_unit_view_months"));
    } else if (a->k == &petition_kind) {
        *due = case_due_days(on, (int)settings_get(a->c, a->congress_id, "petition_reply_days"));
    } else {
        *due = case_due_months(on, (int)settings_get(a->c, a->congress_id,
                                                     difficult ? "reply_months_difficult"
                                                               : "reply_months"));
    }
    return RC_OK;
}

static rc_t act_assign(act_ctx *a, err *e) {
    const json_t *units = json_object_get(a->in, "units");
    date_t on, due = 0;
    bool difficult = false;
    rc_t rc = body_date(a->in, "assigned_on", a->today, &on, e);
    if (rc)
        return rc;
    if (json_object_get(a->in, "difficult")) {
        rc = body_bool(a->in, "difficult", &difficult, e);
        if (rc)
            return rc;
    }
    if (!json_is_array(units) || json_array_size(units) == 0)
        return err_set(e, RC_INVALID, "units", "units must list at least one {unit_id, role}");
    int leads = 0, cos = 0, separate = 0;
    size_t i;
    const json_t *u;
    json_array_foreach(units, i, u) {
        const char *role = rec_s(u, "role");
        if (!json_is_integer(json_object_get(u, "unit_id")))
            return err_set(e, RC_INVALID, "units", "each unit needs a unit_id");
        for (size_t j = 0; j < i; j++)
            if (rec_i(json_array_get(units, j), "unit_id") == rec_i(u, "unit_id"))
                return err_set(e, RC_INVALID, "units", "unit %lld is listed twice",
                               (long long)rec_i(u, "unit_id"));
        if (role && strcmp(role, "lead") == 0)
            leads++;
        else if (role && strcmp(role, "co") == 0)
            cos++;
        else if (role && strcmp(role, "separate") == 0)
            separate++;
        else
            return err_set(e, RC_INVALID, "units", "a unit's role is lead, co or separate");
        static const field_def unit_ref = {"units", "承办单位", "Units", FT_REF, FF_REQUIRED,
                                           .ref = "units"};
        rc = field_check(a->c, &unit_ref, json_object_get(u, "unit_id"), a->congress_id, e);
        if (rc)
            return rc;
    }
    if (separate ? (leads || cos) : leads != 1)
        return err_set(e, RC_INVALID, "units",
                       "assign one lead unit (with any co units) or one or more separate units");
    binds d = {0};
    bind_i(&d, a->id);
    rc = run(a->c, "DELETE FROM case_units WHERE case_id = ?", &d, e);
    char on_s[11], due_s[11];
    date_format(on, on_s);
    json_array_foreach(units, i, u) {
        if (rc)
            break;
        date_t ud;
        unit_due(a, rec_s(u, "role"), on, difficult, &ud);
        if (strcmp(rec_s(u, "role"), "co") != 0)
            due = ud;
        char ud_s[11];
        date_format(ud, ud_s);
        binds b = {0};
        bind_i(&b, a->id);
        bind_i(&b, rec_i(u, "unit_id"));
        bind_s(&b, rec_s(u, "role"));
        bind_s(&b, on_s);
        bind_s(&b, ud_s);
        rc = run(a->c, "INSERT INTO case_units (case_id, unit_id, role, state, assigned_on, due_on) "
                       "VALUES (?, ?, ?, 'assigned', ?, ?)", &b, e);
    }
    if (rc)
        return rc;
    date_format(due, due_s);
    binds b = {0};
    bind_s(&b, on_s);
    bind_s(&b, due_s);
    bind_i(&b, difficult ? 1 : 0);
    bind_i(&b, a->id);
    return run(a->c, "UPDATE cases SET assigned_on = ?, due_on = ?, difficult = ? WHERE id = ?",
               &b, e);
}

/* settle — after a return or a reply: the case is returned when no answering unit is
 * left, replied when every answering unit has replied this round. */
static rc_t settle(act_ctx *a, err *e) {
    int64_t left = 0, waiting = 0;
    binds b = {0};
    bind_i(&b, a->id);
    rc_t rc = one_int(a->c, "SELECT COUNT(*) FROM case_units WHERE case_id = ? AND "
                            "role IN ('lead','separate') AND state <> 'returned'", &b, &left, e);
    if (rc == RC_OK)
        rc = one_int(a->c, "SELECT COUNT(*) FROM case_units WHERE case_id = ? AND "
                           "role IN ('lead','separate') AND state = 'assigned'", &b, &waiting, e);
    if (rc)
        return rc;
    if (!left)
        a->to = CS_RETURNED;
    else if (!waiting)
        a->to = CS_REPLIED;
    return RC_OK;
}

/* my_unit — the caller's case_units row: role, state and assigned_on. */
static rc_t my_unit(act_ctx *a, json_t **row, err *e) {
    json_t *arr = json_array();
    binds b = {0};
    bind_i(&b, a->id);
    bind_i(&b, a->p->unit_id);
    rc_t rc = rows_json(a->c, "SELECT id, role, state, assigned_on FROM case_units "
                              "WHERE case_id = ? AND unit_id = ?", &b, arr, e);
    *row = rc == RC_OK ? json_incref(json_array_get(arr, 0)) : NULL;
    json_decref(arr);
    if (rc == RC_OK && !*row)
        rc = err_set(e, RC_FORBIDDEN, NULL, "this case is not assigned to your unit");
    return rc;
}

static rc_t act_return(act_ctx *a, err *e) {
    json_t *u = NULL;
    const char *reason = NULL;
    rc_t rc = body_text(a->in, "reason", true, &reason, e);
    if (rc == RC_OK)
        rc = my_unit(a, &u, e);
    if (rc)
        return rc;
    date_t on = 0, limit = 0;
    if (strcmp(rec_s(u, "state"), "assigned") != 0)
        rc = err_set(e, RC_CONFLICT, "state", "your unit's part of this case is %s; only an "
                     "assigned unit may return it", rec_s(u, "state"));
    if (rc == RC_OK && date_parse(rec_s(u, "assigned_on"), &on))
        rc = working_after(a->c, a->congress_id, on,
                           (int)settings_get(a->c, a->congress_id, "case_return_working_days"),
                           &limit, e);
    if (rc == RC_OK && a->today > limit) {
        char l[11];
        date_format(limit, l);
        rc = err_set(e, RC_CONFLICT, "state", "the time to return this case ended on %s", l);
    }
    if (rc == RC_OK) {
        binds b = {0};
        bind_s(&b, reason);
        bind_i(&b, rec_i(u, "id"));
        rc = run(a->c, "UPDATE case_units SET state = 'returned', return_reason = ? WHERE id = ?",
                 &b, e);
    }
    json_decref(u);
    return rc ? rc : settle(a, e);
}

/* reply_class — "A" … as many letters as the setting reply_class_count. */
static rc_t reply_class(act_ctx *a, const char **cls, err *e) {
    rc_t rc = body_text(a->in, "class", true, cls, e);
    if (rc)
        return rc;
    long long n = settings_get(a->c, a->congress_id, "reply_class_count");
    if (strlen(*cls) != 1 || (*cls)[0] < 'A' || (*cls)[0] >= 'A' + n)
        return err_set(e, RC_INVALID, "class", "class must be a letter from A to %c",
                       (char)('A' + n - 1));
    return RC_OK;
}

static rc_t insert_reply(act_ctx *a, const char *kind, const char *cls, const char *text,
                         err *e) {
    binds b = {0};
    bind_i(&b, a->id);
    bind_i(&b, a->p->unit_id);
    bind_i(&b, rec_i(a->rec, "round"));
    bind_s(&b, kind);
    bind_s(&b, cls);
    bind_s(&b, text);
    bind_s(&b, a->today_s);
    bind_i(&b, a->p->user_id);
    return run(a->c, "INSERT INTO case_replies (case_id, unit_id, round, kind, class, text, "
                     "replied_on, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &b, e);
}

static rc_t act_reply(act_ctx *a, err *e) {
    json_t *u = NULL;
    const char *text = NULL, *cls = NULL;
    rc_t rc = my_unit(a, &u, e);
    if (rc)
        return rc;
    bool co = strcmp(rec_s(u, "role"), "co") == 0;
    if (strcmp(rec_s(u, "state"), "assigned") != 0)
        rc = err_set(e, RC_CONFLICT, "state", "your unit's part of this case is %s; it has "
                     "nothing to reply to now", rec_s(u, "state"));
    if (rc == RC_OK)
        rc = body_text(a->in, "text", true, &text, e);
    if (rc == RC_OK && !co)
        rc = reply_class(a, &cls, e);
    if (rc == RC_OK)
        rc = insert_reply(a, co ? "co_view" : "reply", cls, text, e);
    if (rc == RC_OK) {
        binds b = {0};
        bind_i(&b, rec_i(u, "id"));
        rc = run(a->c, "UPDATE case_units SET state = 'replied' WHERE id = ? AND state = 'assigned'",
                 &b, e);
    }
    json_decref(u);
    return rc ? rc : settle(a, e);
}

static rc_t act_follow_up(act_ctx *a, err *e) {
    const char *text = NULL, *cls = NULL;
    int64_t b_replies = 0;
    binds b = {0};
    bind_i(&b, a->id);
    bind_i(&b, a->p->unit_id);
    rc_t rc = one_int(a->c, "SELECT COUNT(*) FROM case_replies WHERE case_id = ? AND unit_id = ? "
                            "AND kind IN ('reply','follow_up') AND class = 'B'", &b, &b_replies, e);
    if (rc == RC_OK && !b_replies)
        rc = err_set(e, RC_CONFLICT, "class", "a follow-up answers a B-class reply; your unit "
                     "gave none on this case");
    if (rc == RC_OK)
        rc = body_text(a->in, "text", true, &text, e);
    if (rc == RC_OK)
        rc = reply_class(a, &cls, e);
    return rc ? rc : insert_reply(a, "follow_up", cls, text, e);
}

static const char *const ratings[] = {"satisfied", "basically_satisfied", "unsatisfied", NULL};

static rc_t act_feedback(act_ctx *a, err *e) {
    const char *rating = NULL, *text = NULL;
    int64_t person = 0;
    rc_t rc = body_text(a->in, "rating", true, &rating, e);
    if (rc == RC_OK && !name_in(rating, ratings))
        rc = err_set(e, RC_INVALID, "rating",
                     "rating must be satisfied, basically_satisfied or unsatisfied");
    if (rc == RC_OK)
        rc = body_text(a->in, "text", false, &text, e);
    if (rc)
        return rc;
    binds b = {0};
    bind_i(&b, a->id);
    if (a->who & CR_OWED) {
        bind_i(&b, a->p->deputy_id);
        rc = one_int(a->c, "SELECT MIN(id) FROM case_people WHERE case_id = ? AND deputy_id = ?",
                     &b, &person, e);
    } else {
        const json_t *pid = json_object_get(a->in, "person_id");
        if (!json_is_integer(pid))
            return err_set(e, RC_INVALID, "person_id",
                           "staff record feedback for a voter or petitioner: name person_id");
        bind_i(&b, json_integer_value(pid));
        rc = one_int(a->c, "SELECT id FROM case_people WHERE case_id = ? AND id = ? AND "
                           "deputy_id IS NULL", &b, &person, e);
        if (rc == RC_OK && !person)
            return err_set(e, RC_INVALID, "person_id", "person_id is not a voter or petitioner "
                           "owed this case's reply (deputies give their own feedback)");
    }
    if (rc)
        return rc;
    int64_t given = 0;
    binds g = {0};
    bind_i(&g, a->id);
    bind_i(&g, rec_i(a->rec, "round"));
    bind_i(&g, person);
    rc = one_int(a->c, "SELECT COUNT(*) FROM case_feedback WHERE case_id = ? AND round = ? AND "
                       "person_id = ?", &g, &given, e);
    if (rc == RC_OK && given)
        rc = err_set(e, RC_CONFLICT, "rating", "feedback for this reply was already given");
    if (rc)
        return rc;
    binds f = {0};
    bind_i(&f, a->id);
    bind_i(&f, rec_i(a->rec, "round"));
    bind_i(&f, person);
    bind_s(&f, rating);
    bind_s(&f, text);
    bind_s(&f, a->today_s);
    bind_i(&f, a->p->user_id);
    rc = run(a->c, "INSERT INTO case_feedback (case_id, round, person_id, rating, text, given_on, "
                   "user_id) VALUES (?, ?, ?, ?, ?, ?, ?)", &f, e);
    if (rc || strcmp(rating, "unsatisfied") != 0)
        return rc;
    /* Re-handling: a new round, the answering units answer again by the new date. */
    char due_s[11];
    date_format(case_due_months(a->today, (int)settings_get(a->c, a->congress_id,
                                                            "rehandle_months")), due_s);
    binds r = {0};
    bind_s(&r, due_s);
    bind_i(&r, a->id);
    rc = run(a->c, "UPDATE cases SET round = round + 1, due_on = ? WHERE id = ?", &r, e);
    if (rc == RC_OK)
        rc = run(a->c, "UPDATE case_units SET state = 'assigned', due_on = ? WHERE case_id = ? "
                       "AND role IN ('lead','separate') AND state = 'replied'", &r, e);
    a->to = CS_REHANDLING;
    return rc;
}

/* move_due — approve a new deadline for the case and its waiting answering units. */
static rc_t move_due(act_ctx *a, const char *due_s, err *e) {
    binds b = {0};
    bind_s(&b, due_s);
    bind_i(&b, a->id);
    rc_t rc = run(a->c, "UPDATE cases SET due_on = ? WHERE id = ?", &b, e);
    if (rc == RC_OK)
        rc = run(a->c, "UPDATE case_units SET due_on = ? WHERE case_id = ? AND "
                       "role IN ('lead','separate') AND state = 'assigned'", &b, e);
    if (rc == RC_OK && a->k == &petition_kind) {
        binds p = {0};
        bind_i(&p, a->id);
        rc = run(a->c, "UPDATE petitions SET extended = 1 WHERE case_id = ?", &p, e);
    }
    return rc;
}

/* new_due — the extended deadline: petitions get petition_extension_days once;
 * others the date asked for, after the current one. */
static rc_t new_due(act_ctx *a, const char *asked, char out[11], err *e) {
    date_t cur = 0, d = 0;
    date_parse(rec_s(a->rec, "due_on"), &cur);
    if (a->k == &petition_kind) {
        if (rec_i(a->rec, "extended"))
            return err_set(e, RC_CONFLICT, "due_on", "a petition is extended only once");
        d = case_due_days(cur, (int)settings_get(a->c, a->congress_id, "petition_extension_days"));
    } else if (!asked || !date_parse(asked, &d)) {
        return err_set(e, RC_INVALID, "due_on", "due_on (YYYY-MM-DD) is required");
    } else if (d <= cur) {
        return err_set(e, RC_INVALID, "due_on", "due_on must be after the current deadline %s",
                       rec_s(a->rec, "due_on"));
    }
    date_format(d, out);
    return RC_OK;
}

static rc_t act_extend(act_ctx *a, err *e) {
    const char *reason = NULL, *due_in = NULL;
    char due_s[11];
    rc_t rc = body_text(a->in, "due_on", false, &due_in, e);
    if (rc)
        return rc;
    const json_t *ext = json_object_get(a->in, "extension_id");
    if (!(a->who & CR_STAFF)) {
        /* a unit's request, for staff to decide */
        rc = body_text(a->in, "reason", true, &reason, e);
        if (rc == RC_OK && a->k == &petition_kind && rec_i(a->rec, "extended"))
            rc = err_set(e, RC_CONFLICT, "due_on", "a petition is extended only once");
        if (rc)
            return rc;
        binds b = {0};
        bind_i(&b, a->id);
        bind_i(&b, a->p->unit_id);
        bind_s(&b, reason);
        bind_s(&b, due_in);
        bind_s(&b, a->today_s);
        return run(a->c, "INSERT INTO case_extensions (case_id, unit_id, reason, new_due_on, state, "
                         "created_at) VALUES (?, ?, ?, ?, 'requested', ?)", &b, e);
    }
    if (ext) {
        json_t *arr = json_array();
        binds b = {0};
        bind_i(&b, json_is_integer(ext) ? json_integer_value(ext) : 0);
        bind_i(&b, a->id);
        rc = rows_json(a->c, "SELECT id, new_due_on, state FROM case_extensions WHERE id = ? AND "
                             "case_id = ?", &b, arr, e);
        json_t *x = json_array_get(arr, 0);
        bool approve = true;
        if (rc == RC_OK && !x)
            rc = err_set(e, RC_INVALID, "extension_id", "this case has no such extension request");
        if (rc == RC_OK && strcmp(rec_s(x, "state"), "requested") != 0)
            rc = err_set(e, RC_CONFLICT, "extension_id", "this request was already %s",
                         rec_s(x, "state"));
        if (rc == RC_OK && json_object_get(a->in, "approve"))
            rc = body_bool(a->in, "approve", &approve, e);
        if (rc == RC_OK && approve)
            rc = new_due(a, due_in ? due_in : rec_s(x, "new_due_on"), due_s, e);
        if (rc == RC_OK && approve)
            rc = move_due(a, due_s, e);
        if (rc == RC_OK) {
            binds d = {0};
            bind_s(&d, approve ? "approved" : "refused");
            bind_s(&d, approve ? due_s : NULL);
            bind_i(&d, a->p->user_id);
            bind_s(&d, a->today_s);
            bind_i(&d, rec_i(x, "id"));
            rc = run(a->c, "UPDATE case_extensions SET state = ?, new_due_on = COALESCE(?, "
                           "new_due_on), decided_by = ?, decided_on = ? WHERE id = ?", &d, e);
        }
        json_decref(arr);
        return rc;
    }
    /* staff extend directly */
    rc = body_text(a->in, "reason", true, &reason, e);
    if (rc == RC_OK)
        rc = new_due(a, due_in, due_s, e);
    if (rc == RC_OK)
        rc = move_due(a, due_s, e);
    if (rc)
        return rc;
    binds b = {0};
    bind_i(&b, a->id);
    bind_s(&b, reason);
    bind_s(&b, due_s);
    bind_i(&b, a->p->user_id);
    bind_s(&b, a->today_s);
    bind_s(&b, a->today_s);
    return run(a->c, "INSERT INTO case_extensions (case_id, reason, new_due_on, state, decided_by, "
                     "decided_on, created_at) VALUES (?, ?, ?, 'approved', ?, ?, ?)", &b, e);
}

static rc_t act_close(act_ctx *a, err *e) { return set_case_day(a, "closed_on", e); }

static rc_t act_forward(act_ctx *a, err *e) {
    const char *to = NULL;
    date_t on = 0, received = 0;
    rc_t rc = body_text(a->in, "to", true, &to, e);
    if (rc == RC_OK)
        rc = body_date(a->in, "forwarded_on", a->today, &on, e);
    if (rc)
        return rc;
    if (!date_parse(rec_s(a->rec, "received_on"), &received))
        date_parse(rec_s(a->rec, "submitted_on"), &received);
    long long days = settings_get(a->c, a->congress_id, "petition_forward_days");
    if (received && on > received + days)
        return err_set(e, RC_INVALID, "forwarded_on",
                       "a petition is forwarded within %lld days of receipt", days);
    if (received && on < received)
        return err_set(e, RC_INVALID, "forwarded_on", "forwarded_on is before the petition was "
                       "received");
    char on_s[11];
    date_format(on, on_s);
    binds b = {0};
    bind_s(&b, to);
    bind_s(&b, on_s);
    bind_i(&b, a->id);
    rc = run(a->c, "UPDATE petitions SET forwarded_to = ?, forwarded_on = ? WHERE case_id = ?", &b, e);
    return rc ? rc : act_close(a, e);
}

static rc_t act_merge(act_ctx *a, err *e) {
    const json_t *into = json_object_get(a->in, "into");
    if (!json_is_integer(into))
        return err_set(e, RC_INVALID, "into", "into must be the id of the main case");
    int64_t main_id = json_integer_value(into), ok = 0;
    if (main_id == a->id)
        return err_set(e, RC_INVALID, "into", "a case cannot be merged into itself");
    binds b = {0};
    bind_i(&b, main_id);
    bind_s(&b, a->k->name);
    bind_i(&b, a->congress_id);
    rc_t rc = one_int(a->c, "SELECT COUNT(*) FROM cases WHERE id = ? AND kind = ? AND "
                            "congress_id = ? AND state NOT IN ('draft','declined','withdrawn',"
                            "'merged')", &b, &ok, e);
    if (rc == RC_OK && !ok)
        rc = err_set(e, RC_INVALID, "into", "case %lld is not an open case of this kind",
                     (long long)main_id);
    if (rc)
        return rc;
    /* The merged case's people are owed the main case's reply (docs/cases.md). */
    binds m = {0};
    bind_i(&m, main_id);
    bind_i(&m, a->id);
    bind_i(&m, a->id);
    bind_i(&m, main_id);
    rc = run(a->c, "INSERT INTO case_people (case_id, deputy_id, name, role, confirmed, "
                   "from_case_id) SELECT ?, deputy_id, name, role, confirmed, ? FROM case_people "
                   "WHERE case_id = ? AND (deputy_id IS NULL OR deputy_id NOT IN (SELECT x.deputy_id "
                   "FROM case_people x WHERE x.case_id = ? AND x.deputy_id IS NOT NULL))", &m, e);
    if (rc)
        return rc;
    binds u = {0};
    bind_i(&u, main_id);
    bind_s(&u, a->today_s);
    bind_i(&u, a->id);
    rc = run(a->c, "UPDATE cases SET merged_into = ?, closed_on = ? WHERE id = ?", &u, e);
    if (rc)
        return rc;
    /* The main case's history (and the audit trail) says what came in and from where:
     * its state does not change. */
    json_t *main_rec = NULL;
    binds ms = {0};
    bind_i(&ms, main_id);
    json_t *rows = json_array();
    rc = rows_json(a->c, "SELECT id, congress_id, state FROM cases WHERE id = ?", &ms, rows, e);
    main_rec = json_array_get(rows, 0);
    if (rc == RC_OK && main_rec) {
        const char *title = rec_s(a->rec, "title");
        json_t *in = json_pack("{s:I, s:o}", "from", (json_int_t)a->id, "text",
                               json_sprintf("#%lld %s", (long long)a->id, title ? title : ""));
        const char *st = rec_s(main_rec, "state");
        rc = in ? record(a->c, a->p, a->k, main_rec, "merge_in", st, st, in, e)
                : err_set(e, RC_NOMEM, NULL, "out of memory");
        json_decref(in);
    }
    json_decref(rows);
    return rc;
}

static rc_t act_flag(act_ctx *a, const char *key, err *e) {
    bool v = false;
    rc_t rc = body_bool(a->in, key, &v, e);
    return rc ? rc : set_case_flag(a, key, v, e);
}

static rc_t act_convert(act_ctx *a, err *e) {
    binds b = {0};
    bind_i(&b, a->id);
    return run(a->c, "UPDATE proposals SET kind = 'suggestion' WHERE case_id = ?", &b, e);
}

static rc_t act_supervise(act_ctx *a, err *e) { return act_flag(a, "key_supervision", e); }
static rc_t act_publish(act_ctx *a, err *e) { return act_flag(a, "published", e); }
static rc_t act_none(act_ctx *a, err *e) { return RC_OK; } /* the state change is all */

/* t_handler — what an action does beyond its state change (case_transitions says
 * from where, to where and who; this says how). */
static rc_t (*t_handler(const char *action))(act_ctx *, err *) {
    static const struct {
        const char *name;
        rc_t (*fn)(act_ctx *, err *);
    } handlers[] = {
        {"confirm", act_confirm},     {"submit", act_submit},   {"decline", act_decline},
        {"convert", act_convert},     {"assign", act_assign},   {"return", act_return},
        {"reply", act_reply},         {"follow_up", act_follow_up},
        {"feedback", act_feedback},   {"extend", act_extend},   {"close", act_close},
        {"withdraw", act_close},      {"forward", act_forward}, {"merge", act_merge},
        {"supervise", act_supervise}, {"publish", act_publish},
    };
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (strcmp(handlers[i].name, action) == 0)
            return handlers[i].fn;
    return act_none; /* accept: nothing but the state change */
}

rc_t case_act(store_conn *c, const case_kind *k, const principal *p, int64_t id,
              const char *action, const json_t *in, json_t **out, err *e) {
    *out = NULL;
    act_ctx a = {.c = c, .k = k, .p = p, .in = in, .id = id, .to = KEEP};
    const case_transition *t = case_transition_find(action);
    if (!t)
        return err_set(e, RC_NOT_FOUND, NULL, "there is no action %s; see docs/cases.md", action);
    if (in && !json_is_object(in))
        return err_set(e, RC_INVALID, "", "send a JSON object");
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    if (in) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)in, key, v) {
            if (strcmp(key, "text") != 0 && !word_in(t->keys, key))
                return err_set(e, RC_INVALID, key, "%s takes no %s", action, key);
        }
    }
    json_t *empty = json_object();
    if (!a.in)
        a.in = empty;
    rc_t rc = store_begin(c, true, e);
    if (rc)
        goto out;
    /* Take the case's row lock first, so two actions on one case run one after the
     * other and the second sees the first's result (PostgreSQL; SQLite's write
     * transactions are serial anyway). */
    binds lock = {0};
    bind_i(&lock, id);
    rc = run(c, "UPDATE cases SET updated_at = updated_at WHERE id = ?", &lock, e);
    if (rc == RC_OK)
        rc = load(c, k, p, id, &a.rec, e);
    if (rc == RC_OK)
        rc = relation(c, p, a.rec, &a.who, e);
    if (rc)
        goto done;
    if (p->role == ROLE_ANON) {
        rc = err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
        goto done;
    }
    a.congress_id = rec_i(a.rec, "congress_id");
    a.today = case_today(c, a.congress_id);
    date_format(a.today, a.today_s);
    case_state from = CS_DRAFT;
    case_state_parse(rec_s(a.rec, "state"), &from);
    rc = case_check(t, from, a.who, e);
    if (rc == RC_OK && k->check_action)
        rc = k->check_action(c, a.congress_id, id, action, a.rec, e);
    if (rc)
        goto done;
    a.to = t->to;
    rc = t_handler(action)(&a, e);
    if (rc)
        goto done;
    case_state to = a.to == KEEP ? from : a.to;
    if (to != from)
        rc = set_state(c, id, to, e);
    if (rc == RC_OK)
        rc = record(c, p, k, a.rec, action, case_state_name(from), case_state_name(to), a.in, e);
    if (rc == RC_OK)
        rc = store_commit(c, e);
done:
    if (rc)
        store_rollback(c);
    json_decref(a.rec);
    if (rc == RC_OK)
        rc = case_get(c, k, p, id, out, e);
out:
    json_decref(empty);
    return rc;
}

/* ---- reading -------------------------------------------------------------------------- */

typedef struct {
    date_t today, soon; /* soon: the last day that counts as due soon */
} clock_view;

static rc_t clock_for(store_conn *c, const principal *p, clock_view *cv, err *e) {
    cv->today = case_today(c, p->congress_id);
    return working_after(c, p->congress_id, cv->today,
                         (int)settings_get(c, p->congress_id, "due_soon_working_days"), &cv->soon,
                         e);
}

/* decorate — overdue and due_soon, computed from today. */
static void decorate(json_t *rec, const clock_view *cv) {
    const char *st = rec_s(rec, "state");
    date_t due;
    bool open = st && (strcmp(st, "assigned") == 0 || strcmp(st, "rehandling") == 0);
    bool has_due = date_parse(rec_s(rec, "due_on"), &due);
    json_object_set_new(rec, "overdue", json_boolean(open && has_due && cv->today > due));
    json_object_set_new(rec, "due_soon",
                        json_boolean(open && has_due && due >= cv->today && due <= cv->soon));
}

static void hide_private(json_t *rec, const principal *p) {
    if (!is_staff(p) && p->role != ROLE_MEMBER) {
        json_object_del(rec, "phone");
        json_object_del(rec, "voter_phone");
    }
    if (p->role != ROLE_ANON)
        return;
    /* The public sees a published case and its replies, not who in the office did what,
     * what people said in their feedback, or the names of voters and petitioners. */
    json_object_del(rec, "feedback");
    json_object_del(rec, "extensions");
    json_object_del(rec, "petitioner");
    json_object_del(rec, "voter_name");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(rec, "history"), i, it) {
        json_object_del(it, "login");
        json_object_del(it, "note");
    }
    json_array_foreach(json_object_get(rec, "people"), i, it) {
        const char *role = json_string_value(json_object_get(it, "role"));
        if (role && (strcmp(role, "voter") == 0 || strcmp(role, "petitioner") == 0))
            json_object_set_new(it, "name", json_null());
    }
}

rc_t case_get(store_conn *c, const case_kind *k, const principal *p, int64_t id, json_t **out,
              err *e) {
    *out = NULL;
    json_t *rec = NULL;
    clock_view cv;
    rc_t rc = store_begin(c, false, e);
    if (rc)
        return rc;
    rc = load(c, k, p, id, &rec, e);
    if (rc == RC_OK)
        rc = clock_for(c, p, &cv, e);
    static const struct {
        const char *key, *sql;
    } parts[] = {
        {"people", "SELECT id, deputy_id, name, role, confirmed, from_case_id FROM case_people "
                   "WHERE case_id = ? ORDER BY id"},
        {"units", "SELECT cu.id, cu.unit_id, u.name AS unit_name, cu.role, cu.state, "
                  "cu.assigned_on, cu.due_on, cu.return_reason FROM case_units cu JOIN units u "
                  "ON u.id = cu.unit_id WHERE cu.case_id = ? ORDER BY cu.id"},
        {"replies", "SELECT r.id, r.unit_id, u.name AS unit_name, r.round, r.kind, r.class, "
                    "r.text, r.replied_on FROM case_replies r JOIN units u ON u.id = r.unit_id "
                    "WHERE r.case_id = ? ORDER BY r.id"},
        {"feedback", "SELECT f.id, f.round, f.person_id, cp.name, f.rating, f.text, f.given_on "
                     "FROM case_feedback f JOIN case_people cp ON cp.id = f.person_id "
                     "WHERE f.case_id = ? ORDER BY f.id"},
        {"extensions", "SELECT id, unit_id, reason, new_due_on, state, decided_by, decided_on, "
                       "created_at FROM case_extensions WHERE case_id = ? ORDER BY id"},
        {"history", "SELECT id, at, login, action, from_state, to_state, note FROM case_events "
                    "WHERE case_id = ? ORDER BY id"},
    };
    for (size_t i = 0; rc == RC_OK && i < sizeof parts / sizeof parts[0]; i++) {
        json_t *arr = json_array();
        binds b = {0};
        bind_i(&b, id);
        rc = rows_json(c, parts[i].sql, &b, arr, e);
        json_object_set_new(rec, parts[i].key, arr);
    }
    store_rollback(c);
    if (rc) {
        json_decref(rec);
        return rc;
    }
    decorate(rec, &cv);
    hide_private(rec, p);
    *out = rec;
    return RC_OK;
}

static const char *param(const list_query *q, const char *key) {
    for (int i = 0; i < q->n && i < QUERY_PARAMS_MAX; i++)
        if (strcmp(q->params[i].key, key) == 0)
            return q->params[i].value ? q->params[i].value : "";
    return NULL;
}

static bool parse_ll(const char *s, long long *out) {
    char *end = NULL;
    if (!s || !*s)
        return false;
    *out = strtoll(s, &end, 10);
    return *end == '\0';
}

/* like_word — "%word%" with LIKE's wildcards taken literally, in the arena-less way:
 * written into out. */
static void like_word(const char *w, size_t n, char *out, size_t cap) {
    size_t j = 0;
    out[j++] = '%';
    for (size_t i = 0; i < n && j + 3 < cap; i++) {
        if (w[i] == '%' || w[i] == '_' || w[i] == '\\')
            out[j++] = '\\';
        out[j++] = w[i];
    }
    out[j++] = '%';
    out[j] = '\0';
}

#define LIKE_MAX 256

typedef struct {
    char words[Q_WORDS_MAX][LIKE_MAX];
    char dates[2][11];
} filter_store;

/* filters — the list's and statistics' filters as conditions on c and k. */
static rc_t filters(const case_kind *k, const principal *p, const list_query *q,
                    const clock_view *cv, buf *sql, binds *b, filter_store *fs, err *e) {
    rc_t rc = RC_OK;
    const char *v = param(q, "q");
    int nw = 0;
    for (const char *s = v; s && *s && rc == RC_OK;) {
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strcspn(s, " \t");
        if (!n)
            break;
        if (nw == Q_WORDS_MAX)
            return err_set(e, RC_BAD_REQUEST, "q", "q has more than %d words", Q_WORDS_MAX);
        like_word(s, n, fs->words[nw], LIKE_MAX);
        rc = buf_puts(sql, " AND (c.title LIKE ? ESCAPE '\\' OR c.category LIKE ? ESCAPE '\\')");
        bind_s(b, fs->words[nw]);
        bind_s(b, fs->words[nw]);
        nw++;
        s += n;
    }
    static const struct {
        const char *key, *cond;
        bool integer;
    } simple[] = {
        {"state", " AND c.state = ?", false},
        {"category", " AND c.category = ?", false},
        {"unit_id", " AND EXISTS (SELECT 1 FROM case_units fu WHERE fu.case_id = c.id AND "
                    "fu.unit_id = ?)", true},
        {"key_supervision", " AND c.key_supervision = ?", true},
        {"published", " AND c.published = ?", true},
        {"year", " AND SUBSTR(COALESCE(c.submitted_on, c.created_at), 1, 4) = ?", false},
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0] && rc == RC_OK; i++) {
        v = param(q, simple[i].key);
        if (!v)
            continue;
        long long x = 0;
        if (simple[i].integer) {
            if (strcmp(simple[i].key, "key_supervision") == 0 || strcmp(simple[i].key, "published") == 0)
                x = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
            else if (!parse_ll(v, &x))
                return err_set(e, RC_BAD_REQUEST, simple[i].key, "%s must be a number",
                               simple[i].key);
            bind_i(b, x);
        } else {
            if (strcmp(simple[i].key, "state") == 0) {
                case_state s;
                if (!case_state_parse(v, &s))
                    return err_set(e, RC_BAD_REQUEST, "state", "state %s is not a case state", v);
            }
            if (strcmp(simple[i].key, "year") == 0 && (!parse_ll(v, &x) || strlen(v) != 4))
                return err_set(e, RC_BAD_REQUEST, "year", "year must be like 2024");
            bind_s(b, v);
        }
        rc = buf_puts(sql, simple[i].cond);
    }
    /* the kind's own filterable fields (kind, channel, term_id, session_number …) */
    for (int i = 0; i < k->nfields && rc == RC_OK; i++) {
        const field_def *f = &k->fields[i];
        if (f->type != FT_ENUM && f->type != FT_REF && strcmp(f->name, "session_number") != 0)
            continue;
        v = param(q, f->name);
        if (!v)
            continue;
        long long x = 0;
        if (f->type == FT_ENUM) {
            bind_s(b, v);
        } else if (parse_ll(v, &x)) {
            bind_i(b, x);
        } else {
            return err_set(e, RC_BAD_REQUEST, f->name, "%s must be a number", f->name);
        }
        rc = buf_printf(sql, " AND k.%s = ?", f->name);
    }
    /* mine: a deputy's own cases (true: any part; lead; cosigner), not the published
     * cases of others that deputies also see. Merged-in people count as their role. */
    v = param(q, "mine");
    if (rc == RC_OK && v) {
        const char *role = strcmp(v, "lead") == 0       ? "lead"
                           : strcmp(v, "cosigner") == 0 ? "cosigner"
                           : (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) ? ""
                                                                              : NULL;
        if (!role)
            return err_set(e, RC_BAD_REQUEST, "mine", "mine must be true, lead or cosigner");
        if (p->role != ROLE_DEPUTY || !p->deputy_id)
            return err_set(e, RC_BAD_REQUEST, "mine",
                           "mine is for deputies: it picks the cases they lead or cosign");
        bind_i(b, p->deputy_id);
        rc = buf_puts(sql, " AND EXISTS (SELECT 1 FROM case_people mp WHERE mp.case_id = c.id "
                           "AND mp.deputy_id = ?");
        if (rc == RC_OK && *role) {
            bind_s(b, role);
            rc = buf_puts(sql, " AND mp.role = ?");
        }
        if (rc == RC_OK)
            rc = buf_puts(sql, ")");
    }
    date_format(cv->today, fs->dates[0]);
    date_format(cv->soon, fs->dates[1]);
    v = param(q, "overdue");
    if (rc == RC_OK && v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)) {
        rc = buf_puts(sql, " AND c.state IN ('assigned','rehandling') AND c.due_on < ?");
        bind_s(b, fs->dates[0]);
    }
    v = param(q, "due_soon");
    if (rc == RC_OK && v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)) {
        rc = buf_puts(sql, " AND c.state IN ('assigned','rehandling') AND c.due_on >= ? "
                           "AND c.due_on <= ?");
        bind_s(b, fs->dates[0]);
        bind_s(b, fs->dates[1]);
    }
    return rc;
}

/* case_set — the visible cases of one kind that a list's or statistics' query picks:
 * a condition on aliases c and k (`where`, after "c.kind = ?") with its binds, read
 * inside the transaction set_open begins. One mechanism for the list, its export and
 * the statistics, so all three count the same cases. Owned by the caller; set_close. */
typedef struct {
    buf where;
    binds b;
    filter_store fs;
    clock_view cv;
} case_set;

static void set_close(store_conn *c, case_set *s) {
    if (!s)
        return;
    store_rollback(c);
    buf_free(&s->where);
    free(s);
}

/* set_open — begin the read transaction and build the set; drafts: include drafts
 * (lists do, statistics do not). On error nothing is left open. */
static rc_t set_open(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                     bool drafts, case_set **out, err *e) {
    case_set *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    buf_init(&s->where, SQL_MAX);
    rc_t rc = store_begin(c, false, e);
    if (rc) {
        buf_free(&s->where);
        free(s);
        return rc;
    }
    rc = clock_for(c, p, &s->cv, e);
    bind_s(&s->b, k->name);
    if (rc == RC_OK)
        rc = visibility(p, &s->where, &s->b);
    if (rc == RC_OK && !drafts)
        rc = buf_puts(&s->where, " AND c.state <> 'draft'");
    if (rc == RC_OK)
        rc = filters(k, p, q, &s->cv, &s->where, &s->b, &s->fs, e);
    if (rc == RC_OK && !s->where.data)
        rc = buf_puts(&s->where, ""); /* an empty condition, never NULL */
    if (rc) {
        set_close(c, s);
        return rc;
    }
    *out = s;
    return RC_OK;
}

/* attach_units — every listed case's units ({unit_id, unit_name, role, state}, the
 * answering units first) in one query: the page's own condition and binds (b ends with
 * LIMIT and OFFSET) pick the same cases, both sorted by id descending, so one walk
 * pairs them. */
static rc_t attach_units(store_conn *c, const case_kind *k, const char *where, const binds *b,
                         json_t *items, err *e) {
    buf sql;
    json_t *rows = json_array();
    buf_init(&sql, SQL_MAX);
    rc_t rc = buf_printf(&sql,
                         "SELECT cu.case_id, cu.unit_id, u.name AS unit_name, cu.role, cu.state "
                         "FROM case_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.case_id "
                         "IN (SELECT c.id FROM cases c JOIN %s k ON k.case_id = c.id WHERE "
                         "c.kind = ?%s ORDER BY c.id DESC LIMIT ? OFFSET ?) ORDER BY "
                         "cu.case_id DESC, CASE cu.role WHEN 'lead' THEN 0 WHEN 'separate' THEN 1 "
                         "ELSE 2 END, cu.id", k->plural, where);
    if (rc == RC_OK)
        rc = rows_json(c, sql.data, b, rows, e);
    size_t i, r = 0;
    json_t *it;
    json_array_foreach(items, i, it) {
        json_t *units = json_array();
        json_int_t id = json_integer_value(json_object_get(it, "id"));
        for (; rc == RC_OK && r < json_array_size(rows); r++) {
            json_t *u = json_array_get(rows, r);
            json_int_t cid = json_integer_value(json_object_get(u, "case_id"));
            if (cid < id)
                break;
            if (cid == id) {
                json_object_del(u, "case_id");
                json_array_append(units, u);
            }
        }
        json_object_set_new(it, "units", units);
    }
    json_decref(rows);
    buf_free(&sql);
    return rc;
}

/* list_cases — one page of the filtered list, or (all) every row up to
 * CASE_EXPORT_MAX for an export. */
static rc_t list_cases(store_conn *c, const case_kind *k, const principal *p,
                       const list_query *q, bool all, json_t **out, err *e) {
    *out = NULL;
    long long page = 1, per_page = all ? CASE_EXPORT_MAX : PER_PAGE_DEFAULT;
    long long per_page_max = settings_get(c, p->congress_id, "per_page_max");
    const char *v = param(q, "page");
    if (v && (!parse_ll(v, &page) || page < 1))
        return err_set(e, RC_INVALID, "page", "page must be a whole number from 1");
    v = all ? NULL : param(q, "per_page");
    if (all)
        page = 1;
    if (v && (!parse_ll(v, &per_page) || per_page < 1 || per_page > per_page_max))
        return err_set(e, RC_INVALID, "per_page", "per_page must be from 1 to %lld",
                       per_page_max);
    if (page > INT64_MAX / per_page)
        page = INT64_MAX / per_page;
    buf sql;
    case_set *set = NULL;
    json_t *items = json_array();
    int64_t total = 0;
    buf_init(&sql, SQL_MAX);
    rc_t rc = set_open(c, k, p, q, true, &set, e);
    if (rc)
        goto done;
    rc = buf_printf(&sql, "SELECT COUNT(*) FROM cases c JOIN %s k ON k.case_id = c.id "
                          "WHERE c.kind = ?%s", k->plural, set->where.data);
    if (rc == RC_OK)
        rc = one_int(c, sql.data, &set->b, &total, e);
    buf_reset(&sql);
    if (rc == RC_OK)
        rc = select_sql(k, &sql);
    if (rc == RC_OK)
        rc = buf_printf(&sql, "%s ORDER BY c.id DESC LIMIT ? OFFSET ?", set->where.data);
    bind_i(&set->b, per_page);
    bind_i(&set->b, (page - 1) * per_page);
    if (rc == RC_OK)
        rc = rows_json(c, sql.data, &set->b, items, e);
    if (rc == RC_OK && json_array_size(items) > 0)
        rc = attach_units(c, k, set->where.data, &set->b, items, e);
    if (rc == RC_OK) {
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            decorate(it, &set->cv);
            hide_private(it, p);
        }
        *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
                         "page", (json_int_t)page, "per_page", (json_int_t)per_page);
        items = NULL;
    }
done:
    json_decref(items);
    set_close(c, set);
    buf_free(&sql);
    return rc;
}

rc_t case_list(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
               json_t **out, err *e) {
    return list_cases(c, k, p, q, false, out, e);
}

/* ---- export ------------------------------------------------------------------------------ */

/* Column headers people see in exported files for the case's own columns (a kind's fields
 * bring their label_zh); a column without one shows its key. */
static const struct {
    const char *key, *zh;
} export_labels[] = {
    {"id", "编号"},           {"title", "标题"},          {"state", "状态"},
    {"category", "类别"},     {"submitted_on", "提交日期"}, {"assigned_on", "交办日期"},
    {"due_on", "办理期限"},   {"closed_on", "办结日期"},   {"round", "办理轮次"},
    {"key_supervision", "重点督办"}, {"published", "已公开"}, {"overdue", "已超期"},
    {"lead_deputy_name", "领衔代表"}, {"units", "承办单位"},
};

static const char *export_label(const char *key) {
    for (size_t i = 0; i < sizeof export_labels / sizeof export_labels[0]; i++)
        if (strcmp(export_labels[i].key, key) == 0)
            return export_labels[i].zh;
    return key;
}

static const char *cell_of(arena *a, const json_t *v) {
    if (!v || json_is_null(v))
        return "";
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(a, "%lld", (long long)json_integer_value(v));
    if (json_is_boolean(v))
        return json_is_true(v) ? "是" : "否";
    return "";
}

/* enum_label — an enum identifier's Chinese label (the identifier when unknown). */
static const char *enum_label(const enum_value *values, const char *id) {
    for (const enum_value *v = values; v->id; v++)
        if (strcmp(v->id, id) == 0)
            return v->zh;
    return id;
}

/* units_cell — a case's units in one cell, each with its role in words. */
static const char *units_cell(arena *a, const json_t *units) {
    static const struct {
        const char *role, *zh;
    } roles[] = {{"lead", "主办"}, {"co", "协办"}, {"separate", "分办"}};
    const char *out = "";
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u) {
        const char *role = json_string_value(json_object_get(u, "role")), *zh = "";
        for (size_t r = 0; role && r < sizeof roles / sizeof roles[0]; r++)
            if (strcmp(roles[r].role, role) == 0)
                zh = roles[r].zh;
        out = arena_printf(a, "%s%s%s（%s）", out, i ? "、" : "",
                           json_string_value(json_object_get(u, "unit_name")), zh);
        if (!out)
            return "";
    }
    return out;
}

/* stats_rows — the statistics flattened into (figure, value) rows: nested objects
 * become "by_state.assigned" and so on. */
static rc_t stats_rows(arena *a, const char *prefix, const json_t *o, table *t, int cap,
                       err *e) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        const char *name = prefix ? arena_printf(a, "%s.%s", prefix, key) : key;
        if (json_is_object(v)) {
            rc_t rc = stats_rows(a, name, v, t, cap, e);
            if (rc)
                return rc;
            continue;
        }
        if (t->nrows >= cap)
            return err_set(e, RC_TOO_LARGE, NULL, "too many figures");
        char **row = arena_alloc(a, 2 * sizeof(char *));
        if (!row || !name)
            return err_set(e, RC_NOMEM, NULL, "out of memory");
        row[0] = (char *)name;
        row[1] = (char *)cell_of(a, v);
        t->cells[t->nrows++] = row;
    }
    return RC_OK;
}

rc_t case_export(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                 bool stats, bool xlsx, buf *out, err *e) {
    json_t *data = NULL;
    arena *a = arena_new(CASE_EXPORT_ARENA_MAX);
    table t = {0};
    rc_t rc = a ? RC_OK : err_set(e, RC_NOMEM, NULL, "out of memory");
    if (rc == RC_OK)
        rc = stats ? case_stats(c, k, p, q, &data, e) : list_cases(c, k, p, q, true, &data, e);
    if (rc)
        goto done;
    if (stats) {
        t.ncols = 2;
        t.cells = arena_alloc(a, (size_t)(STATS_ROWS_MAX + 1) * sizeof(char **));
        char **head = arena_alloc(a, 2 * sizeof(char *));
        if (!t.cells || !head) {
            rc = err_set(e, RC_NOMEM, NULL, "out of memory");
            goto done;
        }
        head[0] = "指标";
        head[1] = "数值";
        t.cells[t.nrows++] = head;
        rc = stats_rows(a, NULL, data, &t, STATS_ROWS_MAX + 1, e);
    } else {
        /* the case's own columns, who signed and who answers, then its kind's fields */
        static const char *const base[] = {"id", "title", "state", "category", "submitted_on",
                                           "assigned_on", "due_on", "closed_on", "round",
                                           "overdue", "key_supervision", "published",
                                           "lead_deputy_name", "units"};
        const int nbase = (int)(sizeof base / sizeof base[0]);
        const char *keys[sizeof base / sizeof base[0] + 64], *labels[sizeof keys / sizeof keys[0]];
        const enum_value *enums[sizeof keys / sizeof keys[0]] = {0};
        bool has_lead = false;
        for (int j = 0; j < k->nfields; j++)
            has_lead |= strcmp(k->fields[j].name, "lead_deputy_id") == 0;
        t.ncols = 0;
        for (int j = 0; j < nbase; j++)
            if (has_lead || strcmp(base[j], "lead_deputy_name") != 0) {
                labels[t.ncols] = export_label(base[j]);
                keys[t.ncols++] = base[j];
            }
        for (int j = 0; j < k->nfields && j < 64; j++) {
            labels[t.ncols] = k->fields[j].label_zh;
            enums[t.ncols] = k->fields[j].type == FT_ENUM ? k->fields[j].values : NULL;
            keys[t.ncols++] = k->fields[j].name;
        }
        json_t *items = json_object_get(data, "items");
        t.cells = arena_alloc(a, (json_array_size(items) + 1) * sizeof(char **));
        char **head = arena_alloc(a, (size_t)t.ncols * sizeof(char *));
        if (!t.cells || !head) {
            rc = err_set(e, RC_NOMEM, NULL, "out of memory");
            goto done;
        }
        for (int j = 0; j < t.ncols; j++)
            head[j] = (char *)labels[j];
        t.cells[t.nrows++] = head;
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            char **row = arena_alloc(a, (size_t)t.ncols * sizeof(char *));
            if (!row) {
                rc = err_set(e, RC_NOMEM, NULL, "the export is too large");
                goto done;
            }
            for (int j = 0; j < t.ncols; j++) {
                json_t *v = json_object_get(it, keys[j]);
                if (strcmp(keys[j], "state") == 0 && json_is_string(v)) /* in words */
                    row[j] = (char *)case_state_label(json_string_value(v));
                else if (json_is_array(v)) /* units: "交通局（主办）、水利局（协办）" */
                    row[j] = (char *)units_cell(a, v);
                else if (json_is_string(v) && enums[j]) /* a kind's enum, in words */
                    row[j] = (char *)enum_label(enums[j], json_string_value(v));
                else
                    row[j] = arena_strdup(a, cell_of(a, v));
            }
            t.cells[t.nrows++] = row;
        }
    }
    if (rc == RC_OK)
        rc = xlsx ? tabular_write_xlsx(&t, k->label_zh, out, e) : tabular_write_csv(&t, out);
done:
    json_decref(data);
    arena_free(a);
    return rc;
}

/* ---- statistics ----------------------------------------------------------------------- */

/* counted — {value: count} from a two-column query. */
static rc_t counted(store_conn *c, const char *sql, const binds *b, json_t **out, err *e) {
    store_stmt *st = NULL;
    *out = json_object();
    rc_t rc = prep(c, sql, b, &st, e);
    if (rc)
        return rc;
    while (store_next(st, &rc, e))
        json_object_set_new(*out, store_column_text(st, 0) ? store_column_text(st, 0) : "",
                            json_integer(store_column_int(st, 1)));
    store_finish(st);
    return rc;
}

rc_t case_stats(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                json_t **out, err *e) {
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    if (!is_staff(p) && p->role != ROLE_MEMBER)
        return err_set(e, RC_FORBIDDEN, NULL, "statistics are for staff and committee members");
    buf sql, set;
    case_set *cs = NULL;
    json_t *res = json_object();
    buf_init(&sql, SQL_MAX);
    buf_init(&set, SQL_MAX);
    rc_t rc = set_open(c, k, p, q, false, &cs, e);
    if (rc)
        goto done;
    /* every figure is over the same filtered set of cases */
    rc = buf_printf(&set, "(SELECT c.id FROM cases c JOIN %s k ON k.case_id = c.id WHERE "
                          "c.kind = ?%s)", k->plural, cs->where.data);
    if (rc)
        goto done;
    binds b = cs->b;
    struct {
        const char *key, *fmt;
        bool object;
    } figures[] = {
        {"total", "SELECT COUNT(*) FROM cases WHERE id IN %s", false},
        {"by_state", "SELECT state, COUNT(*) FROM cases WHERE id IN %s GROUP BY state", true},
        {"by_category", "SELECT COALESCE(category, ''), COUNT(*) FROM cases WHERE id IN %s "
                        "GROUP BY COALESCE(category, '')", true},
        /* each answering unit's latest class: a re-handled case counts once, as it ended */
        {"reply_classes", "SELECT r.class, COUNT(*) FROM case_replies r WHERE r.kind = 'reply' "
                          "AND r.case_id IN %s AND r.id = (SELECT MAX(r2.id) FROM case_replies "
                          "r2 WHERE r2.case_id = r.case_id AND r2.unit_id = r.unit_id AND "
                          "r2.kind = 'reply') GROUP BY r.class", true},
        {"feedback", "SELECT rating, COUNT(*) FROM case_feedback WHERE case_id IN %s "
                     "GROUP BY rating", true},
        {"rehandled", "SELECT COUNT(*) FROM cases WHERE round > 1 AND id IN %s", false},
        {"rehandled_units", "SELECT COUNT(DISTINCT cu.unit_id) FROM case_units cu JOIN cases x "
                            "ON x.id = cu.case_id WHERE x.round > 1 AND cu.role <> 'co' AND "
                            "x.id IN %s", false},
        {"solved_after_rehandling",
         "SELECT COUNT(*) FROM cases x WHERE x.round > 1 AND x.id IN %s AND EXISTS (SELECT 1 "
         "FROM case_feedback f WHERE f.case_id = x.id AND f.round = x.round AND f.rating IN "
         "('satisfied','basically_satisfied')) AND NOT EXISTS (SELECT 1 FROM case_feedback f "
         "WHERE f.case_id = x.id AND f.round = x.round AND f.rating = 'unsatisfied')", false},
        {"key_supervision", "SELECT COUNT(*) FROM cases WHERE key_supervision = 1 AND id IN %s",
         false},
    };
    for (size_t i = 0; rc == RC_OK && i < sizeof figures / sizeof figures[0]; i++) {
        buf_reset(&sql);
        rc = buf_printf(&sql, figures[i].fmt, set.data);
        if (rc)
            break;
        if (figures[i].object) {
            json_t *o = NULL;
            rc = counted(c, sql.data, &b, &o, e);
            json_object_set_new(res, figures[i].key, o);
        } else {
            int64_t n = 0;
            rc = one_int(c, sql.data, &b, &n, e);
            json_object_set_new(res, figures[i].key, json_integer(n));
        }
    }
    /* overdue today */
    if (rc == RC_OK) {
        buf_reset(&sql);
        rc = buf_printf(&sql, "SELECT COUNT(*) FROM cases WHERE id IN %s AND state IN "
                        "('assigned','rehandling') AND due_on < ?", set.data);
        binds o = b; /* the set's values, then today */
        bind_s(&o, cs->fs.dates[0]);
        int64_t n = 0;
        if (rc == RC_OK)
            rc = one_int(c, sql.data, &o, &n, e);
        json_object_set_new(res, "overdue", json_integer(n));
    }
    if (rc == RC_OK && k->group_field) {
        buf_reset(&sql);
        rc = buf_printf(&sql, "SELECT k.%s, COUNT(*) FROM %s k WHERE k.case_id IN %s GROUP BY "
                        "k.%s", k->group_field, k->plural, set.data, k->group_field);
        json_t *o = NULL;
        if (rc == RC_OK)
            rc = counted(c, sql.data, &b, &o, e);
        json_object_set_new(res, "by_kind", o);
    }
    if (rc == RC_OK && k == &petition_kind) {
        buf_reset(&sql);
        rc = buf_printf(&sql, "SELECT COALESCE(SUM(person_times), 0) FROM petitions WHERE case_id IN %s",
                        set.data);
        int64_t n = 0;
        if (rc == RC_OK)
            rc = one_int(c, sql.data, &b, &n, e);
        json_object_set_new(res, "person_times", json_integer(n));
    }
    if (rc == RC_OK && k == &opinion_kind) {
        /* the receptions opinions come from: how many, at how many stations, voters
         * received — of the caller's congress, in the year asked for */
        char rsql[320] = "SELECT COUNT(*), COUNT(DISTINCT station_id), "
                         "COALESCE(SUM(voters_received), 0) FROM receptions WHERE 1 = 1";
        binds r = {0};
        if (p->congress_id) {
            strcat(rsql, " AND congress_id = ?");
            bind_i(&r, p->congress_id);
        }
        if (param(q, "year")) {
            strcat(rsql, " AND SUBSTR(held_on, 1, 4) = ?");
            bind_s(&r, param(q, "year"));
        }
        store_stmt *st = NULL;
        rc = prep(c, rsql, &r, &st, e);
        if (rc == RC_OK && store_next(st, &rc, e)) {
            json_object_set_new(res, "receptions", json_integer(store_column_int(st, 0)));
            json_object_set_new(res, "stations", json_integer(store_column_int(st, 1)));
            json_object_set_new(res, "voters_received", json_integer(store_column_int(st, 2)));
        }
        if (st)
            store_finish(st);
    }
    if (rc == RC_OK) {
        buf_reset(&sql);
        rc = buf_printf(&sql, "SELECT u.id AS unit_id, u.name AS unit_name, COUNT(DISTINCT "
                        "cu.case_id) AS count FROM case_units cu JOIN units u ON u.id = cu.unit_id "
                        "WHERE cu.case_id IN %s GROUP BY u.id, u.name ORDER BY 3 DESC, u.id", set.data);
        json_t *arr = json_array();
        if (rc == RC_OK)
            rc = rows_json(c, sql.data, &b, arr, e);
        json_object_set_new(res, "by_unit", arr);
    }
done:
    if (rc == RC_OK)
        *out = res;
    else
        json_decref(res);
    set_close(c, cs);
    buf_free(&set);
    buf_free(&sql);
    return rc;
}

/* ---- inbox ---------------------------------------------------------------------------- */

rc_t case_inbox(store_conn *c, const principal *p, json_t **out, err *e) {
    *out = NULL;
    if (p->role == ROLE_ANON)
        return err_set(e, RC_UNAUTHORIZED, NULL, "please log in first");
    enum { STAFF, UNIT, DEPUTY } as = is_staff(p)                         ? STAFF
                                      : p->role == ROLE_UNIT && p->unit_id ? UNIT
                                      : p->role == ROLE_DEPUTY && p->deputy_id ? DEPUTY
                                                                               : 3;
    if (as == 3)
        return err_set(e, RC_FORBIDDEN, NULL, "the inbox is for staff, units and deputies");
    clock_view cv = {0};
    char today[11], soon[11];
    json_t *res = json_object();
    rc_t rc = store_begin(c, false, e);
    if (rc == RC_OK)
        rc = clock_for(c, p, &cv, e);
    date_format(cv.today, today);
    date_format(cv.soon, soon);
#define INBOX_COLS "SELECT c.id, c.kind, c.title, c.state, c.due_on FROM cases c WHERE "
#define OPEN "c.state IN ('assigned','rehandling')"
#define MY_UNIT "EXISTS (SELECT 1 FROM case_units u WHERE u.case_id = c.id AND u.unit_id = ? " \
                "AND u.state = 'assigned') AND " OPEN
#define MY_PART "EXISTS (SELECT 1 FROM case_people cp WHERE cp.case_id = c.id AND cp.deputy_id = ? "
    /* One query per box and audience (the first ? is the congress, unit or deputy). */
    static const struct {
        const char *key, *sql[3]; /* STAFF, UNIT, DEPUTY */
        int dates; /* 0 none, 1 today, 2 today and soon */
    } boxes[] = {
        {"to_review", {INBOX_COLS "c.congress_id = ? AND c.state = 'submitted'"}, 0},
        {"to_assign", {INBOX_COLS "c.congress_id = ? AND c.state IN ('accepted','returned')"}, 0},
        {"assigned", {NULL, INBOX_COLS MY_UNIT}, 0},
        {"overdue",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND c.due_on < ?",
          INBOX_COLS MY_UNIT " AND c.due_on < ?"}, 1},
        {"due_soon",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND c.due_on >= ? AND c.due_on <= ?",
          INBOX_COLS MY_UNIT " AND c.due_on >= ? AND c.due_on <= ?"}, 2},
        {"unsatisfied", {INBOX_COLS "c.congress_id = ? AND c.state = 'rehandling'"}, 0},
        /* staff: a unit asked for more time; a voter or petitioner is to be called for
         * their feedback; everyone owed has rated the reply, so the case can close */
        {"extensions",
         {INBOX_COLS "c.congress_id = ? AND " OPEN " AND EXISTS (SELECT 1 FROM case_extensions x "
                     "WHERE x.case_id = c.id AND x.state = 'requested')"}, 0},
        {"record_feedback",
         {INBOX_COLS "c.congress_id = ? AND c.state = 'replied' AND EXISTS (SELECT 1 FROM "
                     "case_people cp WHERE cp.case_id = c.id AND cp.deputy_id IS NULL AND NOT "
                     "EXISTS (SELECT 1 FROM case_feedback f WHERE f.case_id = c.id AND f.round = "
                     "c.round AND f.person_id = cp.id))"}, 0},
        {"to_close",
         {INBOX_COLS "c.congress_id = ? AND c.state = 'replied' AND NOT EXISTS (SELECT 1 FROM "
                     "case_people cp WHERE cp.case_id = c.id AND (cp.role <> 'cosigner' OR "
                     "cp.confirmed = 1) AND NOT EXISTS (SELECT 1 FROM case_feedback f WHERE "
                     "f.case_id = c.id AND f.round = c.round AND f.person_id = cp.id))"}, 0},
        /* a deputy: invitations to cosign, replies to rate (an unconfirmed cosigner
         * confirms first), and their own drafts */
        {"to_confirm",
         {NULL, NULL,
          INBOX_COLS MY_PART "AND cp.role = 'cosigner' AND cp.confirmed = 0 AND "
                     "cp.from_case_id IS NULL) AND c.state IN ('draft','submitted')"}, 0},
        {"feedback",
         {NULL, NULL,
          INBOX_COLS MY_PART "AND (cp.role <> 'cosigner' OR cp.confirmed = 1) AND NOT EXISTS "
                     "(SELECT 1 FROM case_feedback f WHERE f.case_id = c.id AND f.round = "
                     "c.round AND f.person_id = cp.id)) AND c.state = 'replied'"}, 0},
        {"drafts",
         {NULL, NULL,
          INBOX_COLS MY_PART "AND cp.role = 'lead' AND cp.from_case_id IS NULL) AND "
                     "c.state = 'draft'"}, 0},
    };
    int64_t whom = as == STAFF ? p->congress_id : as == UNIT ? p->unit_id : p->deputy_id;
    /* each box lists its first INBOX_ITEMS_MAX cases; counts has every box's total */
    json_t *counts = json_object();
    json_object_set_new(res, "counts", counts);
    for (size_t i = 0; rc == RC_OK && i < sizeof boxes / sizeof boxes[0]; i++) {
        const char *q = boxes[i].sql[as];
        if (!q)
            continue;
        char sql[2048];
        snprintf(sql, sizeof sql, "%s ORDER BY c.due_on, c.id LIMIT %d", q, INBOX_ITEMS_MAX);
        binds b = {0};
        bind_i(&b, whom);
        if (boxes[i].dates >= 1)
            bind_s(&b, today);
        if (boxes[i].dates >= 2)
            bind_s(&b, soon);
        json_t *arr = json_array();
        rc = rows_json(c, sql, &b, arr, e);
        json_object_set_new(res, boxes[i].key, arr);
        int64_t total = (int64_t)json_array_size(arr);
        if (rc == RC_OK && total == INBOX_ITEMS_MAX) {
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM cases c WHERE %s",
                     q + strlen(INBOX_COLS));
            rc = one_int(c, sql, &b, &total, e);
        }
        json_object_set_new(counts, boxes[i].key, json_integer(total));
    }
#undef INBOX_COLS
#undef OPEN
#undef MY_UNIT
#undef MY_PART
    store_rollback(c);
    if (rc) {
        json_decref(res);
        return rc;
    }
    *out = res;
    return RC_OK;
}

/* ---- kinds ---------------------------------------------------------------------------- */

const case_kind *case_kind_find(const char *plural) {
    static const case_kind *const kinds[] = {&proposal_kind, &petition_kind, &opinion_kind};
    for (size_t i = 0; plural && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i]->plural, plural) == 0)
            return kinds[i];
    return NULL;
}
