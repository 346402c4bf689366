"""Deputies' proposals and suggestions through the case engine (docs/cases.md,
DOMAIN.md "Deputies' proposals and suggestions"): whole lifecycles, the motion's
signer rule, returns, extensions, deadlines, who sees what, concurrent replies,
history and audit."""

import datetime
import json

import pytest

from cases_util import (TODAY, World, act, act_ok, add_months, assert_error, audit_actions, day, flag, history,
                        is_today, iso, next_working, person_id, transitions)


@pytest.fixture(scope="module")
def w(dep):
    # deputies 0..4: 0 leads, 1-3 cosign, 4 is a stranger; units 0..2
    return World(dep, n_deputies=5, n_units=3)


@pytest.fixture(scope="module")
def mw(dep):
    # the motion world: 11 deputies (a lead and up to 10 cosigners)
    return World(dep, n_deputies=11, n_units=1)


# ---------------------------------------------------------------------------
# lifecycles


def test_suggestion_three_cosigners_unsatisfied_rehandled_satisfied_closed(dep, w):
    lead, cos = w.dc[0], [w.dc[i] for i in (1, 2, 3)]
    body = w.suggestion_body(0, (1, 2, 3))
    c = w.create(body, lead)
    cid = c["id"]
    assert c["state"] == "draft"
    assert c["kind"] == "suggestion" and c["title"] == body["title"] and c["lead_deputy_id"] == w.did(0)
    for k in ("body", "category", "term_id"):
        assert c[k] == body[k], k
    for cl in cos:
        act_ok(cl, cid, "confirm")
    # a draft is its deputies' until it is submitted: staff do not see it
    assert_error(w.staff.get(f"/proposals/{cid}"), 404)
    rec = w.get(cid, client=lead)
    people = {p["deputy_id"]: p for p in rec["people"]}
    assert set(people) == {w.did(i) for i in range(4)}
    assert people[w.did(0)]["role"] == "lead"
    for i in (1, 2, 3):
        assert people[w.did(i)]["role"] == "cosigner" and flag(people[w.did(i)]["confirmed"])

    act_ok(lead, cid, "submit")
    assert w.state(cid) == "submitted"
    accepted = act_ok(w.staff, cid, "accept")
    assert accepted["number"] and accepted["number"].endswith("号"), accepted.get("number")
    r = act_ok(w.staff, cid, "assign", {"units": [{"unit_id": w.uid(0), "role": "lead"},
                                                  {"unit_id": w.uid(1), "role": "co"}]})
    assigned_on = day(r["assigned_on"])
    assert is_today(r["assigned_on"])
    # three months on, moved to the next working day when that is a rest day
    assert r["due_on"] == iso(next_working(add_months(assigned_on, 3)))
    rec = w.get(cid)
    assert rec["state"] == "assigned" and rec["due_on"] == r["due_on"]
    roles = {u["unit_id"]: u["role"] for u in rec["units"]}
    assert roles == {w.uid(0): "lead", w.uid(1): "co"}

    # the co-unit's written view to the lead unit does not answer the case
    act_ok(w.uc[1], cid, "reply", {"text": "建议将管网改造与道路修缮同步实施。"})
    assert w.state(cid) == "assigned"
    act_ok(w.uc[0], cid, "reply", {"class": "B", "text": "已列入明年改造计划，正在设计。"})
    rec = w.get(cid)
    assert rec["state"] == "replied"
    kinds = sorted((x["unit_id"], x["kind"]) for x in rec["replies"])
    assert kinds == sorted([(w.uid(1), "co_view"), (w.uid(0), "reply")])

    # every cosigner and the lead are owed feedback; one is unsatisfied
    act_ok(lead, cid, "feedback", {"rating": "satisfied", "text": "满意"})
    act_ok(cos[0], cid, "feedback", {"rating": "basically_satisfied", "text": "基本满意"})
    act_ok(cos[1], cid, "feedback", {"rating": "satisfied", "text": ""})
    assert w.state(cid) == "replied"
    act_ok(cos[2], cid, "feedback", {"rating": "unsatisfied", "text": "没有明确完成时间"})
    rec = w.get(cid)
    assert rec["state"] == "rehandling"
    assert rec["round"] == 2
    given = day(max(f["given_on"] for f in rec["feedback"]))
    assert rec["due_on"] == iso(next_working(add_months(given, 1))), \
        "re-handling is due rehandle_months after the feedback (a rest day moves it on)"
    fb = {(f["person_id"], f["round"]): f["rating"] for f in rec["feedback"]}
    assert fb == {(person_id(rec, w.did(0)), 1): "satisfied",
                  (person_id(rec, w.did(1)), 1): "basically_satisfied",
                  (person_id(rec, w.did(2)), 1): "satisfied",
                  (person_id(rec, w.did(3)), 1): "unsatisfied"}

    # re-handling: the lead unit answers again; everyone rates the new reply, the
    # unsatisfied cosigner now satisfied; closing waits for the last of them
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已完成改造，管网全部更新。"})
    rec = w.get(cid)
    assert rec["state"] == "replied"
    assert [(x["round"], x["class"]) for x in rec["replies"] if x["kind"] == "reply"] == [(1, "B"), (2, "A")]
    act_ok(cos[2], cid, "feedback", {"rating": "satisfied", "text": "已解决"})
    for cl in (lead, cos[0]):
        act_ok(cl, cid, "feedback", {"rating": "satisfied"})
    assert "close" not in w.get(cid)["actions"]
    assert_error(act(w.staff, cid, "close"), 409)
    act_ok(cos[1], cid, "feedback", {"rating": "satisfied"})
    assert w.state(cid) == "replied"
    act_ok(w.staff, cid, "close")
    rec = w.get(cid)
    assert rec["state"] == "closed" and rec["closed_on"] == iso(TODAY)

    assert transitions(rec) == [
        ("create", None, "draft"), ("submit", "draft", "submitted"), ("accept", "submitted", "accepted"),
        ("assign", "accepted", "assigned"), ("reply", "assigned", "replied"),
        ("feedback", "replied", "rehandling"), ("reply", "rehandling", "replied"),
        ("close", "replied", "closed")]
    for e in history(rec):
        assert e["at"] and e["action"], e
    who = {e["action"]: e["login"] for e in history(rec)}
    assert who["submit"] == w.dep_logins[0] and who["accept"] == w.staff_login
    assert who["close"] == w.staff_login and who["feedback"] == w.dep_logins[2]  # the last rating

    # every transition is in the audit trail too
    acts = [e["action"] for e in audit_actions(dep.admin, "proposals", cid)]
    for a in ("submit", "accept", "assign", "reply", "feedback", "close"):
        assert a in acts, f"no audit entry for {a}: {acts}"


