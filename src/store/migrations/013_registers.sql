-- 013_registers: the supervision and office registers (issue 13, docs/registers.md).
-- Each is a collection of the generic engine (src/domain/collection/registers/
-- supervision.c, filing.c, budget.c, office.c): a table here, a field table there,
-- its rules in the collection's hooks. Dates are 'YYYY-MM-DD' text, decimals
-- integers in hundredths (FT_DECIMAL scale 2), flags 0/1. The server's own columns
-- (due_on, filing_due, answer_due, execution_rate, time_progress, …) are written by
-- the collection's prepare hook on every write path. Participants and units are link
-- tables <singular>_deputies, _members, _units; a table refers only to tables made
-- before it (store_copy copies in creation order).

-- 1 代表视察
CREATE TABLE inspections (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    subject TEXT NOT NULL,
    kind TEXT CHECK (kind IN ('collective','thematic','individual')),
    held_on TEXT,
    ends_on TEXT,
    places TEXT,
    committee_id BIGINT REFERENCES committees(id),
    findings TEXT,
    opinions TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX inspections_date ON inspections(congress_id, held_on);
CREATE TABLE inspection_deputies (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (inspection_id, deputy_id)
);
CREATE INDEX inspection_deputies_deputy ON inspection_deputies(deputy_id);
CREATE TABLE inspection_members (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (inspection_id, member_id)
);
CREATE INDEX inspection_members_member ON inspection_members(member_id);
CREATE TABLE inspection_units (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (inspection_id, unit_id)
);
CREATE INDEX inspection_units_unit ON inspection_units(unit_id);

-- 2 专题调研
CREATE TABLE research (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    subject TEXT NOT NULL,
    started_on TEXT,
    ends_on TEXT,
    committee_id BIGINT REFERENCES committees(id),
    report TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX research_date ON research(congress_id, started_on);
CREATE TABLE research_deputies (
    research_id BIGINT NOT NULL REFERENCES research(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (research_id, deputy_id)
);
CREATE INDEX research_deputies_deputy ON research_deputies(deputy_id);
CREATE TABLE research_members (
    research_id BIGINT NOT NULL REFERENCES research(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (research_id, member_id)
);
CREATE INDEX research_members_member ON research_members(member_id);
CREATE TABLE research_units (
    research_id BIGINT NOT NULL REFERENCES research(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (research_id, unit_id)
);
CREATE INDEX research_units_unit ON research_units(unit_id);

-- 3 执法检查
CREATE TABLE enforcement_checks (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    law TEXT NOT NULL,
    started_on TEXT,
    ends_on TEXT,
    committee_id BIGINT REFERENCES committees(id),
    findings TEXT,
    report TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    opinions TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX enforcement_checks_date ON enforcement_checks(congress_id, started_on);
CREATE TABLE enforcement_check_deputies (
    enforcement_check_id BIGINT NOT NULL REFERENCES enforcement_checks(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (enforcement_check_id, deputy_id)
);
CREATE INDEX enforcement_check_deputies_deputy ON enforcement_check_deputies(deputy_id);
CREATE TABLE enforcement_check_members (
    enforcement_check_id BIGINT NOT NULL REFERENCES enforcement_checks(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (enforcement_check_id, member_id)
);
CREATE INDEX enforcement_check_members_member ON enforcement_check_members(member_id);
CREATE TABLE enforcement_check_units (
    enforcement_check_id BIGINT NOT NULL REFERENCES enforcement_checks(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (enforcement_check_id, unit_id)
);
CREATE INDEX enforcement_check_units_unit ON enforcement_check_units(unit_id);

-- 4 专题询问: held at a committee session
CREATE TABLE inquiries (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    subject TEXT NOT NULL,
    held_on TEXT,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    questions TEXT,
    answered_by TEXT,
    follow_up TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX inquiries_date ON inquiries(congress_id, held_on);
CREATE TABLE inquiry_members (
    inquiry_id BIGINT NOT NULL REFERENCES inquiries(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (inquiry_id, member_id)
);
CREATE INDEX inquiry_members_member ON inquiry_members(member_id);
CREATE TABLE inquiry_units (
    inquiry_id BIGINT NOT NULL REFERENCES inquiries(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (inquiry_id, unit_id)
);
CREATE INDEX inquiry_units_unit ON inquiry_units(unit_id);

-- 5 特定问题调查
CREATE TABLE investigations (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    subject TEXT NOT NULL,
    started_on TEXT,
    ends_on TEXT,
    committee_formed TEXT,
    findings TEXT,
    decision TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    resolution_id BIGINT REFERENCES resolutions(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX investigations_date ON investigations(congress_id, started_on);
CREATE TABLE investigation_deputies (
    investigation_id BIGINT NOT NULL REFERENCES investigations(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (investigation_id, deputy_id)
);
CREATE INDEX investigation_deputies_deputy ON investigation_deputies(deputy_id);
CREATE TABLE investigation_members (
    investigation_id BIGINT NOT NULL REFERENCES investigations(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (investigation_id, member_id)
);
CREATE INDEX investigation_members_member ON investigation_members(member_id);
CREATE TABLE investigation_units (
    investigation_id BIGINT NOT NULL REFERENCES investigations(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (investigation_id, unit_id)
);
CREATE INDEX investigation_units_unit ON investigation_units(unit_id);

-- 6 工作评议 of one unit (its satisfaction polls are vote events naming the record:
-- 014_register_links)
CREATE TABLE evaluations (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    subject TEXT NOT NULL,
    started_on TEXT,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    opinions TEXT,
    result TEXT CHECK (result IN ('satisfied','basically_satisfied','dissatisfied')),
    rectification TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX evaluations_date ON evaluations(congress_id, started_on);
CREATE INDEX evaluations_unit ON evaluations(unit_id);
CREATE TABLE evaluation_deputies (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (evaluation_id, deputy_id)
);
CREATE INDEX evaluation_deputies_deputy ON evaluation_deputies(deputy_id);
CREATE TABLE evaluation_members (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (evaluation_id, member_id)
);
CREATE INDEX evaluation_members_member ON evaluation_members(member_id);

-- 7 审计查出问题: a register, not a case kind (docs/registers.md). due_on is report_on
-- plus audit_rectification_months, due_soon_on due_on less register_due_soon_days,
-- both fixed when the finding is written.
CREATE TABLE audit_findings (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    finding TEXT NOT NULL,
    audit_year INTEGER NOT NULL,
    report_title TEXT,
    report_on TEXT,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    category TEXT CHECK (category IN ('budget','special_funds','state_assets','projects',
        'other')),
    amount BIGINT,
    due_on TEXT,
    due_soon_on TEXT,
    status TEXT NOT NULL DEFAULT 'tracking' CHECK (status IN ('tracking','rectified')),
    rectified_on TEXT,
    measures TEXT,
    evidence TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX audit_findings_date ON audit_findings(congress_id, report_on);
CREATE INDEX audit_findings_due ON audit_findings(congress_id, status, due_on);
CREATE INDEX audit_findings_unit ON audit_findings(unit_id);

-- 8 规范性文件备案审查. filing_due is published_on plus filing_days, answer_due
-- opinion_sent_on plus filing_answer_months, fixed when the document is written.
CREATE TABLE normative_documents (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    title TEXT NOT NULL,
    issuer_id BIGINT NOT NULL REFERENCES units(id),
    document_number TEXT,
    published_on TEXT NOT NULL,
    filed_on TEXT,
    filing_due TEXT,
    review_mode TEXT CHECK (review_mode IN ('on_request','active','special','transferred',
        'joint')),
    finding TEXT CHECK (finding IN ('lawful','unlawful','inappropriate')),
    stage TEXT NOT NULL DEFAULT 'filed' CHECK (stage IN ('filed','reviewing','negotiation',
        'review_opinion','corrected','annulled','closed')),
    opinion_sent_on TEXT,
    answer_due TEXT,
    answered_on TEXT,
    annul_meeting_id BIGINT REFERENCES meetings(id),
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX normative_documents_date ON normative_documents(congress_id, published_on);
CREATE INDEX normative_documents_issuer ON normative_documents(issuer_id);

-- 审查建议: a request that a document be reviewed, from the public pages or by letter
CREATE TABLE review_requests (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    document_id BIGINT NOT NULL REFERENCES normative_documents(id),
    received_on TEXT,
    name TEXT NOT NULL,
    organization TEXT,
    contact TEXT,
    content TEXT NOT NULL,
    channel TEXT CHECK (channel IN ('online','letter','visit')),
    status TEXT NOT NULL DEFAULT 'received'
        CHECK (status IN ('received','accepted','declined','answered')),
    reply TEXT,
    answered_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX review_requests_document ON review_requests(document_id);

-- 9 预算审查监督
CREATE TABLE budget_reviews (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    title TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    kind TEXT CHECK (kind IN ('budget','adjustment','final_accounts','execution','audit')),
    received_on TEXT,
    reviewed_on TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    bodies_total INTEGER,
    bodies_covered INTEGER,
    opinions TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX budget_reviews_date ON budget_reviews(congress_id, reviewed_on);
CREATE TABLE budget_review_units (
    budget_review_id BIGINT NOT NULL REFERENCES budget_reviews(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (budget_review_id, unit_id)
);
CREATE INDEX budget_review_units_unit ON budget_review_units(unit_id);

-- 10 预算执行联网监督: one line of the finance bureau's monthly table. A month's table
-- imported again updates its lines (the natural key). Rates in per mille.
CREATE TABLE budget_execution (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    item TEXT NOT NULL,
    as_of TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    budgeted BIGINT,
    spent BIGINT,
    execution_rate INTEGER,
    time_progress INTEGER,
    lagging INTEGER NOT NULL DEFAULT 0 CHECK (lagging IN (0,1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, as_of, unit_id, item)
);
CREATE INDEX budget_execution_unit ON budget_execution(unit_id, as_of);

-- 11 监督指标 and their values over time
CREATE TABLE indicators (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    name TEXT NOT NULL,
    unit_of_measure TEXT,
    description TEXT,
    baseline BIGINT,
    target BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE indicator_values (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    measured_on TEXT NOT NULL,
    value BIGINT,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (indicator_id, measured_on)
);

-- 12 宣传稿件
CREATE TABLE articles (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    title TEXT NOT NULL,
    published_on TEXT,
    outlet TEXT,
    outlet_level TEXT CHECK (outlet_level IN ('national','provincial','city','county')),
    column_name TEXT,
    author TEXT,
    url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX articles_date ON articles(congress_id, published_on);
CREATE TABLE article_deputies (
    article_id BIGINT NOT NULL REFERENCES articles(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (article_id, deputy_id)
);
CREATE INDEX article_deputies_deputy ON article_deputies(deputy_id);

-- 13 培训
CREATE TABLE trainings (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    subject TEXT NOT NULL,
    held_on TEXT,
    ends_on TEXT,
    audience TEXT CHECK (audience IN ('deputies','township_staff','members','staff')),
    place TEXT,
    organizer TEXT,
    attendees INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX trainings_date ON trainings(congress_id, held_on);
CREATE TABLE training_units (
    training_id BIGINT NOT NULL REFERENCES trainings(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (training_id, unit_id)
);
CREATE INDEX training_units_unit ON training_units(unit_id);
CREATE TABLE training_deputies (
    training_id BIGINT NOT NULL REFERENCES trainings(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (training_id, deputy_id)
);
CREATE INDEX training_deputies_deputy ON training_deputies(deputy_id);

-- 14 规章制度 and their revisions
CREATE TABLE regulations (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    title TEXT NOT NULL,
    adopted_on TEXT,
    number TEXT,
    status TEXT CHECK (status IN ('in_force','revised','repealed')),
    body TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE regulation_revisions (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    regulation_id BIGINT NOT NULL REFERENCES regulations(id),
    revised_on TEXT NOT NULL,
    meeting_id BIGINT REFERENCES meetings(id),
    summary TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX regulation_revisions_regulation ON regulation_revisions(regulation_id, revised_on);

-- 15 向县委请示报告
CREATE TABLE party_reports (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    title TEXT NOT NULL,
    submitted_on TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('report','request')),
    content TEXT,
    reply TEXT,
    replied_on TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX party_reports_date ON party_reports(congress_id, submitted_on);

-- 16 其他活动
CREATE TABLE events (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    title TEXT NOT NULL,
    held_on TEXT,
    kind TEXT CHECK (kind IN ('joint_meeting','campaign','visit','other')),
    ends_on TEXT,
    place TEXT,
    description TEXT,
    deputies_count INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_date ON events(congress_id, held_on);
CREATE TABLE event_deputies (
    event_id BIGINT NOT NULL REFERENCES events(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (event_id, deputy_id)
);
CREATE INDEX event_deputies_deputy ON event_deputies(deputy_id);
