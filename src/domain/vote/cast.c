/* cast.c — ballots (vote_cast), the published receipts, watching live, and what keeps a
 * secret ballot secret (docs/votes.md):
 *   - that a voter voted is vote_voters.voted; what a ballot says is a vote_ballots row
 *     with a random key, no time and no voter; the voter's receipt is a vote_receipts row,
 *     random too, tied to neither;
 *   - the audit trail records "voted" for the voter, with nothing of the content;
 *   - on closing the ballots and receipts are rewritten in random order with new keys
 *     (vote_secret_shuffle), and the database's files scrubbed (vote_secret_scrub).
 * A named vote keeps each voter's last choice in their vote_voters row: it is public. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/log.h"
#include "domain/vote/vote_impl.h"

#define RECEIPT_CHARS 16
#define RECEIPT_MAX (RECEIPT_CHARS + RECEIPT_CHARS / 4 + 1)
#define CONTENT_MAX 16384

void vote_random_key(char out[VOTE_KEY_HEX]) {
    unsigned char raw[(VOTE_KEY_HEX - 1) / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, VOTE_KEY_HEX, raw, sizeof raw);
}

/* receipt_new — 16 characters of Crockford's base32 (80 random bits; no I L O U, so a
 * voter cannot misread it), in groups of four: "7KQ2-9XMP-4TDA-HC3R". */
static void receipt_new(char out[RECEIPT_MAX]) {
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    size_t j = 0;
    for (int i = 0; i < RECEIPT_CHARS; i++) {
        if (i && i % 4 == 0)
            out[j++] = '-';
        out[j++] = alphabet[randombytes_uniform(32)];
    }
    out[j] = '\0';
}

rc_t vote_tally_start(store_conn *c, const vote_event *v, vote_result *r, err *e) {
    int64_t ids[VOTE_CANDIDATES_MAX];
    char(*names)[VOTE_NAME_MAX] = calloc(VOTE_CANDIDATES_MAX, VOTE_NAME_MAX);
    const char *ptrs[VOTE_CANDIDATES_MAX];
    if (!names)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    int n = 0;
    rc_t rc = RC_OK;
    if (v->rule->candidates) {
        store_params p = {.n = 0};
        store_param_int(&p, v->id);
        store_stmt *st = NULL;
        rc = store_prepare_with(
            c, "SELECT id, name FROM vote_candidates WHERE vote_id = ? ORDER BY position", &p, &st,
            e);
        while (rc == RC_OK && store_next(st, &rc, e) && n < VOTE_CANDIDATES_MAX) {
            ids[n] = store_column_int(st, 0);
            snprintf(names[n], VOTE_NAME_MAX, "%s", store_column_text(st, 1));
            ptrs[n] = names[n];
            n++;
        }
        if (st)
            store_finish(st);
    }
    vote_base base = {.n = v->electorate_size,
                      .present = v->present_count,
                      .places = v->places,
                      .base_all = v->base_all,
                      .reject_overvote = v->reject_overvote};
    if (rc == RC_OK)
        vote_result_start(r, v->rule, &base, ids, ptrs, n);
    free(names);
    return rc;
}

/* ---- a ballot's content ------------------------------------------------------------------- */

/* ballot_content — the stored text of the caller's ballot: the option, or the marks of
 * every candidate ({"<id>":mark}, sorted; one left out is an abstention). RC_INVALID
 * naming choice, choices or choices.<id>. *content malloc'ed. */
