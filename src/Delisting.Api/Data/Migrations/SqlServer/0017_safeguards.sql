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

-- Evidence; see Sqlite/0017_safeguards.sql.
CREATE TABLE evidence (
    sha256     nvarchar(64)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_evidence PRIMARY KEY CLUSTERED,
    size       bigint        NOT NULL,
    media_type nvarchar(200) NOT NULL,
    stored_at  datetimeoffset(7) NOT NULL,
    stored_by  nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL
);

CREATE TABLE evidence_uploaders (
    sha256          nvarchar(64)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_evidence_uploaders_evidence REFERENCES evidence (sha256),
    organisation_id nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_evidence_uploaders_organisation REFERENCES organisations (id),
    CONSTRAINT pk_evidence_uploaders PRIMARY KEY CLUSTERED (sha256, organisation_id)
);

CREATE TABLE evidence_captures (
    seq              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_evidence_captures PRIMARY KEY CLUSTERED,
    ruling_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_evidence_captures_ruling REFERENCES rulings (id),
    request_id       nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    mirror_report_id nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    position         bigint         NOT NULL,
    sha256           nvarchar(64)   COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_evidence_captures_evidence REFERENCES evidence (sha256),
    url              nvarchar(2048) NULL,
    captured_at      datetimeoffset(7) NOT NULL,
    media_type       nvarchar(200)  NOT NULL,
    description      nvarchar(1000) NULL
);
CREATE INDEX ix_evidence_captures_sha256 ON evidence_captures (sha256, ruling_id);
CREATE INDEX ix_evidence_captures_request ON evidence_captures (request_id, position) WHERE request_id IS NOT NULL;
CREATE INDEX ix_evidence_captures_report ON evidence_captures (mirror_report_id, position) WHERE mirror_report_id IS NOT NULL;
GO
