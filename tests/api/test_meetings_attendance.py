"""Attendance at meetings (issue 12, /work/briefs/meetings.md "Attendance"): the PUT's two
forms, who is of a meeting's electorate, the quorum at its boundaries (committee: more
than half; plenary: at least two-thirds; chairs' meeting: its chair and vice-chairs),
leave reported by a member for themselves, and votes held at a meeting, whose presence is
the meeting's attendance."""

import pytest

from conftest import Factory
from meetings_util import CHAIRS, N_DEPUTIES, N_MEMBERS, Bare, MeetingWorld, day, ok, refused, set_setting
from votes_util import cast, cast_ok


@pytest.fixture(scope="module")
def w(dep):
    return MeetingWorld(dep)


def row_of(att, key, rid):
    rows = [p for p in att["people"] if p.get(key) == rid]
    assert len(rows) == 1, f"{key}={rid} is {len(rows)} rows of {att['people']}"
    return rows[0]


# ---------------------------------------------------------------------------
# the two forms of the PUT


def test_put_array_sets_the_rows_given(w):
    m = w.meeting("committee_session", starts_on=day(5))
    att = w.attendance(m["id"])
    assert (att["meeting_id"], att["electorate"], att["electorate_size"]) == (m["id"], "committee", N_MEMBERS)
    assert (att["present"], att["leave"], att["absent"], att["unrecorded"]) == (0, 0, 0, N_MEMBERS), att
    assert "edit" in att["actions"]
    assert sorted(p["member_id"] for p in att["people"]) == sorted(w.ids("committee", range(N_MEMBERS)))
    assert all(p["status"] is None for p in att["people"])
    chair = row_of(att, "member_id", w.mid(0))
    assert chair["name"] == w.names("committee")[0] and chair["position"] == "chair", chair

    att = ok(w.put_attendance(m["id"], [{"member_id": w.mid(0), "status": "present"},
                                        {"member_id": w.mid(1), "status": "leave", "reason": "因公出差"},
                                        {"member_id": w.mid(2), "status": "absent"}]))
    assert (att["present"], att["leave"], att["absent"], att["unrecorded"]) == (1, 1, 1, N_MEMBERS - 3), att
    assert row_of(att, "member_id", w.mid(1))["reason"] == "因公出差"
    # rows not given are untouched; a given one changes
    att = ok(w.put_attendance(m["id"], [{"member_id": w.mid(2), "status": "present"},
                                        {"member_id": w.mid(3), "status": "leave"}]))
    assert row_of(att, "member_id", w.mid(0))["status"] == "present"
    assert row_of(att, "member_id", w.mid(1))["status"] == "leave"
    assert row_of(att, "member_id", w.mid(2))["status"] == "present"
    assert row_of(att, "member_id", w.mid(3))["status"] == "leave", "leave without a reason is allowed"
    assert (att["present"], att["leave"], att["absent"]) == (2, 2, 0), att
    assert w.attendance(m["id"]) == att


def test_put_object_replaces_the_observers(w):
    m = w.meeting("committee_session", starts_on=day(6))
    obs = [{"name": "王建军", "unit": "常山县人民政府"}, {"name": "李红", "unit": "常山县人民法院"}]
    att = ok(w.put_attendance(m["id"], {"people": w.rows("committee", [4]), "observers": obs}))
    assert [(o["name"], o["unit"]) for o in att["observers"]] == [(o["name"], o["unit"]) for o in obs]
    assert att["present"] == 1
    # the array form leaves the observers be
    att = ok(w.put_attendance(m["id"], w.rows("committee", [5])))
    assert len(att["observers"]) == 2 and att["present"] == 2
    att = ok(w.put_attendance(m["id"], {"people": [], "observers": [{"name": "赵检察", "unit": "常山县人民检察院"}]}))
    assert [o["name"] for o in att["observers"]] == ["赵检察"]
    assert att["present"] == 2, "an empty people list changes nobody"
    att = ok(w.put_attendance(m["id"], {"people": [], "observers": []}))
    assert att["observers"] == []


