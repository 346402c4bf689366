/* collection_io.c — a collection to and from files: export of the filtered list,
 * all-or-nothing import (new records, or updates by id or natural key), and the
 * template a clerk fills in (see collection.h). */
#include "domain/collection/collection_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tabular.h"
#include "base/utf8.h"

#define IMPORT_ERRORS_MAX 1000
#define IMPORT_ARENA_MAX (512u * 1024 * 1024)
#define EXPORT_ARENA_MAX (512u * 1024 * 1024)
#define EXPORT_ROWS_MAX (TABULAR_MAX_ROWS - 1)
#define HEADER_MAX (FIELD_KEY_MAX * 2)
#define COLUMNS_MAX (2 * COLLECTION_FIELDS_MAX + 3)
#define NAMES_TEXT_MAX 4096
#define LIST_TEXT_MAX 1024

/* ---- the file's columns ---------------------------------------------------------------- */

/* Columns of the file: id, each field (a reference, or a list of them, adds its name
 * column right after its ids; the public's export only the public fields), created_at,
 * updated_at. */
typedef enum { COL_ID, COL_FIELD, COL_REF_NAME, COL_CREATED, COL_UPDATED, COL_IGNORED } col_kind;
typedef struct {
    col_kind kind;
    int field;
    char header[HEADER_MAX];
} column;

static bool is_ref(const field_def *f) { return f->type == FT_REF || f->type == FT_REFS; }

static int file_columns(const collection_def *d, bool public_only, column *cols) {
    int n = 0;
    cols[n++] = (column){.kind = COL_ID, .field = -1, .header = "编号"};
    for (int i = 0; i < d->nfields && n < COLUMNS_MAX - 2; i++) {
        const field_def *f = &d->fields[i];
        if (f->type == FT_ATTACHMENTS || f->type == FT_LIST ||
            (public_only && !(f->flags & FF_PUBLIC)))
            continue;
        cols[n] = (column){.kind = COL_FIELD, .field = i};
        snprintf(cols[n++].header, HEADER_MAX, is_ref(f) ? "%s编号" : "%s", f->label_zh);
        if (is_ref(f)) {
            cols[n] = (column){.kind = COL_REF_NAME, .field = i};
            snprintf(cols[n++].header, HEADER_MAX, "%s", f->label_zh);
        }
    }
    cols[n++] = (column){.kind = COL_CREATED, .field = -1, .header = "创建时间"};
    cols[n++] = (column){.kind = COL_UPDATED, .field = -1, .header = "更新时间"};
    return n;
}

/* header_column — what a file's header names: an export header, a field identifier,
 * a label, or a reference's name key ("person_name"). kind COL_IGNORED with field -2
 * when it names nothing. */
static column header_column(const collection_def *d, const column *cols, int ncols, const char *h) {
    column out = {.kind = COL_IGNORED, .field = -2};
    snprintf(out.header, HEADER_MAX, "%s", h);
    if (strcmp(h, "id") == 0) {
        out.kind = COL_ID;
        return out;
    }
    for (int j = 0; j < ncols; j++)
        if (strcmp(cols[j].header, h) == 0) {
            out.kind = cols[j].kind == COL_CREATED || cols[j].kind == COL_UPDATED ? COL_IGNORED
                                                                                  : cols[j].kind;
            out.field = cols[j].field;
            return out;
        }
    if (strcmp(h, "created_at") == 0 || strcmp(h, "updated_at") == 0) {
        out.field = -1;
        return out;
    }
    for (int k = 0; k < d->nfields; k++) {
        const field_def *f = &d->fields[k];
        char key[FIELD_KEY_MAX];
        field_name_key(f, key);
        if (strcmp(f->name, h) == 0) {
            out.kind = COL_FIELD;
        } else if (strcmp(f->label_en, h) == 0) {
            out.kind = is_ref(f) ? COL_REF_NAME : COL_FIELD;
        } else if (is_ref(f) && strcmp(key, h) == 0) {
            out.kind = COL_REF_NAME;
        } else {
            continue;
        }
        out.field = k;
        return out;
    }
    return out;
}

