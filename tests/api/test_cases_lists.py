"""What a case list shows and who gets which inbox (docs/api.md "Cases", docs/cases.md
"As built"): every list item names its lead deputy and its units with their roles
(also in the export), a deputy narrows a list to their own cases with `mine`, a
deputy's inbox holds invitations to cosign, replies to rate and drafts, and "today" is
the congress's local day."""

import csv
import datetime
import io

import pytest

from cases_util import TODAY, World, act_ok, assert_error, iso


@pytest.fixture(scope="module")
def w(dep):
    # deputies: 0 leads, 1 and 2 cosign, 3 leads their own, 4 is a stranger; units 0..2
    return World(dep, n_deputies=5, n_units=3)


def items(client, **params):
    r = client.get("/proposals", params={"per_page": 500, **params})
    assert r.status_code == 200, r.text
    return {it["id"]: it for it in r.json()["items"]}


def lead_name(w, cid):
    rec = w.get(cid)
    lead = [p for p in rec["people"] if p["role"] == "lead"]
    assert len(lead) == 1 and lead[0]["name"], rec["people"]
    return lead[0]["name"]


# ---------------------------------------------------------------------------
# list items: lead deputy and units


def test_list_items_name_the_lead_deputy_and_the_units_lead_first(w):
    cid = w.suggestion_in("accepted", lead=0, cosigners=(1,))
    # co-unit written first: the list still puts the answering (lead) unit first
    act_ok(w.staff, cid, "assign", w.assign_body([(1, "co"), (0, "lead")]))
    it = items(w.staff)[cid]
    assert it["lead_deputy_name"] == lead_name(w, cid)
    units = it["units"]
    assert [(u["unit_id"], u["role"], u["state"]) for u in units] == [
        (w.uid(0), "lead", "assigned"), (w.uid(1), "co", "assigned")]
    assert [u["unit_name"] for u in units] == [w.units[0]["name"], w.units[1]["name"]]

    # after the lead unit replies (after its co-unit's view: lead_waits_for_co_units),
    # the list shows it (the same answer on every page size)
    act_ok(w.uc[1], cid, "reply", {"text": "同意列入计划。"})
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已列入年度改造计划。"})
    for per_page in (1, 7, 500):
        seen = {}
        page = 1
        while True:
            r = w.staff.get("/proposals", params={"per_page": per_page, "page": page}).json()
            seen.update({i["id"]: i for i in r["items"]})
            if page * per_page >= r["total"]:
                break
            page += 1
        assert [(u["role"], u["state"]) for u in seen[cid]["units"]] == [
            ("lead", "replied"), ("co", "replied")], per_page


def test_separate_units_each_listed_and_unassigned_case_has_none(w):
    cid = w.suggestion_in("accepted", lead=0, cosigners=())
    act_ok(w.staff, cid, "assign", w.assign_body([(2, "separate"), (1, "separate")]))
    fresh = w.suggestion_in("submitted", lead=0, cosigners=())
    got = items(w.staff)
    assert sorted(u["unit_id"] for u in got[cid]["units"]) == sorted([w.uid(1), w.uid(2)])
    assert {u["role"] for u in got[cid]["units"]} == {"separate"}
    assert got[fresh]["units"] == []
    assert got[fresh]["lead_deputy_name"] == lead_name(w, fresh)


def test_a_unit_sees_the_other_units_of_its_own_cases_only(w):
    cid = w.suggestion_in("accepted", lead=0, cosigners=())
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead"), (2, "co")]))
    mine = items(w.uc[2])
    assert cid in mine and {u["unit_id"] for u in mine[cid]["units"]} == {w.uid(0), w.uid(2)}
    assert cid not in items(w.uc[1])


def test_petitions_and_opinions_have_units_but_no_lead_deputy(w):
    p = w.staff.create("petitions", {"title": f"反映农村道路破损问题{w.cid}", "channel": "letter",
                                     "person_times": 2, "petitioner": "徐建国",
                                     "content": "村道破损严重，请求维修。", "received_on": iso(TODAY)})
    act_ok(w.staff, p["id"], "accept", coll="petitions")
    act_ok(w.staff, p["id"], "assign", w.assign_body([(2, "lead")]), coll="petitions")
    r = w.staff.get("/petitions", params={"per_page": 500}).json()
    it = {i["id"]: i for i in r["items"]}[p["id"]]
    assert it["lead_deputy_name"] is None
    assert [(u["unit_name"], u["role"]) for u in it["units"]] == [(w.units[2]["name"], "lead")]