def test_bad_attendance(w):
    m = w.meeting("committee_session", starts_on=day(7))
    ok(w.put_attendance(m["id"], w.rows("committee", [0])))
    put = lambda body: w.put_attendance(m["id"], body)  # noqa: E731
    refused(put([{"member_id": w.mid(1), "status": "present"}, {"member_id": w.old_member["id"], "status": "present"}]),
            422, "people[1].member_id")
    refused(put([{"member_id": 987654321, "status": "present"}]), 422, "people[0].member_id")
    refused(put([{"deputy_id": w.did(0), "status": "present"}]), 422, ("people[0].deputy_id", "people[0].member_id"))
    refused(put({"people": [{"member_id": w.mid(1), "status": "present"},
                            {"member_id": w.mid(2), "status": "present"},
                            {"member_id": w.old_member["id"], "status": "absent"}]}), 422, "people[2].member_id")
    refused(put([{"member_id": w.mid(1), "status": "late"}]), 422, "people[0].status")
    refused(put([{"member_id": w.mid(1)}]), 422, "people[0].status")
    refused(put([{"member_id": w.mid(0), "status": "absent"}, {"member_id": w.mid(1), "status": "present"},
                 {"member_id": w.mid(2), "status": "maybe"}]), 422, "people[2].status")
    att = w.attendance(m["id"])
    assert (att["present"], att["absent"]) == (1, 0), f"a refused PUT changes nobody: {att}"
    assert row_of(att, "member_id", w.mid(0))["status"] == "present"

    plen = w.meeting("plenary", starts_on=day(8))
    refused(w.put_attendance(plen["id"], [{"deputy_id": w.did(0), "status": "present"},
                                          {"member_id": w.mid(0), "status": "present"}]),
            422, ("people[1].member_id", "people[1].deputy_id"))
    assert w.attendance(plen["id"])["present"] == 0


def test_a_member_not_yet_serving_is_not_of_the_electorate(w):
    m = w.meeting("committee_session", starts_on=day(9))
    p = w.f.person(w.cid, name=f"新任委员{w.n}")
    newcomer = w.f.member(w.cid, p["id"], w.tid, start_on=day(60))
    att = w.attendance(m["id"])
    assert att["electorate_size"] == N_MEMBERS and newcomer["id"] not in [x["member_id"] for x in att["people"]]
    refused(w.put_attendance(m["id"], [{"member_id": newcomer["id"], "status": "present"}]), 422, "people[0].member_id")
    later = w.meeting("committee_session", starts_on=day(61))
    assert w.attendance(later["id"])["electorate_size"] == N_MEMBERS + 1
    ok(w.put_attendance(later["id"], [{"member_id": newcomer["id"], "status": "present"}]))


# ---------------------------------------------------------------------------
# quorum


def test_committee_quorum_is_more_than_half(w):
    m = w.meeting("committee_session", starts_on=day(10))
    att = ok(w.put_attendance(m["id"], w.rows("committee", range(15)) +
                              w.rows("committee", range(15, 30), status="leave", reason="请假")))
    assert (att["present"], att["leave"], att["quorum"], att["has_quorum"]) == (15, 15, 16, False), att
    att = ok(w.put_attendance(m["id"], w.rows("committee", [15])))
    assert (att["present"], att["leave"], att["quorum"], att["has_quorum"]) == (16, 14, 16, True), att
    att = ok(w.put_attendance(m["id"], w.rows("committee", [15], status="absent")))
    assert (att["present"], att["absent"], att["has_quorum"]) == (15, 1, False), att


def test_the_committee_quorum_is_a_setting(w):
    m = w.meeting("committee_session", starts_on=day(11))
    ok(w.put_attendance(m["id"], w.rows("committee", range(20))))
    set_setting(w.staff, "committee_quorum_num", 2)
    set_setting(w.staff, "committee_quorum_den", 3)
    try:
        att = w.attendance(m["id"])
        assert (att["quorum"], att["has_quorum"]) == (21, False), att
        att = ok(w.put_attendance(m["id"], w.rows("committee", [20])))
        assert att["has_quorum"] is True
    finally:
        set_setting(w.staff, "committee_quorum_num", 1)
        set_setting(w.staff, "committee_quorum_den", 2)
    assert w.attendance(m["id"])["quorum"] == 16


def test_plenary_quorum_is_at_least_two_thirds(w):
    m = w.meeting("plenary", starts_on=day(12))
    att = w.attendance(m["id"])
    assert (att["electorate"], att["electorate_size"], att["quorum"]) == ("plenary", N_DEPUTIES, 16), att
    assert sorted(p["deputy_id"] for p in att["people"]) == sorted(w.ids("plenary", range(N_DEPUTIES)))
    att = ok(w.put_attendance(m["id"], w.rows("plenary", range(15))))
    assert (att["present"], att["has_quorum"]) == (15, False), att
    att = ok(w.put_attendance(m["id"], w.rows("plenary", [15])))
    assert (att["present"], att["has_quorum"]) == (16, True), "exactly two-thirds is a quorum"


