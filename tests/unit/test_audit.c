/* test_audit.c — the keyed audit chain, checkpoints and the records check (SQLite):
 * entries written before the key verify as plain SM3 and keyed ones with HMAC-SM3;
 * a forged entry with every later hash recomputed fails, with plain SM3 and with a
 * wrong key; rotation keeps the chain verifiable; truncation after a checkpoint
 * fails; a direct UPDATE is found; in the plain chain a changed, deleted or inserted
 * entry is found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "auth/audit.h"
#include "auth/audit_checkpoint.h"
#include "auth/audit_key.h"
#include "domain/verify.h"

typedef struct {
    char dir[64], db[96], key[96], witness[96];
    store *s;
    store_conn *c;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    err e;
    snprintf(f->dir, sizeof f->dir, "/tmp/renda-test-audit-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/t.audit-key", f->dir);
    snprintf(f->witness, sizeof f->witness, "%s/t.audit-witness", f->dir);
    assert_int_equal(store_open(f->db, &f->s, &e), RC_OK);
    assert_int_equal(store_connect(f->s, &f->c, &e), RC_OK);
    assert_int_equal(store_migrate(f->c, NULL, &e), RC_OK);
    assert_int_equal(store_exec(f->c,
                                "INSERT INTO congresses (name, level, created_at, updated_at) "
                                "VALUES ('常山县人民代表大会', 'county', 'x', 'x')",
                                &e),
                     RC_OK);
    audit_witness_set(f->witness);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    char cmd[160];
    store_disconnect(f->c);
    store_close(f->s);
    audit_key_forget();
    audit_witness_set(NULL);
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void load_key(fixture *f) {
    bool made = false, signer = false;
    err e;
    assert_int_equal(audit_key_create(f->key, &made, &e), RC_OK);
    assert_true(made);
    assert_int_equal(audit_key_load(f->key, &e), RC_OK);
    assert_int_equal(audit_sign_key_create(&signer, &e), RC_OK);
    assert_true(signer);
}

static void append(fixture *f, int n) {
    err e;
    for (int i = 0; i < n; i++) {
        char after[64];
        snprintf(after, sizeof after, "{\"name\":\"单位%d\"}", i);
        assert_int_equal(store_begin(f->c, true, &e), RC_OK);
        assert_int_equal(audit_append(f->c, NULL, 1, "create", "units", i + 1, NULL, after, &e),
                         RC_OK);
        assert_int_equal(store_commit(f->c, &e), RC_OK);
    }
}

static int64_t verify_bad(fixture *f) {
    int64_t checked = 0, bad = 0;
    err e;
    rc_t rc = audit_verify(f->c, &checked, &bad, &e);
    return rc == RC_OK ? 0 : bad;
}

static void run(fixture *f, const char *sql) {
    err e;
    assert_int_equal(store_exec(f->c, sql, &e), RC_OK);
}

/* ---- an attacker's recomputation (the encoding of audit.c, on purpose repeated) ---- */

static void feed(EVP_MD_CTX *md, EVP_MAC_CTX *mac, const char *s, size_t n) {
    if (mac)
        EVP_MAC_update(mac, (const unsigned char *)s, n);
    else
        EVP_DigestUpdate(md, s, n);
}

