-- 011_meetings: plenary sessions, standing committee sessions and chairpersons'
-- meetings (src/domain/meeting/, docs/meetings.md), their agendas and attendance, and
-- the resolutions and decisions adopted at them. meetings, agenda_items and
-- resolutions are collections of the generic engine (registers/meetings.c); the
-- meeting's state changes by its actions only.
CREATE TABLE meetings (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT NOT NULL REFERENCES terms(id),
    kind TEXT NOT NULL CHECK (kind IN ('plenary','committee_session','chairs_meeting')),
    number INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    place TEXT,
    convener TEXT,
    state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','notified','held','closed')),
    -- a plenary's: the presidium's deadline for deputies' motions
    motion_deadline TEXT,
    -- a committee session's: the chairpersons' meeting that set its draft agenda
    agenda_set_by BIGINT REFERENCES meetings(id),
    notified_at TEXT,
    opened_at TEXT,
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, term_id, kind, number)
);
CREATE INDEX meetings_starts ON meetings(congress_id, kind, starts_on);

CREATE TABLE agenda_items (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('work_report','law_study','deliberation','motion',
        'appointment','inquiry','vote','other')),
    title TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    committee_id BIGINT REFERENCES committees(id),
    to_office_on TEXT,
    to_committee_on TEXT,
    to_members_on TEXT,
    law TEXT,
    tabled_by TEXT CHECK (tabled_by IN ('chairs_council','government','special_committee',
        'members')),
    questions TEXT,
    answered_by TEXT,
    adopts TEXT CHECK (adopts IN ('resolution','decision')),
    major_matter INTEGER NOT NULL DEFAULT 0 CHECK (major_matter IN (0,1)),
    text TEXT,
    notes TEXT,
    resolution_id BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

-- The members who jointly tabled a motion (three or more: motion_min_members).
CREATE TABLE agenda_item_members (
    agenda_item_id BIGINT NOT NULL REFERENCES agenda_items(id),
    member_id BIGINT NOT NULL REFERENCES members(id),
    PRIMARY KEY (agenda_item_id, member_id)
);

-- One row per person of the meeting's electorate whose attendance was recorded: a
-- member (committee session, chairpersons' meeting) or a deputy (plenary).
CREATE TABLE attendance (
    id {{ID}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    member_id BIGINT REFERENCES members(id),
    deputy_id BIGINT REFERENCES deputies(id),
    status TEXT NOT NULL CHECK (status IN ('present','leave','absent')),
    reason TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    CHECK ((member_id IS NULL) <> (deputy_id IS NULL)),
    UNIQUE (meeting_id, member_id),
    UNIQUE (meeting_id, deputy_id)
);

-- 列席: people who attend without a vote, by name and unit.
CREATE TABLE observers (
    id {{ID}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT
);
CREATE INDEX observers_meeting ON observers(meeting_id, position);

CREATE TABLE resolutions (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    kind TEXT NOT NULL CHECK (kind IN ('resolution','decision')),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT,
    adopted_on TEXT NOT NULL,
    meeting_id BIGINT REFERENCES meetings(id),
    agenda_item_id BIGINT REFERENCES agenda_items(id),
    vote_id BIGINT REFERENCES vote_events(id),
    major_matter INTEGER NOT NULL DEFAULT 0 CHECK (major_matter IN (0,1)),
    published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0,1)),
    origin TEXT NOT NULL DEFAULT 'registered' CHECK (origin IN ('voted','registered')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, term_id, kind, number)
);
CREATE INDEX resolutions_meeting ON resolutions(meeting_id);

-- A satisfaction poll on a case (a deliberation opinion's handling report) is a vote
-- event that names the case; the case shows its result.
ALTER TABLE vote_events ADD COLUMN case_id BIGINT REFERENCES cases(id);
CREATE INDEX vote_events_meeting ON vote_events(meeting_id);
