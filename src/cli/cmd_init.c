/* cmd_init.c — `renda init`: the schema, the audit key, and the demo data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/demo.h"
#include "domain/user.h"

static const char *const INIT_USAGE =
    "usage: renda init --db DB [--demo] [--audit-key PATH] [--audit-witness PATH]\n"
    "  Creates the schema, or applies the migrations it lacks (never twice), and the\n"
    "  audit key (mode 0600) with the checkpoint signing key pair beside it, when\n"
    "  missing: PATH, default DB.audit-key for SQLite (PostgreSQL: --audit-key or\n"
    "  RENDA_AUDIT_KEY is required). Keep them out of the database's backups.\n"
    "  --demo  also loads the demo data (Changshan County People's Congress, 16th term)\n"
    "          and demo accounts admin, office, member, deputy and unit, each with the\n"
    "          password given by RENDA_DEMO_PASSWORD (default: renda-demo).\n";

/* Demo accounts: one per role, linked to the first deputy/unit of the county. */
static int demo_accounts(store_conn *c, long long congress) {
    const char *pw = getenv("RENDA_DEMO_PASSWORD");
    if (!pw || !*pw)
        pw = "renda-demo";
    int64_t deputy = 0, unit = 0;
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", congress);
    const char *params[] = {cid};
    err e;
    store_query_int(c, "SELECT MIN(id) FROM deputies WHERE congress_id = ? AND level = 'county'",
                    &deputy, &e, 1, params);
    store_query_int(c, "SELECT MIN(id) FROM units WHERE congress_id = ? AND kind = 'department'",
                    &unit, &e, 1, params);
    const user_spec users[] = {
        {"admin", "admin", 0, 0, 0, "系统管理员", pw},
        {"office", "staff", congress, 0, 0, "县人大常委会办公室", pw},
        {"member", "member", congress, 0, 0, "常委会委员", pw},
        {"deputy", "deputy", congress, deputy, 0, "县人大代表", pw},
        {"unit", "unit", congress, 0, unit, "承办单位", pw},
    };
    principal p = cli_principal();
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        if (user_add(c, &p, &users[i], NULL, &e) != RC_OK)
            return cli_error("init", &e);
    }
    printf("demo accounts: admin, office (staff), member, deputy, unit; password: %s\n", pw);
    return EXIT_OK;
}

int cmd_init(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"demo", no_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    bool demo = false;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'd')
            db = optarg;
        else if (o == 'm')
            demo = true;
        else if (o == 'h') {
            fputs(INIT_USAGE, stdout);
            return EXIT_OK;
        } else
            return cli_usage(INIT_USAGE);
    }
    if (!db || optind != argc)
        return cli_usage(INIT_USAGE);
    store *s;
    store_conn *c;
    if (cli_open(db, false, &s, &c))
        return EXIT_FAIL;
    err e;
    int applied = 0, rc = cli_audit_keys();
    if (rc)
        goto done;
    if (store_migrate(c, &applied, &e) != RC_OK) {
        rc = cli_error("init", &e);
        goto done;
    }
    printf("%s: %d migration%s applied\n", db, applied, applied == 1 ? "" : "s");
    rc = cli_audit_establish(c, db);
    if (rc)
        goto done;
    cli_set_writes(true); /* cli_close signs the first checkpoint */
    if (demo) {
        long long congress = 0;
        if (demo_load(c, &congress, &e) != RC_OK) {
            rc = cli_error("init", &e);
            goto done;
        }
        printf("demo data loaded: Changshan County People's Congress (congress %lld)\n",
               congress);
        rc = demo_accounts(c, congress);
    }
done:
    cli_close(s, c);
    return rc;
}
