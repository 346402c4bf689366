/* cmd_user.c — `renda user add|passwd|list|disable|unlock` and
 * `renda token create|list|revoke`. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/settings.h"
#include "domain/user.h"

static const char *const USER_USAGE =
    "usage: renda user add --db DB --login L --role R [--congress ID]\n"
    "                      [--deputy ID | --unit ID | --member ID]\n"
    "                      [--name DISPLAY_NAME]   (password: one line on stdin)\n"
    "       renda user passwd --db DB --login L     (new password: one line on stdin)\n"
    "       renda user list --db DB\n"
    "       renda user disable --db DB --login L   (its sessions and tokens end)\n"
    "       renda user unlock --db DB --login L    (release a failed-login lock)\n"
    "  Roles: admin, staff, member, deputy, unit. A deputy's or a unit's account takes its\n"
    "  congress from that deputy or unit; --congress is needed for staff and members.\n"
    "  A member's account names its member record (--member), whose votes it casts.\n";

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
        {"member", required_argument, NULL, 'm'}, {"name", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
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
        case 'm': ok = parse_id(optarg, &u.member_id); break;
        case 'h': fputs(USER_USAGE, stdout); return EXIT_OK;
        default: return cli_usage(USER_USAGE);
        }
        if (!ok) {
            fprintf(stderr, "renda user: --%s takes a record id\n",
                    o == 'c'   ? "congress"
                    : o == 'p' ? "deputy"
                    : o == 'm' ? "member"
                               : "unit");
            return EXIT_USAGE;
        }
    }
    bool add = strcmp(sub, "add") == 0, passwd = strcmp(sub, "passwd") == 0;
    bool list = strcmp(sub, "list") == 0, disable = strcmp(sub, "disable") == 0;
    bool unlock = strcmp(sub, "unlock") == 0;
    if (!db || optind != argc - 1 || !(add || passwd || list || disable || unlock) ||
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
    } else if (unlock) {
        int64_t n = 0;
        rc = auth_unlock(c, &p, u.login, &n, &e);
        if (rc == RC_OK)
            printf("login %s released (%lld lock records cleared)\n", u.login, (long long)n);
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
                const char *status = json_is_true(json_object_get(it, "disabled")) ? "disabled"
                                     : json_is_true(json_object_get(it, "locked")) ? "locked"
                                                                                   : "active";
                printf("%-6lld %-24s %-8s %-9s %-8s %s\n",
                       (long long)json_integer_value(json_object_get(it, "id")),
                       json_string_value(json_object_get(it, "login")),
                       json_string_value(json_object_get(it, "role")), congress, status,
                       dn ? dn : "");
            }
            json_decref(items);
        }
    }
    cli_close(s, c);
    if (rc && e.field[0]) {
        /* name the flag the user gives, not the column behind it */
        static const struct {
            const char *field, *flag;
        } flags[] = {{"congress_id", "--congress"}, {"deputy_id", "--deputy"},
                     {"unit_id", "--unit"},         {"member_id", "--member"},
                     {"login", "--login"},          {"role", "--role"}};
        for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
            if (strcmp(e.field, flags[i].field) == 0)
                snprintf(e.field, sizeof e.field, "%s", flags[i].flag);
    }
    return rc ? cli_error("user", &e) : EXIT_OK;
}

static const char *const TOKEN_USAGE =
    "usage: renda token create --db DB --login L [--name NAME] [--days N]\n"
    "       renda token list --db DB [--login L]\n"
    "       renda token revoke --db DB --id N\n"
    "  create prints a bearer token for scripts, once: send it as\n"
    "  `Authorization: Bearer TOKEN`. It lives N days (default and most: the\n"
    "  installation's setting token_ttl_days, 90).\n";

