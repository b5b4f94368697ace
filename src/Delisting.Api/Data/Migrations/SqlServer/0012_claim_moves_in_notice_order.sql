-- claim_moves is keyed (and clustered) in the order a batch writes and reads its moves: batch, notice, engine; see
-- Sqlite/0012_claim_moves_in_notice_order.sql. (claim_notices, rebuilt there WITHOUT ROWID, is clustered on its key here
-- already.)
ALTER TABLE claim_moves DROP CONSTRAINT pk_claim_moves;
ALTER TABLE claim_moves ADD CONSTRAINT pk_claim_moves PRIMARY KEY (batch_id, notice_seq, engine_id);
