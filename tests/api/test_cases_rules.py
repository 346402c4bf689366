"""The transition table of docs/cases.md, checked from outside: every action from
every state it does not start from is refused with 409 (by a role that may take the
action), every role the table does not name is refused with 403, and a refused
action changes nothing. Also the holiday calendar (a collection) and working days."""

import datetime

import pytest

from cases_util import TODAY, World, act, act_ok, assert_error, history, iso

STATES = ["draft", "submitted", "accepted", "declined", "withdrawn", "merged", "assigned", "returned",
          "replied", "rehandling", "closed"]
# states in which unit 0 is (or was) assigned the case and so sees it
UNIT_SEES = {"assigned", "replied", "rehandling", "closed"}

# action → (states it starts from, who may take it, a valid body)
# who: "lead" (deputy 0), "cosigner2" (deputy 2, named but not yet confirmed), "staff", "unit" (unit 0)
ACTIONS = {
    "confirm": ({"draft", "submitted"}, "cosigner2", {}),
    "submit": ({"draft"}, "lead", {}),
    "accept": ({"submitted"}, "staff", {}),
    "decline": ({"submitted"}, "staff", {"reason": "no_content", "text": "无实质内容"}),
    "assign": ({"accepted", "returned"}, "staff", None),  # body built per world
    "return": ({"assigned"}, "unit", {"reason": "不属于本单位职责"}),
    "reply": ({"assigned", "rehandling"}, "unit", {"class": "A", "text": "已办理"}),
    "feedback": ({"replied"}, "lead", {"rating": "satisfied", "text": "满意"}),
    "extend": ({"assigned", "rehandling"}, "staff", {"due_on": "2030-12-31", "reason": "延期"}),
    "close": ({"replied"}, "staff", {}),
    "withdraw": ({"draft", "submitted", "accepted"}, "lead", {}),
    "supervise": (set(STATES) - {"draft"}, "staff", None),  # names the world's chairs' meeting
    "merge": ({"submitted", "accepted"}, "staff", None),  # {"into": a submitted case}
    "publish": ({"replied", "closed"}, "staff", {"published": True}),
}

ILLEGAL = [(a, s) for a in ACTIONS for s in STATES if s not in ACTIONS[a][0]]


@pytest.fixture(scope="module")
def w(dep):
    world = World(dep, n_deputies=4, n_units=2)
    world.cases = {}
    world.merge_target_id = None
    return world


def merge_target(w):
    """A submitted case to merge into (made on first use)."""
    if w.merge_target_id is None or w.state(w.merge_target_id) != "submitted":
        w.merge_target_id = w.suggestion_in("submitted", lead=3, cosigners=())
    return w.merge_target_id


def case_in(w, state):
    """A case in `state` (the deputy 2 named as a cosigner, never confirming), reused while
    it stays in that state."""
    cid = w.cases.get(state)
    if cid is None or viewed(w, cid, state)["state"] != state:
        cid = suggestion(w, state)
        w.cases[state] = cid
    return cid


def suggestion(w, state):
    c = w.create(w.suggestion_body(0, (1, 2)), w.dc[0])
    cid = c["id"]
    act_ok(w.dc[1], cid, "confirm")
    if state == "draft":
        return cid
    act_ok(w.dc[0], cid, "submit")
    steps = {
        "submitted": [],
        "declined": [("staff", "decline", {"reason": "advertising", "text": "广告"})],
        "withdrawn": [("lead", "withdraw", {})],
        "merged": [("staff", "merge", None)],
        "accepted": [("staff", "accept", {})],
        "assigned": [("staff", "accept", {}), ("staff", "assign", w.assign_body([(0, "lead")]))],
        "returned": [("staff", "accept", {}), ("staff", "assign", w.assign_body([(0, "lead")])),
                     ("unit", "return", {"reason": "不属于本单位职责"})],
        "replied": [("staff", "accept", {}), ("staff", "assign", w.assign_body([(0, "lead")])),
                    ("unit", "reply", {"class": "A", "text": "已办理"})],
        "rehandling": [("staff", "accept", {}), ("staff", "assign", w.assign_body([(0, "lead")])),
                       ("unit", "reply", {"class": "A", "text": "已办理"}),
                       # re-handling starts with the round's last rating (the unconfirmed
                       # cosigner2 is not asked)
                       ("cosigner1", "feedback", {"rating": "satisfied"}),
                       ("lead", "feedback", {"rating": "unsatisfied", "text": "不满意"})],
        "closed": [("staff", "accept", {}), ("staff", "assign", w.assign_body([(0, "lead")])),
                   ("unit", "reply", {"class": "A", "text": "已办理"}),
                   ("lead", "feedback", {"rating": "satisfied"}),
                   ("cosigner1", "feedback", {"rating": "satisfied"}), ("staff", "close", {})],
    }[state]
    for who, action, body in steps:
        act_ok(client(w, who), cid, action, body if body is not None else body_for(w, action))
    assert w.state(cid) == state
    return cid


