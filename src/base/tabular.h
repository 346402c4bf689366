/* tabular.h — tables of text cells to and from CSV and xlsx files, for export and
 * import. No domain knowledge: row 0 is the header row, as in the file.
 *
 * CSV is written in UTF-8 with a BOM (so Excel opens it), RFC 4180 quoting, CRLF
 * line ends. xlsx is written with libxlsxwriter and read with libzip plus a small
 * reader for the worksheet XML (shared strings, inline strings, numbers). Readers
 * accept what the writers write and what Excel/LibreOffice save for plain sheets. */
#ifndef RENDA_TABULAR_H
#define RENDA_TABULAR_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/rc.h"

/* A table: nrows rows of ncols cells each (short rows padded with ""). Cells are
 * NUL-terminated UTF-8; never NULL. Memory owned by the arena passed to the reader,
 * or by the caller for tables it builds itself. */
typedef struct {
    int nrows, ncols;
    char ***cells; /* cells[row][col] */
} table;

#define TABULAR_MAX_ROWS 1000000
#define TABULAR_MAX_COLS 256
#define TABULAR_MAX_CELL 65536

/* tabular_write_csv — append the table to out as CSV (BOM first). RC_TOO_LARGE when
 * out's cap is reached. */
rc_t tabular_write_csv(const table *t, buf *out);

/* tabular_write_xlsx — write the table as a one-sheet workbook to out (the bytes of
 * the .xlsx file). sheet may be NULL ("Sheet1"). Header row is bold. */
rc_t tabular_write_xlsx(const table *t, const char *sheet, buf *out, err *e);

/* tabular_read_csv — parse CSV bytes (BOM optional, CRLF or LF, quoted fields).
 * Fails RC_INVALID naming the line for a malformed file, RC_BAD_REQUEST for invalid
 * UTF-8, RC_TOO_LARGE past the TABULAR_MAX_* limits. */
rc_t tabular_read_csv(arena *a, const char *data, size_t len, table *out, err *e);

/* tabular_read_xlsx — parse the first worksheet of an xlsx file held in memory. */
rc_t tabular_read_xlsx(arena *a, const char *data, size_t len, table *out, err *e);

#endif
