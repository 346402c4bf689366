/* tabular.h — sheets of cells to and from CSV and xlsx files, for export and import.
 * No domain knowledge: row 0 is the header row, as in the file.
 *
 * Two faces over one implementation (src/base/tabular/):
 *   typed (tab_*): a tab_sheet of tab_cell values — text, integer, decimal, date,
 *     boolean or empty. xlsx gets real numbers and real dates (Excel sorts and
 *     filters them as such); readers say what kind each cell was.
 *   text (tabular_*): a `table` grid of strings, every cell written as text. Thin
 *     wrappers over the typed code, kept for callers not yet switched to typed cells.
 *
 * CSV is UTF-8 with a BOM (so Excel opens it), RFC 4180 quoting, CRLF line ends.
 * xlsx is written with libxlsxwriter (bold frozen header rows, column widths that
 * fit Chinese text, drop-down lists, several sheets) and read with libzip and expat
 * (first worksheet only; DTDs refused, so no entity expansion).
 *
 * The formula rule (OWASP "CSV injection"). Excel and WPS run a CSV field that
 * begins with = + - @ TAB or CR as a formula. So the CSV writer puts a single quote
 * before a *text* cell that begins with one of those, or with quotes followed by
 * one of those ("'=x" is written "''=x"); numbers, dates and booleans are written
 * as they are (-5 as a TAB_INT stays -5; the text "-5" becomes '-5). The CSV reader
 * undoes it: a field of one or more quotes followed by one of the six characters
 * loses its first quote. Together these make export → import lossless for every
 * text; the one cost is that a hand-made CSV field such as '=x imports as =x.
 * xlsx cells are typed, so xlsx text is written and read exactly as it is.
 *
 * Booleans are written as the text 是 or 否 in both formats (real xlsx booleans show
 * TRUE/FALSE even in Chinese Excel and WPS); tab_parse_bool reads those back, and
 * TRUE/FALSE/1/0 from hand-made files. */
#ifndef RENDA_TABULAR_H
#define RENDA_TABULAR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/rc.h"

#define TABULAR_MAX_ROWS 1000000
#define TABULAR_MAX_COLS 256
#define TABULAR_MAX_CELL 65536
/* Rows × columns of a sheet read from a file: a sparse file naming cell IV999999
 * would otherwise ask for a quarter of a billion empty cells. */
#define TABULAR_MAX_GRID (8 * 1024 * 1024)

/* ------------------------------------------------------------------ typed cells */

typedef enum {
    TAB_EMPTY = 0, /* nothing (a zeroed tab_cell is empty) */
    TAB_TEXT,
    TAB_INT,
    TAB_DECIMAL, /* an exact decimal: num × 10^-scale, e.g. money */
    TAB_DATE,
    TAB_BOOL,
} tab_type;

/* Digits after the point a TAB_DECIMAL may have. */
#define TAB_SCALE_MAX 15
/* xlsx stores numbers as doubles, exact to 15 significant digits: a TAB_INT or
 * TAB_DECIMAL with more digits is written to xlsx as text, so no digit is lost. */
#define TAB_XLSX_DIGITS_MAX 15
/* Sheets tab_write_xlsx takes at once. */
#define TAB_SHEETS_MAX 16
/* Room for any non-text cell as text (tab_cell_text). */
#define TAB_TEXT_MAX 48

/* tab_cell — one cell. Build them with the constructors below. Cells returned by a
 * reader always have text set (never NULL; "" when empty) besides the typed value. */
typedef struct {
    tab_type type;
    int scale; /* TAB_DECIMAL: digits after the point, 0 … TAB_SCALE_MAX */
    union {
        long long num; /* TAB_INT: the value; TAB_DECIMAL: the value × 10^scale */
        date_t date;   /* TAB_DATE */
        bool yes;      /* TAB_BOOL */
    };
    const char *text; /* TAB_TEXT: UTF-8 (NULL counts as ""); not owned */
} tab_cell;

static inline tab_cell tab_empty(void) { return (tab_cell){.type = TAB_EMPTY}; }
static inline tab_cell tab_text(const char *s) { return (tab_cell){.type = TAB_TEXT, .text = s}; }
static inline tab_cell tab_int(long long n) { return (tab_cell){.type = TAB_INT, .num = n}; }
/* tab_decimal(1230, 2) is 12.30. */
static inline tab_cell tab_decimal(long long units, int scale) {
    return (tab_cell){.type = TAB_DECIMAL, .scale = scale, .num = units};
}
static inline tab_cell tab_date(date_t d) { return (tab_cell){.type = TAB_DATE, .date = d}; }
static inline tab_cell tab_bool(bool b) { return (tab_cell){.type = TAB_BOOL, .yes = b}; }

/* tab_list — a drop-down list on one column of an xlsx sheet, from the row below
 * the header rows to the sheet's end. Excel refuses other values typed into it.
 * The values are either given inline (at most 255 characters joined by commas, no
 * value containing a comma or a double quote) or read from a range of another
 * sheet: source_sheet's column source_col, rows source_first_row … source_last_row
 * (0-based, as everywhere here). libxlsxwriter 1.1.4 leaks a copy of a source
 * range's formula (a few dozen bytes per list per workbook; tests/lsan.supp). */
