"""Attachments (docs/attachments.md, docs/api.md "Attachments"): files that go with any
case or collection record — upload, list, download with a Chinese name, the SM3 value,
the size limit, types sniffed from the content, who may see and remove them, the audit
trail, backups, and a unit's reply citing its stamped letter."""

import hashlib
import io
import socket
import sqlite3
import subprocess
import urllib.parse
import zipfile

import pytest
import requests

from cases_util import World, act, act_ok, assert_error, uniq
from conftest import Deployment, cli, cli_ok

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LETTER_NAME = "常山县住建局答复函（盖章）.pdf"


def sm3(data):
    if "sm3" in hashlib.algorithms_available:
        return hashlib.new("sm3", data).hexdigest()
    p = subprocess.run(["openssl", "dgst", "-sm3", "-r"], input=data, capture_output=True, check=True)
    return p.stdout.split()[0].decode()


def docx():
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return b.getvalue()


def plain_zip():
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("readme.txt", "not an office file")
    return b.getvalue()


def upload(client, path, data, name, content_type="application/octet-stream"):
    return client.post(f"{path}/attachments?name={urllib.parse.quote(name)}", data=data,
                       headers={"Content-Type": content_type})


def upload_ok(client, path, data, name, **kw):
    r = upload(client, path, data, name, **kw)
    assert r.status_code == 201, f"upload to {path}: {r.status_code} {r.text[:300]}"
    return r.json()


@pytest.fixture(scope="module")
def w(dep):
    return World(dep, n_deputies=3, n_units=2)


def test_upload_list_download_keeps_a_chinese_name_and_its_sm3(w):
    cid = w.suggestion_in("assigned")
    a = upload_ok(w.uc[0], f"/proposals/{cid}", PDF, LETTER_NAME)
    assert a["name"] == LETTER_NAME and a["size"] == len(PDF) and a["type"] == "application/pdf"
    assert a["sm3"] == sm3(PDF)
    listed = w.uc[0].get(f"/proposals/{cid}/attachments").json()
    assert [x["id"] for x in listed["items"]] == [a["id"]]
    assert listed["items"][0]["name"] == LETTER_NAME
    r = w.staff.get(f"/attachments/{a['id']}")
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["Content-Type"] == "application/pdf"
    cd = r.headers["Content-Disposition"]
    assert cd.startswith("attachment;"), cd
    assert "filename*=UTF-8''" + urllib.parse.quote(LETTER_NAME, safe="") in cd, cd
    ascii_part = cd.split('filename="', 1)[1].split('"', 1)[0]
    assert ascii_part.isascii() and ascii_part.endswith(".pdf"), cd
    # the case's own record lists it, for the web app's page
    rec = w.staff.one("proposals", cid)
    assert [(x["id"], x["name"], x["size"], x["type"]) for x in rec["attachments"]] == \
        [(a["id"], LETTER_NAME, len(PDF), "application/pdf")]