def test_export_names_things_as_a_ledger_does(w):
    cid = w.suggestion_in("accepted", lead=0, cosigners=(1, 2))
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead"), (1, "co")]))
    rec = w.get(cid)
    r = w.staff.get("/proposals/export", params={"format": "csv"})
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    row = {x["编号"]: x for x in rows}[rec["number"]]  # the case's number, not its database id
    assert row["领衔代表"] == lead_name(w, cid)
    names = {p["deputy_id"]: p["name"] for p in rec["people"]}
    assert row["附议代表"] == f"{names[w.did(1)]}、{names[w.did(2)]}"
    assert row["届次"] == f"第{w.term['number']}届"
    assert not [k for k in row if k.endswith("编号") and k != "编号"], f"no internal ids: {list(row)}"
    assert row["承办单位"] == f"{w.units[0]['name']}（主办）、{w.units[1]['name']}（协办）"
    assert row["类型"] == "建议" and row["状态"] == "已交办"  # words, not identifiers
    # petitions have no lead deputy column, but their units (one of its own, so that the
    # test does not lean on the module's earlier tests)
    w.staff.create("petitions", {"title": f"导出用来信{w.cid}", "channel": "letter",
                                 "person_times": 1, "petitioner": "李红",
                                 "content": "请求修缮村小学围墙。", "received_on": iso(TODAY)})
    r = w.staff.get("/petitions/export", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert "承办单位" in rows[0] and "领衔代表" not in rows[0]
    assert {x["渠道"] for x in rows} <= {"来信", "来访", "网上信访"}


# ---------------------------------------------------------------------------
# mine


def test_mine_narrows_a_deputy_list_to_their_own_cases(w):
    led = w.suggestion_in("draft", lead=3, cosigners=(1,))
    cosigned = w.suggestion_in("submitted", lead=0, cosigners=(3,))
    other = w.suggestion_in("closed", lead=0, cosigners=())
    act_ok(w.staff, other, "publish", {"published": True})
    d3 = w.dc[3]
    everything = items(d3)
    assert {led, cosigned, other} <= set(everything)  # the published one too
    mine = items(d3, mine="true")
    assert led in mine and cosigned in mine and other not in mine
    assert all(any(p["deputy_id"] == w.did(3) for p in w.get(i, client=d3)["people"]) for i in mine)
    assert led in items(d3, mine="lead") and cosigned not in items(d3, mine="lead")
    assert cosigned in items(d3, mine="cosigner") and led not in items(d3, mine="cosigner")
    # with the other filters
    assert set(items(d3, mine="true", state="draft")) >= {led}
    assert cosigned not in items(d3, mine="true", state="draft")
    # the total counts the same cases
    r = d3.get("/proposals", params={"mine": "true", "per_page": 1}).json()
    assert r["total"] == len(mine)


def test_mine_is_for_deputies_and_takes_known_values(w):
    assert_error(w.dc[3].get("/proposals", params={"mine": "sometimes"}), 422, "mine")
    for client in (w.staff, w.member, w.uc[0], w.anon):
        assert_error(client.get("/proposals", params={"mine": "true"}), 422, "mine")


def test_page_and_per_page_errors_are_422_like_collections(w):
    assert_error(w.staff.get("/proposals", params={"per_page": 100000}), 422, "per_page")
    assert_error(w.staff.get("/petitions", params={"page": 0}), 422, "page")


# ---------------------------------------------------------------------------
# a deputy's inbox


def boxes(client):
    r = client.get("/inbox")
    assert r.status_code == 200, r.text
    body = r.json()
    counts = body.pop("counts")
    body.pop("total")  # the bell's count (test_cases_feedback.py)
    named = body.pop("boxes")  # each box's label and tone (and a unit's figures) for the web app
    body.pop("figures", None)
    body.pop("meetings", None)  # the meetings' part: a deputy's notices (test_meetings.py)
    body.pop("warnings", None)
    assert [b["key"] for b in named] == list(counts), named
    assert set(counts) == set(body), body.keys()
    for k, v in body.items():  # a short box lists all it counts
        assert counts[k] == len(v), (k, counts[k], len(v))
    return {k: {c["id"] for c in v} for k, v in body.items()}


def test_a_full_box_lists_fifty_and_counts_all(dep):
    w = World(dep, n_deputies=0, n_units=0)
    for i in range(52):
        w.staff.create("petitions", {"title": f"反映问题{i}", "channel": "letter", "received_on": iso(TODAY)})
    r = w.staff.get("/inbox").json()
    assert len(r["to_review"]) == 50 and r["counts"]["to_review"] == 52
    assert r["counts"]["to_assign"] == 0 and r["to_assign"] == []


def test_deputy_inbox_follows_a_suggestion_from_invitation_to_feedback(dep):
    w = World(dep, n_deputies=3, n_units=1)
    lead, cos, stranger = w.dc
    c = w.create(w.suggestion_body(0, (1,)), lead)
    cid = c["id"]
    assert set(boxes(lead)) == {"to_confirm", "feedback", "drafts"}
    assert boxes(lead)["drafts"] == {cid} and boxes(lead)["to_confirm"] == set()
    assert boxes(cos)["to_confirm"] == {cid} and boxes(cos)["drafts"] == set()
    assert boxes(stranger) == {"to_confirm": set(), "feedback": set(), "drafts": set()}
    item = [x for x in cos.get("/inbox").json()["to_confirm"] if x["id"] == cid][0]
    assert item["kind"] == "proposal" and item["title"] == c["title"] and item["state"] == "draft"

    act_ok(lead, cid, "submit")
    assert boxes(lead)["drafts"] == set()
    assert boxes(cos)["to_confirm"] == {cid}  # may still confirm while submitted
    act_ok(cos, cid, "confirm")
    assert boxes(cos)["to_confirm"] == set()

    act_ok(w.staff, cid, "accept")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]))
    assert boxes(lead)["feedback"] == set()
    act_ok(w.uc[0], cid, "reply", {"class": "B", "text": "正在推进，年内完成。"})
    assert boxes(lead)["feedback"] == {cid} and boxes(cos)["feedback"] == {cid}
    assert boxes(stranger)["feedback"] == set()

    act_ok(lead, cid, "feedback", {"rating": "unsatisfied", "text": "未明确时间"})
    # the cosigner still rates this round; its rating, the last, starts re-handling
    assert boxes(lead)["feedback"] == set() and boxes(cos)["feedback"] == {cid}
    act_ok(cos, cid, "feedback", {"rating": "basically_satisfied"})
    # re-handling: nobody rates until the next reply
    assert boxes(lead)["feedback"] == set() and boxes(cos)["feedback"] == set()
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已于本月完成改造。"})
    assert boxes(lead)["feedback"] == {cid} and boxes(cos)["feedback"] == {cid}
    act_ok(cos, cid, "feedback", {"rating": "satisfied"})
    assert boxes(cos)["feedback"] == set() and boxes(lead)["feedback"] == {cid}


