-- Urgent orders: see Sqlite/0016_response_times.sql for why. Same columns as that script.
ALTER TABLE rulings ADD response_seconds bigint NULL;
ALTER TABLE ruling_sites ADD response_seconds bigint NULL;
ALTER TABLE ruling_extensions ADD response_seconds bigint NULL;
