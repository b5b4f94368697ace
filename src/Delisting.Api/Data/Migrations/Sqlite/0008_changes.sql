-- Change feeds (contract v1.1): what each engine and each organisation is told, oldest first. Rows are written in the
-- same transaction as the change they describe (an outbox), so a crash neither loses nor invents one.
--
-- - feed says whose feed a row belongs to: an engine's (engine_id) or an organisation's (organisation_id).
-- - items-created stands for every item a request created for one engine; the feed expands it into item-created
--   events from the request's own URLs when read, so a 10,000-URL request writes one row per engine, not 40,000.
-- - seq orders the feed. Every transaction that adds rows holds the database's write lock (SQLite) or an application
--   lock (SQL Server) until it commits, so seq order is commit order and a reader never passes an uncommitted row.
CREATE TABLE changes (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL,
    feed             TEXT    NOT NULL CHECK (feed IN ('engine', 'organisation')),
    type             TEXT    NOT NULL CHECK (type IN ('items-created', 'item-reopened', 'item-withdrawn', 'relist-requested',
                                                       'ruling-extended', 'status-changed', 'mirror-report-decided')),
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
    mirror_report_id TEXT    NULL
);
CREATE INDEX ix_changes_engine ON changes (engine_id, seq) WHERE feed = 'engine';
CREATE INDEX ix_changes_organisation ON changes (organisation_id, seq) WHERE feed = 'organisation';


CREATE TRIGGER tr_changes_no_update BEFORE UPDATE ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
CREATE TRIGGER tr_changes_no_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
