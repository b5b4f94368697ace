-- Webhooks; see Sqlite/0010_webhooks.sql.
CREATE TABLE webhook_subscriptions (
    seq             bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_webhook_subscriptions PRIMARY KEY CLUSTERED,
    id              nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    feed            nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_webhook_subscriptions_feed CHECK (feed IN ('engine', 'organisation')),
    owner           nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    url             nvarchar(2048) NOT NULL,
    description     nvarchar(1000) NULL,
    secret          nvarchar(200)  NOT NULL,
    status          nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_webhook_subscriptions_status CHECK (status IN ('active', 'disabled', 'deleted')),
    feed_position   nvarchar(100)  NOT NULL,
    failed_in_row   bigint         NOT NULL,
    created_at      datetimeoffset(7) NOT NULL,
    created_by      nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT uq_webhook_subscriptions_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_webhook_subscriptions_owner ON webhook_subscriptions (feed, owner, seq);

CREATE TABLE webhook_deliveries (
    seq              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_webhook_deliveries PRIMARY KEY CLUSTERED,
    id               nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    subscription_id  nvarchar(100)  COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT fk_webhook_deliveries_subscription REFERENCES webhook_subscriptions (id),
    body             nvarchar(max)  NOT NULL,
    event_count      bigint         NOT NULL,
    status           nvarchar(20)   COLLATE Latin1_General_100_BIN2 NOT NULL
        CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         bigint         NOT NULL,
    next_attempt_at  datetimeoffset(7) NULL,
    last_status_code bigint         NULL,
    last_error       nvarchar(1000) NULL,
    last_response    nvarchar(1024) NULL,
    lease_owner      nvarchar(100)  COLLATE Latin1_General_100_BIN2 NULL,
    lease_until      datetimeoffset(7) NULL,
    created_at       datetimeoffset(7) NOT NULL,
    completed_at     datetimeoffset(7) NULL,
    CONSTRAINT uq_webhook_deliveries_id UNIQUE NONCLUSTERED (id)
);
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, seq);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
