-- 008_attachments: files that go with a record (docs/attachments.md). One table for
-- every case kind and collection: `owner` is the record's plural (the URL segment:
-- proposals, units …) and record_id its id; case_id repeats the id when the owner is
-- a case, so a case's page lists them in one query and the case cannot go away under
-- them. The bytes live in the row ({{BLOB}}: SQLite BLOB, PostgreSQL BYTEA), so a
-- backup of the database holds them. A row is never changed after it is written
-- (only deleted): the audit trail's entry of the upload stays its record.
CREATE TABLE attachments (
    id {{ID}},
    congress_id BIGINT REFERENCES congresses(id),
    owner TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    case_id BIGINT REFERENCES cases(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sm3 TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    deputy_id BIGINT REFERENCES deputies(id),
    uploaded_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    content {{BLOB}} NOT NULL
);
CREATE INDEX attachments_record ON attachments(owner, record_id, id);
CREATE INDEX attachments_case ON attachments(case_id);

-- The files a unit's reply cites (its stamped letter): uploaded to the case first,
-- then named by the reply action's attachment_ids; a file goes with one reply.
CREATE TABLE case_reply_attachments (
    reply_id BIGINT NOT NULL REFERENCES case_replies(id),
    attachment_id BIGINT NOT NULL UNIQUE REFERENCES attachments(id),
    PRIMARY KEY (reply_id, attachment_id)
);
