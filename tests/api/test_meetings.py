"""Meetings (issue 12, /work/briefs/meetings.md): numbering, the term a meeting falls in,
the states and their actions, a closed meeting staying fixed, the agenda (order, late work
reports, the motion rule), who may read and write, a member's and deputy's own meetings,
the two-month warning and the term's figures. Attendance and votes at meetings are in
test_meetings_attendance.py, resolutions and the bulletin in test_resolutions.py."""

import pytest

from meetings_util import Bare, MeetingWorld, day, ok, refused, set_setting, shift


@pytest.fixture(scope="module")
def w(dep):
    return MeetingWorld(dep)


# ---------------------------------------------------------------------------
# numbering: per congress, term and kind


def test_numbering_per_congress_term_and_kind(dep):
    b = Bare(dep)
    first = b.meeting("committee_session", starts_on=day(-90))
    second = b.meeting("committee_session", starts_on=day(-30))
    third = b.meeting("committee_session", starts_on=day(10))
    assert [first["number"], second["number"], third["number"]] == [1, 2, 3]
    # computed: the contract's example is 第3次常委会会议; the term may be named too (第20届常委会第3次会议)
    assert "第3次" in third["title"] and "常委会" in third["title"] and "会议" in third["title"], third
    assert "第3次" not in second["title"], second
    assert {m["term_id"] for m in (first, second, third)} == {b.tid}

    refused(b.staff.post("/meetings", {"kind": "committee_session", "number": 2, "starts_on": day(20)}), 409)
    assert b.staff.total("meetings", kind="committee_session") == 3

    # another kind counts from 1 and may reuse the number
    chairs = b.meeting("chairs_meeting", starts_on=day(-31))
    assert chairs["number"] == 1
    again = b.meeting("chairs_meeting", number=2, starts_on=day(-29))
    assert again["number"] == 2
    refused(b.staff.post("/meetings", {"kind": "chairs_meeting", "number": 1, "starts_on": day(5)}), 409)
    plenary = b.meeting("plenary", number=3, starts_on=day(40))
    assert plenary["number"] == 3

    # another term of the same congress may reuse it too
    older = b.f.term(b.cid, number=19, start_on="2012-01-01", end_on=shift(b.term["start_on"], -1))
    old_first = b.meeting("committee_session", starts_on="2014-03-01")
    assert old_first["term_id"] == older["id"] and old_first["number"] == 1

    # and another congress
    other = Bare(dep)
    assert other.meeting("committee_session")["number"] == 1

    # a PATCH onto a taken number is refused the same way
    refused(b.staff.patch(f"/meetings/{third['id']}", {"number": 1}), 409)
    assert b.staff.one("meetings", third["id"])["number"] == 3
    moved = ok(b.staff.patch(f"/meetings/{third['id']}", {"number": 7}))
    assert moved["number"] == 7 and "第7次" in moved["title"], moved


def test_term_follows_starts_on(w):
    now = w.meeting("committee_session", starts_on=day(15))
    assert now["term_id"] == w.tid and now["term_name"], now
    old = w.meeting("committee_session", starts_on=shift(w.old_term["end_on"], -100))
    assert old["term_id"] == w.old_tid, old
    refused(w.staff.post("/meetings", {"kind": "committee_session", "starts_on": "1990-05-01"}), 422, "term_id")
    refused(w.staff.post("/meetings", {"kind": "hearing", "starts_on": day(15)}), 422, "kind")
    refused(w.staff.post("/meetings", {"kind": "committee_session"}), 422, "starts_on")


