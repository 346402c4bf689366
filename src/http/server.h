/* server.h — the HTTP server: libmicrohttpd with a thread pool and epoll; /api/ goes
 * to api_handle, everything else to the web app's files (when --web is given). */
#ifndef RENDA_SERVER_H
#define RENDA_SERVER_H

#include <stddef.h>

#include "store/store.h"

typedef struct {
    const char *host; /* numeric IPv4 address to listen on */
    unsigned short port;
    const char *web_dir; /* NULL: no web app */
    unsigned threads;
    store *db;
    /* limits, from the installation's settings */
    size_t max_body;
    size_t max_header;
    unsigned connection_timeout_s;
    unsigned max_connections;
} server_config;

/* server_run — serve until SIGTERM or SIGINT, then stop taking connections, let the
 * requests in flight finish, and return 0. Returns 1 when the server cannot start
 * (message on stderr). */
int server_run(const server_config *cfg);

#endif