/* ---- export ------------------------------------------------------------------------------- */

/* ref_names — a reference's (or a list's) display name(s) as one cell's text. */
static const char *ref_names(arena *a, const field_def *f, const json_t *rec) {
    char key[FIELD_KEY_MAX];
    field_name_key(f, key);
    const json_t *v = json_object_get(rec, key);
    if (!json_is_array(v))
        return json_string_value(v) ? json_string_value(v) : "";
    const char *out = ""; /* names of a list: "张三、李四" */
    size_t k;
    json_t *x;
    json_array_foreach(v, k, x) {
        out = arena_printf(a, "%s%s%s", out ? out : "", k ? "、" : "",
                           json_string_value(x) ? json_string_value(x) : "");
    }
    return out ? out : "";
}

/* record_cell — one column of a record as a typed cell (numbers, dates and decimals
 * as such in xlsx). Text is arena-owned. */
static tab_cell record_cell(arena *a, const collection_def *d, const column *col,
                            const json_t *rec) {
    const field_def *f = col->field >= 0 ? &d->fields[col->field] : NULL;
    const char *s = NULL;
    switch (col->kind) {
    case COL_ID: return field_cell(a, NULL, NULL, json_object_get(rec, "id"));
    case COL_CREATED: s = json_string_value(json_object_get(rec, "created_at")); break;
    case COL_UPDATED: s = json_string_value(json_object_get(rec, "updated_at")); break;
    case COL_FIELD: return field_cell(a, f, f->values, json_object_get(rec, f->name));
    case COL_REF_NAME: s = ref_names(a, f, rec); break;
    case COL_IGNORED: break;
    }
    return s && *s ? tab_text(arena_strdup(a, s)) : tab_empty();
}

typedef struct {
    store_conn *c;
    const collection_def *d;
    const principal *p;
    arena *a;
    column *cols;
    int ncols;
    tab_sheet t;
    size_t cap_rows;
} export_ctx;

static rc_t export_row(json_t *rec, void *ctx, err *e) {
    export_ctx *x = ctx;
    rc_t rc = record_complete(x->c, x->d, x->p, rec, e);
    if (rc)
        return rc;
    if ((size_t)x->t.nrows == x->cap_rows) {
        tab_cell **grown = realloc(x->t.cells, 2 * x->cap_rows * sizeof *x->t.cells);
        if (!grown)
            return err_set(e, RC_NOMEM, NULL, "out of memory");
        x->t.cells = grown;
        x->cap_rows *= 2;
    }
    tab_cell *row = arena_alloc(x->a, (size_t)x->ncols * sizeof *row);
    if (!row)
        return err_set(e, RC_NOMEM, NULL, "the export is too large");
    for (int j = 0; j < x->ncols; j++) {
        row[j] = record_cell(x->a, x->d, &x->cols[j], rec);
        if (row[j].type == TAB_TEXT && !row[j].text)
            return err_set(e, RC_NOMEM, NULL, "the export is too large");
    }
    x->t.cells[x->t.nrows++] = row;
    return RC_OK;
}

/* write_file — the sheet(s) as CSV (the first only) or xlsx into out. */
static rc_t write_file(const tab_sheet *sheets, int n, export_format fmt, buf *out, err *e) {
    rc_t rc =
        fmt == EXPORT_CSV ? tab_write_csv(&sheets[0], out, e) : tab_write_xlsx(sheets, n, out, e);
    if (rc == RC_TOO_LARGE)
        err_set(e, RC_TOO_LARGE, NULL, "the export is larger than the server allows");
    return rc;
}

