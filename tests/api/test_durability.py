"""Durability: the server is killed (SIGKILL) while eight clients write; after a
restart every write acknowledged with 2xx is there and the database is consistent.
Also SIGTERM under load, and `renda backup` while writers run."""

import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest
import requests

from conftest import API, Client, Deployment, Factory, cli

WRITERS = 8
RUN_SECONDS = 3.0
KILL_AFTER = 1.5
TERM_GRACE = 10


@pytest.fixture(scope="module")
def world(dep):
    cg = Factory(dep.admin).congress("常山县人民代表大会")
    return {"cid": cg["id"], "token": dep.admin.token}


class Load:
    """WRITERS threads POSTing units until stopped; records every acknowledged id."""

    def __init__(self, dep, world, tag):
        self.base = dep.base
        self.token = world["token"]
        self.cid = world["cid"]
        self.tag = tag
        self.acked = {}          # id → name
        self.unexpected = []     # (status, text) answered before the server went away
        self.errors = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(WRITERS)]

    def run(self, t):
        s = requests.Session()
        s.headers["Authorization"] = "Bearer " + self.token
        i = 0
        while not self.stop.is_set():
            i += 1
            name = f"持久{self.tag}-{t}-{i}"
            try:
                r = s.post(self.base + API + "/units", json={"congress_id": self.cid, "name": name, "kind": "other",
                                                             "contact": f"线程{t}"}, timeout=10)
            except requests.RequestException:
                with self.lock:
                    self.errors += 1
                time.sleep(0.01)
                continue
            with self.lock:
                if 200 <= r.status_code < 300:
                    rec = r.json()
                    if rec.get("name") != name:
                        self.unexpected.append((r.status_code, f"sent {name}, got {rec.get('name')}"))
                    self.acked[rec["id"]] = name
                elif r.status_code != 503:
                    self.unexpected.append((r.status_code, r.text[:200]))

    def start(self):
        for th in self.threads:
            th.start()
        return self

    def wait_for_acks(self, n, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.acked) >= n:
                    return
            time.sleep(0.01)
        pytest.fail(f"writers got only {len(self.acked)} acknowledgements in {timeout}s")

    def finish(self):
        self.stop.set()
        for th in self.threads:
            th.join(timeout=30)
        return dict(self.acked)