/* forged_hash — SM3 (key NULL) over the first 10 fields, or HMAC-SM3 over all 12. */
static void forged_hash(const char *prev, const char *const *fields, const unsigned char *key,
                        char out[AUDIT_HASH_HEX]) {
    EVP_MD_CTX *md = NULL;
    EVP_MAC_CTX *mac = NULL;
    EVP_MAC *hmac = NULL;
    if (key) {
        char digest[] = "SM3";
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
        hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
        mac = EVP_MAC_CTX_new(hmac);
        assert_int_equal(EVP_MAC_init(mac, key, AUDIT_KEY_BYTES, params), 1);
    } else {
        md = EVP_MD_CTX_new();
        assert_int_equal(EVP_DigestInit_ex(md, EVP_sm3(), NULL), 1);
    }
    feed(md, mac, prev, strlen(prev));
    for (int i = 0; i < (key ? 12 : 10); i++) {
        char len[24];
        int n =
            snprintf(len, sizeof len, "|%lld:", fields[i] ? (long long)strlen(fields[i]) : -1LL);
        feed(md, mac, len, (size_t)n);
        if (fields[i])
            feed(md, mac, fields[i], strlen(fields[i]));
    }
    unsigned char d[EVP_MAX_MD_SIZE];
    size_t dn = 0;
    unsigned int un = 0;
    if (mac)
        assert_int_equal(EVP_MAC_final(mac, d, &dn, sizeof d), 1);
    else
        assert_int_equal(EVP_DigestFinal_ex(md, d, &un), 1);
    sodium_bin2hex(out, AUDIT_HASH_HEX, d, mac ? dn : un);
    EVP_MAC_CTX_free(mac);
    EVP_MAC_free(hmac);
    EVP_MD_CTX_free(md);
}

/* forge — set entry `from`'s after to `after`, then recompute it and every later hash
 * with key (NULL: plain SM3), keeping each entry's alg and key_id. */
