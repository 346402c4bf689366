"""Resolutions and decisions (issue 12, /work/briefs/meetings.md "Resolutions"): a vote on
an agenda item that adopts one creates it in the same transaction and a failing vote none;
staff register historical ones; numbering, filters, who reads them (the public: the
published ones); and the session's bulletin (一会一刊) that prints all of it, as JSON and
as xlsx."""

import pytest

from meetings_util import MeetingWorld, day, ok, refused, shift, xlsx_text
from votes_util import cast_ok


@pytest.fixture(scope="module")
def w(dep):
    return MeetingWorld(dep)


def resolutions_of(w, **params):
    return w.staff.all("resolutions", **params)


def voted(w, m, item, yes, present=20, **kw):
    """A vote on the item at held meeting m (the first `present` members present, the
    first `yes` of them for); returns the closed vote."""
    att = w.attendance(m["id"])
    if att["present"] < present:
        ok(w.put_attendance(m["id"], w.rows("committee", range(present))))
    v = ok(w.meeting_vote(m, item, **kw), 201)
    ok(w.staff.post(f"/votes/{v['id']}/open", {}))
    for i in range(yes):
        cast_ok(w.mc[i], v["id"], "yes")
    return w.close(v["id"])


@pytest.fixture(scope="module")
def session(w):
    """A held committee session whose draft resolution was adopted and draft decision
    failed."""
    m = w.held("committee_session", starts_on=day(-1), place="常山县人大常委会第一会议室")
    report = w.item(m["id"], "work_report", "县人民政府关于2026年度环境状况和环境保护目标完成情况的报告",
                    unit_id=w.unit["id"])
    law = w.item(m["id"], "law_study", "学习《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》",
                 law="中华人民共和国地方各级人民代表大会和地方各级人民政府组织法")
    draft = w.item(m["id"], "deliberation", "关于批准2026年县级财政预算调整方案的决议（草案）",
                   adopts="resolution", major_matter=True, text="批准县人民政府提出的2026年县级财政预算调整方案。")
    failing = w.item(m["id"], "deliberation", "关于设立常山县胡柚节的决定（草案）", adopts="decision")
    plain = w.item(m["id"], "vote", "表决通过会议议程")
    ok(w.put_attendance(m["id"], {"people": w.rows("committee", range(20)) +
                                  w.rows("committee", [20, 21], status="leave", reason="因公出差"),
                                  "observers": [{"name": "周列席", "unit": "常山县人民政府"}]}))
    adopted = voted(w, m, draft, yes=16)
    failed = voted(w, m, failing, yes=15)
    agenda_vote = voted(w, m, plain, yes=18)
    return {"m": m, "report": report, "law": law, "draft": draft, "failing": failing, "plain": plain,
            "adopted": adopted, "failed": failed, "agenda_vote": agenda_vote}


# ---------------------------------------------------------------------------
# adopted by a vote, or not


def test_an_adopted_vote_creates_one_resolution(w, session):
    s = session
    assert s["adopted"]["result"]["outcome"] == "adopted", s["adopted"]["result"]
    mine = [r for r in resolutions_of(w, meeting_id=s["m"]["id"]) if r["agenda_item_id"] == s["draft"]["id"]]
    assert len(mine) == 1, mine
    res = mine[0]
    assert (res["kind"], res["origin"], res["meeting_id"], res["vote_id"], res["term_id"]) == \
        ("resolution", "voted", s["m"]["id"], s["adopted"]["id"], w.tid), res
    assert res["major_matter"] is True and res["title"] and res["adopted_on"], res
    assert res["congress_id"] == w.cid and res["number"] >= 1
    item = ok(w.staff.get(f"/agenda/{s['draft']['id']}"))
    assert item["resolution_id"] == res["id"], item
    assert s["adopted"]["id"] in item["vote_ids"], item
    assert w.staff.one("resolutions", res["id"])["origin"] == "voted"


