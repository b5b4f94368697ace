-- Protected hosts (contract v1.2): hosts no site, mirror report or URL may hit unless a court overrode it.
-- - protected_hosts: the entries; a host is protected once at a time (409 with the existing id).
-- - protected_host_removals: the seeded hosts an admin deleted, so the seeder does not put them back at the next start.
-- - ruling_sites.protected_host_override: the court's words that allow a site on a protected host.
-- - ruling_events: the type 'protected-host-override' records an override, and `site` names the site it concerns.
-- - notices by ruling and site: protecting a host finds the claimed notices of the sites that may hold it.
CREATE TABLE protected_hosts (
    seq                INTEGER NOT NULL PRIMARY KEY,
    id                 TEXT    NOT NULL UNIQUE,
    host               TEXT    NOT NULL UNIQUE,
    include_subdomains INTEGER NOT NULL,
    reason             TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    created_by         TEXT    NULL
);

CREATE TABLE protected_host_removals (
    host       TEXT NOT NULL PRIMARY KEY,
    removed_at TEXT NOT NULL,
    removed_by TEXT NOT NULL
);

ALTER TABLE ruling_sites ADD COLUMN protected_host_override TEXT NULL;

CREATE INDEX ix_notices_ruling_site ON notices (ruling_id, site);

-- The type check grows by one value: SQLite changes a CHECK only by rebuilding the table (append-only triggers included).
CREATE TABLE ruling_events_v17 (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    ruling_id        TEXT    NOT NULL REFERENCES rulings (id),
    type             TEXT    NOT NULL
        CHECK (type IN ('extended', 'mirror-reported', 'mirror-dismissed', 'withdrawn', 'protected-host-override')),
    at               TEXT    NOT NULL,
    key_id           TEXT    NOT NULL,
    role             TEXT    NOT NULL,
    extension_id     TEXT    NULL,
    mirror_report_id TEXT    NULL,
    reason           TEXT    NULL,
    site             TEXT    NULL
);
INSERT INTO ruling_events_v17 (seq, id, ruling_id, type, at, key_id, role, extension_id, mirror_report_id, reason)
SELECT seq, id, ruling_id, type, at, key_id, role, extension_id, mirror_report_id, reason FROM ruling_events ORDER BY seq;
DROP TABLE ruling_events;
ALTER TABLE ruling_events_v17 RENAME TO ruling_events;
CREATE INDEX ix_ruling_events_ruling ON ruling_events (ruling_id, seq);

-- Ruling events are never updated or deleted.
CREATE TRIGGER tr_ruling_events_no_update BEFORE UPDATE ON ruling_events
BEGIN SELECT RAISE(ABORT, 'ruling events are append-only'); END;
CREATE TRIGGER tr_ruling_events_no_delete BEFORE DELETE ON ruling_events
BEGIN SELECT RAISE(ABORT, 'ruling events are append-only'); END;

-- Evidence (contract v1.2): captures kept content-addressed in a store outside the database (a folder, or Azure Blob
-- Storage); the database holds what is known of each: its size and media type, who uploaded it, who cites it.
-- A row is written only after the bytes are in place, so a capture reads as stored only once it is whole.
CREATE TABLE evidence (
    sha256     TEXT    NOT NULL PRIMARY KEY,
    size       INTEGER NOT NULL,
    media_type TEXT    NOT NULL,
    stored_at  TEXT    NOT NULL,
    stored_by  TEXT    NOT NULL
);

-- Each organisation that uploaded the bytes reads them.
CREATE TABLE evidence_uploaders (
    sha256          TEXT NOT NULL REFERENCES evidence (sha256),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (sha256, organisation_id)
);

-- The captures a request or a mirror report cites: the plaintiffs and engines of its ruling read them.
CREATE TABLE evidence_captures (
    seq              INTEGER NOT NULL PRIMARY KEY,
    ruling_id        TEXT    NOT NULL REFERENCES rulings (id),
    request_id       TEXT    NULL,
    mirror_report_id TEXT    NULL,
    position         INTEGER NOT NULL,
    sha256           TEXT    NOT NULL REFERENCES evidence (sha256),
    url              TEXT    NULL,
    captured_at      TEXT    NOT NULL,
    media_type       TEXT    NOT NULL,
    description      TEXT    NULL
);
CREATE INDEX ix_evidence_captures_sha256 ON evidence_captures (sha256, ruling_id);
CREATE INDEX ix_evidence_captures_request ON evidence_captures (request_id, position) WHERE request_id IS NOT NULL;
CREATE INDEX ix_evidence_captures_report ON evidence_captures (mirror_report_id, position) WHERE mirror_report_id IS NOT NULL;
