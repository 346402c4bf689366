/* admin_api.c — /audit, /users (with their tokens and login locks) and /settings: the
 * office's administration. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "auth/audit.h"
#include "domain/audit_view.h"
#include "domain/settings.h"
#include "domain/user.h"

#define AUDIT_PER_PAGE 50

typedef struct {
    api_ctx *x;
    const char *collection, *login;
    int64_t id, page, per_page;
    bool bad;
} audit_query;

static bool positive(const char *s, int64_t *out) {
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || v < 1)
        return false;
    *out = v;
    return true;
}

static void audit_param(void *ctx, const char *k, const char *v) {
    audit_query *q = ctx;
    if (q->bad)
        return;
    long long max = settings_get(q->x->rq->db, 0, "per_page_max");
    if (strcmp(k, "collection") == 0) {
        q->collection = v;
    } else if (strcmp(k, "login") == 0) {
        q->login = v;
    } else if (strcmp(k, "sort") == 0) {
        /* newest first is the only order the trail is read in */
        if (strcmp(v, "-id") != 0 && strcmp(v, "-at") != 0) {
            api_fail(q->x, RC_INVALID, k, "the audit trail is sorted newest first (sort=-id)");
            q->bad = true;
        }
    } else if (strcmp(k, "id") == 0 || strcmp(k, "page") == 0 || strcmp(k, "per_page") == 0) {
        int64_t n = 0;
        if (!positive(v, &n) || (strcmp(k, "per_page") == 0 && n > max)) {
            api_fail(q->x, RC_INVALID, k, "%s must be a whole number from 1", k);
            q->bad = true;
            return;
        }
        if (k[0] == 'i')
            q->id = n;
        else if (strcmp(k, "page") == 0)
            q->page = n;
        else
            q->per_page = n;
    } else {
        api_fail(q->x, RC_INVALID, k, "the audit trail cannot be filtered by %s", k);
        q->bad = true;
    }
}

void api_audit(api_ctx *x) {
    if (strcmp(x->rq->method, "GET") != 0 || x->nseg > 1) {
        api_fail(x, x->nseg > 1 ? RC_NOT_FOUND : RC_METHOD, NULL, "use GET /api/v1/audit");
        return;
    }
    if (!api_logged_in(x))
        return;
    if (x->who.role != ROLE_ADMIN && x->who.role != ROLE_STAFF) {
        api_fail(x, RC_FORBIDDEN, NULL, "only the office may read the audit trail");
        return;
    }
    audit_query q = {.x = x, .page = 1, .per_page = AUDIT_PER_PAGE};
    x->rq->query_each(x->rq, audit_param, &q);
    if (q.bad)
        return;
    json_t *out = NULL;
    err e;
    int64_t congress = x->who.role == ROLE_ADMIN ? 0 : x->who.congress_id;
    rc_t rc =
        audit_list(x->rq->db, congress, q.collection, q.id, q.login, q.page, q.per_page, &out, &e);
    if (rc == RC_OK) /* each entry in words beside its raw JSON */
        rc = audit_view_add(x->rq->db, x->rq->a, out, &e);
    if (rc) {
        json_decref(out);
        api_error(x, &e);
    } else {
        api_json(x, 200, out);
    }
}

/* int_member — optional integer member; false (after answering 422) when mistyped. */
static bool int_member(api_ctx *x, json_t *o, const char *key, int64_t *out) {
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_integer(v)) {
        api_fail(x, RC_INVALID, key, "%s must be a whole number", key);
        return false;
    }
    *out = json_integer_value(v);
    return true;
}

static bool text_member(api_ctx *x, json_t *o, const char *key, const char **out) {
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        api_fail(x, RC_INVALID, key, "%s must be text", key);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

static bool only_keys(api_ctx *x, json_t *o, const char *const *keys) {
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        bool known = false;
        for (const char *const *p = keys; *p && !known; p++)
            known = strcmp(*p, k) == 0;
        if (!known && strcmp(k, "id") != 0 && strcmp(k, "disabled") != 0 &&
            strcmp(k, "created_at") != 0 && strcmp(k, "updated_at") != 0) {
            api_fail(x, RC_INVALID, k, "users have no field %s", k);
            return false;
        }
    }
    return true;
}