def test_a_failing_vote_creates_none(w, session):
    s = session
    assert s["failed"]["result"]["outcome"] == "rejected", s["failed"]["result"]
    rs = resolutions_of(w, meeting_id=s["m"]["id"])
    assert [r for r in rs if r["agenda_item_id"] == s["failing"]["id"] or r["vote_id"] == s["failed"]["id"]] == []
    assert ok(w.staff.get(f"/agenda/{s['failing']['id']}"))["resolution_id"] is None
    assert resolutions_of(w, kind="decision", meeting_id=s["m"]["id"]) == []
    # an item that adopts nothing creates nothing when its vote passes
    assert s["agenda_vote"]["result"]["outcome"] == "adopted"
    assert ok(w.staff.get(f"/agenda/{s['plain']['id']}"))["resolution_id"] is None
    assert len(rs) == 1, rs


def test_a_decision_adopted_and_its_number(w):
    m = w.held("committee_session", starts_on=day(-2))
    first = w.item(m["id"], "deliberation", "关于接受王某某辞去常山县人大常委会委员职务的决定（草案）", adopts="decision")
    second = w.item(m["id"], "deliberation", "关于召开常山县第十八届人民代表大会第二次会议的决定（草案）", adopts="decision")
    before = {r["number"] for r in resolutions_of(w, kind="decision", term_id=w.tid)}
    voted(w, m, first, yes=17)
    voted(w, m, second, yes=19)
    got = resolutions_of(w, meeting_id=m["id"])
    assert sorted(r["kind"] for r in got) == ["decision", "decision"], got
    numbers = sorted(r["number"] for r in got)
    assert numbers[1] == numbers[0] + 1 and not (set(numbers) & before), (numbers, before)
    assert ok(w.staff.get(f"/agenda/{first['id']}"))["resolution_id"] in {r["id"] for r in got}


def test_a_vote_without_an_item_creates_none(w):
    m = w.held("committee_session", starts_on=day(-3))
    v = voted(w, m, None, yes=20)
    assert v["result"]["outcome"] == "adopted"
    assert resolutions_of(w, meeting_id=m["id"]) == []


def test_annulling_the_vote_leaves_the_resolution(w):
    m = w.held("committee_session", starts_on=day(-4))
    it = w.item(m["id"], "deliberation", "关于加强县级国有资产管理情况监督的决定（草案）", adopts="decision",
                major_matter=True)
    v = voted(w, m, it, yes=18)
    [res] = resolutions_of(w, meeting_id=m["id"])
    r = w.staff.post(f"/votes/{v['id']}/annul", {"reason": "表决器故障，须重新表决"})
    assert r.status_code == 200, r.text
    assert w.staff.one("resolutions", res["id"])["vote_id"] == v["id"]
    # staff may delete it
    r = w.staff.delete(f"/resolutions/{res['id']}")
    assert r.status_code in (200, 204), r.text
    assert w.staff.get(f"/resolutions/{res['id']}").status_code == 404


# ---------------------------------------------------------------------------
# registered by staff


def test_registered_by_staff(w):
    t18 = w.f.term(w.cid, number=18, start_on="2010-01-01", end_on="2014-12-31")
    body = {"kind": "resolution", "title": "关于批准2013年县级财政决算的决议", "text": "批准2013年县级财政决算。",
            "adopted_on": "2014-08-28", "term_id": t18["id"], "major_matter": False, "origin": "voted"}
    a = ok(w.staff.post("/resolutions", body), 201)
    assert (a["origin"], a["kind"], a["term_id"], a["number"]) == ("registered", "resolution", t18["id"], 1), a
    assert a["meeting_id"] is None and a["vote_id"] is None
    b = ok(w.staff.post("/resolutions", dict(body, title="关于2013年县级预算执行情况的决议")), 201)
    assert b["number"] == 2
    refused(w.staff.post("/resolutions", dict(body, number=2, title="重号的决议")), 409)
    c = ok(w.staff.post("/resolutions", dict(body, kind="decision", number=2, title="关于批准县级财政决算的决定")), 201)
    assert c["number"] == 2 and c["origin"] == "registered"
    refused(w.staff.patch(f"/resolutions/{a['id']}", {"number": 2}), 409)
    p = ok(w.staff.patch(f"/resolutions/{a['id']}", {"origin": "voted", "title": "关于批准2019年县级财政决算的决议（修正）"}))
    assert p["origin"] == "registered" and p["title"].endswith("（修正）")
    refused(w.staff.post("/resolutions", {"kind": "order", "title": "命令", "adopted_on": "2020-01-01"}), 422, "kind")
    refused(w.staff.post("/resolutions", {"kind": "decision", "adopted_on": "2020-01-01"}), 422, "title")


