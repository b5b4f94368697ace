-- claim_moves is keyed in the order a batch writes and reads its moves: batch, notice, engine; it and claim_notices are
-- stored in their key's order (WITHOUT ROWID: one b-tree instead of a table and its key index), as SQL Server clusters
-- them.
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

-- The staged notices of a call, likewise one b-tree in their key's order (batch, position).
CREATE TABLE claim_notices_v12 (
    batch_id   INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    notice_seq INTEGER NOT NULL,
    ended      INTEGER NOT NULL,
    moving     INTEGER NOT NULL,
    PRIMARY KEY (batch_id, position)
) WITHOUT ROWID;

INSERT INTO claim_notices_v12 (batch_id, position, notice_seq, ended, moving)
SELECT batch_id, position, notice_seq, ended, moving FROM claim_notices;

DROP TABLE claim_notices;
ALTER TABLE claim_notices_v12 RENAME TO claim_notices;
