"""The public site (issue 10 "The public site"): what an anonymous caller reads through
the ordinary endpoints — published proposals in their public shape, the deputies'
public fields, the stations and their announced reception days — and the receptions'
announcement rule (DOMAIN.md "Liaison stations": announced 3 days ahead, the setting
reception_notice_days; a late one is flagged)."""

import datetime

import pytest

from cases_util import TODAY, World, act_ok, iso, uniq
from conftest import assert_error


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=4, n_units=2)


def published(w, lead=0, cosigners=(1,), unconfirmed=(2,), category="城乡建设"):
    """A replied suggestion with a lead unit and a co-unit, rated by its lead deputy,
    published; deputies in `unconfirmed` were invited and never confirmed."""
    body = w.suggestion_body(lead, tuple(cosigners) + tuple(unconfirmed), category=category)
    cid = w.create(body, w.dc[lead])["id"]
    for i in cosigners:
        act_ok(w.dc[i], cid, "confirm")
    act_ok(w.dc[lead], cid, "submit")
    act_ok(w.staff, cid, "accept", {"text": "内部备注：请尽快办理"})
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]))
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已列入年度改造计划，年内完成。"})
    act_ok(w.dc[lead], cid, "feedback", {"rating": "satisfied", "text": "感谢，个人意见：很满意"})
    act_ok(w.staff, cid, "publish", {"published": True})
    return cid


def anon_ids(w, **params):
    r = w.anon.get("/proposals", params={"congress_id": w.cid, "per_page": 500, **params})
    assert r.status_code == 200, r.text
    return {x["id"] for x in r.json()["items"]}


# ---------------------------------------------------------------------------
# cases


def test_anonymous_sees_only_published_cases(w):
    draft = w.suggestion_in("draft")
    submitted = w.suggestion_in("submitted")
    unpublished = w.suggestion_in("replied")
    pub = published(w)
    ids = anon_ids(w)
    assert pub in ids
    assert not ids & {draft, submitted, unpublished}
    for cid in (draft, submitted, unpublished):
        assert_error(w.anon.get(f"/proposals/{cid}"), (401, 404))
    # another congress's published case is not on this congress's site
    other = World(w.dep, n_deputies=1, n_units=1)
    theirs = other.suggestion_in("replied", cosigners=())
    act_ok(other.staff, theirs, "publish", {"published": True})
    assert theirs not in anon_ids(w)
    assert theirs in anon_ids(other)


def test_a_published_case_shows_only_its_public_part(w):
    cid = published(w)
    staff_view = w.get(cid)
    rec = w.anon.one("proposals", cid)
    assert rec["title"] == staff_view["title"] and rec["body"] == staff_view["body"]
    assert rec["state"] == "replied"
    # the unit's reply, and the outcome as a count of ratings
    assert [(r["unit_name"], r["class"], r["text"]) for r in rec["replies"]] == \
        [(w.units[0]["name"], "A", "已列入年度改造计划，年内完成。")]
    assert rec["feedback_summary"] == {"round": 1, "satisfied": 1, "basically_satisfied": 0,
                                       "unsatisfied": 0}
    # no internal timeline, no logins or notes, no feedback texts, no requests for time
    text = str(rec)
    for key in ("history", "feedback", "extensions", "created_by", "cosigners"):
        assert key not in rec, key
    assert "内部备注" not in text and "个人意见" not in text
    assert w.staff_login not in text and "cdep" not in text
    # the lead and the confirmed cosigner, by name; not the one who never confirmed
    names = {p["deputy_id"]: p for p in staff_view["people"]}
    assert sorted((p["deputy_id"], p["role"]) for p in rec["people"]) == \
        sorted([(w.did(0), "lead"), (w.did(1), "cosigner")])
    assert all(p["name"] == names[p["deputy_id"]]["name"] for p in rec["people"])
    assert all(set(p) == {"deputy_id", "name", "role"} for p in rec["people"])
    assert all("return_reason" not in u and "state" not in u for u in rec["units"])
    assert rec["actions"] == []
    # staff still see the whole case
    assert staff_view["history"] and staff_view["feedback"]


def test_a_published_opinion_hides_the_voter(w):
    station = w.station["id"]
    reception = w.staff.create("receptions", {"station_id": station, "held_on": iso(TODAY),
                                              "announced_on": iso(TODAY - datetime.timedelta(days=5))})
    c = w.staff.create("opinions", {"title": f"建议增设公交站点{uniq()}", "voter_name": "郑海燕",
                                    "voter_phone": "13905705678", "content": "老人出行不便。",
                                    "reception_id": reception["id"]})
    cid = c["id"]
    if c["state"] == "draft":
        act_ok(w.staff, cid, "submit", coll="opinions")
    if w.state(cid, "opinions") == "submitted":
        act_ok(w.staff, cid, "accept", coll="opinions")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]), coll="opinions")
    act_ok(w.uc[0], cid, "reply", {"class": "B", "text": "已纳入明年公交线路优化方案"}, coll="opinions")
    act_ok(w.staff, cid, "publish", {"published": True}, coll="opinions")
    rec = w.anon.one("opinions", cid)
    assert rec["replies"] and rec["title"] == c["title"]
    assert "郑海燕" not in str(rec) and "13905705678" not in str(rec)
    assert rec["people"] == []


