"""The `renda` command line: --help everywhere, exit codes (0 ok, 1 failure, 2 usage),
user management, idempotent init, demo data."""

import socket
import sqlite3
import subprocess

import pytest

from conftest import RENDA_BIN, Client, Deployment, Factory, assert_error, cli, cli_ok, uniq

SUBCOMMANDS = [
    ["init"], ["serve"], ["user"], ["user", "add"], ["user", "passwd"], ["user", "list"], ["user", "disable"],
    ["token"], ["token", "create"], ["import"], ["export"], ["backup"], ["audit"], ["audit", "verify"],
]


def test_top_level_help():
    p = cli("--help")
    assert p.returncode == 0, p
    out = p.stdout + p.stderr
    for sub in ("init", "serve", "user", "token", "import", "export", "backup", "audit"):
        assert sub in out, f"--help does not mention {sub}"


@pytest.mark.parametrize("args", SUBCOMMANDS, ids=["-".join(a) for a in SUBCOMMANDS])
def test_subcommand_help(args):
    p = cli(*args, "--help")
    assert p.returncode == 0, f"{args} --help → {p.returncode}: {p.stderr}"
    out = p.stdout + p.stderr
    assert args[-1] in out
    assert p.stdout.strip(), "help belongs on stdout"
    if args not in (["user"], ["token"], ["audit"]):
        assert "--db" in out, f"{args} --help does not mention --db"


@pytest.mark.parametrize("args", [
    [], ["frobnicate"], ["init"], ["init", "--db"], ["init", "--db", "x.db", "--bogus"],
    ["user"], ["user", "frob"], ["user", "add", "--db", "x.db"], ["token"], ["token", "create", "--db", "x.db"],
    ["import", "--db", "x.db", "units"], ["export", "--db", "x.db"], ["backup", "--db", "x.db"],
    ["audit"], ["audit", "frob"], ["audit", "verify"], ["serve", "--db"],
], ids=lambda a: "-".join(a) or "none")
def test_usage_errors_exit_2(args, tmp_path):
    p = subprocess_in(tmp_path, args)
    assert p.returncode == 2, f"renda {' '.join(args)} → {p.returncode} (want 2): {p.stdout} {p.stderr}"
    assert p.stderr.strip(), "a usage error says what is wrong on stderr"


def subprocess_in(cwd, args, input=None):
    return subprocess.run([RENDA_BIN, *args], cwd=cwd, capture_output=True, text=True, input=input, timeout=60)


@pytest.fixture
def db(dbs, backend):
    return dbs.new_initialised(backend, "cli")


def migrations(db, dbs):
    if db.startswith("postgres"):
        name = db.rsplit("/", 1)[1].split("?")[0]
        return dbs.pg.psql("SELECT count(*) FROM schema_migrations", db=name).strip()
    con = sqlite3.connect(db)
    try:
        return str(con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0])
    finally:
        con.close()


def test_init_twice_is_harmless(db, dbs):
    n = migrations(db, dbs)
    assert int(n) >= 1
    cli_ok("user", "add", "--db", db, "--login", "keeper", "--role", "admin", input="Keeper-pw-1\n")
    p = cli("init", "--db", db)
    assert p.returncode == 0, p.stdout + p.stderr
    assert migrations(db, dbs) == n, "migrations were applied again"
    assert "keeper" in cli_ok("user", "list", "--db", db).stdout


def test_init_failures(tmp_path):
    p = cli("init", "--db", str(tmp_path / "no" / "such" / "dir" / "x.db"))
    assert p.returncode == 1, p
    assert p.stderr.strip()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = cli("init", "--db", f"postgresql://nobody@127.0.0.1:{port}/nothing", timeout=60)
    assert p.returncode == 1, p
    assert p.stderr.strip()


def test_user_add_and_list(db):
    cli_ok("user", "add", "--db", db, "--login", "root_admin", "--role", "admin", input="Str0ng-pass\n")
    p = cli_ok("user", "list", "--db", db)
    assert "root_admin" in p.stdout and "admin" in p.stdout
    # a second account with the same login fails
    p = cli("user", "add", "--db", db, "--login", "root_admin", "--role", "admin", input="other-pass\n")
    assert p.returncode == 1, p
    assert p.stderr.strip()


