"""Export → import round trips (API and CLI, CSV and xlsx): the same records come back,
the CSV has a BOM and Chinese headers, and the xlsx opens in a real reader (openpyxl).

The target of each round trip is a fresh database whose parent records (congresses,
terms, persons, stations, committees) are themselves imported from the source's
export, in id order, so reference ids agree between source and target."""

import csv
import datetime
import io
import re

import openpyxl
import pytest

from conftest import Deployment, Factory, assert_error, cli, cli_ok

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARENTS = ["congresses", "terms", "persons", "stations", "committees"]
CJK = re.compile(r"[\u4e00-\u9fff]")
IGNORED = {"id", "created_at", "updated_at"}


@pytest.fixture(scope="module")
def source(dep):
    """Records with the awkward values a county office really has."""
    f = Factory(dep.admin)
    city = f.congress("衢州市人民代表大会", "city")
    county = f.congress("常山县人民代表大会", "county", city["id"])
    cid = county["id"]
    term = f.term(cid, 16, start_on="2021-10-01", end_on="2026-09-30")
    old_term = f.term(cid, 15, start_on="2016-10-01", end_on="2021-09-30")
    st = f.station(cid, "天马街道人大代表联络站", township="天马街道", address="常山县天马街道定阳北路1号")
    pt = f.station(cid, "金川社区代表联络点", kind="point", township="金川街道", parent_id=st["id"], address=None)
    f.committee(cid, "财政经济委员会", "special", duties="审查预算，监督\"财政\"执行")
    persons = [
        f.person(cid, "张伟", gender="male", birth_date="1968-05-04", ethnicity="汉族", party="中共党员",
                 phone="13905700001"),
        f.person(cid, "欧阳明华", gender="female", birth_date="1975-12-31", ethnicity="畲族", party="群众",
                 phone="05705021234"),
        f.person(cid, "李秀英", gender=None, birth_date=None, ethnicity=None, party=None, phone=None),
        f.person(cid, "王芳, \"小芳\"", gender="female", birth_date="1990-02-28", ethnicity="汉族",
                 party="民盟盟员", phone="0570-5021234"),
        f.person(cid, "𠀀𪚥 生僻字", gender="male", birth_date="2000-02-29", ethnicity="汉族", party="无党派人士",
                 phone="+86 570 502 1234"),
    ]
    deputies = [
        f.deputy(cid, persons[0]["id"], term["id"], st["id"], level="county", delegation="天马街道代表团",
                 occupation="天马街道党工委书记", status="active"),
        f.deputy(cid, persons[1]["id"], term["id"], pt["id"], level="provincial", delegation="紫港街道代表团",
                 occupation="浙江某某有限公司董事长，总经理", status="active"),
        f.deputy(cid, persons[2]["id"], old_term["id"], None, level="county", delegation=None, occupation=None,
                 status="terminated"),
        f.deputy(cid, persons[3]["id"], term["id"], st["id"], level="city", delegation="芳村镇代表团",
                 occupation="教师\n（兼）村妇联主席", status="resigned"),
        f.deputy(cid, persons[4]["id"], None, None, level="national", delegation="球川镇代表团",
                 occupation="  前后空格  ", status="active"),
    ]
    units = [f.unit(cid, n, k, contact=c, phone=p) for n, k, c, p in [
        ("常山县人民政府", "government", "王主任", "0570-5021234"),
        ("常山县监察委员会", "supervisory_commission", None, None),
        ("常山县人民法院", "court", "周庭长, 李书记", "05705012345"),
        ("常山县人民检察院", "procuratorate", "\"检察\"办公室", "0570 5013456"),
        ("常山县教育局", "department", "多行\n联系人", "13905700002"),
        ("天马街道办事处", "township", "吴主任", "12345"),
        ("常山县供电公司", "other", "联系人：赵（办公室）", "007"),
    ]]
    return {"cid": cid, "deputies": deputies, "units": units, "persons": persons}


def export(client, collection, fmt, **params):
    r = client.get(f"/{collection}/export", params=dict(params, format=fmt))
    assert r.status_code == 200, f"export {collection} {fmt}: {r.status_code} {r.text[:300]}"
    return r


def import_(client, collection, data, fmt):
    ctype = "text/csv" if fmt == "csv" else XLSX_TYPE
    r = client.post(f"/{collection}/import", data=data, headers={"Content-Type": ctype})
    assert r.status_code == 200, f"import {collection} {fmt}: {r.status_code} {r.text[:1000]}"
    return r.json()["created"]


