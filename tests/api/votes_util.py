"""Shared machinery for the vote-engine tests (issue 11, /work/briefs/votes.md): a congress
whose current term has a standing committee of members and a body of deputies, each with
an account, and shortcuts for creating, opening, casting and closing votes.

Not a test module (pytest collects test_*.py only); test_votes*.py import it.
"""

import concurrent.futures
import datetime

from conftest import Client, Factory, assert_error, cli_ok, uniq

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.datetime.now(BEIJING).date()

YES_NO = ("yes", "no", "abstain")
SATISFACTION = ("satisfied", "basically_satisfied", "unsatisfied")


def add_member_user(dep, login, congress_id, member_id):
    """A member's account naming its member record (`renda user add --role member --member ID`)."""
    password = f"pw-{login}-秘密-{uniq()}"
    cli_ok("user", "add", "--db", dep.db, "--login", login, "--role", "member",
           "--congress", str(congress_id), "--member", str(member_id), input=password + "\n")
    dep.passwords[login] = password
    return password


class VoteWorld:
    """A congress of its own (settings stay private to it) with a term covering today,
    `n_members` members of its standing committee and `n_deputies` serving deputies, every
    one with an account (logins carry a tag unique to the world, names too, so a secrecy
    test can look for them), two staff accounts and a unit account."""

    def __init__(self, dep, n_members=25, n_deputies=24, accounts=True):
        self.dep = dep
        self.n = n = uniq()
        f = self.f = Factory(dep.admin)
        self.congress = f.congress(f"常山县人民代表大会{n}")
        self.cid = cid = self.congress["id"]
        self.term = f.term(cid, number=20, start_on=(TODAY - datetime.timedelta(days=400)).isoformat(),
                           end_on=(TODAY + datetime.timedelta(days=4 * 365)).isoformat())
        self.tid = self.term["id"]

        def person(i, what):
            return f.person(cid, name=f"{what}{n}号{i:02d}")

        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            mpeople = list(ex.map(lambda i: person(i, "委员"), range(n_members)))
            dpeople = list(ex.map(lambda i: person(i, "代表"), range(n_deputies)))
            positions = ["chair"] + ["vice_chair"] * 3 + ["secretary_general"] + ["member"] * n_members
            self.members = list(ex.map(
                lambda ip: f.member(cid, ip[1]["id"], self.tid, position=positions[ip[0]], start_on=self.term["start_on"]),
                enumerate(mpeople)))
            self.deputies = list(ex.map(lambda p: f.deputy(cid, p["id"], self.tid), dpeople))
        self.unit = f.unit(cid, f"常山县教育局{n}")
        self.staff_logins = [f"vstaff{n}_a", f"vstaff{n}_b"]
        self.member_logins = [f"vmem{n}_{i:02d}" for i in range(n_members)]
        self.deputy_logins = [f"vdep{n}_{i:02d}" for i in range(n_deputies)]
        self.unit_login = f"vunit{n}"
        if not accounts:
            return

        def account(a):
            login, role, kw = a
            if role == "member":
                add_member_user(dep, login, cid, kw["member"])
            else:
                dep.add_user(login, role, congress=str(cid) if role == "staff" else None, **kw)
            return dep.token_client(login)

        accts = [(lg, "staff", {}) for lg in self.staff_logins]
        accts += [(lg, "member", {"member": m["id"]}) for lg, m in zip(self.member_logins, self.members)]
        accts += [(lg, "deputy", {"deputy": str(d["id"])}) for lg, d in zip(self.deputy_logins, self.deputies)]
        accts += [(self.unit_login, "unit", {"unit": str(self.unit["id"])})]
        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            clients = list(ex.map(account, accts))
        self.staff, self.staff2 = clients[0], clients[1]
        self.mc = clients[2:2 + n_members]
        self.dc = clients[2 + n_members:2 + n_members + n_deputies]
        self.uc = clients[-1]
        self.anon = dep.anon()

    # -- electorates ---------------------------------------------------------

    def mid(self, i):
        return self.members[i]["id"]

    def did(self, i):
        return self.deputies[i]["id"]

    def ids(self, electorate, idx):
        """Electorate ids of the voters with these indices."""
        return [self.mid(i) if electorate == "committee" else self.did(i) for i in idx]

    def clients(self, electorate):
        return self.mc if electorate == "committee" else self.dc

    def names(self, electorate):
        recs = self.members if electorate == "committee" else self.deputies
        return [r.get("person_name") or r.get("name") for r in recs]

    # -- votes ---------------------------------------------------------------

    def body(self, rule="majority_of_all", electorate="list", voters=None, mode="named", method="electronic",
             candidates=None, places=None, **kw):
        b = {"question": kw.pop("question", f"关于批准《常山县国民经济和社会发展计划》的决议（草案）{uniq()}"),
             "mode": mode, "method": method, "rule": rule, "electorate": electorate, "term_id": self.tid}
        if electorate == "list":
            b["voters"] = list(voters if voters is not None else self.ids("list", range(len(self.deputies))))
        if candidates is not None:
            b["candidates"] = [{"name": c} if isinstance(c, str) else c for c in candidates]
        if places is not None:
            b["places"] = places
        b.update(kw)
        return b

    def create(self, client=None, **kw):
        r = (client or self.staff).post("/votes", self.body(**kw))
        assert r.status_code == 201, f"POST /votes {self.body(**kw)!r} → {r.status_code} {r.text[:500]}"
        rec = r.json()
        assert rec["state"] == "draft", rec
        return rec

    def get(self, vid, client=None):
        r = (client or self.staff).get(f"/votes/{vid}")
        assert r.status_code == 200, f"GET /votes/{vid} → {r.status_code} {r.text[:500]}"
        return r.json()

    def open(self, vid, present, client=None):
        r = (client or self.staff).post(f"/votes/{vid}/open", {"present": list(present)})
        assert r.status_code == 200, f"open {vid} present={list(present)} → {r.status_code} {r.text[:500]}"
        rec = r.json()
        assert rec["state"] == "open", rec
        return rec

    def close(self, vid, client=None):
        r = (client or self.staff).post(f"/votes/{vid}/close", {})
        assert r.status_code == 200, f"close {vid} → {r.status_code} {r.text[:500]}"
        rec = r.json()
        assert rec["state"] == "closed", rec
        assert isinstance(rec.get("result"), dict), f"a closed vote has its result: {rec}"
        return rec

    def started(self, electorate="list", voters_idx=None, present_idx=None, **kw):
        """A vote created and opened. voters_idx: the list electorate (deputy indices);
        present_idx: who is present (indices; default everyone of the electorate)."""
        if electorate == "list":
            voters_idx = list(voters_idx if voters_idx is not None else range(len(self.deputies)))
            kw["voters"] = self.ids("list", voters_idx)
        elif electorate == "committee":
            voters_idx = list(range(len(self.members)))
        else:
            voters_idx = list(range(len(self.deputies)))
        rec = self.create(electorate=electorate, **kw)
        present_idx = voters_idx if present_idx is None else list(present_idx)
        self.open(rec["id"], self.ids(electorate, present_idx))
        return rec["id"]


