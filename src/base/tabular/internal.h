/* internal.h — what the files of src/base/tabular/ share. Not an API: callers use
 * base/tabular.h. */
#ifndef RENDA_TABULAR_INTERNAL_H
#define RENDA_TABULAR_INTERNAL_H

#include "base/tabular.h"

/* Longest column name tab_col_name writes ("XFD" and more), with its NUL. */
#define TAB_COL_NAME_MAX 8

/* A sheet as the writers see it: typed cells, or a text table whose cells are all
 * text. One writer serves both faces of the API. */
typedef struct {
    const tab_sheet *typed; /* exactly one of typed and text is set */
    const table *text;
    const char *name;
    int nrows, ncols, header_rows;
    const tab_list *lists;
    int nlists;
} tab_view;

/* tab_view_of_sheet / tab_view_of_table — views borrowing s or t. */
tab_view tab_view_of_sheet(const tab_sheet *s);
tab_view tab_view_of_table(const table *t, const char *name, int header_rows);

/* tab_view_cell — the cell at (r, c) by value (text cells borrow the view's text). */
tab_cell tab_view_cell(const tab_view *v, int r, int c);

/* tab_col_name — spreadsheet column name of 1-based col: 1 -> "A", 27 -> "AA". */
void tab_col_name(int col, char out[TAB_COL_NAME_MAX]);

/* tab_grid_check — RC_TOO_LARGE (naming `what`) when nrows × ncols passes
 * TABULAR_MAX_GRID. */
rc_t tab_grid_check(const char *what, long nrows, long ncols, err *e);

/* tab_grid_table / tab_grid_sheet — an nrows × ncols grid in the arena, every cell
 * "" (the table) or TAB_EMPTY with text "" (the sheet). RC_NOMEM at the arena's cap. */
rc_t tab_grid_table(arena *a, int nrows, int ncols, table *t, err *e);
rc_t tab_grid_sheet(arena *a, int nrows, int ncols, tab_sheet *s, err *e);

/* tab_cell_read — the typed cell a reader returns for canonical text of a given
 * type (INT "12", DECIMAL "9.95", DATE "2024-03-01", BOOL "TRUE"/"FALSE", TEXT);
 * text is borrowed. Text that does not parse as its type comes back TAB_TEXT. */
tab_cell tab_cell_read(tab_type type, const char *text);

/* tab_unquote_formula — the CSV reader's half of the formula rule: s without its
 * first character when s is quotes followed by = + - @ TAB or CR; else s. */
const char *tab_unquote_formula(const char *s);

/* tab_needs_formula_quote — the CSV writer's half: true when text s must get a
 * leading quote. */
bool tab_needs_formula_quote(const char *s);

/* ------------------------------------------------- xlsx values (xlsx_values.c) */

/* What a cell's number format makes of its number. */
typedef enum { XLSX_FMT_NUMBER = 0, XLSX_FMT_DATE, XLSX_FMT_DATETIME, XLSX_FMT_TIME } xlsx_fmt;

/* xlsx_builtin_format — the kind of built-in number format id (14 is a date …). */
xlsx_fmt xlsx_builtin_format(int id);

/* xlsx_format_kind — the kind of a custom format code ("yyyy/m/d", "h:mm" …). */
xlsx_fmt xlsx_format_kind(const char *code);

/* xlsx_serial_text — serial number v (days since Excel's epoch: 1900, or 1904 with
 * date1904) as kind says: TAB_DATE with "YYYY-MM-DD", or TAB_TEXT with "YYYY-MM-DD
 * HH:MM:SS" (a date-time with a time of day) or "HH:MM:SS" (a time). TAB_EMPTY when
 * v is no date Excel shows (negative, 0, past 9999): the caller reads a number. */
tab_type xlsx_serial_text(double v, xlsx_fmt kind, bool date1904, char out[TAB_TEXT_MAX]);

/* xlsx_number_text — a number cell's value as the text Excel shows at 15
 * significant digits, in plain decimal: TAB_INT ("100"), TAB_DECIMAL ("9.95",
 * "0.00000015"), or TAB_TEXT in exponent form ("1.23456789012346E+17") when plain
 * decimal would invent digits. */
tab_type xlsx_number_text(double x, char out[TAB_TEXT_MAX]);

/* xlsx_unescape_controls — undoes Excel's '_xHHHH_' escapes in place, but only for
 * control characters (except NUL) and the underscore, which is all Excel and
 * libxlsxwriter produce; other '_x…_' text is kept as data. */
void xlsx_unescape_controls(buf *b);

/* xlsx_utf8_prefix — length of the longest well-formed UTF-8 prefix of s[0..n)
 * without NUL; *partial is true when what follows is a sequence cut off by the end
 * of s (so it may be completed by the next chunk). */
size_t xlsx_utf8_prefix(const char *s, size_t n, bool *partial);

#endif
