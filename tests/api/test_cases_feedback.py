"""The case engine's rules of issue 10 at their boundaries (docs/cases.md "Joint
feedback, co-units and time limits"): every person owed a reply rates each round and
closing waits for them or for the feedback period; only confirmed cosigners are owed;
the lead unit waits for its co-units; a co-unit's own month; the time to assign a
between-session suggestion or a petition; the dates people give; the B-class
follow-up box; the bell's count.

"Today" is never moved: each rule is probed with dates in the past (a reply's
replied_on, a staff-registered submission's submitted_on, a petition's received_on)
and settings, and the days a boundary falls on are entered as working days in the
test's own congress, so a rest day cannot move the period's end."""

import datetime

import pytest

from cases_util import (TODAY, World, act, act_ok, add_months, assert_error, day, history, iso,
                        person_id)

P = "petitions"
ONE = datetime.timedelta(days=1)


def working(w, *days):
    """Enter these days as working days of the test's congress (a period ending on one
    stays there whatever the weekday)."""
    for d in days:
        r = w.staff.post("/holidays", {"day": iso(d), "working": 1, "name": "工作日"})
        assert r.status_code in (200, 201), r.text


def setting(w, **kv):
    r = w.staff.patch("/settings", kv)
    assert r.status_code == 200, r.text


def inbox(client):
    r = client.get("/inbox")
    assert r.status_code == 200, r.text
    return r.json()


def ids(box, key):
    return {x["id"] for x in box.get(key, [])}


def replied_case(w, cosigners=(1,), confirm=(1,), replied_on=None, submitted_on=None):
    """A suggestion by deputy 0 with these cosigners (only `confirm` confirm), assigned
    to unit 0 and replied (on replied_on)."""
    # a paper submission dated by staff is registered by staff (a deputy's draft is theirs)
    c = w.create(w.suggestion_body(0, cosigners), w.staff if submitted_on else w.dc[0])
    cid = c["id"]
    for i in confirm:
        act_ok(w.dc[i], cid, "confirm")
    if submitted_on:
        act_ok(w.staff, cid, "submit", {"submitted_on": iso(submitted_on)})
    else:
        act_ok(w.dc[0], cid, "submit")
    act_ok(w.staff, cid, "accept")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], submitted_on or TODAY))
    body = {"class": "A", "text": "已办理完毕"}
    if replied_on:
        body["replied_on"] = iso(replied_on)
    act_ok(w.uc[0], cid, "reply", body)
    return cid


# ---------------------------------------------------------------------------
# joint feedback


def test_joint_feedback_three_cosigners_one_unconfirmed(dep):
    w = World(dep, n_deputies=4, n_units=1)
    cid = replied_case(w, cosigners=(1, 2, 3), confirm=(1, 2))
    rec = w.get(cid)
    # the feedback period: feedback_days (30) from the reply (a rest day may move its end on)
    assert rec["state"] == "replied" and day(rec["feedback_due_on"]) >= TODAY + datetime.timedelta(days=30)
    # the cosigner who never confirmed is not asked, cannot rate, and is not waited for
    assert "feedback" not in w.get(cid, client=w.dc[3])["actions"]
    assert cid not in ids(inbox(w.dc[3]), "feedback")
    assert_error(act(w.dc[3], cid, "feedback", {"rating": "satisfied"}), 403)
    # the lead is unsatisfied: re-handling waits for the round's other ratings
    act_ok(w.dc[0], cid, "feedback", {"rating": "unsatisfied", "text": "没有时间表"})
    rec = w.get(cid)
    assert rec["state"] == "replied" and rec["round"] == 1
    # staff cannot close over the cosigners' heads
    assert "close" not in rec["actions"] and "rehandle" not in rec["actions"]
    err = assert_error(act(w.staff, cid, "close"), 409)
    assert "have not rated" in err["message"] and "未评价" in err["message_zh"]
    assert cid not in ids(inbox(w.staff), "to_close")
    act_ok(w.dc[1], cid, "feedback", {"rating": "satisfied"})
    assert w.state(cid) == "replied"
    # the last confirmed cosigner's rating completes the round: re-handling starts
    act_ok(w.dc[2], cid, "feedback", {"rating": "basically_satisfied"})
    rec = w.get(cid)
    assert rec["state"] == "rehandling" and rec["round"] == 2
    assert [e["action"] for e in history(rec) if e["to_state"] == "rehandling"] == ["feedback"]
    # round 2: all three owed rate; then the case closes, with no lapse to note
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已全部解决"})
    for i in (0, 1, 2):
        assert "close" not in w.get(cid)["actions"]
        act_ok(w.dc[i], cid, "feedback", {"rating": "satisfied"})
    rec = w.get(cid)
    assert "close" in rec["actions"] and cid in ids(inbox(w.staff), "to_close")
    act_ok(w.staff, cid, "close")
    rec = w.get(cid)
    assert rec["state"] == "closed"
    close = [e for e in history(rec) if e["action"] == "close"][0]
    assert not close["note"] or "lapsed" not in close["note"]
    assert {f["person_id"] for f in rec["feedback"]} == {person_id(rec, w.did(i)) for i in (0, 1, 2)}