rc_t collection_export(store_conn *c, const collection_def *d, const principal *p,
                       const list_query *q, export_format fmt, buf *out, err *e) {
    const int depth = store_depth(c);
    rc_t rc = collection_access(d, p, false, e);
    if (rc)
        return rc;
    static const char *const reserved[] = {"format", NULL};
    column cols[COLUMNS_MAX];
    export_ctx x = {.c = c,
                    .d = d,
                    .p = p,
                    .a = arena_new(EXPORT_ARENA_MAX),
                    .cols = cols,
                    .ncols = file_columns(d, p->role == ROLE_ANON, cols),
                    .cap_rows = 1024};
    collection_source cs;
    query_plan plan;
    memset(&plan, 0, sizeof plan);
    x.t = (tab_sheet){.name = d->label_zh, .ncols = x.ncols, .header_rows = 1};
    x.t.cells = malloc(x.cap_rows * sizeof *x.t.cells);
    rc = x.a && x.t.cells ? source_open(d, p, &cs, e) : err_set(e, RC_NOMEM, NULL, "out of memory");
    if (rc) {
        free(x.t.cells);
        arena_free(x.a);
        return rc;
    }
    tab_cell *head = arena_alloc(x.a, (size_t)x.ncols * sizeof *head);
    for (int j = 0; head && j < x.ncols; j++)
        head[j] = tab_text(cols[j].header);
    x.t.cells[x.t.nrows++] = head;
    rc = head ? store_begin(c, false, e) : err_set(e, RC_NOMEM, NULL, "out of memory");
    if (rc == RC_OK)
        rc = query_plan_make(c, &cs.s, q, QM_ALL, reserved, &plan, e);
    if (rc == RC_OK)
        rc = query_rows(c, &cs.s, &plan, EXPORT_ROWS_MAX, export_row, &x, e);
    store_unwind(c, depth);
    if (rc == RC_OK)
        rc = write_file(&x.t, 1, fmt, out, e);
    query_plan_free(&plan);
    source_close(&cs);
    free(x.t.cells);
    arena_free(x.a);
    return rc;
}

/* ---- the import template ------------------------------------------------------------ */

#define TEMPLATE_ARENA_MAX (4u * 1024 * 1024)
#define LIST_INLINE_MAX 255 /* what Excel takes in a list's own text */

/* template_columns — what a clerk fills in: each field once, a reference by its name
 * (ids are the database's business), no server-owned columns. */
static int template_columns(const collection_def *d, column *cols) {
    int n = 0;
    for (int i = 0; i < d->nfields && n < COLUMNS_MAX; i++) {
        const field_def *f = &d->fields[i];
        if ((!field_is_column(f) && f->type != FT_REFS) || (f->flags & FF_READ_ONLY))
            continue;
        cols[n] = (column){.kind = is_ref(f) ? COL_REF_NAME : COL_FIELD, .field = i};
        snprintf(cols[n++].header, HEADER_MAX, "%s", f->label_zh);
    }
    return n;
}

/* example_value — a plausible value for a field with no record to show. */
static tab_cell example_value(arena *a, const field_def *f, date_t today) {
    switch (f->type) {
    case FT_ENUM: return tab_text(f->values && f->values[0].id ? f->values[0].zh : "");
    case FT_INT: return tab_int(f->min > 0 ? f->min : 0);
    case FT_BOOL: return tab_bool(false);
    case FT_DECIMAL: return tab_decimal(0, f->scale);
    case FT_DATE: return tab_date(today);
    case FT_REF: return tab_text(arena_printf(a, "（%s的名称）", f->label_zh));
    case FT_REFS: return tab_text(arena_printf(a, "（%s的名称，以顿号分隔）", f->label_zh));
    default: return tab_text(arena_printf(a, "（%s）", f->label_zh));
    }
}

