-- One key for the walk of a list and for the statistics: in (created_at, id) order, so
-- that a page of the inbox walks it newest first, and holding the columns the inbox
-- filters on and the statistics count, so that neither reads a message's row before it
-- knows it wants it (a county's messages are 1 % of a province's). It replaces
-- idx_messages_created and idx_messages_stats.
ALTER TABLE messages
    DROP KEY idx_messages_created,
    DROP KEY idx_messages_stats,
    ADD KEY idx_messages_time (created_at, id, station_id, status, accept_due, reply_due, accepted_at,
        replied_at, rating, fulfilled, promise_due_at, unit_id, review);