def test_feedback_twice_in_a_round_is_refused(w):
    cid = w.suggestion_in("replied")
    act_ok(w.dc[1], cid, "feedback", {"rating": "satisfied", "text": ""})
    r = act(w.dc[1], cid, "feedback", {"rating": "unsatisfied", "text": "改主意"})
    assert_error(r, (409, 422))
    assert w.state(cid) == "replied"


def test_rehandled_more_than_once(w):
    cid = w.suggestion_in("rehandling")
    for rnd in (2, 3):
        act_ok(w.uc[0], cid, "reply", {"class": "C", "text": f"第{rnd}轮答复"})
        act_ok(w.dc[0], cid, "feedback", {"rating": "unsatisfied", "text": "仍不满意"})
        assert w.state(cid) == "replied", "re-handling waits for the cosigner's rating"
        act_ok(w.dc[1], cid, "feedback", {"rating": "basically_satisfied"})
        rec = w.get(cid)
        assert rec["state"] == "rehandling" and rec["round"] == rnd + 1
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已解决"})
    act_ok(w.dc[0], cid, "feedback", {"rating": "satisfied", "text": ""})
    act_ok(w.dc[1], cid, "feedback", {"rating": "satisfied", "text": ""})
    act_ok(w.staff, cid, "close")
    assert w.state(cid) == "closed"


