-- 006_case_numbers: every case gets its number (第N号) when it is accepted, from one
-- sequence per congress, kind (a proposal's kind apart: 议案, 建议) and year or term
-- (setting case_number_scope). A number is never reused: the sequence only grows, and a
-- case keeps its number when it is withdrawn or merged later. Cases accepted before this
-- migration keep no number (docs/cases.md).
ALTER TABLE cases ADD COLUMN number TEXT;
CREATE UNIQUE INDEX cases_number ON cases(congress_id, kind, number);

CREATE TABLE case_numbers (
    congress_id BIGINT NOT NULL REFERENCES congresses(id),
    sequence TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (congress_id, sequence)
);

-- Who confirmed a cosigner: the deputy (NULL) or staff registering a paper submission
-- whose signatures are on the paper (their account).
ALTER TABLE case_people ADD COLUMN confirmed_by BIGINT REFERENCES users(id);

-- The presidium's decision on a motion (put on the agenda, sent to a special committee;
-- handled as a suggestion is a conversion): the office assigns a motion only after it.
-- The meetings issue links it to the plenary meeting.
ALTER TABLE proposals ADD COLUMN presidium_decision TEXT;
ALTER TABLE proposals ADD COLUMN presidium_decided_on TEXT;
