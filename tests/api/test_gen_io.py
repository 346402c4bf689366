"""Export → import round trip for every collection GET /api/v1/schema lists, CSV and
xlsx, from records generated from its /schema: a congress's records exported, moved
into a fresh congress (the congress column names it by name; every other reference
column keeps only the referenced record's name, so the import resolves names within
the new congress, in the order references need), and read back equal. Then
`?mode=upsert` with the fresh congress's own export, changed: the records are
updated, not duplicated — by id, and by natural key where the collection has one.

A collection that no congress keeps (congresses) is copied within the database with
its text marked, and compared the same way."""

import csv
import datetime
import io

import openpyxl
import pytest

import schema_gen as sg

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ["csv", "xlsx"]
MARK = "（导入）"
RECORDS_PER_COLLECTION = 2


def _order():
    s = sg.static_schemas()
    if not s:
        return []
    order = s.import_order()
    return [c for c in order if s.congress_field(c)] + [c for c in order if not s.congress_field(c)]


ORDER = _order()
CASES = [(fmt, c) for fmt in FORMATS for c in ORDER]
IDS = [f"{fmt}-{c}" for fmt, c in CASES]


# ---------------------------------------------------------------------------
# files


def cell_text(v):
    """An xlsx cell as the CSV export writes it: whole numbers without .0, dates (real
    Excel dates in the xlsx export) as YYYY-MM-DD."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime.datetime) and v.time() == datetime.time(0):
        return v.date().isoformat()
    return str(v)


def read_table(data, fmt):
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf"), "the CSV export lacks its BOM"
        return [row for row in csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""))]
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = [[cell_text(v) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return rows


def write_table(rows, fmt):
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return "\ufeff".encode() + out.getvalue().encode("utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def columns(s, collection):
    """header → (kind, field): the export's columns as collection_io.c writes them."""
    cols = {"编号": ("id", None)}
    for f in s.coll[collection]["fields"]:
        if f["type"] in ("list", "attachments"):
            continue
        if f["type"] in ("ref", "refs"):
            cols[f["label_zh"] + "编号"] = ("ref_id", f)
            cols[f["label_zh"]] = ("ref_name", f)
        else:
            cols[f["label_zh"]] = ("value", f)
    return cols


def with_mark(f, text):
    m = f.get("max_len")
    return text + MARK if not m or len(text) + len(MARK) <= m else (text[: m - len(MARK)] + MARK)


def move(s, collection, rows, congress_name):
    """The exported rows as a file for a fresh congress: its congress by name, every
    other reference by the referenced record's name only; a collection no congress
    keeps gets its text marked instead."""
    cols = columns(s, collection)
    header = rows[0]
    unknown = [h for h in header if h not in cols and h not in ("创建时间", "更新时间")]
    assert not unknown, f"{collection} export has columns the schema does not explain: {unknown}"
    global_ = s.congress_field(collection) is None
    out = [header]
    for row in rows[1:]:
        new = list(row)
        for j, h in enumerate(header):
            kind, f = cols.get(h, (None, None))
            if kind == "ref_id":
                new[j] = ""
            elif kind == "ref_name" and f["name"] == "congress_id":
                new[j] = congress_name
            elif kind == "value" and global_ and f["type"] == "text" and new[j]:
                new[j] = with_mark(f, new[j])
        out.append(new)
    return out


def change_column(world, collection, rows, drop_ids=False):
    """Rows with one field outside the natural key (a text, else a date or a number)
    changed in every row; returns (rows, field)."""
    s = world.s
    key = set(s.natural_key(collection))
    rank = {"text": 0, "date": 1, "int": 2, "decimal": 3}
    fields = [f for f in s.fields(collection) if f["type"] in rank and f["name"] not in key]
    fields.sort(key=lambda f: (rank[f["type"]], f.get("search", False), f.get("required", False)))
    assert fields, f"{collection} has no text, date or number outside its natural key to change"
    f = fields[0]
    header = rows[0]
    j = header.index(f["label_zh"])
    out = [header]
    for row in rows[1:]:
        new = list(row)
        if f["type"] == "text":  # appended: a copy keeps its mark
            tail = f"改{sg.uniq()}"
            m = f.get("max_len")
            new[j] = row[j] + tail if not m or len(row[j]) + len(tail) <= m else sg._text(f, sg.uniq(), "改")
        else:
            old = {f["name"]: int(row[j]) if f["type"] == "int" and row[j] else (row[j] or None)}
            v = world.gen.alt(collection, f, old, None)
            assert v is not sg.ABSENT, f"{collection}.{f['name']} has no other value"
            new[j] = str(v)
        if drop_ids:
            new[header.index("编号")] = ""
        out.append(new)
    return out, f


# ---------------------------------------------------------------------------
# the world


