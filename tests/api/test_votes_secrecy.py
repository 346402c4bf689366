"""Secrecy, provable (issue 11): secret ballots whose choices follow a known pattern are
cast in a known order (the voters in id order); after closing, every table of the
database (every column, the rowid where there is one; on PostgreSQL every table with
ctid and xmin) and the server's log are read, and the test fails if the casting order or
any voter can be matched to a choice. Also: the WAL after closing, the receipts and the
published ballots, and the audit trail ("voted" without content, the tally at close).

This module's database holds only secret votes (a named vote records who chose what, by
design), so any row that names one voter beside a choice is a leak."""

import json
import os
import re
import sqlite3

import pytest

from conftest import assert_error
from votes_util import VoteWorld, cast_ok

N = 24
PATTERN = ["yes", "no", "abstain"]          # voter i (in id order) casts PATTERN[i % 3]
ID_COLUMN = re.compile(r"(user|deputy|member|person|voter|actor|who|by|login|session|account)", re.I)
JSON_ID = re.compile(r'"(user_id|deputy_id|voter_id|member_id|person_id|voter|deputy|user)"\s*:\s*(\d+)')
OPTIONS_LIST = re.compile(r'"options"\s*:\s*\[[^\]]*\]|\[\s*"yes"\s*,\s*"no"\s*,\s*"abstain"\s*\]')
DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}")
TIME_COLUMN = re.compile(r"(^|_)(at|time|ts|date|created|updated|when|stamp|seq|order|n)($|_)", re.I)


def choice_tokens(text):
    """The vote options named in a text as a value (a whole word, not part of one)."""
    text = OPTIONS_LIST.sub("", text)
    return set(re.findall(r"""(?:^|(?<=["':,{\[\s=]))(yes|no|abstain)(?=$|["':,}\]\s])""", text))


@pytest.fixture(scope="module")
def w(dep):
    return VoteWorld(dep, n_members=0, n_deputies=N)


class Voters:
    """The electorate in id order with everything that identifies each voter."""

    def __init__(self, w):
        order = sorted(range(N), key=lambda i: w.did(i))
        self.idx = order
        self.clients = [w.dc[i] for i in order]
        self.deputy_ids = [w.did(i) for i in order]
        self.person_ids = [w.deputies[i]["person_id"] for i in order]
        self.logins = [w.deputy_logins[i] for i in order]
        self.names = [w.names("deputy")[i] for i in order]
        self.user_ids = [c.get("/me").json()["user"]["id"] for c in self.clients]
        self.by_id = {}
        for v in range(N):
            for key in ("deputy_ids", "person_ids", "user_ids"):
                self.by_id.setdefault((key, getattr(self, key)[v]), set()).add(v)

    def who(self, row):
        """The voters a row (column → value) names: by login or name anywhere, by an id in
        a column whose name says it holds a person, or in a JSON field that does."""
        found = set()
        text = " ".join(str(v) for v in row.values() if v is not None)
        for v in range(N):
            if self.logins[v] in text or self.names[v] in text:
                found.add(v)
        for col, val in row.items():
            if isinstance(val, int) and ID_COLUMN.search(col):
                for key in ("deputy_ids", "person_ids", "user_ids"):
                    found |= self.by_id.get((key, val), set())
        for _field, num in JSON_ID.findall(text):
            for key in ("deputy_ids", "person_ids", "user_ids"):
                found |= self.by_id.get((key, int(num)), set())
        return found


