/* participation.c — what a person took part in, across every register: for each
 * collection with a list of references to `ref` (deputies, members), how many of its
 * records name the given one. A deputy's duty record counts their inspections,
 * research trips, trainings … from here, and a register added tomorrow is counted the
 * day it is registered: the registry is walked, no register is named. */
#include "domain/collection/collection_impl.h"

#include <stdio.h>
#include <string.h>

rc_t collection_participation(store_conn *c, const principal *p, const char *ref, int64_t id,
                              json_t **out, err *e) {
    int n = 0;
    const collection_def *const *all = collections_all(&n);
    json_t *items = json_array();
    rc_t rc = RC_OK;
    int64_t total = 0;
    for (int i = 0; i < n && rc == RC_OK; i++) {
        const collection_def *d = all[i];
        for (int j = 0; j < d->nfields && rc == RC_OK; j++) {
            const field_def *f = &d->fields[j];
            if (f->type != FT_REFS || !f->link_table || strcmp(f->ref, ref) != 0)
                continue;
            char sql[256];
            int64_t count = 0;
            store_params b = {.n = 0};
            store_param_int(&b, id);
            /* identifiers from the compiled-in field table only */
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE %s = ?", f->link_table,
                     f->link_ref);
            rc = store_one_int(c, sql, &b, &count, e);
            if (rc == RC_OK && count > 0) {
                total += count;
                json_array_append_new(
                    items, json_pack("{s:s, s:s, s:s, s:s, s:I, s:b}", "collection", d->name,
                                     "field", f->name, "label_zh", d->label_zh, "label_en",
                                     d->label_en, "count", (json_int_t)count, "readable",
                                     collection_access(d, p, false, NULL) == RC_OK));
            }
        }
    }
    if (rc) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
    return RC_OK;
}
