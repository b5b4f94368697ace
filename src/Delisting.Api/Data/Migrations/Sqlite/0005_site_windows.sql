-- The life of a ruling (contract v1.1): every site carries its own window and clock,
-- extensions add sites (a new court decision, or an ARCOM request under art. L.331-27
-- of the Intellectual Property Code), rights holders report mirrors, and what is
-- still open when a site's window ends lapses.
--
-- - ruling_sites gets a key of its own: a domain whose window has ended may be
--   added again by a later extension. Existing sites get their ruling's dates.
-- - notices.obligation_ends_at is the end of the covering site's last day in force
--   (a UTC instant, computed by the service in the ruling's time zone). It is null
--   only for notices stored before this script; the service fills those at start-up.
-- - ruling_events is the ruling's own append-only history.

CREATE TABLE ruling_extensions (
    seq             INTEGER NOT NULL PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    ruling_id       TEXT    NOT NULL REFERENCES rulings (id),
    basis           TEXT    NOT NULL CHECK (basis IN ('court-decision', 'arcom-request')),
    reference       TEXT    NOT NULL,
    decided_on      TEXT    NOT NULL,
    served_on       TEXT    NULL,
    compliance_days INTEGER NOT NULL,
    in_force_until  TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
);
CREATE INDEX ix_ruling_extensions_ruling ON ruling_extensions (ruling_id, seq);

CREATE TEMP TABLE ruling_sites_v1 AS SELECT * FROM ruling_sites;
DROP TABLE ruling_sites;
CREATE TABLE ruling_sites (
    seq             INTEGER NOT NULL PRIMARY KEY,
    ruling_id       TEXT    NOT NULL REFERENCES rulings (id),
    domain          TEXT    NOT NULL,
    network         TEXT    NULL,
    mirror_of       TEXT    NULL,
    added_by        TEXT    NULL REFERENCES ruling_extensions (id),
    in_force_from   TEXT    NOT NULL,
    in_force_until  TEXT    NOT NULL,
    served_on       TEXT    NULL,
    compliance_days INTEGER NOT NULL
);
CREATE INDEX ix_ruling_sites_ruling ON ruling_sites (ruling_id, domain);
INSERT INTO ruling_sites (ruling_id, domain, network, mirror_of, added_by, in_force_from, in_force_until, served_on, compliance_days)
SELECT s.ruling_id, s.domain, s.network, NULL, NULL, COALESCE(r.served_on, r.decided_on), r.in_force_until, r.served_on, r.compliance_days
FROM temp.ruling_sites_v1 s JOIN rulings r ON r.id = s.ruling_id
ORDER BY s.ruling_id, s.domain;
DROP TABLE temp.ruling_sites_v1;

CREATE TABLE mirror_reports (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    ruling_id        TEXT    NOT NULL REFERENCES rulings (id),
    organisation_id  TEXT    NOT NULL REFERENCES organisations (id),
    domain           TEXT    NOT NULL,
    mirror_of        TEXT    NOT NULL,
    evidence         TEXT    NOT NULL,
    note             TEXT    NULL,
    status           TEXT    NOT NULL CHECK (status IN ('reported', 'included', 'dismissed')),
    extension_id     TEXT    NULL REFERENCES ruling_extensions (id),
    dismissal_reason TEXT    NULL,
    created_at       TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    decided_at       TEXT    NULL
);
CREATE INDEX ix_mirror_reports_ruling ON mirror_reports (ruling_id, seq);
-- One open report per domain and ruling: a second one is a 409 naming the first.
CREATE UNIQUE INDEX ux_mirror_reports_open ON mirror_reports (ruling_id, domain) WHERE status = 'reported';

CREATE TABLE ruling_events (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    ruling_id        TEXT    NOT NULL REFERENCES rulings (id),
    type             TEXT    NOT NULL CHECK (type IN ('extended', 'mirror-reported', 'mirror-dismissed', 'withdrawn')),
    at               TEXT    NOT NULL,
    key_id           TEXT    NOT NULL,
    role             TEXT    NOT NULL,
    extension_id     TEXT    NULL,
    mirror_report_id TEXT    NULL,
    reason           TEXT    NULL
);
CREATE INDEX ix_ruling_events_ruling ON ruling_events (ruling_id, seq);

-- Ruling events are never updated or deleted.
CREATE TRIGGER tr_ruling_events_no_update BEFORE UPDATE ON ruling_events
BEGIN SELECT RAISE(ABORT, 'ruling events are append-only'); END;
CREATE TRIGGER tr_ruling_events_no_delete BEFORE DELETE ON ruling_events
BEGIN SELECT RAISE(ABORT, 'ruling events are append-only'); END;

ALTER TABLE notices ADD COLUMN obligation_ends_at TEXT NULL;
-- Empty once the service has filled the notices stored before this script.
CREATE INDEX ix_notices_obligation_unset ON notices (ruling_id) WHERE obligation_ends_at IS NULL;
