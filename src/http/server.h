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
    /* memory for one connection's request line and headers (fixed while it runs) */
    size_t max_header;
} server_config;

/* server_run — serve until SIGTERM or SIGINT, then stop taking connections, let the
 * requests in flight finish, and return 0. Returns 1 when the server cannot start
 * (message on stderr). The other limits are the installation's http_* settings,
 * read at start and again while it runs (limits.h, conns.h). */
int server_run(const server_config *cfg);

#endif
