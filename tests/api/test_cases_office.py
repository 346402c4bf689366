"""The office's daily work on cases (issue 10): case numbers, paper cosigners confirmed
by staff, the term of a case registered without one, deadlines that fall on a rest day,
and the motion's own rules (its three parts; the presidium before any unit)."""

import datetime
import re
import threading

import pytest

from cases_util import (TODAY, World, act, act_ok, assert_error, day, history, is_today, iso,
                        next_working)

YEAR_NUMBER = re.compile(r"^建议〔(\d{4})〕(\d+)号$")


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=5, n_units=2)


def number_of(rec):
    m = YEAR_NUMBER.match(rec.get("number") or "")
    assert m, f"a suggestion's number reads 建议〔年〕N号: {rec.get('number')!r}"
    return int(m.group(1)), int(m.group(2))


# ---------------------------------------------------------------------------
# case numbers


def test_a_case_is_numbered_when_accepted_and_keeps_its_number(w):
    cid = w.suggestion_in("submitted")
    assert w.get(cid)["number"] is None, "a case not yet accepted has no number"
    rec = act_ok(w.staff, cid, "accept")
    year, n = number_of(rec)
    assert year == TODAY.year and n >= 1
    # the number stays through the case's life, in the list and in the export
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]))
    assert w.get(cid)["number"] == rec["number"]
    listed = w.staff.get("/proposals", params={"q": rec["number"]}).json()["items"]
    assert [x["id"] for x in listed] == [cid], "a case is found by its number"
    assert [x["id"] for x in w.staff.get("/proposals", params={"number": rec["number"]}).json()["items"]] == [cid]
    csv = w.staff.get("/proposals/export", params={"format": "csv", "number": rec["number"]})
    assert csv.status_code == 200 and rec["number"] in csv.content.decode("utf-8-sig")


def test_numbers_run_on_and_are_never_reused(w):
    a = w.suggestion_in("accepted")
    b = w.suggestion_in("submitted")
    act_ok(w.staff, a, "withdraw")
    nb = number_of(act_ok(w.staff, b, "accept"))[1]
    na = number_of(w.get(a))[1]
    assert nb == na + 1, "the next case takes the next number; a withdrawn case keeps its own"


def test_motions_and_suggestions_number_apart(dep):
    mw = World(dep, n_deputies=10, n_units=1)
    assert mw.staff.patch("/settings", {"motion_min_deputies": 10}).status_code == 200
    s = mw.suggestion_in("accepted")
    c = mw.create(mw.motion_body(0, range(1, 10)), mw.dc[0])
    for i in range(1, 10):
        act_ok(mw.dc[i], c["id"], "confirm")
    act_ok(mw.dc[0], c["id"], "submit")
    m = act_ok(mw.staff, c["id"], "accept")
    assert mw.get(s)["number"] == f"建议〔{TODAY.year}〕1号"
    assert m["number"] == f"议案〔{TODAY.year}〕1号"


def test_numbers_by_term_is_a_setting(dep):
    tw = World(dep, n_deputies=2, n_units=1)
    term = tw.f.term(tw.cid, start_on=iso(TODAY - datetime.timedelta(days=30)), end_on=None)
    assert tw.staff.patch("/settings", {"case_number_scope": 2}).status_code == 200
    cid = tw.suggestion_in("accepted")
    assert tw.get(cid)["number"] == f"建议第{term['number']}届1号"
    assert_error(tw.staff.patch("/settings", {"case_number_scope": 3}), 422, "case_number_scope")


def test_petitions_are_numbered_when_registered(w):
    body = {"title": "反映小区电梯长期故障", "channel": "letter", "petitioner": "王建军",
            "person_times": 1, "subject": "电梯维修", "content": "小区电梯故障三个月无人维修。",
            "received_on": iso(TODAY)}
    a = w.staff.create("petitions", body)
    b = w.staff.create("petitions", dict(body, title="反映村道破损"))
    assert re.match(rf"^信访〔{TODAY.year}〕\d+号$", a["number"] or ""), a["number"]
    assert int(b["number"][8:-1]) == int(a["number"][8:-1]) + 1


