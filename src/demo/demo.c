/* demo.c — `renda init --demo`: the Changshan County People's Congress (常山县人民代表
 * 大会). The 16th term (2016-12-27 … 2021-12-26) holds the cases of the seed
 * (常山县十六届人大常委会工作综述) with its figures; the current term — the 17th, or
 * whichever holds the load day — holds open work dated back from the load day, so the
 * demo's inboxes are alive on the day it is loaded.
 *
 * Everything is written through the engines: reference records through
 * collection_create as the demo's administrator, accounts through user_add, every case
 * through case_create and case_act as the person whose action it is (the demo's
 * accounts, or a deputy or unit without a login), one step at a time with the clock
 * held at its moment, all in one transaction. On PostgreSQL the steps run in a scratch
 * SQLite file whose result is copied in with a few hundred statements (store_copy):
 * there each step would cost a dozen round trips to the server.
 *
 * Deterministic: all variety comes from one fixed-seed splitmix64 generator, drawn in a
 * fixed order (the people, the 16th term's history, then what depends on the load
 * day), so a given load day always gives the same records. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo/case_plan.h"
#include "domain/settings.h"
#include "domain/user.h"

#define DEMO_SEED 0x5A1F0C4A2021ULL
#define TERM_FIRST_START "2016-12-27"
#define TERM_MONTHS 60 /* five years */
#define TITLES_MAX 1000
#define DRAW_TRIES 200

/* ---- the generator ---------------------------------------------------------------------- */