def client(w, who):
    return {"lead": w.dc[0], "cosigner1": w.dc[1], "cosigner2": w.dc[2], "stranger": w.dc[3],
            "staff": w.staff, "member": w.member, "unit": w.uc[0], "unit1": w.uc[1], "anon": w.anon}[who]


def body_for(w, action):
    if action == "assign":
        return w.assign_body([(0, "lead")])
    if action == "merge":
        return {"into": merge_target(w)}
    if action == "supervise":
        return w.supervise_body()
    return ACTIONS[action][2]


def viewed(w, cid, state):
    """The case as staff see it; a draft as its lead deputy does (staff do not see it)."""
    return w.get(cid, client=w.dc[0] if state == "draft" else None)


def snapshot(rec):
    return {k: rec.get(k) for k in ("state", "round", "due_on", "key_supervision", "published", "merged_into")}, \
        len(history(rec)), len(rec.get("replies") or []), len(rec.get("feedback") or [])


@pytest.mark.parametrize("action,state", ILLEGAL, ids=[f"{a}-from-{s}" for a, s in ILLEGAL])
def test_illegal_transition_is_409(w, action, state):
    cid = case_in(w, state)
    before = snapshot(viewed(w, cid, state))
    who = ACTIONS[action][1]
    r = act(client(w, who), cid, action, body_for(w, action))
    if state == "draft" and who == "staff":
        # a deputy's draft is theirs until submitted: the office does not see it
        assert_error(r, 404)
    elif who == "unit" and state not in UNIT_SEES:
        # the unit is not (or no longer) assigned the case: it does not see it
        assert_error(r, (404, 409) if state == "returned" else 404)
    else:
        err = assert_error(r, 409)
        assert state in err["message"] or action in err["message"], \
            f"the message should say why: {err['message']!r}"
    assert snapshot(viewed(w, cid, state)) == before, "a refused action changed the case"


# (action, state, role that may not take it, expected)
WRONG_ROLES = [
    ("submit", "draft", "cosigner1", 403),
    ("submit", "draft", "unit", 404),
    ("submit", "draft", "member", 404),
    ("confirm", "draft", "stranger", 404),
    ("confirm", "draft", "staff", 404),  # another's draft: the office does not see it
    ("accept", "submitted", "lead", 403),
    ("accept", "submitted", "member", 403),
    ("decline", "submitted", "lead", 403),
    ("decline", "submitted", "member", 403),
    ("withdraw", "submitted", "cosigner1", 403),
    ("withdraw", "submitted", "member", 403),
    ("assign", "accepted", "lead", 403),
    ("assign", "accepted", "member", 403),
    ("merge", "submitted", "lead", 403),
    ("return", "assigned", "lead", 403),
    ("return", "assigned", "member", 403),
    ("return", "assigned", "unit1", 404),
    ("reply", "assigned", "lead", 403),
    ("reply", "assigned", "member", 403),
    ("reply", "assigned", "unit1", 404),
    ("extend", "assigned", "lead", 403),
    ("extend", "assigned", "member", 403),
    ("supervise", "assigned", "unit", 403),
    ("supervise", "assigned", "lead", 403),
    ("feedback", "replied", "unit", 403),
    ("feedback", "replied", "member", 403),
    ("close", "replied", "lead", 403),
    ("close", "replied", "unit", 403),
    ("close", "replied", "member", 403),
    ("publish", "replied", "unit", 403),
    ("publish", "replied", "lead", 403),
]


@pytest.mark.parametrize("action,state,who,status", WRONG_ROLES,
                         ids=[f"{a}-{s}-by-{r}" for a, s, r, _ in WRONG_ROLES])
def test_wrong_role_is_refused(w, action, state, who, status):
    cid = case_in(w, state)
    before = snapshot(viewed(w, cid, state))
    r = act(client(w, who), cid, action, body_for(w, action))
    err = assert_error(r, status)
    assert err["message"]
    assert snapshot(viewed(w, cid, state)) == before, "a refused action changed the case"


def test_unknown_action_is_404(w):
    cid = case_in(w, "submitted")
    assert_error(act(w.staff, cid, "approve"), 404)
    assert_error(w.staff.post("/proposals/999999999/accept", {}), 404)


