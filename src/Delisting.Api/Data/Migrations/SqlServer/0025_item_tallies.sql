-- The counts of a ruling's items by key, kept as items and notices change; see Sqlite/0025_item_tallies.sql. Here the
-- triggers fire once per statement and move the counts of every row it changed by one MERGE. A missing end of
-- obligation or delisting is stored as the instant "never" (9999-12-31T23:59:59Z), a missing rejection code as ''.
CREATE TABLE item_tallies (
    ruling_id          nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    engine_id          nvarchar(100)     COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at         datetimeoffset(7) NOT NULL,
    deadline           datetimeoffset(7) NOT NULL,
    obligation_ends_at datetimeoffset(7) NOT NULL,
    status             nvarchar(20)      COLLATE Latin1_General_100_BIN2 NOT NULL,
    reason_code        nvarchar(20)      COLLATE Latin1_General_100_BIN2 NOT NULL,
    delisted_at        datetimeoffset(7) NOT NULL,
    items              bigint            NOT NULL,
    CONSTRAINT pk_item_tallies PRIMARY KEY CLUSTERED
        (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at)
);
GO

DECLARE @never datetimeoffset(7) = CAST('9999-12-31T23:59:59+00:00' AS datetimeoffset(7));
INSERT INTO item_tallies (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
SELECT n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, @never),
       i.status, COALESCE(i.reason_code, N''), COALESCE(i.delisted_at, @never), COUNT_BIG(*)
FROM items i JOIN notices n ON n.seq = i.notice_seq
GROUP BY n.ruling_id, i.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, @never),
         i.status, COALESCE(i.reason_code, N''), COALESCE(i.delisted_at, @never);
GO

CREATE TRIGGER tr_items_tally ON items AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT (UPDATE(status) OR UPDATE(reason_code) OR UPDATE(delisted_at)) RETURN;
    DECLARE @never datetimeoffset(7) = CAST('9999-12-31T23:59:59+00:00' AS datetimeoffset(7));
    MERGE item_tallies WITH (HOLDLOCK) AS t
    USING (
        SELECT n.ruling_id, c.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, @never) AS obligation_ends_at,
               c.status, c.reason_code, c.delisted_at, SUM(c.delta) AS delta
        FROM (
            SELECT notice_seq, engine_id, status, COALESCE(reason_code, N'') AS reason_code, COALESCE(delisted_at, @never) AS delisted_at,
                   CAST(-1 AS bigint) AS delta
            FROM deleted
            UNION ALL
            SELECT notice_seq, engine_id, status, COALESCE(reason_code, N''), COALESCE(delisted_at, @never), CAST(1 AS bigint)
            FROM inserted
        ) c
        JOIN notices n ON n.seq = c.notice_seq
        GROUP BY n.ruling_id, c.engine_id, n.created_at, n.deadline, COALESCE(n.obligation_ends_at, @never), c.status, c.reason_code, c.delisted_at
        HAVING SUM(c.delta) <> 0
    ) AS s
    ON t.ruling_id = s.ruling_id AND t.engine_id = s.engine_id AND t.created_at = s.created_at AND t.deadline = s.deadline
       AND t.obligation_ends_at = s.obligation_ends_at AND t.status = s.status AND t.reason_code = s.reason_code
       AND t.delisted_at = s.delisted_at
    WHEN MATCHED THEN UPDATE SET items = t.items + s.delta
    WHEN NOT MATCHED THEN
        INSERT (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
        VALUES (s.ruling_id, s.engine_id, s.created_at, s.deadline, s.obligation_ends_at, s.status, s.reason_code, s.delisted_at, s.delta);
END
GO

CREATE TRIGGER tr_notices_tally ON notices AFTER UPDATE AS
BEGIN
    SET NOCOUNT ON;
    IF NOT (UPDATE(deadline) OR UPDATE(obligation_ends_at)) RETURN;
    DECLARE @never datetimeoffset(7) = CAST('9999-12-31T23:59:59+00:00' AS datetimeoffset(7));
    MERGE item_tallies WITH (HOLDLOCK) AS t
    USING (
        SELECT c.ruling_id, i.engine_id, c.created_at, c.deadline, c.obligation_ends_at, i.status,
               COALESCE(i.reason_code, N'') AS reason_code, COALESCE(i.delisted_at, @never) AS delisted_at, SUM(c.delta) AS delta
        FROM (
            SELECT seq, ruling_id, created_at, deadline, COALESCE(obligation_ends_at, @never) AS obligation_ends_at, CAST(-1 AS bigint) AS delta
            FROM deleted
            UNION ALL
            SELECT seq, ruling_id, created_at, deadline, COALESCE(obligation_ends_at, @never), CAST(1 AS bigint)
            FROM inserted
        ) c
        JOIN items i ON i.notice_seq = c.seq
        GROUP BY c.ruling_id, i.engine_id, c.created_at, c.deadline, c.obligation_ends_at, i.status, COALESCE(i.reason_code, N''),
                 COALESCE(i.delisted_at, @never)
        HAVING SUM(c.delta) <> 0
    ) AS s
    ON t.ruling_id = s.ruling_id AND t.engine_id = s.engine_id AND t.created_at = s.created_at AND t.deadline = s.deadline
       AND t.obligation_ends_at = s.obligation_ends_at AND t.status = s.status AND t.reason_code = s.reason_code
       AND t.delisted_at = s.delisted_at
    WHEN MATCHED THEN UPDATE SET items = t.items + s.delta
    WHEN NOT MATCHED THEN
        INSERT (ruling_id, engine_id, created_at, deadline, obligation_ends_at, status, reason_code, delisted_at, items)
        VALUES (s.ruling_id, s.engine_id, s.created_at, s.deadline, s.obligation_ends_at, s.status, s.reason_code, s.delisted_at, s.delta);
END
GO
