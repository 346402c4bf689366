"""The registers' own rules (/work/briefs/registers.md, sections C–E): audit findings'
status, evidence and rectification deadline; the filing review of normative documents
(the filing deadline at the day boundary, the stages a finding allows, the issuer's
answer); budget reviews' coverage and budget execution's progress and lag; each rule on
every path that writes (create, PATCH, import), a refusal naming its field and writing
nothing; deadlines following the congress's settings."""

import datetime

import pytest

from registers_util import (RegWorld, add_months, assert_error, counts, days, flag, import_csv, iso, ok, today,
                            uniq)


@pytest.fixture(scope="module")
def w(dep):
    return RegWorld(dep)


@pytest.fixture
def day0():
    """Today in Beijing; a test that crossed its midnight (16:00 UTC) is not judged."""
    t = today()
    yield t
    if today() != t:
        pytest.skip("the test ran across Beijing's midnight: its deadlines moved under it")


def set_setting(w, key, value):
    ok(w.staff.patch("/settings", {key: value}))


def rows_of(err):
    return {(r["row"], r["field"]) for r in err.get("rows") or []}


def import_refused(w, name, rows, want, tag):
    """An import with bad rows: 422 naming each (row, field) in `want`, nothing written."""
    before = w.staff.total(name, q=tag)
    r = import_csv(w.staff, name, rows)
    err = assert_error(r, 422)
    got = {(x["row"], x["field"]) for x in r.json()["error"].get("rows") or []}
    assert want <= got, f"import of {name}: expected rows {want}, got {r.json()['error']}"
    header = rows[0]
    for x in r.json()["error"]["rows"]:
        # the column is named where the row's cell holds the bad value (an empty one is not)
        assert x["message"] and x.get("column", header[0]) in header, x
    assert w.staff.total(name, q=tag) == before, "a refused import wrote records"
    return err


def report_on_for(due):
    """A report_on whose deadline (+ 6 months, month ends clamped) is `due`, or None."""
    for k in range(170, 200):
        r = days(due, -k)
        if add_months(r, 6) == due:
            return r
    return None


# ---------------------------------------------------------------------------
# audit findings


def finding(w, report_on, tag="", **kw):
    return w.make("audit_findings", report_on, unit_id=w.uid(0), finding=f"专项资金未及时拨付{tag}{uniq()}", **kw)


def finding_body(w, report_on, tag="", **kw):
    return w.body("audit_findings", report_on, unit_id=w.uid(0), finding=f"专项资金未及时拨付{tag}{uniq()}", **kw)


def test_a_finding_is_rectified_with_its_date_and_evidence(w, day0):
    tag = f"销号{uniq()}"
    rep = days(day0, -100)
    bad = [({"status": "rectified", "evidence": "整改报告及拨付凭证"}, "rectified_on"),
           ({"status": "rectified", "rectified_on": iso(days(rep, 10))}, "evidence"),
           ({"status": "rectified", "rectified_on": iso(days(rep, -1)), "evidence": "凭证"}, "rectified_on"),
           ({"status": "rectified", "rectified_on": iso(days(day0, 1)), "evidence": "凭证"}, "rectified_on"),
           ({"status": "tracking", "rectified_on": iso(days(rep, 10))}, "rectified_on"),
           ({"rectified_on": iso(days(rep, 10))}, "rectified_on")]  # tracking by default
    for over, field in bad:
        assert_error(w.staff.post("/audit_findings", finding_body(w, rep, tag, **over)), 422, field)
    assert w.staff.total("audit_findings", q=tag) == 0
    rec = finding(w, rep, tag)
    assert rec["status"] == "tracking" and rec["rectified_on"] is None
    # rectified on the day of the report, and today: both ends allowed
    for on in (rep, day0):
        r = finding(w, rep, tag, status="rectified", rectified_on=iso(on), evidence="县财政局拨付凭证")
        assert (r["status"], r["rectified_on"]) == ("rectified", iso(on))


