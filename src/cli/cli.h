/* cli.h — the `renda` command line: one function per subcommand, shared helpers.
 * Exit codes: 0 ok, 1 failure, 2 usage. */
#ifndef RENDA_CLI_H
#define RENDA_CLI_H

#include "auth/auth.h"
#include "store/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* cli_open — open and connect to DB; with require_schema, fail unless `renda init`
 * has run. Prints the reason and returns EXIT_FAIL on failure. */
int cli_open(const char *db, bool require_schema, store **s, store_conn **c);
void cli_close(store *s, store_conn *c);
/* cli_error — "renda <cmd>: message" on stderr; returns EXIT_FAIL. */
int cli_error(const char *cmd, const err *e);
/* cli_usage — the usage text on stderr; returns EXIT_USAGE. */
int cli_usage(const char *text);
/* cli_principal — the command line acts as an administrator, recorded as "cli". */
principal cli_principal(void);
/* cli_read_line — one line from stdin without its newline, into out (cap bytes). */
bool cli_read_line(char *out, size_t cap);

#endif
