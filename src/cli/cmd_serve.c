/* cmd_serve.c — `renda serve`: run the HTTP server in the foreground. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "cli/cli.h"
#include "http/limits.h"
#include "http/server.h"

/* Worker threads: each holds a request while its work commits. Ballots that arrive
 * together commit together (domain/vote/cast.c), as many at once as there are workers
 * waiting: with 16, 3,000 ballots at once were all acknowledged in 3.0 s on this 2-core
 * machine, with 2 in 8.7 s (docs/performance.md "Votes"). Idle workers cost a database
 * connection each. */
#define DEFAULT_THREADS 16
#define MAX_THREADS 256
/* Memory for one connection's request line and headers: libmicrohttpd sizes each
 * connection's pool once, when the server starts, so this is an option, not a
 * setting. */
#define DEFAULT_MAX_HEADER 32768
#define MIN_MAX_HEADER 4096
#define MAX_MAX_HEADER 1048576

static const char *const SERVE_USAGE =
    "usage: renda serve --db DB --listen ADDR:PORT [--web DIR] [--threads N]\n"
    "                   [--max-header BYTES] [--public-url URL]\n"
    "                   [--trusted-proxy ADDR[,ADDR…]]\n"
    "  Serves the API under /api/v1 and, with --web, the web app from DIR.\n"
    "  --threads: worker threads (default 16; ballots that arrive together commit\n"
    "  together, as many as there are workers).\n"
    "  --max-header: memory for one connection's request line and headers\n"
    "  (4096 to 1048576, default 32768).\n"
    "  --public-url https://…: the address people use; https marks the session cookie Secure.\n"
    "  --trusted-proxy: believe X-Forwarded-For from these peers (the TLS proxy) when\n"
    "  throttling failed logins per client address.\n"
    "  SIGTERM or SIGINT: finish the requests in flight, then exit 0.\n"
    "  The other limits (body size, deadlines, timeout, connections) are the\n"
    "  installation's http_* settings, re-read every second while it runs\n"
    "  (see docs/settings.md and docs/operations.md).\n";

int cmd_serve(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"web", required_argument, NULL, 'w'},
        {"threads", required_argument, NULL, 't'},
        {"public-url", required_argument, NULL, 'u'},
        {"trusted-proxy", required_argument, NULL, 'p'},
        {"max-header", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    api_options api_opts = {0};
    const char *db = NULL, *listen = "127.0.0.1:8080", *web = NULL;
    long threads = DEFAULT_THREADS, max_header = DEFAULT_MAX_HEADER;
    bool threads_given = false;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end = NULL;
        switch (o) {
        case 'd': db = optarg; break;
        case 'l': listen = optarg; break;
        case 'w': web = optarg; break;
        case 'u': api_opts.public_url = optarg; break;
        case 'p': api_opts.trusted_proxies = optarg; break;
        case 't':
            threads_given = true;
            threads = strtol(optarg, &end, 10);
            if (*end || threads < 1 || threads > MAX_THREADS) {
                fprintf(stderr, "renda serve: --threads takes 1 to %d\n", MAX_THREADS);
                return EXIT_USAGE;
            }
            break;
        case 'm':
            max_header = strtol(optarg, &end, 10);
            if (*end || max_header < MIN_MAX_HEADER || max_header > MAX_MAX_HEADER) {
                fprintf(stderr, "renda serve: --max-header takes %d to %d (bytes)\n",
                        MIN_MAX_HEADER, MAX_MAX_HEADER);
                return EXIT_USAGE;
            }
            break;
        case 'h': fputs(SERVE_USAGE, stdout); return EXIT_OK;
        default: return cli_usage(SERVE_USAGE);
        }
    }
    if (!db || optind != argc)
        return cli_usage(SERVE_USAGE);
    err oe;
    if (!api_options_check(&api_opts, &oe)) {
        fprintf(stderr, "renda serve: %s\n", oe.message);
        return EXIT_USAGE;
    }
    api_configure(&api_opts);
    char host[64];
    const char *colon = strrchr(listen, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || (size_t)(colon - listen) >= sizeof host || !end || *end || port < 1 ||
        port > 65535) {
        fprintf(stderr, "renda serve: --listen takes ADDR:PORT, e.g. 127.0.0.1:8080\n");
        return EXIT_USAGE;
    }
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    struct stat sb;
    if (web && (stat(web, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        fprintf(stderr, "renda serve: --web %s is not a directory\n", web);
        return EXIT_FAIL;
    }
    store *s;
    store_conn *c;
    if (cli_open(db, true, &s, &c))
        return EXIT_FAIL;
    /* the default fits the open-file limit; a number given is taken as given */
    if (!threads_given) {
        threads = limits_threads_fitting(DEFAULT_THREADS, web != NULL);
        if (threads < DEFAULT_THREADS)
            fprintf(stderr,
                    "renda serve: %ld worker threads (not %d): the open-file limit leaves no "
                    "more room\n",
                    threads, DEFAULT_THREADS);
    }
    server_config cfg = {
        .host = host,
        .port = (unsigned short)port,
        .web_dir = web,
        .threads = (unsigned)threads,
        .db = s,
        .max_header = (size_t)max_header,
    };
    store_disconnect(c);
    int rc = server_run(&cfg);
    store_close(s);
    return rc;
}
