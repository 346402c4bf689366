"""The audit trail: every write leaves an entry with before/after; `renda audit
verify` passes on an honest chain and names the entry when one was changed, deleted
or forged."""

import re
import sqlite3

import pytest

from conftest import COLLECTIONS, Factory, assert_error, cli, uniq


@pytest.fixture(scope="module")
def world(dep):
    f = Factory(dep.admin)
    seed = f.seed("常山县人民代表大会")
    cid = seed["congresses"]["id"]
    dep.add_user("audit_staff", "staff", congress=cid)
    return {"f": f, "seed": seed, "cid": cid, "staff": dep.token_client("audit_staff")}


def entries(client, collection, rid):
    d = client.list("audit", collection=collection, id=rid, per_page=500)
    assert d["total"] == len(d["items"])
    return sorted(d["items"], key=lambda e: e["id"])


def test_create_update_delete_are_recorded(dep, world):
    a = dep.admin
    u = world["f"].unit(world["cid"], f"常山县审计局{uniq()}", contact="钱科长")
    patched = a.patch(f"/units/{u['id']}", {"contact": "孙科长"}).json()
    assert a.delete(f"/units/{u['id']}").status_code == 204
    es = entries(a, "units", u["id"])
    assert [e["action"] for e in es] == ["create", "update", "delete"]
    for e in es:
        for k in ("id", "at", "user_id", "login", "action", "collection", "record_id", "before", "after"):
            assert k in e, f"audit entry lacks {k}: {e}"
        assert e["login"] == "admin" and e["collection"] == "units" and e["record_id"] == u["id"]
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", e["at"]), e["at"]
    c, up, d = es
    assert c["before"] is None and c["after"]["name"] == u["name"] and c["after"]["contact"] == "钱科长"
    assert up["before"]["contact"] == "钱科长" and up["after"]["contact"] == "孙科长"
    assert up["after"]["name"] == patched["name"]
    assert d["before"]["contact"] == "孙科长" and d["after"] is None
    assert isinstance(c["after"], dict) and isinstance(up["before"], dict)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_collection_write_is_recorded(dep, world, collection):
    a = dep.admin
    rec = world["f"].make(collection, world["cid"], world["seed"])
    field, newval = Factory.PATCHES[collection]
    v = newval()
    assert a.patch(f"/{collection}/{rec['id']}", {field: v}).status_code == 200
    es = entries(a, collection, rec["id"])
    assert [e["action"] for e in es] == ["create", "update"]
    assert es[0]["before"] is None and es[0]["after"].get(field) == rec[field]
    assert es[1]["before"].get(field) == rec[field] and es[1]["after"][field] == v


def test_staff_writes_are_recorded_under_their_login(dep, world):
    s = world["staff"]
    r = s.post("/units", {"name": f"常山县商务局{uniq()}", "kind": "department"})
    assert r.status_code == 201
    es = entries(dep.admin, "units", r.json()["id"])
    assert len(es) == 1 and es[0]["login"] == "audit_staff"
    # staff read their congress's trail
    assert entries(s, "units", r.json()["id"]) == es


def test_refused_writes_leave_no_entry(dep, world):
    a = dep.admin
    staff = dep.token_client("audit_staff")  # making a token is itself audited
    before = a.total("audit")
    assert_error(a.post("/units", {"congress_id": world["cid"], "name": "x", "kind": "ministry"}), 422)
    assert_error(a.post("/units", {"congress_id": world["cid"], "name": world["seed"]["units"]["name"],
                                   "kind": "other"}), 409)
    assert_error(a.delete(f"/persons/{world['seed']['persons']['id']}"), 409)
    assert_error(staff.post("/congresses", {"name": "x", "level": "county"}), 403)
    assert a.total("audit") == before