def run_secret_votes(w, voters):
    """Two secret votes cast in id order: a yes/no/abstain question with PATTERN, and a
    ballot of three candidates where voter i marks candidate i % 3 yes and the others no.
    Returns [(vote id, [content per voter in casting order], [receipt per voter])]."""
    ids = voters.deputy_ids
    plain = w.create(rule="majority_of_all", mode="secret", voters=ids)["id"]
    w.open(plain, ids)
    cand = w.create(rule="top_n_above_half", mode="secret", voters=ids, places=1,
                    candidates=["城区污水管网改造", "农村公路提升", "老年食堂建设"])
    w.open(cand["id"], ids)
    cids = [str(c["id"]) for c in w.get(cand["id"])["candidates"]]
    out = []
    contents, receipts = [], []
    for v in range(N):
        choice = PATTERN[v % 3]
        d = cast_ok(voters.clients[v], plain, choice)
        contents.append(choice)
        receipts.append(d["receipt"])
    out.append((plain, contents, receipts))
    contents, receipts = [], []
    for v in range(N):
        choices = {c: ("yes" if k == v % 3 else "no") for k, c in enumerate(cids)}
        d = cast_ok(voters.clients[v], cand["id"], choices=choices)
        contents.append(json.dumps(choices, sort_keys=True))
        receipts.append(d["receipt"])
    out.append((cand["id"], contents, receipts))
    # a third, annulled while open: its ballots stay in the database, as protected
    annulled = w.create(rule="majority_of_all", mode="secret", voters=ids)["id"]
    w.open(annulled, ids)
    contents, receipts = [], []
    for v in range(N):
        choice = PATTERN[(v + 1) % 3]
        contents.append(choice)
        receipts.append(cast_ok(voters.clients[v], annulled, choice)["receipt"])
    out.append((annulled, contents, receipts))
    return out


def follows(stored, cast_order):
    """True when a stored sequence keeps (or reverses) the casting order: ≥ 90% of the
    positions agree (chance, for 24 ballots of 3 kinds, is below 1e-7)."""
    n = len(cast_order)
    if n < 6 or len(stored) != n:
        return False
    same = sum(a == b for a, b in zip(stored, cast_order))
    rev = sum(a == b for a, b in zip(stored, reversed(cast_order)))
    return max(same, rev) >= 0.9 * n


def adjacent_in_order(stored, cast_order):
    """How many neighbours in a stored sequence of receipts were cast one after the other."""
    pos = {r: i for i, r in enumerate(cast_order)}
    p = [pos[r] for r in stored if r in pos]
    return sum(abs(a - b) == 1 for a, b in zip(p, p[1:]))


def content_of(row, cids=None):
    """A ballot row's content, normalised to what run_secret_votes records."""
    for col, val in row.items():
        if isinstance(val, bytes):
            try:
                val = val.decode()
            except UnicodeDecodeError:
                continue
        if not isinstance(val, str):
            continue
        s = val.strip()
        if s in PATTERN:
            return s
        try:
            j = json.loads(s)
        except ValueError:
            continue
        if isinstance(j, dict):
            if isinstance(j.get("choice"), str):
                return j["choice"]
            ch = j.get("choices", j)
            if isinstance(ch, dict) and all(isinstance(x, str) for x in ch.values()):
                return json.dumps({str(k): x for k, x in ch.items()}, sort_keys=True)
        if isinstance(j, str) and j in PATTERN:
            return j
    return None


def looks_like_time(col, val, now):
    if TIME_COLUMN.search(col) and col not in ("vote_id", "key", "content", "receipt"):
        return True
    if isinstance(val, str) and DATE_LIKE.search(val):
        return True
    if isinstance(val, (int, float)) and not isinstance(val, bool):
        for scale in (1, 1e3, 1e6):
            if abs(val / scale - now) < 3 * 86400:
                return True
    return False


