-- Secrets the service makes for itself and that must outlive a restart and be shared by every instance: the key that
-- signs paging cursors (unless `Cursors:Key` is configured). Written once, at first start-up, never changed.
CREATE TABLE service_secrets (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