def test_staff_registers_a_paper_suggestion_for_a_deputy(w):
    c = w.create(w.suggestion_body(2), w.staff)
    assert c["lead_deputy_id"] == w.did(2) and c["state"] == "draft"
    act_ok(w.staff, c["id"], "submit")
    # the deputy sees it as theirs
    assert w.get(c["id"], client=w.dc[2])["state"] == "submitted"


def test_deputy_cannot_write_for_another_deputy(w):
    r = w.dc[0].post("/proposals", w.suggestion_body(4))
    assert_error(r, (403, 422))


def test_decline_needs_a_listed_reason(w):
    cid = w.suggestion_in("submitted")
    assert_error(act(w.staff, cid, "decline", {"reason": "too_long", "text": "x"}), 422, "reason")
    act_ok(w.staff, cid, "decline", {"reason": "private_affairs", "text": "涉及代表本人亲属的私人事务"})
    rec = w.get(cid)
    assert rec["state"] == "declined" and rec["decline_reason"] == "private_affairs"
    assert rec["decline_text"] == "涉及代表本人亲属的私人事务"


def test_withdraw_by_lead(w):
    cid = w.suggestion_in("submitted")
    act_ok(w.dc[0], cid, "withdraw")
    assert w.state(cid) == "withdrawn"


# ---------------------------------------------------------------------------
# motions


def test_motion_needs_ten_signers_and_a_session(mw):
    r = mw.staff.patch("/settings", {"motion_min_deputies": 10})
    assert r.status_code == 200, r.text
    # lead + 8 confirmed cosigners = 9: refused
    c = mw.create(mw.motion_body(0, range(1, 10)), mw.dc[0])
    cid = c["id"]
    for i in range(1, 9):
        act_ok(mw.dc[i], cid, "confirm")
    err = assert_error(act(mw.dc[0], cid, "submit"), 422)
    assert "10" in err["message"], err
    assert mw.state(cid, client=mw.dc[0]) == "draft"
    # the ninth cosigner confirms: 10 signers, accepted
    act_ok(mw.dc[9], cid, "confirm")
    act_ok(mw.dc[0], cid, "submit")
    assert mw.state(cid) == "submitted"
    act_ok(mw.staff, cid, "accept")
    assert mw.state(cid) == "accepted"


def test_unconfirmed_cosigners_do_not_count(mw):
    c = mw.create(mw.motion_body(0, range(1, 11)), mw.dc[0])
    for i in range(1, 9):  # 9 confirmed signers of 11 named
        act_ok(mw.dc[i], c["id"], "confirm")
    assert_error(act(mw.dc[0], c["id"], "submit"), 422)


def test_motion_between_sessions_is_refused(mw):
    c = mw.create(mw.motion_body(0, range(1, 10), meeting_id=None), mw.dc[0])
    for i in range(1, 10):
        act_ok(mw.dc[i], c["id"], "confirm")
    assert_error(act(mw.dc[0], c["id"], "submit"), 422, "meeting_id")
    assert mw.state(c["id"], client=mw.dc[0]) == "draft"


def test_motion_min_deputies_is_a_setting(dep):
    w5 = World(dep, n_deputies=5, n_units=0)
    assert w5.staff.patch("/settings", {"motion_min_deputies": 5}).status_code == 200
    c = w5.create(w5.motion_body(0, range(1, 5)), w5.dc[0])
    for i in range(1, 4):
        act_ok(w5.dc[i], c["id"], "confirm")
    assert_error(act(w5.dc[0], c["id"], "submit"), 422)
    act_ok(w5.dc[4], c["id"], "confirm")
    act_ok(w5.dc[0], c["id"], "submit")


