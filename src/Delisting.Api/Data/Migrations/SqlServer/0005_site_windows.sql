-- Sites with their own windows, extensions, mirror reports, the ruling's history and
-- the end of each notice's obligation; see Sqlite/0005_site_windows.sql for why.
-- Same tables, columns, keys, indexes and constraints as that script.

CREATE TABLE ruling_extensions (
    seq             bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_ruling_extensions PRIMARY KEY CLUSTERED,
    id              nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    ruling_id       nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_extensions_ruling REFERENCES rulings (id),
    basis           nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_ruling_extensions_basis CHECK (basis IN ('court-decision', 'arcom-request')),
    reference       nvarchar(200)  NOT NULL,
    decided_on      date           NOT NULL,
    served_on       date           NULL,
    compliance_days bigint         NOT NULL,
    in_force_until  date           NOT NULL,
    created_at      datetimeoffset(7) NOT NULL,
    created_by      nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT uq_ruling_extensions_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_ruling_extensions_ruling ON ruling_extensions (ruling_id, seq);

SELECT * INTO #ruling_sites_v1 FROM ruling_sites;
DROP TABLE ruling_sites;
GO

CREATE TABLE ruling_sites (
    seq             bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_ruling_sites PRIMARY KEY CLUSTERED,
    ruling_id       nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_sites_ruling REFERENCES rulings (id),
    domain          nvarchar(253) COLLATE Latin1_General_100_BIN2 NOT NULL,
    network         nvarchar(100) NULL,
    mirror_of       nvarchar(253) COLLATE Latin1_General_100_BIN2 NULL,
    added_by        nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_ruling_sites_extension REFERENCES ruling_extensions (id),
    in_force_from   date          NOT NULL,
    in_force_until  date          NOT NULL,
    served_on       date          NULL,
    compliance_days bigint        NOT NULL
);
CREATE INDEX ix_ruling_sites_ruling ON ruling_sites (ruling_id, domain);
GO

INSERT INTO ruling_sites (ruling_id, domain, network, mirror_of, added_by, in_force_from, in_force_until, served_on, compliance_days)
SELECT s.ruling_id, s.domain, s.network, NULL, NULL, COALESCE(r.served_on, r.decided_on), r.in_force_until, r.served_on, r.compliance_days
FROM #ruling_sites_v1 s JOIN rulings r ON r.id = s.ruling_id
ORDER BY s.ruling_id, s.domain;
DROP TABLE #ruling_sites_v1;

CREATE TABLE mirror_reports (
    seq              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_mirror_reports PRIMARY KEY CLUSTERED,
    id               nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    ruling_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_mirror_reports_ruling REFERENCES rulings (id),
    organisation_id  nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_mirror_reports_organisation REFERENCES organisations (id),
    domain           nvarchar(253)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    mirror_of        nvarchar(253)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    evidence         nvarchar(max)  NOT NULL,
    note             nvarchar(2000) NULL,
    status           nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_mirror_reports_status CHECK (status IN ('reported', 'included', 'dismissed')),
    extension_id     nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_mirror_reports_extension REFERENCES ruling_extensions (id),
    dismissal_reason nvarchar(2000) NULL,
    created_at       datetimeoffset(7) NOT NULL,
    created_by       nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    decided_at       datetimeoffset(7) NULL,
    CONSTRAINT uq_mirror_reports_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_mirror_reports_ruling ON mirror_reports (ruling_id, seq);
CREATE UNIQUE INDEX ux_mirror_reports_open ON mirror_reports (ruling_id, domain) WHERE status = 'reported';

CREATE TABLE ruling_events (
    seq              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_ruling_events PRIMARY KEY CLUSTERED,
    id               nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    ruling_id        nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_events_ruling REFERENCES rulings (id),
    type             nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_ruling_events_type CHECK (type IN ('extended', 'mirror-reported', 'mirror-dismissed', 'withdrawn')),
    at               datetimeoffset(7) NOT NULL,
    key_id           nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    role             nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    extension_id     nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    mirror_report_id nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    reason           nvarchar(2000) NULL,
    CONSTRAINT uq_ruling_events_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_ruling_events_ruling ON ruling_events (ruling_id, seq);
GO

-- Ruling events are never updated or deleted.
CREATE TRIGGER tr_ruling_events_append_only ON ruling_events
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
        THROW 50001, 'ruling events are append-only', 1;
END;
GO

ALTER TABLE notices ADD obligation_ends_at datetimeoffset(7) NULL;
GO

CREATE INDEX ix_notices_obligation_unset ON notices (ruling_id) WHERE obligation_ends_at IS NULL;