/* find_id — the element of items whose "id" is id (borrowed), or NULL. */
static json_t *find_id(json_t *items, long long id) {
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (json_integer_value(json_object_get(it, "id")) == id)
            return it;
    }
    return NULL;
}

/* account_by_id — the account with id seg (from user_list; caller decrefs *all, *out
 * borrowed from it), or false after answering 404. */
static bool account_by_id(api_ctx *x, const char *seg, json_t **all, json_t **out) {
    int64_t id = 0;
    err e;
    *all = NULL;
    *out = NULL;
    if (!api_parse_id(seg, &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "there is no user %s", seg);
        return false;
    }
    if (user_list(x->rq->db, 0, all, &e) != RC_OK) {
        api_error(x, &e);
        return false;
    }
    *out = find_id(*all, id);
    if (!*out) {
        api_fail(x, RC_NOT_FOUND, NULL, "there is no user %s", seg);
        json_decref(*all);
        *all = NULL;
        return false;
    }
    return true;
}

/* token_create — POST /users/<id>/tokens {"name", "days"}: 201 with the secret once. */
static void token_create(api_ctx *x, int64_t user_id) {
    static const char *const keys[] = {"name", "days", NULL};
    json_t *in = api_body_json(x);
    if (!in)
        return;
    int max_days = (int)settings_get(x->rq->db, 0, "token_ttl_days");
    token_spec t = {.user_id = user_id, .days = max_days, .max_days = max_days};
    int64_t days = 0, id = 0;
    bool ok = json_is_object(in);
    if (!ok)
        api_fail(x, RC_INVALID, "", "the request body must be a JSON object");
    const char *k;
    json_t *v;
    if (ok) {
        json_object_foreach(in, k, v) {
            bool known = false;
            for (const char *const *p = keys; *p && !known; p++)
                known = strcmp(*p, k) == 0;
            if (!known) {
                api_fail(x, RC_INVALID, k, "tokens have no field %s", k);
                ok = false;
                break;
            }
        }
    }
    ok = ok && text_member(x, in, "name", &t.name) && int_member(x, in, "days", &days);
    if (ok && json_object_get(in, "days") && !json_is_null(json_object_get(in, "days"))) {
        if (days < 1 || days > max_days) {
            api_fail(x, RC_INVALID, "days", "a token lives 1 to %d days", max_days);
            ok = false;
        }
        t.days = (int)days;
    }
    char secret[TOKEN_HEX];
    json_t *items = NULL;
    err e;
    if (ok && (auth_token_create(x->rq->db, &x->who, &t, secret, &id, &e) != RC_OK ||
               auth_token_list(x->rq->db, user_id, &items, &e) != RC_OK)) {
        api_error(x, &e);
    } else if (ok) {
        json_t *made = json_deep_copy(find_id(items, id));
        json_object_set_new(made, "token", json_string(secret));
        sodium_memzero(secret, sizeof secret);
        api_json(x, 201, made);
    }
    json_decref(items);
    json_decref(in);
}

