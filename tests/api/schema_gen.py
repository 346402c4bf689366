"""schema_gen — request bodies, updates and bad values built from what the server
says about itself, so the generated tests (test_gen_*.py) and the malformed-request
corpus (corpus/make_requests.py) cover a collection or a case kind the day it is
registered, with no hand-written body.

Discovery: GET /api/v1/schema (as admin) lists every collection and case kind;
GET /api/v1/<name>/schema describes each one's fields (type, required, enum values,
ref, min/max, max_len, read_only, hidden) and, for a case kind, its actions with
their input fields. `static_schemas()` does this once per test session, at collection
time, against a throwaway server, so tests can be parametrised by what exists.

Records (Gen): a valid record of any collection — references filled by creating (or
reusing) a record of the referenced collection first, recursively; enums from their
values; dates in field order (so "end not before start" rules hold); unique text and
numbers (natural keys). `alt` gives each writable field a second valid value;
`invalid` gives the values its type refuses.

Cases (CaseWorld, CaseLab): a congress with deputies, units and an account for each
role; a search that drives cases through their actions (taking, for each caller, what
the case's "actions" say they may do now) and remembers, for every action, a path of
actions that leads to a case where it may be taken. The plan found on the first
deployment is kept for the session; the others replay it.

Not a test module (pytest collects test_*.py only).
"""

import concurrent.futures
import datetime
import os
import shutil
import subprocess
import tempfile
import time

import requests

from conftest import API, ERROR_CODES, RENDA_BIN, Client, cli_ok, free_port, uniq

MISSING_ID = 2_000_000_011  # an id no test database reaches
UNKNOWN_FIELD = "no_such_field"
INT64_MAX = 2 ** 63 - 1
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.datetime.now(BEIJING).date()  # the server's "today" (utc_offset_minutes default)
DATE0 = datetime.date(2021, 1, 4)  # generated records' dates count from here


class _Absent:
    def __repr__(self):
        return "<absent>"


ABSENT = _Absent()  # a member left out of a body

# An action's integer input that names a record the schema does not (yet) describe as
# a reference: `into` (merge) is a case of the same kind, `person_id` (feedback) one of
# the case's people without an account, `extension_id` a request on the case. Used only
# when the field's schema has no "ref" of its own.
ACTION_REF_HINTS = {"into": "self", "person_id": "people", "extension_id": "extensions"}

# Settings a case world sets in its own congress: a motion needs this many signers
# (the lead and the confirmed cosigners; 10 by default) and the world has three deputies.
CASE_SETTINGS = {"motion_min_deputies": 2}

TERM_NUMBER_TRY = 99  # the number of the case world's term covering today, or the next free below
SEARCH_MAX_NODES = 48  # distinct situations explored per kind
SEARCH_MAX_DEPTH = 9   # actions on one path
SEARCH_WORKERS = 4     # children of a situation tried at once
LATER_DAYS = 366       # an action's date "a year on"
# Actions a search from a new case today cannot reach: they wait for a period to lapse
# (the feedback period before staff re-handle a round with an unsatisfied rating), and
# the search cannot move today. Their rules are tested at the boundary with dates in
# the past (tests/api/test_cases_feedback.py).
TIME_BOUND = {"rehandle": "the feedback period must lapse first (test_cases_feedback.py)"}
# The meetings a case field or action input refers to are of one kind, which the schema
# does not say (its ref is "meetings"): a motion's plenary session under way, the
# committee session a deliberation opinion comes from (its agenda_item_id a work report
# of it), the chairpersons' meeting that designates key supervision (docs/cases.md). A
# case world makes one of each, under way or held today, in a term covering today.
MEETING_KIND = {"proposals.meeting_id": "plenary", "deliberation_opinions.meeting_id": "committee_session",
                "supervise.meeting_id": "chairs_meeting"}


# ---------------------------------------------------------------------------
# discovery


class Schemas:
    """What GET /schema and each /<name>/schema answered (as admin)."""

    def __init__(self, top, coll, kind):
        self.top = top
        self.collections = [c["name"] for c in top["collections"]]
        self.kinds = [k["name"] for k in top["case_kinds"]]
        self.coll = coll  # name → schema
        self.kind = kind  # plural → schema

    @classmethod
    def fetch(cls, client):
        r = client.get("/schema")
        assert r.status_code == 200, f"GET /schema → {r.status_code} {r.text[:300]}"
        top = r.json()
        coll, kind = {}, {}
        for c in top["collections"]:
            r = client.get(f"/{c['name']}/schema")
            assert r.status_code == 200, f"GET /{c['name']}/schema → {r.status_code} {r.text[:300]}"
            coll[c["name"]] = r.json()
        for k in top["case_kinds"]:
            r = client.get(f"/{k['name']}/schema")
            assert r.status_code == 200, f"GET /{k['name']}/schema → {r.status_code} {r.text[:300]}"
            kind[k["name"]] = r.json()
        return cls(top, coll, kind)

    # -- collections
    def fields(self, coll):
        """The fields a client writes (not read-only, hidden, lists or attachments)."""
        return [f for f in self.coll[coll]["fields"] if is_input(f)]

    def field(self, coll, name):
        return next(f for f in self.coll[coll]["fields"] if f["name"] == name)

    def congress_field(self, coll):
        """The reference to the congress that keeps the record, or None (congresses)."""
        for f in self.coll[coll]["fields"]:
            if f["name"] == "congress_id" and f["type"] == "ref":
                return f
        return None

    def natural_key(self, coll):
        return list(self.coll[coll].get("natural_key") or [])

    def refs_of(self, coll):
        """Collections this one refers to (not itself)."""
        return sorted({f["ref"] for f in self.fields(coll)
                       if f["type"] in ("ref", "refs") and f["ref"] != coll and f["ref"] in self.coll})

    def import_order(self):
        """Collections ordered so that every referenced collection comes first."""
        done, out = set(), []

        def visit(c, stack=()):
            if c in done or c in stack:
                return
            for r in self.refs_of(c):
                visit(r, stack + (c,))
            done.add(c)
            out.append(c)

        for c in self.collections:
            visit(c)
        return out

    # -- case kinds
    def kind_fields(self, kind):
        """The fields a case is created with (the case's own and the kind's)."""
        return [f for f in self.kind[kind]["fields"] if is_input(f)]

    def actions(self, kind):
        return self.kind[kind]["actions"]

    def action(self, kind, name):
        return next(a for a in self.kind[kind]["actions"] if a["name"] == name)


