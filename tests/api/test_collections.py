"""CRUD, lists (q, filters, sort, pages), validation and conflicts for the eight
collections — docs/api.md "Collections"."""

import pytest

from conftest import COLLECTIONS, Client, Factory, assert_error, strip_owned, term_number, uniq


@pytest.fixture(scope="module")
def world(dep):
    f = Factory(dep.admin)
    city = f.congress("衢州市人民代表大会", "city")
    county = f.congress("常山县人民代表大会", "county", city["id"])
    cid = county["id"]
    term = f.term(cid, 16, start_on="2021-10-01", end_on="2026-09-30")
    persons = [f.person(cid, n) for n in ("张伟", "王芳", "欧阳明华", "李秀英")]
    committee = f.committee(cid, "财政经济委员会", "special")
    station = f.station(cid, "天马街道人大代表联络站", township="天马街道")
    point = f.station(cid, "金川社区代表联络点", kind="point", township="金川街道", parent_id=station["id"])
    unit = f.unit(cid, "常山县人民政府", "government")
    deputy = f.deputy(cid, persons[0]["id"], term["id"], station["id"], delegation="天马街道代表团",
                      occupation="天马街道党工委书记")
    member = f.member(cid, persons[1]["id"], term["id"], committee["id"], position="chair")
    seed = {"congresses": county, "terms": term, "persons": persons[0], "committees": committee,
            "stations": station, "units": unit, "deputies": deputy, "members": member}
    return {"f": f, "city": city, "county": county, "cid": cid, "term": term, "persons": persons,
            "committee": committee, "station": station, "point": point, "unit": unit, "deputy": deputy,
            "member": member, "seed": seed}


def full_body(collection, w):
    """A POST body with every field of the collection filled in."""
    cid, n = w["cid"], uniq()
    return {
        "congresses": {"name": f"球川镇人民代表大会{n}", "level": "township", "parent_id": cid},
        "terms": {"congress_id": cid, "number": term_number(cid), "start_on": "2016-10-01", "end_on": "2021-09-30"},
        "persons": {"congress_id": cid, "name": f"郑海燕{n}", "gender": "female", "birth_date": "1978-08-08",
                    "ethnicity": "畲族", "party": "中共党员", "phone": "13905701234"},
        "committees": {"congress_id": cid, "name": f"法制委员会{n}", "kind": "special",
                       "duties": "统一审议法规草案"},
        "units": {"congress_id": cid, "name": f"常山县人民法院{n}", "kind": "court", "contact": "周庭长",
                  "phone": "0570-5012345"},
        "stations": {"congress_id": cid, "name": f"同弓乡代表联络点{n}", "kind": "point", "township": "同弓乡",
                     "parent_id": w["station"]["id"], "address": "常山县同弓乡同弓村"},
        "deputies": {"congress_id": cid, "person_id": w["persons"][2]["id"], "term_id": w["term"]["id"],
                     "level": "provincial", "delegation": "紫港街道代表团", "occupation": "企业负责人",
                     "station_id": w["station"]["id"], "status": "active"},
        "members": {"congress_id": cid, "term_id": w["term"]["id"], "person_id": w["persons"][3]["id"],
                    "position": "secretary_general", "committee_id": w["committee"]["id"],
                    "start_on": "2021-10-01", "end_on": "2026-09-30"},
    }[collection]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_crud(dep, world, collection):
    a = dep.admin
    body = full_body(collection, world)
    r = a.post("/" + collection, body)
    assert r.status_code == 201, r.text
    rec = r.json()
    assert isinstance(rec["id"], int) and rec["id"] > 0
    assert rec["created_at"] and rec["updated_at"]
    for k, v in body.items():
        assert rec[k] == v, f"{collection}.{k}: sent {v!r}, got {rec[k]!r}"
    rid = rec["id"]

    got = a.one(collection, rid)
    assert got == rec

    field, newval = Factory.PATCHES[collection]
    v = newval()
    r = a.patch(f"/{collection}/{rid}", {field: v})
    assert r.status_code == 200, r.text
    patched = r.json()
    assert patched[field] == v
    assert strip_owned(patched, {field}) == strip_owned(rec, {field}), "PATCH changed other fields"
    assert patched["created_at"] == rec["created_at"]
    assert a.one(collection, rid) == patched

    listed = a.all(collection)
    assert [x for x in listed if x["id"] == rid] == [patched]

    r = a.delete(f"/{collection}/{rid}")
    assert r.status_code == 204, r.text
    assert r.content == b""
    assert_error(a.get(f"/{collection}/{rid}"), 404)
    assert_error(a.delete(f"/{collection}/{rid}"), 404)
    assert_error(a.patch(f"/{collection}/{rid}", {field: v}), 404)
    assert rid not in [x["id"] for x in a.all(collection)]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_get_then_patch_back_unchanged(dep, world, collection):
    a = dep.admin
    rec = a.one(collection, world["seed"][collection]["id"])
    r = a.patch(f"/{collection}/{rec['id']}", rec)
    assert r.status_code == 200, f"PATCH with the GET result: {r.status_code} {r.text}"
    after = r.json()
    assert {k: v for k, v in after.items() if k != "updated_at"} == \
           {k: v for k, v in rec.items() if k != "updated_at"}
    # server-owned and derived fields in the body are ignored, not applied
    fake = dict(rec, id=rec["id"] + 1000, created_at="2000-01-01T00:00:00Z")
    for k in list(fake):
        if k.endswith("_name") and k[:-5] + "_id" in fake:
            fake[k] = "伪造的名称"
    r = a.patch(f"/{collection}/{rec['id']}", fake)
    assert r.status_code == 200, r.text
    assert {k: v for k, v in r.json().items() if k != "updated_at"} == \
           {k: v for k, v in rec.items() if k != "updated_at"}


