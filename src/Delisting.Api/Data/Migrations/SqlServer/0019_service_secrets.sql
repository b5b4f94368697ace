-- Secrets the service makes for itself; see Sqlite/0019_service_secrets.sql.
CREATE TABLE service_secrets (
    name  nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_service_secrets PRIMARY KEY CLUSTERED,
    value nvarchar(200) NOT NULL
);
