#!/usr/bin/env python3
"""make_requests.py — writes requests.jsonl, the malformed-request corpus that
tests/api/test_corpus_replay.py replays against a server on each backend.

    python3 tests/api/corpus/make_requests.py        (after ninja -C build)

It asks a throwaway server (build/renda, or RENDA_BIN) for its schemas, as the
generated tests do (schema_gen.static_schemas), so the corpus covers every collection,
field, case kind and action the registries have. Run it again when they change: the
replay test fails with this command in its message when the corpus is stale.

Each line after the first is one request (the first line records what it was
generated for):

    {"id": "...", "method": "POST", "path": "/api/v1/units", "auth": "staff",
     "headers": {"Origin": "http://evil.example"}, "body": "...",
     "status": [422], "field": "kind"}

- body: text (UTF-8); or body_b64 (bytes); or body_file (a file of this folder); or
  body_fill {"head", "fill", "size", "tail"} (an oversized body); a header value may
  be {"fill", "size"} too.
- headers: besides the credentials auth gives; a body is sent as application/json
  unless Content-Type says otherwise ("" sends none).
- auth (admin when left out): admin | staff | member | deputy | unit (bearer tokens of the replay's own
  congress), anon (nothing), cookie (staff's session cookie), actor:<kind>:<action>
  (the account that may take the action on the case @CASE:<kind>:<action>@),
  cookie-actor:<kind>:<action> (its session cookie).
- path_fill / headers_repeat: a long query or path ({"fill", "size"} appended to
  path) and many headers ({"name", "value", "count"}).
- Placeholders, replaced by the replay (a quoted "@X@" becomes the bare number):
  @TEXT:<n>@ — n characters "长" (inside a string);
  @CONGRESS@ / @OTHER_CONGRESS@ — the replay's congress and another one;
  @ID:<collection>@ / @OTHER_ID:<collection>@ — a record in each;
  @CASE:<kind>@ / @OTHER_CASE:<kind>@ — a case in each;
  @CASE:<kind>:<action>@ — a case the action may be taken on; @MISSING_ID@.
- status: the statuses allowed (null: the server may close without answering);
  field: what a 422 must name; xfail: why it fails today (the replay marks it).
"""

import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import schema_gen as sg  # noqa: E402

OUT = os.path.join(HERE, "requests.jsonl")
API = "/api/v1"
JSON = {"Content-Type": "application/json"}
MIB = 1024 * 1024


def body_files():
    """The bad-JSON bodies of this folder (decoding errors: 400, or 422 where docs/api.md
    allows either), by name."""
    out = []
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".json"):
            continue
        _coll, statuses, field, desc = name[:-5].split(".", 3)
        if field == "-":
            out.append((desc, name, [int(x) for x in statuses.split("+")]))
    return out


# more ways to break JSON than the files above (text, statuses); a body that decodes
# after all still fails (it names no field of anything)
MORE_BAD_JSON = [
    ("nested-33-objects", '{"a":' * 33 + "1" + "}" * 33, [400]),
    ("unclosed-array-in-object", '{"no_such_field":[1,2}', [400]),
    ("truncated-true", '{"no_such_field":tru}', [400]),
    ("truncated-null", '{"no_such_field":nul}', [400]),
    ("lone-minus", '{"no_such_field":-}', [400]),
    ("dot-five", '{"no_such_field":.5}', [400]),
    ("one-dot", '{"no_such_field":1.}', [400]),
    ("real-overflow", '{"no_such_field":1e400}', [400]),
    ("negative-real-overflow", '{"no_such_field":-1e999}', [400]),
    ("empty-object-key-comma", "{,}", [400]),
    ("lone-low-surrogate", '{"no_such_field":"\\udc00"}', [400]),
    ("two-high-surrogates", '{"no_such_field":"\\ud800\\ud800"}', [400]),
    ("nul-in-key", '{"\\u0000":1}', [400, 422]),
    ("raw-tab-in-string", '{"no_such_field":"a\tb"}', [400]),
    ("bom-then-object", '\ufeff{"no_such_field":1}', [400, 422]),
    ("only-open-brace", "{", [400]),
    ("only-close-brace", "}", [400]),
    ("key-without-value", '{"no_such_field"}', [400]),
    ("value-without-key", "{:1}", [400]),
    ("array-of-objects", '[{"no_such_field":1}]', [400, 422]),
    ("empty-array", "[]", [400, 422]),
    ("escaped-slash-garbage", '{"no_such_field":"\\/\\x41"}', [400]),
]
MORE_BAD_BYTES = [
    ("overlong-nul", b'{"no_such_field":"\xc0\x80"}', [400]),
    ("overlong-euro", b'{"no_such_field":"\xf0\x82\x82\xac"}', [400]),
    ("five-byte-sequence", b'{"no_such_field":"\xf8\x88\x80\x80\x80"}', [400]),
    ("utf16-le", '{"no_such_field":1}'.encode("utf-16-le"), [400]),
    ("utf16-with-bom", '{"no_such_field":1}'.encode("utf-16"), [400]),
    ("utf32", '{"no_such_field":1}'.encode("utf-32"), [400]),
    ("trailing-nul-byte", b'{"no_such_field":1}\x00', [400]),
    ("isolated-continuation-in-key", b'{"\x80":1}', [400]),
]