def test_registered_with_its_meeting(w):
    m = w.closed("committee_session", starts_on=shift(w.old_term["end_on"], -30))
    r = ok(w.staff.post("/resolutions", {"kind": "decision", "title": "关于授予常山县荣誉市民称号的决定",
                                         "adopted_on": m["starts_on"], "meeting_id": m["id"], "term_id": m["term_id"]}),
           201)
    assert r["meeting_id"] == m["id"] and r["meeting_name"] and r["origin"] == "registered", r


def test_import_is_registered(w):
    csv = ("kind,number,title,adopted_on,term_id\r\n"
           f"decision,31,关于命名常山县生态文明教育基地的决定,2019-04-26,{w.old_tid}\r\n"
           f"resolution,32,关于县城总体规划修改的决议,2019-06-28,{w.old_tid}\r\n")
    r = w.staff.post("/resolutions/import", data=csv.encode("utf-8"), headers={"Content-Type": "text/csv"})
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    got = resolutions_of(w, term_id=w.old_tid, year=2019)
    mine = {x["number"]: x for x in got if x["number"] in (31, 32)}
    assert set(mine) == {31, 32} and all(x["origin"] == "registered" for x in mine.values()), got
    assert mine[32]["kind"] == "resolution" and mine[31]["title"] == "关于命名常山县生态文明教育基地的决定"


def test_filters(w, session):
    old = ok(w.staff.post("/resolutions", {"kind": "decision", "title": "关于常山县第十七届人大常委会任期内重大事项的决定",
                                           "adopted_on": "2018-11-30", "term_id": w.old_tid, "major_matter": True}), 201)
    pub = ok(w.staff.post("/resolutions", {"kind": "resolution", "title": "关于加强人大代表建议办理工作的决议",
                                           "adopted_on": "2018-05-30", "term_id": w.old_tid, "published": True}), 201)
    ids = lambda items: {x["id"] for x in items}  # noqa: E731
    decisions = resolutions_of(w, kind="decision")
    assert old["id"] in ids(decisions) and pub["id"] not in ids(decisions)
    assert all(x["kind"] == "decision" for x in decisions)
    major = resolutions_of(w, major_matter="true")
    assert old["id"] in ids(major) and pub["id"] not in ids(major) and all(x["major_matter"] for x in major)
    minor = resolutions_of(w, major_matter="false")
    assert pub["id"] in ids(minor) and not any(x["major_matter"] for x in minor)
    y2018 = resolutions_of(w, year=2018)
    assert {old["id"], pub["id"]} <= ids(y2018) and all(x["adopted_on"].startswith("2018") for x in y2018)
    at = resolutions_of(w, meeting_id=session["m"]["id"])
    assert at and all(x["meeting_id"] == session["m"]["id"] for x in at) and old["id"] not in ids(at)
    by_term = resolutions_of(w, term_id=w.old_tid)
    assert old["id"] in ids(by_term) and not (ids(at) & ids(by_term))
    published = resolutions_of(w, published="true")
    assert pub["id"] in ids(published) and all(x["published"] for x in published)
    refused(w.staff.get("/resolutions", params={"kind": "order"}), 422, "kind")


# ---------------------------------------------------------------------------
# who reads and writes