uint64_t demo_next(demo *d) { /* splitmix64 */
    d->rng += 0x9E3779B97F4A7C15ULL;
    uint64_t z = d->rng;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int demo_below(demo *d, int n) { return n > 0 ? (int)(demo_next(d) % (uint64_t)n) : 0; }
int demo_between(demo *d, int lo, int hi) { return lo + demo_below(d, hi - lo + 1); }
bool demo_chance(demo *d, int percent) { return demo_below(d, PERCENT) < percent; }

rc_t demo_fail(demo *d, const char *fmt, ...) {
    char msg[ERR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(d->e, RC_INTERNAL, NULL, "demo: %s", msg);
}

date_t demo_day(const char *iso) {
    date_t x = 0;
    date_parse(iso, &x);
    return x;
}

/* ---- terms ------------------------------------------------------------------------------ */

int demo_terms(date_t day, demo_term *out, int cap) {
    date_t start = demo_day(TERM_FIRST_START);
    int n = 0;
    for (;;) {
        if (n >= cap)
            return 0;
        date_t end = date_add_months(start, TERM_MONTHS) - 1;
        out[n] = (demo_term){.number = DEMO_TERM_FIRST + n, .start = start, .end = end};
        n++;
        if (day <= end)
            return n > 1 ? n : 0;
        start = end + 1;
    }
}

demo_term_people *demo_term_of(demo *d, date_t day) {
    for (int i = 0; i < d->nterms; i++)
        if (day <= d->term[i].t.end)
            return &d->term[i];
    return demo_current(d);
}

demo_term_people *demo_current(demo *d) { return &d->term[d->nterms - 1]; }

/* ---- lookups ---------------------------------------------------------------------------- */

long long demo_unit_named(const demo *d, const char *name) {
    for (int i = 0; name && i < d->nunits; i++)
        if (strcmp(d->unit_name[i], name) == 0)
            return d->unit[i];
    return 0;
}

int demo_town_of(const demo *d, const char *name) {
    for (int i = 0; i < TOWNSHIPS; i++)
        if (strncmp(name, d->town[i], strlen(d->town[i])) == 0)
            return i;
    return -1;
}

static bool taken_by(const int *taken, int n, int i) {
    for (int k = 0; k < n; k++)
        if (taken[k] == i)
            return true;
    return false;
}

int demo_pick_deputy(demo *d, const demo_term_people *tp, int t, const int *taken, int n) {
    for (int tries = 0; tries < DRAW_TRIES; tries++) {
        int i = demo_below(d, tp->ndeputies);
        const demo_deputy *x = &tp->deputy[i];
        if (!x->active || (t >= 0 && tries < DRAW_TRIES * 3 / 4 && x->town != t))
            continue;
        if (!taken_by(taken, n, i))
            return i;
    }
    for (int i = 0; i < tp->ndeputies; i++)
        if (tp->deputy[i].active && !taken_by(taken, n, i))
            return i;
    return 0;
}

/* ---- accounts --------------------------------------------------------------------------- */

/* account — one demo account through user_add, and who it is as a principal. */
static rc_t account(demo *d, const char *login, const char *role, long long congress,
                    long long deputy, long long unit, const char *name, const char *password,
                    principal *p) {
    const user_spec u = {.login = login,
                         .role = role,
                         .congress_id = congress,
                         .deputy_id = deputy,
                         .unit_id = unit,
                         .display_name = name,
                         .password = password};
    int64_t id = 0;
    rc_t rc = user_add(d->c, NULL, &u, &id, d->e);
    if (rc == RC_OK)
        rc = auth_load_user(d->c, id, p, d->e);
    return rc;
}

/* member_account — "member": the current term's first plain member (not a chair), whose
 * votes the account casts. */
static rc_t member_account(demo *d, const char *pw, principal *p) {
    int64_t member = 0;
    store_params q = {.n = 0};
    store_param_int(&q, d->county);
    store_param_int(&q, demo_current(d)->id);
    rc_t rc = store_one_int(d->c,
                            "SELECT MIN(id) FROM members WHERE congress_id = ? AND term_id = ? "
                            "AND position = 'member'",
                            &q, &member, d->e);
    if (rc == RC_OK && !member)
        rc = demo_fail(d, "the current term has no plain member");
    const user_spec u = {.login = "member",
                         .role = "member",
                         .congress_id = d->county,
                         .member_id = member,
                         .display_name = "常委会委员",
                         .password = pw};
    int64_t id = 0;
    if (rc == RC_OK)
        rc = user_add(d->c, NULL, &u, &id, d->e);
    if (rc == RC_OK)
        rc = auth_load_user(d->c, id, p, d->e);
    return rc;
}

/* accounts — office (staff), member, deputy (the current term's first county deputy)
 * and unit (the first department); admin comes first, before the records it writes.
 * The deputy's, the unit's and the admin's accounts have no display name: the web app
 * names them by the deputy, the unit and the role (a role word as a name would stay
 * Chinese in English). */
static rc_t accounts(demo *d, const char *pw) {
    long long unit = demo_unit_named(d, DEMO_UNIT_NAME);
    const demo_term_people *cur = demo_current(d);
    if (!unit || !cur->ndeputies)
        return demo_fail(d, "the demo's units and deputies are not as expected");
    rc_t rc = account(d, "office", "staff", d->county, 0, 0, "县人大常委会办公室", pw, &d->office);
    if (rc == RC_OK)
        rc = member_account(d, pw, &d->member_account);
    if (rc == RC_OK)
        rc = account(d, "deputy", "deputy", d->county, cur->deputy[0].id, 0, NULL, pw,
                     &d->deputy_account);
    if (rc == RC_OK)
        rc = account(d, "unit", "unit", d->county, 0, unit, NULL, pw, &d->unit_account);
    return rc;
}

static void read_settings(demo *d) {
    store_conn *c = d->c;
    d->reply_months = (int)settings_get(c, d->county, "reply_months");
    d->reply_months_difficult = (int)settings_get(c, d->county, "reply_months_difficult");
    d->co_months = (int)settings_get(c, d->county, "co_unit_view_months");
    d->rehandle_months = (int)settings_get(c, d->county, "rehandle_months");
    d->petition_days = (int)settings_get(c, d->county, "petition_reply_days");
    d->petition_forward_days = (int)settings_get(c, d->county, "petition_forward_days");
    d->return_days = (int)settings_get(c, d->county, "case_return_working_days");
    d->deliberation_months = (int)settings_get(c, d->county, "deliberation_reply_months");
}

/* ---- the load --------------------------------------------------------------------------- */

static rc_t already_loaded(demo *d) {
    int64_t n = 0;
    store_params b = {.n = 0};
    store_param_text(&b, COUNTY_NAME);
    rc_t rc = store_one_int(d->c, "SELECT COUNT(*) FROM congresses WHERE name = ?", &b, &n, d->e);
    if (rc == RC_OK && n > 0)
        rc = err_set(d->e, RC_CONFLICT, NULL, "demo data is already loaded");
    return rc;
}

/* load — everything, inside the caller's transaction: the records of the setup (the
 * day before the 16th term), the plan, then its playing. */
static rc_t load(demo *d, const char *pw) {
    date_clock_hold((time_t)demo_at(d, d->term[0].t.start - 1, 0));
    rc_t rc = already_loaded(d);
    if (rc == RC_OK)
        rc = account(d, "admin", "admin", 0, 0, 0, NULL, pw, &d->admin);
    if (rc == RC_OK)
        rc = demo_people(d);
    if (rc == RC_OK)
        rc = accounts(d, pw);
    if (rc)
        return rc;
    read_settings(d);
    rc = demo_calendar(d);
    if (rc == RC_OK)
        rc = demo_meetings(d);
    if (rc == RC_OK)
        rc = demo_proposals(d);
    if (rc == RC_OK)
        rc = demo_petitions(d);
    if (rc == RC_OK)
        rc = demo_receptions(d);
    if (rc == RC_OK)
        rc = demo_people_between(d);
    if (rc == RC_OK)
        rc = demo_open(d);
    if (rc == RC_OK)
        rc = demo_meetings_steps(d);
    if (rc == RC_OK)
        rc = demo_registers(d);
    if (rc == RC_OK)
        rc = demo_play(d);
    if (rc == RC_OK)
        rc = demo_votes(d);
    return rc;
}

rc_t demo_load(store_conn *c, const char *password, long long *congress_id, err *e) {
    return demo_load_at(c, password, (long long)time(NULL), congress_id, e);
}

#define SECONDS_PER_MINUTE 60
#define SECONDS_PER_DAY 86400

/* build_at — the whole load, on c. */
static rc_t build_at(store_conn *c, const char *password, long long now, long long *congress_id,
                     err *e) {
    demo_term terms[DEMO_TERMS_MAX];
    demo *d = calloc(1, sizeof *d);
    if (!d)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    d->c = c;
    d->e = e;
    d->rng = DEMO_SEED;
    d->now = now;
    d->utc_offset = (int)settings_get(c, 0, "utc_offset_minutes");
    d->today = (date_t)((now + (long long)d->utc_offset * SECONDS_PER_MINUTE) / SECONDS_PER_DAY);
    d->nterms = demo_terms(d->today, terms, DEMO_TERMS_MAX);
    d->term = d->nterms ? calloc((size_t)d->nterms, sizeof *d->term) : NULL;
    d->titles = calloc(TITLES_MAX, TITLE_BYTES);
    d->titles_cap = TITLES_MAX;
    rc_t rc = RC_OK;
    if (!d->nterms) {
        char t[11];
        date_format(d->today, t);
        rc = err_set(e, RC_INVALID, NULL,
                     "the demo cannot be loaded on %s: its history runs "
                     "from %s, and it knows %d terms",
                     t, TERM_FIRST_START, DEMO_TERMS_MAX);
    } else if (!d->term || !d->titles) {
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    for (int i = 0; rc == RC_OK && i < d->nterms; i++)
        d->term[i].t = terms[i];
    if (rc == RC_OK)
        rc = store_begin_whole(c, e);
    if (rc == RC_OK) {
        rc = load(d, password);
        if (rc == RC_OK)
            rc = store_commit(c, e);
        if (rc)
            store_rollback(c);
    }
    date_clock_hold(0);
    if (rc == RC_OK && congress_id)
        *congress_id = d->county;
    demo_plan_free(d);
    demo_registers_free(d);
    demo_meetings_free(d);
    demo_people_free(d);
    free(d->cal);
    free(d->titles);
    free(d->term);
    free(d);
    return rc;
}

/* ---- where it is built -------------------------------------------------------------------- */

#define SCRATCH_NAME "renda-demo-XXXXXX"
#define SCRATCH_PATH_MAX 512

static void scratch_remove(const char *path) {
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[SCRATCH_PATH_MAX + 16];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        unlink(p);
    }
}

/* copy_over — to := from, in a write transaction of to's own (all or nothing). */
static rc_t copy_over(store_conn *from, store_conn *to, err *e) {
    rc_t rc = store_begin_whole(to, e);
    if (rc)
        return rc;
    rc = store_begin(from, false, e);
    if (rc == RC_OK) {
        rc = store_copy(from, to, e);
        store_rollback(from); /* it was only read */
    }
    if (rc == RC_OK)
        rc = store_commit(to, e);
    if (rc)
        store_rollback(to);
    return rc;
}

rc_t demo_load_at(store_conn *c, const char *password, long long now, long long *congress_id,
                  err *e) {
    /* SQLite's steps cost no round trips: built in place it is as fast, with one copy
     * less */
    if (store_conn_kind(c) == STORE_SQLITE)
        return build_at(c, password, now, congress_id, e);
    const char *dir = getenv("TMPDIR");
    char path[SCRATCH_PATH_MAX];
    snprintf(path, sizeof path, "%s/" SCRATCH_NAME, dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(e, RC_INTERNAL, NULL, "cannot make a scratch file for the demo in %s",
                       dir && *dir ? dir : "/tmp");
    close(fd);
    store *s = NULL;
    store_conn *sc = NULL;
    int applied = 0;
    rc_t rc = store_open(path, &s, e);
    if (rc == RC_OK)
        rc = store_connect(s, &sc, e);
    /* a scratch copy: nothing in it needs to survive a crash */
    if (rc == RC_OK)
        rc = store_exec(sc, "PRAGMA synchronous = OFF", e);
    if (rc == RC_OK)
        rc = store_migrate(sc, &applied, e);
    if (rc == RC_OK)
        rc = copy_over(c, sc, e); /* what the database holds already (its audit trail) */
    if (rc == RC_OK)
        rc = build_at(sc, password, now, congress_id, e);
    if (rc == RC_OK)
        rc = copy_over(sc, c, e);
    store_disconnect(sc);
    store_close(s);
    scratch_remove(path);
    return rc;
}