# Requests the server answers wrongly today (the lead fixes the server; the replay marks
# them xfail, strict, and keeps the write they make out of its "nothing written" check).
KNOWN_WRONG = {}

BAD_JSON_SAMPLE = {"truncated-object", "trailing-comma", "single-quotes", "duplicate-key", "utf8-ff-fe",
                   "nested-100-arrays", "top-level-array", "escaped-nul", "raw-control-char", "nan-value",
                   "utf16-le", "real-overflow"}


class Corpus:
    def __init__(self, s):
        self.s = s
        self.entries = []
        self.ids = set()

    def add(self, id_, method, path, status, auth="admin", headers=None, body=None, field=None,
            **extra):
        """One request; a body goes as application/json unless headers say otherwise
        (a Content-Type of "" sends none), auth admin unless said."""
        assert id_ not in self.ids, id_
        self.ids.add(id_)
        e = {"id": id_, "method": method, "path": path}
        if auth != "admin":
            e["auth"] = auth
        headers = {k: v for k, v in (headers or {}).items() if (k, v) != ("Content-Type", "application/json")}
        if headers:
            e["headers"] = headers
        if isinstance(body, bytes):
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is None or "\x00" in text:
                e["body_b64"] = base64.b64encode(body).decode()
            else:
                e["body"] = text
        elif isinstance(body, (dict, list)):
            e["body"] = json.dumps(shorten(body), ensure_ascii=False)
        elif body is not None:
            e["body"] = body
        e.update(extra)
        if id_ in KNOWN_WRONG:
            e["xfail"] = KNOWN_WRONG[id_]
        e["status"] = list(status)
        if field is not None:
            e["field"] = field
        self.entries.append(e)

    # -- static bodies (placeholders for what only the replay knows)
    def body(self, coll):
        out = {}
        for i, f in enumerate(self.s.fields(coll)):
            v = static_value(f, i, coll)
            if v is not sg.ABSENT:
                out[f["name"]] = v
        return out

    def case_body(self, kind):
        out = {}
        for i, f in enumerate(self.s.kind_fields(kind)):
            v = static_value(f, i, None)
            if v is not sg.ABSENT:
                out[f["name"]] = v
        return out