def test_the_status_rules_hold_on_patch(w, day0):
    rep = days(day0, -100)
    rec = finding(w, rep)
    path = f"/audit_findings/{rec['id']}"
    for body, field in [({"status": "rectified"}, "rectified_on"),
                        ({"status": "rectified", "rectified_on": iso(days(rep, 5))}, "evidence"),
                        ({"rectified_on": iso(days(rep, 5))}, "rectified_on"),
                        ({"status": "rectified", "rectified_on": iso(days(day0, 1)), "evidence": "凭证"},
                         "rectified_on")]:
        assert_error(w.staff.patch(path, body), 422, field)
        assert w.staff.one("audit_findings", rec["id"]) == rec, f"a refused PATCH {body} changed the record"
    done = ok(w.staff.patch(path, {"status": "rectified", "rectified_on": iso(days(rep, 5)),
                                   "measures": "已追回资金并建立拨付台账", "evidence": "县财政局拨付凭证"}))
    assert done["status"] == "rectified"
    # a rectified finding keeps its evidence; reopened, it drops its date first
    assert_error(w.staff.patch(path, {"evidence": None}), 422, "evidence")
    assert_error(w.staff.patch(path, {"status": "tracking"}), 422, "rectified_on")
    again = ok(w.staff.patch(path, {"status": "tracking", "rectified_on": None}))
    assert again["status"] == "tracking" and again["rectified_on"] is None
    # the report's date moved after the rectification is refused too
    ok(w.staff.patch(path, {"status": "rectified", "rectified_on": iso(days(rep, 5)), "evidence": "凭证"}))
    assert_error(w.staff.patch(path, {"report_on": iso(days(rep, 6))}), 422, "rectified_on")


def test_the_status_rules_hold_on_import(w, day0):
    tag = f"导入{uniq()}"
    L = {f: w.label("audit_findings", f) for f in ("finding", "report_on", "audit_year", "unit_id", "status",
                                                   "rectified_on", "evidence")}
    header = [L[f] for f in ("finding", "report_on", "audit_year", "unit_id", "status", "rectified_on", "evidence")]
    rep = iso(days(day0, -100))
    unit = w.units[0]["name"]
    yr = str(days(day0, -100).year - 1)
    good = [f"违规发放津贴补贴{tag}1", rep, yr, unit, "挂号", "", ""]
    rows = [header, good,
            [f"项目超概算{tag}2", rep, yr, unit, "销号", iso(days(day0, -10)), ""],
            [f"专项资金闲置{tag}3", rep, yr, unit, "挂号", iso(days(day0, -10)), ""]]
    import_refused(w, "audit_findings", rows, {(3, "evidence"), (4, "rectified_on")}, tag)
    r = import_csv(w.staff, "audit_findings", [header, good])
    assert r.status_code == 200 and r.json() == {"created": 1}, r.text


def test_the_rectification_report_is_due_six_months_after_the_report(w):
    for rep, due in (("2024-03-15", "2024-09-15"), ("2024-08-31", "2025-02-28"), ("2023-12-31", "2024-06-30")):
        rec = finding(w, datetime.date.fromisoformat(rep))
        assert rec["due_on"] == due, (rep, rec["due_on"])
    # the deadline is the server's: one sent is ignored
    r = w.staff.post("/audit_findings", finding_body(w, datetime.date(2024, 3, 15), due_on="2030-01-01"))
    assert r.status_code in (201, 422), r.text
    if r.status_code == 201:
        assert r.json()["due_on"] == "2024-09-15"
    else:
        assert_error(r, 422, "due_on")


