"""Failed-login throttling (docs/api.md "Authentication"): counted atomically in the
database per (login, client address) and per login; whoever keeps guessing is locked
out for a growing time while the owner on another address still logs in; an
administrator releases a lock (API and CLI); locks and releases are audited; a
forwarded address is believed only from a trusted proxy."""

import datetime
import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from requests.adapters import HTTPAdapter

from conftest import Client, Factory, Server, assert_error, cli, cli_ok, uniq

LIMIT = 5  # login_max_failures, default
WINDOW = 15  # login_failure_window_minutes, default


class SourceAdapter(HTTPAdapter):
    """Connections from a given loopback address (127.0.0.0/8 is all ours on Linux)."""

    def __init__(self, ip):
        self.ip = ip
        super().__init__()

    def init_poolmanager(self, *args, **kw):
        kw["source_address"] = (self.ip, 0)
        super().init_poolmanager(*args, **kw)


def client_from(base, ip):
    c = Client(base)
    c.s.mount("http://", SourceAdapter(ip))
    return c


@pytest.fixture(scope="module")
def world(dep):
    cg = Factory(dep.admin).congress("常山县人民代表大会")
    return {"cid": cg["id"]}


def account(dep, world):
    login = f"owner{uniq()}"
    pw = dep.add_user(login, "member", congress=world["cid"])
    uid = next(u["id"] for u in dep.admin.list("users")["items"] if u["login"] == login)
    return login, pw, uid


def lock_out(base, ip, login, headers=None):
    """LIMIT wrong passwords (401), then the next attempt is refused (429)."""
    for i in range(LIMIT):
        assert_error(client_from(base, ip).post("/login", {"login": login, "password": f"wrong-{i}"},
                                                headers=headers or {}), 401)
    return assert_error(client_from(base, ip).post("/login", {"login": login, "password": "wrong-again"},
                                                   headers=headers or {}), 429)


