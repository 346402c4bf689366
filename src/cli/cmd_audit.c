/* cmd_audit.c — `renda audit verify|checkpoint|rotate-key`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/audit_checkpoint.h"
#include "cli/cli.h"
#include "domain/verify.h"

static const char *const AUDIT_USAGE =
    "usage: renda audit verify --db DB\n"
    "       renda audit checkpoint --db DB\n"
    "       renda audit rotate-key --db DB\n"
    "  (each also takes --audit-key PATH and --audit-witness PATH)\n"
    "\n"
    "  verify      Checks the audit trail's keyed hash chain (HMAC-SM3 under the audit\n"
    "              key), every checkpoint in the witness file (its SM2 signature, and\n"
    "              that the trail still holds the entry it signed: a truncated or\n"
    "              rewritten trail fails), and that every record's current row equals\n"
    "              the after of its newest audit entry. Exit 0 when all hold; exit 1\n"
    "              naming the first bad entry or checkpoint and each record changed,\n"
    "              inserted or deleted behind the trail (the first 100, and how many).\n"
    "  checkpoint  Signs the newest entry now, appends the line to the witness file\n"
    "              and prints it: keep a copy elsewhere.\n"
    "  rotate-key  Adds a new key to the audit key file and moves the trail to it\n"
    "              with a rotation entry keyed by both keys. Keep every key: verify\n"
    "              needs each key the trail used.\n";

/* chain — the hash chain; prints the outcome. */
static bool chain(store_conn *c) {
    int64_t checked = 0, bad = 0;
    err e;
    rc_t rc = audit_verify(c, &checked, &bad, &e);
    if (rc == RC_INVALID) {
        fprintf(stderr, "renda audit: FAILED at entry %lld: %s\n", (long long)bad, e.message);
        return false;
    }
    if (rc) {
        cli_error("audit", &e);
        return false;
    }
    printf("audit trail intact: %lld entries verified\n", (long long)checked);
    return true;
}

/* witness — the checkpoints; prints the outcome. A missing witness is a warning. */
static bool witness(store_conn *c) {
    audit_witness_report r;
    err e;
    rc_t rc = audit_witness_verify(c, &r, &e);
    if (rc == RC_NOT_FOUND) {
        fprintf(stderr,
                "renda audit: warning: no witness file at %s: removal of the newest "
                "entries cannot be detected (name a copy with --audit-witness PATH)\n",
                audit_witness_path()[0] ? audit_witness_path() : "(none named)");
        return true;
    }
    if (rc) {
        fprintf(stderr, "renda audit: checkpoint FAILED: %s\n", e.message);
        return false;
    }
    if (r.lines)
        printf("checkpoints verified: %lld (newest: entry %lld, signed %s)\n", (long long)r.lines,
               (long long)r.newest_id, r.newest_at);
    else
        printf("checkpoints verified: none yet in %s\n", audit_witness_path());
    return true;
}

/* records — every record against its newest entry; prints the outcome. */
static bool records(store_conn *c) {
    static verify_report r; /* large: not on the stack */
    err e;
    if (verify_records(c, &r, &e) != RC_OK) {
        cli_error("audit", &e);
        return false;
    }
    if (r.total == 0) {
        printf("records match the audit trail: %lld records checked\n", (long long)r.records);
        return true;
    }
    fprintf(stderr, "renda audit: %lld record%s changed behind the audit trail%s:\n",
            (long long)r.total, r.total == 1 ? "" : "s",
            r.total > r.n ? " (the first listed)" : "");
    for (int i = 0; i < r.n; i++) {
        const verify_finding *f = &r.items[i];
        fprintf(stderr, "  %s %lld: %s: ", f->collection, (long long)f->id,
                verify_problem_text(f->problem));
        switch (f->problem) {
        case VERIFY_CHANGED:
            fprintf(stderr, "%s differs from its newest audit entry, %lld\n", f->field,
                    (long long)f->entry_id);
            break;
        case VERIFY_UNRECORDED: fputs("it has no audit entry\n", stderr); break;
        case VERIFY_DELETED:
            fprintf(stderr, "its newest audit entry, %lld, is no delete\n", (long long)f->entry_id);
            break;
        case VERIFY_RESURRECTED:
            fprintf(stderr, "its newest audit entry, %lld, is a delete\n", (long long)f->entry_id);
            break;
        }
    }
    if (r.total > r.n)
        fprintf(stderr, "  … and %lld more\n", (long long)(r.total - r.n));
    return false;
}

static int verify(store_conn *c) {
    bool ok = chain(c);
    ok = witness(c) && ok;
    ok = records(c) && ok;
    return ok ? EXIT_OK : EXIT_FAIL;
}

static int checkpoint(store_conn *c) {
    char line[AUDIT_CHECKPOINT_LINE_MAX];
    err e;
    if (audit_checkpoint_write(c, line, &e) != RC_OK)
        return cli_error("audit", &e);
    puts(line);
    fprintf(stderr, "appended to %s\n", audit_witness_path());
    return EXIT_OK;
}

static int rotate(store_conn *c) {
    char old[AUDIT_KEY_ID_HEX], next[AUDIT_KEY_ID_HEX];
    audit_head h;
    err e;
    principal p = cli_principal();
    if (audit_head_read(c, &h, &e) != RC_OK)
        return cli_error("audit", &e);
    snprintf(old, sizeof old, "%s", h.key_id);
    /* The key is added to the file first: a crash before the rotation entry commits
     * leaves one unused key in it, and the trail under the old key. */
    if (audit_key_add(next, &e) != RC_OK || audit_rotate(c, &p, next, &e) != RC_OK)
        return cli_error("audit", &e);
    printf("audit key rotated: %s -> %s; %s holds both (keep every key)\n", old, next,
           cli_audit_key_path());
    char line[AUDIT_CHECKPOINT_LINE_MAX];
    if (audit_checkpoint_write(c, line, &e) != RC_OK)
        fprintf(stderr, "renda audit: warning: no checkpoint of the rotation: %s\n", e.message);
    else
        printf("%s\n", line);
    return EXIT_OK;
}

int cmd_audit(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    static const struct {
        const char *name;
        int (*fn)(store_conn *);
        bool writes;
    } subs[] = {
        {"verify", verify, false},
        {"checkpoint", checkpoint, false},
        {"rotate-key", rotate, true},
    };
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(AUDIT_USAGE, stdout);
        return EXIT_OK;
    }
    int sub = -1;
    for (int i = 0; argc >= 2 && i < (int)(sizeof subs / sizeof subs[0]); i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            sub = i;
    if (sub < 0)
        return cli_usage(AUDIT_USAGE);
    const char *db = NULL;
    int o;
    optind = 1;
    while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        if (o == 'd')
            db = optarg;
        else if (o == 'h') {
            fputs(AUDIT_USAGE, stdout);
            return EXIT_OK;
        } else
            return cli_usage(AUDIT_USAGE);
    }
    if (!db || optind != argc - 1)
        return cli_usage(AUDIT_USAGE);
    cli_set_writes(subs[sub].writes);
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    int rc = subs[sub].fn(c);
    cli_close(s, c);
    return rc;
}