def test_overdue_and_due_soon(w, day0):
    tag = f"期限{uniq()}"
    made = {}
    for off in (-1, 0, 30, 31):
        rep = report_on_for(days(day0, off))
        if rep is not None:
            made[off] = finding(w, rep, tag)
    assert {-1, 0, 31} <= set(made), "no report date falls six months before these days"
    done = finding(w, days(day0, -400), tag, status="rectified", rectified_on=iso(days(day0, -30)),
                   evidence="整改佐证材料")
    for off, rec in made.items():
        assert rec["due_on"] == iso(days(day0, off))
        got = w.staff.one("audit_findings", rec["id"])
        assert (flag(got["overdue"]), flag(got["due_soon"])) == (off < 0, 0 <= off <= 30), (off, got)
    assert (flag(done["overdue"]), flag(done["due_soon"])) == (False, False), done
    ids = {off: r["id"] for off, r in made.items()}
    over = {x["id"] for x in w.staff.all("audit_findings", q=tag, overdue="true")}
    assert over == {ids[-1]}, over
    soon = {x["id"] for x in w.staff.all("audit_findings", q=tag, due_soon="true")}
    assert soon == {ids[o] for o in (0, 30) if o in ids}, soon
    not_over = {x["id"] for x in w.staff.all("audit_findings", q=tag, overdue="false")}
    assert not_over == set(ids.values()) - {ids[-1]} | {done["id"]}
    # the board's lights: their totals
    c = counts(w.staff, "audit_findings", by="year", q=tag, overdue="true")
    assert sum(i["count"] for i in c.values()) == 1, c
    c = counts(w.staff, "audit_findings", by="status", q=tag)
    assert (c["tracking"]["count"], c["rectified"]["count"]) == (len(made), 1), c
    assert c["tracking"]["label_zh"] == "挂号" and c["rectified"]["label_zh"] == "销号", c


def test_the_settings_move_the_deadlines_of_records_written_after(w, day0):
    rep = datetime.date(2024, 3, 15)
    before = finding(w, rep)
    assert before["due_on"] == "2024-09-15"
    try:
        set_setting(w, "audit_rectification_months", 3)
        after = finding(w, rep)
        assert after["due_on"] == "2024-06-15", after
        assert w.staff.one("audit_findings", before["id"])["due_on"] == "2024-09-15"
    finally:
        set_setting(w, "audit_rectification_months", 6)
    # the due-soon window too: 20 days ahead is due soon in a 30-day window, not in a 10-day one
    near = report_on_for(days(day0, 20))
    assert near is not None
    rec = finding(w, near)
    assert flag(w.staff.one("audit_findings", rec["id"])["due_soon"]) is True
    try:
        set_setting(w, "register_due_soon_days", 10)
        later = finding(w, near)
        assert flag(w.staff.one("audit_findings", later["id"])["due_soon"]) is False
        ten = finding(w, report_on_for(days(day0, 10)) or near)
        assert flag(ten["due_soon"]) is (ten["due_on"] == iso(days(day0, 10)))
    finally:
        set_setting(w, "register_due_soon_days", 30)
    assert_error(w.staff.patch("/settings", {"audit_rectification_months": 25}), 422, "audit_rectification_months")
    assert_error(w.staff.patch("/settings", {"register_due_soon_days": 0}), 422, "register_due_soon_days")


# ---------------------------------------------------------------------------
# normative documents


def doc(w, published, tag="", **kw):
    return w.make("normative_documents", published, issuer_id=w.uid(0),
                  title=f"常山县农村宅基地管理办法{tag}{uniq()}", **kw)


def doc_body(w, published, tag="", **kw):
    return w.body("normative_documents", published, issuer_id=w.uid(0),
                  title=f"常山县农村宅基地管理办法{tag}{uniq()}", **kw)


def test_the_filing_deadline_at_the_day_boundary(w):
    d = datetime.date(2024, 3, 1)
    on_time = doc(w, d, filed_on=iso(days(d, 30)))
    assert on_time["filing_due"] == "2024-03-31" and flag(on_time["filed_late"]) is False, on_time
    late = doc(w, d, filed_on=iso(days(d, 31)))
    assert flag(late["filed_late"]) is True, late
    assert_error(w.staff.post("/normative_documents", doc_body(w, d, filed_on=iso(days(d, -1)))), 422, "filed_on")
    assert_error(w.staff.patch(f"/normative_documents/{on_time['id']}", {"filed_on": iso(days(d, -1))}), 422,
                 "filed_on")
    # filed late later: the flag follows
    r = ok(w.staff.patch(f"/normative_documents/{on_time['id']}", {"filed_on": iso(days(d, 31))}))
    assert flag(r["filed_late"]) is True


