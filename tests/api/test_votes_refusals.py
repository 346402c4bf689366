"""Every refusal of the vote contract (docs/api.md "Votes"), with its status and the field
it names: creating, opening below quorum, casting by someone who may not or with a
choice outside the options, the state machine (draft → open → closed → annulled)."""

import pytest

from conftest import Factory, assert_error
from votes_util import TODAY, VoteWorld, cast, cast_ok


@pytest.fixture(scope="module")
def w(dep):
    return VoteWorld(dep, n_members=25, n_deputies=24)


# ---------------------------------------------------------------------------
# creating

BAD_CREATES = [
    # (case, changes to a good list-electorate majority vote, the field named)
    ("empty question", {"question": ""}, "question"),
    ("blank question", {"question": "   "}, "question"),
    ("no question", {"question": None}, "question"),
    ("unknown rule", {"rule": "simple_majority"}, "rule"),
    ("unknown mode", {"mode": "open"}, "mode"),
    ("unknown method", {"method": "show_of_hands"}, "method"),
    ("unknown electorate", {"electorate": "everyone"}, "electorate"),
    ("list without voters", {"voters": []}, "voters"),
    ("list voter who is no deputy of the congress", {"voters": [987654]}, "voters"),
    ("top_n without places", {"rule": "top_n_above_half", "candidates": ["甲", "乙", "丙"]}, "places"),
    ("top_n with places 0", {"rule": "top_n_above_half", "candidates": ["甲", "乙", "丙"], "places": 0}, "places"),
    ("top_n with places = candidates", {"rule": "top_n_above_half", "candidates": ["甲", "乙"], "places": 2}, "places"),
    ("top_n with places > candidates", {"rule": "top_n_above_half", "candidates": ["甲", "乙"], "places": 3}, "places"),
    ("top_n with one candidate", {"rule": "top_n_above_half", "candidates": ["甲"], "places": 1},
     ("candidates", "places")),
    ("top_n without candidates", {"rule": "top_n_above_half", "places": 1}, "candidates"),
]


@pytest.mark.parametrize("case,changes,field", BAD_CREATES, ids=[c[0] for c in BAD_CREATES])
def test_bad_creates(w, case, changes, field):
    body = w.body(voters=w.ids("list", range(5)))
    for k, v in changes.items():
        if v is None:
            body.pop(k, None)
        else:
            body[k] = [{"name": c} for c in v] if k == "candidates" else v
    before = w.staff.get("/votes", params={"per_page": 500}).json()["total"]
    assert_error(w.staff.post("/votes", body), 422, field)
    assert w.staff.get("/votes", params={"per_page": 500}).json()["total"] == before, "a refused vote is not created"


def test_a_vote_is_created_with_its_candidates(w):
    body = w.body(rule="top_n_above_half", candidates=["城区污水管网改造", "农村公路提升", "老年食堂建设"], places=2,
                  mode="secret", voters=w.ids("list", range(5)))
    r = w.staff.post("/votes", body)
    assert r.status_code == 201, r.text
    rec = r.json()
    assert rec["state"] == "draft" and rec["term_id"] == w.tid
    assert [c["name"] for c in rec["candidates"]] == ["城区污水管网改造", "农村公路提升", "老年食堂建设"]
    assert len({c["id"] for c in rec["candidates"]}) == 3
    assert rec["places"] == 2 and rec["electorate_size"] == 5 and rec["options"] == ["yes", "no", "abstain"]
    assert w.get(rec["id"])["candidates"] == rec["candidates"]


@pytest.mark.parametrize("electorate", ["committee", "plenary", "list"])
def test_term_id_defaults_to_the_term_covering_today(w, electorate):
    """docs/api.md (the contract): "term_id defaults to the term covering today" — for
    every electorate (a list of deputies is of a term too: the deputies polled on a
    project are the term's)."""
    body = w.body(electorate=electorate, voters=w.ids("list", range(5)))
    body.pop("term_id")
    r = w.staff.post("/votes", body)
    assert r.status_code == 201, r.text
    assert r.json()["term_id"] == w.tid, r.json()


