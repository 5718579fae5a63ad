-- The notices of a publish, change or cancel still to be written: a
-- region-wide activity has over a hundred thousand invitees, so its notices
-- are written in chunks of invitees, each chunk its own short transaction,
-- after the publish has answered. fanout_kind (publish, change, cancel) is
-- NULL when nothing is left to write; fanout_after is the last deputy id
-- written; fanout_version and fanout_change are the event's. A worker
-- continues a fan-out from here after any crash; dedupe keys make a chunk
-- written twice create nothing twice.
ALTER TABLE activities
    ADD COLUMN fanout_kind    VARCHAR(8)      NULL,
    ADD COLUMN fanout_version INT UNSIGNED    NOT NULL DEFAULT 0,
    ADD COLUMN fanout_change  VARCHAR(16)     NOT NULL DEFAULT '',
    ADD COLUMN fanout_after   BIGINT UNSIGNED NOT NULL DEFAULT 0,
    ADD KEY idx_activities_fanout (fanout_kind);
