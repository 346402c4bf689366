"""Security settings are the administrator's and the value shown is the value used;
every setting has a hard range; the password rule refuses guessable passwords and
says why, in Chinese too; the session cookie is Secure behind an https public URL
(docs/settings.md, docs/api.md "Authentication" and "Accounts")."""

import pytest

from conftest import Client, Factory, Server, assert_error, cli, uniq

SECURITY = {"session_ttl_minutes", "login_max_failures", "login_max_failures_global",
            "login_failure_window_minutes", "login_lockout_max_minutes", "token_ttl_days",
            "per_page_max"}


@pytest.fixture(scope="module")
def world(dep):
    cg = Factory(dep.admin).congress("常山县人民代表大会")
    staff = f"office{uniq()}"
    dep.add_user(staff, "staff", congress=cg["id"])
    return {"cid": cg["id"], "staff": staff}


def settings_of(client):
    r = client.get("/settings")
    assert r.status_code == 200, r.text
    return {i["key"]: i for i in r.json()["items"]}


def test_staff_see_only_their_congress_settings(dep, world):
    staff = dep.token_client(world["staff"])
    mine = settings_of(staff)
    assert "motion_min_deputies" in mine
    assert not SECURITY & set(mine), sorted(SECURITY & set(mine))
    assert not [k for k in mine if k.startswith("http_")]
    assert all(i["scope"] == "congress" for i in mine.values())
    every = settings_of(dep.admin)
    assert SECURITY <= set(every)
    assert all(every[k]["scope"] == "installation" for k in SECURITY)


@pytest.mark.parametrize("key,value", [("login_max_failures", 3), ("session_ttl_minutes", 60),
                                       ("per_page_max", 100), ("token_ttl_days", 30),
                                       ("login_max_failures_global", 20)])
def test_staff_cannot_change_security_settings(dep, world, key, value):
    staff = dep.token_client(world["staff"])
    before = settings_of(dep.admin)[key]["value"]
    assert_error(staff.patch("/settings", {key: value}), 403, key)
    assert settings_of(dep.admin)[key]["value"] == before


def test_login_settings_shown_are_the_ones_used(dep, world):
    login = f"clerk{uniq()}"
    pw = dep.add_user(login, "member", congress=world["cid"])
    r = dep.admin.patch("/settings", {"login_max_failures": 2, "session_ttl_minutes": 7})
    assert r.status_code == 200, r.text
    try:
        shown = settings_of(dep.admin)
        assert shown["login_max_failures"]["value"] == 2 and shown["session_ttl_minutes"]["value"] == 7
        ok = Client(dep.base).login(login, pw)
        assert ok.status_code == 200
        assert "max-age=420" in ok.headers["Set-Cookie"].lower(), ok.headers["Set-Cookie"]
        for i in range(2):
            assert_error(Client(dep.base).login(login, f"wrong-{i}"), 401)
        assert_error(Client(dep.base).login(login, pw), 429)
    finally:
        assert dep.admin.patch("/settings", {"login_max_failures": 5, "session_ttl_minutes": 720}).status_code == 200
        uid = next(u["id"] for u in dep.admin.get("/users").json()["items"] if u["login"] == login)
        assert dep.admin.delete(f"/users/{uid}/lock").status_code == 200


def test_per_page_max_has_a_hard_maximum(dep, world):
    assert_error(dep.admin.patch("/settings", {"per_page_max": 5000}), 422, "per_page_max")
    assert dep.admin.patch("/settings", {"per_page_max": 20}).status_code == 200
    try:
        assert_error(dep.admin.get("/units", params={"per_page": 21}), 422, "per_page")
        assert dep.admin.get("/units", params={"per_page": 20}).status_code == 200
    finally:
        assert dep.admin.patch("/settings", {"per_page_max": 500}).status_code == 200
    assert settings_of(dep.admin)["per_page_max"]["max"] <= 1000


