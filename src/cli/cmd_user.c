/* cmd_user.c — `renda user add|passwd|list|disable` and `renda token create`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/user.h"

static const char *const USER_USAGE =
    "usage: renda user add --db DB --login L --role R [--congress ID] [--deputy ID | --unit ID]\n"
    "                      [--name DISPLAY_NAME]   (password: one line on stdin)\n"
    "       renda user passwd --db DB --login L     (new password: one line on stdin)\n"
    "       renda user list --db DB\n"
    "       renda user disable --db DB --login L\n"
    "  Roles: admin, staff, member, deputy, unit.\n";

static bool parse_id(const char *s, int64_t *out) {
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 1)
        return false;
    *out = v;
    return true;
}

int cmd_user(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"login", required_argument, NULL, 'l'},
        {"role", required_argument, NULL, 'r'},   {"congress", required_argument, NULL, 'c'},
        {"deputy", required_argument, NULL, 'p'}, {"unit", required_argument, NULL, 'u'},
        {"name", required_argument, NULL, 'n'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2)
        return cli_usage(USER_USAGE);
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        fputs(USER_USAGE, stdout);
        return EXIT_OK;
    }
    user_spec u = {0};
    const char *db = NULL;
    int o;
    optind = 1;
    while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        bool ok = true;
        switch (o) {
        case 'd': db = optarg; break;
        case 'l': u.login = optarg; break;
        case 'r': u.role = optarg; break;
        case 'n': u.display_name = optarg; break;
        case 'c': ok = parse_id(optarg, &u.congress_id); break;
        case 'p': ok = parse_id(optarg, &u.deputy_id); break;
        case 'u': ok = parse_id(optarg, &u.unit_id); break;
        case 'h': fputs(USER_USAGE, stdout); return EXIT_OK;
        default: return cli_usage(USER_USAGE);
        }
        if (!ok) {
            fprintf(stderr, "renda user: --%s takes a record id\n",
                    o == 'c' ? "congress" : o == 'p' ? "deputy" : "unit");
            return EXIT_USAGE;
        }
    }
    bool add = strcmp(sub, "add") == 0, passwd = strcmp(sub, "passwd") == 0;
    bool list = strcmp(sub, "list") == 0, disable = strcmp(sub, "disable") == 0;
    if (!db || optind != argc - 1 || !(add || passwd || list || disable) ||
        (!list && !u.login) || (add && !u.role))
        return cli_usage(USER_USAGE);
    char password[PASSWORD_MAX + 2] = "";
    if ((add || passwd) && !cli_read_line(password, sizeof password)) {
        fprintf(stderr, "renda user: the password is read from standard input (one line)\n");
        return EXIT_FAIL;
    }
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    err e;
    principal p = cli_principal();
    rc_t rc = RC_OK;
    int64_t id = 0;
    if (add) {
        u.password = password;
        rc = user_add(c, &p, &u, &id, &e);
        if (rc == RC_OK)
            printf("user %s created (id %lld)\n", u.login, (long long)id);
    } else if (passwd) {
        rc = user_set_password(c, &p, u.login, password, &e);
        if (rc == RC_OK)
            printf("password of %s changed\n", u.login);
    } else if (disable) {
        rc = user_set_disabled(c, &p, u.login, true, &e);
        if (rc == RC_OK)
            printf("user %s disabled; its sessions and tokens are revoked\n", u.login);
    } else {
        json_t *items = NULL;
        rc = user_list(c, 0, &items, &e);
        if (rc == RC_OK) {
            size_t i;
            json_t *it;
            printf("%-6s %-24s %-8s %-9s %-8s %s\n", "id", "login", "role", "congress", "status",
                   "name");
            json_array_foreach(items, i, it) {
                json_t *cg = json_object_get(it, "congress_id");
                char congress[24] = "-";
                if (json_is_integer(cg))
                    snprintf(congress, sizeof congress, "%lld", (long long)json_integer_value(cg));
                const char *dn = json_string_value(json_object_get(it, "display_name"));
                printf("%-6lld %-24s %-8s %-9s %-8s %s\n",
                       (long long)json_integer_value(json_object_get(it, "id")),
                       json_string_value(json_object_get(it, "login")),
                       json_string_value(json_object_get(it, "role")),
                       congress,
                       json_is_true(json_object_get(it, "disabled")) ? "disabled" : "active",
                       dn ? dn : "");
            }
            json_decref(items);
        }
    }
    cli_close(s, c);
    return rc ? cli_error("user", &e) : EXIT_OK;
}

static const char *const TOKEN_USAGE =
    "usage: renda token create --db DB --login L\n"
    "  Prints a bearer token for scripts: send it as `Authorization: Bearer TOKEN`.\n";

int cmd_token(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"login", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(TOKEN_USAGE, stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "create") != 0)
        return cli_usage(TOKEN_USAGE);
    const char *db = NULL, *login = NULL;
    int o;
    optind = 1;
    while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        if (o == 'd')
            db = optarg;
        else if (o == 'l')
            login = optarg;
        else if (o == 'h') {
            fputs(TOKEN_USAGE, stdout);
            return EXIT_OK;
        } else
            return cli_usage(TOKEN_USAGE);
    }
    if (!db || !login || optind != argc - 1)
        return cli_usage(TOKEN_USAGE);
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    char token[TOKEN_HEX];
    err e;
    rc_t rc = auth_token_create(c, login, token, &e);
    cli_close(s, c);
    if (rc)
        return cli_error("token", &e);
    puts(token);
    return EXIT_OK;
}
