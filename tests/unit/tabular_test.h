/* tabular_test.h — what test_tabular.c and test_xlsx_read.c share: building tables
 * and zips in memory, reading a part back out of a zip, and running the Python
 * helper (tabular_fixtures.py: openpyxl and the csv module) when it is there. */
#ifndef RENDA_TABULAR_TEST_H
#define RENDA_TABULAR_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/rc.h"
#include "base/tabular.h"

enum {
    TEST_ARENA_CAP = 64 * 1024 * 1024,
    TEST_BUF_MAX = 16 * 1024 * 1024,
    TEST_CMD_MAX = 4096,
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static inline table make_table(arena *a, int nrows, int ncols, const char *const *cells) {
    table t = {nrows, ncols, arena_alloc(a, sizeof(char **) * (size_t)nrows)};
    for (int r = 0; r < nrows; r++) {
        t.cells[r] = arena_alloc(a, sizeof(char *) * (size_t)ncols);
        for (int c = 0; c < ncols; c++)
            t.cells[r][c] = arena_strdup(a, cells[r * ncols + c]);
    }
    return t;
}

static inline void assert_table_equal(const table *got, const table *want) {
    assert_int_equal(got->nrows, want->nrows);
    assert_int_equal(got->ncols, want->ncols);
    for (int r = 0; r < want->nrows; r++)
        for (int c = 0; c < want->ncols; c++) {
            assert_non_null(got->cells[r][c]);
            if (strcmp(got->cells[r][c], want->cells[r][c]) != 0)
                fail_msg("cell row %d col %d: got '%s', want '%s'", r, c, got->cells[r][c],
                         want->cells[r][c]);
        }
}

/* Appends the file at path to out. */
static inline void slurp(const char *path, buf *out) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char chunk[4096];
    size_t n;
    do {
        n = fread(chunk, 1, sizeof chunk, f);
        assert_int_equal(buf_append(out, chunk, n), RC_OK);
    } while (n == sizeof chunk);
    fclose(f);
}

/* Writes n bytes to a new temporary file whose name goes to path. */
static inline void spill(const char *data, size_t n, char path[64], const char *suffix) {
    snprintf(path, 64, "/tmp/test-tabular-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
}

/* Builds a zip of (name, content) pairs in memory through a temporary file. */
static inline void make_zip(const char *const *files, size_t nfiles, buf *out) {
    char path[] = "/tmp/test-base-zip-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (size_t i = 0; i < nfiles; i++) {
        zip_source_t *s = zip_source_buffer(z, files[2 * i + 1], strlen(files[2 * i + 1]), 0);
        assert_non_null(s);
        assert_true(zip_file_add(z, files[2 * i], s, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    slurp(path, out);
    unlink(path);
}

/* The text of part `name` of the zip held in data (heap; the caller frees it). */
static inline char *zip_part(const buf *data, const char *name) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data->data, data->len, 0, &ze);
    assert_non_null(src);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(z);
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        fail_msg("the workbook has no part %s", name);
    buf b;
    buf_init(&b, TEST_BUF_MAX);
    char chunk[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, chunk, sizeof chunk)) > 0)
        assert_int_equal(buf_append(&b, chunk, (size_t)n), RC_OK);
    zip_fclose(f);
    zip_discard(z);
    zip_error_fini(&ze);
    return b.data ? buf_take(&b) : strdup("");
}

/* Runs `$TABULAR_PYTHON tabular_fixtures.py <cmd> <file>`; skips the test when the
 * helper or openpyxl is missing (TABULAR_FIXTURES unset, or the script exits 77). */
static inline void run_fixture(const char *cmd, const char *file) {
    const char *script = getenv("TABULAR_FIXTURES"), *python = getenv("TABULAR_PYTHON");
    if (!script || !*script)
        skip();
    char line[TEST_CMD_MAX];
    snprintf(line, sizeof line, "'%s' '%s' %s '%s'", python && *python ? python : "python3", script,
             cmd, file);
    int st = system(line);
    if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 77)
        skip();
    if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fail_msg("%s failed (status %d)", line, st);
}

#endif
