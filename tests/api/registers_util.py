"""Shared machinery for the register tests (issue 13, /work/briefs/registers.md): the
sixteen supervision and office registers and their child collections as the contract
names them, a congress of their own with an account per role (cases_util.World) grown by
what registers refer to (members, a committee session, a chairpersons' meeting), and
minimal valid records built from each register's /schema (its required fields), with a
small per-register table only for what the schema cannot tell.

Not a test module (pytest collects test_*.py only); test_registers*.py import it.

Dates: the server's day is Beijing's (midnight is 16:00 UTC); `today()` is taken when a
test needs it, as meetings_util does.
"""

import csv
import datetime
import io

from cases_util import World, add_months  # noqa: F401  (add_months: for the test modules)
from conftest import assert_error, uniq
from votes_util import BEIJING

SUPERVISION = ["inspections", "research", "enforcement_checks", "inquiries", "investigations", "evaluations",
               "audit_findings", "normative_documents", "budget_reviews", "budget_execution", "indicators"]
OFFICE = ["articles", "trainings", "regulations", "party_reports", "events"]
REGISTERS = SUPERVISION + OFFICE
CHILDREN = {"indicator_values": ("indicators", "indicator_id"),
            "regulation_revisions": ("regulations", "regulation_id")}
ALL = REGISTERS + list(CHILDREN)
GROUP = {**{r: "supervision" for r in SUPERVISION}, **{r: "office" for r in OFFICE}}
GROUP_ZH = {"supervision": "监督工作", "office": "机关工作"}

LABEL_ZH = {"inspections": "代表视察", "research": "专题调研", "enforcement_checks": "执法检查",
            "inquiries": "专题询问", "investigations": "特定问题调查", "evaluations": "工作评议",
            "audit_findings": "审计查出问题", "normative_documents": "规范性文件备案审查",
            "budget_reviews": "预算审查监督", "budget_execution": "预算执行联网监督", "indicators": "监督指标",
            "articles": "宣传稿件", "trainings": "培训", "regulations": "规章制度", "party_reports": "向县委请示报告",
            "events": "其他活动", "indicator_values": "指标数据", "regulation_revisions": "修订记录"}

# the title field and the main date (FF_MAIN_DATE) of each, from the contract's table
TITLE = {"inspections": "subject", "research": "subject", "enforcement_checks": "law", "inquiries": "subject",
         "investigations": "subject", "evaluations": "subject", "audit_findings": "finding",
         "normative_documents": "title", "budget_reviews": "title", "budget_execution": "item",
         "indicators": "name", "articles": "title", "trainings": "subject", "regulations": "title",
         "party_reports": "title", "events": "title"}
MAIN_DATE = {"inspections": "held_on", "research": "started_on", "enforcement_checks": "started_on",
             "inquiries": "held_on", "investigations": "started_on", "evaluations": "started_on",
             "audit_findings": "report_on", "normative_documents": "published_on", "budget_reviews": "reviewed_on",
             "budget_execution": "as_of", "indicators": None, "articles": "published_on", "trainings": "held_on",
             "regulations": "adopted_on", "party_reports": "submitted_on", "events": "held_on",
             "indicator_values": "measured_on", "regulation_revisions": "revised_on"}
DATED = [r for r in ALL if MAIN_DATE[r]]
# the registers with a start and an end (ends_on not before the start: 422 naming ends_on)
ENDS = ["inspections", "research", "enforcement_checks", "investigations", "trainings", "events"]

# participants and units (FT_REFS, FF_FILTER), per the contract's table
PARTICIPANTS = {
    "deputy_ids": ["inspections", "research", "enforcement_checks", "investigations", "evaluations", "articles",
                   "trainings", "events"],
    "member_ids": ["inspections", "research", "enforcement_checks", "inquiries", "investigations", "evaluations"],
    "unit_ids": ["inspections", "research", "enforcement_checks", "inquiries", "investigations", "budget_reviews",
                 "trainings"],
}
# who reads besides the office and the members: "Readers add deputies", "units (own only)"
DEPUTY_READERS = ["inspections", "research", "articles", "trainings", "events"]
UNIT_SCOPED = {"evaluations": "unit_id", "audit_findings": "unit_id", "normative_documents": "issuer_id"}

# what the schema cannot tell: values a minimal record needs for a rule of its register
EXTRA = {
    "audit_findings": lambda w, y: {"audit_year": y - 1},
    "budget_reviews": lambda w, y: {"fiscal_year": y},
    "party_reports": lambda w, y: {"kind": "report"},
}


def today():
    return datetime.datetime.now(BEIJING).date()


def iso(d):
    return d.isoformat() if isinstance(d, datetime.date) else d


def days(d, n):
    return (d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d)) + datetime.timedelta(days=n)


def ok(r, status=200):
    assert r.status_code == status, f"{r.request.method} {r.request.url} → {r.status_code} {r.text[:600]}"
    return r.json() if r.content else None