def test_feedback_period_lapse_boundary(dep):
    """feedback_days after the reply: on its last day staff still wait; the day after
    they may close (noted in the history), or re-handle when a rating is unsatisfied."""
    w = World(dep, n_deputies=2, n_units=1)
    setting(w, feedback_days=5)
    working(w, TODAY - ONE, TODAY)
    start = TODAY - datetime.timedelta(days=20)
    last_day = replied_case(w, replied_on=TODAY - datetime.timedelta(days=5), submitted_on=start)
    lapsed = replied_case(w, replied_on=TODAY - datetime.timedelta(days=6), submitted_on=start)
    unhappy = replied_case(w, replied_on=TODAY - datetime.timedelta(days=6), submitted_on=start)
    assert w.get(last_day)["feedback_due_on"] == iso(TODAY)
    assert w.get(lapsed)["feedback_due_on"] == iso(TODAY - ONE)
    for cid in (last_day, lapsed):
        act_ok(w.dc[0], cid, "feedback", {"rating": "satisfied"})
    act_ok(w.dc[0], unhappy, "feedback", {"rating": "unsatisfied", "text": "不满意"})
    # the period's last day: the cosigner still has it
    assert "close" not in w.get(last_day)["actions"]
    assert_error(act(w.staff, last_day, "close"), 409)
    # the day after: closed without the cosigner's rating, and the history says so
    box = inbox(w.staff)
    assert lapsed in ids(box, "to_close") and last_day not in ids(box, "to_close")
    assert unhappy in ids(box, "to_rehandle") and unhappy not in ids(box, "to_close")
    assert "close" in w.get(lapsed)["actions"]
    act_ok(w.staff, lapsed, "close", {"text": "电话联系未果"})
    rec = w.get(lapsed)
    note = [e for e in history(rec) if e["action"] == "close"][0]["note"]
    assert rec["state"] == "closed"
    assert note.startswith(f"feedback period lapsed on {iso(TODAY - ONE)}; 1 of 2 did not rate"), note
    assert "电话联系未果" in note
    # an unsatisfied rating in a lapsed round: re-handled by staff, never closed
    rec = w.get(unhappy)
    assert "close" not in rec["actions"] and "rehandle" in rec["actions"]
    assert_error(act(w.staff, unhappy, "close"), 409)
    assert_error(act(w.staff, last_day, "rehandle"), 409)
    act_ok(w.staff, unhappy, "rehandle")
    rec = w.get(unhappy)
    assert rec["state"] == "rehandling" and rec["round"] == 2
    e = [e for e in history(rec) if e["action"] == "rehandle"][0]
    assert e["from_state"] == "replied" and "1 of 2 did not rate" in e["note"]


# ---------------------------------------------------------------------------
# the lead unit and its co-units


def co_case(w, assigned_on=None):
    cid = w.suggestion_in("accepted", cosigners=(), submitted_on=assigned_on)
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead"), (1, "co"), (2, "co")], assigned_on))
    return cid


