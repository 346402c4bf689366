"""The request head as the HTTP layer sees it, and the server's settings in effect.

- A NUL byte in the path or in a query name or value (%00, or raw in the request
  line) would end the C string the rest of renda sees: 400 naming where it was.
- The http_* settings shown by GET /api/v1/settings are the ones in effect: a change
  applies to the next connection or request, without a restart. The memory for a
  request head is fixed at start, so it is `renda serve --max-header`, not a setting."""

import json
import socket
import time

import pytest

from conftest import Server, assert_error, cli, raw_http

LIVE_KEYS = {"http_max_body", "http_connection_timeout", "http_head_timeout", "http_body_timeout",
             "http_max_connections", "http_max_connections_per_address"}


def get_raw(dep, target, token=None):
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = f"GET {target} HTTP/1.1\r\nHost: renda\r\n{auth}Connection: close\r\n\r\n"
    return raw_http(dep.server.port, head.encode("latin-1"))


def error_of(status, head, body):
    assert "application/json" in head, head
    return status, json.loads(body)["error"]


@pytest.fixture(scope="module")
def token(dep):
    return dep.token(dep.ADMIN)


@pytest.mark.parametrize("target, field", [
    ("/api/v1/units%00/1", "path"),
    ("/api/v1/health%00", "path"),
    ("/index.html%00.js", "path"),
    ("/api/v1/units?q=%00", "q"),
    ("/api/v1/units?q=abc%00def&page=1", "q"),
    ("/api/v1/units?page=1&sort=name%00--", "sort"),
    ("/api/v1/units?%00=1", "query"),
    ("/api/v1/units?q%00x=1", "query"),
])
def test_an_escaped_nul_is_refused(dep, token, target, field):
    status, err = error_of(*get_raw(dep, target, token))
    assert status == 400, (target, status, err)
    assert err["code"] == "bad_request"
    assert err["field"] == field, err
    assert "NUL" in err["message"], err
    dep.check_alive()


@pytest.mark.parametrize("line", [
    b"GET /api/v1/health\x00x HTTP/1.1",
    b"GET /api/v1/units?q=a\x00b HTTP/1.1",
    b"GET /api/v1/health\x00HTTP/1.1 HTTP/1.1",
])
def test_a_raw_nul_in_the_request_line_is_refused(dep, line):
    status, err = error_of(*raw_http(dep.server.port, line + b"\r\nHost: renda\r\n\r\n"))
    assert status == 400, (line, status, err)
    assert err["code"] == "bad_request"
    assert "NUL" in err["message"], err


@pytest.mark.parametrize("target", [
    "/api/v1/units?q=%2500",          # the text "%00", not a NUL
    "/api/v1/units?q=%250",
    "/api/v1/units?q=100%25",
    "/api/v1/units?q=a+b&page=1",
    "/api/v1/units?q=%E6%95%99%E8%82%B2",
])
def test_near_misses_are_not_refused(dep, token, target):
    status, head, body = get_raw(dep, target, token)
    assert status == 200, (target, status, body[:300])


def settings_of(client):
    r = client.get("/settings")
    assert r.status_code == 200, r.text
    return {s["key"]: s for s in r.json()["items"]}


def test_the_api_offers_only_the_server_settings_it_applies(dep):
    http = {k for k in settings_of(dep.admin) if k.startswith("http_")}
    assert http == LIVE_KEYS
    r = dep.admin.patch("/settings", {"http_max_header": 65536})
    assert_error(r, 422, "http_max_header")
    # too few connections would lock the administrator out of this very page
    for key in ("http_max_connections", "http_max_connections_per_address"):
        assert_error(dep.admin.patch("/settings", {key: 1}), 422, key)


def test_a_smaller_body_limit_applies_without_a_restart(dep):
    starts = dep.server.starts
    body = b'{"login": "' + b"x" * 3000 + b'", "password": "y"}'
    try:
        r = dep.admin.patch("/settings", {"http_max_body": 2048})
        assert r.status_code == 200, r.text
        assert settings_of(dep.admin)["http_max_body"]["value"] == 2048
        r = dep.anon().post("/login", data=body, headers={"Content-Type": "application/json"})
        err = assert_error(r, 413)
        assert "2048" in err["message"]
    finally:
        assert dep.admin.patch("/settings", {"http_max_body": 1048576}).status_code == 200
    r = dep.anon().post("/login", data=body, headers={"Content-Type": "application/json"})
    assert r.status_code != 413, r.text
    assert dep.server.starts == starts, "the server was restarted"


def test_a_shorter_idle_timeout_applies_to_new_connections(dep):
    try:
        assert dep.admin.patch("/settings", {"http_connection_timeout": 1}).status_code == 200
        s = socket.create_connection(("127.0.0.1", dep.server.port), timeout=10)
        # a body that stops: neither the head nor the body deadline (10 s, 300 s) is near
        s.sendall(b"POST /api/v1/login HTTP/1.1\r\nHost: renda\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100\r\n\r\n{")
        started = time.monotonic()
        try:
            data = s.recv(4096)
        except ConnectionResetError:
            data = b""
        took = time.monotonic() - started
        s.close()
        assert data == b"", data
        assert took < 5, f"the idle connection was closed after {took:.1f} s (setting: 1 s)"
    finally:
        assert dep.admin.patch("/settings", {"http_connection_timeout": 30}).status_code == 200


def test_a_change_on_one_server_reaches_another_on_the_same_database(dep):
    """Two servers on one database (behind a load balancer): each re-reads the
    settings every second."""
    other = Server(dep.db, f"second-{dep.backend}").start()
    try:
        assert dep.admin.patch("/settings", {"http_max_body": 2048}).status_code == 200
        body = b'{"login": "' + b"x" * 3000 + b'", "password": "y"}'
        deadline = time.monotonic() + 5
        while True:
            status, _, _ = raw_http(other.port, b"POST /api/v1/login HTTP/1.1\r\nHost: renda\r\n"
                                    b"Content-Type: application/json\r\nConnection: close\r\n"
                                    b"Content-Length: %d\r\n\r\n" % len(body), [body])
            if status == 413 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status == 413
    finally:
        dep.admin.patch("/settings", {"http_max_body": 1048576})
        other.stop()


def test_max_header_is_an_option_of_serve(dep):
    p = cli("serve", "--db", dep.db, "--listen", "127.0.0.1:1", "--max-header", "100")
    assert p.returncode == 2, p.stderr
    assert "--max-header" in p.stderr
    small = Server(dep.db, f"maxheader-{dep.backend}").start(["--max-header", "8192"])
    try:
        cookie = b"Cookie: x=" + b"a" * 12000 + b"\r\n"
        status, _, _ = raw_http(small.port, b"GET /api/v1/health HTTP/1.1\r\nHost: renda\r\n" + cookie + b"\r\n")
        assert status == 431
        status, _, _ = raw_http(dep.server.port, b"GET /api/v1/health HTTP/1.1\r\nHost: renda\r\n" + cookie + b"\r\n")
        assert status == 200   # the default (32768) takes it
    finally:
        small.stop()