def check_all_present(dep, acked):
    c = Client(dep.base, token=dep.admin.token)
    missing, wrong = [], []
    for rid, name in sorted(acked.items()):
        r = c.get(f"/units/{rid}")
        if r.status_code != 200:
            missing.append(rid)
        elif r.json()["name"] != name:
            wrong.append((rid, name, r.json()["name"]))
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged writes are gone: {missing[:20]}"
    assert not wrong, f"acknowledged writes changed: {wrong[:10]}"
    # each acknowledged write has its audit entry (a sample)
    for rid in sorted(acked)[:: max(1, len(acked) // 40)]:
        d = c.list("audit", collection="units", id=rid)
        assert d["total"] == 1 and d["items"][0]["action"] == "create", f"unit {rid}: audit {d}"


def sqlite_consistent(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        return con.execute("SELECT count(*) FROM units").fetchone()[0]
    finally:
        con.close()


def test_sigkill_while_writing(dep, world):
    load = Load(dep, world, "K").start()
    t0 = time.monotonic()
    try:
        load.wait_for_acks(20)
        time.sleep(max(0.0, KILL_AFTER - (time.monotonic() - t0)))
        os.kill(dep.server.proc.pid, signal.SIGKILL)
        dep.server.proc.wait()
        dep.server.proc = None
        time.sleep(max(0.0, RUN_SECONDS - (time.monotonic() - t0)) / 4)  # clients see the dead server
    finally:
        acked = load.finish()
    assert not load.unexpected, f"non-2xx answers while the server was up: {load.unexpected[:5]}"
    assert len(acked) >= 20
    dep.server.start()
    dep.admin.base = dep.base
    check_all_present(dep, acked)
    p = cli("audit", "verify", "--db", dep.db)
    assert p.returncode == 0, p.stdout + p.stderr
    if dep.backend == "sqlite":
        assert sqlite_consistent(dep.db) >= len(acked)
    # the restarted server takes writes again
    r = dep.admin.post("/units", {"congress_id": world["cid"], "name": "重启后新增", "kind": "other"})
    assert r.status_code == 201, r.text


def test_sigterm_while_writing(dep, world):
    """SIGTERM finishes the requests in flight and exits 0 — promptly, even though the
    clients keep sending (new requests after the signal are not served for long)."""
    load = Load(dep, world, "T").start()
    rc = hung = None
    try:
        load.wait_for_acks(20)
        dep.server.proc.send_signal(signal.SIGTERM)
        at_signal = len(load.acked)
        try:
            rc = dep.server.proc.wait(timeout=TERM_GRACE)
        except subprocess.TimeoutExpired:
            hung = len(load.acked) - at_signal
            dep.server.proc.kill()
            dep.server.proc.wait()
        dep.server.proc = None
    finally:
        acked = load.finish()
    dep.server.start()
    dep.admin.base = dep.base
    check_all_present(dep, acked)
    p = cli("audit", "verify", "--db", dep.db)
    assert p.returncode == 0, p.stdout + p.stderr
    assert hung is None, f"still running {TERM_GRACE}s after SIGTERM, having served {hung} more writes"
    assert rc == 0, f"SIGTERM under load: exit {rc}"
    assert not load.unexpected, f"non-2xx answers while the server was up: {load.unexpected[:5]}"


def test_sigterm_does_not_wait_for_a_body_that_stopped_coming(dep, world):
    """A client that sent its head and half its body, then went quiet, does not hold up
    a stop: nothing of that request was acknowledged, so SIGTERM cuts it and the server
    exits 0 at once, not after the 30 s grace."""
    import socket
    s = socket.create_connection(("127.0.0.1", dep.server.port), timeout=5)
    try:
        s.sendall((f"POST /api/v1/units HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   f"Authorization: Bearer {world['token']}\r\n"
                   f"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                   f'{{"congress_id":{world["cid"]},"name":"half').encode())
        time.sleep(0.5)  # the server has the head and is waiting for the rest
        t0 = time.monotonic()
        dep.server.proc.send_signal(signal.SIGTERM)
        try:
            rc = dep.server.proc.wait(timeout=TERM_GRACE)
        except subprocess.TimeoutExpired:
            rc = "still running"
        waited = time.monotonic() - t0
    finally:
        s.close()
    if rc == "still running":
        dep.server.proc.kill()
        dep.server.proc.wait()
    dep.server.proc = None
    dep.server.start()
    dep.admin.base = dep.base
    assert rc == 0, f"SIGTERM with a half-sent body: {rc} after {waited:.1f} s"
    assert waited < TERM_GRACE / 2, f"the stop waited {waited:.1f} s for a body that never came"


def test_backup_while_writing(dep, world, tmp_path):
    out = tmp_path / "backup.db"
    load = Load(dep, world, "B").start()
    try:
        load.wait_for_acks(20)
        p = cli("backup", "--db", dep.db, out, timeout=120)
        time.sleep(0.2)  # writers go on after the backup
    finally:
        acked = load.finish()
    assert not load.unexpected, f"answers during the backup: {load.unexpected[:5]}"
    if dep.backend == "pg":
        assert p.returncode != 0, "backup of PostgreSQL claims success"
        assert "pg_dump" in p.stdout + p.stderr
        return
    assert p.returncode == 0, p.stdout + p.stderr
    n = sqlite_consistent(str(out))
    assert n >= 20
    p = cli("audit", "verify", "--db", out)
    assert p.returncode == 0, p.stdout + p.stderr
    # the copy is a working database: a server runs on it
    d = Deployment("sqlite", str(out), "backup-copy")
    d.server.start()
    try:
        c = d.token_client(d.ADMIN)
        assert c.total("units") == n
    finally:
        d.stop()
    assert len(acked) >= 20


def test_a_ballot_answered_survives_a_crash(dep):
    """Issue 11: acknowledged means committed. Voters cast at once on a secret and a named
    vote; the server is killed (SIGKILL) the moment the sixth answer arrives; after a
    restart every voter answered 200 is recorded as having voted, a secret voter cannot
    cast again, a named voter's choice is there, and each answered receipt is published
    when the vote closes."""
    import concurrent.futures
    from votes_util import VoteWorld
    n, kill_at = 16, 6
    vw = VoteWorld(dep, n_members=0, n_deputies=n)
    secret = vw.started(rule="majority_of_all", mode="secret", voters_idx=range(n))
    named = vw.started(rule="majority_of_all", mode="named", voters_idx=range(n))
    acked, lock, killed = {}, threading.Lock(), threading.Event()
    pid = dep.server.proc.pid

    def vote(i):
        for vid, choice in ((secret, "yes" if i % 2 else "no"), (named, "abstain" if i % 3 else "yes")):
            try:
                r = vw.dc[i].post(f"/votes/{vid}/ballot", {"choice": choice}, timeout=10)
            except requests.RequestException:
                return
            if r.status_code != 200:
                with lock:
                    acked.setdefault("unexpected", []).append((r.status_code, r.text[:200]))
                return
            with lock:
                acked[(vid, i)] = r.json().get("receipt") or choice
                if len(acked) >= kill_at and not killed.is_set():
                    os.kill(pid, signal.SIGKILL)
                    killed.set()

    with concurrent.futures.ThreadPoolExecutor(n) as ex:
        list(ex.map(vote, range(n)))
    dep.server.proc.wait()
    dep.server.proc = None
    assert killed.is_set(), f"fewer than {kill_at} ballots were answered: {acked}"
    assert "unexpected" not in acked, acked.get("unexpected")
    dep.server.start()
    for c in [dep.admin, vw.staff, vw.staff2, *vw.dc]:
        c.base = dep.base
    srec, nrec = vw.get(secret), vw.get(named)
    voted = {vid: {v["id"] for v in rec["voters"] if v["voted"]} for vid, rec in ((secret, srec), (named, nrec))}
    for (vid, i), what in acked.items():
        assert vw.did(i) in voted[vid], f"deputy {i}'s ballot on vote {vid} was answered 200 and is gone"
        me = vw.get(vid, vw.dc[i])["me"]
        assert me["voted"], me
        if vid == named:
            assert me["choice"] == what, f"named ballot {what} answered, {me['choice']} after the crash"
        else:
            r = vw.dc[i].post(f"/votes/{vid}/ballot", {"choice": "abstain"})
            assert r.status_code == 409, f"an answered secret ballot is still final after the crash: {r.text}"
    assert srec["voted_count"] >= len([k for k in acked if k[0] == secret])
    if dep.backend == "sqlite":
        sqlite_consistent(dep.db)
    vw.close(secret)
    r = vw.dc[0].get(f"/votes/{secret}/receipts")
    assert r.status_code == 200, r.text
    published = {x if isinstance(x, str) else x.get("receipt") for x in r.json()["receipts"]}
    lost = [rc for (vid, _i), rc in acked.items() if vid == secret and rc not in published]
    assert not lost, f"{len(lost)} answered receipts are not published after the crash"
    p = cli("audit", "verify", "--db", dep.db)
    assert p.returncode == 0, p.stdout + p.stderr