def cast(client, vid, choice=None, choices=None, body=None):
    if body is None:
        body = {"choices": choices} if choices is not None else {"choice": choice}
    return client.post(f"/votes/{vid}/ballot", body)


def cast_ok(client, vid, choice=None, choices=None):
    r = cast(client, vid, choice, choices)
    assert r.status_code == 200, f"ballot {choice or choices} on {vid} → {r.status_code} {r.text[:500]}"
    d = r.json()
    assert d.get("ok") is True, d
    return d


def ballots_of(rec):
    """A closed named vote's list of ballots (on the record or in its result)."""
    b = rec.get("ballots")
    if b is None and isinstance(rec.get("result"), dict):
        b = rec["result"].get("ballots")
    assert isinstance(b, list), f"a closed named vote lists its ballots: {sorted(rec)} {rec.get('result')}"
    return b


def set_setting(client, key, value):
    r = client.patch("/settings", {key: value})
    assert r.status_code == 200, f"PATCH /settings {key}={value} → {r.status_code} {r.text[:300]}"


def refused(r, status, field=None):
    return assert_error(r, status, field)


def parallel(fns, workers=None):
    """Run the callables at once (a barrier lines them up); their results in order."""
    import threading
    barrier = threading.Barrier(len(fns))

    def go(fn):
        barrier.wait()
        return fn()

    with concurrent.futures.ThreadPoolExecutor(workers or len(fns)) as ex:
        return list(ex.map(go, fns))


def twin(client):
    """A second client with the same credentials (another connection)."""
    return Client(client.base, token=client.token)