typedef struct {
    int col; /* 0-based column the list applies to */
    const char *const *values;
    int nvalues;
    const char *source_sheet; /* NULL: use values */
    int source_col, source_first_row, source_last_row;
    const char *prompt; /* optional: shown when a cell of the column is selected */
} tab_list;

/* tab_sheet — nrows rows of ncols cells. The caller owns everything it builds;
 * sheets from a reader live in the reader's arena. */
typedef struct {
    const char *name; /* xlsx sheet name; NULL: "Sheet1", "Sheet2" …; readers set it */
    int nrows, ncols;
    tab_cell **cells; /* cells[row][col] */
    int header_rows;  /* xlsx: top rows drawn bold and frozen (a header row: 1) */
    const tab_list *lists;
    int nlists;
} tab_sheet;

/* tab_write_csv — append the sheet to out as CSV (BOM first), applying the formula
 * rule to text cells. Decimals are written exactly (12.30), dates as YYYY-MM-DD,
 * booleans as 是/否. RC_TOO_LARGE when out's cap is reached, RC_INVALID naming the
 * cell for a decimal with a bad scale. On failure out is left as it was. */
rc_t tab_write_csv(const tab_sheet *s, buf *out, err *e);

/* tab_write_xlsx — write nsheets (1 … TAB_SHEETS_MAX) sheets as one workbook to out (the bytes of the
 * .xlsx file). Numbers are numbers (decimals shown with their scale), dates are
 * Excel dates shown as yyyy-mm-dd. On failure out is left as it was and *e names
 * the sheet and cell, the bad sheet name or list, or the step that failed. */
rc_t tab_write_xlsx(const tab_sheet *sheets, int nsheets, buf *out, err *e);

/* tab_read_csv — parse CSV bytes (BOM optional, CRLF or LF, quoted fields),
 * undoing the formula rule. Every non-empty cell is TAB_TEXT. Fails RC_INVALID
 * naming the line for a malformed file, RC_BAD_REQUEST for invalid UTF-8,
 * RC_TOO_LARGE past the TABULAR_MAX_* limits, RC_NOMEM at the arena's cap. */
rc_t tab_read_csv(arena *a, const char *data, size_t len, tab_sheet *out, err *e);

/* tab_read_xlsx — parse the first worksheet of an xlsx file held in memory (written
 * by Excel, WPS, LibreOffice, openpyxl or libxlsxwriter). Cells are placed by their
 * references, so skipped cells and rows are empty; a merged area's value is in its
 * top-left cell only, as Excel stores it. Text (shared or inline strings, formula
 * results, error values) is TAB_TEXT; a number with a date format is TAB_DATE
 * (text YYYY-MM-DD), or TAB_TEXT "YYYY-MM-DD HH:MM:SS" / "HH:MM:SS" when the format
 * and value carry a time of day; a whole number is TAB_INT ("100", even if the
 * file says 1.0E+2); other numbers are TAB_DECIMAL with the decimal text Excel
 * shows ("9.95"), or TAB_TEXT in Excel's exponent form when too large or small for
 * that; a boolean is TAB_BOOL with text TRUE or FALSE. Fails RC_INVALID naming the
 * part and cell for a file that is not a readable xlsx or holds a DTD,
 * RC_BAD_REQUEST for invalid UTF-8, RC_TOO_LARGE past the limits or when the
 * archive unpacks to more than 64 MiB. */
rc_t tab_read_xlsx(arena *a, const char *data, size_t len, tab_sheet *out, err *e);

/* tab_cell_text — the cell as the CSV writer writes it before the formula rule:
 * the text itself for TAB_TEXT (never NULL), otherwise formatted into out. */
const char *tab_cell_text(const tab_cell *c, char out[TAB_TEXT_MAX]);

/* tab_parse_bool — 是/否, TRUE/FALSE, true/false, 1/0 (what export writes, what a
 * real xlsx boolean reads as, what people type). False for anything else. */
bool tab_parse_bool(const char *s, bool *out);

/* tab_parse_decimal — strict decimal text ("-12.3", "12.30", "7") as units of
 * 10^-scale: "12.3" at scale 2 is 1230. False for other text, for more digits after
 * the point than scale, or for a value beyond long long. */
bool tab_parse_decimal(const char *s, int scale, long long *units);

/* ------------------------------------------------------------- text tables */

/* A table: nrows rows of ncols cells each (short rows padded with ""). Cells are
 * NUL-terminated UTF-8; never NULL. Memory owned by the arena passed to the reader,
 * or by the caller for tables it builds itself. */
typedef struct {
    int nrows, ncols;
    char ***cells; /* cells[row][col] */
} table;

/* tabular_write_csv — tab_write_csv with every cell text. */
rc_t tabular_write_csv(const table *t, buf *out);

/* tabular_write_xlsx — tab_write_xlsx of one sheet of text cells whose first row is
 * the header. sheet may be NULL ("Sheet1"). */
rc_t tabular_write_xlsx(const table *t, const char *sheet, buf *out, err *e);

/* tabular_read_csv — tab_read_csv, keeping each cell's text. */
rc_t tabular_read_csv(arena *a, const char *data, size_t len, table *out, err *e);

/* tabular_read_xlsx — tab_read_xlsx, keeping each cell's text. */
rc_t tabular_read_xlsx(arena *a, const char *data, size_t len, table *out, err *e);

#endif
