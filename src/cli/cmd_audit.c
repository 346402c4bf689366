/* cmd_audit.c — `renda audit verify`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "cli/cli.h"

static const char *const AUDIT_USAGE =
    "usage: renda audit verify --db DB\n"
    "  Checks every entry of the audit trail against its SM3 hash chain. Exit 0 when\n"
    "  intact; exit 1 naming the first entry that was changed, inserted or removed.\n";

int cmd_audit(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(AUDIT_USAGE, stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "verify") != 0)
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
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    int64_t checked = 0, bad = 0;
    err e;
    rc_t rc = audit_verify(c, &checked, &bad, &e);
    cli_close(s, c);
    if (rc == RC_INVALID) {
        fprintf(stderr, "renda audit: FAILED at entry %lld: %s\n", (long long)bad, e.message);
        return EXIT_FAIL;
    }
    if (rc)
        return cli_error("audit", &e);
    printf("audit trail intact: %lld entries verified\n", (long long)checked);
    return EXIT_OK;
}
