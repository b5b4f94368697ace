-- The changes a batch of engine responses makes, staged inside the batch's transaction; see
-- Sqlite/0022_response_changes.sql. Clustered on its key.
CREATE TABLE response_changes (
    batch_id         bigint         NOT NULL,
    notice_seq       bigint         NOT NULL,
    engine_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    position         bigint         NOT NULL,
    from_status      nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    to_status        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    reported         nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    reason_code      nvarchar(20)   COLLATE Latin1_General_100_BIN2 NULL,
    reason           nvarchar(2000) NULL,
    engine_reference nvarchar(200)  NULL,
    event_id         nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    event_reason     nvarchar(2000) NULL,
    event_reference  nvarchar(200)  NULL,
    change_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_response_changes PRIMARY KEY CLUSTERED (batch_id, notice_seq)
);