/* kind_text — what a column takes, in words, for the notes sheet. */
static const char *kind_text(arena *a, const field_def *f) {
    char list[LIST_TEXT_MAX];
    switch (f->type) {
    case FT_ENUM:
        enum_list(f->values, true, list, sizeof list);
        return arena_printf(a, "以下之一：%s", list);
    case FT_INT: return arena_printf(a, "整数，%lld 至 %lld", f->min, f->max);
    case FT_BOOL: return "是 或 否";
    case FT_DECIMAL: return arena_printf(a, "数字，最多 %d 位小数", f->scale);
    case FT_DATE: return "日期，如 2024-03-01";
    case FT_DATETIME: return "时间，如 2024-03-01T08:00:00Z";
    case FT_REF: return arena_printf(a, "已有%s的名称（或编号）", f->ref);
    case FT_REFS: return arena_printf(a, "已有%s的名称，以顿号（、）分隔", f->ref);
    default: return f->max_len ? arena_printf(a, "文字，最多 %d 字", f->max_len) : "文字";
    }
}

rc_t collection_template(store_conn *c, const collection_def *d, const principal *p, buf *out,
                         err *e) {
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    column cols[COLUMNS_MAX];
    int n = template_columns(d, cols);
    arena *a = arena_new(TEMPLATE_ARENA_MAX);
    json_t *page = NULL;
    if (!a)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    /* the example: the newest record the caller may see, else one made up */
    list_query q = {.n = 2, .params = {{"per_page", "1"}, {"sort", "-id"}}};
    rc = collection_list(c, d, p, &q, &page, e);
    json_t *rec = rc == RC_OK ? json_array_get(json_object_get(page, "items"), 0) : NULL;
    date_t today = date_today_utc();
    tab_cell **rows = arena_alloc(a, 2 * sizeof *rows);
    tab_cell **notes = arena_alloc(a, (size_t)(n + 1) * sizeof *notes);
    tab_list *lists = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *lists);
    int nlists = 0;
    if (rc == RC_OK && (!rows || !notes || !lists))
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
    for (int r = 0; rc == RC_OK && r < 2; r++)
        rows[r] = arena_alloc(a, (size_t)(n ? n : 1) * sizeof **rows);
    for (int r = 0; rc == RC_OK && r <= n; r++)
        notes[r] = arena_alloc(a, 4 * sizeof **notes);
    if (rc == RC_OK && (!rows[0] || !rows[1] || !notes[n]))
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
    static const char *const note_head[] = {"列", "必填", "填写内容", "字段"};
    for (int k = 0; rc == RC_OK && k < 4; k++)
        notes[0][k] = tab_text(note_head[k]);
    for (int j = 0; rc == RC_OK && j < n; j++) {
        const field_def *f = &d->fields[cols[j].field];
        rows[0][j] = tab_text(cols[j].header);
        rows[1][j] = rec ? record_cell(a, d, &cols[j], rec) : example_value(a, f, today);
        if (rows[1][j].type == TAB_EMPTY)
            rows[1][j] = example_value(a, f, today);
        notes[j + 1][0] = tab_text(cols[j].header);
        notes[j + 1][1] = tab_text(f->flags & FF_REQUIRED ? "是" : "否");
        notes[j + 1][2] = tab_text(kind_text(a, f));
        notes[j + 1][3] = tab_text(f->name);
        if (f->type != FT_ENUM && f->type != FT_BOOL)
            continue;
        /* a drop-down of the labels, when Excel can hold them inline */
        static const char *const yes_no[] = {"是", "否"};
        const char **values = arena_alloc(a, (REFS_MAX + 1) * sizeof *values);
        int nv = 0;
        size_t len = 0;
        for (const enum_value *v = f->values; f->type == FT_ENUM && v && v->id && nv < REFS_MAX;
             v++) {
            values[nv++] = v->zh;
            len += strlen(v->zh) + 1;
        }
        if (f->type == FT_BOOL) {
            values = (const char **)yes_no;
            nv = 2;
            len = 8;
        }
        if (len <= LIST_INLINE_MAX)
            lists[nlists++] =
                (tab_list){.col = j, .values = values, .nvalues = nv, .prompt = f->label_zh};
    }
    tab_sheet sheets[2] = {
        {.name = d->label_zh,
         .nrows = 2,
         .ncols = n,
         .cells = rows,
         .header_rows = 1,
         .lists = lists,
         .nlists = nlists},
        {.name = "填写说明", .nrows = n + 1, .ncols = 4, .cells = notes, .header_rows = 1},
    };
    if (rc == RC_OK)
        rc = write_file(sheets, 2, EXPORT_XLSX, out, e);
    json_decref(page);
    arena_free(a);
    return rc;
}

