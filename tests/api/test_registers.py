"""The sixteen supervision and office registers of issue 13 (/work/briefs/registers.md)
and their child collections, through the collection engine: one table-driven set,
parametrised by register — in the schema and the menu under their group; a minimal
record from the schema's required fields created, read, listed, filtered and counted by
year, exported and imported back; participants filtered and counted (person-times);
sums in counts; a unit reading only its own records; who reads and who writes; the
status boards, chart and children the schema declares; polls on an evaluation."""

import datetime
import json

import pytest

from registers_util import (ALL, CHILDREN, DATED, DEPUTY_READERS, ENDS, GROUP, GROUP_ZH, LABEL_ZH, MAIN_DATE,
                            PARTICIPANTS, REGISTERS, TITLE, UNIT_SCOPED, RegWorld, assert_error, counts, days,
                            export_csv, import_csv, iso, ok, today, uniq)

# a year of its own for each register's round trip, so its list and counts hold that record alone
YEAR = {name: 2003 + i for i, name in enumerate(ALL)}
DERIVED = ("id", "created_at", "updated_at", "actions")


@pytest.fixture(scope="module")
def w(dep):
    return RegWorld(dep)


def scope(w, name, rec):
    """The list parameters that keep to the world's records: its congress, or for a child
    collection its parent record."""
    if name in CHILDREN:
        field = CHILDREN[name][1]
        return {field: rec[field]}
    return {"congress_id": w.cid}


def same(a, b):
    return {k: v for k, v in a.items() if k not in DERIVED} == {k: v for k, v in b.items() if k not in DERIVED}


# ---------------------------------------------------------------------------
# schema and menu


@pytest.mark.parametrize("name", ALL)
def test_in_the_schema_with_its_group(w, name):
    top = ok(w.staff.get("/schema"))
    listed = {c["name"]: c for c in top["collections"]}
    assert name in listed, f"{name} is not in /schema: {sorted(listed)}"
    assert listed[name]["label_zh"] == LABEL_ZH[name] and listed[name]["write"] is True, listed[name]
    s = w.schema(name)
    assert s["label_zh"] == LABEL_ZH[name] and s["label_en"], s
    if name in CHILDREN:
        assert not s.get("group"), f"a child collection is not in a menu group: {s.get('group')!r}"
    else:
        assert s.get("group") == GROUP[name], s.get("group")
    fields = {f["name"]: f for f in s["fields"]}
    if TITLE.get(name):
        t = fields[TITLE[name]]
        assert t["required"] and t["search"] and t["sort"], t
    if MAIN_DATE[name]:
        assert fields[MAIN_DATE[name]].get("main_date") and fields[MAIN_DATE[name]]["type"] == "date", \
            fields[MAIN_DATE[name]]
        mains = [f for f in s["fields"] if f.get("main_date")]
        assert len(mains) == 1, [f["name"] for f in mains]
    if name != "budget_execution" and name not in CHILDREN:
        assert fields["term_id"]["filter"] and fields["term_id"]["ref"] == "terms", fields.get("term_id")
    for field in ("deputy_ids", "member_ids", "unit_ids"):
        if name in PARTICIPANTS[field]:
            f = fields[field]
            ref = {"deputy_ids": "deputies", "member_ids": "members", "unit_ids": "units"}[field]
            assert f["type"] == "refs" and f["filter"] and f["ref"] == ref, f
    # a member reads the register but does not write it
    assert {c["name"]: c for c in ok(w.member.get("/schema"))["collections"]}[name]["write"] is False


