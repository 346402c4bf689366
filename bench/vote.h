/* vote.h — what bench/vote.c (the HTTP side) and bench/vote_db.c (the database side)
 * share. */
#ifndef RENDA_BENCH_VOTE_H
#define RENDA_BENCH_VOTE_H

#include <stdint.h>

#define VOTE_TOKEN_MAX 80

/* vote_db_accounts — n deputies' accounts (role deputy, congress cid, deputies
 * deputy_ids[i], logins "<prefix><i>") written in one transaction through db (a SQLite
 * path or a postgresql:// URL), their ids into user_ids. All share one argon2id hash:
 * 3,000 hashes would take five minutes of this machine's CPU and are not what the bench
 * measures (the ballots authenticate by bearer token). They are not in the audit trail:
 * do not `renda audit verify` a bench database. Each gets a bearer token (renda's
 * auth_token_create, under the audit key of RENDA_AUDIT_KEY or DB.audit-key) into
 * tokens[i]. 0, or -1 with a message on stderr. */
int vote_db_accounts(const char *db, int64_t cid, const int64_t *deputy_ids, int n,
                     const char *prefix, int64_t *user_ids, char (*tokens)[VOTE_TOKEN_MAX]);

/* vote_db_probe_sqlite — durable one-row commits in a fresh SQLite file in dir (WAL,
 * synchronous=FULL, as renda's own connections), for about seconds: commits per
 * second, or -1. The file is removed after. */
double vote_db_probe_sqlite(const char *dir, int seconds);

/* vote_db_probe_pg — the same on the PostgreSQL database at url (a table of its own,
 * dropped after; each INSERT its own transaction, synchronous_commit as the server
 * has it): commits per second, or -1. */
double vote_db_probe_pg(const char *url, int seconds);

#endif
