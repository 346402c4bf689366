"""Black-box API tests for renda: shared machinery.

The tests start the real `renda serve` (RENDA_BIN, default build/renda) on a fresh
database per test module and per backend (RENDA_BACKENDS, default "sqlite,pg"), and
talk to it over HTTP as docs/api.md describes. PostgreSQL: one temporary cluster per
test session (scripts/pg-temp, or RENDA_PG_URL when the caller started one), and a
fresh database in it for every server, so modules never see each other's records.

Helpers used by the test modules live here too (`from conftest import ...`).
"""

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

import pytest
import requests

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RENDA_BIN = os.path.abspath(os.path.join(REPO, os.environ.get("RENDA_BIN", "build/renda")))
BACKENDS = [b.strip() for b in os.environ.get("RENDA_BACKENDS", "sqlite,pg").split(",") if b.strip()]
OUT_DIR = os.path.abspath(os.path.join(REPO, os.environ.get("RENDA_TEST_OUTPUT", "test-output")))
API = "/api/v1"
COLLECTIONS = ["congresses", "terms", "persons", "committees", "units", "stations", "deputies", "members"]
SERVER_OWNED = {"id", "created_at", "updated_at"}
START_TIMEOUT = 20.0
REQ_TIMEOUT = 30.0
# A keep-alive connection idle this long is not reused. The server shuts down one idle
# past http_head_timeout (10 s by default); a request sent on it in the same instant is
# lost unanswered ("Remote end closed connection"): the race every HTTP client has,
# which browsers answer by retrying and requests does not (a POST is not retried).
# Staying well under the deadline is what a careful client does.
KEEPALIVE_REUSE_S = 4.0

# status → error code, from the table in docs/api.md
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}

_counter = itertools.count(1)


def uniq():
    """A number unique within the test session (for unique names)."""
    return next(_counter)


_term_numbers = {}


def term_number(congress_id):
    """A term number not yet used in the congress by these tests (terms are numbered
    1.., unique per congress; 15 and 16 are left for the tests that name them)."""
    n = _term_numbers.get(congress_id, 19) + 1
    _term_numbers[congress_id] = n
    return n


# ---------------------------------------------------------------------------
# CLI


def cli(*args, input=None, timeout=60):
    """Run `renda ARGS…`; returns CompletedProcess (text, stdout/stderr captured)."""
    return subprocess.run([RENDA_BIN, *[str(a) for a in args]], input=input, capture_output=True,
                          text=True, timeout=timeout)


def cli_ok(*args, input=None, timeout=60):
    p = cli(*args, input=input, timeout=timeout)
    assert p.returncode == 0, f"renda {' '.join(map(str, args))} exited {p.returncode}\n" \
                              f"stdout: {p.stdout}\nstderr: {p.stderr}"
    return p


# ---------------------------------------------------------------------------
# HTTP


