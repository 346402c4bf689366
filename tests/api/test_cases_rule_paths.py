"""A rule holds on every path that can change what it guards (the hardening issue, 4):
a suggestion cannot become a motion by PATCH once submitted, a submitted motion's
signers cannot drop below the minimum, the plenary flag and session number change only
while a draft, a unit asks for more time once per case at a time, and a case's GET
reads back into its POST and PATCH with the same names."""

import pytest

from cases_util import World, act, act_ok, assert_error


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=12, n_units=2)


def test_submitted_suggestion_does_not_become_a_motion_by_patch(w):
    cid = w.suggestion_in("submitted", cosigners=())
    r = w.dc[0].patch(f"/proposals/{cid}", {"kind": "motion", "during_session": True,
                                            "session_number": 1})
    assert_error(r, 409, "kind")
    r = w.staff.patch(f"/proposals/{cid}", {"kind": "motion"})
    assert_error(r, 409, "kind")
    rec = w.get(cid)
    assert rec["kind"] == "suggestion" and rec["during_session"] is False
    # the one way to change a submitted case's kind is an action, and it goes the other way
    assert_error(act(w.staff, cid, "convert"), 409, "kind")


def test_session_fields_are_the_servers(w):
    # session_number and during_session come from the meeting at submission: sent back
    # as read, they are ignored; the session itself (meeting_id) changes only in a draft
    draft = w.suggestion_in("draft", cosigners=())
    assert w.dc[0].patch(f"/proposals/{draft}", {"session_number": 2, "during_session": True}).status_code == 200
    rec = w.get(draft, client=w.dc[0])
    assert rec["session_number"] is None and rec["during_session"] is False
    cid = w.suggestion_in("submitted", cosigners=())
    assert_error(w.dc[0].patch(f"/proposals/{cid}", {"meeting_id": w.plenary()["id"]}), 409, "meeting_id")


def test_a_submitted_motion_keeps_its_signers(w):
    cosigners = list(range(1, 10))  # the lead and 9: the setting's 10
    c = w.create(w.motion_body(0, cosigners), w.dc[0])
    for i in cosigners:
        act_ok(w.dc[i], c["id"], "confirm")
    act_ok(w.dc[0], c["id"], "submit")
    # dropping a cosigner after submission would leave 9 signers: refused, nothing changed
    r = w.dc[0].patch(f"/proposals/{c['id']}", {"cosigners": [w.did(i) for i in cosigners[:-1]]})
    assert_error(r, 422, "cosigners")
    assert sorted(w.get(c["id"])["cosigners"]) == sorted(w.did(i) for i in cosigners)
    # a motion is not declined, on any path
    assert_error(act(w.staff, c["id"], "decline", {"reason": "no_content"}), 409, "kind")


def test_one_pending_extension_request_per_unit(w):
    cid = w.suggestion_in("assigned", cosigners=())
    body = {"reason": "涉及多部门协调，需延长办理时间", "due_on": "2099-01-01"}
    act_ok(w.uc[0], cid, "extend", body)
    assert "extend" not in w.get(cid, client=w.uc[0])["actions"]
    for _ in range(3):
        assert_error(act(w.uc[0], cid, "extend", body), 409, "due_on")
    rec = w.get(cid)
    assert [x["state"] for x in rec["extensions"]] == ["requested"]
    # a unit does not decide its own request
    assert_error(act(w.uc[0], cid, "extend", {"extension_id": rec["extensions"][0]["id"],
                                               "approve": True}), 403, "extension_id")
    # once staff decide, the unit may ask again
    act_ok(w.staff, cid, "extend", {"extension_id": rec["extensions"][0]["id"], "approve": False})
    assert "extend" in w.get(cid, client=w.uc[0])["actions"]
    act_ok(w.uc[0], cid, "extend", body)


def test_get_reads_back_into_post_and_patch(w):
    body = w.suggestion_body(0, (1, 2))
    rec = w.create(body, w.dc[0])
    assert sorted(rec["cosigners"]) == sorted(body["cosigners"])
    # a client that copies what it read into a PATCH keeps the cosigners
    copy = {k: v for k, v in rec.items()}
    copy.pop("lead_deputy_id")
    r = w.dc[0].patch(f"/proposals/{rec['id']}", copy)
    assert r.status_code == 200, r.text
    assert sorted(r.json()["cosigners"]) == sorted(body["cosigners"])
    # and into a new case (POST)
    again = dict(copy, title=rec["title"] + "（再次提出）", lead_deputy_id=rec["lead_deputy_id"])
    r = w.dc[0].post("/proposals", again)
    assert r.status_code == 201, r.text
    assert sorted(r.json()["cosigners"]) == sorted(body["cosigners"])
    # an unknown field is named, not dropped
    assert_error(w.dc[0].patch(f"/proposals/{rec['id']}", {"titel": "错字"}), 422, "titel")


def test_every_case_carries_what_the_caller_may_do(w):
    cid = w.suggestion_in("submitted", cosigners=(1,))
    staff = w.get(cid)["actions"]
    assert {"accept", "decline", "merge", "withdraw", "update"} <= set(staff)
    assert "reply" not in staff and "confirm" not in staff
    assert set(w.get(cid, client=w.member)["actions"]) == set()
    lead = w.get(cid, client=w.dc[0])["actions"]
    assert "withdraw" in lead and "accept" not in lead
    listed = {i["id"]: i for i in w.staff.list("proposals", per_page=500)["items"]}[cid]
    assert set(listed["actions"]) == set(staff)
    # an opinion has no decline at all: its schema does not list it, its records never offer it
    schema = w.staff.get("/opinions/schema").json()
    assert "decline" not in [a["name"] for a in schema["actions"]]
    assert "decline" in [a["name"] for a in w.staff.get("/proposals/schema").json()["actions"]]


def test_a_motions_parts_are_asked_for_a_motion_only(w):
    """案由, 案据 and 方案 are the parts of a motion: the schema says so (the form shows them
    only while the kind is motion), and a suggestion's form is its body."""
    fields = {f["name"]: f for f in w.dc[0].get("/proposals/schema").json()["fields"]}
    for name in ("reason", "grounds", "solution"):
        assert fields[name].get("when") == {"field": "kind", "value": "motion"}, fields[name]
    assert "when" not in fields["body"] and "when" not in fields["title"]