def test_token_lifetime_setting_is_used(dep, world):
    assert dep.admin.patch("/settings", {"token_ttl_days": 10}).status_code == 200
    try:
        me = dep.admin.get("/me").json()["user"]
        assert_error(dep.admin.post(f"/users/{me['id']}/tokens", {"name": "x", "days": 11}), 422, "days")
        r = dep.admin.post(f"/users/{me['id']}/tokens", {"name": "十天"})
        assert r.status_code == 201, r.text
        assert r.json()["expires_at"] < "9999"  # present
    finally:
        assert dep.admin.patch("/settings", {"token_ttl_days": 90}).status_code == 200


def test_every_setting_has_a_range(dep, world):
    for key, s in settings_of(dep.admin).items():
        assert isinstance(s["min"], int) and isinstance(s["max"], int) and s["min"] <= s["default"] <= s["max"], s
        assert_error(dep.admin.patch("/settings", {key: s["max"] + 1}), 422, key)
        assert_error(dep.admin.patch("/settings", {key: s["min"] - 1}), 422, key)


# ---------------------------------------------------------------------------
# passwords

WEAK = ["12345678", "password", "        ", "sunshine", "aaaaaaaa", "Password1", "qwertyui",
        "abcdefgh", "87654321", "密码密码密码密码", "iloveyou"]
GOOD = ["renda-demo", "Admin-Passw0rd!", "pw-wang-秘密-2024", "初始密码-123", "correct horse battery",
        "正确的密码 horse"]


@pytest.mark.parametrize("pw", WEAK)
def test_weak_passwords_are_refused_with_a_reason(dep, world, pw):
    r = dep.admin.post("/users", {"login": f"weak{uniq()}", "role": "member", "congress_id": world["cid"],
                                  "password": pw})
    err = assert_error(r, 422, "password")
    assert err.get("message_zh"), err
    assert "密码" in err["message_zh"]


@pytest.mark.parametrize("pw", GOOD)
def test_good_passwords_are_accepted(dep, world, pw):
    login = f"good{uniq()}"
    r = dep.admin.post("/users", {"login": login, "role": "member", "congress_id": world["cid"], "password": pw})
    assert r.status_code == 201, r.text
    assert Client(dep.base).login(login, pw).status_code == 200


def test_weak_password_refused_on_reset_and_in_the_cli(dep, world):
    login = f"reset{uniq()}"
    pw = dep.add_user(login, "member", congress=world["cid"])
    uid = next(u["id"] for u in dep.admin.get("/users").json()["items"] if u["login"] == login)
    assert_error(dep.admin.patch(f"/users/{uid}", {"password": "12345678"}), 422, "password")
    p = cli("user", "passwd", "--db", dep.db, "--login", login, input="password\n")
    assert p.returncode == 1 and "dictionary" in p.stderr, p.stderr
    assert Client(dep.base).login(login, pw).status_code == 200


# ---------------------------------------------------------------------------
# the cookie behind https

def test_cookie_is_secure_behind_an_https_public_url(dep, world):
    login = f"remote{uniq()}"
    pw = dep.add_user(login, "member", congress=world["cid"])
    plain = Client(dep.base).login(login, pw)
    assert "secure" not in [a.strip().lower() for a in plain.headers["Set-Cookie"].split(";")]
    s = Server(dep.db, f"public-{dep.backend}").start(extra=["--public-url", "https://renda.example.gov.cn"])
    try:
        c = Client(s.base)
        r = c.login(login, pw)
        assert r.status_code == 200, r.text
        attrs = [a.strip().lower() for a in r.headers["Set-Cookie"].split(";")]
        assert "secure" in attrs and "httponly" in attrs and "samesite=strict" in attrs, attrs
        cookie = r.headers["Set-Cookie"].split(";")[0]
        out = Client(s.base).post("/logout", headers={"Cookie": cookie})
        assert out.status_code == 204
        assert "secure" in [a.strip().lower() for a in out.headers["Set-Cookie"].split(";")]
    finally:
        assert s.stop() == 0