class RegWorld(World):
    """World (a congress of its own: a term, deputies and units with accounts, staff and a
    member account) with members of its standing committee, a committee session and a
    chairpersons' meeting of its term, and the schemas of the registers as staff read them."""

    def __init__(self, dep, n_deputies=3, n_units=2, n_members=3):
        super().__init__(dep, n_deputies=n_deputies, n_units=n_units)
        people = [self.f.person(self.cid) for _ in range(n_members)]
        self.members = [self.f.member(self.cid, p["id"], self.term["id"]) for p in people]
        self.committee = self.f.committee(self.cid, f"财政经济委员会{uniq()}")
        self.session = self.meeting("committee_session", datetime.date(2024, 4, 25), term_id=self.term["id"])
        self.chairs = self.meeting("chairs_meeting", datetime.date(2024, 4, 18), term_id=self.term["id"])
        self.schemas = {}

    def mid(self, i):
        return self.members[i]["id"]

    def schema(self, name):
        if name not in self.schemas:
            self.schemas[name] = ok(self.staff.get(f"/{name}/schema"))
        return self.schemas[name]

    def field(self, name, field):
        for f in self.schema(name)["fields"]:
            if f["name"] == field:
                return f
        have = [f["name"] for f in self.schema(name)["fields"]]
        raise AssertionError(f"/{name}/schema has no field {field!r}: {have}")

    def label(self, name, field):
        return self.field(name, field)["label_zh"]

    # -- records
    def value(self, name, f, on, n):
        """A valid value for a required field f of register `name` (None: leave out)."""
        t = f["type"]
        if t == "text":
            s = f"{f['label_zh']}{n}"
            m = f.get("max_len")
            return s[-m:] if m and len(s) > m else s
        if t == "date":
            return iso(on)
        if t == "int":
            lo, hi = f.get("min", 0), f.get("max", 1000)
            return max(lo, min(hi, 1)) if lo <= 1 <= hi else lo
        if t == "decimal":
            return "1.00"
        if t == "bool":
            return True
        if t == "enum":
            return f.get("default") or f["values"][0]["id"]
        if t == "ref":
            ref = f["ref"]
            if f["name"] == "congress_id":
                return self.cid
            if ref == "units":
                return self.uid(0)
            if ref == "meetings":
                return self.session["id"]
            if ref == "terms":
                return self.term["id"]
            if ref == "committees":
                return self.committee["id"]
            if ref == "stations":
                return self.station["id"]
            if ref in ("indicators", "regulations"):  # a child's parent
                return self.make(ref)["id"]
            raise AssertionError(f"{name}.{f['name']}: no value for a required reference to {ref}")
        return None

    def body(self, coll, on=None, **over):
        """A minimal POST body: every required input field of the register's schema, its
        main date `on` (default 2024-05-10), plus EXTRA's values and `over`."""
        on = on or datetime.date(2024, 5, 10)
        n = uniq()
        out = {}
        for f in self.schema(coll)["fields"]:
            if f.get("read_only") or f.get("hidden") or not f.get("required"):
                continue
            if f["type"] in ("list", "attachments", "refs") or f["name"] in over:
                continue
            if f.get("main_date"):
                out[f["name"]] = iso(on)
                continue
            v = self.value(coll, f, on, n)
            if v is not None:
                out[f["name"]] = v
        main = MAIN_DATE.get(coll)
        if main and main not in out:
            out[main] = iso(on)
        if coll in EXTRA:
            out.update(EXTRA[coll](self, on.year if isinstance(on, datetime.date) else int(on[:4])))
        if TITLE.get(coll) and TITLE[coll] not in out:
            out[TITLE[coll]] = f"{self.label(coll, TITLE[coll])}{n}"
        out.update(over)
        return out

    def make(self, coll, on=None, client=None, **over):
        return (client or self.staff).create(coll, self.body(coll, on, **over))


# ---------------------------------------------------------------------------
# files


def read_csv(data):
    assert data.startswith(b"\xef\xbb\xbf"), f"the CSV export lacks its BOM: {data[:40]!r}"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def write_csv(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def import_csv(client, name, rows, **params):
    return client.post(f"/{name}/import", data=write_csv(rows), headers={"Content-Type": "text/csv"},
                       params=params)


def export_csv(client, name, **params):
    r = client.get(f"/{name}/export", params=dict(params, format="csv"))
    assert r.status_code == 200, f"export {name}: {r.status_code} {r.text[:300]}"
    return read_csv(r.content)


def counts(client, name, **params):
    """/counts as {str(value): item}."""
    d = ok(client.get(f"/{name}/counts", params=params))
    return {str(i["value"]): i for i in d["items"]}


def flag(v):
    return bool(v) if v is not None else False


__all__ = ["REGISTERS", "CHILDREN", "ALL", "GROUP", "GROUP_ZH", "LABEL_ZH", "TITLE", "MAIN_DATE", "DATED", "ENDS",
           "PARTICIPANTS", "DEPUTY_READERS", "UNIT_SCOPED", "RegWorld", "today", "iso", "days", "ok",
           "read_csv", "write_csv", "import_csv", "export_csv", "counts", "flag", "add_months", "assert_error",
           "uniq"]