def shorten(v):
    """Long runs of one character as @TEXT:<n>@ (the replay writes them out)."""
    if isinstance(v, dict):
        return {k: shorten(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shorten(x) for x in v]
    if isinstance(v, str) and len(v) > 100 and v == v[0] * len(v) and v[0] == "长":
        return f"@TEXT:{len(v)}@"
    return v


def static_value(f, i, coll):
    t = f["type"]
    if t == "text":
        return sg._text(f, 1, "示例")
    if t == "int":
        return sg._int_range(f)[0]
    if t == "bool":
        return True
    if t == "decimal":
        return "1." + "0" * f.get("scale", 2) if f.get("scale", 2) else "1"
    if t == "date":
        return sg._day(1, i)
    if t == "datetime":
        return sg._day(1, i) + "T08:00:00Z"
    if t == "enum":
        return f["values"][0]["id"]
    if t == "ref":
        if f["name"] == "congress_id" and f["ref"] == "congresses":
            return "@CONGRESS@"
        return sg.ABSENT if f["ref"] == coll else f"@ID:{f['ref']}@"
    if t == "refs":
        return sg.ABSENT if f["ref"] == coll else [f"@ID:{f['ref']}@"]
    return sg.ABSENT


def bad_json(c):
    """Bad JSON of every kind, sent where the API decodes a body: every collection's
    create and one PATCH, every case kind's create, PATCH and first action."""
    bodies = [(d, {"body_file": n}, st) for d, n, st in body_files()]
    bodies += [(d, {"body": t}, st) for d, t, st in MORE_BAD_JSON]
    bodies += [(d, {"body_b64": base64.b64encode(b).decode()}, st) for d, b, st in MORE_BAD_BYTES]
    # every kind of bad JSON where a collection, a case and an action decode their body…
    c0, k0 = c.s.collections[0], c.s.kinds[0]
    a0 = c.s.actions(k0)[0]["name"]
    whole = [(f"POST-{c0}", "POST", f"{API}/{c0}", "admin"), (f"PATCH-{c0}", "PATCH", f"{API}/{c0}/@ID:{c0}@", "admin"),
             (f"POST-{k0}", "POST", f"{API}/{k0}", "staff"),
             (f"POST-{k0}-{a0}", "POST", f"{API}/{k0}/@CASE:{k0}:{a0}@/{a0}", f"actor:{k0}:{a0}")]
    # …and a sample of them everywhere else the API decodes one
    sample = [b for b in bodies if b[0] in BAD_JSON_SAMPLE]
    rest = [(f"POST-{x}", "POST", f"{API}/{x}", "admin") for x in c.s.collections[1:]]
    rest += [(f"PATCH-{x}", "PATCH", f"{API}/{x}/@ID:{x}@", "admin") for x in c.s.collections[1:]]
    for k in c.s.kinds:
        rest += [(f"PATCH-{k}", "PATCH", f"{API}/{k}/@CASE:{k}@", "staff")]
        if k != k0:
            a = c.s.actions(k)[0]["name"]
            rest += [(f"POST-{k}", "POST", f"{API}/{k}", "staff"),
                     (f"POST-{k}-{a}", "POST", f"{API}/{k}/@CASE:{k}:{a}@/{a}", f"actor:{k}:{a}")]
    for tname, method, path, auth, these in [t + (bodies,) for t in whole] + [t + (sample,) for t in rest]:
        for desc, body, statuses in these:
            if desc == "empty-body" and auth.startswith("actor:"):
                continue  # an action without a body takes no input: that is not malformed
            c.add(f"bad-json/{tname}/{desc}", method, path, statuses, auth=auth, **body)


def wrong_types(c):
    """Each field of each collection given each value its type refuses: alone in a
    create body and in a PATCH (types are checked before anything else), and — for a
    reference that does not exist or belongs to another congress — in a whole body."""
    for coll in c.s.collections:
        full = c.body(coll)
        for f in c.s.fields(coll):
            name = f["name"]
            for desc, value, statuses in sg.invalid_values(f, coll):
                if desc in ("missing", "missing-item"):  # existence is checked on the whole record
                    body = {**full, name: "@MISSING_ID@" if f["type"] == "ref" else ["@MISSING_ID@"]}
                    c.add(f"types/{coll}/{name}/POST/{desc}", "POST", f"{API}/{coll}", statuses, headers=JSON,
                          body=body, field=name)
                    c.add(f"types/{coll}/{name}/PATCH/{desc}", "PATCH", f"{API}/{coll}/@ID:{coll}@", statuses,
                          headers=JSON, body={name: body[name]}, field=name)
                    continue
                c.add(f"types/{coll}/{name}/POST/{desc}", "POST", f"{API}/{coll}", statuses, headers=JSON,
                      body={name: value}, field=name)
                c.add(f"types/{coll}/{name}/PATCH/{desc}", "PATCH", f"{API}/{coll}/@ID:{coll}@", statuses,
                      headers=JSON, body={name: value}, field=name)
            if f["type"] in ("ref", "refs") and name != "congress_id" and f["ref"] != coll and \
                    c.s.congress_field(f["ref"]):
                foreign = f"@OTHER_ID:{f['ref']}@"
                value = foreign if f["type"] == "ref" else [foreign]
                c.add(f"types/{coll}/{name}/POST/other-congress", "POST", f"{API}/{coll}", [422], headers=JSON,
                      body={**full, name: value}, field=name)
                c.add(f"types/{coll}/{name}/PATCH/other-congress", "PATCH", f"{API}/{coll}/@ID:{coll}@", [422],
                      headers=JSON, body={name: value}, field=name)
            if f.get("required"):
                rest = {k: v for k, v in full.items() if k != name}
                c.add(f"types/{coll}/{name}/POST/absent", "POST", f"{API}/{coll}", [422], headers=JSON,
                      body=rest, field=name)
                c.add(f"types/{coll}/{name}/PATCH/null", "PATCH", f"{API}/{coll}/@ID:{coll}@", [422],
                      headers=JSON, body={name: None}, field=name)
        c.add(f"types/{coll}/unknown-field", "POST", f"{API}/{coll}", [422], headers=JSON,
              body={**full, sg.UNKNOWN_FIELD: 1}, field=sg.UNKNOWN_FIELD)
    for kind in c.s.kinds:
        full = c.case_body(kind)
        for f in c.s.kind_fields(kind):  # a case's inputs are not all typed first: whole bodies
            name = f["name"]
            for desc, value, statuses in sg.invalid_values(f):
                if desc in ("missing", "missing-item"):
                    value = "@MISSING_ID@" if f["type"] == "ref" else ["@MISSING_ID@"]
                c.add(f"types/{kind}/{name}/POST/{desc}", "POST", f"{API}/{kind}", statuses, auth="staff",
                      headers=JSON, body={**full, name: value}, field=name)
                c.add(f"types/{kind}/{name}/PATCH/{desc}", "PATCH", f"{API}/{kind}/@CASE:{kind}@", statuses,
                      auth="staff", headers=JSON, body={name: value}, field=name)
        c.add(f"types/{kind}/unknown-field", "POST", f"{API}/{kind}", [422], auth="staff", headers=JSON,
              body={**full, sg.UNKNOWN_FIELD: 1}, field=sg.UNKNOWN_FIELD)


def action_types(c):
    """Each input of each action of each kind given each value its type refuses, on a
    case where the action may be taken, by who may take it."""
    for kind in c.s.kinds:
        for a in c.s.actions(kind):
            act = a["name"]
            path = f"{API}/{kind}/@CASE:{kind}:{act}@/{act}"
            auth = f"actor:{kind}:{act}"
            for f in a["fields"]:
                name = f["name"]
                extra = [403] if f.get("hidden") else []  # only staff may give it
                for desc, value, statuses in sg.invalid_values(f):
                    if desc in ("missing", "missing-item"):
                        # a well-typed id that names nothing is the action's own rule, checked
                        # once the rest of the body is valid (attachment_ids: test_attachments.py)
                        continue
                    c.add(f"actions/{kind}/{act}/{name}/{desc}", "POST", path, sorted(set(statuses) | set(extra)),
                          auth=auth, headers=JSON, body={name: value}, field=name)
                for sub in f.get("items", []):
                    for desc, value, statuses in sg.invalid_values(sub):
                        c.add(f"actions/{kind}/{act}/{name}[].{sub['name']}/{desc}", "POST", path, statuses,
                              auth=auth, headers=JSON, body={name: [{sub["name"]: value}]}, field=name)
            required = [f["name"] for f in a["fields"] if f.get("required")]
            if required:
                c.add(f"actions/{kind}/{act}/required-left-out", "POST", path, [422], auth=auth, headers=JSON,
                      body={}, field=required[0])
            c.add(f"actions/{kind}/{act}/unknown-key", "POST", path, [422], auth=auth, headers=JSON,
                  body={sg.UNKNOWN_FIELD: 1}, field=sg.UNKNOWN_FIELD)
            c.add(f"actions/{kind}/{act}/not-an-object", "POST", path, [400, 422], auth=auth, headers=JSON,
                  body="[]")


def bad_queries(c):
    """Bad query parameters of every list (collections' and case kinds'), its counts
    and its export, and of every import."""
    lists = [(x, c.s.fields(x), "admin") for x in c.s.collections]
    lists += [(k, [f for f in c.s.kind[k]["fields"]], "staff") for k in c.s.kinds]
    common = [
        ("unknown", "no_such_param=1", "no_such_param"), ("page-zero", "page=0", "page"),
        ("page-negative", "page=-1", "page"), ("page-word", "page=abc", "page"), ("page-real", "page=1.5", "page"),
        ("page-huge", "page=99999999999999999999", "page"), ("page-empty", "page=", "page"),
        ("per-page-zero", "per_page=0", "per_page"), ("per-page-501", "per_page=501", "per_page"),
        ("per-page-word", "per_page=lots", "per_page"), ("sort-unknown", "sort=no_such_field", "sort"),
        ("sort-desc-unknown", "sort=-no_such_field", "sort"), ("sort-empty", "sort=", "sort"),
        ("sort-sql", "sort=name%3B%20DROP%20TABLE%20units", "sort"), ("year-word", "year=abc", "year"),
        ("year-five-digits", "year=99999", "year"), ("year-mixed", "year=20x4", "year"),
        ("after-word", "after=abc", "after"), ("after-negative", "after=-1", "after"),
        ("after-zero", "after=0", "after"), ("after-with-sort", "after=1&sort=created_at", "after"),
        ("created-from-bad", "created_at_from=yesterday", "created_at_from"),
        ("updated-to-bad", "updated_at_to=2021-02-30", "updated_at_to"),
        ("q-too-many-words", "q=" + "+".join(["词"] * 40), "q"),
    ]
    for name, fields, auth in lists:
        path = f"{API}/{name}"
        has_date = any(f.get("main_date") for f in fields)
        for desc, qs, field in common:
            if desc.startswith("year") and not has_date:
                field = "year"
            c.add(f"query/{name}/{desc}", "GET", f"{path}?{qs}", [422], auth=auth, field=field)
        if not has_date:
            c.add(f"query/{name}/year-without-a-date", "GET", f"{path}?year=2024", [422], auth=auth, field="year")
        for f in fields:
            n = f["name"]
            if f["type"] in ("date", "datetime"):
                c.add(f"query/{name}/{n}_from-bad", "GET", f"{path}?{n}_from=2021-13-01", [422], auth=auth,
                      field=f"{n}_from")
                c.add(f"query/{name}/{n}_to-bad", "GET", f"{path}?{n}_to=soon", [422], auth=auth, field=f"{n}_to")
            if not f.get("filter"):
                continue
            if f["type"] in ("int", "ref"):
                c.add(f"query/{name}/{n}-word", "GET", f"{path}?{n}=abc", [422], auth=auth, field=n)
                c.add(f"query/{name}/{n}-empty-item", "GET", f"{path}?{n}=1,,2", [422], auth=auth, field=n)
                c.add(f"query/{name}/{n}-only-commas", "GET", f"{path}?{n}=,", [422], auth=auth, field=n)
            elif f["type"] == "enum":
                v = [x["id"] for x in f["values"]]
                c.add(f"query/{name}/{n}-empty-item", "GET", f"{path}?{n}={v[0]},,{v[-1]}", [422], auth=auth,
                      field=n)
        c.add(f"query/{name}/counts-by-unknown", "GET", f"{path}/counts?by=no_such_field", [422], auth=auth,
              field="by")
        c.add(f"query/{name}/counts-by-empty", "GET", f"{path}/counts?by=", [422], auth=auth, field="by")
        c.add(f"query/{name}/counts-unknown", "GET", f"{path}/counts?no_such_param=1", [422], auth=auth,
              field="no_such_param")
        c.add(f"query/{name}/export-format", "GET", f"{path}/export?format=pdf", [422], auth=auth, field="format")
        c.add(f"query/{name}/export-unknown", "GET", f"{path}/export?format=csv&no_such_param=1", [422],
              auth=auth, field="no_such_param")
    for coll in c.s.collections:
        path = f"{API}/{coll}/import"
        csv = {"Content-Type": "text/csv"}
        c.add(f"import/{coll}/mode-unknown", "POST", f"{path}?mode=replace", [422], headers=csv, body="编号\r\n",
              field="mode")
        c.add(f"import/{coll}/param-unknown", "POST", f"{path}?dry_run=1", [422], headers=csv, body="编号\r\n",
              field="dry_run")
        c.add(f"import/{coll}/as-json", "POST", path, [415], headers=JSON, body='{"rows":[]}')
        c.add(f"import/{coll}/unknown-column", "POST", path, [422], headers=csv,
              body="\ufeffno_such_column\r\nx\r\n", field="no_such_column")
        c.add(f"import/{coll}/not-utf8", "POST", path, [400, 422], headers=csv,
              body=b"\xff\xfe\x00\x01garbage\r\n")
        c.add(f"import/{coll}/fake-zip", "POST", path, [400, 422],
              headers={"Content-Type": sg_xlsx()}, body="PK\x03\x04 not a zip")


def sg_xlsx():
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def oversized(c):
    """Bodies over http_max_body (1 MiB), headers over the server's header memory."""
    big = {"head": '{"name":"', "fill": "长", "tail": '"}'}
    for size, tag in ((MIB + 1, "1MiB+1"), (2 * MIB, "2MiB")):
        fill = dict(big, size=size)
        c.add(f"size/POST-units/{tag}", "POST", f"{API}/units", [413], headers=JSON, body_fill=fill)
    fill = dict(big, size=2 * MIB)
    c.add("size/PATCH-units/2MiB", "PATCH", f"{API}/units/@ID:units@", [413], headers=JSON, body_fill=fill)
    c.add("size/import-units/2MiB", "POST", f"{API}/units/import", [413], headers={"Content-Type": "text/csv"},
          body_fill={"head": "编号,名称\r\n1,", "fill": "a", "size": 2 * MIB, "tail": "\r\n"})
    for k in c.s.kinds:
        c.add(f"size/POST-{k}/2MiB", "POST", f"{API}/{k}", [413], auth="staff", headers=JSON, body_fill=fill)
        a = c.s.actions(k)[0]["name"]
        c.add(f"size/{k}-{a}/2MiB", "POST", f"{API}/{k}/@CASE:{k}:{a}@/{a}", [413], auth=f"actor:{k}:{a}",
              headers=JSON, body_fill=fill)
    c.add("size/header-100k", "GET", f"{API}/units", [431, 400, None],
          headers={"X-Big": {"fill": "a", "size": 100000}})
    c.add("size/cookie-100k", "GET", f"{API}/units", [431, 400, None], auth="anon",
          headers={"Cookie": {"fill": "a", "size": 100000}})
    c.add("size/auth-100k", "GET", f"{API}/units", [431, 400, 401, None], auth="anon",
          headers={"Authorization": {"fill": "B", "size": 100000}})
    c.add("size/many-headers", "GET", f"{API}/units", [431, 400, None],
          headers_repeat={"name": "X-H", "value": "v", "count": 3000})
    c.add("size/url-100k", "GET", f"{API}/units?q=", [414, 431, 400, None],
          path_fill={"fill": "a", "size": 100000})
    c.add("size/path-10k", "GET", f"{API}/", [404, 414, 431, 400, None], path_fill={"fill": "a", "size": 10000})


def bad_methods(c):
    """Methods a route does not take: 405 (an unknown method may be refused earlier,
    400 or 501)."""
    for coll in c.s.collections:
        base, rec = f"{API}/{coll}", f"{API}/{coll}/@ID:{coll}@"
        for m in ("PUT", "PATCH", "DELETE"):
            c.add(f"methods/{coll}/{m}-list", m, base, [405])
        for m in ("POST", "PUT"):
            c.add(f"methods/{coll}/{m}-record", m, rec, [405])
        for sub, ms in (("schema", ("POST", "DELETE")), ("counts", ("POST",)), ("export", ("POST", "PUT")),
                        ("import", ("GET", "PUT", "DELETE"))):
            for m in ms:
                c.add(f"methods/{coll}/{m}-{sub}", m, f"{base}/{sub}", [405])
    for k in c.s.kinds:
        base, rec = f"{API}/{k}", f"{API}/{k}/@CASE:{k}@"
        for m in ("PUT", "DELETE"):
            c.add(f"methods/{k}/{m}-list", m, base, [405], auth="staff")
        for m in ("POST", "PUT", "DELETE"):
            c.add(f"methods/{k}/{m}-case", m, rec, [405], auth="staff")
        for sub in ("schema", "stats", "counts", "export"):
            c.add(f"methods/{k}/POST-{sub}", "POST", f"{base}/{sub}", [405], auth="staff")
        for a in c.s.actions(k):
            for m in ("GET", "PUT", "DELETE"):
                c.add(f"methods/{k}/{m}-{a['name']}", m, f"{rec}/{a['name']}", [405], auth="staff")
    for path, ms in (("health", ("POST", "DELETE")), ("me", ("POST", "PUT")), ("schema", ("POST",)),
                     ("menu", ("POST",)), ("inbox", ("POST",)), ("audit", ("POST", "PATCH", "DELETE")),
                     ("login", ("GET", "PUT")), ("settings", ("PUT", "DELETE"))):
        for m in ms:
            c.add(f"methods/{path}/{m}", m, f"{API}/{path}", [404, 405])
    for m in ("FOO", "TRACE", "OPTIONS", "CONNECT", "PROPFIND", "HEAD"):
        c.add(f"methods/units/{m}", m, f"{API}/units", [400, 405, 501])


def bad_paths(c):
    rows = [
        ("dotdot", f"{API}/../v1/units", [400, 404]), ("dotdot-in-record", f"{API}/units/../units", [400, 404]),
        ("encoded-dotdot", f"{API}/%2e%2e/v1/units", [400, 404]),
        ("encoded-dotdot-record", f"{API}/units/%2e%2e", [400, 404]),
        ("encoded-slash", f"{API}/units%2f@ID:units@", [200, 400, 404]),  # an alias, not a way around ("backslash", f"{API}/units\\1", [400, 404]),
        ("double-slash-root", "//api/v1/units", [400, 404]),
        ("double-slash", f"{API}//units//@ID:units@", [200, 400, 404]),  # empty segments are skipped
        ("upper-case", "/API/V1/units", [400, 404]),
        ("no-version", "/api/units", [400, 404]), ("other-version", "/api/v2/units", [400, 404]),
        ("unknown-collection", f"{API}/no_such_collection", [404]),
        ("chinese-collection", f"{API}/%E5%8D%95%E4%BD%8D", [404]),
        ("record-word", f"{API}/units/abc", [404]), ("record-zero", f"{API}/units/0", [404]),
        ("record-negative", f"{API}/units/-1", [404]), ("record-plus", f"{API}/units/+1", [404]),
        ("record-hex", f"{API}/units/0x1", [404]), ("record-real", f"{API}/units/1.0", [404]),
        ("record-huge", f"{API}/units/99999999999999999999", [404]),
        ("record-overlong", f"{API}/units/" + "9" * 300, [404, 414]),
        ("record-missing", f"{API}/units/@MISSING_ID@", [404]),
        ("too-deep", f"{API}/units/1/2/3/4/5", [404]), ("sub-of-record", f"{API}/units/@ID:units@/history", [404]),
        ("overlong-segment", f"{API}/" + "x" * 3000, [404, 414]),
        ("fragment", f"{API}/units#frag", [400, 404]), ("absolute-uri", "http://evil.example/api/v1/units", [400, 404]),
        ("asterisk", "*", [400, 404]), ("schema-sub", f"{API}/schema/units", [404]),
        ("case-word", f"{API}/proposals/abc", [404]), ("case-sub-sub", f"{API}/proposals/1/accept/now", [404]),
        ("case-no-such-action", f"{API}/proposals/@CASE:proposals@/no_such_action", [404]),
        ("nul-in-collection", f"{API}/no%00such", [400, 404]),
    ]
    for desc, path, st in rows:
        method = "POST" if "action" in desc else "GET"
        c.add(f"paths/{desc}", method, path, st, headers=JSON if method == "POST" else None,
              body="{}" if method == "POST" else None)
    c.add("paths/nul-after-collection", "GET", f"{API}/units%00", [400, 404])
    c.add("paths/nul-in-record", "GET", f"{API}/units/@ID:units@%00", [400, 404])
    c.add("paths/nul-in-query", "GET", f"{API}/units?q=%00", [400, 422])
    c.add("paths/nul-query-key", "GET", f"{API}/units?%00=1", [400, 422])
    c.add("paths/bad-utf8-query-key", "GET", f"{API}/units?%ff=1", [400, 422])
    c.add("paths/bad-utf8-query-value", "GET", f"{API}/units?q=%c0%af", [400, 422])
    c.add("paths/empty-key", "GET", f"{API}/units?=1", [400, 422])
    c.add("paths/http-0.9", "GET", f"{API}/units", [400, 505, None], version="HTTP/0.9")
    c.add("paths/http-9.9", "GET", f"{API}/units", [400, 505, None], version="HTTP/9.9")


def content_types(c):
    """A write that does not say it is JSON (an import: CSV or xlsx) is 415."""
    bad = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
           "application/jsonp", "application/json-patch+json", "text/json", "application/xml", ""]
    for coll in c.s.collections:
        body = json.dumps(c.body(coll), ensure_ascii=False)
        for i, ct in enumerate(bad):
            h = {"Content-Type": ct}
            c.add(f"ctype/{coll}/POST/{i}", "POST", f"{API}/{coll}", [415], headers=h, body=body)
        c.add(f"ctype/{coll}/PATCH/text-plain", "PATCH", f"{API}/{coll}/@ID:{coll}@", [415],
              headers={"Content-Type": "text/plain"}, body="{}")
        c.add(f"ctype/{coll}/import/text-plain", "POST", f"{API}/{coll}/import", [415],
              headers={"Content-Type": "text/plain"}, body="编号\r\n")
    for k in c.s.kinds:
        c.add(f"ctype/{k}/POST/text-plain", "POST", f"{API}/{k}", [415], auth="staff",
              headers={"Content-Type": "text/plain"}, body=json.dumps(c.case_body(k), ensure_ascii=False))
        for a in c.s.actions(k):
            c.add(f"ctype/{k}/{a['name']}/form", "POST", f"{API}/{k}/@CASE:{k}:{a['name']}@/{a['name']}", [415],
                  auth=f"actor:{k}:{a['name']}", headers={"Content-Type": "application/x-www-form-urlencoded"},
                  body="text=x")