def test_lead_waits_for_every_co_unit(dep):
    w = World(dep, n_deputies=1, n_units=3)
    cid = co_case(w)
    names = [u["name"] for u in w.units]
    assert "reply" not in w.get(cid, client=w.uc[0])["actions"]
    err = assert_error(act(w.uc[0], cid, "reply", {"class": "A", "text": "已办理"}), 409)
    assert names[1] in err["message"] and names[2] in err["message"], err
    assert names[1] in err["message_zh"] and "协办" in err["message_zh"]
    act_ok(w.uc[1], cid, "reply", {"text": "建议同步实施管网改造"})
    # the lead reads the co-unit's view in its record before replying
    views = [r for r in w.get(cid, client=w.uc[0])["replies"] if r["kind"] == "co_view"]
    assert [(v["unit_id"], v["text"]) for v in views] == [(w.uid(1), "建议同步实施管网改造")]
    err = assert_error(act(w.uc[0], cid, "reply", {"class": "A", "text": "已办理"}), 409)
    assert names[2] in err["message"] and names[1] not in err["message"]
    act_ok(w.uc[2], cid, "reply", {"text": "同意"})
    assert "reply" in w.get(cid, client=w.uc[0])["actions"]
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已办理"})
    assert w.state(cid) == "replied"


def test_lead_may_go_first_when_the_setting_says(dep):
    w = World(dep, n_deputies=1, n_units=3)
    setting(w, lead_waits_for_co_units=0)
    cid = co_case(w)
    assert "reply" in w.get(cid, client=w.uc[0])["actions"]
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已办理"})
    assert w.state(cid) == "replied"


def month_before(d):
    """A day whose one calendar month later is d, or None (month-end clamping)."""
    a = add_months(d, -1)
    return a if add_months(a, 1) == d else None


def test_co_unit_has_its_own_month(dep):
    """The co-unit's inbox shows its own deadline (a month after assignment), due soon
    on its last day and overdue the day after, and a view after it is marked late."""
    w = World(dep, n_deputies=1, n_units=3)
    on_due, after_due = month_before(TODAY), month_before(TODAY - ONE)
    if not on_due or not after_due:
        pytest.skip("month-end clamping today: no assignment day is one month before")
    working(w, TODAY - ONE, TODAY)
    due_today, overdue = co_case(w, on_due), co_case(w, after_due)
    co = {u["unit_id"]: u for u in w.get(due_today)["units"]}[w.uid(1)]
    assert co["due_on"] == iso(TODAY) and day(w.get(due_today)["due_on"]) > TODAY
    box = inbox(w.uc[1])
    by_id = {x["id"]: x for x in box["assigned"]}
    assert by_id[due_today]["due_on"] == iso(TODAY), "the co-unit's own date, not the lead's"
    assert by_id[overdue]["due_on"] == iso(TODAY - ONE)
    assert due_today in ids(box, "due_soon") and due_today not in ids(box, "overdue")
    assert overdue in ids(box, "overdue") and overdue not in ids(box, "due_soon")
    # the lead unit's own deadline is months away
    lead_box = inbox(w.uc[0])
    assert overdue not in ids(lead_box, "overdue") and due_today not in ids(lead_box, "due_soon")
    # views: on the due day on time, the day after late
    act_ok(w.uc[1], due_today, "reply", {"text": "按期意见"})
    act_ok(w.uc[1], overdue, "reply", {"text": "逾期意见"})
    act_ok(w.uc[2], overdue, "reply", {"text": "意见", "replied_on": iso(TODAY - ONE)})
    late = {(r["unit_id"], r["text"]): r["late"] for r in w.get(overdue)["replies"]}
    assert late == {(w.uid(1), "逾期意见"): True, (w.uid(2), "意见"): False}
    assert [r["late"] for r in w.get(due_today)["replies"]] == [False]
    assert w.staff.get("/proposals/stats").json()["late_co_views"] == 1


# ---------------------------------------------------------------------------
# dates people give, and the time to assign


def add_weekdays(d, n):
    while n:
        d += ONE
        n -= d.weekday() < 5
    return d


