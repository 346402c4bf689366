/* menu_api.c — GET /api/v1/menu: the web app's left menu for the caller's role.
 * The app draws exactly this, so what each role may open is decided here and by the
 * collections' own access rules, in one place. */
#include <string.h>

#include "api/api.h"
#include "domain/collection.h"

#define ALL_ROLES                                                                             \
    (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_MEMBER) |                    \
     ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT))
#define OFFICE (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_STAFF))
#define READERS (OFFICE | ROLE_BIT(ROLE_MEMBER))

typedef struct {
    const char *key, *label_zh, *label_en, *path, *icon;
    unsigned roles;
    const char *collection; /* shown only if the role may read it */
} menu_item;

static const menu_item menu[] = {
    {"home", "首页", "Home", "/", "House", ALL_ROLES, NULL},
    {"inbox", "待办事项", "To do", "/inbox", "Tickets", OFFICE | ROLE_BIT(ROLE_UNIT) | ROLE_BIT(ROLE_DEPUTY), NULL},
    {"my_deputy", "我的履职", "My record", "/my", "User", ROLE_BIT(ROLE_DEPUTY), NULL},
    {"proposals", "议案建议", "Proposals", "/proposals", "EditPen",
     READERS | ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT), NULL},
    {"petitions", "信访件", "Letters and visits", "/petitions", "Message",
     READERS | ROLE_BIT(ROLE_UNIT), NULL},
    {"opinions", "选民意见", "Voters' opinions", "/opinions", "ChatDotRound",
     READERS | ROLE_BIT(ROLE_UNIT), NULL},
    {"receptions", "进站接待", "Receptions", "/c/receptions", "Calendar",
     READERS | ROLE_BIT(ROLE_DEPUTY), "receptions"},
    {"stats", "办理统计", "Statistics", "/proposals/stats", "DataAnalysis", READERS, NULL},
    {"deputies", "人大代表", "Deputies", "/c/deputies", "UserFilled",
     READERS | ROLE_BIT(ROLE_DEPUTY), "deputies"},
    {"members", "常委会组成人员", "Standing committee", "/c/members", "Avatar", READERS, "members"},
    {"persons", "人员", "Persons", "/c/persons", "User", READERS, "persons"},
    {"committees", "委员会", "Committees", "/c/committees", "Collection", READERS, "committees"},
    {"units", "承办单位", "Handling units", "/c/units", "OfficeBuilding",
     READERS | ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT), "units"},
    {"stations", "代表联络站", "Liaison stations", "/c/stations", "Location",
     READERS | ROLE_BIT(ROLE_DEPUTY) | ROLE_BIT(ROLE_UNIT), "stations"},
    {"terms", "届次", "Terms", "/c/terms", "Calendar", READERS, "terms"},
    {"holidays", "节假日", "Holidays", "/c/holidays", "Calendar", OFFICE, "holidays"},
    {"congresses", "人民代表大会", "Congresses", "/c/congresses", "School", READERS, "congresses"},
    {"users", "账号管理", "Accounts", "/admin/users", "Key", ROLE_BIT(ROLE_ADMIN), NULL},
    {"audit", "审计日志", "Audit trail", "/admin/audit", "Document", OFFICE, NULL},
    {"settings", "系统设置", "Settings", "/admin/settings", "Setting", OFFICE, NULL},
};

void api_menu(api_ctx *x) {
    if (strcmp(x->rq->method, "GET") != 0) {
        api_fail(x, RC_METHOD, NULL, "use GET");
        return;
    }
    if (x->who.role == ROLE_ANON) {
        api_fail(x, RC_UNAUTHORIZED, NULL, "please log in first");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < sizeof menu / sizeof menu[0]; i++) {
        const menu_item *m = &menu[i];
        if (!(m->roles & ROLE_BIT(x->who.role)))
            continue;
        const collection_def *d = m->collection ? collection_find(m->collection) : NULL;
        if (d && collection_access(d, &x->who, false, NULL) != RC_OK)
            continue;
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", m->key, "label_zh",
                              m->label_zh, "label_en", m->label_en, "path", m->path, "icon",
                              m->icon);
        if (d)
            json_object_set_new(o, "collection", json_string(d->name));
        json_array_append_new(items, o);
    }
    api_json(x, 200, json_pack("{s:o}", "items", items));
}
