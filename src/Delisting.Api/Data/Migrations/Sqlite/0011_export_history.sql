-- The compliance export (issue 16) rebuilds every item as it stood at an instant from append-only history. Two
-- facts were kept only as current state until now: the engine's reference given with a report, and a notice's
-- deadline before a resubmission set a new one. Both are recorded from here on.

-- The engine's reference as the item carried it after the report (a report without one keeps the previous one).
ALTER TABLE events ADD COLUMN engine_reference TEXT NULL;

-- Reports stored since the change feeds (0008) left their reference on the organisations' feed rows: the trail is
-- completed from those once, here, through a temporary index so that it takes one look-up per report.
DROP TRIGGER tr_events_no_update;
CREATE INDEX ix_changes_reports_backfill ON changes (notice_seq, engine_id, at)
    WHERE feed = 'organisation' AND type = 'status-changed';
UPDATE events
SET engine_reference = (SELECT c.engine_reference
                        FROM notices n JOIN changes c ON c.notice_seq = n.seq
                        WHERE n.id = events.notice_id AND c.feed = 'organisation' AND c.type = 'status-changed'
                          AND c.engine_id = events.engine_id AND c.at = events.at AND c.to_status = events.to_status
                          AND c.engine_reference IS NOT NULL
                        LIMIT 1)
WHERE type = 'status-changed' AND role = 'engine';
DROP INDEX ix_changes_reports_backfill;
CREATE TRIGGER tr_events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- A notice's deadline, each time a new claim on its withdrawn URL set another: the one it had, the one it took.
-- Its deadline at an instant is the last `deadline` set by then, or else the first `previous_deadline`, or else
-- the notice's own (never reset).
CREATE TABLE notice_deadlines (
    seq               INTEGER NOT NULL PRIMARY KEY,
    notice_seq        INTEGER NOT NULL REFERENCES notices (seq),
    at                TEXT    NOT NULL,
    previous_deadline TEXT    NOT NULL,
    deadline          TEXT    NOT NULL
);
CREATE INDEX ix_notice_deadlines_notice ON notice_deadlines (notice_seq, seq);

CREATE TRIGGER tr_notice_deadlines_no_update BEFORE UPDATE ON notice_deadlines
BEGIN SELECT RAISE(ABORT, 'notice deadlines are append-only'); END;
CREATE TRIGGER tr_notice_deadlines_no_delete BEFORE DELETE ON notice_deadlines
BEGIN SELECT RAISE(ABORT, 'notice deadlines are append-only'); END;