def csrf(c):
    """A write riding on the session cookie with another site's Origin is 403 naming
    Origin (the bodies are valid: were it let through, it would write)."""
    origins = ["http://evil.example", "null", "http://127.0.0.1:1", "https://evil.example", "file://"]
    for coll in c.s.collections:
        body = c.body(coll)
        for i, o in enumerate(origins):
            c.add(f"csrf/{coll}/POST/{i}", "POST", f"{API}/{coll}", [403], auth="cookie",
                  headers={**JSON, "Origin": o}, body=body, field="Origin")
        c.add(f"csrf/{coll}/DELETE", "DELETE", f"{API}/{coll}/@ID:{coll}@", [403], auth="cookie",
              headers={**JSON, "Origin": origins[0]})
        c.add(f"csrf/{coll}/PATCH", "PATCH", f"{API}/{coll}/@ID:{coll}@", [403], auth="cookie",
              headers={**JSON, "Origin": origins[0]}, body={})
        c.add(f"csrf/{coll}/import", "POST", f"{API}/{coll}/import", [403], auth="cookie",
              headers={"Content-Type": "text/csv", "Origin": origins[0]}, body="编号\r\n")
    for k in c.s.kinds:
        c.add(f"csrf/{k}/POST", "POST", f"{API}/{k}", [403], auth="cookie",
              headers={**JSON, "Origin": origins[0]}, body=c.case_body(k))
        for a in c.s.actions(k):
            if any(f.get("required") for f in a["fields"]):
                continue  # {} would be refused anyway; the others show the rule
            c.add(f"csrf/{k}/{a['name']}", "POST", f"{API}/{k}/@CASE:{k}:{a['name']}@/{a['name']}", [403],
                  auth=f"cookie-actor:{k}:{a['name']}", headers={**JSON, "Origin": origins[0]}, body={})
    for p, m in (("logout", "POST"), ("settings", "PATCH"), ("users", "POST")):
        c.add(f"csrf/{p}", m, f"{API}/{p}", [403], auth="cookie", headers={**JSON, "Origin": origins[0]},
              body={})


