-- One id per item, and notices.deadline without a default.
--
-- - An item's only id is the one derived from its notice and engine
--   (itm_<notice id without its prefix>_<engine>). Items created before 0003
--   kept their original id in legacy_id so that both forms resolved; no
--   deployment depends on the old form, so it is retired: the column and its
--   index go, and the audit trail names those items by their derived id, the
--   only one that still finds them. Each event keeps its seq, id and
--   everything else it recorded.
-- - 0003 added notices.deadline with DEFAULT '' because SQLite cannot add a
--   NOT NULL column without one. The SQL Server column has no default, and an
--   empty deadline sorts before every instant: a notice written without its
--   deadline would be overdue from the start. Without the default such an
--   insert fails instead. SQLite cannot drop a default, so notices is rebuilt.

-- The trail is rewritten once, here; the triggers that forbid it come back below.
DROP TRIGGER tr_events_no_update;
DROP TRIGGER tr_events_no_delete;

UPDATE events
SET item_id = (SELECT 'itm_' || substr(n.id, 5) || '_' || i.engine_id
               FROM items i JOIN notices n ON n.seq = i.notice_seq
               WHERE i.legacy_id = events.item_id)
WHERE item_id IN (SELECT legacy_id FROM items WHERE legacy_id IS NOT NULL);

-- A column in an index cannot be dropped; without it the index has nothing to do.
DROP INDEX ux_items_legacy_id;
ALTER TABLE items DROP COLUMN legacy_id;

-- Rebuild of a parent table in a transaction (DbUp runs each script in one),
-- where PRAGMA foreign_keys cannot be changed. Deferred foreign keys let the
-- children (items, request_urls, events) point at no row until the end of the
-- transaction; the rows are copied back only once the new table has taken the
-- old one's name, so that each restored row satisfies the children that name
-- it, and the commit finds nothing left unresolved. seq values are copied as
-- they are: items find their notice by seq.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE notices_v3 AS SELECT * FROM notices;

CREATE TABLE notices_v4 (
    seq        INTEGER NOT NULL PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    ruling_id  TEXT    NOT NULL REFERENCES rulings (id),
    url_hash   BLOB    NOT NULL,
    url        TEXT    NOT NULL,
    site       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    deadline   TEXT    NOT NULL,
    UNIQUE (ruling_id, url_hash)
);
DROP TABLE notices;
ALTER TABLE notices_v4 RENAME TO notices;

INSERT INTO notices (seq, id, ruling_id, url_hash, url, site, created_at, deadline)
SELECT seq, id, ruling_id, url_hash, url, site, created_at, deadline FROM temp.notices_v3;
DROP TABLE temp.notices_v3;

-- Events are never updated or deleted.
CREATE TRIGGER tr_events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER tr_events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