def test_dates_and_agenda_set_by(w):
    refused(w.staff.post("/meetings", {"kind": "committee_session", "starts_on": day(20), "ends_on": day(19)}),
            422, "ends_on")
    ends_on = day(62)
    two_days = w.meeting("plenary", starts_on=shift(ends_on, -2), ends_on=ends_on)
    assert two_days["ends_on"] == ends_on, two_days

    chairs = w.meeting("chairs_meeting", starts_on=day(20))
    session = w.meeting("committee_session", starts_on=day(25), agenda_set_by=chairs["id"])
    assert session["agenda_set_by"] == chairs["id"] and session["agenda_set_by_name"], session
    assert ok(w.staff.get(f"/meetings/{session['id']}"))["agenda_set_by"] == chairs["id"]

    same_day = w.meeting("chairs_meeting", starts_on=day(28))
    on_it = w.meeting("committee_session", starts_on=day(28), agenda_set_by=same_day["id"])
    assert on_it["agenda_set_by"] == same_day["id"], "a chairs' meeting the same day may set the agenda"
    later = w.meeting("chairs_meeting", starts_on=day(40))
    refused(w.staff.post("/meetings", {"kind": "committee_session", "starts_on": day(30),
                                       "agenda_set_by": later["id"]}), 422, "agenda_set_by")
    other_session = w.meeting("committee_session", starts_on=day(10))
    refused(w.staff.post("/meetings", {"kind": "committee_session", "starts_on": day(30),
                                       "agenda_set_by": other_session["id"]}), 422, "agenda_set_by")
    old_chairs = w.meeting("chairs_meeting", starts_on=shift(w.old_term["end_on"], -50))
    refused(w.staff.post("/meetings", {"kind": "committee_session", "starts_on": day(30),
                                       "agenda_set_by": old_chairs["id"]}), 422, "agenda_set_by")
    refused(w.staff.post("/meetings", {"kind": "plenary", "starts_on": day(70),
                                       "agenda_set_by": chairs["id"]}), 422, "agenda_set_by")
    refused(w.staff.patch(f"/meetings/{session['id']}", {"agenda_set_by": later["id"]}), 422, "agenda_set_by")
    assert w.staff.one("meetings", session["id"])["agenda_set_by"] == chairs["id"]


def test_plenary_motion_deadline(w):
    starts_on = day(50)
    deadline = f"{shift(starts_on, 1)}T10:00:00Z"
    rec = w.meeting("plenary", starts_on=starts_on, ends_on=shift(starts_on, 3), motion_deadline=deadline)
    assert rec["motion_deadline"] == deadline, rec
    assert w.staff.one("meetings", rec["id"])["motion_deadline"] == deadline


# ---------------------------------------------------------------------------
# states: planned → notified → held → closed, by actions only


def test_state_actions(w):
    m = w.meeting("committee_session", starts_on=day(12))
    assert {"update", "delete", "notify", "open", "agenda", "attendance"} <= set(m["actions"]), m["actions"]
    assert "close" not in m["actions"]
    refused(w.staff.post(f"/meetings/{m['id']}/close", {}), 409, "state")

    n = w.act(m["id"], "notify")
    assert n["state"] == "notified" and n["notified_at"], n
    assert "notify" not in n["actions"] and "open" in n["actions"]
    refused(w.staff.post(f"/meetings/{m['id']}/notify", {}), 409, "state")

    h = w.act(m["id"], "open")
    assert h["state"] == "held" and h["opened_at"], h
    assert "close" in h["actions"] and "open" not in h["actions"] and "delete" not in h["actions"]
    refused(w.staff.post(f"/meetings/{m['id']}/open", {}), 409, "state")
    refused(w.staff.post(f"/meetings/{m['id']}/notify", {}), 409, "state")

    c = w.act(m["id"], "close")
    assert c["state"] == "closed" and c["closed_at"], c
    for a in ("update", "delete", "notify", "open", "close", "attendance", "agenda"):
        assert a not in c["actions"], f"a closed meeting offers {a}: {c['actions']}"
    for a in ("notify", "open", "close"):
        refused(w.staff.post(f"/meetings/{m['id']}/{a}", {}), 409, "state")
    assert w.staff.one("meetings", m["id"])["state"] == "closed"

    # planned straight to held
    direct = w.meeting("chairs_meeting", starts_on=day(3))
    assert w.act(direct["id"], "open")["state"] == "held"


def test_state_is_not_a_field(w):
    m = w.meeting("committee_session", starts_on=day(14))
    r = w.staff.patch(f"/meetings/{m['id']}", {"state": "closed", "place": "常山县人大常委会第二会议室"})
    assert r.status_code in (200, 422), r.text
    rec = w.staff.one("meetings", m["id"])
    assert rec["state"] == "planned", rec
    r = w.staff.post("/meetings", {"kind": "committee_session", "starts_on": day(16), "state": "held"})
    if r.status_code == 201:
        assert r.json()["state"] == "planned", r.json()