def test_convert_motion_into_suggestion(mw):
    c = mw.create(mw.motion_body(0, range(1, 10)), mw.dc[0])
    for i in range(1, 10):
        act_ok(mw.dc[i], c["id"], "confirm")
    act_ok(mw.dc[0], c["id"], "submit")
    act_ok(mw.staff, c["id"], "convert")
    rec = mw.get(c["id"])
    assert rec["kind"] == "suggestion" and rec["state"] == "accepted"
    assert any(e["action"] == "convert" for e in history(rec))
    # converting a suggestion is refused
    assert_error(act(mw.staff, c["id"], "convert"), (409, 422))


# ---------------------------------------------------------------------------
# deadlines


@pytest.mark.parametrize("assigned_on,difficult,due_on", [
    ("2021-11-30", False, "2022-02-28"),
    ("2023-11-30", False, "2024-02-29"),
    ("2021-08-31", True, "2022-02-28"),
    ("2021-11-30", True, "2022-05-30"),
    ("2022-01-15", False, "2022-04-15"),
    ("2022-10-31", False, "2023-01-31"),
])
def test_reply_deadline_calendar_months(w, assigned_on, difficult, due_on):
    cid = w.suggestion_in("accepted", submitted_on=day(assigned_on))
    r = act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], day(assigned_on), difficult))
    assert r["due_on"] == due_on
    rec = w.get(cid)
    assert rec["due_on"] == due_on and flag(rec["difficult"]) == difficult
    assert [u["due_on"] for u in rec["units"]] == [due_on]


def test_reply_months_is_a_setting(dep):
    w2 = World(dep, n_deputies=1, n_units=1)
    assert w2.staff.patch("/settings", {"reply_months": 2}).status_code == 200
    cid = w2.suggestion_in("accepted", cosigners=(), submitted_on=day("2021-12-31"))
    r = act_ok(w2.staff, cid, "assign", w2.assign_body([(0, "lead")], day("2021-12-31")))
    assert r["due_on"] == "2022-02-28"


def test_overdue_and_due_soon(w):
    old = w.suggestion_in("accepted", submitted_on=day("2021-11-30"))
    act_ok(w.staff, old, "assign", w.assign_body([(0, "lead")], day("2021-11-30")))
    rec = w.get(old)
    assert flag(rec.get("overdue")) is True
    assert flag(rec.get("due_soon")) is False
    fresh = w.suggestion_in("assigned")
    rec = w.get(fresh)
    assert flag(rec.get("overdue")) is False and flag(rec.get("due_soon")) is False  # due in 3 months
    # staff move the deadline to tomorrow: due soon (within due_soon_working_days, 5), not overdue
    act_ok(w.staff, old, "extend", {"due_on": iso(TODAY + datetime.timedelta(days=1)), "reason": "限期办结"})
    rec = w.get(old)
    assert flag(rec["overdue"]) is False and flag(rec["due_soon"]) is True
    # a closed case is neither, whatever its date
    done = w.suggestion_in("closed")
    assert not flag(w.get(done)["overdue"]) and not flag(w.get(done)["due_soon"])


# ---------------------------------------------------------------------------
# return and extension


def test_return_by_a_unit_within_the_limit_then_reassigned(w):
    cid = w.suggestion_in("accepted")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]))
    act_ok(w.uc[0], cid, "return", {"reason": "该事项属于交通运输局职责"})
    rec = w.get(cid)
    assert rec["state"] == "returned"
    u = {x["unit_id"]: x for x in rec["units"]}[w.uid(0)]
    assert u["state"] == "returned" and u["return_reason"] == "该事项属于交通运输局职责"
    r = act_ok(w.staff, cid, "assign", w.assign_body([(2, "lead")]))
    assert r["due_on"] == iso(next_working(add_months(day(r["assigned_on"]), 3)))
    assert w.state(cid) == "assigned"
    # the new unit answers; the one that returned it can no longer reply
    assert_error(act(w.uc[0], cid, "reply", {"class": "A", "text": "x"}), (403, 404, 409))
    act_ok(w.uc[2], cid, "reply", {"class": "A", "text": "已办理"})
    assert w.state(cid) == "replied"
    assert ("return", "assigned", "returned") in transitions(w.get(cid))


