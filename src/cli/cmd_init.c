/* cmd_init.c — `renda init`: the schema, the audit key, and the demo data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "demo/demo.h"

static const char *const INIT_USAGE =
    "usage: renda init --db DB [--demo] [--audit-key PATH] [--audit-witness PATH]\n"
    "  Creates the schema, or applies the migrations it lacks (never twice), and the\n"
    "  audit key (mode 0600) with the checkpoint signing key pair beside it, when\n"
    "  missing: PATH, default DB.audit-key for SQLite (PostgreSQL: --audit-key or\n"
    "  RENDA_AUDIT_KEY is required). Keep them out of the database's backups.\n"
    "  --demo  also loads the demo data (Changshan County People's Congress: the 16th\n"
    "          term's history and the current term's open work, dated back from today)\n"
    "          and demo accounts admin, office, member, deputy and unit, each with the\n"
    "          password given by RENDA_DEMO_PASSWORD (default: renda-demo).\n";

#define DEMO_PASSWORD_DEFAULT "renda-demo"

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
        const char *pw = getenv("RENDA_DEMO_PASSWORD");
        if (!pw || !*pw)
            pw = DEMO_PASSWORD_DEFAULT;
        long long congress = 0;
        if (demo_load(c, pw, &congress, &e) != RC_OK) {
            rc = cli_error("init", &e);
            goto done;
        }
        printf("demo data loaded: Changshan County People's Congress (congress %lld)\n", congress);
        printf("demo accounts: admin, office (staff), member, deputy, unit; password: %s\n", pw);
    }
done:
    cli_close(s, c);
    return rc;
}