def test_the_public_sees_published_ones(w, session):
    [res] = [r for r in resolutions_of(w, meeting_id=session["m"]["id"])]
    hidden = ok(w.staff.post("/resolutions", {"kind": "decision", "title": "关于人事任免的决定（未公布）",
                                              "adopted_on": day(-10), "term_id": w.tid, "published": False}), 201)
    shown = ok(w.staff.post("/resolutions", {"kind": "decision", "title": "关于公布常山县城乡规划的决定",
                                             "adopted_on": day(-10), "term_id": w.tid, "published": True}), 201)
    seen = w.anon.all("resolutions")
    assert shown["id"] in {x["id"] for x in seen}
    published = {x["id"] for x in resolutions_of(w, published="true")}
    assert {x["id"] for x in seen} <= published, "the public sees an unpublished resolution"
    assert [x["title"] for x in seen if x["id"] == shown["id"]] == ["关于公布常山县城乡规划的决定"]
    assert hidden["id"] not in {x["id"] for x in seen}
    if not res["published"]:
        assert res["id"] not in {x["id"] for x in seen}
    assert w.anon.get(f"/resolutions/{hidden['id']}").status_code in (401, 403, 404)
    assert ok(w.anon.get(f"/resolutions/{shown['id']}"))["title"] == "关于公布常山县城乡规划的决定"
    # publishing the voted one shows it
    ok(w.staff.patch(f"/resolutions/{res['id']}", {"published": True}))
    assert res["id"] in {x["id"] for x in w.anon.all("resolutions")}
    refused(w.anon.post("/resolutions", {"kind": "decision", "title": "匿名", "adopted_on": day(-1)}), 401)


def test_members_read_but_do_not_write(w, session):
    member = w.mc[25]
    got = member.all("resolutions", meeting_id=session["m"]["id"])
    assert len(got) == 1 and got[0]["actions"] == [], got
    refused(member.post("/resolutions", {"kind": "decision", "title": "委员登记的", "adopted_on": day(-1)}), 403)
    refused(member.patch(f"/resolutions/{got[0]['id']}", {"title": "委员改的"}), 403)
    refused(member.delete(f"/resolutions/{got[0]['id']}"), 403)
    refused(w.uc.post("/resolutions", {"kind": "decision", "title": "单位登记的", "adopted_on": day(-1)}), 403)
    assert w.staff.one("resolutions", got[0]["id"])["title"] == got[0]["title"]


# ---------------------------------------------------------------------------
# the bulletin (一会一刊)


def test_bulletin(w, session):
    s = session
    b = ok(w.staff.get(f"/meetings/{s['m']['id']}/bulletin"))
    assert b["meeting"]["id"] == s["m"]["id"] and b["meeting"]["title"] == s["m"]["title"]
    order = [s["report"], s["law"], s["draft"], s["failing"], s["plain"]]
    assert [x["id"] for x in b["agenda"]] == [x["id"] for x in order]
    att = b["attendance"]
    assert (att["electorate_size"], att["present"], att["leave"], att["quorum"], att["has_quorum"]) == \
        (30, 20, 2, 16, True), att
    assert [o["name"] for o in att["observers"]] == ["周列席"]
    votes = {v["id"]: v for v in b["votes"]}
    assert set(votes) == {s["adopted"]["id"], s["failed"]["id"], s["agenda_vote"]["id"]}, list(votes)
    assert votes[s["adopted"]["id"]]["result"]["outcome"] == "adopted"
    assert votes[s["failed"]["id"]]["result"]["outcome"] == "rejected"
    [res] = b["resolutions"]
    assert res["agenda_item_id"] == s["draft"]["id"] and res["origin"] == "voted"
    assert [x["id"] for x in b["law_studies"]] == [s["law"]["id"]]
    assert [x["id"] for x in b["work_reports"]] == [s["report"]["id"]]
    assert b["deliberation_opinions"] == []


def test_bulletin_xlsx(w, session):
    s = session
    r = w.staff.get(f"/meetings/{s['m']['id']}/bulletin", params={"format": "xlsx"})
    assert r.status_code == 200, r.text[:300]
    assert "spreadsheetml" in r.headers.get("Content-Type", ""), r.headers
    sheets, text = xlsx_text(r.content)
    assert sheets >= 4, f"one sheet per part: {sheets}"
    for want in (s["report"]["title"], s["draft"]["title"], w.names("committee")[0], "周列席"):
        assert want in text, f"{want!r} is not in the bulletin's xlsx"


def test_bulletin_readers(w, session):
    mid = session["m"]["id"]
    assert ok(w.mc[3].get(f"/meetings/{mid}/bulletin"))["meeting"]["id"] == mid
    refused(w.uc.get(f"/meetings/{mid}/bulletin"), (403, 404))
    refused(w.anon.get(f"/meetings/{mid}/bulletin"), 401)
    refused(w.staff.get("/meetings/987654321/bulletin"), 404)
