/* count_cache.c — see count_cache.h. A small table guarded by one mutex; when full it
 * starts over (the next requests count again). */
#include "domain/query/count_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define COUNT_CACHE_MAX 512
#define COUNT_KEY_MAX (128 * 1024)

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
    int64_t version = -1;
    rc_t rc = store_one_int(c, "SELECT COALESCE(MAX(id), 0) FROM audit", NULL, &version, e);
    if (rc)
        return rc;
    char *key = count_key(source, count_sql, b);
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
