-- Delisting requests, notices (one per ruling and normalized URL, unique through
-- a SHA-256 hash of the URL so the key fits SQL Server's index limit too), items
-- (one per notice and engine), the append-only audit trail and idempotency records.
CREATE TABLE requests (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    ruling_id        TEXT    NOT NULL REFERENCES rulings (id),
    organisation_id  TEXT    NOT NULL REFERENCES organisations (id),
    client_reference TEXT    NULL,
    submitted_at     TEXT    NOT NULL,
    deadline         TEXT    NOT NULL,
    submitted_by     TEXT    NOT NULL
);
CREATE INDEX ix_requests_organisation ON requests (organisation_id, seq);
CREATE INDEX ix_requests_ruling ON requests (ruling_id, seq);

CREATE TABLE notices (
    seq        INTEGER NOT NULL PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    ruling_id  TEXT    NOT NULL REFERENCES rulings (id),
    url_hash   BLOB    NOT NULL,
    url        TEXT    NOT NULL,
    site       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (ruling_id, url_hash)
);

CREATE TABLE request_urls (
    request_id        TEXT    NOT NULL REFERENCES requests (id),
    position          INTEGER NOT NULL,
    notice_id         TEXT    NOT NULL REFERENCES notices (id),
    already_requested INTEGER NOT NULL,
    PRIMARY KEY (request_id, position)
);

CREATE TABLE items (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    notice_id        TEXT    NOT NULL REFERENCES notices (id),
    engine_id        TEXT    NOT NULL REFERENCES engines (id),
    ruling_id        TEXT    NOT NULL REFERENCES rulings (id),
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'acknowledged', 'delisted', 'rejected')),
    deadline         TEXT    NOT NULL,
    reason           TEXT    NULL,
    engine_reference TEXT    NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    delisted_at      TEXT    NULL,
    UNIQUE (notice_id, engine_id)
);
CREATE INDEX ix_items_queue ON items (engine_id, status, seq);
CREATE INDEX ix_items_engine ON items (engine_id, seq);
CREATE INDEX ix_items_ruling ON items (ruling_id, engine_id, status);

CREATE TABLE events (
    seq         INTEGER NOT NULL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL CHECK (type IN ('submitted', 'status-changed')),
    at          TEXT    NOT NULL,
    key_id      TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    request_id  TEXT    NULL REFERENCES requests (id),
    item_id     TEXT    NULL REFERENCES items (id),
    engine_id   TEXT    NULL,
    from_status TEXT    NULL,
    to_status   TEXT    NULL,
    reason      TEXT    NULL
);
CREATE INDEX ix_events_request ON events (request_id, seq);
CREATE INDEX ix_events_item ON events (item_id, seq);

-- Events are never updated or deleted.
CREATE TRIGGER tr_events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER tr_events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE idempotency_records (
    key_id          TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_hash    BLOB    NOT NULL,
    status_code     INTEGER NULL,
    response_body   TEXT    NULL,
    location        TEXT    NULL,
    created_at      TEXT    NOT NULL,
    completed_at    TEXT    NULL,
    PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_records (created_at);
