-- item_tallies (0025) kept as items move. SQLite runs a trigger once per row: tr_items_tally made two upserts for each
-- item a statement moved, and a 10,000-URL withdrawal moves 40,000 items (without the trigger it took 428 ms instead of
-- 550-700 ms). The statements that move items in bulk (engine reports, claim moves) now move the counts themselves, a
-- few statements for all of them, from the difference of the moved items' keys before and after the statement
-- (Data/ItemTallies.cs, MoveAsync), as SQL Server's trigger does from deleted and inserted. While such a statement
-- runs, its transaction holds a row in items_moving_by_statement and the trigger stands aside; any other change to an
-- item is still counted by the trigger. No other transaction sees the row: it is deleted before commit.
CREATE TABLE items_moving_by_statement (
    batch_id INTEGER NOT NULL PRIMARY KEY
);

DROP TRIGGER tr_items_tally;

CREATE TRIGGER tr_items_tally AFTER UPDATE OF status, reason_code, delisted_at ON items
WHEN (OLD.status IS NOT NEW.status OR OLD.reason_code IS NOT NEW.reason_code OR OLD.delisted_at IS NOT NEW.delisted_at)
     AND NOT EXISTS (SELECT 1 FROM items_moving_by_statement)
BEGIN
    INSERT INTO item_tallies (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
    SELECT n.ruling_id, OLD.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
           OLD.status, COALESCE(OLD.reason_code, ''), COALESCE(OLD.delisted_at, '9999-12-31T23:59:59.0000000Z'), -1
    FROM notices n WHERE n.seq = OLD.notice_seq
    ON CONFLICT DO UPDATE SET items = items + excluded.items;
    INSERT INTO item_tallies (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
    SELECT n.ruling_id, NEW.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
           NEW.status, COALESCE(NEW.reason_code, ''), COALESCE(NEW.delisted_at, '9999-12-31T23:59:59.0000000Z'), 1
    FROM notices n WHERE n.seq = NEW.notice_seq
    ON CONFLICT DO UPDATE SET items = items + excluded.items;
END;
