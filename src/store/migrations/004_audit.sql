-- 004_audit: the keyed audit chain (docs/operations.md "The audit trail").
-- alg says how an entry's hash was made: 'sm3' (plain SM3, every entry written
-- before the audit key existed keeps it) or 'hmac-sm3' (HMAC-SM3 under the key whose
-- public id is key_id; the key itself is never stored in the database).
ALTER TABLE audit ADD COLUMN alg TEXT NOT NULL DEFAULT 'sm3';
ALTER TABLE audit ADD COLUMN key_id TEXT;
-- The records check reads the newest entry of every record in one ordered pass.
DROP INDEX audit_record;
CREATE INDEX audit_record ON audit(collection, record_id, id);
