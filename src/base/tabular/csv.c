/* csv.c — CSV writer and reader: UTF-8 with a BOM, RFC 4180 quoting, CRLF line
 * ends, and both halves of the formula rule (see tabular.h). */
#include <stdbool.h>
#include <string.h>

#include "base/tabular/internal.h"
#include "base/utf8.h"

enum { BOM_LEN = 3 };

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* ------------------------------------------------------------ CSV writer */

/* Appends one field: quoted when it holds a separator, quote or line end, with a
 * leading single quote when the formula rule asks for one. */
static rc_t csv_put_field(buf *out, const char *s, bool formula_quote) {
    bool quoted = strpbrk(s, ",\"\r\n") != NULL;
    rc_t rc = RC_OK;
    if (quoted)
        rc = buf_append(out, "\"", 1);
    if (rc == RC_OK && formula_quote)
        rc = buf_append(out, "'", 1);
    if (!quoted)
        return rc == RC_OK ? buf_puts(out, s) : rc;
    const char *p = s;
    while (rc == RC_OK && *p) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
        rc = buf_append(out, p, n);
        if (rc == RC_OK && q)
            rc = buf_append(out, "\"", 1); /* double the quote */
        p += n;
    }
    if (rc == RC_OK)
        rc = buf_append(out, "\"", 1);
    return rc;
}

/* Writes the view; on failure out is cut back to where it was. */
static rc_t csv_write_view(const tab_view *v, buf *out, err *e) {
    size_t start = out->len;
    rc_t rc = buf_append(out, utf8_bom, BOM_LEN);
    for (int r = 0; rc == RC_OK && r < v->nrows; r++) {
        for (int c = 0; rc == RC_OK && c < v->ncols; c++) {
            tab_cell cell = tab_view_cell(v, r, c);
            if (cell.type == TAB_DECIMAL && (cell.scale < 0 || cell.scale > TAB_SCALE_MAX)) {
                char cn[TAB_COL_NAME_MAX];
                tab_col_name(c + 1, cn);
                rc = err_set(e, RC_INVALID, NULL, "CSV cell %s%d: decimal scale %d is not 0 to %d",
                             cn, r + 1, cell.scale, TAB_SCALE_MAX);
                break;
            }
            char tmp[TAB_TEXT_MAX];
            const char *text = tab_cell_text(&cell, tmp);
            if (c > 0)
                rc = buf_append(out, ",", 1);
            if (rc == RC_OK)
                rc = csv_put_field(out, text,
                                   cell.type == TAB_TEXT && tab_needs_formula_quote(text));
        }
        if (rc == RC_OK)
            rc = buf_append(out, "\r\n", 2);
    }
    if (rc == RC_TOO_LARGE)
        err_set(e, rc, NULL, "CSV: the file is larger than the %zu-byte output limit", out->max);
    else if (rc == RC_NOMEM)
        err_set(e, rc, NULL, "CSV: out of memory");
    if (rc != RC_OK) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    return rc;
}

/* tab_write_csv — see tabular.h. */
rc_t tab_write_csv(const tab_sheet *s, buf *out, err *e) {
    tab_view v = tab_view_of_sheet(s);
    return csv_write_view(&v, out, e);
}

/* tabular_write_csv — see tabular.h. On failure out is left as it was. */
rc_t tabular_write_csv(const table *t, buf *out) {
    tab_view v = tab_view_of_table(t, NULL, 0);
    return csv_write_view(&v, out, NULL);
}

/* ------------------------------------------------------------ CSV reader */

typedef struct {
    const char *p;
    size_t len, pos;
    long line; /* 1-based line of p[pos] */
} csv_in;

/* Length of the line end at i: "\n", "\r\n", or a lone "\r" ending the file. */
static size_t csv_eol(const csv_in *in, size_t i) {
    if (i >= in->len)
        return 0;
    if (in->p[i] == '\n')
        return 1;
    if (in->p[i] == '\r')
        return i + 1 == in->len ? 1 : in->p[i + 1] == '\n' ? 2 : 0;
    return 0;
}

typedef struct {
    const char *raw;     /* field text in the file, without surrounding quotes */
    size_t rawlen, vlen; /* vlen: length once doubled quotes are undone */
    bool quoted;
} csv_field;

/* Scans one field at in->pos and leaves pos on the separator, line end or EOF. */
static rc_t csv_scan_field(csv_in *in, csv_field *f, err *e) {
    size_t i = in->pos;
    if (i < in->len && in->p[i] == '"') {
        long start_line = in->line;
        size_t s = ++i, v = 0;
        for (;;) {
            if (i >= in->len)
                return err_set(e, RC_INVALID, NULL,
                               "line %ld: a quoted field is never closed (missing '\"')",
                               start_line);
            if (in->p[i] == '"') {
                if (i + 1 < in->len && in->p[i + 1] == '"') {
                    i += 2;
                    v++;
                    continue;
                }
                break;
            }
            if (in->p[i] == '\n')
                in->line++;
            i++;
            v++;
        }
        f->raw = in->p + s;
        f->rawlen = i - s;
        f->vlen = v;
        f->quoted = true;
        i++; /* the closing quote */
        if (i < in->len && in->p[i] != ',' && csv_eol(in, i) == 0)
            return err_set(e, RC_INVALID, NULL, "line %ld: unexpected text after a closing quote",
                           in->line);
    } else {
        size_t s = i;
        while (i < in->len && in->p[i] != ',' && csv_eol(in, i) == 0)
            i++;
        f->raw = in->p + s;
        f->rawlen = f->vlen = i - s;
        f->quoted = false;
    }
    in->pos = i;
    if (f->vlen > TABULAR_MAX_CELL)
        return err_set(e, RC_TOO_LARGE, NULL, "line %ld: a cell is longer than %d bytes", in->line,
                       TABULAR_MAX_CELL);
    return RC_OK;
}