class Client:
    """requests.Session bound to a server's base URL, authenticated by a bearer token,
    a session cookie (after .login()), or nothing (anonymous)."""

    def __init__(self, base, token=None):
        self.base = base.rstrip("/")
        self.s = requests.Session()
        self.token = token
        self.last_used = 0.0
        if token:
            self.s.headers["Authorization"] = "Bearer " + token

    def url(self, path):
        if path.startswith("http"):
            return path
        if not path.startswith(API):
            path = API + path
        return self.base + path

    def req(self, method, path, body=None, **kw):
        kw.setdefault("timeout", REQ_TIMEOUT)
        if body is not None:
            kw["json"] = body
        elif method in ("POST", "PATCH", "DELETE") and "data" not in kw:
            # a body-less write (logout, DELETE) is still a JSON API call, as a web app sends it
            headers = dict(kw.get("headers") or {})
            headers.setdefault("Content-Type", "application/json")
            kw["headers"] = headers
        now = time.monotonic()
        if now - self.last_used > KEEPALIVE_REUSE_S:
            self.s.close()  # drops the pooled connections; the next request opens a fresh one
        self.last_used = now
        return self.s.request(method, self.url(path), **kw)

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.req("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.req("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.req("DELETE", path, **kw)

    def put(self, path, body=None, **kw):
        return self.req("PUT", path, body, **kw)

    def login(self, login, password):
        return self.post("/login", {"login": login, "password": password})

    @property
    def session_cookie(self):
        return self.s.cookies.get("renda_session")

    # conveniences for the common, must-succeed calls
    def create(self, collection, body):
        r = self.post("/" + collection, body)
        assert r.status_code == 201, f"POST /{collection} {body!r} → {r.status_code} {r.text}"
        return r.json()

    def one(self, collection, rid):
        r = self.get(f"/{collection}/{rid}")
        assert r.status_code == 200, f"GET /{collection}/{rid} → {r.status_code} {r.text}"
        return r.json()

    def list(self, collection, /, **params):
        r = self.get("/" + collection, params=params)
        assert r.status_code == 200, f"GET /{collection} {params} → {r.status_code} {r.text}"
        return r.json()

    def all(self, collection, /, **params):
        """Every record of a list (all pages, sorted by id)."""
        items, page = [], 1
        params = dict(params)
        params.setdefault("sort", "id")
        while True:
            d = self.list(collection, page=page, per_page=500, **params)
            items += d["items"]
            if len(d["items"]) < 500:
                return items
            page += 1

    def total(self, collection, /, **params):
        return self.list(collection, per_page=1, **params)["total"]


def assert_error(r, status, field=None, code=None):
    """The response is `status` with the error JSON of docs/api.md; optionally the
    blamed field. `status` may be a tuple of acceptable statuses. Returns the error."""
    statuses = status if isinstance(status, (tuple, list, set)) else (status,)
    assert r.status_code in statuses, \
        f"{r.request.method} {r.request.url}: expected {status}, got {r.status_code}: {r.text[:500]}"
    ctype = r.headers.get("Content-Type", "")
    assert "application/json" in ctype, f"error response Content-Type is {ctype!r}"
    try:
        body = r.json()
    except ValueError:
        pytest.fail(f"error body is not JSON: {r.text[:300]!r}")
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), f"no error object: {body!r}"
    err = body["error"]
    for k in ("code", "message", "field"):
        assert k in err, f"error lacks {k!r}: {err!r}"
        assert isinstance(err[k], str), f"error.{k} is not a string: {err!r}"
    assert err["message"], f"empty error message: {err!r}"
    assert err["code"] == (code or ERROR_CODES[r.status_code]), f"wrong error code for {r.status_code}: {err!r}"
    if field is not None:
        fields = field if isinstance(field, (tuple, list, set)) else (field,)
        assert err["field"] in fields, f"expected field {field!r}, got {err!r}"
    return err