def test_the_public_filters_by_year_category_unit_and_state(w):
    a = published(w, category=f"交通{uniq()}")
    b = published(w, category=f"教育{uniq()}")
    cat_a = w.get(a)["category"]
    assert anon_ids(w, category=cat_a) == {a}
    assert a in anon_ids(w, unit_id=w.uid(0)) and not anon_ids(w, unit_id=w.uid(1)) & {a, b}
    assert {a, b} <= anon_ids(w, state="replied") and not anon_ids(w, state="closed") & {a, b}
    assert {a, b} <= anon_ids(w, year=TODAY.year) and not anon_ids(w, year=TODAY.year - 3) & {a, b}
    # a deputy's public page: the published cases they led or cosigned and confirmed
    assert {a, b} <= anon_ids(w, deputy_id=w.did(1))
    assert not anon_ids(w, deputy_id=w.did(2)) & {a, b}, "an unconfirmed cosigner's"
    # the categories the filter offers are the published cases' own
    r = w.anon.get("/proposals/counts", params={"by": "category", "congress_id": w.cid})
    assert r.status_code == 200, r.text
    assert cat_a in [x["value"] for x in r.json()["items"]]


@pytest.mark.parametrize("param,value", [
    ("year", "twenty"), ("year", "20245"), ("state", "finished"), ("unit_id", "x"),
    ("congress_id", "abc"), ("deputy_id", "-"), ("per_page", "0"), ("colour", "red"),
])
def test_bad_public_filters_are_422(w, param, value):
    assert_error(w.anon.get("/proposals", params={param: value}), 422, param)


# ---------------------------------------------------------------------------
# deputies, stations, receptions


def test_deputies_public_page_has_only_public_fields(w):
    schema = w.dep.admin.get("/deputies/schema").json()
    public = {f["name"] for f in schema["fields"] if f.get("public")}
    assert {"person_id", "delegation", "occupation", "station_id"} <= public
    r = w.anon.get("/deputies", params={"congress_id": w.cid, "status": "active"})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert {x["id"] for x in items} == {d["id"] for d in w.deputies}
    d = w.anon.one("deputies", w.did(0))
    assert d["person_name"] and d["station_name"] == w.station["name"]
    # persons (phones, birth dates) stay closed to the public
    assert_error(w.anon.get(f"/persons/{w.deputies[0]['person_id']}"), 401)
    assert "phone" not in str(d) and "birth_date" not in d
    # the public's schema lists the public fields only
    anon_schema = w.anon.get("/deputies/schema").json()
    assert {f["name"] for f in anon_schema["fields"]} == public


def test_units_public_fields_hide_the_contact(w):
    u = w.staff.patch(f"/units/{w.uid(0)}", {"contact": "王建国", "phone": "13800001111"}).json()
    assert u["phone"] == "13800001111"
    pub = w.anon.one("units", w.uid(0))
    assert pub["name"] == u["name"] and "phone" not in pub and "contact" not in pub
    assert "王建国" not in str(w.anon.list("units", congress_id=w.cid))


def test_stations_list_their_deputies_and_next_receptions(w):
    st = w.station["id"]
    soon = TODAY + datetime.timedelta(days=10)
    announced = w.staff.create("receptions", {
        "station_id": st, "held_on": iso(soon), "announced_on": iso(TODAY),
        "deputy_ids": [w.did(0), w.did(1)], "notes": "内部：安排两名工作人员", "voters_received": 0})
    unannounced = w.staff.create("receptions", {"station_id": st, "held_on": iso(soon + datetime.timedelta(days=7))})
    past = w.staff.create("receptions", {"station_id": st, "held_on": iso(TODAY - datetime.timedelta(days=30)),
                                         "announced_on": iso(TODAY - datetime.timedelta(days=35))})
    s = w.anon.one("stations", st)
    assert s["name"] == w.station["name"] and "address" in s
    deps = w.anon.list("deputies", station_id=st)["items"]
    assert {d["id"] for d in deps} == {d["id"] for d in w.deputies}
    nxt = w.anon.list("receptions", station_id=st, upcoming="true", sort="held_on")["items"]
    ids = [x["id"] for x in nxt]
    assert announced["id"] in ids and unannounced["id"] not in ids and past["id"] not in ids
    assert all(x["held_on"] >= iso(TODAY) for x in nxt)
    r = next(x for x in nxt if x["id"] == announced["id"])
    assert r["held_on"] == iso(soon) and r["announced_on"] == iso(TODAY)
    assert len(r["deputy_names"]) == 2 and all(r["deputy_names"])
    for hidden in ("notes", "voters_received", "announce_by", "announced_late"):
        assert hidden not in r, hidden
    assert_error(w.anon.get(f"/receptions/{unannounced['id']}"), 404)
    assert past["id"] in {x["id"] for x in w.anon.list("receptions", station_id=st, upcoming="false")["items"]}
    # the office sees every one, and filters the public cannot use stay the office's
    assert unannounced["id"] in {x["id"] for x in w.staff.all("receptions", upcoming="true")}
    assert_error(w.anon.get("/receptions", params={"announced_late": "true"}), 422, "announced_late")
    assert_error(w.anon.get("/receptions", params={"sort": "voters_received"}), 422, "sort")
    assert_error(w.anon.get("/receptions", params={"upcoming": "soon"}), 422, "upcoming")