def test_one_of_two_separate_units_returns(w):
    cid = w.suggestion_in("accepted")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "separate"), (1, "separate")]))
    act_ok(w.uc[1], cid, "return", {"reason": "不属于本单位职责"})
    assert w.state(cid) == "assigned", "a unit is still answering"
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已办理"})
    assert w.state(cid) == "replied"


def test_return_after_the_working_day_limit_is_refused(w):
    cid = w.suggestion_in("accepted", submitted_on=day("2026-01-05"))
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], day("2026-01-05")))
    assert_error(act(w.uc[0], cid, "return", {"reason": "不属于本单位职责"}), (409, 422))
    assert w.state(cid) == "assigned"


def test_extension_requested_by_unit_approved_by_staff(w):
    cid = w.suggestion_in("accepted", submitted_on=day("2026-10-10"))
    r = act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], day("2026-10-10")))
    # three months end on Sunday 2027-01-10: the period ends on Monday 2027-01-11
    assert r["due_on"] == "2027-01-11"
    act_ok(w.uc[0], cid, "extend", {"reason": "需协调多个部门，申请延期", "due_on": "2027-03-10"})
    rec = w.get(cid)
    assert rec["due_on"] == "2027-01-11", "a request alone does not move the deadline"
    ext = rec["extensions"]
    assert len(ext) == 1 and ext[0]["state"] == "requested" and ext[0]["new_due_on"] == "2027-03-10"
    # the unit cannot approve its own request (its extend is always a request)
    assert_error(act(w.uc[0], cid, "extend", {"extension_id": ext[0]["id"]}), (403, 422))
    assert w.get(cid)["extensions"][0]["state"] == "requested"
    act_ok(w.staff, cid, "extend", {"extension_id": ext[0]["id"]})
    rec = w.get(cid)
    assert rec["due_on"] == "2027-03-10" and rec["state"] == "assigned"
    e = rec["extensions"][0]
    assert e["state"] == "approved" and is_today(e["decided_on"])
    assert any(h["action"] == "extend" for h in history(rec))


def test_staff_extend_directly(w):
    cid = w.suggestion_in("assigned")
    act_ok(w.staff, cid, "extend", {"due_on": "2027-12-31", "reason": "重点督办事项，延长办理期限"})
    rec = w.get(cid)
    assert rec["due_on"] == "2027-12-31"
    assert rec["extensions"][-1]["state"] == "approved"


def test_follow_up_after_a_b_class_reply(w):
    cid = w.suggestion_in("assigned")
    act_ok(w.uc[0], cid, "reply", {"class": "B", "text": "正在推进，预计明年完成"})
    act_ok(w.uc[0], cid, "follow_up", {"class": "A", "text": "已全部完成"})
    rec = w.get(cid)
    assert rec["state"] == "replied"
    assert [x["kind"] for x in rec["replies"]] == ["reply", "follow_up"]
    # after an A-class reply there is nothing to follow up
    cid2 = w.suggestion_in("replied")
    assert_error(act(w.uc[0], cid2, "follow_up", {"class": "A", "text": "x"}), (409, 422))


def test_reply_class_must_be_from_the_setting(w):
    cid = w.suggestion_in("assigned")
    assert_error(act(w.uc[0], cid, "reply", {"class": "E", "text": "x"}), 422, "class")
    assert_error(act(w.uc[0], cid, "reply", {"class": "A"}), 422, "text")
    assert w.state(cid) == "assigned"


# ---------------------------------------------------------------------------
# who sees what


