-- 003_auth: named bearer tokens with an expiry, and login throttling per (login,
-- client address) and per login. Portable SQL as in 001.

-- Tokens are sessions of kind 'token' (001): they gain a name for people and the
-- time they were last used. Their expires_at now comes from the token_ttl_days
-- setting; the old ten-year tokens keep theirs until revoked.
ALTER TABLE sessions ADD COLUMN name TEXT;
ALTER TABLE sessions ADD COLUMN last_used_at TEXT;
CREATE INDEX sessions_kind ON sessions(kind, user_id);

-- One row per (login, address) and one per login with address '*' (every address).
-- failures counts the attempts in the window that began at window_start (an attempt
-- is counted before its password is checked); locked_until is the end of the current
-- lock; lockouts how many locks this row has had (each doubles the next one's length).
-- A successful login or an administrator's release removes the rows.
CREATE TABLE login_throttle (
    login TEXT NOT NULL,
    address TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    window_start TEXT NOT NULL,
    locked_until TEXT,
    lockouts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (login, address)
);
CREATE INDEX login_throttle_window ON login_throttle(window_start);

-- The security settings are now the installation's (congress 0): a value a congress
-- once stored for them was never the one in effect, so it goes.
DELETE FROM settings WHERE congress_id <> 0 AND key IN ('session_ttl_minutes',
    'login_max_failures', 'login_failure_window_minutes', 'per_page_max');