@pytest.mark.parametrize("attempt", range(2))
def test_concurrent_accepts_never_share_a_number(dep, attempt):
    cw = World(dep, n_deputies=2, n_units=0)
    ids = [cw.suggestion_in("submitted", cosigners=()) for _ in range(8)]
    barrier = threading.Barrier(len(ids))
    results = {}

    def go(cid):
        barrier.wait()
        results[cid] = act(cw.staff, cid, "accept")

    ts = [threading.Thread(target=go, args=(cid,)) for cid in ids]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert all(r.status_code == 200 for r in results.values()), [r.text for r in results.values()]
    numbers = sorted(number_of(r.json())[1] for r in results.values())
    assert numbers == list(range(1, len(ids) + 1)), numbers


# ---------------------------------------------------------------------------
# paper cosigners


def test_staff_confirm_a_paper_cosigner(w):
    cid = w.suggestion_in("submitted", cosigners=())
    # the paper names deputies 1 and 2 as cosigners; staff add them and confirm one
    r = w.staff.patch(f"/proposals/{cid}", {"cosigners": [w.did(1), w.did(2)]})
    assert r.status_code == 200, r.text
    rec = w.get(cid)
    assert "confirm" in rec["actions"]
    waiting = [p for p in rec["people"] if p["role"] == "cosigner"]
    assert all(p["actions"] == ["confirm"] for p in waiting), waiting
    assert_error(act(w.staff, cid, "confirm", {}), 422, "deputy_id")
    assert_error(act(w.staff, cid, "confirm", {"deputy_id": w.did(3)}), 422, "deputy_id")
    rec = act_ok(w.staff, cid, "confirm", {"deputy_id": w.did(1)})
    people = {p["deputy_id"]: p for p in rec["people"]}
    assert people[w.did(1)]["confirmed"] and people[w.did(1)]["confirmed_by_staff"]
    assert not people[w.did(2)]["confirmed"] and people[w.did(1)]["actions"] == []
    last = history(rec)[-1]
    assert last["action"] == "confirm" and people[w.did(1)]["name"] in last["note"], last
    assert_error(act(w.staff, cid, "confirm", {"deputy_id": w.did(1)}), 422, "deputy_id")
    # a deputy confirms only their own signature
    assert_error(act(w.dc[2], cid, "confirm", {"deputy_id": w.did(2)}), 403, "deputy_id")
    rec = act_ok(w.dc[2], cid, "confirm")
    assert not {p["deputy_id"]: p for p in rec["people"]}[w.did(2)]["confirmed_by_staff"]
    assert "confirm" not in w.get(cid)["actions"], "nobody is left to confirm"


def test_a_published_case_shows_no_unconfirmed_cosigner(w):
    cid = w.suggestion_in("replied", cosigners=(1,))
    act_ok(w.staff, cid, "publish", {"published": True})
    # deputy 2 was named but never confirmed
    rec = w.get(cid)
    pub = w.anon.one("proposals", cid)
    assert all("confirmed" not in p for p in pub["people"])
    assert {p["deputy_id"] for p in pub["people"]} == {p["deputy_id"] for p in rec["people"] if p["confirmed"]}


# ---------------------------------------------------------------------------
# the term of a case


def test_a_case_without_a_term_takes_the_term_of_today(dep):
    tw = World(dep, n_deputies=1, n_units=0)
    body = tw.suggestion_body(0)
    del body["term_id"]
    # the world's term ended before today: no term covers today
    assert_error(tw.staff.post("/proposals", body), 422, "term_id")
    now = tw.f.term(tw.cid, start_on=iso(TODAY - datetime.timedelta(days=10)), end_on=None)
    c = tw.create(body)
    assert c["term_id"] == now["id"]
    assert_error(tw.staff.patch(f"/proposals/{c['id']}", {"term_id": None}), 422, "term_id")


# ---------------------------------------------------------------------------
# rest days (民法典 art. 203)


