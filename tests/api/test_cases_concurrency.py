"""Concurrent actions on one case: two units replying at once leave it `replied`
with both replies; two staff accepting at once give one 200 and one 409. (On
PostgreSQL this needs the case's row lock taken at the start of every action.)"""

import threading

import pytest

from cases_util import World, act, act_ok, transitions


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=2, n_units=2)


# ---------------------------------------------------------------------------
# concurrency


@pytest.mark.parametrize("attempt", range(5))
def test_two_units_reply_at_once(w, attempt):
    cid = w.suggestion_in("accepted")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "separate"), (1, "separate")]))
    barrier = threading.Barrier(2)
    results = {}

    def go(i):
        barrier.wait()
        results[i] = act(w.uc[i], cid, "reply", {"class": "A", "text": f"单位{i}已办理"})

    ts = [threading.Thread(target=go, args=(i,)) for i in (0, 1)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert [results[i].status_code for i in (0, 1)] == [200, 200], [results[i].text for i in (0, 1)]
    rec = w.get(cid)
    assert rec["state"] == "replied", \
        f"units {[(u['unit_id'], u['state']) for u in rec['units']]}, history {transitions(rec)}"
    assert sorted(x["unit_id"] for x in rec["replies"]) == sorted([w.uid(0), w.uid(1)])
    assert all(u["state"] == "replied" for u in rec["units"])
    assert [t for t in transitions(rec) if t[0] == "reply"] == [("reply", "assigned", "replied")]


def test_two_staff_accept_at_once(w):
    cid = w.suggestion_in("submitted")
    barrier = threading.Barrier(2)
    results = []

    def go():
        barrier.wait()
        results.append(act(w.staff, cid, "accept").status_code)

    ts = [threading.Thread(target=go) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert sorted(results) == [200, 409], f"history {transitions(w.get(cid))}"
    assert [t for t in transitions(w.get(cid)) if t[0] == "accept"] == [("accept", "submitted", "accepted")]
