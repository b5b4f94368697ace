-- Reference data and access: engines, organisations, rulings with their sites,
-- plaintiffs and engines, and API keys (hashes only).
CREATE TABLE engines (
    id   TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE organisations (
    id         TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE rulings (
    id              TEXT    NOT NULL PRIMARY KEY,
    court           TEXT    NOT NULL,
    case_reference  TEXT    NOT NULL,
    decided_on      TEXT    NOT NULL,
    served_on       TEXT    NULL,
    time_zone       TEXT    NOT NULL,
    compliance_days INTEGER NOT NULL,
    in_force_until  TEXT    NOT NULL,
    note            TEXT    NULL,
    created_at      TEXT    NOT NULL
);

CREATE TABLE ruling_sites (
    ruling_id TEXT NOT NULL REFERENCES rulings (id),
    domain    TEXT NOT NULL,
    network   TEXT NULL,
    PRIMARY KEY (ruling_id, domain)
);

CREATE TABLE ruling_plaintiffs (
    ruling_id       TEXT NOT NULL REFERENCES rulings (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (ruling_id, organisation_id)
);

CREATE TABLE ruling_engines (
    ruling_id TEXT NOT NULL REFERENCES rulings (id),
    engine_id TEXT NOT NULL REFERENCES engines (id),
    PRIMARY KEY (ruling_id, engine_id)
);
CREATE INDEX ix_ruling_engines_engine ON ruling_engines (engine_id, ruling_id);

CREATE TABLE api_keys (
    seq             INTEGER NOT NULL PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    key_hash        BLOB    NOT NULL UNIQUE,
    role            TEXT    NOT NULL CHECK (role IN ('admin', 'rights-holder', 'engine')),
    organisation_id TEXT    NULL REFERENCES organisations (id),
    engine_id       TEXT    NULL REFERENCES engines (id),
    label           TEXT    NULL,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NULL,
    revoked_at      TEXT    NULL,
    CHECK ((role = 'rights-holder') = (organisation_id IS NOT NULL)),
    CHECK ((role = 'engine') = (engine_id IS NOT NULL))
);
