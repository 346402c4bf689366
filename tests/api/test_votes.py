"""The vote engine (issue 11, the contract in docs/api.md "Votes"): every rule's edge cases
through the API, as tables (create an electorate, open it with those present, cast,
close, read the result), named ballots and their list, and the engine under concurrent
ballots. Refusals are in test_votes_refusals.py, paper counts in test_votes_paper.py,
secrecy in test_votes_secrecy.py."""

import pytest

from votes_util import SATISFACTION, VoteWorld, ballots_of, cast, cast_ok, parallel, set_setting, twin


@pytest.fixture(scope="module")
def w(dep):
    return VoteWorld(dep, n_members=25, n_deputies=24)


def run(w, rule, electorate, n, present, counts, mode="named", options=("yes", "no", "abstain")):
    """An electorate of n (committee: all members; plenary: all deputies; list: the first n
    deputies), the first `present` of them present; the present cast `counts` in option
    order (the first counts[0] the first option, …); the rest of the present cast nothing.
    Returns the closed vote's record."""
    if electorate == "committee":
        assert n == len(w.members)
    elif electorate == "plenary":
        assert n == len(w.deputies)
    vid = w.started(electorate=electorate, voters_idx=range(n) if electorate == "list" else None,
                    present_idx=range(present), rule=rule, mode=mode)
    rec = w.get(vid)
    assert rec["electorate_size"] == n and rec["present_count"] == present, rec
    voters = w.clients(electorate)
    i = 0
    for opt, k in zip(options, counts):
        for _ in range(k):
            cast_ok(voters[i], vid, opt)
            i += 1
    assert i <= present
    assert w.get(vid)["voted_count"] == i
    return w.close(vid)


def check_result(rec, rule, n, present, counts, options, outcome):
    res = rec["result"]
    cast_n = sum(counts)
    assert res["rule"] == rule
    assert (res["electorate_size"], res["present"], res["cast"], res["valid"], res["invalid"]) == \
        (n, present, cast_n, cast_n, 0), res
    assert res["not_voting"] == present - cast_n, f"present voters who cast nothing are not_voting: {res}"
    assert res["counts"] == dict(zip(options, counts)), res
    assert res["outcome"] == outcome, res


# ---------------------------------------------------------------------------
# majority_of_all: adopted when yes > N/2 (half of all, never of those present)

MAJORITY = [
    # (case, electorate, N, present, (yes, no, abstain), outcome, mode)
    ("25 members, 13 yes", "committee", 25, 25, (13, 8, 4), "adopted", "named"),
    ("25 members, 12 yes 0 no 0 abstain", "committee", 25, 25, (12, 0, 0), "rejected", "named"),
    ("25 members, 14 present, 13 yes", "committee", 25, 14, (13, 1, 0), "adopted", "secret"),
    ("25 members, 13 present, 12 yes 1 no: most of those present is not half of all", "committee", 25, 13,
     (12, 1, 0), "rejected", "named"),
    ("24 (even), 12 yes is exactly half", "list", 24, 24, (12, 0, 0), "rejected", "secret"),
    ("24 (even), 13 yes", "list", 24, 24, (13, 11, 0), "adopted", "named"),
    ("5 (odd), 3 yes 2 no", "list", 5, 5, (3, 2, 0), "adopted", "named"),
    ("5 (odd), 2 yes 0 no 3 abstain", "list", 5, 5, (2, 0, 3), "rejected", "secret"),
    ("4 (even), 2 yes 2 no", "list", 4, 4, (2, 2, 0), "rejected", "named"),
    ("4 (even), 3 yes 1 abstain", "list", 4, 4, (3, 0, 1), "adopted", "named"),
    ("24 deputies, plenary 16 present, 13 yes", "plenary", 24, 16, (13, 0, 0), "adopted", "named"),
    ("24 deputies, plenary 24 present, 12 yes 1 no 11 silent", "plenary", 24, 24, (12, 1, 0), "rejected", "secret"),
]


@pytest.mark.parametrize("case,electorate,n,present,counts,outcome,mode", MAJORITY, ids=[c[0] for c in MAJORITY])
def test_majority_of_all(w, case, electorate, n, present, counts, outcome, mode):
    rec = run(w, "majority_of_all", electorate, n, present, counts, mode)
    check_result(rec, "majority_of_all", n, present, counts, ("yes", "no", "abstain"), outcome)


