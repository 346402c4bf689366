"""The public's submissions (docs/registers.md "Filing review", docs/settings.md
public_submissions_per_hour): anyone may ask for a normative document to be reviewed,
from the public site without logging in. They fill in the public fields and nothing
else, they cannot read, change or delete what they sent, and one address sends at most
the setting's number in an hour (429 past it); a refused submission does not count.
The office finds each request under its document, come in online today."""

import time

import pytest

from registers_util import RegWorld, assert_error, ok, today, iso


@pytest.fixture(scope="module")
def w(dep):
    return RegWorld(dep)


@pytest.fixture
def doc(w):
    return w.make("normative_documents", issuer_id=w.uid(0))


def ask(client, w, doc, **over):
    body = {
        "congress_id": doc["congress_id"],
        "document_id": doc["id"],
        "name": "王建国",
        "contact": "13800000000",
        "content": "该文件关于收费的规定没有法律依据，建议审查。",
    }
    body.update(over)
    return client.post("/review_requests", body)


def test_anyone_asks_and_the_office_finds_it_under_the_document(dep, w, doc):
    anon = dep.anon()
    schema = ok(anon.get("/review_requests/schema"))
    assert schema["actions"] == ["create"], schema["actions"]
    assert {f["name"] for f in schema["fields"]} >= {"name", "contact", "content", "document_id"}
    assert "status" not in {f["name"] for f in schema["fields"]}
    got = ok(ask(anon, w, doc), 201)
    assert got["name"] == "王建国" and "status" not in got, got
    mine = [r for r in ok(w.staff.get(f"/review_requests?document_id={doc['id']}"))["items"]]
    assert [r["id"] for r in mine] == [got["id"]]
    assert mine[0]["channel"] == "online" and mine[0]["status"] == "received"
    assert mine[0]["received_on"] == iso(today())
    # the document's page lists its requests: a document asked about is not deleted
    assert_error(w.staff.delete(f"/normative_documents/{doc['id']}"), 409)
    # what the public sent is not theirs to read, change or delete
    assert anon.get(f"/review_requests/{got['id']}").status_code == 401
    assert anon.patch(f"/review_requests/{got['id']}", {"content": "改"}).status_code == 401
    assert anon.delete(f"/review_requests/{got['id']}").status_code == 401
    assert anon.get("/review_requests").status_code == 401


def test_the_public_fill_in_only_the_public_fields(dep, w, doc):
    anon = dep.anon()
    err = assert_error(ask(anon, w, doc, status="answered"), 422)
    assert err["field"] == "status", err
    err = assert_error(ask(anon, w, doc, received_on="2020-01-01"), 422)
    assert err["field"] == "received_on", err
    err = assert_error(ask(anon, w, doc, name=" "), 422)
    assert err["field"] == "name", err
    # another congress's document, or none at all, is refused by name
    err = assert_error(ask(anon, w, doc, document_id=doc["id"] + 100000), 422)
    assert err["field"] == "document_id", err
    # the public write nothing else, a register or a reference collection
    assert w.dep.anon().post("/inspections", {"subject": "x"}).status_code == 401


def test_an_address_sends_at_most_the_setting_an_hour(dep, w, doc):
    anon = dep.anon()
    hour = time.strftime("%Y-%m-%dT%H", time.gmtime())
    # every online request of this module came from this one address, this hour
    used = ok(w.staff.get("/review_requests?channel=online"))["total"]
    try:
        ok(dep.admin.patch("/settings", {"public_submissions_per_hour": used + 2}))
        # refused submissions cost nothing: their transaction counted and rolled back
        for _ in range(4):
            assert_error(ask(anon, w, doc, content=""), 422)
        sent = [ask(anon, w, doc, content=f"建议审查第{i}条") for i in range(4)]
        if time.strftime("%Y-%m-%dT%H", time.gmtime()) != hour:
            pytest.skip("the hour turned while the test ran: its counts started again")
        assert [r.status_code for r in sent] == [201, 201, 429, 429]
        err = assert_error(sent[-1], 429)
        assert str(used + 2) in err["message"], err
        assert ok(w.staff.get("/review_requests?channel=online"))["total"] == used + 2
        # staff are not held to it
        rec = w.staff.create("review_requests", {"congress_id": doc["congress_id"], "document_id": doc["id"],
                                                  "name": "李四", "content": "来信", "channel": "letter"})
        assert rec["channel"] == "letter"
    finally:
        ok(dep.admin.patch("/settings", {"public_submissions_per_hour": 5}))


def test_an_answered_request_says_what_was_done_and_when(w, doc):
    rec = w.staff.create("review_requests", {"congress_id": doc["congress_id"], "document_id": doc["id"],
                                              "name": "张三", "content": "来访反映", "channel": "visit"})
    path = f"/review_requests/{rec['id']}"
    err = assert_error(w.staff.patch(path, {"status": "answered"}), 422)
    assert err["field"] == "reply", err
    err = assert_error(w.staff.patch(path, {"status": "answered", "reply": "已函告制定机关纠正"}), 422)
    assert err["field"] == "answered_on", err
    err = assert_error(w.staff.patch(path, {"status": "answered", "reply": "已函告", "answered_on": "2000-01-01"}), 422)
    assert err["field"] == "answered_on", err
    done = ok(w.staff.patch(path, {"status": "answered", "reply": "已函告制定机关纠正", "answered_on": iso(today())}))
    assert done["status"] == "answered"
