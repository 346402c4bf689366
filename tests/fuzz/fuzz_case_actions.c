/* fuzz_case_actions.c — libFuzzer harness for the bodies of case actions.
 *
 * Once, at start: a SQLite database in a temporary folder, migrated, with a congress,
 * its term, station, reception, deputies and units, an account for every part a caller
 * plays in a case (staff, a member, the lead deputy, a cosigner, the assigned unit),
 * and for every case kind of the registry a case in every state the kind reaches —
 * each brought there through case_act, the engine's one path for actions.
 *
 * Each input: byte 0 picks the case (kind and state), byte 1 the action (of that kind's
 * generic and own actions), byte 2 the caller; the rest is the body, decoded as the API
 * decodes it (json_decode_strict; an empty rest is "no body"; bytes that do not decode
 * are tried once more inside braces, as an object's members). The action runs inside
 * a transaction the harness rolls back, so every input meets the same cases. Broken
 * promises are __builtin_trap(): a 500 (RC_INTERNAL, RC_NOMEM, anything but the
 * statuses an action answers), an answer on failure or none on success, an answer that
 * is not a case with a state and its actions, an action taken that the case's "actions"
 * did not offer that caller (the web app draws its buttons from them), an error without
 * a message, a transaction left open. ASan and UBSan catch the rest.
 *
 * Seeds: tests/fuzz/corpus/case_actions (a valid body of every action input kind behind
 * three selector bytes; written by tests/fuzz/make_case_seeds.py).
 * Build and run: scripts/fuzz (docs/fuzzing.md). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/json_in.h"
#include "base/rc.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"
#include "domain/settings.h"
#include "domain/user.h"
#include "store/store.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_case_actions: broken promise: %s (line %d)\n", #cond, __LINE__); \
            __builtin_trap();                                                                      \
        }                                                                                          \
    } while (0)

#define SELECTOR_BYTES 3
#define RC_COUNT_FUZZ 32
#define CASES_MAX 64
#define ACTIONS_MAX 32
#define PATH_MAX_STEPS 4
#define NAME_BYTES 64
#define PASSWORD "fuzz-password-1"
/* a motion needs this many signers (lead and confirmed cosigners); the world has two */
#define MOTION_SIGNERS 2

typedef enum { A_STAFF, A_MEMBER, A_LEAD, A_COSIGNER, A_UNIT, A_OTHER_UNIT, A_ANON, A_COUNT } actor;

static store *g_store;
static store_conn *g_conn;
static principal g_who[A_COUNT];
static int64_t g_congress, g_term, g_station, g_reception, g_deputy[2], g_unit[2];

typedef struct {
    const case_kind *k;
    case_state state;
    int64_t id;
    json_t *offered[A_COUNT]; /* the case's "actions" as each caller reads it (NULL: unseen) */
} fuzz_case;

static fuzz_case g_cases[CASES_MAX];
static int g_ncases;
static long long g_outcomes[RC_COUNT_FUZZ]; /* answers by rc, printed at exit */
static char g_dir[] = "/tmp/renda-fuzz-cases-XXXXXX";
static char g_path[sizeof g_dir + 16];

/* cleanup — at exit: the database and its folder go (libFuzzer exits through exit()). */
static void cleanup(void) {
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[sizeof g_path + 16];
    fprintf(stderr, "fuzz_case_actions: answers:");
    for (int i = 0; i < RC_COUNT_FUZZ; i++)
        if (g_outcomes[i])
            fprintf(stderr, " %s %lld", i == RC_OK ? "ok" : rc_code((rc_t)i), g_outcomes[i]);
    fprintf(stderr, "\n");
    if (g_conn)
        store_disconnect(g_conn);
    store_close(g_store);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", g_path, suffixes[i]);
        unlink(p);
    }
    rmdir(g_dir);
}

static void die(const char *what, const err *e) {
    fprintf(stderr, "fuzz_case_actions: setup: %s: %s\n", what, e ? e->message : "");
    exit(1);
}