def credentials(c):
    """Credentials that do not resolve are 401, even where anonymous may read."""
    auths = [("bearer-garbage", {"Authorization": "Bearer garbage"}),
             ("bearer-empty", {"Authorization": "Bearer "}),
             ("bearer-zeros", {"Authorization": "Bearer " + "0" * 64}),
             ("bearer-long", {"Authorization": "Bearer " + "f" * 600}),
             ("bearer-lower", {"Authorization": "bearer garbage"}),
             ("basic", {"Authorization": "Basic YWRtaW46YWRtaW4="}),
             ("digest", {"Authorization": "Digest username=admin"}),
             ("token-scheme", {"Authorization": "Token " + "0" * 64}),
             ("cookie-garbage", {"Cookie": "renda_session=garbage"}),
             ("cookie-empty", {"Cookie": "renda_session="}),
             ("cookie-zeros", {"Cookie": "renda_session=" + "0" * 64}),
             ("cookie-twice", {"Cookie": "renda_session=garbage; renda_session=" + "1" * 64}),
             ("cookie-quoted", {"Cookie": 'renda_session="' + "0" * 64 + '"'})]
    targets = [("GET", f"{API}/units", None), ("GET", f"{API}/persons", None), ("GET", f"{API}/me", None),
               ("POST", f"{API}/units", {"name": "x"}), ("GET", f"{API}/audit", None), ("GET", f"{API}/menu", None)]
    targets += [("GET", f"{API}/{k}", None) for k in c.s.kinds]
    targets += [("POST", f"{API}/{k}/@CASE:{k}@/{c.s.actions(k)[0]['name']}", {}) for k in c.s.kinds]
    for desc, h in auths:
        for method, path, body in targets:
            c.add(f"auth/{desc}/{method}{path.replace(API, '')}", method, path, [401], auth="anon",
                  headers={**h, **(JSON if body is not None else {})}, body=body)


