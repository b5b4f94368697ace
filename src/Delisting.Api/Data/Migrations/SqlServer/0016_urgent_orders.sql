-- Urgent orders: see Sqlite/0016_urgent_orders.sql for why. Same columns as that script.
ALTER TABLE rulings ADD response_seconds bigint NULL;
ALTER TABLE ruling_sites ADD response_seconds bigint NULL;
ALTER TABLE ruling_extensions ADD response_seconds bigint NULL;

-- The engine queue by due instant: see Sqlite/0016_urgent_orders.sql. The nonclustered index
-- (engine_id, status, due_at, notice_seq) makes each status's page a seek and an ordered range scan of at most
-- `limit` rows at any table size (10 M items and more), without a sort.
ALTER TABLE items ADD due_at datetimeoffset(7) NULL;
GO

UPDATE i
SET due_at = CASE WHEN i.status = 'relist-pending' AND i.updated_at IS NOT NULL THEN i.updated_at ELSE n.deadline END
FROM items i JOIN notices n ON n.seq = i.notice_seq;
DROP INDEX ix_items_queue ON items;
CREATE INDEX ix_items_due ON items (engine_id, status, due_at, notice_seq);
GO

-- Warning before an order ends: see Sqlite/0016_urgent_orders.sql.
CREATE TABLE lapse_warnings (
    ruling_id  nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_lapse_warnings_ruling REFERENCES rulings (id),
    lapses_at  datetimeoffset(7) NOT NULL,
    feed       nvarchar(20)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT ck_lapse_warnings_feed CHECK (feed IN ('engine', 'organisation')),
    reader     nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    change_id  nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    written_at datetimeoffset(7) NOT NULL,
    CONSTRAINT pk_lapse_warnings PRIMARY KEY CLUSTERED (ruling_id, lapses_at, feed, reader)
);

ALTER TABLE changes DROP CONSTRAINT ck_changes_type;
ALTER TABLE changes ADD CONSTRAINT ck_changes_type CHECK (type IN ('items-created', 'item-reopened', 'item-withdrawn', 'relist-requested',
                                                                   'ruling-extended', 'status-changed', 'mirror-report-decided', 'ruling-lapsing'));
ALTER TABLE changes ADD lapses_at datetimeoffset(7) NULL, lapse_sites nvarchar(max) NULL, open_items bigint NULL;