def test_import_is_recorded(dep, world):
    a = dep.admin
    before = a.total("audit")
    data = ("\ufeffcongress_id,name,kind\r\n"
            f"{world['cid']},常山县档案馆{uniq()},other\r\n{world['cid']},常山县气象局{uniq()},other\r\n").encode()
    r = a.post("/units/import", data=data, headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    assert a.total("audit") > before
    newest = a.list("audit", sort="-id", per_page=5)["items"]
    assert any(e["action"] in ("import", "create") and e["collection"] == "units" for e in newest)


def test_audit_filters_and_pages(dep, world):
    a = dep.admin
    d = a.list("audit", collection="units", per_page=2, page=1)
    assert len(d["items"]) <= 2 and d["total"] >= 3
    assert all(e["collection"] == "units" for e in d["items"])
    assert_error(a.get("/audit", params={"per_page": 501}), 422, field="per_page")


def test_verify_passes(dep, world):
    p = cli("audit", "verify", "--db", dep.db)
    assert p.returncode == 0, p.stdout + p.stderr


def test_audit_is_append_only_over_http(dep, world):
    a = dep.admin
    e = a.list("audit", per_page=1)["items"][0]
    assert_error(a.post("/audit", {"action": "create"}), (404, 405))
    assert_error(a.patch(f"/audit/{e['id']}", {"action": "delete"}), (404, 405))
    assert_error(a.delete(f"/audit/{e['id']}"), (404, 405))


# --- tampering ----------------------------------------------------------------

def snapshot(dep, tmp_path, name):
    """A consistent copy of the live SQLite database."""
    dst = str(tmp_path / f"{name}.db")
    src = sqlite3.connect(f"file:{dep.db}?mode=ro", uri=True)
    out = sqlite3.connect(dst)
    try:
        src.backup(out)
    finally:
        src.close()
        out.close()
    return dst


def verify_names(db, entry_ids):
    p = cli("audit", "verify", "--db", db)
    out = p.stdout + p.stderr
    assert p.returncode == 1, f"verify exited {p.returncode} on a tampered trail: {out}"
    assert any(re.search(rf"(?<!\d){i}(?!\d)", out) for i in entry_ids), \
        f"verify does not name entry {entry_ids}: {out!r}"
    return out


def middle_entry(db):
    con = sqlite3.connect(db)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM audit ORDER BY id")]
    finally:
        con.close()
    assert len(ids) >= 10
    return ids[len(ids) // 2], ids


@pytest.fixture
def sqlite_only(dep):
    if dep.backend != "sqlite":
        pytest.skip("file tampering is done on SQLite; PostgreSQL is tampered with via psql below")


def test_tamper_update_after(dep, world, tmp_path, sqlite_only):
    db = snapshot(dep, tmp_path, "upd")
    assert cli("audit", "verify", "--db", db).returncode == 0
    k, _ = middle_entry(db)
    con = sqlite3.connect(db)
    with con:
        after = con.execute("SELECT after FROM audit WHERE id=?", (k,)).fetchone()[0]
        forged = (after or "{}").replace("常山", "江山") if after and "常山" in after else '{"name":"伪造"}'
        con.execute("UPDATE audit SET after=? WHERE id=?", (forged, k))
    con.close()
    verify_names(db, [k])


@pytest.mark.parametrize("column,value", [("login", "someone_else"), ("action", "delete"), ("at", "2000-01-01T00:00:00Z"),
                                          ("record_id", 987654)])
def test_tamper_other_columns(dep, world, tmp_path, sqlite_only, column, value):
    db = snapshot(dep, tmp_path, f"col_{column}")
    k, _ = middle_entry(db)
    con = sqlite3.connect(db)
    with con:
        con.execute(f"UPDATE audit SET {column}=? WHERE id=?", (value, k))
    con.close()
    verify_names(db, [k])


def test_tamper_delete_entry(dep, world, tmp_path, sqlite_only):
    db = snapshot(dep, tmp_path, "del")
    k, ids = middle_entry(db)
    con = sqlite3.connect(db)
    with con:
        con.execute("DELETE FROM audit WHERE id=?", (k,))
    con.close()
    nxt = ids[ids.index(k) + 1]
    verify_names(db, [k, nxt])


def test_tamper_insert_forged_entry(dep, world, tmp_path, sqlite_only):
    db = snapshot(dep, tmp_path, "ins")
    k, ids = middle_entry(db)
    con = sqlite3.connect(db)
    with con:
        row = con.execute("SELECT at, user_id, login, congress_id, action, collection, record_id, before, after, "
                          "prev_hash, hash FROM audit WHERE id=?", (ids[-1],)).fetchone()
        # a plausible entry appended after the last one, chained to its hash
        forged_id = ids[-1] + 1
        con.execute("INSERT INTO audit (id, at, user_id, login, congress_id, action, collection, record_id, before, "
                    "after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (forged_id, row[0], row[1], row[2], row[3], "delete", "units", 1, row[8], None, row[10],
                     "0" * len(row[10])))
    con.close()
    verify_names(db, [forged_id])


def test_tamper_insert_copy_in_the_middle(dep, world, tmp_path, sqlite_only):
    """A copy of an honest entry slipped in between two others (a gap is made by
    renumbering the tail)."""
    db = snapshot(dep, tmp_path, "mid")
    k, ids = middle_entry(db)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE audit SET id = id + 1000000 WHERE id > ?", (k,))
        con.execute("INSERT INTO audit (id, at, user_id, login, congress_id, action, collection, record_id, before, "
                    "after, prev_hash, hash) SELECT ?, at, user_id, login, congress_id, action, collection, "
                    "record_id, before, after, prev_hash, hash FROM audit WHERE id=?", (k + 1, k))
    con.close()
    verify_names(db, [k + 1, ids[ids.index(k) + 1] + 1000000])


def test_tamper_on_postgres(dep, world, dbs):
    if dep.backend != "pg":
        pytest.skip("PostgreSQL only")
    pg = dbs.pg
    dbname = dep.db.rsplit("/", 1)[1].split("?")[0]
    ids = [int(x) for x in pg.psql("SELECT id FROM audit ORDER BY id", db=dbname).split()]
    k = ids[len(ids) // 2]
    orig = pg.psql(f"SELECT login FROM audit WHERE id={k}", db=dbname).strip()
    pg.psql(f"UPDATE audit SET login='intruder' WHERE id={k}", db=dbname)
    try:
        verify_names(dep.db, [k])
    finally:
        pg.psql(f"UPDATE audit SET login='{orig}' WHERE id={k}", db=dbname)
    p = cli("audit", "verify", "--db", dep.db)
    assert p.returncode == 0, p.stdout + p.stderr
