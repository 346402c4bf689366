"""Bad input for every field of every collection GET /api/v1/schema lists, from its
/schema (schema_gen.invalid_values): each value the field's type refuses — wrong JSON
type, out of range, too long, a bad date, an unknown enum value, a reference that
does not exist or belongs to another congress, NUL in text (the JSON decoder may
refuse that first, 400), a required field left out or null — sent in an otherwise
valid create body and as a PATCH of an existing record. Each is 422 naming the field,
and nothing is written: the list's total and the record stay as they were."""

import pytest

import schema_gen as sg

FIELDS = sg.collection_fields()
COLLS = sg.collections()


@pytest.fixture(scope="module")
def world(dep):
    s = sg.Schemas.fetch(dep.admin)
    gen = sg.Gen(dep.admin, s)
    a = gen.new("congresses", 0)["id"]
    b = gen.new("congresses", 0)["id"]
    return {"s": s, "gen": gen, "a": a, "b": b, "targets": {}}


def target(world, collection):
    t = world["targets"]
    if collection not in t:
        t[collection] = world["gen"].new(collection, world["a"])
    return t[collection]


def send_all(dep, world, collection, attempts):
    """attempts: [(what, body or None, patch or None, statuses, field)]; returns problems."""
    admin = dep.admin
    rec = target(world, collection)
    before = admin.total(collection)
    problems = []
    for what, body, patch, statuses, field in attempts:
        if body is not None:
            p = sg.refusal(admin.post("/" + collection, body), statuses, field)
            if p:
                problems.append(f"POST {what}: {p}")
        if patch is not None:
            p = sg.refusal(admin.patch(f"/{collection}/{rec['id']}", patch), statuses, field)
            if p:
                problems.append(f"PATCH {what}: {p}")
    if admin.total(collection) != before:
        problems.append(f"{collection}: {admin.total(collection) - before} records written by refused requests")
    now = admin.one(collection, rec["id"])
    if now != rec:
        world["targets"].pop(collection)
        problems.append(f"{collection} {rec['id']} was changed by a refused PATCH: "
                        f"{sorted(k for k in rec if rec[k] != now.get(k))}")
    dep.check_alive()
    return problems


@pytest.mark.parametrize("collection,field", FIELDS, ids=[f"{c}-{f}" for c, f in FIELDS])
def test_bad_field(dep, world, collection, field):
    s, gen = world["s"], world["gen"]
    f = s.field(collection, field)
    base = gen.body(collection, world["a"])
    attempts = []
    for name, value, statuses in gen.invalid(collection, f, world["a"], world["b"]):
        body = {k: v for k, v in base.items() if k != field}
        if value is not sg.ABSENT:
            body[field] = value
        patch = None if value is sg.ABSENT else {field: value}
        attempts.append((f"{field}={name}", body, patch, statuses, field))
    assert attempts, f"{collection}.{field} ({f['type']}) has no bad values"
    problems = send_all(dep, world, collection, attempts)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("collection", COLLS)
def test_unknown_and_server_fields(dep, world, collection):
    """A field the collection does not have is 422 naming it; the server's own fields
    (id, times, actions, display names) are ignored, so a GET result can be sent back."""
    gen, admin = world["gen"], dep.admin
    base = gen.body(collection, world["a"])
    problems = send_all(dep, world, collection, [
        ("unknown", {**base, sg.UNKNOWN_FIELD: 1}, {sg.UNKNOWN_FIELD: 1}, (422,), sg.UNKNOWN_FIELD),
        ("unknown-null", {**base, sg.UNKNOWN_FIELD: None}, {sg.UNKNOWN_FIELD: None}, (422,), sg.UNKNOWN_FIELD),
        ("not-an-object", None, [], (400, 422), None),
    ])
    assert not problems, "\n".join(problems)
    rec = target(world, collection)
    r = admin.patch(f"/{collection}/{rec['id']}", rec)
    assert r.status_code == 200, f"sending a GET result back: {r.status_code} {r.text[:300]}"
    got = r.json()
    assert {k: v for k, v in got.items() if k != "updated_at"} == \
        {k: v for k, v in rec.items() if k != "updated_at"}
    world["targets"][collection] = got
