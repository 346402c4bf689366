/* numbers.c — the number a case is cited by (第N号) and the term a day falls in.
 *
 * A case is numbered when it is accepted (立案), or when staff register it for a kind
 * registered by the office (letters and visits, voters' opinions: 登记), with the next
 * value of its sequence,
 * one per congress, kind (and the kind's group: 议案 and 建议 apart) and year or term
 * (setting case_number_scope). The sequence row is taken with an UPDATE inside the
 * action's write transaction, so concurrent accepts on PostgreSQL queue on that row and
 * SQLite's writers are serial: no two cases get one number, and since the sequence
 * only grows, no number is used twice. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"
#include "domain/settings.h"

#define SEQUENCE_MAX 96
#define NUMBER_MAX 96
#define GROUP_MAX 32

enum { NUMBER_PER_YEAR = 1, NUMBER_PER_TERM = 2 };

rc_t case_term_at(store_conn *c, int64_t congress_id, date_t day, int64_t *term_id,
                  int64_t *term_number, err *e) {
    char d[11];
    date_format(day, d);
    *term_id = 0;
    if (term_number)
        *term_number = 0;
    store_params b = {.n = 0};
    store_param_int(&b, congress_id);
    store_param_text(&b, d);
    store_param_text(&b, d);
    store_stmt *st = NULL;
    rc_t rc = store_prepare_with(c,
                                 "SELECT id, number FROM terms WHERE congress_id = ? AND "
                                 "start_on <= ? AND (end_on IS NULL OR end_on >= ?) "
                                 "ORDER BY start_on DESC LIMIT 1",
                                 &b, &st, e);
    if (rc == RC_OK && store_next(st, &rc, e)) {
        *term_id = store_column_int(st, 0);
        if (term_number)
            *term_number = store_column_int(st, 1);
    }
    store_finish(st);
    return rc;
}

/* group_of — the case's value of the kind's number group (a proposal's kind) and its
 * label, or the kind's own name and number label. */
static rc_t group_of(store_conn *c, const case_kind *k, int64_t id, char *group, size_t cap,
                     const char **label, err *e) {
    snprintf(group, cap, "%s", k->name);
    *label = k->number_zh ? k->number_zh : k->label_zh;
    const field_def *f = NULL;
    for (int i = 0; k->number_group && i < k->nfields && !f; i++)
        if (strcmp(k->fields[i].name, k->number_group) == 0)
            f = &k->fields[i];
    if (!f)
        return RC_OK;
    char sql[160], v[GROUP_MAX] = "";
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE case_id = ?", f->name, k->plural);
    store_params b = {.n = 0};
    store_param_int(&b, id);
    rc_t rc = store_one_text(c, sql, &b, v, sizeof v, NULL, e);
    if (rc == RC_OK && v[0]) {
        snprintf(group, cap, "%s/%s", k->name, v);
        for (const enum_value *x = f->values; x && x->id; x++)
            if (strcmp(x->id, v) == 0)
                *label = x->zh;
    }
    return rc;
}

rc_t case_number_assign(store_conn *c, const case_kind *k, int64_t congress_id, int64_t id,
                        date_t day, err *e) {
    char have[NUMBER_MAX] = "", group[GROUP_MAX * 2], seq[SEQUENCE_MAX], number[NUMBER_MAX];
    store_params b = {.n = 0};
    store_param_int(&b, id);
    rc_t rc = store_one_text(c, "SELECT COALESCE(number, '') FROM cases WHERE id = ?", &b, have,
                             sizeof have, NULL, e);
    if (rc || have[0])
        return rc; /* numbered once, for good */
    const char *label = NULL;
    rc = group_of(c, k, id, group, sizeof group, &label, e);
    if (rc)
        return rc;
    int y = 0, m = 0, d = 0;
    date_to_ymd(day, &y, &m, &d);
    int64_t term_id = 0, term_number = 0;
    if (settings_get(c, congress_id, "case_number_scope") == NUMBER_PER_TERM)
        rc = case_term_at(c, congress_id, day, &term_id, &term_number, e);
    if (rc)
        return rc;
    /* per term when the day falls in one; a day outside every term numbers by its year */
    if (term_id)
        snprintf(seq, sizeof seq, "%s:term%lld", group, (long long)term_id);
    else
        snprintf(seq, sizeof seq, "%s:%04d", group, y);
    store_params s = {.n = 0};
    store_param_int(&s, congress_id);
    store_param_text(&s, seq);
    rc = store_run(c,
                   "INSERT INTO case_numbers (congress_id, sequence, last) VALUES (?, ?, 0) "
                   "ON CONFLICT (congress_id, sequence) DO NOTHING",
                   &s, NULL, e);
    if (rc == RC_OK)
        rc = store_run(c,
                       "UPDATE case_numbers SET last = last + 1 WHERE congress_id = ? AND "
                       "sequence = ?",
                       &s, NULL, e);
    int64_t n = 0;
    if (rc == RC_OK)
        rc = store_one_int(
            c, "SELECT last FROM case_numbers WHERE congress_id = ? AND sequence = ?", &s, &n, e);
    if (rc)
        return rc;
    if (term_id)
        snprintf(number, sizeof number, "%s第%lld届%lld号", label, (long long)term_number,
                 (long long)n);
    else
        snprintf(number, sizeof number, "%s〔%04d〕%lld号", label, y, (long long)n);
    store_params u = {.n = 0};
    store_param_text(&u, number);
    store_param_int(&u, id);
    return store_run(c, "UPDATE cases SET number = ? WHERE id = ?", &u, NULL, e);
}
