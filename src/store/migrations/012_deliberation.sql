-- 012_deliberation: the case engine's parts of the meetings issue (issue 12,
-- docs/cases.md "Deliberation opinions", "Motions at the plenary", "Key supervision").
-- cases.kind needs no table change for the new kind: 005 dropped its CHECK, and the
-- kinds are checked in C (domain/case/kinds.c).

-- 审议意见: the standing committee's deliberation opinions on a work report heard at a
-- committee session, sent to the reporting unit as a case (kinds/deliberation.c).
CREATE TABLE deliberation_opinions (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    agenda_item_id BIGINT NOT NULL REFERENCES agenda_items(id),
    unit_id BIGINT REFERENCES units(id),
    content TEXT
);
CREATE INDEX deliberation_opinions_meeting ON deliberation_opinions(meeting_id);
CREATE INDEX vote_events_case ON vote_events(case_id);

-- The two columns below name meetings without REFERENCES: a table refers only to
-- tables created before it (store_copy copies them in that order: the demo on
-- PostgreSQL, a move between backends), and meetings came after cases and proposals.
-- The case engine checks each one names a meeting of the congress (case_meeting_get).

-- A proposal's plenary session: the meeting a motion is tabled at (or a suggestion
-- handed in at); session_number is that meeting's number, written by the server. The
-- presidium's decision may send a motion to a special committee (which one).
ALTER TABLE proposals ADD COLUMN meeting_id BIGINT;
ALTER TABLE proposals ADD COLUMN presidium_committee_id BIGINT REFERENCES committees(id);

-- 重点督办 is designated by a chairpersons' meeting: the meeting that marked the case.
ALTER TABLE cases ADD COLUMN supervision_meeting_id BIGINT;
