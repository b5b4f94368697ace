-- Protected hosts; see Sqlite/0017_safeguards.sql.
CREATE TABLE protected_hosts (
    seq                bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_protected_hosts PRIMARY KEY CLUSTERED,
    id                 nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT uq_protected_hosts_id UNIQUE,
    host               nvarchar(253)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT uq_protected_hosts_host UNIQUE,
    include_subdomains bit            NOT NULL,
    reason             nvarchar(1000) NOT NULL,
    created_at         datetimeoffset(7) NOT NULL,
    created_by         nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL
);

CREATE TABLE protected_host_removals (
    host       nvarchar(253) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_protected_host_removals PRIMARY KEY CLUSTERED,
    removed_at datetimeoffset(7) NOT NULL,
    removed_by nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL
);

ALTER TABLE ruling_sites ADD protected_host_override nvarchar(1000) NULL;

CREATE INDEX ix_notices_ruling_site ON notices (ruling_id, site);

ALTER TABLE ruling_events DROP CONSTRAINT ck_ruling_events_type;
ALTER TABLE ruling_events ALTER COLUMN type nvarchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL;
ALTER TABLE ruling_events ADD CONSTRAINT ck_ruling_events_type
    CHECK (type IN ('extended', 'mirror-reported', 'mirror-dismissed', 'withdrawn', 'protected-host-override'));
ALTER TABLE ruling_events ADD site nvarchar(253) COLLATE Latin1_General_100_BIN2 NULL;
GO