def test_plenary_of_25_needs_17(dep):
    b = Bare(dep)
    f = Factory(dep.admin)
    for i in range(25):
        f.deputy(b.cid, f.person(b.cid, name=f"江山代表{b.n}号{i:02d}")["id"], b.tid)
    m = b.meeting("plenary", starts_on=day(13))
    ids = [p["deputy_id"] for p in b.attendance(m["id"])["people"]]
    assert len(ids) == 25
    att = ok(b.put_attendance(m["id"], [{"deputy_id": d, "status": "present"} for d in ids[:16]]))
    assert (att["quorum"], att["has_quorum"]) == (17, False), att
    att = ok(b.put_attendance(m["id"], [{"deputy_id": ids[16], "status": "present"}]))
    assert att["has_quorum"] is True


def test_chairs_meeting_electorate(w):
    m = w.meeting("chairs_meeting", starts_on=day(14))
    att = w.attendance(m["id"])
    assert (att["electorate"], att["electorate_size"]) == ("chairs", len(CHAIRS)), att
    assert sorted(p["member_id"] for p in att["people"]) == sorted(w.ids("committee", CHAIRS))
    assert {p["position"] for p in att["people"]} == {"chair", "vice_chair"}
    # the secretary-general and ordinary members are not of it
    refused(w.put_attendance(m["id"], w.rows("chairs", [0, 4])), 422, "people[1].member_id")
    refused(w.put_attendance(m["id"], w.rows("chairs", [10])), 422, "people[0].member_id")
    att = ok(w.put_attendance(m["id"], w.rows("chairs", [0, 1])))
    assert (att["present"], att["quorum"], att["has_quorum"]) == (2, 3, False), att
    att = ok(w.put_attendance(m["id"], w.rows("chairs", [2])))
    assert (att["present"], att["has_quorum"]) == (3, True)


# ---------------------------------------------------------------------------
# leave reported by a member or deputy for themselves


def test_leave_for_oneself(w):
    m = w.meeting("committee_session", starts_on=day(15))
    w.act(m["id"], "notify")
    me = w.mc[20]
    att = ok(me.post(f"/meetings/{m['id']}/leave", {"reason": "赴杭州参加省人大培训"}))
    mine = row_of(att, "member_id", w.mid(20))
    assert (mine["status"], mine["reason"]) == ("leave", "赴杭州参加省人大培训"), mine
    assert att["leave"] == 1 and att["present"] == 0
    assert row_of(w.attendance(m["id"]), "member_id", w.mid(20))["status"] == "leave"

    # not for anyone else, not by another role, not for a meeting one is not of
    refused(w.staff.post(f"/meetings/{m['id']}/leave", {"reason": "代请假"}), 403)
    refused(w.dc[0].post(f"/meetings/{m['id']}/leave", {"reason": "代表请假"}), 403)
    refused(w.uc.post(f"/meetings/{m['id']}/leave", {"reason": "单位请假"}), 403)
    refused(w.anon.post(f"/meetings/{m['id']}/leave", {"reason": "匿名"}), 401)
    chairs = w.meeting("chairs_meeting", starts_on=day(16))
    refused(w.mc[22].post(f"/meetings/{chairs['id']}/leave", {"reason": "不是主任会议成员"}), 403)
    att = w.attendance(m["id"])
    assert att["leave"] == 1, att

    # a deputy for a plenary, before it is notified too
    plen = w.meeting("plenary", starts_on=day(17))
    att = ok(w.dc[5].post(f"/meetings/{plen['id']}/leave", {"reason": "住院治疗"}))
    assert row_of(att, "deputy_id", w.did(5))["status"] == "leave"
    refused(w.mc[20].post(f"/meetings/{plen['id']}/leave", {"reason": "委员不是代表"}), 403)

    # once held, leave is the staff's to record
    w.act(m["id"], "open")
    refused(w.mc[23].post(f"/meetings/{m['id']}/leave", {"reason": "临时有事"}), 409, "state")
    assert row_of(w.attendance(m["id"]), "member_id", w.mid(23))["status"] is None

    # the record says what its member may do: report leave while the meeting is not under way
    notified = w.meeting("committee_session", starts_on=day(19))
    w.act(notified["id"], "notify")
    assert ok(w.mc[21].get(f"/meetings/{m['id']}"))["actions"] == []
    assert ok(w.mc[21].get(f"/meetings/{notified['id']}"))["actions"] == ["leave"]


