/* registers.c — the registry of collections: every area's list, in order. A new area
 * adds its list here (docs/development.md "A new collection or register"). */
#include "domain/collection/registers/registers.h"

#include <pthread.h>

#define COLLECTIONS_MAX 128

static const collection_def *const *const areas[] = {core_collections, meeting_collections,
                                                     supervision_collections, office_collections};

static const collection_def *g_all[COLLECTIONS_MAX + 1];
static int g_count;

/* join — built once, before the first use (the lists are compiled in). */
static void join(void) {
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++)
        for (int i = 0; areas[a][i] && g_count < COLLECTIONS_MAX; i++)
            g_all[g_count++] = areas[a][i];
}

const collection_def *const *collections_all(int *n) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, join);
    *n = g_count;
    return g_all;
}