/* record — a new record of a collection, as the command line writes it; its id. */
static int64_t record(const char *collection, json_t *in) {
    principal admin;
    memset(&admin, 0, sizeof admin);
    admin.role = ROLE_ADMIN;
    snprintf(admin.login, sizeof admin.login, "fuzz");
    json_t *out = NULL;
    err e;
    if (collection_create(g_conn, collection_find(collection), &admin, in, &out, &e) != RC_OK)
        die(collection, &e);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    json_decref(in);
    return id;
}

static principal account(const char *login, const char *role, int64_t deputy, int64_t unit,
                         role_t r) {
    user_spec u = {.login = login,
                   .role = role,
                   .congress_id = g_congress,
                   .deputy_id = deputy,
                   .unit_id = unit,
                   .password = PASSWORD};
    int64_t id = 0;
    err e;
    if (user_add(g_conn, NULL, &u, &id, &e) != RC_OK)
        die(login, &e);
    principal p;
    memset(&p, 0, sizeof p);
    p.user_id = id;
    p.role = r;
    p.congress_id = g_congress;
    p.deputy_id = deputy;
    p.unit_id = unit;
    snprintf(p.login, sizeof p.login, "%s", login);
    return p;
}

static void world(void) {
    g_congress = record("congresses",
                        json_pack("{s:s, s:s}", "name", "常山县人民代表大会", "level", "county"));
    g_term = record("terms", json_pack("{s:I, s:i, s:s}", "congress_id", (json_int_t)g_congress,
                                       "number", 16, "start_on", "2021-10-01"));
    g_station = record("stations", json_pack("{s:I, s:s, s:s, s:s}", "congress_id",
                                             (json_int_t)g_congress, "name", "天马街道代表联络站",
                                             "kind", "station", "township", "天马街道"));
    g_reception = record("receptions",
                         json_pack("{s:I, s:I, s:s}", "congress_id", (json_int_t)g_congress,
                                   "station_id", (json_int_t)g_station, "held_on", "2024-03-15"));
    static const char *const names[] = {"张伟", "王芳"};
    for (int i = 0; i < 2; i++) {
        int64_t person = record("persons", json_pack("{s:I, s:s}", "congress_id",
                                                     (json_int_t)g_congress, "name", names[i]));
        g_deputy[i] =
            record("deputies", json_pack("{s:I, s:I, s:I, s:s}", "congress_id",
                                         (json_int_t)g_congress, "person_id", (json_int_t)person,
                                         "term_id", (json_int_t)g_term, "level", "county"));
        char name[NAME_BYTES];
        snprintf(name, sizeof name, "常山县住房和城乡建设局%d", i);
        g_unit[i] =
            record("units", json_pack("{s:I, s:s, s:s}", "congress_id", (json_int_t)g_congress,
                                      "name", name, "kind", "department"));
    }
    g_who[A_STAFF] = account("fstaff", "staff", 0, 0, ROLE_STAFF);
    g_who[A_MEMBER] = account("fmember", "member", 0, 0, ROLE_MEMBER);
    g_who[A_LEAD] = account("fdeputy0", "deputy", g_deputy[0], 0, ROLE_DEPUTY);
    g_who[A_COSIGNER] = account("fdeputy1", "deputy", g_deputy[1], 0, ROLE_DEPUTY);
    g_who[A_UNIT] = account("funit0", "unit", 0, g_unit[0], ROLE_UNIT);
    g_who[A_OTHER_UNIT] = account("funit1", "unit", 0, g_unit[1], ROLE_UNIT);
    memset(&g_who[A_ANON], 0, sizeof g_who[A_ANON]);
    err e;
    if (settings_set(g_conn, g_congress, "motion_min_deputies", MOTION_SIGNERS, &e) != RC_OK)
        die("motion_min_deputies", &e);
}

/* ref_for — a record of the world for a kind's reference field. */
static int64_t ref_for(const char *collection) {
    if (strcmp(collection, "deputies") == 0)
        return g_deputy[0];
    if (strcmp(collection, "units") == 0)
        return g_unit[0];
    if (strcmp(collection, "terms") == 0)
        return g_term;
    if (strcmp(collection, "stations") == 0)
        return g_station;
    if (strcmp(collection, "receptions") == 0)
        return g_reception;
    return 0;
}