def test_not_filed_is_late_from_the_day_after_the_deadline(w, day0):
    tag = f"未报备{uniq()}"
    due_today = doc(w, days(day0, -30), tag)
    due_yesterday = doc(w, days(day0, -31), tag)
    assert due_today["filing_due"] == iso(day0)
    assert flag(w.staff.one("normative_documents", due_today["id"])["filed_late"]) is False
    assert flag(w.staff.one("normative_documents", due_yesterday["id"])["filed_late"]) is True
    late = {x["id"] for x in w.staff.all("normative_documents", q=tag, filed_late="true")}
    assert late == {due_yesterday["id"]}, late
    assert {x["id"] for x in w.staff.all("normative_documents", q=tag, filed_late="false")} == {due_today["id"]}


def test_the_filing_days_setting(w):
    d = datetime.date(2024, 3, 1)
    old = doc(w, d)
    try:
        set_setting(w, "filing_days", 15)
        new = doc(w, d, filed_on=iso(days(d, 16)))
        assert new["filing_due"] == "2024-03-16" and flag(new["filed_late"]) is True, new
        assert w.staff.one("normative_documents", old["id"])["filing_due"] == "2024-03-31"
    finally:
        set_setting(w, "filing_days", 30)
    assert_error(w.staff.patch("/settings", {"filing_days": 366}), 422, "filing_days")


def test_the_stages_a_finding_allows(w, day0):
    tag = f"审查{uniq()}"
    d = days(day0, -120)
    sent = iso(days(d, 60))
    bad = [({"finding": "lawful", "stage": "negotiation"}, ("stage",)),
           ({"finding": "lawful", "stage": "corrected", "opinion_sent_on": sent}, ("stage", "finding")),
           ({"stage": "review_opinion", "opinion_sent_on": sent}, ("finding",)),
           ({"stage": "annulled", "opinion_sent_on": sent, "annul_meeting_id": w.session["id"]}, ("finding",)),
           ({"finding": "unlawful", "stage": "review_opinion"}, ("opinion_sent_on",)),
           ({"finding": "inappropriate", "stage": "annulled"}, ("opinion_sent_on", "annul_meeting_id")),
           ({"finding": "unlawful", "stage": "annulled", "opinion_sent_on": sent}, ("annul_meeting_id",)),
           ({"finding": "unlawful", "stage": "annulled", "opinion_sent_on": sent,
             "annul_meeting_id": w.chairs["id"]}, ("annul_meeting_id",)),
           ({"finding": "unlawful", "stage": "review_opinion", "opinion_sent_on": sent,
             "answered_on": iso(days(d, 59))}, ("answered_on",))]
    for over, field in bad:
        assert_error(w.staff.post("/normative_documents", doc_body(w, d, tag, **over)), 422, field)
    assert w.staff.total("normative_documents", q=tag) == 0
    # allowed: a finding written before the stage moves, and each stage with what it needs
    for over in ({"finding": "lawful"}, {"finding": "lawful", "stage": "reviewing"},
                 {"finding": "inappropriate", "stage": "filed"}, {"finding": "unlawful", "stage": "negotiation"},
                 {"finding": "unlawful", "stage": "review_opinion", "opinion_sent_on": sent},
                 {"finding": "inappropriate", "stage": "corrected", "opinion_sent_on": sent},
                 {"finding": "unlawful", "stage": "annulled", "opinion_sent_on": sent,
                  "annul_meeting_id": w.session["id"]},
                 {"finding": "lawful", "stage": "closed"}):
        rec = doc(w, d, tag, **over)
        assert {k: rec[k] for k in over} == over, rec
    new = doc(w, d, tag)
    assert (new["stage"], new["finding"]) == ("filed", None)