def test_the_menu_groups_the_registers(w):
    for who in (w.staff, w.member):
        items = {i.get("collection"): i for i in ok(who.get("/menu"))["items"] if i.get("collection")}
        missing = [r for r in REGISTERS if r not in items]
        assert not missing, f"registers missing from the menu: {missing}"
        for r in REGISTERS:
            i = items[r]
            assert i["group"] == GROUP[r] and i["group_zh"] == GROUP_ZH[GROUP[r]] and i["group_en"], i
            assert i["label_zh"] == LABEL_ZH[r], i
        for child in CHILDREN:
            assert child not in items, f"{child} is reached from its parent's page, not the menu"
        # the other collections stay ungrouped
        assert not items["units"].get("group"), items["units"]
    # the registers are the office's and the members' menu, not a deputy's
    deputy = {i.get("collection") for i in ok(w.dc[0].get("/menu"))["items"]}
    assert not deputy & set(REGISTERS), deputy & set(REGISTERS)


# ---------------------------------------------------------------------------
# a record of each, through the engine


@pytest.mark.parametrize("name", ALL)
def test_a_minimal_record_round_trip(w, name):
    y = YEAR[name]
    on = datetime.date(y, 5, 10)
    body = w.body(name, on)
    rec = w.staff.create(name, body)
    for k, v in body.items():
        assert rec[k] == v, f"{name}.{k}: sent {v!r}, got {rec[k]!r}"
    assert rec["actions"] and {"update", "delete"} <= set(rec["actions"]), rec["actions"]
    assert w.staff.one(name, rec["id"]) == rec
    # listed, by year; counted by year
    sc = scope(w, name, rec)
    if MAIN_DATE[name]:
        got = w.staff.list(name, year=y, **sc)
        assert [x["id"] for x in got["items"]] == [rec["id"]] and got["total"] == 1, got
        assert same(got["items"][0], rec)
        assert rec["id"] not in [x["id"] for x in w.staff.list(name, year=y + 1, **sc)["items"]]
        c = counts(w.staff, name, by="year", **sc)
        assert c[str(y)]["count"] == 1, c
        rows = export_csv(w.staff, name, year=y, **sc)
    else:
        assert rec["id"] in [x["id"] for x in w.staff.all(name, **sc)]
        rows = export_csv(w.staff, name, q=rec[TITLE[name]], **sc)
    assert len(rows) == 2, f"{name}: {len(rows) - 1} rows exported, expected 1: {rows}"
    header = rows[0]
    main = MAIN_DATE[name] or TITLE[name]
    assert w.label(name, main) in header, header
    assert rec[main] in rows[1], rows[1]
    # deleted and imported back from its export: the same record again
    assert w.staff.delete(f"/{name}/{rec['id']}").status_code == 204
    r = import_csv(w.staff, name, rows)
    assert r.status_code == 200, f"import {name}: {r.status_code} {r.text[:800]}"
    assert r.json() == {"created": 1}, r.json()
    again = w.staff.list(name, year=y, **sc)["items"] if MAIN_DATE[name] else \
        w.staff.list(name, q=rec[TITLE[name]], **sc)["items"]
    assert len(again) == 1, again
    diff = {k: (v, again[0].get(k)) for k, v in rec.items() if k not in DERIVED and again[0].get(k) != v}
    assert not diff, f"{name}: the imported record differs (sent, got): {diff}"


