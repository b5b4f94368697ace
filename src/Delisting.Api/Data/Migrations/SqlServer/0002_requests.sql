-- Delisting requests, notices (one per ruling and normalized URL, unique through
-- a SHA-256 hash of the URL: a 2,048-character nvarchar cannot be an index key),
-- items (one per notice and engine), the append-only audit trail and idempotency
-- records. Same tables, columns, constraints and indexes as Sqlite/0002_requests.sql;
-- collation and integer choices as in 0001_reference.sql.

CREATE TABLE requests (
    seq              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_requests PRIMARY KEY CLUSTERED,
    id               nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    ruling_id        nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_requests_ruling REFERENCES rulings (id),
    organisation_id  nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_requests_organisation REFERENCES organisations (id),
    client_reference nvarchar(200) NULL,
    submitted_at     datetimeoffset(7) NOT NULL,
    deadline         datetimeoffset(7) NOT NULL,
    submitted_by     nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT uq_requests_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_requests_organisation ON requests (organisation_id, seq);
CREATE INDEX ix_requests_ruling ON requests (ruling_id, seq);

CREATE TABLE notices (
    seq        bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_notices PRIMARY KEY CLUSTERED,
    id         nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    ruling_id  nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_notices_ruling REFERENCES rulings (id),
    url_hash   binary(32)     NOT NULL,
    url        nvarchar(2048) NOT NULL,
    site       nvarchar(253)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    created_at datetimeoffset(7) NOT NULL,
    CONSTRAINT uq_notices_id UNIQUE NONCLUSTERED (id),
    CONSTRAINT uq_notices_ruling_url UNIQUE NONCLUSTERED (ruling_id, url_hash)
);

CREATE TABLE request_urls (
    request_id        nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_request_urls_request REFERENCES requests (id),
    position          bigint        NOT NULL,
    notice_id         nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_request_urls_notice REFERENCES notices (id),
    already_requested bit           NOT NULL,
    CONSTRAINT pk_request_urls PRIMARY KEY (request_id, position)
);

CREATE TABLE items (
    seq              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_items PRIMARY KEY CLUSTERED,
    id               nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    notice_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_items_notice REFERENCES notices (id),
    engine_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_items_engine REFERENCES engines (id),
    ruling_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_items_ruling REFERENCES rulings (id),
    status           nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_items_status CHECK (status IN ('pending', 'acknowledged', 'delisted', 'rejected')),
    deadline         datetimeoffset(7) NOT NULL,
    reason           nvarchar(2000) NULL,
    engine_reference nvarchar(200)  NULL,
    created_at       datetimeoffset(7) NOT NULL,
    updated_at       datetimeoffset(7) NOT NULL,
    delisted_at      datetimeoffset(7) NULL,
    CONSTRAINT uq_items_id UNIQUE NONCLUSTERED (id),
    CONSTRAINT uq_items_notice_engine UNIQUE NONCLUSTERED (notice_id, engine_id)
);
CREATE INDEX ix_items_queue ON items (engine_id, status, seq);
CREATE INDEX ix_items_engine ON items (engine_id, seq);
CREATE INDEX ix_items_ruling ON items (ruling_id, engine_id, status);

CREATE TABLE events (
    seq         bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_events PRIMARY KEY CLUSTERED,
    id          nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    type        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_events_type CHECK (type IN ('submitted', 'status-changed')),
    at          datetimeoffset(7) NOT NULL,
    key_id      nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    role        nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    request_id  nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_events_request REFERENCES requests (id),
    item_id     nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_events_item REFERENCES items (id),
    engine_id   nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    from_status nvarchar(20)   COLLATE Latin1_General_100_BIN2 NULL,
    to_status   nvarchar(20)   COLLATE Latin1_General_100_BIN2 NULL,
    reason      nvarchar(2000) NULL,
    CONSTRAINT uq_events_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_events_request ON events (request_id, seq);
CREATE INDEX ix_events_item ON events (item_id, seq);

-- The request hash is never part of a key; varbinary, so that a digest of another
-- length is stored as given instead of being silently zero-padded to a fixed width.
CREATE TABLE idempotency_records (
    key_id          nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    idempotency_key nvarchar(200)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    request_hash    varbinary(64)  NOT NULL,
    status_code     bigint         NULL,
    response_body   nvarchar(max)  NULL,
    location        nvarchar(2048) NULL,
    created_at      datetimeoffset(7) NOT NULL,
    completed_at    datetimeoffset(7) NULL,
    CONSTRAINT pk_idempotency_records PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_records (created_at);

-- CREATE TRIGGER must start its own batch: DbUp splits the script on GO lines.
GO

-- Events are never updated or deleted. Like SQLite's row triggers, a statement
-- that touches no row is not an error.
CREATE TRIGGER tr_events_append_only ON events
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
        THROW 50001, 'events are append-only', 1;
END;
GO
