-- A subscription's oldest pending delivery by a seek; see Sqlite/0015_webhook_pending_index.sql.
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (subscription_id, status, seq);
