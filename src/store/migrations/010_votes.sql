-- 010_votes: the vote engine (src/domain/vote/, docs/votes.md). One vote_event is one
-- question put to one electorate; its voters are fixed when it opens.
--
-- Secret ballots: *that* a voter voted (vote_voters.voted) and *what* a ballot says
-- (vote_ballots.content) are kept apart and never joined. vote_ballots and
-- vote_receipts have random keys, no timestamps and, on SQLite, no rowid
-- ({{UNORDERED}}): nothing in a row or its place says when it was written or by whom.
-- On closing both are rewritten in random order and the files scrubbed (store_scrub).

-- A member's account names its member record, as a deputy's names its deputy.
ALTER TABLE users ADD COLUMN member_id BIGINT REFERENCES members(id);

CREATE TABLE vote_events (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    question TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('named','secret')),
    method TEXT NOT NULL CHECK (method IN ('electronic','paper')),
    rule TEXT NOT NULL,
    electorate TEXT NOT NULL CHECK (electorate IN ('committee','plenary','list')),
    places INTEGER,
    meeting_id BIGINT,
    agenda_item_id BIGINT,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','open','closed','annulled')),
    -- fixed when the vote opens: N (the base of "half of all") and those present
    electorate_size INTEGER,
    present_count INTEGER,
    voted_count INTEGER NOT NULL DEFAULT 0,
    -- the settings in effect when it opened (a later change of a setting does not
    -- change a vote under way): base of top_n_above_half, invalid overvotes
    base_all INTEGER,
    reject_overvote INTEGER,
    -- paper: the figures staff entered (JSON), who entered and who confirmed them
    paper TEXT,
    paper_by BIGINT REFERENCES users(id),
    paper_confirmed_by BIGINT REFERENCES users(id),
    result TEXT,
    annul_reason TEXT,
    created_by BIGINT REFERENCES users(id),
    opened_by BIGINT REFERENCES users(id),
    closed_by BIGINT REFERENCES users(id),
    opened_at TEXT,
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX vote_events_congress ON vote_events(congress_id, id);

CREATE TABLE vote_candidates (
    id {{ID}},
    vote_id BIGINT NOT NULL REFERENCES vote_events(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (vote_id, position)
);

-- The electorate: member ids (committee) or deputy ids (plenary, list). For a list
-- vote the rows exist from its creation; for the others they are written at opening.
-- choice: a named vote's ballot only (a secret vote never writes it).
CREATE TABLE vote_voters (
    vote_id BIGINT NOT NULL REFERENCES vote_events(id),
    voter_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    present INTEGER NOT NULL DEFAULT 0,
    voted INTEGER NOT NULL DEFAULT 0,
    choice TEXT,
    PRIMARY KEY (vote_id, voter_id)
);

CREATE TABLE vote_ballots (
    key TEXT NOT NULL PRIMARY KEY,
    vote_id BIGINT NOT NULL REFERENCES vote_events(id),
    content TEXT NOT NULL
) {{UNORDERED}};
CREATE INDEX vote_ballots_vote ON vote_ballots(vote_id);

CREATE TABLE vote_receipts (
    receipt TEXT NOT NULL PRIMARY KEY,
    vote_id BIGINT NOT NULL REFERENCES vote_events(id)
) {{UNORDERED}};
CREATE INDEX vote_receipts_vote ON vote_receipts(vote_id);
