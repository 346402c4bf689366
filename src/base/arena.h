/* arena.h — per-request memory: many allocations, one free.
 *
 * An arena owns every block it hands out; arena_free releases them all. Each arena
 * has a hard cap on the bytes it will hand out, so a hostile request cannot make the
 * server grow without bound: past the cap, allocation returns NULL. */
#ifndef RENDA_ARENA_H
#define RENDA_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* arena_new — a new arena that will hand out at most cap bytes in all.
 * Returns NULL when malloc fails. The caller owns it and frees it with arena_free. */
arena *arena_new(size_t cap);

/* arena_alloc — n bytes, zeroed, aligned for any type; NULL past the cap. */
void *arena_alloc(arena *a, size_t n);

/* arena_strdup / arena_strndup — copies owned by the arena; NULL on cap or s==NULL. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

/* arena_printf — formatted string owned by the arena; NULL past the cap. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

/* arena_used — bytes handed out so far (for tests and limits). */
size_t arena_used(const arena *a);

/* arena_free — release the arena and everything allocated from it. NULL is fine. */
void arena_free(arena *a);

#endif
