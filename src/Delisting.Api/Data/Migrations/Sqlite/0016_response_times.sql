-- Urgent orders (contract v1.2): a ruling, an extension and each site window count either complianceDays or an
-- exact response time, stored in whole seconds (PT5M to P30D). compliance_days stays NOT NULL (SQLite cannot drop
-- that without rebuilding rulings, which every table references): it is 0 where response_seconds is set.
ALTER TABLE rulings ADD COLUMN response_seconds INTEGER NULL;
ALTER TABLE ruling_sites ADD COLUMN response_seconds INTEGER NULL;
ALTER TABLE ruling_extensions ADD COLUMN response_seconds INTEGER NULL;
