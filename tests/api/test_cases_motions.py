"""Motions at the plenary and key supervision (docs/cases.md "Motions at the plenary",
"Key supervision", issue 12): a motion is tabled at a plenary meeting while it is under
way and before the presidium's deadline, takes its session number from that meeting, and
the presidium decides it; a suggestion handed in during a session gets the session's
number, between sessions none; key supervision is designated by a chairpersons'
meeting."""

import datetime

import pytest

from cases_util import TODAY, World, act, act_ok, assert_error, flag, history, iso

ONE = datetime.timedelta(days=1)
SIGNERS = 3  # motion_min_deputies in these worlds: the lead and two cosigners


def utc(delta):
    return (datetime.datetime.now(datetime.timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def w(dep):
    w = World(dep, n_deputies=4, n_units=1)
    assert w.staff.patch("/settings", {"motion_min_deputies": SIGNERS}).status_code == 200
    w.committee = w.f.committee(w.cid, kind="special")
    w.working = w.f.committee(w.cid, name=f"代表工作委员会{w.cid}", kind="working")
    return w


def session(w, start, end, deadline=None, **kw):
    """A plenary of the term covering today (dates as offsets from today)."""
    body = {"term_id": w.today_term()["id"], "motion_deadline": deadline or utc(datetime.timedelta(days=30))}
    body.update(kw)
    return w.meeting("plenary", TODAY + start * ONE, TODAY + end * ONE, **body)


def motion(w, meeting_id, client=None):
    """A motion by deputy 0 with SIGNERS signers, confirmed: ready to submit."""
    c = w.create(w.motion_body(0, range(1, SIGNERS), meeting_id=meeting_id), client or w.dc[0])
    for i in range(1, SIGNERS):
        if client is w.staff:
            act_ok(w.staff, c["id"], "confirm", {"deputy_id": w.did(i)})
        else:
            act_ok(w.dc[i], c["id"], "confirm")
    return c["id"]


def test_accepted_while_its_session_is_under_way_with_its_number(w):
    m = w.plenary()
    cid = motion(w, m["id"])
    rec = act_ok(w.dc[0], cid, "submit")
    assert rec["state"] == "submitted"
    assert rec["meeting_id"] == m["id"] and rec["session_number"] == m["number"], rec
    assert flag(rec["during_session"]) and rec["term_id"] == m["term_id"]
    # the client's own session fields are not taken
    c = w.create(w.motion_body(0, range(1, SIGNERS), meeting_id=m["id"], session_number=7), w.dc[0])
    assert c["session_number"] is None


def test_refused_with_no_meeting(w):
    cid = motion(w, None)
    err = assert_error(act(w.dc[0], cid, "submit"), 422, "meeting_id")
    assert "plenary" in err["message"]
    assert w.state(cid, client=w.dc[0]) == "draft"
    assert "submit" not in w.get(cid, client=w.dc[0])["actions"]


@pytest.mark.parametrize("start,end", [(-20, -18), (10, 12)])
def test_refused_outside_its_session(w, start, end):
    m = session(w, start, end)
    cid = motion(w, m["id"])
    err = assert_error(act(w.dc[0], cid, "submit"), 422, "meeting_id")
    assert iso(TODAY + start * ONE) in err["message"], err
    assert w.state(cid, client=w.dc[0]) == "draft"


def test_refused_after_the_presidiums_deadline(w):
    late = session(w, -1, 1, deadline=utc(-datetime.timedelta(hours=1)))
    cid = motion(w, late["id"])
    err = assert_error(act(w.dc[0], cid, "submit"), 422, "meeting_id")
    assert "deadline" in err["message"], err
    # an hour before its deadline it is taken
    early = session(w, -1, 1, deadline=utc(datetime.timedelta(hours=1)))
    assert act_ok(w.dc[0], motion(w, early["id"]), "submit")["session_number"] == early["number"]


def test_a_paper_motion_is_dated_within_its_session(w):
    past = session(w, -20, -18, deadline=f"{iso(TODAY - 19 * ONE)}T04:00:00Z")  # noon in Beijing
    cid = motion(w, past["id"], client=w.staff)
    assert_error(act(w.staff, cid, "submit", {"submitted_on": iso(TODAY - 18 * ONE)}), 422, "meeting_id")
    assert_error(act(w.staff, cid, "submit", {"submitted_on": iso(TODAY - 21 * ONE)}), 422, "meeting_id")
    rec = act_ok(w.staff, cid, "submit", {"submitted_on": iso(TODAY - 19 * ONE)})
    assert rec["session_number"] == past["number"] and rec["submitted_on"] == iso(TODAY - 19 * ONE)


def test_the_meeting_must_be_a_plenary_of_the_congress(w):
    chairs = w.chairs_meeting()
    r = w.dc[0].post("/proposals", w.motion_body(0, (), meeting_id=chairs["id"]))
    assert_error(r, 422, "meeting_id")
    other = World(w.dep, n_deputies=1, n_units=0)
    r = w.dc[0].post("/proposals", w.motion_body(0, (), meeting_id=other.plenary()["id"]))
    assert_error(r, 422, "meeting_id")


def test_suggestions_take_the_session_under_way_and_between_sessions_none(dep):
    ws = World(dep, n_deputies=1, n_units=0)
    # between sessions (none under way): no session, and the time to assign runs
    between = ws.create(ws.suggestion_body(0, ()), ws.staff)
    rec = act_ok(ws.staff, between["id"], "submit", {"submitted_on": iso(TODAY - 5 * ONE)})
    assert rec["session_number"] is None and rec["meeting_id"] is None and not flag(rec["during_session"])
    assert rec["assign_by"], rec
    m = ws.plenary()
    during = ws.create(ws.suggestion_body(0, ()), ws.dc[0])
    rec = act_ok(ws.dc[0], during["id"], "submit")
    assert rec["meeting_id"] == m["id"] and rec["session_number"] == m["number"] and flag(rec["during_session"])
    assert rec["assign_by"] is None
    # filtered by session
    listed = ws.staff.list("proposals", session_number=m["number"])["items"]
    assert [c["id"] for c in listed] == [during["id"]]


def submitted_accepted(w):
    cid = motion(w, w.plenary()["id"])
    act_ok(w.dc[0], cid, "submit")
    act_ok(w.staff, cid, "accept")
    return cid


def test_the_presidium_sends_a_motion_to_a_special_committee(w):
    cid = submitted_accepted(w)
    assert_error(act(w.staff, cid, "assign", w.assign_body([(0, "lead")])), 409, "presidium_decision")
    assert_error(act(w.staff, cid, "decide", {"decision": "committee"}), 422, "committee_id")
    assert_error(act(w.staff, cid, "decide", {"decision": "committee", "committee_id": w.working["id"]}),
                 422, "committee_id")
    assert_error(act(w.staff, cid, "decide", {"decision": "agenda", "committee_id": w.committee["id"]}),
                 422, "committee_id")
    assert_error(act(w.dc[0], cid, "decide", {"decision": "agenda"}), 403)
    rec = act_ok(w.staff, cid, "decide", {"decision": "committee", "committee_id": w.committee["id"],
                                          "decided_on": iso(TODAY), "text": "请于会后提出审议意见"})
    assert rec["presidium_decision"] == "committee" and rec["presidium_decided_on"] == iso(TODAY)
    assert rec["presidium_committee_id"] == w.committee["id"], rec
    (entry,) = [e for e in history(rec) if e["action"] == "decide"]
    assert iso(TODAY) in entry["note"] and w.committee["name"] in entry["note"], entry
    assert "请于会后提出审议意见" in entry["note"]
    # decided once; then the office assigns it
    assert_error(act(w.staff, cid, "decide", {"decision": "agenda"}), 409, "presidium_decision")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]))


