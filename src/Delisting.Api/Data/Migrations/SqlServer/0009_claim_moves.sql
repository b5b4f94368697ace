-- Claim moves written by the database, set-based; see Sqlite/0009_claim_moves.sql.
CREATE TABLE claim_notices (
    batch_id   bigint        NOT NULL,
    position   bigint        NOT NULL,
    notice_seq bigint        NOT NULL,
    ended      bit           NOT NULL,
    moving     bit           NOT NULL,
    CONSTRAINT pk_claim_notices PRIMARY KEY (batch_id, position)
);

CREATE TABLE claim_moves (
    batch_id    bigint        NOT NULL,
    engine_id   nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    notice_seq  bigint        NOT NULL,
    from_status nvarchar(20)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    to_status   nvarchar(20)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_claim_moves PRIMARY KEY (batch_id, engine_id, notice_seq)
);

ALTER TABLE changes ADD move_batch bigint NULL;