def test_a_closed_meeting_is_fixed(w):
    m = w.meeting("committee_session", starts_on=day(-3))
    it = w.item(m["id"], "other", "其他事项")
    w.act(m["id"], "open")
    ok(w.put_attendance(m["id"], w.rows("committee", [0, 1])))
    w.act(m["id"], "close")

    refused(w.staff.patch(f"/meetings/{m['id']}", {"place": "县政府会议中心"}), 409, "state")
    refused(w.staff.delete(f"/meetings/{m['id']}"), 409, "state")
    refused(w.staff.post(f"/meetings/{m['id']}/agenda", {"kind": "other", "title": "临时动议"}), 409, "state")
    refused(w.staff.patch(f"/agenda/{it['id']}", {"title": "改过的标题"}), 409, "state")
    refused(w.staff.delete(f"/agenda/{it['id']}"), 409, "state")
    refused(w.put_attendance(m["id"], w.rows("committee", [2])), 409, "state")
    refused(w.put_attendance(m["id"], {"people": [], "observers": [{"name": "王列席", "unit": "县政府"}]}),
            409, "state")

    rec = w.staff.one("meetings", m["id"])
    assert rec["place"] == "常山县人大常委会第一会议室"
    assert [i["title"] for i in w.agenda(m["id"])] == ["其他事项"]
    att = w.attendance(m["id"])
    assert att["present"] == 2 and att["observers"] == [] and "edit" not in att.get("actions", [])


def test_delete_only_while_planned(w):
    planned = w.meeting("chairs_meeting", starts_on=day(33))
    r = w.staff.delete(f"/meetings/{planned['id']}")
    assert r.status_code in (200, 204), r.text
    assert w.staff.get(f"/meetings/{planned['id']}").status_code == 404
    notified = w.meeting("chairs_meeting", starts_on=day(34))
    w.act(notified["id"], "notify")
    refused(w.staff.delete(f"/meetings/{notified['id']}"), 409, "state")
    held = w.held("chairs_meeting", starts_on=day(-1))
    refused(w.staff.delete(f"/meetings/{held['id']}"), 409, "state")
    assert w.staff.get(f"/meetings/{held['id']}").status_code == 200


def test_filters(w):
    a = w.meeting("plenary", starts_on=shift(w.old_term["end_on"], -200))
    b = w.held("committee_session", starts_on=day(-2))
    c = w.meeting("chairs_meeting", starts_on=day(9))
    ids = lambda items: {x["id"] for x in items}  # noqa: E731

    plen = w.staff.all("meetings", kind="plenary")
    assert a["id"] in ids(plen) and all(x["kind"] == "plenary" for x in plen)
    old = w.staff.all("meetings", term_id=w.old_tid)
    assert a["id"] in ids(old) and b["id"] not in ids(old) and all(x["term_id"] == w.old_tid for x in old)
    year = a["starts_on"][:4]
    by_year = w.staff.all("meetings", year=year)
    assert a["id"] in ids(by_year) and all(x["starts_on"].startswith(year) for x in by_year)
    held = w.staff.all("meetings", state="held")
    assert b["id"] in ids(held) and c["id"] not in ids(held) and all(x["state"] == "held" for x in held)
    place = f"常山县天马街道会议中心{w.n}"
    d = w.meeting("committee_session", starts_on=day(11), place=place)
    found = w.staff.all("meetings", q=place)
    assert ids(found) == {d["id"]}
    counts = ok(w.staff.get("/meetings/counts", params={"by": "kind"}))
    by = {x["value"]: x["count"] for x in counts["items"]}
    assert by.get("plenary", 0) == len(plen)


# ---------------------------------------------------------------------------
# the agenda


def test_agenda_order_and_positions(w):
    m = w.meeting("committee_session", starts_on=day(21))
    a = w.item(m["id"], "other", "听取和审议县人民政府关于安全生产工作情况的报告")
    b = w.item(m["id"], "law_study", "学习《中华人民共和国监察法》", law="中华人民共和国监察法")
    c = w.item(m["id"], "inquiry", "专题询问：农村饮用水安全", questions="饮用水达标率如何提高？", answered_by="县水利局局长")
    assert [a["position"], b["position"], c["position"]] == [1, 2, 3]
    assert [x["id"] for x in w.agenda(m["id"])] == [a["id"], b["id"], c["id"]]
    assert b["law"] == "中华人民共和国监察法" and c["answered_by"] == "县水利局局长"
    assert all(x["meeting_id"] == m["id"] for x in w.agenda(m["id"]))

    ten = w.item(m["id"], "other", "其他", position=10)
    assert ten["position"] == 10
    after = w.item(m["id"], "other", "下一项")
    assert after["position"] == 11
    ok(w.staff.patch(f"/agenda/{a['id']}", {"position": 20}))
    assert [x["id"] for x in w.agenda(m["id"])] == [b["id"], c["id"], ten["id"], after["id"], a["id"]]
    r = w.staff.delete(f"/agenda/{c['id']}")
    assert r.status_code in (200, 204), r.text
    assert c["id"] not in [x["id"] for x in w.agenda(m["id"])]
    assert w.staff.get(f"/agenda/{c['id']}").status_code == 404
    got = ok(w.staff.get(f"/agenda/{b['id']}"))
    assert got["title"] == "学习《中华人民共和国监察法》" and got["kind"] == "law_study"