def test_the_presidium_puts_a_motion_on_the_agenda_or_handles_it_as_a_suggestion(w):
    cid = submitted_accepted(w)
    rec = act_ok(w.staff, cid, "decide", {"decision": "agenda"})
    assert rec["presidium_decision"] == "agenda" and rec["presidium_committee_id"] is None
    cid = submitted_accepted(w)
    rec = act_ok(w.staff, cid, "decide", {"decision": "suggestion"})
    assert rec["kind"] == "suggestion" and rec["presidium_decision"] == "suggestion", rec
    assert rec["state"] == "accepted" and "decide" not in rec["actions"]
    assert_error(act(w.staff, cid, "decide", {"decision": "agenda", "decided_on": "2000-01-01"}), (409, 422))


# ---------------------------------------------------------------------------
# key supervision


def test_key_supervision_is_designated_by_a_chairs_meeting(w):
    cid = w.suggestion_in("assigned", cosigners=())
    assert_error(act(w.staff, cid, "supervise", {"key_supervision": True}), 422, "meeting_id")
    assert_error(act(w.staff, cid, "supervise", {"key_supervision": True, "meeting_id": w.plenary()["id"]}),
                 422, "meeting_id")
    ahead = w.meeting("chairs_meeting", TODAY + 10 * ONE, term_id=w.today_term()["id"])
    assert_error(act(w.staff, cid, "supervise", {"key_supervision": True, "meeting_id": ahead["id"]}),
                 422, "meeting_id")
    other = World(w.dep, n_deputies=1, n_units=0)
    assert_error(act(w.staff, cid, "supervise", {"key_supervision": True,
                                                 "meeting_id": other.chairs_meeting()["id"]}), 422, "meeting_id")
    assert not flag(w.get(cid)["key_supervision"])
    chairs = w.chairs_meeting()
    rec = act_ok(w.staff, cid, "supervise", {"key_supervision": True, "meeting_id": chairs["id"]})
    assert flag(rec["key_supervision"]) and rec["supervision_meeting_id"] == chairs["id"]
    (entry,) = [e for e in history(rec) if e["action"] == "supervise"]
    assert f"第{chairs['number']}次主任会议" in entry["note"] and "重点督办" in entry["note"], entry
    assert [c["id"] for c in w.staff.list("proposals", key_supervision="true")["items"]] == [cid]
