/* menu_api.c — GET /api/v1/menu: the web app's left menu for the caller's role. The
 * app draws exactly this. The case kinds and the collections come from their
 * registries, each with who finds it in the menu (and, for a collection, only if the
 * caller may read it); the pages that are not records are listed here. */
#include <string.h>

#include "api/api.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"

#define ALL_ROLES                                                                                  \
    (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_DEPUTY) | \
     ROLE_BIT(ROLE_UNIT))
#define OFFICE (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define READERS (OFFICE | ROLE_BIT(ROLE_MEMBER))

typedef struct {
    const char *key, *label_zh, *label_en, *path, *icon;
    unsigned roles;
} menu_item;

/* The pages before the records, and after them. */
static const menu_item head[] = {
    {"home", "首页", "Home", "/", "House", ALL_ROLES},
    {"inbox", "待办事项", "To do", "/inbox", "Tickets",
     OFFICE | ROLE_BIT(ROLE_UNIT) | ROLE_BIT(ROLE_DEPUTY)},
    {"my_deputy", "我的履职", "My record", "/my", "User", ROLE_BIT(ROLE_DEPUTY)},
    /* votes: the office's, and those a member or deputy is in the electorate of (the
     * installation's admin belongs to no congress, so has none) */
    {"votes", "表决", "Votes", "/votes", "Checked",
     ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER) | ROLE_BIT(ROLE_DEPUTY)},
};
static const menu_item tail[] = {
    {"users", "账号管理", "Accounts", "/admin/users", "Key", ROLE_BIT(ROLE_ADMIN)},
    {"audit", "审计日志", "Audit trail", "/admin/audit", "Document", OFFICE},
    {"settings", "系统设置", "Settings", "/admin/settings", "Setting", OFFICE},
};
/* statistics come after the case kinds */
static const menu_item stats = {"stats",        "办理统计", "Statistics", "/proposals/stats",
                                "DataAnalysis", READERS};

static void add(json_t *items, const menu_item *m, unsigned role) {
    if (!(m->roles & ROLE_BIT(role)))
        return;
    json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", m->key, "label_zh",
                                           m->label_zh, "label_en", m->label_en, "path", m->path,
                                           "icon", m->icon));
}

/* api_schema — GET /api/v1/schema: every kind of record the caller may read, each
 * with where its own schema is: the collections and the case kinds of the registries.
 * Clients (and the generated tests) discover what exists from here. */
void api_schema(api_ctx *x) {
    if (!api_method(x, "GET"))
        return;
    if (x->nseg != 1) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/schema");
        return;
    }
    json_t *cols = json_array(), *kinds = json_array();
    int n = 0;
    const collection_def *const *all = collections_all(&n);
    for (int i = 0; i < n; i++)
        if (collection_access(all[i], &x->who, false, NULL) == RC_OK)
            json_array_append_new(
                cols, json_pack("{s:s, s:s, s:s, s:b}", "name", all[i]->name, "label_zh",
                                all[i]->label_zh, "label_en", all[i]->label_en, "write",
                                collection_access(all[i], &x->who, true, NULL) == RC_OK));
    for (int i = 0; case_kinds[i] && x->who.role != ROLE_ANON; i++)
        json_array_append_new(
            kinds, json_pack("{s:s, s:s, s:s, s:s}", "name", case_kinds[i]->plural, "case_kind",
                             case_kinds[i]->name, "label_zh", case_kinds[i]->label_zh, "label_en",
                             case_kinds[i]->label_en));
    api_json(x, 200, json_pack("{s:o, s:o}", "collections", cols, "case_kinds", kinds));
}

void api_menu(api_ctx *x) {
    if (!api_method(x, "GET"))
        return;
    if (!api_logged_in(x))
        return;
    role_t r = x->who.role;
    json_t *items = json_array();
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        add(items, &head[i], r);
    for (int i = 0; case_kinds[i]; i++) {
        const case_kind *k = case_kinds[i];
        if (!(k->menu_roles & ROLE_BIT(r)))
            continue;
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "key", k->plural,
                                               "label_zh", k->label_zh, "label_en", k->label_en,
                                               "path", arena_printf(x->rq->a, "/%s", k->plural),
                                               "icon", k->icon, "case_kind", k->plural));
    }
    add(items, &stats, r);
    int n = 0;
    const collection_def *const *all = collections_all(&n);
    for (int i = 0; i < n; i++) {
        const collection_def *d = all[i];
        if (!(d->menu_roles & ROLE_BIT(r)) || collection_access(d, &x->who, false, NULL) != RC_OK)
            continue;
        json_t *it =
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "key", d->name, "label_zh", d->label_zh,
                      "label_en", d->label_en, "path", arena_printf(x->rq->a, "/c/%s", d->name),
                      "icon", d->icon ? d->icon : "Document", "collection", d->name);
        const char *gzh = NULL, *gen = NULL;
        if (collection_group(d, &gzh, &gen)) { /* the web app draws one sub-menu a group */
            json_object_set_new(it, "group", json_string(d->group));
            json_object_set_new(it, "group_zh", json_string(gzh));
            json_object_set_new(it, "group_en", json_string(gen));
        }
        json_array_append_new(items, it);
    }
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
        add(items, &tail[i], r);
    api_json(x, 200, json_pack("{s:o}", "items", items));
}