def test_agenda_item_fields_are_checked(w):
    m = w.meeting("committee_session", starts_on=day(22))
    post = lambda body: w.staff.post(f"/meetings/{m['id']}/agenda", body)  # noqa: E731
    refused(post({"kind": "other"}), 422, "title")
    refused(post({"kind": "speech", "title": "讲话"}), 422, "kind")
    refused(post({"kind": "work_report", "title": "县教育局关于教育工作情况的报告"}), 422, "unit_id")
    refused(post({"kind": "law_study", "title": "学习宪法"}), 422, "law")
    refused(post({"kind": "deliberation", "title": "审议草案", "adopts": "law"}), 422, "adopts")
    assert w.agenda(m["id"]) == []


# late work reports: on or before starts_on − days is on time, a day later is late

PERIODS = (("office", "to_office_on", 20), ("committee", "to_committee_on", 10), ("members", "to_members_on", 7))


def work_report(w, mid, starts_on, offsets, **kw):
    """A work report whose dates reached office/committee/members `offsets` days before
    the session (None: not given)."""
    body = {"unit_id": w.unit["id"], "title": f"县教育局关于义务教育优质均衡发展情况的报告{kw.pop('n', '')}"}
    for (_name, field, _days), off in zip(PERIODS, offsets):
        if off is not None:
            body[field] = shift(starts_on, -off)
    body.update(kw)
    return w.item(mid, "work_report", **body)


def test_late_reports_at_the_day_boundary(w):
    starts_on = day(200)
    m = w.meeting("committee_session", starts_on=starts_on)
    on_time = work_report(w, m["id"], starts_on, (20, 10, 7))
    assert on_time["late"] == [], on_time
    assert on_time["due"] == {"office": shift(starts_on, -20), "committee": shift(starts_on, -10),
                              "members": shift(starts_on, -7)}, on_time
    assert on_time["unit_id"] == w.unit["id"] and on_time["unit_name"] == w.unit["name"]
    all_late = work_report(w, m["id"], starts_on, (19, 9, 6))
    assert all_late["late"] == ["office", "committee", "members"], all_late
    early = work_report(w, m["id"], starts_on, (45, 30, 15))
    assert early["late"] == []
    for i, (name, _field, days) in enumerate(PERIODS):
        offs = [d for _n, _f, d in PERIODS]
        offs[i] = days - 1
        one = work_report(w, m["id"], starts_on, offs)
        assert one["late"] == [name], f"{name} reached one day after its last day: {one}"
    # what the agenda shows is the same
    shown = {x["id"]: x["late"] for x in w.agenda(m["id"])}
    assert shown[on_time["id"]] == [] and shown[all_late["id"]] == ["office", "committee", "members"]
    # a date corrected by PATCH is judged again
    fixed = ok(w.staff.patch(f"/agenda/{all_late['id']}", {"to_office_on": shift(starts_on, -20)}))
    assert fixed["late"] == ["committee", "members"], fixed


def test_dates_not_given(w):
    far = w.meeting("committee_session", starts_on=day(100))
    assert work_report(w, far["id"], far["starts_on"], (None, None, None))["late"] == []
    near = w.meeting("committee_session", starts_on=day(15))
    # office due 5 days ago, committee in 5 days, members in 8
    assert work_report(w, near["id"], near["starts_on"], (None, None, None))["late"] == ["office"]
    assert work_report(w, near["id"], near["starts_on"], (25, None, None))["late"] == []
    past = w.meeting("committee_session", starts_on=day(-20))
    assert work_report(w, past["id"], past["starts_on"], (None, None, None))["late"] == \
        ["office", "committee", "members"]