@pytest.mark.parametrize("who", ["member", "deputy", "unit", "anon"])
def test_only_staff_create_open_close_annul(w, who):
    c = {"member": w.mc[0], "deputy": w.dc[0], "unit": w.uc, "anon": w.anon}[who]
    want = (401,) if who == "anon" else (403,)
    assert_error(c.post("/votes", w.body(voters=w.ids("list", range(3)))), want)
    vid = w.create(voters=w.ids("list", range(3)))["id"]
    assert_error(c.post(f"/votes/{vid}/open", {"present": w.ids("list", range(3))}), want + (404,))
    assert_error(c.delete(f"/votes/{vid}"), want + (404,))
    w.open(vid, w.ids("list", range(3)))
    assert_error(c.post(f"/votes/{vid}/close", {}), want + (404,))
    assert_error(c.post(f"/votes/{vid}/annul", {"reason": "程序错误"}), want + (404,))
    assert w.get(vid)["state"] == "open"


# ---------------------------------------------------------------------------
# opening: the quorum counts all members (deputies), never those present

QUORUM = [
    # (case, electorate, size, present, ok)
    ("committee 25: 12 present is not more than half", "committee", 25, 12, False),
    ("committee 25: 13 present", "committee", 25, 13, True),
    ("committee 24: 12 present is exactly half", "committee", 24, 12, False),
    ("committee 24: 13 present", "committee", 24, 13, True),
    ("plenary 24: 15 present", "plenary", 24, 15, False),
    ("plenary 24: 16 present is exactly two-thirds", "plenary", 24, 16, True),
    ("plenary 25: 16 present (2N/3 = 16.67)", "plenary", 25, 16, False),
    ("plenary 25: 17 present", "plenary", 25, 17, True),
    ("committee 15: 8 present", "committee", 15, 8, True),
    ("committee 15: 7 present", "committee", 15, 7, False),
]


@pytest.fixture(scope="module")
def bodies(dep):
    """Congresses of every size the quorum table needs (no accounts: nobody casts)."""
    out = {}
    for electorate, size in sorted({(c[1], c[2]) for c in QUORUM}):
        vw = VoteWorld(dep, n_members=size if electorate == "committee" else 0,
                       n_deputies=size if electorate == "plenary" else 0, accounts=False)
        login = f"qstaff{vw.n}"
        dep.add_user(login, "staff", congress=str(vw.cid))
        vw.staff = dep.token_client(login)
        out[(electorate, size)] = vw
    return out


@pytest.mark.parametrize("case,electorate,size,present,ok", QUORUM, ids=[c[0] for c in QUORUM])
def test_quorum_at_open(bodies, case, electorate, size, present, ok):
    vw = bodies[(electorate, size)]
    rec = vw.create(electorate=electorate)
    assert rec["electorate_size"] == size, f"before open the size is the current one: {rec}"
    r = vw.staff.post(f"/votes/{rec['id']}/open", {"present": vw.ids(electorate, range(present))})
    if ok:
        assert r.status_code == 200, r.text
        assert r.json()["state"] == "open" and r.json()["present_count"] == present
    else:
        assert_error(r, 422, "present")
        assert vw.get(rec["id"])["state"] == "draft"


def test_the_quorum_is_a_setting(bodies):
    vw = bodies[("committee", 25)]
    r = vw.staff.patch("/settings", {"committee_quorum_num": 2, "committee_quorum_den": 3})
    assert r.status_code == 200, r.text
    try:
        rec = vw.create(electorate="committee")
        assert_error(vw.staff.post(f"/votes/{rec['id']}/open", {"present": vw.ids("committee", range(16))}),
                     422, "present")
        vw.open(rec["id"], vw.ids("committee", range(17)))
    finally:
        assert vw.staff.patch("/settings", {"committee_quorum_num": 1, "committee_quorum_den": 2}).status_code == 200


def test_the_electorate_is_fixed_at_open(bodies, dep):
    vw = bodies[("committee", 15)]
    rec = vw.create(electorate="committee")
    vw.open(rec["id"], vw.ids("committee", range(15)))
    p = vw.f.person(vw.cid, name=f"新任委员{vw.n}")
    vw.f.member(vw.cid, p["id"], vw.tid, start_on=TODAY.isoformat())
    assert vw.get(rec["id"])["electorate_size"] == 15, "a member added after the opening is not of the electorate"
    later = vw.create(electorate="committee")
    assert later["electorate_size"] == 16


