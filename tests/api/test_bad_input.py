"""Bad input: the corpus in tests/api/corpus/, oversized bodies, injection strings,
bad query strings and an import file with bad rows. After every bad request the
server is still up and nothing was written."""

import csv
import io
import os

import openpyxl
import pytest

from conftest import Factory, assert_error, raw_http, uniq

CORPUS = os.path.join(os.path.dirname(__file__), "corpus")
CASES = sorted(f for f in os.listdir(CORPUS) if f.endswith(".json"))
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIB = 1024 * 1024


def parse_name(fname):
    collection, statuses, field, _desc = fname[:-5].split(".", 3)
    return collection, tuple(int(s) for s in statuses.split("+")), (None if field == "-" else field)


@pytest.fixture(scope="module")
def world(dep):
    f = Factory(dep.admin)
    seed = f.seed("常山县人民代表大会")
    return {"f": f, "seed": seed, "cid": seed["congresses"]["id"]}


@pytest.fixture
def unchanged(dep, world):
    """Asserts after the test that the server is up and no record count changed."""
    counts = {c: dep.admin.total(c) for c in ("units", "terms", "persons")}
    snapshot = dep.admin.one("units", world["seed"]["units"]["id"])
    yield
    dep.check_alive()
    assert {c: dep.admin.total(c) for c in counts} == counts, "a refused request wrote records"
    assert dep.admin.one("units", world["seed"]["units"]["id"]) == snapshot


def body_of(fname, world):
    with open(os.path.join(CORPUS, fname), "rb") as fh:
        return fh.read().replace(b"@CONGRESS@", str(world["cid"]).encode())


def test_corpus_is_there():
    assert len(CASES) >= 50
    for f in CASES:
        parse_name(f)


@pytest.mark.parametrize("fname", CASES)
def test_corpus_post(dep, world, unchanged, fname):
    collection, statuses, field = parse_name(fname)
    r = dep.admin.post("/" + collection, data=body_of(fname, world),
                       headers={"Content-Type": "application/json"})
    assert_error(r, statuses, field=field)


@pytest.mark.parametrize("fname", [f for f in CASES if parse_name(f)[1] == (400,)])
def test_corpus_patch(dep, world, unchanged, fname):
    uid = world["seed"]["units"]["id"]
    r = dep.admin.patch(f"/units/{uid}", data=body_of(fname, world), headers={"Content-Type": "application/json"})
    assert_error(r, 400)


@pytest.mark.parametrize("fname", ["units.400.-.duplicate-key.json", "units.400.-.utf8-ff-fe.json",
                                   "units.422.nickname.unknown-field.json"])
def test_corpus_with_cookie_session(dep, world, unchanged, fname):
    login = f"office{uniq()}"
    dep.add_user(login, "staff", congress=world["cid"])
    c = dep.login_client(login)
    collection, statuses, field = parse_name(fname)
    r = c.post("/" + collection, data=body_of(fname, world), headers={"Content-Type": "application/json"})
    assert_error(r, statuses, field=field)


def _post_raw(dep, path, body, chunked=False):
    head = (f"POST /api/v1{path} HTTP/1.1\r\nHost: 127.0.0.1:{dep.server.port}\r\n"
            f"Authorization: Bearer {dep.admin.token}\r\nContent-Type: application/json\r\n")
    if chunked:
        head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        step = 64 * 1024
        chunks = [b"%x\r\n" % len(body[i:i + step]) + body[i:i + step] + b"\r\n" for i in range(0, len(body), step)]
        chunks.append(b"0\r\n\r\n")
    else:
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        step = 256 * 1024
        chunks = [body[i:i + step] for i in range(0, len(body), step)]
    return raw_http(dep.server.port, head.encode(), chunks)


def _big_body(world, size):
    pre = b'{"congress_id":%d,"name":"\xe5\xa4\xa7","kind":"other","contact":"' % world["cid"]
    post = b'"}'
    return pre + b"a" * (size - len(pre) - len(post)) + post


@pytest.mark.parametrize("size", [2 * MIB, MIB + 1, 16 * MIB])
def test_too_large_body(dep, world, unchanged, size):
    status, head, body = _post_raw(dep, "/units", _big_body(world, size))
    assert status == 413, f"{size} bytes: {status} {head} {body[:200]!r}"
    assert b'"too_large"' in body, body[:300]


def test_too_large_chunked_body(dep, world, unchanged):
    status, head, body = _post_raw(dep, "/units", _big_body(world, 2 * MIB), chunked=True)
    assert status == 413, f"{status} {head} {body[:200]!r}"
    assert b'"too_large"' in body