# ---------------------------------------------------------------------------
# two_thirds_of_all: adopted when yes ≥ 2N/3

TWO_THIRDS = [
    ("plenary 24, 16 yes is exactly 2N/3", "plenary", 24, 24, (16, 8, 0), "adopted", "secret"),
    ("plenary 24, 15 yes", "plenary", 24, 24, (15, 8, 1), "rejected", "secret"),
    ("plenary 24, 16 present (the quorum), all yes", "plenary", 24, 16, (16, 0, 0), "adopted", "named"),
    ("12, 8 yes is exactly 2N/3", "list", 12, 12, (8, 0, 4), "adopted", "named"),
    ("12, 7 yes", "list", 12, 12, (7, 5, 0), "rejected", "named"),
    ("10, 7 yes (2N/3 = 6.67)", "list", 10, 10, (7, 3, 0), "adopted", "secret"),
    ("10, 6 yes", "list", 10, 10, (6, 0, 0), "rejected", "named"),
    ("11, 8 yes (2N/3 = 7.33)", "list", 11, 11, (8, 3, 0), "adopted", "named"),
    ("11, 7 yes 0 no 0 abstain", "list", 11, 11, (7, 0, 0), "rejected", "secret"),
    ("committee 25, 17 yes (2N/3 = 16.67)", "committee", 25, 25, (17, 8, 0), "adopted", "named"),
    ("committee 25, 16 yes", "committee", 25, 25, (16, 0, 9), "rejected", "named"),
]


@pytest.mark.parametrize("case,electorate,n,present,counts,outcome,mode", TWO_THIRDS, ids=[c[0] for c in TWO_THIRDS])
def test_two_thirds_of_all(w, case, electorate, n, present, counts, outcome, mode):
    rec = run(w, "two_thirds_of_all", electorate, n, present, counts, mode)
    check_result(rec, "two_thirds_of_all", n, present, counts, ("yes", "no", "abstain"), outcome)


# ---------------------------------------------------------------------------
# satisfaction: satisfied when satisfied > half of the valid ballots, else
# basically_satisfied when satisfied + basically > half, else unsatisfied

SATISFACTION_CASES = [
    # (case, N = present, cast (satisfied, basically, unsatisfied), outcome)
    ("10: 6 satisfied", 10, (6, 0, 4), "satisfied"),
    ("10: 5 satisfied is half, 1 basically", 10, (5, 1, 4), "basically_satisfied"),
    ("10: 5 satisfied 0 basically 5 unsatisfied", 10, (5, 0, 5), "unsatisfied"),
    ("10: 3 + 3 basically > half", 10, (3, 3, 4), "basically_satisfied"),
    ("10: 2 + 3 is exactly half", 10, (2, 3, 5), "unsatisfied"),
    ("9: 5 satisfied", 9, (5, 0, 4), "satisfied"),
    ("9: 4 satisfied 1 basically", 9, (4, 1, 4), "basically_satisfied"),
    ("9: 4 satisfied 0 basically 5 unsatisfied", 9, (4, 0, 5), "unsatisfied"),
    ("10 present, 6 cast: 4 satisfied is more than half of the valid ballots", 10, (4, 0, 2), "satisfied"),
    ("10 present, 6 cast: 3 satisfied is half of the valid ballots", 10, (3, 0, 3), "unsatisfied"),
    ("10 present, 6 cast: 3 satisfied 1 basically", 10, (3, 1, 2), "basically_satisfied"),
    ("all basically", 7, (0, 7, 0), "basically_satisfied"),
]


@pytest.mark.parametrize("case,n,counts,outcome", SATISFACTION_CASES, ids=[c[0] for c in SATISFACTION_CASES])
def test_satisfaction(w, case, n, counts, outcome):
    """Assumed from the issue's text: "half of valid ballots" (DOMAIN.md says "of all
    voters"; the issue, which is later and more precise, counts the valid ballots)."""
    rec = run(w, "satisfaction", "list", n, n, counts, mode="secret", options=SATISFACTION)
    assert rec["options"] == list(SATISFACTION)
    check_result(rec, "satisfaction", n, n, counts, SATISFACTION, outcome)


