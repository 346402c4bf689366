/* audit_view.c — an audit entry as a person reads it: the action by its label (a case
 * kind's transitions, else the record actions), what it touched by its label, and each
 * field by its label with its values rendered as the field shows them (an enum's label,
 * 是/否, a reference by its record's name, a list of units as "县人民政府办公室 主办").
 * The trail itself (auth/audit.c) stores and chains raw JSON and knows no domain; the
 * audit API asks this file for the readable form of each entry it lists. */
#include "domain/audit_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/case/case_impl.h"
#include "domain/collection/collection.h"
#include "domain/settings.h"

#define VIEW_TEXT_MAX 8192

/* The actions on records, accounts and the trail itself (a case's own come from its
 * kind's transitions). */
static const enum_value record_actions[] = {
    {.id = "create", .zh = "新建", .en = "Create"},
    {.id = "update", .zh = "修改", .en = "Update"},
    {.id = "delete", .zh = "删除", .en = "Delete"},
    {.id = "import", .zh = "导入", .en = "Import"},
    {.id = "lock", .zh = "锁定登录", .en = "Login locked"},
    {.id = "unlock", .zh = "解除锁定", .en = "Lock released"},
    {.id = "revoke", .zh = "吊销", .en = "Revoke"},
    {.id = "password", .zh = "修改密码", .en = "Password changed"},
    {.id = "disable", .zh = "停用", .en = "Disable"},
    {.id = "enable", .zh = "启用", .en = "Enable"},
    {.id = "tokens", .zh = "访问令牌", .en = "Tokens"},
    {.id = "token", .zh = "访问令牌", .en = "Token"},
    {.id = "key", .zh = "启用审计密钥", .en = "Audit key in use"},
    {.id = "rotate_key", .zh = "更换审计密钥", .en = "Audit key rotated"},
    {.id = "merge_in", .zh = "并入", .en = "Merged in"},
    {0},
};

/* What the trail names besides collections and case kinds. */
static const enum_value other_things[] = {
    {.id = "users", .zh = "账号", .en = "Accounts"},
    {.id = "settings", .zh = "系统设置", .en = "Settings"},
    {.id = "audit", .zh = "审计日志", .en = "Audit trail"},
    {0},
};

/* The fields of accounts' entries (domain/user.c writes id and login). */
static const field_def user_fields[] = {
    {.name = "id", .label_zh = "编号", .label_en = "ID", .type = FT_INT},
    {.name = "login", .label_zh = "登录名", .label_en = "Login", .type = FT_TEXT},
};

/* A case's inputs that are no column of its own (the engine keeps them as people). */
static const field_def case_people_inputs[] = {
    {.name = "cosigners",
     .label_zh = "附议代表",
     .label_en = "Cosigners",
     .type = FT_REFS,
     .ref = "deputies"},
};

static const field_def state_field = {.name = "state",
                                      .label_zh = "状态",
                                      .label_en = "State",
                                      .type = FT_ENUM,
                                      .values = case_states};

typedef struct {
    store_conn *c;
    arena *a;
    int64_t congress_id;
    err *e;
} view_ctx;

/* ---- values ------------------------------------------------------------------------------ */

/* ref_name — the display name of record id of the collection (or case kind) named ref;
 * NULL when it is gone or has none. Arena-owned. */
static const char *ref_name(view_ctx *v, const char *ref, int64_t id) {
    const collection_def *d = collection_find(ref);
    const case_kind *k = d ? NULL : case_kind_find(ref);
    buf sql;
    buf_init(&sql, 1024);
    rc_t rc = RC_OK;
    if (d) {
        rc = buf_puts(&sql, "SELECT ");
        if (rc == RC_OK)
            rc = collection_title_sql(d, "t", &sql);
        if (rc == RC_OK)
            rc = buf_printf(&sql, " FROM %s t WHERE t.id = ?", d->name);
    } else if (k) {
        rc = buf_puts(&sql, "SELECT title FROM cases WHERE id = ?");
    } else {
        rc = RC_NOT_FOUND;
    }
    char name[512] = "";
    bool found = false;
    if (rc == RC_OK) {
        store_params b = {.n = 0};
        store_param_int(&b, id);
        err e;
        if (store_one_text(v->c, sql.data, &b, name, sizeof name, &found, &e) != RC_OK)
            found = false; /* shown by its id then: a listing must not fail on a name */
    }
    buf_free(&sql);
    return found ? arena_strdup(v->a, name) : NULL;
}

static void render(view_ctx *v, const field_def *f, const json_t *val, bool zh, buf *out);

