"""The demo's registers (`renda init --demo`; /work/briefs/registers.md section F): the
16th term's (2016-12-27 → 2021-12-26) figures of the seed, read the way the office reads
them — from the registers' lists and GET /api/v1/<register>/counts — and the current
term's few recent records, among them the ones the status boards light up."""

import pytest

from conftest import Deployment, cli

TERM16 = ("2016-12-27", "2021-12-26")
CITY_OR_ABOVE = "national,provincial,city"


@pytest.fixture(scope="module")
def demo(dbs, backend):
    db = dbs.new(backend, "demoregs")
    p = cli("init", "--db", db, "--demo", timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    d = Deployment(backend, db, "demoregs")
    d.add_user("demo_reg_admin", "admin", password=Deployment.ADMIN_PW)
    d.server.start()
    a = d.token_client("demo_reg_admin")
    county = [c for c in a.all("congresses") if c["name"] == "常山县人民代表大会"]
    assert len(county) == 1
    d.cid = cid = county[0]["id"]
    d.add_user("demo_reg_office", "staff", congress=str(cid))
    d.staff = d.token_client("demo_reg_office")
    d.terms = {t["number"]: t for t in d.staff.all("terms", congress_id=cid)}
    d.t16 = d.terms[16]["id"]
    d.current = max(d.terms.values(), key=lambda t: t["number"])["id"]
    yield d
    d.stop()


def total(d, name, **params):
    return d.staff.total(name, congress_id=d.cid, **params)


def in16(d, name, **params):
    return total(d, name, term_id=d.t16, **params)


def counts(d, name, by, **params):
    r = d.staff.get(f"/{name}/counts", params=dict(params, by=by, congress_id=d.cid))
    assert r.status_code == 200, r.text
    return {str(i["value"]): i["count"] for i in r.json()["items"]}


@pytest.mark.parametrize("name,n", [("inspections", 99), ("research", 50), ("enforcement_checks", 14),
                                    ("inquiries", 3), ("investigations", 1), ("evaluations", 10),
                                    ("audit_findings", 310), ("normative_documents", 76)])
def test_the_16th_terms_figures(demo, name, n):
    assert in16(demo, name) == n


def test_fourteen_laws_were_checked(demo):
    laws = {x["law"] for x in demo.staff.all("enforcement_checks", congress_id=demo.cid, term_id=demo.t16)}
    assert len(laws) == 14, laws


def test_the_investigation_was_of_state_owned_assets(demo):
    [inv] = demo.staff.all("investigations", congress_id=demo.cid, term_id=demo.t16)
    assert "国有资产" in inv["subject"], inv["subject"]


def test_ten_departments_evaluated_each_with_its_closed_poll(demo):
    evs = demo.staff.all("evaluations", congress_id=demo.cid, term_id=demo.t16)
    assert len({x["unit_id"] for x in evs}) == 10
    for e in evs:
        rec = demo.staff.one("evaluations", e["id"])
        assert [p["state"] for p in rec["polls"]] == ["closed"], (e["subject"], rec["polls"])
        assert rec["result"] in ("satisfied", "basically_satisfied", "dissatisfied"), rec["result"]


def test_audit_findings_rectified_and_tracking(demo):
    c = counts(demo, "audit_findings", "status", term_id=demo.t16)
    assert (c.get("rectified"), c.get("tracking")) == (281, 29), c
    # every rectified finding has its date and its evidence
    for x in demo.staff.all("audit_findings", congress_id=demo.cid, term_id=demo.t16, status="rectified"):
        assert x["rectified_on"] and x["evidence"], x


def test_budget_reviews_every_year(demo):
    """The budget, its adjustment, the final accounts and the execution report: each once a
    year of the term (the next year's budget may be heard in the December before it)."""
    c = counts(demo, "budget_reviews", "year", term_id=demo.t16)
    assert all(c.get(str(y), 0) >= 4 for y in range(2017, 2022)), c
    kinds = counts(demo, "budget_reviews", "kind", term_id=demo.t16)
    assert all(kinds.get(k, 0) >= 5 for k in ("budget", "adjustment", "final_accounts", "execution")), kinds
    for x in demo.staff.all("budget_reviews", congress_id=demo.cid, term_id=demo.t16):
        if x.get("bodies_total"):
            assert x["bodies_covered"] <= x["bodies_total"] and x["coverage"].endswith("%"), x


def test_budget_execution_2021_monthly(demo):
    lines = demo.staff.all("budget_execution", congress_id=demo.cid, year=2021)
    months = {}
    for x in lines:
        months.setdefault(x["as_of"][:7], []).append(x)
    assert sorted(months) == [f"2021-{m:02d}" for m in range(1, 13)], sorted(months)
    assert all(10 <= len(v) <= 20 for v in months.values()), {k: len(v) for k, v in months.items()}
    assert total(demo, "budget_execution", year=2021, lagging="true") >= 1


def test_the_property_title_indicator(demo):
    [ind] = [x for x in demo.staff.all("indicators", congress_id=demo.cid) if "国有房地产确权率" in x["name"]]
    vals = demo.staff.all("indicator_values", indicator_id=ind["id"], sort="measured_on",
                          measured_on_from=TERM16[0], measured_on_to=TERM16[1])
    assert len(vals) >= 5, vals
    assert (float(vals[0]["value"]), float(vals[-1]["value"])) == (12.0, 90.0), [v["value"] for v in vals]
    assert [v["measured_on"] for v in vals] == sorted(v["measured_on"] for v in vals)


def test_articles_at_city_level_or_above_and_deputies_featured(demo):
    assert in16(demo, "articles", outlet_level=CITY_OR_ABOVE) >= 800
    c = counts(demo, "articles", "deputy_ids", term_id=demo.t16)
    assert sum(c.values()) >= 450, sum(c.values())


def test_trainings_cover_every_township(demo):
    townships = {u["id"] for u in demo.staff.all("units", congress_id=demo.cid, kind="township")}
    assert townships
    covered = set()
    for t in demo.staff.all("trainings", congress_id=demo.cid, term_id=demo.t16):
        covered |= set(t["unit_ids"])
    assert townships <= covered, townships - covered


def test_regulations_revised_32_times_in_the_term(demo):
    n = sum(demo.staff.total("regulation_revisions", regulation_id=r["id"], revised_on_from=TERM16[0],
                             revised_on_to=TERM16[1])
            for r in demo.staff.all("regulations", congress_id=demo.cid))
    assert n == 32, n


def test_party_reports(demo):
    c = counts(demo, "party_reports", "kind", term_id=demo.t16)
    assert (c.get("report"), c.get("request")) == (5, 23), c


def test_events(demo):
    c = counts(demo, "events", "kind", term_id=demo.t16)
    assert c.get("joint_meeting") == 2, c
    campaigns = demo.staff.all("events", congress_id=demo.cid, term_id=demo.t16, kind="campaign")
    assert any(max(x.get("deputies_count") or 0, len(x.get("deputy_ids") or [])) >= 200 for x in campaigns), \
        [(x["title"], x.get("deputies_count"), len(x.get("deputy_ids") or [])) for x in campaigns]


def test_the_current_term_lights_the_boards(demo):
    cur = {"term_id": demo.current}
    assert total(demo, "audit_findings", status="tracking", due_soon="true", **cur) >= 1
    assert total(demo, "audit_findings", status="tracking", overdue="true", **cur) >= 1
    assert total(demo, "normative_documents", filed_late="true", **cur) >= 1
    waiting = [x for x in demo.staff.all("normative_documents", congress_id=demo.cid, stage="review_opinion", **cur)
               if not x["answered_on"]]
    assert waiting, "no document of the current term waits for its issuer's answer"
    for name in ("inspections", "research", "enforcement_checks", "evaluations", "audit_findings",
                 "normative_documents", "budget_reviews", "articles", "trainings", "party_reports", "events"):
        assert total(demo, name, **cur) >= 1, f"the current term has no {name}"
