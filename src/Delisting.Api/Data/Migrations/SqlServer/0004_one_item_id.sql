-- One id per item; see Sqlite/0004_one_item_id.sql for why. Events that name
-- an item by its legacy id are rewritten to its derived id, and
-- items.legacy_id goes with its index. notices.deadline has no default here
-- (0003 added it NULL, filled it, then made it NOT NULL), so it is left as it is.

-- The trail is rewritten once, here; the trigger that forbids it is back on below.
ALTER TABLE events DISABLE TRIGGER tr_events_append_only;

UPDATE e
SET item_id = 'itm_' + SUBSTRING(n.id, 5, 100) + '_' + i.engine_id
FROM events e
JOIN items i ON i.legacy_id = e.item_id
JOIN notices n ON n.seq = i.notice_seq;

ALTER TABLE events ENABLE TRIGGER tr_events_append_only;

-- A column in an index cannot be dropped; without it the index has nothing to do.
DROP INDEX ux_items_legacy_id ON items;
ALTER TABLE items DROP COLUMN legacy_id;
