"""A changed password, a changed role and a disabled account end the account's
sessions and tokens at once, by every path (API, `renda user …`); the caller's own
current session survives changing their own password (docs/api.md "Accounts")."""

import pytest

from conftest import Client, Factory, assert_error, cli_ok, uniq


@pytest.fixture(scope="module")
def world(dep):
    cg = Factory(dep.admin).congress("常山县人民代表大会")
    return {"cid": cg["id"]}


def logged_in(dep, world, role="member"):
    """A fresh account with a cookie session and a bearer token, both working."""
    login = f"holder{uniq()}"
    pw = dep.add_user(login, role, congress=world["cid"])
    cookie = dep.login_client(login)
    token = dep.token_client(login)
    assert cookie.get("/me").status_code == 200
    assert token.get("/me").status_code == 200
    uid = cookie.get("/me").json()["user"]["id"]
    return login, pw, uid, cookie, token


def assert_ended(cookie, token):
    assert_error(cookie.get("/me"), 401)
    assert_error(token.get("/me"), 401)


def test_api_password_reset_ends_old_logins(dep, world):
    login, old, uid, cookie, token = logged_in(dep, world)
    r = dep.admin.patch(f"/users/{uid}", {"password": "重置后的密码-2025"})
    assert r.status_code == 200, r.text
    assert_ended(cookie, token)
    assert_error(Client(dep.base).login(login, old), 401)
    assert Client(dep.base).login(login, "重置后的密码-2025").status_code == 200


def test_cli_passwd_ends_old_logins(dep, world):
    login, old, uid, cookie, token = logged_in(dep, world)
    cli_ok("user", "passwd", "--db", dep.db, "--login", login, input="命令行新密码-2025\n")
    assert_ended(cookie, token)
    assert Client(dep.base).login(login, "命令行新密码-2025").status_code == 200


def test_api_role_change_ends_old_logins(dep, world):
    login, pw, uid, cookie, token = logged_in(dep, world, role="staff")
    r = dep.admin.patch(f"/users/{uid}", {"role": "member"})
    assert r.status_code == 200, r.text
    assert_ended(cookie, token)
    # logging in again gives the new role
    again = dep.login_client(login)
    assert again.get("/me").json()["user"]["role"] == "member"


def test_api_change_without_role_keeps_logins(dep, world):
    login, pw, uid, cookie, token = logged_in(dep, world)
    r = dep.admin.patch(f"/users/{uid}", {"display_name": "新的显示名称"})
    assert r.status_code == 200, r.text
    assert cookie.get("/me").status_code == 200
    assert token.get("/me").status_code == 200


def test_api_disable_ends_old_logins(dep, world):
    login, pw, uid, cookie, token = logged_in(dep, world)
    assert dep.admin.patch(f"/users/{uid}", {"disabled": True}).status_code == 200
    assert_ended(cookie, token)
    # enabling again does not bring the old ones back
    assert dep.admin.patch(f"/users/{uid}", {"disabled": False}).status_code == 200
    assert_ended(cookie, token)
    assert Client(dep.base).login(login, pw).status_code == 200


def test_cli_disable_ends_old_logins(dep, world):
    login, pw, uid, cookie, token = logged_in(dep, world)
    cli_ok("user", "disable", "--db", dep.db, "--login", login)
    assert_ended(cookie, token)


def test_own_password_change_keeps_the_current_session(dep, world):
    login = f"chief{uniq()}"
    pw = dep.add_user(login, "admin")
    me = dep.login_client(login)
    other_session = dep.login_client(login)
    token = dep.token_client(login)
    uid = me.get("/me").json()["user"]["id"]
    r = me.patch(f"/users/{uid}", {"password": "管理员自己的新密码-1"}, headers={"Origin": dep.server.origin})
    assert r.status_code == 200, r.text
    # the session that made the change goes on; every other login of the account ends
    assert me.get("/me").status_code == 200
    assert_error(other_session.get("/me"), 401)
    assert_error(token.get("/me"), 401)
    assert_error(Client(dep.base).login(login, pw), 401)
    assert Client(dep.base).login(login, "管理员自己的新密码-1").status_code == 200


def test_admin_reset_of_another_admin_keeps_nothing_of_theirs(dep, world):
    login = f"second{uniq()}"
    dep.add_user(login, "admin")
    theirs = dep.login_client(login)
    uid = theirs.get("/me").json()["user"]["id"]
    assert dep.admin.patch(f"/users/{uid}", {"password": "另一位管理员的密码-2"}).status_code == 200
    assert_error(theirs.get("/me"), 401)
    # the admin who made the change is still logged in
    assert dep.admin.get("/me").status_code == 200