def test_bad_opens(w):
    vid = w.create(voters=w.ids("list", range(5)))["id"]
    assert_error(w.staff.post(f"/votes/{vid}/open", {"present": w.ids("list", [0, 1, 7])}), 422, "present")
    assert_error(w.staff.post(f"/votes/{vid}/open", {"present": [987654]}), 422, "present")
    assert_error(w.staff.post(f"/votes/{vid}/open", {"present": "all"}), 422, "present")
    assert w.get(vid)["state"] == "draft"
    w.open(vid, w.ids("list", range(5)))
    assert_error(w.staff.post(f"/votes/{vid}/open", {"present": w.ids("list", range(5))}), 409)


# ---------------------------------------------------------------------------
# casting


def test_who_may_not_cast(w):
    vid = w.started(voters_idx=range(6), present_idx=range(5), rule="majority_of_all", mode="secret")
    assert_error(cast(w.dc[10], vid, "yes"), 403)        # a deputy not in the list
    assert_error(cast(w.dc[5], vid, "yes"), 403)         # in the list, not present
    assert_error(cast(w.staff, vid, "yes"), 403)         # staff
    assert_error(cast(w.mc[0], vid, "yes"), (403, 404))  # a member, on a list of deputies
    assert_error(cast(w.uc, vid, "yes"), (403, 404))     # a unit
    assert_error(cast(w.anon, vid, "yes"), 401)
    assert w.get(vid)["voted_count"] == 0
    cvid = w.started(electorate="committee", present_idx=range(20), rule="majority_of_all")
    assert_error(cast(w.dc[0], cvid, "yes"), (403, 404))  # a deputy on a committee vote
    assert_error(cast(w.mc[22], cvid, "yes"), 403)        # a member not present
    cast_ok(w.mc[0], cvid, "yes")
    assert w.get(cvid)["voted_count"] == 1


def test_not_open(w):
    draft = w.create(voters=w.ids("list", range(3)))["id"]
    assert_error(cast(w.dc[0], draft, "yes"), 409)
    closed = w.started(voters_idx=range(3))
    cast_ok(w.dc[0], closed, "yes")
    w.close(closed)
    assert_error(cast(w.dc[1], closed, "yes"), 409)
    annulled = w.started(voters_idx=range(3))
    r = w.staff.post(f"/votes/{annulled}/annul", {"reason": "表决器故障，重新表决"})
    assert r.status_code == 200, r.text
    assert_error(cast(w.dc[0], annulled, "yes"), 409)


def test_a_second_secret_ballot(w):
    vid = w.started(voters_idx=range(3), mode="secret")
    cast_ok(w.dc[0], vid, "abstain")
    assert_error(cast(w.dc[0], vid, "abstain"), 409)
    assert_error(cast(w.dc[0], vid, "yes"), 409)
    assert w.get(vid)["voted_count"] == 1


BAD_CHOICES = [
    ("an option outside the options", {"choice": "maybe"}, "choice"),
    ("no choice", {}, "choice"),
    ("a null choice", {"choice": None}, "choice"),
    ("a number", {"choice": 1}, "choice"),
    ("not_voting is no option", {"choice": "not_voting"}, "choice"),
    ("upper case", {"choice": "YES"}, "choice"),
]


@pytest.mark.parametrize("mode", ["named", "secret"])
@pytest.mark.parametrize("case,body,field", BAD_CHOICES, ids=[c[0] for c in BAD_CHOICES])
def test_bad_choice(w, case, body, field, mode):
    vid = w.started(voters_idx=range(3), mode=mode)
    assert_error(cast(w.dc[0], vid, body=body), 422, field)
    assert w.get(vid)["voted_count"] == 0
    cast_ok(w.dc[0], vid, "yes")  # a refused ballot was no ballot: the voter still casts