/* render_item — one item of an FT_LIST as its fields' values, space apart. */
static void render_item(view_ctx *v, const field_def *f, const json_t *item, bool zh, buf *out) {
    bool first = true;
    for (int i = 0; i < f->nitems; i++) {
        const json_t *x = json_object_get(item, f->items[i].name);
        if (!x || json_is_null(x))
            continue;
        if (!first)
            buf_puts(out, " ");
        render(v, &f->items[i], x, zh, out);
        first = false;
    }
}

/* render — val as the field shows it, appended to out (f NULL: as the JSON says it). */
static void render(view_ctx *v, const field_def *f, const json_t *val, bool zh, buf *out) {
    const char *sep = zh ? "、" : ", ";
    if (f && f->type == FT_ENUM && json_is_string(val)) {
        const enum_value *ev =
            enum_find(field_enum_values(f, v->c, v->congress_id, v->a), json_string_value(val));
        buf_puts(out, ev ? (zh ? ev->zh : ev->en) : json_string_value(val));
    } else if (f && f->type == FT_BOOL && (json_is_boolean(val) || json_is_integer(val))) {
        bool yes = json_is_boolean(val) ? json_is_true(val) : json_integer_value(val) != 0;
        buf_puts(out, yes ? (zh ? "是" : "Yes") : (zh ? "否" : "No"));
    } else if (f && f->type == FT_REF && f->ref && json_is_integer(val)) {
        const char *name = ref_name(v, f->ref, json_integer_value(val));
        if (name)
            buf_puts(out, name);
        else
            buf_printf(out, "#%lld", (long long)json_integer_value(val));
    } else if (f && (f->type == FT_REFS || f->type == FT_LIST) && json_is_array(val)) {
        size_t i;
        const json_t *x;
        json_array_foreach(val, i, x) {
            if (i)
                buf_puts(out, sep);
            if (f->type == FT_LIST) {
                render_item(v, f, x, zh, out);
            } else {
                field_def one = *f;
                one.type = FT_REF;
                render(v, &one, x, zh, out);
            }
        }
    } else if (json_is_string(val)) {
        buf_puts(out, json_string_value(val));
    } else if (json_is_integer(val)) {
        buf_printf(out, "%lld", (long long)json_integer_value(val));
    } else if (json_is_boolean(val)) {
        buf_puts(out, json_is_true(val) ? (zh ? "是" : "Yes") : (zh ? "否" : "No"));
    } else if (val && !json_is_null(val)) {
        char *s = json_dumps(val, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
        buf_puts(out, s ? s : "");
        free(s);
    }
}

/* text_of — val rendered in one language as a JSON string, or null when absent. */
static json_t *text_of(view_ctx *v, const field_def *f, const json_t *val, bool zh) {
    if (!val || json_is_null(val))
        return json_null();
    buf out;
    buf_init(&out, VIEW_TEXT_MAX);
    render(v, f, val, zh, &out);
    json_t *s = json_string(out.data ? out.data : "");
    buf_free(&out);
    return s ? s : json_string("…"); /* cut inside a character by the cap */
}

/* ---- the fields of an entry ------------------------------------------------------------- */

/* A table of fields to look a key up in (an action's inputs, a record's fields). */
typedef struct {
    const field_def *f;
    int n;
} field_table;

static const field_def *field_in(const field_table *tables, int ntables, const char *key) {
    for (int t = 0; t < ntables; t++)
        for (int i = 0; i < tables[t].n; i++)
            if (strcmp(tables[t].f[i].name, key) == 0)
                return &tables[t].f[i];
    return NULL;
}

/* change — one row {field, label_zh, label_en, before_zh, before_en, after_zh, after_en}. */
static void change(view_ctx *v, json_t *rows, const char *key, const field_def *f,
                   const json_t *before, const json_t *after) {
    json_t *row =
        json_pack("{s:s, s:s, s:s}", "field", key, "label_zh", f && f->label_zh ? f->label_zh : key,
                  "label_en", f && f->label_en ? f->label_en : key);
    json_object_set_new(row, "before_zh", text_of(v, f, before, true));
    json_object_set_new(row, "before_en", text_of(v, f, before, false));
    json_object_set_new(row, "after_zh", text_of(v, f, after, true));
    json_object_set_new(row, "after_en", text_of(v, f, after, false));
    json_array_append_new(rows, row);
}

/* record_changes — the fields of two records (either may be NULL) that differ, in the
 * tables' order, then any key the tables do not know; a reference's embedded name
 * (unit_name beside unit_id) rides with its id and is not a row of its own. */
static void record_changes(view_ctx *v, json_t *rows, const field_table *tables, int ntables,
                           const json_t *b, const json_t *a) {
    for (int t = 0; t < ntables; t++)
        for (int i = 0; i < tables[t].n; i++) {
            const field_def *f = &tables[t].f[i];
            if (field_in(tables, t, f->name))
                continue; /* an earlier table names it (an action's input before the record's) */
            const json_t *x = json_object_get(b, f->name), *y = json_object_get(a, f->name);
            if ((!x || json_is_null(x)) && (!y || json_is_null(y)))
                continue;
            if (x && y && json_equal((json_t *)x, (json_t *)y))
                continue;
            change(v, rows, f->name, f, x, y);
        }
    const json_t *both[] = {b, a};
    for (int s = 0; s < 2; s++) {
        const char *key;
        json_t *val;
        json_object_foreach((json_t *)both[s], key, val) {
            if (field_in(tables, ntables, key) || (s == 1 && json_object_get(b, key)))
                continue;
            size_t n = strlen(key);
            if ((n > 5 && strcmp(key + n - 5, "_name") == 0) ||
                (n > 6 && strcmp(key + n - 6, "_names") == 0) || strcmp(key, "actions") == 0)
                continue;
            const json_t *x = json_object_get(b, key), *y = json_object_get(a, key);
            if (x && y && json_equal((json_t *)x, (json_t *)y))
                continue;
            change(v, rows, key, NULL, x, y);
        }
    }
}

/* case_changes — a case's entry: its state before and after, then what the action
 * took (its inputs, or the record's fields for create and update). The snapshot of
 * the whole record ("record") is for checking the records, not a change. */
static void case_changes(view_ctx *v, json_t *rows, const case_kind *k, const case_transition *t,
                         const json_t *b, const json_t *a) {
    const json_t *sb = json_object_get(b, "state"), *sa = json_object_get(a, "state");
    if (sa && !(sb && json_equal((json_t *)sb, (json_t *)sa)))
        change(v, rows, "state", &state_field, sb, sa);
    field_table tables[] = {
        {t ? t->input : NULL, t ? t->ninput : 0},
        {case_fields, case_fields_count},
        {k->fields, k->nfields},
        {case_people_inputs, 1},
    };
    const json_t *in = json_object_get(a, "input");
    if (json_is_object(in))
        record_changes(v, rows, tables, 4, NULL, in);
}

/* ---- an entry ------------------------------------------------------------------------------ */

static json_t *labels(const char *zh, const char *en) {
    return json_pack("{s:s, s:s}", "label_zh", zh, "label_en", en);
}

static json_t *entry_view(view_ctx *v, const json_t *it) {
    const char *action = json_string_value(json_object_get(it, "action"));
    const char *what = json_string_value(json_object_get(it, "collection"));
    const json_t *b = json_object_get(it, "before"), *a = json_object_get(it, "after");
    const collection_def *d = what ? collection_find(what) : NULL;
    const case_kind *k = what && !d ? case_kind_find(what) : NULL;
    const case_transition *t = k && action ? case_kind_transition(k, action) : NULL;
    const enum_value *ra = action ? enum_find(record_actions, action) : NULL;
    const enum_value *other = what ? enum_find(other_things, what) : NULL;
    json_t *view = json_object(), *rows = json_array();
    json_object_set_new(view, "action",
                        t    ? labels(t->label_zh, t->label_en)
                        : ra ? labels(ra->zh, ra->en)
                             : labels(action ? action : "", action ? action : ""));
    json_object_set_new(view, "what",
                        d       ? labels(d->label_zh, d->label_en)
                        : k     ? labels(k->label_zh, k->label_en)
                        : other ? labels(other->zh, other->en)
                                : labels(what ? what : "", what ? what : ""));
    if (k) {
        case_changes(v, rows, k, t, b, a);
    } else if (d) {
        field_table tab = {d->fields, d->nfields};
        record_changes(v, rows, &tab, 1, b, a);
    } else if (what && strcmp(what, "settings") == 0) {
        const char *key;
        json_t *val;
        json_object_foreach((json_t *)a, key, val) {
            const setting_def *s = settings_find(key);
            field_def f = {.name = key, .type = FT_INT};
            if (s) {
                f.label_zh = s->label_zh;
                f.label_en = s->label_en;
            }
            change(v, rows, key, &f, NULL, val);
        }
    } else {
        bool users = what && strcmp(what, "users") == 0;
        field_table tab = {users ? user_fields : NULL, users ? 2 : 0};
        record_changes(v, rows, &tab, 1, b, a);
    }
    json_object_set_new(view, "changes", rows);
    return view;
}

rc_t audit_view_add(store_conn *c, arena *a, json_t *list, err *e) {
    view_ctx v = {.c = c, .a = a, .e = e};
    json_t *items = json_object_get(list, "items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        json_t *cg = json_object_get(it, "congress_id");
        v.congress_id = json_is_integer(cg) ? json_integer_value(cg) : 0;
        json_object_set_new(it, "view", entry_view(&v, it));
    }
    return RC_OK;
}
