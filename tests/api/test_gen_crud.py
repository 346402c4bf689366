"""CRUD round trip for every collection GET /api/v1/schema lists, from bodies generated
from its /schema: create, read back equal, change each writable field on its own
(the others stay), delete (then 404). Writers see "actions": ["update","delete"] on
every record, readers []. A collection registered later is covered the day it is."""

import pytest

import schema_gen as sg
from conftest import assert_error

COLLS = sg.collections()


@pytest.fixture(scope="module")
def world(dep):
    s = sg.Schemas.fetch(dep.admin)
    gen = sg.Gen(dep.admin, s)
    a = gen.new("congresses", 0)["id"]
    login = "gcrud_member"
    dep.add_user(login, "member", congress=a)
    return {"s": s, "gen": gen, "a": a, "member": dep.token_client(login)}


def default_of(f):
    """What a field left out of a create body reads back as."""
    if f["type"] == "refs":
        return []
    d = f.get("default")
    if d is None:
        return None
    if f["type"] == "int":
        return int(d)
    if f["type"] == "bool":
        return d in ("1", "true")
    return d


def check_names(s, collection, rec):
    """Each reference set carries its record's display name beside it."""
    for f in s.fields(collection):
        if f["type"] == "ref" and rec.get(f["name"]) is not None:
            assert isinstance(rec.get(f["name_key"]), str) and rec[f["name_key"]], \
                f"{collection}.{f['name_key']} is {rec.get(f['name_key'])!r} beside {f['name']}={rec[f['name']]}"
        if f["type"] == "refs":
            assert len(rec.get(f["names_key"]) or []) == len(rec[f["name"]] or []), (f["names_key"], rec)


@pytest.mark.parametrize("collection", COLLS)
def test_crud_round_trip(dep, world, collection):
    a, s, gen, admin = world["a"], world["s"], world["gen"], dep.admin
    before = admin.total(collection)
    body, rec = gen.create(collection, a)
    for f in s.fields(collection):
        want = body.get(f["name"], default_of(f))
        assert rec.get(f["name"]) == want, f"{collection}.{f['name']}: sent {want!r}, got {rec.get(f['name'])!r}"
    for k in ("id", "created_at", "updated_at"):
        assert rec.get(k), f"{collection} record lacks {k}: {rec}"
    if s.coll[collection].get("own_actions"):  # and more, as the record's state allows
        assert {"update", "delete"} <= set(rec["actions"]), rec["actions"]
    else:
        assert rec["actions"] == ["update", "delete"]
    check_names(s, collection, rec)
    assert admin.one(collection, rec["id"]) == rec, "GET differs from the POST answer"
    assert admin.total(collection) == before + 1

    # a reader sees the same record and may do nothing to it
    r = world["member"].get(f"/{collection}/{rec['id']}")
    if r.status_code == 200:
        mine = r.json()
        assert mine.pop("actions") == []
        assert mine == {k: v for k, v in rec.items() if k != "actions"}

    changed = []
    for f in s.fields(collection):
        value = gen.alt(collection, f, rec, a)
        if value is sg.ABSENT:
            continue
        # a rule between fields may need another changed with it (gen.change)
        r, sent = gen.change(collection, rec, f, value, a)
        assert r.status_code == 200, f"PATCH /{collection} {sent!r} → {r.status_code} {r.text[:400]}"
        new = r.json()
        assert new[f["name"]] == value, f"{collection}.{f['name']}: PATCHed {value!r}, got {new[f['name']]!r}"
        # the server's own fields (read-only: a reception's announce-by day) may follow
        derived = {x["name"] for x in s.coll[collection]["fields"] if x.get("read_only")}
        along = {k for x in s.fields(collection) if x["name"] in sent
                 for k in (x["name"], x.get("name_key"), x.get("names_key"))}
        others = {k: v for k, v in rec.items() if k not in along and k != "updated_at" and k not in derived}
        assert {k: new.get(k) for k in others} == others, f"PATCH of {f['name']} changed other fields"
        check_names(s, collection, new)
        assert admin.one(collection, rec["id"]) == new
        rec = new
        changed.append(f["name"])
    assert changed, f"no field of {collection} could be changed"

    r = admin.delete(f"/{collection}/{rec['id']}")
    assert r.status_code == 204, r.text[:300]
    assert_error(admin.get(f"/{collection}/{rec['id']}"), 404)
    assert_error(admin.patch(f"/{collection}/{rec['id']}", {}), 404)
    assert_error(admin.delete(f"/{collection}/{rec['id']}"), 404)
    assert admin.total(collection) == before
