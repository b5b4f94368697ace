-- Items are keyed by their notice and engine instead of carrying their own
-- identity. A 10,000-URL request writes 40,000 items: each used to enter six
-- b-trees (the rowid table, a unique text id, the (notice, engine) key and three
-- secondary indexes) and to be sent from the service one row at a time. Now an
-- item enters two b-trees (its key, the queue index) and all of a request's
-- items are written by one INSERT ... SELECT.
--
-- - An item's public id is derived from its notice's id and its engine; the id
--   of an item created before this migration is kept in legacy_id, so that ids
--   already handed out stay valid and unchanged.
-- - The deadline and creation time are the notice's (all items of a notice are
--   created together); the ruling is the notice's.
-- - updated_at is null until an engine reports something (it then reads as the
--   creation time).
-- - Events name the notice of the item they are about, so that a request's
--   trail is found through its notices.

ALTER TABLE notices ADD COLUMN deadline TEXT NOT NULL DEFAULT '';
UPDATE notices
SET deadline = COALESCE((SELECT MIN(i.deadline) FROM items i WHERE i.notice_id = notices.id), created_at);

CREATE TEMP TABLE items_v1 AS SELECT * FROM items;
CREATE TEMP TABLE events_v1 AS SELECT * FROM events;
DROP TABLE events;
DROP TABLE items;

CREATE TABLE items (
    notice_seq       INTEGER NOT NULL REFERENCES notices (seq),
    engine_id        TEXT    NOT NULL REFERENCES engines (id),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'acknowledged', 'delisted', 'rejected')),
    reason           TEXT    NULL,
    engine_reference TEXT    NULL,
    updated_at       TEXT    NULL,
    delisted_at      TEXT    NULL,
    legacy_id        TEXT    NULL,
    PRIMARY KEY (notice_seq, engine_id)
) WITHOUT ROWID;
CREATE INDEX ix_items_queue ON items (engine_id, status, notice_seq);
CREATE UNIQUE INDEX ux_items_legacy_id ON items (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TABLE events (
    seq         INTEGER NOT NULL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL CHECK (type IN ('submitted', 'status-changed')),
    at          TEXT    NOT NULL,
    key_id      TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    request_id  TEXT    NULL REFERENCES requests (id),
    notice_id   TEXT    NULL REFERENCES notices (id),
    item_id     TEXT    NULL,
    engine_id   TEXT    NULL,
    from_status TEXT    NULL,
    to_status   TEXT    NULL,
    reason      TEXT    NULL
);
CREATE INDEX ix_events_request ON events (request_id, seq);
CREATE INDEX ix_events_notice ON events (notice_id, seq);

INSERT INTO items (notice_seq, engine_id, status, reason, engine_reference, updated_at, delisted_at, legacy_id)
SELECT n.seq, i.engine_id, i.status, i.reason, i.engine_reference,
       CASE WHEN i.updated_at = i.created_at THEN NULL ELSE i.updated_at END, i.delisted_at, i.id
FROM temp.items_v1 i JOIN notices n ON n.id = i.notice_id;

INSERT INTO events (seq, id, type, at, key_id, role, request_id, notice_id, item_id, engine_id, from_status, to_status, reason)
SELECT e.seq, e.id, e.type, e.at, e.key_id, e.role, e.request_id, i.notice_id, e.item_id, e.engine_id, e.from_status, e.to_status, e.reason
FROM temp.events_v1 e LEFT JOIN temp.items_v1 i ON i.id = e.item_id;

DROP TABLE temp.events_v1;
DROP TABLE temp.items_v1;

-- Events are never updated or deleted.
CREATE TRIGGER tr_events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER tr_events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