def own_actions(schema):
    """May a collection's records offer actions besides update and delete? Those whose
    state decides them (own_actions: a meeting's notify, open …), and those that hold
    the vote engine's polls (polls: staff may hold one on an evaluation)."""
    return bool(schema.get("own_actions") or schema.get("polls"))


def is_input(f):
    return not f.get("read_only") and not f.get("hidden") and f["type"] not in ("list", "attachments")


_static = {}


def static_schemas():
    """The schemas of a throwaway server started once per session at collection time,
    so tests can be parametrised by the collections and kinds the server lists. Returns
    None (and keeps the reason in static_error()) when no server could be started."""
    if "schemas" in _static:
        return _static["schemas"]
    _static["schemas"], _static["error"] = None, None
    d = tempfile.mkdtemp(prefix="renda-schema-")
    proc = None
    try:
        if not os.path.exists(RENDA_BIN):
            raise RuntimeError(f"{RENDA_BIN} does not exist (build it: ninja -C build)")
        db = os.path.join(d, "schema.db")
        cli_ok("init", "--db", db)
        cli_ok("user", "add", "--db", db, "--login", "admin", "--role", "admin", input="schema-admin-pw\n")
        tok = cli_ok("token", "create", "--db", db, "--login", "admin").stdout.strip().splitlines()[-1]
        port = free_port()
        proc = subprocess.Popen([RENDA_BIN, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(base + API + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the schema server did not start")
            time.sleep(0.02)
        _static["schemas"] = Schemas.fetch(Client(base, token=tok))
    except Exception as e:  # reported by test_gen_roles.test_schema_discovered
        _static["error"] = f"{type(e).__name__}: {e}"
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(d, ignore_errors=True)
    return _static["schemas"]


def static_error():
    static_schemas()
    return _static["error"]


def collections():
    s = static_schemas()
    return s.collections if s else []


def kinds():
    s = static_schemas()
    return s.kinds if s else []


def collection_fields():
    """(collection, field) for every writable field of every collection."""
    s = static_schemas()
    return [(c, f["name"]) for c in (s.collections if s else []) for f in s.fields(c)]


def kind_fields():
    s = static_schemas()
    return [(k, f["name"]) for k in (s.kinds if s else []) for f in s.kind_fields(k)]


def kind_actions():
    """(kind, action) for every action of every case kind."""
    s = static_schemas()
    return [(k, a["name"]) for k in (s.kinds if s else []) for a in s.actions(k)]


# ---------------------------------------------------------------------------
# values


def _text(f, n, tag=""):
    label = f.get("label_zh") or f["name"]
    s = f"{label}{tag}{n}"
    m = f.get("max_len")
    if m and len(s) > m:
        s = (label[: max(0, m - len(str(n)))] + str(n))[-m:]
    return s


# Generated dates stay before today, as a ledger's do (a register's main date may not be
# more than a year ahead, an audit finding is not rectified tomorrow): n picks every
# third day of the span (a date moved by a day, `alt`, is no other record's), i the
# record's i-th date field after it.
DAY_SLOTS = max(30, ((TODAY - DATE0).days - 40) // 3)


def _day(n, i):
    return (DATE0 + datetime.timedelta(days=(n % DAY_SLOTS) * 3 + i)).isoformat()


def _int_range(f):
    lo = f.get("min", 0)
    hi = f.get("max", lo + 1000)
    return lo, hi


def _decimal(f, n):
    scale = f.get("scale", 2)
    return str(n % 1000) + ("." + "5".rjust(scale, "0") if scale else "")


def refusal(r, statuses, field=None):
    """None when r is the refusal docs/api.md describes — one of statuses, the error
    JSON with the status's code, and for a 422 naming `field` (when given) — else what
    is wrong with it, for a test to collect."""
    statuses = tuple(statuses) if isinstance(statuses, (tuple, list, set)) else (statuses,)
    what = f"{r.request.method} {r.request.path_url[:120]}"
    if r.status_code not in statuses:
        return f"{what}: expected {'/'.join(map(str, statuses))}, got {r.status_code}: {r.text[:300]}"
    try:
        err = r.json()["error"]
        ok = isinstance(err, dict) and err.get("code") == ERROR_CODES.get(r.status_code) and err.get("message")
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok or "application/json" not in r.headers.get("Content-Type", ""):
        return f"{what}: {r.status_code} without the error JSON of docs/api.md: {r.text[:300]}"
    if r.status_code == 422 and field is not None and err.get("field") != field:
        return f"{what}: 422 names field {err.get('field')!r}, expected {field!r}: {err.get('message')}"
    return None


class Gen:
    """Valid records, updates and bad values for the collections, made through the API
    as `client` (admin)."""

    def __init__(self, client, schemas):
        self.c = client
        self.s = schemas
        self.cache = {}     # (collection, congress) → a record to refer to
        self.dropped = {}   # collection → optional fields the server refused (rules)
        self.exhausted = set()  # (collection, congress) whose natural keys ran out

    # -- valid records
    def date_index(self, coll, name):
        dates = [f["name"] for f in self.s.fields(coll) if f["type"] in ("date", "datetime")]
        return dates.index(name) if name in dates else 0

    def value(self, coll, f, n, congress, fresh=False):
        """A valid value of field f for record number n of congress (ABSENT: leave out)."""
        t = f["type"]
        if t == "text":
            return _text(f, n)
        if t == "int":
            lo, hi = _int_range(f)
            return lo + n % (hi - lo + 1) if hi >= lo else ABSENT
        if t == "bool":
            return True
        if t == "decimal":
            return _decimal(f, n)
        if t == "date":
            return _day(n, self.date_index(coll, f["name"]))
        if t == "datetime":
            return _day(n, self.date_index(coll, f["name"])) + "T08:00:00Z"
        if t == "enum":
            return f["values"][0]["id"] if f.get("values") else ABSENT
        if t == "ref":
            if f["name"] == "congress_id" and f["ref"] == "congresses":
                return congress
            if f["ref"] == coll:  # a record of its own kind: a rule of that kind decides
                return self.ensure(coll, congress) if f.get("required") else ABSENT
            return self.fresh_or_shared(f["ref"], congress) if fresh else self.ensure(f["ref"], congress)
        if t == "refs":
            if f["ref"] == coll:
                return ABSENT
            return [self.fresh_or_shared(f["ref"], congress) if fresh else self.ensure(f["ref"], congress)]
        return ABSENT

    def body(self, coll, congress, n=None, fresh=False, **overrides):
        """A POST body for a new record of coll in congress (not sent)."""
        n = uniq() if n is None else n
        out = {}
        for f in self.s.fields(coll):
            if f["name"] in overrides:
                v = overrides[f["name"]]
            elif f["name"] in self.dropped.get(coll, ()):
                continue
            else:
                v = self.value(coll, f, n, congress, fresh)
            if v is not ABSENT:
                out[f["name"]] = v
        return out

    def new(self, coll, congress, fresh=False, **overrides):
        """A new record of coll in congress, created; fresh: the records it refers to
        are new too (all the way down), so no two share one. An optional field a rule
        of the collection refuses in the generated body is left out from then on."""
        return self.create(coll, congress, fresh, **overrides)[1]

    def create(self, coll, congress, fresh=False, **overrides):
        """new, and the body that made the record: (body, record)."""
        last = None
        for _ in range(8):
            body = self.body(coll, congress, fresh=fresh, **overrides)
            r = self.c.post("/" + coll, body)
            if r.status_code == 201:
                return body, r.json()
            last = f"POST /{coll} {body!r} → {r.status_code} {r.text[:400]}"
            field = r.json().get("error", {}).get("field") if r.headers.get("Content-Type", "").startswith(
                "application/json") else None
            if r.status_code == 422 and field in body and field not in overrides and \
                    not self.s.field(coll, field).get("required"):
                self.dropped.setdefault(coll, set()).add(field)
                continue
            if r.status_code == 409:
                continue
            break
        raise AssertionError(f"cannot create a valid {coll} record from its schema: {last}")

    def fresh_or_shared(self, coll, congress):
        """The id of a new record of coll, or, once coll's identifying values have run
        out in the congress (terms are 第1–100届: sixteen registers' records each name
        a term, a deputy's, a member's and a meeting's), of the one record shared."""
        if (coll, congress) not in self.exhausted:
            try:
                return self.new(coll, congress, fresh=True)["id"]
            except AssertionError as e:
                if "409" not in str(e):
                    raise
                self.exhausted.add((coll, congress))
        return self.ensure(coll, congress)

    def another(self, coll, congress, old):
        """The id of a record of coll other than old: a new one, or one already there
        once coll's identifying values have run out in the congress (fresh_or_shared)."""
        if (coll, congress) not in self.exhausted:
            try:
                return self.new(coll, congress)["id"]
            except AssertionError as e:
                if "409" not in str(e):
                    raise
                self.exhausted.add((coll, congress))
        r = self.c.get(f"/{coll}", params={"congress_id": congress, "per_page": 2, "sort": "-id"})
        ids = [x["id"] for x in r.json().get("items", []) if x["id"] != old]
        return ids[0] if ids else ABSENT

    def ensure(self, coll, congress):
        """The id of a record of coll in congress to refer to (made once)."""
        if coll == "congresses" and self.s.congress_field(coll) is None and congress:
            return congress
        key = (coll, congress)
        if key not in self.cache:
            self.cache[key] = self.new(coll, congress)
        return self.cache[key]["id"]

    # -- updates
    def change(self, coll, rec, f, value, congress):
        """PATCH field f of rec to value: (response, body sent). A rule between fields
        may refuse the change alone, naming another field that must change with it (a
        rectified audit finding needs its rectified_on): that field is sent along, with
        a generated value, a few times over."""
        body = {f["name"]: value}
        inputs = {x["name"]: x for x in self.s.fields(coll)}
        for _ in range(4):
            r = self.c.patch(f"/{coll}/{rec['id']}", body)
            named = r.json().get("error", {}).get("field") if r.status_code == 422 else None
            if named not in inputs or named in body:
                return r, body
            other = inputs[named]
            if other["type"] == "date":
                # a date a rule ties to the others (rectified_on not before report_on, not
                # after today): the day after the record's latest, at most today
                v = self.later_date(coll, rec, body)
            elif rec.get(named) is None:
                v = self.value(coll, other, uniq(), congress)
            else:
                v = self.alt(coll, other, rec, congress)
            if v is ABSENT:
                return r, body
            body[named] = v
        return r, body

    def later_date(self, coll, rec, body):
        """The day after the latest of the record's dates (as changed by body), at most
        today: a date every "not before" rule of the record and "not after today" allow."""
        days = [str(v)[:10] for k, v in {**rec, **body}.items()
                if v and k in {x["name"] for x in self.s.fields(coll) if x["type"] == "date"}]
        latest = max(days) if days else DATE0.isoformat()
        return min(datetime.date.fromisoformat(latest) + datetime.timedelta(days=1), TODAY).isoformat()

    def alt(self, coll, f, rec, congress):
        """Another valid value for field f of rec (ABSENT when the field is not changed
        on its own: the congress that keeps the record)."""
        t, old, n = f["type"], rec.get(f["name"]), uniq()
        if f.get("fixed") and old is not None:  # given once, on create
            return ABSENT
        if old is None:
            return self.value(coll, f, n, congress)
        if t == "text":
            return _text(f, n, "改")
        if t == "int":
            lo, hi = _int_range(f)
            if f["name"] in self.s.natural_key(coll):
                # a value of the identifying fields no record of the congress has yet
                for k in range(1, 200):
                    v = lo + (old - lo + k * 7) % (hi - lo + 1)
                    if v != old and not (f.get("filter") and self.c.get(
                            f"/{coll}?{f['name']}={v}&per_page=1").json().get("total")):
                        return v
                return ABSENT
            return old + 1 if old + 1 <= hi else (old - 1 if old - 1 >= lo else ABSENT)
        if t == "bool":
            return not old
        if t in ("date", "datetime"):
            step = -1 if self.date_index(coll, f["name"]) == 0 else 1
            d = datetime.date.fromisoformat(old[:10]) + datetime.timedelta(days=step)
            return d.isoformat() + old[10:]
        if t == "decimal":
            return _decimal(f, n + 1)
        if t == "enum":
            ids = [v["id"] for v in f["values"]]
            return ids[(ids.index(old) + 1) % len(ids)] if len(ids) > 1 else ABSENT
        if t == "ref":
            if f["name"] == "congress_id" or f["ref"] == coll:
                return ABSENT
            return self.another(f["ref"], congress, old)
        if t == "refs":
            return [self.new(f["ref"], congress)["id"]] if f["ref"] != coll else ABSENT
        return ABSENT

    # -- bad values
    def invalid(self, coll, f, congress, other_congress, create=True):
        """[(name, value, statuses)] the field refuses; 422 must name the field. On a
        create body, a required field is also left out and sent null."""
        out = invalid_values(f, coll)
        if f["type"] in ("ref", "refs") and f["name"] != "congress_id" and f["ref"] != coll and \
                other_congress and f["ref"] in self.s.coll and self.s.congress_field(f["ref"]):
            foreign = self.ensure(f["ref"], other_congress)
            out.append(("other-congress", foreign if f["type"] == "ref" else [foreign], (422,)))
        if f["type"] == "refs" and f["ref"] != coll and f["ref"] in self.s.coll:
            mine = self.ensure(f["ref"], congress)
            out.append(("same-twice", [mine, mine], (422,)))
        if f.get("required"):
            out.append(("null", None, (422,)))
            if create and "default" not in f:  # left out, a field with a default takes it
                out.append(("absent", ABSENT, (422,)))
        return out


def invalid_values(f, coll=None):
    """The values a field's type refuses, as [(name, value, statuses)]: wrong JSON
    types, out of range, too long, bad dates, unknown enum values, references that do
    not exist, NUL in text (the JSON decoder may refuse that first: 400)."""
    t = f["type"]
    out = []
    if t == "text":
        out += [("number", 12345, (422,)), ("bool", True, (422,)), ("array", ["文本"], (422,)),
                ("object", {"text": "文本"}, (422,)), ("nul", "甲\u0000乙", (400, 422))]
        if f.get("max_len"):
            out.append(("too-long", "长" * (f["max_len"] + 1), (422,)))
    elif t == "int":
        out += [("string", "12", (422,)), ("real", 1.5, (422,)), ("bool", True, (422,)),
                ("array", [1], (422,)), ("object", {}, (422,))]
        lo, hi = _int_range(f)
        if lo > -INT64_MAX:
            out.append(("below-min", lo - 1, (422,)))
        if hi < INT64_MAX:
            out.append(("above-max", hi + 1, (422,)))
    elif t == "bool":
        out += [("string", "true", (422,)), ("two", 2, (422,)), ("real", 0.5, (422,)),
                ("array", [True], (422,)), ("text-yes", "是", (422,))]
    elif t == "decimal":
        scale = f.get("scale", 2)
        out += [("text", "一百", (422,)), ("too-precise", "1." + "1" * (scale + 1), (422,)),
                ("bool", True, (422,)), ("exponent", "1e3", (422,)), ("array", [1], (422,))]
    elif t == "date":
        out += [("number", 20210101, (422,)), ("bad-month", "2021-13-01", (422,)),
                ("bad-day", "2021-02-30", (422,)), ("compact", "20210101", (422,)),
                ("slashes", "2021/01/04", (422,)), ("datetime", "2021-01-04T08:00:00Z", (422,)),
                ("words", "明天", (422,)), ("bool", True, (422,))]
    elif t == "datetime":
        out += [("date-only", "2021-01-04", (422,)), ("bad-hour", "2021-01-04T25:00:00Z", (422,)),
                ("no-zone", "2021-01-04T08:00:00", (422,)), ("number", 1609459200, (422,))]
    elif t == "enum":
        vals = f.get("values") or []
        out += [("unknown", "no_such_value", (422,)), ("number", 1, (422,)),
                ("array", [vals[0]["id"]] if vals else ["x"], (422,)), ("bool", False, (422,))]
        if vals and vals[0].get("label_zh") and vals[0]["label_zh"] != vals[0]["id"]:
            out.append(("label-not-id", vals[0]["label_zh"], (422,)))
    elif t == "ref":
        out += [("string", "1", (422,)), ("zero", 0, (422,)), ("negative", -1, (422,)),
                ("real", 1.5, (422,)), ("array", [1], (422,)), ("missing", MISSING_ID, (422,))]
    elif t == "refs":
        out += [("not-a-list", 1, (422,)), ("string-item", ["1"], (422,)), ("zero-item", [0], (422,)),
                ("object", {"id": 1}, (422,)), ("missing-item", [MISSING_ID], (422,)),
                ("too-many", list(range(1, 300)), (422,))]
    elif t == "list":
        out += [("object", {}, (422,)), ("number", 1, (422,)), ("item-not-object", [1], (422,)),
                ("item-empty", [{}], (422,)), ("too-many", [{}] * 101, (422,))]
    return out


# ---------------------------------------------------------------------------
# cases


def _pool_map(fn, items, workers=8):
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return list(ex.map(fn, items))


class CaseWorld:
    """A congress of its own for the generated case tests: records for whatever the
    kinds' fields refer to, three deputies and two units each with an account, a staff
    and a member account. Actors are named: staff, member, d0 (a lead deputy), d1 (a
    cosigner), d2, u0 (the unit assigned), u1. Built identically on every deployment,
    so a plan found on one replays on another."""

    ACTORS = ["staff", "d0", "d1", "d2", "u0", "u1", "member"]

    def __init__(self, dep, schemas, gen=None, actors=None):
        self.dep = dep
        self.s = schemas
        self.gen = gen or Gen(dep.admin, schemas)
        n = uniq()
        self.cid = cid = self.gen.new("congresses", 0)["id"]
        self.deputies = [self.gen.new("deputies", cid, fresh=True) for _ in range(3)]
        self.units = [self.gen.new("units", cid) for _ in range(2)]
        accounts = [("staff", f"gstaff{n}", "staff", {}), ("member", f"gmember{n}", "member", {})]
        accounts += [(f"d{i}", f"gdep{n}_{i}", "deputy", {"deputy": d["id"]}) for i, d in enumerate(self.deputies)]
        accounts += [(f"u{i}", f"gunit{n}_{i}", "unit", {"unit": u["id"]}) for i, u in enumerate(self.units)]
        if actors is not None:  # a world that only needs some accounts (cases of another congress)
            accounts = [a for a in accounts if a[0] in actors]

        def account(a):
            _name, login, role, kw = a
            dep.add_user(login, role, congress=cid, **kw)
            return dep.token_client(login)

        clients = _pool_map(account, accounts)
        self.actors = {a[0]: c for a, c in zip(accounts, clients)}
        self.logins = {a[0]: a[1] for a in accounts}
        self.anon = dep.anon()
        self.staff = self.actors["staff"]
        if CASE_SETTINGS:
            r = self.staff.patch("/settings", CASE_SETTINGS)
            assert r.status_code == 200, f"PATCH /settings {CASE_SETTINGS} → {r.status_code} {r.text[:300]}"

    def pick(self, ref, position, key=None):
        """A record to refer to: the world's deputies and units (the ones with
        accounts) in order, the meeting of the kind `key` (kind.field, action.input)
        needs (MEETING_KIND) and its work report, anything else made by the generator."""
        if ref == "deputies":
            return self.deputies[position % len(self.deputies)]["id"]
        if ref == "units":
            return self.units[position % len(self.units)]["id"]
        if ref == "meetings" and key in MEETING_KIND:
            return self.meeting(MEETING_KIND[key])["id"]
        if ref == "agenda_items" and key and key.startswith("deliberation_opinions."):
            return self.meeting("committee_session")["work_report"]
        return self.gen.ensure(ref, self.cid)

    def meeting(self, kind):
        """The world's meeting of `kind` (made on first use): from yesterday to tomorrow
        in a term of its own covering today; a plenary's deadline for motions a year on,
        a committee session's work report by unit u0."""
        if not hasattr(self, "meetings"):
            self.meetings = {}
            for number in range(TERM_NUMBER_TRY, 0, -1):
                r = self.staff.post("/terms", {"number": number,
                                              "start_on": (TODAY - datetime.timedelta(days=400)).isoformat(),
                                              "end_on": (TODAY + datetime.timedelta(days=1400)).isoformat()})
                if r.status_code == 201:
                    self.meeting_term = r.json()["id"]
                    break
                assert r.status_code == 409, f"POST /terms → {r.status_code} {r.text[:300]}"
        if kind not in self.meetings:
            body = {"kind": kind, "term_id": self.meeting_term,
                    "starts_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
                    "ends_on": (TODAY + datetime.timedelta(days=1)).isoformat()}
            if kind == "plenary":
                deadline = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365)
                body["motion_deadline"] = deadline.strftime("%Y-%m-%dT%H:%M:%SZ")
            r = self.staff.post("/meetings", body)
            assert r.status_code == 201, f"POST /meetings {body} → {r.status_code} {r.text[:300]}"
            m = r.json()
            if kind == "committee_session":
                r = self.staff.post(f"/meetings/{m['id']}/agenda",
                                    {"kind": "work_report", "title": "关于全县财政预算执行情况的报告",
                                     "unit_id": self.units[0]["id"]})
                assert r.status_code == 201, f"POST agenda → {r.status_code} {r.text[:300]}"
                m["work_report"] = r.json()["id"]
            self.meetings[kind] = m
        return self.meetings[kind]


class CaseLab:
    """Cases of one kind in a CaseWorld: creating them, taking actions, and the search
    for a path to every action. Every case made is tracked with its state (a merge
    needs another open case)."""

    def __init__(self, world, kind):
        self.w = world
        self.kind = kind
        self.s = world.s
        self.cases = {}  # id → state
        self.plan = None  # the search's result (plan_for), also while it is searched
        self.at = {}  # path → a case brought along it, kept while nothing changes it
        self.snaps = {}  # case → how it read before the refused requests sent to it
        self.targets = []  # cases made to be merged into
        self._making_target = False

    # -- bodies
    def create_variants(self):
        return _variants(self.s.kind_fields(self.kind))

    def create_body(self, variant=0):
        over = self.create_variants()[variant]
        n = uniq()
        body, deputies_single = {}, 0
        for f in self.s.kind_fields(self.kind):
            name, t = f["name"], f["type"]
            if name in over:
                body[name] = over[name]
            elif t == "text":
                body[name] = _text(f, n)
            elif t == "int":
                body[name] = _int_range(f)[0]
            elif t == "bool":
                body[name] = True
            elif t == "decimal":
                body[name] = _decimal(f, n)
            elif t == "date":
                body[name] = TODAY.isoformat()
            elif t == "datetime":
                body[name] = TODAY.isoformat() + "T08:00:00Z"
            elif t == "enum":
                body[name] = f["values"][0]["id"]
            elif t == "ref":
                body[name] = self.w.pick(f["ref"], deputies_single if f["ref"] == "deputies" else 0,
                                         f"{self.kind}.{name}")
                deputies_single += f["ref"] == "deputies"
            elif t == "refs":
                body[name] = [self.w.pick(f["ref"], 1)]
        return body

    def action_variants(self, action):
        return _variants(self.s.action(self.kind, action)["fields"])

    def action_body(self, action, rec, variant=0):
        """A valid body for the action on rec, or None when one cannot be made now."""
        a = self.s.action(self.kind, action)
        over = _variants(a["fields"])[variant]
        body = {}
        for f in a["fields"]:
            if f.get("hidden"):
                continue
            v = self._input_value(f, rec, a, over, f["name"])
            if v is None:
                return None
            if v is not ABSENT:
                body[f["name"]] = v
        return body

    def _input_value(self, f, rec, a, over, key):
        t = f["type"]
        ref = f.get("ref") or ACTION_REF_HINTS.get(f["name"])
        if key in over:
            return over[key]
        if t == "enum":
            return f["values"][0]["id"] if f.get("values") else ABSENT
        if t == "text":
            return _text(f, uniq(), "：")
        if t == "bool":
            return True
        if t == "date":
            return TODAY.isoformat()
        if t == "datetime":
            return TODAY.isoformat() + "T08:00:00Z"
        if t == "decimal":
            return _decimal(f, 1)
        if t == "list":
            item = {}
            for sub in f.get("items", []):
                v = self._input_value(sub, rec, a, over, f"{key}.{sub['name']}")
                if v is None:
                    return None
                if v is not ABSENT:
                    item[sub["name"]] = v
            return [item]
        if t == "refs":
            return [self.w.pick(ref, 0)]
        if t == "ref" or (t == "int" and ref):
            if ref == "self":
                target = self.open_target(rec["id"], a["from"])
                return target if target else None
            if ref == "people":
                people = [p for p in rec.get("people") or [] if not p.get("deputy_id")]
                return people[0]["id"] if people else ABSENT
            # a deputy the record offers this action on (staff confirming a paper cosigner)
            offered = [p for p in rec.get("people") or [] if a["name"] in (p.get("actions") or [])]
            if ref == "deputies" and offered:
                return offered[0]["deputy_id"]
            if ref == "extensions":
                return ABSENT
            return self.w.pick(ref, 0, f"{a['name']}.{f['name']}")
        if t == "int":
            return f.get("min", 1)
        return ABSENT

    def bad_bodies(self, action, rec, valid, actor, other_congress=None):
        """[(description, body, statuses, field)]: the valid body with one input made
        invalid (each value its type refuses, a required one left out or null, a list
        item's member made invalid, an unknown member), and with an unknown key. A
        hidden input only staff may give is 403 from anyone else."""
        a = self.s.action(self.kind, action)
        valid = dict(valid or {})
        staff = actor == "staff"
        out = []
        for f in a["fields"]:
            name = f["name"]
            ref = f.get("ref") or ACTION_REF_HINTS.get(name)
            vals = invalid_values(f)
            if f["type"] == "int" and ref in ("self", "people") and staff:
                vals.append(("missing", MISSING_ID, (422,)))
            if f["type"] == "int" and ref == "self":
                vals.append(("itself", rec["id"], (422,)))
            if f.get("required"):
                vals += [("null", None, (422,)), ("absent", ABSENT, (422,))]
            for vn, vv, vs in vals:
                body = {k: v for k, v in valid.items() if k != name}
                if vv is not ABSENT:
                    body[name] = vv
                if f.get("hidden") and not staff:
                    vs = tuple(sorted(set(vs) | {403}))
                out.append((f"{name}:{vn}", body, vs, name))
            if f["type"] == "list":
                item = dict((valid.get(name) or [{}])[0])
                for sub in f.get("items", []):
                    sn = sub["name"]
                    subvals = invalid_values(sub)
                    if sub["type"] == "ref" and other_congress and sub.get("ref") in self.s.coll:
                        subvals.append(("other-congress", self.w.gen.ensure(sub["ref"], other_congress), (422,)))
                    if sub.get("required"):
                        subvals.append(("absent", ABSENT, (422,)))
                    for vn, vv, vs in subvals:
                        it = {k: v for k, v in item.items() if k != sn}
                        if vv is not ABSENT:
                            it[sn] = vv
                        out.append((f"{name}[].{sn}:{vn}", {**valid, name: [it]}, vs, name))
                out.append((f"{name}[]:unknown-member", {**valid, name: [{**item, UNKNOWN_FIELD: 1}]},
                            (422,), name))
        out.append(("unknown-key", {**valid, UNKNOWN_FIELD: 1}, (422,), UNKNOWN_FIELD))
        return out

    def open_target(self, exclude, states):
        """Another case of the kind in one of `states` (a merge's main case). Targets
        are cases of their own, brought there along the plan's shortest path (or, while
        the plan is searched, any case met in such a state), never a case tests share:
        a merge writes to its main case's history."""
        for cid in self.targets:
            if cid != exclude and self.cases.get(cid) in states:
                return cid
        if self.plan is None or self._making_target:
            return None
        self._making_target = True
        try:
            for n in self.plan.nodes:
                if n["state"] in states:
                    cid = self.replay(n["path"])
                    self.targets.append(cid)
                    return cid
        finally:
            self._making_target = False
        return None

    # -- doing
    def create(self, variant=0):
        r = self.w.staff.post("/" + self.kind, self.create_body(variant))
        assert r.status_code == 201, f"POST /{self.kind} → {r.status_code} {r.text[:500]}"
        rec = r.json()
        self.cases[rec["id"]] = rec["state"]
        return rec

    def get(self, cid, actor="staff"):
        r = self.w.actors[actor].get(f"/{self.kind}/{cid}")
        return r.json() if r.status_code == 200 else None

    def act(self, cid, actor, action, body):
        client = self.w.anon if actor == "anonymous" else self.w.actors[actor]
        r = client.post(f"/{self.kind}/{cid}/{action}", body)
        if r.status_code == 200:
            self.cases[cid] = r.json()["state"]
        return r

    def needs_record(self, action):
        """Does the action's body name something of the case (its people, another case)?"""
        return any((f.get("ref") or ACTION_REF_HINTS.get(f["name"])) in ("self", "people", "deputies")
                   for f in self.s.action(self.kind, action)["fields"])

    def step(self, cid, actor, action, variant):
        """Take one step of a path; returns the response (None: no body could be made)."""
        rec = self.get(cid) if self.needs_record(action) else {"id": cid}
        body = self.action_body(action, rec, variant)
        if body is None:
            return None
        return self.act(cid, actor, action, body)

    def situation(self, cid):
        """(state, {actor: sorted actions}) of the case as each actor sees it."""
        recs = _pool_map(lambda a: (a, self.get(cid, a)), self.w.ACTORS, workers=len(self.w.ACTORS))
        state = next(r["state"] for a, r in recs if a == "staff")
        # "update" and "attach" (adding files, docs/attachments.md) are not transitions
        acts = {a: tuple(sorted(x for x in r["actions"] if x not in ("update", "attach"))) if r else None
                for a, r in recs}
        return state, acts

    def replay(self, path):
        """A new case brought along path: [("create", variant), (actor, action, variant)…]."""
        rec = self.create(path[0][1])
        cid = rec["id"]
        for actor, action, variant in path[1:]:
            r = self.step(cid, actor, action, variant)
            assert r is not None and r.status_code == 200, \
                f"replaying {path} on {self.kind}: {actor} {action} → " \
                f"{'no body' if r is None else str(r.status_code) + ' ' + r.text[:400]}"
        return cid

    def case_at(self, path):
        """A case brought along path, shared by the tests that only send it refused
        requests (forget() it when one was not refused)."""
        key = tuple(tuple(x) for x in path)
        if key not in self.at:
            self.at[key] = self.replay(path)
        return self.at[key]

    def forget(self, cid):
        self.at = {k: v for k, v in self.at.items() if v != cid}
        self.snaps.pop(cid, None)

    def snapshot(self, cid):
        """The case as staff read it when first asked (kept until forget())."""
        if cid not in self.snaps:
            self.snaps[cid] = self.get(cid)
        return self.snaps[cid]

    # -- the search
    def search(self):
        """Breadth-first over situations (a state and what each actor is offered): from a
        new case, every action some actor is offered, with each of its enum values. The
        first create variant is searched whole; the others only while an action whose
        `from` holds a state met so far was never taken (a suggestion's decline: the
        first variant makes motions). Returns a Plan."""
        plan = self.plan = Plan(self.kind)
        self._bfs(plan, 0, None)
        for v in range(1, len(self.create_variants())):
            states = {n["state"] for n in plan.nodes}
            want = {a["name"] for a in self.s.actions(self.kind)
                    if a["name"] not in plan.success and states & set(a["from"])
                    and a["name"] not in TIME_BOUND}
            if not want:
                break
            self._bfs(plan, v, want)
        return plan

    def _bfs(self, plan, variant, want):
        seen = set()
        same = set()  # (state, action, variant) that changed nothing the search tells apart
        queue = [{"path": [("create", variant)], "cid": self.create(variant)["id"]}]
        budget = SEARCH_MAX_NODES
        while queue and budget > 0:
            if want is not None and want <= set(plan.success):
                return
            node = queue.pop(0)
            state, acts = self.situation(node["cid"])
            sig = _signature(state, acts)
            if node.get("parent") is not None:
                pstate, paction, pvariant, psig = node["parent"]
                if sig == psig or sig in node["siblings"]:
                    same.add((pstate, paction, pvariant))
                node["siblings"].add(sig)
            if sig in seen:
                continue
            seen.add(sig)
            budget -= 1
            index = len(plan.nodes)
            plan.nodes.append({"path": node["path"], "state": state, "actions": acts})
            for actor in self.w.ACTORS:
                for action in acts.get(actor) or ():
                    plan.avail.setdefault(action, (index, actor))
            if len(node["path"]) > SEARCH_MAX_DEPTH:
                continue
            children, tried = [], set()
            for actor in self.w.ACTORS:
                for action in acts.get(actor) or ():
                    if action in tried:  # one actor per action and situation
                        continue
                    tried.add(action)
                    children += [(actor, action, v) for v in range(len(self.action_variants(action)))
                                 if not ((state, action, v) in same and action in plan.success)]

            def expand(i_child, node=node):
                actor, action, v = children[i_child]
                # the node's own case serves the first child, the others replay its path
                cid = node["cid"] if i_child == 0 else self.replay(node["path"])
                return cid, self.step(cid, actor, action, v)

            siblings = set()
            for (actor, action, v), (cid, r) in zip(children, _pool_map(expand, range(len(children)),
                                                                         SEARCH_WORKERS)):
                if r is None or r.status_code != 200:
                    plan.failed.setdefault(action, []).append(
                        (index, actor, v, None if r is None else r.status_code,
                         "no body" if r is None else r.text[:300]))
                    continue
                plan.success.setdefault(action, (index, actor, v))
                queue.append({"path": node["path"] + [(actor, action, v)], "cid": cid,
                              "parent": (state, action, v, sig), "siblings": siblings})


def _signature(state, acts):
    """What tells situations apart: the state and the actions offered to anyone."""
    return state, frozenset(a for offered in acts.values() for a in offered or ())


def _variants(fields):
    """Override sets for a body: none, then each other value of each enum field (and of
    each enum in a list's items), one at a time, and each date a year on (a new
    deadline must come after the one in force)."""
    out = [{}]
    for f in fields:
        if f.get("hidden"):
            continue
        if f["type"] == "date":
            out.append({f["name"]: (TODAY + datetime.timedelta(days=LATER_DAYS)).isoformat()})
        if f["type"] == "enum":
            for v in (f.get("values") or [])[1:]:
                out.append({f["name"]: v["id"]})
        if f["type"] == "list":
            for sub in f.get("items", []):
                if sub["type"] == "enum":
                    for v in (sub.get("values") or [])[1:]:
                        out.append({f"{f['name']}.{sub['name']}": v["id"]})
    return out


class Plan:
    """What a search found for one kind: the situations (nodes: a path, the state, each
    actor's actions), and per action the first situation where it succeeded
    (success: node, actor, body variant) or where it was offered (avail: node, actor)."""

    def __init__(self, kind):
        self.kind = kind
        self.nodes = []
        self.success = {}
        self.avail = {}
        self.failed = {}

    def reachable(self, schema_action):
        """Is a state the action starts from among the states met?"""
        return bool({n["state"] for n in self.nodes} & set(schema_action["from"]))

    def where(self, action):
        """(path, actor, variant) of a case on which `action` may be taken by actor,
        or None when the search never met it."""
        if action in self.success:
            i, actor, variant = self.success[action]
            return self.nodes[i]["path"], actor, variant
        if action in self.avail:
            i, actor = self.avail[action]
            return self.nodes[i]["path"], actor, 0
        return None

    def by_state(self):
        """The first (shortest) node of each state."""
        out = {}
        for i, n in enumerate(self.nodes):
            out.setdefault(n["state"], i)
        return out

    def describe(self, action):
        fails = self.failed.get(action, [])[:3]
        return (f"{self.kind}: no case was found on which {action!r} may be taken; situations: "
                f"{[(n['state'], n['actions']) for n in self.nodes[:12]]}; failures: {fails}")


_plans = {}


def plan_for(lab):
    """The session's plan for lab's kind: searched on the first deployment that asks,
    replayed on the others (the worlds are built alike)."""
    if lab.kind not in _plans:
        _plans[lab.kind] = lab.search()
    lab.plan = _plans[lab.kind]
    return lab.plan