/* create_body — a title, every required field of the kind (an enum's last value: a
 * proposal is then a suggestion, which one deputy may table) and the cosigner. */
static json_t *create_body(const case_kind *k) {
    json_t *in = json_pack("{s:s}", "title", "关于加快推进老旧小区改造的建议");
    for (int i = 0; i < k->nfields; i++) {
        const field_def *f = &k->fields[i];
        if (!(f->flags & FF_REQUIRED))
            continue;
        json_t *v = NULL;
        if (f->type == FT_ENUM && f->values && f->values[0].id) {
            int n = 0;
            while (f->values[n + 1].id)
                n++;
            v = json_string(f->values[n].id);
        } else if (f->type == FT_REF) {
            v = json_integer(ref_for(f->ref));
        } else if (f->type == FT_INT) {
            v = json_integer(f->min > 0 ? f->min : 1);
        } else if (f->type == FT_BOOL) {
            v = json_true();
        } else if (f->type == FT_DATE) {
            v = json_string("2024-03-15");
        } else {
            v = json_string("天马街道部分老旧小区管网老化");
        }
        json_object_set_new(in, f->name, v);
    }
    if (k->cosigners)
        json_object_set_new(in, "cosigners", json_pack("[I]", (json_int_t)g_deputy[1]));
    return in;
}

/* A step on the way to a state: who takes which action with what body (%I: another
 * case of the kind, for a merge; %U: the unit; %P: the case's person without an
 * account, for staff recording feedback). A_OWED is whoever the reply is owed to: the
 * lead deputy, else staff on the petitioner's or voter's behalf. */
#define A_OWED A_COUNT
typedef struct {
    int who;
    const char *action;
    const char *body;
} step;

typedef struct {
    case_state state;
    step steps[PATH_MAX_STEPS];
} route;

#define ASSIGN                                                                                     \
    { A_STAFF, "assign", "{\"units\":[{\"unit_id\":%U,\"role\":\"lead\"}]}" }
#define REPLY                                                                                      \
    { A_UNIT, "reply", "{\"class\":\"B\",\"text\":\"已列入年度改造计划\"}" }

/* From a submitted case (a draft is submitted by its lead deputy first). A step the
 * kind does not have, or that fails, ends the route: that state is not fuzzed. */
static const route routes[] = {
    {CS_DRAFT, {{0}}},
    {CS_SUBMITTED, {{0}}},
    {CS_ACCEPTED, {{A_STAFF, "accept", "{}"}}},
    {CS_DECLINED, {{A_STAFF, "decline", "{\"reason\":\"no_content\"}"}}},
    {CS_WITHDRAWN, {{A_STAFF, "withdraw", "{}"}}},
    {CS_MERGED, {{A_STAFF, "merge", "{\"into\":%I}"}}},
    {CS_ASSIGNED, {{A_STAFF, "accept", "{}"}, ASSIGN}},
    {CS_RETURNED,
     {{A_STAFF, "accept", "{}"}, ASSIGN, {A_UNIT, "return", "{\"reason\":\"不属于本单位职责\"}"}}},
    {CS_REPLIED, {{A_STAFF, "accept", "{}"}, ASSIGN, REPLY}},
    {CS_REHANDLING,
     {{A_STAFF, "accept", "{}"},
      ASSIGN,
      REPLY,
      {A_OWED, "feedback", "{\"rating\":\"unsatisfied\",\"person_id\":%P}"}}},
    {CS_CLOSED, {{A_STAFF, "accept", "{}"}, ASSIGN, REPLY, {A_STAFF, "close", "{}"}}},
};