def test_satisfaction_refuses_yes_and_an_ordinary_vote_refuses_satisfied(w):
    s = w.started(voters_idx=range(3), rule="satisfaction", mode="secret")
    r = cast(w.dc[0], s, "yes")
    assert r.status_code == 422 and r.json()["error"]["field"] == "choice", r.text
    m = w.started(voters_idx=range(3), rule="majority_of_all")
    r = cast(w.dc[0], m, "satisfied")
    assert r.status_code == 422 and r.json()["error"]["field"] == "choice", r.text
    assert w.get(s)["voted_count"] == 0 and w.get(m)["voted_count"] == 0


# ---------------------------------------------------------------------------
# top_n_above_half: ranked by yes; chosen: the top `places` among those whose yes
# exceed half of the base; a tie at the cut is reported, never broken

def marks(n_voters, places, yes, no=None):
    """Ballots (one dict per voter: candidate index → choice) giving each candidate
    yes[c] yes marks, no voter marking more than `places` yes: each candidate's yes go to
    the voters with the fewest so far. no[c] of the others mark no; the rest leave the
    candidate out (counted as abstain)."""
    no = no or [0] * len(yes)
    assert sum(yes) <= places * n_voters and max(yes) <= n_voters
    load = [0] * n_voters
    ballots = [{} for _ in range(n_voters)]
    for c, k in enumerate(yes):
        order = sorted(range(n_voters), key=lambda v: (load[v], v))[:k]
        for v in order:
            ballots[v][c] = "yes"
            load[v] += 1
        rest = [v for v in range(n_voters) if c not in ballots[v]]
        assert len(rest) >= no[c]
        for v in rest[:no[c]]:
            ballots[v][c] = "no"
    assert max(load) <= places
    return ballots


TOP_N = [
    # (case, N, present, places, yes per candidate, chosen (indices), tie (indices), outcome, base setting)
    ("3 for 2, no tie", 10, 10, 2, [8, 7, 5], {0, 1}, set(), "chosen", 1),
    ("tie at the cut", 10, 10, 2, [8, 6, 6], {0}, {1, 2}, "tie", 1),
    ("tie for both places", 10, 10, 2, [7, 7, 6], {0, 1}, set(), "chosen", 1),
    ("one place, no tie", 10, 10, 1, [6, 4, 0], {0}, set(), "chosen", 1),
    ("three tied for the last two of three places", 10, 10, 3, [8, 7, 7, 7, 1], {0}, {1, 2, 3}, "tie", 1),
    ("tie below the cut", 10, 10, 2, [7, 6, 3, 3], {0, 1}, set(), "chosen", 1),
    ("in the top 2 but not above half (5 of 10)", 10, 10, 2, [8, 5, 3], {0}, set(), "chosen", 1),
    ("a tie at the cut below half is no tie", 10, 10, 2, [8, 4, 4], {0}, set(), "chosen", 1),
    ("nobody above half", 10, 10, 2, [5, 5, 5], set(), set(), None, 1),
    ("4 for 3, all above half", 10, 10, 3, [9, 8, 7, 6], {0, 1, 2}, set(), "chosen", 1),
    ("base all deputies: 4 of 10 is not above half, 7 present", 10, 7, 2, [6, 4, 1], {0}, set(), "chosen", 1),
    ("base present: 4 of 7 present is above half", 10, 7, 2, [6, 4, 1], {0, 1}, set(), "chosen", 0),
    ("base present: 3 of 7 is not", 10, 7, 2, [6, 3, 1], {0}, set(), "chosen", 0),
    ("base present, tie at the cut above half of those present", 10, 7, 2, [6, 4, 4], {0}, {1, 2}, "tie", 0),
]