def strip_owned(rec, also=()):
    """The record without server-owned and server-derived (x_name) fields."""
    out = {}
    for k, v in rec.items():
        if k in SERVER_OWNED or k in also:
            continue
        if k.endswith("_name") and (k[:-5] + "_id") in rec:
            continue
        out[k] = v
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw_http(port, request_bytes, body_chunks=(), timeout=15.0):
    """Send raw bytes to the server and return (status, headers_text, body_bytes).
    Sending errors after the headers (the server may answer early and close) are
    ignored; whatever the server answered is read."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(request_bytes)
        try:
            for chunk in body_chunks:
                s.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        data = b""
        while True:
            try:
                part = s.recv(65536)
            except ConnectionResetError:
                break
            except socket.timeout:
                break
            if not part:
                break
            data += part
            head, sep, rest = data.partition(b"\r\n\r\n")
            if sep:
                m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
                if m and len(rest) >= int(m.group(1)):
                    break
    finally:
        s.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    status = int(m.group(1)) if m else None
    return status, head.decode("latin-1"), rest


# ---------------------------------------------------------------------------
# databases


class PgCluster:
    def __init__(self, url, dir_=None):
        self.url = url
        self.dir = dir_

    def db_url(self, name):
        u = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))

    def psql(self, sql, db=None):
        url = self.db_url(db) if db else self.url
        p = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-c", sql],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, f"psql {sql!r}: {p.stderr}"
        return p.stdout

    def create_db(self, name):
        self.psql(f'CREATE DATABASE "{name}"')
        return self.db_url(name)


@pytest.fixture(scope="session")
def session_dir():
    d = tempfile.mkdtemp(prefix="renda-apitest-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def audit_key(session_dir):
    """The session's audit key, for every database of the session (the first
    `renda init` creates it). Each database keeps its own witness: beside the file
    (SQLite), or beside the key named after the database (PostgreSQL, which has no
    default key file). Tests of the defaults run their commands without it."""
    if not os.environ.get("RENDA_AUDIT_KEY"):
        os.environ["RENDA_AUDIT_KEY"] = os.path.join(session_dir, "audit.key")
    return os.environ["RENDA_AUDIT_KEY"]


@pytest.fixture(scope="session")
def pg_cluster(session_dir):
    if "pg" not in BACKENDS:
        yield None
        return
    if os.environ.get("RENDA_PG_URL"):
        yield PgCluster(os.environ["RENDA_PG_URL"])
        return
    script = os.path.join(REPO, "scripts", "pg-temp")
    if not os.path.exists(script):
        pytest.fail("backend pg requested but scripts/pg-temp does not exist (set RENDA_BACKENDS=sqlite)")
    # the cluster runs as user postgres when we are root: its parent must be traversable
    parent = tempfile.mkdtemp(prefix="renda-apitest-pg-")
    os.chmod(parent, 0o755)
    d = os.path.join(parent, "pg")
    p = subprocess.run([script, "start", d], capture_output=True, text=True, timeout=180)
    if p.returncode != 0 or not p.stdout.strip():
        shutil.rmtree(parent, ignore_errors=True)
        pytest.fail(f"scripts/pg-temp start failed ({p.returncode}): {p.stdout}{p.stderr}")
    url = p.stdout.strip().splitlines()[-1].strip()
    try:
        yield PgCluster(url, d)
    finally:
        subprocess.run([script, "stop", d], capture_output=True, text=True, timeout=120)
        shutil.rmtree(parent, ignore_errors=True)


_db_names = itertools.count(1)


class DbFactory:
    def __init__(self, dir_, pg):
        self.dir = dir_
        self.pg = pg

    def new(self, backend, tag="t"):
        """A new empty database location (not yet initialised)."""
        n = next(_db_names)
        tag = re.sub(r"[^a-z0-9_]", "_", tag.lower())[:30]
        if backend == "sqlite":
            return os.path.join(self.dir, f"{tag}_{n}.db")
        if backend == "pg":
            assert self.pg is not None, "pg backend without a cluster"
            # the pid keeps two runs against one cluster (plain and sanitizer builds) apart
            return self.pg.create_db(f"{tag}_{os.getpid()}_{n}")
        raise ValueError(f"unknown backend {backend!r}")

    def new_initialised(self, backend, tag="t"):
        db = self.new(backend, tag)
        cli_ok("init", "--db", db)
        return db


@pytest.fixture(scope="session")
def dbs(session_dir, pg_cluster):
    if not os.path.exists(RENDA_BIN):
        pytest.fail(f"{RENDA_BIN} does not exist (build it: ninja -C build)")
    return DbFactory(session_dir, pg_cluster)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request):
    return request.param


# ---------------------------------------------------------------------------
# servers


class Server:
    """One `renda serve` process on a database."""

    def __init__(self, db, name):
        self.db = db
        self.name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        self.proc = None
        self.port = None
        self.log_path = None
        self.starts = 0

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self):
        return self.base

    def start(self, extra=()):
        os.makedirs(OUT_DIR, exist_ok=True)
        last = ""
        for _attempt in range(3):
            self.starts += 1
            self.port = free_port()
            self.log_path = os.path.join(OUT_DIR, f"server-{self.name}-{self.starts}.log")
            log = open(self.log_path, "wb")
            self.proc = subprocess.Popen(
                [RENDA_BIN, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}", *extra],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            log.close()
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    r = requests.get(self.base + API + "/health", timeout=2)
                    if r.status_code == 200:
                        return self
                except requests.RequestException:
                    pass
                time.sleep(0.02)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                last = "did not answer /health in time"
                break
            with open(self.log_path, errors="replace") as f:
                last = f.read()[-2000:]
        pytest.fail(f"renda serve failed to start on {self.db}: {last}")

    def alive(self):
        if self.proc is None or self.proc.poll() is not None:
            return False
        try:
            return requests.get(self.base + API + "/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self):
        """SIGTERM and wait; returns the exit code (the contract: 0)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return "timeout"
        rc = self.proc.returncode
        self.proc = None
        return rc

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def log_tail(self, n=3000):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-n:]
        except OSError:
            return ""