def test_an_unconfirmed_cosigner_confirms_before_rating(dep):
    w = World(dep, n_deputies=2, n_units=1)
    cid = w.create(w.suggestion_body(0, (1,)), w.dc[0])["id"]
    act_ok(w.dc[0], cid, "submit")
    act_ok(w.staff, cid, "accept")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead")]))
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已办结。"})
    assert boxes(w.dc[1])["feedback"] == set()
    assert boxes(w.dc[0])["feedback"] == {cid}


def test_merged_in_deputy_is_asked_for_feedback_on_the_main_case(dep):
    w = World(dep, n_deputies=2, n_units=1)
    main = w.suggestion_in("accepted", lead=0, cosigners=())
    dup = w.suggestion_in("merged", lead=1, cosigners=(), target=main)
    act_ok(w.staff, main, "assign", w.assign_body([(0, "lead")]))
    act_ok(w.uc[0], main, "reply", {"class": "A", "text": "已办结。"})
    assert boxes(w.dc[1])["feedback"] == {main}
    assert dup not in boxes(w.dc[1])["feedback"]


def test_staff_inbox_extensions_feedback_to_record_and_cases_to_close(dep):
    """Staff see what waits on them after assignment: a unit's extension request, a
    petitioner to call for their feedback, and replied cases everyone owed has rated."""
    w = World(dep, n_deputies=2, n_units=1)
    cid = w.suggestion_in("assigned", lead=0, cosigners=(1,))
    assert cid not in boxes(w.staff)["extensions"]
    act_ok(w.uc[0], cid, "extend", {"reason": "需协调多个部门，申请延期",
                                     "due_on": iso(TODAY + datetime.timedelta(days=200))})
    assert cid in boxes(w.staff)["extensions"]
    ext = w.get(cid)["extensions"][0]
    act_ok(w.staff, cid, "extend", {"extension_id": ext["id"]})
    assert cid not in boxes(w.staff)["extensions"]

    # a proposal: ready to close once the lead and the confirmed cosigner have rated
    act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已办结。"})
    assert cid not in boxes(w.staff)["to_close"]
    assert cid not in boxes(w.staff)["record_feedback"]  # deputies rate for themselves
    act_ok(w.dc[0], cid, "feedback", {"rating": "satisfied"})
    assert cid not in boxes(w.staff)["to_close"]
    act_ok(w.dc[1], cid, "feedback", {"rating": "basically_satisfied"})
    assert cid in boxes(w.staff)["to_close"]
    act_ok(w.staff, cid, "close")
    assert cid not in boxes(w.staff)["to_close"]

    # a petition: staff call the petitioner and record the feedback, then close
    p = w.staff.create("petitions", {"title": f"反映村道破损问题{w.cid}", "channel": "visit",
                                     "petitioner": "徐建国", "received_on": iso(TODAY)})
    act_ok(w.staff, p["id"], "accept", coll="petitions")
    act_ok(w.staff, p["id"], "assign", w.assign_body([(0, "lead")]), coll="petitions")
    act_ok(w.uc[0], p["id"], "reply", {"class": "A", "text": "已修复。"}, coll="petitions")
    got = boxes(w.staff)
    assert p["id"] in got["record_feedback"] and p["id"] not in got["to_close"]
    person = w.get(p["id"], "petitions")["people"][0]["id"]
    act_ok(w.staff, p["id"], "feedback", {"rating": "satisfied", "person_id": person}, coll="petitions")
    got = boxes(w.staff)
    assert p["id"] not in got["record_feedback"] and p["id"] in got["to_close"]


