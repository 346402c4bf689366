"""Shared machinery for the meetings tests (issue 12, /work/briefs/meetings.md): the vote
tests' world (votes_util.VoteWorld: a congress of its own, a current term, members of its
standing committee and deputies, each with an account, staff and a unit) grown by the
things meetings need: 30 members (the quorum boundary 15/16), an earlier term, and
shortcuts to create meetings, run them through their states, fill agendas and take
attendance. `Bare` is a congress with a term and one staff account and nothing else, for
the figures (numbering, stats, warnings) a shared world would disturb.

Not a test module (pytest collects test_*.py only); test_meetings*.py and
test_resolutions.py import it.

Dates: the server's day is Beijing's (midnight is 16:00 UTC). A test takes `today()` when
it needs it and keeps margins of days, so a run across midnight still holds.
"""

import datetime
import io
import zipfile

from conftest import Factory, assert_error, uniq
from votes_util import BEIJING, VoteWorld, set_setting  # noqa: F401  (set_setting: for the test modules)

KINDS = ("plenary", "committee_session", "chairs_meeting")
ELECTORATE = {"committee_session": "committee", "plenary": "plenary", "chairs_meeting": "chairs"}
N_MEMBERS = 30   # positions (VoteWorld): 0 chair, 1–3 vice_chair, 4 secretary_general, the rest member
N_DEPUTIES = 24  # plenary quorum: at least 2/3 · 24 = 16
CHAIRS = (0, 1, 2, 3)


def today():
    return datetime.datetime.now(BEIJING).date()


def day(offset, base=None):
    """YYYY-MM-DD `offset` days from base (default today)."""
    return ((base or today()) + datetime.timedelta(days=offset)).isoformat()


def shift(iso, offset):
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=offset)).isoformat()


def ok(r, status=200):
    assert r.status_code == status, f"{r.request.method} {r.request.url} → {r.status_code} {r.text[:600]}"
    return r.json() if r.content else None


class MeetingOps:
    """Meeting shortcuts for a world with `self.staff` (its congress's staff client)."""

    def meeting(self, kind="committee_session", client=None, **kw):
        body = {"kind": kind, "starts_on": day(30), "place": "常山县人大常委会第一会议室",
                "convener": "常山县人大常委会"}
        body.update(kw)
        r = (client or self.staff).post("/meetings", body)
        rec = ok(r, 201)
        assert rec["state"] == "planned", rec
        return rec

    def act(self, mid, action, client=None):
        rec = ok((client or self.staff).post(f"/meetings/{mid}/{action}", {}))
        return rec

    def held(self, kind="committee_session", **kw):
        """A meeting created and opened (state held)."""
        rec = self.meeting(kind, **kw)
        rec = self.act(rec["id"], "open")
        assert rec["state"] == "held", rec
        return rec

    def closed(self, kind="committee_session", **kw):
        rec = self.held(kind, **kw)
        rec = self.act(rec["id"], "close")
        assert rec["state"] == "closed", rec
        return rec

    def item(self, mid, kind="other", title=None, client=None, **kw):
        body = {"kind": kind, "title": title or f"议程{uniq()}"}
        body.update(kw)
        return ok((client or self.staff).post(f"/meetings/{mid}/agenda", body), 201)

    def agenda(self, mid, client=None):
        d = ok((client or self.staff).get(f"/meetings/{mid}/agenda"))
        assert isinstance(d.get("items"), list), d
        return d["items"]

    def attendance(self, mid, client=None):
        return ok((client or self.staff).get(f"/meetings/{mid}/attendance"))

    def put_attendance(self, mid, body, client=None):
        return (client or self.staff).put(f"/meetings/{mid}/attendance", body)

    def meeting_vote(self, m, item=None, client=None, **kw):
        """POST /votes for meeting m (and agenda item); the electorate and term follow the
        meeting. Returns the response."""
        body = {"question": kw.pop("question", f"关于《常山县城市绿化条例》的决定（草案）{uniq()}"), "mode": "named",
                "method": "electronic", "rule": "majority_of_all", "meeting_id": m["id"]}
        if item is not None:
            body["agenda_item_id"] = item["id"]
        body.update(kw)
        return (client or self.staff).post("/votes", body)


class MeetingWorld(VoteWorld, MeetingOps):
    """VoteWorld with 30 members and 24 deputies (every one with an account), its current
    term (`tid`, started 400 days ago) and an earlier term (`old_tid`, ended the day before)
    holding one member of its own (`old_member`)."""

    def __init__(self, dep, n_members=N_MEMBERS, n_deputies=N_DEPUTIES):
        super().__init__(dep, n_members=n_members, n_deputies=n_deputies)
        start = datetime.date.fromisoformat(self.term["start_on"])
        self.old_term = self.f.term(self.cid, number=19, start_on="2015-01-01",
                                    end_on=(start - datetime.timedelta(days=1)).isoformat())
        self.old_tid = self.old_term["id"]
        p = self.f.person(self.cid, name=f"上届委员{self.n}")
        self.old_member = self.f.member(self.cid, p["id"], self.old_tid, start_on="2015-01-01",
                                        end_on=self.old_term["end_on"])

    def rows(self, electorate, idx, status="present", reason=None):
        """Attendance rows for the voters with these indices."""
        key = "deputy_id" if electorate == "plenary" else "member_id"
        ids = self.ids("plenary" if electorate == "plenary" else "committee", idx)
        out = []
        for i in ids:
            row = {key: i, "status": status}
            if reason is not None:
                row["reason"] = reason
            out.append(row)
        return out

    def with_present(self, mid, electorate, idx):
        """Record those present; returns the attendance."""
        return ok(self.put_attendance(mid, self.rows(electorate, idx)))


class Bare(MeetingOps):
    """A congress of its own with one term (from `start_on`, five years) and one staff
    account; nobody else. For figures a shared world would disturb."""

    def __init__(self, dep, start_on=None):
        self.n = n = uniq()
        self.f = f = Factory(dep.admin)
        self.congress = f.congress(f"江山市人民代表大会{n}", level="city")
        self.cid = self.congress["id"]
        start_on = start_on or day(-400)
        self.term = f.term(self.cid, number=20, start_on=start_on, end_on=shift(start_on, 5 * 365))
        self.tid = self.term["id"]
        login = f"mstaff{n}"
        dep.add_user(login, "staff", congress=str(self.cid))
        self.staff = dep.token_client(login)


def refused(r, status, field=None):
    return assert_error(r, status, field)


def xlsx_text(content):
    """A real xlsx (a zip with a workbook and sheets): returns (sheet count, all the text
    of its sheets and shared strings)."""
    assert content[:4] == b"PK\x03\x04", f"not a zip file: {content[:16]!r}"
    z = zipfile.ZipFile(io.BytesIO(content))
    assert z.testzip() is None, "a corrupt member in the xlsx"
    names = z.namelist()
    assert "[Content_Types].xml" in names and "xl/workbook.xml" in names, names
    sheets = [x for x in names if x.startswith("xl/worksheets/") and x.endswith(".xml")]
    assert sheets, f"an xlsx without sheets: {names}"
    text = "".join(z.read(x).decode("utf-8") for x in names
                   if x.endswith(".xml") and (x in sheets or x == "xl/sharedStrings.xml"))
    return len(sheets), text
