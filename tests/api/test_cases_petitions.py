"""Letters and visits (信访, DOMAIN.md "Letters and visits") through the case engine:
registration, the 60-day deadline with its one 30-day extension, forwarding within
15 days, the petitioner's feedback recorded by staff, who sees what."""

import datetime

import pytest

from cases_util import TODAY, World, act, act_ok, assert_error, day, history, iso, transitions, uniq

P = "petitions"


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=1, n_units=2)


def petition(w, **kw):
    n = uniq()
    body = {"title": f"反映芳村镇农田灌溉水渠损坏问题{n}", "channel": "letter", "person_times": 3,
            "petitioner": "徐建国", "phone": "13905701234", "subject": f"农田灌溉水渠损坏{n}",
            "content": "村里灌溉水渠年久失修，春耕用水困难，请求尽快修复。", "received_on": iso(TODAY)}
    body.update(kw)
    return w.staff.create(P, body)


def accepted(w, **kw):
    c = petition(w, **kw)
    if c["state"] == "draft":
        act_ok(w.staff, c["id"], "submit", coll=P)
    if w.state(c["id"], P) == "submitted":
        act_ok(w.staff, c["id"], "accept", coll=P)
    assert w.state(c["id"], P) == "accepted"
    return c["id"]


def test_registered_petition(w):
    c = petition(w, channel="visit", person_times=5)
    assert c["channel"] == "visit" and c["petitioner"] == "徐建国"
    assert c["state"] in ("submitted", "draft")
    assert_error(w.staff.post(f"/{P}", {"title": "x", "channel": "fax", "person_times": 1, "subject": "x"}), 422, "channel")
    assert_error(w.staff.post(f"/{P}", {"title": "x", "channel": "letter", "person_times": 0, "subject": "x"}), 422, "person_times")


def test_petition_assigned_extended_once_replied_closed(w):
    cid = accepted(w, received_on="2026-11-01")  # assigned on the day it arrived
    r = act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], day("2026-11-01")), coll=P)
    assert r["due_on"] == "2026-12-31", "60 days after assignment"
    # the unit asks for the one extension; staff approve it: +30 days
    act_ok(w.uc[0], cid, "extend", {"reason": "需现场勘查并协调资金"}, coll=P)
    rec = w.get(cid, P)
    ext = rec["extensions"]
    assert len(ext) == 1 and ext[0]["state"] == "requested"
    act_ok(w.staff, cid, "extend", {"extension_id": ext[0]["id"]}, coll=P)
    rec = w.get(cid, P)
    # +30 days is Saturday 2027-01-30: the period ends on Monday 2027-02-01
    assert rec["due_on"] == "2027-02-01"
    assert rec["extensions"][0]["state"] == "approved"
    # a second extension is refused, asked by the unit or set by staff
    assert_error(act(w.uc[0], cid, "extend", {"reason": "仍需时间"}, coll=P), (409, 422))
    assert_error(act(w.staff, cid, "extend", {"due_on": "2027-03-31", "reason": "再延"}, coll=P), (409, 422))
    assert w.get(cid, P)["due_on"] == "2027-02-01"

    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "水渠已修复，春灌前完工。"}, coll=P)
    rec = w.get(cid, P)
    assert rec["state"] == "replied"
    # staff record the petitioner's feedback, naming the person
    pet = [p for p in rec["people"] if p["role"] == "petitioner"]
    assert len(pet) == 1 and pet[0]["name"] == "徐建国"
    act_ok(w.staff, cid, "feedback", {"person_id": pet[0]["id"], "rating": "satisfied", "text": "电话回访满意"}, coll=P)
    act_ok(w.staff, cid, "close", coll=P)
    rec = w.get(cid, P)
    assert rec["state"] == "closed"
    assert [t[0] for t in transitions(rec)][-3:] == ["assign", "reply", "close"]
    assert any(e["action"] == "extend" for e in history(rec))


def test_petition_staff_extends_directly_by_the_setting(w):
    cid = accepted(w, received_on="2026-01-31")  # assigned on the day it arrived
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], day("2026-01-31")), coll=P)
    assert w.get(cid, P)["due_on"] == "2026-04-01"
    act_ok(w.staff, cid, "extend", {"reason": "案情复杂"}, coll=P)
    assert w.get(cid, P)["due_on"] == "2026-05-01"
    assert_error(act(w.staff, cid, "extend", {"reason": "再次延期"}, coll=P), (409, 422))


def test_petition_days_are_settings(dep):
    w2 = World(dep, n_deputies=0, n_units=1)
    r = w2.staff.patch("/settings", {"petition_reply_days": 30, "petition_extension_days": 15})
    assert r.status_code == 200, r.text
    cid = accepted(w2, received_on="2026-02-01")
    r = act_ok(w2.staff, cid, "assign", w2.assign_body([(0, "lead")], day("2026-02-01")), coll=P)
    assert r["due_on"] == "2026-03-03"
    act_ok(w2.staff, cid, "extend", {"reason": "案情复杂"}, coll=P)
    assert w2.get(cid, P)["due_on"] == "2026-03-18"