def test_too_large_via_requests(dep, world, unchanged):
    try:
        r = dep.admin.post("/units", data=_big_body(world, 2 * MIB), headers={"Content-Type": "application/json"})
    except Exception as e:  # the server may close while we send; then only liveness counts
        pytest.skip(f"client could not read the answer: {e}")
    assert_error(r, 413)


def test_body_under_the_limit_is_not_too_large(dep, world):
    r = dep.admin.post("/units", data=_big_body(world, MIB - 1024), headers={"Content-Type": "application/json"})
    assert r.status_code in (201, 422), r.text[:300]
    if r.status_code == 422:
        assert_error(r, 422, field="contact")
    dep.check_alive()


def test_truncated_body_and_hangup(dep, world, unchanged):
    head = (f"POST /api/v1/units HTTP/1.1\r\nHost: 127.0.0.1:{dep.server.port}\r\n"
            f"Authorization: Bearer {dep.admin.token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: 500\r\n\r\n").encode()
    raw_http(dep.server.port, head, [b'{"congress_id":1,"name":"half'], timeout=2)


def test_huge_header(dep, world, unchanged):
    status, _, _ = raw_http(dep.server.port, (f"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
                                              f"X-Big: {'a' * 200000}\r\nConnection: close\r\n\r\n").encode())
    assert status is None or status >= 400


def test_garbage_request_line(dep, unchanged):
    raw_http(dep.server.port, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64) + b"\r\n\r\n",
             timeout=3)
    raw_http(dep.server.port, b"GET /api/v1/health HTTP/9.9\r\n\r\n", timeout=3)