/* /users/<id>/tokens[/<token id>]: an administrator's for anyone, a user's own. */
static void user_tokens(api_ctx *x) {
    const char *m = x->rq->method;
    json_t *all = NULL, *acct = NULL;
    int64_t uid = 0;
    err e;
    if (api_parse_id(x->seg[1], &uid) && x->who.role != ROLE_ADMIN && uid != x->who.user_id) {
        api_fail(x, RC_FORBIDDEN, NULL, "you may manage only your own tokens");
        return;
    }
    if (!account_by_id(x, x->seg[1], &all, &acct))
        return;
    json_decref(all);
    if (x->nseg == 3 && strcmp(m, "GET") == 0) {
        json_t *items = NULL;
        if (auth_token_list(x->rq->db, uid, &items, &e) != RC_OK)
            api_error(x, &e);
        else
            api_json(x, 200,
                     json_pack("{s:o, s:I}", "items", items, "total",
                               (json_int_t)json_array_size(items)));
    } else if (x->nseg == 3 && strcmp(m, "POST") == 0) {
        token_create(x, uid);
    } else if (x->nseg == 4 && strcmp(m, "DELETE") == 0) {
        int64_t tid = 0;
        if (!api_parse_id(x->seg[3], &tid))
            api_fail(x, RC_NOT_FOUND, NULL, "there is no token %s", x->seg[3]);
        else if (auth_token_revoke(x->rq->db, &x->who, tid, uid, &e) != RC_OK)
            api_error(x, &e);
        else
            api_json(x, 204, NULL);
    } else {
        api_not_allowed(x, x->nseg == 3 ? "GET, POST" : "DELETE");
    }
}

/* DELETE /users/<id>/lock: release the account's failed-login locks. */
static void user_unlock(api_ctx *x) {
    json_t *all = NULL, *acct = NULL, *after = NULL;
    err e;
    if (!api_method(x, "DELETE"))
        return;
    if (!account_by_id(x, x->seg[1], &all, &acct))
        return;
    int64_t id = json_integer_value(json_object_get(acct, "id"));
    const char *login = json_string_value(json_object_get(acct, "login"));
    if (auth_unlock(x->rq->db, &x->who, login, NULL, &e) != RC_OK ||
        user_list(x->rq->db, 0, &after, &e) != RC_OK)
        api_error(x, &e);
    else
        api_json(x, 200, json_incref(find_id(after, id)));
    json_decref(after);
    json_decref(all);
}

