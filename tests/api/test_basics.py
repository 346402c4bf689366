"""Health, login/logout/me, cookies, throttling, bearer tokens, write guards
(Content-Type, Origin), 404/405 — docs/api.md "Authentication" and "Errors"."""

import sqlite3

import pytest

from conftest import Client, Factory, assert_error, uniq


@pytest.fixture(scope="module")
def world(dep):
    f = Factory(dep.admin)
    seed = f.seed("常山县人民代表大会")
    cid = seed["congresses"]["id"]
    dep.add_user("office1", "staff", congress=cid)
    return {"seed": seed, "cid": cid, "f": f}


def test_health_without_login(dep):
    r = dep.anon().get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_login_me_logout(dep, world):
    c = Client(dep.base)
    r = c.login("office1", dep.passwords["office1"])
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert user["login"] == "office1"
    assert user["role"] == "staff"
    assert user["congress_id"] == world["cid"]

    r = c.get("/me")
    assert r.status_code == 200, r.text
    me = r.json()["user"]
    for k in ("id", "login", "role", "congress_id", "deputy_id", "unit_id", "display_name"):
        assert k in me, f"/me lacks {k}: {me}"
    assert me["login"] == "office1" and me["role"] == "staff" and me["congress_id"] == world["cid"]
    assert me["deputy_id"] is None and me["unit_id"] is None

    cookie = c.session_cookie
    assert cookie
    r = c.post("/logout")
    assert r.status_code == 204, r.text
    # the session is revoked server-side: replaying the old cookie does not work
    replay = Client(dep.base)
    r = replay.get("/me", headers={"Cookie": f"renda_session={cookie}"})
    assert_error(r, 401)
    r = replay.post("/units", {"congress_id": world["cid"], "name": f"撤销后{uniq()}", "kind": "other"},
                    headers={"Cookie": f"renda_session={cookie}"})
    assert_error(r, 401)
    # the web app says it holds a session: without one, a public list is 401 too (a
    # clerk is sent to log in, not shown the public's part of the page)
    assert replay.get("/deputies").status_code == 200
    err = assert_error(replay.get("/deputies", headers={"X-Renda-Session": "1"}), 401)
    assert err["message_zh"] == "登录已失效，请重新登录"


def test_session_cookie_flags(dep, world):
    c = Client(dep.base)
    r = c.login("office1", dep.passwords["office1"])
    assert r.status_code == 200
    sc = r.headers.get("Set-Cookie", "")
    assert sc.startswith("renda_session="), sc
    attrs = [a.strip().lower() for a in sc.split(";")]
    assert "httponly" in attrs, sc
    assert "samesite=strict" in attrs, sc
    assert "path=/" in attrs, sc
    assert any(a.startswith("max-age=") and int(a.split("=")[1]) > 0 for a in attrs), sc
    value = sc.split(";")[0].split("=", 1)[1]
    assert len(value) >= 43, f"session id looks shorter than 256 bits: {value!r}"
    # a second login gets a different session
    c2 = Client(dep.base)
    assert c2.login("office1", dep.passwords["office1"]).status_code == 200
    assert c2.session_cookie != value
    if dep.backend == "sqlite":
        # stored only as a hash
        con = sqlite3.connect(f"file:{dep.db}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT token_hash FROM sessions").fetchall()
        finally:
            con.close()
        assert rows
        assert all(value not in row[0] for row in rows), "session secret stored in clear"


def test_wrong_login_and_wrong_password_look_the_same(dep, world):
    login = f"clerk{uniq()}"
    dep.add_user(login, "member", congress=world["cid"])
    r1 = Client(dep.base).login(login, "not-the-password")
    e1 = assert_error(r1, 401)
    r2 = Client(dep.base).login(f"nobody{uniq()}", "not-the-password")
    e2 = assert_error(r2, 401)
    assert e1 == e2, "wrong login and wrong password must not be told apart"
    assert "renda_session" not in r1.headers.get("Set-Cookie", "")


def test_login_missing_fields(dep):
    r = Client(dep.base).post("/login", {"login": f"someone{uniq()}"})
    assert_error(r, (401, 422))
    r = Client(dep.base).post("/login", data=b'{"login":', headers={"Content-Type": "application/json"})
    assert_error(r, 400)


def test_throttling_after_repeated_failures(dep, world):
    login = f"throttled{uniq()}"
    pw = dep.add_user(login, "member", congress=world["cid"])
    for i in range(5):
        r = Client(dep.base).login(login, f"wrong-{i}")
        assert_error(r, 401)
    r = Client(dep.base).login(login, "wrong-again")
    assert_error(r, 429)
    r = Client(dep.base).login(login, pw)
    assert_error(r, 429)
    # throttling is per login: another account still logs in
    assert Client(dep.base).login("office1", dep.passwords["office1"]).status_code == 200


def test_bearer_token(dep, world):
    tok = dep.token("office1")
    c = Client(dep.base, token=tok)
    r = c.get("/me")
    assert r.status_code == 200, r.text
    assert r.json()["user"]["login"] == "office1"
    r = c.post("/units", {"name": f"常山县财政局{uniq()}", "kind": "department"})
    assert r.status_code == 201, r.text
    assert r.json()["congress_id"] == world["cid"]
    # a token is not a password and a made-up token is nobody
    assert_error(Client(dep.base, token=tok[:-2] + ("AA" if not tok.endswith("AA") else "BB")).get("/me"), 401)
    assert_error(Client(dep.base, token="x" * 64).get("/persons"), 401)


