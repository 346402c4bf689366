"""Attachments on register records (issue 13; docs/attachments.md): the scanned report of
an inspection, the evidence of an audit finding's rectification, a document under
filing review. What test_attachments.py checks on cases (multipart, path parts, office
types, backups, a reply citing its letter) is not repeated; here the same mechanism on
the registers — the size limit, a disguised executable, a Chinese name, a unit that sees
only its own findings' files, an interrupted upload, the audit trail — and thumbnails
of images (issue 13's engine extension B.9)."""

import socket
import struct
import urllib.parse
import zlib

import pytest

from registers_util import RegWorld, assert_error, ok, uniq

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REPORT = "关于城区老旧小区改造情况的视察报告（定稿）.pdf"


def png(width=640, height=400):
    """An RGB gradient, width × height, written with zlib and struct."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)

    raw = b"".join(b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 160)) for x in range(width))
                   for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def jpeg(width=480, height=640):
    """A baseline greyscale JPEG, width × height, of one mid-grey: every 8×8 block is a DC
    difference of 0 and an end of block, each coded by a one-symbol Huffman table (the
    code "0"), so the scan is two zero bits a block. (No Pillow on the test machines.)"""
    def seg(marker, data):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data

    one_code = bytes([1] + [0] * 15) + b"\x00"
    nbits = 2 * ((width + 7) // 8) * ((height + 7) // 8)
    scan = b"\x00" * (nbits // 8) + (bytes([0xff >> (nbits % 8)]) if nbits % 8 else b"")
    return (b"\xff\xd8" + seg(0xe0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + seg(0xdb, b"\x00" + b"\x01" * 64)
            + seg(0xc0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + seg(0xc4, b"\x00" + one_code) + seg(0xc4, b"\x10" + one_code)
            + seg(0xda, b"\x01\x01\x00\x00\x3f\x00") + scan + b"\xff\xd9")


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"not a PNG: {data[:16]!r}"
    return struct.unpack(">II", data[16:24])


def upload(client, path, data, name, content_type="application/octet-stream"):
    return client.post(f"{path}/attachments?name={urllib.parse.quote(name)}", data=data,
                       headers={"Content-Type": content_type})


def upload_ok(client, path, data, name, **kw):
    r = upload(client, path, data, name, **kw)
    assert r.status_code == 201, f"upload to {path}: {r.status_code} {r.text[:300]}"
    return r.json()


def listed(client, path):
    return ok(client.get(f"{path}/attachments"))["items"]


def audit_entries(dep, aid=None):
    params = {"collection": "attachments", "per_page": 500}
    if aid is not None:
        params["id"] = aid
    return ok(dep.admin.get("/audit", params=params))


@pytest.fixture(scope="module")
def w(dep):
    return RegWorld(dep)


@pytest.fixture
def inspection(w):
    rec = w.make("inspections", subject=f"城区老旧小区改造情况视察{uniq()}", deputy_ids=[w.did(0)])
    return f"/inspections/{rec['id']}"


def test_a_chinese_name_survives_the_round_trip(w, inspection):
    a = upload_ok(w.staff, inspection, PDF, REPORT)
    assert (a["name"], a["size"], a["type"]) == (REPORT, len(PDF), "application/pdf"), a
    assert [(x["id"], x["name"]) for x in listed(w.staff, inspection)] == [(a["id"], REPORT)]
    # a deputy reading the inspection downloads its report under its own name
    r = w.dc[0].get(f"/attachments/{a['id']}")
    assert r.status_code == 200 and r.content == PDF, r.text[:200]
    assert r.headers["Content-Type"] == "application/pdf"
    cd = r.headers["Content-Disposition"]
    assert "filename*=UTF-8''" + urllib.parse.quote(REPORT, safe="") in cd, cd
    assert urllib.parse.unquote(cd.split("filename*=UTF-8''", 1)[1].split(";")[0]) == REPORT


def test_the_size_limit_is_the_setting(dep, w, inspection):
    try:
        ok(dep.admin.patch("/settings", {"attachment_max_bytes": 4096}))
        err = assert_error(upload(w.staff, inspection, PDF + b"%" * 5000, "视察照片集.pdf"), 413)
        assert "attachment_max_bytes" in err["message"], err
        assert listed(w.staff, inspection) == []
        upload_ok(w.staff, inspection, PDF + b"%" * 3000, "视察报告.pdf")
    finally:
        ok(dep.admin.patch("/settings", {"attachment_max_bytes": 20971520}))
    assert [x["name"] for x in listed(w.staff, inspection)] == ["视察报告.pdf"]


def test_a_disguised_executable_is_refused_by_its_content(w):
    rec = w.make("audit_findings", unit_id=w.uid(0))
    path = f"/audit_findings/{rec['id']}"
    with open("/bin/true", "rb") as f:
        elf = f.read()
    assert elf[:4] == b"\x7fELF"
    before = audit_entries(w.dep)["total"]
    err = assert_error(upload(w.staff, path, elf, "报告.pdf", "application/pdf"), 415, "file")
    assert "application/x-" in err["message"], err
    assert listed(w.staff, path) == []
    assert audit_entries(w.dep)["total"] == before, "a refused file left an audit entry"


def test_another_units_files_are_invisible(w):
    """A unit reads its own audit findings and their files; another unit's finding, its
    file list, the file and its thumbnail are 404 to it, as if they did not exist."""
    mine = w.make("audit_findings", unit_id=w.uid(0))
    theirs = w.make("audit_findings", unit_id=w.uid(1))
    a = upload_ok(w.staff, f"/audit_findings/{mine['id']}", PDF, "整改佐证材料.pdf")
    b = upload_ok(w.staff, f"/audit_findings/{theirs['id']}", png(), "整改现场照片.png")
    u0, u1 = w.uc[0], w.uc[1]
    assert [x["id"] for x in listed(u0, f"/audit_findings/{mine['id']}")] == [a["id"]]
    assert u0.get(f"/attachments/{a['id']}").content == PDF
    assert_error(u0.get(f"/audit_findings/{theirs['id']}/attachments"), 404)
    assert_error(u0.get(f"/attachments/{b['id']}"), 404)
    assert_error(u0.get(f"/attachments/{b['id']}/thumbnail"), 404)
    assert_error(u0.delete(f"/attachments/{b['id']}"), 404)
    # the unit it belongs to reads it; neither unit adds or removes a register's files
    assert u1.get(f"/attachments/{b['id']}").status_code == 200
    assert_error(upload(u0, f"/audit_findings/{mine['id']}", PDF, "单位上传.pdf"), 403)
    assert_error(u0.delete(f"/attachments/{a['id']}"), 403)
    # a normative document's files follow its issuer the same way
    doc = w.make("normative_documents", issuer_id=w.uid(1))
    c = upload_ok(w.staff, f"/normative_documents/{doc['id']}", PDF, "审查意见书.pdf")
    assert_error(u0.get(f"/attachments/{c['id']}"), 404)
    assert u1.get(f"/attachments/{c['id']}").content == PDF
    # a unit reads no inspection at all
    insp = w.make("inspections")
    d = upload_ok(w.staff, f"/inspections/{insp['id']}", PDF, "视察报告.pdf")
    assert_error(u0.get(f"/attachments/{d['id']}"), (403, 404))


def test_an_interrupted_upload_leaves_nothing(w, inspection):
    """The client promises a whole file and closes halfway: nothing listed, nothing audited."""
    before = audit_entries(w.dep)["total"]
    body = PDF + b"%" * 20000
    head = (f"POST /api/v1{inspection}/attachments?name={urllib.parse.quote('半截的报告.pdf')} HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\nAuthorization: Bearer {w.staff.token}\r\nContent-Type: application/pdf\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    s = socket.create_connection(("127.0.0.1", w.dep.server.port), timeout=10)
    s.sendall(head + body[:4000])
    s.close()
    w.dep.check_alive()
    assert listed(w.staff, inspection) == []
    assert audit_entries(w.dep)["total"] == before
    # the record still takes the whole file afterwards
    upload_ok(w.staff, inspection, body, "完整的报告.pdf")
    assert [x["name"] for x in listed(w.staff, inspection)] == ["完整的报告.pdf"]


def test_upload_and_delete_are_audited(dep, w):
    rec = w.make("normative_documents", issuer_id=w.uid(0))
    a = upload_ok(w.staff, f"/normative_documents/{rec['id']}", PDF, "县政府规范性文件报备函.pdf")
    r = w.staff.delete(f"/attachments/{a['id']}")
    assert r.status_code in (200, 204), r.text
    assert_error(w.staff.get(f"/attachments/{a['id']}"), 404)
    assert listed(w.staff, f"/normative_documents/{rec['id']}") == []
    entries = audit_entries(dep, a["id"])["items"]
    assert sorted(e["action"] for e in entries) == ["delete", "upload"], entries
    assert all(e["login"] == w.staff_login for e in entries), entries
    assert "县政府规范性文件报备函.pdf" in str(entries) and "%PDF" not in str(entries)


@pytest.mark.parametrize("kind", ["png", "jpeg"])
def test_an_image_gets_a_thumbnail(w, kind, inspection):
    data, name, (width, height) = (png(), "视察现场.png", (640, 400)) if kind == "png" else \
        (jpeg(), "视察现场.jpg", (480, 640))
    a = upload_ok(w.staff, inspection, data, name)
    assert a["type"] == f"image/{kind}", a
    item = next(x for x in listed(w.staff, inspection) if x["id"] == a["id"])
    assert item["thumbnail"] is True, item
    r = w.dc[0].get(f"/attachments/{a['id']}/thumbnail")
    assert r.status_code == 200, r.text[:200]
    assert r.headers["Content-Type"] == "image/png"
    tw, th = png_size(r.content)
    assert max(tw, th) <= 320, f"a thumbnail of {tw}×{th}"
    assert abs(tw / th - width / height) < 0.02, f"the thumbnail {tw}×{th} is not the shape of {width}×{height}"
    # the picture itself is downloaded unchanged
    assert w.staff.get(f"/attachments/{a['id']}").content == data


def test_a_pdf_has_no_thumbnail(w, inspection):
    a = upload_ok(w.staff, inspection, PDF, "视察通知.pdf")
    item = next(x for x in listed(w.staff, inspection) if x["id"] == a["id"])
    assert item["thumbnail"] is False, item
    assert_error(w.staff.get(f"/attachments/{a['id']}/thumbnail"), 404)
    assert_error(w.anon.get(f"/attachments/{a['id']}/thumbnail"), 401)
