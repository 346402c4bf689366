"""Bearer tokens (docs/api.md "Tokens"): named, with an expiry from the setting
token_ttl_days (90), listed and revoked from the command line and the API; the
secret is shown once and never stored, logged or audited."""

import datetime
import sqlite3

import pytest

from conftest import Client, Factory, assert_error, cli, cli_ok, uniq

TTL_DAYS = 90


@pytest.fixture(scope="module")
def world(dep):
    cg = Factory(dep.admin).congress("常山县人民代表大会")
    login = f"script{uniq()}"
    dep.add_user(login, "staff", congress=cg["id"])
    uid = next(u["id"] for u in dep.admin.list("users")["items"] if u["login"] == login)
    return {"cid": cg["id"], "login": login, "uid": uid}


def days_from_now(iso):
    t = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return (t - datetime.datetime.now(datetime.timezone.utc)).total_seconds() / 86400


def test_cli_create_list_revoke(dep, world):
    p = cli_ok("token", "create", "--db", dep.db, "--login", world["login"], "--name", "nightly export",
               "--days", "7")
    secret = p.stdout.strip()
    assert len(secret) == 64 and "\n" not in secret, p.stdout
    c = Client(dep.base, token=secret)
    assert c.get("/me").json()["user"]["login"] == world["login"]
    out = cli_ok("token", "list", "--db", dep.db, "--login", world["login"]).stdout
    line = [ln for ln in out.splitlines() if "nightly export" in ln]
    assert line, out
    assert secret not in out
    tid = line[0].split()[0]
    listed = dep.admin.get(f"/users/{world['uid']}/tokens").json()["items"]
    tok = next(t for t in listed if str(t["id"]) == tid)
    assert tok["name"] == "nightly export"
    assert 6.9 < days_from_now(tok["expires_at"]) <= 7.0, tok
    cli_ok("token", "revoke", "--db", dep.db, "--id", tid)
    assert_error(c.get("/me"), 401)
    assert tid not in [str(t["id"]) for t in dep.admin.get(f"/users/{world['uid']}/tokens").json()["items"]]
    # revoking again, or a token that never was, fails plainly
    assert cli("token", "revoke", "--db", dep.db, "--id", tid).returncode == 1
    assert cli("token", "revoke", "--db", dep.db).returncode == 2


def test_tokens_expire_by_default_after_the_setting(dep, world):
    secret = cli_ok("token", "create", "--db", dep.db, "--login", world["login"]).stdout.strip()
    items = dep.admin.get(f"/users/{world['uid']}/tokens").json()["items"]
    newest = items[0]
    assert TTL_DAYS - 0.1 < days_from_now(newest["expires_at"]) <= TTL_DAYS, newest
    # no more than the setting allows
    p = cli("token", "create", "--db", dep.db, "--login", world["login"], "--days", str(TTL_DAYS + 1))
    assert p.returncode == 1 and "days" in p.stderr, p.stderr
    assert Client(dep.base, token=secret).get("/me").status_code == 200


def test_expired_token_is_refused(dep, world):
    r = dep.admin.post(f"/users/{world['uid']}/tokens", {"name": "short-lived", "days": 1})
    assert r.status_code == 201, r.text
    made = r.json()
    past = "2000-01-01T00:00:00Z"
    if dep.backend == "sqlite":
        con = sqlite3.connect(dep.db)
        con.execute("UPDATE sessions SET expires_at = ? WHERE id = ?", (past, made["id"]))
        con.commit()
        con.close()
    else:
        import subprocess
        p = subprocess.run(["psql", dep.db, "-X", "-q", "-c",
                            f"UPDATE sessions SET expires_at = '{past}' WHERE id = {int(made['id'])}"],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
    assert_error(Client(dep.base, token=made["token"]).get("/me"), 401)
    listed = next(t for t in dep.admin.get(f"/users/{world['uid']}/tokens").json()["items"] if t["id"] == made["id"])
    assert listed["expired"] is True


def test_api_create_shows_the_secret_once(dep, world):
    r = dep.admin.post(f"/users/{world['uid']}/tokens", {"name": "报表导出", "days": 30})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["name"] == "报表导出" and len(made["token"]) == 64
    assert 29.9 < days_from_now(made["expires_at"]) <= 30
    assert made["last_used_at"] is None
    c = Client(dep.base, token=made["token"])
    assert c.get("/me").status_code == 200
    listed = dep.admin.get(f"/users/{world['uid']}/tokens")
    assert listed.status_code == 200
    assert made["token"] not in listed.text
    mine = next(t for t in listed.json()["items"] if t["id"] == made["id"])
    assert mine["last_used_at"], "using a token records when"
    assert set(mine) >= {"id", "name", "created_at", "expires_at", "last_used_at", "expired"}
    # the secret is in no audit entry and not in the server's log
    trail = dep.admin.get("/audit", params={"collection": "tokens", "per_page": 100})
    assert trail.status_code == 200
    assert any(e["record_id"] == made["id"] and e["action"] == "create" for e in trail.json()["items"])
    assert made["token"] not in trail.text
    assert made["token"] not in dep.server.log_tail(200000)
    # revoke
    assert dep.admin.delete(f"/users/{world['uid']}/tokens/{made['id']}").status_code == 204
    assert_error(c.get("/me"), 401)
    assert_error(dep.admin.delete(f"/users/{world['uid']}/tokens/{made['id']}"), 404)


def test_api_refuses_bad_token_requests(dep, world):
    base = f"/users/{world['uid']}/tokens"
    assert_error(dep.admin.post(base, {"name": "x", "days": 0}), 422, "days")
    assert_error(dep.admin.post(base, {"name": "x", "days": TTL_DAYS + 1}), 422, "days")
    assert_error(dep.admin.post(base, {"name": "x", "days": "7"}), 422, "days")
    assert_error(dep.admin.post(base, {"name": 5}), 422, "name")
    assert_error(dep.admin.post(base, {"name": "长" * 101}), 422, "name")
    assert_error(dep.admin.post(base, {"secret": "mine"}), 422, "secret")
    assert_error(dep.admin.post("/users/999999/tokens", {"name": "x"}), 404)
    assert_error(dep.admin.put(base, {"name": "x"}), 405)
    assert_error(dep.anon().get(base), 401)


def test_users_manage_their_own_tokens_only(dep, world):
    login = f"member{uniq()}"
    dep.add_user(login, "member", congress=world["cid"])
    me = dep.login_client(login)
    uid = me.get("/me").json()["user"]["id"]
    h = {"Origin": dep.server.origin}
    r = me.post(f"/users/{uid}/tokens", {"name": "我的脚本"}, headers=h)
    assert r.status_code == 201, r.text
    made = r.json()
    assert [t["id"] for t in me.get(f"/users/{uid}/tokens").json()["items"]] == [made["id"]]
    # another account's tokens are not theirs to see or revoke
    other = dep.admin.post(f"/users/{world['uid']}/tokens", {"name": "别人的"}).json()
    assert_error(me.get(f"/users/{world['uid']}/tokens"), 403)
    assert_error(me.delete(f"/users/{world['uid']}/tokens/{other['id']}", headers=h), 403)
    assert_error(me.delete(f"/users/{uid}/tokens/{other['id']}", headers=h), 404)
    assert Client(dep.base, token=other["token"]).get("/me").status_code == 200
    assert me.delete(f"/users/{uid}/tokens/{made['id']}", headers=h).status_code == 204
    assert_error(Client(dep.base, token=made["token"]).get("/me"), 401)