def sql(dep, statement, params=()):
    """Run one statement on the deployment's database (either backend)."""
    if dep.backend == "sqlite":
        con = sqlite3.connect(dep.db)
        try:
            con.execute(statement, params)
            con.commit()
        finally:
            con.close()
        return
    text = statement
    for p in params:
        text = text.replace("?", "'" + str(p).replace("'", "''") + "'", 1)
    p = subprocess.run(["psql", dep.db, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-c", text],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr


def iso(minutes_from_now):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes_from_now)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_parallel_wrong_passwords_get_exactly_the_limit(dep, world):
    login, pw, uid = account(dep, world)

    def attempt(i):
        return Client(dep.base).login(login, f"guess-{i}").status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        codes = list(pool.map(attempt, range(100)))
    assert sorted(set(codes)) == [401, 429], codes
    # only as many passwords were really checked as the limit allows
    assert codes.count(401) == LIMIT, f"{codes.count(401)} passwords checked against a limit of {LIMIT}"


def test_owner_logs_in_from_another_address(dep, world):
    login, pw, uid = account(dep, world)
    lock_out(dep.base, "127.0.0.2", login)
    # the attacker's address stays locked, even with the right password
    assert_error(client_from(dep.base, "127.0.0.2").login(login, pw), 429)
    # the owner elsewhere is not
    r = client_from(dep.base, "127.0.0.1").login(login, pw)
    assert r.status_code == 200, r.text
    # and the owner's success does not release the attacker's address
    assert_error(client_from(dep.base, "127.0.0.2").login(login, pw), 429)


def test_many_addresses_lock_the_login_everywhere(dep, world):
    login, pw, uid = account(dep, world)
    assert dep.admin.patch("/settings", {"login_max_failures_global": 6}).status_code == 200
    try:
        for i in range(4):
            assert_error(client_from(dep.base, "127.0.0.3").login(login, f"wrong-{i}"), 401)
        for i in range(2):
            assert_error(client_from(dep.base, "127.0.0.4").login(login, f"wrong-{i}"), 401)
        # the seventh attempt from anywhere is over the login's own limit
        assert_error(client_from(dep.base, "127.0.0.4").login(login, "wrong-x"), 429)
        assert_error(client_from(dep.base, "127.0.0.5").login(login, pw), 429)
        assert dep.admin.delete(f"/users/{uid}/lock").status_code == 200
        assert client_from(dep.base, "127.0.0.5").login(login, pw).status_code == 200
    finally:
        assert dep.admin.patch("/settings", {"login_max_failures_global": 50}).status_code == 200


def test_each_lock_lasts_twice_the_one_before(dep, world):
    login, pw, uid = account(dep, world)
    first = lock_out(dep.base, "127.0.0.6", login)
    assert f"{WINDOW} minutes" in first["message"], first
    assert first.get("message_zh"), first
    # the first lock has run out (its window too)
    sql(dep, "UPDATE login_throttle SET locked_until = ?, window_start = ? WHERE login = ? AND address = ?",
        (iso(-1), iso(-WINDOW - 1), login, "127.0.0.6"))
    second = lock_out(dep.base, "127.0.0.6", login)
    assert f"{2 * WINDOW} minutes" in second["message"], second


def test_admin_sees_and_releases_a_lock(dep, world):
    login, pw, uid = account(dep, world)
    lock_out(dep.base, "127.0.0.1", login)
    acct = next(u for u in dep.admin.list("users")["items"] if u["id"] == uid)
    assert acct["locked"] is True and acct["locked_until"], acct
    # only an administrator releases it
    staff_login = f"office{uniq()}"
    dep.add_user(staff_login, "staff", congress=world["cid"])
    assert_error(dep.token_client(staff_login).delete(f"/users/{uid}/lock"), 403)
    assert_error(dep.admin.delete("/users/999999/lock"), 404)
    r = dep.admin.delete(f"/users/{uid}/lock")
    assert r.status_code == 200, r.text
    assert r.json()["locked"] is False and r.json()["locked_until"] is None
    assert Client(dep.base).login(login, pw).status_code == 200
    # both are in the audit trail, on the account
    actions = [e["action"] for e in dep.admin.get("/audit", params={"collection": "users", "id": uid}).json()["items"]]
    assert "lock" in actions and "unlock" in actions, actions


def test_cli_unlock(dep, world):
    login, pw, uid = account(dep, world)
    lock_out(dep.base, "127.0.0.1", login)
    out = cli_ok("user", "list", "--db", dep.db).stdout
    line = [ln for ln in out.splitlines() if f" {login} " in ln]
    assert line and "locked" in line[0], out
    cli_ok("user", "unlock", "--db", dep.db, "--login", login)
    assert Client(dep.base).login(login, pw).status_code == 200
    assert cli("user", "unlock", "--db", dep.db).returncode == 2


def test_forwarded_address_only_from_a_trusted_proxy(dep, world):
    login, pw, uid = account(dep, world)
    # not trusted by default: X-Forwarded-For is anyone's to write
    lock_out(dep.base, "127.0.0.1", login, headers={"X-Forwarded-For": "203.0.113.7"})
    assert_error(Client(dep.base).post("/login", {"login": login, "password": pw},
                                       headers={"X-Forwarded-For": "198.51.100.2"}), 429)
    assert dep.admin.delete(f"/users/{uid}/lock").status_code == 200
    # a second server on the same database, behind a proxy at 127.0.0.1
    proxied = Server(dep.db, f"proxied-{dep.backend}").start(extra=["--trusted-proxy", "127.0.0.1"])
    try:
        lock_out(proxied.base, "127.0.0.1", login, headers={"X-Forwarded-For": "203.0.113.8"})
        # the client behind the proxy is who counts: the owner at another address logs in
        r = Client(proxied.base).post("/login", {"login": login, "password": pw},
                                      headers={"X-Forwarded-For": "198.51.100.3"})
        assert r.status_code == 200, r.text
        # a client cannot slip a fake address in front of the one the proxy appended
        r = Client(proxied.base).post("/login", {"login": login, "password": pw},
                                      headers={"X-Forwarded-For": "198.51.100.3, 203.0.113.8"})
        assert_error(r, 429)
    finally:
        assert proxied.stop() == 0


def test_bad_serve_options_are_refused(dep):
    for args in (["--trusted-proxy", "not-an-address"], ["--public-url", "renda.example.gov.cn"]):
        p = cli("serve", "--db", dep.db, "--listen", "127.0.0.1:1", *args, timeout=20)
        assert p.returncode == 2, (args, p.stdout, p.stderr)