static rc_t ballot_content(store_conn *c, const vote_event *v, const json_t *in, char **content,
                           err *e) {
    *content = NULL;
    if (!json_is_object(in))
        return err_set(e, RC_INVALID, "", "the request body must be a JSON object");
    if (!v->rule->candidates) {
        const char *choice = json_string_value(json_object_get(in, "choice"));
        if (vote_option_index(v->rule, choice) < 0) {
            char allowed[128] = "";
            for (int i = 0; v->rule->options[i]; i++)
                snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%s",
                         i ? ", " : "", v->rule->options[i]);
            return err_set(e, RC_INVALID, "choice", "choice must be one of: %s", allowed);
        }
        *content = strdup(choice);
        return *content ? RC_OK : err_set(e, RC_NOMEM, NULL, "out of memory");
    }
    const json_t *choices = json_object_get(in, "choices");
    if (!json_is_object(choices))
        return err_set(e, RC_INVALID, "choices",
                       "choices marks each candidate: {\"<candidate id>\": \"yes\"|\"no\"|"
                       "\"abstain\"}");
    vote_result *r = malloc(sizeof *r);
    if (!r)
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    rc_t rc = vote_tally_start(c, v, r, e);
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)choices, key, val) {
        bool known = false;
        for (int i = 0; rc == RC_OK && i < r->ncand; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)r->cand[i].id);
            known = known || strcmp(id, key) == 0;
        }
        const char *m = json_string_value(val);
        bool mark =
            m && (strcmp(m, "yes") == 0 || strcmp(m, "no") == 0 || strcmp(m, "abstain") == 0);
        char field[48];
        snprintf(field, sizeof field, "choices.%.30s", key);
        if (rc == RC_OK && !known)
            rc = err_set(e, RC_INVALID, field, "%s is not a candidate of this vote", key);
        else if (rc == RC_OK && !mark)
            rc = err_set(e, RC_INVALID, field, "a candidate is marked yes, no or abstain");
    }
    if (rc == RC_OK && v->reject_overvote && vote_ballot_overvotes(r, choices))
        rc = err_set(e, RC_INVALID, "choices",
                     "more yes than the %lld places: the ballot would be invalid",
                     (long long)v->places);
    json_t *canon = json_object();
    for (int i = 0; rc == RC_OK && i < r->ncand; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)r->cand[i].id);
        const char *m = json_string_value(json_object_get(choices, id));
        json_object_set_new(canon, id, json_string(m ? m : "abstain"));
    }
    if (rc == RC_OK)
        *content = json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS);
    if (rc == RC_OK && !*content)
        rc = err_set(e, RC_NOMEM, NULL, "out of memory");
    json_decref(canon);
    free(r);
    return rc;
}

/* ---- casting ------------------------------------------------------------------------------ */

/* who_casts — the caller's voter id, or why they may not cast (before the content is
 * looked at). */
static rc_t who_casts(store_conn *c, const principal *by, const vote_event *v, int64_t *voter,
                      err *e) {
    *voter = vote_voter_id(by, v);
    if (!*voter)
        return err_set(e, RC_FORBIDDEN, NULL,
                       strcmp(v->electorate, "committee") == 0
                           ? "only members of the standing committee vote on this question"
                           : "only deputies vote on this question");
    if (!vote_in_state(v, "open"))
        return err_set(e, RC_CONFLICT, "state", "the vote is %s, not open", v->state);
    store_params p = {.n = 0};
    store_param_int(&p, v->id);
    store_param_int(&p, *voter);
    int64_t present = -1;
    rc_t rc = store_one_int(c, "SELECT present FROM vote_voters WHERE vote_id = ? AND voter_id = ?",
                            &p, &present, e);
    if (rc == RC_OK && present < 0)
        rc = err_set(e, RC_FORBIDDEN, NULL, "you are not of this vote's electorate");
    else if (rc == RC_OK && present == 0)
        rc = err_set(e, RC_FORBIDDEN, NULL,
                     "you were not recorded present when the vote opened; ask the office");
    else if (rc == RC_OK && vote_is_paper(v))
        rc = err_set(e, RC_CONFLICT, "method", "this vote is cast on paper ballots");
    return rc;
}

/* lock_open — take the vote's row first (a closing in progress, which holds it, is waited
 * for), refuse when it is no longer open, and add `more` to its voted count. */
static rc_t lock_open(store_conn *c, int64_t vote_id, int more, err *e) {
    store_params p = {.n = 0};
    store_param_int(&p, more);
    store_param_int(&p, vote_id);
    int64_t changed = 0;
    rc_t rc = store_run(c,
                        "UPDATE vote_events SET voted_count = voted_count + ? "
                        "WHERE id = ? AND state = 'open'",
                        &p, &changed, e);
    if (rc == RC_OK && !changed)
        rc = err_set(e, RC_CONFLICT, "state", "the vote closed before the ballot arrived");
    return rc;
}

/* cast_secret — one secret ballot: the voter marked as voted (once only), the content
 * and a receipt in rows of their own, after lock_open. */
