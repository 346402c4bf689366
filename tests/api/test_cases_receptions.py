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