def test_a_unit_cannot_see_another_units_case(w):
    cid = w.suggestion_in("assigned", unit=0)
    assert w.get(cid, client=w.uc[0])["id"] == cid
    assert_error(w.uc[1].get(f"/proposals/{cid}"), 404)
    assert cid not in [x["id"] for x in w.uc[1].all("proposals")]
    assert cid in [x["id"] for x in w.uc[0].all("proposals")]
    # nor act on it
    assert_error(act(w.uc[1], cid, "reply", {"class": "A", "text": "x"}), 404)
    assert_error(act(w.uc[1], cid, "return", {"reason": "x"}), 404)


def test_a_deputy_cannot_see_another_deputys_draft(w):
    cid = w.suggestion_in("draft", lead=0, cosigners=(1,))
    assert_error(w.dc[4].get(f"/proposals/{cid}"), 404)
    assert cid not in [x["id"] for x in w.dc[4].all("proposals")]
    assert cid in [x["id"] for x in w.dc[1].all("proposals")], "a cosigner sees the draft"
    assert_error(w.member.get(f"/proposals/{cid}"), 404)
    assert_error(act(w.dc[4], cid, "submit"), 404)
    assert w.state(cid, client=w.dc[0]) == "draft"
    # staff do not see another's draft either, in the list or the counts, nor act on it
    assert_error(w.staff.get(f"/proposals/{cid}"), 404)
    assert cid not in [x["id"] for x in w.staff.all("proposals")]
    assert_error(act(w.staff, cid, "accept"), 404)
    counts = w.staff.get("/proposals/counts?by=state").json()
    assert "draft" not in json.dumps(counts), counts
    # a draft staff write themselves (a paper submission being typed in) is theirs
    own = w.create(w.suggestion_body(2), w.staff)
    assert own["state"] == "draft" and w.staff.one("proposals", own["id"])["id"] == own["id"]


def test_published_case_is_public(w):
    cid = w.suggestion_in("replied")
    assert_error(w.anon.get(f"/proposals/{cid}"), (401, 404))
    assert_error(w.dc[4].get(f"/proposals/{cid}"), 404)
    act_ok(w.staff, cid, "publish", {"published": True})
    rec = w.anon.one("proposals", cid)
    assert rec["title"] and rec["replies"]
    # the public sees the question and the reply, not the office's timeline nor the
    # feedback (test_public.py: the public shape in full)
    assert "history" not in rec and "feedback" not in rec and "extensions" not in rec
    assert w.dc[4].one("proposals", cid)["id"] == cid
    assert w.member.one("proposals", cid)["id"] == cid


def test_cosigner_gives_feedback_stranger_cannot(w):
    cid = w.suggestion_in("replied", cosigners=(1, 2))
    act_ok(w.staff, cid, "publish", {"published": True})  # so the stranger can see it
    err = assert_error(act(w.dc[4], cid, "feedback", {"rating": "unsatisfied", "text": "x"}), 403)
    assert err["message"]
    assert_error(act(w.uc[0], cid, "feedback", {"rating": "satisfied", "text": "x"}), 403)
    assert_error(act(w.member, cid, "feedback", {"rating": "satisfied", "text": "x"}), 403)
    assert w.state(cid) == "replied"
    act_ok(w.dc[2], cid, "feedback", {"rating": "satisfied", "text": "满意"})
    rec = w.get(cid)
    assert [(f["person_id"], f["rating"]) for f in rec["feedback"]] == [(person_id(rec, w.did(2)), "satisfied")]


def test_unpublished_case_is_not_found_for_a_stranger(w):
    cid = w.suggestion_in("replied")
    assert_error(act(w.dc[4], cid, "feedback", {"rating": "satisfied", "text": "x"}), 404)


# ---------------------------------------------------------------------------
# merge, supervision


