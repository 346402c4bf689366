"""A vote's live events (GET /api/v1/votes/<id>/events, Server-Sent Events; issue 11 "Live",
/work/briefs/votes.md): a client holding the stream open sees `state`, then `opened`,
`progress` with voted_count rising while others cast ballots, and `closed` with the result;
no ballot's content before closing; callers who may not read the vote get an error, not a
stream; streams do not count against the per-address connection limit (a hall of phones
behind one address); a stopping server ends its streams instead of hanging on them.

The streams are read from a raw socket (the chunked framing and the SSE lines parsed here),
so what is asserted is what an EventSource in a phone's browser would get.
"""

import datetime
import json
import socket
import time

import pytest

from conftest import API, Client, Factory, term_number, uniq

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.datetime.now(BEIJING).date()
READ_TIMEOUT = 10.0  # a stream that says nothing for this long has failed the test
N_VOTERS = 6
# what only a ballot's content could say; none of it may be on the stream before closing
BALLOT_WORDS = ('"yes"', '"no"', '"abstain"', "choice", "receipt", "counts", "ballots")


class Stream:
    """One GET …/events held open on a raw socket: the answer's head, then its events."""

    def __init__(self, port, path, token=None, headers=()):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=READ_TIMEOUT)
        lines = [f"GET {API}{path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: text/event-stream"]
        if token:
            lines.append(f"Authorization: Bearer {token}")
        lines += list(headers)
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.raw = b""      # bytes received, not yet decoded
        self.text = ""      # the body, de-chunked
        self.ended = False  # the final chunk came (the server ended the stream)
        self.closed = False  # the socket was closed by the server
        self.seen = []      # every (event, data) returned so far
        self.comments = []
        while b"\r\n\r\n" not in self.raw:
            self._recv(time.monotonic() + READ_TIMEOUT)
            if self.closed:
                raise AssertionError(f"connection closed before an answer: {self.raw!r}")
        head, self.raw = self.raw.split(b"\r\n\r\n", 1)
        status_line, *hdr_lines = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {}
        for h in hdr_lines:
            k, _, v = h.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        self.chunked = "chunked" in self.headers.get("transfer-encoding", "").lower()
        self._decode()

    def _recv(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"nothing more within {READ_TIMEOUT}s; so far {self.seen!r}")
        self.sock.settimeout(left)
        try:
            d = self.sock.recv(65536)
        except socket.timeout:
            raise AssertionError(f"nothing more within {READ_TIMEOUT}s; so far {self.seen!r}")
        if not d:
            self.closed = True
        self.raw += d

    def _decode(self):
        if not self.chunked:
            self.text += self.raw.decode("utf-8")
            self.raw = b""
            return
        while b"\r\n" in self.raw:
            size_line, rest = self.raw.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                self.ended = True
                self.raw = b""
                return
            if len(rest) < size + 2:
                return
            self.text += rest[:size].decode("utf-8")
            self.raw = rest[size + 2:]

    def body_json(self):
        """An error answer's JSON (it is not a stream: Content-Length, read to the end)."""
        length = int(self.headers.get("content-length", "0"))
        deadline = time.monotonic() + READ_TIMEOUT
        while len(self.text.encode()) < length and not self.closed:
            self._recv(deadline)
            self._decode()
        return json.loads(self.text)

    def event(self):
        """The next event as (name, data as JSON); comments are kept aside. None when the
        server ended the stream."""
        deadline = time.monotonic() + READ_TIMEOUT
        while True:
            while "\n\n" in self.text:
                block, self.text = self.text.split("\n\n", 1)
                name, data = "message", []
                for line in block.split("\n"):
                    if line.startswith(":"):
                        self.comments.append(line)
                    elif line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data.append(line[5:].lstrip(" "))
                if data:
                    text = "\n".join(data)
                    self.seen.append((name, text))
                    return name, json.loads(text)
            if self.ended or self.closed:
                return None
            self._recv(deadline)
            self._decode()

    def until(self, name):
        """Events up to and including the first called name: [(name, data), …]."""
        got = []
        while True:
            ev = self.event()
            assert ev is not None, f"the stream ended before {name!r}: {self.seen!r}"
            got.append(ev)
            if ev[0] == name:
                return got

    def close(self):
        self.sock.close()


