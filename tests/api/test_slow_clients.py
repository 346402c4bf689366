"""Slow clients and connection limits (docs/operations.md "Slow clients and limits").

A thousand loopback connections that trickle header lines must neither keep a normal
client from being answered nor outlive http_head_timeout; a body that trickles is
closed at http_body_timeout; one client address cannot hold more than
http_max_connections_per_address connections; past http_max_connections the server
answers 503 with the JSON error; and a server whose open-file limit is lower than its
connection limit neither crashes nor logs errors when the connections exceed it.

The slow connections come from 127.0.1.1, 127.0.1.2 … (all loopback on Linux), the
normal client from 127.0.0.1, so the per-address limit does not hide the problem.
Every test sets short deadlines through the API (they apply without a restart) and
puts the defaults back."""

import os
import resource
import socket
import subprocess
import time

import pytest
import requests

from conftest import API, OUT_DIR, RENDA_BIN, assert_error, free_port

SLOW_CONNECTIONS = 1000
ADDRESSES = 20                   # 127.0.1.1 … 127.0.1.20, 50 connections each
HEAD_TIMEOUT = 3                 # seconds, for the tests (default 10)
TRICKLE_EVERY = 0.5              # seconds between header lines: far below the idle timeout
ANSWER_WITHIN = 1.0              # seconds: "still answers" means within this
CLOSE_SLACK = 3.0                # seconds past a deadline for the watchdog to close
LIVE_KEYS = ("http_max_body", "http_connection_timeout", "http_head_timeout", "http_body_timeout",
             "http_max_connections", "http_max_connections_per_address")


def settings(dep):
    r = dep.admin.get("/settings")
    assert r.status_code == 200, r.text
    return {s["key"]: s for s in r.json()["items"]}


def put(dep, **values):
    r = dep.admin.patch("/settings", values)
    assert r.status_code == 200, f"PATCH /settings {values}: {r.status_code} {r.text}"


@pytest.fixture
def defaults_after(dep):
    """Puts every http_* setting back to its default after the test."""
    yield
    dflt = {k: s["default"] for k, s in settings(dep).items() if k in LIVE_KEYS}
    put(dep, **dflt)


def nofile_at_least(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < n:
        pytest.skip(f"the open-file limit is {hard}; this test needs {n}")
    if soft != resource.RLIM_INFINITY and soft < n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))


def source(i, first=0):
    """The i-th loopback source address other than 127.0.0.1: 127.0.1.1, 127.0.1.2 …"""
    n = first + i
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