def test_anonymous_is_unauthorized_for_private_things(dep):
    a = dep.anon()
    assert_error(a.get("/me"), 401)
    assert_error(a.get("/persons"), 401)
    assert_error(a.get("/audit"), 401)


def test_cookie_write_needs_json_content_type(dep, world):
    c = dep.login_client("office1")
    before = dep.admin.total("units", congress_id=world["cid"])
    body = ('{"name":"常山县水利局%d","kind":"department"}' % uniq()).encode()
    r = c.post("/units", data=body, headers={"Content-Type": "text/plain"})
    assert_error(r, 415)
    r = c.post("/units", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(r, 415)
    r = c.post("/units", data=body)  # no Content-Type at all
    assert_error(r, 415)
    uid = world["seed"]["units"]["id"]
    r = c.patch(f"/units/{uid}", data=b'{"contact":"x"}', headers={"Content-Type": "text/plain"})
    assert_error(r, 415)
    assert dep.admin.total("units", congress_id=world["cid"]) == before
    assert dep.admin.one("units", uid)["contact"] == world["seed"]["units"]["contact"]
    # with the right type (a charset parameter is fine) it works
    r = c.post("/units", data=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 201, r.text


def test_cookie_write_with_foreign_origin(dep, world):
    c = dep.login_client("office1")
    uid = world["seed"]["units"]["id"]
    before = dep.admin.total("units", congress_id=world["cid"])
    evil = {"Origin": "http://evil.example"}
    r = c.post("/units", {"name": f"跨站{uniq()}", "kind": "other"}, headers=evil)
    assert_error(r, 403)
    r = c.patch(f"/units/{uid}", {"contact": "被篡改"}, headers=evil)
    assert_error(r, 403)
    r = c.delete(f"/units/{uid}", headers=evil)
    assert_error(r, 403)
    # same host, other port is another origin
    other = {"Origin": f"http://127.0.0.1:{dep.server.port + 1}"}
    assert_error(c.post("/units", {"name": f"跨站{uniq()}", "kind": "other"}, headers=other), 403)
    assert dep.admin.total("units", congress_id=world["cid"]) == before
    assert dep.admin.one("units", uid)["contact"] == world["seed"]["units"]["contact"]
    # the server's own origin is fine
    r = c.post("/units", {"name": f"同源{uniq()}", "kind": "other"}, headers={"Origin": dep.server.origin})
    assert r.status_code == 201, r.text
    # bearer requests are exempt from the Origin rule
    r = dep.admin.post("/units", {"congress_id": world["cid"], "name": f"脚本{uniq()}", "kind": "other"},
                       headers=evil)
    assert r.status_code == 201, r.text


def test_method_not_allowed(dep, world):
    uid = world["seed"]["units"]["id"]
    assert_error(dep.admin.put(f"/units/{uid}", {"contact": "x"}), 405)
    assert_error(dep.admin.put("/units", {"contact": "x"}), 405)
    assert_error(dep.admin.delete("/units"), 405)
    assert_error(dep.admin.patch("/units", {"contact": "x"}), 405)
    assert_error(dep.admin.post(f"/units/{uid}", {"contact": "x"}), 405)
    assert_error(dep.anon().delete("/health"), 405)


def test_not_found(dep, world):
    a = dep.admin
    assert_error(a.get("/nonsense"), 404)
    assert_error(a.post("/nonsense", {"name": "x"}), 404)
    assert_error(a.get("/units/987654321"), 404)
    assert_error(a.patch("/units/987654321", {"contact": "x"}), 404)
    assert_error(a.delete("/units/987654321"), 404)
    assert_error(a.get("/units/abc"), (400, 404))
    assert_error(a.get("/"), 404)
    assert_error(dep.anon().get("/nonsense"), (401, 404))
    r = a.get(dep.base + "/api/v2/units")
    assert r.status_code == 404


def test_me_names_the_congress(dep, world):
    me = dep.login_client("office1").get("/me").json()["user"]
    assert me["congress_name"] == "常山县人民代表大会"


def test_accounts_are_admins_business(dep, world):
    """docs/api.md "Accounts": admin manages accounts; disabling revokes at once."""
    staff = dep.token_client("office1")
    assert_error(staff.get("/users"), 403)
    assert_error(staff.post("/users", {"login": f"x{uniq()}", "role": "admin", "password": "pw-12345678"}), 403)
    assert_error(dep.anon().get("/users"), 401)
    login = f"clerk{uniq()}"
    r = dep.admin.post("/users", {"login": login, "role": "member", "congress_id": world["cid"],
                                  "display_name": "书记员", "password": "初始密码-123"})
    assert r.status_code == 201, r.text
    acct = r.json()
    assert acct["login"] == login and acct["role"] == "member" and "password" not in acct
    assert not any("hash" in k for k in acct)
    listed = dep.admin.list("users", per_page=500)["items"]
    assert any(u["login"] == login and u["disabled"] in (False, 0) for u in listed)
    c = Client(dep.base)
    assert c.login(login, "初始密码-123").status_code == 200
    tok = Client(dep.base, token=dep.token(login))
    r = dep.admin.patch(f"/users/{acct['id']}", {"disabled": True})
    assert r.status_code == 200, r.text
    assert_error(c.get("/me"), 401)
    assert_error(tok.get("/me"), 401)
    assert_error(Client(dep.base).login(login, "初始密码-123"), 401)
    # a login cannot be renamed; a second account with the same login is a conflict
    assert_error(dep.admin.patch(f"/users/{acct['id']}", {"login": "renamed"}), 422, field="login")
    assert_error(dep.admin.post("/users", {"login": login, "role": "member", "congress_id": world["cid"],
                                           "password": "冲突账号的密码-2024"}), 409)