class World:
    """A congress with a term covering today, N_VOTERS deputies with accounts, one deputy
    outside the vote's electorate, a staff account; a secret vote over the voters."""

    def __init__(self, dep):
        self.dep = dep
        n = uniq()
        f = Factory(dep.admin)
        cid = f.congress(f"常山县人民代表大会{n}")["id"]
        self.term = f.term(cid, number=term_number(cid),
                           start_on=(TODAY - datetime.timedelta(days=400)).isoformat(),
                           end_on=(TODAY + datetime.timedelta(days=4 * 365)).isoformat())
        self.deputies = [f.deputy(cid, f.person(cid, name=f"代表{n}号{i}")["id"], self.term["id"])
                         for i in range(N_VOTERS + 1)]
        self.tokens = []
        for i, d in enumerate(self.deputies):
            login = f"ssedep{n}_{i}"
            dep.add_user(login, "deputy", deputy=str(d["id"]))
            self.tokens.append(dep.token(login))
        self.outsider = self.tokens.pop()  # the last deputy is in no electorate
        self.voter_ids = [d["id"] for d in self.deputies[:N_VOTERS]]
        staff = f"ssestaff{n}"
        dep.add_user(staff, "staff", congress=str(cid))
        self.staff_token = dep.token(staff)
        self.staff = dep.token_client(staff)
        self.voters = [Client(dep.base, token=t) for t in self.tokens]

    def vote(self, mode="secret"):
        r = self.staff.post("/votes", {
            "question": f"关于批准《常山县国民经济和社会发展计划》的决议（草案）{uniq()}",
            "mode": mode, "method": "electronic", "rule": "majority_of_all", "electorate": "list",
            "term_id": self.term["id"], "voters": self.voter_ids})
        assert r.status_code == 201, r.text
        return r.json()["id"]

    def open(self, vid):
        r = self.staff.post(f"/votes/{vid}/open", {"present": self.voter_ids})
        assert r.status_code == 200, r.text

    def stream(self, vid, token):
        return Stream(self.dep.server.port, f"/votes/{vid}/events", token=token)


@pytest.fixture(scope="module")
def world(dep):
    return World(dep)


def no_ballot_content(events):
    for name, data in events:
        text = json.dumps(data)
        for word in BALLOT_WORDS:
            assert word not in text, f"{name} before closing says {word}: {text}"


def test_live_vote_seen_while_others_cast(world):
    vid = world.vote()
    hall = world.stream(vid, world.staff_token)  # the chair's screen, from the draft on
    assert hall.status == 200
    assert hall.headers["content-type"].startswith("text/event-stream")
    assert hall.headers.get("cache-control") == "no-cache"
    assert hall.headers.get("x-accel-buffering") == "no"
    name, state = hall.event()
    assert name == "state"
    assert state["state"] == "draft" and state["voted_count"] == 0
    assert state["electorate_size"] == N_VOTERS  # before opening: who it would hold

    world.open(vid)
    name, opened = hall.event()
    assert name == "opened", (name, opened)
    assert opened["state"] == "open" and opened["present_count"] == N_VOTERS
    assert opened["electorate_size"] == N_VOTERS
    assert opened["voted_count"] == 0
    # a voter's phone opens its own stream once the vote is open
    phone = world.stream(vid, world.tokens[0])
    assert phone.status == 200
    assert phone.event()[1]["state"] == "open"

    choices = ["yes", "yes", "no", "abstain", "yes"]  # the sixth voter casts nothing
    before = []
    seen_counts = []
    for i, choice in enumerate(choices):
        r = world.voters[i].post(f"/votes/{vid}/ballot", {"choice": choice})
        assert r.status_code == 200, r.text
        # progress may be coalesced, but what the hall sees rises to the ballots cast
        while not seen_counts or seen_counts[-1] < i + 1:
            got = hall.until("progress")
            before += got
            seen_counts.append(got[-1][1]["voted_count"])
    assert seen_counts == sorted(set(seen_counts)), f"voted_count must only rise: {seen_counts}"
    assert seen_counts[-1] == len(choices)
    assert all(d["electorate_size"] == N_VOTERS for n, d in before if n == "progress")

    r = world.staff.post(f"/votes/{vid}/close", {})
    assert r.status_code == 200, r.text
    got = hall.until("closed")
    before += got[:-1]
    result = got[-1][1]["result"]
    assert result["cast"] == len(choices)
    assert result["counts"]["yes"] == 3 and result["counts"]["no"] == 1
    assert result["counts"]["abstain"] == 1
    assert result["outcome"] == "rejected"  # 3 yes of 6 is not more than half of all
    no_ballot_content(before)
    # the phone saw the same progress and the same result
    phone_events = phone.until("closed")
    no_ballot_content(phone_events[:-1])
    assert phone_events[-1][1]["result"]["counts"] == result["counts"]
    hall.close()
    phone.close()


