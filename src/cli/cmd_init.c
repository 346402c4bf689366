/* cmd_init.c — `renda init` and `renda serve`, plus the helpers every command uses. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "demo/demo.h"

int cli_usage(const char *text) {
    fputs(text, stderr);
    return EXIT_USAGE;
}

int cli_error(const char *cmd, const err *e) {
    if (e->field[0])
        fprintf(stderr, "renda %s: %s: %s\n", cmd, e->field, e->message);
    else
        fprintf(stderr, "renda %s: %s\n", cmd, e->message);
    return EXIT_FAIL;
}

principal cli_principal(void) {
    principal p;
    memset(&p, 0, sizeof p);
    p.role = ROLE_ADMIN;
    snprintf(p.login, sizeof p.login, "cli");
    return p;
}

bool cli_read_line(char *out, size_t cap) {
    if (!fgets(out, (int)cap, stdin))
        return false;
    size_t n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return true;
}

int cli_open(const char *db, bool require_schema, store **s, store_conn **c) {
    err e;
    *s = NULL;
    *c = NULL;
    if (store_open(db, s, &e) != RC_OK || store_connect(*s, c, &e) != RC_OK) {
        fprintf(stderr, "renda: cannot open %s: %s\n", db, e.message);
        store_close(*s);
        *s = NULL;
        return EXIT_FAIL;
    }
    if (require_schema) {
        int64_t n = -1;
        if (store_query_int(*c, "SELECT COUNT(*) FROM schema_migrations", &n, &e, 0, NULL) !=
                RC_OK ||
            n < store_migration_count) {
            fprintf(stderr, "renda: %s is not initialised or is out of date; run "
                            "`renda init --db %s` first\n", db, db);
            cli_close(*s, *c);
            return EXIT_FAIL;
        }
    }
    return EXIT_OK;
}

void cli_close(store *s, store_conn *c) {
    store_disconnect(c);
    store_close(s);
}

static const char *const INIT_USAGE =
    "usage: renda init --db DB [--demo]\n"
    "  Creates the schema, or applies the migrations it lacks (never twice).\n"
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
    int applied = 0, rc = EXIT_OK;
    if (store_migrate(c, &applied, &e) != RC_OK) {
        rc = cli_error("init", &e);
        goto done;
    }
    printf("%s: %d migration%s applied\n", db, applied, applied == 1 ? "" : "s");
    if (demo) {
        const char *pw = getenv("RENDA_DEMO_PASSWORD");
        if (!pw || !*pw)
            pw = DEMO_PASSWORD_DEFAULT;
        long long congress = 0;
        if (demo_load(c, pw, &congress, &e) != RC_OK) {
            rc = cli_error("init", &e);
            goto done;
        }
        printf("demo data loaded: Changshan County People's Congress (congress %lld)\n",
               congress);
        printf("demo accounts: admin, office (staff), member, deputy, unit; password: %s\n", pw);
    }
done:
    cli_close(s, c);
    return rc;
}