/* person_without_account — the id of the case's first person who is not a deputy. */
static int64_t person_without_account(const case_kind *k, int64_t id) {
    json_t *rec = NULL;
    err e;
    int64_t out = 0;
    if (case_get(g_conn, k, &g_who[A_STAFF], id, &rec, &e) != RC_OK)
        return 0;
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(rec, "people"), i, p) {
        if (!out && json_is_null(json_object_get(p, "deputy_id")))
            out = json_integer_value(json_object_get(p, "id"));
    }
    json_decref(rec);
    return out;
}

/* act — one action as the API would take it; true when it was taken. */
static bool act(const case_kind *k, int64_t id, int who, const char *action, const char *tmpl,
                int64_t other) {
    if (who == A_OWED) {
        const char *plain = "{\"rating\":\"unsatisfied\"}";
        return act(k, id, A_LEAD, action, plain, other) || act(k, id, A_STAFF, action, tmpl, other);
    }
    char body[512];
    const char *mark = strchr(tmpl, '%');
    if (mark) {
        int64_t v = mark[1] == 'I'   ? other
                    : mark[1] == 'U' ? g_unit[0]
                                     : person_without_account(k, id);
        snprintf(body, sizeof body, "%.*s%lld%s", (int)(mark - tmpl), tmpl, (long long)v, mark + 2);
    } else {
        snprintf(body, sizeof body, "%s", tmpl);
    }
    json_t *in = NULL, *out = NULL;
    err e;
    if (json_decode_strict(body, strlen(body), &in, &e) != RC_OK)
        die(body, &e);
    rc_t rc = case_act(g_conn, k, &g_who[who], id, action, in, &out, &e);
    json_decref(in);
    json_decref(out);
    return rc == RC_OK;
}

static int64_t new_case(const case_kind *k) {
    json_t *in = create_body(k), *out = NULL;
    err e;
    if (case_create(g_conn, k, &g_who[A_STAFF], in, &out, &e) != RC_OK)
        die(k->plural, &e);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(in);
    json_decref(out);
    if (k->cosigners && !act(k, id, A_COSIGNER, "confirm", "{}", 0))
        die("confirm", NULL);
    return id;
}

static void cases(void) {
    for (int ki = 0; case_kinds[ki]; ki++) {
        const case_kind *k = case_kinds[ki];
        int64_t target = new_case(k); /* an open case to merge into */
        if (k->initial == CS_DRAFT)
            act(k, target, A_LEAD, "submit", "{}", 0);
        for (size_t r = 0; r < sizeof routes / sizeof routes[0] && g_ncases < CASES_MAX; r++) {
            const route *rt = &routes[r];
            int64_t id = new_case(k);
            bool ok = true;
            if (k->initial == CS_DRAFT && rt->state != CS_DRAFT)
                ok = act(k, id, A_LEAD, "submit", "{}", 0);
            for (int s = 0; ok && s < PATH_MAX_STEPS && rt->steps[s].action; s++)
                ok = act(k, id, rt->steps[s].who, rt->steps[s].action, rt->steps[s].body, target);
            json_t *rec = NULL;
            err e;
            if (!ok || case_get(g_conn, k, &g_who[A_STAFF], id, &rec, &e) != RC_OK)
                continue;
            case_state st = CS_COUNT;
            case_state_parse(json_string_value(json_object_get(rec, "state")), &st);
            json_decref(rec);
            if (st != rt->state)
                continue;
            fuzz_case *fc = &g_cases[g_ncases++];
            *fc = (fuzz_case){.k = k, .state = st, .id = id};
            for (int a = 0; a < A_COUNT; a++) {
                json_t *seen = NULL;
                if (case_get(g_conn, k, &g_who[a], id, &seen, &e) == RC_OK)
                    fc->offered[a] = json_incref(json_object_get(seen, "actions"));
                json_decref(seen);
            }
        }
    }
    fprintf(stderr, "fuzz_case_actions: %d cases in their states:", g_ncases);
    for (int i = 0; i < g_ncases; i++)
        fprintf(stderr, " %s/%s", g_cases[i].k->plural, case_state_name(g_cases[i].state));
    fprintf(stderr, "\n");
}