def test_forward_within_the_limit(w):
    cid = accepted(w, received_on=iso(TODAY - datetime.timedelta(days=3)))
    act_ok(w.staff, cid, "forward", {"to": "常山县公安局", "forwarded_on": iso(TODAY)}, coll=P)
    rec = w.get(cid, P)
    assert rec["state"] == "closed" and rec["forwarded_to"] == "常山县公安局" and rec["forwarded_on"] == iso(TODAY)


def test_forward_after_the_limit_is_flagged_late(w):
    """A letter forwarded after the 15 days still goes where it belongs (refusing would
    leave it nowhere): it is forwarded and flagged assigned_late (docs/cases.md)."""
    cid = accepted(w, received_on="2026-01-02")
    r = act_ok(w.staff, cid, "forward", {"to": "常山县公安局", "forwarded_on": "2026-01-20"}, coll=P)
    # 15 days end on Saturday 2026-01-17: the period ends on Monday the 19th
    assert r["state"] == "closed" and r["assigned_late"] is True and r["assign_by"] == "2026-01-19"
    # a forwarding date before the receipt is refused, in both languages
    cid2 = accepted(w, received_on="2026-01-02")
    err = assert_error(act(w.staff, cid2, "forward", {"to": "常山县公安局", "forwarded_on": "2026-01-01"},
                           coll=P), 422, "forwarded_on")
    assert err["message"] == "forwarded_on 2026-01-01 is before the receipt (2026-01-02)"
    assert err["message_zh"] == "日期 2026-01-01 早于收到日期（2026-01-02）"
    assert w.state(cid2, P) == "accepted"


def test_decline_a_petition(w):
    c = petition(w)
    if c["state"] == "draft":
        act_ok(w.staff, c["id"], "submit", coll=P)
    act_ok(w.staff, c["id"], "decline", {"reason": "outside_jurisdiction", "text": "属于法院诉讼程序"}, coll=P)
    assert w.state(c["id"], P) == "declined"


def test_petitions_visible_to_their_unit_only(w):
    cid = accepted(w)
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]), coll=P)
    assert w.get(cid, P, client=w.uc[0])["id"] == cid
    assert_error(w.uc[1].get(f"/{P}/{cid}"), 404)
    assert cid not in [x["id"] for x in w.uc[1].all(P)]
    assert_error(w.dc[0].get(f"/{P}/{cid}"), 404)
    assert_error(w.anon.get(f"/{P}/{cid}"), (401, 404))
    assert w.member.one(P, cid)["id"] == cid


def test_petition_wrong_role_and_state(w):
    cid = accepted(w)
    assert_error(act(w.dc[0], cid, "assign", w.assign_body([(0, "lead")]), coll=P), (403, 404))
    assert_error(act(w.member, cid, "assign", w.assign_body([(0, "lead")]), coll=P), 403)
    assert_error(act(w.staff, cid, "close", coll=P), 409)
    assert_error(act(w.staff, cid, "reply", {"class": "A", "text": "x"}, coll=P), (403, 409))
    assert w.state(cid, P) == "accepted"


def test_petition_keeps_its_person_times(w):
    """A petition's person-times (人次) read back as given, beside the list of people
    owed a reply."""
    c = petition(w, channel="visit", person_times=5)
    assert c["person_times"] == 5 and isinstance(c["people"], list)
    assert w.staff.one(P, c["id"])["person_times"] == 5
    assert w.staff.patch(f"/{P}/{c['id']}", {"person_times": 6}).status_code == 200
    assert w.staff.one(P, c["id"])["person_times"] == 6


def test_received_on_is_the_petitions_date(w):
    """A letter registered some days after it arrived counts from its arrival: its
    submitted_on is received_on (statistics by year, the forwarding limit), and a
    receipt date in the future is refused."""
    arrived = TODAY - datetime.timedelta(days=4)
    c = petition(w, received_on=iso(arrived))
    assert c["received_on"] == c["submitted_on"] == iso(arrived)
    # without received_on it is not registered: the 15 days run from it
    r = w.staff.post(f"/{P}", {"title": "反映问题", "channel": "letter", "received_on": None})
    assert_error(r, 422, "received_on")
    tomorrow = iso(TODAY + datetime.timedelta(days=1))
    before = w.staff.get(f"/{P}", params={"per_page": 1}).json()["total"]
    assert_error(w.staff.post(f"/{P}", {"title": "反映问题", "channel": "letter",
                                        "received_on": tomorrow}), 422, "received_on")
    assert w.staff.get(f"/{P}", params={"per_page": 1}).json()["total"] == before
    # corrected while submitted: the case's date follows
    earlier = iso(arrived - datetime.timedelta(days=2))
    r = w.staff.patch(f"/{P}/{c['id']}", {"received_on": earlier})
    assert r.status_code == 200, r.text
    assert r.json()["submitted_on"] == r.json()["received_on"] == earlier
    assert_error(w.staff.patch(f"/{P}/{c['id']}", {"received_on": tomorrow}), 422, "received_on")
    assert w.get(c["id"], P)["received_on"] == earlier
