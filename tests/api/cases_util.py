"""Shared machinery for the case-engine tests (docs/cases.md): a small congress with
deputies, units and accounts for each role, date arithmetic done independently of
the server, and shortcuts for driving a case through its actions.

Not a test module (pytest collects test_*.py only); the test_cases_*.py files import it.
"""

import calendar
import concurrent.futures
import datetime

from conftest import Factory, assert_error, uniq

# the server counts days at the congress's local time (setting utc_offset_minutes, default
# Beijing +480), so a test run at 20:00 UTC is already on the next day there
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.datetime.now(BEIJING).date()


def iso(d):
    return d.isoformat()


def day(s):
    return datetime.date.fromisoformat(s)


def add_months(d, n):
    """Calendar months with month-end clamping (2021-11-30 + 3 = 2022-02-28)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def is_working(d, holidays=None):
    """holidays: {date: working 0/1} — the congress's exceptions to weekends."""
    holidays = holidays or {}
    if d in holidays:
        return bool(holidays[d])
    return d.weekday() < 5


def working_days_after(start, end, holidays=None):
    """Working days in (start, end]."""
    n, d = 0, start
    while d < end:
        d += datetime.timedelta(days=1)
        n += is_working(d, holidays)
    return n


def is_today(s):
    """s is the server's today: the day the tests started on, or the day it is now (a
    run may cross Beijing's midnight, 16:00 UTC)."""
    return s in (iso(TODAY), iso(datetime.datetime.now(BEIJING).date()))


def next_working(d, holidays=None):
    """d, or the working day after it when d is a rest day: where a period ending on d
    ends (民法典 art. 203; setting deadline_rest_day_rule, on by default)."""
    while not is_working(d, holidays):
        d += datetime.timedelta(days=1)
    return d


def weekday_on_or_before(d):
    while d.weekday() >= 5:
        d -= datetime.timedelta(days=1)
    return d


def flag(v):
    """Booleans may come back as true/false or 1/0."""
    return bool(v) if v is not None else False