def test_office_image_and_text_files_are_taken(w):
    cid = w.suggestion_in("submitted")
    d = upload_ok(w.staff, f"/proposals/{cid}", docx(), "附件一.docx")
    assert d["type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    t = upload_ok(w.staff, f"/proposals/{cid}", "已办理。\n".encode(), "说明.txt")
    assert t["type"] == "text/plain"
    r = w.staff.get(f"/attachments/{t['id']}")
    assert r.headers["Content-Type"].startswith("text/plain")


def test_multipart_form_is_taken_too(w):
    cid = w.suggestion_in("submitted")
    form = requests.Request("POST", "http://x/", files={"file": ("扫描件.pdf", PDF, "application/pdf")}).prepare()
    r = w.staff.post(f"/proposals/{cid}/attachments", data=form.body,
                     headers={"Content-Type": form.headers["Content-Type"]})
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "扫描件.pdf" and r.json()["sm3"] == sm3(PDF)
    assert w.staff.get(f"/attachments/{r.json()['id']}").content == PDF


def test_path_parts_are_stripped_and_bad_names_refused(w):
    cid = w.suggestion_in("submitted")
    a = upload_ok(w.staff, f"/proposals/{cid}", PDF, "C:\\fakepath\\..\\报告.pdf")
    assert a["name"] == "报告.pdf"
    assert_error(upload(w.staff, f"/proposals/{cid}", PDF, ""), 422, "name")
    assert_error(upload(w.staff, f"/proposals/{cid}", PDF, "a\x01b.pdf"), 422, "name")


def test_a_disguised_executable_or_a_plain_zip_is_refused_by_its_content(w):
    cid = w.suggestion_in("submitted")
    with open("/bin/true", "rb") as f:
        elf = f.read()
    err = assert_error(upload(w.staff, f"/proposals/{cid}", elf, "答复函.pdf", "application/pdf"), 415, "file")
    assert "application/x-" in err["message"] and "not accepted" in err["message"], err
    err = assert_error(upload(w.staff, f"/proposals/{cid}", plain_zip(), "附件.docx"), 415, "file")
    assert "application/zip" in err["message"], err
    assert w.staff.get(f"/proposals/{cid}/attachments").json()["items"] == []


def test_the_size_limit_is_the_setting(dep, w):
    cid = w.suggestion_in("submitted")
    try:
        r = dep.admin.patch("/settings", {"attachment_max_bytes": 2048})
        assert r.status_code == 200, r.text
        big = PDF + b"%" * 3000
        err = assert_error(upload(w.staff, f"/proposals/{cid}", big, "大文件.pdf"), 413)
        assert "attachment_max_bytes" in err["message"] and "2048" in err["message"], err
        upload_ok(w.staff, f"/proposals/{cid}", PDF, "小文件.pdf")
    finally:
        dep.admin.patch("/settings", {"attachment_max_bytes": 20971520})


def test_uploads_may_exceed_the_request_body_limit_and_no_other_route_does(dep, w):
    """http_max_body (1 MiB) caps every route but the upload's."""
    cid = w.suggestion_in("submitted")
    big = PDF + b"%" * (1100 * 1024)
    a = upload_ok(w.staff, f"/proposals/{cid}", big, "扫描件.pdf")
    assert a["size"] == len(big) and w.staff.get(f"/attachments/{a['id']}").content == big
    r = w.staff.post("/units", data=b"{" + b" " * (1100 * 1024) + b"}", headers={"Content-Type": "application/json"})
    assert_error(r, 413)


def test_who_may_see_and_remove(w):
    cid = w.suggestion_in("assigned", lead=0, cosigners=(1,), unit=0)
    a = upload_ok(w.uc[0], f"/proposals/{cid}", PDF, "答复函.pdf")
    # another unit, a deputy not on the case, the public: no such file for them
    for c in (w.uc[1], w.dc[2]):
        assert_error(c.get(f"/attachments/{a['id']}"), 404)
        assert_error(c.get(f"/proposals/{cid}/attachments"), 404)
        assert_error(c.delete(f"/attachments/{a['id']}"), 404)
    assert_error(w.anon.get(f"/attachments/{a['id']}"), 401)
    assert_error(w.anon.get(f"/proposals/{cid}/attachments"), 401)
    assert_error(upload(w.anon, f"/proposals/{cid}", PDF, "x.pdf"), 401)
    # the lead deputy reads it but may not add to an assigned case, nor remove the unit's file
    assert w.dc[0].get(f"/attachments/{a['id']}").content == PDF
    assert "attach" not in w.dc[0].one("proposals", cid)["actions"]
    assert_error(upload(w.dc[0], f"/proposals/{cid}", PDF, "x.pdf"), 403)
    assert_error(w.dc[0].delete(f"/attachments/{a['id']}"), 403)
    # the unit on the case is offered "attach"; the other unit cannot upload
    assert "attach" in w.uc[0].one("proposals", cid)["actions"]
    assert_error(upload(w.uc[1], f"/proposals/{cid}", PDF, "x.pdf"), 404)
    # the unit removes its own file; the office removes any
    r = w.uc[0].delete(f"/attachments/{a['id']}")
    assert r.status_code == 200, r.text
    assert_error(w.staff.get(f"/attachments/{a['id']}"), 404)
    b = upload_ok(w.uc[0], f"/proposals/{cid}", PDF, "答复函2.pdf")
    assert w.staff.delete(f"/attachments/{b['id']}").status_code == 200


def test_the_lead_deputy_attaches_to_their_own_draft(w):
    cid = w.suggestion_in("draft", lead=0, cosigners=())
    assert "attach" in w.dc[0].one("proposals", cid)["actions"]
    a = upload_ok(w.dc[0], f"/proposals/{cid}", PDF, "调研材料.pdf")
    assert_error(upload(w.dc[1], f"/proposals/{cid}", PDF, "x.pdf"), 404)
    act_ok(w.dc[0], cid, "submit")
    act_ok(w.staff, cid, "accept")
    assert "attach" not in w.dc[0].one("proposals", cid)["actions"]
    assert_error(w.dc[0].delete(f"/attachments/{a['id']}"), 403)


def test_a_collection_record_takes_files_by_its_write_roles(w):
    unit = w.units[0]
    a = upload_ok(w.staff, f"/units/{unit['id']}", PDF, "单位职责.pdf")
    assert w.member.get(f"/units/{unit['id']}/attachments").json()["items"][0]["id"] == a["id"]
    assert_error(upload(w.member, f"/units/{unit['id']}", PDF, "x.pdf"), 403)
    assert_error(upload(w.staff, "/nosuchthings/1", PDF, "x.pdf"), 404)


def test_a_deleted_record_takes_its_files_with_it(dep, w):
    station = w.f.station(w.cid)
    a = upload_ok(w.staff, f"/stations/{station['id']}", PDF, "联络站平面图.pdf")
    r = dep.admin.delete(f"/stations/{station['id']}")
    assert r.status_code in (200, 204), r.text
    assert_error(w.staff.get(f"/attachments/{a['id']}"), 404)
    entries = dep.admin.get("/audit", params={"collection": "attachments", "id": a["id"]}).json()["items"]
    assert sorted(e["action"] for e in entries) == ["delete", "upload"], entries


def test_uploads_and_deletes_are_audited_without_the_content(dep, w):
    cid = w.suggestion_in("submitted")
    a = upload_ok(w.staff, f"/proposals/{cid}", PDF, "审计.pdf")
    assert w.staff.delete(f"/attachments/{a['id']}").status_code == 200
    r = dep.admin.get("/audit", params={"collection": "attachments", "id": a["id"]})
    assert r.status_code == 200, r.text
    entries = r.json()["items"]
    assert sorted(e["action"] for e in entries) == ["delete", "upload"], entries
    text = r.text
    assert sm3(PDF) in text and "审计.pdf" in text
    assert "%PDF" not in text and "trailer" not in text
    # the records check knows the files: a kept one matches its entry, a changed one is found
    kept = upload_ok(w.staff, f"/proposals/{cid}", PDF, "留存.pdf")
    p = cli("audit", "verify", "--db", dep.db)
    assert p.returncode == 0, p.stdout + p.stderr
    if dep.backend == "sqlite":
        with sqlite3.connect(dep.db) as db:
            db.execute("UPDATE attachments SET name = '改过.pdf' WHERE id = ?", (kept["id"],))
        p = cli("audit", "verify", "--db", dep.db)
        assert p.returncode != 0 and "attachments" in p.stdout + p.stderr, p.stdout + p.stderr
        with sqlite3.connect(dep.db) as db:
            db.execute("UPDATE attachments SET name = '留存.pdf' WHERE id = ?", (kept["id"],))


def test_a_reply_cites_the_units_letter(w):
    cid = w.suggestion_in("assigned", unit=0)
    letter = upload_ok(w.uc[0], f"/proposals/{cid}", PDF, LETTER_NAME)
    staff_file = upload_ok(w.staff, f"/proposals/{cid}", PDF, "交办单.pdf")
    # only the unit's own, uploaded to this case
    other = w.suggestion_in("assigned", unit=0)
    elsewhere = upload_ok(w.uc[0], f"/proposals/{other}", PDF, "别的.pdf")
    for bad in ([staff_file["id"]], [elsewhere["id"]], [999999], ["x"]):
        assert_error(act(w.uc[0], cid, "reply", {"class": "A", "text": "已办理。", "attachment_ids": bad}),
                     422, "attachment_ids")
    rec = act_ok(w.uc[0], cid, "reply", {"class": "A", "text": "已办理，详见答复函。",
                                         "attachment_ids": [letter["id"]]})
    reply = [r for r in rec["replies"] if r["kind"] == "reply"][-1]
    cited = [x for x in rec["attachments"] if x.get("reply_id") == reply["id"]]
    assert [x["id"] for x in cited] == [letter["id"]]
    # the deputy reads the letter; once sent it stays with the reply
    assert w.dc[0].get(f"/attachments/{letter['id']}").content == PDF
    assert_error(w.staff.delete(f"/attachments/{letter['id']}"), 409)


def test_a_reply_needs_its_class(w):
    cid = w.suggestion_in("assigned", unit=0)
    assert_error(act(w.uc[0], cid, "reply", {"text": "已办理。"}), 422, "class")


def test_the_backup_holds_the_files(dep, w, tmp_path):
    if dep.backend != "sqlite":
        pytest.skip("renda backup copies SQLite; PostgreSQL's backups are pg_dump's (bytea included)")
    cid = w.suggestion_in("submitted")
    data = PDF + bytes(range(256)) * 4  # every byte value, NUL included
    a = upload_ok(w.staff, f"/proposals/{cid}", data, "备份.pdf")
    out = tmp_path / "backup.db"
    cli_ok("backup", "--db", dep.db, out)
    with sqlite3.connect(out) as db:
        content, digest = db.execute("SELECT content, sm3 FROM attachments WHERE id = ?", (a["id"],)).fetchone()
    assert content == data and digest == sm3(data)
    p = cli("audit", "verify", "--db", out)
    assert p.returncode == 0, p.stdout + p.stderr
    # a server on the copy hands the file back
    d = Deployment("sqlite", str(out), f"attach-backup-{uniq()}")
    d.server.start()
    try:
        c = d.token_client(d.ADMIN)
        assert c.get(f"/attachments/{a['id']}").content == data
    finally:
        d.stop()


def test_an_interrupted_upload_leaves_nothing(w):
    """The client promises a whole file and stops halfway: nothing is stored."""
    cid = w.suggestion_in("submitted")
    body = PDF + b"%" * 5000
    head = (f"POST /api/v1/proposals/{cid}/attachments?name=x.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {w.staff.token}\r\nContent-Type: application/pdf\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    s = socket.create_connection(("127.0.0.1", w.dep.server.port), timeout=10)
    s.sendall(head + body[:1000])
    s.close()
    assert w.staff.get(f"/proposals/{cid}/attachments").json()["items"] == []
    assert w.staff.one("proposals", cid)["attachments"] == []
