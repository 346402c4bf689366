"""Deliberation opinions (审议意见, docs/cases.md "Deliberation opinions", issue 12): the
committee's opinions on a work report heard at a committee session, sent to the
reporting unit as a case of the engine — its deadline from the setting
deliberation_reply_months by the month rule and rest days, the unit's handling report
(the engine's reply, with its letter attached), who sees what, and the committee's
satisfaction poll whose result the case shows."""

import datetime
import urllib.parse

import pytest

from cases_util import (TODAY, World, act, act_ok, add_months, assert_error, day, history, iso, next_working)

COLL = "deliberation_opinions"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SESSION_DAY = datetime.date(2021, 11, 25)  # a committee session in the world's term
SENT = datetime.date(2021, 11, 30)


@pytest.fixture(scope="module")
def w(dep):
    # units 0 and 1 each report; deputies 0..2 are the poll's voters
    w = World(dep, n_deputies=3, n_units=2)
    w.session = w.meeting("committee_session", SESSION_DAY, term_id=w.term["id"])
    w.reports = [work_report(w, w.session, i) for i in range(2)]
    return w


def work_report(w, meeting, unit):
    r = w.staff.post(f"/meetings/{meeting['id']}/agenda",
                     {"kind": "work_report", "title": f"关于全县义务教育均衡发展情况的报告{unit}",
                      "unit_id": w.uid(unit)})
    assert r.status_code == 201, r.text
    return r.json()


def body(w, report=0, **kw):
    b = {"meeting_id": w.session["id"], "agenda_item_id": w.reports[report]["id"],
         "title": "常委会组成人员对义务教育均衡发展情况报告的审议意见",
         "content": "一、加大农村学校投入；二、优化师资配置；三、建立控辍保学长效机制。"}
    b.update(kw)
    return b


def opinion(w, report=0, **kw):
    return w.staff.create(COLL, body(w, report, **kw))


def send(w, cid, on=SENT):
    return act_ok(w.staff, cid, "send", {"assigned_on": iso(on)}, coll=COLL)


def test_written_by_staff_for_the_reporting_unit(w):
    rec = opinion(w)
    assert rec["state"] == "submitted", rec
    # the unit is the work report's; the opinions were formed at the session
    assert rec["unit_id"] == w.uid(0) and rec["submitted_on"] == iso(SESSION_DAY), rec
    assert rec["number"], "registered by the office: numbered at once"
    assert "send" in rec["actions"] and "feedback" not in rec["actions"], rec["actions"]
    # the office may name another unit
    other = opinion(w, unit_id=w.uid(1))
    assert other["unit_id"] == w.uid(1)
    # only the office writes them
    assert w.dc[0].post(f"/{COLL}", body(w)).status_code == 403
    assert w.uc[0].post(f"/{COLL}", body(w)).status_code == 403


def test_the_meeting_and_report_are_checked(w):
    plenary = w.meeting("plenary", SESSION_DAY - datetime.timedelta(days=10), term_id=w.term["id"])
    assert_error(w.staff.post(f"/{COLL}", body(w, meeting_id=plenary["id"])), 422, "meeting_id")
    assert_error(w.staff.post(f"/{COLL}", body(w, meeting_id=None)), 422, "meeting_id")
    # an item of another meeting, or one that is not a work report
    later = w.meeting("committee_session", SESSION_DAY + datetime.timedelta(days=40), term_id=w.term["id"])
    theirs = work_report(w, later, 0)
    assert_error(w.staff.post(f"/{COLL}", body(w, agenda_item_id=theirs["id"])), 422, "agenda_item_id")
    r = w.staff.post(f"/meetings/{w.session['id']}/agenda", {"kind": "law_study", "title": "学习《监督法》",
                                                              "law": "中华人民共和国各级人民代表大会常务委员会监督法"})
    assert r.status_code == 201, r.text
    assert_error(w.staff.post(f"/{COLL}", body(w, agenda_item_id=r.json()["id"])), 422, "agenda_item_id")
    # a session that has not met has heard no report yet
    ahead = w.today_term()
    future = w.meeting("committee_session", TODAY + datetime.timedelta(days=20), term_id=ahead["id"])
    report = work_report(w, future, 0)
    err = assert_error(w.staff.post(f"/{COLL}", body(w, meeting_id=future["id"], agenda_item_id=report["id"])),
                       422, "meeting_id")
    assert err.get("message_zh") or err["message"]


