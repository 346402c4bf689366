/* xlsx_write.c — workbooks of typed cells through libxlsxwriter: numbers as numbers,
 * dates as Excel dates, a bold frozen header, column widths that fit Chinese text,
 * drop-down lists, several sheets. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/tabular/internal.h"
#include "base/utf8.h"

enum {
    XLSX_READ_CHUNK = 16 * 1024,
    XLSX_PATH_MAX = 4096,
    /* Widths are estimated from the first rows only; enough for a sensible look. */
    XLSX_WIDTH_SAMPLE_ROWS = 1000,
    XLSX_WIDTH_MIN = 8,
    XLSX_WIDTH_MAX = 60,
    XLSX_WIDTH_PAD = 2,
    /* Above this many rows libxlsxwriter streams rows to disk (inline strings). */
    XLSX_CONSTANT_MEMORY_ROWS = 10000,
    /* Code points from here up are drawn about two columns wide (CJK, Hangul …). */
    WIDE_CODE_POINT_MIN = 0x2E80,
    /* Excel's limit for a list written into the validation itself. */
    XLSX_INLINE_LIST_MAX = 255,
    XLSX_SHEET_NAME_BUF = 16,
    XLSX_FORMULA_MAX = 512,
};

/* 10^0 … 10^TAB_SCALE_MAX, all exact in a double. */
static const double pow10_exact[TAB_SCALE_MAX + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

/* Number formats: integers in full ("0": General would switch to 1.2E+11), decimals
 * with their scale ("0.00"), dates as ISO dates (what the reader gives back). */
static const char date_format_code[] = "yyyy-mm-dd";

typedef struct {
    lxw_workbook *wb;
    lxw_format *bold, *date;
    lxw_format *decimal[TAB_SCALE_MAX + 1]; /* [0] is the integer format; made on demand */
} book;

/* --------------------------------------------------------------- widths */

/* Approximate display width of the longest line of s: CJK and other wide
 * characters (and everything beyond the BMP) count as two columns. */
static int display_width(const char *s) {
    int best = 0, w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p++;
        if (c == '\n') {
            w = 0;
            continue;
        }
        if ((c & 0xC0) == 0x80)
            continue; /* continuation bytes add no width */
        bool wide = c >= 0xF0;
        if (c >= 0xE0 && c < 0xF0 && (p[0] & 0xC0) == 0x80 && (p[1] & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[0] & 0x3F) << 6 | (p[1] & 0x3F);
            wide = cp >= WIDE_CODE_POINT_MIN;
        }
        w += wide ? 2 : 1;
        if (w > best)
            best = w;
    }
    return best;
}

static rc_t set_widths(const tab_view *v, lxw_worksheet *ws) {
    int sample = v->nrows < XLSX_WIDTH_SAMPLE_ROWS ? v->nrows : XLSX_WIDTH_SAMPLE_ROWS;
    for (int c = 0; c < v->ncols; c++) {
        int w = 0;
        for (int r = 0; r < sample; r++) {
            tab_cell cell = tab_view_cell(v, r, c);
            char tmp[TAB_TEXT_MAX];
            int cw = display_width(tab_cell_text(&cell, tmp));
            if (cw > w)
                w = cw;
        }
        w += XLSX_WIDTH_PAD;
        w = w < XLSX_WIDTH_MIN ? XLSX_WIDTH_MIN : w > XLSX_WIDTH_MAX ? XLSX_WIDTH_MAX : w;
        if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL) != LXW_NO_ERROR)
            return RC_INTERNAL;
    }
    return RC_OK;
}

/* ---------------------------------------------------------------- cells */

/* The number format for a scale (0: integers), made the first time it is needed. */
static lxw_format *number_format(book *b, int scale) {
    if (!b->decimal[scale]) {
        char code[TAB_SCALE_MAX + 3] = "0."; /* libxlsxwriter copies it */
        memset(code + 2, '0', (size_t)scale);
        code[scale > 0 ? scale + 2 : 1] = '\0';
        b->decimal[scale] = workbook_add_format(b->wb);
        if (b->decimal[scale])
            format_set_num_format(b->decimal[scale], code);
    }
    return b->decimal[scale];
}