/* /users: admin manages every account; everyone their own tokens. */
void api_users(api_ctx *x) {
    const char *m = x->rq->method;
    err e;
    if (!api_logged_in(x))
        return;
    if (x->nseg >= 3 && strcmp(x->seg[2], "tokens") == 0) {
        user_tokens(x);
        return;
    }
    if (x->who.role != ROLE_ADMIN) {
        api_fail(x, RC_FORBIDDEN, NULL, "only an administrator may manage accounts");
        return;
    }
    if (x->nseg == 1 && strcmp(m, "GET") == 0) {
        json_t *items = NULL;
        if (user_list(x->rq->db, 0, &items, &e) != RC_OK) {
            api_error(x, &e);
            return;
        }
        api_json(
            x, 200,
            json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
        return;
    }
    if (x->nseg == 1 && strcmp(m, "POST") == 0) {
        static const char *const keys[] = {"login",    "role",      "congress_id",  "deputy_id",
                                           "unit_id",  "member_id", "display_name", "password",
                                           "disabled", NULL};
        json_t *in = api_body_json(x);
        if (!in)
            return;
        user_spec u = {0};
        int64_t id = 0;
        bool ok = json_is_object(in) && only_keys(x, in, keys) &&
                  text_member(x, in, "login", &u.login) && text_member(x, in, "role", &u.role) &&
                  text_member(x, in, "display_name", &u.display_name) &&
                  text_member(x, in, "password", &u.password) &&
                  int_member(x, in, "congress_id", &u.congress_id) &&
                  int_member(x, in, "deputy_id", &u.deputy_id) &&
                  int_member(x, in, "unit_id", &u.unit_id) &&
                  int_member(x, in, "member_id", &u.member_id);
        if (!json_is_object(in))
            api_fail(x, RC_INVALID, "", "the request body must be a JSON object");
        if (ok) {
            if (user_add(x->rq->db, &x->who, &u, &id, &e) != RC_OK) {
                api_error(x, &e);
            } else {
                json_t *items = NULL;
                if (user_list(x->rq->db, 0, &items, &e) != RC_OK) {
                    api_error(x, &e);
                } else {
                    api_json(x, 201, json_incref(find_id(items, id)));
                    json_decref(items);
                }
            }
        }
        json_decref(in);
        return;
    }
    if (x->nseg == 2 && strcmp(m, "PATCH") == 0) {
        static const char *const keys[] = {"login",        "password",   "disabled",   "role",
                                           "congress_id",  "deputy_id",  "unit_id",    "member_id",
                                           "display_name", "created_at", "updated_at", NULL};
        char *end = NULL;
        long long id = strtoll(x->seg[1], &end, 10);
        json_t *items = NULL, *cur = NULL;
        if (*end || id < 1 || user_list(x->rq->db, 0, &items, &e) != RC_OK) {
            api_fail(x, RC_NOT_FOUND, NULL, "there is no user %s", x->seg[1]);
            json_decref(items);
            return;
        }
        cur = find_id(items, id);
        if (!cur) {
            api_fail(x, RC_NOT_FOUND, NULL, "there is no user %lld", id);
            json_decref(items);
            return;
        }
        json_t *in = api_body_json(x);
        if (!in) {
            json_decref(items);
            return;
        }
        const char *password = NULL;
        json_t *dis = json_object_get(in, "disabled");
        const char *login = json_string_value(json_object_get(cur, "login"));
        bool ok = json_is_object(in) && only_keys(x, in, keys) &&
                  text_member(x, in, "password", &password);
        if (!json_is_object(in))
            api_fail(x, RC_INVALID, "", "the request body must be a JSON object");
        json_t *given_login = ok ? json_object_get(in, "login") : NULL;
        if (ok && given_login && !json_equal(given_login, json_object_get(cur, "login"))) {
            api_fail(x, RC_INVALID, "login", "a login cannot be renamed; create a new account");
            ok = false;
        }
        if (ok && dis && !json_is_boolean(dis)) {
            api_fail(x, RC_INVALID, "disabled", "disabled must be true or false");
            ok = false;
        }
        /* the account's other fields: what is given, else what it has */
        json_t *merged = json_deep_copy(cur);
        static const char *const fields[] = {"role",    "congress_id", "deputy_id",
                                             "unit_id", "member_id",   "display_name"};
        bool changes = false;
        for (size_t k = 0; ok && k < sizeof fields / sizeof fields[0]; k++) {
            json_t *v = json_object_get(in, fields[k]);
            if (v && !json_equal(v, json_object_get(cur, fields[k]))) {
                json_object_set(merged, fields[k], v);
                changes = true;
            }
        }
        user_spec u = {.login = login};
        ok = ok && text_member(x, merged, "role", &u.role) &&
             text_member(x, merged, "display_name", &u.display_name) &&
             int_member(x, merged, "congress_id", &u.congress_id) &&
             int_member(x, merged, "deputy_id", &u.deputy_id) &&
             int_member(x, merged, "unit_id", &u.unit_id) &&
             int_member(x, merged, "member_id", &u.member_id);
        rc_t rc = RC_OK;
        if (ok && changes)
            rc = user_update(x->rq->db, &x->who, &u, &e);
        if (ok && rc == RC_OK && password)
            rc = user_set_password(x->rq->db, &x->who, login, password, &e);
        if (ok && rc == RC_OK && dis)
            rc = user_set_disabled(x->rq->db, &x->who, login, json_is_true(dis), &e);
        json_t *after = NULL;
        if (ok && rc == RC_OK)
            rc = user_list(x->rq->db, 0, &after, &e);
        if (ok && rc) {
            api_error(x, &e);
        } else if (ok) {
            api_json(x, 200, json_incref(find_id(after, id)));
        }
        json_decref(after);
        json_decref(merged);
        json_decref(items);
        json_decref(in);
        return;
    }
    if (x->nseg == 3 && strcmp(x->seg[2], "lock") == 0) {
        user_unlock(x);
        return;
    }
    api_fail(x, RC_METHOD, NULL, "use GET or POST /api/v1/users, PATCH /api/v1/users/<id>");
}

/* setting_json — one setting as GET /settings gives it: the value in effect for the
 * caller's congress (settings_get's fallback order), its group and unit in both
 * languages. */
static json_t *setting_json(api_ctx *x, const setting_def *d) {
    const setting_group *g = settings_group(d->group);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "key", d->key,
                  "label_zh", d->label_zh, "label_en", d->label_en, "value",
                  (json_int_t)settings_get(x->rq->db, x->who.congress_id, d->key), "default",
                  (json_int_t)d->def, "min", (json_int_t)d->min, "max", (json_int_t)d->max, "unit",
                  d->unit, "unit_zh", settings_unit_label(d->unit, true), "unit_en",
                  settings_unit_label(d->unit, false), "scope",
                  d->scope == SETTING_INSTALLATION ? "installation" : "congress", "group",
                  g ? g->id : "general");
    json_object_set_new(o, "group_zh", json_string(g ? g->label_zh : "通用"));
    json_object_set_new(o, "group_en", json_string(g ? g->label_en : "General"));
    return o;
}

