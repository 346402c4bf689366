-- 007_case_rules: what the case engine needs to flag its time limits (docs/cases.md
-- "Time limits and flags", issue 10):
-- cases.assign_by        the last day to assign (or forward) the case: a between-session
--                        suggestion's suggestion_assign_working_days after submission, a
--                        petition's petition_forward_days after receipt; NULL: no limit
-- cases.assigned_late    1 once it was assigned or forwarded after assign_by
-- cases.feedback_due_on  the last day of the round's feedback period (feedback_days after
--                        the reply that made the case replied); after it staff may close
--                        or re-handle without the ratings still missing
-- case_replies.late      1 when the unit answered after its own deadline (a co-unit's
--                        view after its due_on, a reply after the unit's due_on)
ALTER TABLE cases ADD COLUMN assign_by TEXT;
ALTER TABLE cases ADD COLUMN assigned_late INTEGER NOT NULL DEFAULT 0 CHECK (assigned_late IN (0, 1));
ALTER TABLE cases ADD COLUMN feedback_due_on TEXT;
ALTER TABLE case_replies ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));