class Deployment:
    """A database with an admin account and a running server on it."""

    ADMIN = "admin"
    ADMIN_PW = "Admin-Passw0rd!"

    def __init__(self, backend, db, name):
        self.backend = backend
        self.db = db
        self.server = Server(db, f"{name}-{backend}")
        self.passwords = {}

    def setup(self):
        cli_ok("init", "--db", self.db)
        self.add_user(self.ADMIN, "admin", password=self.ADMIN_PW)
        self.server.start()
        self.admin = self.token_client(self.ADMIN)
        return self

    @property
    def base(self):
        return self.server.base

    def add_user(self, login, role, congress=None, deputy=None, unit=None, password=None):
        password = password or f"pw-{login}-秘密-{uniq()}"
        args = ["user", "add", "--db", self.db, "--login", login, "--role", role]
        if congress is not None:
            args += ["--congress", congress]
        if deputy is not None:
            args += ["--deputy", deputy]
        if unit is not None:
            args += ["--unit", unit]
        cli_ok(*args, input=password + "\n")
        self.passwords[login] = password
        return password

    def token(self, login):
        p = cli_ok("token", "create", "--db", self.db, "--login", login)
        tok = p.stdout.strip().splitlines()[-1].strip() if p.stdout.strip() else ""
        assert tok, f"token create printed nothing: {p.stderr}"
        return tok

    def token_client(self, login):
        return Client(self.base, token=self.token(login))

    def login_client(self, login, password=None):
        c = Client(self.base)
        r = c.login(login, password or self.passwords[login])
        assert r.status_code == 200, f"login {login}: {r.status_code} {r.text}"
        return c

    def anon(self):
        return Client(self.base)

    def check_alive(self):
        assert self.server.alive(), f"server died; log tail:\n{self.server.log_tail()}"

    def stop(self):
        rc = self.server.stop()
        assert rc == 0, f"renda serve exited {rc} on SIGTERM (expected 0); log:\n{self.server.log_tail()}"


def make_deployment(request, dbs, backend):
    name = request.module.__name__.rsplit(".", 1)[-1]
    db = dbs.new(backend, name)
    dep = Deployment(backend, db, name).setup()
    return dep


@pytest.fixture(scope="module")
def dep(request, dbs, backend):
    """The module's deployment (fresh database + running server) on `backend`."""
    _term_numbers.clear()  # a fresh database: every congress starts without terms
    d = make_deployment(request, dbs, backend)
    yield d
    d.stop()


# ---------------------------------------------------------------------------
# realistic records

PERSON_NAMES = ["张伟", "王芳", "李秀英", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周强", "吴敏",
                "徐建国", "孙秀兰", "朱红梅", "高峰", "林晓东", "何丽华", "郭建平", "马国庆", "罗美玲",
                "欧阳明华", "诸葛文", "郑海燕", "谢志刚", "宋佳怡"]
TOWNSHIPS = ["天马街道", "紫港街道", "金川街道", "芳村镇", "球川镇", "辉埠镇", "招贤镇", "青石镇",
             "白石镇", "何家乡", "同弓乡", "大桥头乡", "新昌乡", "东案乡"]
UNIT_NAMES = [("常山县人民政府", "government"), ("常山县监察委员会", "supervisory_commission"),
              ("常山县人民法院", "court"), ("常山县人民检察院", "procuratorate"),
              ("常山县教育局", "department"), ("常山县交通运输局", "department"),
              ("天马街道办事处", "township"), ("常山县供电公司", "other")]


