-- The table of SQLite's script, where a transaction that moves items in bulk counts them itself (Data/ItemTallies.cs,
-- MoveAsync) and sets SQLite's per-row trigger aside meanwhile. SQL Server's tr_items_tally (0025) runs once per
-- statement, over all the rows it moved (deleted and inserted), so the service leaves the counts to it and never
-- writes here; the table keeps the two schemas the same.
CREATE TABLE items_moving_by_statement (
    batch_id bigint NOT NULL,
    CONSTRAINT pk_items_moving_by_statement PRIMARY KEY CLUSTERED (batch_id)
);
