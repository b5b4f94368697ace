-- Exactly-once submissions: a claim carries a token, and the request's transaction
-- completes the idempotency record only while its token is still the claim's. So
-- the request and its record commit together, and a claim taken over after a crash
-- can no longer be completed by the process that lost it.
ALTER TABLE idempotency_records ADD COLUMN claim_token TEXT NULL;
