/* fuzz_import.c — libFuzzer harness for the import readers (src/base/tabular/).
 *
 * Each input is read three ways, each with a fresh arena, so leaks and
 * out-of-bounds reads show up under ASan:
 *   1. as CSV, typed (tab_read_csv) and as text (tabular_read_csv);
 *   2. as an xlsx file, typed and as text;
 *   3. as the XML of an xlsx's parts: the input is cut at 0xFF bytes (never in
 *      UTF-8) into sheet, shared strings, styles and workbook, stored in a zip built
 *      here, so mutations reach expat and the cell code instead of dying in the
 *      zip's checksums.
 * Seeds: tests/fuzz/corpus/import. Build with clang -fsanitize=fuzzer,address,undefined
 * -Isrc, the src/base sources and pkg-config xlsxwriter libzip expat (scripts/fuzz). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/rc.h"
#include "base/tabular.h"

enum {
    FUZZ_ARENA_CAP = 64 * 1024 * 1024,
    FUZZ_CSV_OUT_MAX = 16 * 1024 * 1024,
    FUZZ_PARTS = 4,
    FUZZ_SEPARATOR = 0xFF,
};

static const char *const part_names[FUZZ_PARTS] = {
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
};

/* Checks the promises every successful text read makes: cells are never NULL. */
static void check_table(const table *t) {
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            if (!t->cells[r][c])
                __builtin_trap();
}

/* Checks a typed read: text never NULL, within the cap, and saying what the typed
 * value says (an int's text is its number, a date's is YYYY-MM-DD, …). */
static void check_sheet(const tab_sheet *s) {
    if (s->nrows < 0 || s->ncols < 0 || (long)s->nrows * s->ncols > TABULAR_MAX_GRID)
        __builtin_trap();
    for (int r = 0; r < s->nrows; r++)
        for (int c = 0; c < s->ncols; c++) {
            const tab_cell *cell = &s->cells[r][c];
            if (!cell->text || strlen(cell->text) > TABULAR_MAX_CELL)
                __builtin_trap();
            if ((cell->type == TAB_EMPTY) != (cell->text[0] == '\0'))
                __builtin_trap();
            char tmp[TAB_TEXT_MAX];
            bool b;
            switch (cell->type) {
            case TAB_INT:
            case TAB_DECIMAL:
            case TAB_DATE:
                if (strcmp(tab_cell_text(cell, tmp), cell->text) != 0)
                    __builtin_trap();
                break;
            case TAB_BOOL:
                if (!tab_parse_bool(cell->text, &b) || b != cell->yes)
                    __builtin_trap();
                break;
            case TAB_EMPTY:
            case TAB_TEXT: break;
            }
        }
}

/* A CSV read, written back and read again, gives the same text in every cell:
 * the formula rule loses nothing. */
static void check_csv_round_trip(arena *a, const tab_sheet *s) {
    buf out;
    buf_init(&out, FUZZ_CSV_OUT_MAX);
    err e;
    if (tab_write_csv(s, &out, &e) == RC_OK) {
        tab_sheet back;
        if (tab_read_csv(a, out.data, out.len, &back, &e) != RC_OK)
            __builtin_trap();
        if (back.nrows != s->nrows || (s->nrows > 0 && back.ncols != s->ncols))
            __builtin_trap();
        for (int r = 0; r < s->nrows; r++)
            for (int c = 0; c < s->ncols; c++)
                if (strcmp(back.cells[r][c].text, s->cells[r][c].text) != 0)
                    __builtin_trap();
    }
    buf_free(&out);
}

static void read_xlsx(const char *data, size_t size) {
    arena *a = arena_new(FUZZ_ARENA_CAP);
    if (!a)
        return;
    tab_sheet s;
    table t;
    err e;
    if (tab_read_xlsx(a, data, size, &s, &e) == RC_OK)
        check_sheet(&s);
    if (tabular_read_xlsx(a, data, size, &t, &e) == RC_OK)
        check_table(&t);
    arena_free(a);
}

/* Builds a stored zip whose parts are the input's pieces, then reads it. */
static void read_parts(const uint8_t *data, size_t size) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!z) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return;
    }
    zip_source_keep(src);
    size_t start = 0;
    for (int i = 0; i < FUZZ_PARTS && start <= size; i++) {
        const uint8_t *sep = memchr(data + start, FUZZ_SEPARATOR, size - start);
        size_t end = sep ? (size_t)(sep - data) : size;
        zip_source_t *part = zip_source_buffer(z, data + start, end - start, 0);
        zip_int64_t idx = part ? zip_file_add(z, part_names[i], part, ZIP_FL_OVERWRITE) : -1;
        if (idx < 0 && part)
            zip_source_free(part);
        if (idx >= 0)
            zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        start = end + 1;
        if (!sep)
            break;
    }
    char *zipped = NULL;
    zip_int64_t n = 0;
    if (zip_close(z) != 0)
        zip_discard(z);
    else if (zip_source_open(src) == 0) {
        zip_stat_t st;
        if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > 0) {
            zipped = malloc(st.size);
            n = zipped ? zip_source_read(src, zipped, st.size) : 0;
        }
        zip_source_close(src);
    }
    if (zipped && n > 0)
        read_xlsx(zipped, (size_t)n);
    free(zipped);
    zip_source_free(src);
    zip_error_fini(&ze);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tab_sheet s;
    table t;
    err e;
    arena *a = arena_new(FUZZ_ARENA_CAP);
    if (!a)
        return 0;
    if (tab_read_csv(a, (const char *)data, size, &s, &e) == RC_OK) {
        check_sheet(&s);
        check_csv_round_trip(a, &s);
    }
    if (tabular_read_csv(a, (const char *)data, size, &t, &e) == RC_OK)
        check_table(&t);
    arena_free(a);

    read_xlsx((const char *)data, size);
    read_parts(data, size);
    return 0;
}
