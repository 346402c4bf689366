-- 002_cases: the case engine (docs/cases.md) — proposals and suggestions, letters
-- and visits, voters' opinions from liaison stations. Portable SQL as in 001.
-- case.c owns cases and the case_* tables; proposal.c, petition.c and opinion.c own
-- their kind's row; holidays and receptions are collections of the generic engine.

-- The congress's calendar exceptions: holidays (working 0) and make-up working days
-- that fall on a weekend (working 1). Weekends are not stored.
CREATE TABLE holidays (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    day TEXT NOT NULL,
    working INTEGER NOT NULL DEFAULT 0 CHECK (working IN (0,1)),
    name TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, day)
);

CREATE TABLE cases (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    kind TEXT NOT NULL CHECK (kind IN ('proposal','petition','opinion')),
    state TEXT NOT NULL CHECK (state IN ('draft','submitted','accepted','declined','assigned',
        'returned','replied','rehandling','closed','withdrawn','merged')),
    title TEXT NOT NULL,
    category TEXT,
    difficult INTEGER NOT NULL DEFAULT 0 CHECK (difficult IN (0,1)),
    key_supervision INTEGER NOT NULL DEFAULT 0 CHECK (key_supervision IN (0,1)),
    published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0,1)),
    merged_into BIGINT REFERENCES cases(id),
    round INTEGER NOT NULL DEFAULT 1,
    submitted_on TEXT,
    assigned_on TEXT,
    due_on TEXT,
    closed_on TEXT,
    decline_reason TEXT CHECK (decline_reason IN ('outside_jurisdiction','private_affairs',
        'petition_letter','advertising','no_content')),
    decline_text TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_congress ON cases(congress_id, kind, id);
CREATE INDEX cases_state ON cases(congress_id, kind, state);
CREATE INDEX cases_due ON cases(due_on);

CREATE TABLE proposals (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    kind TEXT NOT NULL CHECK (kind IN ('motion','suggestion')),
    body TEXT,
    reason TEXT,
    grounds TEXT,
    solution TEXT,
    lead_deputy_id BIGINT REFERENCES deputies(id),
    term_id BIGINT REFERENCES terms(id),
    during_session INTEGER NOT NULL DEFAULT 0 CHECK (during_session IN (0,1)),
    session_number INTEGER
);
CREATE INDEX proposals_lead ON proposals(lead_deputy_id);
CREATE INDEX proposals_term ON proposals(term_id, session_number);

CREATE TABLE petitions (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    channel TEXT NOT NULL CHECK (channel IN ('letter','visit','online')),
    person_times INTEGER NOT NULL DEFAULT 1 CHECK (person_times >= 1),
    petitioner TEXT,
    phone TEXT,
    subject TEXT,
    content TEXT,
    received_on TEXT,
    forwarded_to TEXT,
    forwarded_on TEXT,
    extended INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0,1))
);

CREATE TABLE receptions (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    held_on TEXT NOT NULL,
    voters_received INTEGER NOT NULL DEFAULT 0 CHECK (voters_received >= 0),
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX receptions_station ON receptions(station_id, held_on);

-- Deputies present at a reception (any level).
CREATE TABLE reception_deputies (
    reception_id BIGINT NOT NULL REFERENCES receptions(id),
    deputy_id BIGINT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (reception_id, deputy_id)
);
CREATE INDEX reception_deputies_deputy ON reception_deputies(deputy_id);

CREATE TABLE opinions (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    reception_id BIGINT REFERENCES receptions(id),
    voter_name TEXT,
    voter_phone TEXT,
    content TEXT
);
CREATE INDEX opinions_reception ON opinions(reception_id);

-- Everyone owed a reply and asked for feedback. from_case_id: the merged case the
-- person came from (NULL for the case's own people).
CREATE TABLE case_people (
    id {{ID}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    deputy_id BIGINT REFERENCES deputies(id),
    name TEXT,
    role TEXT NOT NULL CHECK (role IN ('lead','cosigner','voter','petitioner')),
    confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0,1)),
    from_case_id BIGINT REFERENCES cases(id)
);
CREATE INDEX case_people_case ON case_people(case_id);
CREATE INDEX case_people_deputy ON case_people(deputy_id);

CREATE TABLE case_units (
    id {{ID}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead','co','separate')),
    state TEXT NOT NULL CHECK (state IN ('assigned','replied','returned')),
    assigned_on TEXT NOT NULL,
    due_on TEXT,
    return_reason TEXT,
    UNIQUE (case_id, unit_id)
);
CREATE INDEX case_units_unit ON case_units(unit_id, state);

CREATE TABLE case_replies (
    id {{ID}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    round INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reply','co_view','follow_up')),
    class TEXT,
    text TEXT NOT NULL,
    replied_on TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id)
);
CREATE INDEX case_replies_case ON case_replies(case_id, round);

CREATE TABLE case_feedback (
    id {{ID}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    round INTEGER NOT NULL,
    person_id BIGINT NOT NULL REFERENCES case_people(id),
    rating TEXT NOT NULL CHECK (rating IN ('satisfied','basically_satisfied','unsatisfied')),
    text TEXT,
    given_on TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    UNIQUE (case_id, round, person_id)
);

CREATE TABLE case_extensions (
    id {{ID}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT REFERENCES units(id),
    reason TEXT,
    new_due_on TEXT,
    state TEXT NOT NULL CHECK (state IN ('requested','approved','refused')),
    decided_by BIGINT REFERENCES users(id),
    decided_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX case_extensions_case ON case_extensions(case_id);

-- The history: every transition (also in the audit trail).
CREATE TABLE case_events (
    id {{ID}},
    case_id BIGINT NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    user_id BIGINT,
    login TEXT,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    note TEXT
);
CREATE INDEX case_events_case ON case_events(case_id, id);
