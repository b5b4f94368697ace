-- claim_moves is keyed in the order a batch writes and reads its moves: batch, notice, engine (and on SQLite stored in
-- that order, WITHOUT ROWID: one b-tree instead of a table and its key index).
--
-- A batch plans the moves of its notices' items in notice order, moves the items and writes their status-changed
-- events in that order: keyed by batch, engine, notice, each of those statements sorted the batch or sought across
-- one range per engine. The engine feed reads a batch's moves of one engine in notice order after a position; it now
-- reads the batch from that position on and skips the other engines' moves (a handful per item).
CREATE TABLE claim_moves_v12 (
    batch_id    INTEGER NOT NULL,
    engine_id   TEXT    NOT NULL,
    notice_seq  INTEGER NOT NULL,
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    PRIMARY KEY (batch_id, notice_seq, engine_id)
) WITHOUT ROWID;

INSERT INTO claim_moves_v12 (batch_id, engine_id, notice_seq, from_status, to_status)
SELECT batch_id, engine_id, notice_seq, from_status, to_status FROM claim_moves;

DROP TABLE claim_moves;
ALTER TABLE claim_moves_v12 RENAME TO claim_moves;