static bool fits_a_double(long long n) {
    unsigned long long mag = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    return mag < (unsigned long long)pow10_exact[TAB_XLSX_DIGITS_MAX];
}

/* Writes one cell; text for anything a double would not hold exactly. */
static lxw_error put_cell(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                          const tab_cell *cell, bool header, const char **why) {
    char tmp[TAB_TEXT_MAX];
    lxw_format *text_fmt = header ? b->bold : NULL;
    *why = NULL;
    switch (cell->type) {
    case TAB_EMPTY: return LXW_NO_ERROR;
    case TAB_TEXT:
    case TAB_BOOL: return worksheet_write_string(ws, r, c, tab_cell_text(cell, tmp), text_fmt);
    case TAB_INT:
        if (!fits_a_double(cell->num))
            return worksheet_write_string(ws, r, c, tab_cell_text(cell, tmp), text_fmt);
        return worksheet_write_number(ws, r, c, (double)cell->num, number_format(b, 0));
    case TAB_DECIMAL:
        if (cell->scale < 0 || cell->scale > TAB_SCALE_MAX) {
            *why = "decimal scale out of range";
            return LXW_ERROR_PARAMETER_VALIDATION;
        }
        if (!fits_a_double(cell->num))
            return worksheet_write_string(ws, r, c, tab_cell_text(cell, tmp), text_fmt);
        /* both operands are exact, and IEEE division rounds once: the nearest double
         * to the decimal, which Excel shows (15 digits) as exactly that decimal */
        return worksheet_write_number(ws, r, c, (double)cell->num / pow10_exact[cell->scale],
                                      number_format(b, cell->scale));
    case TAB_DATE: {
        lxw_datetime dt = {0};
        date_to_ymd(cell->date, &dt.year, &dt.month, &dt.day);
        if (dt.year < 1900 || dt.year > 9999) /* Excel has no dates outside */
            return worksheet_write_string(ws, r, c, tab_cell_text(cell, tmp), text_fmt);
        return worksheet_write_datetime(ws, r, c, &dt, b->date);
    }
    }
    return LXW_NO_ERROR;
}

/* ---------------------------------------------------------------- lists */