def other_congress(c):
    """Records of another congress are not found (404) to its staff and readers; a
    write into it is 403."""
    roles = {"staff": True, "member": False, "deputy": False, "unit": False}
    for coll in c.s.collections:
        other = f"{API}/{coll}/@OTHER_ID:{coll}@"
        for role, writes in roles.items():
            c.add(f"congress/{coll}/{role}/GET", "GET", other, [403, 404], auth=role)
            if writes:
                c.add(f"congress/{coll}/{role}/PATCH", "PATCH", other, [403, 404], auth=role, headers=JSON,
                      body={})
                c.add(f"congress/{coll}/{role}/DELETE", "DELETE", other, [403, 404], auth=role)
        if c.s.congress_field(coll):
            c.add(f"congress/{coll}/staff/POST", "POST", f"{API}/{coll}", [403], auth="staff", headers=JSON,
                  body={**c.body(coll), "congress_id": "@OTHER_CONGRESS@"})
            c.add(f"congress/{coll}/staff/move", "PATCH", f"{API}/{coll}/@ID:{coll}@", [403], auth="staff",
                  headers=JSON, body={"congress_id": "@OTHER_CONGRESS@"})
    for k in c.s.kinds:
        other = f"{API}/{k}/@OTHER_CASE:{k}@"
        for role in ("staff", "member"):
            c.add(f"congress/{k}/{role}/GET", "GET", other, [404], auth=role)
        c.add(f"congress/{k}/staff/PATCH", "PATCH", other, [404], auth="staff", headers=JSON, body={})
        for a in c.s.actions(k):
            c.add(f"congress/{k}/staff/{a['name']}", "POST", f"{other}/{a['name']}", [404], auth="staff",
                  headers=JSON, body={})


def generated_for(s):
    return {"collections": {c: [f["name"] for f in s.fields(c)] for c in s.collections},
            "case_kinds": {k: {a["name"]: [f["name"] for f in a["fields"]] for a in s.actions(k)} for k in s.kinds}}


def build(s):
    c = Corpus(s)
    for part in (bad_json, wrong_types, action_types, bad_queries, oversized, bad_methods, bad_paths,
                 content_types, csrf, credentials, other_congress):
        part(c)
    return c.entries


def main():
    s = sg.static_schemas()
    if s is None:
        sys.exit(f"make_requests.py: no schemas: {sg.static_error()}")
    entries = build(s)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"generated_for": generated_for(s)}, ensure_ascii=False, sort_keys=True) + "\n")
        for e in entries:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(f"make_requests.py: {len(entries)} requests written to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