def connect_from(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((addr, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    return s


def closed_by_server(s):
    """True when the server has closed s (EOF or reset); False while it is open."""
    s.setblocking(False)
    try:
        data = s.recv(65536)
    except BlockingIOError:
        return False
    except (ConnectionResetError, BrokenPipeError):
        return True
    finally:
        s.setblocking(True)
    assert not data, f"a slow connection was answered: {data[:200]!r}"
    return True


def trickle(socks, line):
    """One more header line on every connection still open; returns how many took it."""
    sent = 0
    for s in socks:
        try:
            s.send(line)
            sent += 1
        except OSError:
            pass
    return sent


def timed_get(client, path):
    t = time.monotonic()
    try:
        r = client.get(path, timeout=ANSWER_WITHIN)
    except requests.Timeout:
        pytest.fail(f"GET {path} did not answer within {ANSWER_WITHIN} s")
    took = time.monotonic() - t
    assert r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:300]}"
    assert took < ANSWER_WITHIN, f"GET {path} took {took:.2f} s"
    return r


def close_all(socks):
    for s in socks:
        s.close()


def test_a_thousand_slow_heads(dep, defaults_after):
    nofile_at_least(SLOW_CONNECTIONS + 200)
    put(dep, http_head_timeout=HEAD_TIMEOUT)
    port = dep.server.port
    office = dep.login_client(dep.ADMIN, dep.ADMIN_PW)   # a logged-in session (cookie)
    anon = dep.anon()
    socks = []
    try:
        opened = time.monotonic()
        for i in range(SLOW_CONNECTIONS):
            s = connect_from(source(i % ADDRESSES), port)
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: renda\r\n")
            socks.append(s)
        n = 0
        # while they trickle (each line would restart an idle timer), others are answered
        while time.monotonic() - opened < HEAD_TIMEOUT - TRICKLE_EVERY:
            sent = trickle(socks, b"X-Slow-%d: still here\r\n" % n)
            n += 1
            timed_get(anon, "/health")
            units = timed_get(office, "/units").json()
            assert "items" in units
            time.sleep(TRICKLE_EVERY)
        assert sent == SLOW_CONNECTIONS, "slow connections were closed before their deadline"
        # … and the head deadline closes every one of them, trickling or not
        give_up = opened + HEAD_TIMEOUT + CLOSE_SLACK + SLOW_CONNECTIONS / 1000
        while time.monotonic() < give_up:
            trickle(socks, b"X-Slow-%d: still here\r\n" % n)
            n += 1
            open_ = [s for s in socks if not closed_by_server(s)]
            if not open_:
                break
            time.sleep(TRICKLE_EVERY)
        open_ = [s for s in socks if not closed_by_server(s)]
        assert not open_, f"{len(open_)} slow connections outlived http_head_timeout"
        timed_get(anon, "/health")
        timed_get(office, "/units")
    finally:
        close_all(socks)
    dep.check_alive()
    log = dep.server.log_tail(200000)
    assert " ERROR " not in log, log[-3000:]


def test_a_trickling_body_is_closed_at_the_body_deadline(dep, defaults_after):
    put(dep, http_body_timeout=2)
    s = connect_from("127.0.0.50", dep.server.port)
    try:
        s.sendall(b"POST /api/v1/login HTTP/1.1\r\nHost: renda\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 1000\r\n\r\n")
        started = time.monotonic()
        closed_at = None
        while time.monotonic() - started < 2 + CLOSE_SLACK:
            try:
                s.send(b" ")
            except OSError:
                pass
            if closed_by_server(s):
                closed_at = time.monotonic() - started
                break
            time.sleep(0.25)
        assert closed_at is not None, "a trickling body outlived http_body_timeout"
        assert closed_at > 1.5, f"closed after {closed_at:.1f} s, before its deadline"
    finally:
        s.close()
    # a normal write still works
    r = dep.anon().post("/login", {"login": dep.ADMIN, "password": dep.ADMIN_PW})
    assert r.status_code == 200, r.text


def test_a_kept_alive_connection_must_send_its_next_head_in_time(dep, defaults_after):
    put(dep, http_head_timeout=2)
    s = connect_from("127.0.0.51", dep.server.port)
    try:
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: renda\r\n\r\n")
        data = b""
        while b'{"status":"ok"}' not in data:
            part = s.recv(4096)
            assert part, "the server closed before answering"
            data += part
        assert data.startswith(b"HTTP/1.1 200")
        time.sleep(0.5)
        assert not closed_by_server(s), "kept-alive connection closed at once"
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\n")       # half a head, then nothing
        give_up = time.monotonic() + 2 + CLOSE_SLACK
        while time.monotonic() < give_up and not closed_by_server(s):
            time.sleep(0.25)
        assert closed_by_server(s), "a kept-alive connection outlived http_head_timeout"
    finally:
        s.close()


def test_past_the_connection_limit_the_answer_is_503(dep, defaults_after):
    limit = 10
    put(dep, http_max_connections=limit)
    held = []
    try:
        for i in range(limit + 2):                       # idle connections fill the limit
            held.append(connect_from(source(i, first=100), dep.server.port))
        time.sleep(0.3)
        r = requests.get(dep.base + API + "/health", timeout=5)
        err = assert_error(r, 503, code="unavailable")
        assert "connections" in err["message"]
        assert r.headers.get("Retry-After"), r.headers
        assert r.headers.get("Connection", "").lower() == "close"
        # the first ones, within the limit, are served; the others get the 503 too
        answers = []
        for s in held:
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: renda\r\n\r\n")
            answers.append(s.recv(4096)[:12])
        assert answers[0] == b"HTTP/1.1 200", answers
        assert set(answers) <= {b"HTTP/1.1 200", b"HTTP/1.1 503"}, answers
        assert answers[-1] == b"HTTP/1.1 503", answers
    finally:
        close_all(held)
    deadline = time.monotonic() + 5
    while True:                                           # room again once they are gone
        r = requests.get(dep.base + API + "/health", timeout=5)
        if r.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert r.status_code == 200, r.text


def test_one_address_cannot_take_more_than_its_share(dep, defaults_after):
    per_address = 8
    put(dep, http_max_connections_per_address=per_address)
    socks = []
    try:
        for _ in range(per_address + 3):
            socks.append(connect_from("127.0.0.77", dep.server.port))
        give_up = time.monotonic() + 5
        while sum(closed_by_server(s) for s in socks) < 3 and time.monotonic() < give_up:
            time.sleep(0.1)
        time.sleep(0.3)                                   # … and no more than those
        refused = [s for s in socks if closed_by_server(s)]
        kept = [s for s in socks if s not in refused]
        assert len(kept) == per_address, f"{len(kept)} connections kept, limit {per_address}"
        assert len(refused) == 3
        for s in kept:                                    # the ones kept are served
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: renda\r\n\r\n")
            assert s.recv(4096).startswith(b"HTTP/1.1 200")
        # another address is not affected
        assert requests.get(dep.base + API + "/health", timeout=5).status_code == 200
    finally:
        close_all(socks)


def test_more_connections_than_open_files(dep):
    """The server's own open-file limit is far below its connection limit: it says so
    at start, keeps the connections past what fits waiting in the kernel's queue,
    answers once the slow ones are closed, and logs no error."""
    fds = 160
    nofile_at_least(600)
    put(dep, http_head_timeout=2)
    port = free_port()
    log_path = os.path.join(OUT_DIR, f"server-fdlimit-{dep.backend}.log")
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [RENDA_BIN, "serve", "--db", dep.db, "--listen", f"127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (fds, fds)))
    socks = []
    try:
        base = f"http://127.0.0.1:{port}{API}"
        for _ in range(200):
            try:
                if requests.get(base + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        for i in range(2 * fds):
            s = connect_from(source(i % ADDRESSES, first=150), port)
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\n")
            socks.append(s)
        r = requests.get(base + "/health", timeout=30)
        assert r.status_code == 200, r.text
        assert proc.poll() is None, "the server died"
    finally:
        close_all(socks)
        proc.terminate()
        assert proc.wait(timeout=30) == 0
        put(dep, http_head_timeout=settings(dep)["http_head_timeout"]["default"])
    with open(log_path, errors="replace") as f:
        log = f.read()
    assert "open-file limit" in log, log[-2000:]
    assert " ERROR " not in log, log[-3000:]
    assert "Error accepting" not in log and "resource limit" not in log, log[-3000:]
