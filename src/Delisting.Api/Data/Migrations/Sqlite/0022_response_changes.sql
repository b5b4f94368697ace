-- The changes a batch of engine responses makes, staged under a random batch number inside the batch's transaction
-- (and deleted before it commits), so that the database moves the items and writes their events and feed rows from
-- them by a few set-based statements instead of one statement per item. position is the response's place in the
-- batch: events and feed rows are written in that order. One b-tree in the key's order (WITHOUT ROWID), as SQL Server
-- clusters it.
CREATE TABLE response_changes (
    batch_id         INTEGER NOT NULL,
    notice_seq       INTEGER NOT NULL,
    engine_id        TEXT    NOT NULL,
    position         INTEGER NOT NULL,
    from_status      TEXT    NOT NULL,
    to_status        TEXT    NOT NULL,
    reported         TEXT    NOT NULL,
    reason_code      TEXT    NULL,
    reason           TEXT    NULL,
    engine_reference TEXT    NULL,
    event_id         TEXT    NOT NULL,
    event_reason     TEXT    NULL,
    event_reference  TEXT    NULL,
    change_id        TEXT    NOT NULL,
    PRIMARY KEY (batch_id, notice_seq)
) WITHOUT ROWID;