def check_rows(tables, voters, votes, ballot_orders):
    """tables: {name: [row dict …] in storage order}; ballot_orders: {name: {label: [rows]}}
    further orders (rowid, ctid, by each column) of the ballot and receipt tables."""
    import time
    now = time.time()
    receipts = {r for _vid, _c, rs in votes for r in rs}
    leaks = []
    for name, rows in tables.items():
        for row in rows:
            who = voters.who(row)
            if not who or len(who) > N // 2:
                continue  # names nobody, or the whole electorate (a snapshot of the vote)
            text = json.dumps(row, default=str, ensure_ascii=False)
            found = choice_tokens(text)
            rec = {r for r in receipts if r in text}
            if found or rec:
                leaks.append(f"{name}: {text[:300]} names voter(s) {sorted(who)} with "
                             f"{'choice ' + str(sorted(found)) if found else ''}{' a receipt' if rec else ''}")
    assert not leaks, "rows link a voter to a ballot's content or receipt:\n" + "\n".join(leaks[:10])

    ballots = tables.get("vote_ballots")
    assert ballots is not None, f"no vote_ballots table (tables: {sorted(tables)})"
    for vid, contents, rs in votes:
        mine = [r for r in ballots if r.get("vote_id") == vid]
        assert len(mine) == N, f"vote {vid}: {len(mine)} ballot rows for {N} ballots cast"
        for r in mine:
            assert not voters.who(r), f"a ballot row names a voter: {r}"
            for col, val in r.items():
                assert not looks_like_time(col, val, now), f"a ballot row carries a time ({col}={val!r}): {r}"
        stored = [content_of(r) for r in mine]
        assert sorted(map(str, stored)) == sorted(contents), f"vote {vid}: ballot contents {stored} ≠ cast {contents}"
        orders = {"storage": mine}
        orders.update({k: [r for r in rows if r.get("vote_id") == vid]
                       for k, rows in ballot_orders.get("vote_ballots", {}).items()})
        for label, rows in orders.items():
            seq = [content_of(r) for r in rows]
            assert not follows(seq, contents), f"vote {vid}: ballots in {label} order follow the casting order: {seq}"
        rrows = [r for r in tables.get("vote_receipts", []) if r.get("vote_id") == vid]
        assert len(rrows) == N, f"vote {vid}: {len(rrows)} receipt rows for {N} ballots"
        rorders = {"storage": rrows}
        rorders.update({k: [r for r in rows if r.get("vote_id") == vid]
                        for k, rows in ballot_orders.get("vote_receipts", {}).items()})
        for label, rows in rorders.items():
            seq = []
            for r in rows:
                hit = [x for x in rs if any(x == v or x in str(v) for v in r.values())]
                seq += hit[:1]
            assert sorted(seq) == sorted(rs), f"vote {vid}: receipts stored {seq} ≠ given {rs}"
            assert adjacent_in_order(seq, rs) < N // 2, f"vote {vid}: receipts in {label} order follow the casting order"
        for r in rrows:
            assert not voters.who(r), f"a receipt row names a voter: {r}"
            for col, val in r.items():
                assert not looks_like_time(col, val, now), f"a receipt row carries a time ({col}={val!r}): {r}"


def check_log(dep, voters, votes):
    with open(dep.server.log_path, errors="replace") as f:
        log = f.read()
    receipts = [r for _v, _c, rs in votes for r in rs]
    assert not [r for r in receipts if r in log], "a receipt reached the server's log"
    bad = []
    for line in log.splitlines():
        names = [x for x in voters.logins + voters.names if x in line] or re.findall(r"ballot|vote|user[ =]\d+", line)
        if names and choice_tokens(line):
            bad.append(line)
    assert not bad, "log lines name a voter or a ballot beside a choice:\n" + "\n".join(bad[:5])


def check_published(w, voters, votes):
    """GET /receipts: every receipt listed once, no voter named, the ballots recount the
    result, and neither list keeps the casting order nor the other's."""
    for vid, contents, rs in votes:
        rec = w.get(vid)
        r = voters.clients[0].get(f"/votes/{vid}/receipts")
        assert r.status_code == 200, r.text
        body = r.json()
        text = r.text
        assert not [x for x in voters.logins + voters.names if x in text], "the receipts name a voter"
        listed = [x if isinstance(x, str) else x.get("receipt") for x in body["receipts"]]
        assert sorted(listed) == sorted(rs), "each voter's receipt is listed, once"
        assert all(isinstance(x, str) or set(x) <= {"receipt"} for x in body["receipts"]), body["receipts"][:3]
        assert all(set(b) <= {"choice", "choices"} for b in body["ballots"]), body["ballots"][:3]
        seq = [b["choice"] if "choice" in b else json.dumps({str(k): v for k, v in b["choices"].items()},
                                                              sort_keys=True) for b in body["ballots"]]
        assert sorted(seq) == sorted(contents), "the published ballots are the ballots cast"
        assert not follows(seq, contents), f"the published ballots follow the casting order: {seq}"
        assert adjacent_in_order(listed, rs) < N // 2, "the published receipts follow the casting order"
        # the two lists are unrelated: the i-th receipt's holder did not cast the i-th ballot
        holder = {x: contents[i] for i, x in enumerate(rs)}
        assert not follows(seq, [holder[x] for x in listed]), "the receipts' order gives the ballots' order"
        if rec["rule"] == "majority_of_all":
            assert rec["result"]["counts"] == {o: seq.count(o) for o in PATTERN}, "the ballots recount the result"