def test_the_periods_are_settings(w):
    starts_on = day(210)
    m = w.meeting("committee_session", starts_on=starts_on)
    set_setting(w.staff, "work_report_days_office", 30)
    set_setting(w.staff, "work_report_days_committee", 5)
    set_setting(w.staff, "work_report_days_members", 3)
    try:
        r = work_report(w, m["id"], starts_on, (29, 5, 3))
        assert r["late"] == ["office"], r
        assert r["due"] == {"office": shift(starts_on, -30), "committee": shift(starts_on, -5),
                            "members": shift(starts_on, -3)}, r
        assert work_report(w, m["id"], starts_on, (30, 4, 2))["late"] == ["committee", "members"]
    finally:
        set_setting(w.staff, "work_report_days_office", 20)
        set_setting(w.staff, "work_report_days_committee", 10)
        set_setting(w.staff, "work_report_days_members", 7)
    assert work_report(w, m["id"], starts_on, (29, 5, 3))["late"] == ["committee", "members"]


# motions: the chairpersons' council, the government, a special committee, or members jointly


def test_the_motion_rule(w):
    m = w.meeting("committee_session", starts_on=day(23))
    post = lambda body: w.staff.post(f"/meetings/{m['id']}/agenda", body)  # noqa: E731
    title = "关于加强农村生活垃圾分类处理的议案"
    for who in ("chairs_council", "government", "special_committee"):
        body = {"kind": "motion", "title": title, "tabled_by": who}
        if who == "special_committee":
            body["committee_id"] = w.f.committee(w.cid)["id"]
        assert ok(post(body), 201)["tabled_by"] == who
    refused(post({"kind": "motion", "title": title, "tabled_by": "deputies"}), 422, "tabled_by")
    refused(post({"kind": "motion", "title": title, "tabled_by": "township"}), 422, "tabled_by")
    refused(post({"kind": "motion", "title": title}), 422, "tabled_by")
    refused(post({"kind": "motion", "title": title, "tabled_by": "members", "member_ids": w.ids("committee", [5, 6])}),
            422, "member_ids")
    refused(post({"kind": "motion", "title": title, "tabled_by": "members"}), 422, "member_ids")
    # three, one of whom is not of the meeting's term, are two
    refused(post({"kind": "motion", "title": title, "tabled_by": "members",
                  "member_ids": w.ids("committee", [5, 6]) + [w.old_member["id"]]}), 422, "member_ids")
    n_before = len(w.agenda(m["id"]))
    three = ok(post({"kind": "motion", "title": title, "tabled_by": "members",
                     "member_ids": w.ids("committee", [5, 6, 7])}), 201)
    assert sorted(three["member_ids"]) == sorted(w.ids("committee", [5, 6, 7]))
    assert len(three["member_names"]) == 3 and w.names("committee")[5] in three["member_names"]
    assert len(w.agenda(m["id"])) == n_before + 1
    refused(w.staff.patch(f"/agenda/{three['id']}", {"member_ids": w.ids("committee", [5, 6])}), 422, "member_ids")
    assert len(ok(w.staff.get(f"/agenda/{three['id']}"))["member_ids"]) == 3


def test_motion_min_members_is_a_setting(w):
    m = w.meeting("committee_session", starts_on=day(24))
    body = lambda idx: {"kind": "motion", "title": "关于设立县级生态补偿基金的议案", "tabled_by": "members",  # noqa: E731
                        "member_ids": w.ids("committee", idx)}
    set_setting(w.staff, "motion_min_members", 4)
    try:
        refused(w.staff.post(f"/meetings/{m['id']}/agenda", body([8, 9, 10])), 422, "member_ids")
        ok(w.staff.post(f"/meetings/{m['id']}/agenda", body([8, 9, 10, 11])), 201)
    finally:
        set_setting(w.staff, "motion_min_members", 3)
    ok(w.staff.post(f"/meetings/{m['id']}/agenda", body([8, 9, 10])), 201)


# ---------------------------------------------------------------------------
# roles