def test_assignment_within_five_working_days(dep):
    w = World(dep, n_deputies=1, n_units=1)
    submitted = TODAY - datetime.timedelta(days=21)
    fifth = add_weekdays(submitted, 5)
    sixth = add_weekdays(fifth, 1)
    cases = [w.suggestion_in("accepted", cosigners=(), submitted_on=submitted) for _ in range(3)]
    assert w.get(cases[0])["assign_by"] == iso(fifth)
    on_time, late, waiting = cases
    r = act_ok(w.staff, on_time, "assign", w.assign_body([(0, "lead")], fifth))
    assert r["assigned_late"] is False
    r = act_ok(w.staff, late, "assign", w.assign_body([(0, "lead")], sixth))
    assert r["assigned_late"] is True
    box = inbox(w.staff)
    assert waiting in ids(box, "assign_overdue") and waiting in ids(box, "to_assign")
    assert not {on_time, late} & ids(box, "assign_overdue")
    fresh = w.suggestion_in("accepted", cosigners=())
    assert fresh not in ids(inbox(w.staff), "assign_overdue")
    d = w.staff.get("/proposals/stats").json()
    assert d["assigned_late"] == 1 and d["assignment_overdue"] == 1
    assert [x["id"] for x in w.staff.list("proposals", assigned_late="true")["items"]] == [late]
    # a suggestion during a plenary session has no such limit (a congress of its own:
    # every suggestion handed in while its session is under way is handed in at it)
    ws = World(dep, n_deputies=1, n_units=0)
    ws.plenary()
    c = ws.create(ws.suggestion_body(0, ()), ws.dc[0])
    act_ok(ws.dc[0], c["id"], "submit")
    rec = ws.get(c["id"])
    assert rec["assign_by"] is None and rec["during_session"] is True, rec


def test_assigned_on_within_submission_and_today(dep):
    w = World(dep, n_deputies=1, n_units=1)
    cid = w.suggestion_in("accepted", cosigners=(), submitted_on=TODAY - ONE)
    err = assert_error(act(w.staff, cid, "assign", w.assign_body([(0, "lead")], TODAY - 2 * ONE)),
                       422, "assigned_on")
    assert err["message"] == f"assigned_on {iso(TODAY - 2 * ONE)} is before the submission ({iso(TODAY - ONE)})"
    assert_error(act(w.staff, cid, "assign", w.assign_body([(0, "lead")], TODAY + ONE)), 422, "assigned_on")
    assert w.state(cid) == "accepted"
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], TODAY - ONE))
    # a reply's date: not before the assignment, not after today
    assert_error(act(w.uc[0], cid, "reply", {"class": "A", "text": "x", "replied_on": iso(TODAY - 2 * ONE)}),
                 422, "replied_on")
    assert_error(act(w.uc[0], cid, "reply", {"class": "A", "text": "x", "replied_on": iso(TODAY + ONE)}),
                 422, "replied_on")
    # a deputy cannot backdate their own submission
    c = w.create(w.suggestion_body(0, ()), w.dc[0])
    assert_error(act(w.dc[0], c["id"], "submit", {"submitted_on": iso(TODAY - ONE)}), 403, "submitted_on")
    # staff date the paper submissions they register, never after today
    paper = w.create(w.suggestion_body(0, ()), w.staff)
    assert_error(act(w.staff, paper["id"], "submit", {"submitted_on": iso(TODAY + 2 * ONE)}), 422, "submitted_on")


def petition_body(received_on):
    return {"title": "反映芳村镇农田灌溉水渠损坏问题", "channel": "letter", "person_times": 1,
            "petitioner": "徐建国", "subject": "水渠损坏", "content": "请求尽快修复。",
            "received_on": iso(received_on) if received_on else None}


def accepted_petition(w, received_on):
    c = w.staff.create(P, petition_body(received_on))
    act_ok(w.staff, c["id"], "accept", coll=P)
    return c["id"]