INJECTIONS = [
    "'; DROP TABLE units; --",
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE persons;--",
    "\" OR 1=1 --",
    "1; DELETE FROM audit",
    "%s%s%n%x%d",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "\\\\server\\share\\..",
    "常山县\u200b零宽\u202e反向",
    "𠀀𪚥🏛️ 人大",
    "\\u0000 not a nul",
    "a\tb\r\nc",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", INJECTIONS, ids=[f"inj{i}" for i in range(len(INJECTIONS))])
def test_injection_strings_are_data(dep, world, text):
    a = dep.admin
    before = a.total("units")
    name = f"{text} #{uniq()}"
    r = a.post("/units", {"congress_id": world["cid"], "name": name, "kind": "other", "contact": text})
    assert r.status_code == 201, r.text
    rec = r.json()
    assert rec["name"] == name and rec["contact"] == text
    got = a.one("units", rec["id"])
    assert got["name"] == name and got["contact"] == text
    # the bytes on the wire are the same UTF-8, whatever escaping JSON used
    assert a.total("units") == before + 1
    # the table still works, and searching/filtering for the string is just a search
    items = a.all("units", congress_id=world["cid"])
    assert any(x["id"] == rec["id"] and x["name"] == name for x in items)
    r = a.get("/units", params={"q": text})
    assert r.status_code == 200, r.text
    p = a.post("/persons", {"congress_id": world["cid"], "name": text})
    assert p.status_code == 201 and p.json()["name"] == text
    r = a.patch(f"/units/{rec['id']}", {"contact": text + text})
    assert r.status_code == 200 and r.json()["contact"] == text + text
    dep.check_alive()


@pytest.mark.parametrize("params", [
    {"sort": "name; DROP TABLE units"},
    {"sort": "name desc"},
    {"name' OR '1'='1": "x"},
    {"kind": "' OR '1'='1"},
    {"congress_id": "1 OR 1=1"},
    {"page": "abc"},
    {"per_page": "1e3"},
    {"page": "99999999999999999999999"},
])
def test_bad_query_strings(dep, world, unchanged, params):
    r = dep.admin.get("/units", params=params)
    if r.status_code == 200:
        # a filter value that matches nothing (or a page past the end) is a fine answer
        assert r.json()["items"] == [], r.text
    else:
        assert_error(r, (400, 422))


def test_invalid_utf8_in_query(dep, world, unchanged):
    r = dep.admin.get(dep.base + "/api/v1/units?q=%FF%FE")
    assert_error(r, (400, 422))
    r = dep.admin.get(dep.base + "/api/v1/units?name=%C0%AF")
    assert_error(r, (400, 422))


def test_injection_tables_still_work(dep, world):
    for c in ("units", "persons", "audit"):
        assert dep.admin.get("/" + c).status_code == 200


# --- import with bad rows ----------------------------------------------------

HEADER = ["congress_id", "name", "kind", "contact", "phone"]


def import_rows(cid, n):
    rows = [[cid, f"导入单位{n}-{i}", "department", f"联系人{i}", f"0570-50{i:05d}"] for i in range(8)]
    return rows


BAD = {3: ("kind", "ministry"), 5: ("name", ""), 8: ("kind", "")}   # file row number → (field, value)


def bad_rows(cid):
    rows = import_rows(cid, uniq())
    for rowno, (field, value) in BAD.items():
        rows[rowno - 2][HEADER.index(field)] = value  # row 1 is the header
    return rows


def to_csv(header, rows):
    s = io.StringIO()
    w = csv.writer(s, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return "\ufeff".encode() + s.getvalue().encode("utf-8")


def to_xlsx(header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check_import_errors(r):
    err = assert_error(r, 422)
    rows = r.json()["error"].get("rows")
    assert isinstance(rows, list), r.text
    got = {(x["row"], x["field"]) for x in rows}
    want = {(rowno, field) for rowno, (field, _) in BAD.items()}
    assert got == want, f"rows listed {sorted(got)}, expected {sorted(want)}"
    assert all(x.get("message") for x in rows)
    assert "3" in err["message"]
    # the Chinese wording beside the English, for the web app's first language
    assert r.json()["error"]["message_zh"] == "3 行有错误，没有导入任何数据"
    zh = {x["row"]: x.get("message_zh") for x in rows}
    assert zh[3].startswith("只能是以下之一：人民政府、监察委员会、人民法院"), rows
    assert zh[5] == "名称为必填项", rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_with_bad_rows_writes_nothing(dep, world, unchanged, fmt):
    rows = bad_rows(world["cid"])
    audit_before = dep.admin.total("audit")
    if fmt == "csv":
        r = dep.admin.post("/units/import", data=to_csv(HEADER, rows), headers={"Content-Type": "text/csv"})
    else:
        r = dep.admin.post("/units/import", data=to_xlsx(HEADER, rows), headers={"Content-Type": XLSX_TYPE})
    check_import_errors(r)
    assert dep.admin.total("audit") == audit_before
    names = {x["name"] for x in dep.admin.all("units", congress_id=world["cid"])}
    assert rows[0][1] not in names and rows[-1][1] not in names, "good rows of a refused import were written"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_good_file(dep, world, fmt):
    rows = import_rows(world["cid"], uniq())
    before = dep.admin.total("units")
    if fmt == "csv":
        r = dep.admin.post("/units/import", data=to_csv(HEADER, rows), headers={"Content-Type": "text/csv"})
    else:
        r = dep.admin.post("/units/import", data=to_xlsx(HEADER, rows), headers={"Content-Type": XLSX_TYPE})
    assert r.status_code == 200, r.text
    assert r.json() == {"created": len(rows)}
    assert dep.admin.total("units") == before + len(rows)
    names = {x["name"]: x for x in dep.admin.all("units", congress_id=world["cid"])}
    for row in rows:
        rec = names[row[1]]
        assert [rec[k] for k in HEADER] == row


def test_import_bad_files(dep, world, unchanged):
    a = dep.admin
    assert_error(a.post("/units/import", data=b"\xff\xfe\x00garbage", headers={"Content-Type": "text/csv"}),
                 (400, 422))
    assert_error(a.post("/units/import", data=b"PK\x03\x04 not really a zip", headers={"Content-Type": XLSX_TYPE}),
                 (400, 422))
    assert_error(a.post("/units/import", data=to_csv(HEADER, import_rows(world["cid"], uniq())),
                        headers={"Content-Type": "application/json"}), 415)
    assert_error(a.post("/units/import", data=to_csv(["congress_id", "name", "kind", "colour"],
                                                     [[world["cid"], f"未知列{uniq()}", "other", "红"]]),
                        headers={"Content-Type": "text/csv"}), 422)
    # invalid UTF-8 inside a cell
    data = to_csv(HEADER, [[world["cid"], "坏编码", "other", "", ""]]).replace("坏编码".encode(), b"\xe5\xb8 x")
    assert_error(a.post("/units/import", data=data, headers={"Content-Type": "text/csv"}), (400, 422))
    # an unterminated quote
    data = "\ufeffcongress_id,name,kind\r\n{},\"未闭合,other\r\n".format(world["cid"]).encode()
    assert_error(a.post("/units/import", data=data, headers={"Content-Type": "text/csv"}), (400, 422))


def test_import_duplicate_of_existing_writes_nothing(dep, world, unchanged):
    rows = import_rows(world["cid"], uniq())
    rows[4][1] = world["seed"]["units"]["name"]
    r = dep.admin.post("/units/import", data=to_csv(HEADER, rows), headers={"Content-Type": "text/csv"})
    assert_error(r, (409, 422))