def test_merge_duplicates_each_author_gets_the_reply(w):
    main = w.suggestion_in("accepted", lead=0, cosigners=())
    dup = w.suggestion_in("submitted", lead=2, cosigners=())
    act_ok(w.staff, dup, "merge", {"into": main})
    assert w.state(dup) == "merged"
    assert w.get(dup)["merged_into"] == main
    # the main case's history says what came in, without changing its state
    came = [h for h in w.get(main)["history"] if h["action"] == "merge_in"]
    assert len(came) == 1 and came[0]["from_state"] == came[0]["to_state"] == "accepted"
    assert came[0]["note"].startswith(f"#{dup} ")
    act_ok(w.staff, main, "assign", w.assign_body([(0, "lead")]))
    act_ok(w.uc[0], main, "reply", {"class": "A", "text": "已办理"})
    rec = w.get(main)
    assert w.did(2) in [p["deputy_id"] for p in rec["people"]]
    # the merged case's author sees the main case and gives feedback on it
    assert w.get(main, client=w.dc[2])["id"] == main
    act_ok(w.dc[2], main, "feedback", {"rating": "satisfied", "text": "满意"})


def test_a_merge_goes_only_into_an_open_case_and_the_schema_says_which(w):
    """The merge's main case is an open case of the kind: the schema gives the list query
    that finds those, and the merge refuses any other (naming `into`)."""
    merge = next(a for a in w.staff.get("/proposals/schema").json()["actions"] if a["name"] == "merge")
    into = next(f for f in merge["fields"] if f["name"] == "into")
    states = into["query"]["state"].split(",")
    assert "submitted" in states and "closed" in states
    assert not {"draft", "declined", "withdrawn", "merged"} & set(states), states
    # the query is one the list takes, and it finds the open cases
    listed = w.staff.list("proposals", **into["query"], per_page=500)["items"]
    assert listed and {c["state"] for c in listed} <= set(states)
    dup = w.suggestion_in("submitted", lead=2, cosigners=())
    for closed_state in ("draft", "declined"):
        other = w.suggestion_in(closed_state, lead=1, cosigners=())
        assert_error(act(w.staff, dup, "merge", {"into": other}), 422, "into")
    assert_error(act(w.staff, dup, "merge", {"into": 99999999}), 422, "into")
    assert w.state(dup) == "submitted"


def test_key_supervision(w):
    cid = w.suggestion_in("assigned")
    act_ok(w.staff, cid, "supervise", w.supervise_body())
    rec = w.get(cid)
    assert flag(rec["key_supervision"]) is True
    assert rec["supervision_meeting_id"] == w.chairs_meeting()["id"]
    act_ok(w.staff, cid, "supervise", {"key_supervision": False})
    rec = w.get(cid)
    assert flag(rec["key_supervision"]) is False and rec["supervision_meeting_id"] is None


@pytest.mark.parametrize("units", [
    [],
    [(0, "co")],
    [(0, "lead"), (1, "lead")],
    [(0, "lead"), (1, "separate")],
    [(0, "lead"), (0, "co")],
    [(0, "boss")],
], ids=["none", "co-only", "two-leads", "lead-and-separate", "same-unit-twice", "bad-role"])
def test_assignment_shapes_refused(w, units):
    cid = w.suggestion_in("accepted")
    assert_error(act(w.staff, cid, "assign", w.assign_body(units)), 422)
    rec = w.get(cid)
    assert rec["state"] == "accepted" and rec["units"] == []


def test_assignment_of_a_unit_of_another_congress_is_refused(dep, w):
    other = World(dep, n_deputies=0, n_units=1)
    cid = w.suggestion_in("accepted")
    body = w.assign_body([(0, "lead")])
    body["units"][0]["unit_id"] = other.uid(0)
    assert_error(act(w.staff, cid, "assign", body), 422)
    assert w.state(cid) == "accepted"


def test_lead_unit_returns_co_unit_left_case_is_returned(w):
    cid = w.suggestion_in("accepted")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead"), (1, "co")]))
    act_ok(w.uc[0], cid, "return", {"reason": "主办单位应为交通运输局"})
    assert w.state(cid) == "returned", "a co-unit alone does not answer the case"
