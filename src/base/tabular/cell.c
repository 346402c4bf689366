/* cell.c — typed cells as text and back, the formula rule, and the grids the
 * readers fill. Shared by the CSV and xlsx code of src/base/tabular/. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/tabular/internal.h"

enum { DECIMAL_BASE = 10, LETTERS = 26 };

/* The characters that make Excel or WPS read a CSV field as a formula. */
static const char formula_lead[] = "=+-@\t\r";
static const char yes_text[] = "是", no_text[] = "否";

/* ------------------------------------------------------------------ views */

tab_view tab_view_of_sheet(const tab_sheet *s) {
    return (tab_view){.typed = s,
                      .name = s->name,
                      .nrows = s->nrows,
                      .ncols = s->ncols,
                      .header_rows = s->header_rows,
                      .lists = s->lists,
                      .nlists = s->nlists};
}

tab_view tab_view_of_table(const table *t, const char *name, int header_rows) {
    return (tab_view){.text = t,
                      .name = name,
                      .nrows = t->nrows,
                      .ncols = t->ncols,
                      .header_rows = t->nrows < header_rows ? t->nrows : header_rows};
}

tab_cell tab_view_cell(const tab_view *v, int r, int c) {
    if (v->typed)
        return v->typed->cells[r][c];
    const char *s = v->text->cells[r][c];
    return tab_text(s ? s : "");
}

/* ------------------------------------------------------------ cell text */

/* Writes units × 10^-scale with exactly scale digits after the point. */
static void decimal_text(long long units, int scale, char out[TAB_TEXT_MAX]) {
    unsigned long long mag =
        units < 0 ? 0ULL - (unsigned long long)units : (unsigned long long)units;
    char digits[TAB_TEXT_MAX];
    int n = snprintf(digits, sizeof digits, "%0*llu", scale + 1, mag);
    int o = 0;
    if (units < 0)
        out[o++] = '-';
    memcpy(out + o, digits, (size_t)(n - scale));
    o += n - scale;
    if (scale > 0) {
        out[o++] = '.';
        memcpy(out + o, digits + n - scale, (size_t)scale);
        o += scale;
    }
    out[o] = '\0';
}

/* tab_cell_text — see tabular.h. A decimal with a scale out of range is "". */
const char *tab_cell_text(const tab_cell *c, char out[TAB_TEXT_MAX]) {
    out[0] = '\0';
    switch (c->type) {
    case TAB_EMPTY: return out;
    case TAB_TEXT: return c->text ? c->text : "";
    case TAB_INT: snprintf(out, TAB_TEXT_MAX, "%lld", c->num); return out;
    case TAB_DECIMAL:
        if (c->scale >= 0 && c->scale <= TAB_SCALE_MAX)
            decimal_text(c->num, c->scale, out);
        return out;
    case TAB_DATE: date_format(c->date, out); return out;
    case TAB_BOOL: return c->yes ? yes_text : no_text;
    }
    return out;
}

/* tab_parse_bool — see tabular.h. */
bool tab_parse_bool(const char *s, bool *out) {
    static const struct {
        const char *text;
        bool value;
    } forms[] = {
        {yes_text, true}, {no_text, false}, {"TRUE", true},
        {"FALSE", false}, {"1", true},      {"0", false},
    };
    for (size_t i = 0; s && i < sizeof forms / sizeof forms[0]; i++) {
        if (strcasecmp(s, forms[i].text) == 0) {
            *out = forms[i].value;
            return true;
        }
    }
    return false;
}

/* tab_parse_decimal — see tabular.h. */
bool tab_parse_decimal(const char *s, int scale, long long *units) {
    if (!s || scale < 0 || scale > TAB_SCALE_MAX)
        return false;
    bool neg = *s == '-';
    const char *p = s + neg;
    long long v = 0;
    int whole = 0, frac = 0;
    for (; *p >= '0' && *p <= '9'; p++, whole++)
        if (__builtin_mul_overflow(v, DECIMAL_BASE, &v) || __builtin_add_overflow(v, *p - '0', &v))
            return false;
    if (whole == 0)
        return false;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, frac++)
            if (frac >= scale || __builtin_mul_overflow(v, DECIMAL_BASE, &v) ||
                __builtin_add_overflow(v, *p - '0', &v))
                return false;
        if (frac == 0)
            return false;
    }
    if (*p != '\0')
        return false;
    for (; frac < scale; frac++)
        if (__builtin_mul_overflow(v, DECIMAL_BASE, &v))
            return false;
    *units = neg ? -v : v;
    return true;
}

