"""Paper ballots (issue 11 "Casting: Paper"): staff enter ballots issued and returned and
the counts; a figure that does not add up is 422 naming it; a second staff account
confirms before the result (setting paper_counts_confirm); entering again clears a
confirmation."""

import pytest

from conftest import assert_error
from votes_util import VoteWorld, set_setting


@pytest.fixture(scope="module")
def w(dep):
    return VoteWorld(dep, n_members=25, n_deputies=12)


def paper_vote(w, present=20, **kw):
    kw.setdefault("rule", "majority_of_all")
    kw.setdefault("mode", "secret")
    return w.started(electorate="committee", present_idx=range(present), method="paper", **kw)


def counts(w, vid, body, client=None):
    return (client or w.staff).post(f"/votes/{vid}/paper_counts", body)


def counts_ok(w, vid, body, client=None):
    r = counts(w, vid, body, client)
    assert r.status_code == 200, f"paper_counts {body} → {r.status_code} {r.text[:400]}"
    return r.json()


def confirm(w, vid, client):
    return client.post(f"/votes/{vid}/confirm", {})


GOOD = {"issued": 20, "returned": 19, "invalid": 1, "counts": {"yes": 13, "no": 4, "abstain": 1}}


def test_paper_counts_confirmed_then_closed(w):
    vid = paper_vote(w)
    rec = counts_ok(w, vid, GOOD)
    p = rec["paper"]
    assert (p["issued"], p["returned"], p["invalid"], p["counts"]) == (20, 19, 1, GOOD["counts"]), p
    assert p["entered_by"] and not p["confirmed_by"], p
    assert "confirm" in w.get(vid, w.staff2)["actions"]
    assert_error(w.staff.post(f"/votes/{vid}/close", {}), 409)  # not confirmed
    r = confirm(w, vid, w.staff2)
    assert r.status_code == 200, r.text
    assert r.json()["paper"]["confirmed_by"], r.json()["paper"]
    rec = w.close(vid)
    res = rec["result"]
    # assumed: cast = ballots returned; valid = returned − invalid; not_voting = present − returned
    assert (res["present"], res["cast"], res["valid"], res["invalid"]) == (20, 19, 18, 1), res
    assert res["counts"] == GOOD["counts"] and res["outcome"] == "adopted", "13 yes > 25/2"
    assert res["not_voting"] == 1, res


def test_the_same_account_may_not_confirm(w):
    vid = paper_vote(w)
    counts_ok(w, vid, GOOD)
    assert "confirm" not in w.get(vid)["actions"], "the one who entered the counts is not offered to confirm"
    assert_error(confirm(w, vid, w.staff), 403)
    assert_error(w.staff.post(f"/votes/{vid}/close", {}), 409)


@pytest.mark.parametrize("who", ["member", "deputy"])
def test_only_staff_enter_and_confirm(w, who):
    c = w.mc[0] if who == "member" else w.dc[0]
    vid = paper_vote(w)
    assert_error(counts(w, vid, GOOD, c), (403, 404))
    counts_ok(w, vid, GOOD)
    assert_error(confirm(w, vid, c), (403, 404))


def test_close_without_counts(w):
    vid = paper_vote(w)
    assert_error(w.staff.post(f"/votes/{vid}/close", {}), 409)
    assert w.get(vid)["state"] == "open"


def test_entering_again_replaces_and_clears_the_confirmation(w):
    vid = paper_vote(w)
    counts_ok(w, vid, GOOD)
    assert confirm(w, vid, w.staff2).status_code == 200
    again = {"issued": 20, "returned": 20, "invalid": 0, "counts": {"yes": 12, "no": 8, "abstain": 0}}
    rec = counts_ok(w, vid, again, w.staff2)
    assert rec["paper"]["counts"] == again["counts"] and not rec["paper"]["confirmed_by"], rec["paper"]
    assert_error(w.staff.post(f"/votes/{vid}/close", {}), 409)
    assert_error(confirm(w, vid, w.staff2), 403)  # staff2 entered these
    assert confirm(w, vid, w.staff).status_code == 200
    res = w.close(vid)["result"]
    assert res["counts"] == again["counts"] and res["outcome"] == "rejected", "12 of 25 is not more than half"


def test_confirmation_is_a_setting(w):
    set_setting(w.staff, "paper_counts_confirm", 0)
    try:
        vid = paper_vote(w)
        counts_ok(w, vid, GOOD)
        res = w.close(vid)["result"]
        assert res["outcome"] == "adopted"
    finally:
        set_setting(w.staff, "paper_counts_confirm", 1)
    vid = paper_vote(w)
    counts_ok(w, vid, GOOD)
    assert_error(w.staff.post(f"/votes/{vid}/close", {}), 409)