def check_audit(w, voters, votes):
    for vid, _contents, rs in votes:
        items = w.staff.get("/audit", params={"collection": "votes", "id": vid, "per_page": 500}).json()["items"]
        voted = [e for e in items if e["action"] == "voted"]
        assert sorted(e["login"] for e in voted) == sorted(voters.logins), \
            f"one 'voted' entry per voter: {[e['login'] for e in voted]}"
        for e in voted:
            text = json.dumps(e, ensure_ascii=False)
            assert not choice_tokens(text), f"a 'voted' entry tells the content: {text[:400]}"
            assert not [r for r in rs if r in text], f"a 'voted' entry holds the receipt: {text[:400]}"
        if not [e for e in items if e["action"] == "close"]:
            assert [e["action"] for e in items if e["action"] == "annul"] == ["annul"], [e["action"] for e in items]
            for e in items:
                assert not choice_tokens(json.dumps(e, ensure_ascii=False)) or e["action"] in ("create", "open"), \
                    f"an annulled secret vote's trail tells a ballot: {e}"
            continue
        closes = [e for e in items if e["action"] == "close"]
        assert len(closes) == 1, [e["action"] for e in items]
        text = json.dumps(closes[0], ensure_ascii=False)
        assert any(k in text for k in ('"counts"', '"result"', '"tally"', '"candidates"')), \
            f"the tally is audited at close: {text[:400]}"