class Factory:
    """Creates realistic records through the API (as the given client, normally admin)."""

    def __init__(self, client):
        self.c = client

    def congress(self, name=None, level="county", parent_id=None):
        body = {"name": name or f"常山县人民代表大会{uniq()}", "level": level}
        if parent_id is not None:
            body["parent_id"] = parent_id
        return self.c.create("congresses", body)

    def term(self, congress_id, number=None, **kw):
        body = {"congress_id": congress_id, "number": number or term_number(congress_id),
                "start_on": "2021-10-01", "end_on": "2026-09-30"}
        body.update(kw)
        return self.c.create("terms", body)

    def person(self, congress_id, name=None, **kw):
        n = uniq()
        body = {"congress_id": congress_id, "name": name or PERSON_NAMES[n % len(PERSON_NAMES)],
                "gender": "female" if n % 2 else "male", "birth_date": f"19{60 + n % 35}-0{1 + n % 9}-1{n % 9}",
                "ethnicity": "汉族" if n % 5 else "畲族", "party": "中共党员" if n % 3 else "群众",
                "phone": f"1390570{n:04d}"}
        body.update(kw)
        return self.c.create("persons", body)

    def committee(self, congress_id, name=None, kind="special", **kw):
        body = {"congress_id": congress_id, "name": name or f"财政经济委员会{uniq()}", "kind": kind,
                "duties": "审查预算执行情况，监督财政经济工作"}
        body.update(kw)
        return self.c.create("committees", body)

    def unit(self, congress_id, name=None, kind="department", **kw):
        body = {"congress_id": congress_id, "name": name or f"常山县教育局{uniq()}", "kind": kind,
                "contact": "王主任", "phone": "0570-5021234"}
        body.update(kw)
        return self.c.create("units", body)

    def station(self, congress_id, name=None, kind="station", township="天马街道", **kw):
        body = {"congress_id": congress_id, "name": name or f"{township}人大代表联络站{uniq()}", "kind": kind,
                "township": township, "address": f"常山县{township}文化路{uniq()}号"}
        body.update(kw)
        return self.c.create("stations", body)

    def deputy(self, congress_id, person_id, term_id=None, station_id=None, **kw):
        body = {"congress_id": congress_id, "person_id": person_id, "level": "county",
                "delegation": "天马街道代表团", "occupation": "教师", "status": "active"}
        if term_id is not None:
            body["term_id"] = term_id
        if station_id is not None:
            body["station_id"] = station_id
        body.update(kw)
        return self.c.create("deputies", body)

    def member(self, congress_id, person_id, term_id=None, committee_id=None, **kw):
        body = {"congress_id": congress_id, "person_id": person_id, "position": "member",
                "start_on": "2021-10-01"}
        if term_id is not None:
            body["term_id"] = term_id
        if committee_id is not None:
            body["committee_id"] = committee_id
        body.update(kw)
        return self.c.create("members", body)

    def seed(self, congress_name=None, level="county", parent_id=None):
        """A congress with one record of every collection; returns {collection: record}
        plus 'point' (a liaison point under the station)."""
        s = {}
        s["congresses"] = cg = self.congress(congress_name, level, parent_id)
        cid = cg["id"]
        s["terms"] = t = self.term(cid)
        s["persons"] = p = self.person(cid)
        s["committees"] = cm = self.committee(cid)
        s["units"] = self.unit(cid)
        s["stations"] = st = self.station(cid)
        s["point"] = self.station(cid, kind="point", parent_id=st["id"], name=f"金川社区代表联络点{uniq()}")
        s["deputies"] = self.deputy(cid, p["id"], t["id"], st["id"])
        p2 = self.person(cid)
        s["members"] = self.member(cid, p2["id"], t["id"], cm["id"], position="vice_chair")
        return s

    def make(self, collection, congress_id, seed):
        """A fresh record of `collection` in congress_id (refs taken from seed)."""
        if collection == "congresses":
            return self.congress(level="township", parent_id=congress_id)
        if collection == "terms":
            return self.term(congress_id)
        if collection == "persons":
            return self.person(congress_id)
        if collection == "committees":
            return self.committee(congress_id)
        if collection == "units":
            return self.unit(congress_id)
        if collection == "stations":
            return self.station(congress_id)
        if collection == "deputies":
            return self.deputy(congress_id, seed["persons"]["id"], seed["terms"]["id"], seed["stations"]["id"])
        if collection == "members":
            return self.member(congress_id, seed["persons"]["id"], seed["terms"]["id"])
        raise ValueError(collection)

    @staticmethod
    def body(collection, congress_id, seed):
        """A POST body for a new record (not sent)."""
        n = uniq()
        return {
            "congresses": {"name": f"芳村镇人民代表大会{n}", "level": "township", "parent_id": congress_id},
            "terms": {"congress_id": congress_id, "number": term_number(congress_id), "start_on": "2021-10-01"},
            "persons": {"congress_id": congress_id, "name": f"陈建华{n}", "gender": "male"},
            "committees": {"congress_id": congress_id, "name": f"代表工作委员会{n}", "kind": "working"},
            "units": {"congress_id": congress_id, "name": f"常山县农业农村局{n}", "kind": "department"},
            "stations": {"congress_id": congress_id, "name": f"球川镇代表联络站{n}", "kind": "station",
                         "township": "球川镇"},
            "deputies": {"congress_id": congress_id, "person_id": seed["persons"]["id"], "level": "county",
                         "delegation": "球川镇代表团"},
            "members": {"congress_id": congress_id, "person_id": seed["persons"]["id"], "position": "member"},
        }[collection]

    # a field each collection can change, and a new value for it
    PATCHES = {
        "congresses": ("name", lambda: f"常山县人民代表大会（改）{uniq()}"),
        "terms": ("end_on", lambda: "2026-12-31"),
        "persons": ("phone", lambda: f"1380570{uniq():04d}"),
        "committees": ("duties", lambda: f"联系代表，服务代表{uniq()}"),
        "units": ("contact", lambda: f"李科长{uniq()}"),
        "stations": ("address", lambda: f"常山县天马街道定阳北路{uniq()}号"),
        "deputies": ("occupation", lambda: f"村党支部书记{uniq()}"),
        "members": ("end_on", lambda: "2026-09-30"),
    }
