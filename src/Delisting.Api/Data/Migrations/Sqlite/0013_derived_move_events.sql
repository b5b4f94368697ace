-- The status-changed events of a claim move (a withdrawal ending the last claim, a resubmission reopening a URL) are
-- no longer written one row per item: the call writes one anchor event (its actor, instant and reason, and its batch
-- in move_batch) and the item moves stay in claim_moves, which nothing deletes once committed. Readers expand the
-- anchor into one status-changed event per move, in the place the anchor holds (then by notice and engine), with the
-- id the row would have had (<anchor id>-<notice seq>-<engine>). A 10,000-URL withdrawal writes 1 event instead of
-- 40,000. Moves written before this migration stay as the rows they are.
ALTER TABLE events ADD COLUMN move_batch INTEGER NULL;
CREATE INDEX ix_events_move_batch ON events (move_batch) WHERE move_batch IS NOT NULL;

-- A URL's moves, for the trails and the export that read them by notice.
CREATE INDEX ix_claim_moves_notice ON claim_moves (notice_seq, batch_id);
