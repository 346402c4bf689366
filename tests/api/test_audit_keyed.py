"""The keyed audit chain (hardening issue, "The audit chain can be recomputed"):
without the audit key nobody can recompute the chain after editing an entry; a
checkpoint signed with SM2 catches removing the newest entries, and a rewrite even by
someone with the key; `renda audit verify` also finds every record changed, inserted
or deleted behind the trail's back, by collection and id; the key lives in a file of
mode 0600 outside the database and its backups, and writing needs it.

Each test tampers with its own copy of one honest database (written through the API
and the command line, then left alone), on SQLite with the sqlite3 module and on
PostgreSQL with psql."""

import hashlib
import hmac
import os
import re
import shutil
import sqlite3
import stat
import subprocess

import pytest

from conftest import RENDA_BIN, Deployment, Factory, cli, cli_ok, uniq

FIELDS = ["id", "at", "user_id", "login", "congress_id", "action", "collection", "record_id",
          "before", "after", "alg", "key_id"]
GENESIS = "0" * 64
SEP, REC, NUL = "\x1f", "\x1e", "\x1dNULL"


# --- the chain, recomputed as an attacker would ------------------------------------------

def feed(prev, values):
    data = prev.encode()
    for v in values:
        b = None if v is None else str(v).encode()
        data += f"|{-1 if b is None else len(b)}:".encode() + (b or b"")
    return data


def entry_hash(prev, row, key=None):
    """The hash renda computes: plain SM3 over the first ten fields, or HMAC-SM3 under
    key over all twelve (alg and key_id included)."""
    values = [row[f] for f in FIELDS]
    if key is None:
        return hashlib.new("sm3", feed(prev, values[:10])).hexdigest()
    return hmac.new(key, feed(prev, values), "sm3").hexdigest()


def keyring(path):
    """{key id: key bytes} from an audit key file."""
    keys = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"key ([0-9a-f]{16}) ([0-9a-f]{64})$", line.strip())
            if m:
                keys[m.group(1)] = bytes.fromhex(m.group(2))
    assert keys, f"no key in {path}"
    return keys


# --- databases on both backends ----------------------------------------------------------