def test_the_stage_rules_hold_on_patch(w, day0):
    d = days(day0, -120)
    rec = doc(w, d, finding="unlawful", stage="reviewing")
    path = f"/normative_documents/{rec['id']}"
    for body, field in [({"stage": "review_opinion"}, "opinion_sent_on"),
                        ({"finding": "lawful", "stage": "negotiation"}, "stage"),
                        ({"finding": None, "stage": "review_opinion", "opinion_sent_on": iso(days(d, 60))},
                         "finding"),
                        ({"finding": None, "stage": "corrected"}, "finding")]:
        assert_error(w.staff.patch(path, body), 422, field)
        assert w.staff.one("normative_documents", rec["id"]) == rec, f"a refused PATCH {body} changed it"
    # corrected after talks with the issuer: no written opinion needed
    talks = ok(w.staff.patch(path, {"stage": "negotiation"}))
    assert talks["stage"] == "negotiation"
    done = ok(w.staff.patch(path, {"stage": "corrected"}))
    assert done["stage"] == "corrected" and done["opinion_sent_on"] is None
    assert_error(w.staff.patch(path, {"finding": "lawful"}), 422, "stage")


def test_the_stage_rules_hold_on_import(w, day0):
    tag = f"导入{uniq()}"
    fields = ("title", "issuer_id", "published_on", "finding", "stage", "opinion_sent_on")
    header = [w.label("normative_documents", f) for f in fields]
    issuer = w.units[0]["name"]
    pub = iso(days(day0, -90))
    rows = [header,
            [f"关于加强城区停车管理的通知{tag}1", issuer, pub, "", "已备案", ""],
            [f"关于规范村级财务管理的意见{tag}2", issuer, pub, "合法", "沟通协商", ""],
            [f"关于调整征地补偿标准的通知{tag}3", issuer, pub, "违法", "书面审查意见", ""]]
    import_refused(w, "normative_documents", rows, {(3, "stage"), (4, "opinion_sent_on")}, tag)


def test_the_issuers_answer_is_due_two_months_after_the_opinion(w, day0):
    tag = f"答复{uniq()}"
    d = days(day0, -200)

    def sent_for(due):
        for k in range(55, 65):
            s = days(due, -k)
            if add_months(s, 2) == due:
                return s
        return None

    made = {}
    for off in (-1, 0):
        s = sent_for(days(day0, off))
        if s is not None:
            made[off] = doc(w, d, tag, finding="unlawful", stage="review_opinion", opinion_sent_on=iso(s))
    assert -1 in made, "no day two months before yesterday"
    for off, rec in made.items():
        assert rec["answer_due"] == iso(days(day0, off)), rec
        assert flag(w.staff.one("normative_documents", rec["id"])["answer_overdue"]) is (off < 0)
    early = datetime.date(2024, 6, 3)
    assert doc(w, early, finding="unlawful", stage="review_opinion",
               opinion_sent_on="2024-08-31")["answer_due"] == "2024-10-31"
    assert doc(w, early, finding="unlawful", stage="review_opinion",
               opinion_sent_on="2024-12-31")["answer_due"] == "2025-02-28"
    got = {x["id"] for x in w.staff.all("normative_documents", q=tag, answer_overdue="true")}
    assert got == {made[-1]["id"]}, got
    # answered: no longer overdue
    r = ok(w.staff.patch(f"/normative_documents/{made[-1]['id']}", {"answered_on": iso(day0)}))
    assert flag(r["answer_overdue"]) is False
    assert w.staff.total("normative_documents", q=tag, answer_overdue="true") == 0
    try:
        set_setting(w, "filing_answer_months", 3)
        rec = doc(w, early, finding="unlawful", stage="review_opinion", opinion_sent_on="2024-08-31")
        assert rec["answer_due"] == "2024-11-30", rec
    finally:
        set_setting(w, "filing_answer_months", 2)