# ---------------------------------------------------------------------------
# the announcement rule


def reception(w, held, announced=None, client=None):
    body = {"station_id": w.station["id"], "held_on": iso(held)}
    if announced is not None:
        body["announced_on"] = iso(announced)
    return (client or w.staff).create("receptions", body)


def days(n):
    return datetime.timedelta(days=n)


def test_a_reception_announced_less_than_three_days_ahead_is_late(w):
    held = TODAY + days(20)
    on_time = reception(w, held, held - days(3))
    late = reception(w, held, held - days(2))
    assert on_time["announce_by"] == iso(held - days(3))
    assert on_time["announced_late"] is False
    assert late["announced_late"] is True
    # not announced: late once the announce-by day has passed
    assert reception(w, TODAY + days(30))["announced_late"] is False
    assert reception(w, TODAY + days(2))["announced_late"] is True
    assert reception(w, TODAY - days(40))["announced_late"] is True
    # the list filter, and the record read back
    flagged = {x["id"] for x in w.staff.all("receptions", announced_late="true")}
    fine = {x["id"] for x in w.staff.all("receptions", announced_late="false")}
    assert late["id"] in flagged and on_time["id"] in fine and not flagged & fine
    assert w.staff.one("receptions", late["id"])["announced_late"] is True
    # announcing it later (PATCH) changes the flag; a new date recomputes announce_by
    r = w.staff.patch(f"/receptions/{late['id']}", {"held_on": iso(held + days(1))}).json()
    assert r["announce_by"] == iso(held - days(2)) and r["announced_late"] is False
    # server-owned: what a client sends for them is ignored
    r = w.staff.patch(f"/receptions/{late['id']}", {"announce_by": "2000-01-01", "announced_late": False}).json()
    assert r["announce_by"] == iso(held - days(2))


def test_the_notice_period_is_a_setting(dep):
    w2 = World(dep, n_deputies=1, n_units=0)
    held = TODAY + days(20)
    assert reception(w2, held, held - days(4))["announced_late"] is False
    assert w2.staff.patch("/settings", {"reception_notice_days": 5}).status_code == 200
    r = reception(w2, held, held - days(4))
    assert r["announced_late"] is True and r["announce_by"] == iso(held - days(5))
    assert_error(w2.staff.patch("/settings", {"reception_notice_days": -1}), 422, "reception_notice_days")
    assert_error(w2.staff.patch("/settings", {"reception_notice_days": 61}), 422, "reception_notice_days")


@pytest.mark.parametrize("announced", ["2026-02-30", "2026/01/01", "tomorrow", 20260101])
def test_bad_announcement_dates_are_422(w, announced):
    before = w.staff.total("receptions")
    assert_error(w.staff.post("/receptions", {"station_id": w.station["id"], "held_on": "2026-03-10",
                                              "announced_on": announced}), 422, "announced_on")
    assert w.staff.total("receptions") == before


def test_an_announcement_after_the_reception_is_422_on_every_path(w):
    st = w.station["id"]
    before = w.staff.total("receptions")
    err = assert_error(w.staff.post("/receptions", {"station_id": st, "held_on": "2026-03-10",
                                                    "announced_on": "2026-03-11"}), 422, "announced_on")
    assert err.get("message_zh")
    rec = reception(w, datetime.date(2026, 3, 10), datetime.date(2026, 3, 1))
    assert_error(w.staff.patch(f"/receptions/{rec['id']}", {"held_on": "2026-02-28"}), 422, "announced_on")
    csv = f"station_id,announced_on,held_on\r\n{st},2026-03-05,2026-03-12\r\n{st},2026-03-20,2026-03-12\r\n"
    r = w.staff.post("/receptions/import", data=csv.encode(), headers={"Content-Type": "text/csv"})
    err = assert_error(r, 422)
    assert [(x["row"], x["field"]) for x in err["rows"]] == [(3, "announced_on")]
    assert w.staff.total("receptions") == before + 1
    # a good file imports, and the rule computed the flags
    csv = f"station_id,announced_on,held_on\r\n{st},2026-03-01,2026-03-12\r\n{st},2026-03-11,2026-03-12\r\n"
    r = w.staff.post("/receptions/import", data=csv.encode(), headers={"Content-Type": "text/csv"})
    assert r.status_code == 200, r.text
    got = [x for x in w.staff.all("receptions") if x["held_on"] == "2026-03-12"]
    assert sorted((x["announced_on"], x["announced_late"]) for x in got) == \
        [("2026-03-01", False), ("2026-03-11", True)]
