-- 014_register_links: the platform's parts of the registers issue (issue 13).
--
-- A satisfaction poll of the vote engine may be held on a register's record (an
-- evaluation of a department, docs/registers.md): the collection's name and the
-- record's id. No REFERENCES: the record may be in any collection whose definition
-- allows polls (collection_def.polls), and the vote engine checks that it exists in
-- the vote's congress when the poll is created.
ALTER TABLE vote_events ADD COLUMN record_collection TEXT;
ALTER TABLE vote_events ADD COLUMN record_id BIGINT;
CREATE INDEX vote_events_record ON vote_events(record_collection, record_id);

-- An image's thumbnail (PNG, at most 320 px on its longer side), made when it is
-- uploaded (docs/attachments.md); NULL for every other file.
ALTER TABLE attachments ADD COLUMN thumbnail {{BLOB}};

-- The public's submissions (a citizen's review request on a normative document,
-- collection_def.public_create), counted per client address and UTC hour
-- ('2026-12-02T01') to hold each address to public_submissions_per_hour. Rows of
-- hours more than a day old are dropped by the next submission.
CREATE TABLE public_submissions (
    address TEXT NOT NULL,
    hour TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (address, hour)
);
CREATE INDEX public_submissions_hour ON public_submissions(hour);
