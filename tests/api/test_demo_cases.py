"""The demo (`renda init --demo`, src/demo/): the 16th term (2016-12-27 → 2021-12-26)
holds the seed's cases with its figures — 657 proposals and suggestions, re-handling
through 40 units with 31 solved after it, 173 petitions (300 person-times), receptions
at the 14 stations with 2,346 voters received and 318 opinions — every one closed
within the term; and its meetings (49 committee sessions, 74 chairpersons' meetings,
5 plenary sessions, 91 work reports with their deliberation opinions, 19 laws studied,
100 resolutions and decisions adopted by recorded votes); the current term holds open
work dated back from today and a committee session coming, so every demo account has
something; histories are consistent and the audit chain intact. Everything was
written through the engines, so the rules hold."""

import datetime
import time

import pytest

from conftest import Deployment, cli

TERM16 = ("2016-12-27", "2021-12-26")
IN_16 = {"submitted_on_from": TERM16[0], "submitted_on_to": TERM16[1]}
OPEN_STATES = ("submitted", "accepted", "assigned", "returned", "replied", "rehandling")


@pytest.fixture(scope="module")
def demo(dbs, backend):
    db = dbs.new(backend, "democases")
    p = cli("init", "--db", db, "--demo", timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    # how long it takes is bench/run's to say (docs/performance.md "renda init --demo")
    d = Deployment(backend, db, "democases")
    d.add_user("demo_test_admin", "admin", password=Deployment.ADMIN_PW)
    d.server.start()
    a = d.token_client("demo_test_admin")
    county = [c for c in a.all("congresses") if c["name"] == "常山县人民代表大会"]
    assert len(county) == 1
    cid = county[0]["id"]
    d.add_user("demo_test_office", "staff", congress=str(cid))
    d.staff = d.token_client("demo_test_office")
    d.cid = cid
    d.terms = {t["number"]: t for t in d.staff.all("terms", congress_id=cid)}
    d.t16 = d.terms[16]["id"]
    d.current = max(d.terms.values(), key=lambda t: t["number"])
    yield d
    d.stop()


def stats(d, kind, **params):
    r = d.staff.get(f"/{kind}/stats", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def today():
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date().isoformat()


def test_terms(demo):
    t = demo.terms
    assert (t[16]["start_on"], t[16]["end_on"]) == TERM16
    assert (t[17]["start_on"], t[17]["end_on"]) == ("2021-12-27", "2026-12-26")
    cur = demo.current
    assert cur["start_on"] <= today() <= cur["end_on"], cur
    # each term begins the day after the one before it ends
    for n in range(17, cur["number"] + 1):
        end = datetime.date.fromisoformat(t[n - 1]["end_on"])
        assert t[n]["start_on"] == (end + datetime.timedelta(days=1)).isoformat()


def test_deputies_of_each_term(demo):
    deps = demo.staff.all("deputies", congress_id=demo.cid, level="county")
    by_term = {}
    for x in deps:
        by_term.setdefault(x["term_id"], []).append(x)
    old, new = by_term[demo.t16], by_term[demo.current["id"]]
    assert len(old) == 200 and len(new) == 200
    assert len({x["delegation"] for x in old}) == 14
    # largely the same people, some replaced (the township leaders among them)
    kept = {x["person_id"] for x in old} & {x["person_id"] for x in new}
    assert 100 < len(kept) < 190, len(kept)
    # the current term's list comes first: the demo deputy is its first deputy
    assert min(x["id"] for x in new) < min(x["id"] for x in old)
    members = demo.staff.all("members", congress_id=demo.cid, term_id=demo.t16)
    assert len(members) == 30 and all(m["end_on"] == TERM16[1] for m in members)


def test_proposals_as_the_seed_says(demo):
    s = stats(demo, "proposals", term_id=demo.t16)
    assert s["total"] == 657, s["total"]
    assert s["rehandled_units"] == 40, s
    assert s["solved_after_rehandling"] == 31, s
    assert s["rehandled"] >= 31
    assert s["by_kind"].get("motion", 0) >= 5 and s["by_kind"]["suggestion"] > 600
    # replies in every class, mostly A and B; feedback mostly satisfied
    rc = s["reply_classes"]
    assert set(rc) == {"A", "B", "C", "D"} and rc["A"] > rc["C"] > 0 and rc["B"] > rc["D"]
    fb = s["feedback"]
    assert fb["satisfied"] > fb["basically_satisfied"] > fb["unsatisfied"] > 0
    # all of the term's cases ended within it: closed, declined, withdrawn
    st = s["by_state"]
    assert st["closed"] > 550 and st["declined"] > 0 and st["withdrawn"] > 0, st
    assert set(st) == {"closed", "declined", "withdrawn"}, st
    assert 5 <= s["key_supervision"] <= 60
    assert s["overdue"] == 0
    assert len(s["by_unit"]) >= 40
    last = demo.staff.get("/proposals", params={"term_id": demo.t16, "sort": "-closed_on",
                                                 "per_page": 1}).json()["items"][0]
    assert TERM16[0] <= last["closed_on"] <= TERM16[1], last["closed_on"]


def test_every_session_and_year(demo):
    total = 0
    for n in range(1, 6):
        got = demo.staff.get("/proposals", params={"term_id": demo.t16, "session_number": n,
                                                    "per_page": 1}).json()["total"]
        assert got > 50, (n, got)
        total += got
    assert total < 657  # and the rest between sessions
    for year in ("2017", "2018", "2019", "2020", "2021"):
        assert stats(demo, "proposals", term_id=demo.t16, year=year)["total"] > 10, year


def test_petitions_as_the_seed_says(demo):
    s = stats(demo, "petitions", **IN_16)
    assert s["total"] == 173 and s["person_times"] == 300, s
    assert set(s["by_kind"]) == {"letter", "visit", "online"}
    assert set(s["by_state"]) == {"closed"}, s["by_state"]


def test_opinions_and_receptions(demo):
    s = stats(demo, "opinions", **IN_16)
    assert s["total"] == 318, s["total"]
    assert set(s["by_state"]) == {"closed"}, s["by_state"]
    assert s["feedback"]["satisfied"] > 200
    rec = demo.staff.all("receptions", congress_id=demo.cid, held_on_from=TERM16[0],
                         held_on_to=TERM16[1])
    assert sum(r["voters_received"] for r in rec) == 2346
    assert len({r["station_id"] for r in rec}) == 14
    assert all(r["deputy_ids"] for r in rec)


def test_the_current_term_is_alive(demo):
    cur = demo.current["id"]
    s = stats(demo, "proposals", term_id=cur)
    for state in ("submitted", "accepted", "assigned", "replied", "rehandling"):
        assert s["by_state"].get(state, 0) > 0, (state, s["by_state"])
    assert s["overdue"] > 0
    # dated back from today, never after it
    items = demo.staff.all("proposals", term_id=cur)
    assert items and all(x["submitted_on"] is None or x["submitted_on"] < today() for x in items)
    recent = stats(demo, "petitions", submitted_on_from=demo.current["start_on"])
    assert any(recent["by_state"].get(st) for st in OPEN_STATES), recent["by_state"]


def test_inbox_is_live(demo):
    r = demo.staff.get("/inbox")
    assert r.status_code == 200, r.text
    box = r.json()
    for key in ("to_review", "to_assign", "overdue", "due_soon", "unsatisfied", "extensions",
                "record_feedback", "to_close"):
        assert box[key], f"the demo inbox has nothing in {key}"


@pytest.mark.parametrize("login,boxes", [
    ("office", ("to_review", "to_assign", "overdue")),
    ("unit", ("assigned",)),
    ("deputy", ("to_confirm", "feedback", "drafts")),
])
def test_each_demo_account_has_work(demo, login, boxes):
    box = demo.token_client(login).get("/inbox").json()
    for key in boxes:
        assert box[key], f"the demo account {login} has nothing in {key}"


def test_the_member_sees_figures(demo):
    s = demo.token_client("member").get("/proposals/stats",
                                        params={"term_id": demo.current["id"]})
    assert s.status_code == 200 and s.json()["total"] > 0, s.text


def test_demo_accounts_have_work(demo):
    # the demo deputy (the current term's first) has a reply awaiting feedback; the demo
    # unit a case to answer
    deputies = demo.staff.all("deputies", congress_id=demo.cid, term_id=demo.current["id"],
                              level="county")
    first = min(x["id"] for x in deputies)
    r = demo.staff.get("/proposals", params={"state": "replied", "per_page": 50}).json()
    leads = {it["lead_deputy_id"] for it in r["items"]}
    assert first in leads, "the demo deputy has no reply awaiting feedback"
    units = demo.staff.all("units", congress_id=demo.cid)
    office = min(u["id"] for u in units if u["kind"] == "department")
    got = demo.staff.get("/proposals", params={"unit_id": office, "state": "assigned"}).json()
    assert got["total"] > 0, "the demo unit has nothing to answer"


def test_histories_are_consistent(demo):
    # a re-handled, solved case: history from create to close, rounds and feedback agree
    items = demo.staff.get("/proposals", params={"state": "closed", "per_page": 100}).json()["items"]
    rehandled = [x for x in items if x["round"] > 1]
    some = rehandled[:3] or items[:3]
    for it in some + items[:5]:
        c = demo.staff.get(f"/proposals/{it['id']}").json()
        h = c["history"]
        assert h[0]["action"] == "create" and h[-1]["to_state"] == "closed" or \
            h[-1]["action"] in ("follow_up", "publish"), [e["action"] for e in h]
        ats = [e["at"] for e in h]
        assert ats == sorted(ats), ats
        for a, b in zip(h, h[1:]):
            assert a["to_state"] == b["from_state"], (a, b)
        # everyone owed the reply rated the final round
        people = {p["id"] for p in c["people"]}
        final = {f["person_id"] for f in c["feedback"] if f["round"] == c["round"]}
        assert final == people, (c["id"], people, final)
        assert c["closed_on"] and c["assigned_on"] <= c["closed_on"]
        # the steps were taken by the people whose steps they are: the office's account
        # for the office's, no account for a deputy or unit without one
        assert {e["login"] for e in h if e["action"] in ("accept", "assign", "close")} == {"office"}
    # every history entry has its audit entry
    cid = some[0]["id"]
    c = demo.staff.get(f"/proposals/{cid}").json()
    r = demo.staff.get("/audit", params={"collection": "proposals", "id": cid, "per_page": 500})
    if r.status_code == 200:
        assert len(r.json()["items"]) == len(c["history"])


def test_holidays(demo):
    days = {h["day"]: h for h in demo.staff.all("holidays", congress_id=demo.cid)}
    # the 16th term's: the State Council's schedules 2017–2021 and the end of 2016
    assert days["2016-12-31"]["working"] == 0 and days["2017-01-02"]["working"] == 0
    assert days["2017-01-27"]["working"] == 0 and days["2017-01-22"]["working"] == 1
    assert days["2018-02-11"]["working"] == 1 and days["2018-06-18"]["working"] == 0
    assert days["2019-05-04"]["working"] == 0 and days["2019-05-05"]["working"] == 1
    assert days["2020-02-02"]["working"] == 0  # the Spring Festival extended in 2020
    assert days["2020-10-08"]["working"] == 0 and days["2020-10-10"]["working"] == 1
    # and on to 2026
    assert days["2024-02-10"]["working"] == 0 and days["2024-02-04"]["working"] == 1
    assert days["2025-01-28"]["working"] == 0 and days["2025-02-08"]["working"] == 1
    assert days["2026-10-07"]["working"] == 0 and days["2026-09-20"]["working"] == 1
    assert "2026-10-08" not in days and "2017-01-03" not in days


def test_audit_verify(demo):
    p = cli("audit", "verify", "--db", demo.db, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr


# ---- meetings (src/demo/meetings.c): the seed's figures of the 16th term, every record
# written through the meeting module and the vote engine; the current term's next session

def add_months(day, n):
    d = datetime.date.fromisoformat(day)
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    last = (datetime.date(y + m // 12, m % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(y, m, min(d.day, last)).isoformat()


def test_meetings_as_the_seed_says(demo):
    s = stats(demo, "meetings", term_id=demo.t16)
    assert (s["committee_sessions"], s["chairs_meetings"], s["plenary_sessions"]) == (49, 74, 5), s
    assert (s["work_reports"], s["law_studies"]) == (91, 19), s
    assert s["resolutions"] + s["decisions"] == 100 and s["major_matters"] == 15, s
    assert s["resolutions"] > 0 and s["decisions"] > 0, s
    assert s["deliberation_opinions"] == 91, s  # one on each work report heard
    ms = demo.staff.all("meetings", term_id=demo.t16)
    assert len(ms) == 128 and {m["state"] for m in ms} == {"closed"}
    for m in ms:  # planned → notified → held → closed, on its own days
        assert m["notified_at"] < m["opened_at"] < m["closed_at"], m
        assert m["opened_at"][:10] <= m["ends_on"] and m["closed_at"][:10] <= m["ends_on"], m


def test_the_committee_meets_at_least_every_two_months(demo):
    ms = demo.staff.all("meetings", term_id=demo.t16)
    chairs = {m["id"]: m for m in ms if m["kind"] == "chairs_meeting"}
    sessions = sorted((m for m in ms if m["kind"] == "committee_session"),
                      key=lambda m: m["starts_on"])
    assert [m["number"] for m in sessions] == list(range(1, 50))
    last = TERM16[0]
    for m in sessions:
        assert m["starts_on"] <= add_months(last, 2), (last, m["starts_on"])
        last = m["starts_on"]
        # its draft agenda was set by a chairpersons' meeting before it
        c = chairs[m["agenda_set_by"]]
        assert c["starts_on"] <= m["starts_on"], (c, m)
        assert m["agenda_set_by_name"], m
    # the current term has met within two months too: no warning on the load day
    r = demo.staff.get("/meetings/warnings")
    assert r.status_code == 200 and r.json()["items"] == [], r.text


def test_plenary_sessions(demo):
    ps = demo.staff.all("meetings", term_id=demo.t16, kind="plenary")
    assert len({p["starts_on"][:4] for p in ps}) == 5  # one a year
    for p in ps:
        assert p["motion_deadline"] and p["starts_on"] <= p["motion_deadline"][:10] <= p["ends_on"]
    a = demo.staff.get(f"/meetings/{ps[1]['id']}/attendance").json()
    assert a["electorate"] == "plenary" and a["has_quorum"], a
    assert a["present"] * 3 >= a["electorate_size"] * 2 and a["unrecorded"] == 0, a
    assert {o["unit"] for o in a["observers"]} >= {"常山县人民法院", "常山县人民检察院"}


def test_work_reports_and_law_studies(demo):
    units = {u["id"]: u for u in demo.staff.all("units", congress_id=demo.cid)}
    reports, laws = [], []
    for m in demo.staff.all("meetings", term_id=demo.t16, kind="committee_session"):
        items = demo.staff.get(f"/meetings/{m['id']}/agenda").json()["items"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        reports += [i for i in items if i["kind"] == "work_report"]
        laws += [i["law"] for i in items if i["kind"] == "law_study"]
    assert len(reports) == 91 and len(laws) == 19 and len(set(laws)) == 19
    assert "中华人民共和国民法典" in laws and "中华人民共和国环境保护法" in laws
    kinds = {units[r["unit_id"]]["kind"] for r in reports}
    assert kinds == {"department", "supervisory_commission", "court", "procuratorate"}, kinds
    late = [r for r in reports if r["late"]]
    assert 0 < len(late) < 20, len(late)  # most reached the office in time, a few not
    assert all(r["to_office_on"] and r["to_members_on"] for r in reports)


def test_deliberation_opinions_answered_by_the_units(demo):
    ops = demo.staff.all("deliberation_opinions")
    assert len(ops) == 91 and {o["state"] for o in ops} == {"closed"}
    for o in ops[::7]:
        rec = demo.staff.get(f"/deliberation_opinions/{o['id']}").json()
        item = demo.staff.get(f"/agenda/{rec['agenda_item_id']}").json()
        assert item["kind"] == "work_report" and item["meeting_id"] == rec["meeting_id"]
        # sent to the reporting unit, which answered with its handling report
        assert rec["unit_id"] == item["unit_id"], (rec, item)
        replies = [r for r in rec["replies"] if r["kind"] == "reply"]
        assert replies and replies[0]["text"], rec["replies"]


def test_resolutions_adopted_by_recorded_votes(demo):
    rs = demo.staff.all("resolutions", term_id=demo.t16)
    assert len(rs) == 100 and sum(r["major_matter"] for r in rs) == 15
    assert {r["origin"] for r in rs} == {"voted"} and all(r["vote_id"] for r in rs)
    assert sorted(r["number"] for r in rs if r["kind"] == "decision") == \
        list(range(1, 1 + sum(r["kind"] == "decision" for r in rs)))
    on_leave = absent = observed = 0
    for r in rs[::9]:
        v = demo.staff.get(f"/votes/{r['vote_id']}").json()
        assert (v["mode"], v["rule"], v["state"]) == ("named", "majority_of_all", "closed"), v
        assert v["result"]["outcome"] == "adopted" and v["meeting_id"] == r["meeting_id"]
        a = demo.staff.get(f"/meetings/{r['meeting_id']}/attendance").json()
        assert a["electorate_size"] == 30 and a["unrecorded"] == 0
        assert v["result"]["present"] == a["present"] > 15
        assert all(p["reason"] for p in a["people"] if p["status"] == "leave")
        on_leave += a["leave"]
        absent += a["absent"]
        observed += bool(a["observers"])
    assert on_leave > 0 and absent > 0 and observed > 0


def test_the_member_has_a_session_coming(demo):
    member = demo.token_client("member")
    mine = member.get("/meetings/mine")
    assert mine.status_code == 200, mine.text
    coming = [m for m in mine.json()["items"] if m["kind"] == "committee_session"]
    assert coming and coming[0]["state"] == "notified" and coming[0]["starts_on"] >= today()
    m = coming[0]
    assert m["my_status"] is None and "leave" in m["actions"]
    assert {"work_report", "law_study", "deliberation"} <= {i["kind"] for i in m["agenda"]}
    a = demo.staff.get(f"/meetings/{m['id']}/attendance").json()
    assert a["leave"] > 0 and a["unrecorded"] > 0 and a["present"] == 0, a
    items = demo.staff.get(f"/meetings/{m['id']}/agenda").json()["items"]
    assert [i["adopts"] for i in items if i["kind"] == "deliberation"] == ["decision"]
    # the last one was held within two months
    held = demo.staff.all("meetings", term_id=demo.current["id"], kind="committee_session",
                          state="closed")
    assert held and max(h["starts_on"] for h in held) >= add_months(today(), -2)
    r = member.post(f"/meetings/{m['id']}/leave", {"reason": "参加市里培训"})
    assert r.status_code == 200, r.text
    mine = member.get("/meetings/mine").json()["items"]
    assert [x["my_status"] for x in mine if x["id"] == m["id"]] == ["leave"]
