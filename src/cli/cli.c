/* cli.c — what every subcommand shares: opening the database (and, with it, the
 * audit key and witness), messages, the command line's principal. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/audit_checkpoint.h"
#include "cli/cli.h"
#include "domain/verify.h"

#define KEY_SUFFIX ".audit-key"
#define WITNESS_SUFFIX ".audit-witness"
#define DB_NAME_MAX 128

static const char *g_opt_key, *g_opt_witness; /* --audit-key, --audit-witness */
static bool g_writes;                         /* the command appends audit entries */
static char g_key[AUDIT_PATH_MAX], g_witness[AUDIT_PATH_MAX];

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

/* take — `--name VALUE` or `--name=VALUE` at argv[i]: *value set, *used the number
 * of arguments it spans (0 when argv[i] is another argument). */
static int take(char **argv, int argc, int i, const char *name, const char **value, int *used) {
    size_t n = strlen(name);
    *used = 0;
    if (strncmp(argv[i], name, n) != 0)
        return EXIT_OK;
    if (argv[i][n] == '=') {
        *value = argv[i] + n + 1;
        *used = 1;
    } else if (argv[i][n] == '\0') {
        if (i + 1 >= argc) {
            fprintf(stderr, "renda: %s takes a file path\n", name);
            return EXIT_USAGE;
        }
        *value = argv[i + 1];
        *used = 2;
    }
    return EXIT_OK;
}

int cli_global_options(int *argc, char **argv) {
    int out = 1;
    for (int i = 1; i < *argc;) {
        int used = 0;
        int rc = take(argv, *argc, i, "--audit-key", &g_opt_key, &used);
        if (rc == EXIT_OK && !used)
            rc = take(argv, *argc, i, "--audit-witness", &g_opt_witness, &used);
        if (rc)
            return rc;
        if (used) {
            i += used;
            continue;
        }
        argv[out++] = argv[i++];
    }
    argv[out] = NULL;
    *argc = out;
    return EXIT_OK;
}

void cli_set_writes(bool writes) { g_writes = writes; }

/* pg_db_name — the database name of a postgresql:// URL, as a file name. */
static void pg_db_name(const char *url, char out[DB_NAME_MAX]) {
    const char *s = strstr(url, "://");
    const char *p = s ? strchr(s + 3, '/') : NULL;
    size_t n = 0;
    for (p = p ? p + 1 : ""; *p && *p != '?' && n + 1 < DB_NAME_MAX; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
        out[n++] = plain ? *p : '_';
    }
    out[n] = '\0';
    if (!n)
        snprintf(out, DB_NAME_MAX, "postgres");
}

/* resolve — the audit key and witness paths: the option, else the environment, else
 * the default (SQLite: beside the database file; PostgreSQL: no default key, and the
 * witness beside the key, named after the database). */
static void resolve(const store *s) {
    const char *db = store_location(s);
    const char *key = g_opt_key ? g_opt_key : getenv("RENDA_AUDIT_KEY");
    const char *witness = g_opt_witness ? g_opt_witness : getenv("RENDA_AUDIT_WITNESS");
    bool sqlite = store_kind(s) == STORE_SQLITE;
    if (key && *key)
        snprintf(g_key, sizeof g_key, "%s", key);
    else if (sqlite)
        snprintf(g_key, sizeof g_key, "%s%s", db, KEY_SUFFIX);
    else
        g_key[0] = '\0';
    if (witness && *witness) {
        snprintf(g_witness, sizeof g_witness, "%s", witness);
    } else if (sqlite) {
        snprintf(g_witness, sizeof g_witness, "%s%s", db, WITNESS_SUFFIX);
    } else if (g_key[0]) {
        char dir[AUDIT_PATH_MAX], name[DB_NAME_MAX];
        snprintf(dir, sizeof dir, "%s", g_key);
        pg_db_name(db, name);
        snprintf(g_witness, sizeof g_witness, "%s/%s%s", dirname(dir), name, WITNESS_SUFFIX);
    } else {
        g_witness[0] = '\0';
    }
    audit_witness_set(g_witness);
}

const char *cli_audit_key_path(void) { return g_key; }

/* key_hint — how to name the key, for messages. */
static const char *key_hint(void) {
    return "name the key file with --audit-key PATH or RENDA_AUDIT_KEY";
}