@pytest.mark.parametrize("collection", ["persons", "deputies", "members"])
def test_get_result_can_be_posted_as_a_copy(dep, world, collection):
    a = dep.admin
    rec = a.one(collection, world["seed"][collection]["id"])
    r = a.post("/" + collection, rec)
    assert r.status_code == 201, f"POST of a GET result: {r.status_code} {r.text}"
    copy = r.json()
    assert copy["id"] != rec["id"]
    assert strip_owned(copy) == strip_owned(rec)
    # and its embedded names are the server's, not copied blindly
    for k in copy:
        if k.endswith("_name") and k[:-5] + "_id" in copy:
            assert copy[k] == rec[k]


def test_embedded_names(dep, world):
    a = dep.admin
    d = a.one("deputies", world["deputy"]["id"])
    assert d["person_name"] == "张伟"
    assert d["congress_name"] == "常山县人民代表大会"
    assert d["station_name"] == "天马街道人大代表联络站"
    assert "term_name" in d
    m = a.one("members", world["member"]["id"])
    assert m["person_name"] == "王芳"
    assert m["committee_name"] == "财政经济委员会"
    p = a.one("stations", world["point"]["id"])
    assert p["parent_name"] == "天马街道人大代表联络站"
    cg = a.one("congresses", world["cid"])
    assert cg["parent_name"] == "衢州市人民代表大会"
    for c in COLLECTIONS:
        rec = a.one(c, world["seed"][c]["id"])
        for k in rec:
            if k.endswith("_id"):
                assert k[:-3] + "_name" in rec, f"{c}: {k} without {k[:-3]}_name"
    # the list embeds them too
    items = a.list("deputies", congress_id=world["cid"], q="张伟")["items"]
    assert any(x["id"] == world["deputy"]["id"] and x["person_name"] == "张伟" for x in items)
    # renaming the person shows in the deputy
    pid = world["persons"][0]["id"]
    assert a.patch(f"/persons/{pid}", {"name": "张卫"}).status_code == 200
    try:
        assert a.one("deputies", world["deputy"]["id"])["person_name"] == "张卫"
    finally:
        assert a.patch(f"/persons/{pid}", {"name": "张伟"}).status_code == 200


def test_defaults(dep, world):
    d = dep.admin.create("deputies", {"congress_id": world["cid"], "person_id": world["persons"][3]["id"],
                                      "level": "county"})
    assert d["status"] == "active"
    assert d["term_id"] is None and d["station_id"] is None


def test_list_shape_and_total(dep, world):
    d = dep.admin.list("units")
    assert set(("items", "total", "page", "per_page")) <= set(d)
    assert d["page"] == 1 and d["per_page"] == 50
    assert d["total"] == len(dep.admin.all("units"))


