-- Reference data and access: engines, organisations, rulings with their sites,
-- plaintiffs and engines, and API keys (hashes only). Same tables, columns,
-- constraints and indexes as Sqlite/0001_reference.sql.
--
-- Identifiers, domains and enumerated values use a binary collation so that they
-- compare and sort exactly as SQLite's default BINARY collation does: keyset paging
-- (id > @After ORDER BY id) walks the same order, and 'Apc' is not 'apc'.
-- Integer columns are bigint because SQLite hands every integer back as Int64.

CREATE TABLE engines (
    id   nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_engines PRIMARY KEY,
    name nvarchar(200) NOT NULL
);

CREATE TABLE organisations (
    id         nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_organisations PRIMARY KEY,
    name       nvarchar(200) NOT NULL,
    created_at datetimeoffset(7) NOT NULL
);

CREATE TABLE rulings (
    id              nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_rulings PRIMARY KEY,
    court           nvarchar(200)  NOT NULL,
    case_reference  nvarchar(100)  NOT NULL,
    decided_on      date           NOT NULL,
    served_on       date           NULL,
    time_zone       nvarchar(100)  NOT NULL,
    compliance_days bigint         NOT NULL,
    in_force_until  date           NOT NULL,
    note            nvarchar(2000) NULL,
    created_at      datetimeoffset(7) NOT NULL
);

CREATE TABLE ruling_sites (
    ruling_id nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_sites_ruling REFERENCES rulings (id),
    domain    nvarchar(253) COLLATE Latin1_General_100_BIN2 NOT NULL,
    network   nvarchar(100) NULL,
    CONSTRAINT pk_ruling_sites PRIMARY KEY (ruling_id, domain)
);

CREATE TABLE ruling_plaintiffs (
    ruling_id       nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_plaintiffs_ruling REFERENCES rulings (id),
    organisation_id nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_plaintiffs_organisation REFERENCES organisations (id),
    CONSTRAINT pk_ruling_plaintiffs PRIMARY KEY (ruling_id, organisation_id)
);

CREATE TABLE ruling_engines (
    ruling_id nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_engines_ruling REFERENCES rulings (id),
    engine_id nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT fk_ruling_engines_engine REFERENCES engines (id),
    CONSTRAINT pk_ruling_engines PRIMARY KEY (ruling_id, engine_id)
);
CREATE INDEX ix_ruling_engines_engine ON ruling_engines (engine_id, ruling_id);

-- seq orders the keys (paging) and clusters the table; id is the public, opaque key.
CREATE TABLE api_keys (
    seq             bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY CLUSTERED,
    id              nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    key_hash        binary(32)    NOT NULL,
    role            nvarchar(20)  COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_api_keys_role CHECK (role IN ('admin', 'rights-holder', 'engine')),
    organisation_id nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_api_keys_organisation REFERENCES organisations (id),
    engine_id       nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL CONSTRAINT fk_api_keys_engine REFERENCES engines (id),
    label           nvarchar(200) NULL,
    created_at      datetimeoffset(7) NOT NULL,
    created_by      nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL,
    revoked_at      datetimeoffset(7) NULL,
    CONSTRAINT uq_api_keys_id UNIQUE NONCLUSTERED (id),
    CONSTRAINT uq_api_keys_key_hash UNIQUE NONCLUSTERED (key_hash),
    -- T-SQL has no boolean comparison: "(role = 'x') = (column IS NOT NULL)" spelled out.
    CONSTRAINT ck_api_keys_organisation CHECK (
        (role = 'rights-holder' AND organisation_id IS NOT NULL) OR (role <> 'rights-holder' AND organisation_id IS NULL)),
    CONSTRAINT ck_api_keys_engine CHECK (
        (role = 'engine' AND engine_id IS NOT NULL) OR (role <> 'engine' AND engine_id IS NULL))
);
