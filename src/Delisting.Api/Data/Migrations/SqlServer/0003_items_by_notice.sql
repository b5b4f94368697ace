-- Items keyed by their notice and engine; see Sqlite/0003_items_by_notice.sql for
-- why. Same tables, columns, keys and indexes as that script. The old rows are
-- copied through temporary tables so that the new constraints keep their names.

ALTER TABLE notices ADD deadline datetimeoffset(7) NULL;
GO

UPDATE n
SET deadline = COALESCE((SELECT MIN(i.deadline) FROM items i WHERE i.notice_id = n.id), n.created_at)
FROM notices n;
ALTER TABLE notices ALTER COLUMN deadline datetimeoffset(7) NOT NULL;

SELECT * INTO #items_v1 FROM items;
SELECT * INTO #events_v1 FROM events;
DROP TABLE events;
DROP TABLE items;
-- A batch is compiled as a whole: statements that use the new tables' columns come in later batches.
GO

CREATE TABLE items (
    notice_seq       bigint         NOT NULL CONSTRAINT fk_items_notice REFERENCES notices (seq),
    engine_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_items_engine REFERENCES engines (id),
    status           nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_items_status CHECK (status IN ('pending', 'acknowledged', 'delisted', 'rejected')),
    reason           nvarchar(2000) NULL,
    engine_reference nvarchar(200)  NULL,
    updated_at       datetimeoffset(7) NULL,
    delisted_at      datetimeoffset(7) NULL,
    legacy_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    CONSTRAINT pk_items PRIMARY KEY CLUSTERED (notice_seq, engine_id)
);
CREATE INDEX ix_items_queue ON items (engine_id, status, notice_seq);
CREATE UNIQUE INDEX ux_items_legacy_id ON items (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TABLE events (
    seq         bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_events PRIMARY KEY CLUSTERED,
    id          nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    type        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_events_type CHECK (type IN ('submitted', 'status-changed')),
    at          datetimeoffset(7) NOT NULL,
    key_id      nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    role        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    request_id  nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_events_request REFERENCES requests (id),
    notice_id   nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_events_notice REFERENCES notices (id),
    item_id     nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    engine_id   nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    from_status nvarchar(20)   COLLATE Latin1_General_100_BIN2 NULL,
    to_status   nvarchar(20)   COLLATE Latin1_General_100_BIN2 NULL,
    reason      nvarchar(2000) NULL,
    CONSTRAINT uq_events_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_events_request ON events (request_id, seq);
CREATE INDEX ix_events_notice ON events (notice_id, seq);
GO

INSERT INTO items (notice_seq, engine_id, status, reason, engine_reference, updated_at, delisted_at, legacy_id)
SELECT n.seq, i.engine_id, i.status, i.reason, i.engine_reference,
       CASE WHEN i.updated_at = i.created_at THEN NULL ELSE i.updated_at END, i.delisted_at, i.id
FROM #items_v1 i JOIN notices n ON n.id = i.notice_id;

SET IDENTITY_INSERT events ON;
INSERT INTO events (seq, id, type, at, key_id, role, request_id, notice_id, item_id, engine_id, from_status, to_status, reason)
SELECT e.seq, e.id, e.type, e.at, e.key_id, e.role, e.request_id, i.notice_id, e.item_id, e.engine_id, e.from_status, e.to_status, e.reason
FROM #events_v1 e LEFT JOIN #items_v1 i ON i.id = e.item_id;
SET IDENTITY_INSERT events OFF;

DROP TABLE #events_v1;
DROP TABLE #items_v1;
GO

-- Events are never updated or deleted (as in 0002_requests.sql).
CREATE TRIGGER tr_events_append_only ON events
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
        THROW 50001, 'events are append-only', 1;
END;
GO