def test_bad_candidate_choices(w):
    vid = w.started(voters_idx=range(3), rule="top_n_above_half", mode="secret",
                    candidates=["甲项目", "乙项目", "丙项目"], places=2)
    ids = [str(c["id"]) for c in w.get(vid)["candidates"]]
    cases = [
        ({"choices": {"987654": "yes"}}, ("choices", "choices.987654")),
        ({"choices": {ids[0]: "maybe"}}, (f"choices.{ids[0]}",)),
        ({"choices": {ids[0]: "satisfied"}}, (f"choices.{ids[0]}",)),
        ({"choices": "yes"}, ("choices",)),
        ({"choice": "yes"}, ("choices", "choice")),
        ({}, ("choices",)),
    ]
    for body, fields in cases:
        assert_error(cast(w.dc[0], vid, body=body), 422, fields)
    assert w.get(vid)["voted_count"] == 0
    # an empty ballot (every candidate left out) is a ballot: all abstain
    cast_ok(w.dc[0], vid, choices={})
    cast_ok(w.dc[1], vid, choices={ids[0]: "yes"})
    res = w.close(vid)["result"]
    assert res["cast"] == 2 and res["valid"] == 2
    assert {c["id"]: c["abstain"] for c in res["candidates"]} == {int(ids[0]): 1, int(ids[1]): 2, int(ids[2]): 2}


# ---------------------------------------------------------------------------
# the state machine


def test_delete_draft_only(w):
    vid = w.create(voters=w.ids("list", range(3)))["id"]
    r = w.staff.delete(f"/votes/{vid}")
    assert r.status_code in (200, 204), r.text
    assert_error(w.staff.get(f"/votes/{vid}"), 404)
    vid = w.started(voters_idx=range(3))
    assert_error(w.staff.delete(f"/votes/{vid}"), 409)
    w.close(vid)
    assert_error(w.staff.delete(f"/votes/{vid}"), 409)
    assert w.get(vid)["state"] == "closed"


def test_close_only_open(w):
    vid = w.create(voters=w.ids("list", range(3)))["id"]
    assert_error(w.staff.post(f"/votes/{vid}/close", {}), 409)
    w.open(vid, w.ids("list", range(3)))
    w.close(vid)
    assert_error(w.staff.post(f"/votes/{vid}/close", {}), 409)


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": None}], ids=str)
def test_annul_needs_a_reason(w, body):
    vid = w.started(voters_idx=range(3))
    assert_error(w.staff.post(f"/votes/{vid}/annul", body), 422, "reason")
    assert w.get(vid)["state"] == "open"


def test_annul_open_or_closed_and_kept_in_history(w):
    draft = w.create(voters=w.ids("list", range(3)))["id"]
    assert_error(w.staff.post(f"/votes/{draft}/annul", {"reason": "误建"}), 409)
    vid = w.started(voters_idx=range(3))
    cast_ok(w.dc[0], vid, "yes")
    w.close(vid)
    r = w.staff.post(f"/votes/{vid}/annul", {"reason": "表决程序违反议事规则，经主任会议决定重新表决"})
    assert r.status_code == 200, r.text
    rec = w.get(vid)
    assert rec["state"] == "annulled" and rec["annul_reason"] == "表决程序违反议事规则，经主任会议决定重新表决"
    assert vid in {v["id"] for v in w.staff.get("/votes", params={"state": "annulled", "per_page": 500}).json()["items"]}
    assert_error(w.staff.post(f"/votes/{vid}/annul", {"reason": "再次"}), 409)
    assert_error(w.staff.post(f"/votes/{vid}/open", {"present": w.ids("list", range(3))}), 409)
    assert not {"open", "close", "annul", "ballot", "delete"} & set(rec["actions"]), rec["actions"]


def test_an_annulled_vote_keeps_its_result_in_history(w):
    """Assumed from the issue ("annulled by staff with a reason, kept in history"): what
    was announced before the annulment is still shown, beside the reason."""
    vid = w.started(voters_idx=range(3))
    cast_ok(w.dc[0], vid, "yes")
    result = w.close(vid)["result"]
    assert w.staff.post(f"/votes/{vid}/annul", {"reason": "表决程序违反议事规则"}).status_code == 200
    rec = w.get(vid)
    assert rec["state"] == "annulled" and rec["result"] == result, rec.get("result")


def test_another_congress_sees_nothing(w, dep):
    vid = w.started(voters_idx=range(3))
    other = Factory(dep.admin).congress(f"江山市人民代表大会{w.n}")
    dep.add_user(f"ostaff{w.n}", "staff", congress=str(other["id"]))
    o = dep.token_client(f"ostaff{w.n}")
    assert_error(o.get(f"/votes/{vid}"), 404)
    assert_error(o.post(f"/votes/{vid}/close", {}), 404)
    assert vid not in {v["id"] for v in o.get("/votes", params={"per_page": 500}).json()["items"]}
    assert_error(w.staff.get("/votes/987654"), 404)