BAD = [
    ("returned > issued", {"issued": 18, "returned": 19, "invalid": 0, "counts": {"yes": 19, "no": 0, "abstain": 0}},
     "returned"),
    ("issued > present", {"issued": 21, "returned": 20, "invalid": 0, "counts": {"yes": 20, "no": 0, "abstain": 0}},
     "issued"),
    ("invalid > returned", {"issued": 20, "returned": 3, "invalid": 4, "counts": {"yes": 0, "no": 0, "abstain": 0}},
     "invalid"),
    ("counts above the valid ballots", {"issued": 20, "returned": 19, "invalid": 1,
                                        "counts": {"yes": 13, "no": 5, "abstain": 1}}, "counts"),
    ("counts below the valid ballots", {"issued": 20, "returned": 19, "invalid": 1,
                                        "counts": {"yes": 13, "no": 4, "abstain": 0}}, "counts"),
    ("an option outside the options", {"issued": 20, "returned": 19, "invalid": 1,
                                       "counts": {"yes": 13, "no": 4, "maybe": 1}}, ("counts", "counts.maybe")),
    ("a negative figure", {"issued": 20, "returned": -1, "invalid": 0, "counts": {"yes": 0, "no": 0, "abstain": 0}},
     "returned"),
    ("a negative count", {"issued": 20, "returned": 19, "invalid": 0, "counts": {"yes": 20, "no": -1, "abstain": 0}},
     ("counts", "counts.no")),
    ("issued missing", {"returned": 19, "invalid": 0, "counts": {"yes": 19, "no": 0, "abstain": 0}}, "issued"),
    ("counts missing", {"issued": 20, "returned": 19, "invalid": 0}, "counts"),
]


@pytest.mark.parametrize("case,body,field", BAD, ids=[c[0] for c in BAD])
def test_inconsistent_counts_name_the_figure(w, case, body, field):
    vid = paper_vote(w)
    assert_error(counts(w, vid, body), 422, field)
    assert not w.get(vid).get("paper") or not w.get(vid)["paper"].get("counts"), "refused counts are not kept"


def test_paper_counts_only_while_open_and_only_on_paper(w):
    draft = w.create(electorate="committee", method="paper")["id"]
    assert_error(counts(w, draft, GOOD), 409)
    electronic = w.started(electorate="committee", present_idx=range(20))
    assert_error(counts(w, electronic, GOOD), (409, 422))
    vid = paper_vote(w)
    counts_ok(w, vid, GOOD)
    confirm(w, vid, w.staff2)
    w.close(vid)
    assert_error(counts(w, vid, GOOD), 409)


def test_paper_candidates(w):
    """A paper ballot with candidates: figures for every candidate; yes+no+abstain above the
    valid ballots is 422 on candidates.<id>; fewer is allowed (assumed: a candidate left
    unmarked on a paper ballot is not entered; the contract bounds only the sum)."""
    vid = w.started(electorate="plenary", present_idx=range(12), method="paper", mode="secret",
                    rule="top_n_above_half", candidates=["城区污水管网改造", "农村公路提升", "老年食堂建设"], places=2)
    ids = [str(c["id"]) for c in w.get(vid)["candidates"]]
    base = {"issued": 12, "returned": 12, "invalid": 2}
    bad = dict(base, candidates={ids[0]: {"yes": 9, "no": 1, "abstain": 1}, ids[1]: {"yes": 7, "no": 2, "abstain": 1},
                                 ids[2]: {"yes": 2, "no": 5, "abstain": 3}})
    assert_error(counts(w, vid, bad), 422, f"candidates.{ids[0]}")
    good = dict(base, candidates={ids[0]: {"yes": 9, "no": 1, "abstain": 0}, ids[1]: {"yes": 7, "no": 2, "abstain": 1},
                                  ids[2]: {"yes": 2, "no": 5, "abstain": 3}})
    rec = counts_ok(w, vid, good)
    assert rec["paper"]["candidates"][ids[0]] == {"yes": 9, "no": 1, "abstain": 0}
    assert confirm(w, vid, w.staff2).status_code == 200
    res = w.close(vid)["result"]
    assert (res["cast"], res["valid"], res["invalid"]) == (12, 10, 2), res
    chosen = {str(c["id"]) for c in res["candidates"] if c["chosen"]}
    # half of all 12 deputies is 6: 9 and 7 are above it
    assert chosen == {ids[0], ids[1]} and res["outcome"] == "chosen", res


def test_paper_figures_for_an_unknown_candidate(w):
    """Assumed (the contract names the figures that must add up, not this one): figures
    for a candidate the vote does not have are a typing error, refused naming it, not
    silently dropped."""
    vid = w.started(electorate="plenary", present_idx=range(12), method="paper", mode="secret",
                    rule="top_n_above_half", candidates=["城区污水管网改造", "农村公路提升", "老年食堂建设"], places=2)
    ids = [str(c["id"]) for c in w.get(vid)["candidates"]]
    figures = {i: {"yes": 5, "no": 5, "abstain": 2} for i in ids}
    figures["987654"] = {"yes": 1, "no": 0, "abstain": 0}
    r = counts(w, vid, {"issued": 12, "returned": 12, "invalid": 0, "candidates": figures})
    assert_error(r, 422, ("candidates", "candidates.987654"))