/* ---- import ------------------------------------------------------------------------------- */

typedef struct {
    store_conn *c;
    const collection_def *d;
    const principal *p;
    arena *a;
    bool upsert;
    json_t *memo; /* "field\x1fcongress\x1fname" → id: names already resolved */
} import_ctx;

/* ordinal_parse — a record's number as people write it: "16", "第16届", "第十六届",
 * "十六" (up to 99). */
static bool ordinal_parse(const char *s, long long *out) {
    static const char *const digits[] = {"〇", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
    const char *ten = "十";
    size_t n = strlen(s);
    if (strncmp(s, "第", strlen("第")) == 0) {
        s += strlen("第");
        n -= strlen("第");
    }
    char body[64];
    if (n >= sizeof body)
        return false;
    memcpy(body, s, n);
    body[n] = '\0';
    static const char *const suffixes[] = {"届", "次", "号", NULL};
    for (int i = 0; suffixes[i]; i++) {
        size_t m = strlen(suffixes[i]);
        if (n > m && strcmp(body + n - m, suffixes[i]) == 0) {
            body[n - m] = '\0';
            break;
        }
    }
    if (parse_whole(body, out))
        return *out > 0;
    long long v = 0, cur = 0;
    bool any = false;
    for (const char *p = body; *p;) {
        bool hit = false;
        if (strncmp(p, ten, strlen(ten)) == 0) {
            v += (cur ? cur : 1) * 10;
            cur = 0;
            p += strlen(ten);
            hit = true;
        }
        for (int d = 0; d < 10 && !hit; d++)
            if (strncmp(p, digits[d], strlen(digits[d])) == 0) {
                cur = d;
                p += strlen(digits[d]);
                hit = true;
            }
        if (!hit)
            return false;
        any = true;
    }
    *out = v + cur;
    return any && *out > 0;
}

/* resolve_name — the id of the record of f's collection named `text` (its display name,
 * or its number), within congress when that collection has congresses. */
static rc_t resolve_name(import_ctx *x, const field_def *f, int64_t congress, const char *text,
                         int64_t *id, problems *pr, const char *header) {
    const collection_def *rd = collection_find(f->ref);
    char *key = arena_printf(x->a, "%s\x1f%lld\x1f%s", f->name, (long long)congress, text);
    json_t *hit = key ? json_object_get(x->memo, key) : NULL;
    if (hit) {
        *id = json_integer_value(hit);
        return RC_OK;
    }
    buf sql;
    store_params b = {.n = 0};
    long long number = -1;
    const field_def *nf = collection_field(rd, "number");
    bool numbered = nf && nf->type == FT_INT && ordinal_parse(text, &number);
    buf_init(&sql, COLLECTION_SQL_MAX);
    rc_t rc = buf_printf(&sql, "SELECT r.id FROM %s r WHERE (", rd->name);
    if (rc == RC_OK)
        rc = collection_title_sql(rd, "r", &sql);
    store_param_text(&b, text);
    if (rc == RC_OK)
        rc = buf_puts(&sql, " = ?");
    if (rc == RC_OK && numbered) {
        rc = buf_puts(&sql, " OR r.number = ?");
        store_param_int(&b, number);
    }
    if (rc == RC_OK)
        rc = buf_puts(&sql, ")");
    if (rc == RC_OK && collection_has_congress(rd) && congress) {
        rc = buf_puts(&sql, " AND r.congress_id = ?");
        store_param_int(&b, congress);
    }
    if (rc == RC_OK)
        rc = buf_puts(&sql, " ORDER BY r.id LIMIT 2");
    store_stmt *st = NULL;
    int found = 0;
    err se;
    if (rc == RC_OK)
        rc = store_prepare_with(x->c, sql.data, &b, &st, &se);
    while (rc == RC_OK && store_next(st, &rc, &se))
        if (found++ == 0)
            *id = store_column_int(st, 0);
    store_finish(st);
    buf_free(&sql);
    if (rc)
        return problem_err(pr, &se);
    if (found == 0)
        return problem(pr, RC_INVALID, f->name, "%s: no %s is called \"%s\"%.0s", header, rd->name,
                       text, rd->label_zh);
    if (found > 1)
        return problem(pr, RC_INVALID, f->name,
                       "%s: more than one %s is called \"%s\"; give its id instead%.0s", header,
                       rd->name, text, rd->label_zh);
    if (key)
        json_object_set_new(x->memo, key, json_integer(*id));
    return RC_OK;
}

/* names_list — "张三、李四" (or commas) as the ids of a list of references. */
static json_t *names_list(import_ctx *x, const field_def *f, int64_t congress, const char *text,
                          problems *pr, const char *header) {
    json_t *ids = json_array();
    char one[NAMES_TEXT_MAX];
    for (const char *p = text; *p;) {
        size_t n = 0;
        while (p[n] && p[n] != ',' && strncmp(p + n, "、", strlen("、")) != 0 &&
               strncmp(p + n, "，", strlen("，")) != 0)
            n++;
        if (n && n < sizeof one) {
            memcpy(one, p, n);
            one[n] = '\0';
            int64_t id = 0;
            if (resolve_name(x, f, congress, one, &id, pr, header) == RC_OK && id)
                json_array_append_new(ids, json_integer(id));
        }
        p += n;
        if (*p)
            p += *p == ',' ? 1 : strlen("、");
    }
    return ids;
}

/* row_input — one data row as the API's input object; names resolved to ids. */
static json_t *row_input(import_ctx *x, const table *t, int r, const column *map, int64_t *given_id,
                         problems *pr) {
    const collection_def *d = x->d;
    json_t *in = json_object();
    *given_id = 0;
    /* the congress first: the other names are looked up within it */
    int64_t congress = x->p->role == ROLE_ADMIN ? 0 : x->p->congress_id;
    for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < t->ncols; j++) {
            const char *s = t->cells[r][j];
            if (map[j].kind == COL_ID && pass == 0 && *s) {
                long long id = 0;
                if (!parse_whole(s, &id) || id < 1)
                    problem(pr, RC_INVALID, "id", "%s must be a record id", map[j].header);
                *given_id = id;
            }
            if ((map[j].kind != COL_FIELD && map[j].kind != COL_REF_NAME) || !*s)
                continue;
            const field_def *f = &d->fields[map[j].field];
            bool first = strcmp(f->name, "congress_id") == 0;
            if (first != (pass == 0))
                continue;
            if (map[j].kind == COL_FIELD) {
                json_t *v = field_from_text(f, f->values, s);
                if (v)
                    json_object_set_new(in, f->name, v);
                continue;
            }
            if (json_object_get(in, f->name)) /* the id column wins over the name */
                continue;
            if (f->type == FT_REFS) {
                json_object_set_new(in, f->name, names_list(x, f, congress, s, pr, map[j].header));
            } else {
                int64_t id = 0;
                if (resolve_name(x, f, congress, s, &id, pr, map[j].header) == RC_OK && id)
                    json_object_set_new(in, f->name, json_integer(id));
            }
        }
        json_t *cv = json_object_get(in, "congress_id");
        if (pass == 0 && json_is_integer(cv))
            congress = json_integer_value(cv);
    }
    return in;
}