@pytest.mark.parametrize("field,name", [(f, n) for f, ns in PARTICIPANTS.items() for n in ns])
def test_participants_are_filtered_and_counted(w, field, name):
    """?deputy_ids=5 keeps the records naming deputy 5 (5,7: either); /counts?by=deputy_ids
    counts records per person, and the counts add up to the person-times (人次)."""
    if field == "deputy_ids":
        ids, names = [d["id"] for d in w.deputies], [d["person_name"] for d in w.deputies]
    elif field == "member_ids":
        ids, names = [m["id"] for m in w.members], [m["person_name"] for m in w.members]
    else:
        ids, names = [u["id"] for u in w.units] + [w.f.unit(w.cid)["id"]], None
    on = datetime.date(2002, 3, 1)
    # a year these two records have to themselves in the world (before the round trips' years)
    while w.staff.total(name, congress_id=w.cid, year=on.year):
        on = on.replace(year=on.year - 1)
    a = w.make(name, on, **{field: [ids[0], ids[1]]})
    b = w.make(name, days(on, 1), **{field: [ids[1], ids[2]]})
    assert a[field] == [ids[0], ids[1]], a
    names_key = w.field(name, field)["names_key"]
    assert len(a[names_key]) == 2, a
    if names:
        assert a[names_key] == names[:2], a[names_key]
    sc = {"congress_id": w.cid, "year": on.year}
    got = {x["id"] for x in w.staff.list(name, **{field: str(ids[0])}, **sc)["items"]}
    assert got == {a["id"]}, got
    got = {x["id"] for x in w.staff.list(name, **{field: f"{ids[0]},{ids[2]}"}, **sc)["items"]}
    assert got == {a["id"], b["id"]}, got
    assert w.staff.list(name, **{field: str(ids[1])}, **sc)["total"] == 2
    c = counts(w.staff, name, by=field, **sc)
    assert {k: v["count"] for k, v in c.items()} == {str(ids[0]): 1, str(ids[1]): 2, str(ids[2]): 1}, c
    assert sum(v["count"] for v in c.values()) == 4  # person-times: 2 + 2
    if names:
        assert [c[str(i)]["label_zh"] for i in ids[:3]] == names[:3], c
    # a unit of another congress is no unit of this one
    if field == "unit_ids":
        stranger = w.f.unit(w.f.congress()["id"])
        assert_error(w.staff.post(f"/{name}", w.body(name, on, **{field: [stranger["id"]]})), 422, field)


def test_sums_by_unit(w):
    """/counts?by=unit_id&sum=spent: each unit's lines counted and their spending added up."""
    on = datetime.date(2021, 6, 30)
    u0, u1 = w.uid(0), w.uid(1)
    for unit, item, budgeted, spent in ((u0, "义务教育经费", "100.00", "12.50"), (u0, "校舍维修", "50.00", "7.25"),
                                        (u1, "农村公路养护", "30.00", "3.00")):
        w.make("budget_execution", on, unit_id=unit, item=f"{item}{uniq()}", budgeted=budgeted, spent=spent)
    d = ok(w.staff.get("/budget_execution/counts",
                       params={"by": "unit_id", "sum": "spent", "congress_id": w.cid, "as_of_from": iso(on),
                               "as_of_to": iso(on)}))
    assert d["sum_field"] == "spent", d
    items = {str(i["value"]): i for i in d["items"]}
    assert (items[str(u0)]["count"], items[str(u0)]["sum"]) == (2, "19.75"), items
    assert (items[str(u1)]["count"], items[str(u1)]["sum"]) == (1, "3.00"), items
    assert items[str(u0)]["label_zh"] == w.units[0]["name"]
    d = ok(w.staff.get("/budget_execution/counts",
                       params={"by": "unit_id", "sum": "budgeted", "congress_id": w.cid, "as_of_from": iso(on),
                               "as_of_to": iso(on)}))
    assert {str(i["value"]): i["sum"] for i in d["items"]} == {str(u0): "150.00", str(u1): "30.00"}, d
    # a text field is not added up
    assert_error(w.staff.get("/budget_execution/counts", params={"by": "unit_id", "sum": "item"}), 422, "sum")