@pytest.mark.parametrize("case,n,present,places,yes,chosen,tie,outcome,base", TOP_N, ids=[c[0] for c in TOP_N])
def test_top_n_above_half(w, case, n, present, places, yes, chosen, tie, outcome, base):
    set_setting(w.staff, "ballot_majority_of_all", base)
    try:
        names = [f"民生实事候选项目{i + 1}：{t}" for i, t in
                 enumerate(["城区污水管网改造", "农村公路提升", "老年食堂建设", "学校饮水工程", "智慧停车场"][:len(yes)])]
        vid = w.started(voters_idx=range(n), present_idx=range(present), rule="top_n_above_half", mode="secret",
                        candidates=names, places=places)
        rec = w.get(vid)
        cands = rec["candidates"]
        assert [c["name"] for c in cands] == names and all(isinstance(c["id"], int) for c in cands), cands
        ids = [c["id"] for c in cands]
        for v, b in enumerate(marks(present, places, yes)):
            d = cast_ok(w.dc[v], vid, choices={str(ids[c]): ch for c, ch in b.items()})
            assert d.get("receipt"), "a secret ballot has its receipt"
        rec = w.close(vid)
    finally:
        set_setting(w.staff, "ballot_majority_of_all", 1)
    res = rec["result"]
    assert (res["electorate_size"], res["present"], res["cast"], res["valid"], res["invalid"]) == \
        (n, present, present, present, 0), res
    by_id = {c["id"]: c for c in res["candidates"]}
    assert set(by_id) == set(ids), res["candidates"]
    for c, cid in enumerate(ids):
        got = by_id[cid]
        assert got["yes"] == yes[c], got
        assert got["yes"] + got["no"] + got["abstain"] == present, f"a candidate left out counts as abstain: {got}"
        assert bool(got["chosen"]) == (c in chosen), f"{names[c]}: {got} (chosen {chosen}, tie {tie})"
    # ranked by yes: a higher yes never ranks below a lower one, equal yes rank equal or adjacent
    for a in res["candidates"]:
        for b in res["candidates"]:
            if a["yes"] > b["yes"]:
                assert a["rank"] < b["rank"], res["candidates"]
    assert sorted(res.get("tie") or []) == sorted(ids[c] for c in tie), res
    if outcome is not None:
        assert res["outcome"] == outcome, res
    else:
        assert res["outcome"] != "tie" and not any(c["chosen"] for c in res["candidates"]), res


def test_a_tie_is_put_to_a_second_round_over_the_tied(w):
    """The tied candidates' ids from the result make a new vote event over them."""
    vid = w.started(voters_idx=range(10), rule="top_n_above_half", mode="secret",
                    candidates=["甲项目", "乙项目", "丙项目"], places=2)
    ids = [c["id"] for c in w.get(vid)["candidates"]]
    for v, b in enumerate(marks(10, 2, [8, 6, 6])):
        cast_ok(w.dc[v], vid, choices={str(ids[c]): ch for c, ch in b.items()})
    res = w.close(vid)["result"]
    assert res["outcome"] == "tie" and sorted(res["tie"]) == sorted(ids[1:]), res
    tied = [c for c in res["candidates"] if c["id"] in res["tie"]]
    vid2 = w.started(voters_idx=range(10), rule="top_n_above_half", mode="secret",
                     candidates=[{"name": c["name"]} for c in tied], places=1)
    ids2 = [c["id"] for c in w.get(vid2)["candidates"]]
    for v in range(10):
        cast_ok(w.dc[v], vid2, choices={str(ids2[0]): "yes" if v < 7 else "no", str(ids2[1]): "no" if v < 7 else "yes"})
    res2 = w.close(vid2)["result"]
    assert res2["outcome"] == "chosen" and [c["name"] for c in res2["candidates"] if c["chosen"]] == [tied[0]["name"]]