class IO:
    def __init__(self, dep, s):
        self.dep, self.s = dep, s
        self.a = dep.admin
        self.gen = sg.Gen(dep.admin, s)
        self.source = self.gen.new("congresses", 0)
        for c in s.import_order():
            if s.congress_field(c):
                for _ in range(RECORDS_PER_COLLECTION):
                    self.gen.new(c, self.source["id"], fresh=True)
        self.targets = {}
        self.moved = {}

    def target(self, name):
        if name not in self.targets:
            self.targets[name] = self.gen.new("congresses", 0)
        return self.targets[name]

    def export(self, collection, fmt, **params):
        r = self.a.get(f"/{collection}/export", params=dict(params, format=fmt))
        assert r.status_code == 200, f"export {collection} {fmt}: {r.status_code} {r.text[:300]}"
        return r.content

    def import_(self, collection, data, fmt, **params):
        ctype = "text/csv" if fmt == "csv" else XLSX_TYPE
        return self.a.post(f"/{collection}/import", data=data, headers={"Content-Type": ctype}, params=params)

    def records(self, collection, congress):
        return self.a.all(collection, **({"congress_id": congress} if congress else {}))

    def move_into(self, target, collection, fmt):
        """Export the source congress's records of collection, import them into the
        target congress by name (the references they need first). Returns
        (source records, import answer)."""
        key = (target, collection, fmt)
        if key in self.moved:
            return self.moved[key]
        for ref in self.s.refs_of(collection):
            if self.s.congress_field(ref):
                self.move_into(target, ref, fmt)
        t = self.target(target)
        src = self.records(collection, self.source["id"])
        rows = read_table(self.export(collection, fmt, congress_id=self.source["id"]), fmt)
        assert len(rows) == len(src) + 1, f"{collection}: {len(rows) - 1} rows exported for {len(src)} records"
        r = self.import_(collection, write_table(move(self.s, collection, rows, t["name"]), fmt), fmt)
        self.moved[key] = (src, r)
        return self.moved[key]


@pytest.fixture(scope="module")
def world(dep):
    return IO(dep, sg.Schemas.fetch(dep.admin))


def compare(s, collection, src, got, marked=False):
    assert len(got) == len(src), f"{collection}: {len(src)} records exported, {len(got)} imported"
    diffs = []
    for a, b in zip(src, got):
        for f in s.fields(collection):
            n = f["name"]
            if n == "congress_id":
                continue
            if f["type"] == "ref":
                want, have, n = a.get(f["name_key"]), b.get(f["name_key"]), f["name_key"]
            elif f["type"] == "refs":
                want, have, n = a.get(f["names_key"]), b.get(f["names_key"]), f["names_key"]
            else:
                want, have = a.get(n), b.get(n)
                if marked and f["type"] == "text" and want:
                    want = with_mark(f, want)
            if want != have:
                diffs.append(f"{collection} {a['id']} → {b['id']}: {n}: {want!r} became {have!r}")
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("fmt,collection", CASES, ids=IDS)
def test_export_import_round_trip(dep, world, fmt, collection):
    s = world.s
    if s.congress_field(collection):
        src, r = world.move_into(fmt, collection, fmt)
        assert r.status_code == 200, f"import {collection} {fmt}: {r.status_code} {r.text[:1000]}"
        assert r.json() == {"created": len(src)}
        compare(s, collection, src, world.records(collection, world.target(fmt)["id"]))
        return
    # kept by no congress: copied within the database, its text marked
    src = world.records(collection, None)
    before = len(src)
    rows = read_table(world.export(collection, fmt), fmt)
    r = world.import_(collection, write_table(move(s, collection, rows, None), fmt), fmt)
    assert r.status_code == 200, f"import {collection} {fmt}: {r.status_code} {r.text[:1000]}"
    assert r.json() == {"created": before}
    compare(s, collection, src, world.records(collection, None)[before:], marked=True)


@pytest.mark.parametrize("fmt,collection", CASES, ids=IDS)
def test_import_upsert_updates(dep, world, fmt, collection):
    s, a = world.s, dep.admin
    target = world.target(f"upsert-{fmt}") if s.congress_field(collection) else None
    if target:
        for c in ORDER:  # everything there first: the changes below rename records others name
            if s.congress_field(c):
                _src, r = world.move_into(f"upsert-{fmt}", c, fmt)
                assert r.status_code == 200, f"import {c} {fmt}: {r.status_code} {r.text[:600]}"
    params = {"congress_id": target["id"]} if target else {}
    if not target and any(f.get("search") for f in s.fields(collection)):
        params["q"] = MARK  # only the copies the round trip made
    before = a.total(collection)
    mine = a.total(collection, **params)
    assert mine > 0, f"no {collection} to update"
    ways = [False] + ([True] if s.natural_key(collection) else [])
    for drop_ids in ways:  # by id, then (ids left out) by natural key
        rows = read_table(world.export(collection, fmt, **params), fmt)
        rows, f = change_column(world, collection, rows, drop_ids)
        r = world.import_(collection, write_table(rows, fmt), fmt, mode="upsert")
        how = "natural key" if drop_ids else "id"
        assert r.status_code == 200, f"upsert {collection} {fmt} by {how}: {r.status_code} {r.text[:1000]}"
        assert r.json() == {"created": 0, "updated": mine}, f"by {how}: {r.json()}"
        assert a.total(collection) == before, f"upsert by {how} duplicated records"
        j = rows[0].index(f["label_zh"])
        want = sorted(row[j] for row in rows[1:])
        got = sorted(str(x[f["name"]]) for x in a.all(collection, **params))
        assert got == want, f"upsert by {how} did not change {f['name']}"