/* existing — the record a row updates (upsert): its id if given, else the one whose
 * natural key the row matches; 0 for a new record. */
static rc_t existing(import_ctx *x, const json_t *rec, int64_t given, int64_t *id, problems *pr) {
    const collection_def *d = x->d;
    char sql[512];
    store_params b = {.n = 0};
    *id = 0;
    if (given) {
        json_t *cur = NULL;
        err fe;
        rc_t rc = fetch(x->c, d, x->p, given, &cur, &fe);
        json_decref(cur);
        if (rc == RC_OK)
            *id = given;
        return rc == RC_NOT_FOUND ? problem(pr, RC_INVALID, "id", "%s %lld does not exist", d->name,
                                            (long long)given)
               : rc               ? problem_err(pr, &fe)
                                  : RC_OK;
    }
    if (!d->natural_key[0])
        return RC_OK;
    int n = snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE 1 = 1", d->name);
    for (int i = 0; i < NATURAL_KEY_MAX && d->natural_key[i]; i++) {
        const field_def *f = collection_field(d, d->natural_key[i]);
        json_t *v = json_object_get(rec, f->name);
        json_t *own = NULL;
        /* a row without its congress is of the caller's (as check_record will make it) */
        if (field_blank(v) && strcmp(f->name, "congress_id") == 0 && x->p->congress_id)
            v = own = json_integer(x->p->congress_id);
        if (field_blank(v))
            return RC_OK; /* an incomplete key matches nothing */
        n += snprintf(sql + n, sizeof sql - (size_t)n, " AND %s = ?", f->name);
        field_bind(&b, f, v);
        json_decref(own);
    }
    err se;
    rc_t rc = store_one_int(x->c, sql, &b, id, &se);
    return rc ? problem_err(pr, &se) : RC_OK;
}