def test_q_text_search(dep, world):
    a = dep.admin
    f = world["f"]
    cid = world["cid"]
    extra = [f.person(cid, "欧阳明华"), f.person(cid, "欧阳修"), f.person(cid, "司马光")]
    r = a.list("persons", q="欧阳", per_page=500)
    names = {x["name"] for x in r["items"]}
    assert {"欧阳明华", "欧阳修"} <= names
    assert "司马光" not in names and "张伟" not in names
    assert r["total"] == len(r["items"])
    r = a.list("persons", q="明华")
    assert r["total"] >= 2 and all("明华" in x["name"] for x in r["items"])
    r = a.list("persons", q="司马光")
    assert [x["id"] for x in r["items"]] == [extra[2]["id"]]
    r = a.list("persons", q="不存在的名字")
    assert r["total"] == 0 and r["items"] == []
    r = a.list("units", q="人民政府")
    assert any(x["id"] == world["unit"]["id"] for x in r["items"])
    r = a.list("deputies", q="张伟")
    assert any(x["id"] == world["deputy"]["id"] for x in r["items"])


def test_filters(dep, world):
    a = dep.admin
    f = world["f"]
    cid = world["cid"]
    for name, kind in [("常山县监察委员会", "supervisory_commission"), ("常山县人民检察院", "procuratorate"),
                       ("常山县人民法院", "court"), ("招贤镇人民政府", "township")]:
        f.unit(cid, name, kind)
    r = a.list("units", kind="court", congress_id=cid)
    assert r["total"] >= 1 and all(x["kind"] == "court" for x in r["items"])
    assert "常山县人民法院" in [x["name"] for x in r["items"]]
    r = a.list("units", kind="procuratorate", congress_id=cid)
    assert [x["name"] for x in r["items"]] == ["常山县人民检察院"]
    f.deputy(cid, world["persons"][1]["id"], world["term"]["id"], delegation="城关镇代表团", level="provincial")
    r = a.list("deputies", level="provincial", delegation="城关镇代表团")
    assert r["total"] == 1 and r["items"][0]["person_name"] == "王芳"
    r = a.list("stations", kind="point", congress_id=cid)
    assert all(x["kind"] == "point" for x in r["items"]) and r["total"] >= 1
    r = a.list("congresses", level="city")
    assert [x["name"] for x in r["items"]] == ["衢州市人民代表大会"]
    r = a.list("units", congress_id=cid, kind="court", q="法院")
    assert all(x["kind"] == "court" for x in r["items"]) and r["total"] >= 1
    r = a.list("units", kind="court", congress_id=987654)
    assert r["total"] == 0


def test_sort_and_pages(dep, world):
    a = dep.admin
    f = world["f"]
    cg = f.congress(f"排序测试人民代表大会{uniq()}", "township", world["cid"])
    made = [f.unit(cg["id"], f"S{i}单位", "other") for i in (3, 1, 7, 5, 2, 6, 4)]
    ids = sorted(u["id"] for u in made)

    r = a.list("units", congress_id=cg["id"], sort="name")
    assert [x["name"] for x in r["items"]] == [f"S{i}单位" for i in range(1, 8)]
    r = a.list("units", congress_id=cg["id"], sort="-name")
    assert [x["name"] for x in r["items"]] == [f"S{i}单位" for i in range(7, 0, -1)]
    r = a.list("units", congress_id=cg["id"], sort="id")
    assert [x["id"] for x in r["items"]] == ids
    r = a.list("units", congress_id=cg["id"], sort="-id")
    assert [x["id"] for x in r["items"]] == ids[::-1]

    seen = []
    for page, n in ((1, 3), (2, 3), (3, 1)):
        r = a.list("units", congress_id=cg["id"], sort="id", page=page, per_page=3)
        assert r["total"] == 7 and r["page"] == page and r["per_page"] == 3
        assert len(r["items"]) == n
        seen += [x["id"] for x in r["items"]]
    assert seen == ids
    r = a.list("units", congress_id=cg["id"], sort="id", page=4, per_page=3)
    assert r["items"] == [] and r["total"] == 7
    assert a.list("units", per_page=500)["per_page"] == 500
    assert len(a.list("units", per_page=1)["items"]) == 1

    r = a.list("terms", congress_id=world["cid"], sort="-number")
    nums = [x["number"] for x in r["items"]]
    assert nums == sorted(nums, reverse=True) and 16 in nums