static rc_t cast_secret(store_conn *c, const vote_event *v, int64_t voter, const char *content,
                        char receipt[RECEIPT_MAX], err *e) {
    rc_t rc = lock_open(c, v->id, 1, e);
    if (rc)
        return rc;
    int64_t changed = 0;
    store_params p = {.n = 0};
    store_param_int(&p, v->id);
    store_param_int(&p, voter);
    if (rc == RC_OK)
        rc = store_run(c,
                       "UPDATE vote_voters SET voted = 1 WHERE vote_id = ? AND voter_id = ? "
                       "AND present = 1 AND voted = 0",
                       &p, &changed, e);
    if (rc == RC_OK && !changed)
        return err_set(e, RC_CONFLICT, "ballot",
                       "you have already voted: a secret ballot is final");
    char key[VOTE_KEY_HEX];
    vote_random_key(key);
    p.n = 0;
    store_param_text(&p, key);
    store_param_int(&p, v->id);
    store_param_text(&p, content);
    if (rc == RC_OK)
        rc = store_run(c, "INSERT INTO vote_ballots (key, vote_id, content) VALUES (?, ?, ?)", &p,
                       NULL, e);
    receipt_new(receipt);
    p.n = 0;
    store_param_text(&p, receipt);
    store_param_int(&p, v->id);
    if (rc == RC_OK)
        rc =
            store_run(c, "INSERT INTO vote_receipts (receipt, vote_id) VALUES (?, ?)", &p, NULL, e);
    return rc;
}

/* cast_named — a named ballot: the voter's choice, which a later one replaces. */
static rc_t cast_named(store_conn *c, const vote_event *v, int64_t voter, const char *content,
                       err *e) {
    rc_t rc = lock_open(c, v->id, 0, e); /* a recast counts once: recounted below */
    store_params p = {.n = 0};
    store_param_text(&p, content);
    store_param_int(&p, v->id);
    store_param_int(&p, voter);
    if (rc == RC_OK)
        rc = store_run(c,
                       "UPDATE vote_voters SET voted = 1, choice = ? WHERE vote_id = ? AND "
                       "voter_id = ? AND present = 1",
                       &p, NULL, e);
    p.n = 0;
    store_param_int(&p, v->id);
    store_param_int(&p, v->id);
    if (rc == RC_OK)
        rc = store_run(c,
                       "UPDATE vote_events SET voted_count = (SELECT COUNT(*) FROM vote_voters "
                       "WHERE vote_id = ? AND voted = 1) WHERE id = ?",
                       &p, NULL, e);
    return rc;
}

/* ---- group commit ------------------------------------------------------------------------
 *
 * A ballot is acknowledged only once it is durable (synchronous=FULL), and a durable
 * commit costs the disk a flush: ~100–1,000 a second, while a hall of 3,000 votes within
 * a second of the chair's "请表决". So ballots that arrive together commit together: the
 * first request to find no commit under way leads, takes every ballot queued (up to
 * BATCH_MAX) into one transaction, each ballot in a savepoint of its own (one refused
 * ballot does not undo the others), commits once, and wakes their requests; whoever
 * queued meanwhile goes in the next one. Alone, a ballot commits at once, as before.
 * docs/performance.md has the figures. */

#define BATCH_MAX 1024

typedef struct pending {
    const principal *by;
    const vote_event *v;
    const char *content;
    rc_t rc;
    err *e;
    char receipt[RECEIPT_MAX];
    int64_t voted;
    bool done;
    struct pending *next;
} pending;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_wake = PTHREAD_COND_INITIALIZER;
static pending *g_head, *g_tail;
static bool g_leading;

/* cast_one — one ballot, in a savepoint of the caller's transaction. */
static rc_t cast_one(store_conn *c, pending *p) {
    int depth = store_depth(c);
    rc_t rc = store_begin(c, true, p->e);
    int64_t voter = 0;
    if (rc == RC_OK)
        rc = who_casts(c, p->by, p->v, &voter, p->e);
    if (rc == RC_OK)
        rc = vote_is_secret(p->v) ? cast_secret(c, p->v, voter, p->content, p->receipt, p->e)
                                  : cast_named(c, p->v, voter, p->content, p->e);
    /* "voted", for the voter; a secret ballot's content never goes near the trail */
    json_t *after = vote_is_secret(p->v) ? NULL : json_pack("{s:s}", "choice", p->content);
    if (rc == RC_OK)
        rc = vote_audit(c, p->by, p->v, "voted", after, p->e);
    json_decref(after);
    store_params q = {.n = 0};
    store_param_int(&q, p->v->id);
    if (rc == RC_OK)
        rc = store_one_int(c, "SELECT voted_count FROM vote_events WHERE id = ?", &q, &p->voted,
                           p->e);
    if (rc == RC_OK)
        rc = store_commit(c, p->e);
    store_unwind(c, depth);
    return rc;
}

/* run_batch — the ballots of list in one transaction on c. */
static void run_batch(store_conn *c, pending *list) {
    err e;
    err_clear(&e);
    int depth = store_depth(c);
    rc_t rc = store_begin(c, true, &e);
    for (pending *p = list; rc == RC_OK && p; p = p->next)
        p->rc = cast_one(c, p);
    if (rc == RC_OK)
        rc = store_commit(c, &e);
    store_unwind(c, depth);
    for (pending *p = list; rc && p; p = p->next) {
        if (p->rc == RC_OK) { /* the commit failed: nothing of the batch is kept */
            p->rc = rc;
            *p->e = e;
        }
    }
}