# ---------------------------------------------------------------------------
# budget reviews


def test_the_bodies_covered_are_at_most_the_bodies_to_review(w):
    tag = f"覆盖{uniq()}"
    body = w.body("budget_reviews", title=f"2025年县级预算草案审查{tag}", kind="budget", bodies_total=12,
                  bodies_covered=13)
    assert_error(w.staff.post("/budget_reviews", body), 422, "bodies_covered")
    full = w.make("budget_reviews", title=f"2024年决算审查{tag}", kind="final_accounts", bodies_total=12,
                  bodies_covered=12)
    assert full["coverage"] == "100%", full
    part = w.make("budget_reviews", title=f"2024年预算调整方案审查{tag}", kind="adjustment", bodies_total=12,
                  bodies_covered=9)
    assert part["coverage"] == "75%", part
    assert_error(w.staff.patch(f"/budget_reviews/{part['id']}", {"bodies_total": 8}), 422, "bodies_covered")
    assert_error(w.staff.patch(f"/budget_reviews/{part['id']}", {"bodies_covered": 13}), 422, "bodies_covered")
    assert w.staff.one("budget_reviews", part["id"])["coverage"] == "75%"
    header = [w.label("budget_reviews", f) for f in ("title", "reviewed_on", "fiscal_year", "bodies_total",
                                                      "bodies_covered")]
    rows = [header, [f"预算执行情况审查{tag}1", "2024-06-20", "2024", "14", "14"],
            [f"预算执行情况审查{tag}2", "2024-06-21", "2024", "14", "15"]]
    import_refused(w, "budget_reviews", rows, {(3, "bodies_covered")}, tag)


def test_a_budget_received_too_late_before_its_session(w):
    m = datetime.date.fromisoformat(w.session["starts_on"])
    in_time = w.make("budget_reviews", m, meeting_id=w.session["id"], received_on=iso(days(m, -30)))
    late = w.make("budget_reviews", m, meeting_id=w.session["id"], received_on=iso(days(m, -29)))
    assert flag(in_time["received_late"]) is False, in_time
    assert flag(late["received_late"]) is True, late


# ---------------------------------------------------------------------------
# budget execution


def line(w, as_of, budgeted, spent, unit=0, **kw):
    return w.make("budget_execution", as_of, unit_id=w.uid(unit), item=f"义务教育经费{uniq()}", budgeted=budgeted,
                  spent=spent, **kw)


def test_execution_rate_time_progress_and_lag(w):
    as_of = datetime.date(2021, 5, 26)  # day 146 of 365: 400‰ of the year
    tag_unit = w.f.unit(w.cid, f"常山县卫生健康局{uniq()}")
    behind = w.make("budget_execution", as_of, unit_id=tag_unit["id"], item=f"公共卫生服务{uniq()}",
                    budgeted="1000.00", spent="299.00")
    level = w.make("budget_execution", as_of, unit_id=tag_unit["id"], item=f"医疗救助{uniq()}",
                   budgeted="1000.00", spent="300.00")
    # (a line with no budget: its rate is 0; whether it "lags" the contract leaves to its formula)
    none = w.make("budget_execution", as_of, unit_id=w.uid(1), item=f"预备费{uniq()}", budgeted="0.00",
                  spent="0.00")
    assert (behind["time_progress"], behind["execution_rate"], flag(behind["lagging"])) == (400, 299, True)
    assert (level["execution_rate"], flag(level["lagging"])) == (300, False)
    assert none["execution_rate"] == 0
    year_end = w.make("budget_execution", datetime.date(2021, 12, 31), unit_id=tag_unit["id"],
                      item=f"公共卫生服务{uniq()}", budgeted="200.00", spent="50.00")
    assert (year_end["time_progress"], year_end["execution_rate"]) == (1000, 250)
    leap = w.make("budget_execution", datetime.date(2024, 12, 31), unit_id=tag_unit["id"], item=f"闰年{uniq()}",
                  budgeted="100.00", spent="100.00")
    assert (leap["time_progress"], leap["execution_rate"], flag(leap["lagging"])) == (1000, 1000, False)
    got = {x["id"] for x in w.staff.all("budget_execution", unit_id=tag_unit["id"], lagging="true")}
    assert got == {behind["id"], year_end["id"]}, got
    # the rate follows the spending
    r = ok(w.staff.patch(f"/budget_execution/{behind['id']}", {"spent": "500.00"}))
    assert (r["execution_rate"], flag(r["lagging"])) == (500, False)
    try:
        set_setting(w, "budget_lag_permille", 50)
        r = w.make("budget_execution", as_of, unit_id=tag_unit["id"], item=f"医疗救助{uniq()}",
                   budgeted="1000.00", spent="300.00")
        assert flag(r["lagging"]) is True, "a line written after budget_lag_permille changed does not follow it"
    finally:
        set_setting(w, "budget_lag_permille", 100)
    assert_error(w.staff.post("/budget_execution", w.body("budget_execution", as_of, unit_id=w.uid(0),
                                                          budgeted="-1.00", spent="0.00")), 422, "budgeted")