static void forge(fixture *f, int64_t from, const char *after, const unsigned char *key) {
    err e;
    store_stmt *st = NULL;
    store_params p = {.n = 0};
    store_param_text(&p, after);
    store_param_int(&p, from);
    assert_int_equal(store_run(f->c, "UPDATE audit SET after = ? WHERE id = ?", &p, NULL, &e),
                     RC_OK);
    char prev[AUDIT_HASH_HEX] = "";
    int64_t n = 0;
    assert_int_equal(store_one_int(f->c, "SELECT MAX(id) FROM audit", NULL, &n, &e), RC_OK);
    store_params q = {.n = 0};
    store_param_int(&q, from);
    assert_int_equal(store_one_text(f->c, "SELECT prev_hash FROM audit WHERE id = ?", &q, prev,
                                    sizeof prev, NULL, &e),
                     RC_OK);
    for (int64_t id = from; id <= n; id++) {
        char hash[AUDIT_HASH_HEX], *fields[12];
        store_params r = {.n = 0};
        store_param_int(&r, id);
        assert_int_equal(store_prepare_with(f->c,
                                            "SELECT id, at, user_id, login, congress_id, action, "
                                            "collection, record_id, before, after, alg, key_id "
                                            "FROM audit WHERE id = ?",
                                            &r, &st, &e),
                         RC_OK);
        rc_t rc = RC_OK;
        assert_true(store_next(st, &rc, &e));
        for (int i = 0; i < 12; i++)
            fields[i] = store_column_text(st, i) ? strdup(store_column_text(st, i)) : NULL;
        store_finish(st);
        forged_hash(prev, (const char *const *)fields, key, hash);
        for (int i = 0; i < 12; i++)
            free(fields[i]);
        store_params w = {.n = 0};
        store_param_text(&w, prev);
        store_param_text(&w, hash);
        store_param_int(&w, id);
        assert_int_equal(
            store_run(f->c, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", &w, NULL, &e),
            RC_OK);
        snprintf(prev, sizeof prev, "%s", hash);
    }
}

/* ---- tests --------------------------------------------------------------------------- */

static void test_plain_entries_then_keyed(void **state) {
    fixture *f = *state;
    append(f, 3); /* before the key: plain SM3, as today's databases */
    load_key(f);
    bool written = false;
    err e;
    assert_int_equal(audit_establish(f->c, NULL, &written, &e), RC_OK);
    assert_true(written);
    append(f, 3);
    assert_int_equal(verify_bad(f), 0);
    int64_t keyed = 0;
    assert_int_equal(
        store_one_int(f->c, "SELECT COUNT(*) FROM audit WHERE alg = 'hmac-sm3'", NULL, &keyed, &e),
        RC_OK);
    assert_int_equal(keyed, 4);
    /* an unkeyed entry after keyed ones, correctly chained with plain SM3: a forgery */
    run(f, "UPDATE audit SET alg = 'sm3', key_id = NULL WHERE id = 7");
    forge(f, 7, "{\"name\":\"单位2\"}", NULL);
    assert_int_equal(verify_bad(f), 7);
}

static void test_appending_refuses_without_the_key(void **state) {
    fixture *f = *state;
    load_key(f);
    append(f, 2);
    audit_key_forget();
    err e;
    assert_int_equal(store_begin(f->c, true, &e), RC_OK);
    assert_int_equal(audit_append(f->c, NULL, 1, "create", "units", 9, NULL, "{}", &e),
                     RC_UNAVAILABLE);
    assert_non_null(strstr(e.message, "--audit-key"));
    store_rollback(f->c);
}

static void test_forge_and_recompute(void **state) {
    fixture *f = *state;
    load_key(f);
    append(f, 6);
    assert_int_equal(verify_bad(f), 0);
    forge(f, 3, "{\"name\":\"伪造\"}", NULL);
    assert_int_equal(verify_bad(f), 3);
    unsigned char wrong[AUDIT_KEY_BYTES];
    randombytes_buf(wrong, sizeof wrong);
    forge(f, 3, "{\"name\":\"伪造\"}", wrong);
    assert_int_equal(verify_bad(f), 3);
}

static void test_rotation(void **state) {
    fixture *f = *state;
    load_key(f);
    append(f, 2);
    char old[AUDIT_KEY_ID_HEX], next[AUDIT_KEY_ID_HEX];
    err e;
    assert_true(audit_key_newest(old));
    assert_int_equal(audit_key_add(next, &e), RC_OK);
    assert_string_not_equal(old, next);
    assert_int_equal(audit_rotate(f->c, NULL, next, &e), RC_OK);
    append(f, 2);
    assert_int_equal(verify_bad(f), 0);
    audit_head h;
    assert_int_equal(audit_head_read(f->c, &h, &e), RC_OK);
    assert_string_equal(h.key_id, next);
    /* the key file keeps both keys, mode 0600 */
    struct stat sb;
    assert_int_equal(stat(f->key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    audit_key_forget();
    assert_int_equal(audit_key_load(f->key, &e), RC_OK);
    assert_int_equal(verify_bad(f), 0);
    /* an entry changing the key without being a rotation entry */
    store_params p = {.n = 0};
    store_param_text(&p, old);
    assert_int_equal(store_run(f->c, "UPDATE audit SET key_id = ? WHERE id = 5", &p, NULL, &e),
                     RC_OK);
    assert_int_equal(verify_bad(f), 5);
}

static void test_key_file_mode(void **state) {
    fixture *f = *state;
    load_key(f);
    err e;
    assert_int_equal(chmod(f->key, 0640), 0);
    assert_int_equal(audit_key_load(f->key, &e), RC_INVALID);
    assert_non_null(strstr(e.message, "chmod 600"));
}

static void test_checkpoint_and_truncation(void **state) {
    fixture *f = *state;
    load_key(f);
    append(f, 5);
    char line[AUDIT_CHECKPOINT_LINE_MAX];
    err e;
    audit_witness_report r;
    assert_int_equal(audit_checkpoint_write(f->c, line, &e), RC_OK);
    assert_true(strncmp(line, "5 ", 2) == 0);
    assert_int_equal(audit_witness_verify(f->c, &r, &e), RC_OK);
    assert_int_equal(r.lines, 1);
    assert_int_equal(r.newest_id, 5);
    /* inside a transaction: never */
    assert_int_equal(store_begin(f->c, true, &e), RC_OK);
    assert_int_equal(audit_checkpoint_write(f->c, line, &e), RC_INTERNAL);
    store_rollback(f->c);
    run(f, "DELETE FROM audit WHERE id > 3");
    assert_int_equal(verify_bad(f), 0); /* what is left is a consistent chain */
    assert_int_equal(audit_witness_verify(f->c, &r, &e), RC_INVALID);
    assert_non_null(strstr(e.message, "truncated"));
    assert_int_equal(r.bad_line, 1);
}

static void test_checkpoint_when_due(void **state) {
    fixture *f = *state;
    load_key(f);
    bool written = false;
    err e;
    append(f, 1);
    assert_int_equal(audit_checkpoint_if_due(f->c, 3, 60, &written, &e), RC_OK);
    assert_true(written); /* the first: nothing was signed yet */
    append(f, 2);
    assert_int_equal(audit_checkpoint_if_due(f->c, 3, 60, &written, &e), RC_OK);
    assert_false(written);
    append(f, 1);
    assert_int_equal(audit_checkpoint_if_due(f->c, 3, 60, &written, &e), RC_OK);
    assert_true(written);
    audit_witness_report r;
    assert_int_equal(audit_witness_verify(f->c, &r, &e), RC_OK);
    assert_int_equal(r.lines, 2);
    assert_int_equal(r.newest_id, 4);
}

static void test_records_check(void **state) {
    fixture *f = *state;
    load_key(f);
    err e;
    static verify_report r;
    run(f, "INSERT INTO units (congress_id, name, kind, created_at, updated_at) "
           "VALUES (1, '县教育局', 'department', 'x', 'x')");
    assert_int_equal(verify_records(f->c, &r, &e), RC_OK);
    assert_int_equal(r.total, 2); /* the congress and the unit: no entries */
    assert_int_equal(store_begin(f->c, true, &e), RC_OK);
    assert_int_equal(verify_adopt(f->c, "congresses", 1, &e), RC_OK);
    assert_int_equal(verify_adopt(f->c, "units", 1, &e), RC_OK);
    assert_int_equal(store_commit(f->c, &e), RC_OK);
    assert_int_equal(verify_records(f->c, &r, &e), RC_OK);
    assert_int_equal(r.total, 0);
    assert_int_equal(r.records, 2);
    run(f, "UPDATE units SET name = '县教育局（改）' WHERE id = 1");
    assert_int_equal(verify_records(f->c, &r, &e), RC_OK);
    assert_int_equal(r.total, 1);
    assert_string_equal(r.items[0].collection, "units");
    assert_int_equal(r.items[0].id, 1);
    assert_int_equal(r.items[0].problem, VERIFY_CHANGED);
    assert_string_equal(r.items[0].field, "name");
    assert_int_equal(verify_bad(f), 0);
}

/* ---- the plain chain: a changed, deleted or inserted entry is found ---- */

static void expect_broken(fixture *f, const char *tamper, int64_t want_bad) {
    err e;
    int64_t checked = 0, bad = 0;
    assert_int_equal(store_exec(f->c, tamper, &e), RC_OK);
    assert_int_equal(audit_verify(f->c, &checked, &bad, &e), RC_INVALID);
    assert_int_equal(bad, want_bad);
}

static void test_audit_chain(void **state) {
    fixture *f = *state;
    err e;
    int64_t checked = 0, bad = 0;
    append(f, 5);
    assert_int_equal(audit_verify(f->c, &checked, &bad, &e), RC_OK);
    assert_int_equal(checked, 5);
    expect_broken(f, "UPDATE audit SET after = '{\"name\":\"改\"}' WHERE id = 3", 3);
}

static void test_audit_delete_and_insert(void **state) {
    fixture *f = *state;
    append(f, 5);
    expect_broken(f, "DELETE FROM audit WHERE id = 2", 3);
}

static void test_audit_forged_insert(void **state) {
    fixture *f = *state;
    append(f, 3);
    /* renumber to make room, then forge entry 2 with a made-up hash */
    expect_broken(f,
                  "UPDATE audit SET id = id + 10 WHERE id >= 2; "
                  "INSERT INTO audit (id, at, user_id, login, action, collection, record_id, "
                  "prev_hash, hash) VALUES (2, 'x', 0, 'cli', 'create', 'units', 9, 'p', 'h')",
                  2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_entries_then_keyed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appending_refuses_without_the_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forge_and_recompute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_file_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkpoint_and_truncation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkpoint_when_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_delete_and_insert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_forged_insert, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