@pytest.mark.parametrize("args,stdin", [
    (["--login", "x1", "--role", "emperor"], "pw-123456\n"),
    (["--login", "x2", "--role", "staff", "--congress", "987654"], "pw-123456\n"),
    (["--login", "x3", "--role", "deputy", "--congress", "987654", "--deputy", "987654"], "pw-123456\n"),
    (["--login", "x4", "--role", "admin"], ""),
    (["--login", "x5", "--role", "admin"], "\n"),
    (["--login", "", "--role", "admin"], "pw-123456\n"),
], ids=["bad-role", "no-such-congress", "no-such-deputy", "no-password", "empty-password", "empty-login"])
def test_user_add_failures(db, args, stdin):
    p = cli("user", "add", "--db", db, *args, input=stdin)
    assert p.returncode in (1, 2), p
    assert p.stderr.strip()
    assert args[1] not in cli_ok("user", "list", "--db", db).stdout.split() or args[1] == ""


def test_unknown_login_fails(db):
    for args in (["token", "create"], ["user", "disable"], ["user", "passwd"]):
        p = cli(*args, "--db", db, "--login", "nobody_here", input="new-pass-1\n")
        assert p.returncode == 1, f"{args}: {p}"
        assert p.stderr.strip()


def test_data_command_failures(db, tmp_path):
    p = cli("import", "--db", db, "units", tmp_path / "missing.csv")
    assert p.returncode == 1, p
    (tmp_path / "u.csv").write_bytes("\ufeffcongress_id,name,kind\r\n".encode())
    p = cli("import", "--db", db, "no_such_table", tmp_path / "u.csv")
    assert p.returncode in (1, 2), p
    p = cli("export", "--db", db, "units", tmp_path / "no" / "dir" / "out.csv")
    assert p.returncode == 1, p
    p = cli("export", "--db", db, "units", tmp_path / "out.pdf")
    assert p.returncode in (1, 2), p
    p = cli("export", "--db", db, "no_such_table", tmp_path / "out.csv")
    assert p.returncode in (1, 2), p
    p = cli_ok("export", "--db", db, "units", tmp_path / "empty.csv")
    assert (tmp_path / "empty.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_commands_on_a_missing_database(tmp_path):
    missing = str(tmp_path / "never-initialised.db")
    for args in (["user", "list"], ["audit", "verify"], ["token", "create", "--login", "x"]):
        p = cli(*args[:2], "--db", missing, *args[2:])
        assert p.returncode == 1, f"{args}: {p}"


def test_audit_verify_fresh(db):
    p = cli("audit", "verify", "--db", db)
    assert p.returncode == 0, p


def test_serve_failures(db, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        p = cli("serve", "--db", db, "--listen", f"127.0.0.1:{port}", timeout=30)
        assert p.returncode == 1, f"serve on a busy port → {p.returncode}: {p.stderr}"
        assert p.stderr.strip()
    p = cli("serve", "--db", db, "--listen", "not-an-address", timeout=30)
    assert p.returncode in (1, 2), p


def test_serve_refuses_a_port_another_renda_serves(dep):
    """A second server on a running server's port must fail, not share the port's
    connections with it (requests would land on either server at random)."""
    p = cli("serve", "--db", dep.db, "--listen", f"127.0.0.1:{dep.server.port}", timeout=30)
    assert p.returncode == 1, f"second serve → {p.returncode}: {p.stderr}"
    assert "cannot listen" in p.stderr
    for _ in range(20):  # the first server still answers every request
        assert dep.anon().get("/health").status_code == 200


@pytest.fixture(scope="module")
def live(dep):
    cg = Factory(dep.admin).congress("常山县人民代表大会")
    return {"cid": cg["id"]}


def test_user_disable(dep, live):
    login = f"leaver{uniq()}"
    pw = dep.add_user(login, "staff", congress=live["cid"])
    tok_client = dep.token_client(login)
    assert tok_client.get("/me").status_code == 200
    cookie_client = dep.login_client(login)
    cli_ok("user", "disable", "--db", dep.db, "--login", login)
    assert_error(Client(dep.base).login(login, pw), 401)
    assert_error(tok_client.get("/me"), 401)
    assert_error(cookie_client.get("/me"), 401)
    out = cli_ok("user", "list", "--db", dep.db).stdout
    line = [ln for ln in out.splitlines() if login in ln]
    assert line and "disabled" in line[0].lower(), f"user list does not show {login} as disabled: {out}"
    p = cli("token", "create", "--db", dep.db, "--login", login)
    assert p.returncode == 1, "a token was issued to a disabled account"


def test_user_passwd(dep, live):
    login = f"changer{uniq()}"
    old = dep.add_user(login, "member", congress=live["cid"])
    cli_ok("user", "passwd", "--db", dep.db, "--login", login, input="全新的密码-2024\n")
    assert_error(Client(dep.base).login(login, old), 401)
    r = Client(dep.base).login(login, "全新的密码-2024")
    assert r.status_code == 200, r.text
    assert r.json()["user"]["login"] == login


def test_token_create(dep, live):
    a = cli_ok("token", "create", "--db", dep.db, "--login", Deployment.ADMIN).stdout.strip()
    b = cli_ok("token", "create", "--db", dep.db, "--login", Deployment.ADMIN).stdout.strip()
    assert a != b and len(a) >= 32
    assert Client(dep.base, token=a).get("/me").json()["user"]["role"] == "admin"


def test_init_demo(dbs, backend):
    db = dbs.new(backend, "demo")
    p = cli("init", "--db", db, "--demo", timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    d = Deployment(backend, db, "cli-demo")
    d.add_user("test_admin", "admin", password=Deployment.ADMIN_PW)  # the demo may bring its own admin
    d.server.start()
    try:
        a = d.token_client("test_admin")
        county = [c for c in a.all("congresses") if c["name"] == "常山县人民代表大会"]
        assert len(county) == 1, [c["name"] for c in a.all("congresses")]
        cid = county[0]["id"]
        terms = a.all("terms", congress_id=cid)
        assert any(t["number"] == 16 for t in terms)
        current = max(terms, key=lambda t: t["number"])["id"]  # each term has its own
        deputies = a.all("deputies", congress_id=cid)
        county_deps = [x for x in deputies if x["level"] == "county" and x["term_id"] == current]
        assert 150 <= len(county_deps) <= 250, len(county_deps)
        assert len({x["delegation"] for x in county_deps}) == 14
        assert any(x["level"] != "county" for x in deputies), "no deputies of higher levels"
        assert 20 <= a.total("members", congress_id=cid, term_id=current) <= 40
        assert 40 <= a.total("units", congress_id=cid) <= 60
        assert a.total("stations", congress_id=cid, kind="station") == 14
        assert a.total("stations", congress_id=cid, kind="point") == 18
        assert all(x["person_name"] for x in deputies)
    finally:
        d.stop()
    # demo data already there: a second --demo does not duplicate it
    p = cli("init", "--db", db, "--demo", timeout=300)
    assert p.returncode in (0, 1), p


def test_user_add_takes_the_congress_of_its_deputy_or_unit(dep):
    """A deputy's or a unit's account belongs to that record's congress: --congress is
    needed only for staff and members, and a missing one is named as the flag."""
    f = Factory(dep.admin)
    seed = f.seed(f"常山县人民代表大会{uniq()}")
    cid = seed["congresses"]["id"]
    pw = f"pw-账号-{uniq()}-秘密"
    for login, role, flag, rid in ((f"dep{uniq()}", "deputy", "--deputy", seed["deputies"]["id"]),
                                   (f"unit{uniq()}", "unit", "--unit", seed["units"]["id"])):
        cli_ok("user", "add", "--db", dep.db, "--login", login, "--role", role, flag, rid, input=pw + "\n")
        user = [u for u in dep.admin.get("/users").json()["items"] if u["login"] == login][0]
        assert user["congress_id"] == cid and user["role"] == role
    p = cli("user", "add", "--db", dep.db, "--login", f"staff{uniq()}", "--role", "staff", input=pw + "\n")
    assert p.returncode == 1 and "--congress" in p.stderr and "congress_id" not in p.stderr, p.stderr
    p = cli("user", "add", "--db", dep.db, "--login", f"dep{uniq()}", "--role", "deputy", "--deputy",
            999999, input=pw + "\n")
    assert p.returncode == 1 and "--deputy" in p.stderr and "999999" in p.stderr, p.stderr