# ---------------------------------------------------------------------------
# votes at a meeting: presence is the meeting's attendance


def test_a_vote_follows_its_meeting(w):
    m = w.meeting("committee_session", starts_on=day(-1))
    r = w.meeting_vote(m)
    v = ok(r, 201)
    assert (v["meeting_id"], v["electorate"], v["term_id"], v["electorate_size"]) == \
        (m["id"], "committee", w.tid, N_MEMBERS), v
    # the meeting is not held yet
    refused(w.staff.post(f"/votes/{v['id']}/open", {}), 409, "meeting_id")
    w.act(m["id"], "notify")
    refused(w.staff.post(f"/votes/{v['id']}/open", {}), 409, "meeting_id")
    w.act(m["id"], "open")
    ok(w.put_attendance(m["id"], w.rows("committee", range(15)) + w.rows("committee", [15], status="leave")))
    err = refused(w.staff.post(f"/votes/{v['id']}/open", {}), 422, "present")
    assert "15" in err["message"] and "30" in err["message"], f"the refusal names the figures: {err}"
    assert w.get(v["id"])["state"] == "draft"
    ok(w.put_attendance(m["id"], w.rows("committee", [16])))
    # presence comes from the attendance, never from the body
    refused(w.staff.post(f"/votes/{v['id']}/open", {"present": w.ids("committee", range(16))}), 422, "present")
    refused(w.staff.post(f"/votes/{v['id']}/open", {"present": []}), 422, "present")
    assert w.get(v["id"])["state"] == "draft"
    opened = ok(w.staff.post(f"/votes/{v['id']}/open", {}))
    assert (opened["state"], opened["present_count"], opened["electorate_size"]) == ("open", 16, N_MEMBERS), opened
    cast_ok(w.mc[16], v["id"], "yes")
    refused(cast(w.mc[15], v["id"], "yes"), 403)  # on leave
    refused(cast(w.mc[17], v["id"], "yes"), 403)  # not recorded present
    assert w.get(v["id"])["voted_count"] == 1
    # a member sees the vote they are of
    assert ok(w.mc[16].get(f"/votes/{v['id']}"))["id"] == v["id"]


def test_a_vote_at_a_plenary(w):
    plen = w.held("plenary", starts_on=day(-2))
    v = ok(w.meeting_vote(plen), 201)
    assert (v["electorate"], v["electorate_size"]) == ("plenary", N_DEPUTIES), v
    ok(w.put_attendance(plen["id"], w.rows("plenary", range(15))))
    refused(w.staff.post(f"/votes/{v['id']}/open", {}), 422, "present")
    ok(w.put_attendance(plen["id"], w.rows("plenary", [15])))
    assert ok(w.staff.post(f"/votes/{v['id']}/open", {}))["present_count"] == 16
    cast_ok(w.dc[0], v["id"], "yes")
    refused(cast(w.dc[20], v["id"], "yes"), 403)  # not recorded present
    refused(cast(w.mc[0], v["id"], "yes"), (403, 404))  # a member, at a plenary of deputies


def test_a_chairs_meeting_takes_no_vote(w):
    """The chairpersons' council decides by discussion (docs/meetings.md): a vote event
    for one is refused, naming the meeting, and none is written."""
    chairs = w.held("chairs_meeting", starts_on=day(-2))
    n = w.staff.total("votes", meeting_id=chairs["id"])
    refused(w.meeting_vote(chairs), 422, "meeting_id")
    assert w.staff.total("votes", meeting_id=chairs["id"]) == n


def test_votes_refused_by_their_meeting(w, dep):
    m = w.held("committee_session", starts_on=day(-3))
    other_m = w.meeting("committee_session", starts_on=day(18))
    item = w.item(other_m["id"], "vote", "表决事项")
    refused(w.meeting_vote(m, item), 422, "agenda_item_id")
    refused(w.meeting_vote(m, {"id": 987654321}), 422, "agenda_item_id")
    refused(w.staff.post("/votes", {"question": "q", "mode": "named", "method": "electronic",
                                    "rule": "majority_of_all", "meeting_id": 987654321}), 422, "meeting_id")
    closed = w.closed("committee_session", starts_on=day(-4))
    refused(w.meeting_vote(closed), 422, "meeting_id")

    other = Bare(dep)
    theirs = other.held("committee_session", starts_on=day(-1))
    refused(w.meeting_vote(theirs), 422, "meeting_id")
    n = w.staff.total("votes", meeting_id=m["id"])
    assert n == 0, "no vote was made by the refused requests"

