-- Claim moves' status-changed events derived from claim_moves; see Sqlite/0013_derived_move_events.sql.
ALTER TABLE events ADD move_batch bigint NULL;
GO

CREATE INDEX ix_events_move_batch ON events (move_batch) WHERE move_batch IS NOT NULL;
CREATE INDEX ix_claim_moves_notice ON claim_moves (notice_seq, batch_id);
