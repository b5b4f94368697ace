-- The public figures (transparency) of a ruling read a few thousand counts instead of a million items: item_tallies
-- holds, per ruling, engine, creation instant of the URL, deadline, end of obligation, status, rejection code and
-- delisting instant, how many items are so. It is the GROUP BY of items joined to their notices, kept as they change:
-- * new items are counted by the service in the transaction that writes them (Engines/ItemTallies.cs: a request's
--   new items share a few keys, so a few statements instead of a trigger per item);
-- * an item's status, rejection code or delisting, and a notice's deadline or end of obligation, are moved from their
--   old key to their new one by the triggers below.
-- No rule lives here: the service reads the keys and applies the item rules (Domain/Timeliness) to them. A missing
-- end of obligation or delisting is stored as the instant "never" (9999-12-31T23:59:59Z, as the service formats it),
-- a missing rejection code as ''; a key nothing has any more keeps a count of 0.
CREATE TABLE item_tallies (
    ruling_id          TEXT    NOT NULL,
    engine_id          TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    deadline           TEXT    NOT NULL,
    obligation_ends_at TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    reason_code        TEXT    NOT NULL,
    delisted_at        TEXT    NOT NULL,
    items              INTEGER NOT NULL,
    PRIMARY KEY (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at)
) WITHOUT ROWID;

INSERT INTO item_tallies (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
SELECT n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
       i.status, COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, '9999-12-31T23:59:59.0000000Z'), COUNT(*)
FROM items i JOIN notices n ON n.seq = i.notice_seq
GROUP BY n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
         i.status, COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, '9999-12-31T23:59:59.0000000Z');

CREATE TRIGGER tr_items_tally AFTER UPDATE OF status, reason_code, delisted_at ON items
WHEN OLD.status IS NOT NEW.status OR OLD.reason_code IS NOT NEW.reason_code OR OLD.delisted_at IS NOT NEW.delisted_at
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

CREATE TRIGGER tr_notices_tally AFTER UPDATE OF deadline, obligation_ends_at ON notices
WHEN OLD.deadline IS NOT NEW.deadline OR OLD.obligation_ends_at IS NOT NEW.obligation_ends_at
BEGIN
    INSERT INTO item_tallies (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
    SELECT OLD.ruling_id, i.engine_id, OLD.created_at, OLD.deadline, COALESCE(OLD.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
           i.status, COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, '9999-12-31T23:59:59.0000000Z'), -1
    FROM items i WHERE i.notice_seq = OLD.seq
    ON CONFLICT DO UPDATE SET items = items + excluded.items;
    INSERT INTO item_tallies (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
    SELECT NEW.ruling_id, i.engine_id, NEW.created_at, NEW.deadline, COALESCE(NEW.obligation_ends_at, '9999-12-31T23:59:59.0000000Z'),
           i.status, COALESCE(i.reason_code, ''), COALESCE(i.delisted_at, '9999-12-31T23:59:59.0000000Z'), 1
    FROM items i WHERE i.notice_seq = NEW.seq
    ON CONFLICT DO UPDATE SET items = items + excluded.items;
END;