@pytest.fixture(scope="module")
def hw(dep):
    """A congress whose calendar has the 2027 New Year holiday (1–3 January)."""
    hw = World(dep, n_deputies=2, n_units=2)
    for d in ("2027-01-01", "2027-01-02", "2027-01-03"):
        hw.staff.create("holidays", {"day": d, "working": 0, "name": "元旦"})
    return hw


HOLIDAYS = {day("2027-01-01"): 0, day("2027-01-02"): 0, day("2027-01-03"): 0}


def test_a_deadline_on_a_holiday_moves_to_the_next_working_day(hw):
    cid = hw.suggestion_in("accepted", submitted_on=day("2026-09-28"))
    # three months from 2026-10-01 end on New Year's Day; the co-unit's month from
    # 2026-12-01 too: both end on Monday 4 January
    r = act_ok(hw.staff, cid, "assign", hw.assign_body([(0, "lead")], day("2026-10-01")))
    assert r["due_on"] == "2027-01-04" == iso(next_working(day("2027-01-01"), HOLIDAYS))
    cid2 = hw.suggestion_in("accepted", submitted_on=day("2026-09-28"))
    r = act_ok(hw.staff, cid2, "assign", hw.assign_body([(0, "lead"), (1, "co")], day("2026-12-01")))
    co = [u for u in r["units"] if u["role"] == "co"][0]
    assert co["due_on"] == "2027-01-04", co


def test_the_rest_day_rule_is_a_setting(dep):
    ow = World(dep, n_deputies=2, n_units=1)
    ow.staff.create("holidays", {"day": "2027-01-01", "working": 0, "name": "元旦"})
    assert ow.staff.patch("/settings", {"deadline_rest_day_rule": 0}).status_code == 200
    cid = ow.suggestion_in("accepted", submitted_on=day("2026-09-28"))
    r = act_ok(ow.staff, cid, "assign", ow.assign_body([(0, "lead")], day("2026-10-01")))
    assert r["due_on"] == "2027-01-01"


# ---------------------------------------------------------------------------
# motions


@pytest.fixture(scope="module")
def mw(dep):
    mw = World(dep, n_deputies=10, n_units=1)
    assert mw.staff.patch("/settings", {"motion_min_deputies": 10}).status_code == 200
    return mw


def motion(mw, **kw):
    c = mw.create(mw.motion_body(0, range(1, 10), **kw), mw.dc[0])
    for i in range(1, 10):
        act_ok(mw.dc[i], c["id"], "confirm")
    return c["id"]


@pytest.mark.parametrize("part", ["reason", "grounds", "solution"])
def test_a_motion_states_its_reason_grounds_and_solution(mw, part):
    cid = motion(mw, **{part: ""})
    assert_error(act(mw.dc[0], cid, "submit"), 422, part)
    assert mw.state(cid, client=mw.dc[0]) == "draft"


def test_a_motion_goes_to_the_presidium_before_any_unit(mw):
    cid = motion(mw)
    act_ok(mw.dc[0], cid, "submit")
    rec = act_ok(mw.staff, cid, "accept")
    assert "assign" not in rec["actions"] and "decide" in rec["actions"]
    err = assert_error(act(mw.staff, cid, "assign", mw.assign_body([(0, "lead")])), 409, "presidium_decision")
    assert "presidium" in err["message"]
    assert_error(act(mw.staff, cid, "decide", {"decision": "agenda", "decided_on": iso(TODAY + datetime.timedelta(days=3))}),
                 422, "decided_on")
    assert_error(act(mw.staff, cid, "decide", {"decision": "vote"}), 422, "decision")
    rec = act_ok(mw.staff, cid, "decide", {"decision": "agenda"})
    assert rec["presidium_decision"] == "agenda" and is_today(rec["presidium_decided_on"])
    assert "assign" in rec["actions"] and "decide" not in rec["actions"]
    act_ok(mw.staff, cid, "assign", mw.assign_body([(0, "lead")]))
    # a suggestion has no presidium
    s = mw.suggestion_in("accepted")
    assert_error(act(mw.staff, s, "decide", {"decision": "agenda"}), 409)