def test_annulled_seen(world):
    vid = world.vote(mode="named")
    world.open(vid)
    s = world.stream(vid, world.tokens[1])
    assert s.event()[0] == "state"
    r = world.staff.post(f"/votes/{vid}/annul", {"reason": "表决器故障，重新表决"})
    assert r.status_code == 200, r.text
    name, data = s.until("annulled")[-1]
    assert data["reason"] == "表决器故障，重新表决"
    s.close()


def test_who_may_not_watch(world, dep):
    draft = world.vote()
    opened = world.vote()
    world.open(opened)
    port = dep.server.port
    cases = [
        (opened, None, 401),               # not logged in
        (opened, "not-a-token", 401),      # a token that is no account's
        (opened, world.outsider, (403, 404)),  # a deputy outside the electorate
        (draft, world.tokens[0], (403, 404)),  # a voter, before the vote opens
        (999999, world.staff_token, 404),  # no such vote
    ]
    for vid, token, status in cases:
        s = Stream(port, f"/votes/{vid}/events", token=token)
        statuses = status if isinstance(status, tuple) else (status,)
        assert s.status in statuses, (vid, token, s.status, s.headers)
        assert not s.headers.get("content-type", "").startswith("text/event-stream")
        body = s.body_json()
        assert body["error"]["code"] in ("unauthorized", "forbidden", "not_found"), body
        s.close()


def test_streams_not_held_against_the_address_limit(world, dep):
    """A hall's phones come from one address (its NAT, or nginx): their streams must not
    use up http_max_connections_per_address, or the hall could no longer cast."""
    r = dep.admin.patch("/settings", {"http_max_connections_per_address": 8})
    assert r.status_code == 200, r.text
    try:
        vid = world.vote()
        world.open(vid)
        time.sleep(1.5)  # the limit applies within a second (conns.c's watchdog re-reads it)
        streams = []
        for i in range(12):  # more than the limit
            s = world.stream(vid, world.tokens[i % N_VOTERS])
            assert s.status == 200
            assert s.event()[0] == "state"
            streams.append(s)
        r = world.voters[0].post(f"/votes/{vid}/ballot", {"choice": "yes"})
        assert r.status_code == 200, r.text
        for s in streams:
            assert s.until("progress")[-1][1]["voted_count"] == 1
        for s in streams:
            s.close()
    finally:
        r = dep.admin.patch("/settings", {"http_max_connections_per_address": 256})
        assert r.status_code == 200, r.text


def test_stop_ends_streams(world, dep):
    """SIGTERM: a held stream is finished (its last chunk sent) and the server exits 0,
    rather than waiting out the grace period for a stream that never ends."""
    vid = world.vote()
    world.open(vid)
    s = world.stream(vid, world.tokens[2])
    assert s.event()[0] == "state"
    rc = dep.server.stop()
    assert rc == 0, dep.server.log_tail()
    assert s.event() is None
    assert s.ended, "the stream was cut, not finished"
    s.close()
    dep.server.start()
    dep.check_alive()