def test_due_two_months_after_sending_on_a_working_day(w):
    # 2021-11-30 + 2 months = 2022-01-30, a Sunday: the period ends on Monday 2022-01-31
    cid = opinion(w)["id"]
    rec = send(w, cid)
    assert rec["state"] == "assigned" and rec["assigned_on"] == iso(SENT)
    assert add_months(SENT, 2) == datetime.date(2022, 1, 30)
    assert rec["due_on"] == "2022-01-31" == iso(next_working(add_months(SENT, 2))), rec["due_on"]
    assert [(u["unit_id"], u["role"]) for u in rec["units"]] == [(w.uid(0), "lead")]
    assert any(e["action"] == "send" for e in history(rec))


def test_deadline_follows_the_setting_and_the_calendar(dep):
    w = World(dep, n_deputies=1, n_units=1)
    w.session = w.meeting("committee_session", SESSION_DAY, term_id=w.term["id"])
    w.reports = [work_report(w, w.session, 0)]
    # 2022-01-30 a make-up working day (a Sunday worked for the Spring Festival): due then
    r = w.staff.post("/holidays", {"day": "2022-01-30", "working": 1, "name": "春节调休上班"})
    assert r.status_code == 201, r.text
    assert send(w, opinion(w)["id"])["due_on"] == "2022-01-30"
    # three months: 2022-02-28, a Monday
    assert w.staff.patch("/settings", {"deliberation_reply_months": 3}).status_code == 200
    assert send(w, opinion(w)["id"])["due_on"] == iso(add_months(SENT, 3)) == "2022-02-28"
    assert_error(w.staff.patch("/settings", {"deliberation_reply_months": 0}), 422, "deliberation_reply_months")


def test_a_unit_sees_only_the_opinions_sent_to_it(w):
    mine = opinion(w)["id"]
    theirs = opinion(w, report=1)["id"]
    # not yet sent: no unit sees it
    assert w.uc[0].get(f"/{COLL}/{mine}").status_code == 404
    send(w, mine)
    send(w, theirs)
    assert w.uc[0].get(f"/{COLL}/{mine}").status_code == 200
    assert w.uc[0].get(f"/{COLL}/{theirs}").status_code == 404
    listed = {c["id"] for c in w.uc[0].list(COLL, per_page=500)["items"]}
    assert mine in listed and theirs not in listed
    assert theirs in {c["id"] for c in w.uc[1].list(COLL, per_page=500)["items"]}
    # a member of the committee reads them all; the public none until published
    assert w.member.get(f"/{COLL}/{theirs}").status_code == 200
    assert w.anon.get(f"/{COLL}/{mine}").status_code in (401, 404)