/* load_key — load the keyring when there is one. A key named explicitly must exist
 * (unless `renda init` is about to create it). */
static int load_key(const char *db, bool creating) {
    err e;
    if (!g_key[0])
        return EXIT_OK;
    rc_t rc = audit_key_load(g_key, &e);
    if (rc == RC_NOT_FOUND && (creating || (!g_opt_key && !getenv("RENDA_AUDIT_KEY"))))
        return EXIT_OK;
    if (rc == RC_NOT_FOUND) {
        fprintf(stderr,
                "renda: the audit key %s does not exist (`renda init --db %s` creates it)\n", g_key,
                db);
        return EXIT_FAIL;
    }
    if (rc) {
        fprintf(stderr, "renda: %s\n", e.message);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* check_key — a command that writes needs the key the trail is under. */
static int check_key(store_conn *c, const char *db) {
    audit_head h;
    err e;
    unsigned char ignored[AUDIT_KEY_BYTES];
    if (audit_head_read(c, &h, &e) != RC_OK) {
        fprintf(stderr, "renda: %s: %s\n", db, e.message);
        return EXIT_FAIL;
    }
    if (!h.keyed)
        return EXIT_OK;
    if (!audit_key_loaded()) {
        if (g_key[0])
            fprintf(stderr,
                    "renda: the audit trail of %s is keyed, and there is no audit key at "
                    "%s: %s\n",
                    db, g_key, key_hint());
        else
            fprintf(stderr,
                    "renda: the audit trail of %s is keyed: %s (a PostgreSQL database "
                    "has no default key file)\n",
                    db, key_hint());
        return EXIT_FAIL;
    }
    bool held = audit_key_get(h.key_id, ignored);
    memset(ignored, 0, sizeof ignored);
    if (!held) {
        fprintf(stderr,
                "renda: the audit key %s does not hold key %s, which the audit trail of "
                "%s is under: %s\n",
                g_key, h.key_id, db, key_hint());
        return EXIT_FAIL;
    }
    return EXIT_OK;
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
            fprintf(stderr,
                    "renda: %s is not initialised or is out of date; run "
                    "`renda init --db %s` first\n",
                    db, db);
            cli_close(*s, *c);
            *s = NULL;
            *c = NULL;
            return EXIT_FAIL;
        }
    }
    resolve(*s);
    if (load_key(db, !require_schema) || (require_schema && g_writes && check_key(*c, db))) {
        audit_key_forget();
        store_disconnect(*c);
        store_close(*s);
        *s = NULL;
        *c = NULL;
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

void cli_checkpoint(store_conn *c) {
    bool written = false;
    err e;
    if (!c || !g_writes || !audit_key_loaded())
        return;
    if (verify_checkpoint_due(c, &written, &e) != RC_OK)
        fprintf(stderr, "renda: warning: no audit checkpoint was written: %s\n", e.message);
}

void cli_close(store *s, store_conn *c) {
    cli_checkpoint(c);
    store_disconnect(c);
    store_close(s);
    audit_key_forget();
}

int cli_audit_keys(void) {
    err e;
    bool made = false, signer = false;
    if (!g_key[0]) {
        fprintf(stderr,
                "renda init: a PostgreSQL database has no default audit key file: %s "
                "(renda init creates it)\n",
                key_hint());
        return EXIT_FAIL;
    }
    if (audit_key_create(g_key, &made, &e) != RC_OK || audit_key_load(g_key, &e) != RC_OK ||
        audit_sign_key_create(&signer, &e) != RC_OK)
        return cli_error("init", &e);
    if (made)
        printf("audit key created: %s (mode 0600; keep it out of the database's backups)\n", g_key);
    if (signer)
        printf("checkpoint signing key created: %s%s (public key %s%s)\n", g_key,
               AUDIT_SIGN_KEY_SUFFIX, g_key, AUDIT_SIGN_PUB_SUFFIX);
    return EXIT_OK;
}

int cli_audit_establish(store_conn *c, const char *db) {
    err e;
    bool written = false;
    if (check_key(c, db))
        return EXIT_FAIL;
    principal p = cli_principal();
    if (audit_establish(c, &p, &written, &e) != RC_OK)
        return cli_error("init", &e);
    if (written)
        printf("audit trail keyed: every new entry is HMAC-SM3 under the audit key\n");
    return EXIT_OK;
}
