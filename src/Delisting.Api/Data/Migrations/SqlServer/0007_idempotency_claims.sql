-- Exactly-once submissions; see Sqlite/0007_idempotency_claims.sql.
ALTER TABLE idempotency_records ADD claim_token nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