@pytest.mark.parametrize("reject", [1, 0])
def test_a_ballot_with_more_yes_than_places(w, reject):
    """ballot_reject_overvote 1: refused (422 on choices), not counted, the voter may
    still cast a good one. 0: accepted and its marks counted (assumed: the setting says
    whether such a ballot is invalid; when it is not, it is an ordinary valid ballot)."""
    set_setting(w.staff, "ballot_reject_overvote", reject)
    try:
        vid = w.started(voters_idx=range(5), rule="top_n_above_half", mode="secret",
                        candidates=["甲项目", "乙项目", "丙项目"], places=2)
        ids = [str(c["id"]) for c in w.get(vid)["candidates"]]
        over = {i: "yes" for i in ids}
        r = cast(w.dc[0], vid, choices=over)
        if reject:
            assert r.status_code == 422 and r.json()["error"]["field"] in ("choices",) + tuple(
                f"choices.{i}" for i in ids), r.text
            assert w.get(vid)["voted_count"] == 0, "a refused ballot is not counted"
            cast_ok(w.dc[0], vid, choices={ids[0]: "yes", ids[1]: "yes", ids[2]: "no"})
        else:
            assert r.status_code == 200, r.text
        for v in range(1, 5):
            cast_ok(w.dc[v], vid, choices={ids[0]: "yes", ids[1]: "no"})
        res = w.close(vid)["result"]
    finally:
        set_setting(w.staff, "ballot_reject_overvote", 1)
    assert res["cast"] == 5 and res["valid"] == 5 and res["invalid"] == 0, res
    by_id = {str(c["id"]): c for c in res["candidates"]}
    assert by_id[ids[0]]["yes"] == 5 and by_id[ids[1]]["yes"] == 1
    assert by_id[ids[2]]["yes"] == (0 if reject else 1) and by_id[ids[2]]["abstain"] == 4


# ---------------------------------------------------------------------------
# named votes: a ballot may be changed until closing, the last counts; the result
# lists each voter's choice


def test_named_recast_last_counts_and_the_ballots_list(w):
    vid = w.started(electorate="committee", present_idx=range(20), rule="majority_of_all", mode="named")
    for i in range(13):
        d = cast_ok(w.mc[i], vid, "yes")
        assert "receipt" not in d, "a named ballot has no receipt"
    # three change their minds: the last choice counts, and the count of voters does not grow
    for i, changes in [(0, ["no", "abstain"]), (1, ["no"]), (2, ["abstain", "yes"])]:
        for ch in changes:
            cast_ok(w.mc[i], vid, ch)
    cast_ok(w.mc[13], vid, "no")
    rec = w.get(vid)
    assert rec["voted_count"] == 14
    me = w.get(vid, w.mc[0])["me"]
    assert me["voter"] and me["present"] and me["voted"] and me["choice"] == "abstain", me
    assert "ballot" in w.get(vid, w.mc[0])["actions"], "a named ballot may still be changed"
    rec = w.close(vid)
    res = rec["result"]
    assert res["counts"] == {"yes": 11, "no": 2, "abstain": 1} and res["cast"] == 14, res
    assert res["not_voting"] == 6 and res["outcome"] == "rejected", res
    got = {b["voter_id"]: b for b in ballots_of(rec)}
    want = {w.mid(i): "yes" for i in range(3, 13)}
    want.update({w.mid(0): "abstain", w.mid(1): "no", w.mid(2): "yes", w.mid(13): "no"})
    assert {k: v["choice"] for k, v in got.items()} == want
    names = w.names("committee")
    assert all(got[w.mid(i)]["name"] == names[i] for i in range(14)), got
    # members see the list too; after closing nobody changes a ballot
    assert {b["voter_id"] for b in ballots_of(w.get(vid, w.mc[20]))} == set(want)
    r = cast(w.mc[0], vid, "yes")
    assert r.status_code == 409, r.text


def test_a_secret_ballot_is_final_and_the_record_never_tells_its_content(w):
    vid = w.started(voters_idx=range(6), rule="majority_of_all", mode="secret")
    d = cast_ok(w.dc[0], vid, "yes")
    assert isinstance(d.get("receipt"), str) and len(d["receipt"]) >= 8, d
    assert d["voted_count"] == 1
    r = cast(w.dc[0], vid, "no")
    assert r.status_code == 409, r.text
    mine = w.get(vid, w.dc[0])
    assert mine["me"]["voted"] and "choice" not in mine["me"] and "choices" not in mine["me"], mine["me"]
    assert "ballot" not in mine["actions"]
    staff = w.get(vid)
    voters = {v["id"]: v for v in staff["voters"]}
    assert voters[w.did(0)]["voted"] and not voters[w.did(1)]["voted"]
    assert all(set(v) <= {"id", "name", "present", "voted"} for v in staff["voters"]), staff["voters"]
    assert staff.get("result") is None and not staff.get("ballots"), "nothing of the content before closing"
    rec = w.close(vid)
    assert not rec.get("ballots") and "ballots" not in rec["result"], "a secret vote lists no voter's ballot"