def test_roles(w, dep):
    m = w.meeting("committee_session", starts_on=day(26))
    it = w.item(m["id"], "other", "其他事项")
    member, deputy = w.mc[10], w.dc[3]
    for who in (member, deputy):
        rec = ok(who.get(f"/meetings/{m['id']}"))
        assert set(rec["actions"]) <= {"leave"}, rec["actions"]
        assert m["id"] in {x["id"] for x in who.all("meetings")}
    assert w.agenda(m["id"], client=member)[0]["id"] == it["id"]
    refused(member.patch(f"/meetings/{m['id']}", {"place": "别处"}), 403)
    refused(member.post("/meetings", {"kind": "committee_session", "starts_on": day(27)}), 403)
    refused(member.post(f"/meetings/{m['id']}/agenda", {"kind": "other", "title": "委员加的"}), 403)
    refused(member.patch(f"/agenda/{it['id']}", {"title": "委员改的"}), 403)
    refused(member.post(f"/meetings/{m['id']}/notify", {}), 403)
    refused(member.delete(f"/meetings/{m['id']}"), 403)
    refused(w.put_attendance(m["id"], w.rows("committee", [10]), client=member), 403)
    refused(deputy.patch(f"/meetings/{m['id']}", {"place": "别处"}), 403)
    att = ok(member.get(f"/meetings/{m['id']}/attendance"))
    assert att["electorate_size"] == len(w.members) and "edit" not in att.get("actions", []), att
    refused(w.mc[11].get("/meetings/warnings"), 403)

    refused(w.uc.get("/meetings"), 403)
    refused(w.uc.get(f"/meetings/{m['id']}"), (403, 404))
    refused(w.uc.get(f"/meetings/{m['id']}/agenda"), (403, 404))
    refused(w.uc.get("/meetings/mine"), 403)
    refused(w.uc.post("/meetings", {"kind": "committee_session", "starts_on": day(27)}), 403)
    refused(w.anon.get("/meetings"), 401)
    refused(w.anon.get(f"/meetings/{m['id']}"), 401)

    # another congress's staff does not see it
    other = Bare(dep)
    refused(other.staff.get(f"/meetings/{m['id']}"), 404)
    assert m["id"] not in {x["id"] for x in other.staff.all("meetings")}
    rec = w.staff.one("meetings", m["id"])
    assert rec["place"] == m["place"] and [x["title"] for x in w.agenda(m["id"])] == ["其他事项"]


# ---------------------------------------------------------------------------
# a member's and a deputy's own meetings


def test_mine(w):
    member, deputy, chair = w.mc[12], w.dc[4], w.mc[1]
    later = w.meeting("committee_session", starts_on=day(45))
    sooner = w.meeting("committee_session", starts_on=day(35))
    planned = w.meeting("committee_session", starts_on=day(36))
    closed = w.closed("committee_session", starts_on=day(-4))
    chairs = w.meeting("chairs_meeting", starts_on=day(37))
    plenary = w.meeting("plenary", starts_on=day(38))
    for x in (later, sooner, chairs, plenary):
        w.act(x["id"], "notify")

    def mine(client):
        d = ok(client.get("/meetings/mine"))
        return d["items"]

    got = mine(member)
    ids = [x["id"] for x in got]
    assert later["id"] in ids and sooner["id"] in ids, ids
    assert ids.index(sooner["id"]) < ids.index(later["id"]), "soonest first"
    for x in (planned, closed, chairs, plenary):
        assert x["id"] not in ids, f"a member's meetings hold {x['kind']} {x['state']}"
    starts = [x["starts_on"] for x in got]
    assert starts == sorted(starts), starts
    assert all(x["state"] in ("notified", "held") for x in got)
    mine_sooner = next(x for x in got if x["id"] == sooner["id"])
    assert mine_sooner["my_status"] is None and mine_sooner["place"] == sooner["place"]
    assert "leave" in mine_sooner["actions"], "a notified meeting offers its member to report leave"

    assert chairs["id"] in [x["id"] for x in mine(chair)]
    dep_ids = [x["id"] for x in mine(deputy)]
    assert plenary["id"] in dep_ids and sooner["id"] not in dep_ids and chairs["id"] not in dep_ids

    # replies show in my_status
    ok(member.post(f"/meetings/{sooner['id']}/leave", {"reason": "赴省参加培训"}))
    ok(w.put_attendance(later["id"], w.rows("committee", [12])))
    st = {x["id"]: x["my_status"] for x in mine(member)}
    assert st[sooner["id"]] == "leave" and st[later["id"]] == "present", st
    other = {x["id"]: x["my_status"] for x in mine(w.mc[13])}
    assert other[sooner["id"]] is None and other[later["id"]] is None
    # held meetings stay until they close
    w.act(later["id"], "open")
    assert later["id"] in [x["id"] for x in mine(member)]
    w.act(later["id"], "close")
    assert later["id"] not in [x["id"] for x in mine(member)]


