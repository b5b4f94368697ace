-- The public figures (transparency) fold a ruling's items per engine in the order their URLs were first requested:
-- with the ruling's notices in creation order, counting by creation instant needs no sort of a million rows.
CREATE INDEX ix_notices_ruling_created ON notices (ruling_id, created_at);
