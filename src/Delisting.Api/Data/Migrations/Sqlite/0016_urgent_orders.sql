-- Urgent orders (contract v1.2): a ruling, an extension and each site window count either complianceDays or an
-- exact response time, stored in whole seconds (PT5M to P30D). compliance_days stays NOT NULL (SQLite cannot drop
-- that without rebuilding rulings, which every table references): it is 0 where response_seconds is set.
ALTER TABLE rulings ADD COLUMN response_seconds INTEGER NULL;
ALTER TABLE ruling_sites ADD COLUMN response_seconds INTEGER NULL;
ALTER TABLE ruling_extensions ADD COLUMN response_seconds INTEGER NULL;

-- The engine queue lists items by due instant, then creation (notice) order: a pending or acknowledged item is due at
-- its deadline, a relist-pending item when its relisting was requested (its last update). items.due_at holds that
-- instant (notices hold deadlines, and an index cannot span the two tables), set by every statement that creates an
-- item or gives it new work; other status changes keep it, so an item keeps its place in the queue. The index keeps
-- each status's page a range of (engine, status, due instant, notice) at any size; it replaces the notice-ordered one.
ALTER TABLE items ADD COLUMN due_at TEXT NULL;
UPDATE items
SET due_at = CASE WHEN status = 'relist-pending' AND updated_at IS NOT NULL THEN updated_at
                  ELSE (SELECT n.deadline FROM notices n WHERE n.seq = items.notice_seq) END;
DROP INDEX ix_items_queue;
CREATE INDEX ix_items_due ON items (engine_id, status, due_at, notice_seq);

-- Warning before an order ends (contract v1.2): a ruling-lapsing feed event per ruling, end instant and reader, ever.
-- lapse_warnings is the outbox's memory: its key is that triple (with the feed), so a second instance or a restart
-- that tries to write the same warning again fails on the key instead of repeating it. The feed rows carry the
-- warning (lapses_at, lapse_sites as a JSON array, open_items). SQLite cannot change the type CHECK of changes: the
-- table is rebuilt with the same rows and seq numbers, and the new columns at the end (as SQL Server adds them).
CREATE TABLE lapse_warnings (
    ruling_id  TEXT NOT NULL REFERENCES rulings (id),
    lapses_at  TEXT NOT NULL,
    feed       TEXT NOT NULL CHECK (feed IN ('engine', 'organisation')),
    reader     TEXT NOT NULL,
    change_id  TEXT NOT NULL,
    written_at TEXT NOT NULL,
    PRIMARY KEY (ruling_id, lapses_at, feed, reader)
);

CREATE TABLE changes_v16 (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL,
    feed             TEXT    NOT NULL CHECK (feed IN ('engine', 'organisation')),
    type             TEXT    NOT NULL CHECK (type IN ('items-created', 'item-reopened', 'item-withdrawn', 'relist-requested',
                                                       'ruling-extended', 'status-changed', 'mirror-report-decided', 'ruling-lapsing')),
    at               TEXT    NOT NULL,
    ruling_id        TEXT    NOT NULL REFERENCES rulings (id),
    engine_id        TEXT    NULL,
    organisation_id  TEXT    NULL,
    request_id       TEXT    NULL,
    notice_seq       INTEGER NULL,
    from_status      TEXT    NULL,
    to_status        TEXT    NULL,
    reason_code      TEXT    NULL,
    reason           TEXT    NULL,
    engine_reference TEXT    NULL,
    extension_id     TEXT    NULL,
    mirror_report_id TEXT    NULL,
    move_batch       INTEGER NULL,
    lapses_at        TEXT    NULL,
    lapse_sites      TEXT    NULL,
    open_items       INTEGER NULL
);
INSERT INTO changes_v16 (seq, id, feed, type, at, ruling_id, engine_id, organisation_id, request_id, notice_seq, from_status, to_status,
                         reason_code, reason, engine_reference, extension_id, mirror_report_id, move_batch)
SELECT seq, id, feed, type, at, ruling_id, engine_id, organisation_id, request_id, notice_seq, from_status, to_status,
       reason_code, reason, engine_reference, extension_id, mirror_report_id, move_batch
FROM changes ORDER BY seq;
DROP TABLE changes;
ALTER TABLE changes_v16 RENAME TO changes;
CREATE INDEX ix_changes_engine ON changes (engine_id, seq) WHERE feed = 'engine';
CREATE INDEX ix_changes_organisation ON changes (organisation_id, seq) WHERE feed = 'organisation';
CREATE TRIGGER tr_changes_no_update BEFORE UPDATE ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
CREATE TRIGGER tr_changes_no_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