def test_every_transition_has_a_history_entry(w):
    cid = suggestion(w, "closed")
    h = history(w.get(cid))
    steps = [(e["action"], e["from_state"], e["to_state"]) for e in h if e["to_state"] and e["from_state"] != e["to_state"]]
    assert steps == [("create", None, "draft"), ("submit", "draft", "submitted"), ("accept", "submitted", "accepted"),
                     ("assign", "accepted", "assigned"), ("reply", "assigned", "replied"),
                     ("close", "replied", "closed")]
    logins = {e["action"]: e["login"] for e in h}
    assert logins["submit"] == w.dep_logins[0] and logins["reply"] == w.unit_logins[0]
    assert logins["accept"] == w.staff_login and logins["close"] == w.staff_login
    for e in h:
        assert str(e["at"]).startswith(iso(TODAY)[:4]), e


def test_every_history_entry_is_audited(dep, w):
    cid = suggestion(w, "rehandling")
    act_ok(w.staff, cid, "supervise", w.supervise_body())
    h = history(w.get(cid))
    r = w.staff.get("/audit", params={"collection": "proposals", "id": cid, "per_page": 500})
    assert r.status_code == 200, r.text
    audit = sorted(r.json()["items"], key=lambda e: e["id"])

    def states(e):
        return ((e["before"] or {}).get("state"), (e["after"] or {}).get("state"))

    got = [(e["action"], *states(e)) for e in audit if e["action"] not in ("update",)]
    want = [(e["action"], e["from_state"], e["to_state"]) for e in h]
    assert got == want
    assert [e["login"] for e in audit] == [e["login"] for e in h]


# ---------------------------------------------------------------------------
# holidays and working days


def test_holidays_collection(dep):
    hw = World(dep, n_deputies=0, n_units=1)
    days = [("2026-10-01", 0), ("2026-10-02", 0), ("2026-10-05", 0), ("2026-10-06", 0), ("2026-10-07", 0),
            ("2026-09-27", 1), ("2026-10-10", 1)]
    for d, working in days:
        rec = hw.staff.create("holidays", {"day": d, "working": working,
                                           "name": "国庆节调休上班" if working else "国庆节"})
        assert rec["day"] == d and int(rec["working"]) == working and rec["congress_id"] == hw.cid
    assert hw.staff.total("holidays") == len(days)
    # a day once per congress
    assert_error(hw.staff.post("/holidays", {"day": "2026-10-01", "working": 0, "name": "重复"}), 409)
    assert_error(hw.staff.post("/holidays", {"day": "2026-13-01", "working": 0, "name": "x"}), 422, "day")
    # staff edit it; units read it at most
    assert_error(hw.uc[0].post("/holidays", {"day": "2026-10-08", "working": 0, "name": "x"}), 403)


def test_return_limit_counts_working_days_across_a_national_day_holiday(dep):
    """The return limit (7 working days) across a week-long holiday: assigned 14 days
    ago there were 10 weekdays since, too many; once the 5 weekdays of the first
    week are entered as the National Day holiday, 5 working days have passed and the
    return is allowed; make-up working days on the weekends count again (9)."""
    hw = World(dep, n_deputies=1, n_units=1)
    assigned = TODAY - datetime.timedelta(days=14)
    first_week = [assigned + datetime.timedelta(days=i) for i in range(1, 8)]
    all_days = [assigned + datetime.timedelta(days=i) for i in range(1, 15)]
    # registered as handed in that day: an assignment is never dated before its submission
    a = hw.suggestion_in("accepted", cosigners=(), submitted_on=assigned)
    act_ok(hw.staff, a, "assign", hw.assign_body([(0, "lead")], assigned))
    b = hw.suggestion_in("accepted", cosigners=(), submitted_on=assigned)
    act_ok(hw.staff, b, "assign", hw.assign_body([(0, "lead")], assigned))
    # 10 working days: refused
    assert_error(act(hw.uc[0], a, "return", {"reason": "不属于本单位职责"}), (409, 422))
    assert hw.state(a) == "assigned"
    for d in first_week:
        if d.weekday() < 5:
            hw.staff.create("holidays", {"day": iso(d), "working": 0, "name": "国庆节"})
    # 5 working days: allowed
    act_ok(hw.uc[0], a, "return", {"reason": "不属于本单位职责"})
    assert hw.state(a) == "returned"
    # weekends made working days (调休): 9 working days, refused again
    for d in all_days:
        if d.weekday() >= 5:
            hw.staff.create("holidays", {"day": iso(d), "working": 1, "name": "国庆节调休上班"})
    assert_error(act(hw.uc[0], b, "return", {"reason": "不属于本单位职责"}), (409, 422))
    assert hw.state(b) == "assigned"
