-- 009_receptions_public: a reception day is announced ahead (DOMAIN.md "Liaison
-- stations": 3 days, the setting reception_notice_days). announced_on is the day the
-- office announced it (the public site shows a reception once it has one);
-- announce_by is the last day an announcement was in time, worked out by the server
-- when the reception is written (held_on minus the notice period then in effect).
-- Receptions recorded before this migration have neither, so none of them is flagged.
ALTER TABLE receptions ADD COLUMN announced_on TEXT;
ALTER TABLE receptions ADD COLUMN announce_by TEXT;
CREATE INDEX receptions_announced ON receptions(announced_on, held_on);