class World:
    """One congress of its own (so holidays, settings and statistics stay private to
    the test that made it): a term, a station, `n_deputies` deputies each with a deputy
    account, `n_units` units each with a unit account, one staff and one member account."""

    def __init__(self, dep, n_deputies=5, n_units=3, name=None):
        self.dep = dep
        a = dep.admin
        f = self.f = Factory(a)
        n = uniq()
        self.congress = f.congress(name or f"常山县人民代表大会{n}")
        self.cid = cid = self.congress["id"]
        self.term = f.term(cid)
        self.station = f.station(cid)
        self.staff_login = f"cstaff{n}"
        people = [f.person(cid) for _ in range(n_deputies)]
        self.deputies = [f.deputy(cid, p["id"], self.term["id"], self.station["id"]) for p in people]
        self.units = [f.unit(cid, f"常山县住房和城乡建设局{n}-{i}") for i in range(n_units)]
        self.dep_logins = [f"cdep{n}_{i}" for i in range(n_deputies)]
        self.unit_logins = [f"cunit{n}_{i}" for i in range(n_units)]
        accounts = [(self.staff_login, "staff", {}), (f"cmember{n}", "member", {})]
        accounts += [(lg, "deputy", {"deputy": d["id"]}) for lg, d in zip(self.dep_logins, self.deputies)]
        accounts += [(lg, "unit", {"unit": u["id"]}) for lg, u in zip(self.unit_logins, self.units)]

        def account(a):
            login, role, kw = a
            dep.add_user(login, role, congress=cid, **kw)  # `renda user add` (the password hash is slow)
            return dep.token_client(login)

        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            clients = list(ex.map(account, accounts))
        self.staff, self.member = clients[0], clients[1]
        self.dc = clients[2:2 + n_deputies]  # deputies' clients, in the order of self.deputies
        self.uc = clients[2 + n_deputies:]  # units' clients
        self.anon = dep.anon()

    def did(self, i):
        return self.deputies[i]["id"]

    def uid(self, i):
        return self.units[i]["id"]

    # -- proposals ---------------------------------------------------------

    def suggestion_body(self, lead=0, cosigners=(), **kw):
        n = uniq()
        body = {"kind": "suggestion", "title": f"关于加快推进老旧小区改造的建议{n}",
                "body": "天马街道部分老旧小区管网老化、停车难，建议纳入年度改造计划并加大资金投入。",
                "category": "城乡建设", "lead_deputy_id": self.did(lead),
                "cosigners": [self.did(i) for i in cosigners], "term_id": self.term["id"]}
        body.update(kw)
        return body

    def motion_body(self, lead=0, cosigners=(), **kw):
        n = uniq()
        body = {"kind": "motion", "title": f"关于制定常山县农村生活垃圾分类管理办法的议案{n}",
                "reason": "农村生活垃圾分类缺乏统一规范，各乡镇做法不一。",
                "grounds": "《中华人民共和国固体废物污染环境防治法》第四十九条。",
                "solution": "由县人民政府制定管理办法，明确分类标准、收运体系和考核机制。",
                "category": "生态环境", "lead_deputy_id": self.did(lead),
                "cosigners": [self.did(i) for i in cosigners], "term_id": self.term["id"]}
        if "meeting_id" not in kw:
            body["meeting_id"] = self.plenary()["id"]
        body.update(kw)
        return body

    # -- meetings (docs/meetings.md): a motion is tabled at a plenary session under way,
    # key supervision is designated by a chairpersons' meeting ------------------------

    def today_term(self):
        """A term of the congress covering today: the world's own when it does, else the
        next one after it (a meeting lies within its term's dates)."""
        if getattr(self, "_today_term", None) is None:
            t = self.term
            self._today_term = t if t["start_on"] <= iso(TODAY) <= t["end_on"] else self.f.term(
                self.cid, start_on=iso(day(t["end_on"]) + datetime.timedelta(days=1)),
                end_on=iso(TODAY + datetime.timedelta(days=5 * 365)))
        return self._today_term

    def meeting(self, kind, starts_on, ends_on=None, **kw):
        body = {"kind": kind, "starts_on": iso(starts_on), "place": "县人大常委会会议室"}
        if ends_on:
            body["ends_on"] = iso(ends_on)
        body.update(kw)
        return self.staff.create("meetings", body)

    def plenary(self):
        """The world's plenary session, under way from yesterday to tomorrow, its deadline
        for motions a year off (made on first use). Every suggestion the world's deputies
        hand in today is handed in at it."""
        if getattr(self, "_plenary", None) is None:
            deadline = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365))
            self._plenary = self.meeting("plenary", TODAY - datetime.timedelta(days=1),
                                         TODAY + datetime.timedelta(days=1), term_id=self.today_term()["id"],
                                         motion_deadline=deadline.strftime("%Y-%m-%dT%H:%M:%SZ"))
        return self._plenary

    def chairs_meeting(self):
        """A chairpersons' meeting of the world's term that has met (made on first use)."""
        if getattr(self, "_chairs", None) is None:
            on = min(day(self.term["end_on"]), TODAY - datetime.timedelta(days=1))
            self._chairs = self.meeting("chairs_meeting", on, term_id=self.term["id"])
        return self._chairs

    def supervise_body(self, on=True):
        return {"key_supervision": on, "meeting_id": self.chairs_meeting()["id"]}

    def create(self, body, client=None, coll="proposals"):
        return (client or self.staff).create(coll, body)

    def get(self, cid, coll="proposals", client=None):
        return (client or self.staff).one(coll, cid)

    def state(self, cid, coll="proposals", client=None):
        """The case's state as staff see it; a draft only its deputies see (client)."""
        return self.get(cid, coll, client)["state"]

    def assign_body(self, units, assigned_on=None, difficult=False):
        """units: [(unit index, role)]"""
        return {"units": [{"unit_id": self.uid(i), "role": r} for i, r in units],
                "assigned_on": iso(assigned_on or TODAY), "difficult": difficult}

    # -- driving a suggestion to a state -------------------------------------

    def suggestion_in(self, state, lead=0, cosigners=(1,), unit=0, target=None, submitted_on=None):
        """A suggestion led by deputy `lead`, cosigned (and confirmed) by `cosigners`,
        assigned to unit `unit` as lead unit, brought to `state`. Returns its id.
        submitted_on: staff register it as a paper submission handed in that day (an
        assignment is never dated before the submission; a deputy's own draft is theirs,
        staff do not see it), else the lead writes and submits it today."""
        c = self.create(self.suggestion_body(lead, cosigners), self.staff if submitted_on else self.dc[lead])
        cid = c["id"]
        assert c["state"] == "draft", c
        for i in cosigners:
            act_ok(self.dc[i], cid, "confirm")
        if state == "draft":
            return cid
        if submitted_on:
            act_ok(self.staff, cid, "submit", {"submitted_on": iso(submitted_on)})
        else:
            act_ok(self.dc[lead], cid, "submit")
        if state == "submitted":
            return cid
        if state == "withdrawn":
            act_ok(self.dc[lead], cid, "withdraw")
            return cid
        if state == "declined":
            act_ok(self.staff, cid, "decline", {"reason": "advertising", "text": "内容为商业推广"})
            return cid
        if state == "merged":
            act_ok(self.staff, cid, "merge", {"into": target})
            return cid
        act_ok(self.staff, cid, "accept")
        if state == "accepted":
            return cid
        act_ok(self.staff, cid, "assign", self.assign_body([(unit, "lead")]))
        if state == "assigned":
            return cid
        if state == "returned":
            act_ok(self.uc[unit], cid, "return", {"reason": "该事项不属于本单位职责"})
            return cid
        act_ok(self.uc[unit], cid, "reply", {"class": "A", "text": "已列入年度改造计划，年内完成。"})
        if state == "replied":
            return cid
        # every person owed rates each round: closing waits for them all, and re-handling
        # starts with the last rating (the lead's, here)
        for i in cosigners:
            act_ok(self.dc[i], cid, "feedback", {"rating": "satisfied"})
        if state == "closed":
            act_ok(self.dc[lead], cid, "feedback", {"rating": "satisfied"})
            act_ok(self.staff, cid, "close")
            return cid
        if state == "rehandling":
            act_ok(self.dc[lead], cid, "feedback", {"rating": "unsatisfied", "text": "答复未落实具体时间"})
            return cid
        raise ValueError(state)


