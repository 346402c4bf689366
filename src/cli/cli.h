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

/* cli_global_options — take the options every subcommand accepts out of argv
 * (anywhere after the program's name, before cli_open): --audit-key PATH and
 * --audit-witness PATH (or --opt=PATH). EXIT_USAGE, with the reason printed, when a
 * value is missing. */
int cli_global_options(int *argc, char **argv);
/* cli_set_writes — the command about to run appends audit entries (see cli_open and
 * cli_close), or only reads. */
void cli_set_writes(bool writes);

/* cli_open — open and connect to DB; with require_schema, fail unless `renda init`
 * has run. Also resolves the audit key (--audit-key, else RENDA_AUDIT_KEY, else for
 * SQLite DB.audit-key; PostgreSQL has no default) and the witness (--audit-witness,
 * else RENDA_AUDIT_WITNESS, else DB.audit-witness, or for PostgreSQL
 * KEYDIR/DBNAME.audit-witness), and loads the key when its file exists. A command
 * that writes is refused when the trail is keyed and the key is not loaded. Prints
 * the reason and returns EXIT_FAIL on failure. */
int cli_open(const char *db, bool require_schema, store **s, store_conn **c);
/* cli_close — after a command that writes, sign a checkpoint when one is due
 * (settings audit_checkpoint_*; a failure is a warning); then disconnect, close and
 * wipe the key from memory. */
void cli_close(store *s, store_conn *c);
/* cli_checkpoint — the checkpoint part of cli_close, for a process that keeps its
 * connection open. */
void cli_checkpoint(store_conn *c);
/* cli_audit_key_path — the resolved audit key path ("" when none). */
const char *cli_audit_key_path(void);
/* cli_audit_keys — for `renda init`: create the audit key (0600) and the checkpoint
 * signing key pair when missing, and load them. Prints what it created; EXIT_FAIL
 * with the reason (also when PostgreSQL has no key named). */
int cli_audit_keys(void);
/* cli_audit_establish — for `renda init`, after migrating: put the trail under the
 * loaded key (refused when it is under another key). EXIT_FAIL with the reason. */
int cli_audit_establish(store_conn *c, const char *db);
/* cli_error — "renda <cmd>: message" on stderr; returns EXIT_FAIL. */
int cli_error(const char *cmd, const err *e);
/* cli_usage — the usage text on stderr; returns EXIT_USAGE. */
int cli_usage(const char *text);
/* cli_principal — the command line acts as an administrator, recorded as "cli". */
principal cli_principal(void);
/* cli_read_line — one line from stdin without its newline, into out (cap bytes). */
bool cli_read_line(char *out, size_t cap);

#endif
