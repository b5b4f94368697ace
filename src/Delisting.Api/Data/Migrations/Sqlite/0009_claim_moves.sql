-- Work tables of claim moves (a withdrawal, a resubmission of withdrawn URLs). A call stages the notices of its URLs
-- under a random batch number of its own (claim_notices: ended = 1 when the call ended a claim on the notice, moving = 1 when
-- it ended the last one), then the moves
-- of their items (claim_moves), so that the items are moved and their status-changed events and feed rows written by
-- a few set-based statements instead of tens of thousands of rows sent from the service. The call deletes its rows
-- before it commits: between calls both tables are empty.
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
    notice_seq  INTEGER NOT NULL,
    engine_id   TEXT    NOT NULL,
    from_status TEXT    NOT NULL,
    to_status   TEXT    NOT NULL,
    PRIMARY KEY (batch_id, notice_seq, engine_id)
);