def act(client, cid, action, body=None, coll="proposals"):
    return client.post(f"/{coll}/{cid}/{action}", body if body is not None else {})


def act_ok(client, cid, action, body=None, coll="proposals"):
    r = act(client, cid, action, body, coll)
    assert r.status_code == 200, f"POST /{coll}/{cid}/{action} {body!r} → {r.status_code} {r.text[:500]}"
    return r.json()


def history(rec):
    h = rec.get("history")
    assert isinstance(h, list), f"the case has no history list: {sorted(rec)}"
    return h


def transitions(rec):
    """(action, from, to) of the history entries that changed the state."""
    return [(e["action"], e["from_state"], e["to_state"]) for e in history(rec)
            if e.get("to_state") and e.get("from_state") != e.get("to_state")]


def audit_actions(client, coll, cid):
    """Audit entries for the case (under its kind's collection or `cases`)."""
    out = []
    for c in (coll, "cases"):
        r = client.get("/audit", params={"collection": c, "id": cid, "per_page": 500})
        if r.status_code == 200:
            out += r.json()["items"]
    return out


def person_id(rec, deputy_id):
    for p in rec.get("people") or []:
        if p.get("deputy_id") == deputy_id:
            return p["id"]
    raise AssertionError(f"deputy {deputy_id} not among the case's people: {rec.get('people')}")


__all__ = ["TODAY", "iso", "day", "add_months", "is_working", "working_days_after", "weekday_on_or_before",
           "flag", "World", "act", "act_ok", "history", "transitions", "audit_actions", "person_id",
           "assert_error", "uniq"]
