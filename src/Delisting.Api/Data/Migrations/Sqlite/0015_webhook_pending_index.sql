-- A subscription's oldest pending delivery (the only one its sender may send: one in flight, feed order) is found
-- by a seek, however many deliveries the subscription has had.
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (subscription_id, status, seq);
