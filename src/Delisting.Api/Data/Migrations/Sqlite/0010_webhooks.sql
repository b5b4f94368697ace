-- Webhooks (contract v1.1): a subscription of an engine or organisation to its change feed, and the deliveries made
-- from that feed. A delivery is cut from the feed (`changes`) and the subscription's cursor moves past it in one
-- transaction, and its body is stored, so a retry sends the same events under the same webhook-id and a crash
-- neither loses nor invents one. The secret signs deliveries (HMAC), so it is kept as given, never shown again.
CREATE TABLE webhook_subscriptions (
    seq             INTEGER NOT NULL PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    feed            TEXT    NOT NULL CHECK (feed IN ('engine', 'organisation')),
    owner           TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    description     TEXT    NULL,
    secret          TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('active', 'disabled', 'deleted')),
    feed_position   TEXT    NOT NULL,
    failed_in_row   INTEGER NOT NULL,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL
);
CREATE INDEX ix_webhook_subscriptions_owner ON webhook_subscriptions (feed, owner, seq);

CREATE TABLE webhook_deliveries (
    seq              INTEGER NOT NULL PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    subscription_id  TEXT    NOT NULL REFERENCES webhook_subscriptions (id),
    body             TEXT    NOT NULL,
    event_count      INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         INTEGER NOT NULL,
    next_attempt_at  TEXT    NULL,
    last_status_code INTEGER NULL,
    last_error       TEXT    NULL,
    last_response    TEXT    NULL,
    lease_owner      TEXT    NULL,
    lease_until      TEXT    NULL,
    created_at       TEXT    NOT NULL,
    completed_at     TEXT    NULL
);
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, seq);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