def read_csv(data):
    assert data.startswith(b"\xef\xbb\xbf"), f"CSV does not start with the UTF-8 BOM: {data[:20]!r}"
    text = data[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_xlsx(data):
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def cell_text(v):
    """A cell as the CSV writes it: xlsx keeps numbers and dates typed (a date reads back
    as a datetime at midnight)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime.datetime) and v.time() == datetime.time(0):
        return v.date().isoformat()
    return str(v)


def compare(src, tgt, what):
    assert len(src) == len(tgt), f"{what}: {len(src)} records exported, {len(tgt)} came back"
    src = sorted(src, key=lambda r: r["id"])
    tgt = sorted(tgt, key=lambda r: r["id"])
    diffs = []
    for a, b in zip(src, tgt):
        for k in sorted(set(a) | set(b)):
            if k in IGNORED:
                continue
            if a.get(k, "<absent>") != b.get(k, "<absent>"):
                diffs.append(f"{what} {a.get('name') or a.get('person_name') or a['id']}: {k}: "
                             f"{a.get(k, '<absent>')!r} became {b.get(k, '<absent>')!r}")
    assert not diffs, "\n".join(diffs)


@pytest.fixture(scope="module")
def target(request, dbs, backend, source, dep):
    """A fresh deployment whose parent records come from the source's CSV export."""
    t = Deployment(backend, dbs.new(backend, "roundtrip_target"), "roundtrip-target").setup()
    try:
        for c in PARENTS:
            data = export(dep.admin, c, "csv").content
            n = import_(t.admin, c, data, "csv")
            src = dep.admin.all(c)
            assert n == len(src)
            got = t.admin.all(c)
            assert [r["id"] for r in got] == [r["id"] for r in src], \
                f"{c}: ids in the fresh target differ from the source; the import did not insert in file order"
        yield t
    finally:
        t.stop()


@pytest.mark.parametrize("collection", ["deputies", "units", "persons"])
def test_csv_export_format(dep, source, collection):
    r = export(dep.admin, collection, "csv")
    assert "csv" in r.headers.get("Content-Type", ""), r.headers
    rows = read_csv(r.content)
    header = rows[0]
    assert len(header) == len(set(header)), f"duplicate column labels: {header}"
    assert all(CJK.search(h) or h.lower() == "id" for h in header), f"headers are not Chinese: {header}"
    records = dep.admin.all(collection)
    assert len(rows) - 1 == len(records)
    # every field including id and the embedded names is exported
    assert len(header) >= len(records[0]) - 2  # created_at/updated_at may be left out
    ids = {str(x["id"]) for x in records}
    id_cols = [i for i in range(len(header)) if {row[i] for row in rows[1:]} == ids]
    assert id_cols, "no column holds the record ids"
    if collection == "deputies":
        names = {x["person_name"] for x in records}
        assert any({row[i] for row in rows[1:]} == names for i in range(len(header))), "person_name not exported"
    assert r.content.count(b"\r\n") >= len(records) + 1, "CSV lines should end with CRLF"


@pytest.mark.parametrize("collection", ["deputies", "units"])
def test_xlsx_export_opens_in_a_real_reader(dep, source, collection):
    r = export(dep.admin, collection, "xlsx")
    assert r.content[:2] == b"PK"
    assert XLSX_TYPE in r.headers.get("Content-Type", "") or "octet-stream" in r.headers.get("Content-Type", "")
    rows = read_xlsx(r.content)
    csv_rows = read_csv(export(dep.admin, collection, "csv").content)
    assert [cell_text(v) for v in rows[0]] == csv_rows[0], "xlsx and CSV headers differ"
    assert len(rows) == len(csv_rows)
    for x, c in zip(rows[1:], csv_rows[1:]):
        assert [cell_text(v) for v in x] == c, f"xlsx row {x} differs from CSV row {c}"


def test_export_uses_list_filters(dep, source):
    rows = read_csv(export(dep.admin, "units", "csv", kind="court").content)
    assert len(rows) == 2 and "常山县人民法院" in rows[1]
    rows = read_csv(export(dep.admin, "deputies", "csv", status="terminated").content)
    assert len(rows) == 2 and "李秀英" in rows[1]
    rows = read_csv(export(dep.admin, "units", "csv", q="检察院").content)
    assert len(rows) == 2
    r = dep.admin.get("/units/export", params={"format": "pdf"})
    assert r.status_code in (400, 422), r.text


def test_parents_round_trip(dep, target):
    for c in PARENTS:
        compare(dep.admin.all(c), target.admin.all(c), c)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("collection", ["units", "deputies"])
def test_api_round_trip(dep, source, target, collection, fmt):
    t = target.admin
    for rec in t.all(collection):  # the other format's import
        assert t.delete(f"/{collection}/{rec['id']}").status_code == 204
    data = export(dep.admin, collection, fmt).content
    n = import_(t, collection, data, fmt)
    src = dep.admin.all(collection)
    assert n == len(src)
    compare(src, t.all(collection), f"{collection} via {fmt}")


def test_reimport_into_the_same_congress_conflicts_or_duplicates(dep, source):
    """Units are unique per congress: importing the export back into the same database
    is refused as a whole."""
    before = dep.admin.total("units")
    data = export(dep.admin, "units", "csv").content
    r = dep.admin.post("/units/import", data=data, headers={"Content-Type": "text/csv"})
    assert r.status_code in (409, 422), r.text
    assert dep.admin.total("units") == before


def test_import_with_field_identifier_headers(dep, source):
    data = ("\ufeffcongress_id,name,kind,contact,phone\r\n"
            f"{source['cid']},常山县统计局,department,钱科长,0570-5029999\r\n").encode()
    r = dep.admin.post("/units/import", data=data, headers={"Content-Type": "text/csv"})
    assert r.status_code == 200 and r.json() == {"created": 1}, r.text
    u = dep.admin.list("units", q="统计局")["items"][0]
    assert (u["name"], u["kind"], u["contact"], u["phone"]) == ("常山县统计局", "department", "钱科长", "0570-5029999")
    assert dep.admin.delete(f"/units/{u['id']}").status_code == 204


def test_cli_round_trip(dep, dbs, backend, source, tmp_path):
    out = tmp_path
    files = {}
    for c in PARENTS + ["units", "deputies"]:
        for fmt in ("csv", "xlsx"):
            path = out / f"{c}.{fmt}"
            cli_ok("export", "--db", dep.db, c, path)
            files[(c, fmt)] = path
    assert files[("deputies", "csv")].read_bytes().startswith(b"\xef\xbb\xbf")
    # the CLI writes what the API writes
    assert read_csv(files[("units", "csv")].read_bytes()) == read_csv(export(dep.admin, "units", "csv").content)
    assert read_xlsx(files[("units", "xlsx")].read_bytes())[0] == read_xlsx(export(dep.admin, "units", "xlsx").content)[0]

    db = dbs.new(backend, "roundtrip_cli")
    cli_ok("init", "--db", db)
    for c in PARENTS:
        cli_ok("import", "--db", db, c, files[(c, "csv")])
    cli_ok("import", "--db", db, "units", files[("units", "xlsx")])
    cli_ok("import", "--db", db, "deputies", files[("deputies", "csv")])
    t = Deployment(backend, db, "roundtrip-cli")
    t.add_user(Deployment.ADMIN, "admin", password=Deployment.ADMIN_PW)
    t.server.start()
    try:
        t.admin = t.token_client(Deployment.ADMIN)
        for c in PARENTS + ["units", "deputies"]:
            compare(dep.admin.all(c), t.admin.all(c), f"{c} via CLI")
        # an import with a bad row fails with exit 1 and writes nothing
        bad = out / "bad.csv"
        bad.write_bytes(("\ufeffcongress_id,name,kind\r\n"
                         f"{source['cid']},常山县新单位,department\r\n"
                         f"{source['cid']},常山县坏单位,ministry\r\n").encode())
        before = t.admin.total("units")
        p = cli("import", "--db", db, "units", bad)
        assert p.returncode == 1, p
        assert "3" in p.stdout + p.stderr and "kind" in p.stdout + p.stderr, "the bad row is not named"
        assert t.admin.total("units") == before
        p = cli("import", "--db", db, "units", out / "missing.csv")
        assert p.returncode == 1
    finally:
        t.stop()


def test_xlsx_export_keeps_numbers_and_dates_typed(dep, source):
    """Excel sorts and filters what it knows is a number or a date: ids and numbers are
    numbers, dates are dates, text stays text."""
    rows = read_xlsx(export(dep.admin, "terms", "xlsx").content)
    header = rows[0]
    first = rows[1]
    assert isinstance(first[header.index("编号")], (int, float))
    assert isinstance(first[header.index("届次")], (int, float))
    assert isinstance(first[header.index("开始日期")], datetime.datetime)
    assert isinstance(first[header.index("所属人大")], str)


def test_import_template(dep, source):
    """Each collection offers a template to fill in: its columns (references by name),
    an example row, a drop-down of each enum, and a sheet saying what each column takes;
    filled in and imported, it adds the record."""
    r = dep.admin.get("/deputies/template")
    assert r.status_code == 200 and r.content[:2] == b"PK", r.text[:200]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    data, notes = wb.worksheets[0], wb.worksheets[1]
    header = [c.value for c in data[1]]
    assert "姓名" in header and "代表层级" in header and "姓名编号" not in header
    assert all(c.value is not None for c in data[2]), "the example row is filled in"
    lists = [dv for dv in data.data_validations.dataValidation]
    assert any("县级" in (dv.formula1 or "") for dv in lists), "no drop-down of the levels"
    explained = {row[0].value: row for row in notes.iter_rows(min_row=2)}
    assert set(header) <= set(explained), "every column is explained"
    assert explained["代表层级"][1].value == "是" and "县级" in explained["代表层级"][2].value
    # filled in with names, the template imports
    person = Factory(dep.admin).person(source["cid"], "模板导入人")
    term = dep.admin.list("terms", congress_id=source["cid"], number=16)["items"][0]
    values = {"所属人大": "常山县人民代表大会", "姓名": person["name"], "届次": "第十六届",
              "代表层级": "县级", "代表团": "天马街道代表团", "职业职务": "教师", "状态": "在职"}
    for col, name in enumerate(header, start=1):
        data.cell(row=2, column=col).value = values.get(name)
    out = io.BytesIO()
    wb.save(out)
    r = dep.admin.post("/deputies/import", data=out.getvalue(), headers={"Content-Type": XLSX_TYPE})
    assert r.status_code == 200 and r.json() == {"created": 1}, r.text
    d = dep.admin.list("deputies", q="模板导入人")["items"][0]
    assert d["term_id"] == term["id"] and d["level"] == "county" and d["station_id"] is None
    # names that match nothing are named at their row and column
    data.cell(row=2, column=header.index("姓名") + 1).value = "没有这个人"
    out = io.BytesIO()
    wb.save(out)
    r = dep.admin.post("/deputies/import", data=out.getvalue(), headers={"Content-Type": XLSX_TYPE})
    assert r.status_code == 422, r.text
    row = r.json()["error"]["rows"][0]
    assert row["row"] == 2 and row["column"] == "姓名" and row["field"] == "person_id"
    # readers do not get a template
    assert dep.anon().get("/units/template").status_code == 401


def test_import_upsert_updates_instead_of_duplicating(dep, source):
    """?mode=upsert: a row whose id (or natural key: a unit's congress and name) names a
    record updates it; the rest are added."""
    before = dep.admin.total("units")
    rows = read_csv(export(dep.admin, "units", "csv").content)
    header = rows[0]
    contact = header.index("联系人")
    name = header.index("名称")
    rows[1][contact] = "改过的联系人"
    rows[2][header.index("编号")] = ""  # found by its natural key instead
    rows[2][contact] = "按名称找到"
    rows.append(list(rows[1]))
    rows[-1][header.index("编号")] = ""
    rows[-1][name] = "常山县新增单位"
    text = "\r\n".join(",".join('"%s"' % c.replace('"', '""') for c in row) for row in rows)
    r = dep.admin.post("/units/import", params={"mode": "upsert"}, data=("\ufeff" + text).encode(),
                       headers={"Content-Type": "text/csv"})
    assert r.status_code == 200 and r.json() == {"created": 1, "updated": len(rows) - 2}, r.text
    assert dep.admin.total("units") == before + 1
    got = {u["name"]: u for u in dep.admin.all("units")}
    assert got[rows[1][name]]["contact"] == "改过的联系人"
    assert got[rows[2][name]]["contact"] == "按名称找到"
    assert_error(dep.admin.post("/units/import", params={"mode": "merge"}, data=b"x",
                                headers={"Content-Type": "text/csv"}), 422, "mode")
