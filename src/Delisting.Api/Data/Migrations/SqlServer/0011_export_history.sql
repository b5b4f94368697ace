-- The compliance export's history; see Sqlite/0011_export_history.sql.
ALTER TABLE events ADD engine_reference nvarchar(200) NULL;
GO

-- The trail is completed once from the organisations' feed rows (since 0008); the trigger that forbids it is back on below.
CREATE INDEX ix_changes_reports_backfill ON changes (notice_seq, engine_id, at)
    INCLUDE (to_status, engine_reference)
    WHERE feed = 'organisation' AND type = 'status-changed';
GO

ALTER TABLE events DISABLE TRIGGER tr_events_append_only;

UPDATE e
SET engine_reference = r.engine_reference
FROM events e
JOIN notices n ON n.id = e.notice_id
CROSS APPLY (SELECT TOP (1) c.engine_reference
             FROM changes c
             WHERE c.notice_seq = n.seq AND c.feed = 'organisation' AND c.type = 'status-changed'
               AND c.engine_id = e.engine_id AND c.at = e.at AND c.to_status = e.to_status
               AND c.engine_reference IS NOT NULL) r
WHERE e.type = 'status-changed' AND e.role = 'engine';

ALTER TABLE events ENABLE TRIGGER tr_events_append_only;

DROP INDEX ix_changes_reports_backfill ON changes;

CREATE TABLE notice_deadlines (
    seq               bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_notice_deadlines PRIMARY KEY CLUSTERED,
    notice_seq        bigint            NOT NULL CONSTRAINT fk_notice_deadlines_notice REFERENCES notices (seq),
    at                datetimeoffset(7) NOT NULL,
    previous_deadline datetimeoffset(7) NOT NULL,
    deadline          datetimeoffset(7) NOT NULL
);
CREATE INDEX ix_notice_deadlines_notice ON notice_deadlines (notice_seq, seq);
GO

-- Notice deadlines are never updated or deleted (as events, 0002_requests.sql).
CREATE TRIGGER tr_notice_deadlines_append_only ON notice_deadlines
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
        THROW 50001, 'notice deadlines are append-only', 1;
END;
GO
