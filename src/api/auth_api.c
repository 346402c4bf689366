/* auth_api.c — /login, /logout, /me. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/collection/collection.h"
#include "domain/settings.h"

#define SESSION_COOKIE "renda_session"

static json_t *user_json(const principal *p) {
    json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->user_id, "login", p->login,
                          "role", role_name(p->role));
    const char *keys[] = {"congress_id", "deputy_id", "unit_id"};
    const int64_t vals[] = {p->congress_id, p->deputy_id, p->unit_id};
    for (int i = 0; i < 3; i++)
        json_object_set_new(o, keys[i], vals[i] ? json_integer(vals[i]) : json_null());
    json_object_set_new(o, "display_name",
                        p->display_name[0] ? json_string(p->display_name) : json_null());
    return o;
}

/* string_field — a required string member, or answer 422 naming it. */
static const char *string_field(api_ctx *x, json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v) || json_string_length(v) == 0) {
        api_fail(x, RC_INVALID, key, "%s is required and must be text", key);
        return NULL;
    }
    return json_string_value(v);
}

void api_login(api_ctx *x) {
    if (strcmp(x->rq->method, "POST") != 0) {
        api_fail(x, RC_METHOD, NULL, "log in with POST");
        return;
    }
    json_t *in = api_body_json(x);
    if (!in)
        return;
    if (!json_is_object(in)) {
        api_fail(x, RC_INVALID, "", "send {\"login\": …, \"password\": …}");
        json_decref(in);
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v) {
        if (strcmp(key, "login") != 0 && strcmp(key, "password") != 0) {
            api_fail(x, RC_INVALID, key, "login takes only login and password, not %s", key);
            json_decref(in);
            return;
        }
    }
    const char *login = string_field(x, in, "login");
    const char *password = login ? string_field(x, in, "password") : NULL;
    if (login && password) {
        auth_policy pol = {
            .max_failures = (int)settings_get(x->rq->db, 0, "login_max_failures"),
            .window_minutes = (int)settings_get(x->rq->db, 0, "login_failure_window_minutes"),
            .session_minutes = (int)settings_get(x->rq->db, 0, "session_ttl_minutes"),
        };
        char token[TOKEN_HEX];
        err e;
        principal p;
        if (auth_login(x->rq->db, &pol, login, password, &p, token, &e) != RC_OK) {
            api_error(x, &e);
        } else {
            api_add_header(x, "Set-Cookie",
                           arena_printf(x->rq->a,
                                        SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
                                                       "Max-Age=%d",
                                        token, pol.session_minutes * 60));
            api_json(x, 200, json_pack("{s:o}", "user", user_json(&p)));
        }
    }
    json_decref(in);
}

void api_logout(api_ctx *x) {
    if (strcmp(x->rq->method, "POST") != 0) {
        api_fail(x, RC_METHOD, NULL, "log out with POST");
        return;
    }
    if (x->who.role == ROLE_ANON) {
        api_fail(x, RC_UNAUTHORIZED, NULL, "you are not logged in");
        return;
    }
    err e;
    if (auth_logout(x->rq->db, x->who.session_id, &e) != RC_OK) {
        api_error(x, &e);
        return;
    }
    api_add_header(x, "Set-Cookie", SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    api_json(x, 204, NULL);
}

void api_me(api_ctx *x) {
    if (strcmp(x->rq->method, "GET") != 0) {
        api_fail(x, RC_METHOD, NULL, "use GET");
        return;
    }
    if (x->who.role == ROLE_ANON) {
        api_fail(x, RC_UNAUTHORIZED, NULL, "please log in first");
        return;
    }
    json_t *u = user_json(&x->who), *congress = NULL;
    err e;
    if (x->who.congress_id &&
        collection_get(x->rq->db, collection_find("congresses"), &x->who, x->who.congress_id,
                       &congress, &e) == RC_OK)
        json_object_set(u, "congress_name", json_object_get(congress, "name"));
    else
        json_object_set_new(u, "congress_name", json_null());
    json_decref(congress);
    api_json(x, 200, json_pack("{s:o}", "user", u));
}
