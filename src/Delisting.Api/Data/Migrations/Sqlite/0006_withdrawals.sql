-- Withdrawals, relisting and one rejection vocabulary.
--
-- - A request's URL is its organisation's claim on the notice; withdrawn_at ends the claim. A notice is active
--   while any claim on it has no withdrawn_at, so claims are looked up by notice (ix_request_urls_notice).
-- - Items gain the statuses withdrawn, relist-pending and relisted; reason_code is the engine's rejection code
--   (rejected items stored before it are 'other': their free-text reason stands; past events stay as they were
--   written); withdrawn_at is when the last
--   claim ended, the start of the time to relist.
-- - Events gain the types withdrawn and reopened, the rejection code, and ruling_id: set on the events of the
--   ruling's own history (an admin's withdrawal under the ruling), null otherwise. The request and ruling indexes
--   hold only the events that name one: the status changes of items (most events, 40,000 for a 10,000-URL
--   withdrawal) name neither, and would add a null key to each index for nothing.
-- SQLite cannot change a CHECK constraint: items and events are rebuilt (nothing references either of them).

ALTER TABLE request_urls ADD COLUMN withdrawn_at TEXT NULL;
CREATE INDEX ix_request_urls_notice ON request_urls (notice_id, withdrawn_at);

CREATE TEMP TABLE items_v3 AS SELECT * FROM items;
CREATE TEMP TABLE events_v3 AS SELECT * FROM events;
DROP TABLE events;
DROP TABLE items;

CREATE TABLE items (
    notice_seq       INTEGER NOT NULL REFERENCES notices (seq),
    engine_id        TEXT    NOT NULL REFERENCES engines (id),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'acknowledged', 'delisted', 'rejected', 'withdrawn', 'relist-pending', 'relisted')),
    reason           TEXT    NULL,
    engine_reference TEXT    NULL,
    updated_at       TEXT    NULL,
    delisted_at      TEXT    NULL,
    reason_code      TEXT    NULL CHECK (reason_code IN ('not-found', 'not-in-index', 'not-covered', 'lawful-content', 'duplicate', 'other')),
    withdrawn_at     TEXT    NULL,
    PRIMARY KEY (notice_seq, engine_id),
    CONSTRAINT ck_items_rejection_code CHECK (status <> 'rejected' OR reason_code IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX ix_items_queue ON items (engine_id, status, notice_seq);

CREATE TABLE events (
    seq         INTEGER NOT NULL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL CHECK (type IN ('submitted', 'status-changed', 'withdrawn', 'reopened')),
    at          TEXT    NOT NULL,
    key_id      TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    request_id  TEXT    NULL REFERENCES requests (id),
    notice_id   TEXT    NULL REFERENCES notices (id),
    item_id     TEXT    NULL,
    engine_id   TEXT    NULL,
    from_status TEXT    NULL,
    to_status   TEXT    NULL,
    reason      TEXT    NULL,
    ruling_id   TEXT    NULL REFERENCES rulings (id),
    reason_code TEXT    NULL
);
CREATE INDEX ix_events_request ON events (request_id, seq) WHERE request_id IS NOT NULL;
CREATE INDEX ix_events_notice ON events (notice_id, seq);
CREATE INDEX ix_events_ruling ON events (ruling_id, seq) WHERE ruling_id IS NOT NULL;

INSERT INTO items (notice_seq, engine_id, status, reason, engine_reference, updated_at, delisted_at, reason_code, withdrawn_at)
SELECT notice_seq, engine_id, status, reason, engine_reference, updated_at, delisted_at,
       CASE WHEN status = 'rejected' THEN 'other' ELSE NULL END, NULL
FROM temp.items_v3;

INSERT INTO events (seq, id, type, at, key_id, role, request_id, notice_id, item_id, engine_id, from_status, to_status, reason, ruling_id, reason_code)
SELECT seq, id, type, at, key_id, role, request_id, notice_id, item_id, engine_id, from_status, to_status, reason, NULL, NULL
FROM temp.events_v3;

DROP TABLE temp.events_v3;
DROP TABLE temp.items_v3;

-- Events are never updated or deleted.
CREATE TRIGGER tr_events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER tr_events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