def test_sums_of_the_latest_table(w):
    """latest=as_of: figures that run to date are summed for the latest table alone (the
    department chart the schema's sum_chart declares), not added up over the months."""
    assert w.schema("budget_execution")["sum_chart"] == {"by": "unit_id", "sums": ["budgeted", "spent"],
                                                         "latest": "as_of"}
    assert w.schema("audit_findings")["sum_chart"]["sums"] == ["amount"]
    u0 = w.uid(0)
    item = f"公用经费{uniq()}"
    for on, spent in ((datetime.date(2012, 4, 30), "10.00"), (datetime.date(2012, 5, 31), "25.00")):
        w.make("budget_execution", on, unit_id=u0, item=item, budgeted="100.00", spent=spent)
    q = {"by": "unit_id", "sum": "spent", "latest": "as_of", "year": "2012", "congress_id": w.cid}
    d = ok(w.staff.get("/budget_execution/counts", params=q))
    assert d["latest"] == {"field": "as_of", "value": "2012-05-31"}, d
    assert [(i["value"], i["count"], i["sum"]) for i in d["items"]] == [(u0, 1, "25.00")], d
    # nothing filtered: no latest day, no groups
    d = ok(w.staff.get("/budget_execution/counts", params={**q, "year": "2009"}))
    assert d["items"] == [] and d["latest"]["value"] is None, d
    # latest takes a date field
    assert_error(w.staff.get("/budget_execution/counts", params={**q, "latest": "item"}), 422, "latest")


# ---------------------------------------------------------------------------
# who reads, who writes


@pytest.mark.parametrize("name", sorted(UNIT_SCOPED))
def test_a_unit_reads_only_its_own(w, name):
    field = UNIT_SCOPED[name]
    mine = w.make(name, **{field: w.uid(0)})
    theirs = w.make(name, **{field: w.uid(1)})
    u = w.uc[0]
    assert u.one(name, mine["id"])[field] == w.uid(0)
    assert_error(u.get(f"/{name}/{theirs['id']}"), 404)
    seen = [x["id"] for x in u.all(name)]
    assert mine["id"] in seen and theirs["id"] not in seen
    assert all(x[field] == w.uid(0) for x in u.all(name)), "a unit lists another unit's records"
    staff_seen = {x["id"] for x in w.staff.all(name, congress_id=w.cid)}
    assert {mine["id"], theirs["id"]} <= staff_seen
    c = counts(u, name, by="year")
    assert sum(i["count"] for i in c.values()) == len(seen), c
    rows = export_csv(u, name)
    assert len(rows) - 1 == len(seen), rows
    # a unit never writes a register
    assert_error(u.post(f"/{name}", w.body(name, **{field: w.uid(0)})), 403)
    assert_error(u.patch(f"/{name}/{mine['id']}", {TITLE[name]: "单位自己改的"}), 403)
    assert_error(u.delete(f"/{name}/{mine['id']}"), 403)
    assert u.one(name, mine["id"])["actions"] == []
    assert_error(u.get(f"/{name}/{theirs['id']}/attachments"), 404)


@pytest.mark.parametrize("name", REGISTERS)
def test_who_reads_and_who_writes(w, name):
    rec = w.make(name)
    path = f"/{name}/{rec['id']}"
    # members read every register, write none
    assert w.member.one(name, rec["id"])["actions"] == []
    assert_error(w.member.post(f"/{name}", w.body(name)), 403)
    assert_error(w.member.patch(path, {TITLE[name]: "委员改的"}), 403)
    # deputies read the registers of their own activity (inspections …), write none
    d = w.dc[0]
    if name in DEPUTY_READERS:
        assert d.one(name, rec["id"])["actions"] == []
        assert rec["id"] in [x["id"] for x in d.all(name)]
        assert_error(d.post(f"/{name}", w.body(name)), 403)
        assert_error(d.patch(path, {TITLE[name]: "代表改的"}), 403)
        assert_error(d.delete(path), 403)
    else:
        assert_error(d.get(f"/{name}"), 403)
        assert_error(d.get(path), (403, 404))
    if name not in UNIT_SCOPED:
        assert_error(w.uc[0].get(f"/{name}"), 403)
    if name == "normative_documents":  # the public reads the filing register's public fields
        pub = w.anon.get(path)
        assert pub.status_code == 200, pub.text
        assert set(pub.json()) >= {"title", "issuer_id", "document_number", "published_on", "finding", "stage"}
        assert "notes" not in pub.json() and "filed_on" not in pub.json(), sorted(pub.json())
    else:
        assert_error(w.anon.get(f"/{name}"), 401)
    assert {"update", "delete"} <= set(w.staff.one(name, rec["id"])["actions"])


