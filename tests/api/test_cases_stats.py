"""GET /api/v1/proposals/stats (and petitions) against a scenario whose figures are
worked out by hand below. Each test module has its own database, and the scenario its
own congress, so nothing else is counted."""

import csv
import datetime
import io

import openpyxl
import pytest

from cases_util import TODAY, World, act_ok, day, iso

P = "proposals"


@pytest.fixture(scope="module")
def sc(dep):
    """The scenario (units u0, u1, u2; deputies d0..d4):
      S1 suggestion: u0 lead + u1 co, reply A, d0 satisfied, closed
      S2 suggestion: u1 lead, reply C, d1 unsatisfied → re-handled → reply A, d1 satisfied, closed
      S3 suggestion: u2 lead, assigned 2021-11-30 (due 2022-02-28): overdue
      S4 suggestion: submitted
      S5 suggestion: declined (advertising)
      S6 suggestion: u2 lead, reply B, d2 unsatisfied → rehandling (due in a month, not overdue)
      M1 motion (5 signers, motion_min_deputies set to 5): accepted
    """
    w = World(dep, n_deputies=5, n_units=3)
    assert w.staff.patch("/settings", {"motion_min_deputies": 5}).status_code == 200
    s = {}

    def sugg(lead, state="accepted"):
        return w.suggestion_in(state, lead=lead, cosigners=())

    s["S1"] = sugg(0)
    act_ok(w.staff, s["S1"], "assign", w.assign_body([(0, "lead"), (1, "co")]))
    act_ok(w.uc[1], s["S1"], "reply", {"text": "同意主办单位意见"})
    act_ok(w.uc[0], s["S1"], "reply", {"class": "A", "text": "已解决"})
    act_ok(w.dc[0], s["S1"], "feedback", {"rating": "satisfied", "text": ""})
    act_ok(w.staff, s["S1"], "close")

    s["S2"] = sugg(1)
    act_ok(w.staff, s["S2"], "assign", w.assign_body([(1, "lead")]))
    act_ok(w.uc[1], s["S2"], "reply", {"class": "C", "text": "暂不具备条件"})
    act_ok(w.dc[1], s["S2"], "feedback", {"rating": "unsatisfied", "text": "理由不充分"})
    act_ok(w.uc[1], s["S2"], "reply", {"class": "A", "text": "经再次研究，已解决"})
    act_ok(w.dc[1], s["S2"], "feedback", {"rating": "satisfied", "text": ""})
    act_ok(w.staff, s["S2"], "close")

    s["S3"] = w.suggestion_in("accepted", lead=2, cosigners=(), submitted_on=day("2021-11-30"))
    act_ok(w.staff, s["S3"], "assign", w.assign_body([(2, "lead")], day("2021-11-30")))

    s["S4"] = sugg(3, "submitted")
    s["S5"] = sugg(3, "submitted")
    act_ok(w.staff, s["S5"], "decline", {"reason": "advertising", "text": "商业广告"})

    s["S6"] = sugg(2)
    act_ok(w.staff, s["S6"], "assign", w.assign_body([(2, "lead")]))
    act_ok(w.uc[2], s["S6"], "reply", {"class": "B", "text": "正在推进"})
    act_ok(w.dc[2], s["S6"], "feedback", {"rating": "unsatisfied", "text": "进度太慢"})

    m = w.create(w.motion_body(0, (1, 2, 3, 4)), w.dc[0])
    for i in (1, 2, 3, 4):
        act_ok(w.dc[i], m["id"], "confirm")
    act_ok(w.dc[0], m["id"], "submit")
    act_ok(w.staff, m["id"], "accept")
    s["M1"] = m["id"]
    w.s = s
    return w


def stats(w, **params):
    r = w.staff.get(f"/{P}/stats", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_stats_match_the_scenario(sc):
    w = sc
    d = stats(w)
    assert d["total"] == 7
    assert d["by_kind"] == {"motion": 1, "suggestion": 6}
    assert {k: v for k, v in d["by_state"].items() if v} == \
        {"closed": 2, "assigned": 1, "submitted": 1, "declined": 1, "rehandling": 1, "accepted": 1}
    # feedback given: S1 satisfied; S2 unsatisfied then satisfied; S6 unsatisfied
    assert {k: v for k, v in d["feedback"].items() if v} == {"satisfied": 2, "unsatisfied": 2}
    assert d["rehandled"] == 2                     # S2, S6
    assert d["rehandled_units"] == 2               # u1, u2
    assert d["solved_after_rehandling"] == 1       # S2
    assert d["overdue"] == 1                       # S3
    by_unit = {u["unit_id"]: u for u in d["by_unit"]}
    assert by_unit[w.uid(0)]["count"] == 1         # S1 (lead)
    assert by_unit[w.uid(1)]["count"] == 2         # S1 (co), S2
    assert by_unit[w.uid(2)]["count"] == 2         # S3, S6
    assert set(by_unit) == {w.uid(0), w.uid(1), w.uid(2)}


def test_stats_filtered_by_unit_and_kind(sc):
    w = sc
    d = stats(w, unit_id=w.uid(2))
    assert d["total"] == 2 and d["overdue"] == 1 and d["rehandled"] == 1
    # S3 was handed in (and assigned) on 2021-11-30, the others this year
    d = stats(w, year=TODAY.year)
    assert d["total"] == 6
    assert stats(w, year=2021)["total"] == 1
    d = stats(w, year=2019)
    assert d["total"] == 0


def test_stats_belong_to_the_callers_congress(dep, sc):
    other = World(dep, n_deputies=1, n_units=0)
    r = other.staff.get(f"/{P}/stats")
    assert r.status_code == 200 and r.json()["total"] == 0
    assert sc.uc[0].get(f"/{P}/stats").status_code == 403
    assert sc.dc[0].get(f"/{P}/stats").status_code == 403


def test_petition_stats_count_person_times(dep):
    w = World(dep, n_deputies=0, n_units=1)
    for people in (1, 3, 5):
        w.staff.create("petitions", {"title": f"反映问题{people}", "channel": "visit", "person_times": people,
                                     "petitioner": "王芳", "subject": "土地征收补偿", "content": "请求核实补偿标准",
                                     "received_on": iso(TODAY - datetime.timedelta(days=1))})
    r = w.staff.get("/petitions/stats")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["total"] == 3 and d["person_times"] == 9


def test_reply_classes_count_each_case_once_by_its_latest_class(sc):
    """A re-handled case counts once, by the class it ended with, so the classes add up
    to the cases answered."""
    d = stats(sc)
    assert {k: v for k, v in d["reply_classes"].items() if v} == {"A": 2, "B": 1}


def test_list_and_stats_export(sc):
    """The scenario's list exports as CSV and xlsx with Chinese headers and the states in
    words, filtered like the list; the statistics export as (figure, value) rows."""
    client = sc.staff
    r = client.get(f"/{P}/export", params={"format": "csv", "state": "closed"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "标题", "状态"]
    listed = client.get(f"/{P}", params={"state": "closed", "per_page": 500}).json()
    assert len(rows) - 1 == listed["total"] and all(row[2] == "已办结" for row in rows[1:])
    r = client.get(f"/{P}/export", params={"format": "xlsx"})
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws.max_row - 1 == client.get(f"/{P}").json()["total"]
    r = client.get(f"/{P}/stats/export", params={"format": "csv"})
    figures = dict(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert figures["total"] == str(stats(sc)["total"])
    assert client.get(f"/{P}/export", params={"format": "pdf"}).status_code == 422
