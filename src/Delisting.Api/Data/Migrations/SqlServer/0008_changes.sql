-- Change feeds; see Sqlite/0008_changes.sql. Writers of this table hold the application lock 'delisting-changes'
-- (transaction-owned) from before their first insert until commit, so identity order is commit order.
CREATE TABLE changes (
    seq              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_changes PRIMARY KEY CLUSTERED,
    id               nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    feed             nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_changes_feed CHECK (feed IN ('engine', 'organisation')),
    type             nvarchar(30)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_changes_type CHECK (type IN ('items-created', 'item-reopened', 'item-withdrawn', 'relist-requested',
                                                   'ruling-extended', 'status-changed', 'mirror-report-decided')),
    at               datetimeoffset(7) NOT NULL,
    ruling_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_changes_ruling REFERENCES rulings (id),
    engine_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    organisation_id  nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    request_id       nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    notice_seq       bigint         NULL,
    from_status      nvarchar(20)   COLLATE Latin1_General_100_BIN2 NULL,
    to_status        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NULL,
    reason_code      nvarchar(30)   COLLATE Latin1_General_100_BIN2 NULL,
    reason           nvarchar(2000) NULL,
    engine_reference nvarchar(200)  NULL,
    extension_id     nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    mirror_report_id nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL
);
CREATE INDEX ix_changes_engine ON changes (engine_id, seq) WHERE feed = 'engine';
CREATE INDEX ix_changes_organisation ON changes (organisation_id, seq) WHERE feed = 'organisation';
GO

CREATE TRIGGER tr_changes_append_only ON changes
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
        THROW 50001, 'changes are append-only', 1;
END;
GO