def month_rows(w, as_of, unit_names, spent):
    fields = ("unit_id", "item", "as_of", "budgeted", "spent")
    header = [w.label("budget_execution", f) for f in fields]
    items = ["义务教育经费", "农村公路养护", "城乡居民医保补助"]
    return [header] + [[u, it, iso(as_of), "100.00", s] for u, it, s in zip(unit_names, items, spent)]


def test_a_months_table_imported_again_updates_its_lines(w):
    unit = w.f.unit(w.cid, f"常山县财政局{uniq()}")
    names = [unit["name"]] * 3
    as_of = datetime.date(2021, 3, 31)
    r = import_csv(w.staff, "budget_execution", month_rows(w, as_of, names, ["10.00", "20.00", "30.00"]))
    assert r.status_code == 200 and r.json() == {"created": 3}, r.text
    got = w.staff.all("budget_execution", unit_id=unit["id"])
    assert sorted(x["spent"] for x in got) == ["10.00", "20.00", "30.00"]
    r = import_csv(w.staff, "budget_execution", month_rows(w, as_of, names, ["15.00", "25.00", "35.00"]),
                   mode="upsert")
    assert r.status_code == 200 and r.json() == {"created": 0, "updated": 3}, r.text
    again = w.staff.all("budget_execution", unit_id=unit["id"])
    assert [x["id"] for x in again] == [x["id"] for x in got], "the same month's lines were duplicated"
    assert sorted(x["spent"] for x in again) == ["15.00", "25.00", "35.00"]
    # the next month's table adds its own lines
    r = import_csv(w.staff, "budget_execution", month_rows(w, datetime.date(2021, 4, 30), names,
                                                           ["20.00", "30.00", "40.00"]), mode="upsert")
    assert r.status_code == 200 and r.json() == {"created": 3, "updated": 0}, r.text
    assert w.staff.total("budget_execution", unit_id=unit["id"]) == 6


def test_an_import_with_a_bad_row_names_it_and_writes_nothing(w):
    unit = w.f.unit(w.cid, f"常山县农业农村局{uniq()}")
    rows = month_rows(w, datetime.date(2021, 6, 30), [unit["name"], "没有这个单位", unit["name"]],
                      ["10.00", "20.00", "-5.00"])
    r = import_csv(w.staff, "budget_execution", rows)
    err = assert_error(r, 422)
    got = {(x["row"], x["field"]): x for x in err.get("rows") or []}
    assert {(3, "unit_id"), (4, "spent")} <= set(got), err
    assert got[(3, "unit_id")]["column"] == w.label("budget_execution", "unit_id")
    assert (2, "unit_id") not in got and (2, "spent") not in got
    assert w.staff.total("budget_execution", unit_id=unit["id"]) == 0, "a refused import wrote its good rows"