# ---------------------------------------------------------------------------
# the two-month rule


def warnings(b):
    d = ok(b.staff.get("/meetings/warnings"))
    return [x for x in d["items"] if x["code"] == "committee_gap"]


def test_two_month_rule(dep):
    b = Bare(dep)
    b.held("committee_session", starts_on=day(-150))
    last = b.held("committee_session", starts_on=day(-90))
    ws = warnings(b)
    assert len(ws) == 1, ws
    assert ws[0]["last_on"] == last["starts_on"], ws
    assert ws[0]["months"] >= 2 and ws[0]["message"] and ws[0]["message_zh"], ws
    # a chairs' meeting or a plenary is not a committee session
    b.held("chairs_meeting", starts_on=day(-10))
    b.held("plenary", starts_on=day(-9))
    assert len(warnings(b)) == 1

    set_setting(b.staff, "committee_session_max_gap_months", 4)
    try:
        assert warnings(b) == []
    finally:
        set_setting(b.staff, "committee_session_max_gap_months", 2)
    assert len(warnings(b)) == 1

    b.held("committee_session", starts_on=day(-20))
    assert warnings(b) == []


def test_two_month_rule_counts_from_the_term_start(dep):
    old = Bare(dep, start_on=day(-120))
    ws = warnings(old)
    assert len(ws) == 1, ws
    new = Bare(dep, start_on=day(-10))
    assert warnings(new) == []


# ---------------------------------------------------------------------------
# the term's figures


def test_stats(dep):
    b = Bare(dep)
    unit = b.f.unit(b.cid, "江山市人民政府", kind="government")
    s1 = b.held("committee_session", starts_on=day(-60))
    s2 = b.closed("committee_session", starts_on=day(-30))
    planned = b.meeting("committee_session", starts_on=day(30))
    b.held("chairs_meeting", starts_on=day(-61))
    b.closed("chairs_meeting", starts_on=day(-31))
    b.closed("chairs_meeting", starts_on=day(-32))
    b.meeting("chairs_meeting", starts_on=day(31))
    b.held("plenary", starts_on=day(-5))

    def report(mid, n):
        return b.item(mid, "work_report", f"市人民政府关于第{n}项工作的报告", unit_id=unit["id"])

    report(planned["id"], 9)  # not heard yet
    report(s1["id"], 1)
    report(s1["id"], 2)
    # s2 is closed: its agenda was made while it was planned; make another session for more
    s3 = b.meeting("committee_session", starts_on=day(-15))
    report(s3["id"], 3)
    b.item(s3["id"], "law_study", "学习《中华人民共和国预算法》", law="中华人民共和国预算法")
    b.item(planned["id"], "law_study", "学习《中华人民共和国审计法》", law="中华人民共和国审计法")
    b.act(s3["id"], "open")

    def resolution(kind, major, title):
        body = {"kind": kind, "title": title, "adopted_on": day(-30), "term_id": b.tid, "major_matter": major}
        return ok(b.staff.post("/resolutions", body), 201)

    resolution("resolution", True, "关于批准2026年市级预算调整方案的决议")
    resolution("resolution", False, "关于开展“八五”普法的决议")
    resolution("decision", True, "关于设立江山市生态日的决定")
    resolution("decision", False, "关于召开江山市人大第二次会议的决定")
    resolution("decision", False, "关于接受辞职请求的决定")

    st = ok(b.staff.get("/meetings/stats", params={"term_id": b.tid}))
    assert st["term_id"] == b.tid
    want = {"committee_sessions": 3, "chairs_meetings": 3, "plenary_sessions": 1, "work_reports": 3,
            "law_studies": 1, "deliberation_opinions": 0, "resolutions": 2, "decisions": 3, "major_matters": 2}
    assert {k: st[k] for k in want} == want, st

    # another term's figures are its own
    other = b.f.term(b.cid, number=19, start_on="2012-01-01", end_on=shift(b.term["start_on"], -1))
    st = ok(b.staff.get("/meetings/stats", params={"term_id": other["id"]}))
    assert all(st[k] == 0 for k in want), st