def test_petition_fifteen_days_to_forward_or_assign(dep):
    w = World(dep, n_deputies=0, n_units=1)
    received = TODAY - datetime.timedelta(days=60)
    day15, day16 = received + datetime.timedelta(days=15), received + datetime.timedelta(days=16)
    working(w, day15, day16)
    ids_ = [accepted_petition(w, received) for _ in range(5)]
    assert w.get(ids_[0], P)["assign_by"] == iso(day15)
    r = act_ok(w.staff, ids_[0], "assign", w.assign_body([(0, "lead")], day15), coll=P)
    assert r["assigned_late"] is False
    r = act_ok(w.staff, ids_[1], "assign", w.assign_body([(0, "lead")], day16), coll=P)
    assert r["assigned_late"] is True
    r = act_ok(w.staff, ids_[2], "forward", {"to": "常山县公安局", "forwarded_on": iso(day15)}, coll=P)
    assert r["assigned_late"] is False and r["state"] == "closed"
    # day 50: still assigned (a late letter must be handled), and flagged
    r = act_ok(w.staff, ids_[3], "assign",
               w.assign_body([(0, "lead")], received + datetime.timedelta(days=50)), coll=P)
    assert r["assigned_late"] is True
    assert ids_[4] in ids(inbox(w.staff), "assign_overdue")
    assert_error(act(w.staff, ids_[4], "forward", {"to": "县公安局", "forwarded_on": iso(TODAY + ONE)}, coll=P),
                 422, "forwarded_on")
    assert w.staff.get(f"/{P}/stats").json()["assigned_late"] == 2


def test_petition_received_on_is_required_on_every_path(dep):
    w = World(dep, n_deputies=0, n_units=1)
    assert_error(w.staff.post(f"/{P}", petition_body(None)), 422, "received_on")
    body = petition_body(TODAY)
    del body["received_on"]
    assert_error(w.staff.post(f"/{P}", body), 422, "received_on")
    c = w.staff.create(P, petition_body(TODAY))
    assert_error(w.staff.patch(f"/{P}/{c['id']}", {"received_on": None}), 422, "received_on")
    assert w.get(c["id"], P)["received_on"] == iso(TODAY)
    # the form marks it required (the schema the web app draws from)
    f = {x["name"]: x for x in w.staff.get(f"/{P}/schema").json()["fields"]}["received_on"]
    assert f.get("required") is True, f


# ---------------------------------------------------------------------------
# the inbox: B-class follow-up, the bell


def test_b_class_follow_up_box(dep):
    w = World(dep, n_deputies=1, n_units=2)
    b = w.suggestion_in("accepted", cosigners=())
    a = w.suggestion_in("accepted", cosigners=())
    for cid, cls in ((b, "B"), (a, "A")):
        act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]))
        act_ok(w.uc[0], cid, "reply", {"class": cls, "text": "已列入计划"})
    assert ids(inbox(w.uc[0]), "follow_up") == {b}
    assert ids(inbox(w.staff), "follow_up") == {b}
    assert "follow_up" not in inbox(w.uc[1]) or not inbox(w.uc[1])["follow_up"]
    # still B after the case is closed; answered when solved, it leaves the box
    act_ok(w.dc[0], b, "feedback", {"rating": "satisfied"})
    act_ok(w.staff, b, "close")
    assert b in ids(inbox(w.uc[0]), "follow_up")
    act_ok(w.uc[0], b, "follow_up", {"class": "A", "text": "已完工"})
    assert not ids(inbox(w.uc[0]), "follow_up") and not ids(inbox(w.staff), "follow_up")


def test_the_bell_counts_each_case_once(dep):
    w = World(dep, n_deputies=1, n_units=1)
    old = TODAY - datetime.timedelta(days=200)
    cid = w.suggestion_in("accepted", cosigners=(), submitted_on=old)
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")], old))
    act_ok(w.uc[0], cid, "extend", {"reason": "需协调资金", "due_on": iso(TODAY + datetime.timedelta(days=30))})
    other = w.suggestion_in("submitted", cosigners=())
    box = inbox(w.staff)
    assert cid in ids(box, "overdue") and cid in ids(box, "extensions")
    assert box["counts"]["overdue"] + box["counts"]["extensions"] + box["counts"]["to_review"] == 3
    assert box["total"] == 2 == len({cid, other})
    ubox = inbox(w.uc[0])
    assert cid in ids(ubox, "assigned") and cid in ids(ubox, "overdue")
    assert ubox["total"] == 1