/* import_row — validate and write one row inside its own savepoint. */
static void import_row(import_ctx *x, const table *t, int r, const column *map, import_result *res,
                       problems *pr) {
    const collection_def *d = x->d;
    int64_t given = 0, id = 0;
    json_t *in = row_input(x, t, r, map, &given, pr), *rec = json_object(), *before = NULL;
    if (pr->count == 0 && x->upsert)
        existing(x, in, given, &id, pr);
    if (pr->count == 0 && id) {
        err fe;
        if (fetch(x->c, d, x->p, id, &before, &fe) != RC_OK ||
            (d->writable && d->writable(x->c, before, false, &fe) != RC_OK))
            problem_err(pr, &fe);
        for (int i = 0; before && i < d->nfields; i++)
            json_object_set(rec, d->fields[i].name, json_object_get(before, d->fields[i].name));
    }
    if (pr->count == 0)
        merge_input(d, in, rec, pr);
    if (pr->count == 0)
        check_record(x->c, d, x->p, rec, id, pr);
    if (pr->count == 0) {
        err ie;
        json_t *after = NULL;
        rc_t irc = store_exec(x->c, "SAVEPOINT import_row", &ie);
        if (irc == RC_OK)
            irc = id ? update_record(x->c, d, id, rec, &ie) : insert_record(x->c, d, rec, &id, &ie);
        if (irc == RC_OK)
            irc = fetch(x->c, d, x->p, id, &after, &ie);
        if (irc == RC_OK)
            irc = audit_record(x->c, x->p, d, "import", id, before, after, &ie);
        json_decref(after);
        if (irc == RC_OK) {
            store_exec(x->c, "RELEASE SAVEPOINT import_row", &ie);
            if (before)
                res->updated++;
            else
                res->created++;
        } else {
            err ignored;
            store_exec(x->c, "ROLLBACK TO SAVEPOINT import_row", &ignored);
            write_error(irc, d, false, &ie);
            ie.rc = irc;
            problem_err(pr, &ie);
        }
    }
    json_decref(before);
    json_decref(in);
    json_decref(rec);
}