# ---------------------------------------------------------------------------
# boards, chart, children


BOARDS = {
    "audit_findings": (["status"], [("overdue", "red"), ("due_soon", "yellow")]),
    "normative_documents": (["finding", "stage"], [("filed_late", "red"), ("answer_overdue", "red")]),
    "budget_execution": (None, [("lagging", "yellow")]),
}


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_the_status_board_in_the_schema_works(w, name):
    by, lights = BOARDS[name]
    board = w.schema(name).get("board")
    assert board, f"/{name}/schema has no board"
    if by is not None:
        assert board["by"] == by, board
    assert [(x["param"], x["color"]) for x in board["lights"]] == lights, board
    for x in board["lights"]:
        assert x["label_zh"] and x["label_en"], x
    # what the web app asks for to draw it
    for f in board.get("by") or []:
        ok(w.staff.get(f"/{name}/counts", params={"by": f, "congress_id": w.cid}))
    for x in board["lights"]:
        for v in ("true", "false"):
            ok(w.staff.get(f"/{name}/counts", params={"by": "year", x["param"]: v, "congress_id": w.cid}))
            ok(w.staff.get(f"/{name}", params={x["param"]: v}))
        assert_error(w.staff.get(f"/{name}", params={x["param"]: "也许"}), 422, x["param"])
    for other in ("inspections", "indicators"):
        assert not w.schema(other).get("board"), other


def test_chart_and_children_in_the_schema(w):
    assert w.schema("indicator_values").get("chart") == {"x": "measured_on", "y": "value"}
    for parent, child, field in (("indicators", "indicator_values", "indicator_id"),
                                 ("regulations", "regulation_revisions", "regulation_id")):
        kids = w.schema(parent).get("children")
        assert [(k["collection"], k["field"]) for k in kids or []] == [(child, field)], kids
    assert not w.schema("inspections").get("children")
    for child, (parent, field) in CHILDREN.items():
        f = w.field(child, field)
        assert f["required"] and f["ref"] == parent and f.get("fixed"), f


@pytest.mark.parametrize("child", sorted(CHILDREN))
def test_a_parent_with_children_is_not_deleted(w, child):
    parent, field = CHILDREN[child]
    p = w.make(parent)
    values = [w.make(child, datetime.date(2020 + i, 12, 31), **{field: p["id"]}) for i in range(3)]
    listed = w.staff.list(child, **{field: p["id"]}, sort=MAIN_DATE[child])["items"]
    assert [x["id"] for x in listed] == [v["id"] for v in values]
    err = assert_error(w.staff.delete(f"/{parent}/{p['id']}"), 409)
    assert child in err["message"] or child == err["field"], err
    assert w.staff.one(parent, p["id"])["id"] == p["id"]
    assert w.staff.total(child, **{field: p["id"]}) == 3
    # a child stays with its parent
    other = w.make(parent)
    r = w.staff.patch(f"/{child}/{values[0]['id']}", {field: other["id"]})
    if r.status_code == 200:
        assert r.json()[field] == p["id"], "a child moved to another parent"
    else:
        assert_error(r, (409, 422), field)
    for v in values:
        assert w.staff.delete(f"/{child}/{v['id']}").status_code == 204
    assert w.staff.delete(f"/{parent}/{p['id']}").status_code == 204


def test_an_indicator_is_drawn_from_its_values(w):
    ind = w.make("indicators", name=f"国有房地产确权率{uniq()}", unit_of_measure="%", baseline="12.00",
                 target="90.00")
    for y, v in ((2019, "48.50"), (2017, "12.00"), (2021, "90.00")):
        w.make("indicator_values", datetime.date(y, 12, 31), indicator_id=ind["id"], value=v)
    got = w.staff.list("indicator_values", indicator_id=ind["id"], sort="measured_on")["items"]
    assert [(x["measured_on"], x["value"]) for x in got] == [("2017-12-31", "12.00"), ("2019-12-31", "48.50"),
                                                               ("2021-12-31", "90.00")]
    # one value a day: the natural key
    assert_error(w.staff.post("/indicator_values", {"indicator_id": ind["id"], "measured_on": "2019-12-31",
                                                    "value": "50.00"}), 409)