/* Adds one drop-down list; *e names the column. */
static rc_t put_list(lxw_worksheet *ws, const tab_view *v, const tab_list *l, err *e) {
    char cn[TAB_COL_NAME_MAX], formula[XLSX_FORMULA_MAX];
    tab_col_name(l->col + 1, cn);
    if (l->col < 0 || l->col >= TABULAR_MAX_COLS)
        return err_set(e, RC_INVALID, "lists", "xlsx sheet '%s': a list names column %d", v->name,
                       l->col + 1);
    lxw_data_validation dv = {.input_message = (char *)l->prompt};
    const char **values = NULL;
    if (l->source_sheet) {
        char sn[TAB_COL_NAME_MAX], quoted[XLSX_FORMULA_MAX];
        tab_col_name(l->source_col + 1, sn);
        size_t o = 0;
        for (const char *p = l->source_sheet; *p && o + 2 < sizeof quoted; p++) {
            quoted[o++] = *p;
            if (*p == '\'')
                quoted[o++] = '\''; /* a quote inside a quoted sheet name is doubled */
        }
        quoted[o] = '\0';
        int n = snprintf(formula, sizeof formula, "='%s'!$%s$%d:$%s$%d", quoted, sn,
                         l->source_first_row + 1, sn, l->source_last_row + 1);
        if (n < 0 || (size_t)n >= sizeof formula || l->source_col < 0 ||
            l->source_col >= TABULAR_MAX_COLS || l->source_first_row < 0 ||
            l->source_last_row < l->source_first_row || l->source_last_row >= LXW_ROW_MAX)
            return err_set(e, RC_INVALID, "lists",
                           "xlsx sheet '%s': the list on column %s has a bad source range", v->name,
                           cn);
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        dv.value_formula = formula;
    } else {
        size_t chars = 0;
        bool ok = l->nvalues > 0;
        for (int i = 0; ok && i < l->nvalues; i++) {
            ok = l->values[i] && !strpbrk(l->values[i], ",\"");
            chars += ok ? utf8_chars(l->values[i]) + (i > 0) : 0;
        }
        if (!ok || chars > XLSX_INLINE_LIST_MAX)
            return err_set(e, RC_INVALID, "lists",
                           "xlsx sheet '%s': the list on column %s needs 1 to %d characters of "
                           "values without commas or quotes; put longer lists on a sheet",
                           v->name, cn, XLSX_INLINE_LIST_MAX);
        values = calloc((size_t)l->nvalues + 1, sizeof *values);
        if (!values)
            return err_set(e, RC_NOMEM, NULL, "xlsx: out of memory");
        memcpy(values, l->values, (size_t)l->nvalues * sizeof *values);
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = (char **)values;
    }
    lxw_error le = worksheet_data_validation_range(ws, (lxw_row_t)v->header_rows, (lxw_col_t)l->col,
                                                   LXW_ROW_MAX - 1, (lxw_col_t)l->col, &dv);
    free(values);
    if (le != LXW_NO_ERROR)
        return err_set(e, RC_INVALID, "lists", "xlsx sheet '%s': the list on column %s: %s",
                       v->name, cn, lxw_strerror(le));
    return RC_OK;
}

/* ---------------------------------------------------------------- sheets */

static rc_t put_sheet(book *b, const tab_view *v, err *e) {
    lxw_error le = workbook_validate_sheet_name(b->wb, v->name);
    if (le != LXW_NO_ERROR)
        return err_set(e, RC_INVALID, "sheet", "xlsx: sheet name '%s': %s", v->name,
                       lxw_strerror(le));
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, v->name);
    if (!ws)
        return err_set(e, RC_NOMEM, NULL, "xlsx: cannot add the worksheet");
    if (set_widths(v, ws) != RC_OK)
        return err_set(e, RC_INTERNAL, NULL, "xlsx: cannot set column widths");
    if (v->header_rows > 0)
        worksheet_freeze_panes(ws, (lxw_row_t)v->header_rows, 0);
    for (int r = 0; r < v->nrows; r++) {
        for (int c = 0; c < v->ncols; c++) {
            tab_cell cell = tab_view_cell(v, r, c);
            const char *why;
            le = put_cell(b, ws, (lxw_row_t)r, (lxw_col_t)c, &cell, r < v->header_rows, &why);
            if (le != LXW_NO_ERROR) {
                char cn[TAB_COL_NAME_MAX];
                tab_col_name(c + 1, cn);
                return err_set(e, RC_INVALID, NULL, "xlsx sheet '%s' cell %s%d (row %d): %s",
                               v->name, cn, r + 1, r + 1, why ? why : lxw_strerror(le));
            }
        }
    }
    for (int i = 0; i < v->nlists; i++) {
        rc_t rc = put_list(ws, v, &v->lists[i], e);
        if (rc != RC_OK)
            return rc;
    }
    return RC_OK;
}

/* Appends the whole file at path to out. */
static rc_t slurp_file(const char *path, buf *out, err *e) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, RC_INTERNAL, NULL, "xlsx: cannot read back the temporary file");
    rc_t rc = RC_OK;
    char chunk[XLSX_READ_CHUNK];
    size_t n;
    do {
        n = fread(chunk, 1, sizeof chunk, f);
        if (n > 0)
            rc = buf_append(out, chunk, n);
    } while (rc == RC_OK && n == sizeof chunk);
    if (rc == RC_OK && ferror(f))
        rc = err_set(e, RC_INTERNAL, NULL, "xlsx: error reading the temporary file");
    else if (rc == RC_TOO_LARGE)
        err_set(e, rc, NULL, "xlsx: the file is larger than the %zu-byte output limit", out->max);
    else if (rc != RC_OK)
        err_set(e, rc, NULL, "xlsx: out of memory");
    fclose(f);
    return rc;
}