/* user_id_of — the id of the account login, 0 when none. */
static rc_t user_id_of(store_conn *c, const char *login, int64_t *id, err *e) {
    json_t *items = NULL;
    *id = 0;
    rc_t rc = user_list(c, 0, &items, e);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (strcmp(json_string_value(json_object_get(it, "login")), login) == 0)
            *id = json_integer_value(json_object_get(it, "id"));
    }
    json_decref(items);
    if (rc == RC_OK && !*id)
        rc = err_set(e, RC_NOT_FOUND, "login", "there is no user %s", login);
    return rc;
}

static rc_t token_list_print(store_conn *c, const char *login, err *e) {
    int64_t uid = 0;
    rc_t rc = login ? user_id_of(c, login, &uid, e) : RC_OK;
    json_t *items = NULL;
    if (rc == RC_OK)
        rc = auth_token_list(c, uid, &items, e);
    if (rc)
        return rc;
    printf("%-6s %-20s %-24s %-21s %-21s %s\n", "id", "login", "name", "expires", "last used",
           "status");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        const char *name = json_string_value(json_object_get(it, "name"));
        const char *used = json_string_value(json_object_get(it, "last_used_at"));
        printf("%-6lld %-20s %-24s %-21s %-21s %s\n",
               (long long)json_integer_value(json_object_get(it, "id")),
               json_string_value(json_object_get(it, "login")), name ? name : "-",
               json_string_value(json_object_get(it, "expires_at")), used ? used : "-",
               json_is_true(json_object_get(it, "expired")) ? "expired" : "active");
    }
    json_decref(items);
    return RC_OK;
}

int cmd_token(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"login", required_argument, NULL, 'l'},
        {"name", required_argument, NULL, 'n'},
        {"days", required_argument, NULL, 'D'},
        {"id", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(TOKEN_USAGE, stdout);
        return EXIT_OK;
    }
    if (argc < 2)
        return cli_usage(TOKEN_USAGE);
    const char *sub = argv[1];
    bool create = strcmp(sub, "create") == 0, list = strcmp(sub, "list") == 0,
         revoke = strcmp(sub, "revoke") == 0;
    if (!create && !list && !revoke)
        return cli_usage(TOKEN_USAGE);
    const char *db = NULL, *login = NULL, *name = NULL;
    int64_t days = 0, id = 0;
    int o;
    optind = 1;
    while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (o) {
        case 'd': db = optarg; break;
        case 'l': login = optarg; break;
        case 'n': name = optarg; break;
        case 'D':
            if (!parse_id(optarg, &days)) {
                fprintf(stderr, "renda token: --days takes a whole number of days\n");
                return EXIT_USAGE;
            }
            break;
        case 'i':
            if (!parse_id(optarg, &id)) {
                fprintf(stderr, "renda token: --id takes a token id (renda token list)\n");
                return EXIT_USAGE;
            }
            break;
        case 'h': fputs(TOKEN_USAGE, stdout); return EXIT_OK;
        default: return cli_usage(TOKEN_USAGE);
        }
    }
    if (!db || optind != argc - 1 || (create && !login) || (revoke && !id))
        return cli_usage(TOKEN_USAGE);
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    err e;
    principal p = cli_principal();
    rc_t rc = RC_OK;
    if (create) {
        int max_days = (int)settings_get(c, 0, "token_ttl_days");
        token_spec t = {.name = name,
                        .days = days ? (days > INT_MAX ? INT_MAX : (int)days) : max_days,
                        .max_days = max_days};
        char token[TOKEN_HEX];
        int64_t tid = 0;
        rc = user_id_of(c, login, &t.user_id, &e);
        if (rc == RC_OK)
            rc = auth_token_create(c, &p, &t, token, &tid, &e);
        if (rc == RC_OK) {
            fprintf(stderr, "token %lld for %s, valid %d days (shown once):\n", (long long)tid,
                    login, t.days);
            puts(token);
        }
    } else if (list) {
        rc = token_list_print(c, login, &e);
    } else {
        rc = auth_token_revoke(c, &p, id, 0, &e);
        if (rc == RC_OK)
            printf("token %lld revoked\n", (long long)id);
    }
    cli_close(s, c);
    return rc ? cli_error("token", &e) : EXIT_OK;
}