@pytest.mark.parametrize("params,field", [
    ({"per_page": "501"}, "per_page"),
    ({"per_page": "0"}, "per_page"),
    ({"per_page": "-5"}, "per_page"),
    ({"colour": "red"}, "colour"),
    ({"sort": "nonexistent"}, ("sort", "nonexistent")),
    ({"sort": "-nonexistent"}, ("sort", "nonexistent", "-nonexistent")),
    ({"kind": "court,,township"}, "kind"),
    ({"kind": "court,"}, "kind"),
    ({"kind": ",court"}, "kind"),
    ([("page", "1"), ("page", "2")], "page"),
    ([("kind", "court"), ("kind", "township")], "kind"),
])
def test_bad_list_parameters(dep, world, params, field):
    assert_error(dep.admin.get("/units", params=params), 422, field=field)


def test_a_list_of_values_and_its_wording(dep, world):
    """kind=a,b is the list; an empty item or a repeated parameter is named, in Chinese too."""
    assert dep.admin.get("/units", params={"kind": "court,township"}).status_code == 200
    r = dep.admin.get("/units", params={"kind": "court,,township"})
    assert "空值" in r.json()["error"]["message_zh"], r.text
    r = dep.admin.get("/units", params=[("page", "1"), ("page", "2")])
    assert "多次" in r.json()["error"]["message_zh"], r.text


def test_unknown_field_is_named(dep, world):
    a = dep.admin
    before = a.total("units")
    snapshot = a.one("units", world["unit"]["id"])
    r = a.post("/units", {"congress_id": world["cid"], "name": f"常山县审计局{uniq()}", "kind": "department",
                          "nickname": "审计"})
    assert_error(r, 422, field="nickname")
    r = a.patch(f"/units/{world['unit']['id']}", {"favourite_colour": "红"})
    assert_error(r, 422, field="favourite_colour")
    # a field of another collection is unknown here too
    r = a.post("/units", {"congress_id": world["cid"], "name": f"常山县审计局{uniq()}", "kind": "department",
                          "township": "天马街道"})
    assert_error(r, 422, field="township")
    assert a.total("units") == before
    assert a.one("units", world["unit"]["id"]) == snapshot


@pytest.mark.parametrize("collection,drop", [
    ("units", "name"), ("units", "kind"), ("units", "congress_id"),
    ("congresses", "name"), ("congresses", "level"),
    ("terms", "number"), ("terms", "start_on"),
    ("persons", "name"),
    ("committees", "kind"),
    ("stations", "township"), ("stations", "kind"),
    ("deputies", "person_id"), ("deputies", "level"),
    ("members", "position"), ("members", "person_id"),
])
def test_missing_required_field_is_named(dep, world, collection, drop):
    body = full_body(collection, world)
    del body[drop]
    before = dep.admin.total(collection)
    assert_error(dep.admin.post("/" + collection, body), 422, field=drop)
    assert dep.admin.total(collection) == before


@pytest.mark.parametrize("collection,field,value", [
    ("congresses", "level", "village"),
    ("units", "kind", "ministry"),
    ("units", "kind", "Court"),
    ("committees", "kind", "standing"),
    ("stations", "kind", "office"),
    ("persons", "gender", "unknown"),
    ("deputies", "status", "retired"),
    ("deputies", "level", "county "),
    ("members", "position", "president"),
])
def test_enum_values(dep, world, collection, field, value):
    body = full_body(collection, world)
    body[field] = value
    err = assert_error(dep.admin.post("/" + collection, body), 422, field=field)
    assert field in err["message"]
    # and a PATCH of an existing record is refused the same way, leaving it as it was
    rid = world["seed"][collection]["id"]
    before = dep.admin.one(collection, rid)
    assert_error(dep.admin.patch(f"/{collection}/{rid}", {field: value}), 422, field=field)
    assert dep.admin.one(collection, rid) == before


@pytest.mark.parametrize("collection,field,value", [
    ("persons", "birth_date", "2023-02-29"),
    ("persons", "birth_date", "1975-13-01"),
    ("persons", "birth_date", "1975-1-5"),
    ("persons", "birth_date", "1975/01/05"),
    ("persons", "birth_date", "yesterday"),
    ("terms", "start_on", "2021-02-30"),
    ("terms", "end_on", "2021-04-31"),
    ("members", "start_on", "2021-00-10"),
])
def test_bad_dates(dep, world, collection, field, value):
    body = full_body(collection, world)
    body[field] = value
    assert_error(dep.admin.post("/" + collection, body), 422, field=field)


