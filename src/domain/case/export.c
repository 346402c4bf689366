/* export.c — a kind's filtered list, or its statistics, as an xlsx or CSV file: columns
 * named as a clerk names them, values in words (states, enums, units with their role). */
#include <stdio.h>
#include <string.h>

#include "base/tabular.h"
#include "domain/case/case_impl.h"

#define EXPORT_COLS_MAX (CASE_COLUMNS_MAX + 8)

/* The case's own columns in the file, then the kind's fields: things by their names, as
 * a clerk writes a ledger (the case's number, the deputies, the units, the term); there
 * is no re-import of cases, so no database ids. */
static const char *const base_cols[] = {
    "number",           "title",     "state", "category", "submitted_on",    "assigned_on",
    "due_on",           "closed_on", "round", "overdue",  "key_supervision", "published",
    "lead_deputy_name", "cosigners", "units", NULL};

static const struct {
    const char *key, *zh;
} extra_labels[] = {
    {"overdue", "已超期"},
    {"lead_deputy_name", "领衔代表"},
    {"cosigners", "附议代表"},
    {"units", "承办单位"},
};

static const field_def *base_field(const char *key) {
    for (int i = 0; i < case_fields_count; i++)
        if (strcmp(case_fields[i].name, key) == 0)
            return &case_fields[i];
    return NULL;
}

static const char *column_label(const char *key) {
    const field_def *f = base_field(key);
    if (f)
        return f->label_zh;
    for (size_t i = 0; i < sizeof extra_labels / sizeof extra_labels[0]; i++)
        if (strcmp(extra_labels[i].key, key) == 0)
            return extra_labels[i].zh;
    return key;
}

/* names_cell — the cosigners' names in one cell. */
static const char *names_cell(arena *a, const json_t *rows) {
    const char *out = "";
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        out =
            arena_printf(a, "%s%s%s", out, i ? "、" : "", rec_s(r, "name") ? rec_s(r, "name") : "");
        if (!out)
            return "";
    }
    return out;
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
        const char *role = rec_s(u, "role"), *zh = "";
        for (size_t r = 0; role && r < sizeof roles / sizeof roles[0]; r++)
            if (strcmp(roles[r].role, role) == 0)
                zh = roles[r].zh;
        out = arena_printf(a, "%s%s%s（%s）", out, i ? "、" : "", rec_s(u, "unit_name"), zh);
        if (!out)
            return "";
    }
    return out;
}

/* stats_rows — the statistics flattened into (figure, value) rows: nested objects
 * become "by_state.assigned" and so on. */
static rc_t stats_rows(arena *a, const char *prefix, const json_t *o, tab_sheet *t, int cap,
                       err *e) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        /* a copy: data is released before the file is written */
        const char *name = prefix ? arena_printf(a, "%s.%s", prefix, key) : arena_strdup(a, key);
        if (json_is_object(v)) {
            rc_t rc = stats_rows(a, name, v, t, cap, e);
            if (rc)
                return rc;
            continue;
        }
        if (json_is_array(v)) { /* by_unit: one row a unit, by its name */
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x) {
                if (t->nrows >= cap)
                    return err_set(e, RC_TOO_LARGE, NULL, "too many figures");
                tab_cell *row = arena_alloc(a, 2 * sizeof *row);
                if (!row)
                    return err_set(e, RC_NOMEM, NULL, "out of memory");
                row[0] = tab_text(arena_printf(a, "%s.%s", name, rec_s(x, "unit_name")));
                row[1] = field_cell(a, NULL, NULL, json_object_get(x, "count"));
                t->cells[t->nrows++] = row;
            }
            continue;
        }
        if (t->nrows >= cap)
            return err_set(e, RC_TOO_LARGE, NULL, "too many figures");
        tab_cell *row = arena_alloc(a, 2 * sizeof *row);
        if (!row || !name)
            return err_set(e, RC_NOMEM, NULL, "out of memory");
        row[0] = tab_text(name);
        row[1] = field_cell(a, NULL, NULL, v);
        t->cells[t->nrows++] = row;
    }
    return RC_OK;
}

