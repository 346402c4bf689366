/* count_cache.c — see count_cache.h. A small table guarded by one mutex; when full it
 * starts over (the next requests count again). */
#include "domain/query/count_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define COUNT_CACHE_MAX 512
#define COUNT_KEY_MAX (128 * 1024)
#define MARKS_CACHE_MAX 32  /* lists whose marks are kept */
#define MARKS_MAX (1 << 20) /* marks of one list: 64 M rows */

typedef struct {
    char *key; /* source, SQL text and bound values */
    int64_t version, total;
} count_entry;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static count_entry g_counts[COUNT_CACHE_MAX];
static int g_n;

static char *count_key(const char *source, const char *sql, const store_params *b) {
    buf k;
    buf_init(&k, COUNT_KEY_MAX);
    rc_t rc = buf_printf(&k, "%s\x1f%s", source, sql);
    for (int i = 0; i < b->n && i < STORE_PARAMS_MAX && rc == RC_OK; i++)
        rc = b->v[i].is_int ? buf_printf(&k, "\x1fi%lld", (long long)b->v[i].i)
                            : buf_printf(&k, "\x1fs%s", b->v[i].s ? b->v[i].s : "\x1e");
    if (rc) {
        buf_free(&k);
        return NULL;
    }
    return buf_take(&k);
}

static bool cached(const char *key, int64_t version, int64_t *total) {
    bool hit = false;
    pthread_mutex_lock(&g_lock);
    for (int i = 0; i < g_n && !hit; i++) {
        if (g_counts[i].version == version && strcmp(g_counts[i].key, key) == 0) {
            *total = g_counts[i].total;
            hit = true;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return hit;
}

static void remember(const char *key, int64_t version, int64_t total) {
    char *copy = strdup(key);
    if (!copy)
        return;
    pthread_mutex_lock(&g_lock);
    int slot = -1;
    for (int i = 0; i < g_n && slot < 0; i++)
        if (strcmp(g_counts[i].key, key) == 0)
            slot = i;
    if (slot < 0 && g_n == COUNT_CACHE_MAX) {
        for (int i = 0; i < g_n; i++)
            free(g_counts[i].key);
        g_n = 0;
    }
    if (slot < 0)
        slot = g_n++;
    else
        free(g_counts[slot].key);
    g_counts[slot] = (count_entry){.key = copy, .version = version, .total = total};
    pthread_mutex_unlock(&g_lock);
}

rc_t count_cache_get(store_conn *c, const char *source, const char *count_sql,
                     const store_params *b, int64_t *total, err *e) {
    int64_t version = (int64_t)store_data_version(c);
    rc_t rc = RC_OK;
    /* what a write transaction reads may still roll back: counted, never kept */
    char *key = store_writing(c) ? NULL : count_key(source, count_sql, b);
    if (key && cached(key, version, total)) {
        free(key);
        return RC_OK;
    }
    *total = 0;
    rc = store_one_int(c, count_sql, b, total, e);
    if (rc == RC_OK && key)
        remember(key, version, *total);
    free(key);
    return rc;
}

/* ---- position marks ------------------------------------------------------------------ */

typedef struct {
    char *key;
    int64_t version;
    int64_t *marks, n;
} marks_entry;

static marks_entry g_marks[MARKS_CACHE_MAX];
static int g_nmarks, g_next_victim;

static int64_t *copy_ids(const int64_t *ids, int64_t n) {
    int64_t *out = malloc((size_t)(n ? n : 1) * sizeof *out);
    if (out && n)
        memcpy(out, ids, (size_t)n * sizeof *out);
    return out;
}

static bool marks_cached(const char *key, int64_t version, int64_t **marks, int64_t *n) {
    bool hit = false;
    pthread_mutex_lock(&g_lock);
    for (int i = 0; i < g_nmarks && !hit; i++) {
        if (g_marks[i].version == version && strcmp(g_marks[i].key, key) == 0) {
            *marks = copy_ids(g_marks[i].marks, g_marks[i].n);
            *n = g_marks[i].n;
            hit = *marks != NULL;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return hit;
}

static void marks_remember(const char *key, int64_t version, const int64_t *marks, int64_t n) {
    char *k = strdup(key);
    int64_t *m = copy_ids(marks, n);
    if (!k || !m) {
        free(k);
        free(m);
        return;
    }
    pthread_mutex_lock(&g_lock);
    int slot = -1;
    for (int i = 0; i < g_nmarks && slot < 0; i++)
        if (strcmp(g_marks[i].key, key) == 0)
            slot = i;
    if (slot < 0 && g_nmarks < MARKS_CACHE_MAX)
        slot = g_nmarks++;
    if (slot < 0) /* full: replace in turn */
        slot = g_next_victim++ % MARKS_CACHE_MAX;
    if (slot < g_nmarks && g_marks[slot].key) {
        free(g_marks[slot].key);
        free(g_marks[slot].marks);
    }
    g_marks[slot] = (marks_entry){.key = k, .version = version, .marks = m, .n = n};
    pthread_mutex_unlock(&g_lock);
}

rc_t count_cache_marks(store_conn *c, const char *source, const char *ids_sql,
                       const store_params *b, int64_t **marks, int64_t *n, err *e) {
    int64_t version = (int64_t)store_data_version(c);
    char *key = store_writing(c) ? NULL : count_key(source, ids_sql, b);
    *marks = NULL;
    *n = 0;
    if (key && marks_cached(key, version, marks, n)) {
        free(key);
        return RC_OK;
    }
    int64_t cap = 1024, pos = 0;
    int64_t *out = malloc((size_t)cap * sizeof *out);
    store_stmt *st = NULL;
    rc_t rc = out ? store_prepare_with(c, ids_sql, b, &st, e)
                  : err_set(e, RC_NOMEM, NULL, "out of memory");
    while (rc == RC_OK && store_next(st, &rc, e)) {
        if (pos++ % MARK_STEP)
            continue;
        if (*n == cap) {
            int64_t *grown = cap < MARKS_MAX ? realloc(out, (size_t)cap * 2 * sizeof *out) : NULL;
            if (!grown) {
                rc = err_set(e, RC_NOMEM, NULL, "too many rows to mark");
                break;
            }
            out = grown;
            cap *= 2;
        }
        out[(*n)++] = store_column_int(st, 0);
    }
    store_finish(st);
    if (rc == RC_OK && key)
        marks_remember(key, version, out, *n);
    if (rc) {
        free(out);
        out = NULL;
        *n = 0;
    }
    *marks = out;
    free(key);
    return rc;
}