def test_inbox_audiences(w):
    assert set(boxes(w.staff)) == {"to_review", "to_assign", "assign_overdue", "overdue", "due_soon",
                                   "unsatisfied", "extensions", "record_feedback", "to_close",
                                   "to_rehandle", "follow_up"}
    assert set(boxes(w.uc[0])) == {"assigned", "overdue", "due_soon", "follow_up", "returned"}
    assert_error(w.member.get("/inbox"), 403)
    assert_error(w.anon.get("/inbox"), 401)


def test_deputy_menu_has_the_inbox(w):
    keys = [i["key"] for i in w.dc[0].get("/menu").json()["items"]]
    assert keys[:2] == ["home", "inbox"]
    assert "inbox" not in [i["key"] for i in w.member.get("/menu").json()["items"]]


# ---------------------------------------------------------------------------
# today at local time


def test_today_is_the_congress_local_day(dep):
    w = World(dep, n_deputies=1, n_units=1)
    # default: Beijing (+480)
    before = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    a = w.suggestion_in("submitted", lead=0, cosigners=())
    after = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()
    assert w.get(a)["submitted_on"] in (iso(before), iso(after))

    # 26 hours apart: the far east is always at least a day ahead of the far west
    assert w.staff.patch("/settings", {"utc_offset_minutes": -720}).status_code == 200
    west = w.get(w.suggestion_in("submitted", lead=0, cosigners=()))["submitted_on"]
    assert w.staff.patch("/settings", {"utc_offset_minutes": 840}).status_code == 200
    east = w.get(w.suggestion_in("submitted", lead=0, cosigners=()))["submitted_on"]
    gap = (datetime.date.fromisoformat(east) - datetime.date.fromisoformat(west)).days
    assert gap in (1, 2), (west, east)
    assert_error(w.staff.patch("/settings", {"utc_offset_minutes": 900}), 422, "utc_offset_minutes")


def test_statistics_count_by_category(dep):
    """by_category counts the filtered cases by their category (the web's category
    choices come from it), and sums to the total."""
    w = World(dep, n_deputies=1, n_units=1)
    for cat, n in (("交通", 2), ("教育", 1)):
        for _ in range(n):
            c = w.create(w.suggestion_body(0, (), category=cat), w.dc[0])
            act_ok(w.dc[0], c["id"], "submit")
    w.create(w.suggestion_body(0, (), category="政务服务"), w.dc[0])  # a draft: not counted
    st = w.staff.get("/proposals/stats").json()
    assert st["by_category"] == {"交通": 2, "教育": 1}
    assert sum(st["by_category"].values()) == st["total"] == 3
    assert w.staff.get("/proposals/stats", params={"category": "交通"}).json()["by_category"] == {"交通": 2}