# ---------------------------------------------------------------------------
# polls on an evaluation


def test_a_satisfaction_poll_on_an_evaluation(w):
    ev = w.make("evaluations", unit_id=w.uid(0), subject=f"对县住建局的工作评议{uniq()}")
    assert "poll" in w.staff.one("evaluations", ev["id"])["actions"]
    assert "poll" not in w.member.one("evaluations", ev["id"])["actions"]
    assert w.staff.one("evaluations", ev["id"]).get("polls") == []
    voters = [d["id"] for d in w.deputies]
    poll = {"question": "对县住建局工作的满意度测评", "mode": "secret", "method": "electronic",
            "rule": "satisfaction", "electorate": "list", "voters": voters, "term_id": w.today_term()["id"],
            "collection": "evaluations", "record_id": ev["id"]}
    # only an evaluation, and only a satisfaction poll
    insp = w.make("inspections")
    assert_error(w.staff.post("/votes", dict(poll, collection="inspections", record_id=insp["id"])), 422,
                 "collection")
    assert_error(w.staff.post("/votes", dict(poll, rule="majority_of_all")), 422, "rule")
    assert_error(w.staff.post("/votes", dict(poll, record_id=ev["id"] + 100000)), 422, "record_id")
    assert w.staff.one("evaluations", ev["id"])["polls"] == []
    vote = ok(w.staff.post("/votes", poll), 201)
    assert (vote["collection"], vote["record_id"]) == ("evaluations", ev["id"]), vote
    polls = w.staff.one("evaluations", ev["id"])["polls"]
    assert len(polls) == 1 and polls[0].get("id", polls[0].get("vote_id")) == vote["id"], polls
    assert polls[0]["state"] == "draft", polls
    ok(w.staff.post(f"/votes/{vote['id']}/open", {"present": voters}))
    for i, choice in enumerate(["satisfied", "satisfied", "unsatisfied"]):
        ok(w.dc[i].post(f"/votes/{vote['id']}/ballot", {"choice": choice}))
    ok(w.staff.post(f"/votes/{vote['id']}/close", {}))
    polls = w.staff.one("evaluations", ev["id"])["polls"]
    assert polls[0]["state"] == "closed" and "satisfied" in json.dumps(polls[0].get("result")), polls
    # the evaluated unit reads the verdict on its own evaluation
    assert w.uc[0].one("evaluations", ev["id"])["polls"][0]["state"] == "closed"


# ---------------------------------------------------------------------------
# dates


@pytest.mark.parametrize("name", DATED)
def test_the_main_date_is_not_more_than_a_year_ahead(w, name):
    main = MAIN_DATE[name]
    err = assert_error(w.staff.post(f"/{name}", w.body(name, days(today(), 400))), 422, main)
    assert err["message"]
    rec = w.make(name, days(today(), 300))
    assert rec[main] == iso(days(today(), 300))
    assert_error(w.staff.patch(f"/{name}/{rec['id']}", {main: iso(days(today(), 400))}), 422, main)


@pytest.mark.parametrize("name", ENDS)
def test_ends_on_is_not_before_the_start(w, name):
    on = datetime.date(2024, 5, 10)
    assert_error(w.staff.post(f"/{name}", w.body(name, on, ends_on=iso(days(on, -1)))), 422, "ends_on")
    rec = w.make(name, on, ends_on=iso(on))
    assert rec["ends_on"] == iso(on)
    assert_error(w.staff.patch(f"/{name}/{rec['id']}", {MAIN_DATE[name]: iso(days(on, 1))}), 422, "ends_on")
