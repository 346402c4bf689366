-- 001_core: the platform core. Portable SQL for SQLite and PostgreSQL.
-- {{ID}} expands to the backend's auto-increment primary key type.
-- Booleans are INTEGER 0/1; dates TEXT 'YYYY-MM-DD'; timestamps TEXT ISO 8601 UTC.

CREATE TABLE congresses (
    id {{ID}},
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national','provincial','city','county','township')),
    parent_id BIGINT REFERENCES congresses(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX congresses_parent ON congresses(parent_id);

CREATE TABLE terms (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    number INTEGER NOT NULL,
    start_on TEXT NOT NULL,
    end_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, number)
);

CREATE TABLE persons (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    name TEXT NOT NULL,
    gender TEXT CHECK (gender IN ('male','female')),
    birth_date TEXT,
    ethnicity TEXT,
    party TEXT,
    phone TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX persons_congress ON persons(congress_id, id);
CREATE INDEX persons_name ON persons(name);

CREATE TABLE committees (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('special','working')),
    duties TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, name)
);

CREATE TABLE units (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('government','supervisory_commission','court','procuratorate','department','township','other')),
    contact TEXT,
    phone TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, name)
);

CREATE TABLE stations (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('station','point')),
    township TEXT NOT NULL,
    parent_id BIGINT REFERENCES stations(id),
    address TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (congress_id, name)
);

CREATE TABLE deputies (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    term_id BIGINT REFERENCES terms(id),
    level TEXT NOT NULL CHECK (level IN ('national','provincial','city','county','township')),
    delegation TEXT,
    occupation TEXT,
    station_id BIGINT REFERENCES stations(id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','terminated','resigned')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX deputies_congress ON deputies(congress_id, id);
CREATE INDEX deputies_person ON deputies(person_id);
CREATE INDEX deputies_station ON deputies(station_id);

CREATE TABLE members (
    id {{ID}},
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    term_id BIGINT REFERENCES terms(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    position TEXT NOT NULL CHECK (position IN ('chair','vice_chair','secretary_general','member')),
    committee_id BIGINT REFERENCES committees(id),
    start_on TEXT,
    end_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX members_congress ON members(congress_id, id);

CREATE TABLE users (
    id {{ID}},
    login TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin','staff','member','deputy','unit')),
    congress_id BIGINT REFERENCES congresses(id),
    deputy_id BIGINT REFERENCES deputies(id),
    unit_id BIGINT REFERENCES units(id),
    display_name TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Sessions (cookie) and API tokens (bearer). Only a hash of the secret is stored.
CREATE TABLE sessions (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('session','token')),
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins, for throttling (one row per failure; old rows are pruned).
CREATE TABLE login_failures (
    id {{ID}},
    login TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures(login, at);

-- Append-only audit trail; each entry carries SM3(prev_hash || entry).
CREATE TABLE audit (
    id {{ID}},
    at TEXT NOT NULL,
    user_id BIGINT,
    login TEXT,
    congress_id BIGINT,
    action TEXT NOT NULL,
    collection TEXT NOT NULL,
    record_id BIGINT,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_record ON audit(collection, record_id);

-- Per-congress settings (congress_id 0 = the installation's own settings). Only
-- values that differ from the compiled-in default are stored.
CREATE TABLE settings (
    congress_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (congress_id, key)
);
