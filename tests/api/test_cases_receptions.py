"""A reception records the deputies present, of any level (issue 4: "A reception:
station, date, deputies present"), as `deputy_ids`, kept in reception_deputies."""

import pytest

from cases_util import World


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=2, n_units=0)


def test_reception_records_the_deputies_present(w):
    rec = w.staff.create("receptions", {"station_id": w.station["id"], "held_on": "2026-11-20",
                                        "voters_received": 23, "notes": "集中接待选民",
                                        "deputy_ids": [w.did(0), w.did(1)]})
    got = w.staff.one("receptions", rec["id"])
    assert sorted(got["deputy_ids"]) == sorted([w.did(0), w.did(1)])


def deputy_name(w, i):
    d = w.staff.one("deputies", w.did(i))
    return w.staff.one("persons", d["person_id"])["name"]


def test_reception_names_the_deputies_present_in_order(w):
    """The record and the list carry `deputy_names` beside `deputy_ids`, pair by pair,
    so a page shows who was there without a request per deputy."""
    ids = sorted([w.did(0), w.did(1)])
    rec = w.staff.create("receptions", {"station_id": w.station["id"], "held_on": "2026-11-21",
                                        "voters_received": 5, "deputy_ids": ids[::-1]})
    want = [deputy_name(w, w.deputies.index(next(d for d in w.deputies if d["id"] == i))) for i in ids]
    got = w.staff.one("receptions", rec["id"])
    assert got["deputy_ids"] == ids and got["deputy_names"] == want
    listed = {r["id"]: r for r in w.staff.get("/receptions", params={"per_page": 500}).json()["items"]}
    assert listed[rec["id"]]["deputy_names"] == want
    # one removed: both lists shrink together
    r = w.staff.patch(f"/receptions/{rec['id']}", {"deputy_ids": [ids[1]]})
    assert r.status_code == 200, r.text
    got = w.staff.one("receptions", rec["id"])
    assert got["deputy_ids"] == [ids[1]] and got["deputy_names"] == [want[1]]
    schema = w.staff.get("/receptions/schema").json()
    f = [x for x in schema["fields"] if x["name"] == "deputy_ids"][0]
    assert f["type"] == "refs" and f["ref"] == "deputies" and f["names_key"] == "deputy_names"