class Db:
    """One database: its location, SQL on it, and its witness file."""

    def __init__(self, backend, loc, dbs):
        self.backend, self.loc, self.dbs = backend, loc, dbs

    @property
    def name(self):
        return self.loc.rsplit("/", 1)[1].split("?")[0]

    @property
    def witness(self):
        if self.backend == "sqlite":
            return self.loc + ".audit-witness"
        return os.path.join(os.path.dirname(os.environ["RENDA_AUDIT_KEY"]), self.name + ".audit-witness")

    def sql(self, q):
        """Run q (one or more statements); rows of the last one, as lists of text/None."""
        if self.backend == "sqlite":
            con = sqlite3.connect(self.loc)
            try:
                with con:
                    cur = con.executescript(q) if ";" in q.strip().rstrip(";") else con.execute(q)
                    rows = cur.fetchall()
            finally:
                con.close()
            return [[None if v is None else str(v) for v in r] for r in rows]
        p = subprocess.run(["psql", self.dbs.pg.db_url(self.name), "-X", "-q", "-A", "-t",
                            "-v", "ON_ERROR_STOP=1", "-F", SEP, "-R", REC, "-P", "null=" + NUL,
                            "-c", "BEGIN; " + q.rstrip().rstrip(";") + "; COMMIT;"],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, f"psql {q[:200]!r}: {p.stderr}"
        return [[None if v == NUL else v for v in r.split(SEP)]
                for r in p.stdout.strip("\n").split(REC) if r.strip("\n")]

    def copy(self, tag):
        """A copy of the database (the original's server is stopped) and its witness."""
        if self.backend == "sqlite":
            loc = self.loc[:-3] + f"_{tag}_{uniq()}.db"
            src, out = sqlite3.connect(self.loc), sqlite3.connect(loc)
            try:
                src.backup(out)
            finally:
                src.close()
                out.close()
            other = Db("sqlite", loc, self.dbs)
        else:
            name = f"{self.name}_{tag}_{uniq()}"[:60]
            self.dbs.pg.psql(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
            other = Db("pg", self.dbs.pg.db_url(name), self.dbs)
        if os.path.exists(self.witness):
            shutil.copy(self.witness, other.witness)
        return other

    def entries(self):
        cols = ", ".join(FIELDS + ["prev_hash", "hash"])
        rows = self.sql(f"SELECT {cols} FROM audit ORDER BY id")
        return [dict(zip(FIELDS + ["prev_hash", "hash"], r)) for r in rows]

    def rewrite(self, rows):
        """Store rows (dicts as from entries()) back, every column."""
        def lit(v):
            return "NULL" if v is None else "'" + str(v).replace("'", "''") + "'"
        stmts = []
        for r in rows:
            sets = ", ".join(f"{k} = {lit(r[k])}" for k in FIELDS[1:] + ["prev_hash", "hash"])
            stmts.append(f"UPDATE audit SET {sets} WHERE id = {r['id']}")
        self.sql(";\n".join(stmts) + ";")


def verify(db, *extra, env=None):
    p = subprocess.run([RENDA_BIN, "audit", "verify", "--db", db.loc, *extra], capture_output=True,
                       text=True, timeout=300, env=env)
    return p.returncode, p.stdout + p.stderr


def verify_fails(db, *patterns):
    rc, out = verify(db)
    assert rc == 1, f"verify exited {rc} on a tampered database:\n{out}"
    for pat in patterns:
        assert re.search(pat, out), f"verify does not say {pat!r}:\n{out}"
    return out


@pytest.fixture(scope="module")
def honest(request, dbs, backend):
    """A database written only through renda: records of every collection, an update,
    a delete, a reception with its deputies, accounts; then the server is stopped."""
    loc = dbs.new(backend, "keyed")
    d = Deployment(backend, loc, "audit-keyed").setup()
    f = Factory(d.admin)
    seed = f.seed("常山县人民代表大会")
    cid = seed["congresses"]["id"]
    units = [f.unit(cid, f"常山县审计局{uniq()}") for _ in range(4)]
    assert d.admin.patch(f"/units/{units[0]['id']}", {"contact": "孙科长"}).status_code == 200
    assert d.admin.delete(f"/units/{units[1]['id']}").status_code == 204
    rec = d.admin.create("receptions", {"congress_id": cid, "station_id": seed["stations"]["id"],
                                        "held_on": "2024-03-01", "voters_received": 12,
                                        "deputy_ids": [seed["deputies"]["id"]]})
    d.add_user("keyed_staff", "staff", congress=cid)
    d.stop()
    return {"db": Db(backend, loc, dbs), "cid": cid, "units": units, "reception": rec, "seed": seed}


def middle(rows):
    return len(rows) // 2


# --- an honest database passes -------------------------------------------------------------

def test_honest_database_passes(honest):
    rc, out = verify(honest["db"])
    assert rc == 0, out
    assert re.search(r"audit trail intact: \d+ entries verified", out), out
    assert re.search(r"records match the audit trail: \d+ records checked", out), out
    assert "checkpoints verified: 1" in out, out


def test_checkpoint_prints_and_appends_a_signed_line(honest):
    db = honest["db"].copy("cp")
    head = db.entries()[-1]
    p = cli_ok("audit", "checkpoint", "--db", db.loc)
    line = p.stdout.strip()
    m = re.fullmatch(r"(\d+) ([0-9a-f]{64}) (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) ([0-9a-f]+)", line)
    assert m, f"checkpoint printed {line!r}"
    assert int(m.group(1)) == int(head["id"]) and m.group(2) == head["hash"]
    with open(db.witness) as w:
        assert w.read().splitlines()[-1] == line
    rc, out = verify(db)
    assert rc == 0 and "checkpoints verified: 2" in out, out


def test_the_server_signs_checkpoints_as_the_settings_say(honest):
    """renda serve signs a checkpoint when audit_checkpoint_entries says one is due (it
    looks about once a minute, and once more as it stops), so a busy server's trail is
    covered without anyone running `renda audit checkpoint`."""
    db = honest["db"].copy("served")
    with open(db.witness) as w:
        before = w.read().splitlines()
    d = Deployment(db.backend, db.loc, "audit-served")
    d.server.start()
    admin = d.token_client(Deployment.ADMIN)
    assert admin.patch("/settings", {"audit_checkpoint_entries": 1}).status_code == 200
    f = Factory(admin)
    f.unit(honest["cid"], f"常山县统计局{uniq()}")
    d.stop()
    head = db.entries()[-1]
    with open(db.witness) as w:
        after = w.read().splitlines()
    assert after[:len(before)] == before and len(after) > len(before), after
    assert after[-1].split(" ")[:2] == [head["id"], head["hash"]], (after[-1], head)
    rc, out = verify(db)
    assert rc == 0 and f"checkpoints verified: {len(after)}" in out, out


# --- forging the chain ------------------------------------------------------------------

def forge(db, key=None, downgrade=False):
    """Edit the middle entry's after, then recompute it and every later hash (plain SM3
    when key is None; downgrade also marks them unkeyed). Returns the edited id."""
    rows = db.entries()
    k = middle(rows)
    rows[k]["after"] = (rows[k]["after"] or "{}").replace("常山", "江山") \
        if rows[k]["after"] and "常山" in rows[k]["after"] else '{"name":"伪造"}'
    prev = rows[k]["prev_hash"]
    for r in rows[k:]:
        if downgrade:
            r["alg"], r["key_id"] = "sm3", None
        r["prev_hash"] = prev
        r["hash"] = prev = entry_hash(prev, r, key)
    db.rewrite(rows[k:])
    return int(rows[k]["id"])


def test_recomputing_with_the_right_key_is_what_renda_does(honest):
    """The test's own recomputation is faithful: redone with the real key and nothing
    changed, the chain still verifies (so the failures below are the key's doing)."""
    db = honest["db"].copy("same")
    keys = keyring(os.environ["RENDA_AUDIT_KEY"])
    rows = db.entries()
    prev = GENESIS
    for r in rows:
        key = keys[r["key_id"]] if r["alg"] == "hmac-sm3" else None
        assert entry_hash(prev, r, key) == r["hash"], f"entry {r['id']} hashes differently"
        prev = r["hash"]
    db.rewrite(rows)
    rc, out = verify(db)
    assert rc == 0, out


def test_forge_and_recompute_with_plain_sm3_fails(honest):
    db = honest["db"].copy("plain")
    k = forge(db)
    verify_fails(db, rf"FAILED at entry {k}\b")


def test_forge_and_recompute_as_unkeyed_entries_fails(honest):
    db = honest["db"].copy("down")
    k = forge(db, downgrade=True)
    verify_fails(db, rf"FAILED at entry {k}\b", "not keyed")


def test_rewriting_the_whole_chain_unkeyed_fails(honest):
    db = honest["db"].copy("alldown")
    rows = db.entries()
    prev = GENESIS
    for r in rows:
        r["alg"], r["key_id"], r["prev_hash"] = "sm3", None, prev
        r["hash"] = prev = entry_hash(prev, r)
    db.rewrite(rows)
    verify_fails(db, "no audit entry is keyed", "checkpoint FAILED")


def test_forge_and_recompute_with_a_wrong_key_fails(honest):
    db = honest["db"].copy("wrong")
    k = forge(db, key=os.urandom(32))
    verify_fails(db, rf"FAILED at entry {k}\b")


def test_rewrite_with_the_key_is_caught_by_the_checkpoint(honest):
    """Even the key's holder cannot rewrite entries a checkpoint has signed."""
    db = honest["db"].copy("insider")
    cli_ok("audit", "checkpoint", "--db", db.loc)
    rows = db.entries()
    keys = keyring(os.environ["RENDA_AUDIT_KEY"])
    k = middle(rows)
    rows[k]["login"] = "intruder"
    prev = rows[k]["prev_hash"]
    for r in rows[k:]:
        r["prev_hash"] = prev
        r["hash"] = prev = entry_hash(prev, r, keys[r["key_id"]])
    db.rewrite(rows[k:])
    out = verify_fails(db, "checkpoint FAILED", "rewritten")
    assert "audit trail intact" in out, out


# --- truncation ---------------------------------------------------------------------------

def test_deleting_the_newest_entries_after_a_checkpoint_fails(honest):
    db = honest["db"].copy("trunc")
    cli_ok("audit", "checkpoint", "--db", db.loc)
    rows = db.entries()
    keep = int(rows[-4]["id"])
    db.sql(f"DELETE FROM audit WHERE id > {keep}")
    out = verify_fails(db, "truncated", rf"ends at entry {keep}\b", rf"signed entry {rows[-1]['id']}\b")
    assert "audit trail intact" in out, out  # the chain that is left is consistent


def test_a_forged_witness_line_fails(honest):
    db = honest["db"].copy("wline")
    cli_ok("audit", "checkpoint", "--db", db.loc)
    with open(db.witness) as f:
        lines = f.read().splitlines()
    parts = lines[-1].split(" ")
    parts[0] = str(int(parts[0]) - 1)
    lines[-1] = " ".join(parts)
    with open(db.witness, "w") as f:
        f.write("\n".join(lines) + "\n")
    verify_fails(db, "checkpoint FAILED", "signature does not verify", rf"witness line {len(lines)}\b")


def test_a_missing_witness_is_a_warning(honest):
    db = honest["db"].copy("nowit")
    os.unlink(db.witness)
    rc, out = verify(db)
    assert rc == 0, out
    assert "no witness file" in out, out


# --- records changed behind the trail --------------------------------------------------

def test_direct_update_is_named(honest):
    db = honest["db"].copy("upd")
    uid = honest["units"][2]["id"]
    db.sql(f"UPDATE units SET name = '常山县审计局（改）' WHERE id = {uid}")
    out = verify_fails(db, rf"units {uid}: changed behind the trail: name differs")
    assert "audit trail intact" in out, out


def test_direct_insert_is_named(honest):
    db = honest["db"].copy("ins")
    db.sql(f"INSERT INTO units (congress_id, name, kind, created_at, updated_at) VALUES "
           f"({honest['cid']}, '常山县影子单位', 'other', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')")
    new = int(db.sql("SELECT MAX(id) FROM units")[0][0])
    verify_fails(db, rf"units {new}: inserted behind the trail")


def test_direct_delete_is_named(honest):
    db = honest["db"].copy("del")
    uid = honest["units"][3]["id"]
    db.sql(f"DELETE FROM units WHERE id = {uid}")
    verify_fails(db, rf"units {uid}: deleted behind the trail")


def test_restoring_a_deleted_record_is_named(honest):
    db = honest["db"].copy("undel")
    gone = honest["units"][1]
    db.sql(f"INSERT INTO units (id, congress_id, name, kind, created_at, updated_at) VALUES "
           f"({gone['id']}, {honest['cid']}, '{gone['name']}', 'department', '{gone['created_at']}', "
           f"'{gone['updated_at']}')")
    verify_fails(db, rf"units {gone['id']}: restored behind the trail")


def test_changed_link_list_is_named(honest):
    db = honest["db"].copy("link")
    rid = honest["reception"]["id"]
    db.sql(f"DELETE FROM reception_deputies WHERE reception_id = {rid}")
    verify_fails(db, rf"receptions {rid}: changed behind the trail: deputy_ids differs")


def test_changed_account_is_named(honest):
    db = honest["db"].copy("user")
    uid = int(db.sql("SELECT id FROM users WHERE login = 'keyed_staff'")[0][0])
    db.sql(f"UPDATE users SET login = 'keyed_intruder' WHERE id = {uid}")
    verify_fails(db, rf"users {uid}: changed behind the trail: login differs")


def test_renaming_a_referenced_record_is_no_fault(dbs, backend):
    """A reference's derived name (person_name) changes when the person is renamed
    through the API: the deputy's own row did not change."""
    d = Deployment(backend, dbs.new(backend, "rename"), "audit-rename").setup()
    try:
        f = Factory(d.admin)
        seed = f.seed()
        assert d.admin.patch(f"/persons/{seed['persons']['id']}", {"name": f"改名{uniq()}"}).status_code == 200
    finally:
        d.stop()
    rc, out = verify(Db(backend, d.db, dbs))
    assert rc == 0, out


def test_many_changes_are_capped_with_a_total(honest):
    db = honest["db"].copy("many")
    db.sql("UPDATE persons SET phone = '0570-0000000'; UPDATE units SET contact = '某'; "
           "UPDATE stations SET address = '某地'; UPDATE deputies SET occupation = '某'")
    out = verify_fails(db, r"records? changed behind the audit trail")
    n = int(re.search(r"(\d+) records changed behind the audit trail", out).group(1))
    listed = len(re.findall(r"^  \w+ \d+: ", out, re.M))
    assert listed == min(n, 100), out
    if n > 100:
        assert f"and {n - 100} more" in out, out


# --- the key: where it lives, who needs it ------------------------------------------

def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def env_without_key():
    env = dict(os.environ)
    env.pop("RENDA_AUDIT_KEY", None)
    env.pop("RENDA_AUDIT_WITNESS", None)
    return env


def run(args, env, input=None):
    return subprocess.run([RENDA_BIN, *map(str, args)], capture_output=True, text=True, env=env,
                          input=input, timeout=120)


def test_init_creates_private_key_files(tmp_path, dbs, backend):
    key = tmp_path / "k" / "renda.audit-key"
    key.parent.mkdir()
    db = dbs.new(backend, "keyfiles")
    p = cli_ok("init", "--db", db, "--audit-key", key)
    assert "audit key created" in p.stdout, p.stdout
    assert mode(key) == 0o600, oct(mode(key))
    assert mode(str(key) + ".sm2.pem") == 0o600
    assert os.path.exists(str(key) + ".sm2.pub.pem")
    assert len(keyring(key)) == 1
    # init again: the same key, nothing re-created
    before = key.read_bytes()
    p = cli_ok("init", "--db", db, "--audit-key", key)
    assert "audit key created" not in p.stdout and key.read_bytes() == before


def test_sqlite_default_key_is_beside_the_database(tmp_path):
    db = tmp_path / "county.db"
    p = run(["init", "--db", db], env_without_key())
    assert p.returncode == 0, p.stderr
    key = tmp_path / "county.db.audit-key"
    assert mode(key) == 0o600
    assert (tmp_path / "county.db.audit-witness").exists()
    assert run(["audit", "verify", "--db", db], env_without_key()).returncode == 0


def test_a_key_readable_by_others_is_refused(tmp_path):
    db = tmp_path / "lax.db"
    assert run(["init", "--db", db], env_without_key()).returncode == 0
    os.chmod(str(db) + ".audit-key", 0o644)
    p = run(["user", "list", "--db", db], env_without_key())
    assert p.returncode == 1 and "chmod 600" in p.stderr, p.stderr


def test_postgres_needs_the_key_named(dbs, backend):
    if backend != "pg":
        pytest.skip("PostgreSQL has no default key file")
    db = dbs.new(backend, "nokey")
    p = run(["init", "--db", db], env_without_key())
    assert p.returncode == 1 and "--audit-key" in p.stderr, p.stderr


def test_the_key_is_in_neither_database_nor_backup(honest, tmp_path):
    keys = keyring(os.environ["RENDA_AUDIT_KEY"])
    db = honest["db"]
    for kid, key in keys.items():
        if db.backend == "sqlite":
            out = tmp_path / "backup.db"
            cli_ok("backup", "--db", db.loc, out)
            for path in (db.loc, out):
                data = open(path, "rb").read()
                assert key not in data and key.hex().encode() not in data, f"the key is in {path}"
            assert not [p for p in os.listdir(tmp_path) if "audit-key" in p], os.listdir(tmp_path)
        else:
            dump = subprocess.run(["pg_dump", db.dbs.pg.db_url(db.name)], capture_output=True,
                                  timeout=120)
            assert dump.returncode == 0, dump.stderr
            assert key.hex().encode() not in dump.stdout and key not in dump.stdout
        assert kid in "".join(r["key_id"] or "" for r in db.entries())  # only its public id


def test_writing_without_the_key_is_refused(honest, tmp_path):
    db = honest["db"].copy("nokey")
    env = env_without_key()
    if db.backend == "sqlite":  # a copy elsewhere has no key beside it
        moved = tmp_path / "moved.db"
        shutil.copy(db.loc, moved)
        db = Db("sqlite", str(moved), db.dbs)
    before = db.sql("SELECT COUNT(*) FROM audit")[0][0]
    for args in (["user", "add", "--db", db.loc, "--login", "no_key_user", "--role", "admin"],
                 ["token", "create", "--db", db.loc, "--login", "keyed_staff"],
                 ["serve", "--db", db.loc, "--listen", "127.0.0.1:1"]):
        p = run(args, env, input="Secret-pass-1\n")
        assert p.returncode == 1, f"{args[0]} without the key → {p.returncode}: {p.stdout}{p.stderr}"
        assert "--audit-key" in p.stderr and "keyed" in p.stderr, p.stderr
    # a key file that is not this trail's key
    other = tmp_path / "other.audit-key"
    assert run(["init", "--db", tmp_path / "other.db", "--audit-key", other], env).returncode == 0
    p = run(["user", "add", "--db", db.loc, "--login", "no_key_user", "--role", "admin",
             "--audit-key", other], env, input="Secret-pass-1\n")
    assert p.returncode == 1 and "does not hold key" in p.stderr, p.stderr
    assert db.sql("SELECT COUNT(*) FROM audit")[0][0] == before
    # reading still works, and verify says which key it lacks
    assert run(["user", "list", "--db", db.loc], env).returncode == 0
    rc, out = verify(db, "--audit-key", str(other), env=env)
    assert rc == 1 and "does not hold" in out, out


def test_rotate_key(honest, tmp_path):
    db = honest["db"].copy("rot")
    key = tmp_path / "rot.audit-key"
    shutil.copy(os.environ["RENDA_AUDIT_KEY"], key)
    os.chmod(key, 0o600)
    for suffix in (".sm2.pem", ".sm2.pub.pem"):
        shutil.copy(os.environ["RENDA_AUDIT_KEY"] + suffix, str(key) + suffix)
    os.chmod(str(key) + ".sm2.pem", 0o600)
    old = set(keyring(key))
    p = cli_ok("audit", "rotate-key", "--db", db.loc, "--audit-key", key, "--audit-witness", db.witness)
    new = set(keyring(key)) - old
    assert len(new) == 1 and "rotated" in p.stdout, p.stdout
    cli_ok("user", "add", "--db", db.loc, "--login", f"after_rotation{uniq()}", "--role", "admin",
           "--audit-key", key, input="Rotated-pass-1\n")
    rows = db.entries()
    assert rows[-1]["key_id"] in new and rows[-2]["action"] == "rotate_key"
    rc, out = verify(db, "--audit-key", str(key))
    assert rc == 0, out
    # verification needs every key the trail used: a keyring without the old key fails
    lean = tmp_path / "lean.audit-key"
    lean.write_text("".join(ln for ln in key.read_text().splitlines(True)
                            if not any(ln.startswith(f"key {k} ") for k in old)))
    os.chmod(lean, 0o600)
    rc, out = verify(db, "--audit-key", str(lean), "--audit-witness", db.witness)
    assert rc == 1 and "does not hold" in out, out


def test_a_key_change_without_rotation_fails(honest):
    db = honest["db"].copy("swap")
    rows = db.entries()
    k = middle(rows)
    new_key = os.urandom(32)
    rows[k]["key_id"] = "0123456789abcdef"
    prev = rows[k]["prev_hash"]
    for r in rows[k:]:
        r["prev_hash"] = prev
        r["hash"] = prev = entry_hash(prev, r, new_key if r is rows[k] else None)
    db.rewrite(rows[k:])
    verify_fails(db, rf"FAILED at entry {rows[k]['id']}\b")


def test_settings_bound_the_checkpoint_interval(dep):
    a = dep.admin
    got = {s["key"]: s for s in a.get("/settings").json()["items"]}
    for k in ("audit_checkpoint_entries", "audit_checkpoint_minutes"):
        assert k in got, sorted(got)
    r = a.patch("/settings", {"audit_checkpoint_entries": 0})
    assert r.status_code == 422, r.text
    r = a.patch("/settings", {"audit_checkpoint_minutes": 10 ** 6})
    assert r.status_code == 422, r.text
    r = a.patch("/settings", {"audit_checkpoint_entries": 500})
    assert r.status_code == 200, r.text
    # the installation's setting: an office account may not change it
    cg = Factory(a).congress()
    dep.add_user("keyed_settings_staff", "staff", congress=cg["id"])
    r = dep.token_client("keyed_settings_staff").patch("/settings", {"audit_checkpoint_minutes": 5})
    assert r.status_code == 403, r.text


def test_a_trail_from_before_the_key_is_kept_and_keyed(tmp_path):
    """Today's databases (demo.db) hold a plain-SM3 chain: `renda init` applies the
    migration, creates the key and keys every entry after it; the old entries verify
    as they are, and an unkeyed entry after a keyed one is a forgery."""
    db, key = tmp_path / "old.db", tmp_path / "old.audit-key"
    env = env_without_key()
    assert run(["init", "--db", db, "--audit-key", key], env).returncode == 0
    for p in (key, str(key) + ".sm2.pem", str(key) + ".sm2.pub.pem", str(db) + ".audit-witness"):
        os.unlink(p)
    con = sqlite3.connect(db)
    with con:  # back to the schema before migration 004, with a plain chain
        con.executescript("DELETE FROM audit; DELETE FROM schema_migrations WHERE number = 4; "
                          "DROP INDEX audit_record; ALTER TABLE audit DROP COLUMN key_id; "
                          "ALTER TABLE audit DROP COLUMN alg; "
                          "CREATE INDEX audit_record ON audit(collection, record_id);")
        prev = GENESIS
        for n, login in enumerate(["old_admin", "old_office"], 1):
            uid = con.execute("INSERT INTO users (login, password_hash, role, created_at, updated_at) "
                              "VALUES (?, 'x', 'admin', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z') "
                              "RETURNING id", (login,)).fetchone()[0]
            row = {"id": n, "at": "2024-01-01T00:00:00Z", "user_id": 0, "login": "cli", "congress_id": None,
                   "action": "create", "collection": "users", "record_id": uid, "before": None,
                   "after": f'{{"id":{uid},"login":"{login}"}}', "alg": None, "key_id": None}
            h = entry_hash(prev, row)
            con.execute("INSERT INTO audit (id, at, user_id, login, congress_id, action, collection, record_id, "
                        "before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        [row[f] for f in FIELDS[:10]] + [prev, h])
            prev = h
    con.close()
    p = run(["init", "--db", db, "--audit-key", key], env)
    assert p.returncode == 0 and "1 migration applied" in p.stdout and "keyed" in p.stdout, p.stdout + p.stderr
    p = run(["user", "add", "--db", db, "--login", "new_admin", "--role", "admin", "--audit-key", key], env,
            input="New-admin-pass-1\n")
    assert p.returncode == 0, p.stderr
    p = run(["audit", "verify", "--db", db, "--audit-key", key], env)
    assert p.returncode == 0 and "4 entries verified" in p.stdout, p.stdout + p.stderr
    con = sqlite3.connect(db)
    algs = [r[0] for r in con.execute("SELECT alg FROM audit ORDER BY id")]
    assert algs == ["sm3", "sm3", "hmac-sm3", "hmac-sm3"], algs
    with con:  # an unkeyed entry after the keyed ones, chained with plain SM3
        last = con.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
        row = {"id": 5, "at": "2024-01-02T00:00:00Z", "user_id": 0, "login": "cli", "congress_id": None,
               "action": "delete", "collection": "users", "record_id": 1, "before": None, "after": None,
               "alg": "sm3", "key_id": None}
        con.execute("INSERT INTO audit (id, at, user_id, login, congress_id, action, collection, record_id, "
                    "before, after, alg, key_id, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [row[f] for f in FIELDS] + [last, entry_hash(last, row)])
    con.close()
    p = run(["audit", "verify", "--db", db, "--audit-key", key], env)
    assert p.returncode == 1 and "FAILED at entry 5" in p.stderr and "not keyed" in p.stderr, p.stderr