def test_good_leap_day(dep, world):
    p = world["f"].person(world["cid"], "闰日生", birth_date="2024-02-29")
    assert p["birth_date"] == "2024-02-29"


def test_term_rules(dep, world):
    a = dep.admin
    body = full_body("terms", world)
    body["end_on"] = "2015-01-01"  # before start_on
    assert_error(a.post("/terms", body), 422, field="end_on")
    body = full_body("terms", world)
    body["number"] = 0
    assert_error(a.post("/terms", body), 422, field="number")
    body["number"] = -3
    assert_error(a.post("/terms", body), 422, field="number")
    # the same number twice in one congress is a conflict
    body = full_body("terms", world)
    body["number"] = 16
    assert_error(a.post("/terms", body), 409)


def test_unique_conflict(dep, world):
    a = dep.admin
    cid = world["cid"]
    before = a.total("units")
    assert_error(a.post("/units", {"congress_id": cid, "name": "常山县人民政府", "kind": "government"}), 409)
    assert a.total("units") == before
    # renaming another unit to a taken name is a conflict too
    other = world["f"].unit(cid, f"常山县卫生健康局{uniq()}")
    assert_error(a.patch(f"/units/{other['id']}", {"name": "常山县人民政府"}), 409)
    assert a.one("units", other["id"])["name"] == other["name"]
    # the same name in another congress is fine
    r = a.post("/units", {"congress_id": world["city"]["id"], "name": "常山县人民政府", "kind": "government"})
    assert r.status_code == 201, r.text
    # committees and stations are unique per congress as well
    assert_error(a.post("/committees", {"congress_id": cid, "name": "财政经济委员会", "kind": "special"}), 409)
    assert_error(a.post("/stations", {"congress_id": cid, "name": "天马街道人大代表联络站", "kind": "station",
                                      "township": "天马街道"}), 409)


def test_delete_referenced_is_conflict(dep, world):
    a = dep.admin
    pid = world["persons"][0]["id"]
    err = assert_error(a.delete(f"/persons/{pid}"), 409)
    assert err["message"]
    assert a.one("persons", pid)["name"] == "张伟"
    assert a.one("deputies", world["deputy"]["id"])["person_id"] == pid
    assert_error(a.delete(f"/stations/{world['station']['id']}"), 409)  # deputies and a point use it
    assert_error(a.delete(f"/terms/{world['term']['id']}"), 409)
    assert_error(a.delete(f"/congresses/{world['cid']}"), 409)
    assert_error(a.delete(f"/committees/{world['committee']['id']}"), 409)
    assert a.one("stations", world["station"]["id"])["name"] == "天马街道人大代表联络站"


def test_reference_to_missing_record(dep, world):
    a = dep.admin
    body = full_body("deputies", world)
    body["person_id"] = 987654321
    assert_error(a.post("/deputies", body), (409, 422), field="person_id")
    body = full_body("units", world)
    body["congress_id"] = 987654321
    assert_error(a.post("/units", body), (403, 404, 409, 422))
    assert_error(a.patch(f"/deputies/{world['deputy']['id']}", {"station_id": 987654321}), (409, 422),
                 field="station_id")
    assert a.one("deputies", world["deputy"]["id"])["station_id"] == world["station"]["id"]


def test_patch_to_null_and_back(dep, world):
    a = dep.admin
    u = world["f"].unit(world["cid"])
    r = a.patch(f"/units/{u['id']}", {"contact": None})
    assert r.status_code == 200, r.text
    assert r.json()["contact"] in (None, "")
    assert_error(a.patch(f"/units/{u['id']}", {"name": None}), 422, field="name")
    assert a.one("units", u["id"])["name"] == u["name"]


def test_updated_at_moves(dep, world):
    a = dep.admin
    u = world["f"].unit(world["cid"])
    r = a.patch(f"/units/{u['id']}", {"contact": "新联系人"})
    assert r.json()["updated_at"] >= u["updated_at"]
    assert r.json()["created_at"] == u["created_at"]