/* setting_one — GET /settings/<key>: one setting, 404 when there is none, 403 naming
 * the key when it is not the caller's to see (the installation's, to staff). */
static void setting_one(api_ctx *x) {
    const setting_def *d = settings_find(x->seg[1]);
    if (!d)
        api_fail(x, RC_NOT_FOUND, NULL, "there is no setting %s", x->seg[1]);
    else if (!settings_visible(d, x->who.role))
        api_fail(x, RC_FORBIDDEN, d->key,
                 "%s is the installation's setting: only an administrator sees it", d->key);
    else
        api_json(x, 200, setting_json(x, d));
}

/* /settings: the effective value of every setting the caller may see (staff: their
 * congress's; administrators also the installation's), which is the value the server
 * uses, in the groups' order; PATCH {"key": value, …} changes them (admin, or staff for
 * their congress). */
void api_settings(api_ctx *x) {
    const char *m = x->rq->method;
    if (!api_logged_in(x))
        return;
    int64_t congress = x->who.congress_id;
    if (x->nseg == 2 && strcmp(m, "GET") == 0) {
        setting_one(x);
        return;
    }
    if (x->nseg >= 2) {
        api_fail(x, x->nseg > 2 ? RC_NOT_FOUND : RC_METHOD, NULL,
                 "use GET /api/v1/settings/<key>, or PATCH /api/v1/settings {\"key\": value}");
        return;
    }
    if (strcmp(m, "GET") == 0) {
        json_t *items = json_array();
        for (int g = 0; g <= settings_groups_count; g++)
            for (int i = 0; i < settings_count; i++) {
                const setting_def *d = &settings_defs[i];
                const setting_group *dg = settings_group(d->group);
                bool here = g < settings_groups_count ? dg == &settings_groups[g] : !dg;
                if (here && settings_visible(d, x->who.role))
                    json_array_append_new(items, setting_json(x, d));
            }
        api_json(x, 200, json_pack("{s:o}", "items", items));
        return;
    }
    if (strcmp(m, "PATCH") != 0) {
        api_fail(x, RC_METHOD, NULL, "use GET or PATCH");
        return;
    }
    if (x->who.role != ROLE_ADMIN && x->who.role != ROLE_STAFF) {
        api_fail(x, RC_FORBIDDEN, NULL, "only the office may change settings");
        return;
    }
    json_t *in = api_body_json(x);
    if (!in)
        return;
    err e;
    rc_t rc = settings_update(x->rq->db, &x->who, congress, in, &e);
    json_decref(in);
    if (rc) {
        api_error(x, &e);
        return;
    }
    /* Answer with the settings as they now stand, as GET would. */
    api_request get = *x->rq;
    get.method = "GET";
    api_ctx y = *x;
    y.rq = &get;
    api_settings(&y);
}
