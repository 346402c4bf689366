"""Voters' opinions raised at liaison-station receptions (DOMAIN.md "Liaison
stations"): a reception records the deputies present and voters received; staff
register each opinion as a case, transfer it to a unit, and record the voter's
feedback; unsatisfied opens re-handling like any case."""

import pytest

from cases_util import TODAY, World, act, act_ok, add_months, assert_error, day, iso, next_working, transitions, uniq

O = "opinions"


@pytest.fixture(scope="module")
def w(dep):
    world = World(dep, n_deputies=2, n_units=2)
    world.reception = world.staff.create("receptions", {
        "station_id": world.station["id"], "held_on": "2026-11-20", "voters_received": 23,
        "notes": "集中接待选民，收集意见建议"})
    return world


def opinion(w, **kw):
    n = uniq()
    body = {"title": f"建议增设天马街道公交站点{n}",
            "voter_name": "郑海燕", "voter_phone": "13905705678",
            "content": "小区附近没有公交站，老人出行不便，建议增设站点。"}
    body.setdefault("reception_id", w.reception["id"] if hasattr(w, "reception") else None)
    body.update(kw)
    return w.staff.create(O, body)


def to_accepted(w, cid):
    if w.state(cid, O) == "draft":
        act_ok(w.staff, cid, "submit", coll=O)
    if w.state(cid, O) == "submitted":
        act_ok(w.staff, cid, "accept", coll=O)
    assert w.state(cid, O) == "accepted"


def test_reception_records_deputies_and_voters(w):
    rec = w.staff.one("receptions", w.reception["id"])
    assert rec["station_id"] == w.station["id"] and rec["held_on"] == "2026-11-20"
    assert rec["voters_received"] == 23
    assert_error(w.staff.post("/receptions", {"station_id": w.station["id"], "held_on": "2026-11-21",
                                              "voters_received": -1}), 422, "voters_received")


def test_opinion_transferred_answered_voter_unsatisfied_then_satisfied(w):
    c = opinion(w)
    cid = c["id"]
    assert c["voter_name"] == "郑海燕" and c["reception_id"] == w.reception["id"]
    to_accepted(w, cid)
    r = act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], day("2026-11-30")), coll=O)
    # three months end on Sunday 2027-02-28: the period ends on Monday (民法典 art. 203)
    assert r["due_on"] == "2027-03-01"
    act_ok(w.uc[0], cid, "reply", {"class": "B", "text": "已纳入明年公交线路优化方案"}, coll=O)
    rec = w.get(cid, O)
    voter = [p for p in rec["people"] if p["role"] == "voter"]
    assert len(voter) == 1 and voter[0]["name"] == "郑海燕"
    pid = voter[0]["id"]
    # a deputy cannot give the voter's feedback; staff record it
    assert_error(act(w.dc[0], cid, "feedback", {"person_id": pid, "rating": "satisfied", "text": ""}, coll=O),
                 (403, 404))
    act_ok(w.staff, cid, "feedback", {"person_id": pid, "rating": "unsatisfied", "text": "希望尽快落实"}, coll=O)
    rec = w.get(cid, O)
    assert rec["state"] == "rehandling" and rec["round"] == 2
    # the voter's rating, the round's only one, started it: the history notes the rating
    assert [e["note"] for e in rec["history"] if e["action"] == "feedback"] == ["希望尽快落实"]
    given = day(rec["feedback"][-1]["given_on"])
    assert rec["due_on"] == iso(next_working(add_months(given, 1)))
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "站点已设置，下月启用"}, coll=O)
    act_ok(w.staff, cid, "feedback", {"person_id": pid, "rating": "satisfied", "text": "满意"}, coll=O)
    act_ok(w.staff, cid, "close", coll=O)
    rec = w.get(cid, O)
    assert rec["state"] == "closed"
    assert [t[0] for t in transitions(rec)][-5:] == ["assign", "reply", "feedback", "reply", "close"]


def test_staff_feedback_must_name_a_person_of_the_case(w):
    c = opinion(w)
    to_accepted(w, c["id"])
    act_ok(w.staff, c["id"], "assign", w.assign_body([(0, "lead")]), coll=O)
    act_ok(w.uc[0], c["id"], "reply", {"class": "A", "text": "已办理"}, coll=O)
    assert_error(act(w.staff, c["id"], "feedback", {"rating": "satisfied", "text": ""}, coll=O), 422, "person_id")
    assert_error(act(w.staff, c["id"], "feedback", {"person_id": 999999999, "rating": "satisfied", "text": ""},
                     coll=O), 422, "person_id")
    assert w.state(c["id"], O) == "replied"


def test_opinions_visible_to_their_unit_only(w):
    c = opinion(w)
    to_accepted(w, c["id"])
    act_ok(w.staff, c["id"], "assign", w.assign_body([(0, "lead")]), coll=O)
    assert w.get(c["id"], O, client=w.uc[0])["id"] == c["id"]
    assert_error(w.uc[1].get(f"/{O}/{c['id']}"), 404)
    assert c["id"] not in [x["id"] for x in w.uc[1].all(O)]


def test_opinion_stats(dep):
    w2 = World(dep, n_deputies=0, n_units=1)
    # the opinions were raised at a reception in 2021: assigned then, overdue now
    rcp = w2.staff.create("receptions", {"station_id": w2.station["id"], "held_on": "2021-11-21",
                                         "voters_received": 9})
    ids = [opinion(w2, reception_id=rcp["id"])["id"] for _ in range(3)]
    to_accepted(w2, ids[0])
    act_ok(w2.staff, ids[0], "assign", w2.assign_body([(0, "lead")], day("2021-11-30")), coll=O)
    r = w2.staff.get(f"/{O}/stats")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["total"] == 3 and d["overdue"] == 1
    assert d["by_state"]["assigned"] == 1
