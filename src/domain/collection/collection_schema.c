/* collection_schema.c — what a collection says about itself to the web app: its fields,
 * what the caller may do with it, and how it is drawn (its menu group, status board,
 * chart, child collections and polls). The web app builds every register's pages from
 * this and holds no copy of it. */
#include "domain/collection/collection_impl.h"

#include <string.h>

/* The menu's groups (collection_def.group): their labels, in one place. */
static const struct {
    const char *id, *zh, *en;
} groups[] = {
    {.id = "supervision", .zh = "监督工作", .en = "Supervision"},
    {.id = "office", .zh = "机关工作", .en = "Office work"},
};

bool collection_group(const collection_def *d, const char **zh, const char **en) {
    for (size_t i = 0; d->group && i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(groups[i].id, d->group) == 0) {
            *zh = groups[i].zh;
            *en = groups[i].en;
            return true;
        }
    return false;
}

const field_def *child_field(const collection_def *child, const collection_def *parent) {
    for (int i = 0; i < child->nfields; i++)
        if (child->fields[i].type == FT_REF && strcmp(child->fields[i].ref, parent->name) == 0)
            return &child->fields[i];
    return NULL;
}

/* board_json — the status board: what it counts by and its lights. */
static json_t *board_json(const collection_board *b) {
    json_t *by = json_array(), *lights = json_array();
    for (int i = 0; i < BOARD_BY_MAX && b->by[i]; i++)
        json_array_append_new(by, json_string(b->by[i]));
    for (int i = 0; i < BOARD_LIGHTS_MAX && b->lights[i].param; i++) {
        const board_light *l = &b->lights[i];
        json_array_append_new(lights, json_pack("{s:s, s:s, s:s, s:s}", "param", l->param, "color",
                                                l->color, "label_zh", l->label_zh, "label_en",
                                                l->label_en));
    }
    return json_pack("{s:o, s:o}", "by", by, "lights", lights);
}

/* children_json — the child collections the caller may read, with the field that names
 * the parent. */
static json_t *children_json(const collection_def *d, const principal *p) {
    json_t *out = json_array();
    for (int i = 0; i < CHILDREN_MAX && d->children[i]; i++) {
        const collection_def *cd = collection_find(d->children[i]);
        const field_def *f = cd ? child_field(cd, d) : NULL;
        if (f && collection_access(cd, p, false, NULL) == RC_OK)
            json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s}", "collection", cd->name,
                                                 "field", f->name, "label_zh", cd->label_zh,
                                                 "label_en", cd->label_en));
    }
    return out;
}

json_t *collection_schema(store_conn *c, const collection_def *d, const principal *p) {
    json_t *fields = json_array();
    for (int i = 0; i < d->nfields; i++)
        if (p->role != ROLE_ANON || (d->fields[i].flags & FF_PUBLIC))
            json_array_append_new(fields, field_schema(&d->fields[i], d->fields[i].values));
    bool write = collection_access(d, p, true, NULL) == RC_OK;
    json_t *acts = json_array();
    if (!write && collection_may_create(d, p)) /* the public's form */
        json_array_append_new(acts, json_string("create"));
    if (write) {
        json_array_append_new(acts, json_string("create"));
        json_array_append_new(acts, json_string("import"));
        json_array_append_new(acts, json_string("template"));
    }
    if (collection_access(d, p, false, NULL) == RC_OK)
        json_array_append_new(acts, json_string("export"));
    json_t *key = json_array();
    for (int i = 0; i < NATURAL_KEY_MAX && d->natural_key[i]; i++)
        json_array_append_new(key, json_string(d->natural_key[i]));
    (void)c;
    /* own_actions: a record's actions follow its state (collection_def.actions), beyond
     * update and delete */
    json_t *out =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b}", "name", d->name, "kind", "collection",
                  "label_zh", d->label_zh, "label_en", d->label_en, "fields", fields, "actions",
                  acts, "natural_key", key, "own_actions", d->actions != NULL);
    const char *zh = NULL, *en = NULL;
    if (collection_group(d, &zh, &en)) { /* as the menu's items carry it */
        json_object_set_new(out, "group", json_string(d->group));
        json_object_set_new(out, "group_zh", json_string(zh));
        json_object_set_new(out, "group_en", json_string(en));
    }
    if (d->board && p->role != ROLE_ANON)
        json_object_set_new(out, "board", board_json(d->board));
    if (d->chart)
        json_object_set_new(out, "chart",
                            json_pack("{s:s, s:s}", "x", d->chart->x, "y", d->chart->y));
    if (d->sum_chart) {
        json_t *sums = json_array();
        for (int i = 0; i < SUM_CHART_SUMS_MAX && d->sum_chart->sums[i]; i++)
            json_array_append_new(sums, json_string(d->sum_chart->sums[i]));
        json_object_set_new(out, "sum_chart",
                            json_pack("{s:s, s:o, s:s?}", "by", d->sum_chart->by, "sums", sums,
                                      "latest", d->sum_chart->latest));
    }
    if (d->children[0])
        json_object_set_new(out, "children", children_json(d, p));
    if (d->polls && p->role != ROLE_ANON)
        json_object_set_new(out, "polls", json_true());
    return out;
}