/* map_headers — each header's column; RC_INVALID naming a header that names nothing or
 * a field named twice. */
static rc_t map_headers(const collection_def *d, const table *t, column *map, err *e) {
    column cols[COLUMNS_MAX];
    int ncols = file_columns(d, false, cols);
    for (int j = 0; j < t->ncols; j++) {
        const char *h = t->cells[0][j];
        while (*h == ' ')
            h++;
        map[j] = *h ? header_column(d, cols, ncols, h) : (column){.kind = COL_IGNORED, .field = -1};
        if (map[j].kind == COL_IGNORED && map[j].field == -2)
            return err_set(e, RC_INVALID, h, "column \"%s\" is not a field of %s", h, d->name);
        for (int k = 0; k < j; k++)
            if (map[k].kind == map[j].kind && map[k].field == map[j].field &&
                map[j].kind != COL_IGNORED)
                return err_set(e, RC_INVALID, h, "column \"%s\" repeats column \"%s\"", h,
                               map[k].header);
    }
    return RC_OK;
}

rc_t collection_import(store_conn *c, const collection_def *d, const principal *p, const char *data,
                       size_t len, export_format fmt, bool upsert, import_result *res,
                       json_t **row_errors, err *e) {
    const int depth = store_depth(c);
    *res = (import_result){0};
    *row_errors = NULL;
    rc_t rc = collection_access(d, p, true, e);
    if (rc)
        return rc;
    import_ctx x = {.c = c,
                    .d = d,
                    .p = p,
                    .a = arena_new(IMPORT_ARENA_MAX),
                    .memo = json_object(),
                    .upsert = upsert};
    table t = {0};
    column *map = NULL;
    json_t *errors = json_array();
    int nbad = 0;
    if (!x.a) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
        goto done;
    }
    rc = fmt == EXPORT_CSV ? tabular_read_csv(x.a, data, len, &t, e)
                           : tabular_read_xlsx(x.a, data, len, &t, e);
    if (rc == RC_OK && t.nrows < 1)
        rc = err_set(e, RC_INVALID, "", "the file is empty: it needs a header row");
    if (rc == RC_OK) {
        map = arena_alloc(x.a, (size_t)t.ncols * sizeof *map);
        rc = map ? map_headers(d, &t, map, e) : err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    if (rc == RC_OK)
        rc = store_begin(c, true, e);
    if (rc)
        goto done;
    for (int r = 1; r < t.nrows; r++) {
        bool empty = true;
        for (int j = 0; j < t.ncols && empty; j++)
            empty = t.cells[r][j][0] == '\0';
        if (empty)
            continue;
        problems pr = {.list = json_array()};
        import_row(&x, &t, r, map, res, &pr);
        if (pr.count) {
            nbad++;
            size_t k;
            json_t *item;
            json_array_foreach(pr.list, k, item) {
                if (json_array_size(errors) >= IMPORT_ERRORS_MAX)
                    break;
                const char *field = json_string_value(json_object_get(item, "field"));
                for (int j = 0; field && *field && j < t.ncols; j++)
                    if (map[j].field >= 0 && strcmp(d->fields[map[j].field].name, field) == 0 &&
                        t.cells[r][j][0]) {
                        json_object_set_new(item, "column", json_string(map[j].header));
                        break;
                    }
                json_object_set_new(item, "row", json_integer(r + 1));
                json_array_append(errors, item);
            }
        }
        json_decref(pr.list);
    }
    if (nbad) {
        rc = err_set(e, RC_INVALID, "", "%d row%s errors; nothing was imported", nbad,
                     nbad == 1 ? " has" : "s have");
        *row_errors = errors;
        errors = NULL;
        goto done;
    }
    rc = store_commit(c, e);
done:
    store_unwind(c, depth);
    if (rc)
        *res = (import_result){0};
    json_decref(errors);
    json_decref(x.memo);
    arena_free(x.a);
    return rc;
}
