-- Withdrawals, relisting and one rejection vocabulary; see Sqlite/0006_withdrawals.sql for why. Same tables,
-- columns, keys, indexes and CHECK constraints as that script: SQL Server changes a CHECK constraint in place,
-- so the named constraints are dropped and added again instead of rebuilding the tables.

ALTER TABLE request_urls ADD withdrawn_at datetimeoffset(7) NULL;
CREATE INDEX ix_request_urls_notice ON request_urls (notice_id, withdrawn_at);

ALTER TABLE items DROP CONSTRAINT ck_items_status;
ALTER TABLE items ADD
    reason_code  nvarchar(20) COLLATE Latin1_General_100_BIN2 NULL
        CONSTRAINT ck_items_reason_code CHECK (reason_code IN ('not-found', 'not-in-index', 'not-covered', 'lawful-content', 'duplicate', 'other')),
    withdrawn_at datetimeoffset(7) NULL;
ALTER TABLE items ADD CONSTRAINT ck_items_status
    CHECK (status IN ('pending', 'acknowledged', 'delisted', 'rejected', 'withdrawn', 'relist-pending', 'relisted'));

ALTER TABLE events DROP CONSTRAINT ck_events_type;
ALTER TABLE events ADD
    ruling_id   nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_events_ruling REFERENCES rulings (id),
    reason_code nvarchar(20)  COLLATE Latin1_General_100_BIN2 NULL;
ALTER TABLE events ADD CONSTRAINT ck_events_type CHECK (type IN ('submitted', 'status-changed', 'withdrawn', 'reopened'));
DROP INDEX ix_events_request ON events;
CREATE INDEX ix_events_request ON events (request_id, seq) WHERE request_id IS NOT NULL;
CREATE INDEX ix_events_ruling ON events (ruling_id, seq) WHERE ruling_id IS NOT NULL;
-- A batch is compiled as a whole: statements that use the new columns come in a later batch.
GO

-- Rejections stored before the vocabulary keep their free-text reason under 'other'. The events trigger refuses
-- updates, so past events stay as they were written.
UPDATE items SET reason_code = 'other' WHERE status = 'rejected';
ALTER TABLE items ADD CONSTRAINT ck_items_rejection_code CHECK (status <> 'rejected' OR reason_code IS NOT NULL);
GO