def test_the_handling_report_with_its_letter(w):
    cid = opinion(w)["id"]
    send(w, cid)
    r = w.uc[0].post(f"/{COLL}/{cid}/attachments?name={urllib.parse.quote('办理情况报告（盖章）.pdf')}",
                     data=PDF, headers={"Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    att = r.json()["id"]
    # the handling report needs no reply class: the committee judges it
    rec = act_ok(w.uc[0], cid, "reply", {"text": "已制定农村学校建设三年计划，新招教师120名。",
                                         "attachment_ids": [att], "replied_on": "2022-01-20"}, coll=COLL)
    assert rec["state"] == "replied", rec
    (reply,) = [x for x in rec["replies"] if x["kind"] == "reply"]
    assert reply["unit_id"] == w.uid(0) and reply["replied_on"] == "2022-01-20" and not reply["late"]
    assert [a["reply_id"] for a in rec["attachments"] if a["id"] == att] == [reply["id"]]
    # no deputies rate it; the office closes it, then may publish it
    staff_view = w.get(cid, COLL)
    assert "feedback" not in staff_view["actions"] and "close" in staff_view["actions"], staff_view["actions"]
    assert_error(act(w.staff, cid, "feedback", {"rating": "satisfied"}, coll=COLL), 409)
    act_ok(w.staff, cid, "close", coll=COLL)
    act_ok(w.staff, cid, "publish", {"published": True}, coll=COLL)
    pub = w.anon.get(f"/{COLL}/{cid}")
    assert pub.status_code == 200, pub.text
    assert [x["text"] for x in pub.json()["replies"]] == [reply["text"]]


def test_a_late_handling_report_is_marked(w):
    cid = opinion(w)["id"]
    send(w, cid)
    rec = act_ok(w.uc[0], cid, "reply", {"text": "迟报的办理情况", "replied_on": "2022-02-07"}, coll=COLL)
    assert [x["late"] for x in rec["replies"]] == [True]


def test_the_satisfaction_poll_stays_with_the_case(w):
    cid = opinion(w)["id"]
    send(w, cid)
    act_ok(w.uc[0], cid, "reply", {"text": "办理情况报告"}, coll=COLL)
    assert w.get(cid, COLL)["polls"] == []
    voters = [w.did(i) for i in range(3)]
    r = w.staff.post("/votes", {"question": "对义务教育均衡发展审议意见办理情况的满意度测评",
                                "mode": "secret", "method": "electronic", "rule": "satisfaction",
                                "electorate": "list", "voters": voters, "term_id": w.today_term()["id"],
                                "case_id": cid})
    assert r.status_code == 201, r.text
    vid = r.json()["id"]
    assert w.get(cid, COLL)["polls"] == [{"vote_id": vid, "state": "draft", "outcome": None}]
    r = w.staff.post(f"/votes/{vid}/open", {"present": voters})
    assert r.status_code == 200, r.text
    for i, choice in enumerate(["satisfied", "satisfied", "unsatisfied"]):
        r = w.dc[i].post(f"/votes/{vid}/ballot", {"choice": choice})
        assert r.status_code == 200, r.text
    r = w.staff.post(f"/votes/{vid}/close", {})
    assert r.status_code == 200, r.text
    # 2 of 3 satisfied: more than half of the valid ballots
    rec = w.get(cid, COLL)
    assert rec["polls"] == [{"vote_id": vid, "state": "closed", "outcome": "satisfied"}], rec["polls"]
    # the unit sees the committee's verdict on its report; a poll names a case of its congress
    assert w.get(cid, COLL, client=w.uc[0])["polls"][0]["outcome"] == "satisfied"
    stranger = World(w.dep, n_deputies=1, n_units=0)
    r = stranger.staff.post("/votes", {"question": "测评", "mode": "secret", "method": "electronic",
                                       "rule": "satisfaction", "electorate": "list",
                                       "voters": [stranger.did(0)], "case_id": cid})
    assert_error(r, 422, "case_id")


def test_a_sent_opinion_keeps_its_session(w):
    cid = opinion(w)["id"]
    send(w, cid)
    other = w.meeting("committee_session", SESSION_DAY + datetime.timedelta(days=3), term_id=w.term["id"])
    r = w.staff.patch(f"/{COLL}/{cid}", {"meeting_id": other["id"]})
    assert_error(r, 409, "state")
    assert day(w.get(cid, COLL)["submitted_on"]) == SESSION_DAY


def test_listed_by_meeting_and_counted(w):
    cid = opinion(w)["id"]
    items = w.staff.list(COLL, meeting_id=w.session["id"], per_page=500)["items"]
    assert cid in {c["id"] for c in items}
    assert all(c["meeting_id"] == w.session["id"] for c in items)
    st = w.staff.get(f"/{COLL}/stats").json()
    assert st["total"] >= len(items), st
    r = w.staff.get(f"/{COLL}/export", params={"format": "csv"})
    assert r.status_code == 200 and "审议意见" in r.text