/* actions_of — the names of the kind's actions, generic then own. */
static int actions_of(const case_kind *k, const char *out[ACTIONS_MAX]) {
    int n = 0;
    for (int i = 0; i < case_transition_count && n < ACTIONS_MAX; i++)
        if (k->actions & CA_BIT(i))
            out[n++] = case_transitions[i].name;
    for (int i = 0; i < k->nown && n < ACTIONS_MAX; i++)
        out[n++] = k->own[i].name;
    return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    if (!mkdtemp(g_dir))
        die("mkdtemp", NULL);
    snprintf(g_path, sizeof g_path, "%s/fuzz.db", g_dir);
    atexit(cleanup);
    err e;
    int applied = 0;
    if (store_open(g_path, &g_store, &e) != RC_OK || store_connect(g_store, &g_conn, &e) != RC_OK ||
        store_migrate(g_conn, &applied, &e) != RC_OK)
        die(g_path, &e);
    /* the harness's transactions are all rolled back: nothing needs to reach the disk */
    if (store_exec(g_conn, "PRAGMA synchronous = OFF", &e) != RC_OK)
        die("synchronous", &e);
    world();
    cases();
    return 0;
}

/* the statuses an action may answer besides 200 */
static bool expected_rc(rc_t rc) {
    return rc == RC_INVALID || rc == RC_CONFLICT || rc == RC_FORBIDDEN || rc == RC_NOT_FOUND ||
           rc == RC_UNAUTHORIZED;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < SELECTOR_BYTES || g_ncases == 0)
        return 0;
    const fuzz_case *fc = &g_cases[data[0] % g_ncases];
    const char *names[ACTIONS_MAX];
    int n = actions_of(fc->k, names);
    const char *action = names[data[1] % n];
    const principal *who = &g_who[data[2] % A_COUNT];
    json_t *in = NULL, *out = NULL;
    err e;
    size_t len = size - SELECTOR_BYTES;
    const char *body = (const char *)data + SELECTOR_BYTES;
    if (len > 0 && json_decode_strict(body, len, &in, &e) != RC_OK) {
        /* the API answers 400 before the engine sees it; read the bytes once more as the
         * members of an object, so more mutations reach the engine */
        char *wrapped = malloc(len + 2);
        CHECK(wrapped != NULL);
        wrapped[0] = '{';
        memcpy(wrapped + 1, body, len);
        wrapped[len + 1] = '}';
        rc_t drc = json_decode_strict(wrapped, len + 2, &in, &e);
        free(wrapped);
        if (drc != RC_OK)
            return 0;
    }
    CHECK(store_begin(g_conn, true, &e) == RC_OK);
    err_clear(&e);
    rc_t rc = case_act(g_conn, fc->k, who, fc->id, action, in, &out, &e);
    g_outcomes[(unsigned)rc % RC_COUNT_FUZZ]++;
    if (rc == RC_OK) {
        CHECK(json_is_object(out));
        CHECK(json_integer_value(json_object_get(out, "id")) == fc->id);
        case_state st;
        CHECK(case_state_parse(json_string_value(json_object_get(out, "state")), &st));
        CHECK(json_is_array(json_object_get(out, "actions")));
        bool offered = false;
        size_t i;
        json_t *x;
        json_array_foreach(fc->offered[data[2] % A_COUNT], i, x) {
            offered = offered || strcmp(json_string_value(x), action) == 0;
        }
        if (!offered)
            fprintf(stderr, "fuzz_case_actions: %s %s (%s) taken by %s, who is not offered it\n",
                    fc->k->plural, action, case_state_name(fc->state), who->login);
        CHECK(offered);
    } else {
        if (!expected_rc(rc))
            fprintf(stderr, "fuzz_case_actions: %s %s → rc %d: %s\n", fc->k->plural, action, rc,
                    e.message);
        CHECK(expected_rc(rc));
        CHECK(out == NULL);
        CHECK(e.message[0] != '\0');
    }
    CHECK(store_depth(g_conn) == 1);
    store_unwind(g_conn, 0);
    CHECK(store_depth(g_conn) == 0);
    json_decref(out);
    json_decref(in);
    return 0;
}