def test_schema_endpoint(dep, world):
    for c in COLLECTIONS:
        r = dep.admin.get(f"/{c}/schema")
        assert r.status_code == 200, f"{c}: {r.status_code} {r.text}"
        assert "json" in r.headers.get("Content-Type", "")
        text = r.text
        for field in full_body(c, world):
            assert field in text, f"/{c}/schema does not mention {field}"


def test_q_ignores_surrounding_whitespace_and_ands_words(dep, world):
    """People type spaces into a search box: surrounding spaces change nothing, and two
    words find the records whose name has both."""
    a = dep.admin
    exact = {x["id"] for x in a.list("units", q="人民政府", per_page=500)["items"]}
    assert world["unit"]["id"] in exact
    r = a.list("units", q=" 人民政府 ", per_page=500)
    assert {x["id"] for x in r["items"]} == exact, "surrounding spaces change the search result"
    r = a.list("units", q="常山县 人民政府", per_page=500)
    assert world["unit"]["id"] in {x["id"] for x in r["items"]}, "a two-word search finds nothing"
    r = a.list("units", q="常山县 不存在词", per_page=500)
    assert world["unit"]["id"] not in {x["id"] for x in r["items"]}
    # an empty search is no search
    assert a.list("units", q="")["total"] == a.list("units")["total"]


def test_q_wildcards_are_literal(dep, world):
    a = dep.admin
    f = world["f"]
    pct = f.unit(world["cid"], f"满意率100%单位{uniq()}", "other")
    und = f.unit(world["cid"], f"下划线_单位{uniq()}", "other")
    r = a.list("units", q="%", per_page=500)
    assert [x["id"] for x in r["items"]] == [pct["id"]], [x["name"] for x in r["items"]]
    r = a.list("units", q="_", per_page=500)
    assert [x["id"] for x in r["items"]] == [und["id"]], [x["name"] for x in r["items"]]


def test_parent_must_be_a_station_and_no_cycles(dep, world):
    """docs/api.md: a point's parent_id is a station. Hierarchies cannot loop."""
    a = dep.admin
    f = world["f"]
    cid = world["cid"]
    point = world["point"]
    r = a.post("/stations", {"congress_id": cid, "name": f"点下之点{uniq()}", "kind": "point", "township": "金川街道",
                             "parent_id": point["id"]})
    assert_error(r, 422, field="parent_id")
    # a station turned into a point under its own point would make a loop
    st = f.station(cid, f"芳村镇代表联络站{uniq()}", township="芳村镇")
    pt = f.station(cid, f"芳村村代表联络点{uniq()}", kind="point", township="芳村镇", parent_id=st["id"])
    r = a.patch(f"/stations/{st['id']}", {"kind": "point", "parent_id": pt["id"]})
    assert_error(r, 422)
    assert a.one("stations", st["id"])["kind"] == "station"
    # congresses: a parent is of a higher level, so A under B under A cannot happen
    x = f.congress(f"江山市人民代表大会{uniq()}", "county")
    y = f.congress(f"白石镇人民代表大会{uniq()}", "township", x["id"])
    r = a.patch(f"/congresses/{x['id']}", {"parent_id": y["id"]})
    assert_error(r, 422, field="parent_id")
    assert a.one("congresses", x["id"])["parent_id"] is None
    r = a.post("/congresses", {"name": f"球川镇人民代表大会{uniq()}", "level": "township", "parent_id": y["id"]})
    assert_error(r, 422, field="parent_id")
    # and a congress with a township under it cannot itself become a township
    r = a.patch(f"/congresses/{x['id']}", {"level": "township"})
    assert_error(r, 422, field="level")


def test_concurrent_duplicates_make_one_record(dep, world):
    """Sixteen clients create the same unit at once: one 201, the others 409 — never a
    500, never two records."""
    import threading

    name = f"常山县城市管理局{uniq()}"
    barrier = threading.Barrier(16)
    results = []
    lock = threading.Lock()

    def go():
        c = Client(dep.base, token=dep.admin.token)
        barrier.wait()
        r = c.post("/units", {"congress_id": world["cid"], "name": name, "kind": "department"})
        with lock:
            results.append((r.status_code, r.text[:200]))

    threads = [threading.Thread(target=go) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(s for s, _ in results)
    assert codes == [201] + [409] * 15, results
    assert dep.admin.list("units", q=name)["total"] == 1
