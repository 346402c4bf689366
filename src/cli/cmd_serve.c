/* cmd_serve.c — `renda serve`: run the HTTP server in the foreground. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "cli/cli.h"
#include "domain/settings.h"
#include "http/server.h"

#define DEFAULT_THREADS 4
#define MAX_THREADS 256

static const char *const SERVE_USAGE =
    "usage: renda serve --db DB --listen ADDR:PORT [--web DIR] [--threads N]\n"
    "                   [--public-url URL] [--trusted-proxy ADDR[,ADDR…]]\n"
    "  Serves the API under /api/v1 and, with --web, the web app from DIR.\n"
    "  --public-url https://…: the address people use; https marks the session cookie Secure.\n"
    "  --trusted-proxy: believe X-Forwarded-For from these peers (the TLS proxy) when\n"
    "  throttling failed logins per client address.\n"
    "  SIGTERM or SIGINT: finish the requests in flight, then exit 0.\n"
    "  Limits (body size, header memory, timeout, connections) are the installation's\n"
    "  settings http_max_body, http_max_header, http_connection_timeout,\n"
    "  http_max_connections (see docs/settings.md).\n";

int cmd_serve(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"listen", required_argument, NULL, 'l'},
        {"web", required_argument, NULL, 'w'},     {"threads", required_argument, NULL, 't'},
        {"public-url", required_argument, NULL, 'u'},
        {"trusted-proxy", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    api_options api_opts = {0};
    const char *db = NULL, *listen = "127.0.0.1:8080", *web = NULL;
    long threads = DEFAULT_THREADS;
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
            threads = strtol(optarg, &end, 10);
            if (*end || threads < 1 || threads > MAX_THREADS) {
                fprintf(stderr, "renda serve: --threads takes 1 to %d\n", MAX_THREADS);
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
    server_config cfg = {
        .host = host,
        .port = (unsigned short)port,
        .web_dir = web,
        .threads = (unsigned)threads,
        .db = s,
        .max_body = (size_t)settings_get(c, 0, "http_max_body"),
        .max_header = (size_t)settings_get(c, 0, "http_max_header"),
        .connection_timeout_s = (unsigned)settings_get(c, 0, "http_connection_timeout"),
        .max_connections = (unsigned)settings_get(c, 0, "http_max_connections"),
    };
    store_disconnect(c);
    int rc = server_run(&cfg);
    store_close(s);
    return rc;
}
