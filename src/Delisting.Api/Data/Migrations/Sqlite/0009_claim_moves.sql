-- Claim moves (a withdrawal, a resubmission of withdrawn URLs) written by the database, set-based.
--
-- - claim_notices is a work table: a call stages the notices of its URLs under a random batch number of its own
--   (ended = 1 when the call ended a claim on the notice, moving = 1 when it ended the last one) and deletes its rows
--   before it commits, so between calls it is empty.
-- - claim_moves holds each item move of a batch (from, to), planned from the items' statuses and kept once made: the
--   items are moved, and their status-changed events written, from it by single statements instead of tens of
--   thousands of rows sent from the service.
-- - The engine feed reads a batch's moves from claim_moves: a changes row with move_batch stands for the moves of that
--   batch that lead one engine's items to one status (to_status), expanded into one event per item when read, as
--   items-created rows are. Its key serves that read: batch, engine, then notice.
CREATE TABLE claim_notices (
    batch_id   INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    notice_seq INTEGER NOT NULL,
    ended      INTEGER NOT NULL,
    moving     INTEGER NOT NULL,
    PRIMARY KEY (batch_id, position)
);

CREATE TABLE claim_moves (
    batch_id    INTEGER NOT NULL,
    engine_id   TEXT    NOT NULL,
    notice_seq  INTEGER NOT NULL,
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    PRIMARY KEY (batch_id, engine_id, notice_seq)
);

ALTER TABLE changes ADD COLUMN move_batch INTEGER NULL;