static rc_t stats_table(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                        arena *a, tab_sheet *t, err *e) {
    json_t *data = NULL;
    rc_t rc = case_stats(c, k, p, q, &data, e);
    if (rc)
        return rc;
    t->ncols = 2;
    t->cells = arena_alloc(a, (size_t)(STATS_ROWS_MAX + 1) * sizeof *t->cells);
    tab_cell *head = arena_alloc(a, 2 * sizeof *head);
    if (!t->cells || !head) {
        json_decref(data);
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    head[0] = tab_text("指标");
    head[1] = tab_text("数值");
    t->cells[t->nrows++] = head;
    rc = stats_rows(a, NULL, data, t, STATS_ROWS_MAX + 1, e);
    json_decref(data);
    return rc;
}

static rc_t list_table(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                       arena *a, tab_sheet *t, err *e) {
    static const char *const reserved[] = {"format", NULL};
    const char *keys[EXPORT_COLS_MAX];
    const char *labels[EXPORT_COLS_MAX] = {0};
    const field_def *defs[EXPORT_COLS_MAX] = {0};
    bool has_lead = false;
    for (int j = 0; j < k->nfields; j++)
        has_lead |= strcmp(k->fields[j].name, "lead_deputy_id") == 0;
    t->ncols = 0;
    for (int j = 0; base_cols[j]; j++) {
        bool people =
            strcmp(base_cols[j], "lead_deputy_name") == 0 || strcmp(base_cols[j], "cosigners") == 0;
        if (people && !(strcmp(base_cols[j], "cosigners") == 0 ? k->cosigners : has_lead))
            continue;
        defs[t->ncols] = base_field(base_cols[j]);
        keys[t->ncols++] = base_cols[j];
    }
    /* a reference by its name (届次: 第17届), the lead deputy once (领衔代表 above) */
    for (int j = 0; j < k->nfields && t->ncols < EXPORT_COLS_MAX; j++) {
        const field_def *f = &k->fields[j];
        if (!field_is_column(f) || strcmp(f->name, "lead_deputy_id") == 0)
            continue;
        defs[t->ncols] = f;
        labels[t->ncols] = f->label_zh;
        keys[t->ncols] = f->name;
        if (f->type == FT_REF) {
            char key[FIELD_KEY_MAX];
            field_name_key(f, key);
            keys[t->ncols] = arena_strdup(a, key);
            defs[t->ncols] = NULL;
        }
        t->ncols++;
    }
    json_t *items = NULL;
    rc_t rc = case_list_rows(c, k, p, q, reserved, CASE_EXPORT_MAX, &items, e);
    t->cells = rc ? NULL : arena_alloc(a, (json_array_size(items) + 1) * sizeof *t->cells);
    tab_cell *head = rc ? NULL : arena_alloc(a, (size_t)t->ncols * sizeof *head);
    if (rc == RC_OK && (!t->cells || !head))
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
    for (int j = 0; rc == RC_OK && j < t->ncols; j++)
        head[j] = tab_text(labels[j] ? labels[j]
                           : defs[j] ? defs[j]->label_zh
                                     : column_label(keys[j]));
    if (rc == RC_OK)
        t->cells[t->nrows++] = head;
    size_t i;
    json_t *it;
    json_array_foreach(rc == RC_OK ? items : NULL, i, it) {
        tab_cell *row = arena_alloc(a, (size_t)t->ncols * sizeof *row);
        if (!row) {
            rc = err_set(e, RC_NOMEM, NULL, "the export is too large");
            break;
        }
        for (int j = 0; j < t->ncols; j++) {
            json_t *v = json_object_get(it, keys[j]);
            row[j] = !json_is_array(v) ? field_cell(a, defs[j], defs[j] ? defs[j]->values : NULL, v)
                     : strcmp(keys[j], "cosigners") == 0 ? tab_text(names_cell(a, v))
                                                         : tab_text(units_cell(a, v));
        }
        t->cells[t->nrows++] = row;
    }
    json_decref(items);
    return rc;
}

rc_t case_export(store_conn *c, const case_kind *k, const principal *p, const list_query *q,
                 bool stats, bool xlsx, buf *out, err *e) {
    arena *a = arena_new(CASE_EXPORT_ARENA_MAX);
    tab_sheet t = {.name = k->label_zh, .header_rows = 1};
    rc_t rc = a ? RC_OK : err_set(e, RC_NOMEM, NULL, "out of memory");
    if (rc == RC_OK)
        rc = stats ? stats_table(c, k, p, q, a, &t, e) : list_table(c, k, p, q, a, &t, e);
    if (rc == RC_OK)
        rc = xlsx ? tab_write_xlsx(&t, 1, out, e) : tab_write_csv(&t, out, e);
    arena_free(a);
    return rc;
}
