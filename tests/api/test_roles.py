"""The role matrix of docs/api.md "Roles": every role × every collection × every verb,
plus congress isolation and the audit endpoint."""

import pytest

from conftest import COLLECTIONS, Factory, assert_error, uniq

ROLES = ["admin", "staff", "member", "deputy", "unit", "anonymous"]
VERBS = ["list", "get", "post", "patch", "delete"]
PUBLIC = {"congresses", "terms", "committees", "units", "stations", "deputies"}
DIRECTORY = set(COLLECTIONS) - {"persons"}

READ = {
    "admin": set(COLLECTIONS),
    "staff": set(COLLECTIONS),
    "member": set(COLLECTIONS),
    "deputy": DIRECTORY,
    "unit": DIRECTORY,
    "anonymous": PUBLIC,
}
WRITE = {
    "admin": set(COLLECTIONS),
    "staff": set(COLLECTIONS) - {"congresses"},
    "member": set(),
    "deputy": set(),
    "unit": set(),
    "anonymous": set(),
}
OK = {"list": 200, "get": 200, "post": 201, "patch": 200, "delete": 204}


def expected(role, collection, verb):
    allowed = collection in (READ[role] if verb in ("list", "get") else WRITE[role])
    if allowed:
        return OK[verb]
    return 401 if role == "anonymous" else 403


@pytest.fixture(scope="module")
def world(dep):
    f = Factory(dep.admin)
    seed_a = f.seed("常山县人民代表大会", "county")
    a = seed_a["congresses"]["id"]
    child = f.congress("天马街道人民代表大会", "township", a)
    seed_b = f.seed("江山市人民代表大会", "county")
    b = seed_b["congresses"]["id"]
    dep.add_user("staff_a", "staff", congress=a)
    dep.add_user("member_a", "member", congress=a)
    dep.add_user("deputy_a", "deputy", congress=a, deputy=seed_a["deputies"]["id"])
    dep.add_user("unit_a", "unit", congress=a, unit=seed_a["units"]["id"])
    dep.add_user("staff_b", "staff", congress=b)
    clients = {
        "admin": dep.admin,
        "staff": dep.token_client("staff_a"),
        "member": dep.token_client("member_a"),
        "deputy": dep.token_client("deputy_a"),
        "unit": dep.token_client("unit_a"),
        "anonymous": dep.anon(),
    }
    return {"f": f, "a": a, "b": b, "child": child, "seed_a": seed_a, "seed_b": seed_b, "clients": clients}


CASES = [(role, c, verb) for role in ROLES for c in COLLECTIONS for verb in VERBS]


def public_part(admin, collection, rec):
    """rec as the public reads it: the fields the collection's schema marks public (and
    their names), with the server's own keys."""
    keep = {"id", "created_at", "updated_at"}
    for f in admin.get(f"/{collection}/schema").json()["fields"]:
        if f.get("public"):
            keep |= {f["name"], f.get("name_key"), f.get("names_key")} - {None}
    return {k: v for k, v in rec.items() if k in keep}


@pytest.mark.parametrize("role,collection,verb", CASES, ids=[f"{r}-{c}-{v}" for r, c, v in CASES])
def test_matrix(dep, world, role, collection, verb):
    client = world["clients"][role]
    admin = dep.admin
    f = world["f"]
    a = world["a"]
    want = expected(role, collection, verb)

    if verb == "list":
        r = client.get("/" + collection)
        if want == 200:
            assert r.status_code == 200, r.text
            ids = [x["id"] for x in r.json()["items"]]
            if role != "anonymous":
                assert world["seed_a"][collection]["id"] in ids or r.json()["total"] > len(ids)
        else:
            assert_error(r, want)
        return

    if verb == "get":
        rid = world["seed_a"][collection]["id"]
        r = client.get(f"/{collection}/{rid}")
        if want == 200:
            assert r.status_code == 200, r.text
            # the same record; what each caller may do to it ("actions") is their own
            mine, theirs = r.json(), admin.one(collection, rid)
            assert mine.pop("actions") == (["update", "delete"] if collection in WRITE[role] else [])
            theirs.pop("actions")
            if role == "anonymous":  # the public sees the fields the schema marks public
                theirs = public_part(admin, collection, theirs)
            assert mine == theirs
        else:
            assert_error(r, want)
        return

    if verb == "post":
        body = Factory.body(collection, a, world["seed_a"])
        before = admin.total(collection)
        r = client.post("/" + collection, body)
        if want == 201:
            assert r.status_code == 201, r.text
            for k, v in body.items():
                assert r.json()[k] == v
        else:
            assert_error(r, want)
            assert admin.total(collection) == before, "a refused POST wrote a record"
        return

    target = f.make(collection, a, world["seed_a"])
    rid = target["id"]
    if verb == "patch":
        field, newval = Factory.PATCHES[collection]
        v = newval()
        r = client.patch(f"/{collection}/{rid}", {field: v})
        if want == 200:
            assert r.status_code == 200, r.text
            assert r.json()[field] == v
        else:
            assert_error(r, want)
            assert admin.one(collection, rid) == target, "a refused PATCH changed the record"
        return

    if verb == "delete":
        r = client.delete(f"/{collection}/{rid}")
        if want == 204:
            assert r.status_code == 204, r.text
            assert_error(admin.get(f"/{collection}/{rid}"), 404)
        else:
            assert_error(r, want)
            assert admin.one(collection, rid) == target, "a refused DELETE removed the record"
        return


