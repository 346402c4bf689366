/* fuzz_import.c — libFuzzer harness for the import readers.
 *
 * Feeds each input to tabular_read_csv and tabular_read_xlsx with a fresh arena, so
 * leaks and out-of-bounds reads show up under ASan. Seeds: tests/fuzz/corpus/import.
 * Build with clang -fsanitize=fuzzer,address,undefined -Isrc, the src/base sources and
 * pkg-config xlsxwriter libzip. */
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"
#include "base/tabular.h"

enum { FUZZ_ARENA_CAP = 64 * 1024 * 1024 };

/* Checks the promises every successful read makes: cells are never NULL. */
static void check_table(const table *t) {
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            if (!t->cells[r][c])
                __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    table t;
    err e;
    arena *a = arena_new(FUZZ_ARENA_CAP);
    if (!a)
        return 0;
    if (tabular_read_csv(a, (const char *)data, size, &t, &e) == RC_OK)
        check_table(&t);
    arena_free(a);

    a = arena_new(FUZZ_ARENA_CAP);
    if (!a)
        return 0;
    if (tabular_read_xlsx(a, (const char *)data, size, &t, &e) == RC_OK)
        check_table(&t);
    arena_free(a);
    return 0;
}