def sqlite_tables(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    tables, orders = {}, {}
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in names:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
            try:
                rows = [dict(r) for r in con.execute(f'SELECT rowid AS "__rowid", * FROM "{t}" ORDER BY rowid')]
                has_rowid = True
            except sqlite3.OperationalError:
                rows = [dict(r) for r in con.execute(f'SELECT * FROM "{t}"')]
                has_rowid = False
            tables[t] = rows
            if t in ("vote_ballots", "vote_receipts"):
                o = {f"by {c}": [dict(r) for r in con.execute(f'SELECT * FROM "{t}" ORDER BY "{c}"')] for c in cols}
                if has_rowid:
                    o["rowid"] = rows
                orders[t] = o
                assert not has_rowid, f"{t} has a rowid (the contract: WITHOUT ROWID)"
        # where the receipts are kept: the table and its indexes (which, the table having no
        # rowid, hold its key), each with its pages
        btrees = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'vote_receipts'")]
        pages = {b: con.execute("SELECT count(*) FROM dbstat WHERE name = ?", (b,)).fetchone()[0] for b in btrees}
    finally:
        con.close()
    for rows in tables.values():
        for r in rows:
            r.pop("__rowid", None)
    return tables, orders, pages


def test_secret_ballots_cannot_be_traced(w, dep):
    voters = Voters(w)
    votes = run_secret_votes(w, voters)
    for vid, _c, _r in votes:
        assert_error(voters.clients[0].get(f"/votes/{vid}/receipts"), (403, 404, 409))
    for k, (vid, _c, _r) in enumerate(votes):
        if k < 2:
            r = w.staff.post(f"/votes/{vid}/close", {})
        else:
            r = w.staff.post(f"/votes/{vid}/annul", {"reason": "表决器故障，本次表决无效"})
        assert r.status_code == 200, r.text
        if dep.backend == "sqlite":
            # nothing else runs: the WAL was checkpointed and truncated by the close
            wal = dep.db + "-wal"
            size = os.path.getsize(wal) if os.path.exists(wal) else 0
            if size:
                with open(wal, "rb") as f:
                    data = f.read()
                held = [x for _v, _c, rs in votes for x in rs if x.encode() in data]
                pytest.fail(f"the WAL holds {size} bytes after {'closing' if k < 2 else 'annulling'} vote {vid}"
                            f"{f', with {len(held)} receipts' if held else ''}")
    if dep.backend == "sqlite":
        tables, orders, pages = sqlite_tables(dep.db)
        with open(dep.db, "rb") as f:
            raw = f.read()
        if pages and all(n == 1 for n in pages.values()):
            # one page each holds them all: a receipt found more often is a stale copy in
            # freed space (secure_delete), in the order it was first written
            twice = [x for _v, _c, rs in votes for x in rs if raw.count(x.encode()) > len(pages)]
            assert not twice, f"{len(twice)} receipts are in the database file more than once per b-tree " \
                              f"({sorted(pages)}): freed space not cleared"
    else:
        tables, orders = pg_tables(dep)
    check_rows(tables, voters, votes, orders)
    if dep.backend == "sqlite":
        check_pages(dep.db, tables, votes)
    check_log(dep, voters, votes)
    check_published(w, voters, votes[:2])
    check_audit(w, voters, votes)


def pg_tables(dep):
    from conftest import PgCluster
    pg = PgCluster(dep.db)
    names = [x for x in pg.psql("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").split()]
    tables, orders = {}, {}
    for t in names:
        out = pg.psql(f'SELECT ctid::text || E\'\\t\' || xmin::text || E\'\\t\' || row_to_json(x)::text '
                      f'FROM "{t}" x')
        rows = []
        for line in out.splitlines():
            if not line.strip():
                continue
            ctid, xmin, j = line.split("\t", 2)
            row = json.loads(j)
            page, item = ctid.strip("()").split(",")
            rows.append((int(page), int(item), int(xmin), row))
        tables[t] = [r[3] for r in rows]
        if t in ("vote_ballots", "vote_receipts"):
            by_ctid = [r[3] for r in sorted(rows, key=lambda r: (r[0], r[1]))]
            o = {"ctid": by_ctid}
            for c in (rows[0][3].keys() if rows else []):
                o[f"by {c}"] = [r[3] for r in sorted(rows, key=lambda r: str(r[3].get(c)))]
            orders[t] = o
            # each ballot committed in its own transaction carries its xid, which counts up in
            # casting order: closing rewrites a vote's rows in one transaction
            for vid in {r[3]["vote_id"] for r in rows}:
                xmins = {r[2] for r in rows if r[3]["vote_id"] == vid}
                assert len(xmins) == 1, f"{t}: vote {vid}'s rows have {len(xmins)} xmin (the casting order)"
    return tables, orders


def check_pages(path, tables, votes):
    """Where the rows sit in the file: within a b-tree page SQLite allocates cells from
    the end of the page as they are inserted, so the byte offsets of a page's cells are
    the order they were written in. Ordered by their place in the file, the ballots
    (found by their keys) and the receipts must not follow the casting order."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    with open(path, "rb") as f:
        raw = f.read()

    def places(token):
        out, i = [], raw.find(token)
        while i >= 0:
            out.append(i)
            i = raw.find(token, i + 1)
        return out

    for vid, contents, rs in votes:
        mine = [r for r in tables["vote_ballots"] if r["vote_id"] == vid]
        by_page = {}
        for r in mine:
            for off in places(str(r["key"]).encode()):
                by_page.setdefault(off // page_size, []).append((off, content_of(r)))
        for page, cells in by_page.items():
            if len(cells) >= N // 2:
                seq = [c for _off, c in sorted(cells)]
                assert not follows(seq, contents[:len(seq)]) and not follows(seq, contents[-len(seq):]), \
                    f"vote {vid}: page {page} holds its ballots in the casting order: {seq}"
        by_page = {}
        for x in rs:
            for off in places(x.encode()):
                by_page.setdefault(off // page_size, []).append((off, x))
        for page, cells in by_page.items():
            if len(cells) >= N // 2:
                seq = [x for _off, x in sorted(cells)]
                assert adjacent_in_order(seq, rs) < len(seq) // 2, \
                    f"vote {vid}: page {page} holds its receipts in the casting order"