@pytest.mark.parametrize("role", ["staff", "member", "deputy", "unit"])
def test_other_congress_is_not_found(dep, world, role):
    client = world["clients"][role]
    b = world["b"]
    for c in sorted(READ[role]):
        rid = world["seed_b"][c]["id"]
        assert_error(client.get(f"/{c}/{rid}"), 404)
        items = client.all(c)
        assert rid not in [x["id"] for x in items], f"{role} lists {c} {rid} of another congress"
        if c == "congresses":
            assert b not in [x["id"] for x in items]
        else:
            assert all(x["congress_id"] == world["a"] for x in items), f"{role} sees foreign {c}"
        # and it is not found by filtering on the congress either
        if c != "congresses":
            assert client.list(c, congress_id=b)["total"] == 0


def test_staff_reads_own_congress_and_children(dep, world):
    staff = world["clients"]["staff"]
    ids = {x["id"] for x in staff.all("congresses")}
    assert world["a"] in ids and world["child"]["id"] in ids and world["b"] not in ids
    assert staff.one("congresses", world["child"]["id"])["parent_id"] == world["a"]


def test_staff_writes_stay_in_their_congress(dep, world):
    staff = world["clients"]["staff"]
    admin = dep.admin
    a, b = world["a"], world["b"]
    seed_b = world["seed_b"]
    for c in COLLECTIONS:
        if c == "congresses":
            continue
        body = Factory.body(c, b, seed_b)
        before = admin.total(c, congress_id=b)
        assert_error(staff.post("/" + c, body), 403)
        assert admin.total(c, congress_id=b) == before, f"staff of A wrote {c} into B"
        rid = seed_b[c]["id"]
        snapshot = admin.one(c, rid)
        field, newval = Factory.PATCHES[c]
        assert_error(staff.patch(f"/{c}/{rid}", {field: newval()}), 404)
        assert_error(staff.delete(f"/{c}/{rid}"), 404)
        assert admin.one(c, rid) == snapshot
    # moving an own record into another congress is refused
    u = world["f"].unit(a)
    assert_error(staff.patch(f"/units/{u['id']}", {"congress_id": b}), 403)
    assert admin.one("units", u["id"])["congress_id"] == a
    # congress_id defaults to the staff's own congress
    r = staff.post("/units", {"name": f"常山县林业水利局{uniq()}", "kind": "department"})
    assert r.status_code == 201, r.text
    assert r.json()["congress_id"] == a
    # naming its own congress explicitly is fine
    r = staff.post("/units", {"congress_id": a, "name": f"常山县民政局{uniq()}", "kind": "department"})
    assert r.status_code == 201, r.text


def test_staff_cannot_reference_another_congress(dep, world):
    staff = world["clients"]["staff"]
    before = dep.admin.total("deputies", congress_id=world["a"])
    body = {"congress_id": world["a"], "person_id": world["seed_b"]["persons"]["id"], "level": "county"}
    r = staff.post("/deputies", body)
    assert_error(r, (403, 404, 409, 422))
    assert dep.admin.total("deputies", congress_id=world["a"]) == before


def test_staff_b_cannot_touch_a(dep, world):
    sb = dep.token_client("staff_b")
    uid = world["seed_a"]["units"]["id"]
    assert_error(sb.get(f"/units/{uid}"), 404)
    assert_error(sb.patch(f"/units/{uid}", {"contact": "越权"}), 404)
    assert_error(sb.delete(f"/units/{uid}"), 404)
    assert dep.admin.one("units", uid)["contact"] == world["seed_a"]["units"]["contact"]


def test_admin_sees_every_congress(dep, world):
    ids = {x["id"] for x in dep.admin.all("units")}
    assert world["seed_a"]["units"]["id"] in ids and world["seed_b"]["units"]["id"] in ids


@pytest.mark.parametrize("role,status", [("admin", 200), ("staff", 200), ("member", 403), ("deputy", 403),
                                         ("unit", 403), ("anonymous", 401)])
def test_audit_access(dep, world, role, status):
    r = world["clients"][role].get("/audit")
    if status == 200:
        assert r.status_code == 200, r.text
        assert "items" in r.json() and "total" in r.json()
    else:
        assert_error(r, status)


def test_staff_audit_is_their_congress_only(dep, world):
    staff = world["clients"]["staff"]
    ub = world["seed_b"]["units"]["id"]
    ua = world["seed_a"]["units"]["id"]
    assert dep.admin.list("audit", collection="units", id=ub)["total"] >= 1
    r = staff.get("/audit", params={"collection": "units", "id": ub})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 0 and r.json()["items"] == []
    r = staff.get("/audit", params={"collection": "units", "id": ua})
    assert r.status_code == 200 and r.json()["total"] >= 1
    # the whole list of staff holds no entry about B's seed records
    b_ids = {(c, world["seed_b"][c]["id"]) for c in COLLECTIONS}
    page = 1
    while True:
        d = staff.list("audit", page=page, per_page=500)
        for it in d["items"]:
            assert (it["collection"], it["record_id"]) not in b_ids, f"staff of A sees audit entry {it}"
        if len(d["items"]) < 500:
            break
        page += 1


def test_cookie_sessions_have_the_same_rights(dep, world):
    """The matrix above uses bearer tokens; a browser session of the same account has
    the same rights."""
    m = dep.login_client("member_a")
    assert m.get("/persons").status_code == 200
    r = m.post("/units", {"name": f"会员不可写{uniq()}", "kind": "other"})
    assert_error(r, 403)
    d = dep.login_client("deputy_a")
    assert_error(d.get("/persons"), 403)
    assert d.get("/deputies").status_code == 200