/* tab_cell_read — see internal.h. */
tab_cell tab_cell_read(tab_type type, const char *text) {
    tab_cell c = tab_text(text);
    if (!text[0])
        return (tab_cell){.type = TAB_EMPTY, .text = text};
    switch (type) {
    case TAB_INT: {
        char *end = NULL;
        errno = 0;
        long long n = strtoll(text, &end, DECIMAL_BASE);
        if (errno == 0 && end && *end == '\0') {
            c.type = TAB_INT;
            c.num = n;
        }
        break;
    }
    case TAB_DECIMAL: {
        const char *dot = strchr(text, '.');
        int scale = dot ? (int)strlen(dot + 1) : 0;
        long long units;
        if (tab_parse_decimal(text, scale, &units)) {
            c.type = TAB_DECIMAL;
            c.scale = scale;
            c.num = units;
        }
        break;
    }
    case TAB_DATE: {
        date_t d;
        if (date_parse(text, &d)) {
            c.type = TAB_DATE;
            c.date = d;
        }
        break;
    }
    case TAB_BOOL:
        c.type = TAB_BOOL;
        c.yes = strcmp(text, "TRUE") == 0;
        break;
    case TAB_EMPTY:
    case TAB_TEXT: break;
    }
    c.text = text;
    return c;
}

/* ------------------------------------------------------------ formula rule */

static bool is_formula_lead(char ch) { return ch != '\0' && strchr(formula_lead, ch) != NULL; }

bool tab_needs_formula_quote(const char *s) {
    while (*s == '\'')
        s++;
    return is_formula_lead(*s);
}

const char *tab_unquote_formula(const char *s) {
    return s[0] == '\'' && tab_needs_formula_quote(s) ? s + 1 : s;
}

/* ----------------------------------------------------------------- grids */

void tab_col_name(int col, char out[TAB_COL_NAME_MAX]) {
    char tmp[TAB_COL_NAME_MAX];
    int n = 0;
    while (col > 0 && n < TAB_COL_NAME_MAX - 1) {
        col--;
        tmp[n++] = (char)('A' + col % LETTERS);
        col /= LETTERS;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

rc_t tab_grid_check(const char *what, long nrows, long ncols, err *e) {
    if (nrows > 0 && ncols > 0 && nrows > TABULAR_MAX_GRID / ncols)
        return err_set(e, RC_TOO_LARGE, NULL,
                       "%s: %ld rows of %ld columns are more than the %d cells allowed", what,
                       nrows, ncols, TABULAR_MAX_GRID);
    return RC_OK;
}

static rc_t grid_nomem(int nrows, int ncols, err *e) {
    return err_set(e, RC_NOMEM, NULL, "a table of %d rows and %d columns exceeds the memory limit",
                   nrows, ncols);
}

/* tab_grid_table — every cell points at one arena "". */
rc_t tab_grid_table(arena *a, int nrows, int ncols, table *t, err *e) {
    char *empty = arena_alloc(a, 1);
    char ***rows = arena_alloc(a, sizeof(char **) * (size_t)(nrows > 0 ? nrows : 1));
    if (!empty || !rows)
        return grid_nomem(nrows, ncols, e);
    for (int r = 0; r < nrows; r++) {
        rows[r] = arena_alloc(a, sizeof(char *) * (size_t)(ncols > 0 ? ncols : 1));
        if (!rows[r])
            return grid_nomem(nrows, ncols, e);
        for (int c = 0; c < ncols; c++)
            rows[r][c] = empty;
    }
    *t = (table){.nrows = nrows, .ncols = ncols, .cells = rows};
    return RC_OK;
}

rc_t tab_grid_sheet(arena *a, int nrows, int ncols, tab_sheet *s, err *e) {
    tab_cell **rows = arena_alloc(a, sizeof(tab_cell *) * (size_t)(nrows > 0 ? nrows : 1));
    if (!rows)
        return grid_nomem(nrows, ncols, e);
    for (int r = 0; r < nrows; r++) {
        rows[r] = arena_alloc(a, sizeof(tab_cell) * (size_t)(ncols > 0 ? ncols : 1));
        if (!rows[r])
            return grid_nomem(nrows, ncols, e);
        for (int c = 0; c < ncols; c++)
            rows[r][c] = (tab_cell){.type = TAB_EMPTY, .text = ""};
    }
    *s = (tab_sheet){.nrows = nrows, .ncols = ncols, .cells = rows};
    return RC_OK;
}