def test_the_record_tells_each_caller_what_they_may_do(w):
    vid = w.create(voters=w.ids("list", range(4)))["id"]
    assert "open" in w.get(vid)["actions"] and "delete" in w.get(vid)["actions"]
    r = w.dc[0].get(f"/votes/{vid}")  # a draft is the office's until it opens (the lead's choice)
    assert r.status_code == 404 or "ballot" not in r.json()["actions"], r.text
    w.open(vid, w.ids("list", range(3)))
    assert {"close", "annul"} <= set(w.get(vid)["actions"]) and "open" not in w.get(vid)["actions"]
    assert "ballot" in w.get(vid, w.dc[0])["actions"]
    assert "ballot" not in w.get(vid, w.dc[3])["actions"], "an absent voter may not cast"
    me = w.get(vid, w.dc[3])["me"]
    assert me["voter"] and not me["present"] and not me["voted"], me
    assert not {"close", "annul", "open"} & set(w.get(vid, w.dc[0])["actions"])
    w.close(vid)
    assert "ballot" not in w.get(vid, w.dc[0])["actions"] and "annul" in w.get(vid)["actions"]


def test_voters_see_their_votes_staff_all(w):
    a = w.started(voters_idx=[0, 1])
    b = w.started(voters_idx=[2], mode="secret")
    c = w.started(electorate="committee")
    mine = {v["id"] for v in w.dc[0].get("/votes", params={"per_page": 500}).json()["items"]}
    assert a in mine and b not in mine and c not in mine
    assert c in {v["id"] for v in w.mc[0].get("/votes", params={"per_page": 500}).json()["items"]}
    staff = {v["id"] for v in w.staff.get("/votes", params={"state": "open", "per_page": 500}).json()["items"]}
    assert {a, b, c} <= staff
    r = w.uc.get("/votes")
    assert r.status_code == 403, r.text
    r = w.anon.get("/votes")
    assert r.status_code in (401, 403), r.text
    secret = {v["id"] for v in w.staff.get("/votes", params={"mode": "secret", "per_page": 500}).json()["items"]}
    assert b in secret and a not in secret


# ---------------------------------------------------------------------------
# concurrency


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_voter_twice_at_once_counts_once(w, attempt):
    vid = w.started(voters_idx=range(4), rule="majority_of_all", mode="secret")
    a, b = w.dc[0], twin(w.dc[0])
    ra, rb = parallel([lambda: cast(a, vid, "yes"), lambda: cast(b, vid, "no")])
    assert sorted([ra.status_code, rb.status_code]) == [200, 409], (ra.text, rb.text)
    rec = w.get(vid)
    assert rec["voted_count"] == 1
    res = w.close(vid)["result"]
    assert res["cast"] == 1 and sum(res["counts"].values()) == 1, res
    won = "yes" if ra.status_code == 200 else "no"
    assert res["counts"][won] == 1, res
    rc = w.anon.get(f"/votes/{vid}/receipts")
    rc = rc if rc.status_code == 200 else w.dc[0].get(f"/votes/{vid}/receipts")
    assert rc.status_code == 200 and len(rc.json()["receipts"]) == 1, rc.text


def test_many_voters_at_once_are_all_counted(w):
    vid = w.started(electorate="plenary", rule="majority_of_all", mode="secret")
    choices = ["yes" if i % 3 else "no" for i in range(len(w.deputies))]
    rs = parallel([(lambda c=c, ch=ch: cast(c, vid, ch)) for c, ch in zip(w.dc, choices)], workers=24)
    assert all(r.status_code == 200 for r in rs), [r.text for r in rs if r.status_code != 200]
    receipts = [r.json()["receipt"] for r in rs]
    assert len(set(receipts)) == len(receipts), "every receipt is its own"
    assert w.get(vid)["voted_count"] == len(w.deputies)
    res = w.close(vid)["result"]
    assert res["cast"] == 24 and res["counts"] == {"yes": 16, "no": 8, "abstain": 0} and res["not_voting"] == 0, res


