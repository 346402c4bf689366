/* auth_api.c — /login, /logout, /me; who the client is (its address, behind a trusted
 * proxy) and how the session cookie is marked (Secure when the public URL is https). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/collection/collection.h"
#include "domain/settings.h"

#define SESSION_COOKIE "renda_session"
#define COOKIE_ATTRS "Path=/; HttpOnly; SameSite=Strict"
#define HTTPS_PREFIX "https://"
#define HTTP_PREFIX "http://"
#define PUBLIC_URL_MAX 512
#define ADDRESS_MAX INET6_ADDRSTRLEN
#define FORWARDED_MAX 2048 /* longer X-Forwarded-For headers are not believed */

static api_options g_options;

void api_configure(const api_options *o) { g_options = *o; }

static bool address_ok(const char *s) {
    unsigned char raw[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, s, raw) == 1 || inet_pton(AF_INET6, s, raw) == 1;
}

bool api_options_check(const api_options *o, err *e) {
    const char *u = o->public_url;
    if (u && ((strncmp(u, HTTPS_PREFIX, strlen(HTTPS_PREFIX)) != 0 &&
               strncmp(u, HTTP_PREFIX, strlen(HTTP_PREFIX)) != 0) ||
              strlen(u) > PUBLIC_URL_MAX || strpbrk(u, " ;,\r\n"))) {
        err_set(e, RC_INVALID, "public_url",
                "--public-url takes the address people use, like https://renda.example.gov.cn");
        return false;
    }
    const char *t = o->trusted_proxies;
    for (const char *p = t; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char one[ADDRESS_MAX];
        snprintf(one, sizeof one, "%.*s", (int)n, p);
        if (n == 0 || n >= sizeof one || !address_ok(one)) {
            err_set(e, RC_INVALID, "trusted_proxy",
                    "--trusted-proxy takes numeric addresses separated by commas, like 127.0.0.1");
            return false;
        }
        p = comma ? comma + 1 : p + n;
    }
    return true;
}

const char *api_cookie_attrs(void) {
    const char *u = g_options.public_url;
    bool secure = u && strncmp(u, HTTPS_PREFIX, strlen(HTTPS_PREFIX)) == 0;
    return secure ? COOKIE_ATTRS "; Secure" : COOKIE_ATTRS;
}

static bool trusted(const char *addr) {
    size_t n = strlen(addr);
    for (const char *p = g_options.trusted_proxies; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, addr, n) == 0)
            return true;
        p = comma ? comma + 1 : p + len;
    }
    return false;
}

const char *api_client_address(const api_ctx *x) {
    const char *peer = x->rq->client_address ? x->rq->client_address : "";
    if (!*peer || !trusted(peer))
        return peer;
    const char *xff = x->rq->header(x->rq, "X-Forwarded-For");
    if (!xff || strlen(xff) > FORWARDED_MAX)
        return peer;
    /* Walk from the right: each proxy appends the address it saw, so the nearest
     * address that is not one of ours is the client. */
    const char *end = xff + strlen(xff);
    while (end > xff) {
        const char *start = end;
        while (start > xff && start[-1] != ',')
            start--;
        const char *a = start, *b = end;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        char one[ADDRESS_MAX];
        if (b - a <= 0 || (size_t)(b - a) >= sizeof one)
            return peer;
        snprintf(one, sizeof one, "%.*s", (int)(b - a), a);
        if (!address_ok(one))
            return peer; /* not an address: believe nothing to its left */
        if (!trusted(one))
            return arena_strdup(x->rq->a, one);
        end = start > xff ? start - 1 : xff;
    }
    return peer;
}

/* login_policy — the installation's settings for logging in. */
static auth_policy login_policy(store_conn *db) {
    return (auth_policy){
        .max_failures = (int)settings_get(db, 0, "login_max_failures"),
        .max_failures_global = (int)settings_get(db, 0, "login_max_failures_global"),
        .window_minutes = (int)settings_get(db, 0, "login_failure_window_minutes"),
        .lockout_max_minutes = (int)settings_get(db, 0, "login_lockout_max_minutes"),
        .session_minutes = (int)settings_get(db, 0, "session_ttl_minutes"),
    };
}

static json_t *user_json(const principal *p) {
    json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->user_id, "login", p->login,
                          "role", role_name(p->role));
    const char *keys[] = {"congress_id", "deputy_id", "unit_id", "member_id"};
    const int64_t vals[] = {p->congress_id, p->deputy_id, p->unit_id, p->member_id};
    for (int i = 0; i < 4; i++)
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
    if (!api_method(x, "POST"))
        return;
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
        auth_policy pol = login_policy(x->rq->db);
        char token[TOKEN_HEX];
        err e;
        principal p;
        if (auth_login(x->rq->db, &pol, login, password, api_client_address(x), &p, token, &e) !=
            RC_OK) {
            api_error(x, &e);
        } else {
            api_add_header(x, "Set-Cookie",
                           arena_printf(x->rq->a, SESSION_COOKIE "=%s; %s; Max-Age=%d", token,
                                        api_cookie_attrs(), pol.session_minutes * 60));
            api_json(x, 200, json_pack("{s:o}", "user", user_json(&p)));
        }
    }
    json_decref(in);
}

void api_logout(api_ctx *x) {
    if (!api_method(x, "POST"))
        return;
    if (x->who.role == ROLE_ANON) {
        api_fail(x, RC_UNAUTHORIZED, NULL, "you are not logged in");
        return;
    }
    err e;
    if (auth_logout(x->rq->db, x->who.session_id, &e) != RC_OK) {
        api_error(x, &e);
        return;
    }
    api_add_header(x, "Set-Cookie",
                   arena_printf(x->rq->a, SESSION_COOKIE "=; %s; Max-Age=0", api_cookie_attrs()));
    api_json(x, 204, NULL);
}

void api_me(api_ctx *x) {
    if (!api_method(x, "GET"))
        return;
    if (!api_logged_in(x))
        return;
    json_t *u = user_json(&x->who), *congress = NULL;
    err e;
    if (x->who.congress_id && collection_get(x->rq->db, collection_find("congresses"), &x->who,
                                             x->who.congress_id, &congress, &e) == RC_OK)
        json_object_set(u, "congress_name", json_object_get(congress, "name"));
    else
        json_object_set_new(u, "congress_name", json_null());
    json_decref(congress);
    /* whom the account stands for, by name: the header names a unit's account by its
     * unit, and a deputy's by the deputy */
    const struct {
        const char *collection, *key, *name; /* name: the record's member naming it */
        int64_t id;
    } names[] = {{"units", "unit_name", "name", x->who.unit_id},
                 {"deputies", "deputy_name", "person_name", x->who.deputy_id}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *rec = NULL, *name = NULL;
        if (names[i].id && collection_get(x->rq->db, collection_find(names[i].collection), &x->who,
                                          names[i].id, &rec, &e) == RC_OK)
            name = json_object_get(rec, names[i].name);
        json_object_set_new(u, names[i].key,
                            json_is_string(name) ? json_incref(name) : json_null());
        json_decref(rec);
    }
    api_json(x, 200, json_pack("{s:o}", "user", u));
}