/* commit_ballot — queue p and return once it is committed or refused. */
static void commit_ballot(store_conn *c, pending *p) {
    pthread_mutex_lock(&g_lock);
    if (g_tail)
        g_tail->next = p;
    else
        g_head = p;
    g_tail = p;
    while (!p->done) {
        if (g_leading) {
            pthread_cond_wait(&g_wake, &g_lock);
            continue;
        }
        g_leading = true;
        while (!p->done && g_head) {
            pending *list = g_head, *last = g_head;
            for (int n = 1; n < BATCH_MAX && last->next; n++)
                last = last->next;
            g_head = last->next;
            if (!g_head)
                g_tail = NULL;
            last->next = NULL;
            pthread_mutex_unlock(&g_lock);
            run_batch(c, list);
            pthread_mutex_lock(&g_lock);
            for (pending *q = list; q; q = q->next)
                q->done = true;
            pthread_cond_broadcast(&g_wake);
        }
        g_leading = false;
        pthread_cond_broadcast(&g_wake); /* whoever still waits leads the next batch */
    }
    pthread_mutex_unlock(&g_lock);
}

rc_t vote_cast(store_conn *c, const principal *by, int64_t id, const json_t *in, json_t **out,
               err *e) {
    vote_event v;
    rc_t rc = vote_load(c, by, id, &v, e);
    if (rc)
        return rc;
    int64_t voter = 0;
    char *content = NULL;
    /* who may cast, then what: checked before queueing (and again inside the batch) */
    rc = who_casts(c, by, &v, &voter, e);
    if (rc == RC_OK)
        rc = ballot_content(c, &v, in, &content, e);
    pending p = {.by = by, .v = &v, .content = content, .e = e};
    if (rc == RC_OK && store_depth(c) > 0) { /* inside a caller's transaction: no queue */
        rc = cast_one(c, &p);
    } else if (rc == RC_OK) {
        commit_ballot(c, &p);
        rc = p.rc;
    }
    free(content);
    if (rc == RC_OK) {
        v.voted_count = p.voted;
        json_t *live = vote_live_state(&v);
        vote_publish(id, "progress", live);
        json_decref(live);
        *out = json_pack("{s:b, s:I}", "ok", 1, "voted_count", (json_int_t)p.voted);
        if (vote_is_secret(&v))
            json_object_set_new(*out, "receipt", json_string(p.receipt));
    }
    sodium_memzero(p.receipt, sizeof p.receipt);
    vote_event_free(&v);
    return rc;
}

/* ---- after closing ------------------------------------------------------------------------ */

typedef struct {
    char **texts;
    size_t n, cap;
} text_list;

static rc_t collect_text(store_stmt *st, void *ctx, err *e) {
    text_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **t = realloc(l->texts, cap * sizeof *t);
        if (!t)
            return err_set(e, RC_NOMEM, NULL, "out of memory");
        l->texts = t;
        l->cap = cap;
    }
    const char *s = store_column_text(st, 0);
    l->texts[l->n] = strdup(s ? s : "");
    if (!l->texts[l->n])
        return err_set(e, RC_NOMEM, NULL, "out of memory");
    l->n++;
    return RC_OK;
}

static void text_list_free(text_list *l) {
    for (size_t i = 0; i < l->n; i++) {
        sodium_memzero(l->texts[i], strlen(l->texts[i]));
        free(l->texts[i]);
    }
    free(l->texts);
}

/* shuffle — Fisher–Yates with libsodium's uniform draw. */
static void shuffle(text_list *l) {
    for (size_t i = l->n; i > 1; i--) {
        size_t j = randombytes_uniform((uint32_t)i);
        char *t = l->texts[i - 1];
        l->texts[i - 1] = l->texts[j];
        l->texts[j] = t;
    }
}

