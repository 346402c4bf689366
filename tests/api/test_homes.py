"""What each role's pages are drawn from (docs/api.md "Audit trail", "Settings",
"Inbox", "Duty record"): the audit trail in words (actions, states and fields by
their labels, units by name, in both languages, the raw JSON kept beside them);
settings grouped, with units in both languages, and the installation's hidden from
staff (403 naming the key, reading or changing); the inbox naming its boxes and a
unit's figures; a deputy's duty record; /me naming the unit."""

import pytest

from cases_util import World, act_ok
from conftest import assert_error


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=3, n_units=2)


def entries(client, coll, cid):
    r = client.get(f"/audit?collection={coll}&id={cid}")
    assert r.status_code == 200, r.text
    return r.json()["items"]


def change(entry, field):
    rows = [c for c in entry["view"]["changes"] if c["field"] == field]
    assert rows, f"{entry['action']} has no {field}: {entry['view']}"
    return rows[0]


def test_audit_entry_of_an_assignment_in_words(dep, w):
    cid = w.suggestion_in("accepted")
    act_ok(w.staff, cid, "assign", w.assign_body([(0, "lead"), (1, "co")]))
    assign = [e for e in entries(w.staff, "proposals", cid) if e["action"] == "assign"][0]
    v = assign["view"]
    assert (v["action"]["label_zh"], v["action"]["label_en"]) == ("交办", "Assign")
    assert v["what"]["label_zh"] == "议案建议"
    state = change(assign, "state")
    assert (state["label_zh"], state["before_zh"], state["after_zh"]) == ("状态", "已受理", "已交办")
    assert (state["label_en"], state["before_en"], state["after_en"]) == ("State", "Accepted", "Assigned")
    units = change(assign, "units")
    lead, co = w.units[0]["name"], w.units[1]["name"]
    assert units["label_zh"] == "承办单位"
    assert units["after_zh"] == f"{lead} 主办、{co} 协办"
    assert units["after_en"] == f"{lead} Lead, {co} Co-unit"
    assert units["before_zh"] is None
    # the raw record is still there, beside its reading
    assert assign["after"]["input"]["units"][0]["unit_id"] == w.uid(0)
    assert not [c for c in v["changes"] if c["field"] == "record"]
    # each input once, under the action's own label
    assert len([c for c in v["changes"] if c["field"] == "difficult"]) == 1


def test_audit_entry_of_a_record_update_in_words(dep, w):
    unit = w.units[0]
    r = w.staff.patch(f"/units/{unit['id']}", {"contact": "新联系人"})
    assert r.status_code == 200, r.text
    e = entries(w.staff, "units", unit["id"])[0]
    assert e["view"]["action"]["label_zh"] == "修改"
    assert e["view"]["what"]["label_zh"] == "承办单位"
    c = change(e, "contact")
    assert c["after_zh"] == "新联系人" and c["label_en"] != "contact"
    # a reference by its record's name, not its id
    cg = change(entries(w.staff, "units", unit["id"])[-1], "congress_id")
    assert cg["after_zh"] == w.congress["name"]


def test_settings_grouped_with_units_in_both_languages(dep, w):
    items = w.staff.get("/settings").json()["items"]
    by = {i["key"]: i for i in items}
    ret = by["case_return_working_days"]
    assert (ret["unit_zh"], ret["unit_en"]) == ("工作日", "working days")
    assert (ret["group"], ret["group_zh"]) == ("cases", "议案建议办理")
    assert by["petition_reply_days"]["group"] == "petitions"
    assert all(i["group"] and i["group_zh"] and i["group_en"] for i in items)
    assert not {i["group"] for i in items} & {"server", "security"}
    # the groups come whole, in order: a group never reappears after another
    seen = []
    for i in items:
        if not seen or seen[-1] != i["group"]:
            assert i["group"] not in seen, i["group"]
            seen.append(i["group"])
    admin = {i["key"]: i for i in dep.admin.get("/settings").json()["items"]}
    assert admin["http_max_body"]["group"] == "server"
    assert (admin["http_max_body"]["unit_zh"], admin["http_max_body"]["unit_en"]) == ("字节", "bytes")
    assert admin["login_max_failures"]["group"] == "security"


def test_staff_can_neither_read_nor_change_an_installation_setting(dep, w):
    for key in ("http_max_body", "login_max_failures", "audit_checkpoint_minutes"):
        assert_error(w.staff.get(f"/settings/{key}"), 403, key)
        assert_error(w.staff.patch("/settings", {key: 100000}), 403, key)
        r = dep.admin.get(f"/settings/{key}")
        assert r.status_code == 200 and r.json()["key"] == key and r.json()["scope"] == "installation"
    assert w.staff.get("/settings/nonesuch").status_code == 404


def test_the_setting_shown_is_the_one_in_effect(dep, w):
    r = w.staff.patch("/settings", {"due_soon_working_days": 7})
    assert r.status_code == 200, r.text
    assert w.staff.get("/settings/due_soon_working_days").json()["value"] == 7
    listed = {i["key"]: i for i in w.staff.get("/settings").json()["items"]}
    assert listed["due_soon_working_days"]["value"] == 7


def test_unit_inbox_names_its_boxes_and_figures(dep, w):
    cid = w.suggestion_in("returned", unit=1)
    unit = w.uc[1]
    me = unit.get("/me").json()["user"]
    assert me["unit_name"] == w.units[1]["name"]
    box = unit.get("/inbox").json()
    keys = [b["key"] for b in box["boxes"]]
    assert keys == list(box["counts"]), "every box, in the order of counts"
    returned = [b for b in box["boxes"] if b["key"] == "returned"][0]
    assert returned["label_zh"] and returned["label_en"] and returned["count"] == 1
    assert [c["id"] for c in box["returned"]] == [cid]
    figs = {f["key"]: f for f in box["figures"]}
    assert {"reply_rate", "satisfaction"} <= set(figs)
    assert figs["reply_rate"]["label_zh"] == "答复率"


def test_deputy_duty_record(dep, w):
    led = w.suggestion_in("assigned", lead=0, cosigners=(1,))
    rec = w.dc[0].get("/duty").json()
    assert rec["led"] >= 1
    assert led in [c["id"] for c in rec["cases"] if c["role"] == "lead"]
    cos = w.dc[1].get("/duty").json()
    assert led in [c["id"] for c in cos["cases"] if c["role"] == "cosigner"] and cos["cosigned"] >= 1
    # someone else's draft is not in the cosigner's record until it is submitted
    draft = w.suggestion_in("draft", lead=2, cosigners=(1,))
    assert draft not in [c["id"] for c in w.dc[1].get("/duty").json()["cases"]]
    assert draft in [c["id"] for c in w.dc[2].get("/duty").json()["cases"]]
    assert w.staff.get("/duty").status_code == 403