/* Writes the views as one workbook. libxlsxwriter 1.1 cannot write to memory, so
 * the workbook goes through a private temporary file (mkstemp in $TMPDIR or /tmp)
 * that is always removed. On failure out is left as it was. */
static rc_t write_views(const tab_view *views, int nviews, buf *out, err *e) {
    size_t start = out->len;
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char path[XLSX_PATH_MAX];
    if (snprintf(path, sizeof path, "%s/renda-xlsx-XXXXXX", dir) >= (int)sizeof path)
        return err_set(e, RC_INTERNAL, NULL, "xlsx: TMPDIR is too long");
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(e, RC_INTERNAL, NULL, "xlsx: cannot create a temporary file in %s", dir);
    close(fd);

    rc_t rc = RC_OK;
    long rows = 0;
    for (int i = 0; i < nviews; i++)
        rows += views[i].nrows;
    lxw_workbook_options opts = {.constant_memory = rows > XLSX_CONSTANT_MEMORY_ROWS,
                                 .tmpdir = (char *)dir};
    book b = {.wb = workbook_new_opt(path, &opts)};
    if (!b.wb) {
        rc = err_set(e, RC_NOMEM, NULL, "xlsx: cannot create the workbook");
        goto done;
    }
    b.bold = workbook_add_format(b.wb);
    b.date = workbook_add_format(b.wb);
    if (!b.bold || !b.date) {
        rc = err_set(e, RC_NOMEM, NULL, "xlsx: cannot add the cell formats");
        goto done;
    }
    format_set_bold(b.bold);
    format_set_num_format(b.date, date_format_code);
    for (int i = 0; rc == RC_OK && i < nviews; i++)
        rc = put_sheet(&b, &views[i], e);
done:
    if (b.wb) {
        lxw_error le = workbook_close(b.wb); /* frees wb in every case */
        if (rc == RC_OK && le != LXW_NO_ERROR)
            rc = err_set(e, RC_INTERNAL, NULL, "xlsx: cannot write the workbook: %s",
                         lxw_strerror(le));
    }
    if (rc == RC_OK)
        rc = slurp_file(path, out, e);
    unlink(path);
    if (rc != RC_OK) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    return rc;
}

/* tab_write_xlsx — see tabular.h. Unnamed sheets are "Sheet1", "Sheet2" … by
 * position. */
rc_t tab_write_xlsx(const tab_sheet *sheets, int nsheets, buf *out, err *e) {
    if (nsheets < 1 || nsheets > TAB_SHEETS_MAX)
        return err_set(e, RC_INVALID, "sheet", "xlsx: a workbook has 1 to %d sheets, not %d",
                       TAB_SHEETS_MAX, nsheets);
    tab_view views[TAB_SHEETS_MAX];
    char names[TAB_SHEETS_MAX][XLSX_SHEET_NAME_BUF];
    for (int i = 0; i < nsheets; i++) {
        views[i] = tab_view_of_sheet(&sheets[i]);
        if (!views[i].name) {
            snprintf(names[i], sizeof names[i], "Sheet%d", i + 1);
            views[i].name = names[i];
        }
    }
    return write_views(views, nsheets, out, e);
}

/* tabular_write_xlsx — see tabular.h. */
rc_t tabular_write_xlsx(const table *t, const char *sheet, buf *out, err *e) {
    tab_view v = tab_view_of_table(t, sheet ? sheet : "Sheet1", 1);
    return write_views(&v, 1, out, e);
}
