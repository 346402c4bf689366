/* cmd_data.c — `renda import`, `renda export` and `renda backup`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "domain/case/case.h"
#include "domain/collection/collection.h"

#define IMPORT_FILE_MAX (256u * 1024 * 1024)
#define ROW_ERRORS_SHOWN 50

/* parse_db_args — `--db DB` (and, where update is not NULL, `--update`) plus exactly
 * `npos` positional arguments. */
static int parse_db_args(int argc, char **argv, const char *usage, const char **db, char **pos,
                         int npos, bool *update) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"update", no_argument, NULL, 'u'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int o;
    *db = NULL;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'd')
            *db = optarg;
        else if (o == 'u' && update)
            *update = true;
        else if (o == 'h') {
            fputs(usage, stdout);
            return -1;
        } else
            return cli_usage(usage);
    }
    if (!*db || argc - optind != npos)
        return cli_usage(usage);
    for (int i = 0; i < npos; i++)
        pos[i] = argv[optind + i];
    return EXIT_OK;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* file_format — .csv or .xlsx, else prints why and returns false. */
static bool file_format(const char *cmd, const char *path, export_format *fmt) {
    if (ends_with(path, ".csv"))
        *fmt = EXPORT_CSV;
    else if (ends_with(path, ".xlsx"))
        *fmt = EXPORT_XLSX;
    else {
        fprintf(stderr, "renda %s: %s: the file must end in .csv or .xlsx\n", cmd, path);
        return false;
    }
    return true;
}

/* table_arg — the collection or case kind a command names (the registries'), or NULL
 * after saying which there are. */
static const collection_def *table_arg(const char *cmd, const char *name, const case_kind **k) {
    const collection_def *d = collection_find(name);
    *k = d ? NULL : case_kind_find(name);
    if (!d && !*k) {
        int n = 0;
        const collection_def *const *all = collections_all(&n);
        fprintf(stderr, "renda %s: there is no table %s; tables:", cmd, name);
        for (int i = 0; i < n; i++)
            fprintf(stderr, " %s", all[i]->name);
        for (int i = 0; case_kinds[i]; i++)
            fprintf(stderr, " %s", case_kinds[i]->plural);
        fputc('\n', stderr);
    }
    return d;
}

static const char *const IMPORT_USAGE =
    "usage: renda import --db DB [--update] TABLE FILE\n"
    "  Loads FILE (.csv or .xlsx, in the format `renda export` writes) into TABLE.\n"
    "  Every row is a new record; with --update a row whose id (or identifying fields,\n"
    "  such as a unit's name) names an existing record updates it instead.\n"
    "  A reference column takes the record's id or its name.\n"
    "  All or nothing: if any row is bad, every bad row is listed and nothing is written.\n";

int cmd_import(int argc, char **argv) {
    const char *db;
    char *pos[2];
    bool update = false;
    int u = parse_db_args(argc, argv, IMPORT_USAGE, &db, pos, 2, &update);
    if (u)
        return u < 0 ? EXIT_OK : u;
    const case_kind *k = NULL;
    const collection_def *d = table_arg("import", pos[0], &k);
    if (k) {
        fprintf(stderr,
                "renda import: %s are registered one by one through their workflow "
                "(the web app or POST /api/v1/%s), not imported\n",
                k->plural, k->plural);
        return EXIT_FAIL;
    }
    export_format fmt;
    if (!d || !file_format("import", pos[1], &fmt))
        return EXIT_FAIL;
    FILE *f = fopen(pos[1], "rb");
    if (!f) {
        fprintf(stderr, "renda import: %s: %s\n", pos[1], strerror(errno));
        return EXIT_FAIL;
    }
    buf data;
    buf_init(&data, IMPORT_FILE_MAX);
    char chunk[65536];
    size_t n;
    rc_t rc = RC_OK;
    while (rc == RC_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_append(&data, chunk, n);
    fclose(f);
    if (rc) {
        fprintf(stderr, "renda import: %s is larger than %u bytes\n", pos[1], IMPORT_FILE_MAX);
        buf_free(&data);
        return EXIT_FAIL;
    }
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c)) {
        buf_free(&data);
        return EXIT_FAIL;
    }
    principal p = cli_principal();
    import_result res = {0};
    json_t *rows = NULL;
    err e;
    rc = collection_import(c, d, &p, data.data ? data.data : "", data.len, fmt, update, &res, &rows,
                           &e);
    buf_free(&data);
    cli_close(s, c);
    if (rc) {
        size_t i;
        json_t *it;
        json_array_foreach(rows, i, it) {
            if (i >= ROW_ERRORS_SHOWN) {
                fprintf(stderr, "  … and %zu more\n", json_array_size(rows) - i);
                break;
            }
            fprintf(stderr, "  row %lld, %s: %s\n",
                    (long long)json_integer_value(json_object_get(it, "row")),
                    json_string_value(json_object_get(it, "field")),
                    json_string_value(json_object_get(it, "message")));
        }
        json_decref(rows);
        return cli_error("import", &e);
    }
    if (update)
        printf("%d %s records imported, %d updated\n", res.created, d->name, res.updated);
    else
        printf("%d %s records imported\n", res.created, d->name);
    return EXIT_OK;
}

static const char *const EXPORT_USAGE =
    "usage: renda export --db DB TABLE FILE\n"
    "  Writes every record of TABLE (a collection such as deputies, or a kind of case such\n"
    "  as proposals) to FILE (.csv in UTF-8 with a BOM, or .xlsx), with Chinese column\n"
    "  headers.\n";

int cmd_export(int argc, char **argv) {
    const char *db;
    char *pos[2];
    int u = parse_db_args(argc, argv, EXPORT_USAGE, &db, pos, 2, NULL);
    if (u)
        return u < 0 ? EXIT_OK : u;
    const case_kind *k = NULL;
    const collection_def *d = table_arg("export", pos[0], &k);
    export_format fmt;
    if ((!d && !k) || !file_format("export", pos[1], &fmt))
        return EXIT_FAIL;
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    principal p = cli_principal();
    list_query q = {.n = 0};
    buf out;
    err e;
    buf_init(&out, COLLECTION_EXPORT_MAX_BYTES);
    rc_t rc = d ? collection_export(c, d, &p, &q, fmt, &out, &e)
                : case_export(c, k, &p, &q, false, fmt == EXPORT_XLSX, &out, &e);
    cli_close(s, c);
    if (rc) {
        buf_free(&out);
        return cli_error("export", &e);
    }
    FILE *f = fopen(pos[1], "wb");
    bool ok = f && fwrite(out.data, 1, out.len, f) == out.len;
    if (f && fclose(f) != 0)
        ok = false;
    buf_free(&out);
    if (!ok) {
        fprintf(stderr, "renda export: cannot write %s: %s\n", pos[1], strerror(errno));
        return EXIT_FAIL;
    }
    printf("%s written\n", pos[1]);
    return EXIT_OK;
}

static const char *const BACKUP_USAGE =
    "usage: renda backup --db DB OUT\n"
    "  SQLite: a consistent copy of DB in OUT, safe while the server runs.\n"
    "  PostgreSQL: use pg_dump.\n";

int cmd_backup(int argc, char **argv) {
    const char *db;
    char *pos[1];
    int u = parse_db_args(argc, argv, BACKUP_USAGE, &db, pos, 1, NULL);
    if (u)
        return u < 0 ? EXIT_OK : u;
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    err e;
    rc_t rc = store_backup(c, pos[0], &e);
    cli_close(s, c);
    if (rc)
        return cli_error("backup", &e);
    printf("%s backed up to %s\n", db, pos[0]);
    return EXIT_OK;
}