/* The field's value in the arena, doubled quotes undone, formula rule undone. */
static const char *csv_copy(arena *a, const csv_field *f) {
    char *s = arena_alloc(a, f->vlen + 1);
    if (!s)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < f->rawlen; i++) {
        s[o++] = f->raw[i];
        if (f->quoted && f->raw[i] == '"')
            i++; /* skip the second of a doubled quote */
    }
    s[o] = '\0';
    return tab_unquote_formula(s);
}

/* Where the second pass puts the cells: one of the two is set. */
typedef struct {
    table *t;
    tab_sheet *s;
} csv_out;

/* One pass over the rows. With out == NULL only counts (and validates); otherwise
 * fills the grid, which was sized by the counting pass. */
static rc_t csv_pass(csv_in *in, arena *a, const csv_out *out, int *nrows, int *ncols, err *e) {
    int row = 0, maxc = 0;
    while (in->pos < in->len) {
        if (row >= TABULAR_MAX_ROWS)
            return err_set(e, RC_TOO_LARGE, NULL, "line %ld: more than %d rows", in->line,
                           TABULAR_MAX_ROWS);
        int col = 0;
        for (;;) {
            csv_field f = {0};
            rc_t rc = csv_scan_field(in, &f, e);
            if (rc != RC_OK)
                return rc;
            if (col >= TABULAR_MAX_COLS)
                return err_set(e, RC_TOO_LARGE, NULL, "line %ld: more than %d columns", in->line,
                               TABULAR_MAX_COLS);
            if (out) {
                const char *v = csv_copy(a, &f);
                if (!v)
                    return err_set(e, RC_NOMEM, NULL, "line %ld: the file exceeds the memory limit",
                                   in->line);
                if (out->t)
                    out->t->cells[row][col] = (char *)v;
                else
                    out->s->cells[row][col] = tab_cell_read(TAB_TEXT, v);
            }
            col++;
            if (in->pos < in->len && in->p[in->pos] == ',') {
                in->pos++;
                continue;
            }
            size_t eol = csv_eol(in, in->pos);
            in->pos += eol;
            if (eol)
                in->line++;
            break;
        }
        if (col > maxc)
            maxc = col;
        row++;
    }
    *nrows = row;
    *ncols = maxc;
    return RC_OK;
}

/* Two passes: the first validates and sizes the grid, the second copies cells into
 * the arena. */
static rc_t csv_read(arena *a, const char *data, size_t len, const csv_out *out, err *e) {
    if (len >= BOM_LEN && memcmp(data, utf8_bom, BOM_LEN) == 0) {
        data += BOM_LEN;
        len -= BOM_LEN;
    }
    /* '\n' never occurs inside a multi-byte sequence, so checking line by line
     * finds the line to blame. */
    long line = 1;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        if (!utf8_valid(data + i, n))
            return err_set(e, RC_BAD_REQUEST, NULL, "line %ld: invalid UTF-8 or a NUL byte", line);
        i += n + 1;
        line++;
    }
    csv_in in = {data, len, 0, 1};
    int nrows = 0, ncols = 0;
    rc_t rc = csv_pass(&in, a, NULL, &nrows, &ncols, e);
    if (rc == RC_OK)
        rc = tab_grid_check("CSV", nrows, ncols, e);
    if (rc == RC_OK)
        rc = out->t ? tab_grid_table(a, nrows, ncols, out->t, e)
                    : tab_grid_sheet(a, nrows, ncols, out->s, e);
    if (rc == RC_OK) {
        in.pos = 0;
        in.line = 1;
        rc = csv_pass(&in, a, out, &nrows, &ncols, e);
    }
    return rc;
}

/* tab_read_csv — see tabular.h. */
rc_t tab_read_csv(arena *a, const char *data, size_t len, tab_sheet *out, err *e) {
    tab_sheet s = {0};
    csv_out o = {.s = &s};
    rc_t rc = csv_read(a, data, len, &o, e);
    *out = rc == RC_OK ? s : (tab_sheet){0};
    return rc;
}

/* tabular_read_csv — see tabular.h. */
rc_t tabular_read_csv(arena *a, const char *data, size_t len, table *out, err *e) {
    table t = {0};
    csv_out o = {.t = &t};
    rc_t rc = csv_read(a, data, len, &o, e);
    *out = rc == RC_OK ? t : (table){0};
    return rc;
}