def test_named_voters_at_once_and_one_recasting(w):
    vid = w.started(electorate="committee", rule="majority_of_all", mode="named")
    fns = [(lambda c=c: cast(c, vid, "yes")) for c in w.mc]
    fns += [lambda: cast(twin(w.mc[0]), vid, "no")]
    rs = parallel(fns, workers=26)
    assert all(r.status_code == 200 for r in rs), [r.text for r in rs if r.status_code != 200]
    rec = w.close(vid)
    res = rec["result"]
    assert res["cast"] == 25 and res["counts"]["yes"] + res["counts"]["no"] == 25 and res["counts"]["no"] <= 1, res
    mine = [b for b in ballots_of(rec) if b["voter_id"] == w.mid(0)]
    assert len(mine) == 1 and mine[0]["choice"] in ("yes", "no"), mine


# ---------------------------------------------------------------------------
# what docs/votes.md adds: a list has no quorum; the settings a rule reads are fixed at opening


def test_a_list_vote_has_no_quorum(w):
    vid = w.started(voters_idx=range(10), present_idx=[3], rule="satisfaction", mode="secret")
    cast_ok(w.dc[3], vid, "unsatisfied")
    res = w.close(vid)["result"]
    assert (res["electorate_size"], res["present"], res["cast"], res["outcome"]) == (10, 1, 1, "unsatisfied"), res


def test_settings_are_fixed_when_the_vote_opens(w):
    set_setting(w.staff, "ballot_reject_overvote", 1)
    set_setting(w.staff, "ballot_majority_of_all", 1)
    vid = w.started(voters_idx=range(10), present_idx=range(7), rule="top_n_above_half", mode="secret",
                    candidates=["甲项目", "乙项目", "丙项目"], places=2)
    try:
        set_setting(w.staff, "ballot_reject_overvote", 0)
        set_setting(w.staff, "ballot_majority_of_all", 0)
        ids = [str(c["id"]) for c in w.get(vid)["candidates"]]
        r = cast(w.dc[0], vid, choices={i: "yes" for i in ids})
        assert r.status_code == 422, "the overvote setting in effect at opening still refuses it"
        for v, b in enumerate(marks(7, 2, [6, 4, 1])):
            cast_ok(w.dc[v], vid, choices={ids[c]: ch for c, ch in b.items()})
        res = w.close(vid)["result"]
    finally:
        set_setting(w.staff, "ballot_reject_overvote", 1)
        set_setting(w.staff, "ballot_majority_of_all", 1)
    # half of all 10 at opening: 4 yes is not above it (of the 7 present it would be)
    assert [c["chosen"] for c in sorted(res["candidates"], key=lambda c: c["yes"], reverse=True)] == [True, False, False]


def test_a_named_ballot_with_candidates_lists_each_voters_choices(w):
    vid = w.started(voters_idx=range(4), rule="top_n_above_half", mode="named",
                    candidates=["甲项目", "乙项目", "丙项目"], places=1)
    ids = [str(c["id"]) for c in w.get(vid)["candidates"]]
    cast_ok(w.dc[0], vid, choices={ids[0]: "yes", ids[1]: "no"})
    cast_ok(w.dc[0], vid, choices={ids[1]: "yes"})  # changed: the last counts
    cast_ok(w.dc[1], vid, choices={ids[1]: "yes", ids[2]: "no"})
    cast_ok(w.dc[2], vid, choices={ids[1]: "yes"})
    assert w.get(vid, w.dc[0])["me"]["choices"].get(ids[1]) == "yes"
    rec = w.close(vid)
    got = {b["voter_id"]: b["choices"] for b in ballots_of(rec)}
    assert set(got) == {w.did(0), w.did(1), w.did(2)}
    assert got[w.did(0)].get(ids[1]) == "yes" and got[w.did(0)].get(ids[0]) in (None, "abstain")
    assert got[w.did(1)][ids[2]] == "no"
    res = rec["result"]
    assert res["not_voting"] == 1 and res["outcome"] == "chosen"
    assert [str(c["id"]) for c in res["candidates"] if c["chosen"]] == [ids[1]], "3 yes of 4 is above half"