rc_t vote_secret_shuffle(store_conn *c, int64_t vote_id, err *e) {
    text_list ballots = {0}, receipts = {0};
    store_params p = {.n = 0};
    store_param_int(&p, vote_id);
    rc_t rc = store_each(c, "SELECT content FROM vote_ballots WHERE vote_id = ?", &p, collect_text,
                         &ballots, e);
    if (rc == RC_OK)
        rc = store_each(c, "SELECT receipt FROM vote_receipts WHERE vote_id = ?", &p, collect_text,
                        &receipts, e);
    if (rc == RC_OK)
        rc = store_run(c, "DELETE FROM vote_ballots WHERE vote_id = ?", &p, NULL, e);
    if (rc == RC_OK)
        rc = store_run(c, "DELETE FROM vote_receipts WHERE vote_id = ?", &p, NULL, e);
    shuffle(&ballots);
    shuffle(&receipts);
    for (size_t i = 0; rc == RC_OK && i < ballots.n; i++) {
        char key[VOTE_KEY_HEX];
        vote_random_key(key);
        store_params q = {.n = 0};
        store_param_text(&q, key);
        store_param_int(&q, vote_id);
        store_param_text(&q, ballots.texts[i]);
        rc = store_run(c, "INSERT INTO vote_ballots (key, vote_id, content) VALUES (?, ?, ?)", &q,
                       NULL, e);
    }
    for (size_t i = 0; rc == RC_OK && i < receipts.n; i++) {
        store_params q = {.n = 0};
        store_param_text(&q, receipts.texts[i]);
        store_param_int(&q, vote_id);
        rc =
            store_run(c, "INSERT INTO vote_receipts (receipt, vote_id) VALUES (?, ?)", &q, NULL, e);
    }
    text_list_free(&ballots);
    text_list_free(&receipts);
    return rc;
}

void vote_secret_scrub(store_conn *c) {
    static const char *const tables[] = {VOTE_BALLOTS_TABLE, VOTE_RECEIPTS_TABLE, NULL};
    err e;
    err_clear(&e);
    if (store_scrub(c, tables, &e) != RC_OK)
        log_warn("after closing a secret vote the database files could not be scrubbed: %s "
                 "(docs/votes.md: run `renda` again or checkpoint by hand)",
                 e.message);
}

rc_t vote_receipts(store_conn *c, const principal *by, int64_t id, json_t **out, err *e) {
    vote_event v;
    rc_t rc = vote_load_readable(c, by, id, &v, e);
    if (rc)
        return rc;
    if (rc == RC_OK && (!vote_is_secret(&v) || vote_is_paper(&v)))
        rc = err_set(e, RC_CONFLICT, "mode",
                     "receipts are given with the electronic ballots of a secret vote");
    else if (rc == RC_OK && !vote_in_state(&v, "closed"))
        rc = err_set(e, RC_CONFLICT, "state", "the receipts are published when the vote closes");
    text_list ballots = {0}, receipts = {0};
    store_params p = {.n = 0};
    store_param_int(&p, id);
    /* by key and by receipt: both random, so neither order says anything */
    if (rc == RC_OK)
        rc = store_each(c, "SELECT content FROM vote_ballots WHERE vote_id = ? ORDER BY key", &p,
                        collect_text, &ballots, e);
    if (rc == RC_OK)
        rc = store_each(c, "SELECT receipt FROM vote_receipts WHERE vote_id = ? ORDER BY receipt",
                        &p, collect_text, &receipts, e);
    if (rc == RC_OK) {
        json_t *rl = json_array(), *bl = json_array();
        for (size_t i = 0; i < receipts.n; i++)
            json_array_append_new(rl, json_string(receipts.texts[i]));
        for (size_t i = 0; i < ballots.n; i++) {
            json_t *marks = v.rule->candidates ? json_loads(ballots.texts[i], 0, NULL) : NULL;
            json_array_append_new(bl, marks ? json_pack("{s:o}", "choices", marks)
                                            : json_pack("{s:s}", "choice", ballots.texts[i]));
        }
        *out = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)id, "receipts", rl, "ballots", bl);
    }
    text_list_free(&ballots);
    text_list_free(&receipts);
    vote_event_free(&v);
    return rc;
}

rc_t vote_watch(store_conn *c, const principal *by, int64_t id, char channel[VOTE_CHANNEL_MAX],
                json_t **state, err *e) {
    vote_event v;
    rc_t rc = vote_load_readable(c, by, id, &v, e);
    if (rc)
        return rc;
    if (rc == RC_OK && vote_in_state(&v, "draft")) /* the size it would have, as the record */
        rc = vote_electorate_now(c, &v, &v.electorate_size, e);
    if (rc == RC_OK) {
        snprintf(channel, VOTE_CHANNEL_MAX, "vote:%lld", (long long)id);
        *state = vote_live_state(&v);
        if (vote_in_state(&v, "closed") && v.result)
            json_object_set_new(*state, "result", json_loads(v.result, 0, NULL));
    }
    vote_event_free(&v);
    return rc;
}
